/* template.h: the blank answers file of `autodiag template` (YAML, CSV). */
#ifndef AUTODIAG_TEMPLATE_H
#define AUTODIAG_TEMPLATE_H

#include "buf.h"
#include "model.h"

/* A blank answers file listing every question as a comment. */
void template_yaml(buf *out, const guide *g);
/* The header row of a form export that `autodiag import` reads. */
void template_csv(buf *out, const guide *g);

/* A new experience (resource) file to fill in: front matter and sections. */
void template_experience(buf *out, const guide *g);
void template_ressource(buf *out, const guide *g);

#endif
