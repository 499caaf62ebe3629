/* export.h: scores as data: the value tree of `autodiag score --format json`
 * (DESIGN.md field names, null rules and order), and CSV/text forms. */
#ifndef AUTODIAG_EXPORT_H
#define AUTODIAG_EXPORT_H

#include "buf.h"
#include "model.h"
#include "score.h"
#include "value.h"

/* The DESIGN.md object for one answers file; p may be NULL (peers null). */
value *export_result(const guide *g, const answers *a, const result *r,
		     const peers *p);
/* A row of data/scores.json: export_result with, after "date", the
 * territory's code, kind, population and guide version. */
value *export_scores_row(const guide *g, const answers *a, const result *r,
			 const peers *p);
/* The guide (scale, axes, fiches, questions, recommendations) as data. */
value *export_model(const guide *g);

/* score --format csv: one row per overall/axis/fiche. */
void export_result_csv(buf *out, const guide *g, const answers *a, const result *r);
/* score --format csv --plan: the plan, the later steps, then the adopted
 * actions that no longer apply, one row each. */
void export_plan_csv(buf *out, const guide *g, const answers *a, const result *r);
/* score --format text: a French summary for the terminal. */
void export_result_text(buf *out, const guide *g, const answers *a, const result *r,
			const peers *p);
/* data/scores.csv: its header, then one row per answers file (RFC 4180,
 * formula-safe); r must hold the plan (score_plan). */
void export_scores_csv_head(buf *out, const guide *g);
void export_scores_csv_row(buf *out, const guide *g, const answers *a, const result *r);

/* Appends s as one CSV field (quoted when needed; a leading = + - @ is
 * neutralised so that spreadsheets do not run it as a formula). */
void csv_field(buf *out, const char *s);

#endif
