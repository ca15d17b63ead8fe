/*
 * microcred mc list: list micro-credentials in any state, with the
 * search filters.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_mc_list = {
    .name = "mc list",
    .args = "[OPTIONS]",
    .summary = "list micro-credentials (every status unless --status)",
    CLI_OPTIONS(cli_search_options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	return cli_run_search(&cmd_mc_list, g, argc, argv, 0);
}
