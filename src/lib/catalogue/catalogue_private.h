/*
 * Pieces of the catalogue layer shared between its files (catalogue.c,
 * adapt.c, import.c, search.c).
 */
#ifndef MC_CATALOGUE_PRIVATE_H
#define MC_CATALOGUE_PRIVATE_H

#include <jansson.h>

#include "microcred/catalogue.h"

/** Append a problem for each organisation `mc` names that the store does
 * not know, and, for a draft or a new record (version 0), for a QA body
 * not recognised for the provider's country (mc_qa_body_check()).
 * Returns 0 or an MC_E* code for a store failure. */
int mc__check_references(mc_store *store, const mc_microcred *mc,
			 const char *where, mc_problems *p);

/** Non-zero if both values are non-NULL and equal; takes both
 * references (either may be NULL after a failed allocation). */
int mc__json_same(json_t *a, json_t *b);

/** Non-zero if both records serialise to the same JSON. */
int mc__mc_equal(const mc_microcred *a, const mc_microcred *b);

/**
 * Store an already checked record as a draft, inside the caller's
 * transaction, following mc_catalogue_save()'s version rules.  Sets
 * mc->version and mc->status; *created tells whether a new version was
 * made.  MC_ESTATE (also added to `p`) when the latest version is in
 * review or approved.
 */
int mc__save_draft(mc_store *store, mc_microcred *mc, const char *where,
		   mc_problems *p, int *created);

/** Retire every published version of `id` except `keep`, recording it in
 * the history as done by `actor`. */
int mc__retire_others(mc_store *store, const char *id, unsigned keep,
		      const char *actor);

/** Check a cluster's members exist, then store it. */
int mc__cluster_put_checked(mc_store *store, const mc_cluster *cluster,
			    const char *where, mc_problems *p);

#endif
