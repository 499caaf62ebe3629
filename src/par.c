/* par.c: par_each, the threads of parallel loading.  Each thread takes the
 * next item from a shared counter and captures its diagnostics in that
 * item's buffer; the caller prints the buffers in item order at the end.
 * See par.h. */
#include "par.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "util.h"

#define PAR_MAX 256

static int par_jobs = 1;

typedef struct par_loop {
	void (*fn)(void *arg, size_t i);
	void *arg;
	size_t n, next;	/* next: the next item to take (atomic) */
	buf *diags;	/* [n] */
} par_loop;

void par_set_jobs(int jobs)
{
	par_jobs = jobs < 1 ? 1 : jobs > PAR_MAX ? PAR_MAX : jobs;
}

static void *par_worker(void *p)
{
	par_loop *l = p;
	size_t i;

	while ((i = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED)) < l->n) {
		diag_capture(&l->diags[i]);
		l->fn(l->arg, i);
		diag_capture(NULL);
	}
	return NULL;
}

void par_each(size_t n, void (*fn)(void *arg, size_t i), void *arg)
{
	pthread_t th[PAR_MAX];
	par_loop l = { fn, arg, n, 0, NULL };
	size_t i, nth = (size_t)par_jobs < n ? (size_t)par_jobs : n, started = 0;

	if (nth <= 1) {
		for (i = 0; i < n; i++)
			fn(arg, i);
		return;
	}
	l.diags = xcalloc(n, sizeof *l.diags);
	for (i = 0; i < n; i++)
		buf_init(&l.diags[i]);
	/* the caller is one of the threads; one that cannot start is no loss */
	while (started + 1 < nth && !pthread_create(&th[started], NULL, par_worker, &l))
		started++;
	par_worker(&l);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < n; i++) {
		fwrite(l.diags[i].ptr, 1, l.diags[i].len, stderr);
		buf_release(&l.diags[i]);
	}
	free(l.diags);
}
