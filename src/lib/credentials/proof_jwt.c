/*
 * VC-JWT: the credential as the payload of a compact JWS, with the
 * registered claims iss, jti, nbf, exp (and sub when the subject has an
 * id) that Open Badges 3.0 asks for, typ "vc+jwt" (VC-JOSE-COSE).
 */
#include "proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/jws.h"
#include "crypto/jwks.h"
#include "keys/keys_private.h"
#include "util/timeutil.h"
#include "util/util.h"

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

/* Non-zero for an http(s) URL. */
static int is_url(const char *s)
{
	return s && (strncmp(s, "https://", 8) == 0 ||
		     strncmp(s, "http://", 7) == 0);
}

/* Verify with the key `vm` names (a DID URL, or a key of this
 * platform). */
static int verify_with(const mc__jws *jws, mc_store *store, const char *vm,
		       int network, char *err, size_t errlen)
{
	struct mc__key *key = NULL;
	int error;

	if ((error = mc__key_resolve(store, &key, vm, network, err, errlen)) <
	    0)
		return error;
	error = mc__jws_verify(jws, key, err, errlen);
	mc__key_free(key);
	return error;
}

/*
 * Find the issuer's key and verify the JWS with it.  The key is, in turn:
 * the header's kid when it is a DID URL or a key of this platform; the
 * kid relative to a DID iss ("#key-1"), or without a kid the DID's one
 * key (did:key, did:jwk) or its document's assertion keys (did:web); for
 * an https iss, a JWKS it publishes (mc__jwks_verify()).  Keys on the
 * network are fetched only with `network`; without it, MC_ENOTFOUND says
 * so.  *vm gets the key's id.
 */
static int verify_key(const mc__jws *jws, const json_t *vc, mc_store *store,
		      int network, char **vm, char *err, size_t errlen)
{
	const char *kid = str(jws->header, "kid"), *iss = str(vc, "iss");
	int error;

	*vm = NULL;
	if (!iss)
		iss = issuer_id(vc);
	if (kid && strncmp(kid, "did:", 4) == 0) {
		if (strncmp(kid, "did:web:", 8) == 0 && !strchr(kid, '#')) {
			if (!network)
				goto offline;
			return mc__did_web_verify(jws, kid, vm, err, errlen);
		}
		if (!(*vm = strdup(kid)))
			return MC_ENOMEM;
		return verify_with(jws, store, kid, network, err, errlen);
	}
	if (kid && is_url(kid)) {
		/* One of our keys names itself by URL. */
		error = verify_with(jws, store, kid, 0, err, errlen);
		if (error != MC_ENOTFOUND || !is_url(iss)) {
			*vm = strdup(kid);
			return *vm ? error : MC_ENOMEM;
		}
	}
	if (iss && strncmp(iss, "did:", 4) == 0) {
		if (kid)
			*vm = mc__asprintf("%s%s%s", iss,
					   kid[0] == '#' ? "" : "#", kid);
		else if (strncmp(iss, "did:key:", 8) == 0)
			*vm = mc__asprintf("%s#%s", iss, iss + 8);
		else if (strncmp(iss, "did:jwk:", 8) == 0)
			*vm = mc__asprintf("%s#0", iss);
		else if (strncmp(iss, "did:web:", 8) == 0) {
			if (!network)
				goto offline;
			return mc__did_web_verify(jws, iss, vm, err, errlen);
		} else {
			snprintf(err, errlen,
				 "no kid in the header, and the key of %s "
				 "cannot be found here",
				 iss);
			return MC_ENOTFOUND;
		}
		if (!*vm)
			return MC_ENOMEM;
		return verify_with(jws, store, *vm, network, err, errlen);
	}
	if (is_url(iss)) {
		if (!network)
			goto offline;
		return mc__jwks_verify(jws, iss, kid, vm, err, errlen);
	}
	snprintf(err, errlen,
		 "no kid in the header and no issuer to find a key");
	return MC_EINVALID;

offline:
	snprintf(err, errlen,
		 "the key of %s is published on the network, and the network "
		 "is not to be used",
		 kid && strncmp(kid, "did:web:", 8) == 0 ? kid : iss);
	return MC_ENOTFOUND;
}

int mc__jwt_verify(json_t **credential, const char *jwt, size_t len,
		   mc_store *store, int network, char **vm, char *err,
		   size_t errlen)
{
	mc__jws *jws = NULL;
	json_error_t jerr;
	const char *typ;
	int error;

	*credential = NULL;
	*vm = NULL;
	if ((error = mc__jws_parse(&jws, jwt, len, err, errlen)) < 0)
		return error;
	/* As any credential: duplicate names and trailing data refused, a
	 * number beyond 64 bits read as JavaScript reads it. */
	*credential =
	    mc__vc_parse((const char *)jws->payload, jws->payload_len, &jerr);
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
	if ((error = verify_key(jws, *credential, store, network, vm, err,
				errlen)) < 0) {
		if (error == MC_EBADSIG)
			snprintf(err, errlen,
				 "signature does not match: the credential "
				 "was altered or signed by another key (%s)",
				 *vm ? *vm : "?");
		goto cleanup;
	}
	error = claims_agree(*credential, err, errlen);

cleanup:
	mc__jws_free(jws);
	return error;
}
