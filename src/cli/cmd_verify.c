/*
 * microcred verify: check a credential (Data Integrity JSON, VC-JWT or a
 * sealed European Digital Credential), given as a file, a PDF certificate
 * or baked badge image carrying one, or a URL, and report the verdict,
 * what was verified and each check.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "microcred/extract.h"

static int run(const cli_globals *g, int argc, char **argv);

enum {
	OPT_JSON,
	OPT_OFFLINE,
	OPT_NO_DB,
	OPT_TRUSTED,
	OPT_TRUSTED_FILE,
	OPT_TRUST_ANCHORS,
	OPT_ACCREDITATION,
	OPT_OWNER,
	OPT_COUNT
};
static const cli_option options[] = {
    [OPT_JSON] = {"json", NULL, "the report as JSON"},
    [OPT_OFFLINE] = {"offline", NULL,
		     "never use the network (remote status lists, did:web "
		     "keys and other platforms' URLs are then not fetched)"},
    [OPT_NO_DB] = {"no-db", NULL,
		   "do not open the database (verify stand-alone)"},
    [OPT_TRUSTED] = {"trusted", "LIST", "comma-separated issuer ids to trust"},
    [OPT_TRUSTED_FILE] = {"trusted-file", "FILE",
			  "issuer ids to trust, one per line, '#' starting a "
			  "comment; with --trusted, both count"},
    [OPT_TRUST_ANCHORS] = {"trust-anchors", "FILES",
			   "EDC seals: PEM bundles or ETSI TS 119 612 trusted "
			   "lists (XML), comma-separated; with a database its "
			   "test CAs are trusted too, and reported as TEST"},
    [OPT_ACCREDITATION] = {"accreditation", "FILE",
			   "EDC: a JSON list of accredited awarding bodies and "
			   "qualifications (default: this catalogue)"},
    [OPT_OWNER] = {"owner", "NAME",
		   "the name of the person who showed it, compared with the "
		   "credential's subject"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_verify = {
    .name = "verify",
    .args = "FILE|URL|- [--json] [--offline] [--no-db] [--trusted LIST] "
	    "[--trusted-file FILE] [--trust-anchors FILES] "
	    "[--accreditation FILE] [--owner NAME]",
    .summary = "verify a credential: proof, issuer, validity, status, "
	       "schema, trust (an EDC: format, seal, owner, revocation, "
	       "expiry, accreditation)",
    .intro = "FILE is the credential (.json, .jsonld, .jwt), a PDF "
	     "certificate\ncarrying it as an attached file, or a baked badge "
	     "image (.png, .svg);\n'-' reads it from standard input.  URL is "
	     "a credential's address:\nthis platform's (its id, its page, or "
	     "its UUID) is looked up in the\ndatabase, another's fetched over "
	     "HTTPS.\n",
    CLI_OPTIONS(options),
    .notes = "Exit status: 0 valid; 1 not valid (forged or altered, "
	     "revoked,\nsuspended, expired, not yet valid, malformed, a "
	     "damaged PDF or image,\nan address of this platform naming no "
	     "credential); 2 cannot tell\n(also: a PDF or image that carries "
	     "no credential, an address that\ncould not be fetched or "
	     "answers with no credential) or a usage\nerror.\n",
    .run = run,
};

/* Non-zero when `arg` names a URL, or a UUID that is no file here. */
static int is_address(const char *arg)
{
	struct stat st;
	size_t i;

	if (strncmp(arg, "https://", 8) == 0 || strncmp(arg, "http://", 7) == 0)
		return 1;
	if (strlen(arg) != 36 || stat(arg, &st) == 0)
		return 0;
	for (i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23
			? arg[i] != '-'
			: !isxdigit((unsigned char)arg[i]))
			return 0;
	return 1;
}

/* Where the credential came from, as the first lines say it. */
static const char *carrier_text(mc_carrier c)
{
	switch (c) {
	case MC_CARRIER_PDF:
		return "pdf (the credential attached to the PDF)";
	case MC_CARRIER_PNG:
		return "png (a baked badge image)";
	case MC_CARRIER_SVG:
		return "svg (a baked badge image)";
	case MC_CARRIER_RAW:
		break;
	}
	return "raw (the credential itself)";
}

/* The credential `arg` names (file, "-", URL or UUID) into *data / *len;
 * *from says where it came from.  Returns 0 or an exit code, the reason
 * printed. */
static int read_input(mc_store *store, const char *arg, int network,
		      char **data, size_t *len, const char **from)
{
	mc_carrier carrier = MC_CARRIER_RAW;
	char *file = NULL, err[512] = "";
	size_t flen = 0;
	int error;

	if (is_address(arg)) {
		const char *base = store ? mc_store_base_url(store) : NULL;

		*from = !strstr(arg, "://") ||
				(base && *base &&
				 strncmp(arg, base, strlen(base)) == 0)
			    ? "url (this platform's, from its database)"
			    : "url (fetched)";
		error = mc_credential_from_url(store, arg, network, data, len,
					       err, sizeof(err));
		if (error == 0)
			return 0;
		fprintf(stderr, "microcred: %s\n",
			*err ? err : mc_error_str(error));
		/* A credential of ours that does not exist is a claim that
		 * fails; an address not fetched leaves it unknown. */
		return error == MC_ENOTFOUND && !strstr(err, "HTTP status")
			   ? EXIT_REJECTED
			   : EXIT_USAGE;
	}
	if ((error = cli_read_file(&file, &flen, arg, MC_CARRIER_MAX, err,
				   sizeof(err))) < 0) {
		fprintf(stderr, "microcred: %s\n", err);
		return EXIT_USAGE;
	}
	error = mc_credential_extract(file, flen, data, len, &carrier, err,
				      sizeof(err));
	free(file);
	*from = carrier_text(carrier);
	if (error == 0)
		return 0;
	fprintf(stderr, "microcred: %s: %s\n", arg,
		*err ? err : mc_error_str(error));
	if (error == MC_ENOTFOUND && carrier == MC_CARRIER_PDF)
		fprintf(stderr, "microcred: this PDF carries no credential: "
				"verify the credential its QR code points to "
				"(microcred verify URL)\n");
	return error == MC_EINVALID ? EXIT_REJECTED : EXIT_USAGE;
}

/* The verdict's name in capitals ("CANNOT TELL"). */
static void put_verdict(mc_verdict v)
{
	const char *name = mc_verdict_name(v);
	size_t i;

	for (i = 0; name[i]; i++)
		putchar(name[i] == '-' ? ' ' : toupper((unsigned char)name[i]));
}

/* What was verified, one "name: value" line each. */
static void put_about(const mc_verify_report *r)
{
	const mc_verify_about *a = &r->about;
	size_t i;

	if (a->learner && *a->learner)
		printf("learner: %s\n", a->learner);
	for (i = 0; i < a->ntitle; i++)
		if (a->title[i].text && *a->title[i].text)
			printf("title%s%s%s: %s\n",
			       a->title[i].lang && *a->title[i].lang ? " ["
								     : "",
			       a->title[i].lang ? a->title[i].lang : "",
			       a->title[i].lang && *a->title[i].lang ? "]" : "",
			       a->title[i].text);
	if (a->level && *a->level)
		printf("level: %s\n", a->level);
	if (a->credits && *a->credits)
		printf("credits: %s\n", a->credits);
	if (a->issuer_name && *a->issuer_name)
		printf("issuer name: %s\n", a->issuer_name);
	printf("name bound by: %s%s%s%s\n", mc_binding_name(a->binding),
	       a->binding_detail && *a->binding_detail ? " (" : "",
	       a->binding_detail ? a->binding_detail : "",
	       a->binding_detail && *a->binding_detail ? ")" : "");
	if (a->binding == MC_BINDING_NONE)
		printf("  the name is the issuer's own claim\n");
	else if (a->binding == MC_BINDING_TEST_ANCHOR)
		printf("  WARNING: a TEST trust anchor, not for real "
		       "credentials\n");
	if (r->issuer)
		printf("issuer: %s\n", r->issuer);
	if (a->issued && *a->issued)
		printf("issued: %s\n", a->issued);
	if (a->page && *a->page)
		printf("page: %s\n", a->page);
}

static int run(const cli_globals *g, int argc, char **argv)
{
	const char *anchor_files[16];
	mc_trust_anchors *anchors = NULL;
	char *anchor_list = NULL;
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	mc_store *store = NULL;
	const char *trusted[256];
	char *data = NULL, *list = NULL, *file = NULL, err[512];
	const char *from = "";
	size_t len, i;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_verify, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_verify);
		return EXIT_USAGE;
	}
	o.offline = a.value[OPT_OFFLINE] != NULL;
	if (a.value[OPT_TRUSTED] || a.value[OPT_TRUSTED_FILE]) {
		char *tok, *save = NULL;
		size_t flen;

		if (a.value[OPT_TRUSTED] &&
		    !(list = strdup(a.value[OPT_TRUSTED])))
			return EXIT_USAGE;
		if (a.value[OPT_TRUSTED_FILE] &&
		    cli_read_file(&file, &flen, a.value[OPT_TRUSTED_FILE],
				  1024 * 1024, err, sizeof(err)) < 0) {
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
	if (a.value[OPT_TRUST_ANCHORS]) {
		char *tok, *save = NULL;
		size_t n = 0;

		if (!(anchor_list = strdup(a.value[OPT_TRUST_ANCHORS]))) {
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
	o.accreditation_file = a.value[OPT_ACCREDITATION];
	o.owner = a.value[OPT_OWNER];
	if (!a.value[OPT_NO_DB] && !(store = cli_open(g))) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if ((rc = read_input(store, argv[0], !o.offline, &data, &len, &from)))
		goto cleanup;
	if ((error = mc_credential_verify(store, &r, data, len, &o)) < 0) {
		fprintf(stderr, "microcred: %s\n", mc_error_str(error));
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (a.value[OPT_JSON]) {
		char *json = NULL;

		if (mc_verify_report_to_json(&json, r) == 0)
			printf("%s\n", json);
		free(json);
	} else {
		put_verdict(r->verdict);
		printf("%s%s\n", r->id ? ": " : "", r->id ? r->id : "");
		printf("from: %s\n", from);
		put_about(r);
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
