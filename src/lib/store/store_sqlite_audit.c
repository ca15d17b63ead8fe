/*
 * SQLite backend: the audit log (schema v2; org_id v3, client v6), which
 * triggers keep append-only: entries are added, the newest of an action
 * about a subject read back, and pages listed newest first.
 */
#include "store_sqlite.h"

#include <limits.h>
#include <stdlib.h>

#include "util/util.h"

static const char sql_audit_ins[] =
    "INSERT INTO audit(at, actor, action, subject,"
    " reason, org_id, client)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static int audit_add(mc_store *s, const char *actor, const char *action,
		     const char *subject, const char *org_id,
		     const char *reason)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21];

	if (!action || !*action)
		return mc__store_error(s, MC_EUSAGE, "audit: needs an action");
	if (!(st = mc__sq_stmt(h, sql_audit_ins)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, now);
	mc__sq_bind_text(st, 2, actor);
	mc__sq_bind_text(st, 3, action);
	mc__sq_bind_text(st, 4, subject);
	mc__sq_bind_text(st, 5, reason);
	mc__sq_bind_text(st, 6, org_id);
	mc__sq_bind_text(st, 7, s->audit_client[0] ? s->audit_client : NULL);
	return mc__sq_step_done(h, st, "audit");
}

/* The audit_subject index finds it. */
static const char sql_audit_last[] =
    "SELECT at, reason FROM audit WHERE subject = ?1"
    " AND action = ?2 ORDER BY n DESC LIMIT 1";

static int audit_last(mc_store *s, char **at, char **reason,
		      const char *subject, const char *action)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	int error = 0;

	*at = NULL;
	*reason = NULL;
	if (!(st = mc__sq_stmt(h, sql_audit_last)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, subject);
	mc__sq_bind_text(st, 2, action);
	if ((error = mc__sq_row(h, st, "audit", NULL)))
		return error;
	*at = mc__sq_col_dup(st, 0, &error);
	*reason = mc__sq_col_dup(st, 1, &error);
	if (error) {
		free(*at);
		free(*reason);
		*at = *reason = NULL;
		error = mc__sq_nomem(h);
	}
	sqlite3_reset(st);
	return error;
}

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

static const char sql_audit_list_org[] =
    "SELECT n, at, actor, action, subject, org_id,"
    " reason, client FROM audit"
    " WHERE org_id = ?1 AND n < ?2"
    " ORDER BY n DESC LIMIT ?3";
/* Two statements, so that an organisation's entries come from the
 * audit_org index rather than a walk of the whole log. */
static const char sql_audit_list[] =
    "SELECT n, at, actor, action, subject, org_id,"
    " reason, client FROM audit WHERE n < ?2"
    " ORDER BY n DESC LIMIT ?3";

static int audit_list(mc_store *s, mc_audit_entry **out, size_t *count,
		      const char *org_id, long long before, size_t limit)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, org_id ? sql_audit_list_org : sql_audit_list);
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

const struct mc__store_audit_ops mc__sq_audit = {
    .add = audit_add,
    .last = audit_last,
    .list = audit_list,
};
