/*
 * microcred serve: the HTTP server (src/server) on the database.
 */
#include <stdlib.h>

#include "cli.h"
#include "server.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_serve = {
    .name = "serve",
    .args = "[--config FILE] [--listen ADDR] [--port N] [OPTIONS]",
    .summary = "run the HTTP server: JSON API, VC API, public credential URLs",
    .notes =
	"  --config FILE     key = value settings (listen, port, db, "
	"base_url,\n"
	"                    body_max, timeout, threads, access_log,\n"
	"                    rate_login, rate_verify, admin_email,\n"
	"                    verify_fetch, connections_per_address,\n"
	"                    header_timeout, trusted_proxies)\n"
	"  --listen ADDR     IPv4 address (default 127.0.0.1)\n"
	"  --port N          TCP port (default 8080; 0: any free port)\n"
	"  --base-url URL    public base URL of stable URIs\n"
	"  --body-max BYTES  request body limit (default 8 MiB)\n"
	"  --timeout SEC     idle connection timeout (default 30)\n"
	"  --threads N       worker threads (default: one per core)\n"
	"  --access-log F    JSON access log ('-' stderr, the default)\n"
	"  --port-file F     write the bound port to F\n"
	"  --rate-login N    sign-in attempts a minute per address (default "
	"10)\n"
	"  --rate-verify N   verifications a minute per address (default 600;\n"
	"                    0: unlimited)\n"
	"  --admin-email E   first-run platform admin (default "
	"admin@localhost)\n"
	"  --verify-fetch public|any|off\n"
	"                    what verifying may fetch from other sites "
	"(status\n"
	"                    lists, did:web, credentials by URL): public\n"
	"                    addresses only (default), also loopback and\n"
	"                    private networks, or nothing\n"
	"  --connections-per-address N\n"
	"                    connections one client address may hold (default\n"
	"                    64, at most 128; 0: no limit, behind a proxy)\n"
	"  --header-timeout SEC\n"
	"                    a connection that has not sent its request\n"
	"                    headers this long after connecting or after its\n"
	"                    previous answer is closed (default 10)\n"
	"  --trusted-proxies LIST\n"
	"                    reverse proxies (addresses, CIDR ranges, comma-\n"
	"                    separated) whose X-Forwarded-For names the "
	"client\n"
	"                    (default: none, X-Forwarded-For is ignored)\n"
	"\nThe environment can set the same: MICROCRED_LISTEN, "
	"MICROCRED_PORT,\n"
	"MICROCRED_BASE_URL, MICROCRED_BODY_MAX, MICROCRED_TIMEOUT,\n"
	"MICROCRED_THREADS, MICROCRED_ACCESS_LOG, MICROCRED_RATE_LOGIN,\n"
	"MICROCRED_RATE_VERIFY, MICROCRED_ADMIN_EMAIL, "
	"MICROCRED_VERIFY_FETCH,\n"
	"MICROCRED_CONNECTIONS_PER_ADDRESS, MICROCRED_HEADER_TIMEOUT,\n"
	"MICROCRED_TRUSTED_PROXIES;\n"
	"flags win.  SIGTERM stops\n"
	"after the requests in flight.\n"
	"\nOn a database without users, the first start creates the platform\n"
	"admin (password MICROCRED_ADMIN_PASSWORD, or a generated one printed\n"
	"once).\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"config=",
					   "listen=",
					   "port=",
					   "base-url=",
					   "body-max=",
					   "timeout=",
					   "threads=",
					   "access-log=",
					   "port-file=",
					   "rate-login=",
					   "rate-verify=",
					   "admin-email=",
					   "verify-fetch=",
					   "connections-per-address=",
					   "header-timeout=",
					   "trusted-proxies=",
					   NULL};
	/* The configuration key of each flag (NULL: not a setting). */
	static const char *const keys[] = {NULL,
					   "listen",
					   "port",
					   "base_url",
					   "body_max",
					   "timeout",
					   "threads",
					   "access_log",
					   NULL,
					   "rate_login",
					   "rate_verify",
					   "admin_email",
					   "verify_fetch",
					   "connections_per_address",
					   "header_timeout",
					   "trusted_proxies"};
	const char *v[16];
	mc_server_config cfg = MC_SERVER_CONFIG_INIT;
	char err[1200];
	int npos, help, rc, i, error;

	if ((rc = cli_parse_spec(&cmd_serve, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos) {
		cli_usage(stderr, &cmd_serve);
		return EXIT_USAGE;
	}
	cfg.db = g->db;
	if (mc_server_configure(&cfg, v[0], err, sizeof(err)) < 0) {
		fprintf(stderr, "microcred serve: %s\n", err);
		return EXIT_USAGE;
	}
	/* Flags last, so they win. */
	for (i = 1; i < 16; i++)
		if (v[i] && keys[i] &&
		    mc_server_set(&cfg, keys[i], v[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "microcred serve: %s\n", err);
			return EXIT_USAGE;
		}
	cfg.port_file = v[8];
	error = mc_server_run(&cfg);
	return error < 0 ? mc_error_exit_code(error) : 0;
}
