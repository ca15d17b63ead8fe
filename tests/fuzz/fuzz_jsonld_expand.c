/*
 * Fuzz target: JSON-LD expansion (mc__ld_expand) of arbitrary JSON, with
 * safe mode off and on, and a loader that knows no URL (only the pinned
 * contexts resolve).  An expansion that succeeds must give an array of
 * objects; one that fails must say why with an expected code.  Safe mode
 * only adds refusals: when it succeeds, the plain expansion succeeds with
 * the same result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ld/ld.h"
#include "microcred/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *load_nothing(const char *url, void *arg)
{
	(void)url;
	(void)arg;
	return NULL;
}

static void check(int rc, const json_t *out, const char *err)
{
	size_t i;
	json_t *v;

	if (rc != 0) {
		if ((rc != MC_EINVALID && rc != MC_ENOTFOUND &&
		     rc != MC_ETOOBIG && rc != MC_ENOMEM) ||
		    out || !err[0])
			abort();
		return;
	}
	if (!json_is_array(out))
		abort();
	json_array_foreach(out, i, v)
	{
		if (!json_is_object(v))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc__ld_options o = {0};
	char err[512], serr[512];
	json_t *doc, *plain = NULL, *safe = NULL;
	int rc, src;

	if (size > 65536)
		return 0;
	doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (!doc)
		return 0;
	o.base = "https://example.org/doc";
	o.load = load_nothing;
	o.max_nodes = 20000;
	err[0] = serr[0] = 0;
	rc = mc__ld_expand(&plain, doc, &o, err, sizeof(err));
	check(rc, plain, err);
	o.safe = 1;
	src = mc__ld_expand(&safe, doc, &o, serr, sizeof(serr));
	check(src, safe, serr);
	if (src == 0 && (rc != 0 || !json_equal(plain, safe)))
		abort(); /* safe mode accepted what plain mode did not */
	json_decref(plain);
	json_decref(safe);
	json_decref(doc);
	return 0;
}
