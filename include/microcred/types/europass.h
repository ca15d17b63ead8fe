/*
 * microcred - types of the Europass export: what a dataset covers
 * (europass.h).
 */
#ifndef MICROCRED_TYPES_EUROPASS_H
#define MICROCRED_TYPES_EUROPASS_H

#ifdef __cplusplus
extern "C" {
#endif

/** What mc_europass_export() exports: one organisation or one country. */
typedef enum {
	MC_EUROPASS_ORG = 0, /**< MCs an organisation provides */
	MC_EUROPASS_COUNTRY  /**< MCs of providers in a country (ISO alpha-2) */
} mc_europass_scope;

#ifdef __cplusplus
}
#endif

#endif
