/*
 * Data Integrity cryptosuites against the W3C vectors
 * ($MC_FIXTURES/vc/vc-di-eddsa-TestVectors, from w3c/vc-di-eddsa):
 * for eddsa-rdfc-2022 (the spec's example and its `employ` example),
 * Ed25519Signature2020 and eddsa-jcs-2022, the canonical document and
 * proof configuration byte for byte, their hashes, the signature of the
 * vectors' key and its base58btc form; every signed example verifies and
 * one changed character fails it; proof sets and chains verify.  Then the
 * suites of our own: each signs and verifies a credential with a fresh
 * key (ecdsa on P-256), a term no context defines is refused (safe mode)
 * and an unknown context is "cannot tell" (MC_ENOTSUP), never fetched.
 *
 * The W3C examples use https://www.w3.org/ns/credentials/examples/v2, a
 * context for examples that the platform does not pin: the test's loader
 * gives it (its published text, one @vocab).  The vector tests skip, with
 * the reason printed, when the fixtures are absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credentials/proof.h"
#include "crypto/crypto.h"
#include "ld/ld.h"
#include "util/encoding.h"

#define EXAMPLES_V2 "https://www.w3.org/ns/credentials/examples/v2"

static char dir[1024];

static json_t *examples_loader(const char *url, void *arg)
{
	(void)arg;
	if (strcmp(url, EXAMPLES_V2) == 0)
		return json_pack("{s:{s:s}}", "@context", "@vocab",
				 "https://www.w3.org/ns/credentials/examples#");
	return NULL;
}

static const struct mc__ld_options *ld_options(void)
{
	static struct mc__ld_options o;

	memset(&o, 0, sizeof(o));
	o.safe = 1;
	o.load = examples_loader;
	return &o;
}

/* The vectors' folder, or skip. */
static void need_vectors(void)
{
	const char *f = getenv("MC_FIXTURES");

	snprintf(dir, sizeof(dir), "%s/vc/vc-di-eddsa-TestVectors",
		 f ? f : "../shared/fixtures");
	if (access(dir, R_OK) != 0) {
		printf("skipped: %s is absent (../shared not checked out)\n",
		       dir);
		skip();
	}
}

static char *slurp(const char *name)
{
	char path[1400], *buf;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static json_t *load(const char *name)
{
	char path[1400];
	json_error_t e;
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(j = json_load_file(path, 0, &e)))
		fail_msg("%s: %s", path, e.text);
	return j;
}

/* The first line of a file, trimmed. */
static char *line(const char *name)
{
	char *s = slurp(name);

	s[strcspn(s, "\r\n")] = '\0';
	return s;
}

static void hex_equal(const unsigned char *got, size_t n, const char *file)
{
	char *want = line(file), *text = NULL;

	assert_int_equal(mc__hex_encode(&text, got, n), 0);
	assert_string_equal(text, want);
	free(text);
	free(want);
}

static struct mc__key *vector_key(void)
{
	json_t *pair = load("keyPair.json");
	unsigned char seed[32];
	struct mc__key *key = NULL;
	char err[256];

	assert_int_equal(
	    mc__multikey_decode_private(
		seed,
		json_string_value(json_object_get(pair, "privateKeyMultibase")),
		err, sizeof(err)),
	    0);
	assert_int_equal(mc__key_import_private(&key, MC__KEY_ED25519, seed, 32,
						err, sizeof(err)),
			 0);
	json_decref(pair);
	return key;
}

/* Verify `doc`, which must verify; then with one character of its
 * credentialSubject changed, which must fail. */
static void verify_and_tamper(json_t *doc)
{
	const char *vm = NULL;
	char err[512] = "";
	json_t *subject, *copy;
	int error = mc__di_verify(doc, NULL, 0, &vm, err, sizeof(err));

	if (error != 0)
		fail_msg("verify: %d %s", error, err);
	copy = json_deep_copy(doc);
	subject = json_object_get(copy, "credentialSubject");
	assert_non_null(subject);
	json_object_set_new(subject, "id", json_string("did:example:abcdefgi"));
	assert_int_equal(mc__di_verify(copy, NULL, 0, &vm, err, sizeof(err)),
			 MC_EBADSIG);
	json_decref(copy);
}

/* One suite's vectors: prefix names the files ("DataInt", "EdSig",
 * "JCS"). */
static void check_vectors(const char *sub, const char *prefix,
			  const char *unsigned_file, enum mc__suite suite)
{
	char name[256], err[512] = "", *canon_config = NULL, *canon_doc = NULL;
	char *want, *b58 = NULL;
	unsigned char data[64], *sig = NULL;
	size_t siglen = 0;
	struct mc__key *key;
	json_t *doc, *config, *signed_doc;

	need_vectors();
	doc = load(unsigned_file);
	snprintf(name, sizeof(name), "%s/proofConfig%s.json", sub, prefix);
	config = load(name);
	if (strcmp(prefix, "EdSig") == 0)
		/* Ed25519Signature2020 hashes its options with the document's
		 * @context, which carries the suite's context. */
		json_object_set(doc, "@context",
				json_object_get(config, "@context"));
	if (mc__di_hash_data(data, suite, config, doc, ld_options(),
			     &canon_config, &canon_doc, err, sizeof(err)) < 0)
		fail_msg("%s: %s", sub, err);
	snprintf(name, sizeof(name), "%s/canonDoc%s.txt", sub, prefix);
	want = slurp(name);
	assert_string_equal(canon_doc, want);
	free(want);
	snprintf(name, sizeof(name), "%s/proofCanon%s.txt", sub, prefix);
	want = slurp(name);
	assert_string_equal(canon_config, want);
	free(want);
	snprintf(name, sizeof(name), "%s/proofHash%s.txt", sub, prefix);
	hex_equal(data, 32, name);
	snprintf(name, sizeof(name), "%s/docHash%s.txt", sub, prefix);
	hex_equal(data + 32, 32, name);
	snprintf(name, sizeof(name), "%s/combinedHash%s.txt", sub, prefix);
	hex_equal(data, 64, name);

	key = vector_key();
	assert_int_equal(
	    mc__sign(&sig, &siglen, key, "EdDSA", data, 64, err, sizeof(err)),
	    0);
	snprintf(name, sizeof(name), "%s/sigHex%s.txt", sub, prefix);
	hex_equal(sig, siglen, name);
	assert_int_equal(mc__multibase_encode(&b58, 'z', sig, siglen), 0);
	snprintf(name, sizeof(name), "%s/sigBTC58%s.txt", sub, prefix);
	want = line(name);
	assert_string_equal(b58, want);
	free(want);

	snprintf(name, sizeof(name), "%s/signed%s.json", sub, prefix);
	signed_doc = load(name);
	verify_and_tamper(signed_doc);
	json_decref(signed_doc);
	mc__key_free(key);
	free(sig);
	free(b58);
	free(canon_config);
	free(canon_doc);
	json_decref(doc);
	json_decref(config);
}

static void test_eddsa_rdfc_2022(void **state)
{
	(void)state;
	check_vectors("eddsa-rdfc-2022", "DataInt", "unsigned.json",
		      MC__SUITE_EDDSA_RDFC_2022);
}

static void test_eddsa_rdfc_2022_employ(void **state)
{
	(void)state;
	check_vectors("eddsa-rdfc-2022/employ", "DataInt",
		      "employmentAuth.json", MC__SUITE_EDDSA_RDFC_2022);
}

static void test_ed25519_signature_2020(void **state)
{
	(void)state;
	check_vectors("Ed25519Signature2020", "EdSig", "unsigned.json",
		      MC__SUITE_ED25519_2020);
}

static void test_eddsa_jcs_2022(void **state)
{
	(void)state;
	check_vectors("eddsa-jcs-2022", "JCS", "unsigned.json",
		      MC__SUITE_EDDSA_JCS_2022);
}

/* Proof sets (independent proofs) and chains (previousProof): each
 * signed example verifies; changing the subject fails. */
static void test_proof_sets_and_chains(void **state)
{
	static const char *const files[] = {
	    "proof-set-chain/signedProofSet1.json",
	    "proof-set-chain/signedProofSet2.json",
	    "proof-set-chain/signedProofChain1.json",
	    "proof-set-chain/signedProofChain2.json"};
	const char *vm = NULL;
	char err[512];
	size_t i;

	(void)state;
	need_vectors();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		json_t *doc = load(files[i]), *proofs;

		verify_and_tamper(doc);
		/* A chain whose previous proof is gone does not verify. */
		proofs = json_object_get(doc, "proof");
		if (json_array_size(proofs) > 1 &&
		    json_object_get(json_array_get(proofs, 1),
				    "previousProof")) {
			json_array_remove(proofs, 0);
			assert_int_equal(
			    mc__di_verify(doc, NULL, 0, &vm, err, sizeof(err)),
			    MC_EINVALID);
			assert_non_null(strstr(err, "previousProof"));
		}
		json_decref(doc);
	}
}

/* A verification method for `key` that resolves offline: its did:key
 * (Ed25519 "z6Mk...", P-256 "zDn..." of the compressed point). */
static char *vm_of(const struct mc__key *key)
{
	unsigned char pk[32], bytes[35], *x = NULL, *y = NULL;
	size_t xlen = 0, ylen = 0;
	char *vm = NULL, *mb = NULL;
	const char *xs, *ys;
	json_t *jwk = NULL;

	if (mc__key_type(key) == MC__KEY_ED25519) {
		assert_int_equal(mc__key_export_ed25519(pk, key), 0);
		assert_int_equal(mc__didkey_vm_from_ed25519(&vm, pk), 0);
		return vm;
	}
	assert_int_equal(mc__key_export_jwk(&jwk, key), 0);
	xs = json_string_value(json_object_get(jwk, "x"));
	ys = json_string_value(json_object_get(jwk, "y"));
	assert_int_equal(mc__b64url_decode(&x, &xlen, xs, strlen(xs), NULL, 0),
			 0);
	assert_int_equal(mc__b64url_decode(&y, &ylen, ys, strlen(ys), NULL, 0),
			 0);
	assert_int_equal(xlen, 32);
	assert_int_equal(ylen, 32);
	bytes[0] = 0x80;
	bytes[1] = 0x24;
	bytes[2] = (y[31] & 1) ? 0x03 : 0x02;
	memcpy(bytes + 3, x, 32);
	assert_int_equal(mc__multibase_encode(&mb, 'z', bytes, sizeof(bytes)),
			 0);
	assert_true(strncmp(mb, "zDn", 3) == 0);
	vm = malloc(2 * strlen(mb) + 16);
	sprintf(vm, "did:key:%s#%s", mb, mb);
	free(mb);
	free(x);
	free(y);
	json_decref(jwk);
	return vm;
}

static json_t *ob3_credential(void)
{
	json_t *doc = json_loads(
	    "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\","
	    " \"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
	    " \"id\": \"urn:uuid:6f5b0a3e-1b0e-4c53-9a43-0a1e1f0c0b11\","
	    " \"type\": [\"VerifiableCredential\", \"OpenBadgeCredential\"],"
	    " \"name\": \"Зварювання сталевих конструкцій\","
	    " \"issuer\": {\"id\": \"did:example:issuer\", \"type\": "
	    "[\"Profile\"], \"name\": \"Ліцей №1\"},"
	    " \"validFrom\": \"2026-01-01T00:00:00Z\","
	    " \"credentialSubject\": {\"type\": [\"AchievementSubject\"],"
	    " \"achievement\": {\"id\": \"https://example.org/mc/1\","
	    " \"type\": [\"Achievement\"], \"name\": \"Зварювання\","
	    " \"description\": \"ჯგუფი\", \"criteria\": {\"narrative\": "
	    "\"Ա\"}, \"creditsAvailable\": 36.0}}}",
	    0, NULL);

	assert_non_null(doc);
	return doc;
}

/* Every signing suite signs and verifies with a key of its type;
 * the signed credential altered fails; a key of the other type is
 * refused when signing. */
static void test_sign_verify_each_suite(void **state)
{
	static const enum mc__suite suites[] = {
	    MC__SUITE_EDDSA_RDFC_2022, MC__SUITE_EDDSA_JCS_2022,
	    MC__SUITE_ECDSA_RDFC_2019, MC__SUITE_ECDSA_JCS_2019};
	const char *vm_out = NULL;
	char err[512] = "";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		struct mc__key *key = NULL, *other = NULL;
		enum mc__key_type type = mc__suite_key_type(suites[i]);
		json_t *doc = ob3_credential(), *proof;
		char *vm;

		assert_int_equal(mc__key_generate(&key, type), 0);
		assert_int_equal(mc__key_generate(&other, type == MC__KEY_P256
							      ? MC__KEY_ED25519
							      : MC__KEY_P256),
				 0);
		vm = vm_of(key);
		if (mc__di_sign(doc, key, vm, "2026-12-07T00:00:00Z", 1,
				suites[i], err, sizeof(err)) < 0)
			fail_msg("%s: %s", mc__suite_name(suites[i]), err);
		proof = json_array_get(json_object_get(doc, "proof"), 0);
		assert_string_equal(
		    json_string_value(json_object_get(proof, "cryptosuite")),
		    mc__suite_name(suites[i]));
		if (mc__di_verify(doc, NULL, 0, &vm_out, err, sizeof(err)) < 0)
			fail_msg("%s: %s", mc__suite_name(suites[i]), err);
		assert_string_equal(vm_out, vm);
		verify_and_tamper(doc);
		assert_int_equal(mc__di_sign(doc, other, vm,
					     "2026-12-07T00:00:00Z", 1,
					     suites[i], err, sizeof(err)),
				 MC_EINVALID);
		json_decref(doc);
		free(vm);
		mc__key_free(key);
		mc__key_free(other);
	}
}

/* Safe mode: a term no context defines is refused when signing and when
 * verifying (an rdfc signature would not cover it); an unknown context
 * is MC_ENOTSUP, never fetched, never "invalid". */
static void test_undefined_term_and_unknown_context(void **state)
{
	struct mc__key *key = NULL;
	const char *vm_out = NULL;
	char err[512] = "", *vm;
	json_t *doc, *signed_doc;

	(void)state;
	assert_int_equal(mc__key_generate(&key, MC__KEY_ED25519), 0);
	vm = vm_of(key);

	/* VC 1.1's context has no @vocab: "favouriteColour" is defined by
	 * nothing (the Data Integrity context defines the proof's terms). */
	doc = json_pack("{s:[s, s], s:s, s:[s], s:s, s:s, s:{s:s, s:s}}",
			"@context", "https://www.w3.org/2018/credentials/v1",
			"https://w3id.org/security/data-integrity/v2", "id",
			"urn:uuid:1", "type", "VerifiableCredential", "issuer",
			"did:example:issuer", "issuanceDate",
			"2026-01-01T00:00:00Z", "credentialSubject", "id",
			"did:example:s", "favouriteColour", "green");
	assert_int_equal(mc__di_sign(doc, key, vm, "2026-12-07T00:00:00Z", 0,
				     MC__SUITE_EDDSA_RDFC_2022, err,
				     sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "undefined term"));
	if (!strstr(err, "favouriteColour"))
		fail_msg("%s", err);

	/* Signed without the term, then the term added: refused by name. */
	json_object_del(json_object_get(doc, "credentialSubject"),
			"favouriteColour");
	assert_int_equal(mc__di_sign(doc, key, vm, "2026-12-07T00:00:00Z", 0,
				     MC__SUITE_EDDSA_RDFC_2022, err,
				     sizeof(err)),
			 0);
	signed_doc = json_deep_copy(doc);
	json_object_set_new(json_object_get(signed_doc, "credentialSubject"),
			    "favouriteColour", json_string("green"));
	assert_int_equal(
	    mc__di_verify(signed_doc, NULL, 0, &vm_out, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "undefined term"));
	json_decref(signed_doc);

	/* A context nobody pinned: cannot tell. */
	json_array_append_new(json_object_get(doc, "@context"),
			      json_string("https://unknown.example/ctx.json"));
	assert_int_equal(mc__di_verify(doc, NULL, 0, &vm_out, err, sizeof(err)),
			 MC_ENOTSUP);
	assert_non_null(strstr(err, "unknown.example"));
	json_decref(doc);
	free(vm);
	mc__key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_eddsa_rdfc_2022),
	    cmocka_unit_test(test_eddsa_rdfc_2022_employ),
	    cmocka_unit_test(test_ed25519_signature_2020),
	    cmocka_unit_test(test_eddsa_jcs_2022),
	    cmocka_unit_test(test_proof_sets_and_chains),
	    cmocka_unit_test(test_sign_verify_each_suite),
	    cmocka_unit_test(test_undefined_term_and_unknown_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
