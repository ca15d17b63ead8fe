/*
 * Fuzz target: mc__vc_parse(), the credential reader that accepts integer
 * literals beyond 64 bits.  Whatever it accepts must canonicalise (JCS)
 * exactly as mc__jcs_text() canonicalises the same text, which reads
 * every number as a double as JavaScript does; whatever json_loadb()
 * accepts it must accept too, with the same canonical form.  A refusal
 * must come with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json/jcs.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Canonical form of `v` (NULL when JCS refuses it), caller frees. */
static char *canon(const json_t *v)
{
	char *out = NULL;
	size_t len = 0;

	return mc__jcs(&out, &len, v) == 0 ? out : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char err[256], *ours = NULL, *theirs = NULL, *plain_c = NULL;
	size_t theirs_len = 0;
	json_error_t jerr;
	json_t *v, *plain;

	if (size > 65536)
		return 0;
	v = mc__vc_parse(text, size, &jerr);
	plain = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
	if (plain && !v)
		abort(); /* refused what jansson alone accepts */
	if (!v) {
		if (!jerr.text[0])
			abort();
		json_decref(plain);
		return 0;
	}
	ours = canon(v);
	if (plain) {
		plain_c = canon(plain);
		if ((ours == NULL) != (plain_c == NULL) ||
		    (ours && strcmp(ours, plain_c) != 0))
			abort();
	}
	if (ours) {
		if (mc__jcs_text(&theirs, &theirs_len, text, size, err,
				 sizeof(err)) != 0 ||
		    strcmp(ours, theirs) != 0)
			abort();
	}
	free(ours);
	free(theirs);
	free(plain_c);
	json_decref(plain);
	json_decref(v);
	return 0;
}
