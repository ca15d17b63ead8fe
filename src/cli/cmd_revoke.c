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

#define STATE_HELP                                                             \
	"  --reason TEXT   why (required; kept in the audit log)\n"            \
	"  --by NAME       who acts\n"

const cli_command cmd_revoke = {
    .name = "revoke",
    .args = "(CREDENTIAL_ID... | --mc ID | --list FILE) --reason TEXT",
    .summary = "revoke credentials for good (one, several, or all of an MC)",
    .notes = STATE_HELP "  --mc ID         every credential of this MC\n"
			"  --list FILE     credential ids, one per line\n",
    .run = run_revoke,
};
const cli_command cmd_suspend = {
    .name = "suspend",
    .args = "CREDENTIAL_ID --reason TEXT",
    .summary = "suspend a credential (reinstate can undo it)",
    .notes = STATE_HELP,
    .run = run_suspend,
};
const cli_command cmd_reinstate = {
    .name = "reinstate",
    .args = "CREDENTIAL_ID --reason TEXT",
    .summary = "lift a suspension",
    .notes = STATE_HELP,
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
	static const char *const spec[] = {
	    "reason=", "by=", "mc=", "list=", NULL};
	const char *v[4];
	const char **ids = NULL;
	char *text = NULL, err[512];
	size_t n = 0, len, changed = 0;
	mc_store *store = NULL;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(cmd, argc, argv, spec, v, &npos, &help)) ||
	    help)
		return rc;
	if (!v[0] || (to != MC_CRED_REVOKED && (npos != 1 || v[2] || v[3])) ||
	    (npos == 0 && !v[2] && !v[3])) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (v[3]) {
		if (cli_read_file(&text, &len, v[3], 64u * 1024 * 1024, err,
				  sizeof(err)) < 0) {
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
		    store, &changed, v[2], ids ? ids : (const char **)argv,
		    ids ? n : (size_t)npos, v[0], v[1]);
	else
		error = mc_credential_set_state(store, argv[0], to, v[0], v[1]);
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
