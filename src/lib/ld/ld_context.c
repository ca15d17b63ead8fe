/*
 * JSON-LD 1.1 Context Processing (API section 4.1), Create Term
 * Definition (4.2) and IRI Expansion (5.2), for one call's state.
 *
 * Remote contexts come from the pinned documents first, then from the
 * caller's loader; nothing is ever fetched from the network.  A document
 * is loaded once per call and a (active context, local context) pair is
 * processed once per call.  A chain of remote contexts that comes back
 * to itself is "recursive context inclusion", a chain longer than the
 * state's stack is "context overflow".
 *
 * Contexts built from pinned documents only (the initial context followed
 * by pinned remote contexts, and the scoped contexts of their terms) do
 * not depend on the call: they are built once per process, in a
 * process-wide arena under a lock, and shared read-only by every later
 * call ("frozen").  The arena has a ceiling past which contexts are built
 * per call again, so that documents listing pinned contexts in ever new
 * orders cannot grow it without bound.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ld/iri.h"
#include "ld/ld_private.h"
#include "microcred/errors.h"

/* The most arena memory one call may use. */
#define MC__LD_ARENA_MAX (64u * 1024 * 1024)
#define MC__LD_BLOCK	 (64u * 1024)
/* The process-wide arena of frozen contexts stops growing past this. */
#define MC__LD_FROZEN_MAX (32u * 1024 * 1024)

struct mc__ld_arena_block {
	struct mc__ld_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct mc__ld_cache_entry {
	struct mc__ld_cache_entry *next;
	const struct mc__ld_ctx *active;
	const json_t *local;
	const char *base;
	unsigned flags;
	const struct mc__ld_ctx *result;
};

/* ---- process-wide frozen contexts ---------------------------------- */

static pthread_mutex_t frozen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mc__ld_arena_block *frozen_arena;
static size_t frozen_total;
static struct mc__ld_cache_entry **frozen_tab;
static size_t frozen_cap, frozen_used;
static struct mc__ld_map frozen_urls; /* pinned URL -> interned copy */
static const struct mc__ld_ctx initial_ctx = {.doc_base = 1, .frozen = 1};

const struct mc__ld_ctx *mc__ld_ctx_initial(void)
{
	return &initial_ctx;
}

/* ---- state --------------------------------------------------------- */

int mc__ld_state_init(struct mc__ld_state *st,
		      const struct mc__ld_options *opts, char *err,
		      size_t errlen)
{
	memset(st, 0, sizeof(*st));
	st->opts = opts;
	st->err = err;
	st->errlen = errlen;
	st->v10 = opts->json_ld_10;
	st->max_depth =
	    opts->max_depth ? opts->max_depth : MC__LD_DEFAULT_MAX_DEPTH;
	st->max_nodes =
	    opts->max_nodes ? opts->max_nodes : MC__LD_DEFAULT_MAX_NODES;
	st->path = mc__ld_alloc(st, sizeof(*st->path) * (st->max_depth + 2));
	if (!st->path)
		return mc__ld_fail(st, MC_ENOMEM, "out of memory");
	return 0;
}

void mc__ld_state_free(struct mc__ld_state *st)
{
	struct mc__ld_arena_block *b, *next;
	size_t i;

	for (i = 0; i < st->docs.cap; i++) {
		struct mc__ld_doc *d = st->docs.slots[i].val;
		if (d && d->owned)
			json_decref(d->owned);
	}
	for (b = st->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	st->arena = NULL;
}

static void *arena_alloc(struct mc__ld_arena_block **head, size_t *total,
			 size_t max, size_t n, int *full)
{
	struct mc__ld_arena_block *b = *head;
	size_t al = sizeof(max_align_t);
	void *p;

	n = (n + al - 1) / al * al;
	if (!b || b->size - b->used < n) {
		size_t size = n > MC__LD_BLOCK / 2 ? n : MC__LD_BLOCK;
		if (*total + size > max) {
			*full = 1;
			return NULL;
		}
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		b->used = 0;
		*total += size;
		if (n > MC__LD_BLOCK / 2 && *head) {
			/* a big block: keep the current one for small ones */
			b->next = (*head)->next;
			(*head)->next = b;
		} else {
			b->next = *head;
			*head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

void *mc__ld_alloc(struct mc__ld_state *st, size_t n)
{
	size_t al = sizeof(max_align_t);

	if (st->freezing) /* the lock is held */
		return arena_alloc(&frozen_arena, &frozen_total,
				   MC__LD_FROZEN_MAX * 2, n, &st->arena_full);
	if (n <= sizeof(st->inline_mem) &&
	    (n + al - 1) / al <=
		MC__ARRAY_SIZE(st->inline_mem) - st->inline_used) {
		void *p = &st->inline_mem[st->inline_used];

		st->inline_used += (n + al - 1) / al;
		memset(p, 0, n);
		return p;
	}
	return arena_alloc(&st->arena, &st->arena_total, MC__LD_ARENA_MAX, n,
			   &st->arena_full);
}

char *mc__ld_strdup(struct mc__ld_state *st, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s);
	p = mc__ld_alloc(st, n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

char *mc__ld_concat(struct mc__ld_state *st, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = mc__ld_alloc(st, na + nb + 1);

	if (p) {
		memcpy(p, a, na);
		memcpy(p + na, b, nb + 1);
	}
	return p;
}

int mc__ld_fail(struct mc__ld_state *st, int rc, const char *fmt, ...)
{
	va_list ap;

	if (st->err && st->errlen) {
		va_start(ap, fmt);
		vsnprintf(st->err, st->errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* Work on pinned documents (building a shared context) is not the
 * document's: it is bounded by the pinned set, not by the call's limits. */
static unsigned depth_limit(const struct mc__ld_state *st)
{
	return st->freezing ? MC__LD_DEFAULT_MAX_DEPTH : st->max_depth;
}

int mc__ld_tick(struct mc__ld_state *st)
{
	if (st->freezing)
		return 0; /* see depth_limit() */
	if (++st->nodes > st->max_nodes)
		return mc__ld_fail(st, MC_ETOOBIG,
				   "document too large: more than %lu values "
				   "and definitions to expand",
				   st->max_nodes);
	return 0;
}

#define NOMEM(st) mc__ld_nomem(st)

int mc__ld_nomem(struct mc__ld_state *st)
{
	if (st->arena_full)
		return mc__ld_fail(st, MC_ETOOBIG,
				   "document too large: expanding it needs "
				   "more than %u MB",
				   (unsigned)(MC__LD_ARENA_MAX >> 20));
	return mc__ld_fail(st, MC_ENOMEM, "out of memory");
}

/* ---- maps ---------------------------------------------------------- */

/* Eight bytes at a time (a multiply-xorshift round each, the length
 * last) with a final mix, so that the low bits used as the index depend
 * on every byte: every key of every expansion is looked up. */
static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u, w;
	size_t n = strlen(s), i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15u;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w) * 0x9e3779b97f4a7c15u;
	h ^= h >> 32;
	h = (h ^ n) * 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

void *mc__ld_map_get(const struct mc__ld_map *m, const char *key)
{
	size_t i, h;

	if (!m->cap)
		return NULL;
	h = hash_str(key);
	for (i = h & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1))
		if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
			return m->slots[i].val;
	return NULL;
}

static int map_grow(struct mc__ld_state *st, struct mc__ld_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16, i, j;
	struct mc__ld_slot *s = mc__ld_alloc(st, cap * sizeof(*s));

	if (!s)
		return NOMEM(st);
	for (i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		for (j = m->slots[i].hash & (cap - 1); s[j].key;
		     j = (j + 1) & (cap - 1))
			;
		s[j] = m->slots[i];
	}
	m->slots = s;
	m->cap = cap;
	return 0;
}

int mc__ld_map_put(struct mc__ld_state *st, struct mc__ld_map *m,
		   const char *key, void *val)
{
	size_t i, h = hash_str(key);
	int rc;

	if ((m->used + 1) * 3 > m->cap * 2 && (rc = map_grow(st, m)) != 0)
		return rc;
	for (i = h & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1))
		if (m->slots[i].hash == h &&
		    strcmp(m->slots[i].key, key) == 0) {
			m->slots[i].val = val;
			return 0;
		}
	m->slots[i].key = key;
	m->slots[i].val = val;
	m->slots[i].hash = h;
	m->used++;
	return 0;
}

/* A copy of `m` sharing its keys and values (copy on write). */
static int map_copy(struct mc__ld_state *st, struct mc__ld_map *dst,
		    const struct mc__ld_map *src)
{
	*dst = *src;
	if (!src->cap)
		return 0;
	dst->slots = mc__ld_alloc(st, src->cap * sizeof(*src->slots));
	if (!dst->slots)
		return NOMEM(st);
	memcpy(dst->slots, src->slots, src->cap * sizeof(*src->slots));
	return 0;
}

/* ---- small predicates ---------------------------------------------- */

static const char *const keywords[] = {
    "@base",   "@container", "@context", "@direction", "@graph",     "@id",
    "@import", "@included",  "@index",	 "@json",      "@language",  "@list",
    "@nest",   "@none",	     "@prefix",	 "@propagate", "@protected", "@reverse",
    "@set",    "@type",	     "@value",	 "@version",   "@vocab"};

int mc__ld_is_keyword(const char *s)
{
	size_t i;

	if (!s || s[0] != '@')
		return 0;
	/* called for every key expanded: compare the rest only where the
	 * first letter matches */
	for (i = 0; i < MC__ARRAY_SIZE(keywords); i++)
		if (keywords[i][1] == s[1] &&
		    strcmp(s + 1, keywords[i] + 1) == 0)
			return 1;
	return 0;
}

static int is_gen_delim(char c)
{
	return c && strchr(":/?#[]@", c) != NULL;
}

/* ---- active contexts ----------------------------------------------- */

static struct mc__ld_ctx *ctx_copy(struct mc__ld_state *st,
				   const struct mc__ld_ctx *ac)
{
	struct mc__ld_ctx *c = mc__ld_alloc(st, sizeof(*c));

	if (!c)
		return NULL;
	*c = *ac;
	c->frozen = st->freezing > 0;
	if (map_copy(st, &c->terms, &ac->terms) != 0)
		return NULL;
	return c;
}

/* ---- remote documents ---------------------------------------------- */

/* A process-wide copy of a pinned document's URL, so that contexts
 * built from it can outlive the call. */
static const char *intern_url(struct mc__ld_state *st, const char *url)
{
	const char *r;
	int freezing = st->freezing;

	if (!freezing)
		pthread_mutex_lock(&frozen_lock);
	st->freezing = 1;
	r = mc__ld_map_get(&frozen_urls, url);
	if (!r) {
		char *c = mc__ld_strdup(st, url);
		if (c && mc__ld_map_put(st, &frozen_urls, c, c) == 0)
			r = c;
	}
	st->freezing = freezing;
	if (!freezing)
		pthread_mutex_unlock(&frozen_lock);
	return r;
}

/* The document at `url` (loaded once per call), or an error. */
static int load_doc(const struct mc__ld_doc **out, struct mc__ld_state *st,
		    const char *url, int import)
{
	struct mc__ld_doc *d = mc__ld_map_get(&st->docs, url);
	const json_t *doc;
	json_t *owned = NULL;
	int pinned = 0;

	if (d) {
		if (!d->pinned && st->freezing)
			st->tainted = 1;
		*out = d;
		return 0;
	}
	if ((doc = mc__ld_context_get(url)) != NULL) {
		pinned = 1;
	} else if (st->opts->load &&
		   (owned = st->opts->load(url, st->opts->load_arg)) != NULL) {
		doc = owned;
	} else {
		return mc__ld_fail(st, MC_ENOTFOUND,
				   "loading remote context failed: unknown "
				   "context URL %s",
				   url);
	}
	if (!json_is_object(doc) ||
	    (!json_object_get(doc, "@context") && !import) ||
	    (import && !json_is_object(json_object_get(doc, "@context")))) {
		json_decref(owned);
		return mc__ld_fail(st, MC_EINVALID,
				   "invalid remote context: %s has no "
				   "@context%s",
				   url, import ? " object" : "");
	}
	if (!pinned && st->freezing)
		st->tainted = 1;
	d = mc__ld_alloc(st, sizeof(*d));
	if (!d ||
	    !(d->url = pinned ? intern_url(st, url) : mc__ld_strdup(st, url))) {
		json_decref(owned);
		return NOMEM(st);
	}
	d->doc = doc;
	d->owned = owned;
	d->pinned = pinned;
	if (mc__ld_map_put(st, &st->docs, d->url, d) != 0) {
		json_decref(owned);
		return NOMEM(st);
	}
	*out = d;
	return 0;
}

/* `ref` resolved against `base` into the arena (a copy when no base). */
static int resolve(const char **out, struct mc__ld_state *st, const char *base,
		   const char *ref)
{
	char *r = NULL;
	int rc;

	if (!base || mc__iri_is_absolute(ref)) {
		*out = ref;
		return 0;
	}
	rc = mc__iri_resolve(&r, base, ref);
	if (rc == MC_ENOMEM)
		return NOMEM(st);
	if (rc != 0) {
		*out = ref;
		return 0;
	}
	*out = mc__ld_strdup(st, r);
	free(r);
	return *out ? 0 : NOMEM(st);
}

/* ---- the cache of processed contexts ------------------------------- */

static size_t cache_hash(const void *a, const json_t *l, const char *b,
			 unsigned f)
{
	uintptr_t h = (uintptr_t)a * 31 + (uintptr_t)l;

	h = h * 31 + (uintptr_t)b;
	h = h * 31 + f;
	return (size_t)(h ^ (h >> 17));
}

static const struct mc__ld_ctx *cache_get(struct mc__ld_cache_entry *const *tab,
					  size_t cap,
					  const struct mc__ld_ctx *a,
					  const json_t *l, const char *b,
					  unsigned f)
{
	struct mc__ld_cache_entry *e;

	if (!cap)
		return NULL;
	for (e = tab[cache_hash(a, l, b, f) & (cap - 1)]; e; e = e->next)
		if (e->active == a && e->local == l && e->base == b &&
		    e->flags == f)
			return e->result;
	return NULL;
}

/* Remember a result (allocating where mc__ld_alloc() does). */
static void cache_put(struct mc__ld_state *st, struct mc__ld_cache_entry ***tab,
		      size_t *cap, size_t *used, const struct mc__ld_ctx *a,
		      const json_t *l, const char *b, unsigned f,
		      const struct mc__ld_ctx *r)
{
	struct mc__ld_cache_entry *e;
	size_t i, h;

	if (*used * 2 >= *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct mc__ld_cache_entry **t =
		    mc__ld_alloc(st, ncap * sizeof(*t));
		if (!t)
			return; /* the cache is an optimisation */
		for (i = 0; i < *cap; i++) {
			struct mc__ld_cache_entry *n;
			for (e = (*tab)[i]; e; e = n) {
				n = e->next;
				h = cache_hash(e->active, e->local, e->base,
					       e->flags) &
				    (ncap - 1);
				e->next = t[h];
				t[h] = e;
			}
		}
		*tab = t;
		*cap = ncap;
	}
	if (!(e = mc__ld_alloc(st, sizeof(*e))))
		return;
	e->active = a;
	e->local = l;
	e->base = b;
	e->flags = f;
	e->result = r;
	h = cache_hash(a, l, b, f) & (*cap - 1);
	e->next = (*tab)[h];
	(*tab)[h] = e;
	(*used)++;
}

/* ---- Create Term Definition (4.2) ---------------------------------- */

struct defctx {
	struct mc__ld_ctx *ac;
	const json_t *local;
	struct mc__ld_map defined; /* term -> (void *)1 pending, 2 done */
	const char *base;
	int protect, override;
	int validate;
};

#define PENDING ((void *)1)
#define DONE	((void *)2)

static int create_term(struct mc__ld_state *st, struct defctx *dc,
		       const char *term);

static int iri_expand(const char **out, struct mc__ld_state *st,
		      const struct mc__ld_ctx *ac, struct defctx *dc,
		      const char *value, int doc_relative, int vocab);
static int iri_expand_def(const char **out, struct mc__ld_state *st,
			  struct defctx *dc, const char *value,
			  int doc_relative, int vocab);

static const char *container_names[] = {"@list", "@set",  "@language", "@index",
					"@id",	 "@type", "@graph"};

static int container_bit(const char *s)
{
	size_t i;

	for (i = 0; i < MC__ARRAY_SIZE(container_names); i++)
		if (strcmp(s, container_names[i]) == 0)
			return 1 << i;
	return 0;
}

/* The container bits of `v`, or -1 when it is not a valid mapping. */
static int parse_container(struct mc__ld_state *st, const json_t *v)
{
	unsigned bits = 0, b, n = 0, other;
	size_t i;
	const json_t *e;

	if (json_is_string(v)) {
		b = container_bit(json_string_value(v));
		if (!b)
			return -1;
		if (st->v10 &&
		    (b & (MC__LD_C_GRAPH | MC__LD_C_ID | MC__LD_C_TYPE)))
			return -1;
		return (int)b;
	}
	if (!json_is_array(v) || st->v10)
		return -1;
	json_array_foreach(v, i, e)
	{
		if (!json_is_string(e) ||
		    !(b = container_bit(json_string_value(e))) || (bits & b))
			return -1;
		bits |= b;
		n++;
	}
	if (n <= 1)
		return (int)bits;
	/* combinations: @set with one of @index @id @type @language;
	 * @graph with @id or @index, optionally @set */
	if (bits & MC__LD_C_GRAPH) {
		other = bits & ~(MC__LD_C_GRAPH | MC__LD_C_SET);
		if (other && other != MC__LD_C_ID && other != MC__LD_C_INDEX)
			return -1;
		return (int)bits;
	}
	if (bits & MC__LD_C_SET) {
		other = bits & ~MC__LD_C_SET;
		if (other == MC__LD_C_INDEX || other == MC__LD_C_ID ||
		    other == MC__LD_C_TYPE || other == MC__LD_C_LANGUAGE)
			return (int)bits;
	}
	return -1;
}

static int term_equal(const struct mc__ld_term *a, const struct mc__ld_term *b)
{
	return mc__streq(a->id, b->id) && mc__streq(a->type, b->type) &&
	       a->has_lang == b->has_lang && mc__streq(a->lang, b->lang) &&
	       a->has_dir == b->has_dir && mc__streq(a->dir, b->dir) &&
	       a->has_context == b->has_context &&
	       (!a->has_context ||
		json_equal((json_t *)a->context, (json_t *)b->context)) &&
	       mc__streq(a->index, b->index) && mc__streq(a->nest, b->nest) &&
	       a->container == b->container && a->prefix == b->prefix &&
	       a->reverse == b->reverse;
}

static const char *const term_keys[] = {
    "@id",	 "@reverse", "@container", "@context",	 "@direction", "@index",
    "@language", "@nest",    "@prefix",	   "@protected", "@type"};

static int term_key_ok(const char *k)
{
	size_t i;

	for (i = 0; i < MC__ARRAY_SIZE(term_keys); i++)
		if (strcmp(k, term_keys[i]) == 0)
			return 1;
	return 0;
}

static int is_iri_or_blank(const char *s)
{
	return s && (mc__iri_is_absolute(s) || mc__iri_is_blank(s));
}

static int create_term_body(struct mc__ld_state *st, struct defctx *dc,
			    const char *term);

/* Create Term Definition, its recursion (a term's prefix, a scoped
 * context) bounded by the state's depth. */
static int create_term(struct mc__ld_state *st, struct defctx *dc,
		       const char *term)
{
	int rc;

	if (++st->depth > depth_limit(st)) {
		st->depth--;
		return mc__ld_fail(st, MC_ETOOBIG,
				   "invalid term definition: %s: terms depend "
				   "on each other deeper than %u",
				   term, depth_limit(st));
	}
	rc = create_term_body(st, dc, term);
	st->depth--;
	return rc;
}

static int create_term_body(struct mc__ld_state *st, struct defctx *dc,
			    const char *term)
{
	void *state = mc__ld_map_get(&dc->defined, term);
	const json_t *value, *v, *idv;
	const struct mc__ld_term *prev;
	struct mc__ld_term *def;
	const char *colon, *s;
	int rc, simple = 0, c;
	const char *key;

	if (state == DONE)
		return 0;
	if (state == PENDING)
		return mc__ld_fail(st, MC_EINVALID,
				   "cyclic IRI mapping: term \"%s\"", term);
	if (!term[0])
		return mc__ld_fail(st, MC_EINVALID,
				   "invalid term definition: the empty term");
	if ((rc = mc__ld_tick(st)) != 0)
		return rc;
	if ((rc = mc__ld_map_put(st, &dc->defined, term, PENDING)) != 0)
		return rc;
	value = json_object_get(dc->local, term);

	if (strcmp(term, "@type") == 0 && !st->v10) {
		int ok = json_is_object(value) && json_object_size(value) > 0;
		json_object_foreach((json_t *)value, key, v)
		{
			if (strcmp(key, "@container") == 0 &&
			    json_is_string(v) &&
			    strcmp(json_string_value(v), "@set") == 0)
				continue;
			if (strcmp(key, "@protected") == 0)
				continue;
			ok = 0;
		}
		if (!ok)
			return mc__ld_fail(st, MC_EINVALID,
					   "keyword redefinition: @type");
	} else if (mc__ld_is_keyword(term)) {
		return mc__ld_fail(st, MC_EINVALID, "keyword redefinition: %s",
				   term);
	} else if (mc__iri_is_keyword_like(term)) {
		if (st->opts->safe)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: \"%s\" "
					   "has the form of a keyword (safe "
					   "mode)",
					   term);
		return mc__ld_map_put(st, &dc->defined, term, DONE);
	}

	prev = mc__ld_term_get(dc->ac, term);
	if (prev && (rc = mc__ld_map_put(st, &dc->ac->terms, term, NULL)) != 0)
		return rc;
	if (json_is_null(value)) {
		idv = json_null();
	} else if (json_is_string(value)) {
		idv = value;
		simple = 1;
	} else if (json_is_object(value)) {
		idv = json_object_get(value, "@id");
	} else {
		return mc__ld_fail(st, MC_EINVALID,
				   "invalid term definition: \"%s\" is not "
				   "a string, an object or null",
				   term);
	}
	if (!(def = mc__ld_alloc(st, sizeof(*def))))
		return NOMEM(st);
	def->name = term;
	def->frozen = st->freezing > 0;
	/* 11. @protected */
	v = json_is_object(value) ? json_object_get(value, "@protected") : NULL;
	if (v) {
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: %s: "
					   "@protected in JSON-LD 1.0",
					   term);
		if (!json_is_boolean(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @protected value: %s",
					   term);
		def->protect = json_is_true(v);
	} else {
		def->protect = (unsigned char)dc->protect;
	}
	/* 12. @type */
	v = json_is_object(value) ? json_object_get(value, "@type") : NULL;
	if (v) {
		const char *t;
		if (!json_is_string(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid type mapping: %s", term);
		if ((rc = iri_expand_def(&t, st, dc, json_string_value(v), 0,
					 1)) != 0)
			return rc;
		if (!t ||
		    (st->v10 &&
		     (strcmp(t, "@json") == 0 || strcmp(t, "@none") == 0)) ||
		    (strcmp(t, "@id") != 0 && strcmp(t, "@json") != 0 &&
		     strcmp(t, "@none") != 0 && strcmp(t, "@vocab") != 0 &&
		     !mc__iri_is_absolute(t)))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid type mapping: %s: \"%s\"",
					   term, json_string_value(v));
		def->type = t;
	}
	/* 13. @reverse */
	v = json_is_object(value) ? json_object_get(value, "@reverse") : NULL;
	if (v) {
		const char *r;
		if (json_object_get(value, "@id") ||
		    json_object_get(value, "@nest"))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid reverse property: %s: "
					   "@reverse with @id or @nest",
					   term);
		if (!json_is_string(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid IRI mapping: %s: @reverse "
					   "is not a string",
					   term);
		if (mc__iri_is_keyword_like(json_string_value(v))) {
			if (st->opts->safe)
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid IRI mapping: %s: "
						   "@reverse has the form of a "
						   "keyword (safe mode)",
						   term);
			return mc__ld_map_put(st, &dc->defined, term, DONE);
		}
		if ((rc = iri_expand_def(&r, st, dc, json_string_value(v), 0,
					 1)) != 0)
			return rc;
		if (!is_iri_or_blank(r))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid IRI mapping: %s: @reverse "
					   "\"%s\"",
					   term, json_string_value(v));
		def->id = r;
		v = json_object_get(value, "@container");
		if (v && !json_is_null(v)) {
			c = json_is_string(v)
				? container_bit(json_string_value(v))
				: 0;
			if (c != MC__LD_C_SET && c != MC__LD_C_INDEX)
				return mc__ld_fail(
				    st, MC_EINVALID,
				    "invalid reverse property: %s: "
				    "@container must be @set or @index",
				    term);
			def->container = (unsigned)c;
		}
		def->reverse = 1;
	}
	/* 14-18. the IRI mapping */
	if (def->reverse) {
		/* set by @reverse above */
	} else if (idv && !(json_is_string(idv) &&
			    strcmp(json_string_value(idv), term) == 0)) {
		if (json_is_null(idv)) {
			def->id = NULL;
		} else {
			const char *id;
			if (!json_is_string(idv))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid IRI mapping: %s: "
						   "@id is not a string",
						   term);
			s = json_string_value(idv);
			if (!mc__ld_is_keyword(s) &&
			    mc__iri_is_keyword_like(s)) {
				if (st->opts->safe)
					return mc__ld_fail(
					    st, MC_EINVALID,
					    "invalid IRI mapping: %s: @id has "
					    "the form of a keyword (safe mode)",
					    term);
				return mc__ld_map_put(st, &dc->defined, term,
						      DONE);
			}
			if ((rc = iri_expand_def(&id, st, dc, s, 0, 1)) != 0)
				return rc;
			if (!id ||
			    (!mc__ld_is_keyword(id) && !is_iri_or_blank(id)))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid IRI mapping: %s: "
						   "\"%s\"",
						   term, s);
			if (strcmp(id, "@context") == 0)
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid keyword alias: %s",
						   term);
			def->id = id;
			colon = strchr(term + 1, ':');
			if (!st->v10 &&
			    ((colon && colon[1]) || strchr(term, '/'))) {
				const char *again;
				if ((rc = mc__ld_map_put(st, &dc->defined, term,
							 DONE)) != 0)
					return rc;
				if ((rc = iri_expand_def(&again, st, dc, term,
							 0, 1)) != 0)
					return rc;
				if (!mc__streq(again, id))
					return mc__ld_fail(
					    st, MC_EINVALID,
					    "invalid IRI mapping: %s: it "
					    "expands to %s, not to its @id",
					    term, again ? again : "null");
			}
			if (!strchr(term, ':') && !strchr(term, '/') &&
			    simple && id[0] &&
			    (is_gen_delim(id[strlen(id) - 1]) ||
			     mc__iri_is_blank(id)))
				def->prefix = 1;
		}
	} else if ((colon = strchr(term + 1, ':')) != NULL) {
		size_t plen = (size_t)(colon - term);
		char *prefix = mc__ld_alloc(st, plen + 1);
		const struct mc__ld_term *pt;
		if (!prefix)
			return NOMEM(st);
		memcpy(prefix, term, plen);
		if (json_object_get(dc->local, prefix) &&
		    (rc = create_term(st, dc, prefix)) != 0)
			return rc;
		pt = mc__ld_term_get(dc->ac, prefix);
		if (pt && pt->id) {
			if (!(def->id = mc__ld_concat(st, pt->id, colon + 1)))
				return NOMEM(st);
		} else {
			def->id = term;
		}
	} else if (strchr(term, '/')) {
		const char *id;
		if ((rc = iri_expand(&id, st, dc->ac, NULL, term, 0, 1)) != 0)
			return rc;
		if (!mc__iri_is_absolute(id))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid IRI mapping: %s", term);
		def->id = id;
	} else if (strcmp(term, "@type") == 0) {
		def->id = "@type";
	} else if (dc->ac->vocab) {
		if (!(def->id = mc__ld_concat(st, dc->ac->vocab, term)))
			return NOMEM(st);
	} else {
		return mc__ld_fail(st, MC_EINVALID,
				   "invalid IRI mapping: %s: no @id and no "
				   "@vocab",
				   term);
	}
	/* 19. @container */
	v = json_is_object(value) ? json_object_get(value, "@container") : NULL;
	if (v && !def->reverse) {
		if ((c = parse_container(st, v)) < 0)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid container mapping: %s",
					   term);
		def->container = (unsigned)c;
		if (c & MC__LD_C_TYPE) {
			if (!def->type)
				def->type = "@id";
			else if (strcmp(def->type, "@id") != 0 &&
				 strcmp(def->type, "@vocab") != 0)
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid type mapping: %s: "
						   "a @type container needs "
						   "@id or @vocab",
						   term);
		}
	}
	/* 20. @index */
	v = json_is_object(value) ? json_object_get(value, "@index") : NULL;
	if (v) {
		const char *ix;
		if (st->v10 || !(def->container & MC__LD_C_INDEX) ||
		    !json_is_string(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: %s: "
					   "@index",
					   term);
		if ((rc = iri_expand_def(&ix, st, dc, json_string_value(v), 0,
					 1)) != 0)
			return rc;
		if (!ix || mc__ld_is_keyword(json_string_value(v)) ||
		    !is_iri_or_blank(ix))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: %s: "
					   "@index \"%s\"",
					   term, json_string_value(v));
		def->index = json_string_value(v);
	}
	/* 21. @context */
	if (json_is_object(value) &&
	    (v = json_object_get(value, "@context")) != NULL) {
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: %s: "
					   "@context in JSON-LD 1.0",
					   term);
		if (!st->trusted && !st->freezing) {
			const struct mc__ld_ctx *tmp;
			rc = mc__ld_process_context(&tmp, st, dc->ac, v,
						    dc->base, 1, 1, 0, 0);
			if (rc == MC_EINVALID || rc == MC_ENOTFOUND) {
				char inner[200] = "";
				if (st->err && st->errlen)
					snprintf(inner, sizeof(inner), "%s",
						 st->err);
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid scoped context: "
						   "%s: %s",
						   term, inner);
			}
			if (rc != 0)
				return rc;
		}
		def->context = v;
		def->has_context = 1;
		def->ctx_base = dc->base;
	}
	/* 22. @language, 23. @direction (without @type) */
	if (json_is_object(value) && !json_object_get(value, "@type")) {
		v = json_object_get(value, "@language");
		if (v) {
			if (!json_is_null(v) && !json_is_string(v))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid language mapping: "
						   "%s",
						   term);
			def->lang = json_string_value(v);
			def->has_lang = 1;
		}
		v = json_object_get(value, "@direction");
		if (v) {
			s = json_string_value(v);
			if (!json_is_null(v) && (!s || (strcmp(s, "ltr") != 0 &&
							strcmp(s, "rtl") != 0)))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid base direction: "
						   "%s",
						   term);
			def->dir = s;
			def->has_dir = 1;
		}
	}
	/* 24. @nest */
	v = json_is_object(value) ? json_object_get(value, "@nest") : NULL;
	if (v) {
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: %s: "
					   "@nest in JSON-LD 1.0",
					   term);
		s = json_string_value(v);
		if (!s || (mc__ld_is_keyword(s) && strcmp(s, "@nest") != 0))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @nest value: %s", term);
		def->nest = s;
	}
	/* 25. @prefix */
	v = json_is_object(value) ? json_object_get(value, "@prefix") : NULL;
	if (v) {
		if (st->v10 || strchr(term, ':') || strchr(term, '/'))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: %s: "
					   "@prefix",
					   term);
		if (!json_is_boolean(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @prefix value: %s", term);
		def->prefix = json_is_true(v);
		if (def->prefix && def->id && mc__ld_is_keyword(def->id))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid term definition: %s: a "
					   "keyword as a prefix",
					   term);
	}
	/* 26. nothing else */
	if (json_is_object(value)) {
		json_object_foreach((json_t *)value, key, v)
		{
			if (!term_key_ok(key))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid term definition: "
						   "%s: unknown entry %s",
						   term, key);
		}
	}
	/* 27. protected terms */
	if (!dc->override && prev && prev->protect) {
		if (!term_equal(def, prev))
			return mc__ld_fail(st, MC_EINVALID,
					   "protected term redefinition: %s",
					   term);
		def = (struct mc__ld_term *)prev;
	}
	if (def->protect)
		dc->ac->has_protected = 1;
	if ((rc = mc__ld_map_put(st, &dc->ac->terms, term, def)) != 0)
		return rc;
	return mc__ld_map_put(st, &dc->defined, term, DONE);
}

/* ---- IRI Expansion (5.2) ------------------------------------------- */

/* IRI Expansion; *found gets the term definition of `value` in `ac`
 * when it was looked up (NULL when there is none or it was not). */
static int iri_expand_term(const char **out, const struct mc__ld_term **found,
			   struct mc__ld_state *st, const struct mc__ld_ctx *ac,
			   struct defctx *dc, const char *value,
			   int doc_relative, int vocab)
{
	const struct mc__ld_term *t;
	const char *colon;
	int rc;

	*out = NULL;
	*found = NULL;
	if (!value)
		return 0;
	if (value[0] == '@') {
		if (mc__ld_is_keyword(value)) {
			*out = value;
			return 0;
		}
		if (mc__iri_is_keyword_like(value))
			return 0;
	}
	if (dc && json_object_get(dc->local, value) &&
	    mc__ld_map_get(&dc->defined, value) != DONE &&
	    (rc = create_term(st, dc, value)) != 0)
		return rc;
	t = mc__ld_term_get(ac, value);
	*found = t;
	if (t && t->id && mc__ld_is_keyword(t->id)) {
		*out = t->id;
		return 0;
	}
	if (vocab && t) {
		*out = t->id;
		return 0;
	}
	colon = strchr(value + (value[0] ? 1 : 0), ':');
	if (colon) {
		size_t plen = (size_t)(colon - value);
		char pbuf[128], *prefix = pbuf;
		if (plen == 1 && value[0] == '_') {
			*out = value;
			return 0;
		}
		if (colon[1] == '/' && colon[2] == '/') {
			*out = value;
			return 0;
		}
		if (plen >= sizeof(pbuf) &&
		    !(prefix = mc__ld_alloc(st, plen + 1)))
			return NOMEM(st);
		memcpy(prefix, value, plen);
		prefix[plen] = 0;
		if (dc && json_object_get(dc->local, prefix) &&
		    mc__ld_map_get(&dc->defined, prefix) != DONE) {
			char *p =
			    prefix == pbuf ? mc__ld_strdup(st, pbuf) : prefix;
			if (!p)
				return NOMEM(st);
			if ((rc = create_term(st, dc, p)) != 0)
				return rc;
		}
		t = mc__ld_term_get(ac, prefix);
		if (t && t->id && (t->prefix || st->v10)) {
			if (!(*out = mc__ld_concat(st, t->id, colon + 1)))
				return NOMEM(st);
			return 0;
		}
		if (mc__iri_is_absolute(value)) {
			*out = value;
			return 0;
		}
	}
	if (vocab && ac->vocab) {
		if (!(*out = mc__ld_concat(st, ac->vocab, value)))
			return NOMEM(st);
		return 0;
	}
	if (doc_relative)
		return resolve(out, st, mc__ld_ctx_base(st, ac), value);
	*out = value;
	return 0;
}

static int iri_expand(const char **out, struct mc__ld_state *st,
		      const struct mc__ld_ctx *ac, struct defctx *dc,
		      const char *value, int doc_relative, int vocab)
{
	const struct mc__ld_term *found;

	return iri_expand_term(out, &found, st, ac, dc, value, doc_relative,
			       vocab);
}

static int iri_expand_def(const char **out, struct mc__ld_state *st,
			  struct defctx *dc, const char *value,
			  int doc_relative, int vocab)
{
	return iri_expand(out, st, dc->ac, dc, value, doc_relative, vocab);
}

int mc__ld_expand_iri(const char **out, struct mc__ld_state *st,
		      const struct mc__ld_ctx *ac, const char *value,
		      int doc_relative, int vocab)
{
	return iri_expand(out, st, ac, NULL, value, doc_relative, vocab);
}

int mc__ld_expand_key(const char **out, const struct mc__ld_term **td,
		      struct mc__ld_state *st, const struct mc__ld_ctx *ac,
		      const char *key)
{
	return iri_expand_term(out, td, st, ac, NULL, key, 0, 1);
}

/* ---- Context Processing (4.1) -------------------------------------- */

static int process_one(struct mc__ld_ctx **result, struct mc__ld_state *st,
		       const json_t *ctx, const char *base,
		       int override_protected, int propagate, int validate);

/* Steps 3 to 5 of Context Processing, without the caches. */
static int build_context(struct mc__ld_ctx **out, struct mc__ld_state *st,
			 const struct mc__ld_ctx *active, const json_t *local,
			 const char *base, int override_protected,
			 int propagate, int validate)
{
	struct mc__ld_ctx *result;
	const json_t *v;
	size_t i;
	int rc;

	if (++st->depth > depth_limit(st)) {
		st->depth--;
		return mc__ld_fail(st, MC_ETOOBIG,
				   "context overflow: contexts nested deeper "
				   "than %u",
				   depth_limit(st));
	}
	result = (struct mc__ld_ctx *)active; /* process_one copies */
	if (!propagate && !active->previous) {
		if (!(result = ctx_copy(st, active))) {
			rc = NOMEM(st);
			goto done;
		}
		result->previous = active;
	}
	if (json_is_array(local)) {
		json_array_foreach(local, i, v)
		{
			if ((rc = process_one(&result, st, v, base,
					      override_protected, propagate,
					      validate)) != 0)
				goto done;
		}
	} else if ((rc = process_one(&result, st, local, base,
				     override_protected, propagate,
				     validate)) != 0) {
		goto done;
	}
	*out = result;
	rc = 0;
done:
	st->depth--;
	return rc;
}

int mc__ld_process_context(const struct mc__ld_ctx **out,
			   struct mc__ld_state *st,
			   const struct mc__ld_ctx *active, const json_t *local,
			   const char *base, int override_protected,
			   int propagate, int validate, int pinned)
{
	unsigned flags;
	const struct mc__ld_ctx *hit;
	struct mc__ld_ctx *result = NULL;
	const json_t *v;
	int rc;

	*out = NULL;
	if (json_is_object(local) &&
	    (v = json_object_get(local, "@propagate")) != NULL) {
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid context entry: @propagate "
					   "in JSON-LD 1.0");
		if (!json_is_boolean(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @propagate value");
		propagate = json_is_true(v);
	}
	flags = (unsigned)override_protected | (unsigned)propagate << 1 |
		(unsigned)validate << 2 | (st->nremote ? 8u : 0u);
	if (pinned && active->frozen && !st->v10) {
		int outer = !st->freezing;
		unsigned saved_depth;
		if (outer)
			pthread_mutex_lock(&frozen_lock);
		hit = cache_get(frozen_tab, frozen_cap, active, local, base,
				flags);
		if (hit || (outer && frozen_total > MC__LD_FROZEN_MAX)) {
			if (outer)
				pthread_mutex_unlock(&frozen_lock);
			if (hit) {
				*out = hit;
				return 0;
			}
			goto per_call;
		}
		/* what pinned documents need does not count against the
		 * call's limits (depth_limit(), mc__ld_tick()), so that a
		 * deep or large document cannot make a shared context fail,
		 * and be rebuilt, again and again */
		saved_depth = st->depth;
		if (outer)
			st->depth = 0;
		st->freezing++;
		rc = build_context(&result, st, active, local, base,
				   override_protected, propagate, validate);
		st->depth = saved_depth;
		if (rc == 0 && !st->tainted)
			cache_put(st, &frozen_tab, &frozen_cap, &frozen_used,
				  active, local, base, flags, result);
		st->freezing--;
		if (outer) {
			st->tainted = 0;
			pthread_mutex_unlock(&frozen_lock);
		}
		if (rc == 0)
			*out = result;
		return rc;
	}
per_call:
	if (st->freezing)
		st->tainted = 1; /* depends on more than pinned documents */
	if ((hit = cache_get(st->cache, st->cache_cap, active, local, base,
			     flags)) != NULL) {
		*out = hit;
		return 0;
	}
	rc = build_context(&result, st, active, local, base, override_protected,
			   propagate, validate);
	if (rc != 0)
		return rc;
	cache_put(st, &st->cache, &st->cache_cap, &st->cache_used, active,
		  local, base, flags, result);
	*out = result;
	return 0;
}

static int process_remote(struct mc__ld_ctx **result, struct mc__ld_state *st,
			  const char *ref, const char *base, int validate)
{
	const struct mc__ld_doc *d;
	const struct mc__ld_ctx *r;
	const char *url;
	unsigned i;
	int rc, trusted = st->trusted;

	if ((rc = resolve(&url, st, base, ref)) != 0)
		return rc;
	for (i = 0; i < st->nremote; i++)
		if (strcmp(st->remote[i], url) == 0) {
			if (!validate)
				return 0;
			return mc__ld_fail(st, MC_EINVALID,
					   "recursive context inclusion: %s",
					   url);
		}
	if (st->nremote >= MC__ARRAY_SIZE(st->remote))
		return mc__ld_fail(st, MC_ETOOBIG,
				   "context overflow: more than %u remote "
				   "contexts in a chain",
				   (unsigned)MC__ARRAY_SIZE(st->remote));
	if ((rc = load_doc(&d, st, url, 0)) != 0)
		return rc;
	st->remote[st->nremote++] = d->url;
	if (d->pinned)
		st->trusted = 1;
	rc = mc__ld_process_context(&r, st, *result,
				    json_object_get(d->doc, "@context"), d->url,
				    0, 1, validate, d->pinned);
	st->trusted = trusted;
	st->nremote--;
	if (rc == 0)
		*result = (struct mc__ld_ctx *)r;
	return rc;
}

/* Step 5 for one context `ctx` of the local context. */
static int process_one(struct mc__ld_ctx **result, struct mc__ld_state *st,
		       const json_t *ctx, const char *base,
		       int override_protected, int propagate, int validate)
{
	struct defctx dc;
	const json_t *v, *merged = NULL;
	json_t *tmp = NULL;
	const char *key, *s;
	int rc = 0;

	if (json_is_null(ctx)) {
		struct mc__ld_ctx *n;
		if (!override_protected && (*result)->has_protected)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid context nullification: "
					   "the active context has protected "
					   "terms");
		if (propagate) {
			*result = (struct mc__ld_ctx *)&initial_ctx;
			return 0;
		}
		if (!(n = ctx_copy(st, &initial_ctx)))
			return NOMEM(st);
		n->previous =
		    (*result)->previous ? (*result)->previous : *result;
		*result = n;
		return 0;
	}
	if (json_is_string(ctx))
		return process_remote(result, st, json_string_value(ctx), base,
				      validate);
	if (!json_is_object(ctx))
		return mc__ld_fail(st, MC_EINVALID,
				   "invalid local context: a context is not "
				   "an object, a string or null");
	/* A context document given inline ({"@context": {...}}) stands for
	 * its @context, as jsonld.js (and so every wallet) reads it; the
	 * W3C test suites' Data Integrity inputs use it. */
	if (json_object_get(ctx, "@context") && json_object_size(ctx) == 1)
		return process_one(result, st, json_object_get(ctx, "@context"),
				   base, override_protected, propagate,
				   validate);
	/* it is ours to modify from here: result is a fresh copy, but a
	 * cached context must not change, so copy once per object */
	if (!(*result = ctx_copy(st, *result)))
		return NOMEM(st);
	v = json_object_get(ctx, "@version");
	if (v) {
		if (!json_is_number(v) || json_number_value(v) != 1.1)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @version value");
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "processing mode conflict: "
					   "@version 1.1 in JSON-LD 1.0 mode");
	}
	merged = ctx;
	v = json_object_get(ctx, "@import");
	if (v) {
		const struct mc__ld_doc *d;
		const char *url;
		const json_t *ic, *iv;
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid context entry: @import in "
					   "JSON-LD 1.0");
		if (!json_is_string(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @import value");
		if (st->freezing)
			st->tainted = 1; /* the merged copy lives per call */
		if ((rc = resolve(&url, st, base, json_string_value(v))) != 0)
			return rc;
		if ((rc = load_doc(&d, st, url, 1)) != 0)
			return rc;
		ic = json_object_get(d->doc, "@context");
		if (json_object_get(ic, "@import"))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid context entry: %s has "
					   "@import",
					   url);
		if (!(tmp = json_copy((json_t *)ic)))
			return NOMEM(st);
		json_object_foreach((json_t *)ctx, key, iv)
		{
			if (json_object_set((json_t *)tmp, key, (json_t *)iv))
				goto nomem;
		}
		merged = tmp;
		/* kept alive by the state with the documents */
		{
			struct mc__ld_doc *keep =
			    mc__ld_alloc(st, sizeof(*keep));
			char *name = mc__ld_alloc(st, 32);
			if (!keep || !name)
				goto nomem;
			snprintf(name, 32, " import %p", (void *)keep);
			keep->url = name;
			keep->doc = tmp;
			keep->owned = tmp;
			if (mc__ld_map_put(st, &st->docs, name, keep) != 0)
				goto nomem;
			tmp = NULL;
		}
	}
	v = json_object_get(merged, "@base");
	if (v && st->nremote == 0) {
		const char *cur = mc__ld_ctx_base(st, *result);
		if (st->freezing)
			st->tainted = 1; /* may depend on the document's base */
		(*result)->doc_base = 0;
		if (json_is_null(v)) {
			(*result)->base = NULL;
		} else if (!json_is_string(v)) {
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid base IRI: not a string");
		} else if (mc__iri_is_absolute(json_string_value(v))) {
			(*result)->base = json_string_value(v);
		} else if (cur) {
			const char *b;
			if ((rc = resolve(&b, st, cur, json_string_value(v))) !=
			    0)
				return rc;
			(*result)->base = b;
		} else {
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid base IRI: \"%s\" is "
					   "relative and there is no base",
					   json_string_value(v));
		}
	}
	v = json_object_get(merged, "@vocab");
	if (v) {
		if (json_is_null(v)) {
			(*result)->vocab = NULL;
		} else if (!json_is_string(v)) {
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid vocab mapping: not a "
					   "string");
		} else {
			const char *vv;
			s = json_string_value(v);
			if (st->v10 && !is_iri_or_blank(s))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid vocab mapping: "
						   "\"%s\"",
						   s);
			if (st->freezing && !is_iri_or_blank(s))
				st->tainted = 1; /* relative to the base */
			if (st->opts->safe && !is_iri_or_blank(s))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid vocab mapping: "
						   "relative @vocab \"%s\" "
						   "(safe mode)",
						   s);
			if ((rc = iri_expand(&vv, st, *result, NULL, s, 1,
					     1)) != 0)
				return rc;
			if (!vv || mc__ld_is_keyword(vv))
				return mc__ld_fail(st, MC_EINVALID,
						   "invalid vocab mapping: "
						   "\"%s\"",
						   s);
			(*result)->vocab = vv;
		}
	}
	v = json_object_get(merged, "@language");
	if (v) {
		if (json_is_null(v))
			(*result)->lang = NULL;
		else if (json_is_string(v))
			(*result)->lang = json_string_value(v);
		else
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid default language: not a "
					   "string");
	}
	v = json_object_get(merged, "@direction");
	if (v) {
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid context entry: @direction "
					   "in JSON-LD 1.0");
		s = json_string_value(v);
		if (json_is_null(v))
			(*result)->dir = NULL;
		else if (s && (strcmp(s, "ltr") == 0 || strcmp(s, "rtl") == 0))
			(*result)->dir = s;
		else
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid base direction");
	}
	memset(&dc, 0, sizeof(dc));
	dc.ac = *result;
	dc.local = merged;
	dc.base = base;
	dc.override = override_protected;
	dc.validate = validate;
	v = json_object_get(merged, "@protected");
	if (v) {
		if (st->v10)
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid context entry: @protected "
					   "in JSON-LD 1.0");
		if (!json_is_boolean(v))
			return mc__ld_fail(st, MC_EINVALID,
					   "invalid @protected value");
		dc.protect = json_is_true(v);
	}
	json_object_foreach((json_t *)merged, key, v)
	{
		if (strcmp(key, "@base") == 0 ||
		    strcmp(key, "@direction") == 0 ||
		    strcmp(key, "@import") == 0 ||
		    strcmp(key, "@language") == 0 ||
		    strcmp(key, "@propagate") == 0 ||
		    strcmp(key, "@protected") == 0 ||
		    strcmp(key, "@version") == 0 || strcmp(key, "@vocab") == 0)
			continue;
		if ((rc = create_term(st, &dc, key)) != 0)
			return rc;
	}
	return 0;
nomem:
	json_decref(tmp);
	return NOMEM(st);
}
