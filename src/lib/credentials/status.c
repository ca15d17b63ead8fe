/*
 * Credential status with W3C Bitstring Status List v1.0: revoking,
 * suspending and reinstating (with reasons in the audit log), and the
 * signed status list credentials verifiers fetch, regenerated when a bit
 * changes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/encoding.h"
#include "keys/keys_private.h"
#include "microcred/credential.h"
#include "model/model.h"
#include "proof.h"
#include "status_private.h"
#include "util/util.h"

static const char *const state_names[] = {"active", "suspended", "revoked"};

const char *mc_credential_state_name(mc_credential_state s)
{
	return (unsigned)s < MC__ARRAY_SIZE(state_names) ? state_names[s]
							 : "unknown";
}

int mc__bitstring_encode(char **out, const unsigned char *bits, size_t nbytes)
{
	z_stream z;
	unsigned char *gz;
	uLong cap = compressBound((uLong)nbytes) + 32;
	char *b64 = NULL;
	int error = 0;

	*out = NULL;
	if (!(gz = malloc(cap)))
		return MC_ENOMEM;
	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16: a gzip wrapper, as the specification asks. */
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(gz);
		return MC_ENOMEM;
	}
	z.next_in = (unsigned char *)bits;
	z.avail_in = (uInt)nbytes;
	z.next_out = gz;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		error = MC_EIO;
	else
		error = mc__b64url_encode(&b64, gz, z.total_out);
	deflateEnd(&z);
	free(gz);
	if (error < 0)
		return error;
	*out = mc__asprintf("u%s", b64);
	free(b64);
	return *out ? 0 : MC_ENOMEM;
}

/* Inflate the GZIP data `gz` into at most `max` bytes. */
static int gunzip_bits(unsigned char **out, size_t *nbytes,
		       const unsigned char *gz, size_t gzlen, size_t max,
		       char *err, size_t errlen)
{
	unsigned char *bits = NULL;
	z_stream z;
	int rc, error = 0;

	if (!(bits = malloc(max ? max : 1)))
		return MC_ENOMEM;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK) {
		free(bits);
		return MC_ENOMEM;
	}
	z.next_in = (unsigned char *)gz;
	z.avail_in = (uInt)gzlen;
	z.next_out = bits;
	z.avail_out = (uInt)max;
	rc = inflate(&z, Z_FINISH);
	if (rc != Z_STREAM_END) {
		snprintf(err, errlen, "encodedList: %s",
			 rc == Z_BUF_ERROR ? "larger than the limit"
					   : "not valid GZIP data");
		error = MC_EINVALID;
	} else {
		*nbytes = z.total_out;
		*out = bits;
		bits = NULL;
	}
	inflateEnd(&z);
	free(bits);
	return error;
}

int mc__bitstring_decode(unsigned char **out, size_t *nbytes,
			 const char *encoded, size_t max, char *err,
			 size_t errlen)
{
	unsigned char *gz = NULL;
	size_t gzlen = 0;
	int error;

	*out = NULL;
	*nbytes = 0;
	if (!encoded || encoded[0] != 'u') {
		snprintf(err, errlen,
			 "encodedList: must start with 'u' "
			 "(multibase base64url)");
		return MC_EINVALID;
	}
	if (mc__b64url_decode(&gz, &gzlen, encoded + 1, strlen(encoded + 1),
			      err, errlen) < 0)
		return MC_EINVALID;
	error = gunzip_bits(out, nbytes, gz, gzlen, max, err, errlen);
	free(gz);
	return error;
}

int mc__statuslist2021_decode(unsigned char **out, size_t *nbytes,
			      const char *encoded, size_t max, char *err,
			      size_t errlen)
{
	unsigned char *gz = NULL;
	size_t gzlen = 0, len;
	int error;

	*out = NULL;
	*nbytes = 0;
	if (!encoded || !*encoded) {
		snprintf(err, errlen, "encodedList: missing");
		return MC_EINVALID;
	}
	len = strlen(encoded);
	/* Base64 with padding, as the specification says; many issuers
	 * write base64url without it, which is read too. */
	if (!strpbrk(encoded, "-_") && len % 4 == 0)
		error = mc__b64_decode(&gz, &gzlen, encoded, len, err, errlen);
	else {
		while (len && encoded[len - 1] == '=')
			len--;
		error = strpbrk(encoded, "+/")
			    ? MC_EINVALID
			    : mc__b64url_decode(&gz, &gzlen, encoded, len, err,
						errlen);
		if (error == MC_EINVALID && strpbrk(encoded, "+/"))
			snprintf(err, errlen,
				 "encodedList: neither base64 nor base64url");
	}
	if (error < 0)
		return error == MC_ENOMEM ? error : MC_EINVALID;
	error = gunzip_bits(out, nbytes, gz, gzlen, max, err, errlen);
	free(gz);
	return error;
}

/* Sign a status list credential for `l` and cache it in the store. */
static int regenerate(mc_store *s, struct mc__status_list *l)
{
	struct mc__key *key = NULL;
	mc_key_info *info = NULL;
	char *did = NULL, *encoded = NULL, *subject_id = NULL, now[21];
	char err[256] = "";
	const char *name = NULL;
	enum mc__suite suite = MC__SUITE_DEFAULT;
	json_t *doc = NULL;
	int error;

	/* Signed with the platform's cryptosuite, like the credentials. */
	mc__utc_now(now);
	if ((error = mc_cryptosuite_default(s, &name)) < 0)
		goto cleanup;
	(void)mc__suite_parse(&suite, name);
	if ((error = mc__bitstring_encode(&encoded, l->bits, l->size / 8)) <
		0 ||
	    (error = mc_org_did(s, &did, l->org_id)) < 0 ||
	    (error =
		 mc__key_load_signer(s, &key, &info, l->org_id,
				     mc__suite_key_type(suite) == MC__KEY_P256
					 ? MC_KEY_P256
					 : MC_KEY_ED25519)) < 0)
		goto cleanup;
	if (!(subject_id = mc__asprintf("%s#list", l->url))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	doc = json_pack("{s:[s], s:s, s:[s, s], s:s, s:s, s:{s:s, s:s, s:s, "
			"s:s}}",
			"@context", "https://www.w3.org/ns/credentials/v2",
			"id", l->url, "type", "VerifiableCredential",
			"BitstringStatusListCredential", "issuer", did,
			"validFrom", now, "credentialSubject", "id", subject_id,
			"type", "BitstringStatusList", "statusPurpose",
			l->purpose, "encodedList", encoded);
	if (!doc) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__di_sign(doc, key, info->verification_method, now, 0,
				 suite, err, sizeof(err))) < 0) {
		mc__store_error(s, error, "status list %s: %s", l->url, err);
		goto cleanup;
	}
	free(l->signed_json);
	if (!(l->signed_json = mc__json_dump(doc))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	error = s->cred->status_list_put_signed(s, l->url, l->signed_json);

cleanup:
	json_decref(doc);
	mc__key_free(key);
	mc_key_info_free(info);
	free(did);
	free(encoded);
	free(subject_id);
	return error;
}

int mc_status_list_credential(mc_store *store, char **out, const char *url)
{
	struct mc__status_list *l = NULL;
	int error;

	*out = NULL;
	mc__store_clear_error(store);
	if ((error = store->cred->status_list_get(store, &l, url)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no status list '%s'",
					url);
		return error;
	}
	if (!l->signed_json && (error = regenerate(store, l)) < 0)
		goto cleanup;
	if (!(*out = strdup(l->signed_json)))
		error = MC_ENOMEM;

cleanup:
	mc__status_list_free(l);
	return error;
}

int mc__status_bit(mc_store *store, int *bit, const char *url, size_t index)
{
	return store->cred->status_get(store, bit, url, index);
}

/*
 * The bit changes of one change of state (change() below), kept until its
 * end and then written list by list with one status_set_many() each,
 * never bit by bit: on PostgreSQL a list's row changed once a bit inside
 * one transaction made a revocation of N credentials cost N^2.  Until
 * written, state_of() reads a changed bit from here.  `list` points at
 * the list's URL as the caller's `touched` list holds it; a change is
 * found again through an open-addressing table keyed by (list, index).
 */
struct bit_change {
	const char *list;
	size_t index;
	unsigned char bit;
};

struct bit_changes {
	struct bit_change *items;
	size_t count, cap;
	size_t *slot; /* item + 1, 0 empty */
	size_t nslot; /* a power of two, at least twice count */
};

#define BIT_CHANGES_INIT                                                       \
	{                                                                      \
		NULL, 0, 0, NULL, 0                                            \
	}

static size_t bit_hash(const char *list, size_t index)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *list; list++)
		h = (h ^ (unsigned char)*list) * 0x100000001b3ULL;
	h = (h ^ index) * 0x100000001b3ULL;
	return (size_t)(h ^ (h >> 31));
}

/* The slot of (list, index): its item's, or the empty one it would take. */
static size_t *bit_slot(const struct bit_changes *c, const char *list,
			size_t index)
{
	size_t i = bit_hash(list, index) & (c->nslot - 1);

	while (c->slot[i]) {
		const struct bit_change *b = &c->items[c->slot[i] - 1];

		if (b->index == index && strcmp(b->list, list) == 0)
			break;
		i = (i + 1) & (c->nslot - 1);
	}
	return &c->slot[i];
}

/* The pending bit of (list, index) into *bit: 1 if there is one. */
static int bit_pending(const struct bit_changes *c, const char *list,
		       size_t index, int *bit)
{
	size_t *slot;

	if (!c || !c->count)
		return 0;
	slot = bit_slot(c, list, index);
	if (!*slot)
		return 0;
	*bit = c->items[*slot - 1].bit;
	return 1;
}

/* Record bit `bit` of (list, index), replacing an earlier one. */
static int bit_record(struct bit_changes *c, const char *list, size_t index,
		      int bit)
{
	size_t *slot, i;

	if (2 * (c->count + 1) > c->nslot) {
		size_t n = c->nslot ? 2 * c->nslot : 64;
		size_t *fresh = calloc(n, sizeof(*fresh));

		if (!fresh)
			return MC_ENOMEM;
		free(c->slot);
		c->slot = fresh;
		c->nslot = n;
		for (i = 0; i < c->count; i++)
			*bit_slot(c, c->items[i].list, c->items[i].index) =
			    i + 1;
	}
	slot = bit_slot(c, list, index);
	if (*slot) {
		c->items[*slot - 1].bit = (unsigned char)bit;
		return 0;
	}
	if (c->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct bit_change *grown =
		    realloc(c->items, cap * sizeof(*grown));

		if (!grown)
			return MC_ENOMEM;
		c->items = grown;
		c->cap = cap;
	}
	c->items[c->count] =
	    (struct bit_change){list, index, (unsigned char)bit};
	*slot = ++c->count;
	return 0;
}

static void bit_changes_clear(struct bit_changes *c)
{
	free(c->items);
	free(c->slot);
	memset(c, 0, sizeof(*c));
}

/* Write the pending bits of every list in `touched`, one write a list. */
static int bit_changes_write(mc_store *s, const struct bit_changes *c,
			     const mc_strlist *touched)
{
	size_t *index = NULL, i, l, n;
	unsigned char *bit = NULL;
	int error = 0;

	if (!c->count)
		return 0;
	index = malloc(c->count * sizeof(*index));
	bit = malloc(c->count);
	if (!index || !bit)
		error = MC_ENOMEM;
	for (l = 0; l < touched->count && !error; l++) {
		for (i = n = 0; i < c->count; i++)
			if (c->items[i].list == touched->items[l]) {
				index[n] = c->items[i].index;
				bit[n++] = c->items[i].bit;
			}
		if (n)
			error = s->cred->status_set_many(s, touched->items[l],
							 index, bit, n);
	}
	free(index);
	free(bit);
	return error;
}

/* The state a credential's status bits say (the bits `pending` holds
 * first, when given). */
static int state_of(mc_store *s, mc_credential_state *out,
		    const struct mc__status_ref *refs, size_t n,
		    const struct bit_changes *pending)
{
	size_t i;
	int error = 0, revoked = 0, suspended = 0;

	for (i = 0; i < n && !error; i++) {
		int bit = 0;

		if (!bit_pending(pending, refs[i].list_url, refs[i].index,
				 &bit))
			error = mc__status_bit(s, &bit, refs[i].list_url,
					       refs[i].index);
		if (!strcmp(refs[i].purpose, "revocation"))
			revoked |= bit;
		else
			suspended |= bit;
	}
	*out = revoked	   ? MC_CRED_REVOKED
	       : suspended ? MC_CRED_SUSPENDED
			   : MC_CRED_ACTIVE;
	return error;
}

static void free_refs(struct mc__status_ref *refs, size_t n)
{
	size_t i;

	for (i = 0; refs && i < n; i++)
		free(refs[i].list_url);
	free(refs);
}

int mc_credential_state_get(mc_store *store, mc_credential_state *out,
			    const char *id)
{
	struct mc__status_ref *refs = NULL;
	char *full = NULL;
	size_t n = 0;
	int error;

	/* The status entries name the credential: no need to read it. */
	if (!strstr(id, "://") &&
	    !(full = mc__asprintf("%s/credentials/%s", store->base_url, id)))
		return MC_ENOMEM;
	error =
	    store->cred->cred_status_refs(store, &refs, &n, full ? full : id);
	if (!error && n == 0)
		error = mc__store_error(store, MC_ENOTFOUND,
					"no credential '%s'", id);
	if (!error)
		error = state_of(store, out, refs, n, NULL);
	free_refs(refs, n);
	free(full);
	return error;
}

/* Change one credential's state inside the caller's transaction: its
 * bits into `pending`, the lists they belong to into `touched`.  A `twin`
 * (another format of an award named by the caller) already revoked stays
 * so, without an error: suspending or reinstating the award leaves it
 * alone. */
static int set_state(mc_store *s, const char *id, mc_credential_state to,
		     const char *reason, const char *actor, mc_strlist *touched,
		     struct bit_changes *pending, int twin, int *changed)
{
	static const char *const action[] = {
	    "credential.reinstate", "credential.suspend", "credential.revoke"};
	mc_credential *c = NULL;
	struct mc__status_ref *refs = NULL;
	mc_credential_state from;
	size_t n = 0, i;
	int error;

	*changed = 0;
	if ((error = mc_credential_get(s, &c, id)) < 0)
		return error;
	if ((error = s->cred->cred_status_refs(s, &refs, &n, c->id)) < 0 ||
	    (error = state_of(s, &from, refs, n, pending)) < 0)
		goto cleanup;
	if (from == to || (twin && from == MC_CRED_REVOKED))
		goto cleanup;
	if (from == MC_CRED_REVOKED) {
		error = mc__store_error(
		    s, MC_ESTATE, "%s is revoked; revocation is final", c->id);
		goto cleanup;
	}
	for (i = 0; i < n && !error; i++) {
		int revocation = !strcmp(refs[i].purpose, "revocation");
		int bit = revocation ? to == MC_CRED_REVOKED
				     : to == MC_CRED_SUSPENDED;

		const char *list = NULL;
		size_t l;

		for (l = 0; l < touched->count && !list; l++)
			if (!strcmp(touched->items[l], refs[i].list_url))
				list = touched->items[l];
		if (!list &&
		    !(error = mc_strlist_add(touched, refs[i].list_url)))
			list = touched->items[touched->count - 1];
		if (!error)
			error = bit_record(pending, list, refs[i].index, bit);
	}
	if (!error)
		error = s->audit->add(s, actor, action[to], c->id, c->org_id,
				      reason);
	*changed = !error;

cleanup:
	free_refs(refs, n);
	mc_credential_free(c);
	return error;
}

/* Regenerate every list in `touched`. */
static int regenerate_all(mc_store *s, const mc_strlist *touched)
{
	size_t i;
	int error = 0;

	for (i = 0; i < touched->count && !error; i++) {
		struct mc__status_list *l = NULL;

		if (!(error =
			  s->cred->status_list_get(s, &l, touched->items[i])))
			error = regenerate(s, l);
		mc__status_list_free(l);
	}
	return error;
}

/* Append `id`'s twins (the same award in its other formats: the OB 3.0,
 * VC-JWT and EDC credentials issued from one award) to `twins`. */
static int add_twins(mc_store *s, mc_strlist *twins, const char *id)
{
	mc_credential_ref *refs = NULL;
	size_t n = 0, i;
	int error;

	if ((error = mc_credential_siblings(s, &refs, &n, id)) < 0)
		return error;
	for (i = 0; i < n && !error; i++)
		error = mc_strlist_add(twins, refs[i].id);
	mc_credential_refs_free(refs, n);
	return error;
}

/* Run `ids`, and with `with_twins` their twins, through set_state in one
 * transaction: a state belongs to the award, not to one of its formats.
 * A credential named twice changes once (the second time it is already
 * in the state). */
static int change(mc_store *s, size_t *count, const char *const *ids, size_t n,
		  int with_twins, mc_credential_state to, const char *reason,
		  const char *actor)
{
	mc_strlist touched = MC_STRLIST_INIT, twins = MC_STRLIST_INIT;
	struct bit_changes pending = BIT_CHANGES_INIT;
	size_t i, done = 0;
	int error;

	mc__store_clear_error(s);
	if (!reason || !*reason || strlen(reason) > 1000)
		return mc__store_error(s, MC_EINVALID,
				       "reason: required, at most 1000 bytes");
	if (!mc__utf8_valid(reason, strlen(reason)))
		return mc__store_error(s, MC_EINVALID, "reason: invalid UTF-8");
	if ((error = s->core->begin(s)) < 0)
		return error;
	for (i = 0; i < n && !error; i++) {
		int changed = 0;

		error = set_state(s, ids[i], to, reason, actor, &touched,
				  &pending, 0, &changed);
		done += (size_t)changed;
		if (!error && with_twins)
			error = add_twins(s, &twins, ids[i]);
	}
	for (i = 0; i < twins.count && !error; i++) {
		int changed = 0;

		error = set_state(s, twins.items[i], to, reason, actor,
				  &touched, &pending, 1, &changed);
		done += (size_t)changed;
	}
	if (!error)
		error = bit_changes_write(s, &pending, &touched);
	if (!error)
		error = regenerate_all(s, &touched);
	if (error < 0)
		s->core->rollback(s);
	else
		error = s->core->commit(s);
	if (count)
		*count = error < 0 ? 0 : done;
	bit_changes_clear(&pending);
	mc_strlist_clear(&touched);
	mc_strlist_clear(&twins);
	return error;
}

int mc_credential_set_state(mc_store *store, const char *id,
			    mc_credential_state state, const char *reason,
			    const char *actor)
{
	return change(store, NULL, &id, 1, 1, state, reason, actor);
}

int mc_credential_revoke_many(mc_store *store, size_t *count, const char *mc_id,
			      const char *const *ids, size_t nids,
			      const char *reason, const char *actor)
{
	mc_strlist all = MC_STRLIST_INIT;
	int error;

	if (mc_id) {
		if ((error = store->cred->cred_ids_of_mc(store, &all, mc_id)) <
		    0)
			return error;
		ids = (const char *const *)all.items;
		nids = all.count;
	}
	/* Every credential of the MC is named already, twins included. */
	error = change(store, count, ids, nids, !mc_id, MC_CRED_REVOKED, reason,
		       actor);
	mc_strlist_clear(&all);
	return error;
}

int mc_status_lists(mc_store *store, mc_status_list_info **out, size_t *count)
{
	mc__store_clear_error(store);
	return store->cred->status_list_infos(store, out, count);
}

void mc_status_lists_free(mc_status_list_info *list, size_t count)
{
	size_t i;

	for (i = 0; list && i < count; i++) {
		free(list[i].url);
		free(list[i].org_id);
		free(list[i].purpose);
	}
	free(list);
}

int mc_credential_status_document(mc_store *store, char **out, const char *id)
{
	mc_credential_state state;
	char *full = NULL, now[21];
	json_t *doc;
	int error;

	*out = NULL;
	if (!strstr(id, "://") &&
	    !(full = mc__asprintf("%s/credentials/%s", store->base_url, id)))
		return MC_ENOMEM;
	if ((error = mc_credential_state_get(store, &state, full ? full : id)) <
	    0)
		goto done;
	mc__utc_now(now);
	doc = json_pack("{s:s+, s:s, s:s, s:s, s:s}", "id", full ? full : id,
			"/status", "type", "CredentialStatus", "credential",
			full ? full : id, "status",
			mc_credential_state_name(state), "checkedAt", now);
	if (!doc || !(*out = mc__json_dump(doc)))
		error = MC_ENOMEM;
	json_decref(doc);

done:
	free(full);
	return error;
}
