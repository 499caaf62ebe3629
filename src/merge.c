/* merge.c: `autodiag merge`: several individual answers files of one
 * authority become one collective answers file.  Each input is validated by
 * the loader; its YAML tree is kept beside it for the positions of the
 * messages that compare two files.  Each file's respondent (its
 * `respondent`, else its file name) becomes a view of every question it
 * answered; notes and evidence are kept, prefixed with who wrote them. */
#include "merge.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load.h"
#include "util.h"
#include "ydoc.h"
#include "yaml_out.h"

#define NBSP "\xC2\xA0"

typedef struct input {
	answers *a;
	ynode *root;		/* the file's YAML, for positions */
	const char *name;	/* the respondent */
	const ynode *name_at;	/* where the name comes from, or NULL (file name) */
	const char *role;	/* role id given for it in the file, or NULL */
} input;

typedef struct merger {
	const guide *g;
	input *in;
	size_t n;
	int failed;
} merger;

/* The node of top-level key in in's file, or NULL. */
static const ynode *at(const input *in, const char *key)
{
	return in->root ? ymap_get(in->root, key) : NULL;
}

static void error_at(merger *m, const input *in, const ynode *n, const char *fmt,
		     const char *arg, const input *other, const ynode *on)
{
	char where[4200];

	snprintf(where, sizeof(where), "%s:%d:%d", other->a->path, on ? on->line : 1,
		 on ? on->col : 1);
	diag_error(in->a->path, n ? n->line : 1, n ? n->col : 1, fmt, arg, where);
	m->failed = 1;
}

/* Reads back the YAML tree of a file the loader accepted. */
static ynode *reparse(const char *path)
{
	buf b = BUF_INIT;
	ynode *root = NULL;
	size_t start = 0;
	int ok = 0, q = diag_quiet;

	if (read_file(path, &b) == 0) {
		if (b.len >= 3 && !memcmp(b.ptr, "\xef\xbb\xbf", 3))
			start = 3;
		diag_quiet = 1;
		root = ydoc_parse(path, b.ptr + start, b.len - start, 1, &ok);
		diag_quiet = q;
	}
	buf_release(&b);
	return ok ? root : NULL;
}

/* Who answered in: `respondent`, else the file name; its role when the
 * file's `respondents` names it. */
static void find_respondent(const guide *g, input *in)
{
	const answers *a = in->a;
	size_t i;

	in->name = a->respondent ? a->respondent : a->slug;
	in->name_at = at(in, "respondent");
	for (i = 0; i < a->nrespondents; i++)
		if (!strcmp(a->respondents[i].name, in->name) && a->respondents[i].role >= 0)
			in->role = g->roles[a->respondents[i].role].id;
}

/* An input that already has views is a collective file: refused. */
static void refuse_views(merger *m, const input *in)
{
	const guide *g = m->g;
	size_t f, q;

	for (f = 0; f < g->nfiches; f++)
		for (q = 0; q < g->fiches[f].nquestions; q++) {
			const ynode *ans = at(in, "answers"), *fn, *qn;
			if (!in->a->fiche_answers[f][q].nviews)
				continue;
			fn = ans && ans->kind == Y_MAP ? ymap_get(ans, g->fiches[f].id) : NULL;
			qn = fn && fn->kind == Y_MAP ? ymap_get(fn, g->fiches[f].questions[q].id) : NULL;
			diag_error(in->a->path, qn ? qn->line : 1, qn ? qn->col : 1,
				   "already a collective answer (it has views): "
				   "merge the individual files instead");
			m->failed = 1;
			return;
		}
}

/* Compares one metadata value of every input with the first one's. */
static void same_meta(merger *m, const char *key, const char *what,
		      const char *(*get)(const answers *, char *))
{
	char b0[32], bi[32];
	const char *v0 = get(m->in[0].a, b0);
	size_t i;

	for (i = 1; i < m->n; i++) {
		const char *vi = get(m->in[i].a, bi);
		if (v0 && vi && !strcmp(v0, vi))
			continue;
		if (!v0 && !vi)
			continue;
		error_at(m, &m->in[i], at(&m->in[i], key),
			 vi ? "%s differs from the one given at %s" :
			      "%s is missing here but given at %s",
			 what, &m->in[0], at(&m->in[0], key));
	}
}

static const char *get_code(const answers *a, char *tmp)
{
	(void)tmp;
	return a->code;
}

static const char *get_territory(const answers *a, char *tmp)
{
	(void)tmp;
	return a->territory;
}

static const char *get_kind(const answers *a, char *tmp)
{
	(void)tmp;
	return kind_name(a->kind);
}

static const char *get_population(const answers *a, char *tmp)
{
	if (a->population < 0)
		return NULL;
	snprintf(tmp, 32, "%ld", a->population);
	return tmp;
}

static const char *get_version(const answers *a, char *tmp)
{
	(void)tmp;
	return a->version;
}

static int cmp_name(const void *pa, const void *pb)
{
	const input *a = *(input *const *)pa, *b = *(input *const *)pb;
	int c = strcmp(a->name, b->name);

	return c ? c : (a < b ? -1 : a > b);
}

/* Two inputs with the same respondent: an error at both. */
static void distinct_names(merger *m)
{
	input **v = xmalloc(m->n * sizeof *v);
	size_t i;

	for (i = 0; i < m->n; i++)
		v[i] = &m->in[i];
	qsort(v, m->n, sizeof *v, cmp_name);
	for (i = 1; i < m->n; i++)
		if (!strcmp(v[i]->name, v[i - 1]->name))
			error_at(m, v[i], v[i]->name_at,
				 "respondent \"%s\" is already the respondent of %s", v[i]->name,
				 v[i - 1], v[i - 1]->name_at);
	free(v);
}

static void check_inputs(merger *m)
{
	size_t i, have = 0;

	for (i = 0; i < m->n; i++) {
		find_respondent(m->g, &m->in[i]);
		refuse_views(m, &m->in[i]);
		have += m->in[i].a->code != NULL;
	}
	if (have)	/* the code identifies the authority; else its name */
		same_meta(m, "code", "the INSEE code", get_code);
	else
		same_meta(m, "territory", "the territory", get_territory);
	same_meta(m, "kind", "the kind of authority", get_kind);
	same_meta(m, "population", "the population", get_population);
	same_meta(m, "version", "the guide version", get_version);
	distinct_names(m);
}

/* The latest date of the inputs: the collective diagnostic's date. */
static const char *latest_date(const merger *m)
{
	const char *d = m->in[0].a->date;
	size_t i;

	for (i = 1; i < m->n; i++)
		if (strcmp(m->in[i].a->date, d) > 0)
			d = m->in[i].a->date;
	return d;
}

/* Targets kept where every input that gives one agrees; else a warning. */
static void write_targets(const merger *m, buf *out)
{
	const guide *g = m->g;
	size_t ax, i;
	int any = 0;

	for (ax = 0; ax < g->naxes; ax++) {
		int t = -1, clash = 0;
		for (i = 0; i < m->n; i++) {
			int ti = m->in[i].a->targets[ax];
			if (ti < 0)
				continue;
			if (t >= 0 && ti != t)
				clash = 1;
			t = ti;
		}
		if (clash) {
			diag_warning(m->in[0].a->path, 0, 0,
				     "the respondents give different targets for axis \"%s\": "
				     "left out of the merged file, to be agreed",
				     g->axes[ax].id);
			continue;
		}
		if (t < 0)
			continue;
		if (!any++)
			buf_adds(out, "targets:\n");
		buf_printf(out, "  %s: %d\n", g->axes[ax].id, t);
	}
}

static void level_value(buf *out, int level)
{
	if (level == LEVEL_NA)
		buf_adds(out, "na");
	else if (level == LEVEL_NSP)
		buf_adds(out, "nsp");
	else
		buf_printf(out, "%d", level);
}

/* The evidence every respondent who gave one agrees on, or NULL. */
static const char *common_evidence(const merger *m, size_t f, size_t q)
{
	const char *e = NULL;
	size_t i;

	for (i = 0; i < m->n; i++) {
		const char *ei = m->in[i].a->fiche_answers[f][q].evidence;
		if (!ei)
			continue;
		if (e && strcmp(e, ei))
			return NULL;
		e = ei;
	}
	return e;
}

/* "Name : note (justificatif : url)" lines of one question. */
static void question_note(const merger *m, size_t f, size_t q, const char *common,
			  buf *note)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const answer *an = &m->in[i].a->fiche_answers[f][q];
		const char *ev = an->evidence && !common ? an->evidence : NULL;
		if (!an->note && !ev)
			continue;
		if (note->len)
			buf_addc(note, '\n');
		buf_printf(note, "%s" NBSP ": ", m->in[i].name);
		if (an->note)
			buf_adds(note, an->note);
		if (ev)
			buf_printf(note, "%s(justificatif" NBSP ": %s)", an->note ? " " : "", ev);
	}
}

/* One question's views, note and evidence; nothing when nobody said a word. */
static void write_question(const merger *m, size_t f, size_t q, int *fiche_open,
			   buf *out)
{
	const fiche *fi = &m->g->fiches[f];
	const char *common = common_evidence(m, f, q);
	buf note = BUF_INIT;
	size_t i, nviews = 0;

	question_note(m, f, q, common, &note);
	for (i = 0; i < m->n; i++)
		nviews += m->in[i].a->fiche_answers[f][q].level != LEVEL_UNANSWERED;
	if (!nviews && !note.len && !common) {
		buf_release(&note);
		return;
	}
	if (!(*fiche_open)++)
		buf_printf(out, "  %s:\n", fi->id);
	buf_printf(out, "    %s:\n", fi->questions[q].id);
	if (nviews) {
		size_t k = 0;
		buf_adds(out, "      views: {");
		for (i = 0; i < m->n; i++) {
			int lv = m->in[i].a->fiche_answers[f][q].level;
			if (lv == LEVEL_UNANSWERED)
				continue;
			if (k++)
				buf_adds(out, ", ");
			yaml_quote(out, m->in[i].name);
			buf_adds(out, ": ");
			level_value(out, lv);
		}
		buf_adds(out, "}\n");
	}
	if (note.len) {
		buf_adds(out, "      note: ");
		yaml_quote(out, note.ptr);
		buf_addc(out, '\n');
	}
	if (common) {
		buf_adds(out, "      evidence: ");
		yaml_quote(out, common);
		buf_addc(out, '\n');
	}
	buf_release(&note);
}

static void write_answers(const merger *m, buf *out)
{
	const guide *g = m->g;
	size_t f, q, i;
	int any = 0;

	buf_adds(out, "answers:\n");
	for (f = 0; f < g->nfiches; f++) {
		int open = 0;
		for (q = 0; q < g->fiches[f].nquestions; q++)
			write_question(m, f, q, &open, out);
		any |= open;
	}
	if (!any)
		buf_adds(out, "  {}\n");
	for (f = 0, any = 0; f < g->nfiches; f++) {
		buf note = BUF_INIT;
		for (i = 0; i < m->n; i++) {
			const char *n = m->in[i].a->notes[f];
			if (!n)
				continue;
			if (note.len)
				buf_addc(&note, '\n');
			buf_printf(&note, "%s" NBSP ": %s", m->in[i].name, n);
		}
		if (note.len) {
			if (!any++)
				buf_adds(out, "notes:\n");
			buf_printf(out, "  %s: ", g->fiches[f].id);
			yaml_quote(out, note.ptr);
			buf_addc(out, '\n');
		}
		buf_release(&note);
	}
}

typedef struct plan_ref {
	const plan_entry *p;
	const char *file;
	size_t rank;	/* in input order */
	int dup;	/* an earlier input gives the same action */
} plan_ref;

static int cmp_plan_action(const void *pa, const void *pb)
{
	const plan_ref *a = pa, *b = pb;
	int c = strcmp(a->p->action, b->p->action);

	return c ? c : (a->rank > b->rank) - (a->rank < b->rank);
}

static int cmp_plan_rank(const void *pa, const void *pb)
{
	const plan_ref *a = pa, *b = pb;

	return (a->rank > b->rank) - (a->rank < b->rank);
}

static void write_plan_entry(const plan_entry *p, buf *out)
{
	buf_adds(out, "  - action: ");
	yaml_quote(out, p->action);
	buf_printf(out, "\n    status: %s\n", status_name(p->status));
	if (p->porteur) {
		buf_adds(out, "    porteur: ");
		yaml_quote(out, p->porteur);
		buf_addc(out, '\n');
	}
	if (p->echeance)
		buf_printf(out, "    echeance: %s\n", p->echeance);
}

/* The adopted plans, one entry per action in input order (sorted by action
 * to find repeats); an action that two inputs give with different statuses
 * keeps the first, with a warning. */
static void write_plan(const merger *m, buf *out)
{
	plan_ref *v;
	size_t i, j, n = 0;

	for (i = 0; i < m->n; i++)
		n += m->in[i].a->nplan;
	if (!n)
		return;
	v = xmalloc(n * sizeof *v);
	for (i = 0, n = 0; i < m->n; i++)
		for (j = 0; j < m->in[i].a->nplan; j++, n++)
			v[n] = (plan_ref){ &m->in[i].a->plan[j], m->in[i].a->path, n, 0 };
	qsort(v, n, sizeof *v, cmp_plan_action);
	for (i = 1, j = 0; i < n; i++) {
		if (strcmp(v[i].p->action, v[j].p->action)) {
			j = i;
			continue;
		}
		v[i].dup = 1;
		if (v[i].p->status != v[j].p->status)
			diag_warning(v[i].file, 0, 0, "action \"%s\" is \"%s\" here but \"%s\" "
				     "in %s: the first is kept", v[i].p->action,
				     status_name(v[i].p->status), status_name(v[j].p->status),
				     v[j].file);
	}
	qsort(v, n, sizeof *v, cmp_plan_rank);
	buf_adds(out, "plan:\n");
	for (i = 0; i < n; i++)
		if (!v[i].dup)
			write_plan_entry(v[i].p, out);
	free(v);
}

static void write_merged(const merger *m, buf *out)
{
	const answers *a0 = m->in[0].a;
	size_t i;

	buf_printf(out, "# Diagnostic collectif" NBSP ": %zu répondants, fusionnés par "
			"autodiag merge.\n", m->n);
	buf_adds(out, "territory: ");
	yaml_quote(out, a0->territory);
	if (a0->code) {
		buf_adds(out, "\ncode: ");
		yaml_quote(out, a0->code);
	}
	buf_printf(out, "\nkind: %s\n", kind_name(a0->kind));
	if (a0->population >= 0)
		buf_printf(out, "population: %ld\n", a0->population);
	buf_printf(out, "date: %s\n", latest_date(m));
	if (a0->version) {
		buf_adds(out, "version: ");
		yaml_quote(out, a0->version);
		buf_addc(out, '\n');
	}
	write_targets(m, out);
	buf_adds(out, "respondents:\n");
	for (i = 0; i < m->n; i++) {
		buf_adds(out, "  - name: ");
		yaml_quote(out, m->in[i].name);
		buf_addc(out, '\n');
		if (m->in[i].role) {
			buf_adds(out, "    role: ");
			yaml_quote(out, m->in[i].role);
			buf_addc(out, '\n');
		}
	}
	write_answers(m, out);
	write_plan(m, out);
}

int merge_answers(const guide *g, char *const *files, size_t n, buf *out)
{
	merger m = { g, xcalloc(n ? n : 1, sizeof(input)), n, 0 };
	int st = 0, si;
	size_t i;

	for (i = 0; i < n; i++) {
		m.in[i].a = answers_load_file(g, files[i], &si);
		st = si > st ? si : st;
		if (m.in[i].a)
			m.in[i].root = reparse(files[i]);
		if (m.in[i].a && !m.in[i].root) {
			diag_error(files[i], 0, 0, "cannot read back the file");
			st = 3;
		}
	}
	if (!st) {
		check_inputs(&m);
		if (m.failed)
			st = 1;
	}
	if (!st)
		write_merged(&m, out);
	for (i = 0; i < n; i++) {
		answers_free(m.in[i].a, g);
		ynode_free(m.in[i].root);
	}
	free(m.in);
	return st;
}
