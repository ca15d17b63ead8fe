/*
 * The software seal signer: an OpenSSL EVP_PKEY behind struct
 * mc__seal_signer (seal_private.h).  A PKCS#11 backend would fill the
 * same struct with its own sign and destroy and keep a token session in
 * `impl`; nothing above this file knows which backend signs.
 */
#include "seal_private.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto/crypto.h"
#include "keys_private.h"
#include "crypto/seal_x509.h"
#include "util/util.h"

/* The backend's state: the key, which never leaves this file. */
struct soft_impl {
	EVP_PKEY *key;
};

/* ECDSA DER (SEQUENCE of two INTEGERs) to JOSE r || s, 32 bytes each. */
static int ecdsa_der_to_raw(unsigned char raw[64], const unsigned char *der,
			    size_t len)
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	int ok;

	if (!sig)
		return 0;
	ECDSA_SIG_get0(sig, &r, &s);
	ok = BN_bn2binpad(r, raw, 32) == 32 &&
	     BN_bn2binpad(s, raw + 32, 32) == 32;
	ECDSA_SIG_free(sig);
	return ok;
}

static int soft_sign(struct mc__seal_signer *self, const char *alg,
		     const unsigned char digest[32], unsigned char **sig,
		     size_t *siglen, char *err, size_t errlen)
{
	struct soft_impl *impl = self->impl;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *buf = NULL;
	size_t n = 0;
	int error = MC_EIO;

	*sig = NULL;
	*siglen = 0;
	if (!impl || !impl->key || !mc__seal_alg_fits(impl->key, alg)) {
		mc__set_err(err, errlen,
			    "alg: %s is not one this seal's key "
			    "signs with",
			    alg ? alg : "(none)");
		return MC_EINVALID;
	}
	if (!(pctx = EVP_PKEY_CTX_new(impl->key, NULL)))
		return MC_ENOMEM;
	if (EVP_PKEY_sign_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(pctx, EVP_sha256()) != 1)
		goto cleanup;
	if (strcmp(alg, "PS256") == 0 &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	     EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1 ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) != 1))
		goto cleanup;
	if (strcmp(alg, "RS256") == 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
		goto cleanup;
	/* The key's largest signature. */
	if ((n = (size_t)EVP_PKEY_get_size(impl->key)) == 0)
		goto cleanup;
	if (!(buf = malloc(n))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (EVP_PKEY_sign(pctx, buf, &n, digest, 32) != 1)
		goto cleanup;
	if (strcmp(alg, "ES256") == 0) {
		unsigned char *raw = malloc(64);

		if (!raw) {
			error = MC_ENOMEM;
			goto cleanup;
		}
		if (!ecdsa_der_to_raw(raw, buf, n)) {
			free(raw);
			goto cleanup;
		}
		free(buf);
		buf = raw;
		n = 64;
	}
	*sig = buf;
	*siglen = n;
	buf = NULL;
	error = 0;

cleanup:
	if (error == MC_EIO)
		mc__set_err(err, errlen, "%s signing failed (%s)", alg,
			    ERR_reason_error_string(ERR_peek_last_error())
				? ERR_reason_error_string(ERR_peek_last_error())
				: "OpenSSL");
	ERR_clear_error();
	free(buf);
	EVP_PKEY_CTX_free(pctx);
	return error;
}

static void soft_destroy(struct mc__seal_signer *self)
{
	struct soft_impl *impl;
	size_t i;

	if (!self)
		return;
	impl = self->impl;
	if (impl) {
		EVP_PKEY_free(impl->key); /* OpenSSL clears key material */
		mc__secret_free(impl, sizeof(*impl));
	}
	for (i = 0; i < self->chain_count; i++)
		free(self->chain[i]);
	mc_seal_info_free(self->info);
	mc__wipe(self, sizeof(*self));
	free(self);
}

void mc__seal_signer_free(struct mc__seal_signer *s)
{
	if (s && s->destroy)
		s->destroy(s);
}

int mc__seal_signer_soft(struct mc__seal_signer **out, EVP_PKEY *key,
			 STACK_OF(X509) * chain, mc_seal_info *info,
			 const char *alg, char *err, size_t errlen)
{
	struct mc__seal_signer *s = calloc(1, sizeof(*s));
	struct soft_impl *impl = calloc(1, sizeof(*impl));
	int i, n = chain ? sk_X509_num(chain) : 0, error = 0;

	*out = NULL;
	if (!s || !impl) {
		error = MC_ENOMEM;
		goto fail;
	}
	s->sign = soft_sign;
	s->destroy = soft_destroy;
	s->impl = impl;
	impl->key = key;
	key = NULL;
	s->info = info;
	info = NULL;
	if (!mc__seal_alg_fits(impl->key, alg)) {
		mc__set_err(err, errlen, "alg: %s does not fit the seal's key",
			    alg ? alg : "(none)");
		error = MC_EINVALID;
		goto fail;
	}
	memcpy(s->alg, alg, strlen(alg) + 1);
	if (n < 1 || n > MC_SEAL_CHAIN_MAX) {
		mc__set_err(err, errlen, "chain: %d certificates", n);
		error = MC_EINVALID;
		goto fail;
	}
	for (i = 0; i < n; i++) {
		unsigned char *der = NULL;
		int len = i2d_X509(sk_X509_value(chain, i), &der);

		if (len <= 0) {
			error = MC_ENOMEM;
			goto fail;
		}
		s->chain[i] = malloc((size_t)len);
		if (s->chain[i])
			memcpy(s->chain[i], der, (size_t)len);
		OPENSSL_free(der);
		if (!s->chain[i]) {
			error = MC_ENOMEM;
			goto fail;
		}
		s->chain_len[i] = (size_t)len;
		s->chain_count = (size_t)i + 1;
	}
	sk_X509_pop_free(chain, X509_free);
	*out = s;
	return 0;

fail:
	ERR_clear_error();
	if (s && s->impl)
		soft_destroy(s);
	else {
		free(s);
		free(impl);
	}
	EVP_PKEY_free(key);
	mc_seal_info_free(info);
	sk_X509_pop_free(chain, X509_free);
	return error;
}

int mc__seal_signer_from_pem(struct mc__seal_signer **out, const char *key_pem,
			     size_t key_len, const char *chain_pem,
			     size_t chain_len, const char *password, char *err,
			     size_t errlen)
{
	EVP_PKEY *key = NULL;
	STACK_OF(X509) *chain = NULL;
	mc_seal_info *info = NULL;
	int error;

	*out = NULL;
	if ((error =
		 mc__seal_parse_pem(&key, &chain, key_pem, key_len, chain_pem,
				    chain_len, password, err, errlen)) < 0)
		return error;
	if (!(info = calloc(1, sizeof(*info))) ||
	    !(info->alg = mc__strdup(mc__seal_default_alg(key)))) {
		error = MC_ENOMEM;
		goto fail;
	}
	if ((error = mc__seal_describe(info, chain, err, errlen)) < 0 ||
	    !(info->id = mc__asprintf("pem-%.16s", info->fingerprint))) {
		error = error ? error : MC_ENOMEM;
		goto fail;
	}
	return mc__seal_signer_soft(out, key, chain, info, info->alg, err,
				    errlen);

fail:
	EVP_PKEY_free(key);
	sk_X509_pop_free(chain, X509_free);
	mc_seal_info_free(info);
	return error;
}

/* The stored seal is opened as it was stored: its key must match its
 * leaf, but a test seal made without keyUsage still signs (so that
 * verifiers can be tested against it). */
int mc__seal_signer_open(mc_store *store, struct mc__seal_signer **out,
			 const char *org_id)
{
	unsigned char master[MC__MASTER_KEY_LEN], *sealed = NULL, *priv = NULL;
	size_t sealedlen = 0, privlen = 0;
	mc_seal_info *active = NULL, *info = NULL;
	STACK_OF(X509) *chain = NULL;
	EVP_PKEY *key = NULL;
	char err[256] = "";
	int error;

	*out = NULL;
	if ((error = mc_seal_active(store, &active, org_id)) < 0)
		return error;
	if ((error = store->keys->seal_get(store, &info, &sealed, &sealedlen,
					   active->id)) < 0)
		goto cleanup;
	if ((error = mc__master_key_for(store, master)) < 0)
		goto cleanup;
	error = mc__secret_open(&priv, &privlen, master, sealed, sealedlen,
				(const unsigned char *)info->id,
				strlen(info->id), err, sizeof(err));
	mc__wipe(master, sizeof(master));
	if (error < 0) {
		error = mc__master_key_mismatch(store, "seal", info->id);
		goto cleanup;
	}
	if ((error = mc__seal_key_from_pkcs8(&key, priv, privlen, err,
					     sizeof(err))) < 0 ||
	    (error = mc__seal_chain_from_pem(&chain, info->chain_pem,
					     strlen(info->chain_pem), err,
					     sizeof(err))) < 0) {
		error = mc__store_error(store, MC_EIO, "seal %s: %s", info->id,
					err);
		goto cleanup;
	}
	if (X509_check_private_key(sk_X509_value(chain, 0), key) != 1) {
		ERR_clear_error();
		error = mc__store_error(store, MC_EIO,
					"seal %s: the key does not match the "
					"certificate",
					info->id);
		goto cleanup;
	}
	error = mc__seal_signer_soft(out, key, chain, info, info->alg, err,
				     sizeof(err));
	key = NULL;
	chain = NULL;
	info = NULL;
	if (error < 0)
		mc__store_error(store, error, "seal %s: %s", active->id, err);

cleanup:
	mc__secret_free(priv, privlen);
	free(sealed);
	EVP_PKEY_free(key);
	sk_X509_pop_free(chain, X509_free);
	mc_seal_info_free(info);
	mc_seal_info_free(active);
	return error;
}
