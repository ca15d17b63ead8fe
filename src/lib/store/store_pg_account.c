/*
 * PostgreSQL backend: users and their memberships, sessions and API
 * tokens (only hashes of their secrets).
 *
 * Writes of several rows are the caller's transaction's (accounts.c
 * opens one); each function here is one statement or a read.  A user's
 * id and email must not exist yet: the insert is ON CONFLICT DO NOTHING
 * and no row inserted means taken, so two nodes adding the same email at
 * once give one account and one MC_EEXISTS, without aborting the
 * caller's transaction.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const struct mc__pg_sql USER_INS = {
    "user_ins", "INSERT INTO users(id, email, name, pwhash, platform_admin,"
		" disabled, created_at) VALUES($1, $2, $3, $4, $5, $6, $7)"
		" ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql USER_GET = {
    "user_get", "SELECT id, email, name, platform_admin, disabled,"
		" created_at, pwhash FROM users WHERE id = $1 OR email = $1"};
static const struct mc__pg_sql USER_LIST = {
    "user_list", "SELECT id, email, name, platform_admin, disabled,"
		 " created_at, pwhash FROM users WHERE $1::text IS NULL"
		 " OR id IN (SELECT user_id FROM memberships"
		 "  WHERE org_id = $1) ORDER BY email"};
static const struct mc__pg_sql USER_MEMBERSHIPS = {
    "user_memberships", "SELECT org_id, roles FROM memberships"
			" WHERE user_id = $1 ORDER BY org_id"};
static const struct mc__pg_sql ADMIN_COUNT = {
    "admin_count", "SELECT count(*) FROM users"
		   " WHERE platform_admin = 1 AND disabled = 0"};
static const struct mc__pg_sql USER_SET_HASH = {
    "user_set_hash", "UPDATE users SET pwhash = $2 WHERE id = $1"};
static const struct mc__pg_sql USER_SET_DISABLED = {
    "user_set_disabled", "UPDATE users SET disabled = $2 WHERE id = $1"};
static const struct mc__pg_sql USER_SET_NAME = {
    "user_set_name", "UPDATE users SET name = $2 WHERE id = $1"};
static const struct mc__pg_sql MEMBER_UPSERT = {
    "member_upsert", "INSERT INTO memberships(user_id, org_id, roles)"
		     " VALUES($1, $2, $3) ON CONFLICT(user_id, org_id)"
		     " DO UPDATE SET roles = excluded.roles"};
static const struct mc__pg_sql MEMBER_DEL = {
    "member_del", "DELETE FROM memberships WHERE user_id = $1"
		  " AND org_id = $2"};
static const struct mc__pg_sql SESSION_INS = {
    "session_ins", "INSERT INTO sessions(id, user_id, csrf, created_at,"
		   " last_seen, expires_at) VALUES($1, $2, $3, $4, $5, $6)"};
static const struct mc__pg_sql SESSION_GET = {
    "session_get", "SELECT id, user_id, csrf, created_at, last_seen,"
		   " expires_at FROM sessions WHERE id = $1"};
static const struct mc__pg_sql SESSION_TOUCH = {
    "session_touch", "UPDATE sessions SET last_seen = $2 WHERE id = $1"};
static const struct mc__pg_sql SESSION_DEL = {
    "session_del", "DELETE FROM sessions WHERE id = $1"};
static const struct mc__pg_sql SESSION_DEL_USER = {
    "session_del_user", "DELETE FROM sessions WHERE user_id = $1"};
static const struct mc__pg_sql TOKEN_INS = {
    "token_ins", "INSERT INTO api_tokens(id, user_id, name, hash, scopes,"
		 " created_at, expires_at) VALUES($1, $2, $3, $4, $5, $6, $7)"};
static const struct mc__pg_sql TOKEN_FIND = {
    "token_find", "SELECT id, user_id, name, scopes, created_at,"
		  " expires_at, last_used_at, revoked_at FROM api_tokens"
		  " WHERE hash = $1"};
static const struct mc__pg_sql TOKEN_LIST = {
    "token_list", "SELECT id, user_id, name, scopes, created_at,"
		  " expires_at, last_used_at, revoked_at FROM api_tokens"
		  " WHERE user_id = $1 ORDER BY created_at, id"};
static const struct mc__pg_sql TOKEN_REVOKE = {
    "token_revoke", "UPDATE api_tokens SET revoked_at = $3"
		    " WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL"};
static const struct mc__pg_sql TOKEN_TOUCH = {
    "token_touch", "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1"};

/* Run a statement that changes at most one row; MC_ENOTFOUND naming
 * `what` when it changed none. */
static int change_one(struct mc__pg *h, const struct mc__pg_sql *q,
		      const char *what, int n, const char *const *params)
{
	PGresult *res = NULL;
	int error;

	if ((error = mc__pg_exec(h, &res, q, what, n, params)))
		return error;
	if (mc__pg_changes(res) == 0)
		error = mc__store_error(&h->base, MC_ENOTFOUND, "%s: not found",
					what);
	PQclear(res);
	return error;
}

/* ---- users -------------------------------------------------------------- */

static int user_put(mc_store *s, const mc_user *u, const char *pwhash)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	long long added;
	int error;

	if ((error = MC__PG_EXEC(h, &res, &USER_INS, "user", u->id, u->email,
				 u->name, pwhash, u->platform_admin ? "1" : "0",
				 u->disabled ? "1" : "0", u->created_at)))
		return error;
	added = mc__pg_changes(res);
	PQclear(res);
	if (added == 0)
		return mc__store_error(s, MC_EEXISTS,
				       "email: '%s' already has an account",
				       u->email);
	return 0;
}

/* Fill u->memberships from the table. */
static int load_memberships(struct mc__pg *h, mc_user *u)
{
	PGresult *res = NULL;
	int i, n, error;

	if ((error =
		 MC__PG_EXEC(h, &res, &USER_MEMBERSHIPS, "memberships", u->id)))
		return error;
	n = PQntuples(res);
	if (n && !(u->memberships = calloc((size_t)n, sizeof(*u->memberships))))
		error = mc__pg_nomem(h);
	for (i = 0; i < n && !error; i++) {
		mc_membership *m = &u->memberships[i];

		m->org_id = mc__pg_dup(res, i, 0, &error);
		m->roles = (unsigned)mc__pg_ll(res, i, 1);
		u->nmemberships++;
		if (error)
			error = mc__pg_nomem(h);
	}
	PQclear(res);
	return error;
}

/* A user from row i of a USER_GET / USER_LIST result (without
 * memberships). */
static mc_user *user_from_row(PGresult *res, int i, char **pwhash, int *error)
{
	mc_user *u = calloc(1, sizeof(*u));

	if (!u) {
		*error = MC_ENOMEM;
		return NULL;
	}
	u->id = mc__pg_dup(res, i, 0, error);
	u->email = mc__pg_dup(res, i, 1, error);
	u->name = mc__pg_dup(res, i, 2, error);
	u->platform_admin = (int)mc__pg_ll(res, i, 3);
	u->disabled = (int)mc__pg_ll(res, i, 4);
	u->created_at = mc__pg_dup(res, i, 5, error);
	if (pwhash)
		*pwhash = mc__pg_dup(res, i, 6, error);
	return u;
}

static int user_get(mc_store *s, mc_user **out, char **pwhash,
		    const char *id_or_email)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	mc_user *u = NULL;
	char *hash = NULL;
	int error = 0;

	*out = NULL;
	if (pwhash)
		*pwhash = NULL;
	if ((error = mc__pg_row(h, &res, &USER_GET, 1, &id_or_email, "user",
				"no user '%s'", id_or_email)))
		return error;
	u = user_from_row(res, 0, &hash, &error);
	PQclear(res);
	if (error)
		error = mc__pg_nomem(h);
	if (!error)
		error = load_memberships(h, u);
	if (error) {
		mc_user_free(u);
		free(hash);
		return error;
	}
	*out = u;
	if (pwhash)
		*pwhash = hash;
	else
		free(hash);
	return 0;
}

static int user_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	char *hash = NULL;
	int error = 0;

	*(mc_user **)elem = user_from_row(res, i, &hash, &error);
	free(hash);
	return error ? mc__pg_nomem(h) : 0;
}

static int user_list(mc_store *s, mc_user ***out, size_t *count,
		     const char *org_id)
{
	struct mc__pg *h = mc__pg(s);
	mc_user **list = NULL;
	PGresult *res = NULL;
	size_t n = 0, i;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &USER_LIST, "users", org_id)))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), user_row);
	PQclear(res);
	for (i = 0; i < n && !error; i++)
		error = load_memberships(h, list[i]);
	if (error) {
		mc_user_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static int admin_count(mc_store *s, long long *count)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	*count = 0;
	if ((error = mc__pg_exec(h, &res, &ADMIN_COUNT, "users", 0, NULL)))
		return error;
	*count = mc__pg_ll(res, 0, 0);
	PQclear(res);
	return 0;
}

static int user_update(mc_store *s, const char *id, const char *pwhash,
		       int disabled)
{
	struct mc__pg *h = mc__pg(s);
	int error;

	if (pwhash && (error = change_one(h, &USER_SET_HASH, "user", 2,
					  (const char *[]){id, pwhash})))
		return error;
	if (disabled >= 0 &&
	    (error = change_one(h, &USER_SET_DISABLED, "user", 2,
				(const char *[]){id, disabled ? "1" : "0"})))
		return error;
	return 0;
}

static int user_set_name(mc_store *s, const char *id, const char *name)
{
	return change_one(mc__pg(s), &USER_SET_NAME, "user", 2,
			  (const char *[]){id, name});
}

static int member_set(mc_store *s, const char *user_id, const char *org_id,
		      unsigned roles)
{
	struct mc__pg *h = mc__pg(s);
	char num[24];

	if (!roles)
		return MC__PG_EXEC(h, NULL, &MEMBER_DEL, "membership", user_id,
				   org_id);
	return MC__PG_EXEC(h, NULL, &MEMBER_UPSERT, "membership", user_id,
			   org_id, mc__pg_int(num, roles));
}

/* ---- sessions ----------------------------------------------------------- */

static int session_put(mc_store *s, const struct mc__session_row *r)
{
	return MC__PG_EXEC(mc__pg(s), NULL, &SESSION_INS, "session", r->id,
			   r->user_id, r->csrf, r->created_at, r->last_seen,
			   r->expires_at);
}

static int session_get(mc_store *s, struct mc__session_row *out, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if ((error = mc__pg_row(h, &res, &SESSION_GET, 1, &id, "session",
				"no such session")))
		return error;
	out->id = mc__pg_dup(res, 0, 0, &error);
	out->user_id = mc__pg_dup(res, 0, 1, &error);
	out->csrf = mc__pg_dup(res, 0, 2, &error);
	out->created_at = mc__pg_dup(res, 0, 3, &error);
	out->last_seen = mc__pg_dup(res, 0, 4, &error);
	out->expires_at = mc__pg_dup(res, 0, 5, &error);
	PQclear(res);
	if (error) {
		mc__session_row_clear(out);
		error = mc__pg_nomem(h);
	}
	return error;
}

static int session_touch(mc_store *s, const char *id, const char *at)
{
	return MC__PG_EXEC(mc__pg(s), NULL, &SESSION_TOUCH, "session", id, at);
}

static int session_delete(mc_store *s, const char *id, const char *user_id,
			  size_t *deleted)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	const char *key = id ? id : user_id;
	int error;

	if (deleted)
		*deleted = 0;
	if ((error = mc__pg_exec(h, &res, id ? &SESSION_DEL : &SESSION_DEL_USER,
				 "session", 1, &key)))
		return error;
	if (deleted)
		*deleted = (size_t)mc__pg_changes(res);
	PQclear(res);
	return 0;
}

/* ---- API tokens --------------------------------------------------------- */

static int token_put(mc_store *s, const mc_token_info *t, const char *hash)
{
	char scopes[24];

	return MC__PG_EXEC(mc__pg(s), NULL, &TOKEN_INS, "token", t->id,
			   t->user_id, t->name, hash,
			   mc__pg_int(scopes, (long long)t->scopes),
			   t->created_at, t->expires_at);
}

static mc_token_info *token_from_row(PGresult *res, int i, int *error)
{
	mc_token_info *t = calloc(1, sizeof(*t));

	if (!t) {
		*error = MC_ENOMEM;
		return NULL;
	}
	t->id = mc__pg_dup(res, i, 0, error);
	t->user_id = mc__pg_dup(res, i, 1, error);
	t->name = mc__pg_dup(res, i, 2, error);
	t->scopes = (unsigned)mc__pg_ll(res, i, 3);
	t->created_at = mc__pg_dup(res, i, 4, error);
	t->expires_at = mc__pg_dup(res, i, 5, error);
	t->last_used_at = mc__pg_dup(res, i, 6, error);
	t->revoked = !PQgetisnull(res, i, 7);
	return t;
}

static int token_find(mc_store *s, mc_token_info **out, const char *hash)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error = 0;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &TOKEN_FIND, 1, &hash, "token",
				"no such token")))
		return error;
	*out = token_from_row(res, 0, &error);
	PQclear(res);
	if (error) {
		mc_token_info_free(*out);
		*out = NULL;
		error = mc__pg_nomem(h);
	}
	return error;
}

static int token_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	int error = 0;

	*(mc_token_info **)elem = token_from_row(res, i, &error);
	return error ? mc__pg_nomem(h) : 0;
}

static int token_list(mc_store *s, mc_token_info ***out, size_t *count,
		      const char *user_id)
{
	struct mc__pg *h = mc__pg(s);
	mc_token_info **list = NULL;
	PGresult *res = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &TOKEN_LIST, "tokens", user_id)))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), token_row);
	PQclear(res);
	if (error) {
		mc_token_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static int token_revoke(mc_store *s, const char *user_id, const char *id,
			const char *at)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	long long changed;
	int error;

	if ((error =
		 MC__PG_EXEC(h, &res, &TOKEN_REVOKE, "token", user_id, id, at)))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	if (changed == 0)
		return mc__store_error(s, MC_ENOTFOUND,
				       "no active token '%s' of user '%s'", id,
				       user_id);
	return 0;
}

static int token_touch(mc_store *s, const char *id, const char *at)
{
	return MC__PG_EXEC(mc__pg(s), NULL, &TOKEN_TOUCH, "token", id, at);
}

const struct mc__store_account_ops mc__pg_account = {
    .user_put = user_put,
    .user_get = user_get,
    .user_list = user_list,
    .admin_count = admin_count,
    .user_update = user_update,
    .user_set_name = user_set_name,
    .member_set = member_set,
    .session_put = session_put,
    .session_get = session_get,
    .session_touch = session_touch,
    .session_delete = session_delete,
    .token_put = token_put,
    .token_find = token_find,
    .token_list = token_list,
    .token_revoke = token_revoke,
    .token_touch = token_touch,
};
