/* site_history.c: the history section of a report page: one small line
 * chart per axis (and overall), the table of scores and levels at each
 * diagnostic of the territory, and the fiches whose level was gained or
 * lost since the previous one.  Scores come from ctx->results. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "site_obs.h"
#include "util.h"

#define MINI_W	    300.0
#define MINI_H	    150.0
#define MINI_LEFT   30.0
#define MINI_RIGHT  16.0
#define MINI_TOP    12.0
#define MINI_BOTTOM 30.0
#define MINI_LABELS 6 /* more dates than this: only the first and last */

/* "oct. 2026" from "2026-10-12" into out (the date itself when malformed). */
static void short_date(char *out, size_t size, const char *date)
{
	static const char *const months[] = {"janv.", "févr.", "mars",	"avr.", "mai",	"juin",
					     "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
	int y, m, d;

	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		snprintf(out, size, "%s", date);
	else
		snprintf(out, size, "%s\xc2\xa0%d", months[m - 1], y);
}

/* A small line chart of values[0..n) (NaN: a gap) on the scale 0..max; with
 * many dates only the first and the last are labelled. */
static value *mini_chart(const answers *const *files, const double *values, size_t n, int max)
{
	static const chart_frame frame = { MINI_W, MINI_H, MINI_LEFT, MINI_RIGHT,
					   MINI_TOP, MINI_BOTTOM };
	char (*dates)[32] = xcalloc(n ? n : 1, sizeof *dates);
	const char **labels = xcalloc(n ? n : 1, sizeof *labels);
	value *v;
	size_t i;

	for (i = 0; i < n; i++) {
		if (n > MINI_LABELS && i != 0 && i + 1 != n)
			continue;
		short_date(dates[i], sizeof dates[i], files[i]->date);
		labels[i] = dates[i];
	}
	v = site_line_chart_in(&frame, labels, values, n, max);
	free(labels);
	free(dates);
	return v;
}

/* One cell of the table: score and level. */
static value *cell_view(const site *s, score sc)
{
	value *v = v_map();
	int lv = score_level(sc);

	v_set(v, "known", v_bool(lv >= 0));
	v_set(v, "score", site_score(sc.score));
	v_set(v, "level", lv >= 0 ? v_num(lv) : v_null());
	v_set(v, "level_label", v_str(lv >= 0 ? site_level_label(s->g, lv) : NULL));
	return v;
}

/*
 * One row of the history: overall (axis < 0) or an axis, its scores at each
 * date of idx[0..n) and its chart.
 */
static value *series_view(const site *s, const size_t *idx, size_t n, long axis,
			  const answers **files, double *vals)
{
	value *v = axis < 0 ? v_map() : site_axis_ref(s, (size_t)axis, "../");
	value *cells = v_set(v, "cells", v_list());
	size_t i;

	if (axis < 0)
		v_set(v, "title", v_str(site_string(s, "history_overall")));
	for (i = 0; i < n; i++) {
		const result *r = &s->ctx->results[idx[i]];
		score sc = axis < 0 ? r->overall : r->axes[axis];
		v_push(cells, cell_view(s, sc));
		vals[i] = score_is_null(sc) ? NAN : sc.score;
	}
	v_set(v, "chart", mini_chart(files, vals, n, guide_max_level(s->g)));
	return v;
}

/* A level and its label, or "not assessed". */
static void set_level(const site *s, value *v, const char *key, int level)
{
	buf k = BUF_INIT;

	v_set(v, key, level >= 0 ? v_num(level) : v_null());
	buf_printf(&k, "%s_known", key);
	v_set(v, k.ptr, v_bool(level >= 0));
	buf_reset(&k);
	buf_printf(&k, "%s_label", key);
	v_set(v, k.ptr,
	      v_str(level >= 0 ? site_level_label(s->g, level) : site_string(s, "not_assessed")));
	buf_release(&k);
}

/* The fiches whose level changed since file prev, by kind of change. */
static value *changes_view(const site *s, size_t prev, size_t self)
{
	fiche_change *ch = xcalloc(s->g->nfiches ? s->g->nfiches : 1, sizeof *ch);
	size_t n = fiche_changes(s->g, &s->ctx->results[prev], &s->ctx->results[self], ch);
	value *v = v_map();
	value *gained = v_set(v, "gained", v_list()), *lost = v_set(v, "lost", v_list());
	value *other = v_set(v, "other", v_list());
	size_t i;

	v_set(v, "date", site_date_fr(s->ctx->set->items[prev]->date));
	v_set(v, "href", site_report_href("../", s->ctx->set->items[prev]->slug));
	for (i = 0; i < n; i++) {
		value *to = ch[i].before < 0 || ch[i].after < 0 ? other
			    : ch[i].after > ch[i].before	? gained
								: lost;
		value *c = v_push(to, site_fiche_ref(s, ch[i].fiche, "../"));
		set_level(s, c, "before", ch[i].before);
		set_level(s, c, "after", ch[i].after);
	}
	v_set(v, "none", v_bool(n == 0));
	v_set(v, "has_gained", v_bool(gained->n > 0));
	v_set(v, "has_lost", v_bool(lost->n > 0));
	v_set(v, "has_other", v_bool(other->n > 0));
	free(ch);
	return v;
}

value *site_history(const site *s, size_t self)
{
	const answers_set *set = s->ctx->set;
	size_t *idx = xcalloc(set->n ? set->n : 1, sizeof *idx);
	size_t n = history_of(set, self, idx), i;
	const answers **files = xcalloc(n ? n : 1, sizeof *files);
	double *vals = xcalloc(n ? n : 1, sizeof *vals);
	value *v = NULL, *dates, *series;
	long prev = -1;

	if (n > 1) {
		v = v_map();
		dates = v_set(v, "dates", v_list());
		for (i = 0; i < n; i++) {
			value *d = v_push(dates, v_map());
			files[i] = set->items[idx[i]];
			v_set(d, "date", site_date_fr(files[i]->date));
			v_set(d, "href", site_report_href("../", files[i]->slug));
			v_set(d, "current", v_bool(idx[i] == self));
			if (idx[i] == self && i > 0)
				prev = (long)idx[i - 1];
		}
		series = v_set(v, "series", v_list());
		v_push(series, series_view(s, idx, n, -1, files, vals));
		for (i = 0; i < s->g->naxes; i++)
			v_push(series, series_view(s, idx, n, (long)i, files, vals));
		v_set(v, "count", v_num((double)n));
		v_set(v, "changes", prev >= 0 ? changes_view(s, (size_t)prev, self) : v_null());
	}
	free(idx);
	free(files);
	free(vals);
	return v ? v : v_null();
}
