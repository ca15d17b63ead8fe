/*
 * Generated images that Open Badges 3.0 credentials point at (badge.h),
 * for wallets to show:
 *
 *   GET /mc/:id/:version/badge.png|svg  one MC version's badge
 *                                       (achievement.image), immutable
 *   GET /mc/:id/badge.png|svg           the latest published version's
 *   GET /org/:id/image.png|svg          an organisation's image
 *                                       (issuer.image), its initials
 *
 * A version is read as /mc/:id/:version reads it: a version the reader
 * may not read (a draft of someone else's) is a 404 as an unknown one, and
 * a version not yet published is answered privately.  Every image has an
 * ETag of its bytes (the glue answers If-None-Match with 304) and public
 * ones are kept by the response cache (cache.h; drawing a PNG costs about
 * 0.1 s), emptied when the catalogue changes.  A published version never
 * changes, so its URL is cached as immutable by browsers and wallets; the
 * organisation's name on it is the one it had when they first fetched
 * it.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "cache.h"
#include "microcred/account.h"
#include "microcred/badge.h"
#include "microcred/catalogue.h"
#include "pages_util.h"

#define IMMUTABLE "public, max-age=31536000, immutable"
#define SHORT	  "public, max-age=300"
#define ORG_IMAGE "public, max-age=86400"

/* Send `data[0..len)` (taken) as a 200 of `format`; `private_`: for one
 * reader's eyes (Cache-Control: private, no-store, never kept). */
static int send_image(srv_resp *resp, unsigned char *data, size_t len,
		      mc_image_format format, int private_)
{
	resp->status = 200;
	resp->content_type = mc_image_media_type(format);
	resp->body = (char *)data;
	resp->body_len = len;
	resp->etag = srv__etag(resp->body, len);
	if (private_)
		resp->private_ = 1;
	return 0;
}

/*
 * The version a badge URL names: 0 for /mc/:id/badge.*, N for
 * /mc/:id/vN/badge.*; -1 (after a 404 naming the parameter, as
 * /mc/:id/:version answers) when it is not "vN".
 */
static long version_of(srv_req *req, srv_resp *resp)
{
	const char *v;

	if (req->nparam < 2)
		return 0;
	v = req->param[1];
	if (v[0] != 'v' || v[1] < '1' || v[1] > '9' ||
	    strspn(v + 1, "0123456789") != strlen(v + 1) || strlen(v) > 8) {
		srv_resp_problem(resp, 404, "Not Found",
				 "version: must be vN, such as v1", NULL);
		return -1;
	}
	return strtol(v + 1, NULL, 10);
}

static int badge(srv_req *req, srv_resp *resp, mc_image_format format)
{
	const char *id = req->param[0], *org_id;
	long v = version_of(req, resp);
	unsigned version = v > 0 ? (unsigned)v : 0;
	mc_microcred *mc = NULL;
	mc_org *org = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	char *uri = NULL;
	int error;

	if (v < 0)
		return 0;
	if (version) {
		error =
		    mc_authz_read_version(req->store, srv_req_reader(req, resp),
					  &version, id, version);
		if (!error)
			error = mc_catalogue_get(req->store, &mc, id, version);
	} else if (!(error = mc_catalogue_uri(req->store, &uri, id, 0))) {
		error = mc_catalogue_resolve(req->store, &mc, uri);
	}
	if (error < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	/* The organisation that awards it (the credential's issuer). */
	org_id = mc->awarding_bodies.count ? mc->awarding_bodies.items[0]
					   : mc->provider;
	if (org_id && mc_org_get(req->store, &org, org_id) < 0)
		org = NULL; /* drawn without the name */
	if ((error = mc_badge_image(&data, &len, mc, org, format)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	send_image(resp, data, len, format,
		   mc->status != MC_STATUS_PUBLISHED &&
		       mc->status != MC_STATUS_RETIRED);

cleanup:
	free(uri);
	mc_org_free(org);
	mc_microcred_free(mc);
	return 0;
}

static int org_image(srv_req *req, srv_resp *resp, mc_image_format format)
{
	mc_org *org = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	int error;

	if ((error = mc_org_get(req->store, &org, req->param[0])) < 0 ||
	    (error = mc_org_image(&data, &len, org, format)) < 0)
		srv_resp_error(resp, req, error);
	else
		send_image(resp, data, len, format, 0);
	mc_org_free(org);
	return 0;
}

static int badge_png(srv_req *req, srv_resp *resp)
{
	return badge(req, resp, MC_IMAGE_PNG);
}

static int badge_svg(srv_req *req, srv_resp *resp)
{
	return badge(req, resp, MC_IMAGE_SVG);
}

static int org_png(srv_req *req, srv_resp *resp)
{
	return org_image(req, resp, MC_IMAGE_PNG);
}

static int org_svg(srv_req *req, srv_resp *resp)
{
	return org_image(req, resp, MC_IMAGE_SVG);
}

/*
 * Answer through the response cache (cache.h), which keeps a public 200
 * but not its Cache-Control: that is set here again, `cache_control` for
 * any public image.  Only published and retired versions are public, so a
 * versioned badge answered publicly is an immutable one.
 */
static int cached(srv_req *req, srv_resp *resp, srv_handler fill,
		  const char *cache_control)
{
	srv_cache_handle(req, resp, fill);
	if (resp->status == 200 && !resp->private_)
		resp->cache_control = cache_control;
	return 0;
}

int srv_page_badge_png(srv_req *req, srv_resp *resp)
{
	return cached(req, resp, badge_png,
		      req->nparam == 2 ? IMMUTABLE : SHORT);
}

int srv_page_badge_svg(srv_req *req, srv_resp *resp)
{
	return cached(req, resp, badge_svg,
		      req->nparam == 2 ? IMMUTABLE : SHORT);
}

int srv_page_org_image_png(srv_req *req, srv_resp *resp)
{
	return cached(req, resp, org_png, ORG_IMAGE);
}

int srv_page_org_image_svg(srv_req *req, srv_resp *resp)
{
	return cached(req, resp, org_svg, ORG_IMAGE);
}
