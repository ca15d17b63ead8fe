/*
 * microcred - types of accounts: roles and scopes, users and their
 * memberships, principals (who is acting), API tokens, the actions the
 * policy decides, registrations of QA bodies, consents of awarding bodies
 * and audit entries.  The functions that act on them are in account.h.
 */
#ifndef MICROCRED_TYPES_ACCOUNT_H
#define MICROCRED_TYPES_ACCOUNT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- roles and scopes ---------------------------------------------------- */

/** Roles a user holds in one organisation (a bit set). */
enum {
	MC_ROLE_ADMIN = 1u << 0,    /**< members, keys, settings, retire */
	MC_ROLE_DESIGNER = 1u << 1, /**< create and edit MCs, submit */
	MC_ROLE_REVIEWER = 1u << 2, /**< quality assurance: approve/return */
	MC_ROLE_ISSUER = 1u << 3,   /**< issue, revoke, suspend credentials */
	MC_ROLE_VIEWER = 1u << 4,   /**< read drafts, credentials, audit */
	MC_ROLE_ALL = 0x1f
};

/** What an API token may be used for (a bit set); a session has all. */
enum {
	MC_SCOPE_READ = 1u << 0,      /**< private reads (drafts, audit) */
	MC_SCOPE_CATALOGUE = 1u << 1, /**< organisations, clusters, MCs */
	MC_SCOPE_REVIEW = 1u << 2,    /**< approve / return / comment */
	MC_SCOPE_ISSUE = 1u << 3,     /**< issue credentials */
	MC_SCOPE_REVOKE = 1u << 4,    /**< revoke / suspend / reinstate */
	MC_SCOPE_KEYS = 1u << 5,      /**< generate and rotate keys */
	MC_SCOPE_ADMIN = 1u << 6,     /**< users, members, tokens */
	MC_SCOPE_ALL = 0x7f
};

/* ---- users and principals ------------------------------------------------ */

/** Password length limits, in bytes (UTF-8). */
#define MC_PASSWORD_MIN 10
#define MC_PASSWORD_MAX 256

typedef struct {
	char *org_id;
	unsigned roles;
} mc_membership;

/** A user.  Free with mc_user_free(). */
typedef struct {
	char *id;    /**< "u-" + 16 lowercase hex, stable */
	char *email; /**< lowercased, unique */
	char *name;  /**< display name */
	int platform_admin;
	int disabled;
	char *created_at;
	mc_membership *memberships; /**< sorted by org_id */
	size_t nmemberships;
} mc_user;

void mc_user_free(mc_user *u);
void mc_user_list_free(mc_user **list, size_t count);

/** What changing a password ended.  Clear with mc_revoked_clear(). */
typedef struct {
	size_t sessions; /**< sessions ended */
	char **tokens;	 /**< ids ("t-...") of the API tokens revoked */
	size_t ntokens;
} mc_revoked;

#define MC_REVOKED_INIT                                                        \
	{                                                                      \
		0, NULL, 0                                                     \
	}

/** The user behind a request, signed in or using a token.  Free with
 * mc_principal_free() (account.h). */
typedef struct mc_principal {
	mc_user *user;
	unsigned scopes;  /**< MC_SCOPE_ALL for a session */
	char *session_id; /**< hex SHA-256 of the session token, or NULL */
	char *csrf;	  /**< the session's CSRF token, or NULL (tokens) */
	char *token_id;	  /**< "t-" + hex id of an API token, or NULL */
	char *expires_at; /**< RFC 3339 */
	char *actor;	  /**< "user:ID" or "user:ID token:TID", for history
			     and audit */
} mc_principal;

/** Session lifetime, seconds: idle timeout and absolute cap. */
#define MC_SESSION_IDLE (2 * 3600)
#define MC_SESSION_MAX	(12 * 3600)

/* ---- API tokens ---------------------------------------------------------- */

/** An API token as listed (never the secret). */
typedef struct {
	char *id; /**< "t-" + 16 hex */
	char *user_id;
	char *name;
	unsigned scopes;
	char *created_at;
	char *expires_at; /**< or NULL: no expiry */
	char *last_used_at;
	int revoked;
} mc_token_info;

void mc_token_info_free(mc_token_info *t);
void mc_token_list_free(mc_token_info **list, size_t count);

/* ---- authorisation ------------------------------------------------------- */

/** What a principal asks to do (mc_authz_check()). */
typedef enum {
	MC_ACT_READ_PRIVATE, /**< drafts, credentials, members of org_id:
				any role there (scope read) */
	MC_ACT_ORG_CREATE,   /**< platform admin (scope catalogue) */
	MC_ACT_ORG_EDIT,     /**< admin of org_id (catalogue) */
	MC_ACT_CLUSTER_EDIT, /**< platform admin (catalogue) */
	MC_ACT_MEMBERS,	     /**< admin of org_id (admin) */
	MC_ACT_USERS,	     /**< platform admin (admin) */
	MC_ACT_MC_EDIT,	     /**< designer or admin of the provider; for a
				new MC org_id is the provider (catalogue) */
	MC_ACT_MC_SUBMIT,    /**< designer of the provider (catalogue) */
	MC_ACT_MC_REVIEW,    /**< approve, return: a reviewer of an
				organisation allowed to review the MC, and
				not one of its designers (review) */
	MC_ACT_MC_PUBLISH,   /**< admin or designer of the provider, once
				approved (catalogue) */
	MC_ACT_MC_RETIRE,    /**< admin of the provider (catalogue) */
	MC_ACT_CRED_ISSUE,   /**< issuer of an awarding body (issue) */
	MC_ACT_CRED_STATUS,  /**< issuer or admin of the issuing org (revoke) */
	MC_ACT_KEYS,	     /**< admin of org_id (keys) */
	MC_ACT_AUDIT_READ,   /**< admin or viewer of org_id; platform admin
				for all (read) */
	MC_ACT_MC_COMMENT,   /**< a review comment: whoever may review the MC
				(MC_ACT_MC_REVIEW) or edit it
				(MC_ACT_MC_EDIT), so designers can answer
				their reviewers */
	MC_ACT_RECOGNISE,    /**< register or withdraw QA bodies and
				self-accrediting providers: platform admin
				(catalogue) */
	MC_ACT_CONSENT	     /**< accept or decline being an awarding body:
				admin of org_id, the body asked, and not
				the platform admin unless one (catalogue) */
} mc_action;

/* ---- who reviews and who awards ------------------------------------------ */

/** What the platform admin registered an organisation as. */
typedef enum {
	MC_RECOGNITION_QA_BODY,		/**< may be the QA body of MCs of
					   providers of `country` */
	MC_RECOGNITION_SELF_ACCREDITING /**< may be its own QA body (for
					   its own country) */
} mc_recognition_kind;

/** One registration.  Free a list with mc_recognition_list_free(). */
typedef struct {
	char *org_id;
	char *country; /**< ISO 3166-1 alpha-2 */
	mc_recognition_kind kind;
	char *granted_by; /**< actor, or NULL */
	char *granted_at; /**< RFC 3339 UTC */
} mc_recognition;

void mc_recognition_list_free(mc_recognition *list, size_t count);

typedef enum {
	MC_CONSENT_PENDING,
	MC_CONSENT_ACCEPTED,
	MC_CONSENT_DECLINED
} mc_consent_state;

/** Whether an awarding body agreed to award an MC (all its versions). */
typedef struct {
	char *mc_id;
	char *org_id; /**< the awarding body asked */
	mc_consent_state state;
	char *requested_by; /**< actor of the save that named it, or NULL */
	char *requested_at;
	char *decided_by; /**< actor of the last accept/decline, or NULL */
	char *decided_at;
} mc_consent;

void mc_consent_list_free(mc_consent *list, size_t count);

/* ---- audit log ----------------------------------------------------------- */

/** One audit entry.  Append-only: there is no update or delete. */
typedef struct {
	long long n; /**< sequence, increasing */
	char *at;    /**< RFC 3339 UTC */
	char *actor; /**< principal actor string, "cli", or NULL */
	char *action;
	char *subject; /**< what was acted on (id or URL) */
	char *org_id;  /**< organisation concerned, or NULL */
	char *reason;
	char *client; /**< the client's address ("203.0.113.7"), or NULL */
} mc_audit_entry;

void mc_audit_list_free(mc_audit_entry *list, size_t count);

/* ---- rate limits --------------------------------------------------------- */

/** What a per-address budget counts (mc_rate_take). */
typedef enum {
	MC_RATE_SIGN_IN, /**< sign-in attempts, good or bad */
	MC_RATE_VERIFY,	 /**< verifications */
	MC_RATE__COUNT
} mc_rate_class;

#ifdef __cplusplus
}
#endif

#endif
