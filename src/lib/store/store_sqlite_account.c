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

/* Grow `*list` of `size`-byte items to hold n + 1. */
static int grow(void **list, size_t *alloc, size_t n, size_t size)
{
	void *bigger;
	size_t want;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc * 2 : 8;
	if (!(bigger = realloc(*list, want * size)))
		return MC_ENOMEM;
	*list = bigger;
	*alloc = want;
	return 0;
}

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

int mc__sq_user_put(mc_store *s, const mc_user *u, const char *pwhash)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_USER_INS);
	int rc;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, u->id);
	mc__sq_bind_text(st, 2, u->email);
	mc__sq_bind_text(st, 3, u->name);
	mc__sq_bind_text(st, 4, pwhash);
	sqlite3_bind_int(st, 5, u->platform_admin ? 1 : 0);
	sqlite3_bind_int(st, 6, u->disabled ? 1 : 0);
	mc__sq_bind_text(st, 7, u->created_at);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return mc__store_error(s, MC_EEXISTS,
				       "email: '%s' already has an account",
				       u->email);
	if (rc != SQLITE_DONE)
		return mc__sq_error(h, "user");
	return 0;
}

/* Fill u->memberships from the table. */
static int load_memberships(struct mc__sqlite *h, mc_user *u)
{
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_USER_MEMBERSHIPS);
	size_t alloc = 0;
	int rc, error = 0;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, u->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mc_membership *m;

		if (grow((void **)&u->memberships, &alloc, u->nmemberships,
			 sizeof(*u->memberships))) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
		m = &u->memberships[u->nmemberships];
		m->org_id = mc__sq_col_dup(st, 0, &error);
		m->roles = (unsigned)sqlite3_column_int(st, 1);
		u->nmemberships++;
		if (error) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE)
		error = mc__sq_error(h, "memberships");

cleanup:
	sqlite3_reset(st);
	return error;
}

/* A user from the current row of a SQ_USER_GET / SQ_USER_LIST statement
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

int mc__sq_user_get(mc_store *s, mc_user **out, char **pwhash,
		    const char *id_or_email)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_USER_GET);
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

int mc__sq_user_list(mc_store *s, mc_user ***out, size_t *count,
		     const char *org_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_USER_LIST);
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

int mc__sq_admin_count(mc_store *s, long long *count)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_ADMIN_COUNT);
	int error = 0;

	*count = 0;
	if (!st)
		return MC_EDB;
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		error = mc__sq_error(h, "users");
	sqlite3_reset(st);
	return error;
}

int mc__sq_user_update(mc_store *s, const char *id, const char *pwhash,
		       int disabled)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	int error;

	if (pwhash) {
		if (!(st = mc__sq_stmt(h, SQ_USER_SET_HASH)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, id);
		mc__sq_bind_text(st, 2, pwhash);
		if ((error = step_one(h, st, "user")))
			return error;
	}
	if (disabled >= 0) {
		if (!(st = mc__sq_stmt(h, SQ_USER_SET_DISABLED)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, id);
		sqlite3_bind_int(st, 2, disabled ? 1 : 0);
		if ((error = step_one(h, st, "user")))
			return error;
	}
	return 0;
}

int mc__sq_user_set_name(mc_store *s, const char *id, const char *name)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_USER_SET_NAME);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, name);
	return step_one(h, st, "user");
}

int mc__sq_member_set(mc_store *s, const char *user_id, const char *org_id,
		      unsigned roles)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, roles ? SQ_MEMBER_UPSERT : SQ_MEMBER_DEL);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, user_id);
	mc__sq_bind_text(st, 2, org_id);
	if (roles)
		sqlite3_bind_int(st, 3, (int)roles);
	return mc__sq_step_done(h, st, "membership");
}

/* ---- sessions ----------------------------------------------------------- */

int mc__sq_session_put(mc_store *s, const struct mc__session_row *r)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SESSION_INS);

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

int mc__sq_session_get(mc_store *s, struct mc__session_row *out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SESSION_GET);
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

int mc__sq_session_touch(mc_store *s, const char *id, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SESSION_TOUCH);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, at);
	return mc__sq_step_done(h, st, "session");
}

int mc__sq_session_delete(mc_store *s, const char *id, const char *user_id,
			  size_t *deleted)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, id ? SQ_SESSION_DEL : SQ_SESSION_DEL_USER);
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

int mc__sq_token_put(mc_store *s, const mc_token_info *t, const char *hash)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_TOKEN_INS);

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

int mc__sq_token_find(mc_store *s, mc_token_info **out, const char *hash)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_TOKEN_FIND);
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

int mc__sq_token_list(mc_store *s, mc_token_info ***out, size_t *count,
		      const char *user_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_TOKEN_LIST);
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

int mc__sq_token_revoke(mc_store *s, const char *user_id, const char *id,
			const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_TOKEN_REVOKE);
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

int mc__sq_token_touch(mc_store *s, const char *id, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_TOKEN_TOUCH);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, at);
	return mc__sq_step_done(h, st, "token");
}

/* ---- audit log and MC history ------------------------------------------- */

static int audit_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_audit_entry *e = elem;
	int error = 0;

	e->n = sqlite3_column_int64(st, 0);
	e->at = mc__sq_col_dup(st, 1, &error);
	e->actor = mc__sq_col_dup(st, 2, &error);
	e->action = mc__sq_col_dup(st, 3, &error);
	e->subject = mc__sq_col_dup(st, 4, &error);
	e->org_id = mc__sq_col_dup(st, 5, &error);
	e->reason = mc__sq_col_dup(st, 6, &error);
	e->client = mc__sq_col_dup(st, 7, &error);
	return error ? mc__sq_nomem(h) : 0;
}

int mc__sq_audit_list(mc_store *s, mc_audit_entry **out, size_t *count,
		      const char *org_id, long long before, size_t limit)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, org_id ? SQ_AUDIT_LIST_ORG : SQ_AUDIT_LIST);
	mc_audit_entry *list = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	sqlite3_bind_int64(st, 2, before > 0 ? before : LLONG_MAX);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 audit_row, "audit")) < 0) {
		mc_audit_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static int history_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_history_event *e = elem;
	int from, to, error = 0;

	to = mc__sq_status_parse((const char *)sqlite3_column_text(st, 3));
	from = mc__sq_status_parse((const char *)sqlite3_column_text(st, 2));
	e->n = sqlite3_column_int64(st, 0);
	e->version = (unsigned)sqlite3_column_int64(st, 1);
	e->to = to < 0 ? MC_STATUS_DRAFT : (mc_status)to;
	e->from = from < 0 ? e->to : (mc_status)from;
	e->actor = mc__sq_col_dup(st, 4, &error);
	e->note = mc__sq_col_dup(st, 5, &error);
	e->at = mc__sq_col_dup(st, 6, &error);
	return error ? mc__sq_nomem(h) : 0;
}

int mc__sq_mc_history(mc_store *s, mc_history_event **out, size_t *count,
		      const char *id, unsigned version)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_MC_HISTORY);
	mc_history_event *list = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 history_row, "history")) < 0) {
		mc_history_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

/* ---- credentials listed --------------------------------------------------
 */

/* The WHERE clause for the filters in use (org, MC, both, none). */
static const char *const cred_where[] = {
    "", " WHERE c.org_id = ?1", " WHERE c.mc_id = ?2",
    " WHERE c.org_id = ?1 AND c.mc_id = ?2"};

/* Non-zero when bit `bit` (MSB first) of the one-byte blob in column i is
 * set; 0 for NULL (no entry of that purpose). */
static int col_bit(sqlite3_stmt *st, int i, int bit)
{
	const unsigned char *b = sqlite3_column_blob(st, i);

	if (!b || sqlite3_column_bytes(st, i) < 1)
		return 0;
	return (b[0] >> (7 - bit)) & 1;
}

static int cred_total(struct mc__sqlite *h, size_t *total, int which,
		      const char *org_id, const char *mc_id)
{
	char sql[160];
	sqlite3_stmt *st;
	int error = 0;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM credentials c%s",
		 cred_where[which]);
	if (!(st = mc__sq_dyn(h, sql)))
		return MC_EDB;
	if (org_id)
		mc__sq_bind_text(st, 1, org_id);
	if (mc_id)
		mc__sq_bind_text(st, 2, mc_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = (size_t)sqlite3_column_int64(st, 0);
	else
		error = mc__sq_error(h, "credentials");
	sqlite3_reset(st);
	return error;
}

int mc__sq_cred_list(mc_store *s, mc_credential_summary **out, char ***data,
		     size_t *count, size_t *total, const char *org_id,
		     const char *mc_id, size_t offset, size_t limit)
{
	struct mc__sqlite *h = mc__sq(s);
	int which = (org_id ? 1 : 0) | (mc_id ? 2 : 0);
	mc_credential_summary *list = NULL;
	char **texts = NULL, sql[1024];
	size_t n = 0, alloc = 0, talloc = 0;
	sqlite3_stmt *st;
	int rc, error = 0;

	*out = NULL;
	*data = NULL;
	*count = 0;
	if (total && (error = cred_total(h, total, which, org_id, mc_id)))
		return error;
	snprintf(sql, sizeof(sql),
		 "SELECT c.id, c.mc_id, c.mc_version, c.org_id, c.format,"
		 " c.issued_at, c.data,"
		 " substr(lr.bits, er.idx / 8 + 1, 1), er.idx %% 8,"
		 " substr(ls.bits, es.idx / 8 + 1, 1), es.idx %% 8"
		 " FROM credentials c"
		 " LEFT JOIN status_entries er ON er.credential_seq = c.seq"
		 "  AND er.purpose = 'revocation'"
		 " LEFT JOIN status_lists lr ON lr.seq = er.list_seq"
		 " LEFT JOIN status_entries es ON es.credential_seq = c.seq"
		 "  AND es.purpose = 'suspension'"
		 " LEFT JOIN status_lists ls ON ls.seq = es.list_seq"
		 "%s ORDER BY c.seq DESC LIMIT ?3 OFFSET ?4",
		 cred_where[which]);
	if (!(st = mc__sq_dyn(h, sql)))
		return MC_EDB;
	if (org_id)
		mc__sq_bind_text(st, 1, org_id);
	if (mc_id)
		mc__sq_bind_text(st, 2, mc_id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mc_credential_summary *c;
		const char *fmt = (const char *)sqlite3_column_text(st, 4);
		const void *blob;
		int bytes;

		if (grow((void **)&list, &alloc, n, sizeof(*list)) ||
		    grow((void **)&texts, &talloc, n, sizeof(*texts))) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
		c = &list[n];
		memset(c, 0, sizeof(*c));
		texts[n] = NULL;
		n++;
		c->id = mc__sq_col_dup(st, 0, &error);
		c->mc_id = mc__sq_col_dup(st, 1, &error);
		c->mc_version = (unsigned)sqlite3_column_int64(st, 2);
		c->org_id = mc__sq_col_dup(st, 3, &error);
		if (!fmt || mc_credential_format_parse(&c->format, fmt) < 0)
			c->format = MC_FORMAT_OB3;
		c->issued_at = mc__sq_col_dup(st, 5, &error);
		blob = sqlite3_column_blob(st, 6);
		bytes = sqlite3_column_bytes(st, 6);
		if (blob && !(texts[n - 1] = mc__strndup(blob, (size_t)bytes)))
			error = MC_ENOMEM;
		if (col_bit(st, 7, sqlite3_column_int(st, 8)))
			c->state = MC_CRED_REVOKED;
		else if (col_bit(st, 9, sqlite3_column_int(st, 10)))
			c->state = MC_CRED_SUSPENDED;
		else
			c->state = MC_CRED_ACTIVE;
		if (error) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE) {
		error = mc__sq_error(h, "credentials");
		goto cleanup;
	}
	*out = list;
	*data = texts;
	*count = n;
	list = NULL;
	texts = NULL;

cleanup:
	sqlite3_reset(st);
	mc_credential_summaries_free(list, n);
	if (texts) {
		size_t i;

		for (i = 0; i < n; i++)
			free(texts[i]);
		free(texts);
	}
	return error;
}
