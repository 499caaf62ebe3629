/* buf.h: a growable byte buffer, the one string builder of autodiag.
 *
 * Rules: b->ptr is never NULL and always NUL-terminated (it may hold NUL
 * bytes before b->len); buf_init gives an empty buffer that owns nothing;
 * buf_detach hands the storage to the caller and resets the buffer;
 * buf_release frees it.  Allocation failure aborts (see xmalloc).
 */
#ifndef AUTODIAG_BUF_H
#define AUTODIAG_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct buf {
	char *ptr;
	size_t len;
	size_t cap;
} buf;

#define BUF_INIT { buf_empty, 0, 0 }
extern char buf_empty[];

void buf_init(buf *b);
void buf_release(buf *b);
char *buf_detach(buf *b);
void buf_grow(buf *b, size_t extra);
void buf_add_grow(buf *b, const void *data, size_t len);
void buf_addc_grow(buf *b, int c);
void buf_adds(buf *b, const char *s);

/* Appends len bytes (or one byte c).  Inline when there is room (the
 * appends of a page are a few bytes each, a tenth of the site's
 * instructions as calls); buf.c grows the buffer when there is not. */
static inline void buf_add(buf *b, const void *data, size_t len)
{
	if (!len)	/* data may then be NULL, which memcpy may not be given */
		return;
	if (len < b->cap - b->len) {
		memcpy(b->ptr + b->len, data, len);
		b->len += len;
		b->ptr[b->len] = '\0';
	} else {
		buf_add_grow(b, data, len);
	}
}

static inline void buf_addc(buf *b, int c)
{
	if (b->cap - b->len > 1) {
		b->ptr[b->len++] = (char)c;
		b->ptr[b->len] = '\0';
	} else {
		buf_addc_grow(b, c);
	}
}
void buf_printf(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_reset(buf *b);
void buf_setlen(buf *b, size_t len);

/* Appends a string literal without a strlen call. */
#define BUF_LIT(b, lit) buf_add((b), (lit), sizeof(lit) - 1)

#endif
