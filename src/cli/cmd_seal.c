/*
 * microcred seal: seal a European Digital Credential (JSON-LD) with an
 * organisation's X.509 seal, or a PEM key and chain, as JAdES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum {
	OPT_ORG,
	OPT_KEY,
	OPT_CHAIN,
	OPT_PASSWORD_FILE,
	OPT_TSA,
	OPT_KEEP,
	OPT_OUT,
	OPT_COUNT
};
static const cli_option options[] = {
    [OPT_ORG] = {"org", "ORG", "seal with the organisation's active seal"},
    [OPT_KEY] = {"key", "KEY.pem", "or with this PEM private key ..."},
    [OPT_CHAIN] = {"chain", "CHAIN.pem",
		   "... and its PEM certificate chain, leaf first"},
    [OPT_PASSWORD_FILE] = {"password-file", "F", "the PEM key's password"},
    [OPT_TSA] = {"tsa", "URL",
		 "an RFC 3161 time-stamping authority: JAdES B-T (default "
		 "B-B)"},
    [OPT_KEEP] = {"keep", NULL,
		  "seal the document as it is; by default it gets a new id, "
		  "issued = now, and the issuer named by the seal "
		  "certificate, as EDC's sealing does"},
    [OPT_OUT] = {"out", "FILE",
		 "where to write the sealed file (default standard output)"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_seal = {
    .name = "seal",
    .args = "FILE|- (--org ORG | --key KEY.pem --chain CHAIN.pem) [--tsa URL] "
	    "[--keep] [--out FILE]",
    .summary = "seal a European Digital Credential (JSON-LD) with an X.509 "
	       "seal (JAdES)",
    CLI_OPTIONS(options),
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_seal_document_options o = MC_SEAL_DOCUMENT_OPTIONS_INIT;
	mc_store *store = NULL;
	char *doc = NULL, *key = NULL, *chain = NULL, *pw = NULL, *out = NULL;
	char err[600] = "";
	size_t doclen = 0, outlen = 0, n = 0;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_seal, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1 || (!a.value[OPT_ORG] == !a.value[OPT_KEY]) ||
	    (!a.value[OPT_KEY] != !a.value[OPT_CHAIN])) {
		cli_usage(stderr, &cmd_seal);
		return EXIT_USAGE;
	}
	rc = EXIT_USAGE;
	if (cli_read_file(&doc, &doclen, argv[0], MC_CREDENTIAL_MAX, err,
			  sizeof(err)) < 0 ||
	    (a.value[OPT_KEY] &&
	     cli_read_file(&key, &o.key_len, a.value[OPT_KEY], MC_SEAL_FILE_MAX,
			   err, sizeof(err)) < 0) ||
	    (a.value[OPT_CHAIN] &&
	     cli_read_file(&chain, &o.chain_len, a.value[OPT_CHAIN],
			   MC_SEAL_FILE_MAX, err, sizeof(err)) < 0) ||
	    (a.value[OPT_PASSWORD_FILE] &&
	     cli_read_file(&pw, &n, a.value[OPT_PASSWORD_FILE], 4096, err,
			   sizeof(err)) < 0)) {
		fprintf(stderr, "microcred seal: %s\n", err);
		goto cleanup;
	}
	if (pw)
		pw[strcspn(pw, "\r\n")] = '\0';
	o.org_id = a.value[OPT_ORG];
	o.key_pem = key;
	o.chain_pem = chain;
	o.password = pw;
	o.tsa_url = a.value[OPT_TSA];
	o.keep = a.value[OPT_KEEP] != NULL;
	if (a.value[OPT_ORG] && !(store = cli_open(g)))
		goto cleanup;
	if ((error = mc_seal_document(store, &out, &outlen, doc, doclen, &o,
				      err, sizeof(err))) < 0) {
		fprintf(stderr, "microcred seal: %s: %s\n", mc_error_str(error),
			err);
		rc = error == MC_EINVALID || error == MC_ENOTFOUND
			 ? EXIT_REJECTED
			 : EXIT_USAGE;
		goto cleanup;
	}
	rc = cli_write_output(a.value[OPT_OUT], out, outlen) < 0 ? EXIT_USAGE
								 : 0;

cleanup:
	if (pw)
		memset(pw, 0, strlen(pw));
	free(pw);
	free(key);
	free(chain);
	free(doc);
	free(out);
	mc_store_free(store);
	return rc;
}
