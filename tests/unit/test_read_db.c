/*
 * What the read_db standby may answer (read_db.h): the routes marked
 * SRV_ROUTE_REPLICA are exactly the public catalogue reads listed here,
 * every one a GET; what must be fresh (status lists, credentials and
 * their status, DID documents, keys, accounts, the audit log, jobs,
 * health) is never marked.  And the read-your-writes cookie's parser.
 * The routing itself runs against a real primary and standby in
 * tests/integration/test_read_db.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "read_db.h"
#include "routes.h"

/* The reads a moment-old catalogue may answer: a new one is a decision,
 * made here. */
static const char *const replica_reads[] = {
    "GET /api/v1/organisations",
    "GET /api/v1/organisations/:id",
    "GET /api/v1/clusters",
    "GET /api/v1/clusters/:id",
    "GET /api/v1/microcredentials",
    "GET /api/v1/microcredentials/:id",
    "GET /api/v1/microcredentials/:id/versions",
    "GET /api/v1/coverage",
    "GET /mc/:id",
    "GET /mc/:id/:version",
    "GET /mc/:id/badge.png",
    "GET /mc/:id/badge.svg",
    "GET /mc/:id/:version/badge.png",
    "GET /mc/:id/:version/badge.svg",
    "GET /org/:id/image.png",
    "GET /org/:id/image.svg",
    "GET /europass/org/:file",
    "GET /europass/country/:file",
    "GET /",
    "GET /org/:id",
    "GET /clusters",
    "GET /clusters/:id",
    "GET /coverage",
};

/* Reads that must see the primary's state: a lagging standby would hide
 * a revocation, a new key, a signed-in change. */
static const char *const fresh_reads[] = {
    "GET /status/:org/:purpose/:n",
    "GET /credentials/:uuid",
    "GET /credentials/:uuid/status",
    "GET /org/:id/did.json",
    "GET /api/v1/organisations/:id/keys",
    "GET /api/v1/credentials",
    "GET /api/v1/session",
    "GET /api/v1/audit",
    "GET /api/v1/jobs/:id",
    "GET /healthz",
};

static int listed(const char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

static void replica_routes(void **state)
{
	const size_t nreplica = sizeof(replica_reads) / sizeof(*replica_reads);
	const size_t nfresh = sizeof(fresh_reads) / sizeof(*fresh_reads);
	const srv_route *const *t;
	const srv_route *r;
	char name[256];
	size_t marked = 0, fresh = 0;

	(void)state;
	for (t = srv_route_tables; *t; t++)
		for (r = *t; r->method; r++) {
			snprintf(name, sizeof(name), "%s %s", r->method,
				 r->pattern);
			if (listed(fresh_reads, nfresh, name)) {
				fresh++;
				if (r->flags & SRV_ROUTE_REPLICA)
					fail_msg("%s must read the primary",
						 name);
			}
			if (!(r->flags & SRV_ROUTE_REPLICA))
				continue;
			if (strcmp(r->method, "GET") != 0)
				fail_msg("%s: only a read may go to the "
					 "standby",
					 name);
			if (!listed(replica_reads, nreplica, name))
				fail_msg("%s goes to the standby: add it to "
					 "replica_reads[] if a moment-old "
					 "catalogue may answer it",
					 name);
			marked++;
		}
	assert_int_equal(marked, nreplica);
	assert_int_equal(fresh, nfresh);
}

static void cookie(void **state)
{
	uint64_t lsn = 7;

	(void)state;
	assert_int_equal(srv_read_db_cookie(NULL, &lsn), 0);
	assert_true(lsn == 0);
	assert_int_equal(srv_read_db_cookie("", &lsn), 0);
	assert_int_equal(srv_read_db_cookie("mc_rw=16B374D848", &lsn), 1);
	assert_true(lsn == 0x16B374D848ULL);
	assert_int_equal(
	    srv_read_db_cookie("lang=uk; mc_session=abc; mc_rw=ff; x=1", &lsn),
	    1);
	assert_true(lsn == 0xff);
	assert_int_equal(srv_read_db_cookie("mc_rw=ffffffffffffffff", &lsn), 1);
	assert_true(lsn == UINT64_MAX);
	/* Not ours, or not a position: none (the standby answers). */
	assert_int_equal(srv_read_db_cookie("xmc_rw=10; amc_rw=2", &lsn), 0);
	assert_int_equal(srv_read_db_cookie("mc_rw=", &lsn), 0);
	assert_int_equal(srv_read_db_cookie("mc_rw=12g4", &lsn), 0);
	assert_int_equal(srv_read_db_cookie("mc_rw=-1", &lsn), 0);
	assert_int_equal(srv_read_db_cookie("mc_rw=10000000000000000", &lsn),
			 0);
	assert_true(lsn == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(replica_routes),
	    cmocka_unit_test(cookie),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
