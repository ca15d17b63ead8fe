/*
 * The response cache's listener (see cache.h, srv_cache_watch_start()):
 * one thread per server with a store handle of its own, waiting for
 * notices of commits to the cached topics so that the cache need not ask
 * for the change counters before every read.
 *
 * Order matters for freshness: the thread marks the cache live only
 * after its LISTEN took effect and the generation moved on once (a
 * commit made before the LISTEN is never notified), and marks it not
 * live before anything else when the connection drops, so the cache
 * asks the counters again while notices may be missed.
 */
#include "cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Milliseconds one wait lasts: how long stopping may take. */
#define WAIT_MS 250
/* Pause before opening the store again: doubled from the first up to
 * the last after each failure. */
#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS	 5000

static pthread_t thread;
static int running; /* a thread was started and not joined */
static atomic_int stopping;
static char *db_location, *key_file;

/* Sleep `ms` milliseconds in steps, returning early when stopping. */
static void pause_ms(long ms)
{
	while (ms > 0 && !atomic_load(&stopping)) {
		long step = ms < WAIT_MS ? ms : WAIT_MS;

		nanosleep(
		    &(struct timespec){step / 1000, (step % 1000) * 1000000L},
		    NULL);
		ms -= step;
	}
}

/* Listen on `store` and pass every notice to the cache until the
 * connection drops (returns its error) or the server stops (0); *live
 * tells whether the listening began. */
static int listen_on(mc_store *store, int *live)
{
	unsigned got;
	int error;

	*live = 0;
	if ((error = mc_store_listen(store, SRV_CACHE_TOPICS)))
		return error;
	srv_cache_bump(); /* commits before the LISTEN were not notified */
	srv_cache_set_notified(1);
	*live = 1;
	while (!atomic_load(&stopping)) {
		error = mc_store_wait_changes(store, &got, WAIT_MS);
		if (error == 0)
			srv_cache_notice();
		else if (error != MC_ENOTFOUND)
			break;
	}
	srv_cache_set_notified(0);
	return atomic_load(&stopping) ? 0 : error;
}

static void *watch(void *arg)
{
	mc_store_options so = MC_STORE_OPTIONS_INIT;
	long backoff = BACKOFF_FIRST_MS;
	mc_store *store = NULL;
	char *msg = NULL;
	int error, live;

	(void)arg;
	so.create = 0;
	so.master_key_file = key_file;
	while (!atomic_load(&stopping)) {
		live = 0;
		if ((error = mc_store_open(&store, db_location, &so, &msg))) {
			fprintf(stderr,
				"microcred serve: cache listener: database: "
				"%s\n",
				msg ? msg : mc_error_str(error));
			free(msg);
			msg = NULL;
		} else if ((error = listen_on(store, &live)) == MC_ENOTSUP ||
			   !error) {
			break; /* SQLite (the cache asks the counters), or
				  stopping */
		} else {
			fprintf(stderr, "microcred serve: cache listener: %s\n",
				mc_store_errmsg(store));
		}
		mc_store_free(store);
		store = NULL;
		if (live)
			backoff = BACKOFF_FIRST_MS;
		pause_ms(backoff);
		backoff =
		    backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
	mc_store_free(store);
	return NULL;
}

void srv_cache_watch_start(const char *location, const char *master_key_file)
{
	atomic_store(&stopping, 0);
	free(db_location);
	free(key_file);
	db_location = location ? strdup(location) : NULL;
	key_file = master_key_file ? strdup(master_key_file) : NULL;
	if (!db_location)
		return;
	if (pthread_create(&thread, NULL, watch, NULL) != 0) {
		fprintf(stderr, "microcred serve: cache listener: no thread "
				"(the cache asks the change counters)\n");
		return;
	}
	running = 1;
}

void srv_cache_watch_stop(void)
{
	atomic_store(&stopping, 1);
	if (running)
		pthread_join(thread, NULL);
	running = 0;
	srv_cache_set_notified(0);
	free(db_location);
	free(key_file);
	db_location = key_file = NULL;
}
