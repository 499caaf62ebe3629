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
	assert_int_equal(g.nressources, 2);

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
