/*
 * RDF datasets: quads kept in the order they were added, without
 * duplicates.
 *
 * Duplicates are found with a hash set of quad indices that lives in the
 * same allocation as the quads, after the `alloc` quad slots (so struct
 * mc__rdf_dataset needs no field for it): adding n quads is O(n).  The
 * set records how many quads it indexes; when `len` was changed behind
 * mc__rdf_add()'s back it is rebuilt, and an index it holds is only used
 * below `len`.  So code that reads `quads[0..len)` freely is safe; code
 * that grows `quads` itself must not (use mc__rdf_add()).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"
#include "microcred/errors.h"

#define RDF_DEFAULT_MAX 1000000u
#define SLOT_EMPTY	UINT32_MAX

/* The set after the quads: `built` quads indexed, `mask + 1` slots
 * (a power of two, at least twice `alloc`). */
struct quad_set {
	size_t built;
	size_t mask;
	uint32_t slot[];
};

static struct quad_set *set_of(const struct mc__rdf_dataset *ds)
{
	return (struct quad_set *)(void *)(ds->quads + ds->alloc);
}

static size_t slots_for(size_t alloc)
{
	size_t n = 16;

	while (n < alloc * 2)
		n *= 2;
	return n;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	/* FNV-1a, with a terminator so ("ab","c") and ("a","bc") differ. */
	if (s)
		for (; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (h ^ 0xffu) * 1099511628211ull;
}

static uint64_t hash_term(uint64_t h, const struct mc__rdf_term *t)
{
	h = (h ^ (unsigned)t->kind) * 1099511628211ull;
	if (t->kind == MC__RDF_NONE)
		return h;
	h = hash_str(h, t->value);
	if (t->kind == MC__RDF_LITERAL) {
		h = hash_str(h, t->datatype);
		h = hash_str(h, t->language);
	}
	return h;
}

static uint64_t hash_quad(const struct mc__rdf_quad *q)
{
	uint64_t h = 14695981039346656037ull;

	h = hash_term(h, &q->s);
	h = hash_term(h, &q->p);
	h = hash_term(h, &q->o);
	return hash_term(h, &q->g);
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

/* The slot holding a quad equal to `q`, or the empty slot where it goes. */
static uint32_t *set_find(const struct mc__rdf_dataset *ds,
			  const struct mc__rdf_quad *q)
{
	struct quad_set *set = set_of(ds);
	size_t i = (size_t)hash_quad(q) & set->mask;

	for (;; i = (i + 1) & set->mask) {
		uint32_t *slot = &set->slot[i];

		if (*slot == SLOT_EMPTY || *slot >= ds->len)
			return slot;
		if (quad_eq(&ds->quads[*slot], q))
			return slot;
	}
}

static void set_rebuild(struct mc__rdf_dataset *ds)
{
	struct quad_set *set = set_of(ds);
	size_t i, n = ds->len;

	set->mask = slots_for(ds->alloc) - 1;
	for (i = 0; i <= set->mask; i++)
		set->slot[i] = SLOT_EMPTY;
	/* Index quads one by one so that find sees only those already in. */
	ds->len = 0;
	for (i = 0; i < n; i++) {
		ds->len = i + 1;
		*set_find(ds, &ds->quads[i]) = (uint32_t)i;
	}
	ds->len = n;
	set->built = n;
}

static int grow(struct mc__rdf_dataset *ds, size_t max)
{
	size_t alloc = ds->alloc ? ds->alloc * 2 : 16, bytes;
	struct mc__rdf_quad *quads;

	if (alloc > max)
		alloc = max;
	bytes = alloc * sizeof(*quads) + sizeof(struct quad_set) +
		slots_for(alloc) * sizeof(uint32_t);
	if (!(quads = realloc(ds->quads, bytes)))
		return MC_ENOMEM;
	ds->quads = quads;
	ds->alloc = alloc;
	set_rebuild(ds);
	return 0;
}

static void term_free(struct mc__rdf_term *t)
{
	free(t->value);
	free(t->datatype);
	free(t->language);
}

static int term_copy(struct mc__rdf_term *out, const struct mc__rdf_term *t)
{
	memset(out, 0, sizeof(*out));
	out->kind = t->kind;
	if (t->kind == MC__RDF_NONE)
		return 0;
	if ((t->value && !(out->value = mc__strdup(t->value))) ||
	    (t->kind == MC__RDF_LITERAL && t->datatype &&
	     !(out->datatype = mc__strdup(t->datatype))) ||
	    (t->kind == MC__RDF_LITERAL && t->language &&
	     !(out->language = mc__strdup(t->language)))) {
		term_free(out);
		return MC_ENOMEM;
	}
	return 0;
}

int mc__rdf_add(struct mc__rdf_dataset *ds, const struct mc__rdf_quad *q)
{
	size_t max = ds->max ? ds->max : RDF_DEFAULT_MAX;
	struct mc__rdf_quad *dst;
	uint32_t *slot;
	int error;

	if (max > UINT32_MAX - 1)
		max = UINT32_MAX - 1;
	if (ds->quads && set_of(ds)->built != ds->len)
		set_rebuild(ds);
	if (ds->quads && *(slot = set_find(ds, q)) != SLOT_EMPTY &&
	    *slot < ds->len)
		return 0; /* already there */
	if (ds->len >= max)
		return MC_ETOOBIG;
	if (ds->len == ds->alloc && (error = grow(ds, max)) < 0)
		return error;
	dst = &ds->quads[ds->len];
	if ((error = term_copy(&dst->s, &q->s)) < 0)
		return error;
	if ((error = term_copy(&dst->p, &q->p)) < 0)
		goto fail_s;
	if ((error = term_copy(&dst->o, &q->o)) < 0)
		goto fail_p;
	if ((error = term_copy(&dst->g, &q->g)) < 0)
		goto fail_o;
	*set_find(ds, dst) = (uint32_t)ds->len;
	ds->len++;
	set_of(ds)->built = ds->len;
	return 0;

fail_o:
	term_free(&dst->o);
fail_p:
	term_free(&dst->p);
fail_s:
	term_free(&dst->s);
	return error;
}

void mc__rdf_dataset_free(struct mc__rdf_dataset *ds)
{
	size_t i;

	if (!ds)
		return;
	for (i = 0; i < ds->len; i++) {
		term_free(&ds->quads[i].s);
		term_free(&ds->quads[i].p);
		term_free(&ds->quads[i].o);
		term_free(&ds->quads[i].g);
	}
	free(ds->quads);
	ds->quads = NULL;
	ds->len = ds->alloc = 0;
}
