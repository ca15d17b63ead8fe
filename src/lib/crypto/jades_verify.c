/*
 * Checking a parsed JAdES seal: the JWS signature with the x5c leaf's key,
 * and the B-T signature timestamp (an RFC 3161 token over SHA-256 of the
 * base64url signature value).  Whether the leaf or the TSA is trusted is
 * the caller's question (trust.h); here only the cryptography is checked.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto.h"
#include "jades.h"
#include "microcred/errors.h"
#include "util/util.h"

/* JOSE r || s (64 bytes) as a DER ECDSA-Sig-Value; caller frees. */
static int es256_der(unsigned char **der, int *derlen, const unsigned char *rs)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(rs, 32, NULL), *s = BN_bin2bn(rs + 32, 32, NULL);

	*der = NULL;
	if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
		ECDSA_SIG_free(es);
		BN_free(r);
		BN_free(s);
		return MC_ENOMEM;
	}
	*derlen = i2d_ECDSA_SIG(es, der);
	ECDSA_SIG_free(es);
	return *derlen > 0 ? 0 : MC_ENOMEM;
}

/* Does the key fit alg: RSA of 2048+ bits for RS/PS256, P-256 for ES256. */
static int key_fits(EVP_PKEY *pk, const char *alg, char *err, size_t errlen)
{
	char curve[32] = "";

	if (alg[0] == 'E') {
		if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_EC ||
		    !EVP_PKEY_get_utf8_string_param(
			pk, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof(curve),
			NULL) ||
		    strcmp(curve, "prime256v1") != 0) {
			mc__set_err(err, errlen,
				    "x5c[0]: ES256 needs a P-256 "
				    "key");
			return MC_EINVALID;
		}
		return 0;
	}
	if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA ||
	    EVP_PKEY_get_bits(pk) < 2048) {
		mc__set_err(err, errlen,
			    "x5c[0]: %s needs an RSA key of at "
			    "least 2048 bits",
			    alg);
		return MC_EINVALID;
	}
	return 0;
}

int mc__jades_verify_signature(const struct mc__jades *j, char *err,
			       size_t errlen)
{
	const unsigned char *p = j->x5c[0];
	X509 *leaf = NULL;
	EVP_PKEY *pk;
	EVP_MD_CTX *md = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *der = NULL;
	const unsigned char *sig = j->sig;
	size_t siglen = j->sig_len;
	int derlen = 0, rc = MC_EINVALID, ok;

	if (j->x5c_count == 0 ||
	    !(leaf = d2i_X509(NULL, &p, (long)j->x5c_len[0]))) {
		mc__set_err(err, errlen, "x5c[0]: no certificate");
		goto cleanup;
	}
	if (!(pk = X509_get0_pubkey(leaf))) {
		mc__set_err(err, errlen, "x5c[0]: unsupported public key");
		goto cleanup;
	}
	if ((rc = key_fits(pk, j->alg, err, errlen)))
		goto cleanup;
	if (j->alg[0] == 'E') {
		if (siglen != 64) {
			mc__set_err(err, errlen,
				    "signature: ES256 needs 64 "
				    "bytes, not %zu",
				    siglen);
			rc = MC_EBADSIG;
			goto cleanup;
		}
		if ((rc = es256_der(&der, &derlen, sig)))
			goto cleanup;
		sig = der;
		siglen = (size_t)derlen;
	}
	rc = MC_ENOMEM;
	if (!(md = EVP_MD_CTX_new()) ||
	    EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, pk) != 1)
		goto cleanup;
	if (j->alg[0] == 'P' &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) !=
		 1 ||
	     EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1))
		goto cleanup;
	ok = EVP_DigestVerify(md, sig, siglen,
			      (const unsigned char *)j->signing_input,
			      j->signing_input_len);
	if (ok == 1) {
		rc = 0;
	} else {
		mc__set_err(err, errlen,
			    "signature: does not verify with the "
			    "x5c[0] key");
		rc = MC_EBADSIG;
	}
cleanup:
	ERR_clear_error();
	OPENSSL_free(der);
	EVP_MD_CTX_free(md);
	X509_free(leaf);
	return rc;
}

int mc__jades_verify_timestamp(const struct mc__jades *j, time_t *gen_time,
			       unsigned char **tsa_cert, size_t *tsa_cert_len,
			       char *err, size_t errlen)
{
	const unsigned char *p = j->sigtst;
	PKCS7 *tok = NULL;
	TS_TST_INFO *info = NULL;
	STACK_OF(X509) *signers = NULL;
	TS_MSG_IMPRINT *mi;
	ASN1_OCTET_STRING *d;
	const ASN1_GENERALIZEDTIME *gt;
	X509 *tsa;
	struct tm tm;
	unsigned char want[MC__SHA256_LEN], *cder = NULL;
	int rc = MC_EINVALID, clen;

	if (gen_time)
		*gen_time = 0;
	if (tsa_cert) {
		*tsa_cert = NULL;
		*tsa_cert_len = 0;
	}
	if (!j->sigtst) {
		mc__set_err(err, errlen, "etsiU: no sigTst (not B-T)");
		return MC_ENOTFOUND;
	}
	tok = d2i_PKCS7(NULL, &p, (long)j->sigtst_len);
	if (!tok || p != j->sigtst + j->sigtst_len ||
	    !(info = PKCS7_to_TS_TST_INFO(tok))) {
		mc__set_err(err, errlen, "sigTst: not an RFC 3161 token");
		goto cleanup;
	}
	mi = TS_TST_INFO_get_msg_imprint(info);
	d = TS_MSG_IMPRINT_get_msg(mi);
	if (OBJ_obj2nid(TS_MSG_IMPRINT_get_algo(mi)->algorithm) != NID_sha256 ||
	    ASN1_STRING_length(d) != MC__SHA256_LEN) {
		mc__set_err(err, errlen, "sigTst: imprint is not SHA-256");
		goto cleanup;
	}
	mc__sha256(want, j->sig_b64, strlen(j->sig_b64));
	if (memcmp(ASN1_STRING_get0_data(d), want, sizeof(want)) != 0) {
		mc__set_err(err, errlen,
			    "sigTst: the timestamp is of another "
			    "signature (imprint differs)");
		rc = MC_EBADSIG;
		goto cleanup;
	}
	/* The token's signature over TSTInfo, with the certificate it
	 * carries; the TSA's trust is the caller's. */
	if (PKCS7_verify(tok, NULL, NULL, NULL, NULL, PKCS7_NOVERIFY) != 1) {
		mc__set_err(err, errlen,
			    "sigTst: the token's signature does "
			    "not verify (or it carries no TSA "
			    "certificate)");
		rc = MC_EBADSIG;
		goto cleanup;
	}
	signers = PKCS7_get0_signers(tok, NULL, 0);
	if (!signers || sk_X509_num(signers) != 1) {
		mc__set_err(err, errlen, "sigTst: not one signer");
		goto cleanup;
	}
	tsa = sk_X509_value(signers, 0);
	if (X509_check_purpose(tsa, X509_PURPOSE_TIMESTAMP_SIGN, 0) != 1) {
		mc__set_err(err, errlen,
			    "sigTst: the TSA certificate is not "
			    "for time stamping (extendedKeyUsage)");
		goto cleanup;
	}
	gt = TS_TST_INFO_get_time(info);
	if (!gt || !ASN1_TIME_to_tm(gt, &tm)) {
		mc__set_err(err, errlen, "sigTst: bad genTime");
		goto cleanup;
	}
	if (gen_time)
		*gen_time = timegm(&tm);
	if (tsa_cert) {
		rc = MC_ENOMEM;
		if ((clen = i2d_X509(tsa, &cder)) <= 0)
			goto cleanup;
		if (!(*tsa_cert = malloc((size_t)clen)))
			goto cleanup;
		memcpy(*tsa_cert, cder, (size_t)clen);
		*tsa_cert_len = (size_t)clen;
	}
	rc = 0;
cleanup:
	ERR_clear_error();
	OPENSSL_free(cder);
	sk_X509_free(signers);
	TS_TST_INFO_free(info);
	PKCS7_free(tok);
	return rc;
}
