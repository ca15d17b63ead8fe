/*
 * microcred esco find: look up ESCO concepts by label.
 */
#include <stdlib.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_esco_find = {
    .name = "esco find",
    .args = "LABEL [--limit N] [--json]",
    .summary = "find ESCO skills and occupations by (alternative) label",
    .notes = "  --limit N   at most N results (default 10)\n"
	     "  --json      machine-readable output\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"limit=", "json", NULL};
	const char *v[2];
	mc_esco_concept **list = NULL;
	size_t n = 0, i;
	long limit = 10;
	mc_store *store;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_esco_find, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos != 1) {
		cli_usage(stderr, &cmd_esco_find);
		return EXIT_USAGE;
	}
	if (v[0] && (limit = cli_number("limit", v[0], 1000)) < 0)
		return EXIT_USAGE;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_esco_lookup(store, &list, &n, argv[0], (size_t)limit)) <
	    0) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (v[1]) {
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
