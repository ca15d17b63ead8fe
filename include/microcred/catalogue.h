/*
 * microcred - the catalogue ("skills bank"): organisations, clusters and
 * micro-credentials in a store, their lifecycle, versions, adaptation,
 * import and export, search and coverage.
 *
 * Every function takes the store first and leaves a message on it when it
 * fails (mc_store_errmsg()).  Writes are atomic: a failed call leaves the
 * store as it was.
 *
 * The records (mc_version_info, mc_history_event, mc_search_options,
 * mc_search_result, mc_coverage ...) are in types/catalogue.h.
 */
#ifndef MICROCRED_CATALOGUE_H
#define MICROCRED_CATALOGUE_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- organisations and clusters ---------------------------------------- */

/** Insert or replace an organisation after checking it.  Problems go to
 * `problems` (may be NULL).  Returns 0, MC_EINVALID, MC_EDB. */
int mc_org_put(mc_store *store, const mc_org *org, mc_problems *problems);

/** As mc_org_put, for a new id only: MC_EEXISTS ("id: an organisation with
 * the id 'ID' exists") when one has it, the stored record unchanged.  The
 * check and the insert are one transaction. */
int mc_org_create(mc_store *store, const mc_org *org, mc_problems *problems);

/** Look up one organisation.  MC_ENOTFOUND if there is none. */
int mc_org_get(mc_store *store, mc_org **out, const char *id);

/** All organisations, by id, optionally of one country (NULL for all).
 * Free with mc_org_list_free(). */
int mc_org_list(mc_store *store, mc_org ***out, size_t *count,
		const char *country);

/** Insert or replace a cluster; every member must exist.  Returns 0,
 * MC_EINVALID (unknown member, named in problems), MC_EDB. */
int mc_cluster_put(mc_store *store, const mc_cluster *cluster,
		   mc_problems *problems);
/** As mc_cluster_put, for a new id only (MC_EEXISTS, as mc_org_create). */
int mc_cluster_create(mc_store *store, const mc_cluster *cluster,
		      mc_problems *problems);
int mc_cluster_get(mc_store *store, mc_cluster **out, const char *id);
int mc_cluster_list(mc_store *store, mc_cluster ***out, size_t *count);

/** Add an organisation and/or an MC (either may be NULL) to a cluster. */
int mc_cluster_add(mc_store *store, const char *cluster_id, const char *org_id,
		   const char *mc_id);

/* ---- micro-credentials -------------------------------------------------- */

/**
 * Save `mc` as a draft after checking it (Annex I, and that its provider,
 * awarding bodies and QA body are known organisations).
 *
 * - a new id becomes version 1;
 * - when the latest version is a draft, it is replaced;
 * - when the latest version is published or retired, a new version
 *   (latest + 1) is created: published versions never change;
 * - when the latest version is in review or approved: MC_ESTATE.
 *
 * On success mc->version and mc->status hold what was stored.  Returns 0,
 * MC_EINVALID (problems list filled), MC_ESTATE, MC_EDB.
 */
int mc_catalogue_save(mc_store *store, mc_microcred *mc, mc_problems *problems);

/**
 * Load version `version` of MC `id`, or the latest version when `version`
 * is 0.  MC_ENOTFOUND if there is none.
 */
int mc_catalogue_get(mc_store *store, mc_microcred **out, const char *id,
		     unsigned version);

/**
 * Load the MC a URI names: BASE/mc/ID/vN (that version) or BASE/mc/ID (the
 * latest published version).  MC_EINVALID if the URI is not under this
 * store's base URL, MC_ENOTFOUND if nothing is there.
 */
int mc_catalogue_resolve(mc_store *store, mc_microcred **out, const char *uri);

/**
 * The JSON of MC `id` as mc_microcred_to_json() writes it: version
 * `version`, the latest when 0, or the latest published one when
 * `published` is set (what BASE/mc/ID resolves to).  Served from the
 * stored document with the current status put in, without parsing it,
 * when the document has the layout the library writes; parsed and
 * re-serialised otherwise.  *out (NUL-terminated, *len bytes; len may be
 * NULL) belongs to the caller.  MC_ENOTFOUND, MC_EDB, MC_ENOMEM.
 */
int mc_catalogue_get_json(mc_store *store, char **out, size_t *len,
			  const char *id, unsigned version, int published);

/** The URI of one version (BASE/mc/ID/vN), or of the MC (BASE/mc/ID) when
 * `version` is 0.  Caller frees.  Returns 0 or MC_ENOMEM. */
int mc_catalogue_uri(mc_store *store, char **out, const char *id,
		     unsigned version);

/** All versions of an MC, oldest first; free(*out). */
int mc_catalogue_versions(mc_store *store, mc_version_info **out, size_t *count,
			  const char *id);

/**
 * Move the latest version of MC `id` through its lifecycle: to
 * MC_STATUS_IN_REVIEW (submit, from draft), MC_STATUS_APPROVED (from in
 * review), MC_STATUS_DRAFT (return a version in review or approved to its
 * designer), MC_STATUS_PUBLISHED (from approved; earlier published
 * versions are retired), MC_STATUS_RETIRED (from published).  `actor` and
 * `note` are recorded in the MC's history (either may be NULL).
 * Returns 0, MC_ENOTFOUND, MC_ESTATE (transition not allowed, message says
 * from which state), MC_EDB.
 */
int mc_catalogue_transition(mc_store *store, const char *id, mc_status to,
			    const char *actor, const char *note);

/**
 * As mc_catalogue_save(), recording `actor` ("user:ID", may be NULL) in
 * the history, so that the policy knows who designed each version.
 */
int mc_catalogue_save_as(mc_store *store, mc_microcred *mc, const char *actor,
			 mc_problems *problems);

/**
 * As mc_catalogue_save_as, for a new MC only (version 1): MC_EEXISTS ("id:
 * an MC with the id 'ID' exists") when any version has its id, nothing
 * stored.  The check and the save are one transaction.
 */
int mc_catalogue_create_as(mc_store *store, mc_microcred *mc, const char *actor,
			   mc_problems *problems);

/** The history of MC `id` (version 0: every version), oldest first.
 * MC_ENOTFOUND for an unknown MC. */
int mc_catalogue_history(mc_store *store, mc_history_event **out, size_t *count,
			 const char *id, unsigned version);

/** Record a review comment on the latest version (non-empty, at most
 * 4,000 bytes of UTF-8) without changing its state. */
int mc_catalogue_comment(mc_store *store, const char *id, const char *actor,
			 const char *note);

/**
 * Adapt a published MC of another organisation (OER reuse): copy version
 * `version` (0: the latest published) into a new draft owned by `org_id`,
 * with the id `new_id` (NULL: "<org_id>-<id>" cut to MC_ID_MAX), the
 * organisation as provider and awarding body, its country, `derived_from`
 * set to the source version's URI and the source's attribution kept and
 * extended.  Refused (MC_EINVALID) for licences that forbid derivatives
 * and for the organisation's own MCs.  The new record goes to *out when
 * `out` is not NULL.
 */
int mc_catalogue_adapt(mc_store *store, mc_microcred **out, const char *id,
		       unsigned version, const char *org_id,
		       const char *new_id);
/** mc_catalogue_adapt, recording `actor` (e.g. "user:ID"; NULL: none) on
 * the new draft's first history event, as mc_catalogue_save_as does. */
int mc_catalogue_adapt_as(mc_store *store, mc_microcred **out, const char *id,
			  unsigned version, const char *org_id,
			  const char *new_id, const char *actor);

/* ---- import and export -------------------------------------------------- */

/**
 * Import one file, all or nothing: JSON (one MC object, an array of MCs, or
 * a bundle object {"organisations": [...], "clusters": [...],
 * "microcredentials": [...]}) or CSV (one row per MC, header documented in
 * docs/FORMATS.md), told apart by content.  `name` is used in problems
 * ("catalogue.csv line 12").  A record that carries "version" and
 * "status" keeps them (the export form); one without is saved as with
 * mc_catalogue_save().  Identical records are left alone, so importing an
 * export twice changes nothing.  Every rejected record is reported in
 * `problems` with file, record or line, field and reason; then nothing of
 * the file is stored and MC_EINVALID is returned.
 */
int mc_catalogue_import(mc_store *store, mc_import_report *report,
			const char *data, size_t len, const char *name,
			mc_problems *problems);

/** Read `path` (at most MC_IMPORT_FILE_MAX bytes; "-" for standard
 * input) and import it. */
int mc_catalogue_import_file(mc_store *store, mc_import_report *report,
			     const char *path, mc_problems *problems);

/**
 * Check a file as mc_catalogue_import_file() would import it (every rule,
 * organisation references against the store, version conflicts), then
 * undo everything: nothing is stored.  `report` tells what an import would
 * do.  Returns 0 or the error the import would have returned.
 */
int mc_catalogue_check_file(mc_store *store, mc_import_report *report,
			    const char *path, mc_problems *problems);

/**
 * Export MCs as a JSON array that mc_catalogue_import() takes back
 * unchanged: the latest version of each of `ids` (all MCs, by id, when
 * `count` is 0), or every version when `all_versions` is set.  Caller
 * frees *out.  MC_ENOTFOUND names the first unknown id.
 */
int mc_catalogue_export(mc_store *store, char **out, const char *const *ids,
			size_t count, int all_versions);

/** Load the demo catalogue built into the library (the 17 project partners,
 * clusters, and ten or more published MCs per partner country). */
int mc_catalogue_load_demo(mc_store *store, mc_import_report *report,
			   mc_problems *problems);

/* ---- search ------------------------------------------------------------- */

/**
 * Search the catalogue.  Words are all required; "quoted phrases", OR
 * between terms, -word to exclude and word* for a prefix are understood
 * (docs/SEARCH.md); matching ignores case and diacritics in every script.
 * Results are ranked by relevance (title first), then by id.  A malformed
 * query gives MC_EINVALID with the position and reason in the message.
 */
int mc_catalogue_search(mc_store *store, mc_search_result **out,
			const mc_search_options *opts);

/**
 * The result as JSON: {"total", "offset", "hits": [{"id", "version",
 * "uri", "status", "title", "title_lang", "provider", "country", "sector",
 * "eqf_level", "ects", "score"}], "facets": {"country": [{"value",
 * "count"}], ...}}.  Caller frees.  Returns 0 or MC_ENOMEM.
 */
int mc_search_result_to_json(char **out, mc_store *store,
			     const mc_search_result *result, size_t offset);

/* ---- coverage ----------------------------------------------------------- */

/** Coverage of published MCs.  Free with mc_coverage_free(). */
int mc_catalogue_coverage(mc_store *store, mc_coverage **out);

/**
 * Coverage as JSON: {"target", "countries": [{"country", "name",
 * "published", "below_target"}], "sectors": [{"country", "key", "label",
 * "count"}], "target_groups": [...], "eqf_levels": [...]}.  Caller frees.
 */
int mc_coverage_to_json(char **out, const mc_coverage *cov);

#ifdef __cplusplus
}
#endif

#endif
