/* model.c: names of model enums, look-ups and freeing. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "collections.h"

const char *horizon_name(horizon h)
{
	static const char *const names[] = { "court", "moyen", "long" };
	return names[h];
}

const char *kind_name(kind k)
{
	static const char *const names[] = { "commune", "intercommunalite",
					     "departement", "region", "autre" };
	return names[k];
}

static void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int strv_has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

int guide_fiche_failed(const guide *g, const char *id)
{
	return strv_has(g->failed_fiches, g->nfailed_fiches, id);
}

int guide_axis_failed(const guide *g, const char *id)
{
	return strv_has(g->failed_axes, g->nfailed_axes, id);
}

const char *effort_name(effort e)
{
	static const char *const names[] = { NULL, "faible", "moyen", "fort" };
	return names[e];
}

const char *status_name(plan_status s)
{
	static const char *const names[] = { "prevue", "en-cours", "faite", "abandonnee" };
	return names[s];
}

int guide_find_rec(const guide *g, const char *full_id, size_t *fi, size_t *ri)
{
	const char *dot = strchr(full_id, '.');
	size_t i, k;

	if (!dot)
		return -1;
	for (i = 0; i < g->nfiches; i++) {
		const fiche *f = &g->fiches[i];
		if (!f->id || strlen(f->id) != (size_t)(dot - full_id) ||
		    memcmp(f->id, full_id, (size_t)(dot - full_id)))
			continue;
		for (k = 0; k < f->nrecs; k++) {
			if (f->recs[k].id && !strcmp(f->recs[k].id, dot + 1)) {
				*fi = i;
				*ri = k;
				return 0;
			}
		}
		return -1;
	}
	return -1;
}

long guide_find_fiche(const guide *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nfiches; i++)
		if (g->fiches[i].id && !strcmp(g->fiches[i].id, id))
			return (long)i;
	return -1;
}

long guide_find_axis(const guide *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->naxes; i++)
		if (!strcmp(g->axes[i].id, id))
			return (long)i;
	return -1;
}


void fiche_release(fiche *f, size_t nlevels)
{
	size_t i;

	free(f->id);
	free(f->path);
	free(f->title);
	free(f->summary);
	strv_free(f->competences, f->ncompetences);
	for (i = 0; i < f->nquestions; i++) {
		question *q = &f->questions[i];
		free(q->id);
		free(q->text);
		free(q->help);
		strv_free(q->levels, q->levels ? nlevels : 0);
	}
	free(f->questions);
	for (i = 0; i < f->nrecs; i++) {
		free(f->recs[i].id);
		free(f->recs[i].full_id);
		strv_free(f->recs[i].porteur, f->recs[i].nporteur);
		free(f->recs[i].text);
	}
	free(f->recs);
	if (f->body)
		cmark_node_free(f->body);
}

void guide_free(guide *g)
{
	size_t i;

	free(g->title);
	free(g->version);
	free(g->language);
	free(g->description);
	free(g->base_url);
	for (i = 0; i < g->nscale; i++) {
		free(g->scale[i].label);
		free(g->scale[i].description);
	}
	free(g->scale);
	for (i = 0; i < g->naxes; i++) {
		free(g->axes[i].id);
		free(g->axes[i].title);
		free(g->axes[i].summary);
	}
	free(g->axes);
	for (i = 0; i < g->nroles; i++) {
		free(g->roles[i].id);
		free(g->roles[i].label);
	}
	free(g->roles);
	for (i = 0; i < g->nfiches; i++)
		fiche_release(&g->fiches[i], g->nscale);
	free(g->fiches);
	strv_free(g->failed_axes, g->nfailed_axes);
	strv_free(g->failed_fiches, g->nfailed_fiches);
	collections_release(g);
	memset(g, 0, sizeof *g);
}

void answers_free(answers *a, const guide *g)
{
	size_t i, j;

	if (!a)
		return;
	free(a->path);
	free(a->slug);
	free(a->territory);
	free(a->code);
	free(a->date);
	free(a->version);
	free(a->respondent);
	free(a->targets);
	for (i = 0; a->fiche_answers && i < g->nfiches; i++) {
		for (j = 0; j < g->fiches[i].nquestions; j++) {
			free(a->fiche_answers[i][j].note);
			free(a->fiche_answers[i][j].evidence);
			free(a->fiche_answers[i][j].views);
		}
		free(a->fiche_answers[i]);
	}
	free(a->fiche_answers);
	for (i = 0; a->notes && i < g->nfiches; i++)
		free(a->notes[i]);
	free(a->notes);
	for (i = 0; i < a->nrespondents; i++)
		free(a->respondents[i].name);
	free(a->respondents);
	for (i = 0; i < a->nplan; i++) {
		free(a->plan[i].action);
		free(a->plan[i].porteur);
		free(a->plan[i].echeance);
	}
	free(a->plan);
	free(a);
}

void answers_set_free(answers_set *s, const guide *g)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		answers_free(s->items[i], g);
	free(s->items);
	free(s->latest);
	free(s->hist);
	free(s->hist_pos);
	s->items = NULL;
	s->latest = NULL;
	s->hist = s->hist_pos = NULL;
	s->n = 0;
}
