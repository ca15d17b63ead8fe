/*
 * microcred key generate | rotate | list | did: issuer keys.  generate and
 * rotate are the same act (a new key takes over signing for its type, the
 * old one stays published for verification), so they share this file.
 */
#include <stdlib.h>

#include "cli.h"

static int run_generate(const cli_globals *g, int argc, char **argv);
static int run_rotate(const cli_globals *g, int argc, char **argv);
static int run_list(const cli_globals *g, int argc, char **argv);
static int run_did(const cli_globals *g, int argc, char **argv);

enum { GEN_ORG, GEN_TYPE, GEN_COUNT };
static const cli_option generate_options[] = {
    [GEN_ORG] = {"org", "ORG", "the organisation (required)"},
    [GEN_TYPE] = {"type", "TYPE",
		  "ed25519 (default; Data Integrity), rsa2048 (VC-JWT RS256) "
		  "or p256 (VC-JWT ES256)"},
};
CLI_OPTIONS_CHECK(generate_options, GEN_COUNT);

#define KEY_NOTES                                                              \
	"Private keys are stored encrypted under the master key and are\n"     \
	"never printed.\n"

enum { LIST_ORG, LIST_JSON, LIST_COUNT };
static const cli_option list_options[] = {
    [LIST_ORG] = {"org", "ORG", "the keys of one organisation"},
    [LIST_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(list_options, LIST_COUNT);

const cli_command cmd_key_generate = {
    .name = "key generate",
    .args = "--org ORG [--type TYPE]",
    .summary = "create a signing key for an organisation",
    CLI_OPTIONS(generate_options),
    .notes = KEY_NOTES,
    .run = run_generate,
};
const cli_command cmd_key_rotate = {
    .name = "key rotate",
    .args = "--org ORG [--type TYPE]",
    .summary = "replace the signing key; the old one still verifies",
    CLI_OPTIONS(generate_options),
    .notes = KEY_NOTES,
    .run = run_rotate,
};
const cli_command cmd_key_list = {
    .name = "key list",
    .args = "[--org ORG] [--json]",
    .summary = "list keys (public parts only)",
    CLI_OPTIONS(list_options),
    .run = run_list,
};
const cli_command cmd_key_did = {
    .name = "key did",
    .args = "ORG",
    .summary =
	"print the organisation's DID and, for did:web, its DID document",
    .run = run_did,
};

static int generate(const cli_command *cmd, const cli_globals *g, int argc,
		    char **argv)
{
	mc_key_type type = MC_KEY_ED25519;
	mc_key_info *k = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, cmd, argc, argv)) || a.help)
		return rc;
	if (a.npos || !a.value[GEN_ORG] ||
	    (a.value[GEN_TYPE] &&
	     mc_key_type_parse(&type, a.value[GEN_TYPE]) < 0)) {
		cli_usage(stderr, cmd);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_key_generate(store, &k, a.value[GEN_ORG], type)) < 0)
		rc = cli_fail(store, error);
	else
		printf("%s: %s key, verification method %s\n", k->id,
		       mc_key_type_name(k->type), k->verification_method);
	mc_key_info_free(k);
	mc_store_free(store);
	return rc;
}

static int run_generate(const cli_globals *g, int argc, char **argv)
{
	return generate(&cmd_key_generate, g, argc, argv);
}

static int run_rotate(const cli_globals *g, int argc, char **argv)
{
	return generate(&cmd_key_rotate, g, argc, argv);
}

static int run_list(const cli_globals *g, int argc, char **argv)
{
	mc_key_info **keys = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_key_list, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_key_list);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_key_list(store, &keys, &n, a.value[LIST_ORG])) < 0) {
		rc = cli_fail(store, error);
	} else if (a.value[LIST_JSON]) {
		json_t *arr = json_array();
		char *s;

		for (i = 0; i < n; i++)
			json_array_append_new(
			    arr, json_pack(
				     "{s:s, s:s, s:s, s:s, s:s?, s:s, "
				     "s:o}",
				     "id", keys[i]->id, "org", keys[i]->org_id,
				     "type", mc_key_type_name(keys[i]->type),
				     "created", keys[i]->created_at, "retired",
				     keys[i]->retired_at, "verification_method",
				     keys[i]->verification_method, "public_jwk",
				     json_loads(keys[i]->public_jwk, 0, NULL)));
		s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s ? s : "[]");
		free(s);
		json_decref(arr);
	} else {
		for (i = 0; i < n; i++)
			printf("%-36s %-8s %s %s\n", keys[i]->id,
			       mc_key_type_name(keys[i]->type),
			       keys[i]->retired_at ? "retired" : "active ",
			       keys[i]->verification_method);
	}
	mc_key_list_free(keys, n);
	mc_store_free(store);
	return rc;
}

static int run_did(const cli_globals *g, int argc, char **argv)
{
	char *did = NULL, *doc = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_key_did, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_key_did);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_org_did(store, &did, argv[0])) < 0) {
		rc = cli_fail(store, error);
	} else {
		printf("%s\n", did);
		if (mc_did_document(store, &doc, argv[0]) == 0)
			printf("%s\n", doc);
	}
	free(did);
	free(doc);
	mc_store_free(store);
	return rc;
}
