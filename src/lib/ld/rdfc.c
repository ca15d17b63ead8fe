/*
 * RDF Dataset Canonicalization (RDFC-1.0, https://www.w3.org/TR/rdf-canon/)
 * with SHA-256, written as canonical N-Quads.
 *
 * Blank nodes are numbered once, in the order they first appear (quad by
 * quad: subject, predicate, object, graph), and each is given the list of
 * its quads, so every algorithm of the specification works on small
 * integers and never scans the dataset.  Where the specification sorts
 * (hashes, hash path lists) ties keep that first-appearance order, which is
 * what the W3C suite's identifier-map tests expect.
 *
 * Work limit: each call of Hash N-Degree Quads (section 4.8) counts; past
 * opts->max_ndegree_calls the call fails with MC_ETOOBIG.  The blank
 * nodes of the permutations tried are counted too (at most
 * MAX_STEPS_PER_CALL times the call limit), since a permutation whose
 * blank nodes are all issued already makes no call but still costs time.
 * Recursion is at most MAX_DEPTH calls deep.  Issuers find a blank node
 * in constant time and paths are compared incrementally, so the work
 * counted bounds the time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>

#include "ld.h"
#include "crypto/crypto.h"
#include "microcred/errors.h"

#define NONE		   UINT32_MAX
#define HEX_MAX		   (2 * SHA384_DIGEST_LENGTH)
#define MAX_STEPS_PER_CALL 256u
#define MAX_DEPTH	   1024u
#define OUT_MAX		   ((size_t)1 << 30)

struct bnode {
	const char *label;
	size_t q0, nq;		/* its quads: st->qof[q0 .. q0 + nq) */
	char hash[HEX_MAX + 1]; /* Hash First Degree Quads, hex */
	char canon[16];		/* "c14nN" once issued */
};

/* An identifier issuer that is not the canonical one: the blank nodes
 * it issued, in order (the identifier of order[k] is "b" + k), and a hash
 * set to find one in constant time. */
struct issuer {
	uint32_t *order;
	uint32_t *slot; /* hash set of blank node -> index in order */
	uint32_t count, cap, mask;
};

/* A serialised quad in a buffer, '\n' included. */
struct line {
	size_t off, len;
};

struct state {
	const struct mc__rdf_dataset *ds;
	struct bnode *b;
	uint32_t nb;
	uint32_t *qbn;	/* per quad: blank node of s, p, o, g, or NONE */
	uint32_t *qof;	/* quads of each blank node (see struct bnode) */
	uint32_t *lmap; /* label hash table -> blank node */
	size_t lmask;
	uint32_t *canon_id; /* per blank node: canonical number, or NONE */
	uint32_t canon_count;
	unsigned long calls, max_calls;
	unsigned long long steps, max_steps;
	unsigned depth; /* of Hash N-Degree Quads' recursion */
	size_t hexlen;
	int sha384;
	mc_buf tpl;	   /* each quad serialised, blank nodes as 0x01 */
	struct line *tl;   /* each quad's line in `tpl` */
	mc_buf lines;	   /* scratch: serialised quads */
	mc_buf cat;	   /* scratch: what is hashed */
	struct line *offs; /* scratch: the lines in `lines` */
	char *err;
	size_t errlen;
};

/* ---- helpers ------------------------------------------------------------ */

/* The digests, fetched once per process: EVP_Digest() with a name
 * would fetch the implementation again on every call, which costs more
 * than hashing a blank node's few quads. */
static EVP_MD *md_sha256, *md_sha384;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_fetch(void)
{
	md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	md_sha384 = EVP_MD_fetch(NULL, "SHA384", NULL);
}

static void hash_hex(struct state *st, char *out, const void *data, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	unsigned char md[SHA384_DIGEST_LENGTH];
	const EVP_MD *type;
	unsigned int mdlen = 0;
	size_t i, len;

	pthread_once(&md_once, md_fetch);
	type = st->sha384 ? md_sha384 : md_sha256;
	if (type && EVP_Digest(data, n, md, &mdlen, type, NULL) == 1) {
		len = mdlen;
	} else if (st->sha384) {
		SHA384(data, n, md);
		len = SHA384_DIGEST_LENGTH;
	} else {
		mc__sha256(md, data, n);
		len = MC__SHA256_LEN;
	}
	for (i = 0; i < len; i++) {
		out[2 * i] = hx[md[i] >> 4];
		out[2 * i + 1] = hx[md[i] & 15];
	}
	out[2 * len] = '\0';
}

static uint64_t label_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int fail_limit(struct state *st)
{
	mc__set_err(st->err, st->errlen,
		    "canonicalisation work limit reached (more than %lu calls "
		    "of Hash N-Degree Quads or %llu steps of their "
		    "permutations)",
		    st->max_calls, st->max_steps);
	return MC_ETOOBIG;
}

/* Lines sorted in code point order (the byte order of UTF-8).  A line's
 * '\n' is below every byte a line holds (controls are escaped), so
 * comparing the shorter length, '\n' included, orders a line before its
 * extensions and is 0 only for equal lines. */
static _Thread_local const char *sort_base;

static int cmp_lines(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	return memcmp(sort_base + x->off, sort_base + y->off,
		      x->len < y->len ? x->len : y->len);
}

static void sort_lines(struct line *l, size_t n, const char *base)
{
	sort_base = base;
	qsort(l, n, sizeof(*l), cmp_lines);
}

/* ---- Hash First Degree Quads (4.6) -------------------------------------- */

/* Serialise every quad once, each blank node written as the byte 0x01,
 * which canonical N-Quads never holds otherwise (controls are escaped);
 * lines are then made by copying and filling in labels. */
static const char *marker_label(void *arg, const char *label)
{
	(void)arg;
	(void)label;
	return "\x01";
}

static int build_templates(struct state *st)
{
	const struct mc__rdf_dataset *ds = st->ds;
	size_t i, pos, want, have;
	const char *p, *end;
	int error;

	if (!(st->tl = malloc((ds->len + 1) * sizeof(*st->tl))))
		return MC_ENOMEM;
	for (i = 0; i < ds->len; i++) {
		st->tl[i].off = st->tpl.len;
		if ((error = mc__nquads_write_quad(&st->tpl, &ds->quads[i],
						   marker_label, NULL)) < 0)
			return error;
		st->tl[i].len = st->tpl.len - st->tl[i].off;
		for (pos = 0, want = 0; pos < 4; pos++)
			want += st->qbn[4 * i + pos] != NONE;
		p = st->tpl.ptr + st->tl[i].off;
		end = p + st->tl[i].len;
		for (have = 0; (p = memchr(p, 1, end - p)); p++)
			have++;
		if (have != want) {
			mc__set_err(st->err, st->errlen,
				    "quad %zu: a control character in a "
				    "language tag",
				    i + 1);
			return MC_EINVALID;
		}
	}
	return 0;
}

/* Append quad `qi`'s line to `out`: blank node `ref` as "a" and the others
 * as "z" (Hash First Degree Quads), or with ref NONE each blank node under
 * its canonical label. */
static int put_line(struct state *st, mc_buf *out, uint32_t qi, uint32_t ref)
{
	const char *p = st->tpl.ptr + st->tl[qi].off, *m;
	const char *end = p + st->tl[qi].len, *label;
	size_t pos = 0;
	uint32_t k;
	int error;

	while ((m = memchr(p, 1, end - p))) {
		while (st->qbn[4 * qi + pos] == NONE)
			pos++;
		k = st->qbn[4 * qi + pos++];
		if (ref != NONE)
			label = k == ref ? "a" : "z";
		else if (st->canon_id[k] != NONE)
			label = st->b[k].canon;
		else
			label = st->b[k].label; /* a blank predicate alone */
		if ((error = mc__buf_add(out, p, m - p)) < 0 ||
		    (error = mc__buf_puts(out, label)) < 0)
			return error;
		p = m + 1;
	}
	return mc__buf_add(out, p, end - p);
}

static int hash_first_degree(struct state *st, uint32_t n)
{
	struct bnode *b = &st->b[n];
	size_t i;
	int error;

	st->lines.len = 0;
	for (i = 0; i < b->nq; i++) {
		st->offs[i].off = st->lines.len;
		if ((error = put_line(st, &st->lines, st->qof[b->q0 + i], n)) <
		    0)
			return error;
		st->offs[i].len = st->lines.len - st->offs[i].off;
	}
	sort_lines(st->offs, b->nq, st->lines.ptr);
	st->cat.len = 0;
	for (i = 0; i < b->nq; i++)
		if ((error =
			 mc__buf_add(&st->cat, st->lines.ptr + st->offs[i].off,
				     st->offs[i].len)) < 0)
			return error;
	hash_hex(st, b->hash, st->cat.ptr, st->cat.len);
	return 0;
}

/* ---- issuers ------------------------------------------------------------ */

static uint32_t issuer_find(const struct issuer *is, uint32_t n)
{
	uint32_t h, k;

	if (!is->count)
		return NONE;
	for (h = (n * 2654435761u) & is->mask;; h = (h + 1) & is->mask) {
		if ((k = is->slot[h]) == NONE || is->order[k] == n)
			return k;
	}
}

/* Room for `cap` identifiers (a power of two): the slots are twice as
 * many, so probes stay short. */
static int issuer_resize(struct issuer *is, uint32_t cap)
{
	uint32_t *order, *slot, k, h;

	if (!(order = realloc(is->order, cap * sizeof(*order))))
		return MC_ENOMEM;
	is->order = order;
	if (!(slot = malloc(2 * (size_t)cap * sizeof(*slot))))
		return MC_ENOMEM;
	free(is->slot);
	is->slot = slot;
	is->cap = cap;
	is->mask = 2 * cap - 1;
	memset(slot, 0xff, 2 * (size_t)cap * sizeof(*slot));
	for (k = 0; k < is->count; k++) {
		for (h = (is->order[k] * 2654435761u) & is->mask;
		     slot[h] != NONE; h = (h + 1) & is->mask)
			;
		slot[h] = k;
	}
	return 0;
}

/* Issue an identifier for `n`: *k gets its number, new or old. */
static int issuer_issue(struct issuer *is, uint32_t n, uint32_t *k)
{
	uint32_t h;

	if ((*k = issuer_find(is, n)) != NONE)
		return 0;
	if (is->count == is->cap &&
	    issuer_resize(is, is->cap ? 2 * is->cap : 8) < 0)
		return MC_ENOMEM;
	for (h = (n * 2654435761u) & is->mask; is->slot[h] != NONE;
	     h = (h + 1) & is->mask)
		;
	is->slot[h] = is->count;
	is->order[is->count] = n;
	*k = is->count++;
	return 0;
}

static int issuer_copy(struct issuer *dst, const struct issuer *src)
{
	dst->count = 0;
	if (dst->cap != src->cap && issuer_resize(dst, src->cap) < 0)
		return MC_ENOMEM;
	if (src->cap) {
		memcpy(dst->order, src->order,
		       src->count * sizeof(*src->order));
		memcpy(dst->slot, src->slot,
		       2 * (size_t)src->cap * sizeof(*src->slot));
	}
	dst->count = src->count;
	return 0;
}

static void issuer_swap(struct issuer *a, struct issuer *b)
{
	struct issuer t = *a;

	*a = *b;
	*b = t;
}

static void issuer_free(struct issuer *is)
{
	free(is->order);
	free(is->slot);
}

static int put_id(mc_buf *b, const char *prefix, uint32_t k)
{
	char s[24];
	size_t n = strlen(prefix), i = sizeof(s);

	do {
		s[--i] = (char)('0' + k % 10);
		k /= 10;
	} while (k);
	if (mc__buf_add(b, "_:", 2) < 0 || mc__buf_add(b, prefix, n) < 0)
		return MC_ENOMEM;
	return mc__buf_add(b, s + i, sizeof(s) - i);
}

/* ---- Hash Related Blank Node (4.7) -------------------------------------- */

static int hash_related(struct state *st, char *out, uint32_t related,
			const struct mc__rdf_quad *q, const struct issuer *is,
			char position, mc_buf *in)
{
	uint32_t k;
	int error;

	in->len = 0;
	if ((error = mc__buf_add(in, &position, 1)) < 0)
		return error;
	if (position != 'g' &&
	    ((error = mc__buf_add(in, "<", 1)) < 0 ||
	     (error = mc__buf_puts(in, q->p.value ? q->p.value : "")) < 0 ||
	     (error = mc__buf_add(in, ">", 1)) < 0))
		return error;
	if (st->canon_id[related] != NONE)
		error = put_id(in, "c14n", st->canon_id[related]);
	else if ((k = issuer_find(is, related)) != NONE)
		error = put_id(in, "b", k);
	else
		error = mc__buf_add(in, st->b[related].hash, st->hexlen);
	if (error < 0)
		return error;
	hash_hex(st, out, in->ptr, in->len);
	return 0;
}

/* ---- Hash N-Degree Quads (4.8) ------------------------------------------ */

struct related {
	char hash[HEX_MAX + 1];
	uint32_t node;
	uint32_t seq; /* ties keep the order found */
};

static int cmp_related(const void *a, const void *b)
{
	const struct related *x = a, *y = b;
	int c = strcmp(x->hash, y->hash);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Next permutation of `v[0..n)` in lexicographic order; 0 after the
 * last.  Equal values give each distinct permutation once. */
static int next_perm(uint32_t *v, size_t n)
{
	size_t i, j;
	uint32_t t;

	if (n < 2)
		return 0;
	i = n - 1;
	while (i > 0 && v[i - 1] >= v[i])
		i--;
	if (i == 0)
		return 0;
	j = n - 1;
	while (v[j] <= v[i - 1])
		j--;
	t = v[i - 1];
	v[i - 1] = v[j];
	v[j] = t;
	for (j = n - 1; i < j; i++, j--) {
		t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
	return 1;
}

/* How a path being built compares with the chosen path so far: paths only
 * grow, so each byte is compared once. */
struct pathcmp {
	size_t checked; /* bytes known equal */
	int rel;	/* <0, >0 once they differ */
};

static void path_compare(struct pathcmp *c, const mc_buf *path,
			 const mc_buf *best)
{
	size_t end = path->len < best->len ? path->len : best->len;
	int r;

	if (c->rel || !best->len)
		return;
	if (end > c->checked) {
		r = memcmp(path->ptr + c->checked, best->ptr + c->checked,
			   end - c->checked);
		if (r) {
			c->rel = r;
			return;
		}
		c->checked = end;
	}
	if (path->len > best->len)
		c->rel = 1; /* best is a prefix of it */
}

/* Step 5.4.5: the path can no longer be chosen. */
static int path_skip(const struct pathcmp *c, const mc_buf *path,
		     const mc_buf *best)
{
	return best->len && path->len >= best->len && c->rel > 0;
}

/* The Hash N-Degree Quads of `n` into `out` (hex); `is` is replaced by
 * the chosen issuer.  A permutation that issues nothing new works on
 * `is` itself, and chosen issuers are swapped in, not copied, so a call
 * on a blank node whose related nodes are all issued costs no copy. */
static int hash_ndegree(struct state *st, char *out, uint32_t n,
			struct issuer *is)
{
	struct bnode *b = &st->b[n];
	struct related *rel = NULL;
	struct issuer copy, chosen;
	uint32_t *perm = NULL, *recur = NULL;
	mc_buf data = MC_BUF_INIT(OUT_MAX), path = MC_BUF_INIT(OUT_MAX),
	       best = MC_BUF_INIT(OUT_MAX), in = MC_BUF_INIT(OUT_MAX);
	size_t nrel = 0, i, g, pos;
	int error = 0;

	memset(&copy, 0, sizeof(copy));
	memset(&chosen, 0, sizeof(chosen));
	if (++st->calls > st->max_calls || st->depth >= MAX_DEPTH)
		return fail_limit(st);
	st->depth++;
	if (!(rel = malloc((3 * b->nq + 1) * sizeof(*rel))) ||
	    !(perm = malloc((3 * b->nq + 1) * sizeof(uint32_t))) ||
	    !(recur = malloc((3 * b->nq + 1) * sizeof(uint32_t))) ||
	    mc__buf_add(&path, "", 0) < 0) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	/* 1-3: the related blank nodes by the hash of how they relate. */
	for (i = 0; i < b->nq; i++) {
		uint32_t qi = st->qof[b->q0 + i];
		const struct mc__rdf_quad *q = &st->ds->quads[qi];
		static const char where[] = "spog";

		for (pos = 0; pos < 4; pos++) {
			uint32_t r = st->qbn[4 * qi + pos];

			if (pos == 1 || r == NONE || r == n)
				continue;
			rel[nrel].node = r;
			rel[nrel].seq = (uint32_t)nrel;
			if ((error = hash_related(st, rel[nrel].hash, r, q, is,
						  where[pos], &in)) < 0)
				goto cleanup;
			nrel++;
		}
	}
	qsort(rel, nrel, sizeof(*rel), cmp_related);

	/* 5: for each group of related blank nodes with the same hash. */
	for (g = 0; g < nrel;) {
		size_t ng = 1, np;
		int chosen_is_is = 0;

		while (g + ng < nrel &&
		       strcmp(rel[g].hash, rel[g + ng].hash) == 0)
			ng++;
		if ((error = mc__buf_add(&data, rel[g].hash, st->hexlen)) < 0)
			goto cleanup;
		for (np = 0; np < ng; np++)
			perm[np] = rel[g + np].node;
		qsort(perm, ng, sizeof(*perm), cmp_u32);
		best.len = 0;
		do {
			const struct issuer *cur = is; /* or &copy */
			struct pathcmp pc = {0, 0};
			size_t nrec = 0, k;
			int skip = 0;

			st->steps += ng;
			if (st->steps > st->max_steps) {
				error = fail_limit(st);
				goto cleanup;
			}
			path.len = 0;
			for (k = 0; k < ng && !skip; k++) {
				uint32_t r = perm[k], id;

				if (st->canon_id[r] != NONE) {
					error = put_id(&path, "c14n",
						       st->canon_id[r]);
				} else if ((id = issuer_find(cur, r)) != NONE) {
					error = put_id(&path, "b", id);
				} else {
					if (cur == is && (error = issuer_copy(
							      &copy, is)) < 0)
						goto cleanup;
					cur = &copy;
					recur[nrec++] = r;
					if ((error = issuer_issue(&copy, r,
								  &id)) < 0)
						goto cleanup;
					error = put_id(&path, "b", id);
				}
				if (error < 0)
					goto cleanup;
				path_compare(&pc, &path, &best);
				skip = path_skip(&pc, &path, &best);
			}
			/* A recursion list is never empty unless nothing new
			 * was issued, so `copy` is ours below. */
			for (k = 0; k < nrec && !skip; k++) {
				char h[HEX_MAX + 1];
				uint32_t id;

				if ((error = hash_ndegree(st, h, recur[k],
							  &copy)) < 0 ||
				    (error = issuer_issue(&copy, recur[k],
							  &id)) < 0)
					goto cleanup;
				if ((error = put_id(&path, "b", id)) < 0 ||
				    (error = mc__buf_add(&path, "<", 1)) < 0 ||
				    (error = mc__buf_add(&path, h,
							 st->hexlen)) < 0 ||
				    (error = mc__buf_add(&path, ">", 1)) < 0)
					goto cleanup;
				path_compare(&pc, &path, &best);
				skip = path_skip(&pc, &path, &best);
			}
			if (skip)
				continue;
			if (best.len == 0 || pc.rel < 0 ||
			    (pc.rel == 0 && path.len < best.len)) {
				best.len = 0;
				if ((error = mc__buf_add(&best, path.ptr,
							 path.len)) < 0)
					goto cleanup;
				chosen_is_is = cur == is;
				if (!chosen_is_is)
					issuer_swap(&chosen, &copy);
			}
		} while (next_perm(perm, ng));
		if ((error = mc__buf_add(&data, best.ptr, best.len)) < 0)
			goto cleanup;
		if (!chosen_is_is)
			issuer_swap(is, &chosen);
		g += ng;
	}
	hash_hex(st, out, data.ptr ? data.ptr : "", data.len);

cleanup:
	st->depth--;
	free(rel);
	issuer_free(&copy);
	issuer_free(&chosen);
	free(perm);
	free(recur);
	mc__buf_free(&data);
	mc__buf_free(&path);
	mc__buf_free(&best);
	mc__buf_free(&in);
	return error;
}

/* ---- the canonicalization algorithm (4.4) ------------------------------- */

/* Number the blank nodes in first-appearance order and list the quads of
 * each (a quad once per blank node, however often it holds it). */
static int index_blank_nodes(struct state *st)
{
	const struct mc__rdf_dataset *ds = st->ds;
	size_t slots = 16, i, pos, cap = 0;
	uint32_t k;

	while (slots < ds->len * 8)
		slots *= 2;
	st->lmask = slots - 1;
	if (!(st->lmap = malloc(slots * sizeof(*st->lmap))) ||
	    !(st->qbn = malloc((ds->len * 4 + 1) * sizeof(*st->qbn))))
		return MC_ENOMEM;
	memset(st->lmap, 0xff, slots * sizeof(*st->lmap));
	for (i = 0; i < ds->len; i++) {
		const struct mc__rdf_term *t[4] = {
		    &ds->quads[i].s, &ds->quads[i].p, &ds->quads[i].o,
		    &ds->quads[i].g};

		for (pos = 0; pos < 4; pos++) {
			const char *label = t[pos]->value ? t[pos]->value : "";
			size_t h;

			st->qbn[4 * i + pos] = NONE;
			if (t[pos]->kind != MC__RDF_BLANK)
				continue;
			h = (size_t)label_hash(label) & st->lmask;
			while ((k = st->lmap[h]) != NONE &&
			       strcmp(st->b[k].label, label) != 0)
				h = (h + 1) & st->lmask;
			if (k == NONE) {
				if (st->nb == cap) {
					struct bnode *nb;

					cap = cap ? cap * 2 : 8;
					if (!(nb = realloc(st->b,
							   cap * sizeof(*nb))))
						return MC_ENOMEM;
					st->b = nb;
				}
				k = st->nb++;
				memset(&st->b[k], 0, sizeof(st->b[k]));
				st->b[k].label = label;
				st->lmap[h] = k;
			}
			st->qbn[4 * i + pos] = k;
			/* Count the quad once for k. */
			if ((pos < 1 || st->qbn[4 * i] != k) &&
			    (pos < 2 || st->qbn[4 * i + 1] != k) &&
			    (pos < 3 || st->qbn[4 * i + 2] != k))
				st->b[k].nq++;
		}
	}
	if (!(st->qof = malloc((ds->len * 4 + 1) * sizeof(*st->qof))) ||
	    !(st->canon_id = malloc((st->nb + 1) * sizeof(*st->canon_id))))
		return MC_ENOMEM;
	for (k = 0, i = 0; k < st->nb; k++) {
		st->b[k].q0 = i;
		i += st->b[k].nq;
		st->b[k].nq = 0;
		st->canon_id[k] = NONE;
	}
	for (i = 0; i < ds->len; i++)
		for (pos = 0; pos < 4; pos++) {
			k = st->qbn[4 * i + pos];
			if (k == NONE || (pos > 0 && st->qbn[4 * i] == k) ||
			    (pos > 1 && st->qbn[4 * i + 1] == k) ||
			    (pos > 2 && st->qbn[4 * i + 2] == k))
				continue;
			st->qof[st->b[k].q0 + st->b[k].nq++] = (uint32_t)i;
		}
	return 0;
}

static void issue_canonical(struct state *st, uint32_t n)
{
	if (st->canon_id[n] != NONE)
		return;
	st->canon_id[n] = st->canon_count++;
	snprintf(st->b[n].canon, sizeof(st->b[n].canon), "c14n%u",
		 (unsigned)st->canon_id[n]);
}

static _Thread_local const struct state *cmp_state;

static int cmp_by_hash(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(cmp_state->b[x].hash, cmp_state->b[y].hash);

	if (c)
		return c;
	return x < y ? -1 : x > y;
}

struct result {
	char hash[HEX_MAX + 1];
	struct issuer is;
	uint32_t seq;
};

static int cmp_result(const void *a, const void *b)
{
	const struct result *x = a, *y = b;
	int c = strcmp(x->hash, y->hash);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Step 5 for the `ng` blank nodes of `group`, which share a first-degree
 * hash: Hash N-Degree Quads for each not issued yet, then canonical
 * labels in the order of those hashes and, within one, of the issuer. */
static int issue_shared(struct state *st, const uint32_t *group, size_t ng)
{
	struct result *res;
	size_t nres = 0, i, j;
	int error = 0;

	if (!(res = calloc(ng, sizeof(*res))))
		return MC_ENOMEM;
	for (i = 0; i < ng; i++) {
		uint32_t n = group[i], id;

		if (st->canon_id[n] != NONE)
			continue;
		res[nres].seq = (uint32_t)nres;
		if ((error = issuer_issue(&res[nres].is, n, &id)) < 0)
			goto cleanup;
		nres++;
		if ((error = hash_ndegree(st, res[nres - 1].hash, n,
					  &res[nres - 1].is)) < 0)
			goto cleanup;
	}
	qsort(res, nres, sizeof(*res), cmp_result);
	for (i = 0; i < nres; i++)
		for (j = 0; j < res[i].is.count; j++)
			issue_canonical(st, res[i].is.order[j]);

cleanup:
	for (i = 0; i < ng; i++)
		issuer_free(&res[i].is);
	free(res);
	return error;
}

static int write_output(struct state *st, char **out, size_t *outlen)
{
	const struct mc__rdf_dataset *ds = st->ds;
	size_t i, total = 0;
	char *res, *p;
	int error;

	st->lines.len = 0;
	for (i = 0; i < ds->len; i++) {
		st->offs[i].off = st->lines.len;
		if ((error = put_line(st, &st->lines, (uint32_t)i, NONE)) < 0)
			return error;
		st->offs[i].len = st->lines.len - st->offs[i].off;
	}
	sort_lines(st->offs, ds->len, st->lines.ptr);
	for (i = 0; i < ds->len; i++)
		total += st->offs[i].len;
	if (!(p = res = malloc(total + 1)))
		return MC_ENOMEM;
	for (i = 0; i < ds->len; i++) {
		/* A dataset is a set: equal lines once. */
		if (i && cmp_lines(&st->offs[i - 1], &st->offs[i]) == 0)
			continue;
		memcpy(p, st->lines.ptr + st->offs[i].off, st->offs[i].len);
		p += st->offs[i].len;
	}
	*p = '\0';
	*out = res;
	*outlen = (size_t)(p - res);
	return 0;
}

static int issued_map(const struct state *st, json_t **out)
{
	json_t *map = json_object();
	uint32_t k;

	if (!map)
		return MC_ENOMEM;
	for (k = 0; k < st->nb; k++)
		if (json_object_set_new(map, st->b[k].label,
					json_string(st->b[k].canon)) < 0) {
			json_decref(map);
			return MC_ENOMEM;
		}
	*out = map;
	return 0;
}

int mc__rdfc(char **out, size_t *outlen, const struct mc__rdf_dataset *ds,
	     const struct mc__rdfc_options *opts, char *err, size_t errlen)
{
	struct state st;
	uint32_t *byhash = NULL, k;
	size_t g, ng;
	int error;

	*out = NULL;
	*outlen = 0;
	if (err && errlen)
		err[0] = '\0';
	if (opts && opts->issued)
		*opts->issued = NULL;
	memset(&st, 0, sizeof(st));
	st.ds = ds;
	st.err = err;
	st.errlen = errlen;
	st.max_calls = opts && opts->max_ndegree_calls
			   ? opts->max_ndegree_calls
			   : MC__RDFC_DEFAULT_MAX_NDEGREE;
	st.max_steps = (unsigned long long)st.max_calls * MAX_STEPS_PER_CALL;
	st.sha384 = opts && opts->sha384;
	st.hexlen = st.sha384 ? 2 * SHA384_DIGEST_LENGTH : 2 * MC__SHA256_LEN;
	st.tpl = (mc_buf)MC_BUF_INIT(OUT_MAX);
	st.lines = (mc_buf)MC_BUF_INIT(OUT_MAX);
	st.cat = (mc_buf)MC_BUF_INIT(OUT_MAX);
	if ((error = index_blank_nodes(&st)) < 0 ||
	    (error = build_templates(&st)) < 0)
		goto cleanup;
	if (!(st.offs = malloc((ds->len + 1) * sizeof(*st.offs))) ||
	    !(byhash = malloc((st.nb + 1) * sizeof(*byhash)))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	/* 3: first-degree hashes. */
	for (k = 0; k < st.nb; k++) {
		if ((error = hash_first_degree(&st, k)) < 0)
			goto cleanup;
		byhash[k] = k;
	}
	cmp_state = &st;
	qsort(byhash, st.nb, sizeof(*byhash), cmp_by_hash);
	/* 4: a blank node alone with its hash gets its canonical label. */
	for (g = 0; g < st.nb; g += ng) {
		for (ng = 1;
		     g + ng < st.nb && strcmp(st.b[byhash[g]].hash,
					      st.b[byhash[g + ng]].hash) == 0;
		     ng++)
			;
		if (ng == 1)
			issue_canonical(&st, byhash[g]);
	}
	/* 5: the others, by Hash N-Degree Quads. */
	for (g = 0; g < st.nb; g += ng) {
		for (ng = 1;
		     g + ng < st.nb && strcmp(st.b[byhash[g]].hash,
					      st.b[byhash[g + ng]].hash) == 0;
		     ng++)
			;
		if (ng > 1 && (error = issue_shared(&st, byhash + g, ng)) < 0)
			goto cleanup;
	}
	/* 6-7: the dataset under its canonical labels, sorted. */
	if ((error = write_output(&st, out, outlen)) < 0)
		goto cleanup;
	if (opts && opts->issued && (error = issued_map(&st, opts->issued)) < 0)
		goto cleanup;

cleanup:
	if (error < 0) {
		free(*out);
		*out = NULL;
		*outlen = 0;
		if (error == MC_ENOMEM)
			mc__set_err(err, errlen, "out of memory");
		else if (error == MC_ETOOBIG && !(err && err[0]))
			mc__set_err(err, errlen,
				    "canonical N-Quads larger than 1 GiB");
	}
	free(byhash);
	free(st.b);
	free(st.qbn);
	free(st.qof);
	free(st.lmap);
	free(st.canon_id);
	free(st.offs);
	free(st.tl);
	mc__buf_free(&st.tpl);
	mc__buf_free(&st.lines);
	mc__buf_free(&st.cat);
	return error;
}
