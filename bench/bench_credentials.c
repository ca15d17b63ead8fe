/*
 * bench_credentials: issuing and verifying rates of awarded credentials,
 * each beside a baseline measured in the same run, interleaved with it, on
 * CPU time (so that other processes on the machine slow both alike):
 *
 * - issuing: mc_roster_issue() of a generated CSV roster of N learners
 *   (names in Ukrainian, Georgian and Armenian; batches of 1000 rows, no
 *   emit callback) against the raw libsodium Ed25519 signing rate
 *   (crypto_sign_detached() of a 64-byte message): after each batch the
 *   progress callback signs for as much thread CPU time as the batch took,
 *   so the two alternate through the whole run; and, for reference, the
 *   previous approach: mc_credential_issue() one learner at a time, each
 *   in its own transaction;
 * - verifying: mc_credential_verify() with the store (status checked
 *   locally) over a sample of the issued credentials read back with
 *   mc_credential_get() beforehand, interleaved (bench_rate.h) with the
 *   raw crypto_sign_verify_detached() rate;
 * - an independent verifier: when node and tests/interop/node_modules are
 *   found (in the current directory, $MC_SOURCE_DIR, or the source tree
 *   this file was built from), tests/interop/bench-verify.mjs and
 *   microcred each verify the same NNODE distinct credentials once, both
 *   checking status for real against the same status lists (node reads
 *   the signed status list credentials from files, verifies their proofs
 *   and reads the bits with @digitalbazaar/vc-bitstring-status-list; we
 *   read our store).  One of them is revoked first: both must reject
 *   exactly that one, or the comparison fails.  Rates are per CPU second
 *   of each process.
 *
 * usage: bench_credentials [--quick] [N]   (default N 100000; --quick: 1000)
 * The program is single-threaded: every figure is one core's work (node
 * runs in its own process).  The database and the files for node are
 * temporary and removed at the end; the master key is a random one passed
 * in $MICROCRED_MASTER_KEY, so no key file is written; the base URL is
 * http://bench-PID.test, which nothing answers.  Exits 1 when a figure
 * could not be measured honestly (a credential not verified, node
 * disagreeing on the revoked one).
 */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "bench_rate.h"
#include "microcred/microcred.h"

#define MCID  "ua-mag-welding-steel-structures"
#define BATCH 1000
#define NLANG 3

static const char *const langs[NLANG] = {"uk", "ka", "hy"};

/* Given names and family names per language. */
static const char *const given[NLANG][8] = {
    {"Олена", "Тарас", "Ірина", "Богдан", "Ганна", "Остап", "Соломія",
     "Григорій"},
    {"ნინო", "გიორგი", "თამარ", "ლევან", "მარიამ", "დავით", "ეკა", "ზურაბ"},
    {"Անի", "Արամ", "Նարե", "Տիգրան", "Լիլիթ", "Դավիթ", "Մարիամ", "Գոռ"},
};
static const char *const family[NLANG][8] = {
    {"Коваль", "Шевченко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник",
     "Гнатюк", "Їжакевич"},
    {"ბერიძე", "კაპანაძე", "გელაშვილი", "მაისურაძე", "ლომიძე", "ჯაფარიძე",
     "წერეთელი", "ქავთარაძე"},
    {"Հովհաննիսյան", "Պետրոսյան", "Սարգսյան", "Գրիգորյան", "Կարապետյան",
     "Ավետիսյան", "Մկրտչյան", "Ղազարյան"},
};

static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A CSV roster of n learners; caller frees.  *len gets its length. */
static char *make_roster(size_t *len, long n)
{
	size_t cap = 128 + (size_t)n * 160, used;
	char *csv = malloc(cap);
	long i;

	if (!csv)
		return NULL;
	used = (size_t)snprintf(csv, cap, "name,email,lang\n");
	for (i = 0; i < n; i++) {
		int l = (int)(i % NLANG);

		used += (size_t)snprintf(
		    csv + used, cap - used, "%s %s,learner%ld@example.org,%s\n",
		    given[l][next_rand() % 8], family[l][next_rand() % 8], i,
		    langs[l]);
	}
	*len = used;
	return csv;
}

/* Raw Ed25519: a key pair and a 64-byte message, signed or verified. */
struct raw {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	unsigned char msg[64], sig[crypto_sign_BYTES];
};

static void raw_init(struct raw *r)
{
	crypto_sign_keypair(r->pk, r->sk);
	randombytes_buf(r->msg, sizeof(r->msg));
	crypto_sign_detached(r->sig, NULL, r->msg, sizeof(r->msg), r->sk);
}

/* One signature, feeding the next message (a dependency, as in use). */
static void raw_sign(struct raw *r)
{
	crypto_sign_detached(r->sig, NULL, r->msg, sizeof(r->msg), r->sk);
	r->msg[0] ^= r->sig[0];
}

/* rate_task: one raw verification; non-zero if it fails. */
static int raw_verify(void *arg)
{
	struct raw *r = arg;

	return crypto_sign_verify_detached(r->sig, r->msg, sizeof(r->msg),
					   r->pk) != 0;
}

/*
 * The roster's progress callback, called after each committed batch: the
 * batch's thread CPU time goes to the roster, then raw signing runs for
 * as long, so that roster and baseline alternate through the run.
 */
struct interleave {
	struct raw raw;
	double mark, mark_wall; /* clocks at the end of the last slice */
	double roster_cpu, roster_wall, sign_cpu;
	long signs;
};

static void progress(size_t done, size_t total, void *payload)
{
	struct interleave *iv = payload;
	double c0 = rate_clock(CLOCK_THREAD_CPUTIME_ID), c, batch;
	int i;

	batch = c0 - iv->mark;
	iv->roster_cpu += batch;
	iv->roster_wall += rate_clock(CLOCK_MONOTONIC) - iv->mark_wall;
	do {
		for (i = 0; i < 16; i++)
			raw_sign(&iv->raw);
		iv->signs += 16;
		c = rate_clock(CLOCK_THREAD_CPUTIME_ID) - c0;
	} while (c < batch);
	iv->sign_cpu += c;
	if (isatty(2))
		fprintf(stderr, "\rissued %zu of %zu", done, total);
	iv->mark = rate_clock(CLOCK_THREAD_CPUTIME_ID);
	iv->mark_wall = rate_clock(CLOCK_MONOTONIC);
}

/* rate_task over a sample of credentials, one verification per call, in
 * turn; non-zero when one is not valid. */
struct vsample {
	mc_store *store;
	mc_credential **creds;
	long n, next;
};

static int verify_next(void *arg)
{
	struct vsample *v = arg;
	mc_verify_options vo = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	mc_credential *c = v->creds[v->next++ % v->n];
	int bad;

	bad = mc_credential_verify(v->store, &r, c->data, c->len, &vo) < 0 ||
	      r->verdict != MC_VERDICT_VALID;
	mc_verify_report_free(r);
	return bad;
}

/* Ids of up to `want` credentials of MCID, spread evenly over the issued
 * ones, read straight from the SQLite file.  Returns how many. */
static long sample_ids(char **ids, long want, const char *dbpath)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	long total = 0, got = 0, row = 0, step;

	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) !=
		SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT count(*) FROM credentials WHERE "
			       "mc_id = '" MCID "'",
			       -1, &q, NULL) != SQLITE_OK)
		goto cleanup;
	if (sqlite3_step(q) == SQLITE_ROW)
		total = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	step = total > want ? total / want : 1;
	if (sqlite3_prepare_v2(db,
			       "SELECT id FROM credentials WHERE mc_id = '" MCID
			       "' ORDER BY seq",
			       -1, &q, NULL) != SQLITE_OK)
		goto cleanup;
	while (got < want && sqlite3_step(q) == SQLITE_ROW)
		if (row++ % step == 0)
			ids[got++] =
			    strdup((const char *)sqlite3_column_text(q, 0));

cleanup:
	if (!q)
		fprintf(stderr, "sample: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return got;
}

/* Non-zero if `name` is an executable file in $PATH. */
static int in_path(const char *name)
{
	const char *p = getenv("PATH");
	char f[4096];

	while (p && *p) {
		size_t w = strcspn(p, ":");

		snprintf(f, sizeof(f), "%.*s/%s", (int)w, w ? p : ".", name);
		if (access(f, X_OK) == 0)
			return 1;
		p += w;
		p += *p == ':';
	}
	return 0;
}

/* The interop directory (with bench-verify.mjs and node_modules) into
 * `dir`, looked for under the current directory, $MC_SOURCE_DIR and the
 * source tree of this file.  Returns 0 or -1 with `why` filled. */
static int find_interop(char *dir, size_t cap, char *why, size_t wcap)
{
	const char *env = getenv("MC_SOURCE_DIR");
	char src[4096];
	const char *roots[3];
	struct stat st;
	char *slash;
	int i;

	/* The bench's own source directory, then its parent. */
	snprintf(src, sizeof(src), "%s", __FILE__);
	if ((slash = strrchr(src, '/')))
		snprintf(slash, sizeof(src) - (size_t)(slash - src), "/..");
	else
		snprintf(src, sizeof(src), "..");
	roots[0] = ".";
	roots[1] = env;
	roots[2] = src;
	for (i = 0; i < 3; i++) {
		char f[4200];

		if (!roots[i] || !*roots[i] || strchr(roots[i], '\''))
			continue;
		snprintf(dir, cap, "%.4000s/tests/interop", roots[i]);
		snprintf(f, sizeof(f), "%s/bench-verify.mjs", dir);
		if (access(f, R_OK) != 0)
			continue;
		snprintf(f, sizeof(f), "%s/node_modules", dir);
		if (stat(f, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		snprintf(why, wcap,
			 "%.400s/node_modules is missing (npm ci --prefix "
			 "tests/interop)",
			 dir);
		return -1;
	}
	snprintf(why, wcap,
		 "tests/interop/bench-verify.mjs not found under ., "
		 "$MC_SOURCE_DIR or the source tree");
	return -1;
}

/* What bench-verify.mjs reported. */
struct node_result {
	double cpu_rate, wall_rate;
	long n, failures, first_failed, checks;
};

/* Run bench-verify.mjs on the credentials of `file` (one per line) with
 * the status lists `lists`.  Returns 0, or -1 with `why` filled. */
static int node_run(struct node_result *nr, const char *dir, const char *file,
		    char lists[][64], size_t nlists, char *why, size_t wcap)
{
	char cmd[9000], out[16384];
	size_t len = 0, r, i;
	const char *brace;
	json_t *j = NULL, *failed;
	FILE *p;
	int status, error = -1;

	len = (size_t)snprintf(cmd, sizeof(cmd), "node '%s/bench-verify.mjs'",
			       dir);
	for (i = 0; i < nlists; i++)
		len += (size_t)snprintf(cmd + len, sizeof(cmd) - len,
					" --status-list '%s'", lists[i]);
	snprintf(cmd + len, sizeof(cmd) - len, " '%s' 2>&1", file);
	if (!(p = popen(cmd, "r"))) {
		snprintf(why, wcap, "cannot run node");
		return -1;
	}
	len = 0;
	while (len + 1 < sizeof(out) &&
	       (r = fread(out + len, 1, sizeof(out) - len - 1, p)) > 0)
		len += r;
	out[len] = '\0';
	status = pclose(p);
	if (!(brace = strchr(out, '{')) ||
	    !(j = json_loads(brace, JSON_DISABLE_EOF_CHECK, NULL)) ||
	    !json_is_number(json_object_get(j, "cpu_per_s"))) {
		snprintf(why, wcap, "bench-verify.mjs (status %d): %.300s",
			 status, out);
		goto cleanup;
	}
	nr->cpu_rate = json_number_value(json_object_get(j, "cpu_per_s"));
	nr->wall_rate = json_number_value(json_object_get(j, "verified_per_s"));
	nr->n = (long)json_integer_value(json_object_get(j, "n"));
	nr->failures = (long)json_integer_value(json_object_get(j, "failures"));
	nr->checks =
	    (long)json_integer_value(json_object_get(j, "status_checks"));
	failed = json_object_get(j, "failed");
	nr->first_failed =
	    json_array_size(failed)
		? (long)json_integer_value(json_array_get(failed, 0))
		: -1;
	error = 0;

cleanup:
	json_decref(j);
	return error;
}

/* Write `n` credentials to `path`, one per line (a line break in their
 * JSON can only be white space).  Returns 0 or -1. */
static int write_lines(const char *path, mc_credential **creds, long n)
{
	FILE *f = fopen(path, "w");
	long i;
	size_t k;

	if (!f)
		return -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < creds[i]->len; k++) {
			char ch = creds[i]->data[k];

			fputc(ch == '\n' || ch == '\r' ? ' ' : ch, f);
		}
		fputc('\n', f);
	}
	return fclose(f) == 0 ? 0 : -1;
}

/* Our verifier over `n` credentials, once each: the process CPU time
 * taken (as node's is measured) into *cpu, the wall time into *wall, the
 * index of the first one not valid into *first (-1 if none).  Returns
 * how many were not valid. */
static long our_pass(mc_store *store, mc_credential **creds, long n,
		     double *cpu, double *wall, long *first)
{
	double c0 = rate_clock(CLOCK_PROCESS_CPUTIME_ID);
	double w0 = rate_clock(CLOCK_MONOTONIC);
	long i, bad = 0;

	*first = -1;
	for (i = 0; i < n; i++) {
		mc_verify_options vo = MC_VERIFY_OPTIONS_INIT;
		mc_verify_report *r = NULL;

		if (mc_credential_verify(store, &r, creds[i]->data,
					 creds[i]->len, &vo) < 0 ||
		    r->verdict != MC_VERDICT_VALID) {
			if (*first < 0)
				*first = i;
			bad++;
		}
		mc_verify_report_free(r);
	}
	*cpu = rate_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
	*wall = rate_clock(CLOCK_MONOTONIC) - w0;
	return bad;
}

/*
 * The independent verifier against ours on the first `n` of `creds`, the
 * last of them revoked first.  Prints one line; returns 0, 1 when the
 * comparison failed, 77 when it could not run (no node, no
 * node_modules).
 */
static int node_compare(mc_store *store, mc_credential **creds, long n)
{
	char dir[4096], why[512], file[] = "/tmp/bench_credentials_set_XXXXXX";
	char lists[8][64];
	mc_status_list_info *info = NULL;
	struct node_result nr = {0};
	size_t nlists = 0, count = 0, i;
	double c1, c2, w1, w2, ours, wall;
	long bad1, bad2, first1, first2;
	int fd, rc = 1;

	if (!in_path("node")) {
		printf("node: comparison not run: node is not in PATH\n");
		return 77;
	}
	if (find_interop(dir, sizeof(dir), why, sizeof(why)) < 0) {
		printf("node: comparison not run: %s\n", why);
		return 77;
	}
	if (mc_credential_set_state(store, creds[n - 1]->id, MC_CRED_REVOKED,
				    "bench: the one both must reject",
				    NULL) < 0 ||
	    mc_status_lists(store, &info, &count) < 0) {
		printf("node: comparison failed: %s\n", mc_store_errmsg(store));
		return 1;
	}
	for (i = 0; i < count && nlists < 8; i++) {
		char *json = NULL;
		ssize_t w;

		snprintf(lists[nlists], sizeof(lists[0]),
			 "/tmp/bench_credentials_list_XXXXXX");
		if ((fd = mkstemp(lists[nlists])) < 0)
			goto cleanup;
		nlists++;
		if (mc_status_list_credential(store, &json, info[i].url) < 0) {
			close(fd);
			printf("node: comparison failed: status list %s: %s\n",
			       info[i].url, mc_store_errmsg(store));
			goto cleanup;
		}
		w = write(fd, json, strlen(json));
		close(fd);
		free(json);
		if (w < 0)
			goto cleanup;
	}
	if ((fd = mkstemp(file)) < 0)
		goto cleanup;
	close(fd);
	if (write_lines(file, creds, n) < 0)
		goto cleanup;

	/* Ours before and after node, so that both see the same machine. */
	bad1 = our_pass(store, creds, n, &c1, &w1, &first1);
	if (node_run(&nr, dir, file, lists, nlists, why, sizeof(why)) < 0) {
		printf("node: comparison failed: %s\n", why);
		goto cleanup;
	}
	bad2 = our_pass(store, creds, n, &c2, &w2, &first2);
	ours = 2.0 * (double)n / (c1 + c2);
	wall = 2.0 * (double)n / (w1 + w2);
	if (bad1 != 1 || bad2 != 1 || first1 != n - 1 || nr.n != n ||
	    nr.failures != 1 || nr.first_failed != n - 1 || nr.checks != n) {
		printf("node: comparison failed: the revoked credential is "
		       "number %ld of %ld; microcred rejected %ld (first %ld), "
		       "node %ld of %ld (first %ld) with %ld status checks\n",
		       n - 1, n, bad1, first1, nr.failures, nr.n,
		       nr.first_failed, nr.checks);
		goto cleanup;
	}
	printf("node: %ld distinct credentials, each verified once with its "
	       "status checked against the same %zu status lists (one "
	       "revoked, rejected by both): @digitalbazaar/vc + "
	       "vc-bitstring-status-list %.1f/s, microcred %.1f/s per CPU "
	       "second of each process, ratio %.1fx (target >= 5x); wall "
	       "clock %.1f/s and %.1f/s\n",
	       n, nlists, nr.cpu_rate, ours, ours / nr.cpu_rate, nr.wall_rate,
	       wall);
	rc = 0;

cleanup:
	for (i = 0; i < nlists; i++)
		unlink(lists[i]);
	unlink(file);
	mc_status_lists_free(info, count);
	return rc;
}

/* Issue, sample and verify; returns the process exit code. */
int main(int argc, char **argv)
{
	int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	long n = quick ? 1000 : 100000;
	long nbase = quick ? 200 : 2000, want = quick ? 500 : 5000;
	long nnode = quick ? 100 : 1000;
	double tverify = quick ? 0.5 : 3.0;
	char dbpath[] = "/tmp/bench_credentials_XXXXXX";
	unsigned char mk[32];
	char mkhex[65], base[64];
	char *csv = NULL, *msg = NULL, **ids = NULL;
	mc_credential **creds = NULL;
	mc_store *store = NULL;
	mc_microcred *mc = NULL;
	mc_key_info *key = NULL;
	mc_import_report ir;
	mc_roster_report rr;
	mc_roster_options ro = MC_ROSTER_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	struct interleave iv;
	struct raw rawv;
	struct vsample vs;
	struct rate_task vt[2];
	size_t len;
	double c0, c_one, bytes = 0, roster, sign, one, ours, vfy;
	long i, got = 0;
	int fd, error, rc = 2;

	if (argc > 1 + quick)
		n = atol(argv[1 + quick]);
	if (n < 1 || n > MC_ROSTER_ROWS_MAX || sodium_init() < 0)
		return 2;
	if (want > n)
		want = n;
	if (nbase > n)
		nbase = n;
	if (nnode > want)
		nnode = want;

	/* A random master key, before the library looks for one. */
	randombytes_buf(mk, sizeof(mk));
	sodium_bin2hex(mkhex, sizeof(mkhex), mk, sizeof(mk));
	sodium_memzero(mk, sizeof(mk));
	setenv("MICROCRED_MASTER_KEY", mkhex, 1);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	sodium_memzero(mkhex, sizeof(mkhex));

	if ((fd = mkstemp(dbpath)) < 0)
		return 2;
	close(fd);
	unlink(dbpath);
	snprintf(base, sizeof(base), "http://bench-%ld.test", (long)getpid());
	if ((error = mc_store_open(&store, dbpath, NULL, &msg)) < 0 ||
	    (error = mc_store_set_base_url(store, base)) < 0 ||
	    (error = mc_catalogue_load_demo(store, &ir, &p)) < 0 ||
	    (error = mc_catalogue_get(store, &mc, MCID, 0)) < 0 ||
	    mc->awarding_bodies.count == 0 ||
	    (error = mc_key_generate(store, &key, mc->awarding_bodies.items[0],
				     MC_KEY_ED25519)) < 0) {
		fprintf(stderr, "setup: %s\n",
			msg	? msg
			: store ? mc_store_errmsg(store)
				: "");
		goto cleanup;
	}
	mc_problems_clear(&p);
	if (!(csv = make_roster(&len, n)) ||
	    !(ids = calloc((size_t)want, sizeof(*ids))) ||
	    !(creds = calloc((size_t)want, sizeof(*creds))))
		goto cleanup;

	printf("bench_credentials: %ld learners (uk, ka, hy names), %s, "
	       "awarding body %s, base URL %s; single-threaded, one core\n",
	       n, MCID, mc->awarding_bodies.items[0], base);

	/* Issuing through the roster path, raw signing between batches. */
	memset(&iv, 0, sizeof(iv));
	raw_init(&iv.raw);
	ro.batch = BATCH;
	ro.progress = progress;
	ro.payload = &iv;
	iv.mark = rate_clock(CLOCK_THREAD_CPUTIME_ID);
	iv.mark_wall = rate_clock(CLOCK_MONOTONIC);
	error = mc_roster_issue(store, &rr, MCID, 0, csv, len, "roster.csv",
				&ro, &p);
	iv.roster_cpu += rate_clock(CLOCK_THREAD_CPUTIME_ID) - iv.mark;
	iv.roster_wall += rate_clock(CLOCK_MONOTONIC) - iv.mark_wall;
	sodium_memzero(iv.raw.sk, sizeof(iv.raw.sk));
	if (isatty(2))
		fprintf(stderr, "\n");
	if (error < 0 || rr.issued != (size_t)n) {
		char *s = p.count ? mc_problem_format(&p.items[0]) : NULL;

		fprintf(stderr, "roster: %zu issued of %ld: %s\n", rr.issued, n,
			s ? s : mc_store_errmsg(store));
		free(s);
		goto cleanup;
	}
	mc_problems_clear(&p);
	roster = n / iv.roster_cpu;
	sign = iv.signs / iv.sign_cpu;
	printf("issue: mc_roster_issue %.0f credentials per CPU second (%ld "
	       "in %.2f s CPU, %.2f s wall; batch %d; target < 60 s for "
	       "100000), raw Ed25519 sign of 64 bytes %.0f/s in the same CPU "
	       "time between batches, ratio %.1f%% of the raw rate\n",
	       roster, n, iv.roster_cpu, iv.roster_wall, BATCH, sign,
	       100.0 * roster / sign);

	/* The previous approach: one learner, one transaction. */
	c0 = rate_clock(CLOCK_THREAD_CPUTIME_ID);
	for (i = 0; i < nbase; i++) {
		mc_issue_options io = MC_ISSUE_OPTIONS_INIT;
		mc_learner l = {0};
		mc_credential *c = NULL;
		char name[128], email[64];
		int k = (int)(i % NLANG);

		snprintf(name, sizeof(name), "%s %s", given[k][i % 8],
			 family[k][(i / 8) % 8]);
		snprintf(email, sizeof(email), "single%ld@example.org", i);
		l.name = name;
		l.email = email;
		l.lang = langs[k];
		if ((error = mc_credential_issue(store, &c, MCID, 0, &l, &io,
						 &p)) < 0) {
			fprintf(stderr, "issue: %s\n", mc_store_errmsg(store));
			goto cleanup;
		}
		mc_credential_free(c);
	}
	c_one = rate_clock(CLOCK_THREAD_CPUTIME_ID) - c0;
	one = nbase / c_one;
	printf("issue one at a time: mc_credential_issue %.0f credentials per "
	       "CPU second (%ld, a transaction each); roster is %.1fx "
	       "faster\n",
	       one, nbase, roster / one);

	/* Verifying a sample, read back first, beside raw verification. */
	got = sample_ids(ids, want, dbpath);
	for (i = 0; i < got; i++) {
		if (mc_credential_get(store, &creds[i], ids[i]) < 0) {
			fprintf(stderr, "get %s: %s\n", ids[i],
				mc_store_errmsg(store));
			goto cleanup;
		}
		bytes += (double)creds[i]->len;
	}
	if (got == 0) {
		fprintf(stderr, "verify: no credentials to verify\n");
		goto cleanup;
	}
	raw_init(&rawv);
	vs.store = store;
	vs.creds = creds;
	vs.n = got;
	vs.next = 0;
	vt[0] = (struct rate_task){"verify", verify_next, &vs, 0, 0, 0};
	vt[1] = (struct rate_task){"raw", raw_verify, &rawv, 0, 0, 0};
	if (rate_measure(vt, 2, tverify) < 0) {
		fprintf(stderr, "verify: credential %ld of %ld not valid\n",
			(vs.next - 1) % got, got);
		goto cleanup;
	}
	ours = rate_of(&vt[0]);
	vfy = rate_of(&vt[1]);
	printf("verify: mc_credential_verify with the store %.0f credentials "
	       "per CPU second (%ld verifications of %ld distinct, %.0f bytes "
	       "on average, all valid), raw Ed25519 verify %.0f/s, "
	       "interleaved, ratio %.1f%% of the raw rate (target >= 60%%)\n",
	       ours, vt[0].n, got, bytes / got, vfy, 100.0 * ours / vfy);

	/* An independent verifier on the same credentials. */
	rc = node_compare(store, creds, nnode < got ? nnode : got);
	if (rc == 77)
		rc = 0; /* reported; the other figures stand */

cleanup:
	for (i = 0; ids && i < want; i++)
		free(ids[i]);
	for (i = 0; creds && i < want; i++)
		mc_credential_free(creds[i]);
	free(ids);
	free(creds);
	free(csv);
	free(msg);
	mc_problems_clear(&p);
	mc_key_info_free(key);
	mc_microcred_free(mc);
	mc_store_free(store);
	for (i = 0; i < 4; i++) {
		static const char *const sfx[] = {"", "-wal", "-shm",
						  "-journal"};
		char f[sizeof(dbpath) + 16];

		snprintf(f, sizeof(f), "%s%s", dbpath, sfx[i]);
		unlink(f);
	}
	return rc;
}
