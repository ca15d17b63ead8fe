/*
 * microcred config: read or change a database setting.
 */
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_config = {
    .name = "config",
    .args = "base-url [URL] | cryptosuite [NAME]",
    .summary = "show or set a setting (base-url: base of every stable URI)",
    .notes = "cryptosuite: the platform's OB 3.0 signature, for credentials\n"
	     "whose request names none and for status lists: eddsa-rdfc-2022\n"
	     "(the default), eddsa-jcs-2022, ecdsa-rdfc-2019 or "
	     "ecdsa-jcs-2019.\n",
    .run = run,
};

/* config cryptosuite [NAME]: the platform's suite, set to NAME first when
 * given (checked before the database is opened). */
static int run_cryptosuite(const cli_globals *g, const char *name)
{
	const char *suite = NULL;
	mc_store *store;
	int rc, error;

	if ((rc = cli_cryptosuite(&suite, "config: cryptosuite", name)))
		return rc;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((suite && (error = mc_cryptosuite_set_default(store, suite)) < 0) ||
	    (error = mc_cryptosuite_default(store, &suite)) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s\n", suite);
	mc_store_free(store);
	return rc;
}

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_config, argc, argv)) || a.help)
		return rc;
	if (a.npos < 1 || a.npos > 2 ||
	    (strcmp(argv[0], "base-url") != 0 &&
	     strcmp(argv[0], "cryptosuite") != 0)) {
		cli_usage(stderr, &cmd_config);
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "cryptosuite") == 0)
		return run_cryptosuite(g, a.npos == 2 ? argv[1] : NULL);
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if (a.npos == 2 && (error = mc_store_set_base_url(store, argv[1])) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s\n", mc_store_base_url(store));
	mc_store_free(store);
	return rc;
}
