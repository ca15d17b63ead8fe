/*
 * Data Integrity proofs (W3C Verifiable Credential Data Integrity 1.0):
 * adding one proof, and verifying a proof, a proof set or a proof chain.
 * What each suite canonicalises and hashes is in proof_suite.c; the
 * signature is Ed25519 (eddsa suites, Ed25519Signature2020) or ECDSA
 * P-256 with SHA-256 in its r || s form (ecdsa suites), and proofValue is
 * "z" + base58btc(signature).
 */
#include "proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys/keys_private.h"
#include "util/encoding.h"

#define MAX_PROOFS 8

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int is_jcs(enum mc__suite suite)
{
	return suite == MC__SUITE_EDDSA_JCS_2022 ||
	       suite == MC__SUITE_ECDSA_JCS_2019;
}

/* The proof configuration a suite hashes: the proof options without
 * proofValue; the rdfc suites (and Ed25519Signature2020) add the
 * document's @context unless the options carry their own, the JCS suites
 * hash the options as they are (their proofs carry @context). */
static int proof_config(json_t **out, const json_t *options,
			const json_t *document, enum mc__suite suite)
{
	const json_t *ctx = json_object_get(document, "@context");

	if (!(*out = json_deep_copy(options)))
		return MC_ENOMEM;
	json_object_del(*out, "proofValue");
	if (!is_jcs(suite) && ctx && !json_object_get(*out, "@context") &&
	    json_object_set(*out, "@context", (json_t *)ctx)) {
		json_decref(*out);
		*out = NULL;
		return MC_ENOMEM;
	}
	return 0;
}

int mc__di_sign(json_t *doc, const struct mc__key *key, const char *vm,
		const char *created, int as_array, enum mc__suite suite,
		char *err, size_t errlen)
{
	unsigned char data[2 * MC__SHA256_LEN], *sig = NULL;
	size_t siglen = 0;
	char *value = NULL;
	json_t *options, *config = NULL;
	int error;

	if (suite == MC__SUITE_ED25519_2020 ||
	    mc__key_type(key) != mc__suite_key_type(suite)) {
		snprintf(err, errlen, "%s cannot sign with an %s key",
			 mc__suite_name(suite),
			 mc__key_type_name(mc__key_type(key)));
		return MC_EINVALID;
	}
	json_object_del(doc, "proof");
	options = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
	    "cryptosuite", mc__suite_name(suite), "created", created,
	    "verificationMethod", vm, "proofPurpose", "assertionMethod");
	if (!options)
		return MC_ENOMEM;
	/* The JCS suites keep the @context they hash in the proof (as the
	 * W3C test vectors do); the rdfc ones hash it and leave it out. */
	if (is_jcs(suite) && json_object_get(doc, "@context") &&
	    json_object_set(options, "@context",
			    json_object_get(doc, "@context"))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = proof_config(&config, options, doc, suite)) < 0 ||
	    (error = mc__di_hash_data(data, suite, config, doc, NULL, NULL,
				      NULL, err, errlen)) < 0 ||
	    (error = mc__sign(&sig, &siglen, key, mc__key_alg(key), data,
			      sizeof(data), err, errlen)) < 0 ||
	    (error = mc__multibase_encode(&value, 'z', sig, siglen)) < 0)
		goto cleanup;
	if (json_object_set_new(options, "proofValue", json_string(value)) ||
	    (as_array
		 ? json_object_set_new(doc, "proof", json_pack("[O]", options))
		 : json_object_set(doc, "proof", options)))
		error = MC_ENOMEM;

cleanup:
	json_decref(options);
	json_decref(config);
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

/* The suite a proof object names, or MC_EINVALID with the reason. */
static int proof_suite(enum mc__suite *suite, const json_t *proof, char *err,
		       size_t errlen)
{
	const char *type = str(proof, "type"), *cs = str(proof, "cryptosuite");

	if (mc__streq(type, "Ed25519Signature2020")) {
		*suite = MC__SUITE_ED25519_2020;
		return 0;
	}
	if (!mc__streq(type, "DataIntegrityProof")) {
		snprintf(err, errlen,
			 "proof.type: '%s' is not DataIntegrityProof or "
			 "Ed25519Signature2020",
			 type ? type : "");
		return MC_EINVALID;
	}
	if (mc__suite_parse(suite, cs) < 0) {
		snprintf(err, errlen,
			 "proof.cryptosuite: '%s' is not supported "
			 "(" MC__SUITES_ALLOWED ")",
			 cs ? cs : "");
		return MC_EINVALID;
	}
	return 0;
}

/* The proof's signature bytes, of the length its key type makes. */
static int proof_bytes(unsigned char **sig, const char *value, char *err,
		       size_t errlen)
{
	size_t siglen = 0;
	char base = 0, why[200] = "";

	if (mc__multibase_decode(sig, &siglen, &base, value, strlen(value), why,
				 sizeof(why)) < 0 ||
	    base != 'z' || siglen != 64) {
		snprintf(err, errlen,
			 "proof.proofValue: not a base58btc signature of 64 "
			 "bytes%s%s",
			 *why ? ": " : "", why);
		free(*sig);
		*sig = NULL;
		return MC_EINVALID;
	}
	return 0;
}

/* Verify one proof object against `unsecured` (the document without its
 * proofs, or with the ones this proof chains to). */
static int verify_one(const json_t *proof, json_t *unsecured, mc_store *store,
		      int network, char *err, size_t errlen)
{
	unsigned char data[2 * MC__SHA256_LEN], *sig = NULL;
	struct mc__key *key = NULL;
	json_t *config = NULL, *pctx;
	enum mc__suite suite;
	const char *vm, *value;
	int error;

	if (!json_is_object(proof)) {
		snprintf(err, errlen, "proof: must be an object");
		return MC_EINVALID;
	}
	if ((error = proof_suite(&suite, proof, err, errlen)) < 0)
		return error;
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
	if ((error = proof_bytes(&sig, value, err, errlen)) < 0)
		return error;
	pctx = json_object_get(proof, "@context");
	if (pctx && suite != MC__SUITE_ED25519_2020) {
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
	if (mc__key_type(key) != mc__suite_key_type(suite)) {
		snprintf(err, errlen, "%s: not a key %s can use", vm,
			 mc__suite_name(suite));
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = proof_config(&config, proof, unsecured, suite)) < 0 ||
	    (error = mc__di_hash_data(data, suite, config, unsecured, NULL,
				      NULL, NULL, err, errlen)) < 0)
		goto cleanup;
	error = mc__verify(key, mc__key_alg(key), data, sizeof(data), sig, 64,
			   err, errlen);
	if (error == MC_EBADSIG)
		snprintf(err, errlen,
			 "signature does not match: the credential was "
			 "altered or signed by another key (%s)",
			 vm);

cleanup:
	free(sig);
	json_decref(config);
	mc__key_free(key);
	return error;
}

/* The proofs `p` chains to (its previousProof ids), as an array; NULL
 * with the reason when one is not in the set. */
static int chained(json_t **out, const json_t *p, const json_t *proofs,
		   char *err, size_t errlen)
{
	const json_t *prev = json_object_get(p, "previousProof"), *id;
	size_t i, j, n = json_is_array(prev) ? json_array_size(prev) : 1;

	*out = NULL;
	if (!json_is_string(prev) && !json_is_array(prev)) {
		snprintf(err, errlen,
			 "proof.previousProof: must be a string or an array");
		return MC_EINVALID;
	}
	if (!(*out = json_array()))
		return MC_ENOMEM;
	for (i = 0; i < n; i++) {
		const json_t *found = NULL;

		id = json_is_array(prev) ? json_array_get(prev, i) : prev;
		for (j = 0; json_is_string(id) && j < json_array_size(proofs) &&
			    !found;
		     j++)
			if (json_equal(json_object_get(
					   json_array_get(proofs, j), "id"),
				       id))
				found = json_array_get(proofs, j);
		if (!found) {
			snprintf(err, errlen,
				 "proof.previousProof: '%s' is not a proof of "
				 "this document",
				 json_is_string(id) ? json_string_value(id)
						    : "(not a string)");
			json_decref(*out);
			*out = NULL;
			return MC_EINVALID;
		}
		if (json_array_append(*out, (json_t *)found)) {
			json_decref(*out);
			*out = NULL;
			return MC_ENOMEM;
		}
	}
	return 0;
}

/* The verification method the issuer binding looks at: in a proof set
 * or chain signed by several keys, the first proof whose method belongs
 * to the DID the credential names as issuer; else the first proof's. */
static const char *issuer_proof_vm(const json_t *doc, const json_t *all)
{
	const json_t *issuer = json_object_get(doc, "issuer");
	const char *id = json_is_object(issuer) ? str(issuer, "id")
						: json_string_value(issuer);
	size_t i, len = id ? strlen(id) : 0;

	for (i = 0; len && i < json_array_size(all); i++) {
		const char *vm =
		    str(json_array_get(all, i), "verificationMethod");

		if (vm && strncmp(vm, id, len) == 0 && vm[len] == '#')
			return vm;
	}
	return str(json_array_get(all, 0), "verificationMethod");
}

int mc__di_verify(const json_t *doc, mc_store *store, int network,
		  const char **vm, char *err, size_t errlen)
{
	const json_t *proof = json_object_get(doc, "proof");
	json_t *unsecured = NULL, *all = NULL, *prev = NULL;
	size_t i, n;
	int error = 0;

	*vm = NULL;
	if (!proof) {
		snprintf(err, errlen, "no proof");
		return MC_EINVALID;
	}
	n = json_is_array(proof) ? json_array_size(proof) : 1;
	if (n == 0 || n > MAX_PROOFS) {
		snprintf(err, errlen, "proof: expected 1 to %d proofs, got %zu",
			 MAX_PROOFS, n);
		return MC_EINVALID;
	}
	all = json_is_array(proof) ? json_incref((json_t *)proof)
				   : json_pack("[O]", proof);
	if (!all)
		return MC_ENOMEM;
	*vm = issuer_proof_vm(doc, all);
	for (i = 0; i < n && !error; i++) {
		const json_t *p = json_array_get(all, i);

		/* A shallow copy: removing and replacing top-level members
		 * leaves `doc` as it was. */
		if (!(unsecured = json_copy((json_t *)doc))) {
			error = MC_ENOMEM;
			break;
		}
		json_object_del(unsecured, "proof");
		if (json_object_get(p, "previousProof")) {
			error = chained(&prev, p, all, err, errlen);
			if (!error &&
			    json_object_set_new(unsecured, "proof", prev))
				error = MC_ENOMEM;
		}
		if (!error)
			error = verify_one(p, unsecured, store, network, err,
					   errlen);
		json_decref(unsecured);
	}
	json_decref(all);
	return error;
}
