/*
 * limits_cases.h: rate limits (the store's limits table and
 * mc_rate_take of microcred/account.h), the same cases on any backend.
 *
 * A test program fills a `struct limits_backend` and calls
 * limits_cases_run(): test_store_limits.c on SQLite files,
 * test_store_limits_pg.c on PostgreSQL.  Each case starts from a new,
 * empty store.
 *
 * Buckets refill with the database's real clock: a case that needs a
 * refill uses a fast rate (600 a minute: one unit every 0.1 s) and sleeps
 * a little longer; one that must see no refill uses a slow one (1 a
 * minute).
 */
#ifndef MC_TEST_LIMITS_CASES_H
#define MC_TEST_LIMITS_CASES_H

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "microcred/account.h"
#include "store/store.h"

struct limits_backend {
	const char *name; /* mc_store_backend()'s answer */
	/* Make a new, empty location into buf; 0, or -1 (reason printed). */
	int (*fresh)(char *buf, size_t size);
	/* Remove what fresh() made (may do nothing). */
	void (*remove)(const char *location);
	/* One integer from `sql` on a connection of its own; -1 if none. */
	long long (*query)(const char *location, const char *sql);
};

static const struct limits_backend *backend_;

struct fixture {
	char location[2048];
	mc_store *s;
};

static mc_store *open_at(const char *location)
{
	mc_store *s = NULL;
	char *err = NULL;

	if (mc_store_open(&s, location, NULL, &err) != 0)
		fail_msg("open %s: %s", location, err ? err : "?");
	return s;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	unsetenv("MICROCRED_TEST_NOW");
	assert_int_equal(backend_->fresh(f->location, sizeof(f->location)), 0);
	f->s = open_at(f->location);
	assert_string_equal(mc_store_backend(f->s), backend_->name);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_store_free(f->s);
	backend_->remove(f->location);
	free(f);
	unsetenv("MICROCRED_TEST_NOW");
	return 0;
}

static long long query(struct fixture *f, const char *sql)
{
	return backend_->query(f->location, sql);
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&t, &t) != 0)
		;
}

/* One take from (cls, key of one byte k); its wait. */
static unsigned take(mc_store *s, const char *cls, unsigned char k,
		     unsigned capacity, unsigned per_minute)
{
	unsigned wait = 99;

	if (s->limits->take(s, &wait, cls, &k, 1, capacity, per_minute) != 0)
		fail_msg("take %s/%u: %s", cls, k, mc_store_errmsg(s));
	return wait;
}

/* A bucket gives `capacity` units, then refuses with the wait until the
 * next unit, taking nothing: once that wait is over, one unit is there
 * again, and only one. */
static void test_capacity_then_wait(void **state)
{
	struct fixture *f = *state;
	unsigned i, wait;

	for (i = 0; i < 3; i++)
		assert_int_equal(take(f->s, "sign_in", 1, 3, 3), 0);
	wait = take(f->s, "sign_in", 1, 3, 3);
	/* one unit every 20 s: the first comes back at most 20 s on */
	assert_in_range(wait, 19, 20);
	assert_int_equal(take(f->s, "sign_in", 1, 3, 3), wait);

	/* 600 a minute, 2 at most: a refused take takes nothing, so one
	 * unit is back after 0.1 s whatever was refused meanwhile */
	assert_int_equal(take(f->s, "fast", 1, 2, 600), 0);
	assert_int_equal(take(f->s, "fast", 1, 2, 600), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(take(f->s, "fast", 1, 2, 600), 1);
	sleep_ms(150);
	assert_int_equal(take(f->s, "fast", 1, 2, 600), 0);
	assert_int_equal(take(f->s, "fast", 1, 2, 600), 1);
	/* and a full bucket holds no more than its capacity */
	sleep_ms(500);
	assert_int_equal(take(f->s, "fast", 1, 2, 600), 0);
	assert_int_equal(take(f->s, "fast", 1, 2, 600), 0);
	assert_int_equal(take(f->s, "fast", 1, 2, 600), 1);
}

/* Buckets of other classes and other keys are apart. */
static void test_buckets_apart(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(take(f->s, "sign_in", 1, 1, 1), 0);
	assert_int_not_equal(take(f->s, "sign_in", 1, 1, 1), 0);
	assert_int_equal(take(f->s, "sign_in", 2, 1, 1), 0);
	assert_int_equal(take(f->s, "verify", 1, 1, 1), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"), 3);
}

/* Arguments outside the contract are refused, naming the one. */
static void test_usage(void **state)
{
	struct fixture *f = *state;
	unsigned char key[17] = {0};
	unsigned wait;

	assert_int_equal(f->s->limits->take(f->s, &wait, "", key, 4, 1, 1),
			 MC_EUSAGE);
	assert_non_null(strstr(mc_store_errmsg(f->s), "class"));
	assert_int_equal(f->s->limits->take(f->s, &wait, "c", key, 17, 1, 1),
			 MC_EUSAGE);
	assert_non_null(strstr(mc_store_errmsg(f->s), "key"));
	assert_int_equal(f->s->limits->take(f->s, &wait, "c", key, 0, 1, 1),
			 MC_EUSAGE);
	assert_int_equal(f->s->limits->take(f->s, &wait, "c", key, 4, 0, 1),
			 MC_EUSAGE);
	assert_non_null(strstr(mc_store_errmsg(f->s), "capacity"));
	assert_int_equal(f->s->limits->take(f->s, &wait, "c", key, 4, 1, 0),
			 MC_EUSAGE);
	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE__COUNT, key, 5),
			 MC_EUSAGE);
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"), 0);
}

/* Buckets full again are pruned as new ones come: under a spray of
 * addresses the table holds the buckets of the last minute, not every
 * address ever seen. */
static void test_prune_bounds_the_table(void **state)
{
	struct fixture *f = *state;
	unsigned char k[2];
	unsigned wait;
	int i;

	/* 300 buckets full again 1 ms after their take */
	for (i = 0; i < 300; i++) {
		k[0] = (unsigned char)(i >> 8);
		k[1] = (unsigned char)i;
		assert_int_equal(
		    f->s->limits->take(f->s, &wait, "spray", k, 2, 1, 60000),
		    0);
	}
	sleep_ms(50);
	/* 200 new buckets of a slow class, each pruning up to two */
	for (i = 0; i < 200; i++) {
		k[0] = (unsigned char)(i >> 8);
		k[1] = (unsigned char)i;
		assert_int_equal(
		    f->s->limits->take(f->s, &wait, "slow", k, 2, 1, 1), 0);
	}
	assert_int_equal(
	    query(f, "SELECT count(*) FROM rate_buckets WHERE class = 'spray'"),
	    0);
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"), 200);
	/* a pruned bucket is full, as if never taken from */
	k[0] = 0;
	k[1] = 7;
	assert_int_equal(
	    f->s->limits->take(f->s, &wait, "spray", k, 2, 1, 60000), 0);
	/* the live ones are kept */
	k[1] = 0;
	assert_int_equal(f->s->limits->take(f->s, &wait, "slow", k, 2, 1, 1),
			 0);
	assert_in_range(wait, 59, 60);
}

/* mc_rate_take: an IPv4 client by its address (4 bytes stored), an IPv6
 * client by its /64 (8 bytes stored); 0 a minute is unlimited and
 * stores nothing. */
static void test_addresses(void **state)
{
	struct fixture *f = *state;
	unsigned char v4a[16] = {0, 0, 0,    0,	   0,	0, 0, 0,
				 0, 0, 0xff, 0xff, 192, 0, 2, 1};
	unsigned char v4b[16] = {0, 0, 0,    0,	   0,	0, 0, 0,
				 0, 0, 0xff, 0xff, 192, 0, 2, 2};
	unsigned char v6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2,
				 0,    0,    0,	   0,	 0, 0, 0, 1};
	unsigned char v6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0,    1,
				 0,    2,    0xde, 0xad, 0xbe, 0xef,
				 0x12, 0x34, 0x56, 0x78};
	unsigned char v6c[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 3,
				 0,    0,    0,	   0,	 0, 0, 0, 1};
	unsigned wait;
	int i;

	for (i = 0; i < 5; i++) {
		assert_int_equal(
		    mc_rate_take(f->s, &wait, MC_RATE_SIGN_IN, v4a, 0), 0);
		assert_int_equal(wait, 0);
	}
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"), 0);

	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE_SIGN_IN, v4a, 1), 0);
	assert_int_equal(wait, 0);
	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE_SIGN_IN, v4a, 1), 0);
	assert_in_range(wait, 59, 60);
	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE_SIGN_IN, v4b, 1), 0);
	assert_int_equal(wait, 0);
	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE_VERIFY, v4a, 1), 0);
	assert_int_equal(wait, 0);

	/* the same /64: one bucket */
	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE_SIGN_IN, v6a, 1), 0);
	assert_int_equal(wait, 0);
	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE_SIGN_IN, v6b, 1), 0);
	assert_in_range(wait, 59, 60);
	assert_int_equal(mc_rate_take(f->s, &wait, MC_RATE_SIGN_IN, v6c, 1), 0);
	assert_int_equal(wait, 0);

	/* no more bytes than the rule needs, the host part not at all */
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"), 5);
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"
				  " WHERE length(key) = 4"),
			 3);
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"
				  " WHERE length(key) = 8"),
			 2);
	assert_int_equal(query(f, "SELECT count(*) FROM rate_buckets"
				  " WHERE class = 'sign_in'"),
			 4);
}

/* A take moves no change counter: caches that watch them (the server's,
 * for the public pages) are not emptied by every sign-in attempt. */
static void test_no_counter_moves(void **state)
{
	struct fixture *f = *state;
	uint64_t before = 0, after = 1;
	int i;

	assert_int_equal(mc_store_changes(f->s, MC_STORE_ALL, &before), 0);
	for (i = 0; i < 5; i++)
		take(f->s, "sign_in", (unsigned char)i, 2, 600);
	assert_int_equal(mc_store_changes(f->s, MC_STORE_ALL, &after), 0);
	assert_true(before == after);
}

/* The refill comes from the database's clock, not the process's: a node
 * whose clock runs a day ahead (the test clock) gets no more. */
static void test_database_clock(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(take(f->s, "sign_in", 1, 2, 2), 0);
	assert_int_equal(take(f->s, "sign_in", 1, 2, 2), 0);
	assert_int_equal(
	    setenv("MICROCRED_TEST_NOW", "2100-01-01T00:00:00Z", 1), 0);
	assert_in_range(take(f->s, "sign_in", 1, 2, 2), 29, 30);
	unsetenv("MICROCRED_TEST_NOW");
}

struct node {
	const char *location;
	unsigned granted;
	int error;
};

/* 20 takes on a handle of its own. */
static void *node_run(void *arg)
{
	struct node *n = arg;
	mc_store *s = NULL;
	unsigned char key = 9;
	unsigned wait;
	int i;

	if ((n->error = mc_store_open(&s, n->location, NULL, NULL)))
		return NULL;
	for (i = 0; i < 20 && !n->error; i++) {
		n->error = s->limits->take(s, &wait, "sign_in", &key, 1, 7, 1);
		if (!n->error && wait == 0)
			n->granted++;
	}
	mc_store_free(s);
	return NULL;
}

/* Four nodes taking from one bucket at once get its capacity between
 * them, not each. */
static void test_nodes_share(void **state)
{
	struct fixture *f = *state;
	struct node n[4];
	pthread_t t[4];
	unsigned total = 0;
	int i;

	for (i = 0; i < 4; i++) {
		n[i].location = f->location;
		n[i].granted = 0;
		n[i].error = -100;
		assert_int_equal(pthread_create(&t[i], NULL, node_run, &n[i]),
				 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(n[i].error, 0);
		total += n[i].granted;
	}
	assert_int_equal(total, 7);
	assert_int_not_equal(take(f->s, "sign_in", 9, 7, 1), 0);
}

#define LIMITS_CASE(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

static int limits_cases_run(const struct limits_backend *backend,
			    const char *group)
{
	const struct CMUnitTest tests[] = {
	    LIMITS_CASE(test_capacity_then_wait),
	    LIMITS_CASE(test_buckets_apart),
	    LIMITS_CASE(test_usage),
	    LIMITS_CASE(test_prune_bounds_the_table),
	    LIMITS_CASE(test_addresses),
	    LIMITS_CASE(test_no_counter_moves),
	    LIMITS_CASE(test_database_clock),
	    LIMITS_CASE(test_nodes_share),
	};

	backend_ = backend;
	return _cmocka_run_group_tests(
	    group, tests, sizeof(tests) / sizeof(tests[0]), NULL, NULL);
}

#endif
