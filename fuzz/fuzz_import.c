/* fuzz_import.c: libFuzzer entry for `autodiag import`: the input is a CSV
 * form export, imported against the small fixture guide into a scratch
 * directory.  Whatever the import writes must pass `check` (abort if not),
 * and an import that fails must write nothing. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildrun.h"
#include "fixture.h"
#include "import.h"
#include "load.h"
#include "util.h"

static char dir[64], csv[80];

/* Number of entries (hidden ones included) in d, or -1 when absent. */
static long entries(const char *d)
{
	DIR *h = opendir(d);
	struct dirent *e;
	long n = 0;

	if (!h)
		return -1;
	while ((e = readdir(h)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(h);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	int st;

	if (!dir[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof dir, "%s/fuzz-import-%ld", base, (long)getpid());
		snprintf(csv, sizeof csv, "%s.csv", dir);
	}
	remove_tree(dir);
	if (write_file(csv, (const char *)data, size) < 0)
		return 0;
	st = import_csv(&g, csv, dir, &n);
	if (st == 0) {
		answers_set set = { NULL, 0, NULL };
		if (answers_load(&g, dir, 1, &set) != 0 || set.n != n)
			abort();	/* what import writes must pass check */
		answers_set_free(&set, &g);
	} else if (entries(dir) > 0) {
		abort();	/* all or nothing */
	}
	return 0;
}
