/*
 * The client's address: the peer of the connection, or, when the peer is
 * a reverse proxy the operator trusts (the trusted_proxies setting), the
 * address that proxy saw in X-Forwarded-For.  The audit log, the access
 * log and the rate limits all count this one address.
 */
#ifndef SRV_CLIENT_ADDR_H
#define SRV_CLIENT_ADDR_H

#include <stddef.h>

#include "http.h"

/** Longest list of trusted proxies. */
#define SRV_PROXIES_MAX 32

/** One address range: 16 bytes (IPv4 as ::ffff:a.b.c.d) and a prefix
 * length in bits of those 16 bytes (an IPv4 /8 is 104). */
typedef struct {
	unsigned char addr[16];
	unsigned bits;
} srv_cidr;

/**
 * Parse a list of addresses and ranges separated by commas or spaces
 * ("127.0.0.1, 10.0.0.0/8, ::1, fd00::/8") into `out` (at most `max`).
 * An empty list gives none.  Returns 0, or MC_EINVALID naming the entry
 * and the reason in `err`.
 */
int srv_cidr_list_parse(srv_cidr *out, size_t max, size_t *count,
			const char *list, char *err, size_t errlen);

/** Non-zero when `addr` (16 bytes) is in one of the ranges. */
int srv_cidr_list_has(const srv_cidr *list, size_t count,
		      const unsigned char addr[16]);

/**
 * The client's address given the connection's peer `peer` (16 bytes) and
 * the request's X-Forwarded-For values `xff` (every such header, joined by
 * commas; NULL: none), trusting the proxies `list`: the peer when it is
 * not a trusted proxy; else the hops of X-Forwarded-For are read from the
 * right, each trusted proxy passing on to the hop before it, and the first
 * hop that is not a trusted proxy is the client.  A hop that is not an
 * address (a port, "unknown", garbage) stops the walk: the last address
 * reached counts.  The address goes to `out` (16 bytes).
 */
void srv_client_pick(unsigned char out[16], const unsigned char peer[16],
		     const char *xff, const srv_cidr *list, size_t count);

/** An address as text: "203.0.113.7" for IPv4 (mapped), else IPv6
 * ("2001:db8::1").  `out` holds 46 bytes. */
void srv_client_format(char out[46], const unsigned char addr[16]);

/**
 * Set the trusted proxies of this process from the trusted_proxies
 * setting (NULL or "": none, so X-Forwarded-For is never read).  Called
 * once at start, before the worker threads.  Returns 0 or MC_EINVALID
 * (`err` says why; the previous list stays).
 */
int srv_client_trust(const char *list, char *err, size_t errlen);

/**
 * The client of `req` as 16 bytes in `out` (see srv_client_pick, with the
 * list of srv_client_trust).  Returns 4 or 6, or 0 when the peer is
 * unknown (out zeroed).
 */
int srv_client_addr_bytes(srv_req *req, unsigned char out[16]);

/** The client of `req` as text in the request's arena ("" when unknown
 * or out of memory). */
const char *srv_client_addr(srv_req *req);

#endif
