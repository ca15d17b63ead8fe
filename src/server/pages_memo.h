/*
 * What the public pages read from the store and would otherwise read and
 * parse again on every request: one memo per worker thread (no locks),
 * freed when the thread ends.
 *
 * - MC records by document text: srv__memo_mc() reads the MC's JSON the
 *   way the JSON API does (mc_catalogue_get_json(), one statement, no
 *   parse) and parses it only when that text is not already held.  Keyed
 *   by the whole text, so it can never be stale.
 * - Organisations and clusters by id, for names on the pages: valid while
 *   the catalogue stays unchanged, which srv__memo_begin() checks once per
 *   request (the generation the dispatcher moves on after every write of
 *   this server, and the store's data version, which moves when another
 *   connection commits: another thread, the CLI, another process).
 */
#ifndef SRV_PAGES_MEMO_H
#define SRV_PAGES_MEMO_H

#include <stddef.h>

#include "http.h"

/**
 * Start a page's lookups: drop the memoised organisations and clusters
 * when the catalogue changed since they were read, or when `req` comes
 * with another store.  Call once at the start of a page handler, before
 * srv__memo_org() / srv__memo_cluster().
 */
void srv__memo_begin(srv_req *req);

/**
 * MC `id`, version `version` (0: the latest published one, what
 * BASE/mc/ID resolves to), as mc_catalogue_get() / mc_catalogue_resolve()
 * would give it.  *out belongs to the memo (or to the request): valid
 * until this thread's next srv__memo_mc(), never to be freed.  Returns 0,
 * MC_ENOTFOUND (also for an id that is not one), MC_EDB or MC_ENOMEM,
 * with a message in `why`.
 */
int srv__memo_mc(srv_req *req, const mc_microcred **out, char *why,
		 size_t whylen, const char *id, unsigned version);

/** Organisation `id`, or NULL when there is none (or it cannot be read).
 * Owned by the memo, valid until the next srv__memo_begin(). */
const mc_org *srv__memo_org(srv_req *req, const char *id);

/** Cluster `id`, as srv__memo_org(). */
const mc_cluster *srv__memo_cluster(srv_req *req, const char *id);

#endif
