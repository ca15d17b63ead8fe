/*
 * SQLite backend: ESCO concepts (one row per URI and language) and their
 * label index for look-ups.
 */
#include "store_sqlite.h"

#include <stdlib.h>
#include <string.h>

#include "model/search_query.h"
#include "util/util.h"

static const char sql_esco_find[] = "SELECT seq FROM esco_concepts"
				    " WHERE uri = ?1 AND lang = ?2";
static const char sql_esco_fts_del[] = "DELETE FROM esco_fts WHERE rowid = ?1";
static const char sql_esco_ins[] =
    "INSERT INTO esco_concepts(uri, lang, concept_type,"
    " skill_type, reuse_level, label, alt_labels,"
    " description) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_esco_upd[] =
    "UPDATE esco_concepts SET concept_type = ?3,"
    " skill_type = ?4, reuse_level = ?5, label = ?6,"
    " alt_labels = ?7, description = ?8 WHERE seq = ?9";
static const char sql_esco_fts_ins[] =
    "INSERT INTO esco_fts(rowid, label, alt_labels)"
    " VALUES(?1, ?2, ?3)";

static int esco_put(mc_store *s, const mc_esco_concept *c)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_buf alt = MC_BUF_INIT(FTS_COLUMN_MAX);
	sqlite3_stmt *st;
	sqlite3_int64 seq = 0;
	size_t i;
	int error = 0, began = 0;

	for (i = 0; i < c->alt_labels.count; i++)
		if ((i && mc__buf_add(&alt, "\n", 1)) ||
		    mc__buf_puts(&alt, c->alt_labels.items[i])) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
	if ((error = mc__sq_begin(s)))
		goto cleanup;
	began = 1;
	if (!(st = mc__sq_stmt(h, sql_esco_find))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, c->uri);
	mc__sq_bind_text(st, 2, c->lang ? c->lang : "en");
	if (!(error = mc__sq_row(h, st, "esco", NULL))) {
		seq = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	} else if (error != MC_ENOTFOUND) {
		goto cleanup;
	}
	error = 0;
	if (seq && (error = mc__sq_delete_by_seq(h, sql_esco_fts_del, seq)))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, seq ? sql_esco_upd : sql_esco_ins))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, c->uri);
	mc__sq_bind_text(st, 2, c->lang ? c->lang : "en");
	mc__sq_bind_text(st, 3, c->concept_type);
	mc__sq_bind_text(st, 4, c->skill_type);
	mc__sq_bind_text(st, 5, c->reuse_level);
	mc__sq_bind_text(st, 6, c->label);
	mc__sq_bind_text(st, 7, alt.ptr);
	mc__sq_bind_text(st, 8, c->description);
	if (seq)
		sqlite3_bind_int64(st, 9, seq);
	if ((error = mc__sq_step_done(h, st, "esco")))
		goto cleanup;
	if (!seq)
		seq = sqlite3_last_insert_rowid(h->db);
	if (!(st = mc__sq_stmt(h, sql_esco_fts_ins))) {
		error = MC_EDB;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, seq);
	mc__sq_bind_text(st, 2, c->label);
	mc__sq_bind_text(st, 3, alt.ptr ? alt.ptr : "");
	error = mc__sq_step_done(h, st, "esco");

cleanup:
	if (began) {
		if (error)
			mc__sq_rollback(s);
		else
			error = mc__sq_commit(s);
	}
	mc__buf_free(&alt);
	return error;
}

/* A concept from a row (uri, lang, concept_type, skill_type, reuse_level,
 * label, alt_labels, description). */
static int esco_from_row(mc_esco_concept **out, sqlite3_stmt *st)
{
	mc_esco_concept *c = calloc(1, sizeof(*c));
	int error = 0;

	*out = NULL;
	if (!c)
		return MC_ENOMEM;
	c->uri = mc__sq_col_dup(st, 0, &error);
	c->lang = mc__sq_col_dup(st, 1, &error);
	c->concept_type = mc__sq_col_dup(st, 2, &error);
	c->skill_type = mc__sq_col_dup(st, 3, &error);
	c->reuse_level = mc__sq_col_dup(st, 4, &error);
	c->label = mc__sq_col_dup(st, 5, &error);
	if (!error)
		error = mc__sq_split_lines(
		    &c->alt_labels, (const char *)sqlite3_column_text(st, 6));
	c->description = mc__sq_col_dup(st, 7, &error);
	if (error) {
		mc_esco_concept_free(c);
		return error;
	}
	*out = c;
	return 0;
}

static const char sql_esco_get[] =
    "SELECT uri, lang, concept_type, skill_type,"
    " reuse_level, label, alt_labels, description"
    " FROM esco_concepts WHERE uri = ?1"
    " ORDER BY lang = 'en' DESC, lang LIMIT 1";

static int esco_get(mc_store *s, mc_esco_concept **out, const char *uri)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_esco_get);
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, uri);
	if ((error = mc__sq_row(h, st, "esco", "%s: not imported", uri)))
		return error;
	if (esco_from_row(out, st))
		error = mc__sq_nomem(h);
	sqlite3_reset(st);
	return error;
}

static const char sql_esco_lookup[] =
    "SELECT c.uri, c.lang, c.concept_type,"
    " c.skill_type, c.reuse_level, c.label,"
    " c.alt_labels, c.description"
    " FROM esco_fts JOIN esco_concepts c"
    " ON c.seq = esco_fts.rowid"
    " WHERE esco_fts MATCH ?1"
    " ORDER BY bm25(esco_fts, 4.0, 1.0), c.label, c.uri"
    " LIMIT ?2";

static int concept_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	return esco_from_row(elem, st) ? mc__sq_nomem(h) : 0;
}

static int esco_lookup(mc_store *s, mc_esco_concept ***out, size_t *count,
		       const struct mc__query *query, size_t limit)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_esco_concept **list = NULL;
	sqlite3_stmt *st = NULL;
	char *match = NULL;
	size_t n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (mc__query_empty(query) || limit == 0)
		return 0;
	if (mc__query_to_fts5(&match, query)) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	if (!(st = mc__sq_stmt(h, sql_esco_lookup))) {
		error = MC_EDB;
		goto cleanup;
	}
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 concept_row, "esco lookup")))
		goto cleanup;
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	if (st)
		sqlite3_reset(st);
	mc_esco_list_free(list, n);
	free(match);
	return error;
}

const struct mc__store_esco_ops mc__sq_esco = {
    .put = esco_put,
    .get = esco_get,
    .lookup = esco_lookup,
};
