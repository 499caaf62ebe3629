/* pdf_history.c: two sections of a PDF report: the history of the territory
 * (a small chart per axis, the table of scores and levels at each date, the
 * levels gained and lost since the previous diagnostic) and its place among
 * all authorities (histograms of the observatory, own level marked).
 * Scores come from ctx->results and observatory.h, never recomputed. */
#include "pdf_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

#define NBSP	    "\xC2\xA0"
#define NNBSP	    "\xE2\x80\xAF"
#define ARROW	    " \xE2\x86\x92 "
#define CHART_COLS  3
#define CHART_H	    92.0
#define CHART_GAP   12.0
#define TABLE_DATES 4 /* the table shows the latest dates only */
#define HIST_ROW_H  62.0

/* A number with a decimal comma and one decimal. */
static void fr_num(buf *b, double v)
{
	char tmp[64], *dot;

	snprintf(tmp, sizeof tmp, "%.1f", v);
	if ((dot = strchr(tmp, '.')))
		*dot = ',';
	buf_adds(b, tmp);
}

/* "2,4 (niveau 2)" or "non évalué". */
static void score_cell(buf *b, score s)
{
	if (score_is_null(s)) {
		BUF_LIT(b, "non évalué");
		return;
	}
	fr_num(b, score_tenth(s.score));
	buf_printf(b, " (niveau %d)", score_level(s));
}

/* "niveau 2 « Structuration »" or "non évalué". */
static void level_words(const guide *g, buf *b, int level)
{
	if (level < 0) {
		BUF_LIT(b, "non évalué");
		return;
	}
	buf_printf(b, "niveau %d", level);
	if ((size_t)level < g->nscale)
		buf_printf(b, " «" NBSP "%s" NBSP "»", g->scale[level].label);
}

/* "oct. 2026" */
static void short_date(buf *b, const char *iso)
{
	static const char *const months[] = {"janv.", "févr.", "mars",	"avr.", "mai",	"juin",
					     "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
	int y, m, dd;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &dd) != 3 || m < 1 || m > 12)
		buf_adds(b, iso);
	else
		buf_printf(b, "%s" NBSP "%d", months[m - 1], y);
}

/* ---- history ---- */

/* One small chart of a series at (x0, 0) in box b, w wide. */
static void mini_chart(pdf_doc *d, lay_box *b, double x0, double w, const char *title,
		       const double *vals, const size_t *idx, size_t n)
{
	const pdf_theme *th = d->th;
	int max = guide_max_level(d->ctx->g), lv;
	lay_style tst = pdf_style(d, LF_BOLD, 8.5, th->primary);
	lay_style lab = pdf_style(d, LF_REGULAR, 6.5, th->muted);
	double left = x0 + 14, right = x0 + w - 4, top = 16, bottom = CHART_H - 14;
	double px = 0, py = 0;
	lay_box tmp;
	buf t = BUF_INIT;
	char num[16];
	size_t i;
	int have = 0;

	lay_box_init(&tmp);
	pdf_box_text(d, &tmp, &tst, title, 0, 0, w, LA_LEFT);
	lay_box_merge(b, &tmp, x0, 0);
	for (lv = 0; lv <= max; lv++) {
		double y = bottom - (bottom - top) * lv / (max > 0 ? max : 1);
		lay_box_line(b, left, y, right, y, th->rule, 0.4);
		snprintf(num, sizeof num, "%d", lv);
		lay_box_text(b, &lab, x0 + 4, y + 2.2, num);
	}
	for (i = 0; i < n; i++) {
		double x = n > 1 ? left + 6 + (right - left - 12) * (double)i / (double)(n - 1)
				 : (left + right) / 2;
		if (n <= 4 || i == 0 || i + 1 == n) {
			buf_reset(&t);
			short_date(&t, d->ctx->set->items[idx[i]]->date);
			double tw = lay_text_width(&d->env, &lab, t.ptr);
			double tx = i == 0 && n > 1	  ? x - 3
				    : i + 1 == n && n > 1 ? x - tw + 3
							  : x - tw / 2;
			lay_box_text(b, &lab, tx, CHART_H - 4, t.ptr);
		}
		if (isnan(vals[i])) {
			have = 0;
			continue;
		}
		double y = bottom - (bottom - top) * vals[i] / (max > 0 ? max : 1);
		if (have)
			lay_box_line(b, px, py, x, y, th->primary, 1.4);
		lay_box_rect(b, x - 1.8, y - 1.8, 3.6, 3.6, th->primary, LAY_NONE, 0);
		px = x, py = y, have = 1;
	}
	buf_release(&t);
}

/* The charts of the overall score and of every axis, CHART_COLS a row. */
static void history_charts(pdf_doc *d, const size_t *idx, size_t n)
{
	const guide *g = d->ctx->g;
	double w = (d->text_w - CHART_GAP * (CHART_COLS - 1)) / CHART_COLS;
	double *vals = xmalloc((n ? n : 1) * sizeof *vals);
	lay_box *b = NULL;
	size_t k, i;

	for (k = 0; k <= g->naxes; k++) {
		const char *title = k == 0 ? "Score global" : g->axes[k - 1].title;
		for (i = 0; i < n; i++) {
			const result *r = &d->ctx->results[idx[i]];
			score s = k == 0 ? r->overall : r->axes[k - 1];
			vals[i] = score_is_null(s) ? NAN : s.score;
		}
		if (k % CHART_COLS == 0) {
			b = lay_doc_add(&d->lay, CHART_H);
			b->space_before = 8;
		}
		mini_chart(d, b, (double)(k % CHART_COLS) * (w + CHART_GAP), w, title, vals, idx,
			   n);
	}
	free(vals);
}

/* A table row: label, then one cell per date. */
static void table_row(pdf_doc *d, const char *label, const char *const *cells, size_t ncells,
		      int head)
{
	const pdf_theme *th = d->th;
	lay_style st =
	    pdf_style(d, head ? LF_BOLD : LF_REGULAR, 8.5, head ? th->primary : th->text);
	lay_style ls = pdf_style(d, LF_BOLD, 8.5, head ? th->primary : th->text);
	double lw = d->text_w * 0.34, cw = (d->text_w - lw) / (double)(ncells ? ncells : 1);
	double h = 0, ch;
	lay_box tmp, *b;
	size_t i;

	lay_box_init(&tmp);
	h = pdf_box_text(d, &tmp, &ls, label, 2, 3, lw - 6, LA_LEFT);
	for (i = 0; i < ncells; i++) {
		ch = pdf_box_text(d, &tmp, &st, cells[i], lw + cw * (double)i + 2, 3, cw - 6,
				  LA_LEFT);
		h = ch > h ? ch : h;
	}
	b = lay_doc_add(&d->lay, h + 6);
	b->keep_with_next = head;
	if (head)
		lay_box_rect(b, 0, 0, d->text_w, h + 6, th->light, LAY_NONE, 0);
	lay_box_merge(b, &tmp, 0, 0);
	lay_box_line(b, 0, h + 6, d->text_w, h + 6, th->rule, 0.5);
}

/* Scores and levels of every axis at the last TABLE_DATES dates. */
static void history_table(pdf_doc *d, const size_t *idx, size_t n, size_t self)
{
	const guide *g = d->ctx->g;
	size_t first = n > TABLE_DATES ? n - TABLE_DATES : 0, m = n - first, i, k;
	char **cells = xcalloc(m ? m : 1, sizeof *cells);
	buf t = BUF_INIT;
	char date[64];

	for (i = 0; i < m; i++) {
		buf_reset(&t);
		pdf_french_date(d->ctx->set->items[idx[first + i]]->date, date, sizeof date);
		buf_adds(&t, date);
		if (idx[first + i] == self)
			BUF_LIT(&t, " (ce rapport)");
		cells[i] = xstrdup(t.ptr);
	}
	pdf_flow_space(d, 10);
	table_row(d, "Axe", (const char *const *)cells, m, 1);
	for (k = 0; k <= g->naxes; k++) {
		for (i = 0; i < m; i++) {
			const result *r = &d->ctx->results[idx[first + i]];
			buf_reset(&t);
			score_cell(&t, k == 0 ? r->overall : r->axes[k - 1]);
			free(cells[i]);
			cells[i] = xstrdup(t.ptr);
		}
		table_row(d, k == 0 ? "Score global" : g->axes[k - 1].title,
			  (const char *const *)cells, m, 0);
	}
	for (i = 0; i < m; i++)
		free(cells[i]);
	free(cells);
	buf_release(&t);
}

/* One list of changes (gained: 1, lost: -1, either side unknown: 0). */
static void changes_list(pdf_doc *d, const fiche_change *ch, size_t n, int which,
			 const char *heading)
{
	const guide *g = d->ctx->g;
	lay_style st = pdf_style(d, LF_REGULAR, d->th->body_size, d->th->text);
	lay_style fs = pdf_style(d, LF_BOLD, d->th->body_size, d->th->text);
	buf t = BUF_INIT;
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++) {
		int kind = ch[i].before < 0 || ch[i].after < 0 ? 0
			   : ch[i].after > ch[i].before	       ? 1
							       : -1;
		if (kind != which)
			continue;
		if (!any)
			pdf_flow_heading(d, heading, 11, d->th->primary, 8);
		any = 1;
		lay_para *p = lay_para_new();
		lay_para_add(p, &fs, g->fiches[ch[i].fiche].title);
		buf_reset(&t);
		BUF_LIT(&t, NBSP ": ");
		level_words(g, &t, ch[i].before);
		BUF_LIT(&t, ARROW);
		level_words(g, &t, ch[i].after);
		lay_para_add(p, &st, t.ptr);
		pdf_flow_para(d, p, 14, d->text_w - 14, LA_LEFT, 3, 0);
		lay_para_free(p);
	}
	buf_release(&t);
}

static void history_changes(pdf_doc *d, size_t prev, size_t self)
{
	const guide *g = d->ctx->g;
	fiche_change *ch = xcalloc(g->nfiches ? g->nfiches : 1, sizeof *ch);
	size_t n = fiche_changes(g, &d->ctx->results[prev], &d->ctx->results[self], ch);
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	buf t = BUF_INIT;
	char date[64];

	pdf_french_date(d->ctx->set->items[prev]->date, date, sizeof date);
	buf_printf(&t, "Ce qui a changé depuis le diagnostic du %s", date);
	pdf_flow_heading(d, t.ptr, 13, d->th->primary, 14);
	if (!n)
		pdf_flow_text(d, &note, "Aucune fiche n’a changé de niveau.", 0, d->text_w, LA_LEFT,
			      4, 0);
	changes_list(d, ch, n, 1, "Niveaux gagnés");
	changes_list(d, ch, n, -1, "Niveaux perdus");
	changes_list(d, ch, n, 0, "Fiches évaluées lors d’un seul des deux diagnostics");
	free(ch);
	buf_release(&t);
}

void pdf_report_history(pdf_doc *d, size_t self)
{
	const answers_set *s = d->ctx->set;
	size_t *idx = xmalloc((s->n ? s->n : 1) * sizeof *idx);
	size_t n = history_of(s, self, idx), i;
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	buf t = BUF_INIT;
	long prev = -1;

	if (n > 1) {
		for (i = 1; i < n; i++)
			if (idx[i] == self)
				prev = (long)idx[i - 1];
		pdf_flow_heading(d, "Évolution", 16, d->th->primary, 20);
		buf_printf(&t,
			   "%zu diagnostics de la collectivité" NBSP ": le score de chaque "
			   "axe à chaque date (sur %d), puis les mêmes chiffres avec les "
			   "niveaux atteints%s.",
			   n, guide_max_level(d->ctx->g),
			   n > TABLE_DATES ? " aux dernières dates" : "");
		pdf_flow_text(d, &note, t.ptr, 0, d->text_w, LA_LEFT, 4, 0);
		history_charts(d, idx, n);
		history_table(d, idx, n, self);
		if (prev >= 0)
			history_changes(d, (size_t)prev, self);
	}
	free(idx);
	buf_release(&t);
}

/* ---- among all authorities ---- */

static const char *const kind_names[OBS_KINDS] = {"Commune", "Intercommunalité", "Département",
						  "Région", "Autre collectivité"};
static const char *const band_names[OBS_BANDS] = {"Moins de 3" NNBSP "500 habitants",
						  "De 3" NNBSP "500 à 19" NNBSP "999 habitants",
						  "De 20" NNBSP "000 à 49" NNBSP "999 habitants",
						  "De 50" NNBSP "000 à 99" NNBSP "999 habitants",
						  "100" NNBSP "000 habitants ou plus",
						  "Population non renseignée"};

/* "Commune (même nature) : 8 évaluées, médiane 2,0, dont 2 à votre niveau."
 * or why the group is not shown. */
static void group_words(buf *b, const obs_group *gr, const char *name, const char *what, int self)
{
	buf_printf(b, "%s (%s)" NBSP ": ", name, what);
	switch (gr->state) {
	case OBS_SHOWN:
		buf_printf(b, "%zu évaluées, médiane ", gr->n);
		fr_num(b, gr->median);
		if (self >= 0 && gr->bins)
			buf_printf(b, ", dont %zu à votre niveau", gr->bins[self]);
		BUF_LIT(b, ".");
		break;
	case OBS_EMPTY:
		BUF_LIT(b, "aucune collectivité évaluée.");
		break;
	case OBS_SMALL:
		buf_printf(b, "moins de %d collectivités" NBSP ": non affiché.", PEERS_MIN);
		break;
	case OBS_MASKED:
		buf_printf(b,
			   "non affiché" NBSP ": on en déduirait par différence un groupe de "
			   "moins de %d collectivités.",
			   PEERS_MIN);
		break;
	}
}

/* The words at the left of an axis row: title, own level, all, own kind
 * (kd) and band (bd); returns their height. */
static double row_words(pdf_doc *d, lay_box *tmp, const obs_table *t, const char *title, int self,
			int kd, int bd, double w)
{
	const guide *g = d->ctx->g;
	lay_style ts = pdf_style(d, LF_BOLD, 9, d->th->primary);
	lay_style ms = pdf_style(d, LF_REGULAR, 8, d->th->text);
	buf b = BUF_INIT;
	double h;

	h = pdf_box_text(d, tmp, &ts, title, 0, 2, w, LA_LEFT);
	BUF_LIT(&b, "Votre niveau" NBSP ": ");
	if (self >= 0 && (size_t)self < g->nscale)
		buf_printf(&b, "%d «" NBSP "%s" NBSP "»", self, g->scale[self].label);
	else
		BUF_LIT(&b, "non évalué");
	buf_printf(&b, ". %zu collectivités évaluées, médiane ", t->all.n);
	fr_num(&b, t->all.median);
	BUF_LIT(&b, ".");
	h += 4 + pdf_box_text(d, tmp, &ms, b.ptr, 0, h + 4, w, LA_LEFT);
	buf_reset(&b);
	group_words(&b, &t->kinds[kd], kind_names[kd], "même nature", self);
	h += 2 + pdf_box_text(d, tmp, &ms, b.ptr, 0, h + 2, w, LA_LEFT);
	buf_reset(&b);
	group_words(&b, &t->bands[bd], band_names[bd], "même tranche", self);
	h += 2 + pdf_box_text(d, tmp, &ms, b.ptr, 0, h + 2, w, LA_LEFT);
	buf_release(&b);
	return h;
}

/* One axis: its words at left, the histogram of all authorities at right. */
static void observatory_row(pdf_doc *d, const obs_table *t, const char *title, int self, int kd,
			    int bd)
{
	const pdf_theme *th = d->th;
	const obs_group *gr = &t->all;
	size_t nl = d->ctx->g->nscale, lv, most = 0;
	lay_style lab = pdf_style(d, LF_REGULAR, 7, th->muted);
	double lw = d->text_w * 0.5, x0 = lw + 12, slot = (d->text_w - x0) / (double)nl;
	double top = 10, base = HIST_ROW_H - 12, h;
	lay_box tmp, *b;
	char num[32];

	lay_box_init(&tmp);
	h = row_words(d, &tmp, t, title, self, kd, bd, lw);
	b = lay_doc_add(&d->lay, h + 4 > HIST_ROW_H ? h + 4 : HIST_ROW_H);
	b->space_before = 6;
	lay_box_merge(b, &tmp, 0, 0);
	for (lv = 0; lv < nl; lv++)
		most = gr->bins[lv] > most ? gr->bins[lv] : most;
	lay_box_line(b, x0, base, d->text_w, base, th->rule, 0.5);
	for (lv = 0; lv < nl; lv++) {
		double bh = most ? (base - top) * (double)gr->bins[lv] / (double)most : 0;
		double x = x0 + slot * (double)lv, cx = x + slot / 2;
		unsigned col = (int)lv == self ? th->accent : th->primary;
		if (bh > 0)
			lay_box_rect(b, x + slot * 0.2, base - bh, slot * 0.6, bh, col, LAY_NONE,
				     0);
		snprintf(num, sizeof num, "%zu", gr->bins[lv]);
		lay_box_text(b, &lab, cx - lay_text_width(&d->env, &lab, num) / 2, base - bh - 2,
			     num);
		snprintf(num, sizeof num, "%zu%s", lv, (int)lv == self ? " (vous)" : "");
		lay_box_text(b, &lab, cx - lay_text_width(&d->env, &lab, num) / 2, base + 9, num);
	}
}

void pdf_report_observatory(pdf_doc *d, const observatory *o, size_t idx)
{
	const guide *g = d->ctx->g;
	const result *r = &d->ctx->results[idx];
	const answers *a = d->ctx->set->items[idx];
	int kd = (unsigned)a->kind < OBS_KINDS ? (int)a->kind : KIND_AUTRE;
	int bd = obs_band(a->population);
	lay_style note = pdf_style(d, LF_ITALIC, d->th->body_size - 1, d->th->muted);
	buf t = BUF_INIT;
	size_t ax;
	int any = 0;

	for (ax = 0; ax < g->naxes; ax++)
		any |= o->axes[ax].all.state == OBS_SHOWN;
	if (!any)
		return;
	pdf_flow_heading(d, "Parmi toutes les collectivités", 16, d->th->primary, 20);
	buf_printf(
	    &t,
	    "Pour chaque axe, le nombre de collectivités à chaque niveau, d’après "
	    "le diagnostic le plus récent de chacune des %zu collectivités de "
	    "l’observatoire" NNBSP "; la barre de votre niveau est "
	    "marquée «" NBSP "vous" NBSP
	    "» et de la couleur d’accent. Suivent les collectivités de même nature et de même "
	    "tranche de population que vous" NNBSP "; aucun groupe de moins de %d "
	    "collectivités n’est affiché.",
	    o->nterritories, PEERS_MIN);
	pdf_flow_text(d, &note, t.ptr, 0, d->text_w, LA_LEFT, 4, 0);
	for (ax = 0; ax < g->naxes; ax++) {
		if (o->axes[ax].all.state == OBS_SHOWN)
			observatory_row(d, &o->axes[ax], g->axes[ax].title,
					score_level(r->axes[ax]), kd, bd);
	}
	buf_release(&t);
}
