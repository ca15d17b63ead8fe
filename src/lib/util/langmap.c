/*
 * Language maps and string lists: the multilingual text of the model.
 */
#include "microcred/langmap.h"

#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "util.h"

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int mc_lang_tag_valid(const char *tag)
{
	size_t i = 0, n;

	if (!tag || strlen(tag) > MC_LANG_TAG_MAX)
		return 0;
	while (is_alpha(tag[i]))
		i++;
	if (i < 2 || i > 3)
		return 0;
	while (tag[i] == '-') {
		i++;
		for (n = 0; is_alnum(tag[i]); n++)
			i++;
		if (n < 1 || n > 8)
			return 0;
	}
	return tag[i] == '\0';
}

/* Length of the primary language subtag of `tag`. */
static size_t primary_len(const char *tag)
{
	const char *dash = strchr(tag, '-');

	return dash ? (size_t)(dash - tag) : strlen(tag);
}

/* Non-zero if both tags have the same primary language, ignoring case. */
static int same_primary(const char *a, const char *b)
{
	size_t n = primary_len(a), i;

	if (n != primary_len(b))
		return 0;
	for (i = 0; i < n; i++)
		if (lower(a[i]) != lower(b[i]))
			return 0;
	return 1;
}

const char *mc_langmap_get(const mc_langmap *map, const char *lang)
{
	size_t i;

	if (!map || !lang)
		return NULL;
	for (i = 0; i < map->count; i++)
		if (strcmp(map->items[i].lang, lang) == 0)
			return map->items[i].text;
	return NULL;
}

const char *mc_langmap_pick(const mc_langmap *map, const char *lang,
			    const char *primary)
{
	const char *text;
	size_t i;

	if (!map || map->count == 0)
		return NULL;
	if ((text = mc_langmap_get(map, lang)))
		return text;
	if (lang && *lang)
		for (i = 0; i < map->count; i++)
			if (same_primary(map->items[i].lang, lang))
				return map->items[i].text;
	if ((text = mc_langmap_get(map, primary)))
		return text;
	if ((text = mc_langmap_get(map, "en")))
		return text;
	return map->items[0].text;
}

/*
 * Set or replace the text for `lang`.  On failure the map is unchanged.
 */
int mc_langmap_set(mc_langmap *map, const char *lang, const char *text)
{
	mc_langtext *items;
	char *l = NULL, *t = NULL;
	size_t i;
	int error = 0;

	if (!(t = strdup(text))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < map->count; i++) {
		if (strcmp(map->items[i].lang, lang) == 0) {
			free(map->items[i].text);
			map->items[i].text = t;
			t = NULL;
			goto cleanup;
		}
	}
	if (!(l = strdup(lang))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	items = realloc(map->items, (map->count + 1) * sizeof(*items));
	if (!items) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	map->items = items;
	map->items[map->count].lang = l;
	map->items[map->count].text = t;
	map->count++;
	l = t = NULL;

cleanup:
	free(l);
	free(t);
	return error;
}

/*
 * Deep copy; on failure `out` is left empty (nothing leaks).
 */
int mc_langmap_copy(mc_langmap *out, const mc_langmap *src)
{
	size_t i;
	int error = 0;

	out->items = NULL;
	out->count = 0;
	for (i = 0; src && i < src->count; i++) {
		error =
		    mc_langmap_set(out, src->items[i].lang, src->items[i].text);
		if (error < 0)
			goto cleanup;
	}

cleanup:
	if (error < 0)
		mc_langmap_clear(out);
	return error;
}

void mc_langmap_clear(mc_langmap *map)
{
	size_t i;

	if (!map)
		return;
	for (i = 0; i < map->count; i++) {
		free(map->items[i].lang);
		free(map->items[i].text);
	}
	free(map->items);
	map->items = NULL;
	map->count = 0;
}

/*
 * Append a copy of `s`.  On failure the list is unchanged.
 */
int mc_strlist_add(mc_strlist *list, const char *s)
{
	char **items;
	char *copy = NULL;
	int error = 0;

	if (!(copy = strdup(s))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	items = realloc(list->items, (list->count + 1) * sizeof(*items));
	if (!items) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	list->items = items;
	list->items[list->count++] = copy;
	copy = NULL;

cleanup:
	free(copy);
	return error;
}

int mc_strlist_has(const mc_strlist *list, const char *s)
{
	size_t i;

	if (!list || !s)
		return 0;
	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i], s) == 0)
			return 1;
	return 0;
}

/*
 * Deep copy; on failure `out` is left empty (nothing leaks).
 */
int mc_strlist_copy(mc_strlist *out, const mc_strlist *src)
{
	size_t i;
	int error = 0;

	out->items = NULL;
	out->count = 0;
	for (i = 0; src && i < src->count; i++)
		if ((error = mc_strlist_add(out, src->items[i])) < 0)
			goto cleanup;

cleanup:
	if (error < 0)
		mc_strlist_clear(out);
	return error;
}

void mc_strlist_clear(mc_strlist *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}
