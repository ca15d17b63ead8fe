/*
 * The MC editor's form (workspace_editor.h): the form's values from a
 * record or from a POST, the record rebuilt from the form, and the form
 * rendered with each problem beside its field.
 */
#include "workspace_editor.h"

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

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static const char *jlang(const json_t *o, const char *key, const char *lang)
{
	return jstr(json_object_get(o, key), lang);
}

static const char *num_text(srv_req *req, const json_t *v)
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
	return srv_arena_strdup(req->arena, buf);
}

/* Lines of a textarea: trimmed, empty ones dropped, joined by "\n". */
static const char *norm_lines(srv_req *req, const char *text)
{
	size_t len = strlen(text), o = 0;
	char *out = srv_arena_alloc(req->arena, len + 1);
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
static const char *lo_text(srv_req *req, const json_t *rec, const char *cat,
			   const char *lang)
{
	const json_t *los = json_object_get(rec, "learning_outcomes");
	size_t i, cap = 1, o = 0;
	char *out;

	for (i = 0; i < json_array_size(los); i++)
		cap += strlen(jlang(json_array_get(los, i), "text", lang)) + 1;
	out = srv_arena_alloc(req->arena, cap);
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

static const char *strlist_text(srv_req *req, const json_t *arr)
{
	size_t i, cap = 1, o = 0;
	char *out;

	for (i = 0; i < json_array_size(arr); i++)
		cap += strlen(json_string_value(json_array_get(arr, i))
				  ? json_string_value(json_array_get(arr, i))
				  : "") +
		       2;
	out = srv_arena_alloc(req->arena, cap);
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
void srv_ws_form_from_json(srv_ws_mcform *f, srv_req *req, const json_t *rec,
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
	    srv_arena_alloc(req->arena, (f->ngroups + 1) * sizeof(*f->groups));
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
void srv_ws_form_from_post(srv_ws_mcform *f, srv_req *req)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->id = srv_ws_field(req, "id");
	f->provider = srv_ws_field(req, "provider");
	f->lang = srv_ws_field(req, "text_lang");
	f->title = srv_ws_field(req, "title");
	f->description = srv_ws_field(req, "description");
	for (i = 0; i < 3; i++)
		f->lo[i] = norm_lines(req, srv_ws_field(req, lo_fields[i]));
	f->eqf = srv_ws_field(req, "eqf_level");
	f->ects = srv_ws_field(req, "ects");
	f->hours = srv_ws_field(req, "hours");
	f->assessment = srv_ws_field(req, "assessment");
	f->mode = srv_ws_field(req, "mode");
	f->qa_type = srv_ws_field(req, "qa_type");
	f->qa_body = srv_ws_field(req, "qa_body");
	f->languages = srv_ws_field(req, "languages");
	f->sector = srv_ws_field(req, "sector");
	f->licence = srv_ws_field(req, "licence");
	f->groups = srv_form_get_all(req, "target_groups", &f->ngroups);
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
static void set_outcomes(json_t *rec, srv_req *req, const srv_ws_mcform *f,
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
			char *line = srv_arena_alloc(req->arena, n + 1);
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
void srv_ws_form_apply(json_t *rec, srv_req *req, const srv_ws_mcform *f,
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

void srv_ws_errs_add(srv_ws_errs *e, srv_req *req, const char *field,
		     const char *reason)
{
	srv_ws_err *n =
	    srv_arena_alloc(req->arena, (e->count + 1) * sizeof(*n));

	if (!n)
		return;
	if (e->count)
		memcpy(n, e->items, e->count * sizeof(*n));
	n[e->count].input = input_of(field);
	n[e->count].field = srv_arena_strdup(req->arena, field ? field : "");
	n[e->count].reason = srv_arena_strdup(req->arena, reason);
	e->items = n;
	e->count++;
}

/* <p class="field-error"> for every problem of `input`: the reason only,
 * as the field's label is beside it (the path stays in data-field). */
static void errs_beside(srv_html *h, const srv_ws_errs *e, const char *input)
{
	size_t i;

	for (i = 0; i < e->count; i++)
		if (e->items[i].input && strcmp(e->items[i].input, input) == 0)
			srv_html_f(h,
				   "<p class=\"field-error\" id=\"err-%s\" "
				   "data-field=\"%s\">%s</p>",
				   input, e->items[i].field,
				   e->items[i].reason);
}

/* The label of form input `input` ("ws.mc.<input>" in i18n), or NULL. */
static const char *input_label(srv_req *req, const char *input)
{
	char key[64];
	const char *t;

	if (!input)
		return NULL;
	snprintf(key, sizeof(key), "ws.mc.%s", input);
	t = srv_t(req, key);
	return strcmp(t, key) == 0 ? NULL : srv_arena_strdup(req->arena, t);
}

/* The problems at the top: each named by its field's label where the form
 * shows the field (a link to it), else by its path. */
static void errs_summary(srv_html *h, srv_req *req, const srv_ws_errs *e)
{
	size_t i;

	if (e->count == 0)
		return;
	srv_html_f(h,
		   "<div class=\"error\" id=\"form-errors\" "
		   "role=\"alert\"><p>%s</p><ul>",
		   T("ws.mc.has_problems"));
	for (i = 0; i < e->count; i++) {
		const srv_ws_err *it = &e->items[i];
		const char *label = input_label(req, it->input);

		if (label)
			srv_html_f(
			    h,
			    "<li data-field=\"%s\"><a href=\"#%s\">%s</a>: "
			    "%s</li>",
			    it->field, it->input, label, it->reason);
		else
			srv_html_f(h, "<li data-field=\"%s\">%s%s%s</li>",
				   it->field, it->field, *it->field ? ": " : "",
				   it->reason);
	}
	srv_html_f(h, "</ul></div>");
}

/* The UI label of vocabulary code `code` under i18n `prefix` ("assess."),
 * or the code itself when the catalogue has none. */
static const char *vocab_label(srv_req *req, const char *prefix,
			       const char *code)
{
	char key[96];
	const char *t;

	snprintf(key, sizeof(key), "%s%s", prefix, code);
	t = srv_t(req, key);
	return strcmp(t, key) == 0 ? code : srv_arena_strdup(req->arena, t);
}

/* ---- rendering -------------------------------------------------------------
 */

static void text_input(srv_html *h, srv_req *req, const srv_ws_errs *e,
		       const char *name, const char *label, const char *value)
{
	srv_html_f(h,
		   "<p><label for=\"%s\">%s</label><br>"
		   "<input type=\"text\" id=\"%s\" name=\"%s\" "
		   "value=\"%s\">",
		   name, T(label), name, name, value ? value : "");
	errs_beside(h, e, name);
	srv_html_f(h, "</p>");
}

static void select_open(srv_html *h, srv_req *req, const char *name,
			const char *label)
{
	srv_html_f(h,
		   "<p><label for=\"%s\">%s</label><br>"
		   "<select id=\"%s\" name=\"%s\">",
		   name, T(label), name, name);
}

static void option(srv_html *h, const char *value, const char *label,
		   const char *current)
{
	if (current && strcmp(value, current) == 0)
		srv_html_f(h, "<option value=\"%s\" selected>%s</option>",
			   value, label);
	else
		srv_html_f(h, "<option value=\"%s\">%s</option>", value, label);
}

static void select_close(srv_html *h, const srv_ws_errs *e, const char *name)
{
	srv_html_f(h, "</select>");
	errs_beside(h, e, name);
	srv_html_f(h, "</p>");
}

/* Organisations the user may design for (designer or admin there). */
static void provider_options(srv_html *h, srv_req *req, const char *current)
{
	const mc_principal *who = srv_auth_who(req);
	mc_org **orgs = NULL;
	size_t i, n = 0;

	if (who->user->platform_admin &&
	    mc_org_list(req->store, &orgs, &n, NULL) == 0) {
		for (i = 0; i < n; i++)
			option(h, orgs[i]->id,
			       srv_ws_org_name(req, orgs[i]->id), current);
		mc_org_list_free(orgs, n);
		return;
	}
	for (i = 0; i < who->user->nmemberships; i++) {
		const mc_membership *m = &who->user->memberships[i];

		if (m->roles & (MC_ROLE_DESIGNER | MC_ROLE_ADMIN))
			option(h, m->org_id, srv_ws_org_name(req, m->org_id),
			       current);
	}
}

/* Add to `out` the QA bodies recognised for `provider`'s country
 * (mc_qa_bodies()) not in it yet. */
static void add_qa_bodies(srv_req *req, mc_strlist *out, const char *provider)
{
	mc_strlist bodies = MC_STRLIST_INIT;
	size_t i;

	if (mc_qa_bodies(req->store, &bodies, NULL, provider) == 0)
		for (i = 0; i < bodies.count; i++)
			if (!mc_strlist_has(out, bodies.items[i]))
				mc_strlist_add(out, bodies.items[i]);
	mc_strlist_clear(&bodies);
}

/*
 * The QA bodies a save accepts for an MC of `provider`: "none" and those
 * recognised for its country (mc_qa_bodies(): never the provider unless
 * it is registered self-accrediting), so the form offers no choice that
 * the save refuses.  A new MC whose provider is not chosen yet gets those
 * of every provider the form offers.  The stored value `current` stays
 * listed, so the form shows what the record says (saving it then names
 * quality_assurance.body if it is no longer recognised).
 */
static void qa_body_options(srv_html *h, srv_req *req, const char *provider,
			    const char *current)
{
	const mc_principal *who = srv_auth_who(req);
	mc_strlist bodies = MC_STRLIST_INIT;
	mc_org **orgs = NULL;
	size_t i, n = 0;

	option(h, "", "-", current);
	if (provider && *provider) {
		add_qa_bodies(req, &bodies, provider);
	} else if (who->user->platform_admin &&
		   mc_org_list(req->store, &orgs, &n, NULL) == 0) {
		for (i = 0; i < n; i++)
			add_qa_bodies(req, &bodies, orgs[i]->id);
		mc_org_list_free(orgs, n);
	} else {
		for (i = 0; i < who->user->nmemberships; i++)
			if (who->user->memberships[i].roles &
			    (MC_ROLE_DESIGNER | MC_ROLE_ADMIN))
				add_qa_bodies(req, &bodies,
					      who->user->memberships[i].org_id);
	}
	if (current && *current && !mc_strlist_has(&bodies, current))
		mc_strlist_add(&bodies, current);
	for (i = 0; i < bodies.count; i++)
		option(h, bodies.items[i],
		       srv_ws_org_name(req, bodies.items[i]), current);
	mc_strlist_clear(&bodies);
}

static int has_group(const srv_ws_mcform *f, const char *g)
{
	size_t i;

	for (i = 0; i < f->ngroups; i++)
		if (f->groups[i] && strcmp(f->groups[i], g) == 0)
			return 1;
	return 0;
}

/* The editor form; `action` is where it posts. */
void srv_ws_editor(srv_html *h, srv_req *req, const srv_ws_mcform *f,
		   const srv_ws_errs *e, int is_new, const char *action)
{
	const char *const *groups = mc_target_groups();
	size_t i;
	int v;

	errs_summary(h, req, e);
	srv_html_f(h,
		   "<form method=\"post\" action=\"%U\" id=\"mc-form\" "
		   "class=\"mc-editor\">",
		   action);
	srv_ws_csrf(h, req);
	if (is_new) {
		text_input(h, req, e, "id", "ws.mc.id", f->id);
		select_open(h, req, "provider", "ws.mc.provider");
		provider_options(h, req, f->provider);
		select_close(h, e, "provider");
	} else {
		srv_html_f(h, "<p>%s: <strong id=\"provider\">%s</strong></p>",
			   T("ws.mc.provider"),
			   srv_ws_org_name(req, f->provider));
		errs_beside(h, e, "provider");
		errs_beside(h, e, "id");
	}
	text_input(h, req, e, "text_lang", "ws.mc.text_lang", f->lang);
	text_input(h, req, e, "title", "ws.mc.title", f->title);
	srv_html_f(h,
		   "<p><label for=\"description\">%s</label><br>"
		   "<textarea id=\"description\" name=\"description\" "
		   "rows=\"4\">%s</textarea>",
		   T("ws.mc.description"), f->description);
	errs_beside(h, e, "description");
	srv_html_f(h, "</p><fieldset id=\"outcomes\"><legend>%s</legend>",
		   T("ws.mc.outcomes"));
	for (i = 0; i < 3; i++)
		srv_html_f(h,
			   "<p><label for=\"%s\">%s</label><br>"
			   "<textarea id=\"%s\" name=\"%s\" rows=\"4\">%s"
			   "</textarea></p>",
			   lo_fields[i], T(lo_keys[i]), lo_fields[i],
			   lo_fields[i], f->lo[i]);
	errs_beside(h, e, "outcomes");
	srv_html_f(h, "</fieldset>");

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
		       vocab_label(req, "assess.",
				   mc_assessment_name((mc_assessment_type)v)),
		       f->assessment);
	select_close(h, e, "assessment");
	select_open(h, req, "mode", "ws.mc.mode");
	option(h, "", "-", f->mode);
	for (v = MC_MODE_ONSITE; v <= MC_MODE_BLENDED; v++)
		option(h, mc_mode_name((mc_mode)v),
		       vocab_label(req, "mode.", mc_mode_name((mc_mode)v)),
		       f->mode);
	select_close(h, e, "mode");
	select_open(h, req, "qa_type", "ws.mc.qa_type");
	option(h, "", "-", f->qa_type);
	for (v = MC_QA_INTERNAL; v <= MC_QA_ACCREDITATION; v++)
		option(h, mc_qa_name((mc_qa_type)v),
		       vocab_label(req, "qa.", mc_qa_name((mc_qa_type)v)),
		       f->qa_type);
	select_close(h, e, "qa_type");
	select_open(h, req, "qa_body", "ws.mc.qa_body");
	qa_body_options(h, req, f->provider, f->qa_body);
	select_close(h, e, "qa_body");

	text_input(h, req, e, "languages", "ws.mc.languages", f->languages);
	text_input(h, req, e, "sector", "ws.mc.sector", f->sector);
	srv_html_f(h, "<fieldset id=\"target_groups\"><legend>%s</legend>",
		   T("ws.mc.target_groups"));
	for (i = 0; groups && groups[i]; i++)
		srv_html_f(h,
			   "<label><input type=\"checkbox\" "
			   "name=\"target_groups\" value=\"%s\"%s> %s</label> ",
			   groups[i], has_group(f, groups[i]) ? " checked" : "",
			   vocab_label(req, "tg.", groups[i]));
	/* Groups of the record outside the list ("other:NAME") stay checked,
	 * so that saving keeps them. */
	for (i = 0; i < f->ngroups; i++)
		if (f->groups[i] && strncmp(f->groups[i], "other:", 6) == 0)
			srv_html_f(h,
				   "<label><input type=\"checkbox\" "
				   "name=\"target_groups\" value=\"%s\" "
				   "checked> %s</label> ",
				   f->groups[i], f->groups[i] + 6);
	errs_beside(h, e, "target_groups");
	srv_html_f(h, "</fieldset>");
	text_input(h, req, e, "licence", "ws.mc.licence", f->licence);
	srv_html_f(h,
		   "<p><button type=\"submit\" id=\"mc-save\">%s</button></p>"
		   "</form>",
		   T("ws.mc.save"));
}
