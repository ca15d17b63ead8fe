/*
 * microcred - types of generated badge images (badge.h): the file format
 * an image is written in.
 */
#ifndef MICROCRED_TYPES_BADGE_H
#define MICROCRED_TYPES_BADGE_H

#ifdef __cplusplus
extern "C" {
#endif

/** The file a badge image is written as. */
typedef enum { MC_IMAGE_PNG = 0, MC_IMAGE_SVG } mc_image_format;

/** Width and height of every generated image, in pixels (PNG) and user
 * units (SVG). */
#define MC_BADGE_IMAGE_SIZE 512

#ifdef __cplusplus
}
#endif

#endif
