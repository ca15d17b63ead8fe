/*
 * What the write handlers share (see api_util.h).
 */
#include "api_util.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"

int mc_resp_owned(mc_resp *resp, unsigned status, char *text, const char *type)
{
	if (!text)
		return mc_resp_problem(resp, 500, "Internal Server Error",
				       "out of memory", NULL);
	free(resp->body);
	resp->body = text;
	resp->body_len = strlen(text);
	resp->status = status;
	resp->content_type = type ? type : "application/json";
	resp->private_ = 1;
	return 0;
}

int mc_resp_lib_error(mc_req *req, mc_resp *resp, int error,
		      const mc_problems *problems)
{
	char *first;
	int rc;

	if (error != MC_EINVALID || !problems || !problems->count)
		return mc_resp_error(resp, req, error);
	first = mc_problem_format(&problems->items[0]);
	rc = mc_resp_problem(resp, 422, "Unprocessable Content",
			     first ? first : "the record is not valid",
			     problems);
	free(first);
	return rc;
}

void mc_req_audit(mc_req *req, const char *org, const char *subject)
{
	req->audit_org = mc_arena_strdup(req->arena, org);
	req->audit_subject = mc_arena_strdup(req->arena, subject);
}

const char *mc_req_concat(mc_req *req, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = mc_arena_alloc(req->arena, na + nb + 1);

	if (s) {
		memcpy(s, a, na);
		memcpy(s + na, b, nb + 1);
	}
	return s;
}

const char *mc_req_actor(mc_req *req)
{
	const mc_principal *who = mc_auth_who(req);

	return who ? who->actor : NULL;
}
