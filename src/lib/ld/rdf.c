/*
 * RDF datasets: quads kept in the order they were added, without
 * duplicates.
 *
 * The quads' strings live in an arena owned by the dataset (a chain of
 * chunks, freed by mc__rdf_dataset_free()), so adding a quad costs one
 * copy of its strings and no allocation of its own.  Duplicates are found
 * with a hash set of quad indices and their hashes that lives in the
 * same allocation as the quads, after the `alloc` quad slots, with the
 * arena's head (so struct mc__rdf_dataset needs no field for them):
 * adding n quads is O(n) and hashes each quad once.  The set records how
 * many quads it indexes; when `len` was lowered behind mc__rdf_add()'s
 * back it is rebuilt, and an index it holds is only used below `len`.
 * So code that reads `quads[0..len)` freely, or drops the last quads by
 * lowering `len`, is safe; code that grows `quads` itself or frees a
 * term's strings must not (use mc__rdf_add()).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"
#include "microcred/errors.h"

#define RDF_DEFAULT_MAX 1000000u
#define SLOT_EMPTY	UINT32_MAX
#define CHUNK_MIN	4096u
#define CHUNK_MAX	65536u

/* Arena chunks: strings are NUL-terminated bytes, never aligned. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct slot {
	uint32_t quad; /* SLOT_EMPTY when free */
	uint32_t hash; /* the low half of the quad's hash */
};

/* The set after the quads: `built` quads indexed, `mask + 1` slots
 * (a power of two, at least twice `alloc`); the arena's newest chunk. */
struct quad_set {
	size_t built;
	size_t mask;
	struct chunk *arena;
	struct slot slot[];
};

static struct quad_set *set_at(struct mc__rdf_quad *quads, size_t alloc)
{
	return (struct quad_set *)(void *)(quads + alloc);
}

static struct quad_set *set_of(const struct mc__rdf_dataset *ds)
{
	return set_at(ds->quads, ds->alloc);
}

static size_t slots_for(size_t alloc)
{
	size_t n = 16;

	while (n < alloc * 2)
		n *= 2;
	return n;
}

/* One multiply-xorshift round per 8 bytes: a quad's strings can be long
 * (whole paragraphs), and hashing them word by word instead of byte by
 * byte is most of what adding a quad saves. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

/* The strings of a quad, term by term (value, datatype, language), and
 * their lengths (NO_STR for NULL or unused): measured once per quad. */
#define NO_STR SIZE_MAX

struct quad_strs {
	const char *s[12];
	size_t len[12];
};

static void quad_strs(struct quad_strs *qs, const struct mc__rdf_quad *q)
{
	const struct mc__rdf_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
	size_t i, k;

	for (i = 0; i < 4; i++) {
		const char *v[3] = {t[i]->value, NULL, NULL};

		if (t[i]->kind == MC__RDF_NONE)
			v[0] = NULL;
		if (t[i]->kind == MC__RDF_LITERAL) {
			v[1] = t[i]->datatype;
			v[2] = t[i]->language;
		}
		for (k = 0; k < 3; k++) {
			qs->s[3 * i + k] = v[k];
			qs->len[3 * i + k] = v[k] ? strlen(v[k]) : NO_STR;
		}
	}
}

static uint64_t hash_str(uint64_t h, const char *s, size_t n)
{
	size_t i;
	uint64_t w;

	if (n == NO_STR)
		return mix(h, 0xffu);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = mix(h, w);
	}
	w = 0;
	memcpy(&w, s + i, n - i);
	/* the length keeps ("ab","c") and ("a","bc") apart */
	return mix(mix(h, w), (uint64_t)n);
}

/* Equal quads hash alike: a term's kind, then its strings (a datatype
 * and language only for literals, as term_eq() compares them). */
static uint32_t hash_quad(const struct mc__rdf_quad *q,
			  const struct quad_strs *qs)
{
	const struct mc__rdf_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
	uint64_t h = 14695981039346656037ull;
	size_t i, k;

	for (i = 0; i < 4; i++) {
		h = mix(h, (uint64_t)t[i]->kind);
		if (t[i]->kind == MC__RDF_NONE)
			continue;
		for (k = 0; k < (t[i]->kind == MC__RDF_LITERAL ? 3u : 1u); k++)
			h = hash_str(h, qs->s[3 * i + k], qs->len[3 * i + k]);
	}
	return (uint32_t)(h ^ (h >> 32));
}

static int term_eq(const struct mc__rdf_term *a, const struct mc__rdf_term *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == MC__RDF_NONE)
		return 1;
	if (!mc__streq(a->value, b->value))
		return 0;
	return a->kind != MC__RDF_LITERAL ||
	       (mc__streq(a->datatype, b->datatype) &&
		mc__streq(a->language, b->language));
}

static int quad_eq(const struct mc__rdf_quad *a, const struct mc__rdf_quad *b)
{
	return term_eq(&a->s, &b->s) && term_eq(&a->p, &b->p) &&
	       term_eq(&a->o, &b->o) && term_eq(&a->g, &b->g);
}

/* The slot holding a quad equal to `q` (whose hash is `hash`), or the
 * empty slot where it goes. */
static struct slot *set_find(const struct mc__rdf_dataset *ds,
			     const struct mc__rdf_quad *q, uint32_t hash)
{
	struct quad_set *set = set_of(ds);
	size_t i = (size_t)hash & set->mask;

	for (;; i = (i + 1) & set->mask) {
		struct slot *slot = &set->slot[i];

		if (slot->quad == SLOT_EMPTY || slot->quad >= ds->len)
			return slot;
		if (slot->hash == hash && quad_eq(&ds->quads[slot->quad], q))
			return slot;
	}
}

static void set_clear(struct quad_set *set, size_t alloc)
{
	size_t i;

	set->mask = slots_for(alloc) - 1;
	for (i = 0; i <= set->mask; i++)
		set->slot[i].quad = SLOT_EMPTY;
}

/* Index quads [0, len) again, hashing each (after `len` was lowered). */
static void set_rebuild(struct mc__rdf_dataset *ds)
{
	struct quad_set *set = set_of(ds);
	size_t i, n = ds->len;

	set_clear(set, ds->alloc);
	/* Index quads one by one so that find sees only those already in. */
	ds->len = 0;
	for (i = 0; i < n; i++) {
		struct quad_strs qs;
		uint32_t hash;
		struct slot *slot;

		quad_strs(&qs, &ds->quads[i]);
		hash = hash_quad(&ds->quads[i], &qs);

		ds->len = i + 1;
		slot = set_find(ds, &ds->quads[i], hash);
		slot->quad = (uint32_t)i;
		slot->hash = hash;
	}
	ds->len = n;
	set->built = n;
}

/* Move the indexed quads of `old` (mask `old_mask`) into the empty
 * `set`: distinct quads, so only their stored hashes are needed. */
static void set_move(struct quad_set *set, const struct slot *old,
		     size_t old_mask, size_t len)
{
	size_t i, j;

	for (i = 0; i <= old_mask; i++) {
		if (old[i].quad == SLOT_EMPTY || old[i].quad >= len)
			continue;
		for (j = old[i].hash & set->mask;
		     set->slot[j].quad != SLOT_EMPTY; j = (j + 1) & set->mask)
			;
		set->slot[j] = old[i];
	}
}

static size_t set_bytes(size_t alloc)
{
	return sizeof(struct quad_set) + slots_for(alloc) * sizeof(struct slot);
}

static int grow(struct mc__rdf_dataset *ds, size_t max)
{
	size_t old_alloc = ds->alloc, alloc = old_alloc ? old_alloc * 2 : 16;
	struct quad_set head = {0, 0, NULL}, *old, *set;
	struct mc__rdf_quad *quads;

	if (alloc > max)
		alloc = max;
	if (ds->quads)
		head = *set_of(ds);
	if (!(quads = realloc(ds->quads,
			      alloc * sizeof(*quads) + set_bytes(alloc))))
		return MC_ENOMEM;
	ds->quads = quads;
	ds->alloc = alloc;
	set = set_of(ds);
	old = set_at(quads, old_alloc);
	/* The old set is still there after realloc, unless it was never
	 * built or the new one starts inside it. */
	if (old_alloc && head.built == ds->len &&
	    (alloc - old_alloc) * sizeof(*quads) >= set_bytes(old_alloc)) {
		set_clear(set, alloc);
		set_move(set, old->slot, head.mask, ds->len);
		set->built = head.built;
	} else {
		set_rebuild(ds);
	}
	set->arena = head.arena;
	return 0;
}

/* Room for `n` bytes in the arena of `set`, or NULL. */
static char *arena_take(struct quad_set *set, size_t n)
{
	struct chunk *c = set->arena;
	size_t cap;

	if (c && c->cap - c->used >= n) {
		c->used += n;
		return c->data + c->used - n;
	}
	cap = c ? c->cap * 2 : CHUNK_MIN;
	if (cap > CHUNK_MAX)
		cap = CHUNK_MAX;
	if (cap < n)
		cap = n;
	if (!(c = malloc(sizeof(*c) + cap)))
		return NULL;
	c->next = set->arena;
	c->used = n;
	c->cap = cap;
	set->arena = c;
	return c->data;
}

/* Copy `q` into `dst`, its strings to `at` (room for all of them). */
static void quad_copy(struct mc__rdf_quad *dst, const struct mc__rdf_quad *q,
		      const struct quad_strs *qs, char *at)
{
	const struct mc__rdf_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
	struct mc__rdf_term *d[4] = {&dst->s, &dst->p, &dst->o, &dst->g};
	char **field[3];
	size_t i, k;

	for (i = 0; i < 4; i++) {
		memset(d[i], 0, sizeof(*d[i]));
		d[i]->kind = t[i]->kind;
		field[0] = &d[i]->value;
		field[1] = &d[i]->datatype;
		field[2] = &d[i]->language;
		for (k = 0; k < 3; k++) {
			size_t n = qs->len[3 * i + k];

			if (n == NO_STR)
				continue;
			memcpy(at, qs->s[3 * i + k], n + 1);
			*field[k] = at;
			at += n + 1;
		}
	}
}

int mc__rdf_add(struct mc__rdf_dataset *ds, const struct mc__rdf_quad *q)
{
	size_t max = ds->max ? ds->max : RDF_DEFAULT_MAX, bytes = 0, i;
	struct quad_strs qs;
	uint32_t hash;
	struct slot *slot;
	char *at;
	int error;

	quad_strs(&qs, q);
	hash = hash_quad(q, &qs);
	if (max > UINT32_MAX - 1)
		max = UINT32_MAX - 1;
	if (ds->quads && set_of(ds)->built != ds->len)
		set_rebuild(ds);
	if (ds->quads && (slot = set_find(ds, q, hash))->quad != SLOT_EMPTY &&
	    slot->quad < ds->len)
		return 0; /* already there */
	if (ds->len >= max)
		return MC_ETOOBIG;
	if (ds->len == ds->alloc && (error = grow(ds, max)) < 0)
		return error;
	for (i = 0; i < 12; i++)
		if (qs.len[i] != NO_STR)
			bytes += qs.len[i] + 1;
	if (!(at = arena_take(set_of(ds), bytes)))
		return MC_ENOMEM;
	quad_copy(&ds->quads[ds->len], q, &qs, at);
	/* the copy has the same strings: the same hash */
	slot = set_find(ds, &ds->quads[ds->len], hash);
	slot->quad = (uint32_t)ds->len;
	slot->hash = hash;
	ds->len++;
	set_of(ds)->built = ds->len;
	return 0;
}

void mc__rdf_dataset_free(struct mc__rdf_dataset *ds)
{
	struct chunk *c, *next;

	if (!ds)
		return;
	if (ds->quads)
		for (c = set_of(ds)->arena; c; c = next) {
			next = c->next;
			free(c);
		}
	free(ds->quads);
	ds->quads = NULL;
	ds->len = ds->alloc = 0;
}
