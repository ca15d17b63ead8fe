/*
 * The issuer check of a W3C credential: is the key that signed tied to the
 * issuer the credential names?  A correct signature proves only that the
 * holder of some key signed; "valid" needs that key to be the named
 * issuer's.  The ties, strongest first:
 *
 *   - the credential points into this platform (its id, its achievement,
 *     the issuer's DID, profile URL or name is one of ours): the key must
 *     be one of that organisation's keys, current or retired, or the
 *     credential is forged;
 *   - a did:web issuer whose document published the key: bound to its
 *     domain; an https issuer whose own JWKS published it: the same;
 *   - an issuer on the configured list of trusted issuers that signed with
 *     its own key (its DID's key): bound by the list;
 *   - anything else: cannot tell.  The signature is right, but nothing
 *     ties the key to the name.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/keys.h"
#include "microcred/organisation.h"
#include "keys/keys_private.h"
#include "model/model.h"
#include "store/store.h"
#include "util/util.h"
#include "verify_private.h"

const struct mc__vmessage mc__vmessages_issuer[] = {
    {"issuer.no_proof", MC_VERDICT_VALID,
     "not checked: the signature was not verified"},
    {"issuer.catalogue", MC_VERDICT_VALID,
     "signed with a key of {org}, registered in this catalogue"},
    {"issuer.forged_id", MC_VERDICT_FORGED,
     "the credential's id {id} is one this platform gave a credential of "
     "{org}, but it is signed with {vm}, which is not a key of {org}"},
    {"issuer.forged_achievement", MC_VERDICT_FORGED,
     "the achievement {id} is awarded by {org} in this catalogue, but the "
     "credential is signed with {vm}, which is not a key of {org}"},
    {"issuer.forged_did", MC_VERDICT_FORGED,
     "the issuer {id} is {org} of this platform, but the credential is "
     "signed with {vm}, which is not a key of {org}"},
    {"issuer.forged_name", MC_VERDICT_FORGED,
     "the issuer's name '{id}' is that of {org} of this platform, but the "
     "credential is signed with {vm}, which is not a key of {org}"},
    {"issuer.forged_profile", MC_VERDICT_FORGED,
     "the issuer's profile {id} is that of {org} of this platform, but the "
     "credential is signed with {vm}, which is not a key of {org}"},
    {"issuer.not_issued", MC_VERDICT_FORGED,
     "the credential's id {id} is an address of this platform, but this "
     "platform never issued a credential with that id"},
    {"issuer.unknown_achievement", MC_VERDICT_FORGED,
     "the achievement {id} is an address of this platform's catalogue, "
     "but no such micro-credential is published there"},
    {"issuer.did_web", MC_VERDICT_VALID,
     "the key is published by the issuer's domain {domain} (did:web)"},
    {"issuer.domain_jwks", MC_VERDICT_VALID,
     "the key is published by the issuer's domain {domain}"},
    {"issuer.trusted_list", MC_VERDICT_VALID,
     "{issuer} is on the list of trusted issuers and signed with its own "
     "key"},
    {"issuer.key_mismatch", MC_VERDICT_FORGED,
     "signed with {vm}, which is not a key of the issuer {issuer}"},
    {"issuer.unbound", MC_VERDICT_UNKNOWN,
     "the signature is correct, but nothing ties this key to the name "
     "'{name}': the name is the issuer's own claim (a did:web issuer, an "
     "issuer registered here, or your list of trusted issuers would "
     "settle it)"},
    {NULL, MC_VERDICT_VALID, NULL}};

/* The DID of a DID URL ("did:key:z6Mk...#z6Mk..." -> "did:key:z6Mk..."),
 * or NULL for no DID.  Caller frees. */
static char *did_of(const char *vm)
{
	if (!vm || strncmp(vm, "did:", 4) != 0)
		return NULL;
	return mc__strndup(vm, strcspn(vm, "#?"));
}

/* The host of an https URL or a did:web ("did:web:example.org%3A8443:u"
 * -> "example.org:8443"), or NULL.  Caller frees. */
static char *domain_of(const char *id)
{
	char *out, *p;

	if (!id)
		return NULL;
	if (strncmp(id, "did:web:", 8) == 0) {
		id += 8;
		out = mc__strndup(id, strcspn(id, ":#?"));
		if (out && (p = strstr(out, "%3A")) != NULL) {
			*p = ':';
			memmove(p + 1, p + 3, strlen(p + 3) + 1);
		}
		return out;
	}
	if (strncmp(id, "https://", 8) == 0) {
		id += 8;
		return mc__strndup(id, strcspn(id, "/?#"));
	}
	if (strncmp(id, "http://", 7) == 0) { /* loopback (tests) only */
		id += 7;
		return mc__strndup(id, strcspn(id, "/?#"));
	}
	return NULL;
}

const char *mc__vname(const json_t *issuer)
{
	const json_t *n = json_object_get(issuer, "name");

	if (json_is_array(n))
		n = json_array_get(n, 0);
	if (json_is_object(n))
		n = json_object_get(n, "@value");
	return json_string_value(n);
}

int mc__vsame_name(const char *a, const char *b)
{
	size_t la, lb;

	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la && a[la - 1] == ' ')
		la--;
	while (lb && b[lb - 1] == ' ')
		lb--;
	return la && la == lb && strncasecmp(a, b, la) == 0;
}

/* What the credential claims of this platform: which organisation, and
 * through what. */
struct claim {
	char *org;	  /* NULL: a claim nothing of ours matches */
	const char *what; /* the reason when the key is not org's */
	const char *code; /* for org == NULL: the reason */
	const char *id;
};

struct claims {
	struct claim c[64];
	size_t n;
	int oom;
};

static void claim(struct claims *cl, const char *org, const char *what,
		  const char *code, const char *id)
{
	if (cl->n == MC__ARRAY_SIZE(cl->c))
		return;
	cl->c[cl->n].org = org ? strdup(org) : NULL;
	if (org && !cl->c[cl->n].org)
		cl->oom = 1;
	cl->c[cl->n].what = what;
	cl->c[cl->n].code = code;
	cl->c[cl->n].id = id;
	cl->n++;
}

/* Non-zero if `url` is under this store's base URL. */
static int under_base(mc_store *store, const char *url)
{
	const char *base = store ? mc_store_base_url(store) : NULL;
	size_t n = base ? strlen(base) : 0;

	while (n && base[n - 1] == '/')
		n--;
	return url && n && strncmp(url, base, n) == 0 && url[n] == '/';
}

/* The claim of an id under our base URL that is no stored credential: a
 * status list (BASE/status/ORG/...) is its organisation's; anything else
 * was never issued here. */
static void claim_path(struct claims *cl, mc_store *store, const char *id)
{
	const char *base = mc_store_base_url(store), *p;
	size_t n = strlen(base);
	char *org;

	while (n && base[n - 1] == '/')
		n--;
	p = id + n;
	if (strncmp(p, "/status/", 8) == 0 && strchr(p + 8, '/')) {
		p += 8;
		if (!(org = mc__strndup(p, strcspn(p, "/")))) {
			cl->oom = 1;
			return;
		}
		claim(cl, org, "issuer.forged_id", NULL, id);
		free(org);
	} else
		claim(cl, NULL, "issuer.forged_id", "issuer.not_issued", id);
}

/* The claims the credential's id (`stored`: the credential of ours with
 * that id, or NULL) and achievement make. */
static void claims_of_records(struct claims *cl, mc_store *store,
			      const json_t *vc, const mc_credential *stored,
			      mc_microcred **mcp)
{
	const char *id = mc__vstr(vc, "id");
	const json_t *subject = json_object_get(vc, "credentialSubject");
	const char *ach;
	mc_microcred *mc = NULL;
	size_t i;

	if (json_is_array(subject))
		subject = json_array_get(subject, 0);
	ach = mc__vstr(json_object_get(subject, "achievement"), "id");
	if (stored)
		claim(cl, stored->org_id, "issuer.forged_id", NULL, id);
	else if (under_base(store, id))
		claim_path(cl, store, id);
	if (!ach)
		return;
	switch (mc_catalogue_resolve(store, &mc, ach)) {
	case 0:
		/* Any awarding body of the MC may sign for it. */
		for (i = 0; i < mc->awarding_bodies.count; i++)
			claim(cl, mc->awarding_bodies.items[i],
			      "issuer.forged_achievement", NULL, ach);
		*mcp = mc;
		break;
	case MC_ENOTFOUND:
		claim(cl, NULL, "issuer.forged_achievement",
		      "issuer.unknown_achievement", ach);
		break;
	default: /* not ours */
		break;
	}
}

/* The claims the issuer's DID, profile URL and name make; `keys` are
 * every key of the store. */
static void claims_of_issuer(struct claims *cl, mc_store *store,
			     mc_key_info *const *keys, size_t nkeys,
			     const char *iss, const char *name)
{
	mc_org **orgs = NULL;
	size_t norgs = 0, i, j;
	char *did;

	if (store->catalogue->org_list(store, &orgs, &norgs, NULL) < 0)
		return;
	for (i = 0; i < norgs; i++) {
		const mc_org *o = orgs[i];

		/* The organisation's did:web (a string made from the base
		 * URL: no lookup). */
		if (strncmp(iss, "did:web:", 8) == 0 &&
		    mc__org_did_web(store, &did, o->id) == 0) {
			if (strcmp(did, iss) == 0)
				claim(cl, o->id, "issuer.forged_did", NULL,
				      iss);
			free(did);
		}
		for (j = 0; name && j < o->name.count; j++)
			if (mc__vsame_name(o->name.items[j].text, name)) {
				claim(cl, o->id, "issuer.forged_name", NULL,
				      name);
				break;
			}
	}
	/* A DID of any key an organisation ever had (its did:key while the
	 * base URL is not https; a rotated key's stays that
	 * organisation's). */
	for (i = 0; i < nkeys; i++) {
		did = did_of(keys[i]->verification_method);
		if (did && strcmp(did, iss) == 0)
			claim(cl, keys[i]->org_id, "issuer.forged_did", NULL,
			      iss);
		free(did);
	}
	/* A profile under our base URL: BASE/organisations/ID or the like;
	 * its last path segment names the organisation. */
	if (under_base(store, iss)) {
		const char *last = strrchr(iss, '/') + 1;
		int known = 0;

		for (i = 0; i < norgs; i++)
			if (strcmp(orgs[i]->id, last) == 0) {
				claim(cl, orgs[i]->id, "issuer.forged_profile",
				      NULL, iss);
				known = 1;
			}
		if (!known)
			claim(cl, NULL, "issuer.forged_profile",
			      "issuer.not_issued", iss);
	}
	for (i = 0; i < norgs; i++)
		mc_org_free(orgs[i]);
	free(orgs);
}

/* The organisation of this platform that holds key `vm`, or NULL. */
static const char *org_of_key(mc_key_info *const *keys, size_t n,
			      const char *vm)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mc__streq(keys[i]->verification_method, vm))
			return keys[i]->org_id;
	return NULL;
}

static int set(char **slot, const char *value)
{
	free(*slot);
	*slot = mc__strdup(value);
	return value && !*slot ? MC_ENOMEM : 0;
}

/* The binding when the credential names nothing of ours. */
static void bind_other(struct mc__vrun *v, int check, const char *iss,
		       const char *name, const char *vm,
		       const mc_verify_options *o, struct mc__bound *out)
{
	char *vm_did = did_of(vm), *dom = NULL, *vm_dom = NULL;
	int own_key, listed = 0, listed_key = 0;
	size_t i;

	/* The key is the issuer's own when it is a key of the issuer's DID,
	 * or published under the issuer's https domain. */
	own_key = vm_did && mc__streq(vm_did, iss);
	if (!own_key && strncmp(iss, "did:", 4) != 0 &&
	    strncmp(vm, "did:", 4) != 0) {
		dom = domain_of(iss);
		vm_dom = domain_of(vm);
		own_key = dom && vm_dom && strcmp(dom, vm_dom) == 0;
	}
	for (i = 0; o->trusted_issuers && i < o->trusted_count; i++) {
		listed |= mc__streq(o->trusted_issuers[i], iss);
		/* The list may name the key's DID itself. */
		listed_key |= mc__streq(o->trusted_issuers[i], vm_did);
	}
	if (listed && listed_key)
		own_key = 1;
	if (!own_key && strncmp(iss, "did:", 4) == 0)
		mc__vmsg(v, check, MC_CHECK_FAILED, "issuer.key_mismatch", "vm",
			 vm, "issuer", iss, NULL);
	else if (own_key && strncmp(iss, "did:web:", 8) == 0) {
		free(dom);
		dom = domain_of(iss);
		out->binding = MC_BINDING_DOMAIN;
		v->error |= set(&out->detail, dom);
		mc__vmsg(v, check, MC_CHECK_PASSED, "issuer.did_web", "domain",
			 dom, NULL);
	} else if (own_key && dom) {
		out->binding = MC_BINDING_DOMAIN;
		v->error |= set(&out->detail, dom);
		mc__vmsg(v, check, MC_CHECK_PASSED, "issuer.domain_jwks",
			 "domain", dom, NULL);
	} else if (own_key && listed) {
		out->binding = MC_BINDING_TRUSTED_LIST;
		v->error |= set(&out->detail, iss);
		mc__vmsg(v, check, MC_CHECK_PASSED, "issuer.trusted_list",
			 "issuer", iss, NULL);
	} else
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "issuer.unbound", "name",
			 name ? name : iss, "issuer", iss, "vm", vm, NULL);
	free(vm_did);
	free(dom);
	free(vm_dom);
}

void mc__check_issuer(struct mc__vrun *v, int check, mc_store *store,
		      const json_t *vc, const char *data, size_t len,
		      const char *vm, const mc_verify_options *o, int proof_ok,
		      struct mc__bound *out)
{
	const json_t *issuer = json_object_get(vc, "issuer");
	const char *iss = json_is_string(issuer) ? json_string_value(issuer)
						 : mc__vstr(issuer, "id");
	const char *name = mc__vname(issuer), *id = mc__vstr(vc, "id");
	struct claims cl = {{{0}}, 0, 0};
	mc_credential *stored = NULL;
	mc_key_info **keys = NULL;
	const char *key_org = NULL;
	size_t i, nkeys = 0;

	memset(out, 0, sizeof(*out));
	if (!proof_ok || !vm || !iss) {
		mc__vmsg(v, check, MC_CHECK_SKIPPED, "issuer.no_proof", NULL);
		return;
	}
	if (store && store->keys->key_list(store, &keys, &nkeys, NULL) < 0)
		nkeys = 0;
	if (store) {
		key_org = org_of_key(keys, nkeys, vm);
		if (id && mc_credential_get(store, &stored, id) == 0 &&
		    stored->len == len && memcmp(stored->data, data, len) == 0)
			/* Exactly the bytes this platform issued: every claim
			 * in them is the issuing organisation's. */
			claim(&cl, stored->org_id, "issuer.forged_id", NULL,
			      id);
		else {
			claims_of_records(&cl, store, vc, stored, &out->mc);
			claims_of_issuer(&cl, store, keys, nkeys, iss, name);
		}
	}
	if (cl.oom)
		v->error = MC_ENOMEM;
	if (cl.n == 0) {
		bind_other(v, check, iss, name, vm, o, out);
		goto done;
	}
	/* Every pointer into this platform must name the organisation whose
	 * key signed; the first that does not decides. */
	for (i = 0; i < cl.n; i++) {
		const struct claim *c = &cl.c[i];

		if (!c->org) {
			mc__vmsg(v, check, MC_CHECK_FAILED, c->code, "id",
				 c->id, NULL);
			goto done;
		}
		if (key_org && strcmp(c->org, key_org) == 0)
			continue;
		/* One pointer may name several organisations (an MC's
		 * awarding bodies, organisations of the same name): one of
		 * them holding the key is enough. */
		{
			size_t j;
			int any = 0;

			for (j = 0; j < cl.n; j++)
				any |= strcmp(cl.c[j].what, c->what) == 0 &&
				       key_org && cl.c[j].org &&
				       strcmp(cl.c[j].org, key_org) == 0;
			if (any)
				continue;
		}
		mc__vmsg(v, check, MC_CHECK_FAILED, c->what, "org", c->org,
			 "vm", vm, "id", c->id, NULL);
		goto done;
	}
	out->binding = MC_BINDING_CATALOGUE;
	v->error |= set(&out->org, key_org);
	v->error |= set(&out->detail, key_org);
	if (stored && strcmp(stored->org_id, key_org) == 0)
		v->error |= set(&out->page, stored->id);
	mc__vmsg(v, check, MC_CHECK_PASSED, "issuer.catalogue", "org", key_org,
		 NULL);
done:
	for (i = 0; i < cl.n; i++)
		free(cl.c[i].org);
	mc_key_list_free(keys, nkeys);
	mc_credential_free(stored);
}

void mc__bound_free(struct mc__bound *b)
{
	free(b->detail);
	free(b->org);
	free(b->page);
	mc_microcred_free(b->mc);
	memset(b, 0, sizeof(*b));
}
