/* yaml_out.h: escaping for the YAML that autodiag writes (merge, import,
 * template): every value placed in a YAML file goes through it. */
#ifndef AUTODIAG_YAML_OUT_H
#define AUTODIAG_YAML_OUT_H

#include "buf.h"

/* Appends s as a double-quoted YAML scalar that reads back as s: quotes and
 * backslashes escaped, control characters as \n, \t or \xNN. */
void yaml_quote(buf *out, const char *s);

#endif
