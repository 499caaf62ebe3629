/* buildrun.h: the options of `autodiag build` and its driver (build.c). */
#ifndef AUTODIAG_BUILDRUN_H
#define AUTODIAG_BUILDRUN_H

enum { ONLY_ALL, ONLY_SITE, ONLY_PDF };

typedef struct build_opts {
	const char *content;
	const char *theme;
	const char *answers;
	int answers_given;	/* --answers was given: it must exist */
	const char *out;
	int only;
	int jobs;
	int quiet;
} build_opts;

/* Runs a whole build; returns the exit status (0, 1 or 3). */
int build_run(const build_opts *o);

/* SOURCE_DATE_EPOCH, or -1 when unset (a bad value is warned about). */
long long source_date_epoch(void);

/* rm -rf path; 0 or -1. */
int remove_tree(const char *path);

#endif
