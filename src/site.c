/* site.c: the static-site back-end's entry point.  It renders the guide,
 * the questionnaire, the reports and the observatory through the theme's
 * templates, then writes the data files and copies the theme's assets. */
#include <string.h>

#include "site.h"

int site_build(const build_ctx *ctx)
{
	site s;

	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.g = ctx->g;
	if (site_theme_open(&s) == 0) {
		if (build_is_first(ctx)) {
			site_copy_assets(&s);
			site_observatory(&s);
			site_data(&s);
		}
		site_pages(&s);
		site_collections(&s);
		site_reports(&s);
	}
	site_theme_close(&s);
	return s.status;
}
