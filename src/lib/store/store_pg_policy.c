/*
 * PostgreSQL backend: who reviews and who awards.  The organisations the
 * platform admin registered as QA bodies or self-accrediting providers
 * (org_recognitions), and the awarding bodies' consents to award an MC
 * (mc_consents).  See store.h for each operation's contract.
 *
 * A registration that exists already is found by INSERT ... ON CONFLICT
 * DO NOTHING inserting no row (two admins registering the same one at
 * once: one row, one MC_EEXISTS); a consent request keeps the first
 * request the same way, and a decision is an upsert, each one statement
 * that PostgreSQL serialises on the row.
 */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const char *const kinds[] = {"qa_body", "self_accrediting"};
static const char *const states[] = {"pending", "accepted", "declined"};

#define FOREIGN_KEY_VIOLATION "23503"

/* The index of `name` in `names`, or -1. */
static int value_of(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* ---- recognitions ------------------------------------------------------- */

static const struct mc__pg_sql RECOGNITION_INS = {
    "recognition_ins", "INSERT INTO org_recognitions(org_id, country, kind,"
		       " granted_by, granted_at) VALUES($1, $2, $3, $4, $5)"
		       " ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql RECOGNITION_DEL = {
    "recognition_del", "DELETE FROM org_recognitions WHERE org_id = $1"
		       " AND country = $2 AND kind = $3"};
static const struct mc__pg_sql RECOGNITION_LIST = {
    "recognition_list", "SELECT org_id, country, kind, granted_by,"
			" granted_at FROM org_recognitions"
			" WHERE ($1::text IS NULL OR org_id = $1)"
			" AND ($2::text IS NULL OR country = $2)"
			" ORDER BY country, kind, org_id"};

static int recognition_put(mc_store *s, const mc_recognition *r)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	if (r->kind < 0 || (size_t)r->kind >= MC__ARRAY_SIZE(kinds))
		return mc__store_error(s, MC_EINVALID, "kind: unknown");
	/* nested: an unknown organisation must not abort the caller's
	 * transaction */
	if ((error = mc__pg_begin(s)))
		return error;
	error = MC__PG_EXEC(h, &res, &RECOGNITION_INS, "recognition", r->org_id,
			    r->country, kinds[r->kind], r->granted_by,
			    r->granted_at);
	if (error == MC_EINVALID &&
	    strcmp(h->sqlstate, FOREIGN_KEY_VIOLATION) == 0)
		error = mc__store_error(s, MC_ENOTFOUND, "no organisation '%s'",
					r->org_id);
	else if (!error && mc__pg_changes(res) == 0)
		error = mc__store_error(s, MC_EEXISTS,
					"%s is registered as %s for %s already",
					r->org_id, kinds[r->kind], r->country);
	PQclear(res);
	return mc__pg_finish(s, error);
}

static int recognition_delete(mc_store *s, const char *org_id,
			      const char *country, mc_recognition_kind kind)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	long long changed;
	int error;

	if (kind < 0 || (size_t)kind >= MC__ARRAY_SIZE(kinds))
		return mc__store_error(s, MC_EINVALID, "kind: unknown");
	if ((error = MC__PG_EXEC(h, &res, &RECOGNITION_DEL, "recognition",
				 org_id, country, kinds[kind])))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	if (changed == 0)
		return mc__store_error(s, MC_ENOTFOUND,
				       "%s is not registered as %s for %s",
				       org_id, kinds[kind], country);
	return 0;
}

static int recognition_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_recognition *r = elem;
	int error = 0, kind;

	r->org_id = mc__pg_dup(res, i, 0, &error);
	r->country = mc__pg_dup(res, i, 1, &error);
	kind = value_of(kinds, MC__ARRAY_SIZE(kinds), PQgetvalue(res, i, 2));
	r->kind = kind < 0 ? MC_RECOGNITION_QA_BODY : (mc_recognition_kind)kind;
	r->granted_by = mc__pg_dup(res, i, 3, &error);
	r->granted_at = mc__pg_dup(res, i, 4, &error);
	if (error)
		return mc__pg_nomem(h);
	if (kind < 0)
		return mc__store_error(&h->base, MC_EDB,
				       "org_recognitions: unknown kind");
	return 0;
}

static int recognition_list(mc_store *s, mc_recognition **out, size_t *count,
			    const char *org_id, const char *country)
{
	struct mc__pg *h = mc__pg(s);
	mc_recognition *list = NULL;
	PGresult *res = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &RECOGNITION_LIST, "recognitions",
				 org_id, country)))
		return error;
	error = mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list),
			    recognition_row);
	PQclear(res);
	if (error) {
		mc_recognition_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

/* ---- consents ----------------------------------------------------------- */

static const struct mc__pg_sql CONSENT_REQUEST = {
    "consent_request", "INSERT INTO mc_consents(mc_id, org_id, state,"
		       " requested_by, requested_at)"
		       " VALUES($1, $2, 'pending', $3, $4)"
		       " ON CONFLICT DO NOTHING"};
static const struct mc__pg_sql CONSENT_DECIDE = {
    "consent_decide", "INSERT INTO mc_consents(mc_id, org_id, state,"
		      " requested_at, decided_by, decided_at)"
		      " VALUES($1, $2, $3, $5, $4, $5)"
		      " ON CONFLICT(mc_id, org_id) DO UPDATE"
		      " SET state = excluded.state,"
		      " decided_by = excluded.decided_by,"
		      " decided_at = excluded.decided_at"};
static const struct mc__pg_sql CONSENT_LIST = {
    "consent_list", "SELECT mc_id, org_id, state, requested_by,"
		    " requested_at, decided_by, decided_at FROM mc_consents"
		    " WHERE ($1::text IS NULL OR org_id = $1)"
		    " AND ($2::text IS NULL OR mc_id = $2)"
		    " ORDER BY state <> 'pending', mc_id, org_id"};

static int consent_request(mc_store *s, const char *mc_id, const char *org_id,
			   const char *actor, const char *at)
{
	return MC__PG_EXEC(mc__pg(s), NULL, &CONSENT_REQUEST, "consent request",
			   mc_id, org_id, actor, at);
}

static int consent_decide(mc_store *s, const char *mc_id, const char *org_id,
			  mc_consent_state state, const char *actor,
			  const char *at)
{
	if (state < 0 || (size_t)state >= MC__ARRAY_SIZE(states))
		return mc__store_error(s, MC_EINVALID, "state: unknown");
	return MC__PG_EXEC(mc__pg(s), NULL, &CONSENT_DECIDE, "consent", mc_id,
			   org_id, states[state], actor, at);
}

static int consent_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_consent *c = elem;
	int error = 0, state;

	c->mc_id = mc__pg_dup(res, i, 0, &error);
	c->org_id = mc__pg_dup(res, i, 1, &error);
	state = value_of(states, MC__ARRAY_SIZE(states), PQgetvalue(res, i, 2));
	c->state = state < 0 ? MC_CONSENT_PENDING : (mc_consent_state)state;
	c->requested_by = mc__pg_dup(res, i, 3, &error);
	c->requested_at = mc__pg_dup(res, i, 4, &error);
	c->decided_by = mc__pg_dup(res, i, 5, &error);
	c->decided_at = mc__pg_dup(res, i, 6, &error);
	if (error)
		return mc__pg_nomem(h);
	if (state < 0)
		return mc__store_error(&h->base, MC_EDB,
				       "mc_consents: unknown state");
	return 0;
}

static int consent_list(mc_store *s, mc_consent **out, size_t *count,
			const char *org_id, const char *mc_id)
{
	struct mc__pg *h = mc__pg(s);
	mc_consent *list = NULL;
	PGresult *res = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &CONSENT_LIST, "consents", org_id,
				 mc_id)))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), consent_row);
	PQclear(res);
	if (error) {
		mc_consent_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

const struct mc__store_policy_ops mc__pg_policy = {
    .recognition_put = recognition_put,
    .recognition_delete = recognition_delete,
    .recognition_list = recognition_list,
    .consent_request = consent_request,
    .consent_decide = consent_decide,
    .consent_list = consent_list,
};
