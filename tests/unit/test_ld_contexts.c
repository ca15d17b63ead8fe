/*
 * Unit tests for the pinned JSON-LD context documents (ld/contexts.c):
 * every URL of src/lib/ld/contexts/SOURCES.md resolves, each embedded
 * document has the sha256 written there (an edit of a pinned file without
 * scripts/update-contexts fails here), the embedded table and SOURCES.md
 * list the same URLs, unknown URLs and near misses answer NULL, a
 * fragment is ignored, and concurrent first calls get the same documents.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "ld/contexts_data.h"
#include "ld/ld.h"

#define MAX_ROWS 64

/* One row of SOURCES.md's documents table. */
struct row {
	char url[256];
	char file[128];
	char sha256[65];
};

static struct row rows[MAX_ROWS];
static size_t n_rows;

/* Reads the rows "| URL | file | package | version | in | sha256 | ..."
 * of SOURCES.md (the same lines CMakeLists.txt embeds). */
static int read_sources(void **state)
{
	const char *src = getenv("MC_SOURCE_DIR");
	char path[1024], line[2048];
	FILE *f;

	snprintf(path, sizeof(path), "%s/src/lib/ld/contexts/SOURCES.md",
		 src ? src : ".");
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		fail();
	}
	while (fgets(line, sizeof(line), f)) {
		char *cell[7], *p = line + 1;
		int i;

		if (strncmp(line, "| http", 6) != 0)
			continue;
		for (i = 0; i < 7; i++) {
			char *bar = strchr(p, '|');

			assert_non_null(bar);
			*bar = '\0';
			while (*p == ' ')
				p++;
			cell[i] = p;
			for (p = bar - 1; p > cell[i] && *p == ' '; p--)
				*p = '\0';
			p = bar + 1;
		}
		assert_true(n_rows < MAX_ROWS);
		snprintf(rows[n_rows].url, sizeof(rows[0].url), "%s", cell[0]);
		snprintf(rows[n_rows].file, sizeof(rows[0].file), "%s",
			 cell[1]);
		snprintf(rows[n_rows].sha256, sizeof(rows[0].sha256), "%s",
			 cell[5]);
		assert_int_equal(strlen(rows[n_rows].sha256), 64);
		n_rows++;
	}
	fclose(f);
	assert_true(n_rows >= 20);
	(void)state;
	return 0;
}

struct race {
	pthread_barrier_t *start;
	const json_t *got[MAX_ROWS];
};

static void *race_thread(void *arg)
{
	struct race *r = arg;
	size_t i;

	pthread_barrier_wait(r->start);
	for (i = 0; i < n_rows; i++)
		r->got[i] = mc__ld_context_get(rows[i].url);
	return NULL;
}

/* Runs first: eight threads make the first calls at once; every one gets
 * every document, and the same pointer as the others (parsed once). */
static void test_concurrent_first_calls(void **state)
{
	enum { N = 8 };
	pthread_barrier_t start;
	pthread_t t[N];
	static struct race r[N];
	size_t i, k;

	(void)state;
	assert_int_equal(pthread_barrier_init(&start, NULL, N), 0);
	for (k = 0; k < N; k++) {
		r[k].start = &start;
		assert_int_equal(
		    pthread_create(&t[k], NULL, race_thread, &r[k]), 0);
	}
	for (k = 0; k < N; k++)
		pthread_join(t[k], NULL);
	pthread_barrier_destroy(&start);
	for (i = 0; i < n_rows; i++) {
		assert_non_null(r[0].got[i]);
		for (k = 1; k < N; k++)
			assert_ptr_equal(r[k].got[i], r[0].got[i]);
	}
	assert_int_equal(mc__ld_contexts_init(), 0);
}

static void test_every_url_resolves(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < n_rows; i++) {
		const json_t *doc = mc__ld_context_get(rows[i].url);

		if (!doc)
			fprintf(stderr, "not pinned: %s\n", rows[i].url);
		assert_non_null(doc);
		assert_true(json_is_object(doc));
		assert_non_null(json_object_get(doc, "@context"));
	}
}

/* The embedded bytes of each URL hash to SOURCES.md's sha256, and the
 * table has no URL that SOURCES.md does not list. */
static void test_sha256_matches_sources(void **state)
{
	const struct mc__ld_context_file *f;
	size_t i, n = 0;

	(void)state;
	for (f = mc__ld_context_files; f->url; f++) {
		unsigned char md[MC__SHA256_LEN];
		char hex[2 * MC__SHA256_LEN + 1];
		int j;

		for (i = 0; i < n_rows && strcmp(rows[i].url, f->url); i++)
			;
		if (i == n_rows)
			fprintf(stderr, "embedded but not in SOURCES.md: %s\n",
				f->url);
		assert_true(i < n_rows);
		assert_int_equal(strlen(f->data), f->len);
		mc__sha256(md, f->data, f->len);
		for (j = 0; j < MC__SHA256_LEN; j++)
			snprintf(hex + 2 * j, 3, "%02x", md[j]);
		if (strcmp(hex, rows[i].sha256) != 0)
			fprintf(stderr,
				"%s (%s): sha256 %s, SOURCES.md says %s; run "
				"scripts/update-contexts\n",
				f->url, rows[i].file, hex, rows[i].sha256);
		assert_string_equal(hex, rows[i].sha256);
		n++;
	}
	assert_int_equal(n, n_rows);
}

static void test_unknown_urls(void **state)
{
	static const char *const unknown[] = {
	    "https://example.org/context.jsonld",
	    "https://www.w3.org/ns/credentials/v",   /* a prefix */
	    "https://www.w3.org/ns/credentials/v2/", /* a longer one */
	    "https://www.w3.org/ns/credentials/V2",  /* case matters */
	    "http://www.w3.org/ns/credentials/v2",   /* so does the scheme */
	    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
	    "http://data.europa.eu/snb/model/context/edc-ap",
	    "",
	    "#",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		assert_null(mc__ld_context_get(unknown[i]));
	assert_null(mc__ld_context_get(NULL));
}

static void test_fragment_removed(void **state)
{
	const json_t *v2 =
	    mc__ld_context_get("https://www.w3.org/ns/credentials/v2");

	(void)state;
	assert_non_null(v2);
	assert_ptr_equal(
	    mc__ld_context_get("https://www.w3.org/ns/credentials/v2#issuer"),
	    v2);
	assert_ptr_equal(
	    mc__ld_context_get("https://www.w3.org/ns/credentials/v2#"), v2);
	assert_null(
	    mc__ld_context_get("https://www.w3.org/ns/credentials/v#2"));
}

/* The documents the issue names, by URL, and what tells them apart. */
static void test_named_documents(void **state)
{
	const json_t *ob300 = mc__ld_context_get(
	    "https://purl.imsglobal.org/spec/ob/v3p0/context.json");
	const json_t *ob303 = mc__ld_context_get(
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
	const json_t *beta = mc__ld_context_get(
	    "https://imsglobal.github.io/openbadges-specification/"
	    "ob_v3p0.html");
	const json_t *v2;

	(void)state;
	assert_non_null(ob300);
	assert_non_null(ob303);
	assert_ptr_not_equal(ob300, ob303);
	assert_false(json_equal((json_t *)ob300, (json_t *)ob303));
	/* One file under two URLs is one document. */
	assert_ptr_equal(
	    beta, mc__ld_context_get("https://w3c-ccg.github.io/vc-ed/"
				     "plugfest-1-2022/"
				     "jff-vc-edu-plugfest-1-context.json"));
	/* VC 2.0 carries Bitstring Status List's terms. */
	v2 = json_object_get(
	    mc__ld_context_get("https://www.w3.org/ns/credentials/v2"),
	    "@context");
	assert_non_null(json_object_get(v2, "BitstringStatusListEntry"));
	assert_non_null(
	    mc__ld_context_get("https://w3id.org/vc/status-list/2021/v1"));
	assert_non_null(
	    mc__ld_context_get("https://w3id.org/security/data-integrity/v2"));
	assert_non_null(
	    mc__ld_context_get("https://w3id.org/security/multikey/v1"));
	assert_non_null(mc__ld_context_get(
	    "https://w3id.org/security/suites/ed25519-2020/v1"));
	assert_non_null(mc__ld_context_get("https://w3id.org/dcc/v1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_concurrent_first_calls),
	    cmocka_unit_test(test_every_url_resolves),
	    cmocka_unit_test(test_sha256_matches_sources),
	    cmocka_unit_test(test_unknown_urls),
	    cmocka_unit_test(test_fragment_removed),
	    cmocka_unit_test(test_named_documents),
	};

	return cmocka_run_group_tests(tests, read_sources, NULL);
}
