/*
 * Micro-credentials, read and written:
 *
 *   GET  /api/v1/microcredentials[?q=&lang=&country=&...]  search (cached)
 *   POST /api/v1/microcredentials                          a new draft
 *   GET  /api/v1/microcredentials/:id[?version=]           one (cached)
 *   PUT  /api/v1/microcredentials/:id                      save a draft
 *   GET  /api/v1/microcredentials/:id/versions             (cached)
 *   GET  /mc/:id, /mc/:id/:version   the stable URIs credentials point at
 *                                    (a browser gets the page, pages_mc.c)
 *
 * The lifecycle, history and comments are in api_mc_lifecycle.c.
 *
 * Who sees which version is the library's rule
 * (mc_authz_can_read_version() and the helpers beside it): a version the
 * reader may not read is answered 404, exactly as one that does not
 * exist, and is left out of version lists, searches, their totals and
 * facets.  An answer for a signed-in reader is private (never stored by
 * the response cache, which already passes such requests by, nor by a
 * shared cache on the way), so an anonymous reader is only ever served
 * what an anonymous reader may see.  An MC's JSON is its stored document,
 * not a parse and a re-serialisation of it; catalogue answers carry a
 * weak ETag computed from the body, so the glue can answer If-None-Match
 * with 304.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "auth_mc.h"
#include "cache.h"
#include "json_body.h"
#include "pages.h"

/* ---- helpers ------------------------------------------------------------ */

/* Answer 200 with `json` (a new reference, stolen), with an ETag. */
static int send_json(srv_resp *resp, json_t *json)
{
	char *text = NULL;

	if (json)
		text = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(json);
	return srv_resp_text(resp, text, NULL, 1);
}

/*
 * Parse the decimal `s` into *out, within 0..max.  Returns 0, or -1 with a
 * reason in `why`.
 */
static int number(unsigned long *out, const char *s, unsigned long max,
		  char *why, size_t whylen)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i == 10) {
			snprintf(why, whylen,
				 "must be a number 0..%lu, got '%.40s'", max,
				 s);
			return -1;
		}
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || n > max) {
		snprintf(why, whylen, "must be a number 0..%lu, got '%.40s'",
			 max, s);
		return -1;
	}
	*out = n;
	return 0;
}

/*
 * ECTS credits `s`: digits with at most one '.', 0..1000, into *out;
 * 0 when fine, else -1.
 */
static int ects_number(double *out, const char *s)
{
	size_t len = strlen(s), digits = strspn(s, "0123456789");
	char *end;

	if (len == 0 || len > 8 || digits == 0 ||
	    (digits < len &&
	     (s[digits] != '.' ||
	      strspn(s + digits + 1, "0123456789") != len - digits - 1)))
		return -1;
	*out = strtod(s, &end);
	return *end || *out > 1000 ? -1 : 0;
}

/* ---- search ------------------------------------------------------------- */

/*
 * Fill `o` from the query string.  Returns 0, or -1 after answering 400
 * naming the first bad parameter.
 */
static int search_options(srv_req *req, srv_resp *resp, mc_search_options *o)
{
	static const char tag[] = "-";
	static const char word[] = "-_";
	const char *v;
	unsigned long n;
	char why[160];

	if ((v = srv_req_query(req, "q"))) {
		if (strlen(v) > MC_SEARCH_QUERY_MAX) {
			snprintf(why, sizeof(why), "longer than %d bytes",
				 MC_SEARCH_QUERY_MAX);
			return srv_param_reject(resp, "q", why);
		}
		o->query = v;
	}
	if ((v = srv_req_query(req, "lang"))) {
		if (!srv_param_token_ok(v, 35, tag))
			return srv_param_reject(
			    resp, "lang", "must be a language tag such as uk");
		o->lang = v;
	}
	if ((v = srv_req_query(req, "country")) &&
	    !(o->country = srv_param_country(req, resp, v)))
		return -1;
	if ((v = srv_req_query(req, "sector"))) {
		if (!srv_param_token_ok(v, 4, "") ||
		    strspn(v, "0123456789") != strlen(v))
			return srv_param_reject(
			    resp, "sector",
			    "must be an ISCED-F code of 2 to 4 "
			    "digits such as 0715");
		o->sector = v;
	}
	if ((v = srv_req_query(req, "eqf"))) {
		if (number(&n, v, 8, why, sizeof(why)) < 0 || n < 1)
			return srv_param_reject(resp, "eqf", "must be 1..8");
		o->eqf_level = (int)n;
	}
	if ((v = srv_req_query(req, "ects_min")) &&
	    ects_number(&o->ects_min, v) < 0)
		return srv_param_reject(
		    resp, "ects_min",
		    "must be a number of ECTS credits 0..1000");
	if ((v = srv_req_query(req, "ects_max")) &&
	    ects_number(&o->ects_max, v) < 0)
		return srv_param_reject(
		    resp, "ects_max",
		    "must be a number of ECTS credits 0..1000");
	if (o->ects_max > 0 && o->ects_min > o->ects_max)
		return srv_param_reject(resp, "ects_min",
					"must not exceed ects_max");
	if ((v = srv_req_query(req, "target_group"))) {
		if (!srv_param_token_ok(v, 64, word))
			return srv_param_reject(resp, "target_group",
						"must be a target group code");
		o->target_group = v;
	}
	if ((v = srv_req_query(req, "language"))) {
		if (!srv_param_token_ok(v, 35, tag))
			return srv_param_reject(
			    resp, "language",
			    "must be a language tag such as uk");
		o->language = v;
	}
	if ((v = srv_req_query(req, "cluster"))) {
		if (!mc_id_valid(v))
			return srv_param_reject(resp, "cluster",
						"must be a cluster id");
		o->cluster = v;
	}
	if ((v = srv_req_query(req, "org"))) {
		if (!mc_id_valid(v))
			return srv_param_reject(resp, "org",
						"must be an organisation id");
		o->organisation = v;
	}
	if ((v = srv_req_query(req, "status"))) {
		mc_status st;

		if (strcmp(v, "any") == 0)
			o->status = -1;
		else if (mc_status_parse(&st, v) < 0)
			return srv_param_reject(
			    resp, "status",
			    "must be draft, in_review, approved, "
			    "published, retired or any");
		else
			o->status = (int)st;
	}
	if ((v = srv_req_query(req, "limit"))) {
		if (number(&n, v, MC_SEARCH_LIMIT_MAX, why, sizeof(why)) < 0)
			return srv_param_reject(resp, "limit", why);
		o->limit = n;
	}
	if ((v = srv_req_query(req, "offset"))) {
		if (number(&n, v, 100000000, why, sizeof(why)) < 0)
			return srv_param_reject(resp, "offset", why);
		o->offset = n;
	}
	if ((v = srv_req_query(req, "facets"))) {
		if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
			o->facets = 1;
		else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0)
			return srv_param_reject(resp, "facets",
						"must be 1 or 0");
	}
	return 0;
}

static int microcred_search_fill(srv_req *req, srv_resp *resp)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	char *text = NULL;
	int error;

	if (search_options(req, resp, &o) < 0)
		return 0;
	o.as_reader = 1;
	o.reader = srv_req_reader(req, resp);
	error = mc_catalogue_search(req->store, &r, &o);
	if (error == MC_EINVALID)
		srv_param_bad(resp, o.query ? "q" : "query",
			      mc_store_errmsg(req->store));
	else if (error < 0)
		srv_resp_error(resp, req, error);
	else if (mc_search_result_to_json(&text, req->store, r, o.offset) < 0)
		srv_resp_text(resp, NULL, NULL, 0);
	else
		srv_resp_text(resp, text, NULL, 1);
	mc_search_result_free(r);
	return 0;
}

/* ---- one MC and its versions -------------------------------------------- */

/*
 * Answer with the JSON of MC `id`: version `version`, the latest when 0,
 * or the latest published one when `published`, as far as the reader may
 * read it (mc_authz_read_version(): with `version` 0 the latest version
 * they may read; a version hidden from them is a 404 as an absent one).
 */
static int send_mc(srv_req *req, srv_resp *resp, const char *id,
		   unsigned version, int published)
{
	char *text = NULL;
	int error = 0;

	if (!published)
		error =
		    mc_authz_read_version(req->store, srv_req_reader(req, resp),
					  &version, id, version);
	if (error == 0)
		error = mc_catalogue_get_json(req->store, &text, NULL, id,
					      version, published);
	if (error < 0)
		return srv_resp_error(resp, req, error);
	return srv_resp_text(resp, text, NULL, 1);
}

static int microcred_get_fill(srv_req *req, srv_resp *resp)
{
	const char *v = srv_req_query(req, "version");
	unsigned long version = 0;
	char why[160];

	if (v && (number(&version, v, 1000000, why, sizeof(why)) < 0 ||
		  version == 0))
		return srv_param_bad(resp, "version",
				     "must be a number from 1");
	return send_mc(req, resp, req->param[0], (unsigned)version, 0);
}

static int microcred_versions_fill(srv_req *req, srv_resp *resp)
{
	mc_version_info *v = NULL;
	json_t *doc = NULL, *array;
	size_t n = 0, i;
	int error;

	/* None the reader may read: 404, as for an unknown id. */
	if ((error = mc_authz_readable_versions(req->store,
						srv_req_reader(req, resp), &v,
						&n, req->param[0])) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	if (!(doc = json_pack("{s:s, s:[]}", "id", req->param[0], "versions")))
		goto oom;
	array = json_object_get(doc, "versions");
	for (i = 0; i < n; i++) {
		char *uri = NULL;
		json_t *item;

		if (mc_catalogue_uri(req->store, &uri, req->param[0],
				     v[i].version) < 0)
			goto oom;
		item = json_pack("{s:i, s:s, s:s, s:s}", "version",
				 (int)v[i].version, "status",
				 mc_status_name(v[i].status), "updated_at",
				 v[i].updated_at, "uri", uri);
		free(uri);
		if (json_array_append_new(array, item) < 0)
			goto oom;
	}
	send_json(resp, doc);
	doc = NULL;
	goto cleanup;
oom:
	srv_resp_problem(resp, 500, "Internal Server Error", "out of memory",
			 NULL);
cleanup:
	json_decref(doc);
	free(v);
	return 0;
}

int srv_api_mc_search(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, microcred_search_fill);
}

int srv_api_mc_get(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, microcred_get_fill);
}

int srv_api_mc_versions(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, microcred_versions_fill);
}

/* ---- the stable URIs ---------------------------------------------------- */

/* The JSON of /mc/ID (the latest published version) or /mc/ID/vN, the
 * version already checked by srv_api_mc_uri(). */
static int microcred_uri_fill(srv_req *req, srv_resp *resp)
{
	unsigned long version = 0;

	if (req->nparam == 2)
		version = strtoul(req->param[1] + 1, NULL, 10);
	return send_mc(req, resp, req->param[0], (unsigned)version,
		       req->nparam != 2);
}

/* GET /mc/ID and /mc/ID/vN: the URIs credentials point at. */
int srv_api_mc_uri(srv_req *req, srv_resp *resp)
{
	const char *v;

	if (req->nparam == 2) {
		v = req->param[1];
		if (v[0] != 'v' || v[1] < '1' || v[1] > '9' ||
		    strspn(v + 1, "0123456789") != strlen(v + 1) ||
		    strlen(v) > 8)
			return srv_resp_problem(resp, 404, "Not Found",
						"version: must be vN, such as "
						"v1",
						NULL);
	}
	if (srv_req_wants_html(req))
		return srv_page_mc(req, resp); /* people get the page */
	return srv_cache_handle(req, resp, microcred_uri_fill);
}

/* ---- drafts ------------------------------------------------------------- */

/*
 * Parse the body as an MC: "version" and "status" are the store's to set
 * and are dropped.  Returns the record, or NULL with `resp` filled (422
 * with every problem of the record).
 */
static mc_microcred *microcred_from_body(srv_req *req, srv_resp *resp,
					 json_t *body)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	int error;

	json_object_del(body, "version");
	json_object_del(body, "status");
	if ((error = mc_microcred_from_jansson(&mc, body, "body", &problems)) <
	    0)
		srv_resp_lib_error(req, resp, error, &problems);
	mc_problems_clear(&problems);
	return mc;
}

/* The provider the body names, or NULL after a 422 naming the field. */
static const char *body_provider(srv_req *req, srv_resp *resp, json_t *body)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *p = json_string_value(json_object_get(body, "provider"));

	if (p && *p)
		return p;
	mc_problems_add(&problems, "body", "provider",
			"required: the id of the organisation that designs "
			"the MC");
	srv_resp_lib_error(req, resp, MC_EINVALID, &problems);
	mc_problems_clear(&problems);
	return NULL;
}

/* Save `mc` as the principal (status 201: create it, the library refusing
 * an existing id); answer `status` with the stored record. */
static int save_and_answer(srv_req *req, srv_resp *resp, mc_microcred *mc,
			   unsigned status)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *actor = srv_req_actor(req);
	char *out = NULL;
	int error;

	error = status == 201
		    ? mc_catalogue_create_as(req->store, mc, actor, &problems)
		    : mc_catalogue_save_as(req->store, mc, actor, &problems);
	if (error < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		mc_problems_clear(&problems);
		return -1;
	}
	srv_req_audit(req, mc->provider, mc->id);
	if (mc_microcred_to_json(&out, mc) < 0)
		out = NULL;
	srv_resp_owned(resp, status, out, NULL);
	return 0;
}

/*
 * POST /api/v1/microcredentials: a new MC as a draft (version 1), by a
 * designer or admin of the provider the body names.  201 with the stored
 * record and its Location; 409 when the id exists (PUT edits it).
 */
int srv_api_mc_create(srv_req *req, srv_resp *resp)
{
	mc_microcred *mc = NULL;
	json_t *body = NULL;
	const char *provider;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (!(provider = body_provider(req, resp, body)))
		goto cleanup;
	if (srv_auth_require(req, resp, MC_ACT_MC_EDIT, provider, NULL) < 0)
		goto cleanup;
	if (!(mc = microcred_from_body(req, resp, body)))
		goto cleanup;
	if (save_and_answer(req, resp, mc, 201) == 0)
		resp->location =
		    srv_req_concat(req, "/api/v1/microcredentials/", mc->id);
cleanup:
	mc_microcred_free(mc);
	json_decref(body);
	return 0;
}

/*
 * PUT /api/v1/microcredentials/:id: save a draft (replacing the latest
 * draft, or a new version after a published one).  Moving the MC to
 * another provider needs the same right there.  409 while in review or
 * approved.
 */
int srv_api_mc_put(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0];
	mc_microcred *mc = NULL, *old = NULL;
	json_t *body = NULL;
	const char *provider;
	int error;

	if (srv_auth_require_mc(req, resp, MC_ACT_MC_EDIT, id) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (srv_body_id_matches_path(resp, body, id) < 0 ||
	    !(provider = body_provider(req, resp, body)))
		goto cleanup;
	if ((error = mc_catalogue_get(req->store, &old, id, 0)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	if (strcmp(provider, old->provider) != 0 &&
	    srv_auth_require(req, resp, MC_ACT_MC_EDIT, provider, NULL) < 0)
		goto cleanup;
	if (!(mc = microcred_from_body(req, resp, body)))
		goto cleanup;
	save_and_answer(req, resp, mc, 200);
cleanup:
	mc_microcred_free(mc);
	mc_microcred_free(old);
	json_decref(body);
	return 0;
}
