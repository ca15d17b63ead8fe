/*
 * Search on PostgreSQL: catalogue search and coverage (owner: this file).
 *
 * The same words match on both backends because both are cut into words
 * by the same code: SQLite's FTS5 tokenizer unicode61 with
 * remove_diacritics 2, which mc_fts uses, run here in C (through
 * fts5_api on a private in-memory SQLite connection) on the texts
 * mc_put() writes and on each query term.  mc_search.doc is a tsvector
 * of those words as they come, never parsed by PostgreSQL's text search
 * parser or dictionaries, and the query a tsquery of quoted lexemes, so
 * case folding, which marks fold (Latin accents: "Café" is "cafe" and
 * "Łódź" "łodz"; not ł, ß, æ or ø, Cyrillic Ё, Ї or Й, nor Georgian or
 * Armenian letters, whose case alone folds) and where words split
 * ("e-mail" is "e" and "mail") are
 * SQLite's, whatever the database's locale, and no extension (unaccent)
 * is needed.  Each column's words carry its weight (title A, description
 * B, outcomes C, organisations, skills and sector D), and columns are one
 * position apart so that a phrase never spans two, as in FTS5.
 *
 * The query compiles as mc__query_to_fts5() does: each term a phrase of
 * its words ('a' <-> 'b', the last one 'b':* for a prefix), OR groups in
 * parentheses joined by &, then & !(...) of the excluded terms joined by
 * |.  A term without words (punctuation only) matches nothing, as FTS5's
 * empty phrase does.  User text only ever reaches PostgreSQL as a
 * parameter.
 *
 * Ranking: ts_rank_cd with the column weights of SQLite's bm25 (10, 4, 2
 * and 1, as {0.1, 0.2, 0.4, 1.0}), divided by 1 + log(the document's
 * length); ties by id and version as on SQLite.  bm25 also weighs rare
 * words up (IDF) and long columns down against the average, which
 * ts_rank_cd cannot: orders agree when the matches differ by column or
 * by count (docs/SEARCH.md), not always.  The score is ts_rank_cd's, not
 * -bm25.
 *
 * One statement answers a search: the matches (filters applied) are
 * materialised once, and the total, the page of hits and, when asked
 * for, each facet's counts are read from them.  A search with words
 * reads the matches from mc_search alone, whose rows carry what filters,
 * visibility, facets and ties read of their MC version (kept current by
 * triggers, store_pg_schema.c's version 14), and mc_versions only for
 * the page of hits returned.  Facets are counted by value in SQL and
 * ordered in C as on SQLite: most frequent first, then by the value's
 * bytes.
 *
 * Limits of PostgreSQL's tsvector: a word longer than 2046 bytes is left
 * out of the index (and, in a query, matches nothing), positions above
 * 16383 count as 16383, a word keeps its first 256 positions, and a
 * document keeps its first 1,000,000 bytes of words.
 *
 * Coverage counts published MCs per country and per country and sector,
 * target group or EQF level, as the SQLite backend does, in one read-only
 * snapshot.
 */
#include "store_pg.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/search_query.h"
#include "store_sqlite.h"
#include "util/util.h"

/* ---- words: SQLite's unicode61 tokenizer -------------------------------- */

/* Longest lexeme a tsvector or tsquery takes, in bytes. */
#define LEXEME_MAX 2046
/* Highest position a tsvector keeps. */
#define POSITION_MAX 16383
/* Bytes of words one document keeps (a tsvector holds less than 1 MB). */
#define DOC_WORDS_MAX 1000000u
/* Largest tsvector or tsquery text built. */
#define TEXT_MAX (64u * 1024 * 1024)

static pthread_once_t words_once = PTHREAD_ONCE_INIT;
static sqlite3 *words_db;
static fts5_tokenizer words_api;
static void *words_ctx;
static int words_ok;

/* Find unicode61 once per process.  A tokenizer object is made per call,
 * so threads never share one. */
static void words_init(void)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_open_v2(":memory:", &words_db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(words_db, "SELECT fts5(?1)", -1, &st, NULL) !=
		SQLITE_OK)
		goto cleanup;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	if (api && api->iVersion >= 2 &&
	    api->xFindTokenizer(api, "unicode61", &words_ctx, &words_api) ==
		SQLITE_OK)
		words_ok = 1;

cleanup:
	sqlite3_finalize(st);
}

/* Called with each word of a text, folded as mc_fts folds it; non-zero
 * stops the cut (out of memory). */
typedef int (*word_fn)(void *payload, const char *word, int len);

struct words_call {
	word_fn fn;
	void *payload;
};

static int word_cb(void *ctx, int flags, const char *token, int len, int start,
		   int end)
{
	struct words_call *c = ctx;

	(void)flags;
	(void)start;
	(void)end;
	return c->fn(c->payload, token, len) ? SQLITE_NOMEM : SQLITE_OK;
}

/* Cut `text` into words as mc_fts does.  Returns 0, MC_ENOMEM (set) when
 * the callback failed, or MC_EDB when SQLite has no unicode61. */
static int words(struct mc__pg *h, const char *text, int flags, word_fn fn,
		 void *payload)
{
	const char *args[] = {"remove_diacritics", "2"};
	struct words_call c = {fn, payload};
	Fts5Tokenizer *tok = NULL;
	int rc;

	pthread_once(&words_once, words_init);
	if (!words_ok)
		return mc__store_error(&h->base, MC_EDB,
				       "search: SQLite's FTS5 tokenizer "
				       "unicode61 is not available");
	if (words_api.xCreate(words_ctx, args, 2, &tok) != SQLITE_OK)
		return mc__pg_nomem(h);
	rc = words_api.xTokenize(tok, &c, flags, text, (int)strlen(text),
				 word_cb);
	words_api.xDelete(tok);
	return rc == SQLITE_OK ? 0 : mc__pg_nomem(h);
}

/* Append `word` as a quoted tsvector or tsquery lexeme: 'it''s'. */
static int put_lexeme(mc_buf *b, const char *word, int len)
{
	int i, error = mc__buf_add(b, "'", 1);

	for (i = 0; i < len && !error; i++) {
		if (word[i] == '\'' || word[i] == '\\')
			error = mc__buf_add(b, word[i] == '\'' ? "'" : "\\", 1);
		if (!error)
			error = mc__buf_add(b, &word[i], 1);
	}
	return error ? error : mc__buf_add(b, "'", 1);
}

/* ---- the search document ------------------------------------------------ */

struct doc {
	mc_buf text;  /* the tsvector's text */
	size_t bytes; /* of words so far */
	int pos;      /* the last position used */
	char weight;  /* of the column being cut */
};

static int doc_word(void *payload, const char *word, int len)
{
	struct doc *d = payload;

	if (d->pos < POSITION_MAX)
		d->pos++;
	if (len > LEXEME_MAX || d->bytes + (size_t)len > DOC_WORDS_MAX)
		return 0;
	d->bytes += (size_t)len;
	return put_lexeme(&d->text, word, len) ||
	       mc__buf_printf(&d->text, ":%d%c ", d->pos, d->weight);
}

/* The tsvector text of `n` columns (NULL: empty), weighted A, B, C, D
 * in order, into *out (the caller frees it).  Returns 0 or an error
 * (set). */
static int doc_text(struct mc__pg *h, char **out, const char *const *cols,
		    size_t n)
{
	struct doc d = {MC_BUF_INIT(TEXT_MAX), 0, 0, 'A'};
	size_t i;
	int error = 0;

	*out = NULL;
	for (i = 0; i < n && !error; i++) {
		d.weight = (char)('A' + i);
		error = words(h, cols[i] ? cols[i] : "", FTS5_TOKENIZE_DOCUMENT,
			      doc_word, &d);
		if (d.pos < POSITION_MAX)
			d.pos++; /* a phrase never spans two columns */
	}
	if (!error &&
	    !(*out = d.text.ptr ? mc__buf_detach(&d.text) : mc__strdup("")))
		error = mc__pg_nomem(h);
	mc__buf_free(&d.text);
	return error;
}

static const struct mc__pg_sql SEARCH_DOC_PUT = {
    "search_doc_put", "UPDATE mc_search SET doc = $2::tsvector"
		      " WHERE seq = $1"};

int mc__pg_search_index(struct mc__pg *h, const char *seq, const char *title,
			const char *description, const char *outcomes,
			const char *other)
{
	const char *cols[4] = {title, description, outcomes, other};
	char *doc = NULL;
	int error;

	if (!(error = doc_text(h, &doc, cols, 4)))
		error = MC__PG_EXEC(h, NULL, &SEARCH_DOC_PUT, "search index",
				    seq, doc);
	free(doc);
	return error;
}

/* ---- the query ---------------------------------------------------------- */

/* A lexeme no document has: unicode61 never yields a space. */
#define NO_MATCH "' '"

struct term {
	mc_buf *b;
	int words;
	int too_long;
};

static int term_word(void *payload, const char *word, int len)
{
	struct term *t = payload;

	if (len > LEXEME_MAX) {
		t->too_long = 1;
		return 0;
	}
	if (t->words++ && mc__buf_puts(t->b, " <-> "))
		return MC_ENOMEM;
	return put_lexeme(t->b, word, len);
}

/* Append one term: its words as a phrase, the last one a prefix when the
 * term is. */
static int put_term(struct mc__pg *h, mc_buf *b, const struct mc__query_term *q)
{
	mc_buf w = MC_BUF_INIT(TEXT_MAX);
	struct term t = {&w, 0, 0};
	int error;

	if ((error = words(h, q->text, FTS5_TOKENIZE_QUERY, term_word, &t)))
		goto cleanup;
	if (!t.words || t.too_long)
		error = mc__buf_puts(b, NO_MATCH);
	else
		error =
		    mc__buf_printf(b, "(%s%s)", w.ptr, q->prefix ? ":*" : "");
	if (error)
		error = mc__pg_nomem(h);

cleanup:
	mc__buf_free(&w);
	return error;
}

/* The query as tsquery text, shaped as mc__query_to_fts5()'s expression.
 * Returns 0 or an error (set). */
static int query_text(struct mc__pg *h, char **out, const struct mc__query *q)
{
	mc_buf b = MC_BUF_INIT(TEXT_MAX);
	size_t i, n = 0, negatives = 0;
	int error = 0, in_group = 0;

	*out = NULL;
	for (i = 0; i < q->count; i++) {
		const struct mc__query_term *t = &q->terms[i];

		if (t->negated) {
			negatives++;
			continue;
		}
		if (!in_group &&
		    ((n++ && mc__buf_puts(&b, " & ")) || mc__buf_puts(&b, "(")))
			goto oom;
		if ((error = put_term(h, &b, t)))
			goto cleanup;
		if (mc__buf_puts(&b, t->or_next ? " | " : ")"))
			goto oom;
		in_group = t->or_next;
	}
	if (negatives) {
		if (mc__buf_puts(&b, " & !("))
			goto oom;
		for (i = 0, n = 0; i < q->count; i++) {
			if (!q->terms[i].negated)
				continue;
			if (n++ && mc__buf_puts(&b, " | "))
				goto oom;
			if ((error = put_term(h, &b, &q->terms[i])))
				goto cleanup;
		}
		if (mc__buf_puts(&b, ")"))
			goto oom;
	}
	if ((*out = mc__buf_detach(&b)))
		goto cleanup;

oom:
	error = mc__pg_nomem(h);

cleanup:
	mc__buf_free(&b);
	return error;
}

/* ---- the statement ------------------------------------------------------ */

#define SQL_MAX	   16384
#define PARAMS_MAX 16

struct params {
	const char *v[PARAMS_MAX];
	char num[PARAMS_MAX][40];
	int n;
};

/* Add a text parameter and return its number. */
static int param(struct params *p, const char *text)
{
	p->v[p->n] = text;
	return ++p->n;
}

/* Add a number and return its number. */
static int param_num(struct params *p, double d)
{
	snprintf(p->num[p->n], sizeof(p->num[p->n]), "%.17g", d);
	return param(p, p->num[p->n]);
}

/* One filter on a side table of (seq, value), over v (see build_where). */
static int add_set(mc_buf *sql, const char *table, const char *col, int n)
{
	return mc__buf_printf(sql,
			      " AND v.seq IN (SELECT seq FROM %s"
			      " WHERE %s = $%d)",
			      table, col, n);
}

/*
 * " WHERE ..." of a search over v: mc_search when `tsquery` is set (which
 * is then parameter $1; its rows carry the id, version, status, sector,
 * eqf_level and ects of their MC version, schema version 14), otherwise
 * mc_versions.  The words, the status, what a reader may see and each
 * filter of `o`, their parameters added to `p`.  Returns 0, MC_EINVALID
 * or MC_ENOMEM (set).
 */
static int build_where(struct mc__pg *h, mc_buf *sql, struct params *p,
		       const char *tsquery, const mc_search_options *o,
		       const struct mc__query *q)
{
	int error, n;

	if (tsquery)
		error = mc__buf_printf(sql, " WHERE v.doc @@ $%d::tsquery",
				       param(p, tsquery));
	else
		error = mc__buf_puts(sql, " WHERE true");
	if (!error && o->status != -1) {
		const char *name = mc__pg_status_name(o->status);

		if (!name)
			return mc__store_error(&h->base, MC_EINVALID,
					       "status: unknown value %d",
					       o->status);
		error =
		    mc__buf_printf(sql, " AND v.status = $%d", param(p, name));
	}
	if (!error && q && q->public_states && q->visible) {
		/* A reader's search (search.c): public states, or a version
		 * named as one the reader may read. */
		n = param(p, q->public_states);
		error = mc__buf_printf(
		    sql,
		    " AND (v.status IN (SELECT"
		    " jsonb_array_elements_text($%d::jsonb))"
		    " OR (v.id, v.version) IN (SELECT e->>0, (e->>1)::integer"
		    " FROM jsonb_array_elements($%d::jsonb) e))",
		    n, param(p, q->visible));
	}
	if (!error && o->country && *o->country)
		error = add_set(sql, "mc_countries", "country",
				param(p, o->country));
	if (!error && o->sector && *o->sector) {
		n = param(p, o->sector);
		error = mc__buf_printf(sql,
				       " AND v.sector >= $%d::text"
				       " AND v.sector < $%d::text || '~'",
				       n, n);
	}
	if (!error && o->target_group && *o->target_group)
		error = add_set(sql, "mc_target_groups", "target_group",
				param(p, o->target_group));
	if (!error && o->language && *o->language)
		error =
		    add_set(sql, "mc_languages", "lang", param(p, o->language));
	if (!error && o->cluster && *o->cluster)
		error = mc__buf_printf(sql,
				       " AND v.id IN (SELECT mc_id FROM"
				       " cluster_mcs WHERE cluster_id = $%d)",
				       param(p, o->cluster));
	if (!error && o->organisation && *o->organisation)
		error = add_set(sql, "mc_orgs", "org_id",
				param(p, o->organisation));
	if (!error && o->eqf_level)
		error = mc__buf_printf(sql, " AND v.eqf_level = $%d::integer",
				       param_num(p, o->eqf_level));
	if (!error && o->ects_min > 0)
		error = mc__buf_printf(sql, " AND v.ects >= $%d::float8",
				       param_num(p, o->ects_min));
	if (!error && o->ects_max > 0)
		error = mc__buf_printf(sql, " AND v.ects <= $%d::float8",
				       param_num(p, o->ects_max));
	return error ? mc__pg_nomem(h) : 0;
}

/*
 * The answer's rows, all columns text, by column 0:
 *   0  the total: count
 *   1  a hit: id, version, status, provider, country, sector, eqf_level,
 *      ects, primary_language, titles, score
 *   2  a facet value: facet number (facet_names), value, count
 */
enum { ROW_TOTAL, ROW_HIT, ROW_FACET };
#define NULLS8 ", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"

/* The columns of a hit, from x, the page's rows of mc_versions: the only
 * rows of mc_versions a search with words reads. */
#define HIT_COLUMNS                                                            \
	"SELECT 1, x.id, x.version::text, x.status, x.provider, x.country,"    \
	" x.sector, x.eqf_level::text, x.ects::text, x.primary_language,"      \
	" x.titles, h.score::float8::text"

/* The matches m with what the facets count. */
#define MATCH_COLUMNS                                                          \
	"SELECT v.seq, v.id, v.version, v.sector, v.eqf_level, v.status,"      \
	" v.ects, "
/* The matches m with what ranking orders by: when no facet is counted,
 * m keeps no more (a common word puts most of the catalogue in m). */
#define MATCH_KEYS "SELECT v.seq, v.id, v.version, "

/* ts_rank_cd with bm25's column weights (D, C, B, A), the query $1. */
#define RANK "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', v.doc, $1::tsquery, 1)"

static const char *const facet_names[] = {
    "country", "sector",       "eqf_level", "target_group", "language",
    "cluster", "organisation", "status",    "ects",
};

/* Each facet's values and counts over m, numbered as facet_names. */
static const char facet_arms[] =
    " UNION ALL SELECT 2, '0', c.country, count(*)::text" NULLS8
    " FROM m JOIN mc_countries c ON c.seq = m.seq GROUP BY 3"
    " UNION ALL SELECT 2, '1', substr(m.sector, 1, 2), count(*)::text" NULLS8
    " FROM m WHERE m.sector IS NOT NULL GROUP BY 3"
    " UNION ALL SELECT 2, '2', m.eqf_level::text, count(*)::text" NULLS8
    " FROM m WHERE m.eqf_level > 0 GROUP BY 3"
    " UNION ALL SELECT 2, '3', g.target_group, count(*)::text" NULLS8
    " FROM m JOIN mc_target_groups g ON g.seq = m.seq GROUP BY 3"
    " UNION ALL SELECT 2, '4', l.lang, count(*)::text" NULLS8
    " FROM m JOIN mc_languages l ON l.seq = m.seq GROUP BY 3"
    " UNION ALL SELECT 2, '5', cm.cluster_id, count(*)::text" NULLS8
    " FROM m JOIN cluster_mcs cm ON cm.mc_id = m.id GROUP BY 3"
    " UNION ALL SELECT 2, '6', o.org_id, count(*)::text" NULLS8
    " FROM m JOIN mc_orgs o ON o.seq = m.seq GROUP BY 3"
    " UNION ALL SELECT 2, '7', m.status, count(*)::text" NULLS8
    " FROM m GROUP BY 3"
    " UNION ALL SELECT 2, '8', CASE WHEN m.ects <= 2 THEN '0-2'"
    " WHEN m.ects <= 5 THEN '2-5' ELSE '5-' END, count(*)::text" NULLS8
    " FROM m WHERE m.ects > 0 GROUP BY 3";

/*
 * The search statement for `where` (over v: mc_search when `words`,
 * mc_versions otherwise), the page's LIMIT and OFFSET being parameters
 * $limit and $offset.  With words, the matches m are read from mc_search
 * alone, materialised once and ranked, and only the page's rows are
 * looked up in mc_versions; without, the page is read in (id, version)
 * order from mc_versions and m is made only for the facets.
 */
static int build_sql(mc_buf *sql, const char *where, int words, int facets,
		     int limit, int offset)
{
	const char *from = words ? " FROM mc_search v" : " FROM mc_versions v";
	int error = 0;

	if (words || facets)
		error = mc__buf_printf(
		    sql, "WITH m AS MATERIALIZED (%s%s AS score%s%s) ",
		    facets ? MATCH_COLUMNS : MATCH_KEYS,
		    words ? RANK : "0::real", from, where);
	if (!error && words)
		error = mc__buf_printf(
		    sql,
		    "SELECT 0, count(*)::text, NULL, NULL" NULLS8 " FROM m"
		    " UNION ALL " HIT_COLUMNS " FROM (SELECT seq, score FROM m"
		    " ORDER BY score DESC, id, version"
		    " LIMIT $%d OFFSET $%d) h"
		    " JOIN mc_versions x ON x.seq = h.seq",
		    limit, offset);
	else if (!error)
		error = mc__buf_printf(
		    sql,
		    "SELECT 0, count(*)::text, NULL, NULL" NULLS8 "%s%s"
		    " UNION ALL " HIT_COLUMNS
		    " FROM (SELECT v.seq, 0::real AS score%s%s"
		    " ORDER BY v.id, v.version LIMIT $%d OFFSET $%d) h"
		    " JOIN mc_versions x ON x.seq = h.seq",
		    from, where, from, where, limit, offset);
	if (!error && facets)
		error = mc__buf_puts(sql, facet_arms);
	return error;
}

/* ---- the answer --------------------------------------------------------- */

/* Fill `hit` from hit row `i` of `res`. */
static int hit_row(struct mc__pg *h, mc_search_hit *hit, const PGresult *res,
		   int i, const char *lang)
{
	int status = mc__pg_status_parse(PQgetvalue(res, i, 3));
	int error = 0;

	hit->id = mc__pg_dup(res, i, 1, &error);
	hit->version = (unsigned)mc__pg_ll(res, i, 2);
	hit->status = status < 0 ? MC_STATUS_DRAFT : (mc_status)status;
	hit->provider = mc__pg_dup(res, i, 4, &error);
	hit->country = mc__pg_dup(res, i, 5, &error);
	hit->sector = mc__pg_dup(res, i, 6, &error);
	hit->eqf_level = (int)mc__pg_ll(res, i, 7);
	hit->ects =
	    PQgetisnull(res, i, 8) ? 0.0 : strtod(PQgetvalue(res, i, 8), NULL);
	hit->score = strtod(PQgetvalue(res, i, 11), NULL);
	if (!error)
		error = mc__sq_titles_pick(&hit->title, &hit->title_lang,
					   mc__pg_text(res, i, 10), lang,
					   mc__pg_text(res, i, 9));
	return error ? mc__pg_nomem(h) : 0;
}

/* Best first: score, then id and version as SQL ordered them. */
static int hit_cmp(const void *pa, const void *pb)
{
	const mc_search_hit *a = pa, *b = pb;
	int c;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = strcmp(a->id, b->id)))
		return c;
	return a->version < b->version ? -1 : a->version > b->version;
}

/* Most frequent first, then by value. */
static int facet_cmp(const void *pa, const void *pb)
{
	const mc_facet_value *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* Add facet row `i` of `res` to its facet in `r`. */
static int facet_row(mc_search_result *r, const PGresult *res, int i)
{
	long long which = mc__pg_ll(res, i, 1);
	mc_facet_value *grown;
	mc_facet *f;

	if (which < 0 || (size_t)which >= r->facet_count ||
	    PQgetisnull(res, i, 2))
		return 0;
	f = &r->facets[which];
	if (!(grown = realloc(f->values, (f->count + 1) * sizeof(*grown))))
		return MC_ENOMEM;
	f->values = grown;
	if (!(f->values[f->count].value = mc__strdup(PQgetvalue(res, i, 2))))
		return MC_ENOMEM;
	f->values[f->count++].count = (size_t)mc__pg_ll(res, i, 3);
	return 0;
}

/* Read the answer's rows into `r`. */
static int read_answer(struct mc__pg *h, mc_search_result *r,
		       const PGresult *res, int facets, const char *lang)
{
	int i, nrows = PQntuples(res), error = 0;
	size_t k;

	if (!(r->hits = calloc((size_t)nrows + 1, sizeof(*r->hits))))
		return mc__pg_nomem(h);
	if (facets) {
		if (!(r->facets = calloc(MC__ARRAY_SIZE(facet_names),
					 sizeof(*r->facets))))
			return mc__pg_nomem(h);
		r->facet_count = MC__ARRAY_SIZE(facet_names);
		for (k = 0; k < r->facet_count; k++)
			r->facets[k].name = facet_names[k];
	}
	for (i = 0; i < nrows && !error; i++)
		switch ((int)mc__pg_ll(res, i, 0)) {
		case ROW_TOTAL:
			r->total = (size_t)mc__pg_ll(res, i, 1);
			break;
		case ROW_HIT:
			error = hit_row(h, &r->hits[r->count++], res, i, lang);
			break;
		case ROW_FACET:
			if (facet_row(r, res, i))
				error = mc__pg_nomem(h);
			break;
		}
	if (error)
		return error;
	if (r->count > 1)
		qsort(r->hits, r->count, sizeof(*r->hits), hit_cmp);
	for (k = 0; k < r->facet_count; k++)
		if (r->facets[k].count > 1)
			qsort(r->facets[k].values, r->facets[k].count,
			      sizeof(*r->facets[k].values), facet_cmp);
	return 0;
}

/*
 * A search statement is planned for its own parameters each time, and on
 * a large catalogue (a common word, facets) its estimated cost passes
 * jit_above_cost: PostgreSQL then compiles it with LLVM, which takes
 * longer (100 ms and more) than the work it speeds up.  So before a
 * connection's first search, outside a transaction (whose rollback would
 * undo it), JIT is turned off for that connection.  The statement is
 * counted among the connection's prepared ones, which store_pg.c forgets
 * when it reconnects, so a new connection runs it again.
 */
static const struct mc__pg_sql SEARCH_SESSION = {
    "search_session", "SELECT set_config('jit', 'off', false)"};

static int search_session(struct mc__pg *h)
{
	size_t i;

	if (h->depth > 0)
		return 0;
	for (i = 0; i < h->nprepared; i++)
		if (h->prepared[i] == &SEARCH_SESSION)
			return 0;
	return mc__pg_exec(h, NULL, &SEARCH_SESSION, "search", 0, NULL);
}

static int search(mc_store *s, mc_search_result **out,
		  const mc_search_options *opts, const struct mc__query *query)
{
	struct mc__pg *h = mc__pg(s);
	mc_search_options o = *opts;
	mc_search_result *r = NULL;
	mc_buf where = MC_BUF_INIT(SQL_MAX), sql = MC_BUF_INIT(SQL_MAX);
	struct params p;
	PGresult *res = NULL;
	char *tsquery = NULL;
	int error, limit, offset;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if (o.limit > MC_SEARCH_LIMIT_MAX)
		o.limit = MC_SEARCH_LIMIT_MAX;
	if (o.offset > (size_t)INT64_MAX)
		o.offset = (size_t)INT64_MAX;
	if (!(r = calloc(1, sizeof(*r)))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	if (!mc__query_empty(query) && (error = query_text(h, &tsquery, query)))
		goto cleanup;
	if ((error = build_where(h, &where, &p, tsquery, &o, query)))
		goto cleanup;
	snprintf(p.num[p.n], sizeof(p.num[p.n]), "%zu", o.limit);
	limit = param(&p, p.num[p.n]);
	snprintf(p.num[p.n], sizeof(p.num[p.n]), "%zu", o.offset);
	offset = param(&p, p.num[p.n]);
	if (build_sql(&sql, where.ptr, tsquery != NULL, o.facets, limit,
		      offset)) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	if ((error = search_session(h)))
		goto cleanup;
	if ((error = mc__pg_query(h, &res, sql.ptr, "search", p.n, p.v)))
		goto cleanup;
	if ((error = read_answer(h, r, res, o.facets, o.lang)))
		goto cleanup;
	*out = r;
	r = NULL;

cleanup:
	PQclear(res);
	mc_search_result_free(r);
	mc__buf_free(&where);
	mc__buf_free(&sql);
	free(tsquery);
	return error;
}

/* ---- ESCO look-up --------------------------------------------------------
 *
 * esco_search.doc holds the words of a concept's label (A) and
 * alternative labels (B) as SQLite's esco_fts cuts them, one row per
 * esco_concepts row (a table of its own, derived as mc_search is, so the
 * data table keeps SQLite's columns); a look-up ranks by ts_rank_cd with
 * esco_fts's bm25 weights (4 and 1), then by label and URI, as on
 * SQLite.
 */

static const struct mc__pg_sql ESCO_DOC_PUT = {
    "esco_doc_put", "INSERT INTO esco_search(seq, doc) SELECT seq, $3::tsvector"
		    " FROM esco_concepts WHERE uri = $1 AND lang = $2"
		    " ON CONFLICT(seq) DO UPDATE SET doc = excluded.doc"};

int mc__pg_esco_index(struct mc__pg *h, const char *uri, const char *lang,
		      const char *label, const char *alt_labels)
{
	const char *cols[2] = {label, alt_labels};
	char *doc = NULL;
	int error;

	if (!(error = doc_text(h, &doc, cols, 2)))
		error = MC__PG_EXEC(h, NULL, &ESCO_DOC_PUT, "esco index", uri,
				    lang, doc);
	free(doc);
	return error;
}

static const struct mc__pg_sql ESCO_LOOKUP = {
    "esco_lookup",
    "SELECT c.uri, c.lang, c.concept_type, c.skill_type, c.reuse_level,"
    " c.label, c.alt_labels, c.description"
    " FROM esco_search e JOIN esco_concepts c ON c.seq = e.seq"
    " WHERE e.doc @@ $1::tsquery"
    " ORDER BY ts_rank_cd('{0, 0, 0.25, 1.0}', e.doc, $1::tsquery, 1)"
    " DESC, c.label, c.uri LIMIT $2"};

/* Add each non-empty line of `s` to `list`; MC_ENOMEM. */
static int add_lines(mc_strlist *list, const char *s)
{
	const char *nl;
	char *item;
	int error = 0;

	for (; s && *s && !error; s = *nl ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		if (nl == s)
			continue;
		if (!(item = mc__strndup(s, (size_t)(nl - s))))
			return MC_ENOMEM;
		error = mc_strlist_add(list, item);
		free(item);
	}
	return error;
}

static int concept_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_esco_concept *c = calloc(1, sizeof(*c));
	int error = 0;

	if (!(*(mc_esco_concept **)elem = c))
		return mc__pg_nomem(h);
	c->uri = mc__pg_dup(res, i, 0, &error);
	c->lang = mc__pg_dup(res, i, 1, &error);
	c->concept_type = mc__pg_dup(res, i, 2, &error);
	c->skill_type = mc__pg_dup(res, i, 3, &error);
	c->reuse_level = mc__pg_dup(res, i, 4, &error);
	c->label = mc__pg_dup(res, i, 5, &error);
	if (!error)
		error = add_lines(&c->alt_labels, mc__pg_text(res, i, 6));
	c->description = mc__pg_dup(res, i, 7, &error);
	return error ? mc__pg_nomem(h) : 0;
}

int mc__pg_esco_lookup(mc_store *s, mc_esco_concept ***out, size_t *count,
		       const struct mc__query *query, size_t limit)
{
	struct mc__pg *h = mc__pg(s);
	mc_esco_concept **list = NULL;
	PGresult *res = NULL;
	char *tsquery = NULL, num[24];
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (mc__query_empty(query) || limit == 0)
		return 0;
	if ((error = query_text(h, &tsquery, query)))
		return error;
	snprintf(num, sizeof(num), "%zu", limit);
	if (!(error = MC__PG_EXEC(h, &res, &ESCO_LOOKUP, "esco lookup", tsquery,
				  num)))
		error = mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list),
				    concept_row);
	if (!error) {
		*out = list;
		*count = n;
		list = NULL;
	}
	PQclear(res);
	mc_esco_list_free(list, n);
	free(tsquery);
	return error;
}

/* ---- coverage ----------------------------------------------------------- */

static const struct mc__pg_sql COVERAGE_COUNTRIES = {
    "coverage_countries",
    "SELECT c.country, count(DISTINCT v.id) FROM mc_versions v"
    " JOIN mc_countries c ON c.seq = v.seq"
    " WHERE v.status = 'published' GROUP BY 1 ORDER BY 1"};

static const struct mc__pg_sql COVERAGE_CELLS[] = {
    {"coverage_sectors",
     "SELECT c.country, substr(v.sector, 1, 2), count(DISTINCT v.id)"
     " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
     " WHERE v.status = 'published' AND v.sector IS NOT NULL"
     " GROUP BY 1, 2 ORDER BY 1, 2"},
    {"coverage_groups",
     "SELECT c.country, g.target_group, count(DISTINCT v.id)"
     " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
     " JOIN mc_target_groups g ON g.seq = v.seq"
     " WHERE v.status = 'published' GROUP BY 1, 2 ORDER BY 1, 2"},
    {"coverage_eqf",
     "SELECT c.country, CAST(v.eqf_level AS TEXT), count(DISTINCT v.id)"
     " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
     " WHERE v.status = 'published' AND v.eqf_level > 0"
     " GROUP BY 1, 2 ORDER BY 1, 2"},
};

static int cell_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_coverage_cell *c = elem;
	int error = 0;

	c->country = mc__pg_dup(res, i, 0, &error);
	c->key = mc__pg_dup(res, i, 1, &error);
	c->count = (size_t)mc__pg_ll(res, i, 2);
	if (error || !c->country || !c->key)
		return mc__pg_nomem(h);
	return 0;
}

/* Add a country entry; `partner` decides whether it can be below target. */
static int coverage_add(mc_coverage *cov, const char *country, size_t published,
			int partner)
{
	mc_coverage_country *c = &cov->countries[cov->country_count];

	if (!(c->country = mc__strdup(country)))
		return MC_ENOMEM;
	c->published = published;
	c->below_target = partner && published < MC_COVERAGE_TARGET;
	cov->country_count++;
	return 0;
}

/* The countries with published MCs: partners first, in their order, each
 * with its count (0 when it has none), then the others by code. */
static int coverage_countries(struct mc__pg *h, mc_coverage *cov)
{
	const char *const *partners = mc_partner_countries();
	PGresult *res = NULL;
	size_t npartners = 0, i;
	int k, nrows, error;
	char *partner = NULL;

	if ((error = mc__pg_exec(h, &res, &COVERAGE_COUNTRIES, "coverage", 0,
				 NULL)))
		return error;
	nrows = PQntuples(res);
	for (i = 0; partners && partners[i]; i++)
		npartners++;
	if (!(cov->countries = calloc(npartners + (size_t)nrows + 1,
				      sizeof(*cov->countries))) ||
	    (nrows && !(partner = calloc((size_t)nrows, 1))))
		goto oom;
	for (i = 0; i < npartners; i++) {
		size_t n = 0;

		for (k = 0; k < nrows; k++)
			if (strcmp(PQgetvalue(res, k, 0), partners[i]) == 0) {
				n = (size_t)mc__pg_ll(res, k, 1);
				partner[k] = 1;
			}
		if (coverage_add(cov, partners[i], n, 1))
			goto oom;
	}
	for (k = 0; k < nrows; k++)
		if (!partner[k] &&
		    coverage_add(cov, PQgetvalue(res, k, 0),
				 (size_t)mc__pg_ll(res, k, 1), 0))
			goto oom;
	PQclear(res);
	free(partner);
	return 0;

oom:
	PQclear(res);
	free(partner);
	return mc__pg_nomem(h);
}

static int coverage(mc_store *s, mc_coverage **out)
{
	struct mc__pg *h = mc__pg(s);
	mc_coverage_cell **cells[3];
	mc_coverage *cov = NULL;
	PGresult *res = NULL;
	size_t *counts[3], k;
	int error = 0, began = 0;

	*out = NULL;
	if (!(cov = calloc(1, sizeof(*cov))))
		return mc__pg_nomem(h);
	cov->target = MC_COVERAGE_TARGET;
	cells[0] = &cov->sectors;
	counts[0] = &cov->sector_count;
	cells[1] = &cov->groups;
	counts[1] = &cov->group_count;
	cells[2] = &cov->eqf;
	counts[2] = &cov->eqf_count;
	if ((error = mc__pg_read_begin(h, &began)) ||
	    (error = coverage_countries(h, cov)))
		goto cleanup;
	for (k = 0; k < 3; k++) {
		if ((error = mc__pg_exec(h, &res, &COVERAGE_CELLS[k],
					 "coverage", 0, NULL)))
			goto cleanup;
		error = mc__pg_rows(h, res, (void **)cells[k], counts[k],
				    sizeof(**cells[k]), cell_row);
		PQclear(res);
		if (error)
			goto cleanup;
	}
	*out = cov;
	cov = NULL;

cleanup:
	mc__pg_read_end(h, began);
	mc_coverage_free(cov);
	return error;
}

const struct mc__store_search_ops mc__pg_search = {
    .find = search,
    .coverage = coverage,
};
