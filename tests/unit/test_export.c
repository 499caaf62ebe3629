/* test_export.c: number formatting, JSON and CSV escaping, and the null
 * rules of the score JSON. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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
	};
	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
