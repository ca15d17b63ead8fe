/*
 * Unit tests for mc__vc_parse() (vc_parse.c): every JSON number is valid
 * input, integer literals beyond 64 bits are read as doubles and
 * canonicalised by JCS as JavaScript writes them, integers within 64 bits
 * stay integers, and what json_loadb() refuses stays refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json/jcs.h"
#include "util/util.h"

static json_t *parse(const char *text)
{
	json_error_t err;

	return mc__vc_parse(text, strlen(text), &err);
}

/* `text` parses, and its canonical form is `expected`. */
static void check(const char *text, const char *expected)
{
	json_t *v = parse(text);
	char *out = NULL;
	size_t len = 0;

	if (!v)
		fail_msg("refused: %s", text);
	assert_int_equal(mc__jcs(&out, &len, v), 0);
	assert_string_equal(out, expected);
	free(out);
	json_decref(v);
}

static void refused(const char *text)
{
	json_t *v = parse(text);

	if (v)
		fail_msg("accepted: %s", text);
}

static void test_big_integers_are_doubles(void **state)
{
	json_t *v;

	(void)state;
	/* As JavaScript writes 123456789012345678901 after JSON.parse. */
	check("{\"n\":123456789012345680000}", "{\"n\":123456789012345680000}");
	check("{\"n\":123456789012345678901}", "{\"n\":123456789012345680000}");
	check("[-123456789012345680000]", "[-123456789012345680000]");
	check("[1000000000000000000000]", "[1e+21]");
	check("[9223372036854775808]", "[9223372036854776000]");
	check("[-9223372036854775809]", "[-9223372036854776000]");
	check("{\"a\":[{\"b\":99999999999999999999999}],\"c\":1}",
	      "{\"a\":[{\"b\":1e+23}],\"c\":1}");
	v = parse("{\"n\": 123456789012345680000}");
	assert_non_null(v);
	assert_true(json_is_real(json_object_get(v, "n")));
	assert_true(json_real_value(json_object_get(v, "n")) ==
		    1.2345678901234568e20);
	json_decref(v);
}

static void test_small_integers_stay_integers(void **state)
{
	json_t *v;

	(void)state;
	v = parse("{\"a\":9223372036854775807,\"b\":-9223372036854775808,"
		  "\"c\":5,\"d\":123456789012345680000,\"e\":\"7\"}");
	assert_non_null(v);
	assert_true(json_is_integer(json_object_get(v, "a")));
	assert_true(json_integer_value(json_object_get(v, "a")) == INT64_MAX);
	assert_true(json_is_integer(json_object_get(v, "b")));
	assert_true(json_is_integer(json_object_get(v, "c")));
	assert_int_equal(json_integer_value(json_object_get(v, "c")), 5);
	assert_true(json_is_real(json_object_get(v, "d")));
	assert_string_equal(json_string_value(json_object_get(v, "e")), "7");
	json_decref(v);
}

static void test_strings_untouched(void **state)
{
	(void)state;
	/* Digits inside strings, after escaped quotes, are not numbers. */
	check(
	    "{\"s\":\"123456789012345678901234\",\"n\":123456789012345680000}",
	    "{\"n\":123456789012345680000,\"s\":\"123456789012345678901234\"}");
	check("[\"a\\\"123456789012345678901234\",123456789012345680000]",
	      "[\"a\\\"123456789012345678901234\",123456789012345680000]");
	check("[\"\\\\\",123456789012345680000]",
	      "[\"\\\\\",123456789012345680000]");
}

static void test_still_refused(void **state)
{
	(void)state;
	refused("{\"a\":123456789012345680000,\"a\":1}"); /* duplicate */
	refused("{\"a\":1,\"a\":123456789012345680000}");
	refused("{\"a\":123456789012345680000} {}"); /* trailing */
	refused("{\"a\":123456789012345680000,}");   /* syntax */
	refused("[1e400]");			     /* no double */
	refused("[123456789012345680000, 1e400]");
	/* 400 digits: beyond the double's range. */
	{
		char text[420] = "[1";

		memset(text + 2, '0', 400);
		strcpy(text + 402, "]");
		refused(text);
	}
}

static void test_reals_as_before(void **state)
{
	(void)state;
	check("[1.5e3, 0.1, -0.0, 1E2]", "[1500,0.1,0,100]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_big_integers_are_doubles),
	    cmocka_unit_test(test_small_integers_stay_integers),
	    cmocka_unit_test(test_strings_untouched),
	    cmocka_unit_test(test_still_refused),
	    cmocka_unit_test(test_reals_as_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
