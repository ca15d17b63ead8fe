/*
 * microcred seal: seal a European Digital Credential (JSON-LD) with an
 * organisation's X.509 seal, or a PEM key and chain, as JAdES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_seal = {
    .name = "seal",
    .args = "FILE|- (--org ORG | --key KEY.pem --chain CHAIN.pem) [--tsa URL] "
	    "[--keep] [--out FILE]",
    .summary =
	"seal a European Digital Credential (JSON-LD) with an X.509 seal "
	"(JAdES)",
    .notes =
	"  --org ORG          seal with the organisation's active seal\n"
	"  --key FILE         or with this PEM private key ...\n"
	"  --chain FILE       ... and its PEM certificate chain, leaf first\n"
	"  --password-file F  the PEM key's password\n"
	"  --tsa URL          an RFC 3161 time-stamping authority: JAdES B-T\n"
	"                     (default B-B)\n"
	"  --keep             seal the document as it is; by default it gets\n"
	"                     a new id, issued = now, and the issuer named by\n"
	"                     the seal certificate, as EDC's sealing does\n"
	"  --out FILE         where to write the sealed file (default "
	"stdout)\n",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {"org=",	     "key=", "chain=",
					   "password-file=", "tsa=", "keep",
					   "out=",	     NULL};
	const char *v[7];
	mc_seal_document_options o = MC_SEAL_DOCUMENT_OPTIONS_INIT;
	mc_store *store = NULL;
	char *doc = NULL, *key = NULL, *chain = NULL, *pw = NULL, *out = NULL;
	char err[600] = "";
	size_t doclen = 0, outlen = 0, n = 0;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_seal, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos != 1 || (!v[0] == !v[1]) || (!v[1] != !v[2])) {
		cli_usage(stderr, &cmd_seal);
		return EXIT_USAGE;
	}
	rc = EXIT_USAGE;
	if (cli_read_file(&doc, &doclen, argv[0], MC_CREDENTIAL_MAX, err,
			  sizeof(err)) < 0 ||
	    (v[1] && cli_read_file(&key, &o.key_len, v[1], MC_SEAL_FILE_MAX,
				   err, sizeof(err)) < 0) ||
	    (v[2] && cli_read_file(&chain, &o.chain_len, v[2], MC_SEAL_FILE_MAX,
				   err, sizeof(err)) < 0) ||
	    (v[3] &&
	     cli_read_file(&pw, &n, v[3], 4096, err, sizeof(err)) < 0)) {
		fprintf(stderr, "microcred seal: %s\n", err);
		goto cleanup;
	}
	if (pw)
		pw[strcspn(pw, "\r\n")] = '\0';
	o.org_id = v[0];
	o.key_pem = key;
	o.chain_pem = chain;
	o.password = pw;
	o.tsa_url = v[4];
	o.keep = v[5] != NULL;
	if (v[0] && !(store = cli_open(g)))
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
	rc = cli_write_output(v[6], out, outlen) < 0 ? EXIT_USAGE : 0;

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
