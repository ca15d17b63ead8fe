/*
 * microcred - accounts: users, their roles in organisations, sessions, API
 * tokens, the authorisation policy and the audit log.
 *
 * Passwords are stored only as argon2id hashes (libsodium crypto_pwhash_str).
 * Session and API tokens are 256-bit random strings handed to the client
 * once; the store keeps only their SHA-256 hash, so a copy of the database
 * does not let anyone sign in.
 *
 * Who may do what is decided here (mc_authz_check), not in the front doors:
 * the CLI and the server ask, then call the catalogue and credential
 * functions with the principal's actor string, which the history and the
 * audit log record.
 *
 * The records and enums (mc_user, mc_principal, mc_action ...) are in
 * types/account.h.
 */
#ifndef MICROCRED_ACCOUNT_H
#define MICROCRED_ACCOUNT_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- roles and scopes ---------------------------------------------------- */

/** Name of one role bit ("admin" ...), or NULL. */
const char *mc_role_name(unsigned role);
/** Parse "designer,issuer" (comma separated, any order) into a bit set;
 * "none" gives 0.  MC_EINVALID naming the unknown role in `err`. */
int mc_roles_parse(unsigned *out, const char *text, char *err, size_t errlen);
/** "designer,issuer" for a bit set, in the order of the enum. */
void mc_roles_format(char *buf, size_t len, unsigned roles);

const char *mc_scope_name(unsigned scope);
/** Parse "issue,revoke", "all" (MC_SCOPE_ALL) or "none" (0). */
int mc_scopes_parse(unsigned *out, const char *text, char *err, size_t errlen);
void mc_scopes_format(char *buf, size_t len, unsigned scopes);

/* ---- users ----------------------------------------------------------------
 */

/** Roles of `u` in `org_id` (0 if none). */
unsigned mc_user_roles(const mc_user *u, const char *org_id);

/**
 * Create a user.  Problems go to `problems` ("email: not an email
 * address", "password: shorter than 10 bytes"; a name is 1..200 bytes
 * of UTF-8).  Returns 0, MC_EINVALID, MC_EEXISTS (email taken), MC_EDB.
 */
int mc_user_create(mc_store *store, mc_user **out, const char *email,
		   const char *name, const char *password, int platform_admin,
		   mc_problems *problems);
/** By id or by email.  MC_ENOTFOUND. */
int mc_user_get(mc_store *store, mc_user **out, const char *id_or_email);
/** Every user, by email. */
int mc_user_list(mc_store *store, mc_user ***out, size_t *count);

/** Free what `r` holds and zero it.  NULL-safe. */
void mc_revoked_clear(mc_revoked *r);

/**
 * Change a password (checked as mc_user_create) and end everything the
 * old one let in: every session of the user and every API token of theirs
 * not revoked yet, in the same transaction.  *revoked (may be NULL) says
 * what ended.
 *
 * `current` is the password being replaced.  When given it must be right:
 * a wrong one is MC_EFORBIDDEN with the problem "current_password: wrong
 * password", and nothing changes.  NULL resets without it: the operator at
 * the command line (who holds the database) and the platform admin for
 * another user; which callers may is the front door's to decide.
 * Returns 0, MC_EINVALID (problems), MC_EFORBIDDEN, MC_ENOTFOUND, MC_EDB.
 */
int mc_user_set_password(mc_store *store, mc_revoked *revoked,
			 const char *user_id, const char *current,
			 const char *password, mc_problems *problems);
/**
 * Change a user's display name (checks as mc_user_create: 1..200 bytes of
 * UTF-8, no control characters; a problem "name: ..." and MC_EINVALID,
 * nothing stored).  MC_ENOTFOUND for an unknown user id.
 */
int mc_user_set_name(mc_store *store, const char *user_id, const char *name,
		     mc_problems *problems);
/** Disable or enable; disabling ends sessions and stops tokens working. */
int mc_user_set_disabled(mc_store *store, const char *user_id, int disabled);
/** Set the user's roles in an organisation (0 removes the membership).
 * MC_ENOTFOUND for an unknown user or organisation. */
int mc_member_set(mc_store *store, const char *user_id, const char *org_id,
		  unsigned roles);
/** Users with a role in `org_id`, by email (their memberships filled). */
int mc_member_list(mc_store *store, mc_user ***out, size_t *count,
		   const char *org_id);

/**
 * First run: when the store has no enabled platform admin (it may have
 * other users, such as demo accounts), create the platform admin `email`
 * with `password` (NULL: a random 20-character password, returned in
 * *generated for printing once; caller frees).  MC_EEXISTS when an
 * enabled platform admin exists already (nothing changes).
 */
int mc_user_bootstrap(mc_store *store, mc_user **out, const char *email,
		      const char *password, char **generated);

/* ---- principals: who is acting ---------------------------------------------
 */

void mc_principal_free(mc_principal *p);

/**
 * Check a password and open a session.  *token gets the session token
 * (43 base64url characters, for an HttpOnly cookie; caller frees) and *who
 * the principal.  Unknown email, wrong password and disabled account all
 * fail the same way, MC_EFORBIDDEN "wrong email or password", in about the
 * same time (a dummy hash is checked for unknown emails).  A refused
 * sign-in is written to the audit log: actor "anonymous", action
 * "session.refused", the email tried as subject (never the password) and
 * the reason ("unknown email", "wrong password", "account disabled", "not
 * an email address"), with the handle's client address; past 20 a minute
 * from one address, refusals are counted into one entry instead
 * ("audit.suppressed", see mc_audit_flush).
 */
int mc_session_login(mc_store *store, char **token, mc_principal **who,
		     const char *email, const char *password);
/** The principal of a live session, extending its idle timeout (the
 * use is written at most once a minute, not on every request).  An
 * expired session is deleted.  MC_ENOTFOUND when unknown, expired, or the
 * user is disabled. */
int mc_session_resolve(mc_store *store, mc_principal **who, const char *token);
/** End a session (unknown tokens are not an error). */
int mc_session_logout(mc_store *store, const char *token);

/**
 * Create an API token for `user_id` with `scopes`, valid `days` days (0:
 * no expiry; at most 3650), named `name` (1..100 bytes).  *token gets
 * the secret ("mct_" + 43 base64url; shown once, caller frees) and *info
 * (may be NULL) its listing.
 */
int mc_token_create(mc_store *store, char **token, mc_token_info **info,
		    const char *user_id, const char *name, unsigned scopes,
		    unsigned days);
/** The principal of a token (scopes as granted).  MC_ENOTFOUND when
 * unknown, revoked, expired, or the user is disabled; each refusal is
 * audited as "token.refused" (actor "anonymous", the token's id when it
 * is known, the reason: "not a token", "unknown token", "token revoked",
 * "token expired", "account disabled"), within the same bound per
 * client address as refused sign-ins (mc_session_login). */
int mc_token_resolve(mc_store *store, mc_principal **who, const char *token);
int mc_token_list(mc_store *store, mc_token_info ***out, size_t *count,
		  const char *user_id);
/** Revoke token `token_id` of `user_id`.  MC_ENOTFOUND. */
int mc_token_revoke(mc_store *store, const char *user_id, const char *token_id);

/* ---- authorisation ----------------------------------------------------------
 */

/**
 * May `who` do `act`?  `org_id` names the organisation acted in (NULL when
 * `mc_id` is given: the MC's provider, or for MC_ACT_CRED_* its first
 * awarding body).  The platform admin may do everything except
 * MC_ACT_MC_REVIEW, which needs the reviewer role like anyone, and
 * MC_ACT_CONSENT (org_id: the awarding body asked; no mc_id), which needs
 * the admin role in that body.  Issuing (MC_ACT_CRED_ISSUE) in the name
 * of an awarding body other than the provider needs that body's accepted
 * consent (mc_consent_decide()), for everyone.  When
 * `mc_id` is given the MC decides the organisation for MC_ACT_MC_* (its
 * provider; `org_id` is ignored, so a caller cannot widen a check); for
 * MC_ACT_CRED_* a given `org_id` (the credential's issuing organisation)
 * wins over the MC's first awarding body.  Lifecycle states (publish
 * "once approved") are the catalogue's to check (MC_ESTATE), not this.
 * A token's scopes bound its user's roles: both must allow the action.
 *
 * Reviewing: the organisations allowed to review an MC are its QA body
 * (qa_body) when it names one recognised for the provider's country
 * (mc_qa_body_check()), otherwise (it names none, or one not recognised:
 * an MC saved before the rule) every organisation recognised there
 * (mc_qa_bodies()); when there is none, nobody may review, and the reason
 * says the platform admin must register a QA body for the country.  A user
 * who saved or submitted the version under review (its history's actors:
 * draft -> draft events noted "created"/"edited", and draft -> in_review;
 * "user:ID" with or without " token:TID") is its designer and may not
 * review it.
 *
 * Returns 0 when allowed; MC_EFORBIDDEN with the reason in `why` ("needs
 * the reviewer role in ua-nqa", "you designed this version", "the token
 * lacks the review scope"); MC_EUSAGE when `who` is NULL (not signed in);
 * MC_ENOTFOUND for an unknown MC.
 */
int mc_authz_check(mc_store *store, const mc_principal *who, mc_action act,
		   const char *org_id, const char *mc_id, char *why,
		   size_t whylen);

/**
 * May `who`, who passed MC_ACT_ORG_EDIT, change organisation `old` into
 * `new`?  An organisation's type (accreditation body, agency, provider
 * ...) and country decide who reviews whose MCs, so only the platform
 * admin sets them; an organisation admin edits names, contacts, logo.
 * Returns 0, or MC_EFORBIDDEN naming the field in `why`.
 */
int mc_authz_org_update(const mc_principal *who, const struct mc_org *old,
			const struct mc_org *new, char *why, size_t whylen);

/* ---- who reads which version
 * -------------------------------------------------
 */

/** Non-zero for the states every reader sees: published, and retired
 * (credentials issued from a retired version still point at it). */
int mc_authz_status_public(mc_status status);

/** Non-zero if `who` may read some version that is not public at all:
 * signed in, enabled and, for a token, with the read scope.  When zero,
 * mc_authz_can_read_version() refuses every such version without looking
 * at it. */
int mc_authz_reads_unpublished(const mc_principal *who);

/**
 * May `who` (NULL: an anonymous reader) read version `mc`?  Published and
 * retired versions: everyone.  Any other state (draft, in review,
 * approved but not published): the platform admin, and members (any
 * role) of the version's provider, of its awarding bodies and of the
 * organisations that review it (as MC_ACT_MC_REVIEW decides: its QA
 * body); a token needs the read scope.  Invited stakeholders, once the
 * model has them, are admitted here too.  This is the one rule: every
 * reader-facing read (the JSON API, the pages, search and its facets,
 * clusters, exports) asks it, and one that is refused answers as if the
 * version did not exist (404, never 403).  Returns 1 (may read), 0 (may
 * not), or a negative MC_E* when the store fails.
 */
int mc_authz_can_read_version(mc_store *store, const mc_principal *who,
			      const mc_microcred *mc);

/**
 * The versions of MC `id` that `who` may read, oldest first, as
 * mc_catalogue_versions() lists them (free(*out)).  MC_ENOTFOUND ("no
 * micro-credential 'ID'") when there is none: an unknown MC and one whose
 * every version is hidden from `who` answer alike.
 */
int mc_authz_readable_versions(mc_store *store, const mc_principal *who,
			       mc_version_info **out, size_t *count,
			       const char *id);

/**
 * The version of MC `id` that `who` reads when asking for `version`: that
 * one when `who` may read it, or with `version` 0 the latest one `who`
 * may read.  MC_ENOTFOUND with the message an absent version gets.
 */
int mc_authz_read_version(mc_store *store, const mc_principal *who,
			  unsigned *out, const char *id, unsigned version);

/** Remove from `ids` (MC ids, such as a cluster's) those of which `who`
 * may read no version, keeping the order.  0 or a negative MC_E*. */
int mc_authz_visible_mcs(mc_store *store, const mc_principal *who,
			 mc_strlist *ids);

/**
 * As mc_authz_check() for `act` on MC `mc_id`, for a signed-in `who`,
 * except that an MC of which `who` may read no version
 * (mc_authz_readable_versions()) answers exactly as one that does not
 * exist: the refusals that do not depend on the MC (a disabled account,
 * a token without the action's scope) stand, every other one becomes
 * MC_ENOTFOUND "no micro-credential 'ID'", so that a refusal naming the
 * provider never tells that a hidden draft exists.  A caller who may read
 * a version but not act gets MC_EFORBIDDEN with the reason.  A token
 * without the read scope reads no draft, so it too gets MC_ENOTFOUND for
 * a draft it may not act on.
 */
int mc_authz_check_mc(mc_store *store, const mc_principal *who, mc_action act,
		      const char *mc_id, char *why, size_t whylen);

/**
 * The history of MC `id` (`version` 0: every version) that `who` may
 * read, oldest first (mc_history_free()).  It names who saved, reviewed
 * and commented, so a version's events are read by those who work on
 * it: whoever would read the version were it not published
 * (mc_authz_can_read_version(): the platform admin, members of its
 * provider, awarding bodies and reviewing organisations), with the read
 * scope.  Returns 0 (the events of those versions only); MC_EUSAGE when
 * `who` is NULL; MC_EFORBIDDEN for a disabled account or a token without
 * the read scope (for every MC alike), or when `who` reads versions but
 * works on none ("needs a role in PROVIDER, in an awarding body or in a
 * reviewing organisation of ID"); MC_ENOTFOUND "no micro-credential 'ID'"
 * (or "no version N of ...") when `who` may read no version of it (or
 * not that one), exactly as for one that does not exist.  The reason is
 * in `why` and, for MC_ENOTFOUND, mc_store_errmsg().
 */
int mc_authz_read_history(mc_store *store, const mc_principal *who,
			  mc_history_event **out, size_t *count, const char *id,
			  unsigned version, char *why, size_t whylen);

/* ---- who reviews: QA bodies recognised by the platform admin ---------------
 */

/** "qa_body" or "self_accrediting"; NULL for an unknown value. */
const char *mc_recognition_kind_name(mc_recognition_kind kind);
/** Parse a kind's name.  MC_EINVALID. */
int mc_recognition_kind_parse(mc_recognition_kind *out, const char *name);

/**
 * Register `org_id` as `kind` for `country` (upper-case ISO 3166-1
 * alpha-2), recording `actor` and an audit entry ("org.recognise") in the
 * same transaction.  A self-accrediting registration is for the
 * organisation's own country only.  Who may do it (the platform admin) is
 * the caller's to check.  Returns 0, MC_ENOTFOUND (unknown organisation),
 * MC_EINVALID (bad country, self-accrediting for another country),
 * MC_EEXISTS (registered already); the reason in mc_store_errmsg().
 */
int mc_recognition_grant(mc_store *store, const char *actor, const char *org_id,
			 const char *country, mc_recognition_kind kind);
/** Withdraw a registration (audit "org.unrecognise").  MC_ENOTFOUND when
 * there is none.  MCs naming the organisation keep their text, but its
 * reviewers may no longer approve them. */
int mc_recognition_withdraw(mc_store *store, const char *actor,
			    const char *org_id, const char *country,
			    mc_recognition_kind kind);
/** Registrations of `org_id` (NULL: every organisation) for `country`
 * (NULL: every country), by country, kind and organisation. */
int mc_recognition_list(mc_store *store, mc_recognition **out, size_t *count,
			const char *org_id, const char *country);
/** A JSON array of {org, country, kind, granted_by, granted_at}. */
int mc_recognition_list_to_json(char **out, const mc_recognition *list,
				size_t count);

/**
 * The organisations that may review MCs of `provider_id` (its country C):
 * the agencies and accreditation bodies of C and the organisations
 * registered as QA body for C, but never the provider itself unless it is
 * registered self-accrediting (then it is one of them).  An empty list is
 * not an error: nobody may review until the platform admin registers a QA
 * body for C.  *country (may be NULL) gets C (caller frees).
 */
int mc_qa_bodies(mc_store *store, mc_strlist *out, char **country,
		 const char *provider_id);

/**
 * May `qa_body` be the QA body of MCs of `provider_id`?  0, or
 * MC_EFORBIDDEN with the reason in `why` ("de-bibb is not recognised as a
 * QA body for UA: ..."), MC_ENOTFOUND for an unknown organisation.
 */
int mc_qa_body_check(mc_store *store, const char *provider_id,
		     const char *qa_body, char *why, size_t whylen);

/* ---- who awards: consent of the awarding bodies ----------------------------
 */

/** "pending", "accepted", "declined"; NULL for an unknown value. */
const char *mc_consent_state_name(mc_consent_state state);

/**
 * Requests of `org_id` (NULL: all organisations) about `mc_id` (NULL: all
 * MCs), pending first, then by MC.  Free with mc_consent_list_free().
 */
int mc_consent_list(mc_store *store, mc_consent **out, size_t *count,
		    const char *org_id, const char *mc_id);
/** A JSON array of {mc, org, state, requested_by, requested_at,
 * decided_by, decided_at}. */
int mc_consent_list_to_json(char **out, const mc_consent *list, size_t count);

/**
 * Accept (`accept` non-zero) or decline, for `org_id`, awarding MC
 * `mc_id`, recording `actor` and an audit entry ("consent.accept",
 * "consent.decline") in one transaction.  The MC's latest or published
 * version must name `org_id` as an awarding body other than its provider
 * (the request need not have been made: an MC imported as published has
 * none).  Who may do it (an admin of `org_id`) is the caller's to check
 * (MC_ACT_CONSENT).  Returns 0, MC_ENOTFOUND (unknown MC, or it does not
 * name the organisation).
 */
int mc_consent_decide(mc_store *store, const char *actor, const char *mc_id,
		      const char *org_id, int accept);

/**
 * Have every awarding body of `mc` other than its provider accepted?  0,
 * or MC_ESTATE with the first that has not in `why`
 * ("awarding_bodies[1]: ua-rokytne-lyceum has not accepted to award
 * ua-x (pending)").
 */
int mc_consent_check(mc_store *store, const mc_microcred *mc, char *why,
		     size_t whylen);

/**
 * The awarding bodies of `mc` other than its provider that have not
 * accepted (the ones mc_consent_check() refuses for), appended to `out`
 * in the MC's order.  0, or an error with `out` cleared.
 */
int mc_consent_missing(mc_store *store, const mc_microcred *mc,
		       mc_strlist *out);

/* ---- audit log --------------------------------------------------------------
 */

/** Append an entry.  Any argument but `action` may be NULL; each text is
 * kept to its first 2,000 bytes.  The entry records the handle's client
 * address (mc_audit_set_client). */
int mc_audit_add(mc_store *store, const char *actor, const char *action,
		 const char *subject, const char *org_id, const char *reason);

/**
 * The client address ("203.0.113.7", "2001:db8::1"; at most 45 bytes)
 * that every audit entry written through `store` records from now on,
 * whoever writes it (mc_audit_add, issuing, sign-in failures ...), until
 * set again; NULL or "" for none.  A server sets it on its thread's
 * handle for each request and clears it after.  MC_EINVALID when longer.
 */
int mc_audit_set_client(mc_store *store, const char *addr);

/**
 * Write through `store` what the process has counted of refused sign-ins
 * and API tokens and not yet written (mc_session_login and
 * mc_token_resolve record the first 20 a minute from one client address
 * and kind, then count the rest into one "audit.suppressed" entry, written
 * once the minute has passed): call it before the process ends so that
 * no count is lost.  MC_EUSAGE without a store; a failure to write is not
 * reported (as for the refusals themselves).
 */
int mc_audit_flush(mc_store *store);

/**
 * Entries newest first: of `org_id` (NULL: all), with n < `before` (0: no
 * bound), at most `limit` (1..1000, else MC_EINVALID).  Free with
 * mc_audit_list_free().
 */
int mc_audit_list(mc_store *store, mc_audit_entry **out, size_t *count,
		  const char *org_id, long long before, size_t limit);

/** The audit entries as a JSON array of {n, at, actor, action, subject,
 * org, reason, client} (missing values null; caller frees). */
int mc_audit_list_to_json(char **out, const mc_audit_entry *list, size_t count);

/* ---- rate limits -----------------------------------------------------------
 */

/**
 * Take one unit of budget `cls` for client address `addr` (16 bytes,
 * IPv4 as ::ffff:a.b.c.d): a token bucket of `per_minute` units at most,
 * refilled at per_minute a minute, kept in the store so that every node
 * on the same database takes from the same bucket.  An IPv4 client is
 * counted by its address, an IPv6 client by its /64 (one host usually
 * holds the whole prefix); only those 4 or 8 bytes are stored, and a
 * bucket is forgotten once full again (within a minute).
 *
 * *out gets 0 when the unit was taken (per_minute 0: unlimited, the
 * store is not asked), else the whole seconds (at least 1) until one is
 * there; nothing is taken then.  Returns 0, MC_EUSAGE (an unknown
 * class), or the store's error (MC_EDB, MC_ERETRY: the database cannot
 * be reached), on which the caller decides: the server falls back to a
 * budget of its own memory.
 */
int mc_rate_take(mc_store *store, unsigned *out, mc_rate_class cls,
		 const unsigned char addr[16], unsigned per_minute);

/** A user as JSON {id, email, name, platform_admin, disabled,
 * created_at, memberships: [{org_id, roles: ["designer", ...]}]} (no
 * password hash), and a token listing as JSON {id, user_id, name,
 * scopes: [...], created_at, expires_at, last_used_at, revoked}. */
int mc_user_to_json(char **out, const mc_user *u);
int mc_token_info_to_json(char **out, const mc_token_info *t);

#ifdef __cplusplus
}
#endif

#endif
