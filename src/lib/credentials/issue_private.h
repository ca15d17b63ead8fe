/*
 * Issuing inside the library: an issuer context holds what every
 * credential of one MC version shares (the MC, the awarding body, its
 * opened signing key, its DID), so that a roster of a hundred thousand
 * learners loads and decrypts them once.
 */
#ifndef MC_ISSUE_PRIVATE_H
#define MC_ISSUE_PRIVATE_H

#include <jansson.h>

#include "crypto/crypto.h"
#include "keys/seal_private.h"
#include "microcred/credential.h"
#include "proof.h"
#include "store/store.h"

struct mc__issuer {
	mc_store *store;
	mc_microcred *mc;
	mc_org *org; /**< the awarding body that signs */
	char *mc_uri;
	char *issuer_id; /**< its DID */
	mc_credential_format format;
	const char *alg;      /**< the key's: "EdDSA" or "ES256" for OB 3.0 */
	enum mc__suite suite; /**< OB 3.0: the Data Integrity suite */
	struct mc__key *key;  /**< opened; wiped on free (not for EDC) */
	struct mc__seal_signer *seal; /**< EDC: the awarding body's seal */
	mc_key_info *key_info;
	/* The achievement object per reader language and graded or not:
	 * the same for every learner of this MC version. */
	struct {
		char lang[40];
		int graded;
		json_t *achievement;
	} cache[8];
	size_t ncache;
};

/**
 * Prepare to issue MC `mc_id` version `mc_version` (0: the published
 * one) as `o` says: its format, jwt_alg for VC-JWT (NULL: RS256),
 * cryptosuite for OB 3.0 (NULL: the platform's default).  Returns 0,
 * MC_ENOTFOUND, MC_ESTATE (not published), MC_EINVALID (alg, cryptosuite),
 * MC_EIO (master key), with the store's message set.
 */
int mc__issuer_open(struct mc__issuer *is, mc_store *store, const char *mc_id,
		    unsigned mc_version, const mc_issue_options *o);
void mc__issuer_close(struct mc__issuer *is);

/**
 * Build and seal the EDC of learner `l` (credential `id`, issued `now`,
 * status at `status_url`): render the certificate page for its
 * displayParameter, build the ELM document and seal it with the
 * issuer's seal, B-T when o->tsa_url is set.  *data gets the sealed JSON.
 * In issue_edc.c.  Returns 0, MC_EIO (rendering, TSA), MC_ENOMEM, with
 * the store's message set.
 */
int mc__issue_seal_edc(struct mc__issuer *is, char **data, const mc_learner *l,
		       const mc_issue_options *o, const char *id,
		       const char *now);

/**
 * Check a learner and options; every problem goes to `p` with `where`
 * ("roster.csv line 4") as its source.  Returns 0 or MC_EINVALID.
 */
int mc__learner_check(const mc_learner *l, const mc_issue_options *o,
		      const char *where, mc_problems *p);

/** The learner's key for idempotency: hex SHA-256 of "email:<lower-case
 * address>" or "id:<identifier>".  Caller frees. */
char *mc__learner_key(const mc_learner *l);

/**
 * Issue one credential inside the caller's transaction (the learner was
 * checked).  When the learner already has one, *out is that one with
 * created = 0.
 */
int mc__issue_one(struct mc__issuer *is, mc_credential **out,
		  const mc_learner *l, const mc_issue_options *o);

/** The learner's name in a stored credential (credentialSubject.name, or
 * the VC-JWT payload's), or NULL; caller frees.  (credential_list.c) */
char *mc__credential_learner_name(const char *data,
				  mc_credential_format format);

#endif
