/*
 * The pinned JSON-LD context documents, built into the library from
 * src/lib/ld/contexts/ by cmake/embed.cmake: one entry per URL of the
 * first table of contexts/SOURCES.md, in its order (a document served
 * under two URLs has two entries).  The list ends with a NULL url.
 */
#ifndef MC_LD_CONTEXTS_DATA_H
#define MC_LD_CONTEXTS_DATA_H

#include <stddef.h>

struct mc__ld_context_file {
	const char *url;  /* without a fragment */
	const char *data; /* the file's bytes, NUL-terminated */
	size_t len;	  /* without the NUL */
};

extern const struct mc__ld_context_file mc__ld_context_files[];

#endif
