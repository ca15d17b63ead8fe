/*
 * --cryptosuite of the commands that issue OB 3.0 credentials: the names
 * mc_issue_options.cryptosuite takes, checked before anything is opened.
 */
#include <string.h>

#include "cli.h"

/* The suites mc_issue_options.cryptosuite takes, the default first. */
static const char *const suites[] = {
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "ecdsa-rdfc-2019",
    "ecdsa-jcs-2019",
};

int cli_cryptosuite(const char **out, const char *cmd, const char *value)
{
	size_t i;

	*out = NULL;
	if (!value)
		return 0;
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (strcmp(value, suites[i]) == 0) {
			*out = suites[i];
			return 0;
		}
	fprintf(stderr,
		"microcred %s: --cryptosuite: unknown suite '%.100s': must be "
		"eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019 or "
		"ecdsa-jcs-2019\n",
		cmd, value);
	return EXIT_USAGE;
}
