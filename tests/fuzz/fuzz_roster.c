/*
 * Fuzz target: bulk issuing from an arbitrary CSV roster into a store
 * prepared once (a temporary database with the demo catalogue, a master
 * key in the environment and an Ed25519 key for the awarding body).
 *
 * Checks, beyond "no crash, no leak":
 * - only 0, MC_EINVALID, MC_ENOMEM and MC_ETOOBIG come back;
 * - unless the run stopped on a system error, the report adds up: every
 *   row read is issued, already held or rejected;
 * - 0 means nothing was rejected and no problem reported; MC_EINVALID
 *   comes with at least one problem;
 * - the caller is handed exactly one credential per row issued or
 *   already held, each a credential of the roster's MC;
 * - each one is handed over with the bytes the store holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/keys.h"
#include "microcred/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MC_ID "ua-mag-welding-steel-structures"
#define ORG   "ua-dniprorudne-lyceum"

static mc_store *store;
static char path[64];

struct tally {
	size_t emitted;
	int wrong; /* a credential that is not the roster's */
};

static void must(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "fuzz_roster setup: %s: %d %s\n", what, rc,
			store ? mc_store_errmsg(store) : "");
		abort();
	}
}

static void close_store(void)
{
	char side[80];

	mc_store_free(store);
	store = NULL;
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}

static void open_store(void)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_key_info *k = NULL;
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	int fd;

	setenv("MICROCRED_MASTER_KEY",
	       "000102030405060708090a0b0c0d0e0f"
	       "101112131415161718191a1b1c1d1e1f",
	       1);
	snprintf(path, sizeof(path), "%s/mc-fuzz-roster-XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		abort();
	close(fd);
	unlink(path);
	must(mc_store_open(&store, path, NULL, NULL), "open");
	must(mc_catalogue_load_demo(store, NULL, &p), "demo");
	must(mc_key_generate(store, &k, ORG, MC_KEY_ED25519), "key");
	mc_key_info_free(k);
	mc_problems_clear(&p);
	atexit(close_store);
}

static int on_emit(const mc_credential *c, size_t line, void *payload)
{
	struct tally *t = payload;
	mc_credential *stored = NULL;

	t->emitted++;
	if (!c || !c->id || !c->data || c->len != strlen(c->data) ||
	    strcmp(c->mc_id, MC_ID) != 0 || strcmp(c->org_id, ORG) != 0 ||
	    line < 2)
		t->wrong++;
	/* Handed over only once durable: the store has these very bytes. */
	else if (mc_credential_get(store, &stored, c->id) == 0 &&
		 (stored->len != c->len ||
		  memcmp(stored->data, c->data, c->len) != 0))
		t->wrong++;
	else if (!stored)
		t->wrong++;
	mc_credential_free(stored);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_roster_options o = MC_ROSTER_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_roster_report r;
	struct tally t = {0, 0};
	int rc;

	if (!store)
		open_store();
	o.batch = 3;
	o.emit = on_emit;
	o.payload = &t;
	rc = mc_roster_issue(store, &r, MC_ID, 0, (const char *)data, size,
			     "fuzz.csv", &o, &problems);
	if (rc != 0 && rc != MC_EINVALID && rc != MC_ENOMEM &&
	    rc != MC_ETOOBIG) {
		fprintf(stderr, "roster returned %d: %s\n", rc,
			mc_store_errmsg(store));
		abort();
	}
	if (rc == 0 || rc == MC_EINVALID) {
		if (r.rows != r.issued + r.existing + r.rejected) {
			fprintf(stderr,
				"report does not add up: rows %zu, issued "
				"%zu, existing %zu, rejected %zu\n",
				r.rows, r.issued, r.existing, r.rejected);
			abort();
		}
		if (t.emitted != r.issued + r.existing || t.wrong) {
			fprintf(stderr,
				"emitted %zu (%d wrong) for %zu issued and "
				"%zu held\n",
				t.emitted, t.wrong, r.issued, r.existing);
			abort();
		}
	}
	if (rc == 0 && (r.rejected || problems.count)) {
		fprintf(stderr, "success with %zu rejected rows\n", r.rejected);
		abort();
	}
	if (rc == MC_EINVALID && problems.count == 0) {
		fprintf(stderr, "MC_EINVALID without problems\n");
		abort();
	}
	mc_problems_clear(&problems);
	return 0;
}
