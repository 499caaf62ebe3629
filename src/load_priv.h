/* load_priv.h: the checking helpers of load.c that the other loaders
 * (load_collections.c) share, so that every content file is read, split
 * and checked the same way.  Internal to the loaders. */
#ifndef AUTODIAG_LOAD_PRIV_H
#define AUTODIAG_LOAD_PRIV_H

#include <stddef.h>

#include "buf.h"
#include "ydoc.h"

/* The file being read and whether an error was reported in it. */
typedef struct src {
	const char *file;
	int failed;
} src;

/* Reports the error at n (1:1 when n is NULL) and marks s failed. */
void load_error(src *s, const ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reports keys of map not listed in allowed (NULL-terminated). */
void load_check_keys(src *s, const ynode *map, const char *what, const char *const *allowed);
/* The value of key (NULL for a YAML null), reported when required and missing. */
ynode *load_field(src *s, const ynode *map, const char *key, int required, const char *what);
/* A scalar as a new string, or NULL (reported when n is not a scalar). */
char *load_string(src *s, const ynode *n, const char *key);
/* Whether n is a mapping (a list); reports it when not. */
int load_expect_map(src *s, const ynode *n, const char *what);
int load_expect_list(src *s, const ynode *n, const char *what);

/*
 * Reads path into b: 0, or 1 (file too large) or 3 (I/O), reported.  Then
 * load_text_start checks its UTF-8 and returns where the text starts (after
 * a BOM), or -1 (reported).
 */
int load_read_text(const char *path, buf *b);
long load_text_start(src *s, const buf *b);

/*
 * Splits a Markdown file into front matter [*fm, *fm_len) and body (from
 * *body on, at file line *body_line); what ("a fiche") names the file in
 * messages.  Returns 0, or -1 (reported).
 */
int load_split_front(src *s, const char *what, const char *text, size_t len, const char **fm,
		     size_t *fm_len, const char **body, int *body_line);

/*
 * The names in dir ending in suffix, sorted, into *names (freed by the
 * caller): their count, -1 when dir cannot be read (errno set), -2 when
 * there are more than limit.
 */
long load_list_dir(const char *dir, const char *suffix, char ***names, size_t limit);

#endif
