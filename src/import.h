/* import.h: form exports (CSV) to answers files. */
#ifndef AUTODIAG_IMPORT_H
#define AUTODIAG_IMPORT_H

#include <stddef.h>

#include "model.h"

/*
 * Reads the CSV form export file (UTF-8, BOM or not, ',' or ';' separated),
 * checks every cell against g and, when all are valid, writes one answers
 * file per row into dir, named <territory>-<date>.yaml.  Returns 0, 1
 * (invalid cells, reported as FILE:ROW:COL; nothing written) or 3.
 */
int import_csv(const guide *g, const char *file, const char *dir, size_t *nfiles);

#endif
