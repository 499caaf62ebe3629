/* load.h: reading content/ and answers into the model, with validation.
 * Every problem is reported through diag.h; loading goes on after an error
 * so that one run reports them all. */
#ifndef AUTODIAG_LOAD_H
#define AUTODIAG_LOAD_H

#include "buf.h"
#include "model.h"

/*
 * Loads content_dir/site.yaml and content_dir/fiches/ *.md into g.  Returns 0,
 * 1 when invalid input was reported, 3 on an I/O failure (reported too).
 * g is usable (and must be freed) whatever the result.
 */
int guide_load(const char *content_dir, guide *g);

/*
 * Loads answers from path (a directory of *.yaml, or one file) into s,
 * validated against g.  A missing default directory (required == 0) is an
 * empty set.  Returns 0, 1 or 3 as guide_load does.
 */
int answers_load(const guide *g, const char *path, int required, answers_set *s);

/* Loads one answers file; NULL when it is invalid (reported). */
answers *answers_load_file(const guide *g, const char *path, int *status);

/* Parses answers from text (named path in diagnostics); as answers_load_file. */
answers *answers_parse(const guide *g, const char *path, const buf *text, int *status);

/*
 * Parses one fiche from text (named path; base is the default id) into f,
 * which the caller zeroed; f must be released with the guide.  Returns 0 or
 * 1 (reported).  Used by the loader and the fuzzers.
 */
int fiche_parse(guide *g, fiche *f, const char *path, const char *base, const buf *text);

#endif
