/*
 * Inside the trust anchors: what trust.c (the set, PEM, chains) shares with
 * trust_tl.c (ETSI TS 119 612 trusted lists).
 */
#ifndef MC_TRUST_PRIVATE_H
#define MC_TRUST_PRIVATE_H

#include <openssl/x509.h>

#include "trust.h"

/** Most anchors one set holds, from all its sources together. */
#define MC__TRUST_MAX_ANCHORS 10000
/** Most certificates one trusted list may contribute. */
#define MC__TRUST_TL_MAX_CERTS 4096

struct mc__trust {
	STACK_OF(X509) * anchors; /* seal CAs; owned; no two equal (X509_cmp) */
	STACK_OF(X509) * tsa;	  /* time-stamping authorities' anchors: a
				     PEM bundle's certificates and a trusted
				     list's granted TSA/QTST services; owned */
};

/** Add up-referenced copies of `batch`'s certificates to t->tsa (no
 * duplicates).  Returns 0, MC_ETOOBIG or MC_ENOMEM. */
int mc__trust_take_tsa(struct mc__trust *t, STACK_OF(X509) * batch,
		       const char *source, char *err, size_t errlen);

/**
 * Move the certificates of `batch` into the set, all or none: duplicates
 * of anchors already held are dropped.  `batch` is emptied on success and
 * left untouched on failure.  Returns 0, MC_ETOOBIG (the set would pass
 * MC__TRUST_MAX_ANCHORS; reason names `source`) or MC_ENOMEM.
 */
int mc__trust_take(struct mc__trust *t, STACK_OF(X509) * batch,
		   const char *source, char *err, size_t errlen);

/**
 * Decode one DER certificate that must fill `der[0..len)` exactly.
 * Returns the certificate (caller frees) or NULL when malformed.
 */
X509 *mc__trust_x509_from_der(const unsigned char *der, size_t len);

#endif
