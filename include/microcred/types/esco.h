/*
 * microcred - types of ESCO: one concept (skill, occupation or ISCO group)
 * in one language.  Importing and looking up are in esco.h.
 */
#ifndef MICROCRED_TYPES_ESCO_H
#define MICROCRED_TYPES_ESCO_H

#include <stddef.h>

#include "langmap.h"

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

/** Non-zero if `uri` is a well-formed ESCO skill URI
 * (http://data.europa.eu/esco/skill/ followed by a UUID or an S/T code). */
int mc_esco_skill_uri_valid(const char *uri);

#ifdef __cplusplus
}
#endif

#endif
