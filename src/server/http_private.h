/*
 * Between http.c (requests) and server.c (the daemon and its threads).
 */
#ifndef SRV_HTTP_PRIVATE_H
#define SRV_HTTP_PRIVATE_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "http.h"
#include "server.h"

struct srv__guard;

struct srv__server {
	srv_server_config cfg;
	FILE *log;		 /**< access log, or NULL */
	pthread_key_t store_key; /**< each worker thread's mc_store */
	pthread_mutex_t lock;
	unsigned in_flight;	  /**< requests being answered */
	struct srv__guard *guard; /**< the header deadline (http_guard.c) */
};

/** This thread's store, opened on first use; NULL when it cannot be. */
mc_store *srv__server_store(struct srv__server *srv);

/** One call of libmicrohttpd's access handler (see http.c). */
enum MHD_Result srv__http_dispatch(struct srv__server *srv,
				   struct MHD_Connection *conn, const char *url,
				   const char *method, const char *upload,
				   size_t *upload_size, void **state);

/** Release a request's state when libmicrohttpd is done with it. */
void srv__http_done(void *state);

/** Append one JSON line to the access log: time, client (the address
 * of client_addr.h), method, path, status, bytes, ms. */
void srv__http_log(FILE *log, const char *method, const char *path,
		   unsigned status, size_t bytes, double ms,
		   const char *client);

/**
 * The first look at a request, on the access handler's first call: its
 * headers only, before any of its body is read (http_early.c).  Refuses
 * conflicting or unknown framing (Content-Length with Transfer-Encoding,
 * or twice: 400; a transfer coding other than chunked: 501), an
 * expectation other than 100-continue (417), and a Content-Length over
 * body_max (413).  A request that announces a body or expects
 * 100-continue is also routed now (400 for a bad path, 404, 405), and one
 * that expects 100-continue is refused now when it would be anyway, as
 * its route declares (routes.h): a write without any credentials (no API
 * token, no session cookie) to a route that needs a principal (401, or
 * to a browser the sign-in page, as srv_auth_signed_in() answers), or a
 * body of a type the route does not take (415).  Returns 1 with
 * `resp` filled when the request is refused (the caller answers at once,
 * so no "100 Continue" is sent, and the connection is closed after the
 * answer), or 0 with `resp` untouched to read the body and dispatch as
 * usual.  `req` needs method, path and conn; the store is not used.
 */
int srv__http_early(struct srv__server *srv, srv_req *req, srv_resp *resp);

/**
 * The header deadline (http_guard.c): start the sweeper that closes a
 * connection which has not completed its request headers within
 * `header_timeout` seconds of connecting or of the end of its previous
 * request.  Returns 0, or MC_ENOMEM (no thread).  Pass srv__guard_notify
 * with the guard as MHD_OPTION_NOTIFY_CONNECTION, and call
 * srv__guard_stop() after MHD_stop_daemon().
 */
int srv__guard_start(struct srv__guard **out, unsigned header_timeout);

/** Stop the sweeper and free the guard (NULL-safe).  Only after the
 * daemon has stopped: every connection's close has been notified. */
void srv__guard_stop(struct srv__guard *g);

/** libmicrohttpd's connection notification (cls: the guard): records a
 * connection on start and forgets it on close, before its socket is
 * closed. */
void srv__guard_notify(void *cls, struct MHD_Connection *conn,
		       void **socket_context,
		       enum MHD_ConnectionNotificationCode code);

/** One connection's record in the guard (opaque). */
struct srv__guard_conn;

/**
 * The request headers of `conn` are complete (the access handler's first
 * call): its deadline stops.  Returns the connection's record for
 * srv__guard_request_done(), or NULL when it is not tracked.  The record
 * lives until the connection is closed, so past the request's end.
 */
struct srv__guard_conn *srv__guard_headers_done(struct MHD_Connection *conn);

/** The request on the connection of `c` has ended (its completion
 * callback): the deadline for the next request's headers starts now.
 * NULL-safe. */
void srv__guard_request_done(struct srv__guard_conn *c);

/** libmicrohttpd's messages (MHD_OPTION_EXTERNAL_LOGGER, cls unused):
 * on stderr, each kind at most once every 10 s, with how many of it were
 * left out (http_mhd_log.c). */
void srv__http_mhd_log(void *cls, const char *fmt, va_list ap);

/** Non-zero for a path we route: valid UTF-8, absolute, at most 2048
 * bytes, no "." or ".." segment, no backslash. */
int srv__http_path_ok(const char *path);

/** Non-zero if `s` is valid UTF-8 without control characters. */
int srv__http_utf8(const char *s);

#endif
