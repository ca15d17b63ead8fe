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
static void lang_el(mc_html *h, mc_req *req, const char *tag,
		    const mc_langmap *map)
{
	const char *lang = mc_req_lang(req);
	const char *t = mc_langmap_pick(map, lang, NULL);
	size_t i;

	if (!t)
		return;
	for (i = 0; i < map->count; i++)
		if (map->items[i].text == t && strcmp(map->items[i].lang, lang))
			break;
	if (i < map->count)
		mc_html_f(h, "<%s lang=\"%s\">%s</%s>", tag, map->items[i].lang,
			  t, tag);
	else
		mc_html_f(h, "<%s>%s</%s>", tag, t, tag);
}

/* The published MCs of an organisation or a cluster, as a list. */
static void mc_list(mc_html *h, mc_req *req, const char *org,
		    const char *cluster)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t i;

	o.organisation = org;
	o.cluster = cluster;
	o.lang = mc_req_lang(req);
	o.limit = 100;
	o.as_reader = 1;
	o.reader = mc_auth_who(req);
	mc_html_f(h, "<section><h2>%s</h2>", mc_t(req, "org.mcs"));
	if (mc_catalogue_search(req->store, &r, &o) < 0 || !r->count) {
		mc_html_f(h, "<p>%s</p></section>", mc_t(req, "search.none"));
		mc_search_result_free(r);
		return;
	}
	mc_html_f(h, "<ul class=\"hits\">");
	for (i = 0; i < r->count; i++) {
		char href[160];

		snprintf(href, sizeof(href), "/mc/%s/v%u", r->hits[i].id,
			 r->hits[i].version);
		mc_html_f(h, "<li><a href=\"%U\"", href);
		if (r->hits[i].title_lang &&
		    strcmp(r->hits[i].title_lang, mc_req_lang(req)))
			mc_html_f(h, " lang=\"%s\"", r->hits[i].title_lang);
		mc_html_f(h, ">%s</a> <span class=\"meta\">%s</span>",
			  r->hits[i].title,
			  mc__country(req, r->hits[i].country));
	}
	if (r->total > r->count)
		mc_html_f(h, "<li><a href=\"/?%s=%s\">%s (%zu)</a>",
			  org ? "org" : "cluster", org ? org : cluster,
			  mc_t(req, "org.all_mcs"), r->total);
	mc_html_f(h, "</ul></section>");
	mc_search_result_free(r);
}

static int org_fill(mc_req *req, mc_resp *resp)
{
	mc_org *org = NULL;
	mc_html h = MC_HTML_INIT;
	char key[64];
	int error;

	if ((error = mc_org_get(req->store, &org, req->param[0])) < 0)
		return mc_page_error(req, resp,
				     error == MC_ENOTFOUND ? 404 : 500,
				     mc_t(req, "error.no_org"));
	mc_page_open(&h, req,
		     mc_langmap_pick(&org->name, mc_req_lang(req), NULL));
	mc_html_f(&h, "<p class=\"kicker\">%s</p>", mc_t(req, "org.kicker"));
	lang_el(&h, req, "h1", &org->name);
	snprintf(key, sizeof(key), "orgtype.%s", mc_org_type_name(org->type));
	mc_html_f(&h, "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s",
		  mc_t(req, "org.type"), mc_t(req, key),
		  mc_t(req, "org.country"), mc__country(req, org->country));
	if (org->region)
		mc_html_f(&h, " (%s)", org->region);
	mc_html_f(&h, "</dd>");
	if (org->short_name)
		mc_html_f(&h, "<dt>%s</dt><dd>%s</dd>",
			  mc_t(req, "org.short_name"), org->short_name);
	if (org->legal_identifier)
		mc_html_f(&h, "<dt>%s</dt><dd>%s</dd>", mc_t(req, "org.legal"),
			  org->legal_identifier);
	if (org->website)
		mc_html_f(&h,
			  "<dt>%s</dt><dd><a href=\"%U\" "
			  "rel=\"external\">%s</a></dd>",
			  mc_t(req, "org.website"), org->website, org->website);
	mc_html_f(&h, "</dl>");
	mc_list(&h, req, org->id, NULL);
	mc_page_close(&h, req);
	mc_org_free(org);
	return mc__page_send(req, resp, 200, &h, 1);
}

static int clusters_fill(mc_req *req, mc_resp *resp)
{
	mc_cluster **list = NULL;
	mc_html h = MC_HTML_INIT;
	size_t n = 0, i;

	if (mc_cluster_list(req->store, &list, &n) < 0)
		return mc_page_error(req, resp, 500,
				     mc_store_errmsg(req->store));
	for (i = 0; i < n; i++)
		if (mc_authz_visible_mcs(req->store, mc_auth_who(req),
					 &list[i]->mcs) < 0) {
			mc_cluster_list_free(list, n);
			return mc_page_error(req, resp, 500,
					     mc_store_errmsg(req->store));
		}
	mc_page_open(&h, req, mc_t(req, "clusters.title"));
	mc_html_f(&h, "<h1>%s</h1><p class=\"lead\">%s</p><ul class=\"cards\">",
		  mc_t(req, "clusters.title"), mc_t(req, "clusters.lead"));
	for (i = 0; i < n; i++) {
		char href[96], key[64];

		snprintf(href, sizeof(href), "/clusters/%s", list[i]->id);
		snprintf(key, sizeof(key), "cluster.%s",
			 mc_cluster_kind_name(list[i]->kind));
		mc_html_f(
		    &h, "<li><h2><a href=\"%U\">%s</a></h2>", href,
		    mc_langmap_pick(&list[i]->name, mc_req_lang(req), NULL));
		mc_html_f(&h, "<p class=\"meta\">%s · %zu %s · %zu %s</p>",
			  mc_t(req, key), list[i]->organisations.count,
			  mc_t(req, "clusters.orgs"), list[i]->mcs.count,
			  mc_t(req, "clusters.mcs"));
		lang_el(&h, req, "p", &list[i]->description);
	}
	mc_html_f(&h, "</ul>");
	if (!n)
		mc_html_f(&h, "<p>%s</p>", mc_t(req, "search.none"));
	mc_page_close(&h, req);
	mc_cluster_list_free(list, n);
	return mc__page_send(req, resp, 200, &h, 1);
}

static int cluster_fill(mc_req *req, mc_resp *resp)
{
	mc_cluster *c = NULL;
	mc_html h = MC_HTML_INIT;
	char key[64];
	size_t i;
	int error;

	if ((error = mc_cluster_get(req->store, &c, req->param[0])) < 0)
		return mc_page_error(req, resp,
				     error == MC_ENOTFOUND ? 404 : 500,
				     mc_t(req, "error.no_cluster"));
	mc_page_open(&h, req,
		     mc_langmap_pick(&c->name, mc_req_lang(req), NULL));
	snprintf(key, sizeof(key), "cluster.%s", mc_cluster_kind_name(c->kind));
	mc_html_f(&h, "<p class=\"kicker\">%s</p>", mc_t(req, key));
	lang_el(&h, req, "h1", &c->name);
	lang_el(&h, req, "p", &c->description);
	mc_html_f(&h, "<section><h2>%s</h2><ul>", mc_t(req, "cluster.members"));
	for (i = 0; i < c->organisations.count; i++) {
		mc_org *org = NULL;
		char href[96];

		snprintf(href, sizeof(href), "/org/%s",
			 c->organisations.items[i]);
		if (mc_org_get(req->store, &org, c->organisations.items[i]) ==
		    0) {
			mc_html_f(
			    &h, "<li><a href=\"%U\">%s</a> (%s)", href,
			    mc_langmap_pick(&org->name, mc_req_lang(req), NULL),
			    mc__country(req, org->country));
			mc_org_free(org);
		} else {
			mc_html_f(&h, "<li><a href=\"%U\">%s</a>", href,
				  c->organisations.items[i]);
		}
	}
	mc_html_f(&h, "</ul></section>");
	mc_list(&h, req, NULL, c->id);
	mc_page_close(&h, req);
	mc_cluster_free(c);
	return mc__page_send(req, resp, 200, &h, 1);
}

int mc_page_org(mc_req *req, mc_resp *resp)
{
	return mc_cache_handle(req, resp, org_fill);
}

int mc_page_clusters(mc_req *req, mc_resp *resp)
{
	return mc_cache_handle(req, resp, clusters_fill);
}

int mc_page_cluster(mc_req *req, mc_resp *resp)
{
	return mc_cache_handle(req, resp, cluster_fill);
}
