/* pdf_report.h: the parts of a PDF report built outside pdf_report.c: the
 * history of the territory and its place among all authorities
 * (pdf_history.c).  Both append to the flow of d. */
#ifndef AUTODIAG_PDF_REPORT_H
#define AUTODIAG_PDF_REPORT_H

#include "observatory.h"
#include "pdf.h"

/* "Évolution": a small chart per axis, the table of scores and levels at
 * each date, and the fiches whose level changed since the previous
 * diagnostic.  Nothing when answers file idx is its territory's only one. */
void pdf_report_history(pdf_doc *d, size_t idx);

/* "Parmi toutes les collectivités": per axis, the authorities by level with
 * the report's own level marked.  Nothing when no axis may be shown. */
void pdf_report_observatory(pdf_doc *d, const observatory *o, size_t idx);

#endif
