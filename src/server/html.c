/*
 * The HTML builder and the frame of every page (see html.h).
 *
 * Markup only ever comes from the literal format strings; every string
 * argument is escaped on the way in, so a page cannot carry markup that
 * came from a record, a query or a header.  A builder that failed to grow
 * is marked oom and keeps ignoring appends; srv_resp_html() turns it into
 * a 500.
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "i18n.h"
#include "pages_util.h"

/* Largest page built, in bytes: past it the builder counts as oom. */
#define HTML_MAX (8u * 1024 * 1024)

/* Make room for `n` more bytes (and a NUL).  0, or -1 with h->oom set. */
static int grow(srv_html *h, size_t n)
{
	size_t cap;
	char *b;

	if (h->oom)
		return -1;
	if (h->len + n + 1 <= h->cap)
		return 0;
	if (h->len + n + 1 > HTML_MAX) {
		h->oom = 1;
		return -1;
	}
	cap = h->cap ? h->cap : 4096;
	while (cap < h->len + n + 1)
		cap *= 2;
	if (!(b = realloc(h->buf, cap))) {
		h->oom = 1;
		return -1;
	}
	h->buf = b;
	h->cap = cap;
	return 0;
}

static void put(srv_html *h, const char *s, size_t n)
{
	if (grow(h, n) < 0)
		return;
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

/* Append `s` with & < > " ' as entities. */
static void put_escaped(srv_html *h, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *ent;

		switch (*s) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		case '\'':
			ent = "&#39;";
			break;
		default:
			continue;
		}
		put(h, run, (size_t)(s - run));
		put(h, ent, strlen(ent));
		run = s + 1;
	}
	put(h, run, (size_t)(s - run));
}

/*
 * Non-zero if `u` may go into href/src: a relative URL (path, query or
 * fragment; not "//host"), or http:, https: or mailto:.  A relative URL
 * must not look like a scheme ("javascript:..."): a ':' before any '/',
 * '?' or '#' makes it absolute.
 */
static int url_ok(const char *u)
{
	size_t n = strcspn(u, ":/?#");

	if (u[0] == '/' && u[1] == '/')
		return 0;
	if (u[n] != ':')
		return 1;
	return (n == 4 && strncasecmp(u, "http", 4) == 0) ||
	       (n == 5 && strncasecmp(u, "https", 5) == 0) ||
	       (n == 6 && strncasecmp(u, "mailto", 6) == 0);
}

void srv_html_f(srv_html *h, const char *fmt, ...)
{
	const char *run = fmt, *p;
	char num[64];
	va_list ap;

	va_start(ap, fmt);
	for (p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		put(h, run, (size_t)(p - run));
		p++;
		num[0] = '\0';
		if (*p == 's') {
			const char *s = va_arg(ap, const char *);

			if (s)
				put_escaped(h, s);
		} else if (*p == 'U') {
			const char *s = va_arg(ap, const char *);

			put_escaped(h, s && url_ok(s) ? s : "#");
		} else if (*p == 'H') {
			const srv_html *in = va_arg(ap, const srv_html *);

			if (in && in->oom)
				h->oom = 1;
			else if (in && in->len)
				put(h, in->buf, in->len);
		} else if (*p == 'u') {
			snprintf(num, sizeof(num), "%u", va_arg(ap, unsigned));
		} else if (*p == 'd') {
			snprintf(num, sizeof(num), "%d", va_arg(ap, int));
		} else if (p[0] == 'z' && p[1] == 'u') {
			snprintf(num, sizeof(num), "%zu", va_arg(ap, size_t));
			p++;
		} else if (!strncmp(p, "lld", 3)) {
			snprintf(num, sizeof(num), "%lld",
				 va_arg(ap, long long));
			p += 2;
		} else if (!strncmp(p, ".1f", 3)) {
			snprintf(num, sizeof(num), "%.1f", va_arg(ap, double));
			p += 2;
		} else if (*p == '%') {
			put(h, "%", 1);
		} else {
			/* A format this builder does not know is a bug in
			 * the caller; fail the page rather than guess. */
			h->oom = 1;
			break;
		}
		put(h, num, strlen(num));
		run = p + 1;
	}
	if (!*p)
		put(h, run, (size_t)(p - run));
	va_end(ap);
}

void srv_html_free(srv_html *h)
{
	free(h->buf);
	h->buf = NULL;
	h->len = h->cap = 0;
	h->oom = 0;
}

int srv_resp_html(srv_resp *resp, unsigned status, srv_html *h)
{
	static const char oom[] = "<!doctype html><title>500</title>"
				  "<p>The page could not be built.</p>";

	free(resp->body);
	resp->body = NULL;
	resp->body_len = 0;
	resp->content_type = "text/html; charset=utf-8";
	if (h->oom || !h->buf) {
		srv_html_free(h);
		resp->status = 500;
		if ((resp->body = strdup(oom)))
			resp->body_len = sizeof(oom) - 1;
		return MC_ENOMEM;
	}
	resp->body = h->buf;
	resp->body_len = h->len;
	resp->status = status;
	h->buf = NULL;
	h->len = h->cap = 0;
	return 0;
}

/* One navigation link, marked as the current page when it is. */
static void nav_link(srv_html *h, srv_req *req, const char *href,
		     const char *label)
{
	int here = strcmp(href, "/") == 0
		       ? strcmp(req->path, "/") == 0
		       : strncmp(req->path, href, strlen(href)) == 0;

	if (here)
		srv_html_f(h, "<li><a href=\"%U\" aria-current=\"page\">%s</a>",
			   href, label);
	else
		srv_html_f(h, "<li><a href=\"%U\">%s</a>", href, label);
}

void srv_page_open(srv_html *h, srv_req *req, const char *title)
{
	const char *lang = srv_req_lang(req);
	const char *const *langs;
	size_t n, i;
	char *here;

	srv_html_f(h,
		   "<!doctype html>\n<html lang=\"%s\"><head>"
		   "<meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width,"
		   "initial-scale=1\">"
		   "<title>%s · %s</title>"
		   "<link rel=\"stylesheet\" href=\"/static/style.css\">"
		   "</head>\n<body><a class=\"skip\" href=\"#main\">%s</a>"
		   "<header><a class=\"brand\" href=\"/\">%s</a>"
		   "<nav aria-label=\"%s\"><ul>",
		   lang, title, srv_t(req, "site.name"),
		   srv_t(req, "a11y.skip"), srv_t(req, "site.name"),
		   srv_t(req, "nav.main"));
	nav_link(h, req, "/", srv_t(req, "nav.catalogue"));
	nav_link(h, req, "/clusters", srv_t(req, "nav.clusters"));
	nav_link(h, req, "/coverage", srv_t(req, "nav.coverage"));
	nav_link(h, req, "/verify", srv_t(req, "nav.verify"));
	if (srv_auth_who(req))
		nav_link(h, req, "/workspace", srv_t(req, "nav.workspace"));
	else
		nav_link(h, req, "/login", srv_t(req, "nav.signin"));
	srv_html_f(h, "</ul></nav><nav class=\"langs\" aria-label=\"%s\"><ul>",
		   srv_t(req, "nav.language"));
	langs = srv_i18n_languages(&n);
	here = srv__url_path(req, req->path);
	for (i = 0; i < n; i++) {
		if (strcmp(langs[i], lang) == 0)
			srv_html_f(h,
				   "<li><a lang=\"%s\" aria-current=\"true\" "
				   "href=\"%U?lang=%s\">%s</a>",
				   langs[i], here, langs[i],
				   srv_i18n_native_name(langs[i]));
		else
			srv_html_f(h,
				   "<li><a lang=\"%s\" hreflang=\"%s\" "
				   "href=\"%U?lang=%s\">%s</a>",
				   langs[i], langs[i], here, langs[i],
				   srv_i18n_native_name(langs[i]));
	}
	srv_html_f(h, "</ul></nav></header>\n<main id=\"main\">");
}

void srv_page_close(srv_html *h, srv_req *req)
{
	srv_html_f(h,
		   "</main>\n<footer><p>%s · <a href=\"/api/v1/openapi.json\">"
		   "API</a></p></footer></body></html>\n",
		   srv_t(req, "site.footer"));
}

int srv_page_error(srv_req *req, srv_resp *resp, unsigned status,
		   const char *message)
{
	srv_html h = SRV_HTML_INIT;
	char key[32];

	const char *title;

	snprintf(key, sizeof(key), "error.%u", status);
	if (strcmp((title = srv_t(req, key)), key) == 0)
		title =
		    srv_t(req, status < 500 ? "error.client" : "error.server");
	srv_page_open(&h, req, title);
	srv_html_f(&h,
		   "<h1>%s</h1><p class=\"error\">%s</p>"
		   "<p><a href=\"/\">%s</a></p>",
		   title, message, srv_t(req, "error.home"));
	srv_page_close(&h, req);
	resp->private_ = 1;
	return srv_resp_html(resp, status, &h);
}

int srv_page_lib_error(srv_req *req, srv_resp *resp, int code)
{
	const char *msg = mc_store_errmsg(req->store);
	unsigned status = (unsigned)mc_error_http_status(code);

	if (!msg || !*msg)
		msg = mc_error_str(code);
	if (status < 400)
		status = 500;
	if (status < 500)
		return srv_page_error(req, resp, status, msg);
	fprintf(stderr, "microcred serve: %s %s: %s\n", req->method, req->path,
		msg);
	return srv_page_error(
	    req, resp, status,
	    srv_t(req, status == 503 ? "error.retry" : "error.logged"));
}
