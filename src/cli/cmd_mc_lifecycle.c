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

#define LIFECYCLE_HELP                                                         \
	"  --by NAME     who acts (recorded in the history)\n"                 \
	"  --note TEXT   a comment (recorded in the history)\n\n"              \
	"draft -> in_review (submit) -> approved (approve) -> published\n"     \
	"(publish) -> retired (retire); return sends a version in review or\n" \
	"approved back to draft.\n"

const cli_command cmd_mc_submit = {
    .name = "mc submit",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "submit a draft for review",
    .notes = LIFECYCLE_HELP,
    .run = run_submit,
};
const cli_command cmd_mc_approve = {
    .name = "mc approve",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "approve a micro-credential in review",
    .notes = LIFECYCLE_HELP,
    .run = run_approve,
};
const cli_command cmd_mc_return = {
    .name = "mc return",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "return a micro-credential in review or approved to draft",
    .notes = LIFECYCLE_HELP,
    .run = run_return,
};
const cli_command cmd_mc_publish = {
    .name = "mc publish",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary =
	"publish an approved micro-credential (retires the older version)",
    .notes = LIFECYCLE_HELP,
    .run = run_publish,
};
const cli_command cmd_mc_retire = {
    .name = "mc retire",
    .args = "ID [--by NAME] [--note TEXT]",
    .summary = "retire the published version",
    .notes = LIFECYCLE_HELP,
    .run = run_retire,
};

static int run(const cli_command *cmd, mc_status to, const cli_globals *g,
	       int argc, char **argv)
{
	static const char *const spec[] = {"by=", "note=", NULL};
	const char *v[2];
	mc_store *store;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(cmd, argc, argv, spec, v, &npos, &help)) ||
	    help)
		return rc;
	if (npos != 1) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_catalogue_transition(store, argv[0], to, v[0], v[1])) <
	    0)
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
