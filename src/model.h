/* model.h: the one in-memory model of a guide (site.yaml + fiches) and of
 * answers files.  The loader (load.c) fills it and validates it; scoring
 * (score.c) reads it; back-ends (site, pdf, export) only read it. */
#ifndef AUTODIAG_MODEL_H
#define AUTODIAG_MODEL_H

#include <stddef.h>

#include <cmark.h>

/* Special answer states, stored where a level (>= 0) would be. */
enum {
	LEVEL_UNANSWERED = -1,
	LEVEL_NA = -2,	/* not applicable: out of the computation */
	LEVEL_NSP = -3	/* "ne sait pas": unanswered, listed as a point to check */
};

typedef enum horizon { HORIZON_COURT, HORIZON_MOYEN, HORIZON_LONG } horizon;

/* A recommendation's effort; EFFORT_NONE when the fiche gives none. */
typedef enum effort { EFFORT_NONE, EFFORT_FAIBLE, EFFORT_MOYEN, EFFORT_FORT } effort;

/* The status of an adopted action (answers `plan`). */
typedef enum plan_status {
	STATUS_PREVUE,
	STATUS_EN_COURS,
	STATUS_FAITE,
	STATUS_ABANDONNEE
} plan_status;
#define NSTATUS 4

typedef enum kind {
	KIND_COMMUNE,
	KIND_INTERCOMMUNALITE,
	KIND_DEPARTEMENT,
	KIND_REGION,
	KIND_AUTRE
} kind;

typedef struct scale_level {
	int level;
	char *label;
	char *description;
} scale_level;

typedef struct axis {
	char *id;
	char *title;
	char *summary;
} axis;

typedef struct question {
	char *id;
	char *text;
	char *help;	/* NULL when absent */
	double weight;
	char **levels;	/* one descriptor per scale level */
	int line, col;	/* where it is defined, for diagnostics */
} question;

typedef struct recommendation {
	char *id;	/* the id in the fiche (explicit, or <question>-<n> / fiche-<n>) */
	char *full_id;	/* <fiche-id>.<id>, as answers files and reports name it */
	int question;	/* index in fiche->questions, or -1 for a fiche rule */
	int below;
	horizon horizon;
	effort effort;
	char **porteur;	/* who carries it (roles), may be empty */
	size_t nporteur;
	char *text;
	int line, col;	/* where it is defined, for diagnostics */
} recommendation;

typedef struct fiche {
	char *id;
	char *path;	/* the file it came from */
	char *title;
	char *summary;
	size_t axis;	/* index in guide->axes */
	double weight;
	long order;
	char **competences;
	size_t ncompetences;
	question *questions;
	size_t nquestions;
	recommendation *recs;
	size_t nrecs;
	cmark_node *body;	/* the Markdown body, parsed once */
	int body_line;		/* file line where the body starts */
	int id_line, id_col;	/* where its id is given (1:1 when from the file name) */
} fiche;

/* A source of an experience: where its facts come from. */
typedef struct source {
	char *title;
	char *url;	/* http:// or https:// */
} source;

/* content/experiences/<id>.md: what an authority did (a retour d'expérience). */
typedef struct experience {
	char *id;	/* the file name without .md */
	char *path;
	char *title;
	char *territory;
	kind kind;
	long population;
	int year;
	char *summary;
	size_t *fiches;	/* indexes in guide->fiches, at least one */
	size_t nfiches;
	source *sources;
	size_t nsources;
	size_t *ressources;	/* indexes in guide->ressources */
	size_t nressources;
	cmark_node *body;
	int body_line;
} experience;

typedef enum ressource_type {
	RESSOURCE_CLAUSES,
	RESSOURCE_CAHIER_DES_CHARGES,
	RESSOURCE_FICHE_DE_POSTE,
	RESSOURCE_DELIBERATION,
	RESSOURCE_CHARTE,
	RESSOURCE_METHODE,
	RESSOURCE_FINANCEMENT
} ressource_type;

#define RESSOURCE_NTYPES 7

/* content/ressources/<id>.md: a document to reuse; the body is the document. */
typedef struct ressource {
	char *id;	/* the file name without .md */
	char *path;
	char *title;
	ressource_type type;
	char *summary;
	char *licence;
	size_t *fiches;	/* indexes in guide->fiches, at least one */
	size_t nfiches;
	cmark_node *body;
	int body_line;
} ressource;
/* A respondent role of a collective diagnostic (site.yaml `roles`). */
typedef struct role {
	char *id;
	char *label;
} role;

/* Defaults and bounds of the site.yaml plan and divergence settings. */
#define PRIORITY_MEASURES_DEFAULT 6
#define PRIORITY_MEASURES_MAX 50
#define REVIEW_MONTHS_DEFAULT 6
#define REVIEW_MONTHS_MAX 60
#define DIVERGENCE_DEFAULT 2

typedef struct guide {
	char *title;
	char *version;
	char *language;
	char *description;	/* NULL when absent */
	char *base_url;		/* NULL when absent: absolute URLs for sitemap.xml */
	scale_level *scale;	/* scale[i].level == i */
	size_t nscale;		/* max level is nscale - 1 */
	axis *axes;
	size_t naxes;
	fiche *fiches;		/* in guide order: axis, order, id */
	size_t nfiches;
	size_t nquestions;	/* over all fiches */
	/* ids of the axes and fiches that failed to load (reported, and absent
	 * from axes/fiches): references to them are skipped, not errors */
	char **failed_axes;
	size_t nfailed_axes;
	char **failed_fiches;
	size_t nfailed_fiches;
	experience *experiences;	/* sorted by id; none without content/experiences/ */
	size_t nexperiences;
	ressource *ressources;	/* sorted by id */
	size_t nressources;
	role *roles;		/* may be empty */
	size_t nroles;
	int priority_measures;	/* 1..PRIORITY_MEASURES_MAX, default 6 */
	int review_months;	/* 1..REVIEW_MONTHS_MAX, default 6 */
	int divergence;		/* 1..max level when given, default 2 */
} guide;

/* One respondent's view of a question (collective diagnostic). */
typedef struct view {
	size_t respondent;	/* index in answers->respondents */
	int level;		/* >= 0, LEVEL_NA or LEVEL_NSP */
} view;

typedef struct answer {
	/* >= 0, or LEVEL_UNANSWERED / LEVEL_NA / LEVEL_NSP; with views and no
	 * agreed level, the level the views give (views_level, score.h) */
	int level;
	int agreed;	/* with views: 1 when `level` was given (the consensus) */
	view *views;	/* in file order; NULL when none */
	size_t nviews;
	char *note;	/* NULL when absent */
	char *evidence;	/* NULL when absent */
} answer;

/* A respondent of a collective diagnostic. */
typedef struct respondent {
	char *name;	/* the key used in `views` */
	long role;	/* index in guide->roles, or -1 */
	int declared;	/* listed under `respondents` (else only named in views) */
} respondent;

/* An action of the adopted plan (answers `plan`). */
typedef struct plan_entry {
	char *action;	/* the full recommendation id as written */
	long fiche;	/* index in guide->fiches, -1 when unknown (other version) */
	long rec;	/* index in fiche->recs, -1 when unknown */
	plan_status status;
	char *porteur;	/* NULL when absent */
	char *echeance;	/* YYYY-MM-DD, NULL when absent */
} plan_entry;

typedef struct answers {
	char *path;
	char *slug;	/* file name without .yaml */
	char *territory;
	char *code;	/* NULL when absent */
	kind kind;
	long population;	/* -1 when absent */
	char *date;	/* YYYY-MM-DD */
	char *version;	/* NULL when absent */
	char *respondent;	/* NULL when absent */
	int *targets;	/* per axis: a level, or -1 when absent */
	answer **fiche_answers;	/* [fiche][question], same order as the guide */
	char **notes;	/* per fiche, NULL when absent */
	respondent *respondents;	/* declared ones first, then names met in views */
	size_t nrespondents;
	plan_entry *plan;	/* in file order */
	size_t nplan;
} answers;

typedef struct answers_set {
	answers **items;	/* sorted by slug */
	size_t n;
	/* per item, 1 when it is the latest file of its territory; set by
	 * answers_set_index (score.h), NULL until then */
	unsigned char *latest;
	/* items by territory, then date and slug (hist), and the position of
	 * each item in it (hist_pos); set with latest, NULL until then */
	size_t *hist, *hist_pos;
} answers_set;

static inline int guide_max_level(const guide *g)
{
	return (int)g->nscale - 1;
}

const char *horizon_name(horizon h);	/* "court", "moyen", "long" */
const char *kind_name(kind k);		/* "commune", ... */
const char *effort_name(effort e);	/* NULL, "faible", "moyen", "fort" */
const char *status_name(plan_status s);	/* "prevue", "en-cours", "faite", "abandonnee" */

/* Index of the recommendation with full id (<fiche>.<id>) in g: 0 and
 * *fi, *ri set, or -1. */
int guide_find_rec(const guide *g, const char *full_id, size_t *fi, size_t *ri);

/* Index of the fiche with id in g, or -1. */
long guide_find_fiche(const guide *g, const char *id);
/* Index of the axis with id in g, or -1. */
long guide_find_axis(const guide *g, const char *id);
/* Whether id names a fiche (an axis) that failed to load. */
int guide_fiche_failed(const guide *g, const char *id);
int guide_axis_failed(const guide *g, const char *id);

void guide_free(guide *g);
/* Frees what f owns (not f itself); nlevels is the guide's scale size. */
void fiche_release(fiche *f, size_t nlevels);
void answers_free(answers *a, const guide *g);
void answers_set_free(answers_set *s, const guide *g);

#endif
