/*
 * Issuer keys: generation and rotation, sealing under the master key,
 * DIDs and DID documents, and loading keys to sign or to verify.
 */
#include "keys_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "util/encoding.h"
#include "util/fetch.h"
#include "util/util.h"

static const char *const key_type_names[] = {"ed25519", "rsa2048", "p256"};

const char *mc_key_type_name(mc_key_type t)
{
	return (unsigned)t < MC__ARRAY_SIZE(key_type_names) ? key_type_names[t]
							    : "unknown";
}

int mc_key_type_parse(mc_key_type *out, const char *name)
{
	size_t i;

	for (i = 0; name && i < MC__ARRAY_SIZE(key_type_names); i++)
		if (strcmp(name, key_type_names[i]) == 0) {
			*out = (mc_key_type)i;
			return 0;
		}
	return MC_EINVALID;
}

/* "did:web:HOST[:PATH...]" for an https base URL, or NULL. */
static char *did_web_prefix(const char *base_url)
{
	mc_buf b = MC_BUF_INIT(1024);
	const char *p;

	if (strncmp(base_url, "https://", 8) != 0)
		return NULL;
	if (mc__buf_puts(&b, "did:web:") < 0)
		return NULL;
	for (p = base_url + 8; *p; p++) {
		int error;

		if (*p == '/')
			error = mc__buf_puts(&b, ":");
		else if (*p == ':')
			error = mc__buf_puts(&b, "%3A");
		else
			error = mc__buf_add(&b, p, 1);
		if (error < 0) {
			mc__buf_free(&b);
			return NULL;
		}
	}
	return mc__buf_detach(&b);
}

int mc__org_did_web(mc_store *store, char **out, const char *org_id)
{
	char *prefix = did_web_prefix(store->base_url);

	*out = NULL;
	if (!prefix)
		return MC_ENOTFOUND;
	*out = mc__asprintf("%s:org:%s", prefix, org_id);
	free(prefix);
	return *out ? 0 : MC_ENOMEM;
}

/* The verification method of a new key (see keys.h). */
static int verification_method(mc_store *store, char **out, const char *org_id,
			       const char *key_id, const unsigned char *ed_pk)
{
	char *did = NULL;
	int error = mc__org_did_web(store, &did, org_id);

	if (error == 0) {
		*out = mc__asprintf("%s#%s", did, key_id);
		free(did);
		return *out ? 0 : MC_ENOMEM;
	}
	if (error != MC_ENOTFOUND)
		return error;
	if (ed_pk)
		return mc__didkey_vm_from_ed25519(out, ed_pk);
	*out =
	    mc__asprintf("%s/org/%s/keys/%s", store->base_url, org_id, key_id);
	return *out ? 0 : MC_ENOMEM;
}

/* Fill the public parts of `info` from `key`. */
static int describe(mc_store *store, mc_key_info *info, struct mc__key *key)
{
	unsigned char pk[MC__ED25519_PUBLIC_LEN];
	char mb[MC__MULTIKEY_SIZE];
	json_t *jwk = NULL;
	int ed = info->type == MC_KEY_ED25519, error;

	if ((error = mc__key_export_jwk(&jwk, key)) < 0)
		return error;
	info->public_jwk = json_dumps(jwk, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(jwk);
	if (!info->public_jwk)
		return MC_ENOMEM;
	if (ed) {
		if ((error = mc__key_export_ed25519(pk, key)) < 0 ||
		    (error = mc__multikey_encode(mb, pk)) < 0)
			return error;
		if (!(info->public_multibase = strdup(mb)))
			return MC_ENOMEM;
	}
	return verification_method(store, &info->verification_method,
				   info->org_id, info->id, ed ? pk : NULL);
}

int mc_key_generate(mc_store *store, mc_key_info **out, const char *org_id,
		    mc_key_type type)
{
	static const enum mc__key_type ctype[] = {
	    MC__KEY_ED25519, MC__KEY_RSA2048, MC__KEY_P256};
	unsigned char master[32];
	unsigned char *priv = NULL, *sealed = NULL;
	size_t privlen = 0, sealedlen = 0, n = 0, i, serial = 1;
	mc_key_info *info = NULL, **keys = NULL;
	struct mc__key *key = NULL;
	mc_org *org = NULL;
	char now[21];
	int error, have_master = 0;

	if (out)
		*out = NULL;
	mc__store_clear_error(store);
	if ((unsigned)type >= MC__ARRAY_SIZE(ctype))
		return mc__store_error(store, MC_EUSAGE, "unknown key type");
	if ((error = store->catalogue->org_get(store, &org, org_id)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no organisation '%s'",
					org_id);
		goto cleanup;
	}
	if ((error = mc__master_key_for(store, master)) < 0)
		goto cleanup;
	have_master = 1;
	if ((error = store->keys->key_list(store, &keys, &n, org_id)) < 0)
		goto cleanup;
	for (i = 0; i < n; i++)
		if (keys[i]->type == type)
			serial++;
	if (!(info = calloc(1, sizeof(*info)))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	mc__utc_now(now);
	info->type = type;
	info->id =
	    mc__asprintf("%s-%s-%zu", org_id, mc_key_type_name(type), serial);
	info->org_id = strdup(org_id);
	info->created_at = strdup(now);
	if (!info->id || !info->org_id || !info->created_at) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__key_generate(&key, ctype[type])) < 0 ||
	    (error = describe(store, info, key)) < 0 ||
	    (error = mc__key_export_private(&priv, &privlen, key)) < 0 ||
	    (error = mc__secret_seal(&sealed, &sealedlen, master, priv, privlen,
				     (const unsigned char *)info->id,
				     strlen(info->id))) < 0) {
		mc__store_error(store, error, "key generation failed");
		goto cleanup;
	}
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	for (i = 0; i < n && !error; i++)
		if (keys[i]->type == type && !keys[i]->retired_at)
			error =
			    store->keys->key_retire(store, keys[i]->id, now);
	if (!error)
		error = store->keys->key_put(store, info, sealed, sealedlen);
	if (!error)
		error = store->audit->add(store, NULL, "key.generate", info->id,
					  info->org_id, NULL);
	if (error < 0) {
		store->core->rollback(store);
		goto cleanup;
	}
	if ((error = store->core->commit(store)) < 0)
		goto cleanup;
	if (out) {
		*out = info;
		info = NULL;
	}

cleanup:
	if (have_master)
		mc__wipe(master, sizeof(master));
	mc__secret_free(priv, privlen);
	free(sealed);
	mc__key_free(key);
	mc_key_info_free(info);
	mc_key_list_free(keys, n);
	mc_org_free(org);
	return error;
}

int mc_key_list(mc_store *store, mc_key_info ***out, size_t *count,
		const char *org_id)
{
	mc__store_clear_error(store);
	return store->keys->key_list(store, out, count, org_id);
}

int mc_key_active(mc_store *store, mc_key_info **out, const char *org_id,
		  mc_key_type type)
{
	mc_key_info **keys = NULL;
	size_t n = 0, i;
	int error;

	*out = NULL;
	mc__store_clear_error(store);
	if ((error = store->keys->key_list(store, &keys, &n, org_id)) < 0)
		return error;
	for (i = n; i-- > 0;)
		if (keys[i]->type == type && !keys[i]->retired_at) {
			*out = keys[i];
			keys[i] = NULL;
			break;
		}
	mc_key_list_free(keys, n);
	if (!*out)
		return mc__store_error(store, MC_ENOTFOUND,
				       "organisation '%s' has no active %s "
				       "key; run `microcred key generate "
				       "--org %s --type %s`",
				       org_id, mc_key_type_name(type), org_id,
				       mc_key_type_name(type));
	return 0;
}

int mc_org_did(mc_store *store, char **out, const char *org_id)
{
	mc_key_info *k = NULL;
	int error = mc__org_did_web(store, out, org_id);
	char *hash;

	if (error != MC_ENOTFOUND)
		return error;
	if ((error = mc_key_active(store, &k, org_id, MC_KEY_ED25519)) < 0)
		return error;
	/* did:key: the verification method without its fragment. */
	hash = strchr(k->verification_method, '#');
	*out = hash ? mc__strndup(k->verification_method,
				  (size_t)(hash - k->verification_method))
		    : strdup(k->verification_method);
	mc_key_info_free(k);
	return *out ? 0 : MC_ENOMEM;
}

int mc_did_document(mc_store *store, char **out, const char *org_id)
{
	mc_key_info **keys = NULL;
	size_t n = 0, i;
	char *did = NULL;
	json_t *doc = NULL, *vms, *assert;
	int error;

	*out = NULL;
	mc__store_clear_error(store);
	if ((error = mc__org_did_web(store, &did, org_id)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error,
					"did:web needs an https base URL "
					"(now %s)",
					store->base_url);
		return error;
	}
	if ((error = store->keys->key_list(store, &keys, &n, org_id)) < 0)
		goto cleanup;
	doc = json_pack("{s:[s, s, s], s:s, s:[], s:[]}", "@context",
			"https://www.w3.org/ns/did/v1",
			"https://w3id.org/security/multikey/v1",
			"https://w3id.org/security/suites/jws-2020/v1", "id",
			did, "verificationMethod", "assertionMethod");
	if (!doc) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	vms = json_object_get(doc, "verificationMethod");
	assert = json_object_get(doc, "assertionMethod");
	for (i = 0; i < n && !error; i++) {
		const mc_key_info *k = keys[i];
		json_t *vm;

		if (k->public_multibase)
			vm = json_pack("{s:s, s:s, s:s, s:s}", "id",
				       k->verification_method, "type",
				       "Multikey", "controller", did,
				       "publicKeyMultibase",
				       k->public_multibase);
		else
			vm = json_pack("{s:s, s:s, s:s, s:o}", "id",
				       k->verification_method, "type",
				       "JsonWebKey2020", "controller", did,
				       "publicKeyJwk",
				       json_loads(k->public_jwk, 0, NULL));
		if (!vm || json_array_append_new(vms, vm) ||
		    json_array_append_new(assert,
					  json_string(k->verification_method)))
			error = MC_ENOMEM;
	}
	if (!error &&
	    !(*out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER)))
		error = MC_ENOMEM;

cleanup:
	json_decref(doc);
	mc_key_list_free(keys, n);
	free(did);
	return error;
}

int mc__key_load_signer(mc_store *store, struct mc__key **out,
			mc_key_info **info, const char *org_id,
			mc_key_type type)
{
	static const enum mc__key_type ctype[] = {
	    MC__KEY_ED25519, MC__KEY_RSA2048, MC__KEY_P256};
	unsigned char master[32], *sealed = NULL, *priv = NULL;
	size_t sealedlen = 0, privlen = 0;
	mc_key_info *k = NULL, *stored = NULL;
	char err[256] = "";
	int error;

	*out = NULL;
	*info = NULL;
	if ((error = mc_key_active(store, &k, org_id, type)) < 0)
		return error;
	if ((error = store->keys->key_get(store, &stored, &sealed, &sealedlen,
					  k->id)) < 0)
		goto cleanup;
	if ((error = mc__master_key_for(store, master)) < 0)
		goto cleanup;
	error = mc__secret_open(&priv, &privlen, master, sealed, sealedlen,
				(const unsigned char *)k->id, strlen(k->id),
				err, sizeof(err));
	mc__wipe(master, sizeof(master));
	if (error < 0) {
		error = mc__master_key_mismatch(store, "key", k->id);
		goto cleanup;
	}
	if ((error = mc__key_import_private(out, ctype[type], priv, privlen,
					    err, sizeof(err))) < 0) {
		mc__store_error(store, error, "key %s: %s", k->id, err);
		goto cleanup;
	}
	*info = k;
	k = NULL;

cleanup:
	mc__secret_free(priv, privlen);
	free(sealed);
	mc_key_info_free(k);
	mc_key_info_free(stored);
	return error;
}

/* Resolve a did:web verification method from the issuer's DID document,
 * fetched over HTTPS. */
static int resolve_did_web(struct mc__key **out, const char *vm, char *err,
			   size_t errlen)
{
	const char *hash = strchr(vm, '#');
	char *url = NULL, *body = NULL, *did = NULL;
	size_t len, i;
	json_t *doc = NULL, *vms, *m;
	json_error_t jerr;
	int error;

	if (!hash) {
		snprintf(err, errlen, "%s: a did:web key needs a #fragment",
			 vm);
		return MC_EINVALID;
	}
	if ((error = mc__did_web_url(&url, vm)) < 0) {
		snprintf(err, errlen, "%s: not a did:web DID", vm);
		return error;
	}
	if ((error = mc__fetch(&body, &len, url, MC__FETCH_MAX, err, errlen)) <
	    0) {
		error = error == MC_EINVALID ? error : MC_ENOTFOUND;
		goto cleanup;
	}
	if (!(did = mc__strndup(vm, (size_t)(hash - vm))) ||
	    !(doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr))) {
		snprintf(err, errlen, "%s: not a JSON DID document", url);
		error = did ? MC_EINVALID : MC_ENOMEM;
		goto cleanup;
	}
	if (!mc__streq(json_string_value(json_object_get(doc, "id")), did)) {
		snprintf(err, errlen, "%s: the document is not %s's", url, did);
		error = MC_EINVALID;
		goto cleanup;
	}
	error = MC_ENOTFOUND;
	snprintf(err, errlen, "%s: no verification method %s", url, vm);
	vms = json_object_get(doc, "verificationMethod");
	json_array_foreach(vms, i, m)
	{
		const char *id = json_string_value(json_object_get(m, "id"));
		const char *mb =
		    json_string_value(json_object_get(m, "publicKeyMultibase"));
		unsigned char pk[MC__ED25519_PUBLIC_LEN];

		if (!id || (strcmp(id, vm) != 0 && strcmp(id, hash) != 0))
			continue;
		if (mb) {
			error = mc__multikey_decode(pk, mb, err, errlen);
			if (!error)
				error = mc__key_import_ed25519(out, pk);
		} else {
			error = mc__key_import_jwk(
			    out, json_object_get(m, "publicKeyJwk"), err,
			    errlen);
		}
		break;
	}

cleanup:
	json_decref(doc);
	free(url);
	free(body);
	free(did);
	return error;
}

/* Resolve a did:jwk verification method (its DID is the base64url of the
 * public JWK, its one method "#0"): offline, as did:key. */
static int resolve_did_jwk(struct mc__key **out, const char *vm, char *err,
			   size_t errlen)
{
	const char *id = vm + 8, *hash = strchr(id, '#');
	size_t idlen = hash ? (size_t)(hash - id) : strlen(id), len = 0;
	unsigned char *raw = NULL;
	json_t *jwk = NULL;
	int error;

	if (hash && strcmp(hash, "#0") != 0) {
		snprintf(err, errlen, "did:jwk: the only key is #0, not %.40s",
			 hash);
		return MC_EINVALID;
	}
	if ((error = mc__b64url_decode(&raw, &len, id, idlen, NULL, 0)) < 0) {
		if (error != MC_ENOMEM)
			snprintf(err, errlen, "did:jwk: not base64url");
		return error == MC_ENOMEM ? error : MC_EINVALID;
	}
	jwk = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(jwk)) {
		snprintf(err, errlen, "did:jwk: not the base64url of a JWK");
		error = MC_EINVALID;
	} else if (json_object_get(jwk, "d")) {
		snprintf(err, errlen, "did:jwk: holds a private key");
		error = MC_EINVALID;
	} else {
		error = mc__key_import_jwk(out, jwk, err, errlen);
	}
	json_decref(jwk);
	free(raw);
	return error;
}

int mc__key_resolve(mc_store *store, struct mc__key **out, const char *vm,
		    int network, char *err, size_t errlen)
{
	mc_key_info **keys = NULL;
	size_t n = 0, i;
	int error = MC_ENOTFOUND;

	*out = NULL;
	if (strncmp(vm, "did:key:", 8) == 0)
		return mc__didkey_resolve_key(out, vm, err, errlen);
	if (strncmp(vm, "did:jwk:", 8) == 0)
		return resolve_did_jwk(out, vm, err, errlen);
	snprintf(err, errlen, "%s: not a key of this platform", vm);
	if (store &&
	    (error = store->keys->key_list(store, &keys, &n, NULL)) < 0)
		return error;
	error = MC_ENOTFOUND;
	for (i = 0; i < n; i++) {
		json_t *jwk;

		if (!keys[i]->verification_method ||
		    strcmp(keys[i]->verification_method, vm) != 0)
			continue;
		if (!(jwk = json_loads(keys[i]->public_jwk, 0, NULL))) {
			error = MC_ENOMEM;
			break;
		}
		error = mc__key_import_jwk(out, jwk, err, errlen);
		json_decref(jwk);
		break;
	}
	mc_key_list_free(keys, n);
	if (error == MC_ENOTFOUND && strncmp(vm, "did:web:", 8) == 0) {
		if (network)
			return resolve_did_web(out, vm, err, errlen);
		snprintf(err, errlen,
			 "%s: a did:web key of another platform, and the "
			 "network is not to be used",
			 vm);
	}
	return error;
}
