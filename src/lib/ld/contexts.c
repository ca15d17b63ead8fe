/*
 * Pinned context documents (ld.h): the embedded files of contexts_data.h,
 * each parsed once into a shared json_t that nobody modifies afterwards.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <microcred/errors.h>

#include "ld/contexts_data.h"
#include "ld/ld.h"

/* One parsed document per entry of mc__ld_context_files, same index.
 * Written only inside parse_all(), which pthread_once runs exactly once;
 * read-only after that, so readers need no lock. */
static json_t **parsed;
static size_t n_parsed;
static int init_error;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Parses every embedded document.  A document that fails to parse (out
 * of memory: the files are checked by test_ld_contexts) leaves the
 * table empty and init_error set, so lookups answer "not pinned". */
static void parse_all(void)
{
	json_t **docs = NULL;
	size_t n = 0, i;

	while (mc__ld_context_files[n].url)
		n++;
	docs = calloc(n ? n : 1, sizeof(*docs));
	if (!docs)
		goto fail;
	for (i = 0; i < n; i++) {
		const struct mc__ld_context_file *f = &mc__ld_context_files[i];

		const struct mc__ld_context_file *prev =
		    i ? &mc__ld_context_files[i - 1] : NULL;

		/* Two URLs of one file (adjacent rows) share one document. */
		if (prev && prev->len == f->len &&
		    memcmp(prev->data, f->data, f->len) == 0) {
			docs[i] = json_incref(docs[i - 1]);
			continue;
		}
		docs[i] =
		    json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, NULL);
		if (!docs[i])
			goto fail;
	}
	parsed = docs;
	n_parsed = n;
	return;
fail:
	for (i = 0; docs && i < n; i++)
		json_decref(docs[i]);
	free(docs);
	init_error = MC_ENOMEM;
}

int mc__ld_contexts_init(void)
{
	if (pthread_once(&init_once, parse_all) != 0)
		return MC_ENOMEM;
	return init_error;
}

const json_t *mc__ld_context_get(const char *url)
{
	size_t len, i;

	if (!url || mc__ld_contexts_init() != 0)
		return NULL;
	len = strcspn(url, "#");
	for (i = 0; i < n_parsed; i++) {
		const char *u = mc__ld_context_files[i].url;

		if (strncmp(u, url, len) == 0 && u[len] == '\0')
			return parsed[i];
	}
	return NULL;
}
