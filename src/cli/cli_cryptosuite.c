/*
 * --cryptosuite of the commands that issue OB 3.0 credentials: one of the
 * library's mc_cryptosuites, checked before anything is opened.
 */
#include "cli.h"

int cli_cryptosuite(const char **out, const char *what, const char *value)
{
	size_t i;

	*out = NULL;
	if (!value)
		return 0;
	if (mc_cryptosuite_known(value)) {
		*out = value;
		return 0;
	}
	fprintf(stderr, "microcred %s: unknown suite '%.100s': must be one of",
		what, value);
	for (i = 0; mc_cryptosuites[i]; i++)
		fprintf(stderr, "%s %s", i ? "," : "", mc_cryptosuites[i]);
	fprintf(stderr, "\n");
	return EXIT_USAGE;
}
