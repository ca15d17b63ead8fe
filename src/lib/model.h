/*
 * Model internals shared by the catalogue layer: conversions between the
 * model structs and jansson values (so an importer parses a file once and
 * hands each element over), and the CSV catalogue reader.
 */
#ifndef MC_MODEL_H
#define MC_MODEL_H

#include <jansson.h>

#include "microcred/microcredential.h"
#include "microcred/organisation.h"

/**
 * Build a record from a parsed JSON object.  Same contract as
 * mc_microcred_from_json(): every problem of the record is appended (type
 * errors, unknown keys and enum values, then mc_microcred_validate()), and
 * MC_EINVALID is returned with *out NULL when there was any.
 */
int mc__microcred_from_jansson(mc_microcred **out, json_t *obj,
			       const char *where, mc_problems *problems);

/** The record as a new JSON object with keys in export order, or NULL on
 * allocation failure.  `version` and `status` are included when
 * mc->version > 0. */
json_t *mc__microcred_to_jansson(const mc_microcred *mc);

int mc__org_from_jansson(mc_org **out, json_t *obj, const char *where,
			 mc_problems *problems);
json_t *mc__org_to_jansson(const mc_org *org);
int mc__cluster_from_jansson(mc_cluster **out, json_t *obj, const char *where,
			     mc_problems *problems);
json_t *mc__cluster_to_jansson(const mc_cluster *c);

/** Serialise a JSON value the one way the project writes JSON: two-space
 * indent, keys in insertion order, UTF-8 unescaped, reals with up to 15
 * significant digits.  Caller frees; NULL on allocation failure. */
char *mc__json_dump(const json_t *value);

/**
 * Read a CSV catalogue (docs/FORMATS.md) into records.  Every problem of
 * every row is appended with "NAME line N" as its source; on any problem
 * MC_EINVALID is returned and *out is NULL.  Free the result with
 * mc__microcred_array_free().
 */
int mc__microcred_from_csv(mc_microcred ***out, size_t *count,
			   const char *data, size_t len, const char *name,
			   mc_problems *problems);
void mc__microcred_array_free(mc_microcred **list, size_t count);

#endif
