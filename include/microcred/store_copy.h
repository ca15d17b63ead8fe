/*
 * microcred - copying a whole platform from one store to another
 * (`microcred db copy`): SQLite to PostgreSQL and back, or between two of
 * a kind.
 */
#ifndef MICROCRED_STORE_COPY_H
#define MICROCRED_STORE_COPY_H

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Copy every table of `from` that is data into `to`, which must hold no
 * data, then check the copy.
 *
 * Data: settings, organisations, clusters, MC ids, versions and history,
 * ESCO concepts, users, memberships, sessions, API tokens, issuer keys and
 * seals (their private parts copied as they are, sealed under the master
 * key, which both stores share), credentials, status lists and entries,
 * the audit log, recognitions and consents, background jobs (a job
 * running under a node of `from` is taken over by a node of `to` when its
 * lease runs out).  Derived tables (the search
 * index and the facets of each MC version) are not copied but rebuilt on
 * `to` from the copied rows; a backend's own bookkeeping (schema
 * versions, change counters) is neither.  Both stores must be at the
 * schema this program knows (mc_store_open() sees to that; open `from`
 * read-only so that it is not migrated), and each must have exactly the
 * tables and columns this copy knows, no more: a table or column it does
 * not know fails the copy before anything is written.
 *
 * Tables go in foreign-key order, each read from one snapshot of `from`
 * in primary-key order and streamed (a batch of rows in memory at a time)
 * into ONE transaction on `to`: all or nothing.  Row numbers (seq, n) are
 * kept.  After the derived tables are rebuilt, every copied table is
 * read back from `to` and its row count and content hash compared with
 * what was read from `from`; the hash is SHA-256 over a canonical form of
 * the rows (docs/API.md), so SQLite and PostgreSQL give the same one for
 * the same rows.  A difference fails the copy naming the table, and the
 * transaction is rolled back.
 *
 * `out` is filled as far as the copy went, also on failure.  The message
 * is set on `to` (a failure reading `from` is copied there, prefixed
 * "source: ").
 *
 * Returns 0; MC_EEXISTS when `to` holds data ("the target is not empty:
 * table organisations has 12 rows"), MC_EVERSION for stores at two
 * schema versions or a table or column this copy does not know, MC_EDB
 * for a check that failed or a database error, MC_EINVALID for a stored
 * value not of its column's kind, MC_EUSAGE for the same store twice or
 * a backend that cannot copy, MC_ENOMEM.
 */
int mc_store_copy(mc_store_copy_report *out, mc_store *from, mc_store *to);

#ifdef __cplusplus
}
#endif

#endif
