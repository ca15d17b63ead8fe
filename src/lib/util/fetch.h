/*
 * Fetching documents of other issuers for verification (libcurl).
 */
#ifndef MC_FETCH_H
#define MC_FETCH_H

#include <stddef.h>

/** Largest document fetched (a status list credential is about 20 KiB). */
#define MC__FETCH_MAX (2u * 1024 * 1024)

/**
 * GET `url` (https://, or http:// on a loopback host) into a buffer of at
 * most `max` bytes the caller frees.  Returns 0, MC_EINVALID (URL refused),
 * MC_ENOTFOUND (404), MC_ETOOBIG, MC_EIO (network, TLS, other status);
 * reason in `err`.
 */
int mc__fetch(char **out, size_t *len, const char *url, size_t max, char *err,
	      size_t errlen);

/**
 * mc__fetch() for documents whose authenticity is in their own signature
 * (CRLs and OCSP responses, RFC 5280 and 6960): plain http:// is fetched
 * from any host too, as certificates publish them there.  The public
 * address rule (mc_fetch_public_only()) still holds.
 */
int mc__fetch_signed(char **out, size_t *len, const char *url, size_t max,
		     char *err, size_t errlen);

/** The URL of a did:web DID's document ("did:web:example.org" ->
 * https://example.org/.well-known/did.json; with path parts ->
 * https://host/a/b/did.json).  Caller frees. */
int mc__did_web_url(char **out, const char *did);

#endif
