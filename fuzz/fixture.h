/* fixture.h: the small guide (tests/fixtures/content) that the answers and
 * fiche harnesses validate their inputs against, loaded once. */
#ifndef AUTODIAG_FUZZ_FIXTURE_H
#define AUTODIAG_FUZZ_FIXTURE_H

#include <stdlib.h>

#include "diag.h"
#include "load.h"

static guide g;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	diag_quiet = 1;
	if (guide_load("tests/fixtures/content", &g) != 0)
		abort();
	return 0;
}

#endif
