/*
 * bench_catalogue: import rate and search latency of the catalogue on a
 * generated catalogue, each beside a baseline measured in the same run on
 * the same machine:
 *
 * - import: mc_catalogue_import() of the export form (validation,
 *   reference checks, side tables, full-text index) against raw SQLite
 *   inserting the same JSON documents and the same full-text rows with
 *   prepared statements, both in transactions of CHUNK records;
 * - search: mc_catalogue_search() (parse, filter on status, rank, count
 *   every match, load the hits' titles in the reader's language) against
 *   plain SQL on the library's database giving the same answer (the same
 *   20 ids in the same order, their titles, the total), each plan of
 *   `plans` run and the fastest taken as the floor; the bench fails when
 *   any plan's answer differs from the library's.
 *
 * usage: bench_catalogue [N_MCS] [N_QUERIES]   (defaults 100000, 300)
 * The text is generated from Zipf-distributed pseudo-words in six scripts
 * (Latin, Cyrillic, Georgian, Armenian) so that queries range from common
 * to rare terms, as in real catalogues.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_catalogue_gen.h"
#include "bench_rate.h"
#include "microcred/microcred.h"
#include "store/store_sqlite.h" /* mc__sq_titles_pick: the titles column's form */

/* ---- search: the library against plain SQL ------------------------------ */

#define LIMIT  20
#define ROUNDS 3
#define BM25   "bm25(mc_fts, 10.0, 4.0, 2.0, 1.0)"
/* The rows that are not published, named as the library names them so
 * that the status index answers. */
#define NOT_PUBLISHED                                                          \
	"SELECT seq FROM mc_versions WHERE status IN ('draft', 'in_review', "  \
	"'approved', 'retired')"

/*
 * Plain-SQL plans for what mc_catalogue_search() returns with the default
 * options: the LIMIT best published matches by bm25 with the library's
 * weights, ties by id then version, with their titles, and the number of
 * all matches.  Every plan runs, and the fastest for each figure is the
 * floor: none is picked by hand.  (Left to itself, SQLite's planner starts
 * the join from the status index, hundreds of times slower on a large
 * catalogue: hence the CROSS JOIN in the first.)  `top` yields id,
 * version, titles, primary_language, and the total as a fifth column
 * when `count` is NULL.
 */
static const struct plan {
	const char *name;
	const char *top;
	const char *count;
} plans[] = {
    {"join, FTS5 first (CROSS JOIN), count by join",
     "SELECT v.id, v.version, v.titles, v.primary_language FROM mc_fts"
     " CROSS JOIN mc_versions v ON v.seq = mc_fts.rowid WHERE mc_fts"
     " MATCH ?1 AND v.status = 'published' ORDER BY " BM25 ", v.id,"
     " v.version LIMIT 20",
     "SELECT count(*) FROM mc_fts CROSS JOIN mc_versions v"
     " ON v.seq = mc_fts.rowid WHERE mc_fts MATCH ?1"
     " AND v.status = 'published'"},
    {"status by exclusion, count on the index alone",
     "SELECT v.id, v.version, v.titles, v.primary_language FROM"
     " (SELECT rowid AS seq, " BM25 " AS s FROM mc_fts WHERE mc_fts"
     " MATCH ?1 AND rowid NOT IN (" NOT_PUBLISHED ")) m"
     " JOIN mc_versions v ON v.seq = m.seq ORDER BY m.s, v.id, v.version"
     " LIMIT 20",
     "SELECT count(*) FROM mc_fts WHERE mc_fts MATCH ?1"
     " AND rowid NOT IN (" NOT_PUBLISHED ")"},
    {"one statement, total by window",
     "SELECT v.id, v.version, v.titles, v.primary_language,"
     " count(*) OVER () FROM (SELECT rowid AS seq, " BM25 " AS s"
     " FROM mc_fts WHERE mc_fts MATCH ?1 AND rowid NOT IN"
     " (" NOT_PUBLISHED ")) m JOIN mc_versions v ON v.seq = m.seq"
     " ORDER BY m.s, v.id, v.version LIMIT 20",
     NULL},
};
#define NPLANS (sizeof(plans) / sizeof(plans[0]))

/* One search's answer, from the library or a plan. */
struct answer {
	size_t total, count;
	char *id[LIMIT], *title[LIMIT];
	unsigned version[LIMIT];
};

static void answer_clear(struct answer *a)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		free(a->id[i]), free(a->title[i]);
	memset(a, 0, sizeof(*a));
}

/* The FTS5 form of a query of plain words: each word quoted, all
 * required, as the library writes it. */
static void fts_match(char *match, size_t cap, const char *query)
{
	const char *sp;

	snprintf(match, cap, "(");
	for (sp = query; *sp;) {
		size_t w = strcspn(sp, " ");

		snprintf(match + strlen(match), cap - strlen(match),
			 "%s(\"%.*s\")", match[1] ? " AND " : "", (int)w, sp);
		sp += w;
		sp += strspn(sp, " ");
	}
	snprintf(match + strlen(match), cap - strlen(match), ")");
}

/* Run `query` through the library into `a`.  Returns 0 or -1. */
static int lib_search(struct answer *a, mc_store *store, const char *query,
		      const char *lang)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t i;

	o.query = query;
	o.lang = lang;
	o.limit = LIMIT;
	if (mc_catalogue_search(store, &r, &o) < 0) {
		fprintf(stderr, "search '%s': %s\n", query,
			mc_store_errmsg(store));
		return -1;
	}
	a->total = r->total;
	for (i = 0; i < r->count && i < LIMIT; i++) {
		a->id[i] = strdup(r->hits[i].id);
		a->version[i] = r->hits[i].version;
		a->title[i] = strdup(r->hits[i].title ? r->hits[i].title : "");
	}
	a->count = i;
	mc_search_result_free(r);
	return 0;
}

/* Run plan `p` (statements top and count, count NULL for one) on `match`
 * in one read transaction, as the library does.  Returns 0 or -1. */
static int sql_search(struct answer *a, sqlite3 *db, sqlite3_stmt *top,
		      sqlite3_stmt *count, const char *match, const char *lang)
{
	int rc, error = 0;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_bind_text(top, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(top)) == SQLITE_ROW && a->count < LIMIT) {
		char *title = NULL, *tlang = NULL;

		mc__sq_titles_pick(
		    &title, &tlang, (const char *)sqlite3_column_text(top, 2),
		    lang, (const char *)sqlite3_column_text(top, 3));
		a->id[a->count] =
		    strdup((const char *)sqlite3_column_text(top, 0));
		a->version[a->count] = (unsigned)sqlite3_column_int(top, 1);
		a->title[a->count++] = title ? title : strdup("");
		free(tlang);
		if (!count)
			a->total = (size_t)sqlite3_column_int64(top, 4);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		error = -1;
	sqlite3_reset(top);
	if (count && !error) {
		sqlite3_bind_text(count, 1, match, -1, SQLITE_STATIC);
		if (sqlite3_step(count) == SQLITE_ROW)
			a->total = (size_t)sqlite3_column_int64(count, 0);
		else
			error = -1;
		sqlite3_reset(count);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (error)
		fprintf(stderr, "plain SQL '%s': %s\n", match,
			sqlite3_errmsg(db));
	return error;
}

/* 0 if `b` is `a`: the same total, ids, versions, titles, in order. */
static int answer_same(const struct answer *a, const struct answer *b,
		       const char *query, const char *name)
{
	size_t i;

	if (a->total != b->total || a->count != b->count) {
		fprintf(stderr,
			"search '%s': library %zu hits of %zu, %s %zu of %zu\n",
			query, a->count, a->total, name, b->count, b->total);
		return -1;
	}
	for (i = 0; i < a->count; i++)
		if (strcmp(a->id[i], b->id[i]) ||
		    a->version[i] != b->version[i] ||
		    strcmp(a->title[i], b->title[i])) {
			fprintf(stderr,
				"search '%s': hit %zu: library %s v%u \"%s\", "
				"%s %s v%u \"%s\"\n",
				query, i, a->id[i], a->version[i], a->title[i],
				name, b->id[i], b->version[i], b->title[i]);
			return -1;
		}
	return 0;
}

/*
 * The library's search against each plain-SQL plan on the same queries.
 * The plans run on a connection of their own, opened as the library opens
 * its own (temp_store in memory) and warmed the same way: one untimed
 * pass of every query through the library and every plan, which also
 * asserts that all return the same answer.  Then ROUNDS timed rounds,
 * each query through each in turn (the order rotating), on this thread's
 * CPU time; a query's time is its best round.  Returns 0 or -1.
 */
static int search_bench(mc_store *store, const char *dbpath, char **queries,
			int nq)
{
	size_t ntask = 1 + NPLANS, t, best, best99;
	double *lat = calloc((size_t)nq * ntask, sizeof(*lat));
	double med[1 + NPLANS], p99[1 + NPLANS];
	sqlite3_stmt *top[NPLANS] = {0}, *count[NPLANS] = {0};
	sqlite3 *db = NULL;
	int k, round, over = 0, none = 0, error = -1;

	if (!lat ||
	    sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) !=
		SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL) !=
		SQLITE_OK) {
		fprintf(stderr, "plain SQL: %s\n", sqlite3_errmsg(db));
		goto cleanup;
	}
	for (t = 0; t < NPLANS; t++)
		if (sqlite3_prepare_v2(db, plans[t].top, -1, &top[t], NULL) ||
		    (plans[t].count &&
		     sqlite3_prepare_v2(db, plans[t].count, -1, &count[t],
					NULL))) {
			fprintf(stderr, "plan '%s': %s\n", plans[t].name,
				sqlite3_errmsg(db));
			goto cleanup;
		}
	for (round = -1; round < ROUNDS; round++)
		for (k = 0; k < nq; k++) {
			const char *lang = langs[k % NLANG];
			struct answer a[1 + NPLANS];
			char match[512];

			memset(a, 0, sizeof(a));
			fts_match(match, sizeof(match), queries[k]);
			for (t = 0; t < ntask; t++) {
				size_t i =
				    (t + (size_t)k + (size_t)round + 1) % ntask;
				double c0 = rate_clock(CLOCK_THREAD_CPUTIME_ID),
				       c;
				int rc =
				    i == 0
					? lib_search(&a[0], store, queries[k],
						     lang)
					: sql_search(&a[i], db, top[i - 1],
						     count[i - 1], match, lang);

				c = rate_clock(CLOCK_THREAD_CPUTIME_ID) - c0;
				if (rc < 0)
					goto cleanup;
				if (round == 0 ||
				    (round > 0 && c < lat[i * (size_t)nq + k]))
					lat[i * (size_t)nq + k] = c;
			}
			for (t = 1; t < ntask; t++)
				if (answer_same(&a[0], &a[t], queries[k],
						plans[t - 1].name) < 0)
					goto cleanup;
			if (round == -1) {
				over += a[0].total > LIMIT;
				none += a[0].total == 0;
			}
			for (t = 0; t < ntask; t++)
				answer_clear(&a[t]);
		}
	best = best99 = 1;
	for (t = 0; t < ntask; t++) {
		stats(lat + t * (size_t)nq, nq, &med[t], &p99[t]);
		if (t > 1 && med[t] < med[best])
			best = t;
		if (t > 1 && p99[t] < p99[best99])
			best99 = t;
	}
	printf("search: %d queries (%d with more than %d matches, %d with "
	       "none), default options (published, limit %d); the library "
	       "and %zu plain-SQL plans return the same ids, order, titles "
	       "and totals for every query (checked); thread CPU time, best "
	       "of %d rounds, interleaved\n",
	       nq, over, LIMIT, none, LIMIT, NPLANS, ROUNDS);
	for (t = 1; t < ntask; t++)
		printf("search: plain SQL %zu \"%s\" median %.3f ms p99 %.3f "
		       "ms\n",
		       t, plans[t - 1].name, med[t] * 1e3, p99[t] * 1e3);
	printf("search: library mc_catalogue_search median %.3f ms p99 %.3f "
	       "ms; ratio to the fastest plain SQL (the floor) median %.2fx "
	       "(plan %zu) p99 %.2fx (plan %zu); above 1.00x is the "
	       "library's overhead\n",
	       med[0] * 1e3, p99[0] * 1e3, med[0] / med[best], best,
	       p99[0] / p99[best99], best99);
	error = 0;

cleanup:
	for (t = 0; t < NPLANS; t++) {
		sqlite3_finalize(top[t]);
		sqlite3_finalize(count[t]);
	}
	sqlite3_close(db);
	free(lat);
	return error;
}

static int orgs(mc_store *store)
{
	char buf[4096];
	size_t len = 0;
	mc_import_report r;
	mc_problems p = MC_PROBLEMS_INIT;
	int l, error;

	len += (size_t)snprintf(buf, sizeof(buf), "{\"organisations\": [");
	for (l = 0; l < NLANG; l++)
		len += (size_t)snprintf(
		    buf + len, sizeof(buf) - len,
		    "%s{\"id\": \"bench-%s\", \"name\": {\"en\": \"Bench "
		    "provider %s\"}, \"country\": \"%s\", \"type\": "
		    "\"vet_provider\"}",
		    l ? ", " : "", langs[l], langs[l], countries[l]);
	snprintf(buf + len, sizeof(buf) - len, "]}");
	error = mc_catalogue_import(store, &r, buf, strlen(buf), "orgs", &p);
	mc_problems_clear(&p);
	return error;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	int nq = argc > 2 ? atoi(argv[2]) : 300;
	char dbpath[] = "/tmp/bench_catalogue_XXXXXX";
	char rawpath[sizeof(dbpath) + 8], base[64];
	size_t cap = 64 * 1024 * CHUNK;
	char *chunk = malloc(cap), *one = malloc(65536), *fts = malloc(65536);
	char **queries;
	double t0, t_lib = 0, t_raw = 0;
	mc_store *store = NULL;
	sqlite3 *raw = NULL;
	sqlite3_stmt *ins_doc, *ins_fts;
	char *msg = NULL;
	long i;
	int fd, error, k;

	if (n < 1 || nq < 1 || !chunk || !one || !fts)
		return 2;
	if ((fd = mkstemp(dbpath)) < 0)
		return 2;
	close(fd);
	unlink(dbpath);
	snprintf(rawpath, sizeof(rawpath), "%s.raw", dbpath);
	make_vocab();

	snprintf(base, sizeof(base), "http://bench-%ld.test", (long)getpid());
	if ((error = mc_store_open(&store, dbpath, NULL, &msg)) < 0 ||
	    (error = mc_store_set_base_url(store, base)) < 0 ||
	    (error = orgs(store)) < 0) {
		fprintf(stderr, "setup: %s\n",
			msg ? msg : mc_store_errmsg(store));
		return 2;
	}
	sqlite3_open(rawpath, &raw);
	sqlite3_exec(raw,
		     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		     "CREATE TABLE docs(seq INTEGER PRIMARY KEY, id TEXT, "
		     "version INTEGER, doc TEXT, UNIQUE(id, version));"
		     "CREATE VIRTUAL TABLE fts USING fts5(body, tokenize = "
		     "'unicode61 remove_diacritics 2');",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(raw,
			   "INSERT INTO docs(id, version, doc) VALUES "
			   "(?1, 1, ?2)",
			   -1, &ins_doc, NULL);
	sqlite3_prepare_v2(raw, "INSERT INTO fts(rowid, body) VALUES (?1, ?2)",
			   -1, &ins_fts, NULL);

	printf("bench_catalogue: %ld MCs in %d languages, %d queries\n", n,
	       NLANG, nq);
	for (i = 0; i < n; i += CHUNK) {
		mc_import_report r;
		mc_problems p = MC_PROBLEMS_INIT;
		size_t len = 1;
		long j, end = i + CHUNK < n ? i + CHUNK : n;

		chunk[0] = '[';
		sqlite3_exec(raw, "BEGIN", NULL, NULL, NULL);
		for (j = i; j < end; j++) {
			char id[32];
			double t;

			make_mc(one, 65536, fts, 65536, j);
			len += (size_t)snprintf(chunk + len, cap - len, "%s%s",
						j > i ? ",\n" : "", one);
			/* Raw baseline: the same document and text. */
			t = now();
			snprintf(id, sizeof(id), "bench-%ld", j);
			sqlite3_bind_text(ins_doc, 1, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_doc, 2, one, -1, SQLITE_STATIC);
			sqlite3_step(ins_doc);
			sqlite3_reset(ins_doc);
			sqlite3_bind_int64(ins_fts, 1,
					   sqlite3_last_insert_rowid(raw));
			sqlite3_bind_text(ins_fts, 2, fts, -1, SQLITE_STATIC);
			sqlite3_step(ins_fts);
			sqlite3_reset(ins_fts);
			t_raw += now() - t;
		}
		t0 = now();
		sqlite3_exec(raw, "COMMIT", NULL, NULL, NULL);
		t_raw += now() - t0;
		snprintf(chunk + len, cap - len, "]");
		t0 = now();
		error =
		    mc_catalogue_import(store, &r, chunk, len + 1, "bench", &p);
		t_lib += now() - t0;
		if (error < 0) {
			char *s =
			    p.count ? mc_problem_format(&p.items[0]) : NULL;

			fprintf(stderr, "import: %s\n",
				s ? s : mc_store_errmsg(store));
			return 2;
		}
		mc_problems_clear(&p);
		if (isatty(2))
			fprintf(stderr, "\rimported %ld", end);
	}
	if (isatty(2))
		fprintf(stderr, "\n");
	printf("import: library %.0f MCs/s, raw SQLite insert of the same "
	       "documents and text %.0f MCs/s, ratio %.2fx the raw rate\n",
	       n / t_lib, n / t_raw, t_raw / t_lib);

	/* Search: the same queries through the library and plain SQL. */
	queries = calloc((size_t)nq, sizeof(*queries));
	for (k = 0; k < nq; k++) {
		int l = k % NLANG;

		if (k % 3 == 2)
			queries[k] = strdup(word(l));
		else {
			char two[256];

			snprintf(two, sizeof(two), "%s %s", word(l), word(l));
			queries[k] = strdup(two);
		}
	}
	if (search_bench(store, dbpath, queries, nq) < 0)
		return 1;

	sqlite3_finalize(ins_doc);
	sqlite3_finalize(ins_fts);
	sqlite3_close(raw);
	mc_store_free(store);
	unlink(dbpath);
	unlink(rawpath);
	for (i = 0; i < 3; i++) {
		static const char *const sfx[] = {"-wal", "-shm", ""};
		char f[sizeof(rawpath) + 8];

		snprintf(f, sizeof(f), "%s%s", dbpath, sfx[i]);
		unlink(f);
		snprintf(f, sizeof(f), "%s%s", rawpath, sfx[i]);
		unlink(f);
	}
	for (k = 0; k < nq; k++)
		free(queries[k]);
	free(queries);
	free(chunk);
	free(one);
	free(fts);
	free(msg);
	return 0;
}
