/*
 * microcred cert create-test-ca | create-test-seal | import | list | show |
 * export-ca: organisations' electronic seal certificates.  Test CAs and
 * test seals are for demos and tests, and every command that shows one
 * says so.  Private keys are never printed.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_create_test_ca(const cli_globals *g, int argc, char **argv);
static int run_create_test_seal(const cli_globals *g, int argc, char **argv);
static int run_import(const cli_globals *g, int argc, char **argv);
static int run_list(const cli_globals *g, int argc, char **argv);
static int run_show(const cli_globals *g, int argc, char **argv);
static int run_export_ca(const cli_globals *g, int argc, char **argv);

#define TEST_MARK "TEST certificate - not an eIDAS trust service"

enum { CA_ALG, CA_OUT, CA_NOT_BEFORE, CA_NOT_AFTER, CA_COUNT };
static const cli_option ca_options[] = {
    [CA_ALG] = {"alg", "ALG",
		"key of the CA: RS256 (default, RSA 2048) or ES256 (P-256)"},
    [CA_OUT] = {"out", "FILE", "also write the CA certificate (PEM) there"},
    [CA_NOT_BEFORE] = {"not-before", "T",
		       "start of validity, RFC 3339 (default now)"},
    [CA_NOT_AFTER] = {"not-after", "T",
		      "end of validity, RFC 3339 (default 10 years)"},
};
CLI_OPTIONS_CHECK(ca_options, CA_COUNT);

const cli_command cmd_cert_create_test_ca = {
    .name = "cert create-test-ca",
    .args = "[--alg ALG] [--out FILE]",
    .summary = "create a local TEST CA that signs test seals",
    CLI_OPTIONS(ca_options),
    .notes = "A test CA is never an eIDAS trust service: verifiers trust it "
	     "only\nwhen told to (see `cert export-ca`).\n",
    .run = run_create_test_ca,
};

enum {
	SEAL_ALG,
	SEAL_ORG_IDENTIFIER,
	SEAL_NOT_BEFORE,
	SEAL_NOT_AFTER,
	SEAL_NO_KEY_USAGE,
	SEAL_COUNT
};
static const cli_option seal_options[] = {
    [SEAL_ALG] = {"alg", "ALG", "RS256 (default), PS256 or ES256"},
    [SEAL_ORG_IDENTIFIER] = {"org-identifier", "X",
			     "organizationIdentifier, ETSI EN 319 412-1 form "
			     "(VATUA-12345678, NTRGE-404123456); default from "
			     "the organisation's legal identifier or id"},
    [SEAL_NOT_BEFORE] = {"not-before", "T",
			 "start of validity, RFC 3339 (default now)"},
    [SEAL_NOT_AFTER] = {"not-after", "T",
			"end of validity, RFC 3339 (default 3 years)"},
    [SEAL_NO_KEY_USAGE] = {"no-key-usage", NULL,
			   "leave out keyUsage (to test verifiers)"},
};
CLI_OPTIONS_CHECK(seal_options, SEAL_COUNT);

const cli_command cmd_cert_create_test_seal = {
    .name = "cert create-test-seal",
    .args = "ORG [--alg ALG] [--org-identifier X] [--no-key-usage]",
    .summary = "make a TEST seal certificate for an organisation",
    CLI_OPTIONS(seal_options),
    .notes = "Signed by the newest test CA (`cert create-test-ca`); it "
	     "replaces the\norganisation's active seal.\n",
    .run = run_create_test_seal,
};

enum { IMP_P12, IMP_KEY, IMP_CHAIN, IMP_PASSWORD_FILE, IMP_COUNT };
static const cli_option import_options[] = {
    [IMP_P12] = {"p12", "FILE", "PKCS#12 (.p12/.pfx) with key and chain"},
    [IMP_KEY] = {"key", "KEY.pem", "PEM private key (RSA 2048..8192 or P-256)"},
    [IMP_CHAIN] = {"chain", "CHAIN.pem", "PEM certificates, the seal's first"},
    [IMP_PASSWORD_FILE] = {"password-file", "F",
			   "the password (first line) of the PKCS#12 or of an "
			   "encrypted key"},
};
CLI_OPTIONS_CHECK(import_options, IMP_COUNT);

const cli_command cmd_cert_import = {
    .name = "cert import",
    .args = "ORG (--p12 FILE | --key KEY.pem --chain CHAIN.pem) "
	    "[--password-file F]",
    .summary = "import an organisation's seal certificate and private key",
    CLI_OPTIONS(import_options),
    .notes = "The key is stored encrypted under the master key and never "
	     "printed.\n",
    .run = run_import,
};

enum { LIST_JSON, LIST_COUNT };
static const cli_option list_options[] = {
    [LIST_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(list_options, LIST_COUNT);

const cli_command cmd_cert_list = {
    .name = "cert list",
    .args = "[ORG] [--json]",
    .summary = "list seal certificates and test CAs",
    CLI_OPTIONS(list_options),
    .run = run_list,
};

enum { SHOW_PEM, SHOW_COUNT };
static const cli_option show_options[] = {
    [SHOW_PEM] = {"pem", NULL, "print the chain as PEM, the seal's first"},
};
CLI_OPTIONS_CHECK(show_options, SHOW_COUNT);

const cli_command cmd_cert_show = {
    .name = "cert show",
    .args = "ID|ORG [--pem]",
    .summary = "show a seal certificate (an organisation: its active seal)",
    CLI_OPTIONS(show_options),
    .run = run_show,
};

enum { EXPORT_OUT, EXPORT_COUNT };
static const cli_option export_options[] = {
    [EXPORT_OUT] = {"out", "FILE",
		    "where to write them (default standard output)"},
};
CLI_OPTIONS_CHECK(export_options, EXPORT_COUNT);

const cli_command cmd_cert_export_ca = {
    .name = "cert export-ca",
    .args = "[--out FILE]",
    .summary = "write the store's test CA certificates as PEM (trust anchors)",
    CLI_OPTIONS(export_options),
    .run = run_export_ca,
};

/* Write PEM text to `path` (NULL or "-": standard output). */
static int write_pem(const char *path, const char *pem)
{
	size_t len = strlen(pem);

	if (len && pem[len - 1] == '\n')
		len--; /* cli_write_output adds the final newline */
	return cli_write_output(path, pem, len) < 0 ? EXIT_USAGE : 0;
}

static void print_info(const mc_seal_info *s)
{
	printf("id:           %s\n", s->id);
	if (s->org_id)
		printf("organisation: %s\n", s->org_id);
	printf("kind:         %s%s\n", s->is_test ? "test " : "",
	       s->is_ca ? "CA" : "seal");
	printf("alg:          %s\n", s->alg);
	printf("subject:      %s\n", s->subject);
	printf("issuer:       %s\n", s->issuer);
	if (s->org_identifier)
		printf("org id:       %s\n", s->org_identifier);
	printf("serial:       %s\n", s->serial);
	printf("valid:        %s to %s\n", s->not_before, s->not_after);
	printf("SHA-256:      %s\n", s->fingerprint);
	printf("status:       %s%s\n", s->retired_at ? "retired " : "active",
	       s->retired_at ? s->retired_at : "");
	if (s->is_test)
		printf("%s\n", TEST_MARK);
}

static json_t *info_json(const mc_seal_info *s)
{
	return json_pack(
	    "{s:s, s:s?, s:b, s:b, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:s?, s:s?, s:s?, s:s, s:s, s:s?}",
	    "id", s->id, "org", s->org_id, "ca", s->is_ca, "test", s->is_test,
	    "alg", s->alg, "subject", s->subject, "issuer", s->issuer, "serial",
	    s->serial, "not_before", s->not_before, "not_after", s->not_after,
	    "organization", s->organization, "country", s->country,
	    "org_identifier", s->org_identifier, "fingerprint", s->fingerprint,
	    "created", s->created_at, "retired", s->retired_at);
}

/* Parse --alg and the dates into `o`; EXIT_USAGE on a bad alg. */
static int options(const cli_command *cmd, mc_seal_options *o, const char *alg,
		   const char *nb, const char *na)
{
	if (alg && strcmp(alg, "RS256") != 0 && strcmp(alg, "PS256") != 0 &&
	    strcmp(alg, "ES256") != 0) {
		fprintf(stderr,
			"microcred %s: --alg: unknown value '%s'; expected "
			"RS256, PS256 or ES256\n",
			cmd->name, alg);
		return EXIT_USAGE;
	}
	o->alg = alg;
	o->not_before = nb;
	o->not_after = na;
	return 0;
}

static int run_create_test_ca(const cli_globals *g, int argc, char **argv)
{
	mc_seal_options o = MC_SEAL_OPTIONS_INIT;
	mc_seal_info *ca = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cert_create_test_ca, argc, argv)) ||
	    a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_cert_create_test_ca);
		return EXIT_USAGE;
	}
	if ((rc = options(&cmd_cert_create_test_ca, &o, a.value[CA_ALG],
			  a.value[CA_NOT_BEFORE], a.value[CA_NOT_AFTER])))
		return rc;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_seal_create_test_ca(store, &ca, &o)) < 0) {
		rc = cli_fail(store, error);
	} else {
		print_info(ca);
		if (a.value[CA_OUT] &&
		    (rc = write_pem(a.value[CA_OUT], ca->chain_pem)) == 0)
			fprintf(stderr, "wrote %s\n", a.value[CA_OUT]);
	}
	mc_seal_info_free(ca);
	mc_store_free(store);
	return rc;
}

static int run_create_test_seal(const cli_globals *g, int argc, char **argv)
{
	mc_seal_options o = MC_SEAL_OPTIONS_INIT;
	mc_seal_info *s = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cert_create_test_seal, argc, argv)) ||
	    a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_cert_create_test_seal);
		return EXIT_USAGE;
	}
	if ((rc = options(&cmd_cert_create_test_seal, &o, a.value[SEAL_ALG],
			  a.value[SEAL_NOT_BEFORE], a.value[SEAL_NOT_AFTER])))
		return rc;
	o.org_identifier = a.value[SEAL_ORG_IDENTIFIER];
	o.no_key_usage = a.value[SEAL_NO_KEY_USAGE] != NULL;
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_seal_create_test(store, &s, argv[0], &o)) < 0)
		rc = cli_fail(store, error);
	else
		print_info(s);
	mc_seal_info_free(s);
	mc_store_free(store);
	return rc;
}

/* Read `path` of at most MC_SEAL_FILE_MAX bytes; prints the problem. */
static int read_input(char **out, size_t *len, const char *what,
		      const char *path)
{
	char err[512];
	int error;

	if ((error = cli_read_file(out, len, path, MC_SEAL_FILE_MAX, err,
				   sizeof(err))) < 0) {
		fprintf(stderr, "microcred cert import: %s: %s\n", what, err);
		return mc_error_exit_code(error);
	}
	return 0;
}

/* The first line of a password file (wiped and freed by the caller). */
static int read_password(char **out, size_t *len, const char *path)
{
	int rc = read_input(out, len, "--password-file", path);

	if (rc == 0) {
		char *p = *out;

		p[strcspn(p, "\r\n")] = '\0';
	}
	return rc;
}

static void wipe_free(char *p, size_t len)
{
	if (p) {
		volatile char *v = p;
		size_t i;

		for (i = 0; i < len; i++)
			v[i] = 0;
		free(p);
	}
}

static int run_import(const cli_globals *g, int argc, char **argv)
{
	char *p12 = NULL, *key = NULL, *chain = NULL, *pass = NULL;
	size_t p12len = 0, keylen = 0, chainlen = 0, passlen = 0;
	mc_seal_info *s = NULL;
	mc_store *store = NULL;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cert_import, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1 || (!a.value[IMP_P12] == !a.value[IMP_KEY]) ||
	    (a.value[IMP_P12] && a.value[IMP_CHAIN]) ||
	    (a.value[IMP_KEY] && !a.value[IMP_CHAIN])) {
		fprintf(stderr, "microcred cert import: give --p12 FILE, or "
				"--key FILE and --chain FILE\n");
		cli_usage(stderr, &cmd_cert_import);
		return EXIT_USAGE;
	}
	if ((a.value[IMP_PASSWORD_FILE] &&
	     (rc = read_password(&pass, &passlen,
				 a.value[IMP_PASSWORD_FILE]))) ||
	    (a.value[IMP_P12] &&
	     (rc = read_input(&p12, &p12len, "--p12", a.value[IMP_P12]))) ||
	    (a.value[IMP_KEY] &&
	     (rc = read_input(&key, &keylen, "--key", a.value[IMP_KEY]))) ||
	    (a.value[IMP_CHAIN] &&
	     (rc = read_input(&chain, &chainlen, "--chain",
			      a.value[IMP_CHAIN]))))
		goto cleanup;
	if (!(store = cli_open(g))) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	error = p12 ? mc_seal_import_pkcs12(store, &s, argv[0],
					    (const unsigned char *)p12, p12len,
					    pass)
		    : mc_seal_import_pem(store, &s, argv[0], key, keylen, chain,
					 chainlen, pass);
	if (error < 0)
		rc = cli_fail(store, error);
	else
		print_info(s);

cleanup:
	wipe_free(pass, passlen);
	wipe_free(key, keylen);
	free(p12);
	free(chain);
	mc_seal_info_free(s);
	mc_store_free(store);
	return rc;
}

static int run_list(const cli_globals *g, int argc, char **argv)
{
	mc_seal_info **list = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cert_list, argc, argv)) || a.help)
		return rc;
	if (a.npos > 1) {
		cli_usage(stderr, &cmd_cert_list);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_seal_list(store, &list, &n, a.npos ? argv[0] : NULL)) <
	    0) {
		rc = cli_fail(store, error);
	} else if (a.value[LIST_JSON]) {
		json_t *arr = json_array();
		char *s;

		for (i = 0; i < n; i++)
			json_array_append_new(arr, info_json(list[i]));
		s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s ? s : "[]");
		free(s);
		json_decref(arr);
	} else {
		for (i = 0; i < n; i++)
			printf("%-32s %-5s %-7s %-7s %s%s\n", list[i]->id,
			       list[i]->alg, list[i]->is_ca ? "CA" : "seal",
			       list[i]->retired_at ? "retired" : "active",
			       list[i]->subject,
			       list[i]->is_test ? "  [TEST]" : "");
		if (n)
			printf("[TEST]: %s\n", TEST_MARK);
	}
	mc_seal_list_free(list, n);
	mc_store_free(store);
	return rc;
}

static int run_show(const cli_globals *g, int argc, char **argv)
{
	mc_seal_info **list = NULL, *s = NULL;
	size_t n = 0, i;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cert_show, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_cert_show);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	/* A seal id first, else the organisation's active seal. */
	if ((error = mc_seal_list(store, &list, &n, NULL)) < 0)
		goto failed;
	for (i = 0; i < n && !s; i++)
		if (strcmp(list[i]->id, argv[0]) == 0) {
			s = list[i];
			list[i] = NULL;
		}
	if (!s && (error = mc_seal_active(store, &s, argv[0])) < 0)
		goto failed;
	if (a.value[SHOW_PEM])
		rc = write_pem(NULL, s->chain_pem);
	else
		print_info(s);
	goto cleanup;

failed:
	rc = cli_fail(store, error);
cleanup:
	mc_seal_info_free(s);
	mc_seal_list_free(list, n);
	mc_store_free(store);
	return rc;
}

static int run_export_ca(const cli_globals *g, int argc, char **argv)
{
	char *pem = NULL;
	mc_store *store;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_cert_export_ca, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_cert_export_ca);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_seal_store_anchors(store, &pem)) < 0) {
		rc = cli_fail(store, error);
	} else if (!*pem) {
		fprintf(stderr, "microcred: no test CA in this store; run "
				"`microcred cert create-test-ca`\n");
		rc = EXIT_REJECTED;
	} else {
		rc = write_pem(a.value[EXPORT_OUT], pem);
		fprintf(stderr, "%s\n", TEST_MARK);
	}
	free(pem);
	mc_store_free(store);
	return rc;
}
