/*
 * The status check of a W3C credential: is it revoked or suspended?  Our
 * own credentials are looked up in the store (with the date and reason of
 * a revocation or suspension); another issuer's status list credential is
 * fetched (when the network may be used), checked to be that issuer's
 * list of that purpose at that address, and its bit read.  Bitstring
 * Status List 1.0 and StatusList2021 are read; credentialStatus may be one
 * entry or an array, and every entry counts.  Only an authentic list with
 * the bit set says revoked or suspended; a list that cannot be read, or an
 * entry type we cannot check, says "cannot tell".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "util/fetch.h"
#include "status_private.h"
#include "store/store.h"
#include "util/util.h"
#include "verify_private.h"

const struct mc__vmessage mc__vmessages_status[] = {
    {"status.unbound", MC_VERDICT_VALID,
     "not checked: until the issuer is established, its status list would "
     "prove nothing"},
    {"status.ours_active", MC_VERDICT_VALID,
     "neither revoked nor suspended (checked with the issuing platform)"},
    {"status.ours_revoked", MC_VERDICT_REVOKED,
     "revoked by the issuer (checked with the issuing platform)"},
    {"status.ours_revoked_on", MC_VERDICT_REVOKED,
     "revoked by the issuer on {date}: {reason} (checked with the issuing "
     "platform)"},
    {"status.ours_suspended", MC_VERDICT_SUSPENDED,
     "suspended by the issuer (checked with the issuing platform)"},
    {"status.ours_suspended_on", MC_VERDICT_SUSPENDED,
     "suspended by the issuer on {date}: {reason} (checked with the issuing "
     "platform)"},
    {"status.none", MC_VERDICT_VALID, "the credential has no status entry"},
    {"status.no_standing", MC_VERDICT_VALID,
     "the credential's status entries say nothing of revocation or "
     "suspension"},
    {"status.too_many", MC_VERDICT_UNKNOWN,
     "the credential has {count} status entries; at most {max} are read"},
    {"status.bad_entry", MC_VERDICT_INVALID,
     "credentialStatus: a {type} needs statusPurpose, statusListIndex and "
     "statusListCredential"},
    {"status.bad_index", MC_VERDICT_INVALID,
     "statusListIndex: '{index}' is not an index"},
    {"status.unsupported", MC_VERDICT_UNKNOWN,
     "a status entry of type {type} cannot be checked here"},
    {"status.unsupported_purpose", MC_VERDICT_UNKNOWN,
     "a status entry of purpose '{purpose}' cannot be checked here"},
    {"status.offline", MC_VERDICT_UNKNOWN,
     "the status list {list} is published by the issuer, and the network "
     "is not to be used"},
    {"status.unreachable", MC_VERDICT_UNKNOWN,
     "the status list {list} could not be fetched: {error}"},
    {"status.nested", MC_VERDICT_VALID,
     "not checked: {list} is read as another credential's status list, "
     "and a status list's own status is not followed"},
    {"status.not_authentic", MC_VERDICT_UNKNOWN,
     "the status list at {list} is not an authentic {purpose} list of the "
     "issuer {issuer}: {error}"},
    {"status.wrong_list", MC_VERDICT_UNKNOWN,
     "the document at {list} is the status list {id}, not the one the "
     "credential names"},
    {"status.wrong_type", MC_VERDICT_UNKNOWN,
     "the document at {list} is not a {type} of purpose {purpose}"},
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

/* Most status entries read: each may fetch and verify a list. */
#define STATUS_ENTRIES_MAX 8

/* The status entry types read here, and their lists. */
struct kind {
	const char *entry;
	const char *list_type;
	const char *subject_type;
	int multibase; /* Bitstring Status List: "u" + base64url */
};

static const struct kind kinds[] = {
    {"BitstringStatusListEntry", "BitstringStatusListCredential",
     "BitstringStatusList", 1},
    {"StatusList2021Entry", "StatusList2021Credential", "StatusList2021", 0},
};

/* What one entry says, the graver the higher its rank. */
enum {
	R_IGNORED = 0, /* a purpose that says nothing of standing */
	R_GOOD,
	R_UNKNOWN,
	R_MALFORMED,
	R_SUSPENDED,
	R_REVOKED
};

struct outcome {
	int rank;
	mc_check_result res;
	const char *code;
	const char *name[4];
	const char *value[4];
	char buf[2][320]; /* values made here */
};

struct status_run {
	struct mc__vrun *v;
	mc_store *store;
	const char *issuer; /* the established issuer */
	int network;
};

/* Non-zero while a status list is verified for a credential's status
 * check: the list's own status is not followed (a list naming itself, or
 * lists naming each other, would loop). */
static _Thread_local int nesting;

/* Set *o: rank, result, code and (name, value) pairs ending with NULL. */
static void say(struct outcome *o, int rank, mc_check_result res,
		const char *code, ...)
{
	va_list ap;
	size_t i;

	o->rank = rank;
	o->res = res;
	o->code = code;
	va_start(ap, code);
	for (i = 0; i < MC__ARRAY_SIZE(o->name); i++) {
		o->name[i] = va_arg(ap, const char *);
		if (!o->name[i])
			break;
		o->value[i] = va_arg(ap, const char *);
	}
	va_end(ap);
}

/* The first failed or skipped check's reason of report `r`, or "". */
static const char *why_not(const mc_verify_report *r)
{
	size_t i;

	for (i = 0; r && i < r->count; i++)
		if (r->checks[i].result == MC_CHECK_FAILED &&
		    r->checks[i].reason)
			return r->checks[i].reason;
	for (i = 0; r && i < r->count; i++)
		if (r->checks[i].result == MC_CHECK_SKIPPED &&
		    r->checks[i].reason &&
		    mc_verdict_class(r->verdict) != MC_VERDICT_VALID &&
		    !mc__streq(r->checks[i].code, "check.not_reached"))
			return r->checks[i].reason;
	return "";
}

/* Non-zero if `v` is the string `want`, or an array holding it. */
static int is_or_has(const json_t *v, const char *want)
{
	size_t i;
	const json_t *e;

	if (json_is_string(v))
		return strcmp(json_string_value(v), want) == 0;
	json_array_foreach(v, i, e)
	{
		if (mc__streq(json_string_value(e), want))
			return 1;
	}
	return 0;
}

/* Fetch another issuer's status list credential, check that it is
 * authentic (its proof verifies, its key is the credential's issuer's,
 * it is the list the entry names, of the entry's kind and purpose), and
 * read bit `idx` into *bit.  Returns 0, or -1 with *o set. */
static int remote_bit(struct status_run *s, struct outcome *o,
		      const struct kind *k, const char *purpose,
		      const char *url, unsigned long long idx, int *bit)
{
	mc_verify_options opt = MC_VERIFY_OPTIONS_INIT;
	const char *trusted[1];
	mc_verify_report *r = NULL;
	unsigned char *bits = NULL;
	size_t len, nbytes = 0;
	char *body = NULL, *err = o->buf[0];
	json_t *list = NULL, *subject;
	int error, result = -1;

	err[0] = '\0';
	if (!s->network) {
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.offline", "list",
		    url, NULL);
		return -1;
	}
	if ((error = mc__fetch(&body, &len, url, MC__FETCH_MAX, err,
			       sizeof(o->buf[0]))) < 0) {
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.unreachable",
		    "list", url, "error", err, NULL);
		goto cleanup;
	}
	/* The list is authentic when its key is bound to the credential's
	 * issuer: a key of the issuer's own DID or domain. */
	trusted[0] = s->issuer;
	opt.offline = 0;
	opt.trusted_issuers = trusted;
	opt.trusted_count = 1;
	nesting++;
	error = mc_credential_verify(NULL, &r, body, len, &opt);
	nesting--;
	if (error < 0) {
		if (error == MC_ENOMEM)
			s->v->error = error;
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.unreadable", "list",
		    url, "error", mc_error_str(error), NULL);
		goto cleanup;
	}
	list = json_loadb(body, len, 0, NULL);
	subject = json_object_get(list, "credentialSubject");
	if (r->verdict != MC_VERDICT_VALID || !r->issuer ||
	    strcmp(r->issuer, s->issuer) != 0) {
		snprintf(err, sizeof(o->buf[0]), "%s",
			 r->verdict == MC_VERDICT_VALID
			     ? "it is another issuer's"
			     : why_not(r));
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.not_authentic",
		    "list", url, "purpose", purpose, "issuer", s->issuer,
		    "error", err, NULL);
		goto cleanup;
	}
	if (!mc__streq(mc__vstr(list, "id"), url)) {
		snprintf(o->buf[1], sizeof(o->buf[1]), "%s",
			 mc__vstr(list, "id") ? mc__vstr(list, "id")
					      : "(none)");
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.wrong_list", "list",
		    url, "id", o->buf[1], NULL);
		goto cleanup;
	}
	if (!mc__vhas_type(list, k->list_type) ||
	    !mc__vhas_type(subject, k->subject_type) ||
	    !is_or_has(json_object_get(subject, "statusPurpose"), purpose)) {
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.wrong_type", "list",
		    url, "type", k->list_type, "purpose", purpose, NULL);
		goto cleanup;
	}
	error = k->multibase
		    ? mc__bitstring_decode(
			  &bits, &nbytes, mc__vstr(subject, "encodedList"),
			  16u * 1024 * 1024, err, sizeof(o->buf[0]))
		    : mc__statuslist2021_decode(
			  &bits, &nbytes, mc__vstr(subject, "encodedList"),
			  16u * 1024 * 1024, err, sizeof(o->buf[0]));
	if (error < 0) {
		if (error == MC_ENOMEM)
			s->v->error = error;
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.unreadable", "list",
		    url, "error", err, NULL);
		goto cleanup;
	}
	if (idx >= (unsigned long long)nbytes * 8) {
		snprintf(o->buf[1], sizeof(o->buf[1]), "%llu", idx);
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.out_of_range",
		    "index", o->buf[1], "list", url, NULL);
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

/* The entry's statusListIndex: a string of digits, as the specifications
 * write it, or a JSON integer, as some issuers do.  Returns 0, or -1. */
static int entry_index(const json_t *v, unsigned long long *out, char *text,
		       size_t textlen)
{
	const char *t;
	char *end;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (unsigned long long)json_integer_value(v);
		snprintf(text, textlen, "%llu", *out);
		return *out < (1ULL << 40) ? 0 : -1;
	}
	if (!(t = json_string_value(v)))
		return -1;
	snprintf(text, textlen, "%s", t);
	*out = strtoull(t, &end, 10);
	return *t >= '0' && *t <= '9' && !*end && *out < (1ULL << 40) ? 0 : -1;
}

/* The name of an entry's type: its string, or the first of an array. */
static const char *type_name(const json_t *e)
{
	const json_t *t = json_object_get(e, "type");

	if (json_is_array(t))
		t = json_array_get(t, 0);
	return json_is_string(t) ? json_string_value(t) : "(none)";
}

/* What one status entry says, into *o. */
static void status_entry(struct status_run *s, struct outcome *o,
			 const json_t *e)
{
	const struct kind *k = NULL;
	const char *purpose = mc__vstr(e, "statusPurpose");
	const char *url = mc__vstr(e, "statusListCredential");
	const json_t *index = json_object_get(e, "statusListIndex");
	const char *base = s->store ? s->store->base_url : NULL;
	unsigned long long idx;
	size_t i;
	int bit = 0, error;

	for (i = 0; i < MC__ARRAY_SIZE(kinds); i++)
		if (mc__vhas_type(e, kinds[i].entry))
			k = &kinds[i];
	if (!k) {
		snprintf(o->buf[1], sizeof(o->buf[1]), "%s", type_name(e));
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED, "status.unsupported",
		    "type", o->buf[1], NULL);
		return;
	}
	if (!purpose || !index || !url) {
		say(o, R_MALFORMED, MC_CHECK_FAILED, "status.bad_entry", "type",
		    k->entry, NULL);
		return;
	}
	/* Bitstring Status List's other purposes ("refresh", "message")
	 * say nothing of the credential's standing. */
	if (strcmp(purpose, "refresh") == 0 ||
	    strcmp(purpose, "message") == 0) {
		o->rank = R_IGNORED;
		return;
	}
	if (strcmp(purpose, "revocation") != 0 &&
	    strcmp(purpose, "suspension") != 0) {
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED,
		    "status.unsupported_purpose", "purpose", purpose, NULL);
		return;
	}
	if (entry_index(index, &idx, o->buf[1], sizeof(o->buf[1])) < 0) {
		say(o, R_MALFORMED, MC_CHECK_FAILED, "status.bad_index",
		    "index", o->buf[1], NULL);
		return;
	}
	if (!base || strncmp(url, base, strlen(base)) != 0 ||
	    url[strlen(base)] != '/') {
		if (remote_bit(s, o, k, purpose, url, idx, &bit) < 0)
			return;
	} else if ((error = mc__status_bit(s->store, &bit, url, (size_t)idx)) <
		   0) {
		if (error == MC_ENOMEM)
			s->v->error = error;
		say(o, R_UNKNOWN, MC_CHECK_SKIPPED,
		    error == MC_EINVALID ? "status.out_of_range"
					 : "status.list_missing",
		    "index", o->buf[1], "list", url, NULL);
		return;
	}
	if (!bit)
		say(o, R_GOOD, MC_CHECK_PASSED, "status.good", "list", url,
		    NULL);
	else if (strcmp(purpose, "revocation") == 0)
		say(o, R_REVOKED, MC_CHECK_FAILED, "status.revoked", "list",
		    url, NULL);
	else
		say(o, R_SUSPENDED, MC_CHECK_FAILED, "status.suspended", "list",
		    url, NULL);
}

/* Set the check from an outcome. */
static void tell(struct mc__vrun *v, int check, const struct outcome *o)
{
	const char *n[4] = {NULL, NULL, NULL, NULL}, *val[4] = {0};
	size_t i;

	for (i = 0; i < 4 && o->name[i]; i++) {
		n[i] = o->name[i];
		val[i] = o->value[i];
	}
	mc__vmsg(v, check, o->res, o->code, n[0], val[0], n[1], val[1], n[2],
		 val[2], n[3], val[3], NULL);
}

/* Our own credential's state, with the date and reason the issuer gave
 * when it is revoked or suspended. */
static void ours(struct mc__vrun *v, int check, mc_store *store, const char *id,
		 mc_credential_state state)
{
	static const char *const action[] = {NULL, "credential.suspend",
					     "credential.revoke"};
	char *at = NULL, *reason = NULL;
	int error;

	if (state == MC_CRED_ACTIVE) {
		mc__vmsg(v, check, MC_CHECK_PASSED, "status.ours_active", NULL);
		return;
	}
	error = store->audit->last(store, &at, &reason, id, action[state]);
	if (error == MC_ENOMEM)
		v->error = error;
	if (error == 0 && at)
		mc__vmsg(v, check, MC_CHECK_FAILED,
			 state == MC_CRED_REVOKED ? "status.ours_revoked_on"
						  : "status.ours_suspended_on",
			 "date", at, "reason", reason ? reason : "", NULL);
	else
		mc__vmsg(v, check, MC_CHECK_FAILED,
			 state == MC_CRED_REVOKED ? "status.ours_revoked"
						  : "status.ours_suspended",
			 NULL);
	free(at);
	free(reason);
}

void mc__check_status(struct mc__vrun *v, int check, mc_store *store,
		      const json_t *vc, const char *issuer_org,
		      const char *issuer, int network)
{
	const json_t *st = json_object_get(vc, "credentialStatus"), *e;
	const char *id = mc__vstr(vc, "id");
	struct status_run s = {v, store, issuer, network};
	struct outcome *worst = NULL, *o = NULL;
	mc_credential *c = NULL;
	mc_credential_state state;
	size_t i, n;

	if (!issuer) {
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "status.unbound", NULL);
		return;
	}
	if (nesting) {
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "status.nested", "list",
			 id ? id : "", NULL);
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
		ours(v, check, store, c->id, state);
		mc_credential_free(c);
		return;
	}
	mc_credential_free(c);
	n = json_is_array(st) ? json_array_size(st) : st ? 1 : 0;
	if (n == 0) {
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "status.none", NULL);
		return;
	}
	if (n > STATUS_ENTRIES_MAX) {
		char count[24], max[24];

		snprintf(count, sizeof(count), "%zu", n);
		snprintf(max, sizeof(max), "%d", STATUS_ENTRIES_MAX);
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "status.too_many", "count",
			 count, "max", max, NULL);
		return;
	}
	if (!(worst = calloc(1, sizeof(*worst))) ||
	    !(o = calloc(1, sizeof(*o)))) {
		v->error = MC_ENOMEM;
		goto cleanup;
	}
	worst->rank = -1;
	/* Every entry is read: a revocation in the second entry counts even
	 * when the first is of a type this verifier cannot read. */
	for (i = 0; i < n; i++) {
		e = json_is_array(st) ? json_array_get(st, i) : st;
		memset(o, 0, sizeof(*o));
		status_entry(&s, o, e);
		if (o->rank > worst->rank) {
			struct outcome *t = worst;

			worst = o;
			o = t;
		}
	}
	if (worst->rank == R_IGNORED)
		mc__vmsg(v, check, MC_CHECK_PASSED, "status.no_standing", NULL);
	else
		tell(v, check, worst);

cleanup:
	free(worst);
	free(o);
}
