/*
 * The public API: read-only catalogue endpoints, the stable URIs that
 * credentials point at, the credentials and status lists themselves, DID
 * documents, and the W3C VC API verify and status endpoints.
 *
 * Every handler checks its parameters, calls the library's public API and
 * turns the result into JSON (the library's *_to_json functions, or
 * jansson).  Errors are RFC 9457 problem details naming the parameter and
 * the reason.  Catalogue answers carry a weak ETag computed from the body,
 * so the glue can answer If-None-Match with 304.
 *
 * The public catalogue reads (organisations, clusters, search, MCs,
 * coverage) answer through the response cache (cache.h): each is a
 * static *_fill function that computes the answer, and the public handler
 * that wraps it in srv_cache_handle().  An MC's JSON is its stored
 * document, not a parse and a re-serialisation of it.
 *
 * Who sees which version is the library's rule
 * (mc_authz_can_read_version() and the helpers beside it): a version the
 * reader may not read is answered 404, exactly as one that does not
 * exist, and is left out of version lists, searches, their totals and
 * facets, and clusters.  An answer for a signed-in reader is private
 * (never stored by the response cache, which already passes such
 * requests by, nor by a shared cache on the way), so an anonymous reader
 * is only ever served what an anonymous reader may see.
 */
#include "api_public.h"

#include "auth.h"
#include "seal_config.h"
#include "cache.h"
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assets.h"
/* mc__vc_parse(): the library's reader for credentials (any JSON number). */
#include "../lib/util/util.h"

#define CT_VC_LD  "application/vc+ld+json"
#define CT_VC_JWT "application/vc+jwt"
/* A sealed EDC: a JWS in JSON serialization (RFC 7515). */
#define CT_JOSE_JSON "application/jose+json"
#define CT_DID	     "application/did+json"

/* ---- helpers ------------------------------------------------------------ */

/* A 400 problem naming the query or body field and the reason. */
static int bad_param(srv_resp *resp, const char *field, const char *reason)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	char detail[512];
	int error;

	/* Bounded so that the whole detail fits: a long reason is cut,
	 * the field name never is. */
	snprintf(detail, sizeof(detail), "%.64s: %.440s", field, reason);
	mc_problems_add(&problems, NULL, field, "%s", reason);
	error = srv_resp_problem(resp, 400, "Bad Request", detail, &problems);
	mc_problems_clear(&problems);
	return error;
}

/* bad_param(), then -1: for parsers that stop at the first bad value. */
static int reject(srv_resp *resp, const char *field, const char *reason)
{
	bad_param(resp, field, reason);
	return -1;
}

/* Set a weak ETag, W/"<FNV-1a 64 of the body>", on a 200 answer. */
static void set_etag(srv_resp *resp)
{
	unsigned long long h = 14695981039346656037ULL;
	size_t i;

	if (resp->status != 200 || !resp->body)
		return;
	for (i = 0; i < resp->body_len; i++) {
		h ^= (unsigned char)resp->body[i];
		h *= 1099511628211ULL;
	}
	free(resp->etag);
	if ((resp->etag = malloc(24)))
		snprintf(resp->etag, 24, "W/\"%016llx\"", h);
}

/*
 * Answer 200 with `text` (malloc'd JSON or credential bytes, taken over:
 * freed here on every path), of content type `type` (NULL: JSON), with an
 * ETag when `etag` is set.
 */
static int send_text(srv_resp *resp, char *text, const char *type, int etag)
{
	if (!text)
		return srv_resp_problem(resp, 500, "Internal Server Error",
					"out of memory", NULL);
	free(resp->body);
	resp->body = text;
	resp->body_len = strlen(text);
	resp->status = 200;
	resp->content_type = type ? type : "application/json";
	if (etag)
		set_etag(resp);
	return 0;
}

/* Answer 200 with `json` (a new reference, stolen), with an ETag. */
static int send_json(srv_resp *resp, json_t *json)
{
	char *text = NULL;

	if (json)
		text = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(json);
	return send_text(resp, text, NULL, 1);
}

/* Non-zero if `s` is 1..max characters, each a letter, a digit or one of
 * `extra`. */
static int token_ok(const char *s, size_t max, const char *extra)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || strchr(extra, c)) ||
		    i == max)
			return 0;
	}
	return i > 0;
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

/* An ISO 3166-1 alpha-2 code, upper-cased into the arena; NULL (with a
 * 400 answer in resp) when malformed. */
static const char *country_param(srv_req *req, srv_resp *resp, const char *v)
{
	char *cc;

	if (strlen(v) != 2 || !token_ok(v, 2, "") || v[0] <= '9' ||
	    v[1] <= '9') { /* two letters */
		bad_param(resp, "country",
			  "must be an ISO 3166-1 alpha-2 code such as UA");
		return NULL;
	}
	if (!(cc = srv_arena_strdup(req->arena, v))) {
		srv_resp_problem(resp, 500, "Internal Server Error",
				 "out of memory", NULL);
		return NULL;
	}
	cc[0] = (char)(cc[0] & ~0x20);
	cc[1] = (char)(cc[1] & ~0x20);
	return cc;
}

/* base URL + path, in the arena; NULL when out of memory. */
static char *our_url(srv_req *req)
{
	const char *base = mc_store_base_url(req->store);
	size_t nb = strlen(base), np = strlen(req->path);
	char *url = srv_arena_alloc(req->arena, nb + np + 1);

	if (url) {
		memcpy(url, base, nb);
		memcpy(url + nb, req->path, np + 1);
	}
	return url;
}

/* The reader of `req` (NULL: anonymous).  When signed in, the answer may
 * hold what only they may read: it is marked private. */
static const mc_principal *reader(srv_req *req, srv_resp *resp)
{
	const mc_principal *who = srv_auth_who(req);

	if (who)
		resp->private_ = 1;
	return who;
}

/* ---- health ------------------------------------------------------------- */

/* GET /healthz; with ?cache=1 also the response cache's counters. */
int srv_api_healthz(srv_req *req, srv_resp *resp)
{
	json_t *doc = json_pack("{s:s, s:s, s:i}", "status", "ok", "version",
				mc_version(), "schema",
				mc_store_schema_version(req->store));
	const char *v = srv_req_query(req, "cache");
	srv_cache_stats st;

	if (doc && v && strcmp(v, "1") == 0) {
		srv_cache_stats_get(&st);
		json_object_set_new(
		    doc, "cache",
		    json_pack(
			"{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "hits",
			(json_int_t)st.hits, "misses", (json_int_t)st.misses,
			"bypass", (json_int_t)st.bypass, "entries",
			(json_int_t)st.entries, "bytes", (json_int_t)st.bytes,
			"max_bytes", (json_int_t)st.max_bytes, "generation",
			(json_int_t)st.generation));
	}
	return srv_resp_json(resp, 200, doc);
}

/* ---- organisations and clusters ----------------------------------------- */

static int org_list_fill(srv_req *req, srv_resp *resp)
{
	const char *country = srv_req_query(req, "country");
	mc_org **list = NULL;
	char *text = NULL;
	size_t n = 0;
	int error;

	if (country && !(country = country_param(req, resp, country)))
		return 0;
	if ((error = mc_org_list(req->store, &list, &n, country)) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_org_list_to_json(&text, list, n) < 0)
		send_text(resp, NULL, NULL, 0);
	else
		send_text(resp, text, NULL, 1);
	mc_org_list_free(list, n);
	return 0;
}

static int org_get_fill(srv_req *req, srv_resp *resp)
{
	mc_org *org = NULL;
	char *text = NULL;
	int error;

	if ((error = mc_org_get(req->store, &org, req->param[0])) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_org_to_json(&text, org) < 0)
		send_text(resp, NULL, NULL, 0);
	else
		send_text(resp, text, NULL, 1);
	mc_org_free(org);
	return 0;
}

/* Leave out of the clusters' MCs those the reader may see no version of. */
static int visible_members(srv_req *req, srv_resp *resp, mc_cluster **list,
			   size_t n)
{
	const mc_principal *who = reader(req, resp);
	size_t i;
	int error = 0;

	for (i = 0; !error && i < n; i++)
		error = mc_authz_visible_mcs(req->store, who, &list[i]->mcs);
	return error;
}

static int cluster_list_fill(srv_req *req, srv_resp *resp)
{
	mc_cluster **list = NULL;
	char *text = NULL;
	size_t n = 0;
	int error;

	if ((error = mc_cluster_list(req->store, &list, &n)) < 0 ||
	    (error = visible_members(req, resp, list, n)) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_cluster_list_to_json(&text, list, n) < 0)
		send_text(resp, NULL, NULL, 0);
	else
		send_text(resp, text, NULL, 1);
	mc_cluster_list_free(list, n);
	return 0;
}

static int cluster_get_fill(srv_req *req, srv_resp *resp)
{
	mc_cluster *c = NULL;
	char *text = NULL;
	int error;

	if ((error = mc_cluster_get(req->store, &c, req->param[0])) < 0 ||
	    (error = visible_members(req, resp, &c, 1)) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_cluster_to_json(&text, c) < 0)
		send_text(resp, NULL, NULL, 0);
	else
		send_text(resp, text, NULL, 1);
	mc_cluster_free(c);
	return 0;
}

/* ---- micro-credentials -------------------------------------------------- */

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
			return reject(resp, "q", why);
		}
		o->query = v;
	}
	if ((v = srv_req_query(req, "lang"))) {
		if (!token_ok(v, 35, tag))
			return reject(resp, "lang",
				      "must be a language tag such as uk");
		o->lang = v;
	}
	if ((v = srv_req_query(req, "country")) &&
	    !(o->country = country_param(req, resp, v)))
		return -1;
	if ((v = srv_req_query(req, "sector"))) {
		if (!token_ok(v, 4, "") || strspn(v, "0123456789") != strlen(v))
			return reject(resp, "sector",
				      "must be an ISCED-F code of 2 to 4 "
				      "digits such as 0715");
		o->sector = v;
	}
	if ((v = srv_req_query(req, "eqf"))) {
		if (number(&n, v, 8, why, sizeof(why)) < 0 || n < 1)
			return reject(resp, "eqf", "must be 1..8");
		o->eqf_level = (int)n;
	}
	if ((v = srv_req_query(req, "ects_min")) &&
	    ects_number(&o->ects_min, v) < 0)
		return reject(resp, "ects_min",
			      "must be a number of ECTS credits 0..1000");
	if ((v = srv_req_query(req, "ects_max")) &&
	    ects_number(&o->ects_max, v) < 0)
		return reject(resp, "ects_max",
			      "must be a number of ECTS credits 0..1000");
	if (o->ects_max > 0 && o->ects_min > o->ects_max)
		return reject(resp, "ects_min", "must not exceed ects_max");
	if ((v = srv_req_query(req, "target_group"))) {
		if (!token_ok(v, 64, word))
			return reject(resp, "target_group",
				      "must be a target group code");
		o->target_group = v;
	}
	if ((v = srv_req_query(req, "language"))) {
		if (!token_ok(v, 35, tag))
			return reject(resp, "language",
				      "must be a language tag such as uk");
		o->language = v;
	}
	if ((v = srv_req_query(req, "cluster"))) {
		if (!mc_id_valid(v))
			return reject(resp, "cluster", "must be a cluster id");
		o->cluster = v;
	}
	if ((v = srv_req_query(req, "org"))) {
		if (!mc_id_valid(v))
			return reject(resp, "org",
				      "must be an organisation id");
		o->organisation = v;
	}
	if ((v = srv_req_query(req, "status"))) {
		mc_status st;

		if (strcmp(v, "any") == 0)
			o->status = -1;
		else if (mc_status_parse(&st, v) < 0)
			return reject(resp, "status",
				      "must be draft, in_review, approved, "
				      "published, retired or any");
		else
			o->status = (int)st;
	}
	if ((v = srv_req_query(req, "limit"))) {
		if (number(&n, v, MC_SEARCH_LIMIT_MAX, why, sizeof(why)) < 0)
			return reject(resp, "limit", why);
		o->limit = n;
	}
	if ((v = srv_req_query(req, "offset"))) {
		if (number(&n, v, 100000000, why, sizeof(why)) < 0)
			return reject(resp, "offset", why);
		o->offset = n;
	}
	if ((v = srv_req_query(req, "facets"))) {
		if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
			o->facets = 1;
		else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0)
			return reject(resp, "facets", "must be 1 or 0");
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
	o.reader = reader(req, resp);
	error = mc_catalogue_search(req->store, &r, &o);
	if (error == MC_EINVALID)
		bad_param(resp, o.query ? "q" : "query",
			  mc_store_errmsg(req->store));
	else if (error < 0)
		srv_resp_error(resp, req, error);
	else if (mc_search_result_to_json(&text, req->store, r, o.offset) < 0)
		send_text(resp, NULL, NULL, 0);
	else
		send_text(resp, text, NULL, 1);
	mc_search_result_free(r);
	return 0;
}

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
		error = mc_authz_read_version(req->store, reader(req, resp),
					      &version, id, version);
	if (error == 0)
		error = mc_catalogue_get_json(req->store, &text, NULL, id,
					      version, published);
	if (error < 0)
		return srv_resp_error(resp, req, error);
	return send_text(resp, text, NULL, 1);
}

static int microcred_get_fill(srv_req *req, srv_resp *resp)
{
	const char *v = srv_req_query(req, "version");
	unsigned long version = 0;
	char why[160];

	if (v && (number(&version, v, 1000000, why, sizeof(why)) < 0 ||
		  version == 0))
		return bad_param(resp, "version", "must be a number from 1");
	return send_mc(req, resp, req->param[0], (unsigned)version, 0);
}

static int microcred_versions_fill(srv_req *req, srv_resp *resp)
{
	mc_version_info *v = NULL;
	json_t *doc = NULL, *array;
	size_t n = 0, i;
	int error;

	/* None the reader may read: 404, as for an unknown id. */
	if ((error = mc_authz_readable_versions(req->store, reader(req, resp),
						&v, &n, req->param[0])) < 0) {
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

static int coverage_fill(srv_req *req, srv_resp *resp)
{
	mc_coverage *cov = NULL;
	char *text = NULL;
	int error;

	if ((error = mc_catalogue_coverage(req->store, &cov)) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_coverage_to_json(&text, cov) < 0)
		send_text(resp, NULL, NULL, 0);
	else
		send_text(resp, text, NULL, 1);
	mc_coverage_free(cov);
	return 0;
}

/* ---- the public catalogue reads, through the response cache ------------ */

int srv_api_org_list(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, org_list_fill);
}

int srv_api_org_get(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, org_get_fill);
}

int srv_api_cluster_list(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, cluster_list_fill);
}

int srv_api_cluster_get(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, cluster_get_fill);
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

int srv_api_coverage(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, coverage_fill);
}

/* GET /api/v1/openapi.json: the API description, web/openapi.json. */
int srv_api_openapi(srv_req *req, srv_resp *resp)
{
	const struct mc_asset *a = srv_asset_find("openapi.json");

	(void)req;
	if (!a)
		return srv_resp_problem(resp, 404, "Not Found",
					"no API description in this build",
					NULL);
	if (srv_resp_json_text(resp, 200, a->data, a->len) == 0)
		set_etag(resp);
	return 0;
}

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

/* ---- credentials, status lists, DIDs ------------------------------------ */

int srv_api_credential_get(srv_req *req, srv_resp *resp)
{
	mc_credential *c = NULL;
	int error;

	if (srv_req_wants_html(req))
		return srv_page_credential(req, resp); /* the shareable page */
	if ((error = mc_credential_get(req->store, &c, req->param[0])) < 0) {
		srv_resp_error(resp, req, error);
	} else {
		/* The bytes exactly as issued and signed. */
		resp->content_type = c->format == MC_FORMAT_VC_JWT ? CT_VC_JWT
				     : c->format == MC_FORMAT_EDC ? CT_JOSE_JSON
								  : CT_VC_LD;
		if (srv_resp_json_text(resp, 200, c->data, c->len) == 0)
			set_etag(resp);
		else
			send_text(resp, NULL, NULL, 0);
	}
	mc_credential_free(c);
	return 0;
}

int srv_api_status_list(srv_req *req, srv_resp *resp)
{
	char *url, *text = NULL;
	int error;

	if (!(url = our_url(req)))
		return send_text(resp, NULL, NULL, 0);
	if ((error = mc_status_list_credential(req->store, &text, url)) < 0)
		return srv_resp_error(resp, req, error);
	return send_text(resp, text, CT_VC_LD, 1);
}

/* GET /credentials/:uuid/status: the live state an EDC's credentialStatus
 * names; never cached (it changes when the issuer revokes). */
int srv_api_credential_status_get(srv_req *req, srv_resp *resp)
{
	char *text = NULL;
	int error;

	if ((error = mc_credential_status_document(req->store, &text,
						   req->param[0])) < 0)
		return srv_resp_error(resp, req, error);
	resp->private_ = 1;
	return send_text(resp, text, "application/json", 0);
}

/* 404 when the base URL is not https (no did:web) or the org is unknown. */
int srv_api_did_document(srv_req *req, srv_resp *resp)
{
	char *text = NULL;
	int error;

	if ((error = mc_did_document(req->store, &text, req->param[0])) < 0)
		return srv_resp_error(resp, req, error);
	return send_text(resp, text, CT_DID, 1);
}

/* ---- W3C VC API ---------------------------------------------------------- */

/* Non-zero if the request's Content-Type is `type` (parameters ignored). */
static int content_type_is(const srv_req *req, const char *type)
{
	const char *ct = srv_req_header(req, "Content-Type");
	size_t n = strlen(type);

	return ct && strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Parse the request body as a JSON object (duplicate member names and
 * trailing data refused, any JSON number accepted: mc__vc_parse()); NULL
 * after answering 400. */
static json_t *body_object(srv_req *req, srv_resp *resp)
{
	json_error_t jerr;
	json_t *body;
	char why[256];

	body = mc__vc_parse(req->body, req->body_len, &jerr);
	if (!body) {
		snprintf(why, sizeof(why),
			 "malformed JSON at line %d column %d: %s", jerr.line,
			 jerr.column, jerr.text);
		bad_param(resp, "body", why);
		return NULL;
	}
	if (!json_is_object(body)) {
		json_decref(body);
		bad_param(resp, "body", "must be a JSON object");
		return NULL;
	}
	return body;
}

/*
 * The checks a caller may name in options.checks: our check names, and
 * the VC API's usual names for two of them.  `check` is the report's name.
 */
static const struct {
	const char *name;
	const char *check;
} check_names[] = {{"format", "format"},
		   {"proof", "proof"},
		   {"issuer", "issuer"},
		   {"validity", "validity"},
		   {"expiration", "validity"},
		   {"status", "status"},
		   {"credentialStatus", "status"},
		   {"schema", "schema"},
		   {"trust", "trust"},
		   {"owner", "owner"}};

/* The report's check name for a caller's `name`, or NULL if unknown. */
static const char *check_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(check_names) / sizeof(check_names[0]); i++)
		if (strcmp(check_names[i].name, name) == 0)
			return check_names[i].check;
	return NULL;
}

/*
 * options.checks: NULL (absent) or an array of known check names.
 * Returns 0, or -1 after a 400 naming every unknown one.
 */
static int checks_option(srv_resp *resp, json_t *options, json_t **out)
{
	json_t *checks = json_object_get(options, "checks"), *v;
	char unknown[300] = "", why[512];
	size_t i, n = 0;

	*out = NULL;
	if (!checks || json_is_null(checks))
		return 0;
	if (!json_is_array(checks))
		return reject(resp, "options.checks",
			      "must be an array of check names");
	json_array_foreach(checks, i, v)
	{
		const char *name = json_string_value(v);

		if (!name)
			return reject(resp, "options.checks",
				      "must be an array of check names");
		if (check_of(name))
			continue;
		n += (size_t)snprintf(
		    unknown + n, n < sizeof(unknown) ? sizeof(unknown) - n : 0,
		    "%s'%.60s'", n ? ", " : "", name);
		if (n >= sizeof(unknown))
			n = sizeof(unknown) - 1;
	}
	if (*unknown) {
		snprintf(
		    why, sizeof(why),
		    "unknown check %s; supported: proof, status, "
		    "expiration (validity), issuer, format, schema, trust, "
		    "owner",
		    unknown);
		return reject(resp, "options.checks", why);
	}
	*out = checks;
	return 0;
}

/* Non-zero if report check `check` is named by `wanted` (NULL: all). */
static int wanted_check(const json_t *wanted, const char *check)
{
	const json_t *v;
	size_t i;

	if (!wanted)
		return 1;
	json_array_foreach((json_t *)wanted, i, v)
	{
		if (strcmp(check_of(json_string_value(v)), check) == 0)
			return 1;
	}
	return 0;
}

/*
 * The verify answer: {"verified", "verdictName" (mc_verdict_name()),
 * "checks" (names of the checks passed, among those `wanted` names when
 * given), "warnings" and "errors" ("check: reason" of those skipped and
 * failed), "problemDetails" (VCALM), "report" (the whole
 * mc_verify_report)}.
 */
static json_t *verify_result(const mc_verify_report *r, const json_t *wanted)
{
	json_t *out, *checks, *warnings, *errors, *problems, *report = NULL;
	char *text = NULL, line[512];
	size_t i;

	if (mc_verify_report_to_json(&text, r) == 0)
		report = json_loads(text, 0, NULL);
	free(text);
	out = json_pack("{s:b, s:s, s:[], s:[], s:[], s:[], s:o*}", "verified",
			r->verdict == MC_VERDICT_VALID, "verdictName",
			mc_verdict_name(r->verdict), "checks", "warnings",
			"errors", "problemDetails", "report", report);
	if (!out)
		return NULL;
	checks = json_object_get(out, "checks");
	warnings = json_object_get(out, "warnings");
	errors = json_object_get(out, "errors");
	problems = json_object_get(out, "problemDetails");
	for (i = 0; i < r->count; i++) {
		const mc_check *c = &r->checks[i];

		snprintf(line, sizeof(line), "%s: %s", c->name,
			 c->reason ? c->reason
				   : mc_check_result_name(c->result));
		if (c->result == MC_CHECK_PASSED) {
			if (wanted_check(wanted, c->name))
				json_array_append_new(checks,
						      json_string(c->name));
		} else if (c->result == MC_CHECK_SKIPPED) {
			json_array_append_new(warnings, json_string(line));
		} else {
			json_array_append_new(errors, json_string(line));
			json_array_append_new(
			    problems,
			    json_pack("{s:s, s:s, s:s}", "type",
				      "https://www.w3.org/TR/vc-data-model-2.0/"
				      "#VERIFICATION_ERROR",
				      "title", c->name, "detail", line));
		}
	}
	return out;
}

/*
 * The HTTP status of a verification: 200 when the credential verifies;
 * 400 when the input is not a credential of any format we read (no
 * format recognised); 422 for every other verdict (forged, revoked,
 * expired, cannot tell ...).  The body is the same report either way.
 */
static unsigned verify_status(const mc_verify_report *r)
{
	if (r->verdict == MC_VERDICT_VALID)
		return 200;
	return r->format ? 422 : 400;
}

/*
 * POST /credentials/verify: {"verifiableCredential": <object, JWT string
 * or EnvelopedVerifiableCredential>, "options": {"checks": [...]}}, or a
 * raw VC-JWT with Content-Type application/vc+jwt.  200 when it verifies,
 * 422 when it does not, 400 when the input is not a credential at all or
 * the request is malformed; the result (verify_result()) is the body
 * whatever the verdict.  options.checks names the checks the answer's
 * "checks" reports on; every check always runs and counts, so no option
 * makes a forged, revoked or expired credential verify.  Verification is
 * offline: the server never fetches URLs a caller chose (our own did:web
 * keys and status lists come from the store).
 */
int srv_api_credential_verify(srv_req *req, srv_resp *resp)
{
	mc_verify_options opts = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	json_t *body = NULL, *vc, *options, *wanted = NULL;
	const char *data;
	char *text = NULL;
	size_t len;
	int error;

	srv_seal_config_verify(&opts); /* EDC: anchors, accreditation */
	if (srv_rate_take(req, resp, SRV_RATE_VERIFY) < 0)
		return 0;
	if (content_type_is(req, CT_VC_JWT) ||
	    content_type_is(req, "application/jwt")) {
		data = req->body;
		len = req->body_len;
		while (len && strchr(" \t\r\n", data[len - 1]))
			len--;
	} else {
		if (!(body = body_object(req, resp)))
			return 0;
		options = json_object_get(body, "options");
		if (options && !json_is_null(options) &&
		    !json_is_object(options)) {
			bad_param(resp, "options", "must be an object");
			goto cleanup;
		}
		if (checks_option(resp, options, &wanted) < 0)
			goto cleanup;
		vc = json_object_get(body, "verifiableCredential");
		if (json_is_object(vc) &&
		    json_is_string(json_object_get(vc, "id")) &&
		    strncmp(json_string_value(json_object_get(vc, "id")),
			    "data:application/vc+jwt,", 24) == 0)
			vc = json_object_get(vc, "id"); /* enveloped */
		if (json_is_string(vc)) {
			data = json_string_value(vc);
			if (strncmp(data, "data:application/vc+jwt,", 24) == 0)
				data += 24;
			len = strlen(data);
		} else if (json_is_object(vc)) {
			text =
			    json_dumps(vc, JSON_COMPACT | JSON_PRESERVE_ORDER);
			if (!text) {
				send_text(resp, NULL, NULL, 0);
				goto cleanup;
			}
			data = text;
			len = strlen(text);
		} else {
			bad_param(resp, "verifiableCredential",
				  vc ? "must be an object or a VC-JWT string"
				     : "required");
			goto cleanup;
		}
	}
	if (len == 0) {
		bad_param(resp, "verifiableCredential", "empty");
		goto cleanup;
	}
	if ((error = mc_credential_verify(req->store, &r, data, len, &opts)) <
	    0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_resp_json(resp, verify_status(r), verify_result(r, wanted));
cleanup:
	mc_verify_report_free(r);
	free(text);
	json_decref(body);
	return 0;
}

/* The wanted state from one status entry; -1 after answering 400. */
static int wanted_state(srv_resp *resp, json_t *body, mc_credential_state *out)
{
	json_t *cs = json_object_get(body, "credentialStatus"), *entry;
	const char *type, *s, *purpose;

	if (json_is_array(cs)) {
		if (json_array_size(cs) != 1)
			return reject(resp, "credentialStatus",
				      "exactly one entry is supported");
		entry = json_array_get(cs, 0);
	} else {
		entry = cs;
	}
	if (!json_is_object(entry))
		return reject(resp, "credentialStatus",
			      entry ? "must be an array of objects"
				    : "required");
	type = json_string_value(json_object_get(entry, "type"));
	if (!type || (strcmp(type, "BitstringStatusListEntry") != 0 &&
		      strcmp(type, "BitstringStatusList") != 0))
		return reject(resp, "credentialStatus[0].type",
			      "must be BitstringStatusListEntry");
	if ((s = json_string_value(json_object_get(entry, "status")))) {
		if (strcmp(s, "revoked") == 0)
			*out = MC_CRED_REVOKED;
		else if (strcmp(s, "suspended") == 0)
			*out = MC_CRED_SUSPENDED;
		else if (strcmp(s, "active") == 0)
			*out = MC_CRED_ACTIVE;
		else
			return reject(resp, "credentialStatus[0].status",
				      "must be revoked, suspended or "
				      "active");
		return 0;
	}
	/* The VCALM form: {"statusPurpose"} in the entry, "status": bool. */
	purpose = json_string_value(json_object_get(entry, "statusPurpose"));
	if (!purpose || !json_is_boolean(json_object_get(body, "status")))
		return reject(resp, "credentialStatus[0].status",
			      "required: revoked, suspended or active");
	if (strcmp(purpose, "revocation") != 0 &&
	    strcmp(purpose, "suspension") != 0)
		return reject(resp, "credentialStatus.statusPurpose",
			      "must be revocation or suspension");
	if (!json_is_true(json_object_get(body, "status")))
		*out = MC_CRED_ACTIVE;
	else if (strcmp(purpose, "revocation") == 0)
		*out = MC_CRED_REVOKED;
	else
		*out = MC_CRED_SUSPENDED;
	return 0;
}

/*
 * POST /credentials/status: revoke, suspend or reinstate a credential, as
 * an issuer or admin of the organisation that issued it.
 */
int srv_api_credential_status(srv_req *req, srv_resp *resp)
{
	mc_credential_state state;
	mc_credential *cred = NULL;
	json_t *body = NULL, *options;
	const char *id, *reason = "via VC API";
	int error;

	if (!srv_auth_who(req))
		return srv_auth_signed_in(req, resp); /* 401 before parsing */
	if (!(body = body_object(req, resp)))
		return 0;
	if (!(id = json_string_value(json_object_get(body, "credentialId"))) ||
	    !*id) {
		bad_param(resp, "credentialId", "required");
		goto cleanup;
	}
	if ((error = mc_credential_get(req->store, &cred, id)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	if (srv_auth_require(req, resp, MC_ACT_CRED_STATUS, cred->org_id,
			     NULL) < 0)
		goto cleanup;
	/* The audit entry is written after this returns: arena copies. */
	req->audit_org = srv_arena_strdup(req->arena, cred->org_id);
	req->audit_subject = srv_arena_strdup(req->arena, id);
	options = json_object_get(body, "options");
	if (options && json_is_string(json_object_get(options, "reason")))
		reason = json_string_value(json_object_get(options, "reason"));
	if (wanted_state(resp, body, &state) < 0)
		goto cleanup;
	req->audit_reason = srv_arena_strdup(req->arena, reason);
	if ((error = mc_credential_set_state(req->store, id, state, reason,
					     srv_auth_who(req)->actor)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_resp_json(resp, 200,
		      json_pack("{s:s, s:s}", "credentialId", id, "status",
				mc_credential_state_name(state)));
cleanup:
	mc_credential_free(cred);
	json_decref(body);
	return 0;
}
