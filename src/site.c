/* site.c: the static-site back-end's entry point.  It renders the guide,
 * the questionnaire, the reports and the observatory through the theme's
 * templates, then writes the data files and copies the theme's assets. */
#include <string.h>

#include "site.h"

/*
 * Every page and file of the site but the reports, as one queue that all
 * the jobs claim from, so that they end together (job 0 alone used to make
 * all but the fiche pages: 60 % more than the other job on 2,500 fiches).
 * The costliest come first: the data files (scores grow with the answers
 * files), the observatory, the resources and experiences (an ODT document
 * each), the questionnaire; the fiche pages, the finest, last.
 */
static void site_shared(site *s)
{
	size_t nc = site_collections_count(s), n = SITE_DATA_ITEMS + 2 + nc + site_pages_count(s);
	size_t k;

	for (k = build_claim(s->ctx, BUILD_SITE_PAGES, n); k < n;
	     k = build_claim(s->ctx, BUILD_SITE_PAGES, n)) {
		if (k < SITE_DATA_ITEMS)
			site_data_item(s, k);
		else if (k == SITE_DATA_ITEMS)
			site_observatory(s);
		else if (k == SITE_DATA_ITEMS + 1)
			site_copy_assets(s);
		else if ((k -= SITE_DATA_ITEMS + 2) < nc)
			site_collections_item(s, k);
		else
			site_pages_item(s, k - nc);
	}
}

int site_build(const build_ctx *ctx)
{
	site s;

	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.g = ctx->g;
	if (site_theme_open(&s) == 0) {
		site_shared(&s);
		site_reports(&s);
	}
	site_theme_close(&s);
	return s.status;
}
