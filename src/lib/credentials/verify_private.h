/*
 * Verification inside the library: the report every verifier fills, the
 * sealed-EDC verifier (verify_edc.c) and the accreditation list.
 */
#ifndef MC_VERIFY_PRIVATE_H
#define MC_VERIFY_PRIVATE_H

#include <stddef.h>

#include <jansson.h>

#include "microcred/credential.h"
#include "microcred/microcredential.h"
#include "util/util.h"

/** A verification in progress: its report, and MC_ENOMEM once an
 * allocation failed (the report is then dropped). */
struct mc__vrun {
	mc_verify_report *r;
	int error;
};

/**
 * One reason a check gives: its code ("proof.bad_signature"), the verdict
 * it leads to (MC_VERDICT_VALID when it changes nothing: a passed check,
 * or one skipped because it does not apply; MC_VERDICT_UNKNOWN when a
 * needed fact is missing; a "not valid" verdict for a failure), and its
 * English text with "{name}" placeholders.  Each verifier keeps a table,
 * ended by a NULL code; verify_messages.c lists the tables.
 */
struct mc__vmessage {
	const char *code;
	mc_verdict effect;
	const char *english;
};

extern const struct mc__vmessage mc__vmessages_vc[];
extern const struct mc__vmessage mc__vmessages_issuer[];
extern const struct mc__vmessage mc__vmessages_status[];
extern const struct mc__vmessage mc__vmessages_edc[];

/**
 * Set check `check` to `res` with reason `code` (a code of one of the
 * tables; an unknown one is a programming error and aborts), followed by
 * name and value string pairs ending with NULL: the values fill the
 * message's placeholders.
 */
void mc__vmsg(struct mc__vrun *run, int check, mc_check_result res,
	      const char *code, ...);

/** The verdict the report's checks lead to: the gravest effect of their
 * reasons (forged, invalid, revoked, suspended, expired, not yet valid,
 * cannot tell, valid, in that order). */
mc_verdict mc__verdict_of(const mc_verify_report *r);

/**
 * The status check of a W3C credential (verify_status.c) into check
 * `check`.  `issuer` is the established issuer (NULL when it is not: the
 * check is then not done), `issuer_org` the organisation of this platform
 * whose key signed, or NULL.  Other issuers' lists are fetched only with
 * `network`.
 */
void mc__check_status(struct mc__vrun *v, int check, mc_store *store,
		      const json_t *vc, const char *issuer_org,
		      const char *issuer, int network);

/** What the issuer check established (verify_binding.c).  Strings owned;
 * free with mc__bound_free(). */
struct mc__bound {
	mc_binding binding;
	char *detail; /* the domain, the organisation, the listed issuer */
	char *org;    /* MC_BINDING_CATALOGUE: our organisation that signed */
	char *page;   /* our stored credential's public page */
	mc_microcred *mc; /* the MC of this catalogue the achievement names */
};

void mc__bound_free(struct mc__bound *b);

/**
 * The issuer check of a W3C credential into check `check`: is `vm`, the
 * key whose proof verified (`proof_ok`), the named issuer's?  A
 * credential that points into this platform (its id, achievement, issuer
 * DID, profile or name) must be signed by a key of that organisation, or
 * it is forged; a did:web issuer or an https issuer publishing the key is
 * bound to its domain; a listed trusted issuer signing with its own key
 * is bound by the list; else the check says it cannot tell.  `store` may
 * be NULL; `data` is the credential as presented (bytes equal to a stored
 * credential are that credential).  *out gets the binding (MC_BINDING_NONE
 * when there is none).
 */
void mc__check_issuer(struct mc__vrun *v, int check, mc_store *store,
		      const json_t *vc, const char *data, size_t len,
		      const char *vm, const mc_verify_options *o, int proof_ok,
		      struct mc__bound *out);

/** The string member `key` of `o`, or NULL. */
const char *mc__vstr(const json_t *o, const char *key);

/** The "name" of `o` (an issuer, an achievement): a string, a language
 * value object {"@value"}, or an array of them (the first); NULL when
 * none. */
const char *mc__vname(const json_t *o);

/** Add the title `text` in `lang` (NULL: "") to `a`, unless it has one in
 * that language already (the first stays).  Nothing for a NULL text.
 * Returns 0 or MC_ENOMEM. */
int mc__vabout_title(mc_verify_about *a, const char *lang, const char *text);

/** Non-zero if `a` and `b` are the same name, ignoring the case of ASCII
 * letters and surrounding spaces. */
int mc__vsame_name(const char *a, const char *b);

/** Non-zero if `o`'s "type" (a string or an array) includes `type`. */
int mc__vhas_type(const json_t *o, const char *type);

/** A report with `count` checks named `names` (static strings), each
 * skipped "not reached".  Returns 0 or MC_ENOMEM. */
int mc__report_new(mc_verify_report **out, const char *const *names,
		   size_t count);

/** Verify a JAdES-sealed EDC (mc__jades_detect() said so).  Same
 * contract as mc_credential_verify(). */
int mc__verify_edc(mc_store *store, mc_verify_report **out, const char *data,
		   size_t len, const mc_verify_options *o);

/**
 * Look up (awarding body, qualification) in an accreditation list file:
 * JSON {"accreditations": [{"awardingBody": ID, "qualification": ID}]},
 * where "*" as the qualification accredits the body for every one, and a
 * qualification id matches with or without its "#fragment".  Returns 0
 * (listed), MC_ENOTFOUND, MC_EINVALID (unreadable list).
 */
int mc__accreditation_match(const char *path, const char *awarding_body,
			    const char *qualification);

#endif
