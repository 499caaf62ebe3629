/* fuzz_answers.c: libFuzzer entry for the answers loader (YAML layer,
 * validation against a small guide, scoring of what loads). */
#include <stdint.h>
#include <stdlib.h>

#include "fixture.h"
#include "load.h"
#include "score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf text = BUF_INIT;
	answers *a;
	result r;
	int st;

	buf_add(&text, data, size);
	a = answers_parse(&g, "fuzz.yaml", &text, &st);
	if (a) {
		score_compute(&g, a, &r);
		result_release(&r);
		answers_free(a, &g);
	}
	buf_release(&text);
	return 0;
}
