/* html.c: HTML, attribute and URL escaping for the site back-end. */
#include "html.h"

#include <string.h>

#include "scan.h"

static const char hexdig[] = "0123456789ABCDEF";

/* Appends s[0..len), replacing & < > (and in attributes " and ') by their
 * entities. */
static void escape_set(buf *out, const char *s, size_t len, int attr)
{
	for (;;) {
		size_t n = scan_html(s, len, attr);
		buf_add(out, s, n);
		if (n == len)
			return;
		switch (s[n]) {
		case '&': BUF_LIT(out, "&amp;"); break;
		case '<': BUF_LIT(out, "&lt;"); break;
		case '>': BUF_LIT(out, "&gt;"); break;
		case '"': BUF_LIT(out, "&quot;"); break;
		default: BUF_LIT(out, "&#39;"); break;
		}
		s += n + 1;
		len -= n + 1;
	}
}

void html_escape_text(buf *out, const char *s, size_t len)
{
	escape_set(out, s, len, 0);
}

void html_escape_attr(buf *out, const char *s, size_t len)
{
	escape_set(out, s, len, 1);
}

static int is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static void percent(buf *out, unsigned char c)
{
	buf_addc(out, '%');
	buf_addc(out, hexdig[c >> 4]);
	buf_addc(out, hexdig[c & 15]);
}

void html_escape_url(buf *out, const char *s, size_t len)
{
	/* RFC 3986 reserved and unreserved characters, minus ' (attributes). */
	static const char keep[] = "-._~:/?#[]@!$&()*+,;=";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c && strchr(keep, c)))
			buf_addc(out, c);
		else if (c == '%' && i + 2 < len && is_hex(s[i + 1]) &&
			 is_hex(s[i + 2]))
			buf_addc(out, c);
		else
			percent(out, c);
	}
}

void html_escape_segment(buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c && strchr("-._~", c)))
			buf_addc(out, c);
		else
			percent(out, c);
	}
}

/* Lower-case ASCII prefix test. */
static int has_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return 0;
	}
	return 1;
}

int html_url_safe(const char *s)
{
	const char *p;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (has_prefix_ci(s, "http://") || has_prefix_ci(s, "https://") ||
	    has_prefix_ci(s, "mailto:"))
		return 1;
	/* A relative reference has no scheme: no ':' before the first / ? #. */
	for (p = s; *p && !strchr("/?#", *p); p++)
		if (*p == ':' || (unsigned char)*p < 0x20)
			return 0;
	return 1;
}

/* Whether html[i..] starts a heading tag ("<hN>", "<hN ", "</hN>"); sets
 * *digit to the offset of its level digit. */
static int heading_tag_at(const char *html, size_t len, size_t i, size_t *digit)
{
	size_t j = i + 1;

	if (html[i] != '<')
		return 0;
	if (j < len && html[j] == '/')
		j++;
	if (j + 2 >= len || html[j] != 'h' || html[j + 1] < '1' || html[j + 1] > '6')
		return 0;
	if (html[j + 2] != '>' && html[j + 2] != ' ')
		return 0;
	*digit = j + 1;
	return 1;
}

/* The offset of the first '<' at or after i, or html->len. */
static size_t next_tag(const buf *html, size_t i)
{
	const char *p = i < html->len ? memchr(html->ptr + i, '<', html->len - i) : NULL;

	return p ? (size_t)(p - html->ptr) : html->len;
}

void html_shift_headings(buf *html, int top)
{
	size_t i, d;
	int min = 7, prev = top - 1, cur = top;

	for (i = next_tag(html, 0); i < html->len; i = next_tag(html, i + 1))
		if (heading_tag_at(html->ptr, html->len, i, &d) && html->ptr[d] - '0' < min)
			min = html->ptr[d] - '0';
	if (min == 7)
		return;
	for (i = next_tag(html, 0); i < html->len; i = next_tag(html, i + 1)) {
		if (!heading_tag_at(html->ptr, html->len, i, &d))
			continue;
		if (html->ptr[i + 1] != '/') {
			cur = html->ptr[d] - '0' - min + top;
			if (cur > prev + 1)
				cur = prev + 1;
			if (cur > 6)
				cur = 6;
			prev = cur;
		}
		html->ptr[d] = (char)('0' + cur);
	}
}
