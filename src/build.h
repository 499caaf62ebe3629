/* build.h: what `autodiag build` hands to each back-end.  The model is loaded
 * and scored once (build.c); back-ends only read it and write files under
 * out_dir, which is a fresh temporary directory swapped in when all succeed. */
#ifndef AUTODIAG_BUILD_H
#define AUTODIAG_BUILD_H

#include "model.h"
#include "score.h"

typedef struct build_ctx {
	const guide *g;
	const answers_set *set;	/* every answers file, sorted by slug */
	const result *results;	/* results[i] scores set->items[i] */
	const char *theme_dir;	/* e.g. "themes/default" */
	const char *out_dir;	/* write here: site/ and pdf/ below it */
	long long source_date;	/* SOURCE_DATE_EPOCH, or -1 when unset */
	int jobs;
	int quiet;
} build_ctx;

/* Each returns 0, 1 on invalid input (a template error, reported), or 3 on an
 * I/O failure (reported). */
int site_build(const build_ctx *ctx);	/* out_dir/site/... */
int pdf_build(const build_ctx *ctx);	/* out_dir/pdf/... */

#endif
