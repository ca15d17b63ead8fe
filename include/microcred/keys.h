/*
 * microcred - issuer keys.
 *
 * Each organisation that awards credentials has signing keys: Ed25519 for
 * Data Integrity proofs (eddsa-jcs-2022), and RSA-2048 or ECDSA P-256 (or
 * Ed25519) for VC-JWT.  Private keys are kept in the store encrypted under
 * a master key (XChaCha20-Poly1305, the key id bound in) and are wiped from
 * memory after each use; no call returns a private key.
 *
 * The master key is 32 bytes read from $MICROCRED_MASTER_KEY (hex or
 * base64url), else from the file named by $MICROCRED_MASTER_KEY_FILE, else
 * from "<database>.key" beside the database; mc_keys_init_master() creates
 * that file (mode 0600) when none exists.
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
 * Create the master key file for `db_path` ("<db>.key", mode 0600) if no
 * master key is configured and none exists.  Sets *created.  Returns 0,
 * MC_EIO.
 */
int mc_keys_init_master(const char *db_path, int *created, char *err,
			size_t errlen);

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
