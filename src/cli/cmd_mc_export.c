/*
 * microcred mc export: write micro-credentials as the JSON mc import takes.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_mc_export = {
    .name = "mc export",
    .args = "[--all-versions] [--out FILE] [ID...]",
    .summary = "export micro-credentials as JSON (all when no ID is given)",
    .notes = "  --all-versions   every version, not only the latest\n"
	     "  --out FILE       write to FILE instead of standard output\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"all-versions", "out=", NULL};
	const char *v[2];
	mc_store *store;
	char *json = NULL;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_mc_export, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_catalogue_export(store, &json, (const char *const *)argv,
				    (size_t)npos, v[0] != NULL);
	if (error < 0) {
		rc = cli_fail(store, error);
	} else if (v[1]) {
		FILE *f = fopen(v[1], "w");

		if (!f || fprintf(f, "%s\n", json) < 0 || fclose(f) != 0) {
			perror(v[1]);
			rc = EXIT_USAGE;
		}
	} else {
		printf("%s\n", json);
	}
	free(json);
	mc_store_free(store);
	return rc;
}
