/*
 * store_cases.h: the store's backend-independent unit tests, run on any
 * backend through the store's operation tables.
 *
 * A test program fills a `struct store_backend` (how to make a fresh,
 * empty location, and how to query it on a connection of its own) and
 * calls store_cases_run().  test_store_cases_sqlite.c runs them on SQLite
 * files, test_store_cases_pg.c on PostgreSQL; each case is the same code
 * for both, so "passes on both" means the same contract holds.
 *
 * Each case starts from a new store holding two organisations and one
 * published MC (ua-mma-welding v2), imported through the public API.
 */
#ifndef MC_TEST_STORE_CASES_H
#define MC_TEST_STORE_CASES_H

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

#include "microcred/catalogue.h"
#include "sample_mc.h"
#include "store/store.h"

#define ORG   "ua-dniprorudne-lyceum"
#define ORG2  "ua-nqa"
#define MC_ID "ua-mma-welding"
#define BASE  "https://mc.example.org"

struct store_backend {
	const char *name; /* mc_store_backend()'s answer */
	/* Make a new, empty location into buf; 0, or -1 (reason printed). */
	int (*fresh)(char *buf, size_t size);
	/* Remove what fresh() made (may do nothing). */
	void (*remove)(const char *location);
	/* One integer from `sql` on a connection of its own; -1 if none. */
	long long (*query)(const char *location, const char *sql);
	/* 0 when `sql` succeeds on a connection of its own, else non-zero. */
	int (*exec)(const char *location, const char *sql);
	/* The backend's test hook for the size of new status lists. */
	int (*set_list_size)(mc_store *s, size_t size);
	/* How status indexes are handed out: 0, from random % size probing
	 * forward, a rolled-back index free again (SQLite's one writer);
	 * 1, from a counter per list through a keyed permutation, without
	 * waiting for other transactions, a rolled-back index never used
	 * (PostgreSQL).  Both: never twice, spread over the list. */
	int alloc_by_counter;
};

static const struct store_backend *backend_;

struct fixture {
	char location[2048];
	mc_store *s;
};

static const char ORGS[] =
    "{\"id\": \"" ORG "\", \"name\": {\"en\": \"Dniprorudne Lyceum\"},"
    " \"country\": \"UA\", \"type\": \"vet_provider\"},"
    "{\"id\": \"" ORG2 "\", \"name\": {\"en\": \"National Agency\"},"
    " \"country\": \"UA\", \"type\": \"agency\"}";

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
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	char *bundle;

	assert_non_null(f);
	assert_int_equal(backend_->fresh(f->location, sizeof(f->location)), 0);
	f->s = open_at(f->location);
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
	backend_->remove(f->location);
	free(f);
	return 0;
}

static long long query(struct fixture *f, const char *sql)
{
	return backend_->query(f->location, sql);
}

/* ---- opening ------------------------------------------------------------ */

static void test_open_and_reopen(void **state)
{
	struct fixture *f = *state;
	int version = mc_store_schema_version(f->s);

	assert_string_equal(mc_store_backend(f->s), backend_->name);
	assert_true(version >= 6);
	mc_store_free(f->s);
	/* again: nothing to migrate, the settings kept */
	f->s = open_at(f->location);
	assert_int_equal(mc_store_schema_version(f->s), version);
	assert_string_equal(mc_store_base_url(f->s), BASE);
	mc_store_free(f->s);
	f->s = open_at(f->location);
	assert_string_equal(mc_store_base_url(f->s), BASE);
}

static void test_meta(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	char *v = NULL;

	assert_int_equal(s->core->meta_get(s, &v, "nothing"), MC_ENOTFOUND);
	assert_null(v);
	assert_non_null(strstr(mc_store_errmsg(s), "nothing: not set"));
	assert_int_equal(s->core->meta_set(s, "k", "one"), 0);
	assert_int_equal(s->core->meta_set(s, "k", "two"), 0);
	assert_int_equal(s->core->meta_get(s, &v, "k"), 0);
	assert_string_equal(v, "two");
	free(v);
}

/* ---- catalogue ---------------------------------------------------------- */

static void test_organisations(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_org *org = NULL, **list = NULL;
	size_t n = 0;

	assert_int_equal(s->catalogue->org_get(s, &org, ORG), 0);
	assert_string_equal(org->id, ORG);
	assert_string_equal(org->country, "UA");
	assert_string_equal(mc_langmap_get(&org->name, "en"),
			    "Dniprorudne Lyceum");
	/* replacing keeps one row and its new names only */
	assert_int_equal(mc_langmap_set(&org->name, "uk", "Ліцей"), 0);
	assert_int_equal(s->catalogue->org_put(s, org), 0);
	mc_org_free(org);
	assert_int_equal(s->catalogue->org_get(s, &org, ORG), 0);
	assert_int_equal(org->name.count, 2);
	assert_string_equal(mc_langmap_get(&org->name, "uk"), "Ліцей");
	mc_org_free(org);

	assert_int_equal(s->catalogue->org_list(s, &list, &n, "UA"), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, ORG);
	assert_string_equal(list[1]->id, ORG2);
	mc_org_list_free(list, n);
	assert_int_equal(s->catalogue->org_list(s, &list, &n, "DE"), 0);
	assert_int_equal(n, 0);
	mc_org_list_free(list, n);
	assert_int_equal(s->catalogue->org_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	mc_org_list_free(list, n);

	org = NULL;
	assert_int_equal(s->catalogue->org_get(s, &org, "none"), MC_ENOTFOUND);
	assert_null(org);
	assert_non_null(strstr(mc_store_errmsg(s), "none"));
}

static void test_clusters(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_cluster *c = NULL, **list = NULL;
	size_t n = 0;

	assert_int_equal(mc_cluster_new(&c), 0);
	free(c->id);
	c->id = strdup("c-welding");
	assert_int_equal(mc_langmap_set(&c->name, "en", "Welding"), 0);
	assert_int_equal(mc_strlist_add(&c->organisations, ORG2), 0);
	assert_int_equal(mc_strlist_add(&c->mcs, MC_ID), 0);
	assert_int_equal(s->catalogue->cluster_put(s, c), 0);
	/* an unknown member refuses the whole cluster */
	free(c->id);
	c->id = strdup("c-bad");
	assert_int_equal(mc_strlist_add(&c->organisations, "nobody"), 0);
	assert_int_equal(s->catalogue->cluster_put(s, c), MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(s), "nobody"));
	mc_cluster_free(c);
	c = NULL;
	assert_int_equal(s->catalogue->cluster_get(s, &c, "c-bad"),
			 MC_ENOTFOUND);

	assert_int_equal(s->catalogue->cluster_add(s, "c-welding", ORG, NULL),
			 0);
	assert_int_equal(s->catalogue->cluster_add(s, "c-none", ORG, NULL),
			 MC_ENOTFOUND);
	assert_int_equal(
	    s->catalogue->cluster_add(s, "c-welding", NULL, "no-mc"),
	    MC_ENOTFOUND);
	assert_int_equal(s->catalogue->cluster_get(s, &c, "c-welding"), 0);
	assert_string_equal(mc_langmap_get(&c->name, "en"), "Welding");
	assert_int_equal(c->organisations.count, 2);
	assert_string_equal(c->organisations.items[0], ORG2);
	assert_string_equal(c->organisations.items[1], ORG);
	assert_int_equal(c->mcs.count, 1);
	mc_cluster_free(c);
	assert_int_equal(s->catalogue->cluster_list(s, &list, &n), 0);
	assert_int_equal(n, 1);
	mc_cluster_list_free(list, n);
}

static void test_mc_versions(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_microcred *mc = NULL;
	mc_version_info *v = NULL;
	mc_strlist ids = MC_STRLIST_INIT;
	mc_status st;
	unsigned version = 0;
	char *doc = NULL;
	size_t n = 0, len = 0;

	assert_int_equal(s->catalogue->mc_get(s, &mc, MC_ID, 0), 0);
	assert_int_equal(mc->version, 2);
	assert_int_equal(mc->status, MC_STATUS_PUBLISHED);
	/* a draft version 3 */
	mc->version = 3;
	mc->status = MC_STATUS_DRAFT;
	assert_int_equal(s->catalogue->mc_put(s, mc), 0);
	/* replaced in place */
	assert_int_equal(mc_langmap_set(&mc->title, "en", "Welding, new"), 0);
	assert_int_equal(s->catalogue->mc_put(s, mc), 0);
	mc_microcred_free(mc);
	mc = NULL;

	assert_int_equal(s->catalogue->mc_get(s, &mc, MC_ID, 0), 0);
	assert_int_equal(mc->version, 3);
	assert_int_equal(mc->status, MC_STATUS_DRAFT);
	assert_string_equal(mc_langmap_get(&mc->title, "en"), "Welding, new");
	mc_microcred_free(mc);
	assert_int_equal(s->catalogue->mc_get_published(s, &mc, MC_ID), 0);
	assert_int_equal(mc->version, 2);
	mc_microcred_free(mc);
	assert_int_equal(s->catalogue->mc_get(s, &mc, MC_ID, 2), 0);
	assert_int_equal(mc->version, 2);
	mc_microcred_free(mc);
	mc = NULL;
	assert_int_equal(s->catalogue->mc_get(s, &mc, MC_ID, 9), MC_ENOTFOUND);
	assert_null(mc);
	assert_non_null(strstr(mc_store_errmsg(s), "v9"));

	assert_int_equal(s->catalogue->mc_versions(s, &v, &n, MC_ID), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].version, 2);
	assert_int_equal(v[1].version, 3);
	assert_int_equal(v[1].status, MC_STATUS_DRAFT);
	assert_int_equal(strlen(v[1].updated_at), 20);
	free(v);
	assert_int_equal(s->catalogue->mc_versions(s, &v, &n, "none"),
			 MC_ENOTFOUND);

	assert_int_equal(
	    s->catalogue->mc_set_status(s, MC_ID, 3, MC_STATUS_PUBLISHED), 0);
	assert_int_equal(
	    s->catalogue->mc_set_status(s, MC_ID, 9, MC_STATUS_PUBLISHED),
	    MC_ENOTFOUND);
	assert_int_equal(
	    s->catalogue->mc_doc_get(s, &doc, &len, &version, &st, MC_ID, 0, 1),
	    0);
	assert_int_equal(version, 3);
	assert_int_equal(st, MC_STATUS_PUBLISHED);
	assert_int_equal(len, strlen(doc));
	assert_non_null(strstr(doc, "Welding, new"));
	free(doc);
	assert_int_equal(s->catalogue->mc_doc_get(s, &doc, &len, &version, &st,
						  "none", 0, 1),
			 MC_ENOTFOUND);

	assert_int_equal(s->catalogue->mc_ids(s, &ids), 0);
	assert_int_equal(ids.count, 1);
	assert_string_equal(ids.items[0], MC_ID);
	mc_strlist_clear(&ids);
}

/* The lifecycle history is append-only in the database itself. */
static void test_history_append_only(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_history_event *e = NULL;
	size_t n = 0, before;

	assert_int_equal(s->catalogue->mc_history(s, &e, &n, MC_ID, 0), 0);
	before = n;
	mc_history_free(e, n);
	assert_int_equal(
	    s->catalogue->mc_event_add(s, MC_ID, 2, MC_STATUS_PUBLISHED,
				       MC_STATUS_RETIRED, "ana", "old"),
	    0);
	assert_int_equal(
	    s->catalogue->mc_event_add(s, MC_ID, 3, MC_STATUS_DRAFT,
				       MC_STATUS_DRAFT, NULL, NULL),
	    0);
	assert_int_equal(s->catalogue->mc_history(s, &e, &n, MC_ID, 0), 0);
	assert_int_equal(n, before + 2);
	assert_true(e[n - 1].n > e[n - 2].n);
	assert_int_equal(e[n - 2].from, MC_STATUS_PUBLISHED);
	assert_int_equal(e[n - 2].to, MC_STATUS_RETIRED);
	assert_string_equal(e[n - 2].actor, "ana");
	assert_string_equal(e[n - 2].note, "old");
	assert_null(e[n - 1].actor);
	mc_history_free(e, n);
	assert_int_equal(s->catalogue->mc_history(s, &e, &n, MC_ID, 3), 0);
	assert_int_equal(n, 1);
	mc_history_free(e, n);

	assert_int_not_equal(
	    backend_->exec(f->location, "UPDATE mc_events SET note = 'x'"), 0);
	assert_int_not_equal(
	    backend_->exec(f->location, "DELETE FROM mc_events"), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM mc_events"),
			 (long long)before + 2);
}

/* ---- transactions ------------------------------------------------------- */

static mc_org *org_named(const char *id)
{
	mc_org *org = NULL;

	assert_int_equal(mc_org_new(&org), 0);
	free(org->id);
	org->id = strdup(id);
	org->country = strdup("UA");
	org->type = MC_ORG_OTHER;
	assert_int_equal(mc_langmap_set(&org->name, "en", id), 0);
	return org;
}

static void test_rollback_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_org *a = org_named("org-a"), *b = org_named("org-b"), *got = NULL;

	assert_int_equal(s->core->commit(s), MC_EUSAGE);
	assert_int_equal(s->core->rollback(s), MC_EUSAGE);

	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(s->catalogue->org_get(s, &got, "org-a"), MC_ENOTFOUND);

	/* only the outermost pair acts; an inner rollback undoes its part */
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->catalogue->org_put(s, b), 0);
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->core->commit(s), 0);
	/* not visible elsewhere before the outer commit */
	assert_int_equal(
	    query(f, "SELECT count(*) FROM organisations WHERE id = 'org-a'"),
	    0);
	assert_int_equal(s->core->commit(s), 0);
	assert_int_equal(
	    query(f, "SELECT count(*) FROM organisations WHERE id = 'org-a'"),
	    1);
	assert_int_equal(s->catalogue->org_get(s, &got, "org-a"), 0);
	mc_org_free(got);
	got = NULL;
	assert_int_equal(s->catalogue->org_get(s, &got, "org-b"), MC_ENOTFOUND);
	mc_org_free(a);
	mc_org_free(b);
}

static const unsigned char SEALED[] = {0x00, 0xff, 0x10, 0x00, 0x80, 0x7f};

static mc_key_info key_named(const char *id, const char *org)
{
	mc_key_info k;

	memset(&k, 0, sizeof(k));
	k.id = (char *)id;
	k.org_id = (char *)org;
	k.type = MC_KEY_ED25519;
	k.created_at = (char *)"2026-01-01T00:00:00Z";
	k.public_jwk = (char *)"{\"kty\":\"OKP\"}";
	return k;
}

/* An expected refusal inside a caller's transaction leaves the
 * transaction usable, as on SQLite (PostgreSQL aborts a transaction at
 * its first failed statement unless the backend guards it). */
static void test_refusal_keeps_transaction(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_key_info k = key_named("k-1", ORG);
	mc_org *a = org_named("org-a"), *got = NULL;
	mc_credential c;
	mc_user u = {0};

	assert_int_equal(s->keys->key_put(s, &k, SEALED, sizeof(SEALED)), 0);
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->keys->key_put(s, &k, SEALED, sizeof(SEALED)),
			 MC_EEXISTS);
	k = key_named("k-2", "nobody");
	assert_int_equal(s->keys->key_put(s, &k, SEALED, sizeof(SEALED)),
			 MC_ENOTFOUND);
	memset(&c, 0, sizeof(c));
	c.id = BASE "/credentials/x";
	c.mc_id = MC_ID;
	c.mc_version = 9;
	c.org_id = ORG;
	c.data = "{}";
	c.len = 2;
	assert_int_equal(s->cred->cred_put(s, &c, "learner", NULL, 0),
			 MC_ENOTFOUND);
	u.id = "u-1";
	u.email = "ana@example.org";
	u.name = "Ana";
	u.created_at = "2026-01-01T00:00:00Z";
	assert_int_equal(s->account->user_put(s, &u, "hash"), 0);
	u.id = "u-2";
	assert_int_equal(s->account->user_put(s, &u, "hash"), MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "ana@example.org"));
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	assert_int_equal(s->core->commit(s), 0);
	assert_int_equal(s->catalogue->org_get(s, &got, "org-a"), 0);
	mc_org_free(got);
	mc_org_free(a);
	assert_int_equal(query(f, "SELECT count(*) FROM users"), 1);
}

/* ---- keys and seals ----------------------------------------------------- */

static void test_keys(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	unsigned char sealed2[300], *got = NULL;
	mc_key_info k1 = key_named("ua-ed25519-1", ORG), k2, *k = NULL,
		    **list = NULL;
	size_t i, len = 0, n = 0;

	for (i = 0; i < sizeof(sealed2); i++)
		sealed2[i] = (unsigned char)(i * 7);
	k1.public_multibase = "z6MkTest";
	k1.verification_method = "did:key:z6MkTest#z6MkTest";
	k2 = key_named("ua-rsa2048-1", ORG);
	k2.type = MC_KEY_RSA2048;
	k2.created_at = "2026-02-01T00:00:00Z";

	/* stored newest first: listed oldest first */
	assert_int_equal(s->keys->key_put(s, &k2, sealed2, sizeof(sealed2)), 0);
	assert_int_equal(s->keys->key_put(s, &k1, SEALED, sizeof(SEALED)), 0);
	assert_int_equal(s->keys->key_put(s, &k1, SEALED, sizeof(SEALED)),
			 MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "ua-ed25519-1"));
	k1.id = "x-1";
	k1.org_id = "nobody";
	assert_int_equal(s->keys->key_put(s, &k1, SEALED, sizeof(SEALED)),
			 MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(s), "nobody"));

	assert_int_equal(s->keys->key_get(s, &k, &got, &len, "ua-ed25519-1"),
			 0);
	assert_string_equal(k->org_id, ORG);
	assert_int_equal(k->type, MC_KEY_ED25519);
	assert_string_equal(k->created_at, "2026-01-01T00:00:00Z");
	assert_null(k->retired_at);
	assert_string_equal(k->public_multibase, "z6MkTest");
	assert_int_equal(len, sizeof(SEALED));
	assert_memory_equal(got, SEALED, sizeof(SEALED));
	mc_key_info_free(k);
	free(got);
	assert_int_equal(s->keys->key_get(s, &k, &got, &len, "ua-rsa2048-1"),
			 0);
	assert_int_equal(k->type, MC_KEY_RSA2048);
	assert_null(k->public_multibase);
	assert_int_equal(len, sizeof(sealed2));
	assert_memory_equal(got, sealed2, sizeof(sealed2));
	mc_key_info_free(k);
	free(got);
	got = NULL;
	k = NULL;
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
	assert_int_equal(s->keys->key_retire(s, "ua-ed25519-1", NULL), 0);
	assert_int_equal(s->keys->key_retire(s, "none", NULL), MC_ENOTFOUND);
	assert_int_equal(s->keys->key_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->retired_at, "2026-03-01T00:00:00Z");
	assert_null(list[1]->retired_at);
	mc_key_list_free(list, n);
}

static void test_seals(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_seal_info ca = {0}, seal, *got = NULL, **list = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0, n = 0;

	ca.id = "test-ca-1";
	ca.is_ca = 1;
	ca.is_test = 1;
	ca.alg = "ES256";
	ca.subject = "CN=Test CA";
	ca.issuer = "CN=Test CA";
	ca.serial = "01";
	ca.not_before = "2026-01-01T00:00:00Z";
	ca.not_after = "2036-01-01T00:00:00Z";
	ca.fingerprint = "ab";
	ca.chain_pem = "-----BEGIN CERTIFICATE-----\n";
	ca.created_at = "2026-01-01T00:00:00Z";
	seal = ca;
	seal.id = ORG "-seal-1";
	seal.is_ca = 0;
	seal.org_id = ORG;
	seal.organization = "Лицей";
	seal.country = "UA";

	assert_int_equal(s->keys->seal_put(s, &ca, SEALED, sizeof(SEALED)), 0);
	assert_int_equal(s->keys->seal_put(s, &seal, SEALED, 3), 0);
	assert_int_equal(s->keys->seal_put(s, &seal, SEALED, 3), MC_EEXISTS);
	seal.id = "other";
	seal.org_id = "nobody";
	assert_int_equal(s->keys->seal_put(s, &seal, SEALED, 3), MC_ENOTFOUND);
	seal.org_id = NULL; /* a seal needs an organisation */
	assert_int_equal(s->keys->seal_put(s, &seal, SEALED, 3), MC_EUSAGE);

	assert_int_equal(
	    s->keys->seal_get(s, &got, &bytes, &len, ORG "-seal-1"), 0);
	assert_string_equal(got->org_id, ORG);
	assert_false(got->is_ca);
	assert_true(got->is_test);
	assert_string_equal(got->organization, "Лицей");
	assert_null(got->org_identifier);
	assert_int_equal(len, 3);
	assert_memory_equal(bytes, SEALED, 3);
	mc_seal_info_free(got);
	free(bytes);
	assert_int_equal(s->keys->seal_get(s, &got, NULL, NULL, "test-ca-1"),
			 0);
	assert_true(got->is_ca);
	assert_null(got->org_id);
	mc_seal_info_free(got);
	assert_int_equal(s->keys->seal_get(s, &got, NULL, NULL, "none"),
			 MC_ENOTFOUND);

	assert_int_equal(s->keys->seal_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, "test-ca-1");
	mc_seal_list_free(list, n);
	assert_int_equal(s->keys->seal_list(s, &list, &n, ORG), 0);
	assert_int_equal(n, 1);
	mc_seal_list_free(list, n);
	assert_int_equal(s->keys->seal_retire(s, ORG "-seal-1", NULL), 0);
	assert_int_equal(s->keys->seal_retire(s, "none", NULL), MC_ENOTFOUND);
	assert_int_equal(s->keys->seal_get(s, &got, NULL, NULL, ORG "-seal-1"),
			 0);
	assert_non_null(got->retired_at);
	mc_seal_info_free(got);
}

/* ---- credentials and status lists --------------------------------------- */

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
	mc_credential_summary *sum = NULL;
	mc_strlist ids = MC_STRLIST_INIT;
	char **texts = NULL;
	size_t n = 0, total = 0;

	assert_int_equal(s->core->begin(s), 0);
	alloc(s, &refs[0], ORG, "revocation", 77);
	alloc(s, &refs[1], ORG, "suspension", 77);
	assert_int_equal(s->cred->cred_put(s, &c, "learner-hash-1", refs, 2),
			 0);
	assert_int_equal(s->core->commit(s), 0);

	assert_int_equal(s->cred->cred_get(s, &out, BASE "/credentials/1"), 0);
	assert_string_equal(out->mc_id, MC_ID);
	assert_int_equal(out->mc_version, 2);
	assert_string_equal(out->org_id, ORG);
	assert_int_equal(out->format, MC_FORMAT_OB3);
	assert_string_equal(out->issued_at, "2026-11-25T10:00:00Z");
	assert_int_equal(out->len, sizeof(DATA) - 1);
	assert_memory_equal(out->data, DATA, sizeof(DATA) - 1);
	assert_int_equal(out->data[out->len], '\0');
	mc_credential_free(out);

	assert_int_equal(s->cred->cred_find(s, &out, MC_ID, 2, "learner-hash-1",
					    MC_FORMAT_OB3),
			 0);
	assert_memory_equal(out->data, DATA, sizeof(DATA) - 1);
	mc_credential_free(out);
	out = NULL;
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
	assert_int_equal(got[1].index, refs[1].index);
	free(got[0].list_url);
	free(got[1].list_url);
	free(got);
	assert_int_equal(
	    s->cred->cred_status_refs(s, &got, &n, BASE "/credentials/none"),
	    MC_ENOTFOUND);

	assert_int_equal(s->cred->cred_ids_of_mc(s, &ids, MC_ID), 0);
	assert_int_equal(ids.count, 1);
	mc_strlist_clear(&ids);

	/* listed with its state, which follows the status bits */
	assert_int_equal(
	    s->cred->status_set(s, refs[1].list_url, refs[1].index, 1), 0);
	assert_int_equal(
	    s->cred->cred_list(s, &sum, &texts, &n, &total, ORG, NULL, 0, 10),
	    0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(sum[0].state, MC_CRED_SUSPENDED);
	assert_string_equal(texts[0], "{\"name\": \"Зварювання — ხელით\","
				      " \"x\": \"\xf0\x9f\x8e\x93\"}");
	mc_credential_summaries_free(sum, n);
	free(texts[0]);
	free(texts);
	assert_int_equal(
	    s->cred->status_set(s, refs[0].list_url, refs[0].index, 1), 0);
	assert_int_equal(
	    s->cred->cred_list(s, &sum, &texts, &n, &total, NULL, MC_ID, 0, 10),
	    0);
	assert_int_equal(sum[0].state, MC_CRED_REVOKED);
	mc_credential_summaries_free(sum, n);
	free(texts[0]);
	free(texts);
	assert_int_equal(
	    s->cred->cred_list(s, &sum, &texts, &n, &total, ORG2, NULL, 0, 10),
	    0);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	free(sum);
	free(texts);
	free(refs[0].list_url);
	free(refs[1].list_url);
}

static void test_credential_idempotency(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_credential c = cred(BASE "/credentials/a", "{}", 2, MC_FORMAT_OB3);
	mc_credential *out = NULL;
	mc_credential_ref *sib = NULL;
	struct mc__status_ref ref;
	mc_strlist ids = MC_STRLIST_INIT;
	size_t n = 0;

	assert_int_equal(s->cred->cred_put(s, &c, "learner-x", NULL, 0), 0);
	c.id = BASE "/credentials/b";
	assert_int_equal(s->cred->cred_put(s, &c, "learner-x", NULL, 0),
			 MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "learner-x"));
	c.id = BASE "/credentials/a";
	assert_int_equal(s->cred->cred_put(s, &c, "learner-y", NULL, 0),
			 MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "credentials/a"));
	c.id = BASE "/credentials/b";
	c.format = MC_FORMAT_VC_JWT;
	c.data = "eyJ.x.y";
	c.len = 7;
	assert_int_equal(s->cred->cred_put(s, &c, "learner-x", NULL, 0), 0);
	assert_int_equal(s->cred->cred_find(s, &out, MC_ID, 2, "learner-x",
					    MC_FORMAT_VC_JWT),
			 0);
	assert_string_equal(out->id, BASE "/credentials/b");
	mc_credential_free(out);
	assert_int_equal(
	    s->cred->cred_siblings(s, &sib, &n, BASE "/credentials/a"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(sib[0].id, BASE "/credentials/b");
	assert_int_equal(sib[0].format, MC_FORMAT_VC_JWT);
	mc_credential_refs_free(sib, n);

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
}

/* 2000 indexes from random values with many collisions: all distinct,
 * in range, in list 1, next to where their probe started. */
static void test_status_alloc_distinct(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	const size_t count = 2000;
	unsigned char *seen = calloc(MC_STATUS_LIST_SIZE, 1);
	mc_status_list_info *infos = NULL;
	struct mc__status_ref ref;
	uint32_t x = 2463534242u;
	size_t i, n = 0, in_window = 0;

	assert_non_null(seen);
	assert_int_equal(s->core->begin(s), 0);
	for (i = 0; i < count; i++) {
		uint32_t r =
		    i % 10 == 0 ? MC_STATUS_LIST_SIZE - 1 : xorshift(&x) % 1200;

		alloc(s, &ref, ORG, "revocation", r);
		assert_string_equal(ref.list_url,
				    BASE "/status/" ORG "/revocation/1");
		assert_true(ref.index < MC_STATUS_LIST_SIZE);
		if (seen[ref.index])
			fail_msg("index %zu handed out twice", ref.index);
		seen[ref.index] = 1;
		if (ref.index < 1200 + count)
			in_window++;
		free(ref.list_url);
	}
	assert_int_equal(s->core->commit(s), 0);
	if (backend_->alloc_by_counter) {
		/* spread over the list, not counted up from 0 or from where
		 * the random values point */
		assert_true(in_window < count / 4);
	} else {
		/* all but the one at the very end stayed in the window */
		assert_int_equal(in_window, count - 1);
		assert_true(seen[MC_STATUS_LIST_SIZE - 1]);
	}
	assert_int_equal(s->cred->status_list_infos(s, &infos, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(infos[0].used, count);
	assert_int_equal(infos[0].size, MC_STATUS_LIST_SIZE);
	assert_int_equal(infos[0].set, 0);
	infos_free(infos, n);
	assert_int_equal(
	    query(f, "SELECT count(DISTINCT idx) FROM status_entries"),
	    (long long)count);
	free(seen);
}

static void test_status_rollover(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	unsigned char seen[64] = {0};
	mc_status_list_info *infos = NULL;
	struct mc__status_ref ref;
	size_t i, n = 0;

	assert_int_equal(backend_->set_list_size(s, 12), MC_EUSAGE);
	assert_int_equal(backend_->set_list_size(s, 64), 0);
	assert_int_equal(s->core->begin(s), 0);
	i = 0;
	if (!backend_->alloc_by_counter) {
		alloc(s, &ref, ORG, "revocation", 63);
		assert_int_equal(ref.index, 63);
		free(ref.list_url);
		alloc(s, &ref, ORG, "revocation", 63 + 64);
		assert_int_equal(ref.index, 0); /* wrapped */
		free(ref.list_url);
		seen[63] = seen[0] = 1;
		i = 2;
	}
	for (; i < 64; i++) {
		alloc(s, &ref, ORG, "revocation", 7);
		assert_string_equal(ref.list_url,
				    BASE "/status/" ORG "/revocation/1");
		assert_false(seen[ref.index]);
		seen[ref.index] = 1;
		free(ref.list_url);
	}
	alloc(s, &ref, ORG, "revocation", 7);
	assert_string_equal(ref.list_url, BASE "/status/" ORG "/revocation/2");
	if (!backend_->alloc_by_counter)
		assert_int_equal(ref.index, 7);
	assert_true(ref.index < 64);
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

static void test_rollback_frees_index(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	struct mc__status_ref ref;
	mc_status_list_info *infos = NULL;
	size_t n = 0, first, undone;

	assert_int_equal(s->core->begin(s), 0);
	alloc(s, &ref, ORG, "revocation", 1000);
	free(ref.list_url);
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM status_lists"), 0);

	alloc(s, &ref, ORG, "revocation", 1000);
	first = ref.index;
	free(ref.list_url);
	assert_int_equal(s->core->begin(s), 0);
	alloc(s, &ref, ORG, "revocation", 1000);
	undone = ref.index;
	if (!backend_->alloc_by_counter)
		assert_int_equal(ref.index, first + 1);
	free(ref.list_url);
	assert_int_equal(s->core->rollback(s), 0);
	alloc(s, &ref, ORG, "revocation", 1000);
	if (backend_->alloc_by_counter) /* never handed out again */
		assert_true(ref.index != undone && ref.index != first);
	else /* free again */
		assert_int_equal(ref.index, first + 1);
	free(ref.list_url);

	assert_int_equal(s->cred->status_list_infos(s, &infos, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(infos[0].used, 2);
	infos_free(infos, n);
	assert_int_equal(query(f, "SELECT count(*) FROM status_entries"), 2);
}

/* What a second handle does while the first holds a transaction. */
struct rival {
	mc_store *s;
	int error;
	struct mc__status_ref ref;
};

static void *rival_issue(void *arg)
{
	struct rival *r = arg;
	mc_credential c = cred(BASE "/credentials/r", "{}", 2, MC_FORMAT_OB3);

	r->error = r->s->core->begin(r->s);
	if (!r->error) {
		alloc(r->s, &r->ref, ORG, "revocation", 42);
		r->error = r->s->cred->cred_put(r->s, &c, "learner-x", NULL, 0);
		if (r->error)
			r->s->core->rollback(r->s);
		else
			r->error = r->s->core->commit(r->s);
	}
	return NULL;
}

/* Two handles on one database issuing to the same learner at the same
 * time: one credential, distinct status indexes.  The second handle's
 * transaction runs while the first's is open, and waits for it. */
static void test_two_handles_exactly_once(void **state)
{
	struct fixture *f = *state;
	mc_store *a = f->s;
	struct rival b = {open_at(f->location), 0, {{0}, NULL, 0}};
	mc_credential c = cred(BASE "/credentials/a", "{}", 2, MC_FORMAT_OB3);
	struct mc__status_ref ra;
	mc_strlist ids = MC_STRLIST_INIT;
	pthread_t t;

	assert_int_equal(a->core->begin(a), 0);
	alloc(a, &ra, ORG, "revocation", 42);
	assert_int_equal(a->cred->cred_put(a, &c, "learner-x", NULL, 0), 0);
	assert_int_equal(pthread_create(&t, NULL, rival_issue, &b), 0);
	usleep(200 * 1000); /* let the rival reach its wait */
	assert_int_equal(a->core->commit(a), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(b.error, MC_EEXISTS);
	assert_int_equal(a->cred->cred_ids_of_mc(a, &ids, MC_ID), 0);
	assert_int_equal(ids.count, 1);
	assert_string_equal(ids.items[0], BASE "/credentials/a");
	mc_strlist_clear(&ids);
	if (backend_->alloc_by_counter)
		assert_true(ra.index != b.ref.index);
	else
		assert_int_equal(ra.index, 42);
	free(ra.list_url);
	free(b.ref.list_url);

	/* after a rolled-back rival, one after another */
	assert_int_equal(b.s->core->begin(b.s), 0);
	alloc(b.s, &b.ref, ORG, "revocation", 42);
	assert_int_equal(b.s->core->commit(b.s), 0);
	if (!backend_->alloc_by_counter)
		assert_int_equal(b.ref.index, 43);
	free(b.ref.list_url);
	alloc(a, &ra, ORG, "revocation", 42);
	if (!backend_->alloc_by_counter)
		assert_int_equal(ra.index, 44);
	free(ra.list_url);
	mc_store_free(b.s);
}

/* What a second handle allocates while the first's transaction is open. */
struct alongside {
	mc_store *s;
	volatile int done;
	int error;
	size_t index[50];
};

static void *alloc_alongside(void *arg)
{
	struct alongside *r = arg;
	struct mc__status_ref ref;
	size_t i;

	if ((r->error = r->s->core->begin(r->s)))
		return NULL;
	for (i = 0; i < MC__ARRAY_SIZE(r->index); i++) {
		memset(&ref, 0, sizeof(ref));
		snprintf(ref.purpose, sizeof(ref.purpose), "revocation");
		if ((r->error = r->s->cred->status_alloc(r->s, &ref, ORG,
							 (uint32_t)i)))
			break;
		r->index[i] = ref.index;
		free(ref.list_url);
	}
	r->done = 1;
	if (!r->error)
		r->error = r->s->core->commit(r->s);
	else
		r->s->core->rollback(r->s);
	return NULL;
}

/* Where the backend allocates from a counter, two handles (two nodes)
 * allocate in one existing list while both hold transactions open,
 * neither waiting for the other; where it has one writer (SQLite), the
 * second waits for the first's commit.  Either way no index is handed
 * out twice. */
static void test_status_alloc_alongside(void **state)
{
	struct fixture *f = *state;
	mc_store *a = f->s;
	struct alongside b = {open_at(f->location), 0, 0, {0}};
	unsigned char *seen = calloc(MC_STATUS_LIST_SIZE, 1);
	struct mc__status_ref ref;
	pthread_t t;
	size_t i;
	int waited;

	assert_non_null(seen);
	/* the list and its counter made and committed first: making them
	 * takes the lock of (organisation, purpose) until the commit */
	alloc(a, &ref, ORG, "revocation", 0);
	seen[ref.index] = 1;
	free(ref.list_url);
	assert_int_equal(a->core->begin(a), 0);
	for (i = 1; i < 50; i++) {
		alloc(a, &ref, ORG, "revocation", (uint32_t)i);
		assert_false(seen[ref.index]);
		seen[ref.index] = 1;
		free(ref.list_url);
	}
	assert_int_equal(pthread_create(&t, NULL, alloc_alongside, &b), 0);
	if (backend_->alloc_by_counter) {
		for (waited = 0; !b.done && waited < 100; waited++)
			usleep(50 * 1000);
		/* while a's transaction is still open */
		assert_true(b.done);
		assert_int_equal(b.error, 0);
	} else {
		/* one writer: b waits (within the busy timeout) for a */
		usleep(300 * 1000);
		assert_false(b.done);
	}
	for (i = 0; i < 50; i++) {
		alloc(a, &ref, ORG, "revocation", (uint32_t)i);
		assert_false(seen[ref.index]);
		seen[ref.index] = 1;
		free(ref.list_url);
	}
	assert_int_equal(a->core->commit(a), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(b.error, 0);
	for (i = 0; i < 50; i++) {
		assert_false(seen[b.index[i]]);
		seen[b.index[i]] = 1;
	}
	assert_int_equal(
	    query(f, "SELECT count(DISTINCT idx) FROM status_entries"), 150);
	mc_store_free(b.s);
	free(seen);
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
	int bit = -1;

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
	assert_int_equal(s->cred->status_get(s, &bit, url, 130), 0);
	assert_int_equal(bit, 1);
	assert_int_equal(s->cred->status_get(s, &bit, url, 131), 0);
	assert_int_equal(bit, 0);

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
	assert_int_equal(s->cred->status_get(s, &bit, url, MC_STATUS_LIST_SIZE),
			 MC_EINVALID);
	assert_int_equal(s->cred->status_set(s, BASE "/status/x", 1, 1),
			 MC_ENOTFOUND);
	assert_int_equal(s->cred->status_get(s, &bit, BASE "/status/x", 1),
			 MC_ENOTFOUND);
	l = NULL;
	assert_int_equal(s->cred->status_list_get(s, &l, BASE "/status/x"),
			 MC_ENOTFOUND);
	assert_null(l);
}

/* status_set_many: every bit given set or cleared in one write of the
 * list, its signed copy dropped; an index past the end changes nothing
 * and is named; an unknown list is MC_ENOTFOUND. */
static void test_status_set_many(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	static const size_t idx[] = {0, 7, 8, 130, MC_STATUS_LIST_SIZE - 1};
	static const unsigned char on[] = {1, 1, 1, 1, 1};
	static const size_t idx2[] = {7, 9, 8};
	static const unsigned char bits2[] = {0, 1, 1};
	const size_t past[] = {3, MC_STATUS_LIST_SIZE};
	const unsigned char past_bits[] = {1, 1};
	struct mc__status_list *l = NULL;
	struct mc__status_ref ref;
	const char *url = BASE "/status/" ORG "/revocation/1";
	int bit = -1;

	alloc(s, &ref, ORG, "revocation", 3);
	free(ref.list_url);
	assert_int_equal(s->cred->status_list_put_signed(s, url, "{\"s\":1}"),
			 0);
	assert_int_equal(s->cred->status_set_many(s, url, idx, on, 5), 0);
	assert_int_equal(s->cred->status_set_many(s, url, idx2, bits2, 3), 0);
	assert_int_equal(s->cred->status_list_get(s, &l, url), 0);
	assert_int_equal(l->bits[0], 0x80); /* 0 set, 7 set then cleared */
	assert_int_equal(l->bits[1], 0xc0); /* 8 (twice) and 9 */
	assert_int_equal(l->bits[16], 0x20);
	assert_int_equal(l->bits[MC_STATUS_LIST_SIZE / 8 - 1], 0x01);
	assert_null(l->signed_json);
	mc__status_list_free(l);
	assert_int_equal(s->cred->status_get(s, &bit, url, 9), 0);
	assert_int_equal(bit, 1);

	assert_int_equal(s->cred->status_set_many(s, url, past, past_bits, 2),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(s), "past"));
	assert_int_equal(s->cred->status_get(s, &bit, url, 3), 0);
	assert_int_equal(bit, 0); /* all or none */
	assert_int_equal(
	    s->cred->status_set_many(s, BASE "/status/x", idx, on, 1),
	    MC_ENOTFOUND);
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

static void test_audit(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_audit_entry *e = NULL;
	char *at = NULL, *reason = NULL;
	size_t n = 0;

	snprintf(s->audit_client, sizeof(s->audit_client), "192.0.2.1");
	assert_int_equal(s->audit->add(s, "admin", "revoke",
				       BASE "/credentials/1", ORG, "fraud"),
			 0);
	s->audit_client[0] = '\0';
	assert_int_equal(s->audit->add(s, NULL, "suspend", NULL, NULL, NULL),
			 0);
	assert_int_equal(s->audit->add(s, NULL, NULL, NULL, NULL, NULL),
			 MC_EUSAGE);
	assert_int_equal(query(f, "SELECT count(*) FROM audit WHERE"
				  " actor = 'admin' AND action = 'revoke'"
				  " AND reason = 'fraud'"
				  " AND at LIKE '____-__-__T__:__:__Z'"),
			 1);
	assert_int_equal(
	    s->audit->last(s, &at, &reason, BASE "/credentials/1", "revoke"),
	    0);
	assert_string_equal(reason, "fraud");
	assert_int_equal(strlen(at), 20);
	free(at);
	free(reason);
	assert_int_equal(s->audit->last(s, &at, &reason, "x", "revoke"),
			 MC_ENOTFOUND);

	assert_int_equal(s->audit->list(s, &e, &n, NULL, 0, 10), 0);
	assert_true(n >= 2);
	assert_string_equal(e[0].action, "suspend");
	assert_null(e[0].client);
	assert_string_equal(e[1].action, "revoke");
	assert_string_equal(e[1].client, "192.0.2.1");
	assert_true(e[0].n > e[1].n);
	mc_audit_list_free(e, n);
	assert_int_equal(s->audit->list(s, &e, &n, ORG, 0, 10), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].org_id, ORG);
	mc_audit_list_free(e, n);

	/* append-only in the database itself */
	assert_int_not_equal(
	    backend_->exec(f->location, "UPDATE audit SET reason = 'x'"), 0);
	assert_int_not_equal(backend_->exec(f->location, "DELETE FROM audit"),
			     0);
	assert_int_equal(
	    query(f, "SELECT count(*) FROM audit WHERE reason = 'fraud'"), 1);
}

/* ---- accounts ----------------------------------------------------------- */

static void test_accounts(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_user u = {0}, *got = NULL, **list = NULL;
	mc_token_info t = {0}, *tok = NULL, **toks = NULL;
	struct mc__session_row r = {0}, row;
	char *hash = NULL;
	long long admins = -1;
	size_t n = 0;

	u.id = "u-1";
	u.email = "ana@example.org";
	u.name = "Ana";
	u.platform_admin = 1;
	u.created_at = "2026-01-01T00:00:00Z";
	assert_int_equal(s->account->user_put(s, &u, "hash-1"), 0);
	u.id = "u-2";
	assert_int_equal(s->account->user_put(s, &u, "hash-2"), MC_EEXISTS);
	u.email = "bo@example.org";
	u.name = "Bo";
	u.platform_admin = 0;
	assert_int_equal(s->account->user_put(s, &u, "hash-2"), 0);
	assert_int_equal(s->account->member_set(s, "u-2", ORG, 3), 0);
	assert_int_equal(s->account->member_set(s, "u-2", ORG2, 1), 0);
	assert_int_equal(s->account->member_set(s, "u-2", ORG2, 0), 0);

	assert_int_equal(s->account->user_get(s, &got, &hash, "bo@example.org"),
			 0);
	assert_string_equal(got->id, "u-2");
	assert_string_equal(hash, "hash-2");
	assert_int_equal(got->nmemberships, 1);
	assert_string_equal(got->memberships[0].org_id, ORG);
	assert_int_equal(got->memberships[0].roles, 3);
	mc_user_free(got);
	free(hash);
	got = NULL;
	assert_int_equal(s->account->user_get(s, &got, NULL, "none"),
			 MC_ENOTFOUND);
	assert_null(got);
	assert_int_equal(s->account->user_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->email, "ana@example.org");
	mc_user_list_free(list, n);
	assert_int_equal(s->account->user_list(s, &list, &n, ORG), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0]->id, "u-2");
	mc_user_list_free(list, n);
	assert_int_equal(s->account->admin_count(s, &admins), 0);
	assert_int_equal(admins, 1);
	assert_int_equal(s->account->user_update(s, "u-1", "hash-3", 1), 0);
	assert_int_equal(s->account->admin_count(s, &admins), 0);
	assert_int_equal(admins, 0);
	assert_int_equal(s->account->user_update(s, "none", NULL, 1),
			 MC_ENOTFOUND);
	assert_int_equal(s->account->user_set_name(s, "u-1", "Anna"), 0);
	assert_int_equal(s->account->user_set_name(s, "none", "x"),
			 MC_ENOTFOUND);
	assert_int_equal(s->account->user_get(s, &got, &hash, "u-1"), 0);
	assert_string_equal(got->name, "Anna");
	assert_string_equal(hash, "hash-3");
	assert_true(got->disabled);
	mc_user_free(got);
	free(hash);

	r.id = "s-1";
	r.user_id = "u-1";
	r.csrf = "c";
	r.created_at = r.last_seen = "2026-01-01T00:00:00Z";
	r.expires_at = "2026-01-01T12:00:00Z";
	assert_int_equal(s->account->session_put(s, &r), 0);
	r.id = "s-2";
	assert_int_equal(s->account->session_put(s, &r), 0);
	assert_int_equal(
	    s->account->session_touch(s, "s-1", "2026-01-01T01:00:00Z"), 0);
	assert_int_equal(s->account->session_get(s, &row, "s-1"), 0);
	assert_string_equal(row.last_seen, "2026-01-01T01:00:00Z");
	assert_string_equal(row.user_id, "u-1");
	mc__session_row_clear(&row);
	assert_int_equal(s->account->session_get(s, &row, "none"),
			 MC_ENOTFOUND);
	assert_int_equal(s->account->session_delete(s, "s-1", NULL, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(s->account->session_delete(s, NULL, "u-1", &n), 0);
	assert_int_equal(n, 1);

	t.id = "t-1";
	t.user_id = "u-2";
	t.name = "ci";
	t.scopes = 5;
	t.created_at = "2026-01-01T00:00:00Z";
	assert_int_equal(s->account->token_put(s, &t, "h-1"), 0);
	assert_int_equal(s->account->token_find(s, &tok, "h-1"), 0);
	assert_string_equal(tok->id, "t-1");
	assert_int_equal(tok->scopes, 5);
	assert_null(tok->expires_at);
	assert_false(tok->revoked);
	mc_token_info_free(tok);
	assert_int_equal(s->account->token_find(s, &tok, "h-x"), MC_ENOTFOUND);
	assert_int_equal(
	    s->account->token_touch(s, "t-1", "2026-01-02T00:00:00Z"), 0);
	assert_int_equal(
	    s->account->token_revoke(s, "u-2", "t-1", "2026-01-03T00:00:00Z"),
	    0);
	assert_int_equal(
	    s->account->token_revoke(s, "u-2", "t-1", "2026-01-04T00:00:00Z"),
	    MC_ENOTFOUND);
	assert_int_equal(s->account->token_list(s, &toks, &n, "u-2"), 0);
	assert_int_equal(n, 1);
	assert_true(toks[0]->revoked);
	assert_string_equal(toks[0]->last_used_at, "2026-01-02T00:00:00Z");
	mc_token_list_free(toks, n);
}

/* ---- who reviews and who awards ----------------------------------------- */

static void test_recognitions_and_consents(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_recognition r = {0}, *rl = NULL;
	mc_consent *cl = NULL;
	size_t n = 0;

	r.org_id = ORG2;
	r.country = "UA";
	r.kind = MC_RECOGNITION_QA_BODY;
	r.granted_by = "admin";
	r.granted_at = "2026-01-01T00:00:00Z";
	assert_int_equal(s->policy->recognition_put(s, &r), 0);
	assert_int_equal(s->policy->recognition_put(s, &r), MC_EEXISTS);
	r.org_id = ORG;
	r.kind = MC_RECOGNITION_SELF_ACCREDITING;
	assert_int_equal(s->policy->recognition_put(s, &r), 0);
	r.org_id = "nobody";
	assert_int_not_equal(s->policy->recognition_put(s, &r), 0);
	assert_int_equal(s->policy->recognition_list(s, &rl, &n, NULL, "UA"),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(rl[0].kind, MC_RECOGNITION_QA_BODY);
	assert_string_equal(rl[0].org_id, ORG2);
	mc_recognition_list_free(rl, n);
	assert_int_equal(s->policy->recognition_delete(s, ORG2, "UA",
						       MC_RECOGNITION_QA_BODY),
			 0);
	assert_int_equal(s->policy->recognition_delete(s, ORG2, "UA",
						       MC_RECOGNITION_QA_BODY),
			 MC_ENOTFOUND);
	assert_int_equal(s->policy->recognition_list(s, &rl, &n, ORG2, NULL),
			 0);
	assert_int_equal(n, 0);
	mc_recognition_list_free(rl, n);

	assert_int_equal(s->policy->consent_request(s, MC_ID, ORG2, "ana",
						    "2026-01-01T00:00:00Z"),
			 0);
	/* asked again: the first request stays */
	assert_int_equal(s->policy->consent_request(s, MC_ID, ORG2, "bo",
						    "2026-01-02T00:00:00Z"),
			 0);
	assert_int_equal(s->policy->consent_list(s, &cl, &n, ORG2, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cl[0].state, MC_CONSENT_PENDING);
	assert_string_equal(cl[0].requested_by, "ana");
	mc_consent_list_free(cl, n);
	assert_int_equal(s->policy->consent_decide(s, MC_ID, ORG2,
						   MC_CONSENT_ACCEPTED, "boss",
						   "2026-01-03T00:00:00Z"),
			 0);
	assert_int_equal(s->policy->consent_decide(s, MC_ID, ORG,
						   MC_CONSENT_DECLINED, "boss",
						   "2026-01-03T00:00:00Z"),
			 0);
	assert_int_equal(s->policy->consent_list(s, &cl, &n, NULL, MC_ID), 0);
	assert_int_equal(n, 2);
	mc_consent_list_free(cl, n);
	assert_int_equal(s->policy->consent_list(s, &cl, &n, ORG2, MC_ID), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cl[0].state, MC_CONSENT_ACCEPTED);
	assert_string_equal(cl[0].decided_by, "boss");
	assert_string_equal(cl[0].requested_by, "ana");
	mc_consent_list_free(cl, n);
}

/* ---- ESCO --------------------------------------------------------------- */

/* One row per URI and language; a put replaces it; English is read first,
 * with its alternative labels. */
static void test_esco_concepts(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	const char *uri = "http://data.europa.eu/esco/skill/abc";
	mc_esco_concept c = {0}, *got = NULL;

	c.uri = (char *)uri;
	c.concept_type = "KnowledgeSkillCompetence";
	c.skill_type = "skill/competence";
	c.lang = "uk";
	c.label = "зварювання";
	assert_int_equal(s->esco->put(s, &c), 0);
	assert_int_equal(s->esco->get(s, &got, uri), 0);
	assert_string_equal(got->label, "зварювання");
	assert_int_equal(got->alt_labels.count, 0);
	mc_esco_concept_free(got);

	c.lang = "en";
	c.label = "weld";
	assert_int_equal(mc_strlist_add(&c.alt_labels, "welding"), 0);
	assert_int_equal(mc_strlist_add(&c.alt_labels, "arc welding"), 0);
	assert_int_equal(s->esco->put(s, &c), 0);
	c.label = "weld metal";
	c.description = "Join metal parts.";
	assert_int_equal(s->esco->put(s, &c), 0);
	assert_int_equal(s->esco->get(s, &got, uri), 0);
	assert_string_equal(got->lang, "en");
	assert_string_equal(got->label, "weld metal");
	assert_string_equal(got->description, "Join metal parts.");
	assert_null(got->reuse_level);
	assert_int_equal(got->alt_labels.count, 2);
	assert_string_equal(got->alt_labels.items[1], "arc welding");
	mc_esco_concept_free(got);
	mc_strlist_clear(&c.alt_labels);
	got = NULL;
	assert_int_equal(s->esco->get(s, &got, "http://x"), MC_ENOTFOUND);
	assert_null(got);
	assert_int_equal(query(f, "SELECT count(*) FROM esco_concepts"), 2);
}

/* ---- reads for caches, search ------------------------------------------- */

/* The counter of each topic, read from handle `s`. */
static void counters(mc_store *s, uint64_t c[8])
{
	int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(mc_store_changes(s, 1u << i, &c[i]), 0);
}

/* A committed write moves its topic's counter only, seen from another
 * handle too; a rolled-back one moves nothing; several topics sum. */
static void test_changes(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s, *b = open_at(f->location);
	uint64_t before[8], after[8], other[8], all = 0;
	mc_org *a = org_named("org-a");
	int k;

	counters(s, before);
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	counters(s, after);
	counters(b, other);
	for (k = 0; k < 8; k++) {
		if (k == 1)
			assert_true(after[k] > before[k]);
		else
			assert_true(after[k] == before[k]);
		assert_true(other[k] == after[k]);
	}
	/* one transaction writing two topics */
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->audit->add(s, "ana", "x", NULL, NULL, NULL), 0);
	assert_int_equal(s->audit->add(s, "ana", "y", NULL, NULL, NULL), 0);
	assert_int_equal(s->core->meta_set(s, "k", "v"), 0);
	assert_int_equal(s->core->commit(s), 0);
	counters(b, other);
	assert_true(other[6] > after[6]);
	assert_true(other[0] > after[0]);
	assert_true(other[1] == after[1]);

	counters(s, before);
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	assert_int_equal(s->audit->add(s, "ana", "z", NULL, NULL, NULL), 0);
	assert_int_equal(s->core->rollback(s), 0);
	counters(b, after);
	assert_memory_equal(before, after, sizeof(before));

	assert_int_equal(
	    mc_store_changes(s, MC_STORE_CATALOGUE | MC_STORE_AUDIT, &all), 0);
	assert_true(all == after[1] + after[6]);
	assert_int_equal(mc_store_changes(s, 0, &all), MC_EUSAGE);
	mc_org_free(a);
	mc_store_free(b);
}

/* Published MCs per country (partners first) and per country and sector,
 * target group or EQF level; a draft counts nowhere. */
static void test_coverage(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_coverage *cov = NULL;
	mc_microcred *mc = NULL;
	size_t i;

	/* a draft version 3 in another country changes nothing */
	assert_int_equal(s->catalogue->mc_get(s, &mc, MC_ID, 0), 0);
	mc->version = 3;
	mc->status = MC_STATUS_DRAFT;
	mc_strlist_clear(&mc->countries);
	assert_int_equal(mc_strlist_add(&mc->countries, "DE"), 0);
	assert_int_equal(s->catalogue->mc_put(s, mc), 0);
	mc_microcred_free(mc);

	assert_int_equal(s->search->coverage(s, &cov), 0);
	assert_int_equal(cov->target, MC_COVERAGE_TARGET);
	assert_int_equal(cov->country_count, 6);
	assert_string_equal(cov->countries[0].country, "UA");
	assert_int_equal(cov->countries[0].published, 1);
	for (i = 1; i < cov->country_count; i++)
		assert_int_equal(cov->countries[i].published, 0);
	assert_int_equal(cov->sector_count, 1);
	assert_string_equal(cov->sectors[0].country, "UA");
	assert_string_equal(cov->sectors[0].key, "07");
	assert_int_equal(cov->sectors[0].count, 1);
	assert_int_equal(cov->group_count, 3);
	assert_string_equal(cov->groups[0].key, "idps");
	assert_string_equal(cov->groups[1].key, "other:miners");
	assert_int_equal(cov->eqf_count, 1);
	assert_string_equal(cov->eqf[0].key, "3");
	mc_coverage_free(cov);
}

/* Search finds the sample MC by a word of its title on every backend
 * (test_search_backends compares the backends' answers in detail). */
static void test_search_answers_or_refuses(void **state)
{
	struct fixture *f = *state;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;

	o.query = "welding";
	if (mc_catalogue_search(f->s, &r, &o))
		fail_msg("search: %s", mc_store_errmsg(f->s));
	assert_int_equal(r->total, 1);
	assert_string_equal(r->hits[0].id, MC_ID);
	mc_search_result_free(r);
}

/* The number of MC versions "welding" finds with `status` (-1: any) and,
 * when non-zero, `eqf_level` and `sector`; with one hit, its version and
 * status go to *version and *st. */
static size_t welding(struct fixture *f, int status, int eqf_level,
		      const char *sector, unsigned *version, mc_status *st)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t total;

	o.query = "welding";
	o.status = status;
	o.eqf_level = eqf_level;
	o.sector = sector;
	if (mc_catalogue_search(f->s, &r, &o))
		fail_msg("search: %s", mc_store_errmsg(f->s));
	total = r->total;
	assert_int_equal(r->count, total);
	if (total == 1) {
		*version = r->hits[0].version;
		*st = r->hits[0].status;
	}
	mc_search_result_free(r);
	return total;
}

/* What a search filters on follows each change of an MC version: its
 * status (retired, published) and, for a draft replaced in place, its
 * EQF level and sector.  PostgreSQL keeps them beside the search
 * documents since schema version 14, copied by a trigger. */
static void test_search_follows_changes(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_microcred *mc = NULL;
	mc_status st = MC_STATUS_DRAFT;
	unsigned version = 0;

	assert_int_equal(
	    welding(f, MC_STATUS_PUBLISHED, 0, NULL, &version, &st), 1);
	assert_int_equal(version, 2);
	assert_int_equal(
	    s->catalogue->mc_set_status(s, MC_ID, 2, MC_STATUS_RETIRED), 0);
	assert_int_equal(
	    welding(f, MC_STATUS_PUBLISHED, 0, NULL, &version, &st), 0);
	assert_int_equal(welding(f, MC_STATUS_RETIRED, 0, NULL, &version, &st),
			 1);
	assert_int_equal(version, 2);
	assert_int_equal(st, MC_STATUS_RETIRED);

	/* a draft version 3 at EQF level 5 in sector 0715, then replaced at
	 * level 4 in sector 0732 */
	assert_int_equal(s->catalogue->mc_get(s, &mc, MC_ID, 2), 0);
	mc->version = 3;
	mc->status = MC_STATUS_DRAFT;
	mc->eqf_level = 5;
	assert_int_equal(s->catalogue->mc_put(s, mc), 0);
	assert_int_equal(welding(f, MC_STATUS_DRAFT, 5, "0715", &version, &st),
			 1);
	assert_int_equal(version, 3);
	mc->eqf_level = 4;
	free(mc->sector);
	assert_non_null(mc->sector = strdup("0732"));
	assert_int_equal(s->catalogue->mc_put(s, mc), 0);
	mc_microcred_free(mc);
	assert_int_equal(welding(f, MC_STATUS_DRAFT, 5, NULL, &version, &st),
			 0);
	assert_int_equal(welding(f, MC_STATUS_DRAFT, 0, "0715", &version, &st),
			 0);
	assert_int_equal(welding(f, MC_STATUS_DRAFT, 4, "07", &version, &st),
			 1);

	assert_int_equal(
	    s->catalogue->mc_set_status(s, MC_ID, 3, MC_STATUS_PUBLISHED), 0);
	assert_int_equal(welding(f, MC_STATUS_DRAFT, 0, NULL, &version, &st),
			 0);
	assert_int_equal(
	    welding(f, MC_STATUS_PUBLISHED, 4, "0732", &version, &st), 1);
	assert_int_equal(version, 3);
	assert_int_equal(st, MC_STATUS_PUBLISHED);
	assert_int_equal(welding(f, -1, 0, NULL, &version, &st), 2);
}

#define STORE_CASE(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

/* Run every case on `backend`; cmocka's exit status. */
static int store_cases_run(const struct store_backend *backend,
			   const char *group)
{
	const struct CMUnitTest tests[] = {
	    STORE_CASE(test_open_and_reopen),
	    STORE_CASE(test_meta),
	    STORE_CASE(test_organisations),
	    STORE_CASE(test_clusters),
	    STORE_CASE(test_mc_versions),
	    STORE_CASE(test_history_append_only),
	    STORE_CASE(test_rollback_leaves_nothing),
	    STORE_CASE(test_refusal_keeps_transaction),
	    STORE_CASE(test_keys),
	    STORE_CASE(test_seals),
	    STORE_CASE(test_credential_exact_bytes),
	    STORE_CASE(test_credential_idempotency),
	    STORE_CASE(test_status_alloc_distinct),
	    STORE_CASE(test_status_rollover),
	    STORE_CASE(test_rollback_frees_index),
	    STORE_CASE(test_two_handles_exactly_once),
	    STORE_CASE(test_status_alloc_alongside),
	    STORE_CASE(test_status_bits),
	    STORE_CASE(test_status_set_many),
	    STORE_CASE(test_signed_cache),
	    STORE_CASE(test_audit),
	    STORE_CASE(test_accounts),
	    STORE_CASE(test_recognitions_and_consents),
	    STORE_CASE(test_esco_concepts),
	    STORE_CASE(test_coverage),
	    STORE_CASE(test_changes),
	    STORE_CASE(test_search_answers_or_refuses),
	    STORE_CASE(test_search_follows_changes),
	};

	backend_ = backend;
	return _cmocka_run_group_tests(
	    group, tests, sizeof(tests) / sizeof(tests[0]), NULL, NULL);
}

#endif
