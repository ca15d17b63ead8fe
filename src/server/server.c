/*
 * The server's life: configuration, the libmicrohttpd daemon (a thread
 * pool on epoll), one store per worker thread, and a graceful stop on
 * SIGTERM that finishes the requests in flight.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "cache.h"
#include "client_addr.h"
#include "cryptosuite.h"
#include "http_private.h"
#include "jobs.h"
#include "read_db.h"
#include "seal_config.h"

/* ---- configuration --------------------------------------------------- */

/* Strings read from files and the environment live here. */
static char conf_strings[16][1024];
static size_t conf_used;

static const char *keep(const char *s)
{
	if (conf_used == sizeof(conf_strings) / sizeof(conf_strings[0]))
		return NULL;
	snprintf(conf_strings[conf_used], sizeof(conf_strings[0]), "%s", s);
	return conf_strings[conf_used++];
}

static int number(const char *v, unsigned long long max,
		  unsigned long long *out)
{
	char *end;

	if (!*v || *v == '-')
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

/* Apply one setting; 0, or -1 with the reason in err. */
static int set(srv_server_config *cfg, const char *key, const char *value,
	       const char *where, char *err, size_t errlen)
{
	unsigned long long n;

	if (!strcmp(key, "listen") && (cfg->listen = keep(value)))
		return 0;
	if (!strcmp(key, "db") && (cfg->db = keep(value)))
		return 0;
	if (!strcmp(key, "read_db") && (cfg->read_db = keep(value)))
		return 0;
	if (!strcmp(key, "base_url") && (cfg->base_url = keep(value)))
		return 0;
	if (!strcmp(key, "access_log") && (cfg->access_log = keep(value)))
		return 0;
	if (!strcmp(key, "port") && !number(value, 65535, &n)) {
		cfg->port = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "body_max") && !number(value, 1ULL << 32, &n) &&
	    n >= 1024) {
		cfg->body_max = (size_t)n;
		return 0;
	}
	if (!strcmp(key, "timeout") && !number(value, 3600, &n) && n > 0) {
		cfg->timeout = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "threads") && !number(value, 256, &n)) {
		cfg->threads = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "connections_per_address") &&
	    !number(value, SRV_SERVER_CONNECTIONS / 8, &n)) {
		cfg->connections_per_address = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "header_timeout") && !number(value, 3600, &n) &&
	    n > 0) {
		cfg->header_timeout = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "job_workers") &&
	    !number(value, SRV_JOB_WORKERS_MAX, &n)) {
		cfg->job_workers = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "job_lease") && !number(value, 86400, &n) && n >= 5) {
		cfg->job_lease = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "rate_login") && !number(value, 1000000, &n)) {
		cfg->rate_login = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "rate_verify") && !number(value, 1000000, &n)) {
		cfg->rate_verify = (unsigned)n;
		return 0;
	}
	if (!strcmp(key, "cache_bytes") && !number(value, 1ULL << 32, &n)) {
		cfg->cache_bytes = (size_t)n;
		return 0;
	}
	if (!strcmp(key, "admin_email") && *value &&
	    (cfg->admin_email = keep(value)))
		return 0;
	if (!strcmp(key, "trust_anchors") && (cfg->trust_anchors = keep(value)))
		return 0;
	if (!strcmp(key, "accreditation") && (cfg->accreditation = keep(value)))
		return 0;
	if (!strcmp(key, "tsa_url") && (cfg->tsa_url = keep(value)))
		return 0;
	if (!strcmp(key, "master_key_file") && *value &&
	    (cfg->master_key_file = keep(value)))
		return 0;
	if (!strcmp(key, "trusted_proxies")) {
		srv_cidr list[SRV_PROXIES_MAX];
		size_t count;
		char why[200];

		if (srv_cidr_list_parse(list, SRV_PROXIES_MAX, &count, value,
					why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s: %s", where, why);
			return -1;
		}
		if ((cfg->trusted_proxies = keep(value)))
			return 0;
	}
	if (!strcmp(key, "cryptosuite")) {
		if (!*value) {
			cfg->cryptosuite = NULL;
			return 0;
		}
		char allowed[SRV_CRYPTOSUITE_ALLOWED_MAX];

		if (mc_cryptosuite_known(value) &&
		    (cfg->cryptosuite = keep(value)))
			return 0;
		snprintf(err, errlen,
			 "%s: cryptosuite: unknown suite '%.100s': %s", where,
			 value,
			 srv_cryptosuite_allowed(allowed, sizeof(allowed)));
		return -1;
	}
	if (!strcmp(key, "verify_fetch")) {
		static const char *const names[] = {"public", "any", "off"};
		int i;

		for (i = 0; i < 3; i++)
			if (!strcmp(value, names[i])) {
				cfg->verify_fetch = i;
				return 0;
			}
	}
	snprintf(err, errlen, "%s: %s: unknown key or bad value '%.100s'",
		 where, key, value);
	return -1;
}

int srv_server_set(srv_server_config *cfg, const char *key, const char *value,
		   char *err, size_t errlen)
{
	return set(cfg, key, value, "--", err, errlen) < 0 ? MC_EINVALID : 0;
}

int srv_server_configure(srv_server_config *cfg, const char *file, char *err,
			 size_t errlen)
{
	static const char *const env[][2] = {
	    {"MICROCRED_LISTEN", "listen"},
	    {"MICROCRED_PORT", "port"},
	    {"MICROCRED_DB", "db"},
	    {"MICROCRED_READ_DB", "read_db"},
	    {"MICROCRED_BASE_URL", "base_url"},
	    {"MICROCRED_BODY_MAX", "body_max"},
	    {"MICROCRED_TIMEOUT", "timeout"},
	    {"MICROCRED_THREADS", "threads"},
	    {"MICROCRED_ACCESS_LOG", "access_log"},
	    {"MICROCRED_RATE_LOGIN", "rate_login"},
	    {"MICROCRED_RATE_VERIFY", "rate_verify"},
	    {"MICROCRED_ADMIN_EMAIL", "admin_email"},
	    {"MICROCRED_CACHE_BYTES", "cache_bytes"},
	    {"MICROCRED_JOB_WORKERS", "job_workers"},
	    {"MICROCRED_JOB_LEASE", "job_lease"},
	    {"MICROCRED_CRYPTOSUITE", "cryptosuite"},
	    {"MICROCRED_TRUST_ANCHORS", "trust_anchors"},
	    {"MICROCRED_ACCREDITATION", "accreditation"},
	    {"MICROCRED_TSA_URL", "tsa_url"},
	    {"MICROCRED_VERIFY_FETCH", "verify_fetch"},
	    {"MICROCRED_TRUSTED_PROXIES", "trusted_proxies"},
	    {"MICROCRED_CONNECTIONS_PER_ADDRESS", "connections_per_address"},
	    {"MICROCRED_HEADER_TIMEOUT", "header_timeout"},
	};
	char line[1200], where[1100];
	size_t i, lineno = 0;
	FILE *f;

	if (file) {
		if (!(f = fopen(file, "r"))) {
			snprintf(err, errlen, "%s: %s", file, strerror(errno));
			return MC_EIO;
		}
		while (fgets(line, sizeof(line), f)) {
			char *key = line, *eq, *value, *end;

			lineno++;
			key += strspn(key, " \t");
			if (*key == '#' || *key == '\n' || !*key)
				continue;
			snprintf(where, sizeof(where), "%s line %zu", file,
				 lineno);
			if (!(eq = strchr(key, '='))) {
				snprintf(err, errlen,
					 "%s: expected key = value", where);
				fclose(f);
				return MC_EINVALID;
			}
			*eq = '\0';
			value = eq + 1 + strspn(eq + 1, " \t");
			for (end = eq; end > key && strchr(" \t", end[-1]);)
				*--end = '\0';
			end = value + strlen(value);
			while (end > value && strchr(" \t\r\n", end[-1]))
				*--end = '\0';
			if (set(cfg, key, value, where, err, errlen) < 0) {
				fclose(f);
				return MC_EINVALID;
			}
		}
		fclose(f);
	}
	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		const char *v = getenv(env[i][0]);

		if (v && *v &&
		    set(cfg, env[i][1], v, env[i][0], err, errlen) < 0)
			return MC_EINVALID;
	}
	return 0;
}

/* ---- worker threads' stores ------------------------------------------- */

static void close_store(void *store)
{
	mc_store_free(store);
}

mc_store *srv__server_store(struct srv__server *srv)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	mc_store *s = pthread_getspecific(srv->store_key);
	char *msg = NULL;

	if (s)
		return s;
	opts.create = 0;
	opts.master_key_file = srv->cfg.master_key_file;
	if (mc_store_open(&s, srv->cfg.db, &opts, &msg) < 0) {
		fprintf(stderr, "microcred serve: %s: %s\n", srv->cfg.db,
			msg ? msg : "cannot open");
		free(msg);
		return NULL;
	}
	pthread_setspecific(srv->store_key, s);
	return s;
}

/* ---- libmicrohttpd callbacks --------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	struct srv__server *srv = cls;

	(void)version;
	if (!*state) {
		pthread_mutex_lock(&srv->lock);
		srv->in_flight++;
		pthread_mutex_unlock(&srv->lock);
	}
	return srv__http_dispatch(srv, conn, url, method, upload, upload_size,
				  state);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
			 enum MHD_RequestTerminationCode code)
{
	struct srv__server *srv = cls;

	(void)conn;
	(void)code;
	if (!*state)
		return;
	srv__http_done(*state);
	*state = NULL;
	pthread_mutex_lock(&srv->lock);
	srv->in_flight--;
	pthread_mutex_unlock(&srv->lock);
}

int srv__http_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		size_t n, k;

		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p < 0x80)
			continue;
		if ((*p & 0xE0) == 0xC0 && *p >= 0xC2)
			n = 1;
		else if ((*p & 0xF0) == 0xE0)
			n = 2;
		else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4)
			n = 3;
		else
			return 0;
		for (k = 1; k <= n; k++)
			if ((p[k] & 0xC0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

/* ---- running ----------------------------------------------------------- */

/* The platform admin created on this start, to announce once bound. */
struct first_run {
	int created;
	char *password; /* generated (printed once, then wiped), or NULL */
};

/*
 * On a database without users, create the platform admin: MC_EEXISTS
 * (users exist) is no error.  A bad admin_email or
 * MICROCRED_ADMIN_PASSWORD is reported on stderr, naming them, and the
 * server starts all the same (the public site needs no account); other
 * errors (the database) stop the start.
 */
static int bootstrap(mc_store *s, const srv_server_config *cfg,
		     struct first_run *fr)
{
	const char *password = getenv("MICROCRED_ADMIN_PASSWORD");
	mc_user *u = NULL;
	int error;

	if (password && !*password)
		password = NULL;
	error =
	    mc_user_bootstrap(s, &u, cfg->admin_email, password, &fr->password);
	mc_user_free(u);
	if (error == MC_EEXISTS)
		return 0;
	if (error < 0) {
		fprintf(stderr,
			"microcred serve: cannot create the first admin "
			"(admin_email %s%s): %s\n",
			cfg->admin_email,
			password ? ", MICROCRED_ADMIN_PASSWORD" : "",
			mc_store_errmsg(s));
		return error == MC_EINVALID ? 0 : error;
	}
	fr->created = 1;
	return 0;
}

/* `db` for the log: a URL's password (user:PASSWORD@ or password=...)
 * replaced by "***", into `out`. */
static const char *db_for_log(char *out, size_t outlen, const char *db)
{
	const char *scheme = strstr(db, "://"), *at, *colon;
	char *pw;
	size_t n;

	snprintf(out, outlen, "%s", db);
	if (!scheme)
		return out;
	scheme += 3;
	at = strchr(scheme, '@');
	colon = strchr(scheme, ':');
	if (at && colon && colon < at &&
	    !memchr(scheme, '/', (size_t)(at - scheme))) {
		n = (size_t)(colon + 1 - db);
		snprintf(out, outlen, "%.*s***%s", (int)n, db, at);
	}
	if ((pw = strstr(out, "password=")) != NULL) {
		const char *end = pw + 9 + strcspn(pw + 9, "&");
		char tail[512];

		snprintf(tail, sizeof(tail), "%s", end);
		snprintf(pw + 9, outlen - (size_t)(pw + 9 - out), "***%s",
			 tail);
	}
	return out;
}

/* Non-zero for a PostgreSQL location (no file of its own). */
static int db_is_postgresql(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 ||
	       strncmp(db, "postgres://", 11) == 0;
}

/* Where the first admin's generated password goes (caller frees), or NULL
 * when there is no file to put it beside: "<database>.admin-password" for
 * SQLite, "<master key file>.admin-password" for PostgreSQL (a secret
 * among the platform's secrets, never beside a URL). */
static char *admin_password_path(const srv_server_config *cfg)
{
	const char *base = cfg->db;

	if (db_is_postgresql(base)) {
		base = cfg->master_key_file
			   ? cfg->master_key_file
			   : getenv("MICROCRED_MASTER_KEY_FILE");
		if (!base || !*base)
			return NULL;
	} else if (strncmp(base, "sqlite:", 7) == 0) {
		base += 7;
	}
	{
		size_t len = strlen(base) + sizeof(".admin-password");
		char *path = malloc(len);

		if (path)
			snprintf(path, len, "%s.admin-password", base);
		return path;
	}
}

static void announce(const srv_server_config *cfg, unsigned port,
		     struct first_run *fr)
{
	if (!fr->created)
		return;
	if (fr->password && !isatty(STDOUT_FILENO)) {
		/* Standard output goes to a log or a pipe, which others may
		 * read and which keeps it: the password goes to a file only
		 * its owner reads, named in the log. */
		char *path = admin_password_path(cfg);
		int fd = -1, ok;
		size_t n = strlen(fr->password);

		errno = ENOENT;
		if (path)
			fd = open(path,
				  O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
				      O_NOFOLLOW,
				  0600);
		ok = fd >= 0 && fchmod(fd, 0600) == 0 &&
		     write(fd, fr->password, n) == (ssize_t)n &&
		     write(fd, "\n", 1) == 1;
		if (fd >= 0 && close(fd) != 0)
			ok = 0;
		if (ok)
			printf(
			    "first sign-in: http://%s:%u/login as %s with the "
			    "password in %s (mode 0600; delete it once "
			    "read, and change the password)\n",
			    cfg->listen, port, cfg->admin_email, path);
		else
			fprintf(stderr,
				"microcred serve: %s: cannot write the first "
				"admin's password (%s); set "
				"MICROCRED_ADMIN_PASSWORD or start once on a "
				"terminal\n",
				path ? path
				     : "no file beside the database or the "
				       "master key file",
				strerror(errno));
		free(path);
	} else if (fr->password)
		printf("first sign-in: http://%s:%u/login as %s with password "
		       "%s (shown once; change it)\n",
		       cfg->listen, port, cfg->admin_email, fr->password);
	else
		printf("first sign-in: http://%s:%u/login as %s with the "
		       "password of MICROCRED_ADMIN_PASSWORD\n",
		       cfg->listen, port, cfg->admin_email);
	fflush(stdout);
	if (fr->password) {
		volatile char *p = fr->password;

		while (*p)
			*p++ = '\0';
		free(fr->password);
		fr->password = NULL;
	}
}

static int prepare_store(const srv_server_config *cfg, struct first_run *fr)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	mc_store *s = NULL;
	char *msg = NULL;
	int error;

	opts.master_key_file = cfg->master_key_file;
	if ((error = mc_store_open(&s, cfg->db, &opts, &msg)) < 0) {
		fprintf(stderr, "microcred serve: %s: %s\n", cfg->db,
			msg ? msg : mc_error_str(error));
		free(msg);
		return error;
	}
	if (cfg->base_url && (error = mc_store_set_base_url(s, cfg->base_url)))
		fprintf(stderr, "microcred serve: %s\n", mc_store_errmsg(s));
	/* The platform's suite, for every node and the command line. */
	if (!error && cfg->cryptosuite &&
	    (error = mc_cryptosuite_set_default(s, cfg->cryptosuite)))
		fprintf(stderr, "microcred serve: %s\n", mc_store_errmsg(s));
	if (!error)
		error = bootstrap(s, cfg, fr);
	mc_store_free(s);
	return error;
}

/* Write the counts of refusals the process holds (mc_audit_flush) before
 * it forgets them; best effort. */
static void flush_audit(const srv_server_config *cfg)
{
	mc_store *s = NULL;
	char *msg = NULL;

	if (mc_store_open(&s, cfg->db, NULL, &msg) == 0)
		mc_audit_flush(s);
	free(msg);
	mc_store_free(s);
}

int srv_server_run(const srv_server_config *cfg)
{
	struct srv__server srv;
	struct first_run first = {0, NULL};
	char dbshown[1024];
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *info;
	struct sockaddr_in addr;
	sigset_t signals;
	unsigned threads = cfg->threads;
	int sig, error = 0, waited;

	memset(&srv, 0, sizeof(srv));
	srv.cfg = *cfg;
	/* read_db first: a refused start creates no database and no admin
	 * (whose generated password would be lost). */
	if (cfg->read_db && *cfg->read_db) {
		char err[2400], shown[1024];

		db_for_log(shown, sizeof(shown), cfg->read_db);
		if ((error = srv_read_db_start(cfg->db, cfg->read_db, shown,
					       cfg->master_key_file, err,
					       sizeof(err))) < 0) {
			fprintf(stderr, "microcred serve: %s\n", err);
			return error;
		}
	}
	if ((error = prepare_store(cfg, &first)) < 0)
		return error;
	srv_rate_configure(SRV_RATE_LOGIN, cfg->rate_login);
	srv_rate_configure(SRV_RATE_VERIFY, cfg->rate_verify);
	srv_cache_init(cfg->cache_bytes);
	mc_fetch_public_only(cfg->verify_fetch == SRV_VERIFY_FETCH_PUBLIC);
	srv_seal_config_offline(cfg->verify_fetch == SRV_VERIFY_FETCH_OFF);
	{
		char err[200] = "";

		if (srv_client_trust(cfg->trusted_proxies, err, sizeof(err))) {
			fprintf(stderr, "microcred serve: %s\n", err);
			return MC_EINVALID;
		}
	}
	{
		char err[600] = "";

		if (srv_seal_config_init(cfg->trust_anchors, cfg->accreditation,
					 cfg->tsa_url, err, sizeof(err)) < 0) {
			fprintf(stderr, "microcred serve: trust_anchors: %s\n",
				err);
			return MC_EINVALID;
		}
	}
	if (cfg->access_log && strcmp(cfg->access_log, "-") == 0)
		srv.log = stderr;
	else if (cfg->access_log && !(srv.log = fopen(cfg->access_log, "a"))) {
		fprintf(stderr, "microcred serve: %s: %s\n", cfg->access_log,
			strerror(errno));
		return MC_EIO;
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->listen, &addr.sin_addr) != 1) {
		fprintf(stderr,
			"microcred serve: listen: '%s' is not an IPv4 "
			"address\n",
			cfg->listen);
		error = MC_EUSAGE;
		goto cleanup;
	}
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 && n < 64 ? (unsigned)n : 2;
	}
	pthread_key_create(&srv.store_key, close_store);
	pthread_mutex_init(&srv.lock, NULL);

	/* Every thread started from here on (job workers, the cache's
	 * listener, the guard, libmicrohttpd's) inherits a mask without
	 * SIGTERM/SIGINT: only this thread takes them, in sigwait below.  A
	 * thread started before would let the default action kill the
	 * process at once, skipping the orderly stop. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	srv_jobs_init(cfg->db, cfg->master_key_file, cfg->job_workers,
		      cfg->job_lease);
	/* The cache's listener: notices of other nodes' commits instead of
	 * a counter query per cached read (PostgreSQL). */
	srv_cache_watch_start(cfg->db, cfg->master_key_file);
	if (srv__guard_start(&srv.guard, cfg->header_timeout) < 0) {
		fprintf(stderr, "microcred serve: cannot start a thread\n");
		error = MC_ENOMEM;
		goto cleanup;
	}
	/* One client is held to connections_per_address (an eighth of the
	 * server at most), and to header_timeout seconds for each request's
	 * headers (http_guard.c), so that slow or many connections from one
	 * address leave room for everyone else. */
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
		MHD_USE_ERROR_LOG,
	    (uint16_t)cfg->port, NULL, NULL, on_request, &srv,
	    MHD_OPTION_EXTERNAL_LOGGER, srv__http_mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    cfg->timeout, MHD_OPTION_CONNECTION_LIMIT, SRV_SERVER_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->connections_per_address,
	    MHD_OPTION_NOTIFY_CONNECTION, srv__guard_notify, srv.guard,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "microcred serve: cannot listen on %s:%u\n",
			cfg->listen, cfg->port);
		error = MC_EIO;
		goto cleanup;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on http://%s:%u (%u threads, database %s",
	       cfg->listen, info ? info->port : cfg->port, threads,
	       db_for_log(dbshown, sizeof(dbshown), cfg->db));
	if (srv_read_db_enabled())
		printf(", catalogue reads from %s",
		       db_for_log(dbshown, sizeof(dbshown), cfg->read_db));
	printf(")\n");
	fflush(stdout);
	announce(cfg, info ? info->port : cfg->port, &first);
	first.created = 0;
	if (cfg->port_file) {
		FILE *pf = fopen(cfg->port_file, "w");

		if (pf) {
			fprintf(pf, "%u\n", info ? info->port : cfg->port);
			fclose(pf);
		}
	}
	do {
		if (sigwait(&signals, &sig) != 0)
			break;
	} while (sig != SIGTERM && sig != SIGINT);

	/* Stop accepting, let the requests in flight finish (10 s at most). */
	MHD_quiesce_daemon(d);
	for (waited = 0; waited < 1000; waited++) {
		unsigned n;

		pthread_mutex_lock(&srv.lock);
		n = srv.in_flight;
		pthread_mutex_unlock(&srv.lock);
		if (!n)
			break;
		usleep(10000);
	}
	MHD_stop_daemon(d);
	srv__guard_stop(srv.guard); /* after every close was notified */
	srv.guard = NULL;
	srv_jobs_shutdown(); /* roster jobs go back to the queue */
	flush_audit(cfg);    /* no request writes to the log any more */
	srv_cache_shutdown();
	srv_seal_config_shutdown();
	fprintf(stderr, "microcred serve: stopped\n");

cleanup:
	srv_cache_watch_stop();
	srv__guard_stop(srv.guard); /* NULL unless the daemon did not start */
	/* The admin exists now: a failed start must not lose its password. */
	announce(cfg, cfg->port, &first);
	if (srv.log && srv.log != stderr)
		fclose(srv.log);
	return error;
}
