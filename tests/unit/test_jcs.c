/*
 * Unit tests for the RFC 8785 JSON Canonicalization Scheme (jcs.c): the
 * RFC's examples and number table, the W3C eddsa-jcs-2022 test vectors
 * in $MC_FIXTURES (skipped with a printed reason when absent), non-ASCII
 * text, escapes, refusals and limits.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "json/jcs.h"
#include "microcred/errors.h"
#include "util/util.h"

/* Canonical form of the JSON text `json`; fails the test on error. */
static char *canon(const char *json)
{
	char err[256], *out = NULL;
	size_t len = 0;
	int rc = mc__jcs_text(&out, &len, json, strlen(json), err, sizeof(err));

	if (rc != 0)
		fail_msg("%s: %d: %s", json, rc, err);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static void check(const char *json, const char *expected)
{
	char *out = canon(json);

	assert_string_equal(out, expected);
	free(out);
}

/* Canonical form of a jansson value (which this takes over). */
static void check_value(json_t *v, const char *expected)
{
	char *out = NULL;
	size_t len = 0;

	assert_non_null(v);
	assert_int_equal(mc__jcs(&out, &len, v), 0);
	assert_string_equal(out, expected);
	assert_int_equal(len, strlen(expected));
	free(out);
	json_decref(v);
}

/* mc__jcs() on `v` (taken over) must fail with `code` and no output. */
static void refuse_value(json_t *v, int code)
{
	char *out = (char *)"untouched";
	size_t len = 99;

	assert_non_null(v);
	assert_int_equal(mc__jcs(&out, &len, v), code);
	assert_null(out);
	assert_int_equal(len, 0);
	json_decref(v);
}

/* mc__jcs_text() on `json[0..n)` must fail with `code` and a message. */
static void refuse_text(const char *json, size_t n, int code)
{
	char err[256] = "", *out = (char *)"untouched";
	size_t len = 99;

	assert_int_equal(mc__jcs_text(&out, &len, json, n, err, sizeof(err)),
			 code);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_true(err[0] != '\0');
}

static double from_bits(uint64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/* RFC 8785 Appendix B: IEEE-754 doubles and their canonical form. */
static void test_numbers_appendix_b(void **state)
{
	static const struct {
		uint64_t bits;
		const char *expected; /* NULL: not representable */
	} table[] = {
	    {0x0000000000000000, "0"},
	    {0x8000000000000000, "0"},
	    {0x0000000000000001, "5e-324"},
	    {0x8000000000000001, "-5e-324"},
	    {0x7fefffffffffffff, "1.7976931348623157e+308"},
	    {0xffefffffffffffff, "-1.7976931348623157e+308"},
	    {0x4340000000000000, "9007199254740992"},
	    {0xc340000000000000, "-9007199254740992"},
	    {0x4430000000000000, "295147905179352830000"},
	    {0x7fffffffffffffff, NULL},
	    {0x7ff0000000000000, NULL},
	    {0x44b52d02c7e14af5, "9.999999999999997e+22"},
	    {0x44b52d02c7e14af6, "1e+23"},
	    {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
	    {0x444b1ae4d6e2ef4e, "999999999999999700000"},
	    {0x444b1ae4d6e2ef4f, "999999999999999900000"},
	    {0x444b1ae4d6e2ef50, "1e+21"},
	    {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
	    {0x3eb0c6f7a0b5ed8d, "0.000001"},
	    {0x41b3de4355555553, "333333333.3333332"},
	    {0x41b3de4355555554, "333333333.33333325"},
	    {0x41b3de4355555555, "333333333.3333333"},
	    {0x41b3de4355555556, "333333333.3333334"},
	    {0x41b3de4355555557, "333333333.33333343"},
	    {0xbecbf647612f3696, "-0.0000033333333333333333"},
	    {0x43143ff3c1cb0959, "1424953923781206.2"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < MC__ARRAY_SIZE(table); i++) {
		double d = from_bits(table[i].bits);
		json_t *v = json_real(d);

		if (!table[i].expected) {
			/* NaN and Infinity: jansson will not even hold them. */
			assert_false(isfinite(d));
			assert_null(v);
			continue;
		}
		check_value(v, table[i].expected);
	}
}

/* DOMAIN.md section 4 and ECMAScript's plain/exponent boundaries. */
static void test_numbers_ecmascript(void **state)
{
	static const struct {
		const char *json, *expected;
	} cases[] = {
	    {"36.0", "36"},
	    {"1e21", "1e+21"},
	    {"1e20", "100000000000000000000"},
	    {"-0", "0"},
	    {"-0.0", "0"},
	    {"1.5e-7", "1.5e-7"},
	    {"0.000001", "0.000001"},
	    {"1e-7", "1e-7"},
	    {"0.1", "0.1"},
	    {"123.456", "123.456"},
	    {"-1.25", "-1.25"},
	    {"1E30", "1e+30"},
	    {"4.50", "4.5"},
	    {"2e-3", "0.002"},
	    {"0.000000000000000000000000001", "1e-27"},
	    {"333333333.33333329", "333333333.3333333"},
	    {"1.2345e-6", "0.0000012345"},
	    {"1.2345e21", "1.2345e+21"},
	    {"123456789012345678901234567890", "1.2345678901234568e+29"},
	    {"9007199254740993", "9007199254740992"},
	    {"0.30000000000000004", "0.30000000000000004"},
	    {"5e-324", "5e-324"},
	    {"1e-400", "0"},
	    /* A power of two: the nearest 16-digit decimal does not read
	     * back, the one above it does (not 5.3169119831396635e+36). */
	    {"5316911983139663491615228241121378304", "5.316911983139664e+36"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < MC__ARRAY_SIZE(cases); i++)
		check(cases[i].json, cases[i].expected);
}

/* jansson integers are doubles to JCS, as they are to JavaScript. */
static void test_numbers_integers(void **state)
{
	(void)state;
	check_value(json_integer(0), "0");
	check_value(json_integer(-42), "-42");
	check_value(json_integer(9007199254740992LL), "9007199254740992");
	check_value(json_integer(9007199254740993LL), "9007199254740992");
	check_value(json_integer(-9007199254740993LL), "-9007199254740992");
	check_value(json_integer(INT64_MAX), "9223372036854776000");
	check_value(json_integer(INT64_MIN), "-9223372036854776000");
	check_value(json_integer(1000000), "1000000");
}

static void test_numbers_not_representable(void **state)
{
	json_t *r = json_real(1.0);

	(void)state;
	/* jansson refuses to create or store NaN and infinities ... */
	assert_null(json_real(NAN));
	assert_null(json_real(INFINITY));
	assert_null(json_real(-INFINITY));
	assert_int_equal(json_real_set(r, NAN), -1);
	json_decref(r);
	/* ... and to parse them or numbers past the double range. */
	refuse_text("NaN", 3, MC_EINVALID);
	refuse_text("[Infinity]", 10, MC_EINVALID);
	refuse_text("1e400", 5, MC_EINVALID);
	refuse_text("[-1e309]", 8, MC_EINVALID);
}

/* RFC 8785 section 3.2.2's example, strings and literals included. */
static void test_rfc_example(void **state)
{
	(void)state;
	check("{\n"
	      "  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
	      "              2e-3, 0.000000000000000000000000001],\n"
	      "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c"
	      "\\\\\\\"\\/\",\n"
	      "  \"literals\": [null, true, false]\n"
	      "}",
	      "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
	      "1e+30,4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B"
	      "\\\"\\\\\\\\\\\"/\"}");
}

/* RFC 8785 section 3.2.3: names sort by UTF-16 code units. */
static void test_rfc_sorting(void **state)
{
	(void)state;
	check("{\n"
	      "  \"\\u20ac\": \"Euro Sign\",\n"
	      "  \"\\r\": \"Carriage Return\",\n"
	      "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
	      "  \"1\": \"One\",\n"
	      "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n"
	      "  \"\\u0080\": \"Control\",\n"
	      "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n"
	      "}",
	      "{\"\\r\":\"Carriage Return\","
	      "\"1\":\"One\","
	      "\"\xc2\x80\":\"Control\","
	      "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
	      "\"\xe2\x82\xac\":\"Euro Sign\","
	      "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
	      "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

/* U+1F600 (UTF-16 D83D DE00) before U+FB33, though its UTF-8 is after. */
static void test_sort_utf16_not_utf8(void **state)
{
	json_t *o = json_object();

	(void)state;
	assert_int_equal(json_object_set_new(o, "\xef\xac\xb3", json_true()),
			 0);
	assert_int_equal(
	    json_object_set_new(o, "\xf0\x9f\x98\x80", json_false()), 0);
	check_value(o, "{\"\xf0\x9f\x98\x80\":false,\"\xef\xac\xb3\":true}");
	/* Supplementary characters among themselves: code point order. */
	check("{\"\\ud83d\\ude01\":1,\"\\ud800\\udc00\":2,\"\\uffff\":3,"
	      "\"\\ud7ff\":4}",
	      "{\"\xed\x9f\xbf\":4,\"\xf0\x90\x80\x80\":2,"
	      "\"\xf0\x9f\x98\x81\":1,\"\xef\xbf\xbf\":3}");
	/* A prefix first; case is just code units. */
	check("{\"ab\":1,\"a\":2,\"\":3,\"B\":4,\"b\":5}",
	      "{\"\":3,\"B\":4,\"a\":2,\"ab\":1,\"b\":5}");
}

/* RFC 8785 Appendix E-style nesting: sorting applies at every level. */
static void test_nested_object(void **state)
{
	(void)state;
	check("{\n"
	      "  \"1\": {\"f\": {\"f\": \"hi\",\"F\": 5} ,\"\\n\": 56.0},\n"
	      "  \"10\": { },\n"
	      "  \"\": \"empty\",\n"
	      "  \"a\": { },\n"
	      "  \"111\": [ {\"e\": \"yes\",\"E\": \"no\" } ],\n"
	      "  \"A\": { }\n"
	      "}",
	      "{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},"
	      "\"10\":{},\"111\":[{\"E\":\"no\",\"e\":\"yes\"}],\"A\":{},"
	      "\"a\":{}}");
	check(" [ 3 , [ ] , { } , \"b\" , 1 ] ", "[3,[],{},\"b\",1]");
	check("\"top\"", "\"top\"");
	check("\t null\n", "null");
}

/* Only '"', '\' and U+0000..U+001F are escaped; the rest is raw. */
static void test_string_escapes(void **state)
{
	static const char *const short_forms[] = {
	    "\"\\b\"", "\"\\t\"", "\"\\n\"", "\"\\f\"", "\"\\r\"",
	};
	char json[16], expected[16];
	unsigned c;
	size_t i;

	(void)state;
	for (i = 0; i < MC__ARRAY_SIZE(short_forms); i++)
		check(short_forms[i], short_forms[i]);
	for (c = 1; c < 0x20; c++) {
		if (c == '\b' || c == '\t' || c == '\n' || c == '\f' ||
		    c == '\r')
			continue;
		snprintf(json, sizeof(json), "\"\\u%04X\"", c);
		snprintf(expected, sizeof(expected), "\"\\u%04x\"", c);
		check(json, expected);
	}
	check("\"\\\"\\\\\"", "\"\\\"\\\\\"");
	/* Solidus, DEL, U+2028, U+2029 and escaped ASCII come out raw. */
	check("\"\\/ / \\u007f \\u2028\\u2029 \\u0041\"",
	      "\"/ / \x7f \xe2\x80\xa8\xe2\x80\xa9 A\"");
	/* jansson can hold U+0000; JCS writes it escaped. */
	check_value(json_stringn("a\0b", 3), "\"a\\u0000b\"");
	check_value(json_stringn("\x1f\x7f", 2), "\"\\u001f\x7f\"");
}

/* Cyrillic, Georgian and Armenian: raw UTF-8 whether escaped or not. */
static void test_string_non_ascii(void **state)
{
	/* Зварювальник, შემდუღებელი, Եռակցող ("welder") */
	static const char uk[] =
	    "\xd0\x97\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8e\xd0\xb2\xd0\xb0\xd0\xbb"
	    "\xd1\x8c\xd0\xbd\xd0\xb8\xd0\xba";
	static const char ka[] =
	    "\xe1\x83\xa8\xe1\x83\x94\xe1\x83\x9b\xe1\x83\x93\xe1\x83\xa3"
	    "\xe1\x83\xa6\xe1\x83\x94\xe1\x83\x91\xe1\x83\x94\xe1\x83\x9a"
	    "\xe1\x83\x98";
	static const char hy[] =
	    "\xd4\xb5\xd5\xbc\xd5\xa1\xd5\xaf\xd6\x81\xd5\xb8\xd5\xb2";
	char json[512], expected[512];

	(void)state;
	snprintf(json, sizeof(json),
		 "{\"uk\":\"%s\",\"ka\":\"%s\",\"hy\":\"%s\"}", uk, ka, hy);
	snprintf(expected, sizeof(expected),
		 "{\"hy\":\"%s\",\"ka\":\"%s\",\"uk\":\"%s\"}", hy, ka, uk);
	check(json, expected);
	/* The same text written as \u escapes. */
	snprintf(expected, sizeof(expected), "\"%s\"", uk);
	check("\"\\u0417\\u0432\\u0430\\u0440\\u044e\\u0432\\u0430\\u043b"
	      "\\u044c\\u043d\\u0438\\u043a\"",
	      expected);
	/* As member names: Cyrillic U+0417 < Armenian U+0535 < Georgian
	 * U+10E8. */
	snprintf(json, sizeof(json), "{\"%s\":1,\"%s\":2,\"%s\":3}", ka, hy,
		 uk);
	snprintf(expected, sizeof(expected), "{\"%s\":3,\"%s\":2,\"%s\":1}", uk,
		 hy, ka);
	check(json, expected);
}

/* Values JCS cannot represent are refused with no output. */
static void test_invalid_values(void **state)
{
	json_t *o;

	(void)state;
	refuse_value(json_stringn_nocheck("\xff", 1), MC_EINVALID);
	refuse_value(json_stringn_nocheck("ab\xc3", 3), MC_EINVALID);
	/* Overlong '/', and U+D800 (a lone surrogate) in UTF-8 form. */
	refuse_value(json_stringn_nocheck("\xc0\xaf", 2), MC_EINVALID);
	refuse_value(json_stringn_nocheck("\xed\xa0\x80", 3), MC_EINVALID);
	/* The same deep inside, and in a member name. */
	o = json_pack("{s:[i,{s:o}]}", "a", 1, "b",
		      json_stringn_nocheck("\xed\xbf\xbf", 3));
	refuse_value(o, MC_EINVALID);
	o = json_object();
	assert_int_equal(json_object_set_new_nocheck(o, "\xfe", json_null()),
			 0);
	refuse_value(o, MC_EINVALID);
	{
		char *out = (char *)"untouched";
		size_t len = 99;

		assert_int_equal(mc__jcs(&out, &len, NULL), MC_EINVALID);
		assert_null(out);
		assert_int_equal(len, 0);
	}
}

/* Text that does not parse, or that JCS must not guess about. */
static void test_invalid_text(void **state)
{
	(void)state;
	refuse_text("", 0, MC_EINVALID);
	refuse_text("{", 1, MC_EINVALID);
	refuse_text("{\"a\":1,\"a\":2}", 13, MC_EINVALID);
	refuse_text("[1] [2]", 7, MC_EINVALID);
	refuse_text("[1,]", 4, MC_EINVALID);
	refuse_text("\"\\u0000\"", 8, MC_EINVALID);
	refuse_text("\"\\ud800\"", 8, MC_EINVALID);
	refuse_text("\"\\udc00x\"", 9, MC_EINVALID);
	refuse_text("\"\xff\"", 3, MC_EINVALID);
	refuse_text("\"\xed\xa0\x80\"", 5, MC_EINVALID);
	refuse_text("\"a\0b\"", 5, MC_EINVALID);
	refuse_text("\"tab\there\"", 10, MC_EINVALID);
	refuse_text("{'a':1}", 7, MC_EINVALID);
	refuse_text("01", 2, MC_EINVALID);
}

static char *nested(size_t depth)
{
	char *s = malloc(2 * depth + 1);

	assert_non_null(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[2 * depth] = '\0';
	return s;
}

/* Nesting is bounded: deep input is refused, never a stack overflow. */
static void test_depth(void **state)
{
	char err[256], *s, *out = NULL;
	json_t *root, *inner;
	size_t len, i;

	(void)state;
	s = nested(MC_JCS_DEPTH_MAX);
	check(s, s);
	free(s);

	s = nested(MC_JCS_DEPTH_MAX + 1);
	assert_int_equal(
	    mc__jcs_text(&out, &len, s, strlen(s), err, sizeof(err)),
	    MC_EINVALID);
	assert_null(out);
	assert_non_null(strstr(err, "nested"));
	free(s);

	/* Past jansson's own parser limit. */
	s = nested(5000);
	refuse_text(s, strlen(s), MC_EINVALID);
	free(s);

	/* Built in memory, where no parser limits it. */
	root = inner = json_object();
	for (i = 0; i < 3000; i++) {
		json_t *next = json_array();

		if (json_is_object(inner))
			json_object_set_new(inner, "x", next);
		else
			json_array_append_new(inner, next);
		inner = next;
	}
	refuse_value(root, MC_EINVALID);
}

/* Output past MC_JCS_MAX is refused; so is longer input text. */
static void test_size_limit(void **state)
{
	size_t n = MC_JCS_MAX / 4;
	char *big = malloc(MC_JCS_MAX + 2);

	(void)state;
	assert_non_null(big);
	/* Each control character becomes six bytes. */
	memset(big, '\x01', n);
	refuse_value(json_stringn(big, n), MC_ETOOBIG);
	/* Just under the limit is fine. */
	memset(big, 'a', MC_JCS_MAX - 2);
	{
		json_t *v = json_stringn(big, MC_JCS_MAX - 2);
		char *out = NULL;
		size_t len = 0;

		assert_int_equal(mc__jcs(&out, &len, v), 0);
		assert_int_equal(len, MC_JCS_MAX);
		free(out);
		json_decref(v);
		v = json_stringn(big, MC_JCS_MAX - 1);
		refuse_value(v, MC_ETOOBIG);
	}
	memset(big, ' ', MC_JCS_MAX + 1);
	big[0] = '1';
	refuse_text(big, MC_JCS_MAX + 1, MC_ETOOBIG);
	free(big);
}

/* Idempotence: canonical text canonicalises to itself. */
static void test_idempotent(void **state)
{
	static const char *const docs[] = {
	    "{\"b\":[1.0,2e0,-0,1e21,1e-7],\"a\":{\"\\u00e9\":\"\\u0007\"}}",
	    "[\"\\ud83d\\ude00\",{\"\\ufb33\":0,\"\\ud83d\\ude00\":1}]",
	};
	size_t i;

	(void)state;
	for (i = 0; i < MC__ARRAY_SIZE(docs); i++) {
		char *once = canon(docs[i]);
		char *twice = canon(once);

		assert_string_equal(once, twice);
		free(once);
		free(twice);
	}
}

/* Canonicalise $MC_FIXTURES/vc/eddsa-jcs-2022-testvectors/<in> and
 * compare with <expected> byte for byte. */
static void check_w3c_vector(const char *in, const char *expected)
{
	const char *fixtures = getenv("MC_FIXTURES");
	char path[1024], err[256], *json = NULL, *want = NULL, *out = NULL;
	size_t json_len, want_len, len;
	struct stat st;

	if (!fixtures) {
		printf("skipped: MC_FIXTURES is not set (run under ctest)\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/vc/eddsa-jcs-2022-testvectors",
		 fixtures);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("skipped: %s is absent (../shared not checked out)\n",
		       path);
		skip();
	}
	snprintf(path, sizeof(path), "%s/vc/eddsa-jcs-2022-testvectors/%s",
		 fixtures, in);
	if (mc__read_file(&json, &json_len, path, 1 << 20, err, sizeof(err)))
		fail_msg("%s", err);
	snprintf(path, sizeof(path), "%s/vc/eddsa-jcs-2022-testvectors/%s",
		 fixtures, expected);
	if (mc__read_file(&want, &want_len, path, 1 << 20, err, sizeof(err)))
		fail_msg("%s", err);
	if (mc__jcs_text(&out, &len, json, json_len, err, sizeof(err)))
		fail_msg("%s: %s", in, err);
	assert_int_equal(len, want_len);
	assert_memory_equal(out, want, len);
	free(out);
	free(json);
	free(want);
}

static void test_w3c_document(void **state)
{
	(void)state;
	check_w3c_vector("unsigned.json", "canonDocJCS.txt");
}

static void test_w3c_proof_config(void **state)
{
	(void)state;
	check_w3c_vector("proofConfigJCS.json", "proofCanonJCS.txt");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers_appendix_b),
	    cmocka_unit_test(test_numbers_ecmascript),
	    cmocka_unit_test(test_numbers_integers),
	    cmocka_unit_test(test_numbers_not_representable),
	    cmocka_unit_test(test_rfc_example),
	    cmocka_unit_test(test_rfc_sorting),
	    cmocka_unit_test(test_sort_utf16_not_utf8),
	    cmocka_unit_test(test_nested_object),
	    cmocka_unit_test(test_string_escapes),
	    cmocka_unit_test(test_string_non_ascii),
	    cmocka_unit_test(test_invalid_values),
	    cmocka_unit_test(test_invalid_text),
	    cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_size_limit),
	    cmocka_unit_test(test_idempotent),
	    cmocka_unit_test(test_w3c_document),
	    cmocka_unit_test(test_w3c_proof_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
