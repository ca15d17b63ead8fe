/*
 * microcred config: read or change a database setting.
 */
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_config = {
    .name = "config",
    .args = "base-url [URL]",
    .summary = "show or set a setting (base-url: base of every stable URI)",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_config, argc, argv)) || a.help)
		return rc;
	if (a.npos < 1 || a.npos > 2 || strcmp(argv[0], "base-url") != 0) {
		cli_usage(stderr, &cmd_config);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if (a.npos == 2 && (error = mc_store_set_base_url(store, argv[1])) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s\n", mc_store_base_url(store));
	mc_store_free(store);
	return rc;
}
