/* test_observatory.c: the observatory's anonymity rule and figures, on
 * answers sets built in memory: small groups hidden, the smallest other
 * group hidden when the small ones could be deduced by difference, exact
 * histograms, latest files only, and the changes between two diagnostics. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "observatory.h"
#include "util.h"

#define NAX 1
#define MAXN 64

/* A guide of one axis, scale 0..3, and up to MAXN answers with results. */
typedef struct fixture {
	guide g;
	scale_level scale[4];
	axis ax;
	answers a[MAXN];
	answers *items[MAXN];
	char names[MAXN][16], slugs[MAXN][16], dates[MAXN][16];
	result r[MAXN];
	score scores[MAXN][NAX];
	answers_set s;
} fixture;

static void fx_init(fixture *fx)
{
	memset(fx, 0, sizeof *fx);
	fx->g.scale = fx->scale;
	fx->g.nscale = 4;
	fx->g.axes = &fx->ax;
	fx->g.naxes = NAX;
	fx->s.items = fx->items;
}

/* Adds territory `name` (dated) of kind k and population pop, scoring sc
 * on the axis (NAN: not assessed). */
static void fx_add(fixture *fx, const char *name, const char *date, kind k,
		   long pop, double sc)
{
	size_t i = fx->s.n++;
	answers *a = &fx->a[i];

	snprintf(fx->names[i], sizeof fx->names[i], "%s", name);
	snprintf(fx->slugs[i], sizeof fx->slugs[i], "s%03zu", i);
	snprintf(fx->dates[i], sizeof fx->dates[i], "%s", date);
	a->territory = fx->names[i];
	a->slug = fx->slugs[i];
	a->date = fx->dates[i];
	a->kind = k;
	a->population = pop;
	fx->items[i] = a;
	fx->scores[i][0] = (score){ sc, isnan(sc) ? 0 : 1, 1 };
	fx->r[i].axes = fx->scores[i];
}

static void fx_many(fixture *fx, int n, kind k, long pop, double sc)
{
	char name[16];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%c%ld-%d", 'A' + (int)k, pop, i);
		fx_add(fx, name, "2026-01-01", k, pop, sc);
	}
}

/* A kind of 4 is hidden; the smallest other kind (5) is masked so that
 * "all minus communes" does not give the 4; the 12 communes are shown. */
static void test_small_kind(void **state)
{
	static fixture fx;
	observatory o;

	(void)state;
	fx_init(&fx);
	fx_many(&fx, 12, KIND_COMMUNE, 1000, 1.5);
	fx_many(&fx, 4, KIND_INTERCOMMUNALITE, 30000, 2);
	fx_many(&fx, 5, KIND_DEPARTEMENT, 500000, 3);
	observatory_compute(&fx.g, &fx.s, fx.r, &o);
	assert_int_equal(o.nterritories, 21);
	assert_int_equal(o.sizes.all.state, OBS_SHOWN);
	assert_int_equal(o.sizes.kinds[KIND_COMMUNE].state, OBS_SHOWN);
	assert_int_equal(o.sizes.kinds[KIND_COMMUNE].n, 12);
	assert_int_equal(o.sizes.kinds[KIND_INTERCOMMUNALITE].state, OBS_SMALL);
	assert_int_equal(o.sizes.kinds[KIND_INTERCOMMUNALITE].n, 0);
	assert_int_equal(o.sizes.kinds[KIND_DEPARTEMENT].state, OBS_MASKED);
	assert_int_equal(o.sizes.kinds[KIND_DEPARTEMENT].n, 0);
	assert_int_equal(o.sizes.kinds[KIND_REGION].state, OBS_EMPTY);
	/* bands: 12 (< 3 500), 4 (20 000-49 999), 5 (>= 100 000) */
	assert_int_equal(o.sizes.bands[0].state, OBS_SHOWN);
	assert_int_equal(o.sizes.bands[2].state, OBS_SMALL);
	assert_int_equal(o.sizes.bands[4].state, OBS_MASKED);
	/* the axis: histogram of all 21, of the 12 communes; none of the 4 */
	assert_int_equal(o.axes[0].all.n, 21);
	assert_int_equal(o.axes[0].all.bins[1], 12);
	assert_int_equal(o.axes[0].all.bins[2], 4);
	assert_int_equal(o.axes[0].all.bins[3], 5);
	assert_int_equal(o.axes[0].kinds[KIND_COMMUNE].bins[1], 12);
	assert_null(o.axes[0].kinds[KIND_INTERCOMMUNALITE].bins);
	assert_null(o.axes[0].kinds[KIND_DEPARTEMENT].bins);
	assert_true(isnan(o.axes[0].kinds[KIND_INTERCOMMUNALITE].median));
	observatory_release(&o);
}

/* Two small groups adding up to 5 or more need no masking. */
static void test_small_groups_add_up(void **state)
{
	static fixture fx;
	observatory o;

	(void)state;
	fx_init(&fx);
	fx_many(&fx, 10, KIND_COMMUNE, 1000, 0);
	fx_many(&fx, 3, KIND_INTERCOMMUNALITE, 1000, 1);
	fx_many(&fx, 2, KIND_DEPARTEMENT, 1000, 2);
	fx_many(&fx, 6, KIND_REGION, 1000, 3);
	observatory_compute(&fx.g, &fx.s, fx.r, &o);
	assert_int_equal(o.sizes.kinds[KIND_COMMUNE].state, OBS_SHOWN);
	assert_int_equal(o.sizes.kinds[KIND_REGION].state, OBS_SHOWN);
	assert_int_equal(o.sizes.kinds[KIND_REGION].n, 6);
	assert_int_equal(o.sizes.kinds[KIND_INTERCOMMUNALITE].state, OBS_SMALL);
	assert_int_equal(o.sizes.kinds[KIND_DEPARTEMENT].state, OBS_SMALL);
	observatory_release(&o);
}

/* Fewer than 5 authorities: nothing but the totals. */
static void test_too_few(void **state)
{
	static fixture fx;
	observatory o;
	int k;

	(void)state;
	fx_init(&fx);
	fx_many(&fx, 4, KIND_COMMUNE, 1000, 2);
	observatory_compute(&fx.g, &fx.s, fx.r, &o);
	assert_int_equal(o.nterritories, 4);
	assert_int_equal(o.nanswers, 4);
	assert_int_equal(o.sizes.all.state, OBS_SMALL);
	assert_int_equal(o.axes[0].all.state, OBS_SMALL);
	assert_null(o.axes[0].all.bins);
	for (k = 0; k < OBS_KINDS; k++)
		assert_int_not_equal(o.axes[0].kinds[k].state, OBS_SHOWN);
	observatory_release(&o);
}

/* Only the latest file of a territory counts; quartiles like numpy; an
 * authority not assessed on the axis is left out of it, which can make a
 * group too small there although it is shown in the sizes. */
static void test_latest_and_quartiles(void **state)
{
	static fixture fx;
	observatory o;

	(void)state;
	fx_init(&fx);
	fx_add(&fx, "Alpha", "2025-01-01", KIND_COMMUNE, 100, 0);
	fx_add(&fx, "Alpha", "2026-01-01", KIND_COMMUNE, 100, 1);
	fx_add(&fx, "Beta", "2026-01-01", KIND_COMMUNE, 100, 1.5);
	fx_add(&fx, "Gamma", "2026-01-01", KIND_COMMUNE, 100, 2);
	fx_add(&fx, "Delta", "2026-01-01", KIND_COMMUNE, 100, 3);
	fx_add(&fx, "Epsilon", "2026-01-01", KIND_COMMUNE, 100, 2.5);
	fx_add(&fx, "Zeta", "2026-01-01", KIND_COMMUNE, -1, NAN);
	observatory_compute(&fx.g, &fx.s, fx.r, &o);
	assert_int_equal(o.nanswers, 7);
	assert_int_equal(o.nterritories, 6);
	assert_int_equal(o.sizes.all.n, 6);
	assert_int_equal(o.sizes.kinds[KIND_COMMUNE].n, 6);
	/* bands: 5 of < 3 500 and one unknown: the unknown one is small, so
	 * the 5 are masked (6 - 5 would give it) */
	assert_int_equal(o.sizes.bands[OBS_BANDS - 1].state, OBS_SMALL);
	assert_int_equal(o.sizes.bands[0].state, OBS_MASKED);
	/* the axis: 1, 1.5, 2, 2.5, 3 (Alpha's 2025 file and Zeta left out) */
	assert_int_equal(o.axes[0].all.n, 5);
	assert_true(fabs(o.axes[0].all.q1 - 1.5) < 1e-12);
	assert_true(fabs(o.axes[0].all.median - 2) < 1e-12);
	assert_true(fabs(o.axes[0].all.q3 - 2.5) < 1e-12);
	assert_int_equal(o.axes[0].all.bins[0], 0);
	assert_int_equal(o.axes[0].all.bins[1], 2);
	assert_int_equal(o.axes[0].all.bins[2], 2);
	assert_int_equal(o.axes[0].all.bins[3], 1);
	assert_int_equal(o.axes[0].bands[0].state, OBS_SHOWN);
	assert_int_equal(o.axes[0].bands[OBS_BANDS - 1].state, OBS_EMPTY);
	observatory_release(&o);
}

static void test_empty_set(void **state)
{
	static fixture fx;
	observatory o;

	(void)state;
	fx_init(&fx);
	observatory_compute(&fx.g, &fx.s, fx.r, &o);
	assert_int_equal(o.nterritories, 0);
	assert_int_equal(o.sizes.all.state, OBS_EMPTY);
	assert_int_equal(o.axes[0].all.state, OBS_EMPTY);
	observatory_release(&o);
}

/* Levels gained and lost, and fiches assessed on one side only. */
static void test_changes(void **state)
{
	score before[3] = { { 1, 1, 1 }, { 2.5, 1, 1 }, { NAN, 0, 1 } };
	score after[3] = { { 1.9, 1, 1 }, { 1, 1, 1 }, { 3, 1, 1 } };
	result rb = { .fiches = before }, ra = { .fiches = after };
	fiche f[3];
	guide g = { .fiches = f, .nfiches = 3 };
	fiche_change ch[3];

	(void)state;
	assert_int_equal(fiche_changes(&g, &rb, &ra, ch), 2);
	assert_int_equal(ch[0].fiche, 1);
	assert_int_equal(ch[0].before, 2);
	assert_int_equal(ch[0].after, 1);
	assert_int_equal(ch[1].fiche, 2);
	assert_int_equal(ch[1].before, -1);
	assert_int_equal(ch[1].after, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_kind),
		cmocka_unit_test(test_small_groups_add_up),
		cmocka_unit_test(test_too_few),
		cmocka_unit_test(test_latest_and_quartiles),
		cmocka_unit_test(test_empty_set),
		cmocka_unit_test(test_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
