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

const cli_command cmd_certificate = {
    .name = "certificate",
    .args = "CREDENTIAL_ID_OR_URL [--format pdf|png] [--lang TAG] [--out FILE]",
    .summary = "render a credential's printable certificate (A4 PDF or PNG)",
    .notes =
	"  --format F   pdf (default, to print) or png (to show)\n"
	"  --lang TAG   the learner's language (default: the credential's);\n"
	"               English is always printed beside it\n"
	"  --out FILE   where to write it (default UUID.pdf or UUID.png in\n"
	"               the current directory; '-' for standard output,\n"
	"               refused when that is a terminal)\n",
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
	static const char *const spec[] = {"format=", "lang=", "out=", NULL};
	const char *v[3];
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;
	mc_credential *c = NULL;
	mc_store *store = NULL;
	unsigned char *data = NULL;
	char *path = NULL;
	const char *ext = "pdf";
	size_t len = 0;
	int npos, help, rc, error;

	if ((rc = cli_parse_spec(&cmd_certificate, argc, argv, spec, v, &npos,
				 &help)) ||
	    help)
		return rc;
	if (npos != 1) {
		cli_usage(stderr, &cmd_certificate);
		return EXIT_USAGE;
	}
	if (v[0] && strcmp(v[0], "png") == 0) {
		o.format = MC_CERT_PNG;
		ext = "png";
	} else if (v[0] && strcmp(v[0], "pdf") != 0) {
		fprintf(stderr,
			"microcred certificate: --format: unknown value "
			"'%s'; expected pdf or png\n",
			v[0]);
		return EXIT_USAGE;
	}
	o.lang = v[1];
	if (v[2] && strcmp(v[2], "-") == 0 && isatty(STDOUT_FILENO)) {
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
	if (!v[2]) {
		size_t n = strlen(uuid_of(c->id)) + 5;

		if (!(path = malloc(n))) {
			rc = cli_fail(NULL, MC_ENOMEM);
			goto cleanup;
		}
		snprintf(path, n, "%s.%s", uuid_of(c->id), ext);
	}
	if (cli_write_binary(v[2] ? v[2] : path, data, len) < 0) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (!v[2] || strcmp(v[2], "-") != 0)
		fprintf(stderr, "wrote %s (%zu bytes)\n", v[2] ? v[2] : path,
			len);

cleanup:
	free(path);
	free(data);
	mc_credential_free(c);
	mc_store_free(store);
	return rc;
}
