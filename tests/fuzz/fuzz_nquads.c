/*
 * Fuzz target: the N-Quads reader and the canonical N-Quads writer.
 * Whatever the reader refuses must be refused with a known code and a
 * message; whatever it accepts must be written, read back to as many
 * quads, and written again to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ld/ld.h"
#include "microcred/errors.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every quad of `ds` in canonical form into `out` (0 or an MC_E* code). */
static int write_all(mc_buf *out, const struct mc__rdf_dataset *ds)
{
	size_t i;
	int rc = mc__buf_add(out, "", 0);

	for (i = 0; i < ds->len && rc == 0; i++)
		rc = mc__nquads_write_quad(out, &ds->quads[i], NULL, NULL);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT,
			       again = MC__RDF_DATASET_INIT;
	mc_buf once = MC_BUF_INIT(1 << 24), twice = MC_BUF_INIT(1 << 24);
	char err[256] = "";
	int rc;

	ds.max = again.max = 10000;
	rc = mc__nquads_parse(&ds, (const char *)data, size, err, sizeof(err));
	if (rc != 0) {
		if ((rc != MC_EINVALID && rc != MC_ETOOBIG &&
		     rc != MC_ENOMEM) ||
		    !err[0])
			abort();
		goto cleanup;
	}
	if (write_all(&once, &ds) != 0)
		abort();
	if (!mc__utf8_valid(once.ptr, once.len))
		abort();
	if (mc__nquads_parse(&again, once.ptr, once.len, err, sizeof(err)) !=
		0 ||
	    again.len != ds.len)
		abort(); /* the writer wrote what the reader refuses */
	if (write_all(&twice, &again) != 0 || twice.len != once.len ||
	    memcmp(once.ptr, twice.ptr, once.len) != 0)
		abort(); /* not a fixed point */

cleanup:
	mc__buf_free(&once);
	mc__buf_free(&twice);
	mc__rdf_dataset_free(&ds);
	mc__rdf_dataset_free(&again);
	return 0;
}
