/*
 * PostgreSQL backend: the handle and its operations table, running
 * prepared statements, transactions, settings and the helpers the topic
 * files share (see store_pg.h).
 *
 * Transactions follow the SQLite backend's contract: begin/commit/rollback
 * nest, the outermost pair runs BEGIN/COMMIT, inner pairs savepoints.
 * Outer transactions run at READ COMMITTED: where the SQLite backend
 * relied on its single writer, the operation takes an explicit lock or
 * uses INSERT ... ON CONFLICT, and says why beside its SQL.
 *
 * A failed statement aborts a PostgreSQL transaction until it is rolled
 * back, where SQLite would carry on.  Operations that answer an expected
 * refusal (MC_EEXISTS, MC_ENOTFOUND for a missing reference) therefore
 * either avoid the error (ON CONFLICT DO NOTHING, then count the rows) or
 * run in their own nested transaction, whose rollback leaves the
 * caller's transaction usable.
 *
 * A connection that breaks (the server restarted, a failover, a network
 * cut) is replaced, so that a node outlives its database's restarts:
 * outside a transaction the statement that found it broken reconnects
 * (PQreset: every host of a multi-host URL again, so target_session_attrs
 * finds the new primary; a few tries within about two seconds),
 * prepares its statements afresh, re-applies the session settings and
 * runs once more.  Inside a transaction nothing is run again: the
 * statement fails with MC_ERETRY ("the database connection was lost;
 * retry"), as does every later one of that transaction, its rollback
 * succeeds (the server ended it with the connection), and the next
 * transaction or statement reconnects.
 */
#include "store_pg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"

/* ---- connections -------------------------------------------------------- */

/* What a statement answers when the connection broke (MC_ERETRY). */
#define LOST "the database connection was lost; retry"
/* Milliseconds a reconnection keeps trying before MC_ERETRY. */
#define RECONNECT_MS 2000
/* Seconds each host of the URL has to answer, unless the URL says
 * (connect_timeout). */
#define CONNECT_TIMEOUT "2"

/* libpq's notices (NOTICE, WARNING) go nowhere: the library never
 * prints. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* ---- statements --------------------------------------------------------- */

int mc__pg_nomem(struct mc__pg *h)
{
	return mc__store_error(&h->base, MC_ENOMEM, "out of memory");
}

int mc__pg_notsup(mc_store *s, const char *name)
{
	return mc__store_error(s, MC_ENOTSUP,
			       "%s is not implemented on PostgreSQL yet", name);
}

/* Cut the newlines and spaces libpq's connection messages end with. */
static void trim(char *msg)
{
	size_t n = strlen(msg);

	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
}

/* The answer of a statement on a broken connection: MC_ERETRY, with the
 * first line of libpq's reason after the message when it has one. */
static int lost(struct mc__pg *h)
{
	const char *why = h->conn ? PQerrorMessage(h->conn) : "";
	int n = why ? (int)strcspn(why, "\n") : 0;

	if (n == 0)
		return mc__store_error(&h->base, MC_ERETRY, "%s", LOST);
	return mc__store_error(&h->base, MC_ERETRY, "%s (%.*s)", LOST, n, why);
}

/* Milliseconds since an arbitrary start. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The session settings of every connection (UTC and UTF-8 whatever the
 * server's defaults; a read-only store refuses writes in the server
 * too), and libpq's notices (NOTICE, WARNING) sent nowhere: the library
 * never prints.  Returns 0 or an error (set) naming `what`. */
static int setup(struct mc__pg *h, const char *what)
{
	PGresult *res;
	int error = 0;

	PQsetNoticeProcessor(h->conn, quiet, NULL);
	res = PQexec(h->conn, h->readonly
				  ? "SET client_encoding = 'UTF8';"
				    " SET TIME ZONE 'UTC';"
				    " SET default_transaction_read_only = on"
				  : "SET client_encoding = 'UTF8';"
				    " SET TIME ZONE 'UTC'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		error = mc__pg_error(h, res, what);
	PQclear(res);
	return error;
}

/*
 * Replace the broken connection (outside a transaction only): PQreset
 * with the parameters it was opened with, tried again after 50, 100,
 * 200 ... ms until RECONNECT_MS have passed; then the statements
 * prepared on the old connection are forgotten and setup() runs.
 * Returns 0, or MC_ERETRY (set) when no server answers in time.
 */
static int reconnect(struct mc__pg *h)
{
	long long start = now_ms();
	long wait = 50;
	int error;

	h->nprepared = 0;
	for (;;) {
		PQreset(h->conn);
		if (PQstatus(h->conn) == CONNECTION_OK)
			break;
		if (now_ms() - start + wait > RECONNECT_MS)
			return lost(h);
		nanosleep(
		    &(struct timespec){wait / 1000, (wait % 1000) * 1000000L},
		    NULL);
		wait *= 2;
	}
	if ((error = setup(h, "reconnect")) &&
	    PQstatus(h->conn) != CONNECTION_OK)
		return lost(h);
	return error;
}

/*
 * Before a statement: a connection found broken is replaced outside a
 * transaction (reconnect()); inside one it fails the statement with
 * MC_ERETRY, since what the transaction did went with the connection.
 */
static int ready(struct mc__pg *h)
{
	if (PQstatus(h->conn) != CONNECTION_BAD)
		return 0;
	if (h->depth > 0)
		return lost(h);
	return reconnect(h);
}

/*
 * Whether a statement that just failed runs again: on its first try,
 * outside a transaction, when the connection turned out broken (ready()
 * then reconnects).  A statement that was cut off may have taken effect
 * before the connection broke; the statements the backend runs outside
 * a transaction are single statements whose second run is harmless or
 * refused (ON CONFLICT, keys).
 */
static int again(struct mc__pg *h, int *tries)
{
	return (*tries)++ == 0 && h->depth == 0 &&
	       PQstatus(h->conn) == CONNECTION_BAD;
}

int mc__pg_error(struct mc__pg *h, const PGresult *res, const char *what)
{
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	int retry, code = MC_EDB;

	snprintf(h->sqlstate, sizeof(h->sqlstate), "%s", state ? state : "");
	if (PQstatus(h->conn) == CONNECTION_BAD)
		return lost(h);
	if (!msg || !*msg)
		msg = PQerrorMessage(h->conn);
	retry = state &&
		(strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
	if (state && strncmp(state, "23", 2) == 0)
		code = MC_EINVALID;
	else if (retry)
		code = MC_ERETRY;
	mc__store_error(&h->base, code, "%s: %s%s%s%s%s", what, msg,
			detail ? " (" : "", detail ? detail : "",
			detail ? ")" : "",
			retry ? " (retry the transaction)" : "");
	trim(h->base.errmsg);
	return code;
}

/* Prepare `q` on the connection unless it was already. */
static int prepare(struct mc__pg *h, const struct mc__pg_sql *q)
{
	const struct mc__pg_sql **grown;
	PGresult *res;
	size_t i;
	int error = 0;

	for (i = 0; i < h->nprepared; i++)
		if (h->prepared[i] == q)
			return 0;
	if (h->nprepared == h->aprepared) {
		size_t alloc = h->aprepared ? h->aprepared * 2 : 64;

		if (!(grown = realloc(h->prepared, alloc * sizeof(*grown))))
			return mc__pg_nomem(h);
		h->prepared = grown;
		h->aprepared = alloc;
	}
	res = PQprepare(h->conn, q->name, q->text, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		error = mc__pg_error(h, res, q->name);
	else
		h->prepared[h->nprepared++] = q;
	PQclear(res);
	return error;
}

int mc__pg_exec(struct mc__pg *h, PGresult **out, const struct mc__pg_sql *q,
		const char *what, int n, const char *const *params)
{
	ExecStatusType st;
	PGresult *res;
	int error, tries = 0;

	if (out)
		*out = NULL;
	do {
		if ((error = ready(h)))
			return error;
		if ((error = prepare(h, q)))
			continue;
		res =
		    PQexecPrepared(h->conn, q->name, n, params, NULL, NULL, 0);
		st = PQresultStatus(res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			error = mc__pg_error(h, res, what);
			PQclear(res);
			continue;
		}
		if (out)
			*out = res;
		else
			PQclear(res);
		return 0;
	} while (again(h, &tries));
	return error;
}

int mc__pg_query(struct mc__pg *h, PGresult **out, const char *sql,
		 const char *what, int n, const char *const *params)
{
	ExecStatusType st;
	PGresult *res;
	int error, tries = 0;

	*out = NULL;
	do {
		if ((error = ready(h)))
			return error;
		res =
		    PQexecParams(h->conn, sql, n, NULL, params, NULL, NULL, 0);
		st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			*out = res;
			return 0;
		}
		error = mc__pg_error(h, res, what);
		PQclear(res);
	} while (again(h, &tries));
	return error;
}

int mc__pg_row(struct mc__pg *h, PGresult **out, const struct mc__pg_sql *q,
	       int n, const char *const *params, const char *what,
	       const char *notfound, ...)
{
	PGresult *res = NULL;
	va_list ap;
	int error;

	*out = NULL;
	if ((error = mc__pg_exec(h, &res, q, what, n, params)))
		return error;
	if (PQntuples(res) > 0) {
		*out = res;
		return 0;
	}
	PQclear(res);
	if (notfound) {
		va_start(ap, notfound);
		vsnprintf(h->base.errmsg, sizeof(h->base.errmsg), notfound, ap);
		va_end(ap);
	}
	return MC_ENOTFOUND;
}

int mc__pg_rows(struct mc__pg *h, PGresult *res, void **list, size_t *count,
		size_t size,
		int (*row)(struct mc__pg *h, PGresult *res, int i, void *elem))
{
	int i, n = PQntuples(res), error = 0;
	char *elem;

	*list = NULL;
	*count = 0;
	if (n == 0)
		return 0;
	if (!(*list = calloc((size_t)n, size)))
		return mc__pg_nomem(h);
	for (i = 0; i < n && !error; i++) {
		elem = (char *)*list + (size_t)i * size;
		++*count;
		error = row(h, res, i, elem);
	}
	return error;
}

int mc__pg_list_ids(struct mc__pg *h, mc_strlist *ids, PGresult *res, int col)
{
	int i;

	for (i = 0; i < PQntuples(res); i++)
		if (mc_strlist_add(ids, PQgetvalue(res, i, col)))
			return mc__pg_nomem(h);
	return 0;
}

long long mc__pg_changes(PGresult *res)
{
	const char *n = PQcmdTuples(res);

	return n && *n ? strtoll(n, NULL, 10) : 0;
}

/* ---- values ------------------------------------------------------------- */

const char *mc__pg_text(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return PQgetvalue(res, row, col);
}

char *mc__pg_dup(const PGresult *res, int row, int col, int *err)
{
	const char *s = mc__pg_text(res, row, col);
	char *copy;

	if (!s)
		return NULL;
	if (!(copy = mc__strdup(s)))
		*err = MC_ENOMEM;
	return copy;
}

long long mc__pg_ll(const PGresult *res, int row, int col)
{
	const char *s = mc__pg_text(res, row, col);

	return s ? strtoll(s, NULL, 10) : 0;
}

const char *mc__pg_int(char buf[24], long long v)
{
	snprintf(buf, 24, "%lld", v);
	return buf;
}

unsigned char *mc__pg_bytea(const PGresult *res, int row, int col, size_t *len)
{
	const char *s = PQgetvalue(res, row, col);
	unsigned char *raw, *copy;
	size_t n = 0;

	*len = 0;
	if (!(raw = PQunescapeBytea((const unsigned char *)s, &n)))
		return NULL;
	if ((copy = malloc(n + 1))) {
		if (n)
			memcpy(copy, raw, n);
		copy[n] = '\0';
		*len = n;
	}
	PQfreemem(raw);
	return copy;
}

char *mc__pg_hex(const unsigned char *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *out = malloc(2 * len + 3), *w;
	size_t i;

	if (!out)
		return NULL;
	w = out;
	*w++ = '\\';
	*w++ = 'x';
	for (i = 0; i < len; i++) {
		*w++ = digits[p[i] >> 4];
		*w++ = digits[p[i] & 15];
	}
	*w = '\0';
	return out;
}

/* ---- status names --------------------------------------------------------
 */

static const char *const status_names[] = {
    "draft", "in_review", "approved", "published", "retired",
};

const char *mc__pg_status_name(int status)
{
	if (status < 0 || status >= (int)MC__ARRAY_SIZE(status_names))
		return NULL;
	return status_names[status];
}

int mc__pg_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < (int)MC__ARRAY_SIZE(status_names); i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -1;
}

/* ---- transactions ------------------------------------------------------- */

/* Run a command without parameters or rows (transaction control, which
 * is not prepared); *tag (may be NULL) gets its command tag's first
 * letters. */
static int command(struct mc__pg *h, const char *sql, const char *what,
		   char *tag, size_t tagsize)
{
	PGresult *res = PQexec(h->conn, sql);
	int error = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		error = mc__pg_error(h, res, what);
	else if (tag)
		snprintf(tag, tagsize, "%s", PQcmdStatus(res));
	PQclear(res);
	return error;
}

/* BEGIN the outermost transaction with `sql`, on a new connection when
 * the old one is found broken (ready(), again()). */
static int begin_outer(struct mc__pg *h, const char *sql)
{
	int error, tries = 0;

	do {
		if (!(error = ready(h)) &&
		    !(error = command(h, sql, "begin", NULL, 0))) {
			h->depth++;
			return 0;
		}
	} while (error != MC_ENOMEM && again(h, &tries));
	return error;
}

int mc__pg_begin(mc_store *s)
{
	struct mc__pg *h = mc__pg(s);
	char sql[48];
	int error;

	if (h->depth == 0)
		return begin_outer(h,
				   h->readonly ? "BEGIN READ ONLY" : "BEGIN");
	snprintf(sql, sizeof(sql), "SAVEPOINT mc%d", h->depth);
	if ((error = command(h, sql, "begin", NULL, 0)))
		return error;
	h->depth++;
	return 0;
}

int mc__pg_commit(mc_store *s)
{
	struct mc__pg *h = mc__pg(s);
	char sql[48], tag[16] = "";
	int error;

	if (h->depth == 0)
		return mc__store_error(s, MC_EUSAGE,
				       "commit: no transaction open");
	if (h->depth > 1) {
		snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT mc%d",
			 h->depth - 1);
		if ((error = command(h, sql, "commit", NULL, 0)))
			return error; /* still open: the caller rolls back */
		h->depth--;
		return 0;
	}
	/* COMMIT of a transaction a failed statement aborted "succeeds"
	 * with the tag ROLLBACK: that is a failure to the caller.  On a
	 * broken connection it fails with MC_ERETRY (lost()). */
	error = command(h, "COMMIT", "commit", tag, sizeof(tag));
	h->depth--;
	if (error) {
		if (PQstatus(h->conn) == CONNECTION_OK &&
		    PQtransactionStatus(h->conn) != PQTRANS_IDLE)
			command(h, "ROLLBACK", "rollback", NULL, 0);
		return error;
	}
	if (strcmp(tag, "COMMIT") != 0)
		return mc__store_error(s, MC_EDB,
				       "commit: the transaction was rolled "
				       "back after an earlier error");
	return 0;
}

int mc__pg_rollback(mc_store *s)
{
	struct mc__pg *h = mc__pg(s);
	char sql[96];
	int error;

	if (h->depth == 0)
		return mc__store_error(s, MC_EUSAGE,
				       "rollback: no transaction open");
	if (PQstatus(h->conn) == CONNECTION_BAD) {
		/* The server ended the transaction with the connection. */
		h->depth--;
		return 0;
	}
	if (h->depth == 1)
		snprintf(sql, sizeof(sql), "ROLLBACK");
	else
		snprintf(sql, sizeof(sql),
			 "ROLLBACK TO SAVEPOINT mc%d; RELEASE SAVEPOINT mc%d",
			 h->depth - 1, h->depth - 1);
	error = command(h, sql, "rollback", NULL, 0);
	h->depth--;
	return PQstatus(h->conn) == CONNECTION_BAD ? 0 : error;
}

int mc__pg_read_begin(struct mc__pg *h, int *began)
{
	int error;

	*began = 0;
	if (h->depth > 0)
		return 0; /* inside the caller's transaction already */
	if ((error = begin_outer(
		 h, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")))
		return error;
	*began = 1;
	return 0;
}

void mc__pg_read_end(struct mc__pg *h, int began)
{
	if (!began)
		return;
	/* Ending a read-only transaction cannot lose a write; a failed
	 * COMMIT leaves nothing to undo but the transaction itself. */
	if (command(h, "COMMIT", "commit", NULL, 0) &&
	    PQstatus(h->conn) == CONNECTION_OK &&
	    PQtransactionStatus(h->conn) != PQTRANS_IDLE)
		command(h, "ROLLBACK", "rollback", NULL, 0);
	h->depth--;
}

int mc__pg_finish(mc_store *s, int error)
{
	if (error) {
		mc__pg_rollback(s);
		return error;
	}
	return mc__pg_commit(s);
}

/* ---- settings ----------------------------------------------------------- */

static const struct mc__pg_sql META_GET = {
    "meta_get", "SELECT value FROM meta WHERE key = $1"};
static const struct mc__pg_sql META_SET = {
    "meta_set", "INSERT INTO meta(key, value) VALUES($1, $2)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value"};

static int meta_get(mc_store *s, char **out, const char *key)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error = 0;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &META_GET, 1, &key, "meta",
				"%s: not set", key)))
		return error;
	if (!(*out = mc__pg_dup(res, 0, 0, &error)) || error)
		error = mc__pg_nomem(h);
	PQclear(res);
	return error;
}

static int meta_set(mc_store *s, const char *key, const char *value)
{
	return MC__PG_EXEC(mc__pg(s), NULL, &META_SET, "meta", key, value);
}

/* ---- the handle --------------------------------------------------------- */

int mc__pg_set_status_list_size(mc_store *s, size_t size)
{
	if (size % 8)
		return mc__store_error(s, MC_EUSAGE,
				       "status list size %zu: not a "
				       "multiple of 8",
				       size);
	mc__pg(s)->status_list_size = size;
	return 0;
}

/* Close the handle: an open transaction is rolled back (the connection
 * ends it anyway).  store.c owns and frees base.base_url. */
static void pg_close(mc_store *s)
{
	struct mc__pg *h = mc__pg(s);

	if (!h)
		return;
	PQfinish(h->conn);
	free(h->prepared);
	free(h);
}

/* The topic names in table `changes`, bit i of MC_STORE_* being names[i]
 * (store_pg_schema.c, version 7). */
static const char *const topic_names[] = {
    "settings", "catalogue",   "esco",	"accounts",
    "keys",	"credentials", "audit", "policy",
};

static const struct mc__pg_sql CHANGES = {
    "changes", "SELECT coalesce(sum(counter), 0) FROM changes"
	       " WHERE topic = ANY($1::text[])"};

/* The sum of the counters of `topics`, one indexed row per topic. */
static int changes(mc_store *s, unsigned topics, uint64_t *out)
{
	struct mc__pg *h = mc__pg(s);
	char list[128] = "{";
	PGresult *res = NULL;
	size_t i, n = 1;
	int error;

	*out = 0;
	for (i = 0; i < MC__ARRAY_SIZE(topic_names); i++)
		if (topics & (1u << i))
			n +=
			    (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
					     n > 1 ? "," : "", topic_names[i]);
	snprintf(list + n, sizeof(list) - n, "}");
	if ((error = MC__PG_EXEC(h, &res, &CHANGES, "changes", list)))
		return error;
	*out = (uint64_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/* The standby's replay end or the primary's insert end (not
 * pg_current_wal_lsn(), the write end: with synchronous_commit = off a
 * commit returns before its WAL is written), as bytes since 0/0. */
static const struct mc__pg_sql POSITION = {
    "position",
    "SELECT pg_is_in_recovery(),"
    " coalesce(CASE WHEN pg_is_in_recovery()"
    "  THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END"
    "  - '0/0'::pg_lsn, 0)::text,"
    " current_setting('wal_block_size'),"
    " (SELECT oid FROM pg_database WHERE datname = current_database())"};
static const struct mc__pg_sql SYSTEM_ID = {
    "position_system", "SELECT system_identifier FROM pg_control_system()"};

static int position(mc_store *s, mc_store_position *out)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	unsigned long long block;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = mc__pg_exec(h, &res, &POSITION, "position", 0, NULL)))
		return error;
	out->standby = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	out->lsn = (uint64_t)strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	block = strtoull(PQgetvalue(res, 0, 2), NULL, 10);
	out->database = (uint32_t)strtoul(PQgetvalue(res, 0, 3), NULL, 10);
	PQclear(res);
	/* The insert end just past a page's header (24 bytes, 40 on a
	 * segment's first page) is the page's start to a standby, whose
	 * replay ends where the last record ended: no record lies between,
	 * and a reader waiting for the larger figure would wait for the
	 * next write. */
	if (!out->standby && block && out->lsn % block > 0 &&
	    out->lsn % block <= 40)
		out->lsn -= out->lsn % block;
	/* Only roles granted pg_control_system() may read the identifier;
	 * outside a transaction a refusal here aborts nothing. */
	if (h->depth == 0 &&
	    mc__pg_exec(h, &res, &SYSTEM_ID, "position", 0, NULL) == 0) {
		out->system_id =
		    (uint64_t)strtoull(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	mc__store_clear_error(s);
	return 0;
}

static const struct mc__store_core_ops pg_core = {
    .name = "postgresql",
    .close = pg_close,
    .begin = mc__pg_begin,
    .commit = mc__pg_commit,
    .rollback = mc__pg_rollback,
    .meta_get = meta_get,
    .meta_set = meta_set,
    .changes = changes,
    .listen = mc__pg_listen,
    .wait_changes = mc__pg_wait_changes,
    .position = position,
};

int mc__store_pg_open(mc_store **out, const char *url,
		      const mc_store_options *opts, char **errmsg)
{
	mc_store_options defaults = MC_STORE_OPTIONS_INIT;
	const char *keywords[] = {"connect_timeout", "dbname", NULL};
	const char *values[] = {CONNECT_TIMEOUT, url, NULL};
	struct mc__pg *h;
	int error = 0;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!opts)
		opts = &defaults;
	if (!(h = calloc(1, sizeof(*h))))
		return MC_ENOMEM;
	h->base.core = &pg_core;
	h->base.catalogue = &mc__pg_catalogue;
	h->base.search = &mc__pg_search;
	h->base.esco = &mc__pg_esco;
	h->base.account = &mc__pg_account;
	h->base.keys = &mc__pg_keys;
	h->base.cred = &mc__pg_cred;
	h->base.audit = &mc__pg_audit;
	h->base.policy = &mc__pg_policy;
	h->base.jobs = &mc__pg_jobs;
	h->base.limits = &mc__pg_limits;
	h->base.rows = &mc__pg_rows_ops;
	h->readonly = opts->readonly;
	if (!url || !*url) {
		error = mc__store_error(&h->base, MC_EUSAGE,
					"no database URL given");
		goto cleanup;
	}
	/* connect_timeout first, so that the URL's own wins (expand_dbname:
	 * a later keyword overrides an earlier one); PQreset keeps it. */
	if (!(h->conn = PQconnectdbParams(keywords, values, 1))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (PQstatus(h->conn) != CONNECTION_OK) {
		error = mc__store_error(&h->base, MC_EDB, "connect: %s",
					PQerrorMessage(h->conn));
		trim(h->base.errmsg);
		goto cleanup;
	}
	if ((error = setup(h, "connect")))
		goto cleanup;
	if ((error = mc__pg_schema(h, opts)))
		goto cleanup;
	*out = &h->base;
	h = NULL;

cleanup:
	if (h) {
		if (errmsg)
			*errmsg =
			    mc__strdup(h->base.errmsg[0] ? h->base.errmsg
							 : mc_error_str(error));
		pg_close(&h->base);
	}
	return error;
}
