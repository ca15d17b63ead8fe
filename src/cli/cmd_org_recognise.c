/*
 * microcred org recognise | unrecognise | recognitions: the QA bodies the
 * platform admin recognises for a country, and the providers registered
 * self-accrediting (account.h).  The command line is the operator's: the
 * change is recorded with the actor "cli", in the audit log too.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int run_recognise(const cli_globals *g, int argc, char **argv);
static int run_unrecognise(const cli_globals *g, int argc, char **argv);
static int run_list(const cli_globals *g, int argc, char **argv);

enum { KIND_COUNTRY, KIND_SELF_ACCREDITING, KIND_COUNT };
static const cli_option kind_options[] = {
    [KIND_COUNTRY] = {"country", "CC", "ISO 3166-1 alpha-2, upper case"},
    [KIND_SELF_ACCREDITING] = {"self-accrediting", NULL,
			       "the organisation reviews its own MCs (its own "
			       "country)"},
};
CLI_OPTIONS_CHECK(kind_options, KIND_COUNT);

enum { LIST_ORG, LIST_COUNTRY, LIST_JSON, LIST_COUNT };
static const cli_option list_options[] = {
    [LIST_ORG] = {"org", "ORG", "of one organisation"},
    [LIST_COUNTRY] = {"country", "CC", "for one country"},
    [LIST_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(list_options, LIST_COUNT);

const cli_command cmd_org_recognise = {
    .name = "org recognise",
    .args = "ORG --country CC [--self-accrediting]",
    .summary = "recognise ORG as a QA body for a country",
    CLI_OPTIONS(kind_options),
    .run = run_recognise,
};

const cli_command cmd_org_unrecognise = {
    .name = "org unrecognise",
    .args = "ORG --country CC [--self-accrediting]",
    .summary = "withdraw a recognition",
    CLI_OPTIONS(kind_options),
    .run = run_unrecognise,
};

const cli_command cmd_org_recognitions = {
    .name = "org recognitions",
    .args = "[--org ORG] [--country CC] [--json]",
    .summary = "list recognised QA bodies and self-accrediting providers",
    CLI_OPTIONS(list_options),
    .run = run_list,
};

/* Grant (`grant` non-zero) or withdraw. */
static int change(const cli_command *cmd, const cli_globals *g, int argc,
		  char **argv, int grant)
{
	mc_recognition_kind kind;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, cmd, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1 || !a.value[KIND_COUNTRY]) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	kind = a.value[KIND_SELF_ACCREDITING] ? MC_RECOGNITION_SELF_ACCREDITING
					      : MC_RECOGNITION_QA_BODY;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = grant ? mc_recognition_grant(store, "cli", argv[0],
					     a.value[KIND_COUNTRY], kind)
		      : mc_recognition_withdraw(store, "cli", argv[0],
						a.value[KIND_COUNTRY], kind);
	if (error < 0)
		rc = cli_fail(store, error);
	else
		printf("%s %s %s for %s\n", argv[0],
		       grant ? "recognised as" : "no longer",
		       mc_recognition_kind_name(kind), a.value[KIND_COUNTRY]);
	mc_store_free(store);
	return rc;
}

static int run_recognise(const cli_globals *g, int argc, char **argv)
{
	return change(&cmd_org_recognise, g, argc, argv, 1);
}

static int run_unrecognise(const cli_globals *g, int argc, char **argv)
{
	return change(&cmd_org_unrecognise, g, argc, argv, 0);
}

static int run_list(const cli_globals *g, int argc, char **argv)
{
	mc_recognition *list = NULL;
	char *json = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_org_recognitions, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_org_recognitions);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_recognition_list(store, &list, &n, a.value[LIST_ORG],
					 a.value[LIST_COUNTRY])) < 0) {
		rc = cli_fail(store, error);
	} else if (a.value[LIST_JSON]) {
		if (mc_recognition_list_to_json(&json, list, n) < 0)
			rc = EXIT_USAGE;
		else
			printf("%s\n", json);
	} else {
		for (i = 0; i < n; i++)
			printf("%s %s %s (%s, %s)\n", list[i].country,
			       mc_recognition_kind_name(list[i].kind),
			       list[i].org_id,
			       list[i].granted_by ? list[i].granted_by : "-",
			       list[i].granted_at);
	}
	free(json);
	mc_recognition_list_free(list, n);
	mc_store_free(store);
	return rc;
}
