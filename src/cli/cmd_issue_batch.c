/*
 * microcred issue-batch: award a micro-credential to every learner of a
 * CSV roster, with progress, a per-row error report, and exactly-once
 * issuing across re-runs and crashes.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum {
	OPT_MC,
	OPT_VERSION,
	OPT_OUT,
	OPT_JSONL,
	OPT_FORMAT,
	OPT_ALG,
	OPT_CRYPTOSUITE,
	OPT_BATCH,
	OPT_COUNT
};
static const cli_option options[] = {
    [OPT_MC] = {"mc", "ID", "the published micro-credential"},
    [OPT_VERSION] = {"version", "N", "a version other than the published one"},
    [OPT_OUT] = {"out", "DIR",
		 "one file per credential (UUID.json or UUID.jwt)"},
    [OPT_JSONL] = {"jsonl", "FILE",
		   "one JSON line per credential ('-' for standard output)"},
    [OPT_FORMAT] = {"format", "F", "ob3 (default) or vc-jwt"},
    [OPT_ALG] = {"alg", "ALG", "VC-JWT: RS256 (default), ES256 or EdDSA"},
    [OPT_CRYPTOSUITE] = CLI_CRYPTOSUITE_OPTION,
    [OPT_BATCH] = {"batch", "N", "learners per transaction (default 1000)"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_issue_batch = {
    .name = "issue-batch",
    .args = "--mc ID ROSTER.csv [--out DIR | --jsonl FILE] [OPTIONS]",
    .summary = "issue credentials to every learner of a CSV roster",
    CLI_OPTIONS(options),
    .notes = "Roster columns: name, email, identifier, date_of_birth, lang,\n"
	     "grade, assessed_on, valid_until (name and email or identifier\n"
	     "required).  Rejected rows are listed on stderr; the others are\n"
	     "issued.  Running the same roster again issues nobody twice.\n"
	     "Exit 0 all issued, 1 some rows rejected, 2 usage or system "
	     "error.\n",
    .run = run,
};

struct out {
	const char *dir;
	FILE *jsonl;
	double start;
	int tty;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(size_t done, size_t total, void *payload)
{
	struct out *o = payload;
	double t = now() - o->start, rate = t > 0 ? (double)done / t : 0;

	if (!o->tty)
		return;
	fprintf(stderr, "\r%zu/%zu learners, %.0f/s, ETA %.0f s   ", done,
		total, rate, rate > 0 ? (double)(total - done) / rate : 0.0);
}

static int emit(const mc_credential *c, size_t line, void *payload)
{
	struct out *o = payload;
	const char *uuid = strrchr(c->id, '/');
	char path[4096];

	(void)line;
	if (o->jsonl) {
		json_t *j = json_pack("{s:s, s:I, s:s, s:s#}", "id", c->id,
				      "line", (json_int_t)line, "format",
				      mc_credential_format_name(c->format),
				      "credential", c->data, (int)c->len);
		char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)
			    : NULL;
		int bad = !s || fprintf(o->jsonl, "%s\n", s) < 0;

		free(s);
		json_decref(j);
		return bad;
	}
	if (!o->dir)
		return 0;
	snprintf(path, sizeof(path), "%s/%s.%s", o->dir, uuid ? uuid + 1 : "x",
		 c->format == MC_FORMAT_VC_JWT ? "jwt" : "json");
	return cli_write_file(path, c->data, c->len, 0) < 0;
}

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_roster_options o = MC_ROSTER_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_roster_report r;
	struct out out = {NULL, NULL, 0, 0};
	mc_store *store = NULL;
	char *data = NULL;
	size_t len;
	long n;
	char err[512];
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_issue_batch, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1 || !a.value[OPT_MC] ||
	    (a.value[OPT_OUT] && a.value[OPT_JSONL]) ||
	    (a.value[OPT_FORMAT] &&
	     mc_credential_format_parse(&o.issue.format, a.value[OPT_FORMAT]) <
		 0)) {
		cli_usage(stderr, &cmd_issue_batch);
		return EXIT_USAGE;
	}
	if (a.value[OPT_CRYPTOSUITE] && o.issue.format != MC_FORMAT_OB3) {
		fprintf(stderr, "microcred issue-batch: --cryptosuite: only "
				"for --format ob3\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_cryptosuite(&o.issue.cryptosuite,
				  "issue-batch: --cryptosuite",
				  a.value[OPT_CRYPTOSUITE])))
		return rc;
	o.issue.jwt_alg = a.value[OPT_ALG];
	if (a.value[OPT_BATCH]) {
		if ((n = cli_number("batch", a.value[OPT_BATCH], 100000)) < 1)
			return EXIT_USAGE;
		o.batch = (size_t)n;
	}
	if (a.value[OPT_VERSION] &&
	    (n = cli_number("version", a.value[OPT_VERSION], 1000000)) < 1)
		return EXIT_USAGE;
	out.dir = a.value[OPT_OUT];
	if (out.dir && mkdir(out.dir, 0755) < 0 && errno != EEXIST) {
		perror(out.dir);
		return EXIT_USAGE;
	}
	if (a.value[OPT_JSONL])
		out.jsonl = strcmp(a.value[OPT_JSONL], "-")
				? fopen(a.value[OPT_JSONL], "a")
				: stdout;
	if (a.value[OPT_JSONL] && !out.jsonl) {
		perror(a.value[OPT_JSONL]);
		return EXIT_USAGE;
	}
	out.tty = isatty(2);
	out.start = now();
	o.progress = progress;
	o.emit = emit;
	o.payload = &out;
	o.issue.actor = "cli";
	if ((error = cli_read_file(&data, &len, argv[0], MC_ROSTER_MAX, err,
				   sizeof(err))) < 0) {
		fprintf(stderr, "microcred: %s\n", err);
		rc = mc_error_exit_code(error);
		goto cleanup;
	}
	if (!(store = cli_open(g))) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	error = mc_roster_issue(
	    store, &r, a.value[OPT_MC],
	    a.value[OPT_VERSION] ? (unsigned)atol(a.value[OPT_VERSION]) : 0,
	    data, len, argv[0], &o, &problems);
	if (out.tty)
		fprintf(stderr, "\n");
	cli_print_problems(&problems);
	if (error < 0 && error != MC_EINVALID) {
		rc = cli_fail(store, error);
	} else {
		double t = now() - out.start;

		fprintf(stderr,
			"%s: %zu learners, %zu issued, %zu already held, %zu "
			"rejected, %.1f s (%.0f/s)\n",
			argv[0], r.rows, r.issued, r.existing, r.rejected, t,
			t > 0 ? (double)(r.issued + r.existing) / t : 0.0);
		rc = error < 0 ? mc_error_exit_code(error) : 0;
		if (error < 0 && !r.rows && !problems.count)
			rc = cli_fail(store, error);
	}

cleanup:
	if (out.jsonl && out.jsonl != stdout)
		fclose(out.jsonl);
	mc_problems_clear(&problems);
	free(data);
	mc_store_free(store);
	return rc;
}
