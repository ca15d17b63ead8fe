/*
 * microcred - the store: where the catalogue lives.
 *
 * An mc_store is an open database.  Callers see only this handle; behind it
 * a backend fills a table of operations (src/lib/store.h).  SQLite is the
 * embedded default; a PostgreSQL backend can join behind the same table.
 *
 * The handle carries the message of the last error ("eqf_level: must be
 * 1..8, got 9", "database is schema version 7, this program knows 1").
 * A handle is used by one thread at a time.
 */
#ifndef MICROCRED_STORE_H
#define MICROCRED_STORE_H

#include <stdint.h>

#include "errors.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mc_store mc_store;

/** The base URL every MC, organisation and cluster URI is built on until
 * one is configured. */
#define MC_DEFAULT_BASE_URL "http://localhost:8080"

/**
 * How to open a store.  Start from MC_STORE_OPTIONS_INIT.
 *
 * master_key_file (version 2) names the file of the master key that seals
 * issuer keys and seal keys at rest: 32 raw bytes, or 64 hex digits, or 43
 * base64url characters, mode 0600 or 0400 (a file group or others may
 * access is refused).  NULL or "": $MICROCRED_MASTER_KEY_FILE (or the key
 * itself in $MICROCRED_MASTER_KEY), else, for SQLite only, "<database>.key"
 * beside the database file when it exists.  A PostgreSQL store needs the
 * option or the environment; nodes that share a database share this file.
 * Read when the key is first used, not at open; the path is copied.  See
 * keys.h (mc_keys_master_init) and docs/SEALS.md.
 */
typedef struct {
	unsigned version; /**< MC_STORE_OPTIONS_VERSION */
	int create;   /**< create the database if missing (else ENOTFOUND) */
	int readonly; /**< open read-only; migrations are not run */
	const char *master_key_file; /**< the master key file, or NULL */
} mc_store_options;

#define MC_STORE_OPTIONS_VERSION 2
#define MC_STORE_OPTIONS_INIT                                                  \
	{                                                                      \
		MC_STORE_OPTIONS_VERSION, 1, 0, NULL                           \
	}

/**
 * Open the store at `location`: a file path (SQLite) or "sqlite:PATH".
 * A new database is created with the current schema; an older one is
 * migrated in one transaction.  Fails with MC_ENOTOURS for a file that is
 * not a microcred database, MC_EVERSION for one made by a newer program,
 * MC_EDB / MC_EIO otherwise.  On failure *out is NULL and, when `errmsg`
 * is not NULL, *errmsg is a message the caller frees.
 */
int mc_store_open(mc_store **out, const char *location,
		  const mc_store_options *opts, char **errmsg);

/** Close the store.  NULL-safe. */
void mc_store_free(mc_store *store);

/** Message of the last failed call on this handle; "" if none. */
const char *mc_store_errmsg(const mc_store *store);

/** Schema version of the open database. */
int mc_store_schema_version(const mc_store *store);

/** Name of the backend ("sqlite"). */
const char *mc_store_backend(const mc_store *store);

/** The configured base URL, without a trailing slash. */
const char *mc_store_base_url(const mc_store *store);

/**
 * Configure the base URL (http or https, no query or fragment).  Stored in
 * the database so URIs stay stable across runs.  MC_EINVALID if malformed.
 */
int mc_store_set_base_url(mc_store *store, const char *url);

/** The topics of a store, as bits for mc_store_changes(). */
enum {
	MC_STORE_SETTINGS = 1u << 0,	/**< settings (the base URL) */
	MC_STORE_CATALOGUE = 1u << 1,	/**< organisations, clusters, MCs,
					   their versions and history */
	MC_STORE_ESCO = 1u << 2,	/**< ESCO concepts */
	MC_STORE_ACCOUNTS = 1u << 3,	/**< users, memberships, sessions,
					   API tokens */
	MC_STORE_KEYS = 1u << 4,	/**< issuer keys, seals and CAs */
	MC_STORE_CREDENTIALS = 1u << 5, /**< issued credentials, status
					   lists */
	MC_STORE_AUDIT = 1u << 6,	/**< the audit log */
	MC_STORE_POLICY = 1u << 7,	/**< QA-body recognitions, consents */
	MC_STORE_JOBS = 1u << 8,	/**< background jobs */
	MC_STORE_ALL = 0x1ff
};

/**
 * The change counter of the topics `topics` (MC_STORE_* bits; several:
 * the sum of their counters), for caches of what was read through any
 * handle.  Each topic's counter is kept in the database and moves on
 * every committed write to that topic, by any connection in any process,
 * this handle's own commits included (unlike SQLite's data_version):
 * a cache that compares it with the value it saw last also drops what it
 * kept before its own writes, which costs a miss, never a stale answer.
 * A rolled-back write leaves it as it was.  Read it outside a
 * transaction: inside one of this handle's it includes the transaction's
 * own uncommitted writes.  One indexed row for one topic.
 * Returns 0, MC_EUSAGE for no topic or an unknown bit, or MC_EDB.
 */
int mc_store_changes(mc_store *store, unsigned topics, uint64_t *out);

/**
 * Listen on `store`'s connection for notices of commits that wrote any
 * of `topics` (MC_STORE_* bits), by any connection in any process, for a
 * cache that would otherwise ask mc_store_changes() before every read.
 * 0 stops listening; a second call replaces the topics.  Use a handle of
 * its own for listening (a thread that does nothing else), outside a
 * transaction.  A commit after this call returns is notified; one
 * before it is not: after listening, treat every topic as changed once.
 * Returns 0, MC_ENOTSUP on a backend that cannot notify (SQLite: poll
 * mc_store_changes() instead), MC_EUSAGE for an unknown bit or inside a
 * transaction, MC_ERETRY when the connection is lost, or MC_EDB.
 */
int mc_store_listen(mc_store *store, unsigned topics);

/**
 * Wait up to `timeout_ms` milliseconds (0: only look; -1: without end)
 * for a notice of a commit that wrote a topic `store` listens to
 * (mc_store_listen()), and put the topics notified into *out (one or
 * more bits: the notices arrived so far are all taken).  A notice comes
 * when the writer commits (never for a rolled-back write), a few
 * milliseconds later on the same machine.  Notices that arrived while
 * the handle ran other calls are kept for this one.
 * Returns 0 on a notice; MC_ENOTFOUND when the time ran out without one
 * (*out 0); MC_ERETRY when the connection was lost or replaced (the
 * listening is over, and notices may have been missed: listen again on a
 * working handle, then treat every topic as changed); MC_ENOTSUP on a
 * backend that cannot notify; MC_EUSAGE when not listening or inside a
 * transaction; MC_EIO if waiting itself failed.
 */
int mc_store_wait_changes(mc_store *store, unsigned *out, int timeout_ms);

/**
 * Where a database stands in its write-ahead log (PostgreSQL streaming
 * replication), for a server that reads from a hot standby and must not
 * show a client less than it has written.  Fill with
 * mc_store_position_get().
 */
typedef struct {
	/** On a primary: the end of the write-ahead log inserted so far,
	 * so every transaction committed before the call ends at or before
	 * it.  On a standby: the end of the log replayed, so every
	 * transaction that ends at or before it is visible there.  A byte
	 * position (PostgreSQL's pg_lsn as a number); 0 when unknown. */
	uint64_t lsn;
	/** 1: the database is in recovery (a hot standby); 0: a primary. */
	int standby;
	/** The cluster's system identifier (pg_control_system()), which a
	 * standby made from a base backup shares with its primary; 0 when
	 * this role may not read it. */
	uint64_t system_id;
	/** The database's object id in its cluster (shared with a physical
	 * standby's copy of it). */
	uint32_t database;
} mc_store_position;

/**
 * Fill `out` with where the store's database stands (see
 * mc_store_position).  Read it outside a transaction.  Returns 0,
 * MC_ENOTSUP for a backend without a write-ahead log to stand in
 * (SQLite), or MC_EDB (the message on the handle).
 */
int mc_store_position_get(mc_store *store, mc_store_position *out);

#ifdef __cplusplus
}
#endif

#endif
