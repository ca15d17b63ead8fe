/*
 * microcred - multilingual text and string lists.
 *
 * Every human-readable text in the model is a language map: one text per
 * BCP 47 language tag ("en", "uk", "sr-Latn", "cnr"), as in JSON-LD and
 * ELM.  The record that holds a map names its primary language.
 */
#ifndef MICROCRED_TYPES_LANGMAP_H
#define MICROCRED_TYPES_LANGMAP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One text in one language.  Both strings are owned, UTF-8. */
typedef struct {
	char *lang;
	char *text;
} mc_langtext;

/** A language map: at most one entry per tag, in insertion order. */
typedef struct {
	mc_langtext *items;
	size_t count;
} mc_langmap;

#define MC_LANGMAP_INIT                                                        \
	{                                                                      \
		NULL, 0                                                        \
	}

/** A list of owned UTF-8 strings. */
typedef struct {
	char **items;
	size_t count;
} mc_strlist;

#define MC_STRLIST_INIT                                                        \
	{                                                                      \
		NULL, 0                                                        \
	}

/** Longest language tag accepted (RFC 5646 recommends 35). */
#define MC_LANG_TAG_MAX 35

/**
 * Non-zero if `tag` is a well-formed BCP 47 language tag of the forms used
 * here: a 2-3 letter primary language, then optional subtags of 1-8
 * letters or digits separated by '-' ("sr-Latn", "de-CH", "cnr").
 */
int mc_lang_tag_valid(const char *tag);

/** The text for exactly `lang`, or NULL. */
const char *mc_langmap_get(const mc_langmap *map, const char *lang);

/**
 * The best text for a reader of `lang`: an exact match, then the same
 * primary language ("sr" for "sr-Latn" and back), then `primary`, then
 * "en", then the first entry.  NULL only for an empty map.  `lang` and
 * `primary` may be NULL.
 */
const char *mc_langmap_pick(const mc_langmap *map, const char *lang,
			    const char *primary);

/**
 * Set the text for `lang`, replacing any text already there.  Copies both
 * strings.  Returns 0 or MC_ENOMEM.
 */
int mc_langmap_set(mc_langmap *map, const char *lang, const char *text);

/** Deep copy `src` into `out` (which is overwritten, not freed). */
int mc_langmap_copy(mc_langmap *out, const mc_langmap *src);

/** Free every entry; the map is left empty.  NULL-safe. */
void mc_langmap_clear(mc_langmap *map);

/** Append a copy of `s`.  Returns 0 or MC_ENOMEM. */
int mc_strlist_add(mc_strlist *list, const char *s);

/** Non-zero if the list holds a string equal to `s`. */
int mc_strlist_has(const mc_strlist *list, const char *s);

/** Deep copy `src` into `out` (which is overwritten, not freed). */
int mc_strlist_copy(mc_strlist *out, const mc_strlist *src);

/** Free every entry; the list is left empty.  NULL-safe. */
void mc_strlist_clear(mc_strlist *list);

#ifdef __cplusplus
}
#endif

#endif
