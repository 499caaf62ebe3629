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
	int reported;	/* missing for another reason, already reported */
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
		int e = errno;
		t->missing = 1;
		if (!tmpl_name_ok(name) || e == ENOENT)
			return NULL;
		/* there, but not a template it can read: say what it is */
		t->reported = 1;
		set_status(s, e == EFBIG ? 1 : 3);
		if (e == EISDIR)
			diag_error(t->file, 0, 0, "is a directory, expected a template file");
		else if (e == EFBIG)
			diag_error(t->file, 0, 0, "template larger than %u MiB", MAX_FILE_SIZE >> 20);
		else if (e == ELOOP)
			diag_error(t->file, 0, 0, "symbolic link loop: too many levels of links");
		else if (e == EINVAL)
			diag_error(t->file, 0, 0, "not a regular file (a FIFO, socket or device)");
		else
			diag_error(t->file, 0, 0, "cannot read: %s", strerror(e));
		return NULL;
	}
	if (utf8_check(t->src.ptr, t->src.len) != t->src.len) {
		diag_error(t->file, 0, 0, "not valid UTF-8");
		t->missing = 1;
		t->reported = 1;
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
		if (s->ntmpls > before && !s->tmpls[s->ntmpls - 1]->reported)
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

const char *site_template_src(site *s, const char *name, size_t *len)
{
	site_tmpl *t = tmpl_get(s, name);

	if (!t)
		return NULL;
	*len = t->src.len;
	return t->src.ptr;
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

/* Frees a page view, but not the UI strings it borrowed (site_page). */
static void view_free(site *s, value *view)
{
	if (s->strings && v_get(view, "t") == s->strings)
		v_take(view, "t");
	v_free(view);
}

int site_render(site *s, const char *name, value *view, const char *relpath)
{
	size_t before = s->ntmpls;
	site_tmpl *t;
	buf out = BUF_INIT;
	int rc = -1;

	if (s->render_failed) {	/* one render error per job, not one per page */
		view_free(s, view);
		return -1;
	}
	t = tmpl_get(s, name);
	if (!t) {
		if (s->ntmpls > before && !s->tmpls[s->ntmpls - 1]->reported)
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
		s->render_failed = 1;
	} else {
		rc = site_write(s, relpath, out.ptr, out.len);
	}
	buf_release(&out);
	view_free(s, view);
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

#define ASSET_MAX_FILES 10000

/* The directories being copied (to find a link back to one of them). */
typedef struct asset_walk {
	dev_t dev[ASSET_MAX_DEPTH + 2];
	ino_t ino[ASSET_MAX_DEPTH + 2];
	int depth;
	size_t files;
} asset_walk;

/* Reports why src cannot be copied; -1 (status 3, or 1 for a limit). */
static int asset_error(site *s, const char *src, int status, const char *msg)
{
	diag_error(src, 0, 0, "%s", msg);
	set_status(s, status);
	return -1;
}

/*
 * Copies the file or directory src to relpath under the site.  A dangling
 * link, a link loop (also one through a directory, which stat alone would
 * follow eight levels deep), more than ASSET_MAX_DEPTH levels or
 * ASSET_MAX_FILES files: one diagnostic, and the build fails.
 */
static int copy_tree(site *s, const char *src, const char *relpath, asset_walk *w)
{
	struct stat st, lst;
	char **names;
	size_t n, i;
	int rc = 0, k;

	if (stat(src, &st) < 0) {
		if (errno == ELOOP)
			return asset_error(s, src, 3, "symbolic link loop: too many levels of links");
		if (errno == ENOENT && lstat(src, &lst) == 0 && S_ISLNK(lst.st_mode))
			return asset_error(s, src, 3, "dangling symbolic link: its target does not exist");
		if (errno == ENOENT && !w->depth)
			return 0;	/* a theme without assets */
		diag_error(src, 0, 0, "cannot read: %s", strerror(errno));
		set_status(s, 3);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		buf data = BUF_INIT;
		if (++w->files > ASSET_MAX_FILES)
			return asset_error(s, src, 1, "more than 10000 asset files");
		if (read_file(src, &data) < 0) {
			if (errno == EFBIG)
				rc = asset_error(s, src, 1, "asset larger than 8 MiB");
			else if (errno == EINVAL)
				rc = asset_error(s, src, 3, "not a regular file (a FIFO, socket or device)");
			else {
				diag_error(src, 0, 0, "cannot read: %s", strerror(errno));
				set_status(s, 3);
				rc = -1;
			}
		} else {
			rc = site_write(s, relpath, data.ptr, data.len);
		}
		buf_release(&data);
		return rc;
	}
	for (k = 0; k < w->depth; k++)
		if (w->dev[k] == st.st_dev && w->ino[k] == st.st_ino)
			return asset_error(s, src, 3, "symbolic link loop: a directory that holds "
						      "itself");
	if (w->depth > ASSET_MAX_DEPTH)
		return asset_error(s, src, 1, "assets nested deeper than 8 levels");
	w->dev[w->depth] = st.st_dev;
	w->ino[w->depth++] = st.st_ino;
	names = list_dir(src, &n);
	for (i = 0; names && i < n; i++) {
		buf sub = BUF_INIT, rel = BUF_INIT;
		buf_printf(&sub, "%s/%s", src, names[i]);
		buf_printf(&rel, "%s/%s", relpath, names[i]);
		if (rc == 0)
			rc = copy_tree(s, sub.ptr, rel.ptr, w);
		buf_release(&sub);
		buf_release(&rel);
		free(names[i]);
	}
	free(names);
	w->depth--;
	return rc;
}

int site_copy_assets(site *s)
{
	buf src = BUF_INIT;
	asset_walk w;
	int rc;

	memset(&w, 0, sizeof w);
	buf_printf(&src, "%s/assets", s->ctx->theme_dir);
	rc = copy_tree(s, src.ptr, "assets", &w);
	buf_release(&src);
	return rc;
}

/* ---- checking a theme once, before the jobs (see build.h) ---- */

/* The strings a theme may hold: the keys of the default theme's strings.yaml
 * (strings_keys.h is made from it by the Makefile), beside those its own
 * templates name as {{t.key}}. */
static const char *const known_strings[] = {
#include "strings_keys.h"
	NULL
};

/* A key the templates name ({{t.key}}, {{#t.key}}...), and where. */
typedef struct tref {
	char *key;
	const char *file;
	int line, col;
} tref;

/* Adds the t.KEY references of template src (file) to *refs. */
static void template_refs(const char *file, const char *src, size_t len, tref **refs,
			  size_t *n)
{
	const char *p = src, *end = src + len;
	size_t at = 0;	/* line and col are those of src + at */
	int line = 1, col = 1;

	while (p + 1 < end && (p = memchr(p, '{', (size_t)(end - p)))) {
		const char *q = p + 2, *k;
		if (p + 1 >= end || p[1] != '{') {
			p++;
			continue;
		}
		while (q < end && strchr("#^/&{ ", *q))
			q++;
		if (end - q > 2 && q[0] == 't' && q[1] == '.') {
			for (k = q + 2; k < end && ((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
						    *k == '_' || *k == '-'); k++)
				;
			if (k > q + 2) {
				tref *r;
				*refs = xrealloc(*refs, (*n + 1) * sizeof **refs);
				r = &(*refs)[(*n)++];
				r->key = xstrndup(q + 2, (size_t)(k - q - 2));
				r->file = file;
				text_advance(src, at, (size_t)(q - src), &line, &col);
				at = (size_t)(q - src);
				r->line = line;
				r->col = col;
			}
		}
		p += 2;
	}
}

/* Reads, checks (UTF-8) and compiles every template of dir; collects their
 * t.KEY references.  Returns 0, 1 or 3 (reported). */
static int check_templates(const char *dir, char ***files, size_t *nfiles, buf *srcs,
			   tref **refs, size_t *nrefs)
{
	size_t n, i;
	char **names = list_dir(dir, &n);
	int st = 0;

	(void)srcs;
	for (i = 0; names && i < n; i++) {
		size_t len = strlen(names[i]);
		buf path = BUF_INIT, text = BUF_INIT;
		mustache *m;
		if (len <= 9 || strcmp(names[i] + len - 9, ".mustache")) {
			free(names[i]);
			continue;
		}
		buf_printf(&path, "%s/%s", dir, names[i]);
		if (read_file(path.ptr, &text) < 0) {
			int e = errno, rc = e == EFBIG ? 1 : 3;
			if (e == EISDIR)
				diag_error(path.ptr, 0, 0, "is a directory, expected a template file");
			else if (e == EFBIG)
				diag_error(path.ptr, 0, 0, "template larger than %u MiB", MAX_FILE_SIZE >> 20);
			else if (e == ELOOP)
				diag_error(path.ptr, 0, 0, "symbolic link loop: too many levels of links");
			else if (e == ENOENT)
				diag_error(path.ptr, 0, 0, "dangling symbolic link: its target does not exist");
			else
				diag_error(path.ptr, 0, 0, "cannot read: %s", strerror(e));
			st = rc > st ? rc : st;
		} else if (utf8_check(text.ptr, text.len) != text.len) {
			diag_error(path.ptr, 0, 0, "not valid UTF-8");
			st = st > 1 ? st : 1;
		} else if (!(m = mustache_compile(path.ptr, text.ptr, text.len))) {
			st = st > 1 ? st : 1;
		} else {
			mustache_free(m);
			*files = xrealloc(*files, (*nfiles + 1) * sizeof **files);
			(*files)[*nfiles] = buf_detach(&path);
			template_refs((*files)[*nfiles], text.ptr, text.len, refs, nrefs);
			(*nfiles)++;
		}
		buf_release(&path);
		buf_release(&text);
		free(names[i]);
	}
	free(names);
	return st;
}

int site_theme_check(const char *theme_dir)
{
	buf path = BUF_INIT, text = BUF_INIT;
	char **files = NULL;
	size_t nfiles = 0, nrefs = 0, i, k;
	tref *refs = NULL;
	ynode *root = NULL;
	int st, ok = 0;

	buf_printf(&path, "%s/templates", theme_dir);
	st = check_templates(path.ptr, &files, &nfiles, NULL, &refs, &nrefs);
	buf_reset(&path);
	buf_printf(&path, "%s/strings.yaml", theme_dir);
	if (read_file(path.ptr, &text) < 0) {
		diag_error(path.ptr, 0, 0, "cannot read: %s", strerror(errno));
		st = 3;
	} else if (utf8_check(text.ptr, text.len) != text.len) {
		diag_error(path.ptr, 0, 0, "not valid UTF-8");
		st = st > 1 ? st : 1;
	} else if (!(root = ydoc_parse(path.ptr, text.ptr, text.len, 1, &ok)) || root->kind != Y_MAP) {
		if (ok)
			diag_error(path.ptr, root ? root->line : 1, root ? root->col : 1,
				   "expected a mapping of strings");
		st = st > 1 ? st : 1;
	} else {
		for (i = 0; i + 1 < root->n; i += 2) {
			const ynode *key = root->items[i], *v = root->items[i + 1];
			int known = 0;
			if (v->kind != Y_SCALAR) {
				diag_error(path.ptr, v->line, v->col, "string \"%s\" must be a string, not %s",
					   key->str, ynode_describe(v));
				st = st > 1 ? st : 1;
			}
			for (k = 0; !known && known_strings[k]; k++)
				known = !strcmp(known_strings[k], key->str);
			for (k = 0; !known && k < nrefs; k++)
				known = !strcmp(refs[k].key, key->str);
			if (!known)
				diag_warning(path.ptr, key->line, key->col,
					     "unknown key \"%s\": no template nor page uses it", key->str);
		}
		for (k = 0; known_strings[k]; k++)
			if (!ymap_get(root, known_strings[k]))
				diag_warning(path.ptr, 1, 1, "missing key \"%s\"; shown empty",
					     known_strings[k]);
		for (k = 0; k < nrefs; k++) {
			size_t j;
			for (j = 0; j < k && strcmp(refs[j].key, refs[k].key); j++)
				;
			if (j == k && !ymap_get(root, refs[k].key))
				diag_warning(refs[k].file, refs[k].line, refs[k].col,
					     "\"t.%s\" is not in strings.yaml; shown empty", refs[k].key);
		}
	}
	ynode_free(root);
	for (k = 0; k < nrefs; k++)
		free(refs[k].key);
	free(refs);
	for (k = 0; k < nfiles; k++)
		free(files[k]);
	free(files);
	buf_release(&path);
	buf_release(&text);
	return st;
}
