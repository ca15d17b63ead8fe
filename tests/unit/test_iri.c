/*
 * Unit tests for RFC 3986 reference resolution and the lexical IRI tests
 * (src/lib/ld/iri.c): the RFC's examples of section 5.4, the JSON-LD
 * suites' odd bases, and the W3C toRdf tests 0120 to 0132 (every
 * reference of their @graph against their @base, read from
 * $MC_FIXTURES; skipped with a printed reason when absent).
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

#include "ld/iri.h"
#include "microcred/errors.h"

static void check(const char *base, const char *ref, const char *expected)
{
	char *out = NULL;
	int rc = mc__iri_resolve(&out, base, ref);

	if (rc != 0)
		fail_msg("resolve(%s, %s): %d", base ? base : "NULL", ref, rc);
	if (strcmp(out, expected) != 0)
		fail_msg("resolve(%s, %s) = %s, expected %s",
			 base ? base : "NULL", ref, out, expected);
	free(out);
}

#define RFC_BASE "http://a/b/c/d;p?q"

/* RFC 3986 section 5.4.1 */
static void test_rfc_normal(void **state)
{
	static const char *const table[][2] = {
	    {"g:h", "g:h"},
	    {"g", "http://a/b/c/g"},
	    {"./g", "http://a/b/c/g"},
	    {"g/", "http://a/b/c/g/"},
	    {"/g", "http://a/g"},
	    {"//g", "http://g"},
	    {"?y", "http://a/b/c/d;p?y"},
	    {"g?y", "http://a/b/c/g?y"},
	    {"#s", "http://a/b/c/d;p?q#s"},
	    {"g#s", "http://a/b/c/g#s"},
	    {"g?y#s", "http://a/b/c/g?y#s"},
	    {";x", "http://a/b/c/;x"},
	    {"g;x", "http://a/b/c/g;x"},
	    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
	    {"", "http://a/b/c/d;p?q"},
	    {".", "http://a/b/c/"},
	    {"./", "http://a/b/c/"},
	    {"..", "http://a/b/"},
	    {"../", "http://a/b/"},
	    {"../g", "http://a/b/g"},
	    {"../..", "http://a/"},
	    {"../../", "http://a/"},
	    {"../../g", "http://a/g"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		check(RFC_BASE, table[i][0], table[i][1]);
}

/* RFC 3986 section 5.4.2 (strict parsers: "http:g" is absolute) */
static void test_rfc_abnormal(void **state)
{
	static const char *const table[][2] = {
	    {"../../../g", "http://a/g"},
	    {"../../../../g", "http://a/g"},
	    {"/./g", "http://a/g"},
	    {"/../g", "http://a/g"},
	    {"g.", "http://a/b/c/g."},
	    {".g", "http://a/b/c/.g"},
	    {"g..", "http://a/b/c/g.."},
	    {"..g", "http://a/b/c/..g"},
	    {"./../g", "http://a/b/g"},
	    {"./g/.", "http://a/b/c/g/"},
	    {"g/./h", "http://a/b/c/g/h"},
	    {"g/../h", "http://a/b/c/h"},
	    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
	    {"g;x=1/../y", "http://a/b/c/y"},
	    {"g?y/./x", "http://a/b/c/g?y/./x"},
	    {"g?y/../x", "http://a/b/c/g?y/../x"},
	    {"g#s/./x", "http://a/b/c/g#s/./x"},
	    {"g#s/../x", "http://a/b/c/g#s/../x"},
	    {"http:g", "http:g"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		check(RFC_BASE, table[i][0], table[i][1]);
}

/* Bases the JSON-LD suites use: no path, dot segments in the base,
 * non-hierarchical schemes, fragments and empty queries. */
static void test_odd_bases(void **state)
{
	(void)state;
	/* expand 0129: a base without a path */
	check("http://example", "relative-iri", "http://example/relative-iri");
	/* expand 0130 */
	check("http://example/base", "relative-iri",
	      "http://example/relative-iri");
	/* expand 0091: the base's own dot segments go when merged */
	check("http://foo.bar/./baz/", "example/",
	      "http://foo.bar/baz/example/");
	/* an empty reference keeps the base's dot segments, drops its
	 * fragment */
	check("http://foo.bar/./baz/#f", "", "http://foo.bar/./baz/");
	/* expand 0029 */
	check("https://w3c.github.io/json-ld-api/tests/expand/0029-in.jsonld",
	      "../.././.././../../too-many-dots",
	      "https://w3c.github.io/too-many-dots");
	check("https://w3c.github.io/json-ld-api/tests/expand/0029-in.jsonld",
	      "//example.org/scheme-relative",
	      "https://example.org/scheme-relative");
	check("https://w3c.github.io/json-ld-api/tests/expand/0029-in.jsonld",
	      "?query=works",
	      "https://w3c.github.io/json-ld-api/tests/expand/"
	      "0029-in.jsonld?query=works");
	/* the base's fragment is never kept */
	check("http://example.com/some/deep/directory/and/file#with-a-fragment",
	      "#f", "http://example.com/some/deep/directory/and/file#f");
	check("http://example.com/a#frag", "b", "http://example.com/b");
	/* non-hierarchical bases */
	check("tag:example", "a", "tag:a");
	check("tag:example/foo", "a", "tag:example/a");
	check("urn:ex:a", "#x", "urn:ex:a#x");
	/* empty and present-but-empty queries and fragments survive */
	check("http://a/b?", "", "http://a/b?");
	check("http://a/b?q", "?", "http://a/b?");
	check("http://a/b", "#", "http://a/b#");
	check("http://a/b", "c?#", "http://a/c?#");
	/* "//" with an empty authority */
	check("file:///a/b", "c", "file:///a/c");
	check("http://a/b", "///c", "http:///c");
	/* non-ASCII is kept as written */
	check("http://example.org/ä/", "ö", "http://example.org/ä/ö");
	/* a trailing ".." drops one segment and leaves a "/" */
	check("http://a/b/c/", "d/..", "http://a/b/c/");
}

static void test_null_base(void **state)
{
	char *out = (char *)"untouched";

	(void)state;
	/* absolute references come back as written */
	check(NULL, "http://a/b/../c", "http://a/b/../c");
	check(NULL, "urn:x", "urn:x");
	assert_int_equal(mc__iri_resolve(&out, NULL, "relative"), MC_EINVALID);
	assert_null(out);
	assert_int_equal(mc__iri_resolve(&out, NULL, "_:b0"), MC_EINVALID);
	assert_int_equal(mc__iri_resolve(&out, NULL, ""), MC_EINVALID);
	/* a relative base is refused, as is a NULL reference */
	assert_int_equal(mc__iri_resolve(&out, "relative/", "a"), MC_EINVALID);
	assert_null(out);
	assert_int_equal(mc__iri_resolve(&out, "http://a/", NULL), MC_EINVALID);
	/* with a base, an absolute reference loses its dot segments */
	check("http://x/", "http://a/b/../c", "http://a/c");
}

static void test_predicates(void **state)
{
	(void)state;
	assert_true(mc__iri_is_absolute("http://a"));
	assert_true(mc__iri_is_absolute("a+b-c.d:"));
	assert_true(mc__iri_is_absolute("urn:x"));
	assert_true(mc__iri_is_absolute("z9:"));
	assert_false(mc__iri_is_absolute("_:b0"));
	assert_false(mc__iri_is_absolute("9a:b"));
	assert_false(mc__iri_is_absolute(":a"));
	assert_false(mc__iri_is_absolute("a/b:c"));
	assert_false(mc__iri_is_absolute("a b:c"));
	assert_false(mc__iri_is_absolute("relative"));
	assert_false(mc__iri_is_absolute(""));
	assert_false(mc__iri_is_absolute(NULL));

	assert_true(mc__iri_is_blank("_:b0"));
	assert_true(mc__iri_is_blank("_:"));
	assert_false(mc__iri_is_blank("_b0"));
	assert_false(mc__iri_is_blank("http://a"));
	assert_false(mc__iri_is_blank(NULL));

	assert_true(mc__iri_is_keyword_like("@foo"));
	assert_true(mc__iri_is_keyword_like("@ignoreMe"));
	assert_false(mc__iri_is_keyword_like("@"));
	assert_false(mc__iri_is_keyword_like("@foo.bar"));
	assert_false(mc__iri_is_keyword_like("@1"));
	assert_false(mc__iri_is_keyword_like("foo"));
	assert_false(mc__iri_is_keyword_like(NULL));

	assert_true(mc__iri_is_wellformed("http://example.org/a#b"));
	assert_true(mc__iri_is_wellformed("http://example.org/ä"));
	assert_false(mc__iri_is_wellformed("http://example.org/a b"));
	assert_false(mc__iri_is_wellformed("http://example.org/<a>"));
	assert_false(mc__iri_is_wellformed("http://example.org/{a}"));
	/* toRdf e111: a fragment with a "#" */
	assert_false(mc__iri_is_wellformed("http://example.com/v/rel2##f"));
	assert_true(mc__iri_is_wellformed("http://example.com/v/rel2#f"));
	assert_false(mc__iri_is_wellformed("relative"));
	assert_false(mc__iri_is_wellformed("_:b0"));
}

/* The object of the quad whose subject is `<subject>` in N-Quads text. */
static char *expected_object(const char *nq, const char *subject)
{
	char key[128];
	const char *p, *q;

	snprintf(key, sizeof(key), "<%s> <urn:ex:p> <", subject);
	p = strstr(nq, key);
	if (p == NULL)
		return NULL;
	p += strlen(key);
	q = strstr(p, "> .");
	return q ? strndup(p, (size_t)(q - p)) : NULL;
}

/* W3C toRdf 0120..0132: every @graph reference against the @base. */
static void test_w3c_suite_bases(void **state)
{
	const char *dir = getenv("MC_FIXTURES");
	unsigned t, checked = 0;

	(void)state;
	if (dir == NULL) {
		printf("skipped: MC_FIXTURES is not set (run under ctest)\n");
		skip();
	}
	for (t = 120; t <= 132; t++) {
		char path[1024], *nq = NULL;
		json_t *doc;
		json_error_t jerr;
		const char *base;
		size_t i;
		FILE *f;
		long n;

		snprintf(path, sizeof(path),
			 "%s/jsonld/json-ld-api-tests/toRdf/%04u-in.jsonld",
			 dir, t);
		doc = json_load_file(path, 0, &jerr);
		if (doc == NULL) {
			printf("skipped: %s: %s\n", path, jerr.text);
			skip();
		}
		snprintf(path, sizeof(path),
			 "%s/jsonld/json-ld-api-tests/toRdf/%04u-out.nq", dir,
			 t);
		f = fopen(path, "rb");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		nq = calloc(1, (size_t)n + 1);
		assert_non_null(nq);
		assert_int_equal(fread(nq, 1, (size_t)n, f), (size_t)n);
		fclose(f);

		base = json_string_value(
		    json_object_get(json_object_get(doc, "@context"), "@base"));
		assert_non_null(base);
		for (i = 0; i < json_array_size(json_object_get(doc, "@graph"));
		     i++) {
			json_t *node =
			    json_array_get(json_object_get(doc, "@graph"), i);
			const char *s =
			    json_string_value(json_object_get(node, "@id"));
			const char *ref = json_string_value(
			    json_object_get(node, "urn:ex:p"));
			char *want = expected_object(nq, s), *got = NULL;

			assert_non_null(ref);
			if (want == NULL)
				fail_msg("toRdf %04u: no quad for %s", t, s);
			/* JSON-LD keeps absolute IRIs as written */
			if (mc__iri_is_absolute(ref))
				got = strdup(ref);
			else
				assert_int_equal(
				    mc__iri_resolve(&got, base, ref), 0);
			if (strcmp(got, want) != 0)
				fail_msg("toRdf %04u: %s against %s = %s, "
					 "expected %s",
					 t, ref, base, got, want);
			free(got);
			free(want);
			checked++;
		}
		free(nq);
		json_decref(doc);
	}
	printf("%u references of toRdf 0120-0132 resolved\n", checked);
	assert_true(checked > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc_normal),
	    cmocka_unit_test(test_rfc_abnormal),
	    cmocka_unit_test(test_odd_bases),
	    cmocka_unit_test(test_null_base),
	    cmocka_unit_test(test_predicates),
	    cmocka_unit_test(test_w3c_suite_bases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
