/*
 * The W3C RDF Dataset Canonicalization (RDFC-1.0) test suite, whole:
 * ../shared/fixtures/jsonld/rdf-canon-tests/manifest.jsonld.  Evaluation
 * tests compare the canonical N-Quads byte for byte, map tests the issued
 * identifier map, negative tests (poison graphs) must end with MC_ETOOBIG
 * within a second of CPU time.  Prints "rdf-canon: N of M passed" and each
 * failure; skipped with the reason when the fixtures are absent.
 *
 * Also times the canonicalisation of a typical Open Badges credential's
 * dataset (tests/fuzz/corpus/rdfc/ob3_credential.nq) and prints it.
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

#define FILE_MAX (16u << 20)

static double clock_seconds(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_seconds(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

static char *read_text(const char *dir, const char *name, size_t *len)
{
	char path[1024], err[256], *data = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mc__read_file(&data, len, path, FILE_MAX, err, sizeof(err)) != 0)
		return NULL;
	return data;
}

/* Run one manifest entry; NULL when it passed, else why not (static). */
static const char *run_entry(const char *dir, const json_t *t, char *why,
			     size_t whylen)
{
	const char *type = json_string_value(json_object_get(t, "type"));
	const char *action = json_string_value(json_object_get(t, "action"));
	const char *result = json_string_value(json_object_get(t, "result"));
	const char *alg =
	    json_string_value(json_object_get(t, "hashAlgorithm"));
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__rdfc_options opts = MC__RDFC_OPTIONS_INIT;
	json_t *issued = NULL, *want_map = NULL;
	char *in = NULL, *want = NULL, *out = NULL, err[512] = "";
	size_t inlen, wantlen, outlen;
	const char *fail = NULL;
	double t0;
	int rc;

	if (!type || !action) {
		snprintf(why, whylen, "entry without type or action");
		return why;
	}
	if (!(in = read_text(dir, action, &inlen))) {
		snprintf(why, whylen, "cannot read %s", action);
		fail = why;
		goto cleanup;
	}
	if (alg && strcmp(alg, "SHA384") == 0)
		opts.sha384 = 1;
	else if (alg && strcmp(alg, "SHA256") != 0) {
		snprintf(why, whylen, "unknown hashAlgorithm %s", alg);
		fail = why;
		goto cleanup;
	}
	if ((rc = mc__nquads_parse(&ds, in, inlen, err, sizeof(err))) != 0) {
		snprintf(why, whylen, "parse: %s", err);
		fail = why;
		goto cleanup;
	}
	if (strcmp(type, "rdfc:RDFC10MapTest") == 0)
		opts.issued = &issued;
	t0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
	rc = mc__rdfc(&out, &outlen, &ds, &opts, err, sizeof(err));
	if (strcmp(type, "rdfc:RDFC10NegativeEvalTest") == 0) {
		double took = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - t0;

		if (rc != MC_ETOOBIG || !strstr(err, "work limit"))
			snprintf(why, whylen,
				 "expected MC_ETOOBIG with the work limit, "
				 "got %d (%s)",
				 rc, err);
		else if (took > 1.0)
			snprintf(why, whylen,
				 "refused after %.3f s of CPU time", took);
		else {
			print_message("rdf-canon: %s refused in %.1f ms: %s\n",
				      action, took * 1e3, err);
			goto cleanup;
		}
		fail = why;
		goto cleanup;
	}
	if (rc != 0) {
		snprintf(why, whylen, "rdfc: %d (%s)", rc, err);
		fail = why;
		goto cleanup;
	}
	if (!result) {
		snprintf(why, whylen, "entry without result");
		fail = why;
		goto cleanup;
	}
	if (strcmp(type, "rdfc:RDFC10EvalTest") == 0) {
		if (!(want = read_text(dir, result, &wantlen))) {
			snprintf(why, whylen, "cannot read %s", result);
			fail = why;
		} else if (wantlen != outlen || memcmp(want, out, outlen)) {
			snprintf(why, whylen,
				 "output differs:\n--- got\n%s--- expected\n%s",
				 out, want);
			fail = why;
		}
	} else if (strcmp(type, "rdfc:RDFC10MapTest") == 0) {
		char path[1024];

		snprintf(path, sizeof(path), "%s/%s", dir, result);
		if (!(want_map = json_load_file(path, 0, NULL))) {
			snprintf(why, whylen, "cannot read %s", result);
			fail = why;
		} else if (!issued || !json_equal(issued, want_map)) {
			char *got =
			    issued ? json_dumps(issued, JSON_SORT_KEYS) : NULL;
			char *exp = json_dumps(want_map, JSON_SORT_KEYS);

			snprintf(why, whylen, "map differs: got %s expected %s",
				 got ? got : "(none)", exp ? exp : "?");
			free(got);
			free(exp);
			fail = why;
		}
	} else {
		snprintf(why, whylen, "unknown test type %s", type);
		fail = why;
	}

cleanup:
	mc__rdf_dataset_free(&ds);
	json_decref(issued);
	json_decref(want_map);
	free(in);
	free(want);
	free(out);
	return fail;
}

static void test_suite(void **state)
{
	const char *fx = getenv("MC_FIXTURES");
	char dir[768], manifest[1024], why[8192];
	json_t *m, *entries, *t;
	size_t i, passed = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/jsonld/rdf-canon-tests",
		 fx ? fx : "../shared/fixtures");
	snprintf(manifest, sizeof(manifest), "%s/manifest.jsonld", dir);
	if (!(m = json_load_file(manifest, 0, NULL))) {
		print_message("skipped: %s absent\n", manifest);
		skip();
	}
	entries = json_object_get(m, "entries");
	assert_true(json_array_size(entries) > 0);
	json_array_foreach(entries, i, t)
	{
		const char *fail = run_entry(dir, t, why, sizeof(why));

		if (!fail)
			passed++;
		else
			print_message(
			    "FAILED %s (%s): %s\n",
			    json_string_value(json_object_get(t, "id")),
			    json_string_value(json_object_get(t, "name")),
			    fail);
	}
	print_message("rdf-canon: %zu of %zu passed\n", passed,
		      json_array_size(entries));
	assert_int_equal(passed, json_array_size(entries));
	json_decref(m);
}

/* The work limit is the caller's: the suite's evil graphs need more than
 * a handful of Hash N-Degree Quads calls, and a tiny limit refuses them
 * with the limit in the message. */
static void test_small_limit(void **state)
{
	const char *fx = getenv("MC_FIXTURES");
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__rdfc_options opts = MC__RDFC_OPTIONS_INIT;
	char dir[768], err[256] = "", *in, *out = NULL;
	size_t inlen, outlen;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/jsonld/rdf-canon-tests/rdfc10",
		 fx ? fx : "../shared/fixtures");
	if (!(in = read_text(dir, "test044-in.nq", &inlen))) {
		print_message("skipped: %s/test044-in.nq absent\n", dir);
		skip();
	}
	assert_int_equal(mc__nquads_parse(&ds, in, inlen, err, sizeof(err)), 0);
	opts.max_ndegree_calls = 2;
	assert_int_equal(mc__rdfc(&out, &outlen, &ds, &opts, err, sizeof(err)),
			 MC_ETOOBIG);
	assert_null(out);
	assert_non_null(strstr(err, "canonicalisation work limit reached"));
	opts.max_ndegree_calls = 0; /* the default is enough */
	assert_int_equal(mc__rdfc(&out, &outlen, &ds, &opts, err, sizeof(err)),
			 0);
	assert_non_null(out);
	free(out);
	free(in);
	mc__rdf_dataset_free(&ds);
}

/* A typical Open Badges credential's dataset (about 70 quads, a few blank
 * nodes): the time per canonicalisation, printed; under a millisecond
 * even in a sanitizer build. */
static void test_speed(void **state)
{
	const char *src = getenv("MC_SOURCE_DIR");
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	char dir[768], err[256] = "", *in, *out = NULL;
	size_t inlen, outlen, n = 10000, i;
	double t0, c0, per, cpu;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/rdfc",
		 src ? src : ".");
	if (!(in = read_text(dir, "ob3_credential.nq", &inlen))) {
		print_message("skipped: %s/ob3_credential.nq absent\n", dir);
		skip();
	}
	assert_int_equal(mc__nquads_parse(&ds, in, inlen, err, sizeof(err)), 0);
	t0 = now_seconds();
	c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		assert_int_equal(
		    mc__rdfc(&out, &outlen, &ds, NULL, err, sizeof(err)), 0);
		free(out);
	}
	per = (now_seconds() - t0) / (double)n;
	cpu = (clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0) / (double)n;
	print_message("rdfc: %zu quads canonicalised in %.1f us "
		      "(%.1f us of CPU time)\n",
		      ds.len, per * 1e6, cpu * 1e6);
	assert_true(per < 1e-3);
	free(in);
	mc__rdf_dataset_free(&ds);
}

static char *canon_text(const char *text, json_t **issued, int *rc)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__rdfc_options opts = MC__RDFC_OPTIONS_INIT;
	char err[256] = "", *out = NULL;
	size_t len;

	assert_int_equal(
	    mc__nquads_parse(&ds, text, strlen(text), err, sizeof(err)), 0);
	opts.issued = issued;
	*rc = mc__rdfc(&out, &len, &ds, &opts, err, sizeof(err));
	mc__rdf_dataset_free(&ds);
	return out;
}

/* The labels and the order of the input do not matter; the issued map
 * names every input label. */
static void test_labels_and_order(void **state)
{
	json_t *issued = NULL;
	char *a, *b;
	int rc;

	(void)state;
	a = canon_text("_:x <urn:p> _:y .\n_:y <urn:p> _:z .\n"
		       "_:z <urn:p> _:x .\n_:x <urn:q> \"1\" .\n",
		       &issued, &rc);
	assert_int_equal(rc, 0);
	b = canon_text("_:n3 <urn:q> \"1\" .\n_:n2 <urn:p> _:n3 .\n"
		       "_:n1 <urn:p> _:n2 .\n_:n3 <urn:p> _:n1 .\n",
		       NULL, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(a, b);
	assert_int_equal(json_object_size(issued), 3);
	assert_non_null(json_object_get(issued, "x"));
	assert_non_null(json_object_get(issued, "y"));
	assert_non_null(json_object_get(issued, "z"));
	/* The one with the literal is told apart; the cycle fixes the rest. */
	assert_string_equal(a, "_:c14n0 <urn:p> _:c14n2 .\n"
			       "_:c14n0 <urn:q> \"1\" .\n"
			       "_:c14n1 <urn:p> _:c14n0 .\n"
			       "_:c14n2 <urn:p> _:c14n1 .\n");
	assert_string_equal(json_string_value(json_object_get(issued, "x")),
			    "c14n0");
	json_decref(issued);
	free(a);
	free(b);
}

/* A dataset built by hand may hold a quad twice: the output is a set.  A
 * language tag with a control character cannot be written canonically
 * and is refused. */
static void test_hand_built(void **state)
{
	struct mc__rdf_quad q[2];
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	char s[] = "b", p[] = "urn:p", o[] = "v", dt[] = MC__RDF_LANGSTRING,
	     lang[] = "en", err[256] = "", *out = NULL;
	size_t len;

	(void)state;
	memset(q, 0, sizeof(q));
	q[0].s.kind = MC__RDF_BLANK;
	q[0].s.value = s;
	q[0].p.kind = MC__RDF_IRI;
	q[0].p.value = p;
	q[0].o.kind = MC__RDF_LITERAL;
	q[0].o.value = o;
	q[0].o.datatype = dt;
	q[0].o.language = lang;
	q[1] = q[0];
	ds.quads = q;
	ds.len = ds.alloc = 2;
	assert_int_equal(mc__rdfc(&out, &len, &ds, NULL, err, sizeof(err)), 0);
	assert_string_equal(out, "_:c14n0 <urn:p> \"v\"@en .\n");
	free(out);
	lang[1] = '\x01';
	assert_int_equal(mc__rdfc(&out, &len, &ds, NULL, err, sizeof(err)),
			 MC_EINVALID);
	assert_null(out);
	assert_non_null(strstr(err, "quad 1"));
}

/* A blank-node explosion: two hubs that look alike, each with 100,000
 * leaves that look alike.  The work limit ends it, and the work before
 * the limit stays linear (issuers find a blank node in constant time,
 * paths are compared incrementally): well under a few seconds. */
static void test_hubs(void **state)
{
	struct mc__rdf_dataset ds = MC__RDF_DATASET_INIT;
	struct mc__rdf_quad q;
	char hub[8], leaf[32], p[] = "urn:p", err[256] = "", *out = NULL;
	size_t len, i, h;
	double c0, took;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.s.kind = MC__RDF_BLANK;
	q.s.value = hub;
	q.p.kind = MC__RDF_IRI;
	q.p.value = p;
	q.o.kind = MC__RDF_BLANK;
	q.o.value = leaf;
	for (h = 0; h < 2; h++) {
		snprintf(hub, sizeof(hub), "h%zu", h);
		for (i = 0; i < 100000; i++) {
			snprintf(leaf, sizeof(leaf), "h%zu.%zu", h, i);
			assert_int_equal(mc__rdf_add(&ds, &q), 0);
		}
	}
	c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
	assert_int_equal(mc__rdfc(&out, &len, &ds, NULL, err, sizeof(err)),
			 MC_ETOOBIG);
	took = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	print_message("rdfc: 200,000 alike blank nodes refused in %.0f ms\n",
		      took * 1e3);
	assert_non_null(strstr(err, "work limit"));
	assert_true(took < 4.0);
	mc__rdf_dataset_free(&ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_suite),
	    cmocka_unit_test(test_small_limit),
	    cmocka_unit_test(test_labels_and_order),
	    cmocka_unit_test(test_hand_built),
	    cmocka_unit_test(test_hubs),
	    cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
