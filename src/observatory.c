/* observatory.c: the anonymised statistics of the observatory (group sizes,
 * per-axis histograms and quartiles, with small-group suppression) and the
 * changes between two diagnostics.  See observatory.h. */
#include "observatory.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A latest file's score on one axis, with its groups. */
typedef struct obs_item {
	double score;
	int level;
	int kind, band;
} obs_item;

int obs_band(long population)
{
	int b = population_band(population);

	return b < 0 ? OBS_BANDS - 1 : b;
}

static int kind_index(kind k)
{
	return (unsigned)k < OBS_KINDS ? (int)k : KIND_AUTRE;
}

static int cmp_item(const void *pa, const void *pb)
{
	const obs_item *a = pa, *b = pb;

	return (a->score > b->score) - (a->score < b->score);
}

/* Clears what a hidden group must not tell. */
static void group_hide(obs_group *gr, obs_state state)
{
	free(gr->bins);
	gr->bins = NULL;
	gr->state = state;
	gr->n = 0;
	gr->q1 = gr->median = gr->q3 = NAN;
}

/* The state of a group of n authorities, before any masking. */
static obs_state state_of(size_t n)
{
	return n == 0 ? OBS_EMPTY : n < PEERS_MIN ? OBS_SMALL : OBS_SHOWN;
}

/*
 * Hides the groups of one breakdown (they partition the whole) that are too
 * small, then, while the hidden ones add up to fewer than PEERS_MIN (so that
 * "whole minus shown" would reveal them), the smallest shown one too.
 */
static void suppress(obs_group *grs, size_t n)
{
	size_t i, hidden = 0, *count = xcalloc(n ? n : 1, sizeof *count);

	for (i = 0; i < n; i++) {
		count[i] = grs[i].n;
		if (state_of(grs[i].n) == OBS_SMALL) {
			hidden += grs[i].n;
			group_hide(&grs[i], OBS_SMALL);
		} else if (grs[i].n == 0) {
			group_hide(&grs[i], OBS_EMPTY);
		}
	}
	while (hidden > 0 && hidden < PEERS_MIN) {
		size_t best = n;
		for (i = 0; i < n; i++)
			if (grs[i].state == OBS_SHOWN && (best == n || count[i] < count[best]))
				best = i;
		if (best == n)
			break; /* nothing left: the whole is small too */
		hidden += count[best];
		group_hide(&grs[best], OBS_MASKED);
	}
	free(count);
}

/* Counts, histogram and quartiles of the items of one group (sorted by
 * score); v is scratch room for n scores. */
static void group_fill(obs_group *gr, const obs_item *it, size_t n, int kind, int band,
		       size_t nlevels, double *v)
{
	size_t i, m = 0;

	gr->bins = xcalloc(nlevels ? nlevels : 1, sizeof *gr->bins);
	for (i = 0; i < n; i++) {
		if ((kind >= 0 && it[i].kind != kind) || (band >= 0 && it[i].band != band))
			continue;
		v[m++] = it[i].score;
		if (it[i].level >= 0 && (size_t)it[i].level < nlevels)
			gr->bins[it[i].level]++;
	}
	gr->n = m;
	gr->state = state_of(m);
	gr->q1 = quantile(v, m, 0.25);
	gr->median = quantile(v, m, 0.5);
	gr->q3 = quantile(v, m, 0.75);
}

/* Fills every group of t from items (sorted by score), then suppresses. */
static void table_fill(obs_table *t, const obs_item *it, size_t n, size_t nlevels)
{
	double *v = xmalloc((n ? n : 1) * sizeof *v);
	int k;

	group_fill(&t->all, it, n, -1, -1, nlevels, v);
	for (k = 0; k < OBS_KINDS; k++)
		group_fill(&t->kinds[k], it, n, k, -1, nlevels, v);
	for (k = 0; k < OBS_BANDS; k++)
		group_fill(&t->bands[k], it, n, -1, k, nlevels, v);
	free(v);
	if (t->all.state != OBS_SHOWN)
		group_hide(&t->all, state_of(t->all.n));
	suppress(t->kinds, OBS_KINDS);
	suppress(t->bands, OBS_BANDS);
}

/* Sizes only: no histogram nor quartiles. */
static void sizes_strip(obs_table *t)
{
	obs_group *grs[1 + OBS_KINDS + OBS_BANDS];
	size_t i, n = 0;

	grs[n++] = &t->all;
	for (i = 0; i < OBS_KINDS; i++)
		grs[n++] = &t->kinds[i];
	for (i = 0; i < OBS_BANDS; i++)
		grs[n++] = &t->bands[i];
	for (i = 0; i < n; i++) {
		free(grs[i]->bins);
		grs[i]->bins = NULL;
		grs[i]->q1 = grs[i]->median = grs[i]->q3 = NAN;
	}
}

/* Flags of the latest file of each territory, without touching s. */
static unsigned char *latest_flags(const answers_set *s)
{
	answers_set copy = *s;
	unsigned char *l;

	if (s->latest) {
		l = xmalloc(s->n ? s->n : 1);
		memcpy(l, s->latest, s->n);
		return l;
	}
	copy.latest = NULL;
	copy.hist = copy.hist_pos = NULL;
	answers_set_index(&copy);
	free(copy.hist);
	free(copy.hist_pos);
	return copy.latest;
}

void observatory_compute(const guide *g, const answers_set *s, const result *all, observatory *o)
{
	unsigned char *latest = latest_flags(s);
	obs_item *it = xmalloc((s->n ? s->n : 1) * sizeof *it);
	size_t i, ax, n = 0;

	memset(o, 0, sizeof *o);
	o->nanswers = s->n;
	o->naxes = g->naxes;
	o->nlevels = g->nscale;
	for (i = 0; i < s->n; i++)
		if (latest[i])
			it[n++] = (obs_item){0, 0, kind_index(s->items[i]->kind),
					     obs_band(s->items[i]->population)};
	o->nterritories = n;
	table_fill(&o->sizes, it, n, g->nscale);
	sizes_strip(&o->sizes);
	o->axes = xcalloc(g->naxes ? g->naxes : 1, sizeof *o->axes);
	for (ax = 0; ax < g->naxes; ax++) {
		size_t m = 0;
		for (i = 0; i < s->n; i++) {
			if (!latest[i] || score_is_null(all[i].axes[ax]))
				continue;
			it[m++] = (obs_item){all[i].axes[ax].score, score_level(all[i].axes[ax]),
					     kind_index(s->items[i]->kind),
					     obs_band(s->items[i]->population)};
		}
		qsort(it, m, sizeof *it, cmp_item);
		table_fill(&o->axes[ax], it, m, g->nscale);
	}
	free(it);
	free(latest);
}

static void table_release(obs_table *t)
{
	int k;

	free(t->all.bins);
	for (k = 0; k < OBS_KINDS; k++)
		free(t->kinds[k].bins);
	for (k = 0; k < OBS_BANDS; k++)
		free(t->bands[k].bins);
	memset(t, 0, sizeof *t);
}

void observatory_release(observatory *o)
{
	size_t ax;

	table_release(&o->sizes);
	for (ax = 0; o->axes && ax < o->naxes; ax++)
		table_release(&o->axes[ax]);
	free(o->axes);
	memset(o, 0, sizeof *o);
}

size_t fiche_changes(const guide *g, const result *before, const result *after, fiche_change *out)
{
	size_t f, n = 0;

	for (f = 0; f < g->nfiches; f++) {
		int b = score_level(before->fiches[f]), a = score_level(after->fiches[f]);
		if (a != b)
			out[n++] = (fiche_change){f, b, a};
	}
	return n;
}
