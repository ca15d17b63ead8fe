/*
 * microcred - types of issuer keys: the key types and what is known of one
 * key (never its private part).  Generating, listing and publishing keys
 * are in keys.h.
 */
#ifndef MICROCRED_TYPES_KEYS_H
#define MICROCRED_TYPES_KEYS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The kinds of signing key; mc_key_type_name() (keys.h) names them. */
typedef enum { MC_KEY_ED25519 = 0, MC_KEY_RSA2048, MC_KEY_P256 } mc_key_type;

/** Public facts about one key.  Free with mc_key_info_free(). */
typedef struct {
	char *id; /**< "ORG-ed25519-1", unique in the store */
	char *org_id;
	mc_key_type type;
	char *created_at;	/**< UTC "2026-11-25T10:00:00Z" */
	char *retired_at;	/**< NULL while the key signs new credentials */
	char *public_jwk;	/**< the public key as a JWK (JSON text) */
	char *public_multibase; /**< Ed25519 only: "z6Mk..." */
	char *verification_method; /**< DID URL of the key */
} mc_key_info;

void mc_key_info_free(mc_key_info *k);
void mc_key_list_free(mc_key_info **list, size_t count);

#ifdef __cplusplus
}
#endif

#endif
