/*
 * Unit tests for the bound on refusals in the audit log
 * (audit_throttle.c): the first MC__THROTTLE_PER_ADDRESS refusals of a
 * kind from an address in a window are entries, the rest one
 * "audit.suppressed" entry written once the window has closed (by the
 * next refusal, a read of the log, or mc_audit_flush); kinds and
 * addresses are counted apart, IPv6 by the /64; from all addresses at
 * most MC__THROTTLE_ALL entries a window, the rest (and what an evicted
 * address had counted) in one entry per kind; every refusal is an entry
 * or part of a count, also when threads refuse at once.  Times are given
 * to the throttle, so windows close without waiting.  Each test runs on a real
 * SQLite file, read back with SQL.
 */
#include <pthread.h>
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

#include "microcred/account.h"

#include "accounts/audit_throttle.h"
#include "util/timeutil.h"

#define N	MC__THROTTLE_PER_ADDRESS
#define W	MC__THROTTLE_WINDOW
#define BASE	1796601600LL /* 2026-12-07T00:00:00Z */
#define TOKEN	"token.refused"
#define SESSION "session.refused"

struct fixture {
	char path[64];
	mc_store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;
	int fd;

	assert_non_null(f);
	unsetenv("MICROCRED_TEST_NOW");
	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-throttle-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	if (mc_store_open(&f->s, f->path, NULL, &err) != 0)
		fail_msg("open %s: %s", f->path, err ? err : "?");
	mc__audit_throttle_reset();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	const char *sfx[] = {"", "-wal", "-shm", "-journal"};
	char side[80];
	size_t i;

	mc_store_free(f->s);
	for (i = 0; i < 4; i++) {
		snprintf(side, sizeof(side), "%s%s", f->path, sfx[i]);
		unlink(side);
	}
	free(f);
	return 0;
}

/* One refusal of `kind` from `client` at `now`. */
static void refuse(struct fixture *f, const char *client, const char *kind,
		   long long now)
{
	assert_int_equal(mc_audit_set_client(f->s, client), 0);
	mc__audit_refused(f->s, now, kind, "subject", "reason");
	/* The store's client is the request's again after any summary. */
	assert_string_equal(f->s->audit_client, client);
}

/* One integer from `sql` (printf format) on a separate connection. */
static long long query(struct fixture *f, const char *fmt, ...)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;
	char sql[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Entries of `action` from `client` (NULL: none). */
static long long rows(struct fixture *f, const char *action, const char *client)
{
	if (!client)
		return query(f,
			     "SELECT count(*) FROM audit WHERE action = '%s' "
			     "AND client IS NULL",
			     action);
	return query(f,
		     "SELECT count(*) FROM audit WHERE action = '%s' AND "
		     "client = '%s'",
		     action, client);
}

/* The reason of the only summary from `client` (NULL: none) of `kind`
 * equals `want`. */
static void summary_is(struct fixture *f, const char *client, const char *kind,
		       const char *want)
{
	char sql[300];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	snprintf(sql, sizeof(sql),
		 "SELECT reason FROM audit WHERE action = 'audit.suppressed' "
		 "AND subject = '%s' AND client IS %s%s%s",
		 kind, client ? "'" : "", client ? client : "NULL",
		 client ? "'" : "");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("no summary of %s from %s", kind,
			 client ? client : "other addresses");
	assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The sum of what the summaries of `kind` count ("N more ..."). */
static long long counted(struct fixture *f, const char *kind)
{
	return query(f,
		     "SELECT coalesce(sum(CAST(reason AS INTEGER)), 0) FROM "
		     "audit WHERE action = 'audit.suppressed' AND subject = "
		     "'%s'",
		     kind);
}

static void test_per_address(void **state)
{
	struct fixture *f = *state;
	int i;

	for (i = 0; i < N + 10; i++)
		refuse(f, "192.0.2.1", TOKEN, BASE + i);
	for (i = 0; i < 5; i++)
		refuse(f, "192.0.2.1", SESSION, BASE + 30);
	for (i = 0; i < 3; i++)
		refuse(f, "192.0.2.2", TOKEN, BASE + 31);
	assert_int_equal(rows(f, TOKEN, "192.0.2.1"), N);
	assert_int_equal(rows(f, SESSION, "192.0.2.1"), 5);
	assert_int_equal(rows(f, TOKEN, "192.0.2.2"), 3);
	assert_int_equal(rows(f, "audit.suppressed", "192.0.2.1"), 0);

	/* The window closes at BASE + W: the next refusal from anyone
	 * writes the count, with the counted address as its client. */
	refuse(f, "192.0.2.2", TOKEN, BASE + W);
	assert_int_equal(rows(f, TOKEN, "192.0.2.2"), 4);
	summary_is(f, "192.0.2.1", TOKEN,
		   "10 more token.refused from 192.0.2.1 between "
		   "2026-12-07T00:00:20Z and 2026-12-07T00:00:29Z");
	assert_int_equal(query(f, "SELECT count(*) FROM audit WHERE action = "
				  "'audit.suppressed' AND actor = 'anonymous'"),
			 1);

	/* A new window: recorded singly again. */
	refuse(f, "192.0.2.1", TOKEN, BASE + W + 1);
	assert_int_equal(rows(f, TOKEN, "192.0.2.1"), N + 1);
	mc_audit_flush(f->s);
	assert_int_equal(rows(f, "audit.suppressed", "192.0.2.1"), 1);
	assert_int_equal(query(f, "SELECT count(*) FROM audit"),
			 N + 5 + 4 + 1 + 1);
}

static void test_ipv6_prefix(void **state)
{
	struct fixture *f = *state;
	char addr[64];
	int i;

	for (i = 1; i <= N + 5; i++) {
		snprintf(addr, sizeof(addr), "2001:db8:1:2::%x", i);
		refuse(f, addr, TOKEN, BASE);
	}
	refuse(f, "2001:db8:1:3::1", TOKEN, BASE);
	refuse(f, "::ffff:192.0.2.7", TOKEN, BASE);
	assert_int_equal(query(f, "SELECT count(*) FROM audit WHERE client "
				  "LIKE '2001:db8:1:2::%%'"),
			 N);
	assert_int_equal(rows(f, TOKEN, "2001:db8:1:3::1"), 1);
	assert_int_equal(rows(f, TOKEN, "::ffff:192.0.2.7"), 1);

	/* mc_audit_flush writes what is counted, window closed or not. */
	assert_int_equal(mc_audit_flush(f->s), 0);
	summary_is(f, "2001:db8:1:2::/64", TOKEN,
		   "5 more token.refused from 2001:db8:1:2::/64 between "
		   "2026-12-07T00:00:00Z and 2026-12-07T00:00:00Z");
	assert_int_equal(mc_audit_flush(f->s), 0);
	assert_int_equal(rows(f, "audit.suppressed", "2001:db8:1:2::/64"), 1);
	assert_int_equal(mc_audit_flush(NULL), MC_EUSAGE);
}

/* Many addresses: at most MC__THROTTLE_ALL entries a window, then one
 * entry per kind for the rest; more addresses than slots, so some are
 * evicted with a count; nothing is lost. */
static void test_many_addresses(void **state)
{
	struct fixture *f = *state;
	const int addresses = 3 * MC__THROTTLE_SLOTS;
	char addr[64];
	int i, j;

	for (i = 0; i < addresses; i++) {
		snprintf(addr, sizeof(addr), "10.%d.%d.1", i / 256, i % 256);
		for (j = 0; j < 2; j++)
			refuse(f, addr, TOKEN, BASE + j);
	}
	assert_int_equal(query(f, "SELECT count(*) FROM audit"),
			 MC__THROTTLE_ALL);
	mc__audit_throttle_flush(f->s, BASE + 2, 1);
	assert_int_equal(rows(f, "audit.suppressed", NULL), 1);
	assert_int_equal(query(f, "SELECT count(*) FROM audit"),
			 MC__THROTTLE_ALL + 1);
	assert_int_equal(query(f, "SELECT count(*) FROM audit WHERE action = "
				  "'" TOKEN "'") +
			     counted(f, TOKEN),
			 2 * addresses);
	summary_is(f, NULL, TOKEN,
		   "5944 more token.refused from other addresses between "
		   "2026-12-07T00:00:00Z and 2026-12-07T00:00:01Z");

	/* The next window has room again, for addresses' summaries too. */
	refuse(f, "192.0.2.9", TOKEN, BASE + W + 5);
	for (i = 0; i < N + 2; i++)
		refuse(f, "192.0.2.10", TOKEN, BASE + W + 6);
	refuse(f, "192.0.2.9", TOKEN, BASE + 2 * W + 6);
	assert_int_equal(rows(f, TOKEN, "192.0.2.9"), 2);
	assert_int_equal(rows(f, TOKEN, "192.0.2.10"), N);
	summary_is(f, "192.0.2.10", TOKEN,
		   "2 more token.refused from 192.0.2.10 between "
		   "2026-12-07T00:01:06Z and 2026-12-07T00:01:06Z");
}

/* A read of the log writes the counts whose window has closed. */
static void test_flush_on_read(void **state)
{
	struct fixture *f = *state;
	long long now = mc__now();
	mc_audit_entry *list = NULL;
	size_t n = 0;
	int i;

	for (i = 0; i < N + 3; i++)
		refuse(f, "198.51.100.5", TOKEN, now - 2 * W);
	assert_int_equal(mc_audit_set_client(f->s, NULL), 0);
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 100), 0);
	assert_int_equal(n, N + 1);
	assert_string_equal(list[0].action, "audit.suppressed");
	assert_string_equal(list[0].client, "198.51.100.5");
	assert_string_equal(list[0].subject, TOKEN);
	assert_true(strncmp(list[0].reason, "3 more token.refused from ", 26) ==
		    0);
	mc_audit_list_free(list, n);

	/* An open window's count stays counted until the window closes. */
	for (i = 0; i < N + 4; i++)
		refuse(f, "198.51.100.6", TOKEN, now);
	assert_int_equal(mc_audit_set_client(f->s, NULL), 0);
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 100), 0);
	mc_audit_list_free(list, n);
	assert_int_equal(rows(f, TOKEN, "198.51.100.6"), N);
	assert_int_equal(rows(f, "audit.suppressed", "198.51.100.6"), 0);
}

/* Threads refusing at once, each on its own store and database (the
 * table is the process's): every refusal is an entry in one of the
 * databases or part of a count written in one of them, and the bound for
 * all addresses holds. */
#define THREADS	     4
#define PER_THREAD   3000
#define THREAD_ADDRS 40

struct worker {
	struct fixture f;
	int id;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	char addr[32];
	int i;

	for (i = 0; i < PER_THREAD; i++) {
		snprintf(addr, sizeof(addr), "10.%d.0.%d", w->id,
			 i % THREAD_ADDRS);
		if (mc_audit_set_client(w->f.s, addr) != 0)
			return "set client";
		mc__audit_refused(w->f.s, BASE + i / 100, TOKEN, NULL, "r");
		if (strcmp(w->f.s->audit_client, addr) != 0)
			return "client not restored";
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct worker w[THREADS];
	pthread_t t[THREADS];
	void *why;
	long long total = 0, entries = 0;
	void *fs[THREADS];
	int i;

	(void)state;
	for (i = 0; i < THREADS; i++) {
		setup(&fs[i]);
		w[i].f = *(struct fixture *)fs[i];
		w[i].id = i;
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &why), 0);
		if (why)
			fail_msg("thread %d: %s", i, (const char *)why);
	}
	mc__audit_throttle_flush(w[0].f.s, BASE + PER_THREAD / 100, 1);
	for (i = 0; i < THREADS; i++) {
		total +=
		    query(&w[i].f, "SELECT count(*) FROM audit WHERE action = "
				   "'" TOKEN "'") +
		    counted(&w[i].f, TOKEN);
		entries += query(&w[i].f, "SELECT count(*) FROM audit");
		teardown(&fs[i]);
	}
	assert_int_equal(total, THREADS * PER_THREAD);
	/* All in one window: 200 entries, and one for the rest. */
	assert_int_equal(entries, MC__THROTTLE_ALL + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_per_address, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ipv6_prefix, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_many_addresses, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_flush_on_read, setup,
					    teardown),
	    cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
