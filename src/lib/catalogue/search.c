/*
 * Catalogue search and coverage: the query is parsed and checked here,
 * once, whatever the backend; the backend runs it.  Also the JSON forms
 * of results that the command line and the server print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "microcred/account.h"

#include "catalogue_private.h"
#include "json/json_list.h"
#include "model/model.h"
#include "model/search_query.h"
#include "store/store.h"

/*
 * The unpublished versions among the matches of `opts` with status
 * `status` (no restriction yet in `q`) that `opts->reader` may read
 * (mc_authz_can_read_version()), appended to `visible` as [id, version].
 */
static int readable_matches(mc_store *store, json_t *visible,
			    const mc_search_options *opts,
			    const struct mc__query *q, mc_status status)
{
	mc_search_options o = *opts;
	mc_search_result *r = NULL;
	mc_microcred *mc = NULL;
	size_t i;
	int error = 0, yes;

	o.status = (int)status;
	o.limit = MC_SEARCH_LIMIT_MAX;
	o.offset = 0;
	o.facets = 0;
	o.as_reader = 0;
	do {
		mc_search_result_free(r);
		r = NULL;
		if ((error = store->search->find(store, &r, &o, q)) < 0)
			break;
		for (i = 0; !error && i < r->count; i++) {
			error = store->catalogue->mc_get(
			    store, &mc, r->hits[i].id, r->hits[i].version);
			if (error == MC_ENOTFOUND) { /* gone meanwhile */
				error = 0;
				continue;
			}
			if (error < 0)
				break;
			yes =
			    mc_authz_can_read_version(store, opts->reader, mc);
			mc_microcred_free(mc);
			mc = NULL;
			if (yes < 0)
				error = yes;
			else if (yes && json_array_append_new(
					    visible,
					    json_pack("[s, i]", r->hits[i].id,
						      (int)r->hits[i].version)))
				error = MC_ENOMEM;
		}
		o.offset += r->count;
	} while (!error && r->count && o.offset < r->total);
	mc_search_result_free(r);
	return error;
}

/*
 * A search as a reader (opts->as_reader): restrict `q` to the states
 * every reader sees and the unpublished versions opts->reader may read.
 * Nothing to do when the status filter admits public states only.
 */
static int restrict_to_reader(mc_store *store, struct mc__query *q,
			      const mc_search_options *opts)
{
	json_t *states = json_array(), *visible = json_array();
	int s, error = 0;

	if (opts->status != -1 &&
	    mc_authz_status_public((mc_status)opts->status))
		goto cleanup;
	if (!states || !visible)
		goto oom;
	for (s = MC_STATUS_DRAFT; !error && s <= MC_STATUS_RETIRED; s++) {
		if (mc_authz_status_public((mc_status)s)) {
			if (json_array_append_new(
				states, json_string(mc_status_name(s))))
				goto oom;
		} else if ((opts->status == -1 || opts->status == s) &&
			   mc_authz_reads_unpublished(opts->reader)) {
			error = readable_matches(store, visible, opts, q,
						 (mc_status)s);
		}
	}
	if (error)
		goto cleanup;
	if (!(q->public_states = mc__json_dump(states)) ||
	    !(q->visible = mc__json_dump(visible)))
		goto oom;
	goto cleanup;

oom:
	error = mc__store_error(store, MC_ENOMEM, "out of memory");

cleanup:
	json_decref(states);
	json_decref(visible);
	return error;
}

int mc_catalogue_search(mc_store *store, mc_search_result **out,
			const mc_search_options *opts)
{
	struct mc__query *q = NULL;
	char err[256];
	int error;

	*out = NULL;
	mc__store_clear_error(store);
	if (!opts || opts->version != MC_SEARCH_OPTIONS_VERSION)
		return mc__store_error(store, MC_EUSAGE,
				       "search options: wrong version");
	if (opts->limit > MC_SEARCH_LIMIT_MAX)
		return mc__store_error(store, MC_EINVALID,
				       "limit: must be at most %d, got %zu",
				       MC_SEARCH_LIMIT_MAX, opts->limit);
	if (opts->status < -1 || opts->status > MC_STATUS_RETIRED)
		return mc__store_error(store, MC_EINVALID,
				       "status: unknown value %d",
				       opts->status);
	if (opts->eqf_level < 0 || opts->eqf_level > 8)
		return mc__store_error(store, MC_EINVALID,
				       "eqf_level: must be 1..8, got %d",
				       opts->eqf_level);
	if (!(opts->ects_min >= 0 && opts->ects_min <= 1000) ||
	    !(opts->ects_max >= 0 && opts->ects_max <= 1000))
		return mc__store_error(store, MC_EINVALID,
				       "ects_min, ects_max: must be 0..1000");
	if (opts->ects_max > 0 && opts->ects_min > opts->ects_max)
		return mc__store_error(store, MC_EINVALID,
				       "ects_min: must not exceed ects_max");
	if (opts->query && strlen(opts->query) > MC_SEARCH_QUERY_MAX)
		return mc__store_error(store, MC_EINVALID,
				       "query: longer than %d bytes",
				       MC_SEARCH_QUERY_MAX);
	if ((error = mc__query_parse(&q, opts->query, err, sizeof(err))) < 0)
		return error == MC_EINVALID
			   ? mc__store_error(store, error, "%s", err)
			   : error;
	if (!opts->as_reader ||
	    (error = restrict_to_reader(store, q, opts)) == 0)
		error = store->search->find(store, out, opts, q);
	mc__query_free(q);
	return error;
}

static json_t *hit_to_json(mc_store *store, const mc_search_hit *h)
{
	json_t *o = json_object();
	char *uri = NULL;
	int bad;

	if (!o || mc_catalogue_uri(store, &uri, h->id, h->version) < 0) {
		json_decref(o);
		return NULL;
	}
	bad =
	    mc__json_set(o, "id", json_string(h->id)) ||
	    mc__json_set(o, "version", json_integer(h->version)) ||
	    mc__json_set(o, "uri", json_string(uri)) ||
	    mc__json_set(o, "status", json_string(mc_status_name(h->status))) ||
	    mc__json_set(o, "title", mc__json_str_or_null(h->title)) ||
	    mc__json_set(o, "title_lang",
			 mc__json_str_or_null(h->title_lang)) ||
	    mc__json_set(o, "provider", mc__json_str_or_null(h->provider)) ||
	    mc__json_set(o, "country", mc__json_str_or_null(h->country)) ||
	    mc__json_set(o, "sector", mc__json_str_or_null(h->sector)) ||
	    mc__json_set(o, "eqf_level", json_integer(h->eqf_level)) ||
	    mc__json_set(o, "ects",
			 h->ects > 0 ? json_real(h->ects) : json_null()) ||
	    mc__json_set(o, "score", json_real(h->score));
	free(uri);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int mc_search_result_to_json(char **out, mc_store *store,
			     const mc_search_result *r, size_t offset)
{
	json_t *root = json_object(), *hits = json_array(),
	       *facets = json_object();
	size_t i, j;
	int bad;

	*out = NULL;
	bad = !root || !hits || !facets;
	for (i = 0; !bad && i < r->count; i++)
		bad = json_array_append_new(hits,
					    hit_to_json(store, &r->hits[i]));
	for (i = 0; !bad && i < r->facet_count; i++) {
		json_t *values = json_array();

		bad = mc__json_set(facets, r->facets[i].name, values);
		for (j = 0; !bad && j < r->facets[i].count; j++) {
			json_t *v = json_pack(
			    "{s:s, s:I}", "value", r->facets[i].values[j].value,
			    "count", (json_int_t)r->facets[i].values[j].count);

			bad = json_array_append_new(values, v);
		}
	}
	if (!bad)
		bad = mc__json_set(root, "total",
				   json_integer((json_int_t)r->total)) ||
		      mc__json_set(root, "offset",
				   json_integer((json_int_t)offset)) ||
		      mc__json_set(root, "hits", json_incref(hits)) ||
		      (r->facet_count &&
		       mc__json_set(root, "facets", json_incref(facets)));
	if (!bad)
		*out = mc__json_dump(root);
	json_decref(root);
	json_decref(hits);
	json_decref(facets);
	return *out ? 0 : MC_ENOMEM;
}

int mc_catalogue_coverage(mc_store *store, mc_coverage **out)
{
	mc__store_clear_error(store);
	return store->search->coverage(store, out);
}

static json_t *cells_to_json(const mc_coverage_cell *cells, size_t n, int isced)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:I}", "country",
				      cells[i].country, "key", cells[i].key,
				      "count", (json_int_t)cells[i].count);

		if (o && isced)
			mc__json_set(
			    o, "label",
			    mc__json_str_or_null(mc_isced_label(cells[i].key)));
		if (json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int mc_coverage_to_json(char **out, const mc_coverage *cov)
{
	json_t *root = json_object(), *countries = json_array();
	size_t i;
	int bad = !root || !countries;

	*out = NULL;
	for (i = 0; !bad && i < cov->country_count; i++) {
		const mc_coverage_country *c = &cov->countries[i];

		bad = json_array_append_new(
		    countries,
		    json_pack("{s:s, s:o, s:I, s:b}", "country", c->country,
			      "name",
			      mc__json_str_or_null(mc_country_name(c->country)),
			      "published", (json_int_t)c->published,
			      "below_target", c->below_target));
	}
	if (!bad)
		bad = mc__json_set(root, "target",
				   json_integer((json_int_t)cov->target)) ||
		      mc__json_set(root, "countries", json_incref(countries)) ||
		      mc__json_set(
			  root, "sectors",
			  cells_to_json(cov->sectors, cov->sector_count, 1)) ||
		      mc__json_set(
			  root, "target_groups",
			  cells_to_json(cov->groups, cov->group_count, 0)) ||
		      mc__json_set(root, "eqf_levels",
				   cells_to_json(cov->eqf, cov->eqf_count, 0));
	if (!bad)
		*out = mc__json_dump(root);
	json_decref(root);
	json_decref(countries);
	return *out ? 0 : MC_ENOMEM;
}
