/*
 * Unit tests for accounts (account.h): roles and scopes, users and their
 * checks, password sign-in (same failure for unknown email, wrong
 * password and disabled account), sessions with idle and absolute expiry
 * (the clock fixed with MICROCRED_TEST_NOW), API tokens, only hashes in
 * the database, the first-run bootstrap, the authorisation policy as a
 * table written from account.h, the audit log, MC history and comments,
 * the credential list, and the migration of a schema v2 database.
 * Each test runs on a real SQLite file holding the demo catalogue.
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

#include "microcred/account.h"
#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/keys.h"
#include "microcred/organisation.h"

#define ORG	 "ua-dniprorudne-lyceum"
#define QA	 "ua-nqa"
#define MC_ID	 "ua-mag-welding-steel-structures"	/* qa_body ua-nqa */
#define MC_NOQA	 "ua-drywall-partitions-finishing"	/* no qa_body, UA */
#define MC_RS	 "rs-building-electrical-installations" /* RS: no agency */
#define RS_ORG	 "rs-ets-nikola-tesla"
#define PASSWORD "correct horse battery"

#include "unit_users.h" /* make_user(), with PASSWORD */

#define MASTER                                                                 \
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define T0 "2026-11-25T10:00:00Z"

struct fixture {
	char path[64];
	mc_store *s;
};

static void remove_db(const char *path)
{
	const char *sfx[] = {"", "-wal", "-shm", "-journal"};
	char side[80];
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(side, sizeof(side), "%s%s", path, sfx[i]);
		unlink(side);
	}
}

static mc_store *open_path(const char *path)
{
	mc_store *s = NULL;
	char *err = NULL;

	if (mc_store_open(&s, path, NULL, &err) != 0)
		fail_msg("open %s: %s", path, err ? err : "?");
	return s;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_problems p = MC_PROBLEMS_INIT;
	int fd;

	assert_non_null(f);
	setenv("MICROCRED_TEST_NOW", T0, 1);
	setenv("MICROCRED_MASTER_KEY", MASTER, 1);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-account-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	f->s = open_path(f->path);
	if (mc_catalogue_load_demo(f->s, NULL, &p) != 0)
		fail_msg("demo: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_store_free(f->s);
	remove_db(f->path);
	free(f);
	unsetenv("MICROCRED_TEST_NOW");
	return 0;
}

/* One integer from `sql` on a separate connection. */
static long long query(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/* ---- roles and scopes --------------------------------------------------- */

static void test_roles_scopes(void **state)
{
	unsigned bits;
	char buf[128], err[128];

	(void)state;
	assert_int_equal(mc_roles_parse(&bits, "issuer,designer", err, 128), 0);
	assert_int_equal(bits, MC_ROLE_ISSUER | MC_ROLE_DESIGNER);
	mc_roles_format(buf, sizeof(buf), bits);
	assert_string_equal(buf, "designer,issuer");
	assert_int_equal(mc_roles_parse(&bits, "none", err, 128), 0);
	assert_int_equal(bits, 0);
	assert_int_equal(mc_roles_parse(&bits, "designer,boss", err, 128),
			 MC_EINVALID);
	assert_non_null(strstr(err, "boss"));
	assert_int_equal(mc_roles_parse(&bits, "designer,", err, 128),
			 MC_EINVALID);
	assert_int_equal(mc_scopes_parse(&bits, "all", err, 128), 0);
	assert_int_equal(bits, MC_SCOPE_ALL);
	assert_int_equal(mc_scopes_parse(&bits, "revoke,issue", err, 128), 0);
	assert_int_equal(bits, MC_SCOPE_ISSUE | MC_SCOPE_REVOKE);
	mc_scopes_format(buf, sizeof(buf), bits);
	assert_string_equal(buf, "issue,revoke");
	assert_string_equal(mc_role_name(MC_ROLE_REVIEWER), "reviewer");
	assert_null(mc_role_name(3));
	assert_string_equal(mc_scope_name(MC_SCOPE_KEYS), "keys");
}

/* ---- users -------------------------------------------------------------- */

static void test_user_create_checks(void **state)
{
	struct fixture *f = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_user *u = NULL, *again = NULL;
	char *json = NULL;

	assert_int_equal(mc_user_create(f->s, &u, "Ana.Admin@Example.ORG",
					"Ana", PASSWORD, 0, &p),
			 0);
	assert_string_equal(u->email, "ana.admin@example.org");
	assert_int_equal(strlen(u->id), 18);
	assert_memory_equal(u->id, "u-", 2);
	assert_int_equal(mc_user_get(f->s, &again, "ANA.admin@example.org"), 0);
	assert_string_equal(again->id, u->id);
	mc_user_free(again);
	assert_int_equal(mc_user_get(f->s, &again, u->id), 0);
	mc_user_free(again);
	assert_int_equal(mc_user_to_json(&json, u), 0);
	assert_non_null(strstr(json, "\"email\":\"ana.admin@example.org\""));
	assert_null(strstr(json, "argon2"));
	free(json);

	/* Taken email, whatever the case. */
	assert_int_equal(mc_user_create(f->s, NULL, "ana.ADMIN@example.org",
					"Ana", PASSWORD, 0, &p),
			 MC_EEXISTS);
	mc_problems_clear(&p);

	/* Every problem at once, naming the field. */
	assert_int_equal(
	    mc_user_create(f->s, NULL, "not-an-email", "", "short", 0, &p),
	    MC_EINVALID);
	assert_int_equal(p.count, 3);
	assert_string_equal(p.items[0].field, "email");
	assert_string_equal(p.items[1].field, "name");
	assert_string_equal(p.items[2].field, "password");
	mc_problems_clear(&p);
	assert_int_equal(mc_user_create(f->s, NULL, "b@example.org", "B",
					"\xff\xfe invalid utf8", 0, &p),
			 MC_EINVALID);
	assert_non_null(strstr(p.items[0].reason, "UTF-8"));
	mc_problems_clear(&p);
	/* A dotless domain only for localhost (the first-run admin). */
	assert_int_equal(
	    mc_user_create(f->s, NULL, "root@intranet", "R", PASSWORD, 0, &p),
	    MC_EINVALID);
	mc_problems_clear(&p);
	assert_int_equal(query(f->path, "SELECT count(*) FROM users"), 1);
	assert_int_equal(mc_user_create(f->s, NULL, "admin@localhost", "Admin",
					PASSWORD, 1, &p),
			 0);
	assert_int_equal(query(f->path, "SELECT count(*) FROM users"), 2);
	mc_user_free(u);
}

static void test_user_set_name(void **state)
{
	struct fixture *f = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_user *u = make_user(f->s, "n@example.org", 0, NULL, 0), *again;
	char long_name[202];

	assert_string_equal(u->name, "Test User");
	assert_int_equal(mc_user_set_name(f->s, u->id, "Nadiia Kovalenko", &p),
			 0);
	assert_int_equal(p.count, 0);
	assert_int_equal(mc_user_get(f->s, &again, "n@example.org"), 0);
	assert_string_equal(again->name, "Nadiia Kovalenko");
	mc_user_free(again);

	/* The checks of mc_user_create, naming the field; nothing stored. */
	assert_int_equal(mc_user_set_name(f->s, u->id, "", &p), MC_EINVALID);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].field, "name");
	mc_problems_clear(&p);
	assert_int_equal(mc_user_set_name(f->s, u->id, "Tab\there", &p),
			 MC_EINVALID);
	assert_non_null(strstr(p.items[0].reason, "control character"));
	mc_problems_clear(&p);
	assert_int_equal(mc_user_set_name(f->s, u->id, "\xff\xfe", &p),
			 MC_EINVALID);
	assert_non_null(strstr(p.items[0].reason, "UTF-8"));
	mc_problems_clear(&p);
	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	assert_int_equal(mc_user_set_name(f->s, u->id, long_name, NULL),
			 MC_EINVALID);
	assert_int_equal(mc_user_set_name(f->s, u->id, NULL, NULL),
			 MC_EINVALID);
	assert_int_equal(mc_user_get(f->s, &again, u->id), 0);
	assert_string_equal(again->name, "Nadiia Kovalenko");
	mc_user_free(again);

	/* By id only: an unknown id, or an email, is not found. */
	assert_int_equal(
	    mc_user_set_name(f->s, "u-0000000000000000", "Nobody", &p),
	    MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(f->s), "u-0000000000000000"));
	assert_int_equal(mc_user_set_name(f->s, "n@example.org", "X", &p),
			 MC_ENOTFOUND);
	assert_int_equal(p.count, 0);
	assert_int_equal(mc_user_set_name(NULL, u->id, "X", NULL), MC_EUSAGE);
	mc_user_free(u);
}

static void test_member_set(void **state)
{
	struct fixture *f = *state;
	mc_user *u = make_user(f->s, "m@example.org", 0, ORG,
			       MC_ROLE_DESIGNER | MC_ROLE_ISSUER);
	mc_user **list = NULL;
	size_t n = 0;

	assert_int_equal(mc_user_roles(u, ORG),
			 MC_ROLE_DESIGNER | MC_ROLE_ISSUER);
	assert_int_equal(mc_user_roles(u, QA), 0);
	assert_int_equal(mc_member_set(f->s, u->id, "no-such-org", 1),
			 MC_ENOTFOUND);
	assert_int_equal(mc_member_set(f->s, "u-0000000000000000", ORG, 1),
			 MC_ENOTFOUND);
	assert_int_equal(mc_member_list(f->s, &list, &n, ORG), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0]->id, u->id);
	mc_user_list_free(list, n);
	assert_int_equal(mc_member_set(f->s, u->id, ORG, 0), 0);
	assert_int_equal(mc_member_list(f->s, &list, &n, ORG), 0);
	assert_int_equal(n, 0);
	mc_user_list_free(list, n);
	mc_user_free(u);
}

/* ---- sessions ----------------------------------------------------------- */

static void test_login_failures_alike(void **state)
{
	struct fixture *f = *state;
	mc_user *u = make_user(f->s, "l@example.org", 0, NULL, 0);
	mc_principal *who = NULL;
	char *token = NULL, msg[256];

	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "l@example.org", "wrong pw!!"),
	    MC_EFORBIDDEN);
	assert_null(token);
	assert_null(who);
	snprintf(msg, sizeof(msg), "%s", mc_store_errmsg(f->s));
	assert_string_equal(msg, "wrong email or password");
	assert_int_equal(mc_session_login(f->s, &token, &who,
					  "nobody@example.org", PASSWORD),
			 MC_EFORBIDDEN);
	assert_string_equal(mc_store_errmsg(f->s), msg);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "not an email", PASSWORD),
	    MC_EFORBIDDEN);
	assert_string_equal(mc_store_errmsg(f->s), msg);
	assert_int_equal(mc_user_set_disabled(f->s, u->id, 1), 0);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "l@example.org", PASSWORD),
	    MC_EFORBIDDEN);
	assert_string_equal(mc_store_errmsg(f->s), msg);
	assert_int_equal(mc_user_set_disabled(f->s, u->id, 0), 0);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "L@Example.org", PASSWORD), 0);
	free(token);
	mc_principal_free(who);
	mc_user_free(u);
}

/* A password change needs the current password when one is given, and
 * ends every session and API token of the user, saying which. */
static void test_password_change(void **state)
{
	struct fixture *f = *state;
	mc_user *u = make_user(f->s, "pw@example.org", 0, NULL, 0);
	mc_user *other = make_user(f->s, "other@example.org", 0, NULL, 0);
	mc_problems p = MC_PROBLEMS_INIT;
	mc_revoked r = MC_REVOKED_INIT;
	mc_principal *who = NULL, *again = NULL;
	char *s1 = NULL, *s2 = NULL, *s3 = NULL, *t1 = NULL, *t2 = NULL,
	     *t3 = NULL;
	mc_token_info *i1 = NULL, *i2 = NULL, *i3 = NULL;

	assert_int_equal(
	    mc_session_login(f->s, &s1, &who, "pw@example.org", PASSWORD), 0);
	mc_principal_free(who);
	assert_int_equal(
	    mc_session_login(f->s, &s2, &who, "pw@example.org", PASSWORD), 0);
	mc_principal_free(who);
	assert_int_equal(
	    mc_token_create(f->s, &t1, &i1, u->id, "one", MC_SCOPE_READ, 0), 0);
	assert_int_equal(
	    mc_token_create(f->s, &t2, &i2, u->id, "two", MC_SCOPE_ALL, 30), 0);
	assert_int_equal(mc_token_create(f->s, &t3, &i3, other->id, "theirs",
					 MC_SCOPE_READ, 0),
			 0);
	assert_int_equal(mc_token_revoke(f->s, u->id, i1->id), 0);

	/* A wrong current password changes nothing and names the field. */
	assert_int_equal(mc_user_set_password(f->s, &r, u->id, "not it at all",
					      "a new password", &p),
			 MC_EFORBIDDEN);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].field, "current_password");
	assert_non_null(strstr(mc_store_errmsg(f->s), "current_password"));
	assert_int_equal(r.sessions, 0);
	assert_int_equal(r.ntokens, 0);
	assert_int_equal(mc_token_resolve(f->s, &who, t2), 0);
	mc_principal_free(who);
	assert_int_equal(mc_session_resolve(f->s, &who, s1), 0);
	mc_principal_free(who);
	assert_int_equal(mc_session_login(f->s, &s3, &again, "pw@example.org",
					  "a new password"),
			 MC_EFORBIDDEN);
	assert_null(s3);
	mc_problems_clear(&p);

	/* The right one: both sessions end, the live token is revoked (the
	 * revoked one is not listed again), another user's stays. */
	assert_int_equal(mc_user_set_password(f->s, &r, u->id, PASSWORD,
					      "a new password", &p),
			 0);
	assert_int_equal(r.sessions, 2);
	assert_int_equal(r.ntokens, 1);
	assert_string_equal(r.tokens[0], i2->id);
	mc_revoked_clear(&r);
	assert_null(r.tokens);
	assert_int_equal(mc_session_resolve(f->s, &who, s1), MC_ENOTFOUND);
	assert_int_equal(mc_session_resolve(f->s, &who, s2), MC_ENOTFOUND);
	assert_int_equal(mc_token_resolve(f->s, &who, t2), MC_ENOTFOUND);
	assert_int_equal(mc_token_resolve(f->s, &who, t3), 0);
	mc_principal_free(who);

	/* A reset without the current password (the operator, the platform
	 * admin) ends them all the same. */
	free(t2);
	mc_token_info_free(i2);
	assert_int_equal(
	    mc_token_create(f->s, &t2, &i2, u->id, "again", MC_SCOPE_READ, 0),
	    0);
	assert_int_equal(mc_user_set_password(f->s, &r, u->id, NULL,
					      "a third password", NULL),
			 0);
	assert_int_equal(r.ntokens, 1);
	assert_string_equal(r.tokens[0], i2->id);
	assert_int_equal(r.sessions, 0);
	mc_revoked_clear(&r);
	assert_int_equal(mc_token_resolve(f->s, &who, t2), MC_ENOTFOUND);
	assert_int_equal(mc_user_set_password(f->s, &r, "u-0000000000000000",
					      NULL, "a third password", NULL),
			 MC_ENOTFOUND);
	mc_revoked_clear(NULL);

	mc_problems_clear(&p);
	free(s1);
	free(s2);
	free(t1);
	free(t2);
	free(t3);
	mc_token_info_free(i1);
	mc_token_info_free(i2);
	mc_token_info_free(i3);
	mc_user_free(u);
	mc_user_free(other);
}

/* Refused sign-ins and tokens are audited with what was tried (never the
 * password), the reason and the handle's client address. */
static void test_refusals_audited(void **state)
{
	struct fixture *f = *state;
	mc_user *u = make_user(f->s, "r@example.org", 0, NULL, 0);
	mc_audit_entry *list = NULL;
	mc_principal *who = NULL;
	mc_token_info *info = NULL;
	char *token = NULL, *json = NULL;
	size_t n = 0;

	assert_int_equal(mc_audit_set_client(f->s, "203.0.113.9"), 0);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "R@example.org", "wrong pw!!"),
	    MC_EFORBIDDEN);
	assert_int_equal(mc_session_login(f->s, &token, &who,
					  "nobody@example.org", PASSWORD),
			 MC_EFORBIDDEN);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "bad\x1b[2Jaddress", PASSWORD),
	    MC_EFORBIDDEN);
	assert_int_equal(mc_user_set_disabled(f->s, u->id, 1), 0);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "r@example.org", PASSWORD),
	    MC_EFORBIDDEN);
	assert_int_equal(mc_user_set_disabled(f->s, u->id, 0), 0);
	assert_int_equal(mc_token_resolve(f->s, &who, "mct_nope"),
			 MC_ENOTFOUND);
	assert_int_equal(
	    mc_token_create(f->s, &token, &info, u->id, "t", MC_SCOPE_READ, 0),
	    0);
	assert_int_equal(mc_token_revoke(f->s, u->id, info->id), 0);
	assert_int_equal(mc_token_resolve(f->s, &who, token), MC_ENOTFOUND);
	assert_string_equal(mc_store_errmsg(f->s), "token revoked");
	assert_int_equal(mc_audit_set_client(f->s, NULL), 0);
	assert_int_equal(mc_audit_add(f->s, "cli", "after", NULL, NULL, NULL),
			 0);
	assert_int_equal(mc_audit_set_client(f->s, "0123456789012345678901234"
						   "5678901234567890123456789"),
			 MC_EINVALID);

	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 100), 0);
	assert_true(n >= 7);
	assert_string_equal(list[0].action, "after");
	assert_null(list[0].client);
	assert_string_equal(list[1].action, "token.refused");
	assert_string_equal(list[1].subject, info->id);
	assert_string_equal(list[1].reason, "token revoked");
	assert_string_equal(list[2].reason, "not a token");
	assert_null(list[2].subject);
	assert_string_equal(list[3].action, "session.refused");
	assert_string_equal(list[3].subject, "r@example.org");
	assert_string_equal(list[3].reason, "account disabled");
	assert_string_equal(list[4].subject, "bad?[2Jaddress");
	assert_string_equal(list[4].reason, "not an email address");
	assert_string_equal(list[5].subject, "nobody@example.org");
	assert_string_equal(list[5].reason, "unknown email");
	assert_string_equal(list[6].subject, "r@example.org");
	assert_string_equal(list[6].reason, "wrong password");
	assert_string_equal(list[6].actor, "anonymous");
	assert_string_equal(list[6].client, "203.0.113.9");
	assert_int_equal(mc_audit_list_to_json(&json, list, n), 0);
	assert_non_null(strstr(json, "\"client\":\"203.0.113.9\""));
	assert_null(strstr(json, "wrong pw"));
	assert_null(strstr(json, PASSWORD));
	free(json);
	mc_audit_list_free(list, n);
	free(token);
	mc_token_info_free(info);
	mc_user_free(u);
}

static void test_session_lifecycle(void **state)
{
	struct fixture *f = *state;
	mc_user *u = make_user(f->s, "s@example.org", 0, ORG, MC_ROLE_VIEWER);
	mc_principal *who = NULL, *again = NULL;
	char *token = NULL, actor[64], sql[256];

	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "s@example.org", PASSWORD), 0);
	assert_int_equal(strlen(token), 43);
	assert_int_equal(strlen(who->csrf), 43);
	assert_string_not_equal(who->csrf, token);
	assert_int_equal(who->scopes, MC_SCOPE_ALL);
	assert_null(who->token_id);
	snprintf(actor, sizeof(actor), "user:%s", u->id);
	assert_string_equal(who->actor, actor);
	assert_string_equal(who->expires_at, "2026-11-25T12:00:00Z");
	assert_int_equal(mc_user_roles(who->user, ORG), MC_ROLE_VIEWER);
	/* Only the hash is stored. */
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM sessions WHERE id = '%s'"
		 " AND length(id) = 64",
		 who->session_id);
	assert_int_equal(query(f->path, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM sessions WHERE id = '%s'"
		 " OR csrf = '%s'",
		 token, token);
	assert_int_equal(query(f->path, sql), 0);

	/* Used after 90 minutes: still live, idle timeout extended. */
	setenv("MICROCRED_TEST_NOW", "2026-11-25T11:30:00Z", 1);
	assert_int_equal(mc_session_resolve(f->s, &again, token), 0);
	assert_string_equal(again->csrf, who->csrf);
	assert_string_equal(again->expires_at, "2026-11-25T13:30:00Z");
	mc_principal_free(again);
	/* 3h29 later than that: 2h idle passed since 11:30 -> ended. */
	setenv("MICROCRED_TEST_NOW", "2026-11-25T13:30:00Z", 1);
	assert_int_equal(mc_session_resolve(f->s, &again, token), MC_ENOTFOUND);
	assert_null(again);
	assert_int_equal(query(f->path, "SELECT count(*) FROM sessions"), 0);
	free(token);
	mc_principal_free(who);

	/* Absolute cap: used every hour, ended 12 hours after sign-in. */
	setenv("MICROCRED_TEST_NOW", T0, 1);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "s@example.org", PASSWORD), 0);
	{
		static const char *const hours[] = {
		    "2026-11-25T11:59:00Z", "2026-11-25T13:58:00Z",
		    "2026-11-25T15:57:00Z", "2026-11-25T17:56:00Z",
		    "2026-11-25T19:55:00Z", "2026-11-25T21:54:00Z",
		    "2026-11-25T21:59:59Z"};
		size_t i;

		for (i = 0; i < sizeof(hours) / sizeof(hours[0]); i++) {
			setenv("MICROCRED_TEST_NOW", hours[i], 1);
			assert_int_equal(
			    mc_session_resolve(f->s, &again, token), 0);
			mc_principal_free(again);
		}
		assert_string_equal((mc_session_resolve(f->s, &again, token),
				     again->expires_at),
				    "2026-11-25T22:00:00Z");
		mc_principal_free(again);
	}
	setenv("MICROCRED_TEST_NOW", "2026-11-25T22:00:00Z", 1);
	assert_int_equal(mc_session_resolve(f->s, &again, token), MC_ENOTFOUND);
	free(token);
	mc_principal_free(who);

	/* Logout; password change and disabling end sessions. */
	setenv("MICROCRED_TEST_NOW", T0, 1);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "s@example.org", PASSWORD), 0);
	assert_int_equal(mc_session_logout(f->s, token), 0);
	assert_int_equal(mc_session_resolve(f->s, &again, token), MC_ENOTFOUND);
	assert_int_equal(mc_session_logout(f->s, token), 0);
	assert_int_equal(mc_session_logout(f->s, "junk"), 0);
	free(token);
	mc_principal_free(who);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "s@example.org", PASSWORD), 0);
	assert_int_equal(mc_user_set_password(f->s, NULL, u->id, NULL,
					      "another password", NULL),
			 0);
	assert_int_equal(mc_session_resolve(f->s, &again, token), MC_ENOTFOUND);
	free(token);
	mc_principal_free(who);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "s@example.org", PASSWORD),
	    MC_EFORBIDDEN);
	assert_int_equal(mc_session_login(f->s, &token, &who, "s@example.org",
					  "another password"),
			 0);
	assert_int_equal(mc_user_set_disabled(f->s, u->id, 1), 0);
	assert_int_equal(mc_session_resolve(f->s, &again, token), MC_ENOTFOUND);
	assert_int_equal(
	    mc_user_set_password(f->s, NULL, u->id, NULL, "short", NULL),
	    MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "password"));
	free(token);
	mc_principal_free(who);
	mc_user_free(u);
}

static void test_session_bad_tokens(void **state)
{
	struct fixture *f = *state;
	mc_principal *who = NULL;

	assert_int_equal(mc_session_resolve(f->s, &who, NULL), MC_ENOTFOUND);
	assert_int_equal(mc_session_resolve(f->s, &who, ""), MC_ENOTFOUND);
	assert_int_equal(
	    mc_session_resolve(f->s, &who,
			       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
	    MC_ENOTFOUND);
	assert_int_equal(
	    mc_session_resolve(f->s, &who,
			       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'"),
	    MC_ENOTFOUND);
	assert_int_equal(mc_token_resolve(f->s, &who, "mct_short"),
			 MC_ENOTFOUND);
	assert_null(who);
}

/* ---- API tokens --------------------------------------------------------- */

static void test_tokens(void **state)
{
	struct fixture *f = *state;
	mc_user *u = make_user(f->s, "t@example.org", 0, ORG, MC_ROLE_ISSUER);
	mc_token_info *info = NULL, **list = NULL;
	mc_principal *who = NULL;
	char *token = NULL, *forever = NULL, *json = NULL, actor[80], sql[256];
	size_t n = 0;

	assert_int_equal(mc_token_create(f->s, &token, &info, u->id, "batch",
					 MC_SCOPE_ISSUE, 30),
			 0);
	assert_int_equal(strlen(token), 47);
	assert_memory_equal(token, "mct_", 4);
	assert_memory_equal(info->id, "t-", 2);
	assert_string_equal(info->expires_at, "2026-12-25T10:00:00Z");
	assert_int_equal(info->scopes, MC_SCOPE_ISSUE);
	assert_int_equal(mc_token_info_to_json(&json, info), 0);
	assert_non_null(strstr(json, "\"scopes\":[\"issue\"]"));
	assert_null(strstr(json, token + 4));
	free(json);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM api_tokens WHERE hash = '%s'"
		 " OR hash LIKE '%%%s%%'",
		 token, token + 4);
	assert_int_equal(query(f->path, sql), 0);

	assert_int_equal(mc_token_resolve(f->s, &who, token), 0);
	snprintf(actor, sizeof(actor), "user:%s token:%s", u->id, info->id);
	assert_string_equal(who->actor, actor);
	assert_int_equal(who->scopes, MC_SCOPE_ISSUE);
	assert_null(who->csrf);
	assert_string_equal(who->token_id, info->id);
	mc_principal_free(who);
	/* A session token is not an API token, and the reverse. */
	assert_int_equal(mc_session_resolve(f->s, &who, token + 4),
			 MC_ENOTFOUND);

	assert_int_equal(mc_token_create(f->s, &forever, NULL, u->id, "cron",
					 MC_SCOPE_ALL, 0),
			 0);
	assert_int_equal(mc_token_list(f->s, &list, &n, u->id), 0);
	assert_int_equal(n, 2);
	/* The resolved one records its use; the other was never used. */
	assert_true(!strcmp(list[0]->id, info->id) == !!list[0]->last_used_at);
	assert_true(!strcmp(list[1]->id, info->id) == !!list[1]->last_used_at);
	mc_token_list_free(list, n);

	/* Expiry: the 30-day token ends, the other does not. */
	setenv("MICROCRED_TEST_NOW", "2026-12-25T10:00:00Z", 1);
	assert_int_equal(mc_token_resolve(f->s, &who, token), MC_ENOTFOUND);
	assert_int_equal(mc_token_resolve(f->s, &who, forever), 0);
	mc_principal_free(who);
	setenv("MICROCRED_TEST_NOW", T0, 1);

	/* Revocation, for the owner only. */
	assert_int_equal(mc_token_revoke(f->s, "u-0000000000000000", info->id),
			 MC_ENOTFOUND);
	assert_int_equal(mc_token_revoke(f->s, u->id, info->id), 0);
	assert_int_equal(mc_token_revoke(f->s, u->id, info->id), MC_ENOTFOUND);
	assert_int_equal(mc_token_resolve(f->s, &who, token), MC_ENOTFOUND);

	/* A disabled user's tokens stop working. */
	assert_int_equal(mc_user_set_disabled(f->s, u->id, 1), 0);
	assert_int_equal(mc_token_resolve(f->s, &who, forever), MC_ENOTFOUND);
	assert_null(who);

	/* Bad input. */
	assert_int_equal(
	    mc_token_create(f->s, &json, NULL, u->id, "", MC_SCOPE_READ, 0),
	    MC_EINVALID);
	assert_int_equal(mc_token_create(f->s, &json, NULL, u->id, "x", 0, 0),
			 MC_EINVALID);
	assert_int_equal(
	    mc_token_create(f->s, &json, NULL, u->id, "x", MC_SCOPE_READ, 5000),
	    MC_EINVALID);
	assert_int_equal(mc_token_create(f->s, &json, NULL,
					 "u-0000000000000000", "x",
					 MC_SCOPE_READ, 0),
			 MC_ENOTFOUND);
	free(token);
	free(forever);
	mc_token_info_free(info);
	mc_user_free(u);
}

static void test_bootstrap(void **state)
{
	struct fixture *f = *state;
	mc_user *u = NULL;
	char *pw = NULL, *again = NULL;
	mc_principal *who = NULL;
	char *token = NULL;
	size_t i;

	/* Users who are not platform admins (demo accounts) don't count. */
	mc_user_free(make_user(f->s, "demo@example.org", 0, NULL, 0));
	assert_int_equal(
	    mc_user_bootstrap(f->s, &u, "Root@Example.org", NULL, &pw), 0);
	assert_non_null(pw);
	assert_int_equal(strlen(pw), 20);
	for (i = 0; i < 20; i++)
		assert_null(strchr("0O1lI", pw[i]));
	assert_true(u->platform_admin);
	assert_int_equal(
	    mc_session_login(f->s, &token, &who, "root@example.org", pw), 0);
	assert_true(who->user->platform_admin);
	assert_int_equal(
	    mc_user_bootstrap(f->s, NULL, "other@example.org", NULL, &again),
	    MC_EEXISTS);
	assert_null(again);
	assert_int_equal(query(f->path, "SELECT count(*) FROM users"), 2);
	free(pw);
	free(token);
	mc_principal_free(who);
	mc_user_free(u);
}

/* ---- the policy --------------------------------------------------------- */

enum { PADMIN, ADMIN, DESIGNER, REVIEWER, ISSUER, VIEWER, NOBODY, NWHO };

/* One row: an action in ORG (or on MC_ID, provider ORG, qa_body QA) and
 * who may do it, written from the comments of account.h. */
static const struct {
	mc_action act;
	const char *org;
	const char *mc;
	int allowed[NWHO]; /* padmin admin designer reviewer issuer viewer
			      nobody */
} policy[] = {
    {MC_ACT_READ_PRIVATE, ORG, NULL, {1, 1, 1, 0, 1, 1, 0}},
    {MC_ACT_ORG_CREATE, NULL, NULL, {1, 0, 0, 0, 0, 0, 0}},
    {MC_ACT_ORG_EDIT, ORG, NULL, {1, 1, 0, 0, 0, 0, 0}},
    {MC_ACT_CLUSTER_EDIT, NULL, NULL, {1, 0, 0, 0, 0, 0, 0}},
    {MC_ACT_MEMBERS, ORG, NULL, {1, 1, 0, 0, 0, 0, 0}},
    {MC_ACT_USERS, NULL, NULL, {1, 0, 0, 0, 0, 0, 0}},
    {MC_ACT_MC_EDIT, NULL, MC_ID, {1, 1, 1, 0, 0, 0, 0}},
    {MC_ACT_MC_EDIT, ORG, NULL, {1, 1, 1, 0, 0, 0, 0}},
    {MC_ACT_MC_SUBMIT, NULL, MC_ID, {1, 0, 1, 0, 0, 0, 0}},
    /* The platform admin is not a reviewer: only the QA body's. */
    {MC_ACT_MC_REVIEW, NULL, MC_ID, {0, 0, 0, 1, 0, 0, 0}},
    /* Comments: reviewers, and whoever may edit (to answer them). */
    {MC_ACT_MC_COMMENT, NULL, MC_ID, {1, 1, 1, 1, 0, 0, 0}},
    {MC_ACT_MC_PUBLISH, NULL, MC_ID, {1, 1, 1, 0, 0, 0, 0}},
    {MC_ACT_MC_RETIRE, NULL, MC_ID, {1, 1, 0, 0, 0, 0, 0}},
    {MC_ACT_CRED_ISSUE, NULL, MC_ID, {1, 0, 0, 0, 1, 0, 0}},
    {MC_ACT_CRED_STATUS, ORG, NULL, {1, 1, 0, 0, 1, 0, 0}},
    {MC_ACT_CRED_STATUS, NULL, MC_ID, {1, 1, 0, 0, 1, 0, 0}},
    {MC_ACT_KEYS, ORG, NULL, {1, 1, 0, 0, 0, 0, 0}},
    {MC_ACT_AUDIT_READ, ORG, NULL, {1, 1, 0, 0, 0, 1, 0}},
    {MC_ACT_AUDIT_READ, NULL, NULL, {1, 0, 0, 0, 0, 0, 0}},
};

static mc_principal *principal_of(mc_user *u, unsigned scopes)
{
	mc_principal *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->user = u;
	p->scopes = scopes;
	return p;
}

static void test_policy_table(void **state)
{
	struct fixture *f = *state;
	mc_principal *who[NWHO];
	size_t i, j;
	char why[256];

	who[PADMIN] =
	    principal_of(make_user(f->s, "p@x.org", 1, NULL, 0), MC_SCOPE_ALL);
	who[ADMIN] = principal_of(
	    make_user(f->s, "a@x.org", 0, ORG, MC_ROLE_ADMIN), MC_SCOPE_ALL);
	who[DESIGNER] = principal_of(
	    make_user(f->s, "d@x.org", 0, ORG, MC_ROLE_DESIGNER), MC_SCOPE_ALL);
	who[REVIEWER] = principal_of(
	    make_user(f->s, "r@x.org", 0, QA, MC_ROLE_REVIEWER), MC_SCOPE_ALL);
	who[ISSUER] = principal_of(
	    make_user(f->s, "i@x.org", 0, ORG, MC_ROLE_ISSUER), MC_SCOPE_ALL);
	who[VIEWER] = principal_of(
	    make_user(f->s, "v@x.org", 0, ORG, MC_ROLE_VIEWER), MC_SCOPE_ALL);
	who[NOBODY] =
	    principal_of(make_user(f->s, "n@x.org", 0, NULL, 0), MC_SCOPE_ALL);
	for (i = 0; i < sizeof(policy) / sizeof(policy[0]); i++) {
		for (j = 0; j < NWHO; j++) {
			int rc = mc_authz_check(f->s, who[j], policy[i].act,
						policy[i].org, policy[i].mc,
						why, sizeof(why));
			int want = policy[i].allowed[j] ? 0 : MC_EFORBIDDEN;

			if (rc != want)
				fail_msg("row %zu (action %d) principal %zu: "
					 "got %d want %d (%s)",
					 i, (int)policy[i].act, j, rc, want,
					 why);
			if (rc)
				assert_true(strlen(why) > 5);
		}
	}
	/* Reasons name what is missing. */
	assert_int_equal(mc_authz_check(f->s, who[DESIGNER], MC_ACT_MC_REVIEW,
					NULL, MC_ID, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_string_equal(why, "needs the reviewer role in " QA);
	assert_int_equal(mc_authz_check(f->s, who[VIEWER], MC_ACT_KEYS, ORG,
					NULL, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_string_equal(why, "needs the admin role in " ORG);
	/* A token's scopes bound what its user's roles allow. */
	who[ISSUER]->scopes = MC_SCOPE_ISSUE;
	assert_int_equal(mc_authz_check(f->s, who[ISSUER], MC_ACT_CRED_ISSUE,
					NULL, MC_ID, why, sizeof(why)),
			 0);
	assert_int_equal(mc_authz_check(f->s, who[ISSUER], MC_ACT_CRED_STATUS,
					ORG, NULL, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_string_equal(why, "the token lacks the revoke scope");
	who[PADMIN]->scopes = MC_SCOPE_READ;
	assert_int_equal(mc_authz_check(f->s, who[PADMIN], MC_ACT_USERS, NULL,
					NULL, why, sizeof(why)),
			 MC_EFORBIDDEN);
	/* Not signed in, unknown MC, disabled user. */
	assert_int_equal(mc_authz_check(f->s, NULL, MC_ACT_READ_PRIVATE, ORG,
					NULL, why, sizeof(why)),
			 MC_EUSAGE);
	assert_int_equal(mc_authz_check(f->s, who[ADMIN], MC_ACT_MC_EDIT, NULL,
					"no-such-mc", why, sizeof(why)),
			 MC_ENOTFOUND);
	who[ADMIN]->user->disabled = 1;
	assert_int_equal(mc_authz_check(f->s, who[ADMIN], MC_ACT_ORG_EDIT, ORG,
					NULL, why, sizeof(why)),
			 MC_EFORBIDDEN);
	for (j = 0; j < NWHO; j++)
		mc_principal_free(who[j]);
}

/* Issuing rights come from the published version: a draft v2 naming
 * another awarding body lets nobody there issue, and does not take the
 * right away from the published version's awarding body. */
static void test_policy_published(void **state)
{
	struct fixture *f = *state;
	mc_principal *ours = principal_of(
	    make_user(f->s, "i@x.org", 0, ORG, MC_ROLE_ISSUER), MC_SCOPE_ALL);
	mc_principal *theirs =
	    principal_of(make_user(f->s, "t@x.org", 0, RS_ORG, MC_ROLE_ISSUER),
			 MC_SCOPE_ALL);
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	char why[256];

	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_NOQA, 0), 0);
	assert_int_equal(mc->status, MC_STATUS_PUBLISHED);
	mc_strlist_clear(&mc->awarding_bodies);
	assert_int_equal(mc_strlist_add(&mc->awarding_bodies, RS_ORG), 0);
	if (mc_catalogue_save(f->s, mc, &p) != 0)
		fail_msg("save the draft: %s", mc_store_errmsg(f->s));
	assert_int_equal(mc->status, MC_STATUS_DRAFT);
	mc_microcred_free(mc);
	mc_problems_clear(&p);

	assert_int_equal(mc_authz_check(f->s, theirs, MC_ACT_CRED_ISSUE, NULL,
					MC_NOQA, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_int_equal(mc_authz_check(f->s, theirs, MC_ACT_CRED_STATUS, NULL,
					MC_NOQA, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_int_equal(mc_authz_check(f->s, ours, MC_ACT_CRED_ISSUE, NULL,
					MC_NOQA, why, sizeof(why)),
			 0);
	mc_principal_free(ours);
	mc_principal_free(theirs);
}

/* An organisation admin edits names and contacts, but its type and
 * country (which decide who reviews whose MCs) only the platform admin. */
static void test_policy_org_update(void **state)
{
	struct fixture *f = *state;
	mc_principal *admin = principal_of(
	    make_user(f->s, "a@x.org", 0, ORG, MC_ROLE_ADMIN), MC_SCOPE_ALL);
	mc_principal *padmin =
	    principal_of(make_user(f->s, "p@x.org", 1, NULL, 0), MC_SCOPE_ALL);
	mc_org *old = NULL, *new = NULL;
	char why[256];

	assert_int_equal(mc_org_get(f->s, &old, ORG), 0);
	assert_int_equal(mc_org_dup(&new, old), 0);
	assert_int_equal(mc_langmap_set(&new->name, "en", "A new name"), 0);
	assert_int_equal(mc_authz_org_update(admin, old, new, why, sizeof(why)),
			 0);
	new->type = MC_ORG_AGENCY;
	assert_int_not_equal(old->type, MC_ORG_AGENCY);
	assert_int_equal(mc_authz_org_update(admin, old, new, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, "type: only a platform admin"));
	assert_int_equal(
	    mc_authz_org_update(padmin, old, new, why, sizeof(why)), 0);
	new->type = old->type;
	free(new->country);
	new->country = strdup("DE");
	assert_int_equal(mc_authz_org_update(admin, old, new, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, "country: only a platform admin"));
	mc_org_free(old);
	mc_org_free(new);
	mc_principal_free(admin);
	mc_principal_free(padmin);
}

/* Reviewing: who may review an MC without a QA body, and designers of
 * the version under review may not. */
static void test_policy_review(void **state)
{
	struct fixture *f = *state;
	mc_principal *designer, *both, *nmc, *rs, *ua;
	mc_microcred *mc = NULL;
	char why[256], actor[64];

	designer = principal_of(
	    make_user(f->s, "d@x.org", 0, ORG, MC_ROLE_DESIGNER), MC_SCOPE_ALL);
	both = principal_of(
	    make_user(f->s, "b@x.org", 0, ORG, MC_ROLE_DESIGNER), MC_SCOPE_ALL);
	assert_int_equal(
	    mc_member_set(f->s, both->user->id, QA, MC_ROLE_REVIEWER), 0);
	mc_user_free(both->user);
	assert_int_equal(mc_user_get(f->s, &both->user, "b@x.org"), 0);
	nmc = principal_of(
	    make_user(f->s, "n@x.org", 0, "ua-nmc-donetsk", MC_ROLE_REVIEWER),
	    MC_SCOPE_ALL);
	rs = principal_of(
	    make_user(f->s, "rs@x.org", 0, RS_ORG, MC_ROLE_REVIEWER),
	    MC_SCOPE_ALL);
	ua = principal_of(make_user(f->s, "ua@x.org", 0, ORG, MC_ROLE_REVIEWER),
			  MC_SCOPE_ALL);

	/* No QA body: every UA agency reviews, not the provider. */
	assert_int_equal(mc_authz_check(f->s, nmc, MC_ACT_MC_REVIEW, NULL,
					MC_NOQA, why, sizeof(why)),
			 0);
	assert_int_equal(mc_authz_check(f->s, ua, MC_ACT_MC_REVIEW, NULL,
					MC_NOQA, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, QA));
	assert_non_null(strstr(why, "ua-nmc-donetsk"));
	/* No agency in the country: nobody reviews (not the provider, as
	 * before) until the platform admin registers a QA body for it. */
	assert_int_equal(mc_authz_check(f->s, rs, MC_ACT_MC_REVIEW, NULL, MC_RS,
					why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, "no QA body is recognised for RS"));
	assert_non_null(strstr(why, "platform admin must register"));

	/* `both` edits and submits a new version of MC_ID: may not review
	 * it, though a reviewer of its QA body. */
	assert_int_equal(mc_authz_check(f->s, both, MC_ACT_MC_REVIEW, NULL,
					MC_ID, why, sizeof(why)),
			 0);
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 0), 0);
	snprintf(actor, sizeof(actor), "user:%s", both->user->id);
	assert_int_equal(mc_catalogue_save_as(f->s, mc, actor, NULL), 0);
	assert_int_equal(mc_catalogue_transition(f->s, MC_ID,
						 MC_STATUS_IN_REVIEW,
						 "user:u-someone-else", NULL),
			 0);
	assert_int_equal(mc_authz_check(f->s, both, MC_ACT_MC_REVIEW, NULL,
					MC_ID, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, "you designed this version"));
	/* Acting through a token is the same user. */
	both->token_id = strdup("t-0");
	assert_int_equal(mc_authz_check(f->s, both, MC_ACT_MC_REVIEW, NULL,
					MC_ID, why, sizeof(why)),
			 MC_EFORBIDDEN);
	mc_microcred_free(mc);
	mc_principal_free(designer);
	mc_principal_free(both);
	mc_principal_free(nmc);
	mc_principal_free(rs);
	mc_principal_free(ua);
}

/* The QA body is one recognised for the provider's country: the designer
 * cannot name a foreign agency or their own organisation (unless the
 * platform admin registered it self-accrediting), and an MC saved before
 * the rule is reviewed by the country's recognised bodies, not the one it
 * names. */
static void test_policy_qa_body(void **state)
{
	struct fixture *f = *state;
	mc_principal *de, *ua, *padmin, *admin;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	mc_recognition *rec = NULL;
	mc_audit_entry *log = NULL;
	size_t n = 0;
	char why[512];

	de = principal_of(
	    make_user(f->s, "de@x.org", 0, "de-bibb", MC_ROLE_REVIEWER),
	    MC_SCOPE_ALL);
	ua = principal_of(make_user(f->s, "ua@x.org", 0, QA, MC_ROLE_REVIEWER),
			  MC_SCOPE_ALL);
	padmin =
	    principal_of(make_user(f->s, "p@x.org", 1, NULL, 0), MC_SCOPE_ALL);
	admin = principal_of(make_user(f->s, "a@x.org", 0, ORG, MC_ROLE_ADMIN),
			     MC_SCOPE_ALL);

	/* A German agency as QA body of a Ukrainian MC: refused at save. */
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 0), 0);
	free(mc->qa_body);
	mc->qa_body = strdup("de-bibb");
	assert_int_equal(mc_catalogue_save(f->s, mc, &p), MC_EINVALID);
	assert_true(p.count >= 1);
	assert_string_equal(p.items[0].field, "quality_assurance.body");
	assert_non_null(
	    strstr(p.items[0].reason,
		   "de-bibb is not recognised as a QA body for UA"));
	mc_problems_clear(&p);
	/* The provider itself: refused unless self-accrediting. */
	free(mc->qa_body);
	mc->qa_body = strdup(ORG);
	assert_int_equal(mc_catalogue_save(f->s, mc, &p), MC_EINVALID);
	assert_non_null(strstr(p.items[0].reason, "self-accrediting"));
	mc_problems_clear(&p);
	assert_int_equal(mc_recognition_grant(f->s, "user:p", ORG, "DE",
					      MC_RECOGNITION_SELF_ACCREDITING),
			 MC_EINVALID); /* its own country only */
	assert_int_equal(mc_recognition_grant(f->s, "user:p", ORG, "UA",
					      MC_RECOGNITION_SELF_ACCREDITING),
			 0);
	assert_int_equal(mc_recognition_grant(f->s, "user:p", ORG, "UA",
					      MC_RECOGNITION_SELF_ACCREDITING),
			 MC_EEXISTS);
	if (mc_catalogue_save(f->s, mc, &p) != 0)
		fail_msg("self-accrediting: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	assert_int_equal(
	    mc_recognition_withdraw(f->s, "user:p", ORG, "UA",
				    MC_RECOGNITION_SELF_ACCREDITING),
	    0);
	assert_int_equal(
	    mc_recognition_withdraw(f->s, "user:p", ORG, "UA",
				    MC_RECOGNITION_SELF_ACCREDITING),
	    MC_ENOTFOUND);
	/* Both are in the audit log, newest first. */
	assert_int_equal(mc_audit_list(f->s, &log, &n, ORG, 0, 10), 0);
	assert_true(n >= 2);
	assert_string_equal(log[0].action, "org.unrecognise");
	assert_string_equal(log[0].actor, "user:p");
	assert_string_equal(log[1].action, "org.recognise");
	assert_string_equal(log[1].reason, "self_accrediting for UA");
	mc_audit_list_free(log, n);

	/* An MC saved before the rule names de-bibb (written here into the
	 * stored record): a German reviewer cannot approve it, Ukraine's
	 * agency can. */
	exec_sql(f->path, "UPDATE mc_versions SET doc = replace(doc,"
			  " '\"body\": \"" ORG "\"', '\"body\": \"de-bibb\"')"
			  " WHERE id = '" MC_ID "' AND status = 'draft'");
	mc_microcred_free(mc);
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 0), 0);
	assert_string_equal(mc->qa_body, "de-bibb");
	assert_int_equal(mc_authz_check(f->s, de, MC_ACT_MC_REVIEW, NULL, MC_ID,
					why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, "needs the reviewer role in "));
	assert_non_null(strstr(why, QA));
	assert_non_null(strstr(why, "de-bibb is not recognised"));
	assert_int_equal(mc_authz_check(f->s, ua, MC_ACT_MC_REVIEW, NULL, MC_ID,
					why, sizeof(why)),
			 0);
	/* Registered for UA by the platform admin, de-bibb reviews it. */
	assert_int_equal(mc_recognition_grant(f->s, "user:p", "de-bibb", "UA",
					      MC_RECOGNITION_QA_BODY),
			 0);
	assert_int_equal(mc_authz_check(f->s, de, MC_ACT_MC_REVIEW, NULL, MC_ID,
					why, sizeof(why)),
			 0);
	assert_int_equal(mc_authz_check(f->s, ua, MC_ACT_MC_REVIEW, NULL, MC_ID,
					why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_int_equal(mc_recognition_list(f->s, &rec, &n, "de-bibb", NULL),
			 0);
	assert_int_equal(n, 1);
	assert_string_equal(rec[0].org_id, "de-bibb");
	assert_int_equal(rec[0].kind, MC_RECOGNITION_QA_BODY);
	mc_recognition_list_free(rec, n);

	/* Only the platform admin registers. */
	assert_int_equal(mc_authz_check(f->s, padmin, MC_ACT_RECOGNISE, NULL,
					NULL, why, sizeof(why)),
			 0);
	assert_int_equal(mc_authz_check(f->s, admin, MC_ACT_RECOGNISE, ORG,
					NULL, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_int_equal(mc_recognition_grant(f->s, NULL, "no-such-org", "UA",
					      MC_RECOGNITION_QA_BODY),
			 MC_ENOTFOUND);
	assert_int_equal(
	    mc_recognition_grant(f->s, NULL, QA, "ua", MC_RECOGNITION_QA_BODY),
	    MC_EINVALID);
	mc_microcred_free(mc);
	mc_principal_free(de);
	mc_principal_free(ua);
	mc_principal_free(padmin);
	mc_principal_free(admin);
}

/* Naming another awarding body asks it: the draft saves, but the MC does
 * not go to review (or further) until an admin of that body accepts, and
 * its issuers issue nothing without the consent. */
static void test_policy_consent(void **state)
{
	struct fixture *f = *state;
	mc_principal *rs_admin, *our_admin, *padmin, *vet_issuer;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	mc_consent *c = NULL;
	size_t n = 0;
	char why[512];

	rs_admin =
	    principal_of(make_user(f->s, "rsa@x.org", 0, RS_ORG, MC_ROLE_ADMIN),
			 MC_SCOPE_ALL);
	our_admin = principal_of(
	    make_user(f->s, "a@x.org", 0, ORG, MC_ROLE_ADMIN), MC_SCOPE_ALL);
	padmin =
	    principal_of(make_user(f->s, "p@x.org", 1, NULL, 0), MC_SCOPE_ALL);
	vet_issuer = principal_of(
	    make_user(f->s, "vi@x.org", 0, "mk-vet-center", MC_ROLE_ISSUER),
	    MC_SCOPE_ALL);

	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_NOQA, 0), 0);
	assert_int_equal(mc_strlist_add(&mc->awarding_bodies, RS_ORG), 0);
	if (mc_catalogue_save_as(f->s, mc, "user:d", &p) != 0)
		fail_msg("save: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	assert_int_equal(mc_consent_list(f->s, &c, &n, RS_ORG, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].mc_id, MC_NOQA);
	assert_int_equal(c[0].state, MC_CONSENT_PENDING);
	assert_string_equal(c[0].requested_by, "user:d");
	mc_consent_list_free(c, n);
	/* The provider is not asked. */
	assert_int_equal(mc_consent_list(f->s, &c, &n, ORG, MC_NOQA), 0);
	assert_int_equal(n, 0);
	mc_consent_list_free(c, n);

	assert_int_equal(mc_catalogue_transition(f->s, MC_NOQA,
						 MC_STATUS_IN_REVIEW, "user:d",
						 NULL),
			 MC_ESTATE);
	assert_non_null(strstr(mc_store_errmsg(f->s),
			       "awarding_bodies[1]: " RS_ORG
			       " has not accepted to award"));
	/* An admin of the body asked decides, nobody else (not the
	 * platform admin, nor the provider's admin). */
	assert_int_equal(mc_authz_check(f->s, rs_admin, MC_ACT_CONSENT, RS_ORG,
					NULL, why, sizeof(why)),
			 0);
	assert_int_equal(mc_authz_check(f->s, our_admin, MC_ACT_CONSENT, RS_ORG,
					NULL, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_int_equal(mc_authz_check(f->s, padmin, MC_ACT_CONSENT, RS_ORG,
					NULL, why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_int_equal(
	    mc_consent_decide(f->s, "user:rsa", MC_NOQA, RS_ORG, 0), 0);
	assert_int_equal(mc_catalogue_transition(f->s, MC_NOQA,
						 MC_STATUS_IN_REVIEW, "user:d",
						 NULL),
			 MC_ESTATE);
	assert_non_null(strstr(mc_store_errmsg(f->s), "(declined)"));
	assert_int_equal(
	    mc_consent_decide(f->s, "user:rsa", MC_NOQA, RS_ORG, 1), 0);
	assert_int_equal(mc_catalogue_transition(f->s, MC_NOQA,
						 MC_STATUS_IN_REVIEW, "user:d",
						 NULL),
			 0);
	/* Only a body the MC names. */
	assert_int_equal(
	    mc_consent_decide(f->s, "user:x", MC_NOQA, "mk-vet-center", 1),
	    MC_ENOTFOUND);

	/* Issuing: the demo's co-awarding agency accepted; once it
	 * declines, its issuers issue nothing. */
	assert_int_equal(
	    mc_authz_check(f->s, vet_issuer, MC_ACT_CRED_ISSUE, "mk-vet-center",
			   "mk-retail-sales-merchandising", why, sizeof(why)),
	    0);
	assert_int_equal(mc_consent_decide(f->s, "user:v",
					   "mk-retail-sales-merchandising",
					   "mk-vet-center", 0),
			 0);
	assert_int_equal(
	    mc_authz_check(f->s, vet_issuer, MC_ACT_CRED_ISSUE, "mk-vet-center",
			   "mk-retail-sales-merchandising", why, sizeof(why)),
	    MC_EFORBIDDEN);
	assert_non_null(strstr(why, "mk-vet-center has not accepted"));
	mc_microcred_free(mc);
	mc_principal_free(rs_admin);
	mc_principal_free(our_admin);
	mc_principal_free(padmin);
	mc_principal_free(vet_issuer);
}

/* ---- history and comments ----------------------------------------------- */

static void test_history_comment(void **state)
{
	struct fixture *f = *state;
	mc_history_event *h = NULL;
	mc_microcred *mc = NULL;
	char big[4002];
	size_t n = 0;

	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 0), 0);
	assert_int_equal(mc_catalogue_save_as(f->s, mc, "user:u-1", NULL), 0);
	assert_int_equal(mc_catalogue_transition(f->s, MC_ID,
						 MC_STATUS_IN_REVIEW,
						 "user:u-1", "please"),
			 0);
	assert_int_equal(
	    mc_catalogue_comment(f->s, MC_ID, "user:u-2", "fix outcome 2"), 0);
	assert_int_equal(mc_catalogue_history(f->s, &h, &n, MC_ID, mc->version),
			 0);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].actor, "user:u-1");
	assert_string_equal(h[0].note, "created");
	assert_int_equal(h[1].from, MC_STATUS_DRAFT);
	assert_int_equal(h[1].to, MC_STATUS_IN_REVIEW);
	assert_int_equal(h[2].from, MC_STATUS_IN_REVIEW);
	assert_int_equal(h[2].to, MC_STATUS_IN_REVIEW);
	assert_string_equal(h[2].note, "fix outcome 2");
	assert_true(h[0].n < h[1].n && h[1].n < h[2].n);
	mc_history_free(h, n);
	/* Every version: the demo load's events come first. */
	assert_int_equal(mc_catalogue_history(f->s, &h, &n, MC_ID, 0), 0);
	assert_true(n > 3);
	assert_string_equal(h[n - 1].note, "fix outcome 2");
	mc_history_free(h, n);

	assert_int_equal(mc_catalogue_comment(f->s, MC_ID, NULL, ""),
			 MC_EINVALID);
	memset(big, 'a', 4001);
	big[4001] = '\0';
	assert_int_equal(mc_catalogue_comment(f->s, MC_ID, NULL, big),
			 MC_EINVALID);
	assert_int_equal(mc_catalogue_comment(f->s, MC_ID, NULL, "\xc3("),
			 MC_EINVALID);
	assert_int_equal(mc_catalogue_comment(f->s, "no-such-mc", NULL, "x"),
			 MC_ENOTFOUND);
	assert_int_equal(mc_catalogue_history(f->s, &h, &n, "no-such-mc", 0),
			 MC_ENOTFOUND);
	mc_microcred_free(mc);
}

/* ---- audit -------------------------------------------------------------- */

static void test_audit(void **state)
{
	struct fixture *f = *state;
	mc_audit_entry *list = NULL;
	char *json = NULL;
	size_t n = 0;
	int i;

	for (i = 0; i < 5; i++)
		assert_int_equal(mc_audit_add(f->s, "user:u-1", "mc.save",
					      MC_ID, i % 2 ? QA : ORG, NULL),
				 0);
	assert_int_equal(mc_audit_add(f->s, NULL, "user.create", NULL, NULL,
				      "first \"admin\""),
			 0);
	assert_int_equal(mc_audit_add(f->s, NULL, NULL, NULL, NULL, NULL),
			 MC_EUSAGE);
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 100), 0);
	assert_int_equal(n, 6);
	assert_string_equal(list[0].action, "user.create");
	assert_true(list[0].n > list[1].n);
	mc_audit_list_free(list, n);

	assert_int_equal(mc_audit_list(f->s, &list, &n, ORG, 0, 100), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].org_id, ORG);
	/* Page on: entries before the second one. */
	{
		long long before = list[1].n;

		mc_audit_list_free(list, n);
		assert_int_equal(
		    mc_audit_list(f->s, &list, &n, ORG, before, 100), 0);
		assert_int_equal(n, 1);
		assert_true(list[0].n < before);
	}
	mc_audit_list_free(list, n);
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 2), 0);
	assert_int_equal(n, 2);
	assert_int_equal(mc_audit_list_to_json(&json, list, n), 0);
	assert_non_null(strstr(json, "\"action\":\"user.create\""));
	assert_non_null(strstr(json, "\"reason\":\"first \\\"admin\\\"\""));
	assert_non_null(strstr(json, "\"org\":\"" ORG "\""));
	assert_non_null(strstr(json, "\"org\":null"));
	assert_non_null(strstr(json, "\"actor\":null"));
	assert_int_equal(json[0], '[');
	free(json);
	mc_audit_list_free(list, n);
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 0),
			 MC_EINVALID);
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 1001),
			 MC_EINVALID);
	/* Still append-only. */
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 1000), 0);
	mc_audit_list_free(list, n);
	assert_int_equal(query(f->path, "SELECT count(*) FROM audit"), 6);
}

/* ---- credentials listed ------------------------------------------------- */

static void test_credential_list(void **state)
{
	struct fixture *f = *state;
	mc_credential_summary *list = NULL;
	mc_issue_options jwt = MC_ISSUE_OPTIONS_INIT;
	mc_key_info *k = NULL;
	mc_credential *c = NULL;
	char *json = NULL;
	char *ids[3] = {NULL, NULL, NULL};
	size_t n = 0, total = 0;
	int i;

	jwt.format = MC_FORMAT_VC_JWT;
	jwt.jwt_alg = "EdDSA";
	assert_int_equal(mc_key_generate(f->s, &k, ORG, MC_KEY_ED25519), 0);
	mc_key_info_free(k);
	for (i = 0; i < 3; i++) {
		static const char *const names[] = {
		    "Olena Koval", "Ivan Petrenko", "Мирослава Гнатюк"};
		static const char *const mails[] = {"o@x.org", "i@x.org",
						    "m@x.org"};
		mc_learner l = {names[i], mails[i], NULL, NULL, NULL};

		if (mc_credential_issue(f->s, &c, MC_ID, 0, &l,
					i == 2 ? &jwt : NULL, NULL))
			fail_msg("issue: %s", mc_store_errmsg(f->s));
		ids[i] = strdup(c->id);
		mc_credential_free(c);
	}
	assert_int_equal(mc_credential_set_state(f->s, ids[0], MC_CRED_REVOKED,
						 "fraud", NULL),
			 0);
	assert_int_equal(mc_credential_set_state(
			     f->s, ids[1], MC_CRED_SUSPENDED, "check", NULL),
			 0);

	assert_int_equal(
	    mc_credential_list(f->s, &list, &n, &total, ORG, NULL, 0, 10), 0);
	assert_int_equal(n, 3);
	assert_int_equal(total, 3);
	assert_string_equal(list[0].id, ids[2]);
	assert_int_equal(list[0].format, MC_FORMAT_VC_JWT);
	assert_string_equal(list[0].learner_name, "Мирослава Гнатюк");
	assert_int_equal(list[0].state, MC_CRED_ACTIVE);
	assert_string_equal(list[1].learner_name, "Ivan Petrenko");
	assert_int_equal(list[1].state, MC_CRED_SUSPENDED);
	assert_string_equal(list[2].learner_name, "Olena Koval");
	assert_int_equal(list[2].state, MC_CRED_REVOKED);
	assert_int_equal(mc_credential_summaries_to_json(&json, list, n), 0);
	assert_non_null(strstr(json, "\"state\":\"revoked\""));
	assert_non_null(strstr(json, "\"format\":\"vc-jwt\""));
	free(json);
	mc_credential_summaries_free(list, n);

	/* Paging and filters. */
	assert_int_equal(
	    mc_credential_list(f->s, &list, &n, &total, NULL, MC_ID, 1, 1), 0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 3);
	assert_string_equal(list[0].id, ids[1]);
	mc_credential_summaries_free(list, n);
	assert_int_equal(
	    mc_credential_list(f->s, &list, &n, &total, QA, MC_ID, 0, 10), 0);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	mc_credential_summaries_free(list, n);
	assert_int_equal(
	    mc_credential_list(f->s, &list, &n, NULL, NULL, NULL, 0, 0),
	    MC_EINVALID);
	assert_int_equal(
	    mc_credential_list(f->s, &list, &n, NULL, NULL, NULL, 0, 1001),
	    MC_EINVALID);
	for (i = 0; i < 3; i++)
		free(ids[i]);
}

/* ---- migration ---------------------------------------------------------- */

/* A v3 database taken back to v2 (the v3 tables, indexes and column
 * dropped) opens, migrates, and keeps its audit entries. */
static void test_migrate_v2(void **state)
{
	struct fixture *f = *state;
	mc_audit_entry *list = NULL;
	mc_user *u = NULL;
	size_t n = 0;
	long long latest;

	assert_int_equal(mc_audit_add(f->s, "cli", "old", "x", NULL, NULL), 0);
	latest = query(f->path, "PRAGMA user_version");
	mc_store_free(f->s);
	f->s = NULL;
	exec_sql(f->path, "DROP TABLE mc_consents; DROP TABLE org_recognitions;"
			  " DROP TABLE seals;"
			  " DROP TABLE api_tokens; DROP TABLE sessions;"
			  " DROP TABLE memberships; DROP TABLE users;"
			  " DROP INDEX audit_org; DROP INDEX credentials_org;"
			  " DROP INDEX credentials_mc;"
			  " ALTER TABLE audit DROP COLUMN client;"
			  " ALTER TABLE audit DROP COLUMN org_id;"
			  " PRAGMA user_version = 2;");
	assert_int_equal(query(f->path, "PRAGMA user_version"), 2);
	f->s = open_path(f->path);
	assert_int_equal(query(f->path, "PRAGMA user_version"), latest);
	assert_true(latest >= 5);
	u = make_user(f->s, "after@x.org", 0, ORG, MC_ROLE_ADMIN);
	assert_int_equal(mc_audit_set_client(f->s, "192.0.2.1"), 0);
	assert_int_equal(mc_audit_add(f->s, "cli", "new", "y", ORG, NULL), 0);
	assert_int_equal(mc_audit_list(f->s, &list, &n, NULL, 0, 10), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1].action, "old");
	assert_null(list[1].org_id);
	assert_null(list[1].client);
	assert_string_equal(list[0].org_id, ORG);
	assert_string_equal(list[0].client, "192.0.2.1");
	mc_audit_list_free(list, n);
	mc_user_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles_scopes),
	    cmocka_unit_test_setup_teardown(test_user_create_checks, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_user_set_name, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_member_set, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_failures_alike, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_session_lifecycle, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_session_bad_tokens, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_change, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_audited, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_bootstrap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_policy_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_policy_org_update, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_policy_published, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_policy_qa_body, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_policy_consent, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_policy_review, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_history_comment, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_credential_list, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_v2, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
