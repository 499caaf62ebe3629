/* md_tables.c: pipe tables found in cmark paragraphs, rewritten as custom
 * blocks (see md_tables.h).  A paragraph is a table when its second line is
 * a delimiter row (only '|', '-', ':' and spaces, with a '|' and a '-') with
 * as many cells as its first line.  Lines are the paragraph's inlines split
 * at soft and hard breaks; cells are split at the '|' of its text nodes. */
#include "md_tables.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

#define MD_MAX_COLUMNS 64	/* wider tables stay paragraphs */

/* What a custom block is, in its user data: part | align << 4 | columns << 8. */
static void mark(cmark_node *n, md_part part, int align, int columns)
{
	cmark_node_set_user_data(n, (void *)(intptr_t)(part | align << 4 | columns << 8));
}

md_part md_table_part(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);

	if (t != CMARK_NODE_CUSTOM_BLOCK)
		return MD_NOT_TABLE;
	return (md_part)((intptr_t)cmark_node_get_user_data(n) & 0xf);
}

int md_table_columns(cmark_node *table)
{
	return (int)((intptr_t)cmark_node_get_user_data(table) >> 8);
}

md_align md_cell_align(cmark_node *cell)
{
	return (md_align)(((intptr_t)cmark_node_get_user_data(cell) >> 4) & 0xf);
}

/* The line of a paragraph: its first inline and the one after its last. */
typedef struct md_line {
	cmark_node *first, *end;
} md_line;

static int is_break(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

/* Splits p's inlines into lines; returns how many (at most max). */
static size_t split_lines(cmark_node *p, md_line *lines, size_t max)
{
	cmark_node *n = cmark_node_first_child(p);
	size_t k = 0;

	while (n && k < max) {
		lines[k].first = n;
		while (n && !is_break(n))
			n = cmark_node_next(n);
		lines[k++].end = n;
		if (n)
			n = cmark_node_next(n);
	}
	return k;
}

/*
 * Parses a delimiter row into align[] (room for MD_MAX_COLUMNS); returns its
 * cell count, or 0 when the line is no delimiter row.
 */
static int delimiter_row(const md_line *l, int *align)
{
	buf text = BUF_INIT;
	cmark_node *n;
	const char *s, *e;
	int cols = 0, ok = 1;

	for (n = l->first; n != l->end; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != CMARK_NODE_TEXT) {
			ok = 0;
			break;
		}
		buf_adds(&text, cmark_node_get_literal(n));
	}
	s = text.ptr;
	if (!ok || strspn(s, "|-: \t") != text.len || !strchr(s, '|') || !strchr(s, '-'))
		ok = 0;
	while (ok && (*s == ' ' || *s == '\t'))
		s++;
	if (ok && *s == '|')
		s++;
	while (ok && *s) {
		int left, right;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		left = *s == ':';
		s += left;
		e = s + strspn(s, "-");
		if (e == s || cols == MD_MAX_COLUMNS) {
			ok = 0;
			break;
		}
		right = *e == ':';
		s = e + right;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s && *s != '|') {
			ok = 0;
			break;
		}
		align[cols++] = left && right ? MD_ALIGN_CENTER : right ? MD_ALIGN_RIGHT
					      : left ? MD_ALIGN_LEFT : MD_ALIGN_NONE;
		if (*s == '|')
			s++;
	}
	buf_release(&text);
	return ok ? cols : 0;
}

static cmark_node *new_text(const char *s, size_t len)
{
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	char *copy = xstrndup(s, len);

	cmark_node_set_literal(t, copy);
	free(copy);
	return t;
}

/* Trims the white space at the start of cell paragraph p's first text and
 * at the end of its last one. */
static void trim_cell(cmark_node *p)
{
	cmark_node *f = cmark_node_first_child(p), *l = cmark_node_last_child(p);
	const char *s;
	size_t n;

	if (f && cmark_node_get_type(f) == CMARK_NODE_TEXT) {
		s = cmark_node_get_literal(f);
		n = strspn(s, " \t");
		if (n) {
			char *copy = xstrdup(s + n);
			cmark_node_set_literal(f, copy);
			free(copy);
		}
	}
	if (l && cmark_node_get_type(l) == CMARK_NODE_TEXT) {
		s = cmark_node_get_literal(l);
		n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n != strlen(s)) {
			char *copy = xstrndup(s, n);
			cmark_node_set_literal(l, copy);
			free(copy);
		}
	}
}

/* A new cell (custom block holding a paragraph) appended to row. */
static cmark_node *new_cell(cmark_node *row, int head, int align)
{
	static const char *const td[] = { "<td>", "<td class=\"left\">", "<td class=\"center\">",
					  "<td class=\"right\">" };
	static const char *const th[] = { "<th scope=\"col\">", "<th scope=\"col\" class=\"left\">",
					  "<th scope=\"col\" class=\"center\">",
					  "<th scope=\"col\" class=\"right\">" };
	cmark_node *cell = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);

	cmark_node_set_on_enter(cell, head ? th[align] : td[align]);
	cmark_node_set_on_exit(cell, head ? "</th>" : "</td>");
	mark(cell, MD_CELL, align, 0);
	cmark_node_append_child(cell, p);
	cmark_node_append_child(row, cell);
	return p;
}

/*
 * Moves line l's inlines into cells of row (align[0..cols)): the text nodes
 * are split at '|'; a leading and a trailing '|' open and close no cell.
 */
static void fill_row(cmark_node *row, md_line l, int head, const int *align, int cols)
{
	cmark_node *n = l.first, *next, *p = NULL;
	int cell = 0, started = 0;

	while (n != l.end) {
		next = cmark_node_next(n);
		if (cmark_node_get_type(n) == CMARK_NODE_TEXT && strchr(cmark_node_get_literal(n), '|')) {
			const char *s = cmark_node_get_literal(n), *bar;
			while ((bar = strchr(s, '|'))) {
				if (bar > s || started) {
					if (!p)
						p = cell < cols ? new_cell(row, head, align[cell]) : NULL;
					if (p && bar > s)
						cmark_node_append_child(p, new_text(s, (size_t)(bar - s)));
					if (p)
						trim_cell(p);
					cell++;
				}
				started = 1;
				p = NULL;
				s = bar + 1;
			}
			if (*s && strspn(s, " \t") != strlen(s)) {
				p = cell < cols ? new_cell(row, head, align[cell]) : NULL;
				if (p)
					cmark_node_append_child(p, new_text(s, strlen(s)));
			}
			cmark_node_free(n);
		} else {
			if (!p && cell < cols)
				p = new_cell(row, head, align[cell]);
			started = 1;
			if (p)
				cmark_node_append_child(p, n);	/* moves n */
			else
				cmark_node_free(n);
		}
		n = next;
	}
	if (p) {
		trim_cell(p);
		cell++;
	}
	for (; cell < cols; cell++)
		new_cell(row, head, align[cell]);
}

/* The number of cells of line l, as fill_row makes them: its text (any
 * other inline counting as one character) without surrounding space and
 * without a leading and a trailing '|', split at '|'. */
static int count_cells(md_line l)
{
	buf text = BUF_INIT;
	cmark_node *n;
	size_t a = 0, b;
	int cells = 1;

	for (n = l.first; n != l.end; n = cmark_node_next(n))
		buf_adds(&text, cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n)
									 : "x");
	b = text.len;
	while (a < b && (text.ptr[a] == ' ' || text.ptr[a] == '\t'))
		a++;
	while (b > a && (text.ptr[b - 1] == ' ' || text.ptr[b - 1] == '\t'))
		b--;
	if (a < b && text.ptr[a] == '|')
		a++;
	if (b > a && text.ptr[b - 1] == '|')
		b--;
	for (; a < b; a++)
		cells += text.ptr[a] == '|';
	buf_release(&text);
	return cells;
}

/* Rewrites paragraph p when it is a table. */
static void table_of(cmark_node *p)
{
	md_line *lines;
	size_t n = 0, cap = 16, i;
	int align[MD_MAX_COLUMNS], cols;
	cmark_node *c, *table, *row;

	for (c = cmark_node_first_child(p); c; c = cmark_node_next(c))
		n += is_break(c);
	if (n < 1)
		return;
	cap = n + 1;
	lines = xcalloc(cap, sizeof *lines);
	n = split_lines(p, lines, cap);
	cols = n >= 2 ? delimiter_row(&lines[1], align) : 0;
	if (!cols || count_cells(lines[0]) != cols) {
		free(lines);
		return;
	}
	table = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(table, "<div class=\"table-wrap\"><table>");
	cmark_node_set_on_exit(table, "</table></div>");
	mark(table, MD_TABLE, 0, cols);
	for (i = 0; i < n; i++) {
		if (i == 1)
			continue;
		row = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node_set_on_enter(row, i == 0 ? "<thead><tr>" : i == 2 ? "<tbody><tr>" : "<tr>");
		cmark_node_set_on_exit(row, i == 0 ? "</tr></thead>" : i + 1 == n ? "</tr></tbody>"
								    : "</tr>");
		mark(row, i == 0 ? MD_HEAD_ROW : MD_ROW, 0, cols);
		cmark_node_append_child(table, row);
		fill_row(row, lines[i], i == 0, align, cols);
	}
	cmark_node_insert_before(p, table);
	cmark_node_free(p);	/* the delimiter row and the breaks go with it */
	free(lines);
}

void md_tables(cmark_node *doc)
{
	cmark_node **paras = NULL;
	size_t n = 0, cap = 0, i;
	cmark_iter *it;
	cmark_event_type ev;

	if (!doc)
		return;
	/* collect first: rewriting under the iterator would confuse it */
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *nd = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(nd) != CMARK_NODE_PARAGRAPH)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			paras = xrealloc(paras, cap * sizeof *paras);
		}
		paras[n++] = nd;
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++)
		table_of(paras[i]);
	free(paras);
}
