/*
 * microcred mc versions: the version history of a micro-credential.
 */
#include <stdlib.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_mc_versions = {
    .name = "mc versions",
    .args = "ID",
    .summary = "list the versions of a micro-credential with their status",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_version_info *list = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_mc_versions, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_mc_versions);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_catalogue_versions(store, &list, &n, argv[0])) < 0) {
		rc = cli_fail(store, error);
	} else {
		for (i = 0; i < n; i++) {
			char *uri = NULL;

			mc_catalogue_uri(store, &uri, argv[0], list[i].version);
			printf("v%-3u %-10s %s  %s\n", list[i].version,
			       mc_status_name(list[i].status),
			       list[i].updated_at, uri ? uri : "");
			free(uri);
		}
	}
	free(list);
	mc_store_free(store);
	return rc;
}
