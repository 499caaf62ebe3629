/* pdf_report.c: one personalised report, pdf/rapports/<slug>.pdf: cover,
 * one-page summary with a radar chart, results of every axis and fiche,
 * the action plan (priority measures, review date, adopted roadmap and its
 * progress, next steps by horizon), the divergences of a collective
 * diagnostic, points to check, history (pdf_history.c), peers, the place
 * among all authorities, notes and evidence, the weakest fiches in full,
 * then the later steps as an appendix. */
#include "pdf_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define DASH "\xE2\x80\x94"
#define REPORT_FULL_FICHES 3

typedef struct report {
	pdf_doc *d;
	const guide *g;
	const answers *a;
	const result *r;
	size_t idx;
	const observatory *obs;	/* every authority's latest scores */
	int *fiche_anchor;	/* the fiche's row in the results table */
	int *full_anchor;	/* its full text, or -1 when not included */
} report;

static const char *kind_label(kind k)
{
	switch (k) {
	case KIND_COMMUNE:
		return "Commune";
	case KIND_INTERCOMMUNALITE:
		return "Intercommunalité";
	case KIND_DEPARTEMENT:
		return "Département";
	case KIND_REGION:
		return "Région";
	default:
		return "Collectivité";
	}
}

/* A number with a decimal comma and at most one decimal. */
static void fr_num(buf *b, double v)
{
	char tmp[64], *dot;

	snprintf(tmp, sizeof(tmp), "%.1f", v);
	if (strlen(tmp) > 2 && strcmp(tmp + strlen(tmp) - 2, ".0") == 0)
		tmp[strlen(tmp) - 2] = '\0';
	dot = strchr(tmp, '.');
	if (dot)
		*dot = ',';
	buf_adds(b, tmp);
}

/* 19405 as "19 405" (narrow no-break spaces). */
static void fr_int(buf *b, long v)
{
	char tmp[32];
	size_t n, i;

	snprintf(tmp, sizeof(tmp), "%ld", v < 0 ? -v : v);
	n = strlen(tmp);
	if (v < 0)
		buf_addc(b, '-');
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			BUF_LIT(b, NNBSP);
		buf_addc(b, tmp[i]);
	}
}

/* "2,4 / 4 · niveau 2 « Structuration »" or "non évalué". */
static void score_words(const report *rp, buf *b, score s)
{
	int lv = score_level(s);

	if (score_is_null(s)) {
		BUF_LIT(b, "non évalué");
		return;
	}
	fr_num(b, score_tenth(s.score));
	buf_printf(b, " / %d " DASH " niveau %d", guide_max_level(rp->g), lv);
	if (lv >= 0 && (size_t)lv < rp->g->nscale)
		buf_printf(b, " «" NBSP "%s" NBSP "»", rp->g->scale[lv].label);
}

static unsigned level_color(const report *rp, double percent)
{
	const pdf_theme *th = rp->d->th;

	if (percent < 100.0 / 3)
		return th->levels[0];
	return percent < 200.0 / 3 ? th->levels[1] : th->levels[2];
}

/* ---- cover ---- */

static void report_cover(report *rp)
{
	pdf_doc *d = rp->d;
	const answers *a = rp->a;
	const pdf_theme *th = d->th;
	lay_style small = pdf_style(d, LF_BOLD, 12, 0xFFFFFF);
	lay_style big = pdf_style(d, LF_BOLD, 28, 0xFFFFFF);
	lay_style meta = pdf_style(d, LF_REGULAR, 11.5, th->text);
	lay_box tmp;
	buf t = BUF_INIT;
	char date[64];
	double h;

	lay_box_init(&tmp);
	h = 28 + pdf_box_text(d, &tmp, &small, "Rapport d’autodiagnostic", 20, 28,
			      d->text_w - 40, LA_LEFT);
	h += 8 + pdf_box_text(d, &tmp, &big, a->territory, 20, h + 8, d->text_w - 40,
			      LA_LEFT);
	h += 28;
	pdf_cover_band(d, &tmp, h, 110);
	buf_printf(&t, "%s", kind_label(a->kind));
	if (a->code)
		buf_printf(&t, " (code INSEE %s)", a->code);
	if (a->population >= 0) {
		BUF_LIT(&t, " " DASH " ");
		fr_int(&t, a->population);
		BUF_LIT(&t, " habitants");
	}
	pdf_flow_text(d, &meta, t.ptr, 20, d->text_w - 40, LA_LEFT, 24, 0);
	pdf_french_date(a->date, date, sizeof(date));
	buf_reset(&t);
	buf_printf(&t, "Diagnostic du %s", date);
	pdf_flow_text(d, &meta, t.ptr, 20, d->text_w - 40, LA_LEFT, 6, 0);
	if (a->respondent) {
		buf_reset(&t);
		buf_printf(&t, "Répondant" NBSP ": %s", a->respondent);
		pdf_flow_text(d, &meta, t.ptr, 20, d->text_w - 40, LA_LEFT, 6, 0);
	}
	buf_reset(&t);
	buf_printf(&t, "Guide" NBSP ": %s, version %s", rp->g->title,
		   a->version ? a->version : rp->g->version);
	if (a->version && rp->g->version && strcmp(a->version, rp->g->version))
		buf_printf(&t, " (guide actuel" NBSP ": %s)", rp->g->version);
	pdf_flow_text(d, &meta, t.ptr, 20, d->text_w - 40, LA_LEFT, 6, 0);
	buf_release(&t);
}

/* ---- summary ---- */

static void poly_point(double cx, double cy, double rad, size_t i, size_t n,
		       double *x, double *y)
{
	double ang = -M_PI / 2 + 2 * M_PI * (double)i / (double)n;

	*x = cx + rad * cos(ang);
	*y = cy + rad * sin(ang);
}

static lay_op *poly(lay_box *b, size_t n, unsigned fill, unsigned stroke, double lw)
{
	lay_op *op = lay_box_op(b, OP_POLY);

	op->pts = xcalloc(2 * n, sizeof(double));
	op->npts = n;
	op->fill = fill;
	op->color = stroke;
	op->line_width = lw;
	return op;
}

/* The radar chart of the axes: rings per level, scores, targets. */
static void radar(report *rp)
{
	pdf_doc *d = rp->d;
	const pdf_theme *th = d->th;
	size_t n = rp->g->naxes, i, lv;
	int max = guide_max_level(rp->g);
	double R = 95, cx = 125, cy = 120, x, y;
	lay_style lab = pdf_style(d, LF_BOLD, 9, th->primary);
	lay_style leg = pdf_style(d, LF_REGULAR, 8.5, th->text);
	lay_box *b;
	lay_op *op;
	char num[32];
	buf t = BUF_INIT;
	double ly = 30, h;

	if (n < 3 || max < 1)
		return;
	b = lay_doc_add(&d->lay, 250);
	b->space_before = 10;
	for (lv = 1; lv <= (size_t)max; lv++) {
		op = poly(b, n, LAY_NONE, th->rule, 0.5);
		for (i = 0; i < n; i++)
			poly_point(cx, cy, R * (double)lv / max, i, n, &op->pts[2 * i],
				   &op->pts[2 * i + 1]);
	}
	for (i = 0; i < n; i++) {
		poly_point(cx, cy, R, i, n, &x, &y);
		lay_box_line(b, cx, cy, x, y, th->rule, 0.5);
		poly_point(cx, cy, R + 12, i, n, &x, &y);
		snprintf(num, sizeof(num), "%zu", i + 1);
		lay_box_text(b, &lab, x - 3, y + 3, num);
	}
	op = poly(b, n, th->light, th->primary, 1.5);
	for (i = 0; i < n; i++) {
		double s = score_is_null(rp->r->axes[i]) ? 0 : rp->r->axes[i].score;
		poly_point(cx, cy, R * s / max, i, n, &op->pts[2 * i], &op->pts[2 * i + 1]);
	}
	for (i = 0; i < n; i++) {
		int tg = rp->a->targets ? rp->a->targets[i] : -1;
		if (tg < 0)
			continue;
		poly_point(cx, cy, R * tg / max, i, n, &x, &y);
		lay_box_rect(b, x - 3, y - 3, 6, 6, th->accent, LAY_NONE, 0);
	}
	/* The legend: axis numbers, names and scores. */
	for (i = 0; i < n; i++) {
		lay_box tmp;
		lay_style st = leg;
		lay_box_init(&tmp);
		buf_reset(&t);
		buf_printf(&t, "%zu. %s" NBSP ": ", i + 1, rp->g->axes[i].title);
		if (score_is_null(rp->r->axes[i]))
			BUF_LIT(&t, "non évalué");
		else
			fr_num(&t, score_tenth(rp->r->axes[i].score));
		if (rp->a->targets && rp->a->targets[i] >= 0)
			buf_printf(&t, " (cible %d)", rp->a->targets[i]);
		h = pdf_box_text(d, &tmp, &st, t.ptr, 0, 0, d->text_w - 260, LA_LEFT);
		lay_box_merge(b, &tmp, 260, ly);
		ly += h + 3;
	}
	lay_box_rect(b, 260, ly + 6, 6, 6, th->accent, LAY_NONE, 0);
	lay_box_text(b, &leg, 272, ly + 12, "cible de la collectivité");
	buf_release(&t);
}

static int cmp_score(const report *rp, size_t x, size_t y)
{
	double a = rp->r->fiches[x].score, b = rp->r->fiches[y].score;

	if (a != b)
		return a < b ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Indices of fiches with a score, sorted from the weakest. */
static size_t scored_fiches(const report *rp, size_t *idx)
{
	size_t n = 0, i, k;

	for (i = 0; i < rp->g->nfiches; i++) {
		if (score_is_null(rp->r->fiches[i]))
			continue;
		for (k = n; k > 0 && cmp_score(rp, idx[k - 1], i) > 0; k--)
			idx[k] = idx[k - 1];
		idx[k] = i;
		n++;
	}
	return n;
}

static void fiche_line(report *rp, size_t fi)
{
	pdf_doc *d = rp->d;
	lay_style st = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style link = pdf_style(d, LF_BOLD, d->th->body_size, d->th->primary);
	lay_para *p = lay_para_new();
	buf t = BUF_INIT;
	long first;

	link.dest = rp->full_anchor[fi] >= 0 ? rp->full_anchor[fi] : rp->fiche_anchor[fi];
	lay_para_add(p, &link, rp->g->fiches[fi].title);
	BUF_LIT(&t, " " DASH " ");
	score_words(rp, &t, rp->r->fiches[fi]);
	lay_para_add(p, &st, t.ptr);
	first = pdf_flow_para(d, p, 14, d->text_w - 14, LA_LEFT, 3, 0);
	if (first >= 0)
		lay_box_text(&d->lay.boxes[first], &link, 4,
			     d->lay.boxes[first].ops[0].y, "\xE2\x80\xA2");
	lay_para_free(p);
	buf_release(&t);
}

/* Opens a part of the report on a new page: running header, bookmark and
 * title. */
static void report_part(report *rp, const char *title, double size)
{
	pdf_doc *d = rp->d;
	int anchor = pdf_anchor_new(d);

	pdf_flow_page_break(d);
	pdf_flow_section(d, title);
	pdf_flow_anchor(d, anchor);
	pdf_outline_add(d, 0, title, anchor);
	pdf_flow_heading(d, title, size, d->th->primary, 0);
}

static void report_summary(report *rp)
{
	pdf_doc *d = rp->d;
	const pdf_theme *th = d->th;
	lay_style big = pdf_style(d, LF_BOLD, 13, th->primary);
	lay_style body = pdf_style(d, LF_REGULAR, th->body_size + 0.5, th->text);
	size_t *idx = xmalloc((rp->g->nfiches + 1) * sizeof(size_t)), n, i;
	score o = rp->r->overall;
	double c = score_completeness(o);
	buf t = BUF_INIT;

	report_part(rp, "Synthèse", 20);
	BUF_LIT(&t, "Niveau global" NBSP ": ");
	score_words(rp, &t, o);
	if (!score_is_null(o)) {
		BUF_LIT(&t, " (");
		fr_num(&t, score_percent(rp->g, o));
		BUF_LIT(&t, NNBSP "% du niveau maximal)");
	}
	pdf_flow_text(d, &big, t.ptr, 0, d->text_w, LA_LEFT, 10, 0);
	buf_reset(&t);
	if (isnan(c)) {
		BUF_LIT(&t, "Complétude" NBSP ": aucune question applicable.");
	} else {
		BUF_LIT(&t, "Complétude" NBSP ": ");
		fr_num(&t, 100 * c);
		buf_printf(&t, NNBSP "%% des questions applicables ont reçu une réponse "
			   "(%d sur %d).", o.answered, o.applicable);
	}
	pdf_flow_text(d, &body, t.ptr, 0, d->text_w, LA_LEFT, 4, 0);
	radar(rp);
	n = scored_fiches(rp, idx);
	if (n) {
		pdf_flow_heading(d, "Points forts", 13, th->primary, 12);
		for (i = 0; i < n && i < 3; i++)
			fiche_line(rp, idx[n - 1 - i]);
		pdf_flow_heading(d, "Points faibles", 13, th->primary, 12);
		for (i = 0; i < n && i < 3; i++)
			fiche_line(rp, idx[i]);
	}
	free(idx);
	buf_release(&t);
}

/* ---- results table ---- */

/* A row: label, a level bar and the score in words. */
static void result_row(report *rp, const char *label, score s, int bold, int anchor)
{
	pdf_doc *d = rp->d;
	const pdf_theme *th = d->th;
	lay_style st = pdf_style(d, bold ? LF_BOLD : LF_REGULAR,
				 bold ? th->body_size : th->body_size - 0.5,
				 bold ? th->primary : th->text);
	lay_style sm = pdf_style(d, LF_REGULAR, 8, th->muted);
	double lw = d->text_w * 0.5, bx = lw + 10, bw = d->text_w - bx - 90;
	double h, pc = score_percent(rp->g, s);
	lay_box tmp, *b;
	buf t = BUF_INIT;

	lay_box_init(&tmp);
	h = pdf_box_text(d, &tmp, &st, label, bold ? 0 : 10, 0, lw - (bold ? 0 : 10),
			 LA_LEFT);
	b = lay_doc_add(&d->lay, h + 2);
	b->space_before = bold ? 10 : 1;
	b->keep_with_next = bold;
	if (anchor >= 0) {
		lay_op *op = lay_box_op(b, OP_ANCHOR);
		op->dest = anchor;
	}
	lay_box_merge(b, &tmp, 0, 0);
	lay_box_rect(b, bx, 3, bw, 7, th->light, LAY_NONE, 0);
	if (!isnan(pc))
		lay_box_rect(b, bx, 3, bw * pc / 100, 7, level_color(rp, pc), LAY_NONE, 0);
	if (score_is_null(s)) {
		BUF_LIT(&t, "non évalué");
	} else {
		fr_num(&t, score_tenth(s.score));
		buf_printf(&t, " / %d", guide_max_level(rp->g));
		if (!isnan(score_completeness(s)) && score_completeness(s) < 1) {
			BUF_LIT(&t, " (");
			fr_num(&t, 100 * score_completeness(s));
			BUF_LIT(&t, NNBSP "%)");
		}
	}
	lay_box_text(b, &sm, bx + bw + 8, 9.5, t.ptr);
	buf_release(&t);
}

static void report_results(report *rp)
{
	pdf_doc *d = rp->d;
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	size_t a, f;

	report_part(rp, "Résultats par axe et par fiche", 18);
	pdf_flow_text(d, &note, "Score moyen sur l’échelle de maturité ; entre "
		      "parenthèses, la part des questions applicables renseignées "
		      "quand elle n’est pas complète.", 0, d->text_w, LA_LEFT, 4, 0);
	for (a = 0; a < rp->g->naxes; a++) {
		buf t = BUF_INIT;
		buf_printf(&t, "%zu. %s", a + 1, rp->g->axes[a].title);
		result_row(rp, t.ptr, rp->r->axes[a], 1, -1);
		buf_release(&t);
		for (f = 0; f < rp->g->nfiches; f++)
			if (rp->g->fiches[f].axis == a)
				result_row(rp, rp->g->fiches[f].title, rp->r->fiches[f], 0,
					   rp->fiche_anchor[f]);
	}
}

/* ---- action plan ---- */

static const char *status_words(plan_status st, int plural)
{
	static const char *const one[] = { "prévue", "en cours", "faite", "abandonnée" };
	static const char *const many[] = { "prévues", "en cours", "faites", "abandonnées" };
	return plural ? many[st] : one[st];
}

/* " · porteur : DGS, DSI · effort faible · en cours" after an action. */
static void action_meta(const report *rp, buf *t, const ranked_rec *rr)
{
	const recommendation *rec = &rp->g->fiches[rr->fiche].recs[rr->rec];
	size_t k;

	for (k = 0; k < rec->nporteur; k++)
		buf_printf(t, "%s%s", k ? ", " : ", porteur" NBSP ": ", rec->porteur[k]);
	if (rec->effort != EFFORT_NONE)
		buf_printf(t, ", effort %s", effort_name(rec->effort));
	if (rr->adopted >= 0)
		buf_printf(t, ", adoptée" NBSP ": %s",
			   status_words(rp->a->plan[rr->adopted].status, 0));
}

/* One numbered action: text, then its fiche (linked), priority, porteur,
 * effort and adopted status; a priority measure (measure 1) is marked, and
 * a later step (measure -1) goes without porteur, effort and status. */
static void action(report *rp, const ranked_rec *rr, size_t n, int measure)
{
	pdf_doc *d = rp->d;
	const fiche *f = &rp->g->fiches[rr->fiche];
	const recommendation *rec = &f->recs[rr->rec];
	lay_style num = pdf_style(d, LF_BOLD, d->th->body_size, d->th->accent);
	lay_style tx = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style link = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->primary);
	lay_para *p = lay_para_new();
	buf t = BUF_INIT;

	buf_printf(&t, "%zu. ", n);
	lay_para_add(p, &num, t.ptr);
	if (measure > 0)
		lay_para_add(p, &num, "Mesure prioritaire" NBSP ": ");
	lay_para_add(p, &tx, rec->text);
	lay_para_add(p, &tx, " ");
	link.dest = rp->full_anchor[rr->fiche] >= 0 ? rp->full_anchor[rr->fiche]
						    : rp->fiche_anchor[rr->fiche];
	buf_reset(&t);
	buf_printf(&t, "(fiche «" NBSP "%s" NBSP "», priorité ", f->title);
	fr_num(&t, rr->priority);
	if (measure >= 0)
		action_meta(rp, &t, rr);
	BUF_LIT(&t, ")");
	lay_para_add(p, &link, t.ptr);
	pdf_flow_para(d, p, 0, d->text_w, LA_LEFT, 5, 0);
	lay_para_free(p);
	buf_release(&t);
}

/* The priority measures, with the review date. */
static void plan_measures(report *rp)
{
	pdf_doc *d = rp->d;
	const result *r = rp->r;
	lay_style body = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	char date[64];
	buf t = BUF_INIT;
	size_t i;

	pdf_french_date(r->review, date, sizeof(date));
	buf_printf(&t, "Prochain point d’étape" NBSP ": %s (%d" NBSP "mois après ce "
		   "diagnostic), pour mesurer l’avancement et ajuster le plan.", date,
		   rp->g->review_months);
	pdf_flow_text(d, &body, t.ptr, 0, d->text_w, LA_LEFT, 6, 0);
	buf_reset(&t);
	if (r->nmeasures > 1)
		buf_printf(&t, "Les %zu mesures prioritaires", r->nmeasures);
	else
		BUF_LIT(&t, "La mesure prioritaire");
	pdf_flow_heading(d, t.ptr, 14, d->th->primary, 14);
	buf_reset(&t);
	buf_printf(&t, "Ce qu’il faut engager dans les %d" NBSP "prochains mois, sur autant de "
		   "fiches différentes" NBSP ": la prochaine étape la plus prioritaire de "
		   "chaque fiche, dans l’ordre du plan.", rp->g->review_months);
	if (!rp->a->nplan)
		BUF_LIT(&t, " Aucun plan n’a encore été adopté" NBSP ": ces mesures sont "
			    "proposées comme point de départ, à discuter, retenir ou remplacer.");
	pdf_flow_text(d, &body, t.ptr, 0, d->text_w, LA_LEFT, 4, 0);
	for (i = 0; i < r->nmeasures; i++)
		action(rp, &r->recs[r->measures[i]], i + 1, 0);
	buf_release(&t);
}

/* A bullet line: text (its fiche linked when known) and details. */
static void adopted_line(report *rp, const plan_entry *e, const char *extra)
{
	pdf_doc *d = rp->d;
	lay_style tx = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style link = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->primary);
	lay_para *p = lay_para_new();
	buf t = BUF_INIT;
	char date[64];

	lay_para_add(p, &tx, "\xE2\x80\xA2 ");
	lay_para_add(p, &tx, e->fiche >= 0 ? rp->g->fiches[e->fiche].recs[e->rec].text
					   : e->action);
	buf_printf(&t, " " DASH " %s", status_words(e->status, 0));
	if (e->porteur)
		buf_printf(&t, ", porteur" NBSP ": %s", e->porteur);
	if (e->echeance) {
		pdf_french_date(e->echeance, date, sizeof(date));
		buf_printf(&t, ", échéance" NBSP ": %s", date);
	}
	if (extra)
		buf_adds(&t, extra);
	lay_para_add(p, &tx, t.ptr);
	if (e->fiche >= 0) {
		buf_reset(&t);
		buf_printf(&t, " (fiche «" NBSP "%s" NBSP "»)", rp->g->fiches[e->fiche].title);
		link.dest = rp->full_anchor[e->fiche] >= 0 ? rp->full_anchor[e->fiche]
							   : rp->fiche_anchor[e->fiche];
		lay_para_add(p, &link, t.ptr);
	}
	pdf_flow_para(d, p, 10, d->text_w - 10, LA_LEFT, 3, 0);
	lay_para_free(p);
	buf_release(&t);
}

/* A bar of the adopted actions per status. */
static void progress_bar(report *rp)
{
	pdf_doc *d = rp->d;
	static const unsigned colors[] = { 0x9FB2DE, 0xC99A06, 0x0F5132, 0xB8B8B8 };
	lay_box *b = lay_doc_add(&d->lay, 12);
	double x = 0, w = d->text_w * 0.6;
	size_t k;

	b->space_before = 4;
	lay_box_rect(b, 0, 2, w, 8, d->th->light, LAY_NONE, 0);
	for (k = 0; k < NSTATUS; k++) {
		double part = w * (double)rp->r->status_count[k] / (double)rp->a->nplan;
		if (part > 0)
			lay_box_rect(b, x, 2, part, 8, colors[k], LAY_NONE, 0);
		x += part;
	}
}

/* The adopted plan as the authority's roadmap, with its follow-up. */
static void plan_roadmap(report *rp)
{
	pdf_doc *d = rp->d;
	const answers *a = rp->a;
	const result *r = rp->r;
	lay_style body = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	plan_followup pf;
	buf t = BUF_INIT;
	char date[64];
	size_t i, k, shown = 0, kinds = 0;

	plan_followup_compute(rp->g, d->ctx->set, r, rp->idx, &pf);
	if (!a->nplan && !(pf.prev >= 0 && pf.nstale_prev)) {
		plan_followup_release(&pf);
		return;
	}
	pdf_flow_heading(d, "La feuille de route adoptée", 14, d->th->primary, 16);
	if (a->nplan) {
		buf_printf(&t, "La collectivité a retenu %zu action%s. Avancement" NBSP ": ", a->nplan,
			   a->nplan > 1 ? "s" : "");
		for (k = 0; k < NSTATUS; k++)
			kinds += r->status_count[k] > 0;
		for (k = 0; k < NSTATUS; k++) {
			if (!r->status_count[k])
				continue;
			if (shown)
				buf_adds(&t, shown + 1 == kinds ? " et " : ", ");
			buf_printf(&t, "%zu %s", r->status_count[k],
				   status_words((plan_status)k, r->status_count[k] > 1));
			shown++;
		}
		BUF_LIT(&t, " (");
		fr_num(&t, 100.0 * (double)r->status_count[STATUS_FAITE] / (double)a->nplan);
		BUF_LIT(&t, NNBSP "% des actions faites).");
		pdf_flow_text(d, &body, t.ptr, 0, d->text_w, LA_LEFT, 4, 0);
		progress_bar(rp);
		for (i = 0; i < a->nplan; i++)
			adopted_line(rp, &a->plan[i], r->plan_applicable[i] ? NULL :
				     " (ne s’applique plus" NBSP ": le niveau a progressé)");
	}
	if (pf.prev >= 0) {
		const answers *prev = d->ctx->set->items[pf.prev];
		pdf_french_date(prev->date, date, sizeof(date));
		buf_reset(&t);
		buf_printf(&t, "Depuis le diagnostic du %s", date);
		pdf_flow_heading(d, t.ptr, 12, d->th->primary, 10);
		pdf_flow_text(d, &body, pf.ndone ? "Actions menées à bien depuis" NBSP ":"
						  : "Aucune action adoptée n’a été achevée depuis.",
			      0, d->text_w, LA_LEFT, 4, 0);
		for (i = 0; i < pf.ndone; i++)
			adopted_line(rp, &a->plan[pf.done[i]], NULL);
		if (pf.nstale_prev)
			pdf_flow_text(d, &body, "Actions adoptées alors qui ne s’appliquent plus, "
				      "le niveau ayant progressé" NBSP ":", 0, d->text_w, LA_LEFT, 6, 0);
		for (i = 0; i < pf.nstale_prev; i++)
			adopted_line(rp, &prev->plan[pf.stale_prev[i]], NULL);
	}
	plan_followup_release(&pf);
	buf_release(&t);
}

static void report_plan(report *rp)
{
	pdf_doc *d = rp->d;
	const result *r = rp->r;
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	unsigned char *measure = xcalloc(r->nrecs ? r->nrecs : 1, 1);
	size_t i, n = 0;
	int h;

	report_part(rp, "Plan d’actions", 18);
	if (!r->nrecs) {
		pdf_flow_text(d, &note, "Aucune recommandation ne s’applique aux réponses "
			      "données.", 0, d->text_w, LA_LEFT, 6, 0);
		plan_roadmap(rp);
		free(measure);
		return;
	}
	for (i = 0; i < r->nmeasures; i++)
		measure[r->measures[i]] = 1;
	plan_measures(rp);
	plan_roadmap(rp);
	pdf_flow_heading(d, "Le plan des prochaines étapes, par horizon", 14, d->th->primary, 18);
	pdf_flow_text(d, &note, "Pour chaque question, la prochaine étape à franchir, classée "
		      "par priorité (poids de la fiche × écart entre la cible et le niveau "
		      "atteint). Les étapes ultérieures sont en annexe.", 0, d->text_w,
		      LA_LEFT, 4, 0);
	for (h = HORIZON_COURT; h <= HORIZON_LONG; h++) {
		int any = 0;
		for (i = 0; i < r->nrecs; i++) {
			const ranked_rec *rr = &r->recs[i];
			if (rr->horizon != (horizon)h)
				continue;
			if (!any)
				pdf_flow_heading(d, pdf_horizon_label((horizon)h), 13,
						 d->th->primary, 12);
			any = 1;
			action(rp, rr, ++n, measure[i]);
		}
	}
	free(measure);
}

/* The later steps, as an appendix. */
static void report_later(report *rp)
{
	pdf_doc *d = rp->d;
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	size_t i;

	if (!rp->r->nlater)
		return;
	report_part(rp, "Annexe" NBSP ": étapes ultérieures", 18);
	pdf_flow_text(d, &note, "Ces recommandations viendront une fois franchie la prochaine "
		      "étape de leur question" NNBSP "; elles ne sont pas classées avec le plan.",
		      0, d->text_w, LA_LEFT, 4, 0);
	for (i = 0; i < rp->r->nlater; i++)
		action(rp, &rp->r->later[i], i + 1, -1);
}

/* ---- collective diagnostic ---- */

static void level_text(const report *rp, buf *t, int level)
{
	if (level == LEVEL_NA)
		BUF_LIT(t, "non applicable");
	else if (level < 0)
		BUF_LIT(t, "ne sait pas");
	else
		buf_printf(t, "%d " DASH " %s", level, rp->g->scale[level].label);
}

static void divergence_item(report *rp, const divergence *dv, size_t n)
{
	pdf_doc *d = rp->d;
	const fiche *f = &rp->g->fiches[dv->fiche];
	const answer *an = &rp->a->fiche_answers[dv->fiche][dv->question];
	lay_style num = pdf_style(d, LF_BOLD, d->th->body_size, d->th->accent);
	lay_style tx = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style link = pdf_style(d, LF_BOLD, d->th->body_size, d->th->primary);
	lay_para *p = lay_para_new();
	buf t = BUF_INIT;
	size_t k;

	buf_printf(&t, "%zu. ", n);
	lay_para_add(p, &num, t.ptr);
	link.dest = rp->full_anchor[dv->fiche] >= 0 ? rp->full_anchor[dv->fiche]
						    : rp->fiche_anchor[dv->fiche];
	lay_para_add(p, &link, f->title);
	buf_reset(&t);
	buf_printf(&t, NBSP ": %s", f->questions[dv->question].text);
	lay_para_add(p, &tx, t.ptr);
	pdf_flow_para(d, p, 0, d->text_w, LA_LEFT, 8, 1);
	lay_para_free(p);
	for (k = 0; k < an->nviews; k++) {
		const respondent *who = &rp->a->respondents[an->views[k].respondent];
		buf_reset(&t);
		buf_printf(&t, "\xE2\x80\xA2 %s", who->name);
		if (who->role >= 0)
			buf_printf(&t, " (%s)", rp->g->roles[who->role].label);
		BUF_LIT(&t, NBSP ": ");
		level_text(rp, &t, an->views[k].level);
		pdf_flow_text(d, &tx, t.ptr, 14, d->text_w - 14, LA_LEFT, 1, 0);
	}
	buf_reset(&t);
	buf_printf(&t, "Écart" NBSP ": %d " DASH " ", dv->spread);
	buf_adds(&t, an->agreed ? "niveau convenu" NBSP ": "
			       : "pas de niveau convenu" NNBSP "; niveau retenu (médiane basse "
				 "des avis)" NBSP ": ");
	level_text(rp, &t, an->level);
	pdf_flow_text(d, &tx, t.ptr, 14, d->text_w - 14, LA_LEFT, 2, 0);
	buf_release(&t);
}

/* Per axis, the score of the file and the score of each role present. */
static void role_scores(report *rp)
{
	pdf_doc *d = rp->d;
	const result *r = rp->r;
	lay_style tx = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	buf t = BUF_INIT;
	size_t ax, j;
	int any = 0;

	for (j = 0; j < rp->g->nroles; j++)
		any |= r->role_present[j];
	if (!any)
		return;
	pdf_flow_heading(d, "Scores par axe selon chaque rôle", 13, d->th->primary, 14);
	for (ax = 0; ax <= rp->g->naxes; ax++) {
		score all = ax < rp->g->naxes ? r->axes[ax] : r->overall;
		buf_reset(&t);
		buf_printf(&t, "%s" NBSP ": retenu ", ax < rp->g->naxes ? rp->g->axes[ax].title
								   : "Ensemble du guide");
		if (score_is_null(all))
			BUF_LIT(&t, DASH);
		else
			fr_num(&t, all.score);
		for (j = 0; j < rp->g->nroles; j++) {
			score sc = ax < rp->g->naxes ? r->role_axes[j * rp->g->naxes + ax]
						     : r->role_overall[j];
			if (!r->role_present[j])
				continue;
			buf_printf(&t, ", %s ", rp->g->roles[j].label);
			if (score_is_null(sc))
				BUF_LIT(&t, DASH);
			else
				fr_num(&t, sc.score);
		}
		pdf_flow_text(d, &tx, t.ptr, 0, d->text_w, LA_LEFT, 3, 0);
	}
	buf_release(&t);
}

/* The divergences of a collective diagnostic; nothing for one respondent. */
static void report_divergences(report *rp)
{
	pdf_doc *d = rp->d;
	const result *r = rp->r;
	lay_style body = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style guide = pdf_style(d, LF_ITALIC, d->th->body_size, d->th->text);
	buf t = BUF_INIT;
	size_t i;

	if (!r->nviews)
		return;
	report_part(rp, "Points de divergence", 18);
	BUF_LIT(&t, "Ce diagnostic réunit les avis de ");
	for (i = 0; i < rp->a->nrespondents; i++) {
		const respondent *who = &rp->a->respondents[i];
		if (i)
			buf_adds(&t, i + 1 == rp->a->nrespondents ? " et " : ", ");
		buf_adds(&t, who->name);
		if (who->role >= 0)
			buf_printf(&t, " (%s)", rp->g->roles[who->role].label);
	}
	buf_printf(&t, " sur %zu questions. Une divergence est un écart d’au moins %d" NBSP
		   "niveaux entre l’avis le plus haut et le plus bas.", r->nviews,
		   rp->g->divergence);
	pdf_flow_text(d, &body, t.ptr, 0, d->text_w, LA_LEFT, 6, 0);
	pdf_flow_text(d, &guide, "Comment lire cette partie" NBSP ": commencer l’atelier par les "
		      "écarts les plus grands. Un écart dit souvent qu’un service n’est pas "
		      "associé ou informé de la même façon que les autres" NBSP ": chacun "
		      "explique son niveau, puis le groupe s’accorde sur un niveau commun, à "
		      "inscrire dans les réponses.", 0, d->text_w, LA_LEFT, 6, 0);
	if (!r->ndivs) {
		buf_reset(&t);
		buf_printf(&t, "Aucune question ne montre un écart d’au moins %d" NBSP "niveaux.",
			   rp->g->divergence);
		pdf_flow_text(d, &body, t.ptr, 0, d->text_w, LA_LEFT, 6, 0);
	}
	for (i = 0; i < r->ndivs; i++)
		divergence_item(rp, &r->divs[i], i + 1);
	role_scores(rp);
	buf_release(&t);
}

/* ---- points to check, history, peers ---- */

static void report_nsp(report *rp)
{
	pdf_doc *d = rp->d;
	lay_style fs = pdf_style(d, LF_BOLD, d->th->body_size, d->th->primary);
	lay_style qs = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	size_t f, q;
	int any = 0;

	for (f = 0; f < rp->g->nfiches; f++) {
		const fiche *fi = &rp->g->fiches[f];
		int shown = 0;
		for (q = 0; q < fi->nquestions; q++) {
			if (rp->a->fiche_answers[f][q].level != LEVEL_NSP)
				continue;
			if (!any)
				pdf_flow_heading(d, "Points à vérifier", 16, d->th->primary, 20);
			if (!shown)
				pdf_flow_text(d, &fs, fi->title, 0, d->text_w, LA_LEFT, 6, 1);
			any = shown = 1;
			pdf_flow_text(d, &qs, fi->questions[q].text, 14, d->text_w - 14,
				      LA_LEFT, 2, 0);
		}
	}
}

static void report_peers(report *rp)
{
	pdf_doc *d = rp->d;
	lay_style st = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	const peers *p = &d->ctx->peers[rp->idx];
	size_t a;
	buf t = BUF_INIT;

	if (p->axes) {
		pdf_flow_heading(d, "Comparaison avec des collectivités comparables", 16,
				 d->th->primary, 20);
		buf_printf(&t, "%zu collectivités du même type et de la même tranche de "
			   "population. Pour chaque axe" NBSP ": votre score, puis le "
			   "premier quartile, la médiane et le troisième quartile.", p->count);
		pdf_flow_text(d, &note, t.ptr, 0, d->text_w, LA_LEFT, 4, 0);
		for (a = 0; a < rp->g->naxes; a++) {
			const peer_axis *pa = &p->axes[a];
			buf_reset(&t);
			buf_printf(&t, "%s" NBSP ": ", rp->g->axes[a].title);
			if (score_is_null(rp->r->axes[a]))
				BUF_LIT(&t, "non évalué");
			else
				fr_num(&t, score_tenth(rp->r->axes[a].score));
			if (isnan(pa->median)) {
				BUF_LIT(&t, " " DASH " pas de données comparables");
			} else {
				BUF_LIT(&t, " " DASH " Q1 ");
				fr_num(&t, pa->q1);
				BUF_LIT(&t, ", médiane ");
				fr_num(&t, pa->median);
				BUF_LIT(&t, ", Q3 ");
				fr_num(&t, pa->q3);
			}
			pdf_flow_text(d, &st, t.ptr, 14, d->text_w - 14, LA_LEFT, 2, 0);
		}
	}
	buf_release(&t);
}

/* ---- notes and evidence ---- */

static void fiche_notes(report *rp, size_t f, int *any)
{
	pdf_doc *d = rp->d;
	const fiche *fi = &rp->g->fiches[f];
	const answer *ans = rp->a->fiche_answers[f];
	lay_style fs = pdf_style(d, LF_BOLD, d->th->body_size + 0.5, d->th->primary);
	lay_style st = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style qs = pdf_style(d, LF_BOLD, d->th->body_size, d->th->text);
	lay_style link = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->primary);
	int shown = 0;
	size_t q;

	for (q = 0; q <= fi->nquestions; q++) {
		const char *note = q == 0 ? (rp->a->notes ? rp->a->notes[f] : NULL)
					  : ans[q - 1].note;
		const char *ev = q == 0 ? NULL : ans[q - 1].evidence;
		char label[32];
		lay_para *p;
		if (!note && !ev)
			continue;
		if (!*any)
			pdf_flow_heading(d, "Notes et justificatifs", 16, d->th->primary, 20);
		if (!shown)
			pdf_flow_text(d, &fs, fi->title, 0, d->text_w, LA_LEFT, 8, 1);
		*any = shown = 1;
		p = lay_para_new();
		if (q > 0) {
			snprintf(label, sizeof(label), "Q%zu" NBSP ": ", q);
			lay_para_add(p, &qs, label);
		}
		if (note)
			lay_para_add(p, &st, note);
		if (ev) {
			link.uri = pdf_uri_safe(ev) ? ev : NULL;
			lay_para_add(p, &st, note ? " " DASH " justificatif" NBSP ": "
					   : "justificatif" NBSP ": ");
			lay_para_add(p, link.uri ? &link : &st, ev);
		}
		pdf_flow_para(d, p, 14, d->text_w - 14, LA_LEFT, 3, 0);
		lay_para_free(p);
	}
}

static void report_notes(report *rp)
{
	size_t f;
	int any = 0;

	for (f = 0; f < rp->g->nfiches; f++)
		fiche_notes(rp, f, &any);
}

/* Points to check, history, peers and notes, on new pages when any. */
static void report_followup(report *rp)
{
	pdf_doc *d = rp->d;
	size_t start = d->lay.n;

	pdf_flow_page_break(d);
	pdf_flow_section(d, "Suivi");
	report_nsp(rp);
	pdf_report_history(d, rp->idx);
	report_peers(rp);
	pdf_report_observatory(d, rp->obs, rp->idx);
	report_notes(rp);
	if (d->lay.n == start + 2) {	/* nothing to show: no empty page */
		while (d->lay.n > start)
			lay_box_release(&d->lay.boxes[--d->lay.n]);
		free(d->sections[--d->nsections]);
	}
}

/* ---- the report ---- */

static void report_full_fiches(report *rp)
{
	pdf_doc *d = rp->d;
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size, d->th->muted);
	size_t *idx = xmalloc((rp->g->nfiches + 1) * sizeof(size_t));
	size_t n = scored_fiches(rp, idx), i;

	if (n > REPORT_FULL_FICHES)
		n = REPORT_FULL_FICHES;
	for (i = 0; i < n; i++)
		rp->full_anchor[idx[i]] = pdf_anchor_new(d);
	if (n) {
		report_part(rp, "Fiches à travailler en priorité", 18);
		pdf_flow_text(d, &note, "Les fiches où le niveau atteint est le plus bas, "
			      "en entier ; le niveau donné pour chaque question est "
			      "encadré.", 0, d->text_w, LA_LEFT, 4, 0);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)	/* the heading above goes with the first one */
			pdf_flow_page_break(d);
		pdf_flow_section(d, rp->g->fiches[idx[i]].title);
		pdf_fiche(d, idx[i], rp->full_anchor[idx[i]], 1, rp->a, 0);
	}
	free(idx);
}

int pdf_report(const build_ctx *ctx, const pdf_theme *th, const hyph *h,
	       size_t idx, const char *path)
{
	pdf_doc d;
	report rp;
	buf title = BUF_INIT;
	size_t i;
	int st = pdf_doc_init(&d, ctx, th, h);

	if (st) {
		pdf_doc_release(&d);
		return st;
	}
	d.cover = 1;
	memset(&rp, 0, sizeof(rp));
	rp.d = &d;
	rp.g = ctx->g;
	rp.a = ctx->set->items[idx];
	rp.r = &ctx->results[idx];
	rp.idx = idx;
	rp.obs = ctx->obs;
	d.src_file = rp.a->path;	/* the territory, names and notes */
	d.src_line = 0;
	rp.fiche_anchor = xmalloc((rp.g->nfiches + 1) * sizeof(int));
	rp.full_anchor = xmalloc((rp.g->nfiches + 1) * sizeof(int));
	for (i = 0; i < rp.g->nfiches; i++) {
		rp.fiche_anchor[i] = pdf_anchor_new(&d);
		rp.full_anchor[i] = -1;
	}
	report_cover(&rp);
	/* The fiches shown in full are chosen first, so that links go there. */
	{
		lay_doc main = d.lay;
		lay_doc_init(&d.lay);
		report_full_fiches(&rp);
		lay_doc full = d.lay;
		d.lay = main;
		report_summary(&rp);
		report_results(&rp);
		report_plan(&rp);
		pdf_report_suggestions(&d, rp.a, rp.r);
		report_divergences(&rp);
		report_followup(&rp);
		for (i = 0; i < full.n; i++)
			lay_doc_take(&d.lay, &full.boxes[i]);
		lay_doc_release(&full);
		report_later(&rp);
	}
	buf_printf(&title, "Rapport d’autodiagnostic " DASH " %s", rp.a->territory);
	st = pdf_doc_save(&d, path, title.ptr);
	buf_release(&title);
	free(rp.fiche_anchor);
	free(rp.full_anchor);
	pdf_doc_release(&d);
	return st;
}
