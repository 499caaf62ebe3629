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
	/* results[i] scores set->items[i]: the scores only (score_compute_scores),
	 * the plan added by a job for the report it writes (build_plan) */
	result *results;
	const peers *peers;	/* peers[i] of set->items[i], computed once */
	const char *theme_dir;	/* e.g. "themes/default" */
	const char *out_dir;	/* write here: site/ and pdf/ below it */
	long long source_date;	/* SOURCE_DATE_EPOCH, or -1 when unset */
	int jobs;
	int quiet;
	/* Jobs are processes: job `shard` of `nshards`; every job takes the
	 * next site page or file, shared PDF or report not yet taken
	 * (build_claim), so that none waits for another. */
	int shard, nshards;
	struct build_progress *progress;	/* shared between jobs */
	const struct observatory *obs;	/* of the whole set, computed once */
} build_ctx;

/* What the jobs share out, one item at a time. */
typedef enum build_queue {
	BUILD_PDF_SHARED,	/* the guide, the questionnaire, each resource */
	BUILD_SITE_PAGES,	/* the site but its reports (site.c) */
	BUILD_SITE_REPORTS,	/* i: answers file i */
	BUILD_PDF_REPORTS,
	BUILD_QUEUES
} build_queue;

/* The next item of q this job writes (each goes to exactly one job, in
 * increasing order within a job), or n when none is left; n is the length
 * of q (the same in every job). */
size_t build_claim(const build_ctx *ctx, build_queue q, size_t n);
/* Adds the plan of file i to ctx->results[i] (the job's own copy: jobs are
 * processes), for its report or data row; build_unplan drops it after, so
 * that a job holds one plan at a time. */
void build_plan(const build_ctx *ctx, size_t i);
void build_unplan(const build_ctx *ctx, size_t i);
/* Counts one report written and updates the progress line on a terminal. */
void build_progress(const build_ctx *ctx);

/* Each returns 0, 1 on invalid input (a template error, reported), or 3 on an
 * I/O failure (reported). */
int site_build(const build_ctx *ctx);	/* out_dir/site/... */
int pdf_build(const build_ctx *ctx);	/* out_dir/pdf/... */

/*
 * Checks the PDF theme once, before the jobs start (so that a theme error
 * is reported once, not once per job): every key of pdf.yaml, each font
 * (readable, a TrueType font libharu embeds, with the "?" glyph that stands
 * for missing characters) and the hyphenation patterns (a warning when
 * unusable).  Returns 0, 1 or 3 (reported).
 */
int pdf_theme_check(const char *theme_dir);
/* Frees what a good theme's check keeps loaded for the jobs (its fonts'
 * document, the hyphenation patterns): once the jobs have ended. */
void pdf_theme_check_release(void);
/* The same for the site: every template (readable, not a directory nor too
 * large, UTF-8, compiles) and strings.yaml (strings only; unknown and
 * missing keys are warnings). */
int site_theme_check(const char *theme_dir);

#endif
