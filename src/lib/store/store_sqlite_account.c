/*
 * SQLite backend, schema v3: users and their memberships, sessions and API
 * tokens (only hashes of their secrets), the audit log read newest first,
 * an MC's history, and issued credentials listed newest first with their
 * status bits read in the same query (no query per credential).
 *
 * Writes of several rows are the caller's transaction's (accounts.c
 * opens one); each function here is one statement or a read.
 */
#include "store_sqlite.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Step a statement that changes at most one row; MC_ENOTFOUND with
 * `what` when it changed none. */
static int step_one(struct mc__sqlite *h, sqlite3_stmt *st, const char *what)
{
	int error = mc__sq_step_done(h, st, what);

	if (!error && sqlite3_changes(h->db) == 0)
		return mc__store_error(&h->base, MC_ENOTFOUND, "%s: not found",
				       what);
	return error;
}

/* ---- users -------------------------------------------------------------- */

static const char sql_user_ins[] = "INSERT INTO users(id, email, name, pwhash,"
				   " platform_admin, disabled, created_at)"
				   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static int user_put(mc_store *s, const mc_user *u, const char *pwhash)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_user_ins);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, u->id);
	mc__sq_bind_text(st, 2, u->email);
	mc__sq_bind_text(st, 3, u->name);
	mc__sq_bind_text(st, 4, pwhash);
	sqlite3_bind_int(st, 5, u->platform_admin ? 1 : 0);
	sqlite3_bind_int(st, 6, u->disabled ? 1 : 0);
	mc__sq_bind_text(st, 7, u->created_at);
	if ((error = mc__sq_insert(h, st, "user")) == MC_EEXISTS)
		return mc__store_error(s, MC_EEXISTS,
				       "email: '%s' already has an account",
				       u->email);
	return error;
}

static const char sql_user_memberships[] =
    "SELECT org_id, roles FROM memberships"
    " WHERE user_id = ?1 ORDER BY org_id";
static const char sql_user_list[] =
    "SELECT id, email, name, platform_admin, disabled,"
    " created_at, pwhash FROM users WHERE ?1 IS NULL"
    " OR id IN (SELECT user_id FROM memberships"
    "  WHERE org_id = ?1) ORDER BY email";
static const char sql_user_get[] =
    "SELECT id, email, name, platform_admin, disabled,"
    " created_at, pwhash FROM users"
    " WHERE id = ?1 OR email = ?1";

static int membership_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_membership *m = elem;
	int error = 0;

	m->org_id = mc__sq_col_dup(st, 0, &error);
	m->roles = (unsigned)sqlite3_column_int(st, 1);
	return error ? mc__sq_nomem(h) : 0;
}

/* Fill u->memberships from the table. */
static int load_memberships(struct mc__sqlite *h, mc_user *u)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql_user_memberships);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, u->id);
	return mc__sq_rows(h, st, (void **)&u->memberships, &u->nmemberships,
			   sizeof(*u->memberships), membership_row,
			   "memberships");
}

/* A user from the current row of a sql_user_get / sql_user_list statement
 * (without memberships). */
static mc_user *user_from_row(sqlite3_stmt *st, char **pwhash, int *error)
{
	mc_user *u = calloc(1, sizeof(*u));

	if (!u) {
		*error = MC_ENOMEM;
		return NULL;
	}
	u->id = mc__sq_col_dup(st, 0, error);
	u->email = mc__sq_col_dup(st, 1, error);
	u->name = mc__sq_col_dup(st, 2, error);
	u->platform_admin = sqlite3_column_int(st, 3);
	u->disabled = sqlite3_column_int(st, 4);
	u->created_at = mc__sq_col_dup(st, 5, error);
	if (pwhash)
		*pwhash = mc__sq_col_dup(st, 6, error);
	return u;
}

static int user_get(mc_store *s, mc_user **out, char **pwhash,
		    const char *id_or_email)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_user_get);
	mc_user *u = NULL;
	char *hash = NULL;
	int error = 0;

	*out = NULL;
	if (pwhash)
		*pwhash = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id_or_email);
	if ((error = mc__sq_row(h, st, "user", "no user '%s'", id_or_email)))
		return error;
	u = user_from_row(st, &hash, &error);
	sqlite3_reset(st);
	if (error)
		error = mc__sq_nomem(h);
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

static int user_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	char *hash = NULL;
	int error = 0;

	*(mc_user **)elem = user_from_row(st, &hash, &error);
	free(hash);
	return error ? mc__sq_nomem(h) : 0;
}

static int user_list(mc_store *s, mc_user ***out, size_t *count,
		     const char *org_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_user_list);
	mc_user **list = NULL;
	size_t n = 0, i;
	int error;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list), user_row,
			    "users");
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

static const char sql_admin_count[] =
    "SELECT count(*) FROM users"
    " WHERE platform_admin = 1 AND disabled = 0";

static int admin_count(mc_store *s, long long *count)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_admin_count);
	int error = 0;

	*count = 0;
	if (!st)
		return MC_EDB;
	if ((error = mc__sq_row(h, st, "users", "users: no count")))
		return error;
	*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static const char sql_user_set_hash[] =
    "UPDATE users SET pwhash = ?2 WHERE id = ?1";
static const char sql_user_set_disabled[] = "UPDATE users SET disabled = ?2"
					    " WHERE id = ?1";

static int user_update(mc_store *s, const char *id, const char *pwhash,
		       int disabled)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	int error;

	if (pwhash) {
		if (!(st = mc__sq_stmt(h, sql_user_set_hash)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, id);
		mc__sq_bind_text(st, 2, pwhash);
		if ((error = step_one(h, st, "user")))
			return error;
	}
	if (disabled >= 0) {
		if (!(st = mc__sq_stmt(h, sql_user_set_disabled)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, id);
		sqlite3_bind_int(st, 2, disabled ? 1 : 0);
		if ((error = step_one(h, st, "user")))
			return error;
	}
	return 0;
}

static const char sql_user_set_name[] =
    "UPDATE users SET name = ?2 WHERE id = ?1";

static int user_set_name(mc_store *s, const char *id, const char *name)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_user_set_name);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, name);
	return step_one(h, st, "user");
}

static const char sql_member_upsert[] =
    "INSERT INTO memberships(user_id, org_id, roles)"
    " VALUES(?1, ?2, ?3) ON CONFLICT(user_id, org_id)"
    " DO UPDATE SET roles = excluded.roles";
static const char sql_member_del[] = "DELETE FROM memberships"
				     " WHERE user_id = ?1 AND org_id = ?2";

static int member_set(mc_store *s, const char *user_id, const char *org_id,
		      unsigned roles)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, roles ? sql_member_upsert : sql_member_del);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, user_id);
	mc__sq_bind_text(st, 2, org_id);
	if (roles)
		sqlite3_bind_int(st, 3, (int)roles);
	return mc__sq_step_done(h, st, "membership");
}

/* ---- sessions ----------------------------------------------------------- */

static const char sql_session_ins[] = "INSERT INTO sessions(id, user_id, csrf,"
				      " created_at, last_seen, expires_at)"
				      " VALUES(?1, ?2, ?3, ?4, ?5, ?6)";

static int session_put(mc_store *s, const struct mc__session_row *r)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_session_ins);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, r->id);
	mc__sq_bind_text(st, 2, r->user_id);
	mc__sq_bind_text(st, 3, r->csrf);
	mc__sq_bind_text(st, 4, r->created_at);
	mc__sq_bind_text(st, 5, r->last_seen);
	mc__sq_bind_text(st, 6, r->expires_at);
	return mc__sq_step_done(h, st, "session");
}

static const char sql_session_get[] =
    "SELECT id, user_id, csrf, created_at, last_seen,"
    " expires_at FROM sessions WHERE id = ?1";

static int session_get(mc_store *s, struct mc__session_row *out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_session_get);
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if (!(error = mc__sq_row(h, st, "session", "no such session"))) {
		out->id = mc__sq_col_dup(st, 0, &error);
		out->user_id = mc__sq_col_dup(st, 1, &error);
		out->csrf = mc__sq_col_dup(st, 2, &error);
		out->created_at = mc__sq_col_dup(st, 3, &error);
		out->last_seen = mc__sq_col_dup(st, 4, &error);
		out->expires_at = mc__sq_col_dup(st, 5, &error);
		if (error)
			error = mc__sq_nomem(h);
		sqlite3_reset(st);
	}
	if (error)
		mc__session_row_clear(out);
	return error;
}

static const char sql_session_touch[] = "UPDATE sessions SET last_seen = ?2"
					" WHERE id = ?1";

static int session_touch(mc_store *s, const char *id, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_session_touch);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, at);
	return mc__sq_step_done(h, st, "session");
}

static const char sql_session_del_user[] =
    "DELETE FROM sessions WHERE user_id = ?1";
static const char sql_session_del[] = "DELETE FROM sessions WHERE id = ?1";

static int session_delete(mc_store *s, const char *id, const char *user_id,
			  size_t *deleted)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, id ? sql_session_del : sql_session_del_user);
	int error;

	if (deleted)
		*deleted = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id ? id : user_id);
	error = mc__sq_step_done(h, st, "session");
	if (!error && deleted)
		*deleted = (size_t)sqlite3_changes(h->db);
	return error;
}

/* ---- API tokens --------------------------------------------------------- */

static const char sql_token_ins[] =
    "INSERT INTO api_tokens(id, user_id, name, hash,"
    " scopes, created_at, expires_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static int token_put(mc_store *s, const mc_token_info *t, const char *hash)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_token_ins);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, t->id);
	mc__sq_bind_text(st, 2, t->user_id);
	mc__sq_bind_text(st, 3, t->name);
	mc__sq_bind_text(st, 4, hash);
	sqlite3_bind_int(st, 5, (int)t->scopes);
	mc__sq_bind_text(st, 6, t->created_at);
	mc__sq_bind_text(st, 7, t->expires_at);
	return mc__sq_step_done(h, st, "token");
}

static mc_token_info *token_from_row(sqlite3_stmt *st, int *error)
{
	mc_token_info *t = calloc(1, sizeof(*t));

	if (!t) {
		*error = MC_ENOMEM;
		return NULL;
	}
	t->id = mc__sq_col_dup(st, 0, error);
	t->user_id = mc__sq_col_dup(st, 1, error);
	t->name = mc__sq_col_dup(st, 2, error);
	t->scopes = (unsigned)sqlite3_column_int(st, 3);
	t->created_at = mc__sq_col_dup(st, 4, error);
	t->expires_at = mc__sq_col_dup(st, 5, error);
	t->last_used_at = mc__sq_col_dup(st, 6, error);
	t->revoked = sqlite3_column_type(st, 7) != SQLITE_NULL;
	return t;
}

static const char sql_token_find[] =
    "SELECT id, user_id, name, scopes, created_at,"
    " expires_at, last_used_at, revoked_at"
    " FROM api_tokens WHERE hash = ?1";

static int token_find(mc_store *s, mc_token_info **out, const char *hash)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_token_find);
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, hash);
	if ((error = mc__sq_row(h, st, "token", "no such token")))
		return error;
	*out = token_from_row(st, &error);
	if (error) {
		mc_token_info_free(*out);
		*out = NULL;
		error = mc__sq_nomem(h);
	}
	sqlite3_reset(st);
	return error;
}

static int token_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	int error = 0;

	*(mc_token_info **)elem = token_from_row(st, &error);
	return error ? mc__sq_nomem(h) : 0;
}

static const char sql_token_list[] =
    "SELECT id, user_id, name, scopes, created_at,"
    " expires_at, last_used_at, revoked_at"
    " FROM api_tokens WHERE user_id = ?1"
    " ORDER BY created_at, id";

static int token_list(mc_store *s, mc_token_info ***out, size_t *count,
		      const char *user_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_token_list);
	mc_token_info **list = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, user_id);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 token_row, "tokens")) < 0) {
		mc_token_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static const char sql_token_revoke[] = "UPDATE api_tokens SET revoked_at = ?3"
				       " WHERE id = ?2 AND user_id = ?1"
				       " AND revoked_at IS NULL";

static int token_revoke(mc_store *s, const char *user_id, const char *id,
			const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_token_revoke);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, user_id);
	mc__sq_bind_text(st, 2, id);
	mc__sq_bind_text(st, 3, at);
	error = mc__sq_step_done(h, st, "token");
	if (!error && sqlite3_changes(h->db) == 0)
		error = mc__store_error(s, MC_ENOTFOUND,
					"no active token '%s' of user '%s'", id,
					user_id);
	return error;
}

static const char sql_token_touch[] = "UPDATE api_tokens SET last_used_at = ?2"
				      " WHERE id = ?1";

static int token_touch(mc_store *s, const char *id, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_token_touch);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, at);
	return mc__sq_step_done(h, st, "token");
}

const struct mc__store_account_ops mc__sq_account = {
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
