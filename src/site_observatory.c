/* site_observatory.c: observatoire.html, the authorities compared: counts by
 * kind and population band, and per axis the histogram of the levels of the
 * latest diagnostics, overall and by group.  The figures and the anonymity
 * rule come from observatory.h; a hidden group only shows why it is hidden.
 * Also the observatory section of the report pages. */
#include <math.h>
#include <stdlib.h>

#include "site_obs.h"
#include "util.h"

#define HIST_W	    300.0
#define HIST_H	    170.0
#define HIST_SIDE   12.0
#define HIST_TOP    22.0
#define HIST_BOTTOM 34.0

static const char *const kind_keys[OBS_KINDS] = {"kind_commune", "kind_intercommunalite",
						 "kind_departement", "kind_region", "kind_autre"};
static const char *const band_keys[OBS_BANDS] = {"band_0", "band_1", "band_2",
						 "band_3", "band_4", "band_unknown"};

/* A coordinate rounded to a tenth, so that the output is stable. */
static value *coord(double d)
{
	d = floor(d * 10 + 0.5) / 10;
	return v_num(d == 0 ? 0 : d);
}

value *site_obs_histogram(const site *s, const obs_group *gr, int self)
{
	size_t nl = s->g->nscale, lv, top = 0;
	double slot = (HIST_W - 2 * HIST_SIDE) / (double)(nl ? nl : 1);
	double h = HIST_H - HIST_TOP - HIST_BOTTOM;
	value *v, *bars;

	if (gr->state != OBS_SHOWN || !gr->bins)
		return v_null();
	for (lv = 0; lv < nl; lv++)
		top = gr->bins[lv] > top ? gr->bins[lv] : top;
	v = v_map();
	v_set(v, "viewbox", v_str("0 0 300 170"));
	v_set(v, "base", coord(HIST_TOP + h));
	v_set(v, "left", coord(HIST_SIDE));
	v_set(v, "right", coord(HIST_W - HIST_SIDE));
	v_set(v, "max_level", v_num((double)nl - 1));
	bars = v_set(v, "bars", v_list());
	for (lv = 0; lv < nl; lv++) {
		double bh = top ? h * (double)gr->bins[lv] / (double)top : 0;
		double x = HIST_SIDE + slot * (double)lv;
		value *b = v_push(bars, v_map());
		v_set(b, "x", coord(x + slot * 0.15));
		v_set(b, "w", coord(slot * 0.7));
		v_set(b, "y", coord(HIST_TOP + h - bh));
		v_set(b, "h", coord(bh));
		v_set(b, "cx", coord(x + slot / 2));
		v_set(b, "count_y", coord(HIST_TOP + h - bh - 5));
		v_set(b, "label_y", coord(HIST_H - HIST_BOTTOM + 18));
		v_set(b, "count", v_num((double)gr->bins[lv]));
		v_set(b, "level", v_num((double)lv));
		v_set(b, "self", v_bool((int)lv == self));
	}
	return v;
}

/* One group as a view: its state and, when shown, its figures; self is the
 * level to mark (the report's), or -1. */
static value *group_view(const site *s, const obs_group *gr, const char *label, int self)
{
	value *v = v_map(), *levels;
	double max = guide_max_level(s->g);
	size_t lv;

	v_set(v, "label", v_str(label));
	v_set(v, "shown", v_bool(gr->state == OBS_SHOWN));
	v_set(v, "empty", v_bool(gr->state == OBS_EMPTY));
	v_set(v, "small", v_bool(gr->state == OBS_SMALL));
	v_set(v, "masked", v_bool(gr->state == OBS_MASKED));
	if (gr->state != OBS_SHOWN)
		return v;
	v_set(v, "n", v_num((double)gr->n));
	if (!gr->bins)
		return v;
	site_quartiles(v, gr->q1, gr->median, gr->q3, max);
	levels = v_set(v, "levels", v_list());
	for (lv = 0; lv < s->g->nscale; lv++) {
		value *l = v_push(levels, v_map());
		v_set(l, "count", v_num((double)gr->bins[lv]));
		v_set(l, "self", v_bool((int)lv == self));
	}
	v_set(v, "histogram", site_obs_histogram(s, gr, self));
	return v;
}

/*
 * The groups of one breakdown that exist in the set (present in sizes,
 * even when hidden there): as rows, and the shown ones as histograms.
 */
static value *breakdown(const site *s, const obs_group *grs, const obs_group *sizes,
			const char *const *keys, size_t n, value *cards)
{
	value *rows = v_list();
	size_t i;

	for (i = 0; i < n; i++) {
		if (sizes[i].state == OBS_EMPTY)
			continue;
		v_push(rows, group_view(s, &grs[i], site_string(s, keys[i]), -1));
		if (cards && grs[i].state == OBS_SHOWN && grs[i].bins)
			v_push(cards, group_view(s, &grs[i], site_string(s, keys[i]), -1));
	}
	return rows;
}

/* Per axis: the table of every group and the histograms of the shown ones. */
static value *axis_view(const site *s, const observatory *o, size_t ax)
{
	const obs_table *t = &o->axes[ax];
	value *a = site_axis_ref(s, ax, ""), *cards;

	v_set(a, "all", group_view(s, &t->all, site_string(s, "obs_all"), -1));
	cards = v_set(a, "cards", v_list());
	if (t->all.state == OBS_SHOWN)
		v_push(cards, group_view(s, &t->all, site_string(s, "obs_all"), -1));
	v_set(a, "kinds", breakdown(s, t->kinds, o->sizes.kinds, kind_keys, OBS_KINDS, cards));
	v_set(a, "bands", breakdown(s, t->bands, o->sizes.bands, band_keys, OBS_BANDS, cards));
	v_set(a, "shown", v_bool(t->all.state == OBS_SHOWN));
	return a;
}

/* The scale as column headers. */
static value *levels_view(const guide *g)
{
	value *l = v_list();
	size_t i;

	for (i = 0; i < g->nscale; i++) {
		value *v = v_push(l, v_map());
		v_set(v, "level", v_num((double)i));
		v_set(v, "label", v_str(g->scale[i].label));
	}
	return l;
}

int site_observatory(site *s)
{
	const observatory *o = s->ctx->obs;
	value *v =
	    site_page(s, "observatoire.html", "observatoire", site_string(s, "observatory_title"));
	value *axes;
	size_t i;

	site_crumb(v, site_string(s, "nav_home"), "index.html");
	site_crumb(v, site_string(s, "observatory_title"), NULL);
	v_set(v, "nanswers", v_num((double)o->nanswers));
	v_set(v, "nterritories", v_num((double)o->nterritories));
	v_set(v, "min_group", v_num(PEERS_MIN));
	v_set(v, "max_level", v_num(guide_max_level(s->g)));
	v_set(v, "scale", levels_view(s->g));
	v_set(v, "ncols", v_num((double)s->g->nscale + 3));
	v_set(v, "nfig", v_num((double)s->g->nscale + 2));
	v_set(v, "sizes_all", group_view(s, &o->sizes.all, site_string(s, "obs_all"), -1));
	v_set(v, "sizes_kinds",
	      breakdown(s, o->sizes.kinds, o->sizes.kinds, kind_keys, OBS_KINDS, NULL));
	v_set(v, "sizes_bands",
	      breakdown(s, o->sizes.bands, o->sizes.bands, band_keys, OBS_BANDS, NULL));
	axes = v_set(v, "axes", v_list());
	for (i = 0; i < s->g->naxes; i++)
		v_push(axes, axis_view(s, o, i));
	v_set(v, "any_shown", v_bool(o->sizes.all.state == OBS_SHOWN));
	return site_render(s, "observatoire", v, "observatoire.html");
}

/* "Commune (même nature)": a group of the report's own. */
static value *own_group(const site *s, const obs_group *gr, const char *key,
			const char *what, int self)
{
	buf b = BUF_INIT;
	value *v;

	buf_printf(&b, "%s (%s)", site_string(s, key), what);
	v = group_view(s, gr, b.ptr, self);
	buf_release(&b);
	return v;
}

/* Completes the observatory view v of a report or of the browser's data
 * with the scale and the figures of o; a null when no axis is shown. */
static value *obs_finish(const site *s, const observatory *o, value *v, int any)
{
	if (!any) {
		v_free(v);
		return v_null();
	}
	v_set(v, "scale", levels_view(s->g));
	v_set(v, "nterritories", v_num((double)o->nterritories));
	v_set(v, "min_group", v_num(PEERS_MIN));
	v_set(v, "nfig", v_num((double)s->g->nscale + 2));
	v_set(v, "ncols", v_num((double)s->g->nscale + 3));
	return v;
}

value *site_obs_report(const site *s, const observatory *o, const answers *a, const result *r)
{
	value *v = v_map(), *axes = v_set(v, "axes", v_list());
	int kd = (unsigned)a->kind < OBS_KINDS ? (int)a->kind : KIND_AUTRE;
	int bd = obs_band(a->population);
	size_t ax;
	int any = 0;

	for (ax = 0; ax < s->g->naxes; ax++) {
		const obs_table *t = &o->axes[ax];
		int self = score_level(r->axes[ax]);
		value *x = v_push(axes, site_axis_ref(s, ax, "../")), *groups;
		v_set(x, "shown", v_bool(t->all.state == OBS_SHOWN));
		v_set(x, "self", self >= 0 ? v_num(self) : v_null());
		v_set(x, "self_label", self >= 0 ? v_str(site_level_label(s->g, self)) : v_null());
		any |= t->all.state == OBS_SHOWN;
		v_set(x, "all", group_view(s, &t->all, site_string(s, "obs_all"), self));
		groups = v_set(x, "groups", v_list());
		v_push(groups, group_view(s, &t->all, site_string(s, "obs_all"), self));
		v_push(groups, own_group(s, &t->kinds[kd], kind_keys[kd], "même nature", self));
		v_push(groups, own_group(s, &t->bands[bd], band_keys[bd], "même tranche", self));
	}
	return obs_finish(s, o, v, any);
}

value *site_obs_data(const site *s, const observatory *o)
{
	value *v, *axes;
	size_t ax, i;
	int any = 0;

	if (!o)
		return v_null();
	v = v_map();
	axes = v_set(v, "axes", v_list());
	for (ax = 0; ax < s->g->naxes; ax++) {
		const obs_table *t = &o->axes[ax];
		value *x = v_push(axes, v_map()), *l;
		v_set(x, "shown", v_bool(t->all.state == OBS_SHOWN));
		any |= t->all.state == OBS_SHOWN;
		v_set(x, "all", group_view(s, &t->all, site_string(s, "obs_all"), -1));
		l = v_set(x, "kinds", v_list());
		for (i = 0; i < OBS_KINDS; i++)
			v_push(l, own_group(s, &t->kinds[i], kind_keys[i], "même nature", -1));
		l = v_set(x, "bands", v_list());
		for (i = 0; i < OBS_BANDS; i++)
			v_push(l, own_group(s, &t->bands[i], band_keys[i], "même tranche", -1));
	}
	return obs_finish(s, o, v, any);
}
