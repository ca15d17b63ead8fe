/*
 * microcred export europass: the Europass course directory dataset (LOQ
 * profile, JSON-LD) of one organisation or one country, byte for byte
 * what the server publishes at BASE/europass/org/ORG.jsonld and
 * BASE/europass/country/CC.jsonld.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_ORG, OPT_COUNTRY, OPT_OUT, OPT_COUNT };
static const cli_option options[] = {
    [OPT_ORG] = {"org", "ORG", "the MCs organisation ORG provides"},
    [OPT_COUNTRY] = {"country", "CC",
		     "the MCs of providers in country CC (ISO alpha-2)"},
    [OPT_OUT] = {"out", "FILE", "write to FILE instead of standard output"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_export_europass = {
    .name = "export europass",
    .args = "(--org ORG | --country CC) [--out FILE]",
    .summary =
	"export published MCs for the Europass course directory (JSON-LD)",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	char *text = NULL;
	size_t len = 0;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_export_europass, argc, argv)) || a.help)
		return rc;
	if (a.npos != 0 || !a.value[OPT_ORG] == !a.value[OPT_COUNTRY]) {
		fprintf(stderr, "microcred: give exactly one of --org and "
				"--country\n");
		cli_usage(stderr, &cmd_export_europass);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_europass_export(
	    store, &text, &len,
	    a.value[OPT_ORG] ? MC_EUROPASS_ORG : MC_EUROPASS_COUNTRY,
	    a.value[OPT_ORG] ? a.value[OPT_ORG] : a.value[OPT_COUNTRY]);
	if (error < 0)
		rc = cli_fail(store, error);
	else if (cli_write_binary(a.value[OPT_OUT] ? a.value[OPT_OUT] : "-",
				  (const unsigned char *)text, len) < 0)
		rc = EXIT_USAGE;
	free(text);
	mc_store_free(store);
	return rc;
}
