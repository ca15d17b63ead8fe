/*
 * What a sealed EDC says it is, for the reader above the checks (ELM v3,
 * as the official MC sample maps Annex I): the learner
 * (credentialSubject.fullName), the title in each language
 * (hasClaim.title, else the qualification's), EQF level and credits
 * (hasClaim.specifiedBy.eqfLevel, creditPoint), the issuer's legal name,
 * the issue date, and its public page when the credential is this
 * platform's.  How the name is bound is the seal's and trust's to say
 * (verify_edc.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "store/store.h"
#include "util/util.h"
#include "verify_edc_private.h"

#define EQF_PREFIX "http://data.europa.eu/snb/eqf/"
#define ECTS_ID	   "http://data.europa.eu/snb/education-credit/6fcec5c5af"
#define ECVET_ID   "http://data.europa.eu/snb/education-credit/60b314e826"

/* Every language of a language map (or one string, language ""). */
static int add_titles(mc_verify_about *a, const json_t *m)
{
	const char *k;
	json_t *v;
	int error = 0;

	if (json_is_string(m))
		return mc__vabout_title(a, "", json_string_value(m));
	json_object_foreach((json_t *)m, k, v)
	{
		if (!error && json_is_string(v))
			error = mc__vabout_title(a, k, json_string_value(v));
	}
	return error;
}

/* "EQF 4" from {"id": ".../eqf/4"}, or NULL. */
static char *eqf_of(const json_t *q)
{
	const char *id = mc__vstr(json_object_get(q, "eqfLevel"), "id");
	size_t n = sizeof(EQF_PREFIX) - 1;

	if (id && strncmp(id, EQF_PREFIX, n) == 0 && id[n] >= '1' &&
	    id[n] <= '8' && id[n + 1] == '\0')
		return mc__asprintf("EQF %c", id[n]);
	return NULL;
}

/* "5 ECTS" (else "4 ECVET", else the first point) from creditPoint, an
 * object or an array of {framework: {id}, point}. */
static char *credits_of(const json_t *q)
{
	static const char *const ids[] = {ECTS_ID, ECVET_ID};
	static const char *const units[] = {"ECTS", "ECVET"};
	const json_t *cp = json_object_get(q, "creditPoint"), *v;
	size_t i, k;

	for (k = 0; k < MC__ARRAY_SIZE(ids); k++) {
		if (json_is_object(cp) &&
		    mc__streq(mc__vstr(json_object_get(cp, "framework"), "id"),
			      ids[k]) &&
		    mc__vstr(cp, "point"))
			return mc__asprintf("%s %s", mc__vstr(cp, "point"),
					    units[k]);
		json_array_foreach(cp, i, v)
		{
			if (mc__streq(
				mc__vstr(json_object_get(v, "framework"), "id"),
				ids[k]) &&
			    mc__vstr(v, "point"))
				return mc__asprintf(
				    "%s %s", mc__vstr(v, "point"), units[k]);
		}
	}
	return NULL;
}

/* The learner's full name, else given and family names. */
static char *learner_of(const json_t *s)
{
	const char *full = mc__edc_lang_first(json_object_get(s, "fullName"));
	const char *given = mc__edc_lang_first(json_object_get(s, "givenName"));
	const char *family =
	    mc__edc_lang_first(json_object_get(s, "familyName"));

	if (full)
		return mc__strdup(full);
	if (given && family)
		return mc__asprintf("%s %s", given, family);
	return mc__strdup(given ? given : family);
}

/* The credential's page when its id is under this platform's base URL
 * and the credential was issued here. */
static char *page_of(mc_store *store, const char *id)
{
	const char *base = store ? mc_store_base_url(store) : NULL;
	size_t n = base ? strlen(base) : 0;
	mc_credential_state state;

	while (n && base[n - 1] == '/')
		n--;
	if (!id || !n || strncmp(id, base, n) != 0 || id[n] != '/' ||
	    mc_credential_state_get(store, &state, id) < 0)
		return NULL;
	return mc__strdup(id);
}

int mc__edc_about(mc_verify_about *a, mc_store *store, const json_t *vc)
{
	const json_t *s = json_object_get(vc, "credentialSubject");
	const json_t *claim = json_object_get(s, "hasClaim");
	const json_t *q, *title;
	const char *issued = mc__vstr(vc, "issued"), *name;
	int error = 0;

	if (json_is_array(claim))
		claim = json_array_get(claim, 0);
	q = json_object_get(claim, "specifiedBy");
	if (json_is_array(q))
		q = json_array_get(q, 0);
	if (!issued)
		issued = mc__vstr(vc, "validFrom");
	name = mc__edc_lang_first(
	    json_object_get(json_object_get(vc, "issuer"), "legalName"));
	title = json_object_get(claim, "title");
	if (!title)
		title = json_object_get(q, "title");
	if ((json_is_object(s) && !(a->learner = learner_of(s)) &&
	     (json_object_get(s, "fullName") ||
	      json_object_get(s, "givenName"))) ||
	    (name && !(a->issuer_name = mc__strdup(name))) ||
	    (issued && !(a->issued = mc__strdup(issued))))
		error = MC_ENOMEM;
	a->level = eqf_of(q);
	a->credits = credits_of(q);
	a->page = page_of(store, mc__vstr(vc, "id"));
	a->binding = MC_BINDING_NONE;
	if (!error)
		error = add_titles(a, title);
	return error;
}
