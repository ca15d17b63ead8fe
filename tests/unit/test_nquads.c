/*
 * N-Quads reading (RDF 1.1 N-Quads) and canonical writing (RDFC-1.0), and
 * the dataset's duplicate removal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ld/ld.h"
#include "microcred/errors.h"
#include "util/util.h"

/* Parse `text` and write every quad back in canonical form. */
static int roundtrip(char **out, const char *text, char *err, size_t errlen)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	mc_buf b = MC_BUF_INIT(1 << 20);
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = mc__nquads_parse(&ds, text, strlen(text), err, errlen)) ==
	    0) {
		mc__buf_add(&b, "", 0);
		for (i = 0; i < ds.len && rc == 0; i++)
			rc =
			    mc__nquads_write_quad(&b, &ds.quads[i], NULL, NULL);
		*out = mc__buf_detach(&b);
	}
	mc__buf_free(&b);
	mc__rdf_dataset_free(&ds);
	return rc;
}

static void assert_canonical(const char *in, const char *want)
{
	char err[256] = "", *out;

	assert_int_equal(roundtrip(&out, in, err, sizeof(err)), 0);
	assert_string_equal(out, want);
	free(out);
}

static void test_terms(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	const char *text =
	    "# a comment\n"
	    "<http://a.example/s> <http://a.example/p> \"x\"@en-GB .\r\n"
	    "\n"
	    "_:b0 <http://a.example/p> \"1\"^^<http://www.w3.org/2001/"
	    "XMLSchema#integer> _:g1 .  # comment after\n"
	    "\t_:b.1<http://a.example/p><urn:x:o>_:g.";
	char err[256] = "";

	(void)state;
	assert_int_equal(
	    mc__nquads_parse(&ds, text, strlen(text), err, sizeof(err)), 0);
	assert_int_equal(ds.len, 3);
	assert_int_equal(ds.quads[0].s.kind, MC__RDF_IRI);
	assert_string_equal(ds.quads[0].s.value, "http://a.example/s");
	assert_int_equal(ds.quads[0].o.kind, MC__RDF_LITERAL);
	assert_string_equal(ds.quads[0].o.value, "x");
	assert_string_equal(ds.quads[0].o.language, "en-GB");
	assert_string_equal(ds.quads[0].o.datatype, MC__RDF_LANGSTRING);
	assert_int_equal(ds.quads[0].g.kind, MC__RDF_NONE);
	assert_int_equal(ds.quads[1].s.kind, MC__RDF_BLANK);
	assert_string_equal(ds.quads[1].s.value, "b0");
	assert_string_equal(ds.quads[1].o.datatype, MC__XSD "integer");
	assert_null(ds.quads[1].o.language);
	assert_int_equal(ds.quads[1].g.kind, MC__RDF_BLANK);
	assert_string_equal(ds.quads[1].g.value, "g1");
	/* A label may hold '.' but not end with it. */
	assert_string_equal(ds.quads[2].s.value, "b.1");
	assert_string_equal(ds.quads[2].g.value, "g");
	mc__rdf_dataset_free(&ds);
}

static void test_escapes_read(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	const char *text =
	    "<urn:ex:\\u221e> <urn:ex:p> \"a\\t\\\"\\u00e9\\U0001F303\\'\" .\n"
	    "<urn:ex:s> <urn:ex:p> \"nul\\u0000end\" .\n";
	char err[256] = "";

	(void)state;
	assert_int_equal(
	    mc__nquads_parse(&ds, text, strlen(text), err, sizeof(err)), 0);
	assert_int_equal(ds.len, 2);
	assert_string_equal(ds.quads[0].s.value, "urn:ex:\xe2\x88\x9e");
	assert_string_equal(ds.quads[0].o.value,
			    "a\t\"\xc3\xa9\xf0\x9f\x8c\x83'");
	/* U+0000 is kept as C0 80 inside a C string. */
	assert_string_equal(ds.quads[1].o.value, "nul\xc0\x80"
						 "end");
	mc__rdf_dataset_free(&ds);
}

static void test_canonical_literals(void **state)
{
	(void)state;
	/* RDFC-1.0: \" \\ \n \r \b \t \f as ECHAR, the other controls and
	 * DEL as \u00XX in upper case, everything else as it is. */
	assert_canonical(
	    "<urn:s> <urn:p> \"\\u0000\\u0001\\u0007\\u0008\\u0009\\u000a"
	    "\\u000b\\u000c\\u000d\\u000e\\u001f\\u0020\\u0022\\u0027"
	    "\\u005c\\u007f\\u0080\\u00e9\" .\n",
	    "<urn:s> <urn:p> \"\\u0000\\u0001\\u0007\\b\\t\\n\\u000B\\f\\r"
	    "\\u000E\\u001F \\\"'\\\\\\u007F\xc2\x80\xc3\xa9\" .\n");
	/* xsd:string is left out, rdf:langString is the language. */
	assert_canonical("<urn:s> <urn:p> \"a\"^^<http://www.w3.org/2001/"
			 "XMLSchema#string> .\n"
			 "<urn:s> <urn:p> \"b\"@de <urn:g> .\n"
			 "<urn:s> <urn:p> \"c\"^^<urn:dt> _:g .\n",
			 "<urn:s> <urn:p> \"a\" .\n"
			 "<urn:s> <urn:p> \"b\"@de <urn:g> .\n"
			 "<urn:s> <urn:p> \"c\"^^<urn:dt> _:g .\n");
	/* IRIs come out unescaped. */
	assert_canonical("<urn:ex:\\u0065\\u0078> <urn:ex:\\u00a0> "
			 "<urn:ex:\\U0001F303> .\n",
			 "<urn:ex:ex> <urn:ex:\xc2\xa0> "
			 "<urn:ex:\xf0\x9f\x8c\x83> .\n");
}

static const char *relabel(void *arg, const char *label)
{
	(void)arg;
	return strcmp(label, "x") == 0 ? "c14n0" : "c14n1";
}

static void test_writer(void **state)
{
	struct mc__rdf_quad q;
	mc_buf b = MC_BUF_INIT(40);
	char s[] = "x", p[] = "urn:p", o[] = "a b<c>\"\\{}|^`\n", g[] = "y";

	(void)state;
	memset(&q, 0, sizeof(q));
	q.s.kind = MC__RDF_BLANK;
	q.s.value = s;
	q.p.kind = MC__RDF_IRI;
	q.p.value = p;
	q.o.kind = MC__RDF_IRI;
	q.o.value = o;
	q.g.kind = MC__RDF_BLANK;
	q.g.value = g;
	/* What would end a line or a term early is escaped in an IRI from
	 * elsewhere (JSON-LD); the rest of what an IRIREF may not hold is
	 * written as it is, as rdf-canonize writes it. */
	b.max = 1 << 20;
	assert_int_equal(mc__nquads_write_quad(&b, &q, relabel, NULL), 0);
	assert_string_equal(b.ptr,
			    "_:c14n0 <urn:p> <a\\u0020b\\u003Cc\\u003E\\u0022"
			    "\\u005C{}|^`\\u000A> _:c14n1 .\n");
	/* A quad that does not fit leaves the buffer as it was. */
	b.max = b.len + 10;
	assert_int_equal(mc__nquads_write_quad(&b, &q, relabel, NULL),
			 MC_ETOOBIG);
	assert_int_equal(strlen(b.ptr), b.len);
	assert_int_equal(b.len, strlen("_:c14n0 <urn:p> <a\\u0020b\\u003Cc"
				       "\\u003E\\u0022\\u005C{}|^`\\u000A> "
				       "_:c14n1 .\n"));
	mc__buf_free(&b);
}

/* The writer scans plain text eight bytes at a time: each byte that is
 * escaped, at every offset of a long literal and IRI, is still escaped
 * (and a plain byte at the same place is not). */
static void test_escape_every_offset(void **state)
{
	static const struct {
		unsigned char c;
		const char *lit, *iri; /* NULL: written as it is */
	} cases[] = {
	    {'\n', "\\n", "\\u000A"},	  {0x01, "\\u0001", "\\u0001"},
	    {0x1F, "\\u001F", "\\u001F"}, {'"', "\\\"", "\\u0022"},
	    {'\\', "\\\\", "\\u005C"},	  {0x7F, "\\u007F", NULL},
	    {' ', NULL, "\\u0020"},	  {'<', NULL, "\\u003C"},
	    {'>', NULL, "\\u003E"},	  {'Z', NULL, NULL},
	    {0xC0, NULL, NULL}, /* a lead byte not before 0x80 */
	};
	char p[] = "urn:p", v[40], want[200];
	struct mc__rdf_quad q;
	size_t i, at, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (at = 0; at < 33; at++)
			for (k = 0; k < 2; k++) {
				mc_buf b = MC_BUF_INIT(1 << 20);
				const char *e = k ? cases[i].iri : cases[i].lit;

				memset(v, 'a', 33);
				v[33] = '\0';
				v[at] = (char)cases[i].c;
				memset(&q, 0, sizeof(q));
				q.s.kind = MC__RDF_IRI;
				q.s.value = p;
				q.p.kind = MC__RDF_IRI;
				q.p.value = p;
				q.o.kind = k ? MC__RDF_IRI : MC__RDF_LITERAL;
				q.o.value = v;
				q.o.datatype =
				    k ? NULL : (char *)MC__XSD_STRING;
				if (e)
					snprintf(want, sizeof(want),
						 "<urn:p> <urn:p> %s%.*s%s%s%s "
						 ".\n",
						 k ? "<" : "\"", (int)at, v, e,
						 v + at + 1, k ? ">" : "\"");
				else
					snprintf(want, sizeof(want),
						 "<urn:p> <urn:p> %s%s%s .\n",
						 k ? "<" : "\"", v,
						 k ? ">" : "\"");
				assert_int_equal(
				    mc__nquads_write_quad(&b, &q, NULL, NULL),
				    0);
				assert_string_equal(b.ptr, want);
				mc__buf_free(&b);
			}
}

static void assert_bad(const char *text, int code, const char *where,
		       const char *reason)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	char err[256] = "";

	assert_int_equal(
	    mc__nquads_parse(&ds, text, strlen(text), err, sizeof(err)), code);
	if (!strstr(err, where) || !strstr(err, reason))
		fail_msg("%s: got \"%s\", expected \"%s\" and \"%s\"", text,
			 err, where, reason);
	mc__rdf_dataset_free(&ds);
}

static void test_bad_input(void **state)
{
	const char *ok = "<urn:s> <urn:p> <urn:o> .\n";
	char text[256];

	(void)state;
#define BAD(line2, where, reason)                                              \
	do {                                                                   \
		snprintf(text, sizeof(text), "%s%s", ok, line2);               \
		assert_bad(text, MC_EINVALID, where, reason);                  \
	} while (0)
	BAD("<s> <urn:p> <urn:o> .", "line 2, column 1", "relative IRI");
	BAD("<urn:s> <urn:p> <urn:o>", "line 2, column 24", "expected '.'");
	BAD("<urn:s> <urn:p> \"abc .", "line 2", "without its closing");
	BAD("<urn:s> <urn:p> \"a\nb\" .", "line 2", "without its closing");
	BAD("<urn:s> <urn:p> \"a\\x\" .", "line 2", "unknown escape");
	BAD("<urn:s> <urn:p> \"a\"@-en .", "line 2", "language tag");
	BAD("<urn:s> <urn:p> \"a\"@en- .", "line 2", "language tag");
	BAD("<urn:s> <urn:p> \"a\"^^\"b\" .", "line 2", "IRI after ^^");
	BAD("\"s\" <urn:p> <urn:o> .", "line 2, column 1",
	    "expected an IRI or a blank node");
	BAD("<urn:s> _:p <urn:o> .", "line 2, column 9", "predicate");
	BAD("<urn:s> <urn:p> <urn:o> \"g\" .", "line 2", "expected '.'");
	BAD("<urn:s> <urn:p> <urn:o> . x", "line 2", "more after");
	BAD("<urn:s> <urn:p> <urn:a b> .", "line 2", "IRI with a space");
	BAD("<urn:s> <urn:p> <urn:\\u0020> .", "line 2, column 22",
	    "escaped character");
	BAD("<urn:s> <urn:p> <urn:\\n> .", "line 2", "escape other than");
	BAD("<urn:s> <urn:p> \"\\ud800\" .", "line 2", "surrogate");
	BAD("<urn:s> <urn:p> \"\\u12\" .", "line 2", "non-hex");
	BAD("<urn:s> <urn:p> <urn:o", "line 2", "without its '>'");
	BAD("_:-a <urn:p> <urn:o> .", "line 2", "blank node label");
	BAD("<urn:s> <urn:p> <urn:o> . \xff", "line 2", "invalid UTF-8");
	/* Line numbers count LF, CR and CRLF line ends. */
	assert_bad("<urn:s> <urn:p> <urn:o> .\r\n\r<urn:s> <urn:p> .",
		   MC_EINVALID, "line 3", "expected an IRI, a blank node");
#undef BAD
}

static void test_limits(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	const char *text = "<urn:s> <urn:p> <urn:o1> .\n"
			   "<urn:s> <urn:p> <urn:o1> .\n"
			   "<urn:s> <urn:p> <urn:o2> .\n"
			   "<urn:s> <urn:p> <urn:o3> .\n";
	size_t n = (1u << 20) + 40, i;
	char err[256] = "", *big;

	(void)state;
	/* Duplicates are removed, so only the third new quad is too many. */
	ds.max = 2;
	assert_int_equal(
	    mc__nquads_parse(&ds, text, strlen(text), err, sizeof(err)),
	    MC_ETOOBIG);
	assert_non_null(strstr(err, "line 4"));
	assert_int_equal(ds.len, 2);
	mc__rdf_dataset_free(&ds);

	/* A term past 1 MiB. */
	big = malloc(n + 1);
	assert_non_null(big);
	memcpy(big, "<urn:s> <urn:p> \"", 17);
	for (i = 17; i < n - 3; i++)
		big[i] = 'a';
	memcpy(big + n - 3, "\" .", 4);
	memset(&ds, 0, sizeof(ds));
	assert_int_equal(mc__nquads_parse(&ds, big, n, err, sizeof(err)),
			 MC_ETOOBIG);
	assert_non_null(strstr(err, "line 1"));
	mc__rdf_dataset_free(&ds);
	free(big);
}

/* mc__rdf_add() removes duplicates with a hash set: 100,000 quads, every
 * one added twice, take well under a few seconds (a scan per add would
 * take minutes). */
static void test_dedupe_linear(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__rdf_quad q;
	char s[] = "urn:s", p[] = "urn:p", o[32], dt[] = MC__XSD_STRING;
	size_t n = 100000, i, round;
	clock_t t0 = clock();

	(void)state;
	memset(&q, 0, sizeof(q));
	q.s.kind = MC__RDF_IRI;
	q.s.value = s;
	q.p.kind = MC__RDF_IRI;
	q.p.value = p;
	q.o.kind = MC__RDF_LITERAL;
	q.o.value = o;
	q.o.datatype = dt;
	for (round = 0; round < 2; round++)
		for (i = 0; i < n; i++) {
			snprintf(o, sizeof(o), "%zu", i);
			assert_int_equal(mc__rdf_add(&ds, &q), 0);
		}
	assert_int_equal(ds.len, n);
	/* Same value, other kinds of term: all different quads. */
	q.o.language = "en";
	assert_int_equal(mc__rdf_add(&ds, &q), 0);
	q.o.kind = MC__RDF_IRI;
	assert_int_equal(mc__rdf_add(&ds, &q), 0);
	q.g.kind = MC__RDF_BLANK;
	q.g.value = s;
	assert_int_equal(mc__rdf_add(&ds, &q), 0);
	assert_int_equal(mc__rdf_add(&ds, &q), 0);
	assert_int_equal(ds.len, n + 3);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	mc__rdf_dataset_free(&ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_terms),
	    cmocka_unit_test(test_escapes_read),
	    cmocka_unit_test(test_canonical_literals),
	    cmocka_unit_test(test_writer),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_dedupe_linear),
	    cmocka_unit_test(test_escape_every_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
