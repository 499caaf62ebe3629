/* collections.c: names, look-ups and freeing of the experiences and
 * resources of a guide (loaded by load_collections.c). */
#include "collections.h"

#include <stdlib.h>
#include <string.h>

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
