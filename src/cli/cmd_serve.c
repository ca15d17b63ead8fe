/*
 * microcred serve: the HTTP server (src/server) on the database.
 */
#include <stdlib.h>

#include "cli.h"
#include "server.h"

static int run(const cli_globals *g, int argc, char **argv);

enum {
	OPT_CONFIG,
	OPT_LISTEN,
	OPT_PORT,
	OPT_BASE_URL,
	OPT_BODY_MAX,
	OPT_TIMEOUT,
	OPT_THREADS,
	OPT_ACCESS_LOG,
	OPT_PORT_FILE,
	OPT_RATE_LOGIN,
	OPT_RATE_VERIFY,
	OPT_ADMIN_EMAIL,
	OPT_VERIFY_FETCH,
	OPT_CONNECTIONS_PER_ADDRESS,
	OPT_HEADER_TIMEOUT,
	OPT_TRUSTED_PROXIES,
	OPT_READ_DB,
	OPT_JOB_WORKERS,
	OPT_JOB_LEASE,
	OPT_CRYPTOSUITE,
	OPT_COUNT
};
static const cli_option options[] = {
    [OPT_CONFIG] = {"config", "FILE",
		    "key = value settings (listen, port, db, base_url, "
		    "body_max, timeout, threads, access_log, rate_login, "
		    "rate_verify, admin_email, verify_fetch, "
		    "connections_per_address, header_timeout, "
		    "trusted_proxies, master_key_file, read_db, "
		    "job_workers, job_lease, cryptosuite)"},
    [OPT_LISTEN] = {"listen", "ADDR", "IPv4 address (default 127.0.0.1)"},
    [OPT_PORT] = {"port", "N", "TCP port (default 8080; 0: any free port)"},
    [OPT_BASE_URL] = {"base-url", "URL", "public base URL of stable URIs"},
    [OPT_BODY_MAX] = {"body-max", "BYTES",
		      "request body limit (default 8 MiB)"},
    [OPT_TIMEOUT] = {"timeout", "SEC", "idle connection timeout (default 30)"},
    [OPT_THREADS] = {"threads", "N", "worker threads (default: one per core)"},
    [OPT_ACCESS_LOG] = {"access-log", "F",
			"JSON access log ('-' stderr, the default)"},
    [OPT_PORT_FILE] = {"port-file", "F", "write the bound port to F"},
    [OPT_RATE_LOGIN] = {"rate-login", "N",
			"sign-in attempts a minute per address (default 10)"},
    [OPT_RATE_VERIFY] = {"rate-verify", "N",
			 "verifications a minute per address (default 600; "
			 "0: unlimited)"},
    [OPT_ADMIN_EMAIL] = {"admin-email", "E",
			 "first-run platform admin (default admin@localhost)"},
    [OPT_VERIFY_FETCH] = {"verify-fetch", "public|any|off",
			  "what verifying may fetch from other sites (status "
			  "lists, did:web, credentials by URL): public "
			  "addresses only (default), also loopback and "
			  "private networks, or nothing"},
    [OPT_CONNECTIONS_PER_ADDRESS] = {"connections-per-address", "N",
				     "connections one client address may "
				     "hold (default 64, at most 128; 0: no "
				     "limit, behind a proxy)"},
    [OPT_HEADER_TIMEOUT] = {"header-timeout", "SEC",
			    "a connection that has not sent its request "
			    "headers this long after connecting or after its "
			    "previous answer is closed (default 10)"},
    [OPT_TRUSTED_PROXIES] = {"trusted-proxies", "LIST",
			     "reverse proxies (addresses, CIDR ranges, "
			     "comma-separated) whose X-Forwarded-For names "
			     "the client (default: none, X-Forwarded-For is "
			     "ignored)"},
    [OPT_READ_DB] = {"read-db", "URL",
		     "a PostgreSQL hot standby of --db (postgresql://...) "
		     "that answers anonymous catalogue reads (default: "
		     "none)"},
    [OPT_JOB_WORKERS] = {"job-workers", "N",
			 "roster jobs this node runs at once (default 2, at "
			 "most 16; 0: none, other nodes run them)"},
    [OPT_JOB_LEASE] = {"job-lease", "SEC",
		       "seconds after which another node takes over a job "
		       "whose node stopped answering (default 60, at least "
		       "5)"},
    [OPT_CRYPTOSUITE] = {"cryptosuite", "NAME",
			 "the platform's OB 3.0 signature, for credentials "
			 "whose request names none and for status lists: "
			 "eddsa-rdfc-2022 (default), eddsa-jcs-2022, "
			 "ecdsa-rdfc-2019 or ecdsa-jcs-2019"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

/* The configuration key each option sets (none: not a setting). */
static const char *const setting[OPT_COUNT] = {
    [OPT_LISTEN] = "listen",
    [OPT_PORT] = "port",
    [OPT_BASE_URL] = "base_url",
    [OPT_BODY_MAX] = "body_max",
    [OPT_TIMEOUT] = "timeout",
    [OPT_THREADS] = "threads",
    [OPT_ACCESS_LOG] = "access_log",
    [OPT_RATE_LOGIN] = "rate_login",
    [OPT_RATE_VERIFY] = "rate_verify",
    [OPT_ADMIN_EMAIL] = "admin_email",
    [OPT_VERIFY_FETCH] = "verify_fetch",
    [OPT_CONNECTIONS_PER_ADDRESS] = "connections_per_address",
    [OPT_HEADER_TIMEOUT] = "header_timeout",
    [OPT_TRUSTED_PROXIES] = "trusted_proxies",
    [OPT_READ_DB] = "read_db",
    [OPT_JOB_WORKERS] = "job_workers",
    [OPT_JOB_LEASE] = "job_lease",
    [OPT_CRYPTOSUITE] = "cryptosuite",
};

const cli_command cmd_serve = {
    .name = "serve",
    .args = "[--config FILE] [--listen ADDR] [--port N] [OPTIONS]",
    .summary = "run the HTTP server: JSON API, VC API, public credential URLs",
    CLI_OPTIONS(options),
    .notes =
	"The environment can set the same: MICROCRED_LISTEN, MICROCRED_PORT,\n"
	"MICROCRED_BASE_URL, MICROCRED_BODY_MAX, MICROCRED_TIMEOUT,\n"
	"MICROCRED_THREADS, MICROCRED_ACCESS_LOG, MICROCRED_RATE_LOGIN,\n"
	"MICROCRED_RATE_VERIFY, MICROCRED_ADMIN_EMAIL, "
	"MICROCRED_VERIFY_FETCH,\n"
	"MICROCRED_CONNECTIONS_PER_ADDRESS, MICROCRED_HEADER_TIMEOUT,\n"
	"MICROCRED_TRUSTED_PROXIES, MICROCRED_READ_DB, MICROCRED_JOB_WORKERS,\n"
	"MICROCRED_JOB_LEASE, MICROCRED_CRYPTOSUITE; flags win.  SIGTERM\n"
	"stops after the requests in flight.\n"
	"\nOn a database without users, the first start creates the platform\n"
	"admin (password MICROCRED_ADMIN_PASSWORD, or a generated one printed\n"
	"once).\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	srv_server_config cfg = SRV_SERVER_CONFIG_INIT;
	char err[1200];
	cli_args a;
	int rc, i, error;

	if ((rc = cli_parse(&a, &cmd_serve, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_serve);
		return EXIT_USAGE;
	}
	cfg.db = g->db;
	if (srv_server_configure(&cfg, a.value[OPT_CONFIG], err, sizeof(err)) <
	    0) {
		fprintf(stderr, "microcred serve: %s\n", err);
		return EXIT_USAGE;
	}
	/* Flags last, so they win. */
	for (i = 0; i < OPT_COUNT; i++)
		if (a.value[i] && setting[i] &&
		    srv_server_set(&cfg, setting[i], a.value[i], err,
				   sizeof(err)) < 0) {
			fprintf(stderr, "microcred serve: %s\n", err);
			return EXIT_USAGE;
		}
	cfg.port_file = a.value[OPT_PORT_FILE];
	if (g->master_key_file) /* the global flag wins over the file */
		cfg.master_key_file = g->master_key_file;
	error = srv_server_run(&cfg);
	return error < 0 ? mc_error_exit_code(error) : 0;
}
