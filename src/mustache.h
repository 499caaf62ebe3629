/* mustache.h: a Mustache template engine (spec v1.3: interpolation,
 * sections, inverted sections, comments, partials, set delimiters, and the
 * optional inheritance module: parents and blocks).  No lambdas.
 *
 * Data comes as a value tree (value.h).  Errors are reported through diag.h
 * as FILE:LINE:COL: error: MESSAGE and make the call return NULL / -1. */
#ifndef AUTODIAG_MUSTACHE_H
#define AUTODIAG_MUSTACHE_H

#include <stddef.h>

#include "buf.h"
#include "value.h"

typedef struct mustache mustache;

/* Where partials (and parents, {{<name}}) come from. */
typedef struct mustache_env {
	/* Finds template `name`: sets *src, *len and *file (borrowed; they must
	 * stay valid until mustache_env_release) and returns 0; returns -1
	 * when there is none (the spec then renders it as empty). */
	int (*find)(void *ctx, const char *name, const char **src, size_t *len,
		    const char **file);
	void *ctx;
	void *cache;	/* compiled partials, owned by the engine; start NULL */
} mustache_env;

/* Compiles src (file names it in diagnostics).  NULL on a syntax error. */
mustache *mustache_compile(const char *file, const char *src, size_t len);

/* Renders t with data as the root context, appending to out.  Returns 0, or
 * -1 when a partial fails to compile (reported). */
int mustache_render(const mustache *t, const value *data, mustache_env *env,
		    buf *out);

void mustache_free(mustache *t);
/* Frees the compiled partials cached in env. */
void mustache_env_release(mustache_env *env);

#endif
