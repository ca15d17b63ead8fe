/*
 * GET / : the catalogue.  A search form (GET, so results have a URL),
 * facets as links with their counts, results with titles in the reader's
 * language, and pagination.  Filters come from the query string, checked
 * as the JSON API checks them; a bad one is a 400 page naming it.
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cache.h"
#include "html.h"
#include "i18n.h"
#include "pages_memo.h"
#include "pages_util.h"

#define PAGE_SIZE	 20
#define FACET_VALUES_MAX 12

/* The filters a catalogue URL can carry, in the order of its query. */
enum {
	F_Q,
	F_COUNTRY,
	F_SECTOR,
	F_EQF,
	F_GROUP,
	F_LANGUAGE,
	F_CLUSTER,
	F_ORG,
	F_ECTS,
	F__COUNT
};

static const char *const params[F__COUNT] = {
    "q",	"country", "sector", "eqf", "target_group",
    "language", "cluster", "org",    "ects"};

/*
 * The ECTS ranges of the library's "ects" facet, as values of ?ects=:
 * (lower, upper], 0 for no bound, and their UI keys.
 */
static const struct {
	const char *value;
	double lower, upper;
	const char *label;
} ects_ranges[] = {
    {"0-2", 0, 2, "facet.ects_0_2"},
    {"2-5", 2, 5, "facet.ects_2_5"},
    {"5-", 5, 0, "facet.ects_5"},
};

static int ects_range(const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(ects_ranges) / sizeof(ects_ranges[0]); i++)
		if (!strcmp(v, ects_ranges[i].value))
			return (int)i;
	return -1;
}

/* Facet name (library) -> filter. */
static const struct {
	const char *facet;
	int filter;
	const char *label; /* UI key */
} facets[] = {
    {"country", F_COUNTRY, "facet.country"},
    {"eqf_level", F_EQF, "facet.eqf"},
    {"ects", F_ECTS, "facet.ects"},
    {"sector", F_SECTOR, "facet.sector"},
    {"target_group", F_GROUP, "facet.target_group"},
    {"language", F_LANGUAGE, "facet.language"},
    {"organisation", F_ORG, "facet.organisation"},
    {"cluster", F_CLUSTER, "facet.cluster"},
};

static int is_token(const char *s, size_t max, const char *extra)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i == max ||
		    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr(extra, c)))
			return 0;
	}
	return i > 0;
}

/* Check filter `f`'s value; NULL if fine, else the reason. */
static const char *check(int f, const char *v)
{
	switch (f) {
	case F_Q:
		return strlen(v) > MC_SEARCH_QUERY_MAX ? "too long" : NULL;
	case F_COUNTRY:
		return strlen(v) == 2 && is_token(v, 2, "") && v[0] > '9' &&
			       v[1] > '9'
			   ? NULL
			   : "must be a two-letter country code such as UA";
	case F_SECTOR:
		return strlen(v) >= 2 && strlen(v) <= 4 &&
			       strspn(v, "0123456789") == strlen(v)
			   ? NULL
			   : "must be an ISCED-F code of 2 to 4 digits";
	case F_EQF:
		return strlen(v) == 1 && v[0] >= '1' && v[0] <= '8'
			   ? NULL
			   : "must be 1..8";
	case F_GROUP:
		return is_token(v, 64, "-_:") ? NULL
					      : "must be a target group code";
	case F_LANGUAGE:
		return is_token(v, 35, "-")
			   ? NULL
			   : "must be a language tag such as uk";
	case F_ECTS:
		return ects_range(v) >= 0 ? NULL : "must be 0-2, 2-5 or 5-";
	default:
		return mc_id_valid(v) ? NULL : "must be an id";
	}
}

/*
 * "/?" + the current filters, with filter `f` set to `v` (NULL: removed)
 * and `page` when above 1, in the arena.
 */
static const char *link_with(srv_req *req, const char *const cur[F__COUNT],
			     int f, const char *v, unsigned long page)
{
	const char *enc[F__COUNT];
	size_t n = 32;
	char *out, *p;
	int i;

	for (i = 0; i < F__COUNT; i++) {
		const char *val = i == f ? v : cur[i];

		enc[i] = val && *val ? srv__url_q(req, val) : NULL;
		if (enc[i])
			n += strlen(params[i]) + strlen(enc[i]) + 2;
	}
	if (!(p = out = srv_arena_alloc(req->arena, n)))
		return "/";
	*p++ = '/';
	for (i = 0; i < F__COUNT; i++)
		if (enc[i])
			p += sprintf(p, "%s%s=%s", p == out + 1 ? "?" : "&",
				     params[i], enc[i]);
	if (page > 1)
		sprintf(p, "%spage=%lu", p == out + 1 ? "?" : "&", page);
	else
		*p = '\0';
	return out;
}

/* A facet value as people read it. */
static const char *facet_label(srv_req *req, int f, const char *v, char *buf,
			       size_t buflen)
{
	const char *l;
	const mc_org *org;
	const mc_cluster *cl;
	int k;

	switch (f) {
	case F_COUNTRY:
		return srv__country(req, v);
	case F_LANGUAGE:
		return srv__language(req, v);
	case F_ECTS:
		k = ects_range(v);
		return k >= 0 ? srv_t(req, ects_ranges[k].label) : v;
	case F_CLUSTER:
		if ((cl = srv__memo_cluster(req, v)))
			return mc_langmap_pick(&cl->name, srv_req_lang(req),
					       NULL);
		return v;
	case F_SECTOR:
		l = mc_isced_label(v);
		snprintf(buf, buflen, "%s %s", v, l ? l : "");
		return buf;
	case F_EQF:
		snprintf(buf, buflen, "%s %s", srv_t(req, "mc.eqf_short"), v);
		return buf;
	case F_GROUP:
		snprintf(buf, buflen, "tg.%s", v);
		l = srv_t(req, buf);
		return strcmp(l, buf) == 0 ? v : l;
	case F_ORG:
		if ((org = srv__memo_org(req, v)))
			return mc_langmap_pick(&org->name, srv_req_lang(req),
					       NULL);
		return v;
	default:
		return v;
	}
}

static void render_facets(srv_html *h, srv_req *req, const mc_search_result *r,
			  const char *const cur[F__COUNT])
{
	size_t i, j, k;
	char buf[256];

	srv_html_f(h, "<aside class=\"facets\" aria-label=\"%s\">",
		   srv_t(req, "search.refine"));
	for (k = 0; k < sizeof(facets) / sizeof(facets[0]); k++) {
		const mc_facet *fa = NULL;
		mc_facet_value ordered[3];
		mc_facet by_range = {"ects", ordered, 0};
		int f = facets[k].filter;

		for (i = 0; i < r->facet_count; i++)
			if (!strcmp(r->facets[i].name, facets[k].facet))
				fa = &r->facets[i];
		if (fa && f == F_ECTS) { /* ranges in their order */
			for (i = 0; i < 3; i++)
				for (j = 0; j < fa->count; j++)
					if (!strcmp(fa->values[j].value,
						    ects_ranges[i].value))
						ordered[by_range.count++] =
						    fa->values[j];
			fa = &by_range;
		}
		if (!fa || (!fa->count && !cur[f]))
			continue;
		srv_html_f(h, "<section><h2>%s</h2><ul>",
			   srv_t(req, facets[k].label));
		if (cur[f])
			srv_html_f(
			    h,
			    "<li><a class=\"on\" href=\"%U\">%s "
			    "<span>(%s)</span></a>",
			    link_with(req, cur, f, NULL, 1),
			    facet_label(req, f, cur[f], buf, sizeof(buf)),
			    srv_t(req, "search.remove"));
		for (j = 0; j < fa->count && j < FACET_VALUES_MAX; j++) {
			const mc_facet_value *v = &fa->values[j];

			if (cur[f] && !strcmp(cur[f], v->value))
				continue;
			srv_html_f(
			    h,
			    "<li><a href=\"%U\">%s</a> "
			    "<span class=\"n\">%zu</span>",
			    link_with(req, cur, f, v->value, 1),
			    facet_label(req, f, v->value, buf, sizeof(buf)),
			    v->count);
		}
		srv_html_f(h, "</ul></section>");
	}
	srv_html_f(h, "</aside>");
}

static void render_hits(srv_html *h, srv_req *req, const mc_search_result *r)
{
	const char *lang = srv_req_lang(req);
	char num[32], buf[256];
	size_t i;

	srv_html_f(h, "<ol class=\"hits\">");
	for (i = 0; i < r->count; i++) {
		const mc_search_hit *hit = &r->hits[i];
		char href[160];

		snprintf(href, sizeof(href), "/mc/%s/v%u", hit->id,
			 hit->version);
		srv_html_f(h, "<li><h3><a href=\"%U\"", href);
		if (hit->title_lang && strcmp(hit->title_lang, lang) != 0)
			srv_html_f(h, " lang=\"%s\"", hit->title_lang);
		srv_html_f(
		    h, ">%s</a></h3><p class=\"meta\">%s · %s", hit->title,
		    facet_label(req, F_ORG, hit->provider, buf, sizeof(buf)),
		    srv__country(req, hit->country));
		if (hit->eqf_level)
			srv_html_f(h, " · %s %d", srv_t(req, "mc.eqf_short"),
				   hit->eqf_level);
		if (hit->ects > 0)
			srv_html_f(h, " · %s ECTS", srv__num(num, hit->ects));
		if (hit->sector && mc_isced_label(hit->sector))
			srv_html_f(h, " · %s", mc_isced_label(hit->sector));
		srv_html_f(h, "</p>");
	}
	srv_html_f(h, "</ol>");
}

static int home_fill(srv_req *req, srv_resp *resp)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	const char *cur[F__COUNT];
	const char *v, *why;
	unsigned long page = 1, pages;
	srv_html h = SRV_HTML_INIT;
	char msg[300];
	int i, error;

	for (i = 0; i < F__COUNT; i++) {
		cur[i] = srv_req_query(req, params[i]);
		if (cur[i] && !*cur[i])
			cur[i] = NULL;
		if (cur[i] && (why = check(i, cur[i]))) {
			snprintf(msg, sizeof(msg), "%s: %s", params[i], why);
			return srv_page_error(req, resp, 400, msg);
		}
	}
	if ((v = srv_req_query(req, "page")) && *v) {
		char *end;

		page = strtoul(v, &end, 10);
		if (*end || page < 1 || page > 100000 ||
		    strspn(v, "0123456789") != strlen(v))
			return srv_page_error(req, resp, 400,
					      "page: must be a number from 1");
	}
	o.query = cur[F_Q];
	o.lang = srv_req_lang(req);
	o.country = cur[F_COUNTRY];
	o.sector = cur[F_SECTOR];
	o.eqf_level = cur[F_EQF] ? cur[F_EQF][0] - '0' : 0;
	o.target_group = cur[F_GROUP];
	o.language = cur[F_LANGUAGE];
	o.cluster = cur[F_CLUSTER];
	o.organisation = cur[F_ORG];
	if (cur[F_ECTS]) {
		/* (lower, upper]: just above the lower bound, inclusive */
		i = ects_range(cur[F_ECTS]);
		if (ects_ranges[i].lower > 0)
			o.ects_min = nextafter(ects_ranges[i].lower, INFINITY);
		o.ects_max = ects_ranges[i].upper;
	}
	srv__memo_begin(req);
	o.limit = PAGE_SIZE;
	o.offset = (page - 1) * PAGE_SIZE;
	o.facets = 1;
	o.as_reader = 1;
	o.reader = srv_auth_who(req);
	error = mc_catalogue_search(req->store, &r, &o);
	if (error == MC_EINVALID) {
		snprintf(msg, sizeof(msg), "q: %s",
			 mc_store_errmsg(req->store));
		return srv_page_error(req, resp, 400, msg);
	}
	if (error < 0)
		return srv_page_lib_error(req, resp, error);

	srv_page_open(&h, req, srv_t(req, "home.title"));
	srv_html_f(&h,
		   "<h1>%s</h1><p class=\"lead\">%s</p>"
		   "<form class=\"search\" role=\"search\" method=\"get\" "
		   "action=\"/\"><label for=\"q\">%s</label>"
		   "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" "
		   "maxlength=\"1024\">",
		   srv_t(req, "home.title"), srv_t(req, "home.lead"),
		   srv_t(req, "search.label"), cur[F_Q] ? cur[F_Q] : "");
	for (i = F_COUNTRY; i < F__COUNT; i++)
		if (cur[i])
			srv_html_f(&h,
				   "<input type=\"hidden\" name=\"%s\" "
				   "value=\"%s\">",
				   params[i], cur[i]);
	srv_html_f(&h, "<button>%s</button></form><div class=\"results\">",
		   srv_t(req, "search.button"));
	render_facets(&h, req, r, cur);
	srv_html_f(&h,
		   "<section class=\"list\" aria-live=\"polite\"><h2>%s: "
		   "%zu</h2>",
		   srv_t(req, "search.results"), r->total);
	if (r->count)
		render_hits(&h, req, r);
	else
		srv_html_f(&h, "<p>%s</p>", srv_t(req, "search.none"));
	pages = (unsigned long)((r->total + PAGE_SIZE - 1) / PAGE_SIZE);
	if (pages > 1) {
		srv_html_f(&h, "<nav class=\"pager\" aria-label=\"%s\">",
			   srv_t(req, "search.pages"));
		if (page > 1)
			srv_html_f(&h, "<a rel=\"prev\" href=\"%U\">%s</a> ",
				   link_with(req, cur, -1, NULL, page - 1),
				   srv_t(req, "search.prev"));
		srv_html_f(&h, "<span>%lld / %lld</span>", (long long)page,
			   (long long)pages);
		if (page < pages)
			srv_html_f(&h, " <a rel=\"next\" href=\"%U\">%s</a>",
				   link_with(req, cur, -1, NULL, page + 1),
				   srv_t(req, "search.next"));
		srv_html_f(&h, "</nav>");
	}
	srv_html_f(&h, "</section></div>");
	srv_page_close(&h, req);
	mc_search_result_free(r);
	return srv__page_send(req, resp, 200, &h, 1);
}

int srv_page_home(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, home_fill);
}
