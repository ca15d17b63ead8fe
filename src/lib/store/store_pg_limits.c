/*
 * PostgreSQL backend, schema v10: rate limits (table rate_buckets, an
 * UNLOGGED table: not written to the WAL nor sent to standbys, emptied
 * after a crash, which leaves every bucket full).  See store.h for the
 * contract, and store_sqlite_limits.c for the bucket kept as one time,
 * `tat` (GCRA).
 *
 * A take is one statement, INSERT ... ON CONFLICT DO UPDATE ...
 * RETURNING: the row of (class, key) is locked by the upsert, so takes of
 * several nodes on one bucket follow each other and none is lost.  The
 * refill is computed with the database's clock (statement_timestamp(),
 * fixed for the statement), so nodes whose clocks differ agree.  A take
 * that made a new row then prunes, in a statement of its own, up to
 * MC__LIMITS_PRUNE buckets full again, skipping rows other takes hold
 * (SKIP LOCKED): it never waits, and holds no lock while another take's
 * upsert waits for its row, so two takes cannot deadlock.  A take of a
 * bucket that exists adds no row and does not prune.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"

/* Seconds since the epoch, from the database's clock. */
#define NOW "extract(epoch FROM statement_timestamp())::float8"

/* $1 class, $2 key, $3 T (seconds a unit), $4 tolerance (seconds).
 * Answers granted, tat - now - tolerance and whether the row is new
 * (xmax is 0 on a row this statement inserted). */
static const struct mc__pg_sql RATE_TAKE = {
    "rate_take",
    "INSERT INTO rate_buckets AS b(class, key, tat, granted)"
    " VALUES($1, $2::bytea, " NOW " + $3::float8, true)"
    " ON CONFLICT(class, key) DO UPDATE SET"
    "  granted = GREATEST(b.tat, " NOW ") - " NOW " <= $4::float8,"
    "  tat = CASE WHEN GREATEST(b.tat, " NOW ") - " NOW " <= $4::float8"
    "   THEN GREATEST(b.tat, " NOW ") + $3::float8 ELSE b.tat END"
    " RETURNING granted, tat - " NOW " - $4::float8, b.xmax = 0"};

/* The oldest buckets full again, $1 at most, none another take holds. */
static const struct mc__pg_sql RATE_PRUNE = {
    "rate_prune", "DELETE FROM rate_buckets WHERE (class, key) IN"
		  " (SELECT class, key FROM rate_buckets WHERE tat < " NOW
		  "  ORDER BY tat LIMIT $1::int FOR UPDATE SKIP LOCKED)"};

static int limits_take(mc_store *s, unsigned *wait, const char *cls,
		       const unsigned char *key, size_t keylen,
		       unsigned capacity, unsigned per_minute)
{
	struct mc__pg *h = mc__pg(s);
	char hex[2 + 2 * 16 + 1], unit[32], tolerance[32], prune[24];
	PGresult *res = NULL;
	double late;
	int granted, fresh, error;
	size_t i;

	*wait = 0;
	if ((error = mc__limits_check(s, cls, key ? keylen : 0, capacity,
				      per_minute)))
		return error;
	hex[0] = '\\';
	hex[1] = 'x';
	for (i = 0; i < keylen; i++)
		snprintf(hex + 2 + 2 * i, 3, "%02x", key[i]);
	snprintf(unit, sizeof(unit), "%.17g", 60.0 / per_minute);
	snprintf(tolerance, sizeof(tolerance), "%.17g",
		 (capacity - 1) * (60.0 / per_minute));
	if ((error = mc__pg_row(h, &res, &RATE_TAKE, 4,
				(const char *[]){cls, hex, unit, tolerance},
				"rate take", "rate take: no answer")))
		return error;
	granted = mc__pg_text(res, 0, 0)[0] == 't';
	late = strtod(mc__pg_text(res, 0, 1), NULL);
	fresh = mc__pg_text(res, 0, 2)[0] == 't';
	PQclear(res);
	if (fresh && (error = MC__PG_EXEC(h, NULL, &RATE_PRUNE, "rate prune",
					  mc__pg_int(prune, MC__LIMITS_PRUNE))))
		return error;
	if (!granted)
		*wait = mc__limits_wait(late);
	return 0;
}

const struct mc__store_limits_ops mc__pg_limits = {
    .take = limits_take,
};
