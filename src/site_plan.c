/* site_plan.c: the action plan of a report page (priority measures, next
 * steps by horizon, later steps, the adopted roadmap and its follow-up) and
 * the collective diagnostic (divergences, scores per respondent role), as
 * views for themes/<t>/templates/rapport.mustache. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "util.h"

static const char *status_label(plan_status st)
{
	static const char *const labels[] = { "prévue", "en cours", "faite", "abandonnée" };
	return labels[st];
}

static const char *status_plural(plan_status st)
{
	static const char *const labels[] = { "prévues", "en cours", "faites", "abandonnées" };
	return labels[st];
}

/* "Direction générale, DSI", or NULL when the recommendation names none. */
static value *porteur_view(const recommendation *rec)
{
	buf b = BUF_INIT;
	value *v;
	size_t k;

	if (!rec->nporteur)
		return v_null();
	for (k = 0; k < rec->nporteur; k++)
		buf_printf(&b, "%s%s", k ? ", " : "", rec->porteur[k]);
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* One step of the plan or of the later steps. */
static value *step_view(const site *s, const answers *a, const ranked_rec *rr, int measure)
{
	const fiche *f = &s->g->fiches[rr->fiche];
	const recommendation *rec = &f->recs[rr->rec];
	value *v = v_map();

	v_set(v, "id", v_str(rec->full_id));
	v_set(v, "text", v_str(rec->text));
	v_set(v, "fiche", site_fiche_ref(s, rr->fiche, "../"));
	if (rec->question >= 0)
		v_set(v, "question", v_str(f->questions[rec->question].text));
	v_set(v, "current", v_num(rr->current));
	v_set(v, "current_label", v_str(site_level_label(s->g, rr->current)));
	v_set(v, "priority", site_num(rr->priority, rr->priority == floor(rr->priority) ? 0 : 1));
	v_set(v, "horizon", v_str(horizon_name(rr->horizon)));
	v_set(v, "horizon_label", site_horizon_label(s, rr->horizon));
	v_set(v, "porteur", porteur_view(rec));
	v_set(v, "effort", v_str(effort_name(rec->effort)));
	v_set(v, "measure", v_bool(measure));
	if (rr->adopted >= 0) {
		v_set(v, "status", v_str(status_name(a->plan[rr->adopted].status)));
		v_set(v, "status_label", v_str(status_label(a->plan[rr->adopted].status)));
	}
	return v;
}

/* The next steps grouped by horizon, each group in ranked order. */
static value *groups_view(const site *s, const answers *a, const result *r,
			  const unsigned char *measure)
{
	value *groups = v_list();
	size_t i;
	int h;

	for (h = HORIZON_COURT; h <= HORIZON_LONG; h++) {
		value *g = v_map(), *recs = v_set(g, "recs", v_list());
		for (i = 0; i < r->nrecs; i++)
			if ((int)r->recs[i].horizon == h)
				v_push(recs, step_view(s, a, &r->recs[i], measure[i]));
		if (!recs->n) {
			v_free(g);
			continue;
		}
		v_set(g, "horizon", v_str(horizon_name((horizon)h)));
		v_set(g, "label", site_horizon_label(s, (horizon)h));
		v_set(g, "count", v_num((double)recs->n));
		v_set(g, "count_many", v_bool(recs->n > 1));
		v_push(groups, g);
	}
	return groups;
}

/* One adopted action, as the answers file gives it. */
static value *adopted_view(const site *s, const plan_entry *e)
{
	value *v = v_map();

	v_set(v, "action", v_str(e->action));
	if (e->fiche >= 0) {
		const fiche *f = &s->g->fiches[e->fiche];
		v_set(v, "text", v_str(f->recs[e->rec].text));
		v_set(v, "fiche", site_fiche_ref(s, (size_t)e->fiche, "../"));
		v_set(v, "porteur_reco", porteur_view(&f->recs[e->rec]));
	} else {
		v_set(v, "text", v_str(e->action));
	}
	v_set(v, "status", v_str(status_name(e->status)));
	v_set(v, "status_label", v_str(status_label(e->status)));
	v_set(v, "porteur", v_str(e->porteur));
	v_set(v, "echeance", site_date_fr(e->echeance));
	return v;
}

/* Progress of the adopted plan: a count and a bar segment per status. */
static value *progress_view(const answers *a, const result *r)
{
	value *l = v_list();
	size_t k;

	for (k = 0; k < NSTATUS; k++) {
		value *v;
		if (!r->status_count[k])
			continue;
		v = v_push(l, v_map());
		v_set(v, "status", v_str(status_name((plan_status)k)));
		v_set(v, "label", v_str(r->status_count[k] > 1 ? status_plural((plan_status)k)
							     : status_label((plan_status)k)));
		v_set(v, "count", v_num((double)r->status_count[k]));
		v_set(v, "css", site_css_pct(100.0 * (double)r->status_count[k] / (double)a->nplan));
	}
	return l;
}

/* "1 prévue, 2 en cours et 3 faites". */
static value *progress_text(const result *r)
{
	buf b = BUF_INIT;
	value *v;
	size_t k, n = 0, shown = 0;

	for (k = 0; k < NSTATUS; k++)
		n += r->status_count[k] > 0;
	for (k = 0; k < NSTATUS; k++) {
		size_t c = r->status_count[k];
		if (!c)
			continue;
		if (shown)
			buf_adds(&b, shown + 1 == n ? " et " : ", ");
		buf_printf(&b, "%zu %s", c, c > 1 ? status_plural((plan_status)k)
						  : status_label((plan_status)k));
		shown++;
	}
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

/* What the previous diagnostic adopted and what became of it. */
static value *followup_view(const site *s, const answers *a, const plan_followup *pf)
{
	const answers *prev = s->ctx->set->items[pf->prev];
	value *v = v_map(), *l;
	size_t i;

	v_set(v, "date", site_date_fr(prev->date));
	v_set(v, "href", site_report_href("../", prev->slug));
	l = v_set(v, "done", v_list());
	for (i = 0; i < pf->ndone; i++)
		v_push(l, adopted_view(s, &a->plan[pf->done[i]]));
	v_set(v, "has_done", v_bool(pf->ndone > 0));
	l = v_set(v, "stale_prev", v_list());
	for (i = 0; i < pf->nstale_prev; i++)
		v_push(l, adopted_view(s, &prev->plan[pf->stale_prev[i]]));
	v_set(v, "has_stale_prev", v_bool(pf->nstale_prev > 0));
	return v;
}

/* The adopted plan as the authority's roadmap, or null without one. */
static value *roadmap_view(const site *s, size_t self, const plan_followup *pf)
{
	const answers *a = s->ctx->set->items[self];
	const result *r = &s->ctx->results[self];
	value *v, *l;
	size_t i;

	if (!a->nplan && !(pf->prev >= 0 && pf->nstale_prev))
		return v_null();
	v = v_map();
	v_set(v, "count", v_num((double)a->nplan));
	v_set(v, "count_many", v_bool(a->nplan > 1));
	v_set(v, "has_plan", v_bool(a->nplan > 0));
	v_set(v, "progress", progress_view(a, r));
	v_set(v, "progress_text", progress_text(r));
	v_set(v, "done_pct", site_pct(a->nplan ? (double)r->status_count[STATUS_FAITE] /
							 (double)a->nplan : NAN));
	l = v_set(v, "items", v_list());
	for (i = 0; i < a->nplan; i++) {
		value *e = v_push(l, adopted_view(s, &a->plan[i]));
		v_set(e, "applicable", v_bool(r->plan_applicable[i]));
	}
	l = v_set(v, "stale", v_list());
	for (i = 0; i < pf->nstale; i++)
		v_push(l, adopted_view(s, &a->plan[pf->stale[i]]));
	v_set(v, "has_stale", v_bool(pf->nstale > 0));
	v_set(v, "history", pf->prev >= 0 ? followup_view(s, a, pf) : v_null());
	return v;
}

value *site_plan_view(const site *s, size_t self)
{
	const answers *a = s->ctx->set->items[self];
	const result *r = &s->ctx->results[self];
	unsigned char *measure = xcalloc(r->nrecs ? r->nrecs : 1, 1);
	value *v = v_map(), *l;
	plan_followup pf;
	size_t i;

	for (i = 0; i < r->nmeasures; i++)
		measure[r->measures[i]] = 1;
	v_set(v, "review", site_date_fr(r->review));
	v_set(v, "review_months", v_num(s->g->review_months));
	v_set(v, "nrecs", v_num((double)r->nrecs));
	v_set(v, "nrecs_many", v_bool(r->nrecs > 1));
	v_set(v, "has_recs", v_bool(r->nrecs > 0));
	v_set(v, "nmeasures", v_num((double)r->nmeasures));
	v_set(v, "measures_many", v_bool(r->nmeasures > 1));
	l = v_set(v, "measures", v_list());
	for (i = 0; i < r->nmeasures; i++)
		v_push(l, step_view(s, a, &r->recs[r->measures[i]], 1));
	v_set(v, "propose", v_bool(!a->nplan && r->nmeasures > 0));
	v_set(v, "groups", groups_view(s, a, r, measure));
	v_set(v, "nlater", v_num((double)r->nlater));
	v_set(v, "nlater_many", v_bool(r->nlater > 1));
	l = v_set(v, "later", v_list());
	for (i = 0; i < r->nlater; i++)
		v_push(l, step_view(s, a, &r->later[i], 0));
	v_set(v, "has_later", v_bool(r->nlater > 0));
	plan_followup_compute(s->g, s->ctx->set, r, self, &pf);
	v_set(v, "roadmap", roadmap_view(s, self, &pf));
	plan_followup_release(&pf);
	free(measure);
	return v;
}

/* ---- collective diagnostic ---- */

/* "3 – Déploiement", "non applicable" or "ne sait pas". */
static value *level_words(const site *s, int level)
{
	buf b = BUF_INIT;
	value *v;

	if (level == LEVEL_NA)
		return v_str("non applicable");
	if (level < 0)
		return v_str("ne sait pas");
	buf_printf(&b, "%d – %s", level, site_level_label(s->g, level));
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

static value *divergence_view(const site *s, const answers *a, const divergence *dv)
{
	const fiche *f = &s->g->fiches[dv->fiche];
	const answer *an = &a->fiche_answers[dv->fiche][dv->question];
	value *v = site_fiche_ref(s, dv->fiche, "../"), *l;
	size_t k;

	v_set(v, "question", v_str(f->questions[dv->question].text));
	v_set(v, "spread", v_num(dv->spread));
	l = v_set(v, "views", v_list());
	for (k = 0; k < an->nviews; k++) {
		const respondent *p = &a->respondents[an->views[k].respondent];
		value *w = v_push(l, v_map());
		v_set(w, "name", v_str(p->name));
		v_set(w, "role", p->role >= 0 ? v_str(s->g->roles[p->role].label) : v_null());
		v_set(w, "level", level_words(s, an->views[k].level));
	}
	v_set(v, "agreed", v_bool(an->agreed));
	v_set(v, "level", level_words(s, an->level));
	return v;
}

/* Per axis, the score the file gives and the score of each role present. */
static value *roles_view(const site *s, const result *r, value *head)
{
	value *rows = v_list(), *row;
	size_t ax, j;

	for (j = 0; j < s->g->nroles; j++)
		if (r->role_present[j])
			v_push(head, v_str(s->g->roles[j].label));
	if (!head->n)
		return rows;
	for (ax = 0; ax <= s->g->naxes; ax++) {
		value *cells;
		score all = ax < s->g->naxes ? r->axes[ax] : r->overall;
		row = v_push(rows, ax < s->g->naxes ? site_axis_ref(s, ax, "../") : v_map());
		if (ax == s->g->naxes)
			v_set(row, "title", v_str("Ensemble du guide"));
		v_set(row, "all", score_is_null(all) ? v_str("–") : site_num(all.score, 1));
		cells = v_set(row, "cells", v_list());
		for (j = 0; j < s->g->nroles; j++) {
			score sc = ax < s->g->naxes ? r->role_axes[j * s->g->naxes + ax]
						    : r->role_overall[j];
			if (r->role_present[j])
				v_push(cells, score_is_null(sc) ? v_str("–") : site_num(sc.score, 1));
		}
	}
	return rows;
}

/* "Élu référent (Élus), DGS et Services techniques (Services)". */
static value *respondents_text(const site *s, const answers *a)
{
	buf b = BUF_INIT;
	value *v;
	size_t i;

	for (i = 0; i < a->nrespondents; i++) {
		const respondent *p = &a->respondents[i];
		if (i)
			buf_adds(&b, i + 1 == a->nrespondents ? " et " : ", ");
		buf_adds(&b, p->name);
		if (p->role >= 0)
			buf_printf(&b, " (%s)", s->g->roles[p->role].label);
	}
	v = v_strn(b.ptr, b.len);
	buf_release(&b);
	return v;
}

value *site_collective_view(const site *s, size_t self)
{
	const answers *a = s->ctx->set->items[self];
	const result *r = &s->ctx->results[self];
	value *v, *l, *head;
	size_t i;

	if (!r->nviews)
		return v_null();
	v = v_map();
	v_set(v, "nviews", v_num((double)r->nviews));
	v_set(v, "threshold", v_num(s->g->divergence));
	v_set(v, "ndivs", v_num((double)r->ndivs));
	v_set(v, "ndivs_many", v_bool(r->ndivs > 1));
	v_set(v, "has_divs", v_bool(r->ndivs > 0));
	l = v_set(v, "divs", v_list());
	for (i = 0; i < r->ndivs; i++)
		v_push(l, divergence_view(s, a, &r->divs[i]));
	v_set(v, "respondents", respondents_text(s, a));
	head = v_list();
	l = roles_view(s, r, head);
	v_set(v, "has_roles", v_bool(head->n > 0));
	v_set(v, "roles_head", head);
	v_set(v, "role_rows", l);
	return v;
}
