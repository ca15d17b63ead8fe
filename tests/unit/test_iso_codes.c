/*
 * Unit tests for the shared ISO code tables (iso_codes.c) and the EDC
 * language concepts built on them (edc_concepts.c): country alpha-2 ->
 * alpha-3, BCP 47 tag -> EU language authority code and back, English
 * names, and bad input (wrong length, digits, NULL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "europass/edc_concepts.h"
#include "util/iso_codes.h"

static void countries(void **state)
{
	char a3[4];

	(void)state;
	assert_string_equal(mc__iso_alpha3("UA", a3), "UKR");
	assert_string_equal(mc__iso_alpha3("ge", a3), "GEO");
	assert_string_equal(mc__iso_alpha3("AD", a3), "AND"); /* first */
	assert_string_equal(mc__iso_alpha3("ZW", a3), "ZWE"); /* last */
	assert_string_equal(mc__iso_alpha3("MK", a3), "MKD");
	assert_null(mc__iso_alpha3("ZZ", a3));
	assert_null(mc__iso_alpha3("UKR", a3));
	assert_null(mc__iso_alpha3("U", a3));
	assert_null(mc__iso_alpha3(NULL, a3));
}

static void languages(void **state)
{
	char c[4];

	(void)state;
	assert_string_equal(mc__iso_lang_code("uk", c), "UKR");
	assert_string_equal(mc__iso_lang_code("uk-UA", c), "UKR");
	assert_string_equal(mc__iso_lang_code("sr-Latn", c), "SRP");
	assert_string_equal(mc__iso_lang_code("KA", c), "KAT");
	assert_string_equal(mc__iso_lang_code("aa", c), "AAR"); /* first */
	assert_string_equal(mc__iso_lang_code("zu", c), "ZUL"); /* last */
	assert_string_equal(mc__iso_lang_code("cnr", c), "CNR");
	assert_string_equal(mc__iso_lang_code("gsw-CH", c), "GSW");
	assert_null(mc__iso_lang_code("zz", c));
	assert_null(mc__iso_lang_code("e", c));
	assert_null(mc__iso_lang_code("engl", c));
	assert_null(mc__iso_lang_code("u1", c));
	assert_null(mc__iso_lang_code("", c));
	assert_null(mc__iso_lang_code(NULL, c));

	assert_string_equal(mc__iso_lang_name("uk-UA"), "Ukrainian");
	assert_string_equal(mc__iso_lang_name("hy"), "Armenian");
	assert_string_equal(mc__iso_lang_name("cnr"), "Montenegrin");
	assert_null(mc__iso_lang_name("gsw"));
}

static void language_tags(void **state)
{
	static const char *const tags[] = {"en", "uk", "ka", "hy", "mk",
					   "sr", "sq", "ro", "de", "cnr"};
	char code[4], tag[4];
	size_t i;

	(void)state;
	assert_string_equal(mc__iso_lang_tag("UKR", tag), "uk");
	assert_string_equal(mc__iso_lang_tag("kat", tag), "ka");
	assert_string_equal(mc__iso_lang_tag("CNR", tag), "cnr");
	assert_string_equal(mc__iso_lang_tag("GSW", tag), "gsw");
	assert_null(mc__iso_lang_tag("UK", tag));
	assert_null(mc__iso_lang_tag("UKRA", tag));
	assert_null(mc__iso_lang_tag("U1R", tag));
	assert_null(mc__iso_lang_tag(NULL, tag));
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		assert_non_null(mc__iso_lang_code(tags[i], code));
		assert_string_equal(mc__iso_lang_tag(code, tag), tags[i]);
	}
}

static void edc_language_uris(void **state)
{
	char tag[4];
	json_t *c;

	(void)state;
	assert_int_equal(mc__edc_lang_tag(tag, MC__EDC_LANG_AUTH "/UKR"), 0);
	assert_string_equal(tag, "uk");
	assert_int_equal(mc__edc_lang_tag(tag, MC__EDC_LANG_AUTH "/CNR"), 0);
	assert_string_equal(tag, "cnr");
	assert_int_equal(mc__edc_lang_tag(tag, MC__EDC_COUNTRY_AUTH "/UKR"),
			 -1);
	assert_int_equal(mc__edc_lang_tag(tag, MC__EDC_LANG_AUTH "/UK"), -1);
	assert_int_equal(mc__edc_lang_tag(tag, NULL), -1);

	c = mc__edc_language("ka");
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "id")),
			    MC__EDC_LANG_AUTH "/KAT");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(c, "prefLabel"), "en")),
			    "Georgian");
	json_decref(c);
	assert_null(mc__edc_language("zz"));
	c = mc__edc_country("MD");
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "id")),
			    MC__EDC_COUNTRY_AUTH "/MDA");
	json_decref(c);
	assert_null(mc__edc_country("XX"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(countries),
	    cmocka_unit_test(languages),
	    cmocka_unit_test(language_tags),
	    cmocka_unit_test(edc_language_uris),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
