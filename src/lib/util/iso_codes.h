/*
 * ISO code tables shared by the EDC builder (edc_concepts.c) and the
 * Europass LOQ export (europass_loq.c): country alpha-2 -> alpha-3 and
 * BCP 47 language tags <-> the EU language authority's codes (ISO 639-2/T,
 * upper case).  Generated from Debian iso-codes (iso_codes.c).
 */
#ifndef MC_ISO_CODES_H
#define MC_ISO_CODES_H

/** ISO 3166-1 alpha-3 of an alpha-2 code (either case), written into
 * `out` ("ua" -> "UKR"); `out`, or NULL for an unknown code. */
const char *mc__iso_alpha3(const char *alpha2, char out[4]);

/** The EU language authority code of a BCP 47 tag, written into `out`:
 * the ISO 639-2/T code of its primary subtag ("sr-Latn" -> "SRP"), or a
 * three-letter primary subtag upper-cased ("cnr" -> "CNR"); `out`, or
 * NULL for an unknown two-letter subtag or a malformed tag. */
const char *mc__iso_lang_code(const char *tag, char out[4]);

/** The English name of a tag's primary language ("uk-UA" ->
 * "Ukrainian"), static; NULL when the table has none. */
const char *mc__iso_lang_name(const char *tag);

/** The reverse of mc__iso_lang_code(): the BCP 47 primary subtag of an
 * ISO 639-2/T code (either case), written into `out`: its ISO 639-1 code
 * when it has one ("UKR" -> "uk"), else the code in lower case ("CNR" ->
 * "cnr"); `out`, or NULL unless `code` is three ASCII letters. */
const char *mc__iso_lang_tag(const char *code, char out[4]);

#endif
