/*
 * Status list internals shared by status.c and verify_status.c:
 * Bitstring Status List 1.0 and StatusList2021.
 */
#ifndef MC_STATUS_PRIVATE_H
#define MC_STATUS_PRIVATE_H

#include <stddef.h>

#include "store/store.h"

/** encodedList of a bitstring: "u" + base64url-no-pad(GZIP(bits)).
 * Caller frees.  Returns 0, MC_EIO, MC_ENOMEM. */
int mc__bitstring_encode(char **out, const unsigned char *bits, size_t nbytes);

/**
 * Decode an encodedList into at most `max` bytes (a larger list is
 * refused, so a small GZIP bomb cannot grow without bound).  Returns 0,
 * MC_EINVALID (reason in err), MC_ENOMEM.
 */
int mc__bitstring_decode(unsigned char **out, size_t *nbytes,
			 const char *encoded, size_t max, char *err,
			 size_t errlen);

/** As mc__bitstring_decode() for a StatusList2021 encodedList: base64
 * (RFC 4648 section 4, padded) of the GZIP bitstring, no multibase
 * prefix; unpadded base64url, which many issuers write, is read too. */
int mc__statuslist2021_decode(unsigned char **out, size_t *nbytes,
			      const char *encoded, size_t max, char *err,
			      size_t errlen);

/** The bit at `index` of one of our status lists.  MC_ENOTFOUND for an
 * unknown list, MC_EINVALID for an index out of range. */
int mc__status_bit(mc_store *store, int *bit, const char *url, size_t index);

#endif
