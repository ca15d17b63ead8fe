/*
 * microcred - printable certificates: one A4 page for an issued credential,
 * as PDF (to print) or PNG (to show, and for EDC displayParameter), in the
 * learner's language with English, with a QR code to the credential's
 * verification page.
 *
 * Rendered with cairo and pango; the fonts (Noto, from Debian's packages)
 * cover Latin, Cyrillic, Georgian and Armenian and are embedded in the PDF.
 * The QR code's payload comes from mc_certificate_qr_payload(), so a later
 * offline-verifiable payload (a sealed, compressed credential) can replace
 * the URL without touching the layout.
 *
 * Rendering loads fontconfig's configuration and pango's font map of the
 * calling thread on first use; they stay for the life of the process (or
 * of the thread) and nothing here tears them down: there is no shutdown
 * call, and a program must not call cairo_debug_reset_static_data() or
 * FcFini() either, which abort while pango still holds fonts.
 */
#ifndef MICROCRED_CERTIFICATE_H
#define MICROCRED_CERTIFICATE_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Render the certificate of stored credential `id` (URL or UUID): learner,
 * MC title, awarding body, date of issue, every Annex I element of the MC
 * version awarded, its learning outcomes, the QR code, the credential ID
 * and a short fingerprint (first 16 hex digits of the SHA-256 of the
 * credential's bytes, grouped by four).  A PDF carries the signed
 * credential as an attached file (credential.json, credential.jwt or
 * credential-edc.json, by its format; first in the PDF's /AF), and the
 * same award's twins in the other formats beside it, which
 * mc_credential_extract() reads back; a PNG is a baked badge (Open Badges
 * 3.0: an iTXt chunk "openbadgecredential" with the credential, JSON or
 * VC-JWT; a sealed EDC is not baked).  *out (caller frees) gets the file,
 * *len its size.  Returns 0, MC_ENOTFOUND, MC_EINVALID (options), MC_EIO
 * (rendering or fonts), MC_ENOMEM.
 */
int mc_certificate_render(mc_store *store, unsigned char **out, size_t *len,
			  const char *id, const mc_certificate_options *opts);

/** What the QR code carries for credential `id`: today the URL of its
 * page, BASE/credentials/UUID (caller frees). */
int mc_certificate_qr_payload(mc_store *store, char **out, const char *id);

/** The fingerprint printed on the certificate, "xxxx xxxx xxxx xxxx" for
 * `data[0..len)` (the credential's bytes); `buf` holds 20 bytes. */
void mc_certificate_fingerprint(char buf[20], const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
