/*
 * What the demo catalogue's organisations agreed to, recorded for the
 * demo loader (mc_catalogue_load_demo()) as the platform admin and the
 * awarding bodies would record it, with "demo" as who granted or
 * accepted (the rows say so; like the rest of an import, the audit log
 * does not):
 *
 * - the national agencies that design demo MCs quality-assure their own
 *   (mk-vet-center, am-ncvetd, ge-skills-agency, ua-nmc-donetsk): each is
 *   registered self-accrediting for its country, before the MCs load
 *   (they name themselves as QA body, or no QA body at all);
 * - an awarding body other than the provider (mk-vet-center for three
 *   mk-prodent MCs, am-ncvetd for two am-lori-college MCs) co-awards by
 *   agreement: its consent is recorded as accepted, after the MCs load.
 *
 * Nothing else: the providers of Serbia and Montenegro have no agency in
 * the demo and are not registered, so a new version of their MCs waits
 * for the platform admin to register a QA body for RS or ME.
 */
#include <jansson.h>
#include <string.h>

#include "demo_data.h"
#include "demo_grants.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

#define DEMO_ACTOR "demo"

/* Register `org` self-accrediting for its country unless it is. */
static int self_accrediting(mc_store *store, const char *org_id, const char *at)
{
	mc_recognition r = {0};
	mc_org *org = NULL;
	int error;

	if ((error = store->catalogue->org_get(store, &org, org_id)) < 0)
		return error == MC_ENOTFOUND ? 0 : error;
	if (org->type != MC_ORG_AGENCY &&
	    org->type != MC_ORG_ACCREDITATION_BODY)
		goto cleanup;
	r.org_id = org->id;
	r.country = org->country;
	r.kind = MC_RECOGNITION_SELF_ACCREDITING;
	r.granted_by = DEMO_ACTOR;
	r.granted_at = (char *)at;
	error = store->policy->recognition_put(store, &r);
	if (error == MC_EEXISTS) {
		error = 0;
		mc__store_clear_error(store);
	}

cleanup:
	mc_org_free(org);
	return error;
}

/* Record `org` as having accepted to award `mc_id` unless it decided. */
static int accepted(mc_store *store, const char *mc_id, const char *org_id,
		    const char *at)
{
	mc_consent *list = NULL;
	size_t n = 0;
	int error;

	if ((error = store->policy->consent_list(store, &list, &n, org_id,
						 mc_id)) < 0)
		return error;
	if (n == 0 || list[0].state == MC_CONSENT_PENDING)
		error = store->policy->consent_decide(
		    store, mc_id, org_id, MC_CONSENT_ACCEPTED, DEMO_ACTOR, at);
	mc_consent_list_free(list, n);
	return error;
}

/* The grants one demo MC record calls for. */
static int grants_of(mc_store *store, json_t *rec, int after, const char *at)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *provider =
	    json_string_value(json_object_get(rec, "provider"));
	json_t *bodies = json_object_get(rec, "awarding_bodies"), *b;
	size_t i;
	int error = 0;

	if (!id || !provider)
		return 0;
	if (!after)
		return self_accrediting(store, provider, at);
	json_array_foreach(bodies, i, b)
	{
		const char *org = json_string_value(b);

		if (!error && org && strcmp(org, provider) != 0)
			error = accepted(store, id, org, at);
	}
	return error;
}

int mc__demo_grants(mc_store *store, int after)
{
	const struct mc__embedded_file *f;
	char at[21];
	int error = 0;

	mc__timestamp_format(at, mc__now());
	for (f = mc__demo_files; !error && f->name; f++) {
		json_t *doc = json_loadb(f->data, f->len, 0, NULL), *rec;
		size_t i;

		json_array_foreach(json_object_get(doc, "microcredentials"), i,
				   rec)
		{
			if (!error)
				error = grants_of(store, rec, after, at);
		}
		json_decref(doc);
	}
	return error;
}
