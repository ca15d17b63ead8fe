/*
 * microcred - finding the signed credential in what a person is shown:
 * the printable PDF certificate (its attached credential file), a baked
 * Open Badges 3.0 image (PNG or SVG), a credential's URL, or the
 * credential itself.  What comes back is handed to mc_credential_verify()
 * unchanged.
 *
 * Error codes: the issue that asked for this API named MC_EFETCH for a
 * failed fetch; there is no such code.  A fetch that fails is MC_EIO (as
 * mc_credential_verify's own fetches), a remote URL when the network is not
 * allowed is MC_EFORBIDDEN.
 */
#ifndef MICROCRED_EXTRACT_H
#define MICROCRED_EXTRACT_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** "raw", "pdf", "png", "svg"; never NULL ("raw" for unknown values). */
const char *mc_carrier_name(mc_carrier c);

/**
 * Find the signed credential in `data[0..len)`:
 * - a PDF (starts with "%PDF-", within its first 1024 bytes): its
 *   embedded files (/EmbeddedFile streams, uncompressed or FlateDecode,
 *   wherever the PDF came from), the first that is a credential (JSON
 *   with "@context", a compact JWS, a JAdES JSON serialization); a
 *   certificate of this platform attaches the credential it was made for
 *   first;
 * - a PNG: the first iTXt chunk with keyword "openbadgecredential" (Open
 *   Badges 3.0 baking; compressed text is inflated), every chunk's CRC
 *   checked up to it;
 * - an SVG (first non-blank character '<', an "<svg" in it): the first
 *   <openbadges:credential> element (namespace
 *   https://purl.imsglobal.org/ob/v3p0, or that prefix undeclared): its
 *   verify="..." attribute (a compact JWS), else its text or CDATA;
 *   documents with a DTD are refused;
 * - anything else is returned as it is, as MC_CARRIER_RAW (JSON, compact
 *   JWS, JAdES, or bytes the verifier will call malformed).
 * Leading and trailing blanks of what an image or a PDF carries are
 * removed; RAW bytes are returned unchanged.
 *
 * *out (caller frees) gets a new NUL-terminated buffer, *outlen its length
 * (without the NUL), *carrier what carried it (set on every return once
 * the carrier is known, MC_CARRIER_RAW otherwise).  `err` (may be NULL)
 * gets a reason on failure: where and why.
 *
 * Returns 0; MC_ENOTFOUND when a PDF, PNG or SVG carries no credential
 * (the page then says so and, for a PDF, points to its QR code's URL);
 * MC_EINVALID for a damaged PDF, PNG or SVG (err names the object, chunk
 * or line); MC_ETOOBIG when `len` exceeds MC_CARRIER_MAX or the credential
 * exceeds MC_CREDENTIAL_MAX; MC_EUSAGE (NULL arguments); MC_ENOMEM.  Never
 * reads outside `data`, whatever it holds.
 */
int mc_credential_extract(const char *data, size_t len, char **out,
			  size_t *outlen, mc_carrier *carrier, char *err,
			  size_t errlen);

/**
 * The credential a URL names.
 * - One of this platform's: `url` under the store's base URL,
 *   BASE/credentials/UUID (its id and its public page), with any further
 *   path (/certificate.pdf, /download), query or fragment, or a bare UUID:
 *   looked up in `store` and returned as stored (its signed bytes).
 * - Another's: fetched with GET (https://, or http:// on a loopback
 *   host, as every fetch of the verifier; at most MC_CREDENTIAL_MAX bytes,
 *   15 s, three redirects to HTTPS; never a private or loopback address
 *   once mc_fetch_public_only() is on), only when `network` is non-zero; what
 *   comes back goes through mc_credential_extract(), so a URL of a PDF
 *   certificate or a baked image gives its credential.
 * *out (caller frees, NUL-terminated) and *outlen get the credential.
 * `store` may be NULL (every URL is then another's).
 *
 * Returns 0; MC_ENOTFOUND (no such credential of ours, or 404, or a
 * fetched PDF/image carrying none); MC_EINVALID (not a URL fetched: not
 * https://, or with a blank or control character; or what came back is a
 * web page or anything else that is no credential, a damaged PDF or
 * image; err says why);
 * MC_EFORBIDDEN (another's URL while `network` is 0); MC_EIO (the fetch
 * failed: network, TLS, HTTP status; err says which); MC_ETOOBIG;
 * MC_EUSAGE; MC_ENOMEM; or the store's error.
 */
int mc_credential_from_url(mc_store *store, const char *url, int network,
			   char **out, size_t *outlen, char *err,
			   size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
