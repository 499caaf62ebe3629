/* test_export.c: number formatting, JSON and CSV escaping, and the null
 * rules of the score JSON. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "export.h"
#include "load.h"
#include "util.h"

static void assert_fmt(double d, const char *want)
{
	buf b = BUF_INIT;

	fmt_double(&b, d);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

static void test_numbers(void **state)
{
	(void)state;
	assert_fmt(0, "0");
	assert_fmt(40, "40");
	assert_fmt(100, "100");
	assert_fmt(-3, "-3");
	assert_fmt(0.1, "0.1");
	assert_fmt(1.0 / 3, "0.3333333333333333");
	assert_fmt(2.0 / 3 * 100, "66.66666666666666"); /* as Python prints it */
	assert_fmt(52.5, "52.5");
	/* whole numbers are written without printf: the same as "%.0f" */
	assert_fmt(-0.0, "0");
	assert_fmt(7, "7");
	assert_fmt(-1, "-1");
	assert_fmt(36000, "36000");
	assert_fmt(999999999999999.0, "999999999999999");
	assert_fmt(-999999999999999.0, "-999999999999999");
	assert_fmt(1e15, "1e+15");
}

static void test_json_escape(void **state)
{
	buf b = BUF_INIT;
	value *v = v_map();

	(void)state;
	v_set(v, "s", v_str("a\"b\\c\n</script>\x01"));
	v_set(v, "n", v_num(NAN));
	v_json(&b, v, -1);
	assert_string_equal(b.ptr, "{\"s\":\"a\\\"b\\\\c\\n\\u003c/script>\\u0001\",\"n\":null}");
	v_free(v);
	buf_release(&b);
}

static void test_csv(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	csv_field(&b, "plain");
	buf_addc(&b, '|');
	csv_field(&b, "a,b");
	buf_addc(&b, '|');
	csv_field(&b, "say \"hi\"");
	buf_addc(&b, '|');
	csv_field(&b, "=HYPERLINK(\"http://x\")");
	buf_addc(&b, '|');
	csv_field(&b, "-1+1");
	buf_addc(&b, '|');
	csv_field(&b, "@SUM(A1)");
	assert_string_equal(b.ptr, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"'=HYPERLINK(\"\"http://x\"\")\"|"
				   "\"'-1+1\"|\"'@SUM(A1)\"");
	buf_release(&b);
}

/* An empty answers file: every score null, with null percent and level. */
static void test_nulls(void **state)
{
	guide g;
	buf text = BUF_INIT;
	answers *a;
	result r;
	value *v;
	int st;

	(void)state;
	diag_quiet = 1;
	assert_int_equal(guide_load("tests/fixtures/content", &g), 0);
	buf_adds(&text, "territory: \"T\"\nkind: commune\ndate: 2026-01-01\n"
			"answers:\n  a1: {q1: na, q2: nsp}\n");
	a = answers_parse(&g, "t.yaml", &text, &st);
	assert_non_null(a);
	score_compute(&g, a, &r);
	v = export_result(&g, a, &r, NULL);
	assert_int_equal(v_get(v_get(v, "overall"), "score")->kind, V_NULL);
	assert_int_equal(v_get(v_get(v, "overall"), "percent")->kind, V_NULL);
	assert_int_equal(v_get(v_get(v, "overall"), "level")->kind, V_NULL);
	/* 5 applicable, none answered: completeness 0, not null */
	assert_true(v_get(v_get(v, "overall"), "completeness")->num == 0);
	value *q = v_get(v_get(v, "fiches")->items[0], "questions");
	assert_string_equal(v_get(q->items[0], "level")->str, "na");
	assert_string_equal(v_get(q->items[1], "level")->str, "nsp");
	assert_int_equal(v_get(v_get(v, "axes")->items[0], "target")->kind, V_NULL);
	assert_int_equal(v_get(v, "peers")->kind, V_NULL);
	/* a2 has no applicable... it has one unanswered question: completeness 0 */
	assert_true(v_get(v_get(v, "fiches")->items[1], "completeness")->num == 0);
	v_free(v);
	result_release(&r);
	answers_free(a, &g);
	guide_free(&g);
	buf_release(&text);
}

/* The printf forms fmt_fixed and fmt_double stand for. */
static void ref_double(char *tmp, size_t n, double d)
{
	int prec;

	if (d == 0) {
		snprintf(tmp, n, "0");
		return;
	}
	if (d == floor(d) && fabs(d) < 1e15) {
		snprintf(tmp, n, "%.0f", d);
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(tmp, n, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
}

static void check_number(double d)
{
	char want[400];
	buf b = BUF_INIT;
	int k;

	for (k = 0; k <= 4; k++) {
		snprintf(want, sizeof want, "%.*f", k, d);
		buf_reset(&b);
		fmt_fixed(&b, d, k);
		if (strcmp(b.ptr, want))
			fail_msg("fmt_fixed(%.17g, %d) = %s, printf %s", d, k, b.ptr, want);
	}
	ref_double(want, sizeof want, d);
	buf_reset(&b);
	fmt_double(&b, d);
	if (strcmp(b.ptr, want))
		fail_msg("fmt_double(%.17g) = %s, printf %s", d, b.ptr, want);
	buf_release(&b);
}

/* fmt_fixed and fmt_double write what printf writes: ties (0.125, 2.5),
 * decimals a hair either side of them, scores, percents, coordinates,
 * negatives and zeros, large and tiny numbers, NaN and infinities. */
static void test_number_forms(void **state)
{
	static const double fixed[] = { 0.125, 0.375, 2.5, 3.5, -2.5, 0.05, 0.15, 0.25, 1.005,
		2.675, 1e-5, 0.0001, 0.00015, 123456.78905, 1e14 + 0.5, 4.35, -0.04, -0.0, 0.0,
		99.995, 33.333333333333336, 66.66666666666667, 1.0 / 3, 2.0 / 3, 1e10, 9.9999e9,
		1e15, 1e16, 12345678901.2345, NAN, INFINITY, -INFINITY, 5e-324, 1.7976931348623157e308 };
	unsigned long long x = 88172645463325252ull;
	size_t i;
	int j, k;

	(void)state;
	for (i = 0; i < sizeof fixed / sizeof *fixed; i++)
		check_number(fixed[i]);
	for (k = 0; k < 20000; k++) {
		double r, scale;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		r = (double)(x % 2000000) - 1000000;
		for (j = 0, scale = 1; j <= 5; j++, scale *= 10) {
			double d = r / scale;
			check_number(d);
			check_number(nextafter(d, INFINITY));
			check_number(nextafter(d, -INFINITY));
			check_number(d + 0.5 / scale);	/* a tie at one decimal fewer */
		}
		check_number((double)(x >> 11) * 0x1p-53 * 100);	/* a percent */
		check_number((double)(x >> 11) * 0x1p-53 * 4);	/* a score */
	}
}

/* Positions found step by step (text_advance) are those counted from the
 * start (text_position): lines, UTF-8 columns, CR LF as one end of line. */
static void test_text_position(void **state)
{
	const char *s = "ab\r\nçé{{x}}\n\n  «{{t.y}}»\r\nz";
	size_t n = strlen(s), at = 0, i;
	int line = 1, col = 1, l, c;

	(void)state;
	for (i = 0; i <= n; i += 3) {
		text_advance(s, at, i, &line, &col);
		at = i;
		text_position(s, i, &l, &c);
		assert_int_equal(line, l);
		assert_int_equal(col, c);
	}
	text_position(s, (size_t)(strstr(s, "{{t.") - s), &l, &c);
	assert_int_equal(l, 4);
	assert_int_equal(c, 4);
	text_position(s, n, &l, &c);
	assert_int_equal(l, 5);
	assert_int_equal(c, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_text_position),
		cmocka_unit_test(test_number_forms),
	};
	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
