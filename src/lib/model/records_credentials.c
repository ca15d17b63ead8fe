/*
 * Records of issued credentials as the store returns them: credentials, their
 * references and summaries, status lists, format names, and what frees them.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "records.h"
#include "util/util.h"

static const char *const format_names[] = {"ob3", "vc-jwt", "edc"};

const char *mc_credential_format_name(mc_credential_format f)
{
	return (unsigned)f < MC__ARRAY_SIZE(format_names) ? format_names[f]
							  : "unknown";
}

int mc_credential_format_parse(mc_credential_format *out, const char *name)
{
	size_t i;

	for (i = 0; name && i < MC__ARRAY_SIZE(format_names); i++)
		if (strcmp(name, format_names[i]) == 0) {
			*out = (mc_credential_format)i;
			return 0;
		}
	return MC_EINVALID;
}

void mc_credential_free(mc_credential *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->mc_id);
	free(c->org_id);
	free(c->data);
	free(c->issued_at);
	free(c);
}

void mc_credential_refs_free(mc_credential_ref *list, size_t count)
{
	size_t i;

	for (i = 0; list && i < count; i++)
		free(list[i].id);
	free(list);
}

void mc_credential_summaries_free(mc_credential_summary *list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++) {
		free(list[i].id);
		free(list[i].mc_id);
		free(list[i].org_id);
		free(list[i].learner_name);
		free(list[i].issued_at);
	}
	free(list);
}

void mc__status_list_free(struct mc__status_list *l)
{
	if (!l)
		return;
	free(l->url);
	free(l->org_id);
	free(l->bits);
	free(l->signed_json);
	free(l->updated_at);
	free(l);
}
