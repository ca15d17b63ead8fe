/*
 * microcred mc adapt: copy a published micro-credential of another
 * organisation into a new draft of yours (OER reuse).
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_mc_adapt = {
    .name = "mc adapt",
    .args = "ID --org ORG [--id NEW_ID] [--version N]",
    .summary = "adapt another organisation's published MC as a new draft",
    .notes =
	"  --org ORG       the organisation adapting it (required)\n"
	"  --id NEW_ID     id of the new MC (default ORG-ID)\n"
	"  --version N     adapt that version (default: the published one)\n"
	"\nThe draft keeps a derived_from link to the exact source version\n"
	"and its attribution; licences without derivatives (ND) refuse.\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"org=", "id=", "version=", NULL};
	const char *v[3];
	mc_store *store;
	mc_microcred *mc = NULL;
	long version = 0;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_mc_adapt, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos != 1 || !v[0]) {
		cli_usage(stderr, &cmd_mc_adapt);
		return EXIT_USAGE;
	}
	if (v[2] && (version = cli_number("version", v[2], 1000000)) < 1)
		return EXIT_USAGE;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_catalogue_adapt(store, &mc, argv[0], (unsigned)version, v[0],
				   v[1]);
	if (error < 0)
		rc = cli_fail(store, error);
	else
		printf("%s v%u: draft adapted from %s\n", mc->id, mc->version,
		       mc->derived_from);
	mc_microcred_free(mc);
	mc_store_free(store);
	return rc;
}
