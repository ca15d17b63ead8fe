/*
 * Files built into the server from web/ (cmake/embed.cmake): the OpenAPI
 * description and, later, styles and scripts.  The list ends with a NULL
 * name.
 */
#ifndef SRV_ASSETS_H
#define SRV_ASSETS_H

#include <stddef.h>

struct srv_asset {
	const char *name;
	const char *data; /**< NUL-terminated */
	size_t len;
};

extern const struct srv_asset srv_assets[];

/** The asset called `name`, or NULL. */
const struct srv_asset *srv_asset_find(const char *name);

#endif
