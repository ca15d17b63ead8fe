/*
 * Trust anchors for seal certificates: CA certificates from a PEM bundle
 * and from ETSI TS 119 612 trusted lists (the EU trusted lists' XML), and
 * the checks a verifier makes on a seal's certificate chain.
 *
 * Trusted-list XML is parsed with libxml2 with no network, no DTD loading
 * and no entity substitution; a document that declares a DTD or entity is
 * refused.  Only services of type CA/QC, current status "granted" and
 * additional service information ForeSeals contribute their
 * X509Certificate.  Revocation of a seal certificate (CRL, OCSP, or the
 * values a B-LT seal embeds) is trust_revocation.c.
 */
#ifndef MC_TRUST_H
#define MC_TRUST_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

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

/** What was wrong with a certificate, for a reason given as a code. */
typedef enum {
	MC__TRUST_FAULT_NONE = 0,
	MC__TRUST_FAULT_MALFORMED,     /**< not DER, bad dates or extensions */
	MC__TRUST_FAULT_NOT_YET_VALID, /**< `when` = its notBefore */
	MC__TRUST_FAULT_EXPIRED,       /**< `when` = its notAfter */
	MC__TRUST_FAULT_KEY_USAGE,     /**< no keyUsage fit for a seal */
	MC__TRUST_FAULT_NO_PATH,       /**< `subject` = the chain's root */
	MC__TRUST_FAULT_NOT_CA,	       /**< an issuer that is no CA */
	MC__TRUST_FAULT_BAD_SIGNATURE, /**< not signed by its issuer's key */
	MC__TRUST_FAULT_OTHER	       /**< see the reason text */
} mc__trust_fault_kind;

struct mc__trust_fault {
	mc__trust_fault_kind kind;
	long long when;	   /**< the date of EXPIRED / NOT_YET_VALID */
	char subject[256]; /**< the certificate at fault (RFC 2253) */
	size_t tried;	   /**< NO_PATH: how many anchors were tried */
};

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

/** mc__trust_check_leaf(), also saying in *fault (may be NULL) what was
 * wrong. */
int mc__trust_leaf_fault(const unsigned char *der, size_t len, time_t at,
			 struct mc__trust_fault *fault, char *err,
			 size_t errlen);

/** What a chain check found.  Owned; free with mc__trust_path_clear(). */
struct mc__trust_path {
	char *anchor;	       /**< the anchor's subject (RFC 2253) */
	unsigned char *issuer; /**< DER of chain[0]'s issuer in the path (the
				  leaf itself when it is the anchor) */
	size_t issuer_len;
	struct mc__trust_fault fault; /**< on failure, what was wrong */
};

void mc__trust_path_clear(struct mc__trust_path *p);

/**
 * Build a path from `chain[0]` through `chain[1..]` (untrusted
 * intermediates) to an anchor of `t`, checking signatures and validity at
 * `at`.  `out` (may be NULL) gets the anchor and the leaf's issuer, or
 * the fault.  Returns 0 (reached), MC_ENOTFOUND (no path to any anchor,
 * or `t` has none: reason says which), MC_EINVALID (a certificate in the
 * path is expired, not yet valid, not a CA, badly signed: reason),
 * MC_ENOMEM.
 */
int mc__trust_check_chain(const struct mc__trust *t,
			  const unsigned char *const *chain,
			  const size_t *chain_len, size_t count, time_t at,
			  struct mc__trust_path *out, char *err, size_t errlen);

/**
 * Check a timestamp authority's certificate (DER) against the anchors for
 * timestamps (a PEM bundle's certificates; a trusted list's granted
 * TSA/QTST services) at `at`, the timestamp's time.  Returns as
 * mc__trust_check_chain().
 */
int mc__trust_check_tsa(const struct mc__trust *t, const unsigned char *der,
			size_t len, time_t at, struct mc__trust_path *out,
			char *err, size_t errlen);

/** A certificate's revocation status, as mc__trust_revocation() found
 * it. */
typedef enum {
	MC__REV_GOOD = 0,   /**< not revoked at the time asked (`via`) */
	MC__REV_REVOKED,    /**< revoked at `revoked_at` (`via`, `reason`) */
	MC__REV_OFFLINE,    /**< not checked: the network is not allowed and
			       the seal embeds no revocation values */
	MC__REV_NO_SOURCE,  /**< not checked: the certificate names no CRL
			       or OCSP responder, and none is embedded */
	MC__REV_UNREACHABLE /**< not checked: `url` failed (`detail`) */
} mc__rev_status;

struct mc__revocation {
	mc__rev_status status;
	const char *via; /**< "OCSP", "CRL", "rVals OCSP", "rVals CRL"
			    (static; identifiers, not words, so any language
			    can quote them) */
	long long revoked_at;
	char reason[40];  /**< CRL/OCSP reason name, or "" */
	char url[512];	  /**< the source that failed (UNREACHABLE) */
	char detail[256]; /**< why it failed (UNREACHABLE) */
};

/** Revocation values a B-LT seal embeds (JAdES rVals), DER each. */
struct mc__rev_values {
	unsigned char **crl;
	size_t *crl_len, ncrl;
	unsigned char **ocsp; /**< OCSPResponse */
	size_t *ocsp_len, nocsp;
	unsigned char **cert; /**< xVals x509Cert: certificates of the chain */
	size_t *cert_len, ncert;
};

/**
 * The revocation status of certificate `leaf` (DER) issued by `issuer`
 * (DER) at time `at`: first from `embedded` (may be NULL), then, when
 * `network`, from the OCSP responders (authorityInfoAccess) and CRL
 * distribution points the certificate names (fetch.h: https, or http on
 * a loopback host).  A CRL or OCSP response counts only when it is
 * signed by the issuer (OCSP: or by a responder the issuer certified for
 * OCSP signing) and is not dated in the future; a fetched one must be
 * current at `now`, an embedded one must cover `at` (issued after it, or
 * with a nextUpdate after it), within MC__TRUST_SKEW.
 * A certificate revoked after `at` is good at `at`.  Returns 0 (the
 * result in *out), MC_EINVALID (leaf or issuer not DER), MC_ENOMEM.
 */
int mc__trust_revocation(struct mc__revocation *out, const unsigned char *leaf,
			 size_t leaf_len, const unsigned char *issuer,
			 size_t issuer_len,
			 const struct mc__rev_values *embedded, long long at,
			 long long now, int network);

/** The validation values of a JAdES B-LT seal's unprotected etsiU array
 * (entries {"rVals": {"crVals": [{"val"}], "ocspVals": [{"val"}]}} and
 * {"xVals": [{"x509Cert"}]}, each entry an object or the base64url of
 * one; values base64 DER).
 * Entries that are not such are ignored.  Returns 0 (maybe none) or
 * MC_ENOMEM.  Free with mc__rev_values_free(). */
int mc__rev_values_from_etsiu(struct mc__rev_values *out, const json_t *etsiu);
void mc__rev_values_free(struct mc__rev_values *v);

/** Clock skew allowed between a verifier and the clocks it reads (a
 * seal's claimed signing time, a CRL's or OCSP response's times), in
 * seconds. */
#define MC__TRUST_SKEW 300

#endif
