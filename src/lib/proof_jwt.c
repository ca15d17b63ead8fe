/*
 * VC-JWT: the credential as the payload of a compact JWS, with the
 * registered claims iss, jti, nbf, exp (and sub when the subject has an
 * id) that Open Badges 3.0 asks for, typ "vc+jwt" (VC-JOSE-COSE).
 */
#include "proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jws.h"
#include "keys_private.h"
#include "timeutil.h"
#include "util.h"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The issuer's id: a string, or the "id" of an issuer object. */
static const char *issuer_id(const json_t *vc)
{
	const json_t *iss = json_object_get(vc, "issuer");

	return json_is_string(iss) ? json_string_value(iss) : str(iss, "id");
}

int mc__jwt_sign(char **out, const json_t *credential,
		 const struct mc__key *key, const char *alg, const char *vm,
		 char *err, size_t errlen)
{
	json_t *claims = json_deep_copy(credential), *header = NULL;
	const char *from = str(credential, "validFrom");
	const char *until = str(credential, "validUntil");
	const char *sub =
	    str(json_object_get(credential, "credentialSubject"), "id");
	char *h = NULL, *p = NULL;
	long long t;
	int error = 0;

	*out = NULL;
	if (!claims)
		return MC_ENOMEM;
	if (!issuer_id(credential) || !str(credential, "id") || !from ||
	    mc__timestamp_parse(from, &t) < 0) {
		snprintf(err, errlen,
			 "credential needs issuer, id and validFrom");
		error = MC_EINVALID;
		goto cleanup;
	}
	if (json_object_set_new(claims, "iss",
				json_string(issuer_id(credential))) ||
	    json_object_set_new(claims, "jti",
				json_string(str(credential, "id"))) ||
	    json_object_set_new(claims, "nbf", json_integer(t)) ||
	    (sub && json_object_set_new(claims, "sub", json_string(sub)))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (until) {
		if (mc__timestamp_parse(until, &t) < 0) {
			snprintf(err, errlen, "validUntil: not a date-time");
			error = MC_EINVALID;
			goto cleanup;
		}
		if (json_object_set_new(claims, "exp", json_integer(t))) {
			error = MC_ENOMEM;
			goto cleanup;
		}
	}
	header = json_pack("{s:s, s:s, s:s}", "alg", alg, "kid", vm, "typ",
			   "vc+jwt");
	h = header ? json_dumps(header, JSON_COMPACT | JSON_PRESERVE_ORDER)
		   : NULL;
	p = json_dumps(claims, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!h || !p) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__jws_sign(out, h, p, strlen(p), key, alg)) < 0)
		snprintf(err, errlen, "JWS signing failed (%s)", alg);

cleanup:
	json_decref(claims);
	json_decref(header);
	free(h);
	free(p);
	return error;
}

/* The registered claims must say what the credential says. */
static int claims_agree(const json_t *vc, char *err, size_t errlen)
{
	const char *from = str(vc, "validFrom"), *until = str(vc, "validUntil");
	json_t *nbf = json_object_get(vc, "nbf"),
	       *exp = json_object_get(vc, "exp");
	long long t;

	if (!mc__streq(str(vc, "iss"), issuer_id(vc))) {
		snprintf(err, errlen,
			 "iss does not name the credential's "
			 "issuer");
		return MC_EINVALID;
	}
	if (str(vc, "jti") && !mc__streq(str(vc, "jti"), str(vc, "id"))) {
		snprintf(err, errlen, "jti does not match the credential id");
		return MC_EINVALID;
	}
	if (nbf && (!from || mc__timestamp_parse(from, &t) < 0 ||
		    !json_is_integer(nbf) || json_integer_value(nbf) != t)) {
		snprintf(err, errlen, "nbf does not match validFrom");
		return MC_EINVALID;
	}
	if (exp && (!until || mc__timestamp_parse(until, &t) < 0 ||
		    !json_is_integer(exp) || json_integer_value(exp) != t)) {
		snprintf(err, errlen, "exp does not match validUntil");
		return MC_EINVALID;
	}
	return 0;
}

int mc__jwt_verify(json_t **credential, const char *jwt, size_t len,
		   mc_store *store, int network, char **vm, char *err,
		   size_t errlen)
{
	mc__jws *jws = NULL;
	struct mc__key *key = NULL;
	json_error_t jerr;
	const char *kid, *typ;
	int error;

	*credential = NULL;
	*vm = NULL;
	if ((error = mc__jws_parse(&jws, jwt, len, err, errlen)) < 0)
		return error;
	*credential = json_loadb((const char *)jws->payload, jws->payload_len,
				 JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(*credential)) {
		snprintf(err, errlen, "payload: not a JSON object%s%s",
			 *credential ? "" : ": ", *credential ? "" : jerr.text);
		json_decref(*credential);
		*credential = NULL;
		error = MC_EINVALID;
		goto cleanup;
	}
	typ = str(jws->header, "typ");
	if (typ && strcmp(typ, "vc+jwt") != 0 && strcmp(typ, "JWT") != 0) {
		snprintf(err, errlen, "typ: '%s' is not vc+jwt", typ);
		error = MC_EINVALID;
		goto cleanup;
	}
	kid = str(jws->header, "kid");
	if (!kid)
		kid = str(*credential, "iss");
	if (!kid) {
		snprintf(err, errlen, "no kid in the header and no iss");
		error = MC_EINVALID;
		goto cleanup;
	}
	if (!(*vm = strdup(kid))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__key_resolve(store, &key, kid, network, err, errlen)) <
	    0)
		goto cleanup;
	if ((error = mc__jws_verify(jws, key, err, errlen)) < 0) {
		if (error == MC_EBADSIG)
			snprintf(err, errlen,
				 "signature does not match: the credential "
				 "was altered or signed by another key (%s)",
				 kid);
		goto cleanup;
	}
	error = claims_agree(*credential, err, errlen);

cleanup:
	mc__key_free(key);
	mc__jws_free(jws);
	return error;
}
