/*
 * Refusals in the audit log, bounded: one client cannot fill the log by
 * sending bad passwords or bad API tokens (audit_throttle.c).
 */
#ifndef MC_AUDIT_THROTTLE_H
#define MC_AUDIT_THROTTLE_H

#include "store/store.h"

/* Refusals of one kind from one address recorded singly in a window. */
#define MC__THROTTLE_PER_ADDRESS 20
/* The window, in seconds. */
#define MC__THROTTLE_WINDOW 60
/* Entries (refusals and addresses' summaries) written in a window, from
 * all addresses together, before the rest is only counted. */
#define MC__THROTTLE_ALL 200
/* Addresses (with their kind) remembered at once: a fixed table. */
#define MC__THROTTLE_SLOTS 1024

/*
 * Record a refusal (`action`, e.g. "token.refused"; `subject`; `reason`)
 * from the client address `store` holds (mc_audit_set_client), as actor
 * "anonymous", at time `now` (seconds since the epoch), unless that
 * address has had MC__THROTTLE_PER_ADDRESS refusals of the same kind
 * recorded in its current window of MC__THROTTLE_WINDOW seconds, or
 * MC__THROTTLE_ALL entries were written in the current window from all
 * addresses: then the refusal is only counted, and the count is written
 * later as one "audit.suppressed" entry (see audit_throttle.c).  IPv6
 * addresses count by their /64.  Summaries that are due are written
 * first.  Best effort: a failure to write changes nothing for the caller,
 * and the store's error message is left cleared.
 */
void mc__audit_refused(mc_store *store, long long now, const char *action,
		       const char *subject, const char *reason);

/*
 * Write the summaries whose window has closed by `now` (all of them,
 * closed or not, when `all` is non-zero: before the process ends, so no
 * count is lost).  Best effort, as mc__audit_refused().
 */
void mc__audit_throttle_flush(mc_store *store, long long now, int all);

/* Forget every count (tests). */
void mc__audit_throttle_reset(void);

#endif
