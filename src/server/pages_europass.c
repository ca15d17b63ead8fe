/*
 * The Europass course directory datasets at their stable URLs,
 * BASE/europass/org/ORG.jsonld and BASE/europass/country/CC.jsonld:
 * exactly the bytes `microcred export europass` writes, as
 * application/ld+json with a weak ETag (the glue answers If-None-Match
 * with 304), through the response cache like the other public reads.
 */
#include "pages_europass.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "microcred/europass.h"
#include "pages_util.h"

#define SUFFIX ".jsonld"

/* The key of "KEY.jsonld" copied into `out`, or NULL when the name does
 * not have that form or the key is longer than `outlen - 1`. */
static const char *key_of(char *out, size_t outlen, const char *name)
{
	size_t n = strlen(name), s = strlen(SUFFIX);

	if (n <= s || strcmp(name + n - s, SUFFIX) != 0 || n - s >= outlen)
		return NULL;
	memcpy(out, name, n - s);
	out[n - s] = '\0';
	return out;
}

static int dataset(srv_req *req, srv_resp *resp, mc_europass_scope scope)
{
	char key[MC_ID_MAX + 1], *text = NULL;
	size_t len = 0;
	int error;

	if (!key_of(key, sizeof(key), req->param[0]))
		return srv_resp_problem(resp, 404, "Not Found",
					scope == MC_EUROPASS_ORG
					    ? "no dataset here: the URL is "
					      "/europass/org/ORG.jsonld"
					    : "no dataset here: the URL is "
					      "/europass/country/CC.jsonld",
					NULL);
	error = mc_europass_export(req->store, &text, &len, scope, key);
	if (error == MC_EINVALID)
		return srv_resp_problem(resp, 400, "Bad Request",
					mc_store_errmsg(req->store), NULL);
	if (error < 0)
		return srv_resp_error(resp, req, error);
	free(resp->body);
	resp->body = text;
	resp->body_len = len;
	resp->status = 200;
	resp->content_type = "application/ld+json";
	free(resp->etag);
	resp->etag = srv__etag(text, len);
	return 0;
}

static int org_fill(srv_req *req, srv_resp *resp)
{
	return dataset(req, resp, MC_EUROPASS_ORG);
}

static int country_fill(srv_req *req, srv_resp *resp)
{
	return dataset(req, resp, MC_EUROPASS_COUNTRY);
}

int srv_page_europass_org(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, org_fill);
}

int srv_page_europass_country(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, country_fill);
}
