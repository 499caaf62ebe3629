/* load_collections.c: reads content/ressources/ and content/experiences/
 * (Markdown with YAML front matter, read like fiches, pipe tables turned into
 * tables by md_tables) into the guide, and checks every key at its
 * position: kinds, populations, years, source addresses, and that every
 * fiche and resource named exists. */
#include "collections.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load_priv.h"
#include "md_tables.h"
#include "util.h"
#include "ydoc.h"

/* Limits against hostile input. */
#define MAX_ITEMS 10000
#define YEAR_MIN 1900
#define YEAR_MAX 2100

static char *string_key(src *s, const ynode *map, const char *key, int required,
			const char *what)
{
	return load_string(s, load_field(s, map, key, required, what), key);
}

/* Index of the fiche with id (fiches without a valid id are skipped), or -1. */
static long find_fiche(const guide *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nfiches; i++)
		if (g->fiches[i].id && !strcmp(g->fiches[i].id, id))
			return (long)i;
	return -1;
}

/*
 * Reads the list of ids n (under key) into *out, as indexes of fiches
 * (fiches != 0) or of resources; at least one when min_one.
 */
static void load_refs(src *s, const guide *g, const ynode *n, const char *key, int fiches,
		      int min_one, size_t **out, size_t *count)
{
	const char *what = fiches ? "fiche" : "resource";
	buf quoted = BUF_INIT;
	size_t i, j;

	buf_printf(&quoted, "\"%s\"", key);
	if (!load_expect_list(s, n, quoted.ptr)) {
		buf_release(&quoted);
		return;
	}
	buf_release(&quoted);
	if (!n->n && min_one) {
		load_error(s, n, "\"%s\" must name at least one %s", key, what);
		return;
	}
	*out = xcalloc(n->n ? n->n : 1, sizeof **out);
	for (i = 0; i < n->n; i++) {
		char *id = load_string(s, n->items[i], key);
		long x;

		if (!id)
			continue;
		x = fiches ? find_fiche(g, id) : guide_find_ressource(g, id);
		for (j = 0; x >= 0 && j < *count; j++)
			if ((*out)[j] == (size_t)x)
				break;
		if (x < 0 && fiches && guide_fiche_failed(g, id))
			;	/* the rule of load.c: that fiche's own error was reported */
		else if (x < 0)
			load_error(s, n->items[i], "unknown %s \"%s\"", what, id);
		else if (j < *count)
			load_error(s, n->items[i], "%s \"%s\" is listed twice", what, id);
		else
			(*out)[(*count)++] = (size_t)x;
		free(id);
	}
}

static void load_kind(src *s, kind *k, const ynode *n)
{
	int i;

	for (i = 0; n->kind == Y_SCALAR && i <= KIND_AUTRE; i++) {
		if (!strcmp(n->str, kind_name((kind)i))) {
			*k = (kind)i;
			return;
		}
	}
	load_error(s, n, "\"kind\" must be commune, intercommunalite, departement, region or autre");
}

static void load_population(src *s, long *pop, const ynode *n)
{
	long v;

	if (yscalar_int(n, &v) && v >= 0)
		*pop = v;
	else if (n->kind == Y_SCALAR && n->plain && n->len &&
		 strspn(n->str, "0123456789") == n->len)
		load_error(s, n, "\"population\" %s is too large", n->str);
	else
		load_error(s, n, "\"population\" must be a whole number of inhabitants (0 or more)");
}

static void load_year(src *s, int *year, const ynode *n)
{
	long v;

	if (yscalar_int(n, &v) && v >= YEAR_MIN && v <= YEAR_MAX)
		*year = (int)v;
	else
		load_error(s, n, "\"year\" must be a year from %d to %d", YEAR_MIN, YEAR_MAX);
}

/* Whether u is an absolute http(s) address with a host and no space,
 * control character, quote or angle bracket (it goes into href and PDFs). */
static int url_valid(const char *u)
{
	const char *host, *p;

	if (!strncmp(u, "https://", 8))
		host = u + 8;
	else if (!strncmp(u, "http://", 7))
		host = u + 7;
	else
		return 0;
	if (!*host || *host == '/' || *host == '?' || *host == '#')
		return 0;
	for (p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("\"'<>\\`", *p))
			return 0;
	return 1;
}

static void load_sources(src *s, experience *e, const ynode *list)
{
	static const char *const keys[] = { "title", "url", NULL };
	size_t i;

	if (!load_expect_list(s, list, "\"sources\""))
		return;
	if (!list->n) {
		load_error(s, list, "\"sources\" must list at least one source: where the facts come from");
		return;
	}
	e->sources = xcalloc(list->n, sizeof *e->sources);
	for (i = 0; i < list->n; i++) {
		const ynode *m = list->items[i], *u;
		char *title, *url;

		if (!load_expect_map(s, m, "a source"))
			continue;
		load_check_keys(s, m, "a source", keys);
		title = string_key(s, m, "title", 1, "a source");
		u = load_field(s, m, "url", 1, "a source");
		url = load_string(s, u, "url");
		if (url && !url_valid(url)) {
			load_error(s, u, "\"url\" must be an address starting with http:// or https://, "
				  "without spaces or quotes");
			free(url);
			url = NULL;
		}
		if (title && url) {
			e->sources[e->nsources].title = title;
			e->sources[e->nsources++].url = url;
		} else {
			free(title);
			free(url);
		}
	}
}

static void experience_front(src *s, const guide *g, experience *e, const ynode *root)
{
	static const char *const keys[] = { "title", "territory", "kind", "population", "year",
					    "fiches", "summary", "sources", "ressources", NULL };
	const char *what = "an experience";
	ynode *n;

	load_check_keys(s, root, what, keys);
	e->title = string_key(s, root, "title", 1, what);
	e->territory = string_key(s, root, "territory", 1, what);
	if ((n = load_field(s, root, "kind", 1, what)))
		load_kind(s, &e->kind, n);
	if ((n = load_field(s, root, "population", 1, what)))
		load_population(s, &e->population, n);
	if ((n = load_field(s, root, "year", 1, what)))
		load_year(s, &e->year, n);
	if ((n = load_field(s, root, "fiches", 1, what)))
		load_refs(s, g, n, "fiches", 1, 1, &e->fiches, &e->nfiches);
	e->summary = string_key(s, root, "summary", 1, what);
	if ((n = load_field(s, root, "sources", 1, what)))
		load_sources(s, e, n);
	if ((n = load_field(s, root, "ressources", 0, NULL)))
		load_refs(s, g, n, "ressources", 0, 0, &e->ressources, &e->nressources);
}

static void load_type(src *s, ressource_type *t, const ynode *n)
{
	int i;

	for (i = 0; n->kind == Y_SCALAR && i < RESSOURCE_NTYPES; i++) {
		if (!strcmp(n->str, ressource_type_name((ressource_type)i))) {
			*t = (ressource_type)i;
			return;
		}
	}
	load_error(s, n, "\"type\" must be clauses, cahier-des-charges, fiche-de-poste, deliberation, "
		  "charte, methode or financement");
}

static void ressource_front(src *s, const guide *g, ressource *r, const ynode *root)
{
	static const char *const keys[] = { "title", "type", "fiches", "summary", "licence",
					    NULL };
	const char *what = "a resource";
	ynode *n;

	load_check_keys(s, root, what, keys);
	r->title = string_key(s, root, "title", 1, what);
	if ((n = load_field(s, root, "type", 1, what)))
		load_type(s, &r->type, n);
	if ((n = load_field(s, root, "fiches", 1, what)))
		load_refs(s, g, n, "fiches", 1, 1, &r->fiches, &r->nfiches);
	r->summary = string_key(s, root, "summary", 1, what);
	r->licence = string_key(s, root, "licence", 1, what);
}

/*
 * Checks text (of file s->file; what: "an experience"; format: its template
 * name), parses its front matter into *root (a mapping, or NULL after an
 * error) and its body into *body.  Returns 0 or 1 (reported).
 */
static int parse_markdown(src *s, const char *what, const char *format, const buf *b,
			  ynode **root, cmark_node **body, int *body_line)
{
	const char *fm = NULL, *md = NULL;
	size_t fm_len = 0;
	long start;
	int ok = 0;

	*root = NULL;
	start = load_text_start(s, b);
	if (start >= 0 && load_split_front(s, what, b->ptr + start, b->len - (size_t)start, &fm,
					   &fm_len, &md, body_line) == 0)
		*root = ydoc_parse(s->file, fm, fm_len, 2, &ok);
	if (ok && !*root) {
		diag_error(s->file, 2, 1, "empty front matter: \"autodiag template --format %s\" "
					  "prints the keys to fill in", format);
		ok = 0;
	}
	if (ok && !load_expect_map(s, *root, "the front matter"))
		ok = 0;
	if (!ok) {
		ynode_free(*root);
		*root = NULL;
		s->failed = 1;
	}
	if (md) {
		*body = cmark_parse_document(md, (size_t)(b->ptr + b->len - md), CMARK_OPT_DEFAULT);
		md_tables(*body);
	}
	return s->failed;
}

/* Sets *id to base when it is a valid id (else reports it). */
static void file_id(src *s, char **id, const char *base)
{
	if (id_valid(base))
		*id = xstrdup(base);
	else
		load_error(s, NULL, "file name \"%s\" is not a valid id: use lower-case letters, digits "
			     "and '-' (it names the page)", base);
}

int experience_parse(const guide *g, experience *e, const char *path, const char *base,
		     const buf *text)
{
	src s = { path, 0 };
	ynode *root;

	e->path = xstrdup(path);
	e->population = -1;
	file_id(&s, &e->id, base);
	parse_markdown(&s, "an experience", "experience", text, &root, &e->body, &e->body_line);
	if (root)
		experience_front(&s, g, e, root);
	ynode_free(root);
	return s.failed;
}

int ressource_parse(const guide *g, ressource *r, const char *path, const char *base,
		    const buf *text)
{
	src s = { path, 0 };
	ynode *root;

	r->path = xstrdup(path);
	file_id(&s, &r->id, base);
	parse_markdown(&s, "a resource", "ressource", text, &root, &r->body, &r->body_line);
	if (root)
		ressource_front(&s, g, r, root);
	ynode_free(root);
	return s.failed;
}

/* Reads path and parses it as an experience (ressource != 0: a resource)
 * into item; returns 0, 1 or 3. */
static int load_item(const guide *g, void *item, int ressource, const char *path,
		     const char *base)
{
	buf b = BUF_INIT;
	int st = load_read_text(path, &b);

	if (st) {
		if (ressource)
			((struct ressource *)item)->path = xstrdup(path);
		else
			((experience *)item)->path = xstrdup(path);
	} else if (ressource) {
		st = ressource_parse(g, item, path, base, &b);
	} else {
		st = experience_parse(g, item, path, base, &b);
	}
	buf_release(&b);
	return st;
}

/*
 * Lists dir's *.md files (names without .md, sorted) into *names.  Returns
 * their count (0 when dir does not exist), or -1 with *status set (reported).
 */
static long list_md(const char *dir, char ***names, int *status)
{
	long n = load_list_dir(dir, ".md", names, MAX_ITEMS), i;

	if (n == -1 && errno == ENOENT)
		return 0;
	if (n == -2) {
		diag_error(dir, 0, 0, "more than %d files", MAX_ITEMS);
		*status = 1;
		return -1;
	}
	if (n < 0) {
		diag_error(dir, 0, 0, "cannot read directory: %s", strerror(errno));
		*status = 3;
		return -1;
	}
	for (i = 0; i < n; i++)
		(*names)[i][strlen((*names)[i]) - 3] = '\0';
	return n;
}

int collections_load(const char *content_dir, guide *g)
{
	buf dir = BUF_INIT, path = BUF_INIT;
	char **names;
	int status = 0, st;
	long n, i;

	buf_printf(&dir, "%s/ressources", content_dir);
	if ((n = list_md(dir.ptr, &names, &status)) > 0)
		g->ressources = xcalloc((size_t)n, sizeof *g->ressources);
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s.md", dir.ptr, names[i]);
		st = load_item(g, &g->ressources[g->nressources++], 1, path.ptr, names[i]);
		status = st > status ? st : status;
		free(names[i]);
	}
	if (n > 0)
		free(names);
	buf_reset(&dir);
	buf_printf(&dir, "%s/experiences", content_dir);
	if ((n = list_md(dir.ptr, &names, &status)) > 0)
		g->experiences = xcalloc((size_t)n, sizeof *g->experiences);
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s.md", dir.ptr, names[i]);
		st = load_item(g, &g->experiences[g->nexperiences++], 0, path.ptr, names[i]);
		status = st > status ? st : status;
		free(names[i]);
	}
	if (n > 0)
		free(names);
	buf_release(&dir);
	buf_release(&path);
	return status;
}
