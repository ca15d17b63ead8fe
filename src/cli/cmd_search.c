/*
 * microcred search: full-text search of the catalogue with filters and
 * facets.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_search = {
    "search",
    "QUERY [OPTIONS]",
    "search the catalogue in any language",
    "QUERY: words (all required), \"a phrase\", a OR b, -excluded, "
    "prefix*.\nOnly published MCs unless --status says "
    "otherwise.\n\n" CLI_SEARCH_HELP,
    run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	return cli_run_search(&cmd_search, g, argc, argv, 1);
}
