/* pdf_collections.c: the experiences and resources in PDF: the part of the
 * guide that gives every experience (facts, text, sources, fiches), and one
 * pdf/ressources/<id>.pdf per resource, the document ready to print. */
#include "pdf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "collections.h"
#include "diag.h"
#include "util.h"

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define DASH "\xE2\x80\x94"

const char *pdf_kind_label(kind k)
{
	static const char *const labels[] = { "Commune", "Intercommunalité", "Département",
					      "Région", "Autre collectivité" };
	return labels[k];
}

/* 19405 as "19 405" (narrow no-break spaces). */
static void fr_int(buf *b, long v)
{
	char tmp[32];
	size_t n, i;

	snprintf(tmp, sizeof(tmp), "%ld", v);
	n = strlen(tmp);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			BUF_LIT(b, NNBSP);
		buf_addc(b, tmp[i]);
	}
}

void pdf_experience_facts(buf *b, const experience *e)
{
	buf_printf(b, "%s · %s · ", e->territory, pdf_kind_label(e->kind));
	fr_int(b, e->population);
	buf_printf(b, NBSP "habitants · %d", e->year);
}

/* "Fiches : A, B" with a link to each fiche's anchor (fiche_anchor NULL: none). */
static void fiche_line(pdf_doc *d, const size_t *fiches, size_t n, const int *fiche_anchor)
{
	const pdf_theme *th = d->th;
	lay_style label = pdf_style(d, LF_BOLD, th->body_size - 0.5, th->primary);
	lay_style link = pdf_style(d, LF_REGULAR, th->body_size - 0.5, th->primary);
	lay_style sep = pdf_style(d, LF_REGULAR, th->body_size - 0.5, th->text);
	lay_para *p = lay_para_new();
	size_t i;

	lay_para_add(p, &label, n > 1 ? "Fiches" NBSP ": " : "Fiche" NBSP ": ");
	for (i = 0; i < n; i++) {
		link.dest = fiche_anchor ? fiche_anchor[fiches[i]] : -1;
		if (i)
			lay_para_add(p, &sep, ", ");
		lay_para_add(p, &link, d->ctx->g->fiches[fiches[i]].title);
	}
	pdf_flow_para(d, p, 0, d->text_w, LA_LEFT, 6, 0);
	lay_para_free(p);
}

/* The sources of e, each a clickable address. */
static void sources(pdf_doc *d, const experience *e)
{
	const pdf_theme *th = d->th;
	lay_style title = pdf_style(d, LF_REGULAR, th->body_size - 1, th->text);
	lay_style url = pdf_style(d, LF_REGULAR, th->body_size - 1.5, th->primary);
	size_t i;

	pdf_flow_heading(d, e->nsources > 1 ? "Sources" : "Source", 11, th->primary, 10);
	for (i = 0; i < e->nsources; i++) {
		lay_para *p = lay_para_new();
		lay_para_add(p, &title, e->sources[i].title);
		lay_para_add(p, &title, " " DASH " ");
		url.uri = pdf_uri_safe(e->sources[i].url) ? e->sources[i].url : NULL;
		lay_para_add(p, &url, e->sources[i].url);
		pdf_flow_para(d, p, 10, d->text_w - 10, LA_LEFT, 2, 0);
		lay_para_free(p);
	}
}

/* Experience i of the guide, with its bookmark under the part's. */
static void experience_pages(pdf_doc *d, size_t i, int anchor, const int *fiche_anchor)
{
	const experience *e = &d->ctx->g->experiences[i];
	const pdf_theme *th = d->th;
	lay_style label = pdf_style(d, LF_BOLD, 9, th->accent);
	lay_style facts = pdf_style(d, LF_REGULAR, 10, th->muted);
	lay_style summary = pdf_style(d, LF_ITALIC, 11.5, th->primary);
	buf b = BUF_INIT;
	lay_box *box;

	pdf_flow_page_break(d);
	pdf_flow_anchor(d, anchor);
	pdf_outline_add(d, 1, e->title, anchor);
	pdf_flow_text(d, &label, "RETOUR D’EXPÉRIENCE", 0, d->text_w, LA_LEFT, 0, 1);
	pdf_flow_heading(d, e->title, 18, th->primary, 4);
	pdf_experience_facts(&b, e);
	pdf_flow_text(d, &facts, b.ptr, 0, d->text_w, LA_LEFT, 2, 1);
	d->src_file = e->path;
	d->src_line = 1;
	pdf_flow_text(d, &summary, e->summary, 0, d->text_w, LA_JUSTIFY, 8, 0);
	box = lay_doc_add(&d->lay, 10);
	lay_box_line(box, 0, 6, d->text_w, 6, th->rule, 0.8);
	pdf_markdown(d, e->body, e->path, e->body_line);
	sources(d, e);
	fiche_line(d, e->fiches, e->nfiches, fiche_anchor);
	buf_release(&b);
}

void pdf_guide_experiences(pdf_doc *d, int part_anchor, const int *anchors,
			   const int *fiche_anchor)
{
	const guide *g = d->ctx->g;
	const pdf_theme *th = d->th;
	lay_style label = pdf_style(d, LF_BOLD, 11, th->accent);
	lay_style body = pdf_style(d, LF_REGULAR, 11.5, th->text);
	lay_style item = pdf_style(d, LF_BOLD, th->body_size + 0.5, th->primary);
	lay_style meta = pdf_style(d, LF_REGULAR, th->body_size, th->muted);
	buf b = BUF_INIT;
	size_t i;

	if (!g->nexperiences)
		return;
	pdf_flow_page_break(d);
	pdf_flow_section(d, PDF_EXPERIENCES_TITLE);
	pdf_flow_anchor(d, part_anchor);
	pdf_outline_add(d, 0, PDF_EXPERIENCES_TITLE, part_anchor);
	pdf_flow_text(d, &label, "RETOURS D’EXPÉRIENCE", 0, d->text_w, LA_LEFT, 60, 1);
	pdf_flow_heading(d, PDF_EXPERIENCES_TITLE, 24, th->primary, 6);
	pdf_flow_text(d, &body, "Ce que d’autres collectivités ont fait, d’après les sources "
				"publiques citées avec chaque expérience.", 0, d->text_w,
		      LA_JUSTIFY, 14, 0);
	for (i = 0; i < g->nexperiences; i++) {
		item.dest = anchors[i];
		buf_reset(&b);
		pdf_experience_facts(&b, &g->experiences[i]);
		pdf_flow_text(d, &item, g->experiences[i].title, 10, d->text_w - 10, LA_LEFT, 8, 1);
		pdf_flow_text(d, &meta, b.ptr, 10, d->text_w - 10, LA_LEFT, 1, 0);
	}
	for (i = 0; i < g->nexperiences; i++)
		experience_pages(d, i, anchors[i], fiche_anchor);
	buf_release(&b);
}

/* pdf/ressources/<id>.pdf: the document of resource i, ready to print. */
static int ressource_pdf(const build_ctx *ctx, const pdf_theme *th, const hyph *h, size_t i,
			 const char *path)
{
	const ressource *r = &ctx->g->ressources[i];
	lay_style label, summary, meta;
	pdf_doc d;
	buf b = BUF_INIT;
	lay_box *box;
	int st;

	if ((st = pdf_doc_init(&d, ctx, th, h))) {
		pdf_doc_release(&d);
		return st;
	}
	d.shared = 1;
	label = pdf_style(&d, LF_BOLD, 9, th->accent);
	summary = pdf_style(&d, LF_ITALIC, 11.5, th->primary);
	meta = pdf_style(&d, LF_REGULAR, 9.5, th->muted);
	pdf_flow_section(&d, r->title);
	buf_printf(&b, "DOCUMENT À RÉUTILISER " DASH " %s", ressource_type_label(r->type));
	pdf_flow_text(&d, &label, b.ptr, 0, d.text_w, LA_LEFT, 0, 1);
	pdf_flow_heading(&d, r->title, 18, th->primary, 4);
	d.src_file = r->path;
	d.src_line = 1;
	pdf_flow_text(&d, &summary, r->summary, 0, d.text_w, LA_JUSTIFY, 6, 0);
	buf_reset(&b);
	buf_printf(&b, "Licence" NBSP ": %s", r->licence);
	pdf_flow_text(&d, &meta, b.ptr, 0, d.text_w, LA_LEFT, 4, 0);
	fiche_line(&d, r->fiches, r->nfiches, NULL);
	box = lay_doc_add(&d.lay, 10);
	lay_box_line(box, 0, 6, d.text_w, 6, th->rule, 0.8);
	pdf_markdown(&d, r->body, r->path, r->body_line);
	st = pdf_doc_save(&d, path, r->title);
	pdf_doc_release(&d);
	buf_release(&b);
	return st;
}

int pdf_ressource(const build_ctx *ctx, const pdf_theme *th, const hyph *h, size_t i)
{
	buf path = BUF_INIT;
	int st;

	buf_printf(&path, "%s/pdf/ressources", ctx->out_dir);
	if (make_dirs(path.ptr) != 0) {
		diag_error(path.ptr, 0, 0, "cannot create directory: %s", strerror(errno));
		buf_release(&path);
		return 3;
	}
	buf_printf(&path, "/%s.pdf", ctx->g->ressources[i].id);
	st = ressource_pdf(ctx, th, h, i, path.ptr);
	buf_release(&path);
	return st;
}

/* The suggestions for fiche fi: its experiences for a, then its resources. */
static void suggestion(pdf_doc *d, const answers *a, size_t fi)
{
	const guide *g = d->ctx->g;
	const pdf_theme *th = d->th;
	lay_style title = pdf_style(d, LF_BOLD, th->body_size, th->text);
	lay_style meta = pdf_style(d, LF_REGULAR, th->body_size - 1, th->muted);
	lay_style label = pdf_style(d, LF_BOLD, th->body_size - 0.5, th->primary);
	size_t ex[SUGGEST_MAX], n, i;
	int band = population_band(a->population), any = 0;
	buf b = BUF_INIT;

	pdf_flow_heading(d, g->fiches[fi].title, 13, th->primary, 16);
	n = experiences_suggest(g, fi, a->kind, a->population, ex, SUGGEST_MAX);
	for (i = 0; i < n; i++) {
		const experience *e = &g->experiences[ex[i]];
		buf_reset(&b);
		pdf_experience_facts(&b, e);
		if (e->kind == a->kind && band >= 0 && population_band(e->population) == band)
			BUF_LIT(&b, " " DASH " même nature et même taille");
		else if (e->kind == a->kind)
			BUF_LIT(&b, " " DASH " même nature");
		pdf_flow_text(d, &title, e->title, 10, d->text_w - 10, LA_LEFT, 6, 1);
		pdf_flow_text(d, &meta, b.ptr, 10, d->text_w - 10, LA_LEFT, 1, 0);
		pdf_flow_text(d, &meta, e->summary, 10, d->text_w - 10, LA_JUSTIFY, 1, 0);
	}
	for (i = 0; i < g->nressources; i++) {
		const ressource *r = &g->ressources[i];
		if (!ressource_has_fiche(r, fi))
			continue;
		if (!any++)
			pdf_flow_text(d, &label, "Documents à réutiliser" NBSP ":", 10, d->text_w - 10,
				      LA_LEFT, 8, 1);
		buf_reset(&b);
		buf_printf(&b, "%s (%s)", r->title, ressource_type_label(r->type));
		pdf_flow_text(d, &meta, b.ptr, 20, d->text_w - 20, LA_LEFT, 1, 0);
	}
	buf_release(&b);
}

void pdf_report_suggestions(pdf_doc *d, const answers *a, const result *r)
{
	const guide *g = d->ctx->g;
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	size_t *fiches = xcalloc(g->nfiches + 1, sizeof *fiches), n, i, shown = 0;
	int anchor;

	n = report_measure_fiches(g, r, fiches, g->nfiches);
	for (i = 0; i < n; i++) {
		if (!fiche_has_collections(g, fiches[i]))
			continue;
		if (!shown++) {
			anchor = pdf_anchor_new(d);
			pdf_flow_page_break(d);
			pdf_flow_section(d, PDF_EXPERIENCES_TITLE);
			pdf_flow_anchor(d, anchor);
			pdf_outline_add(d, 0, PDF_EXPERIENCES_TITLE, anchor);
			pdf_flow_heading(d, PDF_EXPERIENCES_TITLE, 18, d->th->primary, 0);
			pdf_flow_text(d, &note, "Pour chaque fiche de vos mesures prioritaires, "
				      "jusqu’à deux retours d’expérience, choisis parmi les "
				      "collectivités de même nature et de même taille d’abord, puis "
				      "de même nature, puis de population la plus proche, et les "
				      "documents à réutiliser (sur le site du guide).", 0, d->text_w,
				      LA_JUSTIFY, 4, 0);
		}
		suggestion(d, a, fiches[i]);
	}
	free(fiches);
}
