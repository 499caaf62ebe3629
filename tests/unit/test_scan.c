/* test_scan.c: the 16-byte scans for HTML and JSON escaping stop at the same
 * byte as a byte-by-byte scan, at every length, offset and byte value, and
 * the escapers built on them write the expected text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "html.h"
#include "scan.h"
#include "value.h"

static size_t slow_html(const char *s, size_t len, int attr)
{
	size_t i = 0;

	while (i < len && !scan_html_special((unsigned char)s[i], attr))
		i++;
	return i;
}

static size_t slow_json(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && !scan_json_special((unsigned char)s[i]))
		i++;
	return i;
}

/* Every byte value at every position of runs of up to 48 plain bytes,
 * from every offset of a 16-byte block: the SSE2 loop, its end and the
 * byte-by-byte tail all meet each case. */
static void test_every_byte(void **state)
{
	char block[128];
	size_t len, pos, off;
	int c, attr;

	(void)state;
	for (off = 0; off < 16; off++)
		for (len = 0; len <= 48; len++)
			for (pos = 0; pos < len; pos += 1 + pos / 4)
				for (c = 0; c < 256; c++) {
					char *s = block + off;
					memset(s, 'a', len);
					s[pos] = (char)c;
					for (attr = 0; attr < 2; attr++)
						assert_int_equal(scan_html(s, len, attr),
								 slow_html(s, len, attr));
					assert_int_equal(scan_json(s, len), slow_json(s, len));
				}
}

/* Random bytes, mostly plain, over long strings. */
static void test_random(void **state)
{
	static char s[4096];
	uint32_t x = 12345;
	size_t i, k;

	(void)state;
	for (k = 0; k < 2000; k++) {
		size_t len = k % 4096;
		for (i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			s[i] = (x >> 24) % 97 == 0 ? (char)(x >> 16) : (char)('a' + (x >> 20) % 26);
		}
		for (i = 0; i < len; i += 1 + slow_json(s + i, len - i)) {
			assert_int_equal(scan_json(s + i, len - i), slow_json(s + i, len - i));
			assert_int_equal(scan_html(s + i, len - i, 1), slow_html(s + i, len - i, 1));
			assert_int_equal(scan_html(s + i, len - i, 0), slow_html(s + i, len - i, 0));
		}
	}
}

static void test_escapers(void **state)
{
	static const char in[] = "a long run of plain text, then <b>&\"'</b>\n\t\x01 and é";
	buf b = BUF_INIT;

	(void)state;
	html_escape_text(&b, in, sizeof in - 1);
	assert_string_equal(b.ptr, "a long run of plain text, then &lt;b&gt;&amp;\"'&lt;/b&gt;\n\t\x01 and é");
	buf_reset(&b);
	html_escape_attr(&b, in, sizeof in - 1);
	assert_string_equal(b.ptr, "a long run of plain text, then &lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;\n\t\x01 and é");
	buf_reset(&b);
	json_string(&b, in, sizeof in - 1);
	assert_string_equal(b.ptr, "\"a long run of plain text, then \\u003cb>&\\\"'\\u003c/b>\\n\\t\\u0001 and é\"");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_escapers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
