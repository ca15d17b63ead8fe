/*
 * Fetching what verifiers need from other issuers: status list credentials
 * and did:web documents, over HTTPS (HTTP only for loopback hosts, which
 * tests and single-machine deployments use).  Bounded in size and time; no
 * cookies, no other protocols, at most three redirects and only to HTTPS.
 */
#include "fetch.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "util.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ok;

static void curl_init_once(void)
{
	curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

/* Non-zero for http:// URLs whose host is loopback. */
static int loopback_http(const char *url)
{
	static const char *const hosts[] = {"http://127.0.0.1", "http://[::1]",
					    "http://localhost"};
	size_t i;

	for (i = 0; i < MC__ARRAY_SIZE(hosts); i++) {
		size_t n = strlen(hosts[i]);

		if (strncmp(url, hosts[i], n) == 0 &&
		    (url[n] == ':' || url[n] == '/' || url[n] == '\0'))
			return 1;
	}
	return 0;
}

static size_t on_data(char *ptr, size_t size, size_t n, void *payload)
{
	mc_buf *b = payload;

	if (mc__buf_add(b, ptr, size * n) < 0)
		return 0; /* too large: abort the transfer */
	return size * n;
}

int mc__fetch(char **out, size_t *len, const char *url, size_t max, char *err,
	      size_t errlen)
{
	mc_buf b = MC_BUF_INIT(max);
	CURL *c = NULL;
	CURLcode rc;
	long status = 0;
	int error = 0;

	*out = NULL;
	*len = 0;
	if (strncmp(url, "https://", 8) != 0 && !loopback_http(url)) {
		mc__set_err(err, errlen,
			    "%s: only https:// (or http:// on this machine) "
			    "is fetched",
			    url);
		return MC_EINVALID;
	}
	pthread_once(&curl_once, curl_init_once);
	if (!curl_ok || !(c = curl_easy_init())) {
		mc__set_err(err, errlen, "cannot start an HTTP client");
		return MC_EIO;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
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
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_WRITE_ERROR) {
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
	mc__buf_free(&b);
	return error;
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
