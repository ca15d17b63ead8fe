/*
 * PostgreSQL backend: whole tables row by row (store_rows.h), for moving
 * a platform between stores.  Statements are built from the caller's
 * table descriptions (static names, never input).  Rows are read through
 * a cursor, FETCH_ROWS at a time, so a table never sits in memory whole.
 *
 * Derived here: the facet tables and mc_search, written for each MC
 * version by mc__pg_mc_index() from its document, and esco_search, by
 * mc__pg_esco_index() from each concept's labels.  The backend's own:
 * schema_version, the change counters when the schema has them, and the
 * status list counters (status_counters and its sequences, made again
 * when a list is next used); a list's `taken` and `used`, no longer kept
 * since version 11, are derived from its status_entries when read.
 * After a copy the sequences behind the BIGSERIAL columns are moved past
 * the copied numbers, so the next row gets a fresh one.
 */
#include "store_pg.h"
#include "store_rows.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Rows held at once while walking a table. */
#define FETCH_ROWS "500"

static const char *const rebuilt[] = {
    "mc_countries", "mc_target_groups", "mc_languages", "mc_orgs",
    "mc_search",    "esco_search",	NULL,
};
static const char *const own[] = {"schema_version", "changes", "rate_buckets",
				  "status_counters", NULL};

/* Columns this backend no longer keeps but derives when read, as every
 * backend has them (schema version 11): a list's `taken` bits and `used`
 * count from its status_entries rows. */
static const struct {
	const char *table, *column, *expr;
} derived[] = {
    {"status_lists", "taken", "mc_status_taken(seq, size)"},
    {"status_lists", "used",
     "(SELECT count(*) FROM status_entries e"
     " WHERE e.list_seq = status_lists.seq)"},
};

/* What to SELECT for column `column` of `table`: its name, quoted, or the
 * expression deriving it. */
static int select_column(mc_buf *sql, const char *table, const char *column,
			 int first)
{
	size_t i;

	for (i = 0; i < MC__ARRAY_SIZE(derived); i++)
		if (strcmp(derived[i].table, table) == 0 &&
		    strcmp(derived[i].column, column) == 0)
			return mc__buf_printf(sql, "%s%s", first ? "" : ", ",
					      derived[i].expr);
	return mc__buf_printf(sql, "%s\"%s\"", first ? "" : ", ", column);
}

/* Run `sql` (no parameters); with `res` the result is handed over. */
static int run(struct mc__pg *h, PGresult **res, const char *sql,
	       const char *what)
{
	PGresult *r = PQexec(h->conn, sql);
	ExecStatusType st = PQresultStatus(r);
	int error = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		error = mc__pg_error(h, r, what);
	if (res && !error)
		*res = r;
	else
		PQclear(r);
	return error;
}

/* Run `sql` with one text parameter and add column 0 of each row to
 * `out`. */
static int names(struct mc__pg *h, mc_strlist *out, const char *sql,
		 const char *param)
{
	PGresult *res = PQexecParams(h->conn, sql, param ? 1 : 0, NULL,
				     param ? &param : NULL, NULL, NULL, 0);
	int i, error = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		error = mc__pg_error(h, res, "copy");
	for (i = 0; !error && i < PQntuples(res); i++)
		if (mc_strlist_add(out, PQgetvalue(res, i, 0)))
			error = mc__pg_nomem(h);
	PQclear(res);
	return error;
}

static int tables(mc_store *s, mc_strlist *out)
{
	return names(mc__pg(s), out,
		     "SELECT c.relname FROM pg_catalog.pg_class c"
		     " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
		     " WHERE n.nspname = current_schema()"
		     " AND c.relkind IN ('r', 'p') ORDER BY 1",
		     NULL);
}

static int columns(mc_store *s, mc_strlist *out, const char *table)
{
	return names(mc__pg(s), out,
		     "SELECT attname FROM pg_catalog.pg_attribute"
		     " WHERE attrelid = to_regclass(quote_ident($1))"
		     " AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
		     table);
}

static int count(mc_store *s, long long *out, const char *table)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	char sql[160];
	int error;

	*out = 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if ((error = run(h, &res, sql, table)))
		return error;
	*out = mc__pg_ll(res, 0, 0);
	PQclear(res);
	return 0;
}

static int read_begin(mc_store *s, int *began)
{
	return mc__pg_read_begin(mc__pg(s), began);
}

static void read_end(mc_store *s, int began)
{
	mc__pg_read_end(mc__pg(s), began);
}

/* Value (row, col) of `res` as column `col` of `t` declares it; a bytea's
 * bytes are malloc'd into *freeme.  MC_EINVALID naming the table and the
 * column when the text does not read as that kind. */
static int value(struct mc__pg *h, struct mc__value *v, unsigned char **freeme,
		 const PGresult *res, int row, const struct mc__table *t,
		 size_t col)
{
	const char *text = PQgetvalue(res, row, (int)col);
	char *end = NULL;
	size_t len;

	memset(v, 0, sizeof(*v));
	*freeme = NULL;
	if (PQgetisnull(res, row, (int)col))
		return 0;
	v->type = (enum mc__col_type)t->types[col];
	errno = 0;
	switch (v->type) {
	case MC__COL_INT:
		v->i = strtoll(text, &end, 10);
		break;
	case MC__COL_REAL:
		v->r = strtod(text, &end);
		break;
	case MC__COL_TEXT:
		v->p = text;
		v->len = (size_t)PQgetlength(res, row, (int)col);
		return 0;
	case MC__COL_BLOB:
		if (!(*freeme =
			  PQunescapeBytea((const unsigned char *)text, &len)))
			return mc__pg_nomem(h);
		v->p = *freeme;
		v->len = len;
		return 0;
	default:
		break;
	}
	if (!end || end == text || *end || errno)
		return mc__store_error(&h->base, MC_EINVALID,
				       "%s.%s: '%s' is not of the column's "
				       "kind '%c'",
				       t->name, t->columns[col], text,
				       t->types[col]);
	return 0;
}

/* Call `cb` on each row of `res`, values as `t` declares them. */
static int batch(struct mc__pg *h, const PGresult *res,
		 const struct mc__table *t, struct mc__value *row,
		 unsigned char **blobs, mc__row_cb cb, void *payload)
{
	int r, error = 0;
	size_t i;

	for (r = 0; !error && r < PQntuples(res); r++) {
		for (i = 0; !error && i < t->ncolumns; i++)
			error = value(h, &row[i], &blobs[i], res, r, t, i);
		if (!error)
			error = cb(row, payload);
		for (i = 0; i < t->ncolumns; i++) {
			PQfreemem(blobs[i]);
			blobs[i] = NULL;
		}
	}
	return error;
}

static int each(mc_store *s, const struct mc__table *t, mc__row_cb cb,
		void *payload)
{
	struct mc__pg *h = mc__pg(s);
	mc_buf sql = MC_BUF_INIT(4096);
	struct mc__value *row = NULL;
	unsigned char **blobs = NULL;
	PGresult *res = NULL;
	int began = 0, declared = 0, error;
	size_t i;

	if ((error = mc__pg_read_begin(h, &began)))
		return error;
	if (mc__buf_puts(&sql, "DECLARE mc_copy NO SCROLL CURSOR FOR SELECT "))
		goto oom;
	for (i = 0; i < t->ncolumns; i++)
		if (select_column(&sql, t->name, t->columns[i], i == 0))
			goto oom;
	if (mc__buf_printf(&sql, " FROM \"%s\" ORDER BY %s", t->name, t->key))
		goto oom;
	if (!(row = calloc(t->ncolumns, sizeof(*row))) ||
	    !(blobs = calloc(t->ncolumns, sizeof(*blobs))))
		goto oom;
	if ((error = run(h, NULL, sql.ptr, t->name)))
		goto cleanup;
	declared = 1;
	for (;;) {
		if ((error = run(h, &res, "FETCH " FETCH_ROWS " FROM mc_copy",
				 t->name)))
			goto cleanup;
		if (PQntuples(res) == 0)
			break;
		if ((error = batch(h, res, t, row, blobs, cb, payload)))
			goto cleanup;
		PQclear(res);
		res = NULL;
	}
	goto cleanup;

oom:
	error = mc__pg_nomem(h);
cleanup:
	PQclear(res);
	/* A failed statement aborted the transaction, and the cursor with
	 * it: CLOSE only in a transaction still usable. */
	if (declared && PQtransactionStatus(h->conn) == PQTRANS_INTRANS) {
		int closed = run(h, NULL, "CLOSE mc_copy", t->name);

		if (!error)
			error = closed;
	}
	mc__pg_read_end(h, began);
	free(row);
	free(blobs);
	mc__buf_free(&sql);
	return error;
}

static int insert(mc_store *s, const struct mc__table *t,
		  const struct mc__value *row)
{
	struct mc__pg *h = mc__pg(s);
	mc_buf sql = MC_BUF_INIT(4096);
	const char **params = NULL;
	int *lengths = NULL, *formats = NULL;
	char(*numbers)[40] = NULL;
	size_t i;
	int error = 0;

	if (mc__buf_printf(&sql, "INSERT INTO \"%s\"(", t->name))
		goto oom;
	for (i = 0; i < t->ncolumns; i++)
		if (mc__buf_printf(&sql, "%s\"%s\"", i ? ", " : "",
				   t->columns[i]))
			goto oom;
	if (mc__buf_puts(&sql, ") VALUES("))
		goto oom;
	for (i = 0; i < t->ncolumns; i++)
		if (mc__buf_printf(&sql, "%s$%zu", i ? ", " : "", i + 1))
			goto oom;
	if (mc__buf_puts(&sql, ")"))
		goto oom;
	if (!(params = calloc(t->ncolumns, sizeof(*params))) ||
	    !(lengths = calloc(t->ncolumns, sizeof(*lengths))) ||
	    !(formats = calloc(t->ncolumns, sizeof(*formats))) ||
	    !(numbers = calloc(t->ncolumns, sizeof(*numbers))))
		goto oom;
	/* Numbers as text; text and bytea as their bytes (binary format,
	 * which for both is the bytes themselves). */
	for (i = 0; i < t->ncolumns; i++) {
		const struct mc__value *v = &row[i];

		switch (v->type) {
		case MC__COL_INT:
			snprintf(numbers[i], sizeof(numbers[i]), "%lld", v->i);
			params[i] = numbers[i];
			break;
		case MC__COL_REAL:
			snprintf(numbers[i], sizeof(numbers[i]), "%.17g", v->r);
			params[i] = numbers[i];
			break;
		case MC__COL_TEXT:
		case MC__COL_BLOB:
			if (v->len > (size_t)0x7fffffff) {
				error = mc__store_error(s, MC_ETOOBIG,
							"%s.%s: value too long",
							t->name, t->columns[i]);
				goto cleanup;
			}
			params[i] = v->len ? v->p : "";
			lengths[i] = (int)v->len;
			formats[i] = 1;
			break;
		default:
			break;
		}
	}
	/* Queued in pipeline mode: one round trip per flush, not per row.
	 * A batch never spans two tables (the caller flushes after each),
	 * so its first insert prepares the unnamed statement the others
	 * run. */
	if (PQpipelineStatus(h->conn) == PQ_PIPELINE_OFF &&
	    (!PQenterPipelineMode(h->conn) ||
	     !PQsendPrepare(h->conn, "", sql.ptr, (int)t->ncolumns, NULL))) {
		error = mc__pg_error(h, NULL, t->name);
		goto cleanup;
	}
	if (!PQsendQueryPrepared(h->conn, "", (int)t->ncolumns, params, lengths,
				 formats, 0))
		error = mc__pg_error(h, NULL, t->name);
	goto cleanup;

oom:
	error = mc__pg_nomem(h);
cleanup:
	free(params);
	free(lengths);
	free(formats);
	free(numbers);
	mc__buf_free(&sql);
	return error;
}

/* Read the results of every queued insert up to a sync and leave
 * pipeline mode; the first failure is the handle's message. */
static int flush(mc_store *s, const struct mc__table *t)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res;
	int error = 0, synced = 0;

	if (PQpipelineStatus(h->conn) == PQ_PIPELINE_OFF)
		return 0;
	if (!PQpipelineSync(h->conn))
		return mc__pg_error(h, NULL, t->name);
	while (!synced) {
		if (!(res = PQgetResult(h->conn))) {
			/* The end of one query's results, or a lost
			 * connection. */
			if (PQstatus(h->conn) == CONNECTION_OK)
				continue;
			return mc__pg_error(h, NULL, t->name);
		}
		switch (PQresultStatus(res)) {
		case PGRES_PIPELINE_SYNC:
			synced = 1;
			break;
		case PGRES_COMMAND_OK:
		case PGRES_PIPELINE_ABORTED:
			break;
		default:
			if (!error)
				error = mc__pg_error(h, res, t->name);
			break;
		}
		PQclear(res);
	}
	if (!PQexitPipelineMode(h->conn) && !error)
		error = mc__pg_error(h, NULL, t->name);
	return error;
}

/* Index every MC version of one FETCH (seq, doc) from its document. */
static int index_mcs(struct mc__pg *h, const PGresult *res)
{
	int r, error = 0;

	for (r = 0; !error && r < PQntuples(res); r++) {
		mc_problems problems = MC_PROBLEMS_INIT;
		const char *seq = PQgetvalue(res, r, 0);
		mc_microcred *mc = NULL;
		char where[64];

		snprintf(where, sizeof(where), "mc_versions seq %s", seq);
		error = mc_microcred_from_json(&mc, PQgetvalue(res, r, 1),
					       (size_t)PQgetlength(res, r, 1),
					       where, &problems);
		if (error == MC_ENOMEM) {
			error = mc__pg_nomem(h);
		} else if (error) {
			char *msg = problems.count
					? mc_problem_format(&problems.items[0])
					: NULL;

			error = mc__store_error(&h->base, MC_EINVALID,
						"%s: unreadable: %s", where,
						msg ? msg : "invalid JSON");
			free(msg);
		} else {
			error = mc__pg_mc_index(h, seq, mc);
		}
		mc_microcred_free(mc);
		mc_problems_clear(&problems);
	}
	return error;
}

/* Index every ESCO concept of one FETCH (uri, lang, label, alt_labels). */
static int index_esco(struct mc__pg *h, const PGresult *res)
{
	int r, error = 0;

	for (r = 0; !error && r < PQntuples(res); r++)
		error = mc__pg_esco_index(
		    h, PQgetvalue(res, r, 0), PQgetvalue(res, r, 1),
		    PQgetvalue(res, r, 2), mc__pg_text(res, r, 3));
	return error;
}

/* Run `index` on every row of `select`, FETCH_ROWS at a time, through a
 * cursor (the index statements run between the fetches). */
static int index_all(struct mc__pg *h, const char *select, const char *what,
		     int (*index)(struct mc__pg *h, const PGresult *res))
{
	mc_buf sql = MC_BUF_INIT(1024);
	PGresult *res = NULL;
	int error;

	if (mc__buf_printf(&sql,
			   "DECLARE mc_copy_index NO SCROLL CURSOR FOR %s",
			   select)) {
		mc__buf_free(&sql);
		return mc__pg_nomem(h);
	}
	error = run(h, NULL, sql.ptr, what);
	mc__buf_free(&sql);
	if (error)
		return error;
	for (;;) {
		if ((error =
			 run(h, &res, "FETCH " FETCH_ROWS " FROM mc_copy_index",
			     what)))
			return error;
		if (PQntuples(res) == 0)
			break;
		error = index(h, res);
		PQclear(res);
		res = NULL;
		if (error)
			return error;
	}
	PQclear(res);
	return run(h, NULL, "CLOSE mc_copy_index", what);
}

/* Every BIGSERIAL's sequence set past the largest number in its column. */
static const char sql_sequences[] =
    "DO $$ DECLARE r record; BEGIN"
    " FOR r IN SELECT table_name AS t, column_name AS c,"
    "  pg_get_serial_sequence(quote_ident(table_name), column_name) AS s"
    "  FROM information_schema.columns"
    "  WHERE table_schema = current_schema()"
    "  AND column_default LIKE 'nextval(%' LOOP"
    " EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I),"
    "  0) + 1, false)', r.s, r.c, r.t);"
    " END LOOP; END $$";

static int rebuild(mc_store *s)
{
	struct mc__pg *h = mc__pg(s);
	int error;

	if ((error =
		 index_all(h, "SELECT seq, doc FROM mc_versions ORDER BY seq",
			   "mc_versions", index_mcs)) ||
	    (error = index_all(h,
			       "SELECT uri, lang, label, alt_labels"
			       " FROM esco_concepts ORDER BY seq",
			       "esco_concepts", index_esco)))
		return error;
	return run(h, NULL, sql_sequences, "sequences");
}

const struct mc__store_rows_ops mc__pg_rows_ops = {
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
