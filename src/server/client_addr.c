/*
 * The client's address (see client_addr.h).  X-Forwarded-For is written
 * by whoever sends the request, so it is read only when the connection
 * comes from a proxy the operator listed, and then only as far to the
 * left as proxies the operator listed vouch for it: the rightmost hop
 * that is not one of them is the client.
 */
#include "client_addr.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest X-Forwarded-For text read (every such header joined). */
#define XFF_MAX 4096

static pthread_mutex_t trust_lock = PTHREAD_MUTEX_INITIALIZER;
static srv_cidr trusted[SRV_PROXIES_MAX];
static size_t ntrusted;

/* Parse one address ("10.0.0.1", "::1", "[::1]") of `len` bytes into 16
 * bytes.  Returns 4, 6, or 0 when it is not an address. */
static int addr_parse(unsigned char out[16], const char *s, size_t len)
{
	char buf[64];
	struct in_addr v4;

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(out, 0, 16);
	if (inet_pton(AF_INET, buf, &v4) == 1) {
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &v4.s_addr, 4);
		return 4;
	}
	return inet_pton(AF_INET6, buf, out) == 1 ? 6 : 0;
}

int srv_cidr_list_parse(srv_cidr *out, size_t max, size_t *count,
			const char *list, char *err, size_t errlen)
{
	const char *p = list ? list : "", *slash;
	size_t n = 0, len;
	unsigned long bits;
	int family;

	*count = 0;
	for (;;) {
		p += strspn(p, ", \t");
		if (!*p)
			break;
		len = strcspn(p, ", \t");
		if (n == max) {
			snprintf(err, errlen,
				 "trusted_proxies: more than %zu entries", max);
			return MC_EINVALID;
		}
		slash = memchr(p, '/', len);
		family = addr_parse(out[n].addr, p,
				    slash ? (size_t)(slash - p) : len);
		if (!family) {
			snprintf(err, errlen,
				 "trusted_proxies: '%.*s' is not an IPv4 or "
				 "IPv6 address",
				 (int)(len > 60 ? 60 : len), p);
			return MC_EINVALID;
		}
		bits = family == 4 ? 32 : 128;
		if (slash) {
			char digits[8];
			size_t dlen = len - (size_t)(slash - p) - 1;

			if (dlen == 0 || dlen >= sizeof(digits) ||
			    strspn(slash + 1, "0123456789") < dlen) {
				snprintf(err, errlen,
					 "trusted_proxies: '%.*s': the prefix "
					 "length is not a number",
					 (int)(len > 60 ? 60 : len), p);
				return MC_EINVALID;
			}
			memcpy(digits, slash + 1, dlen);
			digits[dlen] = '\0';
			bits = strtoul(digits, NULL, 10);
			if (bits > (family == 4 ? 32u : 128u)) {
				snprintf(err, errlen,
					 "trusted_proxies: '%.*s': the prefix "
					 "length is more than %d",
					 (int)(len > 60 ? 60 : len), p,
					 family == 4 ? 32 : 128);
				return MC_EINVALID;
			}
		}
		out[n].bits = (unsigned)bits + (family == 4 ? 96 : 0);
		n++;
		p += len;
	}
	*count = n;
	return 0;
}

int srv_cidr_list_has(const srv_cidr *list, size_t count,
		      const unsigned char addr[16])
{
	size_t i, whole;
	unsigned rest;
	unsigned char mask;

	for (i = 0; i < count; i++) {
		whole = list[i].bits / 8;
		rest = list[i].bits % 8;
		if (memcmp(list[i].addr, addr, whole) != 0)
			continue;
		mask = (unsigned char)(0xff << (8 - rest));
		if (rest && ((list[i].addr[whole] ^ addr[whole]) & mask))
			continue;
		return 1;
	}
	return 0;
}

void srv_client_pick(unsigned char out[16], const unsigned char peer[16],
		     const char *xff, const srv_cidr *list, size_t count)
{
	unsigned char hop[16];
	const char *end = xff ? xff + strlen(xff) : NULL, *start;
	size_t len;

	memcpy(out, peer, 16);
	while (end && srv_cidr_list_has(list, count, out)) {
		/* The hop before `end`, without spaces and tabs. */
		while (end > xff && strchr(", \t", end[-1]))
			end--;
		if (end == xff)
			return;
		for (start = end; start > xff && !strchr(", \t", start[-1]);)
			start--;
		len = (size_t)(end - start);
		if (!addr_parse(hop, start, len))
			return;
		memcpy(out, hop, 16);
		end = start;
	}
}

void srv_client_format(char out[46], const unsigned char addr[16])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0,	   0,
						 0, 0, 0, 0, 0xff, 0xff};

	if (memcmp(addr, mapped, 12) == 0) {
		if (!inet_ntop(AF_INET, addr + 12, out, 46))
			out[0] = '\0';
	} else if (!inet_ntop(AF_INET6, addr, out, 46)) {
		out[0] = '\0';
	}
}

int srv_client_trust(const char *list, char *err, size_t errlen)
{
	srv_cidr parsed[SRV_PROXIES_MAX];
	size_t n;

	if (srv_cidr_list_parse(parsed, SRV_PROXIES_MAX, &n, list, err, errlen))
		return MC_EINVALID;
	pthread_mutex_lock(&trust_lock);
	memcpy(trusted, parsed, n * sizeof(*parsed));
	ntrusted = n;
	pthread_mutex_unlock(&trust_lock);
	return 0;
}

struct xff {
	char text[XFF_MAX];
	size_t len;
	int cut; /* longer than XFF_MAX: not read at all */
};

/* Join every X-Forwarded-For header (a client may send several; proxies
 * append to the last one or add their own) with commas. */
static enum MHD_Result xff_join(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *value)
{
	struct xff *x = cls;
	size_t n;

	(void)kind;
	if (!key || !value || strcasecmp(key, "X-Forwarded-For") != 0)
		return MHD_YES;
	n = strlen(value);
	if (x->len + n + 2 > sizeof(x->text)) {
		x->cut = 1;
		return MHD_NO;
	}
	if (x->len)
		x->text[x->len++] = ',';
	memcpy(x->text + x->len, value, n + 1);
	x->len += n;
	return MHD_YES;
}

int srv_client_addr_bytes(srv_req *req, unsigned char out[16])
{
	unsigned char peer[16];
	srv_cidr list[SRV_PROXIES_MAX];
	size_t n;
	struct xff x;
	int family = srv_req_client_addr(req, peer);

	memcpy(out, peer, 16);
	if (!family)
		return 0;
	pthread_mutex_lock(&trust_lock);
	n = ntrusted;
	memcpy(list, trusted, n * sizeof(*list));
	pthread_mutex_unlock(&trust_lock);
	if (!n || !srv_cidr_list_has(list, n, peer))
		return family;
	x.len = 0;
	x.cut = 0;
	x.text[0] = '\0';
	MHD_get_connection_values((struct MHD_Connection *)req->conn,
				  MHD_HEADER_KIND, xff_join, &x);
	/* An oversized header is not read: the proxy is the client. */
	srv_client_pick(out, peer, x.cut ? NULL : x.text, list, n);
	return memcmp(out, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0 ? 4 : 6;
}

const char *srv_client_addr(srv_req *req)
{
	unsigned char addr[16];
	char text[46] = "";

	if (req->client_) /* once per request: the audit, the access log */
		return req->client_;
	if (srv_client_addr_bytes(req, addr))
		srv_client_format(text, addr);
	req->client_ = srv_arena_strdup(req->arena, text);
	return req->client_ ? req->client_ : "";
}
