/*
 * The status check of a W3C credential: is it revoked or suspended?  Our
 * own credentials are looked up in the store; another issuer's status
 * list credential is fetched (when the network may be used), checked to
 * be that issuer's, and its bit read.  Only an authentic list with the
 * bit set says revoked or suspended; a list that cannot be read, or an
 * entry type we cannot check, says "cannot tell".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "fetch.h"
#include "status_private.h"
#include "store.h"
#include "util.h"
#include "verify_private.h"

const struct mc__vmessage mc__vmessages_status[] = {
    {"status.unbound", MC_VERDICT_VALID,
     "not checked: until the issuer is established, its status list would "
     "prove nothing"},
    {"status.ours_active", MC_VERDICT_VALID,
     "neither revoked nor suspended (checked with the issuing platform)"},
    {"status.ours_revoked", MC_VERDICT_REVOKED,
     "revoked by the issuer (checked with the issuing platform)"},
    {"status.ours_suspended", MC_VERDICT_SUSPENDED,
     "suspended by the issuer (checked with the issuing platform)"},
    {"status.none", MC_VERDICT_VALID, "the credential has no status entry"},
    {"status.bad_entry", MC_VERDICT_INVALID,
     "credentialStatus: a {type} needs statusPurpose, statusListIndex and "
     "statusListCredential"},
    {"status.bad_index", MC_VERDICT_INVALID,
     "statusListIndex: '{index}' is not an index"},
    {"status.unsupported", MC_VERDICT_UNKNOWN,
     "a status entry of type {type} cannot be checked here"},
    {"status.offline", MC_VERDICT_UNKNOWN,
     "the status list {list} is published by the issuer, and the network "
     "is not to be used"},
    {"status.unreachable", MC_VERDICT_UNKNOWN,
     "the status list {list} could not be fetched: {error}"},
    {"status.not_authentic", MC_VERDICT_UNKNOWN,
     "the status list at {list} is not an authentic {purpose} list of the "
     "issuer {issuer}"},
    {"status.unreadable", MC_VERDICT_UNKNOWN,
     "the status list {list} cannot be read: {error}"},
    {"status.out_of_range", MC_VERDICT_UNKNOWN,
     "statusListIndex {index} is beyond the end of the list {list}"},
    {"status.list_missing", MC_VERDICT_UNKNOWN,
     "the status list {list} is not one of this platform's"},
    {"status.revoked", MC_VERDICT_REVOKED,
     "revoked by the issuer (its status list {list})"},
    {"status.suspended", MC_VERDICT_SUSPENDED,
     "suspended by the issuer (its status list {list})"},
    {"status.good", MC_VERDICT_VALID,
     "neither revoked nor suspended (the issuer's status list {list})"},
    {NULL, MC_VERDICT_VALID, NULL}};

struct status_run {
	struct mc__vrun *v;
	int check;
	mc_store *store;
	const char *issuer; /* the established issuer */
	int network;
	const char *last_list; /* the list read last, for the report */
};

/* Fetch another issuer's status list credential, check that it is
 * authentic (its proof, its issuer is the credential's, its purpose), and
 * read bit `idx` into *bit.  Returns 0, or -1 when the check was set. */
static int remote_bit(struct status_run *s, const char *purpose,
		      const char *url, unsigned long long idx, int *bit)
{
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	unsigned char *bits = NULL;
	size_t len, nbytes = 0;
	char *body = NULL, err[300] = "", num[24];
	json_t *list = NULL, *subject;
	int error, result = -1;

	if (!s->network) {
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED, "status.offline",
			 "list", url, NULL);
		return -1;
	}
	if ((error = mc__fetch(&body, &len, url, MC__FETCH_MAX, err,
			       sizeof(err))) < 0) {
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED, "status.unreachable",
			 "list", url, "error", err, NULL);
		goto cleanup;
	}
	o.offline = 0;
	if ((error = mc_credential_verify(NULL, &r, body, len, &o)) < 0) {
		if (error == MC_ENOMEM)
			s->v->error = error;
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED, "status.unreadable",
			 "list", url, "error", mc_error_str(error), NULL);
		goto cleanup;
	}
	list = json_loadb(body, len, 0, NULL);
	subject = json_object_get(list, "credentialSubject");
	if (r->verdict != MC_VERDICT_VALID || !r->issuer ||
	    strcmp(r->issuer, s->issuer) != 0 ||
	    !mc__vhas_type(list, "BitstringStatusListCredential") ||
	    !mc__streq(mc__vstr(subject, "statusPurpose"), purpose)) {
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED,
			 "status.not_authentic", "list", url, "purpose",
			 purpose, "issuer", s->issuer, NULL);
		goto cleanup;
	}
	if (mc__bitstring_decode(&bits, &nbytes,
				 mc__vstr(subject, "encodedList"),
				 16u * 1024 * 1024, err, sizeof(err)) < 0) {
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED, "status.unreadable",
			 "list", url, "error", err, NULL);
		goto cleanup;
	}
	if (idx >= (unsigned long long)nbytes * 8) {
		snprintf(num, sizeof(num), "%llu", idx);
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED,
			 "status.out_of_range", "index", num, "list", url,
			 NULL);
		goto cleanup;
	}
	*bit = (bits[idx / 8] >> (7 - idx % 8)) & 1;
	result = 0;

cleanup:
	mc_verify_report_free(r);
	json_decref(list);
	free(body);
	free(bits);
	return result;
}

/* One status entry; returns 1 when it says the credential is not in good
 * standing or cannot be read (the check is then set), 0 otherwise. */
static int status_entry(struct status_run *s, const json_t *e)
{
	const char *type = mc__vstr(e, "type");
	const char *purpose = mc__vstr(e, "statusPurpose");
	const char *index = mc__vstr(e, "statusListIndex");
	const char *url = mc__vstr(e, "statusListCredential");
	const char *base = s->store ? s->store->base_url : NULL;
	char *end;
	unsigned long long idx;
	int bit = 0, error;

	if (!mc__streq(type, "BitstringStatusListEntry")) {
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED,
			 "status.unsupported", "type", type ? type : "(none)",
			 NULL);
		return 1;
	}
	if (!purpose || !index || !url) {
		mc__vmsg(s->v, s->check, MC_CHECK_FAILED, "status.bad_entry",
			 "type", type, NULL);
		return 1;
	}
	idx = strtoull(index, &end, 10);
	if (!*index || *end || index[0] == '-' || idx >= (1ULL << 40)) {
		mc__vmsg(s->v, s->check, MC_CHECK_FAILED, "status.bad_index",
			 "index", index, NULL);
		return 1;
	}
	s->last_list = url;
	if (!base || strncmp(url, base, strlen(base)) != 0) {
		if (remote_bit(s, purpose, url, idx, &bit) < 0)
			return 1;
	} else if ((error = mc__status_bit(s->store, &bit, url,
					   (size_t)idx)) < 0) {
		if (error == MC_ENOMEM)
			s->v->error = error;
		mc__vmsg(s->v, s->check, MC_CHECK_SKIPPED,
			 error == MC_EINVALID ? "status.out_of_range"
					      : "status.list_missing",
			 "index", index, "list", url, NULL);
		return 1;
	}
	if (bit) {
		mc__vmsg(s->v, s->check, MC_CHECK_FAILED,
			 strcmp(purpose, "revocation") == 0
			     ? "status.revoked"
			     : "status.suspended",
			 "list", url, NULL);
		return 1;
	}
	return 0;
}

void mc__check_status(struct mc__vrun *v, int check, mc_store *store,
		      const json_t *vc, const char *issuer_org,
		      const char *issuer, int network)
{
	const json_t *st = json_object_get(vc, "credentialStatus"), *e;
	const char *id = mc__vstr(vc, "id");
	struct status_run s = {v, check, store, issuer, network, NULL};
	mc_credential *c = NULL;
	mc_credential_state state;
	size_t i, n;

	if (!issuer) {
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "status.unbound", NULL);
		return;
	}
	/* Our own credential, signed by the organisation that issued it:
	 * both its revocation and its suspension entry are in the store,
	 * whatever the document carries. */
	if (store && id && issuer_org &&
	    strncmp(id, store->base_url, strlen(store->base_url)) == 0 &&
	    mc_credential_get(store, &c, id) == 0 &&
	    strcmp(c->org_id, issuer_org) == 0 &&
	    mc_credential_state_get(store, &state, id) == 0) {
		mc_credential_free(c);
		mc__vmsg(v, check,
			 state == MC_CRED_ACTIVE ? MC_CHECK_PASSED
						 : MC_CHECK_FAILED,
			 state == MC_CRED_ACTIVE    ? "status.ours_active"
			 : state == MC_CRED_REVOKED ? "status.ours_revoked"
						    : "status.ours_suspended",
			 NULL);
		return;
	}
	mc_credential_free(c);
	if (!st) {
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "status.none", NULL);
		return;
	}
	n = json_is_array(st) ? json_array_size(st) : 1;
	for (i = 0; i < n; i++) {
		e = json_is_array(st) ? json_array_get(st, i) : st;
		if (status_entry(&s, e))
			return;
	}
	if (n == 0) {
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "status.none", NULL);
		return;
	}
	mc__vmsg(v, check, MC_CHECK_PASSED, "status.good", "list",
		 s.last_list ? s.last_list : "", NULL);
}
