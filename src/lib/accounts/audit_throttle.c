/*
 * Refusals in the audit log, bounded.  Anyone can be refused (a bad
 * password, a bad API token) as often as they can send requests, and the
 * audit log is append-only, so recording every refusal would let one
 * client fill the disk and bury everything else in the log.
 *
 * The contract:
 *
 * - Per client address and kind of refusal (the audit action), the first
 *   MC__THROTTLE_PER_ADDRESS refusals of a window are recorded singly.  A
 *   window is MC__THROTTLE_WINDOW seconds from the first refusal of that
 *   address and kind.  IPv6 addresses count by their /64, as the rate
 *   limits do (one host usually holds the whole prefix).
 * - Past that, refusals are counted, and the count is written as one
 *   entry: actor "anonymous", action "audit.suppressed", the kind as
 *   subject, the address as client, and the reason "N more KIND from
 *   ADDRESS between T1 and T2" (the first and the last refusal counted).
 *   It is written when the window has closed, by the next refusal from
 *   anyone or the next read of the log (mc_audit_list), whichever comes
 *   first, or when the server stops (mc_audit_flush).
 * - From all addresses together, at most MC__THROTTLE_ALL entries (single
 *   refusals and addresses' summaries) are written in a window; the rest
 *   is counted per kind and written as one entry per kind without a
 *   client: "N more KIND from other addresses between T1 and T2".
 * - Memory is fixed: MC__THROTTLE_SLOTS addresses are remembered.  A new
 *   address takes a free slot near its hash or the least recently seen
 *   one there; what the evicted address had counted and not yet written
 *   goes into its kind's count for all addresses, so it is not lost.
 *
 * So in any window the log grows by at most MC__THROTTLE_ALL entries plus
 * one per kind, however many addresses a client has, and every refusal is
 * either an entry or part of a count.  One lock serialises the table; the
 * entries are written after it is released.
 */
#include "audit_throttle.h"

#include <arpa/inet.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "microcred/account.h"

#include "util/timeutil.h"

#define PROBE	 8	      /* slots looked at after an address's hash */
#define KINDS	 8	      /* kinds of refusal (2 in use) */
#define KIND_MAX 32	      /* longest kind name, with its NUL */
#define ADDR_MAX 46	      /* as the store's audit_client */
#define BATCH	 (32 + KINDS) /* summaries written by one call */

/* Refusals counted and not recorded singly. */
struct count {
	unsigned long long n;
	long long first, last;
};

struct slot {
	char addr[ADDR_MAX]; /* "" when the client is unknown */
	int used;
	int kind;	 /* index in kinds[] */
	long long start; /* the window's first second */
	long long seen;	 /* the last refusal: the LRU order */
	unsigned recorded;
	struct count over;
};

struct kind {
	char name[KIND_MAX];
	struct count over; /* from all addresses */
};

/* A summary to write once the lock is released. */
struct summary {
	char addr[ADDR_MAX]; /* "" for "other addresses" */
	char kind[KIND_MAX];
	int all; /* the count for all addresses */
	struct count over;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[MC__THROTTLE_SLOTS];
static struct kind kinds[KINDS];
static int nkinds;
static long long all_start = -1; /* the window for all addresses */
static unsigned all_written;
static long long due = LLONG_MAX; /* the earliest close with a count */
static uint64_t seed;

static void count_add(struct count *c, unsigned long long n, long long first,
		      long long last)
{
	if (!n)
		return;
	if (!c->n || first < c->first)
		c->first = first;
	if (!c->n || last > c->last)
		c->last = last;
	c->n += n;
}

/* `client` as counted: an IPv6 address as its /64, others as they are. */
static void address_key(char out[ADDR_MAX], const char *client)
{
	unsigned char a[16];
	char text[INET6_ADDRSTRLEN];

	if (strchr(client, ':') && inet_pton(AF_INET6, client, a) == 1 &&
	    memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) != 0) {
		memset(a + 8, 0, 8);
		/* "ffff:ffff:ffff:ffff::/64" at most: 24 bytes */
		if (inet_ntop(AF_INET6, a, text, sizeof(text))) {
			snprintf(out, ADDR_MAX, "%.40s/64", text);
			return;
		}
	}
	snprintf(out, ADDR_MAX, "%s", client);
}

/* The index of kind `name` in kinds[], added when new; -1 when the table
 * is full or the name too long (lock held). */
static int kind_of(const char *name)
{
	int i;

	for (i = 0; i < nkinds; i++)
		if (!strcmp(kinds[i].name, name))
			return i;
	if (nkinds == KINDS || strlen(name) >= KIND_MAX)
		return -1;
	snprintf(kinds[nkinds].name, KIND_MAX, "%s", name);
	return nkinds++;
}

static size_t hash(int kind, const char *addr)
{
	uint64_t h = seed ^ (uint64_t)kind;

	for (; *addr; addr++) {
		h ^= (unsigned char)*addr;
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

/* Count `n` refusals of `kind` for all addresses (lock held). */
static void all_count(int kind, const struct count *c)
{
	count_add(&kinds[kind].over, c->n, c->first, c->last);
	if (c->n && all_start + MC__THROTTLE_WINDOW < due)
		due = all_start + MC__THROTTLE_WINDOW;
}

/* Queue slot `s`'s count as its own summary when the window for all
 * addresses has room, else count it for all addresses; either way the
 * slot's count is emptied (lock held).  0, or -1 when `out` is full. */
static int take(struct slot *s, struct summary *out, size_t *n)
{
	if (!s->over.n)
		return 0;
	if (all_written < MC__THROTTLE_ALL) {
		if (*n == BATCH)
			return -1;
		memcpy(out[*n].addr, s->addr, ADDR_MAX);
		memcpy(out[*n].kind, kinds[s->kind].name, KIND_MAX);
		out[*n].all = 0;
		out[*n].over = s->over;
		(*n)++;
		all_written++;
	} else
		all_count(s->kind, &s->over);
	memset(&s->over, 0, sizeof(s->over));
	return 0;
}

/* Queue in `out` (BATCH at most, counted in *n) the summaries due at
 * `now`, or all when `all`; `due` is recomputed for what stays (lock
 * held).  Returns 1 when some were left for lack of room. */
static int collect(struct summary *out, size_t *n, long long now, int all)
{
	long long next = LLONG_MAX, end;
	int left = 0, i;
	size_t k;

	if (!all && now < due && now >= all_start &&
	    now < all_start + MC__THROTTLE_WINDOW)
		return 0; /* nothing due, the window for all still open */
	for (k = 0; k < MC__THROTTLE_SLOTS; k++) {
		struct slot *s = &slots[k];

		if (!s->used || !s->over.n)
			continue;
		end = s->start + MC__THROTTLE_WINDOW;
		if ((all || now >= end || now < s->start) &&
		    take(s, out, n) == 0)
			continue;
		if (s->over.n) {
			left |= all || now >= end || now < s->start;
			if (end < next)
				next = end;
		}
	}
	end = all_start + MC__THROTTLE_WINDOW;
	if (all || now >= end || now < all_start) {
		for (i = 0; i < nkinds; i++) {
			struct count *c = &kinds[i].over;

			if (!c->n)
				continue;
			if (*n == BATCH || left) {
				left = 1; /* the slots' counts come first */
				break;
			}
			memset(out[*n].addr, 0, ADDR_MAX);
			memcpy(out[*n].kind, kinds[i].name, KIND_MAX);
			out[*n].all = 1;
			out[*n].over = *c;
			(*n)++;
			memset(c, 0, sizeof(*c));
		}
		if (!left) {
			all_start = now;
			all_written = 0;
		}
	}
	for (i = 0; i < nkinds; i++)
		if (kinds[i].over.n && all_start + MC__THROTTLE_WINDOW < next)
			next = all_start + MC__THROTTLE_WINDOW;
	due = left ? now : next;
	return left;
}

/* The slot of (`kind`, `addr`), claimed when absent: a free slot near its
 * hash, else the least recently seen one there, whose count goes to all
 * addresses (lock held). */
static struct slot *slot_of(int kind, const char *addr, long long now)
{
	size_t h = hash(kind, addr), i;
	struct slot *s, *pick = NULL;

	for (i = 0; i < PROBE; i++) {
		s = &slots[(h + i) % MC__THROTTLE_SLOTS];
		if (s->used && s->kind == kind && !strcmp(s->addr, addr))
			return s;
		if (!pick || (pick->used && (!s->used || s->seen < pick->seen)))
			pick = s;
	}
	if (pick->used)
		all_count(pick->kind, &pick->over);
	memset(pick, 0, sizeof(*pick));
	memcpy(pick->addr, addr, ADDR_MAX);
	pick->used = 1;
	pick->kind = kind;
	pick->start = now;
	return pick;
}

static void seed_once(void)
{
	struct timespec t;

	if (seed)
		return;
	clock_gettime(CLOCK_REALTIME, &t);
	seed = ((uint64_t)t.tv_nsec * 0x100000001b3ULL) ^ (uint64_t)t.tv_sec ^
	       ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ULL;
}

/* Write the summaries `list[0..n)` (lock released): each with its
 * address as the client, and the store's client put back after. */
static void write_all(mc_store *store, const struct summary *list, size_t n)
{
	char client[sizeof(store->audit_client)];
	char reason[300], t1[21], t2[21];
	size_t i;

	if (!n)
		return;
	memcpy(client, store->audit_client, sizeof(client));
	for (i = 0; i < n; i++) {
		const struct summary *s = &list[i];

		mc__timestamp_format(t1, s->over.first);
		mc__timestamp_format(t2, s->over.last);
		snprintf(reason, sizeof(reason),
			 "%llu more %s from %s between %s and %s", s->over.n,
			 s->kind,
			 s->all	      ? "other addresses"
			 : s->addr[0] ? s->addr
				      : "an unknown address",
			 t1, t2);
		if (mc_audit_set_client(store, s->addr) == 0)
			mc_audit_add(store, "anonymous", "audit.suppressed",
				     s->kind, NULL, reason);
	}
	memcpy(store->audit_client, client, sizeof(client));
	mc__store_clear_error(store);
}

void mc__audit_refused(mc_store *store, long long now, const char *action,
		       const char *subject, const char *reason)
{
	struct summary list[BATCH];
	struct slot *s;
	size_t n = 0;
	int kind, record = 1;
	char addr[ADDR_MAX];

	if (!store || !action)
		return;
	address_key(addr, store->audit_client);
	pthread_mutex_lock(&lock);
	seed_once();
	if (all_start < 0)
		all_start = now;
	collect(list, &n, now, 0);
	if ((kind = kind_of(action)) >= 0) {
		s = slot_of(kind, addr, now);
		if (now >= s->start + MC__THROTTLE_WINDOW || now < s->start) {
			if (take(s, list, &n) < 0)
				all_count(s->kind, &s->over);
			memset(&s->over, 0, sizeof(s->over));
			s->start = now;
			s->recorded = 0;
		}
		s->seen = now;
		if (s->recorded < MC__THROTTLE_PER_ADDRESS &&
		    all_written < MC__THROTTLE_ALL) {
			s->recorded++;
			all_written++;
		} else {
			record = 0;
			count_add(&s->over, 1, now, now);
			if (s->start + MC__THROTTLE_WINDOW < due)
				due = s->start + MC__THROTTLE_WINDOW;
		}
	} /* else a kind the table has no room for: recorded singly */
	pthread_mutex_unlock(&lock);
	write_all(store, list, n);
	if (record)
		mc_audit_add(store, "anonymous", action, subject, NULL, reason);
	mc__store_clear_error(store);
}

void mc__audit_throttle_flush(mc_store *store, long long now, int all)
{
	struct summary list[BATCH];
	size_t n;
	int left;

	if (!store)
		return;
	do {
		n = 0;
		pthread_mutex_lock(&lock);
		left = all_start >= 0 ? collect(list, &n, now, all) : 0;
		pthread_mutex_unlock(&lock);
		write_all(store, list, n);
	} while (left && n);
}

void mc__audit_throttle_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(slots, 0, sizeof(slots));
	memset(kinds, 0, sizeof(kinds));
	nkinds = 0;
	all_start = -1;
	all_written = 0;
	due = LLONG_MAX;
	pthread_mutex_unlock(&lock);
}
