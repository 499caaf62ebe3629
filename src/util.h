/* util.h: the out-of-memory policy, file reading and UTF-8 checks. */
#ifndef AUTODIAG_UTIL_H
#define AUTODIAG_UTIL_H

#include <stddef.h>

#include "buf.h"

/* Allocation never returns NULL: on failure it reports and aborts. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void die_oom(void);

/* Largest input file read, in bytes. */
#define MAX_FILE_SIZE (8u << 20)

/*
 * Reads the whole file at path into out (appended).  Returns 0, or -1 with
 * errno set (EFBIG when it exceeds MAX_FILE_SIZE, EISDIR for a directory).
 */
int read_file(const char *path, buf *out);

/*
 * Checks that s[0..len) is valid UTF-8 with no NUL byte.  Returns the offset
 * of the first bad byte, or len when all is valid.
 */
size_t utf8_check(const char *s, size_t len);

/* Line and column (1-based, columns in characters) of offset off in s. */
void text_position(const char *s, size_t off, int *line, int *col);
/* The same, going on from *line and *col at offset from to offset to. */
void text_advance(const char *s, size_t from, size_t to, int *line, int *col);

/* Writes data to path atomically enough for a fresh tree: 0 or -1/errno. */
int write_file(const char *path, const char *data, size_t len);

/* mkdir -p; 0 or -1 with errno. */
int make_dirs(const char *path);

/* Shortest "%.*g" form of d that reads back to the same double. */
void fmt_double(buf *out, double d);
/* printf's "%.*f" of d (decimals 0 to 4), without printf when the rounding
 * is clear from the double product (nearly always). */
void fmt_fixed(buf *out, double d, int decimals);

/* Whether s is a non-empty id of [a-z0-9-]. */
int id_valid(const char *s);

/* Whether d is a real calendar date written YYYY-MM-DD (1900 or later). */
int date_valid(const char *d);

#endif
