/* site_report_data.c: assets/report-data.js, what "mon rapport" (the
 * questionnaire's report, assets/report.js) needs beyond the answers in the
 * browser to show every section of rapports/<slug>.html: the peers of any
 * authority, the observatory, the experiences and resources to suggest.
 * One file shared by every page, linear in the number of territories: the
 * figures are computed here (peers.h, observatory.h), never in the browser. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "peers.h"
#include "site.h"
#include "site_obs.h"
#include "util.h"

#define PEER_BANDS 5		/* population_band 0..4 */
#define KINDS (KIND_AUTRE + 1)
#define VARIANTS_MAX 36		/* one base-36 digit per axis */

static const char digits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* The quartiles of one axis of a peers result: [q1, median, q3], or null
 * when the axis has no score. */
static value *triplet(const peer_axis *pa)
{
	value *t;

	if (isnan(pa->median))
		return v_null();
	t = v_list();
	v_push(t, v_num(pa->q1));
	v_push(t, v_num(pa->median));
	v_push(t, v_num(pa->q3));
	return t;
}

static int same_axis(const peer_axis *a, const peer_axis *b)
{
	if (isnan(a->median) || isnan(b->median))
		return isnan(a->median) && isnan(b->median);
	return a->q1 == b->q1 && a->median == b->median && a->q3 == b->q3;
}

/* One group (kind k, band b) of at least PEERS_MIN files: its count, its
 * figures with no one excluded, then an empty list of variants per axis;
 * null for a smaller group. */
static value *group_data(const site *s, const peers_index *px, kind k, int b)
{
	value *v, *all;
	peers p;
	size_t ax;

	peers_index_group(px, k, b, &p);
	if (p.count < PEERS_MIN) { /* nobody there has peers: not even its size */
		peers_release(&p);
		return v_null();
	}
	v = v_map();
	v_set(v, "count", v_num((double)p.count));
	all = v_set(v, "all", v_list());
	for (ax = 0; ax < s->g->naxes; ax++)
		v_push(all, triplet(&p.axes[ax]));
	v_set(v, "less", v_list());
	peers_release(&p);
	return v;
}

/*
 * Writes the territory key of a ("c:" and its INSEE code, else "t:" and its
 * name: what same_territory compares) into key.
 */
static void territory_key(buf *key, const answers *a)
{
	buf_reset(key);
	buf_adds(key, a->code ? "c:" : "t:");
	buf_adds(key, a->code ? a->code : a->territory);
}

/*
 * A member of a group (the latest file of a territory) as [key, group,
 * digits]: per axis the index of its figures among the group's variants,
 * which are the group's figures less one member.  A member only shifts the
 * closest ranks of each quartile: before, at or after them, or not at all
 * when it has no score there, so a group has at most 8 variants per axis.
 */
static void member_data(const site *s, const peers_index *px, size_t i, int gk,
			value *group, value *members, buf *key)
{
	value *less = v_get(group, "less"), *m;
	buf code = BUF_INIT;
	peers p;
	size_t ax, nax = s->g->naxes;

	peers_index_get(px, i, &p);
	territory_key(key, s->ctx->set->items[i]);
	m = v_push(members, v_list());
	v_push(m, v_strn(key->ptr, key->len));
	v_push(m, v_num(gk));
	if (!p.axes) /* fewer than PEERS_MIN others */
		return;
	while (less->n < nax)
		v_push(less, v_list());
	for (ax = 0; ax < nax; ax++) {
		value *vars = less->items[ax];
		size_t k;
		for (k = 0; k < vars->n; k++) {
			peer_axis pa = { NAN, NAN, NAN, 0 };
			value *t = vars->items[k];
			if (t->kind == V_LIST) {
				pa.q1 = t->items[0]->num;
				pa.median = t->items[1]->num;
				pa.q3 = t->items[2]->num;
			}
			if (same_axis(&pa, &p.axes[ax]))
				break;
		}
		if (k == vars->n && k < VARIANTS_MAX)
			v_push(vars, triplet(&p.axes[ax]));
		buf_addc(&code, digits36[k < VARIANTS_MAX ? k : 0]);
	}
	v_push(m, v_strn(code.ptr, code.len));
	buf_release(&code);
	peers_release(&p);
}

/* The peers of any authority: groups by kind then band, and the territories
 * whose latest file is in one. */
static value *peers_data(const site *s)
{
	const answers_set *set = s->ctx->set;
	value *v = v_map(), *groups, *members;
	peers_index *px;
	buf key = BUF_INIT;
	size_t i;
	int k, b;

	v_set(v, "min", v_num(PEERS_MIN));
	groups = v_set(v, "groups", v_list());
	members = v_set(v, "members", v_list());
	if (!set || !set->latest) {
		for (k = 0; k < KINDS * PEER_BANDS; k++)
			v_push(groups, v_null());
		return v;
	}
	px = peers_index_new(s->g, set, s->ctx->results);
	for (k = 0; k < KINDS; k++)
		for (b = 0; b < PEER_BANDS; b++)
			v_push(groups, group_data(s, px, (kind)k, b));
	for (i = 0; i < set->n; i++) {
		const answers *a = set->items[i];
		int band = population_band(a->population);
		if (!set->latest[i] || band < 0 || (unsigned)a->kind >= KINDS)
			continue;
		k = (int)a->kind * PEER_BANDS + band;
		if (groups->items[k]->kind == V_MAP)
			member_data(s, px, i, k, groups->items[k], members, &key);
	}
	peers_index_free(px);
	buf_release(&key);
	return v;
}

int site_report_data(site *s)
{
	value *v = v_map();
	buf b = BUF_INIT;
	int rc;

	v_set(v, "peers", peers_data(s));
	v_set(v, "observatory", site_obs_data(s, s->ctx->obs));
	v_set(v, "collections", site_collections_data(s));
	buf_adds(&b, "/* Généré par autodiag : les pairs, l’observatoire et les expériences "
		     "du rapport. */\nwindow.AUTODIAG_REPORT_DATA = ");
	v_json(&b, v, -1);
	buf_adds(&b, ";\n");
	v_free(v);
	rc = site_write(s, "assets/report-data.js", b.ptr, b.len);
	buf_release(&b);
	return rc;
}
