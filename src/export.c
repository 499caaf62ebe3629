/* export.c: scores and the guide as data (JSON value trees, CSV, text). */
#include "export.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Sets the score, percent, level and completeness keys of o. */
static void put_score(value *o, const guide *g, score s)
{
	int lv = score_level(s);

	v_set(o, "score", v_num(s.score));
	v_set(o, "percent", v_num(score_percent(g, s)));
	v_set(o, "level", lv < 0 ? v_null() : v_num(lv));
	v_set(o, "completeness", v_num(score_completeness(s)));
}

static value *answer_level_value(int level)
{
	switch (level) {
	case LEVEL_NA: return v_str("na");
	case LEVEL_NSP: return v_str("nsp");
	case LEVEL_UNANSWERED: return v_null();
	default: return v_num(level);
	}
}

static value *export_fiche(const guide *g, const answers *a, const result *r, size_t fi)
{
	const fiche *f = &g->fiches[fi];
	value *o = v_map(), *qs;
	size_t q;

	v_set(o, "id", v_str(f->id));
	v_set(o, "axis", v_str(g->axes[f->axis].id));
	put_score(o, g, r->fiches[fi]);
	qs = v_set(o, "questions", v_list());
	for (q = 0; q < f->nquestions; q++) {
		const answer *an = &a->fiche_answers[fi][q];
		value *qo = v_push(qs, v_map()), *vo;
		size_t k;
		int sp;
		v_set(qo, "id", v_str(f->questions[q].id));
		v_set(qo, "level", answer_level_value(an->level));
		if (!an->nviews)
			continue;
		vo = v_set(qo, "views", v_map());
		for (k = 0; k < an->nviews; k++)
			v_set(vo, a->respondents[an->views[k].respondent].name,
			      answer_level_value(an->views[k].level));
		sp = views_spread(an->views, an->nviews);
		v_set(qo, "spread", sp < 0 ? v_null() : v_num(sp));
	}
	return o;
}

/* One recommendation of the plan or of the later steps. */
static value *export_rec(const guide *g, const ranked_rec *rr)
{
	const fiche *f = &g->fiches[rr->fiche];
	const recommendation *rec = &f->recs[rr->rec];
	value *ro = v_map();

	v_set(ro, "id", v_str(rec->full_id));
	v_set(ro, "fiche", v_str(f->id));
	v_set(ro, "question", rec->question < 0 ? v_null() : v_str(f->questions[rec->question].id));
	v_set(ro, "horizon", v_str(horizon_name(rec->horizon)));
	v_set(ro, "priority", v_num(rr->priority));
	v_set(ro, "text", v_str(rec->text));
	return ro;
}

static value *export_peers(const guide *g, const peers *p)
{
	value *o, *axes;
	size_t i;

	if (!p || !p->axes)
		return v_null();
	o = v_map();
	v_set(o, "count", v_num((double)p->count));
	axes = v_set(o, "axes", v_list());
	for (i = 0; i < g->naxes; i++) {
		value *ao = v_push(axes, v_map());
		v_set(ao, "id", v_str(g->axes[i].id));
		v_set(ao, "q1", v_num(p->axes[i].q1));
		v_set(ao, "median", v_num(p->axes[i].median));
		v_set(ao, "q3", v_num(p->axes[i].q3));
	}
	return o;
}

value *export_result(const guide *g, const answers *a, const result *r, const peers *p)
{
	value *o = v_map(), *list;
	size_t i;

	v_set(o, "territory", v_str(a->territory));
	v_set(o, "slug", v_str(a->slug));
	v_set(o, "date", v_str(a->date));
	put_score(v_set(o, "overall", v_map()), g, r->overall);
	list = v_set(o, "axes", v_list());
	for (i = 0; i < g->naxes; i++) {
		value *ao = v_push(list, v_map());
		v_set(ao, "id", v_str(g->axes[i].id));
		put_score(ao, g, r->axes[i]);
		v_set(ao, "target", a->targets[i] < 0 ? v_null() : v_num(a->targets[i]));
	}
	list = v_set(o, "fiches", v_list());
	for (i = 0; i < g->nfiches; i++)
		v_push(list, export_fiche(g, a, r, i));
	list = v_set(o, "recommendations", v_list());
	for (i = 0; i < r->nrecs; i++)
		v_push(list, export_rec(g, &r->recs[i]));
	list = v_set(o, "later", v_list());
	for (i = 0; i < r->nlater; i++)
		v_push(list, export_rec(g, &r->later[i]));
	list = v_set(o, "priority_measures", v_list());
	for (i = 0; i < r->nmeasures; i++) {
		const ranked_rec *rr = &r->recs[r->measures[i]];
		v_push(list, v_str(g->fiches[rr->fiche].recs[rr->rec].full_id));
	}
	list = v_set(o, "divergences", v_list());
	for (i = 0; i < r->ndivs; i++) {
		const fiche *f = &g->fiches[r->divs[i].fiche];
		value *d = v_push(list, v_map());
		v_set(d, "fiche", v_str(f->id));
		v_set(d, "question", v_str(f->questions[r->divs[i].question].id));
		v_set(d, "spread", v_num(r->divs[i].spread));
	}
	list = v_set(o, "plan", v_list());
	for (i = 0; i < a->nplan; i++) {
		value *e = v_push(list, v_map());
		v_set(e, "action", v_str(a->plan[i].action));
		v_set(e, "status", v_str(status_name(a->plan[i].status)));
		v_set(e, "applicable", v_bool(r->plan_applicable[i]));
	}
	v_set(o, "review", v_str(r->review));
	v_set(o, "peers", export_peers(g, p));
	return o;
}

/* The counts of data/scores.json: priority measures, adopted actions per status. */
static void put_plan_counts(value *o, const result *r)
{
	value *c;
	size_t k;

	v_set(o, "priority_measures_count", v_num((double)r->nmeasures));
	c = v_set(o, "plan_status", v_map());
	for (k = 0; k < NSTATUS; k++)
		v_set(c, status_name((plan_status)k), v_num((double)r->status_count[k]));
}

value *export_scores_row(const guide *g, const answers *a, const result *r, const peers *p)
{
	value *v = export_result(g, a, r, p), *o = v_map();
	size_t i;

	for (i = 0; i < v->n; i++) {
		v_set(o, v->keys[i], v->items[i]);
		v->items[i] = NULL;
		if (!strcmp(v->keys[i], "review"))
			put_plan_counts(o, r);
		if (strcmp(v->keys[i], "date"))
			continue;
		v_set(o, "code", v_str(a->code));
		v_set(o, "kind", v_str(kind_name(a->kind)));
		v_set(o, "population", a->population < 0 ? v_null() : v_num((double)a->population));
		v_set(o, "version", v_str(a->version));
	}
	v_free(v);
	return o;
}

static value *export_question(const question *q, size_t nlevels)
{
	value *o = v_map(), *lv;
	size_t i;

	v_set(o, "id", v_str(q->id));
	v_set(o, "text", v_str(q->text));
	v_set(o, "help", v_str(q->help));
	v_set(o, "weight", v_num(q->weight));
	lv = v_set(o, "levels", v_list());
	for (i = 0; i < nlevels; i++)
		v_push(lv, v_str(q->levels[i]));
	return o;
}

static value *export_fiche_model(const guide *g, const fiche *f)
{
	value *o = v_map(), *list;
	size_t i;

	v_set(o, "id", v_str(f->id));
	v_set(o, "axis", v_str(g->axes[f->axis].id));
	v_set(o, "title", v_str(f->title));
	v_set(o, "summary", v_str(f->summary));
	v_set(o, "weight", v_num(f->weight));
	list = v_set(o, "competences", v_list());
	for (i = 0; i < f->ncompetences; i++)
		v_push(list, v_str(f->competences[i]));
	list = v_set(o, "questions", v_list());
	for (i = 0; i < f->nquestions; i++)
		v_push(list, export_question(&f->questions[i], g->nscale));
	list = v_set(o, "recommendations", v_list());
	for (i = 0; i < f->nrecs; i++) {
		const recommendation *r = &f->recs[i];
		value *ro = v_push(list, v_map()), *po;
		size_t k;
		v_set(ro, "id", v_str(r->full_id));
		v_set(ro, "question", r->question < 0 ? v_null()
						      : v_str(f->questions[r->question].id));
		v_set(ro, "below", v_num(r->below));
		v_set(ro, "horizon", v_str(horizon_name(r->horizon)));
		po = v_set(ro, "porteur", v_list());
		for (k = 0; k < r->nporteur; k++)
			v_push(po, v_str(r->porteur[k]));
		v_set(ro, "effort", v_str(effort_name(r->effort)));
		v_set(ro, "text", v_str(r->text));
	}
	return o;
}

value *export_model(const guide *g)
{
	value *o = v_map(), *list;
	size_t i;

	v_set(o, "title", v_str(g->title));
	v_set(o, "version", v_str(g->version));
	v_set(o, "language", v_str(g->language));
	list = v_set(o, "scale", v_list());
	for (i = 0; i < g->nscale; i++) {
		value *so = v_push(list, v_map());
		v_set(so, "level", v_num((double)i));
		v_set(so, "label", v_str(g->scale[i].label));
		v_set(so, "description", v_str(g->scale[i].description));
	}
	list = v_set(o, "axes", v_list());
	for (i = 0; i < g->naxes; i++) {
		value *ao = v_push(list, v_map());
		v_set(ao, "id", v_str(g->axes[i].id));
		v_set(ao, "title", v_str(g->axes[i].title));
		v_set(ao, "summary", v_str(g->axes[i].summary));
	}
	list = v_set(o, "roles", v_list());
	for (i = 0; i < g->nroles; i++) {
		value *ro = v_push(list, v_map());
		v_set(ro, "id", v_str(g->roles[i].id));
		v_set(ro, "label", v_str(g->roles[i].label));
	}
	v_set(o, "priority_measures", v_num(g->priority_measures));
	v_set(o, "review_months", v_num(g->review_months));
	v_set(o, "divergence", v_num(g->divergence));
	list = v_set(o, "fiches", v_list());
	for (i = 0; i < g->nfiches; i++)
		v_push(list, export_fiche_model(g, &g->fiches[i]));
	return o;
}

static void csv_num(buf *out, double d)
{
	if (!isnan(d))
		fmt_double(out, d);
}

void csv_field(buf *out, const char *s)
{
	int quote = 0, formula;

	if (!s)
		return;
	formula = strchr("=+-@\t\r", s[0]) && s[0];
	quote = formula || strpbrk(s, ",;\"\r\n") != NULL;
	if (!quote) {
		buf_adds(out, s);
		return;
	}
	buf_addc(out, '"');
	if (formula)
		buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}


static void csv_score_cols(buf *out, const guide *g, score s)
{
	int lv = score_level(s);

	buf_addc(out, ',');
	csv_num(out, s.score);
	buf_addc(out, ',');
	csv_num(out, score_percent(g, s));
	buf_addc(out, ',');
	if (lv >= 0)
		buf_printf(out, "%d", lv);
	buf_addc(out, ',');
	csv_num(out, score_completeness(s));
}

void export_result_csv(buf *out, const guide *g, const answers *a, const result *r)
{
	size_t i;

	(void)a;
	BUF_LIT(out, "scope,id,axis,score,percent,level,completeness,target\r\n");
	BUF_LIT(out, "overall,,");
	csv_score_cols(out, g, r->overall);
	BUF_LIT(out, ",\r\n");
	for (i = 0; i < g->naxes; i++) {
		BUF_LIT(out, "axis,");
		csv_field(out, g->axes[i].id);
		buf_addc(out, ',');
		csv_score_cols(out, g, r->axes[i]);
		buf_addc(out, ',');
		if (a->targets[i] >= 0)
			buf_printf(out, "%d", a->targets[i]);
		BUF_LIT(out, "\r\n");
	}
	for (i = 0; i < g->nfiches; i++) {
		BUF_LIT(out, "fiche,");
		csv_field(out, g->fiches[i].id);
		buf_addc(out, ',');
		csv_field(out, g->axes[g->fiches[i].axis].id);
		csv_score_cols(out, g, r->fiches[i]);
		BUF_LIT(out, ",\r\n");
	}
}

/* The porteurs of rec joined with "; " as one CSV field. */
static void csv_porteur(buf *out, const recommendation *rec)
{
	buf b = BUF_INIT;
	size_t k;

	for (k = 0; k < rec->nporteur; k++)
		buf_printf(&b, "%s%s", k ? "; " : "", rec->porteur[k]);
	if (b.len)
		csv_field(out, b.ptr);
	buf_release(&b);
}

/* One row of the plan CSV: a step (rr) or an adopted action that no longer applies (e). */
static void csv_plan_row(buf *out, const guide *g, const answers *a, const char *step,
			 size_t rank, long measure, const ranked_rec *rr, const plan_entry *e)
{
	const fiche *f = rr ? &g->fiches[rr->fiche] : e->fiche >= 0 ? &g->fiches[e->fiche] : NULL;
	const recommendation *rec = rr ? &f->recs[rr->rec] : f ? &f->recs[e->rec] : NULL;

	if (rr && rr->adopted >= 0)
		e = &a->plan[rr->adopted];
	if (rank)
		buf_printf(out, "%zu", rank);
	buf_printf(out, ",%s,", step);
	if (measure >= 0)
		buf_printf(out, "%ld", measure + 1);
	buf_addc(out, ',');
	csv_field(out, rec ? rec->full_id : e->action);
	buf_addc(out, ',');
	csv_field(out, f ? f->id : NULL);
	buf_addc(out, ',');
	csv_field(out, rec && rec->question >= 0 ? f->questions[rec->question].id : NULL);
	buf_addc(out, ',');
	csv_field(out, rec ? horizon_name(rec->horizon) : NULL);
	buf_addc(out, ',');
	if (rr)
		csv_num(out, rr->priority);
	buf_addc(out, ',');
	csv_field(out, rec ? effort_name(rec->effort) : NULL);
	buf_addc(out, ',');
	if (rec)
		csv_porteur(out, rec);
	buf_addc(out, ',');
	csv_field(out, e ? status_name(e->status) : NULL);
	buf_addc(out, ',');
	csv_field(out, e ? e->porteur : NULL);
	buf_addc(out, ',');
	csv_field(out, e ? e->echeance : NULL);
	buf_addc(out, ',');
	csv_field(out, rec ? rec->text : NULL);
	BUF_LIT(out, "\r\n");
}

void export_plan_csv(buf *out, const guide *g, const answers *a, const result *r)
{
	long *measure = xmalloc((r->nrecs ? r->nrecs : 1) * sizeof *measure);
	size_t i;

	for (i = 0; i < r->nrecs; i++)
		measure[i] = -1;
	for (i = 0; i < r->nmeasures; i++)
		measure[r->measures[i]] = (long)i;
	BUF_LIT(out, "rank,step,measure,id,fiche,question,horizon,priority,effort,porteur,"
		     "status,status_porteur,echeance,text\r\n");
	for (i = 0; i < r->nrecs; i++)
		csv_plan_row(out, g, a, "plan", i + 1, measure[i], &r->recs[i], NULL);
	for (i = 0; i < r->nlater; i++)
		csv_plan_row(out, g, a, "later", i + 1, -1, &r->later[i], NULL);
	for (i = 0; i < a->nplan; i++)
		if (!r->plan_applicable[i])
			csv_plan_row(out, g, a, "adopted", 0, -1, NULL, &a->plan[i]);
	free(measure);
}

void export_scores_csv_head(buf *out, const guide *g)
{
	size_t k;

	BUF_LIT(out, "slug,territory,code,kind,population,date,version,"
		     "overall_score,overall_level,completeness");
	for (k = 0; k < g->naxes; k++)
		buf_printf(out, ",%s_score,%s_level", g->axes[k].id, g->axes[k].id);
	BUF_LIT(out, ",priority_measures,plan_prevue,plan_en_cours,plan_faite,plan_abandonnee\r\n");
}

void export_scores_csv_row(buf *out, const guide *g, const answers *a, const result *r)
{
	size_t k;

	csv_field(out, a->slug);
	buf_addc(out, ',');
	csv_field(out, a->territory);
	buf_addc(out, ',');
	csv_field(out, a->code);
	buf_printf(out, ",%s,", kind_name(a->kind));
	if (a->population >= 0)
		buf_printf(out, "%ld", a->population);
	buf_printf(out, ",%s,", a->date);
	csv_field(out, a->version);
	buf_addc(out, ',');
	csv_num(out, r->overall.score);
	buf_addc(out, ',');
	if (score_level(r->overall) >= 0)
		buf_printf(out, "%d", score_level(r->overall));
	buf_addc(out, ',');
	csv_num(out, score_completeness(r->overall));
	for (k = 0; k < g->naxes; k++) {
		buf_addc(out, ',');
		csv_num(out, r->axes[k].score);
		buf_addc(out, ',');
		if (score_level(r->axes[k]) >= 0)
			buf_printf(out, "%d", score_level(r->axes[k]));
	}
	buf_printf(out, ",%zu", r->nmeasures);
	for (k = 0; k < NSTATUS; k++)
		buf_printf(out, ",%zu", r->status_count[k]);
	BUF_LIT(out, "\r\n");
}

#define PLURAL(n) ((n) > 1 ? "s" : "")

/* "2,4 / 4 (60 %)" in French notation, or "non évalué". */
static void text_score(buf *out, const guide *g, score s)
{
	if (score_is_null(s)) {
		buf_adds(out, "non évalué");
		return;
	}
	buf_printf(out, "%.1f / %d  niveau %d « %s »", s.score, guide_max_level(g),
		   score_level(s), g->scale[score_level(s)].label);
	for (char *p = out->ptr; *p; p++)
		if (*p == '.' && p > out->ptr && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' &&
		    p[1] <= '9')
			*p = ',';
}

static void text_completeness(buf *out, score s)
{
	double c = score_completeness(s);

	if (isnan(c))
		buf_adds(out, "  (aucune question applicable)");
	else
		buf_printf(out, "  (%d/%d questions renseignées)", s.answered, s.applicable);
}

void export_result_text(buf *out, const guide *g, const answers *a, const result *r,
			const peers *p)
{
	size_t i;
	buf line = BUF_INIT;

	buf_printf(out, "%s, diagnostic du %s\n\n", a->territory, a->date);
	buf_adds(out, "Maturité globale : ");
	text_score(&line, g, r->overall);
	buf_add(out, line.ptr, line.len);
	text_completeness(out, r->overall);
	buf_adds(out, "\n\nPar axe :\n");
	for (i = 0; i < g->naxes; i++) {
		buf_reset(&line);
		text_score(&line, g, r->axes[i]);
		buf_printf(out, "  %-18s %s", g->axes[i].id, line.ptr);
		if (a->targets[i] >= 0)
			buf_printf(out, ", cible %d", a->targets[i]);
		if (p && p->axes && !isnan(p->axes[i].median))
			buf_printf(out, ", médiane des pairs %.1f", p->axes[i].median);
		buf_addc(out, '\n');
	}
	buf_printf(out, "\nMesures prioritaires (%zu) :\n", r->nmeasures);
	for (i = 0; i < r->nmeasures; i++) {
		const ranked_rec *rr = &r->recs[r->measures[i]];
		const fiche *f = &g->fiches[rr->fiche];
		buf_printf(out, "  %zu. %s : %s\n", i + 1, f->recs[rr->rec].full_id,
			   f->recs[rr->rec].text);
	}
	buf_printf(out, "\nPlan d’action (%zu prochaine%s étape%s, par priorité ; %zu étape%s "
			"ultérieure%s) :\n", r->nrecs, PLURAL(r->nrecs), PLURAL(r->nrecs), r->nlater,
		   PLURAL(r->nlater), PLURAL(r->nlater));
	for (i = 0; i < r->nrecs; i++) {
		const fiche *f = &g->fiches[r->recs[i].fiche];
		buf_printf(out, "  %2zu. [%s] %s : %s\n", i + 1,
			   horizon_name(r->recs[i].horizon), f->recs[r->recs[i].rec].full_id,
			   f->recs[r->recs[i].rec].text);
	}
	if (a->nplan) {
		buf_printf(out, "\nPlan adopté (%zu action%s) : %zu prévue%s, %zu en cours, "
				"%zu faite%s, %zu abandonnée%s\n", a->nplan, PLURAL(a->nplan),
			   r->status_count[STATUS_PREVUE], PLURAL(r->status_count[STATUS_PREVUE]),
			   r->status_count[STATUS_EN_COURS], r->status_count[STATUS_FAITE],
			   PLURAL(r->status_count[STATUS_FAITE]), r->status_count[STATUS_ABANDONNEE],
			   PLURAL(r->status_count[STATUS_ABANDONNEE]));
	}
	if (r->ndivs) {
		buf_printf(out, "\nPoints de divergence (%zu) :\n", r->ndivs);
		for (i = 0; i < r->ndivs; i++)
			buf_printf(out, "  %s.%s : écart %d\n", g->fiches[r->divs[i].fiche].id,
				   g->fiches[r->divs[i].fiche].questions[r->divs[i].question].id,
				   r->divs[i].spread);
	}
	buf_printf(out, "\nProchain point d’étape : %s\n", r->review);
	buf_release(&line);
}
