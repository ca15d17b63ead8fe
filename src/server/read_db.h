/*
 * Catalogue reads from a hot standby: the read_db setting.
 *
 * With read_db naming a PostgreSQL streaming standby of db, each worker
 * thread opens a second, read-only store on it when it first needs one,
 * and the dispatcher (http.c) sends it the requests that may show a
 * moment-old catalogue: anonymous GET and HEAD requests (no
 * Authorization header, no session cookie) to routes marked
 * SRV_ROUTE_REPLICA (routes.h).  Everything else reads and writes db.
 *
 * Read your writes: a successful write answers with a cookie
 * (SRV_READ_DB_COOKIE) holding the write-ahead log position db had
 * reached after it; a request carrying it reads db until the standby has
 * replayed that far, and the cookie is then cleared.
 *
 * A standby that cannot be opened or fails a read is left alone for a
 * few seconds: its requests read db, and the outage is logged once.
 */
#ifndef SRV_READ_DB_H
#define SRV_READ_DB_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "routes.h"

/** The read-your-writes cookie: "mc_rw=<position in hex>". */
#define SRV_READ_DB_COOKIE "mc_rw"

/** Seconds the cookie lives: a standby further behind than this is
 * broken, and its clients see its state again after a write. */
#define SRV_READ_DB_COOKIE_MAX 300

/** Seconds a standby that failed is left alone before it is tried
 * again. */
#define SRV_READ_DB_RETRY 5

/**
 * Check `read_db` against `db` and, when they agree, route reads to it
 * from now on (NULL or "": no standby, nothing to check).  read_db must
 * be a postgresql:// URL of a database in recovery (a hot standby) with
 * the same schema version as db, the same cluster system identifier
 * (when the role may read it) and the same database: a copy of db by
 * streaming replication.  db must be PostgreSQL.  `shown` is read_db as
 * the log may show it (its password masked).  A standby still replaying
 * an upgrade of db's schema is waited for, 10 s at most.  Returns 0, or
 * MC_EUSAGE / MC_EINVALID / the store's error with the reason, naming
 * read_db, in err.  Call once, before serving.
 */
int srv_read_db_start(const char *db, const char *read_db, const char *shown,
		      const char *master_key_file, char *err, size_t errlen);

/** Non-zero once srv_read_db_start() has accepted a standby. */
int srv_read_db_enabled(void);

/**
 * Decide, before its handler runs, where `req` reads: when the standby
 * may answer it (see above) and this thread's handle on the standby is
 * open (or opens now), set req->store to it and req->replica to 1;
 * otherwise leave req->store (db) as it is.  A request carrying the
 * read-your-writes cookie goes to the standby only once the standby has
 * replayed up to the cookie's position, and `resp` then clears the cookie
 * (when it has a Set-Cookie slot free).
 */
void srv_read_db_route(srv_req *req, const srv_route *route, srv_resp *resp);

/**
 * After the handler ran on the standby (req->replica): when it answered
 * a server error (5xx: the standby failed), log it once, leave the
 * standby alone for SRV_READ_DB_RETRY seconds, empty `resp` (status 200)
 * and point `req` at `primary`; return 1 so the caller runs the handler
 * again there (the request is a read).  Otherwise return 0.
 */
int srv_read_db_retry(srv_req *req, srv_resp *resp, mc_store *primary);

/**
 * After a successful write on db (req->store): set the read-your-writes
 * cookie to db's position in a free Set-Cookie slot of `resp` (none
 * free: nothing).  Nothing when no standby is configured.
 */
void srv_read_db_after_write(srv_req *req, srv_resp *resp);

/**
 * The position in "mc_rw=HEX" among the request's cookies `cookie`
 * (a Cookie header, NULL-safe) into *lsn: 1, or 0 when there is none or
 * it is not 1 to 16 hex digits.
 */
int srv_read_db_cookie(const char *cookie, uint64_t *lsn);

#endif
