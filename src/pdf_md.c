/* pdf_md.c: Markdown (a cmark tree) into the PDF flow.  The tree is walked
 * with cmark's iterator; each block kind has one small function.  Raw HTML
 * is never rendered, and only safe link schemes become clickable.  Tables
 * (md_tables.h) too wide for a page come out one paragraph per row. */
#include "pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_tables.h"
#include "util.h"

#define MD_INDENT 16.0	/* per list level */
#define MD_MAX_INDENT 6	/* deeper levels are not indented further */
#define MD_QUOTE 14.0

typedef struct md_list {
	int ordered;
	int number;
	int tight;
} md_list;

typedef struct md {
	pdf_doc *d;
	lay_para *para;		/* the paragraph or heading being filled */
	int heading;		/* its heading level, 0 for a paragraph */
	int strong, emph, code_font;
	const char *uri;	/* the enclosing link's target, if safe */
	int depth;		/* list nesting */
	md_list lists[MD_MAX_INDENT + 1];
	int quote;		/* block quote nesting */
	char marker[16];	/* list item marker not placed yet */
	const char *file;
	int first_line;
	/* tables (md_tables.h): each row is one paragraph "title: cell · ..." */
	int in_head;		/* inside the header row: only its titles are kept */
	int in_row, col;	/* inside a body row, at its col-th cell */
	char **titles;		/* the column titles */
	size_t ntitles;
} md;

static double md_indent(const md *m)
{
	int depth = m->depth < MD_MAX_INDENT ? m->depth : MD_MAX_INDENT;
	int quote = m->quote < MD_MAX_INDENT ? m->quote : MD_MAX_INDENT;

	return depth * MD_INDENT + quote * MD_QUOTE;
}

static double heading_size(const md *m, int level)
{
	static const double sizes[] = { 15, 13, 11.5, 10.5, 10, 10 };

	(void)m;
	return sizes[level >= 1 && level <= 6 ? level - 1 : 5];
}

/* The style of inline text at this point. */
static lay_style md_style(const md *m)
{
	const pdf_theme *th = m->d->th;
	lay_style st = pdf_style(m->d, LF_REGULAR, th->body_size, th->text);

	if (m->heading) {
		st.size = heading_size(m, m->heading);
		st.color = th->primary;
		st.font = LF_BOLD;
	}
	if (m->strong && m->emph)
		st.font = LF_BOLDITALIC;
	else if (m->strong)
		st.font = m->emph ? LF_BOLDITALIC : LF_BOLD;
	else if (m->emph)
		st.font = st.font == LF_BOLD ? LF_BOLDITALIC : LF_ITALIC;
	if (m->quote && !m->heading)
		st.color = th->muted;
	if (m->uri) {
		st.uri = m->uri;
		st.color = th->primary;
	}
	return st;
}

static void md_text(md *m, const char *text, int mono)
{
	lay_style st = md_style(m);

	if (!m->para)
		m->para = lay_para_new();
	if (mono) {
		st.font = LF_MONO;
		st.size *= 0.88;
	}
	lay_para_add(m->para, &st, text);
}

/* The innermost list being laid out (lists deeper than MD_MAX_INDENT share
 * the last slot); the caller checks m->depth > 0. */
static md_list *current_list(md *m)
{
	return &m->lists[(m->depth > MD_MAX_INDENT ? MD_MAX_INDENT : m->depth) - 1];
}

/* Space before a block: less inside tight lists. */
static double block_space(md *m)
{
	if (m->heading)
		return m->heading <= 2 ? 12 : 8;
	if (m->depth > 0 && current_list(m)->tight)
		return 2;
	return 6;
}

/* Puts the pending list marker on the first line of box index first. */
static void place_marker(md *m, long first)
{
	lay_box *b = &m->d->lay.boxes[first];
	lay_style st = pdf_style(m->d, LF_REGULAR, m->d->th->body_size, m->d->th->primary);
	double y = b->height * 0.75, w;
	size_t i;

	for (i = 0; i < b->nops; i++)
		if (b->ops[i].kind == OP_TEXT) {
			y = b->ops[i].y;
			break;
		}
	w = lay_text_width(&m->d->env, &st, m->marker);
	lay_box_text(b, &st, md_indent(m) - 5 - w, y, m->marker);
	m->marker[0] = '\0';
}

/* Draws the block quote bar beside boxes [first, end). */
static void quote_bars(md *m, long first)
{
	size_t i;
	double x = md_indent(m) - MD_QUOTE + 2;

	for (i = (size_t)first; i < m->d->lay.n; i++) {
		lay_box *b = &m->d->lay.boxes[i];
		lay_box_rect(b, x, 0, 2.5, b->height, m->d->th->rule, LAY_NONE, 0);
	}
}

/* Flows the finished paragraph or heading. */
static void end_para(md *m)
{
	double x = md_indent(m);
	long first;

	if (!m->para)
		return;
	if (lay_para_empty(m->para) && !m->marker[0]) {
		lay_para_free(m->para);
		m->para = NULL;
		return;
	}
	first = pdf_flow_para(m->d, m->para, x, m->d->text_w - x,
			      m->heading ? LA_LEFT : LA_JUSTIFY, block_space(m),
			      m->heading != 0);
	if (first >= 0 && m->marker[0])
		place_marker(m, first);
	if (first >= 0 && m->quote)
		quote_bars(m, first);
	lay_para_free(m->para);
	m->para = NULL;
}

/* A code block: monospaced lines, indentation kept, on a tinted band. */
static void code_block(md *m, const char *lit)
{
	const pdf_theme *th = m->d->th;
	lay_style st = pdf_style(m->d, LF_MONO, th->body_size * 0.85, th->text);
	double x = md_indent(m);
	const char *s = lit ? lit : "";
	int first = 1;

	while (*s) {
		size_t n = strcspn(s, "\n"), i;
		buf line = BUF_INIT;
		lay_para *p = lay_para_new();
		long f;
		for (i = 0; i < n; i++) {
			if (s[i] == ' ')
				BUF_LIT(&line, "\xC2\xA0");
			else if (s[i] == '\t')
				BUF_LIT(&line, "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0");
			else
				buf_addc(&line, s[i]);
		}
		if (!line.len)
			BUF_LIT(&line, "\xC2\xA0");
		lay_para_add(p, &st, line.ptr);
		f = pdf_flow_para(m->d, p, x + 6, m->d->text_w - x - 12, LA_LEFT,
				  first ? 6 : 0, 0);
		for (i = f < 0 ? m->d->lay.n : (size_t)f; i < m->d->lay.n; i++) {
			lay_box *b = &m->d->lay.boxes[i];
			lay_op *op;
			/* The band goes under the text: draw it first. */
			lay_box_op(b, OP_RECT);
			memmove(b->ops + 1, b->ops, (b->nops - 1) * sizeof(*b->ops));
			op = b->ops;
			memset(op, 0, sizeof(*op));
			op->kind = OP_RECT;
			op->x = x;
			op->w = m->d->text_w - x;
			op->h = b->height;
			op->fill = th->light;
			op->color = LAY_NONE;
			op->dest = -1;
		}
		lay_para_free(p);
		buf_release(&line);
		first = 0;
		s += n;
		if (*s == '\n')
			s++;
	}
}

static void thematic_break(md *m)
{
	lay_box *b = lay_doc_add(&m->d->lay, 14);

	b->space_before = 4;
	lay_box_line(b, md_indent(m), 7, m->d->text_w, 7, m->d->th->rule, 0.8);
}

static void enter_item(md *m)
{
	md_list *l;

	if (m->depth <= 0)
		return;
	l = current_list(m);
	if (l->ordered)
		snprintf(m->marker, sizeof(m->marker), "%d.", l->number++);
	else
		snprintf(m->marker, sizeof(m->marker), "%s",
			 m->depth == 1 ? "\xE2\x80\xA2" : "\xE2\x80\x93");
}

static void enter_list(md *m, cmark_node *n)
{
	if (m->depth < MD_MAX_INDENT) {
		md_list *l = &m->lists[m->depth];
		l->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		l->number = cmark_node_get_list_start(n);
		if (l->number < 0 || l->number > 999999)
			l->number = 1;
		l->tight = cmark_node_get_list_tight(n);
	}
	m->depth++;
}

static void enter_link(md *m, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	m->uri = pdf_uri_safe(url) ? url : NULL;
}

static void free_titles(md *m)
{
	while (m->ntitles)
		free(m->titles[--m->ntitles]);
	free(m->titles);
	m->titles = NULL;
}

/* The column titles of header row n, as plain text. */
static void read_titles(md *m, cmark_node *n)
{
	cmark_node *cell;
	size_t k = 0;

	free_titles(m);
	for (cell = cmark_node_first_child(n); cell; cell = cmark_node_next(cell))
		k++;
	m->titles = xcalloc(k + 1, sizeof *m->titles);
	for (cell = cmark_node_first_child(n); cell; cell = cmark_node_next(cell)) {
		buf t = BUF_INIT;
		cmark_iter *it = cmark_iter_new(cell);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *x = cmark_iter_get_node(it);
			cmark_node_type ty = cmark_node_get_type(x);
			if (ev == CMARK_EVENT_ENTER && (ty == CMARK_NODE_TEXT || ty == CMARK_NODE_CODE))
				buf_adds(&t, cmark_node_get_literal(x));
		}
		cmark_iter_free(it);
		m->titles[m->ntitles++] = buf_detach(&t);
	}
}

/* A table part entered or left: a row is a paragraph whose cells are
 * preceded by their column's title. */
static void md_table(md *m, cmark_node *n, int enter)
{
	switch (md_table_part(n)) {
	case MD_TABLE:
		end_para(m);
		if (!enter)
			free_titles(m);
		break;
	case MD_HEAD_ROW:
		m->in_head = enter;
		if (enter)
			read_titles(m, n);
		break;
	case MD_ROW:
		end_para(m);
		m->in_row = enter;
		m->col = 0;
		break;
	case MD_CELL:
		if (!enter || !m->in_row)
			break;
		if (m->col)
			md_text(m, " \xC2\xB7 ", 0);
		if ((size_t)m->col < m->ntitles && m->titles[m->col][0]) {
			m->strong++;
			md_text(m, m->titles[m->col], 0);
			md_text(m, "\xC2\xA0: ", 0);
			m->strong--;
		}
		m->col++;
		break;
	default:
		break;
	}
}

/* Handles one iterator event. */
static void md_event(md *m, cmark_event_type ev, cmark_node *n)
{
	int enter = ev == CMARK_EVENT_ENTER;

	if (cmark_node_get_type(n) == CMARK_NODE_CUSTOM_BLOCK) {
		md_table(m, n, enter);
		return;
	}
	if (m->in_head)
		return;

	if (enter && cmark_node_get_start_line(n) > 0) {
		m->d->src_file = m->file;
		m->d->src_line = m->first_line + cmark_node_get_start_line(n) - 1;
	}
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		if (!enter && !m->in_row)	/* a row's cells make one paragraph */
			end_para(m);
		break;
	case CMARK_NODE_HEADING:
		if (enter) {
			end_para(m);
			m->heading = cmark_node_get_heading_level(n);
		} else {
			end_para(m);
			m->heading = 0;
		}
		break;
	case CMARK_NODE_TEXT:
		md_text(m, cmark_node_get_literal(n), 0);
		break;
	case CMARK_NODE_CODE:
		md_text(m, cmark_node_get_literal(n), 1);
		break;
	case CMARK_NODE_SOFTBREAK:
		md_text(m, " ", 0);
		break;
	case CMARK_NODE_LINEBREAK:
		if (m->para) {
			lay_style st = md_style(m);
			lay_para_newline(m->para, &st);
		}
		break;
	case CMARK_NODE_STRONG:
		m->strong += enter ? 1 : -1;
		break;
	case CMARK_NODE_EMPH:
	case CMARK_NODE_IMAGE:	/* its description, in italics */
		m->emph += enter ? 1 : -1;
		break;
	case CMARK_NODE_LINK:
		if (enter)
			enter_link(m, n);
		else
			m->uri = NULL;
		break;
	case CMARK_NODE_LIST:
		if (enter)
			enter_list(m, n);
		else
			m->depth--;
		break;
	case CMARK_NODE_ITEM:
		if (enter)
			enter_item(m);
		else
			m->marker[0] = '\0';
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		m->quote += enter ? 1 : -1;
		break;
	case CMARK_NODE_CODE_BLOCK:
		code_block(m, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		thematic_break(m);
		break;
	default:	/* raw HTML and custom nodes are not rendered */
		break;
	}
}

void pdf_markdown(pdf_doc *d, cmark_node *root, const char *file, int first_line)
{
	md m;
	cmark_iter *it;
	cmark_event_type ev;
	const char *src_file = d->src_file;
	int src_line = d->src_line;

	if (!root)
		return;
	memset(&m, 0, sizeof(m));
	m.d = d;
	m.file = file;
	m.first_line = first_line;
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		md_event(&m, ev, cmark_iter_get_node(it));
	cmark_iter_free(it);
	end_para(&m);
	free_titles(&m);
	/* what follows is no longer this text */
	d->src_file = src_file;
	d->src_line = src_line;
}
