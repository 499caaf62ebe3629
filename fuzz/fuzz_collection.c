/* fuzz_collection.c: libFuzzer entry for an experience and a resource: the
 * same bytes parsed as both (UTF-8 checks, front matter, YAML, validation
 * against the fixture guide's fiches, the Markdown body and its tables),
 * then the resource written as OpenDocument text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collections.h"
#include "fixture.h"
#include "odt.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf text = BUF_INIT, odt = BUF_INIT;
	experience e;
	ressource r;
	const char *err;

	memset(&e, 0, sizeof e);
	memset(&r, 0, sizeof r);
	buf_add(&text, data, size);
	experience_parse(&g, &e, "fuzz.md", "fuzz", &text);
	if (ressource_parse(&g, &r, "fuzz.md", "fuzz", &text) == 0 || r.body)
		odt_render(&odt, r.title, "fr", r.body, 0, &err);
	experience_release(&e);
	ressource_release(&r);
	buf_release(&text);
	buf_release(&odt);
	return 0;
}
