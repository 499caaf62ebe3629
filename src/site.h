/* site.h: internals shared by the static-site back-end (site*.c).  The entry
 * point, site_build, is declared in build.h.  Each page is a value tree (its
 * "view") rendered through a theme template by the Mustache engine. */
#ifndef AUTODIAG_SITE_H
#define AUTODIAG_SITE_H

#include <stdio.h>

#include "build.h"
#include "buf.h"
#include "mustache.h"
#include "value.h"

typedef struct site_tmpl site_tmpl;

/* The state of one site build. */
typedef struct site {
	const build_ctx *ctx;
	const guide *g;
	buf dir;		/* ctx->out_dir + "/site" */
	value *strings;		/* themes/<t>/strings.yaml as values */
	site_tmpl **tmpls;	/* templates read so far */
	size_t ntmpls;
	mustache_env env;
	char *date;		/* ctx->source_date as YYYY-MM-DD, or NULL */
	int status;		/* worst status so far: 0, 1 or 3 */
	int render_failed;	/* a template failed to render: render no more */
} site;

/* site_theme.c: templates, strings and file output. */
int site_theme_open(site *s);
void site_theme_close(site *s);
/* Renders template `name` with view (freed) into dir/relpath.  Returns 0, or
 * sets s->status and returns -1 (reported). */
int site_render(site *s, const char *name, value *view, const char *relpath);
/* Writes data to dir/relpath, creating directories.  0, or -1 (reported). */
int site_write(site *s, const char *relpath, const char *data, size_t len);
/* A file below the site written in pieces, for those too large to hold:
 * site_open returns NULL when it cannot (reported); site_close closes it and
 * reports a failure (failed: the errno of a failed write, or 0); 0 or -1. */
FILE *site_open(site *s, const char *relpath);
int site_close(site *s, FILE *f, const char *relpath, int failed);
/* Copies theme_dir/assets into dir/assets.  0, or -1 (reported). */
int site_copy_assets(site *s);
/* The source of template name (NULL when the theme has none). */
const char *site_template_src(site *s, const char *name, size_t *len);
/* A UI string from strings.yaml ("" when missing). */
const char *site_string(const site *s, const char *key);

/* site_view.c: the parts every page shares, and the model as views. */
/* The view of a page at relpath (its depth gives the relative root). */
value *site_page(site *s, const char *relpath, const char *section,
		 const char *title);
/* Appends a breadcrumb {label, href} (href relative to the site root;
 * NULL: the current page). */
void site_crumb(value *page, const char *label, const char *href);
value *site_axis_ref(const site *s, size_t axis, const char *root);
value *site_fiche_ref(const site *s, size_t fiche, const char *root);
value *site_fiche_view(site *s, size_t fi, const char *root, int with_body);
value *site_scale_view(const guide *g);
/* Formats helpers: "2,1", "52 %", the level label. */
value *site_num(double d, int decimals);
/* A score to one decimal, truncated so that it never reads above its level. */
value *site_score(double d);
value *site_pct(double fraction);
const char *site_level_label(const guide *g, int level);
/* A CSS length in percent, e.g. "52.5%" (0 for NaN, clamped to 0..100). */
value *site_css_pct(double percent);
/* Sets q1, median, q3 (French figures) and the CSS widths of a quartile bar
 * (q1_css, iqr_css, median_css) on a scale of 0..max in v. */
void site_quartiles(value *v, double q1, double median, double q3, double max);
/* "12 octobre 2026" from "2026-10-12" (null for NULL). */
value *site_date_fr(const char *date);
value *site_horizon_label(const site *s, horizon h);
/* Href of a report: "rapports/<escaped slug>.html" after root. */
value *site_report_href(const char *root, const char *slug);

/* site_chart.c: SVG geometry as values for the templates. */
/* A radar of n axes: values[i] and targets[i] in 0..max (NaN: none). */
value *site_radar(const char *const *labels, const double *values,
		  const double *targets, size_t n, int max);
/* A line chart of series over n dates (values NaN: gap). */
value *site_line_chart(const char *const *dates, const double *values, size_t n,
		       int max);
/* The frame of a line chart, in SVG user units. */
typedef struct chart_frame {
	double w, h, left, right, top, bottom;
} chart_frame;
/* A line chart of values[0..n) (NaN: a gap) on the scale 0..max in frame f,
 * point i labelled labels[i] (NULL: no label). */
value *site_line_chart_in(const chart_frame *f, const char *const *labels,
			  const double *values, size_t n, int max);

/* site_plan.c: the action plan of report `self` (measures, steps, later
 * steps, adopted roadmap and follow-up), and its collective diagnostic
 * (divergences, scores per role; null for a single respondent). */
value *site_plan_view(const site *s, size_t self);
value *site_collective_view(const site *s, size_t self);

/*
 * The site's pages and files other than the reports are numbered, so that
 * every job claims the next one (site.c).  Each *_item makes item k of
 * [0, *_count) and returns 0, or -1 (reported).
 */
/* site_report.c and site_observatory.c */
int site_reports(site *s);
int site_observatory(site *s);
/* site_pages.c: the questionnaire, home, method, search and 404 pages, each
 * axis, each fiche. */
size_t site_pages_count(const site *s);
int site_pages_item(site *s, size_t k);
/* site_collections.c: the experience and resource pages and indexes: the
 * indexes, each resource, each experience. */
size_t site_collections_count(const site *s);
int site_collections_item(site *s, size_t k);
value *site_experience_ref(const site *s, size_t i, const char *root);
value *site_ressource_ref(const site *s, size_t i, const char *root);
/* Sets experiences, ressources (lists of refs) and has_* on fiche's view. */
void site_fiche_collections(const site *s, size_t fi, value *fiche, const char *root);
/* For each fiche of the priority measures of answers a (result r) that has
 * experiences or resources: the fiche, up to two experiences chosen by
 * experiences_suggest, and its resources (links from rapports/). */
value *site_report_suggestions(const site *s, const answers *a, const result *r);
/* The experiences (with their fiche ids and population) and resources (with
 * their fiche ids) as refs from the site root, for assets/report-data.js. */
value *site_collections_data(const site *s);
/* Appends the experiences and resources to the search index list l. */
void site_search_collections(const site *s, value *l);
/* site_data.c: data/, assets/model.js, the search index, the sitemap. */
/* Appends the text of a cmark tree (words separated by spaces). */
void site_body_text(buf *out, cmark_node *root);
/* The data files, by number: scores.json and scores.csv, the model, the
 * search index, report-data.js, templates.js, the sitemap. */
#define SITE_DATA_ITEMS 6
int site_data_item(site *s, size_t k);
/* site_report_data.c: assets/report-data.js.  0, or -1 (reported). */
int site_report_data(site *s);

#endif
