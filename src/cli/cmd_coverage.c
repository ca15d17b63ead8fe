/*
 * microcred coverage: published MCs per country, sector and target group,
 * with partner countries below the programme's target flagged.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_JSON, OPT_COUNT };
static const cli_option options[] = {
    [OPT_JSON] = {"json", NULL, "machine-readable output"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_coverage = {
    .name = "coverage",
    .args = "[--json]",
    .summary =
	"published MCs per country x sector and target group; flags gaps",
    CLI_OPTIONS(options),
    .notes = "Exit status 0 even when a country is below target: the report "
	     "is\nthe answer.  Read below_target in --json output.\n",
    .run = run,
};

static void cells(const char *title, const mc_coverage *cov,
		  const mc_coverage_cell *c, size_t n, int isced)
{
	size_t i, k;

	printf("\n%s\n", title);
	for (i = 0; i < cov->country_count; i++) {
		const char *cc = cov->countries[i].country;
		int first = 1;

		for (k = 0; k < n; k++) {
			if (strcmp(c[k].country, cc) != 0)
				continue;
			if (first)
				printf("  %s ", cc);
			else
				printf(", ");
			if (isced && mc_isced_label(c[k].key))
				printf("%s (%s)=%zu", c[k].key,
				       mc_isced_label(c[k].key), c[k].count);
			else
				printf("%s=%zu", c[k].key, c[k].count);
			first = 0;
		}
		if (!first)
			printf("\n");
	}
}

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_coverage *cov = NULL;
	mc_store *store;
	size_t i;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_coverage, argc, argv)) || a.help)
		return rc;
	if (a.npos) {
		cli_usage(stderr, &cmd_coverage);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_catalogue_coverage(store, &cov)) < 0) {
		rc = cli_fail(store, error);
		goto cleanup;
	}
	if (a.value[OPT_JSON]) {
		char *json = NULL;

		if (mc_coverage_to_json(&json, cov) < 0) {
			rc = EXIT_USAGE;
			goto cleanup;
		}
		printf("%s\n", json);
		free(json);
		goto cleanup;
	}
	printf("Published micro-credentials per country (target: %zu per "
	       "partner country)\n",
	       cov->target);
	for (i = 0; i < cov->country_count; i++) {
		const mc_coverage_country *c = &cov->countries[i];
		const char *name = mc_country_name(c->country);

		printf("  %s %-20s %4zu%s\n", c->country, name ? name : "",
		       c->published, c->below_target ? "  BELOW TARGET" : "");
	}
	cells("By sector (ISCED-F broad field)", cov, cov->sectors,
	      cov->sector_count, 1);
	cells("By target group", cov, cov->groups, cov->group_count, 0);
	cells("By EQF level", cov, cov->eqf, cov->eqf_count, 0);

cleanup:
	mc_coverage_free(cov);
	mc_store_free(store);
	return rc;
}
