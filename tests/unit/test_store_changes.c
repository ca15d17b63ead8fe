/*
 * Unit tests for the store's change counters (schema v7,
 * mc_store_changes()): a write of each topic moves that topic's counter
 * and no other's, another connection sees it, a rolled-back write moves
 * nothing, every table is counted, and a schema v6 database gains the
 * counters when it is opened.
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

#include "microcred/store.h"
#include "store/store.h"
#include "store/store_sqlite.h"

#define ORG "ua-org"

struct fixture {
	char path[64];
	mc_store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_org *org = NULL;
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-changes-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	assert_int_equal(mc_store_open(&f->s, f->path, NULL, NULL), 0);
	/* The organisation the keys, lists and recognitions belong to. */
	assert_int_equal(mc_org_new(&org), 0);
	free(org->id);
	org->id = strdup(ORG);
	org->country = strdup("UA");
	org->type = MC_ORG_VET_PROVIDER;
	assert_int_equal(mc_langmap_set(&org->name, "en", "Org"), 0);
	assert_int_equal(f->s->catalogue->org_put(f->s, org), 0);
	mc_org_free(org);
	*state = f;
	return 0;
}

static void remove_db(const char *path)
{
	char side[80];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_store_free(f->s);
	remove_db(f->path);
	free(f);
	return 0;
}

/* Every topic's counter, in the order of the MC_STORE_* bits. */
#define TOPICS 9

static void counters(mc_store *s, uint64_t out[TOPICS])
{
	int i;

	for (i = 0; i < TOPICS; i++)
		assert_int_equal(mc_store_changes(s, 1u << i, &out[i]), 0);
}

/* ---- one write of each topic -------------------------------------------- */

static void write_settings(mc_store *s)
{
	assert_int_equal(s->core->meta_set(s, "test", "1"), 0);
}

static void write_catalogue(mc_store *s)
{
	mc_cluster *c = NULL;

	assert_int_equal(mc_cluster_new(&c), 0);
	free(c->id);
	c->id = strdup("cl-1");
	assert_int_equal(mc_langmap_set(&c->name, "en", "Cluster"), 0);
	assert_int_equal(s->catalogue->cluster_put(s, c), 0);
	mc_cluster_free(c);
}

static void write_esco(mc_store *s)
{
	mc_esco_concept c = {0};

	c.uri = "http://data.europa.eu/esco/skill/test";
	c.concept_type = "KnowledgeSkillCompetence";
	c.lang = "en";
	c.label = "test skill";
	assert_int_equal(s->esco->put(s, &c), 0);
}

static void write_accounts(mc_store *s)
{
	mc_user u = {0};

	u.id = "u-0000000000000001";
	u.email = "ana@example.org";
	u.name = "Ana";
	u.created_at = "2026-01-01T00:00:00Z";
	assert_int_equal(s->account->user_put(s, &u, "hash"), 0);
}

static void write_keys(mc_store *s)
{
	static const unsigned char sealed[] = {1, 2, 3};
	mc_key_info k = {0};

	k.id = "ua-ed25519-1";
	k.org_id = ORG;
	k.type = MC_KEY_ED25519;
	k.created_at = "2026-01-01T00:00:00Z";
	k.public_jwk = "{\"kty\":\"OKP\"}";
	assert_int_equal(s->keys->key_put(s, &k, sealed, sizeof(sealed)), 0);
}

static void write_credentials(mc_store *s)
{
	struct mc__status_ref ref = {"revocation", NULL, 0};

	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->cred->status_alloc(s, &ref, ORG, 7), 0);
	assert_int_equal(s->core->commit(s), 0);
	free(ref.list_url);
}

static void write_audit(mc_store *s)
{
	assert_int_equal(
	    s->audit->add(s, "test", "test.action", "x", NULL, NULL), 0);
}

static void write_policy(mc_store *s)
{
	mc_recognition r = {0};

	r.org_id = ORG;
	r.country = "UA";
	r.kind = MC_RECOGNITION_QA_BODY;
	r.granted_at = "2026-01-01T00:00:00Z";
	assert_int_equal(s->policy->recognition_put(s, &r), 0);
}

static void write_jobs(mc_store *s)
{
	mc_job j = {0};

	j.id = "j-0000000000000001";
	j.kind = "test";
	j.payload = "{}";
	assert_int_equal(s->jobs->enqueue(s, &j), 0);
}

static void (*const writers[TOPICS])(mc_store *s) = {
    write_settings, write_catalogue, write_esco,
    write_accounts, write_keys,	     write_credentials,
    write_audit,    write_policy,    write_jobs,
};

/* A write of topic i moves counter i (on this handle and on a second
 * connection to the same file) and leaves every other counter as it was. */
static void test_each_topic_moves_its_counter(void **state)
{
	struct fixture *f = *state;
	uint64_t before[TOPICS], after[TOPICS], other[TOPICS];
	mc_store *b = NULL;
	int i, k;

	assert_int_equal(mc_store_open(&b, f->path, NULL, NULL), 0);
	for (i = 0; i < TOPICS; i++) {
		counters(f->s, before);
		writers[i](f->s);
		counters(f->s, after);
		counters(b, other);
		for (k = 0; k < TOPICS; k++) {
			if (k == i)
				assert_true(after[k] > before[k]);
			else
				assert_true(after[k] == before[k]);
			assert_true(other[k] == after[k]);
		}
	}
	mc_store_free(b);
}

/* Several topics: the sum of their counters, read in one call. */
static void test_several_topics_sum(void **state)
{
	struct fixture *f = *state;
	uint64_t c[TOPICS], sum = 0, all = 0;
	int i;

	write_catalogue(f->s);
	write_audit(f->s);
	counters(f->s, c);
	for (i = 0; i < TOPICS; i++)
		sum += c[i];
	assert_int_equal(mc_store_changes(f->s, MC_STORE_ALL, &all), 0);
	assert_true(all == sum);
	assert_int_equal(
	    mc_store_changes(f->s, MC_STORE_CATALOGUE | MC_STORE_AUDIT, &all),
	    0);
	assert_true(all == c[1] + c[6]);
}

/* A write that is rolled back moves nothing, seen from either handle. */
static void test_rollback_moves_nothing(void **state)
{
	struct fixture *f = *state;
	uint64_t before[TOPICS], after[TOPICS];

	counters(f->s, before);
	assert_int_equal(f->s->core->begin(f->s), 0);
	write_catalogue(f->s);
	write_audit(f->s);
	assert_int_equal(f->s->core->rollback(f->s), 0);
	counters(f->s, after);
	assert_memory_equal(before, after, sizeof(before));
}

static void test_bad_topics(void **state)
{
	struct fixture *f = *state;
	uint64_t v = 1;

	assert_int_equal(mc_store_changes(f->s, 0, &v), MC_EUSAGE);
	assert_true(v == 0);
	/* The bit after the last topic. */
	assert_int_equal(mc_store_changes(f->s, MC_STORE_ALL + 1u, &v),
			 MC_EUSAGE);
	assert_non_null(strstr(mc_store_errmsg(f->s), "topics"));
}

/* Every ordinary table of the schema has its three counting triggers, so
 * a table added by a later migration without them fails here; but
 * rate_buckets, the backend's bookkeeping, which no cache reads. */
static void test_every_table_is_counted(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = mc__sq(f->s)->db;
	sqlite3_stmt *st;
	static const char *const events[] = {"ins", "upd", "del"};
	size_t tables = 0;
	int i;

	assert_int_equal(
	    sqlite3_prepare_v2(
		db,
		"SELECT t.name, (SELECT count(*) FROM sqlite_master g"
		"  WHERE g.type = 'trigger' AND g.tbl_name = t.name"
		"  AND g.name = 'changes_' || t.name || '_' || ?1)"
		" FROM sqlite_master t WHERE t.type = 'table'"
		" AND t.name NOT LIKE 'sqlite_%' AND t.name <> 'changes'"
		" AND t.name <> 'rate_buckets'"
		" AND t.sql NOT LIKE 'CREATE VIRTUAL%'"
		" AND t.name NOT LIKE 'mc_fts_%'"
		" AND t.name NOT LIKE 'esco_fts_%'",
		-1, &st, NULL),
	    SQLITE_OK);
	for (i = 0; i < 3; i++) {
		sqlite3_bind_text(st, 1, events[i], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (sqlite3_column_int(st, 1) != 1)
				fail_msg("table %s: no changes_%s_%s trigger",
					 sqlite3_column_text(st, 0),
					 sqlite3_column_text(st, 0), events[i]);
			tables++;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	assert_true(tables >= 3 * 25);
}

/* A database made before the counters (schema v6) gains them, at 0, when
 * it is opened read-write, and they count from then on. */
static void test_v6_database_gains_counters(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = mc__sq(f->s)->db;
	sqlite3_stmt *st;
	uint64_t v = 9;
	char **drop = NULL;
	size_t n = 0, i;

	/* The counting triggers, the changes table and any table a version
	 * after 6 made: what a v6 database did not have. */
	static const char what[] =
	    "SELECT 'DROP TRIGGER IF EXISTS ' || name FROM sqlite_master"
	    " WHERE type = 'trigger' AND name GLOB 'changes_*'"
	    " UNION ALL"
	    " SELECT 'DROP TABLE IF EXISTS ' || name FROM sqlite_master"
	    " WHERE type = 'table' AND name NOT GLOB 'sqlite_*'"
	    " AND name NOT GLOB 'mc_fts*' AND name NOT GLOB 'esco_fts*'"
	    " AND name NOT IN ('meta', 'organisations', 'org_names', 'mcs',"
	    " 'clusters', 'cluster_texts', 'cluster_orgs', 'cluster_mcs',"
	    " 'mc_versions', 'mc_countries', 'mc_target_groups',"
	    " 'mc_languages', 'mc_orgs', 'mc_events', 'esco_concepts',"
	    " 'keys', 'credentials', 'status_lists', 'status_entries',"
	    " 'audit', 'users', 'memberships', 'sessions', 'api_tokens',"
	    " 'seals', 'org_recognitions', 'mc_consents')";

	assert_int_equal(sqlite3_prepare_v2(db, what, -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		drop = realloc(drop, (n + 1) * sizeof(*drop));
		drop[n++] = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	assert_true(n >= 75);
	for (i = 0; i < n; i++) {
		assert_int_equal(sqlite3_exec(db, drop[i], NULL, NULL, NULL),
				 SQLITE_OK);
		free(drop[i]);
	}
	free(drop);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version = 6", NULL, NULL, NULL),
	    SQLITE_OK);
	mc_store_free(f->s);
	f->s = NULL;

	assert_int_equal(mc_store_open(&f->s, f->path, NULL, NULL), 0);
	assert_int_equal(mc_store_schema_version(f->s), mc__sq_schema_version);
	assert_int_equal(mc_store_changes(f->s, MC_STORE_ALL, &v), 0);
	assert_true(v == 0);
	write_catalogue(f->s);
	assert_int_equal(mc_store_changes(f->s, MC_STORE_CATALOGUE, &v), 0);
	assert_true(v > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_each_topic_moves_its_counter,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_several_topics_sum, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_rollback_moves_nothing, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_topics, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_every_table_is_counted, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_v6_database_gains_counters,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
