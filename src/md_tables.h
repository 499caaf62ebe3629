/* md_tables.h: pipe tables (the GitHub Flavored Markdown syntax) in the
 * cmark trees of experiences and resources.  CommonMark has no tables, so
 * cmark leaves them as paragraphs; md_tables turns each such paragraph into
 * custom blocks that every back-end knows: a table of rows of cells, each
 * cell holding one paragraph with the cell's inlines. */
#ifndef AUTODIAG_MD_TABLES_H
#define AUTODIAG_MD_TABLES_H

#include <cmark.h>

typedef enum md_part {
	MD_NOT_TABLE,	/* any other node */
	MD_TABLE,
	MD_HEAD_ROW,	/* the first row: column titles */
	MD_ROW,
	MD_CELL
} md_part;

typedef enum md_align { MD_ALIGN_NONE, MD_ALIGN_LEFT, MD_ALIGN_CENTER, MD_ALIGN_RIGHT } md_align;

/*
 * Rewrites every paragraph of doc that is a pipe table (a header row, a
 * delimiter row such as |---|:--:|, then rows) into the custom blocks below.
 * The HTML renderer writes them as <table>, <thead>, <tr>, <th>, <td>.  A
 * row's extra cells are dropped, missing ones added empty.  Linear in the
 * size of doc.
 */
void md_tables(cmark_node *doc);

/* What a node of a rewritten tree is. */
md_part md_table_part(cmark_node *n);
/* The column count of an MD_TABLE node; the alignment of an MD_CELL node. */
int md_table_columns(cmark_node *table);
md_align md_cell_align(cmark_node *cell);

#endif
