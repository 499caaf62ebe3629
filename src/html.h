/* html.h: escaping for HTML output, in one place: text, attribute values,
 * URLs in href/src, and XML text for the sitemap.  Every string that comes
 * from content or answers and is placed in a page goes through these. */
#ifndef AUTODIAG_HTML_H
#define AUTODIAG_HTML_H

#include <stddef.h>

#include "buf.h"

/* Appends s[0..len) as HTML text: & < > escaped. */
void html_escape_text(buf *out, const char *s, size_t len);

/* Appends s[0..len) for a double-quoted attribute value: & < > " ' escaped. */
void html_escape_attr(buf *out, const char *s, size_t len);

/*
 * Appends s[0..len) as a URL for href/src: bytes outside the URL-safe set
 * are percent-encoded (an existing %XX is kept), so the result needs only
 * attribute escaping of '&'.  Does not judge the scheme: see html_url_safe.
 */
void html_escape_url(buf *out, const char *s, size_t len);

/* Appends s as one path segment (a file name): everything but
 * [A-Za-z0-9._~-] percent-encoded, so '/', '?' and '#' cannot leak out. */
void html_escape_segment(buf *out, const char *s, size_t len);

/*
 * Whether s may be the target of a link: http(s), mailto, or a relative
 * reference; 0 for javascript:, vbscript:, data:, file: and any other scheme.
 */
int html_url_safe(const char *s);

/*
 * Shifts the heading tags of cmark HTML output in place so that headings
 * start at level top and never skip a level (h2 then h4 becomes h2 then h3).
 * Only valid on cmark's safe output, where a literal "<h" is always a tag.
 */
void html_shift_headings(buf *html, int top);

#endif
