/* layout.c: boxes of drawing operations, greedy line breaking with French
 * hyphenation and justification, and pagination (see layout.h). */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cache.h"
#include "util.h"

#define LAY_MAX_BREAKS 32	/* break candidates considered inside a word */
#define LAY_DISPLAY_SIZE 12	/* titles this large are not hyphenated */
#define LAY_ASCENT 0.78		/* baseline below the top of the glyphs, in em */

/* ---- UTF-8 ---- */

unsigned lay_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned cp, need, i;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		cp = p[0] & 0x1F;
		need = 1;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		cp = p[0] & 0x0F;
		need = 2;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		cp = p[0] & 0x07;
		need = 3;
	} else {
		*s += 1;
		return 0xFFFD;
	}
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*s += i;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	*s += need + 1;
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	return cp;
}

size_t lay_utf8_put(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* ---- boxes ---- */

void lay_box_init(lay_box *b)
{
	memset(b, 0, sizeof(*b));
	b->section = -1;
}

void lay_box_release(lay_box *b)
{
	size_t i;

	for (i = 0; i < b->nops; i++) {
		free(b->ops[i].text);
		free(b->ops[i].pts);
	}
	free(b->ops);
	b->ops = NULL;
	b->nops = b->cap = 0;
}

lay_op *lay_box_op(lay_box *b, lay_opkind kind)
{
	lay_op *op;

	if (b->nops == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 8;
		b->ops = xrealloc(b->ops, b->cap * sizeof(*b->ops));
	}
	op = &b->ops[b->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->color = LAY_NONE;
	op->fill = LAY_NONE;
	op->dest = -1;
	return op;
}

void lay_box_text(lay_box *b, const lay_style *st, double x, double y,
		  const char *text)
{
	lay_op *op = lay_box_op(b, OP_TEXT);

	op->x = x;
	op->y = y;
	op->font = st->font;
	op->size = st->size;
	op->color = st->color;
	op->text = xstrdup(text);
}

void lay_box_rect(lay_box *b, double x, double y, double w, double h,
		  unsigned fill, unsigned stroke, double line_width)
{
	lay_op *op = lay_box_op(b, OP_RECT);

	op->x = x;
	op->y = y;
	op->w = w;
	op->h = h;
	op->fill = fill;
	op->color = stroke;
	op->line_width = line_width;
}

void lay_box_line(lay_box *b, double x0, double y0, double x1, double y1,
		  unsigned color, double line_width)
{
	lay_op *op = lay_box_op(b, OP_LINE);

	op->x = x0;
	op->y = y0;
	op->w = x1 - x0;
	op->h = y1 - y0;
	op->color = color;
	op->line_width = line_width;
}

void lay_box_merge(lay_box *dst, lay_box *src, double dx, double dy)
{
	size_t i, k;

	for (i = 0; i < src->nops; i++) {
		lay_op *op = lay_box_op(dst, src->ops[i].kind);
		*op = src->ops[i];
		op->x += dx;
		op->y += dy;
		for (k = 0; k < op->npts; k++) {
			op->pts[2 * k] += dx;
			op->pts[2 * k + 1] += dy;
		}
	}
	free(src->ops);
	src->ops = NULL;
	src->nops = src->cap = 0;
}

void lay_doc_init(lay_doc *d)
{
	memset(d, 0, sizeof(*d));
}

void lay_doc_release(lay_doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		lay_box_release(&d->boxes[i]);
	free(d->boxes);
	lay_doc_init(d);
}

lay_box *lay_doc_add(lay_doc *d, double height)
{
	lay_box *b;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->boxes = xrealloc(d->boxes, d->cap * sizeof(*d->boxes));
	}
	b = &d->boxes[d->n++];
	lay_box_init(b);
	b->height = height;
	return b;
}

lay_box *lay_doc_take(lay_doc *d, lay_box *src)
{
	lay_box *b = lay_doc_add(d, 0);

	*b = *src;
	src->ops = NULL;
	src->nops = src->cap = 0;
	return b;
}

/* ---- paragraphs ---- */

struct lay_para {
	lay_style *styles;
	size_t nstyles, capstyles;
	unsigned *cps;
	unsigned *sty;
	size_t n, cap;
};

lay_para *lay_para_new(void)
{
	return xcalloc(1, sizeof(lay_para));
}

void lay_para_free(lay_para *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nstyles; i++)
		free((char *)p->styles[i].uri);
	free(p->styles);
	free(p->cps);
	free(p->sty);
	free(p);
}

int lay_para_empty(const lay_para *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->cps[i] != ' ')
			return 0;
	return 1;
}

static int style_same(const lay_style *a, const lay_style *b)
{
	if (a->font != b->font || a->size != b->size || a->color != b->color ||
	    a->dest != b->dest)
		return 0;
	if (!a->uri || !b->uri)
		return a->uri == b->uri;
	return strcmp(a->uri, b->uri) == 0;
}

/* Index of st in p's styles, added when new. */
static unsigned para_style(lay_para *p, const lay_style *st)
{
	lay_style *s;

	if (p->nstyles && style_same(&p->styles[p->nstyles - 1], st))
		return (unsigned)(p->nstyles - 1);
	if (p->nstyles == p->capstyles) {
		p->capstyles = p->capstyles ? 2 * p->capstyles : 4;
		p->styles = xrealloc(p->styles, p->capstyles * sizeof(*p->styles));
	}
	s = &p->styles[p->nstyles];
	*s = *st;
	s->uri = st->uri ? xstrdup(st->uri) : NULL;
	return (unsigned)p->nstyles++;
}

static void para_push(lay_para *p, unsigned cp, unsigned sty)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->cps = xrealloc(p->cps, p->cap * sizeof(*p->cps));
		p->sty = xrealloc(p->sty, p->cap * sizeof(*p->sty));
	}
	p->cps[p->n] = cp;
	p->sty[p->n] = sty;
	p->n++;
}

static int is_space(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == '\f' || cp == '\v';
}

void lay_para_newline(lay_para *p, const lay_style *st)
{
	unsigned sty = para_style(p, st);

	if (p->n && p->cps[p->n - 1] == ' ')
		p->n--;
	para_push(p, LAY_NEWLINE, sty);
}

void lay_para_add(lay_para *p, const lay_style *st, const char *text)
{
	unsigned sty;

	if (!text || !*text)
		return;
	sty = para_style(p, st);
	while (*text) {
		unsigned cp = lay_utf8_next(&text);
		if (is_space(cp)) {
			if (p->n == 0 || p->cps[p->n - 1] == ' ' ||
			    p->cps[p->n - 1] == LAY_NEWLINE)
				continue;
			cp = ' ';
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			continue;	/* control characters draw nothing */
		}
		para_push(p, cp, sty);
	}
}

/* What line breaking works on: the paragraph's characters, measured. */
typedef struct breaker {
	const lay_para *p;
	const lay_env *env;
	unsigned *cps;	/* after font substitution */
	double *w;	/* widths in points */
	size_t n;
	double width;
	/* per character: where its word ends (the next space or line break),
	 * and whether that word may be hyphenated (no digit, @, / or _):
	 * computed once, so that breaking a word of n characters into many
	 * lines costs O(n), not O(n) per line */
	size_t *wend;
	unsigned char *plain;
} breaker;

static double style_char_width(const lay_env *env, const lay_style *st,
			       unsigned *cp)
{
	return env->width(env->ctx, st->font, cp) * st->size / 1000.0;
}

static double hyphen_width(const breaker *b, size_t last)
{
	unsigned cp = '-';
	return style_char_width(b->env, &b->p->styles[b->p->sty[last]], &cp);
}

static int is_letter(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return 1;
	if (cp >= 0xC0 && cp <= 0x24F)
		return cp != 0xD7 && cp != 0xF7;
	return 0;
}

/* Sum of widths of chars [a, e). */
static double span_width(const breaker *b, size_t a, size_t e)
{
	double w = 0;

	for (; a < e; a++)
		w += b->w[a];
	return w;
}

/* Adds the hyphenation points of the letter run [a, e) to brk/hy. */
static size_t letter_breaks(const breaker *b, size_t a, size_t e, size_t *brk,
			    int *hy, size_t nb)
{
	char word[512];
	size_t len = 0, pts[LAY_MAX_BREAKS], k, np;

	if (!b->env->hyph || e - a < 5 || e - a > 100 ||
	    b->p->styles[b->p->sty[a]].size >= LAY_DISPLAY_SIZE)
		return nb;
	for (k = a; k < e; k++)
		len += lay_utf8_put(word + len, b->p->cps[k]);
	np = hyph_word(b->env->hyph, word, len, pts, LAY_MAX_BREAKS);
	for (k = 0; k < np && nb < LAY_MAX_BREAKS; k++) {
		brk[nb] = a + pts[k];
		hy[nb++] = 1;
	}
	return nb;
}

/*
 * Where the word [j, e) may be broken: brk[i] is the index of the first
 * character after the break, hy[i] whether a hyphen is added.  Ascending.
 */
static size_t word_breaks(const breaker *b, size_t j, size_t e, size_t *brk,
			  int *hy)
{
	size_t k, nb = 0, run = j;
	int plain = b->plain[j];

	for (k = j; k <= e && nb < LAY_MAX_BREAKS; k++) {
		unsigned c = k < e ? b->p->cps[k] : 0;
		if (k < e && is_letter(c))
			continue;
		if (plain)
			nb = letter_breaks(b, run, k, brk, hy, nb);
		run = k + 1;
		if (k + 1 < e && k > j && nb < LAY_MAX_BREAKS &&
		    (c == '-' || c == 0x2010 || c == '/')) {
			brk[nb] = k + 1;
			hy[nb++] = 0;
		}
	}
	return nb;
}

/* The line [s, *end) chosen: returns where the next line starts. */
typedef struct line_pick {
	size_t end;
	int hyphen;
	size_t next;
} line_pick;

/* Tries to break the word [j, e) so that its head fits in room. */
static int split_word(const breaker *b, size_t j, size_t e, double room,
		      line_pick *lp)
{
	size_t brk[LAY_MAX_BREAKS];
	int hy[LAY_MAX_BREAKS];
	size_t nb, i, cut = j;
	double w0 = 0;

	/* No break past the first character that overflows the room can be
	 * chosen: look only a little further (a letter run of up to 100 is
	 * hyphenated whole), which bounds the work per line. */
	while (cut < e && w0 <= room)
		w0 += b->w[cut++];
	if (e - cut > 128)
		e = cut + 128;
	nb = word_breaks(b, j, e, brk, hy);

	for (i = nb; i-- > 0;) {
		double w = span_width(b, j, brk[i]);
		if (hy[i])
			w += hyphen_width(b, brk[i] - 1);
		if (w <= room) {
			lp->end = brk[i];
			lp->hyphen = hy[i];
			lp->next = brk[i];
			return 1;
		}
	}
	return 0;
}

/* Picks the line that starts at s (a non-space character). */
static line_pick pick_line(const breaker *b, size_t s)
{
	line_pick lp = { s, 0, s };
	double used = 0;
	size_t j = s, k;

	while (j < b->n) {
		size_t e = j;
		double gap = j > s ? b->w[j - 1] : 0, ww;

		e = b->wend[j];
		/* the word's width, summed only as far as it may fit */
		for (ww = 0, k = j; k < e && used + gap + ww <= b->width; k++)
			ww += b->w[k];
		if (used + gap + ww <= b->width) {
			used += gap + ww;
			lp.end = e;
			lp.next = e < b->n ? e + 1 : e;
			j = lp.next;
			if (e < b->n && b->p->cps[e] == LAY_NEWLINE)
				return lp;
			continue;
		}
		if (split_word(b, j, e, b->width - used - gap, &lp))
			return lp;
		if (j == s) {	/* a word wider than the line: cut it */
			k = j + 1;
			used = b->w[j];
			while (k < e && used + b->w[k] <= b->width)
				used += b->w[k++];
			lp.end = k;
			lp.next = k;
		}
		return lp;
	}
	return lp;
}

/* Emits the text op of chars [a, e) (and the hyphen) at x. */
static void emit_frag(const breaker *b, lay_box *box, size_t a, size_t e,
		      int hyphen, double x, double base, double h)
{
	const lay_style *st = &b->p->styles[b->p->sty[a]];
	char *text = xmalloc(4 * (e - a) + 2);
	size_t len = 0, k;
	double w = span_width(b, a, e);
	lay_op *op;

	for (k = a; k < e; k++)
		len += lay_utf8_put(text + len, b->cps[k]);
	if (hyphen) {
		text[len++] = '-';
		w += hyphen_width(b, e - 1);
	}
	text[len] = '\0';
	lay_box_text(box, st, x, base, text);
	free(text);
	if (st->uri || st->dest >= 0) {
		/* One annotation for a link of several words. */
		size_t k2 = box->nops;
		while (k2-- > 0) {
			op = &box->ops[k2];
			if (op->kind != OP_LINK && op->kind != OP_TEXT)
				break;
			if (op->kind != OP_LINK)
				continue;
			if (op->dest == st->dest && (op->text && st->uri ?
				   strcmp(op->text, st->uri) == 0 : op->text == st->uri)) {
				op->w = x + w - op->x;
				return;
			}
			break;
		}
		op = lay_box_op(box, OP_LINK);
		op->x = x;
		op->y = 0;
		op->w = w;
		op->h = h;
		op->text = st->uri ? xstrdup(st->uri) : NULL;
		op->dest = st->dest;
	}
}

/* Makes the box of line [s, lp.end). */
static void make_line(const breaker *b, size_t s, const line_pick *lp,
		      int last, int align, lay_box *box)
{
	double maxsize = 0, natural, extra, gap = 0, x = 0, base;
	size_t k, spaces = 0, a;

	for (k = s; k < lp->end || k == s; k++) {
		double sz = b->p->styles[b->p->sty[k < b->p->n ? k : s]].size;
		if (sz > maxsize)
			maxsize = sz;
		if (b->p->cps[k] == ' ')
			spaces++;
	}
	natural = span_width(b, s, lp->end) +
		  (lp->hyphen ? hyphen_width(b, lp->end - 1) : 0);
	extra = b->width - natural;
	if (extra < 0)
		extra = 0;
	if (align == LA_JUSTIFY && !last && spaces)
		gap = extra / (double)spaces;
	else if (align == LA_CENTER)
		x = extra / 2;
	else if (align == LA_RIGHT)
		x = extra;
	lay_box_init(box);
	box->height = maxsize * b->env->leading;
	base = (box->height - maxsize) / 2 + LAY_ASCENT * maxsize;
	for (a = s; a < lp->end;) {
		size_t e = a;
		if (b->p->cps[a] == ' ') {
			x += b->w[a] + gap;
			a++;
			continue;
		}
		/* Without stretching, words of one style share one text op. */
		while (e < lp->end && b->p->sty[e] == b->p->sty[a] &&
		       (b->p->cps[e] != ' ' || gap == 0))
			e++;
		emit_frag(b, box, a, e, lp->hyphen && e == lp->end, x, base,
			  box->height);
		x += span_width(b, a, e);
		a = e;
	}
}

/* The lines of b's paragraph, its widths measured (*n of them). */
static lay_box *break_lines(breaker *b, int align, size_t *n)
{
	const lay_para *p = b->p;
	lay_box *lines = NULL;
	size_t cap = 0, s = 0, k, end;
	int plain = 1;

	*n = 0;
	b->wend = xmalloc((p->n + 1) * sizeof(*b->wend));
	b->plain = xmalloc(p->n + 1);
	for (k = p->n, end = p->n; k-- > 0;) {
		unsigned c = p->cps[k];
		if (c == ' ' || c == LAY_NEWLINE) {
			b->wend[k] = k;
			b->plain[k] = 1;
			end = k;
			plain = 1;
			continue;
		}
		if ((c >= '0' && c <= '9') || c == '@' || c == '/' || c == '_')
			plain = 0;
		b->wend[k] = end;
		b->plain[k] = (unsigned char)plain;
	}
	/* plain must hold for the whole word: spread it back from its end */
	for (k = 0; k < p->n; k++)
		if (b->wend[k] > k && k > 0 && b->wend[k - 1] == b->wend[k])
			b->plain[k] = b->plain[k - 1];
	while (b->n > 0 && (p->cps[b->n - 1] == ' ' || p->cps[b->n - 1] == LAY_NEWLINE))
		b->n--;
	while (s < b->n) {
		line_pick lp;
		if (p->cps[s] == ' ') {
			s++;
			continue;
		}
		if (p->cps[s] == LAY_NEWLINE) {	/* an empty line */
			lp.end = s;
			lp.hyphen = 0;
			lp.next = s + 1;
		} else {
			lp = pick_line(b, s);
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		make_line(b, s, &lp,
			  lp.next >= b->n || (lp.end < b->n && p->cps[lp.end] == LAY_NEWLINE),
			  align, &lines[(*n)++]);
		s = lp.next;
	}
	free(b->wend);
	free(b->plain);
	return lines;
}

/*
 * Measures, for a paragraph found in the cache, the first character of
 * each font it uses, in the order they first appear: measuring loads a
 * font into the document (the first time), and the order of those loads
 * is the order of the PDF's objects.  The other characters' widths are
 * in the lines already.  Returns 0 at a font out of the enum's range, the
 * caller then measuring every character (in order: the same loads).
 */
static int touch_fonts(const lay_para *p, const lay_env *env)
{
	unsigned seen = 0;
	size_t k;

	for (k = 0; k < p->n; k++) {
		const lay_style *st = &p->styles[p->sty[k]];
		unsigned cp = p->cps[k];
		if (st->font < 0 || st->font >= LF_COUNT)
			return 0;
		if (seen & 1u << st->font)
			continue;
		seen |= 1u << st->font;
		style_char_width(env, st, &cp);
	}
	return 1;
}

/*
 * With a cache, a paragraph found there is given its kept lines (copied);
 * one whose characters had to be replaced (and reported) is never kept.
 * In verify mode, one found is laid out again and compared.
 */
lay_box *lay_para_lines(const lay_para *p, const lay_env *env, double width,
			int align, size_t *n)
{
	static buf key = BUF_INIT;
	breaker b = { p, env, NULL, NULL, p->n, width, NULL, NULL };
	lay_box *lines, *found = NULL;
	size_t k, nfound = 0;
	int kept = env->cache != NULL;

	if (kept) {
		lay_cache_key(&key, p->cps, p->sty, p->n, p->styles, p->nstyles, env, width,
			      align);
		if (lay_cache_get(env->cache, &key, &found, &nfound) && !env->cache_verify) {
			if (touch_fonts(p, env)) {
				*n = nfound;
				return found;
			}
			lay_lines_free(found, nfound);
			found = NULL;
		}
	}
	b.cps = xmalloc((p->n + 1) * sizeof(*b.cps));
	b.w = xmalloc((p->n + 1) * sizeof(*b.w));
	for (k = 0; k < p->n; k++) {
		b.cps[k] = p->cps[k];
		b.w[k] = style_char_width(env, &p->styles[p->sty[k]], &b.cps[k]);
		if (b.cps[k] != p->cps[k] && p->cps[k] != LAY_NEWLINE)
			kept = 0;
	}
	lines = break_lines(&b, align, n);
	if (found) {
		if (!kept || nfound != *n || !lay_lines_equal(found, lines, *n)) {
			fprintf(stderr, "autodiag: a paragraph laid out differs from its cached lines\n");
			abort();
		}
		lay_lines_free(found, nfound);
		lay_cache_verified(env->cache);
	} else if (kept) {
		lay_cache_put(env->cache, &key, lines, *n);
	}
	free(b.cps);
	free(b.w);
	return lines;
}

double lay_text_width(const lay_env *env, const lay_style *st, const char *text)
{
	double w = 0;

	while (text && *text) {
		unsigned cp = lay_utf8_next(&text);
		w += style_char_width(env, st, &cp);
	}
	return w;
}

/* ---- pagination ---- */

/* Height needed from box i on to satisfy keep_with_next (capped). */
static double chain_height(const lay_doc *d, size_t i, double limit)
{
	double h = d->boxes[i].height;
	size_t k = i;

	while (d->boxes[k].keep_with_next && k + 1 < d->n &&
	       !d->boxes[k + 1].break_before) {
		k++;
		h += d->boxes[k].space_before + d->boxes[k].height;
		if (h > limit)
			return d->boxes[i].height;
	}
	return h;
}

/* Where to cut box b (taller than height): below the lowest line of text
 * that ends within height, so that no line is cut in two; height itself
 * when no line ends there. */
static double cut_point(const lay_box *b, double height)
{
	double cut = 0;
	size_t i;

	for (i = 0; i < b->nops; i++) {
		const lay_op *op = &b->ops[i];
		double bottom = op->y + (1 - LAY_ASCENT) * op->size;
		if (op->kind == OP_TEXT && bottom <= height && bottom > cut)
			cut = bottom;
	}
	/* a line whose glyphs straddle the cut goes down whole */
	for (i = 0; i < b->nops; i++) {
		const lay_op *op = &b->ops[i];
		if (op->kind == OP_TEXT && op->y - LAY_ASCENT * op->size < cut &&
		    op->y + (1 - LAY_ASCENT) * op->size > cut && op->y - LAY_ASCENT * op->size > 0)
			cut = op->y - LAY_ASCENT * op->size;
	}
	return cut > height / 4 ? cut : height;
}

/* Moves op into the box `to`, shifted up by dy. */
static void op_move(lay_box *to, lay_op *op, double dy)
{
	lay_op *o = lay_box_op(to, op->kind);
	size_t k;

	*o = *op;
	o->y -= dy;
	for (k = 0; o->pts && k < o->npts; k++)
		o->pts[2 * k + 1] -= dy;
	memset(op, 0, sizeof *op);
}

/*
 * Splits b (taller than height) at a line boundary into b (the top part)
 * and *rest (what follows, its own box): rectangles, rules and links that
 * cross the cut are split in two, so a background or a border carries on
 * on the next page.  Nothing is dropped.
 */
static void split_box(lay_box *b, double height, lay_box *rest)
{
	double cut = cut_point(b, height);
	lay_box top;
	size_t i;

	lay_box_init(&top);
	lay_box_init(rest);
	for (i = 0; i < b->nops; i++) {
		lay_op *op = &b->ops[i];
		double y0 = op->y, y1 = op->y, t;
		int side;	/* 1 top, 0 rest, -1 split */

		if (op->kind == OP_RECT || op->kind == OP_LINK || op->kind == OP_LINE)
			y1 = op->y + op->h;
		if (y1 < y0)
			t = y0, y0 = y1, y1 = t;
		if (op->kind == OP_POLY && op->pts) {
			size_t k;
			for (k = 0, y0 = y1 = op->pts[1]; k < op->npts; k++) {
				if (op->pts[2 * k + 1] < y0)
					y0 = op->pts[2 * k + 1];
				if (op->pts[2 * k + 1] > y1)
					y1 = op->pts[2 * k + 1];
			}
		}
		if (op->kind == OP_TEXT || op->kind == OP_ANCHOR || op->kind == OP_POLY)
			side = y0 < cut;	/* a line of text by its baseline */
		else if (y1 <= cut)
			side = 1;
		else if (y0 >= cut)
			side = 0;
		else if (op->kind == OP_LINE && op->w != 0)
			side = 1;	/* a slanted rule: not split */
		else
			side = -1;
		if (side == 1) {
			op_move(&top, op, 0);
		} else if (side == 0) {
			op_move(rest, op, cut);
		} else {
			/* crosses the cut: one part on each side */
			lay_op *o = lay_box_op(rest, op->kind);
			*o = *op;
			o->text = op->text ? xstrdup(op->text) : NULL;
			o->y = 0;
			o->h = y1 - cut;
			op->y = y0;
			op->h = cut - y0;
			op_move(&top, op, 0);
		}
	}
	rest->height = b->height - cut;
	rest->keep_with_next = b->keep_with_next;
	rest->section = -1;
	top.height = cut;
	top.space_before = b->space_before;
	top.break_before = b->break_before;
	top.section = b->section;
	lay_box_release(b);
	*b = top;
}

/* Replaces every box taller than height by boxes that fit (split_box). */
static void split_tall(lay_doc *d, double height)
{
	lay_doc out;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->boxes[i].height > height + 1e-6)
			break;
	if (i == d->n || height <= 0)
		return;
	lay_doc_init(&out);
	for (i = 0; i < d->n; i++) {
		lay_box b = d->boxes[i];
		while (b.height > height + 1e-6) {
			lay_box rest;
			split_box(&b, height, &rest);
			lay_doc_take(&out, &b);
			lay_box_release(&b);
			b = rest;
		}
		lay_doc_take(&out, &b);
		lay_box_release(&b);
	}
	free(d->boxes);
	*d = out;
}

int lay_paginate(lay_doc *d, double height)
{
	int page = 0, used = 0;
	double y = 0;
	size_t i;

	/* content is never cut off: what is taller than a page flows on */
	split_tall(d, height);

	for (i = 0; i < d->n; i++) {
		lay_box *b = &d->boxes[i];
		double sb, need;

		if (b->break_before && used) {
			page++;
			y = 0;
			used = 0;
		}
		sb = used ? b->space_before : 0;
		need = sb + chain_height(d, i, height);
		if (used && y + need > height + 1e-6) {
			page++;
			y = 0;
			used = 0;
			sb = 0;
		}
		b->page = page;
		b->y = y + sb;
		y += sb + b->height;
		used = 1;
	}
	return page + 1;
}
