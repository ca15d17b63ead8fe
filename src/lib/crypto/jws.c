/*
 * Compact JWS: sign, parse strictly, verify.  The header decides nothing
 * about which key is used (no "jwk", "jku" or "kid" look-up happens here);
 * the caller brings the key and its type must agree with "alg".
 */
#include "jws.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/encoding.h"
#include "microcred/errors.h"
#include "util/util.h"

/*
 * Check a protected header: a JSON object with a supported string "alg"
 * and no "crit".  Returns 0 or MC_EINVALID with the reason in err.
 */
static int check_header(const json_t *header, char *err, size_t errlen)
{
	const json_t *alg = json_object_get(header, "alg");

	if (!json_is_object(header)) {
		mc__set_err(err, errlen, "JWS header: not a JSON object");
		return MC_EINVALID;
	}
	if (!json_is_string(alg)) {
		mc__set_err(err, errlen,
			    "JWS header: \"alg\" missing or not a "
			    "string");
		return MC_EINVALID;
	}
	if (strcmp(json_string_value(alg), "none") == 0) {
		mc__set_err(err, errlen,
			    "JWS header: alg \"none\" (unsigned) is "
			    "not accepted");
		return MC_EINVALID;
	}
	if (!mc__alg_supported(json_string_value(alg))) {
		mc__set_err(err, errlen,
			    "JWS header: alg \"%.40s\" is not accepted (EdDSA, "
			    "RS256, ES256)",
			    json_string_value(alg));
		return MC_EINVALID;
	}
	if (json_object_get(header, "crit")) {
		mc__set_err(err, errlen,
			    "JWS header: \"crit\" extensions are not "
			    "supported");
		return MC_EINVALID;
	}
	return 0;
}

int mc__jws_sign(char **out, const char *protected_header_json,
		 const char *payload, size_t len, const struct mc__key *key,
		 const char *alg)
{
	mc_buf b = MC_BUF_INIT(MC__JWS_MAX);
	char *h64 = NULL, *p64 = NULL, *s64 = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	json_t *header = NULL;
	int error;

	*out = NULL;
	header =
	    json_loads(protected_header_json, JSON_REJECT_DUPLICATES, NULL);
	if (!header || check_header(header, NULL, 0) < 0 || !alg ||
	    strcmp(json_string_value(json_object_get(header, "alg")), alg) !=
		0) {
		error = MC_EINVALID;
		goto cleanup;
	}
	if (len > MC__JWS_MAX) {
		error = MC_ETOOBIG;
		goto cleanup;
	}
	if ((error = mc__b64url_encode(
		 &h64, (const unsigned char *)protected_header_json,
		 strlen(protected_header_json))) < 0 ||
	    (error = mc__b64url_encode(&p64, (const unsigned char *)payload,
				       len)) < 0 ||
	    (error = mc__buf_puts(&b, h64)) < 0 ||
	    (error = mc__buf_puts(&b, ".")) < 0 ||
	    (error = mc__buf_puts(&b, p64)) < 0)
		goto cleanup;
	if ((error = mc__sign(&sig, &siglen, key, alg,
			      (const unsigned char *)b.ptr, b.len, NULL, 0)) <
		0 ||
	    (error = mc__b64url_encode(&s64, sig, siglen)) < 0 ||
	    (error = mc__buf_puts(&b, ".")) < 0 ||
	    (error = mc__buf_puts(&b, s64)) < 0)
		goto cleanup;
	if (!(*out = mc__buf_detach(&b)))
		error = MC_ENOMEM;

cleanup:
	json_decref(header);
	mc__buf_free(&b);
	free(h64);
	free(p64);
	free(s64);
	free(sig);
	return error;
}

/* Decode one base64url part, prefixing the reason with its name. */
static int decode_part(unsigned char **out, size_t *outlen, const char *in,
		       size_t len, const char *name, char *err, size_t errlen)
{
	char why[160];
	int error = mc__b64url_decode(out, outlen, in, len, why, sizeof(why));

	if (error == MC_EINVALID || error == MC_ETOOBIG) {
		mc__set_err(err, errlen, "JWS %s: %s", name, why);
		error = MC_EINVALID;
	}
	return error;
}

int mc__jws_parse(mc__jws **out, const char *compact, size_t len, char *err,
		  size_t errlen)
{
	const char *dot1, *dot2;
	unsigned char *hbytes = NULL;
	size_t hlen = 0;
	json_error_t jerr;
	mc__jws *jws = NULL;
	int error = 0;

	*out = NULL;
	if (len > MC__JWS_MAX) {
		mc__set_err(err, errlen, "JWS: %zu bytes, more than %d", len,
			    MC__JWS_MAX);
		return MC_ETOOBIG;
	}
	dot1 = memchr(compact, '.', len);
	dot2 = dot1 ? memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - compact))
		    : NULL;
	if (!dot2 ||
	    memchr(dot2 + 1, '.', len - (size_t)(dot2 + 1 - compact))) {
		mc__set_err(err, errlen,
			    "JWS: not three dot-separated parts (compact "
			    "serialisation)");
		return MC_EINVALID;
	}
	if (!(jws = calloc(1, sizeof(*jws))))
		return MC_ENOMEM;
	if ((error =
		 decode_part(&hbytes, &hlen, compact, (size_t)(dot1 - compact),
			     "header", err, errlen)) < 0)
		goto cleanup;
	if (!(jws->header = json_loadb((const char *)hbytes, hlen,
				       JSON_REJECT_DUPLICATES, &jerr))) {
		mc__set_err(err, errlen, "JWS header: not JSON: %s", jerr.text);
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = check_header(jws->header, err, errlen)) < 0)
		goto cleanup;
	jws->alg = json_string_value(json_object_get(jws->header, "alg"));
	if ((error = decode_part(&jws->payload, &jws->payload_len, dot1 + 1,
				 (size_t)(dot2 - dot1 - 1), "payload", err,
				 errlen)) < 0 ||
	    (error = decode_part(&jws->sig, &jws->sig_len, dot2 + 1,
				 len - (size_t)(dot2 + 1 - compact),
				 "signature", err, errlen)) < 0)
		goto cleanup;
	if (jws->sig_len == 0) {
		mc__set_err(err, errlen, "JWS signature: empty");
		error = MC_EINVALID;
		goto cleanup;
	}
	jws->signing_input_len = (size_t)(dot2 - compact);
	if (!(jws->signing_input =
		  mc__strndup(compact, jws->signing_input_len))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	*out = jws;
	jws = NULL;

cleanup:
	free(hbytes);
	mc__jws_free(jws);
	return error;
}

int mc__jws_verify(const mc__jws *jws, const struct mc__key *key, char *err,
		   size_t errlen)
{
	char why[160];
	int error;

	why[0] = '\0';
	error = mc__verify(
	    key, jws->alg, (const unsigned char *)jws->signing_input,
	    jws->signing_input_len, jws->sig, jws->sig_len, why, sizeof(why));
	if (error < 0)
		mc__set_err(err, errlen, "JWS: %s",
			    why[0] ? why : mc_error_str(error));
	return error;
}

int mc__jws_verify_compact(json_t **header, unsigned char **payload,
			   size_t *payload_len, const char *compact, size_t len,
			   const struct mc__key *key, char *err, size_t errlen)
{
	mc__jws *jws = NULL;
	int error;

	if (header)
		*header = NULL;
	if (payload)
		*payload = NULL;
	if (payload_len)
		*payload_len = 0;
	if ((error = mc__jws_parse(&jws, compact, len, err, errlen)) < 0 ||
	    (error = mc__jws_verify(jws, key, err, errlen)) < 0)
		goto cleanup;
	if (header)
		*header = json_incref(jws->header);
	if (payload) {
		*payload = jws->payload;
		jws->payload = NULL;
	}
	if (payload_len)
		*payload_len = jws->payload_len;

cleanup:
	mc__jws_free(jws);
	return error;
}

void mc__jws_free(mc__jws *jws)
{
	if (!jws)
		return;
	json_decref(jws->header);
	free(jws->payload);
	free(jws->sig);
	free(jws->signing_input);
	free(jws);
}
