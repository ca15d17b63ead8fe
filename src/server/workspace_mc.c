/*
 * The MC editor and review page of the workspace: a form with the Annex I
 * fields, validation problems shown beside their fields, the MC's history
 * with review comments, and the lifecycle buttons the user may use.
 *
 * The form edits the JSON form of the record (docs/FORMATS.md): editing
 * starts from the stored version, so fields the form does not show are
 * kept, and the library's JSON parser and validator judge the result.
 */
#include "workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "form.h"
#include "i18n.h"
#include "workspace_private.h"

/* The three EQF categories, as in the JSON form, and their form fields. */
static const char *const lo_cats[3] = {"knowledge", "skills",
				       "responsibility_autonomy"};
static const char *const lo_fields[3] = {
    "outcomes_knowledge", "outcomes_skills", "outcomes_responsibility"};
static const char *const lo_keys[3] = {"ws.mc.lo_knowledge", "ws.mc.lo_skills",
				       "ws.mc.lo_responsibility"};

/* What the form shows, as strings (arena or borrowed). */
typedef struct {
	const char *id, *provider, *lang, *title, *description;
	const char *lo[3];
	const char *eqf, *ects, *hours, *assessment, *mode, *qa_type, *qa_body;
	const char *languages, *sector, *licence;
	const char **groups;
	size_t ngroups;
} ws_mcform;

/* Problems mapped to the form's inputs. */
typedef struct {
	const char *input; /* form field, or NULL: shown at the top */
	const char *field;
	const char *reason;
} ws_err;

typedef struct {
	ws_err *items;
	size_t count;
} ws_errs;

static void jdecref(void *p)
{
	json_decref((json_t *)p);
}

static void mcfree(void *p)
{
	mc_microcred_free((mc_microcred *)p);
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static const char *jlang(const json_t *o, const char *key, const char *lang)
{
	return jstr(json_object_get(o, key), lang);
}

static const char *num_text(mc_req *req, const json_t *v)
{
	char buf[64];

	if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%lld",
			 (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof(buf), "%g", json_real_value(v));
	else if (json_is_string(v))
		return json_string_value(v);
	else
		return "";
	return mc_arena_strdup(req->arena, buf);
}

/* Lines of a textarea: trimmed, empty ones dropped, joined by "\n". */
static const char *norm_lines(mc_req *req, const char *text)
{
	size_t len = strlen(text), o = 0;
	char *out = mc_arena_alloc(req->arena, len + 1);
	const char *p = text;

	if (!out)
		return "";
	while (*p) {
		const char *e = strchr(p, '\n'), *s = p;
		size_t n;

		if (!e)
			e = p + strlen(p);
		n = (size_t)(e - s);
		while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++, n--;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
				 s[n - 1] == '\r'))
			n--;
		if (n > 0) {
			if (o > 0)
				out[o++] = '\n';
			memcpy(out + o, s, n);
			o += n;
		}
		p = *e ? e + 1 : e;
	}
	out[o] = '\0';
	return out;
}

/* The outcomes of category `cat` in `lang`, one per line. */
static const char *lo_text(mc_req *req, const json_t *rec, const char *cat,
			   const char *lang)
{
	const json_t *los = json_object_get(rec, "learning_outcomes");
	size_t i, cap = 1, o = 0;
	char *out;

	for (i = 0; i < json_array_size(los); i++)
		cap += strlen(jlang(json_array_get(los, i), "text", lang)) + 1;
	out = mc_arena_alloc(req->arena, cap);
	if (!out)
		return "";
	for (i = 0; i < json_array_size(los); i++) {
		const json_t *lo = json_array_get(los, i);
		const char *t = jlang(lo, "text", lang);

		if (strcmp(jstr(lo, "category"), cat) != 0 || !*t)
			continue;
		if (o > 0)
			out[o++] = '\n';
		memcpy(out + o, t, strlen(t));
		o += strlen(t);
	}
	out[o] = '\0';
	return out;
}

static const char *strlist_text(mc_req *req, const json_t *arr)
{
	size_t i, cap = 1, o = 0;
	char *out;

	for (i = 0; i < json_array_size(arr); i++)
		cap += strlen(json_string_value(json_array_get(arr, i))
				  ? json_string_value(json_array_get(arr, i))
				  : "") +
		       2;
	out = mc_arena_alloc(req->arena, cap);
	if (!out)
		return "";
	for (i = 0; i < json_array_size(arr); i++) {
		const char *s = json_string_value(json_array_get(arr, i));

		if (!s)
			continue;
		if (o > 0)
			out[o++] = ',', out[o++] = ' ';
		memcpy(out + o, s, strlen(s));
		o += strlen(s);
	}
	out[o] = '\0';
	return out;
}

/* The form's values from a record in its JSON form. */
static void form_from_json(ws_mcform *f, mc_req *req, const json_t *rec,
			   const char *lang)
{
	const json_t *tg = json_object_get(rec, "target_groups");
	size_t i;

	memset(f, 0, sizeof(*f));
	f->id = jstr(rec, "id");
	f->provider = jstr(rec, "provider");
	f->lang = lang;
	f->title = jlang(rec, "title", lang);
	f->description = jlang(rec, "description", lang);
	for (i = 0; i < 3; i++)
		f->lo[i] = lo_text(req, rec, lo_cats[i], lang);
	f->eqf = num_text(req, json_object_get(rec, "eqf_level"));
	f->ects = num_text(
	    req, json_object_get(json_object_get(rec, "workload"), "ects"));
	f->hours = num_text(
	    req, json_object_get(json_object_get(rec, "workload"), "hours"));
	f->assessment = jstr(json_object_get(rec, "assessment"), "type");
	f->mode = jstr(json_object_get(rec, "participation"), "mode");
	f->qa_type = jstr(json_object_get(rec, "quality_assurance"), "type");
	f->qa_body = jstr(json_object_get(rec, "quality_assurance"), "body");
	f->languages = strlist_text(req, json_object_get(rec, "languages"));
	f->sector = jstr(rec, "sector");
	f->licence = jstr(rec, "licence");
	f->ngroups = json_array_size(tg);
	f->groups =
	    mc_arena_alloc(req->arena, (f->ngroups + 1) * sizeof(*f->groups));
	if (!f->groups) {
		f->ngroups = 0;
		return;
	}
	for (i = 0; i < f->ngroups; i++) {
		const char *s = json_string_value(json_array_get(tg, i));

		f->groups[i] = s ? s : "";
	}
}

/* The form's values as posted. */
static void form_from_post(ws_mcform *f, mc_req *req)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->id = mc_ws_field(req, "id");
	f->provider = mc_ws_field(req, "provider");
	f->lang = mc_ws_field(req, "text_lang");
	f->title = mc_ws_field(req, "title");
	f->description = mc_ws_field(req, "description");
	for (i = 0; i < 3; i++)
		f->lo[i] = norm_lines(req, mc_ws_field(req, lo_fields[i]));
	f->eqf = mc_ws_field(req, "eqf_level");
	f->ects = mc_ws_field(req, "ects");
	f->hours = mc_ws_field(req, "hours");
	f->assessment = mc_ws_field(req, "assessment");
	f->mode = mc_ws_field(req, "mode");
	f->qa_type = mc_ws_field(req, "qa_type");
	f->qa_body = mc_ws_field(req, "qa_body");
	f->languages = mc_ws_field(req, "languages");
	f->sector = mc_ws_field(req, "sector");
	f->licence = mc_ws_field(req, "licence");
	f->groups = mc_form_get_all(req, "target_groups", &f->ngroups);
	if (!f->groups)
		f->ngroups = 0;
}

/* ---- building the record from the form ---------------------------------- */

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_string(v));
	else
		json_object_del(o, key);
}

/* A number from the form: an integer or decimal as a JSON number; other
 * text is kept as a string so that the parser names the field. */
static void set_num(json_t *o, const char *key, const char *v, int integer)
{
	char *end;

	if (!v || !*v) {
		json_object_del(o, key);
		return;
	}
	if (integer) {
		long n = strtol(v, &end, 10);

		if (*end == '\0') {
			json_object_set_new(o, key, json_integer(n));
			return;
		}
	} else {
		double d = strtod(v, &end);

		if (*end == '\0') {
			json_object_set_new(o, key, json_real(d));
			return;
		}
	}
	json_object_set_new(o, key, json_string(v));
}

static json_t *sub(json_t *o, const char *key)
{
	json_t *s = json_object_get(o, key);

	if (!json_is_object(s)) {
		s = json_object();
		json_object_set_new(o, key, s);
	}
	return s;
}

static void set_lang(json_t *o, const char *key, const char *lang,
		     const char *v)
{
	json_t *m = sub(o, key);

	if (v && *v)
		json_object_set_new(m, lang, json_string(v));
	else
		json_object_del(m, lang);
	if (json_object_size(m) == 0)
		json_object_del(o, key);
}

/* Drop an object member that became empty. */
static void drop_empty(json_t *o, const char *key)
{
	json_t *s = json_object_get(o, key);

	if (json_is_object(s) && json_object_size(s) == 0)
		json_object_del(o, key);
}

/* Rebuild the outcomes: a category whose lines did not change keeps its
 * stored outcomes (other languages, ESCO skills); a changed one is made
 * from the lines, reusing a stored outcome whose text is the same. */
static void set_outcomes(json_t *rec, mc_req *req, const ws_mcform *f,
			 const json_t *stored)
{
	const json_t *old = json_object_get(stored, "learning_outcomes");
	json_t *out = json_array();
	size_t c, i;

	for (c = 0; c < 3; c++) {
		int same = strcmp(f->lo[c], lo_text(req, stored, lo_cats[c],
						    f->lang)) == 0;
		const char *p = f->lo[c];

		if (same) {
			for (i = 0; i < json_array_size(old); i++) {
				json_t *lo = json_array_get(old, i);

				if (strcmp(jstr(lo, "category"), lo_cats[c]) ==
				    0)
					json_array_append_new(
					    out, json_deep_copy(lo));
			}
			continue;
		}
		while (*p) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			char *line = mc_arena_alloc(req->arena, n + 1);
			json_t *lo = NULL;

			if (!line)
				break;
			memcpy(line, p, n);
			line[n] = '\0';
			for (i = 0; i < json_array_size(old) && !lo; i++) {
				json_t *o = json_array_get(old, i);

				if (strcmp(jstr(o, "category"), lo_cats[c]) ==
					0 &&
				    strcmp(jlang(o, "text", f->lang), line) ==
					0)
					lo = json_deep_copy(o);
			}
			if (!lo) {
				lo = json_object();
				json_object_set_new(lo, "category",
						    json_string(lo_cats[c]));
				json_object_set_new(lo, "text", json_object());
				json_object_set_new(json_object_get(lo, "text"),
						    f->lang, json_string(line));
			}
			json_array_append_new(out, lo);
			p = e ? e + 1 : p + n;
		}
	}
	json_object_set_new(rec, "learning_outcomes", out);
}

/* Apply the form to `rec` (the stored record, or a new one). */
static void apply_form(json_t *rec, mc_req *req, const ws_mcform *f,
		       const json_t *stored, int is_new)
{
	json_t *arr;
	const char *p;
	size_t i;

	json_object_del(rec, "version");
	json_object_del(rec, "status");
	if (is_new) {
		mc_org *org = NULL;

		set_str(rec, "id", f->id);
		set_str(rec, "provider", f->provider);
		set_str(rec, "primary_language", f->lang);
		arr = json_array();
		if (*f->provider)
			json_array_append_new(arr, json_string(f->provider));
		json_object_set_new(rec, "awarding_bodies", arr);
		arr = json_array();
		if (*f->provider &&
		    mc_org_get(req->store, &org, f->provider) == 0) {
			json_array_append_new(arr, json_string(org->country));
			mc_org_free(org);
		}
		json_object_set_new(rec, "countries", arr);
	}
	set_lang(rec, "title", f->lang, f->title);
	set_lang(rec, "description", f->lang, f->description);
	set_outcomes(rec, req, f, stored);
	set_num(rec, "eqf_level", f->eqf, 1);
	set_num(sub(rec, "workload"), "ects", f->ects, 0);
	set_num(sub(rec, "workload"), "hours", f->hours, 0);
	drop_empty(rec, "workload");
	set_str(sub(rec, "assessment"), "type", f->assessment);
	drop_empty(rec, "assessment");
	set_str(sub(rec, "participation"), "mode", f->mode);
	drop_empty(rec, "participation");
	set_str(sub(rec, "quality_assurance"), "type", f->qa_type);
	set_str(sub(rec, "quality_assurance"), "body", f->qa_body);
	drop_empty(rec, "quality_assurance");
	arr = json_array();
	for (p = f->languages; *p;) {
		size_t n = strcspn(p, ", ");
		char tag[64];

		if (n > 0 && n < sizeof(tag)) {
			memcpy(tag, p, n);
			tag[n] = '\0';
			json_array_append_new(arr, json_string(tag));
		} else if (n >= sizeof(tag)) {
			json_array_append_new(arr, json_stringn(p, n));
		}
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	json_object_set_new(rec, "languages", arr);
	set_str(rec, "sector", f->sector);
	arr = json_array();
	for (i = 0; i < f->ngroups; i++)
		if (f->groups[i] && *f->groups[i])
			json_array_append_new(arr, json_string(f->groups[i]));
	json_object_set_new(rec, "target_groups", arr);
	set_str(rec, "licence", f->licence);
}

/* ---- problems beside their fields ----------------------------------------
 */

static const char *input_of(const char *field)
{
	static const struct {
		const char *prefix, *input;
	} map[] = {
	    {"id", "id"},
	    {"provider", "provider"},
	    {"awarding_bodies", "provider"},
	    {"countries", "provider"},
	    {"primary_language", "text_lang"},
	    {"title", "title"},
	    {"description", "description"},
	    {"learning_outcomes", "outcomes"},
	    {"eqf_level", "eqf_level"},
	    {"workload.hours", "hours"},
	    {"workload", "ects"},
	    {"assessment", "assessment"},
	    {"participation", "mode"},
	    {"quality_assurance.body", "qa_body"},
	    {"quality_assurance", "qa_type"},
	    {"languages", "languages"},
	    {"sector", "sector"},
	    {"target_groups", "target_groups"},
	    {"licence", "licence"},
	};
	size_t i, n;

	for (i = 0; field && i < sizeof(map) / sizeof(map[0]); i++) {
		n = strlen(map[i].prefix);
		if (strncmp(field, map[i].prefix, n) == 0 &&
		    (field[n] == '\0' || field[n] == '.' || field[n] == '['))
			return map[i].input;
	}
	return NULL;
}

static void errs_add(ws_errs *e, mc_req *req, const char *field,
		     const char *reason)
{
	ws_err *n = mc_arena_alloc(req->arena, (e->count + 1) * sizeof(*n));

	if (!n)
		return;
	if (e->count)
		memcpy(n, e->items, e->count * sizeof(*n));
	n[e->count].input = input_of(field);
	n[e->count].field = mc_arena_strdup(req->arena, field ? field : "");
	n[e->count].reason = mc_arena_strdup(req->arena, reason);
	e->items = n;
	e->count++;
}

/* <p class="field-error"> for every problem of `input`. */
static void errs_beside(mc_html *h, const ws_errs *e, const char *input)
{
	size_t i;

	for (i = 0; i < e->count; i++)
		if (e->items[i].input && strcmp(e->items[i].input, input) == 0)
			mc_html_f(h,
				  "<p class=\"field-error\" id=\"err-%s\" "
				  "data-field=\"%s\">%s: %s</p>",
				  input, e->items[i].field, e->items[i].field,
				  e->items[i].reason);
}

/* ---- rendering -------------------------------------------------------------
 */

static void text_input(mc_html *h, mc_req *req, const ws_errs *e,
		       const char *name, const char *label, const char *value)
{
	mc_html_f(h,
		  "<p><label for=\"%s\">%s</label><br>"
		  "<input type=\"text\" id=\"%s\" name=\"%s\" "
		  "value=\"%s\">",
		  name, T(label), name, name, value ? value : "");
	errs_beside(h, e, name);
	mc_html_f(h, "</p>");
}

static void select_open(mc_html *h, mc_req *req, const char *name,
			const char *label)
{
	mc_html_f(h,
		  "<p><label for=\"%s\">%s</label><br>"
		  "<select id=\"%s\" name=\"%s\">",
		  name, T(label), name, name);
}

static void option(mc_html *h, const char *value, const char *label,
		   const char *current)
{
	if (current && strcmp(value, current) == 0)
		mc_html_f(h, "<option value=\"%s\" selected>%s</option>", value,
			  label);
	else
		mc_html_f(h, "<option value=\"%s\">%s</option>", value, label);
}

static void select_close(mc_html *h, const ws_errs *e, const char *name)
{
	mc_html_f(h, "</select>");
	errs_beside(h, e, name);
	mc_html_f(h, "</p>");
}

/* Organisations the user may design for (designer or admin there). */
static void provider_options(mc_html *h, mc_req *req, const char *current)
{
	const mc_principal *who = mc_auth_who(req);
	mc_org **orgs = NULL;
	size_t i, n = 0;

	if (who->user->platform_admin &&
	    mc_org_list(req->store, &orgs, &n, NULL) == 0) {
		for (i = 0; i < n; i++)
			option(h, orgs[i]->id, mc_ws_org_name(req, orgs[i]->id),
			       current);
		mc_org_list_free(orgs, n);
		return;
	}
	for (i = 0; i < who->user->nmemberships; i++) {
		const mc_membership *m = &who->user->memberships[i];

		if (m->roles & (MC_ROLE_DESIGNER | MC_ROLE_ADMIN))
			option(h, m->org_id, mc_ws_org_name(req, m->org_id),
			       current);
	}
}

/* Agencies and accreditation bodies, for the QA body. */
static void qa_body_options(mc_html *h, mc_req *req, const char *current)
{
	mc_org **orgs = NULL;
	size_t i, n = 0;

	option(h, "", "-", current);
	if (mc_org_list(req->store, &orgs, &n, NULL) != 0)
		return;
	for (i = 0; i < n; i++)
		if (orgs[i]->type == MC_ORG_AGENCY ||
		    orgs[i]->type == MC_ORG_ACCREDITATION_BODY ||
		    (current && strcmp(orgs[i]->id, current) == 0))
			option(h, orgs[i]->id, mc_ws_org_name(req, orgs[i]->id),
			       current);
	mc_org_list_free(orgs, n);
}

static int has_group(const ws_mcform *f, const char *g)
{
	size_t i;

	for (i = 0; i < f->ngroups; i++)
		if (f->groups[i] && strcmp(f->groups[i], g) == 0)
			return 1;
	return 0;
}

/* The editor form; `action` is where it posts. */
static void editor(mc_html *h, mc_req *req, const ws_mcform *f,
		   const ws_errs *e, int is_new, const char *action)
{
	const char *const *groups = mc_target_groups();
	size_t i;
	int v;

	if (e->count > 0) {
		mc_html_f(h,
			  "<div class=\"error\" id=\"form-errors\" "
			  "role=\"alert\"><p>%s</p><ul>",
			  T("ws.mc.has_problems"));
		for (i = 0; i < e->count; i++)
			mc_html_f(h, "<li>%s%s%s</li>", e->items[i].field,
				  *e->items[i].field ? ": " : "",
				  e->items[i].reason);
		mc_html_f(h, "</ul></div>");
	}
	mc_html_f(h,
		  "<form method=\"post\" action=\"%U\" id=\"mc-form\" "
		  "class=\"mc-editor\">",
		  action);
	mc_ws_csrf(h, req);
	if (is_new) {
		text_input(h, req, e, "id", "ws.mc.id", f->id);
		select_open(h, req, "provider", "ws.mc.provider");
		provider_options(h, req, f->provider);
		select_close(h, e, "provider");
	} else {
		mc_html_f(h, "<p>%s: <strong id=\"provider\">%s</strong></p>",
			  T("ws.mc.provider"),
			  mc_ws_org_name(req, f->provider));
		errs_beside(h, e, "provider");
		errs_beside(h, e, "id");
	}
	text_input(h, req, e, "text_lang", "ws.mc.text_lang", f->lang);
	text_input(h, req, e, "title", "ws.mc.title", f->title);
	mc_html_f(h,
		  "<p><label for=\"description\">%s</label><br>"
		  "<textarea id=\"description\" name=\"description\" "
		  "rows=\"4\">%s</textarea>",
		  T("ws.mc.description"), f->description);
	errs_beside(h, e, "description");
	mc_html_f(h, "</p><fieldset id=\"outcomes\"><legend>%s</legend>",
		  T("ws.mc.outcomes"));
	for (i = 0; i < 3; i++)
		mc_html_f(h,
			  "<p><label for=\"%s\">%s</label><br>"
			  "<textarea id=\"%s\" name=\"%s\" rows=\"4\">%s"
			  "</textarea></p>",
			  lo_fields[i], T(lo_keys[i]), lo_fields[i],
			  lo_fields[i], f->lo[i]);
	errs_beside(h, e, "outcomes");
	mc_html_f(h, "</fieldset>");

	select_open(h, req, "eqf_level", "ws.mc.eqf_level");
	option(h, "", "-", f->eqf);
	for (v = 1; v <= 8; v++) {
		char n[4];

		snprintf(n, sizeof(n), "%d", v);
		option(h, n, n, f->eqf);
	}
	select_close(h, e, "eqf_level");
	text_input(h, req, e, "ects", "ws.mc.ects", f->ects);
	text_input(h, req, e, "hours", "ws.mc.hours", f->hours);

	select_open(h, req, "assessment", "ws.mc.assessment");
	option(h, "", "-", f->assessment);
	for (v = MC_ASSESS_WRITTEN_EXAM; v <= MC_ASSESS_COMBINED; v++)
		option(h, mc_assessment_name((mc_assessment_type)v),
		       mc_assessment_name((mc_assessment_type)v),
		       f->assessment);
	select_close(h, e, "assessment");
	select_open(h, req, "mode", "ws.mc.mode");
	option(h, "", "-", f->mode);
	for (v = MC_MODE_ONSITE; v <= MC_MODE_BLENDED; v++)
		option(h, mc_mode_name((mc_mode)v), mc_mode_name((mc_mode)v),
		       f->mode);
	select_close(h, e, "mode");
	select_open(h, req, "qa_type", "ws.mc.qa_type");
	option(h, "", "-", f->qa_type);
	for (v = MC_QA_INTERNAL; v <= MC_QA_ACCREDITATION; v++)
		option(h, mc_qa_name((mc_qa_type)v), mc_qa_name((mc_qa_type)v),
		       f->qa_type);
	select_close(h, e, "qa_type");
	select_open(h, req, "qa_body", "ws.mc.qa_body");
	qa_body_options(h, req, f->qa_body);
	select_close(h, e, "qa_body");

	text_input(h, req, e, "languages", "ws.mc.languages", f->languages);
	text_input(h, req, e, "sector", "ws.mc.sector", f->sector);
	mc_html_f(h, "<fieldset id=\"target_groups\"><legend>%s</legend>",
		  T("ws.mc.target_groups"));
	for (i = 0; groups && groups[i]; i++)
		mc_html_f(h,
			  "<label><input type=\"checkbox\" "
			  "name=\"target_groups\" value=\"%s\"%s> %s</label> ",
			  groups[i], has_group(f, groups[i]) ? " checked" : "",
			  groups[i]);
	errs_beside(h, e, "target_groups");
	mc_html_f(h, "</fieldset>");
	text_input(h, req, e, "licence", "ws.mc.licence", f->licence);
	mc_html_f(h,
		  "<p><button type=\"submit\" id=\"mc-save\">%s</button></p>"
		  "</form>",
		  T("ws.mc.save"));
}

static int editor_page(mc_req *req, mc_resp *resp, unsigned status,
		       const ws_mcform *f, const ws_errs *e, int is_new,
		       const char *general)
{
	mc_html h = MC_HTML_INIT;
	const char *action = "/workspace/mc/new";

	if (!is_new) {
		size_t n = strlen(f->id) + 16;
		char *a = mc_arena_alloc(req->arena, n);

		if (a) {
			snprintf(a, n, "/workspace/mc/%s", f->id);
			action = a;
		}
	}
	mc_page_open(&h, req, T(is_new ? "ws.mc.new_title" : "ws.mc.edit"));
	mc_html_f(&h, "<h1>%s</h1>",
		  T(is_new ? "ws.mc.new_title" : "ws.mc.edit"));
	if (general)
		mc_html_f(&h,
			  "<p class=\"error\" id=\"mc-error\" "
			  "role=\"alert\">%s</p>",
			  general);
	editor(&h, req, f, e, is_new, action);
	mc_page_close(&h, req);
	resp->private_ = 1;
	return mc_resp_html(resp, status, &h);
}

/* The stored latest version of `id` in its JSON form (deferred decref),
 * or NULL (*rc says why). */
static json_t *stored_json(mc_req *req, const char *id, mc_microcred **mcout,
			   int *rc)
{
	mc_microcred *mc = NULL;
	char *text = NULL;
	json_t *j = NULL;

	*rc = mc_catalogue_get(req->store, &mc, id, 0);
	if (*rc != 0)
		return NULL;
	*rc = mc_microcred_to_json(&text, mc);
	if (*rc == 0) {
		j = json_loads(text, 0, NULL);
		free(text);
		if (!j)
			*rc = MC_ENOMEM;
		else
			mc_arena_defer(req->arena, jdecref, j);
	}
	if (mcout && j)
		*mcout = mc;
	else
		mc_microcred_free(mc);
	return j;
}

/* ---- GET and POST /workspace/mc/new -------------------------------------- */

int mc_ws_mc_new_form(mc_req *req, mc_resp *resp)
{
	ws_mcform f;
	ws_errs e = {NULL, 0};
	json_t *blank;

	if (mc_auth_signed_in(req, resp) != 0)
		return 0;
	blank = json_pack("{s:s, s:[s]}", "licence", "CC-BY-SA-4.0",
			  "languages", mc_req_lang(req));
	if (!blank)
		return mc_page_error(req, resp, 500, "out of memory");
	mc_arena_defer(req->arena, jdecref, blank);
	form_from_json(&f, req, blank, mc_req_lang(req));
	return editor_page(req, resp, 200, &f, &e, 1, NULL);
}

/* Save the posted form over `stored` (an empty object for a new MC):
 * 303 to the MC's page, or the form again with the problems (422). */
static int save(mc_req *req, mc_resp *resp, const ws_mcform *f,
		const json_t *stored, int is_new)
{
	const mc_principal *who = mc_auth_who(req);
	mc_problems probs = MC_PROBLEMS_INIT;
	ws_errs e = {NULL, 0};
	mc_microcred *mc = NULL;
	json_t *rec = json_deep_copy(stored);
	char *text = NULL, *loc;
	size_t i;
	int rc;

	if (!rec)
		return mc_page_error(req, resp, 500, "out of memory");
	apply_form(rec, req, f, stored, is_new);
	text = json_dumps(rec, JSON_COMPACT);
	json_decref(rec);
	if (!text)
		return mc_page_error(req, resp, 500, "out of memory");
	rc = mc_microcred_from_json(&mc, text, strlen(text), NULL, &probs);
	free(text);
	if (rc == 0)
		rc = mc_catalogue_save_as(req->store, mc, who->actor, &probs);
	for (i = 0; i < probs.count; i++)
		errs_add(&e, req, probs.items[i].field, probs.items[i].reason);
	mc_problems_clear(&probs);
	mc_microcred_free(mc);
	if (rc == MC_EINVALID) {
		if (e.count == 0)
			errs_add(&e, req, NULL, mc_store_errmsg(req->store));
		return editor_page(req, resp, 422, f, &e, is_new, NULL);
	}
	if (rc == MC_ESTATE)
		return editor_page(req, resp, 409, f, &e, is_new,
				   mc_store_errmsg(req->store));
	if (rc != 0)
		return mc_ws_lib_error(req, resp, rc);
	req->audit_subject = mc_arena_strdup(req->arena, f->id);
	req->audit_org = mc_arena_strdup(req->arena, f->provider);
	i = strlen(f->id) + 16;
	loc = mc_arena_alloc(req->arena, i);
	if (!loc)
		return mc_page_error(req, resp, 500, "out of memory");
	snprintf(loc, i, "/workspace/mc/%s", f->id);
	return mc_resp_redirect(resp, req, loc);
}

int mc_ws_mc_new(mc_req *req, mc_resp *resp)
{
	mc_microcred *existing = NULL;
	ws_mcform f;
	ws_errs e = {NULL, 0};
	json_t *empty;
	int rc;

	if (mc_ws_form(req, resp) != 0 || mc_auth_signed_in(req, resp) != 0)
		return 0;
	form_from_post(&f, req);
	if (!*f.provider) {
		errs_add(&e, req, "provider", T("ws.mc.provider_required"));
		return editor_page(req, resp, 422, &f, &e, 1, NULL);
	}
	if (mc_auth_require(req, resp, MC_ACT_MC_EDIT, f.provider, NULL) != 0)
		return 0;
	if (!*f.lang)
		f.lang = mc_req_lang(req);
	if (*f.id) {
		rc = mc_catalogue_get(req->store, &existing, f.id, 0);
		mc_microcred_free(existing);
		if (rc == 0) {
			errs_add(&e, req, "id", T("ws.mc.id_taken"));
			return editor_page(req, resp, 422, &f, &e, 1, NULL);
		}
	}
	empty = json_object();
	if (!empty)
		return mc_page_error(req, resp, 500, "out of memory");
	mc_arena_defer(req->arena, jdecref, empty);
	return save(req, resp, &f, empty, 1);
}

/* ---- the MC's page: status, actions, history, editor ----------------------
 */

static const struct {
	const char *name;
	mc_action act;
	mc_status from, from2; /* states the action applies to */
	mc_status to;
	int note; /* 0: none, 1: optional, 2: required */
} actions[] = {
    {"submit", MC_ACT_MC_SUBMIT, MC_STATUS_DRAFT, MC_STATUS_DRAFT,
     MC_STATUS_IN_REVIEW, 1},
    {"approve", MC_ACT_MC_REVIEW, MC_STATUS_IN_REVIEW, MC_STATUS_IN_REVIEW,
     MC_STATUS_APPROVED, 1},
    {"return", MC_ACT_MC_REVIEW, MC_STATUS_IN_REVIEW, MC_STATUS_APPROVED,
     MC_STATUS_DRAFT, 1},
    {"comment", MC_ACT_MC_COMMENT, MC_STATUS_IN_REVIEW, MC_STATUS_APPROVED,
     MC_STATUS_IN_REVIEW, 2},
    {"publish", MC_ACT_MC_PUBLISH, MC_STATUS_APPROVED, MC_STATUS_APPROVED,
     MC_STATUS_PUBLISHED, 0},
    {"retire", MC_ACT_MC_RETIRE, MC_STATUS_PUBLISHED, MC_STATUS_PUBLISHED,
     MC_STATUS_RETIRED, 1},
};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

static int allowed(mc_req *req, mc_action act, const char *id)
{
	char why[256];

	return mc_authz_check(req->store, mc_auth_who(req), act, NULL, id, why,
			      sizeof(why)) == 0;
}

/* "user:ID ..." -> the user's name, else the actor string. */
static const char *actor_name(mc_req *req, const char *actor)
{
	char uid[64];
	size_t n;
	mc_user *u = NULL;
	const char *out;

	if (!actor || strncmp(actor, "user:", 5) != 0)
		return actor ? actor : "";
	n = strcspn(actor + 5, " ");
	if (n >= sizeof(uid))
		return actor;
	memcpy(uid, actor + 5, n);
	uid[n] = '\0';
	if (mc_user_get(req->store, &u, uid) != 0)
		return actor;
	out = mc_arena_strdup(req->arena, u->name);
	mc_user_free(u);
	return out ? out : actor;
}

static void history(mc_html *h, mc_req *req, const char *id)
{
	mc_history_event *ev = NULL;
	size_t n = 0, i;

	if (mc_catalogue_history(req->store, &ev, &n, id, 0) != 0)
		return;
	mc_html_f(h,
		  "<section id=\"history\"><h2>%s</h2><table><thead><tr>"
		  "<th>%s</th><th>v</th><th>%s</th><th>%s</th><th>%s</th>"
		  "</tr></thead><tbody>",
		  T("ws.mc.history"), T("ws.mc.when"), T("ws.mc.who"),
		  T("ws.mc.change"), T("ws.mc.note"));
	for (i = 0; i < n; i++) {
		mc_html_f(h,
			  "<tr class=\"event\"><td>%s</td><td>%u</td>"
			  "<td>%s</td><td>",
			  ev[i].at, ev[i].version,
			  actor_name(req, ev[i].actor));
		if (ev[i].from != ev[i].to)
			mc_html_f(h, "%s &rarr; %s", mc_status_name(ev[i].from),
				  mc_status_name(ev[i].to));
		mc_html_f(h, "</td><td class=\"note\">%s</td></tr>",
			  ev[i].note);
	}
	mc_html_f(h, "</tbody></table></section>");
	mc_history_free(ev, n);
}

static void action_forms(mc_html *h, mc_req *req, const mc_microcred *mc)
{
	size_t i, shown = 0;

	mc_html_f(h, "<section id=\"actions\"><h2>%s</h2>", T("ws.mc.actions"));
	for (i = 0; i < NACTIONS; i++) {
		char key[64];

		if (mc->status != actions[i].from &&
		    mc->status != actions[i].from2)
			continue;
		if (!allowed(req, actions[i].act, mc->id))
			continue;
		snprintf(key, sizeof(key), "ws.mc.do_%s", actions[i].name);
		mc_html_f(
		    h,
		    "<form method=\"post\" action=\"/workspace/mc/%U/%U\" "
		    "id=\"form-%s\" class=\"mc-action\">",
		    mc->id, actions[i].name, actions[i].name);
		mc_ws_csrf(h, req);
		if (actions[i].note)
			mc_html_f(h,
				  "<label for=\"note-%s\">%s</label><br>"
				  "<textarea id=\"note-%s\" name=\"note\" "
				  "rows=\"2\"%s></textarea><br>",
				  actions[i].name, T("ws.mc.note"),
				  actions[i].name,
				  actions[i].note == 2 ? " required" : "");
		mc_html_f(h,
			  "<button type=\"submit\" id=\"action-%s\">%s"
			  "</button></form>",
			  actions[i].name, T(key));
		shown++;
	}
	if (mc->status == MC_STATUS_PUBLISHED &&
	    allowed(req, MC_ACT_CRED_ISSUE, mc->id)) {
		mc_html_f(h,
			  "<p><a id=\"link-issue\" "
			  "href=\"/workspace/mc/%U/issue\">%s</a></p>",
			  mc->id, T("ws.mc.issue"));
		shown++;
	}
	if (shown == 0)
		mc_html_f(h, "<p class=\"empty\">%s</p>",
			  T("ws.mc.no_actions"));
	mc_html_f(h, "</section>");
}

int mc_ws_mc_edit_form(mc_req *req, mc_resp *resp)
{
	const char *id = req->param[0];
	mc_microcred *mc = NULL;
	mc_html h = MC_HTML_INIT;
	ws_mcform f;
	ws_errs e = {NULL, 0};
	const char *lang, *title;
	json_t *rec;
	int rc;

	if (mc_auth_signed_in(req, resp) != 0)
		return 0;
	rec = stored_json(req, id, &mc, &rc);
	if (!rec)
		return mc_ws_lib_error(req, resp, rc);
	mc_arena_defer(req->arena, mcfree, mc);
	if (!allowed(req, MC_ACT_READ_PRIVATE, id) &&
	    !allowed(req, MC_ACT_MC_REVIEW, id) &&
	    !allowed(req, MC_ACT_MC_EDIT, id))
		return mc_page_error(req, resp, 403, T("ws.mc.forbidden"));
	lang = mc_req_query(req, "text_lang");
	if (!lang || !mc_lang_tag_valid(lang))
		lang = mc_langmap_get(&mc->title, mc_req_lang(req))
			   ? mc_req_lang(req)
			   : mc->primary_language;
	title =
	    mc_langmap_pick(&mc->title, mc_req_lang(req), mc->primary_language);

	mc_page_open(&h, req, title);
	mc_html_f(&h,
		  "<h1 id=\"mc-title\">%s</h1><p><code id=\"mc-id\">%s</code> "
		  "v%u &middot; <span id=\"mc-status\" data-status=\"%s\">%s"
		  "</span> &middot; %s</p>",
		  title, mc->id, mc->version, mc_status_name(mc->status),
		  mc_status_name(mc->status),
		  mc_ws_org_name(req, mc->provider));
	if (mc->status == MC_STATUS_PUBLISHED)
		mc_html_f(&h,
			  "<p><a id=\"link-public\" href=\"/mc/%U\">%s</a></p>",
			  mc->id, T("ws.mc.public_page"));
	action_forms(&h, req, mc);
	history(&h, req, mc->id);
	mc_html_f(&h, "<section id=\"editor\"><h2>%s</h2>", T("ws.mc.edit"));
	if (mc->status == MC_STATUS_IN_REVIEW ||
	    mc->status == MC_STATUS_APPROVED)
		mc_html_f(&h, "<p class=\"note\">%s</p>", T("ws.mc.locked"));
	else if (!allowed(req, MC_ACT_MC_EDIT, id))
		mc_html_f(&h, "<p class=\"note\">%s</p>", T("ws.mc.read_only"));
	else {
		form_from_json(&f, req, rec, lang);
		if (mc->status != MC_STATUS_DRAFT)
			mc_html_f(&h, "<p class=\"note\">%s</p>",
				  T("ws.mc.new_version"));
		editor(&h, req, &f, &e, 0,
		       mc_arena_strdup(req->arena, req->path));
	}
	mc_html_f(&h, "</section>");
	mc_page_close(&h, req);
	resp->private_ = 1;
	return mc_resp_html(resp, 200, &h);
}

int mc_ws_mc_save(mc_req *req, mc_resp *resp)
{
	const char *id = req->param[0];
	ws_mcform f;
	json_t *rec;
	int rc;

	if (mc_ws_form(req, resp) != 0 ||
	    mc_auth_require(req, resp, MC_ACT_MC_EDIT, NULL, id) != 0)
		return 0;
	rec = stored_json(req, id, NULL, &rc);
	if (!rec)
		return mc_ws_lib_error(req, resp, rc);
	form_from_post(&f, req);
	f.id = id;
	f.provider = jstr(rec, "provider");
	if (!*f.lang || !mc_lang_tag_valid(f.lang))
		f.lang = jstr(rec, "primary_language");
	return save(req, resp, &f, rec, 0);
}

int mc_ws_mc_action(mc_req *req, mc_resp *resp)
{
	const char *id = req->param[0], *name = req->param[1], *note;
	const mc_principal *who;
	mc_microcred *mc = NULL;
	size_t i, n;
	char *loc;
	int rc;

	for (i = 0; i < NACTIONS; i++)
		if (strcmp(actions[i].name, name) == 0)
			break;
	if (i == NACTIONS)
		return mc_page_error(req, resp, 404, T("ws.mc.no_such_action"));
	if (mc_ws_form(req, resp) != 0 ||
	    mc_auth_require(req, resp, actions[i].act, NULL, id) != 0)
		return 0;
	who = mc_auth_who(req);
	note = mc_ws_field(req, "note");
	if (actions[i].note == 2 && !*note)
		return mc_page_error(req, resp, 422, T("ws.mc.note_required"));
	if (strcmp(name, "comment") == 0)
		rc = mc_catalogue_comment(req->store, id, who->actor, note);
	else
		rc = mc_catalogue_transition(req->store, id, actions[i].to,
					     who->actor, *note ? note : NULL);
	if (rc != 0)
		return mc_ws_lib_error(req, resp, rc);
	if (mc_catalogue_get(req->store, &mc, id, 0) == 0) {
		req->audit_org = mc_arena_strdup(req->arena, mc->provider);
		mc_microcred_free(mc);
	}
	req->audit_subject = mc_arena_strdup(req->arena, id);
	req->audit_reason = *note ? note : NULL;
	n = strlen(id) + 16;
	loc = mc_arena_alloc(req->arena, n);
	if (!loc)
		return mc_page_error(req, resp, 500, "out of memory");
	snprintf(loc, n, "/workspace/mc/%s", id);
	return mc_resp_redirect(resp, req, loc);
}
