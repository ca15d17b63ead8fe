/*
 * microcred - types of the catalogue: a version's place in its history,
 * history events, what an import did, search options and results, and
 * coverage.  The functions that act on them are in catalogue.h.
 */
#ifndef MICROCRED_TYPES_CATALOGUE_H
#define MICROCRED_TYPES_CATALOGUE_H

#include <stddef.h>

#include "microcredential.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions and history ------------------------------------------------ */

/** One version in a version history. */
typedef struct {
	unsigned version;
	mc_status status;
	char updated_at[21]; /**< UTC, "2026-11-25T10:00:00Z" */
} mc_version_info;

/** One entry of an MC's history: a save, a transition or a comment. */
typedef struct {
	long long n;	  /**< sequence, increasing */
	unsigned version; /**< MC version concerned */
	mc_status from;
	mc_status to; /**< from == to for saves and comments */
	char *actor;  /**< or NULL */
	char *note;   /**< "created", "edited", a review comment, or NULL */
	char *at;     /**< RFC 3339 UTC */
} mc_history_event;

void mc_history_free(mc_history_event *list, size_t count);

/* ---- import -------------------------------------------------------------- */

/** What an import did. */
typedef struct {
	size_t organisations; /**< organisations inserted or changed */
	size_t clusters;
	size_t created;	  /**< MC versions created */
	size_t updated;	  /**< drafts replaced */
	size_t unchanged; /**< records identical to what was stored */
} mc_import_report;

/** Largest file `mc import` reads, in bytes. */
#define MC_IMPORT_FILE_MAX (64u * 1024 * 1024)
/** Most records in one file. */
#define MC_IMPORT_RECORDS_MAX 200000

/* ---- search -------------------------------------------------------------- */

struct mc_principal; /* types/account.h: who reads */

typedef struct {
	unsigned version;    /**< MC_SEARCH_OPTIONS_VERSION */
	const char *query;   /**< see docs/SEARCH.md; NULL or "" for all */
	const char *lang;    /**< reader's language for titles, or NULL */
	const char *country; /**< filters: NULL / 0 for any */
	const char *sector; /**< ISCED-F code; a prefix matches its subfields */
	const char *target_group;
	const char *language; /**< a language the MC has text in */
	const char *cluster;
	const char *organisation; /**< provider or awarding body */
	int eqf_level;
	int status;   /**< an mc_status, or -1 for any */
	size_t limit; /**< at most MC_SEARCH_LIMIT_MAX */
	size_t offset;
	int facets;	 /**< count facets over all matches */
	double ects_min; /**< ECTS credits at least this; 0: no bound */
	double ects_max; /**< ECTS credits at most this; 0: no bound */
	/** Search as a reader sees the catalogue: when set, a version that
	 * is not public (mc_authz_status_public()) matches only when
	 * `reader` (NULL: an anonymous reader) may read it
	 * (mc_authz_can_read_version()), so hits, the total and the facets
	 * count nothing hidden from them.  Unset: every version matches (the
	 * operator's command line).  Every front door serving readers sets
	 * it. */
	int as_reader;
	const struct mc_principal *reader;
} mc_search_options;

#define MC_SEARCH_OPTIONS_VERSION 1
#define MC_SEARCH_OPTIONS_INIT                                                 \
	{                                                                      \
		MC_SEARCH_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, \
		    NULL, NULL, 0, MC_STATUS_PUBLISHED, 20, 0, 0, 0, 0, 0,     \
		    NULL                                                       \
	}
#define MC_SEARCH_LIMIT_MAX 1000
/** Longest query accepted, in bytes. */
#define MC_SEARCH_QUERY_MAX 1024

typedef struct {
	char *id;
	unsigned version;
	mc_status status;
	char *title; /**< in the reader's language when there is one */
	char *title_lang;
	char *provider;
	char *country; /**< first country */
	char *sector;
	int eqf_level;
	double ects;
	double score; /**< relevance, higher is better; 0 without a query */
} mc_search_hit;

typedef struct {
	char *value;
	size_t count;
} mc_facet_value;

/** Facet names: "country", "sector", "eqf_level", "target_group",
 * "language", "cluster", "organisation", "status", "ects".  The "ects"
 * facet counts ranges of ECTS credits: "0-2" (up to 2), "2-5" (more than
 * 2, up to 5) and "5-" (more than 5); MCs without credits are not counted. */
typedef struct {
	const char *name;
	mc_facet_value *values; /**< most frequent first */
	size_t count;
} mc_facet;

typedef struct {
	size_t total; /**< matches before limit/offset */
	mc_search_hit *hits;
	size_t count;
	mc_facet *facets;
	size_t facet_count;
} mc_search_result;

void mc_search_result_free(mc_search_result *result);

/* ---- coverage ------------------------------------------------------------ */

/** The programme's target: published MCs per partner country. */
#define MC_COVERAGE_TARGET 10

typedef struct {
	char *country;
	size_t published;
	int below_target; /**< a partner country with fewer than the target */
} mc_coverage_country;

/** A count of published MCs for one country and one key (an ISCED-F
 * broad field, or a target group). */
typedef struct {
	char *country;
	char *key;
	size_t count;
} mc_coverage_cell;

typedef struct {
	size_t target;
	mc_coverage_country
	    *countries; /**< partner countries first, then others */
	size_t country_count;
	mc_coverage_cell *sectors; /**< country x ISCED-F broad field */
	size_t sector_count;
	mc_coverage_cell *groups; /**< country x target group */
	size_t group_count;
	mc_coverage_cell *eqf; /**< country x EQF level ("1".."8") */
	size_t eqf_count;
} mc_coverage;

void mc_coverage_free(mc_coverage *cov);

#ifdef __cplusplus
}
#endif

#endif
