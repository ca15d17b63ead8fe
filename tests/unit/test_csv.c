/*
 * The RFC 4180 reader (src/lib/csv.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"
#include "microcred/errors.h"

static void test_plain_and_quotes(void **state)
{
	static const char data[] = "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n,,\n";
	mc_csv csv;

	(void)state;
	mc__csv_init(&csv, data, strlen(data));
	assert_int_equal(mc__csv_next(&csv), 1);
	assert_int_equal(csv.count, 3);
	assert_int_equal(mc__csv_find(&csv, "c"), 2);
	assert_int_equal(mc__csv_find(&csv, "d"), -1);
	assert_int_equal(mc__csv_next(&csv), 1);
	assert_int_equal(csv.line, 2);
	assert_string_equal(csv.fields[1], "x, y");
	assert_string_equal(csv.fields[2], "say \"hi\"");
	assert_int_equal(mc__csv_next(&csv), 1);
	assert_int_equal(csv.count, 3);
	assert_string_equal(csv.fields[0], "");
	assert_int_equal(mc__csv_next(&csv), 0);
	mc__csv_free(&csv);
}

static void test_crlf_bom_multiline(void **state)
{
	static const char data[] = "\xEF\xBB\xBFid,text\r\n"
				   "a,\"line 1\r\nline 2\"\r\n"
				   "\r\n"
				   "b,Київ\r\n";
	mc_csv csv;

	(void)state;
	mc__csv_init(&csv, data, strlen(data));
	assert_int_equal(mc__csv_next(&csv), 1);
	assert_string_equal(csv.fields[0], "id"); /* BOM skipped */
	assert_string_equal(csv.fields[1], "text");
	assert_int_equal(mc__csv_next(&csv), 1);
	assert_int_equal(csv.line, 2);
	assert_string_equal(csv.fields[1], "line 1\r\nline 2");
	assert_int_equal(mc__csv_next(&csv), 1); /* blank line skipped */
	assert_int_equal(csv.line, 5);
	assert_string_equal(csv.fields[1], "Київ");
	assert_int_equal(mc__csv_next(&csv), 0);
	mc__csv_free(&csv);
}

static void test_no_final_newline(void **state)
{
	static const char data[] = "a,b\nc,d";
	mc_csv csv;

	(void)state;
	mc__csv_init(&csv, data, strlen(data));
	assert_int_equal(mc__csv_next(&csv), 1);
	assert_int_equal(mc__csv_next(&csv), 1);
	assert_string_equal(csv.fields[1], "d");
	assert_int_equal(mc__csv_next(&csv), 0);
	mc__csv_free(&csv);
}

/* Parse `data` to its first error; return the error text. */
static void expect_error(const char *data, size_t len, const char *error)
{
	mc_csv csv;
	int rc;

	mc__csv_init(&csv, data, len);
	while ((rc = mc__csv_next(&csv)) > 0)
		;
	assert_int_equal(rc, MC_EINVALID);
	assert_string_equal(csv.error, error);
	mc__csv_free(&csv);
}

static void test_errors(void **state)
{
	static const char unterminated[] = "a,b\n1,\"open\n2,3\n";
	static const char after[] = "a,\"b\"x\n";
	static const char inside[] = "a,b\"c\n";
	static const char bad_utf8[] = "a,b\n1,\xC3\x28\n";
	char *big;
	size_t n;

	(void)state;
	expect_error(unterminated, strlen(unterminated),
		     "line 2: field 2: quote not closed");
	expect_error(after, strlen(after),
		     "line 1: field 2: text after closing quote");
	expect_error(inside, strlen(inside),
		     "line 1: field 2: quote inside unquoted field");
	expect_error(bad_utf8, strlen(bad_utf8),
		     "line 2: field 2: invalid UTF-8");
	expect_error("a,b\0c\n", 6, "line 1: field 2: invalid UTF-8");

	n = MC_CSV_FIELD_MAX + 10;
	big = malloc(n + 4);
	assert_non_null(big);
	memcpy(big, "x,", 2);
	memset(big + 2, 'z', n);
	big[n + 2] = '\n';
	expect_error(big, n + 3, "line 1: field 2: longer than 65536 bytes");
	free(big);
}

static void test_too_many_fields(void **state)
{
	size_t n = MC_CSV_FIELDS_MAX + 1, i;
	char *data = malloc(2 * n + 1);

	(void)state;
	assert_non_null(data);
	for (i = 0; i < n; i++) {
		data[2 * i] = 'a';
		data[2 * i + 1] = i + 1 < n ? ',' : '\n';
	}
	expect_error(data, 2 * n, "line 1: more than 512 fields");
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_and_quotes),
	    cmocka_unit_test(test_crlf_bom_multiline),
	    cmocka_unit_test(test_no_final_newline),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_too_many_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
