/* pdf.c: the PDF back-end's entry point: pdf/guide.pdf and one
 * pdf/questionnaire.pdf (blank) and one pdf/rapports/<slug>.pdf per answers file, under ctx->out_dir. */
#include "pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "util.h"

void pdf_french_date(const char *iso, char *out, size_t room)
{
	static const char *months[] = { "janvier", "février", "mars", "avril",
					 "mai", "juin", "juillet", "août",
					 "septembre", "octobre", "novembre",
					 "décembre" };
	int y, m, d;

	if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31) {
		snprintf(out, room, "%s", iso ? iso : "");
		return;
	}
	if (d == 1)
		snprintf(out, room, "1er %s %d", months[m - 1], y);
	else
		snprintf(out, room, "%d %s %d", d, months[m - 1], y);
}

static int make_dir(const char *path)
{
	if (make_dirs(path) != 0) {
		diag_error(path, 0, 0, "cannot create directory: %s", strerror(errno));
		return 3;
	}
	return 0;
}

/* Shared PDF k: the guide (0), the blank questionnaire (1) or the
 * document of resource k - 2. */
static int shared_pdf(const build_ctx *ctx, const pdf_theme *th, const hyph *h, size_t k,
		      buf *path)
{
	buf_reset(path);
	if (k == 0) {
		buf_printf(path, "%s/pdf/guide.pdf", ctx->out_dir);
		return pdf_guide(ctx, th, h, path->ptr);
	}
	if (k == 1) {
		buf_printf(path, "%s/pdf/questionnaire.pdf", ctx->out_dir);
		return pdf_questionnaire(ctx, th, h, path->ptr);
	}
	return pdf_ressource(ctx, th, h, k - 2);
}

int pdf_build(const build_ctx *ctx)
{
	pdf_theme th;
	hyph *h;
	buf path = BUF_INIT;
	int st;
	size_t i, nreports = ctx->set ? ctx->set->n : 0, nshared = 2 + ctx->g->nressources;

	st = pdf_theme_load(ctx->theme_dir, &th);
	if (st) {
		pdf_theme_release(&th);
		return st;
	}
	h = hyph_load(th.hyphenation);	/* unusable: warned by pdf_theme_check */
	buf_printf(&path, "%s/pdf/rapports", ctx->out_dir);
	st = make_dir(path.ptr);
	/* the PDFs that are not per report go to the jobs like the reports
	 * (the guide to one, the questionnaire to another, each resource's
	 * document to whichever is free) */
	for (i = build_claim(ctx, BUILD_PDF_SHARED, nshared); !st && i < nshared;
	     i = build_claim(ctx, BUILD_PDF_SHARED, nshared))
		st = shared_pdf(ctx, &th, h, i, &path);
	for (i = build_claim(ctx, BUILD_PDF_REPORTS, nreports); !st && i < nreports;
	     i = build_claim(ctx, BUILD_PDF_REPORTS, nreports)) {
		build_progress(ctx);
		buf_reset(&path);
		buf_printf(&path, "%s/pdf/rapports/%s.pdf", ctx->out_dir,
			   ctx->set->items[i]->slug);
		build_plan(ctx, i);
		st = pdf_report(ctx, &th, h, i, path.ptr);
		build_unplan(ctx, i);
	}
	buf_release(&path);
	hyph_free(h);
	pdf_theme_release(&th);
	pdf_doc_cache_free();
	return st;
}
