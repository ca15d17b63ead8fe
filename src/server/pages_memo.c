/*
 * The pages' per-thread memo (see pages_memo.h).
 *
 * MC records: up to SRV_SLOTS documents and SRV_BYTES bytes of their text
 * per thread, the least recently used one dropped first.  A request finds
 * its record by comparing the text it just read (a memcmp of a few KiB,
 * against a parse and validation of the same text).
 *
 * Organisations and clusters: an array searched by id, emptied by
 * srv__memo_begin() when the catalogue moved on, or when it holds more
 * than NAMES_MAX (never in the middle of a request, so what a page was
 * given stays valid until the next srv__memo_begin()).  A missing one is
 * remembered as missing; a failed read is not remembered.
 */
#include "pages_memo.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

#define SRV_SLOTS 64
#define SRV_BYTES (512u * 1024)
#define NAMES_MAX 1024

struct srv_slot {
	char *doc; /* the text as read, NUL-terminated; NULL: free slot */
	size_t len;
	mc_microcred *mc;
	unsigned long long used; /* tick of the last use */
};

enum { KIND_ORG, KIND_CLUSTER };

struct named {
	char *id;
	int kind;
	void *obj; /* mc_org * or mc_cluster *; NULL: there is none */
};

struct memo {
	struct srv_slot mcs[SRV_SLOTS];
	size_t mc_bytes;
	unsigned long long tick;

	/* What the names were read under (see srv__memo_begin()). */
	mc_store *store;
	unsigned long long gen;
	uint64_t version; /* the catalogue's change counter */
	int valid;
	struct named *names;
	size_t n, cap;
};

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void slot_clear(struct memo *m, struct srv_slot *s)
{
	if (!s->doc)
		return;
	m->mc_bytes -= s->len;
	free(s->doc);
	mc_microcred_free(s->mc);
	memset(s, 0, sizeof(*s));
}

static void names_clear(struct memo *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->names[i].kind == KIND_ORG)
			mc_org_free(m->names[i].obj);
		else
			mc_cluster_free(m->names[i].obj);
		free(m->names[i].id);
	}
	m->n = 0;
}

static void memo_free(void *p)
{
	struct memo *m = p;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < SRV_SLOTS; i++)
		slot_clear(m, &m->mcs[i]);
	names_clear(m);
	free(m->names);
	free(m);
}

static void make_key(void)
{
	pthread_key_create(&key, memo_free);
}

/* This thread's memo, made on first use; NULL when out of memory. */
static struct memo *memo(void)
{
	struct memo *m;

	pthread_once(&once, make_key);
	if ((m = pthread_getspecific(key)))
		return m;
	if (!(m = calloc(1, sizeof(*m))))
		return NULL;
	if (pthread_setspecific(key, m) != 0) {
		free(m);
		return NULL;
	}
	return m;
}

void srv__memo_begin(srv_req *req)
{
	struct memo *m = memo();
	uint64_t version = 0;
	srv_cache_stats st;
	int known;

	if (!m)
		return;
	srv_cache_stats_get(&st);
	known =
	    mc_store_changes(req->store, MC_STORE_CATALOGUE | MC_STORE_SETTINGS,
			     &version) == 0;
	if (!known || !m->valid || m->store != req->store ||
	    m->gen != st.generation || m->version != version ||
	    m->n > NAMES_MAX)
		names_clear(m);
	m->store = req->store;
	m->gen = st.generation;
	m->version = version;
	m->valid = known; /* a store that cannot tell: read again next time */
}

/* ---- MC records ------------------------------------------------------- */

/* Parse `doc` into *out; `why` gets the reason when it cannot. */
static int parse(mc_microcred **out, char *why, size_t whylen, const char *doc,
		 size_t len, const char *id)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	char where[MC_ID_MAX + 48];
	char *msg = NULL;
	int error;

	snprintf(where, sizeof(where), "stored %s", id);
	error = mc_microcred_from_json(out, doc, len, where, &problems);
	if (error == MC_ENOMEM) {
		snprintf(why, whylen, "out of memory");
	} else if (error) {
		msg = problems.count ? mc_problem_format(&problems.items[0])
				     : NULL;
		snprintf(why, whylen, "%s: unreadable: %s", where,
			 msg ? msg : "invalid JSON");
		error = MC_EDB;
	}
	free(msg);
	mc_problems_clear(&problems);
	return error;
}

/* Make room for `len` more bytes of text; a free slot (never NULL). */
static struct srv_slot *room(struct memo *m, size_t len)
{
	struct srv_slot *s, *oldest;
	size_t i;

	for (;;) {
		oldest = NULL;
		s = NULL;
		for (i = 0; i < SRV_SLOTS; i++) {
			if (!m->mcs[i].doc)
				s = s ? s : &m->mcs[i];
			else if (!oldest || m->mcs[i].used < oldest->used)
				oldest = &m->mcs[i];
		}
		if (s && m->mc_bytes + len <= SRV_BYTES)
			return s;
		if (!oldest)
			return s; /* empty: a text larger than SRV_BYTES */
		slot_clear(m, oldest);
	}
}

int srv__memo_mc(srv_req *req, const mc_microcred **out, char *why,
		 size_t whylen, const char *id, unsigned version)
{
	struct memo *m = memo();
	struct srv_slot *s;
	mc_microcred *mc = NULL;
	char *doc = NULL;
	size_t len = 0, i;
	int error;

	*out = NULL;
	why[0] = '\0';
	error = mc_catalogue_get_json(req->store, &doc, &len, id, version,
				      version == 0);
	if (error < 0) {
		snprintf(why, whylen, "%s", mc_store_errmsg(req->store));
		return error;
	}
	for (i = 0; m && i < SRV_SLOTS; i++) {
		s = &m->mcs[i];
		if (s->doc && s->len == len && memcmp(s->doc, doc, len) == 0) {
			s->used = ++m->tick;
			*out = s->mc;
			free(doc);
			return 0;
		}
	}
	if ((error = parse(&mc, why, whylen, doc, len, id)) < 0) {
		free(doc);
		return error;
	}
	if (!m) { /* no memo: the request keeps the record */
		free(doc);
		if (srv_arena_defer(req->arena,
				    (void (*)(void *))mc_microcred_free,
				    mc) < 0) {
			snprintf(why, whylen, "out of memory");
			return MC_ENOMEM;
		}
		*out = mc;
		return 0;
	}
	s = room(m, len);
	s->doc = doc;
	s->len = len;
	s->mc = mc;
	s->used = ++m->tick;
	m->mc_bytes += len;
	*out = mc;
	return 0;
}

/* ---- organisations and clusters ---------------------------------------- */

static const void *named(srv_req *req, int kind, const char *id)
{
	struct memo *m = memo();
	struct named *grown;
	void *obj = NULL;
	char *copy;
	size_t i;
	int error;

	if (m && m->store != req->store) { /* srv__memo_begin() not called */
		names_clear(m);
		m->store = req->store;
		m->valid = 0;
	}
	for (i = 0; m && i < m->n; i++)
		if (m->names[i].kind == kind && !strcmp(m->names[i].id, id))
			return m->names[i].obj;
	if (kind == KIND_ORG)
		error = mc_org_get(req->store, (mc_org **)&obj, id);
	else
		error = mc_cluster_get(req->store, (mc_cluster **)&obj, id);
	if (error < 0 && error != MC_ENOTFOUND)
		return NULL; /* not remembered: may work next time */
	if (m && m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;

		if ((grown = realloc(m->names, cap * sizeof(*grown)))) {
			m->names = grown;
			m->cap = cap;
		}
	}
	if (!m || m->n == m->cap || !(copy = strdup(id))) {
		/* not remembered: the request keeps it */
		if (obj &&
		    srv_arena_defer(req->arena,
				    kind == KIND_ORG
					? (void (*)(void *))mc_org_free
					: (void (*)(void *))mc_cluster_free,
				    obj) < 0)
			return NULL;
		return obj;
	}
	m->names[m->n].id = copy;
	m->names[m->n].kind = kind;
	m->names[m->n].obj = obj;
	m->n++;
	return obj;
}

const mc_org *srv__memo_org(srv_req *req, const char *id)
{
	return id ? named(req, KIND_ORG, id) : NULL;
}

const mc_cluster *srv__memo_cluster(srv_req *req, const char *id)
{
	return id ? named(req, KIND_CLUSTER, id) : NULL;
}
