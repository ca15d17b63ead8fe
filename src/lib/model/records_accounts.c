/*
 * Records of accounts as the store returns them: users, API tokens, sessions
 * and audit entries, and what frees them.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/account.h"
#include "records.h"

void mc_user_free(mc_user *u)
{
	size_t i;

	if (!u)
		return;
	free(u->id);
	free(u->email);
	free(u->name);
	free(u->created_at);
	for (i = 0; i < u->nmemberships; i++)
		free(u->memberships[i].org_id);
	free(u->memberships);
	free(u);
}

void mc_user_list_free(mc_user **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_user_free(list[i]);
	free(list);
}

void mc_token_info_free(mc_token_info *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->user_id);
	free(t->name);
	free(t->created_at);
	free(t->expires_at);
	free(t->last_used_at);
	free(t);
}

void mc_token_list_free(mc_token_info **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_token_info_free(list[i]);
	free(list);
}

void mc__session_row_clear(struct mc__session_row *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->user_id);
	free(r->csrf);
	free(r->created_at);
	free(r->last_seen);
	free(r->expires_at);
	memset(r, 0, sizeof(*r));
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
