/*
 * The public pages, rendered on the server for people (no JavaScript):
 * the catalogue with search and facets, MC pages in the reader's language,
 * organisations, clusters, coverage charts (SVG), the verify page, each
 * issued credential's page, and the static files (style sheet).
 * mc_page_mc() and mc_page_credential() are also called by api_public.c
 * when a browser asks for /mc/... or /credentials/... (content
 * negotiation).
 */
#ifndef MC_SERVER_PAGES_H
#define MC_SERVER_PAGES_H

#include "html.h"
#include "http.h"

int mc_page_home(mc_req *req, mc_resp *resp);
int mc_page_org(mc_req *req, mc_resp *resp);
int mc_page_clusters(mc_req *req, mc_resp *resp);
int mc_page_cluster(mc_req *req, mc_resp *resp);
int mc_page_coverage(mc_req *req, mc_resp *resp);
int mc_page_verify_form(mc_req *req, mc_resp *resp);
int mc_page_verify(mc_req *req, mc_resp *resp);
int mc_page_static(mc_req *req, mc_resp *resp);
int mc_page_mc(mc_req *req, mc_resp *resp);
int mc_page_credential(mc_req *req, mc_resp *resp);
/**
 * The content of MC `mc` as its public page shows it, in the reader's
 * language: the description, every Annex I element, the learning outcomes
 * and the licence (no title, version line or links to other versions).
 * Read-only HTML appended to `h`; for other pages that show an MC (the
 * workspace's review page).  Reads organisation names from the store.
 */
void mc_page_mc_details(mc_html *h, mc_req *req, const mc_microcred *mc);
/** GET /credentials/:uuid/download: the credential's bytes as issued, for
 * the download link of its page (a link cannot ask for JSON). */
int mc_page_credential_download(mc_req *req, mc_resp *resp);
/** GET /credentials/:uuid/certificate.pdf and .png: the printable
 * certificate (pages_certificate.c), in ?lang= or the reader's language. */
int mc_page_certificate_pdf(mc_req *req, mc_resp *resp);
int mc_page_certificate_png(mc_req *req, mc_resp *resp);

#endif
