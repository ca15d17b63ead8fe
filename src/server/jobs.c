/*
 * Background jobs (see jobs.h).  Placeholder.
 */
#include "jobs.h"

#include <stdlib.h>

const char *mc_job_state_name(mc_job_state s)
{
	static const char *const names[] = {"queued", "running", "done",
					    "partial", "failed"};

	return (unsigned)s < 5 ? names[s] : "unknown";
}

void mc_jobs_init(const char *db_location)
{
	(void)db_location;
}

void mc_jobs_shutdown(void)
{
}

int mc_job_start_roster(char *id, size_t idlen, const char *mc_id,
			unsigned version, const char *csv, size_t len,
			const char *name, const mc_issue_options *opts,
			const char *actor)
{
	(void)id;
	(void)idlen;
	(void)mc_id;
	(void)version;
	(void)csv;
	(void)len;
	(void)name;
	(void)opts;
	(void)actor;
	return MC_EIO;
}

int mc_job_get(mc_job_info *out, const char *id)
{
	(void)out;
	(void)id;
	return MC_ENOTFOUND;
}

int mc_job_to_json(char **out, const mc_job_info *job)
{
	(void)job;
	*out = NULL;
	return MC_ENOMEM;
}
