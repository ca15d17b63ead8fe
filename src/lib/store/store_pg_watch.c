/*
 * PostgreSQL backend: notices of other connections' commits (see
 * mc_store_listen() and mc_store_wait_changes() in microcred/store.h).
 *
 * From schema version 9 the change counter's trigger runs
 * pg_notify(MC__PG_CHANNEL, topic) once per topic a transaction wrote;
 * PostgreSQL delivers the notice to every session that LISTENs on the
 * channel when the writer commits (never for a rolled-back write), in
 * commit order.  The handle LISTENs on the one channel and keeps the
 * topics its caller asked for; notices of other topics are dropped.
 *
 * A notice travels on the handle's own connection, so a connection that
 * breaks, or is replaced behind the caller's back (store_pg.c reconnects
 * before a statement), has lost its LISTEN and whatever was sent
 * meanwhile: the handle remembers the server process that LISTENs
 * (PQbackendPID) and answers MC_ERETRY when it is not that one any more,
 * and the caller listens again and treats every topic as changed.
 */
#include "store_pg.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

/* The payloads the trigger sends, bit i of MC_STORE_* being names[i]
 * (the topics of table changes, store_pg_schema.c versions 7 and 8). */
static const char *const topic_names[] = {
    "settings",	   "catalogue", "esco",	  "accounts", "keys",
    "credentials", "audit",	"policy", "jobs",
};

/* The MC_STORE_* bit of payload `name`; 0 for a name this program does
 * not know (a newer program's topic, which no caller here asked for). */
static unsigned topic_bit(const char *name)
{
	size_t i;

	for (i = 0; name && i < MC__ARRAY_SIZE(topic_names); i++)
		if (strcmp(topic_names[i], name) == 0)
			return 1u << i;
	return 0;
}

/* The answer when the LISTEN is gone with its connection: MC_ERETRY,
 * listening over; the message says `why` and libpq's reason, if any. */
static int lost(struct mc__pg *h, const char *why)
{
	const char *reason = h->conn ? PQerrorMessage(h->conn) : "";
	size_t n = strlen(reason);

	while (n > 0 && (reason[n - 1] == '\n' || reason[n - 1] == ' '))
		n--;
	h->listening = 0;
	return mc__store_error(&h->base, MC_ERETRY,
			       "notices: %s%s%.*s%s; listen again (notices "
			       "may have been missed)",
			       why, n ? " (" : "", (int)n, reason,
			       n ? ")" : "");
}

int mc__pg_listen(mc_store *s, unsigned topics)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res;
	int error = 0;

	if (h->depth > 0)
		return mc__store_error(s, MC_EUSAGE,
				       "listen: inside a transaction (notices "
				       "come between transactions)");
	if (PQstatus(h->conn) != CONNECTION_OK)
		return lost(h, "the database connection was lost");
	res = PQexec(h->conn, topics ? "LISTEN " MC__PG_CHANNEL
				     : "UNLISTEN " MC__PG_CHANNEL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		error = mc__pg_error(h, res, "listen");
	PQclear(res);
	if (error) {
		h->listening = 0;
		return error;
	}
	h->listening = topics;
	h->listen_pid = PQbackendPID(h->conn);
	return 0;
}

/* Milliseconds on a clock that only goes forward. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The listened topics among the notices libpq has read so far (every
 * one of them consumed). */
static unsigned drain(struct mc__pg *h)
{
	PGnotify *n;
	unsigned got = 0;

	while ((n = PQnotifies(h->conn))) {
		if (strcmp(n->relname, MC__PG_CHANNEL) == 0)
			got |= topic_bit(n->extra);
		PQfreemem(n);
	}
	return got & h->listening;
}

int mc__pg_wait_changes(mc_store *s, unsigned *out, int timeout_ms)
{
	struct mc__pg *h = mc__pg(s);
	long long deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	struct pollfd pfd;
	unsigned got;
	int left, rc;

	if (!h->listening)
		return mc__store_error(s, MC_EUSAGE,
				       "wait for changes: not listening (call "
				       "mc_store_listen() first)");
	if (h->depth > 0)
		return mc__store_error(s, MC_EUSAGE,
				       "wait for changes: inside a transaction "
				       "(notices come between transactions)");
	for (;;) {
		/* Notices read while the handle ran statements wait in
		 * libpq's queue: they come first. */
		if ((got = drain(h))) {
			*out = got;
			return 0;
		}
		if (PQstatus(h->conn) != CONNECTION_OK)
			return lost(h, "the database connection was lost");
		if (PQbackendPID(h->conn) != h->listen_pid)
			return lost(h, "the database connection was replaced");
		if (timeout_ms < 0) {
			left = -1;
		} else if (timeout_ms == 0) {
			left = 0;
		} else {
			long long rest = deadline - now_ms();

			left = rest > 0 ? (int)rest : 0;
		}
		pfd.fd = PQsocket(h->conn);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (pfd.fd < 0)
			return lost(h, "the database connection was lost");
		rc = poll(&pfd, 1, left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return mc__store_error(s, MC_EIO,
					       "wait for changes: poll: %s",
					       strerror(errno));
		if (rc == 0) {
			/* Time is up; a last look costs nothing. */
			if ((got = drain(h))) {
				*out = got;
				return 0;
			}
			return mc__store_error(s, MC_ENOTFOUND,
					       "wait for changes: no notice "
					       "within %d ms",
					       timeout_ms);
		}
		if (!PQconsumeInput(h->conn) ||
		    PQstatus(h->conn) != CONNECTION_OK)
			return lost(h, "the database connection was lost");
	}
}
