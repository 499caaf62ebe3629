/* layout_cache.c: the lines of paragraphs already laid out, by the exact
 * description of the layout (layout_cache.h).  Reports of one build share
 * most of their paragraphs (the guide's texts, the headings, the labels):
 * of the 30,635 layouts of 50 reports, 20,282 were found here.
 *
 * A key is kept only the second time it is seen, so that the paragraphs
 * of one report alone (names, figures) never push the shared ones out, in
 * a table of fixed size (sets of 4, the least recently found one replaced)
 * with a byte budget, so that memory stays bounded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cache.h"
#include "util.h"

#define CACHE_SETS 4096u
#define CACHE_WAYS 4u
#define SEEN_SLOTS 65536u

struct entry {
	uint64_t hash;
	char *key;
	size_t nkey;
	lay_box *lines;
	size_t n, bytes;
	unsigned long long used;
};

struct lay_cache {
	struct entry slot[CACHE_SETS][CACHE_WAYS];
	uint64_t seen[SEEN_SLOTS];
	size_t bytes, budget, nverified;
	unsigned long long tick;
};

lay_cache *lay_cache_new(size_t budget)
{
	lay_cache *c = xcalloc(1, sizeof *c);

	c->budget = budget;
	return c;
}

static void entry_clear(lay_cache *c, struct entry *e)
{
	if (!e->key)
		return;
	c->bytes -= e->bytes;
	free(e->key);
	lay_lines_free(e->lines, e->n);
	memset(e, 0, sizeof *e);
}

void lay_cache_free(lay_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < CACHE_SETS * CACHE_WAYS; i++)
		entry_clear(c, &c->slot[i / CACHE_WAYS][i % CACHE_WAYS]);
	free(c);
}

static void put_bytes(buf *key, const void *p, size_t n)
{
	buf_add(key, p, n);
}

void lay_cache_key(buf *key, const unsigned *cps, const unsigned *sty, size_t n,
		   const lay_style *styles, size_t nstyles, const lay_env *env,
		   double width, int align)
{
	size_t i, len;
	uintptr_t fn = (uintptr_t)env->width, hy = (uintptr_t)env->hyph;

	buf_reset(key);
	put_bytes(key, &width, sizeof width);
	put_bytes(key, &align, sizeof align);
	put_bytes(key, &env->leading, sizeof env->leading);
	put_bytes(key, &fn, sizeof fn);
	put_bytes(key, &hy, sizeof hy);
	put_bytes(key, &nstyles, sizeof nstyles);
	for (i = 0; i < nstyles; i++) {
		const lay_style *st = &styles[i];
		len = st->uri ? strlen(st->uri) + 1 : 0;
		put_bytes(key, &st->font, sizeof st->font);
		put_bytes(key, &st->size, sizeof st->size);
		put_bytes(key, &st->color, sizeof st->color);
		put_bytes(key, &st->dest, sizeof st->dest);
		put_bytes(key, &len, sizeof len);
		put_bytes(key, st->uri ? st->uri : "", len);
	}
	put_bytes(key, &n, sizeof n);
	put_bytes(key, cps, n * sizeof *cps);
	put_bytes(key, sty, n * sizeof *sty);
}

static uint64_t key_hash(const buf *key)
{
	uint64_t h = 1469598103934665603ull ^ key->len, w;
	size_t i = 0;

	for (; i + 8 <= key->len; i += 8) {
		memcpy(&w, key->ptr + i, 8);
		h = (h ^ w) * 1099511628211ull;
		h ^= h >> 29;
	}
	for (; i < key->len; i++)
		h = (h ^ (unsigned char)key->ptr[i]) * 1099511628211ull;
	return h ? h : 1;
}

/* A copy of n lines, and its size in bytes into *bytes. */
static lay_box *lines_copy(const lay_box *src, size_t n, size_t *bytes)
{
	lay_box *dst = xmalloc((n ? n : 1) * sizeof *dst);
	size_t i, k, size = n * sizeof *dst;

	for (i = 0; i < n; i++) {
		dst[i] = src[i];
		dst[i].cap = src[i].nops;
		dst[i].ops = src[i].nops ? xmalloc(src[i].nops * sizeof(lay_op)) : NULL;
		size += src[i].nops * sizeof(lay_op);
		for (k = 0; k < src[i].nops; k++) {
			lay_op *op = &dst[i].ops[k];
			*op = src[i].ops[k];
			if (op->text) {
				op->text = xstrdup(op->text);
				size += strlen(op->text) + 1;
			}
			if (op->pts) {
				op->pts = xmalloc(op->npts * 2 * sizeof(double));
				memcpy(op->pts, src[i].ops[k].pts, op->npts * 2 * sizeof(double));
				size += op->npts * 2 * sizeof(double);
			}
		}
	}
	*bytes = size;
	return dst;
}

void lay_lines_free(lay_box *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		lay_box_release(&lines[i]);
	free(lines);
}

int lay_cache_get(lay_cache *c, const buf *key, lay_box **lines, size_t *n)
{
	uint64_t h = key_hash(key);
	struct entry *set = c->slot[h % CACHE_SETS], *e;
	size_t bytes, w;

	for (w = 0; w < CACHE_WAYS; w++) {
		e = &set[w];
		if (e->key && e->hash == h && e->nkey == key->len &&
		    !memcmp(e->key, key->ptr, key->len)) {
			e->used = ++c->tick;
			*lines = lines_copy(e->lines, e->n, &bytes);
			*n = e->n;
			return 1;
		}
	}
	return 0;
}

void lay_cache_put(lay_cache *c, const buf *key, const lay_box *lines, size_t n)
{
	uint64_t h = key_hash(key);
	struct entry *set = c->slot[h % CACHE_SETS], *e = &set[0];
	uint64_t *seen = &c->seen[h % SEEN_SLOTS];
	lay_box *copy;
	size_t bytes, w;

	if (*seen != h) { /* the first time: remembered only */
		*seen = h;
		return;
	}
	for (w = 1; w < CACHE_WAYS && e->key; w++) /* an empty way, or the oldest */
		if (!set[w].key || set[w].used < e->used)
			e = &set[w];
	copy = lines_copy(lines, n, &bytes);
	bytes += key->len + sizeof *e;
	entry_clear(c, e);
	if (c->bytes + bytes > c->budget) {
		lay_lines_free(copy, n);
		return;
	}
	e->hash = h;
	e->key = xmalloc(key->len ? key->len : 1);
	memcpy(e->key, key->ptr, key->len);
	e->nkey = key->len;
	e->lines = copy;
	e->n = n;
	e->bytes = bytes;
	e->used = ++c->tick;
	c->bytes += bytes;
}

void lay_cache_verified(lay_cache *c)
{
	c->nverified++;
}

size_t lay_cache_nverified(const lay_cache *c)
{
	return c ? c->nverified : 0;
}

static int str_equal(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static int op_equal(const lay_op *a, const lay_op *b)
{
	return a->kind == b->kind && a->x == b->x && a->y == b->y && a->w == b->w &&
	       a->h == b->h && a->font == b->font && a->size == b->size && a->color == b->color &&
	       a->fill == b->fill && a->line_width == b->line_width && a->dest == b->dest &&
	       str_equal(a->text, b->text) && a->npts == b->npts &&
	       (!a->npts || !memcmp(a->pts, b->pts, a->npts * 2 * sizeof(double)));
}

int lay_lines_equal(const lay_box *a, const lay_box *b, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (a[i].height != b[i].height || a[i].space_before != b[i].space_before ||
		    a[i].keep_with_next != b[i].keep_with_next ||
		    a[i].break_before != b[i].break_before || a[i].section != b[i].section ||
		    a[i].nops != b[i].nops)
			return 0;
		for (k = 0; k < a[i].nops; k++)
			if (!op_equal(&a[i].ops[k], &b[i].ops[k]))
				return 0;
	}
	return 1;
}
