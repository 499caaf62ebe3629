/* observatory.h: statistics over the latest answers of every territory, for
 * the observatory of the site and of the reports: group sizes and, per axis,
 * the histogram of levels and the quartiles, for all authorities, by kind and
 * by population band.  A group of fewer than PEERS_MIN authorities is hidden,
 * and so is the smallest other group of its breakdown when the hidden ones
 * would otherwise be deduced by difference; the figures of a hidden group
 * never leave this module.  Also what changed between two diagnostics of a
 * territory.  Pure: no I/O. */
#ifndef AUTODIAG_OBSERVATORY_H
#define AUTODIAG_OBSERVATORY_H

#include <stddef.h>

#include "model.h"
#include "score.h"

#define OBS_KINDS 5	/* enum kind */
#define OBS_BANDS 6	/* population_band 0..4, then "population unknown" */

typedef enum obs_state {
	OBS_SHOWN,	/* PEERS_MIN or more: figures shown */
	OBS_EMPTY,	/* nobody */
	OBS_SMALL,	/* 1 to PEERS_MIN - 1: hidden */
	OBS_MASKED	/* hidden so that a small group cannot be deduced by difference */
} obs_state;

/* One group of authorities; every figure is zero or NAN unless shown. */
typedef struct obs_group {
	obs_state state;
	size_t n;		/* authorities counted */
	size_t *bins;		/* [nscale] authorities per level; NULL unless shown */
	double q1, median, q3;
} obs_group;

/* A figure for all authorities and its breakdowns by kind and band. */
typedef struct obs_table {
	obs_group all;
	obs_group kinds[OBS_KINDS];
	obs_group bands[OBS_BANDS];
} obs_table;

typedef struct observatory {
	size_t nanswers;	/* answers files */
	size_t nterritories;	/* territories, each counted once */
	obs_table sizes;	/* authorities per group (no bins nor quartiles) */
	obs_table *axes;	/* [naxes]: those scored on the axis, by level */
	size_t naxes, nlevels;
} observatory;

/*
 * Fills o from the latest file of each territory of s (s->latest when
 * indexed), all[i] scoring s->items[i].  O(n log n) per axis.  Release with
 * observatory_release.
 */
void observatory_compute(const guide *g, const answers_set *s, const result *all,
			 observatory *o);
void observatory_release(observatory *o);

/* The band group of a population: 0..4, or OBS_BANDS - 1 when unknown. */
int obs_band(long population);

/* A fiche whose level changed from one diagnostic to the next. */
typedef struct fiche_change {
	size_t fiche;		/* index in guide->fiches */
	int before, after;	/* levels, -1 when not assessed */
} fiche_change;

/*
 * The fiches whose level differs between before and after, in guide order,
 * into out (room for g->nfiches).  Returns how many.
 */
size_t fiche_changes(const guide *g, const result *before, const result *after,
		     fiche_change *out);

#endif
