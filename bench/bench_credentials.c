/*
 * bench_credentials: issuing and verifying rates of awarded credentials,
 * each beside a baseline measured in the same run on the same machine:
 *
 * - issuing: mc_roster_issue() of a generated CSV roster of N learners
 *   (names in Ukrainian, Georgian and Armenian; batches of 1000 rows, no
 *   emit callback) against the raw libsodium Ed25519 signing rate
 *   (crypto_sign_detached() of a 64-byte message for about a second); and,
 *   for reference, the previous approach: mc_credential_issue() one learner
 *   at a time, each in its own transaction;
 * - verifying: mc_credential_verify() with the store (status checked
 *   locally) over a sample of the issued credentials read back with
 *   mc_credential_get() beforehand, against the raw
 *   crypto_sign_verify_detached() rate;
 * - an independent verifier: when node and tests/interop/node_modules are
 *   found (in the current directory, $MC_SOURCE_DIR, or the source tree
 *   this file was built from), tests/interop/bench-verify.mjs verifying
 *   one of our credentials, and our rate as a multiple of its rate.
 *
 * usage: bench_credentials [--quick] [N]   (default N 100000; --quick: 1000)
 * The program is single-threaded: every figure is one core's work (node
 * runs in its own process).  The database and the credential file are
 * temporary and removed at the end; the master key is a random one passed
 * in $MICROCRED_MASTER_KEY, so no key file is written.
 */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: wall time minus waits and other processes. */
static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

/* Calls of crypto_sign_detached() (verify = 0) or of
 * crypto_sign_verify_detached() (verify = 1) per second over `seconds`. */
static double sodium_rate(int verify, double seconds)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	unsigned char msg[64], sig[crypto_sign_BYTES];
	double t0 = now(), t = t0;
	long calls = 0;
	int i, bad = 0;

	crypto_sign_keypair(pk, sk);
	randombytes_buf(msg, sizeof(msg));
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	while (t - t0 < seconds) {
		for (i = 0; i < 64; i++) {
			if (verify)
				bad |= crypto_sign_verify_detached(
				    sig, msg, sizeof(msg), pk);
			else
				crypto_sign_detached(sig, NULL, msg,
						     sizeof(msg), sk);
			/* A dependency between calls, as in real use. */
			msg[0] ^= verify ? 0 : sig[0];
		}
		calls += 64;
		t = now();
	}
	sodium_memzero(sk, sizeof(sk));
	if (bad)
		fprintf(stderr, "raw verify failed\n");
	return (double)calls / (t - t0);
}

static void progress(size_t done, size_t total, void *payload)
{
	(void)payload;
	if (isatty(2))
		fprintf(stderr, "\rissued %zu of %zu", done, total);
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
		snprintf(dir, cap, "%s/tests/interop", roots[i]);
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

/* Run bench-verify.mjs on `file` `n` times and return its verified_per_s,
 * or a negative number with `why` filled. */
static double node_rate(const char *dir, const char *file, long n, char *why,
			size_t wcap)
{
	char cmd[9000], out[8192];
	size_t len = 0, r;
	const char *v;
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "node '%s/bench-verify.mjs' '%s' %ld 2>&1",
		 dir, file, n);
	if (!(p = popen(cmd, "r"))) {
		snprintf(why, wcap, "cannot run node");
		return -1;
	}
	while (len + 1 < sizeof(out) &&
	       (r = fread(out + len, 1, sizeof(out) - len - 1, p)) > 0)
		len += r;
	out[len] = '\0';
	status = pclose(p);
	v = strstr(out, "\"verified_per_s\"");
	if (status != 0 || !v || !(v = strchr(v, ':'))) {
		snprintf(why, wcap,
			 "bench-verify.mjs failed (status %d): %.300s", status,
			 out);
		return -1;
	}
	return strtod(v + 1, NULL);
}

/* Issue, sample and verify; returns the process exit code. */
int main(int argc, char **argv)
{
	int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	long n = quick ? 1000 : 100000;
	long nbase = quick ? 200 : 2000, want = quick ? 500 : 5000;
	long nnode = quick ? 50 : 500;
	double tsign = quick ? 0.2 : 1.0;
	char dbpath[] = "/tmp/bench_credentials_XXXXXX";
	char credpath[] = "/tmp/bench_credentials_cred_XXXXXX";
	unsigned char mk[32];
	char mkhex[65], dir[4096], why[512];
	char *csv = NULL, *msg = NULL, **ids = NULL;
	mc_credential **creds = NULL;
	mc_store *store = NULL;
	mc_microcred *mc = NULL;
	mc_key_info *key = NULL;
	mc_import_report ir;
	mc_roster_report rr;
	mc_roster_options ro = MC_ROSTER_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	size_t len;
	double t0, c0, c_roster, c_verify, bytes = 0, t_roster, t_one, t_verify,
					   sign, vfy, ours, theirs;
	long i, got = 0, bad = 0;
	int fd, error, rc = 2;

	if (argc > 1 + quick)
		n = atol(argv[1 + quick]);
	if (n < 1 || n > MC_ROSTER_ROWS_MAX || sodium_init() < 0)
		return 2;
	if (want > n)
		want = n;
	if (nbase > n)
		nbase = n;

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
	if ((error = mc_store_open(&store, dbpath, NULL, &msg)) < 0 ||
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
	       "awarding body %s; single-threaded, one core\n",
	       n, MCID, mc->awarding_bodies.items[0]);
	sign = sodium_rate(0, tsign);

	/* Issuing through the roster path. */
	ro.batch = BATCH;
	ro.progress = progress;
	t0 = now();
	c0 = cpu();
	error = mc_roster_issue(store, &rr, MCID, 0, csv, len, "roster.csv",
				&ro, &p);
	t_roster = now() - t0;
	c_roster = cpu() - c0;
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
	printf("issue: mc_roster_issue %.0f credentials/s (%ld in %.2f s wall, "
	       "%.2f s CPU, batch %d; target < 60 s for 100000), raw Ed25519 "
	       "sign %.0f/s, ratio %.1f%% of the raw rate\n",
	       n / t_roster, n, t_roster, c_roster, BATCH, sign,
	       100.0 * (n / t_roster) / sign);

	/* The previous approach: one learner, one transaction. */
	t0 = now();
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
	t_one = now() - t0;
	printf("issue one at a time: mc_credential_issue %.0f credentials/s "
	       "(%ld, a transaction each); roster is %.1fx faster\n",
	       nbase / t_one, nbase, (n / t_roster) / (nbase / t_one));

	/* Verifying a sample, read back first. */
	got = sample_ids(ids, want, dbpath);
	for (i = 0; i < got; i++)
		if (mc_credential_get(store, &creds[i], ids[i]) < 0) {
			fprintf(stderr, "get %s: %s\n", ids[i],
				mc_store_errmsg(store));
			goto cleanup;
		}
	vfy = sodium_rate(1, tsign);
	for (i = 0; i < got; i++)
		bytes += (double)creds[i]->len;
	t0 = now();
	c0 = cpu();
	for (i = 0; i < got; i++) {
		mc_verify_options vo = MC_VERIFY_OPTIONS_INIT;
		mc_verify_report *r = NULL;

		if (mc_credential_verify(store, &r, creds[i]->data,
					 creds[i]->len, &vo) < 0 ||
		    r->verdict != MC_VERDICT_VALID)
			bad++;
		mc_verify_report_free(r);
	}
	t_verify = now() - t0;
	c_verify = cpu() - c0;
	ours = got / t_verify;
	printf("verify: mc_credential_verify with the store %.0f "
	       "credentials/s (%ld of %.0f bytes on average, %ld not valid, "
	       "%.2f s wall, %.2f s CPU), raw Ed25519 verify %.0f/s, ratio "
	       "%.1f%% of the raw rate (target >= 60%%)\n",
	       ours, got, got ? bytes / got : 0.0, bad, t_verify, c_verify, vfy,
	       100.0 * ours / vfy);
	if (got == 0 || bad) {
		fprintf(stderr, "verify: %ld of %ld not valid\n", bad, got);
		goto cleanup;
	}

	/* An independent verifier on the same credential. */
	if (!in_path("node"))
		printf("node: comparison skipped: node is not in PATH\n");
	else if (find_interop(dir, sizeof(dir), why, sizeof(why)) < 0)
		printf("node: comparison skipped: %s\n", why);
	else if ((fd = mkstemp(credpath)) < 0 ||
		 write(fd, creds[0]->data, creds[0]->len) !=
		     (ssize_t)creds[0]->len ||
		 close(fd) < 0)
		printf("node: comparison skipped: cannot write %s\n", credpath);
	else if ((theirs = node_rate(dir, credpath, nnode, why, sizeof(why))) <=
		 0)
		printf("node: comparison failed: %s\n", why);
	else
		printf("node: @digitalbazaar/vc bench-verify.mjs %.1f "
		       "credentials/s (%ld of one credential, status "
		       "placeholder), microcred %.0f/s, ratio %.1fx "
		       "(target >= 5x)\n",
		       theirs, nnode, ours, ours / theirs);
	rc = 0;

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
	unlink(credpath);
	for (i = 0; i < 4; i++) {
		static const char *const sfx[] = {"", "-wal", "-shm",
						  "-journal"};
		char f[sizeof(dbpath) + 16];

		snprintf(f, sizeof(f), "%s%s", dbpath, sfx[i]);
		unlink(f);
	}
	return rc;
}
