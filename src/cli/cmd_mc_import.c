/*
 * microcred mc import / mc validate / org import: load catalogue files
 * (JSON micro-credentials, arrays, bundles, or CSV), each file all or
 * nothing; validate checks the same way and stores nothing.
 */
#include "cli.h"

static int run_import(const cli_globals *g, int argc, char **argv);
static int run_org_import(const cli_globals *g, int argc, char **argv);
static int run_validate(const cli_globals *g, int argc, char **argv);

#define IMPORT_NOTES                                                           \
	"Each FILE is JSON (one MC, an array of MCs, or a bundle with\n"       \
	"organisations, microcredentials and clusters) or CSV, as in\n"        \
	"docs/FORMATS.md; '-' reads standard input.  A file is stored whole\n" \
	"or not at all; every rejected record is reported with file,\n"        \
	"record or line, field and reason.\n"

const cli_command cmd_mc_import = {
    .name = "mc import",
    .args = "FILE...",
    .summary = "import micro-credentials (JSON, bundles or CSV)",
    .intro = IMPORT_NOTES,
    .run = run_import,
};

const cli_command cmd_org_import = {
    .name = "org import",
    .args = "FILE...",
    .summary = "import organisations and clusters (bundle JSON)",
    .intro = IMPORT_NOTES,
    .run = run_org_import,
};

const cli_command cmd_mc_validate = {
    .name = "mc validate",
    .args = "FILE...",
    .summary = "check files as import would, storing nothing",
    .intro = IMPORT_NOTES,
    .run = run_validate,
};

static int run(const cli_command *cmd, const cli_globals *g, int argc,
	       char **argv)
{
	int check = cmd == &cmd_mc_validate;
	mc_store *store;
	cli_args a;
	int rc, i;

	if ((rc = cli_parse(&a, cmd, argc, argv)) || a.help)
		return rc;
	if (a.npos < 1) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	for (i = 0; i < a.npos; i++) {
		mc_problems problems = MC_PROBLEMS_INIT;
		mc_import_report r;
		int error;

		if (check)
			error = mc_catalogue_check_file(store, &r, argv[i],
							&problems);
		else
			error = mc_catalogue_import_file(store, &r, argv[i],
							 &problems);
		if (error < 0) {
			int code;

			cli_print_problems(&problems);
			fprintf(stderr, "%s: %s, nothing %s\n", argv[i],
				error == MC_EINVALID ? "rejected"
						     : mc_store_errmsg(store),
				check ? "would be stored" : "stored");
			code = mc_error_exit_code(error);
			if (code > rc)
				rc = code;
		} else {
			printf("%s: %s%zu organisations, %zu clusters, %zu "
			       "created, %zu updated, %zu unchanged\n",
			       argv[i], check ? "valid; would import " : "",
			       r.organisations, r.clusters, r.created,
			       r.updated, r.unchanged);
		}
		mc_problems_clear(&problems);
	}
	mc_store_free(store);
	return rc;
}

static int run_import(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_mc_import, g, argc, argv);
}

static int run_org_import(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_org_import, g, argc, argv);
}

static int run_validate(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_mc_validate, g, argc, argv);
}
