/*
 * microcred - Europass course directory export: the published catalogue
 * as ELM v3 records in the Qualification Dataset Register's LOQ profile
 * (fixtures/edc/LOQ-constraints.ttl): for each published MC a Qualification
 * and a LearningOpportunity offered by its provider, with learning
 * outcomes (ESCO skills), EQF level, ISCED-F area, credit points, mode,
 * language and location; one JSON-LD dataset per organisation or per
 * country, which the QDR pulls from a stable URL
 * (BASE/europass/org/ORG.jsonld, BASE/europass/country/CC.jsonld).
 */
#ifndef MICROCRED_EUROPASS_H
#define MICROCRED_EUROPASS_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The dataset of `scope` `key` (organisation id or country code) as
 * JSON-LD (caller frees *out; *len its length).  Only published versions
 * are exported; an organisation or country with none gives a valid empty
 * dataset.  Returns 0, MC_ENOTFOUND (unknown organisation), MC_EINVALID
 * (not a country code), MC_EDB, MC_ENOMEM.
 */
int mc_europass_export(mc_store *store, char **out, size_t *len,
		       mc_europass_scope scope, const char *key);

#ifdef __cplusplus
}
#endif

#endif
