/*
 * microcred issue: award a published micro-credential to one learner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum {
	OPT_MC,
	OPT_VERSION,
	OPT_LEARNER_NAME,
	OPT_LEARNER_EMAIL,
	OPT_LEARNER_ID,
	OPT_LEARNER_DOB,
	OPT_LANG,
	OPT_GRADE,
	OPT_ASSESSED_ON,
	OPT_VALID_UNTIL,
	OPT_FORMAT,
	OPT_ALG,
	OPT_CRYPTOSUITE,
	OPT_TSA,
	OPT_OUT,
	OPT_COUNT
};
static const cli_option options[] = {
    [OPT_MC] = {"mc", "ID", "the published micro-credential"},
    [OPT_VERSION] = {"version", "N", "a version other than the published one"},
    [OPT_LEARNER_NAME] = {"learner-name", "NAME",
			  "as it appears on the credential"},
    [OPT_LEARNER_EMAIL] = {"learner-email", "EMAIL",
			   "only its salted hash enters the credential"},
    [OPT_LEARNER_ID] = {"learner-id", "ID",
			"national or school identifier (hashed)"},
    [OPT_LEARNER_DOB] = {"learner-dob", "DATE", "YYYY-MM-DD (hashed)"},
    [OPT_LANG] = {"lang", "TAG", "the learner's language for the texts"},
    [OPT_GRADE] = {"grade", "TEXT", "the result"},
    [OPT_ASSESSED_ON] = {"assessed-on", "DATE", "YYYY-MM-DD"},
    [OPT_VALID_UNTIL] = {"valid-until", "TIME", "YYYY-MM-DDTHH:MM:SSZ"},
    [OPT_FORMAT] = {"format", "F",
		    "ob3 (Data Integrity, default), vc-jwt, edc (European "
		    "Digital Credential sealed with the awarding body's X.509 "
		    "seal, JAdES), or pdf (an ob3 credential; its printable "
		    "certificate is written to --out)"},
    [OPT_ALG] = {"alg", "ALG", "VC-JWT: RS256 (default), ES256 or EdDSA"},
    [OPT_CRYPTOSUITE] = CLI_CRYPTOSUITE_OPTION,
    [OPT_TSA] = {"tsa", "URL",
		 "EDC: an RFC 3161 time-stamping authority; the seal becomes "
		 "JAdES B-T (default B-B)"},
    [OPT_OUT] = {"out", "FILE",
		 "write the credential there (default standard output)"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_issue = {
    .name = "issue",
    .args = "--mc ID --learner-name NAME (--learner-email EMAIL | "
	    "--learner-id ID) [OPTIONS]",
    .summary = "issue a sealed credential (Open Badges 3.0 / W3C VC, or a "
	       "Europass EDC) to a learner",
    CLI_OPTIONS(options),
    .notes = "Issuing twice to the same learner returns the stored "
	     "credential.\n",
    .run = run,
};

/* --format pdf: the printable certificate of the credential issued. */
static int write_pdf(mc_store *store, const mc_credential *c, const char *lang,
		     const char *out)
{
	mc_certificate_options co = MC_CERTIFICATE_OPTIONS_INIT;
	unsigned char *pdf = NULL;
	size_t len = 0;
	int error, rc = 0;

	co.lang = lang;
	if ((error = mc_certificate_render(store, &pdf, &len, c->id, &co)) < 0)
		rc = cli_fail(store, error);
	else if (cli_write_binary(out, pdf, len) < 0)
		rc = EXIT_USAGE;
	else
		fprintf(stderr, "%s %s (certificate PDF written)\n",
			c->created ? "issued" : "already held", c->id);
	free(pdf);
	return rc;
}

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_credential *c = NULL;
	mc_learner l;
	mc_store *store;
	long version = 0;
	cli_args a;
	int rc, error, pdf = 0;

	if ((rc = cli_parse(&a, &cmd_issue, argc, argv)) || a.help)
		return rc;
	if (a.value[OPT_FORMAT] && strcmp(a.value[OPT_FORMAT], "pdf") == 0) {
		if (!a.value[OPT_OUT]) {
			fprintf(stderr, "microcred issue: --format pdf needs "
					"--out FILE\n");
			return EXIT_USAGE;
		}
		pdf = 1;
		a.value[OPT_FORMAT] = NULL;
	}
	if (a.npos || !a.value[OPT_MC] ||
	    (a.value[OPT_FORMAT] &&
	     mc_credential_format_parse(&o.format, a.value[OPT_FORMAT]) < 0)) {
		cli_usage(stderr, &cmd_issue);
		return EXIT_USAGE;
	}
	if (a.value[OPT_CRYPTOSUITE] && o.format != MC_FORMAT_OB3) {
		fprintf(stderr, "microcred issue: --cryptosuite: only for "
				"--format ob3 or pdf\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_cryptosuite(&o.cryptosuite, "issue: --cryptosuite",
				  a.value[OPT_CRYPTOSUITE])))
		return rc;
	if (a.value[OPT_VERSION] &&
	    (version = cli_number("version", a.value[OPT_VERSION], 1000000)) <
		1)
		return EXIT_USAGE;
	l.name = a.value[OPT_LEARNER_NAME];
	l.email = a.value[OPT_LEARNER_EMAIL];
	l.identifier = a.value[OPT_LEARNER_ID];
	l.date_of_birth = a.value[OPT_LEARNER_DOB];
	l.lang = a.value[OPT_LANG];
	o.grade = a.value[OPT_GRADE];
	o.assessed_on = a.value[OPT_ASSESSED_ON];
	o.valid_until = a.value[OPT_VALID_UNTIL];
	o.jwt_alg = a.value[OPT_ALG];
	o.tsa_url = a.value[OPT_TSA];
	o.actor = "cli";
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_credential_issue(store, &c, a.value[OPT_MC],
				    (unsigned)version, &l, &o, &problems);
	if (error < 0) {
		cli_print_problems(&problems);
		rc = cli_fail(store, error);
	} else if (pdf) {
		rc = write_pdf(store, c, l.lang, a.value[OPT_OUT]);
	} else if (cli_write_output(a.value[OPT_OUT], c->data, c->len) < 0) {
		rc = EXIT_USAGE;
	} else {
		fprintf(stderr, "%s %s\n",
			c->created ? "issued" : "already held", c->id);
	}
	mc_problems_clear(&problems);
	mc_credential_free(c);
	mc_store_free(store);
	return rc;
}
