/*
 * HTML built on the server, escaped by construction: markup comes only
 * from the literal format strings of srv_html_f(); every string argument is
 * escaped, and the only way to insert markup is another srv_html.
 */
#ifndef SRV_HTML_H
#define SRV_HTML_H

#include <stddef.h>

#include "http.h"

typedef struct {
	char *buf;
	size_t len, cap;
	int oom; /**< an append failed; the page becomes a 500 */
} srv_html;

#define SRV_HTML_INIT                                                          \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/**
 * Append to `h`.  `fmt` is trusted markup (always a string literal); its
 * conversions are:
 *   %s   a string, HTML-escaped (& < > " ' become entities); NULL: nothing
 *   %u %d %zu %lld   numbers;  %.1f  a double with one decimal
 *   %U   a URL for href/src: escaped, and anything but a relative URL,
 *        http:, https: or mailto: becomes "#"
 *   %H   markup of another builder (const srv_html *), inserted as is
 *   %%   a percent sign
 */
void srv_html_f(srv_html *h, const char *fmt, ...);

/** Release the buffer. */
void srv_html_free(srv_html *h);

/** Send the page: text/html; charset=utf-8, `status`; takes the buffer
 * (h is empty afterwards).  An oom builder becomes a 500. */
int srv_resp_html(srv_resp *resp, unsigned status, srv_html *h);

/**
 * The frame of every page: doctype, <html lang>, head (title, viewport,
 * /static/style.css), the header (site name, navigation: catalogue,
 * clusters, coverage, verify, workspace or sign in, the language switch)
 * and <main>.  srv_page_close() ends main and adds the footer.
 */
void srv_page_open(srv_html *h, srv_req *req, const char *title);
void srv_page_close(srv_html *h, srv_req *req);

/** A whole HTML error page with `status` and a message for people. */
int srv_page_error(srv_req *req, srv_resp *resp, unsigned status,
		   const char *message);

/**
 * The error page for the library's error `code` on req->store: its HTTP
 * status (mc_error_http_status; 500 for a code without one).  A 4xx
 * shows the store's message, which names the field and the reason.  A
 * 5xx shows a sentence in the reader's language instead ("try again in a
 * moment" for 503, with Retry-After) and writes the store's message to
 * the log only: it is English, and a database's message may name hosts.
 */
int srv_page_lib_error(srv_req *req, srv_resp *resp, int code);

#endif
