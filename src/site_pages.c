/* site_pages.c: the guide's pages: home, method, one page per axis and per
 * fiche, the questionnaire, the search page and the 404 page. */
#include <stdio.h>
#include <string.h>

#include "site.h"

/* The axes, each with its fiches, as seen from root. */
static value *axes_view(site *s, const char *root)
{
	value *axes = v_list();
	size_t a, f;

	for (a = 0; a < s->g->naxes; a++) {
		value *av = v_push(axes, site_axis_ref(s, a, root));
		value *fl = v_set(av, "fiches", v_list());
		for (f = 0; f < s->g->nfiches; f++)
			if (s->g->fiches[f].axis == a)
				v_push(fl, site_fiche_ref(s, f, root));
		v_set(av, "nfiches", v_num((double)fl->n));
		v_set(av, "nfiches_many", v_bool(fl->n > 1));
	}
	return axes;
}

/* The answers files, newest first per territory, as links. */
static value *reports_view(site *s, const char *root)
{
	const answers_set *set = s->ctx->set;
	value *l = v_list();
	size_t i;

	for (i = 0; set && i < set->n; i++) {
		const answers *a = set->items[i];
		value *r = v_push(l, v_map());
		v_set(r, "territory", v_str(a->territory));
		v_set(r, "date", site_date_fr(a->date));
		v_set(r, "href", site_report_href(root, a->slug));
	}
	return l;
}

static int page_index(site *s)
{
	value *v = site_page(s, "index.html", "index", NULL);

	v_set(v, "is_home", v_bool(1));
	v_set(v, "description", v_str(s->g->description));

	v_set(v, "axes", axes_view(s, ""));
	v_set(v, "scale", site_scale_view(s->g));
	v_set(v, "reports", reports_view(s, ""));
	v_set(v, "has_reports", v_bool(s->ctx->set && s->ctx->set->n));
	v_set(v, "scale_min", v_str(site_level_label(s->g, 0)));
	v_set(v, "scale_max", v_str(site_level_label(s->g, guide_max_level(s->g))));
	v_set(v, "nfiches", v_num((double)s->g->nfiches));
	v_set(v, "nquestions", v_num((double)s->g->nquestions));
	v_set(v, "naxes", v_num((double)s->g->naxes));
	return site_render(s, "index", v, "index.html");
}

static int page_method(site *s)
{
	value *v = site_page(s, "methode.html", "methode", site_string(s, "method_title"));

	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, site_string(s, "method_title"), NULL);
	v_set(v, "scale", site_scale_view(s->g));
	v_set(v, "max_level", v_num(guide_max_level(s->g)));
	v_set(v, "priority_measures", v_num(s->g->priority_measures));
	v_set(v, "review_months", v_num(s->g->review_months));
	v_set(v, "divergence", v_num(s->g->divergence));
	return site_render(s, "methode", v, "methode.html");
}

static int page_axis(site *s, size_t a)
{
	buf path = BUF_INIT;
	value *v, *all;
	int rc;

	buf_printf(&path, "axes/%s.html", s->g->axes[a].id);
	v = site_page(s, path.ptr, "axes", s->g->axes[a].title);
	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, s->g->axes[a].title, NULL);
	all = axes_view(s, "../");
	v_set(v, "axis", all->items[a]);
	all->items[a] = v_null();
	v_free(all);
	all = v_set(v, "axes", axes_view(s, "../"));
	v_set(all->items[a], "current", v_bool(1));
	rc = site_render(s, "axe", v, path.ptr);
	buf_release(&path);
	return rc;
}

static int page_fiche(site *s, size_t f)
{
	const fiche *fi = &s->g->fiches[f];
	buf path = BUF_INIT, axis_href = BUF_INIT;
	value *v;
	int rc;

	buf_printf(&path, "fiches/%s.html", fi->id);
	buf_printf(&axis_href, "axes/%s.html", s->g->axes[fi->axis].id);
	v = site_page(s, path.ptr, "fiches", fi->title);
	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, s->g->axes[fi->axis].title, axis_href.ptr);
	site_crumb(v, fi->title, NULL);
	site_fiche_collections(s, f, v_set(v, "fiche", site_fiche_view(s, f, "../", 1)), "../");
	v_set(v, "scale", site_scale_view(s->g));
	rc = site_render(s, "fiche", v, path.ptr);
	buf_release(&path);
	buf_release(&axis_href);
	return rc;
}

static int page_questionnaire(site *s)
{
	value *v = site_page(s, "questionnaire.html", "questionnaire",
			     site_string(s, "questionnaire_title"));
	value *fiches = v_list();
	size_t f;

	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, site_string(s, "questionnaire_title"), NULL);
	for (f = 0; f < s->g->nfiches; f++) {
		value *fv = v_push(fiches, site_fiche_view(s, f, "", 0));
		v_set(fv, "index", v_num((double)f));
		v_set(fv, "num", v_num((double)f + 1));
	}
	v_set(v, "fiches", fiches);
	v_set(v, "nfiches", v_num((double)s->g->nfiches));
	v_set(v, "max_level", v_num(guide_max_level(s->g)));
	v_set(v, "axes", axes_view(s, ""));
	v_set(v, "scale", site_scale_view(s->g));
	return site_render(s, "questionnaire", v, "questionnaire.html");
}

/* recherche.html: every fiche by axis, the search form's target (it
 * filters them with JavaScript, and lists them all without). */
static int page_search(site *s)
{
	value *v = site_page(s, "recherche.html", NULL, site_string(s, "search_label"));

	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, site_string(s, "search_label"), NULL);
	v_set(v, "axes", axes_view(s, ""));
	return site_render(s, "recherche", v, "recherche.html");
}

/* 404.html: a server shows it at any depth, so its links start from
 * site.yaml `base_url` when there is one (http or https). */
static int page_404(site *s)
{
	value *v = site_page(s, "404.html", NULL, site_string(s, "notfound_title"));
	const char *base = s->g->base_url;

	if (base && (!strncmp(base, "https://", 8) || !strncmp(base, "http://", 7))) {
		buf root = BUF_INIT;
		buf_adds(&root, base);
		if (base[strlen(base) - 1] != '/')
			buf_addc(&root, '/');
		v_set(v, "site_root", v_strn(root.ptr, root.len));
		buf_release(&root);
	}
	return site_render(s, "404", v, "404.html");
}

size_t site_pages_count(const site *s)
{
	return 5 + s->g->naxes + s->g->nfiches;
}

int site_pages_item(site *s, size_t k)
{
	switch (k) {
	case 0:
		return page_questionnaire(s);
	case 1:
		return page_index(s);
	case 2:
		return page_method(s);
	case 3:
		return page_search(s);
	case 4:
		return page_404(s);
	}
	k -= 5;
	return k < s->g->naxes ? page_axis(s, k) : page_fiche(s, k - s->g->naxes);
}
