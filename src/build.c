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
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buildrun.h"
#include "diag.h"
#include "load.h"
#include "observatory.h"
#include "par.h"
#include "peers.h"
#include "util.h"

/* The temporary directory being filled, removed on failure or signal. */
static char tmp_dir[4096];
static volatile sig_atomic_t interrupted;

/* Shared (mmap'd) between the job processes. */
struct build_progress {
	size_t done, total;
};

int build_owns(const build_ctx *ctx, size_t i)
{
	return ctx->nshards <= 1 || (int)(i % (size_t)ctx->nshards) == ctx->shard;
}

int build_owns_page(const build_ctx *ctx, size_t i)
{
	if (ctx->nshards <= 1)
		return 1;
	return (int)(i % (size_t)(ctx->nshards - 1)) + 1 == ctx->shard;
}

int build_is_first(const build_ctx *ctx)
{
	return ctx->shard == 0;
}

void build_progress(const build_ctx *ctx)
{
	struct build_progress *p = ctx->progress;
	size_t done;

	if (!p)
		return;
	done = __atomic_add_fetch(&p->done, 1, __ATOMIC_RELAXED);
	if (!ctx->quiet)
		fprintf(stderr, "\r[%4zu/%zu] rapports", done, p->total);
}

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
	interrupted = sig;
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

/* Waits for the n jobs in pids; returns the worst exit status (3 for a
 * job killed by a signal), or 130 when the build was interrupted. */
static int wait_jobs(pid_t *pids, int n)
{
	int st = 0, left = n, i, ws;

	while (left) {
		pid_t pid = waitpid(-1, &ws, 0);
		if (pid < 0 && errno == EINTR) {
			if (interrupted)
				for (i = 0; i < n; i++)
					if (pids[i] > 0)
						kill(pids[i], SIGTERM);
			continue;
		}
		if (pid < 0)
			break;
		for (i = 0; i < n; i++)
			if (pids[i] == pid)
				pids[i] = 0, left--;
		if (WIFEXITED(ws) && WEXITSTATUS(ws) > st)
			st = WEXITSTATUS(ws);
		else if (WIFSIGNALED(ws) && st < 3)
			st = 3;
	}
	return interrupted ? 130 : st;
}

/*
 * Runs the back-ends in ctx->jobs processes sharing the reports (one job
 * writes the shared pages too).  Processes, not threads: the back-ends and
 * libharu keep per-document state, each job's memory is returned when it
 * ends, and a crash in one job cannot corrupt another.
 */
static int run_jobs(const build_opts *o, build_ctx *ctx)
{
	struct build_progress *prog;
	pid_t pids[256];
	int n = ctx->jobs < 1 ? 1 : ctx->jobs, i, st;
	int per = (o->only == ONLY_ALL ? 2 : 1);

	/* no more jobs than pages shared among them (reports, fiche pages) */
	if ((size_t)n > ctx->set->n + ctx->g->nfiches)
		n = (int)(ctx->set->n + ctx->g->nfiches) ? (int)(ctx->set->n + ctx->g->nfiches) : 1;
	prog = mmap(NULL, sizeof *prog, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (prog == MAP_FAILED)
		prog = NULL;
	else
		prog->done = 0, prog->total = ctx->set->n * (size_t)per;
	ctx->progress = prog;
	ctx->nshards = n;
	fflush(NULL);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			ctx->shard = i;
			_exit(run_backends(o, ctx));
		}
		if (pids[i] < 0) {
			diag_error(NULL, 0, 0, "cannot start a job: %s", strerror(errno));
			for (int k = 0; k < i; k++)
				kill(pids[k], SIGTERM);
			wait_jobs(pids, i);
			return 3;
		}
	}
	st = wait_jobs(pids, n);
	if (prog && !ctx->quiet && prog->total)
		fputc('\n', stderr);
	if (prog)
		munmap(prog, sizeof *prog);
	ctx->progress = NULL;
	return st;
}

int build_run(const build_opts *o)
{
	guide g;
	answers_set set = { 0 };
	result *all = NULL;
	peers *pe = NULL;
	peers_index *px;
	observatory obs;
	size_t i;
	int st;

	par_set_jobs(o->jobs); /* the loader's threads */
	st = guide_load(o->content, &g);
	if (st < 3) {
		int sa = answers_load(&g, o->answers, o->answers_given, &set);
		st = sa > st ? sa : st;
	}
	if (!st) {
		answers_set_index(&set);
		all = xcalloc(set.n ? set.n : 1, sizeof *all);
		pe = xcalloc(set.n ? set.n : 1, sizeof *pe);
		for (i = 0; i < set.n; i++)
			score_compute(&g, set.items[i], &all[i]);
		px = peers_index_new(&g, &set, all);
		for (i = 0; i < set.n; i++)
			peers_index_get(px, i, &pe[i]);
		peers_index_free(px);
		observatory_compute(&g, &set, all, &obs);
		if (make_tmp(o->out) < 0) {
			st = 3;
		} else {
			build_ctx ctx = { &g, &set, all, pe, o->theme, tmp_dir, source_date_epoch(),
					  o->jobs, o->quiet, 0, 1, NULL, &obs };
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_signal;
			sigaction(SIGINT, &sa, NULL);
			sigaction(SIGTERM, &sa, NULL);
			sigaction(SIGHUP, &sa, NULL);
			/* a write past `ulimit -f` must fail with EFBIG, not kill us */
			signal(SIGXFSZ, SIG_IGN);
			st = run_jobs(o, &ctx);
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
			signal(SIGHUP, SIG_DFL);
			if (interrupted) {
				diag_error(NULL, 0, 0, "interrupted; the previous output is unchanged");
				raise((int)interrupted);
			}
		}
		for (i = 0; i < set.n; i++) {
			result_release(&all[i]);
			peers_release(&pe[i]);
		}
		free(all);
		free(pe);
		observatory_release(&obs);
	}
	answers_set_free(&set, &g);
	guide_free(&g);
	return st;
}
