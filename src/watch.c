/* watch.c: recursive inotify watches (serve.c rebuilds when they fire).
 * inotify watches one directory at a time: each directory below a root gets
 * its own watch, and directories that appear later are added as they come. */
#include "watch.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#define WATCH_MASK                                                                       \
	(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
	 IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

struct watch {
	int fd;
	char **roots;
	size_t nroots;
	char **paths;	/* paths[wd]: the directory of watch descriptor wd, or NULL */
	size_t npaths;
};

/* The watch being filled by add_entry (nftw has no user pointer). */
static watch *adding;

static void remember(watch *w, int wd, const char *path)
{
	if ((size_t)wd >= w->npaths) {
		size_t n = (size_t)wd * 2 + 16;
		w->paths = xrealloc(w->paths, n * sizeof *w->paths);
		memset(w->paths + w->npaths, 0, (n - w->npaths) * sizeof *w->paths);
		w->npaths = n;
	}
	free(w->paths[wd]);
	w->paths[wd] = xstrdup(path);
}

static void add_one(watch *w, const char *path)
{
	int wd = inotify_add_watch(w->fd, path, WATCH_MASK);

	if (wd >= 0)
		remember(w, wd, path);
}

static int add_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_D)
		add_one(adding, path);
	return 0;
}

/* Watches path and, when it is a directory, every directory below it. */
static void add_tree(watch *w, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		add_one(w, path);
		return;
	}
	adding = w;
	nftw(path, add_entry, 16, FTW_PHYS);
	adding = NULL;
}

watch *watch_new(const char *const *roots, size_t n)
{
	watch *w;
	size_t i;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0) {
		diag_error(NULL, 0, 0, "cannot watch the inputs: %s", strerror(errno));
		return NULL;
	}
	w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->roots = xcalloc(n, sizeof *w->roots);
	w->nroots = n;
	for (i = 0; i < n; i++)
		w->roots[i] = xstrdup(roots[i]);
	watch_rescan(w);
	return w;
}

void watch_rescan(watch *w)
{
	size_t i;

	for (i = 0; i < w->nroots; i++)
		add_tree(w, w->roots[i]);
}

void watch_free(watch *w)
{
	size_t i;

	if (!w)
		return;
	close(w->fd);
	for (i = 0; i < w->nroots; i++)
		free(w->roots[i]);
	for (i = 0; i < w->npaths; i++)
		free(w->paths[i]);
	free(w->roots);
	free(w->paths);
	free(w);
}

int watch_fd(const watch *w)
{
	return w->fd;
}

/* Whether a file name is an editor's swap, backup or lock file. */
static int ignored_name(const char *name, size_t len)
{
	if (!len)
		return 0;
	if (name[0] == '.' || name[len - 1] == '~' || name[0] == '#')
		return 1;
	return len > 4 && (!strcmp(name + len - 4, ".swp") || !strcmp(name + len - 4, ".swx"));
}

/* Handles one event; returns whether it counts as a change. */
static int on_event(watch *w, const struct inotify_event *ev)
{
	const char *dir = ev->wd >= 0 && (size_t)ev->wd < w->npaths ? w->paths[ev->wd] : NULL;

	if (ev->mask & IN_IGNORED) {
		if (dir) {
			free(w->paths[ev->wd]);
			w->paths[ev->wd] = NULL;
		}
		return 0;
	}
	if (ev->len && ignored_name(ev->name, strlen(ev->name)))
		return 0;
	if (dir && ev->len && (ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		buf sub = BUF_INIT;
		buf_printf(&sub, "%s/%s", dir, ev->name);
		add_tree(w, sub.ptr);
		buf_release(&sub);
	}
	return 1;
}

int watch_read(watch *w)
{
	char chunk[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	int changed = 0;
	ssize_t n, off;

	while ((n = read(w->fd, chunk, sizeof chunk)) > 0) {
		for (off = 0; off < n;) {
			const struct inotify_event *ev = (const void *)(chunk + off);
			changed |= on_event(w, ev);
			off += (ssize_t)(sizeof *ev + ev->len);
		}
	}
	return changed;
}
