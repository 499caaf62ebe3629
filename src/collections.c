/* collections.c: names, look-ups and freeing of the experiences and
 * resources of a guide (loaded by load_collections.c). */
#include "collections.h"

#include <stdlib.h>
#include <string.h>

#include "score.h"

const char *ressource_type_name(ressource_type t)
{
	static const char *const names[RESSOURCE_NTYPES] = {
		"clauses", "cahier-des-charges", "fiche-de-poste", "deliberation",
		"charte", "methode", "financement"
	};
	return names[t];
}

const char *ressource_type_label(ressource_type t)
{
	static const char *const labels[RESSOURCE_NTYPES] = {
		"Clauses types", "Cahier des charges", "Fiche de poste", "Projet de délibération",
		"Charte", "Méthode", "Financement"
	};
	return labels[t];
}

long guide_find_ressource(const guide *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nressources; i++)
		if (g->ressources[i].id && !strcmp(g->ressources[i].id, id))
			return (long)i;
	return -1;
}

static int has_index(const size_t *v, size_t n, size_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

int experience_has_fiche(const experience *e, size_t fi)
{
	return has_index(e->fiches, e->nfiches, fi);
}

int ressource_has_fiche(const ressource *r, size_t fi)
{
	return has_index(r->fiches, r->nfiches, fi);
}

static void experience_release(experience *e)
{
	size_t i;

	free(e->id);
	free(e->path);
	free(e->title);
	free(e->territory);
	free(e->summary);
	free(e->fiches);
	for (i = 0; i < e->nsources; i++) {
		free(e->sources[i].title);
		free(e->sources[i].url);
	}
	free(e->sources);
	free(e->ressources);
	if (e->body)
		cmark_node_free(e->body);
}

static void ressource_release(ressource *r)
{
	free(r->id);
	free(r->path);
	free(r->title);
	free(r->summary);
	free(r->licence);
	free(r->fiches);
	if (r->body)
		cmark_node_free(r->body);
}

void collections_release(guide *g)
{
	size_t i;

	for (i = 0; i < g->nexperiences; i++)
		experience_release(&g->experiences[i]);
	free(g->experiences);
	g->experiences = NULL;
	g->nexperiences = 0;
	for (i = 0; i < g->nressources; i++)
		ressource_release(&g->ressources[i]);
	free(g->ressources);
	g->ressources = NULL;
	g->nressources = 0;
}

/* The rank key of experience e for an authority of kind k, band band and
 * population pop: the tier (0 same kind and band, 1 same kind, 2 other)
 * and the distance in population (0 when pop is unknown). */
static void suggest_key(const experience *e, kind k, long pop, int *tier, long *dist)
{
	int band = population_band(pop);

	*tier = e->kind != k ? 2 : band >= 0 && population_band(e->population) == band ? 0 : 1;
	*dist = pop < 0 ? 0 : e->population > pop ? e->population - pop : pop - e->population;
}

/* Whether experience a ranks before b (both of the fiche). */
static int suggest_before(const experience *a, const experience *b, kind k, long pop)
{
	int ta, tb;
	long da, db;

	suggest_key(a, k, pop, &ta, &da);
	suggest_key(b, k, pop, &tb, &db);
	if (ta != tb)
		return ta < tb;
	if (da != db)
		return da < db;
	return strcmp(a->id, b->id) < 0;
}

size_t experiences_suggest(const guide *g, size_t fi, kind k, long population, size_t *out,
			   size_t max)
{
	size_t n = 0, i, j;

	while (n < max) {
		long best = -1;
		for (i = 0; i < g->nexperiences; i++) {
			const experience *e = &g->experiences[i];
			if (!e->id || !experience_has_fiche(e, fi))
				continue;
			for (j = 0; j < n && out[j] != i; j++)
				;
			if (j < n)
				continue;
			if (best < 0 || suggest_before(e, &g->experiences[best], k, population))
				best = (long)i;
		}
		if (best < 0)
			break;
		out[n++] = (size_t)best;
	}
	return n;
}
