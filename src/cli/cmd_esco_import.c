/*
 * microcred esco import: load an official ESCO CSV export.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_LANG, OPT_COUNT };
static const cli_option options[] = {
    [OPT_LANG] = {"lang", "TAG", "language of the labels (default en)"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_esco_import = {
    .name = "esco import",
    .args = "CSV... [--lang TAG]",
    .summary = "import ESCO skills, occupations or ISCO groups (official CSV)",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	cli_args a;
	int rc, i;

	if ((rc = cli_parse(&a, &cmd_esco_import, argc, argv)) || a.help)
		return rc;
	if (a.npos < 1 ||
	    (a.value[OPT_LANG] && !mc_lang_tag_valid(a.value[OPT_LANG]))) {
		cli_usage(stderr, &cmd_esco_import);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	for (i = 0; i < a.npos; i++) {
		mc_problems problems = MC_PROBLEMS_INIT;
		size_t n = 0;
		int error = mc_esco_import_file(store, &n, argv[i],
						a.value[OPT_LANG], &problems);

		if (error < 0) {
			int code;

			cli_print_problems(&problems);
			fprintf(stderr, "%s: %s, nothing stored\n", argv[i],
				error == MC_EINVALID ? "rejected"
						     : mc_store_errmsg(store));
			code = mc_error_exit_code(error);
			if (code > rc)
				rc = code;
		} else {
			printf("%s: %zu concepts imported\n", argv[i], n);
		}
		mc_problems_clear(&problems);
	}
	mc_store_free(store);
	return rc;
}
