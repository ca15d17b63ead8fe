/*
 * The workspace's routes (see routes.h; workspace.h for the handlers).
 */
#include "routes.h"
#include "workspace.h"
#include "workspace_consent.h"

const mc_route mc_routes_workspace[] = {
    {"GET", "/login", mc_ws_login_form, 0, 0},
    {"POST", "/login", mc_ws_login, MC_ROUTE_ANONYMOUS, MC_BODY_FORMS},
    {"POST", "/logout", mc_ws_logout, MC_ROUTE_SIGNED_IN, MC_BODY_FORMS},
    {"GET", "/workspace", mc_ws_home, 0, 0},
    {"GET", "/workspace/mc/new", mc_ws_mc_new_form, 0, 0},
    {"POST", "/workspace/mc/new", mc_ws_mc_new, MC_ROUTE_SIGNED_IN,
     MC_BODY_FORMS},
    {"GET", "/workspace/mc/:id", mc_ws_mc_edit_form, 0, 0},
    {"POST", "/workspace/mc/:id", mc_ws_mc_save, MC_ROUTE_SIGNED_IN,
     MC_BODY_FORMS},
    {"POST", "/workspace/mc/:id/:action", mc_ws_mc_action, MC_ROUTE_SIGNED_IN,
     MC_BODY_FORMS},
    {"GET", "/workspace/mc/:id/issue", mc_ws_issue_form, 0, 0},
    {"POST", "/workspace/mc/:id/issue", mc_ws_issue, MC_ROUTE_SIGNED_IN,
     MC_BODY_FORMS},
    {"POST", "/workspace/mc/:id/roster", mc_ws_roster, MC_ROUTE_SIGNED_IN,
     MC_BODY_FORMS},
    {"GET", "/workspace/jobs/:id", mc_ws_job, 0, 0},
    {"GET", "/workspace/credentials", mc_ws_credentials, 0, 0},
    {"POST", "/workspace/credentials/:uuid/revoke", mc_ws_cred_revoke,
     MC_ROUTE_SIGNED_IN, MC_BODY_FORMS},
    {"GET", "/workspace/consents", mc_ws_consents, 0, 0},
    {"POST", "/workspace/consents/:org/:mc/:answer", mc_ws_consent_answer,
     MC_ROUTE_SIGNED_IN, MC_BODY_FORMS},
    {NULL, NULL, NULL, 0, 0},
};
