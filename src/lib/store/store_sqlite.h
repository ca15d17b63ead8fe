/*
 * The SQLite backend's private parts, shared by its files, one per topic
 * of store.h: store_sqlite.c (the handle, transactions, settings and
 * helpers), store_sqlite_schema.c (the schema and its migrations),
 * store_sqlite_catalogue.c, _search.c, _esco.c, _account.c, _keys.c,
 * _cred.c (credentials and status lists), _audit.c, _policy.c
 * (recognitions and consents), _jobs.c and _limits.c (rate-limit
 * buckets).  Each topic file fills its table of
 * operations, declared below.
 *
 * The handle embeds struct mc_store as its first member, so the generic
 * layer's mc_store pointer and ours are the same address.  Each topic
 * file owns its SQL: a fixed statement's text sits beside the function
 * that runs it, and is prepared once, on first use, and kept on the handle
 * (mc__sq_stmt); search statements, whose SQL depends on the filters in
 * use, are kept in a small cache keyed by their text (mc__sq_dyn).
 */
#ifndef MC_STORE_SQLITE_H
#define MC_STORE_SQLITE_H

#include <sqlite3.h>

#include "store.h"

/** Largest text put into one search column (all languages together). */
#define FTS_COLUMN_MAX (64u * 1024 * 1024)

/** PRAGMA application_id of every microcred database: 'MCRD'. */
#define MC__SQLITE_APP_ID 0x4D435244

/** Search statements kept per handle. */
#define MC__SQ_DYN_MAX 16

struct mc__sqlite {
	struct mc_store base; /* first: (mc_store *) and back */
	sqlite3 *db;
	char *path;
	int readonly;
	int depth; /* open transaction levels */
	/* Fixed statements, keyed by the address of their text: an open
	 * addressing table of `size` slots (a power of two), `used` full. */
	struct mc__sq_cached {
		const char *sql;
		sqlite3_stmt *stmt;
	} * stmts;
	size_t stmts_size, stmts_used;
	struct {
		char *sql;
		sqlite3_stmt *stmt;
		unsigned long used;
	} dyn[MC__SQ_DYN_MAX];
	unsigned long tick;
	int temp_ready;		 /* temp.mc_match exists */
	size_t status_list_size; /* bits in a new status list; 0: the
				    default, MC_STATUS_LIST_SIZE */
};

static inline struct mc__sqlite *mc__sq(mc_store *s)
{
	return (struct mc__sqlite *)s;
}

/**
 * The fixed statement `sql`, reset and unbound, or NULL with the handle's
 * message set.  `sql` must have static storage duration (a string literal
 * or a static array, which each topic file keeps beside the function that
 * runs it): it is prepared once per handle, on first use, and found again
 * by its address.  SQL built at run time goes through mc__sq_dyn().
 */
sqlite3_stmt *mc__sq_stmt(struct mc__sqlite *h, const char *sql);

/** A statement for `sql` from the handle's cache (prepared on a miss),
 * reset and unbound; NULL with the message set. */
sqlite3_stmt *mc__sq_dyn(struct mc__sqlite *h, const char *sql);

/** Set the handle's message from SQLite's last error and return the
 * matching code: MC_EDB, or MC_EINVALID for a constraint failure. */
int mc__sq_error(struct mc__sqlite *h, const char *what);

/** Status names as stored in mc_versions.status; NULL if out of range. */
const char *mc__sq_status_name(int status);
/** The status stored as `name`, or -1. */
int mc__sq_status_parse(const char *name);

/** Transactions (nesting with savepoints; store_sqlite.c). */
int mc__sq_begin(mc_store *s);
int mc__sq_commit(mc_store *s);
int mc__sq_rollback(mc_store *s);

/** Run SQL without results (sqlite3_exec); 0 or the handle's message and
 * the code of mc__sq_error() naming `what`. */
int mc__sq_exec(struct mc__sqlite *h, const char *sql, const char *what);

/** The schema (store_sqlite_schema.c).  mc__sq_schema_check() tells ours
 * (or an empty file, which becomes ours) from anything else and reads its
 * *version: MC_ENOTOURS, MC_EVERSION for a newer one, MC_EDB.
 * mc__sq_schema_migrate() brings it to mc__sq_schema_version, one
 * transaction per step. */
int mc__sq_schema_check(struct mc__sqlite *h, const char *path,
			long long *version);
int mc__sq_schema_migrate(struct mc__sqlite *h);
extern const int mc__sq_schema_version;

/** The topic tables, each filled by its file. */
extern const struct mc__store_catalogue_ops mc__sq_catalogue;
extern const struct mc__store_search_ops mc__sq_search_ops;
extern const struct mc__store_esco_ops mc__sq_esco;
extern const struct mc__store_account_ops mc__sq_account;
extern const struct mc__store_keys_ops mc__sq_keys;
extern const struct mc__store_cred_ops mc__sq_cred;
extern const struct mc__store_audit_ops mc__sq_audit;
extern const struct mc__store_policy_ops mc__sq_policy;
extern const struct mc__store_jobs_ops mc__sq_jobs;
extern const struct mc__store_limits_ops mc__sq_limits;

/** Open a read transaction (BEGIN, deferred) unless one is open already;
 * *began tells mc__sq_read_end() whether to end it. */
int mc__sq_read_begin(struct mc__sqlite *h, int *began);
void mc__sq_read_end(struct mc__sqlite *h, int began);

/** Write the facet rows and the mc_fts row of MC version `seq`
 * (store_sqlite_catalogue.c). */
int mc__sq_mc_index(struct mc__sqlite *h, sqlite3_int64 seq,
		    const mc_microcred *mc);

/** Whole tables row by row (store_sqlite_rows.c; store_rows.h). */
extern const struct mc__store_rows_ops mc__sq_rows_ops;

/**
 * Tests only: make status lists created from now on `size` bits (a
 * positive multiple of 8; 0 restores MC_STATUS_LIST_SIZE), so rolling
 * over to a new list can be tested without 131072 allocations.  Lists
 * already stored keep their size.  Returns 0 or MC_EUSAGE.
 */
int mc__sq_set_status_list_size(mc_store *s, size_t size);

/* Small helpers shared by the backend's files (store_sqlite.c). */

/** Bind text, or NULL for a NULL string. */
int mc__sq_bind_text(sqlite3_stmt *st, int i, const char *s);
/** Set "out of memory" on the handle and return MC_ENOMEM. */
int mc__sq_nomem(struct mc__sqlite *h);
/** Copy of a text column, NULL for SQL NULL; *err = MC_ENOMEM when the
 * copy fails. */
char *mc__sq_col_dup(sqlite3_stmt *st, int i, int *err);
/** Step a statement that returns no rows (a write) to completion and
 * reset it.  Returns 0, or the error of mc__sq_error() naming `what`. */
int mc__sq_step_done(struct mc__sqlite *h, sqlite3_stmt *st, const char *what);
/**
 * Step an insert to completion and reset it, telling the constraint that
 * refused it: MC_EEXISTS for a primary key or UNIQUE, MC_ENOTFOUND for a
 * foreign key, each with the handle's message set from SQLite (which the
 * caller replaces with one naming the record; sqlite3_errmsg() still
 * names the constraint), or the error of mc__sq_step_done().
 */
int mc__sq_insert(struct mc__sqlite *h, sqlite3_stmt *st, const char *what);
/**
 * Fetch the one row a bound statement returns, if any.
 *  - a row: returns 0 and leaves `st` on it; the caller reads the
 *    columns and then resets `st`;
 *  - no row: resets `st` and returns MC_ENOTFOUND, with the handle's
 *    message set from `notfound` (a printf format) or, when `notfound`
 *    is NULL, left as it was (for callers for whom no row is not an
 *    error, or who say it their own way);
 *  - an error: returns mc__sq_error(h, what) (MC_EDB, or MC_EINVALID for
 *    a constraint) with the handle's message set, and resets `st`.
 */
int mc__sq_row(struct mc__sqlite *h, sqlite3_stmt *st, const char *what,
	       const char *notfound, ...) MC__PRINTF(4, 5);
/**
 * Read every row of `st` (bound already) into a growing array of
 * `size`-byte elements: each is zeroed and counted, then filled by
 * `row`, which returns 0 or an error.  *list and *count (NULL and 0 on
 * entry) hold what was read even on failure, for the caller's free
 * function.  Resets `st`.  Returns 0, the row's error, MC_ENOMEM (set on
 * the handle) or MC_EDB naming `what`.
 */
int mc__sq_rows(struct mc__sqlite *h, sqlite3_stmt *st, void **list,
		size_t *count, size_t size,
		int (*row)(struct mc__sqlite *h, sqlite3_stmt *st, void *elem),
		const char *what);
/**
 * Step `st` (bound already) through every row, calling `row` on each with
 * `payload`, until `row` returns non-zero (that error is returned) or the
 * rows end.  Resets `st`.  Returns 0, the row's error, or MC_EDB naming
 * `what` with the handle's message set.
 */
int mc__sq_each(struct mc__sqlite *h, sqlite3_stmt *st,
		int (*row)(struct mc__sqlite *h, sqlite3_stmt *st,
			   void *payload),
		void *payload, const char *what);
/** A row callback for mc__sq_each(): add column 0 (text) to the
 * mc_strlist `payload`. */
int mc__sq_id_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload);
/** Run a cached "DELETE ... WHERE x = ?1" with an integer key. */
int mc__sq_delete_by_seq(struct mc__sqlite *h, const char *sql,
			 sqlite3_int64 seq);
/** The stored name of enum value `v` in `names` (n of them), or NULL when
 * out of range; and the value stored as `name`, or -1. */
const char *mc__sq_name_of(const char *const *names, size_t n, int v);
int mc__sq_value_of(const char *const *names, size_t n, const char *name);
/** End a nested transaction opened with mc__sq_begin(): commit when
 * `error` is 0, else roll back and return `error`. */
int mc__sq_finish(mc_store *s, int error);
/** Copy of a blob column, NUL-terminated for convenience; *len gets its
 * length.  NULL when the copy cannot be allocated. */
unsigned char *mc__sq_blob_dup(sqlite3_stmt *st, int i, size_t *len);
/** Grow `*list` of `size`-byte items (room for *alloc) to hold n + 1;
 * MC_ENOMEM (no message) when it cannot. */
int mc__sq_grow(void **list, size_t *alloc, size_t n, size_t size);
/** Run a one-row existence query with a text key: 0 if a row exists,
 * MC_ENOTFOUND (no message) if none, MC_EDB. */
int mc__sq_exists(struct mc__sqlite *h, const char *sql, const char *key);
/** Split `s` on '\n' into `list`, skipping empty entries. */
int mc__sq_split_lines(mc_strlist *list, const char *s);

/** Encode a title map for mc_versions.titles, and pick a reader's title
 * from that encoding (the mc_langmap_pick rules).  The picked text and
 * tag are fresh strings. */
char *mc__sq_titles_encode(const mc_langmap *map);
int mc__sq_titles_pick(char **title, char **lang, const char *enc,
		       const char *reader, const char *primary);

#endif
