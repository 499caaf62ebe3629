/* site_collections.c: the experiences and resources on the site: one page
 * each, an index of each that the page filters by axis, kind of authority
 * and population band (plain lists without JavaScript), and the "Ils l'ont
 * fait" and "Documents à réutiliser" links of the fiche pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collections.h"
#include "diag.h"
#include "html.h"
#include "odt.h"
#include "score.h"
#include "site.h"
#include "util.h"

static const char *const kind_keys[] = { "kind_commune", "kind_intercommunalite",
					 "kind_departement", "kind_region", "kind_autre" };

/* A string value built from root and a page path ("experiences/<id>.html"). */
static value *href_value(const char *root, const char *dir, const char *id, const char *ext)
{
	buf b = BUF_INIT;
	value *v;

	buf_printf(&b, "%s%s/", root, dir);
	html_escape_segment(&b, id, strlen(id));
	buf_adds(&b, ext);
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* "19 405": a whole number with U+202F between groups of three digits. */
static value *population_value(long n)
{
	char digits[32];
	buf b = BUF_INIT;
	size_t len, i;
	value *v;

	snprintf(digits, sizeof digits, "%ld", n);
	len = strlen(digits);
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			BUF_LIT(&b, "\xe2\x80\xaf");
		buf_addc(&b, digits[i]);
	}
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* Markdown rendered by cmark's safe renderer, headings from h2. */
static value *body_html(cmark_node *body)
{
	buf b = BUF_INIT;
	char *html;
	value *v;

	if (!body)
		return v_str("");
	html = cmark_render_html(body, CMARK_OPT_DEFAULT);
	buf_adds(&b, html);
	free(html);
	html_shift_headings(&b, 2);
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* The axes of fiches[0..n) as "id1 id2" (guide order, once each), for the
 * filters, and as a list of titles. */
static void set_axes(const site *s, value *v, const size_t *fiches, size_t n)
{
	buf ids = BUF_INIT;
	value *titles = v_set(v, "axes", v_list());
	size_t a, i;

	for (a = 0; a < s->g->naxes; a++) {
		for (i = 0; i < n && s->g->fiches[fiches[i]].axis != a; i++)
			;
		if (i == n)
			continue;
		if (ids.len)
			buf_addc(&ids, ' ');
		buf_adds(&ids, s->g->axes[a].id);
		v_push(titles, v_str(s->g->axes[a].title));
	}
	v_set(v, "axis_ids", v_strn(ids.ptr, ids.len));
	buf_release(&ids);
}

static value *fiche_refs(const site *s, const size_t *fiches, size_t n, const char *root)
{
	value *l = v_list();
	size_t i;

	for (i = 0; i < n; i++)
		v_push(l, site_fiche_ref(s, fiches[i], root));
	return l;
}

value *site_experience_ref(const site *s, size_t i, const char *root)
{
	const experience *e = &s->g->experiences[i];
	int band = population_band(e->population);
	char key[16];
	value *v = v_map();

	v_set(v, "id", v_str(e->id));
	v_set(v, "title", v_str(e->title));
	v_set(v, "territory", v_str(e->territory));
	v_set(v, "kind", v_str(kind_name(e->kind)));
	v_set(v, "kind_label", v_str(site_string(s, kind_keys[e->kind])));
	v_set(v, "population", population_value(e->population));
	snprintf(key, sizeof key, "band_%d", band < 0 ? 0 : band);
	v_set(v, "band", v_num(band));
	v_set(v, "band_label", v_str(site_string(s, key)));
	v_set(v, "year", v_num(e->year));
	v_set(v, "summary", v_str(e->summary));
	v_set(v, "href", href_value(root, "experiences", e->id, ".html"));
	set_axes(s, v, e->fiches, e->nfiches);
	return v;
}

value *site_ressource_ref(const site *s, size_t i, const char *root)
{
	const ressource *r = &s->g->ressources[i];
	value *v = v_map();

	v_set(v, "id", v_str(r->id));
	v_set(v, "title", v_str(r->title));
	v_set(v, "type", v_str(ressource_type_name(r->type)));
	v_set(v, "type_label", v_str(ressource_type_label(r->type)));
	v_set(v, "summary", v_str(r->summary));
	v_set(v, "licence", v_str(r->licence));
	v_set(v, "href", href_value(root, "ressources", r->id, ".html"));
	set_axes(s, v, r->fiches, r->nfiches);
	return v;
}

void site_fiche_collections(const site *s, size_t fi, value *fiche, const char *root)
{
	value *ex = v_set(fiche, "experiences", v_list());
	value *rs = v_set(fiche, "ressources", v_list());
	size_t i;

	for (i = 0; i < s->g->nexperiences; i++)
		if (experience_has_fiche(&s->g->experiences[i], fi))
			v_push(ex, site_experience_ref(s, i, root));
	for (i = 0; i < s->g->nressources; i++)
		if (ressource_has_fiche(&s->g->ressources[i], fi))
			v_push(rs, site_ressource_ref(s, i, root));
	v_set(fiche, "has_experiences", v_bool(ex->n > 0));
	v_set(fiche, "has_ressources", v_bool(rs->n > 0));
}

static int page_experience(site *s, size_t i)
{
	const experience *e = &s->g->experiences[i];
	buf path = BUF_INIT;
	value *v, *ev, *l;
	size_t k;
	int rc;

	buf_printf(&path, "experiences/%s.html", e->id);
	v = site_page(s, path.ptr, "experiences", e->title);
	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, site_string(s, "experiences_title"), "experiences/index.html");
	site_crumb(v, e->title, NULL);
	ev = v_set(v, "experience", site_experience_ref(s, i, "../"));
	v_set(ev, "body", body_html(e->body));
	v_set(ev, "fiches", fiche_refs(s, e->fiches, e->nfiches, "../"));
	l = v_set(ev, "sources", v_list());
	for (k = 0; k < e->nsources; k++) {
		value *so = v_push(l, v_map());
		buf url = BUF_INIT;
		html_escape_url(&url, e->sources[k].url, strlen(e->sources[k].url));
		v_set(so, "title", v_str(e->sources[k].title));
		v_set(so, "url", v_str(e->sources[k].url));
		v_set(so, "href", v_strn(url.ptr, url.len));
		buf_release(&url);
	}
	l = v_set(ev, "ressources", v_list());
	for (k = 0; k < e->nressources; k++)
		v_push(l, site_ressource_ref(s, e->ressources[k], "../"));
	v_set(ev, "has_ressources", v_bool(e->nressources > 0));
	rc = site_render(s, "experience", v, path.ptr);
	buf_release(&path);
	return rc;
}

/* ressources/<id>.odt: the document, to edit in a word processor. */
static int write_odt(site *s, const ressource *r)
{
	buf path = BUF_INIT, odt = BUF_INIT;
	const char *error;
	int rc;

	buf_printf(&path, "ressources/%s.odt", r->id);
	if (odt_render(&odt, r->title, s->g->language, r->body, s->ctx->source_date, &error)) {
		diag_error(r->path, 0, 0, "cannot write %s: %s", path.ptr, error);
		s->status = 3;
		rc = -1;
	} else {
		rc = site_write(s, path.ptr, odt.ptr, odt.len);
	}
	buf_release(&path);
	buf_release(&odt);
	return rc;
}

static int page_ressource(site *s, size_t i)
{
	const ressource *r = &s->g->ressources[i];
	buf path = BUF_INIT;
	value *v, *rv, *l;
	size_t k;
	int rc;

	buf_printf(&path, "ressources/%s.html", r->id);
	v = site_page(s, path.ptr, "ressources", r->title);
	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, site_string(s, "ressources_title"), "ressources/index.html");
	site_crumb(v, r->title, NULL);
	rv = v_set(v, "ressource", site_ressource_ref(s, i, "../"));
	v_set(rv, "body", body_html(r->body));
	v_set(rv, "fiches", fiche_refs(s, r->fiches, r->nfiches, "../"));
	l = v_set(rv, "experiences", v_list());
	for (k = 0; k < s->g->nexperiences; k++) {
		const experience *e = &s->g->experiences[k];
		size_t j;
		for (j = 0; j < e->nressources && e->ressources[j] != i; j++)
			;
		if (j < e->nressources)
			v_push(l, site_experience_ref(s, k, "../"));
	}
	v_set(rv, "has_experiences", v_bool(l->n > 0));
	v_set(rv, "odt_href", href_value("", ".", r->id, ".odt"));
	rc = site_render(s, "ressource", v, path.ptr);
	buf_release(&path);
	return rc ? rc : write_odt(s, r);
}

/* The filter choices of an index page: the axes, kinds and bands. */
static void set_filters(const site *s, value *v, int people)
{
	value *l = v_set(v, "filter_axes", v_list());
	size_t i;

	for (i = 0; i < s->g->naxes; i++) {
		value *a = v_push(l, v_map());
		v_set(a, "id", v_str(s->g->axes[i].id));
		v_set(a, "title", v_str(s->g->axes[i].title));
	}
	if (!people)
		return;
	l = v_set(v, "filter_kinds", v_list());
	for (i = 0; i <= KIND_AUTRE; i++) {
		value *k = v_push(l, v_map());
		v_set(k, "id", v_str(kind_name((kind)i)));
		v_set(k, "label", v_str(site_string(s, kind_keys[i])));
	}
	l = v_set(v, "filter_bands", v_list());
	for (i = 0; i < 5; i++) {
		char key[16];
		value *b = v_push(l, v_map());
		snprintf(key, sizeof key, "band_%zu", i);
		v_set(b, "id", v_num((double)i));
		v_set(b, "label", v_str(site_string(s, key)));
	}
}

static int page_indexes(site *s)
{
	value *v, *l;
	size_t i;

	if (s->g->nexperiences) {
		v = site_page(s, "experiences/index.html", "experiences",
			      site_string(s, "experiences_title"));
		site_crumb(v, site_string(s, "nav_home"), "index.html");
		site_crumb(v, site_string(s, "experiences_title"), NULL);
		l = v_set(v, "experiences", v_list());
		for (i = 0; i < s->g->nexperiences; i++)
			v_push(l, site_experience_ref(s, i, "../"));
		v_set(v, "count", v_num((double)l->n));
		set_filters(s, v, 1);
		site_render(s, "experiences", v, "experiences/index.html");
	}
	if (s->g->nressources) {
		v = site_page(s, "ressources/index.html", "ressources",
			      site_string(s, "ressources_title"));
		site_crumb(v, site_string(s, "nav_home"), "index.html");
		site_crumb(v, site_string(s, "ressources_title"), NULL);
		l = v_set(v, "ressources", v_list());
		for (i = 0; i < s->g->nressources; i++)
			v_push(l, site_ressource_ref(s, i, "../"));
		v_set(v, "count", v_num((double)l->n));
		set_filters(s, v, 0);
		site_render(s, "ressources", v, "ressources/index.html");
	}
	return s->status ? -1 : 0;
}

size_t site_collections_count(const site *s)
{
	return 1 + s->g->nressources + s->g->nexperiences;
}

int site_collections_item(site *s, size_t k)
{
	if (k == 0)
		return page_indexes(s);
	if (--k < s->g->nressources)
		return page_ressource(s, k);
	return page_experience(s, k - s->g->nressources);
}

/* One search entry: the same shape as a fiche's (site_data.c). */
static void search_entry(value *l, const char *id, const char *title, const char *what,
			 const char *summary, value *href, const buf *text)
{
	value *v = v_push(l, v_map());

	v_set(v, "id", v_str(id));
	v_set(v, "title", v_str(title));
	v_set(v, "axis", v_str(what));
	v_set(v, "summary", v_str(summary));
	v_set(v, "href", href);
	v_set(v, "text", v_strn(text->ptr, text->len));
}

void site_search_collections(const site *s, value *l)
{
	buf text = BUF_INIT;
	size_t i;

	for (i = 0; i < s->g->nexperiences; i++) {
		const experience *e = &s->g->experiences[i];
		buf_reset(&text);
		buf_printf(&text, "%s %s ", e->territory, site_string(s, kind_keys[e->kind]));
		site_body_text(&text, e->body);
		search_entry(l, e->id, e->title, site_string(s, "experience"), e->summary,
			     href_value("", "experiences", e->id, ".html"), &text);
	}
	for (i = 0; i < s->g->nressources; i++) {
		const ressource *r = &s->g->ressources[i];
		buf_reset(&text);
		buf_printf(&text, "%s ", ressource_type_label(r->type));
		site_body_text(&text, r->body);
		search_entry(l, r->id, r->title, site_string(s, "ressource"), r->summary,
			     href_value("", "ressources", r->id, ".html"), &text);
	}
	buf_release(&text);
}

value *site_report_suggestions(const site *s, const answers *a, const result *r)
{
	size_t *fiches = xcalloc(s->g->nfiches + 1, sizeof *fiches), n, i, k;
	int band = population_band(a->population);
	value *l = v_list();

	n = report_measure_fiches(s->g, r, fiches, s->g->nfiches);
	for (i = 0; i < n; i++) {
		size_t ex[SUGGEST_MAX], nex;
		value *v, *el, *rl;
		if (!fiche_has_collections(s->g, fiches[i]))
			continue;
		v = v_push(l, v_map());
		v_set(v, "fiche", site_fiche_ref(s, fiches[i], "../"));
		el = v_set(v, "experiences", v_list());
		nex = experiences_suggest(s->g, fiches[i], a->kind, a->population, ex, SUGGEST_MAX);
		for (k = 0; k < nex; k++) {
			const experience *e = &s->g->experiences[ex[k]];
			value *ev = v_push(el, site_experience_ref(s, ex[k], "../"));
			v_set(ev, "same_kind", v_bool(e->kind == a->kind));
			v_set(ev, "same_band", v_bool(e->kind == a->kind && band >= 0 &&
						      population_band(e->population) == band));
		}
		v_set(v, "has_experiences", v_bool(nex > 0));
		rl = v_set(v, "ressources", v_list());
		for (k = 0; k < s->g->nressources; k++)
			if (ressource_has_fiche(&s->g->ressources[k], fiches[i]))
				v_push(rl, site_ressource_ref(s, k, "../"));
		v_set(v, "has_ressources", v_bool(rl->n > 0));
	}
	free(fiches);
	return l;
}

/* The ids of fiches[0..n) as a list. */
static value *fiche_ids(const site *s, const size_t *fiches, size_t n)
{
	value *l = v_list();
	size_t i;

	for (i = 0; i < n; i++)
		v_push(l, v_str(s->g->fiches[fiches[i]].id));
	return l;
}

value *site_collections_data(const site *s)
{
	value *v = v_map(), *l;
	size_t i;

	l = v_set(v, "experiences", v_list());
	for (i = 0; i < s->g->nexperiences; i++) {
		const experience *e = &s->g->experiences[i];
		value *x;
		if (!e->id)
			continue;
		x = v_push(l, site_experience_ref(s, i, ""));
		v_set(x, "pop", v_num((double)e->population));
		v_set(x, "fiches", fiche_ids(s, e->fiches, e->nfiches));
	}
	l = v_set(v, "ressources", v_list());
	for (i = 0; i < s->g->nressources; i++) {
		const ressource *r = &s->g->ressources[i];
		value *x = v_push(l, site_ressource_ref(s, i, ""));
		v_set(x, "fiches", fiche_ids(s, r->fiches, r->nfiches));
	}
	return v;
}
