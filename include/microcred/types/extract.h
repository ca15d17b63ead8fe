/*
 * microcred - types of finding a credential in what carries it: the
 * carriers and the largest one read (extract.h).
 */
#ifndef MICROCRED_TYPES_EXTRACT_H
#define MICROCRED_TYPES_EXTRACT_H

#ifdef __cplusplus
extern "C" {
#endif

/** What carried the credential. */
typedef enum {
	MC_CARRIER_RAW = 0, /**< the bytes themselves (JSON, JWS, JAdES) */
	MC_CARRIER_PDF,	    /**< a PDF's attached (embedded) file */
	MC_CARRIER_PNG,	    /**< a baked PNG's iTXt "openbadgecredential" */
	MC_CARRIER_SVG	    /**< a baked SVG's <openbadges:credential> */
} mc_carrier;

/** Largest carrier read (a PDF certificate with its fonts and attached
 * credentials is a few hundred KiB). */
#define MC_CARRIER_MAX (32u * 1024 * 1024)

#ifdef __cplusplus
}
#endif

#endif
