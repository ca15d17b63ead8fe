/*
 * The micro-credential record: allocation, release and deep copy.
 */
#include "microcred/microcredential.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int mc_microcred_new(mc_microcred **out)
{
	mc_microcred *mc;

	*out = NULL;
	if (!(mc = calloc(1, sizeof(*mc))))
		return MC_ENOMEM;
	if (!(mc->licence = strdup("CC-BY-SA-4.0"))) {
		free(mc);
		return MC_ENOMEM;
	}
	*out = mc;
	return 0;
}

static void outcome_clear(mc_outcome *o)
{
	mc_langmap_clear(&o->text);
	mc_strlist_clear(&o->esco_skills);
}

void mc_microcred_free(mc_microcred *mc)
{
	size_t i;

	if (!mc)
		return;
	free(mc->id);
	free(mc->primary_language);
	mc_strlist_clear(&mc->languages);
	mc_langmap_clear(&mc->title);
	mc_langmap_clear(&mc->description);
	free(mc->provider);
	mc_strlist_clear(&mc->awarding_bodies);
	mc_strlist_clear(&mc->countries);
	mc_strlist_clear(&mc->regions);
	free(mc->sector);
	mc_strlist_clear(&mc->target_groups);
	for (i = 0; i < mc->outcome_count; i++)
		outcome_clear(&mc->outcomes[i]);
	free(mc->outcomes);
	free(mc->nqf_level);
	mc_langmap_clear(&mc->assessment_description);
	mc_langmap_clear(&mc->qa_description);
	free(mc->qa_body);
	mc_langmap_clear(&mc->prerequisites);
	free(mc->part_of);
	mc_langmap_clear(&mc->further_information);
	free(mc->licence);
	free(mc->attribution);
	free(mc->derived_from);
	free(mc);
}

/* Copy a string that may be NULL; 0 or MC_ENOMEM. */
static int copy_str(char **out, const char *s)
{
	*out = NULL;
	if (s && !(*out = strdup(s)))
		return MC_ENOMEM;
	return 0;
}

/*
 * Deep copy.  The copy starts zeroed and gains one member at a time, so a
 * failure half-way leaves a record mc_microcred_free() can release.
 */
int mc_microcred_dup(mc_microcred **out, const mc_microcred *src)
{
	mc_microcred *mc = NULL;
	size_t i;
	int error = 0;

	*out = NULL;
	if (!(mc = calloc(1, sizeof(*mc))))
		return MC_ENOMEM;
	mc->version = src->version;
	mc->status = src->status;
	mc->ects = src->ects;
	mc->ecvet = src->ecvet;
	mc->hours = src->hours;
	mc->eqf_level = src->eqf_level;
	mc->assessment = src->assessment;
	mc->mode = src->mode;
	mc->setting = src->setting;
	mc->work_based = src->work_based;
	mc->volunteering = src->volunteering;
	mc->qa_type = src->qa_type;
	mc->supervision = src->supervision;
	mc->stackability = src->stackability;

	if ((error = copy_str(&mc->id, src->id)) < 0 ||
	    (error = copy_str(&mc->primary_language, src->primary_language)) <
		0 ||
	    (error = copy_str(&mc->provider, src->provider)) < 0 ||
	    (error = copy_str(&mc->sector, src->sector)) < 0 ||
	    (error = copy_str(&mc->nqf_level, src->nqf_level)) < 0 ||
	    (error = copy_str(&mc->qa_body, src->qa_body)) < 0 ||
	    (error = copy_str(&mc->part_of, src->part_of)) < 0 ||
	    (error = copy_str(&mc->licence, src->licence)) < 0 ||
	    (error = copy_str(&mc->attribution, src->attribution)) < 0 ||
	    (error = copy_str(&mc->derived_from, src->derived_from)) < 0 ||
	    (error = mc_strlist_copy(&mc->languages, &src->languages)) < 0 ||
	    (error = mc_langmap_copy(&mc->title, &src->title)) < 0 ||
	    (error = mc_langmap_copy(&mc->description, &src->description)) <
		0 ||
	    (error = mc_strlist_copy(&mc->awarding_bodies,
				     &src->awarding_bodies)) < 0 ||
	    (error = mc_strlist_copy(&mc->countries, &src->countries)) < 0 ||
	    (error = mc_strlist_copy(&mc->regions, &src->regions)) < 0 ||
	    (error = mc_strlist_copy(&mc->target_groups, &src->target_groups)) <
		0 ||
	    (error = mc_langmap_copy(&mc->assessment_description,
				     &src->assessment_description)) < 0 ||
	    (error = mc_langmap_copy(&mc->qa_description,
				     &src->qa_description)) < 0 ||
	    (error = mc_langmap_copy(&mc->prerequisites, &src->prerequisites)) <
		0 ||
	    (error = mc_langmap_copy(&mc->further_information,
				     &src->further_information)) < 0)
		goto cleanup;

	if (src->outcome_count) {
		mc->outcomes =
		    calloc(src->outcome_count, sizeof(*mc->outcomes));
		if (!mc->outcomes) {
			error = MC_ENOMEM;
			goto cleanup;
		}
		for (i = 0; i < src->outcome_count; i++) {
			mc_outcome *o = &mc->outcomes[i];

			mc->outcome_count = i + 1;
			o->category = src->outcomes[i].category;
			if ((error = mc_langmap_copy(
				 &o->text, &src->outcomes[i].text)) < 0 ||
			    (error = mc_strlist_copy(
				 &o->esco_skills,
				 &src->outcomes[i].esco_skills)) < 0)
				goto cleanup;
		}
	}
	*out = mc;
	mc = NULL;

cleanup:
	mc_microcred_free(mc);
	return error;
}
