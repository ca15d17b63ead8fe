/*
 * microcred status-list show | get: the Bitstring Status Lists and their
 * signed credentials.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_show(const cli_globals *g, int argc, char **argv);
static int run_get(const cli_globals *g, int argc, char **argv);

const cli_command cmd_status_list_show = {
    .name = "status-list show",
    .args = "",
    .summary = "list the status lists with their use",
    .run = run_show,
};
enum { OPT_OUT, OPT_COUNT };
static const cli_option get_options[] = {
    [OPT_OUT] = {"out", "FILE", "write it to FILE (default standard output)"},
};
CLI_OPTIONS_CHECK(get_options, OPT_COUNT);

const cli_command cmd_status_list_get = {
    .name = "status-list get",
    .args = "URL [--out FILE]",
    .summary = "print a signed status list credential, as verifiers fetch it",
    CLI_OPTIONS(get_options),
    .run = run_get,
};

static int run_show(const cli_globals *g, int argc, char **argv)
{
	mc_status_list_info *l = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_status_list_show, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_status_list_show);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_status_lists(store, &l, &n)) < 0)
		rc = cli_fail(store, error);
	for (i = 0; i < n; i++)
		printf("%s  %-10s %zu of %zu allocated, %zu set\n", l[i].url,
		       l[i].purpose, l[i].used, l[i].size, l[i].set);
	if (!error && n == 0)
		printf("no status lists yet: they are made when the first "
		       "credential is issued\n");
	mc_status_lists_free(l, n);
	mc_store_free(store);
	return rc;
}

static int run_get(const cli_globals *g, int argc, char **argv)
{
	char *json = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_status_list_get, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_status_list_get);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_status_list_credential(store, &json, argv[0])) < 0)
		rc = cli_fail(store, error);
	else if (cli_write_output(a.value[OPT_OUT], json, strlen(json)) < 0)
		rc = EXIT_USAGE;
	free(json);
	mc_store_free(store);
	return rc;
}
