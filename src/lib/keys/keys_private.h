/*
 * Issuer keys inside the library: the master key, the signer of an
 * organisation, and resolving a verification method to a public key.
 */
#ifndef MC_KEYS_PRIVATE_H
#define MC_KEYS_PRIVATE_H

#include "crypto/crypto.h"
#include "microcred/keys.h"
#include "store/store.h"

/**
 * Load the master key for this store: from the store option
 * master_key_file, else $MICROCRED_MASTER_KEY_FILE or $MICROCRED_MASTER_KEY,
 * else (SQLite only) "<database>.key" when it exists (master_key.c).  A key
 * file looser than 0600 is refused.  The caller wipes `out`; it is wiped on
 * failure.  Returns 0, MC_EIO (nothing configured, a missing, loose or
 * malformed key file: the message on the store names the file and the
 * setting), MC_ENOMEM.
 */
int mc__master_key_for(mc_store *store, unsigned char out[32]);

/**
 * A sealed secret (`what` "key" or "seal", id `id`) did not open with the
 * master key: set the store's message, naming the id and where the master
 * key came from, and return MC_EIO.
 */
int mc__master_key_mismatch(mc_store *store, const char *what, const char *id);

/** The organisation's did:web when the base URL is https; MC_ENOTFOUND
 * otherwise. */
int mc__org_did_web(mc_store *store, char **out, const char *org_id);

/**
 * The active key of `type` of an organisation, opened with the master key
 * and ready to sign, with its public facts.  Free the key with
 * mc__key_free() (it wipes) and the info with mc_key_info_free().
 */
int mc__key_load_signer(mc_store *store, struct mc__key **out,
			mc_key_info **info, const char *org_id,
			mc_key_type type);

/**
 * The public key a verification method names: did:key offline; keys of
 * this platform (did:web or URL methods) from the store, retired ones
 * included; with `network`, other issuers' did:web documents are fetched.
 * Returns 0, MC_ENOTFOUND or MC_EINVALID with the reason in `err`.
 */
int mc__key_resolve(mc_store *store, struct mc__key **out, const char *vm,
		    int network, char *err, size_t errlen);

#endif
