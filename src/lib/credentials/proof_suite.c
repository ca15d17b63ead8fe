/*
 * The Data Integrity suites' names, key types and hashData: SHA-256 of
 * the canonical proof configuration, then of the canonical document, each
 * canonicalised as its suite says (RDFC-1.0 N-Quads of the JSON-LD
 * document, or RFC 8785 JSON).
 */
#include "proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/jcs.h"
#include "ld/ld.h"

static const struct {
	const char *name;
	enum mc__key_type key;
	int rdfc;
} suites[] = {
    [MC__SUITE_EDDSA_RDFC_2022] = {"eddsa-rdfc-2022", MC__KEY_ED25519, 1},
    [MC__SUITE_EDDSA_JCS_2022] = {"eddsa-jcs-2022", MC__KEY_ED25519, 0},
    [MC__SUITE_ECDSA_RDFC_2019] = {"ecdsa-rdfc-2019", MC__KEY_P256, 1},
    [MC__SUITE_ECDSA_JCS_2019] = {"ecdsa-jcs-2019", MC__KEY_P256, 0},
    [MC__SUITE_ED25519_2020] = {"Ed25519Signature2020", MC__KEY_ED25519, 1},
};

int mc__suite_parse(enum mc__suite *out, const char *name)
{
	size_t i;

	for (i = 0; name && i < MC__SUITE_ED25519_2020; i++)
		if (strcmp(name, suites[i].name) == 0) {
			*out = (enum mc__suite)i;
			return 0;
		}
	return MC_EINVALID;
}

const char *mc__suite_name(enum mc__suite suite)
{
	return suites[suite].name;
}

enum mc__key_type mc__suite_key_type(enum mc__suite suite)
{
	return suites[suite].key;
}

/* The canonical form of `value` as its suite says, into *out. */
static int canonicalise(char **out, size_t *len, enum mc__suite suite,
			const json_t *value, const struct mc__ld_options *ld,
			const char *what, char *err, size_t errlen)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__ld_options safe;
	char why[512] = "";
	int error;

	if (!suites[suite].rdfc) {
		if ((error = mc__jcs(out, len, value)) < 0 &&
		    error != MC_ENOMEM)
			snprintf(err, errlen,
				 "%s cannot be canonicalised (RFC 8785)", what);
		return error;
	}
	if (!ld) {
		memset(&safe, 0, sizeof(safe));
		safe.safe = 1;
		ld = &safe;
	}
	error = mc__ld_to_rdf(&ds, value, ld, why, sizeof(why));
	if (!error)
		error = mc__rdfc(out, len, &ds, NULL, why, sizeof(why));
	mc__rdf_dataset_free(&ds);
	if (error == MC_ENOTFOUND)
		error = MC_ENOTSUP; /* an unknown context: cannot tell */
	if (error < 0 && error != MC_ENOMEM)
		snprintf(err, errlen, "%s: %s", what, why);
	return error;
}

int mc__di_hash_data(unsigned char out[64], enum mc__suite suite,
		     const json_t *config, const json_t *document,
		     const struct mc__ld_options *ld, char **canon_config,
		     char **canon_doc, char *err, size_t errlen)
{
	char *c = NULL, *d = NULL;
	size_t clen = 0, dlen = 0;
	int error;

	if ((error = canonicalise(&c, &clen, suite, config, ld,
				  "proof configuration", err, errlen)) < 0 ||
	    (error = canonicalise(&d, &dlen, suite, document, ld, "document",
				  err, errlen)) < 0)
		goto cleanup;
	mc__sha256(out, c, clen);
	mc__sha256(out + MC__SHA256_LEN, d, dlen);
	if (canon_config) {
		*canon_config = c;
		c = NULL;
	}
	if (canon_doc) {
		*canon_doc = d;
		d = NULL;
	}

cleanup:
	free(c);
	free(d);
	return error;
}
