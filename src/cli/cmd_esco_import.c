/*
 * microcred esco import: load an official ESCO CSV export.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_esco_import = {
    .name = "esco import",
    .args = "CSV... [--lang TAG]",
    .summary = "import ESCO skills, occupations or ISCO groups (official CSV)",
    .notes = "  --lang TAG   language of the labels (default en)\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"lang=", NULL};
	const char *v[1];
	mc_store *store;
	int npos, help, rc, i;

	if ((rc = cli_parse_spec(&cmd_esco_import, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos < 1 || (v[0] && !mc_lang_tag_valid(v[0]))) {
		cli_usage(stderr, &cmd_esco_import);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	for (i = 0; i < npos; i++) {
		mc_problems problems = MC_PROBLEMS_INIT;
		size_t n = 0;
		int error =
		    mc_esco_import_file(store, &n, argv[i], v[0], &problems);

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
