/*
 * Unit tests for the SQLite backend's schema v2 (store_sqlite_cred.c):
 * issuer keys with their sealed private parts, credentials stored as their
 * exact bytes with roster idempotency, status list index allocation
 * (distinct, random, rolling over to a new list, undone by a rollback,
 * shared by two handles), status bits, the signed-list cache and the
 * append-only audit log.  Each test runs on a real SQLite file holding two
 * organisations and one published MC, imported through the public API.
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
#include "sample_mc.h"
#include "store/store.h"
#include "store/store_sqlite.h"

#define ORG   "ua-dniprorudne-lyceum"
#define ORG2  "ua-nqa"
#define MC_ID "ua-mma-welding"
#define BASE  "https://mc.example.org"

struct fixture {
	char path[64];
	mc_store *s;
};

static const char ORGS[] =
    "{\"id\": \"" ORG "\", \"name\": {\"en\": \"Dniprorudne Lyceum\"},"
    " \"country\": \"UA\", \"type\": \"vet_provider\"},"
    "{\"id\": \"" ORG2 "\", \"name\": {\"en\": \"National Agency\"},"
    " \"country\": \"UA\", \"type\": \"agency\"}";

static void remove_db(const char *path)
{
	char side[80];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static mc_store *open_path(const char *path)
{
	mc_store *s = NULL;
	char *err = NULL;

	if (mc_store_open(&s, path, NULL, &err) != 0)
		fail_msg("open %s: %s", path, err ? err : "?");
	return s;
}

/* A new database with ORGS and the sample MC (published, version 2). */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	char *bundle;
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-cred-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	f->s = open_path(f->path);
	assert_int_equal(mc_store_set_base_url(f->s, BASE), 0);
	bundle = malloc(sizeof(ORGS) + sizeof(SAMPLE_MC_JSON) + 64);
	assert_non_null(bundle);
	sprintf(bundle, "{\"organisations\": [%s], \"microcredentials\": [%s]}",
		ORGS, SAMPLE_MC_JSON);
	if (mc_catalogue_import(f->s, &r, bundle, strlen(bundle), "b.json",
				&p) != 0)
		fail_msg("import: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	free(bundle);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_store_free(f->s);
	remove_db(f->path);
	free(f);
	return 0;
}

/* One integer from `sql` on a separate connection to `path`. */
static long long query(const char *path, const char *sql)
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

/* SQLite's result code for running `sql` on a separate connection. */
static int exec_other(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static uint32_t xorshift(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Allocate one index; fail the test on error. */
static void alloc(mc_store *s, struct mc__status_ref *ref, const char *org,
		  const char *purpose, uint32_t random)
{
	memset(ref, 0, sizeof(*ref));
	snprintf(ref->purpose, sizeof(ref->purpose), "%s", purpose);
	if (s->cred->status_alloc(s, ref, org, random) != 0)
		fail_msg("status_alloc: %s", mc_store_errmsg(s));
}

static void infos_free(mc_status_list_info *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].url);
		free(l[i].org_id);
		free(l[i].purpose);
	}
	free(l);
}

/* A credential record for the sample MC; strings are the test's. */
static mc_credential cred(const char *id, const char *data, size_t len,
			  mc_credential_format format)
{
	mc_credential c;

	memset(&c, 0, sizeof(c));
	c.id = (char *)id;
	c.mc_id = (char *)MC_ID;
	c.mc_version = 2;
	c.org_id = (char *)ORG;
	c.format = format;
	c.data = (char *)data;
	c.len = len;
	c.issued_at = (char *)"2026-11-25T10:00:00Z";
	return c;
}

/* ---- schema ------------------------------------------------------------- */

static void test_schema_version_2(void **state)
{
	struct fixture *f = *state;
	mc_store *again;
	long long objects;

	/* Schemas v3 (accounts), v4 (seals), v5 (QA bodies, consents), v6
	 * (the audit's client address), v7 (change counters) and later ones
	 * came after; the v2 tables remain. */
	assert_int_equal(mc_store_schema_version(f->s), mc__sq_schema_version);
	assert_int_equal(query(f->path, "PRAGMA user_version"),
			 mc__sq_schema_version);
	assert_int_equal(query(f->path, "SELECT count(*) FROM sqlite_master"
					" WHERE name IN ('keys', 'credentials',"
					" 'status_lists', 'status_entries',"
					" 'audit')"),
			 5);
	objects = query(f->path, "SELECT count(*) FROM sqlite_master");
	mc_store_free(f->s);
	f->s = again = open_path(f->path);
	assert_int_equal(mc_store_schema_version(again), mc__sq_schema_version);
	assert_int_equal(query(f->path, "SELECT count(*) FROM sqlite_master"),
			 objects);
}

/* A database left at version 1 (the v2 objects removed) is upgraded in
 * place, its catalogue kept. */
static void test_upgrade_from_v1(void **state)
{
	struct fixture *f = *state;
	mc_key_info **keys = NULL;
	size_t n = 9;

	mc_store_free(f->s);
	f->s = NULL;
	assert_int_equal(
	    exec_other(f->path, "DROP TABLE mc_consents;"
				" DROP TABLE org_recognitions;"
				" DROP TABLE seals;"
				" DROP TABLE api_tokens; DROP TABLE sessions;"
				" DROP TABLE memberships; DROP TABLE users;"
				" DROP TABLE audit; DROP TABLE"
				" status_entries; DROP TABLE status_lists;"
				" DROP TABLE credentials; DROP TABLE keys;"
				" PRAGMA user_version = 1"),
	    SQLITE_OK);
	assert_int_equal(query(f->path, "PRAGMA user_version"), 1);
	f->s = open_path(f->path);
	assert_int_equal(mc_store_schema_version(f->s), mc__sq_schema_version);
	assert_int_equal(query(f->path, "PRAGMA user_version"),
			 mc__sq_schema_version);
	assert_int_equal(query(f->path, "SELECT count(*) FROM organisations"),
			 2);
	assert_int_equal(query(f->path, "SELECT count(*) FROM mc_versions"), 1);
	assert_int_equal(f->s->keys->key_list(f->s, &keys, &n, NULL), 0);
	assert_int_equal(n, 0);
}

/* ---- keys --------------------------------------------------------------- */

static void test_keys(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	const unsigned char sealed1[] = {0x00, 0xff, 0x10, 0x00, 0x80, 0x7f};
	unsigned char sealed2[300], *got = NULL;
	mc_key_info k1 = {0}, k2 = {0}, *k = NULL, **list = NULL;
	size_t i, len = 0, n = 0;

	for (i = 0; i < sizeof(sealed2); i++)
		sealed2[i] = (unsigned char)(i * 7);
	k1.id = "ua-ed25519-1";
	k1.org_id = ORG;
	k1.type = MC_KEY_ED25519;
	k1.created_at = "2026-01-01T00:00:00Z";
	k1.public_jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"abc\"}";
	k1.public_multibase = "z6MkTest";
	k1.verification_method = "did:key:z6MkTest#z6MkTest";
	k2.id = "ua-rsa2048-1";
	k2.org_id = ORG;
	k2.type = MC_KEY_RSA2048;
	k2.created_at = "2026-02-01T00:00:00Z";
	k2.public_jwk = "{\"kty\":\"RSA\"}";

	/* stored newest first: listed oldest first */
	assert_int_equal(s->keys->key_put(s, &k2, sealed2, sizeof(sealed2)), 0);
	assert_int_equal(s->keys->key_put(s, &k1, sealed1, sizeof(sealed1)), 0);
	assert_int_equal(s->keys->key_put(s, &k1, sealed1, sizeof(sealed1)),
			 MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "ua-ed25519-1"));
	k1.id = "x-1";
	k1.org_id = "nobody";
	assert_int_equal(s->keys->key_put(s, &k1, sealed1, sizeof(sealed1)),
			 MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(s), "nobody"));

	assert_int_equal(s->keys->key_get(s, &k, &got, &len, "ua-ed25519-1"),
			 0);
	assert_string_equal(k->id, "ua-ed25519-1");
	assert_string_equal(k->org_id, ORG);
	assert_int_equal(k->type, MC_KEY_ED25519);
	assert_string_equal(k->created_at, "2026-01-01T00:00:00Z");
	assert_null(k->retired_at);
	assert_string_equal(
	    k->public_jwk,
	    "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"abc\"}");
	assert_string_equal(k->public_multibase, "z6MkTest");
	assert_string_equal(k->verification_method,
			    "did:key:z6MkTest#z6MkTest");
	assert_int_equal(len, sizeof(sealed1));
	assert_memory_equal(got, sealed1, sizeof(sealed1));
	mc_key_info_free(k);
	free(got);
	got = NULL;

	assert_int_equal(s->keys->key_get(s, &k, &got, &len, "ua-rsa2048-1"),
			 0);
	assert_int_equal(k->type, MC_KEY_RSA2048);
	assert_null(k->public_multibase);
	assert_int_equal(len, sizeof(sealed2));
	assert_memory_equal(got, sealed2, sizeof(sealed2));
	mc_key_info_free(k);
	free(got);
	got = NULL;

	/* without the sealed part */
	assert_int_equal(s->keys->key_get(s, &k, NULL, NULL, "ua-rsa2048-1"),
			 0);
	mc_key_info_free(k);
	assert_int_equal(s->keys->key_get(s, &k, &got, &len, "none"),
			 MC_ENOTFOUND);
	assert_null(k);
	assert_null(got);

	assert_int_equal(s->keys->key_list(s, &list, &n, ORG), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, "ua-ed25519-1");
	assert_string_equal(list[1]->id, "ua-rsa2048-1");
	mc_key_list_free(list, n);
	assert_int_equal(s->keys->key_list(s, &list, &n, ORG2), 0);
	assert_int_equal(n, 0);
	mc_key_list_free(list, n);

	assert_int_equal(
	    s->keys->key_retire(s, "ua-ed25519-1", "2026-03-01T00:00:00Z"), 0);
	/* retiring again keeps the first time */
	assert_int_equal(s->keys->key_retire(s, "ua-ed25519-1", NULL), 0);
	assert_int_equal(s->keys->key_retire(s, "none", NULL), MC_ENOTFOUND);
	assert_int_equal(s->keys->key_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->retired_at, "2026-03-01T00:00:00Z");
	assert_null(list[1]->retired_at);
	mc_key_list_free(list, n);
}

/* ---- credentials -------------------------------------------------------- */

static const char DATA[] = "{\"name\": \"Зварювання — ხელით\","
			   " \"x\": \"\xf0\x9f\x8e\x93\"}\0tail";

static void test_credential_exact_bytes(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	struct mc__status_ref refs[2], *got = NULL;
	mc_credential c =
	    cred(BASE "/credentials/1", DATA, sizeof(DATA) - 1, MC_FORMAT_OB3);
	mc_credential *out = NULL;
	mc_strlist ids = MC_STRLIST_INIT;
	size_t n = 0;

	assert_int_equal(s->core->begin(s), 0);
	alloc(s, &refs[0], ORG, "revocation", 77);
	alloc(s, &refs[1], ORG, "suspension", 77);
	assert_int_equal(s->cred->cred_put(s, &c, "learner-hash-1", refs, 2),
			 0);
	assert_int_equal(s->core->commit(s), 0);

	assert_int_equal(s->cred->cred_get(s, &out, BASE "/credentials/1"), 0);
	assert_string_equal(out->id, BASE "/credentials/1");
	assert_string_equal(out->mc_id, MC_ID);
	assert_int_equal(out->mc_version, 2);
	assert_string_equal(out->org_id, ORG);
	assert_int_equal(out->format, MC_FORMAT_OB3);
	assert_string_equal(out->issued_at, "2026-11-25T10:00:00Z");
	assert_int_equal(out->len, sizeof(DATA) - 1);
	assert_memory_equal(out->data, DATA, sizeof(DATA) - 1);
	assert_int_equal(out->data[out->len], '\0');
	assert_int_equal(out->created, 0);
	mc_credential_free(out);

	assert_int_equal(s->cred->cred_find(s, &out, MC_ID, 2, "learner-hash-1",
					    MC_FORMAT_OB3),
			 0);
	assert_string_equal(out->id, BASE "/credentials/1");
	assert_memory_equal(out->data, DATA, sizeof(DATA) - 1);
	mc_credential_free(out);
	assert_int_equal(s->cred->cred_find(s, &out, MC_ID, 2, "learner-hash-1",
					    MC_FORMAT_VC_JWT),
			 MC_ENOTFOUND);
	assert_null(out);
	assert_int_equal(s->cred->cred_get(s, &out, BASE "/credentials/none"),
			 MC_ENOTFOUND);

	assert_int_equal(
	    s->cred->cred_status_refs(s, &got, &n, BASE "/credentials/1"), 0);
	assert_int_equal(n, 2);
	assert_string_equal(got[0].purpose, "revocation");
	assert_string_equal(got[0].list_url,
			    BASE "/status/" ORG "/revocation/1");
	assert_int_equal(got[0].index, refs[0].index);
	assert_string_equal(got[1].purpose, "suspension");
	assert_string_equal(got[1].list_url,
			    BASE "/status/" ORG "/suspension/1");
	assert_int_equal(got[1].index, refs[1].index);
	free(got[0].list_url);
	free(got[1].list_url);
	free(got);
	assert_int_equal(
	    s->cred->cred_status_refs(s, &got, &n, BASE "/credentials/none"),
	    MC_ENOTFOUND);

	assert_int_equal(s->cred->cred_ids_of_mc(s, &ids, MC_ID), 0);
	assert_int_equal(ids.count, 1);
	assert_string_equal(ids.items[0], BASE "/credentials/1");
	mc_strlist_clear(&ids);
	free(refs[0].list_url);
	free(refs[1].list_url);
}

static void test_credential_idempotency(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_credential c = cred(BASE "/credentials/a", "{}", 2, MC_FORMAT_OB3);
	mc_credential *out = NULL;
	struct mc__status_ref ref;
	mc_strlist ids = MC_STRLIST_INIT;

	assert_int_equal(s->cred->cred_put(s, &c, "learner-x", NULL, 0), 0);
	/* same learner, MC version and format under a new id */
	c.id = BASE "/credentials/b";
	assert_int_equal(s->cred->cred_put(s, &c, "learner-x", NULL, 0),
			 MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "learner-x"));
	/* the same id again */
	c.id = BASE "/credentials/a";
	assert_int_equal(s->cred->cred_put(s, &c, "learner-y", NULL, 0),
			 MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "credentials/a"));
	/* another format is another credential */
	c.id = BASE "/credentials/b";
	c.format = MC_FORMAT_VC_JWT;
	c.data = "eyJ.x.y";
	c.len = 7;
	assert_int_equal(s->cred->cred_put(s, &c, "learner-x", NULL, 0), 0);
	assert_int_equal(s->cred->cred_find(s, &out, MC_ID, 2, "learner-x",
					    MC_FORMAT_VC_JWT),
			 0);
	assert_string_equal(out->id, BASE "/credentials/b");
	assert_int_equal(out->format, MC_FORMAT_VC_JWT);
	mc_credential_free(out);

	/* an MC version that does not exist */
	c.id = BASE "/credentials/c";
	c.mc_version = 9;
	assert_int_equal(s->cred->cred_put(s, &c, "learner-z", NULL, 0),
			 MC_ENOTFOUND);
	c.mc_version = 2;

	/* a status entry never allocated: nothing is stored */
	memset(&ref, 0, sizeof(ref));
	snprintf(ref.purpose, sizeof(ref.purpose), "revocation");
	ref.list_url = BASE "/status/" ORG "/revocation/1";
	assert_int_equal(s->cred->cred_put(s, &c, "learner-z", &ref, 1),
			 MC_EINVALID);
	assert_int_equal(s->cred->cred_get(s, &out, c.id), MC_ENOTFOUND);

	/* an entry already linked to another credential */
	alloc(s, &ref, ORG, "revocation", 5);
	assert_int_equal(s->cred->cred_put(s, &c, "learner-z", &ref, 1), 0);
	c.id = BASE "/credentials/d";
	assert_int_equal(s->cred->cred_put(s, &c, "learner-w", &ref, 1),
			 MC_EINVALID);
	free(ref.list_url);

	assert_int_equal(s->cred->cred_ids_of_mc(s, &ids, MC_ID), 0);
	assert_int_equal(ids.count, 3);
	mc_strlist_clear(&ids);
	assert_int_equal(s->cred->cred_ids_of_mc(s, &ids, "other"), 0);
	assert_int_equal(ids.count, 0);
}

/* ---- status lists ------------------------------------------------------- */

/* 5000 indexes from random values with many collisions: all distinct,
 * all in range, all in list 1. */
static void test_status_alloc_distinct(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	const size_t count = 5000;
	unsigned char *seen = calloc(MC_STATUS_LIST_SIZE, 1);
	mc_status_list_info *infos = NULL;
	struct mc__status_ref ref;
	uint32_t x = 2463534242u;
	size_t i, n = 0, in_window = 0;

	assert_non_null(seen);
	assert_int_equal(s->core->begin(s), 0);
	for (i = 0; i < count; i++) {
		/* 3000 starting points for 5000 indexes, and the top end
		 * to make the probe wrap */
		uint32_t r =
		    i % 10 == 0 ? MC_STATUS_LIST_SIZE - 1 : xorshift(&x) % 3000;

		alloc(s, &ref, ORG, "revocation", r);
		assert_string_equal(ref.list_url,
				    BASE "/status/" ORG "/revocation/1");
		assert_true(ref.index < MC_STATUS_LIST_SIZE);
		if (seen[ref.index])
			fail_msg("index %zu handed out twice", ref.index);
		seen[ref.index] = 1;
		if (ref.index < 3000 + count)
			in_window++;
		free(ref.list_url);
	}
	assert_int_equal(s->core->commit(s), 0);
	/* the probes stayed next to where they started */
	assert_int_equal(in_window, count - 1);
	assert_true(seen[MC_STATUS_LIST_SIZE - 1]);
	assert_int_equal(s->cred->status_list_infos(s, &infos, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(infos[0].used, count);
	assert_int_equal(infos[0].size, MC_STATUS_LIST_SIZE);
	assert_int_equal(infos[0].set, 0);
	infos_free(infos, n);
	assert_int_equal(query(f->path, "SELECT count(DISTINCT idx)"
					" FROM status_entries"),
			 (long long)count);
	free(seen);
}

/* A full list: the next index comes from list 2; each (org, purpose)
 * counts its own lists; the probe wraps past the end. */
static void test_status_rollover(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	unsigned char seen[64] = {0};
	mc_status_list_info *infos = NULL;
	struct mc__status_ref ref;
	size_t i, n = 0;

	assert_int_equal(mc__sq_set_status_list_size(s, 12), MC_EUSAGE);
	assert_int_equal(mc__sq_set_status_list_size(s, 64), 0);
	assert_int_equal(s->core->begin(s), 0);
	alloc(s, &ref, ORG, "revocation", 63);
	assert_int_equal(ref.index, 63);
	free(ref.list_url);
	alloc(s, &ref, ORG, "revocation", 63 + 64);
	assert_int_equal(ref.index, 0); /* wrapped */
	free(ref.list_url);
	seen[63] = seen[0] = 1;
	for (i = 2; i < 64; i++) {
		alloc(s, &ref, ORG, "revocation", 7);
		assert_string_equal(ref.list_url,
				    BASE "/status/" ORG "/revocation/1");
		assert_false(seen[ref.index]);
		seen[ref.index] = 1;
		free(ref.list_url);
	}
	alloc(s, &ref, ORG, "revocation", 7);
	assert_string_equal(ref.list_url, BASE "/status/" ORG "/revocation/2");
	assert_int_equal(ref.index, 7);
	free(ref.list_url);
	alloc(s, &ref, ORG, "suspension", 7);
	assert_string_equal(ref.list_url, BASE "/status/" ORG "/suspension/1");
	free(ref.list_url);
	alloc(s, &ref, ORG2, "revocation", 7);
	assert_string_equal(ref.list_url, BASE "/status/" ORG2 "/revocation/1");
	free(ref.list_url);
	assert_int_equal(s->core->commit(s), 0);

	assert_int_equal(s->cred->status_list_infos(s, &infos, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(infos[0].url, BASE "/status/" ORG "/revocation/1");
	assert_int_equal(infos[0].used, 64);
	assert_int_equal(infos[0].size, 64);
	assert_string_equal(infos[1].url, BASE "/status/" ORG "/revocation/2");
	assert_int_equal(infos[1].used, 1);
	assert_string_equal(infos[2].purpose, "suspension");
	assert_string_equal(infos[3].org_id, ORG2);
	infos_free(infos, n);

	memset(&ref, 0, sizeof(ref));
	snprintf(ref.purpose, sizeof(ref.purpose), "refund");
	assert_int_equal(s->cred->status_alloc(s, &ref, ORG, 1), MC_EUSAGE);
	assert_null(ref.list_url);
}

/* A rolled-back transaction leaves no index allocated: the same random
 * value gets the same index again. */
static void test_rollback_frees_index(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	struct mc__status_ref ref;
	mc_status_list_info *infos = NULL;
	size_t n = 0, first;

	assert_int_equal(s->core->begin(s), 0);
	alloc(s, &ref, ORG, "revocation", 1000);
	free(ref.list_url);
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(query(f->path, "SELECT count(*) FROM status_lists"),
			 0);

	alloc(s, &ref, ORG, "revocation", 1000);
	first = ref.index;
	free(ref.list_url);
	assert_int_equal(s->core->begin(s), 0);
	alloc(s, &ref, ORG, "revocation", 1000);
	assert_int_equal(ref.index, first + 1);
	free(ref.list_url);
	assert_int_equal(s->core->rollback(s), 0);
	alloc(s, &ref, ORG, "revocation", 1000);
	assert_int_equal(ref.index, first + 1);
	free(ref.list_url);

	assert_int_equal(s->cred->status_list_infos(s, &infos, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(infos[0].used, 2);
	infos_free(infos, n);
	assert_int_equal(query(f->path, "SELECT count(*) FROM status_entries"),
			 2);
}

/* Two handles on one database share allocation: state is in the
 * database, not in either process. */
static void test_two_handles_allocate_distinct(void **state)
{
	struct fixture *f = *state;
	mc_store *a = f->s, *b = open_path(f->path);
	struct mc__status_ref ra, rb;

	assert_int_equal(a->core->begin(a), 0);
	alloc(a, &ra, ORG, "revocation", 42);
	/* b cannot write while a holds the write lock */
	assert_int_equal(a->core->commit(a), 0);
	assert_int_equal(b->core->begin(b), 0);
	alloc(b, &rb, ORG, "revocation", 42);
	assert_int_equal(b->core->commit(b), 0);
	assert_string_equal(ra.list_url, rb.list_url);
	assert_int_equal(ra.index, 42);
	assert_int_equal(rb.index, 43);
	free(ra.list_url);
	free(rb.list_url);
	mc_store_free(b);
}

static void test_status_bits(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	static const size_t set[] = {0, 7, 8, 130, MC_STATUS_LIST_SIZE - 1};
	struct mc__status_list *l = NULL;
	mc_status_list_info *infos = NULL;
	struct mc__status_ref ref;
	const char *url = BASE "/status/" ORG "/revocation/1";
	size_t i, n = 0;

	alloc(s, &ref, ORG, "revocation", 3);
	free(ref.list_url);
	for (i = 0; i < MC__ARRAY_SIZE(set); i++)
		assert_int_equal(s->cred->status_set(s, url, set[i], 1), 0);
	assert_int_equal(s->cred->status_list_get(s, &l, url), 0);
	assert_string_equal(l->url, url);
	assert_string_equal(l->org_id, ORG);
	assert_string_equal(l->purpose, "revocation");
	assert_int_equal(l->size, MC_STATUS_LIST_SIZE);
	assert_non_null(l->updated_at);
	assert_int_equal(l->bits[0], 0x81);
	assert_int_equal(l->bits[1], 0x80);
	assert_int_equal(l->bits[16], 0x20);
	assert_int_equal(l->bits[MC_STATUS_LIST_SIZE / 8 - 1], 0x01);
	for (i = 2; i < MC_STATUS_LIST_SIZE / 8 - 1; i++)
		if (i != 16 && l->bits[i])
			fail_msg("byte %zu: %#x", i, l->bits[i]);
	mc__status_list_free(l);

	assert_int_equal(s->cred->status_set(s, url, 7, 0), 0);
	assert_int_equal(s->cred->status_set(s, url, 8, 1), 0); /* again */
	assert_int_equal(s->cred->status_list_get(s, &l, url), 0);
	assert_int_equal(l->bits[0], 0x80);
	assert_int_equal(l->bits[1], 0x80);
	mc__status_list_free(l);
	assert_int_equal(s->cred->status_list_infos(s, &infos, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(infos[0].set, 4);
	assert_int_equal(infos[0].used, 1);
	infos_free(infos, n);

	assert_int_equal(s->cred->status_set(s, url, MC_STATUS_LIST_SIZE, 1),
			 MC_EINVALID);
	assert_int_equal(s->cred->status_set(s, BASE "/status/x", 1, 1),
			 MC_ENOTFOUND);
	assert_int_equal(s->cred->status_list_get(s, &l, BASE "/status/x"),
			 MC_ENOTFOUND);
	assert_null(l);
}

static void test_signed_cache(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	struct mc__status_list *l = NULL;
	struct mc__status_ref ref;
	const char *url = BASE "/status/" ORG "/suspension/1";

	alloc(s, &ref, ORG, "suspension", 3);
	free(ref.list_url);
	assert_int_equal(s->cred->status_list_get(s, &l, url), 0);
	assert_null(l->signed_json);
	mc__status_list_free(l);

	assert_int_equal(s->cred->status_list_put_signed(s, url, "{\"s\":1}"),
			 0);
	assert_int_equal(s->cred->status_list_get(s, &l, url), 0);
	assert_string_equal(l->signed_json, "{\"s\":1}");
	mc__status_list_free(l);

	assert_int_equal(s->cred->status_set(s, url, 3, 1), 0);
	assert_int_equal(s->cred->status_list_get(s, &l, url), 0);
	assert_null(l->signed_json);
	assert_int_equal(l->bits[0], 0x10);
	mc__status_list_free(l);

	assert_int_equal(
	    s->cred->status_list_put_signed(s, BASE "/status/x", "{}"),
	    MC_ENOTFOUND);
}

/* ---- audit -------------------------------------------------------------- */

static void test_audit_append_only(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;

	assert_int_equal(s->audit->add(s, "admin", "revoke",
				       BASE "/credentials/1", ORG, "fraud"),
			 0);
	assert_int_equal(s->audit->add(s, NULL, "suspend", NULL, NULL, NULL),
			 0);
	assert_int_equal(s->audit->add(s, NULL, NULL, NULL, NULL, NULL),
			 MC_EUSAGE);
	assert_int_equal(query(f->path, "SELECT count(*) FROM audit"), 2);
	assert_int_equal(query(f->path, "SELECT count(*) FROM audit"
					" WHERE actor = 'admin'"
					" AND action = 'revoke'"
					" AND reason = 'fraud'"
					" AND at LIKE '____-__-__T__:__:__Z'"),
			 1);
	assert_int_equal(exec_other(f->path, "UPDATE audit SET reason = 'x'"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(exec_other(f->path, "DELETE FROM audit"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(query(f->path, "SELECT count(*) FROM audit"
					" WHERE reason = 'fraud'"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_schema_version_2, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_upgrade_from_v1, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_credential_exact_bytes, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_credential_idempotency, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_status_alloc_distinct, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_status_rollover, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_rollback_frees_index, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_two_handles_allocate_distinct,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_status_bits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_signed_cache, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_append_only, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
