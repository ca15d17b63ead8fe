/*
 * Unit tests for Deserialize JSON-LD to RDF (src/lib/ld/ld_to_rdf.c) on
 * hand-written expanded documents: the canonical forms of numbers and
 * booleans, @json literals, lists, named graphs, blank node relabelling,
 * what is skipped (relative and ill-formed IRIs, blank-node predicates,
 * ill-formed language tags), rdfDirection, and the limits.
 *
 * Quads are written here in a plain N-Quads-like form without escapes,
 * one per line, sorted; blank node labels are the issuer's ("b0", ...).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "ld/ld.h"
#include "microcred/errors.h"
#include "util/util.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

static void put_term(mc_buf *b, const struct mc__rdf_term *t)
{
	switch (t->kind) {
	case MC__RDF_IRI:
		mc__buf_printf(b, "<%s>", t->value);
		break;
	case MC__RDF_BLANK:
		mc__buf_printf(b, "_:%s", t->value);
		break;
	case MC__RDF_LITERAL:
		if (t->language != NULL) {
			assert_string_equal(t->datatype, RDF "langString");
			mc__buf_printf(b, "\"%s\"@%s", t->value, t->language);
		} else if (strcmp(t->datatype, XSD "string") == 0) {
			mc__buf_printf(b, "\"%s\"", t->value);
		} else {
			mc__buf_printf(b, "\"%s\"^^<%s>", t->value,
				       t->datatype);
		}
		break;
	default:
		break;
	}
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted lines of `text` joined again. */
static char *sorted(const char *text)
{
	char *copy = strdup(text), *lines[256], *p, *save = NULL;
	size_t n = 0, i;
	mc_buf out = MC_BUF_INIT(1 << 20);

	for (p = strtok_r(copy, "\n", &save); p && n < 256;
	     p = strtok_r(NULL, "\n", &save))
		lines[n++] = p;
	qsort(lines, n, sizeof(lines[0]), cmp_lines);
	mc__buf_puts(&out, "");
	for (i = 0; i < n; i++)
		mc__buf_printf(&out, "%s\n", lines[i]);
	free(copy);
	return mc__buf_detach(&out);
}

static char *dataset_text(const struct mc__rdf_dataset *ds)
{
	mc_buf b = MC_BUF_INIT(1 << 20);
	char *text, *s;
	size_t i;

	mc__buf_puts(&b, "");
	for (i = 0; i < ds->len; i++) {
		const struct mc__rdf_quad *q = &ds->quads[i];

		put_term(&b, &q->s);
		mc__buf_puts(&b, " ");
		put_term(&b, &q->p);
		mc__buf_puts(&b, " ");
		put_term(&b, &q->o);
		if (q->g.kind != MC__RDF_NONE) {
			mc__buf_puts(&b, " ");
			put_term(&b, &q->g);
		}
		mc__buf_puts(&b, "\n");
	}
	text = mc__buf_detach(&b);
	s = sorted(text);
	free(text);
	return s;
}

/* Deserialise the expanded document `json` with `opts`; the call must
 * return `code`; on success the quads must be `expected` (any order). */
static void check_opts(const char *json, const struct mc__ld_options *opts,
		       int code, const char *expected)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	json_error_t jerr;
	json_t *doc = json_loads(json, JSON_DECODE_ANY, &jerr);
	char err[256] = "";
	int rc;

	if (doc == NULL)
		fail_msg("test input: %s: %s", json, jerr.text);
	rc = mc__ld_expanded_to_rdf(&ds, doc, opts, err, sizeof(err));
	if (rc != code)
		fail_msg("%s: returned %d (%s), expected %d", json, rc, err,
			 code);
	if (code == 0) {
		char *got = dataset_text(&ds), *want = sorted(expected);

		if (strcmp(got, want) != 0)
			fail_msg("%s:\ngot:\n%sexpected:\n%s", json, got, want);
		free(got);
		free(want);
	} else {
		assert_true(err[0] != '\0');
	}
	mc__rdf_dataset_free(&ds);
	json_decref(doc);
}

static void check(const char *json, const char *expected)
{
	check_opts(json, NULL, 0, expected);
}

/* The object literal of {"@id": "http://s", "http://p": [value]}. */
static void check_value(const char *value, const char *object)
{
	char json[512], quad[512];

	snprintf(json, sizeof(json),
		 "[{\"@id\": \"http://s\", \"http://p\": [%s]}]", value);
	snprintf(quad, sizeof(quad), "<http://s> <http://p> %s\n", object);
	check(json, quad);
}

static void test_numbers(void **state)
{
	(void)state;
	check_value("{\"@value\": 5}", "\"5\"^^<" XSD "integer>");
	check_value("{\"@value\": -12}", "\"-12\"^^<" XSD "integer>");
	/* integral reals are integers, -0 is "0" */
	check_value("{\"@value\": 8.0}", "\"8\"^^<" XSD "integer>");
	check_value("{\"@value\": -0.0}", "\"0\"^^<" XSD "integer>");
	check_value("{\"@value\": 1e20}",
		    "\"100000000000000000000\"^^<" XSD "integer>");
	/* a fraction, or 1e21 and more: xsd:double */
	check_value("{\"@value\": 1.1}", "\"1.1E0\"^^<" XSD "double>");
	check_value("{\"@value\": 9.9}", "\"9.9E0\"^^<" XSD "double>");
	check_value("{\"@value\": 0.1}", "\"1.0E-1\"^^<" XSD "double>");
	/* the API's rule, where jsonld.js writes "0"^^xsd:integer */
	check_value("{\"@value\": 1e-7}", "\"1.0E-7\"^^<" XSD "double>");
	check_value("{\"@value\": -2.5e-300}",
		    "\"-2.5E-300\"^^<" XSD "double>");
	check_value("{\"@value\": 1e21}", "\"1.0E21\"^^<" XSD "double>");
	check_value("{\"@value\": 1.7976931348623157e308}",
		    "\"1.797693134862316E308\"^^<" XSD "double>");
	check_value("{\"@value\": 5e-324}",
		    "\"4.940656458412465E-324\"^^<" XSD "double>");
	/* a tie at the 16th digit rounds away from zero (ECMAScript's
	 * toExponential), not to even (printf) */
	check_value("{\"@value\": 1234567890123456.5}",
		    "\"1.234567890123457E15\"^^<" XSD "double>");
	check_value("{\"@value\": -1234567890123456.5}",
		    "\"-1.234567890123457E15\"^^<" XSD "double>");
	/* a datatype of xsd:double makes any number a double */
	check_value("{\"@value\": 53, \"@type\": \"" XSD "double\"}",
		    "\"5.3E1\"^^<" XSD "double>");
	check_value("{\"@value\": 1, \"@type\": \"" XSD "double\"}",
		    "\"1.0E0\"^^<" XSD "double>");
	check_value("{\"@value\": -0.0, \"@type\": \"" XSD "double\"}",
		    "\"0.0E0\"^^<" XSD "double>");
	/* another datatype is kept, the form follows the number */
	check_value("{\"@value\": 9.9, \"@type\": \"" XSD "integer\"}",
		    "\"9.9E0\"^^<" XSD "integer>");
	check_value("{\"@value\": 8, \"@type\": \"http://t\"}",
		    "\"8\"^^<http://t>");
	/* integers past 2^53 are read as JSON readers read them: the
	 * nearest double */
	check_value("{\"@value\": 9007199254740993}",
		    "\"9007199254740992\"^^<" XSD "integer>");
	check_value("{\"@value\": 123456789012345678}",
		    "\"123456789012345680\"^^<" XSD "integer>");
	check_value("{\"@value\": -9223372036854775808}",
		    "\"-9223372036854775808\"^^<" XSD "integer>");
	check_value("{\"@value\": 9007199254740992}",
		    "\"9007199254740992\"^^<" XSD "integer>");
}

/* A real that jansson cannot hold is refused by its parser; one built
 * by hand that is not finite is refused here, never printed. */
static void test_numbers_not_finite(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	json_error_t jerr;
	char err[256] = "";
	json_t *doc, *v;

	(void)state;
	assert_null(json_loads("[1e400]", 0, &jerr));
	/* json_real() refuses them too, so the largest finite value is
	 * the edge case */
	assert_null(json_real(INFINITY));
	assert_null(json_real(NAN));
	v = json_real(1e308);
	doc = json_pack("[{s:s, s:[{s:o}]}]", "@id", "http://s", "http://p",
			"@value", v);
	assert_non_null(doc);
	assert_int_equal(
	    mc__ld_expanded_to_rdf(&ds, doc, NULL, err, sizeof(err)), 0);
	assert_int_equal(ds.len, 1);
	assert_string_equal(ds.quads[0].o.value, "1.0E308");
	assert_string_equal(ds.quads[0].o.datatype, XSD "double");
	mc__rdf_dataset_free(&ds);
	json_decref(doc);
}

/* Integers past 64 bits, as a credential is read (mc__vc_parse(): the
 * nearest double, as JavaScript reads them). */
static void test_numbers_big_integers(void **state)
{
	static const struct {
		const char *number, *object;
	} table[] = {
	    {"123456789012345678901234567890",
	     "\"1.234567890123457E29\"^^<" XSD "double>"},
	    {"-123456789012345678901234567890",
	     "\"-1.234567890123457E29\"^^<" XSD "double>"},
	    {"99999999999999999999",
	     "\"100000000000000000000\"^^<" XSD "integer>"},
	    {"999999999999999999999", "\"1.0E21\"^^<" XSD "double>"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
		char text[256], err[256] = "", *got;
		char want[256];
		json_error_t jerr;
		json_t *doc;

		snprintf(text, sizeof(text),
			 "[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
			 "%s}]}]",
			 table[i].number);
		doc = mc__vc_parse(text, strlen(text), &jerr);
		if (doc == NULL)
			fail_msg("%s: %s", table[i].number, jerr.text);
		assert_int_equal(
		    mc__ld_expanded_to_rdf(&ds, doc, NULL, err, sizeof(err)),
		    0);
		got = dataset_text(&ds);
		snprintf(want, sizeof(want), "<http://s> <http://p> %s\n",
			 table[i].object);
		assert_string_equal(got, want);
		free(got);
		mc__rdf_dataset_free(&ds);
		json_decref(doc);
	}
}

/* Arrays nested in arrays count against the depth too. */
static void test_nested_arrays(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	char err[256] = "";
	json_t *doc = json_pack("{s:s, s:[{s:i}]}", "@id", "http://s",
				"http://p", "@value", 1);
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		doc = json_pack("[o]", doc);
	assert_int_equal(
	    mc__ld_expanded_to_rdf(&ds, doc, NULL, err, sizeof(err)),
	    MC_ETOOBIG);
	assert_non_null(strstr(err, "too deep"));
	mc__rdf_dataset_free(&ds);
	json_decref(doc);
}

static void test_booleans_and_strings(void **state)
{
	(void)state;
	check_value("{\"@value\": true}", "\"true\"^^<" XSD "boolean>");
	check_value("{\"@value\": false}", "\"false\"^^<" XSD "boolean>");
	check_value("{\"@value\": true, \"@type\": \"http://t\"}",
		    "\"true\"^^<http://t>");
	check_value("{\"@value\": \"plain\"}", "\"plain\"");
	check_value("{\"@value\": \"chat\", \"@language\": \"fr-CA\"}",
		    "\"chat\"@fr-CA");
	/* a typed string keeps its lexical form */
	check_value("{\"@value\": \"01.50\", \"@type\": \"" XSD "decimal\"}",
		    "\"01.50\"^^<" XSD "decimal>");
	/* ill-formed language tags and datatypes drop the triple */
	check("[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": \"x\", "
	      "\"@language\": \"a b\"}, {\"@value\": \"y\", \"@language\": "
	      "\"toolongtag\"}, {\"@value\": \"z\", \"@type\": \"http://a "
	      "b\"}, {\"@value\": \"w\", \"@type\": \"rel\"}]}]",
	      "");
	/* a null value outside @json adds nothing */
	check("[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
	      "null}]}]",
	      "");
}

static void test_json_literals(void **state)
{
	(void)state;
	check_value("{\"@value\": {\"b\": 1, \"a\": [1.0, true, null]}, "
		    "\"@type\": \"@json\"}",
		    "\"{\"a\":[1,true,null],\"b\":1}\"^^<" RDF "JSON>");
	check_value("{\"@value\": null, \"@type\": \"@json\"}",
		    "\"null\"^^<" RDF "JSON>");
	check_value("{\"@value\": 0.0, \"@type\": \"@json\"}",
		    "\"0\"^^<" RDF "JSON>");
	check_value("{\"@value\": 1e21, \"@type\": \"@json\"}",
		    "\"1e+21\"^^<" RDF "JSON>");
	check_value("{\"@value\": [], \"@type\": \"@json\"}",
		    "\"[]\"^^<" RDF "JSON>");
	check_value("{\"@value\": \"s\", \"@type\": \"@json\"}",
		    "\"\"s\"\"^^<" RDF "JSON>");
}

static void test_lists(void **state)
{
	(void)state;
	check_value("{\"@list\": []}", "<" RDF "nil>");
	check("[{\"@id\": \"http://s\", \"http://p\": [{\"@list\": "
	      "[{\"@value\": 1}, {\"@id\": \"http://o\"}]}]}]",
	      "<http://s> <http://p> _:b0\n"
	      "_:b0 <" RDF "first> \"1\"^^<" XSD "integer>\n"
	      "_:b0 <" RDF "rest> _:b1\n"
	      "_:b1 <" RDF "first> <http://o>\n"
	      "_:b1 <" RDF "rest> <" RDF "nil>\n");
	/* a list of lists, and a node in a list keeps its own triples */
	check("[{\"@id\": \"http://s\", \"http://p\": [{\"@list\": "
	      "[{\"@list\": [{\"@value\": \"a\"}]}, {\"@list\": []}, "
	      "{\"@id\": \"http://n\", \"http://q\": [{\"@value\": "
	      "\"x\"}]}]}]}]",
	      "<http://s> <http://p> _:b0\n"
	      "_:b0 <" RDF "first> _:b1\n"
	      "_:b1 <" RDF "first> \"a\"\n"
	      "_:b1 <" RDF "rest> <" RDF "nil>\n"
	      "_:b0 <" RDF "rest> _:b2\n"
	      "_:b2 <" RDF "first> <" RDF "nil>\n"
	      "_:b2 <" RDF "rest> _:b3\n"
	      "_:b3 <" RDF "first> <http://n>\n"
	      "_:b3 <" RDF "rest> <" RDF "nil>\n"
	      "<http://n> <http://q> \"x\"\n");
	/* an item that gives no term leaves its rdf:first out */
	check("[{\"@id\": \"http://s\", \"http://p\": [{\"@list\": "
	      "[{\"@id\": \"relative\"}]}]}]",
	      "<http://s> <http://p> _:b0\n"
	      "_:b0 <" RDF "rest> <" RDF "nil>\n");
	/* a floating list adds its nodes, not a chain */
	check("[{\"@list\": [{\"@id\": \"http://n\", \"http://q\": "
	      "[{\"@value\": \"x\"}]}]}]",
	      "<http://n> <http://q> \"x\"\n");
}

static void test_graphs(void **state)
{
	(void)state;
	check("[{\"@id\": \"http://g\", \"http://p\": [{\"@value\": \"in "
	      "default\"}], \"@graph\": [{\"@id\": \"http://s\", \"@type\": "
	      "[\"http://T\"], \"http://p\": [{\"@id\": \"_:x\", \"http://q\": "
	      "[{\"@value\": \"nested\"}]}]}]}]",
	      "<http://g> <http://p> \"in default\"\n"
	      "<http://s> <" RDF "type> <http://T> <http://g>\n"
	      "<http://s> <http://p> _:b0 <http://g>\n"
	      "_:b0 <http://q> \"nested\" <http://g>\n");
	/* a graph without @id is named by a blank node; @included stays
	 * in the current graph */
	check("[{\"@id\": \"http://s\", \"http://p\": [{\"@graph\": "
	      "[{\"@id\": \"http://a\", \"http://q\": [{\"@value\": 1}], "
	      "\"@included\": [{\"@id\": \"http://i\", \"http://q\": "
	      "[{\"@value\": 2}]}]}]}]}]",
	      "<http://s> <http://p> _:b0\n"
	      "<http://a> <http://q> \"1\"^^<" XSD "integer> _:b0\n"
	      "<http://i> <http://q> \"2\"^^<" XSD "integer> _:b0\n");
	/* a graph whose name is not a well-formed IRI is dropped whole */
	check("[{\"@id\": \"http://example.com/invalid gn\", \"@graph\": "
	      "[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
	      "\"x\"}]}]}]",
	      "");
}

static void test_blank_nodes(void **state)
{
	(void)state;
	/* input labels are relabelled in the order met; an anonymous node
	 * takes the next label, never an input one */
	check("[{\"@id\": \"_:b1\", \"http://p\": [{\"@id\": \"_:b0\"}, "
	      "{\"http://q\": [{\"@id\": \"_:b1\"}]}]}, "
	      "{\"@id\": \"_:b0\", \"@type\": [\"_:t\"]}]",
	      "_:b0 <http://p> _:b1\n"
	      "_:b0 <http://p> _:b2\n"
	      "_:b2 <http://q> _:b0\n"
	      "_:b1 <" RDF "type> _:b3\n");
	/* a blank-node predicate is dropped (no generalised RDF), the
	 * value's own triples are not */
	check("[{\"@id\": \"http://s\", \"_:p\": [{\"@id\": \"http://o\", "
	      "\"http://q\": [{\"@value\": \"kept\"}]}]}]",
	      "<http://o> <http://q> \"kept\"\n");
	/* relabelling is per call: the same label in two calls is b0 */
	check("[{\"@id\": \"_:z\", \"http://p\": [{\"@value\": 1}]}]",
	      "_:b0 <http://p> \"1\"^^<" XSD "integer>\n");
}

static void test_skipped(void **state)
{
	(void)state;
	/* relative and ill-formed IRIs as subject, predicate, object and
	 * type: the triple goes, the rest stays */
	check("[{\"@id\": \"relative\", \"http://p\": [{\"@value\": \"a\"}]},"
	      " {\"@id\": \"http://s\", \"relative\": [{\"@value\": \"b\"}], "
	      "\"http://a b\": [{\"@value\": \"c\"}], \"http://p\": "
	      "[{\"@id\": \"http://o o\"}, {\"@id\": \"http://ok\"}], "
	      "\"@type\": [\"http://T\", \"http://in valid\", \"rel\"]}]",
	      "<http://s> <http://p> <http://ok>\n"
	      "<http://s> <" RDF "type> <http://T>\n");
	/* keyword-like keys and @index add nothing */
	check("[{\"@id\": \"http://s\", \"@index\": \"i\", \"@ignoreMe\": "
	      "[{\"@value\": 1}], \"http://p\": [{\"@value\": \"v\", "
	      "\"@index\": \"j\"}]}]",
	      "<http://s> <http://p> \"v\"\n");
}

/* Node map generation's error: one node, two @index values. */
static void test_conflicting_indexes(void **state)
{
	(void)state;
	check_opts("[{\"@id\": \"http://s\", \"@index\": \"a\", \"http://p\": "
		   "[{\"@value\": 1}]}, {\"@id\": \"http://s\", \"@index\": "
		   "\"b\"}]",
		   NULL, MC_EINVALID, NULL);
	/* nested, and with blank node labels */
	check_opts("[{\"@id\": \"http://a\", \"http://p\": [{\"@id\": \"_:x\", "
		   "\"@index\": \"a\"}, {\"@id\": \"_:x\", \"@index\": "
		   "\"b\"}]}]",
		   NULL, MC_EINVALID, NULL);
	/* the same index twice, or the same @id in another graph, is fine */
	check("[{\"@id\": \"http://s\", \"@index\": \"a\"}, {\"@id\": "
	      "\"http://s\", \"@index\": \"a\", \"http://p\": [{\"@value\": "
	      "1}]}, {\"@id\": \"http://g\", \"@graph\": [{\"@id\": "
	      "\"http://s\", \"@index\": \"b\"}]}]",
	      "<http://s> <http://p> \"1\"^^<" XSD "integer>\n");
}

static void test_reverse(void **state)
{
	(void)state;
	check("[{\"@id\": \"http://s\", \"@reverse\": {\"http://knows\": "
	      "[{\"@id\": \"http://a\"}, {\"http://name\": [{\"@value\": "
	      "\"anon\"}]}]}}]",
	      "<http://a> <http://knows> <http://s>\n"
	      "_:b0 <http://knows> <http://s>\n"
	      "_:b0 <http://name> \"anon\"\n");
	/* values and lists cannot be subjects (found by fuzz_ld_to_rdf) */
	check("[{\"@id\": \"http://s\", \"@reverse\": {\"http://r\": "
	      "[{\"@value\": \"v\"}, {\"@list\": [{\"@value\": 1}]}, "
	      "{\"@id\": \"http://a\"}]}}]",
	      "<http://a> <http://r> <http://s>\n");
}

static void test_direction(void **state)
{
	struct mc__ld_options opts;
	const char *ltr =
	    "[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
	    "\"t\", \"@language\": \"en-US\", \"@direction\": "
	    "\"rtl\"}, {\"@value\": \"u\", \"@direction\": "
	    "\"ltr\"}]}]";

	(void)state;
	memset(&opts, 0, sizeof(opts));
	check_opts(ltr, &opts, 0,
		   "<http://s> <http://p> \"t\"@en-US\n"
		   "<http://s> <http://p> \"u\"\n");
	opts.rdf_direction = "i18n-datatype";
	check_opts(ltr, &opts, 0,
		   "<http://s> <http://p> "
		   "\"t\"^^<https://www.w3.org/ns/i18n#en-us_rtl>\n"
		   "<http://s> <http://p> "
		   "\"u\"^^<https://www.w3.org/ns/i18n#_ltr>\n");
	/* a direction that makes no well-formed datatype drops the
	 * triple (found by fuzz_ld_to_rdf) */
	check_opts("[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
		   "\"t\", \"@direction\": \"{tl\"}]}]",
		   &opts, 0, "");
	/* a direction on a @json or typed value or a number (which
	 * expansion never makes) is ignored */
	check_opts("[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
		   "[1], \"@type\": \"@json\", \"@direction\": \"rtl\"}, "
		   "{\"@value\": 7, \"@direction\": \"rtl\"}]}]",
		   &opts, 0,
		   "<http://s> <http://p> \"[1]\"^^<" RDF "JSON>\n"
		   "<http://s> <http://p> \"7\"^^<" XSD "integer>\n");
	opts.rdf_direction = "compound-literal";
	check_opts("[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
		   "7, \"@direction\": \"rtl\"}]}]",
		   &opts, 0, "<http://s> <http://p> \"7\"^^<" XSD "integer>\n");
	check_opts(ltr, &opts, 0,
		   "<http://s> <http://p> _:b0\n"
		   "_:b0 <" RDF "value> \"t\"\n"
		   "_:b0 <" RDF "language> \"en-us\"\n"
		   "_:b0 <" RDF "direction> \"rtl\"\n"
		   "<http://s> <http://p> _:b1\n"
		   "_:b1 <" RDF "value> \"u\"\n"
		   "_:b1 <" RDF "direction> \"ltr\"\n");
	opts.rdf_direction = "sideways";
	check_opts(ltr, &opts, MC_EINVALID, NULL);
}

static void test_limits(void **state)
{
	struct mc__ld_options opts;
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	char err[256] = "";
	json_t *doc, *inner;
	int i;

	(void)state;
	memset(&opts, 0, sizeof(opts));
	/* values visited */
	opts.max_nodes = 3;
	check_opts("[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": 1}, "
		   "{\"@value\": 2}, {\"@value\": 3}]}]",
		   &opts, MC_ETOOBIG, NULL);
	opts.max_nodes = 0;
	/* nesting: 100 nested nodes against the default of 64 */
	doc = json_pack("{s:s}", "@id", "http://leaf");
	for (i = 0; i < 100; i++) {
		inner = doc;
		doc = json_pack("{s:[o]}", "http://p", inner);
	}
	inner = doc;
	doc = json_pack("[o]", inner);
	assert_int_equal(
	    mc__ld_expanded_to_rdf(&ds, doc, &opts, err, sizeof(err)),
	    MC_ETOOBIG);
	assert_non_null(strstr(err, "too deep"));
	mc__rdf_dataset_free(&ds);
	/* the same within a raised limit */
	opts.max_depth = 200;
	memset(&ds, 0, sizeof(ds));
	assert_int_equal(
	    mc__ld_expanded_to_rdf(&ds, doc, &opts, err, sizeof(err)), 0);
	assert_int_equal(ds.len, 100);
	mc__rdf_dataset_free(&ds);
	json_decref(doc);
	/* the dataset's own maximum */
	memset(&ds, 0, sizeof(ds));
	ds.max = 1;
	doc = json_loads("[{\"@id\": \"http://s\", \"http://p\": [{\"@value\": "
			 "1}, {\"@value\": 2}]}]",
			 0, NULL);
	assert_int_equal(
	    mc__ld_expanded_to_rdf(&ds, doc, NULL, err, sizeof(err)),
	    MC_ETOOBIG);
	assert_non_null(strstr(err, "too many quads"));
	mc__rdf_dataset_free(&ds);
	json_decref(doc);
}

/* A long list and many blank nodes stay linear: 100,000 items. */
static void test_big_list(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__ld_options opts;
	char err[256] = "";
	json_t *items = json_array(), *doc;
	int i;

	(void)state;
	memset(&opts, 0, sizeof(opts));
	opts.max_nodes = 1000000;
	for (i = 0; i < 100000; i++)
		json_array_append_new(items, json_pack("{s:i}", "@value", i));
	doc = json_pack("[{s:s, s:[{s:o}]}]", "@id", "http://s", "http://p",
			"@list", items);
	assert_int_equal(
	    mc__ld_expanded_to_rdf(&ds, doc, &opts, err, sizeof(err)), 0);
	assert_int_equal(ds.len, 200001);
	mc__rdf_dataset_free(&ds);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_numbers_not_finite),
	    cmocka_unit_test(test_numbers_big_integers),
	    cmocka_unit_test(test_nested_arrays),
	    cmocka_unit_test(test_booleans_and_strings),
	    cmocka_unit_test(test_json_literals),
	    cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_graphs),
	    cmocka_unit_test(test_blank_nodes),
	    cmocka_unit_test(test_skipped),
	    cmocka_unit_test(test_conflicting_indexes),
	    cmocka_unit_test(test_reverse),
	    cmocka_unit_test(test_direction),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_big_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
