/*
 * GET /static/:name: the files built in from web/ (style sheet, images).
 * The route's ":name" is one path segment without "/" or "..", so only
 * the top level of web/ is reachable, never the message catalogues in
 * web/i18n/.  Each answer carries a strong ETag of its bytes; the glue
 * answers If-None-Match with 304.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "cache.h"
#include "html.h"
#include "pages_util.h"

static const struct {
	const char *ext, *type;
} types[] = {
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".json", "application/json"},
};

static int static_fill(srv_req *req, srv_resp *resp)
{
	const char *name = req->param[0];
	const struct srv_asset *a = srv_asset_find(name);
	size_t n = strlen(name), i, e;
	char *body;

	for (i = 0; a && i < sizeof(types) / sizeof(types[0]); i++) {
		e = strlen(types[i].ext);
		if (n > e && !strcmp(name + n - e, types[i].ext))
			break;
	}
	if (!a || i == sizeof(types) / sizeof(types[0]))
		return srv_page_error(req, resp, 404, "no such file");
	if (!(body = malloc(a->len + 1)))
		return srv_page_error(req, resp, 500, "out of memory");
	memcpy(body, a->data, a->len + 1);
	free(resp->body);
	resp->body = body;
	resp->body_len = a->len;
	resp->status = 200;
	resp->content_type = types[i].type;
	/* A day, then revalidate with the ETag: the style sheet changes only
	 * with a new build, and phones on slow links keep it. */
	resp->cache_control = "public, max-age=86400";
	free(resp->etag);
	if ((resp->etag = srv__etag(a->data, a->len)))
		memmove(resp->etag, resp->etag + 2, strlen(resp->etag + 2) + 1);
	return 0;
}

int srv_page_static(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, static_fill);
}
