/*
 * The store handle: opening a backend by location, the error message, and
 * the base URL kept in the database's settings.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

int mc__store_error(mc_store *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

void mc__store_clear_error(mc_store *s)
{
	s->errmsg[0] = '\0';
}

/* Non-zero for http(s)://host[:port][/path] without query or fragment. */
static int base_url_valid(const char *url)
{
	const char *host;
	size_t i;

	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return 0;
	if (!*host || *host == '/' || strlen(url) > 512)
		return 0;
	for (i = 0; url[i]; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' ||
		    c == '"' || c == '<' || c == '>' || c == '\\')
			return 0;
	}
	return 1;
}

int mc_store_open(mc_store **out, const char *location,
		  const mc_store_options *opts, char **errmsg)
{
	mc_store_options defaults = MC_STORE_OPTIONS_INIT;
	mc_store *s = NULL;
	char *url = NULL;
	int error;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!opts)
		opts = &defaults;
	if (!location || !*location) {
		if (errmsg)
			*errmsg = strdup("no database location given");
		return MC_EUSAGE;
	}
	if (strncmp(location, "sqlite:", 7) == 0)
		location += 7;
	if (strncmp(location, "postgresql://", 13) == 0 ||
	    strncmp(location, "postgres://", 11) == 0)
		error = mc__store_pg_open(&s, location, opts, errmsg);
	else
		error = mc__store_sqlite_open(&s, location, opts, errmsg);
	if (error < 0)
		return error;

	error = s->core->meta_get(s, &url, "base_url");
	if (error == MC_ENOTFOUND) {
		url = strdup(MC_DEFAULT_BASE_URL);
		error = url ? 0 : MC_ENOMEM;
	}
	if (error < 0) {
		if (errmsg)
			*errmsg = strdup(s->errmsg);
		mc_store_free(s);
		return error;
	}
	s->base_url = url;
	if (!(s->location = strdup(location))) {
		mc_store_free(s);
		return MC_ENOMEM;
	}
	if (opts->version >= 2 && opts->master_key_file &&
	    *opts->master_key_file &&
	    !(s->master_key_file = strdup(opts->master_key_file))) {
		mc_store_free(s);
		return MC_ENOMEM;
	}
	*out = s;
	return 0;
}

void mc_store_free(mc_store *store)
{
	char *url, *location, *key_file;

	if (!store)
		return;
	url = store->base_url;
	location = store->location;
	key_file = store->master_key_file;
	store->core->close(store);
	free(url);
	free(location);
	free(key_file);
}

const char *mc_store_errmsg(const mc_store *store)
{
	return store ? store->errmsg : "no store";
}

int mc_store_schema_version(const mc_store *store)
{
	return store->schema_version;
}

const char *mc_store_backend(const mc_store *store)
{
	return store->core->name;
}

const char *mc_store_base_url(const mc_store *store)
{
	return store->base_url;
}

int mc_store_set_base_url(mc_store *store, const char *url)
{
	char *copy;
	size_t n;
	int error;

	if (!url || !base_url_valid(url))
		return mc__store_error(store, MC_EINVALID,
				       "base_url: must be an http:// or "
				       "https:// URL without query or "
				       "fragment, got '%s'",
				       url ? url : "");
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	if (!(copy = mc__strndup(url, n)))
		return MC_ENOMEM;
	if ((error = store->core->meta_set(store, "base_url", copy)) < 0) {
		free(copy);
		return error;
	}
	free(store->base_url);
	store->base_url = copy;
	return 0;
}
int mc__store_problems_error(mc_store *store, int error, const mc_problems *p)
{
	char *first;

	if (error != MC_EINVALID || p->count == 0)
		return error;
	if (!(first = mc_problem_format(&p->items[0])))
		return MC_ENOMEM;
	if (p->count == 1)
		mc__store_error(store, error, "%s", first);
	else
		mc__store_error(store, error, "%s (and %zu more problems)",
				first, p->count - 1);
	free(first);
	return error;
}
