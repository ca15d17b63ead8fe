/*
 * The PostgreSQL backend's private parts, shared by its files, one per
 * topic as on the SQLite side:
 *   store_pg.c            the handle, transactions, settings, statements
 *                         and the helpers the topic files share
 *   store_pg_schema.c     identifying, creating and migrating the schema
 *   store_pg_catalogue.c  organisations, clusters, MC versions, history
 *   store_pg_search.c     search and coverage
 *   store_pg_esco.c       ESCO concepts
 *   store_pg_account.c    users, memberships, sessions, API tokens
 *   store_pg_keys.c       issuer keys, seals and test CAs
 *   store_pg_cred.c       issued credentials and status lists
 *   store_pg_audit.c      the audit log
 *   store_pg_policy.c     recognitions and consents
 *   store_pg_jobs.c       background jobs
 *   store_pg_limits.c     rate-limit buckets
 *   store_pg_watch.c      notices of other connections' commits
 *
 * Each file owns its SQL: a statement is a `struct mc__pg_sql` beside the
 * code that runs it, prepared on the connection the first time it runs
 * (PQprepare) and executed with PQexecPrepared, text parameters in and
 * text results out.  bytea travels as its hex text form ("\x0a1b...").
 *
 * Times are stored as TEXT in the same "YYYY-MM-DDTHH:MM:SSZ" form as the
 * SQLite backend (they sort as text, and callers get back exactly the
 * string they stored).
 */
#ifndef MC_STORE_PG_H
#define MC_STORE_PG_H

#include <libpq-fe.h>
#include <stdint.h>

#include "store.h"

/** One statement: its prepared name (unique in the backend) and text. */
struct mc__pg_sql {
	const char *name;
	const char *text;
};

struct mc__pg {
	struct mc_store base; /* first: (mc_store *) and back */
	PGconn *conn;
	int readonly;
	int depth; /* open transaction levels */
	/* Statements prepared on this connection (by address). */
	const struct mc__pg_sql **prepared;
	size_t nprepared, aprepared;
	char sqlstate[6];	 /* of the last failed statement, "" none */
	size_t status_list_size; /* bits in a new status list; 0: the
				    default, MC_STATUS_LIST_SIZE */
	unsigned listening;	 /* topics of mc_store_listen(), 0: none */
	int listen_pid;		 /* the server process that LISTENs */
};

static inline struct mc__pg *mc__pg(mc_store *s)
{
	return (struct mc__pg *)s;
}

/* ---- statements (store_pg.c) ------------------------------------------ */

/**
 * Run statement `q` with `n` text parameters (NULL is SQL NULL), preparing
 * it first on this connection if needed.  With `res` non-NULL the result
 * is handed over (the caller PQclear()s it, also on failure it is NULL).
 * Outside a transaction a broken connection is replaced and the
 * statement run once more; inside one it fails with MC_ERETRY (see
 * store_pg.c).  Returns 0, or the error of mc__pg_error() naming `what`.
 */
int mc__pg_exec(struct mc__pg *h, PGresult **res, const struct mc__pg_sql *q,
		const char *what, int n, const char *const *params);

/**
 * Run `sql`, text built for this one call, unprepared (PQexecParams),
 * with `n` text parameters; broken connections as mc__pg_exec().  0 and
 * *res the result (the caller PQclear()s it), or the error of
 * mc__pg_error() naming `what` and *res NULL.
 */
int mc__pg_query(struct mc__pg *h, PGresult **res, const char *sql,
		 const char *what, int n, const char *const *params);

/** mc__pg_exec() with the parameters listed inline. */
#define MC__PG_EXEC(h, res, q, what, ...)                                      \
	mc__pg_exec((h), (res), (q), (what),                                   \
		    (int)(sizeof((const char *[]){__VA_ARGS__}) /              \
			  sizeof(const char *)),                               \
		    (const char *[]){__VA_ARGS__})

/**
 * Run statement `q` (parameters as mc__pg_exec) that returns at most one
 * row.  A row: 0 and *res holds it.  No row: MC_ENOTFOUND, with the
 * handle's message set from `notfound` (printf) or left as it was when
 * `notfound` is NULL; *res is NULL.  An error: its code, *res NULL.
 */
int mc__pg_row(struct mc__pg *h, PGresult **res, const struct mc__pg_sql *q,
	       int n, const char *const *params, const char *what,
	       const char *notfound, ...) MC__PRINTF(7, 8);

/**
 * Read every row of `res` into a new array of `size`-byte elements, each
 * zeroed and counted, then filled by `row` (which returns 0 or an error).
 * *list and *count hold what was read even on failure, for the caller's
 * free function.  Returns 0, the row's error or MC_ENOMEM (set).
 */
int mc__pg_rows(struct mc__pg *h, PGresult *res, void **list, size_t *count,
		size_t size,
		int (*row)(struct mc__pg *h, PGresult *res, int i, void *elem));
/** Add column `col` of every row of `res` to `ids`; MC_ENOMEM (set). */
int mc__pg_list_ids(struct mc__pg *h, mc_strlist *ids, PGresult *res, int col);

/** Rows changed by the command of `res` (PQcmdTuples). */
long long mc__pg_changes(PGresult *res);

/**
 * Set the handle's message from a failed result (or the connection's
 * error when `res` is NULL) naming `what`, remember its SQLSTATE in
 * h->sqlstate, and return the matching code: MC_EINVALID for an
 * integrity violation (class 23, as SQLite's constraint errors),
 * MC_ERETRY for 40001/40P01 and when the connection is broken (message
 * "the database connection was lost; retry"), else MC_EDB.
 */
int mc__pg_error(struct mc__pg *h, const PGresult *res, const char *what);

/** Set "out of memory" on the handle and return MC_ENOMEM. */
int mc__pg_nomem(struct mc__pg *h);

/** The not-implemented answer of operation `name`: MC_ENOTSUP (501),
 * "NAME is not implemented on PostgreSQL yet". */
int mc__pg_notsup(mc_store *s, const char *name);

/* ---- values ----------------------------------------------------------- */

/** Copy of field (row, col), NULL for SQL NULL; *err = MC_ENOMEM when the
 * copy fails. */
char *mc__pg_dup(const PGresult *res, int row, int col, int *err);
/** Field (row, col) as text, NULL for SQL NULL (owned by `res`). */
const char *mc__pg_text(const PGresult *res, int row, int col);
/** Field (row, col) as an integer; 0 for SQL NULL. */
long long mc__pg_ll(const PGresult *res, int row, int col);
/** Decimal text of `v` in `buf`, which it returns. */
const char *mc__pg_int(char buf[24], long long v);
/**
 * A bytea field's bytes, malloc'd with a NUL after them; *len gets their
 * number.  NULL when it cannot be decoded or allocated.
 */
unsigned char *mc__pg_bytea(const PGresult *res, int row, int col, size_t *len);
/** The hex text form ("\x...") of `len` bytes, for a bytea parameter;
 * malloc'd, NULL when out of memory. */
char *mc__pg_hex(const unsigned char *p, size_t len);

/* ---- transactions (store_pg.c) ---------------------------------------- */

/** Begin, commit, roll back: nested with savepoints, only the outermost
 * pair acts (see store.h). */
int mc__pg_begin(mc_store *s);
int mc__pg_commit(mc_store *s);
int mc__pg_rollback(mc_store *s);
/** End a nested transaction opened with mc__pg_begin(): commit when
 * `error` is 0, else roll back and return `error`. */
int mc__pg_finish(mc_store *s, int error);

/**
 * Open a read-only snapshot (REPEATABLE READ) for the several statements
 * of one answer, unless a transaction is open already; *began tells
 * mc__pg_read_end() whether to end it.
 */
int mc__pg_read_begin(struct mc__pg *h, int *began);
void mc__pg_read_end(struct mc__pg *h, int began);

/* ---- status names ----------------------------------------------------- */

/** Status names as stored in mc_versions.status; NULL if out of range. */
const char *mc__pg_status_name(int status);
/** The status stored as `name`, or -1. */
int mc__pg_status_parse(const char *name);

/* ---- schema (store_pg_schema.c) --------------------------------------- */

/** Identify the database, create or migrate its schema (unless
 * read-only), and set base.schema_version. */
int mc__pg_schema(struct mc__pg *h, const mc_store_options *opts);

/* ---- search (store_pg_search.c) ---------------------------------------- */

/**
 * Write mc_search.doc of MC version `seq` (its row written already): the
 * words of the four search texts (NULL: none) as mc_fts cuts them, each
 * column with its weight.  Returns 0 or an error (set).
 */
int mc__pg_search_index(struct mc__pg *h, const char *seq, const char *title,
			const char *description, const char *outcomes,
			const char *other);

/** Write esco_search.doc of concept (uri, lang) (its row written
 * already): the words of its label and alternative labels ('\n'
 * between them; NULL: none).  Returns 0 or an error (set). */
int mc__pg_esco_index(struct mc__pg *h, const char *uri, const char *lang,
		      const char *label, const char *alt_labels);

/** The ESCO look-up by words (struct mc__store_esco_ops.lookup). */
int mc__pg_esco_lookup(mc_store *s, mc_esco_concept ***out, size_t *count,
		       const struct mc__query *query, size_t limit);

/* ---- notices (store_pg_watch.c) --------------------------------------- */

/** The channel the change counter's trigger notifies, with the topic's
 * name as payload (schema version 9). */
#define MC__PG_CHANNEL "microcred_changes"

/** struct mc__store_core_ops.listen and .wait_changes. */
int mc__pg_listen(mc_store *s, unsigned topics);
int mc__pg_wait_changes(mc_store *s, unsigned *out, int timeout_ms);

/* ---- topics: one operations table per file ----------------------------- */

extern const struct mc__store_catalogue_ops mc__pg_catalogue;
extern const struct mc__store_search_ops mc__pg_search;
extern const struct mc__store_esco_ops mc__pg_esco;
extern const struct mc__store_account_ops mc__pg_account;
extern const struct mc__store_keys_ops mc__pg_keys;
extern const struct mc__store_cred_ops mc__pg_cred;
extern const struct mc__store_audit_ops mc__pg_audit;
extern const struct mc__store_policy_ops mc__pg_policy;
extern const struct mc__store_jobs_ops mc__pg_jobs;
extern const struct mc__store_limits_ops mc__pg_limits;
/* Whole tables row by row (store_pg_rows.c; store_rows.h). */
extern const struct mc__store_rows_ops mc__pg_rows_ops;

/** Write the facet rows and the mc_search row of MC version `seq`
 * (store_pg_catalogue.c). */
int mc__pg_mc_index(struct mc__pg *h, const char *seq, const mc_microcred *mc);

/**
 * Tests only: make status lists created from now on `size` bits (a
 * positive multiple of 8; 0 restores MC_STATUS_LIST_SIZE), as
 * mc__sq_set_status_list_size().  Returns 0 or MC_EUSAGE.
 */
int mc__pg_set_status_list_size(mc_store *s, size_t size);

#endif
