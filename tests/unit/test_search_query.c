/*
 * Unit tests for the query language (search_query.c): parsing, the error
 * messages with their positions, and the FTS5 strings, which are run
 * through a real FTS5 table to prove they are always valid syntax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "microcred/catalogue.h"
#include "model/search_query.h"

/* The FTS5 string for `text`, which must parse. */
static char *fts(const char *text)
{
	struct mc__query *q = NULL;
	char err[256], *out = NULL;

	assert_int_equal(mc__query_parse(&q, text, err, sizeof(err)), 0);
	assert_int_equal(mc__query_to_fts5(&out, q), 0);
	mc__query_free(q);
	return out;
}

static void expect_fts(const char *text, const char *want)
{
	char *got = fts(text);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Parsing `text` fails with exactly `msg`. */
static void expect_error(const char *text, const char *msg)
{
	struct mc__query *q = (struct mc__query *)1;
	char err[256];

	assert_int_equal(mc__query_parse(&q, text, err, sizeof(err)),
			 MC_EINVALID);
	assert_null(q);
	assert_string_equal(err, msg);
}

static void test_words_are_anded(void **state)
{
	(void)state;
	expect_fts("weld pipe", "((\"weld\") AND (\"pipe\"))");
	expect_fts("  weld  ", "((\"weld\"))");
}

static void test_empty_matches_all(void **state)
{
	struct mc__query *q = NULL;
	char err[64], *out = (char *)1;

	(void)state;
	assert_int_equal(mc__query_parse(&q, "   ", err, sizeof(err)), 0);
	assert_true(mc__query_empty(q));
	assert_int_equal(mc__query_to_fts5(&out, q), 0);
	assert_null(out);
	mc__query_free(q);
	assert_int_equal(mc__query_parse(&q, NULL, err, sizeof(err)), 0);
	assert_true(mc__query_empty(q));
	mc__query_free(q);
}

static void test_phrase_prefix_or_not(void **state)
{
	(void)state;
	expect_fts("\"fillet weld\"", "((\"fillet weld\"))");
	expect_fts("weld*", "((\"weld\" *))");
	expect_fts("weld OR solder", "((\"weld\" OR \"solder\"))");
	expect_fts("a OR b OR c d", "((\"a\" OR \"b\" OR \"c\") AND (\"d\"))");
	expect_fts("weld -gas -\"arc weld\"",
		   "((\"weld\")) NOT (\"gas\" OR \"arc weld\")");
	/* lower-case "or" is a word; so is "-OR" excluded */
	expect_fts("this or that", "((\"this\") AND (\"or\") AND (\"that\"))");
	expect_fts("a -OR", "((\"a\")) NOT (\"OR\")");
	/* a hyphen inside a word stays in the word */
	expect_fts("e-services", "((\"e-services\"))");
	expect_fts("\"arc weld\"*", "((\"arc weld\" *))");
}

static void test_fts5_syntax_never_leaks(void **state)
{
	(void)state;
	/* FTS5 operators and column filters are just text inside quotes */
	expect_fts("title:weld NEAR(a b) ^x AND",
		   "((\"title:weld\") AND (\"NEAR(a\") AND (\"b)\") AND "
		   "(\"^x\") AND (\"AND\"))");
	/* a quote inside a word ends it and starts a phrase */
	expect_fts("ab\"c d\"", "((\"ab\") AND (\"c d\"))");
}

static void test_errors_name_position(void **state)
{
	(void)state;
	expect_error("weld \"arc", "query: position 6: quote not closed");
	expect_error("weld - pipe", "query: position 6: '-' without a term");
	expect_error("weld -", "query: position 6: '-' without a term");
	expect_error("OR weld", "query: position 1: OR needs a term before it");
	expect_error("weld OR", "query: position 6: OR needs a term after it");
	expect_error("a OR OR b",
		     "query: position 6: OR needs a term before it");
	expect_error("-weld -gas",
		     "query: position 1: only excluded terms; add one to "
		     "search for");
	expect_error("a OR -b", "query: position 3: OR next to an excluded "
				"term");
	expect_error("weld \"\"", "query: position 6: empty phrase");
	expect_error("*", "query: position 1: '*' without a word");
	/* positions count characters, not bytes */
	expect_error("зварювання \"шов",
		     "query: position 12: quote not closed");
}

static void test_invalid_utf8_and_limits(void **state)
{
	char big[MC_SEARCH_QUERY_MAX + 2];
	char many[200] = "";
	int i;

	(void)state;
	expect_error("ab\xC3(", "query: position 3: invalid UTF-8");
	expect_error("\xED\xA0\x80", "query: position 1: invalid UTF-8");
	expect_error("\xC0\xAF", "query: position 1: invalid UTF-8");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_error(big, "query: longer than 1024 bytes");
	for (i = 0; i < 33; i++)
		strcat(many, "w ");
	expect_error(many, "query: position 65: more than 32 terms");
	many[64] = '\0'; /* exactly 32 */
	free(fts(many));
}

static void test_prefix_last(void **state)
{
	struct mc__query *q = NULL;
	char err[64], *out = NULL;

	(void)state;
	assert_int_equal(mc__query_parse(&q, "weld pip -gas", err, sizeof(err)),
			 0);
	mc__query_prefix_last(q);
	assert_int_equal(mc__query_to_fts5(&out, q), 0);
	assert_string_equal(out, "((\"weld\") AND (\"pip\" *)) NOT (\"gas\")");
	free(out);
	mc__query_free(q);
}

/* Every FTS5 string the parser makes is accepted by FTS5 itself, and
 * finds what it should in several scripts. */
static void test_against_fts5(void **state)
{
	static const struct {
		const char *query;
		int hits;
	} cases[] = {
	    {"зварювання", 1},	  {"ЗВАРЮВАННЯ", 1},	{"зварюв*", 1},
	    {"ქართული", 1},	  {"Հայերեն", 1},	{"soudure", 1},
	    {"soudure -zzz", 1},  {"soudure -weld", 0}, {"\"main weld\"", 1},
	    {"\"weld main\"", 0}, {"x OR weld", 1},	{"+ -", -1},
	    {"\"+\"", 0},	  {"a\"\"\"b", -1},	{"c++ weld", 0},
	    {"naïve", 1},	  {"NAIVE", 1},
	};
	sqlite3 *db = NULL;
	size_t i;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
			 "CREATE VIRTUAL TABLE t USING fts5(a, tokenize ="
			 " 'unicode61 remove_diacritics 2');"
			 "INSERT INTO t VALUES('Основи зварювання: main "
			 "weld, ქართული ენა, Հայերեն, soudure, naive');",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc__query *q = NULL;
		sqlite3_stmt *st = NULL;
		char err[256], *match = NULL;
		int rc, n = 0;

		rc = mc__query_parse(&q, cases[i].query, err, sizeof(err));
		if (cases[i].hits < 0) {
			assert_int_equal(rc, MC_EINVALID);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(mc__query_to_fts5(&match, q), 0);
		assert_int_equal(sqlite3_prepare_v2(db,
						    "SELECT count(*) FROM t"
						    " WHERE t MATCH ?",
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			fail_msg("%s -> %s: %s", cases[i].query, match,
				 sqlite3_errmsg(db));
		n = sqlite3_column_int(st, 0);
		if (n != cases[i].hits)
			fail_msg("%s -> %s: %d hits, want %d", cases[i].query,
				 match, n, cases[i].hits);
		sqlite3_finalize(st);
		free(match);
		mc__query_free(q);
	}
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words_are_anded),
	    cmocka_unit_test(test_empty_matches_all),
	    cmocka_unit_test(test_phrase_prefix_or_not),
	    cmocka_unit_test(test_fts5_syntax_never_leaks),
	    cmocka_unit_test(test_errors_name_position),
	    cmocka_unit_test(test_invalid_utf8_and_limits),
	    cmocka_unit_test(test_prefix_last),
	    cmocka_unit_test(test_against_fts5),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
