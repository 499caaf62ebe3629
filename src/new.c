/* new.c: `autodiag new DIR`: a new guide directory that builds at once,
 * either a copy of the shipped guide (content/ and answers/) or, with
 * --minimal, a small skeleton whose text lives below.  The theme is not
 * copied: builds find the installed one (share.c), as Hugo's embedded one. */
#include "new.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "share.h"
#include "util.h"

static const char skel_site[] =
	"title: \"Mon autodiagnostic\"\n"
	"version: \"0.1\"\n"
	"language: \"fr\"\n"
	"description: \"Un premier guide d’autodiagnostic, à compléter fiche après fiche.\"\n"
	"scale:\n"
	"  - level: 0\n"
	"    label: \"Non engagé\"\n"
	"    description: \"La collectivité n’a pas encore agi sur le sujet.\"\n"
	"  - level: 1\n"
	"    label: \"Engagé\"\n"
	"    description: \"Une démarche écrite existe, avec un responsable et un suivi.\"\n"
	"axes:\n"
	"  - id: strategie\n"
	"    title: \"Stratégie\"\n"
	"    summary: \"Le projet numérique part du projet de territoire et des besoins des habitants.\"\n";

static const char skel_fiche[] =
	"---\n"
	"title: \"Feuille de route numérique\"\n"
	"axis: strategie\n"
	"summary: \"Relier les projets numériques au projet de territoire dans une feuille de route "
	"adoptée.\"\n"
	"competences: [\"Chef de projet numérique\"]\n"
	"questions:\n"
	"  - id: feuille-route\n"
	"    text: \"La collectivité a-t-elle adopté une feuille de route numérique\u202f?\"\n"
	"    levels:\n"
	"      - \"Aucune feuille de route n’existe.\"\n"
	"      - \"Une feuille de route est adoptée par les élus et suivie chaque année.\"\n"
	"recommendations:\n"
	"  - question: feuille-route\n"
	"    below: 1\n"
	"    horizon: court\n"
	"    text: \"Rédiger une feuille de route d’une page avec trois projets prioritaires "
	"et la présenter en conseil.\"\n"
	"---\n"
	"\n"
	"## Contexte\n"
	"\n"
	"Les projets numériques naissent souvent service par service, au gré des offres.\n"
	"\n"
	"## Enjeux\n"
	"\n"
	"Une feuille de route donne un cap partagé et permet d’arbitrer entre les projets.\n"
	"\n"
	"## Points de réussite\n"
	"\n"
	"- Un élu qui porte la démarche.\n"
	"- Des priorités tirées des besoins des habitants.\n"
	"\n"
	"## Compétences internes nécessaires\n"
	"\n"
	"Un chef de projet qui anime la démarche entre les directions.\n";

static const char skel_answers[] =
	"territory: \"Commune exemple\"\n"
	"kind: commune\n"
	"population: 2500\n"
	"date: 2026-01-15\n"
	"version: \"0.1\"\n"
	"respondent: \"Direction générale des services\"\n"
	"answers:\n"
	"  feuille-de-route:\n"
	"    feuille-route: 0\n";

static const char readme[] =
	"# Guide d’autodiagnostic\n"
	"\n"
	"Ce dossier est un guide pour `autodiag`.\n"
	"\n"
	"- `content/site.yaml`\u00a0: le titre, l’échelle de maturité (de 2 à 10 niveaux) et les axes.\n"
	"- `content/fiches/*.md`\u00a0: une fiche par sujet. L’en-tête YAML donne le titre, l’axe,\n"
	"  les questions (un descripteur par niveau de l’échelle) et les recommandations. Le corps,\n"
	"  en Markdown, suit les sections Contexte, Enjeux, Points de réussite et Compétences\n"
	"  internes nécessaires.\n"
	"- `answers/*.yaml`\u00a0: les réponses d’une collectivité à une date.\n"
	"\n"
	"## Commandes\n"
	"\n"
	"    autodiag check    # vérifie le guide et les réponses\n"
	"    autodiag serve    # aperçu sur http://127.0.0.1:1313/, rechargé à chaque modification\n"
	"    autodiag build    # publie le site dans out/site et les PDF dans out/pdf\n"
	"\n"
	"Le thème par défaut est celui installé avec autodiag. Pour le modifier, copiez-le dans\n"
	"`themes/default/` (voir `man autodiag`)\u00a0: un thème présent ici est pris en premier.\n";

static const char gitignore[] = "/out/\n";

/* Whether dir exists and holds something; sets *exists. */
static int dir_nonempty(const char *dir, int *exists)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int any = 0;

	*exists = d != NULL || errno != ENOENT;
	if (!d)
		return *exists;
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return any;
}

/* Writes dir/rel (its directories made); 0 or 3 (reported). */
static int put(const char *dir, const char *rel, const char *text)
{
	buf path = BUF_INIT;
	char *slash;
	int st = 0;

	buf_printf(&path, "%s/%s", dir, rel);
	slash = strrchr(path.ptr, '/');
	*slash = '\0';
	if (make_dirs(path.ptr) < 0)
		st = 3;
	*slash = '/';
	if (!st && write_file(path.ptr, text, strlen(text)) < 0)
		st = 3;
	if (st)
		diag_error(path.ptr, 0, 0, "cannot write: %s", strerror(errno));
	buf_release(&path);
	return st;
}

/* Copies the regular file from to a new file to; 0 or -1 with errno. */
static int copy_file(const char *from, const char *to)
{
	char chunk[65536];
	int in = open(from, O_RDONLY), out = -1, rc = -1;
	ssize_t n = 0;

	if (in >= 0)
		out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (out >= 0) {
		while ((n = read(in, chunk, sizeof chunk)) > 0)
			if (write(out, chunk, (size_t)n) != n) {
				n = -1;
				break;
			}
		rc = n == 0 ? 0 : -1;
	}
	if (out >= 0 && close(out) < 0)
		rc = -1;
	if (in >= 0)
		close(in);
	return rc;
}

/* The tree being copied by copy_entry (nftw has no user pointer). */
static size_t copy_skip;
static const char *copy_dest;

static int copy_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	buf to = BUF_INIT;
	int rc = 0;

	(void)ftw;
	buf_printf(&to, "%s%s", copy_dest, path + copy_skip);
	if (flag == FTW_D)
		rc = mkdir(to.ptr, 0777) < 0 && errno != EEXIST ? -1 : 0;
	else if (flag == FTW_F && S_ISREG(st->st_mode))
		rc = copy_file(path, to.ptr);
	else if (flag == FTW_DNR || flag == FTW_NS)
		rc = -1;
	if (rc < 0)
		diag_error(flag == FTW_D || flag == FTW_F ? to.ptr : path, 0, 0, "cannot copy: %s",
			   strerror(errno));
	buf_release(&to);
	return rc;
}

/* Copies from/name into dir/name; 0 or 3 (reported). */
static int copy_tree(const char *from, const char *name, const char *dir)
{
	buf src = BUF_INIT, dest = BUF_INIT;
	int rc;

	buf_printf(&src, "%s/%s", from, name);
	buf_printf(&dest, "%s/%s", dir, name);
	copy_skip = src.len;
	copy_dest = dest.ptr;
	rc = nftw(src.ptr, copy_entry, 32, FTW_PHYS);
	if (rc < 0 && errno)
		diag_error(src.ptr, 0, 0, "cannot copy: %s", strerror(errno));
	buf_release(&src);
	buf_release(&dest);
	return rc ? 3 : 0;
}

static int write_minimal(const char *dir)
{
	int st = put(dir, "content/site.yaml", skel_site);

	if (!st)
		st = put(dir, "content/fiches/feuille-de-route.md", skel_fiche);
	if (!st)
		st = put(dir, "answers/commune-exemple-2026.yaml", skel_answers);
	return st;
}

static int copy_guide(const char *dir)
{
	char *from = guide_find();
	int st;

	if (!from)
		return 3;
	st = copy_tree(from, "content", dir);
	if (!st)
		st = copy_tree(from, "answers", dir);
	free(from);
	return st;
}

int new_guide(const char *dir, int minimal)
{
	int exists, st;

	if (dir_nonempty(dir, &exists)) {
		diag_error(dir, 0, 0, "not an empty directory; autodiag new writes only into a "
				      "new or empty one");
		return 2;
	}
	if (!exists && make_dirs(dir) < 0) {
		diag_error(dir, 0, 0, "cannot create directory: %s", strerror(errno));
		return 3;
	}
	st = minimal ? write_minimal(dir) : copy_guide(dir);
	if (!st)
		st = put(dir, "README.md", readme);
	if (!st)
		st = put(dir, ".gitignore", gitignore);
	return st;
}
