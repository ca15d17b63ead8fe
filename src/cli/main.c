/*
 * microcred: the command-line front door.  Global options, then a command
 * of one or two words looked up in the table below; each command lives in
 * its own cmd_*.c file.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

extern const cli_command cmd_init, cmd_config, cmd_demo, cmd_mc_import,
    cmd_mc_validate, cmd_mc_export, cmd_mc_list, cmd_mc_show, cmd_mc_versions,
    cmd_mc_submit, cmd_mc_approve, cmd_mc_return, cmd_mc_publish, cmd_mc_retire,
    cmd_mc_adapt, cmd_search, cmd_coverage, cmd_org_list, cmd_org_show,
    cmd_org_import, cmd_cluster_list, cmd_cluster_show, cmd_cluster_add,
    cmd_esco_import, cmd_esco_find, cmd_esco_show, cmd_key_generate,
    cmd_key_rotate, cmd_key_list, cmd_key_did, cmd_issue, cmd_issue_batch,
    cmd_verify, cmd_revoke, cmd_suspend, cmd_reinstate, cmd_status_list_show,
    cmd_status_list_get, cmd_serve;
extern const cli_command cmd_user_add, cmd_user_list, cmd_user_grant,
    cmd_user_rename, cmd_user_passwd, cmd_user_disable, cmd_user_enable,
    cmd_token_create, cmd_token_list, cmd_token_revoke, cmd_audit;
extern const cli_command cmd_org_recognise, cmd_org_unrecognise,
    cmd_org_recognitions, cmd_org_requests, cmd_org_accept, cmd_org_decline;
extern const cli_command cmd_certificate, cmd_seal;
extern const cli_command cmd_export_europass;
extern const cli_command cmd_db_copy;
extern const cli_command cmd_cert_create_test_ca, cmd_cert_create_test_seal,
    cmd_cert_import, cmd_cert_list, cmd_cert_show, cmd_cert_export_ca;

/* The commands, in the order --help lists them. */
const cli_command *const cli_commands[] = {
    &cmd_init,
    &cmd_config,
    &cmd_db_copy,
    &cmd_demo,
    &cmd_mc_import,
    &cmd_mc_validate,
    &cmd_mc_export,
    &cmd_mc_list,
    &cmd_mc_show,
    &cmd_mc_versions,
    &cmd_mc_submit,
    &cmd_mc_approve,
    &cmd_mc_return,
    &cmd_mc_publish,
    &cmd_mc_retire,
    &cmd_mc_adapt,
    &cmd_search,
    &cmd_coverage,
    &cmd_org_list,
    &cmd_org_show,
    &cmd_org_import,
    &cmd_org_recognise,
    &cmd_org_unrecognise,
    &cmd_org_recognitions,
    &cmd_org_requests,
    &cmd_org_accept,
    &cmd_org_decline,
    &cmd_cluster_list,
    &cmd_cluster_show,
    &cmd_cluster_add,
    &cmd_esco_import,
    &cmd_esco_find,
    &cmd_esco_show,
    &cmd_key_generate,
    &cmd_key_rotate,
    &cmd_key_list,
    &cmd_key_did,
    &cmd_cert_create_test_ca,
    &cmd_cert_create_test_seal,
    &cmd_cert_import,
    &cmd_cert_list,
    &cmd_cert_show,
    &cmd_cert_export_ca,
    &cmd_issue,
    &cmd_issue_batch,
    &cmd_certificate,
    &cmd_export_europass,
    &cmd_seal,
    &cmd_verify,
    &cmd_revoke,
    &cmd_suspend,
    &cmd_reinstate,
    &cmd_status_list_show,
    &cmd_status_list_get,
    &cmd_serve,
    &cmd_user_add,
    &cmd_user_list,
    &cmd_user_grant,
    &cmd_user_rename,
    &cmd_user_passwd,
    &cmd_user_disable,
    &cmd_user_enable,
    &cmd_token_create,
    &cmd_token_list,
    &cmd_token_revoke,
    &cmd_audit,
    NULL,
};

/* The options before the command. */
enum { GOPT_DB, GOPT_MASTER_KEY_FILE, GOPT_VERSION, GOPT_COUNT };
static const cli_option global_options[] = {
    [GOPT_DB] = {"db", "PATH",
		 "database file (default $MICROCRED_DB or microcred.db)"},
    [GOPT_MASTER_KEY_FILE] = {"master-key-file", "FILE",
			      "the master key (default "
			      "$MICROCRED_MASTER_KEY_FILE, else PATH.key "
			      "beside an SQLite database)"},
    [GOPT_VERSION] = {"version", NULL, "print the version"},
};
CLI_OPTIONS_CHECK(global_options, GOPT_COUNT);

/* --help is the parser's own; listed here beside the table's. */
static const cli_option help_option[] = {
    {"help", NULL, "this text; COMMAND --help for a command's own"},
};

static void usage(FILE *f)
{
	cli_option all[GOPT_COUNT + 1];
	size_t i, width = 0;

	fprintf(f, "usage: microcred [--db PATH] [--master-key-file FILE] "
		   "COMMAND [ARGS]\n\n"
		   "The micro-credential skills bank: design micro-credentials "
		   "to the EU\nstandard and publish them in a multilingual "
		   "catalogue.\n\nOptions:\n");
	memcpy(all, global_options, sizeof(global_options));
	all[GOPT_COUNT] = help_option[0];
	cli_print_options(f, all, GOPT_COUNT + 1);
	fprintf(f, "\nCommands:\n");
	for (i = 0; cli_commands[i]; i++)
		if (strlen(cli_commands[i]->name) > width)
			width = strlen(cli_commands[i]->name);
	for (i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-*s  %s\n", (int)width, cli_commands[i]->name,
			cli_commands[i]->summary);
	fprintf(f, "\nExit status: 0 ok, 1 input rejected, 2 usage or system "
		   "error.\n");
}

/* The command named by argv[0] (and argv[1] for two-word names), with
 * the number of words it took in *words. */
static const cli_command *lookup(int argc, char **argv, int *words)
{
	size_t i, n = strlen(argv[0]);

	for (i = 0; cli_commands[i]; i++) {
		const char *name = cli_commands[i]->name;

		if (strcmp(name, argv[0]) == 0) {
			*words = 1;
			return cli_commands[i];
		}
		if (argc > 1 && strncmp(name, argv[0], n) == 0 &&
		    name[n] == ' ' && strcmp(name + n + 1, argv[1]) == 0) {
			*words = 2;
			return cli_commands[i];
		}
	}
	return NULL;
}

/* MICROCRED_TEST_NOW set for a build that ignores it (every build but
 * a test build): say so, since whoever set it expects a fixed clock. */
static void warn_test_clock(void)
{
	const char *now = getenv("MICROCRED_TEST_NOW");

	if (now && *now && !mc_test_clock())
		fprintf(stderr,
			"microcred: MICROCRED_TEST_NOW is ignored: only test "
			"builds let it fix the clock\n");
}

int main(int argc, char **argv)
{
	cli_globals g;
	cli_args a;
	const cli_command *cmd;
	int i, words;

	g.argv0 = argv[0];
	if (cli_parse_options(&a, NULL, global_options, GOPT_COUNT, argc, argv,
			      1, &i)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (a.help) {
		usage(stdout);
		return 0;
	}
	if (a.value[GOPT_VERSION]) {
		printf("microcred %s%s\n", mc_version(),
		       mc_test_clock() ? " (test build: MICROCRED_TEST_NOW "
					 "fixes the clock)"
				       : "");
		return 0;
	}
	g.db = a.value[GOPT_DB];
	g.master_key_file = a.value[GOPT_MASTER_KEY_FILE];
	if (!g.db)
		g.db = getenv("MICROCRED_DB");
	if (!g.db || !*g.db)
		g.db = "microcred.db";
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 < argc &&
		    (cmd = lookup(argc - i - 1, argv + i + 1, &words))) {
			cli_usage(stdout, cmd);
			return 0;
		}
		usage(stdout);
		return 0;
	}
	if (!(cmd = lookup(argc - i, argv + i, &words))) {
		fprintf(stderr, "microcred: unknown command '%s'%s%s\n",
			argv[i], i + 1 < argc ? " " : "",
			i + 1 < argc ? argv[i + 1] : "");
		usage(stderr);
		return EXIT_USAGE;
	}
	i += words - 1;
	warn_test_clock();
	return cmd->run(&g, argc - i, argv + i);
}
