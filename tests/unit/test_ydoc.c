/* test_ydoc.c: the YAML layer: positions, typing and what it rejects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "ydoc.h"

static ynode *parse(const char *text, int first_line, int *ok)
{
	diag_quiet = 1;
	diag_reset();
	return ydoc_parse("t.yaml", text, strlen(text), first_line, ok);
}

static void test_positions(void **state)
{
	int ok;
	ynode *r = parse("a: 1\nb:\n  - x\n  - \"y\"\n", 2, &ok);

	(void)state;
	assert_true(ok);
	assert_int_equal(r->kind, Y_MAP);
	ynode *b = ymap_get(r, "b");
	assert_int_equal(b->kind, Y_SEQ);
	assert_int_equal(b->items[1]->line, 5);	/* file line: first_line + 3 */
	assert_int_equal(b->items[1]->col, 5);
	assert_false(b->items[1]->plain);
	ynode_free(r);
}

static void test_types(void **state)
{
	int ok;
	long i;
	double d;
	ynode *r = parse("i: 42\nq: \"42\"\nf: 1.5\nn: ~\ne:\ns: abc\n", 1, &ok);

	(void)state;
	assert_true(yscalar_int(ymap_get(r, "i"), &i) && i == 42);
	assert_false(yscalar_int(ymap_get(r, "q"), &i));
	assert_true(yscalar_number(ymap_get(r, "f"), &d) && d == 1.5);
	assert_true(yscalar_is_null(ymap_get(r, "n")));
	assert_true(yscalar_is_null(ymap_get(r, "e")));
	assert_string_equal(ynode_describe(ymap_get(r, "s")), "a string");
	assert_string_equal(ynode_describe(ymap_get(r, "q")), "a string");
	ynode_free(r);
}

static void test_rejects(void **state)
{
	int ok;

	(void)state;
	assert_null(parse("a: 1\nb: 2\na: 3\n", 1, &ok));
	assert_false(ok);
	assert_int_equal(diag_errors, 1);
	assert_null(parse("a: &x 1\nb: *x\n", 1, &ok));
	assert_false(ok);
	assert_null(parse("a:\n\t- 1\n", 1, &ok));
	assert_false(ok);
	assert_null(parse("a: 1\n---\nb: 2\n", 1, &ok));
	assert_false(ok);
	assert_null(parse("a: [1, 2\n", 1, &ok));
	assert_false(ok);
}

static void test_depth(void **state)
{
	char text[400];
	int ok, i;

	(void)state;
	for (i = 0; i < 100; i++)
		text[i] = '[';
	text[100] = '\0';
	assert_null(parse(text, 1, &ok));
	assert_false(ok);
	assert_int_equal(diag_errors, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_depth),
	};
	return cmocka_run_group_tests_name("ydoc", tests, NULL, NULL);
}
