/*
 * Clusters of MCs:
 *
 *   GET  /api/v1/clusters        (public, cached)
 *   POST /api/v1/clusters        (a platform admin)
 *   GET  /api/v1/clusters/:id    (public, cached)
 *   PUT  /api/v1/clusters/:id    (a platform admin)
 *
 * A cluster lists only the MCs of which the reader may read a version
 * (mc_authz_visible_mcs()); an answer for a signed-in reader is private.
 * Writes as in api_org.c: who first, then the body, then one library
 * call.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "cache.h"
#include "json_body.h"

/* ---- reads -------------------------------------------------------------- */

/* Leave out of the clusters' MCs those the reader may see no version of. */
static int visible_members(srv_req *req, srv_resp *resp, mc_cluster **list,
			   size_t n)
{
	const mc_principal *who = srv_req_reader(req, resp);
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
		srv_resp_text(resp, NULL, NULL, 0);
	else
		srv_resp_text(resp, text, NULL, 1);
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
		srv_resp_text(resp, NULL, NULL, 0);
	else
		srv_resp_text(resp, text, NULL, 1);
	mc_cluster_free(c);
	return 0;
}

int srv_api_cluster_list(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, cluster_list_fill);
}

int srv_api_cluster_get(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, cluster_get_fill);
}

/* ---- writes ------------------------------------------------------------- */

/* As org_write(), for clusters (a platform admin's task). */
static int cluster_write(srv_req *req, srv_resp *resp, int create)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_cluster *cl = NULL, *old = NULL;
	json_t *body = NULL;
	char *out = NULL;
	const char *path_id = create ? NULL : req->param[0];
	int error;

	if (srv_auth_require(req, resp, MC_ACT_CLUSTER_EDIT, NULL, NULL) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (path_id && srv_body_id_matches_path(resp, body, path_id) < 0)
		goto cleanup;
	if ((error = mc_cluster_from_jansson(&cl, body, "body", &problems)) <
	    0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	if (!create && (error = mc_cluster_get(req->store, &old, cl->id)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	error = create ? mc_cluster_create(req->store, cl, &problems)
		       : mc_cluster_put(req->store, cl, &problems);
	if (error < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	srv_req_audit(req, NULL, cl->id);
	if (mc_cluster_to_json(&out, cl) < 0)
		out = NULL;
	srv_resp_owned(resp, create ? 201 : 200, out, NULL);
	if (create)
		resp->location =
		    srv_req_concat(req, "/api/v1/clusters/", cl->id);
cleanup:
	mc_problems_clear(&problems);
	mc_cluster_free(cl);
	mc_cluster_free(old);
	json_decref(body);
	return 0;
}

int srv_api_cluster_create(srv_req *req, srv_resp *resp)
{
	return cluster_write(req, resp, 1);
}

int srv_api_cluster_put(srv_req *req, srv_resp *resp)
{
	return cluster_write(req, resp, 0);
}
