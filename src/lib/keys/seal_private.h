/*
 * Seals inside the library: opening an organisation's seal as a signer
 * (crypto/signer.h, the interface JAdES seals through) from the store, or
 * one from PEM files.
 */
#ifndef MC_SEAL_PRIVATE_H
#define MC_SEAL_PRIVATE_H

#include <stddef.h>

#include "microcred/seal.h"
#include "crypto/signer.h"
#include "store/store.h"

/**
 * Open the active seal of `org_id` for signing.  Returns 0, MC_ENOTFOUND
 * (no seal: the store's message says to create or import one), MC_EIO
 * (master key), MC_ENOMEM.  Free with mc__seal_signer_free().
 */
int mc__seal_signer_open(mc_store *store, struct mc__seal_signer **out,
			 const char *org_id);

/** A software signer from a PEM private key and PEM chain (tests, bench,
 * `seal --key`).  Returns 0, MC_EINVALID (reason in err), MC_ENOMEM. */
int mc__seal_signer_from_pem(struct mc__seal_signer **out, const char *key_pem,
			     size_t key_len, const char *chain_pem,
			     size_t chain_len, const char *password, char *err,
			     size_t errlen);

void mc__seal_signer_free(struct mc__seal_signer *s);

#endif
