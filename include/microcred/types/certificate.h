/*
 * microcred - types of printable certificates: the page's format and the
 * options of rendering it (certificate.h).
 */
#ifndef MICROCRED_TYPES_CERTIFICATE_H
#define MICROCRED_TYPES_CERTIFICATE_H

#ifdef __cplusplus
extern "C" {
#endif

/** The file a certificate is rendered as. */
typedef enum { MC_CERT_PDF = 0, MC_CERT_PNG } mc_certificate_format;

/** How mc_certificate_render() renders. */
typedef struct {
	unsigned version; /**< MC_CERTIFICATE_OPTIONS_VERSION */
	mc_certificate_format format;
	const char *lang; /**< learner's language (BCP 47); NULL: the
			     credential's, else the MC's primary language.
			     English is always printed beside it. */
	unsigned png_dpi; /**< PNG resolution, default 96 (A4: 794 x 1123) */
} mc_certificate_options;

#define MC_CERTIFICATE_OPTIONS_VERSION 1
#define MC_CERTIFICATE_OPTIONS_INIT                                            \
	{                                                                      \
		MC_CERTIFICATE_OPTIONS_VERSION, MC_CERT_PDF, NULL, 0           \
	}

#ifdef __cplusplus
}
#endif

#endif
