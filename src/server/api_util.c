/*
 * What the write handlers share (see api_util.h).
 */
#include "api_util.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"

int srv_resp_owned(srv_resp *resp, unsigned status, char *text,
		   const char *type)
{
	if (!text)
		return srv_resp_problem(resp, 500, "Internal Server Error",
					"out of memory", NULL);
	free(resp->body);
	resp->body = text;
	resp->body_len = strlen(text);
	resp->status = status;
	resp->content_type = type ? type : "application/json";
	resp->private_ = 1;
	return 0;
}

int srv_resp_lib_error(srv_req *req, srv_resp *resp, int error,
		       const mc_problems *problems)
{
	char *first;
	int rc;

	if (error != MC_EINVALID || !problems || !problems->count)
		return srv_resp_error(resp, req, error);
	first = mc_problem_format(&problems->items[0]);
	rc = srv_resp_problem(resp, 422, "Unprocessable Content",
			      first ? first : "the record is not valid",
			      problems);
	free(first);
	return rc;
}

void srv_req_audit(srv_req *req, const char *org, const char *subject)
{
	req->audit_org = srv_arena_strdup(req->arena, org);
	req->audit_subject = srv_arena_strdup(req->arena, subject);
}

const char *srv_req_concat(srv_req *req, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = srv_arena_alloc(req->arena, na + nb + 1);

	if (s) {
		memcpy(s, a, na);
		memcpy(s + na, b, nb + 1);
	}
	return s;
}

const char *srv_req_actor(srv_req *req)
{
	const mc_principal *who = srv_auth_who(req);

	return who ? who->actor : NULL;
}
