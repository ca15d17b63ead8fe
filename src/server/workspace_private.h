/*
 * Helpers shared by the workspace pages (workspace_*.c); not used
 * elsewhere.  Every page that renders a POST form puts the session's CSRF
 * token in it with srv_ws_csrf(); every handler gates with srv_auth_*().
 */
#ifndef SRV_WORKSPACE_PRIVATE_H
#define SRV_WORKSPACE_PRIVATE_H

#include "html.h"
#include "http.h"

/** The UI string `key` in the reader's language (i18n.h). */
#define T(key) srv_t(req, key)

/** <input type=hidden name=csrf value=...> for the signed-in user. */
void srv_ws_csrf(srv_html *h, srv_req *req);

/**
 * Parse the request's form body.  Returns 0, or -1 with a 400 page in
 * `resp` naming the field and reason (415 when the body is not a form).
 */
int srv_ws_form(srv_req *req, srv_resp *resp);

/** A form field with surrounding white space removed, in the arena; ""
 * when absent (never NULL). */
const char *srv_ws_field(srv_req *req, const char *name);

/**
 * An HTML error page for library error `code` (status from
 * mc_error_http_status(), message from the store).
 */
int srv_ws_lib_error(srv_req *req, srv_resp *resp, int code);

/** The organisation's name in the reader's language (arena), or its id. */
const char *srv_ws_org_name(srv_req *req, const char *org_id);

/** Non-zero when the signed-in user holds any of `roles` in any
 * organisation (the platform admin holds every role but reviewer). */
int srv_ws_has_role(srv_req *req, unsigned roles);

/** The MC's title in the reader's language (arena), or its id. */
const char *srv_ws_mc_title(srv_req *req, const char *mc_id);

#endif
