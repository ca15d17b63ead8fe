/*
 * The response cache for public catalogue reads: in memory, bounded in
 * bytes, shared by the worker threads.
 *
 * A handler opts in by answering through srv_cache_handle(): the API's
 * search, MC, organisation, cluster and coverage reads do, and a page
 * handler can in the same way.  Entries are keyed by the route's path,
 * its query arguments and the request headers an answer may depend on
 * (Accept, Accept-Language, Cookie), and hold the body, content type and
 * ETag of a 200 answer.
 *
 * Freshness: every entry belongs to a catalogue generation.  The
 * generation moves on
 * - after every successful write request of this server (the dispatcher
 *   calls srv_cache_bump(), see http.c), and
 * - when the change counter of the topics an anonymous answer can show
 *   moves (a commit by the CLI, another process, another node:
 *   mc_store_changes()), checked before every cached read,
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
} srv_cache_stats;

/** Size the cache to `max_bytes` (0: off) and empty it.  Call before
 * serving; not thread-safe against requests in flight. */
void srv_cache_init(size_t max_bytes);

/** Free every entry and turn the cache off. */
void srv_cache_shutdown(void);

/** A write was committed: every entry is stale from now on. */
void srv_cache_bump(void);

/**
 * Answer `req` from the cache when it holds a fresh answer for it;
 * otherwise call fill(req, resp) and keep a copy of the answer when it is
 * a public 200.  Returns what fill returns, or 0 on a hit.
 */
int srv_cache_handle(srv_req *req, srv_resp *resp, srv_handler fill);

/** The counters (a consistent snapshot). */
void srv_cache_stats_get(srv_cache_stats *out);

#endif
