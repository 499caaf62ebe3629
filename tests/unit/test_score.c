/* test_score.c: scoring cases computed by hand, on guides and answers
 * written to a temporary directory and loaded as a user's would be. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diag.h"
#include "load.h"
#include "peers.h"
#include "score.h"
#include "util.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	buf p = BUF_INIT;

	buf_printf(&p, "%s/%s", dir, name);
	assert_int_equal(write_file(p.ptr, text, strlen(text)), 0);
	buf_release(&p);
}

static answers *load_answers(const guide *g, const char *yaml)
{
	int st;
	answers *a;
	buf p = BUF_INIT;

	buf_printf(&p, "%s/ans.yaml", dir);
	put("ans.yaml", yaml);
	a = answers_load_file(g, p.ptr, &st);
	buf_release(&p);
	assert_non_null(a);
	assert_int_equal(st, 0);
	return a;
}

#define HEAD "territory: \"T\"\nkind: commune\ndate: 2026-01-01\n"

static void assert_close(double a, double b)
{
	assert_true(fabs(a - b) < 1e-12);
}

/* Weighted means over questions, fiches, then the plain mean over axes. */
static void test_weights(void **state)
{
	guide g;
	result r;
	answers *a;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	a = load_answers(&g, HEAD "answers:\n  a1: {q1: 4, q2: 0}\n  a2: {q1: 3}\n"
				  "  b1: {q1: 2, q2: na}\n");
	score_compute(&g, a, &r);
	/* a1 = (4x1 + 0x3) / 4 = 1; alpha = (1x2 + 3x1) / 3; beta = 2 */
	assert_close(r.fiches[0].score, 1.0);
	assert_close(r.fiches[1].score, 3.0);
	assert_close(r.axes[0].score, 5.0 / 3);
	assert_close(r.axes[1].score, 2.0);
	assert_close(r.overall.score, (5.0 / 3 + 2) / 2);
	assert_close(score_percent(&g, r.overall), 100 * (11.0 / 6) / 4);
	assert_int_equal(score_level(r.overall), 1);
	assert_int_equal(r.overall.applicable, 4);
	assert_close(score_completeness(r.overall), 1.0);
	assert_int_equal(r.fiches[2].applicable, 1);
	/* next steps: a1/q2 (0 < 2, priority 2x(4-0) = 8; its rule below 4
	 * comes later), a1 fiche rule (1 < 4, 2x3 = 6), b1/q1 (2: its rule
	 * below 2 is passed, the one below 4 is next, 1x2 = 2), a2/q1 (3 < 4,
	 * 1x1 = 1); b1/q2 is na */
	assert_int_equal(r.nrecs, 4);
	assert_int_equal(r.recs[0].rec, 1);
	assert_close(r.recs[0].priority, 8);
	assert_int_equal(r.recs[1].rec, 2);
	assert_close(r.recs[1].priority, 6);
	assert_int_equal(r.recs[2].fiche, 2);
	assert_int_equal(r.recs[2].rec, 2);
	assert_close(r.recs[2].priority, 2);
	assert_int_equal(r.recs[3].fiche, 1);
	assert_close(r.recs[3].priority, 1);
	assert_int_equal(r.nlater, 1);
	assert_int_equal(r.later[0].rec, 4);
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
}

/* A target lowers priorities, even below zero, and keeps the rule listed. */
static void test_targets(void **state)
{
	guide g;
	result r;
	answers *a;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	a = load_answers(&g, HEAD "targets: {alpha: 2}\nanswers:\n  a1: {q1: 4, q2: 0}\n"
				  "  a2: {q1: 3}\n");
	score_compute(&g, a, &r);
	assert_int_equal(r.nrecs, 3);
	assert_close(r.recs[0].priority, 4);	/* 2 x (2 - 0) */
	assert_close(r.recs[1].priority, 2);	/* 2 x (2 - 1) */
	assert_close(r.recs[2].priority, -1);	/* 1 x (2 - 3) */
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
}

/* Equal priorities: horizon, then fiche order, then order in the fiche. */
static void test_ties(void **state)
{
	guide g;
	result r;
	answers *a;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	a = load_answers(&g, HEAD "answers:\n  a1: {q1: 0, q2: 0}\n  b1: {q1: 0, q2: 0}\n");
	score_compute(&g, a, &r);
	/* a1: R1 long, R2 court, R3 moyen, all 2 x 4 = 8; b1: R5, R6 moyen, 4 */
	assert_int_equal(r.nrecs, 5);
	assert_int_equal(r.recs[0].rec, 1);
	assert_int_equal(r.recs[1].rec, 2);
	assert_int_equal(r.recs[2].rec, 0);
	assert_int_equal(r.recs[3].fiche, 2);
	assert_int_equal(r.recs[3].rec, 0);
	assert_int_equal(r.recs[4].rec, 1);
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
}

/* nsp and unanswered count as applicable, na does not; nulls propagate. */
static void test_unanswered(void **state)
{
	guide g;
	result r;
	answers *a;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	a = load_answers(&g, HEAD "answers:\n  a1: {q1: nsp}\n  a2: {q1: na}\n");
	score_compute(&g, a, &r);
	assert_true(score_is_null(r.fiches[0]));
	assert_int_equal(r.fiches[0].applicable, 2);
	assert_true(isnan(score_completeness(r.fiches[1])));
	assert_true(score_is_null(r.axes[0]));
	assert_true(score_is_null(r.overall));
	assert_true(isnan(score_percent(&g, r.overall)));
	assert_int_equal(score_level(r.overall), -1);
	assert_close(score_completeness(r.overall), 0.0);
	assert_int_equal(r.nrecs, 0);
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
}

/* Writes a one-axis guide with a scale of n levels into dir/c. */
static void make_scale_guide(int n, const char *fiche_extra)
{
	buf s = BUF_INIT, f = BUF_INIT, lv = BUF_INIT;
	int i;

	buf_printf(&s, "mkdir -p %s/c/fiches", dir);
	assert_int_equal(system(s.ptr), 0);
	buf_reset(&s);
	buf_adds(&s, "title: \"x\"\nversion: \"1\"\nscale:\n");
	for (i = 0; i < n; i++) {
		buf_printf(&s, "  - {level: %d, label: \"L%d\"}\n", i, i);
		buf_printf(&lv, "%s\"d%d\"", i ? ", " : "", i);
	}
	buf_adds(&s, "axes:\n  - {id: x, title: \"X\"}\n");
	put("c/site.yaml", s.ptr);
	buf_printf(&f, "---\ntitle: \"F\"\naxis: x\nquestions:\n"
		       "  - {id: a, text: \"A\", weight: 0.1, levels: [%s]}\n"
		       "  - {id: b, text: \"B\", weight: 0.2, levels: [%s]}\n"
		       "recommendations:\n  - {question: a, below: 1, text: \"ra\"}\n"
		       "  - {question: b, below: 1, text: \"rb\"}\n---\n",
		   lv.ptr, lv.ptr);
	put("c/fiches/f.md", f.ptr);
	put("c/fiches/vide.md", fiche_extra);
	buf_release(&s);
	buf_release(&f);
	buf_release(&lv);
}

static void scale_case(int n, const char *ans, double score, double percent, int level)
{
	guide g;
	result r;
	answers *a;
	buf p = BUF_INIT;

	make_scale_guide(n, "---\ntitle: \"Vide\"\naxis: x\n---\nSans questions.\n");
	buf_printf(&p, "%s/c", dir);
	assert_int_equal(guide_load(p.ptr, &g), 0);
	assert_int_equal(g.nscale, (size_t)n);
	a = load_answers(&g, ans);
	score_compute(&g, a, &r);
	assert_close(r.fiches[0].score, score);
	assert_close(score_percent(&g, r.fiches[0]), percent);
	assert_int_equal(score_level(r.fiches[0]), level);
	/* the empty fiche has no score and no completeness, and does not
	 * pull the axis down */
	assert_true(score_is_null(r.fiches[1]));
	assert_true(isnan(score_completeness(r.fiches[1])));
	assert_close(r.axes[0].score, score);
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
	buf_release(&p);
}

static void test_scale_3(void **state)
{
	(void)state;
	/* (1 x 0.1 + 2 x 0.2) / 0.3 = 5/3; 100 x (5/3) / 2 */
	scale_case(3, HEAD "answers:\n  f: {a: 1, b: 2}\n", 0.5 / 0.30000000000000004,
		   100 * (0.5 / 0.30000000000000004) / 2, 1);
}

static void test_scale_7(void **state)
{
	(void)state;
	/* 3 x 0.1 + 3 x 0.2 over 0.3 is 2.9999999999999996 in doubles: level 3 */
	scale_case(7, HEAD "answers:\n  f: {a: 3, b: 3}\n", 0.9 / 0.30000000000000004,
		   100 * (0.9 / 0.30000000000000004) / 6, 3);
}

static void test_quantile(void **state)
{
	double v[] = { 1, 2, 3, 4 };

	(void)state;
	assert_close(quantile(v, 4, 0.25), 1.75);
	assert_close(quantile(v, 4, 0.5), 2.5);
	assert_close(quantile(v, 4, 0.75), 3.25);
	assert_close(quantile(v, 1, 0.75), 1);
	assert_true(isnan(quantile(v, 0, 0.5)));
}

static void test_bands(void **state)
{
	(void)state;
	assert_int_equal(population_band(-1), -1);
	assert_int_equal(population_band(3499), 0);
	assert_int_equal(population_band(3500), 1);
	assert_int_equal(population_band(19999), 1);
	assert_int_equal(population_band(20000), 2);
	assert_int_equal(population_band(99999), 3);
	assert_int_equal(population_band(100000), 4);
}

/* Peers: latest file of other territories of the same kind and band, >= 5. */
static void test_peers(void **state)
{
	guide g;
	answers_set s = { 0 };
	result all[8];
	peers p;
	size_t i, hist[8];
	char text[256];

	(void)state;
	guide_load("tests/fixtures/content", &g);
	s.items = xcalloc(8, sizeof *s.items);
	for (i = 0; i < 7; i++) {
		/* territories T0..T5 of 20 000+ inhabitants; T0 twice */
		snprintf(text, sizeof text,
			 "territory: \"T%zu\"\nkind: commune\npopulation: %d\ndate: 2026-0%zu-01\n"
			 "answers:\n  b1: {q1: %zu}\n",
			 i == 6 ? 0 : i, 20000 + (int)i, i + 1, i == 6 ? 4 : i % 5);
		s.items[s.n++] = load_answers(&g, text);
	}
	s.items[s.n++] = load_answers(&g, HEAD "population: 500\nanswers:\n  b1: {q1: 4}\n");
	for (i = 0; i < s.n; i++)
		score_compute(&g, s.items[i], &all[i]);
	peers_compute(&g, &s, all, 1, &p);
	/* peers of T1: T2, T3, T4, T5 and T0's latest (2026-07, level 4) */
	assert_int_equal(p.count, 5);
	assert_non_null(p.axes);
	/* beta scores: T2=2, T3=3, T4=4, T5=0, T0=4 -> 0 2 3 4 4 */
	assert_close(p.axes[1].q1, 2);
	assert_close(p.axes[1].median, 3);
	assert_close(p.axes[1].q3, 4);
	assert_int_equal(p.axes[0].n, 0);
	assert_true(isnan(p.axes[0].median));
	peers_release(&p);
	/* T0 (its earlier file) has T1..T5 as peers */
	peers_compute(&g, &s, all, 0, &p);
	assert_int_equal(p.count, 5);
	peers_release(&p);
	peers_compute(&g, &s, all, 7, &p);
	assert_int_equal(p.count, 0);
	assert_null(p.axes);
	peers_release(&p);
	assert_int_equal(history_of(&s, 6, hist), 2);
	assert_int_equal(hist[0], 0);
	assert_int_equal(hist[1], 6);
	for (i = 0; i < s.n; i++)
		result_release(&all[i]);
	answers_set_free(&s, &g);
	guide_free(&g);
}

/* The peers index (peers.c) gives the very bits of peers_compute, and the
 * indexed history the order of the scan, on a set of mixed kinds, bands,
 * codes, histories and unscored axes. */
static int cmp_dbl(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return a < b ? -1 : a > b;
}

static void test_peers_index(void **state)
{
	static const char *kinds[] = { "commune", "intercommunalite", "autre" };
	static const long pops[] = { 800, 4000, 150000, -1 };
	static const char *lv[] = { "0", "1", "2", "3", "4", "na", "nsp" };
	guide g;
	answers_set s = { 0 }, plain;
	result *all;
	peers_index *x;
	size_t i, n = 480, shown = 0, *h1, *h2;
	char text[512], pop[48], code[48];

	(void)state;
	guide_load("tests/fixtures/content", &g);
	s.items = xcalloc(n, sizeof *s.items);
	for (i = 0; i < n; i++) {
		size_t t = (i * 7) % 151; /* 151 territories, 3 or 4 dates each */
		long p = pops[(t / 3 + i / 97) % 4];
		pop[0] = code[0] = '\0';
		if (p >= 0)
			snprintf(pop, sizeof pop, "population: %ld\n", p + (long)t);
		if (t % 3)
			snprintf(code, sizeof code, "code: \"C%zu\"\n", t);
		snprintf(text, sizeof text,
			 "territory: \"T%zu\"\n%skind: %s\n%sdate: 202%zu-0%zu-01\n"
			 "answers:\n  a1: {q1: %s, q2: %s}\n  b1: {q1: %s}\n",
			 t, code, kinds[t % 3], pop, 3 + i % 4, 1 + i % 9, lv[i % 7],
			 lv[(i / 3) % 7], lv[(i * 5) % 7]);
		s.items[s.n++] = load_answers(&g, text);
	}
	all = xcalloc(n, sizeof *all);
	for (i = 0; i < n; i++)
		score_compute(&g, s.items[i], &all[i]);
	plain = s;
	answers_set_index(&s);
	x = peers_index_new(&g, &s, all);
	h1 = xmalloc(n * sizeof *h1);
	h2 = xmalloc(n * sizeof *h2);
	for (i = 0; i < n; i++) {
		peers a, b;
		size_t k, m;
		peers_compute(&g, &plain, all, i, &a);
		peers_index_get(x, i, &b);
		assert_int_equal(a.count, b.count);
		assert_int_equal(a.axes == NULL, b.axes == NULL);
		shown += a.axes != NULL;
		for (k = 0; a.axes && k < g.naxes; k++) {
			assert_int_equal(a.axes[k].n, b.axes[k].n);
			assert_memory_equal(&a.axes[k].q1, &b.axes[k].q1, sizeof(double));
			assert_memory_equal(&a.axes[k].median, &b.axes[k].median, sizeof(double));
			assert_memory_equal(&a.axes[k].q3, &b.axes[k].q3, sizeof(double));
		}
		peers_release(&a);
		peers_release(&b);
		m = history_of(&plain, i, h1);
		assert_int_equal(history_of(&s, i, h2), m);
		assert_memory_equal(h1, h2, m * sizeof *h1);
	}
	assert_true(shown > n / 2);
	/* A group as an authority outside the set sees it: every latest file
	 * of the kind and band, scanned here, no one left out. */
	for (i = 0; i < n; i++) {
		double *v;
		int band = population_band(s.items[i]->population);
		size_t j, k, m = 0, count = 0;
		peers p;
		if (!s.latest[i] || band < 0)
			continue;
		peers_index_group(x, s.items[i]->kind, band, &p);
		v = xmalloc(n * sizeof *v);
		for (j = 0; j < n; j++)
			count += s.latest[j] && s.items[j]->kind == s.items[i]->kind &&
				 population_band(s.items[j]->population) == band;
		assert_int_equal(p.count, count);
		assert_int_equal(p.axes == NULL, count < PEERS_MIN);
		for (k = 0; p.axes && k < g.naxes; k++) {
			double q1, q3;
			for (m = 0, j = 0; j < n; j++)
				if (s.latest[j] && s.items[j]->kind == s.items[i]->kind &&
				    population_band(s.items[j]->population) == band &&
				    !score_is_null(all[j].axes[k]))
					v[m++] = all[j].axes[k].score;
			qsort(v, m, sizeof *v, cmp_dbl);
			q1 = quantile(v, m, 0.25);
			q3 = quantile(v, m, 0.75);
			assert_memory_equal(&p.axes[k].q1, &q1, sizeof q1);
			assert_memory_equal(&p.axes[k].q3, &q3, sizeof q3);
			assert_int_equal(p.axes[k].n, m);
		}
		peers_release(&p);
		free(v);
	}
	{
		peers none;
		peers_index_group(x, KIND_COMMUNE, -1, &none); /* population unknown */
		assert_int_equal(none.count, 0);
		assert_null(none.axes);
	}
	free(h1);
	free(h2);
	peers_index_free(x);
	for (i = 0; i < n; i++)
		result_release(&all[i]);
	free(all);
	answers_set_free(&s, &g);
	guide_free(&g);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/autodiag-test-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (chdir(getenv("TOP") ? getenv("TOP") : ".") != 0)
		return -1;
	diag_quiet = 1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Recommendation ids: explicit, or <question>-<n> / fiche-<n> by rank. */
static void test_rec_ids(void **state)
{
	guide g;
	buf p = BUF_INIT;
	const fiche *f;
	size_t fi, ri;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	/* a1: q1-1, q2-1, fiche-1 (defaults); settings default */
	f = &g.fiches[0];
	assert_string_equal(f->recs[0].id, "q1-1");
	assert_string_equal(f->recs[1].full_id, "a1.q2-1");
	assert_string_equal(f->recs[2].id, "fiche-1");
	assert_int_equal(g.priority_measures, 6);
	assert_int_equal(g.review_months, 6);
	assert_int_equal(g.divergence, 2);
	assert_int_equal(g.nroles, 2);
	assert_string_equal(g.roles[1].label, "Services");
	guide_free(&g);

	make_scale_guide(5, "---\ntitle: \"V\"\naxis: x\nquestions:\n"
			    "  - {id: a, text: \"A\", levels: [\"0\", \"1\", \"2\", \"3\", \"4\"]}\n"
			    "recommendations:\n"
			    "  - {question: a, below: 1, text: \"1\"}\n"
			    "  - {id: lancer, question: a, below: 2, effort: faible,"
			    " porteur: [\"DGS\", \"DSI\"], text: \"2\"}\n"
			    "  - {question: a, below: 3, effort: fort, text: \"3\"}\n"
			    "  - {below: 2, text: \"4\"}\n"
			    "  - {below: 3, id: voter, text: \"5\"}\n"
			    "  - {below: 4, text: \"6\"}\n---\n");
	put("c/site.yaml", "title: \"x\"\nversion: \"1\"\nscale:\n"
			   "  - {level: 0, label: \"a\"}\n  - {level: 1, label: \"b\"}\n"
			   "  - {level: 2, label: \"c\"}\n  - {level: 3, label: \"d\"}\n"
			   "  - {level: 4, label: \"e\"}\n"
			   "axes:\n  - {id: x, title: \"X\"}\n"
			   "priority_measures: 3\nreview_months: 12\ndivergence: 3\n");
	buf_printf(&p, "%s/c", dir);
	assert_int_equal(guide_load(p.ptr, &g), 0);
	assert_int_equal(g.priority_measures, 3);
	assert_int_equal(g.review_months, 12);
	assert_int_equal(g.divergence, 3);
	assert_int_equal(g.nroles, 0);
	fi = (size_t)guide_find_fiche(&g, "vide");
	f = &g.fiches[fi];
	assert_string_equal(f->recs[0].id, "a-1");
	assert_string_equal(f->recs[1].id, "lancer");
	assert_int_equal(f->recs[1].effort, EFFORT_FAIBLE);
	assert_int_equal(f->recs[1].nporteur, 2);
	assert_string_equal(f->recs[1].porteur[1], "DSI");
	assert_string_equal(f->recs[2].id, "a-3");	/* third on a, whatever the others' ids */
	assert_int_equal(f->recs[2].effort, EFFORT_FORT);
	assert_int_equal(f->recs[0].effort, EFFORT_NONE);
	assert_string_equal(f->recs[3].id, "fiche-1");
	assert_string_equal(f->recs[4].id, "voter");
	assert_string_equal(f->recs[5].full_id, "vide.fiche-3");
	assert_int_equal(guide_find_rec(&g, "vide.a-3", &fi, &ri), 0);
	assert_int_equal(ri, 2);
	assert_int_equal(guide_find_rec(&g, "vide.a-4", &fi, &ri), -1);
	assert_int_equal(guide_find_rec(&g, "f.a-1", &fi, &ri), 0);
	assert_int_equal(ri, 0);
	assert_int_equal(guide_find_rec(&g, "vid.a-1", &fi, &ri), -1);
	assert_int_equal(guide_find_rec(&g, "vide", &fi, &ri), -1);
	guide_free(&g);
	buf_release(&p);
}

/* Views: the lower median of numeric views unless a level is agreed. */
static void test_views_load(void **state)
{
	guide g;
	answers *a;
	const answer *q;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	a = load_answers(&g, HEAD "respondents:\n  - {name: \"Élu\", role: elus}\n"
				  "  - {name: DGS}\n  - {name: DST, role: services}\n"
				  "answers:\n  a1:\n    q1: {views: {DGS: 2, \"Élu\": 3, DST: 0}}\n"
				  "    q2: {level: 4, views: {DGS: 1, DST: 2}}\n"
				  "  a2: {q1: {views: {DGS: na, DST: nsp}}}\n"
				  "  b1:\n    q1: {views: {DGS: na, DST: na}}\n"
				  "    q2: {views: {DGS: 3, DST: 1, \"Élu\": 2}}\n"
				  "plan:\n  - {action: a1.q2-1, status: en-cours, porteur: DGS,"
				  " echeance: 2026-12-31}\n  - {action: b1.q1-1, status: faite}\n");
	assert_int_equal(a->nrespondents, 3);
	assert_int_equal(a->respondents[0].role, 0);
	assert_int_equal(a->respondents[1].role, -1);
	assert_int_equal(a->respondents[2].role, 1);
	q = &a->fiche_answers[0][0];
	/* sorted 0 2 3: index (3-1)/2 = 1 -> 2 */
	assert_int_equal(q->level, 2);
	assert_int_equal(q->agreed, 0);
	assert_int_equal(q->nviews, 3);
	assert_int_equal(q->views[0].respondent, 1);	/* file order: DGS first */
	assert_int_equal(q->views[1].level, 3);
	assert_int_equal(views_spread(q->views, q->nviews), 3);
	q = &a->fiche_answers[0][1];
	assert_int_equal(q->level, 4);	/* agreed */
	assert_int_equal(q->agreed, 1);
	assert_int_equal(views_spread(q->views, q->nviews), 1);
	q = &a->fiche_answers[1][0];
	assert_int_equal(q->level, LEVEL_NSP);	/* na and nsp: nsp */
	assert_int_equal(views_spread(q->views, q->nviews), -1);
	assert_int_equal(a->fiche_answers[2][0].level, LEVEL_NA);	/* all na */
	assert_int_equal(a->fiche_answers[2][1].level, 2);
	assert_int_equal(a->nplan, 2);
	assert_int_equal(a->plan[0].fiche, 0);
	assert_int_equal(a->plan[0].rec, 1);
	assert_int_equal(a->plan[0].status, STATUS_EN_COURS);
	assert_string_equal(a->plan[0].porteur, "DGS");
	assert_string_equal(a->plan[0].echeance, "2026-12-31");
	assert_int_equal(a->plan[1].fiche, 2);
	assert_int_equal(a->plan[1].status, STATUS_FAITE);
	assert_null(a->plan[1].porteur);
	answers_free(a, &g);
	guide_free(&g);
}

/* The lower median: the cautious view wins a tie; two views give the lower. */
static void test_views_median(void **state)
{
	view v[6] = { { 0, 4 }, { 1, 1 }, { 2, LEVEL_NA }, { 3, 3 }, { 4, LEVEL_NSP }, { 5, 2 } };
	view w[2] = { { 0, LEVEL_NA }, { 1, LEVEL_NSP } };

	(void)state;
	/* numeric 1 2 3 4: index 1 -> 2 */
	assert_int_equal(views_level(v, 6), 2);
	assert_int_equal(views_spread(v, 6), 3);
	assert_int_equal(views_level(v, 2), 1);	/* 1 4 -> 1 */
	assert_int_equal(views_level(v, 1), 4);
	assert_int_equal(views_spread(v, 1), -1);
	assert_int_equal(views_level(v + 2, 1), LEVEL_NA);
	assert_int_equal(views_level(w, 2), LEVEL_NSP);
	assert_int_equal(views_level(w, 1), LEVEL_NA);
}

/* The guide of test_rec_ids: fiche f (a-1, b-1 below 1) and fiche vide. */
static void load_steps_guide(guide *g)
{
	buf p = BUF_INIT;

	make_scale_guide(5, "---\ntitle: \"V\"\naxis: x\nquestions:\n"
			    "  - {id: a, text: \"A\", levels: [\"0\", \"1\", \"2\", \"3\", \"4\"]}\n"
			    "recommendations:\n"
			    "  - {question: a, below: 1, text: \"1\"}\n"
			    "  - {id: lancer, question: a, below: 2, text: \"2\"}\n"
			    "  - {question: a, below: 3, text: \"3\"}\n"
			    "  - {below: 2, text: \"4\"}\n"
			    "  - {below: 3, id: voter, text: \"5\"}\n"
			    "  - {below: 4, text: \"6\"}\n---\n");
	put("c/site.yaml", "title: \"x\"\nversion: \"1\"\nscale:\n"
			   "  - {level: 0, label: \"a\"}\n  - {level: 1, label: \"b\"}\n"
			   "  - {level: 2, label: \"c\"}\n  - {level: 3, label: \"d\"}\n"
			   "  - {level: 4, label: \"e\"}\n"
			   "axes:\n  - {id: x, title: \"X\"}\n"
			   "priority_measures: 3\nreview_months: 12\ndivergence: 3\n");
	buf_printf(&p, "%s/c", dir);
	assert_int_equal(guide_load(p.ptr, g), 0);
	buf_release(&p);
}

static const char *rec_id(const guide *g, const ranked_rec *rr)
{
	return g->fiches[rr->fiche].recs[rr->rec].full_id;
}

/* Next steps (smallest below per question or per fiche), later steps,
 * priority measures on different fiches, adopted actions, review date. */
static void test_steps(void **state)
{
	guide g;
	result r;
	answers *a;

	(void)state;
	load_steps_guide(&g);
	a = load_answers(&g, "territory: \"T\"\nkind: commune\ndate: 2026-08-31\n"
			     "answers:\n  f: {a: 0, b: 2}\n  vide: {a: 1}\n"
			     "plan:\n  - {action: vide.a-3, status: faite}\n"
			     "  - {action: f.b-1, status: prevue}\n"
			     "  - {action: vide.fiche-1, status: en-cours}\n");
	score_compute(&g, a, &r);
	/* f: a = 0 < 1 (priority 4 - 0); vide: a = 1 gives lancer (below 2)
	 * next and a-3 (below 3) later; its level 1 gives fiche-1 (below 2)
	 * next, voter and fiche-3 later; all priority 4 - 1 = 3, moyen */
	assert_int_equal(r.nrecs, 3);
	assert_string_equal(rec_id(&g, &r.recs[0]), "f.a-1");
	assert_close(r.recs[0].priority, 4);
	assert_string_equal(rec_id(&g, &r.recs[1]), "vide.lancer");
	assert_string_equal(rec_id(&g, &r.recs[2]), "vide.fiche-1");
	assert_close(r.recs[2].priority, 3);
	assert_int_equal(r.nlater, 3);
	assert_string_equal(rec_id(&g, &r.later[0]), "vide.a-3");
	assert_string_equal(rec_id(&g, &r.later[1]), "vide.voter");
	assert_string_equal(rec_id(&g, &r.later[2]), "vide.fiche-3");
	/* 3 wanted, but only 2 fiches: f.a-1 and vide.lancer */
	assert_int_equal(r.nmeasures, 2);
	assert_int_equal(r.measures[0], 0);
	assert_int_equal(r.measures[1], 1);
	/* adopted: a-3 is a later step, f.b-1 no longer applies (b = 2) */
	assert_int_equal(r.plan_applicable[0], 1);
	assert_int_equal(r.plan_applicable[1], 0);
	assert_int_equal(r.plan_applicable[2], 1);
	assert_int_equal(r.later[0].adopted, 0);
	assert_int_equal(r.recs[2].adopted, 2);
	assert_int_equal(r.recs[0].adopted, -1);
	assert_int_equal(r.status_count[STATUS_PREVUE], 1);
	assert_int_equal(r.status_count[STATUS_EN_COURS], 1);
	assert_int_equal(r.status_count[STATUS_FAITE], 1);
	assert_int_equal(r.status_count[STATUS_ABANDONNEE], 0);
	assert_string_equal(r.review, "2027-08-31");	/* 12 months */
	assert_int_equal(r.ndivs, 0);
	assert_int_equal(r.nviews, 0);
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
}

/* The review date keeps the day, clamped to the month's last day. */
static void test_review_date(void **state)
{
	char out[16];

	(void)state;
	date_add_months("2026-08-31", 6, out);
	assert_string_equal(out, "2027-02-28");
	date_add_months("2027-08-31", 6, out);
	assert_string_equal(out, "2028-02-29");
	date_add_months("2026-10-12", 6, out);
	assert_string_equal(out, "2027-04-12");
	date_add_months("2026-01-31", 1, out);
	assert_string_equal(out, "2026-02-28");
	date_add_months("2026-03-31", 1, out);
	assert_string_equal(out, "2026-04-30");
	date_add_months("2026-12-15", 1, out);
	assert_string_equal(out, "2027-01-15");
	date_add_months("2099-11-30", 60, out);
	assert_string_equal(out, "2104-11-30");
}

/* Divergences by spread, then fiche and question order; scores per role. */
static void test_divergences_roles(void **state)
{
	guide g;
	result r;
	answers *a;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	a = load_answers(&g, HEAD "respondents:\n  - {name: \"Élu\", role: elus}\n"
				  "  - {name: DGS}\n  - {name: DST, role: services}\n"
				  "  - {name: Agent, role: services}\n"
				  "answers:\n  a1:\n"
				  "    q1: {views: {\"Élu\": 4, DGS: 1, DST: 0, Agent: 2}}\n"
				  "    q2: {level: 3, views: {\"Élu\": 3, DST: 1}}\n"
				  "  a2: {q1: {views: {\"Élu\": 2, DST: 3}}}\n"
				  "  b1:\n    q1: 2\n"
				  "    q2: {views: {DGS: na, \"Élu\": 4, Agent: 0}}\n");
	score_compute(&g, a, &r);
	/* a1.q1: 0 1 2 4 -> 1, spread 4; a1.q2 agreed 3, spread 2; a2.q1: 2 3
	 * -> 2, spread 1; b1.q2: 0 4 -> 0, spread 4 */
	assert_int_equal(r.nviews, 4);
	assert_int_equal(r.ndivs, 3);
	assert_int_equal(r.divs[0].fiche, 0);
	assert_int_equal(r.divs[0].question, 0);
	assert_int_equal(r.divs[0].spread, 4);
	assert_int_equal(r.divs[1].fiche, 2);
	assert_int_equal(r.divs[1].question, 1);
	assert_int_equal(r.divs[2].fiche, 0);
	assert_int_equal(r.divs[2].question, 1);
	assert_int_equal(r.divs[2].spread, 2);
	/* a1 = (1 + 3 x 3) / 4 = 2.5; alpha = (2.5 x 2 + 2) / 3; b1 = 1 */
	assert_close(r.fiches[0].score, 2.5);
	assert_close(r.axes[0].score, 7.0 / 3);
	assert_close(r.overall.score, (7.0 / 3 + 1) / 2);
	/* élus: a1 = (4 + 3 x 3) / 4 = 3.25, a2 = 2, b1 = (2 + 4) / 2 */
	assert_int_equal(r.role_present[0], 1);
	assert_close(r.role_axes[0].score, (3.25 * 2 + 2) / 3);
	assert_close(r.role_axes[1].score, 3);
	assert_close(r.role_overall[0].score, ((3.25 * 2 + 2) / 3 + 3) / 2);
	/* services: a1.q1 0 2 -> 0, a1.q2 1, a2.q1 3, b1.q2 0:
	 * a1 = 3 / 4, alpha = (1.5 + 3) / 3 = 1.5, b1 = 1 */
	assert_int_equal(r.role_present[1], 1);
	assert_close(r.role_axes[g.naxes + 0].score, 1.5);
	assert_close(r.role_axes[g.naxes + 1].score, 1);
	assert_close(r.role_overall[1].score, 1.25);
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
}

/* The two parts of score_compute give its figures: the scores alone
 * (what a build holds for every file) hold no plan, and a plan added,
 * dropped and added again is the same (the status counts not doubled). */
static void test_scores_then_plan(void **state)
{
	guide g;
	result full, part;
	answers *a;
	size_t k;

	(void)state;
	guide_load("tests/fixtures/content", &g);
	a = load_answers(&g, HEAD "respondents:\n  - {name: \"Élu\", role: elus}\n"
				  "  - {name: DST, role: services}\n"
				  "answers:\n  a1:\n"
				  "    q1: {views: {\"Élu\": 4, DST: 0}}\n    q2: 1\n"
				  "  b1: {q1: 2, q2: 0}\n"
				  "plan:\n  - {action: a1.q2-1, status: en-cours}\n"
				  "  - {action: b1.publier, status: faite}\n");
	score_compute(&g, a, &full);
	score_compute_scores(&g, a, &part);
	assert_int_equal(part.planned, 0);
	assert_null(part.recs);
	assert_int_equal(part.nrecs + part.nlater + part.nmeasures + part.ndivs, 0);
	assert_int_equal(part.nviews, full.nviews);
	assert_int_equal(part.nviews, 1);
	assert_close(part.overall.score, full.overall.score);
	for (k = 0; k < g.naxes * g.nroles; k++)
		assert_true(part.role_axes[k].score == full.role_axes[k].score ||
			    (isnan(part.role_axes[k].score) && isnan(full.role_axes[k].score)));
	assert_string_equal(part.review, full.review);
	for (k = 0; k < 2; k++) {
		score_plan(&g, a, &part);
		score_plan(&g, a, &part);	/* a second call changes nothing */
		assert_int_equal(part.planned, 1);
		assert_int_equal(part.nrecs, full.nrecs);
		assert_int_equal(part.nlater, full.nlater);
		assert_int_equal(part.nmeasures, full.nmeasures);
		assert_int_equal(part.ndivs, full.ndivs);
		assert_true(full.nrecs > 0 && full.ndivs == 1);
		assert_memory_equal(part.recs, full.recs, full.nrecs * sizeof *full.recs);
		assert_memory_equal(part.status_count, full.status_count, sizeof full.status_count);
		assert_int_equal(full.status_count[STATUS_EN_COURS] + full.status_count[STATUS_FAITE], 2);
		assert_memory_equal(part.plan_applicable, full.plan_applicable, a->nplan);
		result_release_plan(&part);
		assert_int_equal(part.planned, 0);
		assert_null(part.recs);
		assert_int_equal(part.status_count[STATUS_FAITE], 0);
	}
	result_release(&part);
	result_release(&full);
	answers_free(a, &g);
	guide_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_scores_then_plan),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_unanswered),
		cmocka_unit_test(test_scale_3),
		cmocka_unit_test(test_scale_7),
		cmocka_unit_test(test_quantile),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_peers),
		cmocka_unit_test(test_peers_index),
		cmocka_unit_test(test_rec_ids),
		cmocka_unit_test(test_views_load),
		cmocka_unit_test(test_views_median),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_review_date),
		cmocka_unit_test(test_divergences_roles),
	};
	return cmocka_run_group_tests_name("score", tests, setup, teardown);
}
