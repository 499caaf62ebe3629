/* test_md_tables.c: pipe tables as the site renders them (cmark's HTML of
 * the custom blocks md_tables makes), and paragraphs that stay paragraphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "md_tables.h"

static void expect(const char *md, const char *html)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	char *got;

	md_tables(doc);
	got = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	assert_string_equal(got, html);
	free(got);
	cmark_node_free(doc);
}

static void test_tables(void **state)
{
	(void)state;
	/* alignments, inlines in cells, a missing cell added, an extra one dropped */
	expect("| A | *B* | C |\n|:--|:-:|--:|\n| 1 | **2** |\n| x | y | z | w |\n",
	       "<div class=\"table-wrap\"><table>\n<thead><tr>\n"
	       "<th scope=\"col\" class=\"left\">\n<p>A</p>\n</th>\n"
	       "<th scope=\"col\" class=\"center\">\n<p><em>B</em></p>\n</th>\n"
	       "<th scope=\"col\" class=\"right\">\n<p>C</p>\n</th>\n</tr></thead>\n"
	       "<tbody><tr>\n<td class=\"left\">\n<p>1</p>\n</td>\n"
	       "<td class=\"center\">\n<p><strong>2</strong></p>\n</td>\n"
	       "<td class=\"right\">\n<p></p>\n</td>\n</tr>\n"
	       "<tr>\n<td class=\"left\">\n<p>x</p>\n</td>\n<td class=\"center\">\n<p>y</p>\n</td>\n"
	       "<td class=\"right\">\n<p>z</p>\n</td>\n</tr></tbody>\n</table></div>\n");
	/* no outer pipes, a header alone */
	expect("a | b\n--|--\n",
	       "<div class=\"table-wrap\"><table>\n<thead><tr>\n<th scope=\"col\">\n<p>a</p>\n</th>\n"
	       "<th scope=\"col\">\n<p>b</p>\n</th>\n</tr></thead>\n</table></div>\n");
}

static void test_not_tables(void **state)
{
	(void)state;
	/* no delimiter row; a delimiter row of another width; one line */
	expect("a | b\nc | d\n", "<p>a | b\nc | d</p>\n");
	expect("| a | b |\n|---|\n", "<p>| a | b |\n|---|</p>\n");
	expect("| a |\n", "<p>| a |</p>\n");
	/* raw HTML in a cell stays out, as everywhere */
	expect("| <b>x</b> |\n|---|\n",
	       "<div class=\"table-wrap\"><table>\n<thead><tr>\n<th scope=\"col\">\n"
	       "<p><!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n</th>\n"
	       "</tr></thead>\n</table></div>\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_not_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
