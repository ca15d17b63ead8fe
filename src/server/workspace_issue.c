/*
 * Awarding in the workspace: issue an MC to one learner, upload a roster
 * and watch the job's progress, list my organisations' credentials and
 * revoke one with a reason.
 */
#include "workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "auth_mc.h"
#include "client_addr.h"
#include "cryptosuite.h"
#include "seal_config.h"
#include "form.h"
#include "i18n.h"
#include "jobs.h"
#include "workspace_private.h"

/* The credential's UUID: what follows the last '/' of its id. */
static const char *uuid_of(const char *id)
{
	const char *s = strrchr(id, '/');

	return s ? s + 1 : id;
}

static const char *path_of(srv_req *req, const char *fmt, const char *a)
{
	size_t n = strlen(fmt) + strlen(a) + 1;
	char *out = srv_arena_alloc(req->arena, n);

	if (!out)
		return "/workspace";
	snprintf(out, n, fmt, a);
	return out;
}

static void format_options(srv_html *h, const char *current)
{
	static const char *const fmts[] = {"ob3", "vc-jwt", "edc"};
	size_t i;

	for (i = 0; i < 3; i++)
		srv_html_f(
		    h, "<option value=\"%s\"%s>%s</option>", fmts[i],
		    current && strcmp(current, fmts[i]) == 0 ? " selected" : "",
		    fmts[i]);
}

/* The "cryptosuite" choice of the forms (element id `id`): each suite
 * with a line on when to pick it; `current` (the form's, else the
 * platform's default) selected. */
static void suite_choice(srv_html *h, srv_req *req, const char *id,
			 const char *current)
{
	char key[64];
	size_t i;

	if ((!current || !mc_cryptosuite_known(current)) &&
	    mc_cryptosuite_default(req->store, &current) < 0)
		current = mc_cryptosuites[0];
	srv_html_f(h,
		   "<p><label for=\"%s\">%s</label><br>"
		   "<select id=\"%s\" name=\"cryptosuite\">",
		   id, T("ws.issue.suite"), id);
	for (i = 0; mc_cryptosuites[i]; i++)
		srv_html_f(
		    h, "<option value=\"%s\"%s>%s - %s</option>",
		    mc_cryptosuites[i],
		    strcmp(current, mc_cryptosuites[i]) == 0 ? " selected" : "",
		    mc_cryptosuites[i],
		    T(srv_cryptosuite_help(key, sizeof(key),
					   mc_cryptosuites[i])));
	srv_html_f(h, "</select></p>");
}

/* The issue page: one learner, or a roster.  `probs` (may be NULL) are
 * shown beside the learner fields they name. */
static int issue_page(srv_req *req, srv_resp *resp, unsigned status,
		      const char *id, const mc_problems *probs,
		      const char *general)
{
	static const struct {
		const char *name, *key, *field, *type;
	} fields[] = {
	    {"learner_name", "ws.issue.name", "learner.name", "text"},
	    {"learner_email", "ws.issue.email", "learner.email", "email"},
	    {"learner_id", "ws.issue.identifier", "learner.identifier", "text"},
	    {"learner_lang", "ws.issue.lang", "learner.lang", "text"},
	};
	srv_html h = SRV_HTML_INIT;
	const char *fmt = srv_form_get(req, "format");
	const char *suite = srv_form_get(req, "cryptosuite");
	size_t i, j;

	srv_page_open(&h, req, T("ws.issue.title"));
	srv_html_f(&h, "<h1>%s</h1><p><a href=\"/workspace/mc/%U\">%s</a></p>",
		   T("ws.issue.title"), id, srv_ws_mc_title(req, id));
	if (general)
		srv_html_f(&h,
			   "<p class=\"error\" id=\"issue-error\" "
			   "role=\"alert\">%s</p>",
			   general);
	srv_html_f(&h,
		   "<section id=\"issue-one\"><h2>%s</h2>"
		   "<form method=\"post\" action=\"/workspace/mc/%U/issue\" "
		   "id=\"issue-form\">",
		   T("ws.issue.one"), id);
	srv_ws_csrf(&h, req);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = srv_form_get(req, fields[i].name);

		if (!v && strcmp(fields[i].name, "learner_lang") == 0)
			v = srv_req_lang(req);
		srv_html_f(&h,
			   "<p><label for=\"%s\">%s</label><br>"
			   "<input type=\"%s\" id=\"%s\" name=\"%s\" "
			   "value=\"%s\">",
			   fields[i].name, T(fields[i].key), fields[i].type,
			   fields[i].name, fields[i].name, v ? v : "");
		for (j = 0; probs && j < probs->count; j++)
			if (probs->items[j].field &&
			    strncmp(probs->items[j].field, fields[i].field,
				    strlen(fields[i].field)) == 0)
				srv_html_f(&h,
					   "<p class=\"field-error\" "
					   "id=\"err-%s\">%s: %s</p>",
					   fields[i].name,
					   probs->items[j].field,
					   probs->items[j].reason);
		srv_html_f(&h, "</p>");
	}
	srv_html_f(&h,
		   "<p><label for=\"format\">%s</label><br>"
		   "<select id=\"format\" name=\"format\">",
		   T("ws.issue.format"));
	format_options(&h, fmt);
	srv_html_f(&h, "</select></p>");
	suite_choice(&h, req, "cryptosuite", suite);
	srv_html_f(&h,
		   "<p><button type=\"submit\" "
		   "id=\"issue-submit\">%s</button></p></form></section>",
		   T("ws.issue.submit"));
	for (j = 0; probs && j < probs->count; j++)
		if (!probs->items[j].field ||
		    strncmp(probs->items[j].field, "learner.", 8) != 0)
			srv_html_f(&h, "<p class=\"error\">%s%s%s</p>",
				   probs->items[j].field,
				   probs->items[j].field ? ": " : "",
				   probs->items[j].reason);

	srv_html_f(&h,
		   "<section id=\"issue-roster\"><h2>%s</h2><p>%s</p>"
		   "<form method=\"post\" action=\"/workspace/mc/%U/roster\" "
		   "enctype=\"multipart/form-data\" id=\"roster-form\">",
		   T("ws.issue.roster"), T("ws.issue.roster_help"), id);
	srv_ws_csrf(&h, req);
	srv_html_f(&h,
		   "<p><label for=\"roster\">%s</label><br>"
		   "<input type=\"file\" id=\"roster\" name=\"roster\" "
		   "accept=\".csv,text/csv\" required></p>"
		   "<p><label for=\"roster-format\">%s</label><br>"
		   "<select id=\"roster-format\" name=\"format\">",
		   T("ws.issue.roster_file"), T("ws.issue.format"));
	format_options(&h, fmt);
	srv_html_f(&h, "</select></p>");
	suite_choice(&h, req, "roster-cryptosuite", suite);
	srv_html_f(&h,
		   "<p><button type=\"submit\" "
		   "id=\"roster-submit\">%s</button></p></form></section>",
		   T("ws.issue.roster_submit"));
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, status, &h);
}

int srv_ws_issue_form(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0];

	if (srv_auth_require_mc(req, resp, MC_ACT_CRED_ISSUE, id) != 0)
		return 0;
	return issue_page(req, resp, 200, id, NULL, NULL);
}

/* The issue options of the form's "format" and "cryptosuite" fields
 * (none: the platform's default suite; a suite is for OB 3.0 only and
 * left out for the other formats).  Returns 0, or the i18n key of the
 * problem. */
static const char *issue_opts(srv_req *req, mc_issue_options *opts)
{
	const char *fmt = srv_ws_field(req, "format");

	if (*fmt && mc_credential_format_parse(&opts->format, fmt) != 0)
		return "ws.issue.bad_format";
	if (srv_cryptosuite_pick(&opts->cryptosuite,
				 srv_ws_field(req, "cryptosuite")) != 0)
		return "ws.issue.bad_suite";
	if (opts->format != MC_FORMAT_OB3)
		opts->cryptosuite = NULL;
	return NULL;
}

int srv_ws_issue(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0];
	mc_issue_options opts = MC_ISSUE_OPTIONS_INIT;
	mc_problems probs = MC_PROBLEMS_INIT;
	mc_credential *cred = NULL;
	mc_learner l = {0};
	const char *loc, *bad;
	int rc;

	if (srv_ws_form(req, resp) != 0 ||
	    srv_auth_require_mc(req, resp, MC_ACT_CRED_ISSUE, id) != 0)
		return 0;
	opts.tsa_url = srv_seal_config_tsa(); /* EDC seals: B-T if set */
	if ((bad = issue_opts(req, &opts)))
		return issue_page(req, resp, 422, id, NULL, T(bad));
	l.name = srv_ws_field(req, "learner_name");
	l.email = *srv_ws_field(req, "learner_email")
		      ? srv_ws_field(req, "learner_email")
		      : NULL;
	l.identifier = *srv_ws_field(req, "learner_id")
			   ? srv_ws_field(req, "learner_id")
			   : NULL;
	l.lang = *srv_ws_field(req, "learner_lang")
		     ? srv_ws_field(req, "learner_lang")
		     : NULL;
	opts.actor = srv_auth_who(req) ? srv_auth_who(req)->actor : NULL;
	rc = mc_credential_issue(req->store, &cred, id, 0, &l, &opts, &probs);
	if (rc == MC_EINVALID) {
		rc = issue_page(req, resp, 422, id, &probs,
				probs.count ? NULL
					    : mc_store_errmsg(req->store));
		mc_problems_clear(&probs);
		return rc;
	}
	mc_problems_clear(&probs);
	if (rc == MC_ESTATE || rc == MC_ENOTFOUND)
		return issue_page(req, resp, rc == MC_ESTATE ? 409 : 404, id,
				  NULL, mc_store_errmsg(req->store));
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	req->audit_subject = srv_arena_strdup(req->arena, cred->id);
	req->audit_org = srv_arena_strdup(req->arena, cred->org_id);
	loc = path_of(req, "/credentials/%s", uuid_of(cred->id));
	mc_credential_free(cred);
	return srv_resp_redirect(resp, req, loc);
}

int srv_ws_roster(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0];
	mc_issue_options opts = MC_ISSUE_OPTIONS_INIT;
	const char *data = NULL, *fname = NULL, *bad;
	char job[64];
	size_t len = 0;
	int rc;

	if (srv_ws_form(req, resp) != 0 ||
	    srv_auth_require_mc(req, resp, MC_ACT_CRED_ISSUE, id) != 0)
		return 0;
	opts.tsa_url = srv_seal_config_tsa(); /* EDC seals: B-T if set */
	if ((bad = issue_opts(req, &opts)))
		return issue_page(req, resp, 422, id, NULL, T(bad));
	if (srv_form_file(req, "roster", &data, &len, &fname) != 0 || len == 0)
		return issue_page(req, resp, 422, id, NULL,
				  T("ws.issue.roster_missing"));
	rc = srv_job_start_roster(req->store, job, sizeof(job), id, 0, data,
				  len, fname ? fname : "roster.csv", &opts,
				  srv_auth_who(req)->actor,
				  srv_client_addr(req));
	if (rc == MC_ETOOBIG)
		return issue_page(req, resp, 413, id, NULL,
				  T("ws.issue.roster_too_big"));
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	req->audit_subject = srv_arena_strdup(req->arena, job);
	return srv_resp_redirect(resp, req,
				 path_of(req, "/workspace/jobs/%s", job));
}

/* Rejected rows of a job: its problems JSON as a table. */
static void job_problems(srv_html *h, srv_req *req, const char *text)
{
	json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
	size_t i;

	if (!json_array_size(arr)) {
		json_decref(arr);
		return;
	}
	srv_html_f(h,
		   "<table id=\"job-rejected\"><thead><tr><th>%s</th>"
		   "<th>%s</th><th>%s</th></tr></thead><tbody>",
		   T("ws.job.line"), T("ws.job.field"), T("ws.job.reason"));
	for (i = 0; i < json_array_size(arr) && i < 1000; i++) {
		json_t *p = json_array_get(arr, i);

		srv_html_f(
		    h, "<tr><td>%lld</td><td>%s</td><td>%s</td></tr>",
		    (long long)json_integer_value(json_object_get(p, "line")),
		    json_string_value(json_object_get(p, "field")),
		    json_string_value(json_object_get(p, "reason")));
	}
	srv_html_f(h, "</tbody></table>");
	json_decref(arr);
}

int srv_ws_job(srv_req *req, srv_resp *resp)
{
	const mc_principal *who;
	srv_job_info job;
	srv_html h = SRV_HTML_INIT;
	char why[256];
	int running;

	if (srv_auth_signed_in(req, resp) != 0)
		return 0;
	who = srv_auth_who(req);
	memset(&job, 0, sizeof(job));
	if (srv_job_get(req->store, &job, req->param[0]) != 0)
		return srv_page_error(req, resp, 404, T("ws.job.not_found"));
	if (strcmp(job.owner, who->actor) != 0 &&
	    mc_authz_check(req->store, who, MC_ACT_CRED_ISSUE, NULL, job.mc_id,
			   why, sizeof(why)) != 0) {
		srv_job_info_clear(&job);
		return srv_page_error(req, resp, 404, T("ws.job.not_found"));
	}
	running = job.state == SRV_JOB_QUEUED || job.state == SRV_JOB_RUNNING;
	srv_page_open(&h, req, T("ws.job.title"));
	if (running)
		srv_html_f(&h, "<meta http-equiv=\"refresh\" content=\"2\">");
	srv_html_f(
	    &h,
	    "<h1>%s</h1><p><a href=\"/workspace/mc/%U\">%s</a></p>"
	    "<p>%s: <strong id=\"job-state\" data-state=\"%s\">%s"
	    "</strong></p>"
	    "<p><progress id=\"job-progress\" value=\"%zu\" "
	    "max=\"%zu\">%zu / %zu</progress></p>"
	    "<dl id=\"job-counts\"><dt>%s</dt><dd id=\"job-done\">%zu / "
	    "%zu</dd><dt>%s</dt><dd id=\"job-issued\">%zu</dd><dt>%s</dt>"
	    "<dd id=\"job-existing\">%zu</dd><dt>%s</dt>"
	    "<dd id=\"job-rejected-count\">%zu</dd></dl>",
	    T("ws.job.title"), job.mc_id, srv_ws_mc_title(req, job.mc_id),
	    T("ws.job.state"), srv_job_state_name(job.state),
	    srv_job_state_name(job.state), job.done, job.total ? job.total : 1,
	    job.done, job.total, T("ws.job.rows"), job.done, job.total,
	    T("ws.job.issued"), job.issued, T("ws.job.existing"), job.existing,
	    T("ws.job.rejected"), job.rejected);
	if (job.state == SRV_JOB_FAILED)
		srv_html_f(&h, "<p class=\"error\" id=\"job-error\">%s</p>",
			   job.error);
	job_problems(&h, req, job.problems_json);
	srv_job_info_clear(&job);
	srv_html_f(&h,
		   "<p><a id=\"link-credentials\" "
		   "href=\"/workspace/credentials\">%s</a></p>",
		   T("ws.home.credentials"));
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, 200, &h);
}

static void cred_rows(srv_html *h, srv_req *req, const char *org_id)
{
	mc_credential_summary *list = NULL;
	size_t n = 0, total = 0, i;
	char why[256];
	int may_revoke;

	if (mc_credential_list(req->store, &list, &n, &total, org_id, NULL, 0,
			       200) != 0)
		return;
	may_revoke =
	    mc_authz_check(req->store, srv_auth_who(req), MC_ACT_CRED_STATUS,
			   org_id, NULL, why, sizeof(why)) == 0;
	for (i = 0; i < n; i++) {
		const char *uuid = uuid_of(list[i].id);
		const char *state = mc_credential_state_name(list[i].state);

		srv_html_f(h,
			   "<tr data-credential=\"%s\"><td><a "
			   "href=\"/credentials/%U\">%s</a></td>"
			   "<td>%s v%u</td><td>%s</td><td>%s</td><td>%s</td>"
			   "<td class=\"state\" data-state=\"%s\">%s</td><td>",
			   uuid, uuid, uuid, list[i].mc_id, list[i].mc_version,
			   list[i].learner_name, org_id, list[i].issued_at,
			   state, state);
		if (may_revoke && list[i].state != MC_CRED_REVOKED) {
			srv_html_f(
			    h,
			    "<form method=\"post\" "
			    "action=\"/workspace/credentials/%U/revoke\" "
			    "class=\"revoke\">",
			    uuid);
			srv_ws_csrf(h, req);
			srv_html_f(h,
				   "<input type=\"text\" name=\"reason\" "
				   "required placeholder=\"%s\" "
				   "aria-label=\"%s\"> <button type=\"submit\">"
				   "%s</button></form>",
				   T("ws.cred.reason"), T("ws.cred.reason"),
				   T("ws.cred.revoke"));
		}
		srv_html_f(h, "</td></tr>");
	}
	mc_credential_summaries_free(list, n);
}

int srv_ws_credentials(srv_req *req, srv_resp *resp)
{
	const mc_principal *who;
	srv_html h = SRV_HTML_INIT;
	size_t i;

	if (srv_auth_signed_in(req, resp) != 0)
		return 0;
	who = srv_auth_who(req);
	srv_page_open(&h, req, T("ws.cred.title"));
	srv_html_f(&h,
		   "<h1>%s</h1><table id=\"credentials\"><thead><tr>"
		   "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		   "<th>%s</th><th></th></tr></thead><tbody>",
		   T("ws.cred.title"), T("ws.cred.id"), T("ws.cred.mc"),
		   T("ws.cred.learner"), T("ws.cred.org"), T("ws.cred.issued"),
		   T("ws.cred.state"));
	for (i = 0; i < who->user->nmemberships; i++)
		cred_rows(&h, req, who->user->memberships[i].org_id);
	srv_html_f(&h, "</tbody></table>");
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, 200, &h);
}

int srv_ws_cred_revoke(srv_req *req, srv_resp *resp)
{
	mc_credential *cred = NULL;
	const char *reason;
	int rc;

	if (srv_ws_form(req, resp) != 0 || srv_auth_signed_in(req, resp) != 0)
		return 0;
	rc = mc_credential_get(req->store, &cred, req->param[0]);
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	if (srv_auth_require(req, resp, MC_ACT_CRED_STATUS, cred->org_id,
			     NULL) != 0) {
		mc_credential_free(cred);
		return 0;
	}
	reason = srv_ws_field(req, "reason");
	if (!*reason) {
		mc_credential_free(cred);
		return srv_page_error(req, resp, 422,
				      T("ws.cred.reason_required"));
	}
	rc = mc_credential_set_state(req->store, cred->id, MC_CRED_REVOKED,
				     reason, srv_auth_who(req)->actor);
	if (rc == 0) {
		req->audit_subject = srv_arena_strdup(req->arena, cred->id);
		req->audit_org = srv_arena_strdup(req->arena, cred->org_id);
		req->audit_reason = reason;
	}
	mc_credential_free(cred);
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	return srv_resp_redirect(resp, req, "/workspace/credentials");
}
