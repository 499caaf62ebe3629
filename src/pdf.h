/* pdf.h: internals shared by the PDF back-end's files: the theme, the
 * document being built (libharu handle, fonts, the flow of boxes, anchors,
 * bookmarks), and the builders of the guide and of the reports.  Only
 * pdf_build (build.h) is seen from outside. */
#ifndef AUTODIAG_PDF_H
#define AUTODIAG_PDF_H

#include <hpdf.h>

#include "buf.h"
#include "build.h"
#include "layout.h"

/* themes/<name>/pdf.yaml, with defaults for whatever it does not set. */
typedef struct pdf_theme {
	char *fonts[LF_COUNT];	/* TrueType files */
	char *hyphenation;	/* libhyphen pattern file */
	unsigned primary, accent, text, muted, light, rule;
	unsigned levels[3];	/* low, middle, high level colours */
	double margin_top, margin_bottom, margin_left, margin_right;	/* pt */
	double body_size;
	/* where each font and the patterns are named in pdf.yaml (line 0:
	 * the default), for the diagnostics of pdf_theme_check */
	int font_line[LF_COUNT], font_col[LF_COUNT], hyph_line, hyph_col;
} pdf_theme;

/* Loads theme_dir/pdf.yaml into th (defaults when absent).  Returns 0, or 1
 * when the file is invalid (reported). */
int pdf_theme_load(const char *theme_dir, pdf_theme *th);
void pdf_theme_release(pdf_theme *th);

typedef struct pdf_outline {
	int level;	/* 0 or 1 */
	char *title;
	int anchor;
} pdf_outline;

/* One PDF being built. */
typedef struct pdf_doc {
	const build_ctx *ctx;
	const pdf_theme *th;
	HPDF_Doc pdf;
	HPDF_Font fonts[LF_COUNT];	/* loaded on first use */
	float *widths[LF_COUNT];	/* cache per BMP code point, < 0 unknown */
	/* not a report (the guide, the questionnaire, a resource): one
	 * document that a job makes while the others may have finished, so
	 * its pages are deflated in two threads (pdf_hpdf_predeflate) */
	int shared;
	lay_env env;
	lay_doc lay;
	double page_w, page_h, text_w, text_h;
	char **sections;	/* running header texts */
	size_t nsections;
	pdf_outline *outlines;
	size_t noutlines;
	int nanchors;
	int cover;		/* page 1 is a cover: no header nor footer */
	const char *src_file;	/* where the text being laid out comes from */
	int src_line;
	unsigned missing[64];	/* characters already reported missing */
	size_t nmissing;
	int error;		/* a libharu error happened */
	size_t nloaded;		/* font files whose definitions pdf holds */
	char *loaded_file[LF_COUNT];
	const char *loaded_name[LF_COUNT];	/* their names in libharu */
} pdf_doc;

/* Prepares d (a fresh libharu document with the theme's fonts).  Returns 0
 * or 3 (reported). */
int pdf_doc_init(pdf_doc *d, const build_ctx *ctx, const pdf_theme *th,
		 const hyph *h);
/* Releases d; its libharu document is emptied and kept for the next
 * pdf_doc_init of the process (same bytes, fonts parsed once). */
void pdf_doc_release(pdf_doc *d);
/* Frees the document kept by pdf_doc_release. */
void pdf_doc_cache_free(void);
/* Gives the UTF-8 encoder enc pdf_hpdf.c's encoding of text (the same
 * bytes as libharu's, faster); see there. */
void pdf_hpdf_encoder(HPDF_Encoder enc);
/* libharu's allocator for the job documents, and the release of what it
 * holds once no document is left; see pdf_hpdf.c. */
void *HPDF_STDCALL pdf_hpdf_alloc(HPDF_UINT size);
void HPDF_STDCALL pdf_hpdf_free(void *p);
void pdf_hpdf_pool_release(void);
/* Deflates the page contents of pdf in two threads, ahead of its saving (a
 * document of PREDEFLATE_MIN_PAGES pages or more); the saving takes them
 * where the bytes are still the same.  pdf_hpdf_predeflate_end frees what
 * it made, once the file is written. */
#define PREDEFLATE_MIN_PAGES 8
void pdf_hpdf_predeflate(HPDF_Doc pdf);
void pdf_hpdf_predeflate_end(void);
/* Paginates, draws and writes d to path.  Returns 0 or 3 (reported). */
int pdf_doc_save(pdf_doc *d, const char *path, const char *title);

/* Styles. */
lay_style pdf_style(const pdf_doc *d, int font, double size, unsigned color);

/* Flow: boxes appended to the document in reading order. */
int pdf_anchor_new(pdf_doc *d);
/* A zero-height box marking anchor a (kept with what follows). */
void pdf_flow_anchor(pdf_doc *d, int a);
void pdf_outline_add(pdf_doc *d, int level, const char *title, int anchor);
/* The running header shown from the next box on. */
void pdf_flow_section(pdf_doc *d, const char *title);
/* Starts a new page with the next box. */
void pdf_flow_page_break(pdf_doc *d);
/* Vertical space before the next box. */
void pdf_flow_space(pdf_doc *d, double pt);

/*
 * Lays p out at indent x (points from the left margin) over width w and
 * appends its lines; space goes before the first.  keep: the lines go with
 * what follows (headings).  Returns the index of the first line's box, or
 * -1 when p is empty.
 */
long pdf_flow_para(pdf_doc *d, const lay_para *p, double x, double w, int align,
		   double space, int keep);
/* A paragraph of one style from plain text. */
long pdf_flow_text(pdf_doc *d, const lay_style *st, const char *text, double x,
		   double w, int align, double space, int keep);
/* A heading: kept with what follows. */
long pdf_flow_heading(pdf_doc *d, const char *text, double size, unsigned color,
		      double space);
/*
 * Lays p out over width w and merges its lines into box at (x, y);
 * returns the height used.
 */
double pdf_box_para(pdf_doc *d, lay_box *box, const lay_para *p, double x,
		    double y, double w, int align);
/* Adds the cover's title band: a primary-coloured block of height h with an
 * accent rule at its foot, into which content's ops are moved. */
void pdf_cover_band(pdf_doc *d, lay_box *content, double h, double space_before);
double pdf_box_text(pdf_doc *d, lay_box *box, const lay_style *st,
		    const char *text, double x, double y, double w, int align);

/* Markdown: appends the cmark tree's blocks to the flow.  file/first_line
 * locate it for warnings. */
void pdf_markdown(pdf_doc *d, cmark_node *root, const char *file, int first_line);

/* Whether uri may become a clickable link (no javascript:, data:...). */
int pdf_uri_safe(const char *uri);

/* Builders; each returns 0, 1 or 3 like pdf_build. */
int pdf_guide(const build_ctx *ctx, const pdf_theme *th, const hyph *h,
	      const char *path);
int pdf_report(const build_ctx *ctx, const pdf_theme *th, const hyph *h,
	       size_t idx, const char *path);

/* Fiche fi in full (from a new page when new_page), with a bookmark at
 * outline_level (or none when < 0); with a, the levels answered are
 * highlighted and the recommendations left out. */
void pdf_fiche(pdf_doc *d, size_t fi, int anchor, int outline_level,
	       const answers *a, int new_page);
/* The grid of level descriptors of question q, one column per level (scales
 * of up to 6 levels); the column of level answered (or none when < 0) is
 * outlined; boxes: a box to tick in each column's head. */
void pdf_question_grid(pdf_doc *d, const question *q, int answered, int boxes);
/* The level descriptors of question q as a list, for scales too long for a
 * grid; level answered (or none when < 0) is marked; boxes: a box to tick
 * before each level. */
void pdf_question_list(pdf_doc *d, const question *q, int answered, int boxes);
/* pdf/questionnaire.pdf: the blank questionnaire, for workshops on paper. */
int pdf_questionnaire(const build_ctx *ctx, const pdf_theme *th, const hyph *h,
		      const char *path);
/* "Court terme"... */
const char *pdf_horizon_label(horizon h);

/* pdf_collections.c: the experiences and resources. */
#define PDF_EXPERIENCES_TITLE "Ils l’ont fait" NBSP_UTF8 ": retours d’expérience"
#define NBSP_UTF8 "\xC2\xA0"
/* The guide's part of the experiences (nothing without any): part_anchor
 * opens it, anchors[i] is experience i, fiche_anchor[f] fiche f. */
void pdf_guide_experiences(pdf_doc *d, int part_anchor, const int *anchors,
			   const int *fiche_anchor);
/* pdf/ressources/<id>.pdf for resource i.  Returns 0, 1 or 3. */
int pdf_ressource(const build_ctx *ctx, const pdf_theme *th, const hyph *h, size_t i);
/* The report's part of experiences and resources for the fiches of the
 * priority measures of a (result r); nothing when they have none. */
void pdf_report_suggestions(pdf_doc *d, const answers *a, const result *r);
/* "Commune", "Intercommunalité"... */
const char *pdf_kind_label(kind k);
/* "Cahors · Commune · 19 405 habitants · 2024" appended to b. */
void pdf_experience_facts(buf *b, const experience *e);

/* "12 octobre 2026" from "2026-10-12" (out has room for 32 bytes). */
void pdf_french_date(const char *iso, char *out, size_t room);

#endif
