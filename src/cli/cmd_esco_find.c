/*
 * microcred esco find: look up ESCO concepts by label.
 */
#include <stdlib.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_LIMIT, OPT_JSON, OPT_COUNT };
static const cli_option options[] = {
    [OPT_LIMIT] = {"limit", "N", "at most N results (default 10, max 1000)"},
    [OPT_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_esco_find = {
    .name = "esco find",
    .args = "LABEL [--limit N] [--json]",
    .summary = "find ESCO skills and occupations by (alternative) label",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_esco_concept **list = NULL;
	size_t n = 0, i;
	long limit = 10;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_esco_find, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_esco_find);
		return EXIT_USAGE;
	}
	if (a.value[OPT_LIMIT] &&
	    (limit = cli_number("limit", a.value[OPT_LIMIT], 1000)) < 0)
		return EXIT_USAGE;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_esco_lookup(store, &list, &n, argv[0], (size_t)limit)) <
	    0) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (a.value[OPT_JSON]) {
		json_t *arr = json_array();
		char *s;

		for (i = 0; i < n; i++)
			json_array_append_new(
			    arr,
			    json_pack("{s:s, s:s, s:s?, s:s?}", "uri",
				      list[i]->uri, "label", list[i]->label,
				      "type", list[i]->concept_type,
				      "reuse_level", list[i]->reuse_level));
		s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s ? s : "[]");
		free(s);
		json_decref(arr);
	} else {
		for (i = 0; i < n; i++)
			printf("%-40s %-14s %s\n", list[i]->label,
			       list[i]->reuse_level ? list[i]->reuse_level : "",
			       list[i]->uri);
		if (n == 0)
			printf("no ESCO concept matches '%s'%s\n", argv[0],
			       "; has an ESCO export been imported?");
	}

cleanup:
	mc_esco_list_free(list, n);
	mc_store_free(store);
	return rc;
}
