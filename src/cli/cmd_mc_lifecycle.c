/*
 * microcred mc submit | approve | return | publish | retire: move a
 * micro-credential through its lifecycle.  The five commands differ only
 * in the state they lead to, so they share this file.
 */
#include "cli.h"

static int run_submit(const cli_globals *g, int argc, char **argv);
static int run_approve(const cli_globals *g, int argc, char **argv);
static int run_return(const cli_globals *g, int argc, char **argv);
static int run_publish(const cli_globals *g, int argc, char **argv);
static int run_retire(const cli_globals *g, int argc, char **argv);

enum { OPT_BY, OPT_NOTE, OPT_COUNT };
static const cli_option options[] = {
    [OPT_BY] = {"by", "NAME", "who acts (recorded in the history)"},
    [OPT_NOTE] = {"note", "TEXT", "a comment (recorded in the history)"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

#define LIFECYCLE_NOTES                                                        \
	"draft -> in_review (submit) -> approved (approve) -> published\n"     \
	"(publish) -> retired (retire); return sends a version in review or\n" \
	"approved back to draft.\n"

const cli_command cmd_mc_submit = {
    .name = "mc submit",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "submit a draft for review",
    CLI_OPTIONS(options),
    .notes = LIFECYCLE_NOTES,
    .run = run_submit,
};
const cli_command cmd_mc_approve = {
    .name = "mc approve",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "approve a micro-credential in review",
    CLI_OPTIONS(options),
    .notes = LIFECYCLE_NOTES,
    .run = run_approve,
};
const cli_command cmd_mc_return = {
    .name = "mc return",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "return a micro-credential in review or approved to draft",
    CLI_OPTIONS(options),
    .notes = LIFECYCLE_NOTES,
    .run = run_return,
};
const cli_command cmd_mc_publish = {
    .name = "mc publish",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary =
	"publish an approved micro-credential (retires the older version)",
    CLI_OPTIONS(options),
    .notes = LIFECYCLE_NOTES,
    .run = run_publish,
};
const cli_command cmd_mc_retire = {
    .name = "mc retire",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "retire the published version",
    CLI_OPTIONS(options),
    .notes = LIFECYCLE_NOTES,
    .run = run_retire,
};

static int run(const cli_command *cmd, mc_status to, const cli_globals *g,
	       int argc, char **argv)
{
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, cmd, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_catalogue_transition(
		 store, argv[0], to, a.value[OPT_BY], a.value[OPT_NOTE])) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s: %s\n", argv[0], mc_status_name(to));
	mc_store_free(store);
	return rc;
}

static int run_submit(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_mc_submit, MC_STATUS_IN_REVIEW, g, argc, argv);
}

static int run_approve(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_mc_approve, MC_STATUS_APPROVED, g, argc, argv);
}

static int run_return(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_mc_return, MC_STATUS_DRAFT, g, argc, argv);
}

static int run_publish(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_mc_publish, MC_STATUS_PUBLISHED, g, argc, argv);
}

static int run_retire(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_mc_retire, MC_STATUS_RETIRED, g, argc, argv);
}
