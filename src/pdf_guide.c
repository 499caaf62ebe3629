/* pdf_guide.c: the printable guide, pdf/guide.pdf: a cover, a clickable
 * table of contents, then each axis opened by a page that presents it and
 * followed by its fiches (summary, body, competences, question grids,
 * recommendations).  One bookmark per axis, one per fiche under it. */
#include "pdf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "util.h"

#define NBSP "\xC2\xA0"
#define DASH "\xE2\x80\x94"

const char *pdf_horizon_label(horizon h)
{
	switch (h) {
	case HORIZON_COURT:
		return "Court terme";
	case HORIZON_LONG:
		return "Long terme";
	default:
		return "Moyen terme";
	}
}

/* The date of SOURCE_DATE_EPOCH in French, or "" when unset. */
static void source_date_text(const build_ctx *ctx, char *out, size_t room)
{
	char iso[48];
	time_t t;
	struct tm tm;

	out[0] = '\0';
	if (ctx->source_date < 0)
		return;
	t = (time_t)ctx->source_date;
	gmtime_r(&t, &tm);
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	pdf_french_date(iso, out, room);
}

static void guide_cover(pdf_doc *d)
{
	const guide *g = d->ctx->g;
	const pdf_theme *th = d->th;
	lay_style title = pdf_style(d, LF_BOLD, 26, 0xFFFFFF);
	lay_style sub = pdf_style(d, LF_REGULAR, 13, 0xFFFFFF);
	lay_style meta = pdf_style(d, LF_REGULAR, 11, th->muted);
	lay_box tmp;
	char date[64];
	buf line = BUF_INIT;
	double h;

	lay_box_init(&tmp);
	h = 30 + pdf_box_text(d, &tmp, &title, g->title, 20, 30, d->text_w - 40, LA_LEFT);
	h += 10 + pdf_box_text(d, &tmp, &sub, "Guide d’autodiagnostic de la maturité "
			       "numérique des territoires", 20, h + 10, d->text_w - 40,
			       LA_LEFT);
	h += 30;
	pdf_cover_band(d, &tmp, h, 120);
	source_date_text(d->ctx, date, sizeof(date));
	buf_printf(&line, "Version %s", g->version ? g->version : "");
	if (date[0])
		buf_printf(&line, " " DASH " %s", date);
	pdf_flow_text(d, &meta, line.ptr, 20, d->text_w - 40, LA_LEFT, 24, 0);
	buf_release(&line);
}

/* One entry of the table of contents: text, dotted to a page number. */
static void toc_entry(pdf_doc *d, const char *text, int anchor, int level)
{
	lay_style st = pdf_style(d, level ? LF_REGULAR : LF_BOLD,
				 level ? 10 : 11, level ? d->th->text : d->th->primary);
	double x = level ? 18 : 0, h;
	lay_box tmp, *b;
	lay_op *op;

	lay_box_init(&tmp);
	h = pdf_box_text(d, &tmp, &st, text, x, 0, d->text_w - x - 40, LA_LEFT);
	b = lay_doc_add(&d->lay, h);
	b->space_before = level ? 2 : 10;
	b->keep_with_next = !level;
	lay_box_merge(b, &tmp, 0, 0);
	op = lay_box_op(b, OP_TEXT);	/* the page number, known at drawing */
	op->x = d->text_w;
	op->y = h - (h / st.size - 1) * st.size / 2 - 0.22 * st.size;
	op->font = st.font;
	op->size = st.size;
	op->color = st.color;
	op->dest = anchor;
	op = lay_box_op(b, OP_LINK);
	op->x = 0;
	op->w = d->text_w;
	op->h = h;
	op->dest = anchor;
}

static void guide_toc(pdf_doc *d, const int *axis_anchor, const int *fiche_anchor,
		      const int *exp_anchor)
{
	const guide *g = d->ctx->g;
	size_t a, f;
	buf t = BUF_INIT;

	pdf_flow_page_break(d);
	pdf_flow_section(d, "Sommaire");
	pdf_flow_heading(d, "Sommaire", 20, d->th->primary, 0);
	for (a = 0; a < g->naxes; a++) {
		buf_reset(&t);
		buf_printf(&t, "Axe %zu " DASH " %s", a + 1, g->axes[a].title);
		toc_entry(d, t.ptr, axis_anchor[a], 0);
		for (f = 0; f < g->nfiches; f++)
			if (g->fiches[f].axis == a)
				toc_entry(d, g->fiches[f].title, fiche_anchor[f], 1);
	}
	if (g->nexperiences)	/* exp_anchor[0] opens the part */
		toc_entry(d, PDF_EXPERIENCES_TITLE, exp_anchor[0], 0);
	for (f = 0; f < g->nexperiences; f++)
		toc_entry(d, g->experiences[f].title, exp_anchor[f + 1], 1);
	buf_release(&t);
}

static void axis_page(pdf_doc *d, size_t a, int anchor, const int *fiche_anchor)
{
	const guide *g = d->ctx->g;
	const pdf_theme *th = d->th;
	lay_style label = pdf_style(d, LF_BOLD, 11, th->accent);
	lay_style body = pdf_style(d, LF_REGULAR, 11.5, th->text);
	lay_style ft = pdf_style(d, LF_BOLD, th->body_size + 0.5, th->primary);
	lay_style fs = pdf_style(d, LF_REGULAR, th->body_size, th->text);
	char num[32];
	size_t f;

	pdf_flow_page_break(d);
	pdf_flow_section(d, g->axes[a].title);
	pdf_flow_anchor(d, anchor);
	pdf_outline_add(d, 0, g->axes[a].title, anchor);
	snprintf(num, sizeof(num), "AXE %zu", a + 1);
	pdf_flow_text(d, &label, num, 0, d->text_w, LA_LEFT, 60, 1);
	pdf_flow_heading(d, g->axes[a].title, 24, th->primary, 6);
	pdf_flow_text(d, &body, g->axes[a].summary, 0, d->text_w, LA_JUSTIFY, 14, 0);
	pdf_flow_heading(d, "Les fiches de cet axe", 13, th->primary, 24);
	for (f = 0; f < g->nfiches; f++) {
		lay_style link = ft;
		if (g->fiches[f].axis != a)
			continue;
		link.dest = fiche_anchor[f];
		pdf_flow_text(d, &link, g->fiches[f].title, 10, d->text_w - 10, LA_LEFT,
			      8, 1);
		pdf_flow_text(d, &fs, g->fiches[f].summary, 10, d->text_w - 10,
			      LA_JUSTIFY, 1, 0);
	}
}

/* The competences of fiche f, in a tinted box. */
static void competences_box(pdf_doc *d, const fiche *f)
{
	const pdf_theme *th = d->th;
	lay_style title = pdf_style(d, LF_BOLD, th->body_size, th->primary);
	lay_style item = pdf_style(d, LF_REGULAR, th->body_size, th->text);
	lay_box tmp, *b;
	double h = 10;
	size_t i;

	if (!f->ncompetences)
		return;
	lay_box_init(&tmp);
	h += pdf_box_text(d, &tmp, &title, "Compétences mobilisées", 14, h,
			  d->text_w - 28, LA_LEFT) + 3;
	for (i = 0; i < f->ncompetences; i++) {
		double lh = pdf_box_text(d, &tmp, &item, f->competences[i], 26, h,
					 d->text_w - 40, LA_LEFT);
		lay_box_text(&tmp, &title, 16, h + lh * 0.72, "\xE2\x80\xA2");
		h += lh;
	}
	h += 10;
	b = lay_doc_add(&d->lay, h);
	b->space_before = 14;
	lay_box_rect(b, 0, 0, d->text_w, h, th->light, LAY_NONE, 0);
	lay_box_rect(b, 0, 0, 3, h, th->primary, LAY_NONE, 0);
	lay_box_merge(b, &tmp, 0, 0);
}

void pdf_question_grid(pdf_doc *d, const question *q, int answered, int boxes)
{
	const guide *g = d->ctx->g;
	const pdf_theme *th = d->th;
	lay_style head = pdf_style(d, LF_BOLD, 7.5, 0xFFFFFF);
	lay_style cell = pdf_style(d, LF_REGULAR, 8, th->text);
	size_t n = g->nscale, i;
	double gap = 3, cw = (d->text_w - gap * (double)(n - 1)) / (double)n;
	double hh = 0, ch = 0;
	lay_box heads[10], cells[10], *b;
	char label[256];

	for (i = 0; i < n; i++) {
		double h;
		lay_box_init(&heads[i]);
		lay_box_init(&cells[i]);
		snprintf(label, sizeof(label), "%zu" NBSP "· %s", i, g->scale[i].label);
		h = pdf_box_text(d, &heads[i], &head, label, boxes ? 15 : 4, 3,
				 cw - (boxes ? 19 : 8), LA_LEFT);
		hh = h > hh ? h : hh;
		h = pdf_box_text(d, &cells[i], &cell, q->levels[i] ? q->levels[i] : "",
				 4, 0, cw - 8, LA_LEFT);
		ch = h > ch ? h : ch;
	}
	hh += 6;
	b = lay_doc_add(&d->lay, hh + ch + 8);
	b->space_before = 4;
	for (i = 0; i < n; i++) {
		double x = (double)i * (cw + gap);
		lay_box_rect(b, x, 0, cw, hh, th->primary, LAY_NONE, 0);
		lay_box_rect(b, x, hh, cw, ch + 8, th->light, LAY_NONE, 0);
		if ((int)i == answered)	/* the level given in the answers */
			lay_box_rect(b, x, 0, cw, hh + ch + 8, LAY_NONE, th->accent, 2);
		if (boxes)	/* a box to tick, on paper */
			lay_box_rect(b, x + 4, 4, 8, 8, 0xFFFFFF, 0xFFFFFF, 0.8);
		lay_box_merge(b, &heads[i], x, 0);
		lay_box_merge(b, &cells[i], x, hh + 4);
	}
}

void pdf_question_list(pdf_doc *d, const question *q, int answered, int boxes)
{
	const guide *g = d->ctx->g;
	lay_style bold = pdf_style(d, LF_BOLD, 8.5, d->th->primary);
	lay_style reg = pdf_style(d, LF_REGULAR, 8.5, d->th->text);
	double indent = boxes ? 16 : 12;
	char label[300];
	size_t i;

	for (i = 0; i < g->nscale; i++) {
		lay_para *p = lay_para_new();
		long first;
		snprintf(label, sizeof(label), "%zu" NBSP "· %s" NBSP ": ", i,
			 g->scale[i].label);
		lay_para_add(p, &bold, label);
		if ((int)i == answered)
			lay_para_add(p, &bold, "(réponse) ");
		lay_para_add(p, &reg, q->levels[i] ? q->levels[i] : "");
		first = pdf_flow_para(d, p, indent, d->text_w - indent, LA_LEFT,
				      boxes ? 3 : 2, 0);
		if (boxes && first >= 0)	/* a box to tick, on paper */
			lay_box_rect(&d->lay.boxes[first], 2, 1, 8, 8, LAY_NONE,
				     d->th->text, 0.8);
		lay_para_free(p);
	}
}

static void questions(pdf_doc *d, const fiche *f, const answer *ans)
{
	const pdf_theme *th = d->th;
	lay_style qs = pdf_style(d, LF_BOLD, th->body_size, th->text);
	lay_style num = pdf_style(d, LF_BOLD, th->body_size, th->accent);
	lay_style help = pdf_style(d, LF_ITALIC, th->body_size - 1, th->muted);
	char label[32];
	size_t i;

	if (!f->nquestions)
		return;
	pdf_flow_heading(d, "Questions", 14, th->primary, 20);
	for (i = 0; i < f->nquestions; i++) {
		const question *q = &f->questions[i];
		lay_para *p = lay_para_new();
		int level = ans ? ans[i].level : -1;

		d->src_file = f->path;
		d->src_line = q->line;
		snprintf(label, sizeof(label), "Q%zu. ", i + 1);
		lay_para_add(p, &num, label);
		lay_para_add(p, &qs, q->text);
		pdf_flow_para(d, p, 0, d->text_w, LA_LEFT, 12, 1);
		lay_para_free(p);
		if (q->help)
			pdf_flow_text(d, &help, q->help, 0, d->text_w, LA_JUSTIFY, 2, 1);
		if (ans && level < 0)
			pdf_flow_text(d, &help, level == LEVEL_NA ? "Réponse" NBSP ": sans objet." :
				      level == LEVEL_NSP ? "Réponse" NBSP ": ne sait pas (à vérifier)." :
				      "Sans réponse.", 0, d->text_w, LA_LEFT, 2, 1);
		if (d->ctx->g->nscale <= 6)
			pdf_question_grid(d, q, level, 0);
		else
			pdf_question_list(d, q, level, 0);
	}
}

/* Appends "(quand ... est sous le niveau N « label »)" to p. */
static void rec_condition(pdf_doc *d, lay_para *p, const fiche *f,
			  const recommendation *r)
{
	const guide *g = d->ctx->g;
	lay_style st = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	buf t = BUF_INIT;
	int below = r->below;

	if (below < 0)
		below = 0;
	if (r->question >= 0 && (size_t)r->question < f->nquestions)
		buf_printf(&t, " (si la réponse à Q%d est sous le niveau %d", r->question + 1,
			   below);
	else
		buf_printf(&t, " (si le niveau de la fiche est sous %d", below);
	if ((size_t)below < g->nscale)
		buf_printf(&t, " «" NBSP "%s" NBSP "»", g->scale[below].label);
	BUF_LIT(&t, ")");
	lay_para_add(p, &st, t.ptr);
	buf_release(&t);
}

static void recommendations(pdf_doc *d, const fiche *f)
{
	const pdf_theme *th = d->th;
	lay_style hz = pdf_style(d, LF_BOLD, th->body_size, th->accent);
	lay_style tx = pdf_style(d, LF_REGULAR, th->body_size, th->text);
	char label[64];
	size_t i;

	if (!f->nrecs)
		return;
	pdf_flow_heading(d, "Recommandations", 14, th->primary, 20);
	for (i = 0; i < f->nrecs; i++) {
		const recommendation *r = &f->recs[i];
		lay_para *p = lay_para_new();
		snprintf(label, sizeof(label), "%s" NBSP ": ", pdf_horizon_label(r->horizon));
		lay_para_add(p, &hz, label);
		lay_para_add(p, &tx, r->text);
		rec_condition(d, p, f, r);
		pdf_flow_para(d, p, 0, d->text_w, LA_JUSTIFY, 6, 0);
		lay_para_free(p);
	}
}

void pdf_fiche(pdf_doc *d, size_t fi, int anchor, int outline_level,
	       const answers *a, int new_page)
{
	const guide *g = d->ctx->g;
	const fiche *f = &g->fiches[fi];
	const pdf_theme *th = d->th;
	lay_style label = pdf_style(d, LF_BOLD, 9, th->accent);
	lay_style summary = pdf_style(d, LF_ITALIC, 11.5, th->primary);
	char axis[512];
	lay_box *b;

	if (new_page)
		pdf_flow_page_break(d);
	else
		pdf_flow_space(d, 24);
	pdf_flow_anchor(d, anchor);
	if (outline_level >= 0)
		pdf_outline_add(d, outline_level, f->title, anchor);
	snprintf(axis, sizeof(axis), "AXE %zu " DASH " %s", f->axis + 1,
		 g->axes[f->axis].title);
	pdf_flow_text(d, &label, axis, 0, d->text_w, LA_LEFT, 0, 1);
	pdf_flow_heading(d, f->title, 20, th->primary, 4);
	d->src_file = f->path;
	d->src_line = 1;
	pdf_flow_text(d, &summary, f->summary, 0, d->text_w, LA_JUSTIFY, 8, 0);
	b = lay_doc_add(&d->lay, 10);
	lay_box_line(b, 0, 6, d->text_w, 6, th->rule, 0.8);
	pdf_markdown(d, f->body, f->path, f->body_line);
	competences_box(d, f);
	questions(d, f, a ? a->fiche_answers[fi] : NULL);
	if (!a)
		recommendations(d, f);
}

int pdf_guide(const build_ctx *ctx, const pdf_theme *th, const hyph *h,
	      const char *path)
{
	const guide *g = ctx->g;
	pdf_doc d;
	int *aa, *fa, *xa, st;
	size_t i, a;

	st = pdf_doc_init(&d, ctx, th, h);
	if (st) {
		pdf_doc_release(&d);
		return st;
	}
	d.shared = 1;
	d.cover = 1;
	aa = xcalloc(g->naxes + 1, sizeof(int));
	fa = xcalloc(g->nfiches + 1, sizeof(int));
	for (a = 0; a < g->naxes; a++)
		aa[a] = pdf_anchor_new(&d);
	for (i = 0; i < g->nfiches; i++)
		fa[i] = pdf_anchor_new(&d);
	xa = xcalloc(g->nexperiences + 1, sizeof(int));
	for (i = 0; g->nexperiences && i <= g->nexperiences; i++)
		xa[i] = pdf_anchor_new(&d);
	guide_cover(&d);
	guide_toc(&d, aa, fa, xa);
	for (a = 0; a < g->naxes; a++) {
		axis_page(&d, a, aa[a], fa);
		for (i = 0; i < g->nfiches; i++)
			if (g->fiches[i].axis == a)
				pdf_fiche(&d, i, fa[i], 1, NULL, 1);
	}
	pdf_guide_experiences(&d, xa[0], xa + 1, fa);
	st = pdf_doc_save(&d, path, g->title);
	free(aa);
	free(fa);
	free(xa);
	pdf_doc_release(&d);
	return st;
}
