/*
 * GET /coverage: where the catalogue has published MCs, drawn on the
 * server as inline SVG (no script): published MCs per country against the
 * programme's target (partner countries below it flagged), a country x
 * ISCED-F broad field heat map, and the EQF level distribution.  Each
 * chart has a <title> and <desc> and is followed by the same figures as a
 * data table, for screen readers and for copying.  Colours are SVG
 * presentation attributes: the CSP allows no inline style.
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "html.h"
#include "i18n.h"
#include "pages_util.h"

#define ROW_H	24
#define LABEL_W 48

/* Sorted unique keys of `cells` (borrowed strings). */
static size_t keys_of(const char **out, size_t max, const mc_coverage_cell *c,
		      size_t n)
{
	size_t k = 0, i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < k && strcmp(out[j], c[i].key); j++)
			;
		if (j == k && k < max)
			out[k++] = c[i].key;
	}
	for (i = 1; i < k; i++) /* insertion sort: a dozen keys */
		for (j = i; j > 0 && strcmp(out[j - 1], out[j]) > 0; j--) {
			const char *t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return k;
}

static size_t cell(const mc_coverage_cell *c, size_t n, const char *country,
		   const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(c[i].country, country) && !strcmp(c[i].key, key))
			return c[i].count;
	return 0;
}

static int is_partner(const char *country)
{
	const char *const *p;

	for (p = mc_partner_countries(); *p; p++)
		if (!strcmp(*p, country))
			return 1;
	return 0;
}

/* Published MCs per country, a bar each, with the target as a line. */
static void country_chart(srv_html *h, srv_req *req, const mc_coverage *cov)
{
	size_t i, max = cov->target;
	unsigned width = 560, bar_w = width - LABEL_W - 40;
	unsigned height = (unsigned)(cov->country_count * ROW_H + 8);
	unsigned tx;

	for (i = 0; i < cov->country_count; i++)
		if (cov->countries[i].published > max)
			max = cov->countries[i].published;
	if (!max)
		max = 1;
	tx = LABEL_W + (unsigned)(bar_w * cov->target / max);
	srv_html_f(h,
		   "<figure class=\"chart\"><svg role=\"img\" "
		   "aria-labelledby=\"ct cd\" viewBox=\"0 0 %u %u\" "
		   "width=\"%u\" height=\"%u\"><title id=\"ct\">%s</title>"
		   "<desc id=\"cd\">%s</desc>",
		   width, height, width, height, srv_t(req, "cov.countries"),
		   srv_t(req, "cov.countries_desc"));
	for (i = 0; i < cov->country_count; i++) {
		const mc_coverage_country *c = &cov->countries[i];
		unsigned y = (unsigned)(i * ROW_H + 4);
		unsigned w = (unsigned)(bar_w * c->published / max);

		srv_html_f(
		    h,
		    "<text x=\"%u\" y=\"%u\" font-size=\"12\" "
		    "text-anchor=\"end\">%s</text>"
		    "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
		    "fill=\"%s\"><title>%s: %zu</title></rect>"
		    "<text x=\"%u\" y=\"%u\" font-size=\"12\">%zu%s</text>",
		    LABEL_W - 6, y + 15, c->country, LABEL_W, y, w, ROW_H - 6,
		    c->below_target ? "#b45309" : "#1d4ed8",
		    srv__country(req, c->country), c->published,
		    LABEL_W + w + 4, y + 15, c->published,
		    c->below_target ? " ⚑" : "");
	}
	srv_html_f(h,
		   "<line x1=\"%u\" x2=\"%u\" y1=\"0\" y2=\"%u\" "
		   "stroke=\"#111\" stroke-dasharray=\"4 3\"/></svg>"
		   "<figcaption>%s %zu</figcaption></figure>",
		   tx, tx, height, srv_t(req, "cov.target_line"), cov->target);
	srv_html_f(h,
		   "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s"
		   "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		   "</tr></thead><tbody>",
		   srv_t(req, "cov.countries"), srv_t(req, "org.country"),
		   srv_t(req, "cov.published"), srv_t(req, "cov.status"));
	for (i = 0; i < cov->country_count; i++) {
		const mc_coverage_country *c = &cov->countries[i];
		char href[32];

		snprintf(href, sizeof(href), "/?country=%s", c->country);
		srv_html_f(h,
			   "<tr%s><th scope=\"row\"><a href=\"%U\">%s</a></th>"
			   "<td>%zu</td><td>",
			   c->below_target ? " class=\"below\"" : "", href,
			   srv__country(req, c->country), c->published);
		if (c->below_target)
			srv_html_f(h, "⚑ %s %zu", srv_t(req, "cov.short_by"),
				   cov->target > c->published
				       ? cov->target - c->published
				       : 0);
		else if (is_partner(c->country))
			srv_html_f(h, "%s", srv_t(req, "cov.reached"));
		else
			srv_html_f(h, "%s", srv_t(req, "cov.not_partner"));
		srv_html_f(h, "</td></tr>");
	}
	srv_html_f(h, "</tbody></table>");
}

/* Countries x ISCED-F broad fields, cells shaded by count. */
static void sector_chart(srv_html *h, srv_req *req, const mc_coverage *cov)
{
	const char *keys[32];
	size_t nk = keys_of(keys, 32, cov->sectors, cov->sector_count);
	size_t i, k, max = 1, rows = 0;
	unsigned cw = 40, width, height;

	for (i = 0; i < cov->sector_count; i++)
		if (cov->sectors[i].count > max)
			max = cov->sectors[i].count;
	for (i = 0; i < cov->country_count; i++)
		rows += cov->countries[i].published > 0;
	width = (unsigned)(LABEL_W + nk * cw + 8);
	height = (unsigned)((rows + 1) * ROW_H + 8);
	srv_html_f(h,
		   "<figure class=\"chart\"><svg role=\"img\" "
		   "aria-labelledby=\"st sd\" viewBox=\"0 0 %u %u\" "
		   "width=\"%u\" height=\"%u\"><title id=\"st\">%s</title>"
		   "<desc id=\"sd\">%s</desc>",
		   width, height, width, height, srv_t(req, "cov.sectors"),
		   srv_t(req, "cov.sectors_desc"));
	for (k = 0; k < nk; k++)
		srv_html_f(h,
			   "<text x=\"%u\" y=\"16\" font-size=\"12\" "
			   "text-anchor=\"middle\">%s<title>%s</title></text>",
			   (unsigned)(LABEL_W + k * cw + cw / 2), keys[k],
			   mc_isced_label(keys[k]) ? mc_isced_label(keys[k])
						   : keys[k]);
	rows = 0;
	for (i = 0; i < cov->country_count; i++) {
		const char *cc = cov->countries[i].country;
		unsigned y;

		if (!cov->countries[i].published)
			continue;
		y = (unsigned)(++rows * ROW_H + 4);
		srv_html_f(h,
			   "<text x=\"%u\" y=\"%u\" font-size=\"12\" "
			   "text-anchor=\"end\">%s</text>",
			   LABEL_W - 6, y + 15, cc);
		for (k = 0; k < nk; k++) {
			size_t n =
			    cell(cov->sectors, cov->sector_count, cc, keys[k]);
			unsigned x = (unsigned)(LABEL_W + k * cw);

			srv_html_f(
			    h,
			    "<rect x=\"%u\" y=\"%u\" width=\"%u\" "
			    "height=\"%u\" fill=\"#1d4ed8\" "
			    "fill-opacity=\"%.1f\" stroke=\"#ccc\">"
			    "<title>%s · %s: %zu</title></rect>",
			    x, y, cw - 2, ROW_H - 2,
			    n ? 0.2 + 0.8 * (double)n / (double)max : 0.0,
			    srv__country(req, cc),
			    mc_isced_label(keys[k]) ? mc_isced_label(keys[k])
						    : keys[k],
			    n);
			if (n)
				srv_html_f(h,
					   "<text x=\"%u\" y=\"%u\" "
					   "font-size=\"11\" "
					   "text-anchor=\"middle\" fill=\"%s\">"
					   "%zu</text>",
					   x + cw / 2 - 1, y + 15,
					   2 * n > max ? "#fff" : "#111", n);
		}
	}
	srv_html_f(h, "</svg></figure>");
	/* The same grid as a table. */
	srv_html_f(h,
		   "<div class=\"scroll\"><table><caption>%s</caption><thead>"
		   "<tr><th scope=\"col\">%s</th>",
		   srv_t(req, "cov.sectors"), srv_t(req, "org.country"));
	for (k = 0; k < nk; k++)
		srv_html_f(
		    h, "<th scope=\"col\"><abbr title=\"%s\">%s</abbr></th>",
		    mc_isced_label(keys[k]) ? mc_isced_label(keys[k]) : keys[k],
		    keys[k]);
	srv_html_f(h, "</tr></thead><tbody>");
	for (i = 0; i < cov->country_count; i++) {
		const char *cc = cov->countries[i].country;

		if (!cov->countries[i].published)
			continue;
		srv_html_f(h, "<tr><th scope=\"row\">%s</th>",
			   srv__country(req, cc));
		for (k = 0; k < nk; k++)
			srv_html_f(
			    h, "<td>%zu</td>",
			    cell(cov->sectors, cov->sector_count, cc, keys[k]));
		srv_html_f(h, "</tr>");
	}
	srv_html_f(h, "</tbody></table></div>");
}

/* EQF levels 1..8 over all countries, a bar each. */
static void eqf_chart(srv_html *h, srv_req *req, const mc_coverage *cov)
{
	size_t level[9] = {0}, i, max = 1;
	unsigned bw = 48, ch = 160, width = 8 * bw + 16, height = ch + 40;

	for (i = 0; i < cov->eqf_count; i++) {
		int l = atoi(cov->eqf[i].key);

		if (l >= 1 && l <= 8)
			level[l] += cov->eqf[i].count;
	}
	for (i = 1; i <= 8; i++)
		if (level[i] > max)
			max = level[i];
	srv_html_f(h,
		   "<figure class=\"chart\"><svg role=\"img\" "
		   "aria-labelledby=\"et ed\" viewBox=\"0 0 %u %u\" "
		   "width=\"%u\" height=\"%u\"><title id=\"et\">%s</title>"
		   "<desc id=\"ed\">%s</desc>",
		   width, height, width, height, srv_t(req, "cov.eqf"),
		   srv_t(req, "cov.eqf_desc"));
	for (i = 1; i <= 8; i++) {
		unsigned bh = (unsigned)(ch * level[i] / max);
		unsigned x = (unsigned)(8 + (i - 1) * bw);

		srv_html_f(h,
			   "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
			   "fill=\"#1d4ed8\"><title>EQF %zu: %zu</title></rect>"
			   "<text x=\"%u\" y=\"%u\" font-size=\"12\" "
			   "text-anchor=\"middle\">%zu</text>"
			   "<text x=\"%u\" y=\"%u\" font-size=\"12\" "
			   "text-anchor=\"middle\">%zu</text>",
			   x + 4, 16 + ch - bh, bw - 8, bh, i, level[i],
			   x + bw / 2, 12 + ch - bh, level[i], x + bw / 2,
			   ch + 34, i);
	}
	srv_html_f(h,
		   "</svg></figure><table><caption>%s</caption><thead><tr>"
		   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		   "</thead><tbody>",
		   srv_t(req, "cov.eqf"), srv_t(req, "mc.eqf_short"),
		   srv_t(req, "cov.published"));
	for (i = 1; i <= 8; i++)
		srv_html_f(h,
			   "<tr><th scope=\"row\"><a href=\"/?eqf=%zu\">%zu</a>"
			   "</th><td>%zu</td></tr>",
			   i, i, level[i]);
	srv_html_f(h, "</tbody></table>");
}

static int coverage_fill(srv_req *req, srv_resp *resp)
{
	mc_coverage *cov = NULL;
	srv_html h = SRV_HTML_INIT;
	size_t i, below = 0;
	int error;

	if ((error = mc_catalogue_coverage(req->store, &cov)) < 0)
		return srv_page_lib_error(req, resp, error);
	for (i = 0; i < cov->country_count; i++)
		below += cov->countries[i].below_target != 0;
	srv_page_open(&h, req, srv_t(req, "cov.title"));
	srv_html_f(&h, "<h1>%s</h1><p class=\"lead\">%s %zu.</p>",
		   srv_t(req, "cov.title"), srv_t(req, "cov.lead"),
		   cov->target);
	if (below)
		srv_html_f(&h, "<p class=\"warn\">⚑ %s: %zu</p>",
			   srv_t(req, "cov.below_count"), below);
	srv_html_f(&h, "<section><h2>%s</h2>", srv_t(req, "cov.countries"));
	country_chart(&h, req, cov);
	srv_html_f(&h, "</section><section><h2>%s</h2>",
		   srv_t(req, "cov.sectors"));
	sector_chart(&h, req, cov);
	srv_html_f(&h, "</section><section><h2>%s</h2>", srv_t(req, "cov.eqf"));
	eqf_chart(&h, req, cov);
	srv_html_f(&h, "</section>");
	srv_page_close(&h, req);
	mc_coverage_free(cov);
	return srv__page_send(req, resp, 200, &h, 1);
}

int srv_page_coverage(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, coverage_fill);
}
