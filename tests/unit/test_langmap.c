/*
 * Language maps, string lists and language tags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "microcred/langmap.h"

static void test_tags(void **state)
{
	static const char *const good[] = {"en",      "uk",    "cnr",
					   "sr-Latn", "de-CH", "zh-Hant-TW",
					   "es-419",  "EN",    "hy-x-a"};
	static const char *const bad[] = {
	    "",	     "e",
	    "engl",  "en-",
	    "-en",   "en--CH",
	    "en_GB", "en-abcdefghi",
	    "1en",   "en CH",
	    "ук",    "aaa-aaaaaaaa-aaaaaaaa-aaaaaaaa-aaaaaa"}; /* 37 > 35 */
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(mc_lang_tag_valid(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(mc_lang_tag_valid(bad[i]));
	assert_false(mc_lang_tag_valid(NULL));
}

static void test_set_get_replace(void **state)
{
	mc_langmap m = MC_LANGMAP_INIT;

	(void)state;
	assert_null(mc_langmap_get(&m, "en"));
	assert_null(mc_langmap_pick(&m, "en", "en"));
	assert_int_equal(mc_langmap_set(&m, "uk", "Зварювання"), 0);
	assert_int_equal(mc_langmap_set(&m, "en", "Welding"), 0);
	assert_int_equal(mc_langmap_set(&m, "uk", "Зварник"), 0);
	assert_int_equal(m.count, 2);
	assert_string_equal(m.items[0].lang, "uk"); /* order kept */
	assert_string_equal(mc_langmap_get(&m, "uk"), "Зварник");
	assert_null(mc_langmap_get(&m, "UK"));
	mc_langmap_clear(&m);
	assert_int_equal(m.count, 0);
	assert_null(m.items);
	mc_langmap_clear(&m);
	mc_langmap_clear(NULL);
}

static void test_pick_order(void **state)
{
	mc_langmap m = MC_LANGMAP_INIT;

	(void)state;
	mc_langmap_set(&m, "ka", "ქართული");
	mc_langmap_set(&m, "sr-Latn", "Zavarivanje");
	mc_langmap_set(&m, "en", "Welding");
	mc_langmap_set(&m, "hy", "Եռակցում");
	/* exact */
	assert_string_equal(mc_langmap_pick(&m, "hy", "ka"), "Եռակցում");
	/* same primary language, both ways */
	assert_string_equal(mc_langmap_pick(&m, "sr", "ka"), "Zavarivanje");
	assert_string_equal(mc_langmap_pick(&m, "sr-Cyrl", "ka"),
			    "Zavarivanje");
	/* then the record's primary language */
	assert_string_equal(mc_langmap_pick(&m, "de", "ka"), "ქართული");
	/* then English */
	assert_string_equal(mc_langmap_pick(&m, "de", "fr"), "Welding");
	assert_string_equal(mc_langmap_pick(&m, NULL, NULL), "Welding");
	mc_langmap_clear(&m);
	/* then the first entry */
	mc_langmap_set(&m, "ka", "ქართული");
	mc_langmap_set(&m, "hy", "Եռակցում");
	assert_string_equal(mc_langmap_pick(&m, "de", "fr"), "ქართული");
	mc_langmap_clear(&m);
}

static void test_copy(void **state)
{
	mc_langmap m = MC_LANGMAP_INIT, c;
	mc_strlist l = MC_STRLIST_INIT, lc;

	(void)state;
	mc_langmap_set(&m, "uk", "Текст");
	mc_langmap_set(&m, "en", "Text");
	assert_int_equal(mc_langmap_copy(&c, &m), 0);
	assert_int_equal(c.count, 2);
	assert_ptr_not_equal(c.items[0].text, m.items[0].text);
	assert_string_equal(c.items[0].text, "Текст");
	assert_string_equal(c.items[1].lang, "en");
	mc_langmap_clear(&m);
	assert_string_equal(mc_langmap_get(&c, "en"), "Text");
	mc_langmap_clear(&c);

	assert_int_equal(mc_strlist_add(&l, "UA"), 0);
	assert_int_equal(mc_strlist_add(&l, "GE"), 0);
	assert_true(mc_strlist_has(&l, "GE"));
	assert_false(mc_strlist_has(&l, "ge"));
	assert_false(mc_strlist_has(&l, NULL));
	assert_int_equal(mc_strlist_copy(&lc, &l), 0);
	mc_strlist_clear(&l);
	assert_int_equal(lc.count, 2);
	assert_string_equal(lc.items[1], "GE");
	mc_strlist_clear(&lc);
	assert_int_equal(lc.count, 0);
	mc_strlist_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tags),
	    cmocka_unit_test(test_set_get_replace),
	    cmocka_unit_test(test_pick_order),
	    cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
