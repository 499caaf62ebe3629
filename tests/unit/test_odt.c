/* test_odt.c: the content.xml that odt.c writes for Markdown a user could
 * write: markup escaped, characters XML forbids dropped, spaces kept,
 * unsafe links left as text; and the zip bytes fixed by the date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dynlib.h"
#include "odt.h"

/* content.xml's office:text for Markdown md. */
static char *content(const char *md)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	buf out = BUF_INIT;
	char *start, *end;

	odt_content_xml(&out, doc);
	cmark_node_free(doc);
	start = strstr(out.ptr, "<office:text>\n") + strlen("<office:text>\n");
	end = strstr(out.ptr, "</office:text>");
	memmove(out.ptr, start, (size_t)(end - start));
	out.ptr[end - start] = '\0';
	return buf_detach(&out);
}

static void expect(const char *md, const char *xml)
{
	char *got = content(md);

	assert_string_equal(got, xml);
	free(got);
}

static void test_blocks(void **state)
{
	(void)state;
	expect("# Titre\n\nUn *mot* et **deux**.\n",
	       "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">Titre</text:h>\n"
	       "<text:p text:style-name=\"Text_20_body\">Un <text:span text:style-name=\"Emphasis\">"
	       "mot</text:span> et <text:span text:style-name=\"Strong_20_Emphasis\">deux"
	       "</text:span>.</text:p>\n");
	expect("3. a\n4. b\n",
	       "<text:list text:style-name=\"Numbering_20_123\"><text:list-item "
	       "text:start-value=\"3\"><text:p text:style-name=\"Text_20_body\">a</text:p>\n"
	       "</text:list-item>\n<text:list-item><text:p text:style-name=\"Text_20_body\">b"
	       "</text:p>\n</text:list-item>\n</text:list>\n");
	expect("> cité\n", "<text:p text:style-name=\"Quotations\">cité</text:p>\n");
	expect("```\na  b\n\tc\n```\n",
	       "<text:p text:style-name=\"Preformatted_20_Text\">a <text:s/>b</text:p>\n"
	       "<text:p text:style-name=\"Preformatted_20_Text\"><text:tab/>c</text:p>\n");
	expect("", "<text:p text:style-name=\"Text_20_body\"/>\n");
	expect("---\n", "<text:p text:style-name=\"Horizontal_20_Line\"/>\n");
}

static void test_hostile(void **state)
{
	(void)state;
	expect("<script>x</script>\n\na <b>c</b> & \"d\" \x01\xef\xbf\xbe\n",
	       "<text:p text:style-name=\"Text_20_body\">a c &amp; \"d\" \xef\xbf\xbd</text:p>\n");
	expect("[x](javascript:alert(1)) [y](https://e.org/?a=1&b=\"2\")\n",
	       "<text:p text:style-name=\"Text_20_body\">x <text:a xlink:type=\"simple\" "
	       "xlink:href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\">y</text:a></text:p>\n");
}

/* The same input and date give the same bytes; another date others. */
static void test_bytes(void **state)
{
	cmark_node *doc = cmark_parse_document("# T\n", 4, CMARK_OPT_DEFAULT);
	buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	const char *err;

	(void)state;
	assert_int_equal(odt_render(&a, "T", "fr", doc, 1767225600, &err), 0);
	assert_int_equal(odt_render(&b, "T", "fr", doc, 1767225600, &err), 0);
	assert_int_equal(odt_render(&c, "T", "fr", doc, 1767225602, &err), 0);
	assert_true(a.len > 500);
	assert_memory_equal(a.ptr, "PK\x03\x04", 4);
	assert_memory_equal(a.ptr + 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	assert_true(a.len != c.len || memcmp(a.ptr, c.ptr, a.len));
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
	cmark_node_free(doc);
}

/* dynlib_open (how odt.c opens libzip): a missing library or function is an
 * error that names it, and leaves nothing resolved; a present one resolves. */
static void test_dynlib(void **state)
{
	static const char *const none[] = { "zlibVersion" };
	static const char *const some[] = { "zlibVersion", "autodiag_no_such_function" };
	dyn_fn fns[2] = { NULL, NULL };
	const char *err = NULL;
	const char *(*version)(void);

	(void)state;
	assert_int_equal(dynlib_open("libautodiag-none.so.0", none, fns, 1, &err), -1);
	assert_non_null(strstr(err, "cannot load libautodiag-none.so.0"));
	assert_null(fns[0]);
	assert_int_equal(dynlib_open("libz.so.1", some, fns, 2, &err), -1);
	assert_string_equal(err, "libz.so.1 has no autodiag_no_such_function");
	assert_null(fns[0]);
	assert_null(fns[1]);
	assert_int_equal(dynlib_open("libz.so.1", none, fns, 1, &err), 0);
	version = (const char *(*)(void))fns[0];
	assert_true(version()[0] == '1' && version()[1] == '.');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_dynlib),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
