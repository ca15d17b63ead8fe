/*
 * microcred mc export: write micro-credentials as the JSON mc import takes.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_ALL_VERSIONS, OPT_OUT, OPT_COUNT };
static const cli_option options[] = {
    [OPT_ALL_VERSIONS] = {"all-versions", NULL,
			  "every version, not only the latest"},
    [OPT_OUT] = {"out", "FILE", "write to FILE instead of standard output"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_mc_export = {
    .name = "mc export",
    .args = "[--all-versions] [--out FILE] [ID...]",
    .summary = "export micro-credentials as JSON (all when no ID is given)",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	char *json = NULL;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_mc_export, argc, argv)) || a.help)
		return rc;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_catalogue_export(store, &json, (const char *const *)argv,
				    (size_t)a.npos,
				    a.value[OPT_ALL_VERSIONS] != NULL);
	if (error < 0) {
		rc = cli_fail(store, error);
	} else if (a.value[OPT_OUT]) {
		FILE *f = fopen(a.value[OPT_OUT], "w");

		if (!f || fprintf(f, "%s\n", json) < 0 || fclose(f) != 0) {
			perror(a.value[OPT_OUT]);
			rc = EXIT_USAGE;
		}
	} else {
		printf("%s\n", json);
	}
	free(json);
	mc_store_free(store);
	return rc;
}
