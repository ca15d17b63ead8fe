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
int mc__microcred_from_csv(mc_microcred ***out, size_t *count, const char *data,
			   size_t len, const char *name, mc_problems *problems);
void mc__microcred_array_free(mc_microcred **list, size_t count);

/* Shared by the model's JSON and CSV code (mc_json.c, organisation.c,
 * mc_csv.c); not for other layers. */

/** The controlled vocabularies, for generic parsing and messages. */
typedef enum {
	MC__VOCAB_STATUS = 0,
	MC__VOCAB_LO_CATEGORY,
	MC__VOCAB_ASSESSMENT,
	MC__VOCAB_MODE,
	MC__VOCAB_SETTING,
	MC__VOCAB_QA,
	MC__VOCAB_SUPERVISION,
	MC__VOCAB_STACKABILITY,
	MC__VOCAB_ORG_TYPE,
	MC__VOCAB_CLUSTER_KIND
} mc__vocab;

/** The names of a vocabulary in order, NULL-terminated ("unset" is not
 * among them). */
const char *const *mc__vocab_names(mc__vocab vocab);

/** The enum value of `name` (an *_UNSET value is never returned), or
 * MC_EINVALID for an unknown name. */
int mc__vocab_parse(int *out, mc__vocab vocab, const char *name);

/** "a, b, c": the names of a vocabulary for "expected one of" messages. */
const char *mc__vocab_list(mc__vocab vocab);

/**
 * A parse in progress: where problems go and how many were found (also
 * those past MC_PROBLEMS_MAX, so a full list never hides a fault).
 * `problems` may be NULL: problems are then only counted.
 */
typedef struct {
	const char *where;
	mc_problems *problems;
	size_t found;
	int error; /**< MC_ENOMEM once an allocation failed, else 0 */
} mc__jctx;

/** Record one problem of the parse. */
void mc__jctx_problem(mc__jctx *ctx, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** A short human description of a JSON value for messages: "'text'"
 * (cut at 100 bytes on a character boundary), "9", "1.5", "true", "null",
 * "an object", "an array".  Writes into `buf` and returns it. */
const char *mc__json_describe(char *buf, size_t len, const json_t *v);

/** `s` quoted and cut like mc__json_describe() does for strings. */
const char *mc__show(char *buf, size_t len, const char *s);

/* Readers: each checks the type and the limits of `v`, stores the value
 * in `out` (replacing what was there) or records a problem under `field`. */
void mc__json_get_string(mc__jctx *ctx, char **out, const json_t *v,
			 const char *field);
void mc__json_get_langmap(mc__jctx *ctx, mc_langmap *out, const json_t *v,
			  const char *field);
void mc__json_get_strlist(mc__jctx *ctx, mc_strlist *out, const json_t *v,
			  const char *field);
void mc__json_get_enum(mc__jctx *ctx, int *out, const json_t *v,
		       const char *field, mc__vocab vocab);

/** Report every key of object `v` that is not in the NULL-terminated
 * `known` as "unknown key", under "field.key" (or "key" when `field` is
 * ""). */
void mc__json_unknown_keys(mc__jctx *ctx, const json_t *v, const char *field,
			   const char *const *known);

/* Writers: add `key` to `obj` unless the value is unset (NULL, empty).
 * Return 0 or -1 on allocation failure. */
int mc__json_put_string(json_t *obj, const char *key, const char *s);
int mc__json_put_langmap(json_t *obj, const char *key, const mc_langmap *m);
int mc__json_put_strlist(json_t *obj, const char *key, const mc_strlist *l);

/**
 * Parse `json` into a new value with the project's parser settings
 * (duplicate keys rejected, NUL bytes in strings rejected); a syntax error
 * becomes a problem in `ctx`.  NULL on error.
 */
json_t *mc__json_load(mc__jctx *ctx, const char *json, size_t len);

/**
 * Append every problem of `parsed` (from a reader) and those of `semantic`
 * (from a validator) to `ctx`, except the semantic ones about a field on
 * which a parse problem was reported, or a field above or below it: one
 * fault, one problem.
 */
void mc__problems_merge(mc__jctx *ctx, const mc_problems *parsed,
			const mc_problems *semantic);

/** Non-zero if `s` looks like an http:// or https:// URL (a host, no
 * white space or control characters). */
int mc__http_url_valid(const char *s);

/* Semantic checks shared by the validators (mc_validate.c): each records
 * a problem under `field` when the value breaks the rules of
 * docs/FORMATS.md. */

/** Checks one value; the shape of the per-entry checks below. */
typedef void (*mc__item_check)(mc__jctx *ctx, const char *field, const char *s);

/** Text: not empty, at most MC_TEXT_MAX bytes, UTF-8, no surrounding
 * white space. */
void mc__check_text(mc__jctx *ctx, const char *field, const char *s);
/** A slug (mc_id_valid()). */
void mc__check_id(mc__jctx *ctx, const char *field, const char *s);
/** An ISO 3166-1 alpha-2 code known to mc_country_name(). */
void mc__check_country(mc__jctx *ctx, const char *field, const char *s);
/** An http(s) URL (mc__http_url_valid()). */
void mc__check_url(mc__jctx *ctx, const char *field, const char *s);
/** A language map: valid tags, each text checked; `required` asks for at
 * least one entry. */
void mc__check_langmap(mc__jctx *ctx, const char *field, const mc_langmap *m,
		       int required);
/** A list: at least one entry if `required`, at most `max`, no
 * duplicates, each entry passed to `check` as "field[i]". */
void mc__check_list(mc__jctx *ctx, const char *field, const mc_strlist *l,
		    int required, size_t max, mc__item_check check);

#endif
