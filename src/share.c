/* share.c: the lookup of the shipped data (theme, guide): the current
 * directory first, then the installed PREFIX/share/autodiag, then the
 * directory of the program itself, so that a source checkout works too. */
#include "share.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

const char *share_dir(void)
{
	const char *env = getenv("AUTODIAG_SHARE");

	return env && *env ? env : AUTODIAG_SHARE;
}

int exe_dir(char *out)
{
	ssize_t n = readlink("/proc/self/exe", out, PATH_MAX - 1);
	char *slash;

	if (n <= 0)
		return -1;
	out[n] = '\0';
	slash = strrchr(out, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/rel when it passes test, as a string to free, else NULL. */
static char *try_path(const char *dir, const char *rel, int (*test)(const char *))
{
	buf b = BUF_INIT;

	buf_printf(&b, "%s/%s", dir, rel);
	if (test(b.ptr))
		return buf_detach(&b);
	buf_release(&b);
	return NULL;
}

char *theme_find(const char *given)
{
	char exe[PATH_MAX];
	char *found;

	if (given)
		return xstrdup(given);
	if (is_dir("themes/default"))
		return xstrdup("themes/default");
	if ((found = try_path(share_dir(), "themes/default", is_dir)))
		return found;
	if (exe_dir(exe) == 0 && (found = try_path(exe, "themes/default", is_dir)))
		return found;
	diag_error("themes/default", 0, 0,
		   "no theme: neither here nor in \"%s/themes\"; give one with --theme DIR",
		   share_dir());
	return NULL;
}

char *guide_find(void)
{
	char exe[PATH_MAX];
	char *found;

	if ((found = try_path(share_dir(), "content/site.yaml", is_file))) {
		free(found);
		return xstrdup(share_dir());
	}
	if (exe_dir(exe) == 0 && (found = try_path(exe, "content/site.yaml", is_file))) {
		free(found);
		return xstrdup(exe);
	}
	diag_error(share_dir(), 0, 0,
		   "no guide to copy: \"content/site.yaml\" is neither here nor beside the program");
	return NULL;
}
