/*
 * Sealing a European Digital Credential made elsewhere (seal.h,
 * mc_seal_document): the EDC sealing service's steps, then JAdES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "microcred/seal.h"
#include "crypto/crypto.h"
#include "europass/edc.h"
#include "crypto/jades.h"
#include "seal_private.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

static int is_edc(const json_t *doc)
{
	const json_t *t = json_object_get(doc, "type"), *v;
	size_t i;

	json_array_foreach(t, i, v)
	{
		if (mc__streq(json_string_value(v),
			      "EuropeanDigitalCredential"))
			return 1;
	}
	return mc__streq(json_string_value(t), "EuropeanDigitalCredential");
}

/* EDC's sealing steps: a new id, issued now, the issuer from the seal. */
static int prepare(json_t *doc, const struct mc__seal_signer *signer,
		   const char *now)
{
	char id[64], when[21];
	long long t;
	json_t *issuer;

	memcpy(id, "urn:uuid:", 9);
	mc__uuid4(id + 9);
	if (!now || mc__timestamp_parse(now, &t) < 0)
		t = mc__now();
	mc__timestamp_format(when, t);
	if (!(issuer = mc__edc_issuer(signer->info, id)))
		return MC_ENOMEM;
	/* A new credential: another's status does not speak for it. */
	json_object_del(doc, "credentialStatus");
	if (json_object_set_new(doc, "id", json_string(id)) < 0 ||
	    json_object_set_new(doc, "issued", json_string(when)) < 0 ||
	    json_object_set_new(doc, "issuer", issuer) < 0)
		return MC_ENOMEM;
	return 0;
}

int mc_seal_document(mc_store *store, char **out, size_t *len, const char *text,
		     size_t textlen, const mc_seal_document_options *o,
		     char *err, size_t errlen)
{
	mc_seal_document_options defaults = MC_SEAL_DOCUMENT_OPTIONS_INIT;
	struct mc__jades_sign_opts jopts;
	struct mc__seal_signer *signer = NULL;
	json_error_t jerr;
	json_t *doc = NULL;
	char *payload = NULL;
	int error;

	*out = NULL;
	*len = 0;
	if (!o)
		o = &defaults;
	if (textlen > MC__JADES_MAX) {
		mc__set_err(err, errlen, "document: larger than %u bytes",
			    MC__JADES_MAX);
		return MC_ETOOBIG;
	}
	if (!(doc = json_loadb(text, textlen, JSON_REJECT_DUPLICATES, &jerr))) {
		mc__set_err(err, errlen, "document: line %d column %d: %s",
			    jerr.line, jerr.column, jerr.text);
		return MC_EINVALID;
	}
	if (!json_is_object(doc) || !is_edc(doc)) {
		mc__set_err(err, errlen,
			    "document: type does not include "
			    "EuropeanDigitalCredential");
		error = MC_EINVALID;
		goto cleanup;
	}
	if (o->key_pem)
		error = mc__seal_signer_from_pem(
		    &signer, o->key_pem, o->key_len, o->chain_pem, o->chain_len,
		    o->password, err, errlen);
	else if (store && o->org_id) {
		error = mc__seal_signer_open(store, &signer, o->org_id);
		if (error < 0)
			mc__set_err(err, errlen, "%s", mc_store_errmsg(store));
	} else {
		mc__set_err(err, errlen,
			    "seal: name an organisation or give a key");
		error = MC_EINVALID;
	}
	if (error < 0)
		goto cleanup;
	if (!o->keep && (error = prepare(doc, signer, o->now)) < 0)
		goto cleanup;
	if (!(payload = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	memset(&jopts, 0, sizeof(jopts));
	jopts.level = o->tsa_url ? MC__JADES_B_T : MC__JADES_B_B;
	jopts.tsa_url = o->tsa_url;
	jopts.sig_time = o->now;
	error = mc__jades_seal(out, len, payload, strlen(payload), signer,
			       &jopts, err, errlen);

cleanup:
	mc__seal_signer_free(signer);
	json_decref(doc);
	free(payload);
	return error;
}
