/*
 * Fetching what verifiers need from other issuers: status list credentials
 * and did:web documents, over HTTPS (HTTP only for loopback hosts, which
 * tests and single-machine deployments use).  Bounded in size and time; no
 * cookies, no other protocols, at most three redirects and only to HTTPS.
 * A public server restricts fetches to public addresses
 * (mc_fetch_public_only()), so a stranger's URL cannot reach its network.
 */
#include "fetch.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/errors.h"
#include "util.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ok;
/* Set once at start (mc_fetch_public_only()), read by every thread. */
static int public_only;

void mc_fetch_public_only(int on)
{
	public_only = on;
}

/* Non-zero if IPv4 address `a` is one a public server must not be made
 * to reach for a stranger: this network, private (RFC 1918), loopback,
 * carrier-grade NAT, link-local, benchmarking, multicast, reserved. */
static int private_v4(const unsigned char *a)
{
	return a[0] == 0 || a[0] == 10 || a[0] == 127 ||
	       (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	       (a[0] == 169 && a[1] == 254) ||
	       (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	       (a[0] == 192 && a[1] == 168) ||
	       (a[0] == 192 && a[1] == 0 && a[2] == 0) ||
	       (a[0] == 198 && (a[1] & 0xfe) == 18) || a[0] >= 224;
}

/* The same for IPv6: unspecified, loopback, unique local, link-local,
 * multicast, and IPv4-mapped addresses as IPv4. */
static int private_v6(const unsigned char *a)
{
	static const unsigned char zero[15],
	    mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (memcmp(a, mapped, 12) == 0)
		return private_v4(a + 12);
	return memcmp(a, zero, 15) == 0 || (a[0] & 0xfe) == 0xfc ||
	       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || a[0] == 0xff;
}

/* Before each connection (redirects too): refuse a private address when
 * only public ones may be reached, before any packet is sent to it. */
static curl_socket_t open_socket(void *payload, curlsocktype purpose,
				 struct curl_sockaddr *addr)
{
	int *refused = payload;

	(void)purpose;
	if (public_only &&
	    ((addr->family == AF_INET &&
	      private_v4(
		  (const unsigned char *)&((struct sockaddr_in *)&addr->addr)
		      ->sin_addr)) ||
	     (addr->family == AF_INET6 &&
	      private_v6(
		  (const unsigned char *)&((struct sockaddr_in6 *)&addr->addr)
		      ->sin6_addr)) ||
	     (addr->family != AF_INET && addr->family != AF_INET6))) {
		*refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

static void curl_init_once(void)
{
	curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

/*
 * Parse `url` with libcurl's URL parser and check what was parsed: the
 * scheme is https, or http on a loopback host (127.0.0.1, [::1],
 * localhost) or, with `any_http`, on any host; no user or password
 * (`http://localhost:1@evil.example/` is evil.example's, and a fetch never
 * sends credentials).  Returns the parsed handle (which the fetch then
 * uses, so what was checked is what is fetched) or NULL with the reason
 * in `err`.
 */
static CURLU *checked_url(const char *url, int any_http, char *err,
			  size_t errlen)
{
	static const char *const loopback[] = {"127.0.0.1", "[::1]",
					       "localhost"};
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
	int ok = 0, http_ok = any_http;
	size_t i;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		mc__set_err(err, errlen, "%.200s: not a URL", url);
		goto done;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK) {
		mc__set_err(err, errlen,
			    "%.200s: a URL with a user name or password is not "
			    "fetched",
			    url);
		goto done;
	}
	for (i = 0; i < MC__ARRAY_SIZE(loopback); i++)
		http_ok |= strcasecmp(host, loopback[i]) == 0;
	if (strcmp(scheme, "https") == 0 ||
	    (strcmp(scheme, "http") == 0 && http_ok))
		ok = 1;
	else
		mc__set_err(err, errlen,
			    "%.200s: only https:// (or http:// on this "
			    "machine) is fetched",
			    url);
done:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pass);
	if (!ok) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

static size_t on_data(char *ptr, size_t size, size_t n, void *payload)
{
	mc_buf *b = payload;

	if (mc__buf_add(b, ptr, size * n) < 0)
		return 0; /* too large: abort the transfer */
	return size * n;
}

/* GET `url`; with `any_http`, plain http:// is fetched from any host
 * (for documents signed in themselves). */
static int fetch(char **out, size_t *len, const char *url, size_t max,
		 int any_http, char *err, size_t errlen)
{
	mc_buf b = MC_BUF_INIT(max);
	CURL *c = NULL;
	CURLU *u;
	CURLcode rc;
	long status = 0;
	int error = 0, refused = 0;

	*out = NULL;
	*len = 0;
	pthread_once(&curl_once, curl_init_once);
	if (!curl_ok) {
		mc__set_err(err, errlen, "cannot start an HTTP client");
		return MC_EIO;
	}
	if (!(u = checked_url(url, any_http, err, errlen)))
		return MC_EINVALID;
	if (!(c = curl_easy_init())) {
		curl_url_cleanup(u);
		mc__set_err(err, errlen, "cannot start an HTTP client");
		return MC_EIO;
	}
	curl_easy_setopt(c, CURLOPT_CURLU, u);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "microcred-verifier");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &refused);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (refused) {
		mc__set_err(err, errlen,
			    "%s: a private or loopback address, which this "
			    "server does not fetch from",
			    url);
		error = MC_EINVALID;
	} else if (rc == CURLE_WRITE_ERROR) {
		mc__set_err(err, errlen, "%s: larger than %zu bytes", url, max);
		error = MC_ETOOBIG;
	} else if (rc != CURLE_OK) {
		mc__set_err(err, errlen, "%s: %s", url, curl_easy_strerror(rc));
		error = MC_EIO;
	} else if (status != 200) {
		mc__set_err(err, errlen, "%s: HTTP status %ld", url, status);
		error = status == 404 ? MC_ENOTFOUND : MC_EIO;
	} else {
		*len = b.len;
		if (!(*out = mc__buf_detach(&b)))
			error = MC_ENOMEM;
	}
	curl_easy_cleanup(c);
	curl_url_cleanup(u);
	mc__buf_free(&b);
	return error;
}

int mc__fetch(char **out, size_t *len, const char *url, size_t max, char *err,
	      size_t errlen)
{
	return fetch(out, len, url, max, 0, err, errlen);
}

int mc__fetch_signed(char **out, size_t *len, const char *url, size_t max,
		     char *err, size_t errlen)
{
	return fetch(out, len, url, max, 1, err, errlen);
}

int mc__did_web_url(char **out, const char *did)
{
	mc_buf b = MC_BUF_INIT(2048);
	const char *p = did + 8, *hash = strchr(did, '#');
	const char *end = hash ? hash : did + strlen(did);
	int parts = 0, error = 0;

	*out = NULL;
	if (strncmp(did, "did:web:", 8) != 0 || p >= end)
		return MC_EINVALID;
	error = mc__buf_puts(&b, "https://");
	for (; !error && p < end; p++) {
		if (*p == ':') {
			error = mc__buf_puts(&b, "/");
			parts++;
		} else if (!strncmp(p, "%3A", 3) || !strncmp(p, "%3a", 3)) {
			error = mc__buf_puts(&b, ":");
			p += 2;
		} else if ((unsigned char)*p <= 0x20 || *p == '/' ||
			   *p == '?' || *p == '%' || *p == '\\') {
			error = MC_EINVALID;
		} else {
			error = mc__buf_add(&b, p, 1);
		}
	}
	if (!error)
		error = mc__buf_puts(&b, parts ? "/did.json"
					       : "/.well-known/did.json");
	if (error) {
		mc__buf_free(&b);
		return error == MC_ENOMEM ? error : MC_EINVALID;
	}
	*out = mc__buf_detach(&b);
	return *out ? 0 : MC_ENOMEM;
}
