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
	int question;	/* index in fiche->questions, or -1 for a fiche rule */
	int below;
	horizon horizon;
	char *text;
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
} guide;

typedef struct answer {
	int level;	/* >= 0, or LEVEL_UNANSWERED / LEVEL_NA / LEVEL_NSP */
	char *note;	/* NULL when absent */
	char *evidence;	/* NULL when absent */
} answer;

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
} answers;

typedef struct answers_set {
	answers **items;	/* sorted by slug */
	size_t n;
	/* per item, 1 when it is the latest file of its territory; set by
	 * answers_set_index (score.h), NULL until then */
	unsigned char *latest;
} answers_set;

static inline int guide_max_level(const guide *g)
{
	return (int)g->nscale - 1;
}

const char *horizon_name(horizon h);	/* "court", "moyen", "long" */
const char *kind_name(kind k);		/* "commune", ... */

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
