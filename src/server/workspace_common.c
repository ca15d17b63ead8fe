/*
 * Helpers shared by the workspace pages (see workspace_private.h).
 */
#include "workspace_private.h"

#include <string.h>

#include "auth.h"
#include "form.h"
#include "i18n.h"

void srv_ws_csrf(srv_html *h, srv_req *req)
{
	const mc_principal *who = srv_auth_who(req);

	srv_html_f(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
		   who && who->csrf ? who->csrf : "");
}

int srv_ws_form(srv_req *req, srv_resp *resp)
{
	char err[256] = "";
	int rc = srv_form_parse(req, err, sizeof(err));

	if (rc == 0)
		return 0;
	if (rc == MC_EUSAGE)
		srv_page_error(
		    req, resp, 415,
		    "expected a form (application/x-www-form-urlencoded "
		    "or multipart/form-data)");
	else if (rc == MC_ENOMEM)
		srv_page_error(req, resp, 500, "out of memory");
	else
		srv_page_error(req, resp, 400,
			       err[0] ? err : "malformed form body");
	return -1;
}

const char *srv_ws_field(srv_req *req, const char *name)
{
	const char *v = srv_form_get(req, name);
	size_t len;
	char *out;

	if (!v)
		return "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	len = strlen(v);
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t' ||
			   v[len - 1] == '\r' || v[len - 1] == '\n'))
		len--;
	out = srv_arena_alloc(req->arena, len + 1);
	if (!out)
		return "";
	memcpy(out, v, len);
	out[len] = '\0';
	return out;
}

int srv_ws_lib_error(srv_req *req, srv_resp *resp, int code)
{
	return srv_page_lib_error(req, resp, code);
}

const char *srv_ws_org_name(srv_req *req, const char *org_id)
{
	mc_org *org = NULL;
	const char *name;
	char *out;

	if (!org_id || mc_org_get(req->store, &org, org_id) != 0)
		return org_id ? org_id : "";
	name = mc_langmap_pick(&org->name, srv_req_lang(req), NULL);
	out = srv_arena_strdup(req->arena, name ? name : org_id);
	mc_org_free(org);
	return out ? out : org_id;
}

int srv_ws_has_role(srv_req *req, unsigned roles)
{
	const mc_principal *who = srv_auth_who(req);
	size_t i;

	if (!who || !who->user)
		return 0;
	if (who->user->platform_admin && (roles & ~MC_ROLE_REVIEWER))
		return 1;
	for (i = 0; i < who->user->nmemberships; i++)
		if (who->user->memberships[i].roles & roles)
			return 1;
	return 0;
}

const char *srv_ws_mc_title(srv_req *req, const char *mc_id)
{
	mc_microcred *mc = NULL;
	const char *t;
	char *out;

	if (mc_catalogue_get(req->store, &mc, mc_id, 0) != 0)
		return mc_id;
	t = mc_langmap_pick(&mc->title, srv_req_lang(req),
			    mc->primary_language);
	out = srv_arena_strdup(req->arena, t ? t : mc_id);
	mc_microcred_free(mc);
	return out ? out : mc_id;
}
