/*
 * Helpers shared by the public pages (pages_*.c) and the page frame
 * (html.c): URL encoding into the request's arena, sending a finished
 * page with its ETag and language cookie, and small formatters.
 */
#ifndef SRV_PAGES_UTIL_H
#define SRV_PAGES_UTIL_H

#include <stddef.h>

#include "html.h"
#include "http.h"

/** `path` with every byte outside [A-Za-z0-9/._~-] percent-encoded, in
 * the arena ("" when out of memory). */
char *srv__url_path(srv_req *req, const char *path);

/** `s` encoded for a query component (as srv__url_path(), '/' encoded
 * too), in the arena ("" when out of memory). */
char *srv__url_q(srv_req *req, const char *s);

/**
 * Send page `h` with `status`: the "lang" cookie when ?lang= chose a UI
 * language, Cache-Control private for signed-in readers, and, when
 * `cacheable`, a weak ETag of the body (the glue answers If-None-Match
 * with 304).  Returns as srv_resp_html().
 */
int srv__page_send(srv_req *req, srv_resp *resp, unsigned status, srv_html *h,
		   int cacheable);

/** A weak ETag W/"<16 hex digits of a 64-bit hash>" of `len` bytes,
 * malloc'd (NULL: oom). */
char *srv__etag(const char *data, size_t len);

/** `n` with up to one decimal and no trailing ".0", into `out`. */
const char *srv__num(char out[32], double n);

/**
 * A country's name in the reader's language (UI key "country.UA"), else
 * its English name ("Ukraine"), else the code itself.
 */
const char *srv__country(srv_req *req, const char *code);

/**
 * A language's name in the reader's language (UI key "lang.sr-Latn"),
 * else the code itself ("cnr").
 */
const char *srv__language(srv_req *req, const char *code);

#endif
