/*
 * Issued credentials listed for an organisation's workspace (see
 * credential.h): newest first, with the learner's name read from the
 * stored credential and the state from the status bits, which the store
 * reads in the same query as the rows.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"

#include "issue_private.h"
#include "util/encoding.h"
#include "json/json_list.h"
#include "store/store.h"
#include "util/util.h"

/* The learner's name in a credential's JSON: credentialSubject.name, or
 * the unhashed IdentityObject of type "name" (what OB3 issuance writes).
 * NULL when absent. */
static char *name_of_json(const char *text, size_t len)
{
	json_t *vc = json_loadb(text, len, 0, NULL), *subject, *ids, *id;
	const char *name = NULL;
	char *out = NULL;
	size_t i;

	subject = json_object_get(vc, "credentialSubject");
	if (json_is_array(subject))
		subject = json_array_get(subject, 0);
	name = json_string_value(json_object_get(subject, "name"));
	ids = json_object_get(subject, "identifier");
	json_array_foreach(ids, i, id)
	{
		if (name)
			break;
		if (json_is_false(json_object_get(id, "hashed")) &&
		    mc__streq(
			json_string_value(json_object_get(id, "identityType")),
			"name"))
			name = json_string_value(
			    json_object_get(id, "identityHash"));
	}
	if (name)
		out = mc__strdup(name);
	json_decref(vc);
	return out;
}

int mc_credential_document(char **out, size_t *len, const char *data,
			   size_t data_len, mc_credential_format format)
{
	const char *dot, *end;
	unsigned char *payload = NULL;
	size_t plen = 0;
	json_t *sealed, *p;

	*out = NULL;
	*len = 0;
	if (!data)
		return MC_EINVALID;
	switch (format) {
	case MC_FORMAT_OB3:
		if (!(*out = mc__strndup(data, data_len)))
			return MC_ENOMEM;
		*len = data_len;
		return 0;
	case MC_FORMAT_VC_JWT:
		if (!(dot = memchr(data, '.', data_len)) ||
		    !(end = memchr(dot + 1, '.',
				   data_len - (size_t)(dot + 1 - data))))
			return MC_EINVALID;
		if (mc__b64url_decode(&payload, &plen, dot + 1,
				      (size_t)(end - dot - 1), NULL, 0) < 0)
			return MC_EINVALID;
		*out = (char *)payload;
		*len = plen;
		return 0;
	case MC_FORMAT_EDC:
		if (!(sealed = json_loadb(data, data_len, 0, NULL)))
			return MC_EINVALID;
		p = json_object_get(sealed, "payload");
		if (json_is_string(p) &&
		    (*out = mc__strndup(json_string_value(p),
					json_string_length(p))))
			*len = json_string_length(p);
		json_decref(sealed);
		return *out ? 0 : json_is_string(p) ? MC_ENOMEM : MC_EINVALID;
	}
	return MC_EINVALID;
}

/* The learner's name in an EDC document: credentialSubject.fullName (a
 * language map: its first value), else givenName + familyName. */
static char *name_of_edc(const char *text, size_t len)
{
	json_t *vc = json_loadb(text, len, 0, NULL), *subject, *full;
	const char *k;
	json_t *v;
	char *out = NULL;

	subject = json_object_get(vc, "credentialSubject");
	full = json_object_get(subject, "fullName");
	json_object_foreach(full, k, v)
	{
		if (json_is_string(v)) {
			out = mc__strdup(json_string_value(v));
			break;
		}
	}
	json_decref(vc);
	return out;
}

/* The learner's name in a stored credential, read from its document. */
char *mc__credential_learner_name(const char *data, mc_credential_format format)
{
	char *doc = NULL, *name;
	size_t len = 0;

	if (!data ||
	    mc_credential_document(&doc, &len, data, strlen(data), format) < 0)
		return NULL;
	name = format == MC_FORMAT_EDC ? name_of_edc(doc, len)
				       : name_of_json(doc, len);
	free(doc);
	return name;
}

char *mc_credential_learner_name(const mc_credential *c)
{
	return c ? mc__credential_learner_name(c->data, c->format) : NULL;
}

int mc_credential_list(mc_store *store, mc_credential_summary **out,
		       size_t *count, size_t *total, const char *org_id,
		       const char *mc_id, size_t offset, size_t limit)
{
	char **data = NULL;
	size_t n = 0, i;
	int error;

	*out = NULL;
	*count = 0;
	if (total)
		*total = 0;
	if (!store)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (limit < 1 || limit > 1000)
		return mc__store_error(store, MC_EINVALID,
				       "limit: must be 1..1000, got %zu",
				       limit);
	if (offset > (size_t)1 << 40)
		return mc__store_error(store, MC_EINVALID, "offset: too large");
	error = store->cred->cred_list(store, out, &data, &n, total, org_id,
				       mc_id, offset, limit);
	for (i = 0; !error && i < n; i++)
		(*out)[i].learner_name =
		    mc__credential_learner_name(data[i], (*out)[i].format);
	for (i = 0; i < n; i++)
		free(data ? data[i] : NULL);
	free(data);
	if (!error)
		*count = n;
	return error;
}

static int summary_fill(json_t *o, const void *item)
{
	const mc_credential_summary *c = item;

	return mc__json_set(o, "id", json_string(c->id)) ||
	       mc__json_set(o, "mc_id", json_string(c->mc_id)) ||
	       mc__json_set(o, "mc_version", json_integer(c->mc_version)) ||
	       mc__json_set(o, "org_id", json_string(c->org_id)) ||
	       mc__json_set(
		   o, "format",
		   json_string(mc_credential_format_name(c->format))) ||
	       mc__json_set(o, "learner_name",
			    mc__json_str_or_null(c->learner_name)) ||
	       mc__json_set(o, "issued_at", json_string(c->issued_at)) ||
	       mc__json_set(o, "state",
			    json_string(mc_credential_state_name(c->state)));
}

int mc_credential_summaries_to_json(char **out,
				    const mc_credential_summary *list,
				    size_t count)
{
	return mc__json_dump_list(out, list, count, sizeof(*list),
				  summary_fill);
}
