/*
 * The JSON form of a micro-credential (docs/FORMATS.md), and the JSON
 * helpers the model's readers and writers share: typed readers that report
 * every problem with its field path, writers that leave unset values out,
 * and the one way the project dumps JSON.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/microcredential.h"
#include "model.h"
#include "util/util.h"

/* Longest field path built here; keys shown in paths are cut to fit. */
#define PATH_MAX_LEN 256

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

void mc__jctx_problem(mc__jctx *ctx, const char *field, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	ctx->found++;
	if (!ctx->problems)
		return;
	va_start(ap, fmt);
	reason = mc__vasprintf(fmt, ap);
	va_end(ap);
	if (!reason ||
	    mc_problems_add(ctx->problems, ctx->where, field, "%s", reason) < 0)
		ctx->error = MC_ENOMEM;
	free(reason);
}

/* Length of at most `max` bytes of `s`, cut on a UTF-8 character
 * boundary. */
static size_t cut_utf8(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

const char *mc__show(char *buf, size_t len, const char *s)
{
	size_t n = cut_utf8(s, 100);

	snprintf(buf, len, "'%.*s%s'", (int)n, s, s[n] ? "..." : "");
	return buf;
}

const char *mc__json_describe(char *buf, size_t len, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return mc__show(buf, len, json_string_value(v));
	case JSON_INTEGER:
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, len, "%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, len, "true");
		break;
	case JSON_FALSE:
		snprintf(buf, len, "false");
		break;
	case JSON_NULL:
		snprintf(buf, len, "null");
		break;
	case JSON_OBJECT:
		snprintf(buf, len, "an object");
		break;
	case JSON_ARRAY:
		snprintf(buf, len, "an array");
		break;
	}
	return buf;
}

void mc__json_get_string(mc__jctx *ctx, char **out, const json_t *v,
			 const char *field)
{
	char show[128];
	size_t len;
	char *copy;

	if (!json_is_string(v)) {
		mc__jctx_problem(ctx, field, "must be a string, got %s",
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	len = json_string_length(v);
	if (len > MC_TEXT_MAX) {
		mc__jctx_problem(ctx, field, "too long (%zu bytes, at most %d)",
				 len, MC_TEXT_MAX);
		return;
	}
	if (!(copy = mc__strndup(json_string_value(v), len))) {
		ctx->error = MC_ENOMEM;
		return;
	}
	free(*out);
	*out = copy;
}

void mc__json_get_langmap(mc__jctx *ctx, mc_langmap *out, const json_t *v,
			  const char *field)
{
	char show[128], path[PATH_MAX_LEN];
	const char *tag;
	json_t *text;
	size_t n = 0;

	mc_langmap_clear(out);
	if (!json_is_object(v)) {
		mc__jctx_problem(ctx, field,
				 "must be an object of language tag to text, "
				 "got %s",
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	if (json_object_size(v) > MC_LIST_MAX)
		mc__jctx_problem(ctx, field,
				 "too many languages (%zu, at most %d)",
				 json_object_size(v), MC_LIST_MAX);
	json_object_foreach((json_t *)v, tag, text)
	{
		if (n++ == MC_LIST_MAX)
			break;
		if (!mc_lang_tag_valid(tag)) {
			mc__jctx_problem(ctx, field, "invalid language tag %s",
					 mc__show(show, sizeof(show), tag));
			continue;
		}
		path_printf(path, sizeof(path), "%s.%s", field, tag);
		if (!json_is_string(text)) {
			mc__jctx_problem(
			    ctx, path, "must be a string, got %s",
			    mc__json_describe(show, sizeof(show), text));
			continue;
		}
		if (json_string_length(text) > MC_TEXT_MAX) {
			mc__jctx_problem(ctx, path,
					 "too long (%zu bytes, at most %d)",
					 json_string_length(text), MC_TEXT_MAX);
			continue;
		}
		if (mc_langmap_set(out, tag, json_string_value(text)) < 0) {
			ctx->error = MC_ENOMEM;
			return;
		}
	}
}

void mc__json_get_strlist(mc__jctx *ctx, mc_strlist *out, const json_t *v,
			  const char *field)
{
	char show[128], path[PATH_MAX_LEN];
	json_t *item;
	size_t i;

	mc_strlist_clear(out);
	if (!json_is_array(v)) {
		mc__jctx_problem(ctx, field,
				 "must be an array of strings, got %s",
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	if (json_array_size(v) > MC_LIST_MAX)
		mc__jctx_problem(ctx, field,
				 "too many entries (%zu, at most %d)",
				 json_array_size(v), MC_LIST_MAX);
	json_array_foreach(v, i, item)
	{
		if (i == MC_LIST_MAX)
			break;
		path_printf(path, sizeof(path), "%s[%zu]", field, i);
		if (!json_is_string(item)) {
			mc__jctx_problem(
			    ctx, path, "must be a string, got %s",
			    mc__json_describe(show, sizeof(show), item));
			continue;
		}
		if (json_string_length(item) > MC_TEXT_MAX) {
			mc__jctx_problem(ctx, path,
					 "too long (%zu bytes, at most %d)",
					 json_string_length(item), MC_TEXT_MAX);
			continue;
		}
		if (mc_strlist_add(out, json_string_value(item)) < 0) {
			ctx->error = MC_ENOMEM;
			return;
		}
	}
}

void mc__json_get_enum(mc__jctx *ctx, int *out, const json_t *v,
		       const char *field, mc__vocab vocab)
{
	char show[128];

	if (!json_is_string(v)) {
		mc__jctx_problem(ctx, field,
				 "must be a string, one of: %s; got %s",
				 mc__vocab_list(vocab),
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	if (mc__vocab_parse(out, vocab, json_string_value(v)) < 0)
		mc__jctx_problem(ctx, field,
				 "unknown value %s; expected one of: %s",
				 mc__json_describe(show, sizeof(show), v),
				 mc__vocab_list(vocab));
}

int mc__json_put_string(json_t *obj, const char *key, const char *s)
{
	if (!s)
		return 0;
	return json_object_set_new(obj, key, json_string(s));
}

int mc__json_put_langmap(json_t *obj, const char *key, const mc_langmap *m)
{
	json_t *map;
	size_t i;

	if (!m->count)
		return 0;
	if (!(map = json_object()))
		return -1;
	for (i = 0; i < m->count; i++) {
		if (json_object_set_new(map, m->items[i].lang,
					json_string(m->items[i].text)) < 0) {
			json_decref(map);
			return -1;
		}
	}
	return json_object_set_new(obj, key, map);
}

int mc__json_put_strlist(json_t *obj, const char *key, const mc_strlist *l)
{
	json_t *arr;
	size_t i;

	if (!l->count)
		return 0;
	if (!(arr = json_array()))
		return -1;
	for (i = 0; i < l->count; i++) {
		if (json_array_append_new(arr, json_string(l->items[i])) < 0) {
			json_decref(arr);
			return -1;
		}
	}
	return json_object_set_new(obj, key, arr);
}

json_t *mc__json_load(mc__jctx *ctx, const char *json, size_t len)
{
	json_error_t err;
	json_t *v;

	v = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
	if (!v) {
		if (json_error_code(&err) == json_error_out_of_memory)
			ctx->error = MC_ENOMEM;
		else
			mc__jctx_problem(ctx, NULL,
					 "invalid JSON at line %d, column "
					 "%d: %s",
					 err.line, err.column, err.text);
	}
	return v;
}

/* Non-zero if path `pre` is `s` or a field above it ("a" of "a.b",
 * "a[1]"). */
static int path_covers(const char *pre, const char *s)
{
	size_t n = strlen(pre);

	if (strcmp(pre, s) == 0)
		return 1;
	return n && strncmp(pre, s, n) == 0 && (s[n] == '.' || s[n] == '[');
}

void mc__problems_merge(mc__jctx *ctx, const mc_problems *parsed,
			const mc_problems *semantic)
{
	size_t i, j;

	for (i = 0; i < parsed->count; i++) {
		ctx->found++;
		if (ctx->problems &&
		    mc_problems_add(ctx->problems, parsed->items[i].where,
				    parsed->items[i].field, "%s",
				    parsed->items[i].reason) < 0)
			ctx->error = MC_ENOMEM;
	}
	for (i = 0; i < semantic->count; i++) {
		const char *f = semantic->items[i].field;
		int covered = 0;

		for (j = 0; j < parsed->count && !covered; j++)
			covered = path_covers(f, parsed->items[j].field) ||
				  path_covers(parsed->items[j].field, f);
		if (covered)
			continue;
		ctx->found++;
		if (ctx->problems &&
		    mc_problems_add(ctx->problems, semantic->items[i].where, f,
				    "%s", semantic->items[i].reason) < 0)
			ctx->error = MC_ENOMEM;
	}
}

int mc__http_url_valid(const char *s)
{
	const unsigned char *p;
	size_t skip;

	if (!s)
		return 0;
	if (strncmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	p = (const unsigned char *)s + skip;
	if (!*p || *p == '/' || *p == '?' || *p == '#' || strlen(s) > 2048)
		return 0;
	for (; *p; p++)
		if (*p <= 0x20 || *p == 0x7F)
			return 0;
	return 1;
}

char *mc__json_dump(const json_t *value)
{
	return json_dumps(value, JSON_INDENT(2) | JSON_REAL_PRECISION(15) |
				     JSON_PRESERVE_ORDER);
}

/* ---- The micro-credential ---------------------------------------------*/

void mc__json_unknown_keys(mc__jctx *ctx, const json_t *v, const char *field,
			   const char *const *known)
{
	char path[PATH_MAX_LEN];
	const char *key;
	json_t *val;
	size_t i;

	json_object_foreach((json_t *)v, key, val)
	{
		int found = 0;

		for (i = 0; known[i] && !found; i++)
			found = strcmp(known[i], key) == 0;
		if (found)
			continue;
		path_printf(path, sizeof(path), "%s%s%.*s", field,
			    *field ? "." : "", (int)cut_utf8(key, 64), key);
		mc__jctx_problem(ctx, path, "unknown key");
	}
}

/* A workload value: a number; 0 is reported here because it would read as
 * "unset" later.  Other ranges are mc_microcred_validate()'s. */
static void get_workload_number(mc__jctx *ctx, double *out, const json_t *v,
				const char *field)
{
	char show[128];

	if (!json_is_number(v)) {
		mc__jctx_problem(ctx, field, "must be a number, got %s",
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	*out = json_number_value(v);
	if (*out == 0)
		mc__jctx_problem(ctx, field, "must be > 0, got 0");
}

static void get_bool(mc__jctx *ctx, int *out, const json_t *v,
		     const char *field)
{
	char show[128];

	if (!json_is_boolean(v)) {
		mc__jctx_problem(ctx, field, "must be true or false, got %s",
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	*out = json_is_true(v);
}

/* `v` if it is an object; else NULL and a type problem under `field`. */
static json_t *get_object(mc__jctx *ctx, json_t *v, const char *field)
{
	char show[128];

	if (!json_is_object(v)) {
		mc__jctx_problem(ctx, field, "must be an object, got %s",
				 mc__json_describe(show, sizeof(show), v));
		return NULL;
	}
	return v;
}

static void parse_workload(mc__jctx *ctx, mc_microcred *mc, json_t *v)
{
	static const char *const known[] = {"ects", "ecvet", "hours", NULL};
	json_t *x;

	if (!get_object(ctx, v, "workload"))
		return;
	mc__json_unknown_keys(ctx, v, "workload", known);
	if ((x = json_object_get(v, "ects")))
		get_workload_number(ctx, &mc->ects, x, "workload.ects");
	if ((x = json_object_get(v, "ecvet")))
		get_workload_number(ctx, &mc->ecvet, x, "workload.ecvet");
	if ((x = json_object_get(v, "hours")))
		get_workload_number(ctx, &mc->hours, x, "workload.hours");
}

static void parse_assessment(mc__jctx *ctx, mc_microcred *mc, json_t *v)
{
	static const char *const known[] = {"type", "description", NULL};
	json_t *x;
	int e = 0;

	if (!get_object(ctx, v, "assessment"))
		return;
	mc__json_unknown_keys(ctx, v, "assessment", known);
	if ((x = json_object_get(v, "type"))) {
		mc__json_get_enum(ctx, &e, x, "assessment.type",
				  MC__VOCAB_ASSESSMENT);
		mc->assessment = (mc_assessment_type)e;
	}
	if ((x = json_object_get(v, "description")))
		mc__json_get_langmap(ctx, &mc->assessment_description, x,
				     "assessment.description");
}

static void parse_participation(mc__jctx *ctx, mc_microcred *mc, json_t *v)
{
	static const char *const known[] = {"mode", "setting", "work_based",
					    "volunteering", NULL};
	json_t *x;
	int e;

	if (!get_object(ctx, v, "participation"))
		return;
	mc__json_unknown_keys(ctx, v, "participation", known);
	if ((x = json_object_get(v, "mode"))) {
		e = 0;
		mc__json_get_enum(ctx, &e, x, "participation.mode",
				  MC__VOCAB_MODE);
		mc->mode = (mc_mode)e;
	}
	if ((x = json_object_get(v, "setting"))) {
		e = 0;
		mc__json_get_enum(ctx, &e, x, "participation.setting",
				  MC__VOCAB_SETTING);
		mc->setting = (mc_setting)e;
	}
	if ((x = json_object_get(v, "work_based")))
		get_bool(ctx, &mc->work_based, x, "participation.work_based");
	if ((x = json_object_get(v, "volunteering")))
		get_bool(ctx, &mc->volunteering, x,
			 "participation.volunteering");
}

static void parse_qa(mc__jctx *ctx, mc_microcred *mc, json_t *v)
{
	static const char *const known[] = {"type", "description", "body",
					    NULL};
	json_t *x;
	int e = 0;

	if (!get_object(ctx, v, "quality_assurance"))
		return;
	mc__json_unknown_keys(ctx, v, "quality_assurance", known);
	if ((x = json_object_get(v, "type"))) {
		mc__json_get_enum(ctx, &e, x, "quality_assurance.type",
				  MC__VOCAB_QA);
		mc->qa_type = (mc_qa_type)e;
	}
	if ((x = json_object_get(v, "description")))
		mc__json_get_langmap(ctx, &mc->qa_description, x,
				     "quality_assurance.description");
	if ((x = json_object_get(v, "body")))
		mc__json_get_string(ctx, &mc->qa_body, x,
				    "quality_assurance.body");
}

static void parse_stackability(mc__jctx *ctx, mc_microcred *mc, json_t *v)
{
	static const char *const known[] = {"type", "part_of", NULL};
	json_t *x;
	int e = 0;

	if (!get_object(ctx, v, "stackability"))
		return;
	mc__json_unknown_keys(ctx, v, "stackability", known);
	if ((x = json_object_get(v, "type"))) {
		mc__json_get_enum(ctx, &e, x, "stackability.type",
				  MC__VOCAB_STACKABILITY);
		mc->stackability = (mc_stackability)e;
	} else {
		mc__jctx_problem(ctx, "stackability.type", "required");
	}
	if ((x = json_object_get(v, "part_of")))
		mc__json_get_string(ctx, &mc->part_of, x,
				    "stackability.part_of");
}

static void parse_outcome(mc__jctx *ctx, mc_outcome *o, json_t *v,
			  const char *field)
{
	static const char *const known[] = {"category", "text", "esco_skills",
					    NULL};
	char path[PATH_MAX_LEN];
	json_t *x;
	int e = 0;

	if (!get_object(ctx, v, field))
		return;
	mc__json_unknown_keys(ctx, v, field, known);
	path_printf(path, sizeof(path), "%s.category", field);
	if ((x = json_object_get(v, "category"))) {
		mc__json_get_enum(ctx, &e, x, path, MC__VOCAB_LO_CATEGORY);
		o->category = (mc_lo_category)e;
	} else {
		mc__jctx_problem(ctx, path, "required");
	}
	path_printf(path, sizeof(path), "%s.text", field);
	if ((x = json_object_get(v, "text")))
		mc__json_get_langmap(ctx, &o->text, x, path);
	path_printf(path, sizeof(path), "%s.esco_skills", field);
	if ((x = json_object_get(v, "esco_skills")))
		mc__json_get_strlist(ctx, &o->esco_skills, x, path);
}

static void parse_outcomes(mc__jctx *ctx, mc_microcred *mc, json_t *v)
{
	char show[128], path[PATH_MAX_LEN];
	size_t i, n;

	if (!json_is_array(v)) {
		mc__jctx_problem(ctx, "learning_outcomes",
				 "must be an array, got %s",
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	n = json_array_size(v);
	if (n > MC_OUTCOMES_MAX) {
		mc__jctx_problem(ctx, "learning_outcomes",
				 "too many entries (%zu, at most %d)", n,
				 MC_OUTCOMES_MAX);
		n = MC_OUTCOMES_MAX;
	}
	if (!n)
		return;
	if (!(mc->outcomes = calloc(n, sizeof(*mc->outcomes)))) {
		ctx->error = MC_ENOMEM;
		return;
	}
	/* Entries that are not objects stay as empty outcomes so that the
	 * indexes of later problems match the input. */
	mc->outcome_count = n;
	for (i = 0; i < n && !ctx->error; i++) {
		path_printf(path, sizeof(path), "learning_outcomes[%zu]", i);
		parse_outcome(ctx, &mc->outcomes[i], json_array_get(v, i),
			      path);
	}
}

static void parse_int(mc__jctx *ctx, int *out, const json_t *v,
		      const char *field, const char *what)
{
	char show[128];
	json_int_t n;

	if (!json_is_integer(v)) {
		mc__jctx_problem(ctx, field, "must be an integer %s, got %s",
				 what,
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	n = json_integer_value(v);
	if (n < INT_MIN || n > INT_MAX) {
		mc__jctx_problem(ctx, field, "must be an integer %s, got %s",
				 what,
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	*out = (int)n;
}

static void parse_version(mc__jctx *ctx, mc_microcred *mc, const json_t *v)
{
	char show[128];

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > UINT_MAX) {
		mc__jctx_problem(ctx, "version",
				 "must be an integer >= 1, got %s",
				 mc__json_describe(show, sizeof(show), v));
		return;
	}
	mc->version = (unsigned)json_integer_value(v);
}

/* The top-level keys in export order. */
static const char *const mc_keys[] = {"id",
				      "version",
				      "status",
				      "primary_language",
				      "languages",
				      "title",
				      "description",
				      "provider",
				      "awarding_bodies",
				      "countries",
				      "regions",
				      "sector",
				      "target_groups",
				      "learning_outcomes",
				      "workload",
				      "eqf_level",
				      "nqf_level",
				      "assessment",
				      "participation",
				      "quality_assurance",
				      "prerequisites",
				      "supervision",
				      "stackability",
				      "further_information",
				      "licence",
				      "attribution",
				      "derived_from",
				      NULL};

/*
 * Read every known key of `obj` into `mc`, recording type, vocabulary and
 * size problems in `ctx`.  Walks the object in document order so problems
 * come in the order of the input.
 */
static void parse_record(mc__jctx *ctx, mc_microcred *mc, json_t *obj)
{
	const char *key;
	json_t *v;
	int e;

	json_object_foreach(obj, key, v)
	{
		if (ctx->error)
			return;
		if (!strcmp(key, "id")) {
			mc__json_get_string(ctx, &mc->id, v, key);
		} else if (!strcmp(key, "version")) {
			parse_version(ctx, mc, v);
		} else if (!strcmp(key, "status")) {
			e = 0;
			mc__json_get_enum(ctx, &e, v, key, MC__VOCAB_STATUS);
			mc->status = (mc_status)e;
		} else if (!strcmp(key, "primary_language")) {
			mc__json_get_string(ctx, &mc->primary_language, v, key);
		} else if (!strcmp(key, "languages")) {
			mc__json_get_strlist(ctx, &mc->languages, v, key);
		} else if (!strcmp(key, "title")) {
			mc__json_get_langmap(ctx, &mc->title, v, key);
		} else if (!strcmp(key, "description")) {
			mc__json_get_langmap(ctx, &mc->description, v, key);
		} else if (!strcmp(key, "provider")) {
			mc__json_get_string(ctx, &mc->provider, v, key);
		} else if (!strcmp(key, "awarding_bodies")) {
			mc__json_get_strlist(ctx, &mc->awarding_bodies, v, key);
		} else if (!strcmp(key, "countries")) {
			mc__json_get_strlist(ctx, &mc->countries, v, key);
		} else if (!strcmp(key, "regions")) {
			mc__json_get_strlist(ctx, &mc->regions, v, key);
		} else if (!strcmp(key, "sector")) {
			mc__json_get_string(ctx, &mc->sector, v, key);
		} else if (!strcmp(key, "target_groups")) {
			mc__json_get_strlist(ctx, &mc->target_groups, v, key);
		} else if (!strcmp(key, "learning_outcomes")) {
			parse_outcomes(ctx, mc, v);
		} else if (!strcmp(key, "workload")) {
			parse_workload(ctx, mc, v);
		} else if (!strcmp(key, "eqf_level")) {
			parse_int(ctx, &mc->eqf_level, v, key, "1..8");
		} else if (!strcmp(key, "nqf_level")) {
			mc__json_get_string(ctx, &mc->nqf_level, v, key);
		} else if (!strcmp(key, "assessment")) {
			parse_assessment(ctx, mc, v);
		} else if (!strcmp(key, "participation")) {
			parse_participation(ctx, mc, v);
		} else if (!strcmp(key, "quality_assurance")) {
			parse_qa(ctx, mc, v);
		} else if (!strcmp(key, "prerequisites")) {
			mc__json_get_langmap(ctx, &mc->prerequisites, v, key);
		} else if (!strcmp(key, "supervision")) {
			e = 0;
			mc__json_get_enum(ctx, &e, v, key,
					  MC__VOCAB_SUPERVISION);
			mc->supervision = (mc_supervision)e;
		} else if (!strcmp(key, "stackability")) {
			parse_stackability(ctx, mc, v);
		} else if (!strcmp(key, "further_information")) {
			mc__json_get_langmap(ctx, &mc->further_information, v,
					     key);
		} else if (!strcmp(key, "licence")) {
			mc__json_get_string(ctx, &mc->licence, v, key);
		} else if (!strcmp(key, "attribution")) {
			mc__json_get_string(ctx, &mc->attribution, v, key);
		} else if (!strcmp(key, "derived_from")) {
			mc__json_get_string(ctx, &mc->derived_from, v, key);
		}
	}
	mc__json_unknown_keys(ctx, obj, "", mc_keys);
}

/*
 * Parse, then validate into a separate list, then merge both into the
 * caller's list so that one fault gives one problem.
 */
int mc__microcred_from_jansson(mc_microcred **out, json_t *obj,
			       const char *where, mc_problems *problems)
{
	mc_problems parsed = MC_PROBLEMS_INIT, semantic = MC_PROBLEMS_INIT;
	mc__jctx pctx = {where, &parsed, 0, 0};
	mc__jctx octx = {where, problems, 0, 0};
	mc_microcred *mc = NULL;
	char show[128];
	int error;

	*out = NULL;
	if (!json_is_object(obj)) {
		mc__jctx_problem(
		    &octx, NULL, "must be a JSON object, got %s",
		    obj ? mc__json_describe(show, sizeof(show), obj)
			: "nothing");
		error = octx.error ? octx.error : MC_EINVALID;
		goto cleanup;
	}
	if ((error = mc_microcred_new(&mc)) < 0)
		goto cleanup;
	parse_record(&pctx, mc, obj);
	if ((error = pctx.error) < 0)
		goto cleanup;
	error = mc_microcred_validate(mc, where, &semantic);
	if (error == MC_ENOMEM)
		goto cleanup;
	mc__problems_merge(&octx, &parsed, &semantic);
	/* Parse problems past MC_PROBLEMS_MAX were counted, not kept. */
	octx.found += pctx.found - parsed.count;
	if ((error = octx.error) < 0)
		goto cleanup;
	if (octx.found) {
		error = MC_EINVALID;
		goto cleanup;
	}
	*out = mc;
	mc = NULL;
	error = 0;

cleanup:
	mc_microcred_free(mc);
	mc_problems_clear(&parsed);
	mc_problems_clear(&semantic);
	return error;
}

int mc_microcred_from_json(mc_microcred **out, const char *json, size_t len,
			   const char *where, mc_problems *problems)
{
	mc__jctx ctx = {where, problems, 0, 0};
	json_t *obj = NULL;
	int error;

	*out = NULL;
	if (!json)
		return MC_EUSAGE;
	if (!(obj = mc__json_load(&ctx, json, len))) {
		error = ctx.error ? ctx.error : MC_EINVALID;
		goto cleanup;
	}
	error = mc__microcred_from_jansson(out, obj, where, problems);

cleanup:
	json_decref(obj);
	return error;
}

int mc_microcred_from_jansson(mc_microcred **out, const json_t *obj,
			      const char *where, mc_problems *problems)
{
	/* The readers take a json_t * for jansson's getters; none writes. */
	return mc__microcred_from_jansson(out, (json_t *)obj, where, problems);
}

/*
 * A workload number: integral values (after rounding to 15 significant
 * digits, the precision they are written with) as JSON integers, others as
 * reals, so that a re-import writes the same text.  0 and non-finite
 * values are left out.
 */
static int put_number(json_t *obj, const char *key, double v)
{
	char buf[64];
	double r;

	if (v == 0 || !isfinite(v))
		return 0;
	snprintf(buf, sizeof(buf), "%.15g", v);
	r = strtod(buf, NULL);
	if (r == floor(r) && fabs(r) < 1e15)
		return json_object_set_new(obj, key,
					   json_integer((json_int_t)r));
	return json_object_set_new(obj, key, json_real(r));
}

/* Add `key`: `sub` unless it is empty; takes `sub` over. */
static int put_object(json_t *obj, const char *key, json_t *sub)
{
	if (!sub)
		return -1;
	if (!json_object_size(sub)) {
		json_decref(sub);
		return 0;
	}
	return json_object_set_new(obj, key, sub);
}

static int put_enum(json_t *obj, const char *key, const char *name, int set)
{
	if (!set)
		return 0;
	return json_object_set_new(obj, key, json_string(name));
}

static json_t *outcome_to_jansson(const mc_outcome *o)
{
	json_t *obj = json_object();

	if (!obj ||
	    json_object_set_new(obj, "category",
				json_string(mc_lo_category_name(o->category))) <
		0 ||
	    mc__json_put_langmap(obj, "text", &o->text) < 0 ||
	    mc__json_put_strlist(obj, "esco_skills", &o->esco_skills) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* The parts of the record after the learning outcomes. */
static int put_tail(json_t *obj, const mc_microcred *mc)
{
	json_t *sub;

	if (!(sub = json_object()) || put_number(sub, "ects", mc->ects) < 0 ||
	    put_number(sub, "ecvet", mc->ecvet) < 0 ||
	    put_number(sub, "hours", mc->hours) < 0) {
		json_decref(sub);
		return -1;
	}
	if (put_object(obj, "workload", sub) < 0)
		return -1;
	if (mc->eqf_level &&
	    json_object_set_new(obj, "eqf_level", json_integer(mc->eqf_level)) <
		0)
		return -1;
	if (mc__json_put_string(obj, "nqf_level", mc->nqf_level) < 0)
		return -1;

	if (!(sub = json_object()) ||
	    put_enum(sub, "type", mc_assessment_name(mc->assessment),
		     mc->assessment != MC_ASSESS_UNSET) < 0 ||
	    mc__json_put_langmap(sub, "description",
				 &mc->assessment_description) < 0) {
		json_decref(sub);
		return -1;
	}
	if (put_object(obj, "assessment", sub) < 0)
		return -1;

	if (!(sub = json_object()) ||
	    put_enum(sub, "mode", mc_mode_name(mc->mode),
		     mc->mode != MC_MODE_UNSET) < 0 ||
	    put_enum(sub, "setting", mc_setting_name(mc->setting),
		     mc->setting != MC_SETTING_UNSET) < 0 ||
	    json_object_set_new(sub, "work_based",
				json_boolean(mc->work_based)) < 0 ||
	    json_object_set_new(sub, "volunteering",
				json_boolean(mc->volunteering)) < 0) {
		json_decref(sub);
		return -1;
	}
	if (put_object(obj, "participation", sub) < 0)
		return -1;

	if (!(sub = json_object()) ||
	    put_enum(sub, "type", mc_qa_name(mc->qa_type),
		     mc->qa_type != MC_QA_UNSET) < 0 ||
	    mc__json_put_langmap(sub, "description", &mc->qa_description) < 0 ||
	    mc__json_put_string(sub, "body", mc->qa_body) < 0) {
		json_decref(sub);
		return -1;
	}
	if (put_object(obj, "quality_assurance", sub) < 0)
		return -1;

	if (mc__json_put_langmap(obj, "prerequisites", &mc->prerequisites) <
		0 ||
	    put_enum(obj, "supervision", mc_supervision_name(mc->supervision),
		     mc->supervision != MC_SUPERVISION_UNSET) < 0)
		return -1;

	if (!(sub = json_object()) ||
	    put_enum(sub, "type", mc_stackability_name(mc->stackability),
		     mc->stackability != MC_STACK_UNSET) < 0 ||
	    mc__json_put_string(sub, "part_of", mc->part_of) < 0) {
		json_decref(sub);
		return -1;
	}
	if (put_object(obj, "stackability", sub) < 0)
		return -1;

	if (mc__json_put_langmap(obj, "further_information",
				 &mc->further_information) < 0 ||
	    mc__json_put_string(obj, "licence", mc->licence) < 0 ||
	    mc__json_put_string(obj, "attribution", mc->attribution) < 0 ||
	    mc__json_put_string(obj, "derived_from", mc->derived_from) < 0)
		return -1;
	return 0;
}

json_t *mc__microcred_to_jansson(const mc_microcred *mc)
{
	json_t *obj = json_object(), *arr = NULL;
	size_t i;

	if (!obj)
		goto cleanup;
	if (mc__json_put_string(obj, "id", mc->id) < 0)
		goto cleanup;
	if (mc->version > 0 &&
	    (json_object_set_new(obj, "version",
				 json_integer((json_int_t)mc->version)) < 0 ||
	     json_object_set_new(obj, "status",
				 json_string(mc_status_name(mc->status))) < 0))
		goto cleanup;
	if (mc__json_put_string(obj, "primary_language", mc->primary_language) <
		0 ||
	    mc__json_put_strlist(obj, "languages", &mc->languages) < 0 ||
	    mc__json_put_langmap(obj, "title", &mc->title) < 0 ||
	    mc__json_put_langmap(obj, "description", &mc->description) < 0 ||
	    mc__json_put_string(obj, "provider", mc->provider) < 0 ||
	    mc__json_put_strlist(obj, "awarding_bodies", &mc->awarding_bodies) <
		0 ||
	    mc__json_put_strlist(obj, "countries", &mc->countries) < 0 ||
	    mc__json_put_strlist(obj, "regions", &mc->regions) < 0 ||
	    mc__json_put_string(obj, "sector", mc->sector) < 0 ||
	    mc__json_put_strlist(obj, "target_groups", &mc->target_groups) < 0)
		goto cleanup;
	if (mc->outcome_count) {
		if (!(arr = json_array()))
			goto cleanup;
		for (i = 0; i < mc->outcome_count; i++)
			if (json_array_append_new(
				arr, outcome_to_jansson(&mc->outcomes[i])) < 0)
				goto cleanup;
		if (json_object_set_new(obj, "learning_outcomes", arr) < 0) {
			arr = NULL;
			goto cleanup;
		}
		arr = NULL;
	}
	if (put_tail(obj, mc) < 0)
		goto cleanup;
	return obj;

cleanup:
	json_decref(arr);
	json_decref(obj);
	return NULL;
}

int mc_microcred_to_json(char **out, const mc_microcred *mc)
{
	json_t *obj;
	int error = 0;

	*out = NULL;
	if (!(obj = mc__microcred_to_jansson(mc))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (!(*out = mc__json_dump(obj)))
		error = MC_ENOMEM;

cleanup:
	json_decref(obj);
	return error;
}
