/*
 * The authorisation policy (mc_authz_check in account.h): one table of
 * what each action needs (the scope a token must carry, the roles in the
 * organisation acted in), and the rule for reviewing, which depends on
 * the MC: who may review it, and who designed the version under review.
 *
 * The organisation acted in: for MC_ACT_MC_* with an MC, the MC's
 * provider (the caller's org_id is ignored, so it cannot widen a check);
 * for MC_ACT_CRED_* the caller's org_id (the credential's issuing
 * organisation) when given, else the MC's first awarding body; otherwise
 * the caller's org_id.  Lifecycle states (publish "once approved") are
 * checked by mc_catalogue_transition() (MC_ESTATE), not here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/account.h"
#include "microcred/organisation.h"
#include "microcred/catalogue.h"
#include "store/store.h"
#include "util/util.h"

/* Who may do what: platform admin only (roles 0, admin_only 1), or the
 * roles of which one is needed in the organisation acted in. */
static const struct rule {
	unsigned scope;
	unsigned roles; /* any of these in the organisation */
	int admin_only; /* platform admin only */
} rules[] = {
    [MC_ACT_READ_PRIVATE] = {MC_SCOPE_READ, MC_ROLE_ALL, 0},
    [MC_ACT_ORG_CREATE] = {MC_SCOPE_CATALOGUE, 0, 1},
    [MC_ACT_ORG_EDIT] = {MC_SCOPE_CATALOGUE, MC_ROLE_ADMIN, 0},
    [MC_ACT_CLUSTER_EDIT] = {MC_SCOPE_CATALOGUE, 0, 1},
    [MC_ACT_MEMBERS] = {MC_SCOPE_ADMIN, MC_ROLE_ADMIN, 0},
    [MC_ACT_USERS] = {MC_SCOPE_ADMIN, 0, 1},
    [MC_ACT_MC_EDIT] = {MC_SCOPE_CATALOGUE, MC_ROLE_DESIGNER | MC_ROLE_ADMIN,
			0},
    [MC_ACT_MC_SUBMIT] = {MC_SCOPE_CATALOGUE, MC_ROLE_DESIGNER, 0},
    [MC_ACT_MC_REVIEW] = {MC_SCOPE_REVIEW, MC_ROLE_REVIEWER, 0},
    [MC_ACT_MC_PUBLISH] = {MC_SCOPE_CATALOGUE, MC_ROLE_ADMIN | MC_ROLE_DESIGNER,
			   0},
    [MC_ACT_MC_RETIRE] = {MC_SCOPE_CATALOGUE, MC_ROLE_ADMIN, 0},
    [MC_ACT_CRED_ISSUE] = {MC_SCOPE_ISSUE, MC_ROLE_ISSUER, 0},
    [MC_ACT_CRED_STATUS] = {MC_SCOPE_REVOKE, MC_ROLE_ISSUER | MC_ROLE_ADMIN, 0},
    [MC_ACT_KEYS] = {MC_SCOPE_KEYS, MC_ROLE_ADMIN, 0},
    [MC_ACT_AUDIT_READ] = {MC_SCOPE_READ, MC_ROLE_ADMIN | MC_ROLE_VIEWER, 0},
    /* Checked as REVIEW, then EDIT; see mc_authz_check(). */
    [MC_ACT_MC_COMMENT] = {MC_SCOPE_REVIEW | MC_SCOPE_CATALOGUE, 0, 0},
    [MC_ACT_RECOGNISE] = {MC_SCOPE_CATALOGUE, 0, 1},
    /* Not the platform admin's to give: see mc_authz_check(). */
    [MC_ACT_CONSENT] = {MC_SCOPE_CATALOGUE, MC_ROLE_ADMIN, 0},
};

static int forbid(char *why, size_t whylen, const char *fmt, ...)
    MC__PRINTF(3, 4);

/* Set `why` (printf format) and return MC_EFORBIDDEN. */
static int forbid(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return MC_EFORBIDDEN;
}

/* Non-zero if `actor` is the user `user_id` ("user:ID", with or without
 * " token:TID"). */
static int actor_is(const char *actor, const char *user_id)
{
	size_t n = strlen(user_id);

	return actor && strncmp(actor, "user:", 5) == 0 &&
	       strncmp(actor + 5, user_id, n) == 0 &&
	       (actor[5 + n] == '\0' || actor[5 + n] == ' ');
}

/* Non-zero (in *designed) if the user saved or submitted version
 * mc->version: an event draft -> draft noted "created"/"edited" (a
 * save), or draft -> in_review (a submission). */
static int designed(mc_store *store, int *out, const mc_microcred *mc,
		    const char *user_id)
{
	mc_history_event *h = NULL;
	size_t n = 0, i;
	int error;

	*out = 0;
	error =
	    store->catalogue->mc_history(store, &h, &n, mc->id, mc->version);
	for (i = 0; !error && i < n; i++) {
		int save = h[i].from == MC_STATUS_DRAFT &&
			   h[i].to == MC_STATUS_DRAFT && h[i].note &&
			   (strcmp(h[i].note, "created") == 0 ||
			    strcmp(h[i].note, "edited") == 0);
		int submit = h[i].from == MC_STATUS_DRAFT &&
			     h[i].to == MC_STATUS_IN_REVIEW;

		if ((save || submit) && actor_is(h[i].actor, user_id))
			*out = 1;
	}
	mc_history_free(h, n);
	return error;
}

/* The organisations allowed to review `mc`: its QA body when it names
 * one recognised for the provider's country, else every organisation
 * recognised there (mc_qa_bodies(): never the provider unless registered
 * self-accrediting), so an MC saved before the rule, or naming a body
 * whose registration was withdrawn since, is reviewed by the country's
 * recognised bodies, not by the one it names.  MC_EFORBIDDEN with the
 * reason when nobody may review. */
static int reviewing_orgs(mc_store *store, mc_strlist *out,
			  const mc_microcred *mc, char *why, size_t whylen)
{
	char *country = NULL, note[400];
	int error;

	note[0] = '\0';
	if (!mc->provider)
		return forbid(why, whylen, "the MC names no provider");
	if (mc->qa_body) {
		error = mc_qa_body_check(store, mc->provider, mc->qa_body, note,
					 sizeof(note));
		if (error == 0)
			return mc_strlist_add(out, mc->qa_body);
		if (error != MC_EFORBIDDEN && error != MC_ENOTFOUND)
			return error;
	}
	if ((error = mc_qa_bodies(store, out, &country, mc->provider)) < 0)
		goto cleanup;
	if (out->count == 0)
		error = forbid(why, whylen,
			       "no QA body is recognised for %s: the platform "
			       "admin must register one for %s (microcred org "
			       "recognise ORG --country %s)%s%s",
			       country, country, country, note[0] ? "; " : "",
			       note);

cleanup:
	free(country);
	return error;
}

/* Issuing in the name of `org`, an awarding body of the published `mc`
 * other than its provider, needs that body's consent (consent.c): a
 * version published before the rule, or a consent declined since, gives
 * its issuers nothing. */
static int check_award_consent(mc_store *store, const mc_microcred *mc,
			       const char *org, char *why, size_t whylen)
{
	mc_consent *list = NULL;
	size_t n = 0, i;
	int error, accepted = 0;

	if (mc__streq(mc->provider, org) ||
	    !mc_strlist_has(&mc->awarding_bodies, org))
		return 0;
	if ((error =
		 store->policy->consent_list(store, &list, &n, org, mc->id)))
		return error;
	for (i = 0; i < n; i++)
		if (list[i].state == MC_CONSENT_ACCEPTED)
			accepted = 1;
	mc_consent_list_free(list, n);
	if (!accepted)
		return forbid(why, whylen,
			      "%s has not accepted to award %s: an admin of "
			      "%s accepts the request first",
			      org, mc->id, org);
	return 0;
}

static int check_review(mc_store *store, const mc_principal *who,
			const mc_microcred *mc, char *why, size_t whylen)
{
	mc_strlist orgs = {0};
	mc_buf names = MC_BUF_INIT(4096);
	char note[400];
	size_t i;
	int error, mine = 0, is_designer;

	if ((error = reviewing_orgs(store, &orgs, mc, why, whylen)))
		goto cleanup;
	for (i = 0; i < orgs.count; i++) {
		if (mc_user_roles(who->user, orgs.items[i]) & MC_ROLE_REVIEWER)
			mine = 1;
		if (mc__buf_printf(&names, "%s%s", i ? " or " : "",
				   orgs.items[i]) == MC_ENOMEM) {
			error = MC_ENOMEM;
			goto cleanup;
		}
	}
	if (!mine) {
		/* Why the QA body it names was passed over, if it was. */
		note[0] = '\0';
		if (mc->qa_body && !mc_strlist_has(&orgs, mc->qa_body))
			mc_qa_body_check(store, mc->provider, mc->qa_body, note,
					 sizeof(note));
		error =
		    forbid(why, whylen, "needs the reviewer role in %s%s%s%s",
			   names.ptr ? names.ptr : "(no organisation)",
			   note[0] ? " (quality_assurance.body: " : "", note,
			   note[0] ? ")" : "");
		goto cleanup;
	}
	if ((error = designed(store, &is_designer, mc, who->user->id)))
		goto cleanup;
	if (is_designer)
		error = forbid(why, whylen,
			       "you designed this version: another reviewer "
			       "must review it");

cleanup:
	mc_strlist_clear(&orgs);
	mc__buf_free(&names);
	return error;
}

int mc_authz_check(mc_store *store, const mc_principal *who, mc_action act,
		   const char *org_id, const char *mc_id, char *why,
		   size_t whylen)
{
	const struct rule *r;
	mc_microcred *mc = NULL;
	const char *org = org_id;
	char need[64];
	int error = 0;

	if (why && whylen)
		why[0] = '\0';
	if (!who || !who->user) {
		mc__set_err(why, whylen, "not signed in");
		return MC_EUSAGE;
	}
	if (!store || (int)act < 0 || (size_t)act >= MC__ARRAY_SIZE(rules)) {
		mc__set_err(why, whylen, "unknown action");
		return MC_EUSAGE;
	}
	if (act == MC_ACT_MC_COMMENT) {
		/* Either rule will do; the reviewer's reason is kept when
		 * both refuse (unless the MC is unknown). */
		error = mc_authz_check(store, who, MC_ACT_MC_REVIEW, org_id,
				       mc_id, why, whylen);
		if (error == MC_EFORBIDDEN &&
		    mc_authz_check(store, who, MC_ACT_MC_EDIT, org_id, mc_id,
				   NULL, 0) == 0) {
			error = 0;
			if (why && whylen)
				why[0] = '\0';
		}
		return error;
	}
	r = &rules[act];
	if (who->user->disabled)
		return forbid(why, whylen, "the account is disabled");
	if (!(who->scopes & r->scope))
		return forbid(why, whylen, "the token lacks the %s scope",
			      mc_scope_name(r->scope));
	if (mc_id) {
		/* Issuing and status rights come from the published version
		 * credentials are made from: a draft changes nothing until
		 * it is reviewed and published.  An MC never published has
		 * none to issue from; its latest version answers (issuing
		 * it then fails on its state). */
		error = MC_ENOTFOUND;
		if (act == MC_ACT_CRED_ISSUE || act == MC_ACT_CRED_STATUS)
			error = store->catalogue->mc_get_published(store, &mc,
								   mc_id);
		if (error == MC_ENOTFOUND)
			error = store->catalogue->mc_get(store, &mc, mc_id, 0);
		if (error) {
			if (error == MC_ENOTFOUND)
				mc__set_err(why, whylen,
					    "no micro-credential '%.200s'",
					    mc_id);
			return error;
		}
		if (act == MC_ACT_CRED_ISSUE || act == MC_ACT_CRED_STATUS) {
			if (!org)
				org = mc->awarding_bodies.count
					  ? mc->awarding_bodies.items[0]
					  : mc->provider;
		} else {
			org = mc->provider;
		}
	}
	if (act == MC_ACT_MC_REVIEW) {
		if (!mc) {
			mc__set_err(why, whylen, "reviewing needs an MC");
			error = MC_EUSAGE;
		} else {
			error = check_review(store, who, mc, why, whylen);
		}
		goto cleanup;
	}
	if (act == MC_ACT_CRED_ISSUE && mc && org &&
	    (error = check_award_consent(store, mc, org, why, whylen)))
		goto cleanup;
	if (who->user->platform_admin && act != MC_ACT_CONSENT)
		goto cleanup;
	if (r->admin_only) {
		error =
		    forbid(why, whylen, "only a platform admin may do this");
		goto cleanup;
	}
	if (!org) {
		if (act == MC_ACT_AUDIT_READ) {
			error = forbid(why, whylen,
				       "only a platform admin may read the "
				       "whole audit log");
		} else {
			mc__set_err(why, whylen, "no organisation given");
			error = MC_EUSAGE;
		}
		goto cleanup;
	}
	if (!(mc_user_roles(who->user, org) & r->roles)) {
		if (r->roles == MC_ROLE_ALL) {
			error = forbid(why, whylen, "needs a role in %s", org);
		} else {
			char *p = need;
			unsigned bit;

			need[0] = '\0';
			for (bit = 1; bit & MC_ROLE_ALL; bit <<= 1)
				if (r->roles & bit)
					p += snprintf(
					    p,
					    sizeof(need) - (size_t)(p - need),
					    "%s%s", p == need ? "" : " or ",
					    mc_role_name(bit));
			error = forbid(why, whylen, "needs the %s role in %s",
				       need, org);
		}
	}

cleanup:
	mc_microcred_free(mc);
	return error;
}

int mc_authz_org_update(const mc_principal *who, const mc_org *old,
			const mc_org *new, char *why, size_t whylen)
{
	if (why && whylen)
		why[0] = '\0';
	if (!who || !who->user) {
		mc__set_err(why, whylen, "not signed in");
		return MC_EUSAGE;
	}
	if (who->user->platform_admin || !old)
		return 0;
	if (old->type != new->type)
		return forbid(why, whylen,
			      "type: only a platform admin sets an "
			      "organisation's type (it decides who reviews "
			      "whose micro-credentials)");
	if (!mc__streq(old->country, new->country))
		return forbid(why, whylen,
			      "country: only a platform admin sets an "
			      "organisation's country (it decides who reviews "
			      "whose micro-credentials)");
	return 0;
}

/* ---- who reads which version ---------------------------------------------
 *
 * Published and retired versions are public (credentials point at
 * them); any other version is read only by those who work on it.  Every
 * reader-facing read of the catalogue asks here, the server's routes and
 * the search alike, so the rule is in this one place.
 */

int mc_authz_status_public(mc_status status)
{
	return status == MC_STATUS_PUBLISHED || status == MC_STATUS_RETIRED;
}

int mc_authz_reads_unpublished(const mc_principal *who)
{
	return who && who->user && !who->user->disabled &&
	       (who->scopes & MC_SCOPE_READ);
}

int mc_authz_can_read_version(mc_store *store, const mc_principal *who,
			      const mc_microcred *mc)
{
	mc_strlist orgs = MC_STRLIST_INIT;
	size_t i;
	int error, yes = 0;

	if (!mc)
		return MC_EUSAGE;
	if (mc_authz_status_public(mc->status))
		return 1;
	if (!mc_authz_reads_unpublished(who))
		return 0;
	if (who->user->platform_admin)
		return 1;
	if (mc->provider && mc_user_roles(who->user, mc->provider))
		return 1;
	for (i = 0; i < mc->awarding_bodies.count; i++)
		if (mc_user_roles(who->user, mc->awarding_bodies.items[i]))
			return 1;
	if (!store)
		return MC_EUSAGE;
	/* The organisations that review it, as MC_ACT_MC_REVIEW decides;
	 * when nobody may review (MC_EFORBIDDEN), nobody is added. */
	error = reviewing_orgs(store, &orgs, mc, NULL, 0);
	if (error == MC_EFORBIDDEN || error == MC_ENOTFOUND)
		error = 0;
	for (i = 0; !error && i < orgs.count; i++)
		if (mc_user_roles(who->user, orgs.items[i]))
			yes = 1;
	/* Invited stakeholders are not in the model yet: when they are, a
	 * reader invited to comment on this MC is admitted here. */
	mc_strlist_clear(&orgs);
	return error < 0 ? error : yes;
}

int mc_authz_readable_versions(mc_store *store, const mc_principal *who,
			       mc_version_info **out, size_t *count,
			       const char *id)
{
	mc_version_info *v = NULL;
	mc_microcred *mc = NULL;
	size_t n = 0, i, kept = 0;
	int error, yes;

	*out = NULL;
	*count = 0;
	if ((error = mc_catalogue_versions(store, &v, &n, id)) < 0 &&
	    error != MC_ENOTFOUND)
		return error;
	for (i = 0; i < n; i++) {
		yes = mc_authz_status_public(v[i].status);
		/* Loaded only when its organisations can make a difference. */
		if (!yes && mc_authz_reads_unpublished(who)) {
			error = mc_catalogue_get(store, &mc, id, v[i].version);
			if (error == MC_ENOTFOUND) /* gone meanwhile */
				continue;
			if (error < 0)
				goto cleanup;
			yes = mc_authz_can_read_version(store, who, mc);
			mc_microcred_free(mc);
			mc = NULL;
			if (yes < 0) {
				error = yes;
				goto cleanup;
			}
		}
		if (yes)
			v[kept++] = v[i];
	}
	error = 0;
	if (kept == 0) { /* unknown or hidden: one answer, one message */
		error = mc__store_error(store, MC_ENOTFOUND,
					"no micro-credential '%s'", id);
		goto cleanup;
	}
	*out = v;
	*count = kept;
	v = NULL;

cleanup:
	free(v);
	return error;
}

int mc_authz_read_version(mc_store *store, const mc_principal *who,
			  unsigned *out, const char *id, unsigned version)
{
	mc_version_info *v = NULL;
	size_t n = 0, i;
	int error;

	*out = 0;
	if ((error = mc_authz_readable_versions(store, who, &v, &n, id)) < 0)
		return error;
	if (version == 0)
		*out = v[n - 1].version;
	for (i = 0; version && i < n; i++)
		if (v[i].version == version)
			*out = version;
	free(v);
	if (*out == 0)
		return mc__store_error(store, MC_ENOTFOUND,
				       "no version %u of micro-credential '%s'",
				       version, id);
	return 0;
}

int mc_authz_visible_mcs(mc_store *store, const mc_principal *who,
			 mc_strlist *ids)
{
	mc_version_info *v;
	size_t n, i, kept = 0;
	int error = 0;

	for (i = 0; i < ids->count; i++) {
		v = NULL;
		n = 0;
		if (!error)
			error = mc_authz_readable_versions(store, who, &v, &n,
							   ids->items[i]);
		free(v);
		if (error == MC_ENOTFOUND) {
			error = 0;
			free(ids->items[i]);
		} else {
			ids->items[kept++] = ids->items[i];
		}
	}
	ids->count = kept;
	if (error == 0)
		mc__store_clear_error(store);
	return error;
}

/* ---- acting on an MC one may not see, and its history ---------------------
 *
 * An MC of which the caller may read no version answers as one that does
 * not exist, whatever the caller asks of it: a refusal naming its
 * provider ("needs a role in ...") would tell that it exists.
 */

/* Non-zero if `who` works on version `mc`: would read it were it not
 * public (the platform admin; members of its provider, awarding bodies
 * and reviewing organisations; a token with the read scope).  The one
 * rule of mc_authz_can_read_version(), asked of a copy marked draft. */
static int works_on(mc_store *store, const mc_principal *who,
		    const mc_microcred *mc)
{
	mc_microcred unpublished = *mc; /* shallow: read, never freed */

	unpublished.status = MC_STATUS_DRAFT;
	return mc_authz_can_read_version(store, who, &unpublished);
}

/* What mc_authz_check() answers `who` (signed in) about an MC `mc_id`
 * that does not exist: the refusals that come before the MC is looked
 * at (a disabled account, a token without the action's scope; for a
 * comment, the review scope, which is asked first), else MC_ENOTFOUND. */
static int absent_answer(const mc_principal *who, mc_action act,
			 const char *mc_id, char *why, size_t whylen)
{
	unsigned scope =
	    act == MC_ACT_MC_COMMENT ? MC_SCOPE_REVIEW : rules[act].scope;

	if (who->user->disabled)
		return forbid(why, whylen, "the account is disabled");
	if (!(who->scopes & scope))
		return forbid(why, whylen, "the token lacks the %s scope",
			      mc_scope_name(scope));
	mc__set_err(why, whylen, "no micro-credential '%.200s'", mc_id);
	return MC_ENOTFOUND;
}

int mc_authz_check_mc(mc_store *store, const mc_principal *who, mc_action act,
		      const char *mc_id, char *why, size_t whylen)
{
	mc_version_info *v = NULL;
	size_t n = 0;
	int error, seen;

	if (!mc_id) {
		mc__set_err(why, whylen, "no micro-credential given");
		return MC_EUSAGE;
	}
	error = mc_authz_check(store, who, act, NULL, mc_id, why, whylen);
	if (error != MC_EFORBIDDEN)
		return error;
	/* Refused: the reason stands if `who` may read some version. */
	seen = mc_authz_readable_versions(store, who, &v, &n, mc_id);
	free(v);
	if (seen == 0)
		return MC_EFORBIDDEN;
	if (seen != MC_ENOTFOUND)
		return seen;
	return absent_answer(who, act, mc_id, why, whylen);
}

/* Non-zero if `versions` (count n) has `version`. */
static int has_version(const unsigned *versions, size_t n, unsigned version)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (versions[i] == version)
			return 1;
	return 0;
}

int mc_authz_read_history(mc_store *store, const mc_principal *who,
			  mc_history_event **out, size_t *count, const char *id,
			  unsigned version, char *why, size_t whylen)
{
	mc_version_info *v = NULL;
	mc_history_event *h = NULL;
	mc_microcred *mc = NULL;
	unsigned *mine = NULL;
	char *provider = NULL;
	size_t n = 0, nh = 0, nmine = 0, i, kept = 0;
	int error, yes;

	*out = NULL;
	*count = 0;
	if (why && whylen)
		why[0] = '\0';
	if (!store || !id) {
		mc__set_err(why, whylen, "no micro-credential given");
		return MC_EUSAGE;
	}
	if (!who || !who->user) {
		mc__set_err(why, whylen, "not signed in");
		return MC_EUSAGE;
	}
	/* Before the MC is looked at: the same for every MC. */
	if (who->user->disabled)
		return forbid(why, whylen, "the account is disabled");
	if (!(who->scopes & MC_SCOPE_READ))
		return forbid(why, whylen, "the token lacks the read scope");
	if ((error = mc_authz_readable_versions(store, who, &v, &n, id)) < 0) {
		if (error == MC_ENOTFOUND) /* unknown or hidden alike */
			mc__set_err(why, whylen, "no micro-credential '%.200s'",
				    id);
		return error;
	}
	if (version) {
		for (i = 0; i < n && v[i].version != version; i++)
			;
		if (i == n) { /* absent or hidden alike */
			error = mc__store_error(store, MC_ENOTFOUND,
						"no version %u of "
						"micro-credential '%s'",
						version, id);
			mc__set_err(why, whylen,
				    "no version %u of micro-credential "
				    "'%.200s'",
				    version, id);
			goto cleanup;
		}
	}
	if (!(mine = calloc(n, sizeof(*mine)))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		if (version && v[i].version != version)
			continue;
		if ((error = mc_catalogue_get(store, &mc, id, v[i].version)) <
		    0) {
			if (error == MC_ENOTFOUND) /* gone meanwhile */
				continue;
			goto cleanup;
		}
		if ((yes = works_on(store, who, mc)) < 0) {
			error = yes;
			goto cleanup;
		}
		if (yes)
			mine[nmine++] = v[i].version;
		free(provider);
		provider = mc->provider ? strdup(mc->provider) : NULL;
		mc_microcred_free(mc);
		mc = NULL;
	}
	if (nmine == 0) {
		error = forbid(why, whylen,
			       "needs a role in %.100s, in an awarding body or "
			       "in a reviewing organisation of %.100s",
			       provider ? provider : "its provider", id);
		goto cleanup;
	}
	if ((error = mc_catalogue_history(store, &h, &nh, id, version)) < 0)
		goto cleanup;
	for (i = 0; i < nh; i++) {
		if (has_version(mine, nmine, h[i].version)) {
			h[kept++] = h[i];
		} else {
			free(h[i].actor);
			free(h[i].note);
			free(h[i].at);
		}
	}
	*out = h;
	*count = kept;
	h = NULL;
	nh = 0;

cleanup:
	mc_history_free(h, nh);
	mc_microcred_free(mc);
	free(provider);
	free(mine);
	free(v);
	return error;
}
