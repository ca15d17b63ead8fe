/*
 * A credential named by URL (extract.h): this platform's looked up in the
 * store, another's fetched (fetch.c's limits) and read as any upload is.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "microcred/extract.h"

#include "util/fetch.h"
#include "util/util.h"

#define URL_MAX 2048

/* Non-zero when `s` starts with a UUID (8-4-4-4-12 hex digits). */
static int uuid_at(const char *s)
{
	int i;

	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = s[i];

		if (dash ? c != '-'
			 : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

/* The UUID of `url` when it names one of this platform's credentials
 * (BASE/credentials/UUID[/...][?...][#...], or a bare UUID) into `uuid`;
 * 1 if it is under the base URL but names no credential; 0 when it is
 * another's. */
static int ours(const mc_store *store, const char *url, char uuid[37])
{
	const char *base = store ? mc_store_base_url(store) : NULL, *p;
	size_t blen;

	uuid[0] = '\0';
	if (strlen(url) == 36 && uuid_at(url)) {
		memcpy(uuid, url, 37);
		return 2;
	}
	if (!base || !*base)
		return 0;
	blen = strlen(base);
	while (blen && base[blen - 1] == '/')
		blen--;
	if (strncmp(url, base, blen) != 0 ||
	    (url[blen] != '/' && url[blen] != '\0' && url[blen] != '?' &&
	     url[blen] != '#'))
		return 0;
	p = url + blen;
	if (strncmp(p, "/credentials/", 13) != 0 || !uuid_at(p + 13) ||
	    (p[49] != '\0' && p[49] != '/' && p[49] != '?' && p[49] != '#'))
		return 1;
	memcpy(uuid, p + 13, 36);
	uuid[36] = '\0';
	return 2;
}

/* Non-zero when `s` starts (after blanks) as JSON or a JWS would. */
static int json_or_jws(const char *s)
{
	s += strspn(s, " \t\r\n");
	return *s == '{' || strncmp(s, "ey", 2) == 0;
}

int mc_credential_from_url(mc_store *store, const char *url, int network,
			   char **out, size_t *outlen, char *err, size_t errlen)
{
	mc_credential *c = NULL;
	mc_carrier carrier;
	char uuid[37], *body = NULL;
	size_t i, len = 0;
	int error;

	if (!url || !out || !outlen)
		return MC_EUSAGE;
	*out = NULL;
	*outlen = 0;
	for (i = 0; url[i]; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f) {
			mc__set_err(err, errlen,
				    "URL: a blank or control character at "
				    "position %zu",
				    i + 1);
			return MC_EINVALID;
		}
	if (i == 0 || i > URL_MAX) {
		mc__set_err(err, errlen, "URL: %s",
			    i ? "longer than 2048 characters" : "empty");
		return MC_EINVALID;
	}
	switch (ours(store, url, uuid)) {
	case 2:
		if (!store) {
			mc__set_err(err, errlen,
				    "%s: a credential id, but no catalogue to "
				    "look it up in",
				    url);
			return MC_ENOTFOUND;
		}
		if ((error = mc_credential_get(store, &c, uuid)) != 0) {
			if (error == MC_ENOTFOUND)
				mc__set_err(err, errlen,
					    "%s: no such credential on this "
					    "platform",
					    url);
			else
				mc__set_err(err, errlen, "%s: %s", url,
					    mc_store_errmsg(store));
			return error;
		}
		error = MC_ENOMEM;
		if ((*out = malloc(c->len + 1)) != NULL) {
			memcpy(*out, c->data, c->len);
			(*out)[c->len] = '\0';
			*outlen = c->len;
			error = 0;
		}
		mc_credential_free(c);
		return error;
	case 1:
		mc__set_err(err, errlen,
			    "%s: on this platform, but not a credential's "
			    "address (BASE/credentials/UUID)",
			    url);
		return MC_ENOTFOUND;
	default:
		break;
	}
	if (!network) {
		mc__set_err(err, errlen,
			    "%s: another platform's address, and fetching is "
			    "not allowed (offline)",
			    url);
		return MC_EFORBIDDEN;
	}
	if ((error = mc__fetch(&body, &len, url, MC_CREDENTIAL_MAX, err,
			       errlen)) != 0)
		return error;
	error = mc_credential_extract(body, len, out, outlen, &carrier, err,
				      errlen);
	free(body);
	if (!error && carrier == MC_CARRIER_RAW && !json_or_jws(*out)) {
		mc__set_err(err, errlen,
			    "%s: %s, not a credential (give the address of "
			    "the credential's file, its PDF or its baked "
			    "image)",
			    url,
			    (*out)[strspn(*out, " \t\r\n")] == '<'
				? "a web page"
				: "no credential");
		free(*out);
		*out = NULL;
		*outlen = 0;
		return MC_EINVALID;
	}
	return error;
}
