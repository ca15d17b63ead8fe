/*
 * The store interface inside the library: the table of operations a backend
 * fills (as lwan's struct db and curl's vtls do), and the handle every
 * backend embeds.  Callers above this layer use only these operations, so a
 * PostgreSQL backend can join by filling the same table.
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

#include "microcred/catalogue.h"
#include "microcred/esco.h"
#include "microcred/store.h"
#include "util.h"

struct mc__query; /* search_query.h */

struct mc__store_ops {
	const char *name;
	void (*close)(mc_store *s);

	int (*begin)(mc_store *s);
	int (*commit)(mc_store *s);
	int (*rollback)(mc_store *s);

	/* Key/value settings ("base_url"); MC_ENOTFOUND when unset. */
	int (*meta_get)(mc_store *s, char **out, const char *key);
	int (*meta_set)(mc_store *s, const char *key, const char *value);

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

	int (*search)(mc_store *s, mc_search_result **out,
		      const mc_search_options *opts,
		      const struct mc__query *query);
	int (*coverage)(mc_store *s, mc_coverage **out);

	int (*esco_put)(mc_store *s, const mc_esco_concept *c);
	int (*esco_get)(mc_store *s, mc_esco_concept **out, const char *uri);
	int (*esco_lookup)(mc_store *s, mc_esco_concept ***out, size_t *count,
			   const struct mc__query *query, size_t limit);
};

/* Every backend's handle starts with this. */
struct mc_store {
	const struct mc__store_ops *ops;
	char *base_url;
	int schema_version;
	char errmsg[1024];
};

/** Set the handle's message (printf format) and return `code`. */
int mc__store_error(mc_store *s, int code, const char *fmt, ...)
    MC__PRINTF(3, 4);

/** Clear the message. */
void mc__store_clear_error(mc_store *s);

/* The SQLite backend (store_sqlite.c). */
int mc__store_sqlite_open(mc_store **out, const char *path,
			  const mc_store_options *opts, char **errmsg);

#endif
