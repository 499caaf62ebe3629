/* dynlib.h: a shared library opened on first use, not at start.
 *
 * libmicrohttpd (autodiag serve) and libzip (the resources' ODT files)
 * bring in GnuTLS and OpenSSL's libcrypto with a dozen more libraries:
 * linked at start, they cost every command about 4 ms of loading and
 * relocation (`autodiag --version` 5.4 ms with them, 1.5 ms without),
 * which is a fifth of a 25-fiche site.  serve.c and odt.c open them when
 * they need them. */
#ifndef AUTODIAG_DYNLIB_H
#define AUTODIAG_DYNLIB_H

#include <stddef.h>

/* A function of the library, cast to its own type at the call (see odt.c). */
typedef void (*dyn_fn)(void);

/* For a list X(f) of the functions used: their indexes (DL_f), names, and
 * the call through table t, in f's own type:
 *   enum { FNS(DYNLIB_INDEX) N };  names[N] = { FNS(DYNLIB_NAME) };
 *   #define f DYNLIB_CALL(t, f) */
#define DYNLIB_INDEX(f) DL_##f,
#define DYNLIB_NAME(f) #f,
#define DYNLIB_CALL(t, f) ((__typeof__(f) *)t[DL_##f])

/*
 * Opens soname (once per process; later calls return at once) and resolves
 * names[0..n) into fns[0..n).  Returns 0, or -1 with *error a message that
 * names the library (its dlerror).  Not thread-safe: call it before
 * starting threads that use the library.
 */
int dynlib_open(const char *soname, const char *const *names, dyn_fn *fns, size_t n,
		const char **error);

#endif
