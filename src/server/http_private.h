/*
 * Between http.c (requests) and server.c (the daemon and its threads).
 */
#ifndef MC_SERVER_HTTP_PRIVATE_H
#define MC_SERVER_HTTP_PRIVATE_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>

#include "http.h"
#include "server.h"

struct mc__server {
	mc_server_config cfg;
	FILE *log;		 /**< access log, or NULL */
	pthread_key_t store_key; /**< each worker thread's mc_store */
	pthread_mutex_t lock;
	unsigned in_flight; /**< requests being answered */
};

/** This thread's store, opened on first use; NULL when it cannot be. */
mc_store *mc__server_store(struct mc__server *srv);

/** One call of libmicrohttpd's access handler (see http.c). */
enum MHD_Result mc__http_dispatch(struct mc__server *srv,
				  struct MHD_Connection *conn, const char *url,
				  const char *method, const char *upload,
				  size_t *upload_size, void **state);

/** Release a request's state when libmicrohttpd is done with it. */
void mc__http_done(void *state);

/** Append one JSON line to the access log. */
void mc__http_log(FILE *log, const char *method, const char *path,
		  unsigned status, size_t bytes, double ms);

/** Non-zero if `s` is valid UTF-8 without control characters. */
int mc__http_utf8(const char *s);

#endif
