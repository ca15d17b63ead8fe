/*
 * The public pages, rendered on the server for people (no JavaScript):
 * the catalogue with search and facets, MC pages in the reader's language,
 * organisations, clusters, coverage charts (SVG), the verify page, each
 * issued credential's page, and the static files (style sheet).
 * srv_page_mc() and srv_page_credential() are also called by api_mc.c and
 * api_credential.c when a browser asks for /mc/... or /credentials/...
 * (content negotiation).
 */
#ifndef SRV_PAGES_H
#define SRV_PAGES_H

#include "html.h"
#include "http.h"

int srv_page_home(srv_req *req, srv_resp *resp);
int srv_page_org(srv_req *req, srv_resp *resp);
int srv_page_clusters(srv_req *req, srv_resp *resp);
int srv_page_cluster(srv_req *req, srv_resp *resp);
int srv_page_coverage(srv_req *req, srv_resp *resp);
int srv_page_verify_form(srv_req *req, srv_resp *resp);
int srv_page_verify(srv_req *req, srv_resp *resp);
int srv_page_static(srv_req *req, srv_resp *resp);
int srv_page_mc(srv_req *req, srv_resp *resp);
int srv_page_credential(srv_req *req, srv_resp *resp);
/**
 * The content of MC `mc` as its public page shows it, in the reader's
 * language: the description, every Annex I element, the learning outcomes
 * and the licence (no title, version line or links to other versions).
 * Read-only HTML appended to `h`; for other pages that show an MC (the
 * workspace's review page).  Reads organisation names from the store.
 */
void srv_page_mc_details(srv_html *h, srv_req *req, const mc_microcred *mc);
/** GET /credentials/:uuid/download: the credential's bytes as issued, for
 * the download link of its page (a link cannot ask for JSON). */
int srv_page_credential_download(srv_req *req, srv_resp *resp);
/** GET /credentials/:uuid/certificate.pdf and .png: the printable
 * certificate (pages_certificate.c), in ?lang= or the reader's language. */
int srv_page_certificate_pdf(srv_req *req, srv_resp *resp);
int srv_page_certificate_png(srv_req *req, srv_resp *resp);
/** GET /mc/:id[/:version]/badge.png|svg and /org/:id/image.png|svg: the
 * generated images OB 3.0 credentials show (pages_badge.c). */
int srv_page_badge_png(srv_req *req, srv_resp *resp);
int srv_page_badge_svg(srv_req *req, srv_resp *resp);
int srv_page_org_image_png(srv_req *req, srv_resp *resp);
int srv_page_org_image_svg(srv_req *req, srv_resp *resp);

#endif
