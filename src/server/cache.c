/*
 * The response cache (see cache.h): a hash table of entries on an LRU
 * list under one mutex, bounded in bytes (entry header + key + body).
 *
 * Generations: `generation` moves on with every write; each worker thread
 * also remembers the change counter of the topics the cached handlers
 * read (SRV_CACHE_TOPICS) as it saw it last and moves the generation on
 * when it changes, whichever process or node wrote; while the listener
 * is live (`notified`), its notices move the generation instead and
 * reads of the primary store skip that query.  The
 * cache empties itself the first time it is touched under a new generation, and
 * an answer computed under an older generation than the current one is dropped
 * instead of stored, so nothing read before a write is served after it.
 */
#include "cache.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"

#define KEY_MAX	 4096
#define ETAG_MAX 64

struct entry {
	struct entry *chain;	   /* next in the bucket */
	struct entry *prev, *next; /* LRU: head is the most recent */
	uint64_t hash;
	const char *content_type; /* static string */
	char etag[ETAG_MAX];
	char *body;
	size_t body_len, key_len, size;
	char key[];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct { /* under lock */
	struct entry **buckets;
	size_t nbuckets; /* a power of two */
	struct entry *head, *tail;
	size_t entries, bytes, max_bytes;
	unsigned long long gen; /* generation of the entries held */
	unsigned long long hits, misses, bypass;
} cache;

static atomic_ullong generation = 1;
static atomic_int notified; /* the listener is live */
static atomic_ullong polls, notices;

/* The change counter this thread's store reported last (see fresh_gen). */
static _Thread_local uint64_t seen_version;
static _Thread_local int seen_valid;

/* ---- keys ------------------------------------------------------------- */

struct key {
	char buf[KEY_MAX];
	size_t len;
	int overflow;
};

/* Append `s` as "<length>:<bytes>;", so no two keys run together. */
static void key_add(struct key *k, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int w;

	if (k->overflow)
		return;
	w = snprintf(k->buf + k->len, sizeof(k->buf) - k->len,
		     s ? "%zu:" : "-;", n);
	if (w < 0 || (size_t)w + n + 1 >= sizeof(k->buf) - k->len) {
		k->overflow = 1;
		return;
	}
	k->len += (size_t)w;
	if (s) {
		memcpy(k->buf + k->len, s, n);
		k->len += n;
		k->buf[k->len++] = ';';
	}
}

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind,
			       const char *name, const char *value)
{
	(void)kind;
	key_add(cls, name);
	key_add(cls, value);
	return MHD_YES;
}

/* The key of `req`: the store it reads (the read_db replica's answers may
 * lag behind notices, and only replica reads check them against the
 * replica's counters: a primary read must never be answered with one),
 * path, query arguments in order, and the headers an answer may vary on.
 * 0, or -1 when too long to cache. */
static int make_key(struct key *k, const srv_req *req)
{
	k->len = 0;
	k->overflow = 0;
	key_add(k, req->replica ? "replica" : "db");
	key_add(k, req->path);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, key_arg, k);
	key_add(k, "|");
	key_add(k, srv_req_header(req, "Accept"));
	key_add(k, srv_req_header(req, "Accept-Language"));
	key_add(k, srv_req_header(req, "Cookie"));
	return k->overflow ? -1 : 0;
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* ---- the table (lock held) ---------------------------------------- */

static void lru_unlink(struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		cache.head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		cache.tail = e->prev;
	e->prev = e->next = NULL;
}

static void lru_push(struct entry *e)
{
	e->prev = NULL;
	e->next = cache.head;
	if (cache.head)
		cache.head->prev = e;
	cache.head = e;
	if (!cache.tail)
		cache.tail = e;
}

static void entry_remove(struct entry *e)
{
	struct entry **p = &cache.buckets[e->hash & (cache.nbuckets - 1)];

	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	lru_unlink(e);
	cache.entries--;
	cache.bytes -= e->size;
	free(e->body);
	free(e);
}

static void flush_all(void)
{
	while (cache.tail)
		entry_remove(cache.tail);
}

/* Empty the table if it holds an older generation than `gen` (which
 * may be older than the table's: threads read it before locking). */
static void catch_up(unsigned long long gen)
{
	if (gen > cache.gen) {
		flush_all();
		cache.gen = gen;
	}
}

static struct entry *find(uint64_t hash, const struct key *k)
{
	struct entry *e;

	for (e = cache.buckets[hash & (cache.nbuckets - 1)]; e; e = e->chain)
		if (e->hash == hash && e->key_len == k->len &&
		    memcmp(e->key, k->buf, k->len) == 0)
			return e;
	return NULL;
}

/* ---- the interface ------------------------------------------------------ */

void srv_cache_init(size_t max_bytes)
{
	size_t n = 64;

	pthread_mutex_lock(&lock);
	if (cache.buckets)
		flush_all();
	free(cache.buckets);
	cache.buckets = NULL;
	cache.nbuckets = 0;
	cache.max_bytes = 0;
	cache.hits = cache.misses = cache.bypass = 0;
	atomic_store(&polls, 0);
	atomic_store(&notices, 0);
	/* About one bucket per 2 KiB of budget. */
	while (n < max_bytes / 2048 && n < (1u << 20))
		n *= 2;
	if (max_bytes && (cache.buckets = calloc(n, sizeof(*cache.buckets)))) {
		cache.nbuckets = n;
		cache.max_bytes = max_bytes;
	}
	pthread_mutex_unlock(&lock);
}

void srv_cache_shutdown(void)
{
	srv_cache_init(0);
}

void srv_cache_bump(void)
{
	atomic_fetch_add(&generation, 1);
}

void srv_cache_notice(void)
{
	atomic_fetch_add(&notices, 1);
	atomic_fetch_add(&generation, 1);
}

void srv_cache_set_notified(int live)
{
	atomic_store(&notified, live ? 1 : 0);
}

/*
 * The current generation for `req`.  While the listener is live and the
 * request reads the primary store, notices keep the generation current.
 * Otherwise it is moved on first if the public topics' change counter
 * moved since this thread last looked (a commit by anyone: this server,
 * another process, another node).  A store that cannot tell moves it on
 * too: stale answers are worse than misses.  A thread whose last look
 * was before a live spell compares with that old value: a miss at
 * worst.
 */
static unsigned long long fresh_gen(const srv_req *req)
{
	mc_store *store = req->store;
	uint64_t v = 0;

	if (store && !req->replica && atomic_load(&notified))
		return atomic_load(&generation);
	if (store)
		atomic_fetch_add(&polls, 1);
	if (!store || mc_store_changes(store, SRV_CACHE_TOPICS, &v) < 0 ||
	    !seen_valid || v != seen_version)
		atomic_fetch_add(&generation, 1);
	seen_version = v;
	seen_valid = store != NULL;
	return atomic_load(&generation);
}

/* Non-zero if the request may be answered from the cache at all. */
static int cacheable_request(const srv_req *req)
{
	const char *cookie;

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return 0;
	if (srv_req_header(req, "Authorization"))
		return 0;
	cookie = srv_req_header(req, "Cookie");
	return !cookie || !strstr(cookie, SRV_SESSION_COOKIE "=");
}

/* Non-zero if `resp` is a public answer worth keeping. */
static int cacheable_answer(const srv_req *req, const srv_resp *resp)
{
	return resp->status == 200 && resp->body && !resp->private_ &&
	       !resp->set_cookie[0] && !resp->set_cookie[1] &&
	       !resp->location && !resp->retry_after && !req->who_ &&
	       resp->content_type &&
	       (!resp->etag || strlen(resp->etag) < ETAG_MAX);
}

/* Fill `resp` from `e` (copies).  0, or -1 when out of memory. */
static int answer_from(srv_resp *resp, const struct entry *e)
{
	char *body = malloc(e->body_len + 1);
	char *etag = e->etag[0] ? strdup(e->etag) : NULL;

	if (!body || (e->etag[0] && !etag)) {
		free(body);
		free(etag);
		return -1;
	}
	memcpy(body, e->body, e->body_len + 1);
	free(resp->body);
	free(resp->etag);
	resp->body = body;
	resp->body_len = e->body_len;
	resp->etag = etag;
	resp->content_type = e->content_type;
	resp->status = 200;
	return 0;
}

/* Keep a copy of `resp` under `k`, computed in generation `gen`. */
static void store(const struct key *k, uint64_t hash, unsigned long long gen,
		  const srv_resp *resp)
{
	size_t size = sizeof(struct entry) + k->len + resp->body_len;
	struct entry *e, *old;

	if (size > cache.max_bytes / 4)
		return; /* one answer may not push out most of the others */
	if (!(e = malloc(sizeof(*e) + k->len)))
		return;
	if (!(e->body = malloc(resp->body_len + 1))) {
		free(e);
		return;
	}
	memcpy(e->body, resp->body, resp->body_len);
	e->body[resp->body_len] = '\0';
	e->body_len = resp->body_len;
	memcpy(e->key, k->buf, k->len);
	e->key_len = k->len;
	e->hash = hash;
	e->size = size;
	e->content_type = resp->content_type;
	snprintf(e->etag, sizeof(e->etag), "%s", resp->etag ? resp->etag : "");

	pthread_mutex_lock(&lock);
	catch_up(atomic_load(&generation));
	if (!cache.buckets || gen != cache.gen) {
		/* off meanwhile, or read before a write that has happened */
		pthread_mutex_unlock(&lock);
		free(e->body);
		free(e);
		return;
	}
	if ((old = find(hash, k)))
		entry_remove(old);
	while (cache.tail && cache.bytes + size > cache.max_bytes)
		entry_remove(cache.tail);
	e->chain = cache.buckets[hash & (cache.nbuckets - 1)];
	cache.buckets[hash & (cache.nbuckets - 1)] = e;
	e->prev = e->next = NULL;
	lru_push(e);
	cache.entries++;
	cache.bytes += size;
	pthread_mutex_unlock(&lock);
}

int srv_cache_handle(srv_req *req, srv_resp *resp, srv_handler fill)
{
	struct key k;
	struct entry *e;
	unsigned long long gen;
	uint64_t hash;
	int ret, hit = 0;

	if (!cache.max_bytes || !cacheable_request(req) ||
	    make_key(&k, req) < 0) {
		pthread_mutex_lock(&lock);
		cache.bypass++;
		pthread_mutex_unlock(&lock);
		return fill(req, resp);
	}
	hash = fnv1a(k.buf, k.len);
	gen = fresh_gen(req);

	pthread_mutex_lock(&lock);
	catch_up(gen);
	if (cache.buckets && (e = find(hash, &k)) && cache.gen == gen &&
	    answer_from(resp, e) == 0) {
		lru_unlink(e);
		lru_push(e);
		hit = 1;
		cache.hits++;
	} else {
		cache.misses++;
	}
	pthread_mutex_unlock(&lock);
	if (hit)
		return 0;

	ret = fill(req, resp);
	if (cacheable_answer(req, resp))
		store(&k, hash, gen, resp);
	return ret;
}

void srv_cache_stats_get(srv_cache_stats *out)
{
	pthread_mutex_lock(&lock);
	out->hits = cache.hits;
	out->misses = cache.misses;
	out->bypass = cache.bypass;
	out->entries = cache.entries;
	out->bytes = cache.bytes;
	out->max_bytes = cache.max_bytes;
	pthread_mutex_unlock(&lock);
	out->generation = atomic_load(&generation);
	out->polls = atomic_load(&polls);
	out->notices = atomic_load(&notices);
	out->notified = atomic_load(&notified);
}
