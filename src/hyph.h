/* hyph.h: French hyphenation points, from libhyphen and the hyphen-fr
 * patterns.  The layout engine asks it where a word may be broken. */
#ifndef AUTODIAG_HYPH_H
#define AUTODIAG_HYPH_H

#include <stddef.h>

typedef struct hyph hyph;

/* Default pattern file of the hyphen-fr package. */
#define HYPH_FR_DIC "/usr/share/hyphen/hyph_fr.dic"

/* Loads the patterns at path; NULL when they cannot be read (not reported:
 * the caller decides whether to warn and lay out without hyphenation). */
hyph *hyph_load(const char *path);
void hyph_free(hyph *h);
/* Keeps h (loaded from path) for the next hyph_load of path, which takes it
 * instead of loading the file again: the build's theme check loads the
 * patterns once, and every job started after it inherits them.  Frees what
 * was kept before; hyph_keep(NULL, NULL) only frees. */
void hyph_keep(hyph *h, const char *path);

/*
 * Finds the hyphenation points of word[0..len) (UTF-8, letters only, any
 * case).  Writes to breaks[] the character counts after which the word may
 * be broken (ascending, each in [2, nchars - 3]) and returns how many, at
 * most max.  Returns 0 for a NULL h, a short word or anything unusual.
 */
size_t hyph_word(const hyph *h, const char *word, size_t len, size_t *breaks,
		 size_t max);

#endif
