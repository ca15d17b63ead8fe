/*
 * Fuzz target: the query parser.  Whatever the input, parsing either
 * fails cleanly or gives a query whose FTS5 form SQLite's FTS5 accepts:
 * the MATCH is run on a real in-memory table and any SQL error aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "microcred/errors.h"
#include "model/search_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *st;

static void open_db(void)
{
	if (db)
		return;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize ="
			 " 'unicode61 remove_diacritics 2');"
			 "INSERT INTO t VALUES('weld pipe зварювання',"
			 " 'ქართული Հայերեն naïve');",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1,
			       &st, NULL) != SQLITE_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc__query *q = NULL;
	char err[256], *text, *match = NULL;
	int rc;

	open_db();
	if (!(text = malloc(size + 1)))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rc = mc__query_parse(&q, text, err, sizeof(err));
	if (rc == MC_EINVALID) {
		if (q || strncmp(err, "query: ", 7) != 0)
			abort();
		goto cleanup;
	}
	if (rc)
		goto cleanup;
	if (mc__query_to_fts5(&match, q))
		goto cleanup;
	if (!match) {
		if (!mc__query_empty(q))
			abort();
		goto cleanup;
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		fprintf(stderr, "FTS5 rejected %s: %s\n", match,
			sqlite3_errmsg(db));
		abort();
	}
	sqlite3_reset(st);
	/* As the ESCO look-up uses it. */
	mc__query_prefix_last(q);
	free(match);
	match = NULL;
	if (mc__query_to_fts5(&match, q) == 0 && match) {
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			fprintf(stderr, "FTS5 rejected %s: %s\n", match,
				sqlite3_errmsg(db));
			abort();
		}
		sqlite3_reset(st);
	}

cleanup:
	sqlite3_clear_bindings(st);
	free(match);
	mc__query_free(q);
	free(text);
	return 0;
}
