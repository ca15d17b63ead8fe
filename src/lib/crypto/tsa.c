/*
 * RFC 3161 time-stamp client over libcurl: one TimeStampReq (SHA-256
 * imprint, random 64-bit nonce, certReq true) POSTed as
 * application/timestamp-query; the answer must be granted, carry our
 * imprint and nonce, and its token's signature must verify with the
 * certificate it carries.  Plain http:// is allowed: a token protects
 * itself, and many public TSAs serve only http.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "jades.h"
#include "microcred/errors.h"
#include "util/util.h"

/** Largest TSA answer read. */
#define TSA_REPLY_MAX (256u * 1024)

static pthread_once_t tsa_curl_once = PTHREAD_ONCE_INIT;
static int tsa_curl_ok;

static void tsa_curl_init(void)
{
	tsa_curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

static size_t on_reply(char *ptr, size_t size, size_t n, void *payload)
{
	return mc__buf_add(payload, ptr, size * n) == 0 ? size * n : 0;
}

/* The DER TimeStampReq over `digest` with `nonce`; caller frees *der. */
static int make_request(unsigned char **der, int *derlen,
			const unsigned char digest[32], ASN1_INTEGER *nonce)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *algo = X509_ALGOR_new();
	int rc = MC_ENOMEM;

	*der = NULL;
	if (!req || !mi || !algo ||
	    !X509_ALGOR_set0(algo, OBJ_nid2obj(NID_sha256), V_ASN1_NULL,
			     NULL) ||
	    !TS_MSG_IMPRINT_set_algo(mi, algo) ||
	    !TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)digest, 32) ||
	    !TS_REQ_set_version(req, 1) || !TS_REQ_set_msg_imprint(req, mi) ||
	    !TS_REQ_set_nonce(req, nonce) || !TS_REQ_set_cert_req(req, 1))
		goto cleanup;
	if ((*derlen = i2d_TS_REQ(req, der)) > 0)
		rc = 0;
cleanup:
	X509_ALGOR_free(algo);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
	return rc;
}

/* POST the request; *reply gets the body of a 200 answer. */
static int post(mc_buf *reply, const char *url, const unsigned char *der,
		int derlen, char *err, size_t errlen)
{
	struct curl_slist *hdrs = NULL;
	CURL *c = NULL;
	CURLcode cc;
	long status = 0;
	int rc = MC_EIO;

	pthread_once(&tsa_curl_once, tsa_curl_init);
	if (!tsa_curl_ok || !(c = curl_easy_init())) {
		mc__set_err(err, errlen, "TSA: libcurl could not start");
		return MC_EIO;
	}
	hdrs = curl_slist_append(hdrs, "Content-Type: application/"
				       "timestamp-query");
	hdrs = curl_slist_append(hdrs, "Accept: application/timestamp-reply");
	if (!hdrs) {
		rc = MC_ENOMEM;
		goto cleanup;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)der);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)derlen);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_reply);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, reply);
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		mc__set_err(err, errlen, "TSA %s: %s%s", url,
			    curl_easy_strerror(cc),
			    cc == CURLE_WRITE_ERROR ? " (answer too big)" : "");
		goto cleanup;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		mc__set_err(err, errlen, "TSA %s: HTTP status %ld", url,
			    status);
		goto cleanup;
	}
	rc = 0;
cleanup:
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return rc;
}

/* Check a TimeStampResp against our digest and nonce. */
static int check_reply(TS_RESP *resp, const unsigned char digest[32],
		       const ASN1_INTEGER *nonce, char *err, size_t errlen)
{
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	TS_TST_INFO *info = TS_RESP_get_tst_info(resp);
	PKCS7 *tok = TS_RESP_get_token(resp);
	const ASN1_INTEGER *st = si ? TS_STATUS_INFO_get0_status(si) : NULL;
	TS_MSG_IMPRINT *mi;
	ASN1_OCTET_STRING *d;
	long status = st ? ASN1_INTEGER_get(st) : -1;

	if (status != TS_STATUS_GRANTED &&
	    status != TS_STATUS_GRANTED_WITH_MODS) {
		mc__set_err(err, errlen,
			    "TSA: request not granted (status "
			    "%ld)",
			    status);
		return MC_EIO;
	}
	if (!info || !tok) {
		mc__set_err(err, errlen, "TSA: granted but no token");
		return MC_EIO;
	}
	mi = TS_TST_INFO_get_msg_imprint(info);
	d = TS_MSG_IMPRINT_get_msg(mi);
	if (OBJ_obj2nid(TS_MSG_IMPRINT_get_algo(mi)->algorithm) != NID_sha256 ||
	    ASN1_STRING_length(d) != 32 ||
	    memcmp(ASN1_STRING_get0_data(d), digest, 32) != 0) {
		mc__set_err(err, errlen,
			    "TSA: the token's imprint is not "
			    "the one asked for");
		return MC_EIO;
	}
	if (!TS_TST_INFO_get_nonce(info) ||
	    ASN1_INTEGER_cmp(TS_TST_INFO_get_nonce(info), nonce) != 0) {
		mc__set_err(err, errlen, "TSA: the token's nonce is not ours");
		return MC_EIO;
	}
	if (PKCS7_verify(tok, NULL, NULL, NULL, NULL, PKCS7_NOVERIFY) != 1) {
		mc__set_err(err, errlen,
			    "TSA: the token's signature does not "
			    "verify with the certificate it "
			    "carries");
		return MC_EIO;
	}
	return 0;
}

int mc__tsa_timestamp(unsigned char **token, size_t *token_len, const char *url,
		      const unsigned char digest[32], char *err, size_t errlen)
{
	mc_buf reply = MC_BUF_INIT(TSA_REPLY_MAX);
	unsigned char nb[8], *der = NULL, *tder = NULL;
	const unsigned char *p;
	ASN1_INTEGER *nonce = NULL;
	BIGNUM *bn = NULL;
	TS_RESP *resp = NULL;
	int derlen = 0, tlen, rc = MC_EINVALID;

	*token = NULL;
	*token_len = 0;
	if (!url || (strncmp(url, "http://", 7) != 0 &&
		     strncmp(url, "https://", 8) != 0)) {
		mc__set_err(err, errlen,
			    "tsa_url: must be http:// or https://");
		return MC_EINVALID;
	}
	rc = MC_EIO;
	if (RAND_bytes(nb, sizeof(nb)) != 1) {
		mc__set_err(err, errlen, "TSA: no randomness for the nonce");
		goto cleanup;
	}
	nb[0] |= 0x40; /* a full 63-bit positive nonce */
	nb[0] &= 0x7f;
	rc = MC_ENOMEM;
	if (!(bn = BN_bin2bn(nb, sizeof(nb), NULL)) ||
	    !(nonce = BN_to_ASN1_INTEGER(bn, NULL)))
		goto cleanup;
	if ((rc = make_request(&der, &derlen, digest, nonce)))
		goto cleanup;
	if ((rc = post(&reply, url, der, derlen, err, errlen)))
		goto cleanup;
	rc = MC_EIO;
	p = (const unsigned char *)reply.ptr;
	if (!p || !(resp = d2i_TS_RESP(NULL, &p, (long)reply.len))) {
		mc__set_err(err, errlen,
			    "TSA: the answer is not a "
			    "TimeStampResp");
		goto cleanup;
	}
	if ((rc = check_reply(resp, digest, nonce, err, errlen)))
		goto cleanup;
	rc = MC_ENOMEM;
	if ((tlen = i2d_PKCS7(TS_RESP_get_token(resp), &tder)) <= 0 ||
	    !(*token = malloc((size_t)tlen)))
		goto cleanup;
	memcpy(*token, tder, (size_t)tlen);
	*token_len = (size_t)tlen;
	rc = 0;
cleanup:
	ERR_clear_error();
	OPENSSL_free(tder);
	OPENSSL_free(der);
	TS_RESP_free(resp);
	ASN1_INTEGER_free(nonce);
	BN_free(bn);
	mc__buf_free(&reply);
	return rc;
}
