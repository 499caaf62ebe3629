/* peers.c: one index of the latest file of each territory by kind and
 * population band, from which the peers of every file are read without
 * scanning the set again (DESIGN.md, "peers").  See peers.h. */
#include "peers.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

#define PEER_KINDS (KIND_AUTRE + 1)
#define PEER_BANDS 5 /* population_band 0..4 */

/* The latest files of one kind and band: how many, and per axis the
 * scores of those scored there, sorted. */
typedef struct peer_group {
	size_t count;
	double **vals;	/* [naxes] */
	size_t *nvals;	/* [naxes] */
} peer_group;

struct peers_index {
	const guide *g;
	const answers_set *s;
	const result *all;
	size_t *latest_of;	/* per item, the latest file of its territory */
	peer_group groups[PEER_KINDS * PEER_BANDS];	/* by group_at */
};

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? -1 : a > b;
}

/* The group of a file in groups[], or -1 when it has none (band unknown). */
static int group_at(const answers *a)
{
	int band = population_band(a->population);

	if (band < 0 || (unsigned)a->kind >= PEER_KINDS)
		return -1;
	return (int)a->kind * PEER_BANDS + band;
}

/* Walking the set by territory then date, the last of each run is its
 * latest file. */
static void index_latest(peers_index *x)
{
	const answers_set *s = x->s;
	size_t i = s->n, cur = 0;

	x->latest_of = xmalloc((s->n ? s->n : 1) * sizeof *x->latest_of);
	while (i-- > 0) {
		size_t it = s->hist[i];
		if (s->latest[it])
			cur = it;
		x->latest_of[it] = cur;
	}
}

/* Counts, then fills and sorts, the scores of every group. */
static void index_groups(peers_index *x)
{
	const answers_set *s = x->s;
	size_t naxes = x->g->naxes, i, ax;
	int k;

	for (k = 0; k < PEER_KINDS * PEER_BANDS; k++) {
		x->groups[k].vals = xcalloc(naxes ? naxes : 1, sizeof(double *));
		x->groups[k].nvals = xcalloc(naxes ? naxes : 1, sizeof(size_t));
	}
	for (i = 0; i < s->n; i++) {
		peer_group *gr;
		if (!s->latest[i] || (k = group_at(s->items[i])) < 0)
			continue;
		gr = &x->groups[k];
		gr->count++;
		for (ax = 0; ax < naxes; ax++)
			if (!score_is_null(x->all[i].axes[ax]))
				gr->nvals[ax]++;
	}
	for (k = 0; k < PEER_KINDS * PEER_BANDS; k++)
		for (ax = 0; ax < naxes; ax++) {
			size_t m = x->groups[k].nvals[ax];
			x->groups[k].vals[ax] = xmalloc((m ? m : 1) * sizeof(double));
			x->groups[k].nvals[ax] = 0;
		}
	for (i = 0; i < s->n; i++) {
		peer_group *gr;
		if (!s->latest[i] || (k = group_at(s->items[i])) < 0)
			continue;
		gr = &x->groups[k];
		for (ax = 0; ax < naxes; ax++)
			if (!score_is_null(x->all[i].axes[ax]))
				gr->vals[ax][gr->nvals[ax]++] = x->all[i].axes[ax].score;
	}
	for (k = 0; k < PEER_KINDS * PEER_BANDS; k++)
		for (ax = 0; ax < naxes; ax++)
			qsort(x->groups[k].vals[ax], x->groups[k].nvals[ax], sizeof(double),
			      cmp_double);
}

peers_index *peers_index_new(const guide *g, const answers_set *s, const result *all)
{
	peers_index *x = xcalloc(1, sizeof *x);

	x->g = g;
	x->s = s;
	x->all = all;
	index_latest(x);
	index_groups(x);
	return x;
}

/* The position of value in sorted v[0..n) (it is there). */
static size_t find_value(const double *v, size_t n, double value)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* v[k] of sorted v with its element at skip removed. */
static double at_skip(const double *v, size_t skip, size_t k)
{
	return k < skip ? v[k] : v[k + 1];
}

/* quantile (score.h) of sorted v[0..n) without its element at skip
 * (SIZE_MAX: none), with the same arithmetic, hence the same bits. */
static double quantile_skip(const double *v, size_t n, size_t skip, double q)
{
	double pos, frac;
	size_t lo;

	if (skip >= n)
		return quantile(v, n, q);
	if (!--n)
		return NAN;
	pos = q * (double)(n - 1);
	lo = (size_t)floor(pos);
	frac = pos - (double)lo;
	if (lo + 1 >= n)
		return at_skip(v, skip, n - 1);
	return at_skip(v, skip, lo) + (at_skip(v, skip, lo + 1) - at_skip(v, skip, lo)) * frac;
}

/* The figures of group gr into p, less the scores of file last when mine
 * (its only member there can be its territory's latest file). */
static void group_figures(const peers_index *x, const peer_group *gr, int mine, size_t last,
			  peers *p)
{
	size_t ax;

	p->count = gr->count - (size_t)mine;
	if (p->count < PEERS_MIN)
		return;
	p->axes = xcalloc(x->g->naxes ? x->g->naxes : 1, sizeof *p->axes);
	for (ax = 0; ax < x->g->naxes; ax++) {
		const double *v = gr->vals[ax];
		size_t m = gr->nvals[ax], skip = SIZE_MAX;
		if (mine && !score_is_null(x->all[last].axes[ax]))
			skip = find_value(v, m, x->all[last].axes[ax].score);
		p->axes[ax].n = m - (skip != SIZE_MAX);
		p->axes[ax].q1 = quantile_skip(v, m, skip, 0.25);
		p->axes[ax].median = quantile_skip(v, m, skip, 0.5);
		p->axes[ax].q3 = quantile_skip(v, m, skip, 0.75);
	}
}

/*
 * The peers of a file are the group of its kind and band less its own
 * territory, whose only member there can be its latest file.
 */
void peers_index_get(const peers_index *x, size_t self, peers *p)
{
	const answers *me = x->s->items[self];
	size_t last = x->latest_of[self];
	int k = group_at(me);

	p->count = 0;
	p->axes = NULL;
	if (population_band(me->population) < 0)
		return;
	if (k < 0) {
		/* a kind the index does not know: scan */
		peers_compute(x->g, x->s, x->all, self, p);
		return;
	}
	group_figures(x, &x->groups[k], group_at(x->s->items[last]) == k, last, p);
}

void peers_index_group(const peers_index *x, kind k, int band, peers *p)
{
	p->count = 0;
	p->axes = NULL;
	if (band < 0 || band >= PEER_BANDS || (unsigned)k >= PEER_KINDS)
		return;
	group_figures(x, &x->groups[(int)k * PEER_BANDS + band], 0, 0, p);
}

void peers_index_free(peers_index *x)
{
	size_t ax;
	int k;

	if (!x)
		return;
	for (k = 0; k < PEER_KINDS * PEER_BANDS; k++) {
		for (ax = 0; ax < x->g->naxes; ax++)
			free(x->groups[k].vals[ax]);
		free(x->groups[k].vals);
		free(x->groups[k].nvals);
	}
	free(x->latest_of);
	free(x);
}
