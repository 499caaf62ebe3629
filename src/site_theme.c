/* site_theme.c: the theme side of the site back-end: reading templates and
 * strings.yaml from the theme directory, rendering views, writing files. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "site.h"
#include "util.h"
#include "ydoc.h"

#define ASSET_MAX_DEPTH 8

struct site_tmpl {
	char *name;
	char *file;	/* theme_dir/templates/<name>.mustache */
	buf src;
	mustache *compiled;	/* page templates only, compiled on first use */
	int missing;	/* no such file (or not UTF-8): reported once */
	int failed;	/* did not compile: reported by the engine */
};

static void set_status(site *s, int status)
{
	if (status > s->status)
		s->status = status;
}

/* Whether name may name a template file: [A-Za-z0-9_-], no path. */
static int tmpl_name_ok(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') ||
		      (*name >= '0' && *name <= '9') || *name == '_' || *name == '-'))
			return 0;
	return 1;
}

/* The template called name, read on first use; NULL when there is none. */
static site_tmpl *tmpl_get(site *s, const char *name)
{
	site_tmpl *t;
	buf path = BUF_INIT;
	size_t i;

	for (i = 0; i < s->ntmpls; i++)
		if (!strcmp(s->tmpls[i]->name, name))
			return s->tmpls[i]->missing ? NULL : s->tmpls[i];
	s->tmpls = xrealloc(s->tmpls, (s->ntmpls + 1) * sizeof *s->tmpls);
	t = s->tmpls[s->ntmpls++] = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	buf_init(&t->src);
	buf_printf(&path, "%s/templates/%s.mustache", s->ctx->theme_dir, name);
	t->file = buf_detach(&path);
	if (!tmpl_name_ok(name) || read_file(t->file, &t->src) < 0) {
		t->missing = 1;
		return NULL;
	}
	if (utf8_check(t->src.ptr, t->src.len) != t->src.len) {
		diag_error(t->file, 0, 0, "not valid UTF-8");
		t->missing = 1;
		return NULL;
	}
	return t;
}

/*
 * mustache_env.find: partials and parents from the theme.  A theme that
 * names a template it lacks is an error (reported once), not the spec's
 * silent empty string: a renamed file would otherwise give empty pages.
 */
static int env_find(void *ctx, const char *name, const char **src, size_t *len,
		    const char **file)
{
	site *s = ctx;
	size_t before = s->ntmpls;
	site_tmpl *t = tmpl_get(s, name);

	if (!t) {
		if (s->ntmpls > before)
			diag_error(s->ctx->theme_dir, 0, 0,
				   "missing template \"%s.mustache\"", name);
		set_status(s, 1);
		return -1;
	}
	*src = t->src.ptr;
	*len = t->src.len;
	*file = t->file;
	return 0;
}

/* Converts a YAML node to a value: scalars become strings. */
static value *ynode_value(const ynode *n)
{
	value *v;
	size_t i;

	if (!n)
		return v_null();
	if (n->kind == Y_SCALAR)
		return v_strn(n->str, n->len);
	v = n->kind == Y_SEQ ? v_list() : v_map();
	for (i = 0; i < n->n; i++) {
		if (n->kind == Y_SEQ) {
			v_push(v, ynode_value(n->items[i]));
		} else if (i % 2 == 0 && n->items[i]->kind == Y_SCALAR) {
			v_set(v, n->items[i]->str, ynode_value(n->items[i + 1]));
		}
	}
	return v;
}

/* Loads strings.yaml; 0, or -1 with an error reported. */
static int strings_load(site *s)
{
	buf path = BUF_INIT, text = BUF_INIT;
	ynode *root;
	int ok = 0;

	buf_printf(&path, "%s/strings.yaml", s->ctx->theme_dir);
	if (read_file(path.ptr, &text) < 0) {
		diag_error(path.ptr, 0, 0, "cannot read: %s", strerror(errno));
		set_status(s, 3);
	} else if (utf8_check(text.ptr, text.len) != text.len) {
		diag_error(path.ptr, 0, 0, "not valid UTF-8");
		set_status(s, 1);
	} else {
		root = ydoc_parse(path.ptr, text.ptr, text.len, 1, &ok);
		if (ok && root && root->kind == Y_MAP)
			s->strings = ynode_value(root);
		else if (ok)
			diag_error(path.ptr, 1, 1, "expected a mapping of strings");
		ynode_free(root);
		if (!s->strings)
			set_status(s, 1);
	}
	buf_release(&path);
	buf_release(&text);
	return s->strings ? 0 : -1;
}

/* Formats source_date (seconds since the epoch, UTC) as YYYY-MM-DD. */
static char *format_date(long long t)
{
	long long days = t / 86400, y, m, d, era, doe, yoe, doy, mp;
	buf b = BUF_INIT;

	if (t % 86400 < 0)
		days--;
	/* Civil-from-days (H. Hinnant's algorithm), with no time zone. */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	buf_printf(&b, "%04lld-%02lld-%02lld", y, m, d);
	return buf_detach(&b);
}

int site_theme_open(site *s)
{
	buf_init(&s->dir);
	buf_printf(&s->dir, "%s/site", s->ctx->out_dir);
	s->env.find = env_find;
	s->env.ctx = s;
	s->env.cache = NULL;
	if (s->ctx->source_date >= 0)
		s->date = format_date(s->ctx->source_date);
	if (make_dirs(s->dir.ptr) < 0) {
		diag_error(s->dir.ptr, 0, 0, "cannot create directory: %s",
			   strerror(errno));
		set_status(s, 3);
		return -1;
	}
	return strings_load(s);
}

void site_theme_close(site *s)
{
	size_t i;

	mustache_env_release(&s->env);
	for (i = 0; i < s->ntmpls; i++) {
		free(s->tmpls[i]->name);
		free(s->tmpls[i]->file);
		buf_release(&s->tmpls[i]->src);
		if (s->tmpls[i]->compiled)
			mustache_free(s->tmpls[i]->compiled);
		free(s->tmpls[i]);
	}
	free(s->tmpls);
	v_free(s->strings);
	free(s->date);
	buf_release(&s->dir);
}

const char *site_string(const site *s, const char *key)
{
	const value *v = v_get(s->strings, key);

	return v && v->kind == V_STR ? v->str : "";
}

int site_write(site *s, const char *relpath, const char *data, size_t len)
{
	buf path = BUF_INIT;
	char *slash;
	int rc = 0;

	buf_printf(&path, "%s/%s", s->dir.ptr, relpath);
	slash = strrchr(path.ptr, '/');
	*slash = '\0';
	if (make_dirs(path.ptr) < 0)
		rc = -1;
	*slash = '/';
	if (rc == 0 && write_file(path.ptr, data, len) < 0)
		rc = -1;
	if (rc < 0) {
		diag_error(path.ptr, 0, 0, "cannot write: %s", strerror(errno));
		set_status(s, 3);
	}
	buf_release(&path);
	return rc;
}

FILE *site_open(site *s, const char *relpath)
{
	buf path = BUF_INIT;
	char *slash;
	FILE *f = NULL;

	buf_printf(&path, "%s/%s", s->dir.ptr, relpath);
	slash = strrchr(path.ptr, '/');
	*slash = '\0';
	if (make_dirs(path.ptr) == 0) {
		*slash = '/';
		f = fopen(path.ptr, "wb");
	}
	*slash = '/';
	if (!f) {
		diag_error(path.ptr, 0, 0, "cannot write: %s", strerror(errno));
		set_status(s, 3);
	}
	buf_release(&path);
	return f;
}

int site_close(site *s, FILE *f, const char *relpath, int failed)
{
	if (fclose(f) != 0 || failed) {
		buf path = BUF_INIT;
		int e = failed ? failed : errno;
		buf_printf(&path, "%s/%s", s->dir.ptr, relpath);
		diag_error(path.ptr, 0, 0, "cannot write: %s", strerror(e));
		set_status(s, 3);
		buf_release(&path);
		return -1;
	}
	return 0;
}

int site_render(site *s, const char *name, value *view, const char *relpath)
{
	size_t before = s->ntmpls;
	site_tmpl *t = tmpl_get(s, name);
	buf out = BUF_INIT;
	int rc = -1;

	if (!t) {
		if (s->ntmpls > before)
			diag_error(s->ctx->theme_dir, 0, 0,
				   "missing template \"%s.mustache\"", name);
		set_status(s, 1);
	} else if (t->failed) {
		set_status(s, 1);
	} else if (!t->compiled &&
		   !(t->compiled = mustache_compile(t->file, t->src.ptr, t->src.len))) {
		set_status(s, 1);
		t->failed = 1;
	} else if (mustache_render(t->compiled, view, &s->env, &out) < 0) {
		set_status(s, 1);
	} else {
		rc = site_write(s, relpath, out.ptr, out.len);
	}
	buf_release(&out);
	v_free(view);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of dir (no dot files); NULL when it cannot be read. */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, (*n + 1) * sizeof *names);
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, name_cmp);
	return names ? names : xcalloc(1, sizeof *names);
}

/* Copies the file or directory src to relpath under the site. */
static int copy_tree(site *s, const char *src, const char *relpath, int depth)
{
	struct stat st;
	char **names;
	size_t n, i;
	int rc = 0;

	if (stat(src, &st) < 0 || depth > ASSET_MAX_DEPTH)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		buf data = BUF_INIT;
		if (read_file(src, &data) < 0) {
			diag_error(src, 0, 0, "cannot read: %s", strerror(errno));
			set_status(s, 3);
			rc = -1;
		} else {
			rc = site_write(s, relpath, data.ptr, data.len);
		}
		buf_release(&data);
		return rc;
	}
	names = list_dir(src, &n);
	for (i = 0; names && i < n; i++) {
		buf sub = BUF_INIT, rel = BUF_INIT;
		buf_printf(&sub, "%s/%s", src, names[i]);
		buf_printf(&rel, "%s/%s", relpath, names[i]);
		if (rc == 0)
			rc = copy_tree(s, sub.ptr, rel.ptr, depth + 1);
		buf_release(&sub);
		buf_release(&rel);
		free(names[i]);
	}
	free(names);
	return rc;
}

int site_copy_assets(site *s)
{
	buf src = BUF_INIT;
	int rc;

	buf_printf(&src, "%s/assets", s->ctx->theme_dir);
	rc = copy_tree(s, src.ptr, "assets", 0);
	buf_release(&src);
	return rc;
}
