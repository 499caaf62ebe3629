/* test_hpdf.c: pdf_hpdf.c's replacement of libharu's HPDF_FToA writes the
 * very bytes of libharu's own (found behind it with dlsym), into the whole
 * buffer, with the same end, for the coordinates a page can hold and for
 * values out of range or not numbers. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hpdf.h>
#include <hpdf_utils.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef char *(*ftoa_fn)(char *, HPDF_REAL, char *);
static ftoa_fn libharu;
static long compared, differ;

static void compare(float f)
{
	char a[16], b[16], *ea, *eb;

	memset(a, 'x', sizeof a);
	memset(b, 'x', sizeof b);
	ea = HPDF_FToA(a, f, a + HPDF_REAL_LEN);
	eb = libharu(b, f, b + HPDF_REAL_LEN);
	compared++;
	if (ea - a != eb - b || memcmp(a, b, sizeof a)) {
		if (differ++ < 5)
			fprintf(stderr, "%.9g: \"%.16s\" against libharu's \"%.16s\"\n", (double)f, a, b);
	}
}

/* every step-th float of [lo, hi), both signs */
static void floats(float lo, float hi, uint32_t step)
{
	uint32_t u;
	float f;

	memcpy(&u, &lo, 4);
	for (;; u += step) {
		memcpy(&f, &u, 4);
		if (f >= hi)
			break;
		compare(f);
		compare(-f);
	}
}

static void test_ftoa(void **state)
{
	uint32_t u, seed = 1;
	float f;
	long i;

	(void)state;
	libharu = (ftoa_fn)(uintptr_t)dlsym(RTLD_NEXT, "HPDF_FToA");
	assert_non_null(libharu);
	assert_true(libharu != HPDF_FToA);
	floats(0.99f, 1.0f, 1);		/* the fifth decimal's ties below one */
	floats(0.5f, 0.99f, 97);
	floats(595.0f, 595.05f, 1);	/* the page's width */
	floats(32766.0f, 32768.5f, 1);	/* the clamp at 32767 */
	floats(1e-6f, 2e-5f, 61);	/* what rounds to 0 or 0.00001 */
	for (i = 0; i < 200000; i++) { /* any bit pattern */
		seed = seed * 1103515245u + 12345u;
		u = seed ^ (seed >> 15) * 2654435761u;
		memcpy(&f, &u, 4);
		compare(f);
	}
	for (i = -70000; i <= 70000; i += 7) {
		compare((float)i / 2);
		compare((float)i / 1000);
		compare((float)i * 0.00001f);
	}
	compare(0.0f);
	compare(-0.0f);
	compare(NAN);
	compare(INFINITY);
	compare(-INFINITY);
	fprintf(stderr, "%ld values compared, %ld differ\n", compared, differ);
	assert_int_equal(differ, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ftoa),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
