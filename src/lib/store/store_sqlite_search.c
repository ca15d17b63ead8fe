/*
 * SQLite backend: catalogue search and coverage.
 *
 * A search with words makes one pass over the FTS5 matches that pass the
 * filters, counting them and keeping the best offset + limit in a heap, so
 * the total costs nothing extra; the hits' details are read afterwards by
 * rowid.  The pass reads the FTS5 table alone: filters are sets of rowids,
 * so it costs about what the bare FTS5 query costs.  Without words the filters
 * are answered from the tables, ordered by id and version.  Facets, only when
 * asked for, are counted by one statement over the set of matching rows
 * (the rowids the ranking pass saw, or the filters again without words).
 * A search is one read transaction, whatever the number of statements.
 * The results are freed by mc_search_result_free() and mc_coverage_free()
 * (search.c).
 */
#include "store_sqlite.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/search_query.h"
#include "util/util.h"

/* Column weights of mc_fts for bm25: title, description, outcomes,
 * skills_and_orgs. */
#define BM25 "bm25(mc_fts, 10.0, 4.0, 2.0, 1.0)"

#define SQL_MAX	  4096
#define BINDS_MAX 16

struct binds {
	struct {
		const char *text;
		sqlite3_int64 num;
		double real;
		int is_num; /* 1: num, 2: real, 0: text */
	} v[BINDS_MAX];
	int n;
};

static int bind_all(sqlite3_stmt *st, const struct binds *b)
{
	int i, rc = SQLITE_OK;

	for (i = 0; i < b->n && rc == SQLITE_OK; i++)
		rc = b->v[i].is_num == 2
			 ? sqlite3_bind_double(st, i + 1, b->v[i].real)
		     : b->v[i].is_num
			 ? sqlite3_bind_int64(st, i + 1, b->v[i].num)
			 : sqlite3_bind_text(st, i + 1, b->v[i].text, -1,
					     SQLITE_STATIC);
	return rc;
}

/* Add a text parameter and return its number. */
static int add_text(struct binds *b, const char *s)
{
	b->v[b->n].text = s;
	b->v[b->n].is_num = 0;
	return ++b->n;
}

static int add_num(struct binds *b, sqlite3_int64 n)
{
	b->v[b->n].num = n;
	b->v[b->n].is_num = 1;
	return ++b->n;
}

static int add_real(struct binds *b, double d)
{
	b->v[b->n].real = d;
	b->v[b->n].is_num = 2;
	return ++b->n;
}

/* One filter: `col IN (SELECT seq FROM ...)`, with parameter `n`. */
static int add_set(mc_buf *sql, const char *col, const char *set, int n)
{
	return mc__buf_printf(sql, " AND %s IN (SELECT seq FROM %s = ?%d)", col,
			      set, n);
}

/*
 * FROM and WHERE of a search, and the expression naming a matching row's
 * seq in *seq_col.  With words, FTS5 drives and every filter is a set of
 * rowids ('+' keeps SQLite from pushing it into FTS5 as a per-row
 * look-up); published, the usual status, is checked by excluding the few
 * rows that are not, so the common search joins nothing.  Without words
 * the filters run on mc_versions and its indexes.  Returns 0,
 * MC_EINVALID (message set) or MC_ENOMEM.
 */
static int build_where(struct mc__sqlite *h, mc_buf *sql, struct binds *b,
		       const char **seq_col, const char *match,
		       const mc_search_options *o, const struct mc__query *q)
{
	const char *col = match ? "+mc_fts.rowid" : "v.seq";
	int error = 0, n;

	*seq_col = match ? "mc_fts.rowid" : "v.seq";
	if (match)
		error =
		    mc__buf_printf(sql, " FROM mc_fts WHERE mc_fts MATCH ?%d",
				   add_text(b, match));
	else
		error = mc__buf_puts(sql, " FROM mc_versions v WHERE 1");
	if (!error && o->status != -1) {
		const char *name = mc__sq_status_name(o->status);

		if (!name)
			return mc__store_error(&h->base, MC_EINVALID,
					       "status: unknown value %d",
					       o->status);
		n = add_text(b, name);
		if (!match)
			error = mc__buf_printf(sql, " AND v.status = ?%d", n);
		else if (o->status == MC_STATUS_PUBLISHED)
			error = mc__buf_printf(
			    sql,
			    " AND %s NOT IN (SELECT seq FROM mc_versions"
			    " WHERE status IN ('draft', 'in_review',"
			    " 'approved', 'retired') AND status <> ?%d)",
			    col, n);
		else
			error =
			    add_set(sql, col, "mc_versions WHERE status", n);
	}
	if (!error && q && q->public_states && q->visible) {
		/* A reader's search (search.c): public states, or a version
		 * named as one the reader may read. */
		n = add_text(b, q->public_states);
		error = mc__buf_printf(
		    sql,
		    " AND (%s IN (SELECT seq FROM mc_versions WHERE status IN"
		    " (SELECT value FROM json_each(?%d)))"
		    " OR %s IN (SELECT r.seq FROM json_each(?%d) j"
		    " JOIN mc_versions r ON r.id = json_extract(j.value, "
		    "'$[0]')"
		    " AND r.version = json_extract(j.value, '$[1]')))",
		    col, n, col, add_text(b, q->visible));
	}
	if (!error && o->country && *o->country)
		error = add_set(sql, col, "mc_countries WHERE country",
				add_text(b, o->country));
	if (!error && o->sector && *o->sector) {
		n = add_text(b, o->sector);
		if (match)
			error = mc__buf_printf(
			    sql,
			    " AND %s IN (SELECT seq FROM mc_versions"
			    " WHERE sector >= ?%d AND sector < ?%d || '~')",
			    col, n, n);
		else
			error = mc__buf_printf(sql,
					       " AND v.sector >= ?%d"
					       " AND v.sector < ?%d || '~'",
					       n, n);
	}
	if (!error && o->target_group && *o->target_group)
		error = add_set(sql, col, "mc_target_groups WHERE target_group",
				add_text(b, o->target_group));
	if (!error && o->language && *o->language)
		error = add_set(sql, col, "mc_languages WHERE lang",
				add_text(b, o->language));
	if (!error && o->cluster && *o->cluster)
		error = mc__buf_printf(sql,
				       " AND %s IN (SELECT v2.seq FROM"
				       " cluster_mcs cm JOIN mc_versions v2"
				       " ON v2.id = cm.mc_id"
				       " WHERE cm.cluster_id = ?%d)",
				       col, add_text(b, o->cluster));
	if (!error && o->organisation && *o->organisation)
		error = add_set(sql, col, "mc_orgs WHERE org_id",
				add_text(b, o->organisation));
	if (!error && o->eqf_level) {
		n = add_num(b, o->eqf_level);
		if (match)
			error =
			    add_set(sql, col, "mc_versions WHERE eqf_level", n);
		else
			error =
			    mc__buf_printf(sql, " AND v.eqf_level = ?%d", n);
	}
	if (!error && o->ects_min > 0) {
		n = add_real(b, o->ects_min);
		if (match)
			error = mc__buf_printf(
			    sql,
			    " AND %s IN (SELECT seq FROM mc_versions"
			    " WHERE ects >= ?%d)",
			    col, n);
		else
			error = mc__buf_printf(sql, " AND v.ects >= ?%d", n);
	}
	if (!error && o->ects_max > 0) {
		n = add_real(b, o->ects_max);
		if (match)
			error = mc__buf_printf(
			    sql,
			    " AND %s IN (SELECT seq FROM mc_versions"
			    " WHERE ects <= ?%d)",
			    col, n);
		else
			error = mc__buf_printf(sql, " AND v.ects <= ?%d", n);
	}
	return error;
}

/* ---- ranking: a bounded max-heap of the best rows ------------------------ */

struct ranked {
	double score; /* bm25: lower is better */
	sqlite3_int64 seq;
	unsigned version;
	char id[MC_ID_MAX + 1];
};

/* Negative if `a` ranks before `b`. */
static int rank_cmp(const struct ranked *a, const struct ranked *b)
{
	int c;

	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	if ((c = strcmp(a->id, b->id)))
		return c;
	return a->version < b->version ? -1 : a->version > b->version;
}

static int rank_qsort(const void *a, const void *b)
{
	return rank_cmp(a, b);
}

/* Restore the heap (worst row on top) below index `i`. */
static void sift_down(struct ranked *heap, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, worst = i;
		struct ranked tmp;

		if (l < n && rank_cmp(&heap[l], &heap[worst]) > 0)
			worst = l;
		if (r < n && rank_cmp(&heap[r], &heap[worst]) > 0)
			worst = r;
		if (worst == i)
			return;
		tmp = heap[i];
		heap[i] = heap[worst];
		heap[worst] = tmp;
		i = worst;
	}
}

static void sift_up(struct ranked *heap, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		struct ranked tmp;

		if (rank_cmp(&heap[i], &heap[parent]) <= 0)
			return;
		tmp = heap[i];
		heap[i] = heap[parent];
		heap[parent] = tmp;
		i = parent;
	}
}

static const char sql_mc_hit[] =
    "SELECT id, version, status, provider, country, sector,"
    " eqf_level, ects, primary_language, titles"
    " FROM mc_versions WHERE seq = ?1";

/* Fill row->id and row->version from mc_versions. */
static int rank_ident(struct mc__sqlite *h, struct ranked *row)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql_mc_hit);
	int error;

	if (!st)
		return MC_EDB;
	sqlite3_bind_int64(st, 1, row->seq);
	if ((error = mc__sq_row(h, st, "search", NULL)) == MC_ENOTFOUND)
		return mc__store_error(&h->base, MC_EDB,
				       "search: row %lld vanished",
				       (long long)row->seq);
	if (error)
		return error;
	snprintf(row->id, sizeof(row->id), "%s",
		 (const char *)sqlite3_column_text(st, 0));
	row->version = (unsigned)sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return 0;
}

/*
 * Run the ranked query (columns: seq, score; with `with_id` also id and
 * version), counting every row into *total and keeping the best `keep`
 * in *out (sorted, best first; *n of them).  Without `with_id` the id
 * and version, needed only to order rows of equal score, are read for
 * the rows that enter the heap.
 */
/* What rank_rows() keeps while it reads, for its row callback. */
struct rank {
	struct ranked *heap;
	size_t count, alloc, rows, keep;
	int with_id;
	mc_buf *seqs;
};

static int rank_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	struct rank *k = payload;
	struct ranked row, *grown;
	int error;

	row.seq = sqlite3_column_int64(st, 0);
	if (k->seqs && mc__buf_printf(k->seqs, "%s%lld", k->rows ? "," : "[",
				      (long long)row.seq))
		return mc__sq_nomem(h);
	k->rows++;
	if (k->keep == 0)
		return 0;
	row.score = sqlite3_column_double(st, 1);
	if (k->count == k->keep && row.score > k->heap[0].score)
		return 0; /* cheap reject before reading the id */
	if (k->with_id) {
		snprintf(row.id, sizeof(row.id), "%s",
			 (const char *)sqlite3_column_text(st, 2));
		row.version = (unsigned)sqlite3_column_int64(st, 3);
	} else if ((error = rank_ident(h, &row))) {
		return error;
	}
	if (k->count < k->keep) {
		if (k->count == k->alloc) {
			k->alloc = k->alloc ? k->alloc * 2 : 32;
			if (k->alloc > k->keep)
				k->alloc = k->keep;
			grown = realloc(k->heap, k->alloc * sizeof(*k->heap));
			if (!grown)
				return mc__sq_nomem(h);
			k->heap = grown;
		}
		k->heap[k->count] = row;
		sift_up(k->heap, k->count++);
	} else if (rank_cmp(&row, &k->heap[0]) < 0) {
		k->heap[0] = row;
		sift_down(k->heap, k->count, 0);
	}
	return 0;
}

static int rank_rows(struct mc__sqlite *h, struct ranked **out, size_t *n,
		     size_t *total, sqlite3_stmt *st, size_t keep, int with_id,
		     mc_buf *seqs)
{
	struct rank k = {NULL, 0, 0, 0, keep, with_id, seqs};
	int error;

	if ((error = mc__sq_each(h, st, rank_row, &k, "search")))
		goto cleanup;
	if (seqs && mc__buf_puts(seqs, k.rows ? "]" : "[]")) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	if (k.count)
		qsort(k.heap, k.count, sizeof(*k.heap), rank_qsort);
	*out = k.heap;
	*n = k.count;
	*total = k.rows;
	k.heap = NULL;

cleanup:
	free(k.heap);
	return error;
}

/* ---- results ------------------------------------------------------------ */

/* Fill `hit` from the row of MC version `seq`. */
static int hit_load(struct mc__sqlite *h, mc_search_hit *hit, sqlite3_int64 seq,
		    double score, const char *lang)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql_mc_hit);
	int status, error = 0;

	if (!st)
		return MC_EDB;
	sqlite3_bind_int64(st, 1, seq);
	if ((error = mc__sq_row(h, st, "search", NULL)) == MC_ENOTFOUND)
		error = mc__store_error(&h->base, MC_EDB,
					"search: row %lld vanished",
					(long long)seq);
	if (error)
		goto cleanup;
	hit->id = mc__sq_col_dup(st, 0, &error);
	hit->version = (unsigned)sqlite3_column_int64(st, 1);
	status = mc__sq_status_parse((const char *)sqlite3_column_text(st, 2));
	hit->status = status < 0 ? MC_STATUS_DRAFT : (mc_status)status;
	hit->provider = mc__sq_col_dup(st, 3, &error);
	hit->country = mc__sq_col_dup(st, 4, &error);
	hit->sector = mc__sq_col_dup(st, 5, &error);
	hit->eqf_level = sqlite3_column_int(st, 6);
	hit->ects = sqlite3_column_double(st, 7);
	hit->score = score;
	if (!error)
		error = mc__sq_titles_pick(
		    &hit->title, &hit->title_lang,
		    (const char *)sqlite3_column_text(st, 9), lang,
		    (const char *)sqlite3_column_text(st, 8));
	if (error)
		error = mc__store_error(&h->base, MC_ENOMEM, "out of memory");

cleanup:
	sqlite3_reset(st);
	return error;
}

/* ---- facets ------------------------------------------------------------- */

/* Facets in the order of the result; facet_arms yields their numbers. */
static const char *const facet_names[] = {
    "country", "sector",       "eqf_level", "target_group", "language",
    "cluster", "organisation", "status",    "ects",
};

/* The "ects" facet's ranges: (previous bound, bound], the last open. */
static const struct {
	double upto;
	const char *value;
} ects_ranges[] = {{2, "0-2"}, {5, "2-5"}, {0, "5-"}};

/* The "ects" facet value of `ects` credits; NULL for none. */
static const char *ects_range(double ects)
{
	size_t i;

	if (!(ects > 0))
		return NULL;
	for (i = 0; ects_ranges[i].upto > 0; i++)
		if (ects <= ects_ranges[i].upto)
			break;
	return ects_ranges[i].value;
}

/*
 * Over m(seq), the matching rows: (facet number, value) for the facets of
 * the multi-valued tables, and for mc_versions' own columns one row
 * (-1, sector, eqf_level, status, ects) that counts into four facets.  No
 * grouping or sorting in SQL: counting and ordering are done in C, which
 * for the few distinct values facets have is cheaper than eight sorts.
 */
static const char facet_arms[] =
    " SELECT -1, substr(v.sector, 1, 2), v.eqf_level, v.status, v.ects"
    " FROM m JOIN mc_versions v ON v.seq = m.seq"
    " UNION ALL SELECT 0, c.country, 0, NULL, NULL FROM m"
    " JOIN mc_countries c ON c.seq = m.seq"
    " UNION ALL SELECT 3, g.target_group, 0, NULL, NULL FROM m"
    " JOIN mc_target_groups g ON g.seq = m.seq"
    " UNION ALL SELECT 4, l.lang, 0, NULL, NULL FROM m"
    " JOIN mc_languages l ON l.seq = m.seq"
    " UNION ALL SELECT 5, cm.cluster_id, 0, NULL, NULL FROM m"
    " JOIN mc_versions v ON v.seq = m.seq"
    " JOIN cluster_mcs cm ON cm.mc_id = v.id"
    " UNION ALL SELECT 6, o.org_id, 0, NULL, NULL FROM m"
    " JOIN mc_orgs o ON o.seq = m.seq";

/* Count one more `value` (NULL: none) in facet `f`; MC_ENOMEM. */
static int facet_add(mc_facet *f, const char *value)
{
	mc_facet_value *grown;
	size_t i, cap = 16;

	if (!value)
		return 0;
	for (i = f->count; i-- > 0;)
		if (strcmp(f->values[i].value, value) == 0) {
			f->values[i].count++;
			return 0;
		}
	/* Room for 16, doubled whenever full: full at 16, 32, 64 ... */
	while (cap < f->count)
		cap *= 2;
	if (f->count == 0 || f->count == cap) {
		cap = f->count ? 2 * cap : cap;
		if (!(grown = realloc(f->values, cap * sizeof(*grown))))
			return MC_ENOMEM;
		f->values = grown;
	}
	if (!(f->values[f->count].value = mc__strdup(value)))
		return MC_ENOMEM;
	f->values[f->count++].count = 1;
	return 0;
}

/* Most frequent first, then by value. */
static int facet_cmp(const void *pa, const void *pb)
{
	const mc_facet_value *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* Count one row of the facets statement into the mc_search_result
 * `payload`: (facet, value), or mc_versions' row (-1, sector, eqf_level,
 * status, ects). */
static int facet_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	mc_search_result *r = payload;
	int which = sqlite3_column_int(st, 0);
	const char *v = (const char *)sqlite3_column_text(st, 1);
	int eqf;
	char level[16];

	if (which >= 0) {
		if ((size_t)which < r->facet_count &&
		    facet_add(&r->facets[which], v))
			return mc__sq_nomem(h);
		return 0;
	}
	eqf = sqlite3_column_int(st, 2);
	snprintf(level, sizeof(level), "%d", eqf);
	if (facet_add(&r->facets[1], v) ||
	    (eqf > 0 && facet_add(&r->facets[2], level)) ||
	    facet_add(&r->facets[7],
		      (const char *)sqlite3_column_text(st, 3)) ||
	    facet_add(&r->facets[8], ects_range(sqlite3_column_double(st, 4))))
		return mc__sq_nomem(h);
	return 0;
}

/*
 * Count every facet over the matching rows with one statement.  The rows
 * are `seqs`, a JSON array of rowids, when given; otherwise the filters
 * again: "SELECT seq_col" + `where` with the binds `b`.
 */
static int facets(struct mc__sqlite *h, mc_search_result *r, const char *seqs,
		  const char *seq_col, const char *where, const struct binds *b)
{
	char *sql;
	sqlite3_stmt *st;
	size_t i;
	int error = 0;

	if (seqs)
		sql = mc__asprintf("WITH m(seq) AS MATERIALIZED"
				   " (SELECT value FROM json_each(?1))%s",
				   facet_arms);
	else
		sql = mc__asprintf("WITH m(seq) AS MATERIALIZED"
				   " (SELECT %s%s)%s",
				   seq_col, where, facet_arms);
	if (!sql)
		return mc__store_error(&h->base, MC_ENOMEM, "out of memory");
	if (!(r->facets =
		  calloc(MC__ARRAY_SIZE(facet_names), sizeof(*r->facets)))) {
		free(sql);
		return mc__store_error(&h->base, MC_ENOMEM, "out of memory");
	}
	r->facet_count = MC__ARRAY_SIZE(facet_names);
	for (i = 0; i < r->facet_count; i++)
		r->facets[i].name = facet_names[i];
	if (!(st = mc__sq_dyn(h, sql))) {
		free(sql);
		return MC_EDB;
	}
	free(sql);
	if (seqs)
		sqlite3_bind_text(st, 1, seqs, -1, SQLITE_STATIC);
	else
		bind_all(st, b);
	error = mc__sq_each(h, st, facet_row, r, "facets");
	for (i = 0; i < r->facet_count; i++)
		if (r->facets[i].count > 1)
			qsort(r->facets[i].values, r->facets[i].count,
			      sizeof(*r->facets[i].values), facet_cmp);
	return error;
}

/* ---- search ------------------------------------------------------------- */

static int search(mc_store *s, mc_search_result **out,
		  const mc_search_options *opts, const struct mc__query *query)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_search_options o = *opts;
	mc_search_result *r = NULL;
	mc_buf where = MC_BUF_INIT(SQL_MAX), sql = MC_BUF_INIT(SQL_MAX);
	mc_buf seqs = MC_BUF_INIT(FTS_COLUMN_MAX);
	struct binds b;
	struct ranked *best = NULL;
	sqlite3_stmt *st;
	const char *seq_col = NULL;
	char *match = NULL;
	size_t i, nbest = 0, keep;
	int error = 0, began = 0;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	if (o.limit > MC_SEARCH_LIMIT_MAX)
		o.limit = MC_SEARCH_LIMIT_MAX;
	keep = o.offset > SIZE_MAX - o.limit ? SIZE_MAX : o.offset + o.limit;
	if (!(r = calloc(1, sizeof(*r))))
		goto oom;
	if (!mc__query_empty(query) && mc__query_to_fts5(&match, query))
		goto oom;
	if ((error = build_where(h, &where, &b, &seq_col, match, &o, query)))
		goto cleanup;
	if (!where.ptr)
		goto oom;
	if ((error = mc__sq_read_begin(h, &began)))
		goto cleanup;

	if (match) {
		if (mc__buf_printf(&sql, "SELECT mc_fts.rowid, " BM25 "%s",
				   where.ptr))
			goto oom;
		if (!(st = mc__sq_dyn(h, sql.ptr))) {
			error = MC_EDB;
			goto cleanup;
		}
		bind_all(st, &b);
		if ((error = rank_rows(h, &best, &nbest, &r->total, st, keep, 0,
				       o.facets ? &seqs : NULL)))
			goto cleanup;
	} else {
		if (mc__buf_printf(&sql, "SELECT count(*)%s", where.ptr))
			goto oom;
		if (!(st = mc__sq_dyn(h, sql.ptr))) {
			error = MC_EDB;
			goto cleanup;
		}
		bind_all(st, &b);
		if ((error = mc__sq_row(h, st, "search", "search: no count")))
			goto cleanup;
		r->total = (size_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		mc__buf_free(&sql);
		if (mc__buf_printf(&sql,
				   "SELECT v.seq, 0.0, v.id, v.version%s"
				   " ORDER BY v.id, v.version"
				   " LIMIT ?%d OFFSET ?%d",
				   where.ptr, b.n + 1, b.n + 2))
			goto oom;
		if (!(st = mc__sq_dyn(h, sql.ptr))) {
			error = MC_EDB;
			goto cleanup;
		}
		bind_all(st, &b);
		sqlite3_bind_int64(st, b.n + 1, (sqlite3_int64)o.limit);
		sqlite3_bind_int64(st, b.n + 2,
				   o.offset > (size_t)INT64_MAX
				       ? INT64_MAX
				       : (sqlite3_int64)o.offset);
		/* Already in order: keep them all, skip nothing. */
		if ((error =
			 rank_rows(h, &best, &nbest, &i, st, o.limit, 1, NULL)))
			goto cleanup;
		o.offset = 0;
	}

	if (nbest > o.offset) {
		if (!(r->hits = calloc(nbest - o.offset, sizeof(*r->hits))))
			goto oom;
		for (i = o.offset; i < nbest; i++) {
			error = hit_load(h, &r->hits[r->count], best[i].seq,
					 match ? -best[i].score : 0.0, o.lang);
			r->count++;
			if (error)
				goto cleanup;
		}
	}
	if (o.facets && (error = facets(h, r, match ? seqs.ptr : NULL, seq_col,
					where.ptr, &b)))
		goto cleanup;
	*out = r;
	r = NULL;
	goto cleanup;

oom:
	error = mc__store_error(s, MC_ENOMEM, "out of memory");

cleanup:
	mc__sq_read_end(h, began);
	mc_search_result_free(r);
	mc__buf_free(&where);
	mc__buf_free(&sql);
	mc__buf_free(&seqs);
	free(best);
	free(match);
	return error;
}

/* ---- coverage ----------------------------------------------------------- */

static const char coverage_countries_sql[] =
    "SELECT c.country, count(DISTINCT v.id) FROM mc_versions v"
    " JOIN mc_countries c ON c.seq = v.seq"
    " WHERE v.status = 'published' GROUP BY 1 ORDER BY 1";

static const char *const coverage_cells_sql[] = {
    "SELECT c.country, substr(v.sector, 1, 2), count(DISTINCT v.id)"
    " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
    " WHERE v.status = 'published' AND v.sector IS NOT NULL"
    " GROUP BY 1, 2 ORDER BY 1, 2",
    "SELECT c.country, g.target_group, count(DISTINCT v.id)"
    " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
    " JOIN mc_target_groups g ON g.seq = v.seq"
    " WHERE v.status = 'published' GROUP BY 1, 2 ORDER BY 1, 2",
    "SELECT c.country, CAST(v.eqf_level AS TEXT), count(DISTINCT v.id)"
    " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
    " WHERE v.status = 'published' AND v.eqf_level > 0"
    " GROUP BY 1, 2 ORDER BY 1, 2",
};

static int cell_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_coverage_cell *c = elem;
	int error = 0;

	c->country = mc__sq_col_dup(st, 0, &error);
	c->key = mc__sq_col_dup(st, 1, &error);
	c->count = (size_t)sqlite3_column_int64(st, 2);
	if (error || !c->country || !c->key)
		return mc__sq_nomem(h);
	return 0;
}

/* Read (country, key, count) rows of `sql` (a static text) into a cell
 * array. */
static int coverage_cells(struct mc__sqlite *h, mc_coverage_cell **out,
			  size_t *count, const char *sql)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql);

	if (!st)
		return MC_EDB;
	return mc__sq_rows(h, st, (void **)out, count, sizeof(**out), cell_row,
			   "coverage");
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

/* Published MCs of one country, and whether it is a partner country. */
struct country_row {
	char country[8];
	size_t n;
	int partner;
};

static int country_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	struct country_row *c = elem;

	(void)h;
	snprintf(c->country, sizeof(c->country), "%s",
		 (const char *)sqlite3_column_text(st, 0));
	c->n = (size_t)sqlite3_column_int64(st, 1);
	return 0;
}

static int coverage(mc_store *s, mc_coverage **out)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *const *partners = mc_partner_countries();
	mc_coverage *cov = NULL;
	mc_coverage_cell **cells[3];
	size_t *counts[3];
	struct country_row *rows = NULL;
	size_t nrows = 0, npartners = 0, i, k;
	sqlite3_stmt *st;
	int error = 0, began = 0;

	*out = NULL;
	if (!(cov = calloc(1, sizeof(*cov))))
		goto oom;
	cov->target = MC_COVERAGE_TARGET;
	if ((error = mc__sq_read_begin(h, &began)))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, coverage_countries_sql))) {
		error = MC_EDB;
		goto cleanup;
	}
	if ((error = mc__sq_rows(h, st, (void **)&rows, &nrows, sizeof(*rows),
				 country_row, "coverage")))
		goto cleanup;
	for (i = 0; partners && partners[i]; i++)
		npartners++;
	if (!(cov->countries =
		  calloc(npartners + nrows + 1, sizeof(*cov->countries))))
		goto oom;
	for (i = 0; i < npartners; i++) {
		size_t n = 0;

		for (k = 0; k < nrows; k++)
			if (strcmp(rows[k].country, partners[i]) == 0) {
				n = rows[k].n;
				rows[k].partner = 1;
			}
		if (coverage_add(cov, partners[i], n, 1))
			goto oom;
	}
	for (k = 0; k < nrows; k++)
		if (!rows[k].partner &&
		    coverage_add(cov, rows[k].country, rows[k].n, 0))
			goto oom;

	cells[0] = &cov->sectors;
	counts[0] = &cov->sector_count;
	cells[1] = &cov->groups;
	counts[1] = &cov->group_count;
	cells[2] = &cov->eqf;
	counts[2] = &cov->eqf_count;
	for (k = 0; k < 3; k++)
		if ((error = coverage_cells(h, cells[k], counts[k],
					    coverage_cells_sql[k])))
			goto cleanup;
	*out = cov;
	cov = NULL;
	goto cleanup;

oom:
	error = mc__store_error(s, MC_ENOMEM, "out of memory");

cleanup:
	mc__sq_read_end(h, began);
	mc_coverage_free(cov);
	free(rows);
	return error;
}

const struct mc__store_search_ops mc__sq_search_ops = {
    .find = search,
    .coverage = coverage,
};
