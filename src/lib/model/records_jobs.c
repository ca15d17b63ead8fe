/*
 * The background job record as the store returns it, its states' names,
 * and what frees it.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/types.h"
#include "util/util.h"

static const char *const state_names[] = {"queued", "running", "done",
					  "partial", "failed"};

const char *mc_job_state_name(mc_job_state state)
{
	return (unsigned)state < MC__ARRAY_SIZE(state_names)
		   ? state_names[state]
		   : "unknown";
}

int mc_job_state_parse(mc_job_state *out, const char *name)
{
	size_t i;

	for (i = 0; name && i < MC__ARRAY_SIZE(state_names); i++)
		if (strcmp(state_names[i], name) == 0) {
			*out = (mc_job_state)i;
			return 0;
		}
	return MC_EINVALID;
}

void mc_job_free(mc_job *job)
{
	if (!job)
		return;
	free(job->id);
	free(job->kind);
	free(job->org_id);
	free(job->subject);
	free(job->payload);
	free(job->input);
	free(job->created_by);
	free(job->client);
	free(job->created_at);
	free(job->updated_at);
	free(job->node);
	free(job->lease_until);
	free(job->result);
	free(job->finished_at);
	free(job);
}

void mc_job_list_free(mc_job **list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		mc_job_free(list[i]);
	free(list);
}
