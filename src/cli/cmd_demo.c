/*
 * microcred demo: load the demo catalogue built into the library.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_demo = {
    .name = "demo",
    .args = "",
    .summary = "load the demo catalogue: the 17 project partners, clusters and "
	       "published MCs",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_import_report r;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_demo, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_demo);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_catalogue_load_demo(store, &r, &problems)) < 0) {
		cli_print_problems(&problems);
		rc = cli_fail(store, error);
	} else {
		printf("demo catalogue loaded into %s: %zu organisations, %zu "
		       "clusters, %zu micro-credentials created, %zu "
		       "updated, %zu unchanged\n",
		       g->db, r.organisations, r.clusters, r.created, r.updated,
		       r.unchanged);
	}
	mc_problems_clear(&problems);
	mc_store_free(store);
	return rc;
}
