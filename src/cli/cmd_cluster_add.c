/*
 * microcred cluster add: add an organisation or an MC to a cluster.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_cluster_add = {
    .name = "cluster add",
    .args = "CLUSTER [--org ORG] [--mc ID]",
    .summary = "add an organisation and/or a micro-credential to a cluster",
    .notes = "  --org ORG   organisation to add\n"
	     "  --mc ID     micro-credential to add\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"org=", "mc=", NULL};
	const char *v[2];
	mc_store *store;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_cluster_add, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos != 1 || (!v[0] && !v[1])) {
		cli_usage(stderr, &cmd_cluster_add);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_cluster_add(store, argv[0], v[0], v[1])) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s: added%s%s%s%s\n", argv[0], v[0] ? " " : "",
		       v[0] ? v[0] : "", v[1] ? " " : "", v[1] ? v[1] : "");
	mc_store_free(store);
	return rc;
}
