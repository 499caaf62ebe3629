/* build.c: `autodiag build`: load and score once, run the back-ends into a
 * temporary directory beside out/, and swap it in only when all succeeded,
 * so that a failed or interrupted build leaves the previous out/ untouched. */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildrun.h"
#include "diag.h"
#include "load.h"
#include "util.h"

/* The temporary directory being filled, removed on failure or signal. */
static char tmp_dir[4096];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* rm -rf path; 0 or -1. */
int remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static void on_signal(int sig)
{
	if (tmp_dir[0])
		remove_tree(tmp_dir);
	signal(sig, SIG_DFL);
	raise(sig);
}

long long source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0) {
		diag_warning(NULL, 0, 0, "SOURCE_DATE_EPOCH \"%s\" is not a number of seconds; ignored", s);
		return -1;
	}
	return v;
}

/* Replaces out with tmp (exchanging them when the kernel can); 0 or -1. */
static int swap_in(const char *tmp, const char *out, const char *keep)
{
	buf old = BUF_INIT;
	struct stat st;
	int rc = 0;

	buf_printf(&old, "%s.old-%ld", out, (long)getpid());
	if (lstat(out, &st) == 0) {
		if (keep) {
			/* --only: carry over the part that was not rebuilt */
			buf from = BUF_INIT, to = BUF_INIT;
			buf_printf(&from, "%s/%s", out, keep);
			buf_printf(&to, "%s/%s", tmp, keep);
			if (lstat(from.ptr, &st) == 0 && rename(from.ptr, to.ptr) < 0)
				rc = -1;
			buf_release(&from);
			buf_release(&to);
		}
		if (!rc && rename(out, old.ptr) < 0)
			rc = -1;
	}
	if (!rc && rename(tmp, out) < 0) {
		rc = -1;
		rename(old.ptr, out);
	}
	if (!rc)
		remove_tree(old.ptr);
	buf_release(&old);
	return rc;
}

/* Makes the temporary directory beside out; 0 or -1 (reported). */
static int make_tmp(const char *out)
{
	char *slash;

	if (snprintf(tmp_dir, sizeof tmp_dir, "%s.tmp-XXXXXX", out) >= (int)sizeof tmp_dir) {
		diag_error(out, 0, 0, "output path too long");
		return -1;
	}
	slash = strrchr(tmp_dir, '/');
	if (slash) {
		*slash = '\0';
		if (make_dirs(tmp_dir) < 0) {
			diag_error(tmp_dir, 0, 0, "cannot create directory: %s", strerror(errno));
			tmp_dir[0] = '\0';
			return -1;
		}
		*slash = '/';
	}
	if (!mkdtemp(tmp_dir)) {
		diag_error(out, 0, 0, "cannot create a temporary directory: %s", strerror(errno));
		tmp_dir[0] = '\0';
		return -1;
	}
	chmod(tmp_dir, 0755);
	return 0;
}

static int run_backends(const build_opts *o, build_ctx *ctx)
{
	int st = 0;

	if (o->only != ONLY_PDF)
		st = site_build(ctx);
	if (!st && o->only != ONLY_SITE)
		st = pdf_build(ctx);
	return st;
}

int build_run(const build_opts *o)
{
	guide g;
	answers_set set = { NULL, 0 };
	result *all = NULL;
	size_t i;
	int st;

	st = guide_load(o->content, &g);
	if (st < 3) {
		int sa = answers_load(&g, o->answers, o->answers_given, &set);
		st = sa > st ? sa : st;
	}
	if (!st) {
		all = xcalloc(set.n ? set.n : 1, sizeof *all);
		for (i = 0; i < set.n; i++)
			score_compute(&g, set.items[i], &all[i]);
		if (make_tmp(o->out) < 0) {
			st = 3;
		} else {
			build_ctx ctx = { &g, &set, all, o->theme, tmp_dir, source_date_epoch(),
					  o->jobs, o->quiet };
			signal(SIGINT, on_signal);
			signal(SIGTERM, on_signal);
			st = run_backends(o, &ctx);
			if (!st && swap_in(tmp_dir, o->out, o->only == ONLY_SITE  ? "pdf"
							     : o->only == ONLY_PDF ? "site"
										   : NULL) < 0) {
				diag_error(o->out, 0, 0, "cannot replace the output directory: %s",
					   strerror(errno));
				st = 3;
			}
			if (st)
				remove_tree(tmp_dir);
			tmp_dir[0] = '\0';
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
		}
		for (i = 0; i < set.n; i++)
			result_release(&all[i]);
		free(all);
	}
	answers_set_free(&set, &g);
	guide_free(&g);
	return st;
}
