/*
 * Lists of records as JSON (json_list.h).
 */
#include "json_list.h"

#include "microcred/errors.h"

json_t *mc__json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int mc__json_set(json_t *obj, const char *key, json_t *value)
{
	return !value || json_object_set_new(obj, key, value) != 0;
}

int mc__json_dump_list(char **out, const void *list, size_t count, size_t size,
		       mc__json_fill fill)
{
	const char *p = list;
	json_t *a = json_array();
	size_t i;

	*out = NULL;
	if (!a)
		return MC_ENOMEM;
	for (i = 0; i < count; i++) {
		json_t *o = json_object();

		if (!o || json_array_append_new(a, o) != 0 ||
		    fill(o, p + i * size) != 0) {
			json_decref(a);
			return MC_ENOMEM;
		}
	}
	*out = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(a);
	return *out ? 0 : MC_ENOMEM;
}
