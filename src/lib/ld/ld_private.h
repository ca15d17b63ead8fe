/*
 * JSON-LD 1.1 internals shared by ld_context.c (Context Processing, Create
 * Term Definition, IRI Expansion) and ld_expand.c (Expansion, Value
 * Expansion).
 *
 * One expansion call owns one `struct mc__ld_state`: every active
 * context, term definition and string the algorithms make lives in the
 * state's arena and is released at once by mc__ld_state_free().  Active
 * contexts are immutable once built, so a child context shares the term
 * definitions of its parent and a processed context is cached per call
 * (keyed by the active context and the local context it was given).
 */
#ifndef MC_LD_PRIVATE_H
#define MC_LD_PRIVATE_H

#include <stddef.h>

#include <jansson.h>

#include "ld/ld.h"

/* Container mapping bits (term definitions' @container). */
enum {
	MC__LD_C_LIST = 1 << 0,
	MC__LD_C_SET = 1 << 1,
	MC__LD_C_LANGUAGE = 1 << 2,
	MC__LD_C_INDEX = 1 << 3,
	MC__LD_C_ID = 1 << 4,
	MC__LD_C_TYPE = 1 << 5,
	MC__LD_C_GRAPH = 1 << 6
};

/* A term definition (API section 4.2).  Strings live in the state's
 * arena or are borrowed from context documents the state keeps alive. */
struct mc__ld_term {
	const char *name;
	const char *id; /* IRI mapping or keyword; NULL: mapped to null */
	const char *type;
	const char *lang; /* with has_lang: NULL means "no language" */
	const char *dir;
	const json_t *context; /* the scoped context when has_context */
	const char *ctx_base;  /* base URL of the scoped context */
	const char *index;
	const char *nest;
	unsigned container;
	unsigned char has_lang, has_dir, has_context;
	unsigned char prefix, reverse, protect;
	unsigned char frozen; /* made from pinned documents only */
};

/* A string-keyed hash table (open addressing, keys not owned). */
struct mc__ld_map {
	struct mc__ld_slot {
		const char *key;
		void *val; /* NULL: absent (a removed entry keeps its key) */
		size_t hash;
	} * slots;
	size_t cap, used;
};

/* An active context (API section 4.1). */
struct mc__ld_ctx {
	const char *base;	/* NULL: none (or set to null); see doc_base */
	unsigned char doc_base; /* the base is the document's (opts->base) */
	unsigned char frozen;	/* process-wide: made from pinned documents */
	const char *vocab;
	const char *lang;
	const char *dir;
	const struct mc__ld_ctx *previous;
	struct mc__ld_map terms; /* term name -> struct mc__ld_term */
	int has_protected;
};

struct mc__ld_arena_block;

/* A loaded remote context document. */
struct mc__ld_doc {
	const char *url;
	const json_t *doc;
	json_t *owned; /* from opts->load: released with the state */
	int pinned;
};

struct mc__ld_cache_entry;

struct mc__ld_state {
	const struct mc__ld_options *opts;
	char *err;
	size_t errlen;
	struct mc__ld_arena_block *arena;
	size_t arena_total;
	int arena_full; /* an allocation failed on the arena's ceiling */
	int v10;	/* processingMode json-ld-1.0 */
	unsigned depth, max_depth;
	unsigned long nodes, max_nodes;
	/* Remote contexts being processed (the chain, for cycles). */
	const char *remote[32];
	unsigned nremote;
	/* A context document from the pinned set is trusted: its scoped
	 * contexts are not validated when it is defined. */
	int trusted;
	struct mc__ld_map docs; /* url -> struct mc__ld_doc */
	struct mc__ld_cache_entry **cache;
	size_t cache_cap, cache_used;
	/* Building a process-wide context (the lock is held): what is
	 * allocated goes to the process-wide arena; `tainted` when what is
	 * built depends on more than the pinned documents. */
	int freezing, tainted;
	/* Safe mode: the keys leading to the value being expanded. */
	const char **path;
	unsigned pathlen;
	/* The call's first arena allocations, before any block is taken:
	 * expanding a credential against pinned contexts needs a few
	 * hundred bytes, which then cost no malloc. */
	size_t inline_used;
	max_align_t inline_mem[256];
};

/* ---- state and memory ---------------------------------------------- */

/** Set up `st` for one call (opts may not be NULL). */
int mc__ld_state_init(struct mc__ld_state *st,
		      const struct mc__ld_options *opts, char *err,
		      size_t errlen);
void mc__ld_state_free(struct mc__ld_state *st);

/** Arena allocation (zeroed); NULL past the arena's limit or on ENOMEM. */
void *mc__ld_alloc(struct mc__ld_state *st, size_t n);
/** Copy of `s` (NULL for NULL) in the arena. */
char *mc__ld_strdup(struct mc__ld_state *st, const char *s);
/** `a` followed by `b`, in the arena. */
char *mc__ld_concat(struct mc__ld_state *st, const char *a, const char *b);

/** An allocation failed: MC_ETOOBIG when on the arena's ceiling
 * (the document needs too much state), else MC_ENOMEM. */
int mc__ld_nomem(struct mc__ld_state *st);

/** Write the reason and return `rc`. */
int mc__ld_fail(struct mc__ld_state *st, int rc, const char *fmt, ...)
    MC__PRINTF(3, 4);

/** Count one unit of work against max_nodes (MC_ETOOBIG past it). */
int mc__ld_tick(struct mc__ld_state *st);

/* ---- maps ---------------------------------------------------------- */

void *mc__ld_map_get(const struct mc__ld_map *m, const char *key);
int mc__ld_map_put(struct mc__ld_state *st, struct mc__ld_map *m,
		   const char *key, void *val);

/* ---- contexts ------------------------------------------------------ */

/** The initial active context (empty, the document's base): shared,
 * process-wide and immutable. */
const struct mc__ld_ctx *mc__ld_ctx_initial(void);

/** The base IRI of `ac` for this call. */
static inline const char *mc__ld_ctx_base(const struct mc__ld_state *st,
					  const struct mc__ld_ctx *ac)
{
	return ac->doc_base ? st->opts->base : ac->base;
}

static inline const struct mc__ld_term *
mc__ld_term_get(const struct mc__ld_ctx *ac, const char *term)
{
	return (const struct mc__ld_term *)mc__ld_map_get(&ac->terms, term);
}

/** Context Processing (API 4.1.2): *out gets a new active context (in
 * the arena; the input is unchanged).  `pinned`: `local` belongs to a
 * pinned document (a scoped context of a frozen term), so that the
 * result may be built once per process and shared by every call.
 * Errors carry the JSON-LD code. */
int mc__ld_process_context(const struct mc__ld_ctx **out,
			   struct mc__ld_state *st,
			   const struct mc__ld_ctx *active, const json_t *local,
			   const char *base, int override_protected,
			   int propagate, int validate, int pinned);

/** IRI Expansion (API 5.2.2) against an active context (no local
 * context): *out gets the expanded IRI or keyword, NULL for null; the
 * string is `value` itself, a term's mapping or arena memory. */
int mc__ld_expand_iri(const char **out, struct mc__ld_state *st,
		      const struct mc__ld_ctx *ac, const char *value,
		      int doc_relative, int vocab);

/** mc__ld_expand_iri() of a key (vocab-relative, not document-relative),
 * with *td set to the key's term definition in `ac` (NULL: none). */
int mc__ld_expand_key(const char **out, const struct mc__ld_term **td,
		      struct mc__ld_state *st, const struct mc__ld_ctx *ac,
		      const char *key);

/** Non-zero when `s` is a JSON-LD 1.1 keyword. */
int mc__ld_is_keyword(const char *s);

#endif
