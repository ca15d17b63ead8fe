/*
 * The public pages' routes (see routes.h; pages.h for the handlers).
 */
#include "pages.h"
#include "routes.h"

const srv_route srv_routes_pages[] = {
    {"GET", "/", srv_page_home, SRV_ROUTE_REPLICA, 0},
    {"GET", "/org/:id", srv_page_org, SRV_ROUTE_REPLICA, 0},
    {"GET", "/clusters", srv_page_clusters, SRV_ROUTE_REPLICA, 0},
    {"GET", "/clusters/:id", srv_page_cluster, SRV_ROUTE_REPLICA, 0},
    {"GET", "/coverage", srv_page_coverage, SRV_ROUTE_REPLICA, 0},
    {"GET", "/verify", srv_page_verify_form, 0, 0},
    {"POST", "/verify", srv_page_verify,
     SRV_ROUTE_ANONYMOUS | SRV_ROUTE_NO_AUDIT, SRV_BODY_FORMS},
    {"GET", "/static/:name", srv_page_static, SRV_ROUTE_NO_STORE, 0},
    {"GET", "/credentials/:uuid/download", srv_page_credential_download, 0, 0},
    {"GET", "/credentials/:uuid/certificate.pdf", srv_page_certificate_pdf, 0,
     0},
    {"GET", "/credentials/:uuid/certificate.png", srv_page_certificate_png, 0,
     0},
    {"GET", "/mc/:id/badge.png", srv_page_badge_png, SRV_ROUTE_REPLICA, 0},
    {"GET", "/mc/:id/badge.svg", srv_page_badge_svg, SRV_ROUTE_REPLICA, 0},
    {"GET", "/mc/:id/:version/badge.png", srv_page_badge_png, SRV_ROUTE_REPLICA,
     0},
    {"GET", "/mc/:id/:version/badge.svg", srv_page_badge_svg, SRV_ROUTE_REPLICA,
     0},
    {"GET", "/org/:id/image.png", srv_page_org_image_png, SRV_ROUTE_REPLICA, 0},
    {"GET", "/org/:id/image.svg", srv_page_org_image_svg, SRV_ROUTE_REPLICA, 0},
    {NULL, NULL, NULL, 0, 0},
};
