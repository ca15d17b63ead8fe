/*
 * microcred mc adapt: copy a published micro-credential of another
 * organisation into a new draft of yours (OER reuse).
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_ORG, OPT_ID, OPT_VERSION, OPT_COUNT };
static const cli_option options[] = {
    [OPT_ORG] = {"org", "ORG", "the organisation adapting it (required)"},
    [OPT_ID] = {"id", "NEW_ID", "id of the new MC (default ORG-ID)"},
    [OPT_VERSION] = {"version", "N",
		     "adapt that version (default: the published one)"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_mc_adapt = {
    .name = "mc adapt",
    .args = "ID --org ORG [--id NEW_ID] [--version N]",
    .summary = "adapt another organisation's published MC as a new draft",
    CLI_OPTIONS(options),
    .notes = "The draft keeps a derived_from link to the exact source "
	     "version\nand its attribution; licences without derivatives "
	     "(ND) refuse.\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	mc_microcred *mc = NULL;
	long version = 0;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_mc_adapt, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1 || !a.value[OPT_ORG]) {
		cli_usage(stderr, &cmd_mc_adapt);
		return EXIT_USAGE;
	}
	if (a.value[OPT_VERSION] &&
	    (version = cli_number("version", a.value[OPT_VERSION], 1000000)) <
		1)
		return EXIT_USAGE;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_catalogue_adapt(store, &mc, argv[0], (unsigned)version,
				   a.value[OPT_ORG], a.value[OPT_ID]);
	if (error < 0)
		rc = cli_fail(store, error);
	else
		printf("%s v%u: draft adapted from %s\n", mc->id, mc->version,
		       mc->derived_from);
	mc_microcred_free(mc);
	mc_store_free(store);
	return rc;
}
