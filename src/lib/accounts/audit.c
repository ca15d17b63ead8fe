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
#include "json/json_list.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

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
		error = store->audit->add(store, actor, action, subject, org_id,
					  reason);
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
	return store->audit->list(store, out, count, org_id, before, limit);
}

static int audit_fill(json_t *o, const void *item)
{
	const mc_audit_entry *e = item;

	return mc__json_set(o, "n", json_integer(e->n)) ||
	       mc__json_set(o, "at", mc__json_str_or_null(e->at)) ||
	       mc__json_set(o, "actor", mc__json_str_or_null(e->actor)) ||
	       mc__json_set(o, "action", mc__json_str_or_null(e->action)) ||
	       mc__json_set(o, "subject", mc__json_str_or_null(e->subject)) ||
	       mc__json_set(o, "org", mc__json_str_or_null(e->org_id)) ||
	       mc__json_set(o, "reason", mc__json_str_or_null(e->reason)) ||
	       mc__json_set(o, "client", mc__json_str_or_null(e->client));
}

int mc_audit_list_to_json(char **out, const mc_audit_entry *list, size_t count)
{
	return mc__json_dump_list(out, list, count, sizeof(*list), audit_fill);
}
