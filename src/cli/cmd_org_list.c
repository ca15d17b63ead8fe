/*
 * microcred org list: the organisations, optionally of one country.
 */
#include <stdlib.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_COUNTRY, OPT_LANG, OPT_JSON, OPT_COUNT };
static const cli_option options[] = {
    [OPT_COUNTRY] = {"country", "CC", "only this country"},
    [OPT_LANG] = {"lang", "TAG", "names in this language"},
    [OPT_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_org_list = {
    .name = "org list",
    .args = "[--country CC] [--lang TAG] [--json]",
    .summary = "list organisations",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_org **list = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_org_list, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_org_list);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_org_list(store, &list, &n, a.value[OPT_COUNTRY])) < 0) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (a.value[OPT_JSON]) {
		char *json = NULL;

		if (mc_org_list_to_json(&json, list, n) < 0)
			rc = EXIT_USAGE;
		else
			printf("%s\n", json);
		free(json);
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		printf(
		    "%-24s %s %-18s %s\n", list[i]->id, list[i]->country,
		    mc_org_type_name(list[i]->type),
		    mc_langmap_pick(&list[i]->name, a.value[OPT_LANG], NULL));

cleanup:
	mc_org_list_free(list, n);
	mc_store_free(store);
	return rc;
}
