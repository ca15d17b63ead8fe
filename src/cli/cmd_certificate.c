/*
 * microcred certificate: render the printable certificate of an issued
 * credential (one A4 page, PDF or PNG) to a file or standard output.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "microcred/certificate.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_FORMAT, OPT_LANG, OPT_OUT, OPT_COUNT };
static const cli_option options[] = {
    [OPT_FORMAT] = {"format", "pdf|png",
		    "pdf (default, to print) or png (to show)"},
    [OPT_LANG] = {"lang", "TAG",
		  "the learner's language (default: the credential's); "
		  "English is always printed beside it"},
    [OPT_OUT] = {"out", "FILE",
		 "where to write it (default UUID.pdf or UUID.png in the "
		 "current directory; '-' for standard output, refused when "
		 "that is a terminal)"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_certificate = {
    .name = "certificate",
    .args = "CREDENTIAL_ID_OR_URL [--format pdf|png] [--lang TAG] [--out FILE]",
    .summary = "render a credential's printable certificate (A4 PDF or PNG)",
    CLI_OPTIONS(options),
    .run = run,
};

/* The last path segment of credential id `id` (its UUID). */
static const char *uuid_of(const char *id)
{
	const char *slash = strrchr(id, '/');

	return slash ? slash + 1 : id;
}

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;
	mc_credential *c = NULL;
	mc_store *store = NULL;
	unsigned char *data = NULL;
	char *path = NULL;
	const char *ext = "pdf";
	size_t len = 0;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_certificate, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_certificate);
		return EXIT_USAGE;
	}
	if (a.value[OPT_FORMAT] && strcmp(a.value[OPT_FORMAT], "png") == 0) {
		o.format = MC_CERT_PNG;
		ext = "png";
	} else if (a.value[OPT_FORMAT] &&
		   strcmp(a.value[OPT_FORMAT], "pdf") != 0) {
		fprintf(stderr,
			"microcred certificate: --format: unknown value "
			"'%s'; expected pdf or png\n",
			a.value[OPT_FORMAT]);
		return EXIT_USAGE;
	}
	o.lang = a.value[OPT_LANG];
	if (a.value[OPT_OUT] && strcmp(a.value[OPT_OUT], "-") == 0 &&
	    isatty(STDOUT_FILENO)) {
		fprintf(stderr, "microcred certificate: refusing to write a "
				"binary file to a terminal; use --out FILE or "
				"redirect standard output\n");
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	/* Resolve first: a clear "not found" and the UUID for the name. */
	if ((error = mc_credential_get(store, &c, argv[0])) < 0 ||
	    (error = mc_certificate_render(store, &data, &len, c->id, &o)) <
		0) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (!a.value[OPT_OUT]) {
		size_t n = strlen(uuid_of(c->id)) + 5;

		if (!(path = malloc(n))) {
			rc = cli_fail(NULL, MC_ENOMEM);
			goto cleanup;
		}
		snprintf(path, n, "%s.%s", uuid_of(c->id), ext);
	}
	if (cli_write_binary(a.value[OPT_OUT] ? a.value[OPT_OUT] : path, data,
			     len) < 0) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (!a.value[OPT_OUT] || strcmp(a.value[OPT_OUT], "-") != 0)
		fprintf(stderr, "wrote %s (%zu bytes)\n",
			a.value[OPT_OUT] ? a.value[OPT_OUT] : path, len);

cleanup:
	free(path);
	free(data);
	mc_credential_free(c);
	mc_store_free(store);
	return rc;
}
