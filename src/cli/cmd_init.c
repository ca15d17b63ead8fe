/*
 * microcred init: create (or upgrade) the database and set its base URL.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_BASE_URL, OPT_COUNT };
static const cli_option options[] = {
    [OPT_BASE_URL] = {"base-url", "URL",
		      "base of every MC's stable URI "
		      "(default " MC_DEFAULT_BASE_URL ")"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_init = {
    .name = "init",
    .args = "[--base-url URL]",
    .summary = "create or upgrade the database",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	char *created = NULL;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_init, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_init);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if (a.value[OPT_BASE_URL] &&
	    (error = mc_store_set_base_url(store, a.value[OPT_BASE_URL])) < 0) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	error = mc_keys_master_init(store, &created);
	if (error < 0 && error != MC_ENOTFOUND) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	printf("%s: microcred database, schema version %d, base URL %s\n",
	       g->db, mc_store_schema_version(store), mc_store_base_url(store));
	if (error == MC_ENOTFOUND) /* PostgreSQL without a key file set */
		fprintf(stderr, "microcred: note: %s (before keys are made)\n",
			mc_store_errmsg(store));
	if (created)
		printf("%s: new master key (keep it safe and private: it "
		       "unlocks the signing keys)\n",
		       created);

cleanup:
	free(created);
	mc_store_free(store);
	return rc;
}
