/* fuzz_fiche.c: libFuzzer entry for a fiche: UTF-8 checks, front matter
 * split, the YAML layer, validation and the Markdown body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "load.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf text = BUF_INIT;
	guide one = g;
	fiche f;

	memset(&f, 0, sizeof f);
	buf_add(&text, data, size);
	one.fiches = &f;
	one.nfiches = 1;
	fiche_parse(&one, &f, "fuzz.md", "fuzz", &text);
	fiche_release(&f, g.nscale);
	buf_release(&text);
	return 0;
}
