/*
 * microcred user add | list | grant | rename | passwd | disable | enable,
 * token create | list | revoke, and audit: accounts from the command
 * line, for the operator of the server (who has the database file, so acts as
 * "cli" in the audit log).  Passwords are read from a file or one line
 * of standard input, never from the command line, where other users of
 * the machine could see them; a token's secret is printed once, alone on
 * a line of standard output.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "microcred/account.h"

static int run_add(const cli_globals *g, int argc, char **argv);
static int run_list(const cli_globals *g, int argc, char **argv);
static int run_grant(const cli_globals *g, int argc, char **argv);
static int run_rename(const cli_globals *g, int argc, char **argv);
static int run_passwd(const cli_globals *g, int argc, char **argv);
static int run_disable(const cli_globals *g, int argc, char **argv);
static int run_enable(const cli_globals *g, int argc, char **argv);
static int run_token_create(const cli_globals *g, int argc, char **argv);
static int run_token_list(const cli_globals *g, int argc, char **argv);
static int run_token_revoke(const cli_globals *g, int argc, char **argv);
static int run_audit(const cli_globals *g, int argc, char **argv);

#define PASSWORD_FILE_HELP                                                     \
	"read the password from the first line of F; without it, one line "    \
	"is read from standard input (10..256 bytes of UTF-8)"
#define USER_HELP "email or id"

enum { ADD_EMAIL, ADD_NAME, ADD_PLATFORM_ADMIN, ADD_PASSWORD_FILE, ADD_COUNT };
static const cli_option add_options[] = {
    [ADD_EMAIL] = {"email", "E", "sign-in address (stored lowercased)"},
    [ADD_NAME] = {"name", "N", "display name"},
    [ADD_PLATFORM_ADMIN] = {"platform-admin", NULL,
			    "may administer everything but reviews"},
    [ADD_PASSWORD_FILE] = {"password-file", "F", PASSWORD_FILE_HELP},
};
CLI_OPTIONS_CHECK(add_options, ADD_COUNT);

const cli_command cmd_user_add = {
    .name = "user add",
    .args = "--email E --name N [--platform-admin] [--password-file F]",
    .summary = "create a user account",
    CLI_OPTIONS(add_options),
    .run = run_add,
};

enum { LIST_JSON, LIST_COUNT };
static const cli_option list_options[] = {
    [LIST_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(list_options, LIST_COUNT);

const cli_command cmd_user_list = {
    .name = "user list",
    .args = "[--json]",
    .summary = "list user accounts and their roles",
    CLI_OPTIONS(list_options),
    .run = run_list,
};

enum { GRANT_USER, GRANT_ORG, GRANT_ROLES, GRANT_COUNT };
static const cli_option grant_options[] = {
    [GRANT_USER] = {"user", "U", USER_HELP},
    [GRANT_ORG] = {"org", "ORG", "organisation id"},
    [GRANT_ROLES] = {"roles", "R",
		     "comma-separated: admin, designer, reviewer, issuer, "
		     "viewer; 'none' removes the membership"},
};
CLI_OPTIONS_CHECK(grant_options, GRANT_COUNT);

const cli_command cmd_user_grant = {
    .name = "user grant",
    .args = "--user U --org ORG --roles R",
    .summary = "set a user's roles in an organisation",
    CLI_OPTIONS(grant_options),
    .run = run_grant,
};

enum { RENAME_USER, RENAME_NAME, RENAME_COUNT };
static const cli_option rename_options[] = {
    [RENAME_USER] = {"user", "U", USER_HELP},
    [RENAME_NAME] = {"name", "N",
		     "the new display name (1..200 bytes of UTF-8)"},
};
CLI_OPTIONS_CHECK(rename_options, RENAME_COUNT);

const cli_command cmd_user_rename = {
    .name = "user rename",
    .args = "--user U --name N",
    .summary = "change a user's display name",
    CLI_OPTIONS(rename_options),
    .run = run_rename,
};

enum { PASSWD_USER, PASSWD_PASSWORD_FILE, PASSWD_COUNT };
static const cli_option passwd_options[] = {
    [PASSWD_USER] = {"user", "U", USER_HELP},
    [PASSWD_PASSWORD_FILE] = {"password-file", "F", PASSWORD_FILE_HELP},
};
CLI_OPTIONS_CHECK(passwd_options, PASSWD_COUNT);

const cli_command cmd_user_passwd = {
    .name = "user passwd",
    .args = "--user U [--password-file F]",
    .summary = "set a user's password (ends their sessions)",
    CLI_OPTIONS(passwd_options),
    .run = run_passwd,
};

enum { STATE_USER, STATE_COUNT };
static const cli_option state_options[] = {
    [STATE_USER] = {"user", "U", USER_HELP},
};
CLI_OPTIONS_CHECK(state_options, STATE_COUNT);

const cli_command cmd_user_disable = {
    .name = "user disable",
    .args = "--user U",
    .summary = "disable an account: sessions end, tokens stop working",
    CLI_OPTIONS(state_options),
    .run = run_disable,
};
const cli_command cmd_user_enable = {
    .name = "user enable",
    .args = "--user U",
    .summary = "enable a disabled account",
    CLI_OPTIONS(state_options),
    .run = run_enable,
};

enum { TOKEN_USER, TOKEN_NAME, TOKEN_SCOPES, TOKEN_DAYS, TOKEN_COUNT };
static const cli_option token_options[] = {
    [TOKEN_USER] = {"user", "U", "email or id of the token's owner"},
    [TOKEN_NAME] = {"name", "N", "what the token is for"},
    [TOKEN_SCOPES] = {"scopes", "S",
		      "comma-separated: read, catalogue, review, issue, "
		      "revoke, keys, admin; or 'all'"},
    [TOKEN_DAYS] = {"days", "N", "valid N days (default: no expiry; max 3650)"},
};
CLI_OPTIONS_CHECK(token_options, TOKEN_COUNT);

const cli_command cmd_token_create = {
    .name = "token create",
    .args = "--user U --name N --scopes S [--days N]",
    .summary = "create an API token; prints the secret once",
    CLI_OPTIONS(token_options),
    .run = run_token_create,
};

enum { TLIST_USER, TLIST_JSON, TLIST_COUNT };
static const cli_option token_list_options[] = {
    [TLIST_USER] = {"user", "U", USER_HELP},
    [TLIST_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(token_list_options, TLIST_COUNT);

const cli_command cmd_token_list = {
    .name = "token list",
    .args = "--user U [--json]",
    .summary = "list a user's API tokens",
    CLI_OPTIONS(token_list_options),
    .run = run_token_list,
};

enum { TREVOKE_USER, TREVOKE_ID, TREVOKE_COUNT };
static const cli_option token_revoke_options[] = {
    [TREVOKE_USER] = {"user", "U", USER_HELP},
    [TREVOKE_ID] = {"id", "T", "the token's id (as token list shows it)"},
};
CLI_OPTIONS_CHECK(token_revoke_options, TREVOKE_COUNT);

const cli_command cmd_token_revoke = {
    .name = "token revoke",
    .args = "--user U --id T",
    .summary = "revoke an API token",
    CLI_OPTIONS(token_revoke_options),
    .run = run_token_revoke,
};

enum { AUDIT_ORG, AUDIT_LIMIT, AUDIT_BEFORE, AUDIT_JSON, AUDIT_COUNT };
static const cli_option audit_options[] = {
    [AUDIT_ORG] = {"org", "ORG", "entries of one organisation"},
    [AUDIT_LIMIT] = {"limit", "N", "at most N entries (default 50, max 1000)"},
    [AUDIT_BEFORE] = {"before", "N", "entries numbered below N (to page on)"},
    [AUDIT_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(audit_options, AUDIT_COUNT);

const cli_command cmd_audit = {
    .name = "audit",
    .args = "[--org ORG] [--limit N] [--before N] [--json]",
    .summary = "show the audit log, newest first",
    CLI_OPTIONS(audit_options),
    .run = run_audit,
};

/* Parse; with no positional argument allowed.  Returns -1 to go on. */
static int parse(cli_args *a, const cli_command *cmd, int argc, char **argv)
{
	int rc;

	if ((rc = cli_parse(a, cmd, argc, argv)) || a->help)
		return rc;
	if (a->npos) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	return -1;
}

static int missing(const cli_command *cmd, const char *option)
{
	fprintf(stderr, "microcred: %s: --%s is required\n", cmd->name, option);
	cli_usage(stderr, cmd);
	return EXIT_USAGE;
}

/* Read the password: the first line of `path`, or of standard input.
 * Returns 0 or prints the problem and returns an exit code. */
static int read_password(char **out, const char *path)
{
	char err[256], *buf = NULL, *nl;
	size_t len = 0;
	int error;

	*out = NULL;
	error = cli_read_file(&buf, &len, path ? path : "-",
			      MC_PASSWORD_MAX + 2, err, sizeof(err));
	if (error == MC_ETOOBIG) {
		fprintf(stderr, "microcred: password: longer than %d bytes\n",
			MC_PASSWORD_MAX);
		return EXIT_REJECTED;
	}
	if (error) {
		fprintf(stderr, "microcred: password: %s\n", err);
		return EXIT_USAGE;
	}
	if ((nl = strchr(buf, '\n')))
		*nl = '\0';
	if ((nl = strchr(buf, '\r')))
		*nl = '\0';
	*out = buf;
	return 0;
}

static void password_free(char *pw)
{
	if (pw) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
}

/* The user named by email or id, or print why not. */
static int find_user(mc_store *store, mc_user **u, const char *who)
{
	int error = mc_user_get(store, u, who);

	return error ? cli_fail(store, error) : 0;
}

static void audit(mc_store *store, const char *action, const char *subject,
		  const char *org, const char *reason)
{
	if (mc_audit_add(store, "cli", action, subject, org, reason))
		fprintf(stderr, "microcred: warning: audit: %s\n",
			mc_store_errmsg(store));
}

static int run_add(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_user *u = NULL;
	mc_store *store;
	char *pw = NULL;
	int rc, error;

	if ((rc = parse(&a, &cmd_user_add, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[ADD_EMAIL])
		return missing(&cmd_user_add, "email");
	if (!a.value[ADD_NAME])
		return missing(&cmd_user_add, "name");
	if ((rc = read_password(&pw, a.value[ADD_PASSWORD_FILE])))
		return rc;
	if (!(store = cli_open(g))) {
		password_free(pw);
		return EXIT_USAGE;
	}
	error = mc_user_create(store, &u, a.value[ADD_EMAIL], a.value[ADD_NAME],
			       pw, a.value[ADD_PLATFORM_ADMIN] != NULL, &p);
	if (error) {
		cli_print_problems(&p);
		rc = p.count ? mc_error_exit_code(error)
			     : cli_fail(store, error);
	} else {
		audit(store, "user.create", u->id, NULL,
		      u->platform_admin ? "platform admin" : NULL);
		printf("%s %s\n", u->id, u->email);
	}
	password_free(pw);
	mc_problems_clear(&p);
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int run_list(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	mc_user **list = NULL;
	size_t n = 0, i, j;
	mc_store *store;
	int rc, error;

	if ((rc = parse(&a, &cmd_user_list, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_user_list(store, &list, &n))) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (a.value[LIST_JSON])
		printf("[");
	for (i = 0; i < n; i++) {
		const mc_user *u = list[i];

		if (a.value[LIST_JSON]) {
			char *json = NULL;

			if (mc_user_to_json(&json, u)) {
				rc = cli_fail(store, MC_ENOMEM);
				goto cleanup;
			}
			printf("%s%s", i ? "," : "", json);
			free(json);
			continue;
		}
		printf("%s %-32s %s%s", u->id, u->email,
		       u->platform_admin ? "platform-admin " : "",
		       u->disabled ? "disabled " : "");
		for (j = 0; j < u->nmemberships; j++) {
			char roles[96];

			mc_roles_format(roles, sizeof(roles),
					u->memberships[j].roles);
			printf("%s%s:%s", j ? " " : "",
			       u->memberships[j].org_id, roles);
		}
		printf("\n");
	}
	if (a.value[LIST_JSON])
		printf("]\n");

cleanup:
	mc_user_list_free(list, n);
	mc_store_free(store);
	return rc;
}

static int run_grant(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	char err[128], text[96];
	mc_user *u = NULL;
	unsigned roles;
	mc_store *store;
	int rc, error;

	if ((rc = parse(&a, &cmd_user_grant, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[GRANT_USER])
		return missing(&cmd_user_grant, "user");
	if (!a.value[GRANT_ORG])
		return missing(&cmd_user_grant, "org");
	if (!a.value[GRANT_ROLES])
		return missing(&cmd_user_grant, "roles");
	if (mc_roles_parse(&roles, a.value[GRANT_ROLES], err, sizeof(err))) {
		fprintf(stderr, "microcred: %s\n", err);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((rc = find_user(store, &u, a.value[GRANT_USER])))
		goto cleanup;
	if ((error = mc_member_set(store, u->id, a.value[GRANT_ORG], roles))) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	mc_roles_format(text, sizeof(text), roles);
	audit(store, "member.set", u->id, a.value[GRANT_ORG],
	      roles ? text : "none");
	printf("%s in %s: %s\n", u->email, a.value[GRANT_ORG],
	       roles ? text : "no roles");

cleanup:
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int run_rename(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_user *u = NULL;
	mc_store *store;
	int rc, error;

	if ((rc = parse(&a, &cmd_user_rename, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[RENAME_USER])
		return missing(&cmd_user_rename, "user");
	if (!a.value[RENAME_NAME])
		return missing(&cmd_user_rename, "name");
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((rc = find_user(store, &u, a.value[RENAME_USER])))
		goto cleanup;
	if ((error =
		 mc_user_set_name(store, u->id, a.value[RENAME_NAME], &p))) {
		cli_print_problems(&p);
		rc = p.count ? mc_error_exit_code(error)
			     : cli_fail(store, error);
		goto cleanup;
	}
	audit(store, "user.rename", u->id, NULL, NULL);
	printf("%s: name changed\n", u->email);

cleanup:
	mc_problems_clear(&p);
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int run_passwd(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_revoked ended = MC_REVOKED_INIT;
	mc_user *u = NULL;
	mc_store *store;
	char *pw = NULL, reason[1024];
	size_t i, used;
	int rc, error;

	if ((rc = parse(&a, &cmd_user_passwd, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[PASSWD_USER])
		return missing(&cmd_user_passwd, "user");
	if ((rc = read_password(&pw, a.value[PASSWD_PASSWORD_FILE])))
		return rc;
	if (!(store = cli_open(g))) {
		password_free(pw);
		return EXIT_USAGE;
	}
	if ((rc = find_user(store, &u, a.value[PASSWD_USER])))
		goto cleanup;
	/* The operator holds the database: a reset needs no current
	 * password, and ends every session and token all the same. */
	if ((error =
		 mc_user_set_password(store, &ended, u->id, NULL, pw, &p))) {
		cli_print_problems(&p);
		rc = p.count ? mc_error_exit_code(error)
			     : cli_fail(store, error);
		goto cleanup;
	}
	used = (size_t)snprintf(reason, sizeof(reason),
				"password changed; %zu sessions ended; %zu "
				"tokens revoked",
				ended.sessions, ended.ntokens);
	for (i = 0; i < ended.ntokens && used < sizeof(reason); i++)
		used +=
		    (size_t)snprintf(reason + used, sizeof(reason) - used,
				     "%s%s", i ? ", " : ": ", ended.tokens[i]);
	audit(store, "user.password", u->id, NULL, reason);
	printf("%s: password changed; %zu sessions ended; %zu API tokens "
	       "revoked\n",
	       u->email, ended.sessions, ended.ntokens);
	for (i = 0; i < ended.ntokens; i++)
		printf("revoked token %s\n", ended.tokens[i]);

cleanup:
	mc_revoked_clear(&ended);
	password_free(pw);
	mc_problems_clear(&p);
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int set_disabled(const cli_command *cmd, const cli_globals *g, int argc,
			char **argv, int disabled)
{
	cli_args a;
	mc_user *u = NULL;
	mc_store *store;
	int rc, error;

	if ((rc = parse(&a, cmd, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[STATE_USER])
		return missing(cmd, "user");
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((rc = find_user(store, &u, a.value[STATE_USER])))
		goto cleanup;
	if ((error = mc_user_set_disabled(store, u->id, disabled))) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	audit(store, disabled ? "user.disable" : "user.enable", u->id, NULL,
	      NULL);
	printf("%s: %s\n", u->email, disabled ? "disabled" : "enabled");

cleanup:
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int run_disable(const cli_globals *g, int argc, char **argv)
{
	return set_disabled(&cmd_user_disable, g, argc, argv, 1);
}

static int run_enable(const cli_globals *g, int argc, char **argv)
{
	return set_disabled(&cmd_user_enable, g, argc, argv, 0);
}

static int run_token_create(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	char err[128];
	mc_token_info *info = NULL;
	mc_user *u = NULL;
	mc_store *store;
	char *token = NULL;
	unsigned scopes;
	long days = 0;
	int rc, error;

	if ((rc = parse(&a, &cmd_token_create, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[TOKEN_USER])
		return missing(&cmd_token_create, "user");
	if (!a.value[TOKEN_NAME])
		return missing(&cmd_token_create, "name");
	if (!a.value[TOKEN_SCOPES])
		return missing(&cmd_token_create, "scopes");
	if (mc_scopes_parse(&scopes, a.value[TOKEN_SCOPES], err, sizeof(err)) ||
	    !scopes) {
		fprintf(stderr, "microcred: %s\n",
			scopes ? err : "scopes: at least one");
		return EXIT_USAGE;
	}
	if (a.value[TOKEN_DAYS] &&
	    (days = cli_number("days", a.value[TOKEN_DAYS], 3650)) < 1)
		return EXIT_USAGE;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((rc = find_user(store, &u, a.value[TOKEN_USER])))
		goto cleanup;
	if ((error = mc_token_create(store, &token, &info, u->id,
				     a.value[TOKEN_NAME], scopes,
				     (unsigned)days))) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	audit(store, "token.create", info->id, NULL, a.value[TOKEN_SCOPES]);
	fprintf(stderr, "token %s for %s (shown once; store it now):\n",
		info->id, u->email);
	printf("%s\n", token);

cleanup:
	if (token) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	mc_token_info_free(info);
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int run_token_list(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	mc_token_info **list = NULL;
	mc_user *u = NULL;
	size_t n = 0, i;
	mc_store *store;
	int rc, error;

	if ((rc = parse(&a, &cmd_token_list, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[TLIST_USER])
		return missing(&cmd_token_list, "user");
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((rc = find_user(store, &u, a.value[TLIST_USER])))
		goto cleanup;
	if ((error = mc_token_list(store, &list, &n, u->id))) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (a.value[TLIST_JSON])
		printf("[");
	for (i = 0; i < n; i++) {
		char scopes[96];

		if (a.value[TLIST_JSON]) {
			char *json = NULL;

			if (mc_token_info_to_json(&json, list[i])) {
				rc = cli_fail(store, MC_ENOMEM);
				goto cleanup;
			}
			printf("%s%s", i ? "," : "", json);
			free(json);
			continue;
		}
		mc_scopes_format(scopes, sizeof(scopes), list[i]->scopes);
		printf("%s %-8s %-24s %s expires %s\n", list[i]->id,
		       list[i]->revoked ? "revoked" : "active", list[i]->name,
		       scopes,
		       list[i]->expires_at ? list[i]->expires_at : "never");
	}
	if (a.value[TLIST_JSON])
		printf("]\n");

cleanup:
	mc_token_list_free(list, n);
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int run_token_revoke(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	mc_user *u = NULL;
	mc_store *store;
	int rc, error;

	if ((rc = parse(&a, &cmd_token_revoke, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (!a.value[TREVOKE_USER])
		return missing(&cmd_token_revoke, "user");
	if (!a.value[TREVOKE_ID])
		return missing(&cmd_token_revoke, "id");
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((rc = find_user(store, &u, a.value[TREVOKE_USER])))
		goto cleanup;
	if ((error = mc_token_revoke(store, u->id, a.value[TREVOKE_ID]))) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	audit(store, "token.revoke", a.value[TREVOKE_ID], NULL, NULL);
	printf("%s: revoked\n", a.value[TREVOKE_ID]);

cleanup:
	mc_user_free(u);
	mc_store_free(store);
	return rc;
}

static int run_audit(const cli_globals *g, int argc, char **argv)
{
	cli_args a;
	mc_audit_entry *list = NULL;
	long limit = 50, before = 0;
	size_t n = 0, i;
	mc_store *store;
	int rc, error;

	if ((rc = parse(&a, &cmd_audit, argc, argv)) >= 0)
		return rc;
	rc = 0;
	if (a.value[AUDIT_LIMIT] &&
	    (limit = cli_number("limit", a.value[AUDIT_LIMIT], 1000)) < 1) {
		if (limit == 0)
			fprintf(stderr,
				"microcred: --limit: must be 1..1000\n");
		return EXIT_USAGE;
	}
	if (a.value[AUDIT_BEFORE] &&
	    (before =
		 cli_number("before", a.value[AUDIT_BEFORE], 0x7fffffffL)) < 0)
		return EXIT_USAGE;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_audit_list(store, &list, &n, a.value[AUDIT_ORG], before,
				   (size_t)limit))) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (a.value[AUDIT_JSON]) {
		char *json = NULL;

		if (mc_audit_list_to_json(&json, list, n)) {
			rc = cli_fail(store, MC_ENOMEM);
			goto cleanup;
		}
		printf("%s\n", json);
		free(json);
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		printf("%lld %s %-24s %-20s %s%s%s%s%s%s%s\n", list[i].n,
		       list[i].at, list[i].actor ? list[i].actor : "-",
		       list[i].action, list[i].subject ? list[i].subject : "-",
		       list[i].org_id ? " org=" : "",
		       list[i].org_id ? list[i].org_id : "",
		       list[i].client ? " client=" : "",
		       list[i].client ? list[i].client : "",
		       list[i].reason ? " reason=" : "",
		       list[i].reason ? list[i].reason : "");

cleanup:
	mc_audit_list_free(list, n);
	mc_store_free(store);
	return rc;
}
