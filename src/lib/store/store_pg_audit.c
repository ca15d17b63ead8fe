/*
 * PostgreSQL backend: the audit log, which triggers keep append-only
 * (store_pg_schema.c): entries are added, the newest of an action about a
 * subject read back, and pages listed newest first.  Entry numbers come
 * from a sequence: with several nodes they increase with insertion, not
 * strictly with commit order, as the "before" paging only needs.
 */
#include "store_pg.h"

#include <limits.h>
#include <stdlib.h>

#include "util/util.h"

static const struct mc__pg_sql AUDIT_INS = {
    "audit_ins", "INSERT INTO audit(at, actor, action, subject, reason,"
		 " org_id, client) VALUES($1, $2, $3, $4, $5, $6, $7)"};
/* The audit_subject index finds it. */
static const struct mc__pg_sql AUDIT_LAST = {
    "audit_last", "SELECT at, reason FROM audit WHERE subject = $1"
		  " AND action = $2 ORDER BY n DESC LIMIT 1"};
/* Two statements, so that an organisation's entries come from the
 * audit_org index rather than a walk of the whole log. */
static const struct mc__pg_sql AUDIT_LIST = {
    "audit_list", "SELECT n, at, actor, action, subject, org_id, reason,"
		  " client FROM audit WHERE n < $1 ORDER BY n DESC LIMIT $2"};
static const struct mc__pg_sql AUDIT_LIST_ORG = {
    "audit_list_org",
    "SELECT n, at, actor, action, subject, org_id, reason, client"
    " FROM audit WHERE org_id = $3 AND n < $1 ORDER BY n DESC LIMIT $2"};

static int audit_add(mc_store *s, const char *actor, const char *action,
		     const char *subject, const char *org_id,
		     const char *reason)
{
	char now[21];

	if (!action || !*action)
		return mc__store_error(s, MC_EUSAGE, "audit: needs an action");
	mc__utc_now(now);
	return MC__PG_EXEC(mc__pg(s), NULL, &AUDIT_INS, "audit", now, actor,
			   action, subject, reason, org_id,
			   s->audit_client[0] ? s->audit_client : NULL);
}

static int audit_last(mc_store *s, char **at, char **reason,
		      const char *subject, const char *action)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error = 0;

	*at = NULL;
	*reason = NULL;
	if ((error =
		 mc__pg_row(h, &res, &AUDIT_LAST, 2,
			    (const char *[]){subject, action}, "audit", NULL)))
		return error;
	*at = mc__pg_dup(res, 0, 0, &error);
	*reason = mc__pg_dup(res, 0, 1, &error);
	PQclear(res);
	if (error) {
		free(*at);
		free(*reason);
		*at = *reason = NULL;
		error = mc__pg_nomem(h);
	}
	return error;
}

static int audit_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_audit_entry *e = elem;
	int error = 0;

	e->n = mc__pg_ll(res, i, 0);
	e->at = mc__pg_dup(res, i, 1, &error);
	e->actor = mc__pg_dup(res, i, 2, &error);
	e->action = mc__pg_dup(res, i, 3, &error);
	e->subject = mc__pg_dup(res, i, 4, &error);
	e->org_id = mc__pg_dup(res, i, 5, &error);
	e->reason = mc__pg_dup(res, i, 6, &error);
	e->client = mc__pg_dup(res, i, 7, &error);
	return error ? mc__pg_nomem(h) : 0;
}

static int audit_list(mc_store *s, mc_audit_entry **out, size_t *count,
		      const char *org_id, long long before, size_t limit)
{
	struct mc__pg *h = mc__pg(s);
	mc_audit_entry *list = NULL;
	PGresult *res = NULL;
	char b[24], l[24];
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	mc__pg_int(b, before > 0 ? before : LLONG_MAX);
	mc__pg_int(l, (long long)limit);
	if (org_id)
		error = MC__PG_EXEC(h, &res, &AUDIT_LIST_ORG, "audit", b, l,
				    org_id);
	else
		error = MC__PG_EXEC(h, &res, &AUDIT_LIST, "audit", b, l);
	if (error)
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), audit_row);
	PQclear(res);
	if (error) {
		mc_audit_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

const struct mc__store_audit_ops mc__pg_audit = {
    .add = audit_add,
    .last = audit_last,
    .list = audit_list,
};
