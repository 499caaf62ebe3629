/* merge.h: `autodiag merge`: the individual answers files of one authority
 * become one collective file whose answers carry one view per respondent. */
#ifndef AUTODIAG_MERGE_H
#define AUTODIAG_MERGE_H

#include <stddef.h>

#include "buf.h"
#include "model.h"

/*
 * Validates files[0..n) against g and, when they are the same authority
 * (same code, or same territory without one), of the same kind, population
 * and guide version, with distinct respondents, appends the collective
 * answers file to out.  Returns 0, 1 when an input is invalid or they do not
 * go together (reported with both positions), or 3 on an I/O failure.
 */
int merge_answers(const guide *g, char *const *files, size_t n, buf *out);

#endif
