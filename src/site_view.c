/* site_view.c: the views shared by every site page (relative root, menu,
 * breadcrumbs, UI strings) and the guide's parts as views: scale, axes,
 * fiches with their rendered Markdown body.  Number formats are French. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "site.h"
#include "util.h"

/* A string value built by printf. */
/* d with decimals (printf's "%.*f") then suffix, as a string. */
static value *v_num_text(double d, int decimals, const char *suffix)
{
	buf b = BUF_INIT;
	value *v;

	fmt_fixed(&b, d, decimals);
	buf_adds(&b, suffix);
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

static value *v_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static value *v_fmt(const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	value *v;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

value *site_num(double d, int decimals)
{
	buf b = BUF_INIT;
	char *dot;
	value *v;

	if (isnan(d))
		return v_null();
	fmt_fixed(&b, d, decimals);
	if (!strcmp(b.ptr, "-0") || !strcmp(b.ptr, "-0.0"))
		buf_setlen(&b, 0), buf_adds(&b, decimals ? "0.0" : "0");
	if ((dot = strchr(b.ptr, '.')))
		*dot = ',';
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

value *site_score(double d)
{
	/* Truncated, not rounded: 1.96 reads 1,9 beside its level 1. */
	return site_num(score_tenth(d), 1);
}

value *site_pct(double fraction)
{
	if (isnan(fraction))
		return v_null();
	/* U+202F (narrow no-break space) before the percent sign. */
	return v_num_text(floor(fraction * 100 + 0.5), 0, "\xe2\x80\xaf%");
}

value *site_css_pct(double percent)
{
	if (isnan(percent) || percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	return v_num_text(percent, 2, "%");
}

void site_quartiles(value *v, double q1, double median, double q3, double max)
{
	v_set(v, "q1", site_num(q1, 1));
	v_set(v, "median", site_num(median, 1));
	v_set(v, "q3", site_num(q3, 1));
	v_set(v, "q1_css", site_css_pct(100 * q1 / max));
	v_set(v, "iqr_css", site_css_pct(100 * (q3 - q1) / max));
	v_set(v, "median_css", site_css_pct(100 * median / max));
}

const char *site_level_label(const guide *g, int level)
{
	if (level < 0 || (size_t)level >= g->nscale)
		return "";
	return g->scale[level].label;
}

value *site_report_href(const char *root, const char *slug)
{
	buf b = BUF_INIT;
	value *v;

	buf_printf(&b, "%srapports/", root);
	html_escape_segment(&b, slug, strlen(slug));
	BUF_LIT(&b, ".html");
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* "12 octobre 2026" from "2026-10-12"; a copy of date when malformed. */
value *site_date_fr(const char *date)
{
	static const char *const months[] = {
		"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
		"août", "septembre", "octobre", "novembre", "décembre"
	};
	int y, m, d;

	if (!date)
		return v_null();
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return v_str(date);
	return v_fmt("%d%s %s %d", d, d == 1 ? "er" : "", months[m - 1], y);
}

/* The main menu, with the current section marked. */
static value *nav_view(const site *s, const char *root, const char *section)
{
	static const char *const items[][3] = {
		{ "index", "nav_home", "index" }, { "methode", "nav_method", "methode" },
		{ "questionnaire", "nav_questionnaire", "questionnaire" },
		{ "experiences", "nav_experiences", "experiences/index" },
		{ "ressources", "nav_ressources", "ressources/index" },
		{ "observatoire", "nav_observatory", "observatoire" },
	};
	value *nav = v_list();
	size_t i;

	for (i = 0; i < sizeof items / sizeof *items; i++) {
		value *it;
		/* the collections have a menu entry only when the guide has them */
		if ((i == 3 && !s->g->nexperiences) || (i == 4 && !s->g->nressources))
			continue;
		it = v_push(nav, v_map());
		v_set(it, "href", v_fmt("%s%s.html", root, items[i][2]));
		v_set(it, "label", v_str(site_string(s, items[i][1])));
		v_set(it, "current", v_bool(section && !strcmp(section, items[i][0])));
	}
	return nav;
}

value *site_page(site *s, const char *relpath, const char *section,
		 const char *title)
{
	value *v = v_map(), *g, *page;
	buf root = BUF_INIT;
	const char *p;

	for (p = relpath; *p; p++)
		if (*p == '/')
			BUF_LIT(&root, "../");
	v_set(v, "root", v_strn(root.ptr, root.len));
	/* the UI strings are the same for every page: borrowed, not copied
	 * (a copy per page was a fifth of the fiche pages' instructions);
	 * site_render gives them back before freeing the view */
	v_set(v, "t", s->strings ? s->strings : v_map());
	g = v_set(v, "guide", v_map());
	v_set(g, "title", v_str(s->g->title));
	v_set(g, "version", v_str(s->g->version));
	page = v_set(v, "page", v_map());
	v_set(page, "title", v_str(title ? title : s->g->title));
	v_set(page, "path", v_str(relpath));
	v_set(page, "section", v_str(section));
	v_set(v, "nav", nav_view(s, root.ptr, section));
	v_set(v, "crumbs", v_list());
	v_set(v, "build_date", site_date_fr(s->date));
	buf_release(&root);
	return v;
}

void site_crumb(value *page, const char *label, const char *href)
{
	value *c = v_push(v_get(page, "crumbs"), v_map());

	v_set(page, "has_crumbs", v_bool(1));

	v_set(c, "label", v_str(label));
	v_set(c, "href", v_str(href));
	v_set(c, "current", v_bool(!href));
}

value *site_scale_view(const guide *g)
{
	value *l = v_list();
	size_t i;

	for (i = 0; i < g->nscale; i++) {
		value *it = v_push(l, v_map());
		v_set(it, "level", v_num(g->scale[i].level));
		v_set(it, "label", v_str(g->scale[i].label));
		v_set(it, "description", v_str(g->scale[i].description));
	}
	return l;
}

value *site_axis_ref(const site *s, size_t axis, const char *root)
{
	const struct axis *a = &s->g->axes[axis];
	value *v = v_map();

	v_set(v, "id", v_str(a->id));
	v_set(v, "num", v_num((double)axis + 1));
	v_set(v, "title", v_str(a->title));
	v_set(v, "summary", v_str(a->summary));
	v_set(v, "href", v_fmt("%saxes/%s.html", root, a->id));
	return v;
}

value *site_fiche_ref(const site *s, size_t fiche, const char *root)
{
	const struct fiche *f = &s->g->fiches[fiche];
	value *v = v_map();

	v_set(v, "id", v_str(f->id));
	v_set(v, "title", v_str(f->title));
	v_set(v, "summary", v_str(f->summary));
	v_set(v, "href", v_fmt("%sfiches/%s.html", root, f->id));
	v_set(v, "nquestions", v_num((double)f->nquestions));
	v_set(v, "nquestions_many", v_bool(f->nquestions > 1));
	return v;
}

/* The fiche body as HTML (cmark's safe renderer), headings from h2. */
static value *body_view(const struct fiche *f)
{
	buf b = BUF_INIT;
	char *html;
	value *v;

	if (!f->body)
		return v_str("");
	html = cmark_render_html(f->body, CMARK_OPT_DEFAULT);
	buf_adds(&b, html);
	free(html);
	html_shift_headings(&b, 2);
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

static value *question_view(const guide *g, const question *q, size_t num)
{
	value *v = v_map(), *levels;
	size_t i;

	v_set(v, "id", v_str(q->id));
	v_set(v, "num", v_num((double)num));
	v_set(v, "text", v_str(q->text));
	v_set(v, "help", v_str(q->help));
	v_set(v, "weight", site_num(q->weight, q->weight == floor(q->weight) ? 0 : 1));
	v_set(v, "weighted", v_bool(q->weight != 1));
	levels = v_set(v, "levels", v_list());
	for (i = 0; i < g->nscale; i++) {
		value *l = v_push(levels, v_map());
		v_set(l, "level", v_num((double)i));
		v_set(l, "label", v_str(g->scale[i].label));
		v_set(l, "text", v_str(q->levels[i]));
	}
	return v;
}

static const char *horizon_key(horizon h)
{
	return h == HORIZON_COURT ? "horizon_court"
	       : h == HORIZON_LONG ? "horizon_long" : "horizon_moyen";
}

/* A recommendation of fiche f as a view (its rule in words included). */
static value *rec_view(const site *s, const struct fiche *f, const recommendation *r)
{
	value *v = v_map();

	v_set(v, "text", v_str(r->text));
	v_set(v, "horizon", v_str(horizon_name(r->horizon)));
	v_set(v, "horizon_label", v_str(site_string(s, horizon_key(r->horizon))));
	v_set(v, "below", v_num(r->below));
	v_set(v, "below_label", v_str(site_level_label(s->g, r->below)));
	if (r->question >= 0 && (size_t)r->question < f->nquestions)
		v_set(v, "question", v_str(f->questions[r->question].text));
	if (r->nporteur) {
		buf b = BUF_INIT;
		size_t k;
		for (k = 0; k < r->nporteur; k++)
			buf_printf(&b, "%s%s", k ? ", " : "", r->porteur[k]);
		v_set(v, "porteur", v_strn(b.ptr, b.len));
		buf_release(&b);
	}
	v_set(v, "effort", v_str(effort_name(r->effort)));
	return v;
}

value *site_horizon_label(const site *s, horizon h)
{
	return v_str(site_string(s, horizon_key(h)));
}

value *site_fiche_view(site *s, size_t fi, const char *root, int with_body)
{
	const struct fiche *f = &s->g->fiches[fi];
	value *v = site_fiche_ref(s, fi, root), *l;
	size_t i;

	v_set(v, "axis", site_axis_ref(s, f->axis, root));
	v_set(v, "weight", site_num(f->weight, f->weight == floor(f->weight) ? 0 : 1));
	v_set(v, "weighted", v_bool(f->weight != 1));
	v_set(v, "body", with_body ? body_view(f) : v_null());
	l = v_set(v, "competences", v_list());
	for (i = 0; i < f->ncompetences; i++)
		v_push(l, v_str(f->competences[i]));
	v_set(v, "has_competences", v_bool(f->ncompetences > 0));
	l = v_set(v, "questions", v_list());
	for (i = 0; i < f->nquestions; i++)
		v_set(v_push(l, question_view(s->g, &f->questions[i], i + 1)),
		      "fiche_id", v_str(f->id));
	l = v_set(v, "recs", v_list());
	for (i = 0; i < f->nrecs; i++)
		v_push(l, rec_view(s, f, &f->recs[i]));
	v_set(v, "prev", fi > 0 ? site_fiche_ref(s, fi - 1, root) : v_null());
	v_set(v, "next", fi + 1 < s->g->nfiches ? site_fiche_ref(s, fi + 1, root)
						  : v_null());
	return v;
}
