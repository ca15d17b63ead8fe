/*
 * The public pages' routes (see routes.h; pages.h for the handlers).
 */
#include "pages.h"
#include "routes.h"

const mc_route mc_routes_pages[] = {
    {"GET", "/", mc_page_home, 0, 0},
    {"GET", "/org/:id", mc_page_org, 0, 0},
    {"GET", "/clusters", mc_page_clusters, 0, 0},
    {"GET", "/clusters/:id", mc_page_cluster, 0, 0},
    {"GET", "/coverage", mc_page_coverage, 0, 0},
    {"GET", "/verify", mc_page_verify_form, 0, 0},
    {"POST", "/verify", mc_page_verify, MC_ROUTE_ANONYMOUS | MC_ROUTE_NO_AUDIT,
     MC_BODY_FORMS},
    {"GET", "/static/:name", mc_page_static, 0, 0},
    {"GET", "/credentials/:uuid/download", mc_page_credential_download, 0, 0},
    {"GET", "/credentials/:uuid/certificate.pdf", mc_page_certificate_pdf, 0,
     0},
    {"GET", "/credentials/:uuid/certificate.png", mc_page_certificate_png, 0,
     0},
    {NULL, NULL, NULL, 0, 0},
};
