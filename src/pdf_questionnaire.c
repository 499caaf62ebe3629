/* pdf_questionnaire.c: pdf/questionnaire.pdf, the blank questionnaire for a
 * workshop on paper: a cover with the fields to fill in and how to answer,
 * then every question of every fiche with its level descriptors, a box to
 * tick per level, "sans objet" / "ne sait pas" boxes and ruled room for
 * notes.  One bookmark per axis, one per fiche under it. */
#include "pdf.h"

#include <stdio.h>

#include "buf.h"
#include "util.h"

#define NBSP "\xC2\xA0"
#define DASH "\xE2\x80\x94"

/* A label followed by a rule to write on, for the cover's fields. */
static void field_line(pdf_doc *d, const char *label)
{
	lay_style st = pdf_style(d, LF_BOLD, 10.5, d->th->text);
	lay_box tmp, *b;
	double h;

	lay_box_init(&tmp);
	h = pdf_box_text(d, &tmp, &st, label, 0, 0, 150, LA_LEFT);
	b = lay_doc_add(&d->lay, h + 4);
	b->space_before = 14;
	lay_box_merge(b, &tmp, 0, 0);
	lay_box_line(b, 150, h + 2, d->text_w, h + 2, d->th->rule, 0.8);
}

static void scale_legend(pdf_doc *d)
{
	const guide *g = d->ctx->g;
	lay_style bold = pdf_style(d, LF_BOLD, d->th->body_size, d->th->primary);
	lay_style reg = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	char label[300];
	size_t i;

	pdf_flow_heading(d, "L’échelle de maturité", 13, d->th->primary, 18);
	for (i = 0; i < g->nscale; i++) {
		lay_para *p = lay_para_new();
		snprintf(label, sizeof(label), "%zu" NBSP "· %s" NBSP ": ", i,
			 g->scale[i].label);
		lay_para_add(p, &bold, label);
		lay_para_add(p, &reg, g->scale[i].description ? g->scale[i].description : "");
		pdf_flow_para(d, p, 0, d->text_w, LA_LEFT, 4, 0);
		lay_para_free(p);
	}
}

static void cover(pdf_doc *d)
{
	const guide *g = d->ctx->g;
	lay_style title = pdf_style(d, LF_BOLD, 24, 0xFFFFFF);
	lay_style sub = pdf_style(d, LF_REGULAR, 12, 0xFFFFFF);
	lay_style body = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_box tmp;
	buf t = BUF_INIT;
	double h;

	lay_box_init(&tmp);
	h = 26 + pdf_box_text(d, &tmp, &title, "Questionnaire d’autodiagnostic", 20, 26,
			      d->text_w - 40, LA_LEFT);
	buf_printf(&t, "%s " DASH " version %s", g->title, g->version ? g->version : "");
	h += 8 + pdf_box_text(d, &tmp, &sub, t.ptr, 20, h + 8, d->text_w - 40, LA_LEFT);
	pdf_cover_band(d, &tmp, h + 26, 40);
	pdf_flow_heading(d, "À remplir par le répondant", 13, d->th->primary, 24);
	field_line(d, "Collectivité");
	field_line(d, "Code INSEE");
	field_line(d, "Date");
	field_line(d, "Répondant");
	field_line(d, "Rôle");
	pdf_flow_heading(d, "Comment répondre", 13, d->th->primary, 24);
	pdf_flow_text(d, &body,
		      "Pour chaque question, cochez la case du niveau qui décrit le "
		      "mieux la situation actuelle de la collectivité, et non celle "
		      "qu’elle vise. Cochez «" NBSP "Sans objet" NBSP "» quand la question ne "
		      "concerne pas la collectivité et «" NBSP "Ne sait pas" NBSP "» quand "
		      "personne ne peut répondre aujourd’hui" NBSP ": ce sera un point à "
		      "vérifier. Notez en marge ce qui justifie la réponse (une "
		      "délibération, un document, un service).",
		      0, d->text_w, LA_JUSTIFY, 4, 0);
	pdf_flow_text(d, &body,
		      "En atelier, chaque participant remplit son propre exemplaire"
		      NBSP ": les écarts entre les réponses sont le point de départ de "
		      "la discussion. Les réponses se saisissent ensuite dans le "
		      "questionnaire en ligne du guide, ou dans un fichier de réponses.",
		      0, d->text_w, LA_JUSTIFY, 6, 0);
	scale_legend(d);
	buf_release(&t);
}

/* Square box of side s at (x, y) followed by a label; returns the x after it. */
static double tick(pdf_doc *d, lay_box *b, const lay_style *st, double x,
		   double y, const char *label)
{
	lay_box_rect(b, x, y, 8, 8, LAY_NONE, d->th->text, 0.8);
	pdf_box_text(d, b, st, label, x + 12, y - 1, 120, LA_LEFT);
	return x + 130;
}

/* "Sans objet", "Ne sait pas", then two ruled lines for notes. */
static void answer_extras(pdf_doc *d)
{
	lay_style st = pdf_style(d, LF_REGULAR, 8.5, d->th->muted);
	lay_box *b = lay_doc_add(&d->lay, 44);
	double x;

	b->space_before = 4;
	x = tick(d, b, &st, 0, 2, "Sans objet");
	tick(d, b, &st, x, 2, "Ne sait pas");
	pdf_box_text(d, b, &st, "Notes" NBSP ":", 0, 16, 60, LA_LEFT);
	lay_box_line(b, 36, 26, d->text_w, 26, d->th->rule, 0.6);
	lay_box_line(b, 0, 42, d->text_w, 42, d->th->rule, 0.6);
}

static void fiche_questions(pdf_doc *d, size_t fi, int anchor)
{
	const guide *g = d->ctx->g;
	const fiche *f = &g->fiches[fi];
	const pdf_theme *th = d->th;
	lay_style label = pdf_style(d, LF_BOLD, 9, th->accent);
	lay_style summary = pdf_style(d, LF_ITALIC, th->body_size, th->primary);
	lay_style qs = pdf_style(d, LF_BOLD, th->body_size, th->text);
	lay_style num = pdf_style(d, LF_BOLD, th->body_size, th->accent);
	lay_style help = pdf_style(d, LF_ITALIC, th->body_size - 1, th->muted);
	char text[512];
	size_t i;

	pdf_flow_page_break(d);
	pdf_flow_anchor(d, anchor);
	pdf_outline_add(d, 1, f->title, anchor);
	snprintf(text, sizeof(text), "AXE %zu " DASH " %s", f->axis + 1,
		 g->axes[f->axis].title);
	pdf_flow_text(d, &label, text, 0, d->text_w, LA_LEFT, 0, 1);
	pdf_flow_heading(d, f->title, 17, th->primary, 4);
	d->src_file = f->path;
	d->src_line = 1;
	pdf_flow_text(d, &summary, f->summary, 0, d->text_w, LA_JUSTIFY, 4, 0);
	for (i = 0; i < f->nquestions; i++) {
		const question *q = &f->questions[i];
		lay_para *p = lay_para_new();

		d->src_line = q->line;
		snprintf(text, sizeof(text), "Q%zu. ", i + 1);
		lay_para_add(p, &num, text);
		lay_para_add(p, &qs, q->text);
		pdf_flow_para(d, p, 0, d->text_w, LA_LEFT, 14, 1);
		lay_para_free(p);
		if (q->help)
			pdf_flow_text(d, &help, q->help, 0, d->text_w, LA_JUSTIFY, 2, 1);
		if (g->nscale <= 6)
			pdf_question_grid(d, q, -1, 1);
		else
			pdf_question_list(d, q, -1, 1);
		answer_extras(d);
	}
}

int pdf_questionnaire(const build_ctx *ctx, const pdf_theme *th, const hyph *h,
		      const char *path)
{
	const guide *g = ctx->g;
	pdf_doc d;
	int st, anchor;
	size_t a, i;

	st = pdf_doc_init(&d, ctx, th, h);
	if (st) {
		pdf_doc_release(&d);
		return st;
	}
	d.shared = 1;
	d.cover = 1;
	cover(&d);
	for (a = 0; a < g->naxes; a++) {
		int first = 1;
		for (i = 0; i < g->nfiches; i++) {
			if (g->fiches[i].axis != a || !g->fiches[i].nquestions)
				continue;
			anchor = pdf_anchor_new(&d);
			if (first) {
				/* the axis bookmark lands on its first fiche */
				pdf_outline_add(&d, 0, g->axes[a].title, anchor);
				first = 0;
			}
			pdf_flow_section(&d, g->axes[a].title);
			fiche_questions(&d, i, anchor);
		}
	}
	st = pdf_doc_save(&d, path, "Questionnaire d’autodiagnostic");
	pdf_doc_release(&d);
	return st;
}
