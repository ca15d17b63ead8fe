/*
 * IRIs for JSON-LD: RFC 3986 reference resolution (section 5.2) and the
 * small lexical tests the JSON-LD algorithms make on IRIs, blank node
 * identifiers and keyword-like strings.
 *
 * Strings are UTF-8 and are not percent-encoded or otherwise normalised:
 * an IRI's characters are kept as written, only its dot segments are
 * removed (as jsonld.js and the W3C suites expect).
 */
#ifndef MC_LD_IRI_H
#define MC_LD_IRI_H

/**
 * Resolve the reference `ref` against the base IRI `base` (RFC 3986
 * section 5.2.2, strict: a reference with a scheme is absolute even when
 * it is the base's scheme), with the merge of section 5.2.3 and
 * remove_dot_segments of section 5.2.4.
 *
 * - base NULL: *out is a copy of `ref` when `ref` is absolute (as
 *   written, dot segments kept: there is nothing to resolve against) and
 *   the call fails with MC_EINVALID otherwise.
 * - base not NULL: `base` must be absolute (MC_EINVALID otherwise; its
 *   fragment is ignored).  An absolute `ref` is returned with its dot
 *   segments removed, as the RFC says; a caller that must keep absolute
 *   IRIs as written (JSON-LD's IRI expansion) tests
 *   mc__iri_is_absolute() first.  An empty `ref` gives the base without
 *   its fragment.
 *
 * On success *out is a new NUL-terminated string the caller frees with
 * free().  Returns 0, MC_EINVALID (ref or base NULL as above, or base
 * relative), MC_ENOMEM; on failure *out is NULL.
 */
int mc__iri_resolve(char **out, const char *base, const char *ref);

/** Non-zero when `s` starts with a scheme and a colon
 * (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"), the test JSON-LD
 * uses for an absolute IRI.  NULL is not absolute, nor is a blank node
 * identifier such as "_:b0" ("_" is not ALPHA). */
int mc__iri_is_absolute(const char *s);

/** Non-zero when `s` is a blank node identifier: it starts with "_:". */
int mc__iri_is_blank(const char *s);

/** Non-zero when `s` has the form of a keyword, "@" followed by one or
 * more ASCII letters only (JSON-LD 1.1: such terms are ignored, with a
 * warning, when they are not keywords). */
int mc__iri_is_keyword_like(const char *s);

/** Non-zero when `s` can be the IRI of an RDF term: absolute
 * (mc__iri_is_absolute()), free of the characters an IRI may never
 * hold (space, control characters, '<', '>', '"', '{', '}', '|', '\\',
 * '^', '`') and with at most one '#'.  Deserialisation to RDF skips
 * terms that fail it. */
int mc__iri_is_wellformed(const char *s);

#endif
