/*
 * microcred - generated badge images: the picture a wallet shows for an
 * Open Badges 3.0 credential (achievement.image) and for its issuer
 * (issuer.image) when the organisation has no logo of its own.
 *
 * The images are drawn from the catalogue alone, so one MC version and one
 * organisation record always give the same bytes: a server may cache them
 * and use their hash as an ETag.  Text is laid out with pango (Noto fonts
 * from Debian's packages: Latin, Cyrillic, Georgian and Armenian), and
 * the SVG carries it as <text> lines broken where the PNG breaks them.
 * The same threading note as certificate.h applies (fontconfig and
 * pango's font map stay loaded for the life of the thread).
 */
#ifndef MICROCRED_BADGE_H
#define MICROCRED_BADGE_H

#include <stddef.h>

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The badge image of MC version `mc`: a shape and colour of its own (the
 * colour from its ISCED-F broad field, the shape from its id, so two MCs
 * of one field still differ), its title in its primary language, the name
 * of `org` (the organisation that awards it; NULL: no name) and its EQF
 * level, MC_BADGE_IMAGE_SIZE square.  *out (caller frees) gets the PNG or
 * SVG file, *len its size; the same inputs give the same bytes.  Returns
 * 0, MC_EUSAGE (NULL arguments, an MC without a title), MC_EIO (cairo or
 * fonts), MC_ENOMEM.
 */
int mc_badge_image(unsigned char **out, size_t *len, const mc_microcred *mc,
		   const mc_org *org, mc_image_format format);

/**
 * The generated image of organisation `org`, for a platform that holds no
 * logo for it: up to three initials (its short name when it has one, else
 * the capitals of its name's words) on a disc coloured from its id.  Same
 * ownership, determinism and return codes as mc_badge_image().
 */
int mc_org_image(unsigned char **out, size_t *len, const mc_org *org,
		 mc_image_format format);

/** The media type of `format`: "image/png" or "image/svg+xml". */
const char *mc_image_media_type(mc_image_format format);

#ifdef __cplusplus
}
#endif

#endif
