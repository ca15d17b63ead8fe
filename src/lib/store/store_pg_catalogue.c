/*
 * PostgreSQL backend, the catalogue: organisations, clusters, MC versions
 * with their facet rows and search texts, lifecycle events and history,
 * and the fast read of an MC's stored document.
 *
 * Every write that touches several rows runs inside its own (nested)
 * transaction, so it is atomic on its own and cheap inside a caller's.
 * Replacing a record is an INSERT ... ON CONFLICT DO UPDATE, which takes
 * the row's lock: two nodes replacing the same organisation, cluster or
 * MC version at once are serialised by PostgreSQL, the second writing
 * after the first commits, where SQLite relied on its single writer.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Largest text put into one search column (all languages together), as
 * on SQLite. */
#define SEARCH_COLUMN_MAX (64u * 1024 * 1024)

/* ---- organisations ------------------------------------------------------ */

static const struct mc__pg_sql ORG_UPSERT = {
    "org_upsert",
    "INSERT INTO organisations(id, country, region, type, short_name,"
    " legal_identifier, website) VALUES($1, $2, $3, $4, $5, $6, $7)"
    " ON CONFLICT(id) DO UPDATE SET country = excluded.country,"
    " region = excluded.region, type = excluded.type,"
    " short_name = excluded.short_name,"
    " legal_identifier = excluded.legal_identifier,"
    " website = excluded.website"};
static const struct mc__pg_sql ORG_NAMES_DEL = {
    "org_names_del", "DELETE FROM org_names WHERE org_id = $1"};
static const struct mc__pg_sql ORG_NAME_INS = {
    "org_name_ins", "INSERT INTO org_names(org_id, ord, lang, text)"
		    " VALUES($1, $2, $3, $4) ON CONFLICT(org_id, lang)"
		    " DO UPDATE SET ord = excluded.ord, text = excluded.text"};
static const struct mc__pg_sql ORG_GET = {
    "org_get", "SELECT id, country, region, type, short_name,"
	       " legal_identifier, website FROM organisations WHERE id = $1"};
static const struct mc__pg_sql ORG_NAMES_GET = {
    "org_names_get", "SELECT lang, text FROM org_names WHERE org_id = $1"
		     " ORDER BY ord"};
static const struct mc__pg_sql ORG_LIST = {
    "org_list", "SELECT id FROM organisations"
		" WHERE $1::text IS NULL OR country = $1 ORDER BY id"};
static const struct mc__pg_sql ORG_EXISTS = {
    "org_exists", "SELECT 1 FROM organisations WHERE id = $1"};

static int org_put(mc_store *s, const mc_org *org)
{
	struct mc__pg *h = mc__pg(s);
	char ord[24];
	size_t i;
	int error;

	if ((error = mc__pg_begin(s)))
		return error;
	if ((error = MC__PG_EXEC(h, NULL, &ORG_UPSERT, "organisation", org->id,
				 org->country, org->region,
				 mc_org_type_name(org->type), org->short_name,
				 org->legal_identifier, org->website)) ||
	    (error =
		 MC__PG_EXEC(h, NULL, &ORG_NAMES_DEL, "organisation", org->id)))
		goto cleanup;
	for (i = 0; i < org->name.count; i++)
		if ((error = MC__PG_EXEC(h, NULL, &ORG_NAME_INS, "organisation",
					 org->id, mc__pg_int(ord, (long long)i),
					 org->name.items[i].lang,
					 org->name.items[i].text)))
			goto cleanup;

cleanup:
	return mc__pg_finish(s, error);
}

/* Read an organisation's names into `map`. */
static int org_names(struct mc__pg *h, mc_langmap *map, const char *id)
{
	PGresult *res = NULL;
	int i, error;

	if ((error = MC__PG_EXEC(h, &res, &ORG_NAMES_GET, "organisation", id)))
		return error;
	for (i = 0; i < PQntuples(res) && !error; i++)
		if (mc_langmap_set(map, PQgetvalue(res, i, 0),
				   PQgetvalue(res, i, 1)))
			error = mc__pg_nomem(h);
	PQclear(res);
	return error;
}

static int org_get(mc_store *s, mc_org **out, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	mc_org *org = NULL;
	int error = 0;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &ORG_GET, 1, &id, "organisation",
				"organisation %s: not found", id)))
		return error;
	if ((error = mc_org_new(&org)))
		goto cleanup;
	free(org->id);
	org->id = mc__pg_dup(res, 0, 0, &error);
	org->country = mc__pg_dup(res, 0, 1, &error);
	org->region = mc__pg_dup(res, 0, 2, &error);
	if (mc_org_type_parse(&org->type, PQgetvalue(res, 0, 3)))
		org->type = MC_ORG_OTHER;
	org->short_name = mc__pg_dup(res, 0, 4, &error);
	org->legal_identifier = mc__pg_dup(res, 0, 5, &error);
	org->website = mc__pg_dup(res, 0, 6, &error);
	if (error)
		goto cleanup;
	if ((error = org_names(h, &org->name, id)))
		goto cleanup;
	*out = org;
	org = NULL;

cleanup:
	if (error == MC_ENOMEM)
		mc__pg_nomem(h);
	PQclear(res);
	mc_org_free(org);
	return error;
}

static int org_list(mc_store *s, mc_org ***out, size_t *count,
		    const char *country)
{
	struct mc__pg *h = mc__pg(s);
	mc_strlist ids = MC_STRLIST_INIT;
	mc_org **list = NULL;
	PGresult *res = NULL;
	size_t i, n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if ((error =
		 MC__PG_EXEC(h, &res, &ORG_LIST, "organisations", country)) ||
	    (error = mc__pg_list_ids(h, &ids, res, 0)))
		goto cleanup;
	if (ids.count && !(list = calloc(ids.count, sizeof(*list)))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	for (i = 0; i < ids.count; i++, n++)
		if ((error = org_get(s, &list[i], ids.items[i])))
			goto cleanup;
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	if (list)
		mc_org_list_free(list, n);
	PQclear(res);
	mc_strlist_clear(&ids);
	return error;
}

/* ---- clusters ----------------------------------------------------------- */

static const struct mc__pg_sql CLUSTER_UPSERT = {
    "cluster_upsert", "INSERT INTO clusters(id, kind) VALUES($1, $2)"
		      " ON CONFLICT(id) DO UPDATE SET kind = excluded.kind"};
/* One statement clears the texts and both member lists. */
static const struct mc__pg_sql CLUSTER_CLEAR = {
    "cluster_clear",
    "WITH t AS (DELETE FROM cluster_texts WHERE cluster_id = $1),"
    " o AS (DELETE FROM cluster_orgs WHERE cluster_id = $1)"
    " DELETE FROM cluster_mcs WHERE cluster_id = $1"};
static const struct mc__pg_sql CLUSTER_TEXT_INS = {
    "cluster_text_ins",
    "INSERT INTO cluster_texts(cluster_id, field, ord, lang, text)"
    " VALUES($1, $2, $3, $4, $5) ON CONFLICT(cluster_id, field, lang)"
    " DO UPDATE SET ord = excluded.ord, text = excluded.text"};
static const struct mc__pg_sql CLUSTER_ORG_INS = {
    "cluster_org_ins", "INSERT INTO cluster_orgs(cluster_id, org_id, ord)"
		       " VALUES($1, $2, (SELECT count(*) FROM cluster_orgs"
		       "  WHERE cluster_id = $1)) ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql CLUSTER_MC_INS = {
    "cluster_mc_ins", "INSERT INTO cluster_mcs(cluster_id, mc_id, ord)"
		      " VALUES($1, $2, (SELECT count(*) FROM cluster_mcs"
		      "  WHERE cluster_id = $1)) ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql CLUSTER_GET = {
    "cluster_get", "SELECT kind FROM clusters WHERE id = $1"};
static const struct mc__pg_sql CLUSTER_TEXTS_GET = {
    "cluster_texts_get", "SELECT field, lang, text FROM cluster_texts"
			 " WHERE cluster_id = $1 ORDER BY field, ord"};
static const struct mc__pg_sql CLUSTER_ORGS_GET = {
    "cluster_orgs_get", "SELECT org_id FROM cluster_orgs"
			" WHERE cluster_id = $1 ORDER BY ord"};
static const struct mc__pg_sql CLUSTER_MCS_GET = {
    "cluster_mcs_get", "SELECT mc_id FROM cluster_mcs"
		       " WHERE cluster_id = $1 ORDER BY ord"};
static const struct mc__pg_sql CLUSTER_IDS = {
    "cluster_ids", "SELECT id FROM clusters ORDER BY id"};
static const struct mc__pg_sql MC_EXISTS = {"mc_exists",
					    "SELECT 1 FROM mcs WHERE id = $1"};

/* 0 if statement `q` finds a row for `id`, else MC_ENOTFOUND (no
 * message) or the error. */
static int exists(struct mc__pg *h, const struct mc__pg_sql *q, const char *id)
{
	PGresult *res = NULL;
	int error = mc__pg_row(h, &res, q, 1, &id, "lookup", NULL);

	PQclear(res);
	return error;
}

static int cluster_texts_put(struct mc__pg *h, const char *id,
			     const char *field, const mc_langmap *map)
{
	char ord[24];
	size_t i;
	int error;

	for (i = 0; i < map->count; i++)
		if ((error =
			 MC__PG_EXEC(h, NULL, &CLUSTER_TEXT_INS, "cluster", id,
				     field, mc__pg_int(ord, (long long)i),
				     map->items[i].lang, map->items[i].text)))
			return error;
	return 0;
}

/* Add one member; the caller has checked that the cluster exists.  A
 * missing organisation or MC is `code` (the foreign keys would refuse it
 * too, but with an aborted transaction and a less useful message). */
static int cluster_member(struct mc__pg *h, const char *cluster,
			  const char *org, const char *mc, int code)
{
	int error;

	if (org) {
		if ((error = exists(h, &ORG_EXISTS, org)) == MC_ENOTFOUND)
			return mc__store_error(&h->base, code,
					       "cluster %s: organisation %s: "
					       "not found",
					       cluster, org);
		if (error || (error = MC__PG_EXEC(h, NULL, &CLUSTER_ORG_INS,
						  "cluster", cluster, org)))
			return error;
	}
	if (mc) {
		if ((error = exists(h, &MC_EXISTS, mc)) == MC_ENOTFOUND)
			return mc__store_error(&h->base, code,
					       "cluster %s: micro-credential "
					       "%s: not found",
					       cluster, mc);
		if (error || (error = MC__PG_EXEC(h, NULL, &CLUSTER_MC_INS,
						  "cluster", cluster, mc)))
			return error;
	}
	return 0;
}

static int cluster_put(mc_store *s, const mc_cluster *c)
{
	struct mc__pg *h = mc__pg(s);
	size_t i;
	int error;

	if ((error = mc__pg_begin(s)))
		return error;
	if ((error = MC__PG_EXEC(h, NULL, &CLUSTER_UPSERT, "cluster", c->id,
				 mc_cluster_kind_name(c->kind))) ||
	    (error = MC__PG_EXEC(h, NULL, &CLUSTER_CLEAR, "cluster", c->id)) ||
	    (error = cluster_texts_put(h, c->id, "name", &c->name)) ||
	    (error =
		 cluster_texts_put(h, c->id, "description", &c->description)))
		goto cleanup;
	for (i = 0; i < c->organisations.count; i++)
		if ((error = cluster_member(h, c->id, c->organisations.items[i],
					    NULL, MC_EINVALID)))
			goto cleanup;
	for (i = 0; i < c->mcs.count; i++)
		if ((error = cluster_member(h, c->id, NULL, c->mcs.items[i],
					    MC_EINVALID)))
			goto cleanup;

cleanup:
	return mc__pg_finish(s, error);
}

static int cluster_get(mc_store *s, mc_cluster **out, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	mc_cluster *c = NULL;
	PGresult *res = NULL;
	int i, error = 0;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &CLUSTER_GET, 1, &id, "cluster",
				"cluster %s: not found", id)))
		return error;
	if ((error = mc_cluster_new(&c)))
		goto cleanup;
	if (mc_cluster_kind_parse(&c->kind, PQgetvalue(res, 0, 0)))
		c->kind = MC_CLUSTER_THEMATIC;
	PQclear(res);
	res = NULL;
	free(c->id);
	if (!(c->id = mc__strdup(id))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = MC__PG_EXEC(h, &res, &CLUSTER_TEXTS_GET, "cluster", id)))
		goto cleanup;
	for (i = 0; i < PQntuples(res) && !error; i++) {
		mc_langmap *map = strcmp(PQgetvalue(res, i, 0), "name") == 0
				      ? &c->name
				      : &c->description;

		error = mc_langmap_set(map, PQgetvalue(res, i, 1),
				       PQgetvalue(res, i, 2));
	}
	PQclear(res);
	res = NULL;
	if (error)
		goto cleanup;
	if ((error = MC__PG_EXEC(h, &res, &CLUSTER_ORGS_GET, "cluster", id)) ||
	    (error = mc__pg_list_ids(h, &c->organisations, res, 0)))
		goto cleanup;
	PQclear(res);
	res = NULL;
	if ((error = MC__PG_EXEC(h, &res, &CLUSTER_MCS_GET, "cluster", id)) ||
	    (error = mc__pg_list_ids(h, &c->mcs, res, 0)))
		goto cleanup;
	*out = c;
	c = NULL;

cleanup:
	if (error == MC_ENOMEM)
		mc__pg_nomem(h);
	PQclear(res);
	mc_cluster_free(c);
	return error;
}

static int cluster_list(mc_store *s, mc_cluster ***out, size_t *count)
{
	struct mc__pg *h = mc__pg(s);
	mc_strlist ids = MC_STRLIST_INIT;
	mc_cluster **list = NULL;
	PGresult *res = NULL;
	size_t i, n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if ((error = mc__pg_exec(h, &res, &CLUSTER_IDS, "clusters", 0, NULL)) ||
	    (error = mc__pg_list_ids(h, &ids, res, 0)))
		goto cleanup;
	if (ids.count && !(list = calloc(ids.count, sizeof(*list)))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	for (i = 0; i < ids.count; i++, n++)
		if ((error = cluster_get(s, &list[i], ids.items[i])))
			goto cleanup;
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	if (list)
		mc_cluster_list_free(list, n);
	PQclear(res);
	mc_strlist_clear(&ids);
	return error;
}

static int cluster_add(mc_store *s, const char *cluster, const char *org,
		       const char *mc)
{
	struct mc__pg *h = mc__pg(s);
	int error;

	if ((error = mc__pg_begin(s)))
		return error;
	if ((error = exists(h, &CLUSTER_GET, cluster)) == MC_ENOTFOUND)
		mc__store_error(s, error, "cluster %s: not found", cluster);
	if (!error)
		error = cluster_member(h, cluster, org, mc, MC_ENOTFOUND);
	return mc__pg_finish(s, error);
}

/* ---- micro-credentials -------------------------------------------------- */

static const struct mc__pg_sql MCS_INS = {
    "mcs_ins", "INSERT INTO mcs(id) VALUES($1) ON CONFLICT DO NOTHING"};
/* Insert or replace version (id, version): the row keeps its seq (which
 * the facet and search rows refer to) and created_at. */
static const struct mc__pg_sql MC_UPSERT = {
    "mc_upsert",
    "INSERT INTO mc_versions(id, version, status, doc, created_at,"
    " updated_at, provider, country, sector, eqf_level, ects,"
    " primary_language, title_en, titles)"
    " VALUES($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    " ON CONFLICT(id, version) DO UPDATE SET status = excluded.status,"
    " doc = excluded.doc, updated_at = excluded.updated_at,"
    " provider = excluded.provider, country = excluded.country,"
    " sector = excluded.sector, eqf_level = excluded.eqf_level,"
    " ects = excluded.ects, primary_language = excluded.primary_language,"
    " title_en = excluded.title_en, titles = excluded.titles"
    " RETURNING seq"};
static const struct mc__pg_sql MC_FACETS_DEL = {
    "mc_facets_del", "WITH c AS (DELETE FROM mc_countries WHERE seq = $1),"
		     " g AS (DELETE FROM mc_target_groups WHERE seq = $1),"
		     " l AS (DELETE FROM mc_languages WHERE seq = $1)"
		     " DELETE FROM mc_orgs WHERE seq = $1"};
static const struct mc__pg_sql MC_COUNTRY_INS = {
    "mc_country_ins", "INSERT INTO mc_countries(seq, country)"
		      " VALUES($1, $2) ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql MC_GROUP_INS = {
    "mc_group_ins", "INSERT INTO mc_target_groups(seq, target_group)"
		    " VALUES($1, $2) ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql MC_LANG_INS = {
    "mc_lang_ins", "INSERT INTO mc_languages(seq, lang)"
		   " VALUES($1, $2) ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql MC_ORG_INS = {
    "mc_org_ins", "INSERT INTO mc_orgs(seq, org_id)"
		  " VALUES($1, $2) ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql MC_SEARCH_PUT = {
    "mc_search_put",
    "INSERT INTO mc_search(seq, title, description, outcomes,"
    " skills_and_orgs) VALUES($1, $2, $3, $4, $5)"
    " ON CONFLICT(seq) DO UPDATE SET title = excluded.title,"
    " description = excluded.description, outcomes = excluded.outcomes,"
    " skills_and_orgs = excluded.skills_and_orgs"};
static const struct mc__pg_sql ESCO_LABELS = {
    "esco_labels", "SELECT label FROM esco_concepts WHERE uri = $1"};
static const struct mc__pg_sql MC_GET_VERSION = {
    "mc_get_version", "SELECT doc, version, status FROM mc_versions"
		      " WHERE id = $1 AND version = $2"};
static const struct mc__pg_sql MC_GET_LATEST = {
    "mc_get_latest", "SELECT doc, version, status FROM mc_versions"
		     " WHERE id = $1 ORDER BY version DESC LIMIT 1"};
static const struct mc__pg_sql MC_GET_PUBLISHED = {
    "mc_get_published", "SELECT doc, version, status FROM mc_versions"
			" WHERE id = $1 AND status = 'published'"
			" ORDER BY version DESC LIMIT 1"};
static const struct mc__pg_sql MC_VERSIONS = {
    "mc_versions", "SELECT version, status, updated_at FROM mc_versions"
		   " WHERE id = $1 ORDER BY version"};
static const struct mc__pg_sql MC_SET_STATUS = {
    "mc_set_status", "UPDATE mc_versions SET status = $3, updated_at = $4"
		     " WHERE id = $1 AND version = $2"};
static const struct mc__pg_sql MC_IDS = {"mc_ids",
					 "SELECT id FROM mcs ORDER BY id"};
static const struct mc__pg_sql MC_EVENT_INS = {
    "mc_event_ins", "INSERT INTO mc_events(id, version, from_status,"
		    " to_status, actor, note, at)"
		    " VALUES($1, $2, $3, $4, $5, $6, $7)"};
static const struct mc__pg_sql MC_HISTORY = {
    "mc_history", "SELECT n, version, from_status, to_status, actor, note,"
		  " at FROM mc_events WHERE id = $1"
		  " AND ($2::integer = 0 OR version = $2::integer)"
		  " ORDER BY n"};

/* Insert (seq, value) with a two-parameter statement. */
static int insert_pair(struct mc__pg *h, const struct mc__pg_sql *q,
		       const char *seq, const char *value)
{
	return MC__PG_EXEC(h, NULL, q, "micro-credential", seq, value);
}

/* Append every text of `map` to `b`, one per line. */
static int put_texts(mc_buf *b, const mc_langmap *map)
{
	size_t i;
	int error;

	for (i = 0; i < map->count; i++)
		if ((error = mc__buf_puts(b, map->items[i].text)) ||
		    (error = mc__buf_add(b, "\n", 1)))
			return error;
	return 0;
}

/* Append column 0 (or `col`) of every row of `q` run with `key`, one per
 * line. */
static int put_rows(struct mc__pg *h, mc_buf *b, const struct mc__pg_sql *q,
		    const char *key, int col)
{
	PGresult *res = NULL;
	int i, error;

	if ((error = MC__PG_EXEC(h, &res, q, "search index", key)))
		return error;
	for (i = 0; i < PQntuples(res) && !error; i++)
		if (!PQgetisnull(res, i, col) &&
		    (!(error = mc__buf_puts(b, PQgetvalue(res, i, col)))))
			error = mc__buf_add(b, "\n", 1);
	PQclear(res);
	return error;
}

/* Write the facet rows and the search texts of MC version `seq`, as the
 * SQLite backend writes its facet and mc_fts rows (also store_pg_rows.c,
 * rebuilding them after a copy). */
int mc__pg_mc_index(struct mc__pg *h, const char *seq, const mc_microcred *mc)
{
	mc_buf title = MC_BUF_INIT(SEARCH_COLUMN_MAX);
	mc_buf desc = MC_BUF_INIT(SEARCH_COLUMN_MAX);
	mc_buf outcomes = MC_BUF_INIT(SEARCH_COLUMN_MAX);
	mc_buf other = MC_BUF_INIT(SEARCH_COLUMN_MAX);
	const char *label;
	char broad[3];
	size_t i, k;
	int error = 0;

	for (i = 0; i < mc->countries.count; i++)
		if ((error = insert_pair(h, &MC_COUNTRY_INS, seq,
					 mc->countries.items[i])))
			goto cleanup;
	for (i = 0; i < mc->target_groups.count; i++)
		if ((error = insert_pair(h, &MC_GROUP_INS, seq,
					 mc->target_groups.items[i])))
			goto cleanup;
	for (i = 0; i < mc->title.count; i++)
		if ((error = insert_pair(h, &MC_LANG_INS, seq,
					 mc->title.items[i].lang)))
			goto cleanup;
	for (i = 0; i < mc->languages.count; i++)
		if ((error = insert_pair(h, &MC_LANG_INS, seq,
					 mc->languages.items[i])))
			goto cleanup;
	if (mc->provider &&
	    (error = insert_pair(h, &MC_ORG_INS, seq, mc->provider)))
		goto cleanup;
	for (i = 0; i < mc->awarding_bodies.count; i++)
		if ((error = insert_pair(h, &MC_ORG_INS, seq,
					 mc->awarding_bodies.items[i])))
			goto cleanup;

	if ((error = put_texts(&title, &mc->title)) ||
	    (error = put_texts(&desc, &mc->description)))
		goto oom;
	for (i = 0; i < mc->outcome_count; i++)
		if ((error = put_texts(&outcomes, &mc->outcomes[i].text)))
			goto oom;
	if (mc->provider &&
	    (error = put_rows(h, &other, &ORG_NAMES_GET, mc->provider, 1)))
		goto oom;
	for (i = 0; i < mc->awarding_bodies.count; i++)
		if (!mc__streq(mc->awarding_bodies.items[i], mc->provider) &&
		    (error = put_rows(h, &other, &ORG_NAMES_GET,
				      mc->awarding_bodies.items[i], 1)))
			goto oom;
	for (i = 0; i < mc->outcome_count; i++) {
		const mc_strlist *skills = &mc->outcomes[i].esco_skills;

		for (k = 0; k < skills->count; k++)
			if ((error = put_rows(h, &other, &ESCO_LABELS,
					      skills->items[k], 0)))
				goto oom;
	}
	if (mc->sector) {
		if ((label = mc_isced_label(mc->sector)) &&
		    ((error = mc__buf_puts(&other, label)) ||
		     (error = mc__buf_add(&other, "\n", 1))))
			goto oom;
		mc_isced_broad(broad, mc->sector);
		if (strcmp(broad, mc->sector) != 0 &&
		    (label = mc_isced_label(broad)) &&
		    (error = mc__buf_puts(&other, label)))
			goto oom;
	}
	error = MC__PG_EXEC(
	    h, NULL, &MC_SEARCH_PUT, "search index", seq,
	    title.ptr ? title.ptr : "", desc.ptr ? desc.ptr : "",
	    outcomes.ptr ? outcomes.ptr : "", other.ptr ? other.ptr : "");
	if (!error)
		error = mc__pg_search_index(h, seq, title.ptr, desc.ptr,
					    outcomes.ptr, other.ptr);
	goto cleanup;

oom:
	/* put_rows leaves PostgreSQL's message when the database failed. */
	if (error == MC_ENOMEM || error == MC_ETOOBIG)
		error = mc__pg_nomem(h);

cleanup:
	mc__buf_free(&title);
	mc__buf_free(&desc);
	mc__buf_free(&outcomes);
	mc__buf_free(&other);
	return error;
}

/* The title map encoding of mc_versions.titles ("lang \x1f length \x1f
 * text" for each entry), as the SQLite backend writes it. */
static char *titles_encode(const mc_langmap *map)
{
	mc_buf b = MC_BUF_INIT(SEARCH_COLUMN_MAX);
	size_t i;

	for (i = 0; i < map->count; i++)
		if (mc__buf_printf(&b, "%s\x1f%zu\x1f%s", map->items[i].lang,
				   strlen(map->items[i].text),
				   map->items[i].text)) {
			mc__buf_free(&b);
			return NULL;
		}
	return mc__buf_detach(&b);
}

static int mc_put(mc_store *s, const mc_microcred *mc)
{
	struct mc__pg *h = mc__pg(s);
	const char *status = mc__pg_status_name((int)mc->status);
	char *doc = NULL, *titles = NULL, now[21], version[24], eqf[24],
	     ects[40], seq[24];
	const char *title_en;
	PGresult *res = NULL;
	int error, began = 0;

	if (!mc->id || mc->version < 1 || !status)
		return mc__store_error(s, MC_EUSAGE,
				       "mc_put: needs an id, a version >= 1 "
				       "and a known status");
	if (mc_microcred_to_json(&doc, mc) ||
	    !(titles = titles_encode(&mc->title))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	if ((error = mc__pg_begin(s)))
		goto cleanup;
	began = 1;
	if ((error =
		 MC__PG_EXEC(h, NULL, &MCS_INS, "micro-credential", mc->id)))
		goto cleanup;
	mc__utc_now(now);
	title_en = mc_langmap_get(&mc->title, "en");
	if (!title_en)
		title_en = mc_langmap_pick(&mc->title, mc->primary_language,
					   mc->primary_language);
	snprintf(ects, sizeof(ects), "%.17g", mc->ects);
	if ((error = MC__PG_EXEC(h, &res, &MC_UPSERT, "micro-credential",
				 mc->id, mc__pg_int(version, mc->version),
				 status, doc, now, mc->provider,
				 mc->countries.count ? mc->countries.items[0]
						     : NULL,
				 mc->sector, mc__pg_int(eqf, mc->eqf_level),
				 ects, mc->primary_language, title_en, titles)))
		goto cleanup;
	snprintf(seq, sizeof(seq), "%s", PQgetvalue(res, 0, 0));
	if ((error =
		 MC__PG_EXEC(h, NULL, &MC_FACETS_DEL, "micro-credential", seq)))
		goto cleanup;
	error = mc__pg_mc_index(h, seq, mc);

cleanup:
	if (began)
		error = mc__pg_finish(s, error);
	PQclear(res);
	free(doc);
	free(titles);
	return error;
}

/* Read one MC from row 0 (doc, version, status) of `res`. */
static int mc_from_row(struct mc__pg *h, mc_microcred **out, PGresult *res,
		       const char *id)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *doc = PQgetvalue(res, 0, 0);
	size_t len = (size_t)PQgetlength(res, 0, 0);
	unsigned version = (unsigned)mc__pg_ll(res, 0, 1);
	int status = mc__pg_status_parse(PQgetvalue(res, 0, 2));
	char where[MC_ID_MAX + 48];
	int error;

	snprintf(where, sizeof(where), "stored %s v%u", id, version);
	error = mc_microcred_from_json(out, doc, len, where, &problems);
	if (error == MC_ENOMEM) {
		error = mc__pg_nomem(h);
	} else if (error) {
		char *msg = problems.count
				? mc_problem_format(&problems.items[0])
				: NULL;

		error = mc__store_error(&h->base, MC_EDB, "%s: unreadable: %s",
					where, msg ? msg : "invalid JSON");
		free(msg);
	} else {
		(*out)->version = version;
		(*out)->status =
		    status < 0 ? MC_STATUS_DRAFT : (mc_status)status;
	}
	mc_problems_clear(&problems);
	return error;
}

/* The statement reading version `want` of `id` (the latest when 0, the
 * highest published when `published`), with *res its row. */
static int mc_row(struct mc__pg *h, PGresult **res, const char *id,
		  unsigned want, int published)
{
	char num[24];
	const char *params[2] = {id, mc__pg_int(num, want)};

	if (published)
		return mc__pg_row(h, res, &MC_GET_PUBLISHED, 1, params,
				  "micro-credential",
				  "%s: no published version", id);
	if (want)
		return mc__pg_row(h, res, &MC_GET_VERSION, 2, params,
				  "micro-credential", "%s v%u: not found", id,
				  want);
	return mc__pg_row(h, res, &MC_GET_LATEST, 1, params, "micro-credential",
			  "%s: not found", id);
}

static int mc_get(mc_store *s, mc_microcred **out, const char *id,
		  unsigned version)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	*out = NULL;
	if ((error = mc_row(h, &res, id, version, 0)))
		return error;
	error = mc_from_row(h, out, res, id);
	PQclear(res);
	return error;
}

static int mc_get_published(mc_store *s, mc_microcred **out, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	*out = NULL;
	if ((error = mc_row(h, &res, id, 0, 1)))
		return error;
	error = mc_from_row(h, out, res, id);
	PQclear(res);
	return error;
}

static int version_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_version_info *v = elem;
	int status = mc__pg_status_parse(PQgetvalue(res, i, 1));

	(void)h;
	v->version = (unsigned)mc__pg_ll(res, i, 0);
	v->status = status < 0 ? MC_STATUS_DRAFT : (mc_status)status;
	snprintf(v->updated_at, sizeof(v->updated_at), "%s",
		 PQgetvalue(res, i, 2));
	return 0;
}

static int mc_versions(mc_store *s, mc_version_info **out, size_t *count,
		       const char *id)
{
	struct mc__pg *h = mc__pg(s);
	mc_version_info *list = NULL;
	PGresult *res = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &MC_VERSIONS, "versions", id)))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), version_row);
	PQclear(res);
	if (!error && n == 0)
		error = mc__store_error(s, MC_ENOTFOUND, "%s: not found", id);
	if (error) {
		free(list);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static int mc_set_status(mc_store *s, const char *id, unsigned version,
			 mc_status status)
{
	struct mc__pg *h = mc__pg(s);
	const char *name = mc__pg_status_name((int)status);
	PGresult *res = NULL;
	char now[21], num[24];
	long long changed;
	int error;

	if (!name)
		return mc__store_error(s, MC_EUSAGE, "status %d: unknown",
				       (int)status);
	mc__utc_now(now);
	if ((error = MC__PG_EXEC(h, &res, &MC_SET_STATUS, "status", id,
				 mc__pg_int(num, version), name, now)))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	if (changed == 0)
		return mc__store_error(s, MC_ENOTFOUND, "%s v%u: not found", id,
				       version);
	return 0;
}

static int mc_ids(mc_store *s, mc_strlist *out)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	if ((error = mc__pg_exec(h, &res, &MC_IDS, "list", 0, NULL)))
		return error;
	if ((error = mc__pg_list_ids(h, out, res, 0)))
		mc_strlist_clear(out);
	PQclear(res);
	return error;
}

static int mc_event_add(mc_store *s, const char *id, unsigned version,
			mc_status from, mc_status to, const char *actor,
			const char *note)
{
	char now[21], num[24];

	mc__utc_now(now);
	return MC__PG_EXEC(mc__pg(s), NULL, &MC_EVENT_INS, "history", id,
			   mc__pg_int(num, version),
			   mc__pg_status_name((int)from),
			   mc__pg_status_name((int)to), actor, note, now);
}

/* ---- history and the fast document read ---------------------------------- */

static int history_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_history_event *e = elem;
	int from, to, error = 0;

	to = mc__pg_status_parse(mc__pg_text(res, i, 3));
	from = mc__pg_status_parse(mc__pg_text(res, i, 2));
	e->n = mc__pg_ll(res, i, 0);
	e->version = (unsigned)mc__pg_ll(res, i, 1);
	e->to = to < 0 ? MC_STATUS_DRAFT : (mc_status)to;
	e->from = from < 0 ? e->to : (mc_status)from;
	e->actor = mc__pg_dup(res, i, 4, &error);
	e->note = mc__pg_dup(res, i, 5, &error);
	e->at = mc__pg_dup(res, i, 6, &error);
	return error ? mc__pg_nomem(h) : 0;
}

static int mc_history(mc_store *s, mc_history_event **out, size_t *count,
		      const char *id, unsigned version)
{
	struct mc__pg *h = mc__pg(s);
	mc_history_event *list = NULL;
	PGresult *res = NULL;
	char num[24];
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &MC_HISTORY, "history", id,
				 mc__pg_int(num, version))))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), history_row);
	PQclear(res);
	if (error) {
		mc_history_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static int mc_doc_get(mc_store *s, char **doc, size_t *len, unsigned *version,
		      mc_status *status, const char *id, unsigned want,
		      int published)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	size_t n;
	int st, error;

	*doc = NULL;
	*len = 0;
	if ((error = mc_row(h, &res, id, want, published)))
		return error;
	n = (size_t)PQgetlength(res, 0, 0);
	if (!(*doc = malloc(n + 1))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	memcpy(*doc, PQgetvalue(res, 0, 0), n);
	(*doc)[n] = '\0';
	*len = n;
	*version = (unsigned)mc__pg_ll(res, 0, 1);
	st = mc__pg_status_parse(PQgetvalue(res, 0, 2));
	*status = st < 0 ? MC_STATUS_DRAFT : (mc_status)st;

cleanup:
	PQclear(res);
	return error;
}

const struct mc__store_catalogue_ops mc__pg_catalogue = {
    .org_put = org_put,
    .org_get = org_get,
    .org_list = org_list,
    .cluster_put = cluster_put,
    .cluster_get = cluster_get,
    .cluster_list = cluster_list,
    .cluster_add = cluster_add,
    .mc_put = mc_put,
    .mc_get = mc_get,
    .mc_get_published = mc_get_published,
    .mc_versions = mc_versions,
    .mc_set_status = mc_set_status,
    .mc_ids = mc_ids,
    .mc_event_add = mc_event_add,
    .mc_history = mc_history,
    .mc_doc_get = mc_doc_get,
};
