/*
 * SQLite backend: fast catalogue reads for the server.
 *
 * - mc_doc_get hands back the stored JSON text of an MC version with the
 *   row's version and status, so a caller that only sends the document on
 *   does not parse, validate and re-serialise it;
 * - data_version exposes PRAGMA data_version, which changes whenever
 *   another connection commits, so response caches above the store can
 *   notice writes made by other threads and processes;
 * - read_begin / read_end put the several statements of one answer (a
 *   search with facets) into one read transaction: one snapshot, one lock
 *   taken and released instead of one per statement.
 */
#include "store_sqlite.h"

#include <stdlib.h>
#include <string.h>

int mc__sq_read_begin(struct mc__sqlite *h, int *began)
{
	sqlite3_stmt *st;
	int error;

	*began = 0;
	if (!sqlite3_get_autocommit(h->db))
		return 0; /* inside the caller's transaction already */
	if (!(st = mc__sq_dyn(h, "BEGIN")))
		return MC_EDB;
	if ((error = mc__sq_step_done(h, st, "begin")))
		return error;
	*began = 1;
	return 0;
}

void mc__sq_read_end(struct mc__sqlite *h, int began)
{
	sqlite3_stmt *st;

	if (!began || sqlite3_get_autocommit(h->db))
		return;
	/* A read transaction cannot fail to end; if preparing fails the
	 * connection rolls back when the next statement begins. */
	if ((st = mc__sq_dyn(h, "COMMIT"))) {
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (!sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
}

int mc__sq_mc_doc_get(mc_store *s, char **doc, size_t *len, unsigned *version,
		      mc_status *status, const char *id, unsigned want,
		      int published)
{
	struct mc__sqlite *h = mc__sq(s);
	enum mc__sq_stmt which = published ? SQ_MC_GET_PUBLISHED
				 : want	   ? SQ_MC_GET_VERSION
					   : SQ_MC_GET_LATEST;
	sqlite3_stmt *st = mc__sq_stmt(h, which);
	const unsigned char *text;
	int n, st_status, error = 0;

	*doc = NULL;
	*len = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if (which == SQ_MC_GET_VERSION)
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

int mc__sq_data_version(mc_store *s, unsigned long long *out)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_dyn(h, "PRAGMA data_version");
	int rc;

	*out = 0;
	if (!st)
		return MC_EDB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (unsigned long long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : mc__sq_error(h, "data_version");
}
