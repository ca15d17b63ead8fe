/*
 * Records the store returns that are the library's own (not in the public
 * headers): a stored session and status lists.  The public records
 * (mc_credential, mc_key_info, mc_user ...) are declared in
 * include/microcred/ and freed by model/records_*.c, so the store, which
 * fills them, needs nothing above it to free them.
 */
#ifndef MC_MODEL_RECORDS_H
#define MC_MODEL_RECORDS_H

#include <stddef.h>

/** A session as stored (all strings owned; see mc__session_row_clear). */
struct mc__session_row {
	char *id; /**< hex SHA-256 of the token */
	char *user_id;
	char *csrf;
	char *created_at;
	char *last_seen;
	char *expires_at; /**< absolute cap */
};

void mc__session_row_clear(struct mc__session_row *r);

/** Where a credential's status lives: one entry per purpose. */
struct mc__status_ref {
	char purpose[16]; /**< "revocation" or "suspension" */
	char *list_url;	  /**< BASE/status/ORG/PURPOSE/N */
	size_t index;	  /**< 0 .. MC_STATUS_LIST_SIZE - 1 */
};

/** One status list as stored. */
struct mc__status_list {
	char *url;
	char *org_id;
	char purpose[16];
	size_t size;	     /**< bits */
	unsigned char *bits; /**< size / 8 bytes, bit 0 = MSB of byte 0 */
	char *signed_json;   /**< cached signed status list credential, or
				NULL when it must be regenerated */
	char *updated_at;
};

/** Free a status list and everything it owns.  NULL-safe. */
void mc__status_list_free(struct mc__status_list *l);

#endif
