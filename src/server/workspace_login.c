/*
 * Signing in and out, and the workspace's home page: my organisations and
 * roles, the MCs of my organisations by state, and the queue of MCs I may
 * review.
 */
#include "workspace.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "form.h"
#include "i18n.h"
#include "workspace_private.h"

static int login_page(srv_req *req, srv_resp *resp, unsigned status,
		      const char *email, const char *next, const char *error)
{
	srv_html h = SRV_HTML_INIT;

	srv_page_open(&h, req, T("ws.login.title"));
	srv_html_f(&h, "<h1>%s</h1>", T("ws.login.title"));
	if (error)
		srv_html_f(&h,
			   "<p class=\"error\" id=\"login-error\" "
			   "role=\"alert\">%s</p>",
			   error);
	srv_html_f(
	    &h,
	    "<form method=\"post\" action=\"/login\" id=\"login-form\">"
	    "<p><label for=\"email\">%s</label><br>"
	    "<input type=\"email\" id=\"email\" name=\"email\" "
	    "autocomplete=\"username\" required value=\"%s\"></p>"
	    "<p><label for=\"password\">%s</label><br>"
	    "<input type=\"password\" id=\"password\" name=\"password\" "
	    "autocomplete=\"current-password\" required></p>"
	    "<input type=\"hidden\" name=\"next\" value=\"%s\">"
	    "<p><button type=\"submit\" id=\"login-submit\">%s</button></p>"
	    "</form>",
	    T("ws.login.email"), email ? email : "", T("ws.login.password"),
	    srv_auth_next_path(next), T("ws.login.submit"));
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, status, &h);
}

int srv_ws_login_form(srv_req *req, srv_resp *resp)
{
	return login_page(req, resp, 200, NULL, srv_req_query(req, "next"),
			  NULL);
}

/*
 * Non-zero if the browser says this sign-in was posted from another site
 * (login CSRF: a page elsewhere signing the reader in to an account of
 * the attacker's).  Sec-Fetch-Site decides when the browser sends it
 * ("cross-site" and "same-site" are refused); else an Origin whose host
 * is not this request's Host.  "Origin: null" says nothing (our pages'
 * no-referrer policy makes browsers send it for our own forms), and
 * clients that send neither (command-line tools) are not browsers a page
 * elsewhere can drive.
 */
static int cross_site(srv_req *req)
{
	const char *site = srv_req_header(req, "Sec-Fetch-Site");
	const char *origin = srv_req_header(req, "Origin");
	const char *host = srv_req_header(req, "Host"), *o;

	if (site)
		return strcmp(site, "cross-site") == 0 ||
		       strcmp(site, "same-site") == 0;
	if (!origin || !(o = strstr(origin, "://")))
		return 0;
	o += 3;
	return !host || strcasecmp(o, host) != 0;
}

static void free_principal(void *p)
{
	mc_principal_free(p);
}

int srv_ws_login(srv_req *req, srv_resp *resp)
{
	char *token = NULL;
	mc_principal *who = NULL;
	const char *email, *password, *next;
	int rc;

	if (srv_rate_take(req, resp, SRV_RATE_LOGIN) != 0)
		return 0;
	if (cross_site(req))
		return login_page(req, resp, 403, NULL, NULL,
				  T("ws.login.cross_site"));
	if (srv_ws_form(req, resp) != 0)
		return 0;
	email = srv_ws_field(req, "email");
	password = srv_form_get(req, "password");
	next = srv_form_get(req, "next");
	if (!*email || !password || !*password)
		return login_page(req, resp, 422, email, next,
				  T("ws.login.missing"));
	srv_auth_audit_client(req); /* a refusal is audited with it */
	rc = mc_session_login(req->store, &token, &who, email, password);
	if (rc == MC_EFORBIDDEN)
		return login_page(req, resp, 403, email, next,
				  T("ws.login.wrong"));
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	srv_auth_set_cookie(req, resp, token);
	memset(token, 0, strlen(token));
	free(token);
	/* The new principal is this request's: the dispatcher audits the
	 * sign-in with the user as actor, not "anonymous". */
	if (srv_arena_defer(req->arena, free_principal, who) < 0)
		return srv_ws_lib_error(req, resp, MC_ENOMEM); /* who freed */
	req->who_ = who;
	req->who_done_ = 1;
	req->audit_subject = srv_arena_strdup(req->arena, who->user->id);
	resp->private_ = 1;
	return srv_resp_redirect(resp, req, srv_auth_next_path(next));
}

/* The raw session token from the Cookie header, in the arena, or NULL. */
static const char *session_cookie(srv_req *req)
{
	const char *c = srv_req_header(req, "Cookie");
	size_t nlen = strlen(SRV_SESSION_COOKIE), len;
	char *out;

	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		if (strncmp(c, SRV_SESSION_COOKIE, nlen) == 0 &&
		    c[nlen] == '=') {
			c += nlen + 1;
			len = strcspn(c, ";");
			out = srv_arena_alloc(req->arena, len + 1);
			if (!out)
				return NULL;
			memcpy(out, c, len);
			out[len] = '\0';
			return out;
		}
		c = strchr(c, ';');
	}
	return NULL;
}

int srv_ws_logout(srv_req *req, srv_resp *resp)
{
	const char *token;

	if (srv_ws_form(req, resp) != 0)
		return 0;
	if (srv_auth_signed_in(req, resp) != 0)
		return 0;
	token = session_cookie(req);
	if (token)
		mc_session_logout(req->store, token);
	srv_auth_clear_cookie(req, resp);
	req->audit_subject = "logout";
	return srv_resp_redirect(resp, req, "/");
}

static const struct {
	mc_status status;
	const char *html_id;
	const char *key;
} sections[] = {
    {MC_STATUS_DRAFT, "mc-drafts", "ws.home.drafts"},
    {MC_STATUS_IN_REVIEW, "mc-in-review", "ws.home.in_review"},
    {MC_STATUS_APPROVED, "mc-approved", "ws.home.approved"},
    {MC_STATUS_PUBLISHED, "mc-published", "ws.home.published"},
};

/* Rows of MCs of `org_id` in `status` as <li> items; returns how many. */
static size_t list_mcs(srv_html *h, srv_req *req, const char *org_id,
		       mc_status status)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t i, n = 0;

	o.organisation = org_id;
	o.status = (int)status;
	o.lang = srv_req_lang(req);
	o.limit = 200;
	if (mc_catalogue_search(req->store, &r, &o) != 0)
		return 0;
	for (i = 0; i < r->count; i++, n++)
		srv_html_f(h,
			   "<li><a href=\"/workspace/mc/%U\" "
			   "data-mc=\"%s\">%s</a> <small>%s v%u</small></li>",
			   r->hits[i].id, r->hits[i].id, r->hits[i].title,
			   r->hits[i].id, r->hits[i].version);
	mc_search_result_free(r);
	return n;
}

/* The MCs in review that the user may review (not their own designs). */
static void review_queue(srv_html *h, srv_req *req)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	char why[256];
	size_t i, n = 0;

	o.status = MC_STATUS_IN_REVIEW;
	o.lang = srv_req_lang(req);
	o.limit = 500;
	srv_html_f(h, "<section id=\"review-queue\"><h2>%s</h2><ul>",
		   T("ws.home.to_review"));
	if (mc_catalogue_search(req->store, &r, &o) == 0) {
		for (i = 0; i < r->count; i++) {
			if (mc_authz_check(
				req->store, srv_auth_who(req), MC_ACT_MC_REVIEW,
				NULL, r->hits[i].id, why, sizeof(why)) != 0)
				continue;
			srv_html_f(h,
				   "<li><a href=\"/workspace/mc/%U\" "
				   "data-mc=\"%s\">%s</a> <small>%s</small>"
				   "</li>",
				   r->hits[i].id, r->hits[i].id,
				   r->hits[i].title,
				   srv_ws_org_name(req, r->hits[i].provider));
			n++;
		}
		mc_search_result_free(r);
	}
	if (n == 0)
		srv_html_f(h, "<li class=\"empty\">%s</li>",
			   T("ws.home.nothing_to_review"));
	srv_html_f(h, "</ul></section>");
}

int srv_ws_home(srv_req *req, srv_resp *resp)
{
	const mc_principal *who;
	srv_html h = SRV_HTML_INIT;
	char roles[128];
	size_t i, s, n;

	if (srv_auth_signed_in(req, resp) != 0)
		return 0;
	who = srv_auth_who(req);
	srv_page_open(&h, req, T("ws.home.title"));
	srv_html_f(&h, "<h1>%s</h1><p id=\"whoami\">%s &lt;%s&gt;</p>",
		   T("ws.home.title"), who->user->name, who->user->email);
	srv_html_f(
	    &h,
	    "<nav class=\"ws-links\"><ul>"
	    "<li><a id=\"link-new-mc\" href=\"/workspace/mc/new\">%s</a>"
	    "</li><li><a id=\"link-credentials\" "
	    "href=\"/workspace/credentials\">%s</a></li>"
	    "<li><a id=\"link-consents\" href=\"/workspace/consents\">%s"
	    "</a></li></ul>"
	    "<form method=\"post\" action=\"/logout\" id=\"logout-form\">",
	    T("ws.home.new_mc"), T("ws.home.credentials"),
	    T("ws.home.consents"));
	srv_ws_csrf(&h, req);
	srv_html_f(&h,
		   "<button type=\"submit\" id=\"logout\">%s</button></form>"
		   "</nav>",
		   T("ws.home.logout"));

	srv_html_f(&h,
		   "<section id=\"my-orgs\"><h2>%s</h2><table><thead><tr>"
		   "<th>%s</th><th>%s</th></tr></thead><tbody>",
		   T("ws.home.orgs"), T("ws.home.org"), T("ws.home.roles"));
	if (who->user->platform_admin)
		srv_html_f(&h, "<tr><td colspan=\"2\">%s</td></tr>",
			   T("ws.home.platform_admin"));
	for (i = 0; i < who->user->nmemberships; i++) {
		const mc_membership *m = &who->user->memberships[i];

		mc_roles_format(roles, sizeof(roles), m->roles);
		srv_html_f(&h,
			   "<tr data-org=\"%s\"><td><a href=\"/org/%U\">%s</a>"
			   "</td><td>%s</td></tr>",
			   m->org_id, m->org_id,
			   srv_ws_org_name(req, m->org_id), roles);
	}
	srv_html_f(&h, "</tbody></table></section>");

	for (s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		srv_html_f(&h, "<section id=\"%s\"><h2>%s</h2><ul>",
			   sections[s].html_id, T(sections[s].key));
		n = 0;
		for (i = 0; i < who->user->nmemberships; i++)
			n += list_mcs(&h, req, who->user->memberships[i].org_id,
				      sections[s].status);
		if (n == 0)
			srv_html_f(&h, "<li class=\"empty\">%s</li>",
				   T("ws.home.none"));
		srv_html_f(&h, "</ul></section>");
	}
	if (srv_ws_has_role(req, MC_ROLE_REVIEWER))
		review_queue(&h, req);
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, 200, &h);
}
