/*
 * microcred - issuer keys.
 *
 * Each organisation that awards credentials has signing keys: Ed25519 for
 * Data Integrity proofs (eddsa-jcs-2022), and RSA-2048 or ECDSA P-256 (or
 * Ed25519) for VC-JWT.  Private keys are kept in the store encrypted under
 * a master key (XChaCha20-Poly1305, the key id bound in) and are wiped from
 * memory after each use; no call returns a private key.
 *
 * The master key is 32 bytes read from the file named by the store option
 * master_key_file (mc_store_options), else from the file named by
 * $MICROCRED_MASTER_KEY_FILE or the key itself in $MICROCRED_MASTER_KEY (hex
 * or base64url), else, for SQLite only, from "<database>.key" beside the
 * database when that file exists.  A PostgreSQL store has no such place: it
 * needs the option or the environment.  A key file that group or others may
 * access is refused.  mc_keys_master_init() creates the file (mode 0600,
 * atomically, never over an existing one) when it does not exist.
 *
 * Identifiers: an Ed25519 key is a did:key (did:key:z6Mk...), its
 * verification method did:key:z6Mk...#z6Mk....  When the store's base URL
 * is https://HOST[/PATH], keys are published in the organisation's did:web
 * document, did:web:HOST[:PATH]:org:ORG (at BASE/org/ORG/did.json), with
 * verification methods did:web:...#KEY_ID; rotated keys stay in it so old
 * credentials still verify.
 *
 * The key record (mc_key_info) and its type (mc_key_type) are in
 * types/keys.h.
 */
#ifndef MICROCRED_KEYS_H
#define MICROCRED_KEYS_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

const char *mc_key_type_name(mc_key_type t); /* "ed25519", "rsa2048", "p256" */
int mc_key_type_parse(mc_key_type *out, const char *name);

/**
 * Make sure `store` has a usable master key (see above for where it is
 * looked for): when its key file does not exist it is created with 32
 * random bytes, mode 0600, written to a temporary file beside it and
 * linked into place, so it is whole when it appears and never replaces an
 * existing file; an existing key file, or the key in $MICROCRED_MASTER_KEY,
 * is loaded to check it.  *created is the path of the file this call
 * created (the caller frees it), else NULL.  Returns 0, MC_ENOTFOUND (no
 * master key set for a store with no "<database>.key": PostgreSQL, an
 * in-memory database; the message says what to set, and the first use of
 * the key fails the same way), MC_EIO (a key file that group or others may
 * access, unreadable, malformed, or that cannot be written: the message on
 * the store names the file), MC_ENOMEM.
 */
int mc_keys_master_init(mc_store *store, char **created);

/**
 * Generate a key of `type` for organisation `org_id`; it becomes the key
 * that signs for that type (an older active key of the same type is
 * retired, and stays published for verification: this is rotation).
 * Returns 0, MC_ENOTFOUND (organisation), MC_EIO (no master key: the
 * message says where it was looked for), MC_EDB.
 */
int mc_key_generate(mc_store *store, mc_key_info **out, const char *org_id,
		    mc_key_type type);

/** Every key of an organisation (NULL: of all), oldest first. */
int mc_key_list(mc_store *store, mc_key_info ***out, size_t *count,
		const char *org_id);

/** The key that signs for `type`, or MC_ENOTFOUND. */
int mc_key_active(mc_store *store, mc_key_info **out, const char *org_id,
		  mc_key_type type);

/** The DID of an organisation's keys (did:key of its active Ed25519 key,
 * or its did:web when the base URL is https). */
int mc_org_did(mc_store *store, char **out, const char *org_id);

/** The organisation's DID document (did:web form) with every key, old
 * ones included.  Caller frees. */
int mc_did_document(mc_store *store, char **out, const char *org_id);

#ifdef __cplusplus
}
#endif

#endif
