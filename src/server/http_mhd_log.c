/*
 * libmicrohttpd's own messages ("Server reached connection limit ..."),
 * on stderr, at most one of each kind every MHD_LOG_WINDOW seconds: a
 * client refused a thousand times a second must not write a thousand
 * lines a second to the operator's log.  The next one shown says how many
 * were left out.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http_private.h"

#define MHD_LOG_WINDOW 10 /* seconds */
#define MHD_LOG_KINDS  16

/* A kind of message is its format string: libmicrohttpd passes the same
 * static (or translated, equally lasting) string from each place. */
static struct {
	const char *fmt;
	time_t shown; /* when one was last shown */
	unsigned long left_out;
} kinds[MHD_LOG_KINDS];
static pthread_mutex_t kinds_lock = PTHREAD_MUTEX_INITIALIZER;

void srv__http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct timespec t;
	unsigned long left_out;
	size_t i, slot = 0, n;
	char text[512];

	(void)cls;
	clock_gettime(CLOCK_MONOTONIC, &t);
	pthread_mutex_lock(&kinds_lock);
	for (i = 0; i < MHD_LOG_KINDS; i++) {
		if (kinds[i].fmt == fmt) {
			slot = i;
			break;
		}
		if (kinds[i].shown < kinds[slot].shown)
			slot = i; /* the oldest, unless this kind is found */
	}
	if (kinds[slot].fmt == fmt &&
	    t.tv_sec - kinds[slot].shown < MHD_LOG_WINDOW) {
		kinds[slot].left_out++;
		pthread_mutex_unlock(&kinds_lock);
		return;
	}
	left_out = kinds[slot].fmt == fmt ? kinds[slot].left_out : 0;
	kinds[slot].fmt = fmt;
	kinds[slot].shown = t.tv_sec;
	kinds[slot].left_out = 0;
	pthread_mutex_unlock(&kinds_lock);

	vsnprintf(text, sizeof(text), fmt, ap);
	n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	if (left_out)
		fprintf(stderr,
			"microcred serve: %s (and %lu more like it since the "
			"last shown)\n",
			text, left_out);
	else
		fprintf(stderr, "microcred serve: %s\n", text);
}
