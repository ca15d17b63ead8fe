/*
 * Helpers of the public pages (see pages_util.h).
 */
#include "pages_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "i18n.h"

static char *encode(srv_req *req, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, j = 0;
	char *out = srv_arena_alloc(req->arena, n * 3 + 1);

	if (!out)
		return "";
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || (c && strchr(keep, c))) {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}

char *srv__url_path(srv_req *req, const char *path)
{
	return encode(req, path, "/._~-");
}

char *srv__url_q(srv_req *req, const char *s)
{
	return encode(req, s, "._~-");
}

/* FNV-1a over 8-byte words (then the tail byte by byte): a weak
 * validator needs no more, and a page is hashed on every request. */
char *srv__etag(const char *data, size_t len)
{
	unsigned long long h = 14695981039346656037ULL, w;
	char *etag;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, data + i, 8);
		h ^= w;
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	for (; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 1099511628211ULL;
	}
	if ((etag = malloc(24)))
		snprintf(etag, 24, "W/\"%016llx\"", h);
	return etag;
}

/* Set "lang=xx" for a year when the query chose a UI language, so the
 * choice sticks on the pages that follow. */
static void lang_cookie(srv_req *req, srv_resp *resp)
{
	const char *q = srv_req_query(req, "lang"), *lang;
	char cookie[96];
	int slot = resp->set_cookie[0] ? 1 : 0;

	if (!q || resp->set_cookie[slot])
		return;
	lang = srv_req_lang(req);
	if (strncmp(q, lang, strlen(lang)) != 0)
		return; /* not one of ours: the choice fell back */
	snprintf(cookie, sizeof(cookie),
		 "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", lang);
	resp->set_cookie[slot] = srv_arena_strdup(req->arena, cookie);
}

int srv__page_send(srv_req *req, srv_resp *resp, unsigned status, srv_html *h,
		   int cacheable)
{
	int error;

	lang_cookie(req, resp);
	if (srv_auth_who(req))
		resp->private_ = 1;
	if ((error = srv_resp_html(resp, status, h)) < 0)
		return error;
	if (cacheable && status == 200) {
		free(resp->etag);
		resp->etag = srv__etag(resp->body, resp->body_len);
	}
	return 0;
}

const char *srv__num(char out[32], double n)
{
	snprintf(out, 32, "%.1f", n);
	if (strlen(out) > 2 && !strcmp(out + strlen(out) - 2, ".0"))
		out[strlen(out) - 2] = '\0';
	return out;
}

/* UI string `prefix` + `code`, or NULL when the catalogues lack it. */
static const char *named(srv_req *req, const char *prefix, const char *code)
{
	char key[64];
	const char *s;

	if (!code || strlen(code) > 40)
		return NULL;
	snprintf(key, sizeof(key), "%s%s", prefix, code);
	s = srv_t(req, key);
	return strcmp(s, key) ? s : NULL;
}

const char *srv__country(srv_req *req, const char *code)
{
	const char *name = named(req, "country.", code);

	if (!name)
		name = code ? mc_country_name(code) : NULL;
	return name ? name : code;
}

const char *srv__language(srv_req *req, const char *code)
{
	const char *name = named(req, "lang.", code);

	return name ? name : code;
}
