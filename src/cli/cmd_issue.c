/*
 * microcred issue: award a published micro-credential to one learner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_issue = {
    .name = "issue",
    .args =
	"--mc ID --learner-name NAME (--learner-email EMAIL | --learner-id ID) "
	"[OPTIONS]",
    .summary =
	"issue a sealed credential (Open Badges 3.0 / W3C VC, or a Europass "
	"EDC) to a learner",
    .notes =
	"  --mc ID               the published micro-credential\n"
	"  --version N           a version other than the published one\n"
	"  --learner-name NAME   as it appears on the credential\n"
	"  --learner-email EMAIL only its salted hash enters the credential\n"
	"  --learner-id ID       national or school identifier (hashed)\n"
	"  --learner-dob DATE    YYYY-MM-DD (hashed)\n"
	"  --lang TAG            the learner's language for the texts\n"
	"  --grade TEXT          the result\n"
	"  --assessed-on DATE    YYYY-MM-DD\n"
	"  --valid-until TIME    YYYY-MM-DDTHH:MM:SSZ\n"
	"  --format F            ob3 (Data Integrity, default), vc-jwt, edc\n"
	"                        (European Digital Credential sealed with the\n"
	"                        awarding body's X.509 seal, JAdES), or pdf\n"
	"                        (an ob3 credential; its printable "
	"certificate\n"
	"                        is written to --out)\n"
	"  --alg ALG             VC-JWT: RS256 (default), ES256 or EdDSA\n"
	"  --tsa URL             EDC: an RFC 3161 time-stamping authority; "
	"the\n"
	"                        seal becomes JAdES B-T (default B-B)\n"
	"  --out FILE            write the credential there (default stdout)\n"
	"\nIssuing twice to the same learner returns the stored credential.\n",
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
	static const char *const spec[] = {"mc=",
					   "version=",
					   "learner-name=",
					   "learner-email=",
					   "learner-id=",
					   "learner-dob=",
					   "lang=",
					   "grade=",
					   "assessed-on=",
					   "valid-until=",
					   "format=",
					   "alg=",
					   "out=",
					   "tsa=",
					   NULL};
	const char *v[14];
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_credential *c = NULL;
	mc_learner l;
	mc_store *store;
	long version = 0;
	int npos, help, rc, error, pdf = 0;

	if ((rc = cli_parse_spec(&cmd_issue, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (v[10] && strcmp(v[10], "pdf") == 0) {
		if (!v[12]) {
			fprintf(stderr, "microcred issue: --format pdf needs "
					"--out FILE\n");
			return EXIT_USAGE;
		}
		pdf = 1;
		v[10] = NULL;
	}
	if (npos || !v[0] ||
	    (v[10] && mc_credential_format_parse(&o.format, v[10]) < 0)) {
		cli_usage(stderr, &cmd_issue);
		return EXIT_USAGE;
	}
	if (v[1] && (version = cli_number("version", v[1], 1000000)) < 1)
		return EXIT_USAGE;
	l.name = v[2];
	l.email = v[3];
	l.identifier = v[4];
	l.date_of_birth = v[5];
	l.lang = v[6];
	o.grade = v[7];
	o.assessed_on = v[8];
	o.valid_until = v[9];
	o.jwt_alg = v[11];
	o.tsa_url = v[13];
	o.actor = "cli";
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	error = mc_credential_issue(store, &c, v[0], (unsigned)version, &l, &o,
				    &problems);
	if (error < 0) {
		cli_print_problems(&problems);
		rc = cli_fail(store, error);
	} else if (pdf) {
		rc = write_pdf(store, c, l.lang, v[12]);
	} else if (cli_write_output(v[12], c->data, c->len) < 0) {
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
