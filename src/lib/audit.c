/*
 * The audit log (see account.h): append-only, written by every write,
 * read newest first by organisation.  Each entry records the client
 * address the store handle holds at the time (mc_audit_set_client), so
 * that entries the library writes on its own (issuing, failed sign-ins)
 * carry it too.  Refusals are written through audit_throttle.c, which
 * bounds how many one client address adds.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/account.h"

#include "audit_throttle.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"

/* Longest text kept in one audit field; longer values are cut at a
 * UTF-8 boundary, so that an entry stays small whatever the caller
 * passes. */
#define AUDIT_FIELD_MAX 2000

/* `s` cut to AUDIT_FIELD_MAX bytes at a character boundary into *copy
 * when it is longer (caller frees), else `s` itself. */
static const char *bounded(const char *s, char **copy, int *error)
{
	size_t len;

	*copy = NULL;
	if (!s || (len = strlen(s)) <= AUDIT_FIELD_MAX)
		return s;
	len = mc__utf8_valid_prefix(s, AUDIT_FIELD_MAX);
	if (!(*copy = mc__strndup(s, len)))
		*error = MC_ENOMEM;
	return *copy;
}

int mc_audit_add(mc_store *store, const char *actor, const char *action,
		 const char *subject, const char *org_id, const char *reason)
{
	char *c[4];
	int error = 0;
	size_t i;

	if (!store || !action || !*action)
		return MC_EUSAGE;
	actor = bounded(actor, &c[0], &error);
	subject = bounded(subject, &c[1], &error);
	org_id = bounded(org_id, &c[2], &error);
	reason = bounded(reason, &c[3], &error);
	if (!error)
		error = store->ops->audit_add(store, actor, action, subject,
					      org_id, reason);
	for (i = 0; i < 4; i++)
		free(c[i]);
	return error;
}

int mc_audit_set_client(mc_store *store, const char *addr)
{
	size_t len = addr ? strlen(addr) : 0;

	if (!store)
		return MC_EUSAGE;
	if (len >= sizeof(store->audit_client))
		return mc__store_error(store, MC_EINVALID,
				       "client address: longer than %zu bytes",
				       sizeof(store->audit_client) - 1);
	memcpy(store->audit_client, addr ? addr : "", len);
	store->audit_client[len] = '\0';
	return 0;
}

int mc_audit_flush(mc_store *store)
{
	if (!store)
		return MC_EUSAGE;
	mc__audit_throttle_flush(store, mc__now(), 1);
	return 0;
}

int mc_audit_list(mc_store *store, mc_audit_entry **out, size_t *count,
		  const char *org_id, long long before, size_t limit)
{
	*out = NULL;
	*count = 0;
	if (!store)
		return MC_EUSAGE;
	/* Counts of refusals whose window has closed are written before the
	 * log is read, so a reader sees them (audit_throttle.c). */
	mc__audit_throttle_flush(store, mc__now(), 0);
	mc__store_clear_error(store);
	if (limit < 1 || limit > 1000)
		return mc__store_error(store, MC_EINVALID,
				       "limit: must be 1..1000, got %zu",
				       limit);
	return store->ops->audit_list(store, out, count, org_id, before, limit);
}

void mc_audit_list_free(mc_audit_entry *list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++) {
		free(list[i].at);
		free(list[i].actor);
		free(list[i].action);
		free(list[i].subject);
		free(list[i].org_id);
		free(list[i].reason);
		free(list[i].client);
	}
	free(list);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int mc_audit_list_to_json(char **out, const mc_audit_entry *list, size_t count)
{
	json_t *a = json_array();
	size_t i;

	*out = NULL;
	if (!a)
		return MC_ENOMEM;
	for (i = 0; i < count; i++) {
		json_t *o = json_object();

		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return MC_ENOMEM;
		}
		json_object_set_new(o, "n", json_integer(list[i].n));
		json_object_set_new(o, "at", str_or_null(list[i].at));
		json_object_set_new(o, "actor", str_or_null(list[i].actor));
		json_object_set_new(o, "action", str_or_null(list[i].action));
		json_object_set_new(o, "subject", str_or_null(list[i].subject));
		json_object_set_new(o, "org", str_or_null(list[i].org_id));
		json_object_set_new(o, "reason", str_or_null(list[i].reason));
		json_object_set_new(o, "client", str_or_null(list[i].client));
	}
	*out = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(a);
	return *out ? 0 : MC_ENOMEM;
}
