/*
 * microcred db copy: a whole platform from one database into another
 * (SQLite to PostgreSQL and back), checked table by table.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "microcred/store_copy.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_FROM, OPT_TO, OPT_COUNT };
static const cli_option options[] = {
    [OPT_FROM] = {"from", "LOCATION",
		  "the database to copy (opened read-only): sqlite:PATH, a "
		  "path, or postgresql://..."},
    [OPT_TO] = {"to", "LOCATION",
		"the database to fill, created when missing; it must hold "
		"no data"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_db_copy = {
    .name = "db copy",
    .args = "--from LOCATION --to LOCATION",
    .summary = "copy a whole platform into an empty database, checked",
    .intro = "Copies every table that is data (settings, catalogue, "
	     "history, ESCO,\naccounts, keys and seals as sealed, "
	     "credentials, status lists, audit,\nrecognitions, consents, "
	     "jobs) in "
	     "one transaction on the target, rebuilds the\nsearch index "
	     "there, then reads both sides back and compares each "
	     "table's\nrow count and SHA-256 content hash: a difference "
	     "rolls everything back.\n",
    CLI_OPTIONS(options),
    .notes = "The master key is not in the database: the target's nodes "
	     "use the same\nfile (MICROCRED_MASTER_KEY_FILE).  Exit status 0 "
	     "when every table checks,\n1 when the target holds data, 2 for "
	     "any other failure (nothing is kept).\n",
    .run = run,
};

/* One line of the table; `hash` NULL prints "-". */
static void row(const char *name, long long rows, const char *hash,
		const char *check, double seconds)
{
	printf("%-18s %9lld  %-12.12s  %-8s %8.3f\n", name, rows,
	       hash && *hash ? hash : "-", check, seconds);
}

static void print_report(const mc_store_copy_report *r)
{
	static const char *const check[] = {
	    [MC_COPY_PENDING] = "-",
	    [MC_COPY_OK] = "ok",
	    [MC_COPY_MISMATCH] = "MISMATCH",
	    [MC_COPY_REBUILT] = "rebuilt",
	};
	size_t i;

	printf("%-18s %9s  %-12s  %-8s %8s\n", "table", "rows", "sha256",
	       "check", "seconds");
	for (i = 0; i < r->count; i++) {
		const mc_store_copy_table *t = &r->tables[i];

		row(t->name, t->rows, t->hash, check[t->state], t->seconds);
		if (t->state == MC_COPY_MISMATCH)
			row("  (target)", t->target_rows, t->target_hash, "",
			    0);
	}
}

static mc_store *open_at(const char *location, int readonly)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	mc_store *s = NULL;
	char *msg = NULL;
	int error;

	opts.readonly = readonly;
	opts.create = !readonly;
	if ((error = mc_store_open(&s, location, &opts, &msg)) < 0) {
		fprintf(stderr, "microcred: %s: %s\n", location,
			msg ? msg : mc_error_str(error));
		free(msg);
		return NULL;
	}
	return s;
}

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store_copy_report *report = NULL;
	mc_store *from = NULL, *to = NULL;
	cli_args a;
	int rc, error;

	(void)g;
	if ((rc = cli_parse(&a, &cmd_db_copy, argc, argv)) || a.help)
		return rc;
	if (a.npos || !a.value[OPT_FROM] || !a.value[OPT_TO]) {
		cli_usage(stderr, &cmd_db_copy);
		return EXIT_USAGE;
	}
	if (!(report = calloc(1, sizeof(*report)))) {
		fprintf(stderr, "microcred: out of memory\n");
		return EXIT_USAGE;
	}
	rc = EXIT_USAGE;
	if (!(from = open_at(a.value[OPT_FROM], 1)) ||
	    !(to = open_at(a.value[OPT_TO], 0)))
		goto cleanup;
	error = mc_store_copy(report, from, to);
	if (report->count)
		print_report(report);
	if (error < 0) {
		fprintf(stderr, "microcred: db copy: %s\n",
			*mc_store_errmsg(to) ? mc_store_errmsg(to)
					     : mc_error_str(error));
		rc = mc_error_exit_code(error);
		goto cleanup;
	}
	/* Not the locations: a PostgreSQL URL may hold a password. */
	printf("copied %lld rows from %s to %s in %.3f s (rebuilding the "
	       "derived tables %.3f s)\n",
	       report->rows, mc_store_backend(from), mc_store_backend(to),
	       report->seconds, report->rebuild_seconds);
	rc = 0;

cleanup:
	mc_store_free(from);
	mc_store_free(to);
	free(report);
	return rc;
}
