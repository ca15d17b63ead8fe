/*
 * microcred org list: the organisations, optionally of one country.
 */
#include <stdlib.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_org_list = {
    .name = "org list",
    .args = "[--country CC] [--lang TAG] [--json]",
    .summary = "list organisations",
    .notes = "  --country CC   only this country\n"
	     "  --lang TAG     names in this language\n"
	     "  --json         machine-readable output\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"country=", "lang=", "json", NULL};
	const char *v[3];
	mc_org **list = NULL;
	size_t n = 0, i;
	mc_store *store;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_org_list, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos) {
		cli_usage(stderr, &cmd_org_list);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_org_list(store, &list, &n, v[0])) < 0) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (v[2]) {
		char *json = NULL;

		if (mc_org_list_to_json(&json, list, n) < 0)
			rc = EXIT_USAGE;
		else
			printf("%s\n", json);
		free(json);
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		printf("%-24s %s %-18s %s\n", list[i]->id, list[i]->country,
		       mc_org_type_name(list[i]->type),
		       mc_langmap_pick(&list[i]->name, v[1], NULL));

cleanup:
	mc_org_list_free(list, n);
	mc_store_free(store);
	return rc;
}
