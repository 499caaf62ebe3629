/* hyph.c: French hyphenation through libhyphen (see hyph.h).  Words are
 * lowercased before the lookup, and French typography's minimums apply: at
 * least two letters before a break and three after it. */
#include "hyph.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HYPH_LEFT_MIN 2
#define HYPH_RIGHT_MIN 3
#define HYPH_MAX_WORD 100	/* bytes; longer words are not hyphenated */

struct hyph {
	HyphenDict *dict;
};

/* A pattern line and its letters (the pattern without its digits). */
typedef struct pat_line {
	char *line;
	char key[128];
	size_t order;
} pat_line;

static int pat_cmp(const void *a, const void *b)
{
	const pat_line *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int pat_order_cmp(const void *a, const void *b)
{
	const pat_line *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* Appends the pattern lines of one level to out, keeping only the last of
 * patterns with the same letters: libhyphen keeps the last one too, but
 * leaks the others. */
static void add_level(buf *out, pat_line *v, size_t n)
{
	size_t i, k = 0;

	if (!n)
		return;
	qsort(v, n, sizeof(*v), pat_cmp);
	for (i = 0; i < n; i++)
		if (i + 1 == n || strcmp(v[i].key, v[i + 1].key) != 0)
			v[k++] = v[i];
	qsort(v, k, sizeof(*v), pat_order_cmp);
	for (i = 0; i < k; i++) {
		buf_adds(out, v[i].line);
		buf_addc(out, '\n');
	}
}

static int is_pattern(const char *line)
{
	return *line && *line != '%' && !(*line >= 'A' && *line <= 'Z');
}

/* The pattern file's text without duplicate patterns, in out. */
static void dedupe_patterns(char *text, buf *out)
{
	pat_line *v = NULL;
	size_t n = 0, cap = 0, order = 0;
	char *line = strtok(text, "\r\n");

	for (; line; line = strtok(NULL, "\r\n"), order++) {
		if (!is_pattern(line) || order == 0 || strlen(line) >= 128) {
			add_level(out, v, n);
			n = 0;
			buf_adds(out, line);
			buf_addc(out, '\n');
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n].line = line;
		v[n].order = order;
		{
			size_t k = 0;
			const char *c;
			for (c = line; *c; c++)
				if (*c < '0' || *c > '9')
					v[n].key[k++] = *c;
			v[n].key[k] = '\0';
		}
		n++;
	}
	add_level(out, v, n);
	free(v);
}

/*
 * Whether text looks like patterns libhyphen reads safely: "UTF-8" on the
 * first line (words are UTF-8), then lines of at most 100 bytes (libhyphen
 * reads lines into buffers of that size), each a comment (%), a keyword
 * (LEFTHYPHENMIN 2, NEXTLEVEL...) or a pattern: no space nor control
 * character, at least one letter; and at least one pattern.
 */
static int patterns_valid(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t npat = 0, lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p), i, letters = 0;
		if (n && p[n - 1] == '\r')
			n--;
		if (lineno++ == 0) {
			if (n != 5 || memcmp(p, "UTF-8", 5))
				return 0;
		} else if (n > 100) {
			return 0;
		} else if (n && p[0] != '%' && !(p[0] >= 'A' && p[0] <= 'Z')) {
			for (i = 0; i < n; i++) {
				unsigned char c = (unsigned char)p[i];
				if (c <= ' ' || c == 0x7F)
					return 0;
				if (!(c >= '0' && c <= '9') && c != '.')
					letters++;
			}
			if (!letters)
				return 0;
			npat++;
		}
		p = nl ? nl + 1 : end;
	}
	return npat > 0;
}

static hyph *kept;
static char *kept_path;

void hyph_keep(hyph *h, const char *path)
{
	hyph_free(kept);
	free(kept_path);
	kept = h && path ? h : NULL;
	kept_path = kept ? xstrdup(path) : NULL;
	if (h && !kept)
		hyph_free(h);
}

hyph *hyph_load(const char *path)
{
	buf text = BUF_INIT, clean = BUF_INIT;
	HyphenDict *d = NULL;
	FILE *f;
	hyph *h;

	if (kept && !strcmp(kept_path, path)) {
		h = kept;
		kept = NULL;
		free(kept_path);
		kept_path = NULL;
		return h;
	}
	if (read_file(path, &text) != 0 || utf8_check(text.ptr, text.len) != text.len ||
	    !patterns_valid(text.ptr, text.len)) {
		buf_release(&text);
		return NULL;
	}
	dedupe_patterns(text.ptr, &clean);
	f = fmemopen(clean.ptr, clean.len, "r");
	if (f) {
		d = hnj_hyphen_load_file(f);
		fclose(f);
	}
	buf_release(&text);
	buf_release(&clean);
	if (!d)
		return NULL;
	h = xmalloc(sizeof(*h));
	h->dict = d;
	return h;
}

void hyph_free(hyph *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	free(h);
}

/* Lowercases the Latin letters of s in place; the byte length never changes
 * (A-Z, U+00C0-U+00DE and U+0152 map to letters of the same size). */
static void lower_latin(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z') {
			s[i] = (char)(c + 32);
		} else if (c == 0xC3 && i + 1 < len) {
			unsigned char d = (unsigned char)s[i + 1];
			if (d >= 0x80 && d <= 0x9E && d != 0x97)
				s[i + 1] = (char)(d + 32);
			i++;
		} else if (c == 0xC5 && i + 1 < len &&
			   (unsigned char)s[i + 1] == 0x92) {
			s[i + 1] = (char)0x93;
			i++;
		}
	}
}

/* Number of characters in UTF-8 s[0..len). */
static size_t utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t hyph_word(const hyph *h, const char *word, size_t len, size_t *breaks,
		 size_t max)
{
	char low[HYPH_MAX_WORD + 1], hyphens[HYPH_MAX_WORD + 5];
	char out[2 * HYPH_MAX_WORD + 2];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t i, nch = 0, total, n = 0;

	if (!h || len == 0 || len > HYPH_MAX_WORD)
		return 0;
	total = utf8_count(word, len);
	if (total < HYPH_LEFT_MIN + HYPH_RIGHT_MIN)
		return 0;
	memcpy(low, word, len);
	low[len] = '\0';
	lower_latin(low, len);
	memset(hyphens, 0, sizeof(hyphens));
	out[0] = '\0';
	if (hnj_hyphen_hyphenate3(h->dict, low, (int)len, hyphens, out, &rep,
				  &pos, &cut, HYPH_LEFT_MIN, HYPH_RIGHT_MIN,
				  HYPH_LEFT_MIN, HYPH_RIGHT_MIN) != 0 || rep) {
		/* Non-standard hyphenation changes letters: not for French. */
		if (rep) {
			for (i = 0; i < len; i++)
				free(rep[i]);
			free(rep);
			free(pos);
			free(cut);
		}
		return 0;
	}
	for (i = 0; out[i]; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c == '=') {
			if (nch >= HYPH_LEFT_MIN && nch + HYPH_RIGHT_MIN <= total &&
			    n < max && (n == 0 || breaks[n - 1] < nch))
				breaks[n++] = nch;
		} else if ((c & 0xC0) != 0x80) {
			nch++;
		}
	}
	return nch == total ? n : 0;
}
