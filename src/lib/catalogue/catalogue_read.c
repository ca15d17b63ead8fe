/*
 * Catalogue reads for front doors that send JSON on: an MC's JSON served
 * from the stored document, and the store's change counter for caches.
 *
 * A stored MC document is what mc_microcred_to_json() wrote when the
 * version was saved; only its status can move on since (the lifecycle
 * updates the row, not the document).  The emitter is deterministic, so
 * the stored text with the current status put in is byte for byte what
 * parsing the row and serialising it again would give (the unit test
 * test_catalogue_read checks this on the demo catalogue), at the cost of
 * a copy instead of a parse, a validation and a serialisation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "store/store.h"

/*
 * If `doc` starts the way the emitter starts an MC of `id` and `version`
 * ({"id", "version", "status", ...} two-space indented), the offsets of
 * its status value (between the quotes) in *at and *n; otherwise -1.
 */
static int status_span(const char *doc, size_t len, const char *id,
		       unsigned version, size_t *at, size_t *n)
{
	char head[MC_ID_MAX + 64];
	const char *end;
	int w;

	w = snprintf(head, sizeof(head),
		     "{\n  \"id\": \"%s\",\n  \"version\": %u,\n"
		     "  \"status\": \"",
		     id, version);
	if (w < 0 || (size_t)w >= sizeof(head) || len < (size_t)w ||
	    memcmp(doc, head, (size_t)w) != 0)
		return -1;
	if (!(end = memchr(doc + w, '"', len - (size_t)w)) ||
	    end - (doc + w) > 16 || (end[1] != ',' && end[1] != '\n'))
		return -1;
	*at = (size_t)w;
	*n = (size_t)(end - (doc + w));
	return 0;
}

/* Parse and serialise again: for documents of another layout. */
static int reserialise(mc_store *store, char **out, const char *doc, size_t len,
		       const char *id, unsigned version, mc_status status)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	char where[MC_ID_MAX + 48];
	int error;

	snprintf(where, sizeof(where), "stored %s v%u", id, version);
	error = mc_microcred_from_json(&mc, doc, len, where, &problems);
	if (error == MC_ENOMEM) {
		mc__store_error(store, error, "out of memory");
	} else if (error) {
		char *msg = problems.count
				? mc_problem_format(&problems.items[0])
				: NULL;

		error = mc__store_error(store, MC_EDB, "%s: unreadable: %s",
					where, msg ? msg : "invalid JSON");
		free(msg);
	} else {
		mc->version = version;
		mc->status = status;
		if ((error = mc_microcred_to_json(out, mc)) < 0)
			mc__store_error(store, error, "out of memory");
	}
	mc_microcred_free(mc);
	mc_problems_clear(&problems);
	return error;
}

int mc_catalogue_get_json(mc_store *store, char **out, size_t *len,
			  const char *id, unsigned version, int published)
{
	const char *name;
	char *doc = NULL, *text;
	size_t n = 0, at, old, nn;
	unsigned got = 0;
	mc_status status = MC_STATUS_DRAFT;
	int error;

	*out = NULL;
	if (len)
		*len = 0;
	mc__store_clear_error(store);
	if (!mc_id_valid(id))
		return mc__store_error(store, MC_ENOTFOUND,
				       "no micro-credential '%.80s'", id);
	error = store->catalogue->mc_doc_get(store, &doc, &n, &got, &status, id,
					     version, published);
	if (error == MC_ENOTFOUND) {
		if (published)
			mc__store_error(store, error,
					"no published version of "
					"micro-credential '%s'",
					id);
		else if (version)
			mc__store_error(store, error,
					"no version %u of micro-credential "
					"'%s'",
					version, id);
		else
			mc__store_error(store, error,
					"no micro-credential '%s'", id);
	}
	if (error < 0)
		goto cleanup;
	name = mc_status_name(status);
	if (status_span(doc, n, id, got, &at, &old) < 0) {
		error = reserialise(store, out, doc, n, id, got, status);
		if (!error && len)
			*len = strlen(*out);
		goto cleanup;
	}
	nn = strlen(name);
	if (nn == old && memcmp(doc + at, name, nn) == 0) {
		*out = doc; /* the status has not moved: as stored */
		doc = NULL;
		if (len)
			*len = n;
		goto cleanup;
	}
	if (!(text = malloc(n - old + nn + 1))) {
		error = mc__store_error(store, MC_ENOMEM, "out of memory");
		goto cleanup;
	}
	memcpy(text, doc, at);
	memcpy(text + at, name, nn);
	memcpy(text + at + nn, doc + at + old, n - at - old + 1);
	*out = text;
	if (len)
		*len = n - old + nn;

cleanup:
	free(doc);
	return error;
}
