/*
 * microcred cluster add: add an organisation or an MC to a cluster.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_ORG, OPT_MC, OPT_COUNT };
static const cli_option options[] = {
    [OPT_ORG] = {"org", "ORG", "organisation to add"},
    [OPT_MC] = {"mc", "ID", "micro-credential to add"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_cluster_add = {
    .name = "cluster add",
    .args = "CLUSTER [--org ORG] [--mc ID]",
    .summary = "add an organisation and/or a micro-credential to a cluster",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cluster_add, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1 || (!a.value[OPT_ORG] && !a.value[OPT_MC])) {
		cli_usage(stderr, &cmd_cluster_add);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_cluster_add(store, argv[0], a.value[OPT_ORG],
				    a.value[OPT_MC])) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s: added%s%s%s%s\n", argv[0],
		       a.value[OPT_ORG] ? " " : "",
		       a.value[OPT_ORG] ? a.value[OPT_ORG] : "",
		       a.value[OPT_MC] ? " " : "",
		       a.value[OPT_MC] ? a.value[OPT_MC] : "");
	mc_store_free(store);
	return rc;
}
