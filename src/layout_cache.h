/* layout_cache.h: paragraphs already broken into lines, kept for the next
 * document that lays out the same one (layout.c). */
#ifndef AUTODIAG_LAYOUT_CACHE_H
#define AUTODIAG_LAYOUT_CACHE_H

#include <stddef.h>

#include "buf.h"
#include "layout.h"

/*
 * The exact description of a layout into key: the characters with their
 * styles, the width, alignment, leading, hyphenation patterns and width
 * function.  The fonts behind the width function are those of the cache's
 * owner, which empties it when they change (lay_cache_free).
 */
void lay_cache_key(buf *key, const unsigned *cps, const unsigned *sty, size_t n,
		   const lay_style *styles, size_t nstyles, const lay_env *env,
		   double width, int align);

/* The lines kept for key, copied into *lines (*n of them); 1 on a hit. */
int lay_cache_get(lay_cache *c, const buf *key, lay_box **lines, size_t *n);

/* Offers lines (n of them) for key: kept (copied) when key was seen
 * before and there is room. */
void lay_cache_put(lay_cache *c, const buf *key, const lay_box *lines, size_t n);

/* Counts a paragraph found here and laid out again the same (verify
 * mode); lay_cache_nverified says how many were. */
void lay_cache_verified(lay_cache *c);
size_t lay_cache_nverified(const lay_cache *c);

/* Whether a and b (n lines each) hold the same operations. */
int lay_lines_equal(const lay_box *a, const lay_box *b, size_t n);

/* Releases and frees n lines. */
void lay_lines_free(lay_box *lines, size_t n);

#endif
