/*
 * microcred cluster list: the regional and thematic clusters.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_cluster_list = {
    .name = "cluster list",
    .args = "[--lang TAG]",
    .summary = "list clusters with their member counts",
    .notes = "  --lang TAG   names in this language\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"lang=", NULL};
	const char *v[1];
	mc_cluster **list = NULL;
	size_t n = 0, i;
	mc_store *store;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_cluster_list, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos) {
		cli_usage(stderr, &cmd_cluster_list);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_cluster_list(store, &list, &n)) < 0)
		rc = cli_fail(store, error);
	for (i = 0; i < n; i++)
		printf("%-34s %-9s %2zu organisations %3zu MCs  %s\n",
		       list[i]->id, mc_cluster_kind_name(list[i]->kind),
		       list[i]->organisations.count, list[i]->mcs.count,
		       mc_langmap_pick(&list[i]->name, v[0], NULL));
	mc_cluster_list_free(list, n);
	mc_store_free(store);
	return rc;
}
