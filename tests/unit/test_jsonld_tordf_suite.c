/*
 * The W3C JSON-LD 1.1 API toRdf suite
 * ($MC_FIXTURES/jsonld/json-ld-api-tests/toRdf-manifest.jsonld) against
 * mc__ld_to_rdf().
 *
 * Positive evaluation tests compare the dataset with the expected N-Quads
 * up to blank node renaming: both are canonicalised with RDFC-1.0
 * (mc__nquads_parse() reads the expected file) and the canonical texts
 * must be equal.  Negative tests compare the JSON-LD error code at the
 * start of the message.  Positive syntax tests (N-Quads escapes) must
 * give a dataset whose N-Quads, written and read back, are the same
 * dataset.  The test's loader maps the suite's base URL to the fixtures
 * folder.  Tests not claimed are counted with their reason; the counts
 * are printed as "toRdf: N passed, F failed, U not claimed (of T)".
 * MC_SUITE_ONLY=te075 runs one test and prints its quads.  The suite
 * skips, with the reason printed, when the fixtures are absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ld/ld.h"
#include "microcred/errors.h"
#include "util/util.h"

#define SUITE_URL "https://w3c.github.io/json-ld-api/tests/"

static char suite_dir[1024];

/* Tests not claimed by name, with the reason. */
static const struct {
	const char *id, *reason;
} not_claimed[] = {
    {"#tnt01", "U+0000 in a string: RDF terms are NUL-terminated strings "
	       "and a JSON document with \\u0000 is refused when read"},
    {"#tnt03", "U+0000 in a string: RDF terms are NUL-terminated strings "
	       "and a JSON document with \\u0000 is refused when read"},
    {"#ter56", "an inline context document {\"@context\": {...}} is read "
	       "as its @context, as jsonld.js (in every Digital Bazaar and "
	       "DCC verifier) reads it and the W3C Data Integrity test "
	       "suite's inputs need, not refused"},
};

/* The reason a test is not claimed, or NULL when it is run. */
static const char *unclaimed_reason(const json_t *t)
{
	const json_t *opt = json_object_get(t, "option");
	const char *spec =
	    json_string_value(json_object_get(opt, "specVersion"));
	const char *id = json_string_value(json_object_get(t, "@id"));
	size_t i;

	for (i = 0; i < sizeof(not_claimed) / sizeof(not_claimed[0]); i++)
		if (mc__streq(not_claimed[i].id, id))
			return not_claimed[i].reason;

	if (json_is_true(json_object_get(opt, "produceGeneralizedRdf")))
		return "produceGeneralizedRdf: generalized RDF (blank-node "
		       "predicates) is never produced";
	if (spec != NULL && strcmp(spec, "json-ld-1.0") == 0)
		return "specVersion json-ld-1.0: a JSON-LD 1.0 result, this "
		       "processor is JSON-LD 1.1";
	return NULL;
}

/* The fixtures path of a suite URL (fragment dropped), or NULL. */
static int suite_path(char *path, size_t n, const char *url)
{
	size_t base = strlen(SUITE_URL);
	const char *hash;

	if (strncmp(url, SUITE_URL, base) != 0)
		return -1;
	hash = strchr(url, '#');
	snprintf(path, n, "%s/%.*s", suite_dir,
		 (int)(hash ? (size_t)(hash - url) - base : strlen(url) - base),
		 url + base);
	return 0;
}

/* A whole file, NUL-terminated, or NULL. */
static char *read_text(const char *path, size_t *len)
{
	char *text = NULL, err[256];

	if (mc__read_file(&text, len, path, 16 * 1024 * 1024, err,
			  sizeof(err)) != 0)
		return NULL;
	return text;
}

/* A JSON document read as credentials are read (mc__vc_parse(): big
 * integers as doubles, duplicate names refused). */
static json_t *read_json(const char *path)
{
	size_t len = 0;
	char *text = read_text(path, &len);
	json_error_t jerr;
	json_t *doc;

	if (text == NULL)
		return NULL;
	doc = mc__vc_parse(text, len, &jerr);
	free(text);
	return doc;
}

/* The loader of the suite: its base URL is the fixtures folder. */
static json_t *suite_load(const char *url, void *arg)
{
	char path[2048];

	(void)arg;
	if (suite_path(path, sizeof(path), url) != 0)
		return NULL;
	return read_json(path);
}

/* Canonical N-Quads of `ds` (the caller frees), or NULL with `why`. */
static char *canonical(const struct mc__rdf_dataset *ds, char *why,
		       size_t whylen)
{
	char *out = NULL, err[256] = "";
	size_t len = 0;

	if (mc__rdfc(&out, &len, ds, NULL, err, sizeof(err)) != 0) {
		snprintf(why, whylen, "canonicalisation failed: %s", err);
		return NULL;
	}
	return out;
}

/* Every quad of `ds` in N-Quads, read back: the same dataset? */
static int round_trips(const struct mc__rdf_dataset *ds, char *why,
		       size_t whylen)
{
	mc_buf b = MC_BUF_INIT(64 * 1024 * 1024);
	struct mc__rdf_dataset back = MC__RDF_DATASET_INIT;
	char err[256] = "", *a = NULL, *c = NULL;
	size_t i;
	int ok = 0;

	mc__buf_puts(&b, "");
	for (i = 0; i < ds->len; i++)
		if (mc__nquads_write_quad(&b, &ds->quads[i], NULL, NULL) != 0) {
			snprintf(why, whylen, "N-Quads: quad %zu not written",
				 i);
			goto cleanup;
		}
	if (mc__nquads_parse(&back, b.ptr, b.len, err, sizeof(err)) != 0) {
		snprintf(why, whylen, "N-Quads written do not parse: %s", err);
		goto cleanup;
	}
	a = canonical(ds, why, whylen);
	c = a ? canonical(&back, why, whylen) : NULL;
	if (c == NULL)
		goto cleanup;
	ok = strcmp(a, c) == 0;
	if (!ok)
		snprintf(why, whylen, "N-Quads read back differ");

cleanup:
	mc__buf_free(&b);
	mc__rdf_dataset_free(&back);
	free(a);
	free(c);
	return ok;
}

/* Run one manifest entry: 1 passed, 0 failed (`why` says why). */
static int run_entry(const json_t *t, int verbose, char *why, size_t whylen)
{
	const char *input = json_string_value(json_object_get(t, "input"));
	const char *expect = json_string_value(json_object_get(t, "expect"));
	const char *code =
	    json_string_value(json_object_get(t, "expectErrorCode"));
	const json_t *opt = json_object_get(t, "option");
	const char *type0 =
	    json_string_value(json_array_get(json_object_get(t, "@type"), 0));
	int negative = type0 && strstr(type0, "Negative") != NULL;
	int syntax = type0 && strstr(type0, "Syntax") != NULL;
	struct mc__ld_options opts;
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__rdf_dataset want = MC__RDF_DATASET_INIT;
	char path[2048], url[2048], base[2048], err[512] = "";
	char *got = NULL, *expected = NULL, *nq = NULL;
	json_t *doc = NULL, *ectx = NULL;
	size_t nqlen = 0;
	int rc, ok = 0;

	memset(&opts, 0, sizeof(opts));
	snprintf(url, sizeof(url), "%s%s", SUITE_URL, input ? input : "");
	snprintf(base, sizeof(base), "%s",
		 json_string_value(json_object_get(opt, "base"))
		     ? json_string_value(json_object_get(opt, "base"))
		     : url);
	opts.base = base;
	opts.load = suite_load;
	opts.json_ld_10 =
	    mc__streq(json_string_value(json_object_get(opt, "processingMode")),
		      "json-ld-1.0");
	opts.rdf_direction =
	    json_string_value(json_object_get(opt, "rdfDirection"));
	if (json_string_value(json_object_get(opt, "expandContext"))) {
		char ectx_url[2048];

		snprintf(
		    ectx_url, sizeof(ectx_url), "%s%s", SUITE_URL,
		    json_string_value(json_object_get(opt, "expandContext")));
		ectx = suite_load(ectx_url, NULL);
		if (ectx == NULL) {
			snprintf(why, whylen, "expandContext %.900s unreadable",
				 ectx_url);
			goto cleanup;
		}
		opts.expand_context = ectx;
	}

	if (suite_path(path, sizeof(path), url) != 0 ||
	    (doc = read_json(path)) == NULL) {
		snprintf(why, whylen, "input %.900s unreadable", path);
		goto cleanup;
	}
	rc = mc__ld_to_rdf(&ds, doc, &opts, err, sizeof(err));
	if (negative) {
		if (rc == 0) {
			snprintf(why, whylen, "succeeded, expected \"%s\"",
				 code ? code : "?");
			goto cleanup;
		}
		ok = code != NULL && strncmp(err, code, strlen(code)) == 0;
		if (!ok)
			snprintf(why, whylen, "error \"%s\", expected \"%s\"",
				 err, code ? code : "?");
		goto cleanup;
	}
	if (rc != 0) {
		snprintf(why, whylen, "failed (%d): %s", rc, err);
		goto cleanup;
	}
	if (syntax) {
		ok = round_trips(&ds, why, whylen);
		goto cleanup;
	}

	snprintf(url, sizeof(url), "%s%s", SUITE_URL, expect ? expect : "");
	if (suite_path(path, sizeof(path), url) != 0 ||
	    (nq = read_text(path, &nqlen)) == NULL) {
		snprintf(why, whylen, "expected %.900s unreadable", path);
		goto cleanup;
	}
	if (mc__nquads_parse(&want, nq, nqlen, err, sizeof(err)) != 0) {
		snprintf(why, whylen, "expected %.400s: %.400s", path, err);
		goto cleanup;
	}
	if ((got = canonical(&ds, why, whylen)) == NULL ||
	    (expected = canonical(&want, why, whylen)) == NULL)
		goto cleanup;
	ok = strcmp(got, expected) == 0;
	if (!ok)
		snprintf(why, whylen, "%zu quads, expected %zu; differ", ds.len,
			 want.len);
	if (verbose)
		printf("got (canonical):\n%sexpected (canonical):\n%s", got,
		       expected);

cleanup:
	if (verbose && !ok && why[0])
		print_message("%s\n", why);
	mc__rdf_dataset_free(&ds);
	mc__rdf_dataset_free(&want);
	free(got);
	free(expected);
	free(nq);
	json_decref(doc);
	json_decref(ectx);
	return ok;
}

/* Reasons for not claiming, each with its count. */
struct reason {
	const char *text;
	unsigned count;
	char ids[512];
};

static void test_suite(void **state)
{
	const char *fx = getenv("MC_FIXTURES");
	const char *only = getenv("MC_SUITE_ONLY");
	char manifest[1200];
	json_t *m, *seq;
	struct reason reasons[8];
	size_t i, nreasons = 0, r;
	unsigned passed = 0, failed = 0, unclaimed = 0, total = 0;
	clock_t start = clock();

	(void)state;
	memset(reasons, 0, sizeof(reasons));
	snprintf(suite_dir, sizeof(suite_dir), "%s/jsonld/json-ld-api-tests",
		 fx ? fx : "../shared/fixtures");
	snprintf(manifest, sizeof(manifest), "%s/toRdf-manifest.jsonld",
		 suite_dir);
	m = json_load_file(manifest, 0, NULL);
	if (m == NULL) {
		print_message("skipped: %s absent\n", manifest);
		skip();
	}
	seq = json_object_get(m, "sequence");
	for (i = 0; i < json_array_size(seq); i++) {
		const json_t *t = json_array_get(seq, i);
		const char *id = json_string_value(json_object_get(t, "@id"));
		const char *reason = unclaimed_reason(t);
		char why[1024] = "";

		if (only != NULL && (id == NULL || strcmp(id + 1, only) != 0))
			continue;
		total++;
		if (reason != NULL && only == NULL) {
			for (r = 0; r < nreasons; r++)
				if (strcmp(reasons[r].text, reason) == 0)
					break;
			if (r == nreasons && nreasons < 8)
				reasons[nreasons++].text = reason;
			if (r < nreasons) {
				size_t l = strlen(reasons[r].ids);

				reasons[r].count++;
				snprintf(reasons[r].ids + l,
					 sizeof(reasons[r].ids) - l, " %s", id);
			}
			unclaimed++;
			continue;
		}
		if (run_entry(t, only != NULL, why, sizeof(why))) {
			passed++;
		} else {
			failed++;
			print_message(
			    "FAIL %s %s: %s\n", id,
			    json_string_value(json_object_get(t, "name")), why);
		}
	}
	print_message("toRdf: %u passed, %u failed, %u not claimed (of %u) "
		      "in %.2f s\n",
		      passed, failed, unclaimed, total,
		      (double)(clock() - start) / CLOCKS_PER_SEC);
	for (r = 0; r < nreasons; r++)
		print_message("  not claimed, %u: %s:%s\n", reasons[r].count,
			      reasons[r].text, reasons[r].ids);
	json_decref(m);
	assert_int_equal(failed, 0);
	assert_true(passed > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_suite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
