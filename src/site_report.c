/* site_report.c: one report page per answers file (rapports/<slug>.html):
 * overall level, radar and bars of the axes, the action plan and the
 * collective diagnostic (site_plan.c), the points to check, the history of
 * the territory (site_history.c), its peers and where it stands among all
 * authorities (the observatory). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "site_obs.h"
#include "util.h"

#define READ_FIRST_MAX 5

/* "19 405": thousands separated by U+202F; null when unknown. */
static value *population_view(long n)
{
	char digits[32];
	buf b = BUF_INIT;
	size_t len, i;
	value *v;

	if (n < 0)
		return v_null();
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

/* The figures of one score: score, percent, level and completeness. */
static value *score_view(const site *s, score sc)
{
	value *v = v_map();
	int level = score_level(sc);

	v_set(v, "known", v_bool(!score_is_null(sc)));
	v_set(v, "score", site_score(sc.score));
	v_set(v, "percent", site_pct(score_percent(s->g, sc) / 100));
	v_set(v, "css", site_css_pct(score_percent(s->g, sc)));
	v_set(v, "level", level >= 0 ? v_num(level) : v_null());
	v_set(v, "level_label", level >= 0 ? v_str(site_level_label(s->g, level))
					   : v_null());
	v_set(v, "completeness", site_pct(score_completeness(sc)));
	v_set(v, "answered", v_num(sc.answered));
	v_set(v, "applicable", v_num(sc.applicable));
	v_set(v, "applicable_many", v_bool(sc.applicable > 1));
	return v;
}

static value *axes_scores(const site *s, const answers *a, const result *r)
{
	value *l = v_list();
	size_t i;
	int max = guide_max_level(s->g);

	for (i = 0; i < s->g->naxes; i++) {
		value *v = v_push(l, site_axis_ref(s, i, "../"));
		v_set(v, "s", score_view(s, r->axes[i]));
		if (a->targets && a->targets[i] >= 0) {
			v_set(v, "target", v_num(a->targets[i]));
			v_set(v, "target_css", site_css_pct(100.0 * a->targets[i] / max));
			v_set(v, "target_label",
			      v_str(site_level_label(s->g, a->targets[i])));
		}
	}
	return l;
}

static value *radar_view(const site *s, const answers *a, const result *r)
{
	size_t n = s->g->naxes, i;
	const char **labels = xcalloc(n ? n : 1, sizeof *labels);
	double *vals = xcalloc(n ? n : 1, sizeof *vals);
	double *tg = xcalloc(n ? n : 1, sizeof *tg);
	value *v;

	for (i = 0; i < n; i++) {
		labels[i] = s->g->axes[i].title;
		vals[i] = r->axes[i].score;
		tg[i] = a->targets && a->targets[i] >= 0 ? a->targets[i] : NAN;
	}
	v = site_radar(labels, vals, tg, n, guide_max_level(s->g));
	free(labels);
	free(vals);
	free(tg);
	return v;
}

/* The fiches of the first recommendations, in plan order. */
static value *read_first_view(const site *s, const result *r)
{
	value *l = v_list();
	char *seen = xcalloc(s->g->nfiches ? s->g->nfiches : 1, 1);
	size_t i;

	for (i = 0; i < r->nrecs && l->n < READ_FIRST_MAX; i++) {
		size_t f = r->recs[i].fiche;
		if (seen[f])
			continue;
		seen[f] = 1;
		value *v = v_push(l, site_fiche_ref(s, f, "../"));
		v_set(v, "s", score_view(s, r->fiches[f]));
	}
	free(seen);
	return l;
}

/* An evidence link: href only for a safe URL. */
static void set_evidence(value *v, const char *evidence)
{
	buf b = BUF_INIT;

	if (!evidence)
		return;
	v_set(v, "evidence", v_str(evidence));
	if (html_url_safe(evidence)) {
		html_escape_url(&b, evidence, strlen(evidence));
		v_set(v, "evidence_href", v_strn(b.ptr, b.len));
	}
	buf_release(&b);
}

/* Per fiche: score, nsp questions, notes and evidence. */
static value *fiches_detail(const site *s, const answers *a, const result *r,
			    value *to_check)
{
	value *l = v_list();
	size_t f, q;

	for (f = 0; f < s->g->nfiches; f++) {
		const fiche *fi = &s->g->fiches[f];
		value *v = v_push(l, site_fiche_ref(s, f, "../"));
		value *notes = v_list();
		v_set(v, "axis_title", v_str(s->g->axes[fi->axis].title));
		v_set(v, "s", score_view(s, r->fiches[f]));
		v_set(v, "fiche_note", v_str(a->notes ? a->notes[f] : NULL));
		for (q = 0; q < fi->nquestions; q++) {
			const answer *an = &a->fiche_answers[f][q];
			if (an->level == LEVEL_NSP) {
				value *c = v_push(to_check, site_fiche_ref(s, f, "../"));
				v_set(c, "question", v_str(fi->questions[q].text));
			}
			if (!an->note && !an->evidence)
				continue;
			value *n = v_push(notes, v_map());
			v_set(n, "question", v_str(fi->questions[q].text));
			v_set(n, "note", v_str(an->note));
			set_evidence(n, an->evidence);
		}
		v_set(v, "answer_notes", notes);
	}
	return l;
}

static value *peers_view(const site *s, size_t self)
{
	const result *r = &s->ctx->results[self];
	double max = guide_max_level(s->g);
	value *v = NULL, *axes;
	const peers *p = &s->ctx->peers[self];
	size_t i;

	if (p->axes) {
		v = v_map();
		v_set(v, "count", v_num((double)p->count));
		axes = v_set(v, "axes", v_list());
		for (i = 0; i < s->g->naxes; i++) {
			const peer_axis *pa = &p->axes[i];
			value *a = v_push(axes, site_axis_ref(s, i, "../"));
			v_set(a, "known", v_bool(!isnan(pa->median)));
			site_quartiles(a, pa->q1, pa->median, pa->q3, max);
			v_set(a, "self", site_score(r->axes[i].score));
			v_set(a, "self_css", site_css_pct(score_percent(s->g, r->axes[i])));
			v_set(a, "self_known", v_bool(!score_is_null(r->axes[i])));
		}
	}
	return v ? v : v_null();
}

static const char *kind_key(kind k)
{
	static const char *const keys[] = { "kind_commune", "kind_intercommunalite",
		"kind_departement", "kind_region", "kind_autre" };
	return (unsigned)k < sizeof keys / sizeof *keys ? keys[k] : "kind_autre";
}

static int report_page(site *s, size_t i, const observatory *o)
{
	const answers *a = s->ctx->set->items[i];
	const result *r = &s->ctx->results[i];
	buf path = BUF_INIT, title = BUF_INIT;
	value *v, *rep, *check = v_list();
	int rc;

	buf_printf(&path, "rapports/%s.html", a->slug);
	buf_printf(&title, "%s \xe2\x80\x93 %s", site_string(s, "report_title"), a->territory);
	v = site_page(s, path.ptr, "rapports", title.ptr);
	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, title.ptr, NULL);
	rep = v_set(v, "report", v_map());
	v_set(rep, "territory", v_str(a->territory));
	v_set(rep, "kind", v_str(site_string(s, kind_key(a->kind))));
	v_set(rep, "population", population_view(a->population));
	v_set(rep, "date", site_date_fr(a->date));
	v_set(rep, "respondent", v_str(a->respondent));
	v_set(rep, "version", v_str(a->version));
	v_set(rep, "version_differs", v_bool(a->version && s->g->version &&
					     strcmp(a->version, s->g->version)));
	v_set(rep, "overall", score_view(s, r->overall));
	v_set(rep, "axes", axes_scores(s, a, r));
	v_set(rep, "radar", radar_view(s, a, r));
	v_set(rep, "actions", site_plan_view(s, i));
	v_set(rep, "collective", site_collective_view(s, i));
	v_set(rep, "nrecs", v_num((double)r->nrecs));
	v_set(rep, "nrecs_many", v_bool(r->nrecs > 1));
	v_set(rep, "nmeasures", v_num((double)r->nmeasures));
	v_set(rep, "nlater", v_num((double)r->nlater));
	v_set(rep, "has_read_first", v_bool(r->nrecs > 0));
	v_set(rep, "read_first", read_first_view(s, r));
	v_set(rep, "has_suggestions",
	      v_bool(v_set(rep, "suggestions", site_report_suggestions(s, a, r))->n > 0));
	v_set(rep, "fiches", fiches_detail(s, a, r, check));
	v_set(rep, "has_to_check", v_bool(check->n > 0));
	v_set(rep, "to_check", check);
	v_set(rep, "history", site_history(s, i));
	v_set(rep, "peers", peers_view(s, i));
	v_set(rep, "observatory", site_obs_report(s, o, a, r));
	v_set(v, "max_level", v_num(guide_max_level(s->g)));
	rc = site_render(s, "rapport", v, path.ptr);
	buf_release(&path);
	buf_release(&title);
	return rc;
}

int site_reports(site *s)
{
	size_t i;

	if (!s->ctx->set)
		return s->status ? -1 : 0;
	for (i = build_claim(s->ctx, BUILD_SITE_REPORTS, s->ctx->set->n); i < s->ctx->set->n;
	     i = build_claim(s->ctx, BUILD_SITE_REPORTS, s->ctx->set->n)) {
		build_plan(s->ctx, i);
		report_page(s, i, s->ctx->obs);
		build_unplan(s->ctx, i);
		build_progress(s->ctx);
	}
	return s->status ? -1 : 0;
}
