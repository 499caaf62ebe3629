/* par.h: a loop over independent items run by several threads, with the
 * diagnostics of each item buffered and printed in item order, so that the
 * output is the same bytes as one thread would write. */
#ifndef AUTODIAG_PAR_H
#define AUTODIAG_PAR_H

#include <stddef.h>

/* How many threads par_each uses (1 to 256; 1 by default: no thread). */
void par_set_jobs(int jobs);

/*
 * Calls fn(arg, i) for every i in [0, n), each exactly once, on up to
 * par_set_jobs threads (the caller's thread included).  fn must only touch
 * what belongs to item i, read-only shared data, and diag.h.  Returns when
 * all are done, their diagnostics written to stderr in the order of i.
 */
void par_each(size_t n, void (*fn)(void *arg, size_t i), void *arg);

#endif
