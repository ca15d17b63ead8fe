/*
 * The workspace's routes (see routes.h; workspace.h for the handlers).
 */
#include "routes.h"
#include "workspace.h"
#include "workspace_consent.h"

const srv_route srv_routes_workspace[] = {
    {"GET", "/login", srv_ws_login_form, 0, 0},
    {"POST", "/login", srv_ws_login, SRV_ROUTE_ANONYMOUS, SRV_BODY_FORMS},
    {"POST", "/logout", srv_ws_logout, SRV_ROUTE_SIGNED_IN, SRV_BODY_FORMS},
    {"GET", "/workspace", srv_ws_home, 0, 0},
    {"GET", "/workspace/mc/new", srv_ws_mc_new_form, 0, 0},
    {"POST", "/workspace/mc/new", srv_ws_mc_new, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_FORMS},
    {"GET", "/workspace/mc/:id", srv_ws_mc_edit_form, 0, 0},
    {"POST", "/workspace/mc/:id", srv_ws_mc_save, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_FORMS},
    {"POST", "/workspace/mc/:id/:action", srv_ws_mc_action, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_FORMS},
    {"GET", "/workspace/mc/:id/issue", srv_ws_issue_form, 0, 0},
    {"POST", "/workspace/mc/:id/issue", srv_ws_issue, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_FORMS},
    {"POST", "/workspace/mc/:id/roster", srv_ws_roster, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_FORMS},
    {"GET", "/workspace/jobs/:id", srv_ws_job, 0, 0},
    {"GET", "/workspace/credentials", srv_ws_credentials, 0, 0},
    {"POST", "/workspace/credentials/:uuid/revoke", srv_ws_cred_revoke,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_FORMS},
    {"GET", "/workspace/consents", srv_ws_consents, 0, 0},
    {"POST", "/workspace/consents/:org/:mc/:answer", srv_ws_consent_answer,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_FORMS},
    {NULL, NULL, NULL, 0, 0},
};
