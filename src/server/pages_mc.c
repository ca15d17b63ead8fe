/*
 * The page of one micro-credential (/mc/ID and /mc/ID/vN when a browser
 * asks; api_mc.c calls srv_page_mc()).  Every Annex I element of the
 * MC, in the reader's language where the record has it, else the MC's
 * primary language, else English, else the first text; a text in another
 * language than the page's carries its own lang attribute.
 *
 * A version the reader may not read (mc_authz_can_read_version(): an
 * unpublished one, for anyone outside the organisations working on it)
 * is a 404 page, as a version that does not exist, and the list of
 * versions shows only those the reader may read.
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cache.h"
#include "html.h"
#include "i18n.h"
#include "pages_memo.h"
#include "pages_util.h"

/* The best text of `map` for the reader, and its language in *lang. */
static const char *pick(const mc_langmap *map, srv_req *req,
			const mc_microcred *mc, const char **lang)
{
	const char *t =
	    mc_langmap_pick(map, srv_req_lang(req), mc->primary_language);
	size_t i;

	*lang = NULL;
	for (i = 0; t && i < map->count; i++)
		if (map->items[i].text == t)
			*lang = map->items[i].lang;
	return t;
}

/* `<TAG lang=..>text</TAG>` for a language map; nothing when empty. */
static void text_el(srv_html *h, srv_req *req, const mc_microcred *mc,
		    const char *tag, const mc_langmap *map)
{
	const char *lang, *t = pick(map, req, mc, &lang);

	if (!t)
		return;
	if (lang && strcmp(lang, srv_req_lang(req)) != 0)
		srv_html_f(h, "<%s lang=\"%s\">%s</%s>", tag, lang, t, tag);
	else
		srv_html_f(h, "<%s>%s</%s>", tag, t, tag);
}

/* A <dt> with a UI label, opening its <dd>. */
static void term(srv_html *h, srv_req *req, const char *key)
{
	srv_html_f(h, "<dt>%s</dt><dd>", srv_t(req, key));
}

/* The UI word for vocabulary value `name` under `prefix` ("assess."). */
static const char *vocab(srv_req *req, const char *prefix, const char *name)
{
	char key[96];
	const char *t;

	snprintf(key, sizeof(key), "%s%s", prefix, name);
	t = srv_t(req, key);
	return strcmp(t, key) == 0 ? name : srv_arena_strdup(req->arena, t);
}

/* An organisation id as a link with its name in the reader's language. */
static void org_link(srv_html *h, srv_req *req, const char *id)
{
	const mc_org *org = srv__memo_org(req, id);
	char href[96];

	snprintf(href, sizeof(href), "/org/%s", id);
	if (org)
		srv_html_f(h, "<a href=\"%U\">%s</a> (%s)", href,
			   mc_langmap_pick(&org->name, srv_req_lang(req), NULL),
			   srv__country(req, org->country));
	else
		srv_html_f(h, "<a href=\"%U\">%s</a>", href, id);
}

static void outcomes(srv_html *h, srv_req *req, const mc_microcred *mc)
{
	static const struct {
		mc_lo_category cat;
		const char *key;
	} cats[] = {{MC_LO_KNOWLEDGE, "lo.knowledge"},
		    {MC_LO_SKILLS, "lo.skills"},
		    {MC_LO_RESPONSIBILITY, "lo.responsibility"}};
	size_t c, i, j;

	srv_html_f(h, "<section><h2>%s</h2>", srv_t(req, "mc.outcomes"));
	for (c = 0; c < 3; c++) {
		int open = 0;

		for (i = 0; i < mc->outcome_count; i++) {
			const mc_outcome *o = &mc->outcomes[i];

			if (o->category != cats[c].cat)
				continue;
			if (!open++)
				srv_html_f(h, "<h3>%s</h3><ul class=\"lo\">",
					   srv_t(req, cats[c].key));
			srv_html_f(h, "<li>");
			text_el(h, req, mc, "span", &o->text);
			for (j = 0; j < o->esco_skills.count; j++)
				srv_html_f(h,
					   " <a class=\"esco\" href=\"%U\" "
					   "rel=\"external\">%s</a>",
					   o->esco_skills.items[j],
					   srv_t(req, "mc.esco_skill"));
		}
		if (open)
			srv_html_f(h, "</ul>");
	}
	srv_html_f(h, "</section>");
}

static void workload(srv_html *h, srv_req *req, const mc_microcred *mc)
{
	const char *sep = "";
	char num[32];

	term(h, req, "mc.workload");
	if (mc->ects > 0) {
		srv_html_f(h, "%s ECTS", srv__num(num, mc->ects));
		sep = " · ";
	}
	if (mc->ecvet > 0) {
		srv_html_f(h, "%s%s ECVET", sep, srv__num(num, mc->ecvet));
		sep = " · ";
	}
	if (mc->hours > 0)
		srv_html_f(h, "%s%s %s", sep, srv__num(num, mc->hours),
			   srv_t(req, "mc.hours"));
	srv_html_f(h, "</dd>");
}

static void list_items(srv_html *h, srv_req *req, const mc_strlist *l,
		       const char *prefix)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		srv_html_f(h, "%s%s", i ? ", " : "",
			   prefix ? vocab(req, prefix, l->items[i])
				  : l->items[i]);
}

/* The Annex I elements as one description list. */
static void elements(srv_html *h, srv_req *req, const mc_microcred *mc)
{
	size_t i;

	srv_html_f(h, "<section><h2>%s</h2><dl class=\"annex\">",
		   srv_t(req, "mc.elements"));
	term(h, req, "mc.provider");
	org_link(h, req, mc->provider);
	srv_html_f(h, "</dd>");
	term(h, req, "mc.awarding_bodies");
	for (i = 0; i < mc->awarding_bodies.count; i++) {
		srv_html_f(h, "%s", i ? "; " : "");
		org_link(h, req, mc->awarding_bodies.items[i]);
	}
	srv_html_f(h, "</dd>");
	term(h, req, "mc.countries");
	for (i = 0; i < mc->countries.count; i++)
		srv_html_f(h, "%s%s", i ? ", " : "",
			   srv__country(req, mc->countries.items[i]));
	if (mc->regions.count) {
		srv_html_f(h, " (");
		list_items(h, req, &mc->regions, NULL);
		srv_html_f(h, ")");
	}
	srv_html_f(h, "</dd>");
	if (mc->sector) {
		term(h, req, "mc.sector");
		srv_html_f(h, "<a href=\"/?sector=%s\">%s</a> %s</dd>",
			   mc->sector, mc->sector,
			   mc_isced_label(mc->sector)
			       ? mc_isced_label(mc->sector)
			       : "");
	}
	workload(h, req, mc);
	term(h, req, "mc.level");
	srv_html_f(h, "%s %d", srv_t(req, "mc.eqf_short"), mc->eqf_level);
	if (mc->nqf_level)
		srv_html_f(h, " · %s %s", srv_t(req, "mc.nqf_short"),
			   mc->nqf_level);
	srv_html_f(h, "</dd>");
	term(h, req, "mc.assessment");
	srv_html_f(h, "%s",
		   vocab(req, "assess.", mc_assessment_name(mc->assessment)));
	text_el(h, req, mc, "p", &mc->assessment_description);
	srv_html_f(h, "</dd>");
	term(h, req, "mc.participation");
	srv_html_f(h, "%s", vocab(req, "mode.", mc_mode_name(mc->mode)));
	if (mc->setting != MC_SETTING_UNSET)
		srv_html_f(
		    h, " · %s",
		    vocab(req, "setting.", mc_setting_name(mc->setting)));
	if (mc->work_based)
		srv_html_f(h, " · %s", srv_t(req, "mc.work_based"));
	if (mc->volunteering)
		srv_html_f(h, " · %s", srv_t(req, "mc.volunteering"));
	srv_html_f(h, "</dd>");
	term(h, req, "mc.qa");
	srv_html_f(h, "%s", vocab(req, "qa.", mc_qa_name(mc->qa_type)));
	if (mc->qa_body) {
		srv_html_f(h, " · ");
		org_link(h, req, mc->qa_body);
	}
	text_el(h, req, mc, "p", &mc->qa_description);
	srv_html_f(h, "</dd>");
	if (mc->prerequisites.count) {
		term(h, req, "mc.prerequisites");
		text_el(h, req, mc, "span", &mc->prerequisites);
		srv_html_f(h, "</dd>");
	}
	if (mc->supervision != MC_SUPERVISION_UNSET) {
		term(h, req, "mc.supervision");
		srv_html_f(h, "%s</dd>",
			   vocab(req, "supervision.",
				 mc_supervision_name(mc->supervision)));
	}
	term(h, req, "mc.grade");
	srv_html_f(h, "%s</dd>", srv_t(req, "mc.grade_note"));
	if (mc->stackability != MC_STACK_UNSET) {
		term(h, req, "mc.stackability");
		srv_html_f(h, "%s",
			   vocab(req, "stack.",
				 mc_stackability_name(mc->stackability)));
		if (mc->part_of)
			srv_html_f(h, ": %s", mc->part_of);
		srv_html_f(h, "</dd>");
	}
	if (mc->target_groups.count) {
		term(h, req, "mc.target_groups");
		list_items(h, req, &mc->target_groups, "tg.");
		srv_html_f(h, "</dd>");
	}
	term(h, req, "mc.languages");
	for (i = 0; i < mc->languages.count; i++)
		srv_html_f(h, "%s%s", i ? ", " : "",
			   srv__language(req, mc->languages.items[i]));
	srv_html_f(h, "</dd>");
	if (mc->further_information.count) {
		term(h, req, "mc.further");
		text_el(h, req, mc, "span", &mc->further_information);
		srv_html_f(h, "</dd>");
	}
	srv_html_f(h, "</dl></section>");
}

/* Licence, attribution and the chain of adaptations (OER). */
static void licence(srv_html *h, srv_req *req, const mc_microcred *mc)
{
	char href[128];

	srv_html_f(h, "<section><h2>%s</h2><dl>", srv_t(req, "mc.reuse"));
	term(h, req, "mc.licence");
	snprintf(href, sizeof(href), "https://spdx.org/licenses/%s.html",
		 mc->licence ? mc->licence : "");
	srv_html_f(h, "<a href=\"%U\" rel=\"license\">%s</a></dd>", href,
		   mc->licence);
	if (mc->attribution) {
		term(h, req, "mc.attribution");
		srv_html_f(h, "%s</dd>", mc->attribution);
	}
	if (mc->derived_from) {
		term(h, req, "mc.derived_from");
		srv_html_f(h, "<a href=\"%U\">%s</a></dd>", mc->derived_from,
			   mc->derived_from);
	}
	srv_html_f(h, "</dl></section>");
}

static void versions(srv_html *h, srv_req *req, const mc_microcred *mc)
{
	mc_version_info *v = NULL;
	size_t n = 0, i;

	if (mc_authz_readable_versions(req->store, srv_auth_who(req), &v, &n,
				       mc->id) < 0 ||
	    n < 2) {
		free(v);
		return;
	}
	srv_html_f(h, "<section><h2>%s</h2><ul>", srv_t(req, "mc.versions"));
	for (i = 0; i < n; i++) {
		char href[128];

		snprintf(href, sizeof(href), "/mc/%s/v%u", mc->id,
			 v[i].version);
		srv_html_f(h, "<li><a href=\"%U\">v%u</a> · %s · %s", href,
			   v[i].version,
			   vocab(req, "status.", mc_status_name(v[i].status)),
			   v[i].updated_at);
	}
	srv_html_f(h, "</ul></section>");
	free(v);
}

/* The Annex I elements, outcomes and licence: the body of the public page
 * below its header. */
static void details(srv_html *h, srv_req *req, const mc_microcred *mc)
{
	elements(h, req, mc);
	outcomes(h, req, mc);
	licence(h, req, mc);
}

void srv_page_mc_details(srv_html *h, srv_req *req, const mc_microcred *mc)
{
	srv__memo_begin(req);
	text_el(h, req, mc, "p", &mc->description);
	details(h, req, mc);
}

static int page_fill(srv_req *req, srv_resp *resp)
{
	const mc_microcred *mc = NULL;
	srv_html h = SRV_HTML_INIT;
	char *uri = NULL, json[160], why[300];
	const char *title, *tlang;
	unsigned version = 0;
	int error;

	if (req->nparam == 2)
		version = (unsigned)strtoul(req->param[1] + 1, NULL, 10);
	srv__memo_begin(req);
	error =
	    srv__memo_mc(req, &mc, why, sizeof(why), req->param[0], version);
	if (error == 0) { /* a version hidden from the reader: no page */
		int yes = mc_authz_can_read_version(req->store,
						    srv_auth_who(req), mc);

		error = yes < 0 ? yes : yes ? 0 : MC_ENOTFOUND;
	}
	if (error == MC_ENOTFOUND || error == MC_EINVALID)
		return srv_page_error(req, resp, 404,
				      srv_t(req, "error.no_mc"));
	if (error < 0)
		return srv_page_lib_error(req, resp, error);
	title = pick(&mc->title, req, mc, &tlang);
	srv_page_open(&h, req, title);
	srv_html_f(&h, "<article class=\"mc\"><p class=\"kicker\">%s</p>",
		   srv_t(req, "mc.kicker"));
	if (tlang && strcmp(tlang, srv_req_lang(req)) != 0)
		srv_html_f(&h, "<h1 lang=\"%s\">%s</h1>", tlang, title);
	else
		srv_html_f(&h, "<h1>%s</h1>", title);
	text_el(&h, req, mc, "p", &mc->description);
	if (mc_catalogue_uri(req->store, &uri, mc->id, mc->version) == 0) {
		srv_html_f(&h,
			   "<p class=\"meta\">%s v%u · %s · %s "
			   "<a href=\"%U\"><code>%s</code></a></p>",
			   srv_t(req, "mc.version"), mc->version,
			   vocab(req, "status.", mc_status_name(mc->status)),
			   srv_t(req, "mc.uri"), uri, uri);
		free(uri);
	}
	details(&h, req, mc);
	versions(&h, req, mc);
	snprintf(json, sizeof(json), "/api/v1/microcredentials/%s?version=%u",
		 mc->id, mc->version);
	srv_html_f(&h,
		   "<p><a href=\"%U\" type=\"application/json\">%s</a></p>"
		   "</article>",
		   json, srv_t(req, "mc.json"));
	srv_page_close(&h, req);
	return srv__page_send(req, resp, 200, &h, 1);
}

int srv_page_mc(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, page_fill);
}
