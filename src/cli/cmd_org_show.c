/*
 * microcred org show: one organisation as JSON.
 */
#include <stdlib.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_org_show = {
    .name = "org show",
    .args = "ID",
    .summary = "show an organisation (JSON)",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_org *org = NULL;
	char *json = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_org_show, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_org_show);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_org_get(store, &org, argv[0])) < 0) {
		if (error == MC_ENOTFOUND)
			fprintf(stderr, "microcred: no organisation '%s'\n",
				argv[0]);
		rc = error == MC_ENOTFOUND ? mc_error_exit_code(error)
					   : cli_fail(store, error);
	} else if (mc_org_to_json(&json, org) < 0) {
		rc = EXIT_USAGE;
	} else {
		printf("%s\n", json);
	}
	free(json);
	mc_org_free(org);
	mc_store_free(store);
	return rc;
}
