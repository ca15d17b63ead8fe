/*
 * Shared test data: a valid micro-credential in its exact export form
 * (keys in order, two-space indent, Cyrillic, Georgian and Armenian text),
 * and helpers to load, change and re-parse it.
 */
#ifndef MC_TEST_SAMPLE_MC_H
#define MC_TEST_SAMPLE_MC_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/microcredential.h"

static const char SAMPLE_MC_JSON[] =
    "{\n"
    "  \"id\": \"ua-mma-welding\",\n"
    "  \"version\": 2,\n"
    "  \"status\": \"published\",\n"
    "  \"primary_language\": \"uk\",\n"
    "  \"languages\": [\n"
    "    \"uk\",\n"
    "    \"en\"\n"
    "  ],\n"
    "  \"title\": {\n"
    "    \"uk\": \"Основи ручного дугового зварювання\",\n"
    "    \"en\": \"Basic MMA welding\",\n"
    "    \"ka\": \"ხელით რკალური შედუღების საფუძვლები\",\n"
    "    \"hy\": \"Ձեռքով աղեղային եռակցման հիմունքներ\"\n"
    "  },\n"
    "  \"description\": {\n"
    "    \"en\": \"Fillet welds with covered electrodes.\",\n"
    "    \"uk\": \"Кутові шви покритими електродами.\"\n"
    "  },\n"
    "  \"provider\": \"ua-dniprorudne-lyceum\",\n"
    "  \"awarding_bodies\": [\n"
    "    \"ua-dniprorudne-lyceum\",\n"
    "    \"ua-nqa\"\n"
    "  ],\n"
    "  \"countries\": [\n"
    "    \"UA\"\n"
    "  ],\n"
    "  \"regions\": [\n"
    "    \"Zaporizhzhia Oblast\"\n"
    "  ],\n"
    "  \"sector\": \"0715\",\n"
    "  \"target_groups\": [\n"
    "    \"idps\",\n"
    "    \"veterans\",\n"
    "    \"other:miners\"\n"
    "  ],\n"
    "  \"learning_outcomes\": [\n"
    "    {\n"
    "      \"category\": \"knowledge\",\n"
    "      \"text\": {\n"
    "        \"uk\": \"Здобувач освіти пояснює будову зварювального поста.\",\n"
    "        \"en\": \"The learner can explain the welding station.\"\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"category\": \"skills\",\n"
    "      \"text\": {\n"
    "        \"en\": \"The learner can weld fillet joints in PA and PB "
    "positions.\",\n"
    "        \"uk\": \"Здобувач освіти виконує кутові шви у положеннях PA та "
    "PB.\"\n"
    "      },\n"
    "      \"esco_skills\": [\n"
    "        "
    "\"http://data.europa.eu/esco/skill/"
    "0b0e6f9a-6e2b-4f3c-9a7e-2d6b1c3f4a5e\"\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"category\": \"responsibility_autonomy\",\n"
    "      \"text\": {\n"
    "        \"uk\": \"Здобувач освіти дотримується правил безпеки.\"\n"
    "      }\n"
    "    }\n"
    "  ],\n"
    "  \"workload\": {\n"
    "    \"ects\": 3,\n"
    "    \"ecvet\": 2.5,\n"
    "    \"hours\": 80\n"
    "  },\n"
    "  \"eqf_level\": 3,\n"
    "  \"nqf_level\": \"3\",\n"
    "  \"assessment\": {\n"
    "    \"type\": \"practical_demonstration\",\n"
    "    \"description\": {\n"
    "      \"en\": \"Test pieces checked by an assessor.\"\n"
    "    }\n"
    "  },\n"
    "  \"participation\": {\n"
    "    \"mode\": \"blended\",\n"
    "    \"setting\": \"non_formal\",\n"
    "    \"work_based\": true,\n"
    "    \"volunteering\": false\n"
    "  },\n"
    "  \"quality_assurance\": {\n"
    "    \"type\": \"accreditation\",\n"
    "    \"description\": {\n"
    "      \"en\": \"Accredited by the NQA.\"\n"
    "    },\n"
    "    \"body\": \"ua-nqa\"\n"
    "  },\n"
    "  \"prerequisites\": {\n"
    "    \"en\": \"None.\"\n"
    "  },\n"
    "  \"supervision\": \"supervised_onsite_id\",\n"
    "  \"stackability\": {\n"
    "    \"type\": \"stackable\",\n"
    "    \"part_of\": \"Welder (qualification)\"\n"
    "  },\n"
    "  \"further_information\": {\n"
    "    \"en\": \"See the provider's site.\"\n"
    "  },\n"
    "  \"licence\": \"CC-BY-SA-4.0\",\n"
    "  \"attribution\": \"Dniprorudne Professional Lyceum\",\n"
    "  \"derived_from\": \"https://example.org/mc/de-mma-welding/1\"\n"
    "}";

/* The sample as a jansson object to change; NULL on failure. */
static inline json_t *sample_mc_object(void)
{
	return json_loads(SAMPLE_MC_JSON, JSON_REJECT_DUPLICATES, NULL);
}

/* Dump `obj` (consumed) and parse it with the public entry point. */
static inline int sample_parse(mc_microcred **out, json_t *obj,
			       mc_problems *problems)
{
	char *text = json_dumps(obj, JSON_INDENT(2));
	int error;

	json_decref(obj);
	if (!text)
		return MC_ENOMEM;
	error =
	    mc_microcred_from_json(out, text, strlen(text), "test", problems);
	free(text);
	return error;
}

/* Non-zero if `problems` holds exactly this field and reason. */
static inline int has_problem(const mc_problems *problems, const char *field,
			      const char *reason)
{
	size_t i;

	for (i = 0; i < problems->count; i++)
		if (strcmp(problems->items[i].field, field) == 0 &&
		    strcmp(problems->items[i].reason, reason) == 0)
			return 1;
	return 0;
}

#endif
