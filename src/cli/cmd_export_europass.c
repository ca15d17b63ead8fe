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

const cli_command cmd_export_europass = {
    .name = "export europass",
    .args = "(--org ORG | --country CC) [--out FILE]",
    .summary =
	"export published MCs for the Europass course directory (JSON-LD)",
    .notes =
	"  --org ORG        the MCs organisation ORG provides\n"
	"  --country CC     the MCs of providers in country CC (ISO alpha-2)\n"
	"  --out FILE       write to FILE instead of standard output\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"org=", "country=", "out=", NULL};
	const char *v[3];
	mc_store *store;
	char *text = NULL;
	size_t len = 0;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_export_europass, argc, argv, spec, v,
				 &npos, &help)) ||
	    help)
		return rc;
	if (npos != 0 || !v[0] == !v[1]) {
		fprintf(stderr, "microcred: give exactly one of --org and "
				"--country\n");
		cli_usage(stderr, &cmd_export_europass);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_europass_export(store, &text, &len,
				   v[0] ? MC_EUROPASS_ORG : MC_EUROPASS_COUNTRY,
				   v[0] ? v[0] : v[1]);
	if (error < 0)
		rc = cli_fail(store, error);
	else if (cli_write_binary(v[2] ? v[2] : "-",
				  (const unsigned char *)text, len) < 0)
		rc = EXIT_USAGE;
	free(text);
	mc_store_free(store);
	return rc;
}
