/* layout.h: the PDF back-end's layout engine, independent of any PDF
 * library.  Text is measured through a callback, broken into justified,
 * hyphenated lines, turned into boxes of drawing operations, and the boxes
 * are paginated (headings kept with what follows).  pdf*.c then draws them. */
#ifndef AUTODIAG_LAYOUT_H
#define AUTODIAG_LAYOUT_H

#include <stddef.h>

#include "hyph.h"

enum lay_font { LF_REGULAR, LF_BOLD, LF_ITALIC, LF_BOLDITALIC, LF_MONO, LF_COUNT };
enum lay_align { LA_LEFT, LA_JUSTIFY, LA_CENTER, LA_RIGHT };

/* How a piece of text looks, and where it links to. */
typedef struct lay_style {
	int font;		/* enum lay_font */
	double size;		/* points */
	unsigned color;		/* 0xRRGGBB */
	const char *uri;	/* external link (copied), or NULL */
	int dest;		/* internal link: an anchor id, or -1 */
} lay_style;

/*
 * Width of code point *cp in font, in thousandths of the font size.  It may
 * replace *cp by a character the font has (and report the missing one).
 */
typedef double (*lay_width_fn)(void *ctx, int font, unsigned *cp);

/* Paragraphs already broken into lines (layout_cache.c). */
typedef struct lay_cache lay_cache;

typedef struct lay_env {
	lay_width_fn width;
	void *ctx;
	const hyph *hyph;	/* NULL: no hyphenation */
	double leading;		/* line height / font size, e.g. 1.35 */
	lay_cache *cache;	/* NULL: every paragraph broken again */
	int cache_verify;	/* break the found ones again, abort if they differ */
} lay_env;

/* A cache holding at most about budget bytes of lines, for layouts whose
 * width function measures with the same fonts; freed with lay_cache_free. */
lay_cache *lay_cache_new(size_t budget);
void lay_cache_free(lay_cache *c);

typedef enum lay_opkind {
	OP_TEXT,	/* text at (x, y): y is the baseline */
	OP_RECT,	/* rectangle (x, y) top-left, w x h; fill and/or stroke */
	OP_LINE,	/* from (x, y) to (x + w, y + h) */
	OP_POLY,	/* closed polygon pts; fill and/or stroke */
	OP_LINK,	/* clickable (x, y, w, h): uri, or dest >= 0 */
	OP_ANCHOR	/* destination `dest` at y */
} lay_opkind;

#define LAY_NONE 0xFFFFFFFFu	/* no fill / no stroke */

/* One drawing operation; coordinates in points relative to its box: x from
 * the left margin, y downwards from the top of the box. */
typedef struct lay_op {
	lay_opkind kind;
	double x, y, w, h;
	int font;
	double size;
	unsigned color;		/* text or stroke colour, or LAY_NONE */
	unsigned fill;		/* fill colour, or LAY_NONE */
	double line_width;
	char *text;		/* OP_TEXT: UTF-8; OP_LINK: uri or NULL */
	int dest;		/* OP_LINK / OP_ANCHOR */
	double *pts;		/* OP_POLY: x0, y0, x1, y1... */
	size_t npts;		/* number of points */
} lay_op;

/* A vertical box: what the paginator places. */
typedef struct lay_box {
	double height;
	double space_before;	/* dropped at the top of a page */
	int keep_with_next;	/* must be on the same page as the next box */
	int break_before;	/* starts a new page */
	int section;		/* running header from here on, or -1 */
	lay_op *ops;
	size_t nops, cap;
	int page;		/* set by lay_paginate, 0-based */
	double y;		/* set by lay_paginate: top in the text area */
} lay_box;

typedef struct lay_doc {
	lay_box *boxes;
	size_t n, cap;
} lay_doc;

void lay_doc_init(lay_doc *d);
void lay_doc_release(lay_doc *d);
/* Appends an empty box of the given height; the pointer is valid until
 * the next append. */
lay_box *lay_doc_add(lay_doc *d, double height);
/* Appends a copy of box b (its ops are moved: b is left empty). */
lay_box *lay_doc_take(lay_doc *d, lay_box *b);

void lay_box_init(lay_box *b);
void lay_box_release(lay_box *b);
lay_op *lay_box_op(lay_box *b, lay_opkind kind);
void lay_box_text(lay_box *b, const lay_style *st, double x, double y,
		  const char *text);
void lay_box_rect(lay_box *b, double x, double y, double w, double h,
		  unsigned fill, unsigned stroke, double line_width);
void lay_box_line(lay_box *b, double x0, double y0, double x1, double y1,
		  unsigned color, double line_width);
/* Moves every op of src into dst, shifted by (dx, dy). */
void lay_box_merge(lay_box *dst, lay_box *src, double dx, double dy);

/* A paragraph being assembled from styled runs. */
typedef struct lay_para lay_para;

lay_para *lay_para_new(void);
void lay_para_free(lay_para *p);
/* Appends text (UTF-8; runs of white space become one space). */
void lay_para_add(lay_para *p, const lay_style *st, const char *text);
/* Ends the current line there (a Markdown hard line break). */
void lay_para_newline(lay_para *p, const lay_style *st);
#define LAY_NEWLINE 0x2028u
/* Whether nothing but white space was added. */
int lay_para_empty(const lay_para *p);

/*
 * Breaks p into lines of at most width points and returns them as boxes
 * (*n of them, each one line, ops from x = 0), which the caller releases and
 * frees.  Justified lines fill the width, except the last one.
 */
lay_box *lay_para_lines(const lay_para *p, const lay_env *env, double width,
			int align, size_t *n);

/* Width in points of text in style st (no breaking). */
double lay_text_width(const lay_env *env, const lay_style *st, const char *text);

/*
 * Assigns every box of d a page and a position in a text area of the given
 * height: a box that does not fit starts a page, so do boxes with
 * break_before, and a box with keep_with_next goes with the next one.
 * Returns the number of pages.
 */
int lay_paginate(lay_doc *d, double height);

/* Decodes one UTF-8 character at s (advancing it); invalid bytes give U+FFFD. */
unsigned lay_utf8_next(const char **s);
/* Appends cp as UTF-8 to out (room for 4 bytes); returns the bytes written. */
size_t lay_utf8_put(char *out, unsigned cp);

#endif
