/*
 * Requests to award in the workspace: an organisation named as awarding
 * body of another provider's MC sees the request, pending first, and its
 * admins accept or decline it (account.h, mc_consent_decide()).  Until it
 * accepts, the MC is not submitted, approved or published, and its
 * issuers issue nothing in its name.
 */
#include "workspace_consent.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "i18n.h"
#include "workspace_private.h"

/* The UI key of a consent's state. */
static const char *state_key(mc_consent_state s)
{
	switch (s) {
	case MC_CONSENT_ACCEPTED:
		return "ws.consent.accepted";
	case MC_CONSENT_DECLINED:
		return "ws.consent.declined";
	default:
		return "ws.consent.pending";
	}
}

/* One form button answering `answer` for `org` about `mc`. */
static void answer_form(srv_html *h, srv_req *req, const char *org,
			const char *mc, const char *answer, const char *key)
{
	srv_html_f(h,
		   "<form method=\"post\" class=\"inline\" "
		   "action=\"/workspace/consents/%U/%U/%U\">",
		   org, mc, answer);
	srv_ws_csrf(h, req);
	srv_html_f(h,
		   "<button type=\"submit\" id=\"%s-%s-%s\">%s</button></form>",
		   answer, org, mc, T(key));
}

/* The rows of `org`'s requests; buttons when `admin`.  Returns how many. */
static size_t rows(srv_html *h, srv_req *req, const char *org, int admin)
{
	mc_consent *list = NULL;
	size_t n = 0, i;

	if (mc_consent_list(req->store, &list, &n, org, NULL) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		const mc_consent *c = &list[i];
		mc_microcred *mc = NULL;
		const char *asker = c->mc_id, *title = c->mc_id;

		/* Who asks (the provider) and what: from the latest version. */
		if (mc_catalogue_get(req->store, &mc, c->mc_id, 0) == 0) {
			if (mc->provider)
				asker = srv_ws_org_name(
				    req,
				    srv_arena_strdup(req->arena, mc->provider));
			title = mc_langmap_pick(&mc->title, srv_req_lang(req),
						mc->primary_language);
			title = srv_arena_strdup(req->arena,
						 title ? title : c->mc_id);
		}
		mc_microcred_free(mc);
		srv_html_f(h,
			   "<tr data-org=\"%s\" data-mc=\"%s\" "
			   "data-state=\"%s\"><td>%s</td><td>%s</td><td><a "
			   "href=\"/mc/%U\">%s</a></td><td>%s</td><td>%s</td>"
			   "<td>",
			   c->org_id, c->mc_id, mc_consent_state_name(c->state),
			   asker ? asker : c->mc_id,
			   srv_ws_org_name(req, c->org_id), c->mc_id,
			   title ? title : c->mc_id, T(state_key(c->state)),
			   c->decided_at ? c->decided_at : c->requested_at);
		if (admin && c->state != MC_CONSENT_ACCEPTED)
			answer_form(h, req, c->org_id, c->mc_id, "accept",
				    "ws.consent.accept");
		if (admin && c->state != MC_CONSENT_DECLINED)
			answer_form(h, req, c->org_id, c->mc_id, "decline",
				    "ws.consent.decline");
		srv_html_f(h, "</td></tr>");
	}
	mc_consent_list_free(list, n);
	return n;
}

int srv_ws_consents(srv_req *req, srv_resp *resp)
{
	const mc_principal *who;
	srv_html h = SRV_HTML_INIT;
	size_t i, n = 0;

	if (srv_auth_signed_in(req, resp) != 0)
		return 0;
	who = srv_auth_who(req);
	srv_page_open(&h, req, T("ws.consent.title"));
	srv_html_f(&h,
		   "<h1>%s</h1><p>%s</p><table id=\"consents\"><thead><tr>"
		   "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		   "<th></th></tr></thead><tbody>",
		   T("ws.consent.title"), T("ws.consent.intro"),
		   T("ws.consent.from"), T("ws.consent.org"),
		   T("ws.consent.mc"), T("ws.consent.state"),
		   T("ws.consent.when"));
	for (i = 0; i < who->user->nmemberships; i++)
		n += rows(&h, req, who->user->memberships[i].org_id,
			  (who->user->memberships[i].roles & MC_ROLE_ADMIN) !=
			      0);
	if (n == 0)
		srv_html_f(&h,
			   "<tr class=\"empty\"><td colspan=\"6\">%s</td></tr>",
			   T("ws.consent.none"));
	srv_html_f(&h, "</tbody></table>");
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, 200, &h);
}

int srv_ws_consent_answer(srv_req *req, srv_resp *resp)
{
	const char *org = req->param[0], *mc = req->param[1];
	int accept = strcmp(req->param[2], "accept") == 0, rc;

	if (srv_ws_form(req, resp) != 0 ||
	    srv_auth_require(req, resp, MC_ACT_CONSENT, org, NULL) != 0)
		return 0;
	if (!accept && strcmp(req->param[2], "decline") != 0)
		return srv_page_error(req, resp, 404,
				      T("ws.consent.bad_answer"));
	rc = mc_consent_decide(req->store, srv_auth_who(req)->actor, mc, org,
			       accept);
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	req->audit_org = srv_arena_strdup(req->arena, org);
	req->audit_subject = srv_arena_strdup(req->arena, mc);
	req->audit_reason = accept ? "accepted" : "declined";
	return srv_resp_redirect(resp, req, "/workspace/consents");
}
