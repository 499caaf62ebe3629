/* odt.c: OpenDocument text from a cmark tree.  content.xml is written by a
 * walk of cmark's iterator, one small function per node type; styles.xml,
 * meta.xml and the manifest are fixed text; libzip puts them in a zip held
 * in memory, the "mimetype" entry first and stored, every entry dated from
 * SOURCE_DATE_EPOCH so that the bytes depend only on the inputs. */
#include "odt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "dynlib.h"
#include "html.h"
#include "md_tables.h"
#include "util.h"

/* libzip, opened on first use (dynlib.h); ZIP_SONAME comes from the
 * Makefile (the library the build found). */
#ifndef ZIP_SONAME
#define ZIP_SONAME "libzip.so.4"
#endif
#define ZIP_FNS(X)                                                                             \
	X(zip_close) X(zip_discard) X(zip_error_fini) X(zip_error_init) X(zip_file_add)        \
	X(zip_file_set_dostime) X(zip_open_from_source) X(zip_set_file_compression)            \
	X(zip_source_buffer) X(zip_source_buffer_create) X(zip_source_close)                   \
	X(zip_source_free) X(zip_source_keep) X(zip_source_open) X(zip_source_read)            \
	X(zip_strerror)
enum { ZIP_FNS(DYNLIB_INDEX) NZIP };
static const char *const zip_names[NZIP] = { ZIP_FNS(DYNLIB_NAME) };
static dyn_fn zip_fn[NZIP];
#define ZIP_CALL(f) DYNLIB_CALL(zip_fn, f)
#define zip_close ZIP_CALL(zip_close)
#define zip_discard ZIP_CALL(zip_discard)
#define zip_error_fini ZIP_CALL(zip_error_fini)
#define zip_error_init ZIP_CALL(zip_error_init)
#define zip_file_add ZIP_CALL(zip_file_add)
#define zip_file_set_dostime ZIP_CALL(zip_file_set_dostime)
#define zip_open_from_source ZIP_CALL(zip_open_from_source)
#define zip_set_file_compression ZIP_CALL(zip_set_file_compression)
#define zip_source_buffer ZIP_CALL(zip_source_buffer)
#define zip_source_buffer_create ZIP_CALL(zip_source_buffer_create)
#define zip_source_close ZIP_CALL(zip_source_close)
#define zip_source_free ZIP_CALL(zip_source_free)
#define zip_source_keep ZIP_CALL(zip_source_keep)
#define zip_source_open ZIP_CALL(zip_source_open)
#define zip_source_read ZIP_CALL(zip_source_read)
#define zip_strerror ZIP_CALL(zip_strerror)

#define ODT_MIME "application/vnd.oasis.opendocument.text"
#define ODT_MAX_DEPTH 10	/* list levels that have their own indentation */

#define NS_OFFICE "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
#define NS_STYLE "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
#define NS_TEXT "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
#define NS_TABLE "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
#define NS_FO "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
#define NS_XLINK "xmlns:xlink=\"http://www.w3.org/1999/xlink\""
#define NS_META "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
#define NS_DC "xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

/* ---- XML text ---- */

/*
 * Appends s[0..len) as ODF text: markup characters escaped, characters XML
 * forbids dropped (C0 controls) or replaced (U+FFFE, U+FFFF), runs of spaces
 * kept with <text:s/>, tabs and (in code) newlines as ODF elements.
 */
static void odt_text(buf *out, const char *s, size_t len, int *space)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ') {
			if (*space)
				BUF_LIT(out, "<text:s/>");
			else
				buf_addc(out, ' ');
			*space = 1;
			continue;
		}
		*space = 0;
		if (c == '&')
			BUF_LIT(out, "&amp;");
		else if (c == '<')
			BUF_LIT(out, "&lt;");
		else if (c == '>')
			BUF_LIT(out, "&gt;");
		else if (c == '\t')
			BUF_LIT(out, "<text:tab/>");
		else if (c == '\n')
			BUF_LIT(out, "<text:line-break/>");
		else if (c < 0x20 || c == 0x7f)
			continue;
		else if (c == 0xef && i + 2 < len && (unsigned char)s[i + 1] == 0xbf &&
			 ((unsigned char)s[i + 2] & 0xfe) == 0xbe) {
			BUF_LIT(out, "\xef\xbf\xbd");
			i += 2;
		} else
			buf_addc(out, (char)c);
	}
}

/* Appends s as an attribute value (double quotes). */
static void odt_attr(buf *out, const char *s)
{
	int space = 1;	/* spaces as they are: no <text:s/> in attributes */

	for (; *s; s++) {
		if (*s == '"')
			BUF_LIT(out, "&quot;");
		else if (*s == ' ')
			buf_addc(out, ' ');
		else if (*s == '\t' || *s == '\n')
			buf_addc(out, ' ');
		else
			odt_text(out, s, 1, &space);
	}
}

/* ---- content.xml: the walk ---- */

typedef struct odt_walk {
	buf *out;
	int quote;	/* block quote depth */
	int space;	/* the last character written was a space */
	int cell;	/* in a table cell: 1, in a header cell: 2 */
	int tables;	/* tables so far, to name them */
} odt_walk;

static const char *para_style(const odt_walk *w)
{
	if (w->cell)
		return w->cell == 2 ? "Table_20_Heading" : "Table_20_Contents";
	return w->quote ? "Quotations" : "Text_20_body";
}

/* A table part (md_tables.h) entered or left. */
static void table_part(odt_walk *w, cmark_node *n, int entering)
{
	buf *out = w->out;

	switch (md_table_part(n)) {
	case MD_TABLE:
		if (entering)
			buf_printf(out, "<table:table table:name=\"Tableau%d\" table:style-name="
					"\"Tableau\"><table:table-column table:number-columns-repeated="
					"\"%d\"/>\n", ++w->tables, md_table_columns(n));
		else
			BUF_LIT(out, "</table:table>\n");
		break;
	case MD_HEAD_ROW:
		buf_adds(out, entering ? "<table:table-header-rows><table:table-row>"
				      : "</table:table-row></table:table-header-rows>\n");
		w->cell = entering ? 2 : 0;
		break;
	case MD_ROW:
		buf_adds(out, entering ? "<table:table-row>" : "</table:table-row>\n");
		w->cell = entering ? 1 : 0;
		break;
	case MD_CELL:
		if (entering)
			BUF_LIT(out, "<table:table-cell table:style-name=\"Cellule\" "
				     "office:value-type=\"string\">");
		else
			BUF_LIT(out, "</table:table-cell>");
		break;
	default:
		break;
	}
}

static void enter_block(odt_walk *w, cmark_node *n)
{
	buf *out = w->out;
	int level;

	w->space = 0;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		buf_printf(out, "<text:p text:style-name=\"%s\">", para_style(w));
		break;
	case CMARK_NODE_HEADING:
		level = cmark_node_get_heading_level(n);
		buf_printf(out, "<text:h text:style-name=\"Heading_20_%d\" text:outline-level=\"%d\">",
			   level, level);
		break;
	case CMARK_NODE_LIST:
		buf_printf(out, "<text:list text:style-name=\"%s\">",
			   cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? "Numbering_20_123"
									   : "List_20_1");
		break;
	case CMARK_NODE_ITEM: {
		cmark_node *list = cmark_node_parent(n);
		int start = cmark_node_get_list_start(list);
		if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST &&
		    cmark_node_previous(n) == NULL && start != 1)
			buf_printf(out, "<text:list-item text:start-value=\"%d\">", start);
		else
			BUF_LIT(out, "<text:list-item>");
		break;
	}
	case CMARK_NODE_BLOCK_QUOTE:
		w->quote++;
		break;
	default:
		break;
	}
}

static void exit_block(odt_walk *w, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		BUF_LIT(w->out, "</text:p>\n");
		break;
	case CMARK_NODE_HEADING:
		BUF_LIT(w->out, "</text:h>\n");
		break;
	case CMARK_NODE_LIST:
		BUF_LIT(w->out, "</text:list>\n");
		break;
	case CMARK_NODE_ITEM:
		BUF_LIT(w->out, "</text:list-item>\n");
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		w->quote--;
		break;
	default:
		break;
	}
}

/* A code block: one preformatted paragraph per line. */
static void code_block(odt_walk *w, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n), *p, *nl;

	if (!lit)
		return;
	for (p = lit; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		w->space = 1;	/* leading spaces are kept */
		BUF_LIT(w->out, "<text:p text:style-name=\"Preformatted_20_Text\">");
		odt_text(w->out, p, nl ? (size_t)(nl - p) : strlen(p), &w->space);
		BUF_LIT(w->out, "</text:p>\n");
		if (!nl)
			break;
	}
}

/* A span of a named text style around an inline's children. */
static void span(odt_walk *w, int entering, const char *style)
{
	if (entering)
		buf_printf(w->out, "<text:span text:style-name=\"%s\">", style);
	else
		BUF_LIT(w->out, "</text:span>");
}

static void link(odt_walk *w, cmark_node *n, int entering)
{
	const char *url = cmark_node_get_url(n);

	if (!url || !*url || !html_url_safe(url))
		return;	/* the text alone, as the site shows it */
	if (!entering) {
		BUF_LIT(w->out, "</text:a>");
		return;
	}
	BUF_LIT(w->out, "<text:a xlink:type=\"simple\" xlink:href=\"");
	odt_attr(w->out, url);
	BUF_LIT(w->out, "\">");
}

static void inline_node(odt_walk *w, cmark_node *n, int entering)
{
	const char *lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		if ((lit = cmark_node_get_literal(n)))
			odt_text(w->out, lit, strlen(lit), &w->space);
		break;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		BUF_LIT(w->out, "<text:span text:style-name=\"Source_20_Text\">");
		if (lit)
			odt_text(w->out, lit, strlen(lit), &w->space);
		BUF_LIT(w->out, "</text:span>");
		break;
	case CMARK_NODE_SOFTBREAK:
		odt_text(w->out, " ", 1, &w->space);
		break;
	case CMARK_NODE_LINEBREAK:
		BUF_LIT(w->out, "<text:line-break/>");
		w->space = 0;
		break;
	case CMARK_NODE_EMPH:
		span(w, entering, "Emphasis");
		break;
	case CMARK_NODE_STRONG:
		span(w, entering, "Strong_20_Emphasis");
		break;
	case CMARK_NODE_LINK:
		link(w, n, entering);
		break;
	default:	/* raw HTML is never rendered; an image gives its text */
		break;
	}
}

void odt_content_xml(buf *out, cmark_node *body)
{
	odt_walk w = { out, 0, 0, 0, 0 };
	cmark_iter *it;
	cmark_event_type ev;
	size_t start;

	BUF_LIT(out, XML_HEAD "<office:document-content " NS_OFFICE " " NS_STYLE " " NS_TEXT
		     " " NS_TABLE " " NS_FO " " NS_XLINK " office:version=\"1.3\">\n"
		     "<office:automatic-styles><style:style style:name=\"Tableau\" "
		     "style:family=\"table\"><style:table-properties style:width=\"16.6cm\" "
		     "table:align=\"margins\" fo:margin-top=\"0.2cm\" fo:margin-bottom=\"0.3cm\"/>"
		     "</style:style><style:style style:name=\"Cellule\" style:family=\"table-cell\">"
		     "<style:table-cell-properties fo:padding=\"0.1cm\" fo:border=\"0.5pt solid "
		     "#808080\"/></style:style></office:automatic-styles>\n"
		     "<office:body>\n<office:text>\n");
	start = out->len;
	it = body ? cmark_iter_new(body) : NULL;
	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_CODE_BLOCK)
			code_block(&w, n);
		else if (t == CMARK_NODE_THEMATIC_BREAK)
			BUF_LIT(out, "<text:p text:style-name=\"Horizontal_20_Line\"/>\n");
		else if (t == CMARK_NODE_CUSTOM_BLOCK)
			table_part(&w, n, ev == CMARK_EVENT_ENTER);
		else if (t == CMARK_NODE_DOCUMENT || t == CMARK_NODE_HTML_BLOCK)
			;
		else if (t >= CMARK_NODE_FIRST_BLOCK && t <= CMARK_NODE_LAST_BLOCK)
			ev == CMARK_EVENT_ENTER ? enter_block(&w, n) : exit_block(&w, n);
		else
			inline_node(&w, n, ev == CMARK_EVENT_ENTER);
	}
	if (it)
		cmark_iter_free(it);
	if (out->len == start)	/* office:text needs some content */
		BUF_LIT(out, "<text:p text:style-name=\"Text_20_body\"/>\n");
	BUF_LIT(out, "</office:text>\n</office:body>\n</office:document-content>\n");
}

/* ---- styles.xml, meta.xml, the manifest ---- */

static void list_style(buf *out, int numbered)
{
	int l;

	buf_printf(out, "<text:list-style style:name=\"%s\" style:display-name=\"%s\">\n",
		   numbered ? "Numbering_20_123" : "List_20_1",
		   numbered ? "Numbering 123" : "List 1");
	for (l = 1; l <= ODT_MAX_DEPTH; l++) {
		if (numbered)
			buf_printf(out, "<text:list-level-style-number text:level=\"%d\" "
					"style:num-suffix=\".\" style:num-format=\"1\">", l);
		else
			buf_printf(out, "<text:list-level-style-bullet text:level=\"%d\" "
					"text:bullet-char=\"%s\">", l, l % 2 ? "•" : "◦");
		buf_printf(out, "<style:list-level-properties text:list-level-position-and-space-mode="
				"\"label-alignment\"><style:list-level-label-alignment "
				"text:label-followed-by=\"listtab\" text:list-tab-stop-position=\"%.3fcm\" "
				"fo:text-indent=\"-0.635cm\" fo:margin-left=\"%.3fcm\"/>"
				"</style:list-level-properties>",
			   0.635 * (l + 1), 0.635 * (l + 1));
		buf_adds(out, numbered ? "</text:list-level-style-number>\n"
				       : "</text:list-level-style-bullet>\n");
	}
	BUF_LIT(out, "</text:list-style>\n");
}

static void styles_xml(buf *out)
{
	static const double sizes[] = { 18, 15, 13, 12, 11, 11 };
	int l;

	BUF_LIT(out, XML_HEAD "<office:document-styles " NS_OFFICE " " NS_STYLE " " NS_TEXT
		     " " NS_FO " office:version=\"1.3\">\n"
		     "<office:font-face-decls><style:font-face style:name=\"DejaVu Sans\" "
		     "svg:font-family=\"'DejaVu Sans'\" style:font-family-generic=\"swiss\" "
		     "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"/>"
		     "<style:font-face style:name=\"DejaVu Sans Mono\" "
		     "svg:font-family=\"'DejaVu Sans Mono'\" style:font-family-generic=\"modern\" "
		     "style:font-pitch=\"fixed\" "
		     "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"/>"
		     "</office:font-face-decls>\n<office:styles>\n"
		     "<style:default-style style:family=\"paragraph\"><style:paragraph-properties "
		     "fo:hyphenation-ladder-count=\"no-limit\"/><style:text-properties "
		     "style:font-name=\"DejaVu Sans\" fo:font-size=\"10.5pt\" fo:language=\"fr\" "
		     "fo:country=\"FR\" fo:hyphenate=\"true\"/></style:default-style>\n"
		     "<style:style style:name=\"Standard\" style:family=\"paragraph\" "
		     "style:class=\"text\"/>\n"
		     "<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" "
		     "style:family=\"paragraph\" style:parent-style-name=\"Standard\" "
		     "style:class=\"text\"><style:paragraph-properties fo:margin-top=\"0cm\" "
		     "fo:margin-bottom=\"0.25cm\" fo:line-height=\"115%\"/></style:style>\n"
		     "<style:style style:name=\"Table_20_Contents\" style:display-name="
		     "\"Table Contents\" style:family=\"paragraph\" style:parent-style-name="
		     "\"Standard\" style:class=\"extra\"><style:text-properties fo:font-size="
		     "\"9.5pt\"/></style:style>\n"
		     "<style:style style:name=\"Table_20_Heading\" style:display-name="
		     "\"Table Heading\" style:family=\"paragraph\" style:parent-style-name="
		     "\"Table_20_Contents\" style:class=\"extra\"><style:text-properties "
		     "fo:font-weight=\"bold\"/></style:style>\n"
		     "<style:style style:name=\"Quotations\" style:family=\"paragraph\" "
		     "style:parent-style-name=\"Text_20_body\" style:class=\"html\">"
		     "<style:paragraph-properties fo:margin-left=\"1cm\" fo:margin-right=\"1cm\"/>"
		     "<style:text-properties fo:font-style=\"italic\"/></style:style>\n"
		     "<style:style style:name=\"Preformatted_20_Text\" "
		     "style:display-name=\"Preformatted Text\" style:family=\"paragraph\" "
		     "style:parent-style-name=\"Standard\" style:class=\"html\">"
		     "<style:paragraph-properties fo:margin-top=\"0cm\" fo:margin-bottom=\"0cm\"/>"
		     "<style:text-properties style:font-name=\"DejaVu Sans Mono\" "
		     "fo:font-size=\"9pt\"/></style:style>\n"
		     "<style:style style:name=\"Horizontal_20_Line\" style:display-name="
		     "\"Horizontal Line\" style:family=\"paragraph\" style:parent-style-name="
		     "\"Standard\" style:class=\"html\"><style:paragraph-properties "
		     "fo:margin-bottom=\"0.5cm\" fo:border-bottom=\"0.5pt solid #808080\" "
		     "fo:padding=\"0cm\"/></style:style>\n"
		     "<style:style style:name=\"Heading\" style:family=\"paragraph\" "
		     "style:parent-style-name=\"Standard\" style:next-style-name=\"Text_20_body\" "
		     "style:class=\"text\"><style:paragraph-properties fo:margin-top=\"0.42cm\" "
		     "fo:margin-bottom=\"0.21cm\" fo:keep-with-next=\"always\"/>"
		     "<style:text-properties fo:color=\"#1f3a68\" fo:font-weight=\"bold\"/>"
		     "</style:style>\n");
	for (l = 1; l <= 6; l++)
		buf_printf(out, "<style:style style:name=\"Heading_20_%d\" style:display-name="
				"\"Heading %d\" style:family=\"paragraph\" style:parent-style-name="
				"\"Heading\" style:next-style-name=\"Text_20_body\" "
				"style:default-outline-level=\"%d\" style:class=\"text\">"
				"<style:text-properties fo:font-size=\"%gpt\"/></style:style>\n",
			   l, l, l, sizes[l - 1]);
	BUF_LIT(out, "<style:style style:name=\"Emphasis\" style:family=\"text\">"
		     "<style:text-properties fo:font-style=\"italic\"/></style:style>\n"
		     "<style:style style:name=\"Strong_20_Emphasis\" style:display-name="
		     "\"Strong Emphasis\" style:family=\"text\"><style:text-properties "
		     "fo:font-weight=\"bold\"/></style:style>\n"
		     "<style:style style:name=\"Source_20_Text\" style:display-name=\"Source Text\" "
		     "style:family=\"text\"><style:text-properties style:font-name="
		     "\"DejaVu Sans Mono\"/></style:style>\n");
	list_style(out, 0);
	list_style(out, 1);
	BUF_LIT(out, "</office:styles>\n<office:automatic-styles><style:page-layout "
		     "style:name=\"A4\"><style:page-layout-properties fo:page-width=\"21cm\" "
		     "fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" "
		     "fo:margin-top=\"2cm\" fo:margin-bottom=\"2cm\" fo:margin-left=\"2.2cm\" "
		     "fo:margin-right=\"2.2cm\"/></style:page-layout></office:automatic-styles>\n"
		     "<office:master-styles><style:master-page style:name=\"Standard\" "
		     "style:page-layout-name=\"A4\"/></office:master-styles>\n"
		     "</office:document-styles>\n");
}

/* "2026-01-01T00:00:00" from epoch. */
static void iso_time(char *out, size_t room, long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, room, "%Y-%m-%dT%H:%M:%S", &tm);
}

static void meta_xml(buf *out, const char *title, const char *lang, long long epoch)
{
	char date[32];

	BUF_LIT(out, XML_HEAD "<office:document-meta " NS_OFFICE " " NS_META " " NS_DC
		     " office:version=\"1.3\">\n<office:meta>"
		     "<meta:generator>autodiag</meta:generator><dc:title>");
	odt_attr(out, title ? title : "");
	BUF_LIT(out, "</dc:title><dc:language>");
	odt_attr(out, lang && *lang ? lang : "fr");
	BUF_LIT(out, "</dc:language>");
	if (epoch >= 0) {
		iso_time(date, sizeof date, epoch);
		buf_printf(out, "<meta:creation-date>%s</meta:creation-date><dc:date>%s</dc:date>",
			   date, date);
	}
	BUF_LIT(out, "</office:meta>\n</office:document-meta>\n");
}

static const char manifest_xml[] =
	XML_HEAD "<manifest:manifest "
	"xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
	"manifest:version=\"1.3\">\n"
	" <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" "
	"manifest:media-type=\"" ODT_MIME "\"/>\n"
	" <manifest:file-entry manifest:full-path=\"content.xml\" "
	"manifest:media-type=\"text/xml\"/>\n"
	" <manifest:file-entry manifest:full-path=\"styles.xml\" "
	"manifest:media-type=\"text/xml\"/>\n"
	" <manifest:file-entry manifest:full-path=\"meta.xml\" "
	"manifest:media-type=\"text/xml\"/>\n"
	"</manifest:manifest>\n";

/* ---- the zip ---- */

/* The MS-DOS time and date of epoch (UTC), 1980-01-01 00:00 at the earliest. */
static void dos_time(long long epoch, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	time_t t = (time_t)(epoch < 315532800 ? 315532800 : epoch);
	struct tm tm;

	gmtime_r(&t, &tm);
	if (tm.tm_year > 2107 - 1900) {	/* the last year MS-DOS dates hold */
		tm.tm_year = 2107 - 1900;
		tm.tm_mon = 11;
		tm.tm_mday = 31;
	}
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* Adds name (data[0..len), which must live until zip_close) to za. */
static int zip_put(zip_t *za, const char *name, const char *data, size_t len, int store,
		   long long epoch)
{
	zip_source_t *zs = zip_source_buffer(za, data, len, 0);
	zip_uint16_t dtime, ddate;
	zip_int64_t i;

	if (!zs)
		return -1;
	if ((i = zip_file_add(za, name, zs, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(zs);
		return -1;
	}
	dos_time(epoch, &dtime, &ddate);
	if (zip_set_file_compression(za, (zip_uint64_t)i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
				     store ? 0 : 9) < 0 ||
	    zip_file_set_dostime(za, (zip_uint64_t)i, dtime, ddate, 0) < 0)
		return -1;
	return 0;
}

/* Reads the whole of source zs (closed) into out.  A buffer source does
 * not know its size after zip_close: read until the end. */
static int source_slurp(zip_source_t *zs, buf *out)
{
	char chunk[16384];
	zip_int64_t n;

	if (zip_source_open(zs) < 0)
		return -1;
	while ((n = zip_source_read(zs, chunk, sizeof chunk)) > 0)
		buf_add(out, chunk, (size_t)n);
	zip_source_close(zs);
	return n < 0 ? -1 : 0;
}

int odt_render(buf *out, const char *title, const char *lang, cmark_node *body,
	       long long epoch, const char **error)
{
	buf content = BUF_INIT, styles = BUF_INIT, meta = BUF_INIT;
	zip_error_t ze;
	zip_source_t *zs;
	zip_t *za = NULL;
	int rc = -1;

	if (dynlib_open(ZIP_SONAME, zip_names, zip_fn, NZIP, error) < 0)
		return -1;
	*error = "cannot create the zip in memory";
	odt_content_xml(&content, body);
	styles_xml(&styles);
	meta_xml(&meta, title, lang, epoch);
	zip_error_init(&ze);
	if (!(zs = zip_source_buffer_create(NULL, 0, 0, &ze)))
		goto done;
	zip_source_keep(zs);
	if (!(za = zip_open_from_source(zs, ZIP_TRUNCATE, &ze)))
		goto done;
	if (zip_put(za, "mimetype", ODT_MIME, sizeof ODT_MIME - 1, 1, epoch) ||
	    zip_put(za, "content.xml", content.ptr, content.len, 0, epoch) ||
	    zip_put(za, "styles.xml", styles.ptr, styles.len, 0, epoch) ||
	    zip_put(za, "meta.xml", meta.ptr, meta.len, 0, epoch) ||
	    zip_put(za, "META-INF/manifest.xml", manifest_xml, sizeof manifest_xml - 1, 0,
		    epoch)) {
		*error = zip_strerror(za);
		zip_discard(za);
		goto done;
	}
	if (zip_close(za) < 0) {
		*error = zip_strerror(za);
		zip_discard(za);
		goto done;
	}
	rc = source_slurp(zs, out);
	if (rc)
		*error = "cannot read the zip back from memory";
done:
	if (zs)
		zip_source_free(zs);
	zip_error_fini(&ze);
	buf_release(&content);
	buf_release(&styles);
	buf_release(&meta);
	return rc;
}
