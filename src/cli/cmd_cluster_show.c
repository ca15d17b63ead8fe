/*
 * microcred cluster show: one cluster with its members, as JSON.
 */
#include <stdlib.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_cluster_show = {
    .name = "cluster show",
    .args = "ID",
    .summary = "show a cluster and its members (JSON)",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_cluster *cluster = NULL;
	char *json = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cluster_show, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_cluster_show);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_cluster_get(store, &cluster, argv[0])) < 0) {
		if (error == MC_ENOTFOUND)
			fprintf(stderr, "microcred: no cluster '%s'\n",
				argv[0]);
		rc = error == MC_ENOTFOUND ? mc_error_exit_code(error)
					   : cli_fail(store, error);
	} else if (mc_cluster_to_json(&json, cluster) < 0) {
		rc = EXIT_USAGE;
	} else {
		printf("%s\n", json);
	}
	free(json);
	mc_cluster_free(cluster);
	mc_store_free(store);
	return rc;
}
