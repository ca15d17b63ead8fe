/*
 * Catalogue reads from a hot standby (see read_db.h): checking read_db
 * at start, each worker thread's read-only store on it, the routing
 * decision, the read-your-writes cookie, and falling back to db when the
 * standby fails.
 */
#include "read_db.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"

static struct {
	int enabled;
	char url[1024];	  /* read_db */
	char shown[1024]; /* read_db for the log (password masked) */
	char key_file[1024];
	int has_key_file;
	uint64_t system_id; /* db's cluster (0: not readable) */
	uint32_t database;  /* db's oid in it */
	pthread_key_t key;  /* each worker thread's store on read_db */
} rd;

/* Monotonic second before which the standby is left alone. */
static atomic_llong down_until;
/* Non-zero while an outage has been logged and not its end. */
static atomic_int down_logged;

static long long now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec;
}

static int is_postgresql(const char *location)
{
	return strncmp(location, "postgresql://", 13) == 0 ||
	       strncmp(location, "postgres://", 11) == 0;
}

/* ---- checking a standby --------------------------------------------- */

/* Open read_db read-only; *out NULL and the reason in err on failure. */
static int open_replica(mc_store **out, char *err, size_t errlen)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	char *msg = NULL;
	int error;

	opts.create = 0;
	opts.readonly = 1;
	opts.master_key_file = rd.has_key_file ? rd.key_file : NULL;
	if ((error = mc_store_open(out, rd.url, &opts, &msg)) < 0)
		snprintf(err, errlen, "%s", msg ? msg : mc_error_str(error));
	free(msg);
	return error;
}

/*
 * Whether `replica` (open on read_db) is a standby of db: in recovery,
 * on db's cluster and db's database.  0, or MC_EINVALID (MC_EDB when the
 * question itself failed) with the reason in err.
 */
static int check_standby(mc_store *replica, char *err, size_t errlen)
{
	mc_store_position pos;
	int error;

	if ((error = mc_store_position_get(replica, &pos)) < 0) {
		snprintf(err, errlen, "%s", mc_store_errmsg(replica));
		return error;
	}
	if (!pos.standby) {
		snprintf(err, errlen,
			 "not a hot standby: the server is not in recovery "
			 "(pg_is_in_recovery() is false), so it may take "
			 "writes that db never sees; name a streaming standby "
			 "of db");
		return MC_EINVALID;
	}
	if (pos.system_id && rd.system_id && pos.system_id != rd.system_id) {
		snprintf(err, errlen,
			 "not a standby of db: its cluster's system identifier "
			 "is %" PRIu64 ", db's is %" PRIu64,
			 pos.system_id, rd.system_id);
		return MC_EINVALID;
	}
	if (pos.database != rd.database) {
		snprintf(err, errlen,
			 "another database than db: its object id is %" PRIu32
			 ", db's is %" PRIu32
			 " (name db's database on its standby)",
			 pos.database, rd.database);
		return MC_EINVALID;
	}
	return 0;
}

/* A worker thread's store on the standby, when the thread ends. */
static void close_store(void *store)
{
	mc_store_free(store);
}

int srv_read_db_start(const char *db, const char *read_db, const char *shown,
		      const char *master_key_file, char *err, size_t errlen)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	mc_store *primary = NULL, *replica = NULL;
	mc_store_position pos;
	char why[1024] = "", *msg = NULL;
	int error, tries;

	if (!read_db || !*read_db)
		return 0;
	if (!is_postgresql(db)) {
		snprintf(err, errlen,
			 "read_db: a hot standby needs db on PostgreSQL; db "
			 "is an SQLite file (%s), which has no standby: remove "
			 "read_db",
			 db);
		return MC_EUSAGE;
	}
	if (!is_postgresql(read_db)) {
		snprintf(err, errlen,
			 "read_db: '%s' is not a postgresql:// URL; read_db "
			 "names a PostgreSQL hot standby of db",
			 shown);
		return MC_EUSAGE;
	}
	if (strlen(read_db) >= sizeof(rd.url) ||
	    (master_key_file &&
	     strlen(master_key_file) >= sizeof(rd.key_file))) {
		snprintf(err, errlen, "read_db: longer than %zu bytes",
			 sizeof(rd.url) - 1);
		return MC_EUSAGE;
	}
	snprintf(rd.url, sizeof(rd.url), "%s", read_db);
	snprintf(rd.shown, sizeof(rd.shown), "%s", shown);
	rd.has_key_file = master_key_file && *master_key_file;
	snprintf(rd.key_file, sizeof(rd.key_file), "%s",
		 rd.has_key_file ? master_key_file : "");

	opts.create = 0;
	opts.master_key_file = master_key_file;
	if ((error = mc_store_open(&primary, db, &opts, &msg)) < 0) {
		snprintf(err, errlen, "db: %s", msg ? msg : "cannot open");
		goto cleanup;
	}
	if ((error = mc_store_position_get(primary, &pos)) < 0) {
		snprintf(err, errlen, "db: %s", mc_store_errmsg(primary));
		goto cleanup;
	}
	rd.system_id = pos.system_id;
	rd.database = pos.database;
	/* A standby still replaying db's schema upgrade (this start may
	 * have run it) is older for a moment: wait for it, 10 s at most. */
	for (tries = 0; (error = open_replica(&replica, why, sizeof(why))) ==
			    MC_EVERSION &&
			tries < 100;
	     tries++)
		usleep(100000);
	if (!error && mc_store_schema_version(replica) !=
			  mc_store_schema_version(primary)) {
		snprintf(why, sizeof(why),
			 "schema version %d, db's is %d: not the same platform",
			 mc_store_schema_version(replica),
			 mc_store_schema_version(primary));
		error = MC_EINVALID;
	}
	if (!error)
		error = check_standby(replica, why, sizeof(why));
	if (error < 0) {
		snprintf(err, errlen, "read_db: %s: %s", shown, why);
		goto cleanup;
	}
	if (pthread_key_create(&rd.key, close_store)) {
		snprintf(err, errlen, "read_db: cannot make a thread key");
		error = MC_ENOMEM;
		goto cleanup;
	}
	rd.enabled = 1;
	atomic_store(&down_until, 0);
	atomic_store(&down_logged, 0);

cleanup:
	free(msg);
	mc_store_free(replica);
	mc_store_free(primary);
	return error;
}

int srv_read_db_enabled(void)
{
	return rd.enabled;
}

/* ---- each thread's store on the standby ------------------------------- */

/* The standby failed: log it (once an outage), leave it alone for a
 * while, and close this thread's handle (the next one reconnects). */
static void failed(const char *why)
{
	mc_store *s = pthread_getspecific(rd.key);

	atomic_store(&down_until, now_s() + SRV_READ_DB_RETRY);
	if (!atomic_exchange(&down_logged, 1))
		fprintf(stderr,
			"microcred serve: read_db: %s: %s; catalogue reads "
			"go to db until it answers (tried again every %d s)\n",
			rd.shown, why, SRV_READ_DB_RETRY);
	if (s) {
		pthread_setspecific(rd.key, NULL);
		mc_store_free(s);
	}
}

/* This thread's store on the standby, opened (and checked) on first
 * use; NULL while the standby is down. */
static mc_store *replica_store(void)
{
	mc_store *s = pthread_getspecific(rd.key);
	char why[1024];

	if (now_s() < atomic_load(&down_until))
		return NULL;
	if (s)
		return s;
	if (open_replica(&s, why, sizeof(why)) < 0) {
		failed(why);
		return NULL;
	}
	if (check_standby(s, why, sizeof(why)) < 0) {
		mc_store_free(s);
		failed(why);
		return NULL;
	}
	pthread_setspecific(rd.key, s);
	if (atomic_exchange(&down_logged, 0))
		fprintf(stderr, "microcred serve: read_db: %s answers again\n",
			rd.shown);
	return s;
}

/* ---- the cookie ------------------------------------------------------- */

int srv_read_db_cookie(const char *c, uint64_t *lsn)
{
	static const char name[] = SRV_READ_DB_COOKIE "=";
	size_t i, n;
	uint64_t v;

	*lsn = 0;
	/* "a=b; mc_rw=HEX; c=d": the first cookie of that name. */
	for (; c && *c; c += strcspn(c, ";"), c += *c == ';') {
		c += strspn(c, " \t");
		if (strncmp(c, name, sizeof(name) - 1) != 0)
			continue;
		c += sizeof(name) - 1;
		n = strcspn(c, "; \t");
		if (n == 0 || n > 16)
			return 0;
		for (i = 0, v = 0; i < n; i++) {
			char d = c[i];

			if (d >= '0' && d <= '9')
				v = v << 4 | (uint64_t)(d - '0');
			else if (d >= 'a' && d <= 'f')
				v = v << 4 | (uint64_t)(d - 'a' + 10);
			else if (d >= 'A' && d <= 'F')
				v = v << 4 | (uint64_t)(d - 'A' + 10);
			else
				return 0;
		}
		*lsn = v;
		return 1;
	}
	return 0;
}

/* Put Set-Cookie `value` (copied to the arena) in a free slot of resp. */
static void add_cookie(srv_req *req, srv_resp *resp, const char *value)
{
	int slot = resp->set_cookie[0] ? 1 : 0;

	if (resp->set_cookie[slot])
		return; /* both taken: the client reads db's or the standby's
			   state as the cookie it has says */
	resp->set_cookie[slot] = srv_arena_strdup(req->arena, value);
	resp->private_ = 1;
}

static const char *secure(const srv_req *req)
{
	const char *base = mc_store_base_url(req->store);

	return base && strncasecmp(base, "https://", 8) == 0 ? "; Secure" : "";
}

void srv_read_db_after_write(srv_req *req, srv_resp *resp)
{
	mc_store_position pos;
	char cookie[160];

	if (!rd.enabled || req->replica ||
	    mc_store_position_get(req->store, &pos) < 0 || !pos.lsn)
		return;
	snprintf(cookie, sizeof(cookie),
		 SRV_READ_DB_COOKIE "=%" PRIx64 "; Path=/; Max-Age=%d; "
				    "HttpOnly; SameSite=Lax%s",
		 pos.lsn, SRV_READ_DB_COOKIE_MAX, secure(req));
	add_cookie(req, resp, cookie);
}

/* ---- routing ---------------------------------------------------------- */

void srv_read_db_route(srv_req *req, const srv_route *route, srv_resp *resp)
{
	const char *cookie;
	mc_store_position pos;
	mc_store *replica;
	uint64_t want;
	int wants;
	char clear[128];

	if (!rd.enabled || !(route->flags & SRV_ROUTE_REPLICA))
		return;
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return;
	/* Signed in (or trying to be): db, fresh, as the cache does. */
	cookie = srv_req_header(req, "Cookie");
	if (srv_req_header(req, "Authorization") ||
	    (cookie && strstr(cookie, SRV_SESSION_COOKIE "=")))
		return;
	wants = srv_read_db_cookie(cookie, &want);
	if (!(replica = replica_store()))
		return;
	if (wants) {
		if (mc_store_position_get(replica, &pos) < 0) {
			failed(mc_store_errmsg(replica));
			return;
		}
		if (pos.lsn < want)
			return; /* behind this client's write: db */
		snprintf(clear, sizeof(clear),
			 SRV_READ_DB_COOKIE "=; Path=/; Max-Age=0; HttpOnly; "
					    "SameSite=Lax%s",
			 secure(req));
		add_cookie(req, resp, clear);
	}
	req->store = replica;
	req->replica = 1;
}

int srv_read_db_retry(srv_req *req, srv_resp *resp, mc_store *primary)
{
	char why[1100];

	if (!req->replica || resp->status < 500)
		return 0;
	snprintf(why, sizeof(why), "%s %s answered %u (%s)", req->method,
		 req->path, resp->status,
		 *mc_store_errmsg(req->store) ? mc_store_errmsg(req->store)
					      : "no message");
	req->store = primary;
	req->replica = 0;
	failed(why);
	free(resp->body);
	free(resp->etag);
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	return 1;
}
