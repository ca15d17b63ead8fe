/*
 * JSON request bodies (see json_body.h).
 */
#include "json_body.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int srv_body_bad(srv_resp *resp, const char *field, const char *reason)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	char detail[512];
	int error;

	snprintf(detail, sizeof(detail), "%s: %s", field, reason);
	mc_problems_add(&problems, NULL, field, "%s", reason);
	error = srv_resp_problem(resp, 400, "Bad Request", detail, &problems);
	mc_problems_clear(&problems);
	return error;
}

/* Non-zero if the request's Content-Type is application/json (parameters
 * such as charset ignored). */
static int is_json(const srv_req *req)
{
	static const char type[] = "application/json";
	const char *ct = srv_req_header(req, "Content-Type");
	size_t n = sizeof(type) - 1;

	return ct && strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

json_t *srv_body_object(srv_req *req, srv_resp *resp)
{
	json_error_t jerr;
	json_t *body;
	char why[300];

	if (!is_json(req)) {
		srv_resp_problem(resp, 415, "Unsupported Media Type",
				 "the body must be application/json", NULL);
		return NULL;
	}
	body =
	    json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!body) {
		snprintf(why, sizeof(why),
			 "malformed JSON at line %d column %d (position %d): "
			 "%s",
			 jerr.line, jerr.column, jerr.position, jerr.text);
		srv_body_bad(resp, "body", why);
		return NULL;
	}
	if (!json_is_object(body)) {
		json_decref(body);
		srv_body_bad(resp, "body", "must be a JSON object");
		return NULL;
	}
	return body;
}

/* The field, or NULL when absent or null; -1 in *state after a 400 for a
 * required field that is missing. */
static json_t *field_of(srv_resp *resp, json_t *obj, const char *field,
			int required, int *state)
{
	json_t *v = json_object_get(obj, field);

	*state = 0;
	if (v && !json_is_null(v))
		return v;
	if (required) {
		srv_body_bad(resp, field, "required");
		*state = -1;
	}
	return NULL;
}

int srv_body_string(srv_resp *resp, json_t *obj, const char *field,
		    const char **out, int required)
{
	int state;
	json_t *v = field_of(resp, obj, field, required, &state);

	if (!v)
		return state;
	if (!json_is_string(v)) {
		srv_body_bad(resp, field, "must be a string");
		return -1;
	}
	*out = json_string_value(v);
	return 1;
}

int srv_body_bool(srv_resp *resp, json_t *obj, const char *field, int *out,
		  int required)
{
	int state;
	json_t *v = field_of(resp, obj, field, required, &state);

	if (!v)
		return state;
	if (!json_is_boolean(v)) {
		srv_body_bad(resp, field, "must be true or false");
		return -1;
	}
	*out = json_is_true(v);
	return 1;
}

int srv_body_uint(srv_resp *resp, json_t *obj, const char *field, unsigned *out,
		  unsigned min, unsigned max, int required)
{
	json_int_t n;
	char why[96];
	int state;
	json_t *v = field_of(resp, obj, field, required, &state);

	if (!v)
		return state;
	n = json_is_integer(v) ? json_integer_value(v) : -1;
	if (!json_is_integer(v) || n < (json_int_t)min || n > (json_int_t)max) {
		snprintf(why, sizeof(why), "must be an integer %u..%u", min,
			 max);
		srv_body_bad(resp, field, why);
		return -1;
	}
	*out = (unsigned)n;
	return 1;
}

int srv_body_string_list(srv_resp *resp, json_t *obj, const char *field,
			 char *buf, size_t len, int required)
{
	size_t i, used = 0;
	char name[128];
	json_t *item;
	int state;
	json_t *v = field_of(resp, obj, field, required, &state);

	if (!v)
		return state;
	if (!json_is_array(v)) {
		srv_body_bad(resp, field, "must be an array of strings");
		return -1;
	}
	buf[0] = '\0';
	json_array_foreach(v, i, item)
	{
		const char *s = json_string_value(item);
		size_t n = s ? strlen(s) : 0;

		snprintf(name, sizeof(name), "%s[%zu]", field, i);
		if (!s || !n || strchr(s, ',')) {
			srv_body_bad(resp, name,
				     "must be a non-empty string without "
				     "commas");
			return -1;
		}
		if (used + n + 2 > len) {
			srv_body_bad(resp, field, "too many or too long items");
			return -1;
		}
		if (used)
			buf[used++] = ',';
		memcpy(buf + used, s, n + 1);
		used += n;
	}
	return 1;
}
