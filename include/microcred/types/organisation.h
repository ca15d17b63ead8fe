/*
 * microcred - organisations and clusters.
 *
 * Organisations design, review, award and endorse micro-credentials.
 * Clusters group organisations and MCs by region or theme.  Both have a
 * JSON form (docs/FORMATS.md) read by `org import` / `cluster import` and
 * the demo loader, written by the matching exports.
 */
#ifndef MICROCRED_TYPES_ORGANISATION_H
#define MICROCRED_TYPES_ORGANISATION_H

#include <stddef.h>

#include "errors.h"
#include "langmap.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	MC_ORG_VET_PROVIDER = 0,
	MC_ORG_AGENCY, /**< national qualifications / skills agency */
	MC_ORG_ACCREDITATION_BODY,
	MC_ORG_COMPANY,
	MC_ORG_ASSOCIATION, /**< sector association, chamber */
	MC_ORG_OTHER
} mc_org_type;

/** An organisation.  All strings owned; free with mc_org_free(). */
typedef struct mc_org {
	char *id;	  /**< slug, [a-z0-9-] */
	mc_langmap name;  /**< at least one name */
	char *short_name; /**< acronym ("BIBB"), optional */
	char *country;	  /**< ISO 3166-1 alpha-2 */
	char *region;	  /**< optional */
	mc_org_type type;
	char *legal_identifier; /**< national register / VAT id, optional */
	char *website;		/**< http(s) URL, optional */
} mc_org;

typedef enum { MC_CLUSTER_REGIONAL = 0, MC_CLUSTER_THEMATIC } mc_cluster_kind;

/** A cluster of organisations and MCs.  Free with mc_cluster_free(). */
typedef struct {
	char *id;
	mc_cluster_kind kind;
	mc_langmap name;
	mc_langmap description;
	mc_strlist organisations; /**< organisation ids */
	mc_strlist mcs;		  /**< MC ids (all versions belong) */
} mc_cluster;

int mc_org_new(mc_org **out);
void mc_org_free(mc_org *org);
void mc_org_list_free(mc_org **list, size_t count);
int mc_org_dup(mc_org **out, const mc_org *src);

/**
 * Parse and check one organisation from a JSON object; problems are
 * appended to `problems` with `where` as source.  Returns 0, MC_EINVALID
 * (with *out NULL) or MC_ENOMEM.
 */
int mc_org_from_json(mc_org **out, const char *json, size_t len,
		     const char *where, mc_problems *problems);

/* jansson's JSON value (<jansson.h>), for callers holding a parsed one. */
struct json_t;

/**
 * As mc_org_from_json(), from a JSON value already parsed (an object; it
 * is read, never changed), so that a caller who read it as part of a
 * larger document parses it once.  Same problems and return codes.
 */
int mc_org_from_jansson(mc_org **out, const struct json_t *obj,
			const char *where, mc_problems *problems);
/** Deterministic JSON, caller frees.  Returns 0 or MC_ENOMEM. */
int mc_org_to_json(char **out, const mc_org *org);

const char *mc_org_type_name(mc_org_type t);
int mc_org_type_parse(mc_org_type *out, const char *name);

/** A list of organisations as one JSON array of their JSON forms (what
 * the command line and the server print).  Caller frees. */
int mc_org_list_to_json(char **out, mc_org *const *list, size_t count);

int mc_cluster_new(mc_cluster **out);
void mc_cluster_free(mc_cluster *c);
void mc_cluster_list_free(mc_cluster **list, size_t count);
int mc_cluster_dup(mc_cluster **out, const mc_cluster *src);
int mc_cluster_from_json(mc_cluster **out, const char *json, size_t len,
			 const char *where, mc_problems *problems);
/** As mc_cluster_from_json(), from a JSON value already parsed (see
 * mc_org_from_jansson()). */
int mc_cluster_from_jansson(mc_cluster **out, const struct json_t *obj,
			    const char *where, mc_problems *problems);
int mc_cluster_to_json(char **out, const mc_cluster *c);

/** A list of clusters as one JSON array.  Caller frees. */
int mc_cluster_list_to_json(char **out, mc_cluster *const *list, size_t count);

const char *mc_cluster_kind_name(mc_cluster_kind k);
int mc_cluster_kind_parse(mc_cluster_kind *out, const char *name);

/** Non-zero if `id` is a valid slug: 1..MC_ID_MAX of [a-z0-9-], starting
 * with a letter or digit. */
int mc_id_valid(const char *id);

#ifdef __cplusplus
}
#endif

#endif
