/* score.c: maturity scoring exactly as DESIGN.md defines it.  Pure: it reads
 * the model and fills results, with no I/O. */
#include "score.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
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

double score_tenth(double score)
{
	return isnan(score) ? score : floor(score * 10 + 1e-9) / 10;
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
static int rec_current(const recommendation *r, const answer *ans, score fs)
{
	if (r->question >= 0)
		return ans[r->question].level >= 0 ? ans[r->question].level : -1;
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

/* A growable list of ranked recommendations. */
typedef struct rec_list {
	ranked_rec *v;
	size_t n, cap;
} rec_list;

static void rec_push(rec_list *l, ranked_rec rr)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = rr;
}

/*
 * Collects the applicable recommendations of fiche fi: on each question (and
 * among the fiche-level ones) those with the smallest `below` go to plan,
 * the others to later.
 */
static void fiche_steps(const guide *g, const answers *a, const result *r, size_t fi,
			rec_list *plan, rec_list *later)
{
	const fiche *f = &g->fiches[fi];
	int t = a->targets[f->axis];
	int target = t >= 0 ? t : guide_max_level(g);
	int *cur = xmalloc((f->nrecs ? f->nrecs : 1) * sizeof *cur);
	int *least = xmalloc((f->nquestions + 1) * sizeof *least);
	size_t k;

	for (k = 0; k <= f->nquestions; k++)
		least[k] = INT_MAX;
	for (k = 0; k < f->nrecs; k++) {
		const recommendation *rec = &f->recs[k];
		size_t slot = (size_t)(rec->question + 1);
		cur[k] = rec_current(rec, a->fiche_answers[fi], r->fiches[fi]);
		if (cur[k] >= 0 && cur[k] < rec->below && rec->below < least[slot])
			least[slot] = rec->below;
	}
	for (k = 0; k < f->nrecs; k++) {
		const recommendation *rec = &f->recs[k];
		ranked_rec rr = { fi, k, cur[k], rec->horizon, f->weight * (target - cur[k]), -1 };
		if (cur[k] < 0 || cur[k] >= rec->below)
			continue;
		rec_push(rec->below == least[rec->question + 1] ? plan : later, rr);
	}
	free(cur);
	free(least);
}

/* Links the adopted plan of a to the ranked steps of r. */
static void link_plan(const guide *g, const answers *a, result *r)
{
	size_t *off = xmalloc((g->nfiches + 1) * sizeof *off);
	long *adopted;
	size_t i, total = 0;

	for (i = 0; i < g->nfiches; i++) {
		off[i] = total;
		total += g->fiches[i].nrecs;
	}
	adopted = xmalloc((total ? total : 1) * sizeof *adopted);
	for (i = 0; i < total; i++)
		adopted[i] = -1;
	r->plan_applicable = xcalloc(a->nplan ? a->nplan : 1, 1);
	for (i = 0; i < a->nplan; i++) {
		const plan_entry *e = &a->plan[i];
		r->status_count[e->status]++;
		if (e->fiche >= 0 && adopted[off[e->fiche] + (size_t)e->rec] < 0)
			adopted[off[e->fiche] + (size_t)e->rec] = (long)i;
	}
	for (i = 0; i < r->nrecs + r->nlater; i++) {
		ranked_rec *rr = i < r->nrecs ? &r->recs[i] : &r->later[i - r->nrecs];
		rr->adopted = adopted[off[rr->fiche] + rr->rec];
		if (rr->adopted >= 0)
			r->plan_applicable[rr->adopted] = 1;
	}
	free(adopted);
	free(off);
}

/* Walks the ranked plan and takes one measure per fiche, up to the guide's count. */
static void pick_measures(const guide *g, result *r)
{
	unsigned char *taken = xcalloc(g->nfiches ? g->nfiches : 1, 1);
	size_t want = g->priority_measures > 0 ? (size_t)g->priority_measures
					       : PRIORITY_MEASURES_DEFAULT;
	size_t i;

	r->measures = xmalloc((want ? want : 1) * sizeof *r->measures);
	r->nmeasures = 0;
	for (i = 0; i < r->nrecs && r->nmeasures < want; i++) {
		if (taken[r->recs[i].fiche])
			continue;
		taken[r->recs[i].fiche] = 1;
		r->measures[r->nmeasures++] = i;
	}
	free(taken);
}

/* Ranks the plan and the later steps, picks the priority measures. */
static void rank_recs(const guide *g, const answers *a, result *r)
{
	rec_list plan = { NULL, 0, 0 }, later = { NULL, 0, 0 };
	size_t fi;

	for (fi = 0; fi < g->nfiches; fi++)
		fiche_steps(g, a, r, fi, &plan, &later);
	if (plan.n > 1)
		qsort(plan.v, plan.n, sizeof *plan.v, cmp_rec);
	if (later.n > 1)
		qsort(later.v, later.n, sizeof *later.v, cmp_rec);
	r->recs = plan.v;
	r->nrecs = plan.n;
	r->later = later.v;
	r->nlater = later.n;
	link_plan(g, a, r);
	pick_measures(g, r);
}

static int cmp_div(const void *pa, const void *pb)
{
	const divergence *a = pa, *b = pb;

	if (a->spread != b->spread)
		return a->spread > b->spread ? -1 : 1;
	if (a->fiche != b->fiche)
		return a->fiche < b->fiche ? -1 : 1;
	return a->question < b->question ? -1 : a->question > b->question;
}

/* Lists the questions whose views differ by at least g->divergence. */
static void find_divergences(const guide *g, const answers *a, result *r)
{
	size_t fi, q, cap = 0;

	r->divs = NULL;
	r->ndivs = 0;
	for (fi = 0; fi < g->nfiches; fi++) {
		for (q = 0; q < g->fiches[fi].nquestions; q++) {
			const answer *an = &a->fiche_answers[fi][q];
			int sp;
			if (!an->nviews)
				continue;
			sp = views_spread(an->views, an->nviews);
			if (sp < 0 || sp < g->divergence)
				continue;
			if (r->ndivs == cap) {
				cap = cap ? cap * 2 : 16;
				r->divs = xrealloc(r->divs, cap * sizeof *r->divs);
			}
			r->divs[r->ndivs++] = (divergence){ fi, q, sp };
		}
	}
	if (r->ndivs > 1)
		qsort(r->divs, r->ndivs, sizeof *r->divs, cmp_div);
}

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void date_add_months(const char *date, int months, char *out)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8), last;
	long total = (long)y * 12 + (m - 1) + months;

	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	last = days[m - 1] + (m == 2 && leap_year(y));
	if (d > last)
		d = last;
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* Fiche, axis and overall scores from per-question levels lv[fiche][question]. */
static void aggregate(const guide *g, const answer *const *ans, score *fiches, score *axes,
		      score *overall)
{
	wmean *axm = xcalloc(g->naxes ? g->naxes : 1, sizeof *axm);
	wmean all = { 0, 0 };
	size_t i;

	*overall = (score){ NAN, 0, 0 };
	for (i = 0; i < g->naxes; i++)
		axes[i] = (score){ NAN, 0, 0 };
	for (i = 0; i < g->nfiches; i++) {
		const fiche *f = &g->fiches[i];
		score fs = score_fiche(f, ans[i]);
		score *as = &axes[f->axis];
		if (fiches)
			fiches[i] = fs;
		as->answered += fs.answered;
		as->applicable += fs.applicable;
		if (!score_is_null(fs))
			wmean_add(&axm[f->axis], fs.score, f->weight);
	}
	for (i = 0; i < g->naxes; i++) {
		axes[i].score = wmean_get(&axm[i]);
		overall->answered += axes[i].answered;
		overall->applicable += axes[i].applicable;
		if (!score_is_null(axes[i]))
			wmean_add(&all, axes[i].score, 1);
	}
	overall->score = wmean_get(&all);
	free(axm);
}

/*
 * The level the respondents of role give to an answer: the lower median of
 * their views when they gave some, else the answer's level.
 */
static int role_level(const answers *a, const answer *an, size_t role, view *tmp)
{
	size_t i, n = 0;

	for (i = 0; i < an->nviews; i++)
		if (a->respondents[an->views[i].respondent].role == (long)role)
			tmp[n++] = an->views[i];
	return n ? views_level(tmp, n) : an->level;
}

/* The axis and overall scores each role of the file's respondents would give. */
static void role_scores(const guide *g, const answers *a, result *r)
{
	answer **ans = xcalloc(g->nfiches ? g->nfiches : 1, sizeof *ans);
	view *tmp = xmalloc((a->nrespondents ? a->nrespondents : 1) * sizeof *tmp);
	size_t j, fi, q;

	r->role_present = xcalloc(g->nroles ? g->nroles : 1, 1);
	r->role_axes = xcalloc((g->nroles ? g->nroles : 1) * (g->naxes ? g->naxes : 1),
			       sizeof *r->role_axes);
	r->role_overall = xcalloc(g->nroles ? g->nroles : 1, sizeof *r->role_overall);
	for (j = 0; j < a->nrespondents; j++)
		if (a->respondents[j].role >= 0)
			r->role_present[a->respondents[j].role] = 1;
	for (j = 0; j < g->nroles; j++)
		r->role_overall[j] = (score){ NAN, 0, 0 };
	for (j = 0; j < g->nroles * g->naxes; j++)
		r->role_axes[j] = (score){ NAN, 0, 0 };
	if (!r->nviews) {	/* one respondent: no role gives another score */
		free(ans);
		free(tmp);
		return;
	}
	for (fi = 0; fi < g->nfiches; fi++)
		ans[fi] = xcalloc(g->fiches[fi].nquestions + 1, sizeof **ans);
	for (j = 0; j < g->nroles; j++) {
		if (!r->role_present[j])
			continue;
		for (fi = 0; fi < g->nfiches; fi++)
			for (q = 0; q < g->fiches[fi].nquestions; q++)
				ans[fi][q].level = role_level(a, &a->fiche_answers[fi][q], j, tmp);
		aggregate(g, (const answer *const *)ans, NULL, &r->role_axes[j * g->naxes],
			  &r->role_overall[j]);
	}
	for (fi = 0; fi < g->nfiches; fi++)
		free(ans[fi]);
	free(ans);
	free(tmp);
}

/* The questions of a answered with views. */
static size_t count_views(const guide *g, const answers *a)
{
	size_t fi, q, n = 0;

	for (fi = 0; fi < g->nfiches; fi++)
		for (q = 0; q < g->fiches[fi].nquestions; q++)
			n += a->fiche_answers[fi][q].nviews > 0;
	return n;
}

void score_compute_scores(const guide *g, const answers *a, result *r)
{
	memset(r, 0, sizeof *r);
	r->axes = xcalloc(g->naxes ? g->naxes : 1, sizeof *r->axes);
	r->fiches = xcalloc(g->nfiches ? g->nfiches : 1, sizeof *r->fiches);
	aggregate(g, (const answer *const *)a->fiche_answers, r->fiches, r->axes, &r->overall);
	r->nviews = count_views(g, a);
	role_scores(g, a, r);
	date_add_months(a->date ? a->date : "1900-01-01",
			g->review_months > 0 ? g->review_months : REVIEW_MONTHS_DEFAULT,
			r->review);
}

void score_plan(const guide *g, const answers *a, result *r)
{
	if (r->planned)
		return;
	rank_recs(g, a, r);
	find_divergences(g, a, r);
	r->planned = 1;
}

void score_compute(const guide *g, const answers *a, result *r)
{
	score_compute_scores(g, a, r);
	score_plan(g, a, r);
}

void result_release_plan(result *r)
{
	free(r->recs);
	free(r->later);
	free(r->measures);
	free(r->divs);
	free(r->plan_applicable);
	r->recs = r->later = NULL;
	r->measures = NULL;
	r->divs = NULL;
	r->plan_applicable = NULL;
	r->nrecs = r->nlater = r->nmeasures = r->ndivs = 0;
	memset(r->status_count, 0, sizeof r->status_count);
	r->planned = 0;
}

void result_release(result *r)
{
	result_release_plan(r);
	free(r->axes);
	free(r->fiches);
	free(r->role_present);
	free(r->role_axes);
	free(r->role_overall);
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

/* history_of from the index of answers_set_index: the run of hist around
 * self's position, already by date then slug.  O(length of the history). */
static size_t history_indexed(const answers_set *s, size_t self, size_t *idx)
{
	size_t lo = s->hist_pos[self], hi = lo + 1, n = 0;

	while (lo > 0 && same_territory(s->items[s->hist[lo - 1]], s->items[self]))
		lo--;
	while (hi < s->n && same_territory(s->items[s->hist[hi]], s->items[self]))
		hi++;
	while (lo < hi)
		idx[n++] = s->hist[lo++];
	return n;
}

size_t history_of(const answers_set *s, size_t self, size_t *idx)
{
	size_t i, n = 0;

	if (s->hist)
		return history_indexed(s, self, idx);

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
	free(s->hist);
	free(s->hist_pos);
	s->latest = xcalloc(s->n ? s->n : 1, 1);
	s->hist = xmalloc((s->n ? s->n : 1) * sizeof *s->hist);
	s->hist_pos = xmalloc((s->n ? s->n : 1) * sizeof *s->hist_pos);
	for (i = 0; i < s->n; i++)
		sorted[i] = (indexed){ s->items[i], i };
	if (s->n > 1)
		qsort(sorted, s->n, sizeof *sorted, cmp_territory_date);
	for (i = 0; i < s->n; i++) {
		s->hist[i] = sorted[i].i;
		s->hist_pos[sorted[i].i] = i;
		if (i + 1 == s->n || !same_territory(sorted[i].a, sorted[i + 1].a))
			s->latest[sorted[i].i] = 1;
	}
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

/* The index of recommendation (fi, ri) among all of g's, with off[fi] its
 * fiche's first. */
static size_t *rec_offsets(const guide *g, size_t *total)
{
	size_t *off = xmalloc((g->nfiches + 1) * sizeof *off);
	size_t i;

	*total = 0;
	for (i = 0; i < g->nfiches; i++) {
		off[i] = *total;
		*total += g->fiches[i].nrecs;
	}
	return off;
}

void plan_followup_compute(const guide *g, const answers_set *s, const result *r,
			   size_t self, plan_followup *pf)
{
	const answers *a = s->items[self], *prev = NULL;
	size_t *idx = xmalloc((s->n ? s->n : 1) * sizeof *idx), n, i, total;
	size_t *off = rec_offsets(g, &total);
	int *before = xmalloc((total ? total : 1) * sizeof *before);
	unsigned char *now = xcalloc(total ? total : 1, 1), *mine = xcalloc(total ? total : 1, 1);

	memset(pf, 0, sizeof *pf);
	pf->prev = -1;
	n = history_of(s, self, idx);
	for (i = 1; i < n; i++)
		if (idx[i] == self)
			pf->prev = (long)idx[i - 1];
	if (pf->prev >= 0)
		prev = s->items[pf->prev];
	for (i = 0; i < total; i++)
		before[i] = -1;
	for (i = 0; prev && i < prev->nplan; i++)
		if (prev->plan[i].fiche >= 0)
			before[off[prev->plan[i].fiche] + (size_t)prev->plan[i].rec] =
				(int)prev->plan[i].status;
	for (i = 0; i < r->nrecs + r->nlater; i++) {
		const ranked_rec *rr = i < r->nrecs ? &r->recs[i] : &r->later[i - r->nrecs];
		now[off[rr->fiche] + rr->rec] = 1;
	}
	pf->done = xmalloc((a->nplan ? a->nplan : 1) * sizeof *pf->done);
	pf->stale = xmalloc((a->nplan ? a->nplan : 1) * sizeof *pf->stale);
	for (i = 0; i < a->nplan; i++) {
		const plan_entry *e = &a->plan[i];
		long k = e->fiche >= 0 ? (long)(off[e->fiche] + (size_t)e->rec) : -1;
		if (k >= 0)
			mine[k] = 1;
		if (prev && e->status == STATUS_FAITE && (k < 0 || before[k] != STATUS_FAITE))
			pf->done[pf->ndone++] = i;
		if (!r->plan_applicable[i])
			pf->stale[pf->nstale++] = i;
	}
	pf->stale_prev = xmalloc((prev && prev->nplan ? prev->nplan : 1) * sizeof *pf->stale_prev);
	for (i = 0; prev && i < prev->nplan; i++) {
		const plan_entry *e = &prev->plan[i];
		size_t k;
		if (e->fiche < 0)
			continue;
		k = off[e->fiche] + (size_t)e->rec;
		if (!mine[k] && !now[k])
			pf->stale_prev[pf->nstale_prev++] = i;
	}
	free(idx);
	free(off);
	free(before);
	free(now);
	free(mine);
}

void plan_followup_release(plan_followup *pf)
{
	free(pf->done);
	free(pf->stale);
	free(pf->stale_prev);
	memset(pf, 0, sizeof *pf);
}
