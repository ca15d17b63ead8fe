/*
 * The API about itself: GET /healthz (alive, version, schema; with
 * ?cache=1 the response cache's counters, its change counter queries and
 * the notices it was sent) and GET /api/v1/openapi.json
 * (the API description, web/openapi.json, built into the binary).
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "api_util.h"
#include "assets.h"
#include "cache.h"

/* ---- health ------------------------------------------------------------- */

/*
 * GET /healthz; with ?cache=1 also the response cache's counters.  The
 * answer is 200 only when the database answers a read (one indexed row,
 * through the same connection this thread serves with), so a reverse
 * proxy takes a node whose database is gone out of its rotation: 503
 * with Retry-After otherwise.  The database's own message stays in the
 * node's log (it may name hosts).
 */
int srv_api_healthz(srv_req *req, srv_resp *resp)
{
	json_t *doc;
	const char *v = srv_req_query(req, "cache");
	srv_cache_stats st;
	uint64_t changes;

	if (mc_store_changes(req->store, MC_STORE_SETTINGS, &changes) < 0) {
		fprintf(stderr, "microcred serve: healthz: %s\n",
			mc_store_errmsg(req->store));
		return srv_resp_problem(resp, 503, "Service Unavailable",
					"the database does not answer", NULL);
	}
	doc = json_pack("{s:s, s:s, s:i}", "status", "ok", "version",
			mc_version(), "schema",
			mc_store_schema_version(req->store));

	if (doc && v && strcmp(v, "1") == 0) {
		srv_cache_stats_get(&st);
		json_object_set_new(
		    doc, "cache",
		    json_pack(
			"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}",
			"hits", (json_int_t)st.hits, "misses",
			(json_int_t)st.misses, "bypass", (json_int_t)st.bypass,
			"entries", (json_int_t)st.entries, "bytes",
			(json_int_t)st.bytes, "max_bytes",
			(json_int_t)st.max_bytes, "generation",
			(json_int_t)st.generation, "polls",
			(json_int_t)st.polls, "notices", (json_int_t)st.notices,
			"notified", st.notified));
	}
	return srv_resp_json(resp, 200, doc);
}

/* ---- the API description ------------------------------------------------ */

/* GET /api/v1/openapi.json: the API description, web/openapi.json. */
int srv_api_openapi(srv_req *req, srv_resp *resp)
{
	const struct srv_asset *a = srv_asset_find("openapi.json");

	(void)req;
	if (!a)
		return srv_resp_problem(resp, 404, "Not Found",
					"no API description in this build",
					NULL);
	if (srv_resp_json_text(resp, 200, a->data, a->len) == 0)
		srv_resp_etag(resp);
	return 0;
}
