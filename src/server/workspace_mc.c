/*
 * The MC editor and review page of the workspace: a form with the Annex I
 * fields, validation problems shown beside their fields, the MC's history
 * with review comments, and the lifecycle buttons the user may use.
 *
 * The form edits the JSON form of the record (docs/FORMATS.md): editing
 * starts from the stored version, so fields the form does not show are
 * kept, and the library's JSON parser and validator judge the result.
 */
#include "workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "auth_mc.h"
#include "form.h"
#include "i18n.h"
#include "pages.h"
#include "workspace_editor.h"
#include "workspace_private.h"

static void jdecref(void *p)
{
	json_decref((json_t *)p);
}

static void mcfree(void *p)
{
	mc_microcred_free((mc_microcred *)p);
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int editor_page(srv_req *req, srv_resp *resp, unsigned status,
		       const srv_ws_mcform *f, const srv_ws_errs *e, int is_new,
		       const char *general)
{
	srv_html h = SRV_HTML_INIT;
	const char *action = "/workspace/mc/new";

	if (!is_new) {
		size_t n = strlen(f->id) + 16;
		char *a = srv_arena_alloc(req->arena, n);

		if (a) {
			snprintf(a, n, "/workspace/mc/%s", f->id);
			action = a;
		}
	}
	srv_page_open(&h, req, T(is_new ? "ws.mc.new_title" : "ws.mc.edit"));
	srv_html_f(&h, "<h1>%s</h1>",
		   T(is_new ? "ws.mc.new_title" : "ws.mc.edit"));
	if (general)
		srv_html_f(&h,
			   "<p class=\"error\" id=\"mc-error\" "
			   "role=\"alert\">%s</p>",
			   general);
	srv_ws_editor(&h, req, f, e, is_new, action);
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, status, &h);
}

/* The stored version `version` of `id` (0: the latest) in its JSON form
 * (deferred decref), or NULL (*rc says why). */
static json_t *stored_json(srv_req *req, const char *id, unsigned version,
			   mc_microcred **mcout, int *rc)
{
	mc_microcred *mc = NULL;
	char *text = NULL;
	json_t *j = NULL;

	*rc = mc_catalogue_get(req->store, &mc, id, version);
	if (*rc != 0)
		return NULL;
	*rc = mc_microcred_to_json(&text, mc);
	if (*rc == 0) {
		j = json_loads(text, 0, NULL);
		free(text);
		if (!j)
			*rc = MC_ENOMEM;
		else
			srv_arena_defer(req->arena, jdecref, j);
	}
	if (mcout && j)
		*mcout = mc;
	else
		mc_microcred_free(mc);
	return j;
}

/* ---- GET and POST /workspace/mc/new -------------------------------------- */

int srv_ws_mc_new_form(srv_req *req, srv_resp *resp)
{
	srv_ws_mcform f;
	srv_ws_errs e = {NULL, 0};
	json_t *blank;

	if (srv_auth_signed_in(req, resp) != 0)
		return 0;
	blank = json_pack("{s:s, s:[s]}", "licence", "CC-BY-SA-4.0",
			  "languages", srv_req_lang(req));
	if (!blank)
		return srv_page_error(req, resp, 500, "out of memory");
	srv_arena_defer(req->arena, jdecref, blank);
	srv_ws_form_from_json(&f, req, blank, srv_req_lang(req));
	return editor_page(req, resp, 200, &f, &e, 1, NULL);
}

/* Save the posted form over `stored` (an empty object for a new MC, which
 * the library creates only under a free id): 303 to the MC's page, or the
 * form again with the problems (422; a taken id beside the id). */
static int save(srv_req *req, srv_resp *resp, const srv_ws_mcform *f,
		const json_t *stored, int is_new)
{
	const mc_principal *who = srv_auth_who(req);
	mc_problems probs = MC_PROBLEMS_INIT;
	srv_ws_errs e = {NULL, 0};
	mc_microcred *mc = NULL;
	json_t *rec = json_deep_copy(stored);
	char *loc;
	size_t i;
	int rc;

	if (!rec)
		return srv_page_error(req, resp, 500, "out of memory");
	srv_ws_form_apply(rec, req, f, stored, is_new);
	rc = mc_microcred_from_jansson(&mc, rec, NULL, &probs);
	json_decref(rec);
	if (rc == 0 && is_new)
		rc = mc_catalogue_create_as(req->store, mc, who->actor, &probs);
	else if (rc == 0)
		rc = mc_catalogue_save_as(req->store, mc, who->actor, &probs);
	for (i = 0; i < probs.count; i++)
		srv_ws_errs_add(&e, req, probs.items[i].field,
				probs.items[i].reason);
	mc_problems_clear(&probs);
	mc_microcred_free(mc);
	if (rc == MC_EEXISTS) { /* the library refused a new MC's taken id */
		srv_ws_errs_add(&e, req, "id", T("ws.mc.id_taken"));
		return editor_page(req, resp, 422, f, &e, is_new, NULL);
	}
	if (rc == MC_EINVALID) {
		if (e.count == 0)
			srv_ws_errs_add(&e, req, NULL,
					mc_store_errmsg(req->store));
		return editor_page(req, resp, 422, f, &e, is_new, NULL);
	}
	if (rc == MC_ESTATE)
		return editor_page(req, resp, 409, f, &e, is_new,
				   mc_store_errmsg(req->store));
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	req->audit_subject = srv_arena_strdup(req->arena, f->id);
	req->audit_org = srv_arena_strdup(req->arena, f->provider);
	i = strlen(f->id) + 16;
	loc = srv_arena_alloc(req->arena, i);
	if (!loc)
		return srv_page_error(req, resp, 500, "out of memory");
	snprintf(loc, i, "/workspace/mc/%s", f->id);
	return srv_resp_redirect(resp, req, loc);
}

int srv_ws_mc_new(srv_req *req, srv_resp *resp)
{
	srv_ws_mcform f;
	srv_ws_errs e = {NULL, 0};
	json_t *empty;

	if (srv_ws_form(req, resp) != 0 || srv_auth_signed_in(req, resp) != 0)
		return 0;
	srv_ws_form_from_post(&f, req);
	if (!*f.provider) {
		srv_ws_errs_add(&e, req, "provider",
				T("ws.mc.provider_required"));
		return editor_page(req, resp, 422, &f, &e, 1, NULL);
	}
	if (srv_auth_require(req, resp, MC_ACT_MC_EDIT, f.provider, NULL) != 0)
		return 0;
	if (!*f.lang)
		f.lang = srv_req_lang(req);
	empty = json_object();
	if (!empty)
		return srv_page_error(req, resp, 500, "out of memory");
	srv_arena_defer(req->arena, jdecref, empty);
	return save(req, resp, &f, empty, 1);
}

/* ---- the MC's page: status, actions, history, editor ----------------------
 */

static const struct {
	const char *name;
	mc_action act;
	mc_status from, from2; /* states the action applies to */
	mc_status to;
	int note; /* 0: none, 1: optional, 2: required */
} actions[] = {
    {"submit", MC_ACT_MC_SUBMIT, MC_STATUS_DRAFT, MC_STATUS_DRAFT,
     MC_STATUS_IN_REVIEW, 1},
    {"approve", MC_ACT_MC_REVIEW, MC_STATUS_IN_REVIEW, MC_STATUS_IN_REVIEW,
     MC_STATUS_APPROVED, 1},
    {"return", MC_ACT_MC_REVIEW, MC_STATUS_IN_REVIEW, MC_STATUS_APPROVED,
     MC_STATUS_DRAFT, 1},
    {"comment", MC_ACT_MC_COMMENT, MC_STATUS_IN_REVIEW, MC_STATUS_APPROVED,
     MC_STATUS_IN_REVIEW, 2},
    {"publish", MC_ACT_MC_PUBLISH, MC_STATUS_APPROVED, MC_STATUS_APPROVED,
     MC_STATUS_PUBLISHED, 0},
    {"retire", MC_ACT_MC_RETIRE, MC_STATUS_PUBLISHED, MC_STATUS_PUBLISHED,
     MC_STATUS_RETIRED, 1},
};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

static int allowed(srv_req *req, mc_action act, const char *id)
{
	char why[256];

	return mc_authz_check(req->store, srv_auth_who(req), act, NULL, id, why,
			      sizeof(why)) == 0;
}

/* "user:ID ..." -> the user's name, else the actor string. */
static const char *actor_name(srv_req *req, const char *actor)
{
	char uid[64];
	size_t n;
	mc_user *u = NULL;
	const char *out;

	if (!actor || strncmp(actor, "user:", 5) != 0)
		return actor ? actor : "";
	n = strcspn(actor + 5, " ");
	if (n >= sizeof(uid))
		return actor;
	memcpy(uid, actor + 5, n);
	uid[n] = '\0';
	if (mc_user_get(req->store, &u, uid) != 0)
		return actor;
	out = srv_arena_strdup(req->arena, u->name);
	mc_user_free(u);
	return out ? out : actor;
}

/* The events `ev` (count n) of the versions the reader works on
 * (mc_authz_read_history()). */
static void history(srv_html *h, srv_req *req, const mc_history_event *ev,
		    size_t n)
{
	size_t i;

	srv_html_f(h,
		   "<section id=\"history\"><h2>%s</h2><table><thead><tr>"
		   "<th>%s</th><th>v</th><th>%s</th><th>%s</th><th>%s</th>"
		   "</tr></thead><tbody>",
		   T("ws.mc.history"), T("ws.mc.when"), T("ws.mc.who"),
		   T("ws.mc.change"), T("ws.mc.note"));
	for (i = 0; i < n; i++) {
		srv_html_f(h,
			   "<tr class=\"event\"><td>%s</td><td>%u</td>"
			   "<td>%s</td><td>",
			   ev[i].at, ev[i].version,
			   actor_name(req, ev[i].actor));
		if (ev[i].from != ev[i].to)
			srv_html_f(h, "%s &rarr; %s",
				   mc_status_name(ev[i].from),
				   mc_status_name(ev[i].to));
		srv_html_f(h, "</td><td class=\"note\">%s</td></tr>",
			   ev[i].note);
	}
	srv_html_f(h, "</tbody></table></section>");
}

/* A history list for srv_arena_defer(). */
struct events {
	mc_history_event *ev;
	size_t n;
};

static void evfree(void *p)
{
	struct events *e = p;

	mc_history_free(e->ev, e->n);
}

/* The URL an action posts to, in the arena ("" when out of memory). */
static const char *action_url(srv_req *req, const char *id, const char *name)
{
	size_t n = strlen(id) + strlen(name) + 32;
	char *u = srv_arena_alloc(req->arena, n);

	if (!u)
		return "";
	snprintf(u, n, "/workspace/mc/%s/%s", id, name);
	return u;
}

/*
 * One form for every lifecycle action the user may take on the latest
 * version now (none when `mc` is an older version, the latest being
 * hidden from the reader): a shared "note" textarea (when any of them takes a
 * note) and one submit button per action (id "action-NAME"), each posting the
 * form to /workspace/mc/ID/NAME through its formaction.  The handler
 * keeps each action's rules (a comment needs a note).
 */
static void action_forms(srv_html *h, srv_req *req, const mc_microcred *mc,
			 int is_latest)
{
	size_t i, shown = 0, notes = 0, first = NACTIONS;
	int ok[NACTIONS];

	for (i = 0; i < NACTIONS; i++) {
		ok[i] = is_latest &&
			(mc->status == actions[i].from ||
			 mc->status == actions[i].from2) &&
			allowed(req, actions[i].act, mc->id);
		if (ok[i] && first == NACTIONS)
			first = i;
		if (ok[i] && actions[i].note)
			notes++;
	}
	srv_html_f(h, "<section id=\"actions\"><h2>%s</h2>",
		   T("ws.mc.actions"));
	if (first < NACTIONS) {
		srv_html_f(h,
			   "<form method=\"post\" action=\"%U\" "
			   "id=\"form-actions\" class=\"mc-action\">",
			   action_url(req, mc->id, actions[first].name));
		srv_ws_csrf(h, req);
		if (notes)
			srv_html_f(h,
				   "<label for=\"note\">%s</label><br>"
				   "<textarea id=\"note\" name=\"note\" "
				   "rows=\"3\"></textarea><br>",
				   T("ws.mc.note"));
		for (i = first; i < NACTIONS; i++) {
			char key[64];

			if (!ok[i])
				continue;
			snprintf(key, sizeof(key), "ws.mc.do_%s",
				 actions[i].name);
			srv_html_f(h,
				   "<button type=\"submit\" id=\"action-%s\" "
				   "formaction=\"%U\">%s</button> ",
				   actions[i].name,
				   action_url(req, mc->id, actions[i].name),
				   T(key));
			shown++;
		}
		srv_html_f(h, "</form>");
	}
	if (mc->status == MC_STATUS_PUBLISHED &&
	    allowed(req, MC_ACT_CRED_ISSUE, mc->id)) {
		srv_html_f(h,
			   "<p><a id=\"link-issue\" "
			   "href=\"/workspace/mc/%U/issue\">%s</a></p>",
			   mc->id, T("ws.mc.issue"));
		shown++;
	}
	if (shown == 0)
		srv_html_f(h, "<p class=\"empty\">%s</p>",
			   T("ws.mc.no_actions"));
	srv_html_f(h, "</section>");
}

/* The names (in the reader's language, ", "-separated) of the awarding
 * bodies whose consent `mc` awaits (mc_consent_missing()); NULL when
 * there are none. */
static const char *unconsented(srv_req *req, const mc_microcred *mc)
{
	mc_strlist orgs = {0};
	char names[1024] = "";
	size_t i, len = 0;

	if (mc_consent_missing(req->store, mc, &orgs) < 0)
		return NULL;
	for (i = 0; i < orgs.count && len < sizeof(names); i++) {
		int w = snprintf(names + len, sizeof(names) - len, "%s%s",
				 len ? ", " : "",
				 srv_ws_org_name(req, orgs.items[i]));

		len = w < 0 ? sizeof(names) : len + (size_t)w;
	}
	mc_strlist_clear(&orgs);
	return names[0] ? srv_arena_strdup(req->arena, names) : NULL;
}

/*
 * GET /workspace/mc/:id: the latest version the reader may read, for
 * those who work on the MC (mc_authz_read_history(): members of its
 * provider, awarding bodies and reviewing organisations, the platform
 * admin), with the history of the versions they work on; the editor only
 * for those mc_authz_check() lets edit the latest version.  An MC of
 * which the reader may read no version answers as one that does not
 * exist (404); one they read but do not work on is 403.
 */
int srv_ws_mc_edit_form(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0];
	mc_microcred *mc = NULL, *latest = NULL;
	mc_history_event *ev = NULL;
	struct events *events;
	srv_html h = SRV_HTML_INIT;
	srv_ws_mcform f;
	srv_ws_errs e = {NULL, 0};
	const char *lang, *title, *waiting;
	char why[256];
	unsigned shown = 0;
	size_t nev = 0;
	json_t *rec;
	int rc, locked, editable, is_latest;

	if (srv_auth_signed_in(req, resp) != 0)
		return 0;
	rc = mc_authz_read_history(req->store, srv_auth_who(req), &ev, &nev, id,
				   0, why, sizeof(why));
	if (rc == MC_EFORBIDDEN)
		return srv_page_error(req, resp, 403, T("ws.mc.forbidden"));
	if (rc == 0)
		rc = mc_authz_read_version(req->store, srv_auth_who(req),
					   &shown, id, 0);
	if (rc != 0) { /* an unknown MC and a hidden one alike */
		mc_history_free(ev, nev);
		return srv_ws_lib_error(req, resp, rc);
	}
	if (!(events = srv_arena_alloc(req->arena, sizeof(*events)))) {
		mc_history_free(ev, nev);
		return srv_page_error(req, resp, 500, "out of memory");
	}
	events->ev = ev;
	events->n = nev;
	if (srv_arena_defer(req->arena, evfree, events) != 0) /* freed */
		return srv_page_error(req, resp, 500, "out of memory");
	rec = stored_json(req, id, shown, &mc, &rc);
	if (!rec)
		return srv_ws_lib_error(req, resp, rc);
	srv_arena_defer(req->arena, mcfree, mc);
	is_latest = mc_catalogue_get(req->store, &latest, id, 0) == 0 &&
		    latest->version == mc->version;
	mc_microcred_free(latest);
	lang = srv_req_query(req, "text_lang");
	if (!lang || !mc_lang_tag_valid(lang))
		lang = mc_langmap_get(&mc->title, srv_req_lang(req))
			   ? srv_req_lang(req)
			   : mc->primary_language;
	title = mc_langmap_pick(&mc->title, srv_req_lang(req),
				mc->primary_language);

	srv_page_open(&h, req, title);
	srv_html_f(&h,
		   "<h1 id=\"mc-title\">%s</h1><p><code id=\"mc-id\">%s</code> "
		   "v%u &middot; <span id=\"mc-status\" data-status=\"%s\">%s"
		   "</span> &middot; %s</p>",
		   title, mc->id, mc->version, mc_status_name(mc->status),
		   mc_status_name(mc->status),
		   srv_ws_org_name(req, mc->provider));
	if (mc->status == MC_STATUS_PUBLISHED)
		srv_html_f(
		    &h, "<p><a id=\"link-public\" href=\"/mc/%U\">%s</a></p>",
		    mc->id, T("ws.mc.public_page"));
	locked = mc->status == MC_STATUS_IN_REVIEW ||
		 mc->status == MC_STATUS_APPROVED;
	editable = !locked && is_latest && allowed(req, MC_ACT_MC_EDIT, id);
	if (!editable) {
		/* What a reviewer approves, or a reader reads: read-only. */
		srv_html_f(&h, "<section id=\"details\"><h2>%s</h2>",
			   T("ws.mc.details"));
		srv_html_f(&h, "<p class=\"note\" id=\"mc-locked\">%s</p>",
			   T(locked ? "ws.mc.locked" : "ws.mc.read_only"));
		srv_page_mc_details(&h, req, mc);
		srv_html_f(&h, "</section>");
	}
	if (is_latest && (waiting = unconsented(req, mc)))
		srv_html_f(&h, "<p class=\"note\" id=\"mc-consents\">%s %s</p>",
			   T("ws.mc.consent_wait"), waiting);
	action_forms(&h, req, mc, is_latest);
	history(&h, req, ev, nev);
	if (editable) {
		srv_html_f(&h, "<section id=\"editor\"><h2>%s</h2>",
			   T("ws.mc.edit"));
		srv_ws_form_from_json(&f, req, rec, lang);
		if (mc->status != MC_STATUS_DRAFT)
			srv_html_f(&h, "<p class=\"note\">%s</p>",
				   T("ws.mc.new_version"));
		srv_ws_editor(&h, req, &f, &e, 0,
			      srv_arena_strdup(req->arena, req->path));
		srv_html_f(&h, "</section>");
	}
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, 200, &h);
}

int srv_ws_mc_save(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0];
	srv_ws_mcform f;
	json_t *rec;
	int rc;

	if (srv_ws_form(req, resp) != 0 ||
	    srv_auth_require_mc(req, resp, MC_ACT_MC_EDIT, id) != 0)
		return 0;
	rec = stored_json(req, id, 0, NULL, &rc);
	if (!rec)
		return srv_ws_lib_error(req, resp, rc);
	srv_ws_form_from_post(&f, req);
	f.id = id;
	f.provider = jstr(rec, "provider");
	if (!*f.lang || !mc_lang_tag_valid(f.lang))
		f.lang = jstr(rec, "primary_language");
	return save(req, resp, &f, rec, 0);
}

int srv_ws_mc_action(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0], *name = req->param[1], *note;
	const mc_principal *who;
	mc_microcred *mc = NULL;
	size_t i, n;
	char *loc;
	int rc;

	for (i = 0; i < NACTIONS; i++)
		if (strcmp(actions[i].name, name) == 0)
			break;
	if (i == NACTIONS)
		return srv_page_error(req, resp, 404,
				      T("ws.mc.no_such_action"));
	if (srv_ws_form(req, resp) != 0 ||
	    srv_auth_require_mc(req, resp, actions[i].act, id) != 0)
		return 0;
	who = srv_auth_who(req);
	note = srv_ws_field(req, "note");
	if (actions[i].note == 2 && !*note)
		return srv_page_error(req, resp, 422, T("ws.mc.note_required"));
	if (strcmp(name, "comment") == 0)
		rc = mc_catalogue_comment(req->store, id, who->actor, note);
	else
		rc = mc_catalogue_transition(req->store, id, actions[i].to,
					     who->actor, *note ? note : NULL);
	if (rc == MC_ESTATE && mc_catalogue_get(req->store, &mc, id, 0) == 0) {
		/* Refused for want of an awarding body's consent: say so in
		 * the reader's language. */
		const char *waiting = unconsented(req, mc);

		mc_microcred_free(mc);
		mc = NULL;
		size_t len = waiting ? strlen(T("ws.mc.consent_wait")) +
					   strlen(waiting) + 2
				     : 0;
		char *msg = len ? srv_arena_alloc(req->arena, len) : NULL;

		if (msg) {
			snprintf(msg, len, "%s %s", T("ws.mc.consent_wait"),
				 waiting);
			return srv_page_error(req, resp, 409, msg);
		}
	}
	if (rc != 0)
		return srv_ws_lib_error(req, resp, rc);
	if (mc_catalogue_get(req->store, &mc, id, 0) == 0) {
		req->audit_org = srv_arena_strdup(req->arena, mc->provider);
		mc_microcred_free(mc);
	}
	req->audit_subject = srv_arena_strdup(req->arena, id);
	req->audit_reason = *note ? note : NULL;
	n = strlen(id) + 16;
	loc = srv_arena_alloc(req->arena, n);
	if (!loc)
		return srv_page_error(req, resp, 500, "out of memory");
	snprintf(loc, n, "/workspace/mc/%s", id);
	return srv_resp_redirect(resp, req, loc);
}
