/*
 * Keys, signatures, multikeys, did:key, SHA-256 and sealed secrets.
 *
 * Ed25519 lives in libsodium (seed and secret key held in the handle);
 * RSA and P-256 in an OpenSSL EVP_PKEY.  OpenSSL's error queue is cleared
 * on every failure so that one bad input does not colour the next call.
 */
#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <pthread.h>

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "util/encoding.h"
#include "microcred/errors.h"
#include "util/util.h"

struct mc__key {
	enum mc__key_type type;
	int has_private;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES]; /* Ed25519 */
	unsigned char sk[crypto_sign_SECRETKEYBYTES]; /* seed || pk */
	EVP_PKEY *pkey;				      /* RSA, P-256 */
};

/* SubjectPublicKeyInfo of an Ed25519 key, before its 32 bytes. */
static const unsigned char ed25519_spki_prefix[12] = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

#define RSA_MIN_BITS 2048
#define RSA_MAX_BITS 8192
#define RSA_GEN_BITS 2048

int mc__crypto_init(void)
{
	return sodium_init() < 0 ? MC_EIO : 0;
}

void mc__uuid4(char out[37])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x"
		 "%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

void mc__sha256(unsigned char out[MC__SHA256_LEN], const void *data, size_t len)
{
	/* OpenSSL's SHA-256 uses the CPU's SHA extensions where there are
	 * any; libsodium's is portable C.  Same digest either way. */
	if (!SHA256(data, len, out))
		crypto_hash_sha256(out, data, len);
}

void mc__wipe(void *p, size_t len)
{
	if (p && len)
		sodium_memzero(p, len);
}

void mc__secret_free(void *p, size_t len)
{
	if (!p)
		return;
	sodium_memzero(p, len);
	free(p);
}

/* ---- keys ------------------------------------------------------------ */

static struct mc__key *key_new(enum mc__key_type type)
{
	struct mc__key *k = calloc(1, sizeof(*k));

	if (k)
		k->type = type;
	return k;
}

void mc__key_free(struct mc__key *key)
{
	if (!key)
		return;
	EVP_PKEY_free(key->pkey);
	sodium_memzero(key, sizeof(*key));
	free(key);
}

enum mc__key_type mc__key_type(const struct mc__key *key)
{
	return key->type;
}

int mc__key_has_private(const struct mc__key *key)
{
	return key->has_private;
}

const char *mc__key_type_name(enum mc__key_type type)
{
	switch (type) {
	case MC__KEY_ED25519:
		return "Ed25519";
	case MC__KEY_RSA2048:
		return "RSA";
	case MC__KEY_P256:
		return "P-256";
	}
	return "unknown";
}

static const char *type_alg(enum mc__key_type type)
{
	switch (type) {
	case MC__KEY_ED25519:
		return "EdDSA";
	case MC__KEY_RSA2048:
		return "RS256";
	case MC__KEY_P256:
		return "ES256";
	}
	return "unknown";
}

const char *mc__key_alg(const struct mc__key *key)
{
	return type_alg(key->type);
}

int mc__alg_supported(const char *alg)
{
	return alg && (strcmp(alg, "EdDSA") == 0 || strcmp(alg, "RS256") == 0 ||
		       strcmp(alg, "ES256") == 0);
}

/*
 * Find the type of an OpenSSL key: RSA of RSA_MIN_BITS..RSA_MAX_BITS or an
 * EC key on P-256.  Anything else is MC_EINVALID with the reason in err.
 */
static int classify(enum mc__key_type *type, EVP_PKEY *pkey, char *err,
		    size_t errlen)
{
	char group[64];
	size_t n = 0;

	if (EVP_PKEY_is_a(pkey, "RSA")) {
		int bits = EVP_PKEY_get_bits(pkey);

		if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
			mc__set_err(err, errlen,
				    "RSA key of %d bits: %d to %d are accepted",
				    bits, RSA_MIN_BITS, RSA_MAX_BITS);
			return MC_EINVALID;
		}
		*type = MC__KEY_RSA2048;
		return 0;
	}
	if (EVP_PKEY_is_a(pkey, "EC")) {
		if (!EVP_PKEY_get_group_name(pkey, group, sizeof(group), &n) ||
		    strcmp(group, "prime256v1") != 0) {
			mc__set_err(
			    err, errlen,
			    "EC key on curve %s: only P-256 is accepted",
			    n ? group : "(unknown)");
			return MC_EINVALID;
		}
		*type = MC__KEY_P256;
		return 0;
	}
	mc__set_err(err, errlen, "key type %s is not supported",
		    EVP_PKEY_get0_type_name(pkey)
			? EVP_PKEY_get0_type_name(pkey)
			: "(unknown)");
	return MC_EINVALID;
}

int mc__key_generate(struct mc__key **out, enum mc__key_type type)
{
	struct mc__key *k = NULL;
	int error = 0;

	*out = NULL;
	if (type != MC__KEY_ED25519 && type != MC__KEY_RSA2048 &&
	    type != MC__KEY_P256)
		return MC_EUSAGE;
	if ((error = mc__crypto_init()) < 0)
		return error;
	if (!(k = key_new(type)))
		return MC_ENOMEM;
	if (type == MC__KEY_ED25519) {
		crypto_sign_keypair(k->pk, k->sk);
	} else {
		k->pkey = type == MC__KEY_RSA2048
			      ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
						  (size_t)RSA_GEN_BITS)
			      : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		if (!k->pkey) {
			error = MC_EIO;
			goto cleanup;
		}
	}
	k->has_private = 1;
	*out = k;
	k = NULL;

cleanup:
	if (error)
		ERR_clear_error();
	mc__key_free(k);
	return error;
}

int mc__key_export_private(unsigned char **out, size_t *outlen,
			   const struct mc__key *key)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	unsigned char *buf = NULL, *p;
	int n, error = 0;

	*out = NULL;
	*outlen = 0;
	if (!key->has_private)
		return MC_EINVALID;
	if (key->type == MC__KEY_ED25519) {
		if (!(buf = malloc(MC__ED25519_SEED_LEN)))
			return MC_ENOMEM;
		/* libsodium's secret key is seed || public key. */
		memcpy(buf, key->sk, MC__ED25519_SEED_LEN);
		*out = buf;
		*outlen = MC__ED25519_SEED_LEN;
		return 0;
	}
	if (!(p8 = EVP_PKEY2PKCS8(key->pkey)) ||
	    (n = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL)) <= 0) {
		error = MC_EIO;
		goto cleanup;
	}
	if (!(buf = malloc((size_t)n))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	p = buf;
	if (i2d_PKCS8_PRIV_KEY_INFO(p8, &p) != n) {
		error = MC_EIO;
		goto cleanup;
	}
	*out = buf;
	*outlen = (size_t)n;
	buf = NULL;

cleanup:
	if (error)
		ERR_clear_error();
	mc__secret_free(buf, buf ? (size_t)n : 0);
	PKCS8_PRIV_KEY_INFO_free(p8);
	return error;
}

int mc__key_import_private(struct mc__key **out, enum mc__key_type type,
			   const unsigned char *data, size_t len, char *err,
			   size_t errlen)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	const unsigned char *p = data;
	struct mc__key *k = NULL;
	enum mc__key_type found;
	int error = 0;

	*out = NULL;
	if ((error = mc__crypto_init()) < 0)
		return error;
	if (!(k = key_new(type)))
		return MC_ENOMEM;
	if (type == MC__KEY_ED25519) {
		if (len != MC__ED25519_SEED_LEN) {
			mc__set_err(err, errlen,
				    "Ed25519 private key: %zu bytes, want a "
				    "32-byte seed",
				    len);
			error = MC_EINVALID;
			goto cleanup;
		}
		crypto_sign_seed_keypair(k->pk, k->sk, data);
		k->has_private = 1;
		*out = k;
		return 0;
	}
	if (type != MC__KEY_RSA2048 && type != MC__KEY_P256) {
		error = MC_EUSAGE;
		goto cleanup;
	}
	if (len > 64 * 1024 ||
	    !(p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len)) ||
	    p != data + len || !(k->pkey = EVP_PKCS82PKEY(p8))) {
		mc__set_err(err, errlen, "%s private key: not PKCS#8 DER",
			    mc__key_type_name(type));
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = classify(&found, k->pkey, err, errlen)) < 0)
		goto cleanup;
	if (found != type) {
		mc__set_err(err, errlen, "private key is %s, want %s",
			    mc__key_type_name(found), mc__key_type_name(type));
		error = MC_EINVALID;
		goto cleanup;
	}
	k->has_private = 1;
	*out = k;
	k = NULL;

cleanup:
	if (error)
		ERR_clear_error();
	PKCS8_PRIV_KEY_INFO_free(p8);
	mc__key_free(k);
	return error;
}

int mc__key_export_ed25519(unsigned char out[MC__ED25519_PUBLIC_LEN],
			   const struct mc__key *key)
{
	if (key->type != MC__KEY_ED25519)
		return MC_EINVALID;
	memcpy(out, key->pk, MC__ED25519_PUBLIC_LEN);
	return 0;
}

/*
 * Public keys that passed the point check lately.  A verifier sees the
 * same few issuers again and again; the check costs almost as much as a
 * signature verification, so it is done once per key (per process).
 */
static struct {
	pthread_mutex_t lock;
	unsigned char pk[16][MC__ED25519_PUBLIC_LEN];
	size_t count, next;
} valid_points = {PTHREAD_MUTEX_INITIALIZER, {{0}}, 0, 0};

static int point_known(const unsigned char pk[MC__ED25519_PUBLIC_LEN])
{
	size_t i;
	int found = 0;

	pthread_mutex_lock(&valid_points.lock);
	for (i = 0; i < valid_points.count && !found; i++)
		found = sodium_memcmp(valid_points.pk[i], pk,
				      MC__ED25519_PUBLIC_LEN) == 0;
	pthread_mutex_unlock(&valid_points.lock);
	return found;
}

static void point_remember(const unsigned char pk[MC__ED25519_PUBLIC_LEN])
{
	pthread_mutex_lock(&valid_points.lock);
	memcpy(valid_points.pk[valid_points.next], pk, MC__ED25519_PUBLIC_LEN);
	valid_points.next = (valid_points.next + 1) % 16;
	if (valid_points.count < 16)
		valid_points.count++;
	pthread_mutex_unlock(&valid_points.lock);
}

int mc__key_import_ed25519(struct mc__key **out,
			   const unsigned char pk[MC__ED25519_PUBLIC_LEN])
{
	struct mc__key *k;

	*out = NULL;
	if (mc__crypto_init() < 0)
		return MC_EIO;
	/* Rejects small-order points and non-canonical encodings. */
	if (!point_known(pk)) {
		if (!crypto_core_ed25519_is_valid_point(pk))
			return MC_EINVALID;
		point_remember(pk);
	}
	if (!(k = key_new(MC__KEY_ED25519)))
		return MC_ENOMEM;
	memcpy(k->pk, pk, MC__ED25519_PUBLIC_LEN);
	*out = k;
	return 0;
}

int mc__key_export_spki(unsigned char **out, size_t *outlen,
			const struct mc__key *key)
{
	unsigned char *buf = NULL, *p;
	int n, error = 0;

	*out = NULL;
	*outlen = 0;
	if (key->type == MC__KEY_ED25519) {
		n = (int)(sizeof(ed25519_spki_prefix) + MC__ED25519_PUBLIC_LEN);
		if (!(buf = malloc((size_t)n)))
			return MC_ENOMEM;
		memcpy(buf, ed25519_spki_prefix, sizeof(ed25519_spki_prefix));
		memcpy(buf + sizeof(ed25519_spki_prefix), key->pk,
		       MC__ED25519_PUBLIC_LEN);
	} else {
		if ((n = i2d_PUBKEY(key->pkey, NULL)) <= 0) {
			error = MC_EIO;
			goto cleanup;
		}
		if (!(buf = malloc((size_t)n))) {
			error = MC_ENOMEM;
			goto cleanup;
		}
		p = buf;
		if (i2d_PUBKEY(key->pkey, &p) != n) {
			error = MC_EIO;
			goto cleanup;
		}
	}
	*out = buf;
	*outlen = (size_t)n;
	buf = NULL;

cleanup:
	if (error)
		ERR_clear_error();
	free(buf);
	return error;
}

int mc__key_import_spki(struct mc__key **out, const unsigned char *der,
			size_t len, char *err, size_t errlen)
{
	const unsigned char *p = der;
	unsigned char raw[MC__ED25519_PUBLIC_LEN];
	size_t rawlen = sizeof(raw);
	struct mc__key *k = NULL;
	EVP_PKEY *pkey = NULL;
	enum mc__key_type type;
	int error = 0;

	*out = NULL;
	if (len > 64 * 1024 || !(pkey = d2i_PUBKEY(NULL, &p, (long)len)) ||
	    p != der + len) {
		mc__set_err(err, errlen,
			    "public key: not SubjectPublicKeyInfo DER");
		error = MC_EINVALID;
		goto cleanup;
	}
	if (EVP_PKEY_is_a(pkey, "ED25519")) {
		if (!EVP_PKEY_get_raw_public_key(pkey, raw, &rawlen) ||
		    rawlen != sizeof(raw) ||
		    (error = mc__key_import_ed25519(out, raw)) == MC_EINVALID) {
			mc__set_err(err, errlen,
				    "Ed25519 public key: not a valid point");
			error = MC_EINVALID;
		}
		goto cleanup;
	}
	if ((error = classify(&type, pkey, err, errlen)) < 0)
		goto cleanup;
	if (!(k = key_new(type))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	k->pkey = pkey;
	pkey = NULL;
	*out = k;

cleanup:
	if (error)
		ERR_clear_error();
	EVP_PKEY_free(pkey);
	return error;
}

/* Set `name` of `obj` to the base64url of `bytes[0..len)`. */
static int jwk_set_b64(json_t *obj, const char *name,
		       const unsigned char *bytes, size_t len)
{
	char *s = NULL;
	int error;

	if ((error = mc__b64url_encode(&s, bytes, len)) < 0)
		return error;
	error = json_object_set_new(obj, name, json_string(s)) ? MC_ENOMEM : 0;
	free(s);
	return error;
}

/* Set `name` of `obj` to the base64url of big number parameter `param`,
 * left-padded to `pad` bytes (0: minimal length). */
static int jwk_set_bn(json_t *obj, const char *name, const EVP_PKEY *pkey,
		      const char *param, int pad)
{
	unsigned char *buf = NULL;
	BIGNUM *bn = NULL;
	int n, error = 0;

	if (!EVP_PKEY_get_bn_param(pkey, param, &bn)) {
		error = MC_EIO;
		goto cleanup;
	}
	n = pad ? pad : BN_num_bytes(bn);
	if (!(buf = malloc(n > 0 ? (size_t)n : 1))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((pad ? BN_bn2binpad(bn, buf, pad) : BN_bn2bin(bn, buf)) != n) {
		error = MC_EIO;
		goto cleanup;
	}
	error = jwk_set_b64(obj, name, buf, (size_t)n);

cleanup:
	if (error)
		ERR_clear_error();
	BN_free(bn);
	free(buf);
	return error;
}

int mc__key_export_jwk(json_t **out, const struct mc__key *key)
{
	json_t *jwk = json_object();
	int error = 0;

	*out = NULL;
	if (!jwk)
		return MC_ENOMEM;
	switch (key->type) {
	case MC__KEY_ED25519:
		if (json_object_set_new(jwk, "kty", json_string("OKP")) ||
		    json_object_set_new(jwk, "crv", json_string("Ed25519")))
			error = MC_ENOMEM;
		else
			error = jwk_set_b64(jwk, "x", key->pk,
					    MC__ED25519_PUBLIC_LEN);
		break;
	case MC__KEY_RSA2048:
		if (json_object_set_new(jwk, "kty", json_string("RSA")))
			error = MC_ENOMEM;
		else if (!(error = jwk_set_bn(jwk, "n", key->pkey,
					      OSSL_PKEY_PARAM_RSA_N, 0)))
			error = jwk_set_bn(jwk, "e", key->pkey,
					   OSSL_PKEY_PARAM_RSA_E, 0);
		break;
	case MC__KEY_P256:
		if (json_object_set_new(jwk, "kty", json_string("EC")) ||
		    json_object_set_new(jwk, "crv", json_string("P-256")))
			error = MC_ENOMEM;
		else if (!(error = jwk_set_bn(jwk, "x", key->pkey,
					      OSSL_PKEY_PARAM_EC_PUB_X, 32)))
			error = jwk_set_bn(jwk, "y", key->pkey,
					   OSSL_PKEY_PARAM_EC_PUB_Y, 32);
		break;
	}
	if (error) {
		json_decref(jwk);
		return error;
	}
	*out = jwk;
	return 0;
}

/*
 * Decode JWK member `name` (base64url) into a fresh buffer of 1..max bytes;
 * exactly `exact` bytes when `exact` is non-zero.
 */
static int jwk_get_b64(unsigned char **out, size_t *outlen, const json_t *jwk,
		       const char *name, size_t exact, size_t max, char *err,
		       size_t errlen)
{
	const json_t *v = json_object_get(jwk, name);
	char why[128];
	int error;

	*out = NULL;
	if (!json_is_string(v)) {
		mc__set_err(err, errlen, "jwk.%s: missing or not a string",
			    name);
		return MC_EINVALID;
	}
	if (json_string_length(v) > (max / 3 + 1) * 4) {
		mc__set_err(err, errlen, "jwk.%s: longer than %zu bytes", name,
			    max);
		return MC_EINVALID;
	}
	if ((error = mc__b64url_decode(out, outlen, json_string_value(v),
				       json_string_length(v), why,
				       sizeof(why))) < 0) {
		if (error == MC_EINVALID || error == MC_ETOOBIG) {
			mc__set_err(err, errlen, "jwk.%s: %s", name, why);
			error = MC_EINVALID;
		}
		return error;
	}
	if (*outlen == 0 || *outlen > max || (exact && *outlen != exact)) {
		if (exact)
			mc__set_err(err, errlen, "jwk.%s: %zu bytes, want %zu",
				    name, *outlen, exact);
		else
			mc__set_err(err, errlen,
				    "jwk.%s: %zu bytes, want 1..%zu", name,
				    *outlen, max);
		free(*out);
		*out = NULL;
		return MC_EINVALID;
	}
	return 0;
}

/* Check that member `name`, if present, is the string `want`. */
static int jwk_expect(const json_t *jwk, const char *name, const char *want,
		      char *err, size_t errlen)
{
	const char *s = json_string_value(json_object_get(jwk, name));

	if (!s || strcmp(s, want) != 0) {
		mc__set_err(err, errlen, "jwk.%s: want \"%s\"", name, want);
		return MC_EINVALID;
	}
	return 0;
}

/* Build an OpenSSL public key of `type_name` from `params`, and check it. */
static int pkey_from_params(EVP_PKEY **out, const char *type_name,
			    OSSL_PARAM_BLD *bld)
{
	EVP_PKEY_CTX *ctx = NULL, *check = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	int error = 0;

	*out = NULL;
	if (!(params = OSSL_PARAM_BLD_to_param(bld)) ||
	    !(ctx = EVP_PKEY_CTX_new_from_name(NULL, type_name, NULL)) ||
	    EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0 ||
	    !(check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) ||
	    EVP_PKEY_public_check(check) <= 0) {
		error = MC_EINVALID;
		goto cleanup;
	}
	*out = pkey;
	pkey = NULL;

cleanup:
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return error;
}

static int jwk_import_rsa(EVP_PKEY **out, const json_t *jwk, char *err,
			  size_t errlen)
{
	unsigned char *n = NULL, *e = NULL;
	size_t nlen = 0, elen = 0;
	BIGNUM *bn_n = NULL, *bn_e = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	int error;

	if ((error = jwk_get_b64(&n, &nlen, jwk, "n", 0, RSA_MAX_BITS / 8, err,
				 errlen)) < 0 ||
	    (error = jwk_get_b64(&e, &elen, jwk, "e", 0, 8, err, errlen)) < 0)
		goto cleanup;
	if (n[0] == 0 || nlen < RSA_MIN_BITS / 8) {
		mc__set_err(err, errlen,
			    "jwk.n: %s (%zu bytes); %d to %d bits are accepted",
			    n[0] == 0 ? "leading zero byte" : "too short", nlen,
			    RSA_MIN_BITS, RSA_MAX_BITS);
		error = MC_EINVALID;
		goto cleanup;
	}
	if (e[0] == 0 || !(e[elen - 1] & 1) || (elen == 1 && e[0] < 3)) {
		mc__set_err(err, errlen,
			    "jwk.e: not an odd exponent of at least 3 "
			    "without leading zeros");
		error = MC_EINVALID;
		goto cleanup;
	}
	if (!(bn_n = BN_bin2bn(n, (int)nlen, NULL)) ||
	    !(bn_e = BN_bin2bn(e, (int)elen, NULL)) ||
	    !(bld = OSSL_PARAM_BLD_new()) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = pkey_from_params(out, "RSA", bld)) < 0)
		mc__set_err(err, errlen, "jwk: not a valid RSA public key");

cleanup:
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn_n);
	BN_free(bn_e);
	free(n);
	free(e);
	return error;
}

static int jwk_import_ec(EVP_PKEY **out, const json_t *jwk, char *err,
			 size_t errlen)
{
	unsigned char *x = NULL, *y = NULL, point[65];
	size_t xlen = 0, ylen = 0;
	OSSL_PARAM_BLD *bld = NULL;
	int error;

	if ((error = jwk_expect(jwk, "crv", "P-256", err, errlen)) < 0 ||
	    (error = jwk_get_b64(&x, &xlen, jwk, "x", 32, 32, err, errlen)) <
		0 ||
	    (error = jwk_get_b64(&y, &ylen, jwk, "y", 32, 32, err, errlen)) < 0)
		goto cleanup;
	point[0] = 0x04; /* uncompressed */
	memcpy(point + 1, x, 32);
	memcpy(point + 33, y, 32);
	if (!(bld = OSSL_PARAM_BLD_new()) ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "prime256v1", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      point, sizeof(point))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = pkey_from_params(out, "EC", bld)) < 0)
		mc__set_err(err, errlen, "jwk: the point is not on P-256");

cleanup:
	OSSL_PARAM_BLD_free(bld);
	free(x);
	free(y);
	return error;
}

int mc__key_import_jwk(struct mc__key **out, const json_t *jwk, char *err,
		       size_t errlen)
{
	const char *kty = json_string_value(json_object_get(jwk, "kty"));
	struct mc__key *k = NULL;
	EVP_PKEY *pkey = NULL;
	unsigned char *x = NULL;
	size_t xlen = 0;
	enum mc__key_type type;
	int error = 0;

	*out = NULL;
	if (!json_is_object(jwk)) {
		mc__set_err(err, errlen, "jwk: not a JSON object");
		return MC_EINVALID;
	}
	if (!kty) {
		mc__set_err(err, errlen, "jwk.kty: missing or not a string");
		return MC_EINVALID;
	}
	if (strcmp(kty, "OKP") == 0) {
		if ((error = jwk_expect(jwk, "crv", "Ed25519", err, errlen)) <
			0 ||
		    (error = jwk_get_b64(&x, &xlen, jwk, "x", 32, 32, err,
					 errlen)) < 0)
			goto cleanup;
		if ((error = mc__key_import_ed25519(out, x)) == MC_EINVALID)
			mc__set_err(err, errlen,
				    "jwk.x: not a valid Ed25519 public key");
		goto cleanup;
	}
	if (strcmp(kty, "RSA") == 0)
		error = jwk_import_rsa(&pkey, jwk, err, errlen);
	else if (strcmp(kty, "EC") == 0)
		error = jwk_import_ec(&pkey, jwk, err, errlen);
	else {
		mc__set_err(err, errlen,
			    "jwk.kty: \"%s\" is not OKP, RSA or EC (P-256)",
			    kty);
		error = MC_EINVALID;
	}
	if (error < 0 || (error = classify(&type, pkey, err, errlen)) < 0)
		goto cleanup;
	if (!(k = key_new(type))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	k->pkey = pkey;
	pkey = NULL;
	*out = k;

cleanup:
	if (error)
		ERR_clear_error();
	EVP_PKEY_free(pkey);
	free(x);
	return error;
}

/* ---- signatures ------------------------------------------------------ */

/* MC_EINVALID unless `alg` is supported and the algorithm of `key`. */
static int check_alg(const struct mc__key *key, const char *alg, char *err,
		     size_t errlen)
{
	if (!mc__alg_supported(alg)) {
		mc__set_err(err, errlen,
			    "alg \"%s\" is not supported (EdDSA, RS256, ES256)",
			    alg ? alg : "(none)");
		return MC_EINVALID;
	}
	if (strcmp(alg, type_alg(key->type)) != 0) {
		mc__set_err(err, errlen, "alg %s cannot be used with an %s key",
			    alg, mc__key_type_name(key->type));
		return MC_EINVALID;
	}
	return 0;
}

/* An ECDSA DER signature as JOSE r || s (32 bytes each). */
static int ecdsa_der_to_raw(unsigned char raw[64], const unsigned char *der,
			    size_t len)
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	int error = 0;

	if (!sig)
		return MC_EIO;
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_bn2binpad(r, raw, 32) != 32 ||
	    BN_bn2binpad(s, raw + 32, 32) != 32)
		error = MC_EIO;
	ECDSA_SIG_free(sig);
	return error;
}

/* JOSE r || s as an ECDSA DER signature the caller frees with
 * OPENSSL_free(). */
static int ecdsa_raw_to_der(unsigned char **der, int *derlen,
			    const unsigned char raw[64])
{
	BIGNUM *r = BN_bin2bn(raw, 32, NULL),
	       *s = BN_bin2bn(raw + 32, 32, NULL);
	ECDSA_SIG *sig = ECDSA_SIG_new();
	int error = 0;

	*der = NULL;
	if (!r || !s || !sig || !ECDSA_SIG_set0(sig, r, s)) {
		BN_free(r);
		BN_free(s);
		error = MC_ENOMEM;
		goto cleanup;
	}
	/* The signature owns r and s now. */
	if ((*derlen = i2d_ECDSA_SIG(sig, der)) <= 0) {
		*der = NULL;
		error = MC_ENOMEM;
	}

cleanup:
	ECDSA_SIG_free(sig);
	return error;
}

int mc__sign(unsigned char **sig, size_t *siglen, const struct mc__key *key,
	     const char *alg, const unsigned char *msg, size_t len, char *err,
	     size_t errlen)
{
	EVP_MD_CTX *mctx = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *buf = NULL;
	size_t n = 0;
	int error;

	*sig = NULL;
	*siglen = 0;
	if ((error = check_alg(key, alg, err, errlen)) < 0)
		return error;
	if (!key->has_private) {
		mc__set_err(err, errlen, "cannot sign with a public key");
		return MC_EINVALID;
	}
	if (key->type == MC__KEY_ED25519) {
		if (!(buf = malloc(MC__ED25519_SIG_LEN)))
			return MC_ENOMEM;
		crypto_sign_detached(buf, NULL, msg, len, key->sk);
		*sig = buf;
		*siglen = MC__ED25519_SIG_LEN;
		return 0;
	}
	if (!(mctx = EVP_MD_CTX_new())) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (EVP_DigestSignInit(mctx, &pctx, EVP_sha256(), NULL, key->pkey) <=
		0 ||
	    (key->type == MC__KEY_RSA2048 &&
	     EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) ||
	    EVP_DigestSign(mctx, NULL, &n, msg, len) <= 0) {
		error = MC_EIO;
		goto cleanup;
	}
	if (!(buf = malloc(n))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (EVP_DigestSign(mctx, buf, &n, msg, len) <= 0) {
		error = MC_EIO;
		goto cleanup;
	}
	if (key->type == MC__KEY_P256) {
		unsigned char raw[64];

		if ((error = ecdsa_der_to_raw(raw, buf, n)) < 0)
			goto cleanup;
		memcpy(buf, raw, sizeof(raw)); /* DER is longer than 64 */
		n = sizeof(raw);
	}
	*sig = buf;
	*siglen = n;
	buf = NULL;

cleanup:
	if (error) {
		mc__set_err(err, errlen, "%s signing failed", alg);
		ERR_clear_error();
	}
	EVP_MD_CTX_free(mctx);
	free(buf);
	return error;
}

int mc__verify(const struct mc__key *key, const char *alg,
	       const unsigned char *msg, size_t len, const unsigned char *sig,
	       size_t siglen, char *err, size_t errlen)
{
	EVP_MD_CTX *mctx = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *der = NULL;
	int derlen = 0, error;

	if ((error = check_alg(key, alg, err, errlen)) < 0)
		return error;
	if (key->type == MC__KEY_ED25519) {
		if (siglen != MC__ED25519_SIG_LEN ||
		    crypto_sign_verify_detached(sig, msg, len, key->pk) != 0)
			goto bad;
		return 0;
	}
	if (key->type == MC__KEY_P256) {
		if (siglen != 64)
			goto bad;
		if ((error = ecdsa_raw_to_der(&der, &derlen, sig)) < 0)
			goto cleanup;
		sig = der;
		siglen = (size_t)derlen;
	} else if (siglen != (size_t)EVP_PKEY_get_size(key->pkey)) {
		goto bad;
	}
	if (!(mctx = EVP_MD_CTX_new())) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (EVP_DigestVerifyInit(mctx, &pctx, EVP_sha256(), NULL, key->pkey) <=
		0 ||
	    (key->type == MC__KEY_RSA2048 &&
	     EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (EVP_DigestVerify(mctx, sig, siglen, msg, len) != 1)
		goto bad;
	goto cleanup;

bad:
	mc__set_err(err, errlen, "%s signature does not verify", alg);
	error = MC_EBADSIG;
cleanup:
	ERR_clear_error();
	EVP_MD_CTX_free(mctx);
	OPENSSL_free(der);
	return error;
}

/* ---- Ed25519 multikeys and did:key ------------------------------------ */

int mc__multikey_encode(char out[MC__MULTIKEY_SIZE],
			const unsigned char pk[MC__ED25519_PUBLIC_LEN])
{
	unsigned char bytes[2 + MC__ED25519_PUBLIC_LEN] = {0xed, 0x01};
	char *s = NULL;
	int error;

	memcpy(bytes + 2, pk, MC__ED25519_PUBLIC_LEN);
	if ((error = mc__multibase_encode(&s, 'z', bytes, sizeof(bytes))) < 0)
		return error;
	/* 34 bytes starting 0xed are always 47 base58 digits. */
	snprintf(out, MC__MULTIKEY_SIZE, "%s", s);
	free(s);
	return 0;
}

/*
 * Decode "z" + base58btc(prefix[0..1] || 32 bytes) into `out`; `what`
 * names the key for messages.
 */
static int multikey_decode(unsigned char out[32], const char *mb,
			   const unsigned char prefix[2], const char *what,
			   char *err, size_t errlen)
{
	unsigned char bytes[34];
	char why[128];
	size_t len = mb ? strlen(mb) : 0;
	int error = 0;

	if (len < 2 || mb[0] != 'z') {
		mc__set_err(err, errlen, "%s: not multibase base58btc ('z...')",
			    what);
		return MC_EINVALID;
	}
	if (mc__base58_decode_fixed(bytes, sizeof(bytes), mb + 1, len - 1, why,
				    sizeof(why)) < 0) {
		mc__set_err(err, errlen, "%s: %s", what, why);
		return MC_EINVALID;
	}
	if (bytes[0] != prefix[0] || bytes[1] != prefix[1]) {
		mc__set_err(err, errlen,
			    "%s: multicodec prefix 0x%02x 0x%02x, want 0x%02x "
			    "0x%02x",
			    what, bytes[0], bytes[1], prefix[0], prefix[1]);
		error = MC_EINVALID;
		goto cleanup;
	}
	memcpy(out, bytes + 2, 32);

cleanup:
	sodium_memzero(bytes, sizeof(bytes));
	return error;
}

int mc__multikey_decode(unsigned char out[MC__ED25519_PUBLIC_LEN],
			const char *mb, char *err, size_t errlen)
{
	static const unsigned char ed25519_pub[2] = {0xed, 0x01};

	return multikey_decode(out, mb, ed25519_pub, "publicKeyMultibase", err,
			       errlen);
}

int mc__multikey_decode_private(unsigned char out[MC__ED25519_SEED_LEN],
				const char *mb, char *err, size_t errlen)
{
	static const unsigned char ed25519_priv[2] = {0x80, 0x26};
	int error = multikey_decode(out, mb, ed25519_priv,
				    "privateKeyMultibase", err, errlen);

	if (error)
		sodium_memzero(out, MC__ED25519_SEED_LEN);
	return error;
}

int mc__didkey_from_ed25519(char **out,
			    const unsigned char pk[MC__ED25519_PUBLIC_LEN])
{
	char mb[MC__MULTIKEY_SIZE];
	int error;

	*out = NULL;
	if ((error = mc__multikey_encode(mb, pk)) < 0)
		return error;
	return (*out = mc__asprintf("did:key:%s", mb)) ? 0 : MC_ENOMEM;
}

int mc__didkey_vm_from_ed25519(char **out,
			       const unsigned char pk[MC__ED25519_PUBLIC_LEN])
{
	char mb[MC__MULTIKEY_SIZE];
	int error;

	*out = NULL;
	if ((error = mc__multikey_encode(mb, pk)) < 0)
		return error;
	return (*out = mc__asprintf("did:key:%s#%s", mb, mb)) ? 0 : MC_ENOMEM;
}

/*
 * The method-specific identifier of "did:key:<mb>" or "did:key:<mb>#<mb>"
 * (the fragment, if any, must repeat it), into mb (NUL-terminated).
 * Returns 0 or MC_EINVALID with the reason.
 */
static int didkey_id(char mb[MC__MULTIKEY_SIZE], const char *did, char *err,
		     size_t errlen)
{
	const char *id, *hash;
	size_t idlen;

	if (!did || strncmp(did, "did:key:", 8) != 0) {
		mc__set_err(err, errlen, "not a did:key");
		return MC_EINVALID;
	}
	id = did + 8;
	hash = strchr(id, '#');
	idlen = hash ? (size_t)(hash - id) : strlen(id);
	if (idlen == 0 || idlen >= MC__MULTIKEY_SIZE) {
		mc__set_err(err, errlen,
			    "did:key: identifier of %zu characters", idlen);
		return MC_EINVALID;
	}
	memcpy(mb, id, idlen);
	mb[idlen] = '\0';
	if (hash && strcmp(hash + 1, mb) != 0) {
		mc__set_err(
		    err, errlen,
		    "did:key: fragment does not repeat the key (\"#%.60s\")",
		    hash + 1);
		return MC_EINVALID;
	}
	return 0;
}

int mc__didkey_resolve(unsigned char out[MC__ED25519_PUBLIC_LEN],
		       const char *did, char *err, size_t errlen)
{
	char mb[MC__MULTIKEY_SIZE];

	if (didkey_id(mb, did, err, errlen) < 0)
		return MC_EINVALID;
	return mc__multikey_decode(out, mb, err, errlen);
}

/* A P-256 public key from its SEC 1 compressed point (33 bytes). */
static int import_p256_compressed(struct mc__key **out,
				  const unsigned char point[33], char *err,
				  size_t errlen)
{
	OSSL_PARAM_BLD *bld = NULL;
	EVP_PKEY *pkey = NULL;
	enum mc__key_type type;
	int error;

	if (!(bld = OSSL_PARAM_BLD_new()) ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "prime256v1", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      point, 33)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = pkey_from_params(&pkey, "EC", bld)) < 0) {
		mc__set_err(err, errlen,
			    "did:key: the P-256 point is not on the curve");
		goto cleanup;
	}
	if ((error = classify(&type, pkey, err, errlen)) < 0)
		goto cleanup;
	if (!(*out = key_new(type))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	(*out)->pkey = pkey;
	pkey = NULL;

cleanup:
	if (error)
		ERR_clear_error();
	EVP_PKEY_free(pkey);
	OSSL_PARAM_BLD_free(bld);
	return error;
}

int mc__didkey_resolve_key(struct mc__key **out, const char *did, char *err,
			   size_t errlen)
{
	unsigned char pk[MC__ED25519_PUBLIC_LEN], bytes[35];
	char mb[MC__MULTIKEY_SIZE], why[128];

	*out = NULL;
	if (didkey_id(mb, did, err, errlen) < 0)
		return MC_EINVALID;
	/* P-256: "zDn" + base58btc(0x80 0x24 || compressed point). */
	if (strncmp(mb, "zDn", 3) == 0) {
		if (mc__base58_decode_fixed(bytes, sizeof(bytes), mb + 1,
					    strlen(mb) - 1, why,
					    sizeof(why)) < 0) {
			mc__set_err(err, errlen, "did:key: %s", why);
			return MC_EINVALID;
		}
		if (bytes[0] != 0x80 || bytes[1] != 0x24) {
			mc__set_err(err, errlen,
				    "did:key: multicodec prefix 0x%02x 0x%02x "
				    "is not P-256 (0x80 0x24)",
				    bytes[0], bytes[1]);
			return MC_EINVALID;
		}
		return import_p256_compressed(out, bytes + 2, err, errlen);
	}
	if (mc__multikey_decode(pk, mb, err, errlen) < 0)
		return MC_EINVALID;
	return mc__key_import_ed25519(out, pk);
}

/* ---- secrets at rest --------------------------------------------------- */

#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES

/* The authenticated data: version byte || aad. */
static unsigned char *make_ad(const unsigned char *aad, size_t aadlen)
{
	unsigned char *ad = malloc(aadlen + 1);

	if (!ad)
		return NULL;
	ad[0] = MC__SECRET_VERSION;
	if (aadlen)
		memcpy(ad + 1, aad, aadlen);
	return ad;
}

int mc__secret_seal(unsigned char **out, size_t *outlen,
		    const unsigned char master[MC__MASTER_KEY_LEN],
		    const unsigned char *plain, size_t len,
		    const unsigned char *aad, size_t aadlen)
{
	unsigned char *buf = NULL, *ad = NULL;
	unsigned long long clen = 0;
	int error;

	*out = NULL;
	*outlen = 0;
	if (len > MC__SECRET_MAX || aadlen > MC__SECRET_MAX)
		return MC_ETOOBIG;
	if ((error = mc__crypto_init()) < 0)
		return error;
	if (!(ad = make_ad(aad, aadlen)) ||
	    !(buf = malloc(MC__SECRET_OVERHEAD + len))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	buf[0] = MC__SECRET_VERSION;
	randombytes_buf(buf + 1, NONCE_LEN);
	crypto_aead_xchacha20poly1305_ietf_encrypt(buf + 1 + NONCE_LEN, &clen,
						   plain, len, ad, aadlen + 1,
						   NULL, buf + 1, master);
	*out = buf;
	*outlen = 1 + NONCE_LEN + (size_t)clen;
	buf = NULL;

cleanup:
	free(ad);
	free(buf);
	return error;
}

int mc__secret_open(unsigned char **out, size_t *outlen,
		    const unsigned char master[MC__MASTER_KEY_LEN],
		    const unsigned char *sealed, size_t len,
		    const unsigned char *aad, size_t aadlen, char *err,
		    size_t errlen)
{
	unsigned char *buf = NULL, *ad = NULL;
	unsigned long long plen = 0;
	size_t cap = 0;
	int error = 0;

	*out = NULL;
	*outlen = 0;
	if (len < MC__SECRET_OVERHEAD ||
	    len > MC__SECRET_MAX + MC__SECRET_OVERHEAD ||
	    aadlen > MC__SECRET_MAX) {
		mc__set_err(err, errlen,
			    "sealed secret: %zu bytes is not a "
			    "possible length",
			    len);
		return MC_EINVALID;
	}
	if (sealed[0] != MC__SECRET_VERSION) {
		mc__set_err(err, errlen, "sealed secret: unknown version %u",
			    sealed[0]);
		return MC_EINVALID;
	}
	if ((error = mc__crypto_init()) < 0)
		return error;
	cap = len - MC__SECRET_OVERHEAD;
	if (!(ad = make_ad(aad, aadlen)) || !(buf = malloc(cap + 1))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		buf, &plen, NULL, sealed + 1 + NONCE_LEN, len - 1 - NONCE_LEN,
		ad, aadlen + 1, sealed + 1, master) != 0) {
		mc__set_err(err, errlen,
			    "sealed secret does not open: wrong master key, "
			    "wrong key id, or damaged data");
		error = MC_EINVALID;
		goto cleanup;
	}
	buf[plen] = '\0';
	*out = buf;
	*outlen = (size_t)plen;
	buf = NULL;

cleanup:
	free(ad);
	mc__secret_free(buf, cap + 1);
	return error;
}

/* Parse a master key written as 64 hex digits or 43 base64url characters,
 * ignoring surrounding ASCII whitespace. */
static int master_key_text(unsigned char out[MC__MASTER_KEY_LEN], const char *s,
			   size_t len, const char *where, char *err,
			   size_t errlen)
{
	char why[128];
	int error;

	while (len && strchr(" \t\r\n", s[0]) && s[0])
		s++, len--;
	while (len && strchr(" \t\r\n", s[len - 1]) && s[len - 1])
		len--;
	if (len == 2 * MC__MASTER_KEY_LEN)
		error = mc__hex_decode_fixed(out, MC__MASTER_KEY_LEN, s, len,
					     why, sizeof(why));
	else if (len == 43)
		error = mc__b64url_decode_fixed(out, MC__MASTER_KEY_LEN, s, len,
						why, sizeof(why));
	else {
		snprintf(why, sizeof(why),
			 "%zu characters, want 64 hex digits or 43 base64url "
			 "characters (32 bytes)",
			 len);
		error = MC_EINVALID;
	}
	if (error < 0) {
		mc__set_err(err, errlen, "%s: %s", where, why);
		sodium_memzero(out, MC__MASTER_KEY_LEN);
		return MC_EINVALID;
	}
	return 0;
}

/* Load the master key from the file at `path`; see mc__master_key_load. */
static int master_key_file(unsigned char out[MC__MASTER_KEY_LEN],
			   const char *path, char *err, size_t errlen)
{
	unsigned char buf[257];
	struct stat st;
	size_t n = 0;
	ssize_t r;
	int fd, error = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		mc__set_err(err, errlen, "MICROCRED_MASTER_KEY_FILE %s: %s",
			    path, strerror(errno));
		return MC_EIO;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		mc__set_err(err, errlen,
			    "MICROCRED_MASTER_KEY_FILE %s: not a regular file",
			    path);
		error = MC_EIO;
		goto cleanup;
	}
	while (n < sizeof(buf) &&
	       (r = read(fd, buf + n, sizeof(buf) - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			mc__set_err(err, errlen,
				    "MICROCRED_MASTER_KEY_FILE %s: %s", path,
				    strerror(errno));
			error = MC_EIO;
			goto cleanup;
		}
		n += (size_t)r;
	}
	if (n == sizeof(buf)) {
		mc__set_err(err, errlen,
			    "MICROCRED_MASTER_KEY_FILE %s: too long for a key",
			    path);
		error = MC_EINVALID;
		goto cleanup;
	}
	if (n == MC__MASTER_KEY_LEN) {
		memcpy(out, buf, MC__MASTER_KEY_LEN);
	} else if ((error = master_key_text(out, (const char *)buf, n,
					    "MICROCRED_MASTER_KEY_FILE", err,
					    errlen)) < 0) {
		goto cleanup;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		mc__set_err(
		    err, errlen,
		    "warning: master key file %s is accessible by group "
		    "or others (mode %03o); run chmod 600 on it",
		    path, (unsigned)(st.st_mode & 0777));
		error = MC__MASTER_KEY_LOOSE;
	}

cleanup:
	sodium_memzero(buf, sizeof(buf));
	close(fd);
	return error;
}

int mc__master_key_load(unsigned char out[MC__MASTER_KEY_LEN], char *err,
			size_t errlen)
{
	const char *text = getenv("MICROCRED_MASTER_KEY");
	const char *file = getenv("MICROCRED_MASTER_KEY_FILE");
	int error;

	if (text && file) {
		mc__set_err(err, errlen,
			    "both MICROCRED_MASTER_KEY and "
			    "MICROCRED_MASTER_KEY_FILE are set; set one");
		error = MC_EINVALID;
	} else if (text) {
		error = master_key_text(out, text, strlen(text),
					"MICROCRED_MASTER_KEY", err, errlen);
	} else if (file) {
		error = master_key_file(out, file, err, errlen);
	} else {
		mc__set_err(err, errlen,
			    "no master key: set MICROCRED_MASTER_KEY or "
			    "MICROCRED_MASTER_KEY_FILE");
		error = MC_ENOTFOUND;
	}
	if (error < 0)
		sodium_memzero(out, MC__MASTER_KEY_LEN);
	return error;
}

int mc__master_key_generate_file(const char *path, char *err, size_t errlen)
{
	unsigned char key[MC__MASTER_KEY_LEN];
	size_t n = 0;
	ssize_t w;
	int fd, error = 0;

	if ((error = mc__crypto_init()) < 0)
		return error;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		mc__set_err(err, errlen, "%s: %s", path, strerror(errno));
		return errno == EEXIST ? MC_EEXISTS : MC_EIO;
	}
	randombytes_buf(key, sizeof(key));
	while (n < sizeof(key)) {
		if ((w = write(fd, key + n, sizeof(key) - n)) < 0) {
			if (errno == EINTR)
				continue;
			mc__set_err(err, errlen, "%s: %s", path,
				    strerror(errno));
			error = MC_EIO;
			goto cleanup;
		}
		n += (size_t)w;
	}
	if (fsync(fd) < 0) {
		mc__set_err(err, errlen, "%s: %s", path, strerror(errno));
		error = MC_EIO;
	}

cleanup:
	sodium_memzero(key, sizeof(key));
	if (close(fd) < 0 && !error) {
		mc__set_err(err, errlen, "%s: %s", path, strerror(errno));
		error = MC_EIO;
	}
	if (error)
		unlink(path);
	return error;
}

int mc__master_key_load_file(unsigned char out[MC__MASTER_KEY_LEN],
			     const char *path, char *err, size_t errlen)
{
	int error;

	if (mc__crypto_init() < 0) {
		mc__set_err(err, errlen, "no random source");
		return MC_EIO;
	}
	error = master_key_file(out, path, err, errlen);
	if (error < 0)
		sodium_memzero(out, MC__MASTER_KEY_LEN);
	return error;
}
