/* fuzz_layout.c: libFuzzer entry for the PDF layout engine (layout.c and
 * the French hyphenation of hyph.c): the input's first bytes choose the
 * line width, the alignment and the page height, the rest is text split
 * into styled runs (byte 0x01 switches the font, 0x02 is a hard line
 * break).  The lines are boxed and paginated; widths are made up (no PDF
 * library), so very long words, tiny widths and huge runs are all reached. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "util.h"

static hyph *hy;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	hy = hyph_load(HYPH_FR_DIC);
	return 0;
}

static double width(void *ctx, int font, unsigned *cp)
{
	(void)ctx;
	if (*cp == 0xFFFD || *cp > 0x10FFFF)
		*cp = '?';
	return *cp < 0x80 ? 400 + 50 * font : 700;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lay_env env = { width, NULL, NULL, 1.35 };
	lay_style st = { LF_REGULAR, 10, 0, NULL, -1 };
	lay_para *p;
	lay_box *lines;
	lay_doc doc;
	size_t n = 0, i, start;
	double w, h;
	int align;

	if (size < 4)
		return 0;
	w = 1 + data[0] * 2.0;		/* 1 to 511 points */
	h = 5 + data[1] * 3.0;		/* 5 to 770 points */
	align = data[2] % 4;
	env.hyph = data[3] & 1 ? hy : NULL;
	st.size = 4 + (data[3] >> 1) % 40;
	p = lay_para_new();
	start = 4;
	for (i = 4; i <= size; i++) {
		if (i < size && data[i] != 1 && data[i] != 2)
			continue;
		char *run = xstrndup((const char *)data + start, i - start);
		lay_para_add(p, &st, run);
		free(run);
		if (i < size && data[i] == 1)
			st.font = (st.font + 1) % LF_COUNT;
		else if (i < size)
			lay_para_newline(p, &st);
		start = i + 1;
	}
	lines = lay_para_lines(p, &env, w, align, &n);
	lay_doc_init(&doc);
	for (i = 0; i < n; i++) {
		lay_doc_take(&doc, &lines[i]);
		lay_box_release(&lines[i]);
	}
	free(lines);
	lay_paginate(&doc, h);
	lay_doc_release(&doc);
	lay_para_free(p);
	return 0;
}
