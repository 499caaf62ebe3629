/* score.c: maturity scoring exactly as DESIGN.md defines it.  Pure: it reads
 * the model and fills results, with no I/O. */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int views_level(const view *v, size_t n)
{
	int count[64] = { 0 };	/* levels are below 10 */
	size_t i, num = 0, na = 0, k;

	for (i = 0; i < n; i++) {
		if (v[i].level >= 0 && v[i].level < 64) {
			count[v[i].level]++;
			num++;
		} else if (v[i].level == LEVEL_NA) {
			na++;
		}
	}
	if (!num)
		return na == n ? LEVEL_NA : LEVEL_NSP;
	/* the element at index (num-1)/2 of the sorted numeric views */
	k = (num - 1) / 2;
	for (i = 0; i < 64; i++) {
		if (k < (size_t)count[i])
			return (int)i;
		k -= (size_t)count[i];
	}
	return LEVEL_NSP;
}

int views_spread(const view *v, size_t n)
{
	int lo = -1, hi = -1;
	size_t i, num = 0;

	for (i = 0; i < n; i++) {
		if (v[i].level < 0)
			continue;
		if (!num || v[i].level < lo)
			lo = v[i].level;
		if (!num || v[i].level > hi)
			hi = v[i].level;
		num++;
	}
	return num < 2 ? -1 : hi - lo;
}

int score_is_null(score s)
{
	return isnan(s.score);
}

double score_percent(const guide *g, score s)
{
	if (score_is_null(s))
		return NAN;
	return 100.0 * s.score / guide_max_level(g);
}

int score_level(score s)
{
	if (score_is_null(s))
		return -1;
	return (int)floor(s.score + 1e-9);
}

double score_completeness(score s)
{
	if (!s.applicable)
		return NAN;
	return (double)s.answered / s.applicable;
}

/* Running weighted mean. */
typedef struct wmean {
	double sum, weight;
} wmean;

static void wmean_add(wmean *m, double v, double w)
{
	m->sum += v * w;
	m->weight += w;
}

static double wmean_get(const wmean *m)
{
	return m->weight > 0 ? m->sum / m->weight : NAN;
}

static score score_fiche(const fiche *f, const answer *ans)
{
	score s = { NAN, 0, 0 };
	wmean m = { 0, 0 };
	size_t i;

	for (i = 0; i < f->nquestions; i++) {
		int lv = ans[i].level;
		if (lv == LEVEL_NA)
			continue;
		s.applicable++;
		if (lv >= 0) {
			s.answered++;
			wmean_add(&m, lv, f->questions[i].weight);
		}
	}
	s.score = wmean_get(&m);
	return s;
}

/* The level a recommendation looks at, or -1 when unknown. */
static int rec_current(const fiche *f, const recommendation *r, const answer *ans,
		       score fs)
{
	if (r->question >= 0) {
		(void)f;
		return ans[r->question].level >= 0 ? ans[r->question].level : -1;
	}
	return score_level(fs);
}

static int cmp_rec(const void *pa, const void *pb)
{
	const ranked_rec *a = pa, *b = pb;

	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (a->horizon != b->horizon)
		return a->horizon < b->horizon ? -1 : 1;
	if (a->fiche != b->fiche)
		return a->fiche < b->fiche ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/* Collects and ranks the applicable recommendations into r. */
static void rank_recs(const guide *g, const answers *a, result *r)
{
	size_t fi, k, n = 0, cap = 0;

	r->recs = NULL;
	for (fi = 0; fi < g->nfiches; fi++) {
		const fiche *f = &g->fiches[fi];
		int t = a->targets[f->axis];
		int target = t >= 0 ? t : guide_max_level(g);
		for (k = 0; k < f->nrecs; k++) {
			int cur = rec_current(f, &f->recs[k], a->fiche_answers[fi], r->fiches[fi]);
			if (cur < 0 || cur >= f->recs[k].below)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				r->recs = xrealloc(r->recs, cap * sizeof *r->recs);
			}
			r->recs[n].fiche = fi;
			r->recs[n].rec = k;
			r->recs[n].current = cur;
			r->recs[n].horizon = f->recs[k].horizon;
			r->recs[n].priority = f->weight * (target - cur);
			n++;
		}
	}
	r->nrecs = n;
	if (n > 1)
		qsort(r->recs, n, sizeof *r->recs, cmp_rec);
}

void score_compute(const guide *g, const answers *a, result *r)
{
	wmean *axm = xcalloc(g->naxes ? g->naxes : 1, sizeof *axm);
	wmean all = { 0, 0 };
	size_t i;

	r->axes = xcalloc(g->naxes ? g->naxes : 1, sizeof *r->axes);
	r->fiches = xcalloc(g->nfiches ? g->nfiches : 1, sizeof *r->fiches);
	r->overall = (score){ NAN, 0, 0 };
	for (i = 0; i < g->naxes; i++)
		r->axes[i] = (score){ NAN, 0, 0 };
	for (i = 0; i < g->nfiches; i++) {
		const fiche *f = &g->fiches[i];
		score fs = score_fiche(f, a->fiche_answers[i]);
		score *as = &r->axes[f->axis];
		r->fiches[i] = fs;
		as->answered += fs.answered;
		as->applicable += fs.applicable;
		if (!score_is_null(fs))
			wmean_add(&axm[f->axis], fs.score, f->weight);
	}
	for (i = 0; i < g->naxes; i++) {
		r->axes[i].score = wmean_get(&axm[i]);
		r->overall.answered += r->axes[i].answered;
		r->overall.applicable += r->axes[i].applicable;
		if (!score_is_null(r->axes[i]))
			wmean_add(&all, r->axes[i].score, 1);
	}
	r->overall.score = wmean_get(&all);
	free(axm);
	rank_recs(g, a, r);
}

void result_release(result *r)
{
	free(r->axes);
	free(r->fiches);
	free(r->recs);
	memset(r, 0, sizeof *r);
}

int population_band(long population)
{
	if (population < 0)
		return -1;
	if (population < 3500)
		return 0;
	if (population < 20000)
		return 1;
	if (population < 50000)
		return 2;
	if (population < 100000)
		return 3;
	return 4;
}

int same_territory(const answers *a, const answers *b)
{
	if (a->code && b->code)
		return !strcmp(a->code, b->code);
	if (a->code || b->code)
		return 0;
	return !strcmp(a->territory, b->territory);
}

/* Whether a comes before b in a history: by date, then slug. */
static int before(const answers *a, const answers *b)
{
	int c = strcmp(a->date, b->date);

	return c ? c < 0 : strcmp(a->slug, b->slug) < 0;
}

size_t history_of(const answers_set *s, size_t self, size_t *idx)
{
	size_t i, n = 0;

	/* insertion sort: a history holds a few dates, and qsort would need
	 * the set as global context */
	for (i = 0; i < s->n; i++) {
		size_t j = n++;
		if (!same_territory(s->items[i], s->items[self])) {
			n--;
			continue;
		}
		while (j > 0 && before(s->items[i], s->items[idx[j - 1]])) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return n;
}

/* Whether s->items[i] is the latest file of its territory (date, then slug). */
static int is_latest(const answers_set *s, size_t i)
{
	size_t j;

	for (j = 0; j < s->n; j++)
		if (j != i && same_territory(s->items[i], s->items[j]) &&
		    before(s->items[i], s->items[j]))
			return 0;
	return 1;
}

/* The territory key of a: its code, else its name; *is_code tells which. */
static const char *territory_key(const answers *a, int *is_code)
{
	*is_code = a->code != NULL;
	return a->code ? a->code : a->territory;
}

/* A file and its index in the set, sorted by territory then date. */
typedef struct indexed {
	const answers *a;
	size_t i;
} indexed;

static int cmp_territory_date(const void *pa, const void *pb)
{
	const answers *a = ((const indexed *)pa)->a, *b = ((const indexed *)pb)->a;
	int ca, cb, c;
	const char *ka = territory_key(a, &ca), *kb = territory_key(b, &cb);

	if (ca != cb)
		return ca - cb;
	if ((c = strcmp(ka, kb)))
		return c;
	return before(a, b) ? -1 : before(b, a);
}

void answers_set_index(answers_set *s)
{
	indexed *sorted = xmalloc((s->n ? s->n : 1) * sizeof *sorted);
	size_t i;

	free(s->latest);
	s->latest = xcalloc(s->n ? s->n : 1, 1);
	for (i = 0; i < s->n; i++)
		sorted[i] = (indexed){ s->items[i], i };
	if (s->n > 1)
		qsort(sorted, s->n, sizeof *sorted, cmp_territory_date);
	for (i = 0; i < s->n; i++)
		if (i + 1 == s->n || !same_territory(sorted[i].a, sorted[i + 1].a))
			s->latest[sorted[i].i] = 1;
	free(sorted);
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? -1 : a > b;
}

double quantile(const double *v, size_t n, double q)
{
	double pos, frac;
	size_t lo;

	if (!n)
		return NAN;
	pos = q * (double)(n - 1);
	lo = (size_t)floor(pos);
	frac = pos - (double)lo;
	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (v[lo + 1] - v[lo]) * frac;
}

void peers_compute(const guide *g, const answers_set *s, const result *all,
		   size_t self, peers *p)
{
	const answers *me = s->items[self];
	int band = population_band(me->population);
	size_t *idx = xmalloc((s->n ? s->n : 1) * sizeof *idx);
	double *v = xmalloc((s->n ? s->n : 1) * sizeof *v);
	size_t i, ax, n = 0;

	p->count = 0;
	p->axes = NULL;
	for (i = 0; band >= 0 && i < s->n; i++) {
		const answers *o = s->items[i];
		if (same_territory(o, me) || o->kind != me->kind ||
		    population_band(o->population) != band ||
		    !(s->latest ? s->latest[i] : is_latest(s, i)))
			continue;
		idx[n++] = i;
	}
	p->count = n;
	if (n >= PEERS_MIN) {
		p->axes = xcalloc(g->naxes ? g->naxes : 1, sizeof *p->axes);
		for (ax = 0; ax < g->naxes; ax++) {
			size_t m = 0;
			for (i = 0; i < n; i++)
				if (!score_is_null(all[idx[i]].axes[ax]))
					v[m++] = all[idx[i]].axes[ax].score;
			qsort(v, m, sizeof *v, cmp_double);
			p->axes[ax].n = m;
			p->axes[ax].q1 = quantile(v, m, 0.25);
			p->axes[ax].median = quantile(v, m, 0.5);
			p->axes[ax].q3 = quantile(v, m, 0.75);
		}
	}
	free(idx);
	free(v);
}

void peers_release(peers *p)
{
	free(p->axes);
	p->axes = NULL;
	p->count = 0;
}
