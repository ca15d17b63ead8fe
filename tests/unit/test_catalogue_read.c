/*
 * Unit tests for the server's fast catalogue reads (catalogue_read.c,
 * store_sqlite_read.c): an MC's JSON from the stored document is byte for
 * byte what parsing the row and serialising it gives, for every version
 * of the demo catalogue, after status changes, and for a document stored
 * in another layout; not-found answers; and the store's data version
 * moving with other connections' commits only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "microcred/catalogue.h"

/* The slow path: what the API served before, parse and serialise. */
static char *slow_json(mc_store *s, const char *id, unsigned version,
		       int published)
{
	mc_microcred *mc = NULL;
	char *text = NULL, uri[512];
	int error;

	if (published) {
		snprintf(uri, sizeof(uri), "%s/mc/%s", mc_store_base_url(s),
			 id);
		error = mc_catalogue_resolve(s, &mc, uri);
	} else {
		error = mc_catalogue_get(s, &mc, id, version);
	}
	if (error == 0)
		assert_int_equal(mc_microcred_to_json(&text, mc), 0);
	mc_microcred_free(mc);
	return text;
}

/* Fast and slow agree on every version of every MC in `s`; returns how
 * many versions were compared. */
static size_t compare_all(mc_store *s)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t i, n = 0, len;

	o.status = -1;
	o.limit = MC_SEARCH_LIMIT_MAX;
	assert_int_equal(mc_catalogue_search(s, &r, &o), 0);
	for (i = 0; i < r->count; i++) {
		const mc_search_hit *h = &r->hits[i];
		char *fast = NULL, *slow = slow_json(s, h->id, h->version, 0);
		int published;

		assert_non_null(slow);
		assert_int_equal(
		    mc_catalogue_get_json(s, &fast, &len, h->id, h->version, 0),
		    0);
		assert_string_equal(fast, slow);
		assert_int_equal(len, strlen(slow));
		free(fast);
		free(slow);

		/* the latest version, and the published one if any */
		slow = slow_json(s, h->id, 0, 0);
		assert_int_equal(
		    mc_catalogue_get_json(s, &fast, NULL, h->id, 0, 0), 0);
		assert_string_equal(fast, slow);
		free(fast);
		free(slow);
		slow = slow_json(s, h->id, 0, 1);
		published =
		    mc_catalogue_get_json(s, &fast, NULL, h->id, 0, 1) == 0;
		assert_int_equal(published, slow != NULL);
		if (slow)
			assert_string_equal(fast, slow);
		free(fast);
		free(slow);
		n++;
	}
	mc_search_result_free(r);
	return n;
}

static void test_demo_same_bytes(void **state)
{
	mc_store *s = NULL;
	char *text = NULL;

	(void)state;
	assert_int_equal(mc_store_open(&s, ":memory:", NULL, NULL), 0);
	assert_int_equal(mc_catalogue_load_demo(s, NULL, NULL), 0);
	assert_true(compare_all(s) >= 60);

	/* The status moves on, the stored document does not: the answer
	 * carries the current status. */
	assert_int_equal(mc_catalogue_transition(s,
						 "ua-mag-welding-steel-"
						 "structures",
						 MC_STATUS_RETIRED, NULL, NULL),
			 0);
	assert_int_equal(
	    mc_catalogue_get_json(s, &text, NULL,
				  "ua-mag-welding-steel-structures", 1, 0),
	    0);
	assert_non_null(strstr(text, "\"status\": \"retired\""));
	free(text);
	assert_int_equal(
	    mc_catalogue_get_json(s, &text, NULL,
				  "ua-mag-welding-steel-structures", 0, 1),
	    MC_ENOTFOUND);
	assert_null(text);
	assert_non_null(strstr(mc_store_errmsg(s), "no published version"));
	compare_all(s);

	assert_int_equal(
	    mc_catalogue_get_json(s, &text, NULL, "no-such-mc", 0, 0),
	    MC_ENOTFOUND);
	assert_int_equal(
	    mc_catalogue_get_json(s, &text, NULL,
				  "ua-mag-welding-steel-structures", 99, 0),
	    MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(s), "no version 99"));
	assert_int_equal(
	    mc_catalogue_get_json(s, &text, NULL, "../etc/passwd", 0, 0),
	    MC_ENOTFOUND);
	mc_store_free(s);
}

/* A temporary database file, removed by the caller. */
static void temp_db(char *path, size_t n)
{
	int fd;

	snprintf(path, n, "/tmp/mc-read-XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	unlink(path);
}

static void remove_db(const char *path)
{
	char p[300];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void test_other_layout(void **state)
{
	mc_store *s = NULL;
	sqlite3 *db = NULL;
	char path[64], *fast = NULL, *slow;
	const char *id = "ua-mag-welding-steel-structures";

	(void)state;
	temp_db(path, sizeof(path));
	assert_int_equal(mc_store_open(&s, path, NULL, NULL), 0);
	assert_int_equal(mc_catalogue_load_demo(s, NULL, NULL), 0);
	slow = slow_json(s, id, 1, 0);

	/* Rewrite the stored document compactly, keys in another order:
	 * still the same MC, served parsed and re-serialised. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
			 "UPDATE mc_versions SET doc = json_set(json_remove("
			 "doc, '$.id'), '$.id', id) WHERE id = "
			 "'ua-mag-welding-steel-structures'",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);

	assert_int_equal(mc_catalogue_get_json(s, &fast, NULL, id, 1, 0), 0);
	assert_string_equal(fast, slow);
	free(fast);
	free(slow);
	mc_store_free(s);
	remove_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_demo_same_bytes),
	    cmocka_unit_test(test_other_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
