/* test_collections.c: the experiences and resources of the test guide
 * (tests/collections/content) as the loader fills them in the model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "collections.h"
#include "load.h"

static const char *fiche_id(const guide *g, size_t i)
{
	return g->fiches[i].id;
}

/* Both collections, sorted by id, with their references resolved. */
static void test_load(void **state)
{
	guide g;
	const experience *e;
	const ressource *r;

	(void)state;
	assert_int_equal(guide_load("tests/collections/content", &g), 0);
	assert_int_equal(g.nexperiences, 2);
	assert_int_equal(g.nressources, 3);

	e = &g.experiences[0];
	assert_string_equal(e->id, "bourg-essai");
	assert_string_equal(e->territory, "Bourg-d’Essai");
	assert_int_equal(e->kind, KIND_COMMUNE);
	assert_int_equal(e->population, 4200);
	assert_int_equal(e->year, 2024);
	assert_int_equal(e->nfiches, 2);
	assert_string_equal(fiche_id(&g, e->fiches[0]), "a1");
	assert_string_equal(fiche_id(&g, e->fiches[1]), "b1");
	assert_int_equal(e->nsources, 1);
	assert_string_equal(e->sources[0].url, "https://www.example.org/bourg");
	assert_int_equal(e->nressources, 1);
	assert_string_equal(g.ressources[e->ressources[0]].id, "clauses-essai");
	assert_non_null(e->body);
	assert_int_equal(e->body_line, 14);

	e = &g.experiences[1];
	assert_string_equal(e->id, "interco-essai");
	assert_int_equal(e->kind, KIND_INTERCOMMUNALITE);
	assert_int_equal(e->nsources, 2);
	assert_string_equal(e->sources[1].title, "Délibération");
	assert_int_equal(e->nressources, 0);

	r = &g.ressources[0];
	assert_string_equal(r->id, "clauses-essai");
	assert_int_equal(r->type, RESSOURCE_CLAUSES);
	assert_string_equal(ressource_type_name(r->type), "clauses");
	assert_string_equal(r->licence, "Licence Ouverte 2.0");
	assert_true(ressource_has_fiche(r, (size_t)guide_find_fiche(&g, "a1")));
	assert_false(ressource_has_fiche(r, (size_t)guide_find_fiche(&g, "b1")));
	r = &g.ressources[1];
	assert_int_equal(r->type, RESSOURCE_METHODE);
	assert_int_equal(r->nfiches, 2);
	assert_int_equal(guide_find_ressource(&g, "methode-essai"), 1);
	assert_int_equal(guide_find_ressource(&g, "nulle"), -1);
	guide_free(&g);
}

/* A guide without collection directories loads with empty collections. */
static void test_none(void **state)
{
	guide g;

	(void)state;
	assert_int_equal(guide_load("tests/fixtures/content", &g), 0);
	assert_int_equal(g.nexperiences, 0);
	assert_int_equal(g.nressources, 0);
	assert_null(g.experiences);
	guide_free(&g);
}

/* The experiences of the selection case: id, kind, population, fiche. */
static const struct {
	const char *id;
	kind kind;
	long population;
	size_t fiche;
} cases[] = {
	{ "a-ville", KIND_COMMUNE, 12000, 0 },	   /* band 1 */
	{ "b-ville", KIND_COMMUNE, 4000, 0 },	   /* band 1 */
	{ "c-interco", KIND_INTERCOMMUNALITE, 15000, 0 },
	{ "d-ville", KIND_COMMUNE, 60000, 0 },	   /* band 3 */
	{ "e-ville", KIND_COMMUNE, 3000, 0 },	   /* band 0 */
	{ "f-ville", KIND_COMMUNE, 12000, 0 },	   /* band 1, as far as a-ville */
	{ "g-ville", KIND_COMMUNE, 10000, 1 },	   /* another fiche */
};

/* Writes the ids chosen for (k, population) among max into out, "a b c". */
static void suggest(const guide *g, kind k, long population, size_t max, char *out)
{
	size_t idx[8], n, i;

	n = experiences_suggest(g, 0, k, population, idx, max);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, g->experiences[idx[i]].id);
	}
}

/*
 * DESIGN's rule computed by hand.  For a commune of 10 000 inhabitants
 * (band 1): same kind and band are a-ville (2 000 away), f-ville (2 000, after
 * a by id), b-ville (6 000); then same kind: e-ville (7 000), d-ville
 * (50 000); then c-interco.  For an intercommunalité of 50 000 (band 2):
 * c-interco (same kind), then by distance d (10 000), a and f (38 000), b
 * (46 000), e (47 000).  A commune of unknown population: no band, no
 * distance, so the communes by id, then c-interco.
 */
static void test_suggest(void **state)
{
	experience ex[sizeof cases / sizeof *cases];
	size_t fiche_ids[sizeof cases / sizeof *cases];
	guide g;
	char got[256];
	size_t i;

	(void)state;
	memset(&g, 0, sizeof g);
	memset(ex, 0, sizeof ex);
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ex[i].id = (char *)cases[i].id;
		ex[i].kind = cases[i].kind;
		ex[i].population = cases[i].population;
		fiche_ids[i] = cases[i].fiche;
		ex[i].fiches = &fiche_ids[i];
		ex[i].nfiches = 1;
	}
	g.experiences = ex;
	g.nexperiences = sizeof cases / sizeof *cases;

	suggest(&g, KIND_COMMUNE, 10000, SUGGEST_MAX, got);
	assert_string_equal(got, "a-ville f-ville");
	suggest(&g, KIND_COMMUNE, 10000, 8, got);
	assert_string_equal(got, "a-ville f-ville b-ville e-ville d-ville c-interco");
	suggest(&g, KIND_INTERCOMMUNALITE, 50000, 8, got);
	assert_string_equal(got, "c-interco d-ville a-ville f-ville b-ville e-ville");
	suggest(&g, KIND_COMMUNE, -1, 8, got);
	assert_string_equal(got, "a-ville b-ville d-ville e-ville f-ville c-interco");
	suggest(&g, KIND_REGION, 2000000, SUGGEST_MAX, got);
	assert_string_equal(got, "d-ville c-interco");
	assert_int_equal(experiences_suggest(&g, 2, KIND_COMMUNE, 100, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
