/*
 * The Europass course directory datasets (pages_europass.c): the LOQ
 * JSON-LD of mc_europass_export() at stable URLs the QDR pulls.
 */
#ifndef SRV_PAGES_EUROPASS_H
#define SRV_PAGES_EUROPASS_H

#include "http.h"

/** GET /europass/org/ORG.jsonld: the MCs ORG provides; 404 for an
 * unknown organisation or a name without ".jsonld". */
int srv_page_europass_org(srv_req *req, srv_resp *resp);

/** GET /europass/country/CC.jsonld: the MCs of providers in CC; 400 for
 * a code that is not ISO 3166-1 alpha-2, 404 without ".jsonld". */
int srv_page_europass_country(srv_req *req, srv_resp *resp);

#endif
