/*
 * The HTTP front door: a thin server over libmicrohttpd that calls the
 * library's public API and holds no business logic (lwan's routing table,
 * curl's tool/library split).
 *
 * Requests are routed by a static table {method, pattern, handler} (see
 * routes.c); every handler gets an srv_req and fills an srv_resp.  Request
 * memory comes from a per-request arena freed when the response is sent.
 * Each worker thread has its own store handle (SQLite handles are used by
 * one thread at a time).
 */
#ifndef SRV_SERVER_H
#define SRV_SERVER_H

#include <stddef.h>

#include <jansson.h>

#include "microcred/microcred.h"

/** Settings: a file of "key = value" lines, then MICROCRED_* environment
 * variables, then command-line flags, later ones winning. */
typedef struct {
	const char *listen;	 /**< address, default "127.0.0.1" */
	unsigned port;		 /**< 0: any free port (printed) */
	const char *db;		 /**< database location */
	const char *base_url;	 /**< overrides the database's, or NULL */
	size_t body_max;	 /**< request body cap, bytes (default 8 MiB) */
	unsigned timeout;	 /**< idle connection timeout, seconds (30) */
	unsigned threads;	 /**< worker threads (default: cores) */
	const char *access_log;	 /**< file for JSON access lines, "-" stderr,
				    NULL none */
	const char *port_file;	 /**< write the bound port here (tests) */
	unsigned rate_login;	 /**< sign-ins a minute per address (10) */
	unsigned rate_verify;	 /**< verifications a minute per address
				    (600; 0: unlimited) */
	const char *admin_email; /**< first-run platform admin
				    ("admin@localhost") */
	size_t cache_bytes;	 /**< response cache budget (8 MiB; 0: off),
				    see cache.h */
	const char *trust_anchors; /**< EDC seals: PEM bundles or trusted
				      lists, comma-separated, or NULL */
	const char *accreditation; /**< EDC: accreditation list file, or
				      NULL (the catalogue) */
	const char *tsa_url;	   /**< RFC 3161 TSA for EDC seals (B-T),
				      or NULL (B-B) */
	/** What verifying may fetch from other sites (their status lists,
	 * did:web documents, JWKS, credentials by URL):
	 * SRV_VERIFY_FETCH_PUBLIC (the default: public addresses only),
	 * SRV_VERIFY_FETCH_ANY (also loopback and private networks: a closed
	 * network, tests), SRV_VERIFY_FETCH_OFF (nothing: "cannot tell"). */
	int verify_fetch;
	/** Reverse proxies whose X-Forwarded-For is believed: addresses and
	 * CIDR ranges, comma-separated ("127.0.0.1, 10.0.0.0/8"), or NULL:
	 * none, every client is the connection's peer (client_addr.h). */
	const char *trusted_proxies;
	/** Connections one client address may hold at once (64; 0: no
	 * limit, for a server behind a proxy, where every client has the
	 * proxy's address).  At most SRV_SERVER_CONNECTIONS / 8, so that one
	 * address can take an eighth of the server at most. */
	unsigned connections_per_address;
	/** Seconds a connection has to complete its request headers, from
	 * connecting or from its previous answer (10); then it is closed,
	 * however slowly it trickles bytes. */
	unsigned header_timeout;
	/** The master key file (mc_store_options.master_key_file), or NULL:
	 * $MICROCRED_MASTER_KEY_FILE, else for SQLite "<db>.key" beside the
	 * database (docs/SEALS.md, "The master key"). */
	const char *master_key_file;
	/** A PostgreSQL hot standby of db (postgresql://...) that answers
	 * anonymous catalogue reads, or NULL: db answers everything
	 * (read_db.h, docs/OPERATIONS.md). */
	const char *read_db;
	/** Job worker threads of this node (2; 0: this node runs no jobs,
	 * other nodes on the database do), at most SRV_JOB_WORKERS_MAX. */
	unsigned job_workers;
	/** Seconds a running job's lease lasts without a heartbeat (60, at
	 * least 5): how long after a node dies another takes its job over.
	 * A roster heartbeats after every batch, so a batch must finish
	 * within it. */
	unsigned job_lease;
	/** The platform's OB 3.0 cryptosuite (one of mc_cryptosuites),
	 * written to the store at start (mc_cryptosuite_set_default()):
	 * credentials whose request names none and status list credentials
	 * are signed with it; NULL: the store's as it is (eddsa-rdfc-2022
	 * until one is set). */
	const char *cryptosuite;
} srv_server_config;

/** Connections the server holds at once, over all clients. */
#define SRV_SERVER_CONNECTIONS 1024u

enum {
	SRV_VERIFY_FETCH_PUBLIC = 0,
	SRV_VERIFY_FETCH_ANY,
	SRV_VERIFY_FETCH_OFF
};

#define SRV_SERVER_CONFIG_INIT                                                 \
	{                                                                      \
		"127.0.0.1", 8080, "microcred.db", NULL, 8u * 1024 * 1024, 30, \
		    0, "-", NULL, 10, 600, "admin@localhost",                  \
		    8u * 1024 * 1024, NULL, NULL, NULL,                        \
		    SRV_VERIFY_FETCH_PUBLIC, NULL, 64, 10, NULL, NULL, 2, 60,  \
		    NULL                                                       \
	}

/**
 * Apply a configuration file ("key = value", '#' comments; keys listen,
 * port, db, base_url, body_max, timeout, threads, access_log, rate_login,
 * rate_verify, admin_email, cache_bytes, trust_anchors, accreditation,
 * tsa_url, verify_fetch, trusted_proxies, connections_per_address,
 * header_timeout, master_key_file, read_db, job_workers, job_lease,
 * cryptosuite) and then the environment
 * (MICROCRED_LISTEN, MICROCRED_PORT, MICROCRED_DB, MICROCRED_BASE_URL,
 * MICROCRED_BODY_MAX, MICROCRED_TIMEOUT, MICROCRED_THREADS,
 * MICROCRED_ACCESS_LOG, MICROCRED_RATE_LOGIN, MICROCRED_RATE_VERIFY,
 * MICROCRED_ADMIN_EMAIL, MICROCRED_CACHE_BYTES, MICROCRED_TRUST_ANCHORS,
 * MICROCRED_ACCREDITATION, MICROCRED_TSA_URL, MICROCRED_VERIFY_FETCH,
 * MICROCRED_TRUSTED_PROXIES, MICROCRED_CONNECTIONS_PER_ADDRESS,
 * MICROCRED_HEADER_TIMEOUT, MICROCRED_READ_DB, MICROCRED_JOB_WORKERS,
 * MICROCRED_JOB_LEASE, MICROCRED_CRYPTOSUITE).
 * Strings are kept in static
 * storage owned by this module.  Returns 0, or MC_EINVALID / MC_EIO with
 * the reason (file, line, key) in err.
 */
int srv_server_configure(srv_server_config *cfg, const char *file, char *err,
			 size_t errlen);

/** Apply one setting by its configuration-file key ("port", "listen" ...).
 * Returns 0, or MC_EINVALID with the key and value named in err. */
int srv_server_set(srv_server_config *cfg, const char *key, const char *value,
		   char *err, size_t errlen);

/**
 * Serve until SIGTERM or SIGINT, then stop accepting, finish the requests
 * in flight and return 0.  Prints "listening on http://ADDR:PORT" to
 * stdout once bound.  On a database without users it first creates the
 * platform admin `admin_email` (password MICROCRED_ADMIN_PASSWORD, or a
 * generated one) and prints, after that line, "first sign-in:
 * http://ADDR:PORT/login as EMAIL with password PW (shown once; change
 * it)"; a bad admin_email or MICROCRED_ADMIN_PASSWORD is reported on
 * stderr and the server starts without an admin.  Returns MC_EIO (cannot
 * bind), MC_EDB (database).
 */
int srv_server_run(const srv_server_config *cfg);

#endif
