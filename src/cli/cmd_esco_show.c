/*
 * microcred esco show: one ESCO concept by URI.
 */
#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

const cli_command cmd_esco_show = {
    .name = "esco show",
    .args = "URI",
    .summary = "show an imported ESCO concept",
    .run = run,
};

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_esco_concept *c = NULL;
	mc_store *store;
	size_t i;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_esco_show, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_esco_show);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if ((error = mc_esco_get(store, &c, argv[0])) < 0) {
		if (error == MC_ENOTFOUND)
			fprintf(stderr, "microcred: %s: not imported\n",
				argv[0]);
		rc = mc_error_exit_code(error);
	} else {
		printf("%s\n%s\ntype: %s%s%s%s%s\n", c->label, c->uri,
		       c->concept_type, c->skill_type ? ", " : "",
		       c->skill_type ? c->skill_type : "",
		       c->reuse_level ? ", " : "",
		       c->reuse_level ? c->reuse_level : "");
		for (i = 0; i < c->alt_labels.count; i++)
			printf("also: %s\n", c->alt_labels.items[i]);
		if (c->description)
			printf("\n%s\n", c->description);
	}
	mc_esco_concept_free(c);
	mc_store_free(store);
	return rc;
}
