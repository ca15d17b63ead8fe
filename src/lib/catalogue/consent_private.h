/*
 * The awarding bodies' consent (consent.c) as the catalogue uses it.
 */
#ifndef MC_CONSENT_PRIVATE_H
#define MC_CONSENT_PRIVATE_H

#include "microcred/account.h"

/**
 * Ask every awarding body of `mc` other than its provider to accept
 * awarding it: a pending request for each that has none yet (a decided
 * one is left alone), by `actor` (may be NULL), inside the caller's
 * transaction.  Returns 0 or an MC_E* code.
 */
int mc__consent_request(mc_store *store, const mc_microcred *mc,
			const char *actor);

#endif
