/*
 * What the API handlers share (see api_util.h).
 */
#include "api_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "cryptosuite.h"
#include "json_body.h"

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

/* ---- answers ------------------------------------------------------------ */

void srv_resp_etag(srv_resp *resp)
{
	unsigned long long h = 14695981039346656037ULL;
	size_t i;

	if (resp->status != 200 || !resp->body)
		return;
	for (i = 0; i < resp->body_len; i++) {
		h ^= (unsigned char)resp->body[i];
		h *= 1099511628211ULL;
	}
	free(resp->etag);
	if ((resp->etag = malloc(24)))
		snprintf(resp->etag, 24, "W/\"%016llx\"", h);
}

int srv_resp_text(srv_resp *resp, char *text, const char *type, int etag)
{
	if (!text)
		return srv_resp_problem(resp, 500, "Internal Server Error",
					"out of memory", NULL);
	free(resp->body);
	resp->body = text;
	resp->body_len = strlen(text);
	resp->status = 200;
	resp->content_type = type ? type : "application/json";
	if (etag)
		srv_resp_etag(resp);
	return 0;
}

int srv_resp_private_json(srv_resp *resp, unsigned status, json_t *json)
{
	resp->private_ = 1;
	return srv_resp_json(resp, status, json);
}

/* ---- query and path parameters ------------------------------------------ */

int srv_param_bad(srv_resp *resp, const char *field, const char *reason)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	char detail[512];
	int error;

	/* Bounded so that the whole detail fits: a long reason is cut,
	 * the field name never is. */
	snprintf(detail, sizeof(detail), "%.64s: %.440s", field, reason);
	mc_problems_add(&problems, NULL, field, "%s", reason);
	error = srv_resp_problem(resp, 400, "Bad Request", detail, &problems);
	mc_problems_clear(&problems);
	return error;
}

int srv_param_token_ok(const char *s, size_t max, const char *extra)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || strchr(extra, c)) ||
		    i == max)
			return 0;
	}
	return i > 0;
}

const char *srv_param_country(srv_req *req, srv_resp *resp, const char *v)
{
	char *cc;

	if (strlen(v) != 2 || !srv_param_token_ok(v, 2, "") || v[0] <= '9' ||
	    v[1] <= '9') { /* two letters */
		srv_param_bad(resp, "country",
			      "must be an ISO 3166-1 alpha-2 code such as UA");
		return NULL;
	}
	if (!(cc = srv_arena_strdup(req->arena, v))) {
		srv_resp_problem(resp, 500, "Internal Server Error",
				 "out of memory", NULL);
		return NULL;
	}
	cc[0] = (char)(cc[0] & ~0x20);
	cc[1] = (char)(cc[1] & ~0x20);
	return cc;
}

int srv_query_number(srv_req *req, srv_resp *resp, const char *name,
		     size_t *out, size_t def, size_t min, size_t max)
{
	const char *v = srv_req_query(req, name);
	unsigned long long n = 0;
	char why[96];
	size_t i;

	*out = def;
	if (!v)
		return 0;
	for (i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i == 10)
			break;
		n = n * 10 + (unsigned)(v[i] - '0');
	}
	if (i == 0 || v[i] || n < min || n > max) {
		snprintf(why, sizeof(why), "must be a number %zu..%zu", min,
			 max);
		srv_body_bad(resp, name, why);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

const char *srv_uuid_of(const char *id)
{
	const char *slash = strrchr(id, '/');

	return slash ? slash + 1 : id;
}

/* ---- the request -------------------------------------------------------- */

const mc_principal *srv_req_reader(srv_req *req, srv_resp *resp)
{
	const mc_principal *who = srv_auth_who(req);

	if (who)
		resp->private_ = 1;
	return who;
}

int srv_req_content_type_is(const srv_req *req, const char *type)
{
	const char *ct = srv_req_header(req, "Content-Type");
	size_t n = strlen(type);

	return ct && strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* ---- bodies ------------------------------------------------------------- */

json_t *srv_body_vc_object(srv_req *req, srv_resp *resp)
{
	json_error_t jerr;
	json_t *body;
	char why[256];

	body = mc_credential_json_parse(req->body, req->body_len, &jerr);
	if (!body) {
		snprintf(why, sizeof(why),
			 "malformed JSON at line %d column %d: %s", jerr.line,
			 jerr.column, jerr.text);
		srv_param_bad(resp, "body", why);
		return NULL;
	}
	if (!json_is_object(body)) {
		json_decref(body);
		srv_param_bad(resp, "body", "must be a JSON object");
		return NULL;
	}
	return body;
}

int srv_body_id_matches_path(srv_resp *resp, json_t *body, const char *id)
{
	const char *got = NULL;
	char why[256];
	int has = srv_body_string(resp, body, "id", &got, 0);

	if (has < 0)
		return -1;
	if (!has) {
		if (json_object_set_new(body, "id", json_string(id)) == 0)
			return 0;
		srv_resp_problem(resp, 500, "Internal Server Error",
				 "out of memory", NULL);
		return -1;
	}
	if (strcmp(got, id) != 0) {
		snprintf(why, sizeof(why), "must match the path ('%.100s')",
			 id);
		srv_body_bad(resp, "id", why);
		return -1;
	}
	return 0;
}

int srv_body_member(srv_resp *resp, json_t *obj, const char *path,
		    const char *key, const char **out, int required)
{
	json_t *v = json_object_get(obj, key);
	char field[128];

	snprintf(field, sizeof(field), "%s%s%s", path, *path ? "." : "", key);
	if (!v || json_is_null(v)) {
		if (required)
			srv_body_bad(resp, field, "required");
		return required ? -1 : 0;
	}
	if (!json_is_string(v)) {
		srv_body_bad(resp, field, "must be a string");
		return -1;
	}
	*out = json_string_value(v);
	return 1;
}

int srv_body_issue_options(srv_resp *resp, json_t *obj, const char *path,
			   mc_issue_options *opts)
{
	const char *format = NULL, *suite = NULL;
	char field[64], allowed[SRV_CRYPTOSUITE_ALLOWED_MAX];

	if (!obj)
		return 0;
	if (srv_body_member(resp, obj, path, "format", &format, 0) < 0 ||
	    srv_body_member(resp, obj, path, "cryptosuite", &suite, 0) < 0 ||
	    srv_body_member(resp, obj, path, "alg", &opts->jwt_alg, 0) < 0 ||
	    srv_body_member(resp, obj, path, "grade", &opts->grade, 0) < 0 ||
	    srv_body_member(resp, obj, path, "assessed_on", &opts->assessed_on,
			    0) < 0 ||
	    srv_body_member(resp, obj, path, "valid_until", &opts->valid_until,
			    0) < 0)
		return -1;
	if (format && mc_credential_format_parse(&opts->format, format) < 0) {
		snprintf(field, sizeof(field), "%s%sformat", path,
			 *path ? "." : "");
		srv_body_bad(resp, field, "must be ob3, vc-jwt or edc");
		return -1;
	}
	snprintf(field, sizeof(field), "%s%scryptosuite", path,
		 *path ? "." : "");
	if (srv_cryptosuite_pick(&opts->cryptosuite, suite) < 0) {
		srv_body_bad(resp, field,
			     srv_cryptosuite_allowed(allowed, sizeof(allowed)));
		return -1;
	}
	if (suite && opts->format != MC_FORMAT_OB3) {
		srv_body_bad(resp, field, "only for format ob3");
		return -1;
	}
	return 0;
}
