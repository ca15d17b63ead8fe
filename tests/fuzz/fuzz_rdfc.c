/*
 * Fuzz target: RDFC-1.0 canonicalisation of whatever N-Quads the reader
 * accepts, with a small work limit.  It must succeed or stop at the limit
 * (MC_ETOOBIG with a message); a canonical result must read back as
 * N-Quads with no more quads than the input, and must not change when
 * the input's quads come in reverse order or when it is canonicalised
 * again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ld/ld.h"
#include "microcred/errors.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int canon(char **out, size_t *len, const struct mc__rdf_dataset *ds)
{
	struct mc__rdfc_options opts = MC__RDFC_OPTIONS_INIT;
	char err[256] = "";
	int rc;

	opts.max_ndegree_calls = 64;
	rc = mc__rdfc(out, len, ds, &opts, err, sizeof(err));
	if (rc == 0 && (!*out || strlen(*out) != *len))
		abort();
	if (rc != 0 && (rc != MC_ETOOBIG || *out || !err[0]))
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT,
			       rev = MC__RDF_DATASET_INIT,
			       back = MC__RDF_DATASET_INIT;
	char err[256] = "", *a = NULL, *b = NULL, *c = NULL;
	size_t alen = 0, blen = 0, clen = 0, i;

	ds.max = 2000;
	if (mc__nquads_parse(&ds, (const char *)data, size, err, sizeof(err)))
		goto cleanup;
	if (canon(&a, &alen, &ds) != 0)
		goto cleanup;
	if (mc__nquads_parse(&back, a, alen, err, sizeof(err)) != 0 ||
	    back.len > ds.len)
		abort();
	for (i = ds.len; i > 0; i--)
		if (mc__rdf_add(&rev, &ds.quads[i - 1]) != 0)
			abort();
	if (canon(&b, &blen, &rev) == 0 &&
	    (blen != alen || memcmp(a, b, alen) != 0))
		abort(); /* depends on the order of the quads */
	if (canon(&c, &clen, &back) == 0 &&
	    (clen != alen || memcmp(a, c, alen) != 0))
		abort(); /* not a fixed point */

cleanup:
	free(a);
	free(b);
	free(c);
	mc__rdf_dataset_free(&ds);
	mc__rdf_dataset_free(&rev);
	mc__rdf_dataset_free(&back);
	return 0;
}
