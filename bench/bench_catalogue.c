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
 *   the same FTS5 MATCH with the same bm25 weights and status filter run
 *   directly on the library's database, LIMIT 20.
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

#include "microcred/microcred.h"

#define CHUNK 1000
#define VOCAB 4000
#define NLANG 6

static const char *const langs[NLANG] = {"en", "uk", "mk", "ka", "hy", "sr"};
static const char *const countries[NLANG] = {"DE", "UA", "MK",
					     "GE", "AM", "RS"};

/* Syllables per script; words are 2-4 syllables. */
static const char *const syl[NLANG][12] = {
    {"ka", "lo", "mi", "ter", "san", "vo", "ri", "wel", "den", "pa", "tor",
     "gu"},
    {"ка", "ло", "ми", "тер", "сан", "во", "ри", "зва", "рю", "па", "тор",
     "гу"},
    {"ка", "ло", "ми", "тер", "сан", "во", "ри", "ѓа", "ње", "па", "ќо", "гу"},
    {"კა", "ლო", "მი", "ტერ", "სან", "ვო", "რი", "ღა", "შე", "პა", "თო", "გუ"},
    {"կա", "լո", "մի", "տեր", "սան", "վո", "րի", "ղա", "շե", "պա", "թո", "գու"},
    {"ка", "ло", "ми", "тер", "сан", "во", "ри", "ђа", "ће", "па", "џо", "гу"},
};

static const char *const sectors[8] = {"0713", "0715", "0732", "0613",
				       "1013", "0811", "0416", "0923"};

static char *vocab[NLANG][VOCAB];
static double zipf_cdf[VOCAB];
static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void make_vocab(void)
{
	double sum = 0;
	int l, i;

	for (l = 0; l < NLANG; l++)
		for (i = 0; i < VOCAB; i++) {
			char w[64] = "";
			int n = 2 + (int)(next_rand() % 3), k;

			for (k = 0; k < n; k++)
				strcat(w, syl[l][next_rand() % 12]);
			/* Make each word unique with a final syllable index. */
			snprintf(w + strlen(w), sizeof(w) - strlen(w), "%s",
				 syl[l][i % 12]);
			vocab[l][i] = strdup(w);
		}
	for (i = 0; i < VOCAB; i++)
		sum += 1.0 / (i + 1);
	for (i = 0; i < VOCAB; i++)
		zipf_cdf[i] = (i ? zipf_cdf[i - 1] : 0) + 1.0 / (i + 1) / sum;
}

static const char *word(int lang)
{
	double u = (double)(next_rand() % 1000000) / 1e6;
	int lo = 0, hi = VOCAB - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (zipf_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vocab[lang][lo];
}

static void words(char *out, size_t cap, int lang, int n)
{
	int i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		strncat(out, word(lang), cap - strlen(out) - 2);
		if (i + 1 < n)
			strcat(out, " ");
	}
}

/* One MC in the export form; `fts` gets the text a raw index would hold. */
static void make_mc(char *out, size_t cap, char *fts, size_t fcap, long n)
{
	int primary = (int)(n % NLANG);
	char t[NLANG][256], d[NLANG][512], lo[3][NLANG][320];
	size_t len;
	int l, k;

	for (l = 0; l < NLANG; l++) {
		words(t[l], sizeof(t[l]), l, 5);
		words(d[l], sizeof(d[l]), l, 12);
		for (k = 0; k < 3; k++)
			words(lo[k][l], sizeof(lo[k][l]), l, 8);
	}
	len = (size_t)snprintf(
	    out, cap,
	    "{\"id\": \"bench-%ld\", \"version\": 1, \"status\": "
	    "\"published\", \"primary_language\": \"%s\", \"languages\": "
	    "[\"%s\"], \"title\": {",
	    n, langs[primary], langs[primary]);
	for (l = 0; l < NLANG; l++)
		len +=
		    (size_t)snprintf(out + len, cap - len, "%s\"%s\": \"%s\"",
				     l ? ", " : "", langs[l], t[l]);
	len += (size_t)snprintf(out + len, cap - len, "}, \"description\": {");
	for (l = 0; l < NLANG; l++)
		len +=
		    (size_t)snprintf(out + len, cap - len, "%s\"%s\": \"%s\"",
				     l ? ", " : "", langs[l], d[l]);
	len += (size_t)snprintf(
	    out + len, cap - len,
	    "}, \"provider\": \"bench-%s\", \"awarding_bodies\": "
	    "[\"bench-%s\"], \"countries\": [\"%s\"], \"sector\": \"%s\", "
	    "\"target_groups\": [\"adults\"], \"learning_outcomes\": [",
	    langs[primary], langs[primary], countries[primary], sectors[n % 8]);
	for (k = 0; k < 3; k++) {
		static const char *const cat[3] = {"knowledge", "skills",
						   "responsibility_autonomy"};

		len += (size_t)snprintf(out + len, cap - len,
					"%s{\"category\": \"%s\", \"text\": {",
					k ? ", " : "", cat[k]);
		for (l = 0; l < NLANG; l++)
			len += (size_t)snprintf(
			    out + len, cap - len, "%s\"%s\": \"%s\"",
			    l ? ", " : "", langs[l], lo[k][l]);
		len += (size_t)snprintf(out + len, cap - len, "}}");
	}
	snprintf(
	    out + len, cap - len,
	    "], \"workload\": {\"ects\": %d, \"hours\": %d}, "
	    "\"eqf_level\": %d, \"assessment\": {\"type\": "
	    "\"practical_demonstration\"}, \"participation\": {\"mode\": "
	    "\"onsite\"}, \"quality_assurance\": {\"type\": \"internal\"}}",
	    1 + (int)(n % 5), 25 * (1 + (int)(n % 5)), 2 + (int)(n % 4));
	/* The same text for the raw baseline's full-text row. */
	fts[0] = '\0';
	for (l = 0; l < NLANG; l++) {
		strncat(fts, t[l], fcap - strlen(fts) - 2);
		strcat(fts, " ");
		strncat(fts, d[l], fcap - strlen(fts) - 2);
		strcat(fts, " ");
		for (k = 0; k < 3; k++) {
			strncat(fts, lo[k][l], fcap - strlen(fts) - 2);
			strcat(fts, " ");
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void stats(double *v, int n, double *median, double *p99)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	*median = v[n / 2];
	*p99 = v[(int)ceil(n * 0.99) - 1];
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
	char rawpath[sizeof(dbpath) + 8];
	size_t cap = 64 * 1024 * CHUNK;
	char *chunk = malloc(cap), *one = malloc(65536), *fts = malloc(65536);
	char **queries;
	double t0, t_lib = 0, t_raw = 0, *lat_lib, *lat_raw;
	double m_lib, p_lib, m_raw, p_raw;
	mc_store *store = NULL;
	sqlite3 *raw = NULL, *db = NULL;
	sqlite3_stmt *ins_doc, *ins_fts, *q;
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

	if ((error = mc_store_open(&store, dbpath, NULL, &msg)) < 0 ||
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

	/* Search: the same queries through the library and raw FTS5. */
	queries = calloc((size_t)nq, sizeof(*queries));
	lat_lib = calloc((size_t)nq, sizeof(*lat_lib));
	lat_raw = calloc((size_t)nq, sizeof(*lat_raw));
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
	sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL);
	if (sqlite3_prepare_v2(
		db,
		"SELECT v.seq, v.id, v.version, v.titles FROM mc_fts CROSS "
		"JOIN "
		"mc_versions v ON v.seq = mc_fts.rowid WHERE mc_fts MATCH "
		"?1 AND v.status = 'published' ORDER BY bm25(mc_fts, 10.0, "
		"4.0, 2.0, 1.0) LIMIT 20",
		-1, &q, NULL) != SQLITE_OK) {
		fprintf(stderr, "raw query: %s\n", sqlite3_errmsg(db));
		return 2;
	}
	for (k = 0; k < nq; k++) {
		mc_search_options o = MC_SEARCH_OPTIONS_INIT;
		mc_search_result *r = NULL;
		char match[512];
		char *sp;
		double t;

		/* The FTS5 form of the same query: each word quoted. */
		match[0] = '\0';
		for (sp = queries[k]; *sp;) {
			size_t w = strcspn(sp, " ");

			snprintf(match + strlen(match),
				 sizeof(match) - strlen(match), "%s\"%.*s\"",
				 match[0] ? " " : "", (int)w, sp);
			sp += w;
			sp += strspn(sp, " ");
		}
		o.query = queries[k];
		o.lang = langs[k % NLANG];
		t = now();
		if (mc_catalogue_search(store, &r, &o) < 0) {
			fprintf(stderr, "search '%s': %s\n", queries[k],
				mc_store_errmsg(store));
			return 2;
		}
		lat_lib[k] = now() - t;
		mc_search_result_free(r);

		t = now();
		sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW)
			(void)sqlite3_column_text(q, 3);
		sqlite3_reset(q);
		lat_raw[k] = now() - t;
	}
	stats(lat_lib, nq, &m_lib, &p_lib);
	stats(lat_raw, nq, &m_raw, &p_raw);
	printf("search: library median %.3f ms p99 %.3f ms; raw FTS5 median "
	       "%.3f ms p99 %.3f ms; overhead ratio median %.2fx p99 %.2fx\n",
	       m_lib * 1e3, p_lib * 1e3, m_raw * 1e3, p_raw * 1e3,
	       m_lib / m_raw, p_lib / p_raw);

	sqlite3_finalize(q);
	sqlite3_close(db);
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
	free(lat_lib);
	free(lat_raw);
	free(chunk);
	free(one);
	free(fts);
	free(msg);
	return 0;
}
