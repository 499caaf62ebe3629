/* pdf_hpdf.h: what pdf_hpdf.c and pdf_hpdf_font.c, which replace libharu
 * internals, share: the mode (AUTODIAG_LIBHARU), libharu's own functions,
 * and a growable byte buffer.  Private to those two files. */
#ifndef AUTODIAG_PDF_HPDF_H
#define AUTODIAG_PDF_HPDF_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

/* MODE_OWN: the replacements; MODE_LIBHARU: libharu's own functions
 * (AUTODIAG_LIBHARU=1, or another libharu version); MODE_VERIFY: both,
 * compared (AUTODIAG_LIBHARU=verify). */
enum { MODE_OWN, MODE_LIBHARU, MODE_VERIFY };

extern int pdf_hpdf_mode_now; /* -1 until pdf_hpdf_mode_init */
int pdf_hpdf_mode_init(void);

static inline int hpdf_mode(void)
{
	return pdf_hpdf_mode_now >= 0 ? pdf_hpdf_mode_now : pdf_hpdf_mode_init();
}

/* libharu's own definition of name (the next one after this executable's),
 * or NULL. */
void *pdf_hpdf_own(const char *name);

/* Bytes being built; failed once an allocation failed (then nothing more
 * is added).  p is malloc's, freed by the user. */
typedef struct obuf {
	unsigned char *p;
	size_t n, cap;
	int failed;
} obuf;

void ob_add(obuf *o, const void *s, size_t n);
void ob_u16(obuf *o, unsigned v); /* big-endian */
void ob_u32(obuf *o, uint32_t v);
/* Appends the bytes of stream m, read from its start; 0 on failure. */
int ob_stream(obuf *o, HPDF_Stream m);

/* Drops what pdf_hpdf_type0.c recorded of def (libharu frees it). */
void pdf_hpdf_type0_forget(HPDF_FontDef def);
/* data (n bytes) as libharu writes binary: two upper-case hex digits a
 * byte, into out (2 n bytes); returns the end. */
char *pdf_hpdf_hex(char *out, const unsigned char *data, size_t n);
/* The bytes HPDF_Array_Write writes for a, an array of numbers and of such
 * arrays, into o; 0 for another array. */
int pdf_hpdf_array_bytes(HPDF_Array a, obuf *o);
/* a (empty) is written as the n bytes at p, which stay until
 * pdf_hpdf_arrays_forget, called when the document goes. */
void pdf_hpdf_array_known(HPDF_Array a, const void *p, size_t n);
void pdf_hpdf_arrays_forget(void);

#endif
