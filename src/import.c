/* import.c: `autodiag import`: turns a form export (CSV, one row per
 * authority, one column per question named fiche-id.question-id) into
 * answers files.  CSV is parsed by libcsv; this file maps records onto the
 * model, reports each bad cell at FILE:ROW:COL, and writes nothing unless
 * every row is valid.
 *
 * All or nothing, and safe: every file is written into a fresh temporary
 * directory inside the output directory, and renamed into place only when
 * every row is valid and no target is a symbolic link or anything but a
 * regular file (links are never followed nor replaced).  What it writes
 * always passes `check`: cells with control characters or non-characters,
 * over-long texts, duplicated columns and numbers out of the loader's
 * bounds are errors here.  Time and memory are linear in the file's size
 * (slugs are looked up in a hash table). */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "buildrun.h"
#include "diag.h"
#include "util.h"

/* Bounds of the cells (README, "Limits"). */
#define MAX_TEXT 200			/* territory, code: bytes */
#define MAX_POPULATION 1000000000L	/* as the loader */

/* The fixed columns that precede the questions. */
static const char *const fixed[] = { "territory", "code", "kind", "population", "date" };
#define NFIXED 5

typedef struct column {
	long fiche;	/* -1 for a fixed column */
	long question;
	int fixed;	/* index in fixed[], or -1 */
} column;

typedef struct importer {
	const char *file;
	const guide *g;
	column *cols;
	size_t ncols;
	char **cells;	/* the current record */
	size_t ncells, cap;
	long row;
	buf out;	/* every answers file, concatenated: slug \0 yaml \0 */
	size_t nfiles;
	int failed;
	int seen_fixed[NFIXED];
	size_t *slugs;	/* hash set of offsets+1 of slugs in out (0: free) */
	size_t nslots, nslugs;
} importer;

static void on_field(void *s, size_t len, void *data)
{
	importer *im = data;

	if (im->ncells == im->cap) {
		im->cap = im->cap ? im->cap * 2 : 64;
		im->cells = xrealloc(im->cells, im->cap * sizeof *im->cells);
	}
	im->cells[im->ncells++] = xstrndup(s ? s : "", s ? len : 0);
}

static void cell_error(importer *im, size_t col, const char *msg, const char *cell)
{
	diag_error(im->file, (int)im->row, (int)col + 1, msg, cell);
	im->failed = 1;
}

/* Maps the header row onto columns. */
static void read_header(importer *im)
{
	/* a mark per question already given a column: linear in the columns */
	unsigned char **seen = xcalloc(im->g->nfiches + 1, sizeof *seen);
	size_t i, k;

	im->ncols = im->ncells;
	im->cols = xcalloc(im->ncols ? im->ncols : 1, sizeof *im->cols);
	for (i = 0; i < im->ncells; i++) {
		const char *h = im->cells[i];
		const char *dot = strchr(h, '.');
		column *c = &im->cols[i];
		c->fixed = -1;
		c->fiche = c->question = -1;
		for (k = 0; k < NFIXED; k++)
			if (!strcmp(h, fixed[k]))
				c->fixed = (int)k;
		if (c->fixed >= 0) {
			if (im->seen_fixed[c->fixed]++)
				cell_error(im, i, "column \"%s\" appears twice", h);
			continue;
		}
		if (dot) {
			char *fid = xstrndup(h, (size_t)(dot - h));
			c->fiche = guide_find_fiche(im->g, fid);
			free(fid);
		}
		if (c->fiche >= 0) {
			const fiche *f = &im->g->fiches[c->fiche];
			for (k = 0; k < f->nquestions; k++)
				if (!strcmp(f->questions[k].id, dot + 1))
					c->question = (long)k;
		}
		if (c->question >= 0) {
			if (!seen[c->fiche])
				seen[c->fiche] = xcalloc(im->g->fiches[c->fiche].nquestions, 1);
			if (seen[c->fiche][c->question]++)
				cell_error(im, i, "column \"%s\" appears twice", h);
			continue;
		}
		if (c->question < 0)
			cell_error(im, i, "unknown column \"%s\": expected territory, code, kind, "
					  "population, date or fiche-id.question-id", h);
	}
	for (k = 0; k < NFIXED; k++)
		if (!im->seen_fixed[k] && k != 1 && k != 3)
			cell_error(im, 0, "missing column \"%s\"", fixed[k]);
	for (k = 0; k < im->g->nfiches; k++)
		free(seen[k]);
	free(seen);
}

/* Appends s as a double-quoted YAML string. */
static void yaml_str(buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			BUF_LIT(out, "\\n");
		else if (c < 0x20)
			buf_printf(out, "\\x%02x", c);
		else
			buf_addc(out, c);
	}
	buf_addc(out, '"');
}

/* A slug from a territory name and date: lower case ASCII, '-' between words. */
static void slugify(buf *out, const char *name, const char *date)
{
	/* two-byte UTF-8 Latin letters (U+00C0..U+00FF) to ASCII */
	static const char latin[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
	size_t start = out->len;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		char rep[3] = { 0, 0, 0 };
		if (*p < 0x80 && isalnum(*p))
			rep[0] = (char)tolower(*p);
		else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf)
			rep[0] = (char)(latin[*++p - 0x80] | 0x20);
		else if (*p == 0xc5 && (p[1] == 0x92 || p[1] == 0x93))
			rep[0] = 'o', rep[1] = 'e', p++; /* œ, Œ */
		if (!isalnum((unsigned char)rep[0])) {
			dash = out->len > start;
			continue;
		}
		if (dash)
			buf_addc(out, '-');
		dash = 0;
		buf_adds(out, rep);
	}
	if (out->len == start)
		BUF_LIT(out, "territoire");
	buf_printf(out, "-%s", date);
}

/* A level of the scale written in decimal digits (leading zeros allowed:
 * the file gets the number itself); 0 or 1 into *v. */
static int valid_level(const guide *g, const char *s, long *v)
{
	size_t n = strspn(s, "0123456789");

	if (!*s || s[n])
		return 0;
	while (*s == '0' && s[1])
		s++;
	if (strlen(s) > 3)
		return 0;
	*v = strtol(s, NULL, 10);
	return *v <= guide_max_level(g);
}

/* A population in decimal digits within the loader's bound; 0 or 1. */
static int valid_population(const char *s, long *v)
{
	size_t n = strspn(s, "0123456789");

	if (!*s || s[n])
		return 0;
	while (*s == '0' && s[1])
		s++;
	if (strlen(s) > 10)
		return 0;
	*v = strtol(s, NULL, 10);
	return *v <= MAX_POPULATION;
}

/*
 * Checks that cell holds text a YAML answers file can carry: no control
 * character (C0, DEL, C1), no non-character (U+FDD0..U+FDEF, U+xFFFE,
 * U+xFFFF), no BOM.  Reports the first offender at its own column of the
 * row (the cell's column; the character's rank in the cell is named).
 */
static int clean_text(importer *im, size_t col, const char *cell)
{
	const unsigned char *p = (const unsigned char *)cell;
	size_t rank = 0;

	while (*p) {
		unsigned cp = *p;
		int n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4, k;
		if (n > 1)
			cp &= 0xFFu >> (n + 1);
		for (k = 1; k < n && p[k]; k++)
			cp = (cp << 6) | (p[k] & 0x3F);
		p += k;
		rank++;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			diag_error(im->file, (int)im->row, (int)col + 1,
				   "control character U+%04X in the cell (character %zu)", cp, rank);
			im->failed = 1;
			return 0;
		}
		if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE || cp == 0xFEFF) {
			diag_error(im->file, (int)im->row, (int)col + 1,
				   "%s U+%04X in the cell (character %zu)",
				   cp == 0xFEFF ? "byte order mark" : "non-character", cp, rank);
			im->failed = 1;
			return 0;
		}
	}
	return 1;
}

static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/*
 * Whether the slug just written at im->out[start] was produced before; if
 * not, remembers it.  A hash set of offsets: O(1) per row.
 */
static int slug_taken(importer *im, size_t start)
{
	const char *slug = im->out.ptr + start;
	size_t i, mask;

	if (2 * (im->nslugs + 1) > im->nslots) {
		size_t n = im->nslots ? 2 * im->nslots : 64, k;
		size_t *t = xcalloc(n, sizeof *t);
		for (k = 0; k < im->nslots; k++) {
			size_t off = im->slugs[k];
			if (!off)
				continue;
			for (i = hash_str(im->out.ptr + off - 1) & (n - 1); t[i]; i = (i + 1) & (n - 1))
				;
			t[i] = off;
		}
		free(im->slugs);
		im->slugs = t;
		im->nslots = n;
	}
	mask = im->nslots - 1;
	for (i = hash_str(slug) & mask; im->slugs[i]; i = (i + 1) & mask)
		if (!strcmp(im->out.ptr + im->slugs[i] - 1, slug))
			return 1;
	im->slugs[i] = start + 1;
	im->nslugs++;
	return 0;
}

/* Checks and converts the current record into an answers file in im->out. */
static void read_row(importer *im)
{
	const char *val[NFIXED] = { NULL, NULL, NULL, NULL, NULL };
	size_t i, start = im->out.len, fiche_open = (size_t)-1;
	buf yaml = BUF_INIT;
	long v;

	if (im->ncells == 1 && !im->cells[0][0])
		return; /* blank line */
	if (im->ncells != im->ncols) {
		diag_error(im->file, (int)im->row, 1, "row has %zu cells, the header has %zu",
			   im->ncells, im->ncols);
		im->failed = 1;
		return;
	}
	for (i = 0; i < im->ncols; i++)
		if (im->cols[i].fixed >= 0)
			val[im->cols[i].fixed] = im->cells[i];
	for (i = 0; i < im->ncols; i++) {
		const column *c = &im->cols[i];
		const char *cell = im->cells[i];
		if (!clean_text(im, i, cell))
			continue;
		if ((c->fixed == 0 || c->fixed == 1) && strlen(cell) > MAX_TEXT) {
			diag_error(im->file, (int)im->row, (int)i + 1, "%s longer than %d bytes",
				   fixed[c->fixed], MAX_TEXT);
			im->failed = 1;
			continue;
		}
		if (c->fixed == 2 && strcmp(cell, "commune") && strcmp(cell, "intercommunalite") &&
		    strcmp(cell, "departement") && strcmp(cell, "region") && strcmp(cell, "autre"))
			cell_error(im, i, "kind \"%s\" must be commune, intercommunalite, departement, "
					  "region or autre", cell);
		if (c->fixed == 0 && !*cell)
			cell_error(im, i, "%sempty territory", "");
		if (c->fixed == 3 && *cell && strspn(cell, "0123456789") != strlen(cell))
			cell_error(im, i, "population \"%s\" must be a whole number", cell);
		else if (c->fixed == 3 && *cell && !valid_population(cell, &v))
			cell_error(im, i, "population \"%s\" is out of range (0 to 1000000000)", cell);
		if (c->fixed == 4 && !date_valid(cell))
			cell_error(im, i, "date \"%s\" must be a calendar date written YYYY-MM-DD", cell);
		if (c->question >= 0 && *cell && strcmp(cell, "na") && strcmp(cell, "nsp") &&
		    !valid_level(im->g, cell, &v))
			cell_error(im, i, "answer \"%s\" must be a level of the scale, na, nsp or empty",
				   cell);
	}
	if (im->failed || !val[0] || !val[4])
		return;
	slugify(&im->out, val[0], val[4]);
	buf_addc(&im->out, '\0');
	if (slug_taken(im, start)) {
		diag_error(im->file, (int)im->row, 1, "another row has the same territory and date (%s)",
			   im->out.ptr + start);
		im->failed = 1;
		buf_setlen(&im->out, start);
		return;
	}
	buf_adds(&yaml, "territory: ");
	yaml_str(&yaml, val[0]);
	if (val[1] && *val[1]) {
		buf_adds(&yaml, "\ncode: ");
		yaml_str(&yaml, val[1]);
	}
	buf_printf(&yaml, "\nkind: %s\n", val[2]);
	if (val[3] && *val[3] && valid_population(val[3], &v))
		buf_printf(&yaml, "population: %ld\n", v);
	buf_printf(&yaml, "date: %s\nversion: ", val[4]);
	yaml_str(&yaml, im->g->version);
	buf_adds(&yaml, "\nanswers:\n");
	for (i = 0; i < im->ncols; i++) {
		const column *c = &im->cols[i];
		if (c->question < 0 || !*im->cells[i])
			continue;
		if (fiche_open != (size_t)c->fiche) {
			buf_printf(&yaml, "  %s:\n", im->g->fiches[c->fiche].id);
			fiche_open = (size_t)c->fiche;
		}
		if (valid_level(im->g, im->cells[i], &v))
			buf_printf(&yaml, "    %s: %ld\n",
				   im->g->fiches[c->fiche].questions[c->question].id, v);
		else	/* na, nsp */
			buf_printf(&yaml, "    %s: %s\n",
				   im->g->fiches[c->fiche].questions[c->question].id, im->cells[i]);
	}
	buf_add(&im->out, yaml.ptr, yaml.len + 1);
	buf_release(&yaml);
	im->nfiles++;
}

static void on_record(int c, void *data)
{
	importer *im = data;
	size_t i;

	(void)c;
	im->row++;
	if (im->row == 1)
		read_header(im);
	else if (!im->failed || im->cols)
		read_row(im);
	for (i = 0; i < im->ncells; i++)
		free(im->cells[i]);
	im->ncells = 0;
}

/* ';' when the header line has more semicolons than commas, else ','. */
static unsigned char guess_delim(const char *s, size_t len)
{
	size_t semi = 0, comma = 0, i;

	for (i = 0; i < len && s[i] != '\n'; i++) {
		semi += s[i] == ';';
		comma += s[i] == ',';
	}
	return semi > comma ? ';' : ',';
}

/* Whether dir/name exists (lstat). */
static int entry_exists(const char *dir, const char *name, const char *ext, struct stat *st)
{
	buf p = BUF_INIT;
	int rc;

	buf_printf(&p, "%s/%s%s", dir, name, ext);
	rc = lstat(p.ptr, st) == 0;
	buf_release(&p);
	return rc;
}

/*
 * Writes every converted file into a temporary directory inside dir, then
 * renames them in, only when no target is a link or a non-regular file and
 * no X.yml shares a slug: all or nothing.  Returns 0, 1 or 3 (reported).
 */
static int write_all(importer *im, const char *dir)
{
	const char *p, *end = im->out.ptr + im->out.len;
	buf path = BUF_INIT, tmp = BUF_INIT, tdir = BUF_INIT;
	struct stat st;
	int status = 0;

	if (make_dirs(dir) < 0) {
		diag_error(dir, 0, 0, "cannot create directory: %s", strerror(errno));
		return 3;
	}
	for (p = im->out.ptr; p < end; p += strlen(p) + 1, p += strlen(p) + 1) {
		if (entry_exists(dir, p, ".yaml", &st) && !S_ISREG(st.st_mode)) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s.yaml", dir, p);
			diag_error(path.ptr, 0, 0, "is %s: not replaced, nothing imported",
				   S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
			status = 3;
		}
		if (entry_exists(dir, p, ".yml", &st)) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s.yml", dir, p);
			diag_error(path.ptr, 0, 0, "has the slug of an imported row (%s.yaml would "
				   "share it): nothing imported", p);
			status = status ? status : 1;
		}
	}
	if (status) {
		buf_release(&path);
		return status;
	}
	buf_printf(&tdir, "%s/.import-XXXXXX", dir);
	if (!mkdtemp(tdir.ptr)) {
		diag_error(dir, 0, 0, "cannot create a temporary directory: %s", strerror(errno));
		buf_release(&tdir);
		return 3;
	}
	for (p = im->out.ptr; p < end && !status;) {
		const char *slug = p, *yaml = p + strlen(p) + 1;
		int fd;
		buf_reset(&tmp);
		buf_printf(&tmp, "%s/%s.yaml", tdir.ptr, slug);
		fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, yaml, strlen(yaml)) != (ssize_t)strlen(yaml) ||
		    close(fd) != 0) {
			diag_error(tmp.ptr, 0, 0, "cannot write: %s", strerror(errno));
			status = 3;
		}
		p = yaml + strlen(yaml) + 1;
	}
	for (p = im->out.ptr; p < end && !status;) {
		const char *slug = p, *yaml = p + strlen(p) + 1;
		buf_reset(&tmp);
		buf_reset(&path);
		buf_printf(&tmp, "%s/%s.yaml", tdir.ptr, slug);
		buf_printf(&path, "%s/%s.yaml", dir, slug);
		if (rename(tmp.ptr, path.ptr) < 0) {
			diag_error(path.ptr, 0, 0, "cannot write: %s", strerror(errno));
			status = 3;
		}
		p = yaml + strlen(yaml) + 1;
	}
	remove_tree(tdir.ptr);
	buf_release(&path);
	buf_release(&tmp);
	buf_release(&tdir);
	return status;
}

int import_csv(const guide *g, const char *file, const char *dir, size_t *nfiles)
{
	importer im;
	struct csv_parser p;
	buf text = BUF_INIT;
	size_t start = 0, i;
	int st = 0;

	memset(&im, 0, sizeof im);
	im.file = file;
	im.g = g;
	buf_init(&im.out);
	if (read_file(file, &text) < 0) {
		diag_error(file, 0, 0, "cannot read: %s", strerror(errno));
		return 3;
	}
	if (text.len >= 3 && !memcmp(text.ptr, "\xef\xbb\xbf", 3))
		start = 3;
	if (utf8_check(text.ptr + start, text.len - start) != text.len - start) {
		int line, col;
		text_position(text.ptr + start, utf8_check(text.ptr + start, text.len - start), &line, &col);
		diag_error(file, line, col, "invalid UTF-8 (export the form as UTF-8)");
		buf_release(&text);
		return 1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0)
		die_oom();
	csv_set_delim(&p, guess_delim(text.ptr + start, text.len - start));
	if (csv_parse(&p, text.ptr + start, text.len - start, on_field, on_record, &im) !=
		    text.len - start ||
	    csv_fini(&p, on_field, on_record, &im) != 0) {
		diag_error(file, (int)im.row + 1, 0, "malformed CSV: %s", csv_strerror(csv_error(&p)));
		im.failed = 1;
	}
	csv_free(&p);
	if (!im.row) {
		diag_error(file, 0, 0, "empty file: expected a header row");
		im.failed = 1;
	}
	if (!im.failed)
		st = write_all(&im, dir);
	*nfiles = im.failed ? 0 : im.nfiles;
	for (i = 0; i < im.ncells; i++)
		free(im.cells[i]);
	free(im.cells);
	free(im.cols);
	free(im.slugs);
	buf_release(&im.out);
	buf_release(&text);
	return st ? st : im.failed;
}
