/* template.c: writes the blank answers file of `autodiag template`: every
 * fiche and question, with the level descriptors, as YAML comments. */
#include "template.h"

#include <string.h>

/* Decodes the UTF-8 character at *p (valid UTF-8: the loader checked it);
 * advances *p. */
static unsigned next_cp(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	unsigned c = s[0];
	int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4, i;

	if (n > 1)
		c &= 0xFFu >> (n + 1);
	for (i = 1; i < n && (s[i] & 0xC0) == 0x80; i++)
		c = (c << 6) | (s[i] & 0x3F);
	*p += i;
	return c;
}

/* Whether YAML (1.1, as libyaml reads it) takes cp as a line break. */
static int is_break(unsigned cp)
{
	return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* Whether cp may stand as it is in a YAML stream (c-printable, no BOM). */
static int printable(unsigned cp)
{
	if (cp == '\t')
		return 1;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return 0;
	return cp != 0xFEFF && cp != 0xFFFE && cp != 0xFFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* Appends s as a double-quoted YAML string: whatever s holds (line breaks,
 * control characters, a BOM), the result reads back as s. */
static void yaml_quoted(buf *out, const char *s)
{
	buf_addc(out, '"');
	while (*s) {
		const char *start = s;
		unsigned cp = next_cp(&s);
		if (cp == '"' || cp == '\\')
			buf_printf(out, "\\%c", (int)cp);
		else if (cp == '\n')
			buf_adds(out, "\\n");
		else if (is_break(cp) || !printable(cp) || cp == '\t')
			buf_printf(out, cp > 0xFF ? "\\u%04X" : "\\x%02X", cp);
		else
			buf_add(out, start, (size_t)(s - start));
	}
	buf_addc(out, '"');
}

/* Appends text as comment lines after prefix: every line break of YAML
 * (LF, CR, NEL, LS, PS) starts a new comment line, and a character that a
 * YAML stream may not hold becomes a space, so no text can end the comment. */
static void comment_text(buf *out, const char *prefix, const char *text)
{
	while (*text) {
		const char *start = text;
		unsigned cp = next_cp(&text);
		if (cp == '\r' && *text == '\n')
			continue;	/* CRLF: one break, at the LF */
		if (is_break(cp))
			buf_printf(out, "\n%s", prefix);
		else if (!printable(cp))
			buf_addc(out, ' ');
		else
			buf_add(out, start, (size_t)(text - start));
	}
}

/* Appends text as comment lines after prefix, then a line end. */
static void comment(buf *out, const char *prefix, const char *text)
{
	buf_adds(out, prefix);
	comment_text(out, prefix, text);
	buf_addc(out, '\n');
}

static void template_fiche(buf *out, const guide *g, const fiche *f)
{
	size_t q, l;

	buf_adds(out, "\n");
	comment(out, "  # ", f->title);
	buf_printf(out, "  %s:\n", f->id);
	for (q = 0; q < f->nquestions; q++) {
		const question *qu = &f->questions[q];
		comment(out, "    # ", qu->text);
		for (l = 0; l < g->nscale; l++) {
			buf_printf(out, "    #   %zu : ", l);
			comment_text(out, "    #       ", qu->levels[l]);
			buf_addc(out, '\n');
		}
		buf_printf(out, "    # %s: \n", qu->id);
	}
}

void template_yaml(buf *out, const guide *g)
{
	size_t i;

	buf_adds(out, "# Autodiagnostic « ");
	comment_text(out, "# ", g->title);
	buf_adds(out, " », version ");
	comment_text(out, "# ", g->version);
	buf_adds(out, "\n");
	buf_adds(out, "# Remplacez les valeurs ci-dessous, puis décommentez chaque question\n"
		      "# en lui donnant un niveau de l’échelle, na (non applicable) ou nsp\n"
		      "# (ne sait pas).  Une question laissée en commentaire est non renseignée.\n#\n"
		      "# Échelle :\n");
	for (i = 0; i < g->nscale; i++) {
		buf_printf(out, "#   %zu : ", i);
		comment_text(out, "#     ", g->scale[i].label);
		buf_addc(out, '\n');
	}
	buf_adds(out, "\nterritory: \"Nom de la collectivité\"\n"
		      "# code: \"00000\"   # code INSEE, pour suivre le territoire d’une date à l’autre\n"
		      "kind: commune     # commune | intercommunalite | departement | region | autre\n"
		      "# population: 0\n"
		      "date: 2026-01-01  # date du diagnostic, AAAA-MM-JJ\n"
		      "version: ");
	yaml_quoted(out, g->version);
	buf_adds(out, "\n# respondent: \"Direction générale des services\"\n\n"
		      "# Ambition par axe (un niveau de l’échelle) :\ntargets:\n");
	for (i = 0; i < g->naxes; i++) {
		buf_printf(out, "  # %s: %d   # ", g->axes[i].id, (int)g->nscale - 1);
		comment_text(out, "  #   ", g->axes[i].title);
		buf_addc(out, '\n');
	}
	buf_adds(out, "\nanswers:\n");
	for (i = 0; i < g->nfiches; i++)
		template_fiche(out, g, &g->fiches[i]);
}

void template_csv(buf *out, const guide *g)
{
	size_t i, q;

	buf_adds(out, "territory,code,kind,population,date");
	for (i = 0; i < g->nfiches; i++)
		for (q = 0; q < g->fiches[i].nquestions; q++)
			buf_printf(out, ",%s.%s", g->fiches[i].id, g->fiches[i].questions[q].id);
	buf_adds(out, "\r\n");
}

/* The fiches (or resources) as comment lines "#   id   title". */
static void template_ids(buf *out, const guide *g, int ressources)
{
	size_t i, n = ressources ? g->nressources : g->nfiches;

	for (i = 0; i < n; i++) {
		const char *id = ressources ? g->ressources[i].id : g->fiches[i].id;
		const char *title = ressources ? g->ressources[i].title : g->fiches[i].title;
		buf_printf(out, "#   %s", id ? id : "");
		comment(out, " : ", title ? title : "");
	}
}

void template_experience(buf *out, const guide *g)
{
	const char *first = g->nfiches && g->fiches[0].id ? g->fiches[0].id : "id-de-fiche";

	buf_printf(out, "---\n# Retour d’expérience pour le guide « %s ».\n", g->title);
	buf_adds(out, "# Enregistrez ce fichier sous content/experiences/<id>.md (lettres minuscules,\n"
		      "# chiffres et tirets), remplacez chaque valeur, puis lancez « autodiag check ».\n"
		      "# Les faits viennent des sources citées ; aucune personne n’est nommée.\n"
		      "title: \"Titre de l’expérience\"\n"
		      "territory: \"Nom de la collectivité\"\n"
		      "kind: commune      # commune | intercommunalite | departement | region | autre\n"
		      "population: 0      # nombre d’habitants\n"
		      "year: 2026         # année de l’action\n");
	buf_printf(out, "fiches: [%s]   # au moins une fiche illustrée, parmi celles-ci :\n", first);
	template_ids(out, g, 0);
	buf_adds(out, "summary: \"Une phrase qui résume ce qui a été fait.\"\n"
		      "sources:           # au moins une : d’où viennent les faits\n"
		      "  - title: \"Titre de la page ou du document\"\n"
		      "    url: \"https://www.example.org/\"\n"
		      "# ressources: []   # documents à réutiliser qui en sont issus\n");
	template_ids(out, g, 1);
	buf_adds(out, "---\n\n## Contexte\n\n## Ce qui a été fait\n\n## Résultats\n\n"
		      "## Enseignements\n");
}

void template_ressource(buf *out, const guide *g)
{
	const char *first = g->nfiches && g->fiches[0].id ? g->fiches[0].id : "id-de-fiche";

	buf_printf(out, "---\n# Document à réutiliser pour le guide « %s ».\n", g->title);
	buf_adds(out, "# Enregistrez ce fichier sous content/ressources/<id>.md (lettres minuscules,\n"
		      "# chiffres et tirets), remplacez chaque valeur, puis lancez « autodiag check ».\n"
		      "title: \"Titre du document\"\n"
		      "type: methode      # clauses | cahier-des-charges | fiche-de-poste | deliberation\n"
		      "                   # | charte | methode | financement\n");
	buf_printf(out, "fiches: [%s]   # au moins une fiche, parmi celles-ci :\n", first);
	template_ids(out, g, 0);
	buf_adds(out, "summary: \"Une phrase qui dit à quoi sert le document.\"\n"
		      "licence: \"Licence Ouverte 2.0\"\n"
		      "---\n\n# Titre du document\n\nLe texte du document, prêt à adapter.\n");
}
