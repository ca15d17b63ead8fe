/*
 * Linked Data for Data Integrity proofs (the rdfc cryptosuites).
 *
 * The pipeline a proof uses: a JSON-LD document is expanded against
 * context documents that are pinned and compiled into the binary (never
 * fetched), deserialised to an RDF dataset, canonicalised with RDFC-1.0
 * and written as canonical N-Quads, which are hashed.
 *
 *   mc__ld_to_rdf()      JSON-LD document -> dataset (expansion inside)
 *   mc__rdfc()           dataset -> canonical N-Quads (sorted lines)
 *   mc__nquads_parse()   N-Quads text -> dataset (the W3C suites' input)
 *
 * Errors: every function returns 0 or an MC_E* code and writes its reason
 * to `err`.  For JSON-LD errors the reason starts with the error code of
 * the JSON-LD 1.1 API (section 9.4.2, e.g. "protected term
 * redefinition: ...") so the W3C suites' negative tests can compare it;
 * an unknown context URL is MC_ENOTFOUND ("loading remote context
 * failed: unknown context ..."), which a verifier reports as "cannot
 * tell", never "invalid".  Inputs past a limit are MC_ETOOBIG.
 *
 * Thread safety: no global mutable state after mc__ld_contexts_init();
 * every call works on its own data.
 */
#ifndef MC_LD_H
#define MC_LD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/util.h"

/* ---- RDF datasets ------------------------------------------------------ */

enum mc__rdf_kind {
	MC__RDF_NONE = 0, /* only as a graph name: the default graph */
	MC__RDF_IRI,
	MC__RDF_BLANK, /* value is the label without "_:" */
	MC__RDF_LITERAL
};

#define MC__XSD		   "http://www.w3.org/2001/XMLSchema#"
#define MC__RDF_NS	   "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define MC__XSD_STRING	   MC__XSD "string"
#define MC__RDF_LANGSTRING MC__RDF_NS "langString"

/* One RDF term.  Strings are UTF-8, NUL-terminated (U+0000, which a
 * literal may hold, is the two bytes C0 80); in a dataset they belong
 * to the dataset (never free or change them), in a term given to
 * mc__rdf_add() to the caller.
 * A literal always has a datatype (xsd:string when none was written;
 * rdf:langString when it has a language, which is kept as written). */
struct mc__rdf_term {
	enum mc__rdf_kind kind;
	char *value;
	char *datatype; /* literals only */
	char *language; /* literals only, NULL when none */
};

struct mc__rdf_quad {
	struct mc__rdf_term s, p, o;
	struct mc__rdf_term g; /* kind MC__RDF_NONE: the default graph */
};

/* A dataset: quads in the order they were added (duplicates removed by
 * mc__rdf_add(), which copies their strings into memory the dataset
 * owns and mc__rdf_dataset_free() releases). */
struct mc__rdf_dataset {
	struct mc__rdf_quad *quads;
	size_t len, alloc;
	size_t max; /* mc__rdf_add() answers MC_ETOOBIG past this; 0 = 1e6 */
};

#define MC__RDF_DATASET_INIT                                                   \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/** Append a copy of `q` unless an equal quad is already there.
 * Returns 0, MC_ETOOBIG or MC_ENOMEM. */
int mc__rdf_add(struct mc__rdf_dataset *ds, const struct mc__rdf_quad *q);
void mc__rdf_dataset_free(struct mc__rdf_dataset *ds);

/* ---- N-Quads ------------------------------------------------------------ */

/** Parse N-Quads (RDF 1.1 N-Quads) into `ds`.  A syntax error names the
 * line and the reason.  Returns 0, MC_EINVALID, MC_ETOOBIG, MC_ENOMEM. */
int mc__nquads_parse(struct mc__rdf_dataset *ds, const char *text, size_t len,
		     char *err, size_t errlen);

/** Append one quad in canonical N-Quads form (RDFC-1.0 section 4.4
 * rules: no whitespace but single spaces, " ." and "\n"; the canonical
 * escapes) to `out`.  `bnode` (may be NULL) maps a blank-node label to
 * the label to write.  Returns 0, MC_ETOOBIG, MC_ENOMEM. */
int mc__nquads_write_quad(mc_buf *out, const struct mc__rdf_quad *q,
			  const char *(*bnode)(void *arg, const char *label),
			  void *arg);

/* ---- RDFC-1.0 ----------------------------------------------------------- */

struct mc__rdfc_options {
	/* Work limit: the most calls of the Hash N-Degree Quads algorithm
	 * (section 4.8) for one dataset; past it, MC_ETOOBIG with
	 * "canonicalisation work limit reached".  0 = the default. */
	unsigned long max_ndegree_calls;
	/* Optional: receives the issued identifier map, a JSON object from
	 * each input blank-node label to its canonical label ("c14n0"). */
	json_t **issued;
	/* Non-zero: SHA-384 instead of SHA-256 (RDFC-1.0 allows another
	 * hash; the W3C suite has a test of it). */
	int sha384;
};

#define MC__RDFC_DEFAULT_MAX_NDEGREE 4096
#define MC__RDFC_OPTIONS_INIT                                                  \
	{                                                                      \
		0, NULL, 0                                                     \
	}

/** Canonicalise `ds` (RDFC-1.0 with SHA-256): *out gets the canonical
 * N-Quads, one line per quad, sorted in code point order, each ending
 * "\n" (the caller frees it; *outlen its length).  `opts` may be NULL.
 * Returns 0, MC_ETOOBIG (work limit), MC_EINVALID (a control character
 * in a language tag), MC_ENOMEM. */
int mc__rdfc(char **out, size_t *outlen, const struct mc__rdf_dataset *ds,
	     const struct mc__rdfc_options *opts, char *err, size_t errlen);

/* ---- Pinned context documents ------------------------------------------ */

/** The pinned document for context URL `url` (exact match, after
 * removing a fragment), parsed; NULL when it is not pinned.  The result
 * is shared and immutable: never modify or decref it. */
const json_t *mc__ld_context_get(const char *url);

/** Parse every pinned document once.  Called by mc_init()-style entry
 * points; mc__ld_context_get() calls it itself when it was not.
 * Returns 0 or MC_ENOMEM. */
int mc__ld_contexts_init(void);

/* ---- JSON-LD 1.1 -------------------------------------------------------- */

/* Resolves a remote context (or, in the W3C suites' runners, a test
 * document).  Returns the document (a new reference) or NULL when the URL
 * is unknown. */
typedef json_t *(*mc__ld_loader)(const char *url, void *arg);

struct mc__ld_options {
	const char *base;   /* the document's base IRI, may be NULL */
	mc__ld_loader load; /* NULL: pinned contexts only */
	void *load_arg;
	/* Safe mode: a property or type that expands to no absolute IRI
	 * (it would be dropped silently) is an error
	 * ("undefined term: credentialSubject.foo"); relative type IRIs and
	 * undefined @vocab-less terms too.  Verifiers use it. */
	int safe;
	int json_ld_10;		      /* processingMode json-ld-1.0 */
	const json_t *expand_context; /* optional expandContext */
	/* Limits (0 = the default): nesting depth, and the number of
	 * values visited.  Past them: MC_ETOOBIG. */
	unsigned max_depth;
	unsigned long max_nodes;
	/* toRdf: produceGeneralizedRdf is never used; rdfDirection
	 * "i18n-datatype" or "compound-literal" or NULL. */
	const char *rdf_direction;
};

#define MC__LD_DEFAULT_MAX_DEPTH 64
#define MC__LD_DEFAULT_MAX_NODES 200000

/** The JSON-LD 1.1 Expansion algorithm (API section 5.1.2, with the
 * expand() wrapper's handling of a top-level object and @graph): *out
 * gets the expanded document, always an array (new reference).
 * Returns 0, MC_EINVALID (reason starts with the JSON-LD error code),
 * MC_ENOTFOUND (unknown context), MC_ETOOBIG, MC_ENOMEM. */
int mc__ld_expand(json_t **out, const json_t *doc,
		  const struct mc__ld_options *opts, char *err, size_t errlen);

/** Deserialize JSON-LD to RDF (API section 8.2): expand `doc`, then add
 * its quads to `ds`.  Numbers and booleans take their canonical xsd
 * lexical forms, @json literals the RFC 8785 form.  Returns as
 * mc__ld_expand(). */
int mc__ld_to_rdf(struct mc__rdf_dataset *ds, const json_t *doc,
		  const struct mc__ld_options *opts, char *err, size_t errlen);

/** The second half alone: an already expanded document to quads. */
int mc__ld_expanded_to_rdf(struct mc__rdf_dataset *ds, const json_t *expanded,
			   const struct mc__ld_options *opts, char *err,
			   size_t errlen);

#endif
