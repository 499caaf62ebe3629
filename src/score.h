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
	long adopted;	/* index in answers->plan of its adopted action, or -1 */
} ranked_rec;

/* A question whose views differ by at least the guide's `divergence`. */
typedef struct divergence {
	size_t fiche;	/* index in guide->fiches */
	size_t question;	/* index in fiche->questions */
	int spread;
} divergence;

typedef struct result {
	score overall;
	score *axes;	/* [guide->naxes] */
	score *fiches;	/* [guide->nfiches] */
	/* the plan: the next step of each question (and of each fiche's
	 * fiche-level rules), ranked (highest priority first) */
	ranked_rec *recs;
	size_t nrecs;
	ranked_rec *later;	/* the other applicable steps, ranked the same way */
	size_t nlater;
	size_t *measures;	/* priority measures: indices into recs, in rank order */
	size_t nmeasures;
	divergence *divs;	/* by spread (highest first), fiche order, question order */
	size_t ndivs;
	size_t nviews;	/* questions answered with views (0: not a collective file) */
	/* per adopted action (answers->plan): 1 when its recommendation is in
	 * the plan or the later steps now */
	unsigned char *plan_applicable;
	size_t status_count[NSTATUS];	/* adopted actions per status */
	char review[16];	/* the review date, YYYY-MM-DD */
	/* per role of the guide ([nroles]): whether a respondent of the file
	 * has it, and the axis scores ([nroles * naxes], role-major) and overall
	 * score the views of that role give */
	unsigned char *role_present;
	score *role_axes;
	score *role_overall;
	/* 1 when the plan (recs, later, measures, divs, plan_applicable,
	 * status_count) is there: see score_compute_scores */
	int planned;
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
/* A score as reports print it: truncated to the tenth, like its level
 * (1.96 reads 1.9 at level 1, not 2.0); NAN stays NAN. */
double score_tenth(double score);
double score_completeness(score s);		/* NAN when no applicable question */

/*
 * date plus months, the day clamped to the month's last day, into out
 * (room for 16 bytes): 2026-08-31 + 6 = 2027-02-28.  date is YYYY-MM-DD.
 */
void date_add_months(const char *date, int months, char *out);

/* Computes every score of a for guide g into r (release with result_release). */
void score_compute(const guide *g, const answers *a, result *r);
/*
 * The same in two parts.  score_compute_scores fills the scores (overall,
 * axes, fiches, roles, nviews, review), what peers, the observatory and
 * histories read of every file; score_plan adds the plan (a no-op when
 * r->planned), which only the file's own report and data rows read, and
 * result_release_plan takes it away again.  A build holds the scores of
 * every file and the plan of the reports being written only.
 */
void score_compute_scores(const guide *g, const answers *a, result *r);
void score_plan(const guide *g, const answers *a, result *r);
void result_release_plan(result *r);
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

/* Marks each file that is the latest of its territory (s->latest) and
 * sorts the set by territory then date (s->hist, s->hist_pos), in
 * O(n log n); peers_compute and history_of use it, and work without it
 * more slowly. */
void answers_set_index(answers_set *s);

/* The follow-up of an adopted plan since the previous diagnostic. */
typedef struct plan_followup {
	long prev;	/* index in the set of the territory's previous file, or -1 */
	size_t *done;	/* indices in a->plan: faite now, not faite in prev */
	size_t ndone;
	size_t *stale;	/* indices in a->plan of actions that no longer apply */
	size_t nstale;
	/* indices in prev->plan of actions adopted then, absent from a->plan,
	 * that no longer apply */
	size_t *stale_prev;
	size_t nstale_prev;
} plan_followup;

/*
 * The follow-up of s->items[self]'s adopted plan (r its result): what was
 * done since the previous file of its history, and which adopted actions
 * no longer apply.  Release with plan_followup_release.
 */
void plan_followup_compute(const guide *g, const answers_set *s, const result *r,
			   size_t self, plan_followup *pf);
void plan_followup_release(plan_followup *pf);

/* Linear-interpolation quantile of sorted v[0..n) (numpy's default). */
double quantile(const double *v, size_t n, double q);

#endif
