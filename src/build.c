/* build.c: `autodiag build`: load and score once, run the back-ends into a
 * temporary directory beside out/, and swap it in only when all succeeded,
 * so that a failed or interrupted build leaves the previous out/ untouched.
 *
 * Output is never destroyed: a build leaves a marker file (OUT_MARKER) in
 * what it writes, and replaces only a directory that has it, is empty, or
 * has exactly the layout of a build from before the marker (site/ with
 * index.html and/or pdf/ with guide.pdf, nothing else); anything else (a
 * file, a symbolic link, content/, the project directory, /, a directory
 * that holds the inputs) is refused with exit 2 and left as it was.  Builds
 * of one out/ take a lock (flock on its parent directory) for their whole
 * run, so two never interleave: the second waits.  Under the lock, the
 * temporary directories of a killed build (OUT.tmp-XXXXXX, OUT.old-PID with
 * the marker) are swept.  Worker processes die with their parent. */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
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

/* The file that marks a directory written by a build. */
#define OUT_MARKER ".autodiag-build"
static const char marker_text[] =
	"This directory was written by `autodiag build`, which replaces it at the next build.\n";

/* The temporary directory being filled, removed on failure or signal. */
static char tmp_dir[4096];
static volatile sig_atomic_t interrupted;

/* Shared (mmap'd) between the job processes. */
struct build_progress {
	size_t done, total;
	size_t next[BUILD_QUEUES];	/* the next item not yet claimed */
};

/* Without shared memory (or with one job), job k takes the items k, k + n,
 * k + 2n... of each queue; these are its own counters. */
static size_t local_next[BUILD_QUEUES];
static int local_started[BUILD_QUEUES];

size_t build_claim(const build_ctx *ctx, build_queue q, size_t n)
{
	size_t i;

	if (ctx->nshards > 1 && ctx->progress) {
		i = __atomic_fetch_add(&ctx->progress->next[q], 1, __ATOMIC_RELAXED);
		return i < n ? i : n;
	}
	if (!local_started[q]) {
		local_started[q] = 1;
		local_next[q] = ctx->nshards > 1 ? (size_t)ctx->shard : 0;
	}
	i = local_next[q];
	if (i >= n)
		return n;
	local_next[q] += ctx->nshards > 1 ? (size_t)ctx->nshards : 1;
	return i;
}

void build_plan(const build_ctx *ctx, size_t i)
{
	score_plan(ctx->g, ctx->set->items[i], &ctx->results[i]);
}

void build_unplan(const build_ctx *ctx, size_t i)
{
	result_release_plan(&ctx->results[i]);
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
	{
		buf m = BUF_INIT;
		int rc;
		buf_printf(&m, "%s/" OUT_MARKER, tmp_dir);
		rc = write_file(m.ptr, marker_text, sizeof marker_text - 1);
		buf_release(&m);
		if (rc < 0) {
			diag_error(tmp_dir, 0, 0, "cannot write: %s", strerror(errno));
			remove_tree(tmp_dir);
			tmp_dir[0] = '\0';
			return -1;
		}
	}
	return 0;
}

/* Whether dir/name exists as a regular file (lstat: not through a link). */
static int has_file(const char *dir, const char *name, int want_dir)
{
	buf p = BUF_INIT;
	struct stat st;
	int rc;

	buf_printf(&p, "%s/%s", dir, name);
	rc = lstat(p.ptr, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
	buf_release(&p);
	return rc;
}

/* 1 when dir is empty, 0 when not, -1 when it cannot be listed. */
static int dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return -1;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* Whether dir has the layout of a build from before the marker: only site/
 * (with index.html) and/or pdf/ (with guide.pdf), real directories. */
static int legacy_layout(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ok = 1, parts = 0;

	if (!d)
		return 0;
	while (ok && (e = readdir(d))) {
		buf sub = BUF_INIT;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		buf_printf(&sub, "%s/%s", dir, e->d_name);
		if (!strcmp(e->d_name, "site") && has_file(dir, "site", 1))
			ok = has_file(sub.ptr, "index.html", 0), parts++;
		else if (!strcmp(e->d_name, "pdf") && has_file(dir, "pdf", 1))
			ok = has_file(sub.ptr, "guide.pdf", 0), parts++;
		else
			ok = 0;
		buf_release(&sub);
	}
	closedir(d);
	return ok && parts;
}

/* Whether the real path a is b or one of b's ancestors. */
static int path_covers(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (!strcmp(a, "/"))
		return 1;
	return !strncmp(a, b, n) && (b[n] == '/' || b[n] == '\0');
}

/*
 * Checks that out may be replaced; returns 0, or 2 (reported: refused, out
 * untouched).  Paths that do not exist yet are fine.
 */
static int out_check(const build_opts *o, const char *out)
{
	const char *inputs[] = { ".", o->content, o->answers, o->theme };
	char real[PATH_MAX], other[PATH_MAX];
	struct stat st;
	size_t i;

	if (lstat(out, &st) < 0)
		return 0;
	if (S_ISLNK(st.st_mode)) {
		diag_error(out, 0, 0, "refusing to replace a symbolic link; give the directory "
				      "itself as --out");
		return 2;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(out, 0, 0, "refusing to replace: not a directory");
		return 2;
	}
	if (!realpath(out, real)) {
		diag_error(out, 0, 0, "cannot resolve: %s", strerror(errno));
		return 3;
	}
	for (i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		if (!inputs[i] || !realpath(inputs[i], other) || !path_covers(real, other))
			continue;
		diag_error(out, 0, 0, "refusing to replace: it holds %s", i == 0 ? "the current directory"
			   : i == 1 ? "the content (--content)" : i == 2 ? "the answers (--answers)"
			   : "the theme (--theme)");
		return 2;
	}
	if (has_file(out, OUT_MARKER, 0) || dir_empty(out) == 1 || legacy_layout(out))
		return 0;
	diag_error(out, 0, 0, "refusing to replace: not written by autodiag build (no %s "
			      "marker file); remove it or choose another --out", OUT_MARKER);
	return 2;
}

/* Takes the lock of out (on its parent directory, made if missing); returns
 * the file descriptor that holds it, or -1 (reported). */
static int out_lock(const char *out)
{
	buf parent = BUF_INIT;
	const char *slash = strrchr(out, '/');
	int fd;

	if (!slash)
		buf_adds(&parent, ".");
	else if (slash == out)
		buf_adds(&parent, "/");
	else
		buf_add(&parent, out, (size_t)(slash - out));
	if (make_dirs(parent.ptr) < 0 ||
	    (fd = open(parent.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_error(parent.ptr, 0, 0, "cannot open directory: %s", strerror(errno));
		buf_release(&parent);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			fprintf(stderr, "autodiag: another build is writing to %s; waiting for it\n", out);
		while (flock(fd, LOCK_EX) < 0 && errno == EINTR && !interrupted)
			;
	}
	buf_release(&parent);
	return fd;
}

/* Under the lock: removes what killed builds left beside out (directories
 * OUT.tmp-XXXXXX and OUT.old-PID holding the marker, or empty). */
static void sweep_stale(const char *out)
{
	const char *slash = strrchr(out, '/');
	const char *base = slash ? slash + 1 : out;
	buf parent = BUF_INIT;
	size_t n = strlen(base);
	struct dirent *e;
	DIR *d;

	if (slash)
		buf_add(&parent, out, slash == out ? 1 : (size_t)(slash - out));
	else
		buf_adds(&parent, ".");
	if ((d = opendir(parent.ptr))) {
		while ((e = readdir(d))) {
			const char *rest = e->d_name + n;
			buf p = BUF_INIT;
			int tmp, old;
			if (strncmp(e->d_name, base, n))
				continue;
			tmp = !strncmp(rest, ".tmp-", 5) && strlen(rest + 5) == 6;
			old = !strncmp(rest, ".old-", 5) && rest[5] &&
			      strspn(rest + 5, "0123456789") == strlen(rest + 5);
			if (!tmp && !old)
				continue;
			buf_printf(&p, "%s/%s", parent.ptr, e->d_name);
			if (has_file(parent.ptr, e->d_name, 1) &&
			    (has_file(p.ptr, OUT_MARKER, 0) || dir_empty(p.ptr) == 1))
				remove_tree(p.ptr);
			buf_release(&p);
		}
		closedir(d);
	}
	buf_release(&parent);
}

static int run_backends(const build_opts *o, build_ctx *ctx)
{
	int st = 0;

	memset(local_started, 0, sizeof local_started);
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
	int st = 0, left = n, i, ws, job = 0;

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
				pids[i] = 0, left--, job = i;
		if (WIFEXITED(ws) && WEXITSTATUS(ws) > st)
			st = WEXITSTATUS(ws);
		else if (WIFSIGNALED(ws) && !interrupted) {
			diag_error(NULL, 0, 0, "build job %d of %d (pid %ld) was killed by signal %d (%s)",
				   job + 1, n, (long)pid, WTERMSIG(ws), strsignal(WTERMSIG(ws)));
			if (st < 3)
				st = 3;
		}
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
		memset(prog, 0, sizeof *prog), prog->total = ctx->set->n * (size_t)per;
	ctx->progress = prog;
	ctx->nshards = n;
	fflush(NULL);
	for (i = 0; i < n; i++) {
		pid_t parent = getpid();
		pids[i] = fork();
		if (pids[i] == 0) {
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			/* a worker dies with its parent (even a SIGKILLed one) */
			if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
				_exit(3);
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

int build_run(const build_opts *opts)
{
	build_opts oc = *opts;
	const build_opts *o = &oc;
	guide g;
	answers_set set = { 0 };
	result *all = NULL;
	peers *pe = NULL;
	char *out = xstrdup(opts->out);
	peers_index *px;
	observatory obs;
	size_t i, len = strlen(out);
	int st, lock;

	/* `--out out/` is `--out out` */
	while (len > 1 && out[len - 1] == '/')
		out[--len] = '\0';
	oc.out = out;
	if (!*out) {
		free(out);
		diag_error(NULL, 0, 0, "--out needs a directory name");
		return 2;
	}
	if ((lock = out_lock(out)) < 0) {
		free(out);
		return 3;
	}
	if ((st = out_check(o, out))) {
		close(lock);
		free(out);
		return st;
	}
	sweep_stale(out);
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
			score_compute_scores(&g, set.items[i], &all[i]);
		px = peers_index_new(&g, &set, all);
		for (i = 0; i < set.n; i++)
			peers_index_get(px, i, &pe[i]);
		peers_index_free(px);
		observatory_compute(&g, &set, all, &obs);
		/* the theme once, before the jobs: each of its errors is told once */
		if (o->only != ONLY_PDF)
			st = site_theme_check(o->theme);
		if (!st && o->only != ONLY_SITE)
			st = pdf_theme_check(o->theme);
		if (st) {
			;
		} else if (make_tmp(o->out) < 0) {
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
		if (o->only != ONLY_SITE)
			pdf_theme_check_release();
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
	close(lock);
	free(out);
	return st;
}
