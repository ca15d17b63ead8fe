/*
 * Accounts: sign in and out, users, memberships, API tokens and the audit
 * log.
 *
 *   GET, POST, DELETE /api/v1/session
 *   GET, POST /api/v1/users            GET, PUT /api/v1/users/:id
 *   GET /api/v1/organisations/:id/members
 *   PUT /api/v1/organisations/:id/members/:user
 *   GET, POST /api/v1/tokens           DELETE /api/v1/tokens/:id
 *   GET /api/v1/audit[?org=&before=&limit=]
 *
 * Every answer here is private (Cache-Control: private, no-store).  Who may
 * do what is the library's policy (srv_auth_require); the few rules of this
 * file are about a user's own account: anyone signed in reads and changes
 * their own name and password and manages their own API tokens, and a
 * token never grants a new token more scopes than it has itself.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "json_body.h"

/* Default lifetime of an API token, days. */
#define TOKEN_DAYS     90
#define TOKEN_DAYS_MAX 3650
#define TOKEN_NAME_MAX 100
#define AUDIT_LIMIT    50

/* ---- helpers ------------------------------------------------------------ */

static int oom(srv_resp *resp)
{
	return srv_resp_problem(resp, 500, "Internal Server Error",
				"out of memory", NULL);
}

/* JSON text made by the library (taken over) as a jansson value. */
static json_t *parsed(char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;

	free(text);
	return v;
}

static json_t *user_json(const mc_user *u)
{
	char *text = NULL;

	if (mc_user_to_json(&text, u) < 0)
		return NULL;
	return parsed(text);
}

static json_t *token_json(const mc_token_info *t)
{
	char *text = NULL;

	if (mc_token_info_to_json(&text, t) < 0)
		return NULL;
	return parsed(text);
}

/* Send `json` (stolen) privately; 500 when NULL. */
static int send(srv_resp *resp, unsigned status, json_t *json)
{
	resp->private_ = 1;
	if (!json)
		return oom(resp);
	return srv_resp_json(resp, status, json);
}

static int no_content(srv_resp *resp)
{
	free(resp->body);
	resp->body = NULL;
	resp->body_len = 0;
	resp->content_type = NULL;
	resp->status = 204;
	resp->private_ = 1;
	return 0;
}

/* 403 unless the principal's scopes include `scope` (sessions have all). */
static int need_scope(srv_resp *resp, const mc_principal *who, unsigned scope)
{
	char why[96];

	if ((who->scopes & scope) == scope)
		return 0;
	snprintf(why, sizeof(why), "the token lacks the %s scope",
		 mc_scope_name(scope));
	srv_resp_problem(resp, 403, "Forbidden", why, NULL);
	return -1;
}

/* Non-zero when `id` names the principal's own account: its id, or its
 * email in any case (emails are stored lowercased). */
static int is_self(const mc_principal *who, const char *id)
{
	return strcmp(who->user->id, id) == 0 ||
	       (who->user->email && strcasecmp(who->user->email, id) == 0);
}

/* Answer a library error, with the problems list for MC_EINVALID. */
static int library_error(srv_req *req, srv_resp *resp, int error,
			 const mc_problems *problems)
{
	if (error == MC_EINVALID && problems && problems->count) {
		const mc_problem *p = &problems->items[0];
		char detail[512];

		snprintf(detail, sizeof(detail), "%s%s%s", p->field,
			 *p->field ? ": " : "", p->reason);
		return srv_resp_problem(resp, 400, "Bad Request", detail,
					problems);
	}
	return srv_resp_error(resp, req, error);
}

/* ---- sessions ------------------------------------------------------------ */

/* {user, csrf, expires} of a principal (csrf null for a token). */
static json_t *session_json(const mc_principal *who)
{
	return json_pack("{s:o*, s:s?, s:s?}", "user", user_json(who->user),
			 "csrf", who->csrf, "expires", who->expires_at);
}

int srv_api_session_get(srv_req *req, srv_resp *resp)
{
	const mc_principal *who = srv_auth_who(req);

	if (!who)
		return srv_auth_signed_in(req, resp), 0;
	return send(resp, 200, session_json(who));
}

static void free_principal(void *p)
{
	mc_principal_free(p);
}

/*
 * POST /api/v1/session {email, password}: a new session in the cookie.
 * Unknown email, wrong password and disabled account all answer the same
 * 403.  Rate-limited per address before anything else is looked at.
 */
int srv_api_session_login(srv_req *req, srv_resp *resp)
{
	const char *email = NULL, *password = NULL;
	mc_principal *who = NULL;
	char *token = NULL;
	json_t *body;
	int error;

	resp->private_ = 1;
	if (srv_rate_take(req, resp, SRV_RATE_LOGIN) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (srv_body_string(resp, body, "email", &email, 1) < 0 ||
	    srv_body_string(resp, body, "password", &password, 1) < 0)
		goto cleanup;
	/* The library hashes at most MC_PASSWORD_MAX + 1 bytes, and audits
	 * a refusal with the client's address. */
	srv_auth_audit_client(req);
	error = mc_session_login(req->store, &token, &who, email, password);
	if (error == MC_EFORBIDDEN) {
		srv_resp_problem(resp, 403, "Forbidden",
				 "wrong email or password", NULL);
		goto cleanup;
	}
	if (error < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	/* The new principal is this request's, for the audit entry. */
	if (srv_arena_defer(req->arena, free_principal, who) < 0) {
		who = NULL;
		oom(resp);
		goto cleanup;
	}
	req->who_ = who;
	req->who_done_ = 1;
	req->audit_subject = srv_arena_strdup(req->arena, who->user->id);
	srv_auth_set_cookie(req, resp, token);
	send(resp, 201, session_json(who));
cleanup:
	if (token) {
		memset(token, 0, strlen(token));
		free(token);
	}
	json_decref(body);
	return 0;
}

/* DELETE /api/v1/session: end the cookie's session (CSRF checked). */
int srv_api_session_logout(srv_req *req, srv_resp *resp)
{
	const char *token;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if (!(token = srv_auth_session_token(req)) ||
	    !srv_auth_who(req)->session_id)
		return srv_resp_problem(resp, 400, "Bad Request",
					"this request uses an API token, not a "
					"session (revoke it at DELETE "
					"/api/v1/tokens/ID)",
					NULL);
	if ((error = mc_session_logout(req->store, token)) < 0)
		return srv_resp_error(resp, req, error);
	req->audit_subject =
	    srv_arena_strdup(req->arena, srv_auth_who(req)->user->id);
	srv_auth_clear_cookie(req, resp);
	return no_content(resp);
}

/* ---- users -------------------------------------------------------------- */

int srv_api_user_list(srv_req *req, srv_resp *resp)
{
	mc_user **list = NULL;
	json_t *array;
	size_t n = 0, i;
	int error;

	if (srv_auth_require(req, resp, MC_ACT_USERS, NULL, NULL) < 0)
		return 0;
	if ((error = mc_user_list(req->store, &list, &n)) < 0)
		return srv_resp_error(resp, req, error);
	array = json_array();
	for (i = 0; array && i < n; i++)
		if (json_array_append_new(array, user_json(list[i])) < 0) {
			json_decref(array);
			array = NULL;
		}
	mc_user_list_free(list, n);
	return send(resp, 200, array);
}

/* POST /api/v1/users {email, name, password, platform_admin?}. */
int srv_api_user_create(srv_req *req, srv_resp *resp)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *email = NULL, *name = NULL, *password = NULL;
	int admin = 0, error;
	mc_user *u = NULL;
	json_t *body;
	char *loc;

	if (srv_auth_require(req, resp, MC_ACT_USERS, NULL, NULL) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (srv_body_string(resp, body, "email", &email, 1) < 0 ||
	    srv_body_string(resp, body, "name", &name, 1) < 0 ||
	    srv_body_string(resp, body, "password", &password, 1) < 0 ||
	    srv_body_bool(resp, body, "platform_admin", &admin, 0) < 0)
		goto cleanup;
	error = mc_user_create(req->store, &u, email, name, password, admin,
			       &problems);
	if (error < 0) {
		library_error(req, resp, error, &problems);
		goto cleanup;
	}
	req->audit_subject = srv_arena_strdup(req->arena, u->id);
	if ((loc = srv_arena_alloc(req->arena, strlen(u->id) + 16))) {
		sprintf(loc, "/api/v1/users/%s", u->id);
		resp->location = loc;
	}
	send(resp, 201, user_json(u));
cleanup:
	mc_problems_clear(&problems);
	mc_user_free(u);
	json_decref(body);
	return 0;
}

/*
 * The user of the path for GET/PUT: one's own account with a session or
 * a token of `scope`, anyone's for the platform admin (MC_ACT_USERS).
 * NULL after answering.
 */
static mc_user *path_user(srv_req *req, srv_resp *resp, unsigned scope,
			  int *self)
{
	const mc_principal *who;
	mc_user *u = NULL;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return NULL;
	who = srv_auth_who(req);
	if ((*self = is_self(who, req->param[0]))) {
		if (need_scope(resp, who, scope) < 0)
			return NULL;
	} else if (srv_auth_require(req, resp, MC_ACT_USERS, NULL, NULL) < 0) {
		return NULL;
	}
	if ((error = mc_user_get(req->store, &u, req->param[0])) < 0) {
		srv_resp_error(resp, req, error);
		return NULL;
	}
	return u;
}

int srv_api_user_get(srv_req *req, srv_resp *resp)
{
	int self;
	mc_user *u = path_user(req, resp, MC_SCOPE_READ, &self);

	if (!u)
		return 0;
	send(resp, 200, user_json(u));
	mc_user_free(u);
	return 0;
}

/* {sessions, tokens: [id, ...]}: what a password change ended. */
static json_t *revoked_json(const mc_revoked *r)
{
	json_t *ids = json_array();
	size_t i;

	for (i = 0; ids && i < r->ntokens; i++)
		json_array_append_new(ids, json_string(r->tokens[i]));
	return json_pack("{s:I, s:o*}", "sessions", (json_int_t)r->sessions,
			 "tokens", ids);
}

/* "password changed; 2 sessions ended; tokens revoked: t-1, t-2" in the
 * arena, for the audit entry. */
static const char *revoked_text(srv_req *req, const mc_revoked *r)
{
	size_t i, len = 96;
	char *s;

	for (i = 0; i < r->ntokens; i++)
		len += strlen(r->tokens[i]) + 2;
	if (!(s = srv_arena_alloc(req->arena, len)))
		return "password changed";
	snprintf(s, len,
		 "password changed; %zu sessions ended; %zu tokens "
		 "revoked%s",
		 r->sessions, r->ntokens, r->ntokens ? ":" : "");
	for (i = 0; i < r->ntokens; i++) {
		strcat(s, i ? ", " : " ");
		strcat(s, r->tokens[i]);
	}
	return s;
}

/*
 * A new password for `u`.  One's own needs the current password
 * ("current_password", whose presence the caller checks: a stolen session
 * or token alone cannot lock the owner out, and guesses are rate-limited
 * as sign-ins); the platform admin
 * resets another user's without it.  Every session and API token of the
 * user ends (the library's mc_user_set_password); a session changing its
 * own password gets a fresh one in the cookie, its CSRF token in
 * *fresh.  *revoked says what ended.  Returns 0, or -1 with `resp` filled.
 */
static int change_password(srv_req *req, srv_resp *resp, const mc_user *u,
			   int self, const char *password, const char *current,
			   mc_revoked *revoked, mc_principal **fresh)
{
	const mc_principal *who = srv_auth_who(req);
	mc_problems problems = MC_PROBLEMS_INIT;
	char *token = NULL;
	int error;

	if (self && srv_rate_take(req, resp, SRV_RATE_LOGIN) < 0)
		return -1;
	error =
	    mc_user_set_password(req->store, revoked, u->id,
				 self ? current : NULL, password, &problems);
	if (error == MC_EFORBIDDEN) {
		mc_audit_add(req->store, who->actor, "user.password.refused",
			     u->id, NULL, "current_password: wrong password");
		srv_resp_problem(resp, 403, "Forbidden",
				 "current_password: wrong password", &problems);
	} else if (error < 0) {
		library_error(req, resp, error, &problems);
	}
	mc_problems_clear(&problems);
	if (error < 0)
		return -1;
	/* The session that asked ended with the others: a fresh one. */
	if (self && who->session_id &&
	    mc_session_login(req->store, &token, fresh, u->email, password) ==
		0) {
		srv_auth_set_cookie(req, resp, token);
		memset(token, 0, strlen(token));
		free(token);
	} else if (self && who->session_id) {
		srv_auth_clear_cookie(req, resp);
	}
	return 0;
}

/*
 * PUT /api/v1/users/:id {name?, password?, current_password?,
 * disabled?}.  Every field is checked before anything is stored;
 * "disabled" is the platform admin's, and never on their own account
 * (nobody locks the platform out by a slip).  A password change answers
 * with what it ended: {..., "revoked": {sessions, tokens}} and, for a
 * session changing its own, the fresh session's "csrf".
 */
int srv_api_user_update(srv_req *req, srv_resp *resp)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *name = NULL, *password = NULL, *current = NULL;
	int disabled = 0, has_name, has_password, has_disabled, renamed, self,
	    error;
	mc_user *u = path_user(req, resp, MC_SCOPE_ADMIN, &self), *after = NULL;
	mc_revoked revoked = MC_REVOKED_INIT;
	mc_principal *fresh = NULL;
	json_t *body = NULL, *answer;

	if (!u)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		goto cleanup;
	if ((has_name = srv_body_string(resp, body, "name", &name, 0)) < 0 ||
	    (has_password =
		 srv_body_string(resp, body, "password", &password, 0)) < 0 ||
	    srv_body_string(resp, body, "current_password", &current, 0) < 0 ||
	    (has_disabled =
		 srv_body_bool(resp, body, "disabled", &disabled, 0)) < 0)
		goto cleanup;
	if (has_disabled && !srv_auth_who(req)->user->platform_admin) {
		srv_resp_problem(resp, 403, "Forbidden",
				 "disabled: only a platform admin enables or "
				 "disables accounts",
				 NULL);
		goto cleanup;
	}
	if (has_disabled && self) {
		srv_body_bad(resp, "disabled",
			     "you cannot disable or enable your own account");
		goto cleanup;
	}
	/* The name is checked and stored first; so that a bad password
	 * then leaves nothing half-stored, its length (the one check the
	 * library makes that a JSON string can fail) and the presence of
	 * the current password are checked before.  (A wrong current
	 * password is found only then: a rename in the same request, which
	 * needs no password, stays.) */
	if (has_password && (strlen(password) < MC_PASSWORD_MIN ||
			     strlen(password) > MC_PASSWORD_MAX)) {
		char why[64];

		snprintf(why, sizeof(why), "must be %d to %d bytes",
			 MC_PASSWORD_MIN, MC_PASSWORD_MAX);
		srv_body_bad(resp, "password", why);
		goto cleanup;
	}
	if (has_password && self && !current) {
		srv_body_bad(resp, "current_password",
			     "required to change your own password");
		goto cleanup;
	}
	renamed = has_name && strcmp(name, u->name ? u->name : "") != 0;
	if (renamed && (error = mc_user_set_name(req->store, u->id, name,
						 &problems)) < 0) {
		library_error(req, resp, error, &problems);
		goto cleanup;
	}
	if (has_password && change_password(req, resp, u, self, password,
					    current, &revoked, &fresh) < 0)
		goto cleanup;
	if (has_disabled &&
	    (error = mc_user_set_disabled(req->store, u->id, disabled)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	req->audit_subject = srv_arena_strdup(req->arena, u->id);
	req->audit_reason = has_disabled   ? (disabled ? "disabled" : "enabled")
			    : has_password ? revoked_text(req, &revoked)
			    : renamed	   ? "name changed"
					   : NULL;
	if ((error = mc_user_get(req->store, &after, u->id)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	answer = user_json(after);
	if (answer && has_password)
		json_object_set_new(answer, "revoked", revoked_json(&revoked));
	if (answer && fresh)
		json_object_set_new(answer, "csrf", json_string(fresh->csrf));
	send(resp, 200, answer);
cleanup:
	mc_revoked_clear(&revoked);
	mc_principal_free(fresh);
	mc_problems_clear(&problems);
	mc_user_free(after);
	mc_user_free(u);
	json_decref(body);
	return 0;
}

/* ---- members ---------------------------------------------------------------
 */

static json_t *roles_json(unsigned roles)
{
	json_t *a = json_array();
	unsigned bit;

	for (bit = 1; a && bit <= MC_ROLE_ALL; bit <<= 1)
		if ((roles & bit) && mc_role_name(bit))
			json_array_append_new(a,
					      json_string(mc_role_name(bit)));
	return a;
}

/* GET /api/v1/organisations/:id/members: [{user, roles}]. */
int srv_api_member_list(srv_req *req, srv_resp *resp)
{
	const char *org = req->param[0];
	mc_user **list = NULL;
	json_t *array;
	size_t n = 0, i;
	int error;

	if (srv_auth_require(req, resp, MC_ACT_READ_PRIVATE, org, NULL) < 0)
		return 0;
	if ((error = mc_member_list(req->store, &list, &n, org)) < 0)
		return srv_resp_error(resp, req, error);
	array = json_array();
	for (i = 0; array && i < n; i++)
		if (json_array_append_new(
			array,
			json_pack(
			    "{s:o*, s:o*}", "user", user_json(list[i]), "roles",
			    roles_json(mc_user_roles(list[i], org)))) < 0) {
			json_decref(array);
			array = NULL;
		}
	mc_user_list_free(list, n);
	return send(resp, 200, array);
}

/* PUT /api/v1/organisations/:id/members/:user {roles: [...]}; [] removes
 * the membership. */
int srv_api_member_set(srv_req *req, srv_resp *resp)
{
	const char *org = req->param[0];
	char names[256], err[160];
	unsigned roles = 0;
	mc_user *u = NULL;
	json_t *body = NULL;
	int error;

	if (srv_auth_require(req, resp, MC_ACT_MEMBERS, org, NULL) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (srv_body_string_list(resp, body, "roles", names, sizeof(names), 1) <
	    0)
		goto cleanup;
	if (*names && mc_roles_parse(&roles, names, err, sizeof(err)) < 0) {
		srv_body_bad(resp, "roles", err);
		goto cleanup;
	}
	if ((error = mc_user_get(req->store, &u, req->param[1])) < 0 ||
	    (error = mc_member_set(req->store, u->id, org, roles)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	mc_roles_format(names, sizeof(names), roles);
	req->audit_org = srv_arena_strdup(req->arena, org);
	req->audit_subject = srv_arena_strdup(req->arena, u->id);
	req->audit_reason = srv_arena_strdup(req->arena, names);
	send(resp, 200,
	     json_pack("{s:s, s:s, s:o*}", "user", u->id, "organisation", org,
		       "roles", roles_json(roles)));
cleanup:
	mc_user_free(u);
	json_decref(body);
	return 0;
}

/* ---- API tokens
 * -------------------------------------------------------------- */

int srv_api_token_list(srv_req *req, srv_resp *resp)
{
	mc_token_info **list = NULL;
	const mc_principal *who;
	json_t *array;
	size_t n = 0, i;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	who = srv_auth_who(req);
	if (need_scope(resp, who, MC_SCOPE_READ) < 0)
		return 0;
	if ((error = mc_token_list(req->store, &list, &n, who->user->id)) < 0)
		return srv_resp_error(resp, req, error);
	array = json_array();
	for (i = 0; array && i < n; i++)
		if (json_array_append_new(array, token_json(list[i])) < 0) {
			json_decref(array);
			array = NULL;
		}
	mc_token_list_free(list, n);
	return send(resp, 200, array);
}

/*
 * POST /api/v1/tokens {name, scopes: ["issue", ...] or ["all"], days?}:
 * 201 with the secret, shown this once.  A token creating a token needs
 * the admin scope and cannot grant scopes it lacks.
 */
int srv_api_token_create(srv_req *req, srv_resp *resp)
{
	const char *name = NULL;
	char list[256], err[160], *secret = NULL, *loc;
	unsigned scopes = 0, days = TOKEN_DAYS;
	const mc_principal *who;
	mc_token_info *info = NULL;
	json_t *body = NULL, *out;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	who = srv_auth_who(req);
	if (need_scope(resp, who, MC_SCOPE_ADMIN) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (srv_body_string(resp, body, "name", &name, 1) < 0 ||
	    srv_body_string_list(resp, body, "scopes", list, sizeof(list), 1) <
		0 ||
	    srv_body_uint(resp, body, "days", &days, 0, TOKEN_DAYS_MAX, 0) < 0)
		goto cleanup;
	if (!*name || strlen(name) > TOKEN_NAME_MAX) {
		srv_body_bad(resp, "name", "must be 1 to 100 characters");
		goto cleanup;
	}
	if (!*list) {
		srv_body_bad(resp, "scopes", "name at least one scope");
		goto cleanup;
	}
	if (mc_scopes_parse(&scopes, list, err, sizeof(err)) < 0) {
		srv_body_bad(resp, "scopes", err);
		goto cleanup;
	}
	if (scopes & ~who->scopes) {
		srv_body_bad(resp, "scopes",
			     "a token cannot grant scopes it lacks itself");
		goto cleanup;
	}
	if ((error = mc_token_create(req->store, &secret, &info, who->user->id,
				     name, scopes, days)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	req->audit_subject = srv_arena_strdup(req->arena, info->id);
	if ((loc = srv_arena_alloc(req->arena, strlen(info->id) + 16))) {
		sprintf(loc, "/api/v1/tokens/%s", info->id);
		resp->location = loc;
	}
	if ((out = token_json(info)))
		json_object_set_new(out, "token", json_string(secret));
	send(resp, 201, out);
cleanup:
	if (secret) {
		memset(secret, 0, strlen(secret));
		free(secret);
	}
	mc_token_info_free(info);
	json_decref(body);
	return 0;
}

int srv_api_token_revoke(srv_req *req, srv_resp *resp)
{
	const mc_principal *who;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	who = srv_auth_who(req);
	if (need_scope(resp, who, MC_SCOPE_ADMIN) < 0)
		return 0;
	error = mc_token_revoke(req->store, who->user->id, req->param[0]);
	if (error == MC_ENOTFOUND)
		return srv_resp_problem(resp, 404, "Not Found",
					"you have no token with this id", NULL);
	if (error < 0)
		return srv_resp_error(resp, req, error);
	req->audit_subject = srv_arena_strdup(req->arena, req->param[0]);
	return no_content(resp);
}

/* ---- the audit log
 * ------------------------------------------------------------- */

/* A query number within 1..max; -1 after answering 400. */
static int query_number(srv_req *req, srv_resp *resp, const char *name,
			long long max, long long *out)
{
	const char *v = srv_req_query(req, name);
	char why[96];
	long long n = 0;
	size_t i;

	if (!v)
		return 0;
	for (i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i == 18)
			break;
		n = n * 10 + (v[i] - '0');
	}
	if (i == 0 || v[i] || n < 1 || n > max) {
		snprintf(why, sizeof(why), "must be a number 1..%lld", max);
		srv_body_bad(resp, name, why);
		return -1;
	}
	*out = n;
	return 1;
}

/*
 * GET /api/v1/audit?org=&before=&limit=: entries newest first, {entries,
 * next} where next is the `before` of the following page (null at the
 * end).  An organisation's log for its admins and viewers; the whole log
 * for the platform admin only.
 */
int srv_api_audit_list(srv_req *req, srv_resp *resp)
{
	const char *org = srv_req_query(req, "org");
	mc_audit_entry *list = NULL;
	long long before = 0, limit = AUDIT_LIMIT;
	char *text = NULL;
	json_t *entries;
	size_t n = 0;
	int error;

	if (org && !mc_id_valid(org))
		return srv_body_bad(resp, "org", "must be an organisation id");
	if (query_number(req, resp, "before", 1LL << 62, &before) < 0 ||
	    query_number(req, resp, "limit", 1000, &limit) < 0)
		return 0;
	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if (!org && !srv_auth_who(req)->user->platform_admin)
		return srv_resp_problem(resp, 403, "Forbidden",
					"only a platform admin reads the whole "
					"audit log; name an organisation with "
					"?org=",
					NULL);
	if (srv_auth_require(req, resp, MC_ACT_AUDIT_READ, org, NULL) < 0)
		return 0;
	if ((error = mc_audit_list(req->store, &list, &n, org, before,
				   (size_t)limit)) < 0)
		return srv_resp_error(resp, req, error);
	if (mc_audit_list_to_json(&text, list, n) < 0)
		text = NULL;
	entries = parsed(text);
	send(resp, 200,
	     entries ? json_pack("{s:o, s:o}", "entries", entries, "next",
				 n == (size_t)limit && n
				     ? json_integer(list[n - 1].n)
				     : json_null())
		     : NULL);
	mc_audit_list_free(list, n);
	return 0;
}
