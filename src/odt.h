/* odt.h: OpenDocument text (.odt) from a Markdown tree: headings,
 * paragraphs, lists, block quotes, code, emphasis and links, zipped with
 * libzip.  The bytes depend only on the inputs (fixed zip times). */
#ifndef AUTODIAG_ODT_H
#define AUTODIAG_ODT_H

#include <cmark.h>

#include "buf.h"

/*
 * Appends to out the .odt file of body (may be NULL) titled title, in
 * language lang ("fr").  epoch >= 0 (SOURCE_DATE_EPOCH) dates meta.xml and
 * every zip entry; without it the entries carry 1980-01-01 and meta.xml no
 * date.  Returns 0, or -1 when libzip fails (the message is in *error,
 * static).
 */
int odt_render(buf *out, const char *title, const char *lang, cmark_node *body,
	       long long epoch, const char **error);

/* Appends the text of content.xml alone (for tests and odt_render). */
void odt_content_xml(buf *out, cmark_node *body);

#endif
