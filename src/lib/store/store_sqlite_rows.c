/*
 * SQLite backend: whole tables row by row (store_rows.h), for moving a
 * platform between stores.  Statements are built from the caller's table
 * descriptions (static names, never input).
 *
 * Derived here: the facet tables and mc_fts, written for each MC version
 * by mc__sq_mc_index() from its document, and esco_fts, the label and
 * alternative labels of each ESCO concept.  The backend's own: changes,
 * the per-topic counters (their triggers count the copy's inserts).
 * keys and seals have no seq column: their rowid, which orders key_list
 * and seal_list, travels as seq (PostgreSQL's column of that name).
 */
#include "store_sqlite.h"
#include "store_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const char *const rebuilt[] = {
    "mc_countries", "mc_target_groups", "mc_languages", "mc_orgs",
    "mc_fts",	    "esco_fts",		NULL,
};
static const char *const own[] = {"changes", "rate_buckets", NULL};

/* Tables whose seq is their rowid. */
static int rowid_seq(const char *table)
{
	return strcmp(table, "keys") == 0 || strcmp(table, "seals") == 0;
}

/* Append column `col` of `table` to a SELECT list (as_name) or an
 * INSERT list: "rowid AS seq" / "rowid" for a rowid seq. */
static int put_column(mc_buf *b, const char *table, const char *col, int first,
		      int as_name)
{
	if (rowid_seq(table) && strcmp(col, "seq") == 0)
		return mc__buf_printf(b, "%srowid%s", first ? "" : ", ",
				      as_name ? " AS seq" : "");
	return mc__buf_printf(b, "%s\"%s\"", first ? "" : ", ", col);
}

/* Prepare `sql` (not cached: it lives as long as one walk). */
static int prepare(struct mc__sqlite *h, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v2(h->db, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return mc__sq_error(h, "copy");
	}
	return 0;
}

/* Step through every row of `st`, adding column 0 to `out`. */
static int names(struct mc__sqlite *h, mc_strlist *out, sqlite3_stmt *st)
{
	int rc, error = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (mc_strlist_add(out,
				   (const char *)sqlite3_column_text(st, 0)))
			return mc__sq_nomem(h);
	if (rc != SQLITE_DONE)
		error = mc__sq_error(h, "copy");
	return error;
}

/* Every table but SQLite's own and the internals of virtual tables (an
 * FTS5 table V keeps V_data, V_idx, V_content, V_docsize, V_config). */
static int tables(mc_store *s, mc_strlist *out)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = NULL;
	int error;

	if ((error = prepare(h, &st,
			     "SELECT t.name FROM sqlite_master t"
			     " WHERE t.type = 'table'"
			     " AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
			     " AND NOT EXISTS (SELECT 1 FROM sqlite_master v"
			     "  WHERE v.type = 'table'"
			     "  AND v.sql LIKE 'CREATE VIRTUAL TABLE%'"
			     "  AND t.sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
			     "  AND substr(t.name, 1, length(v.name) + 1)"
			     "   = v.name || '_')"
			     " ORDER BY t.name")))
		return error;
	error = names(h, out, st);
	sqlite3_finalize(st);
	return error;
}

static int columns(mc_store *s, mc_strlist *out, const char *table)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = NULL;
	int error;

	if ((error = prepare(h, &st,
			     "SELECT name FROM pragma_table_info(?1)"
			     " ORDER BY cid")))
		return error;
	mc__sq_bind_text(st, 1, table);
	error = names(h, out, st);
	sqlite3_finalize(st);
	if (!error && rowid_seq(table) && !mc_strlist_has(out, "seq") &&
	    mc_strlist_add(out, "seq"))
		error = mc__sq_nomem(h);
	return error;
}

static int count(mc_store *s, long long *out, const char *table)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = NULL;
	char sql[160];
	int error;

	*out = 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if ((error = prepare(h, &st, sql)))
		return error;
	if ((error = mc__sq_row(h, st, "copy", NULL)) == 0)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return error;
}

static int read_begin(mc_store *s, int *began)
{
	return mc__sq_read_begin(mc__sq(s), began);
}

static void read_end(mc_store *s, int began)
{
	mc__sq_read_end(mc__sq(s), began);
}

static const char *const kind_name[] = {
    [SQLITE_INTEGER] = "an integer", [SQLITE_FLOAT] = "a real number",
    [SQLITE_TEXT] = "text",	     [SQLITE_BLOB] = "a blob",
    [SQLITE_NULL] = "NULL",
};

/* Value `i` of the current row of `st`, of the kind column `i` of `t`
 * declares: MC_EINVALID naming the table, the column and the row's key
 * position when SQLite holds something else. */
static int value(struct mc__sqlite *h, struct mc__value *v, sqlite3_stmt *st,
		 const struct mc__table *t, size_t i, long long row)
{
	int kind = sqlite3_column_type(st, (int)i);
	enum mc__col_type want = (enum mc__col_type)t->types[i];

	memset(v, 0, sizeof(*v));
	if (kind == SQLITE_NULL)
		return 0;
	v->type = want;
	switch (want) {
	case MC__COL_INT:
		if (kind != SQLITE_INTEGER)
			break;
		v->i = sqlite3_column_int64(st, (int)i);
		return 0;
	case MC__COL_REAL:
		if (kind != SQLITE_INTEGER && kind != SQLITE_FLOAT)
			break;
		v->r = sqlite3_column_double(st, (int)i);
		return 0;
	case MC__COL_TEXT:
		if (kind != SQLITE_TEXT)
			break;
		v->p = sqlite3_column_text(st, (int)i);
		v->len = (size_t)sqlite3_column_bytes(st, (int)i);
		return 0;
	case MC__COL_BLOB:
		if (kind != SQLITE_BLOB && kind != SQLITE_TEXT)
			break;
		v->p = sqlite3_column_blob(st, (int)i);
		v->len = (size_t)sqlite3_column_bytes(st, (int)i);
		if (!v->p)
			v->p = "";
		return 0;
	default:
		break;
	}
	return mc__store_error(&h->base, MC_EINVALID,
			       "%s.%s: row %lld holds %s, not the column's "
			       "kind '%c'",
			       t->name, t->columns[i], row, kind_name[kind],
			       t->types[i]);
}

static int each(mc_store *s, const struct mc__table *t, mc__row_cb cb,
		void *payload)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_buf sql = MC_BUF_INIT(4096);
	struct mc__value *row = NULL;
	sqlite3_stmt *st = NULL;
	long long n = 0;
	size_t i;
	int rc, error = 0;

	if (mc__buf_puts(&sql, "SELECT "))
		goto oom;
	for (i = 0; i < t->ncolumns; i++)
		if (put_column(&sql, t->name, t->columns[i], i == 0, 1))
			goto oom;
	if (mc__buf_printf(&sql, " FROM \"%s\" ORDER BY %s", t->name, t->key))
		goto oom;
	if (!(row = calloc(t->ncolumns, sizeof(*row))))
		goto oom;
	if ((error = prepare(h, &st, sql.ptr)))
		goto cleanup;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		for (i = 0; i < t->ncolumns; i++)
			if ((error = value(h, &row[i], st, t, i, n)))
				goto cleanup;
		if ((error = cb(row, payload)))
			goto cleanup;
	}
	if (rc != SQLITE_DONE)
		error = mc__sq_error(h, t->name);
	goto cleanup;

oom:
	error = mc__sq_nomem(h);
cleanup:
	sqlite3_finalize(st);
	free(row);
	mc__buf_free(&sql);
	return error;
}

static int insert(mc_store *s, const struct mc__table *t,
		  const struct mc__value *row)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_buf sql = MC_BUF_INIT(4096);
	sqlite3_stmt *st;
	size_t i;
	int error;

	if (mc__buf_printf(&sql, "INSERT INTO \"%s\"(", t->name))
		goto oom;
	for (i = 0; i < t->ncolumns; i++)
		if (put_column(&sql, t->name, t->columns[i], i == 0, 0))
			goto oom;
	if (mc__buf_puts(&sql, ") VALUES("))
		goto oom;
	for (i = 0; i < t->ncolumns; i++)
		if (mc__buf_printf(&sql, "%s?%zu", i ? ", " : "", i + 1))
			goto oom;
	if (mc__buf_puts(&sql, ")"))
		goto oom;
	st = mc__sq_dyn(h, sql.ptr);
	mc__buf_free(&sql);
	if (!st)
		return MC_EDB;
	for (i = 0; i < t->ncolumns; i++) {
		const struct mc__value *v = &row[i];
		int k = (int)i + 1;

		switch (v->type) {
		case MC__COL_INT:
			sqlite3_bind_int64(st, k, v->i);
			break;
		case MC__COL_REAL:
			sqlite3_bind_double(st, k, v->r);
			break;
		case MC__COL_TEXT:
			sqlite3_bind_text64(st, k, v->p, v->len, SQLITE_STATIC,
					    SQLITE_UTF8);
			break;
		case MC__COL_BLOB:
			sqlite3_bind_blob64(st, k, v->p, v->len, SQLITE_STATIC);
			break;
		default:
			sqlite3_bind_null(st, k);
			break;
		}
	}
	error = mc__sq_step_done(h, st, t->name);
	sqlite3_clear_bindings(st);
	return error;

oom:
	mc__buf_free(&sql);
	return mc__sq_nomem(h);
}

/* Inserts run at once: nothing is queued. */
static int flush(mc_store *s, const struct mc__table *t)
{
	(void)s;
	(void)t;
	return 0;
}

/* Index one MC version from its stored document. */
static int index_row(struct mc__sqlite *h, sqlite3_stmt *st)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	sqlite3_int64 seq = sqlite3_column_int64(st, 0);
	const char *doc = (const char *)sqlite3_column_text(st, 1);
	mc_microcred *mc = NULL;
	char where[64];
	int error;

	snprintf(where, sizeof(where), "mc_versions seq %lld", (long long)seq);
	error = mc_microcred_from_json(&mc, doc ? doc : "",
				       (size_t)sqlite3_column_bytes(st, 1),
				       where, &problems);
	if (error == MC_ENOMEM) {
		error = mc__sq_nomem(h);
	} else if (error) {
		char *msg = problems.count
				? mc_problem_format(&problems.items[0])
				: NULL;

		error =
		    mc__store_error(&h->base, MC_EINVALID, "%s: unreadable: %s",
				    where, msg ? msg : "invalid JSON");
		free(msg);
	} else {
		error = mc__sq_mc_index(h, seq, mc);
	}
	mc_microcred_free(mc);
	mc_problems_clear(&problems);
	return error;
}

/* The facets and mc_fts from every MC version, esco_fts from every
 * concept (as mc__sq_esco_put writes it).  The rowid tables need nothing:
 * SQLite numbers new rows past the largest. */
static int rebuild(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = NULL;
	int rc, error;

	if ((error =
		 mc__sq_exec(h,
			     "INSERT INTO esco_fts(rowid, label, alt_labels)"
			     " SELECT seq, label, coalesce(alt_labels, '')"
			     " FROM esco_concepts ORDER BY seq",
			     "esco_fts")))
		return error;
	if ((error = prepare(h, &st,
			     "SELECT seq, doc FROM mc_versions ORDER BY seq")))
		return error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = index_row(h, st)))
			goto cleanup;
	if (rc != SQLITE_DONE)
		error = mc__sq_error(h, "mc_versions");

cleanup:
	sqlite3_finalize(st);
	return error;
}

const struct mc__store_rows_ops mc__sq_rows_ops = {
    .rebuilt = rebuilt,
    .own = own,
    .tables = tables,
    .columns = columns,
    .count = count,
    .read_begin = read_begin,
    .read_end = read_end,
    .each = each,
    .insert = insert,
    .flush = flush,
    .rebuild = rebuild,
};
