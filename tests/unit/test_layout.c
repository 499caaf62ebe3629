/* test_layout.c: the PDF layout engine's promises: lines never exceed the
 * measure, justified lines fill it, hyphenation follows libhyphen's French
 * patterns and rebuilds the words, a heading never ends a page, and
 * unsafe link schemes never become clickable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>

#include "hyph.h"
#include "layout.h"
#include "layout_cache.h"
#include "pdf.h"

static const char *TEXT =
	"La collectivité territoriale s’engage dans une démarche de "
	"gouvernance de la donnée : cartographie des jeux de données, "
	"interopérabilité des systèmes d’information, ouverture des données "
	"publiques et accompagnement des agents. L’établissement public de "
	"coopération intercommunale mutualise les compétences numériques "
	"avec les communes membres, dans le respect de la réglementation "
	"relative à la protection des données personnelles.";

/* A proportional fake font: narrow i/l/t, wide m/w, spaces a quarter. */
static double fake_width(void *ctx, int font, unsigned *cp)
{
	(void)ctx;
	if (*cp == ' ')
		return 250;
	if (*cp == 'i' || *cp == 'l' || *cp == 't' || *cp == '\'')
		return 280;
	if (*cp == 'm' || *cp == 'w')
		return 830;
	return font == LF_BOLD ? 600 : 520;
}

static hyph *H;

static int setup(void **state)
{
	(void)state;
	H = hyph_load(HYPH_FR_DIC);
	return H ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	hyph_free(H);
	return 0;
}

static lay_env env(void)
{
	lay_env e = { fake_width, NULL, H, 1.3, NULL, 0 };
	return e;
}

static lay_box *lines_of(const char *text, double width, int align, size_t *n)
{
	lay_style st = { LF_REGULAR, 10, 0, NULL, -1 };
	lay_style bold = { LF_BOLD, 10, 0, NULL, -1 };
	lay_para *p = lay_para_new();
	lay_env e = env();
	lay_box *lines;

	lay_para_add(p, &st, text);
	lay_para_add(p, &bold, " Gouvernance");
	lay_para_add(p, &st, " numérique.");
	lines = lay_para_lines(p, &e, width, align, n);
	lay_para_free(p);
	return lines;
}

static void free_lines(lay_box *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		lay_box_release(&lines[i]);
	free(lines);
}

/* Right edge of the last text op of a line. */
static double line_end(const lay_box *b)
{
	lay_env e = env();
	double end = 0;
	size_t i;

	for (i = 0; i < b->nops; i++) {
		const lay_op *op = &b->ops[i];
		lay_style st = { op->font, op->size, 0, NULL, -1 };
		double r;
		if (op->kind != OP_TEXT)
			continue;
		r = op->x + lay_text_width(&e, &st, op->text);
		if (r > end)
			end = r;
	}
	return end;
}

static void test_lines_within_measure(void **state)
{
	double widths[] = { 60, 90, 140, 200, 333 };
	size_t w, i, n;

	(void)state;
	for (w = 0; w < sizeof(widths) / sizeof(*widths); w++) {
		lay_box *lines = lines_of(TEXT, widths[w], LA_JUSTIFY, &n);
		assert_true(n > 1);
		for (i = 0; i < n; i++)
			assert_true(line_end(&lines[i]) <= widths[w] + 1e-6);
		free_lines(lines, n);
	}
}

static void test_justified_lines_fill(void **state)
{
	size_t i, n, full = 0;
	lay_box *lines = lines_of(TEXT, 200, LA_JUSTIFY, &n);

	(void)state;
	for (i = 0; i + 1 < n; i++) {
		assert_true(line_end(&lines[i]) > 200 - 1e-6);
		full++;
	}
	assert_true(full >= 5);
	/* The last line keeps its natural spacing. */
	assert_true(line_end(&lines[n - 1]) < 200);
	free_lines(lines, n);
}

/* Concatenates the text ops of a line, a space between separate ops that do
 * not touch. */
static void line_text(const lay_box *b, char *out, size_t room)
{
	lay_env e = env();
	double prev_end = -1;
	size_t i;

	out[0] = '\0';
	for (i = 0; i < b->nops; i++) {
		const lay_op *op = &b->ops[i];
		lay_style st = { op->font, op->size, 0, NULL, -1 };
		if (op->kind != OP_TEXT)
			continue;
		if (prev_end >= 0 && op->x > prev_end + 0.5)
			strncat(out, " ", room - strlen(out) - 1);
		strncat(out, op->text, room - strlen(out) - 1);
		prev_end = op->x + lay_text_width(&e, &st, op->text);
	}
}

/* Whether a break after `head` (n chars) in `word` is a libhyphen point. */
static int legal_break(const char *word, const char *head)
{
	size_t pts[32], np, k, chars = 0;
	const char *s = head;

	while (*s)
		if (((unsigned char)*s++ & 0xC0) != 0x80)
			chars++;
	np = hyph_word(H, word, strlen(word), pts, 32);
	for (k = 0; k < np; k++)
		if (pts[k] == chars)
			return 1;
	return 0;
}

static void test_hyphenation_legal(void **state)
{
	char a[2048], b[2048], word[4200], *head, *tail, *end;
	size_t i, n, hyphenated = 0;
	lay_box *lines = lines_of(TEXT, 90, LA_JUSTIFY, &n);

	(void)state;
	for (i = 0; i + 1 < n; i++) {
		line_text(&lines[i], a, sizeof(a));
		line_text(&lines[i + 1], b, sizeof(b));
		if (a[strlen(a) - 1] != '-')
			continue;
		hyphenated++;
		head = strrchr(a, ' ') ? strrchr(a, ' ') + 1 : a;
		head[strlen(head) - 1] = '\0';
		tail = b;
		end = tail + strcspn(tail, " ,.:");
		snprintf(word, sizeof(word), "%s%.*s", head, (int)(end - tail), tail);
		/* The pieces rejoin to a word of the text... */
		assert_true(strstr(TEXT, word) || strcmp(word, "Gouvernance") == 0 ||
			    strcmp(word, "numérique") == 0);
		/* ...at one of libhyphen's points. */
		assert_true(legal_break(word, head));
	}
	assert_true(hyphenated > 0);
	free_lines(lines, n);
}

static void test_hyph_points(void **state)
{
	size_t pts[16];
	size_t n;

	(void)state;
	n = hyph_word(H, "gouvernance", strlen("gouvernance"), pts, 16);
	assert_int_equal(n, 2);	/* gou-ver-nance */
	assert_int_equal(pts[0], 3);
	assert_int_equal(pts[1], 6);
	n = hyph_word(H, "Établissement", strlen("Établissement"), pts, 16);
	assert_int_equal(n, 3);	/* éta-blis-se-ment, none before "ment" */
	assert_int_equal(pts[0], 3);
	assert_int_equal(hyph_word(H, "cœur", strlen("cœur"), pts, 16), 0);
}

static void test_heading_kept_with_text(void **state)
{
	lay_doc d;
	lay_box *h;
	size_t i, hi;

	(void)state;
	lay_doc_init(&d);
	for (i = 0; i < 9; i++)
		lay_doc_add(&d, 30);	/* 270 of a 300 pt page */
	h = lay_doc_add(&d, 20);	/* a heading that would fit at the bottom */
	h->keep_with_next = 1;
	hi = d.n - 1;
	lay_doc_add(&d, 15)->space_before = 6;
	lay_doc_add(&d, 15);
	assert_int_equal(lay_paginate(&d, 300), 2);
	assert_int_equal(d.boxes[hi].page, 1);
	assert_int_equal(d.boxes[hi + 1].page, d.boxes[hi].page);
	assert_true(d.boxes[hi].y == 0);
	for (i = 0; i < d.n; i++)
		assert_true(d.boxes[i].y + d.boxes[i].height <= 300);
	lay_doc_release(&d);
}

static void test_long_word_is_cut(void **state)
{
	size_t i, n;
	lay_box *lines = lines_of(
		"https://data.example.fr/jeux-de-donnees/equipements-publics-2025.csv",
		50, LA_LEFT, &n);

	(void)state;
	assert_true(n > 2);
	for (i = 0; i < n; i++)
		assert_true(line_end(&lines[i]) <= 50 + 1e-6);
	free_lines(lines, n);
}

/* Time in CPU seconds to break one word of n letters into 50-point lines. */
static double long_word_seconds(size_t n, size_t *nlines)
{
	lay_style st = { LF_REGULAR, 10, 0, NULL, -1 };
	char *word = malloc(n + 1);
	lay_para *p = lay_para_new();
	lay_env e = env();
	lay_box *lines;
	clock_t t0;
	double secs;

	memset(word, 'a', n);
	word[n] = '\0';
	lay_para_add(p, &st, word);
	t0 = clock();
	lines = lay_para_lines(p, &e, 50, LA_JUSTIFY, nlines);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	free_lines(lines, *nlines);
	lay_para_free(p);
	free(word);
	return secs;
}

/* A word of 400 000 letters (a hostile fiche) is broken in linear time:
 * it took minutes when each line rescanned the rest of the word. */
static void test_long_word_linear(void **state)
{
	size_t n;
	double secs = long_word_seconds(400000, &n);

	(void)state;
	assert_true(n >= 400000 / 10);
	if (!getenv("VALGRIND"))
		assert_true(secs < 2.0);
}

/* A box taller than a page (a level descriptor, a title of many lines)
 * flows on to the next pages: every line is kept, none is drawn past the
 * bottom of its page, and a background crossing the cut is split. */
static void test_tall_box_flows(void **state)
{
	lay_style st = { LF_REGULAR, 10, 0, NULL, -1 };
	lay_env e = env();
	lay_para *p = lay_para_new();
	lay_doc doc;
	lay_box *lines, *b;
	size_t n, i, k, ntext = 0, nrect = 0;
	double h = 0, page = 200, rect_h = 0;
	int pages;

	(void)state;
	for (i = 0; i < 60; i++)
		lay_para_add(p, &st, TEXT);
	lines = lay_para_lines(p, &e, 300, LA_LEFT, &n);
	lay_doc_init(&doc);
	b = lay_doc_add(&doc, 0);
	b->keep_with_next = 1;
	for (i = 0; i < n; i++) {
		double lh = lines[i].height;
		lay_box_merge(b, &lines[i], 0, h);
		h += lh;
	}
	lay_box_rect(b, 0, 0, 300, h, 0xeeeeee, LAY_NONE, 0);
	b->height = h;
	lay_doc_add(&doc, 10);
	free(lines);
	assert_true(h > 5 * page);
	pages = lay_paginate(&doc, page);
	assert_true(pages >= (int)(h / page) + 1);
	for (i = 0; i < doc.n; i++) {
		const lay_box *bx = &doc.boxes[i];
		assert_true(bx->height <= page + 1e-6);
		for (k = 0; k < bx->nops; k++) {
			const lay_op *op = &bx->ops[k];
			if (op->kind == OP_TEXT) {
				ntext++;
				assert_true(bx->y + op->y + 0.22 * op->size <= page + 1e-6);
			} else if (op->kind == OP_RECT) {
				nrect++;
				rect_h += op->h;
				assert_true(bx->y + op->y + op->h <= page + 1e-6);
			}
		}
	}
	assert_int_equal(ntext, n);
	assert_true(nrect > 1);
	assert_true(fabs(rect_h - h) < 1e-6);
	lay_doc_release(&doc);
	lay_para_free(p);
}

/* The characters measured, in order; the sharp s is missing from the font
 * and replaced by an s. */
static unsigned measured[4096];
static size_t nmeasured;

static double logged_width(void *ctx, int font, unsigned *cp)
{
	if (nmeasured < sizeof measured / sizeof *measured)
		measured[nmeasured++] = *cp;
	if (*cp == 0xDF)
		*cp = 's';
	return fake_width(ctx, font, cp);
}

static lay_box *cached_lines(lay_cache *c, const char *text, double width, size_t *n,
			     int verify)
{
	lay_style st = { LF_REGULAR, 10, 0, NULL, -1 };
	lay_style link = { LF_BOLD, 10, 0x336699, "https://www.example.fr/", -1 };
	lay_para *p = lay_para_new();
	lay_env e = { logged_width, NULL, H, 1.3, c, verify };
	lay_box *lines;

	lay_para_add(p, &st, text);
	lay_para_add(p, &link, " lien");
	nmeasured = 0;
	lines = lay_para_lines(p, &e, width, LA_JUSTIFY, n);
	lay_para_free(p);
	return lines;
}

/* A paragraph found in the cache gives the lines it would be broken into,
 * the first character of each of its fonts measured in order (which loads
 * the fonts); another width is another layout; a paragraph whose
 * characters were replaced is never kept. */
static void test_layout_cache(void **state)
{
	lay_cache *c = lay_cache_new(1u << 20);
	lay_box *want, *got;
	size_t nwant, ngot, i, k, chars = 0;
	const char *t;

	(void)state;
	want = cached_lines(NULL, TEXT, 200, &nwant, 0);
	for (t = TEXT; *t; chars++)
		lay_utf8_next(&t);
	chars += 5; /* " lien" */
	for (i = 0; i < 4; i++) { /* seen, kept, then found twice */
		got = cached_lines(c, TEXT, 200, &ngot, 1);
		assert_int_equal(ngot, nwant);
		assert_true(lay_lines_equal(got, want, nwant));
		lay_lines_free(got, ngot);
	}
	/* found twice, laid out again each time (verify) and the same */
	assert_int_equal(lay_cache_nverified(c), 2);
	/* the last one was measured like the first, character by character */
	assert_true(nmeasured >= chars);
	for (t = TEXT, k = 0; *t; k++)
		assert_int_equal(measured[k], lay_utf8_next(&t));
	/* without verify, only the first character of each font is measured
	 * (it loads the font), in order: "L" regular, then " " of the bold link */
	got = cached_lines(c, TEXT, 200, &ngot, 0);
	assert_int_equal(ngot, nwant);
	assert_true(lay_lines_equal(got, want, nwant));
	assert_int_equal(nmeasured, 2);
	assert_int_equal(measured[0], 'L');
	assert_int_equal(measured[1], ' ');
	lay_lines_free(got, ngot);
	lay_lines_free(want, nwant);

	want = cached_lines(NULL, TEXT, 300, &nwant, 0);
	got = cached_lines(c, TEXT, 300, &ngot, 1);
	assert_int_equal(ngot, nwant);
	assert_true(lay_lines_equal(got, want, nwant));
	assert_true(nwant > 0);
	lay_lines_free(got, ngot);
	lay_lines_free(want, nwant);

	for (i = 0; i < 4; i++) {
		got = cached_lines(c, "Une rue de Gießen.", 200, &ngot, 1);
		lay_lines_free(got, ngot);
	}
	assert_int_equal(lay_cache_nverified(c), 2);
	lay_cache_free(c);
}

static void test_unsafe_links(void **state)
{
	(void)state;
	assert_true(pdf_uri_safe("https://www.example.fr/a?b=c"));
	assert_true(pdf_uri_safe("HTTP://example.fr"));
	assert_true(pdf_uri_safe("mailto:dpo@example.fr"));
	assert_false(pdf_uri_safe("javascript:alert(1)"));
	assert_false(pdf_uri_safe("JaVaScRiPt:alert(1)"));
	assert_false(pdf_uri_safe("vbscript:msgbox"));
	assert_false(pdf_uri_safe("data:text/html;base64,PHNjcmlwdD4="));
	assert_false(pdf_uri_safe("file:///etc/passwd"));
	assert_false(pdf_uri_safe("java\tscript:alert(1)"));
	assert_false(pdf_uri_safe("../fiches/x.html"));
	assert_false(pdf_uri_safe(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_within_measure),
		cmocka_unit_test(test_justified_lines_fill),
		cmocka_unit_test(test_hyphenation_legal),
		cmocka_unit_test(test_hyph_points),
		cmocka_unit_test(test_heading_kept_with_text),
		cmocka_unit_test(test_long_word_is_cut),
		cmocka_unit_test(test_long_word_linear),
		cmocka_unit_test(test_tall_box_flows),
		cmocka_unit_test(test_layout_cache),
		cmocka_unit_test(test_unsafe_links),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
