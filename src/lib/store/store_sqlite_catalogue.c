/*
 * SQLite backend, the catalogue: organisations, clusters, MC versions with
 * their search rows and facets, lifecycle events and history, and the fast
 * read of an MC's stored document (which hands back the stored JSON text
 * with the row's version and status, so a caller that only sends the
 * document on does not parse, validate and re-serialise it).
 *
 * Every write that touches several rows runs inside its own (nested)
 * transaction, so it is atomic on its own and cheap inside a caller's.
 */
#include "store_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Insert (seq, value) with a cached two-parameter statement. */
static int insert_pair(struct mc__sqlite *h, const char *id, sqlite3_int64 seq,
		       const char *value)
{
	sqlite3_stmt *st = mc__sq_stmt(h, id);

	if (!st)
		return MC_EDB;
	sqlite3_bind_int64(st, 1, seq);
	mc__sq_bind_text(st, 2, value);
	return mc__sq_step_done(h, st, "insert");
}

/* ---- organisations ------------------------------------------------------ */

static const char sql_org_upsert[] =
    "INSERT INTO organisations(id, country, region, type,"
    " short_name, legal_identifier, website)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT(id) DO UPDATE SET country = excluded.country,"
    " region = excluded.region, type = excluded.type,"
    " short_name = excluded.short_name,"
    " legal_identifier = excluded.legal_identifier,"
    " website = excluded.website";
static const char sql_org_names_del[] =
    "DELETE FROM org_names WHERE org_id = ?1";
static const char sql_org_name_ins[] =
    "INSERT OR REPLACE INTO org_names(org_id, ord,"
    " lang, text) VALUES(?1, ?2, ?3, ?4)";

static int org_put(mc_store *s, const mc_org *org)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	size_t i;
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	if (!(st = mc__sq_stmt(h, sql_org_upsert))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, org->id);
	mc__sq_bind_text(st, 2, org->country);
	mc__sq_bind_text(st, 3, org->region);
	mc__sq_bind_text(st, 4, mc_org_type_name(org->type));
	mc__sq_bind_text(st, 5, org->short_name);
	mc__sq_bind_text(st, 6, org->legal_identifier);
	mc__sq_bind_text(st, 7, org->website);
	if ((error = mc__sq_step_done(h, st, "organisation")))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, sql_org_names_del))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, org->id);
	if ((error = mc__sq_step_done(h, st, "organisation")))
		goto cleanup;
	for (i = 0; i < org->name.count; i++) {
		if (!(st = mc__sq_stmt(h, sql_org_name_ins))) {
			error = MC_EDB;
			goto cleanup;
		}
		mc__sq_bind_text(st, 1, org->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		mc__sq_bind_text(st, 3, org->name.items[i].lang);
		mc__sq_bind_text(st, 4, org->name.items[i].text);
		if ((error = mc__sq_step_done(h, st, "organisation")))
			goto cleanup;
	}

cleanup:
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

static const char sql_org_names_get[] = "SELECT lang, text FROM org_names"
					" WHERE org_id = ?1 ORDER BY ord";

/* Set (lang, text) of a row in the mc_langmap `payload`. */
static int langmap_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	if (mc_langmap_set(payload, (const char *)sqlite3_column_text(st, 0),
			   (const char *)sqlite3_column_text(st, 1)))
		return mc__sq_nomem(h);
	return 0;
}

/* Read an organisation's names into `map`. */
static int org_names(struct mc__sqlite *h, mc_langmap *map, const char *id)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql_org_names_get);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	return mc__sq_each(h, st, langmap_row, map, "organisation");
}

static const char sql_org_get[] =
    "SELECT id, country, region, type, short_name,"
    " legal_identifier, website FROM organisations"
    " WHERE id = ?1";

static int org_get(mc_store *s, mc_org **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_org_get);
	mc_org *org = NULL;
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_row(h, st, "organisation",
				"organisation %s: not found", id)))
		goto cleanup;
	if ((error = mc_org_new(&org)))
		goto cleanup;
	free(org->id);
	org->id = mc__sq_col_dup(st, 0, &error);
	org->country = mc__sq_col_dup(st, 1, &error);
	org->region = mc__sq_col_dup(st, 2, &error);
	if (mc_org_type_parse(&org->type,
			      (const char *)sqlite3_column_text(st, 3)))
		org->type = MC_ORG_OTHER;
	org->short_name = mc__sq_col_dup(st, 4, &error);
	org->legal_identifier = mc__sq_col_dup(st, 5, &error);
	org->website = mc__sq_col_dup(st, 6, &error);
	sqlite3_reset(st);
	if (error)
		goto cleanup;
	if ((error = org_names(h, &org->name, id)))
		goto cleanup;
	*out = org;
	org = NULL;

cleanup:
	if (error == MC_ENOMEM)
		mc__sq_nomem(h);
	sqlite3_reset(st);
	mc_org_free(org);
	return error;
}

/* Run an id-listing statement (one text column) into `ids`. */
static int list_ids(struct mc__sqlite *h, mc_strlist *ids, sqlite3_stmt *st)
{
	return mc__sq_each(h, st, mc__sq_id_row, ids, "list");
}

static const char sql_org_list[] =
    "SELECT id FROM organisations"
    " WHERE ?1 IS NULL OR country = ?1 ORDER BY id";

static int org_list(mc_store *s, mc_org ***out, size_t *count,
		    const char *country)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_strlist ids = MC_STRLIST_INIT;
	mc_org **list = NULL;
	sqlite3_stmt *st = mc__sq_stmt(h, sql_org_list);
	size_t i, n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, country);
	if ((error = list_ids(h, &ids, st)))
		goto cleanup;
	if (ids.count && !(list = calloc(ids.count, sizeof(*list)))) {
		error = mc__sq_nomem(h);
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
	mc_strlist_clear(&ids);
	return error;
}

/* ---- clusters ----------------------------------------------------------- */

static const char sql_cluster_text_ins[] =
    "INSERT OR REPLACE INTO cluster_texts("
    "cluster_id, field, ord, lang, text)"
    " VALUES(?1, ?2, ?3, ?4, ?5)";

static int cluster_texts_put(struct mc__sqlite *h, const char *id,
			     const char *field, const mc_langmap *map)
{
	sqlite3_stmt *st;
	size_t i;
	int error;

	for (i = 0; i < map->count; i++) {
		if (!(st = mc__sq_stmt(h, sql_cluster_text_ins)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, id);
		mc__sq_bind_text(st, 2, field);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		mc__sq_bind_text(st, 4, map->items[i].lang);
		mc__sq_bind_text(st, 5, map->items[i].text);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			return error;
	}
	return 0;
}

static const char sql_org_exists[] =
    "SELECT 1 FROM organisations WHERE id = ?1";
static const char sql_cluster_org_ins[] =
    "INSERT OR IGNORE INTO cluster_orgs("
    "cluster_id, org_id, ord) VALUES(?1, ?2,"
    " (SELECT count(*) FROM cluster_orgs"
    "  WHERE cluster_id = ?1))";
static const char sql_mc_exists[] = "SELECT 1 FROM mcs WHERE id = ?1";
static const char sql_cluster_mc_ins[] =
    "INSERT OR IGNORE INTO cluster_mcs("
    "cluster_id, mc_id, ord) VALUES(?1, ?2,"
    " (SELECT count(*) FROM cluster_mcs"
    "  WHERE cluster_id = ?1))";

/* Add one member; the caller has checked that the cluster exists. */
static int cluster_member(struct mc__sqlite *h, const char *cluster,
			  const char *org, const char *mc, int code)
{
	sqlite3_stmt *st;
	int error;

	if (org) {
		if ((error = mc__sq_exists(h, sql_org_exists, org)) ==
		    MC_ENOTFOUND)
			return mc__store_error(&h->base, code,
					       "cluster %s: organisation %s: "
					       "not found",
					       cluster, org);
		if (error)
			return error;
		if (!(st = mc__sq_stmt(h, sql_cluster_org_ins)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, cluster);
		mc__sq_bind_text(st, 2, org);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			return error;
	}
	if (mc) {
		if ((error = mc__sq_exists(h, sql_mc_exists, mc)) ==
		    MC_ENOTFOUND)
			return mc__store_error(&h->base, code,
					       "cluster %s: micro-credential "
					       "%s: not found",
					       cluster, mc);
		if (error)
			return error;
		if (!(st = mc__sq_stmt(h, sql_cluster_mc_ins)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, cluster);
		mc__sq_bind_text(st, 2, mc);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			return error;
	}
	return 0;
}

static const char sql_cluster_texts_del[] = "DELETE FROM cluster_texts"
					    " WHERE cluster_id = ?1";
static const char sql_cluster_orgs_del[] = "DELETE FROM cluster_orgs"
					   " WHERE cluster_id = ?1";
static const char sql_cluster_mcs_del[] =
    "DELETE FROM cluster_mcs WHERE cluster_id = ?1";
static const char sql_cluster_upsert[] =
    "INSERT INTO clusters(id, kind) VALUES(?1, ?2)"
    " ON CONFLICT(id) DO UPDATE"
    " SET kind = excluded.kind";

static int cluster_put(mc_store *s, const mc_cluster *c)
{
	struct mc__sqlite *h = mc__sq(s);
	static const char *const clear[] = {
	    sql_cluster_texts_del, sql_cluster_orgs_del, sql_cluster_mcs_del};
	sqlite3_stmt *st;
	size_t i;
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	if (!(st = mc__sq_stmt(h, sql_cluster_upsert))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, c->id);
	mc__sq_bind_text(st, 2, mc_cluster_kind_name(c->kind));
	if ((error = mc__sq_step_done(h, st, "cluster")))
		goto cleanup;
	for (i = 0; i < MC__ARRAY_SIZE(clear); i++) {
		if (!(st = mc__sq_stmt(h, clear[i]))) {
			error = MC_EDB;
			goto cleanup;
		}
		mc__sq_bind_text(st, 1, c->id);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			goto cleanup;
	}
	if ((error = cluster_texts_put(h, c->id, "name", &c->name)) ||
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
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

static const char sql_cluster_get[] = "SELECT kind FROM clusters WHERE id = ?1";
static const char sql_cluster_texts_get[] =
    "SELECT field, lang, text FROM cluster_texts"
    " WHERE cluster_id = ?1 ORDER BY field, ord";
static const char sql_cluster_orgs_get[] =
    "SELECT org_id FROM cluster_orgs"
    " WHERE cluster_id = ?1 ORDER BY ord";
static const char sql_cluster_mcs_get[] = "SELECT mc_id FROM cluster_mcs"
					  " WHERE cluster_id = ?1 ORDER BY ord";

/* Set one (field, lang, text) row in the mc_cluster `payload`. */
static int cluster_text_row(struct mc__sqlite *h, sqlite3_stmt *st,
			    void *payload)
{
	mc_cluster *c = payload;
	const char *field = (const char *)sqlite3_column_text(st, 0);
	mc_langmap *map = mc__streq(field, "name") ? &c->name : &c->description;

	if (mc_langmap_set(map, (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 2)))
		return mc__sq_nomem(h);
	return 0;
}

static int cluster_get(mc_store *s, mc_cluster **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_cluster *c = NULL;
	sqlite3_stmt *st = mc__sq_stmt(h, sql_cluster_get);
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_row(h, st, "cluster", "cluster %s: not found", id)))
		goto cleanup;
	if ((error = mc_cluster_new(&c)))
		goto cleanup;
	if (mc_cluster_kind_parse(&c->kind,
				  (const char *)sqlite3_column_text(st, 0)))
		c->kind = MC_CLUSTER_THEMATIC;
	sqlite3_reset(st);
	free(c->id);
	if (!(c->id = mc__strdup(id))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (!(st = mc__sq_stmt(h, sql_cluster_texts_get))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_each(h, st, cluster_text_row, c, "cluster")))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, sql_cluster_orgs_get))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, id);
	if ((error = list_ids(h, &c->organisations, st)))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, sql_cluster_mcs_get))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, id);
	if ((error = list_ids(h, &c->mcs, st)))
		goto cleanup;
	*out = c;
	c = NULL;

cleanup:
	if (error == MC_ENOMEM)
		mc__sq_nomem(h);
	if (st)
		sqlite3_reset(st);
	mc_cluster_free(c);
	return error;
}

static const char sql_cluster_ids[] = "SELECT id FROM clusters ORDER BY id";

static int cluster_list(mc_store *s, mc_cluster ***out, size_t *count)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_strlist ids = MC_STRLIST_INIT;
	mc_cluster **list = NULL;
	sqlite3_stmt *st = mc__sq_stmt(h, sql_cluster_ids);
	size_t i, n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	if ((error = list_ids(h, &ids, st)))
		goto cleanup;
	if (ids.count && !(list = calloc(ids.count, sizeof(*list)))) {
		error = mc__sq_nomem(h);
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
	mc_strlist_clear(&ids);
	return error;
}

static int cluster_add(mc_store *s, const char *cluster, const char *org,
		       const char *mc)
{
	struct mc__sqlite *h = mc__sq(s);
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	if ((error = mc__sq_exists(h, sql_cluster_get, cluster)) ==
	    MC_ENOTFOUND)
		mc__store_error(s, error, "cluster %s: not found", cluster);
	if (!error)
		error = cluster_member(h, cluster, org, mc, MC_ENOTFOUND);
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

/* ---- micro-credentials -------------------------------------------------- */

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

/* What put_rows() appends, for its row callback. */
struct put_rows {
	mc_buf *b;
	int col;
};

static int put_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	struct put_rows *p = payload;
	const char *t = (const char *)sqlite3_column_text(st, p->col);
	int error = 0;

	(void)h;
	if (t && !(error = mc__buf_puts(p->b, t)))
		error = mc__buf_add(p->b, "\n", 1);
	return error;
}

/* Append column `col` of every row of `st` to `b`, one per line.  A
 * buffer's error (MC_ENOMEM, MC_ETOOBIG) comes back without a message. */
static int put_rows(struct mc__sqlite *h, mc_buf *b, sqlite3_stmt *st, int col)
{
	struct put_rows p = {b, col};

	return mc__sq_each(h, st, put_row, &p, "search index");
}

/* Names of one organisation, for the search row. */
static int put_org_names(struct mc__sqlite *h, mc_buf *b, const char *org)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql_org_names_get);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org);
	return put_rows(h, b, st, 1);
}

static const char sql_mc_country_ins[] =
    "INSERT OR IGNORE INTO mc_countries(seq,"
    " country) VALUES(?1, ?2)";
static const char sql_mc_group_ins[] =
    "INSERT OR IGNORE INTO mc_target_groups(seq,"
    " target_group) VALUES(?1, ?2)";
static const char sql_mc_lang_ins[] =
    "INSERT OR IGNORE INTO mc_languages(seq, lang)"
    " VALUES(?1, ?2)";
static const char sql_mc_org_ins[] =
    "INSERT OR IGNORE INTO mc_orgs(seq, org_id)"
    " VALUES(?1, ?2)";
static const char sql_esco_labels[] =
    "SELECT label FROM esco_concepts WHERE uri = ?1";
static const char sql_mc_fts_ins[] =
    "INSERT INTO mc_fts(rowid, title, description,"
    " outcomes, skills_and_orgs)"
    " VALUES(?1, ?2, ?3, ?4, ?5)";

/* Write the search row and the facet rows of MC version `seq` (also
 * store_sqlite_rows.c, rebuilding them after a copy). */
int mc__sq_mc_index(struct mc__sqlite *h, sqlite3_int64 seq,
		    const mc_microcred *mc)
{
	mc_buf title = MC_BUF_INIT(FTS_COLUMN_MAX);
	mc_buf desc = MC_BUF_INIT(FTS_COLUMN_MAX);
	mc_buf outcomes = MC_BUF_INIT(FTS_COLUMN_MAX);
	mc_buf other = MC_BUF_INIT(FTS_COLUMN_MAX);
	sqlite3_stmt *st;
	const char *label;
	char broad[3];
	size_t i, k;
	int error = 0;

	for (i = 0; i < mc->countries.count; i++)
		if ((error = insert_pair(h, sql_mc_country_ins, seq,
					 mc->countries.items[i])))
			goto cleanup;
	for (i = 0; i < mc->target_groups.count; i++)
		if ((error = insert_pair(h, sql_mc_group_ins, seq,
					 mc->target_groups.items[i])))
			goto cleanup;
	for (i = 0; i < mc->title.count; i++)
		if ((error = insert_pair(h, sql_mc_lang_ins, seq,
					 mc->title.items[i].lang)))
			goto cleanup;
	for (i = 0; i < mc->languages.count; i++)
		if ((error = insert_pair(h, sql_mc_lang_ins, seq,
					 mc->languages.items[i])))
			goto cleanup;
	if (mc->provider &&
	    (error = insert_pair(h, sql_mc_org_ins, seq, mc->provider)))
		goto cleanup;
	for (i = 0; i < mc->awarding_bodies.count; i++)
		if ((error = insert_pair(h, sql_mc_org_ins, seq,
					 mc->awarding_bodies.items[i])))
			goto cleanup;

	if ((error = put_texts(&title, &mc->title)) ||
	    (error = put_texts(&desc, &mc->description)))
		goto oom;
	for (i = 0; i < mc->outcome_count; i++)
		if ((error = put_texts(&outcomes, &mc->outcomes[i].text)))
			goto oom;
	if (mc->provider && (error = put_org_names(h, &other, mc->provider)))
		goto oom;
	for (i = 0; i < mc->awarding_bodies.count; i++)
		if (!mc__streq(mc->awarding_bodies.items[i], mc->provider) &&
		    (error = put_org_names(h, &other,
					   mc->awarding_bodies.items[i])))
			goto oom;
	for (i = 0; i < mc->outcome_count; i++) {
		const mc_strlist *skills = &mc->outcomes[i].esco_skills;

		for (k = 0; k < skills->count; k++) {
			if (!(st = mc__sq_stmt(h, sql_esco_labels))) {
				error = MC_EDB;
				goto cleanup;
			}
			mc__sq_bind_text(st, 1, skills->items[k]);
			if ((error = put_rows(h, &other, st, 0)))
				goto oom;
		}
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

	if (!(st = mc__sq_stmt(h, sql_mc_fts_ins))) {
		error = MC_EDB;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, title.ptr ? title.ptr : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, desc.ptr ? desc.ptr : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, outcomes.ptr ? outcomes.ptr : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 5, other.ptr ? other.ptr : "", -1, SQLITE_STATIC);
	error = mc__sq_step_done(h, st, "search index");
	goto cleanup;

oom:
	/* put_* leave SQLite's message when the database failed. */
	if (error == MC_ENOMEM || error == MC_ETOOBIG)
		error = mc__sq_nomem(h);

cleanup:
	mc__buf_free(&title);
	mc__buf_free(&desc);
	mc__buf_free(&outcomes);
	mc__buf_free(&other);
	return error;
}

static const char sql_mc_countries_del[] =
    "DELETE FROM mc_countries WHERE seq = ?1";
static const char sql_mc_groups_del[] =
    "DELETE FROM mc_target_groups WHERE seq = ?1";
static const char sql_mc_langs_del[] =
    "DELETE FROM mc_languages WHERE seq = ?1";
static const char sql_mc_orgs_del[] = "DELETE FROM mc_orgs WHERE seq = ?1";
static const char sql_mc_fts_del[] = "DELETE FROM mc_fts WHERE rowid = ?1";
static const char sql_mc_find[] = "SELECT seq FROM mc_versions"
				  " WHERE id = ?1 AND version = ?2";
static const char sql_mcs_ins[] = "INSERT OR IGNORE INTO mcs(id) VALUES(?1)";
static const char sql_mc_ins[] =
    "INSERT INTO mc_versions(id, version, status, doc,"
    " created_at, updated_at, provider, country, sector,"
    " eqf_level, ects, primary_language, title_en, titles)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10,"
    " ?11, ?12, ?13)";
static const char sql_mc_upd[] =
    "UPDATE mc_versions SET status = ?3, doc = ?4,"
    " updated_at = ?5, provider = ?6, country = ?7,"
    " sector = ?8, eqf_level = ?9, ects = ?10,"
    " primary_language = ?11, title_en = ?12, titles = ?13"
    " WHERE seq = ?14";

static int mc_put(mc_store *s, const mc_microcred *mc)
{
	struct mc__sqlite *h = mc__sq(s);
	static const char *const clear[] = {sql_mc_countries_del,
					    sql_mc_groups_del, sql_mc_langs_del,
					    sql_mc_orgs_del, sql_mc_fts_del};
	const char *status = mc__sq_status_name((int)mc->status);
	sqlite3_stmt *st;
	sqlite3_int64 seq = 0;
	char *doc = NULL, *titles = NULL, now[21];
	const char *title_en;
	size_t i;
	int error, began = 0;

	if (!mc->id || mc->version < 1 || !status)
		return mc__store_error(s, MC_EUSAGE,
				       "mc_put: needs an id, a version >= 1 "
				       "and a known status");
	if (mc_microcred_to_json(&doc, mc) ||
	    !(titles = mc__sq_titles_encode(&mc->title))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	if ((error = mc__sq_begin(s)))
		goto cleanup;
	began = 1;
	if (!(st = mc__sq_stmt(h, sql_mc_find))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, mc->id);
	sqlite3_bind_int64(st, 2, mc->version);
	if (!(error = mc__sq_row(h, st, "micro-credential", NULL))) {
		seq = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	} else if (error != MC_ENOTFOUND) {
		goto cleanup;
	}
	error = 0;

	if (!seq) {
		if (!(st = mc__sq_stmt(h, sql_mcs_ins))) {
			error = MC_EDB;
			goto cleanup;
		}
		mc__sq_bind_text(st, 1, mc->id);
		if ((error = mc__sq_step_done(h, st, "micro-credential")))
			goto cleanup;
	} else {
		for (i = 0; i < MC__ARRAY_SIZE(clear); i++)
			if ((error = mc__sq_delete_by_seq(h, clear[i], seq)))
				goto cleanup;
	}
	if (!(st = mc__sq_stmt(h, seq ? sql_mc_upd : sql_mc_ins))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__utc_now(now);
	title_en = mc_langmap_get(&mc->title, "en");
	if (!title_en)
		title_en = mc_langmap_pick(&mc->title, mc->primary_language,
					   mc->primary_language);
	mc__sq_bind_text(st, 1, mc->id);
	sqlite3_bind_int64(st, 2, mc->version);
	mc__sq_bind_text(st, 3, status);
	sqlite3_bind_text(st, 4, doc, -1, SQLITE_STATIC);
	mc__sq_bind_text(st, 5, now);
	mc__sq_bind_text(st, 6, mc->provider);
	mc__sq_bind_text(st, 7,
			 mc->countries.count ? mc->countries.items[0] : NULL);
	mc__sq_bind_text(st, 8, mc->sector);
	sqlite3_bind_int(st, 9, mc->eqf_level);
	sqlite3_bind_double(st, 10, mc->ects);
	mc__sq_bind_text(st, 11, mc->primary_language);
	mc__sq_bind_text(st, 12, title_en);
	mc__sq_bind_text(st, 13, titles);
	if (seq)
		sqlite3_bind_int64(st, 14, seq);
	if ((error = mc__sq_step_done(h, st, "micro-credential")))
		goto cleanup;
	if (!seq)
		seq = sqlite3_last_insert_rowid(h->db);
	error = mc__sq_mc_index(h, seq, mc);

cleanup:
	if (began) {
		if (error)
			mc__sq_rollback(s);
		else
			error = mc__sq_commit(s);
	}
	free(doc);
	free(titles);
	return error;
}

/* Read one MC from a row (doc, version, status) of `st`. */
static int mc_from_row(struct mc__sqlite *h, mc_microcred **out,
		       sqlite3_stmt *st, const char *id)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *doc = (const char *)sqlite3_column_text(st, 0);
	int len = sqlite3_column_bytes(st, 0);
	unsigned version = (unsigned)sqlite3_column_int64(st, 1);
	int status =
	    mc__sq_status_parse((const char *)sqlite3_column_text(st, 2));
	char where[MC_ID_MAX + 48];
	int error;

	snprintf(where, sizeof(where), "stored %s v%u", id, version);
	error = mc_microcred_from_json(out, doc ? doc : "", (size_t)len, where,
				       &problems);
	if (error == MC_ENOMEM) {
		error = mc__sq_nomem(h);
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

/* Run one of the MC_GET statements, already bound. */
static int mc_get_with(struct mc__sqlite *h, mc_microcred **out,
		       sqlite3_stmt *st, const char *id, unsigned version,
		       const char *what)
{
	int error;

	*out = NULL;
	if (version)
		error = mc__sq_row(h, st, "micro-credential",
				   "%s v%u: not found", id, version);
	else
		error =
		    mc__sq_row(h, st, "micro-credential", "%s: %s", id, what);
	if (error)
		return error;
	error = mc_from_row(h, out, st, id);
	sqlite3_reset(st);
	return error;
}

static const char sql_mc_get_version[] =
    "SELECT doc, version, status FROM mc_versions"
    " WHERE id = ?1 AND version = ?2";
static const char sql_mc_get_latest[] =
    "SELECT doc, version, status FROM mc_versions"
    " WHERE id = ?1 ORDER BY version DESC LIMIT 1";

static int mc_get(mc_store *s, mc_microcred **out, const char *id,
		  unsigned version)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, version ? sql_mc_get_version : sql_mc_get_latest);

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if (version)
		sqlite3_bind_int64(st, 2, version);
	return mc_get_with(h, out, st, id, version, "not found");
}

static const char sql_mc_get_published[] =
    "SELECT doc, version, status FROM mc_versions"
    " WHERE id = ?1 AND status = 'published'"
    " ORDER BY version DESC LIMIT 1";

static int mc_get_published(mc_store *s, mc_microcred **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_mc_get_published);

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	return mc_get_with(h, out, st, id, 0, "no published version");
}

static const char sql_mc_versions[] =
    "SELECT version, status, updated_at"
    " FROM mc_versions WHERE id = ?1 ORDER BY version";

static int version_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_version_info *v = elem;
	const char *at = (const char *)sqlite3_column_text(st, 2);
	int status =
	    mc__sq_status_parse((const char *)sqlite3_column_text(st, 1));

	(void)h;
	v->version = (unsigned)sqlite3_column_int64(st, 0);
	v->status = status < 0 ? MC_STATUS_DRAFT : (mc_status)status;
	snprintf(v->updated_at, sizeof(v->updated_at), "%s", at ? at : "");
	return 0;
}

static int mc_versions(mc_store *s, mc_version_info **out, size_t *count,
		       const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_mc_versions);
	mc_version_info *list = NULL;
	size_t n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 version_row, "versions")))
		goto cleanup;
	if (n == 0) {
		error = mc__store_error(s, MC_ENOTFOUND, "%s: not found", id);
		goto cleanup;
	}
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	sqlite3_reset(st);
	free(list);
	return error;
}

static const char sql_mc_set_status[] =
    "UPDATE mc_versions SET status = ?3,"
    " updated_at = ?4 WHERE id = ?1 AND version = ?2";

static int mc_set_status(mc_store *s, const char *id, unsigned version,
			 mc_status status)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *name = mc__sq_status_name((int)status);
	sqlite3_stmt *st;
	char now[21];
	int error;

	if (!name)
		return mc__store_error(s, MC_EUSAGE, "status %d: unknown",
				       (int)status);
	if (!(st = mc__sq_stmt(h, sql_mc_set_status)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	mc__sq_bind_text(st, 3, name);
	mc__sq_bind_text(st, 4, now);
	if ((error = mc__sq_step_done(h, st, "status")))
		return error;
	if (sqlite3_changes(h->db) == 0)
		return mc__store_error(s, MC_ENOTFOUND, "%s v%u: not found", id,
				       version);
	return 0;
}

static const char sql_mc_ids[] = "SELECT id FROM mcs ORDER BY id";

static int mc_ids(mc_store *s, mc_strlist *out)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_mc_ids);
	int error;

	if (!st)
		return MC_EDB;
	if ((error = list_ids(h, out, st)))
		mc_strlist_clear(out);
	return error;
}

static const char sql_mc_event_ins[] =
    "INSERT INTO mc_events(id, version, from_status,"
    " to_status, actor, note, at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static int mc_event_add(mc_store *s, const char *id, unsigned version,
			mc_status from, mc_status to, const char *actor,
			const char *note)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_mc_event_ins);
	char now[21];

	if (!st)
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	mc__sq_bind_text(st, 3, mc__sq_status_name((int)from));
	mc__sq_bind_text(st, 4, mc__sq_status_name((int)to));
	mc__sq_bind_text(st, 5, actor);
	mc__sq_bind_text(st, 6, note);
	mc__sq_bind_text(st, 7, now);
	return mc__sq_step_done(h, st, "history");
}

/* ---- history and the fast document read -------------------------------- */

static int history_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_history_event *e = elem;
	int from, to, error = 0;

	to = mc__sq_status_parse((const char *)sqlite3_column_text(st, 3));
	from = mc__sq_status_parse((const char *)sqlite3_column_text(st, 2));
	e->n = sqlite3_column_int64(st, 0);
	e->version = (unsigned)sqlite3_column_int64(st, 1);
	e->to = to < 0 ? MC_STATUS_DRAFT : (mc_status)to;
	e->from = from < 0 ? e->to : (mc_status)from;
	e->actor = mc__sq_col_dup(st, 4, &error);
	e->note = mc__sq_col_dup(st, 5, &error);
	e->at = mc__sq_col_dup(st, 6, &error);
	return error ? mc__sq_nomem(h) : 0;
}

static const char sql_mc_history[] =
    "SELECT n, version, from_status, to_status, actor,"
    " note, at FROM mc_events WHERE id = ?1"
    " AND (?2 = 0 OR version = ?2) ORDER BY n";

static int mc_history(mc_store *s, mc_history_event **out, size_t *count,
		      const char *id, unsigned version)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_mc_history);
	mc_history_event *list = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 history_row, "history")) < 0) {
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
	struct mc__sqlite *h = mc__sq(s);
	const char *which = published ? sql_mc_get_published
			    : want    ? sql_mc_get_version
				      : sql_mc_get_latest;
	sqlite3_stmt *st = mc__sq_stmt(h, which);
	const unsigned char *text;
	int n, st_status, error = 0;

	*doc = NULL;
	*len = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if (which == sql_mc_get_version)
		sqlite3_bind_int64(st, 2, want);
	if (published)
		error = mc__sq_row(h, st, "micro-credential",
				   "%s: no published version", id);
	else if (want)
		error = mc__sq_row(h, st, "micro-credential",
				   "%s v%u: not found", id, want);
	else
		error =
		    mc__sq_row(h, st, "micro-credential", "%s: not found", id);
	if (error)
		goto cleanup;
	text = sqlite3_column_text(st, 0);
	n = sqlite3_column_bytes(st, 0);
	if (!text || !(*doc = malloc((size_t)n + 1))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	memcpy(*doc, text, (size_t)n);
	(*doc)[n] = '\0';
	*len = (size_t)n;
	*version = (unsigned)sqlite3_column_int64(st, 1);
	st_status =
	    mc__sq_status_parse((const char *)sqlite3_column_text(st, 2));
	*status = st_status < 0 ? MC_STATUS_DRAFT : (mc_status)st_status;

cleanup:
	sqlite3_reset(st);
	return error;
}

const struct mc__store_catalogue_ops mc__sq_catalogue = {
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
