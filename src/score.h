/* score.h: maturity scoring as DESIGN.md defines it.  Pure: no I/O. */
#ifndef AUTODIAG_SCORE_H
#define AUTODIAG_SCORE_H

#include <stddef.h>

#include "model.h"

/* A score with its completeness counts.  score is NAN when null. */
typedef struct score {
	double score;
	int answered;	/* applicable questions given a level */
	int applicable;	/* questions not `na` */
} score;

/* An applicable recommendation, as ranked for the action plan. */
typedef struct ranked_rec {
	size_t fiche;	/* index in guide->fiches */
	size_t rec;	/* index in fiche->recs */
	int current;	/* the level that made it apply */
	horizon horizon;	/* the recommendation's, for ranking */
	double priority;
} ranked_rec;

typedef struct result {
	score overall;
	score *axes;	/* [guide->naxes] */
	score *fiches;	/* [guide->nfiches] */
	ranked_rec *recs;	/* applicable, ranked (highest priority first) */
	size_t nrecs;
} result;

/* Peer statistics for one axis: NAN when no peer has a score there. */
typedef struct peer_axis {
	double q1, median, q3;
	size_t n;	/* peers with a score on this axis */
} peer_axis;

typedef struct peers {
	size_t count;		/* number of peers found */
	peer_axis *axes;	/* [guide->naxes], NULL when count < PEERS_MIN */
} peers;

#define PEERS_MIN 5

/*
 * The level views give without an agreed one: the lower median of the
 * numeric views (index (n-1)/2 once sorted); LEVEL_NA when every view is
 * na, else LEVEL_NSP when none is numeric.
 */
int views_level(const view *v, size_t n);
/* Highest minus lowest numeric view; -1 with fewer than two. */
int views_spread(const view *v, size_t n);

int score_is_null(score s);
double score_percent(const guide *g, score s);	/* NAN when null */
int score_level(score s);			/* -1 when null */
double score_completeness(score s);		/* NAN when no applicable question */

/* Computes every score of a for guide g into r (release with result_release). */
void score_compute(const guide *g, const answers *a, result *r);
void result_release(result *r);

/* Population band 0..4 (< 3500, < 20000, < 50000, < 100000, more), -1 unknown. */
int population_band(long population);

/* Whether a and b are the same territory (same code, else same name). */
int same_territory(const answers *a, const answers *b);

/*
 * Indices into s of the history of s->items[self] (itself included), by
 * date then slug; returns how many were written to idx (room for s->n).
 */
size_t history_of(const answers_set *s, size_t self, size_t *idx);

/*
 * Peers of s->items[self] among s, given every file's result (all[i] for
 * s->items[i]).  Fills p (release with peers_release); p->axes is NULL with
 * fewer than PEERS_MIN peers.
 */
void peers_compute(const guide *g, const answers_set *s, const result *all,
		   size_t self, peers *p);
void peers_release(peers *p);

/* Marks each file that is the latest of its territory (s->latest), in
 * O(n log n); peers_compute uses it, and works without it more slowly. */
void answers_set_index(answers_set *s);

/* Linear-interpolation quantile of sorted v[0..n) (numpy's default). */
double quantile(const double *v, size_t n, double q);

#endif
