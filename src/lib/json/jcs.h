/*
 * RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes that
 * eddsa-jcs-2022 hashes.  Numbers are printed as ECMAScript's
 * Number::toString prints the IEEE double, object members are sorted by
 * the UTF-16 code units of their names, strings escape only '"', '\' and
 * U+0000..U+001F, and there is no whitespace.
 */
#ifndef MC_JCS_H
#define MC_JCS_H

#include <stddef.h>

#include <jansson.h>

/** Longest canonical output (and longest JSON text accepted), in bytes. */
#define MC_JCS_MAX (16 * 1024 * 1024)
/** Deepest nesting of arrays and objects accepted. */
#define MC_JCS_DEPTH_MAX 1000

/**
 * Canonicalise a jansson value.
 *
 * On success `*out` is NUL-terminated canonical UTF-8 the caller frees
 * with free(), and `*len` its length without the NUL.  jansson integers
 * are converted to double first, as a JavaScript reader would see them.
 *
 * Returns 0; MC_EINVALID for a value JCS cannot represent (NULL, a NaN or
 * infinite real, a string or member name that is not valid UTF-8, nesting
 * deeper than MC_JCS_DEPTH_MAX); MC_ETOOBIG when the output would pass
 * MC_JCS_MAX; MC_ENOMEM.  On failure `*out` is NULL and `*len` 0.
 */
int mc__jcs(char **out, size_t *len, const json_t *value);

/**
 * Parse the JSON text `json[0..n)` and canonicalise it as mc__jcs() does.
 *
 * Any JSON value is accepted at the top level.  Duplicate member names,
 * "\u0000" in strings, invalid UTF-8, lone surrogate escapes, numbers out
 * of the double range and trailing text are refused.  Integers are read
 * as doubles, so those past 2^53 are rounded as JavaScript rounds them.
 *
 * Returns as mc__jcs(), plus MC_EINVALID for text that does not parse and
 * MC_ETOOBIG for text longer than MC_JCS_MAX.  On failure a message
 * ("line 3 column 7: ...") is written to `err` when `errlen` is non-zero.
 */
int mc__jcs_text(char **out, size_t *len, const char *json, size_t n, char *err,
		 size_t errlen);

#endif
