/*
 * Lists of records as JSON: the one way the library writes an array of
 * C records (audit entries, consents, recognitions, credential
 * summaries) as a compact JSON array of objects, with allocation
 * failure reported rather than a member silently dropped.
 */
#ifndef MC_JSON_LIST_H
#define MC_JSON_LIST_H

#include <jansson.h>
#include <stddef.h>

/** json_string(s), or JSON null when `s` is NULL (NULL on no memory). */
json_t *mc__json_str_or_null(const char *s);

/**
 * json_object_set_new(obj, key, value), non-zero when it fails or `value`
 * is NULL (an allocation that failed), so that fills can chain with ||.
 */
int mc__json_set(json_t *obj, const char *key, json_t *value);

/** Fill `obj` from one record; non-zero on allocation failure. */
typedef int (*mc__json_fill)(json_t *obj, const void *item);

/**
 * `count` records of `size` bytes each at `list`, as one compact JSON
 * array (members in the order `fill` sets them) into *out, which the
 * caller frees.  Returns 0 or MC_ENOMEM (*out NULL).
 */
int mc__json_dump_list(char **out, const void *list, size_t count, size_t size,
		       mc__json_fill fill);

#endif
