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
	const char *v[1];
	mc_store *store;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_config, argc, argv, NULL, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos < 1 || npos > 2 || strcmp(argv[0], "base-url") != 0) {
		cli_usage(stderr, &cmd_config);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if (npos == 2 && (error = mc_store_set_base_url(store, argv[1])) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s\n", mc_store_base_url(store));
	mc_store_free(store);
	return rc;
}
