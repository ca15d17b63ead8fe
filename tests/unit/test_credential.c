/*
 * Unit tests for awarded credentials (issue.c, ob3.c, proof_di.c,
 * proof_jwt.c, status.c, verify.c, roster.c, keys.c) through the public
 * API: the issue and verify round trip in both formats, the Open Badges
 * document itself, idempotency, refusals, tampering, validity periods,
 * revocation and suspension with the signed status list, key rotation,
 * trusted issuers, bulk issuing from a roster, and the W3C eddsa-jcs-2022
 * test vector.  Each test runs on a fresh SQLite file holding the demo
 * catalogue, with a master key in the environment and an Ed25519 key for
 * the awarding body of MC_ID.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <zlib.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/keys.h"
#include "microcred/roster.h"

#define MC_ID	 "ua-mag-welding-steel-structures"
#define MC_ID2	 "ua-brick-block-wall-repair" /* same awarding body */
#define MC_OTHER "ua-metal-roofing-repair"    /* ua-rokytne-lyceum */
#define ORG	 "ua-dniprorudne-lyceum"
#define MASTER                                                                 \
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define VC2_CONTEXT "https://www.w3.org/ns/credentials/v2"
#define OB3_CONTEXT "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

struct fixture {
	char path[64];
	mc_store *s;
};

/* ---- fixture ------------------------------------------------------------ */

static void remove_db(const char *path)
{
	char side[80];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
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

static void gen_key(mc_store *s, const char *org, mc_key_type type)
{
	mc_key_info *k = NULL;

	if (mc_key_generate(s, &k, org, type) != 0)
		fail_msg("key generate %s: %s", org, mc_store_errmsg(s));
	mc_key_info_free(k);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_problems p = MC_PROBLEMS_INIT;
	int fd;

	assert_non_null(f);
	assert_int_equal(setenv("MICROCRED_MASTER_KEY", MASTER, 1), 0);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-credential-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	f->s = open_path(f->path);
	if (mc_catalogue_load_demo(f->s, NULL, &p) != 0)
		fail_msg("demo: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	gen_key(f->s, ORG, MC_KEY_ED25519);
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

/* ---- helpers ------------------------------------------------------------ */

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

static long long cred_count(const struct fixture *f)
{
	return query(f->path, "SELECT count(*) FROM credentials");
}

static void dump(const mc_problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		char *s = mc_problem_format(&p->items[i]);

		print_message("  %s\n", s ? s : "?");
		free(s);
	}
}

/* Issue `mc_id` to `l` with `o` (NULL: defaults); fail the test unless it
 * is issued. */
static mc_credential *issue_mc(mc_store *s, const char *mc_id,
			       const mc_learner *l, const mc_issue_options *o)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_credential *c = NULL;

	if (mc_credential_issue(s, &c, mc_id, 0, l, o, &p) != 0) {
		dump(&p);
		fail_msg("issue: %s", mc_store_errmsg(s));
	}
	assert_non_null(c);
	assert_non_null(c->data);
	assert_int_equal(strlen(c->data), c->len);
	mc_problems_clear(&p);
	return c;
}

static mc_credential *issue(mc_store *s, const char *name, const char *email)
{
	mc_learner l = {name, email, NULL, NULL, NULL};

	return issue_mc(s, MC_ID, &l, NULL);
}

static mc_verify_report *verify_opts(mc_store *s, const char *data, size_t len,
				     const mc_verify_options *o)
{
	mc_verify_report *r = NULL;

	assert_int_equal(mc_credential_verify(s, &r, data, len, o), 0);
	assert_non_null(r);
	assert_int_equal(r->count, 8);
	return r;
}

static mc_verify_report *verify(mc_store *s, const char *data)
{
	return verify_opts(s, data, strlen(data), NULL);
}

static const mc_check *check(const mc_verify_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (strcmp(r->checks[i].name, name) == 0)
			return &r->checks[i];
	fail_msg("no check '%s' in the report", name);
	return NULL;
}

/* Assert that check `name` has `result` and, when `reason` is not NULL,
 * that its reason contains it. */
static void want_check(const mc_verify_report *r, const char *name,
		       mc_check_result result, const char *reason)
{
	const mc_check *c = check(r, name);

	if (c->result != result)
		fail_msg("check %s: %s (%s), expected %s", name,
			 mc_check_result_name(c->result), c->reason,
			 mc_check_result_name(result));
	assert_non_null(c->reason);
	if (reason && !strstr(c->reason, reason))
		fail_msg("check %s: reason '%s' lacks '%s'", name, c->reason,
			 reason);
}

static int has_problem(const mc_problems *p, const char *field)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (p->items[i].field && strcmp(p->items[i].field, field) == 0)
			return 1;
	return 0;
}

static json_t *parse(const char *data)
{
	json_error_t e;
	json_t *j = json_loads(data, 0, &e);

	if (!j)
		fail_msg("not JSON: %s", e.text);
	return j;
}

static const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The document re-serialised after a change (Data Integrity hashes the
 * JCS form, so the layout does not matter). */
static char *dump_json(const json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	assert_non_null(s);
	return s;
}

/* `data` with the first `from` replaced by `to` (same length or not). */
static char *replace(const char *data, const char *from, const char *to)
{
	const char *at = strstr(data, from);
	size_t pre, n;
	char *out;

	if (!at)
		fail_msg("'%s' not in the credential", from);
	pre = (size_t)(at - data);
	n = strlen(data) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, data, pre);
	memcpy(out + pre, to, strlen(to));
	strcpy(out + pre + strlen(to), at + strlen(from));
	return out;
}

/* Base64url without padding to bytes (NUL-terminated); caller frees. */
static unsigned char *b64url(const char *s, size_t len, size_t *out_len)
{
	unsigned char *bin = malloc(len + 1);

	assert_non_null(bin);
	if (sodium_base642bin(bin, len + 1, s, len, NULL, out_len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		fail_msg("not base64url: %.40s", s);
	bin[*out_len] = '\0';
	return bin;
}

/* Part `i` (0: header, 1: payload) of a compact JWS, as JSON. */
static json_t *jws_part(const char *jws, int i)
{
	const char *start = jws, *end;
	unsigned char *bin;
	size_t n;
	json_t *j;

	while (i-- > 0)
		start = strchr(start, '.') + 1;
	end = strchr(start, '.');
	assert_non_null(end);
	bin = b64url(start, (size_t)(end - start), &n);
	j = parse((const char *)bin);
	free(bin);
	return j;
}

static char *org_did(mc_store *s, const char *org)
{
	char *did = NULL;

	if (mc_org_did(s, &did, org) != 0)
		fail_msg("org did: %s", mc_store_errmsg(s));
	return did;
}

/* ---- round trip --------------------------------------------------------- */

/* A fresh credential, verified against the issuing store: every check
 * passes but trust (no list configured). */
static void test_issue_verify_ob3(void **state)
{
	struct fixture *f = *state;
	mc_credential *c = issue(f->s, "Olena Koval", "olena@example.org");
	mc_verify_report *r = verify(f->s, c->data);
	char *json = NULL, *did = org_did(f->s, ORG);
	json_t *j, *checks, *v;
	size_t i;

	assert_int_equal(c->created, 1);
	assert_int_equal(c->format, MC_FORMAT_OB3);
	assert_string_equal(c->mc_id, MC_ID);
	assert_int_equal(c->mc_version, 1);
	assert_string_equal(c->org_id, ORG);
	assert_true(strncmp(c->id, MC_DEFAULT_BASE_URL "/credentials/",
			    strlen(MC_DEFAULT_BASE_URL "/credentials/")) == 0);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	assert_string_equal(r->format, "ob3+di");
	assert_string_equal(r->id, c->id);
	assert_string_equal(r->issuer, did);
	want_check(r, "format", MC_CHECK_PASSED, NULL);
	want_check(r, "proof", MC_CHECK_PASSED, "did:key:z6Mk");
	want_check(r, "issuer", MC_CHECK_PASSED, ORG);
	assert_string_equal(check(r, "issuer")->code, "issuer.catalogue");
	assert_int_equal(r->about.binding, MC_BINDING_CATALOGUE);
	assert_string_equal(r->about.page, c->id);
	assert_string_equal(r->about.learner, "Olena Koval");
	assert_string_equal(r->about.level, "EQF 4");
	want_check(r, "validity", MC_CHECK_PASSED, c->issued_at);
	want_check(r, "status", MC_CHECK_PASSED, NULL);
	want_check(r, "schema", MC_CHECK_PASSED, NULL);
	want_check(r, "trust", MC_CHECK_SKIPPED, NULL);

	assert_int_equal(mc_verify_report_to_json(&json, r), 0);
	j = parse(json);
	assert_true(json_is_true(json_object_get(j, "verified")));
	assert_string_equal(jstr(j, "verdict"), "valid");
	assert_string_equal(jstr(j, "format"), "ob3+di");
	assert_string_equal(jstr(j, "id"), c->id);
	assert_string_equal(jstr(j, "issuer"), did);
	assert_string_equal(jstr(j, "verdictName"), "valid");
	assert_string_equal(jstr(json_object_get(j, "about"), "binding"),
			    "catalogue");
	checks = json_object_get(j, "checks");
	assert_int_equal(json_array_size(checks), 8);
	json_array_foreach(checks, i, v)
	{
		assert_string_equal(jstr(v, "check"), r->checks[i].name);
		assert_string_equal(jstr(v, "result"),
				    mc_check_result_name(r->checks[i].result));
		assert_non_null(jstr(v, "reason"));
		assert_string_equal(jstr(v, "code"), r->checks[i].code);
	}
	json_decref(j);
	free(json);
	mc_verify_report_free(r);

	/* Without the store: the proof still verifies (did:key), but nothing
	 * here ties that key to the issuer's name, and the status cannot be
	 * known, so the verdict is "cannot tell". */
	r = verify(NULL, c->data);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	want_check(r, "issuer", MC_CHECK_SKIPPED, "nothing ties this key");
	assert_string_equal(check(r, "issuer")->code, "issuer.unbound");
	want_check(r, "status", MC_CHECK_SKIPPED, NULL);
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	mc_verify_report_free(r);
	free(did);
	mc_credential_free(c);
}

/* VC-JWT with each algorithm: the header names it, the registered claims
 * say what the credential says, and it verifies. */
static void test_issue_verify_jwt(void **state)
{
	static const struct {
		const char *alg;
		mc_key_type type;
	} algs[] = {{"RS256", MC_KEY_RSA2048},
		    {"ES256", MC_KEY_P256},
		    {"EdDSA", MC_KEY_ED25519}};
	struct fixture *f = *state;
	char *did = org_did(f->s, ORG);
	size_t i;

	gen_key(f->s, ORG, MC_KEY_RSA2048);
	gen_key(f->s, ORG, MC_KEY_P256);
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
		mc_learner l = {"Taras Test", NULL, NULL, NULL, NULL};
		mc_credential *c;
		mc_verify_report *r;
		json_t *h, *p, *vc;
		char id[32], *json = NULL;
		const char *s;
		int dots = 0;

		snprintf(id, sizeof(id), "UA-%s", algs[i].alg);
		l.identifier = id;
		o.format = MC_FORMAT_VC_JWT;
		o.jwt_alg = algs[i].alg;
		c = issue_mc(f->s, MC_ID, &l, &o);
		assert_int_equal(c->format, MC_FORMAT_VC_JWT);
		for (s = c->data; *s; s++)
			dots += *s == '.';
		assert_int_equal(dots, 2);
		h = jws_part(c->data, 0);
		assert_string_equal(jstr(h, "alg"), algs[i].alg);
		assert_string_equal(jstr(h, "typ"), "vc+jwt");
		assert_non_null(jstr(h, "kid"));
		p = jws_part(c->data, 1);
		assert_string_equal(jstr(p, "iss"), did);
		assert_string_equal(jstr(p, "jti"), c->id);
		assert_string_equal(jstr(p, "id"), c->id);
		assert_true(json_is_integer(json_object_get(p, "nbf")));
		vc = json_object_get(p, "credentialSubject");
		assert_true(json_is_object(vc));

		r = verify(f->s, c->data);
		assert_string_equal(r->format, "vc-jwt");
		if (r->verdict != MC_VERDICT_VALID)
			fail_msg("%s: verdict %d, proof: %s", algs[i].alg,
				 r->verdict, check(r, "proof")->reason);
		want_check(r, "format", MC_CHECK_PASSED, "VC-JWT");
		want_check(r, "proof", MC_CHECK_PASSED, jstr(h, "kid"));
		want_check(r, "issuer", MC_CHECK_PASSED, ORG);
		want_check(r, "validity", MC_CHECK_PASSED, NULL);
		want_check(r, "status", MC_CHECK_PASSED, NULL);
		want_check(r, "schema", MC_CHECK_PASSED, NULL);
		want_check(r, "trust", MC_CHECK_SKIPPED, NULL);
		assert_string_equal(r->id, c->id);
		assert_int_equal(mc_verify_report_to_json(&json, r), 0);
		json_decref(parse(json));
		free(json);
		mc_verify_report_free(r);
		json_decref(h);
		json_decref(p);
		mc_credential_free(c);
	}
	free(did);
}

/* ---- the document ------------------------------------------------------- */

/* Lower-case copy of an ASCII string. */
static char *lower(const char *s)
{
	char *l = strdup(s), *p;

	assert_non_null(l);
	for (p = l; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return l;
}

/* The IdentityObject of `type` among the subject's identifiers. */
static const json_t *identity(const json_t *subject, const char *type)
{
	const json_t *ids = json_object_get(subject, "identifier"), *v;
	size_t i;

	json_array_foreach(
	    ids, i, v) if (strcmp(jstr(v, "identityType"), type) == 0) return v;
	return NULL;
}

static void test_document(void **state)
{
	static const char email[] = "Olena.Koval@Example.ORG";
	struct fixture *f = *state;
	mc_learner l = {"Олена Коваль", email, NULL, "2001-04-05", "uk"};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_credential *c;
	mc_microcred *mc = NULL;
	json_t *vc, *ctx, *type, *subject, *ach, *al, *st, *v;
	const json_t *e;
	char *did = org_did(f->s, ORG), *uri = NULL, *low, *data_low;
	char want[8 + 64], hex[65], *end;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	const char *salt, *idx, *s;
	unsigned long n;
	size_t i;
	int eqf = 0;

	o.grade = "excellent";
	o.assessed_on = "2026-06-30";
	c = issue_mc(f->s, MC_ID, &l, &o);
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 1), 0);
	assert_int_equal(mc_catalogue_uri(f->s, &uri, MC_ID, 1), 0);
	vc = parse(c->data);

	ctx = json_object_get(vc, "@context");
	assert_int_equal(json_array_size(ctx), 2);
	assert_string_equal(json_string_value(json_array_get(ctx, 0)),
			    VC2_CONTEXT);
	assert_string_equal(json_string_value(json_array_get(ctx, 1)),
			    OB3_CONTEXT);
	type = json_object_get(vc, "type");
	assert_int_equal(json_array_size(type), 2);
	assert_string_equal(json_string_value(json_array_get(type, 0)),
			    "VerifiableCredential");
	assert_string_equal(json_string_value(json_array_get(type, 1)),
			    "OpenBadgeCredential");
	assert_string_equal(jstr(vc, "id"), c->id);
	assert_string_equal(jstr(json_object_get(vc, "issuer"), "id"), did);
	assert_string_equal(jstr(vc, "validFrom"), c->issued_at);
	assert_null(json_object_get(vc, "validUntil"));

	/* The subject: the name in clear, the email and the date of birth
	 * hashed with a salt. */
	subject = json_object_get(vc, "credentialSubject");
	e = identity(subject, "name");
	assert_non_null(e);
	assert_true(json_is_false(json_object_get(e, "hashed")));
	assert_string_equal(jstr(e, "identityHash"), "Олена Коваль");
	e = identity(subject, "emailAddress");
	assert_non_null(e);
	assert_string_equal(jstr(e, "type"), "IdentityObject");
	assert_true(json_is_true(json_object_get(e, "hashed")));
	salt = jstr(e, "salt");
	assert_non_null(salt);
	assert_true(strlen(salt) >= 16);
	low = lower(email);
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)low, strlen(low));
	crypto_hash_sha256_update(&h, (const unsigned char *)salt,
				  strlen(salt));
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	snprintf(want, sizeof(want), "sha256$%s", hex);
	assert_string_equal(jstr(e, "identityHash"), want);
	e = identity(subject, "ext:dateOfBirth");
	assert_non_null(e);
	assert_true(json_is_true(json_object_get(e, "hashed")));
	assert_null(strstr(c->data, "2001-04-05"));
	/* The address never appears, in any case. */
	data_low = lower(c->data);
	assert_null(strstr(data_low, low));
	assert_null(strstr(data_low, "olena.koval"));
	assert_null(strstr(data_low, "example.org"));
	free(data_low);
	free(low);
	assert_non_null(json_object_get(subject, "result"));
	assert_string_equal(jstr(subject, "activityEndDate"),
			    "2026-06-30T00:00:00Z");

	/* The achievement: the MC version, its credits and its EQF level. */
	ach = json_object_get(subject, "achievement");
	assert_string_equal(jstr(ach, "id"), uri);
	assert_string_equal(jstr(ach, "achievementType"), "MicroCredential");
	assert_string_equal(jstr(ach, "humanCode"), MC_ID);
	assert_true(mc->ects > 0);
	assert_true(json_is_number(json_object_get(ach, "creditsAvailable")));
	assert_true(json_number_value(
			json_object_get(ach, "creditsAvailable")) == mc->ects);
	al = json_object_get(ach, "alignment");
	assert_true(json_is_array(al));
	json_array_foreach(al, i, v)
	{
		char url[64];

		if (!jstr(v, "targetType") ||
		    strcmp(jstr(v, "targetType"), "ext:EQF") != 0)
			continue;
		snprintf(url, sizeof(url), "http://data.europa.eu/snb/eqf/%d",
			 mc->eqf_level);
		assert_string_equal(jstr(v, "targetUrl"), url);
		eqf++;
	}
	assert_int_equal(eqf, 1);
	assert_string_equal(jstr(json_object_get(ach, "creator"), "id"), did);

	/* Arrays where Open Badges 3.0 wants arrays. */
	assert_true(json_is_array(json_object_get(vc, "credentialSchema")));
	assert_int_equal(json_array_size(json_object_get(vc, "proof")), 1);
	v = json_array_get(json_object_get(vc, "proof"), 0);
	assert_string_equal(jstr(v, "type"), "DataIntegrityProof");
	assert_string_equal(jstr(v, "cryptosuite"), "eddsa-rdfc-2022");
	assert_string_equal(jstr(v, "proofPurpose"), "assertionMethod");
	assert_string_equal(jstr(v, "created"), c->issued_at);
	assert_true(jstr(v, "proofValue")[0] == 'z');

	/* One revocation entry, its index a decimal string in range. */
	st = json_object_get(vc, "credentialStatus");
	assert_true(json_is_object(st));
	assert_string_equal(jstr(st, "type"), "BitstringStatusListEntry");
	assert_string_equal(jstr(st, "statusPurpose"), "revocation");
	idx = jstr(st, "statusListIndex");
	assert_non_null(idx);
	for (s = idx; *s; s++)
		assert_true(*s >= '0' && *s <= '9');
	assert_true(idx[0] != '0' || idx[1] == '\0');
	n = strtoul(idx, &end, 10);
	assert_true(*idx && !*end && n < MC_STATUS_LIST_SIZE);
	s = jstr(st, "statusListCredential");
	assert_non_null(s);
	assert_true(strncmp(s, MC_DEFAULT_BASE_URL "/status/",
			    strlen(MC_DEFAULT_BASE_URL "/status/")) == 0);
	assert_true(strncmp(jstr(st, "id"), s, strlen(s)) == 0);
	assert_true(jstr(st, "id")[strlen(s)] == '#');
	assert_string_equal(jstr(st, "id") + strlen(s) + 1, idx);

	json_decref(vc);
	mc_microcred_free(mc);
	free(uri);
	free(did);
	mc_credential_free(c);
}

/* An empty email, identifier or date of birth is absent, not a hash of
 * the empty string. */
static void test_document_empty_fields(void **state)
{
	struct fixture *f = *state;
	mc_learner l1 = {"Ivan", "", "UA-77", "", NULL};
	mc_learner l2 = {"Petro", "petro@example.org", "", NULL, ""};
	mc_credential *c1 = issue_mc(f->s, MC_ID, &l1, NULL);
	mc_credential *c2 = issue_mc(f->s, MC_ID, &l2, NULL);
	json_t *v1 = parse(c1->data), *v2 = parse(c2->data);
	json_t *s1 = json_object_get(v1, "credentialSubject");
	json_t *s2 = json_object_get(v2, "credentialSubject");
	int id1 = identity(s1, "identifier") != NULL;
	int email1 = identity(s1, "emailAddress") != NULL;
	int dob1 = identity(s1, "ext:dateOfBirth") != NULL;
	int email2 = identity(s2, "emailAddress") != NULL;
	int id2 = identity(s2, "identifier") != NULL;

	/* Everything freed first, so a failure leaks nothing. */
	json_decref(v1);
	json_decref(v2);
	mc_credential_free(c1);
	mc_credential_free(c2);
	assert_true(id1);
	assert_true(email2);
	if (email1 || dob1 || id2)
		fail_msg("hashes of empty strings in the subject:%s%s%s",
			 email1 ? " emailAddress" : "",
			 dob1 ? " ext:dateOfBirth" : "",
			 id2 ? " identifier" : "");
}

/* A call that succeeds leaves no error message on the handle (the ESCO
 * skills the document looks up need not be imported). */
static void test_errmsg_after_success(void **state)
{
	struct fixture *f = *state;
	mc_credential *c = issue(f->s, "Olena", "olena@example.org");
	char *msg = strdup(mc_store_errmsg(f->s));

	mc_credential_free(c);
	assert_non_null(msg);
	if (*msg) {
		print_message("errmsg after a successful issue: %s\n", msg);
		free(msg);
		fail();
	}
	free(msg);
}

/* ---- idempotency -------------------------------------------------------- */

static void test_idempotent(void **state)
{
	struct fixture *f = *state;
	mc_credential *a = issue(f->s, "Petro", "Petro.Ivanenko@Example.org");
	mc_credential *b = issue(f->s, "Petro", "petro.ivanenko@EXAMPLE.ORG");
	mc_credential *got = NULL, *j;
	mc_learner l = {"Petro", "petro.ivanenko@example.org", NULL, NULL,
			NULL};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;

	assert_int_equal(a->created, 1);
	assert_int_equal(b->created, 0);
	assert_string_equal(a->id, b->id);
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->data, b->data, a->len);
	assert_int_equal(cred_count(f), 1);

	/* By URL and by UUID, the same bytes. */
	assert_int_equal(mc_credential_get(f->s, &got, a->id), 0);
	assert_memory_equal(got->data, a->data, a->len);
	mc_credential_free(got);
	assert_int_equal(mc_credential_get(f->s, &got, strrchr(a->id, '/') + 1),
			 0);
	assert_string_equal(got->id, a->id);
	mc_credential_free(got);
	assert_int_equal(mc_credential_get(f->s, &got, "no-such-uuid"),
			 MC_ENOTFOUND);
	assert_null(got);

	/* Another format is another credential, itself idempotent. */
	gen_key(f->s, ORG, MC_KEY_RSA2048);
	o.format = MC_FORMAT_VC_JWT;
	j = issue_mc(f->s, MC_ID, &l, &o);
	assert_int_equal(j->created, 1);
	assert_string_not_equal(j->id, a->id);
	assert_int_equal(j->format, MC_FORMAT_VC_JWT);
	assert_int_equal(cred_count(f), 2);
	mc_credential_free(j);
	j = issue_mc(f->s, MC_ID, &l, &o);
	assert_int_equal(j->created, 0);
	assert_int_equal(cred_count(f), 2);
	mc_credential_free(j);

	/* Another MC is another credential. */
	j = issue_mc(f->s, MC_ID2, &l, NULL);
	assert_int_equal(j->created, 1);
	assert_string_equal(j->mc_id, MC_ID2);
	assert_int_equal(cred_count(f), 3);
	mc_credential_free(j);
	mc_credential_free(a);
	mc_credential_free(b);
}

/* ---- refusals ----------------------------------------------------------- */

static void expect_invalid(struct fixture *f, const mc_learner *l,
			   const mc_issue_options *o, const char *field)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_credential *c = (mc_credential *)1;
	int rc = mc_credential_issue(f->s, &c, MC_ID, 0, l, o, &p);

	if (rc != MC_EINVALID || !has_problem(&p, field)) {
		dump(&p);
		mc_problems_clear(&p);
		if (rc == 0)
			mc_credential_free(c);
		fail_msg("expected MC_EINVALID naming %s, got %d (%s)", field,
			 rc, mc_store_errmsg(f->s));
	}
	assert_null(c);
	assert_non_null(strstr(mc_store_errmsg(f->s), field));
	mc_problems_clear(&p);
}

static void test_learner_validation(void **state)
{
	static char long_name[202];
	static const struct {
		mc_learner l;
		const char *grade, *assessed_on, *valid_until, *field;
	} cases[] = {
	    {{NULL, "a@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.name"},
	    {{"", "a@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.name"},
	    {{long_name, "a@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.name"},
	    {{"A", "not-an-email", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.email"},
	    {{"A", "a@localhost", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.email"},
	    {{"A", "a b@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.email"},
	    {{"A", "a@b@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.email"},
	    {{"A", "@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.email"},
	    {{"A", NULL, NULL, NULL, NULL}, NULL, NULL, NULL, "learner.email"},
	    {{"A", "", "", NULL, NULL}, NULL, NULL, NULL, "learner.email"},
	    {{"A", "a@example.org", NULL, "2001-02-30", NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.date_of_birth"},
	    {{"A", "a@example.org", NULL, "05/04/2001", NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.date_of_birth"},
	    {{"A", "a@example.org", NULL, NULL, NULL},
	     NULL,
	     "2026-13-01",
	     NULL,
	     "assessed_on"},
	    {{"A", "a@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     "2030-01-01",
	     "valid_until"},
	    {{"A", "a@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     "2030-01-01T00:00:00+02:00",
	     "valid_until"},
	    {{"A", "a@example.org", NULL, NULL, "english!"},
	     NULL,
	     NULL,
	     NULL,
	     "learner.lang"},
	    {{"A", "a@example.org", NULL, NULL, "x"},
	     NULL,
	     NULL,
	     NULL,
	     "learner.lang"},
	    {{"Ol\xffna", "a@example.org", NULL, NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.name"},
	    {{"A", NULL, "UA-\xc3", NULL, NULL},
	     NULL,
	     NULL,
	     NULL,
	     "learner.identifier"},
	    {{"A", "a@example.org", NULL, NULL, NULL},
	     "\xed\xa0\x80",
	     NULL,
	     NULL,
	     "grade"},
	};
	struct fixture *f = *state;
	size_t i;

	memset(long_name, 'x', sizeof(long_name) - 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mc_issue_options o = MC_ISSUE_OPTIONS_INIT;

		o.grade = cases[i].grade;
		o.assessed_on = cases[i].assessed_on;
		o.valid_until = cases[i].valid_until;
		expect_invalid(f, &cases[i].l, &o, cases[i].field);
	}
	assert_int_equal(cred_count(f), 0);
}

/* The email is checked to be text like every other field. */
static void test_learner_email_utf8(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"Olena", "ol\xffna@example.org", NULL, NULL, NULL};

	expect_invalid(f, &l, NULL, "learner.email");
	assert_int_equal(cred_count(f), 0);
}

static void test_bad_alg(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"A", "a@example.org", NULL, NULL, NULL};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_credential *c = NULL;

	o.format = MC_FORMAT_VC_JWT;
	o.jwt_alg = "HS256";
	assert_int_equal(mc_credential_issue(f->s, &c, MC_ID, 0, &l, &o, NULL),
			 MC_EINVALID);
	assert_null(c);
	assert_non_null(strstr(mc_store_errmsg(f->s), "HS256"));
	o.jwt_alg = "none";
	assert_int_equal(mc_credential_issue(f->s, &c, MC_ID, 0, &l, &o, NULL),
			 MC_EINVALID);
	assert_int_equal(cred_count(f), 0);
}

/* Only published versions are awarded. */
static void test_unpublished(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"A", "a@example.org", NULL, NULL, NULL};
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	mc_credential *c = NULL;

	/* A new draft version 2 beside the published version 1. */
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 1), 0);
	if (mc_catalogue_save(f->s, mc, &p) != 0) {
		dump(&p);
		fail_msg("save: %s", mc_store_errmsg(f->s));
	}
	assert_int_equal(mc->version, 2);
	assert_int_equal(mc_credential_issue(f->s, &c, MC_ID, 2, &l, NULL, &p),
			 MC_ESTATE);
	assert_null(c);
	assert_non_null(strstr(mc_store_errmsg(f->s), "draft"));
	assert_int_equal(cred_count(f), 0);
	/* Version 0 still means the published one. */
	c = issue_mc(f->s, MC_ID, &l, NULL);
	assert_int_equal(c->mc_version, 1);
	mc_credential_free(c);
	c = NULL;

	/* A retired MC: no published version, and v1 cannot be awarded. */
	assert_int_equal(mc_catalogue_transition(f->s, MC_ID2,
						 MC_STATUS_RETIRED, NULL, NULL),
			 0);
	assert_int_equal(mc_credential_issue(f->s, &c, MC_ID2, 0, &l, NULL, &p),
			 MC_ENOTFOUND);
	assert_int_equal(mc_credential_issue(f->s, &c, MC_ID2, 1, &l, NULL, &p),
			 MC_ESTATE);
	assert_int_equal(
	    mc_credential_issue(f->s, &c, "no-such-mc", 0, &l, NULL, &p),
	    MC_ENOTFOUND);
	assert_null(c);
	assert_int_equal(cred_count(f), 1);
	mc_microcred_free(mc);
	mc_problems_clear(&p);
}

static void test_no_key(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"A", "a@example.org", NULL, NULL, NULL};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_credential *c = NULL;

	/* An awarding body without any key. */
	assert_int_equal(
	    mc_credential_issue(f->s, &c, MC_OTHER, 0, &l, NULL, NULL),
	    MC_ENOTFOUND);
	assert_null(c);
	assert_non_null(strstr(mc_store_errmsg(f->s), "key generate"));
	assert_non_null(strstr(mc_store_errmsg(f->s), "ua-rokytne-lyceum"));
	/* A key of the wrong type for VC-JWT RS256. */
	o.format = MC_FORMAT_VC_JWT;
	assert_int_equal(mc_credential_issue(f->s, &c, MC_ID, 0, &l, &o, NULL),
			 MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(f->s), "key generate"));
	assert_non_null(strstr(mc_store_errmsg(f->s), "rsa2048"));
	assert_int_equal(cred_count(f), 0);
}

/* The master key: absent, or not the one the keys were sealed with. */
static void test_master_key(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"A", "a@example.org", NULL, NULL, NULL};
	mc_credential *c = NULL;

	unsetenv("MICROCRED_MASTER_KEY");
	assert_int_equal(
	    mc_credential_issue(f->s, &c, MC_ID, 0, &l, NULL, NULL), MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(f->s), "MICROCRED_MASTER_KEY"));
	setenv(
	    "MICROCRED_MASTER_KEY",
	    "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	    1);
	assert_int_equal(
	    mc_credential_issue(f->s, &c, MC_ID, 0, &l, NULL, NULL), MC_EIO);
	assert_null(c);
	setenv("MICROCRED_MASTER_KEY", MASTER, 1);
	assert_int_equal(cred_count(f), 0);
	c = issue_mc(f->s, MC_ID, &l, NULL);
	mc_credential_free(c);
}

/* ---- tampering ---------------------------------------------------------- */

static void expect_broken(mc_store *s, const char *data, const char *what)
{
	mc_verify_report *r = verify(s, data);
	const mc_check *p = check(r, "proof");

	if (p->result != MC_CHECK_FAILED || r->verdict != MC_VERDICT_FORGED)
		fail_msg("%s: proof %s (%s), verdict %d", what,
			 mc_check_result_name(p->result), p->reason,
			 r->verdict);
	mc_verify_report_free(r);
}

static void test_tampering(void **state)
{
	struct fixture *f = *state;
	mc_credential *c = issue(f->s, "Taras Shevchenko", "taras@example.org");
	mc_credential *c2 = issue(f->s, "Lesia Ukrainka", "lesia@example.org");
	json_t *vc, *proof;
	char *t;

	/* One byte of the learner's name. */
	t = replace(c->data, "Taras Shevchenko", "Taras Shevchenkp");
	expect_broken(f->s, t, "name");
	free(t);

	/* The issuer: its name, then its id. */
	vc = parse(c->data);
	json_object_set_new(json_object_get(vc, "issuer"), "name",
			    json_string("Another Lyceum"));
	t = dump_json(vc);
	expect_broken(f->s, t, "issuer.name");
	free(t);
	json_decref(vc);
	vc = parse(c->data);
	json_object_set_new(
	    json_object_get(vc, "issuer"), "id",
	    json_string("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2"
			"QtKLGpbnnEGta2doK"));
	t = dump_json(vc);
	expect_broken(f->s, t, "issuer.id");
	free(t);
	json_decref(vc);

	/* validFrom, one second earlier. */
	vc = parse(c->data);
	t = replace(c->data, jstr(vc, "validFrom"), "2020-01-01T00:00:00Z");
	expect_broken(f->s, t, "validFrom");
	free(t);

	/* The status index (a way out of revocation). */
	json_object_set_new(json_object_get(vc, "credentialStatus"),
			    "statusListIndex", json_string("0"));
	t = dump_json(vc);
	expect_broken(f->s, t, "statusListIndex");
	free(t);
	json_decref(vc);

	/* No proof at all. */
	vc = parse(c->data);
	json_object_del(vc, "proof");
	t = dump_json(vc);
	{
		mc_verify_report *r = verify(f->s, t);

		want_check(r, "proof", MC_CHECK_FAILED, "no proof");
		want_check(r, "issuer", MC_CHECK_SKIPPED, NULL);
		assert_int_equal(r->verdict, MC_VERDICT_INVALID);
		mc_verify_report_free(r);
	}
	free(t);
	json_decref(vc);

	/* Another credential's proofValue (same key, other document). */
	vc = parse(c->data);
	proof = json_array_get(json_object_get(vc, "proof"), 0);
	{
		json_t *other = parse(c2->data);

		json_object_set(
		    proof, "proofValue",
		    json_object_get(
			json_array_get(json_object_get(other, "proof"), 0),
			"proofValue"));
		json_decref(other);
	}
	t = dump_json(vc);
	expect_broken(f->s, t, "proofValue swapped");
	free(t);
	json_decref(vc);

	/* The proof's created time. */
	vc = parse(c->data);
	proof = json_array_get(json_object_get(vc, "proof"), 0);
	json_object_set_new(proof, "created",
			    json_string("2020-01-01T00:00:00Z"));
	t = dump_json(vc);
	expect_broken(f->s, t, "proof.created");
	free(t);
	json_decref(vc);

	/* Re-serialised without change: JCS makes the layout irrelevant. */
	vc = parse(c->data);
	t = json_dumps(vc, JSON_INDENT(3) | JSON_SORT_KEYS);
	{
		mc_verify_report *r = verify(f->s, t);

		assert_int_equal(r->verdict, MC_VERDICT_VALID);
		mc_verify_report_free(r);
	}
	free(t);
	json_decref(vc);
	mc_credential_free(c);
	mc_credential_free(c2);
}

/* A VC-JWT with one payload byte changed, or the header's alg swapped. */
static void test_tampering_jwt(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"Taras", NULL, "UA-1", NULL, NULL};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_credential *c;
	mc_verify_report *r;
	char *t, *dot;

	o.format = MC_FORMAT_VC_JWT;
	o.jwt_alg = "EdDSA";
	c = issue_mc(f->s, MC_ID, &l, &o);
	t = strdup(c->data);
	assert_non_null(t);
	dot = strchr(t, '.');
	dot[20] = dot[20] == 'A' ? 'B' : 'A';
	r = verify(f->s, t);
	assert_int_not_equal(r->verdict, MC_VERDICT_VALID);
	assert_int_not_equal(check(r, "proof")->result, MC_CHECK_PASSED);
	mc_verify_report_free(r);
	free(t);
	/* The signature cut short. */
	t = strdup(c->data);
	assert_non_null(t);
	t[strlen(t) - 8] = '\0';
	r = verify(f->s, t);
	assert_int_not_equal(r->verdict, MC_VERDICT_VALID);
	assert_int_not_equal(check(r, "proof")->result, MC_CHECK_PASSED);
	mc_verify_report_free(r);
	free(t);
	mc_credential_free(c);
}

/* Bytes around the credential: JSON whitespace is allowed, NUL is not. */
static void test_verify_nul_padding(void **state)
{
	struct fixture *f = *state;
	mc_credential *c = issue(f->s, "Olena", "olena@example.org");
	char *buf = malloc(c->len + 8);
	mc_verify_report *r;
	mc_check_result format;
	mc_verdict verdict;

	assert_non_null(buf);
	memcpy(buf, " \n\t", 3);
	memcpy(buf + 3, c->data, c->len);
	memcpy(buf + 3 + c->len, "\r\n", 2);
	r = verify_opts(f->s, buf, c->len + 5, NULL);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);

	/* NUL bytes are not JSON whitespace: the input is not JSON. */
	memset(buf, 0, 3);
	r = verify_opts(f->s, buf, c->len + 5, NULL);
	format = check(r, "format")->result;
	verdict = r->verdict;
	mc_verify_report_free(r);
	free(buf);
	mc_credential_free(c);
	if (format != MC_CHECK_FAILED || verdict != MC_VERDICT_INVALID)
		fail_msg("NUL-padded credential: format %s, verdict %d",
			 mc_check_result_name(format), verdict);
}

/* ---- validity ----------------------------------------------------------- */

static void test_validity(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"Old Learner", "old@example.org", NULL, NULL, NULL};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_verify_options v = MC_VERIFY_OPTIONS_INIT;
	mc_credential *c;
	mc_verify_report *r;
	json_t *vc;

	o.now = "2020-01-01T00:00:00Z";
	o.valid_until = "2021-01-01T00:00:00Z";
	c = issue_mc(f->s, MC_ID, &l, &o);
	assert_string_equal(c->issued_at, o.now);
	vc = parse(c->data);
	assert_string_equal(jstr(vc, "validFrom"), o.now);
	assert_string_equal(jstr(vc, "validUntil"), o.valid_until);
	json_decref(vc);

	r = verify(f->s, c->data);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	want_check(r, "validity", MC_CHECK_FAILED, "expired");
	assert_int_equal(r->verdict, MC_VERDICT_EXPIRED);
	mc_verify_report_free(r);

	v.now = "2020-06-01T12:00:00Z";
	r = verify_opts(f->s, c->data, c->len, &v);
	want_check(r, "validity", MC_CHECK_PASSED, "until");
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);

	v.now = "2019-12-31T23:59:59Z";
	r = verify_opts(f->s, c->data, c->len, &v);
	want_check(r, "validity", MC_CHECK_FAILED, "not valid before");
	assert_int_equal(r->verdict, MC_VERDICT_NOT_YET_VALID);
	mc_verify_report_free(r);

	/* The exact second of validFrom is valid; one past validUntil not. */
	v.now = "2020-01-01T00:00:00Z";
	r = verify_opts(f->s, c->data, c->len, &v);
	want_check(r, "validity", MC_CHECK_PASSED, NULL);
	mc_verify_report_free(r);
	v.now = "2021-01-01T00:00:01Z";
	r = verify_opts(f->s, c->data, c->len, &v);
	want_check(r, "validity", MC_CHECK_FAILED, "expired");
	mc_verify_report_free(r);
	mc_credential_free(c);
}

/* A VC-JWT carries validUntil as exp, and expires the same way. */
static void test_validity_jwt(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"Old Learner", NULL, "UA-OLD", NULL, NULL};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_verify_options v = MC_VERIFY_OPTIONS_INIT;
	mc_credential *c;
	mc_verify_report *r;
	json_t *p;

	o.format = MC_FORMAT_VC_JWT;
	o.jwt_alg = "EdDSA";
	o.now = "2020-01-01T00:00:00Z";
	o.valid_until = "2021-01-01T00:00:00Z";
	c = issue_mc(f->s, MC_ID, &l, &o);
	p = jws_part(c->data, 1);
	assert_int_equal(json_integer_value(json_object_get(p, "nbf")),
			 1577836800);
	assert_int_equal(json_integer_value(json_object_get(p, "exp")),
			 1609459200);
	json_decref(p);
	r = verify(f->s, c->data);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	want_check(r, "validity", MC_CHECK_FAILED, "expired");
	mc_verify_report_free(r);
	v.now = "2020-06-01T12:00:00Z";
	r = verify_opts(f->s, c->data, c->len, &v);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	mc_credential_free(c);
}

/* ---- status ------------------------------------------------------------- */

static void test_revoke_suspend(void **state)
{
	struct fixture *f = *state;
	mc_credential *a = issue(f->s, "Olena", "olena@example.org");
	mc_credential *b = issue(f->s, "Petro", "petro@example.org");
	mc_credential_state st;
	mc_verify_report *r;

	assert_int_equal(mc_credential_state_get(f->s, &st, a->id), 0);
	assert_int_equal(st, MC_CRED_ACTIVE);
	assert_int_equal(
	    mc_credential_set_state(f->s, a->id, MC_CRED_REVOKED, NULL, NULL),
	    MC_EINVALID);
	assert_int_equal(
	    mc_credential_set_state(f->s, a->id, MC_CRED_REVOKED, "", NULL),
	    MC_EINVALID);
	assert_int_equal(mc_credential_set_state(f->s, "no-such-credential",
						 MC_CRED_REVOKED, "x", NULL),
			 MC_ENOTFOUND);

	/* Revoked: the status check fails, with or without the document's
	 * own entry; revocation is final. */
	assert_int_equal(mc_credential_set_state(f->s, a->id, MC_CRED_REVOKED,
						 "assessment found invalid",
						 "registrar"),
			 0);
	assert_int_equal(mc_credential_state_get(f->s, &st, a->id), 0);
	assert_int_equal(st, MC_CRED_REVOKED);
	r = verify(f->s, a->data);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	want_check(r, "status", MC_CHECK_FAILED, "revoked");
	assert_int_equal(r->verdict, MC_VERDICT_REVOKED);
	mc_verify_report_free(r);
	assert_int_equal(mc_credential_set_state(f->s, a->id, MC_CRED_ACTIVE,
						 "mistake", NULL),
			 MC_ESTATE);
	assert_non_null(strstr(mc_store_errmsg(f->s), "final"));
	assert_int_equal(
	    mc_credential_set_state(f->s, a->id, MC_CRED_SUSPENDED, "x", NULL),
	    MC_ESTATE);
	assert_int_equal(mc_credential_state_get(f->s, &st, a->id), 0);
	assert_int_equal(st, MC_CRED_REVOKED);
	/* Revoking again changes nothing and is not an error. */
	assert_int_equal(mc_credential_set_state(f->s, a->id, MC_CRED_REVOKED,
						 "again", NULL),
			 0);

	/* The other credential is untouched. */
	r = verify(f->s, b->data);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);

	/* Suspended, then reinstated. */
	assert_int_equal(mc_credential_set_state(f->s, b->id, MC_CRED_SUSPENDED,
						 "under review", NULL),
			 0);
	r = verify(f->s, b->data);
	want_check(r, "status", MC_CHECK_FAILED, "suspended");
	assert_int_equal(r->verdict, MC_VERDICT_SUSPENDED);
	mc_verify_report_free(r);
	assert_int_equal(mc_credential_set_state(f->s, b->id, MC_CRED_ACTIVE,
						 "review done", NULL),
			 0);
	assert_int_equal(mc_credential_state_get(f->s, &st, b->id), 0);
	assert_int_equal(st, MC_CRED_ACTIVE);
	r = verify(f->s, b->data);
	want_check(r, "status", MC_CHECK_PASSED, NULL);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	/* A suspended credential can still be revoked. */
	assert_int_equal(mc_credential_set_state(f->s, b->id, MC_CRED_SUSPENDED,
						 "again", NULL),
			 0);
	assert_int_equal(mc_credential_set_state(f->s, b->id, MC_CRED_REVOKED,
						 "fraud", NULL),
			 0);
	assert_int_equal(mc_credential_state_get(f->s, &st, b->id), 0);
	assert_int_equal(st, MC_CRED_REVOKED);
	mc_credential_free(a);
	mc_credential_free(b);
}

/* The encodedList of a status list credential, decoded. */
static unsigned char *decode_list(const char *encoded, size_t *n)
{
	unsigned char *gz, *bits = malloc(MC_STATUS_LIST_SIZE);
	size_t gzlen;
	z_stream z;

	assert_non_null(bits);
	assert_true(encoded[0] == 'u');
	gz = b64url(encoded + 1, strlen(encoded + 1), &gzlen);
	assert_true(gzlen > 18 && gz[0] == 0x1f && gz[1] == 0x8b);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = gz;
	z.avail_in = (uInt)gzlen;
	z.next_out = bits;
	z.avail_out = MC_STATUS_LIST_SIZE;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	*n = z.total_out;
	inflateEnd(&z);
	free(gz);
	return bits;
}

static size_t bits_set(const unsigned char *bits, size_t n)
{
	size_t i, count = 0;
	int b;

	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count += (bits[i] >> b) & 1;
	return count;
}

static void test_status_list_credential(void **state)
{
	struct fixture *f = *state;
	mc_credential *a = issue(f->s, "Olena", "olena@example.org");
	mc_credential *b = issue(f->s, "Petro", "petro@example.org");
	json_t *va = parse(a->data), *vb = parse(b->data), *list, *subj;
	const char *url = jstr(json_object_get(va, "credentialStatus"),
			       "statusListCredential");
	unsigned long ia = strtoul(
	    jstr(json_object_get(va, "credentialStatus"), "statusListIndex"),
	    NULL, 10);
	unsigned long ib = strtoul(
	    jstr(json_object_get(vb, "credentialStatus"), "statusListIndex"),
	    NULL, 10);
	mc_status_list_info *infos = NULL;
	size_t n = 0, i, len;
	unsigned char *bits;
	char *json = NULL, *did = org_did(f->s, ORG);
	mc_verify_report *r;

	assert_int_not_equal(ia, ib);
	assert_string_equal(url, jstr(json_object_get(vb, "credentialStatus"),
				      "statusListCredential"));
	/* Before any change: a signed list with no bit set. */
	assert_int_equal(mc_status_list_credential(f->s, &json, url), 0);
	list = parse(json);
	bits = decode_list(
	    jstr(json_object_get(list, "credentialSubject"), "encodedList"),
	    &len);
	assert_int_equal(len, MC_STATUS_LIST_SIZE / 8);
	assert_int_equal(bits_set(bits, len), 0);
	free(bits);
	json_decref(list);
	free(json);

	assert_int_equal(mc_credential_set_state(f->s, a->id, MC_CRED_REVOKED,
						 "withdrawn", NULL),
			 0);
	assert_int_equal(mc_credential_set_state(f->s, b->id, MC_CRED_SUSPENDED,
						 "review", NULL),
			 0);
	assert_int_equal(mc_status_list_credential(f->s, &json, url), 0);
	list = parse(json);
	assert_string_equal(jstr(list, "id"), url);
	assert_string_equal(jstr(list, "issuer"), did);
	assert_non_null(jstr(list, "validFrom"));
	subj = json_object_get(list, "credentialSubject");
	assert_string_equal(jstr(subj, "type"), "BitstringStatusList");
	assert_string_equal(jstr(subj, "statusPurpose"), "revocation");
	bits = decode_list(jstr(subj, "encodedList"), &len);
	assert_int_equal(len, 16384);
	assert_int_equal(bits_set(bits, len), 1);
	assert_true(bits[ia / 8] & (0x80 >> (ia % 8)));
	assert_false(bits[ib / 8] & (0x80 >> (ib % 8)));
	free(bits);

	/* It is itself a credential that verifies, with or without the
	 * store. */
	r = verify(f->s, json);
	if (r->verdict != MC_VERDICT_VALID)
		fail_msg("status list: proof %s", check(r, "proof")->reason);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	want_check(r, "issuer", MC_CHECK_PASSED, NULL);
	mc_verify_report_free(r);
	r = verify(NULL, json);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	mc_verify_report_free(r);
	/* ... and a flipped bit breaks it. */
	{
		json_t *copy = json_deep_copy(list);
		char *t, *bad;
		const char *enc = jstr(
		    json_object_get(copy, "credentialSubject"), "encodedList");
		char *mod = strdup(enc);

		mod[10] = mod[10] == 'A' ? 'B' : 'A';
		json_object_set_new(json_object_get(copy, "credentialSubject"),
				    "encodedList", json_string(mod));
		t = dump_json(copy);
		bad = t;
		expect_broken(f->s, bad, "encodedList");
		free(t);
		free(mod);
		json_decref(copy);
	}
	json_decref(list);
	free(json);

	/* The bookkeeping: one bit in each list. */
	assert_int_equal(mc_status_lists(f->s, &infos, &n), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_string_equal(infos[i].org_id, ORG);
		assert_int_equal(infos[i].size, MC_STATUS_LIST_SIZE);
		assert_int_equal(infos[i].used, 2);
		assert_int_equal(infos[i].set, 1);
		assert_true(strcmp(infos[i].purpose, "revocation") == 0 ||
			    strcmp(infos[i].purpose, "suspension") == 0);
	}
	mc_status_lists_free(infos, n);
	assert_int_equal(mc_status_list_credential(
			     f->s, &json, MC_DEFAULT_BASE_URL "/status/x/y/1"),
			 MC_ENOTFOUND);
	assert_null(json);
	free(did);
	json_decref(va);
	json_decref(vb);
	mc_credential_free(a);
	mc_credential_free(b);
}

static void test_revoke_many(void **state)
{
	struct fixture *f = *state;
	mc_credential *c[3], *other;
	mc_learner l = {"Other", "other@example.org", NULL, NULL, NULL};
	mc_credential_state st;
	const char *ids[2];
	size_t count = 99, i;

	c[0] = issue(f->s, "A", "a@example.org");
	c[1] = issue(f->s, "B", "b@example.org");
	c[2] = issue(f->s, "C", "c@example.org");
	other = issue_mc(f->s, MC_ID2, &l, NULL);

	/* By id list, with one unknown id: nothing changes. */
	ids[0] = c[0]->id;
	ids[1] = "no-such-credential";
	assert_int_equal(mc_credential_revoke_many(f->s, &count, NULL, ids, 2,
						   "batch", NULL),
			 MC_ENOTFOUND);
	assert_int_equal(count, 0);
	assert_int_equal(mc_credential_state_get(f->s, &st, c[0]->id), 0);
	assert_int_equal(st, MC_CRED_ACTIVE);
	ids[1] = c[1]->id;
	assert_int_equal(
	    mc_credential_revoke_many(f->s, &count, NULL, ids, 1, "one", NULL),
	    0);
	assert_int_equal(count, 1);

	/* Named twice in one call: revoked once, one audit entry (the bits
	 * are written at the end: the second reads the pending one). */
	{
		mc_credential *d = issue(f->s, "D", "d@example.org");
		long long before =
		    query(f->path, "SELECT count(*) FROM audit WHERE action ="
				   " 'credential.revoke'");

		ids[0] = ids[1] = d->id;
		assert_int_equal(mc_credential_revoke_many(
				     f->s, &count, NULL, ids, 2, "twice", NULL),
				 0);
		assert_int_equal(count, 1);
		assert_int_equal(
		    query(f->path, "SELECT count(*) FROM audit WHERE action ="
				   " 'credential.revoke'"),
		    before + 1);
		assert_int_equal(mc_credential_state_get(f->s, &st, d->id), 0);
		assert_int_equal(st, MC_CRED_REVOKED);
		mc_credential_free(d);
	}

	/* By MC: the two left; the other MC's credential stays. */
	assert_int_equal(mc_credential_revoke_many(f->s, &count, MC_ID, NULL, 0,
						   "programme withdrawn", NULL),
			 0);
	assert_int_equal(count, 2);
	for (i = 0; i < 3; i++) {
		assert_int_equal(mc_credential_state_get(f->s, &st, c[i]->id),
				 0);
		assert_int_equal(st, MC_CRED_REVOKED);
	}
	assert_int_equal(mc_credential_state_get(f->s, &st, other->id), 0);
	assert_int_equal(st, MC_CRED_ACTIVE);
	assert_int_equal(mc_credential_revoke_many(f->s, &count, MC_ID, NULL, 0,
						   "again", NULL),
			 0);
	assert_int_equal(count, 0);
	assert_int_equal(
	    mc_credential_revoke_many(f->s, &count, MC_ID, NULL, 0, NULL, NULL),
	    MC_EINVALID);
	for (i = 0; i < 3; i++)
		mc_credential_free(c[i]);
	mc_credential_free(other);
}

/* ---- keys --------------------------------------------------------------- */

static const char *vm_of(const json_t *vc)
{
	return jstr(json_array_get(json_object_get(vc, "proof"), 0),
		    "verificationMethod");
}

static void test_key_rotation(void **state)
{
	struct fixture *f = *state;
	mc_credential *old = issue(f->s, "Old", "old@example.org"), *fresh;
	mc_key_info **keys = NULL;
	mc_verify_report *r;
	json_t *vo, *vn;
	size_t n = 0;

	gen_key(f->s, ORG, MC_KEY_ED25519);
	assert_int_equal(mc_key_list(f->s, &keys, &n, ORG), 0);
	assert_int_equal(n, 2);
	assert_non_null(keys[0]->retired_at);
	assert_null(keys[1]->retired_at);
	mc_key_list_free(keys, n);

	fresh = issue(f->s, "New", "new@example.org");
	vo = parse(old->data);
	vn = parse(fresh->data);
	assert_string_not_equal(vm_of(vo), vm_of(vn));
	r = verify(f->s, old->data);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	r = verify(f->s, fresh->data);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	/* The old credential's status list is re-signed by the new key and
	 * revoking it still works. */
	assert_int_equal(
	    mc_credential_set_state(f->s, old->id, MC_CRED_REVOKED, "r", NULL),
	    0);
	r = verify(f->s, old->data);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	want_check(r, "status", MC_CHECK_FAILED, "revoked");
	mc_verify_report_free(r);
	json_decref(vo);
	json_decref(vn);
	mc_credential_free(old);
	mc_credential_free(fresh);
}

/* With an https base URL the issuer is a did:web whose document keeps
 * rotated keys. */
static void test_key_rotation_did_web(void **state)
{
	struct fixture *f = *state;
	mc_credential *old, *fresh;
	mc_verify_report *r;
	char *did, *doc = NULL;
	json_t *vo, *vn;

	assert_int_equal(mc_store_set_base_url(f->s, "https://mc.example.org"),
			 0);
	gen_key(f->s, ORG, MC_KEY_ED25519);
	did = org_did(f->s, ORG);
	assert_string_equal(did, "did:web:mc.example.org:org:" ORG);
	old = issue(f->s, "Old", "old@example.org");
	gen_key(f->s, ORG, MC_KEY_ED25519);
	fresh = issue(f->s, "New", "new@example.org");
	vo = parse(old->data);
	vn = parse(fresh->data);
	assert_string_not_equal(vm_of(vo), vm_of(vn));
	assert_string_equal(jstr(json_object_get(vo, "issuer"), "id"), did);
	assert_string_equal(jstr(json_object_get(vn, "issuer"), "id"), did);
	assert_int_equal(mc_did_document(f->s, &doc, ORG), 0);
	assert_non_null(strstr(doc, vm_of(vo)));
	assert_non_null(strstr(doc, vm_of(vn)));
	free(doc);
	r = verify(f->s, old->data);
	if (r->verdict != MC_VERDICT_VALID)
		fail_msg("old: proof %s, issuer %s", check(r, "proof")->reason,
			 check(r, "issuer")->reason);
	mc_verify_report_free(r);
	r = verify(f->s, fresh->data);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	/* Without the store did:web cannot be resolved offline. */
	r = verify(NULL, fresh->data);
	want_check(r, "proof", MC_CHECK_SKIPPED, NULL);
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	mc_verify_report_free(r);
	json_decref(vo);
	json_decref(vn);
	free(did);
	mc_credential_free(old);
	mc_credential_free(fresh);
}

/* ---- trust -------------------------------------------------------------- */

/* The owner check: the name of the person showing the credential against
 * the learner's name in it.  A different name (or the same in another
 * script) is "cannot tell", never "malformed". */
static void test_owner(void **state)
{
	struct fixture *f = *state;
	mc_credential *c = issue(f->s, "Olena Koval", "olena@example.org");
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r;

	r = verify_opts(f->s, c->data, c->len, &o);
	want_check(r, "owner", MC_CHECK_SKIPPED, NULL);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);

	o.owner = " olena KOVAL ";
	r = verify_opts(f->s, c->data, c->len, &o);
	want_check(r, "owner", MC_CHECK_PASSED, "Olena Koval");
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);

	o.owner = "Олена Коваль";
	r = verify_opts(f->s, c->data, c->len, &o);
	want_check(r, "owner", MC_CHECK_FAILED, "another script");
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	mc_verify_report_free(r);
	mc_credential_free(c);
}

static void test_trusted_issuers(void **state)
{
	struct fixture *f = *state;
	mc_credential *c = issue(f->s, "Olena", "olena@example.org");
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	char *did = org_did(f->s, ORG), *t;
	const char *list[2];
	mc_verify_report *r;

	list[0] = "did:key:z6MkNotOurs";
	o.trusted_issuers = list;
	o.trusted_count = 1;
	r = verify_opts(f->s, c->data, c->len, &o);
	want_check(r, "proof", MC_CHECK_PASSED, NULL);
	want_check(r, "trust", MC_CHECK_FAILED, "not on your list");
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	mc_verify_report_free(r);

	list[1] = did;
	o.trusted_count = 2;
	r = verify_opts(f->s, c->data, c->len, &o);
	want_check(r, "trust", MC_CHECK_PASSED, did);
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);

	/* An empty list trusts nobody. */
	o.trusted_count = 0;
	r = verify_opts(f->s, c->data, c->len, &o);
	want_check(r, "trust", MC_CHECK_FAILED, NULL);
	mc_verify_report_free(r);

	/* A trusted issuer's name on a document it did not sign. */
	o.trusted_count = 2;
	t = replace(c->data, "Olena", "Olenb");
	r = verify_opts(f->s, t, strlen(t), &o);
	want_check(r, "proof", MC_CHECK_FAILED, NULL);
	want_check(r, "trust", MC_CHECK_FAILED, "not proven");
	mc_verify_report_free(r);
	free(t);
	free(did);
	mc_credential_free(c);
}

/* ---- roster ------------------------------------------------------------- */

struct emitted {
	const char *path; /* the database, to look from another handle */
	size_t calls;
	size_t lines[64];
	int uncommitted; /* emitted before another handle could see it */
	int stop_after;	 /* non-zero: fail the emit after that many */
	size_t progress;
};

static int on_emit(const mc_credential *c, size_t line, void *payload)
{
	struct emitted *e = payload;
	mc_store *other = open_path(e->path);
	mc_credential *seen = NULL;

	if (mc_credential_get(other, &seen, c->id) != 0 || !seen ||
	    seen->len != c->len || memcmp(seen->data, c->data, c->len) != 0)
		e->uncommitted++;
	mc_credential_free(seen);
	mc_store_free(other);
	if (e->calls < 64)
		e->lines[e->calls] = line;
	e->calls++;
	return e->stop_after && (int)e->calls >= e->stop_after;
}

static void on_progress(size_t done, size_t total, void *payload)
{
	struct emitted *e = payload;

	assert_true(done <= total);
	e->progress++;
}

static const char ROSTER[] =
    "\xEF\xBB\xBFname,email,identifier,lang,grade,assessed_on\r\n"
    "Learner 1,l1@example.org,,uk,5,2026-06-01\r\n" /* line 2 */
    ",nobody@example.org,,uk,1,\r\n"		    /* 3: no name */
    "Learner 2,l2@example.org,,,4,\r\n"		    /* 4 */
    "Bad Email,not-an-email,,uk,1,\r\n"		    /* 5 */
    "Learner 3,,UA-3,en,,\r\n"			    /* 6 */
    "Short row\r\n"				    /* 7: no email or id */
    "Learner 4,l4@example.org,,uk,3,2026-02-30\r\n" /* 8: bad date */
    "Learner 5,L5@Example.org,,,,\r\n"		    /* 9 */
    "\"Learner, 6\",l6@example.org,,,,\r\n"	    /* 10 */
    "Learner 7,l7@example.org,,xx-!!,,\r\n"	    /* 11: bad lang */
    "Learner 8,l8@example.org,,,,\r\n"		    /* 12 */
    "Learner 9,l9@example.org,,,,\r\n"		    /* 13 */
    "Learner 10,l10@example.org,,,,\r\n"	    /* 14 */
    "Learner 11,l11@example.org,,,,\r\n"	    /* 15 */
    "Learner 12,l12@example.org,,,,\r\n"	    /* 16 */
    "Learner 5 again,l5@example.org,,,,\r\n";	    /* 17: duplicate */
static const size_t GOOD_LINES[] = {2, 4, 6, 9, 10, 12, 13, 14, 15, 16, 17};
static const size_t BAD_LINES[] = {3, 5, 7, 8, 11};
#define N_GOOD (sizeof(GOOD_LINES) / sizeof(GOOD_LINES[0]))
#define N_BAD  (sizeof(BAD_LINES) / sizeof(BAD_LINES[0]))

static void run_roster(struct fixture *f, const char *mc_id, size_t batch)
{
	mc_roster_options o = MC_ROSTER_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_roster_report rep;
	struct emitted e;
	long long before = cred_count(f);
	size_t i, k;
	int rc;

	memset(&e, 0, sizeof(e));
	e.path = f->path;
	o.batch = batch;
	o.emit = on_emit;
	o.progress = on_progress;
	o.payload = &e;
	rc = mc_roster_issue(f->s, &rep, mc_id, 0, ROSTER, strlen(ROSTER),
			     "roster.csv", &o, &p);
	assert_int_equal(rc, MC_EINVALID);
	assert_int_equal(rep.rows, N_GOOD + N_BAD);
	/* The duplicate of line 9 is held already by the time of line 17. */
	assert_int_equal(rep.issued, N_GOOD - 1);
	assert_int_equal(rep.existing, 1);
	assert_int_equal(rep.rejected, N_BAD);
	assert_int_equal(rep.rows, rep.issued + rep.existing + rep.rejected);
	assert_int_equal(cred_count(f), before + (long long)N_GOOD - 1);
	assert_int_equal(e.calls, N_GOOD);
	assert_int_equal(e.uncommitted, 0);
	assert_true(e.progress >= 1);
	for (i = 0; i < N_GOOD; i++)
		assert_int_equal(e.lines[i], GOOD_LINES[i]);
	assert_int_equal(p.count, N_BAD);
	for (i = 0; i < N_BAD; i++) {
		char want[32];
		int found = 0;

		snprintf(want, sizeof(want), "roster.csv line %zu",
			 BAD_LINES[i]);
		for (k = 0; k < p.count; k++)
			found |= strcmp(p.items[k].where, want) == 0;
		if (!found) {
			dump(&p);
			fail_msg("no problem for %s", want);
		}
	}
	assert_true(has_problem(&p, "learner.name"));
	assert_true(has_problem(&p, "learner.email"));
	assert_true(has_problem(&p, "assessed_on"));
	assert_true(has_problem(&p, "learner.lang"));
	mc_problems_clear(&p);

	/* Again: nobody is issued twice, everyone is handed back. */
	memset(&e, 0, sizeof(e));
	e.path = f->path;
	rc = mc_roster_issue(f->s, &rep, mc_id, 0, ROSTER, strlen(ROSTER),
			     "roster.csv", &o, &p);
	assert_int_equal(rc, MC_EINVALID);
	assert_int_equal(rep.issued, 0);
	assert_int_equal(rep.existing, N_GOOD);
	assert_int_equal(rep.rejected, N_BAD);
	assert_int_equal(rep.rows, rep.issued + rep.existing + rep.rejected);
	assert_int_equal(e.calls, N_GOOD);
	assert_int_equal(cred_count(f), before + (long long)N_GOOD - 1);
	mc_problems_clear(&p);
}

static void test_roster_batch_1(void **state)
{
	run_roster(*state, MC_ID, 1);
}

static void test_roster_batch_7(void **state)
{
	struct fixture *f = *state;
	mc_credential *c = NULL;
	mc_learner l = {"Learner 1", "L1@EXAMPLE.ORG", NULL, NULL, NULL};

	run_roster(f, MC_ID2, 7);
	/* The same learner through the single-credential door. */
	assert_int_equal(
	    mc_credential_issue(f->s, &c, MC_ID2, 0, &l, NULL, NULL), 0);
	assert_int_equal(c->created, 0);
	mc_credential_free(c);
}

/* A file that cannot be used issues nothing. */
static void test_roster_refused(void **state)
{
	static const char *const files[] = {
	    "name,email,colour\nA,a@example.org,blue\n",
	    "name,email,name\nA,a@example.org,B\n",
	    "email\na@example.org\n",
	    "name,lang\nA,uk\n",
	    "",
	    "Name,Email\nA,a@example.org\n",
	};
	struct fixture *f = *state;
	mc_roster_options o = MC_ROSTER_OPTIONS_INIT;
	struct emitted e;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.path = f->path;
	o.emit = on_emit;
	o.payload = &e;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		mc_problems p = MC_PROBLEMS_INIT;
		mc_roster_report rep;
		int rc = mc_roster_issue(f->s, &rep, MC_ID, 0, files[i],
					 strlen(files[i]), "r.csv", &o, &p);

		if (rc != MC_EINVALID || p.count == 0)
			fail_msg("file %zu: %d, %zu problems", i, rc, p.count);
		assert_int_equal(rep.rows, 0);
		assert_int_equal(rep.issued, 0);
		mc_problems_clear(&p);
	}
	assert_int_equal(e.calls, 0);
	assert_int_equal(cred_count(f), 0);
	{
		mc_problems p = MC_PROBLEMS_INIT;
		mc_roster_report rep;

		assert_int_equal(mc_roster_issue(f->s, &rep, MC_ID, 0, files[0],
						 strlen(files[0]), "r.csv", &o,
						 &p),
				 MC_EINVALID);
		assert_true(has_problem(&p, "colour"));
		mc_problems_clear(&p);
		/* An unpublished or unknown MC: nothing either. */
		assert_int_equal(mc_roster_issue(f->s, &rep, "no-such-mc", 0,
						 "name,email\nA,a@b.org\n", 21,
						 "r.csv", &o, &p),
				 MC_ENOTFOUND);
		mc_problems_clear(&p);
	}
	assert_int_equal(cred_count(f), 0);
}

/* A row the CSV reader cannot read (invalid UTF-8) is counted like the
 * others: the report adds up. */
static void test_roster_broken_row(void **state)
{
	static const char csv[] = "name,email\n"
				  "A,a@example.org\n"
				  "B\xff,b@example.org\n"
				  "C,c@example.org\n";
	struct fixture *f = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_roster_report rep;
	int rc;

	rc = mc_roster_issue(f->s, &rep, MC_ID, 0, csv, strlen(csv), "r.csv",
			     NULL, &p);
	mc_problems_clear(&p);
	assert_int_equal(rc, MC_EINVALID);
	assert_true(rep.issued >= 1);
	assert_int_equal(rep.rejected, 1);
	if (rep.rows != rep.issued + rep.existing + rep.rejected)
		fail_msg("rows %zu != issued %zu + existing %zu + rejected %zu",
			 rep.rows, rep.issued, rep.existing, rep.rejected);
}

/* The caller's emit failing stops the run with MC_EIO; what was
 * committed stays, and a re-run completes it. */
static void test_roster_emit_fails(void **state)
{
	static const char csv[] = "name,email\n"
				  "A,a@example.org\nB,b@example.org\n"
				  "C,c@example.org\nD,d@example.org\n";
	struct fixture *f = *state;
	mc_roster_options o = MC_ROSTER_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_roster_report rep;
	struct emitted e;

	memset(&e, 0, sizeof(e));
	e.path = f->path;
	e.stop_after = 1;
	o.batch = 2;
	o.emit = on_emit;
	o.payload = &e;
	assert_int_equal(mc_roster_issue(f->s, &rep, MC_ID, 0, csv, strlen(csv),
					 "r.csv", &o, &p),
			 MC_EIO);
	assert_int_equal(e.calls, 1);
	assert_int_equal(cred_count(f), 2);
	memset(&e, 0, sizeof(e));
	e.path = f->path;
	assert_int_equal(mc_roster_issue(f->s, &rep, MC_ID, 0, csv, strlen(csv),
					 "r.csv", &o, &p),
			 0);
	assert_int_equal(rep.rows, 4);
	assert_int_equal(rep.issued, 2);
	assert_int_equal(rep.existing, 2);
	assert_int_equal(e.calls, 4);
	assert_int_equal(cred_count(f), 4);
	mc_problems_clear(&p);
}

/* batch_ms ends a batch by time however large `batch` is, so progress
 * (a job's heartbeat) comes while rows are issued, not only after 1000. */
static void test_roster_batch_time(void **state)
{
	struct fixture *f = *state;
	mc_roster_options o = MC_ROSTER_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_roster_report rep;
	struct emitted e;
	char csv[4096];
	size_t n = 0, i;

	n += (size_t)snprintf(csv + n, sizeof(csv) - n, "name,email\n");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(csv + n, sizeof(csv) - n,
				      "T %zu,t%zu@example.org\n", i, i);
	memset(&e, 0, sizeof(e));
	e.path = f->path;
	o.batch = 1000;
	o.progress = on_progress;
	o.payload = &e;
	assert_int_equal(
	    mc_roster_issue(f->s, &rep, MC_ID, 0, csv, n, "r.csv", &o, &p), 0);
	assert_int_equal(e.progress, 1); /* one batch: the final call only */

	/* 40 other learners in 1 ms batches: signing and storing 40
	 * credentials takes longer than 2 ms, so at least two batches end
	 * early. */
	for (i = 1; i < n; i++)
		if (csv[i - 1] == ',' && csv[i] == 't')
			csv[i] = 'u'; /* tN@ -> uN@: a new address */
	memset(&e, 0, sizeof(e));
	e.path = f->path;
	o.batch_ms = 1;
	assert_int_equal(
	    mc_roster_issue(f->s, &rep, MC_ID, 0, csv, n, "r.csv", &o, &p), 0);
	assert_int_equal(rep.issued, 40);
	assert_true(e.progress >= 3);
	mc_problems_clear(&p);
}

/* ---- the W3C test vector ------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void test_w3c_vector(void **state)
{
	const char *dir = getenv("MC_FIXTURES");
	char path[1024], *data, *t;
	mc_verify_report *r;
	size_t len = 0;

	(void)state;
	snprintf(path, sizeof(path),
		 "%s/vc/eddsa-jcs-2022-testvectors/signedJCS.json",
		 dir ? dir : "../shared/fixtures");
	if (!(data = read_file(path, &len))) {
		print_message("skipped: W3C vector %s not found\n", path);
		skip();
	}
	r = verify_opts(NULL, data, len, NULL);
	want_check(r, "format", MC_CHECK_PASSED, NULL);
	want_check(r, "proof", MC_CHECK_PASSED,
		   "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
	want_check(r, "issuer", MC_CHECK_SKIPPED, "nothing ties this key");
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	mc_verify_report_free(r);
	t = replace(data, "The School of Examples", "The School of Examplez");
	r = verify(NULL, t);
	want_check(r, "proof", MC_CHECK_FAILED, NULL);
	assert_int_equal(r->verdict, MC_VERDICT_FORGED);
	mc_verify_report_free(r);
	free(t);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(test_issue_verify_ob3),
	    T(test_issue_verify_jwt),
	    T(test_document),
	    T(test_document_empty_fields),
	    T(test_errmsg_after_success),
	    T(test_idempotent),
	    T(test_learner_validation),
	    T(test_learner_email_utf8),
	    T(test_bad_alg),
	    T(test_unpublished),
	    T(test_no_key),
	    T(test_master_key),
	    T(test_tampering),
	    T(test_tampering_jwt),
	    T(test_verify_nul_padding),
	    T(test_validity),
	    T(test_validity_jwt),
	    T(test_revoke_suspend),
	    T(test_status_list_credential),
	    T(test_revoke_many),
	    T(test_key_rotation),
	    T(test_key_rotation_did_web),
	    T(test_owner),
	    T(test_trusted_issuers),
	    T(test_roster_batch_1),
	    T(test_roster_batch_7),
	    T(test_roster_refused),
	    T(test_roster_broken_row),
	    T(test_roster_emit_fails),
	    T(test_roster_batch_time),
	    cmocka_unit_test(test_w3c_vector),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
