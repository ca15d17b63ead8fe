/*
 * Semantic checks of a micro-credential against Annex I of the Council
 * Recommendation and the rules of docs/FORMATS.md.  Every fault is
 * reported with its field path; nothing stops at the first one.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "microcred/esco.h"
#include "microcred/microcredential.h"
#include "microcred/organisation.h"
#include "model.h"
#include "util/util.h"

#define PATH_LEN 256

/* snprintf for field paths: a path too long for `buf` is cut (keys in
 * paths are short by construction). */
static void path_printf(char *buf, size_t len, const char *fmt, ...)
    MC__PRINTF(3, 4);

static void path_printf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* A text value: not empty, no surrounding white space, bounded, UTF-8. */
void mc__check_text(mc__jctx *ctx, const char *field, const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		mc__jctx_problem(ctx, field, "must not be empty");
	else if (n > MC_TEXT_MAX)
		mc__jctx_problem(ctx, field, "too long (%zu bytes, at most %d)",
				 n, MC_TEXT_MAX);
	else if (!mc__utf8_valid(s, n))
		mc__jctx_problem(ctx, field, "not valid UTF-8");
	else if (is_space(s[0]) || is_space(s[n - 1]))
		mc__jctx_problem(ctx, field,
				 "must not start or end with white space");
}

/* A language map; `required` asks for at least one entry. */
void mc__check_langmap(mc__jctx *ctx, const char *field, const mc_langmap *m,
		       int required)
{
	char path[PATH_LEN], show[128];
	size_t i, j;

	if (m->count == 0) {
		if (required)
			mc__jctx_problem(ctx, field, "required");
		return;
	}
	if (m->count > MC_LIST_MAX)
		mc__jctx_problem(ctx, field,
				 "too many languages (%zu, at most %d)",
				 m->count, MC_LIST_MAX);
	for (i = 0; i < m->count; i++) {
		const char *tag = m->items[i].lang;

		if (!mc_lang_tag_valid(tag)) {
			mc__jctx_problem(ctx, field, "invalid language tag %s",
					 mc__show(show, sizeof(show), tag));
			continue;
		}
		for (j = 0; j < i; j++)
			if (strcmp(m->items[j].lang, tag) == 0)
				break;
		path_printf(path, sizeof(path), "%s.%s", field, tag);
		if (j < i) {
			mc__jctx_problem(ctx, path, "duplicate language tag");
			continue;
		}
		mc__check_text(ctx, path, m->items[i].text);
	}
}

/* The map has a text in the record's primary language. */
static void check_primary(mc__jctx *ctx, const char *field, const mc_langmap *m,
			  const char *primary)
{
	char show[128];

	if (m->count && primary && mc_lang_tag_valid(primary) &&
	    !mc_langmap_get(m, primary))
		mc__jctx_problem(ctx, field,
				 "no text in the primary language %s",
				 mc__show(show, sizeof(show), primary));
}

static void check_tag(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!mc_lang_tag_valid(s))
		mc__jctx_problem(ctx, field, "invalid language tag %s",
				 mc__show(show, sizeof(show), s));
}

void mc__check_id(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!mc_id_valid(s))
		mc__jctx_problem(ctx, field,
				 "must be 1-%d characters of a-z, 0-9 and '-', "
				 "starting with a letter or digit, got %s",
				 MC_ID_MAX, mc__show(show, sizeof(show), s));
}

void mc__check_country(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!mc_country_name(s))
		mc__jctx_problem(ctx, field,
				 "unknown ISO 3166-1 alpha-2 country code %s",
				 mc__show(show, sizeof(show), s));
}

static void check_target_group(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!mc_target_group_valid(s))
		mc__jctx_problem(
		    ctx, field,
		    "unknown target group %s; expected one of: adults, "
		    "unemployed, structurally_weak_regions, returnees, "
		    "idps, youth, women, veterans, "
		    "people_with_disabilities, employees, other:<name>",
		    mc__show(show, sizeof(show), s));
}

static void check_esco(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!mc_esco_skill_uri_valid(s))
		mc__jctx_problem(ctx, field,
				 "not an ESCO skill URI "
				 "(http://data.europa.eu/esco/skill/<uuid>): "
				 "%s",
				 mc__show(show, sizeof(show), s));
}

/* A list: size bounds, each entry checked, duplicates rejected. */
void mc__check_list(mc__jctx *ctx, const char *field, const mc_strlist *l,
		    int required, size_t max, mc__item_check check)
{
	char path[PATH_LEN];
	size_t i, j;

	if (l->count == 0) {
		if (required)
			mc__jctx_problem(ctx, field, "at least one required");
		return;
	}
	if (l->count > max)
		mc__jctx_problem(ctx, field,
				 "too many entries (%zu, at most %zu)",
				 l->count, max);
	for (i = 0; i < l->count; i++) {
		char show[128];

		path_printf(path, sizeof(path), "%s[%zu]", field, i);
		for (j = 0; j < i; j++)
			if (strcmp(l->items[j], l->items[i]) == 0)
				break;
		if (j < i) {
			mc__jctx_problem(
			    ctx, path, "duplicate %s",
			    mc__show(show, sizeof(show), l->items[i]));
			continue;
		}
		check(ctx, path, l->items[i]);
	}
}

/* A required or optional single string checked by `check`. */
static void check_string(mc__jctx *ctx, const char *field, const char *s,
			 int required, mc__item_check check)
{
	if (!s) {
		if (required)
			mc__jctx_problem(ctx, field, "required");
		return;
	}
	check(ctx, field, s);
}

static int enum_ok(int v, int first, int last)
{
	return v >= first && v <= last;
}

static void check_workload_value(mc__jctx *ctx, const char *field, double v,
				 double max)
{
	if (v == 0)
		return;
	if (!isfinite(v))
		mc__jctx_problem(ctx, field, "must be a finite number");
	else if (v < 0)
		mc__jctx_problem(ctx, field, "must be > 0, got %.15g", v);
	else if (v > max)
		mc__jctx_problem(ctx, field, "must be at most %g, got %.15g",
				 max, v);
}

static void check_workload(mc__jctx *ctx, const mc_microcred *mc)
{
	double ratio;

	if (mc->ects == 0 && mc->ecvet == 0 && mc->hours == 0) {
		mc__jctx_problem(ctx, "workload",
				 "at least one of ects, ecvet, hours required");
		return;
	}
	check_workload_value(ctx, "workload.ects", mc->ects, 60);
	check_workload_value(ctx, "workload.ecvet", mc->ecvet, 60);
	check_workload_value(ctx, "workload.hours", mc->hours, 1800);
	if (mc->ects > 0 && mc->ects <= 60 && mc->hours > 0 &&
	    mc->hours <= 1800) {
		ratio = mc->hours / mc->ects;
		if (ratio < 20 || ratio > 35)
			mc__jctx_problem(ctx, "workload",
					 "hours per ECTS credit must be "
					 "20..35, got %.15g h for %.15g ECTS "
					 "(%.1f h per credit)",
					 mc->hours, mc->ects, ratio);
	}
}

/* "4", "12", "6.1": ^[0-9]{1,2}(\.[0-9])?$ */
static int nqf_valid(const char *s)
{
	size_t i = 0;

	while (i < 2 && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0)
		return 0;
	if (s[i] == '.') {
		if (!(s[i + 1] >= '0' && s[i + 1] <= '9'))
			return 0;
		i += 2;
	}
	return s[i] == '\0';
}

/* An SPDX-looking identifier: "CC-BY-SA-4.0", "MIT", "LicenseRef-x". */
static int spdx_valid(const char *s)
{
	size_t i;

	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	      (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i >= 64)
			return 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		      c == '+'))
			return 0;
	}
	return 1;
}

static int is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/*
 * http://data.europa.eu/esco/skill/ followed by a lowercase UUID
 * (8-4-4-4-12), or by a skill hierarchy code: S or T and digits separated
 * by dots ("S1.2.3", "T4").
 */
int mc_esco_skill_uri_valid(const char *uri)
{
	static const char prefix[] = "http://data.europa.eu/esco/skill/";
	const char *p;
	size_t i;

	if (!uri || strncmp(uri, prefix, sizeof(prefix) - 1) != 0)
		return 0;
	p = uri + sizeof(prefix) - 1;
	if (p[0] == 'S' || p[0] == 'T') {
		int digit = 0;

		for (i = 1; p[i]; i++) {
			if (p[i] >= '0' && p[i] <= '9')
				digit = 1;
			else if (p[i] == '.' && digit)
				digit = 0;
			else
				return 0;
		}
		return digit;
	}
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (p[i] != '-')
				return 0;
		} else if (!is_lower_hex(p[i])) {
			return 0;
		}
	}
	return p[36] == '\0';
}

static void check_outcomes(mc__jctx *ctx, const mc_microcred *mc)
{
	char path[PATH_LEN];
	size_t i;

	if (mc->outcome_count == 0) {
		mc__jctx_problem(ctx, "learning_outcomes",
				 "at least one required");
		return;
	}
	if (mc->outcome_count > MC_OUTCOMES_MAX)
		mc__jctx_problem(ctx, "learning_outcomes",
				 "too many entries (%zu, at most %d)",
				 mc->outcome_count, MC_OUTCOMES_MAX);
	for (i = 0; i < mc->outcome_count; i++) {
		const mc_outcome *o = &mc->outcomes[i];

		path_printf(path, sizeof(path),
			    "learning_outcomes[%zu].category", i);
		if (!enum_ok((int)o->category, MC_LO_KNOWLEDGE,
			     MC_LO_RESPONSIBILITY))
			mc__jctx_problem(ctx, path, "unknown value %d",
					 (int)o->category);
		path_printf(path, sizeof(path), "learning_outcomes[%zu].text",
			    i);
		mc__check_langmap(ctx, path, &o->text, 1);
		check_primary(ctx, path, &o->text, mc->primary_language);
		path_printf(path, sizeof(path),
			    "learning_outcomes[%zu].esco_skills", i);
		mc__check_list(ctx, path, &o->esco_skills, 0, MC_LIST_MAX,
			       check_esco);
	}
}

static void check_licence(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!spdx_valid(s))
		mc__jctx_problem(ctx, field,
				 "must be an SPDX licence identifier such as "
				 "'CC-BY-SA-4.0', got %s",
				 mc__show(show, sizeof(show), s));
}

void mc__check_url(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!mc__http_url_valid(s))
		mc__jctx_problem(ctx, field, "must be an http(s) URI, got %s",
				 mc__show(show, sizeof(show), s));
}

static void check_sector(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!mc_isced_label(s))
		mc__jctx_problem(ctx, field,
				 "unknown ISCED-F 2013 field code %s",
				 mc__show(show, sizeof(show), s));
}

static void check_nqf(mc__jctx *ctx, const char *field, const char *s)
{
	char show[128];

	if (!nqf_valid(s))
		mc__jctx_problem(ctx, field,
				 "must be a level such as '4' or '6.1', got %s",
				 mc__show(show, sizeof(show), s));
}

/* The enums that are set must hold values of their type. */
static void check_enums(mc__jctx *ctx, const mc_microcred *mc)
{
	if (!enum_ok((int)mc->status, MC_STATUS_DRAFT, MC_STATUS_RETIRED))
		mc__jctx_problem(ctx, "status", "unknown value %d",
				 (int)mc->status);
	if (mc->assessment == MC_ASSESS_UNSET)
		mc__jctx_problem(ctx, "assessment.type", "required");
	else if (!enum_ok((int)mc->assessment, MC_ASSESS_WRITTEN_EXAM,
			  MC_ASSESS_COMBINED))
		mc__jctx_problem(ctx, "assessment.type", "unknown value %d",
				 (int)mc->assessment);
	if (mc->mode == MC_MODE_UNSET)
		mc__jctx_problem(ctx, "participation.mode", "required");
	else if (!enum_ok((int)mc->mode, MC_MODE_ONSITE, MC_MODE_BLENDED))
		mc__jctx_problem(ctx, "participation.mode", "unknown value %d",
				 (int)mc->mode);
	if (!enum_ok((int)mc->setting, MC_SETTING_UNSET, MC_SETTING_NON_FORMAL))
		mc__jctx_problem(ctx, "participation.setting",
				 "unknown value %d", (int)mc->setting);
	if (mc->qa_type == MC_QA_UNSET)
		mc__jctx_problem(ctx, "quality_assurance.type", "required");
	else if (!enum_ok((int)mc->qa_type, MC_QA_INTERNAL,
			  MC_QA_ACCREDITATION))
		mc__jctx_problem(ctx, "quality_assurance.type",
				 "unknown value %d", (int)mc->qa_type);
	if (!enum_ok((int)mc->supervision, MC_SUPERVISION_UNSET,
		     MC_SUPERVISION_ONSITE_ID))
		mc__jctx_problem(ctx, "supervision", "unknown value %d",
				 (int)mc->supervision);
	if (!enum_ok((int)mc->stackability, MC_STACK_UNSET, MC_STACK_STACKABLE))
		mc__jctx_problem(ctx, "stackability.type", "unknown value %d",
				 (int)mc->stackability);
}

int mc_microcred_validate(const mc_microcred *mc, const char *where,
			  mc_problems *problems)
{
	mc__jctx ctx = {where, problems, 0, 0};

	check_string(&ctx, "id", mc->id, 1, mc__check_id);
	check_string(&ctx, "primary_language", mc->primary_language, 1,
		     check_tag);
	mc__check_list(&ctx, "languages", &mc->languages, 1, MC_LIST_MAX,
		       check_tag);
	mc__check_langmap(&ctx, "title", &mc->title, 1);
	check_primary(&ctx, "title", &mc->title, mc->primary_language);
	mc__check_langmap(&ctx, "description", &mc->description, 0);
	check_string(&ctx, "provider", mc->provider, 1, mc__check_id);
	mc__check_list(&ctx, "awarding_bodies", &mc->awarding_bodies, 1,
		       MC_LIST_MAX, mc__check_id);
	mc__check_list(&ctx, "countries", &mc->countries, 1, MC_LIST_MAX,
		       mc__check_country);
	mc__check_list(&ctx, "regions", &mc->regions, 0, MC_LIST_MAX,
		       mc__check_text);
	check_string(&ctx, "sector", mc->sector, 1, check_sector);
	mc__check_list(&ctx, "target_groups", &mc->target_groups, 1,
		       MC_LIST_MAX, check_target_group);
	check_outcomes(&ctx, mc);
	check_workload(&ctx, mc);
	if (mc->eqf_level == 0)
		mc__jctx_problem(&ctx, "eqf_level", "required");
	else if (mc->eqf_level < 1 || mc->eqf_level > 8)
		mc__jctx_problem(&ctx, "eqf_level", "must be 1..8, got %d",
				 mc->eqf_level);
	check_string(&ctx, "nqf_level", mc->nqf_level, 0, check_nqf);
	check_enums(&ctx, mc);
	mc__check_langmap(&ctx, "assessment.description",
			  &mc->assessment_description, 0);
	mc__check_langmap(&ctx, "quality_assurance.description",
			  &mc->qa_description, 0);
	check_string(&ctx, "quality_assurance.body", mc->qa_body, 0,
		     mc__check_id);
	mc__check_langmap(&ctx, "prerequisites", &mc->prerequisites, 0);
	if (mc->stackability == MC_STACK_STACKABLE && !mc->part_of)
		mc__jctx_problem(&ctx, "stackability.part_of",
				 "required when type is stackable");
	else if (mc->part_of && mc->stackability == MC_STACK_UNSET)
		mc__jctx_problem(&ctx, "stackability.type", "required");
	else if (mc->part_of && mc->stackability != MC_STACK_STACKABLE)
		mc__jctx_problem(&ctx, "stackability.part_of",
				 "only allowed when type is stackable");
	else
		check_string(&ctx, "stackability.part_of", mc->part_of, 0,
			     mc__check_text);
	mc__check_langmap(&ctx, "further_information", &mc->further_information,
			  0);
	check_string(&ctx, "licence", mc->licence, 0, check_licence);
	check_string(&ctx, "attribution", mc->attribution, 0, mc__check_text);
	check_string(&ctx, "derived_from", mc->derived_from, 0, mc__check_url);

	if (ctx.error)
		return ctx.error;
	return ctx.found ? MC_EINVALID : 0;
}
