/*
 * Unit tests for jws.c: the RFC 8037 EdDSA example, round trips for EdDSA,
 * RS256 and ES256, tampering, and every rejection the parser promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>

#include "crypto/crypto.h"
#include "util/encoding.h"
#include "crypto/jws.h"
#include "microcred/errors.h"

/* RFC 8037 appendix A.4 (the key of RFC 8032 test 1). */
#define RFC8037_SEED                                                           \
	"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
#define RFC8037_JWS                                                            \
	"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."            \
	"hgyY0il_MGCjP0JzlnLWG1PPOt7-"                                         \
	"09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt"                            \
	"9g7sVvpAr_MuM0KAg"

#define PAYLOAD "{\"iss\":\"https://issuer.example\",\"name\":\"Зварювання\"}"

struct keys {
	struct mc__key *ed, *rsa, *p256;
};

static int setup(void **state)
{
	struct keys *k = calloc(1, sizeof(*k));

	if (!k || mc__key_generate(&k->ed, MC__KEY_ED25519) ||
	    mc__key_generate(&k->rsa, MC__KEY_RSA2048) ||
	    mc__key_generate(&k->p256, MC__KEY_P256))
		return -1;
	*state = k;
	return 0;
}

static int teardown(void **state)
{
	struct keys *k = *state;

	mc__key_free(k->ed);
	mc__key_free(k->rsa);
	mc__key_free(k->p256);
	free(k);
	return 0;
}

/* A JWS with the given parts base64url-encoded from raw text. */
static char *assemble(const char *header, const char *payload,
		      const char *sig_b64)
{
	char *h = NULL, *p = NULL, *out;

	assert_int_equal(mc__b64url_encode(&h, (const unsigned char *)header,
					   strlen(header)),
			 0);
	assert_int_equal(mc__b64url_encode(&p, (const unsigned char *)payload,
					   strlen(payload)),
			 0);
	out = malloc(strlen(h) + strlen(p) + strlen(sig_b64) + 3);
	assert_non_null(out);
	sprintf(out, "%s.%s.%s", h, p, sig_b64);
	free(h);
	free(p);
	return out;
}

static void expect_parse_error(const char *jws, size_t len, int code,
			       const char *reason)
{
	mc__jws *parsed = NULL;
	char err[256] = "";

	assert_int_equal(mc__jws_parse(&parsed, jws, len, err, sizeof(err)),
			 code);
	assert_null(parsed);
	if (!strstr(err, reason))
		fail_msg("%.80s: got \"%s\", want \"%s\"", jws, err, reason);
}

static void test_rfc8037(void **state)
{
	unsigned char seed[32], *payload = NULL;
	struct mc__key *key = NULL;
	json_t *header = NULL;
	size_t payload_len = 0;
	char *out = NULL, err[256];

	(void)state;
	assert_int_equal(
	    mc__hex_decode_fixed(seed, 32, RFC8037_SEED, 64, NULL, 0), 0);
	assert_int_equal(mc__key_import_private(&key, MC__KEY_ED25519, seed, 32,
						err, sizeof(err)),
			 0);
	assert_int_equal(mc__jws_sign(&out, "{\"alg\":\"EdDSA\"}",
				      "Example of Ed25519 signing", 26, key,
				      "EdDSA"),
			 0);
	assert_string_equal(out, RFC8037_JWS);
	assert_int_equal(mc__jws_verify_compact(&header, &payload, &payload_len,
						out, strlen(out), key, err,
						sizeof(err)),
			 0);
	assert_string_equal(json_string_value(json_object_get(header, "alg")),
			    "EdDSA");
	assert_int_equal(payload_len, 26);
	assert_string_equal((char *)payload, "Example of Ed25519 signing");
	json_decref(header);
	free(payload);
	free(out);
	mc__key_free(key);
}

/* Sign with `key`, verify with its public JWK, then tamper. */
static void round_trip(struct mc__key *key, const char *alg)
{
	char header[128], *out = NULL, *forged, *s64 = NULL, err[256];
	struct mc__key *pub = NULL;
	json_t *jwk = NULL;
	mc__jws *jws = NULL;
	char *dot2;
	size_t i;

	snprintf(header, sizeof(header),
		 "{\"alg\":\"%s\",\"typ\":\"vc+jwt\",\"kid\":\"k1\"}", alg);
	assert_int_equal(
	    mc__jws_sign(&out, header, PAYLOAD, strlen(PAYLOAD), key, alg), 0);
	assert_int_equal(mc__key_export_jwk(&jwk, key), 0);
	assert_int_equal(mc__key_import_jwk(&pub, jwk, err, sizeof(err)), 0);
	json_decref(jwk);

	assert_int_equal(
	    mc__jws_parse(&jws, out, strlen(out), err, sizeof(err)), 0);
	assert_string_equal(jws->alg, alg);
	assert_string_equal(
	    json_string_value(json_object_get(jws->header, "typ")), "vc+jwt");
	assert_int_equal(jws->payload_len, strlen(PAYLOAD));
	assert_string_equal((char *)jws->payload, PAYLOAD);
	assert_int_equal(mc__jws_verify(jws, pub, err, sizeof(err)), 0);

	/* The signature one byte short. */
	assert_int_equal(mc__b64url_encode(&s64, jws->sig, jws->sig_len - 1),
			 0);
	forged = malloc(jws->signing_input_len + strlen(s64) + 2);
	assert_non_null(forged);
	sprintf(forged, "%s.%s", jws->signing_input, s64);
	assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, forged,
						strlen(forged), pub, err,
						sizeof(err)),
			 MC_EBADSIG);
	free(forged);
	free(s64);
	mc__jws_free(jws);

	/* The header is the exact bytes given. */
	forged = assemble(header, PAYLOAD, "");
	assert_memory_equal(out, forged, strlen(forged));
	free(forged);

	/* Another payload under the same signature. */
	dot2 = strrchr(out, '.');
	forged = assemble(header, PAYLOAD " ", dot2 + 1);
	assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, forged,
						strlen(forged), pub, err,
						sizeof(err)),
			 MC_EBADSIG);
	free(forged);

	/* Another header (same alg) under the same signature. */
	forged = assemble("{\"alg\":\"RS256\"}", PAYLOAD, dot2 + 1);
	if (strcmp(alg, "RS256") != 0) {
		/* ...whose alg is not the key's. */
		assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL,
							forged, strlen(forged),
							pub, err, sizeof(err)),
				 MC_EINVALID);
		assert_non_null(strstr(err, "cannot be used"));
	}
	free(forged);
	snprintf(header, sizeof(header), "{\"alg\":\"%s\",\"typ\":\"JWT\"}",
		 alg);
	forged = assemble(header, PAYLOAD, dot2 + 1);
	assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, forged,
						strlen(forged), pub, err,
						sizeof(err)),
			 MC_EBADSIG);
	free(forged);

	/* A changed signature character (not the last: its bits). */
	for (i = 1; i < 4; i++) {
		char *p = dot2 + 1 + i * 5;

		*p = *p == 'A' ? 'B' : 'A';
		assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, out,
							strlen(out), pub, err,
							sizeof(err)),
				 MC_EBADSIG);
	}
	free(out);
	mc__key_free(pub);
}

static void test_round_trip_eddsa(void **state)
{
	round_trip(((struct keys *)*state)->ed, "EdDSA");
}

static void test_round_trip_rs256(void **state)
{
	round_trip(((struct keys *)*state)->rsa, "RS256");
}

static void test_round_trip_es256(void **state)
{
	round_trip(((struct keys *)*state)->p256, "ES256");
}

static void test_wrong_key_type(void **state)
{
	struct keys *k = *state;
	char *out = NULL, err[256];

	assert_int_equal(
	    mc__jws_sign(&out, "{\"alg\":\"ES256\"}", "x", 1, k->p256, "ES256"),
	    0);
	assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, out,
						strlen(out), k->ed, err,
						sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "ES256 cannot be used with an Ed25519"));
	assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, out,
						strlen(out), k->rsa, err,
						sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, out,
						strlen(out), k->p256, err,
						sizeof(err)),
			 0);
	free(out);
}

static void test_parse_rejects(void **state)
{
	char *jws, *big;
	size_t n;

	(void)state;
	jws = assemble("{\"alg\":\"none\"}", PAYLOAD, "");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "\"none\"");
	free(jws);
	jws = assemble("{\"alg\":\"none\"}", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "\"none\"");
	free(jws);
	jws = assemble("{\"alg\":\"HS256\"}", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "HS256");
	free(jws);
	jws = assemble("{\"alg\":\"eddsa\"}", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "not accepted");
	free(jws);
	jws = assemble("{\"typ\":\"JWT\"}", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "\"alg\" missing");
	free(jws);
	jws = assemble("{\"alg\":[\"EdDSA\"]}", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "not a string");
	free(jws);
	jws = assemble("{\"alg\":\"EdDSA\",\"crit\":[\"b64\"],\"b64\":false}",
		       PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "crit");
	free(jws);
	jws =
	    assemble("{\"alg\":\"HS256\",\"alg\":\"EdDSA\"}", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "duplicate");
	free(jws);
	jws = assemble("[\"EdDSA\"]", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "not a JSON object");
	free(jws);
	jws = assemble("{\"alg\":\"EdDSA\"", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "not JSON");
	free(jws);
	jws = assemble("{\"alg\":\"EdDSA\"}", PAYLOAD, "");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "signature: empty");
	free(jws);

	/* Shape and base64url. */
	expect_parse_error("eyJhbGciOiJFZERTQSJ9.e30", 24, MC_EINVALID,
			   "three");
	expect_parse_error("eyJhbGciOiJFZERTQSJ9.e30.AAAA.AAAA", 34,
			   MC_EINVALID, "three");
	expect_parse_error("", 0, MC_EINVALID, "three");
	expect_parse_error("..", 2, MC_EINVALID, "not JSON");
	expect_parse_error("eyJhbGciOiJFZERTQSJ9.e30=.AAAA", 30, MC_EINVALID,
			   "payload: base64url: padding");
	expect_parse_error("eyJhbGciOiJFZERTQSJ9.e30.AA+A", 29, MC_EINVALID,
			   "signature: base64url");
	expect_parse_error("eyJhbGciOiJFZERTQSJ9.e31.AAAA", 29, MC_EINVALID,
			   "unused bits");
	expect_parse_error("eyJhbGciOiJFZERTQSJ9=.e30.AAAA", 30, MC_EINVALID,
			   "header: base64url");
	expect_parse_error("eyJhbGciOiJFZERTQSJ9.e30.AA\0A", 29, MC_EINVALID,
			   "signature: base64url");
	/* Header JSON that is not UTF-8. */
	jws = assemble("{\"alg\":\"EdDSA\",\"x\":\"\xff\"}", PAYLOAD, "AAAA");
	expect_parse_error(jws, strlen(jws), MC_EINVALID, "not JSON");
	free(jws);

	/* Size bound. */
	n = MC__JWS_MAX + 1;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'A', n);
	big[n] = '\0';
	memcpy(big, "eyJhbGciOiJFZERTQSJ9.", 21);
	big[n - 5] = '.';
	expect_parse_error(big, n, MC_ETOOBIG, "more than");
	free(big);
}

static void test_sign_rejects(void **state)
{
	struct keys *k = *state;
	struct mc__key *pub = NULL;
	unsigned char pk[32];
	char *out = NULL;

	assert_int_equal(
	    mc__jws_sign(&out, "{\"alg\":\"EdDSA\"}", "x", 1, k->ed, "ES256"),
	    MC_EINVALID);
	assert_int_equal(
	    mc__jws_sign(&out, "{\"alg\":\"ES256\"}", "x", 1, k->ed, "ES256"),
	    MC_EINVALID);
	assert_int_equal(
	    mc__jws_sign(&out, "{\"alg\":\"none\"}", "x", 1, k->ed, "none"),
	    MC_EINVALID);
	assert_int_equal(
	    mc__jws_sign(&out, "{\"alg\":\"EdDSA\"", "x", 1, k->ed, "EdDSA"),
	    MC_EINVALID);
	assert_int_equal(mc__jws_sign(&out,
				      "{\"alg\":\"EdDSA\",\"crit\":[\"x\"]}",
				      "x", 1, k->ed, "EdDSA"),
			 MC_EINVALID);
	assert_int_equal(mc__key_export_ed25519(pk, k->ed), 0);
	assert_int_equal(mc__key_import_ed25519(&pub, pk), 0);
	assert_int_equal(
	    mc__jws_sign(&out, "{\"alg\":\"EdDSA\"}", "x", 1, pub, "EdDSA"),
	    MC_EINVALID);
	assert_null(out);
	mc__key_free(pub);
	/* An empty payload is a valid JWS. */
	assert_int_equal(
	    mc__jws_sign(&out, "{\"alg\":\"EdDSA\"}", "", 0, k->ed, "EdDSA"),
	    0);
	assert_int_equal(mc__jws_verify_compact(NULL, NULL, NULL, out,
						strlen(out), k->ed, NULL, 0),
			 0);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc8037),
	    cmocka_unit_test(test_round_trip_eddsa),
	    cmocka_unit_test(test_round_trip_rs256),
	    cmocka_unit_test(test_round_trip_es256),
	    cmocka_unit_test(test_wrong_key_type),
	    cmocka_unit_test(test_parse_rejects),
	    cmocka_unit_test(test_sign_rejects),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
