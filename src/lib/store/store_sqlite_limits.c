/*
 * SQLite backend, schema v10: rate limits (table rate_buckets).  See
 * store.h for the contract.
 *
 * A bucket is one row holding its "theoretical arrival time" `tat`
 * (GCRA, the generic cell rate algorithm, which is a token bucket kept
 * as one number): with one unit every T = 60 / per_minute seconds and a
 * tolerance of (capacity - 1) * T, a take at `now` is allowed when
 * max(tat, now) - now <= tolerance, and then tat becomes max(tat, now) +
 * T; else it waits tat - now - tolerance seconds.  tat <= now means the
 * bucket is full, the same as no row, so such rows are pruned.  `granted`
 * tells the caller which way the take went (RETURNING sees only the
 * new row).  Times are seconds since the epoch from SQLite's own clock
 * ('now', fixed for the whole statement), a double.
 *
 * A take is one write transaction of its own (nested in the caller's):
 * the upsert, then the prune of up to MC__LIMITS_PRUNE full buckets, the
 * oldest first.
 */
#include "store_sqlite.h"

#include "util/util.h"

/* Seconds since the epoch, from SQLite's clock. */
#define NOW "((julianday('now') - 2440587.5) * 86400.0)"

/* ?1 class, ?2 key, ?3 T (seconds a unit), ?4 tolerance (seconds).
 * Answers granted and, when not, tat - now - tolerance. */
static const char sql_take[] =
    "INSERT INTO rate_buckets(class, key, tat, granted)"
    " VALUES(?1, ?2, " NOW " + ?3, 1)"
    " ON CONFLICT(class, key) DO UPDATE SET"
    "  granted = max(tat, " NOW ") - " NOW " <= ?4,"
    "  tat = CASE WHEN max(tat, " NOW ") - " NOW " <= ?4"
    "   THEN max(tat, " NOW ") + ?3 ELSE tat END"
    " RETURNING granted, tat - " NOW " - ?4";

/* The oldest buckets full again, ?1 at most. */
static const char sql_prune[] =
    "DELETE FROM rate_buckets WHERE (class, key) IN"
    " (SELECT class, key FROM rate_buckets WHERE tat < " NOW
    "  ORDER BY tat LIMIT ?1)";

static int limits_take(mc_store *s, unsigned *wait, const char *cls,
		       const unsigned char *key, size_t keylen,
		       unsigned capacity, unsigned per_minute)
{
	struct mc__sqlite *h = mc__sq(s);
	double unit, late = 0;
	int granted = 0, error;
	sqlite3_stmt *st;

	*wait = 0;
	if ((error = mc__limits_check(s, cls, key ? keylen : 0, capacity,
				      per_minute)))
		return error;
	unit = 60.0 / per_minute;
	if ((error = mc__sq_begin(s)))
		return error;
	if (!(st = mc__sq_stmt(h, sql_take))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, cls);
	sqlite3_bind_blob(st, 2, key, (int)keylen, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, unit);
	sqlite3_bind_double(st, 4, (capacity - 1) * unit);
	if ((error = mc__sq_row(h, st, "rate take", "rate take: no answer")))
		goto cleanup;
	granted = sqlite3_column_int(st, 0);
	late = sqlite3_column_double(st, 1);
	/* RETURNING's write is complete once stepped to the end. */
	if (sqlite3_step(st) != SQLITE_DONE)
		error = mc__sq_error(h, "rate take");
	sqlite3_reset(st);
	if (error)
		goto cleanup;
	if (!(st = mc__sq_stmt(h, sql_prune))) {
		error = MC_EDB;
		goto cleanup;
	}
	sqlite3_bind_int(st, 1, MC__LIMITS_PRUNE);
	error = mc__sq_step_done(h, st, "rate prune");

cleanup:
	if ((error = mc__sq_finish(s, error)))
		return error;
	if (!granted)
		*wait = mc__limits_wait(late);
	return 0;
}

const struct mc__store_limits_ops mc__sq_limits = {
    .take = limits_take,
};
