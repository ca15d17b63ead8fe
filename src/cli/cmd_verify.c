/*
 * microcred verify: check a credential file (Data Integrity JSON, VC-JWT
 * or a sealed European Digital Credential) and report each check.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_verify = {
    "verify",
    "FILE|- [--json] [--offline] [--trusted ISSUER[,ISSUER...]] "
    "[--trust-anchors FILE[,FILE...]] [--accreditation FILE] [--owner NAME]",
    "verify a credential: proof, issuer, validity, status, schema, trust "
    "(an EDC: format, seal, owner, revocation, expiry, accreditation)",
    "  --json            the report as JSON\n"
    "  --offline         never use the network (remote status lists and\n"
    "                    did:web keys are then reported as skipped)\n"
    "  --trusted LIST    comma-separated issuer ids to trust\n"
    "  --no-db           do not open the database (verify stand-alone)\n"
    "  --trust-anchors F EDC seals: PEM bundles or ETSI TS 119 612 trusted\n"
    "                    lists (XML), comma-separated; with a database its\n"
    "                    test CAs are trusted too, and reported as TEST\n"
    "  --accreditation F EDC: a JSON list of accredited awarding bodies and\n"
    "                    qualifications (default: this catalogue)\n"
    "  --owner NAME      EDC: the holder, compared with the subject\n"
    "\nExit status: 0 valid, 1 invalid, 2 cannot tell (or usage error).\n",
    run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	static const char *const spec[] = {
	    "json",	      "offline",       "trusted=",
	    "no-db",	      "trusted-file=", "trust-anchors=",
	    "accreditation=", "owner=",	       NULL};
	const char *v[8], *anchor_files[16];
	mc_trust_anchors *anchors = NULL;
	char *anchor_list = NULL;
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	mc_store *store = NULL;
	const char *trusted[256];
	char *data = NULL, *list = NULL, *file = NULL, err[512];
	size_t len, i;
	int npos, help, rc, error;

	if ((rc = cli_parse(&cmd_verify, argc, argv, spec, v, &npos, &help)) ||
	    help)
		return rc;
	if (npos != 1) {
		cli_usage(stderr, &cmd_verify);
		return EXIT_USAGE;
	}
	o.offline = v[1] != NULL;
	if (v[2] || v[4]) {
		char *tok, *save = NULL;
		size_t flen;

		if (v[2] && !(list = strdup(v[2])))
			return EXIT_USAGE;
		if (v[4] && cli_read_file(&file, &flen, v[4], 1024 * 1024, err,
					  sizeof(err)) < 0) {
			fprintf(stderr, "microcred: %s\n", err);
			free(list);
			return EXIT_USAGE;
		}
		o.trusted_count = 0;
		for (tok = list ? strtok_r(list, ",", &save) : NULL;
		     tok && o.trusted_count < 256;
		     tok = strtok_r(NULL, ",", &save))
			trusted[o.trusted_count++] = tok;
		save = NULL;
		for (tok = file ? strtok_r(file, "\r\n", &save) : NULL;
		     tok && o.trusted_count < 256;
		     tok = strtok_r(NULL, "\r\n", &save)) {
			tok += strspn(tok, " \t");
			if (*tok && *tok != '#')
				trusted[o.trusted_count++] = tok;
		}
		o.trusted_issuers = trusted;
	}
	if (v[5]) {
		char *tok, *save = NULL;
		size_t n = 0;

		if (!(anchor_list = strdup(v[5]))) {
			rc = EXIT_USAGE;
			goto cleanup;
		}
		for (tok = strtok_r(anchor_list, ",", &save); tok && n < 16;
		     tok = strtok_r(NULL, ",", &save))
			anchor_files[n++] = tok;
		if (mc_trust_anchors_load(&anchors, anchor_files, n, err,
					  sizeof(err)) < 0) {
			fprintf(stderr, "microcred: --trust-anchors: %s\n",
				err);
			rc = EXIT_USAGE;
			goto cleanup;
		}
		o.anchors = anchors;
	}
	o.accreditation_file = v[6];
	o.owner = v[7];
	if ((error = cli_read_file(&data, &len, argv[0], MC_CREDENTIAL_MAX, err,
				   sizeof(err))) < 0) {
		fprintf(stderr, "microcred: %s\n", err);
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (!v[3] && !(store = cli_open(g))) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if ((error = mc_credential_verify(store, &r, data, len, &o)) < 0) {
		fprintf(stderr, "microcred: %s\n", mc_error_str(error));
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (v[0]) {
		char *json = NULL;

		if (mc_verify_report_to_json(&json, r) == 0)
			printf("%s\n", json);
		free(json);
	} else {
		const char *name = mc_verdict_name(r->verdict);

		for (i = 0; name[i]; i++)
			putchar(name[i] == '-'
				    ? ' '
				    : toupper((unsigned char)name[i]));
		printf("%s%s\n", r->id ? ": " : "", r->id ? r->id : "");
		if (r->issuer)
			printf("issuer: %s\n", r->issuer);
		for (i = 0; i < r->count; i++)
			printf("  %-13s %-7s %s\n", r->checks[i].name,
			       mc_check_result_name(r->checks[i].result),
			       r->checks[i].reason);
	}
	/* 0 valid, 1 not valid (forged, revoked, suspended, expired, not yet
	 * valid, malformed), 2 cannot tell. */
	rc = mc_verdict_class(r->verdict) == MC_VERDICT_VALID	  ? 0
	     : mc_verdict_class(r->verdict) == MC_VERDICT_INVALID ? 1
								  : 2;

cleanup:
	mc_verify_report_free(r);
	mc_store_free(store);
	free(data);
	free(list);
	free(file);
	free(anchor_list);
	mc_trust_anchors_free(anchors);
	return rc;
}
