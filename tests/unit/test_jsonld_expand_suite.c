/*
 * The W3C JSON-LD 1.1 API expand suite
 * ($MC_FIXTURES/jsonld/json-ld-api-tests/expand-manifest.jsonld) against
 * mc__ld_expand(), and the expander's own contracts (safe mode, limits,
 * unknown and cyclic contexts).
 *
 * Positive tests compare the result with the expected document by JSON-LD
 * object comparison (arrays are unordered except the values of @list);
 * negative tests compare the error code at the start of the message.  The
 * test's loader maps the suite's base URL to the fixtures folder.  Every
 * test that is not run is listed in `unclaimed` below with the reason;
 * the counts are printed as "expand: N passed, F failed, U not claimed
 * (of T)".  The suite skips, with the reason printed, when the fixtures
 * are absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld/ld.h"
#include "microcred/errors.h"

#define SUITE_URL "https://w3c.github.io/json-ld-api/tests/"

/* Tests not claimed, with the reason.  Tests for JSON-LD 1.0 (specVersion
 * or processingMode json-ld-1.0) run with processingMode json-ld-1.0. */
static const struct {
	const char *id, *reason;
} unclaimed[] = {
    /* jsonld.js (inside every Digital Bazaar and DCC verifier and
     * wallet) reads an inline {"@context": {...}} as the context it
     * wraps, and the W3C Data Integrity test suite's signed inputs rely
     * on it; a verifier that refused them would fail those credentials.
     * We read it as jsonld.js does. */
    {"#ter56", "an inline context document {\"@context\": {...}} is read "
	       "as its @context, as jsonld.js reads it, not refused"},
};

static char suite_dir[1024];

static const char *unclaimed_reason(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(unclaimed) / sizeof(unclaimed[0]); i++)
		if (unclaimed[i].id && strcmp(unclaimed[i].id, id) == 0)
			return unclaimed[i].reason;
	return NULL;
}

/* The loader of the suite: its base URL is the fixtures folder. */
static json_t *suite_load(const char *url, void *arg)
{
	char path[2048];
	size_t n = strlen(SUITE_URL);
	const char *hash;

	(void)arg;
	if (strncmp(url, SUITE_URL, n) != 0)
		return NULL;
	hash = strchr(url, '#');
	snprintf(path, sizeof(path), "%s/%.*s", suite_dir,
		 (int)(hash ? (size_t)(hash - url) - n : strlen(url) - n),
		 url + n);
	return json_load_file(path, JSON_DECODE_ANY, NULL);
}

/* ---- JSON-LD object comparison -------------------------------------- */

static int ld_equal(const json_t *a, const json_t *b, int ordered);

static int arrays_equal(const json_t *a, const json_t *b, int ordered)
{
	size_t n = json_array_size(a), i, j;
	char *used;
	int ok = 1;

	if (n != json_array_size(b))
		return 0;
	if (ordered) {
		for (i = 0; i < n; i++)
			if (!ld_equal(json_array_get(a, i),
				      json_array_get(b, i), 0))
				return 0;
		return 1;
	}
	used = calloc(n + 1, 1);
	if (!used)
		return 0;
	for (i = 0; i < n && ok; i++) {
		ok = 0;
		for (j = 0; j < n; j++)
			if (!used[j] && ld_equal(json_array_get(a, i),
						 json_array_get(b, j), 0)) {
				used[j] = 1;
				ok = 1;
				break;
			}
	}
	free(used);
	return ok;
}

static int ld_equal(const json_t *a, const json_t *b, int ordered)
{
	const char *k;
	json_t *v;

	if (json_is_array(a) && json_is_array(b))
		return arrays_equal(a, b, ordered);
	if (json_is_object(a) && json_is_object(b)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)a, k, v)
		{
			json_t *w = json_object_get(b, k);
			if (!w || !ld_equal(v, w, strcmp(k, "@list") == 0))
				return 0;
		}
		return 1;
	}
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	return json_equal((json_t *)a, (json_t *)b);
}

/* ---- the suite ------------------------------------------------------ */

static json_t *load_rel(const char *rel)
{
	char path[2048];

	snprintf(path, sizeof(path), "%s/%s", suite_dir, rel);
	return json_load_file(path, JSON_DECODE_ANY, NULL);
}

static void test_expand_suite(void **state)
{
	const char *fx = getenv("MC_FIXTURES");
	char path[2048], err[512], base[1024];
	json_t *manifest, *seq, *t;
	size_t i, passed = 0, failed = 0, skipped = 0, total;

	(void)state;
	snprintf(suite_dir, sizeof(suite_dir), "%s/jsonld/json-ld-api-tests",
		 fx ? fx : "../shared/fixtures");
	snprintf(path, sizeof(path), "%s/expand-manifest.jsonld", suite_dir);
	if (!(manifest = json_load_file(path, 0, NULL))) {
		print_message("skipped: %s not found (../shared/fixtures is "
			      "absent)\n",
			      path);
		skip();
	}
	seq = json_object_get(manifest, "sequence");
	total = json_array_size(seq);
	json_array_foreach(seq, i, t)
	{
		const char *id = json_string_value(json_object_get(t, "@id"));
		const char *input =
		    json_string_value(json_object_get(t, "input"));
		const json_t *opt = json_object_get(t, "option");
		const char *spec =
		    json_string_value(json_object_get(opt, "specVersion"));
		const char *mode =
		    json_string_value(json_object_get(opt, "processingMode"));
		const char *ob =
		    json_string_value(json_object_get(opt, "base"));
		const char *ec =
		    json_string_value(json_object_get(opt, "expandContext"));
		const char *code =
		    json_string_value(json_object_get(t, "expectErrorCode"));
		const char *why = unclaimed_reason(id);
		struct mc__ld_options o = {0};
		json_t *doc, *out = NULL, *expect = NULL, *ectx = NULL;
		int rc, ok;

		if (why) {
			skipped++;
			print_message("not claimed: %s: %s\n", id, why);
			continue;
		}
		snprintf(base, sizeof(base), "%s%s", SUITE_URL, input);
		o.base = ob ? ob : base;
		o.load = suite_load;
		/* a JSON-LD 1.0 test runs in processingMode json-ld-1.0 */
		o.json_ld_10 = (mode && strcmp(mode, "json-ld-1.0") == 0) ||
			       (spec && strcmp(spec, "json-ld-1.0") == 0);
		if (ec) {
			ectx = load_rel(ec);
			o.expand_context = ectx;
		}
		doc = load_rel(input);
		err[0] = 0;
		rc = doc ? mc__ld_expand(&out, doc, &o, err, sizeof(err)) : -99;
		if (code) {
			ok = rc != 0 && strncmp(err, code, strlen(code)) == 0;
			if (!ok)
				print_message("FAIL %s (%s): want \"%s\", got "
					      "%d \"%s\"\n",
					      id, input, code, rc, err);
		} else {
			expect = load_rel(
			    json_string_value(json_object_get(t, "expect")));
			ok = rc == 0 && expect && ld_equal(out, expect, 0);
			if (!ok) {
				char *s =
				    out ? json_dumps(out, JSON_COMPACT) : NULL;
				print_message("FAIL %s (%s): %d \"%s\" %s\n",
					      id, input, rc, err, s ? s : "");
				free(s);
			}
		}
		if (ok)
			passed++;
		else
			failed++;
		json_decref(doc);
		json_decref(out);
		json_decref(expect);
		json_decref(ectx);
	}
	print_message("expand: %zu passed, %zu failed, %zu not claimed (of "
		      "%zu)\n",
		      passed, failed, skipped, total);
	json_decref(manifest);
	assert_int_equal(failed, 0);
	assert_int_equal(passed + skipped, total);
}

/* ---- the expander's own contracts ----------------------------------- */

static json_t *parse(const char *s)
{
	json_t *j = json_loads(s, JSON_DECODE_ANY, NULL);

	assert_non_null(j);
	return j;
}

static int expand_text(json_t **out, const char *text, int safe, char *err,
		       size_t errlen)
{
	struct mc__ld_options o = {0};
	json_t *doc = parse(text);
	int rc;

	o.safe = safe;
	rc = mc__ld_expand(out, doc, &o, err, errlen);
	json_decref(doc);
	return rc;
}

static void test_safe_mode(void **state)
{
	const char *doc =
	    "{\"@context\": {\"@version\": 1.1, \"name\": \"http://s/name\","
	    " \"credentialSubject\": {\"@id\": \"http://s/cs\"}},"
	    " \"credentialSubject\": {\"name\": \"A\", \"foo\": 1}}";
	char err[256], *s;
	json_t *out = NULL;

	(void)state;
	/* without safe mode foo is dropped */
	assert_int_equal(expand_text(&out, doc, 0, err, sizeof(err)), 0);
	s = json_dumps(out, 0);
	assert_non_null(s);
	assert_non_null(strstr(s, "http://s/name"));
	assert_null(strstr(s, "foo"));
	free(s);
	json_decref(out);
	assert_int_equal(expand_text(&out, doc, 1, err, sizeof(err)),
			 MC_EINVALID);
	assert_null(out);
	assert_string_equal(err, "undefined term: credentialSubject.foo");
	/* a relative type */
	assert_int_equal(
	    expand_text(&out,
			"{\"@context\": {\"name\": \"http://s/name\"},"
			" \"@type\": \"Thing\", \"name\": \"x\"}",
			1, err, sizeof(err)),
	    MC_EINVALID);
	assert_string_equal(err, "undefined term: @type \"Thing\"");
}

/* Safe mode refuses what plain expansion drops or keeps unchecked. */
static void test_safe_mode_drops(void **state)
{
	static const struct {
		const char *doc, *err;
	} cases[] = {
	    {"{\"@context\": {\"n\": \"http://s/n\"},"
	     " \"n\": {\"@value\": \"x\", \"@language\": \"en us\"}}",
	     "invalid language tag: n.@language \"en us\""},
	    {"{\"@context\": {\"n\": {\"@id\": \"http://s/n\","
	     " \"@container\": \"@language\"}}, \"n\": {\"e_n\": \"x\"}}",
	     "invalid language tag: n \"e_n\""},
	    {"{\"@context\": {\"n\": \"http://s/n\"}, \"@graph\": [1]}",
	     "dropped value: a value outside any property: (top level)"},
	    {"{\"@context\": {\"n\": \"http://s/n\"},"
	     " \"n\": {\"@value\": null}}",
	     "dropped value: @value null: n"},
	    {"{\"@context\": {\"@vocab\": \"rel/\"}, \"a\": 1}",
	     "invalid vocab mapping: relative @vocab \"rel/\" (safe mode)"},
	    {"{\"@context\": {\"@foo\": \"http://s/foo\"}, \"@foo\": 1}",
	     "invalid term definition: \"@foo\" has the form of a keyword "
	     "(safe mode)"},
	    {"{\"@context\": {\"n\": \"http://s/n\"}, \"n\": {\"@id\":"
	     " \"http://s/x\", \"@type\": \"@vocab\", \"m\": 1}}",
	     "undefined term: n.m"},
	};
	char err[256];
	json_t *out = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(
		    expand_text(&out, cases[i].doc, 0, err, sizeof(err)), 0);
		json_decref(out);
		assert_int_equal(
		    expand_text(&out, cases[i].doc, 1, err, sizeof(err)),
		    MC_EINVALID);
		assert_null(out);
		assert_string_equal(err, cases[i].err);
	}
}

static void test_unknown_context(void **state)
{
	char err[256];
	json_t *out = NULL;

	(void)state;
	assert_int_equal(
	    expand_text(&out,
			"{\"@context\": \"https://example.invalid/ctx\","
			" \"a\": 1}",
			0, err, sizeof(err)),
	    MC_ENOTFOUND);
	assert_non_null(strstr(err, "loading remote context failed: unknown "
				    "context URL https://example.invalid/ctx"));
}

static json_t *cyclic_load(const char *url, void *arg)
{
	(void)arg;
	if (strcmp(url, "https://a.example/1") == 0)
		return json_loads("{\"@context\": [\"https://a.example/2\","
				  " {\"x\": \"http://x/\"}]}",
				  0, NULL);
	if (strcmp(url, "https://a.example/2") == 0)
		return json_loads("{\"@context\": \"https://a.example/1\"}", 0,
				  NULL);
	return NULL;
}

static void test_cyclic_context(void **state)
{
	struct mc__ld_options o = {0};
	char err[256];
	json_t *doc =
		   parse("{\"@context\": \"https://a.example/1\", \"x\": 1}"),
	       *out = NULL;

	(void)state;
	o.load = cyclic_load;
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "recursive context inclusion"));
	json_decref(doc);
}

static void test_limits(void **state)
{
	struct mc__ld_options o = {0};
	char err[256];
	json_t *doc, *cur, *out = NULL;
	int i;

	(void)state;
	/* 10,000 levels of nesting end with MC_ETOOBIG, not a crash */
	doc = parse("{\"@context\": {\"@vocab\": \"http://v/\"}}");
	cur = doc;
	for (i = 0; i < 10000; i++) {
		json_t *n = json_object();
		json_object_set_new(cur, "a", n);
		cur = n;
	}
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)),
			 MC_ETOOBIG);
	assert_non_null(strstr(err, "nesting deeper than 64"));
	json_decref(doc);
	/* a huge array passes max_nodes */
	doc = parse("{\"@context\": {\"@vocab\": \"http://v/\"}, \"a\": []}");
	cur = json_object_get(doc, "a");
	for (i = 0; i < 300000; i++)
		json_array_append_new(cur, json_integer(i));
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)),
			 MC_ETOOBIG);
	assert_non_null(strstr(err, "document too large"));
	o.max_nodes = 400000;
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)), 0);
	json_decref(out);
	json_decref(doc);
}

/* Contexts built from pinned documents are shared by every call: the
 * document's base must still be each call's own. */
static void test_pinned_base(void **state)
{
	const char *text =
	    "{\"@context\": \"https://www.w3.org/ns/credentials/v2\","
	    " \"id\": \"cred/1\", \"type\": \"VerifiableCredential\"}";
	struct mc__ld_options o = {0};
	char err[256];
	json_t *doc = parse(text), *out = NULL;
	const char *id;

	(void)state;
	if (!mc__ld_context_get("https://www.w3.org/ns/credentials/v2"))
		skip();
	o.base = "https://a.example/x/";
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)), 0);
	id = json_string_value(json_object_get(json_array_get(out, 0), "@id"));
	assert_string_equal(id, "https://a.example/x/cred/1");
	json_decref(out);
	o.base = "https://b.example/y/";
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)), 0);
	id = json_string_value(json_object_get(json_array_get(out, 0), "@id"));
	assert_string_equal(id, "https://b.example/y/cred/1");
	json_decref(out);
	/* no base: a relative id is refused in safe mode */
	o.base = NULL;
	o.safe = 1;
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)),
			 MC_EINVALID);
	assert_string_equal(err, "relative IRI: id \"cred/1\"");
	json_decref(doc);
}

struct base_run {
	const char *base;
	int bad;
};

static void *expand_with_base(void *arg)
{
	struct base_run *r = arg;
	const char *text =
	    "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"],"
	    " \"id\": \"c\", \"type\": \"VerifiableCredential\","
	    " \"credentialSubject\": {\"id\": \"s\"}}";
	char want[128], err[256];
	int i;

	snprintf(want, sizeof(want), "%sc", r->base);
	for (i = 0; i < 200; i++) {
		struct mc__ld_options o = {0};
		json_t *doc = json_loads(text, 0, NULL), *out = NULL;
		const char *id;
		o.base = r->base;
		o.safe = 1;
		if (!doc || mc__ld_expand(&out, doc, &o, err, sizeof(err)) != 0)
			r->bad++;
		id = json_string_value(
		    json_object_get(json_array_get(out, 0), "@id"));
		if (!id || strcmp(id, want) != 0)
			r->bad++;
		json_decref(out);
		json_decref(doc);
	}
	return NULL;
}

/* Threads sharing the process-wide contexts each keep their own base. */
static void test_pinned_threads(void **state)
{
	struct base_run runs[4] = {{"https://a.example/", 0},
				   {"https://b.example/", 0},
				   {"https://c.example/x/", 0},
				   {"https://d.example:8443/", 0}};
	pthread_t t[4];
	int i;

	(void)state;
	if (!mc__ld_context_get("https://www.w3.org/ns/credentials/v2"))
		skip();
	for (i = 0; i < 4; i++)
		assert_int_equal(
		    pthread_create(&t[i], NULL, expand_with_base, &runs[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(runs[i].bad, 0);
	}
}

/* Building the shared form of a pinned context does not count against
 * the call's limits: a call near them cannot make it fail, and be
 * rebuilt, again and again. */
static void test_pinned_limits(void **state)
{
	const char *text =
	    "{\"@context\": [\"https://www.w3.org/2018/credentials/v1\","
	    " \"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json\"],"
	    " \"type\": [\"VerifiableCredential\", \"OpenBadgeCredential\"],"
	    " \"name\": \"x\"}";
	struct mc__ld_options o = {0};
	json_t *doc = parse(text), *out = NULL;
	char err[256];

	(void)state;
	if (!mc__ld_context_get("https://purl.imsglobal.org/spec/ob/v3p0/"
				"context-3.0.1.json"))
		skip();
	o.max_nodes = 20;
	o.max_depth = 3;
	o.safe = 1;
	assert_int_equal(mc__ld_expand(&out, doc, &o, err, sizeof(err)), 0);
	assert_int_equal(json_array_size(out), 1);
	json_decref(out);
	json_decref(doc);
}

/* A credential on the pinned VC 1.1 context: a term it does not define
 * is refused in safe mode and dropped otherwise; a protected term cannot
 * be redefined after it. */
static void test_pinned_credential(void **state)
{
	const char *v1 =
	    "{\"@context\": [\"https://www.w3.org/2018/credentials/v1\"],"
	    " \"type\": [\"VerifiableCredential\"], \"issuer\": \"did:ex:1\","
	    " \"issuanceDate\": \"2020-01-01T00:00:00Z\","
	    " \"credentialSubject\": {\"id\": \"did:ex:2\", \"foo\": \"x\"}}";
	const char *redefine =
	    "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\","
	    " {\"name\": \"https://evil.example/name\"}],"
	    " \"name\": \"x\"}";
	char err[256], *s;
	json_t *out = NULL;

	(void)state;
	if (!mc__ld_context_get("https://www.w3.org/2018/credentials/v1") ||
	    !mc__ld_context_get("https://www.w3.org/ns/credentials/v2"))
		skip();
	assert_int_equal(expand_text(&out, v1, 1, err, sizeof(err)),
			 MC_EINVALID);
	assert_string_equal(err, "undefined term: credentialSubject.foo");
	assert_int_equal(expand_text(&out, v1, 0, err, sizeof(err)), 0);
	s = json_dumps(out, 0);
	assert_non_null(strstr(s, "\"https://www.w3.org/2018/credentials#"
				  "credentialSubject\""));
	assert_non_null(strstr(s, "\"@type\": \"http://www.w3.org/2001/"
				  "XMLSchema#dateTime\""));
	assert_null(strstr(s, "foo"));
	free(s);
	json_decref(out);
	assert_int_equal(expand_text(&out, redefine, 0, err, sizeof(err)),
			 MC_EINVALID);
	assert_string_equal(err, "protected term redefinition: name");
}

/* Terms that depend on each other in a long chain, and a big context
 * copied at every level: an error in bounded time, never a crash. */
static void test_term_chains(void **state)
{
	json_t *doc = json_object(), *ctx = json_object(), *out = NULL, *cur;
	char err[256], k[32], v[40];
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		snprintf(k, sizeof(k), "t%d", i);
		snprintf(v, sizeof(v), "t%d:x", i + 1);
		json_object_set_new(ctx, k, json_string(v));
	}
	json_object_set_new(ctx, "t100000", json_string("http://x/"));
	json_object_set_new(doc, "@context", ctx);
	json_object_set_new(doc, "t0", json_integer(1));
	assert_int_equal(mc__ld_expand(&out, doc, NULL, err, sizeof(err)),
			 MC_ETOOBIG);
	assert_non_null(strstr(err, "deeper than 64"));
	json_decref(doc);
	/* 60 levels, each with its own context over 50,000 terms */
	doc = json_object();
	ctx = json_object();
	for (i = 0; i < 50000; i++) {
		snprintf(k, sizeof(k), "t%d", i);
		snprintf(v, sizeof(v), "http://x/%d", i);
		json_object_set_new(ctx, k, json_string(v));
	}
	json_object_set_new(doc, "@context", ctx);
	cur = doc;
	for (i = 0; i < 60; i++) {
		json_t *n = json_object();
		json_object_set_new(n, "@context",
				    json_pack("{ss}", "u", "http://u/"));
		json_object_set_new(cur, "t1", n);
		cur = n;
	}
	assert_int_equal(mc__ld_expand(&out, doc, NULL, err, sizeof(err)),
			 MC_ETOOBIG);
	assert_non_null(strstr(err, "document too large"));
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_safe_mode),
	    cmocka_unit_test(test_safe_mode_drops),
	    cmocka_unit_test(test_unknown_context),
	    cmocka_unit_test(test_cyclic_context),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_pinned_base),
	    cmocka_unit_test(test_pinned_threads),
	    cmocka_unit_test(test_pinned_limits),
	    cmocka_unit_test(test_pinned_credential),
	    cmocka_unit_test(test_term_chains),
	    cmocka_unit_test(test_expand_suite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
