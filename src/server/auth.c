/*
 * Who is asking (see auth.h): the principal of a request from an API
 * token or the session cookie, the CSRF check, the gate of every write,
 * session cookies, and per-address rate limits.
 *
 * The policy is the library's (mc_authz_check); this file only turns its
 * answers into HTTP: 401 (or a 303 to the sign-in page for browsers), 403
 * with the policy's reason, 404 for an unknown MC.
 */
#include "auth.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "client_addr.h"
#include "form.h"

/* Longest token we look up: longer strings are not ours. */
#define TOKEN_MAX 128

/* ---- the principal ------------------------------------------------------ */

static void free_principal(void *p)
{
	mc_principal_free(p);
}

/* Non-zero if `s[0..n)` is 1..TOKEN_MAX base64url characters. */
static int token_chars(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > TOKEN_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

const char *srv_auth_session_token(srv_req *req)
{
	static const char name[] = SRV_SESSION_COOKIE "=";
	const char *c = srv_req_header(req, "Cookie"), *v;
	size_t n;
	char *copy;

	/* "a=b; mc_session=TOKEN; c=d": the first cookie of that name. */
	for (; c && *c; c += strcspn(c, ";"), c += *c == ';') {
		c += strspn(c, " \t");
		if (strncmp(c, name, sizeof(name) - 1) != 0)
			continue;
		v = c + sizeof(name) - 1;
		n = strcspn(v, "; \t");
		if (!token_chars(v, n))
			return NULL;
		if ((copy = srv_arena_alloc(req->arena, n + 1))) {
			memcpy(copy, v, n);
			copy[n] = '\0';
		}
		return copy;
	}
	return NULL;
}

/* The token of "Authorization: Bearer TOKEN", or NULL.  *present is set
 * when the request has an Authorization header at all. */
static const char *bearer(srv_req *req, int *present)
{
	const char *a = srv_req_header(req, "Authorization");
	size_t n;

	*present = a != NULL;
	if (!a || strncasecmp(a, "Bearer ", 7) != 0)
		return NULL;
	a += 7;
	a += strspn(a, " ");
	n = strcspn(a, " \t");
	if (a[n] || !token_chars(a, n))
		return NULL;
	return a;
}

const mc_principal *srv_auth_who(srv_req *req)
{
	mc_principal *who = NULL;
	const char *token;
	int has_auth, error;

	if (req->who_done_)
		return req->who_;
	req->who_done_ = 1;
	if (!req->store)
		return NULL;
	srv_auth_audit_client(req);
	/* An Authorization header decides alone: a bad token is anonymous
	 * even when a session cookie rides along. */
	token = bearer(req, &has_auth);
	if (has_auth) {
		if (!token)
			return NULL;
		error = mc_token_resolve(req->store, &who, token);
	} else {
		if (!(token = srv_auth_session_token(req)))
			return NULL;
		error = mc_session_resolve(req->store, &who, token);
	}
	if (error < 0 || !who || !who->user) {
		mc_principal_free(who);
		return NULL;
	}
	if (srv_arena_defer(req->arena, free_principal, who) < 0)
		return NULL; /* freed by srv_arena_defer */
	req->who_ = who;
	return who;
}

void srv_auth_audit_client(srv_req *req)
{
	if (req->store)
		mc_audit_set_client(req->store, srv_client_addr(req));
}

/* ---- CSRF -----------------------------------------------------------------
 */

/* Compare in time that depends only on the length of `want`. */
static int same_secret(const char *got, const char *want)
{
	size_t n = strlen(want), m = strlen(got), i;
	unsigned char diff = (unsigned char)(n != m);

	for (i = 0; i < n; i++)
		diff |= (unsigned char)(want[i] ^ (i < m ? got[i] : 0));
	return diff == 0;
}

static int safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

int srv_auth_csrf_ok(srv_req *req)
{
	const mc_principal *who;
	const char *got;
	char err[160];

	if (safe_method(req->method))
		return 1;
	if (!(who = srv_auth_who(req)))
		return 0;
	if (!who->csrf)
		return 1; /* an API token: browsers never send it by themselves
			   */
	if (!(got = srv_req_header(req, "X-CSRF-Token"))) {
		/* MC_EUSAGE (not a form) and MC_EINVALID leave no field. */
		srv_form_parse(req, err, sizeof(err));
		got = srv_form_get(req, "csrf");
	}
	return got && *who->csrf && same_secret(got, who->csrf);
}

/* ---- the gate ---------------------------------------------------------------
 */

/* Non-zero for the characters a URL query value keeps as they are. */
static int url_plain(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || strchr("-._~/", c);
}

/* 401 for API clients, a 303 to /login?next=PATH for browsers. */
static int not_signed_in(srv_req *req, srv_resp *resp)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char login[] = "/login?next=";
	const unsigned char *p = (const unsigned char *)req->path;
	size_t n = strlen(req->path), i = sizeof(login) - 1;
	char *loc;

	if (!srv_req_wants_html(req)) {
		srv_resp_problem(resp, 401, "Unauthorized",
				 "sign in (POST /api/v1/session) or send "
				 "\"Authorization: Bearer\" with an API token",
				 NULL);
		resp->private_ = 1;
		return -1;
	}
	if (!(loc = srv_arena_alloc(req->arena, sizeof(login) + 3 * n))) {
		srv_resp_problem(resp, 500, "Internal Server Error",
				 "out of memory", NULL);
		return -1;
	}
	memcpy(loc, login, i);
	for (; *p; p++) {
		if (url_plain(*p)) {
			loc[i++] = (char)*p;
		} else {
			loc[i++] = '%';
			loc[i++] = hex[*p >> 4];
			loc[i++] = hex[*p & 15];
		}
	}
	loc[i] = '\0';
	srv_resp_redirect(resp, req, loc);
	resp->private_ = 1;
	return -1;
}

int srv_auth_signed_in(srv_req *req, srv_resp *resp)
{
	if (!srv_auth_who(req))
		return not_signed_in(req, resp);
	if (!srv_auth_csrf_ok(req)) {
		srv_resp_problem(resp, 403, "Forbidden",
				 "CSRF token missing or wrong", NULL);
		resp->private_ = 1;
		return -1;
	}
	return 0;
}

int srv_auth_require(srv_req *req, srv_resp *resp, mc_action act,
		     const char *org_id, const char *mc_id)
{
	char why[256] = "";
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return -1;
	error = mc_authz_check(req->store, srv_auth_who(req), act, org_id,
			       mc_id, why, sizeof(why));
	if (error == 0)
		return 0;
	resp->private_ = 1;
	switch (error) {
	case MC_EUSAGE: /* signed in: the caller named no organisation */
		srv_resp_problem(resp, 400, "Bad Request",
				 *why ? why : "no organisation given", NULL);
		return -1;
	case MC_EFORBIDDEN:
		srv_resp_problem(resp, 403, "Forbidden",
				 *why ? why : "not allowed", NULL);
		return -1;
	case MC_ENOTFOUND:
		srv_resp_problem(resp, 404, "Not Found",
				 *why ? why : "no such micro-credential", NULL);
		return -1;
	default:
		srv_resp_error(resp, req, error);
		return -1;
	}
}

/* ---- where to go after signing in ----------------------------------------
 */

/* The value of hex digit `c`, or -1. */
static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *srv_auth_next_path(const char *next)
{
	char first[2] = {0}; /* the first two bytes, decoded */
	size_t n, i, j = 0;

	if (!next || (n = strlen(next)) == 0 || n > 2048)
		return SRV_AUTH_NEXT_DEFAULT;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)next[i];
		int hi, lo;

		if (c <= 0x20 || c >= 0x7f)
			return SRV_AUTH_NEXT_DEFAULT; /* raw: printable only */
		if (c == '%') {
			if (i + 2 >= n)
				return SRV_AUTH_NEXT_DEFAULT;
			if ((hi = hex_value((unsigned char)next[i + 1])) < 0 ||
			    (lo = hex_value((unsigned char)next[i + 2])) < 0)
				return SRV_AUTH_NEXT_DEFAULT;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return SRV_AUTH_NEXT_DEFAULT;
		if (j < sizeof(first))
			first[j] = (char)c;
		j++;
	}
	if (first[0] != '/' || first[1] == '/')
		return SRV_AUTH_NEXT_DEFAULT;
	return next;
}

/* ---- cookies ----------------------------------------------------------------
 */

static void add_cookie(srv_resp *resp, const char *value)
{
	if (!value)
		return;
	if (!resp->set_cookie[0])
		resp->set_cookie[0] = value;
	else
		resp->set_cookie[1] = value;
	resp->private_ = 1;
}

static const char *secure(srv_req *req)
{
	const char *base = req->store ? mc_store_base_url(req->store) : NULL;

	return base && strncasecmp(base, "https://", 8) == 0 ? "; Secure" : "";
}

static char *cookie(srv_req *req, const char *token, long max_age)
{
	size_t n = strlen(token) + 128;
	char *c = srv_arena_alloc(req->arena, n);

	if (c)
		snprintf(c, n,
			 SRV_SESSION_COOKIE "=%s; Path=/; HttpOnly; "
					    "SameSite=Lax; Max-Age=%ld%s",
			 token, max_age, secure(req));
	return c;
}

void srv_auth_set_cookie(srv_req *req, srv_resp *resp, const char *token)
{
	add_cookie(resp, cookie(req, token, MC_SESSION_MAX));
}

void srv_auth_clear_cookie(srv_req *req, srv_resp *resp)
{
	add_cookie(resp, cookie(req, "", 0));
}

/* ---- rate limits
 * -------------------------------------------------------------
 *
 * A token bucket per client address and class: `per_minute` units at
 * most, refilled at per_minute / 60 a second.  IPv6 clients are counted
 * by their /64 (one host usually holds the whole prefix).  The buckets
 * are the store's (mc_rate_take), so every node on the database takes
 * from the same one and two nodes behind a proxy give no more than one.
 *
 * When the store cannot answer (the database is unreachable, a read-only
 * standby), the request takes from a bucket in this process's memory
 * instead, as do those of the next RATE_STORE_RETRY seconds without
 * asking the store, and the first such failure is logged (then the first
 * success after it): a database outage neither lifts the limit (each
 * node still counts, as before the buckets were shared) nor locks
 * everyone out.
 *
 * The memory table is fixed (RATE_SLOTS per class, a few hundred KiB in
 * all): an address is looked for in RATE_PROBE slots after its hash; a
 * new address takes a free slot there or the one least recently used, so
 * memory never grows, and an address pushed out comes back with a full
 * bucket, as it would after a quiet minute.
 */

#define RATE_SLOTS 4096
#define RATE_PROBE 8

struct bucket {
	unsigned char addr[16];
	int used;
	double tokens;
	double at; /* monotonic seconds of the last refill */
};

static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned rate_budget[SRV_RATE__COUNT] = {10, 600};
static uint64_t rate_seed = 0x9e3779b97f4a7c15ULL;
static struct bucket rate_table[SRV_RATE__COUNT][RATE_SLOTS];

void srv_rate_configure(srv_rate_class cls, unsigned per_minute)
{
	struct timespec t;

	if ((unsigned)cls >= SRV_RATE__COUNT)
		return;
	clock_gettime(CLOCK_REALTIME, &t);
	pthread_mutex_lock(&rate_lock);
	rate_budget[cls] = per_minute;
	rate_seed ^= (uint64_t)t.tv_nsec * 0x100000001b3ULL ^
		     (uint64_t)t.tv_sec ^ ((uint64_t)getpid() << 32);
	memset(rate_table[cls], 0, sizeof(rate_table[cls]));
	pthread_mutex_unlock(&rate_lock);
}

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t addr_hash(const unsigned char addr[16])
{
	uint64_t h = rate_seed;
	size_t i;

	for (i = 0; i < 16; i++) {
		h ^= addr[i];
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The bucket of `addr` in `table`, claimed when absent (lock held). */
static struct bucket *bucket_of(struct bucket *table,
				const unsigned char addr[16], double capacity,
				double now)
{
	size_t h = addr_hash(addr), i;
	struct bucket *b, *pick = NULL;

	for (i = 0; i < RATE_PROBE; i++) {
		b = &table[(h + i) % RATE_SLOTS];
		if (b->used && memcmp(b->addr, addr, 16) == 0)
			return b;
		if (!pick || (pick->used && (!b->used || b->at < pick->at)))
			pick = b;
	}
	memcpy(pick->addr, addr, 16);
	pick->used = 1;
	pick->tokens = capacity;
	pick->at = now;
	return pick;
}

/* A take from the memory bucket of `addr` (the /64 for IPv6); the wait
 * in seconds, 0 when taken. */
static long memory_take(srv_rate_class cls, const unsigned char addr16[16],
			int family, unsigned budget)
{
	unsigned char addr[16];
	double now = now_seconds(), rate = budget / 60.0;
	struct bucket *b;
	long wait = 0;

	memcpy(addr, addr16, 16);
	if (family == 6 && !(addr[10] == 0xff && addr[11] == 0xff &&
			     memcmp(addr, "\0\0\0\0\0\0\0\0\0\0", 10) == 0))
		memset(addr + 8, 0, 8); /* IPv6: the /64 */
	pthread_mutex_lock(&rate_lock);
	b = bucket_of(rate_table[cls], addr, budget, now);
	b->tokens += (now - b->at) * rate;
	if (b->tokens > budget)
		b->tokens = budget;
	b->at = now;
	if (b->tokens >= 1.0)
		b->tokens -= 1.0;
	else
		wait = (long)((1.0 - b->tokens) / rate) + 1; /* rounded up */
	pthread_mutex_unlock(&rate_lock);
	return wait;
}

/* Seconds the store is left alone after a take from it failed: a
 * database that does not answer would otherwise hold every sign-in and
 * verification for the time its connection takes to give up. */
#define RATE_STORE_RETRY 5.0

/* Whether the last take from the store failed, and until when (monotonic
 * seconds) takes count in memory without asking it (rate_lock). */
static int rate_store_down;
static double rate_store_retry;

/* Whether to ask the store now. */
static int store_usable(void)
{
	int usable;

	pthread_mutex_lock(&rate_lock);
	usable = !rate_store_down || now_seconds() >= rate_store_retry;
	pthread_mutex_unlock(&rate_lock);
	return usable;
}

/* Record how the store's take went; log the first failure and the first
 * success after failures, once each. */
static void store_state(int down, const char *why)
{
	int was;

	pthread_mutex_lock(&rate_lock);
	was = rate_store_down;
	rate_store_down = down;
	if (down)
		rate_store_retry = now_seconds() + RATE_STORE_RETRY;
	pthread_mutex_unlock(&rate_lock);
	if (down && !was)
		fprintf(stderr,
			"microcred serve: rate limits: the database did not "
			"answer (%s); counting in this node's memory until "
			"it does\n",
			why);
	else if (!down && was)
		fprintf(stderr, "microcred serve: rate limits: shared through "
				"the database again\n");
}

int srv_rate_take(srv_req *req, srv_resp *resp, srv_rate_class cls)
{
	static const mc_rate_class lib_class[SRV_RATE__COUNT] = {
	    [SRV_RATE_LOGIN] = MC_RATE_SIGN_IN,
	    [SRV_RATE_VERIFY] = MC_RATE_VERIFY,
	};
	unsigned char addr[16];
	unsigned budget, shared;
	long wait = 0;
	char *after;
	int family;

	if ((unsigned)cls >= SRV_RATE__COUNT)
		return 0;
	pthread_mutex_lock(&rate_lock);
	budget = rate_budget[cls];
	pthread_mutex_unlock(&rate_lock);
	if (!budget)
		return 0;
	family = srv_client_addr_bytes(req, addr);
	if (!req->store || !store_usable()) {
		wait = memory_take(cls, addr, family, budget);
	} else if (mc_rate_take(req->store, &shared, lib_class[cls], addr,
				budget) == 0) {
		store_state(0, NULL);
		wait = (long)shared;
	} else {
		store_state(1, mc_store_errmsg(req->store));
		wait = memory_take(cls, addr, family, budget);
	}
	if (wait <= 0)
		return 0;
	if ((after = srv_arena_alloc(req->arena, 24))) {
		snprintf(after, 24, "%ld", wait);
		resp->retry_after = after;
	}
	{
		char detail[160];

		snprintf(detail, sizeof(detail),
			 "too many %s from your address (%u a minute); try "
			 "again in %ld s",
			 cls == SRV_RATE_LOGIN ? "sign-in attempts"
					       : "verifications",
			 budget, wait);
		srv_resp_problem(resp, 429, "Too Many Requests", detail, NULL);
	}
	return -1;
}
