/*
 * The store's backend-independent cases (store_cases.h) on PostgreSQL.
 * The run's database and a schema per case: case_pg.h.
 */
#include "case_pg.h"
#include "store_cases.h"
#include "store/store_pg.h"

/* The URL of database `name` on the run's cluster (caller frees). */
static char *url_of(const char *name)
{
	const char *base = getenv("MICROCRED_TEST_PG"), *path, *rest;
	char *url;
	size_t len;

	path = strchr(strstr(base, "://") + 3, '/');
	rest = path + strcspn(path, "?");
	len = (size_t)(path - base) + strlen(name) + strlen(rest) + 2;
	assert_non_null(url = malloc(len));
	snprintf(url, len, "%.*s/%s%s", (int)(path - base), base, name, rest);
	return url;
}

/* On a database whose locale sorts "a" before "B" (ICU en-US), lists
 * still come back in byte order, as on SQLite. */
static void test_byte_order_whatever_the_locale(void **state)
{
	const char *base = getenv("MICROCRED_TEST_PG");
	char name[40], sql[200], *url;
	mc_org *a = org_named("a-org"), *b = org_named("B-org"), **list = NULL;
	mc_store *s;
	size_t n = 0;

	(void)state;
	snprintf(name, sizeof(name), "t_icu_%ld", (long)getpid());
	snprintf(sql, sizeof(sql),
		 "CREATE DATABASE %s LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
		 " LOCALE 'C.UTF-8' TEMPLATE template0",
		 name);
	assert_int_equal(case_pg_run(base, sql, 1), 0);
	url = url_of(name);
	assert_int_equal(
	    case_pg_query(url,
			  "SELECT count(*) FROM (VALUES ('B'), ('a')) v(x)"
			  " WHERE x = (SELECT min(x) FROM (VALUES ('B'), ('a'))"
			  " w(x)) AND x = 'a'"),
	    1);
	s = open_at(url);
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	assert_int_equal(s->catalogue->org_put(s, b), 0);
	assert_int_equal(s->catalogue->org_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, "B-org");
	assert_string_equal(list[1]->id, "a-org");
	mc_org_list_free(list, n);
	mc_store_free(s);
	mc_org_free(a);
	mc_org_free(b);
	free(url);
	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", name);
	assert_int_equal(case_pg_run(base, sql, 1), 0);
}

/* A statement that fails inside a caller's transaction aborts it on
 * PostgreSQL: the commit must say so, never answer 0 for a transaction
 * PostgreSQL rolled back. */
static void test_commit_after_failure_reports_it(void **state)
{
	char location[2048];
	mc_org *a = org_named("org-a"), *got = NULL;
	mc_store *s;

	(void)state;
	assert_int_equal(case_pg_fresh(location, sizeof(location)), 0);
	s = open_at(location);
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	/* no such user: the foreign key refuses the membership */
	assert_int_not_equal(s->account->member_set(s, "nobody", "org-a", 1),
			     0);
	assert_int_equal(s->core->commit(s), MC_EDB);
	assert_non_null(strstr(mc_store_errmsg(s), "rolled back"));
	assert_int_equal(s->catalogue->org_get(s, &got, "org-a"), MC_ENOTFOUND);
	/* the handle works on */
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	assert_int_equal(s->catalogue->org_get(s, &got, "org-a"), 0);
	mc_org_free(got);
	mc_org_free(a);
	mc_store_free(s);
}

struct opener {
	const char *location;
	int error;
	int version;
};

static void *open_new(void *arg)
{
	struct opener *o = arg;
	mc_store *s = NULL;

	o->error = mc_store_open(&s, o->location, NULL, NULL);
	if (!o->error)
		o->version = mc_store_schema_version(s);
	mc_store_free(s);
	return NULL;
}

/* Two nodes opening a new database at once: both open it, the schema is
 * made once. */
static void test_two_nodes_first_open(void **state)
{
	char location[2048];
	struct opener o[4];
	pthread_t t[4];
	size_t i;

	(void)state;
	assert_int_equal(case_pg_fresh(location, sizeof(location)), 0);
	for (i = 0; i < 4; i++) {
		o[i].location = location;
		o[i].error = -100;
		o[i].version = 0;
		assert_int_equal(pthread_create(&t[i], NULL, open_new, &o[i]),
				 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(o[i].error, 0);
		assert_true(o[i].version >= 6);
	}
	/* each step once, up to the version every opener saw */
	assert_int_equal(case_pg_query(location, "SELECT max(version) FROM"
						 " schema_version"),
			 o[0].version);
	assert_int_equal(case_pg_query(location,
				       "SELECT count(*) FROM"
				       " schema_version WHERE version < 6"),
			 0);
}

/* Every table has its change-counting trigger, so a table added by a
 * later migration without one fails here; but rate_buckets, the
 * backend's bookkeeping, which no cache reads. */
static void test_every_table_is_counted(void **state)
{
	char location[2048];
	mc_store *s;

	(void)state;
	assert_int_equal(case_pg_fresh(location, sizeof(location)), 0);
	s = open_at(location);
	assert_true(case_pg_query(location,
				  "SELECT count(*) FROM pg_tables t"
				  " WHERE t.schemaname = current_schema()"
				  " AND t.tablename NOT IN ('changes',"
				  " 'schema_version', 'rate_buckets')") >= 28);
	assert_int_equal(
	    case_pg_query(
		location,
		"SELECT count(*) FROM pg_tables t"
		" WHERE t.schemaname = current_schema()"
		" AND t.tablename NOT IN ('changes', 'schema_version',"
		" 'rate_buckets')"
		" AND NOT EXISTS (SELECT 1 FROM pg_trigger g"
		"  WHERE g.tgrelid = (quote_ident(t.schemaname) || '.'"
		"  || quote_ident(t.tablename))::regclass"
		"  AND g.tgname = 'changes_' || t.tablename)"),
	    0);
	mc_store_free(s);
}

/* What opening tells apart: a schema with tables of someone else's is not
 * ours; a newer schema is refused; read-only opens read and refuse
 * writes, and refuse a schema that would need migrating. */
static void test_identify_and_readonly(void **state)
{
	mc_store_options ro = MC_STORE_OPTIONS_INIT;
	char location[2048], *err = NULL, *v = NULL;
	mc_store *s = NULL;

	(void)state;
	ro.readonly = 1;
	assert_int_equal(case_pg_fresh(location, sizeof(location)), 0);
	/* empty: read-only cannot make it ours */
	assert_int_equal(mc_store_open(&s, location, &ro, &err), MC_EVERSION);
	assert_non_null(strstr(err, "read-write"));
	free(err);
	err = NULL;
	assert_int_equal(case_pg_exec(location, "CREATE TABLE other(x int)"),
			 0);
	assert_int_equal(mc_store_open(&s, location, NULL, &err), MC_ENOTOURS);
	assert_non_null(strstr(err, "not a microcred database"));
	free(err);
	err = NULL;

	assert_int_equal(case_pg_fresh(location, sizeof(location)), 0);
	s = open_at(location);
	assert_int_equal(s->core->meta_set(s, "k", "v"), 0);
	mc_store_free(s);
	assert_int_equal(mc_store_open(&s, location, &ro, &err), 0);
	assert_string_equal(mc_store_backend(s), "postgresql");
	assert_int_equal(s->core->meta_get(s, &v, "k"), 0);
	assert_string_equal(v, "v");
	free(v);
	assert_int_equal(s->core->meta_set(s, "k", "w"), MC_EDB);
	assert_non_null(strstr(mc_store_errmsg(s), "read-only"));
	mc_store_free(s);

	assert_int_equal(case_pg_exec(location, "INSERT INTO schema_version"
						" VALUES (99, 'later')"),
			 0);
	assert_int_equal(mc_store_open(&s, location, NULL, &err), MC_EVERSION);
	assert_non_null(strstr(err, "99"));
	free(err);
}

struct writer {
	mc_store *s;
	int error;
	volatile int done;
};

static void *write_audit(void *arg)
{
	struct writer *w = arg;

	w->error = w->s->audit->add(w->s, "bo", "x", NULL, NULL, NULL);
	w->done = 1;
	return NULL;
}

/* Two nodes writing one topic: the second does not wait for the first's
 * transaction to end (the counter row is locked only while a writer
 * commits), and both writes count. */
static void test_counter_does_not_serialise_writers(void **state)
{
	char location[2048];
	mc_store *a, *b;
	struct writer w = {NULL, -100, 0};
	uint64_t before = 0, after = 0;
	pthread_t t;
	int i;

	(void)state;
	assert_int_equal(case_pg_fresh(location, sizeof(location)), 0);
	a = open_at(location);
	b = open_at(location);
	w.s = b;
	assert_int_equal(mc_store_changes(a, MC_STORE_AUDIT, &before), 0);
	assert_int_equal(a->core->begin(a), 0);
	assert_int_equal(a->audit->add(a, "ana", "x", NULL, NULL, NULL), 0);
	assert_int_equal(pthread_create(&t, NULL, write_audit, &w), 0);
	for (i = 0; i < 100 && !w.done; i++)
		usleep(50 * 1000);
	/* b finished while a's transaction is still open */
	assert_true(w.done);
	assert_int_equal(a->core->commit(a), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(w.error, 0);
	assert_int_equal(mc_store_changes(b, MC_STORE_AUDIT, &after), 0);
	assert_true(after == before + 2);
	mc_store_free(a);
	mc_store_free(b);
}

/* A list made before schema version 11, or brought by db copy, has
 * status entries but no counter: allocation makes one and skips the
 * indexes in use, so the list still fills exactly once; db copy reads its
 * `taken` bits back from the entries. */
static void test_status_list_without_counter(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	unsigned char seen[64] = {0};
	mc_status_list_info *infos = NULL;
	struct mc__status_ref ref;
	size_t i, n = 0;

	assert_int_equal(mc__pg_set_status_list_size(s, 64), 0);
	for (i = 0; i < 20; i++) {
		alloc(s, &ref, ORG, "revocation", (uint32_t)i);
		seen[ref.index] = 1;
		free(ref.list_url);
	}
	assert_int_equal(
	    case_pg_exec(f->location,
			 "DO $$ DECLARE r record; BEGIN"
			 " FOR r IN SELECT list_seq FROM status_counters LOOP"
			 " EXECUTE format('DROP SEQUENCE %I',"
			 "  'mc_status_next_' || r.list_seq); END LOOP;"
			 " DELETE FROM status_counters; END $$"),
	    0);
	for (i = 20; i < 64; i++) {
		alloc(s, &ref, ORG, "revocation", (uint32_t)i);
		assert_string_equal(ref.list_url,
				    BASE "/status/" ORG "/revocation/1");
		if (seen[ref.index])
			fail_msg("index %zu handed out twice", ref.index);
		seen[ref.index] = 1;
		free(ref.list_url);
	}
	alloc(s, &ref, ORG, "revocation", 0);
	assert_string_equal(ref.list_url, BASE "/status/" ORG "/revocation/2");
	free(ref.list_url);
	assert_int_equal(s->cred->status_list_infos(s, &infos, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(infos[0].used, 64);
	assert_int_equal(infos[1].used, 1);
	infos_free(infos, n);
	/* the bits db copy reads: one per entry, at the entry's index */
	assert_int_equal(query(f, "SELECT sum(bit_count(mc_status_taken(seq,"
				  " size))) FROM status_lists"),
			 65);
	assert_int_equal(query(f,
			       "SELECT count(*) FROM status_entries e"
			       " JOIN status_lists l ON l.seq = e.list_seq"
			       " WHERE get_bit(mc_status_taken(l.seq, l.size),"
			       " e.idx / 8 * 8 + 7 - e.idx % 8) = 1"),
			 65);
}

static const struct store_backend pg_backend = {
    "postgresql",
    case_pg_fresh,
    case_pg_remove,
    case_pg_query,
    case_pg_exec,
    mc__pg_set_status_list_size,
    1,
};

int main(void)
{
	int rc = case_pg_begin();

	if (rc != 0)
		return rc;
	rc = store_cases_run(&pg_backend, "store cases on PostgreSQL");
	{
		const struct CMUnitTest own[] = {
		    cmocka_unit_test(test_byte_order_whatever_the_locale),
		    cmocka_unit_test(test_commit_after_failure_reports_it),
		    cmocka_unit_test(test_two_nodes_first_open),
		    cmocka_unit_test(test_every_table_is_counted),
		    cmocka_unit_test(test_identify_and_readonly),
		    cmocka_unit_test(test_counter_does_not_serialise_writers),
		    cmocka_unit_test_setup_teardown(
			test_status_list_without_counter, setup, teardown),
		};

		rc |= cmocka_run_group_tests_name("PostgreSQL only", own, NULL,
						  NULL);
	}
	case_pg_end();
	return rc;
}
