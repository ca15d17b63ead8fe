/*
 * The header deadline: a connection must complete its request headers
 * within `header_timeout` seconds of connecting, or of the end of its
 * previous request on keep-alive, or it is closed.  libmicrohttpd's own
 * connection timeout counts idleness only, so a client that trickles one
 * byte every few seconds would otherwise hold its connection for ever;
 * a thousand of them hold the server.
 *
 * How: libmicrohttpd tells us of each connection when it starts and when
 * it is gone (MHD_OPTION_NOTIFY_CONNECTION, srv__guard_notify); we keep a
 * record of each in a list under one mutex, with the time since which it
 * has been waiting for request headers.  The access handler's first call
 * (headers complete) stops the clock, the end of the request starts it
 * again.  A sweeper thread looks at the list four times a second and
 * shutdown()s the socket of every connection past its deadline, unless
 * bytes wait on it that the server has not read (then the server is the
 * slow one, its worker thread busy with another request); the
 * worker thread that owns the connection then sees the end of its input
 * and closes it the ordinary way (its request-completed and closed
 * notifications run, its memory is freed by libmicrohttpd).
 *
 * Why this is safe: libmicrohttpd closes a connection's socket only after
 * the MHD_CONNECTION_NOTIFY_CLOSED notification has returned
 * (MHD_cleanup_connections in 0.9.75), and that notification takes the
 * record out of the list under the mutex before freeing it.  So while the
 * sweeper holds the mutex, every record in the list is alive and its
 * socket is still that connection's: shutdown() never reaches a closed or
 * reused descriptor, and no record is used after it is freed.  shutdown()
 * does not close the descriptor, so libmicrohttpd's own close stays the
 * only one.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

#include "http_private.h"

/* One connection's record (its libmicrohttpd socket context).  All fields
 * but `guard` and `fd` are read and written under guard->lock. */
struct srv__guard_conn {
	struct srv__guard_conn *prev, *next;
	struct srv__guard *guard;
	int fd;
	int waiting; /* awaiting request headers since `since` */
	int shut;    /* shutdown() done */
	struct timespec since;
};

struct srv__guard {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t sweeper;
	int stopping;
	unsigned timeout; /* seconds */
	struct srv__guard_conn *head;
};

/* Sweep period: the deadline is kept to within a quarter of a second. */
#define SWEEP_NS 250000000L

static void now(struct timespec *t)
{
	clock_gettime(CLOCK_MONOTONIC, t);
}

static void *sweep(void *arg)
{
	struct srv__guard *g = arg;
	struct srv__guard_conn *c;
	struct timespec t, until;
	int unread;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SWEEP_NS;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
		if (g->stopping)
			break;
		now(&t);
		for (c = g->head; c; c = c->next) {
			if (!c->waiting || c->shut)
				continue;
			if (t.tv_sec - c->since.tv_sec < (time_t)g->timeout ||
			    (t.tv_sec - c->since.tv_sec == (time_t)g->timeout &&
			     t.tv_nsec < c->since.tv_nsec))
				continue;
			/* Bytes the worker has not read yet: the server is
			 * late (its thread busy with another request), not
			 * the client.  libmicrohttpd reads a connection dry
			 * whenever it can, so a trickler's never wait here. */
			if (ioctl(c->fd, FIONREAD, &unread) == 0 && unread > 0)
				continue;
			/* The socket is open (see the comment at the top);
			 * its owner closes it on the end of input. */
			shutdown(c->fd, SHUT_RDWR);
			c->shut = 1;
		}
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

int srv__guard_start(struct srv__guard **out, unsigned header_timeout)
{
	struct srv__guard *g = calloc(1, sizeof(*g));

	*out = NULL;
	if (!g)
		return MC_ENOMEM;
	g->timeout = header_timeout;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (pthread_create(&g->sweeper, NULL, sweep, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return MC_ENOMEM;
	}
	*out = g;
	return 0;
}

void srv__guard_stop(struct srv__guard *g)
{
	struct srv__guard_conn *c, *next;

	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->sweeper, NULL);
	/* libmicrohttpd has stopped: it notified every close already, so
	 * the list is empty; free what a failed start may have left. */
	for (c = g->head; c; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void srv__guard_notify(void *cls, struct MHD_Connection *conn,
		       void **socket_context,
		       enum MHD_ConnectionNotificationCode code)
{
	struct srv__guard *g = cls;
	struct srv__guard_conn *c = *socket_context;
	const union MHD_ConnectionInfo *ci;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
					     MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci || !(c = calloc(1, sizeof(*c))))
			return; /* untracked: only the idle timeout applies */
		c->guard = g;
		c->fd = ci->connect_fd;
		c->waiting = 1;
		now(&c->since);
		pthread_mutex_lock(&g->lock);
		c->next = g->head;
		if (g->head)
			g->head->prev = c;
		g->head = c;
		pthread_mutex_unlock(&g->lock);
		*socket_context = c;
		return;
	}
	if (code != MHD_CONNECTION_NOTIFY_CLOSED || !c)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&g->lock);
	*socket_context = NULL;
	free(c);
}

struct srv__guard_conn *srv__guard_headers_done(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;
	struct srv__guard_conn *c;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (!ci || !(c = ci->socket_context))
		return NULL;
	pthread_mutex_lock(&c->guard->lock);
	c->waiting = 0;
	pthread_mutex_unlock(&c->guard->lock);
	return c;
}

void srv__guard_request_done(struct srv__guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->guard->lock);
	c->waiting = 1;
	now(&c->since);
	pthread_mutex_unlock(&c->guard->lock);
}
