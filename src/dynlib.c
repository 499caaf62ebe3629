/* dynlib.c: shared libraries opened on first use (see dynlib.h). */
#define _GNU_SOURCE
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int dynlib_open(const char *soname, const char *const *names, dyn_fn *fns, size_t n,
		const char **error)
{
	static char msg[512];
	void *h;
	size_t i;

	if (n && fns[n - 1])
		return 0;	/* resolved before */
	if (!(h = dlopen(soname, RTLD_NOW | RTLD_LOCAL))) {
		snprintf(msg, sizeof msg, "cannot load %s: %s", soname, dlerror());
		*error = msg;
		return -1;
	}
	for (i = 0; i < n; i++) {
		void *p = dlsym(h, names[i]);
		if (!p) {
			snprintf(msg, sizeof msg, "%s has no %s", soname, names[i]);
			*error = msg;
			memset(fns, 0, n * sizeof *fns);
			return -1;
		}
		/* POSIX: a dlsym address converts to a function pointer */
		memcpy(&fns[i], &p, sizeof p);
	}
	return 0;
}
