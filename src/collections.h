/* collections.h: the experiences (content/experiences/) and the resources
 * (content/ressources/) of a guide: loading, names, look-ups, and the
 * choice of the experiences a report suggests. */
#ifndef AUTODIAG_COLLECTIONS_H
#define AUTODIAG_COLLECTIONS_H

#include "model.h"

/*
 * Loads content_dir/ressources/ *.md then content_dir/experiences/ *.md into
 * g, whose fiches are loaded and sorted.  A missing directory is an empty
 * collection.  Returns 0, 1 when invalid input was reported, 3 on an I/O
 * failure (reported).  g->ressources and g->experiences are set whatever the
 * result and freed by guide_free.
 */
int collections_load(const char *content_dir, guide *g);

/* Frees the collections of g (called by guide_free). */
void collections_release(guide *g);

/* "clauses", "cahier-des-charges", ...: the name used in front matter. */
const char *ressource_type_name(ressource_type t);
/* "Clauses types", "Cahier des charges", ...: the French label. */
const char *ressource_type_label(ressource_type t);

/* Index of the resource with id in g, or -1. */
long guide_find_ressource(const guide *g, const char *id);

/* Whether experience e (resource r) illustrates fiche number fi. */
int experience_has_fiche(const experience *e, size_t fi);
int ressource_has_fiche(const ressource *r, size_t fi);

/* How many experiences a report suggests per fiche. */
#define SUGGEST_MAX 2

/*
 * The experiences of fiche fi to suggest to an authority of kind k and
 * population (-1: unknown), best first, by the rule of DESIGN.md: same kind
 * and population band first, then same kind, then the closest population,
 * then by id (a lexicographic order on these four keys).  Writes up to max
 * indexes of g->experiences to out; returns their count.  Linear in the
 * number of experiences for a fixed max.
 */
size_t experiences_suggest(const guide *g, size_t fi, kind k, long population, size_t *out,
			   size_t max);

#endif
