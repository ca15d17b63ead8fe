/*
 * Printable certificates, internal: the text of one certificate, gathered
 * by certificate.c through the public API, and the page layout that draws
 * it (certificate_layout.c).
 */
#ifndef MC_CERTIFICATE_PRIVATE_H
#define MC_CERTIFICATE_PRIVATE_H

#include <cairo.h>
#include <stddef.h>

#include "microcred/credential.h"

#include "util/util.h"

/** One "label: value" line of the Annex I block. */
struct mc__cert_fact {
	const char *label; /**< static English label */
	char *value;	   /**< owned */
};

#define MC__CERT_FACTS 8

/** Everything printed on one certificate; all strings UTF-8.  Owned
 * strings are freed by mc__cert_text_clear(). */
struct mc__cert_text {
	const char *heading;	/**< in the learner's language, or NULL */
	const char *heading_en; /**< "Micro-credential" */
	const char *lang;	/**< language of the *_local texts (Pango) */
	char *learner;
	const char *title;    /**< MC title in the learner's language */
	const char *title_en; /**< English title, NULL if same/absent */
	char *awarding;	      /**< awarding bodies' names, "; "-joined */
	char *issued;	      /**< YYYY-MM-DD */
	struct mc__cert_fact facts[MC__CERT_FACTS];
	size_t fact_count;
	const char **outcomes; /**< borrowed from the MC record */
	size_t outcome_count;
	char *qr;	     /**< QR payload */
	const char *cred_id; /**< credential URL */
	/** The credential's format as the footer names it ("European
	 * Digital Credential (Europass), sealed"), static; NULL: the
	 * footer names none. */
	const char *format_name;
	/** "xxxx xxxx xxxx xxxx", or "" for a page rendered before the
	 * credential's bytes exist (mc__certificate_render_for, the EDC's
	 * own image): then the layout leaves the fingerprint line out. */
	char fingerprint[20];
};

void mc__cert_text_clear(struct mc__cert_text *t);

/** Draw the page on `cr` in points (595 x 842).  Returns 0, MC_ENOMEM
 * (QR encoding) or MC_EIO (cairo error state). */
int mc__cert_draw(cairo_t *cr, const struct mc__cert_text *t);

/** Bake `text[0..len)` (a credential: JSON, or a compact JWS) into the
 * PNG in `b` as Open Badges 3.0 says: an uncompressed iTXt chunk
 * "openbadgecredential" right after IHDR (png_bake.c).  Returns 0,
 * MC_EINVALID (`b` is no PNG starting with IHDR), MC_ETOOBIG, MC_ENOMEM.
 */
int mc__png_bake(mc_buf *b, const char *text, size_t len);

#define MC__CERT_PAGE_W 595.0
#define MC__CERT_PAGE_H 842.0

#endif
