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
#include "http_private.h"

/*
 * A request arena as the server makes one: the first call of the
 * dispatcher only allocates the request's state (whose first member is
 * its arena) and touches neither server nor connection; mc__http_done()
 * releases it with everything allocated from it.
 */
static void *arena_state(void)
{
	void *state = NULL;
	size_t zero = 0;

	mc__http_dispatch(NULL, NULL, "/", "POST", NULL, &zero, &state);
	return state;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - data) : size;
	char *ctype = malloc(ctlen + 1);
	void *state = arena_state();
	struct mc_form *form = NULL;
	char err[256];
	int rc;

	if (!ctype || !state) {
		free(ctype);
		mc__http_done(state);
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
	rc = mc_form_parse_buffer(&form, (mc_arena *)state, ctype,
				  (const char *)data, size, err, sizeof(err));
	if (rc != 0 && rc != MC_EINVALID && rc != MC_EUSAGE && rc != MC_ENOMEM)
		abort();
	if (rc != 0 && (!err[0] || form))
		abort(); /* a failure always says why, and gives nothing */
	if (rc == 0 && !form)
		abort();
	free(ctype);
	mc__http_done(state);
	return 0;
}
