/*
 * Organisations and clusters: allocation, copies, JSON form and checks
 * (docs/FORMATS.md).  Parsing follows the micro-credential's: every
 * problem of a record is reported with its field path, type problems
 * first, then the semantic ones that are not about the same field.
 */
#include "microcred/organisation.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util/util.h"

/* ---- Organisations ----------------------------------------------------*/

int mc_org_new(mc_org **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : MC_ENOMEM;
}

void mc_org_free(mc_org *org)
{
	if (!org)
		return;
	free(org->id);
	mc_langmap_clear(&org->name);
	free(org->short_name);
	free(org->country);
	free(org->region);
	free(org->legal_identifier);
	free(org->website);
	free(org);
}

/* Copy a string that may be NULL; 0 or MC_ENOMEM. */
static int copy_str(char **out, const char *s)
{
	*out = NULL;
	if (s && !(*out = strdup(s)))
		return MC_ENOMEM;
	return 0;
}

int mc_org_dup(mc_org **out, const mc_org *src)
{
	mc_org *org = NULL;
	int error;

	*out = NULL;
	if ((error = mc_org_new(&org)) < 0)
		goto cleanup;
	org->type = src->type;
	if ((error = copy_str(&org->id, src->id)) < 0 ||
	    (error = mc_langmap_copy(&org->name, &src->name)) < 0 ||
	    (error = copy_str(&org->short_name, src->short_name)) < 0 ||
	    (error = copy_str(&org->country, src->country)) < 0 ||
	    (error = copy_str(&org->region, src->region)) < 0 ||
	    (error = copy_str(&org->legal_identifier, src->legal_identifier)) <
		0 ||
	    (error = copy_str(&org->website, src->website)) < 0)
		goto cleanup;
	*out = org;
	org = NULL;

cleanup:
	mc_org_free(org);
	return error;
}

static const char *const org_keys[] = {
    "id",     "name", "short_name",	  "country",
    "region", "type", "legal_identifier", "website",
    NULL};

static void parse_org(mc__jctx *ctx, mc_org *org, json_t *obj)
{
	json_t *v;
	int e = 0;

	if ((v = json_object_get(obj, "id")))
		mc__json_get_string(ctx, &org->id, v, "id");
	if ((v = json_object_get(obj, "name")))
		mc__json_get_langmap(ctx, &org->name, v, "name");
	if ((v = json_object_get(obj, "short_name")))
		mc__json_get_string(ctx, &org->short_name, v, "short_name");
	if ((v = json_object_get(obj, "country")))
		mc__json_get_string(ctx, &org->country, v, "country");
	if ((v = json_object_get(obj, "region")))
		mc__json_get_string(ctx, &org->region, v, "region");
	/* type 0 is a real value, so a missing type is reported here. */
	if ((v = json_object_get(obj, "type"))) {
		mc__json_get_enum(ctx, &e, v, "type", MC__VOCAB_ORG_TYPE);
		org->type = (mc_org_type)e;
	} else {
		mc__jctx_problem(ctx, "type", "required");
	}
	if ((v = json_object_get(obj, "legal_identifier")))
		mc__json_get_string(ctx, &org->legal_identifier, v,
				    "legal_identifier");
	if ((v = json_object_get(obj, "website")))
		mc__json_get_string(ctx, &org->website, v, "website");
	mc__json_unknown_keys(ctx, obj, "", org_keys);
}

/* Semantic rules of an organisation. */
static void check_org(mc__jctx *ctx, const mc_org *org)
{
	if (!org->id)
		mc__jctx_problem(ctx, "id", "required");
	else
		mc__check_id(ctx, "id", org->id);
	mc__check_langmap(ctx, "name", &org->name, 1);
	if (org->short_name)
		mc__check_text(ctx, "short_name", org->short_name);
	if (!org->country)
		mc__jctx_problem(ctx, "country", "required");
	else
		mc__check_country(ctx, "country", org->country);
	if (org->region)
		mc__check_text(ctx, "region", org->region);
	if ((int)org->type < MC_ORG_VET_PROVIDER || org->type > MC_ORG_OTHER)
		mc__jctx_problem(ctx, "type", "unknown value %d",
				 (int)org->type);
	if (org->legal_identifier)
		mc__check_text(ctx, "legal_identifier", org->legal_identifier);
	if (org->website)
		mc__check_url(ctx, "website", org->website);
}

/*
 * Parse a record with `parse` and check it with `check`, merging both
 * problem lists into `problems` (one fault, one problem).  Returns 0,
 * MC_EINVALID or MC_ENOMEM.
 */
static int parse_and_check(void *rec, json_t *obj, const char *where,
			   mc_problems *problems,
			   void (*parse)(mc__jctx *, void *, json_t *),
			   void (*check)(mc__jctx *, const void *))
{
	mc_problems parsed = MC_PROBLEMS_INIT, semantic = MC_PROBLEMS_INIT;
	mc__jctx pctx = {where, &parsed, 0, 0};
	mc__jctx sctx = {where, &semantic, 0, 0};
	mc__jctx octx = {where, problems, 0, 0};
	char show[128];
	int error = 0;

	if (!json_is_object(obj)) {
		mc__jctx_problem(
		    &octx, NULL, "must be a JSON object, got %s",
		    obj ? mc__json_describe(show, sizeof(show), obj)
			: "nothing");
		error = octx.error ? octx.error : MC_EINVALID;
		goto cleanup;
	}
	parse(&pctx, rec, obj);
	if ((error = pctx.error) < 0)
		goto cleanup;
	check(&sctx, rec);
	if ((error = sctx.error) < 0)
		goto cleanup;
	mc__problems_merge(&octx, &parsed, &semantic);
	octx.found += pctx.found - parsed.count;
	if ((error = octx.error) < 0)
		goto cleanup;
	error = octx.found ? MC_EINVALID : 0;

cleanup:
	mc_problems_clear(&parsed);
	mc_problems_clear(&semantic);
	return error;
}

static void parse_org_cb(mc__jctx *ctx, void *rec, json_t *obj)
{
	parse_org(ctx, rec, obj);
}

static void check_org_cb(mc__jctx *ctx, const void *rec)
{
	check_org(ctx, rec);
}

int mc__org_from_jansson(mc_org **out, json_t *obj, const char *where,
			 mc_problems *problems)
{
	mc_org *org = NULL;
	int error;

	*out = NULL;
	if ((error = mc_org_new(&org)) < 0)
		goto cleanup;
	error = parse_and_check(org, obj, where, problems, parse_org_cb,
				check_org_cb);
	if (error < 0)
		goto cleanup;
	*out = org;
	org = NULL;

cleanup:
	mc_org_free(org);
	return error;
}

int mc_org_from_json(mc_org **out, const char *json, size_t len,
		     const char *where, mc_problems *problems)
{
	mc__jctx ctx = {where, problems, 0, 0};
	json_t *obj = NULL;
	int error;

	*out = NULL;
	if (!json)
		return MC_EUSAGE;
	if (!(obj = mc__json_load(&ctx, json, len))) {
		error = ctx.error ? ctx.error : MC_EINVALID;
		goto cleanup;
	}
	error = mc__org_from_jansson(out, obj, where, problems);

cleanup:
	json_decref(obj);
	return error;
}

int mc_org_from_jansson(mc_org **out, const json_t *obj, const char *where,
			mc_problems *problems)
{
	/* The readers take a json_t * for jansson's getters; none writes. */
	return mc__org_from_jansson(out, (json_t *)obj, where, problems);
}

json_t *mc__org_to_jansson(const mc_org *org)
{
	json_t *obj = json_object();

	if (!obj || mc__json_put_string(obj, "id", org->id) < 0 ||
	    mc__json_put_langmap(obj, "name", &org->name) < 0 ||
	    mc__json_put_string(obj, "short_name", org->short_name) < 0 ||
	    mc__json_put_string(obj, "country", org->country) < 0 ||
	    mc__json_put_string(obj, "region", org->region) < 0 ||
	    json_object_set_new(obj, "type",
				json_string(mc_org_type_name(org->type))) < 0 ||
	    mc__json_put_string(obj, "legal_identifier",
				org->legal_identifier) < 0 ||
	    mc__json_put_string(obj, "website", org->website) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

int mc_org_to_json(char **out, const mc_org *org)
{
	json_t *obj;
	int error = 0;

	*out = NULL;
	if (!(obj = mc__org_to_jansson(org))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (!(*out = mc__json_dump(obj)))
		error = MC_ENOMEM;

cleanup:
	json_decref(obj);
	return error;
}

/* ---- Clusters ---------------------------------------------------------*/

int mc_cluster_new(mc_cluster **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : MC_ENOMEM;
}

void mc_cluster_free(mc_cluster *c)
{
	if (!c)
		return;
	free(c->id);
	mc_langmap_clear(&c->name);
	mc_langmap_clear(&c->description);
	mc_strlist_clear(&c->organisations);
	mc_strlist_clear(&c->mcs);
	free(c);
}

int mc_cluster_dup(mc_cluster **out, const mc_cluster *src)
{
	mc_cluster *c = NULL;
	int error;

	*out = NULL;
	if ((error = mc_cluster_new(&c)) < 0)
		goto cleanup;
	c->kind = src->kind;
	if ((error = copy_str(&c->id, src->id)) < 0 ||
	    (error = mc_langmap_copy(&c->name, &src->name)) < 0 ||
	    (error = mc_langmap_copy(&c->description, &src->description)) < 0 ||
	    (error = mc_strlist_copy(&c->organisations, &src->organisations)) <
		0 ||
	    (error = mc_strlist_copy(&c->mcs, &src->mcs)) < 0)
		goto cleanup;
	*out = c;
	c = NULL;

cleanup:
	mc_cluster_free(c);
	return error;
}

static const char *const cluster_keys[] = {
    "id", "kind", "name", "description", "organisations", "microcredentials",
    NULL};

static void parse_cluster(mc__jctx *ctx, mc_cluster *c, json_t *obj)
{
	json_t *v;
	int e = 0;

	if ((v = json_object_get(obj, "id")))
		mc__json_get_string(ctx, &c->id, v, "id");
	/* kind 0 is a real value, so a missing kind is reported here. */
	if ((v = json_object_get(obj, "kind"))) {
		mc__json_get_enum(ctx, &e, v, "kind", MC__VOCAB_CLUSTER_KIND);
		c->kind = (mc_cluster_kind)e;
	} else {
		mc__jctx_problem(ctx, "kind", "required");
	}
	if ((v = json_object_get(obj, "name")))
		mc__json_get_langmap(ctx, &c->name, v, "name");
	if ((v = json_object_get(obj, "description")))
		mc__json_get_langmap(ctx, &c->description, v, "description");
	if ((v = json_object_get(obj, "organisations")))
		mc__json_get_strlist(ctx, &c->organisations, v,
				     "organisations");
	if ((v = json_object_get(obj, "microcredentials")))
		mc__json_get_strlist(ctx, &c->mcs, v, "microcredentials");
	mc__json_unknown_keys(ctx, obj, "", cluster_keys);
}

static void check_cluster(mc__jctx *ctx, const mc_cluster *c)
{
	if (!c->id)
		mc__jctx_problem(ctx, "id", "required");
	else
		mc__check_id(ctx, "id", c->id);
	if ((int)c->kind < MC_CLUSTER_REGIONAL || c->kind > MC_CLUSTER_THEMATIC)
		mc__jctx_problem(ctx, "kind", "unknown value %d", (int)c->kind);
	mc__check_langmap(ctx, "name", &c->name, 1);
	mc__check_langmap(ctx, "description", &c->description, 0);
	mc__check_list(ctx, "organisations", &c->organisations, 0, MC_LIST_MAX,
		       mc__check_id);
	mc__check_list(ctx, "microcredentials", &c->mcs, 0, MC_LIST_MAX,
		       mc__check_id);
}

static void parse_cluster_cb(mc__jctx *ctx, void *rec, json_t *obj)
{
	parse_cluster(ctx, rec, obj);
}

static void check_cluster_cb(mc__jctx *ctx, const void *rec)
{
	check_cluster(ctx, rec);
}

int mc__cluster_from_jansson(mc_cluster **out, json_t *obj, const char *where,
			     mc_problems *problems)
{
	mc_cluster *c = NULL;
	int error;

	*out = NULL;
	if ((error = mc_cluster_new(&c)) < 0)
		goto cleanup;
	error = parse_and_check(c, obj, where, problems, parse_cluster_cb,
				check_cluster_cb);
	if (error < 0)
		goto cleanup;
	*out = c;
	c = NULL;

cleanup:
	mc_cluster_free(c);
	return error;
}

int mc_cluster_from_json(mc_cluster **out, const char *json, size_t len,
			 const char *where, mc_problems *problems)
{
	mc__jctx ctx = {where, problems, 0, 0};
	json_t *obj = NULL;
	int error;

	*out = NULL;
	if (!json)
		return MC_EUSAGE;
	if (!(obj = mc__json_load(&ctx, json, len))) {
		error = ctx.error ? ctx.error : MC_EINVALID;
		goto cleanup;
	}
	error = mc__cluster_from_jansson(out, obj, where, problems);

cleanup:
	json_decref(obj);
	return error;
}

int mc_cluster_from_jansson(mc_cluster **out, const json_t *obj,
			    const char *where, mc_problems *problems)
{
	/* The readers take a json_t * for jansson's getters; none writes. */
	return mc__cluster_from_jansson(out, (json_t *)obj, where, problems);
}

json_t *mc__cluster_to_jansson(const mc_cluster *c)
{
	json_t *obj = json_object();

	if (!obj || mc__json_put_string(obj, "id", c->id) < 0 ||
	    json_object_set_new(
		obj, "kind", json_string(mc_cluster_kind_name(c->kind))) < 0 ||
	    mc__json_put_langmap(obj, "name", &c->name) < 0 ||
	    mc__json_put_langmap(obj, "description", &c->description) < 0 ||
	    mc__json_put_strlist(obj, "organisations", &c->organisations) < 0 ||
	    mc__json_put_strlist(obj, "microcredentials", &c->mcs) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

int mc_cluster_to_json(char **out, const mc_cluster *c)
{
	json_t *obj;
	int error = 0;

	*out = NULL;
	if (!(obj = mc__cluster_to_jansson(c))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (!(*out = mc__json_dump(obj)))
		error = MC_ENOMEM;

cleanup:
	json_decref(obj);
	return error;
}

/* One JSON array of the JSON forms of `count` records. */
static int list_to_json(char **out, const void *const *list, size_t count,
			json_t *(*to_jansson)(const void *item))
{
	json_t *arr = json_array();
	size_t i;

	*out = NULL;
	for (i = 0; arr && i < count; i++)
		if (json_array_append_new(arr, to_jansson(list[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	if (arr)
		*out = mc__json_dump(arr);
	json_decref(arr);
	return *out ? 0 : MC_ENOMEM;
}

static json_t *org_item(const void *item)
{
	return mc__org_to_jansson(item);
}

static json_t *cluster_item(const void *item)
{
	return mc__cluster_to_jansson(item);
}

int mc_org_list_to_json(char **out, mc_org *const *list, size_t count)
{
	return list_to_json(out, (const void *const *)list, count, org_item);
}

int mc_cluster_list_to_json(char **out, mc_cluster *const *list, size_t count)
{
	return list_to_json(out, (const void *const *)list, count,
			    cluster_item);
}
