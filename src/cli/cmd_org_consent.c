/*
 * microcred org requests | accept | decline: an organisation named as
 * awarding body of another provider's MC accepts or declines to award it
 * (account.h).  The command line is the operator's, acting for the
 * organisation: recorded with the actor "cli", in the audit log too.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int run_requests(const cli_globals *g, int argc, char **argv);
static int run_accept(const cli_globals *g, int argc, char **argv);
static int run_decline(const cli_globals *g, int argc, char **argv);

enum { OPT_JSON, OPT_COUNT };
static const cli_option options[] = {
    [OPT_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_org_requests = {
    .name = "org requests",
    .args = "ORG [--json]",
    .summary = "list the MCs naming ORG as awarding body, and its answers",
    CLI_OPTIONS(options),
    .run = run_requests,
};

const cli_command cmd_org_accept = {
    .name = "org accept",
    .args = "ORG MC",
    .summary = "ORG accepts to award MC (another provider's)",
    .run = run_accept,
};

const cli_command cmd_org_decline = {
    .name = "org decline",
    .args = "ORG MC",
    .summary = "ORG declines to award MC (or withdraws its acceptance)",
    .run = run_decline,
};

static int run_requests(const cli_globals *g, int argc, char **argv)
{
	mc_consent *list = NULL;
	char *json = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_org_requests, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_org_requests);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_consent_list(store, &list, &n, argv[0], NULL)) < 0) {
		rc = cli_fail(store, error);
	} else if (a.value[OPT_JSON]) {
		if (mc_consent_list_to_json(&json, list, n) < 0)
			rc = EXIT_USAGE;
		else
			printf("%s\n", json);
	} else {
		for (i = 0; i < n; i++)
			printf("%s %s (asked by %s at %s)\n", list[i].mc_id,
			       mc_consent_state_name(list[i].state),
			       list[i].requested_by ? list[i].requested_by
						    : "-",
			       list[i].requested_at);
	}
	free(json);
	mc_consent_list_free(list, n);
	mc_store_free(store);
	return rc;
}

static int decide(const cli_command *cmd, const cli_globals *g, int argc,
		  char **argv, int accept)
{
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, cmd, argc, argv)) || a.help)
		return rc;
	if (a.npos != 2) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error =
		 mc_consent_decide(store, "cli", argv[1], argv[0], accept)) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s %s to award %s\n", argv[0],
		       accept ? "accepted" : "declined", argv[1]);
	mc_store_free(store);
	return rc;
}

static int run_accept(const cli_globals *g, int argc, char **argv)
{
	return decide(&cmd_org_accept, g, argc, argv, 1);
}

static int run_decline(const cli_globals *g, int argc, char **argv)
{
	return decide(&cmd_org_decline, g, argc, argv, 0);
}
