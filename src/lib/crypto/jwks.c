/*
 * Keys of VC-JWT issuers published on the network: a JWKS (RFC 7517
 * section 5) at the issuer's URL, named by its profile, or at the
 * domain's /.well-known/jwks.json; and the methods of a did:web document.
 * Every document comes through mc__fetch() (https, or http on loopback;
 * bounded in size and time).
 */
#include "jwks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "crypto.h"
#include "util/fetch.h"
#include "util/util.h"

/* The JSON document at `url`, or NULL with the reason in err and *error
 * set. */
static json_t *fetch_json(const char *url, int *error, char *err, size_t errlen)
{
	char *body = NULL;
	size_t len = 0;
	json_t *doc = NULL;
	json_error_t jerr;

	if ((*error = mc__fetch(&body, &len, url, MC__FETCH_MAX, err, errlen)) <
	    0) {
		if (*error != MC_ENOMEM)
			*error = MC_ENOTFOUND;
		return NULL;
	}
	doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	free(body);
	if (!json_is_object(doc)) {
		snprintf(err, errlen, "%s: not a JSON object", url);
		json_decref(doc);
		*error = MC_EINVALID;
		return NULL;
	}
	return doc;
}

/* Try `key` (a JWK) on the JWS.  Returns 0, MC_EBADSIG, MC_EINVALID (the
 * key is malformed or not of the alg), MC_ENOMEM. */
static int try_jwk(const mc__jws *jws, const json_t *jwk, char *err,
		   size_t errlen)
{
	struct mc__key *key = NULL;
	int error;

	/* A JWK that says it is not for signatures, or for another alg. */
	if ((json_string_value(json_object_get(jwk, "use")) &&
	     !mc__streq(json_string_value(json_object_get(jwk, "use")),
			"sig")) ||
	    (json_string_value(json_object_get(jwk, "alg")) &&
	     !mc__streq(json_string_value(json_object_get(jwk, "alg")),
			jws->alg))) {
		snprintf(err, errlen, "the key is not for %s signatures",
			 jws->alg);
		return MC_EINVALID;
	}
	if ((error = mc__key_import_jwk(&key, jwk, err, errlen)) < 0)
		return error;
	error = mc__jws_verify(jws, key, err, errlen);
	mc__key_free(key);
	return error;
}

/* Verify with the keys of JWKS `set` published at `url`. */
static int verify_set(const mc__jws *jws, const json_t *set, const char *url,
		      const char *kid, char **vm, char *err, size_t errlen)
{
	const json_t *keys = json_object_get(set, "keys"), *k;
	size_t i, tried = 0;
	int error = MC_ENOTFOUND, e;
	char num[24];

	if (!json_is_array(keys)) {
		snprintf(err, errlen, "%s: not a JWKS (no \"keys\" array)",
			 url);
		return MC_EINVALID;
	}
	json_array_foreach(keys, i, k)
	{
		const char *id = json_string_value(json_object_get(k, "kid"));

		/* A kid may be the key's URL: its fragment is the kid. */
		if (kid && !mc__streq(id, kid) &&
		    !(strchr(kid, '#') && mc__streq(id, strchr(kid, '#') + 1)))
			continue;
		if (!kid && tried++ == MC__JWKS_TRY_MAX)
			break;
		e = try_jwk(jws, k, err, errlen);
		if (e == MC_ENOMEM)
			return e;
		if (e == MC_EINVALID && !kid)
			continue; /* not a key for this alg */
		/* A key that verifies wins; else a key of the right type
		 * whose signature failed says more than one that did not
		 * fit. */
		if (e == 0 || e == MC_EBADSIG || error == MC_ENOTFOUND) {
			snprintf(num, sizeof(num), "%zu", i);
			free(*vm);
			if (!(*vm = mc__asprintf("%s#%s", url, id ? id : num)))
				return MC_ENOMEM;
			error = e;
		}
		if (e == 0 || kid)
			break;
	}
	if (error == MC_ENOTFOUND)
		snprintf(err, errlen, "%s: no key%s%s", url, kid ? " " : "",
			 kid ? kid : "");
	else if (error == MC_EBADSIG)
		snprintf(err, errlen,
			 "signature does not match the key published at %s",
			 *vm);
	return error;
}

/* "https://host:port" of an http(s) URL, or NULL.  Caller frees. */
static char *origin_of(const char *url)
{
	const char *p = strstr(url, "://");

	if (!p || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)))
		return NULL;
	p += 3;
	return mc__strndup(url, (size_t)(p - url) + strcspn(p, "/?#"));
}

int mc__jwks_verify(const mc__jws *jws, const char *iss, const char *kid,
		    char **vm, char *err, size_t errlen)
{
	json_t *doc = NULL, *other = NULL;
	const json_t *set = NULL;
	const char *uri, *at = iss;
	char *origin = NULL, *wk = NULL, why[300] = "", why2[300] = "";
	int error;

	*vm = NULL;
	if (!(origin = origin_of(iss))) {
		snprintf(err, errlen, "%s: not an https URL", iss);
		return MC_EINVALID;
	}
	/* The issuer's own document: a JWKS, or a profile naming one. */
	if ((doc = fetch_json(iss, &error, why, sizeof(why)))) {
		if (json_object_get(doc, "keys"))
			set = doc;
		else if (json_is_object(json_object_get(doc, "jwks")))
			set = json_object_get(doc, "jwks");
		else if ((uri = json_string_value(
			      json_object_get(doc, "jwks_uri"))) &&
			 (other = fetch_json(uri, &error, why, sizeof(why)))) {
			set = other;
			at = uri;
		}
	}
	if (error == MC_ENOMEM)
		goto cleanup;
	if (set) {
		error = verify_set(jws, set, at, kid, vm, err, errlen);
		/* A kid the profile's set lacks may be in the domain's. */
		if (error != MC_ENOTFOUND)
			goto cleanup;
	}
	if (!(wk = mc__asprintf("%s/.well-known/jwks.json", origin))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (strcmp(wk, iss) == 0 && set)
		goto cleanup; /* the same document, read already */
	json_decref(other);
	if (!(other = fetch_json(wk, &error, why2, sizeof(why2)))) {
		if (error != MC_ENOMEM) {
			snprintf(err, errlen,
				 "the issuer %s publishes no key%s%s (%s; %s)",
				 iss, kid ? " " : "", kid ? kid : "",
				 *why ? why : "no JWKS there", why2);
			error = MC_ENOTFOUND;
		}
		goto cleanup;
	}
	error = verify_set(jws, other, wk, kid, vm, err, errlen);

cleanup:
	json_decref(doc);
	json_decref(other);
	free(origin);
	free(wk);
	if (error && error != MC_EBADSIG) {
		free(*vm);
		*vm = NULL;
	}
	return error;
}

/* Non-zero if method id `id` (absolute or "#frag") is listed in `refs`
 * (strings or embedded methods) as `abs` or its fragment. */
static int listed(const json_t *refs, const char *abs, const char *frag)
{
	const json_t *r;
	size_t i;

	json_array_foreach(refs, i, r)
	{
		const char *s =
		    json_is_string(r)
			? json_string_value(r)
			: json_string_value(json_object_get(r, "id"));

		if (mc__streq(s, abs) || mc__streq(s, frag))
			return 1;
	}
	return 0;
}

int mc__did_web_verify(const mc__jws *jws, const char *did, char **vm,
		       char *err, size_t errlen)
{
	json_t *doc = NULL;
	const json_t *methods, *am, *m;
	char *url = NULL, *abs = NULL;
	size_t i, tried = 0;
	int error = MC_ENOTFOUND, e;

	*vm = NULL;
	if (mc__did_web_url(&url, did) < 0) {
		snprintf(err, errlen, "%s: not a did:web DID", did);
		return MC_EINVALID;
	}
	if (!(doc = fetch_json(url, &error, err, errlen)))
		goto cleanup;
	if (!mc__streq(json_string_value(json_object_get(doc, "id")), did)) {
		snprintf(err, errlen, "%s: the document is not %s's", url, did);
		error = MC_EINVALID;
		goto cleanup;
	}
	methods = json_object_get(doc, "verificationMethod");
	am = json_object_get(doc, "assertionMethod");
	error = MC_ENOTFOUND;
	snprintf(err, errlen, "%s: no key for %s signatures", url, jws->alg);
	json_array_foreach(methods, i, m)
	{
		const char *id = json_string_value(json_object_get(m, "id"));
		const char *mb =
		    json_string_value(json_object_get(m, "publicKeyMultibase"));
		unsigned char pk[MC__ED25519_PUBLIC_LEN];
		struct mc__key *key = NULL;

		if (!id || tried == MC__JWKS_TRY_MAX)
			continue;
		free(abs);
		abs = id[0] == '#' ? mc__asprintf("%s%s", did, id) : strdup(id);
		if (!abs) {
			error = MC_ENOMEM;
			break;
		}
		if (json_is_array(am) &&
		    !listed(am, abs, strchr(abs, '#') ? strchr(abs, '#') : ""))
			continue;
		tried++;
		if (mb)
			e = mc__multikey_decode(pk, mb, err, errlen) < 0
				? MC_EINVALID
				: mc__key_import_ed25519(&key, pk);
		else
			e = mc__key_import_jwk(
			    &key, json_object_get(m, "publicKeyJwk"), err,
			    errlen);
		if (!e)
			e = mc__jws_verify(jws, key, err, errlen);
		mc__key_free(key);
		if (e == MC_ENOMEM) {
			error = e;
			break;
		}
		if (e == 0 || e == MC_EBADSIG || error == MC_ENOTFOUND) {
			free(*vm);
			*vm = abs;
			abs = NULL;
			error = e == MC_EINVALID ? MC_ENOTFOUND : e;
		}
		if (e == 0)
			break;
	}
	if (error == MC_EBADSIG)
		snprintf(err, errlen,
			 "signature does not match any key of %s (%s)", did,
			 url);

cleanup:
	json_decref(doc);
	free(url);
	free(abs);
	if (error && error != MC_EBADSIG) {
		free(*vm);
		*vm = NULL;
	}
	return error;
}
