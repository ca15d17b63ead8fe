/*
 * microcred mc show: one micro-credential with every Annex I element, in
 * the reader's language, or its JSON form.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(const cli_globals *g, int argc, char **argv);

enum { OPT_VERSION, OPT_LANG, OPT_JSON, OPT_COUNT };
static const cli_option options[] = {
    [OPT_VERSION] = {"version", "N", "that version"},
    [OPT_LANG] = {"lang", "TAG",
		  "texts in this language where the MC has them"},
    [OPT_JSON] = {"json", NULL, "the JSON export form"},
};
CLI_OPTIONS_CHECK(options, OPT_COUNT);

const cli_command cmd_mc_show = {
    .name = "mc show",
    .args = "ID|URI [--version N] [--lang TAG] [--json]",
    .summary = "show a micro-credential (the latest version unless --version)",
    CLI_OPTIONS(options),
    .run = run,
};

static void text(const char *label, const mc_langmap *m, const char *lang,
		 const char *primary)
{
	const char *t = mc_langmap_pick(m, lang, primary);

	if (t)
		printf("%-22s %s\n", label, t);
}

static void list(const char *label, const mc_strlist *l)
{
	size_t i;

	if (!l->count)
		return;
	printf("%-22s ", label);
	for (i = 0; i < l->count; i++)
		printf("%s%s", i ? ", " : "", l->items[i]);
	printf("\n");
}

static void org(mc_store *store, const char *label, const char *id,
		const char *lang)
{
	mc_org *o = NULL;

	if (!id)
		return;
	if (mc_org_get(store, &o, id) == 0)
		printf("%-22s %s (%s, %s)\n", label,
		       mc_langmap_pick(&o->name, lang, NULL), id, o->country);
	else
		printf("%-22s %s\n", label, id);
	mc_org_free(o);
}

static void outcomes(mc_store *store, const mc_microcred *mc, const char *lang)
{
	static const char *const heading[] = {"Knowledge", "Skills",
					      "Responsibility and autonomy"};
	int cat;
	size_t i, k;

	printf("\nLearning outcomes\n");
	for (cat = MC_LO_KNOWLEDGE; cat <= MC_LO_RESPONSIBILITY; cat++) {
		int shown = 0;

		for (i = 0; i < mc->outcome_count; i++) {
			const mc_outcome *o = &mc->outcomes[i];

			if ((int)o->category != cat)
				continue;
			if (!shown++)
				printf("  %s\n", heading[cat]);
			printf("  - %s\n",
			       mc_langmap_pick(&o->text, lang,
					       mc->primary_language));
			for (k = 0; k < o->esco_skills.count; k++) {
				mc_esco_concept *c = NULL;

				if (mc_esco_get(store, &c,
						o->esco_skills.items[k]) == 0)
					printf("      ESCO: %s <%s>\n",
					       c->label, c->uri);
				else
					printf("      ESCO: <%s>\n",
					       o->esco_skills.items[k]);
				mc_esco_concept_free(c);
			}
		}
	}
}

static void show(mc_store *store, const mc_microcred *mc, const char *lang)
{
	const char *p = mc->primary_language;
	char *uri = NULL;

	printf("%s\n\n", mc_langmap_pick(&mc->title, lang, p));
	mc_catalogue_uri(store, &uri, mc->id, mc->version);
	printf("%-22s %s v%u (%s)\n", "Identifier", mc->id, mc->version,
	       mc_status_name(mc->status));
	printf("%-22s %s\n", "URI", uri ? uri : "");
	free(uri);
	text("Description", &mc->description, lang, p);
	org(store, "Provider", mc->provider, lang);
	for (size_t i = 0; i < mc->awarding_bodies.count; i++)
		org(store, "Awarding body", mc->awarding_bodies.items[i], lang);
	list("Country", &mc->countries);
	list("Region", &mc->regions);
	printf("%-22s %s %s\n", "Sector (ISCED-F)", mc->sector,
	       mc_isced_label(mc->sector) ? mc_isced_label(mc->sector) : "");
	printf("%-22s %d%s%s\n", "EQF level", mc->eqf_level,
	       mc->nqf_level ? ", NQF level " : "",
	       mc->nqf_level ? mc->nqf_level : "");
	printf("%-22s", "Workload");
	if (mc->ects > 0)
		printf(" %g ECTS", mc->ects);
	if (mc->ecvet > 0)
		printf(" %g ECVET", mc->ecvet);
	if (mc->hours > 0)
		printf(" %g hours", mc->hours);
	printf("\n");
	list("Languages", &mc->languages);
	list("Target groups", &mc->target_groups);
	printf("%-22s %s\n", "Assessment", mc_assessment_name(mc->assessment));
	text("", &mc->assessment_description, lang, p);
	printf("%-22s %s%s%s%s%s\n", "Participation", mc_mode_name(mc->mode),
	       mc->setting ? ", " : "",
	       mc->setting ? mc_setting_name(mc->setting) : "",
	       mc->work_based ? ", work-based" : "",
	       mc->volunteering ? ", volunteering" : "");
	printf("%-22s %s\n", "Quality assurance", mc_qa_name(mc->qa_type));
	text("", &mc->qa_description, lang, p);
	org(store, "QA body", mc->qa_body, lang);
	text("Prerequisites", &mc->prerequisites, lang, p);
	if (mc->supervision)
		printf("%-22s %s\n", "Supervision",
		       mc_supervision_name(mc->supervision));
	if (mc->stackability)
		printf("%-22s %s%s%s\n", "Stackability",
		       mc_stackability_name(mc->stackability),
		       mc->part_of ? ": part of " : "",
		       mc->part_of ? mc->part_of : "");
	text("Further information", &mc->further_information, lang, p);
	printf("%-22s %s\n", "Licence", mc->licence);
	if (mc->attribution)
		printf("%-22s %s\n", "Attribution", mc->attribution);
	if (mc->derived_from)
		printf("%-22s %s\n", "Derived from", mc->derived_from);
	outcomes(store, mc, lang);
}

static int run(const cli_globals *g, int argc, char **argv)
{
	mc_store *store;
	mc_microcred *mc = NULL;
	long version = 0;
	cli_args a;
	int rc, error;

	if ((rc = cli_parse(&a, &cmd_mc_show, argc, argv)) || a.help)
		return rc;
	if (a.npos != 1) {
		cli_usage(stderr, &cmd_mc_show);
		return EXIT_USAGE;
	}
	if (a.value[OPT_VERSION] &&
	    (version = cli_number("version", a.value[OPT_VERSION], 1000000)) <
		1) {
		if (version == 0)
			fprintf(stderr, "microcred: --version: must be 1 or "
					"more\n");
		return EXIT_USAGE;
	}
	if (a.value[OPT_LANG] && !mc_lang_tag_valid(a.value[OPT_LANG])) {
		fprintf(stderr,
			"microcred: --lang: '%s' is not a language "
			"tag\n",
			a.value[OPT_LANG]);
		return EXIT_USAGE;
	}
	if (!(store = cli_open(g)))
		return EXIT_USAGE;
	if (strstr(argv[0], "://"))
		error = mc_catalogue_resolve(store, &mc, argv[0]);
	else
		error =
		    mc_catalogue_get(store, &mc, argv[0], (unsigned)version);
	if (error < 0) {
		rc = cli_fail(store, error);
	} else if (a.value[OPT_JSON]) {
		char *json = NULL;

		if (mc_microcred_to_json(&json, mc) < 0)
			rc = EXIT_USAGE;
		else
			printf("%s\n", json);
		free(json);
	} else {
		show(store, mc, a.value[OPT_LANG]);
	}
	mc_microcred_free(mc);
	mc_store_free(store);
	return rc;
}
