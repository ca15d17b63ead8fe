/*
 * Records of the catalogue as the store returns them: organisation and cluster
 * lists, lifecycle history, ESCO concepts, recognitions, consents, search
 * results and coverage, and what frees them.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/account.h"
#include "microcred/catalogue.h"
#include "microcred/esco.h"

void mc_org_list_free(mc_org **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_org_free(list[i]);
	free(list);
}

void mc_cluster_list_free(mc_cluster **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_cluster_free(list[i]);
	free(list);
}

void mc_history_free(mc_history_event *list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++) {
		free(list[i].actor);
		free(list[i].note);
		free(list[i].at);
	}
	free(list);
}

void mc_esco_concept_free(mc_esco_concept *c)
{
	if (!c)
		return;
	free(c->uri);
	free(c->concept_type);
	free(c->skill_type);
	free(c->reuse_level);
	free(c->lang);
	free(c->label);
	mc_strlist_clear(&c->alt_labels);
	free(c->description);
	free(c);
}

void mc_esco_list_free(mc_esco_concept **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_esco_concept_free(list[i]);
	free(list);
}

void mc_consent_list_free(mc_consent *list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++) {
		free(list[i].mc_id);
		free(list[i].org_id);
		free(list[i].requested_by);
		free(list[i].requested_at);
		free(list[i].decided_by);
		free(list[i].decided_at);
	}
	free(list);
}

void mc_recognition_list_free(mc_recognition *list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++) {
		free(list[i].org_id);
		free(list[i].country);
		free(list[i].granted_by);
		free(list[i].granted_at);
	}
	free(list);
}

void mc_search_result_free(mc_search_result *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->count; i++) {
		mc_search_hit *h = &r->hits[i];

		free(h->id);
		free(h->title);
		free(h->title_lang);
		free(h->provider);
		free(h->country);
		free(h->sector);
	}
	free(r->hits);
	for (i = 0; i < r->facet_count; i++) {
		for (j = 0; j < r->facets[i].count; j++)
			free(r->facets[i].values[j].value);
		free(r->facets[i].values);
	}
	free(r->facets);
	free(r);
}

static void free_cells(mc_coverage_cell *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(cells[i].country);
		free(cells[i].key);
	}
	free(cells);
}

void mc_coverage_free(mc_coverage *cov)
{
	size_t i;

	if (!cov)
		return;
	for (i = 0; i < cov->country_count; i++)
		free(cov->countries[i].country);
	free(cov->countries);
	free_cells(cov->sectors, cov->sector_count);
	free_cells(cov->groups, cov->group_count);
	free_cells(cov->eqf, cov->eqf_count);
	free(cov);
}
