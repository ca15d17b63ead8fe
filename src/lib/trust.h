/*
 * Trust anchors for seal certificates: CA certificates from a PEM bundle
 * and from ETSI TS 119 612 trusted lists (the EU trusted lists' XML), and
 * the checks a verifier makes on a seal's certificate chain.
 *
 * Trusted-list XML is parsed with libxml2 with no network, no DTD loading
 * and no entity substitution; a document that declares a DTD or entity is
 * refused.  Only services whose status is "granted" (or the pre-2016
 * "undersupervision"/"accredited") contribute their X509Certificate.
 */
#ifndef MC_TRUST_H
#define MC_TRUST_H

#include <stddef.h>
#include <time.h>

/** Largest PEM bundle or trusted list read, in bytes. */
#define MC__TRUST_FILE_MAX (16u * 1024 * 1024)

struct mc__trust;

int mc__trust_new(struct mc__trust **out);
void mc__trust_free(struct mc__trust *t);

/** Add every certificate of a PEM bundle; `source` names it in reasons
 * ("anchors.pem").  Returns 0, MC_EINVALID (no certificate, bad PEM;
 * reason in err), MC_ETOOBIG, MC_ENOMEM. */
int mc__trust_add_pem(struct mc__trust *t, const char *pem, size_t len,
		      const char *source, char *err, size_t errlen);

/** Add the service certificates of a trusted list.  Returns as
 * mc__trust_add_pem(); a DTD or entity declaration is MC_EINVALID. */
int mc__trust_add_tl(struct mc__trust *t, const char *xml, size_t len,
		     const char *source, char *err, size_t errlen);

/** Read a file into the anchors: a trusted list when it starts (after
 * any BOM and whitespace) with '<', else PEM. */
int mc__trust_add_file(struct mc__trust *t, const char *path, char *err,
		       size_t errlen);

size_t mc__trust_count(const struct mc__trust *t);

/**
 * Check the leaf certificate `chain[0]` as a seal: valid at `at` (not
 * before notBefore, not after notAfter), with a keyUsage extension that
 * allows digitalSignature or nonRepudiation (ETSI EN 319 412-2 and -3
 * require keyUsage in a seal certificate: without it, refused).
 * Returns 0 or MC_EINVALID with the reason ("certificate expired on
 * 2024-01-13T16:03:35Z", "keyUsage has neither digitalSignature nor
 * nonRepudiation").
 */
int mc__trust_check_leaf(const unsigned char *der, size_t len, time_t at,
			 char *err, size_t errlen);

/**
 * Build a path from `chain[0]` through `chain[1..]` (untrusted
 * intermediates) to an anchor of `t`, checking signatures and validity at
 * `at`.  *anchor (caller frees; may be NULL) gets the anchor's subject.
 * Returns 0 (reached), MC_ENOTFOUND (no path to any anchor, or `t` has
 * none: reason says which), MC_EINVALID (a certificate in the path is
 * expired, not yet valid, not a CA, badly signed: reason), MC_ENOMEM.
 */
int mc__trust_check_chain(const struct mc__trust *t,
			  const unsigned char *const *chain,
			  const size_t *chain_len, size_t count, time_t at,
			  char **anchor, char *err, size_t errlen);

#endif
