/* site_observatory.c: observatoire.html, the authorities compared: counts,
 * and per axis the distribution of the latest scores.  No figure drawn from
 * fewer than PEERS_MIN authorities is shown, to keep them anonymous. */
#include <math.h>
#include <stdlib.h>

#include "site.h"
#include "util.h"

/* Whether set->items[i] is the latest answers of its territory. */
static int is_latest(const answers_set *set, size_t i, size_t *idx)
{
	size_t n = history_of(set, i, idx);

	return n > 0 && idx[n - 1] == i;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Per axis: how many scores, quartiles and a histogram by level. */
static value *axis_stats(site *s, size_t ax, const char *latest)
{
	const answers_set *set = s->ctx->set;
	int max = guide_max_level(s->g), lv;
	double *v = xcalloc(set->n ? set->n : 1, sizeof *v);
	size_t n = 0, i, *bins = xcalloc((size_t)max + 1, sizeof *bins);
	value *a = site_axis_ref(s, ax, ""), *hist;

	for (i = 0; i < set->n; i++) {
		double sc = s->ctx->results[i].axes[ax].score;
		if (latest[i] && !isnan(sc)) {
			v[n++] = sc;
			lv = score_level(s->ctx->results[i].axes[ax]);
			bins[lv < 0 ? 0 : lv > max ? max : lv]++;
		}
	}
	qsort(v, n, sizeof *v, cmp_double);
	v_set(a, "n", v_num((double)n));
	v_set(a, "shown", v_bool(n >= PEERS_MIN));
	if (n >= PEERS_MIN) {
		v_set(a, "q1", site_num(quantile(v, n, 0.25), 1));
		v_set(a, "median", site_num(quantile(v, n, 0.5), 1));
		v_set(a, "q3", site_num(quantile(v, n, 0.75), 1));
		v_set(a, "q1_css", site_css_pct(100 * quantile(v, n, 0.25) / max));
		v_set(a, "iqr_css", site_css_pct(100 * (quantile(v, n, 0.75) -
							quantile(v, n, 0.25)) / max));
		v_set(a, "median_css", site_css_pct(100 * quantile(v, n, 0.5) / max));
		hist = v_set(a, "levels", v_list());
		for (lv = 0; lv <= max; lv++) {
			value *h = v_push(hist, v_map());
			v_set(h, "level", v_num(lv));
			v_set(h, "label", v_str(site_level_label(s->g, lv)));
			v_set(h, "shown", v_bool(bins[lv] >= PEERS_MIN || bins[lv] == 0));
			v_set(h, "count", v_num((double)bins[lv]));
			v_set(h, "css", site_css_pct(100.0 * (double)bins[lv] / (double)n));
		}
	}
	free(v);
	free(bins);
	return a;
}

int site_observatory(site *s)
{
	const answers_set *set = s->ctx->set;
	size_t n = set ? set->n : 0, i, nlatest = 0;
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx);
	char *latest = xcalloc(n ? n : 1, 1);
	value *v = site_page(s, "observatoire.html", "observatoire",
			     site_string(s, "observatory_title"));
	value *axes;

	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, site_string(s, "observatory_title"), NULL);
	for (i = 0; i < n; i++)
		nlatest += (size_t)(latest[i] = (char)is_latest(set, i, idx));
	v_set(v, "nanswers", v_num((double)n));
	v_set(v, "nterritories", v_num((double)nlatest));
	v_set(v, "min_group", v_num(PEERS_MIN));
	v_set(v, "max_level", v_num(guide_max_level(s->g)));
	axes = v_set(v, "axes", v_list());
	for (i = 0; n && i < s->g->naxes; i++)
		v_push(axes, axis_stats(s, i, latest));
	v_set(v, "any_shown", v_bool(nlatest >= PEERS_MIN));
	free(idx);
	free(latest);
	return site_render(s, "observatoire", v, "observatoire.html");
}
