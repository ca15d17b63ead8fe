/*
 * The server's seal settings, set once at start before any worker runs:
 * the trust anchors and accreditation list every verification uses, and
 * the time-stamping authority EDC seals are timestamped by.
 */
#ifndef SRV_SEAL_CONFIG_H
#define SRV_SEAL_CONFIG_H

#include "microcred/credential.h"

/**
 * Load `anchors` (comma-separated PEM bundles or trusted lists; NULL:
 * none) and remember `accreditation` and `tsa_url` (NULL: none).  Returns
 * 0, or an error with the file and reason in `err`.
 */
int srv_seal_config_init(const char *anchors, const char *accreditation,
			 const char *tsa_url, char *err, size_t errlen);

/** Put the configured anchors, accreditation list and whether other
 * sites may be fetched into `o`. */
void srv_seal_config_verify(mc_verify_options *o);

/** With `on`, verifying fetches nothing from other sites (set once at
 * start). */
void srv_seal_config_offline(int on);

/** The TSA URL for EDC seals, or NULL (B-B). */
const char *srv_seal_config_tsa(void);

void srv_seal_config_shutdown(void);

#endif
