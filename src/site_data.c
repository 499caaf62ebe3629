/* site_data.c: the site's data files (data/model.json, scores.json,
 * scores.csv), the scripts that embed data for file:// use (assets/model.js,
 * assets/search-index.js, assets/templates.js) and sitemap.xml. */
#include <errno.h>
#include <string.h>

#include "export.h"
#include "html.h"
#include "site.h"

/* Writes v as JSON to relpath (v freed); prefix/suffix wrap it (a script). */
static int write_json(site *s, const char *relpath, value *v, int indent,
		      const char *prefix, const char *suffix)
{
	buf b = BUF_INIT;
	int rc;

	buf_adds(&b, prefix);
	v_json(&b, v, indent);
	buf_adds(&b, suffix);
	rc = site_write(s, relpath, b.ptr, b.len);
	buf_release(&b);
	v_free(v);
	return rc;
}

/* Writes out b to f when it holds more than min bytes; 0, or the errno of
 * a failed write. */
static int flush_some(FILE *f, buf *b, size_t min)
{
	int e = 0;

	if (b->len <= min)
		return 0;
	if (fwrite(b->ptr, 1, b->len, f) != b->len)
		e = errno ? errno : EIO;
	buf_reset(b);
	return e;
}

/* data/scores.json: an array of one object per answers file, one per line,
 * each built, written and freed in turn, the text written out every 256 KB,
 * so that memory does not grow with the number of files (36,000 files make
 * 700 MB of JSON); and data/scores.csv's rows into csv, from the same plan
 * of each file (computed once for both). */
static int write_scores(site *s, buf *csv)
{
	const answers_set *set = s->ctx->set;
	FILE *f = site_open(s, "data/scores.json");
	buf b = BUF_INIT;
	size_t i;
	int failed = 0;

	if (set)
		export_scores_csv_head(csv, s->g);
	buf_addc(&b, '[');
	for (i = 0; set && i < set->n; i++) {
		build_plan(s->ctx, i);
		export_scores_csv_row(csv, s->g, set->items[i], &s->ctx->results[i]);
		if (f) {
			value *v = export_scores_row(s->g, set->items[i], &s->ctx->results[i],
						     &s->ctx->peers[i]);
			buf_adds(&b, i ? ",\n" : "\n");
			v_json(&b, v, -1);
			v_free(v);
			if (!failed)
				failed = flush_some(f, &b, 256 * 1024);
		}
		build_unplan(s->ctx, i);
	}
	if (!f) {
		buf_release(&b);
		return -1;
	}
	buf_adds(&b, "\n]\n");
	if (!failed)
		failed = flush_some(f, &b, 0);
	buf_release(&b);
	return site_close(s, f, "data/scores.json", failed);
}

/* Appends the text of a cmark tree, walked with its iterator. */
void site_body_text(buf *out, cmark_node *root)
{
	cmark_iter *it;
	cmark_event_type ev;

	if (!root)
		return;
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if (ev == CMARK_EVENT_ENTER && (lit = cmark_node_get_literal(n)))
				buf_adds(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(out, ' ');
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
			if (ev == CMARK_EVENT_EXIT)
				buf_addc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* The search index: per fiche its title, axis, summary and full text. */
static value *search_value(site *s)
{
	value *l = v_list();
	size_t f, i;

	for (f = 0; f < s->g->nfiches; f++) {
		const fiche *fi = &s->g->fiches[f];
		buf text = BUF_INIT, href = BUF_INIT;
		value *v = v_push(l, v_map());
		site_body_text(&text, fi->body);
		for (i = 0; i < fi->nquestions; i++) {
			buf_addc(&text, ' ');
			buf_adds(&text, fi->questions[i].text);
		}
		for (i = 0; i < fi->ncompetences; i++) {
			buf_addc(&text, ' ');
			buf_adds(&text, fi->competences[i]);
		}
		buf_printf(&href, "fiches/%s.html", fi->id);
		v_set(v, "id", v_str(fi->id));
		v_set(v, "title", v_str(fi->title));
		v_set(v, "axis", v_str(s->g->axes[fi->axis].title));
		v_set(v, "summary", v_str(fi->summary));
		v_set(v, "href", v_strn(href.ptr, href.len));
		v_set(v, "text", v_strn(text.ptr, text.len));
		buf_release(&text);
		buf_release(&href);
	}
	site_search_collections(s, l);
	return l;
}

/* One <url> entry: base (percent-encoded where needed) + "/" + path. */
static void sitemap_url(buf *b, const char *base, const char *path)
{
	size_t n = strlen(base);
	buf url = BUF_INIT;

	html_escape_url(&url, base, n);
	if (n && base[n - 1] != '/')
		buf_addc(&url, '/');
	buf_adds(&url, path);
	BUF_LIT(b, "  <url><loc>");
	html_escape_text(b, url.ptr, url.len);
	BUF_LIT(b, "</loc></url>\n");
	buf_release(&url);
}

/*
 * sitemap.xml.  Sitemaps need absolute URLs: they are written from site.yaml
 * `base_url` (where the site/ directory is published); without it the
 * sitemap lists no URL and says why.  It lists the guide's pages; reports
 * are published but left out, as they are about one authority each.
 */
static int write_sitemap(site *s)
{
	static const char *const pages[] = { "index.html", "methode.html",
		"questionnaire.html", "observatoire.html" };
	const char *base = s->g->base_url;
	int ok = base && strchr(base, ':') && html_url_safe(base);
	buf b = BUF_INIT, path = BUF_INIT;
	size_t i;
	int rc;

	BUF_LIT(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	if (!ok)
		BUF_LIT(&b, "  <!-- base_url absent de content/site.yaml : "
			    "aucune URL absolue -->\n");
	for (i = 0; ok && i < sizeof pages / sizeof *pages; i++)
		sitemap_url(&b, base, pages[i]);
	for (i = 0; ok && i < s->g->naxes + s->g->nfiches; i++) {
		buf_reset(&path);
		if (i < s->g->naxes)
			buf_printf(&path, "axes/%s.html", s->g->axes[i].id);
		else
			buf_printf(&path, "fiches/%s.html", s->g->fiches[i - s->g->naxes].id);
		sitemap_url(&b, base, path.ptr);
	}
	for (i = 0; ok && i < s->g->nexperiences + s->g->nressources; i++) {
		buf_reset(&path);
		if (i < s->g->nexperiences)
			buf_printf(&path, "experiences/%s.html", s->g->experiences[i].id);
		else
			buf_printf(&path, "ressources/%s.html",
				   s->g->ressources[i - s->g->nexperiences].id);
		sitemap_url(&b, base, path.ptr);
	}
	BUF_LIT(&b, "</urlset>\n");
	rc = site_write(s, "sitemap.xml", b.ptr, b.len);
	buf_release(&b);
	buf_release(&path);
	return rc;
}

/* data/model.json and assets/model.js (for file://): the same JSON,
 * built and serialised once. */
static void write_model(site *s)
{
	value *v = export_model(s->g);
	buf json = BUF_INIT, js = BUF_INIT;

	v_json(&json, v, -1);
	v_free(v);
	buf_addc(&json, '\n');
	site_write(s, "data/model.json", json.ptr, json.len);
	buf_adds(&js, "/* Généré par autodiag : le modèle du guide. */\n"
		      "window.AUTODIAG_MODEL = ");
	buf_add(&js, json.ptr, json.len - 1);
	buf_adds(&js, ";\n");
	site_write(s, "assets/model.js", js.ptr, js.len);
	buf_release(&json);
	buf_release(&js);
}

/* assets/templates.js: the theme's report templates and strings, so that
 * the questionnaire renders "mon rapport" with the same rapport.mustache. */
static void write_templates(site *s)
{
	static const char *const names[] = { "rapport", "radar", "history-chart",
		"histogram", "obs-row", "obs-hidden" };
	value *t = v_map();
	buf b = BUF_INIT;
	size_t i, len;

	for (i = 0; i < sizeof names / sizeof *names; i++) {
		const char *src = site_template_src(s, names[i], &len);
		if (src)
			v_set(t, names[i], v_strn(src, len));
	}
	buf_adds(&b, "/* Généré par autodiag : les gabarits du rapport. */\n"
		     "window.AUTODIAG_TEMPLATES = {\"templates\":");
	v_json(&b, t, -1);
	v_free(t);
	buf_adds(&b, ",\"strings\":");
	if (s->strings)
		v_json(&b, s->strings, -1);
	else
		buf_adds(&b, "{}");
	buf_adds(&b, "};\n");
	site_write(s, "assets/templates.js", b.ptr, b.len);
	buf_release(&b);
}

int site_data_item(site *s, size_t k)
{
	buf csv = BUF_INIT;

	switch (k) {
	case 0:
		write_scores(s, &csv);
		site_write(s, "data/scores.csv", csv.ptr, csv.len);
		buf_release(&csv);
		break;
	case 1:
		write_model(s);
		break;
	case 2:
		write_json(s, "assets/search-index.js", search_value(s), -1,
			   "/* Généré par autodiag : l’index de recherche. */\n"
			   "window.AUTODIAG_SEARCH = ", ";\n");
		break;
	case 3:
		site_report_data(s);
		break;
	case 4:
		write_templates(s);
		break;
	default:
		write_sitemap(s);
	}
	return s->status ? -1 : 0;
}
