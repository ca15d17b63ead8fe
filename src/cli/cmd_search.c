/*
 * microcred search: full-text search of the catalogue with filters and
 * facets.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_search = {
    .name = "search",
    .args = "QUERY [OPTIONS]",
    .summary = "search the catalogue in any language",
    .intro = "QUERY: words (all required), \"a phrase\", a OR b, -excluded, "
	     "prefix*.\nOnly published MCs unless --status says "
	     "otherwise.\n",
    CLI_OPTIONS(cli_search_options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	return cli_run_search(&cmd_search, g, argc, argv, 1);
}
