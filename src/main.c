/* main.c: the `autodiag` command line.  It parses options, runs one command
 * and turns its result into the exit status: 0 success, 1 invalid input,
 * 2 usage error, 3 I/O failure.  Only this file exits. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildrun.h"
#include "diag.h"
#include "export.h"
#include "import.h"
#include "load.h"
#include "merge.h"
#include "new.h"
#include "par.h"
#include "serve.h"
#include "share.h"
#include "template.h"
#include "util.h"

#ifndef AUTODIAG_VERSION
#define AUTODIAG_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"usage: autodiag build  [--content DIR] [--theme DIR] [--answers DIR|FILE] [--out DIR]\n"
	"                       [--only site|pdf] [-j N] [-q]\n"
	"       autodiag check  [--content DIR] [--answers DIR|FILE]\n"
	"       autodiag score  FILE [--content DIR] [--answers DIR] [--format text|json|csv]\n"
	"                       [--plan]\n"
	"       autodiag template [--content DIR] [--format yaml|csv|experience|ressource]\n"
	"       autodiag import FILE.csv [--content DIR] [--out DIR]\n"
	"       autodiag merge  FILE... [--content DIR] [-o FILE]\n"
	"       autodiag new DIR [--minimal]\n"
	"       autodiag serve [--port N] [--out DIR] [--content DIR] [--theme DIR]\n"
	"                       [--answers DIR|FILE]\n"
	"       autodiag --help | --version\n"
	"\n"
	"Builds a maturity self-diagnostic guide (content/site.yaml, content/fiches/*.md)\n"
	"and the answers of local authorities (answers/*.yaml) into a static site and PDFs.\n"
	"Defaults: content/, themes/default/, answers/ and out/ in the current directory;\n"
	"without themes/default/ here, the theme installed with autodiag (see below).\n"
	"`merge` turns one authority's individual answers into one file with views;\n"
	"`new` starts a guide (a copy of the shipped one, or a skeleton with --minimal);\n"
	"`serve` previews the site on http://127.0.0.1:1313/, rebuilt and reloaded on change.\n"
	"Exit status: 0 success, 1 invalid input, 2 usage error, 3 I/O failure.\n";

typedef struct opts {
	build_opts b;
	const char *format;
	const char *port;
	int minimal;
	int plan;	/* score --plan: the action plan as CSV */
} opts;

static int usage_error(const char *fmt, const char *arg)
{
	fputs("autodiag: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'autodiag --help'.\n", stderr);
	return 2;
}

/* Parses options after the command word; returns 0 or 2 (reported). */
static int parse_opts(int argc, char **argv, opts *o, const char *allowed)
{
	static const struct option longs[] = {
		{ "content", required_argument, NULL, 'c' },
		{ "theme", required_argument, NULL, 't' },
		{ "answers", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "only", required_argument, NULL, 'O' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "port", required_argument, NULL, 'p' },
		{ "minimal", no_argument, NULL, 'm' },
		{ "plan", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "qj:o:", longs, NULL)) != -1) {
		if (c == '?' || c == ':')
			return usage_error("unknown or incomplete option \"%s\"", argv[optind - 1]);
		if (!strchr(allowed, c))
			return usage_error("option \"%s\" does not apply to this command",
					   argv[optind - 1]);
		switch (c) {
		case 'c': o->b.content = optarg; break;
		case 't': o->b.theme = optarg; break;
		case 'a': o->b.answers = optarg; o->b.answers_given = 1; break;
		case 'o': o->b.out = optarg; break;
		case 'f': o->format = optarg; break;
		case 'q': o->b.quiet = 1; break;
		case 'p': o->port = optarg; break;
		case 'm': o->minimal = 1; break;
		case 'P': o->plan = 1; break;
		case 'O':
			if (!strcmp(optarg, "site"))
				o->b.only = ONLY_SITE;
			else if (!strcmp(optarg, "pdf"))
				o->b.only = ONLY_PDF;
			else
				return usage_error("--only takes site or pdf, not \"%s\"", optarg);
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 256)
				return usage_error("-j takes a number of jobs from 1 to 256, not \"%s\"", optarg);
			o->b.jobs = (int)n;
			break;
		}
		}
	}
	return 0;
}

static int cmd_check(opts *o)
{
	guide g;
	answers_set set = { 0 };
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int st, sa = 0;

	par_set_jobs(ncpu > 0 ? (int)ncpu : 1); /* the loader's threads */
	st = guide_load(o->b.content, &g);
	if (st < 3)
		sa = answers_load(&g, o->b.answers, o->b.answers_given, &set);
	if (sa > st)
		st = sa;
	if (!st) {
		printf("%s : %zu fiche%s, %zu question%s, ", g.title, g.nfiches,
		       g.nfiches > 1 ? "s" : "", g.nquestions, g.nquestions > 1 ? "s" : "");
		if (g.nexperiences || g.nressources)
			printf("%zu expérience%s, %zu ressource%s, ", g.nexperiences,
			       g.nexperiences > 1 ? "s" : "", g.nressources,
			       g.nressources > 1 ? "s" : "");
		printf("%zu fichier%s de réponses, aucune erreur%s\n", set.n, set.n > 1 ? "s" : "",
		       diag_warnings ? " (voir les avertissements)" : "");
	}
	answers_set_free(&set, &g);
	guide_free(&g);
	return st;
}

/* Index in set of the file at path (same real path), or -1. */
static long set_find(const answers_set *set, const char *path)
{
	char want[PATH_MAX], have[PATH_MAX];
	size_t i;

	if (!realpath(path, want))
		return -1;
	for (i = 0; i < set->n; i++)
		if (realpath(set->items[i]->path, have) && !strcmp(want, have))
			return (long)i;
	return -1;
}

static void print_score(const opts *o, const guide *g, const answers_set *set, size_t self)
{
	result *all = xcalloc(set->n, sizeof *all);
	peers p;
	buf out = BUF_INIT;
	size_t i;

	for (i = 0; i < set->n; i++)
		score_compute(g, set->items[i], &all[i]);
	peers_compute(g, set, all, self, &p);
	if (o->plan) {
		export_plan_csv(&out, g, set->items[self], &all[self]);
	} else if (!strcmp(o->format, "json")) {
		value *v = export_result(g, set->items[self], &all[self], &p);
		v_json(&out, v, 2);
		buf_addc(&out, '\n');
		v_free(v);
	} else if (!strcmp(o->format, "csv")) {
		export_result_csv(&out, g, set->items[self], &all[self]);
	} else {
		export_result_text(&out, g, set->items[self], &all[self], &p);
	}
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	peers_release(&p);
	for (i = 0; i < set->n; i++)
		result_release(&all[i]);
	free(all);
}

static int cmd_score(opts *o, const char *file)
{
	guide g;
	answers_set set = { 0 };
	answers *me = NULL;
	long self;
	int st, sa;

	if (strcmp(o->format, "json") && strcmp(o->format, "csv") && strcmp(o->format, "text"))
		return usage_error("--format takes text, json or csv, not \"%s\"", o->format);
	if (o->plan && strcmp(o->format, "csv"))
		return usage_error("%s", "--plan prints CSV: use it with --format csv");
	st = guide_load(o->b.content, &g);
	if (st < 3) {
		me = answers_load_file(&g, file, &sa);
		st = sa > st ? sa : st;
	}
	if (st < 3) {
		sa = answers_load(&g, o->b.answers, o->b.answers_given, &set);
		st = sa > st ? sa : st;
	}
	if (!st) {
		self = set_find(&set, file);
		if (self < 0) {
			set.items = xrealloc(set.items, (set.n + 1) * sizeof *set.items);
			set.items[set.n] = me;
			self = (long)set.n++;
			me = NULL;
		}
		answers_set_index(&set);
		print_score(o, &g, &set, (size_t)self);
	}
	answers_free(me, &g);
	answers_set_free(&set, &g);
	guide_free(&g);
	return st;
}

static int cmd_template(opts *o)
{
	guide g;
	buf out = BUF_INIT;
	int st;

	if (strcmp(o->format, "yaml") && strcmp(o->format, "csv") &&
	    strcmp(o->format, "experience") && strcmp(o->format, "ressource"))
		return usage_error("--format takes yaml, csv, experience or ressource, not \"%s\"",
				   o->format);
	st = guide_load(o->b.content, &g);
	if (!st) {
		if (!strcmp(o->format, "csv"))
			template_csv(&out, &g);
		else if (!strcmp(o->format, "experience"))
			template_experience(&out, &g);
		else if (!strcmp(o->format, "ressource"))
			template_ressource(&out, &g);
		else
			template_yaml(&out, &g);
		fwrite(out.ptr, 1, out.len, stdout);
	}
	buf_release(&out);
	guide_free(&g);
	return st;
}

static int cmd_import(opts *o, const char *file, const char *dir)
{
	guide g;
	size_t n = 0;
	int st = guide_load(o->b.content, &g);

	if (!st)
		st = import_csv(&g, file, dir, &n);
	if (!st)
		printf("%zu fichiers de réponses écrits dans %s\n", n, dir);
	guide_free(&g);
	return st;
}

/* Whether path names the same file as one of files[0..n). */
static int is_input(const char *path, char *const *files, size_t n)
{
	struct stat a, b;
	size_t i;

	if (stat(path, &a) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (stat(files[i], &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 1;
	return 0;
}

/* Writes data to path through a temporary file renamed over it. */
static int write_atomic(const char *path, const buf *data)
{
	buf tmp = BUF_INIT;
	int st = 0;

	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	if (write_file(tmp.ptr, data->ptr, data->len) != 0 || rename(tmp.ptr, path) != 0) {
		diag_error(path, 0, 0, "cannot write: %s", strerror(errno));
		unlink(tmp.ptr);
		st = 3;
	}
	buf_release(&tmp);
	return st;
}

static int cmd_merge(opts *o, char *const *files, size_t n, const char *dest)
{
	guide g;
	buf out = BUF_INIT;
	int st;

	if (dest && is_input(dest, files, n))
		return usage_error("-o \"%s\" is one of the files to merge", dest);
	st = guide_load(o->b.content, &g);
	if (!st)
		st = merge_answers(&g, files, n, &out);
	if (!st && dest)
		st = write_atomic(dest, &out);
	else if (!st)
		fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	guide_free(&g);
	return st;
}

/* build with the theme found by lookup (share.c). */
static int cmd_build(opts *o)
{
	char *theme = theme_find(o->b.theme);
	int st;

	if (!theme)
		return 3;
	o->b.theme = theme;
	st = build_run(&o->b);
	free(theme);
	return st;
}

static int cmd_serve(opts *o)
{
	char *theme, *end;
	long port = 1313;
	int st;

	if (o->port) {
		port = strtol(o->port, &end, 10);
		if (*end || end == o->port || port < 0 || port > 65535)
			return usage_error("--port takes a number from 0 to 65535, not \"%s\"", o->port);
	}
	if (!(theme = theme_find(o->b.theme)))
		return 3;
	o->b.theme = theme;
	st = serve_run(&o->b, (int)port);
	free(theme);
	return st;
}

static int run(int argc, char **argv)
{
	opts o = { { "content", NULL, "answers", 0, "out", ONLY_ALL, 0, 0 }, NULL, NULL, 0, 0 };
	const char *cmd = argv[1];
	int st;

	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage_text, stdout);
		printf("Installed theme and guide: %s\n", share_dir());
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("autodiag %s\n", AUTODIAG_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "build")) {
		if ((st = parse_opts(argc, argv, &o, "ctaoOqj")))
			return st;
		if (optind < argc)
			return usage_error("unexpected argument \"%s\"", argv[optind]);
		if (!o.b.jobs) {
			long n = sysconf(_SC_NPROCESSORS_ONLN);
			o.b.jobs = n > 0 ? (int)n : 1;
		}
		if (!isatty(STDERR_FILENO))
			o.b.quiet = 1;
		return cmd_build(&o);
	}
	if (!strcmp(cmd, "new")) {
		if ((st = parse_opts(argc, argv, &o, "m")))
			return st;
		if (optind != argc - 1)
			return usage_error("%s", "new takes exactly one DIR");
		return new_guide(argv[optind], o.minimal);
	}
	if (!strcmp(cmd, "serve")) {
		o.b.out = NULL;
		if ((st = parse_opts(argc, argv, &o, "ctaop")))
			return st;
		if (optind < argc)
			return usage_error("unexpected argument \"%s\"", argv[optind]);
		return cmd_serve(&o);
	}
	if (!strcmp(cmd, "check")) {
		if ((st = parse_opts(argc, argv, &o, "ca")))
			return st;
		if (optind < argc)
			return usage_error("unexpected argument \"%s\"", argv[optind]);
		return cmd_check(&o);
	}
	if (!strcmp(cmd, "score")) {
		const char *file;
		o.format = "text";
		if ((st = parse_opts(argc, argv, &o, "cafP")))
			return st;
		if (optind != argc - 1)
			return usage_error("%s", "score takes exactly one answers FILE");
		file = argv[optind];
		return cmd_score(&o, file);
	}
	if (!strcmp(cmd, "template")) {
		o.format = "yaml";
		if ((st = parse_opts(argc, argv, &o, "cf")))
			return st;
		if (optind < argc)
			return usage_error("unexpected argument \"%s\"", argv[optind]);
		return cmd_template(&o);
	}
	if (!strcmp(cmd, "import")) {
		o.b.out = "answers";
		if ((st = parse_opts(argc, argv, &o, "co")))
			return st;
		if (optind != argc - 1)
			return usage_error("%s", "import takes exactly one CSV FILE");
		return cmd_import(&o, argv[optind], o.b.out);
	}
	if (!strcmp(cmd, "merge")) {
		o.b.out = NULL;
		if ((st = parse_opts(argc, argv, &o, "co")))
			return st;
		if (optind >= argc)
			return usage_error("%s", "merge takes one or more answers FILEs");
		return cmd_merge(&o, argv + optind, (size_t)(argc - optind), o.b.out);
	}
	return usage_error("unknown command \"%s\"", cmd);
}

int main(int argc, char **argv)
{
	int st;

	if (argc < 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	st = run(argc, argv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("autodiag: error: cannot write output");
		return 3;
	}
	return st;
}
