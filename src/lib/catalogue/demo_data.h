/*
 * The demo catalogue, built into the library from the JSON files of data/demo
 * by cmake/embed.cmake.  Files come sorted by name; the list ends with a NULL
 * name.
 */
#ifndef MC_DEMO_DATA_H
#define MC_DEMO_DATA_H

#include <stddef.h>

struct mc__embedded_file {
	const char *name;
	const char *data; /**< NUL-terminated */
	size_t len;
};

extern const struct mc__embedded_file mc__demo_files[];

#endif
