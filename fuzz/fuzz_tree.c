/* fuzz_tree.c: libFuzzer entry for whole trees.  The input is several files
 * separated by NUL bytes (a NUL cannot be in a valid text file anyway), each
 * "NAME\nCONTENT": NAME site.yaml is content/site.yaml, NAME.md a fiche,
 * NAME.yaml or NAME.yml an answers file.  The tree is written to a scratch
 * directory and goes through what `autodiag build` does: load the guide and
 * the answers (one broken file with the files that refer to it), score,
 * peers, then the site and the PDF back-ends when everything loaded. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "buildrun.h"
#include "diag.h"
#include "load.h"
#include "observatory.h"
#include "score.h"
#include "util.h"

static char root[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	(void)argc;
	(void)argv;
	diag_quiet = 1;
	snprintf(root, sizeof root, "%s/fuzz-tree-%ld", base, (long)getpid());
	return 0;
}

/* Whether name is a plain file name the tree may hold. */
static int name_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 64 || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '.' || s[i] == '_'))
			return 0;
	return 1;
}

static int ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n > k && !memcmp(s + n - k, suf, k);
}

static void put(const char *dir, const char *name, size_t nlen, const uint8_t *p, size_t len)
{
	buf path = BUF_INIT;
	FILE *f;

	buf_printf(&path, "%s/%s/%.*s", root, dir, (int)nlen, name);
	if ((f = fopen(path.ptr, "wb"))) {
		fwrite(p, 1, len, f);
		fclose(f);
	}
	buf_release(&path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	buf p = BUF_INIT;
	const uint8_t *s = data, *end = data + size;
	int nfiles = 0;
	guide g;
	answers_set set = { NULL, 0, NULL };
	int st;

	remove_tree(root);
	buf_printf(&p, "%s/content/fiches", root);
	make_dirs(p.ptr);
	buf_reset(&p);
	buf_printf(&p, "%s/answers", root);
	make_dirs(p.ptr);
	while (s < end && nfiles < 64) {
		const uint8_t *e = memchr(s, 0, (size_t)(end - s)), *nl;
		if (!e)
			e = end;
		nl = memchr(s, '\n', (size_t)(e - s));
		if (nl) {
			const char *name = (const char *)s;
			size_t n = (size_t)(nl - s);
			if (name_ok(name, n)) {
				if (n == 9 && !memcmp(name, "site.yaml", 9))
					put("content", name, n, nl + 1, (size_t)(e - nl - 1));
				else if (ends(name, n, ".md"))
					put("content/fiches", name, n, nl + 1, (size_t)(e - nl - 1));
				else if (ends(name, n, ".yaml") || ends(name, n, ".yml"))
					put("answers", name, n, nl + 1, (size_t)(e - nl - 1));
			}
		}
		nfiles++;
		s = e + 1;
	}
	buf_reset(&p);
	buf_printf(&p, "%s/content", root);
	st = guide_load(p.ptr, &g);
	if (st < 3) {
		buf a = BUF_INIT;
		buf_printf(&a, "%s/answers", root);
		int sa = answers_load(&g, a.ptr, 0, &set);
		st = sa > st ? sa : st;
		buf_release(&a);
	}
	if (!st) {
		result *all = xcalloc(set.n + 1, sizeof *all);
		peers *pe = xcalloc(set.n + 1, sizeof *pe);
		size_t i;
		buf out = BUF_INIT;

		answers_set_index(&set);
		for (i = 0; i < set.n; i++)
			score_compute(&g, set.items[i], &all[i]);
		for (i = 0; i < set.n; i++)
			peers_compute(&g, &set, all, i, &pe[i]);
		buf_printf(&out, "%s/out", root);
		make_dirs(out.ptr);
		{
			observatory obs;
			observatory_compute(&g, &set, all, &obs);
			build_ctx ctx = { &g, &set, all, pe, "themes/default", out.ptr, 0,
					  1, 1, 0, 1, NULL, &obs };
			if (site_build(&ctx) == 0)
				pdf_build(&ctx);
			observatory_release(&obs);
		}
		for (i = 0; i < set.n; i++) {
			result_release(&all[i]);
			peers_release(&pe[i]);
		}
		free(all);
		free(pe);
		buf_release(&out);
	}
	answers_set_free(&set, &g);
	guide_free(&g);
	buf_release(&p);
	return 0;
}
