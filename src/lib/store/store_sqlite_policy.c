/*
 * SQLite backend, schema v5: the organisations the platform admin
 * registered as QA bodies or self-accrediting providers
 * (org_recognitions), and the awarding bodies' consents to award an MC
 * (mc_consents).  See store.h for each operation's contract.
 */
#include "store_sqlite.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const char *const kinds[] = {"qa_body", "self_accrediting"};
static const char *const states[] = {"pending", "accepted", "declined"};

/* ---- recognitions ------------------------------------------------------- */

static int recognition_put(mc_store *s, const mc_recognition *r)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	int error;

	if (r->kind < 0 || (size_t)r->kind >= MC__ARRAY_SIZE(kinds))
		return mc__store_error(s, MC_EINVALID, "kind: unknown");
	if (!(st =
		  mc__sq_stmt(h, "INSERT INTO org_recognitions(org_id, country,"
				 " kind, granted_by, granted_at)"
				 " VALUES(?1, ?2, ?3, ?4, ?5)")))
		return MC_EDB;
	mc__sq_bind_text(st, 1, r->org_id);
	mc__sq_bind_text(st, 2, r->country);
	mc__sq_bind_text(st, 3, kinds[r->kind]);
	mc__sq_bind_text(st, 4, r->granted_by);
	mc__sq_bind_text(st, 5, r->granted_at);
	error = mc__sq_insert(h, st, "recognition");
	if (error == MC_EEXISTS)
		return mc__store_error(s, MC_EEXISTS,
				       "%s is registered as %s for %s already",
				       r->org_id, kinds[r->kind], r->country);
	if (error == MC_ENOTFOUND)
		return mc__store_error(s, MC_ENOTFOUND, "no organisation '%s'",
				       r->org_id);
	return error;
}

static int recognition_delete(mc_store *s, const char *org_id,
			      const char *country, mc_recognition_kind kind)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	int error;

	if (kind < 0 || (size_t)kind >= MC__ARRAY_SIZE(kinds))
		return mc__store_error(s, MC_EINVALID, "kind: unknown");
	if (!(st = mc__sq_stmt(h,
			       "DELETE FROM org_recognitions WHERE org_id = ?1"
			       " AND country = ?2 AND kind = ?3")))
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	mc__sq_bind_text(st, 2, country);
	mc__sq_bind_text(st, 3, kinds[kind]);
	if ((error = mc__sq_step_done(h, st, "recognition")) < 0)
		return error;
	if (sqlite3_changes(h->db) == 0)
		return mc__store_error(s, MC_ENOTFOUND,
				       "%s is not registered as %s for %s",
				       org_id, kinds[kind], country);
	return 0;
}

static int recognition_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_recognition *r = elem;
	int error = 0, kind;

	r->org_id = mc__sq_col_dup(st, 0, &error);
	r->country = mc__sq_col_dup(st, 1, &error);
	kind = mc__sq_value_of(kinds, MC__ARRAY_SIZE(kinds),
			       (const char *)sqlite3_column_text(st, 2));
	r->kind = kind < 0 ? MC_RECOGNITION_QA_BODY : (mc_recognition_kind)kind;
	r->granted_by = mc__sq_col_dup(st, 3, &error);
	r->granted_at = mc__sq_col_dup(st, 4, &error);
	if (error)
		return mc__sq_nomem(h);
	if (kind < 0)
		return mc__store_error(&h->base, MC_EDB,
				       "org_recognitions: unknown kind");
	return 0;
}

static int recognition_list(mc_store *s, mc_recognition **out, size_t *count,
			    const char *org_id, const char *country)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_recognition *list = NULL;
	sqlite3_stmt *st;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!(st = mc__sq_stmt(h, "SELECT org_id, country, kind, granted_by,"
				  " granted_at FROM org_recognitions"
				  " WHERE (?1 IS NULL OR org_id = ?1)"
				  " AND (?2 IS NULL OR country = ?2)"
				  " ORDER BY country, kind, org_id")))
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	mc__sq_bind_text(st, 2, country);
	error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
			    recognition_row, "recognitions");
	if (error < 0) {
		mc_recognition_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

/* ---- consents ----------------------------------------------------------- */

static int consent_request(mc_store *s, const char *mc_id, const char *org_id,
			   const char *actor, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;

	if (!(st = mc__sq_stmt(h, "INSERT OR IGNORE INTO mc_consents(mc_id,"
				  " org_id, state, requested_by, requested_at)"
				  " VALUES(?1, ?2, 'pending', ?3, ?4)")))
		return MC_EDB;
	mc__sq_bind_text(st, 1, mc_id);
	mc__sq_bind_text(st, 2, org_id);
	mc__sq_bind_text(st, 3, actor);
	mc__sq_bind_text(st, 4, at);
	return mc__sq_step_done(h, st, "consent request");
}

static int consent_decide(mc_store *s, const char *mc_id, const char *org_id,
			  mc_consent_state state, const char *actor,
			  const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;

	if (state < 0 || (size_t)state >= MC__ARRAY_SIZE(states))
		return mc__store_error(s, MC_EINVALID, "state: unknown");
	if (!(st =
		  mc__sq_stmt(h, "INSERT INTO mc_consents(mc_id, org_id, state,"
				 " requested_at, decided_by, decided_at)"
				 " VALUES(?1, ?2, ?3, ?5, ?4, ?5)"
				 " ON CONFLICT(mc_id, org_id) DO UPDATE"
				 " SET state = excluded.state,"
				 " decided_by = excluded.decided_by,"
				 " decided_at = excluded.decided_at")))
		return MC_EDB;
	mc__sq_bind_text(st, 1, mc_id);
	mc__sq_bind_text(st, 2, org_id);
	mc__sq_bind_text(st, 3, states[state]);
	mc__sq_bind_text(st, 4, actor);
	mc__sq_bind_text(st, 5, at);
	return mc__sq_step_done(h, st, "consent");
}

static int consent_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_consent *c = elem;
	int error = 0, state;

	c->mc_id = mc__sq_col_dup(st, 0, &error);
	c->org_id = mc__sq_col_dup(st, 1, &error);
	state = mc__sq_value_of(states, MC__ARRAY_SIZE(states),
				(const char *)sqlite3_column_text(st, 2));
	c->state = state < 0 ? MC_CONSENT_PENDING : (mc_consent_state)state;
	c->requested_by = mc__sq_col_dup(st, 3, &error);
	c->requested_at = mc__sq_col_dup(st, 4, &error);
	c->decided_by = mc__sq_col_dup(st, 5, &error);
	c->decided_at = mc__sq_col_dup(st, 6, &error);
	if (error)
		return mc__sq_nomem(h);
	if (state < 0)
		return mc__store_error(&h->base, MC_EDB,
				       "mc_consents: unknown state");
	return 0;
}

static int consent_list(mc_store *s, mc_consent **out, size_t *count,
			const char *org_id, const char *mc_id)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_consent *list = NULL;
	sqlite3_stmt *st;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!(st = mc__sq_stmt(h,
			       "SELECT mc_id, org_id, state, requested_by,"
			       " requested_at, decided_by, decided_at"
			       " FROM mc_consents"
			       " WHERE (?1 IS NULL OR org_id = ?1)"
			       " AND (?2 IS NULL OR mc_id = ?2)"
			       " ORDER BY state <> 'pending', mc_id, org_id")))
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	mc__sq_bind_text(st, 2, mc_id);
	error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
			    consent_row, "consents");
	if (error < 0) {
		mc_consent_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

const struct mc__store_policy_ops mc__sq_policy = {
    .recognition_put = recognition_put,
    .recognition_delete = recognition_delete,
    .recognition_list = recognition_list,
    .consent_request = consent_request,
    .consent_decide = consent_decide,
    .consent_list = consent_list,
};
