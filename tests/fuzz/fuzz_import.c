/*
 * Fuzz target: catalogue import (JSON MC, array, bundle or CSV) into a
 * store that already holds organisations and an MC with a published and
 * a draft version.
 *
 * Checks, beyond "no crash, no leak":
 * - a failed import leaves the store exactly as it was (MCs with every
 *   version, organisations, clusters) and MC_EINVALID comes with problems;
 * - no code but 0, MC_EINVALID and MC_ENOMEM comes back;
 * - after a successful import, importing the store's own export changes
 *   nothing (the export round trip).
 * The store is opened once; it is rebuilt after every successful import so
 * that each input meets the same store.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/catalogue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ORGS[] =
    "{\"organisations\": ["
    " {\"id\": \"ua-lyceum\", \"name\": {\"en\": \"Rokytne Lyceum\","
    "  \"uk\": \"Рокитнівський ліцей\"}, \"country\": \"UA\","
    "  \"type\": \"vet_provider\"},"
    " {\"id\": \"ua-nqa\", \"name\": {\"en\": \"NQA\"}, \"country\": \"UA\","
    "  \"type\": \"agency\"},"
    " {\"id\": \"ge-college\", \"name\": {\"en\": \"Tbilisi College\"},"
    "  \"country\": \"GE\", \"type\": \"vet_provider\"}],"
    " \"clusters\": [{\"id\": \"fz-cluster\", \"kind\": \"regional\","
    "  \"name\": {\"en\": \"East\"}, \"organisations\": [\"ua-lyceum\"]}]}";

/* The baseline MC, saved as a draft; %s is its English title. */
static const char BASE_MC[] =
    "{\"id\": \"fz-base\", \"primary_language\": \"uk\","
    " \"languages\": [\"uk\", \"en\"],"
    " \"title\": {\"uk\": \"Зварювання\", \"en\": \"%s\"},"
    " \"provider\": \"ua-lyceum\", \"awarding_bodies\": [\"ua-lyceum\"],"
    " \"countries\": [\"UA\"], \"sector\": \"0715\","
    " \"target_groups\": [\"idps\"],"
    " \"learning_outcomes\": [{\"category\": \"skills\","
    "  \"text\": {\"uk\": \"Виконує кутові шви.\","
    "   \"en\": \"The learner can weld fillet joints.\"}}],"
    " \"workload\": {\"ects\": 3, \"hours\": 80}, \"eqf_level\": 3,"
    " \"assessment\": {\"type\": \"practical_demonstration\"},"
    " \"participation\": {\"mode\": \"onsite\"},"
    " \"quality_assurance\": {\"type\": \"external\", \"body\": \"ua-nqa\"}}";

static mc_store *store;

static void close_store(void)
{
	mc_store_free(store);
	store = NULL;
}

static void must(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "fuzz_import setup: %s: %d %s\n", what, rc,
			store ? mc_store_errmsg(store) : "");
		abort();
	}
}

static void save_base(const char *title)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	char json[sizeof(BASE_MC) + 64];

	snprintf(json, sizeof(json), BASE_MC, title);
	if (mc_microcred_from_json(&mc, json, strlen(json), "base", &p)) {
		char *s = p.count ? mc_problem_format(&p.items[0]) : NULL;

		fprintf(stderr, "fuzz_import setup: %s\n", s ? s : "?");
		abort();
	}
	must(mc_catalogue_save(store, mc, &p), "save");
	mc_microcred_free(mc);
	mc_problems_clear(&p);
}

/* A fresh store: organisations, a cluster, fz-base v1 published and v2
 * draft. */
static void open_store(void)
{
	mc_problems p = MC_PROBLEMS_INIT;

	close_store();
	must(mc_store_open(&store, ":memory:", NULL, NULL), "open");
	must(mc_catalogue_import(store, NULL, ORGS, strlen(ORGS), "orgs", &p),
	     "organisations");
	save_base("Welding");
	must(mc_catalogue_transition(store, "fz-base", MC_STATUS_IN_REVIEW,
				     NULL, NULL),
	     "submit");
	must(mc_catalogue_transition(store, "fz-base", MC_STATUS_APPROVED, NULL,
				     NULL),
	     "approve");
	must(mc_catalogue_transition(store, "fz-base", MC_STATUS_PUBLISHED,
				     NULL, NULL),
	     "publish");
	save_base("Welding, second edition");
	mc_problems_clear(&p);
}

/* Append `s` (freed) to the snapshot; NULL means out of memory. */
static int append(char **snap, size_t *len, char *s)
{
	size_t n;
	char *grown;

	if (!s)
		return -1;
	n = strlen(s);
	grown = realloc(*snap, *len + n + 2);
	if (!grown) {
		free(s);
		return -1;
	}
	memcpy(grown + *len, s, n);
	grown[*len + n] = '\n';
	grown[*len + n + 1] = '\0';
	*len += n + 1;
	*snap = grown;
	free(s);
	return 0;
}

/* Everything the store holds, as text: every MC version, organisation
 * and cluster.  NULL when out of memory. */
static char *snapshot(void)
{
	mc_org **orgs = NULL;
	mc_cluster **clusters = NULL;
	size_t norgs = 0, nclusters = 0, i, len = 0;
	char *snap = NULL, *s = NULL;
	int bad;

	bad = mc_catalogue_export(store, &s, NULL, 0, 1) < 0 ||
	      append(&snap, &len, s) < 0;
	if (!bad && mc_org_list(store, &orgs, &norgs, NULL) == 0)
		for (i = 0; !bad && i < norgs; i++)
			bad = mc_org_to_json(&s, orgs[i]) < 0 ||
			      append(&snap, &len, s) < 0;
	else
		bad = 1;
	if (!bad && mc_cluster_list(store, &clusters, &nclusters) == 0)
		for (i = 0; !bad && i < nclusters; i++)
			bad = mc_cluster_to_json(&s, clusters[i]) < 0 ||
			      append(&snap, &len, s) < 0;
	else
		bad = 1;
	mc_org_list_free(orgs, norgs);
	mc_cluster_list_free(clusters, nclusters);
	if (bad) {
		free(snap);
		return NULL;
	}
	return snap;
}

/* Importing the store's own export must change nothing. */
static void check_export_round_trip(void)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	char *out = NULL;
	int rc;

	if (mc_catalogue_export(store, &out, NULL, 0, 1) < 0)
		return; /* out of memory */
	rc = mc_catalogue_import(store, &r, out, strlen(out), "export", &p);
	if (rc == MC_ENOMEM)
		goto cleanup;
	if (rc != 0 || r.created || r.updated || r.organisations ||
	    r.clusters) {
		fprintf(stderr,
			"re-importing the export: %d (%s), created %zu, "
			"updated %zu\n",
			rc, mc_store_errmsg(store), r.created, r.updated);
		abort();
	}

cleanup:
	free(out);
	mc_problems_clear(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_import_report report;
	char *before, *after;
	int rc;

	if (!store) {
		open_store();
		atexit(close_store);
	}
	if (!(before = snapshot()))
		return 0;
	rc = mc_catalogue_import(store, &report, (const char *)data, size,
				 "fuzz", &problems);
	if (rc != 0 && rc != MC_EINVALID && rc != MC_ENOMEM) {
		fprintf(stderr, "import returned %d: %s\n", rc,
			mc_store_errmsg(store));
		abort();
	}
	if (rc == MC_EINVALID && problems.count == 0) {
		fprintf(stderr, "MC_EINVALID without problems\n");
		abort();
	}
	if (rc < 0) {
		after = snapshot();
		if (after && strcmp(before, after) != 0) {
			fprintf(stderr, "failed import changed the store\n");
			abort();
		}
		free(after);
	} else {
		check_export_round_trip();
		open_store();
	}
	free(before);
	mc_problems_clear(&problems);
	return 0;
}
