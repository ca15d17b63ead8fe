/*
 * microcred revoke | suspend | reinstate: change a credential's status,
 * with the reason kept in the audit log; revoke also works in bulk (every
 * credential of an MC, or a list of ids).  The three differ only in the
 * state they lead to, so they share this file.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_revoke(const cli_globals *g, int argc, char **argv);
static int run_suspend(const cli_globals *g, int argc, char **argv);
static int run_reinstate(const cli_globals *g, int argc, char **argv);

enum { OPT_REASON, OPT_BY, OPT_MC, OPT_LIST, OPT_COUNT };
static const cli_option options[] = {
    [OPT_REASON] = {"reason", "TEXT", "why (required; kept in the audit log)"},
    [OPT_BY] = {"by", "NAME", "who acts"},
    [OPT_MC] = {"mc", "ID", "every credential of this MC"},
    [OPT_LIST] = {"list", "FILE", "credential ids, one per line"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

/* suspend and reinstate: --reason and --by, the first two of revoke's. */
#define STATE_OPTIONS .options = options, .noptions = OPT_MC

const cli_command cmd_revoke = {
    .name = "revoke",
    .args = "(CREDENTIAL_ID... | --mc ID | --list FILE) --reason TEXT",
    .summary = "revoke credentials for good (one, several, or all of an MC)",
    CLI_OPTIONS(options),
    .run = run_revoke,
};
const cli_command cmd_suspend = {
    .name = "suspend",
    .args = "CREDENTIAL_ID --reason TEXT",
    .summary = "suspend a credential (reinstate can undo it)",
    STATE_OPTIONS,
    .run = run_suspend,
};
const cli_command cmd_reinstate = {
    .name = "reinstate",
    .args = "CREDENTIAL_ID --reason TEXT",
    .summary = "lift a suspension",
    STATE_OPTIONS,
    .run = run_reinstate,
};

/* Split a file of ids (one per line, blank lines skipped) in place. */
static size_t split_ids(char *text, const char **ids, size_t max)
{
	size_t n = 0;
	char *line, *save = NULL;

	for (line = strtok_r(text, "\r\n", &save); line && n < max;
	     line = strtok_r(NULL, "\r\n", &save))
		if (*line)
			ids[n++] = line;
	return n;
}

static int run(const cli_command *cmd, mc_credential_state to,
	       const cli_globals *g, int argc, char **argv)
{
	const char **ids = NULL;
	char *text = NULL, err[512];
	size_t n = 0, len, changed = 0;
	mc_store *store = NULL;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, cmd, argc, argv)) || a.help)
		return rc;
	if (!a.value[OPT_REASON] ||
	    (to != MC_CRED_REVOKED &&
	     (a.npos != 1 || a.value[OPT_MC] || a.value[OPT_LIST])) ||
	    (a.npos == 0 && !a.value[OPT_MC] && !a.value[OPT_LIST])) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (a.value[OPT_LIST]) {
		if (cli_read_file(&text, &len, a.value[OPT_LIST],
				  64u * 1024 * 1024, err, sizeof(err)) < 0) {
			fprintf(stderr, "microcred: %s\n", err);
			return EXIT_USAGE;
		}
		if (!(ids = calloc(len / 2 + 1, sizeof(*ids)))) {
			free(text);
			return EXIT_USAGE;
		}
		n = split_ids(text, ids, len / 2 + 1);
	}
	if (!(store = cli_open(g))) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (to == MC_CRED_REVOKED)
		error = mc_credential_revoke_many(
		    store, &changed, a.value[OPT_MC],
		    ids ? ids : (const char **)argv, ids ? n : (size_t)a.npos,
		    a.value[OPT_REASON], a.value[OPT_BY]);
	else
		error = mc_credential_set_state(
		    store, argv[0], to, a.value[OPT_REASON], a.value[OPT_BY]);
	if (error < 0)
		rc = cli_fail(store, error);
	else if (to == MC_CRED_REVOKED)
		printf("%zu credential%s revoked\n", changed,
		       changed == 1 ? "" : "s");
	else
		printf("%s: %s\n", argv[0], mc_credential_state_name(to));

cleanup:
	mc_store_free(store);
	free(ids);
	free(text);
	return rc;
}

static int run_revoke(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_revoke, MC_CRED_REVOKED, g, argc, argv);
}

static int run_suspend(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_suspend, MC_CRED_SUSPENDED, g, argc, argv);
}

static int run_reinstate(const cli_globals *g, int argc, char **argv)
{
	return run(&cmd_reinstate, MC_CRED_ACTIVE, g, argc, argv);
}
