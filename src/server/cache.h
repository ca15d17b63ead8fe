/*
 * The response cache for public catalogue reads: in memory, bounded in
 * bytes, shared by the worker threads.
 *
 * A handler opts in by answering through srv_cache_handle(): the API's
 * search, MC, organisation, cluster and coverage reads do, and a page
 * handler can in the same way.  Entries are keyed by the store read
 * (db or the read_db replica: srv_req.replica), the route's path, its
 * query arguments and the request headers an answer may depend on
 * (Accept, Accept-Language, Cookie), and hold the body, content type and
 * ETag of a 200 answer.
 *
 * Freshness: every entry belongs to a catalogue generation.  The
 * generation moves on
 * - after every successful write request of this server (the dispatcher
 *   calls srv_cache_bump(), see http.c), and
 * - when the change counter of the topics an anonymous answer can show
 *   (SRV_CACHE_TOPICS) moves (a commit by the CLI, another process,
 *   another node: mc_store_changes()), checked before every cached read,
 * - or, instead of that check, on a notice of such a commit: on
 *   PostgreSQL one listener thread per server (cache_watch.c) waits for
 *   notices with mc_store_wait_changes() and moves the generation on for
 *   each.  While it is live, reads answered by the primary store skip
 *   the counter query; reads of the read_db replica (srv_req.replica)
 *   still ask their store, whose replay may lag behind the notice.  A
 *   notice comes a few milliseconds after the writer's commit (the cost
 *   of not asking), this server's own writes move the generation at
 *   once, and when the listener's connection drops the cache asks
 *   before every read again until it listens anew,
 * and entries of an older generation are never served.
 *
 * Privacy: requests with an Authorization header or a session cookie are
 * never answered from the cache nor stored in it, and neither are answers
 * marked private or setting a cookie.
 */
#ifndef SRV_CACHE_H
#define SRV_CACHE_H

#include <stddef.h>

#include "http.h"

/** Counters since srv_cache_init(). */
typedef struct {
	unsigned long long hits;   /**< answered from the cache */
	unsigned long long misses; /**< cacheable, answered by the handler */
	unsigned long long bypass; /**< not cacheable (signed in, cache off,
				      key too long, not GET) */
	unsigned long long generation; /**< current catalogue generation */
	size_t entries, bytes, max_bytes;
	unsigned long long polls;   /**< change counter queries before a
				       cached read */
	unsigned long long notices; /**< notices of another connection's
				       commit (srv_cache_notice()) */
	int notified; /**< 1: the listener is live, reads of the primary
			 store do not query the counters */
} srv_cache_stats;

/** The store topics whose commits empty the cache: what the cached
 * handlers (catalogue, organisations, clusters, coverage, Europass
 * export, static pages) read.  Not credentials, status lists, accounts,
 * the audit log or jobs, whose writes (a roster issues thousands) would
 * otherwise empty the cache again and again. */
#define SRV_CACHE_TOPICS                                                       \
	(MC_STORE_SETTINGS | MC_STORE_CATALOGUE | MC_STORE_ESCO |              \
	 MC_STORE_KEYS | MC_STORE_POLICY)

/** Size the cache to `max_bytes` (0: off) and empty it.  Call before
 * serving; not thread-safe against requests in flight. */
void srv_cache_init(size_t max_bytes);

/** Free every entry and turn the cache off. */
void srv_cache_shutdown(void);

/** A write was committed: every entry is stale from now on. */
void srv_cache_bump(void);

/** A notice that another connection committed a write of
 * SRV_CACHE_TOPICS: srv_cache_bump(), counted in `notices`. */
void srv_cache_notice(void);

/**
 * Whether notices arrive (1) or not (0).  Set 1 only after listening
 * and then calling srv_cache_bump() (a commit before the LISTEN took
 * effect is not notified); set 0 as soon as notices may be missed.
 * While 1, srv_cache_handle() does not query the change counters for
 * requests whose store is the primary (req->replica 0).
 */
void srv_cache_set_notified(int live);

/**
 * Start the listener thread (cache_watch.c) on database `db_location`,
 * opening its store with `master_key_file` (NULL: the environment): it
 * listens to SRV_CACHE_TOPICS, calls srv_cache_notice() on each notice
 * and keeps srv_cache_set_notified() true while it listens; when its
 * connection drops it sets it false, opens the store again (after 0.1 s,
 * doubling up to 5 s) and listens anew.  On a backend without notices
 * (SQLite) it ends at once and the cache keeps asking.  Called once,
 * after srv_cache_init().
 */
void srv_cache_watch_start(const char *db_location,
			   const char *master_key_file);

/** Stop the listener (within about a quarter of a second) and wait for
 * it. */
void srv_cache_watch_stop(void);

/**
 * Answer `req` from the cache when it holds a fresh answer for it;
 * otherwise call fill(req, resp) and keep a copy of the answer when it is
 * a public 200.  Returns what fill returns, or 0 on a hit.
 */
int srv_cache_handle(srv_req *req, srv_resp *resp, srv_handler fill);

/** The counters (a consistent snapshot). */
void srv_cache_stats_get(srv_cache_stats *out);

#endif
