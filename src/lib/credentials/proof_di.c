/*
 * Data Integrity proofs, cryptosuite eddsa-jcs-2022: the hash of the JCS
 * form of the proof options, then of the document without its proof, is
 * signed with Ed25519; proofValue is "z" + base58btc(signature).
 */
#include "proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/encoding.h"
#include "json/jcs.h"
#include "keys/keys_private.h"

/* SHA-256(JCS(value)) into out; 0 or an MC_E* code with `err` set. */
static int jcs_hash(unsigned char out[MC__SHA256_LEN], const json_t *value,
		    char *err, size_t errlen, const char *what)
{
	char *c = NULL;
	size_t len = 0;
	int error = mc__jcs(&c, &len, value);

	if (error < 0) {
		snprintf(err, errlen, "%s cannot be canonicalised (RFC 8785)",
			 what);
		return error;
	}
	mc__sha256(out, c, len);
	free(c);
	return 0;
}

/* hashData: SHA-256(JCS(options)) || SHA-256(JCS(document)). */
static int hash_data(unsigned char out[2 * MC__SHA256_LEN],
		     const json_t *options, const json_t *document, char *err,
		     size_t errlen)
{
	int error = jcs_hash(out, options, err, errlen, "proof options");

	if (!error)
		error = jcs_hash(out + MC__SHA256_LEN, document, err, errlen,
				 "document");
	return error;
}

int mc__di_sign(json_t *doc, const struct mc__key *key, const char *vm,
		const char *created, int as_array, char *err, size_t errlen)
{
	unsigned char data[2 * MC__SHA256_LEN], *sig = NULL;
	size_t siglen = 0;
	char *value = NULL;
	json_t *options, *ctx = json_object_get(doc, "@context");
	int error;

	json_object_del(doc, "proof");
	options = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
	    "cryptosuite", MC__CRYPTOSUITE, "created", created,
	    "verificationMethod", vm, "proofPurpose", "assertionMethod");
	if (!options)
		return MC_ENOMEM;
	if (ctx && json_object_set(options, "@context", ctx)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = hash_data(data, options, doc, err, errlen)) < 0 ||
	    (error = mc__sign(&sig, &siglen, key, "EdDSA", data, sizeof(data),
			      err, errlen)) < 0 ||
	    (error = mc__multibase_encode(&value, 'z', sig, siglen)) < 0)
		goto cleanup;
	if (json_object_set_new(options, "proofValue", json_string(value)) ||
	    (as_array
		 ? json_object_set_new(doc, "proof", json_pack("[O]", options))
		 : json_object_set(doc, "proof", options)))
		error = MC_ENOMEM;

cleanup:
	json_decref(options);
	free(sig);
	free(value);
	return error;
}

/* Non-zero if array `prefix` is a prefix of array `of` (or equal
 * strings/values when they are not arrays). */
static int starts_with(const json_t *of, const json_t *prefix)
{
	size_t i;

	if (!json_is_array(prefix) || !json_is_array(of))
		return json_equal(of, prefix);
	if (json_array_size(prefix) > json_array_size(of))
		return 0;
	for (i = 0; i < json_array_size(prefix); i++)
		if (!json_equal(json_array_get(of, i),
				json_array_get(prefix, i)))
			return 0;
	return 1;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Verify one proof object against the document without proofs. */
static int verify_one(const json_t *proof, json_t *unsecured, mc_store *store,
		      int network, char *err, size_t errlen)
{
	unsigned char data[2 * MC__SHA256_LEN], *sig = NULL;
	size_t siglen = 0;
	char base = 0, why[200] = "";
	struct mc__key *key = NULL;
	json_t *options = NULL, *pctx;
	const char *vm, *value;
	int error;

	if (!json_is_object(proof)) {
		snprintf(err, errlen, "proof: must be an object");
		return MC_EINVALID;
	}
	if (!mc__streq(str(proof, "type"), "DataIntegrityProof")) {
		snprintf(err, errlen,
			 "proof.type: '%s' is not "
			 "DataIntegrityProof",
			 str(proof, "type") ? str(proof, "type") : "");
		return MC_EINVALID;
	}
	if (!mc__streq(str(proof, "cryptosuite"), MC__CRYPTOSUITE)) {
		snprintf(err, errlen,
			 "proof.cryptosuite: '%s' is not supported (only "
			 "eddsa-jcs-2022)",
			 str(proof, "cryptosuite") ? str(proof, "cryptosuite")
						   : "");
		return MC_EINVALID;
	}
	if (!mc__streq(str(proof, "proofPurpose"), "assertionMethod")) {
		snprintf(err, errlen,
			 "proof.proofPurpose: must be "
			 "assertionMethod");
		return MC_EINVALID;
	}
	vm = str(proof, "verificationMethod");
	value = str(proof, "proofValue");
	if (!vm || !value) {
		snprintf(err, errlen, "proof: %s missing",
			 !vm ? "verificationMethod" : "proofValue");
		return MC_EINVALID;
	}
	if (mc__multibase_decode(&sig, &siglen, &base, value, strlen(value),
				 why, sizeof(why)) < 0 ||
	    base != 'z' || siglen != MC__ED25519_SIG_LEN) {
		snprintf(
		    err, errlen,
		    "proof.proofValue: not a base58btc Ed25519 signature%s%s",
		    *why ? ": " : "", why);
		error = MC_EINVALID;
		goto cleanup;
	}
	if (!(options = json_copy((json_t *)proof))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	json_object_del(options, "proofValue");
	pctx = json_object_get(options, "@context");
	if (pctx) {
		if (!starts_with(json_object_get(unsecured, "@context"),
				 pctx)) {
			snprintf(err, errlen,
				 "proof.@context: does not match "
				 "the document's @context");
			error = MC_EINVALID;
			goto cleanup;
		}
		json_object_set(unsecured, "@context", pctx);
	}
	if ((error = mc__key_resolve(store, &key, vm, network, err, errlen)) <
	    0)
		goto cleanup;
	if (mc__key_type(key) != MC__KEY_ED25519) {
		snprintf(err, errlen, "%s: not an Ed25519 key", vm);
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = hash_data(data, options, unsecured, err, errlen)) < 0)
		goto cleanup;
	error = mc__verify(key, "EdDSA", data, sizeof(data), sig, siglen, err,
			   errlen);
	if (error == MC_EBADSIG)
		snprintf(err, errlen,
			 "signature does not match: the credential was "
			 "altered or signed by another key (%s)",
			 vm);

cleanup:
	free(sig);
	json_decref(options);
	mc__key_free(key);
	return error;
}

int mc__di_verify(const json_t *doc, mc_store *store, int network,
		  const char **vm, char *err, size_t errlen)
{
	const json_t *proof = json_object_get(doc, "proof");
	json_t *unsecured = NULL;
	size_t i, n;
	int error = 0;

	*vm = NULL;
	if (!proof) {
		snprintf(err, errlen, "no proof");
		return MC_EINVALID;
	}
	n = json_is_array(proof) ? json_array_size(proof) : 1;
	if (n == 0 || n > 8) {
		snprintf(err, errlen, "proof: expected 1 to 8 proofs, got %zu",
			 n);
		return MC_EINVALID;
	}
	*vm = str(json_is_array(proof) ? json_array_get(proof, 0) : proof,
		  "verificationMethod");
	for (i = 0; i < n && !error; i++) {
		const json_t *p =
		    json_is_array(proof) ? json_array_get(proof, i) : proof;

		/* A shallow copy: removing and replacing top-level members
		 * leaves `doc` as it was. */
		if (!(unsecured = json_copy((json_t *)doc)))
			return MC_ENOMEM;
		json_object_del(unsecured, "proof");
		error = verify_one(p, unsecured, store, network, err, errlen);
		json_decref(unsecured);
	}
	return error;
}
