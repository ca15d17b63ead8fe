/*
 * Organisation and cluster pages: /org/:id, /clusters, /clusters/:id.
 * Names and descriptions in the reader's language where there is one;
 * the MCs listed are the published ones (through the catalogue search,
 * as the reader), and a cluster counts only the MCs the reader may see a
 * version of (mc_authz_visible_mcs()).
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cache.h"
#include "html.h"
#include "i18n.h"
#include "pages_util.h"

/* `text` of `map` in the reader's language, as element `tag`. */
static void lang_el(srv_html *h, srv_req *req, const char *tag,
		    const mc_langmap *map)
{
	const char *lang = srv_req_lang(req);
	const char *t = mc_langmap_pick(map, lang, NULL);
	size_t i;

	if (!t)
		return;
	for (i = 0; i < map->count; i++)
		if (map->items[i].text == t && strcmp(map->items[i].lang, lang))
			break;
	if (i < map->count)
		srv_html_f(h, "<%s lang=\"%s\">%s</%s>", tag,
			   map->items[i].lang, t, tag);
	else
		srv_html_f(h, "<%s>%s</%s>", tag, t, tag);
}

/* The published MCs of an organisation or a cluster, as a list. */
static void microcred_list(srv_html *h, srv_req *req, const char *org,
			   const char *cluster)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t i;

	o.organisation = org;
	o.cluster = cluster;
	o.lang = srv_req_lang(req);
	o.limit = 100;
	o.as_reader = 1;
	o.reader = srv_auth_who(req);
	srv_html_f(h, "<section><h2>%s</h2>", srv_t(req, "org.mcs"));
	if (mc_catalogue_search(req->store, &r, &o) < 0 || !r->count) {
		srv_html_f(h, "<p>%s</p></section>", srv_t(req, "search.none"));
		mc_search_result_free(r);
		return;
	}
	srv_html_f(h, "<ul class=\"hits\">");
	for (i = 0; i < r->count; i++) {
		char href[160];

		snprintf(href, sizeof(href), "/mc/%s/v%u", r->hits[i].id,
			 r->hits[i].version);
		srv_html_f(h, "<li><a href=\"%U\"", href);
		if (r->hits[i].title_lang &&
		    strcmp(r->hits[i].title_lang, srv_req_lang(req)))
			srv_html_f(h, " lang=\"%s\"", r->hits[i].title_lang);
		srv_html_f(h, ">%s</a> <span class=\"meta\">%s</span>",
			   r->hits[i].title,
			   srv__country(req, r->hits[i].country));
	}
	if (r->total > r->count)
		srv_html_f(h, "<li><a href=\"/?%s=%s\">%s (%zu)</a>",
			   org ? "org" : "cluster", org ? org : cluster,
			   srv_t(req, "org.all_mcs"), r->total);
	srv_html_f(h, "</ul></section>");
	mc_search_result_free(r);
}

static int org_fill(srv_req *req, srv_resp *resp)
{
	mc_org *org = NULL;
	srv_html h = SRV_HTML_INIT;
	char key[64];
	int error;

	if ((error = mc_org_get(req->store, &org, req->param[0])) < 0)
		return srv_page_error(req, resp,
				      error == MC_ENOTFOUND ? 404 : 500,
				      srv_t(req, "error.no_org"));
	srv_page_open(&h, req,
		      mc_langmap_pick(&org->name, srv_req_lang(req), NULL));
	srv_html_f(&h, "<p class=\"kicker\">%s</p>", srv_t(req, "org.kicker"));
	lang_el(&h, req, "h1", &org->name);
	snprintf(key, sizeof(key), "orgtype.%s", mc_org_type_name(org->type));
	srv_html_f(&h, "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s",
		   srv_t(req, "org.type"), srv_t(req, key),
		   srv_t(req, "org.country"), srv__country(req, org->country));
	if (org->region)
		srv_html_f(&h, " (%s)", org->region);
	srv_html_f(&h, "</dd>");
	if (org->short_name)
		srv_html_f(&h, "<dt>%s</dt><dd>%s</dd>",
			   srv_t(req, "org.short_name"), org->short_name);
	if (org->legal_identifier)
		srv_html_f(&h, "<dt>%s</dt><dd>%s</dd>",
			   srv_t(req, "org.legal"), org->legal_identifier);
	if (org->website)
		srv_html_f(&h,
			   "<dt>%s</dt><dd><a href=\"%U\" "
			   "rel=\"external\">%s</a></dd>",
			   srv_t(req, "org.website"), org->website,
			   org->website);
	srv_html_f(&h, "</dl>");
	microcred_list(&h, req, org->id, NULL);
	srv_page_close(&h, req);
	mc_org_free(org);
	return srv__page_send(req, resp, 200, &h, 1);
}

static int clusters_fill(srv_req *req, srv_resp *resp)
{
	mc_cluster **list = NULL;
	srv_html h = SRV_HTML_INIT;
	size_t n = 0, i;
	int error;

	if ((error = mc_cluster_list(req->store, &list, &n)) < 0)
		return srv_page_lib_error(req, resp, error);
	for (i = 0; i < n; i++)
		if ((error = mc_authz_visible_mcs(req->store, srv_auth_who(req),
						  &list[i]->mcs)) < 0) {
			mc_cluster_list_free(list, n);
			return srv_page_lib_error(req, resp, error);
		}
	srv_page_open(&h, req, srv_t(req, "clusters.title"));
	srv_html_f(&h,
		   "<h1>%s</h1><p class=\"lead\">%s</p><ul class=\"cards\">",
		   srv_t(req, "clusters.title"), srv_t(req, "clusters.lead"));
	for (i = 0; i < n; i++) {
		char href[96], key[64];

		snprintf(href, sizeof(href), "/clusters/%s", list[i]->id);
		snprintf(key, sizeof(key), "cluster.%s",
			 mc_cluster_kind_name(list[i]->kind));
		srv_html_f(
		    &h, "<li><h2><a href=\"%U\">%s</a></h2>", href,
		    mc_langmap_pick(&list[i]->name, srv_req_lang(req), NULL));
		srv_html_f(&h, "<p class=\"meta\">%s · %zu %s · %zu %s</p>",
			   srv_t(req, key), list[i]->organisations.count,
			   srv_t(req, "clusters.orgs"), list[i]->mcs.count,
			   srv_t(req, "clusters.mcs"));
		lang_el(&h, req, "p", &list[i]->description);
	}
	srv_html_f(&h, "</ul>");
	if (!n)
		srv_html_f(&h, "<p>%s</p>", srv_t(req, "search.none"));
	srv_page_close(&h, req);
	mc_cluster_list_free(list, n);
	return srv__page_send(req, resp, 200, &h, 1);
}

static int cluster_fill(srv_req *req, srv_resp *resp)
{
	mc_cluster *c = NULL;
	srv_html h = SRV_HTML_INIT;
	char key[64];
	size_t i;
	int error;

	if ((error = mc_cluster_get(req->store, &c, req->param[0])) < 0)
		return srv_page_error(req, resp,
				      error == MC_ENOTFOUND ? 404 : 500,
				      srv_t(req, "error.no_cluster"));
	srv_page_open(&h, req,
		      mc_langmap_pick(&c->name, srv_req_lang(req), NULL));
	snprintf(key, sizeof(key), "cluster.%s", mc_cluster_kind_name(c->kind));
	srv_html_f(&h, "<p class=\"kicker\">%s</p>", srv_t(req, key));
	lang_el(&h, req, "h1", &c->name);
	lang_el(&h, req, "p", &c->description);
	srv_html_f(&h, "<section><h2>%s</h2><ul>",
		   srv_t(req, "cluster.members"));
	for (i = 0; i < c->organisations.count; i++) {
		mc_org *org = NULL;
		char href[96];

		snprintf(href, sizeof(href), "/org/%s",
			 c->organisations.items[i]);
		if (mc_org_get(req->store, &org, c->organisations.items[i]) ==
		    0) {
			srv_html_f(&h, "<li><a href=\"%U\">%s</a> (%s)", href,
				   mc_langmap_pick(&org->name,
						   srv_req_lang(req), NULL),
				   srv__country(req, org->country));
			mc_org_free(org);
		} else {
			srv_html_f(&h, "<li><a href=\"%U\">%s</a>", href,
				   c->organisations.items[i]);
		}
	}
	srv_html_f(&h, "</ul></section>");
	microcred_list(&h, req, NULL, c->id);
	srv_page_close(&h, req);
	mc_cluster_free(c);
	return srv__page_send(req, resp, 200, &h, 1);
}

int srv_page_org(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, org_fill);
}

int srv_page_clusters(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, clusters_fill);
}

int srv_page_cluster(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, cluster_fill);
}
