/*
 * microcred cluster list: the regional and thematic clusters.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_LANG, OPT_COUNT };
static const cli_option options[] = {
    [OPT_LANG] = {"lang", "TAG", "names in this language"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_cluster_list = {
    .name = "cluster list",
    .args = "[--lang TAG]",
    .summary = "list clusters with their member counts",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_cluster **list = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cluster_list, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_cluster_list);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_cluster_list(store, &list, &n)) < 0)
		rc = cli_fail(store, error);
	for (i = 0; i < n; i++)
		printf(
		    "%-34s %-9s %2zu organisations %3zu MCs  %s\n", list[i]->id,
		    mc_cluster_kind_name(list[i]->kind),
		    list[i]->organisations.count, list[i]->mcs.count,
		    mc_langmap_pick(&list[i]->name, a.value[OPT_LANG], NULL));
	mc_cluster_list_free(list, n);
	mc_store_free(store);
	return rc;
}
