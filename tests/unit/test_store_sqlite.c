/*
 * Unit tests for the SQLite backend (store_sqlite*.c): telling our
 * databases from others, migrations, records, transactions, multilingual
 * full-text search with filters and facets, and coverage.  The backend is
 * driven through its operations table, as the catalogue layer does.
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
#include "model/search_query.h"
#include "store/store.h"
#include "store/store_sqlite.h"

struct fixture {
	char path[64];
	mc_store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-store-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	assert_int_equal(mc_store_open(&f->s, f->path, NULL, &err), 0);
	assert_null(err);
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

/* ---- helpers ------------------------------------------------------------ */

static void put_org(mc_store *s, const char *id, const char *country,
		    const char *name_en, const char *name_local,
		    const char *local)
{
	mc_org *org = NULL;

	assert_int_equal(mc_org_new(&org), 0);
	free(org->id);
	org->id = strdup(id);
	org->country = strdup(country);
	org->type = MC_ORG_VET_PROVIDER;
	assert_int_equal(mc_langmap_set(&org->name, "en", name_en), 0);
	if (name_local)
		assert_int_equal(mc_langmap_set(&org->name, local, name_local),
				 0);
	assert_int_equal(s->catalogue->org_put(s, org), 0);
	mc_org_free(org);
}

/*
 * Store an MC built from a JSON template.  `titles` and `outcome` are the
 * inner parts of language maps ("\"en\": \"...\""), `groups` a JSON
 * array body.
 */
/* The ECTS credits put_mc() gives the MCs it stores. */
static double put_ects = 2;

static void put_mc(mc_store *s, const char *id, unsigned version,
		   mc_status status, const char *primary, const char *titles,
		   const char *outcome, const char *provider,
		   const char *country, const char *sector, int eqf,
		   const char *groups)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	char json[4096];
	int rc;

	snprintf(json, sizeof(json),
		 "{\"id\": \"%s\", \"primary_language\": \"%s\","
		 " \"languages\": [\"%s\"], \"title\": {%s},"
		 " \"provider\": \"%s\", \"awarding_bodies\": [\"%s\"],"
		 " \"countries\": [\"%s\"], \"sector\": \"%s\","
		 " \"target_groups\": [%s],"
		 " \"learning_outcomes\": [{\"category\": \"skills\","
		 "  \"text\": {%s}}],"
		 " \"workload\": {\"ects\": %g, \"hours\": %g},"
		 " \"eqf_level\": %d,"
		 " \"assessment\": {\"type\": \"practical_demonstration\"},"
		 " \"participation\": {\"mode\": \"onsite\"},"
		 " \"quality_assurance\": {\"type\": \"internal\"}}",
		 id, primary, primary, titles, provider, provider, country,
		 sector, groups, outcome, put_ects, put_ects * 25, eqf);
	rc = mc_microcred_from_json(&mc, json, strlen(json), "test", &problems);
	if (rc) {
		char *msg = problems.count
				? mc_problem_format(&problems.items[0])
				: NULL;

		fail_msg("%s: %s", id, msg ? msg : "?");
	}
	mc->version = version;
	mc->status = status;
	rc = s->catalogue->mc_put(s, mc);
	if (rc)
		fail_msg("mc_put %s: %s", id, mc_store_errmsg(s));
	mc_microcred_free(mc);
	mc_problems_clear(&problems);
}

/* Search with `text` and options; returns the result (caller frees). */
static mc_search_result *search(mc_store *s, const char *text,
				mc_search_options *o)
{
	mc_search_options defaults = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	struct mc__query *q = NULL;
	char err[256];

	if (!o)
		o = &defaults;
	assert_int_equal(mc__query_parse(&q, text, err, sizeof(err)), 0);
	if (s->search->find(s, &r, o, q))
		fail_msg("search %s: %s", text ? text : "", mc_store_errmsg(s));
	mc__query_free(q);
	return r;
}

static size_t total(mc_store *s, const char *text, mc_search_options *o)
{
	mc_search_result *r = search(s, text, o);
	size_t n = r->total;

	mc_search_result_free(r);
	return n;
}

static size_t facet(const mc_search_result *r, const char *name,
		    const char *value)
{
	size_t i, k;

	for (i = 0; i < r->facet_count; i++) {
		if (strcmp(r->facets[i].name, name) != 0)
			continue;
		for (k = 0; k < r->facets[i].count; k++)
			if (strcmp(r->facets[i].values[k].value, value) == 0)
				return r->facets[i].values[k].count;
		return 0;
	}
	fail_msg("no facet %s", name);
	return 0;
}

/* A small multilingual catalogue. */
static void load_catalogue(mc_store *s)
{
	put_org(s, "ua-lyceum", "UA", "Rokytne Professional Lyceum",
		"Рокитнівський професійний ліцей", "uk");
	put_org(s, "ge-college", "GE", "Tbilisi State College",
		"თბილისის სახელმწიფო კოლეჯი", "ka");
	put_org(s, "am-college", "AM", "Lori College", "Լոռու քոլեջ", "hy");
	put_org(s, "de-sbg", "DE", "Saxon Education Company", NULL, NULL);

	put_mc(s, "ua-weld", 1, MC_STATUS_PUBLISHED, "uk",
	       "\"uk\": \"Основи ручного дугового зварювання\","
	       " \"en\": \"Basic manual arc welding\"",
	       "\"uk\": \"Здобувач виконує кутові шви.\","
	       " \"en\": \"The learner can weld fillet joints.\"",
	       "ua-lyceum", "UA", "0715", 3, "\"adults\", \"idps\"");
	put_mc(s, "ua-solar", 1, MC_STATUS_PUBLISHED, "uk",
	       "\"uk\": \"Монтаж сонячних панелей\","
	       " \"en\": \"Installing solar panels\"",
	       "\"uk\": \"Здобувач монтує панелі.\"", "ua-lyceum", "UA", "0713",
	       4, "\"adults\", \"veterans\"");
	put_mc(s, "ge-wine", 1, MC_STATUS_PUBLISHED, "ka",
	       "\"ka\": \"ღვინის დაყენება ქვევრში\","
	       " \"en\": \"Qvevri winemaking\"",
	       "\"ka\": \"მსმენელი აყენებს ღვინოს.\"", "ge-college", "GE",
	       "0721", 4, "\"youth\"");
	put_mc(s, "am-cheese", 1, MC_STATUS_PUBLISHED, "hy",
	       "\"hy\": \"Լոռի պանրի արտադրություն\","
	       " \"en\": \"Lori cheese production\"",
	       "\"hy\": \"Սովորողը պատրաստում է պանիր։\"", "am-college", "AM",
	       "0721", 3, "\"women\", \"adults\"");
	put_mc(s, "de-chem", 1, MC_STATUS_DRAFT, "de",
	       "\"de\": \"Chemikant Grundlagen Schweißen\"",
	       "\"de\": \"Die Lernenden arbeiten sicher.\"", "de-sbg", "DE",
	       "0711", 4, "\"employees\"");
}

/* ---- opening ------------------------------------------------------------ */

static long long pragma(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void test_new_database_is_ours(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(mc_store_schema_version(f->s), mc__sq_schema_version);
	assert_string_equal(mc_store_backend(f->s), "sqlite");
	assert_int_equal(pragma(f->path, "PRAGMA application_id"),
			 MC__SQLITE_APP_ID);
	assert_int_equal(pragma(f->path, "PRAGMA user_version"),
			 mc__sq_schema_version);
	assert_int_equal(pragma(f->path, "PRAGMA journal_mode = WAL") >= -1, 1);
}

static void test_reopen_is_idempotent(void **state)
{
	struct fixture *f = *state;
	mc_store *again = NULL;
	char *err = NULL, *v = NULL;
	long long tables;

	put_org(f->s, "ua-lyceum", "UA", "Lyceum", NULL, NULL);
	tables = pragma(f->path, "SELECT count(*) FROM sqlite_master");
	mc_store_free(f->s);
	f->s = NULL;
	assert_int_equal(mc_store_open(&again, f->path, NULL, &err), 0);
	assert_int_equal(mc_store_schema_version(again), mc__sq_schema_version);
	assert_int_equal(pragma(f->path, "SELECT count(*) FROM sqlite_master"),
			 tables);
	assert_int_equal(pragma(f->path, "SELECT count(*) FROM organisations"),
			 1);
	assert_int_equal(again->core->meta_get(again, &v, "nothing"),
			 MC_ENOTFOUND);
	f->s = again;
}

/* Opening a database at the current schema takes no write lock: a
 * command opens it while another process is in the middle of a write
 * (a roster's batch, say) instead of waiting for it and failing with
 * "database is locked". */
static void test_open_while_another_writes(void **state)
{
	struct fixture *f = *state;
	mc_store *again = NULL;
	sqlite3 *other = NULL;
	char *err = NULL;

	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(mc_store_open(&again, f->path, NULL, &err), 0);
	assert_null(err);
	assert_int_equal(mc_store_schema_version(again), mc__sq_schema_version);
	mc_store_free(again);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(other);
}

static void test_text_file_is_not_ours(void **state)
{
	char path[] = "/tmp/mc-test-text-XXXXXX";
	mc_store *s = NULL;
	char *err = NULL;
	int fd = mkstemp(path);
	const char text[] = "This is a text file, not a database at all.\n"
			    "It is long enough to fill a header. 0123456789"
			    "0123456789012345678901234567890123456789\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1),
			 (ssize_t)sizeof(text) - 1);
	close(fd);
	assert_int_equal(mc_store_open(&s, path, NULL, &err), MC_ENOTOURS);
	assert_null(s);
	assert_non_null(err);
	assert_non_null(strstr(err, "not a microcred database"));
	assert_non_null(strstr(err, path));
	free(err);
	unlink(path);
}

static void test_other_sqlite_is_not_ours(void **state)
{
	char path[] = "/tmp/mc-test-other-XXXXXX";
	mc_store *s = NULL;
	sqlite3 *db = NULL;
	char *err = NULL;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "CREATE TABLE notes(x);", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(mc_store_open(&s, path, NULL, &err), MC_ENOTOURS);
	assert_non_null(strstr(err, "not a microcred database"));
	free(err);
	err = NULL;

	/* another application's id, even with nothing in it */
	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA application_id = 1234;"
				      " CREATE TABLE t(x); DROP TABLE t;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(mc_store_open(&s, path, NULL, &err), MC_ENOTOURS);
	free(err);
	/* and the file was left alone */
	assert_int_equal(pragma(path, "PRAGMA application_id"), 1234);
	unlink(path);
}

static void test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = NULL;
	mc_store *s = NULL;
	char *err = NULL, sql[64], want[96];

	mc_store_free(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 mc__sq_schema_version + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(mc_store_open(&s, f->path, NULL, &err), MC_EVERSION);
	assert_null(s);
	snprintf(want, sizeof(want),
		 "database is schema version %d, this program knows %d; "
		 "upgrade microcred",
		 mc__sq_schema_version + 1, mc__sq_schema_version);
	assert_string_equal(err, want);
	free(err);
}

static void test_missing_without_create(void **state)
{
	mc_store_options o = MC_STORE_OPTIONS_INIT;
	mc_store *s = NULL;
	char *err = NULL;

	(void)state;
	o.create = 0;
	assert_int_equal(mc_store_open(&s, "/tmp/mc-test-none/x.db", &o, &err),
			 MC_ENOTFOUND);
	free(err);
}

static void test_readonly(void **state)
{
	struct fixture *f = *state;
	mc_store_options o = MC_STORE_OPTIONS_INIT;
	mc_store *ro = NULL;
	char *err = NULL;

	load_catalogue(f->s);
	o.readonly = 1;
	assert_int_equal(mc_store_open(&ro, f->path, &o, &err), 0);
	assert_int_equal(total(ro, "зварювання", NULL), 1);
	put_org(f->s, "x-new", "UA", "New", NULL, NULL);
	{
		mc_org *org = NULL;

		assert_int_equal(ro->catalogue->org_get(ro, &org, "x-new"), 0);
		mc_org_free(org);
	}
	mc_store_free(ro);
}

/* ---- records ------------------------------------------------------------ */

static void test_meta(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	char *v = NULL;

	assert_int_equal(s->core->meta_set(s, "k", "one"), 0);
	assert_int_equal(s->core->meta_set(s, "k", "two"), 0);
	assert_int_equal(s->core->meta_get(s, &v, "k"), 0);
	assert_string_equal(v, "two");
	free(v);
}

/* mc__sq_row(): a row is left current; no row is MC_ENOTFOUND with the
 * caller's message, or with the message untouched when it gives none; a
 * failing step is the SQLite error naming `what`. */
static void test_row_helper(void **state)
{
	struct fixture *f = *state;
	struct mc__sqlite *h = mc__sq(f->s);
	const char *sql = "SELECT ?1 WHERE ?1 IS NOT NULL";
	sqlite3_stmt *st;

	assert_non_null(st = mc__sq_dyn(h, sql));
	sqlite3_bind_int(st, 1, 7);
	assert_int_equal(mc__sq_row(h, st, "probe", "%s: none", "x"), 0);
	assert_int_equal(sqlite3_column_int(st, 0), 7);
	sqlite3_reset(st);

	assert_non_null(st = mc__sq_dyn(h, sql));
	assert_int_equal(mc__sq_row(h, st, "probe", "%s: none", "x"),
			 MC_ENOTFOUND);
	assert_string_equal(f->s->errmsg, "x: none");

	mc__store_error(f->s, 0, "earlier");
	assert_non_null(st = mc__sq_dyn(h, sql));
	assert_int_equal(mc__sq_row(h, st, "probe", NULL), MC_ENOTFOUND);
	assert_string_equal(f->s->errmsg, "earlier");

	assert_non_null(
	    st = mc__sq_dyn(h, "SELECT abs(-9223372036854775807 - 1)"));
	assert_int_equal(mc__sq_row(h, st, "probe", "%s: none", "x"), MC_EDB);
	assert_string_equal(f->s->errmsg, "probe: integer overflow");
}

/* Sum column 0 into the int `payload`; stop with -99 at a row of 3. */
static int sum_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	(void)h;
	if (sqlite3_column_int(st, 0) == 3)
		return -99;
	*(int *)payload += sqlite3_column_int(st, 0);
	return 0;
}

/* mc__sq_each(): every row through the callback; the callback's error
 * stops it and comes back; a failing step is the SQLite error naming
 * `what`; the statement is reset every time. */
static void test_each_helper(void **state)
{
	struct fixture *f = *state;
	struct mc__sqlite *h = mc__sq(f->s);
	static const char sql[] = "SELECT value FROM json_each(?1)";
	sqlite3_stmt *st;
	int sum = 0;

	assert_non_null(st = mc__sq_stmt(h, sql));
	sqlite3_bind_text(st, 1, "[1, 2, 4]", -1, SQLITE_STATIC);
	assert_int_equal(mc__sq_each(h, st, sum_row, &sum, "probe"), 0);
	assert_int_equal(sum, 7);
	assert_false(sqlite3_stmt_busy(st));

	sum = 0;
	assert_non_null(st = mc__sq_stmt(h, sql));
	sqlite3_bind_text(st, 1, "[1, 3, 4]", -1, SQLITE_STATIC);
	assert_int_equal(mc__sq_each(h, st, sum_row, &sum, "probe"), -99);
	assert_int_equal(sum, 1);
	assert_false(sqlite3_stmt_busy(st));

	assert_non_null(
	    st = mc__sq_dyn(h, "SELECT abs(-9223372036854775807 - 1)"));
	assert_int_equal(mc__sq_each(h, st, sum_row, &sum, "probe"), MC_EDB);
	assert_string_equal(f->s->errmsg, "probe: integer overflow");
}

/* mc__sq_insert(): a duplicate key is MC_EEXISTS, a missing reference
 * MC_ENOTFOUND, another constraint MC_EINVALID, each with SQLite's
 * message. */
static void test_insert_helper(void **state)
{
	struct fixture *f = *state;
	struct mc__sqlite *h = mc__sq(f->s);
	static const char sql[] = "INSERT INTO org_names(org_id, ord, lang,"
				  " text) VALUES(?1, 0, 'en', ?2)";
	sqlite3_stmt *st;

	put_org(f->s, "ua-lyceum", "UA", "Lyceum", NULL, NULL);
	assert_non_null(st = mc__sq_stmt(h, sql));
	mc__sq_bind_text(st, 1, "ua-lyceum");
	mc__sq_bind_text(st, 2, "Lyceum");
	assert_int_equal(mc__sq_insert(h, st, "name"), MC_EEXISTS);
	assert_non_null(strstr(f->s->errmsg, "name: UNIQUE constraint"));

	assert_non_null(st = mc__sq_stmt(h, sql));
	mc__sq_bind_text(st, 1, "nobody");
	mc__sq_bind_text(st, 2, "Nobody");
	assert_int_equal(mc__sq_insert(h, st, "name"), MC_ENOTFOUND);
	assert_non_null(strstr(f->s->errmsg, "FOREIGN KEY"));

	assert_non_null(st = mc__sq_stmt(h, sql));
	mc__sq_bind_text(st, 1, "ua-lyceum");
	assert_int_equal(mc__sq_insert(h, st, "name"), MC_EINVALID);
	assert_non_null(strstr(f->s->errmsg, "NOT NULL"));

	assert_non_null(st = mc__sq_stmt(h, sql));
	mc__sq_bind_text(st, 1, "ua-lyceum");
	mc__sq_bind_text(st, 2, "Ліцей");
	assert_int_equal(
	    sqlite3_exec(h->db, "DELETE FROM org_names", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(mc__sq_insert(h, st, "name"), 0);
}

/* mc__sq_stmt(): one prepared statement per text, found again by its
 * address however many there are, each handed back reset and unbound. */
static void test_stmt_cache(void **state)
{
	struct fixture *f = *state;
	struct mc__sqlite *h = mc__sq(f->s);
	static char texts[200][32];
	sqlite3_stmt *first[200], *st;
	int i;

	for (i = 0; i < 200; i++) {
		snprintf(texts[i], sizeof(texts[i]), "SELECT %d, ?1", i);
		assert_non_null(first[i] = mc__sq_stmt(h, texts[i]));
	}
	for (i = 0; i < 200; i++) {
		assert_ptr_equal(st = mc__sq_stmt(h, texts[i]), first[i]);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), i);
		assert_int_equal(sqlite3_column_type(st, 1), SQLITE_NULL);
		/* left bound and on a row */
		sqlite3_reset(st);
		assert_int_equal(sqlite3_bind_int(st, 1, 5), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	}
	/* handed back reset and unbound */
	st = mc__sq_stmt(h, texts[7]);
	assert_false(sqlite3_stmt_busy(st));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(st, 1), SQLITE_NULL);
	sqlite3_reset(st);
}

static void test_organisations(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_org *org = NULL, **list = NULL;
	size_t n = 0;

	put_org(s, "ua-lyceum", "UA", "Lyceum", "Ліцей", "uk");
	put_org(s, "ge-college", "GE", "College", NULL, NULL);
	/* replacing keeps one row and replaces the names */
	put_org(s, "ua-lyceum", "UA", "Rokytne Lyceum", NULL, NULL);
	assert_int_equal(s->catalogue->org_get(s, &org, "ua-lyceum"), 0);
	assert_string_equal(org->country, "UA");
	assert_int_equal(org->name.count, 1);
	assert_string_equal(mc_langmap_get(&org->name, "en"), "Rokytne Lyceum");
	mc_org_free(org);
	assert_int_equal(s->catalogue->org_get(s, &org, "nobody"),
			 MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(s), "nobody"));
	assert_int_equal(s->catalogue->org_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, "ge-college");
	mc_org_list_free(list, n);
	assert_int_equal(s->catalogue->org_list(s, &list, &n, "UA"), 0);
	assert_int_equal(n, 1);
	mc_org_list_free(list, n);
}

static void test_clusters(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_cluster *c = NULL, *got = NULL, **list = NULL;
	size_t n;

	load_catalogue(s);
	assert_int_equal(mc_cluster_new(&c), 0);
	free(c->id);
	c->id = strdup("black-sea");
	c->kind = MC_CLUSTER_REGIONAL;
	mc_langmap_set(&c->name, "en", "Black Sea");
	mc_strlist_add(&c->organisations, "ua-lyceum");
	mc_strlist_add(&c->mcs, "ua-weld");
	assert_int_equal(s->catalogue->cluster_put(s, c), 0);

	assert_int_equal(
	    s->catalogue->cluster_add(s, "black-sea", "ge-college", "ge-wine"),
	    0);
	assert_int_equal(s->catalogue->cluster_get(s, &got, "black-sea"), 0);
	assert_int_equal(got->kind, MC_CLUSTER_REGIONAL);
	assert_string_equal(mc_langmap_get(&got->name, "en"), "Black Sea");
	assert_int_equal(got->organisations.count, 2);
	assert_int_equal(got->mcs.count, 2);
	assert_string_equal(got->mcs.items[1], "ge-wine");
	mc_cluster_free(got);

	/* an unknown member fails and leaves the cluster as it was */
	mc_strlist_add(&c->mcs, "no-such-mc");
	assert_int_equal(s->catalogue->cluster_put(s, c), MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(s), "no-such-mc"));
	assert_int_equal(s->catalogue->cluster_get(s, &got, "black-sea"), 0);
	assert_int_equal(got->mcs.count, 2);
	mc_cluster_free(got);
	assert_int_equal(
	    s->catalogue->cluster_add(s, "black-sea", "nobody", NULL),
	    MC_ENOTFOUND);
	assert_int_equal(
	    s->catalogue->cluster_add(s, "nowhere", "ua-lyceum", NULL),
	    MC_ENOTFOUND);

	assert_int_equal(s->catalogue->cluster_list(s, &list, &n), 0);
	assert_int_equal(n, 1);
	mc_cluster_list_free(list, n);
	mc_cluster_free(c);

	/* the cluster filter and facet */
	{
		mc_search_options o = MC_SEARCH_OPTIONS_INIT;
		mc_search_result *r;

		o.cluster = "black-sea";
		o.facets = 1;
		r = search(s, NULL, &o);
		assert_int_equal(r->total, 2);
		assert_int_equal(facet(r, "cluster", "black-sea"), 2);
		mc_search_result_free(r);
	}
}

static void test_mc_versions_and_status(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_microcred *mc = NULL;
	mc_version_info *v = NULL;
	mc_strlist ids = MC_STRLIST_INIT;
	size_t n;

	load_catalogue(s);
	put_mc(s, "ua-weld", 2, MC_STATUS_DRAFT, "uk",
	       "\"uk\": \"Зварювання, версія 2\", \"en\": \"Welding v2\"",
	       "\"uk\": \"Зварює.\"", "ua-lyceum", "UA", "0715", 3,
	       "\"adults\"");
	assert_int_equal(s->catalogue->mc_get(s, &mc, "ua-weld", 0), 0);
	assert_int_equal(mc->version, 2);
	assert_int_equal(mc->status, MC_STATUS_DRAFT);
	assert_string_equal(mc_langmap_get(&mc->title, "en"), "Welding v2");
	mc_microcred_free(mc);
	assert_int_equal(s->catalogue->mc_get(s, &mc, "ua-weld", 1), 0);
	assert_int_equal(mc->status, MC_STATUS_PUBLISHED);
	mc_microcred_free(mc);
	assert_int_equal(s->catalogue->mc_get_published(s, &mc, "ua-weld"), 0);
	assert_int_equal(mc->version, 1);
	mc_microcred_free(mc);
	assert_int_equal(s->catalogue->mc_get(s, &mc, "ua-weld", 9),
			 MC_ENOTFOUND);
	assert_int_equal(s->catalogue->mc_get_published(s, &mc, "de-chem"),
			 MC_ENOTFOUND);

	/* the status column is authoritative */
	assert_int_equal(
	    s->catalogue->mc_set_status(s, "ua-weld", 2, MC_STATUS_IN_REVIEW),
	    0);
	assert_int_equal(
	    s->catalogue->mc_event_add(s, "ua-weld", 2, MC_STATUS_DRAFT,
				       MC_STATUS_IN_REVIEW, "tester", "ready"),
	    0);
	assert_int_equal(s->catalogue->mc_get(s, &mc, "ua-weld", 2), 0);
	assert_int_equal(mc->status, MC_STATUS_IN_REVIEW);
	mc_microcred_free(mc);
	assert_int_equal(
	    s->catalogue->mc_set_status(s, "ua-weld", 5, MC_STATUS_DRAFT),
	    MC_ENOTFOUND);

	assert_int_equal(s->catalogue->mc_versions(s, &v, &n, "ua-weld"), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].version, 1);
	assert_int_equal(v[1].status, MC_STATUS_IN_REVIEW);
	assert_int_equal(strlen(v[1].updated_at), 20);
	free(v);
	assert_int_equal(s->catalogue->mc_versions(s, &v, &n, "nothing"),
			 MC_ENOTFOUND);

	assert_int_equal(s->catalogue->mc_ids(s, &ids), 0);
	assert_int_equal(ids.count, 5);
	assert_string_equal(ids.items[0], "am-cheese");
	mc_strlist_clear(&ids);
	assert_int_equal(pragma(f->path, "SELECT count(*) FROM mc_events"), 1);
}

static void test_replace_keeps_index_in_step(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;

	load_catalogue(s);
	assert_int_equal(total(s, "qvevri", NULL), 1);
	put_mc(s, "ge-wine", 1, MC_STATUS_PUBLISHED, "ka",
	       "\"ka\": \"ჩაის წარმოება\", \"en\": \"Tea production\"",
	       "\"ka\": \"ჩაი.\"", "ge-college", "GE", "0721", 4, "\"youth\"");
	assert_int_equal(total(s, "qvevri", NULL), 0);
	assert_int_equal(total(s, "tea", NULL), 1);
	assert_int_equal(pragma(f->path, "SELECT count(*) FROM mc_fts"), 5);
	assert_int_equal(pragma(f->path, "SELECT count(*) FROM mc_versions"),
			 5);
}

/* ---- transactions ------------------------------------------------------- */

static void test_rollback_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_org *org = NULL;

	assert_int_equal(s->core->begin(s), 0);
	put_org(s, "ua-lyceum", "UA", "Lyceum", NULL, NULL);
	put_mc(s, "ua-weld", 1, MC_STATUS_PUBLISHED, "en",
	       "\"en\": \"Welding\"", "\"en\": \"Weld.\"", "ua-lyceum", "UA",
	       "0715", 3, "\"adults\"");
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(s->catalogue->org_get(s, &org, "ua-lyceum"),
			 MC_ENOTFOUND);
	assert_int_equal(total(s, "welding", NULL), 0);
	assert_int_equal(pragma(f->path, "SELECT count(*) FROM mc_fts"), 0);
	assert_int_equal(pragma(f->path, "SELECT count(*) FROM mcs"), 0);

	/* nested: the inner rollback undoes only the inner part */
	assert_int_equal(s->core->begin(s), 0);
	put_org(s, "ua-lyceum", "UA", "Lyceum", NULL, NULL);
	assert_int_equal(s->core->begin(s), 0);
	put_org(s, "ge-college", "GE", "College", NULL, NULL);
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(s->core->commit(s), 0);
	assert_int_equal(s->catalogue->org_get(s, &org, "ua-lyceum"), 0);
	mc_org_free(org);
	assert_int_equal(s->catalogue->org_get(s, &org, "ge-college"),
			 MC_ENOTFOUND);
	assert_int_equal(s->core->commit(s), MC_EUSAGE);
}

/* ---- search ------------------------------------------------------------- */

static void test_multilingual_search(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r;

	load_catalogue(s);
	/* Ukrainian query finds the Ukrainian MC, with the Ukrainian title */
	o.lang = "uk";
	r = search(s, "зварювання", &o);
	assert_int_equal(r->total, 1);
	assert_string_equal(r->hits[0].id, "ua-weld");
	assert_string_equal(r->hits[0].title,
			    "Основи ручного дугового зварювання");
	assert_string_equal(r->hits[0].title_lang, "uk");
	assert_true(r->hits[0].score > 0);
	mc_search_result_free(r);
	/* the English query finds it, and an English reader gets English */
	o.lang = "en-GB";
	r = search(s, "arc welding", &o);
	assert_int_equal(r->total, 1);
	assert_string_equal(r->hits[0].title, "Basic manual arc welding");
	assert_string_equal(r->hits[0].title_lang, "en");
	assert_string_equal(r->hits[0].provider, "ua-lyceum");
	assert_string_equal(r->hits[0].country, "UA");
	assert_string_equal(r->hits[0].sector, "0715");
	assert_int_equal(r->hits[0].eqf_level, 3);
	assert_true(r->hits[0].ects == 2.0);
	mc_search_result_free(r);
	/* a reader whose language is missing gets the primary language */
	o.lang = "fr";
	r = search(s, "qvevri", &o);
	assert_string_equal(r->hits[0].title_lang, "ka");
	mc_search_result_free(r);

	/* case-insensitive Cyrillic, Georgian, Armenian */
	assert_int_equal(total(s, "ЗВАРЮВАННЯ", NULL), 1);
	assert_int_equal(total(s, "Сонячних", NULL), 1);
	assert_int_equal(total(s, "ქვევრში", NULL), 1);
	assert_int_equal(total(s, "ღვინ*", NULL), 1);
	assert_int_equal(total(s, "պանրի", NULL), 1);
	assert_int_equal(total(s, "ԱՐՏԱԴՐՈՒԹՅՈՒՆ", NULL), 1);
	/* outcomes and organisation names are searched too */
	assert_int_equal(total(s, "кутові", NULL), 1);
	assert_int_equal(total(s, "Рокитнівський", NULL), 2);
	/* phrase, OR, NOT, prefix */
	assert_int_equal(total(s, "\"arc welding\"", NULL), 1);
	assert_int_equal(total(s, "\"welding arc\"", NULL), 0);
	assert_int_equal(total(s, "cheese OR wine", NULL), 1);
	assert_int_equal(total(s, "cheese OR winemaking", NULL), 2);
	assert_int_equal(total(s, "lyceum -solar", NULL), 1);
	assert_int_equal(total(s, "instal*", NULL), 1);
	/* drafts only when asked */
	assert_int_equal(total(s, "schweißen", NULL), 0);
	o.status = -1;
	assert_int_equal(total(s, "schweissen", &o), 0);
	assert_int_equal(total(s, "Schweißen", &o), 1);
}

static void test_ranking_title_first(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_search_result *r;

	put_org(s, "x", "UA", "Org", NULL, NULL);
	put_mc(s, "b-outcome", 1, MC_STATUS_PUBLISHED, "en",
	       "\"en\": \"Pipe fitting\"",
	       "\"en\": \"The learner can weld and solder pipes.\"", "x", "UA",
	       "0715", 3, "\"adults\"");
	put_mc(s, "a-title", 1, MC_STATUS_PUBLISHED, "en",
	       "\"en\": \"Solder basics\"",
	       "\"en\": \"The learner can join parts.\"", "x", "UA", "0715", 3,
	       "\"adults\"");
	r = search(s, "solder", NULL);
	assert_int_equal(r->count, 2);
	assert_string_equal(r->hits[0].id, "a-title");
	assert_true(r->hits[0].score > r->hits[1].score);
	mc_search_result_free(r);

	/* equal scores: by id, also across the page boundary */
	put_mc(s, "z-same", 1, MC_STATUS_PUBLISHED, "en", "\"en\": \"Tiling\"",
	       "\"en\": \"Lays tiles.\"", "x", "UA", "0732", 3, "\"adults\"");
	put_mc(s, "m-same", 1, MC_STATUS_PUBLISHED, "en", "\"en\": \"Tiling\"",
	       "\"en\": \"Lays tiles.\"", "x", "UA", "0732", 3, "\"adults\"");
	{
		mc_search_options o = MC_SEARCH_OPTIONS_INIT;

		o.limit = 1;
		r = search(s, "tiling", &o);
		assert_int_equal(r->total, 2);
		assert_string_equal(r->hits[0].id, "m-same");
		mc_search_result_free(r);
		/* a draft filter with words */
		o.status = MC_STATUS_DRAFT;
		assert_int_equal(total(s, "tiling", &o), 0);
		o.status = -1;
		o.eqf_level = 3;
		o.sector = "07";
		assert_int_equal(total(s, "tiling", &o), 2);
		o.sector = "06";
		assert_int_equal(total(s, "tiling", &o), 0);
	}
}

static void test_filters_and_facets(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r;
	size_t i;

	load_catalogue(s);
	o.facets = 1;
	r = search(s, NULL, &o);
	assert_int_equal(r->total, 4);
	assert_int_equal(r->count, 4);
	/* no query: ordered by id */
	assert_string_equal(r->hits[0].id, "am-cheese");
	assert_string_equal(r->hits[3].id, "ua-weld");
	assert_true(r->hits[0].score == 0.0);
	assert_int_equal(r->facet_count, 9);
	assert_int_equal(facet(r, "country", "UA"), 2);
	assert_int_equal(facet(r, "country", "DE"), 0);
	assert_int_equal(facet(r, "sector", "07"), 4);
	assert_int_equal(facet(r, "eqf_level", "3"), 2);
	assert_int_equal(facet(r, "target_group", "adults"), 3);
	assert_int_equal(facet(r, "language", "en"), 4);
	assert_int_equal(facet(r, "language", "uk"), 2);
	assert_int_equal(facet(r, "organisation", "ua-lyceum"), 2);
	assert_int_equal(facet(r, "status", "published"), 4);
	/* most frequent first, ties by value */
	for (i = 0; i < r->facet_count; i++)
		if (strcmp(r->facets[i].name, "country") == 0) {
			assert_string_equal(r->facets[i].values[0].value, "UA");
			assert_string_equal(r->facets[i].values[1].value, "AM");
			assert_string_equal(r->facets[i].values[2].value, "GE");
		}
	mc_search_result_free(r);

	o.facets = 0;
	o.country = "UA";
	assert_int_equal(total(s, NULL, &o), 2);
	o.sector = "0715";
	assert_int_equal(total(s, NULL, &o), 1);
	o.sector = "071"; /* a prefix matches its subfields */
	assert_int_equal(total(s, NULL, &o), 2);
	o.sector = "07";
	assert_int_equal(total(s, NULL, &o), 2);
	o.sector = "08";
	assert_int_equal(total(s, NULL, &o), 0);
	o.sector = NULL;
	o.target_group = "veterans";
	assert_int_equal(total(s, NULL, &o), 1);
	o.target_group = NULL;
	o.eqf_level = 3;
	assert_int_equal(total(s, NULL, &o), 1);
	o.eqf_level = 0;
	o.country = NULL;
	o.language = "hy";
	assert_int_equal(total(s, NULL, &o), 1);
	o.language = NULL;
	o.organisation = "ge-college";
	assert_int_equal(total(s, "", &o), 1);
	o.organisation = NULL;
	o.status = -1;
	assert_int_equal(total(s, NULL, &o), 5);
	o.status = MC_STATUS_DRAFT;
	assert_int_equal(total(s, NULL, &o), 1);

	/* with words: the facets count every match, not just the page */
	o.status = MC_STATUS_PUBLISHED;
	o.facets = 1;
	o.limit = 1;
	r = search(s, "adults OR youth OR lyceum OR college", &o);
	assert_int_equal(r->total, 4);
	assert_int_equal(r->count, 1);
	assert_int_equal(facet(r, "country", "UA"), 2);
	assert_int_equal(facet(r, "country", "GE"), 1);
	mc_search_result_free(r);
}

/* ECTS bounds are inclusive, with and without words; the "ects" facet
 * counts (0, 2], (2, 5] and more than 5. */
static void test_ects_filter_and_facet(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r;
	static const double credits[] = {1, 2, 2.5, 5, 6};
	char id[16];
	size_t i;

	put_org(s, "ua-lyceum", "UA", "Lyceum", NULL, NULL);
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof(id), "e-%zu", i);
		put_ects = credits[i];
		put_mc(s, id, 1, MC_STATUS_PUBLISHED, "en",
		       "\"en\": \"Tiling\"", "\"en\": \"Lays tiles.\"",
		       "ua-lyceum", "UA", "0732", 3, "\"adults\"");
	}
	put_ects = 2;
	o.facets = 1;
	r = search(s, NULL, &o);
	assert_int_equal(r->facet_count, 9);
	assert_int_equal(facet(r, "ects", "0-2"), 2);
	assert_int_equal(facet(r, "ects", "2-5"), 2);
	assert_int_equal(facet(r, "ects", "5-"), 1);
	mc_search_result_free(r);
	o.facets = 0;
	o.ects_max = 2;
	assert_int_equal(total(s, NULL, &o), 2);
	assert_int_equal(total(s, "tiling", &o), 2);
	o.ects_min = 2;
	o.ects_max = 5;
	assert_int_equal(total(s, NULL, &o), 3);
	assert_int_equal(total(s, "tiling", &o), 3);
	o.ects_max = 0;
	o.ects_min = 5.5;
	assert_int_equal(total(s, NULL, &o), 1);
	assert_int_equal(total(s, "tiles", &o), 1);
	/* checked by the public entry point */
	o.ects_min = 6;
	o.ects_max = 5;
	assert_int_equal(mc_catalogue_search(s, &r, &o), MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(s), "ects_min"));
	o.ects_min = -1;
	o.ects_max = 0;
	assert_int_equal(mc_catalogue_search(s, &r, &o), MC_EINVALID);
}

static void test_limit_offset(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *all, *r;
	size_t i;

	load_catalogue(s);
	o.limit = 10;
	all = search(s, "college OR lyceum", &o);
	assert_int_equal(all->total, 4);
	assert_int_equal(all->count, 4);
	for (i = 0; i < 4; i++) {
		o.offset = i;
		o.limit = 1;
		r = search(s, "college OR lyceum", &o);
		assert_int_equal(r->total, 4);
		assert_int_equal(r->count, 1);
		assert_string_equal(r->hits[0].id, all->hits[i].id);
		mc_search_result_free(r);
	}
	o.offset = 10;
	r = search(s, "college OR lyceum", &o);
	assert_int_equal(r->total, 4);
	assert_int_equal(r->count, 0);
	mc_search_result_free(r);
	o.offset = 3;
	o.limit = 5;
	r = search(s, NULL, &o);
	assert_int_equal(r->total, 4);
	assert_int_equal(r->count, 1);
	assert_string_equal(r->hits[0].id, "ua-weld");
	mc_search_result_free(r);
	o.offset = 0;
	o.limit = 0;
	r = search(s, "college OR lyceum", &o);
	assert_int_equal(r->total, 4);
	assert_int_equal(r->count, 0);
	mc_search_result_free(r);
	mc_search_result_free(all);
}

/* ---- coverage ----------------------------------------------------------- */

static void test_coverage(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_coverage *cov = NULL;
	const char *const *partners = mc_partner_countries();
	size_t i, npartners = 0, ua = 0, de_seen = 0;
	char id[32];

	load_catalogue(s);
	for (i = 0; i < MC_COVERAGE_TARGET; i++) {
		snprintf(id, sizeof(id), "ge-extra-%zu", i);
		put_mc(s, id, 1, MC_STATUS_PUBLISHED, "en", "\"en\": \"Extra\"",
		       "\"en\": \"Extra.\"", "ge-college", "GE", "0721", 4,
		       "\"youth\"");
	}
	/* a retired version does not count */
	put_mc(s, "ua-old", 1, MC_STATUS_RETIRED, "en", "\"en\": \"Old\"",
	       "\"en\": \"Old.\"", "ua-lyceum", "UA", "0715", 3, "\"adults\"");
	assert_int_equal(s->search->coverage(s, &cov), 0);
	assert_int_equal(cov->target, MC_COVERAGE_TARGET);
	while (partners[npartners])
		npartners++;
	assert_true(cov->country_count >= npartners);
	for (i = 0; i < npartners; i++)
		assert_string_equal(cov->countries[i].country, partners[i]);
	for (i = 0; i < cov->country_count; i++) {
		const mc_coverage_country *c = &cov->countries[i];

		if (strcmp(c->country, "UA") == 0) {
			ua = 1;
			assert_int_equal(c->published, 2);
			assert_true(c->below_target);
		} else if (strcmp(c->country, "GE") == 0) {
			assert_int_equal(c->published, 11);
			assert_false(c->below_target);
		} else if (strcmp(c->country, "MK") == 0) {
			assert_int_equal(c->published, 0);
			assert_true(c->below_target);
		} else if (strcmp(c->country, "DE") == 0) {
			de_seen = 1; /* only a draft: not listed */
		}
	}
	assert_true(ua);
	assert_false(de_seen);
	for (i = 0; i < cov->sector_count; i++)
		if (strcmp(cov->sectors[i].country, "GE") == 0)
			assert_string_equal(cov->sectors[i].key, "07");
	for (i = 0; i < cov->group_count; i++)
		if (strcmp(cov->groups[i].country, "UA") == 0 &&
		    strcmp(cov->groups[i].key, "adults") == 0)
			assert_int_equal(cov->groups[i].count, 2);
	for (i = 0; i < cov->eqf_count; i++)
		if (strcmp(cov->eqf[i].country, "GE") == 0)
			assert_int_equal(cov->eqf[i].count, 11);
	mc_coverage_free(cov);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_database_is_ours, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_reopen_is_idempotent, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_open_while_another_writes,
					    setup, teardown),
	    cmocka_unit_test(test_text_file_is_not_ours),
	    cmocka_unit_test(test_other_sqlite_is_not_ours),
	    cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup,
					    teardown),
	    cmocka_unit_test(test_missing_without_create),
	    cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_meta, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_row_helper, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_each_helper, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_insert_helper, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_stmt_cache, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_organisations, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_clusters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mc_versions_and_status, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_replace_keeps_index_in_step,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_multilingual_search, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_ranking_title_first, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_filters_and_facets, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_ects_filter_and_facet, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_limit_offset, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_coverage, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
