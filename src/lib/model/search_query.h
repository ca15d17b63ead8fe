/*
 * The catalogue's query language (docs/SEARCH.md): words, "quoted
 * phrases", OR between two terms, -word / -"phrase" to exclude and word* for
 * a prefix.  A query is parsed once, checked (bounded, UTF-8) and turned
 * into an FTS5 MATCH expression in which every term is a quoted string, so
 * user input never reaches FTS5's own syntax.
 */
#ifndef MC_SEARCH_QUERY_H
#define MC_SEARCH_QUERY_H

#include <stddef.h>

/** Most terms in one query. */
#define MC__QUERY_TERMS_MAX 32

/** One term: a word or a phrase. */
struct mc__query_term {
	char *text;  /**< the word or the phrase's inside, UTF-8 */
	int phrase;  /**< written in double quotes */
	int prefix;  /**< followed by '*' */
	int negated; /**< preceded by '-' */
	int or_next; /**< joined to the next term by OR */
	size_t pos;  /**< 1-based character position in the query */
};

struct mc__query {
	struct mc__query_term terms[MC__QUERY_TERMS_MAX];
	size_t count;
	/* A search as a reader (mc_search_options.as_reader), set by
	 * mc_catalogue_search(): with `public_states` a row matches only when
	 * its status is one of those names or it is one of `visible`, JSON
	 * arrays of status names and of [id, version] pairs.  NULL: every
	 * row may match.  Freed with the query. */
	char *public_states;
	char *visible;
};

/**
 * Parse `text` (NULL or blank: the empty query, which matches everything).
 * Returns 0 and a query the caller frees with mc__query_free(); or
 * MC_EINVALID with *out NULL and a message in `err` naming the position
 * (1-based, in characters) and the reason ("query: position 7: quote not
 * closed"); or MC_ENOMEM.
 */
int mc__query_parse(struct mc__query **out, const char *text, char *err,
		    size_t errlen);

/** Free a parsed query.  NULL-safe. */
void mc__query_free(struct mc__query *q);

/** Non-zero if the query has no terms (matches everything). */
int mc__query_empty(const struct mc__query *q);

/**
 * Mark the last positive word (not a phrase) as a prefix, for look-ups
 * as the user types ("weld" finds "welding").
 */
void mc__query_prefix_last(struct mc__query *q);

/**
 * The query as an FTS5 MATCH expression: each term double-quoted with
 * inner quotes doubled, a prefix as "term" *, groups joined by AND, OR
 * groups in parentheses and excluded terms after NOT.  *out is NULL for
 * the empty query ("match all"), else a string the caller frees.
 * Returns 0 or MC_ENOMEM.
 */
int mc__query_to_fts5(char **out, const struct mc__query *q);

#endif
