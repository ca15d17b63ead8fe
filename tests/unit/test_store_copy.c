/*
 * Unit tests for copying a platform between stores (mc_store_copy(),
 * src/lib/dbcopy/): the canonical row hash against a value computed
 * independently from its documented form, NULL told from empty and an
 * integer from its text, the table list, and SQLite to SQLite copies: a
 * non-empty target refused, a stored value not of its column's kind named,
 * a row changed on the target behind the copy's back caught and rolled
 * back.  (tests/integration/test_db_copy.sh copies through PostgreSQL.)
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

#include "dbcopy/dbcopy.h"
#include "microcred/store.h"
#include "microcred/store_copy.h"
#include "store/store.h"

static void hash_rows(char hex[65], const struct mc__value *rows, size_t nrows,
		      size_t ncols)
{
	struct mc__copy_hash h;
	size_t i;

	mc__copy_hash_init(&h);
	for (i = 0; i < nrows; i++)
		assert_int_equal(mc__copy_hash_row(&h, rows + i * ncols, ncols),
				 0);
	assert_int_equal(h.rows, (long long)nrows);
	mc__copy_hash_hex(&h, hex);
	mc__copy_hash_free(&h);
}

/* The value docs/API.md's form gives, computed with Python's hashlib. */
static void test_hash_known_value(void **state)
{
	const struct mc__value rows[] = {
	    {MC__COL_INT, 42, 0, NULL, 0},
	    {MC__COL_TEXT, 0, 0, "ab", 2},
	    {MC__COL_NULL, 0, 0, NULL, 0},
	    {MC__COL_BLOB, 0, 0, "\x00\x01", 2},
	    {MC__COL_REAL, 0, 0.1, NULL, 0},
	    {MC__COL_INT, -7, 0, NULL, 0},
	    {MC__COL_TEXT, 0, 0, "Олена", strlen("Олена")},
	    {MC__COL_TEXT, 0, 0, "", 0},
	    {MC__COL_BLOB, 0, 0, "", 0},
	    {MC__COL_REAL, 0, 2.5, NULL, 0},
	};
	char hex[65];

	(void)state;
	hash_rows(hex, rows, 2, 5);
	assert_string_equal(
	    hex,
	    "83b40793dc13df2e2c42698dda61b441b32ebea2cf31f50013a27a90aab542fb");
	hash_rows(hex, rows, 0, 5);
	assert_string_equal(hex, "00000000000000000000000000000000"
				 "00000000000000000000000000000000");
}

/* NULL, empty text, empty blob, 1 and "1", and the order of rows all
 * hash apart. */
static void test_hash_tells_apart(void **state)
{
	const struct mc__value v[] = {
	    {MC__COL_NULL, 0, 0, NULL, 0}, {MC__COL_TEXT, 0, 0, "", 0},
	    {MC__COL_BLOB, 0, 0, "", 0},   {MC__COL_INT, 1, 0, NULL, 0},
	    {MC__COL_TEXT, 0, 0, "1", 1},  {MC__COL_REAL, 0, 1.0, NULL, 0},
	};
	char hex[MC__ARRAY_SIZE(v)][65], ab[65], ba[65];
	struct mc__value two[2];
	size_t i, k;

	(void)state;
	for (i = 0; i < MC__ARRAY_SIZE(v); i++)
		hash_rows(hex[i], &v[i], 1, 1);
	for (i = 0; i < MC__ARRAY_SIZE(v); i++)
		for (k = i + 1; k < MC__ARRAY_SIZE(v); k++)
			assert_string_not_equal(hex[i], hex[k]);
	two[0] = v[3];
	two[1] = v[4];
	hash_rows(ab, two, 2, 1);
	two[0] = v[4];
	two[1] = v[3];
	hash_rows(ba, two, 2, 1);
	assert_string_not_equal(ab, ba);
}

/* Every table: a kind per column, key columns among its columns. */
static void test_tables(void **state)
{
	size_t i, k;

	(void)state;
	assert_true(mc__copy_ntables >= 23);
	for (i = 0; i < mc__copy_ntables; i++) {
		const struct mc__table *t = &mc__copy_tables[i];
		char key[128], *part, *save = NULL;

		assert_int_equal(strlen(t->types), t->ncolumns);
		assert_int_equal(strspn(t->types, "irtb"), t->ncolumns);
		snprintf(key, sizeof(key), "%s", t->key);
		for (part = strtok_r(key, ", ", &save); part;
		     part = strtok_r(NULL, ", ", &save)) {
			for (k = 0; k < t->ncolumns; k++)
				if (strcmp(t->columns[k], part) == 0)
					break;
			assert_true(k < t->ncolumns);
		}
	}
}

struct fixture {
	char from[64], to[64];
	mc_store *a, *b;
};

static void temp_path(char *path, size_t size, const char *what)
{
	int fd;

	snprintf(path, size, "/tmp/mc-test-copy-%s-XXXXXX", what);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
}

static void remove_db(const char *path)
{
	char side[96];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_org *org = NULL;

	temp_path(f->from, sizeof(f->from), "from");
	temp_path(f->to, sizeof(f->to), "to");
	assert_int_equal(mc_store_open(&f->a, f->from, NULL, NULL), 0);
	assert_int_equal(mc_store_open(&f->b, f->to, NULL, NULL), 0);
	assert_int_equal(mc_org_new(&org), 0);
	free(org->id);
	org->id = strdup("ua-org");
	org->country = strdup("UA");
	org->type = MC_ORG_VET_PROVIDER;
	assert_int_equal(mc_langmap_set(&org->name, "en", "Org"), 0);
	assert_int_equal(mc_langmap_set(&org->name, "uk", "Орг"), 0);
	assert_int_equal(f->a->catalogue->org_put(f->a, org), 0);
	mc_org_free(org);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_store_free(f->a);
	mc_store_free(f->b);
	remove_db(f->from);
	remove_db(f->to);
	free(f);
	return 0;
}

static void sql(const char *path, const char *text)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static long long count(mc_store *s, const char *table)
{
	long long n = -1;

	assert_int_equal(s->rows->count(s, &n, table), 0);
	return n;
}

static const mc_store_copy_table *entry(const mc_store_copy_report *r,
					const char *name)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (strcmp(r->tables[i].name, name) == 0)
			return &r->tables[i];
	fail_msg("no table %s in the report", name);
	return NULL;
}

static void test_copy_and_refuse_non_empty(void **state)
{
	struct fixture *f = *state;
	mc_store_copy_report *r = calloc(1, sizeof(*r));
	const mc_store_copy_table *t;

	assert_int_equal(mc_store_copy(r, f->a, f->b), 0);
	t = entry(r, "org_names");
	assert_int_equal(t->state, MC_COPY_OK);
	assert_int_equal(t->rows, 2);
	assert_int_equal(t->target_rows, 2);
	assert_string_equal(t->hash, t->target_hash);
	assert_int_equal(entry(r, "mc_fts")->state, MC_COPY_REBUILT);
	assert_null(r->failed);
	assert_int_equal(count(f->b, "organisations"), 1);

	/* Again: the target holds data now. */
	assert_int_equal(mc_store_copy(r, f->a, f->b), MC_EEXISTS);
	assert_string_equal(mc_store_errmsg(f->b),
			    "the target is not empty: table organisations "
			    "has 1 rows");
	assert_int_equal(count(f->b, "organisations"), 1);
	assert_int_equal(mc_store_copy(r, f->a, f->a), MC_EUSAGE);
	free(r);
}

/* Stores at two schema versions are refused before anything is read. */
static void test_schema_versions_differ(void **state)
{
	struct fixture *f = *state;
	mc_store_copy_report *r = calloc(1, sizeof(*r));

	f->a->schema_version--;
	assert_int_equal(mc_store_copy(r, f->a, f->b), MC_EVERSION);
	assert_non_null(strstr(mc_store_errmsg(f->b), "schema version"));
	assert_int_equal(r->count, 0);
	f->a->schema_version++;
	free(r);
}

/* A text where the schema says integer is named, nothing is kept. */
static void test_value_of_another_kind(void **state)
{
	struct fixture *f = *state;
	mc_store_copy_report *r = calloc(1, sizeof(*r));

	sql(f->from, "UPDATE org_names SET ord = 'first' WHERE lang = 'uk'");
	assert_int_equal(mc_store_copy(r, f->a, f->b), MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->b), "org_names.ord"));
	assert_int_equal(count(f->b, "organisations"), 0);
	free(r);
}

/* A trigger on the target changes a row as it is inserted: the hash read
 * back differs, the copy fails naming the table and keeps nothing. */
static void test_changed_behind_its_back(void **state)
{
	struct fixture *f = *state;
	mc_store_copy_report *r = calloc(1, sizeof(*r));
	const mc_store_copy_table *t;

	sql(f->to, "CREATE TRIGGER corrupt AFTER INSERT ON org_names"
		   " WHEN NEW.lang = 'uk' BEGIN UPDATE org_names"
		   " SET text = 'Інше' WHERE org_id = NEW.org_id"
		   " AND lang = 'uk'; END");
	assert_int_equal(mc_store_copy(r, f->a, f->b), MC_EDB);
	assert_non_null(
	    strstr(mc_store_errmsg(f->b), "table org_names: the copy differs"));
	assert_string_equal(r->failed, "org_names");
	t = entry(r, "org_names");
	assert_int_equal(t->state, MC_COPY_MISMATCH);
	assert_int_equal(t->rows, t->target_rows);
	assert_string_not_equal(t->hash, t->target_hash);
	assert_int_equal(entry(r, "organisations")->state, MC_COPY_OK);
	assert_int_equal(count(f->b, "organisations"), 0);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_known_value),
	    cmocka_unit_test(test_hash_tells_apart),
	    cmocka_unit_test(test_tables),
	    cmocka_unit_test_setup_teardown(test_copy_and_refuse_non_empty,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_schema_versions_differ, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_value_of_another_kind, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_changed_behind_its_back, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
