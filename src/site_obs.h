/* site_obs.h: the observatory and history views shared by observatoire.html
 * (site_observatory.c) and the report pages (site_report.c,
 * site_history.c).  Figures come from observatory.h, never recomputed. */
#ifndef AUTODIAG_SITE_OBS_H
#define AUTODIAG_SITE_OBS_H

#include "observatory.h"
#include "site.h"

/* The histogram of a shown group as SVG geometry (bars per level, count
 * labels); self is the level to highlight, or -1. */
value *site_obs_histogram(const site *s, const obs_group *gr, int self);

/* The report's observatory section: per axis, all authorities, those of its
 * kind and those of its population band (a) by level, its own level (r)
 * marked.  Null when no axis is shown. */
value *site_obs_report(const site *s, const observatory *o, const answers *a,
		       const result *r);

/* The same for any authority, for assets/report-data.js: per axis whether
 * it is shown, all authorities, and every kind and band group as the report
 * of an authority of that kind or band shows it, no level marked (the
 * browser marks its own).  Null when no axis is shown. */
value *site_obs_data(const site *s, const observatory *o);

/* The history of set->items[self]: per-axis charts, the table of scores and
 * levels at each date, the changes since the previous diagnostic.  Null
 * when the territory has a single diagnostic. */
value *site_history(const site *s, size_t self);

#endif
