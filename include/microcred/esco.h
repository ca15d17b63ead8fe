/*
 * microcred - ESCO skills, occupations and ISCO groups.
 *
 * ESCO is distributed as CSV exports; `mc_esco_import` reads the official
 * columns (conceptType, conceptUri, skillType, reuseLevel, preferredLabel,
 * altLabels, description, ...) of any of them, so the skills, occupations
 * and ISCO group files all load.  Look-ups by label search the preferred
 * and alternative labels.
 */
#ifndef MICROCRED_ESCO_H
#define MICROCRED_ESCO_H

#include <stddef.h>
#include "errors.h"
#include "langmap.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One ESCO concept in one language.  Free with mc_esco_concept_free(). */
typedef struct {
	char *uri;	    /**< http://data.europa.eu/esco/skill/<uuid> ... */
	char *concept_type; /**< "KnowledgeSkillCompetence", "Occupation",
			       "ISCOGroup" */
	char *skill_type;   /**< "skill/competence", "knowledge", or NULL */
	char
	    *reuse_level; /**< "transversal", "cross-sector",
			     "sector-specific", "occupation-specific" or NULL */
	char *lang;	  /**< language of the labels */
	char *label;	  /**< preferred label */
	mc_strlist alt_labels;
	char *description;
} mc_esco_concept;

void mc_esco_concept_free(mc_esco_concept *c);
void mc_esco_list_free(mc_esco_concept **list, size_t count);

/** Largest ESCO CSV accepted (the full skills export is about 20 MiB). */
#define MC_ESCO_FILE_MAX (256u * 1024 * 1024)

/**
 * Import an ESCO CSV export whose labels are in `lang` ("en" when NULL).
 * Rows with a known URI are replaced.  All or nothing: a malformed row is
 * reported in `problems` ("skills_en.csv line 12: conceptUri: not an ESCO
 * URI") and nothing is stored.  `*imported` gets the row count.
 */
int mc_esco_import(mc_store *store, size_t *imported, const char *data,
		   size_t len, const char *name, const char *lang,
		   mc_problems *problems);
int mc_esco_import_file(mc_store *store, size_t *imported, const char *path,
			const char *lang, mc_problems *problems);

/** Concepts whose labels match `query` (words, prefix on the last word),
 * best first, at most `limit`.  Free with mc_esco_list_free(). */
int mc_esco_lookup(mc_store *store, mc_esco_concept ***out, size_t *count,
		   const char *query, size_t limit);

/** One concept by URI.  MC_ENOTFOUND if not imported. */
int mc_esco_get(mc_store *store, mc_esco_concept **out, const char *uri);

/** Non-zero if `uri` is a well-formed ESCO skill URI
 * (http://data.europa.eu/esco/skill/ followed by a UUID or an S/T code). */
int mc_esco_skill_uri_valid(const char *uri);

#ifdef __cplusplus
}
#endif

#endif
