/* load.c: reads content/site.yaml, content/fiches/ (Markdown) and answers files
 * into the model, checking every rule of DESIGN.md and reporting each
 * problem at the position of the offending node.  Loading continues after an
 * error so that one run reports all of them.
 *
 * THE RULE of error recovery across files:
 *   a fiche, an axis or an answers file that failed to load is either absent
 *   from the model or complete; every reference to it gives a positioned
 *   error or is skipped.
 * So: an axis or a fiche with any error is dropped from guide->axes or
 * guide->fiches once reported, and its id (when it has one) is recorded in
 * guide->failed_axes / failed_fiches; a fiche on a failed axis is dropped
 * too (silently: the axis error says why); an answers file with an error is
 * never returned.  References from other files (answers naming a fiche, a
 * question or an axis, targets, notes) to a failed id are skipped without a
 * second error; references to ids that exist nowhere are errors.  A scale
 * level with an error keeps its place (levels are counted) with an empty
 * label.  When site.yaml leaves no usable scale or axis, the fiches and the
 * answers are not read at all: they cannot be checked against nothing, and
 * reporting every reference as unknown would only bury the real error.
 * Later phases (score, site, pdf) run only on a load without error, but the
 * loader itself and `check` walk a partial model, hence this rule. */
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "html.h"
#include "collections.h"
#include "load_priv.h"
#include "par.h"
#include "score.h"
#include "util.h"
#include "ydoc.h"

/* Limits against hostile input (README, "Limits"). */
#define MAX_FICHES 10000
#define MAX_ANSWERS 100000
/* Weights are bounded so that every sum and mean of scoring stays finite
 * and exact enough: 10 000 fiches x 1000 x a level is far from overflow,
 * and no weight is so small that w * level / w rounds off the scale. */
#define MIN_WEIGHT 0.001
#define MAX_WEIGHT 1000
#define MAX_POPULATION 1000000000L
#define MAX_RESPONDENTS 100

static void strv_push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* Reports a diagnostic at n (1:1 when n is NULL); an error marks s failed. */
static void vreport(src *s, const ynode *n, int error, const char *fmt, va_list ap)
{
	buf msg = BUF_INIT;

	buf_vprintf(&msg, fmt, ap);
	if (error) {
		diag_error(s->file, n ? n->line : 1, n ? n->col : 1, "%s", msg.ptr);
		s->failed = 1;
	} else {
		diag_warning(s->file, n ? n->line : 1, n ? n->col : 1, "%s", msg.ptr);
	}
	buf_release(&msg);
}

static void err(src *s, const ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err(src *s, const ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(s, n, 1, fmt, ap);
	va_end(ap);
}

static void warn(src *s, const ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(src *s, const ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(s, n, 0, fmt, ap);
	va_end(ap);
}

/* Reports keys of map not listed in allowed (NULL-terminated). */
static void check_keys(src *s, const ynode *map, const char *what,
		       const char *const *allowed)
{
	size_t i, k;

	for (i = 0; i + 1 < map->n; i += 2) {
		const ynode *key = map->items[i];
		for (k = 0; allowed[k]; k++)
			if (!strcmp(key->str, allowed[k]))
				break;
		if (!allowed[k])
			err(s, key, "unknown key \"%s\" in %s", key->str, what);
	}
}

/* The value of key, or NULL (reported when required). */
static ynode *field(src *s, const ynode *map, const char *key, int required,
		    const char *what)
{
	ynode *v = ymap_get(map, key);

	if (v && v->kind == Y_SCALAR && yscalar_is_null(v))
		v = NULL;
	if (!v && required)
		err(s, map, "missing required key \"%s\" in %s", key, what);
	return v;
}

/* A scalar as a new string, or NULL (reported when of the wrong kind). */
static char *as_string(src *s, const ynode *n, const char *key)
{
	if (!n)
		return NULL;
	if (n->kind != Y_SCALAR) {
		err(s, n, "\"%s\" must be a string, not %s", key, ynode_describe(n));
		return NULL;
	}
	return xstrdup(n->str);
}

static char *string_field(src *s, const ynode *map, const char *key,
			  int required, const char *what)
{
	return as_string(s, field(s, map, key, required, what), key);
}

/* A required string that is an id of [a-z0-9-]. */
static char *id_field(src *s, const ynode *map, const char *key, const char *what)
{
	ynode *n = field(s, map, key, 1, what);
	char *id = as_string(s, n, key);

	if (id && !id_valid(id)) {
		err(s, n, "invalid id \"%s\": use lower-case letters, digits and '-'", id);
		free(id);
		return NULL;
	}
	return id;
}

static int expect_map(src *s, const ynode *n, const char *what)
{
	if (n && n->kind == Y_MAP)
		return 1;
	err(s, n, "%s must be a mapping, not %s", what, ynode_describe(n));
	return 0;
}

static int expect_list(src *s, const ynode *n, const char *what)
{
	if (n && n->kind == Y_SEQ)
		return 1;
	err(s, n, "%s must be a list, not %s", what, ynode_describe(n));
	return 0;
}

/* A weight: a number from MIN_WEIGHT to MAX_WEIGHT, default 1. */
static double weight_field(src *s, const ynode *map)
{
	ynode *n = field(s, map, "weight", 0, NULL);
	double w;

	if (!n)
		return 1;
	if (!yscalar_number(n, &w) || !(w >= MIN_WEIGHT && w <= MAX_WEIGHT)) {
		err(s, n, "\"weight\" must be a number from 0.001 to 1000");
		return 1;
	}
	return w;
}

/* ---- site.yaml ---- */

static void load_scale(src *s, guide *g, const ynode *list)
{
	size_t i;

	if (!expect_list(s, list, "\"scale\""))
		return;
	if (list->n < 2 || list->n > 10) {
		err(s, list, "\"scale\" must have 2 to 10 levels, not %zu", list->n);
		return;
	}
	g->scale = xcalloc(list->n, sizeof *g->scale);
	g->nscale = list->n;
	for (i = 0; i < list->n; i++) {
		static const char *const keys[] = { "level", "label", "description", NULL };
		const ynode *m = list->items[i];
		scale_level *l = &g->scale[i];
		ynode *lv;
		long v;

		l->level = (int)i;
		if (!expect_map(s, m, "a scale level"))
			continue;
		check_keys(s, m, "a scale level", keys);
		lv = field(s, m, "level", 1, "a scale level");
		if (lv && (!yscalar_int(lv, &v) || v != (long)i))
			err(s, lv, "scale level must be %zu (levels count up from 0)", i);
		l->label = string_field(s, m, "label", 1, "a scale level");
		l->description = string_field(s, m, "description", 0, NULL);
	}
	/* the rule: a level in error keeps its place, complete */
	for (i = 0; i < g->nscale; i++)
		if (!g->scale[i].label)
			g->scale[i].label = xstrdup("");
}

static void axis_release(axis *a)
{
	free(a->id);
	free(a->title);
	free(a->summary);
	memset(a, 0, sizeof *a);
}

static void load_axes(src *s, guide *g, const ynode *list)
{
	size_t i, j;

	if (!expect_list(s, list, "\"axes\""))
		return;
	if (!list->n) {
		err(s, list, "\"axes\" must list at least one axis");
		return;
	}
	g->axes = xcalloc(list->n, sizeof *g->axes);
	for (i = 0; i < list->n; i++) {
		static const char *const keys[] = { "id", "title", "summary", NULL };
		const ynode *m = list->items[i];
		axis *a = &g->axes[g->naxes];
		int before = s->failed, dup = 0;

		s->failed = 0;
		if (!expect_map(s, m, "an axis")) {
			s->failed = 1;
			continue;
		}
		check_keys(s, m, "an axis", keys);
		a->id = id_field(s, m, "id", "an axis");
		a->title = string_field(s, m, "title", 1, "an axis");
		a->summary = string_field(s, m, "summary", 0, NULL);
		for (j = 0; a->id && j < g->naxes; j++)
			if (!strcmp(g->axes[j].id, a->id))
				dup = 1;
		if (dup)
			err(s, ymap_get(m, "id"), "duplicate axis id \"%s\"", a->id);
		if (s->failed) {
			/* the rule: dropped; its fiches are skipped, not misreported */
			if (a->id && !dup && !guide_axis_failed(g, a->id))
				strv_push(&g->failed_axes, &g->nfailed_axes, a->id);
			axis_release(a);
		} else {
			g->naxes++;
		}
		s->failed |= before;
	}
}

static void load_roles(src *s, guide *g, const ynode *list)
{
	size_t i, j;

	if (!expect_list(s, list, "\"roles\""))
		return;
	g->roles = xcalloc(list->n ? list->n : 1, sizeof *g->roles);
	for (i = 0; i < list->n; i++) {
		static const char *const keys[] = { "id", "label", NULL };
		const ynode *m = list->items[i];
		role *r = &g->roles[g->nroles];

		if (!expect_map(s, m, "a role"))
			continue;
		check_keys(s, m, "a role", keys);
		r->id = id_field(s, m, "id", "a role");
		r->label = string_field(s, m, "label", 1, "a role");
		for (j = 0; r->id && j < g->nroles; j++)
			if (g->roles[j].id && !strcmp(g->roles[j].id, r->id))
				err(s, ymap_get(m, "id"), "duplicate role id \"%s\"", r->id);
		if (!r->id || !r->label) {
			free(r->id);
			free(r->label);
			continue;
		}
		g->nroles++;
	}
}

/* An optional whole number of site.yaml from lo to hi into *out. */
static void int_setting(src *s, const ynode *root, const char *key, long lo, long hi,
			int *out)
{
	ynode *n = field(s, root, key, 0, NULL);
	long v;

	if (!n)
		return;
	if (!yscalar_int(n, &v) || v < lo || v > hi)
		err(s, n, "\"%s\" must be a whole number from %ld to %ld", key, lo, hi);
	else
		*out = (int)v;
}

/*
 * Checks text for invalid UTF-8 and NUL bytes, strips a BOM.  Returns the
 * offset where the content starts, or -1 (reported).
 */
static long text_prepare(src *s, const buf *b)
{
	size_t start = 0, bad;
	int line, col;

	if (b->len >= 3 && !memcmp(b->ptr, "\xef\xbb\xbf", 3))
		start = 3;
	else if (b->len >= 2 && (!memcmp(b->ptr, "\xff\xfe", 2) || !memcmp(b->ptr, "\xfe\xff", 2) ||
				 (b->len >= 4 && !memcmp(b->ptr, "\0\0\xfe\xff", 4)))) {
		diag_error(s->file, 1, 1, "file is encoded in UTF-%s; save it as UTF-8",
			   b->ptr[0] ? "16" : "32");
		s->failed = 1;
		return -1;
	}
	bad = utf8_check(b->ptr + start, b->len - start);
	if (bad == b->len - start)
		return (long)start;
	text_position(b->ptr + start, bad, &line, &col);
	diag_error(s->file, line, col, b->ptr[start + bad] ? "invalid UTF-8 byte sequence"
							     : "NUL byte in text file");
	s->failed = 1;
	return -1;
}

/*
 * Reads path; on failure reports it and returns 1 for a file over the size
 * limit (invalid input), 3 when the system cannot hand its bytes over.
 */
static int read_text(const char *path, buf *b)
{
	struct stat st;

	if (read_file(path, b) == 0)
		return 0;
	if (errno == EFBIG) {
		diag_error(path, 0, 0, "file larger than %u MiB", MAX_FILE_SIZE >> 20);
		return 1;
	}
	if (errno == EISDIR)
		diag_error(path, 0, 0, "is a directory, expected a file");
	else if (errno == EINVAL)
		diag_error(path, 0, 0, "not a regular file (a FIFO, socket or device)");
	else if (errno == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		diag_error(path, 0, 0, "dangling symbolic link: its target does not exist");
	else if (errno == ELOOP)
		diag_error(path, 0, 0, "symbolic link loop: too many levels of links");
	else
		diag_error(path, 0, 0, "cannot read: %s", strerror(errno));
	return 3;
}

static int load_site(const char *path, guide *g)
{
	static const char *const keys[] = { "title", "version", "language", "description",
					    "base_url", "scale", "axes", "roles",
					    "priority_measures", "review_months", "divergence",
					    NULL };
	src s = { path, 0 };
	buf b = BUF_INIT;
	ynode *root;
	long start;
	int ok, st;

	if ((st = read_text(path, &b))) {
		buf_release(&b);
		return st;
	}
	start = text_prepare(&s, &b);
	root = start < 0 ? NULL : ydoc_parse(path, b.ptr + start, b.len - (size_t)start, 1, &ok);
	if (start >= 0 && ok && expect_map(&s, root, "site.yaml")) {
		check_keys(&s, root, "site.yaml", keys);
		g->title = string_field(&s, root, "title", 1, "site.yaml");
		g->version = string_field(&s, root, "version", 1, "site.yaml");
		g->language = string_field(&s, root, "language", 0, NULL);
		g->description = string_field(&s, root, "description", 0, NULL);
		g->base_url = string_field(&s, root, "base_url", 0, NULL);
		if (field(&s, root, "scale", 1, "site.yaml"))
			load_scale(&s, g, ymap_get(root, "scale"));
		if (field(&s, root, "axes", 1, "site.yaml"))
			load_axes(&s, g, ymap_get(root, "axes"));
		if (field(&s, root, "roles", 0, NULL))
			load_roles(&s, g, ymap_get(root, "roles"));
		int_setting(&s, root, "priority_measures", 1, PRIORITY_MEASURES_MAX,
			    &g->priority_measures);
		int_setting(&s, root, "review_months", 1, REVIEW_MONTHS_MAX, &g->review_months);
		if (g->nscale)
			int_setting(&s, root, "divergence", 1, guide_max_level(g), &g->divergence);
	} else if (start >= 0 && ok) {
		s.failed = 1;
	} else {
		s.failed = 1;
	}
	if (!g->language)
		g->language = xstrdup("fr");
	ynode_free(root);
	buf_release(&b);
	return s.failed ? 1 : 0;
}

/* ---- fiches ---- */

static void load_levels(src *s, const guide *g, question *q, const ynode *list)
{
	size_t i;

	if (!expect_list(s, list, "\"levels\""))
		return;
	if (list->n != g->nscale) {
		err(s, list, "expected %zu level descriptors (one per scale level), found %zu",
		    g->nscale, list->n);
		return;
	}
	q->levels = xcalloc(g->nscale, sizeof *q->levels);
	for (i = 0; i < list->n; i++) {
		q->levels[i] = as_string(s, list->items[i], "levels");
		if (!q->levels[i])
			q->levels[i] = xstrdup("");
	}
}

static void load_questions(src *s, const guide *g, fiche *f, const ynode *list)
{
	static const char *const keys[] = { "id", "text", "help", "weight", "levels", NULL };
	size_t i, j;

	if (!expect_list(s, list, "\"questions\""))
		return;
	f->questions = xcalloc(list->n, sizeof *f->questions);
	f->nquestions = list->n;
	for (i = 0; i < list->n; i++) {
		const ynode *m = list->items[i];
		question *q = &f->questions[i];

		q->weight = 1;
		q->line = m->line;
		q->col = m->col;
		if (!expect_map(s, m, "a question"))
			continue;
		check_keys(s, m, "a question", keys);
		q->id = id_field(s, m, "id", "a question");
		q->text = string_field(s, m, "text", 1, "a question");
		q->help = string_field(s, m, "help", 0, NULL);
		q->weight = weight_field(s, m);
		if (field(s, m, "levels", 1, "a question"))
			load_levels(s, g, q, ymap_get(m, "levels"));
		for (j = 0; q->id && j < i; j++)
			if (f->questions[j].id && !strcmp(f->questions[j].id, q->id))
				err(s, ymap_get(m, "id"), "duplicate question id \"%s\"", q->id);
	}
}

static long find_question(const fiche *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i].id && !strcmp(f->questions[i].id, id))
			return (long)i;
	return -1;
}

static void load_string_list(src *s, const ynode *list, const char *key,
			     char ***out, size_t *n);

static void load_effort(src *s, recommendation *r, const ynode *n)
{
	static const char *const names[] = { "faible", "moyen", "fort" };
	size_t k;

	for (k = 0; n->kind == Y_SCALAR && k < 3; k++) {
		if (!strcmp(n->str, names[k])) {
			r->effort = (effort)(k + 1);
			return;
		}
	}
	err(s, n, "\"effort\" must be faible, moyen or fort");
}

static void load_rec(src *s, const guide *g, fiche *f, recommendation *r, const ynode *m)
{
	static const char *const keys[] = { "id", "question", "below", "horizon", "porteur",
					    "effort", "text", NULL };
	ynode *n;
	long v;

	r->question = -1;
	r->horizon = HORIZON_MOYEN;
	r->line = m->line;
	r->col = m->col;
	if (!expect_map(s, m, "a recommendation"))
		return;
	check_keys(s, m, "a recommendation", keys);
	if (field(s, m, "id", 0, NULL))
		r->id = id_field(s, m, "id", "a recommendation");
	if ((n = field(s, m, "question", 0, NULL))) {
		char *id = as_string(s, n, "question");
		if (id && (r->question = (int)find_question(f, id)) < 0)
			err(s, n, "unknown question \"%s\" in fiche \"%s\"", id, f->id ? f->id : "");
		free(id);
	}
	if ((n = field(s, m, "below", 1, "a recommendation"))) {
		if (!yscalar_int(n, &v) || v < 1 || v > guide_max_level(g))
			err(s, n, "\"below\" must be a level from 1 to %d", guide_max_level(g));
		else
			r->below = (int)v;
	}
	if ((n = field(s, m, "horizon", 0, NULL))) {
		if (n->kind == Y_SCALAR && !strcmp(n->str, "court"))
			r->horizon = HORIZON_COURT;
		else if (n->kind == Y_SCALAR && !strcmp(n->str, "long"))
			r->horizon = HORIZON_LONG;
		else if (n->kind != Y_SCALAR || strcmp(n->str, "moyen"))
			err(s, n, "\"horizon\" must be court, moyen or long");
	}
	if ((n = field(s, m, "porteur", 0, NULL)))
		load_string_list(s, n, "porteur", &r->porteur, &r->nporteur);
	if ((n = field(s, m, "effort", 0, NULL)))
		load_effort(s, r, n);
	r->text = string_field(s, m, "text", 1, "a recommendation");
}

/* A name and its rank, to find duplicates by sorting. */
typedef struct named {
	const char *name;
	size_t i;
} named;

static int cmp_named(const void *pa, const void *pb)
{
	const named *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/*
 * Sets first[i] to 1 + the index of the earliest name equal to names[i]
 * (0 when names[i] is the first of its kind, or NULL); O(n log n).
 */
static void find_duplicates(const char *const *names, size_t n, size_t *first)
{
	named *v = xmalloc((n ? n : 1) * sizeof *v);
	size_t i, m = 0, start = 0;

	for (i = 0; i < n; i++) {
		first[i] = 0;
		if (names[i])
			v[m++] = (named){ names[i], i };
	}
	if (m > 1)
		qsort(v, m, sizeof *v, cmp_named);
	for (i = 1; i < m; i++) {
		if (strcmp(v[i].name, v[start].name))
			start = i;
		else
			first[v[i].i] = v[start].i + 1;
	}
	free(v);
}

/*
 * Gives each recommendation without an id its default (<question>-<n>, or
 * fiche-<n>), sets the full ids, and reports ids used twice in the fiche.
 */
static void rec_ids(src *s, fiche *f, const ynode *list)
{
	size_t *rank = xcalloc(f->nquestions + 1, sizeof *rank);
	size_t *first = xmalloc((f->nrecs ? f->nrecs : 1) * sizeof *first);
	const char **ids = xmalloc((f->nrecs ? f->nrecs : 1) * sizeof *ids);
	size_t i;

	for (i = 0; i < f->nrecs; i++) {
		recommendation *r = &f->recs[i];
		size_t k = r->question >= 0 ? (size_t)r->question + 1 : 0;
		buf b = BUF_INIT;
		rank[k]++;
		if (!r->id && (r->question < 0 || f->questions[r->question].id)) {
			buf_printf(&b, "%s-%zu",
				   r->question >= 0 ? f->questions[r->question].id : "fiche", rank[k]);
			r->id = buf_detach(&b);
		}
		if (r->id && f->id) {
			buf_printf(&b, "%s.%s", f->id, r->id);
			r->full_id = buf_detach(&b);
		}
		ids[i] = r->id;
	}
	find_duplicates(ids, f->nrecs, first);
	for (i = 0; i < f->nrecs; i++) {
		const ynode *m = list->items[i], *at = m->kind == Y_MAP ? ymap_get(m, "id") : NULL;
		if (first[i])
			err(s, at ? at : m, "duplicate recommendation id \"%s\" (also line %d)",
			    f->recs[i].id, f->recs[first[i] - 1].line);
	}
	free(ids);
	free(first);
	free(rank);
}

/*
 * Warns about questions that no question rule covers, and about questions
 * whose rules stop short of the top of the scale: at a level of at least
 * every rule's `below`, the question would have no next step.
 */
static void check_coverage(src *s, const guide *g, const fiche *f)
{
	int *top = xcalloc(f->nquestions + 1, sizeof *top);
	size_t i;

	for (i = 0; i < f->nrecs; i++)
		if (f->recs[i].question >= 0 && f->recs[i].below > top[f->recs[i].question])
			top[f->recs[i].question] = f->recs[i].below;
	for (i = 0; i < f->nquestions; i++) {
		const question *q = &f->questions[i];
		if (!q->id)
			continue;
		if (!top[i])
			diag_warning(s->file, q->line, q->col,
				     "no recommendation covers question \"%s\"", q->id);
		else if (top[i] < guide_max_level(g))
			diag_warning(s->file, q->line, q->col,
				     "question \"%s\" has no next step at level %d: no "
				     "recommendation has a \"below\" above %d", q->id, top[i],
				     top[i]);
	}
	free(top);
}

static void load_string_list(src *s, const ynode *list, const char *key,
			     char ***out, size_t *n)
{
	buf what = BUF_INIT;
	size_t i;

	buf_printf(&what, "\"%s\"", key);
	if (!expect_list(s, list, what.ptr)) {
		buf_release(&what);
		return;
	}
	buf_release(&what);
	*out = xcalloc(list->n ? list->n : 1, sizeof **out);
	for (i = 0; i < list->n; i++) {
		char *str = as_string(s, list->items[i], key);
		if (str)
			(*out)[(*n)++] = str;
	}
}

static void load_front(src *s, guide *g, fiche *f, const ynode *root, const char *base)
{
	static const char *const keys[] = { "id", "title", "axis", "weight", "order", "summary",
					    "competences", "questions", "recommendations", NULL };
	ynode *n;
	long v;
	size_t i;

	check_keys(s, root, "a fiche", keys);
	f->id_line = f->id_col = 1;
	if ((n = field(s, root, "id", 0, NULL))) {
		f->id = id_field(s, root, "id", "a fiche");
		f->id_line = n->line;
		f->id_col = n->col;
	}
	else if (id_valid(base))
		f->id = xstrdup(base);
	else
		err(s, NULL, "file name \"%s\" is not a valid id; add an \"id\" key", base);
	f->title = string_field(s, root, "title", 1, "a fiche");
	f->summary = string_field(s, root, "summary", 0, NULL);
	if ((n = field(s, root, "axis", 1, "a fiche"))) {
		char *id = as_string(s, n, "axis");
		long a = id ? guide_find_axis(g, id) : -1;
		if (id && a < 0 && guide_axis_failed(g, id))
			s->failed = 1;	/* the rule: the axis error says why */
		else if (id && a < 0)
			err(s, n, "unknown axis \"%s\"", id);
		f->axis = a < 0 ? 0 : (size_t)a;
		free(id);
	}
	f->weight = weight_field(s, root);
	f->order = 1000;
	if ((n = field(s, root, "order", 0, NULL))) {
		if (!yscalar_int(n, &v))
			err(s, n, "\"order\" must be an integer");
		else
			f->order = v;
	}
	if ((n = field(s, root, "competences", 0, NULL)))
		load_string_list(s, n, "competences", &f->competences, &f->ncompetences);
	if ((n = field(s, root, "questions", 0, NULL)) && g->nscale)
		load_questions(s, g, f, n);
	if ((n = field(s, root, "recommendations", 0, NULL)) &&
	    expect_list(s, n, "\"recommendations\"") && g->nscale) {
		f->recs = xcalloc(n->n, sizeof *f->recs);
		f->nrecs = n->n;
		for (i = 0; i < n->n; i++)
			load_rec(s, g, f, &f->recs[i], n->items[i]);
		rec_ids(s, f, n);
	}
	if (!s->failed)
		check_coverage(s, g, f);
}

/* Length of the line at p (without its \n or \r\n). */
static size_t line_len(const char *p, const char *end)
{
	const char *e = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((e ? e : end) - p);

	if (n && p[n - 1] == '\r')
		n--;
	return n;
}

static int is_fence(const char *p, size_t n, int closing)
{
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return (n == 3 && !memcmp(p, "---", 3)) || (closing && n == 3 && !memcmp(p, "...", 3));
}

/*
 * Splits text into front matter [*fm, *fm_len) and body (from *body on, at
 * file line *body_line).  Returns 0, or -1 (reported).
 */
static int split_front(src *s, const char *what, const char *text, size_t len,
		       const char **fm, size_t *fm_len, const char **body, int *body_line)
{
	const char *end = text + len, *p;
	int line = 2;

	if (!len || !is_fence(text, line_len(text, end), 0)) {
		diag_error(s->file, 1, 1, "missing front matter: %s starts with a \"---\" line",
			   what);
		return -1;
	}
	p = memchr(text, '\n', len);
	p = p ? p + 1 : end;
	*fm = p;
	while (p < end) {
		size_t n = line_len(p, end);
		const char *next = memchr(p, '\n', (size_t)(end - p));
		if (is_fence(p, n, 1)) {
			*fm_len = (size_t)(p - *fm);
			*body = next ? next + 1 : end;
			*body_line = line + 1;
			return 0;
		}
		p = next ? next + 1 : end;
		line++;
	}
	diag_error(s->file, 1, 1, "unterminated front matter: no closing \"---\" line");
	return -1;
}

/* Whether url names something on another host: a scheme other than data:
 * (a data: image is inline), or a network-path reference (//host/...). */
static int url_remote(const char *url)
{
	const char *p = url;

	if (url[0] == '/' && url[1] == '/')
		return 1;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && !(p - url == 4 && !strncasecmp(url, "data", 4));
}

/*
 * The site makes no external request: a remote image of the body becomes a
 * link to it whose text is the image's description (or its address), with
 * a warning.  The PDF shows the same text.
 */
static void body_remote_images(src *s, fiche *f)
{
	cmark_iter *it = cmark_iter_new(f->body);
	cmark_node **imgs = NULL;
	size_t n = 0, cap = 0, i;
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		const char *url;
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_IMAGE)
			continue;
		url = cmark_node_get_url(node);
		if (!url || !url_remote(url))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			imgs = xrealloc(imgs, cap * sizeof *imgs);
		}
		imgs[n++] = node;
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++) {
		cmark_node *img = imgs[i], *repl, *child;
		const char *url = cmark_node_get_url(img);
		int safe = html_url_safe(url);

		diag_warning(s->file, f->body_line + cmark_node_get_start_line(img) - 1,
			     cmark_node_get_start_column(img),
			     "remote image \"%s\" is shown as %s: the site makes no external request",
			     url, safe ? "a link" : "its description");
		repl = cmark_node_new(safe ? CMARK_NODE_LINK : CMARK_NODE_EMPH);
		if (safe) {
			cmark_node_set_url(repl, url);
			cmark_node_set_title(repl, cmark_node_get_title(img));
		}
		if (!cmark_node_first_child(img)) {
			child = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(child, url);
			cmark_node_append_child(repl, child);
		}
		while ((child = cmark_node_first_child(img)))
			cmark_node_append_child(repl, child);
		cmark_node_insert_before(img, repl);
		cmark_node_free(img);
	}
	free(imgs);
}

int fiche_parse(guide *g, fiche *f, const char *path, const char *base, const buf *text)
{
	src s = { path, 0 };
	const buf b = *text;
	const char *fm = NULL, *body = NULL;
	size_t fm_len = 0;
	long start;
	ynode *root = NULL;
	int ok = 0;

	f->path = xstrdup(path);
	f->weight = 1;
	f->order = 1000;
	start = text_prepare(&s, &b);
	if (start >= 0 && split_front(&s, "a fiche", b.ptr + start, b.len - (size_t)start, &fm, &fm_len,
				      &body, &f->body_line) == 0)
		root = ydoc_parse(path, fm, fm_len, 2, &ok);
	if (ok && !root) {
		diag_error(path, 2, 1, "empty front matter: a fiche needs at least \"title\" and \"axis\"");
		ok = 0;
	}
	if (ok && expect_map(&s, root, "the front matter"))
		load_front(&s, g, f, root, base);
	else
		s.failed = 1;
	if (body) {
		f->body = cmark_parse_document(body, (size_t)(b.ptr + b.len - body), CMARK_OPT_DEFAULT);
		if (!s.failed)
			body_remote_images(&s, f);
	}
	ynode_free(root);
	return s.failed ? 1 : 0;
}

/* Loads one fiche file into f; returns 0, 1 or 3. */
static int load_fiche(guide *g, fiche *f, const char *path, const char *base)
{
	buf b = BUF_INIT;
	int st;

	if ((st = read_text(path, &b))) {
		f->path = xstrdup(path);
		buf_release(&b);
		return st;
	}
	st = fiche_parse(g, f, path, base, &b);
	buf_release(&b);
	return st;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Lists the files of dir ending in one of the suffixes (sorted by name) into
 * *names.  Returns the count, or -1 when dir cannot be read (errno set).
 */
static long list_dir(const char *dir, const char *suf1, const char *suf2, char ***names,
		     size_t limit)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, cap = 0;

	*names = NULL;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		int match = 0;
		if (e->d_name[0] == '.')
			continue;
		if (len > strlen(suf1) && !strcmp(e->d_name + len - strlen(suf1), suf1))
			match = 1;
		if (suf2 && len > strlen(suf2) && !strcmp(e->d_name + len - strlen(suf2), suf2))
			match = 1;
		if (!match)
			continue;
		if (n == limit) {
			while (n)
				free((*names)[--n]);
			free(*names);
			*names = NULL;
			closedir(d);
			errno = E2BIG;
			return -2;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			*names = xrealloc(*names, cap * sizeof **names);
		}
		(*names)[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof **names, cmp_str);
	return (long)n;
}

static int cmp_fiche(const void *pa, const void *pb)
{
	const fiche *a = pa, *b = pb;

	if (a->axis != b->axis)
		return a->axis < b->axis ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

/*
 * The rule: drops the fiches that failed (ok[i] == 0) and the later ones of
 * a duplicated id (reported), recording the ids of the failed ones, and
 * compacts g->fiches.  Returns 1 when a duplicate was reported, else 0.
 */
static int drop_failed_fiches(guide *g, const char *const *bases, const unsigned char *ok)
{
	size_t i, n = 0, nf = g->nfiches;
	const char **ids = xmalloc((nf ? nf : 1) * sizeof *ids);
	const char **also = xmalloc((nf ? nf : 1) * sizeof *also);
	size_t *first = xmalloc((nf ? nf : 1) * sizeof *first);
	int status = 0;

	/* the first fiche of each id is kept: find them by sorting, not by
	 * comparing each fiche with all those before (2,500 fiches made
	 * 3 million comparisons) */
	for (i = 0; i < nf; i++)
		ids[i] = ok[i] ? g->fiches[i].id : NULL;
	find_duplicates(ids, nf, first);
	for (i = 0; i < nf; i++)
		also[i] = first[i] ? g->fiches[first[i] - 1].path : NULL;
	for (i = 0; i < nf; i++) {
		fiche *f = &g->fiches[i];
		int keep = ok[i];
		if (keep && also[i]) {
			diag_error(f->path, f->id_line, f->id_col,
				   "duplicate fiche id \"%s\" (also in %s)", f->id, also[i]);
			status = 1;
			keep = 0;
		}
		if (keep) {
			if (n != i)
				g->fiches[n] = *f;
			n++;
			continue;
		}
		if (ok[i])
			;	/* a duplicate: its id stays in the model */
		else if (f->id && !guide_fiche_failed(g, f->id))
			strv_push(&g->failed_fiches, &g->nfailed_fiches, f->id);
		else if (!f->id && !guide_fiche_failed(g, bases[i]))
			strv_push(&g->failed_fiches, &g->nfailed_fiches, bases[i]);
		fiche_release(f, g->nscale);
	}
	g->nfiches = n;
	free(ids);
	free(also);
	free(first);
	return status;
}

/* The fiches of a directory, loaded by par_each: fiche i from names[i]. */
typedef struct fiches_job {
	guide *g;	/* only read, but for its fiches[i] */
	const char *dir;
	char **names;
	int *status;
} fiches_job;

static void load_fiche_at(void *arg, size_t i)
{
	fiches_job *j = arg;
	buf path = BUF_INIT;

	j->names[i][strlen(j->names[i]) - 3] = '\0';
	buf_printf(&path, "%s/%s.md", j->dir, j->names[i]);
	j->status[i] = load_fiche(j->g, &j->g->fiches[i], path.ptr, j->names[i]);
	buf_release(&path);
}

static int load_fiches(const char *dir, guide *g)
{
	char **names;
	long n = list_dir(dir, ".md", NULL, &names, MAX_FICHES);
	unsigned char *ok;
	int status = 0;
	long i;

	if (n == -2) {
		diag_error(dir, 0, 0, "more than %d fiches", MAX_FICHES);
		return 1;
	}
	if (n < 0) {
		diag_error(dir, 0, 0, "cannot read directory: %s", strerror(errno));
		return 3;
	}
	if (!n) {
		diag_error(dir, 0, 0, "no fiche in this directory: a guide needs at least one "
				      "<id>.md file");
		return 1;
	}
	g->fiches = xcalloc((size_t)n, sizeof *g->fiches);
	g->nfiches = (size_t)n;
	ok = xcalloc((size_t)n, 1);
	{
		int *sts = xcalloc((size_t)n, sizeof *sts);
		fiches_job job = { g, dir, names, sts };
		par_each((size_t)n, load_fiche_at, &job);
		for (i = 0; i < n; i++) {
			ok[i] = sts[i] == 0;
			if (sts[i] > status)
				status = sts[i];
		}
		free(sts);
	}
	if (drop_failed_fiches(g, (const char *const *)names, ok))
		status = status > 1 ? status : 1;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ok);
	if (g->nfiches)
		qsort(g->fiches, g->nfiches, sizeof *g->fiches, cmp_fiche);
	for (i = 0; i < (long)g->nfiches; i++)
		g->nquestions += g->fiches[i].nquestions;
	return status;
}

int guide_load(const char *content_dir, guide *g)
{
	buf path = BUF_INIT;
	int status, st;

	memset(g, 0, sizeof *g);
	g->priority_measures = PRIORITY_MEASURES_DEFAULT;
	g->review_months = REVIEW_MONTHS_DEFAULT;
	g->divergence = DIVERGENCE_DEFAULT;
	buf_printf(&path, "%s/site.yaml", content_dir);
	status = load_site(path.ptr, g);
	buf_reset(&path);
	buf_printf(&path, "%s/fiches", content_dir);
	if (!g->nscale || !g->naxes) {
		buf_release(&path);
		return status ? status : 1;
	}
	st = load_fiches(path.ptr, g);
	buf_release(&path);
	status = st > status ? st : status;
	st = collections_load(content_dir, g);
	return st > status ? st : status;
}

/* ---- answers ---- */

/* Whether a's unknown ids are only warnings (the guide changed since). */
static int answers_lenient(const guide *g, const answers *a)
{
	return a->version && g->version && strcmp(a->version, g->version) != 0;
}

/* Reports an unknown id: an error, or a warning for another guide version. */
static void unknown_id(src *s, const guide *g, const answers *a, const ynode *n,
		       const char *what, const char *id)
{
	if (answers_lenient(g, a))
		warn(s, n, "unknown %s \"%s\" (answers for guide version %s, not %s)", what, id,
		     a->version, g->version);
	else
		err(s, n, "unknown %s \"%s\"", what, id);
}

/* A level, na or nsp from n into *level; reports anything else. */
static void answer_level(src *s, const guide *g, const ynode *n, int *level)
{
	long v;

	if (n->kind == Y_SCALAR && !strcmp(n->str, "na")) {
		*level = LEVEL_NA;
	} else if (n->kind == Y_SCALAR && !strcmp(n->str, "nsp")) {
		*level = LEVEL_NSP;
	} else if (yscalar_int(n, &v)) {
		if (v < 0 || v > guide_max_level(g))
			err(s, n, "level %ld is out of the scale (0 to %d)", v, guide_max_level(g));
		else
			*level = (int)v;
	} else if (yscalar_is_null(n)) {
		*level = LEVEL_UNANSWERED;
	} else {
		err(s, n, "an answer must be a level from 0 to %d, na or nsp, not %s",
		    guide_max_level(g), n->kind == Y_SCALAR && !n->plain ? "a quoted string"
									   : ynode_describe(n));
	}
}

/* A view's level (a level, na or nsp) from n into *level; reports anything else. */
static int view_level(src *s, const guide *g, const ynode *n, int *level)
{
	long v;

	if (n->kind == Y_SCALAR && !strcmp(n->str, "na")) {
		*level = LEVEL_NA;
	} else if (n->kind == Y_SCALAR && !strcmp(n->str, "nsp")) {
		*level = LEVEL_NSP;
	} else if (yscalar_int(n, &v) && v >= 0 && v <= guide_max_level(g)) {
		*level = (int)v;
	} else if (yscalar_int(n, &v)) {
		err(s, n, "level %ld is out of the scale (0 to %d)", v, guide_max_level(g));
		return -1;
	} else {
		err(s, n, "a view must be a level from 0 to %d, na or nsp, not %s",
		    guide_max_level(g), n->kind == Y_SCALAR && !n->plain ? "a quoted string"
		    : yscalar_is_null(n) ? "empty" : ynode_describe(n));
		return -1;
	}
	return 0;
}

/* Index of the respondent named name in a, or -1. */
static long find_respondent(const answers *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nrespondents; i++)
		if (!strcmp(a->respondents[i].name, name))
			return (long)i;
	return -1;
}

/* Adds a respondent named name (owned by a); returns its index. */
static size_t add_respondent(answers *a, const char *name, int declared)
{
	a->respondents = xrealloc(a->respondents,
				  (a->nrespondents + 1) * sizeof *a->respondents);
	a->respondents[a->nrespondents] = (respondent){ xstrdup(name), -1, declared };
	return a->nrespondents++;
}

/*
 * Loads the views of one answer: each key a respondent (one of `respondents`
 * when the file lists them), each value a level, na or nsp.
 */
static void load_views(src *s, const guide *g, answers *a, answer *ans, const ynode *map,
		       int declared)
{
	size_t i;

	if (!expect_map(s, map, "\"views\""))
		return;
	if (!map->n) {
		err(s, map, "\"views\" must give at least one respondent's view");
		return;
	}
	ans->views = xcalloc(map->n / 2, sizeof *ans->views);
	for (i = 0; i + 1 < map->n; i += 2) {
		const ynode *key = map->items[i];
		long r = find_respondent(a, key->str);
		int lv;
		if (r < 0 && declared) {
			err(s, key, "unknown respondent \"%s\" (not listed in \"respondents\")",
			    key->str);
			continue;
		}
		if (r < 0 && a->nrespondents >= MAX_RESPONDENTS) {
			err(s, key, "more than %d respondents", MAX_RESPONDENTS);
			continue;
		}
		if (view_level(s, g, map->items[i + 1], &lv))
			continue;
		if (r < 0)
			r = (long)add_respondent(a, key->str, 0);
		ans->views[ans->nviews++] = (view){ (size_t)r, lv };
	}
}

static void load_answer(src *s, const guide *g, answers *a, answer *ans, const ynode *n,
			int declared)
{
	static const char *const keys[] = { "level", "views", "note", "evidence", NULL };
	ynode *lv, *views;

	if (n->kind != Y_MAP) {
		answer_level(s, g, n, &ans->level);
		return;
	}
	check_keys(s, n, "an answer", keys);
	views = field(s, n, "views", 0, NULL);
	if ((lv = field(s, n, "level", !views, "an answer"))) {
		answer_level(s, g, lv, &ans->level);
		ans->agreed = 1;
	}
	if (views) {
		load_views(s, g, a, ans, views, declared);
		if (!lv && ans->nviews)
			ans->level = views_level(ans->views, ans->nviews);
	}
	ans->note = string_field(s, n, "note", 0, NULL);
	ans->evidence = string_field(s, n, "evidence", 0, NULL);
}

/* Loads `respondents`: names (unique) with an optional role of site.yaml. */
static void load_respondents(src *s, const guide *g, answers *a, const ynode *list)
{
	static const char *const keys[] = { "name", "role", NULL };
	int lines[MAX_RESPONDENTS];
	size_t i, j;

	if (!expect_list(s, list, "\"respondents\""))
		return;
	if (list->n > MAX_RESPONDENTS) {
		err(s, list, "more than %d respondents", MAX_RESPONDENTS);
		return;
	}
	for (i = 0; i < list->n; i++) {
		const ynode *m = list->items[i], *n;
		char *name;
		long r;
		if (!expect_map(s, m, "a respondent"))
			continue;
		check_keys(s, m, "a respondent", keys);
		if (!(name = string_field(s, m, "name", 1, "a respondent")))
			continue;
		if ((r = find_respondent(a, name)) >= 0) {
			err(s, ymap_get(m, "name"), "duplicate respondent \"%s\" (also line %d)",
			    name, lines[r]);
			free(name);
			continue;
		}
		lines[a->nrespondents] = ymap_get(m, "name")->line;
		r = (long)add_respondent(a, name, 1);
		free(name);
		if ((n = field(s, m, "role", 0, NULL))) {
			char *id = as_string(s, n, "role");
			for (j = 0; id && j < g->nroles; j++)
				if (!strcmp(g->roles[j].id, id))
					break;
			if (id && j < g->nroles)
				a->respondents[r].role = (long)j;
			else if (id)
				unknown_id(s, g, a, n, "role", id);
			free(id);
		}
	}
}

static char *date_value(src *s, const ynode *n, const char *key);

static void load_status(src *s, plan_entry *e, const ynode *n)
{
	size_t k;

	for (k = 0; n->kind == Y_SCALAR && k < NSTATUS; k++) {
		if (!strcmp(n->str, status_name((plan_status)k))) {
			e->status = (plan_status)k;
			return;
		}
	}
	err(s, n, "\"status\" must be prevue, en-cours, faite or abandonnee");
}

/* Whether full_id (<fiche>.<id>) names a fiche that failed to load: the
 * rule, its error was reported. */
static int rec_of_failed_fiche(const guide *g, const char *full_id)
{
	const char *dot = strchr(full_id, '.');
	char *fid;
	int failed;

	if (!dot)
		return 0;
	fid = xstrndup(full_id, (size_t)(dot - full_id));
	failed = guide_fiche_failed(g, fid);
	free(fid);
	return failed;
}

/* Loads one action of `plan` into e (zeroed); returns 0, or -1 when it has no action. */
static int load_plan_entry(src *s, const guide *g, const answers *a, plan_entry *e,
			   const ynode *m)
{
	static const char *const keys[] = { "action", "status", "porteur", "echeance", NULL };
	size_t fi, ri;
	ynode *n;

	e->fiche = e->rec = -1;
	if (!expect_map(s, m, "an action of the plan"))
		return -1;
	check_keys(s, m, "an action of the plan", keys);
	n = field(s, m, "action", 1, "an action of the plan");
	if (!(e->action = as_string(s, n, "action")))
		return -1;
	if (!strchr(e->action, '.'))
		err(s, n, "\"action\" must be a full recommendation id, <fiche>.<id>, "
			  "not \"%s\"", e->action);
	else if (guide_find_rec(g, e->action, &fi, &ri) == 0) {
		e->fiche = (long)fi;
		e->rec = (long)ri;
	} else if (!rec_of_failed_fiche(g, e->action))
		unknown_id(s, g, a, n, "recommendation", e->action);
	if ((n = field(s, m, "status", 1, "an action of the plan")))
		load_status(s, e, n);
	e->porteur = string_field(s, m, "porteur", 0, NULL);
	if ((n = field(s, m, "echeance", 0, NULL)))
		e->echeance = date_value(s, n, "echeance");
	return 0;
}

/* Loads `plan`: the adopted actions, each named once. */
static void load_plan(src *s, const guide *g, answers *a, const ynode *list)
{
	size_t i, *first;
	const char **names;
	const ynode **at;

	if (!expect_list(s, list, "\"plan\""))
		return;
	a->plan = xcalloc(list->n ? list->n : 1, sizeof *a->plan);
	at = xmalloc((list->n ? list->n : 1) * sizeof *at);
	for (i = 0; i < list->n; i++) {
		plan_entry *e = &a->plan[a->nplan];
		if (load_plan_entry(s, g, a, e, list->items[i]) == 0)
			at[a->nplan++] = ymap_get(list->items[i], "action");
		else
			free(e->action);
	}
	names = xmalloc((a->nplan ? a->nplan : 1) * sizeof *names);
	first = xmalloc((a->nplan ? a->nplan : 1) * sizeof *first);
	for (i = 0; i < a->nplan; i++)
		names[i] = a->plan[i].action;
	find_duplicates(names, a->nplan, first);
	for (i = 0; i < a->nplan; i++)
		if (first[i])
			err(s, at[i], "duplicate action \"%s\" in the plan (also line %d)",
			    a->plan[i].action, at[first[i] - 1]->line);
	free(names);
	free(first);
	free(at);
}

static void load_fiche_answers(src *s, const guide *g, answers *a, const ynode *map,
			       int declared)
{
	size_t i, j;

	if (!expect_map(s, map, "\"answers\""))
		return;
	for (i = 0; i + 1 < map->n; i += 2) {
		const ynode *key = map->items[i], *qs = map->items[i + 1];
		long fi = guide_find_fiche(g, key->str);
		if (fi < 0 && guide_fiche_failed(g, key->str))
			continue;	/* the rule: its own error was reported */
		if (fi < 0) {
			unknown_id(s, g, a, key, "fiche", key->str);
			continue;
		}
		if (qs->kind == Y_SCALAR && yscalar_is_null(qs))
			continue;
		if (!expect_map(s, qs, "the answers of a fiche"))
			continue;
		const fiche *f = &g->fiches[fi];
		for (j = 0; j + 1 < qs->n; j += 2) {
			const ynode *qk = qs->items[j];
			long qi = find_question(f, qk->str);
			if (qi < 0) {
				buf what = BUF_INIT;
				buf_printf(&what, "question \"%s\" in fiche", qk->str);
				unknown_id(s, g, a, qk, what.ptr, f->id);
				buf_release(&what);
				continue;
			}
			load_answer(s, g, a, &a->fiche_answers[fi][qi], qs->items[j + 1], declared);
		}
	}
}

static void load_targets(src *s, const guide *g, answers *a, const ynode *map)
{
	size_t i;
	long v;

	if (!expect_map(s, map, "\"targets\""))
		return;
	for (i = 0; i + 1 < map->n; i += 2) {
		const ynode *key = map->items[i], *val = map->items[i + 1];
		long ax = guide_find_axis(g, key->str);
		if (ax < 0 && guide_axis_failed(g, key->str))
			continue;	/* the rule: its own error was reported */
		if (ax < 0) {
			unknown_id(s, g, a, key, "axis", key->str);
			continue;
		}
		if (!yscalar_int(val, &v) || v < 0 || v > guide_max_level(g))
			err(s, val, "target must be a level from 0 to %d", guide_max_level(g));
		else
			a->targets[ax] = (int)v;
	}
}

static void load_notes(src *s, const guide *g, answers *a, const ynode *map)
{
	size_t i;

	if (!expect_map(s, map, "\"notes\""))
		return;
	for (i = 0; i + 1 < map->n; i += 2) {
		const ynode *key = map->items[i];
		long fi = guide_find_fiche(g, key->str);
		if (fi < 0 && guide_fiche_failed(g, key->str))
			continue;	/* the rule: its own error was reported */
		if (fi < 0) {
			unknown_id(s, g, a, key, "fiche", key->str);
			continue;
		}
		free(a->notes[fi]);
		a->notes[fi] = as_string(s, map->items[i + 1], "notes");
	}
}

static void load_kind(src *s, answers *a, const ynode *n)
{
	static const char *const names[] = { "commune", "intercommunalite", "departement",
					     "region", "autre" };
	size_t k;

	for (k = 0; n->kind == Y_SCALAR && k < 5; k++) {
		if (!strcmp(n->str, names[k])) {
			a->kind = (kind)k;
			return;
		}
	}
	err(s, n, "\"kind\" must be commune, intercommunalite, departement, region or autre");
}

static void load_population(src *s, answers *a, const ynode *n)
{
	long v;

	if (yscalar_int(n, &v) && v >= 0 && v <= MAX_POPULATION)
		a->population = v;
	else if (n->kind == Y_SCALAR && n->plain && n->len &&
		 strspn(n->str, "0123456789") == n->len)
		err(s, n, "\"population\" %s is too large (at most 1000000000)", n->str);
	else
		err(s, n, "\"population\" must be a whole number of inhabitants (0 or more)");
}

/* Whether d is written YYYY-MM-DD (digits and dashes only). */
static int date_shaped(const char *d)
{
	size_t i;

	for (i = 0; i < 10; i++)
		if (!d[i] || (i == 4 || i == 7 ? d[i] != '-' : (d[i] < '0' || d[i] > '9')))
			return 0;
	return !d[10];
}

/* A date field (YYYY-MM-DD) as a new string; NULL when invalid (reported). */
static char *date_value(src *s, const ynode *n, const char *key)
{
	if (n->kind == Y_SCALAR && date_valid(n->str))
		return xstrdup(n->str);
	if (n->kind != Y_SCALAR || !date_shaped(n->str))
		err(s, n, "\"%s\" must be a calendar date written YYYY-MM-DD", key);
	else if (strncmp(n->str, "1900", 4) < 0)
		err(s, n, "\"%s\" %s is before 1900", key, n->str);
	else
		err(s, n, "\"%s\" %s does not exist in the calendar", key, n->str);
	return NULL;
}

static void load_answers_root(src *s, const guide *g, answers *a, const ynode *root)
{
	static const char *const keys[] = { "territory", "code", "kind", "population", "date",
					    "version", "respondent", "targets", "answers",
					    "notes", "respondents", "plan", NULL };
	const char *what = "an answers file";
	ynode *n;

	check_keys(s, root, what, keys);
	a->territory = string_field(s, root, "territory", 1, what);
	a->code = string_field(s, root, "code", 0, NULL);
	a->version = string_field(s, root, "version", 0, NULL);
	a->respondent = string_field(s, root, "respondent", 0, NULL);
	if ((n = field(s, root, "kind", 1, what)))
		load_kind(s, a, n);
	if ((n = field(s, root, "population", 0, NULL)))
		load_population(s, a, n);
	if ((n = field(s, root, "date", 1, what)))
		a->date = date_value(s, n, "date");
	if ((n = field(s, root, "targets", 0, NULL)))
		load_targets(s, g, a, n);
	if ((n = field(s, root, "respondents", 0, NULL)))
		load_respondents(s, g, a, n);
	if ((n = field(s, root, "answers", 0, NULL)))
		load_fiche_answers(s, g, a, n, ymap_get(root, "respondents") != NULL);
	if ((n = field(s, root, "notes", 0, NULL)))
		load_notes(s, g, a, n);
	if ((n = field(s, root, "plan", 0, NULL)))
		load_plan(s, g, a, n);
}

static answers *answers_new(const guide *g, const char *path)
{
	answers *a = xcalloc(1, sizeof *a);
	const char *base = strrchr(path, '/');
	size_t i, j, len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && !strcmp(base + len - 5, ".yaml"))
		len -= 5;
	else if (len > 4 && !strcmp(base + len - 4, ".yml"))
		len -= 4;
	a->path = xstrdup(path);
	a->slug = xstrndup(base, len);
	a->population = -1;
	a->targets = xmalloc((g->naxes ? g->naxes : 1) * sizeof *a->targets);
	for (i = 0; i < g->naxes; i++)
		a->targets[i] = -1;
	a->fiche_answers = xcalloc(g->nfiches, sizeof *a->fiche_answers);
	a->notes = xcalloc(g->nfiches, sizeof *a->notes);
	for (i = 0; i < g->nfiches; i++) {
		a->fiche_answers[i] = xcalloc(g->fiches[i].nquestions, sizeof **a->fiche_answers);
		for (j = 0; j < g->fiches[i].nquestions; j++)
			a->fiche_answers[i][j].level = LEVEL_UNANSWERED;
	}
	return a;
}

answers *answers_load_file(const guide *g, const char *path, int *status)
{
	buf b = BUF_INIT;
	answers *a;

	if (!g->nscale || !g->naxes) {
		*status = 1;	/* the rule: nothing to check it against (reported) */
		return NULL;
	}
	if ((*status = read_text(path, &b))) {
		buf_release(&b);
		return NULL;
	}
	a = answers_parse(g, path, &b, status);
	buf_release(&b);
	return a;
}

answers *answers_parse(const guide *g, const char *path, const buf *text, int *status)
{
	answers *a = answers_new(g, path);
	src s = { path, 0 };
	const buf b = *text;
	ynode *root = NULL;
	long start;
	int ok = 0;

	*status = 0;
	if (!id_valid(a->slug)) {
		err(&s, NULL, "file name \"%s\" is not a valid slug: use lower-case letters, "
			      "digits and '-' (it names the report pages)", a->slug);
	}
	start = text_prepare(&s, &b);
	if (start >= 0)
		root = ydoc_parse(path, b.ptr + start, b.len - (size_t)start, 1, &ok);
	if (ok && !root)
		err(&s, NULL, "empty answers file: it needs at least \"territory\", \"kind\" and \"date\"");
	else if (ok && expect_map(&s, root, "an answers file"))
		load_answers_root(&s, g, a, root);
	else
		s.failed = 1;
	ynode_free(root);
	if (s.failed) {
		answers_free(a, g);
		*status = 1;
		return NULL;
	}
	return a;
}

static void set_push(answers_set *set, answers *a, size_t *cap)
{
	if (set->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		set->items = xrealloc(set->items, *cap * sizeof *set->items);
	}
	set->items[set->n++] = a;
}

/* Whether name is X.yml and X.yaml is in names (sorted, n of them). */
static int yml_shadowed(char **names, size_t n, const char *name)
{
	size_t len = strlen(name);
	char *twin;
	int found;

	if (len < 5 || strcmp(name + len - 4, ".yml"))
		return 0;
	twin = xmalloc(len + 2);
	memcpy(twin, name, len - 4);
	memcpy(twin + len - 4, ".yaml", 6);
	found = bsearch(&twin, names, n, sizeof *names, cmp_str) != NULL;
	free(twin);
	return found;
}

/* The answers files of a directory, loaded by par_each. */
typedef struct answers_job {
	const guide *g;
	const char *dir;
	char **names;
	answers **items;	/* [i]: NULL when invalid */
	int *status;
	const unsigned char *skip;	/* [i]: left out (x.yml beside x.yaml) */
} answers_job;

static void load_answers_at(void *arg, size_t i)
{
	answers_job *j = arg;
	buf p = BUF_INIT;

	if (j->skip[i])
		return;
	buf_printf(&p, "%s/%s", j->dir, j->names[i]);
	j->items[i] = answers_load_file(j->g, p.ptr, &j->status[i]);
	buf_release(&p);
}

int answers_load(const guide *g, const char *path, int required, answers_set *set)
{
	char **names;
	long n, i;
	size_t cap = 0;
	int status = 0;
	DIR *d;

	set->items = NULL;
	set->n = 0;
	if (!g->nscale || !g->naxes)
		return 0;	/* the rule: site.yaml's errors were reported */
	if (!(d = opendir(path))) {
		if (errno == ENOTDIR) {
			answers *a = answers_load_file(g, path, &status);
			if (a)
				set_push(set, a, &cap);
			return status;
		}
		if (errno == ENOENT && !required)
			return 0;
		diag_error(path, 0, 0, "cannot read: %s", strerror(errno));
		return 3;
	}
	closedir(d);
	n = list_dir(path, ".yaml", ".yml", &names, MAX_ANSWERS);
	if (n < 0) {
		diag_error(path, 0, 0, n == -2 ? "more than %d answers files" : "cannot read directory",
			   MAX_ANSWERS);
		return n == -2 ? 1 : 3;
	}
	{
		answers **items = xcalloc(n ? (size_t)n : 1, sizeof *items);
		int *sts = xcalloc(n ? (size_t)n : 1, sizeof *sts);
		unsigned char *skip = xcalloc(n ? (size_t)n : 1, 1);
		answers_job job = { g, path, names, items, sts, skip };
		for (i = 0; i < n; i++) {
			if (!yml_shadowed(names, (size_t)n, names[i]))
				continue;
			/* x.yml beside x.yaml: one slug, two files (the .yml is left out) */
			buf p = BUF_INIT;
			buf_printf(&p, "%s/%s", path, names[i]);
			diag_error(p.ptr, 0, 0, "same slug as %.*s.yaml: two answers files "
				   "cannot share a slug; rename or remove one",
				   (int)(strlen(names[i]) - 4), names[i]);
			buf_release(&p);
			status = status > 1 ? status : 1;
			skip[i] = 1;
		}
		par_each((size_t)n, load_answers_at, &job);
		for (i = 0; i < n; i++) {
			if (items[i])
				set_push(set, items[i], &cap);
			if (sts[i] > status)
				status = sts[i];
		}
		free(items);
		free(sts);
		free(skip);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return status;
}

/* ---- the helpers shared with the other loaders (load_priv.h) ---- */

void load_error(src *s, const ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(s, n, 1, fmt, ap);
	va_end(ap);
}

void load_check_keys(src *s, const ynode *map, const char *what, const char *const *allowed)
{
	check_keys(s, map, what, allowed);
}

ynode *load_field(src *s, const ynode *map, const char *key, int required, const char *what)
{
	return field(s, map, key, required, what);
}

char *load_string(src *s, const ynode *n, const char *key)
{
	return as_string(s, n, key);
}

int load_expect_map(src *s, const ynode *n, const char *what)
{
	return expect_map(s, n, what);
}

int load_expect_list(src *s, const ynode *n, const char *what)
{
	return expect_list(s, n, what);
}

int load_read_text(const char *path, buf *b)
{
	return read_text(path, b);
}

long load_text_start(src *s, const buf *b)
{
	return text_prepare(s, b);
}

int load_split_front(src *s, const char *what, const char *text, size_t len, const char **fm,
		     size_t *fm_len, const char **body, int *body_line)
{
	return split_front(s, what, text, len, fm, fm_len, body, body_line);
}

long load_list_dir(const char *dir, const char *suffix, char ***names, size_t limit)
{
	return list_dir(dir, suffix, NULL, names, limit);
}
