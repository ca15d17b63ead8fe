/*
 * microcred - ESCO skills, occupations and ISCO groups.
 *
 * ESCO is distributed as CSV exports; `mc_esco_import` reads the official
 * columns (conceptType, conceptUri, skillType, reuseLevel, preferredLabel,
 * altLabels, description, ...) of any of them, so the skills, occupations
 * and ISCO group files all load.  Look-ups by label search the preferred
 * and alternative labels.
 *
 * The concept record (mc_esco_concept) is in types/esco.h.
 */
#ifndef MICROCRED_ESCO_H
#define MICROCRED_ESCO_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif
