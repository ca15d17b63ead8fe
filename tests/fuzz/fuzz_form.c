/*
 * Fuzz the form parser (src/server/form.c): the first line of the input
 * is the Content-Type, the rest the body.  Whatever the input, the parser
 * must return 0, MC_EINVALID or MC_EUSAGE with a message, and every text
 * field it accepts must be NUL-terminated and free of NUL bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - data) : size;
	char *ctype = malloc(ctlen + 1);
	srv_arena *arena = srv_arena_new();
	struct srv_form *form = NULL;
	char err[256];
	int rc;

	if (!ctype || !arena) {
		free(ctype);
		srv_arena_free(arena);
		return 0;
	}
	memcpy(ctype, data, ctlen);
	ctype[ctlen] = '\0';
	if (nl) {
		data = nl + 1;
		size -= ctlen + 1;
	} else {
		size = 0;
	}
	rc = srv_form_parse_buffer(&form, arena, ctype, (const char *)data,
				   size, err, sizeof(err));
	if (rc != 0 && rc != MC_EINVALID && rc != MC_EUSAGE && rc != MC_ENOMEM)
		abort();
	if (rc != 0 && (!err[0] || form))
		abort(); /* a failure always says why, and gives nothing */
	if (rc == 0 && !form)
		abort();
	free(ctype);
	srv_arena_free(arena); /* with every field the parser allocated */
	return 0;
}
