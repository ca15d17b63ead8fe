/*
 * The store interface inside the library: the tables of operations a
 * backend fills, one small table per topic (as libgit2's odb, refdb and
 * config backends are separate), and the handle every backend embeds.
 * Callers above this layer use only these operations, so a PostgreSQL
 * backend can join by filling the same tables.
 *
 * Contracts for every operation:
 * - returns 0 or a negative MC_E* code, and on failure sets the handle's
 *   message with mc__store_error();
 * - what comes back through `out` belongs to the caller;
 * - writes happen inside the caller's transaction when one is open
 *   (begin/commit/rollback nest: only the outermost pair acts).
 */
#ifndef MC_STORE_PRIVATE_H
#define MC_STORE_PRIVATE_H

#include <stdint.h>

#include "microcred/store.h"
#include "microcred/types.h"
#include "model/records.h"
#include "util/util.h"

struct mc__query; /* search_query.h */

/*
 * The operations come in small tables, one per topic, each filled by the
 * backend file that owns the topic's tables (store_sqlite_<topic>.c).  The
 * handle points at one table per topic: s->catalogue->mc_get(s, ...).
 * Every table is filled completely; no operation is NULL but those
 * whose comment says what NULL means (core listen and wait_changes).
 */

/* The backend itself: its name, closing, transactions and settings
 * (store_sqlite.c). */
struct mc__store_core_ops {
	const char *name;
	void (*close)(mc_store *s);

	int (*begin)(mc_store *s);
	int (*commit)(mc_store *s);
	int (*rollback)(mc_store *s);

	/* Key/value settings ("base_url"); MC_ENOTFOUND when unset. */
	int (*meta_get)(mc_store *s, char **out, const char *key);
	int (*meta_set)(mc_store *s, const char *key, const char *value);

	/* The change counter of `topics` (MC_STORE_* bits of
	 * microcred/store.h, at least one, none unknown; several: the sum of
	 * their counters): each moves on every committed write to its
	 * topic's tables, this handle's own included, and is kept in the
	 * database in the writer's transaction.  See mc_store_changes(). */
	int (*changes)(mc_store *s, unsigned topics, uint64_t *out);

	/* Notices of other connections' commits (mc_store_listen(),
	 * mc_store_wait_changes()): listen to `topics` (0: stop), then wait
	 * up to timeout_ms (-1: for ever) for a commit that wrote one of
	 * them, *out getting their bits; MC_ENOTFOUND when the time runs
	 * out, MC_ERETRY when the connection was lost.  NULL in a backend
	 * that cannot be told (SQLite): the dispatcher answers
	 * MC_ENOTSUP. */
	int (*listen)(mc_store *s, unsigned topics);
	int (*wait_changes)(mc_store *s, unsigned *out, int timeout_ms);

	/* Where the database stands in its write-ahead log, for reading
	 * from a hot standby: see mc_store_position_get().  MC_ENOTSUP for
	 * a backend without one (SQLite). */
	int (*position)(mc_store *s, mc_store_position *out);
};

/* Organisations, clusters, MC versions, their lifecycle events and history
 * (store_sqlite_catalogue.c). */
struct mc__store_catalogue_ops {
	int (*org_put)(mc_store *s, const mc_org *org);
	int (*org_get)(mc_store *s, mc_org **out, const char *id);
	int (*org_list)(mc_store *s, mc_org ***out, size_t *count,
			const char *country);

	/* cluster_put replaces the cluster and its member lists. */
	int (*cluster_put)(mc_store *s, const mc_cluster *c);
	int (*cluster_get)(mc_store *s, mc_cluster **out, const char *id);
	int (*cluster_list)(mc_store *s, mc_cluster ***out, size_t *count);
	int (*cluster_add)(mc_store *s, const char *cluster, const char *org,
			   const char *mc);

	/* Insert or replace the row (mc->id, mc->version) with mc->status,
	 * and keep the search index in step.  mc->version must be >= 1. */
	int (*mc_put)(mc_store *s, const mc_microcred *mc);
	/* Version `version`, or the latest when 0; MC_ENOTFOUND. */
	int (*mc_get)(mc_store *s, mc_microcred **out, const char *id,
		      unsigned version);
	/* The highest published version; MC_ENOTFOUND if none. */
	int (*mc_get_published)(mc_store *s, mc_microcred **out,
				const char *id);
	int (*mc_versions)(mc_store *s, mc_version_info **out, size_t *count,
			   const char *id);
	int (*mc_set_status)(mc_store *s, const char *id, unsigned version,
			     mc_status status);
	/* Every MC id, sorted. */
	int (*mc_ids)(mc_store *s, mc_strlist *out);
	/* Append to the lifecycle history. */
	int (*mc_event_add)(mc_store *s, const char *id, unsigned version,
			    mc_status from, mc_status to, const char *actor,
			    const char *note);
	/* Events of MC `id` (version 0: all), oldest first. */
	int (*mc_history)(mc_store *s, mc_history_event **out, size_t *count,
			  const char *id, unsigned version);

	/* A fast catalogue read: the stored JSON text of MC `id` (as mc_put
	 * wrote it, *len bytes, NUL-terminated, caller frees) with the row's
	 * authoritative *version and *status: version `version`, the latest
	 * when 0, or the highest published one when `published`.
	 * MC_ENOTFOUND. */
	int (*mc_doc_get)(mc_store *s, char **doc, size_t *len,
			  unsigned *version, mc_status *status, const char *id,
			  unsigned want, int published);
};

/* Catalogue search and coverage (store_sqlite_search.c). */
struct mc__store_search_ops {
	int (*find)(mc_store *s, mc_search_result **out,
		    const mc_search_options *opts,
		    const struct mc__query *query);
	int (*coverage)(mc_store *s, mc_coverage **out);
};

/* ESCO concepts, by URI and by words (store_sqlite_esco.c). */
struct mc__store_esco_ops {
	int (*put)(mc_store *s, const mc_esco_concept *c);
	int (*get)(mc_store *s, mc_esco_concept **out, const char *uri);
	int (*lookup)(mc_store *s, mc_esco_concept ***out, size_t *count,
		      const struct mc__query *query, size_t limit);
};

/* Users, memberships, sessions and API tokens (schema v3;
 * store_sqlite_account.c). */
struct mc__store_account_ops {
	/* Insert a user with its password hash.  MC_EEXISTS: email taken. */
	int (*user_put)(mc_store *s, const mc_user *u, const char *pwhash);
	/* By id or email, memberships filled; *pwhash (may be NULL) gets the
	 * stored hash.  MC_ENOTFOUND. */
	int (*user_get)(mc_store *s, mc_user **out, char **pwhash,
			const char *id_or_email);
	/* Users by email, memberships filled: all (org_id NULL) or those
	 * with a role in org_id. */
	int (*user_list)(mc_store *s, mc_user ***out, size_t *count,
			 const char *org_id);
	/* Enabled platform admins. */
	int (*admin_count)(mc_store *s, long long *count);
	/* Change the hash (NULL: keep) and/or disabled (-1: keep).
	 * MC_ENOTFOUND. */
	int (*user_update)(mc_store *s, const char *id, const char *pwhash,
			   int disabled);
	/* Change the display name (checked by the caller).  MC_ENOTFOUND. */
	int (*user_set_name)(mc_store *s, const char *id, const char *name);
	/* Set roles (0 deletes the membership). */
	int (*member_set)(mc_store *s, const char *user_id, const char *org_id,
			  unsigned roles);

	int (*session_put)(mc_store *s, const struct mc__session_row *r);
	/* MC_ENOTFOUND. */
	int (*session_get)(mc_store *s, struct mc__session_row *out,
			   const char *id);
	int (*session_touch)(mc_store *s, const char *id, const char *at);
	/* Delete one session (id) or every session of a user (user_id);
	 * *deleted (may be NULL) gets how many. */
	int (*session_delete)(mc_store *s, const char *id, const char *user_id,
			      size_t *deleted);

	/* API tokens: `hash` is the hex SHA-256 of the secret. */
	int (*token_put)(mc_store *s, const mc_token_info *t, const char *hash);
	/* By hash.  MC_ENOTFOUND. */
	int (*token_find)(mc_store *s, mc_token_info **out, const char *hash);
	int (*token_list)(mc_store *s, mc_token_info ***out, size_t *count,
			  const char *user_id);
	/* Set revoked_at once.  MC_ENOTFOUND (also when revoked already). */
	int (*token_revoke)(mc_store *s, const char *user_id, const char *id,
			    const char *at);
	int (*token_touch)(mc_store *s, const char *id, const char *at);
};

/* Issuer keys (schema v2) and X.509 seals and test CAs (schema v4), each
 * stored with its private part sealed under the master key; the backend
 * never sees a private key in clear (store_sqlite_keys.c). */
struct mc__store_keys_ops {
	/* Store a new key with its sealed (encrypted) private part. */
	int (*key_put)(mc_store *s, const mc_key_info *k,
		       const unsigned char *sealed, size_t sealed_len);
	/* One key; `sealed` (may be NULL) gets a malloc'd copy of the sealed
	 * private part.  MC_ENOTFOUND. */
	int (*key_get)(mc_store *s, mc_key_info **out, unsigned char **sealed,
		       size_t *sealed_len, const char *id);
	/* Keys of an organisation (NULL: all), oldest first. */
	int (*key_list)(mc_store *s, mc_key_info ***out, size_t *count,
			const char *org_id);
	int (*key_retire)(mc_store *s, const char *id, const char *at);

	/* Store a seal or CA with its sealed PKCS#8 private key (sealed
	 * under the master key, its id as associated data).  MC_EEXISTS. */
	int (*seal_put)(mc_store *s, const mc_seal_info *info,
			const unsigned char *sealed, size_t sealed_len);
	/* One seal; `sealed` (may be NULL) gets a malloc'd copy of the
	 * sealed key.  MC_ENOTFOUND. */
	int (*seal_get)(mc_store *s, mc_seal_info **out, unsigned char **sealed,
			size_t *sealed_len, const char *id);
	/* Seals and CAs of an organisation (NULL: all), oldest first. */
	int (*seal_list)(mc_store *s, mc_seal_info ***out, size_t *count,
			 const char *org_id);
	/* Set retired_at once.  MC_ENOTFOUND. */
	int (*seal_retire)(mc_store *s, const char *id, const char *at);
};

/* Issued credentials and their status lists (schema v2;
 * store_sqlite_cred.c). */
struct mc__store_cred_ops {
	/* Store an issued credential, its learner key (for idempotency:
	 * UNIQUE(mc_id, mc_version, learner_key, format) -> MC_EEXISTS) and
	 * its status entries. */
	int (*cred_put)(mc_store *s, const mc_credential *c,
			const char *learner_key,
			const struct mc__status_ref *refs, size_t nrefs);
	/* By full id (URL).  MC_ENOTFOUND. */
	int (*cred_get)(mc_store *s, mc_credential **out, const char *id);
	/* The credential already issued to a learner, or MC_ENOTFOUND. */
	int (*cred_find)(mc_store *s, mc_credential **out, const char *mc_id,
			 unsigned mc_version, const char *learner_key,
			 mc_credential_format format);
	/* Ids of every credential of an MC (all versions). */
	int (*cred_ids_of_mc)(mc_store *s, mc_strlist *out, const char *mc_id);
	/* The ids of the other credentials of the same MC version issued to
	 * the same learner (other formats), oldest first. */
	int (*cred_siblings)(mc_store *s, mc_credential_ref **out,
			     size_t *count, const char *id);
	/* A credential's status entries; free each list_url and *out. */
	int (*cred_status_refs)(mc_store *s, struct mc__status_ref **out,
				size_t *count, const char *cred_id);
	/* Summaries newest first (learner_name NULL) and, in *data, each
	 * credential's stored text (free each and the array). */
	int (*cred_list)(mc_store *s, mc_credential_summary **out, char ***data,
			 size_t *count, size_t *total, const char *org_id,
			 const char *mc_id, size_t offset, size_t limit);

	/* Allocate an index never handed out before for (org, ref->purpose,
	 * set by the caller) inside the caller's transaction, in the newest
	 * list with room (a new list of MC_STATUS_LIST_SIZE bits is created
	 * when it is full), spread at random over the list.  SQLite starts
	 * at `random` % size and probes forward, and a rolled-back index is
	 * free again; PostgreSQL takes the list's counter through a keyed
	 * permutation (`random` keys a list it makes), without waiting for
	 * other transactions, and a rolled-back index is never used.  Fills
	 * ref->list_url (caller frees) and ref->index. */
	int (*status_alloc)(mc_store *s, struct mc__status_ref *ref,
			    const char *org_id, uint32_t random);
	/* Set or clear one bit; clears the list's cached signed credential. */
	int (*status_set)(mc_store *s, const char *list_url, size_t index,
			  int bit);
	/* Set bit index[i] of list `list_url` to bit[i] (0 or 1) for i < n,
	 * all or none, with one write of the list: what a revocation of many
	 * credentials does (PostgreSQL rewrites a list's row once, not once
	 * a bit).  MC_ENOTFOUND for an unknown list, MC_EINVALID for an
	 * index past its size, naming it. */
	int (*status_set_many)(mc_store *s, const char *list_url,
			       const size_t *index, const unsigned char *bit,
			       size_t n);
	/* Read one bit.  MC_ENOTFOUND for an unknown list, MC_EINVALID for an
	 * index past its size. */
	int (*status_get)(mc_store *s, int *bit, const char *list_url,
			  size_t index);
	int (*status_list_get)(mc_store *s, struct mc__status_list **out,
			       const char *url);
	int (*status_list_put_signed)(mc_store *s, const char *url,
				      const char *signed_json);
	int (*status_list_infos)(mc_store *s, mc_status_list_info **out,
				 size_t *count);
};

/* The append-only audit log (schema v2, v3, v6; store_sqlite_audit.c). */
struct mc__store_audit_ops {
	/* Append an entry; org_id may be NULL.  The entry records the
	 * handle's audit_client. */
	int (*add)(mc_store *s, const char *actor, const char *action,
		   const char *subject, const char *org_id, const char *reason);
	/* The newest entry of `action` about `subject`: *at (RFC 3339)
	 * and *reason, which the caller frees (*reason may be NULL).
	 * MC_ENOTFOUND when there is none. */
	int (*last)(mc_store *s, char **at, char **reason, const char *subject,
		    const char *action);
	/* Newest first (see mc_audit_list). */
	int (*list)(mc_store *s, mc_audit_entry **out, size_t *count,
		    const char *org_id, long long before, size_t limit);
};

/* Who reviews and who awards: QA-body recognitions and awarding bodies'
 * consents (schema v5; store_sqlite_policy.c). */
struct mc__store_policy_ops {
	/* Insert a registration.  MC_EEXISTS when it is there already. */
	int (*recognition_put)(mc_store *s, const mc_recognition *r);
	/* Delete one.  MC_ENOTFOUND when there is none. */
	int (*recognition_delete)(mc_store *s, const char *org_id,
				  const char *country,
				  mc_recognition_kind kind);
	/* Of org_id and/or country (NULL: any), by country, kind, org. */
	int (*recognition_list)(mc_store *s, mc_recognition **out,
				size_t *count, const char *org_id,
				const char *country);
	/* Insert a pending request unless one (in any state) exists. */
	int (*consent_request)(mc_store *s, const char *mc_id,
			       const char *org_id, const char *actor,
			       const char *at);
	/* Set the state (inserting the row if needed), decided_by/at. */
	int (*consent_decide)(mc_store *s, const char *mc_id,
			      const char *org_id, mc_consent_state state,
			      const char *actor, const char *at);
	/* Of org_id and/or mc_id (NULL: any), pending first, then by MC
	 * and organisation. */
	int (*consent_list)(mc_store *s, mc_consent **out, size_t *count,
			    const char *org_id, const char *mc_id);
};

/* Background jobs: durable, claimed by one node at a time, taken over
 * when a node stops renewing its lease (schema v8; store_sqlite_jobs.c).
 * Lease times come from this process's clock (mc__now()): the nodes of a
 * platform keep their clocks in step well within a lease.  A claim is
 * one transaction of its own (nested when the caller has one open); each
 * other operation is one statement. */
struct mc__store_jobs_ops {
	/* Insert a queued job from job->id, kind, org_id, subject, payload,
	 * input/input_len, created_by and client (the other fields are
	 * ignored); created_at is now.  MC_EEXISTS: the id is taken. */
	int (*enqueue)(mc_store *s, const mc_job *job);
	/* In one atomic step, claim for `node` the oldest job of `kinds`
	 * (comma-separated, NULL: any) that is queued or running with its
	 * lease run out (a takeover): running, node, lease_until = now +
	 * lease seconds, claims + 1.  Two nodes never claim the same job,
	 * and neither waits for the other's claim.  *out gets the job with
	 * its input.  MC_ENOTFOUND (message left as it was) when no job is
	 * waiting. */
	int (*claim)(mc_store *s, mc_job **out, const char *node,
		     unsigned lease, const char *kinds);
	/* Renew the lease of job `id`, running under `node`'s claim, to now
	 * + lease seconds, and record its progress (done of total) and
	 * result (NULL: keep).  MC_ESTATE when the job is no longer
	 * node's (taken over, released or finished); MC_ENOTFOUND. */
	int (*heartbeat)(mc_store *s, const char *id, const char *node,
			 unsigned lease, size_t done, size_t total,
			 const char *result);
	/* End job `id`, running under `node`'s claim, in `state` (done,
	 * partial or failed: else MC_EUSAGE), with its progress and result
	 * (NULL: keep); finished_at is now, the lease is cleared.
	 * MC_ESTATE when it is no longer node's; MC_ENOTFOUND. */
	int (*finish)(mc_store *s, const char *id, const char *node,
		      mc_job_state state, size_t done, size_t total,
		      const char *result);
	/* Put job `id`, running under `node`'s claim, back in the queue at
	 * once, its progress kept (a node that stops).  MC_ESTATE,
	 * MC_ENOTFOUND. */
	int (*release)(mc_store *s, const char *id, const char *node);
	/* One job, without its input.  MC_ENOTFOUND. */
	int (*get)(mc_store *s, mc_job **out, const char *id);
	/* Jobs of organisation org_id (NULL: all), newest first, at most
	 * `limit`, without their input. */
	int (*list)(mc_store *s, mc_job ***out, size_t *count,
		    const char *org_id, size_t limit);
};

/* Rate limits: token buckets per (class, key), in the database so that
 * every node of a platform takes from the same bucket (schema v10;
 * store_sqlite_limits.c).  The table is the backend's bookkeeping, not a
 * topic: a take moves no change counter and db copy leaves the buckets
 * behind.  Times come from the database's clock (PostgreSQL's; SQLite's
 * is this machine's), so nodes whose own clocks differ still agree. */
struct mc__store_limits_ops {
	/* Take one unit from bucket (cls, key[0..keylen)): a bucket holds
	 * `capacity` units at most and gains per_minute units a minute; one
	 * never taken from (or pruned) is full.  *wait gets 0 when the unit
	 * was taken, else the whole seconds (at least 1, rounded up) until
	 * one is there, and nothing is taken.  Atomic against every other
	 * take of any node: one statement on PostgreSQL, one short write
	 * transaction on SQLite.  Each take also deletes up to
	 * MC__LIMITS_PRUNE other buckets that are full again (the same as
	 * no row); as a take adds at most one row, the table never holds
	 * more rows than the most buckets ever live at once (taken from in
	 * the last capacity / per_minute minutes): under an attack from R
	 * addresses a minute, about R rows per class.
	 * MC_EUSAGE: cls empty or longer than 16 bytes, keylen 0 or over 16,
	 * capacity or per_minute 0. */
	int (*take)(mc_store *s, unsigned *wait, const char *cls,
		    const unsigned char *key, size_t keylen, unsigned capacity,
		    unsigned per_minute);
};

/* Buckets full again that one take deletes at most. */
#define MC__LIMITS_PRUNE 2

/** For the backends' take (store_limits.c): 0 when the arguments are
 * as the contract asks, else MC_EUSAGE with the handle's message naming
 * the one that is not; and the whole seconds (rounded up, at least 1) to
 * wait when a unit comes `late` seconds from now. */
int mc__limits_check(mc_store *s, const char *cls, size_t keylen,
		     unsigned capacity, unsigned per_minute);
unsigned mc__limits_wait(double late);

/* Whole tables row by row, for moving a platform from one store to
 * another (store_rows.h: store_sqlite_rows.c, store_pg_rows.c). */
struct mc__store_rows_ops;

/* Every backend's handle starts with this: one table per topic. */
struct mc_store {
	const struct mc__store_core_ops *core;
	const struct mc__store_catalogue_ops *catalogue;
	const struct mc__store_search_ops *search;
	const struct mc__store_esco_ops *esco;
	const struct mc__store_account_ops *account;
	const struct mc__store_keys_ops *keys;
	const struct mc__store_cred_ops *cred;
	const struct mc__store_audit_ops *audit;
	const struct mc__store_policy_ops *policy;
	const struct mc__store_jobs_ops *jobs;
	const struct mc__store_limits_ops *limits;
	const struct mc__store_rows_ops *rows;
	char *base_url;
	char *location;	       /**< what mc_store_open() was given (the file) */
	char *master_key_file; /**< mc_store_options.master_key_file or NULL */
	int schema_version;
	char errmsg[1024];
	/* The client address audit entries record ("" none; see
	 * mc_audit_set_client). */
	char audit_client[46];
};

/** Set the handle's message (printf format) and return `code`. */
int mc__store_error(mc_store *s, int code, const char *fmt, ...)
    MC__PRINTF(3, 4);

/** Clear the message. */
void mc__store_clear_error(mc_store *s);

/** When `error` is MC_EINVALID and problems were found, put the first one
 * (and how many more there are) in the store's message.  Returns `error`. */
int mc__store_problems_error(mc_store *store, int error, const mc_problems *p);

/* The SQLite backend (store_sqlite.c). */
int mc__store_sqlite_open(mc_store **out, const char *path,
			  const mc_store_options *opts, char **errmsg);

/* The PostgreSQL backend (store_pg.c): `url` is a libpq connection URL,
 * postgresql://... or postgres://... */
int mc__store_pg_open(mc_store **out, const char *url,
		      const mc_store_options *opts, char **errmsg);

#endif
