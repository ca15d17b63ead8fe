/*
 * The verify page says, for a "cannot tell", what would settle it: every
 * reason code whose effect is "cannot tell" (MC_VERDICT_UNKNOWN in the
 * verifiers' tables) has a "verify.settle.CODE" text in every UI
 * catalogue (web/i18n/LANG.json).  A code without one is explained by the
 * checks that failed or were not made, without a remedy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "credentials/verify_private.h"

static const struct mc__vmessage *const tables[] = {
    mc__vmessages_vc, mc__vmessages_issuer, mc__vmessages_status,
    mc__vmessages_edc};

static void settle_for_every_cannot_tell(void **state)
{
	static const char *const langs[] = {"en", "uk", "de"};
	const char *src = getenv("MC_SOURCE_DIR");
	char path[1024], key[200];
	size_t l, t, n = 0, missing = 0;

	(void)state;
	if (!src)
		skip();
	for (l = 0; l < sizeof(langs) / sizeof(*langs); l++) {
		json_error_t jerr;
		json_t *cat;
		const struct mc__vmessage *m;

		snprintf(path, sizeof(path), "%s/web/i18n/%s.json", src,
			 langs[l]);
		cat = json_load_file(path, 0, &jerr);
		assert_non_null(cat);
		for (t = 0; t < sizeof(tables) / sizeof(*tables); t++)
			for (m = tables[t]; m->code; m++) {
				if (m->effect != MC_VERDICT_UNKNOWN)
					continue;
				n++;
				snprintf(key, sizeof(key), "verify.settle.%s",
					 m->code);
				if (!json_is_string(
					json_object_get(cat, key))) {
					print_error("%s.json: no \"%s\"\n",
						    langs[l], key);
					missing++;
				}
			}
		json_decref(cat);
	}
	assert_true(n > 0);
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(settle_for_every_cannot_tell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
