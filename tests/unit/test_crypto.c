/*
 * Unit tests for crypto.c: RFC 8032 and RFC 8037 known answers, the W3C
 * eddsa-jcs-2022 key pair and signature ($MC_FIXTURES/vc/...; those tests
 * are skipped with a printed reason when the fixtures are absent), keys of
 * all three types through every export and import, signatures and their
 * rejections, did:key, sealed secrets and the master key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <jansson.h>

#include "crypto/crypto.h"
#include "util/encoding.h"
#include "microcred/errors.h"

/* RFC 8032 section 7.1, test 1. */
#define RFC8032_SECRET                                                         \
	"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
#define RFC8032_PUBLIC                                                         \
	"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
#define RFC8032_SIG                                                            \
	"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8" \
	"821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"

#define W3C_PUBLIC  "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
#define W3C_PRIVATE "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"

static char vectors_dir[1024];
static char tmp_dir[256];

static void hex(unsigned char *out, size_t n, const char *text)
{
	assert_int_equal(
	    mc__hex_decode_fixed(out, n, text, strlen(text), NULL, 0), 0);
}

/* The first line of a fixture file, or skip the test when absent. */
static char *fixture_line(const char *name)
{
	char path[1200], *line;
	FILE *f;

	if (!vectors_dir[0]) {
		printf("skipped: MC_FIXTURES is not set (run under ctest)\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/%s", vectors_dir, name);
	if (!(f = fopen(path, "r"))) {
		printf("skipped: %s is absent (../shared not checked out)\n",
		       path);
		skip();
	}
	line = calloc(1, 4096);
	assert_non_null(line);
	assert_non_null(fgets(line, 4096, f));
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

static void test_sha256(void **state)
{
	unsigned char out[32], want[32];

	(void)state;
	mc__sha256(out, "abc", 3);
	hex(want, 32,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_memory_equal(out, want, 32);
	mc__sha256(out, "", 0);
	hex(want, 32,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_memory_equal(out, want, 32);
}

static void test_rfc8032_test1(void **state)
{
	unsigned char seed[32], pk[32], want_sig[64], got[32];
	unsigned char *sig = NULL, *exported = NULL;
	size_t siglen = 0, exportedlen = 0;
	struct mc__key *key = NULL, *pub = NULL;
	char err[256];

	(void)state;
	hex(seed, 32, RFC8032_SECRET);
	hex(pk, 32, RFC8032_PUBLIC);
	hex(want_sig, 64, RFC8032_SIG);
	assert_int_equal(mc__key_import_private(&key, MC__KEY_ED25519, seed, 32,
						err, sizeof(err)),
			 0);
	assert_true(mc__key_has_private(key));
	assert_string_equal(mc__key_alg(key), "EdDSA");
	assert_int_equal(mc__key_export_ed25519(got, key), 0);
	assert_memory_equal(got, pk, 32);
	assert_int_equal(
	    mc__sign(&sig, &siglen, key, "EdDSA", NULL, 0, err, sizeof(err)),
	    0);
	assert_int_equal(siglen, 64);
	assert_memory_equal(sig, want_sig, 64);
	/* The private key exports as its seed. */
	assert_int_equal(mc__key_export_private(&exported, &exportedlen, key),
			 0);
	assert_int_equal(exportedlen, 32);
	assert_memory_equal(exported, seed, 32);
	mc__secret_free(exported, exportedlen);
	/* A public key verifies it and nothing else. */
	assert_int_equal(mc__key_import_ed25519(&pub, pk), 0);
	assert_false(mc__key_has_private(pub));
	assert_int_equal(
	    mc__verify(pub, "EdDSA", NULL, 0, sig, 64, err, sizeof(err)), 0);
	assert_int_equal(mc__verify(pub, "EdDSA", (const unsigned char *)"x", 1,
				    sig, 64, err, sizeof(err)),
			 MC_EBADSIG);
	sig[10] ^= 1;
	assert_int_equal(
	    mc__verify(pub, "EdDSA", NULL, 0, sig, 64, err, sizeof(err)),
	    MC_EBADSIG);
	assert_int_equal(
	    mc__verify(pub, "EdDSA", NULL, 0, sig, 63, err, sizeof(err)),
	    MC_EBADSIG);
	free(sig);
	assert_int_equal(
	    mc__sign(&sig, &siglen, pub, "EdDSA", NULL, 0, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "public key"));
	mc__key_free(pub);
	mc__key_free(key);
}

static void test_rfc8037_jwk(void **state)
{
	unsigned char pk[32];
	struct mc__key *key = NULL, *back = NULL;
	json_t *jwk = NULL;
	char err[256];

	(void)state;
	hex(pk, 32, RFC8032_PUBLIC);
	assert_int_equal(mc__key_import_ed25519(&key, pk), 0);
	assert_int_equal(mc__key_export_jwk(&jwk, key), 0);
	/* RFC 8037 appendix A.2 */
	assert_string_equal(json_string_value(json_object_get(jwk, "kty")),
			    "OKP");
	assert_string_equal(json_string_value(json_object_get(jwk, "crv")),
			    "Ed25519");
	assert_string_equal(json_string_value(json_object_get(jwk, "x")),
			    "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
	assert_null(json_object_get(jwk, "d"));
	assert_int_equal(mc__key_import_jwk(&back, jwk, err, sizeof(err)), 0);
	assert_int_equal(mc__key_type(back), MC__KEY_ED25519);
	mc__key_free(back);
	json_decref(jwk);
	mc__key_free(key);
}

static void test_w3c_key_pair(void **state)
{
	char *pub_mb = NULL, *priv_mb = NULL;
	unsigned char pk[32], seed[32], got[32];
	char mb[MC__MULTIKEY_SIZE], err[256];
	struct mc__key *key = NULL;
	json_t *pair;
	char path[1200];

	(void)state;
	free(fixture_line("keyPair.json"));
	snprintf(path, sizeof(path), "%s/keyPair.json", vectors_dir);
	pair = json_load_file(path, 0, NULL);
	assert_non_null(pair);
	pub_mb = strdup(
	    json_string_value(json_object_get(pair, "publicKeyMultibase")));
	priv_mb = strdup(
	    json_string_value(json_object_get(pair, "privateKeyMultibase")));
	json_decref(pair);
	assert_string_equal(pub_mb, W3C_PUBLIC);
	assert_string_equal(priv_mb, W3C_PRIVATE);

	assert_int_equal(mc__multikey_decode(pk, pub_mb, err, sizeof(err)), 0);
	assert_int_equal(
	    mc__multikey_decode_private(seed, priv_mb, err, sizeof(err)), 0);
	/* The seed derives the public key. */
	assert_int_equal(mc__key_import_private(&key, MC__KEY_ED25519, seed, 32,
						err, sizeof(err)),
			 0);
	assert_int_equal(mc__key_export_ed25519(got, key), 0);
	assert_memory_equal(got, pk, 32);
	assert_int_equal(mc__multikey_encode(mb, got), 0);
	assert_string_equal(mb, pub_mb);
	/* Each decoder refuses the other's prefix. */
	assert_int_equal(mc__multikey_decode(pk, priv_mb, err, sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "multicodec prefix 0x80 0x26"));
	assert_int_equal(
	    mc__multikey_decode_private(seed, pub_mb, err, sizeof(err)),
	    MC_EINVALID);
	mc__key_free(key);
	free(pub_mb);
	free(priv_mb);
}

/* The W3C vector's signature over its combined hash, from the seed. */
static void test_w3c_signature(void **state)
{
	char *hash_hex = fixture_line("combinedHashJCS.txt");
	char *sig_hex = fixture_line("sigHexJCS.txt");
	char *sig_b58 = fixture_line("sigBTC58JCS.txt");
	unsigned char seed[32], msg[64], want[64], *sig = NULL;
	struct mc__key *key = NULL;
	char *mb = NULL, err[256];
	size_t siglen = 0;

	(void)state;
	hex(msg, 64, hash_hex);
	hex(want, 64, sig_hex);
	assert_int_equal(
	    mc__multikey_decode_private(seed, W3C_PRIVATE, err, sizeof(err)),
	    0);
	assert_int_equal(mc__key_import_private(&key, MC__KEY_ED25519, seed, 32,
						err, sizeof(err)),
			 0);
	assert_int_equal(
	    mc__sign(&sig, &siglen, key, "EdDSA", msg, 64, err, sizeof(err)),
	    0);
	assert_memory_equal(sig, want, 64);
	assert_int_equal(mc__multibase_encode(&mb, 'z', sig, siglen), 0);
	assert_string_equal(mb, sig_b58);
	assert_int_equal(
	    mc__verify(key, "EdDSA", msg, 64, sig, siglen, err, sizeof(err)),
	    0);
	free(mb);
	free(sig);
	mc__key_free(key);
	free(hash_hex);
	free(sig_hex);
	free(sig_b58);
}

static void test_didkey(void **state)
{
	unsigned char pk[32], got[32];
	char *did = NULL, *vm = NULL, err[256];

	(void)state;
	assert_int_equal(mc__multikey_decode(pk, W3C_PUBLIC, err, sizeof(err)),
			 0);
	assert_int_equal(mc__didkey_from_ed25519(&did, pk), 0);
	assert_string_equal(did, "did:key:" W3C_PUBLIC);
	assert_int_equal(mc__didkey_vm_from_ed25519(&vm, pk), 0);
	assert_string_equal(vm, "did:key:" W3C_PUBLIC "#" W3C_PUBLIC);
	assert_int_equal(mc__didkey_resolve(got, did, err, sizeof(err)), 0);
	assert_memory_equal(got, pk, 32);
	memset(got, 0, 32);
	assert_int_equal(mc__didkey_resolve(got, vm, err, sizeof(err)), 0);
	assert_memory_equal(got, pk, 32);
	free(did);
	free(vm);

	assert_int_equal(
	    mc__didkey_resolve(got, "did:web:example.org", err, sizeof(err)),
	    MC_EINVALID);
	assert_int_equal(mc__didkey_resolve(got, "did:key:", err, sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(mc__didkey_resolve(got, "did:key:" W3C_PUBLIC "#key-1",
					    err, sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "fragment"));
	/* A P-256 multikey (0x80 0x24) is not Ed25519. */
	assert_int_equal(
	    mc__didkey_resolve(got,
			       "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5"
			       "hRTPFU2169",
			       err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "publicKeyMultibase"));
	assert_int_equal(
	    mc__didkey_resolve(got, "did:key:z6Mk0OIl", err, sizeof(err)),
	    MC_EINVALID);
	assert_int_equal(mc__multikey_decode(got, "u7QE", err, sizeof(err)),
			 MC_EINVALID);
}

/* Generate, sign, verify, and move the key through every form. */
static void check_key_type(enum mc__key_type type, const char *alg,
			   size_t siglen_want)
{
	static const unsigned char msg[] = "a micro-credential";
	struct mc__key *key = NULL, *copy = NULL, *pub = NULL, *spub = NULL;
	unsigned char *sig = NULL, *priv = NULL, *spki = NULL, *sig2 = NULL;
	size_t siglen = 0, privlen = 0, spkilen = 0, siglen2 = 0;
	json_t *jwk = NULL;
	char err[256];

	assert_int_equal(mc__key_generate(&key, type), 0);
	assert_int_equal(mc__key_type(key), type);
	assert_string_equal(mc__key_alg(key), alg);
	assert_int_equal(mc__sign(&sig, &siglen, key, alg, msg, sizeof(msg),
				  err, sizeof(err)),
			 0);
	assert_int_equal(siglen, siglen_want);
	assert_int_equal(mc__verify(key, alg, msg, sizeof(msg), sig, siglen,
				    err, sizeof(err)),
			 0);

	/* Private key round trip: the copy's signatures verify. */
	assert_int_equal(mc__key_export_private(&priv, &privlen, key), 0);
	assert_int_equal(mc__key_import_private(&copy, type, priv, privlen, err,
						sizeof(err)),
			 0);
	assert_int_equal(mc__sign(&sig2, &siglen2, copy, alg, msg, sizeof(msg),
				  err, sizeof(err)),
			 0);
	assert_int_equal(mc__verify(key, alg, msg, sizeof(msg), sig2, siglen2,
				    err, sizeof(err)),
			 0);
	free(sig2);
	sig2 = NULL;
	/* Truncated DER or seed is refused. */
	mc__key_free(copy);
	copy = NULL;
	assert_int_equal(mc__key_import_private(&copy, type, priv, privlen - 1,
						err, sizeof(err)),
			 MC_EINVALID);
	assert_null(copy);
	mc__secret_free(priv, privlen);

	/* Public key through JWK and SPKI. */
	assert_int_equal(mc__key_export_jwk(&jwk, key), 0);
	assert_null(json_object_get(jwk, "d"));
	assert_int_equal(mc__key_import_jwk(&pub, jwk, err, sizeof(err)), 0);
	assert_false(mc__key_has_private(pub));
	assert_int_equal(mc__verify(pub, alg, msg, sizeof(msg), sig, siglen,
				    err, sizeof(err)),
			 0);
	assert_int_equal(mc__verify(pub, alg, msg, sizeof(msg) - 1, sig, siglen,
				    err, sizeof(err)),
			 MC_EBADSIG);
	assert_int_equal(mc__sign(&sig2, &siglen2, pub, alg, msg, sizeof(msg),
				  err, sizeof(err)),
			 MC_EINVALID);
	free(sig2);
	assert_int_equal(mc__key_export_spki(&spki, &spkilen, key), 0);
	assert_int_equal(
	    mc__key_import_spki(&spub, spki, spkilen, err, sizeof(err)), 0);
	assert_int_equal(mc__key_type(spub), type);
	assert_int_equal(mc__verify(spub, alg, msg, sizeof(msg), sig, siglen,
				    err, sizeof(err)),
			 0);
	assert_int_equal(
	    mc__key_import_spki(&copy, spki, spkilen - 1, err, sizeof(err)),
	    MC_EINVALID);

	/* A flipped bit fails; so does any other length. */
	sig[siglen / 2] ^= 0x10;
	assert_int_equal(mc__verify(pub, alg, msg, sizeof(msg), sig, siglen,
				    err, sizeof(err)),
			 MC_EBADSIG);
	sig[siglen / 2] ^= 0x10;
	assert_int_equal(mc__verify(pub, alg, msg, sizeof(msg), sig, siglen - 1,
				    err, sizeof(err)),
			 MC_EBADSIG);

	/* Algorithms that are not the key's, or not ours. */
	assert_int_equal(
	    mc__verify(pub, strcmp(alg, "EdDSA") ? "EdDSA" : "ES256", msg,
		       sizeof(msg), sig, siglen, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "cannot be used"));
	assert_int_equal(mc__verify(pub, "HS256", msg, sizeof(msg), sig, siglen,
				    err, sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(mc__verify(pub, "none", msg, sizeof(msg), sig, siglen,
				    err, sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(mc__sign(&sig2, &siglen2, key,
				  strcmp(alg, "RS256") ? "RS256" : "ES256", msg,
				  sizeof(msg), err, sizeof(err)),
			 MC_EINVALID);

	free(spki);
	free(sig);
	json_decref(jwk);
	mc__key_free(spub);
	mc__key_free(pub);
	mc__key_free(key);
}

static void test_ed25519_keys(void **state)
{
	(void)state;
	check_key_type(MC__KEY_ED25519, "EdDSA", 64);
}

static void test_rsa_keys(void **state)
{
	(void)state;
	check_key_type(MC__KEY_RSA2048, "RS256", 256);
}

static void test_p256_keys(void **state)
{
	(void)state;
	check_key_type(MC__KEY_P256, "ES256", 64);
}

/* ES256 signatures are r || s, never DER. */
static void test_es256_jose_form(void **state)
{
	static const unsigned char msg[] = "m";
	unsigned char *sig = NULL, der[72];
	struct mc__key *key = NULL;
	size_t siglen = 0;
	char err[256];

	(void)state;
	assert_int_equal(mc__key_generate(&key, MC__KEY_P256), 0);
	assert_int_equal(
	    mc__sign(&sig, &siglen, key, "ES256", msg, 1, err, sizeof(err)), 0);
	assert_int_equal(siglen, 64);
	/* The same r and s as DER (SEQUENCE of two INTEGERs) are refused. */
	der[0] = 0x30;
	der[1] = 68;
	der[2] = 0x02;
	der[3] = 32;
	memcpy(der + 4, sig, 32);
	der[36] = 0x02;
	der[37] = 32;
	memcpy(der + 38, sig + 32, 32);
	assert_int_equal(
	    mc__verify(key, "ES256", msg, 1, der, 70, err, sizeof(err)),
	    MC_EBADSIG);
	/* r = 0 and s = 0 never verify. */
	memset(sig, 0, 64);
	assert_int_equal(
	    mc__verify(key, "ES256", msg, 1, sig, 64, err, sizeof(err)),
	    MC_EBADSIG);
	free(sig);
	mc__key_free(key);
}

static void test_jwk_rejects(void **state)
{
	static const char *const bad[][2] = {
	    {"[]", "not a JSON object"},
	    {"{}", "kty"},
	    {"{\"kty\":\"oct\",\"k\":\"AAAA\"}", "kty"},
	    {"{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":"
	     "\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
	     "crv"},
	    {"{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKx\"}",
	     "want 32"},
	    {"{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":"
	     "\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"}",
	     "padding"},
	    /* The identity point: small order. */
	    {"{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":"
	     "\"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
	     "valid Ed25519"},
	    {"{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}",
	     "crv"},
	    {"{\"kty\":\"EC\",\"crv\":\"P-256\","
	     "\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\","
	     "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\"}",
	     "not on P-256"},
	    {"{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", "too short"},
	    {"{\"kty\":\"RSA\",\"e\":\"AQAB\"}", "jwk.n"},
	};
	struct mc__key *key = NULL;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *jwk = json_loads(bad[i][0], 0, NULL);

		assert_non_null(jwk);
		err[0] = '\0';
		assert_int_equal(
		    mc__key_import_jwk(&key, jwk, err, sizeof(err)),
		    MC_EINVALID);
		assert_null(key);
		if (!strstr(err, bad[i][1]))
			fail_msg("%s: got \"%s\", want \"%s\"", bad[i][0], err,
				 bad[i][1]);
		json_decref(jwk);
	}
}

static void test_secret_seal(void **state)
{
	static const unsigned char plain[] = "32-byte seed or PKCS#8 DER.....";
	unsigned char master[32], other[32], *sealed = NULL, *sealed2 = NULL;
	unsigned char *opened = NULL;
	size_t len = 0, len2 = 0, openedlen = 0, i;
	char err[256];

	(void)state;
	memset(master, 7, 32);
	memset(other, 8, 32);
	assert_int_equal(mc__secret_seal(&sealed, &len, master, plain,
					 sizeof(plain),
					 (const unsigned char *)"key-1", 5),
			 0);
	assert_int_equal(len, sizeof(plain) + MC__SECRET_OVERHEAD);
	assert_int_equal(sealed[0], MC__SECRET_VERSION);
	for (i = 0; i + 8 <= len; i++)
		assert_memory_not_equal(sealed + i, plain, 8);
	assert_int_equal(mc__secret_open(&opened, &openedlen, master, sealed,
					 len, (const unsigned char *)"key-1", 5,
					 err, sizeof(err)),
			 0);
	assert_int_equal(openedlen, sizeof(plain));
	assert_memory_equal(opened, plain, sizeof(plain));
	mc__secret_free(opened, openedlen);

	/* A fresh nonce each time. */
	assert_int_equal(mc__secret_seal(&sealed2, &len2, master, plain,
					 sizeof(plain),
					 (const unsigned char *)"key-1", 5),
			 0);
	assert_memory_not_equal(sealed, sealed2, len);
	free(sealed2);

	assert_int_equal(mc__secret_open(&opened, &openedlen, other, sealed,
					 len, (const unsigned char *)"key-1", 5,
					 err, sizeof(err)),
			 MC_EINVALID);
	assert_null(opened);
	assert_non_null(strstr(err, "wrong master key"));
	assert_int_equal(mc__secret_open(&opened, &openedlen, master, sealed,
					 len, (const unsigned char *)"key-2", 5,
					 err, sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(mc__secret_open(&opened, &openedlen, master, sealed,
					 len, NULL, 0, err, sizeof(err)),
			 MC_EINVALID);
	/* Every byte counts: version, nonce, ciphertext, tag. */
	for (i = 0; i < len; i++) {
		sealed[i] ^= 0x01;
		assert_int_equal(mc__secret_open(&opened, &openedlen, master,
						 sealed, len,
						 (const unsigned char *)"key-1",
						 5, err, sizeof(err)),
				 MC_EINVALID);
		assert_null(opened);
		sealed[i] ^= 0x01;
	}
	assert_int_equal(mc__secret_open(&opened, &openedlen, master, sealed,
					 len - 1,
					 (const unsigned char *)"key-1", 5, err,
					 sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(mc__secret_open(&opened, &openedlen, master, sealed,
					 MC__SECRET_OVERHEAD - 1,
					 (const unsigned char *)"key-1", 5, err,
					 sizeof(err)),
			 MC_EINVALID);
	free(sealed);

	/* An empty secret seals too. */
	assert_int_equal(
	    mc__secret_seal(&sealed, &len, master, NULL, 0, NULL, 0), 0);
	assert_int_equal(mc__secret_open(&opened, &openedlen, master, sealed,
					 len, NULL, 0, err, sizeof(err)),
			 0);
	assert_int_equal(openedlen, 0);
	mc__secret_free(opened, openedlen);
	free(sealed);
}

static void write_file(const char *path, const void *data, size_t len,
		       mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_master_key(void **state)
{
	unsigned char key[32], want[32], raw[32];
	char path[512], err[256];
	struct stat st;

	(void)state;
	unsetenv("MICROCRED_MASTER_KEY");
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)),
			 MC_ENOTFOUND);

	hex(want, 32,
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	setenv("MICROCRED_MASTER_KEY",
	       "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E"
	       "1F\n",
	       1);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)), 0);
	assert_memory_equal(key, want, 32);
	setenv("MICROCRED_MASTER_KEY",
	       "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", 1);
	memset(key, 0, 32);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)), 0);
	assert_memory_equal(key, want, 32);
	setenv("MICROCRED_MASTER_KEY", "too short", 1);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "MICROCRED_MASTER_KEY"));
	/* 43 characters, but non-canonical base64url. */
	setenv("MICROCRED_MASTER_KEY",
	       "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9", 1);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)),
			 MC_EINVALID);

	snprintf(path, sizeof(path), "%s/master.key", tmp_dir);
	setenv("MICROCRED_MASTER_KEY_FILE", path, 1);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "both"));
	unsetenv("MICROCRED_MASTER_KEY");

	/* Raw bytes, private file. */
	write_file(path, want, 32, 0600);
	memset(key, 0, 32);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)), 0);
	assert_memory_equal(key, want, 32);
	/* Hex text, readable by others: loaded, with a warning. */
	write_file(path,
		   "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
		   "1d1e1f\n",
		   65, 0644);
	memset(key, 0, 32);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)),
			 MC__MASTER_KEY_LOOSE);
	assert_memory_equal(key, want, 32);
	assert_non_null(strstr(err, "chmod 600"));
	write_file(path, "nonsense", 8, 0600);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)),
			 MC_EINVALID);
	unlink(path);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)), MC_EIO);
	setenv("MICROCRED_MASTER_KEY_FILE", tmp_dir, 1);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)), MC_EIO);

	/* A generated file: 0600, 32 bytes, never overwritten. */
	assert_int_equal(mc__master_key_generate_file(path, err, sizeof(err)),
			 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	setenv("MICROCRED_MASTER_KEY_FILE", path, 1);
	assert_int_equal(mc__master_key_load(raw, err, sizeof(err)), 0);
	assert_int_equal(mc__master_key_generate_file(path, err, sizeof(err)),
			 MC_EEXISTS);
	assert_int_equal(mc__master_key_load(key, err, sizeof(err)), 0);
	assert_memory_equal(key, raw, 32);
	mc__wipe(key, 32);
	mc__wipe(raw, 32);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha256),
	    cmocka_unit_test(test_rfc8032_test1),
	    cmocka_unit_test(test_rfc8037_jwk),
	    cmocka_unit_test(test_w3c_key_pair),
	    cmocka_unit_test(test_w3c_signature),
	    cmocka_unit_test(test_didkey),
	    cmocka_unit_test(test_ed25519_keys),
	    cmocka_unit_test(test_rsa_keys),
	    cmocka_unit_test(test_p256_keys),
	    cmocka_unit_test(test_es256_jose_form),
	    cmocka_unit_test(test_jwk_rejects),
	    cmocka_unit_test(test_secret_seal),
	    cmocka_unit_test(test_master_key),
	};
	const char *fixtures = getenv("MC_FIXTURES");
	int rc;

	if (fixtures)
		snprintf(vectors_dir, sizeof(vectors_dir),
			 "%s/vc/eddsa-jcs-2022-testvectors", fixtures);
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/mc_test_crypto.XXXXXX");
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		return 1;
	}
	assert_int_equal(mc__crypto_init(), 0);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(tmp_dir);
	return rc;
}
