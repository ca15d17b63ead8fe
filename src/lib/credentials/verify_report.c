/*
 * The verification report every verifier fills: named checks, each with a
 * result and a reason given as a message code with parameters (so a page
 * can say it in the reader's language), the verdict those reasons lead
 * to, and what the credential says it is.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "model/model.h"
#include "util/util.h"
#include "verify_private.h"

static const char *const result_names[] = {"passed", "failed", "skipped"};

const char *mc_check_result_name(mc_check_result r)
{
	return (unsigned)r < MC__ARRAY_SIZE(result_names) ? result_names[r]
							  : "unknown";
}

static const char *const verdict_names[] = {
    "valid",	 "invalid", "cannot-tell",   "revoked",
    "suspended", "expired", "not-yet-valid", "forged"};

const char *mc_verdict_name(mc_verdict v)
{
	return (unsigned)v < MC__ARRAY_SIZE(verdict_names) ? verdict_names[v]
							   : "cannot-tell";
}

mc_verdict mc_verdict_class(mc_verdict v)
{
	return v == MC_VERDICT_VALID || v == MC_VERDICT_UNKNOWN
		   ? v
		   : MC_VERDICT_INVALID;
}

static const char *const binding_names[] = {
    "none", "catalogue", "domain", "trusted-list", "eidas", "test"};

const char *mc_binding_name(mc_binding b)
{
	return (unsigned)b < MC__ARRAY_SIZE(binding_names) ? binding_names[b]
							   : "none";
}

/* ---- messages ------------------------------------------------------------ */

static const struct mc__vmessage *const tables[] = {
    mc__vmessages_vc, mc__vmessages_issuer, mc__vmessages_status,
    mc__vmessages_edc};

static const struct mc__vmessage *message(const char *code)
{
	size_t t;
	const struct mc__vmessage *m;

	for (t = 0; code && t < MC__ARRAY_SIZE(tables); t++)
		for (m = tables[t]; m->code; m++)
			if (strcmp(m->code, code) == 0)
				return m;
	return NULL;
}

const char *mc_verify_message(const char *code)
{
	const struct mc__vmessage *m = message(code);

	return m ? m->english : NULL;
}

static const char **codes;
static size_t ncodes;
static pthread_once_t codes_once = PTHREAD_ONCE_INIT;

static void list_codes(void)
{
	size_t t, n = 0;
	const struct mc__vmessage *m;

	for (t = 0; t < MC__ARRAY_SIZE(tables); t++)
		for (m = tables[t]; m->code; m++)
			n++;
	if (!(codes = malloc((n ? n : 1) * sizeof(*codes))))
		return;
	for (t = 0; t < MC__ARRAY_SIZE(tables); t++)
		for (m = tables[t]; m->code; m++)
			codes[ncodes++] = m->code;
}

const char *const *mc_verify_message_codes(size_t *n)
{
	pthread_once(&codes_once, list_codes);
	*n = ncodes;
	return codes;
}

static const char *param(const mc_check *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->nparams; i++)
		if (strlen(c->params[2 * i]) == len &&
		    memcmp(c->params[2 * i], name, len) == 0)
			return c->params[2 * i + 1];
	return NULL;
}

char *mc_verify_render(const char *text, const mc_check *c)
{
	mc_buf b = MC_BUF_INIT(64 * 1024);
	const char *p = text, *open, *close, *v;

	while ((open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		v = param(c, open + 1, (size_t)(close - open - 1));
		if (mc__buf_add(&b, p, (size_t)(v ? open - p : close + 1 - p)) <
			0 ||
		    (v && mc__buf_puts(&b, v) < 0))
			goto fail;
		p = close + 1;
	}
	if (mc__buf_puts(&b, p) < 0)
		goto fail;
	return mc__buf_detach(&b);
fail:
	mc__buf_free(&b);
	return NULL;
}

/* ---- setting checks ------------------------------------------------------ */

/* Each byte of a broken UTF-8 sequence in `s` becomes '?' (reasons quote
 * input, and a parser's "near '...'" may cut a character in two), so the
 * report stays UTF-8 and its JSON keeps every check. */
static void utf8_repair(char *s)
{
	size_t len = strlen(s), i = 0;

	while ((i += mc__utf8_valid_prefix(s + i, len - i)) < len)
		s[i++] = '?';
}

static void clear_params(mc_check *c)
{
	size_t i;

	for (i = 0; i < 2 * c->nparams; i++)
		free(c->params[i]);
	free(c->params);
	c->params = NULL;
	c->nparams = 0;
}

void mc__vmsg(struct mc__vrun *run, int check, mc_check_result res,
	      const char *code, ...)
{
	mc_check *c = &run->r->checks[check];
	const struct mc__vmessage *m = message(code);
	const char *name;
	size_t n = 0, i;
	va_list ap;

	if (!m) {
		fprintf(stderr, "microcred: unknown verification code %s\n",
			code);
		abort();
	}
	va_start(ap, code);
	while (va_arg(ap, const char *)) {
		(void)va_arg(ap, const char *);
		n++;
	}
	va_end(ap);
	c->result = res;
	c->code = m->code;
	clear_params(c);
	free(c->reason);
	c->reason = NULL;
	if (n && !(c->params = calloc(2 * n, sizeof(*c->params)))) {
		run->error = MC_ENOMEM;
		return;
	}
	va_start(ap, code);
	for (i = 0; i < n && (name = va_arg(ap, const char *)); i++) {
		const char *value = va_arg(ap, const char *);

		c->params[2 * i] = strdup(name);
		c->params[2 * i + 1] = strdup(value ? value : "");
		c->nparams = i + 1;
		if (!c->params[2 * i] || !c->params[2 * i + 1]) {
			run->error = MC_ENOMEM;
			break;
		}
		utf8_repair(c->params[2 * i + 1]);
	}
	va_end(ap);
	if (!run->error && !(c->reason = mc_verify_render(m->english, c)))
		run->error = MC_ENOMEM;
}

/* Gravest first. */
static const mc_verdict gravity[] = {
    MC_VERDICT_FORGED,	  MC_VERDICT_INVALID, MC_VERDICT_REVOKED,
    MC_VERDICT_SUSPENDED, MC_VERDICT_EXPIRED, MC_VERDICT_NOT_YET_VALID,
    MC_VERDICT_UNKNOWN,	  MC_VERDICT_VALID};

static size_t rank(mc_verdict v)
{
	size_t i;

	for (i = 0; i < MC__ARRAY_SIZE(gravity); i++)
		if (gravity[i] == v)
			break;
	return i;
}

mc_verdict mc__verdict_of(const mc_verify_report *r)
{
	mc_verdict v = MC_VERDICT_VALID, e;
	size_t i;

	for (i = 0; i < r->count; i++) {
		const mc_check *c = &r->checks[i];
		const struct mc__vmessage *m = message(c->code);

		if (m)
			e = m->effect;
		else /* a reason without a code */
			e = c->result == MC_CHECK_FAILED ? MC_VERDICT_INVALID
							 : MC_VERDICT_VALID;
		if (c->result == MC_CHECK_PASSED)
			e = MC_VERDICT_VALID;
		if (rank(e) < rank(v))
			v = e;
	}
	return v;
}

/* ---- the report ---------------------------------------------------------- */

const char *mc__vstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int mc__vhas_type(const json_t *o, const char *type)
{
	const json_t *t = json_object_get(o, "type"), *v;
	size_t i;

	if (json_is_string(t))
		return strcmp(json_string_value(t), type) == 0;
	json_array_foreach(t, i, v)
	{
		if (mc__streq(json_string_value(v), type))
			return 1;
	}
	return 0;
}

int mc__report_new(mc_verify_report **out, const char *const *names,
		   size_t count)
{
	mc_verify_report *r = calloc(1, sizeof(*r));
	size_t i;

	if (!r || !(r->checks = calloc(count, sizeof(*r->checks)))) {
		free(r);
		return MC_ENOMEM;
	}
	r->count = count;
	for (i = 0; i < count; i++) {
		r->checks[i].name = names[i];
		r->checks[i].result = MC_CHECK_SKIPPED;
		r->checks[i].code = "check.not_reached";
		if (!(r->checks[i].reason =
			  strdup(mc_verify_message("check.not_reached")))) {
			mc_verify_report_free(r);
			return MC_ENOMEM;
		}
	}
	*out = r;
	return 0;
}

int mc__vabout_title(mc_verify_about *a, const char *lang, const char *text)
{
	mc_verify_text *t;
	size_t i;

	if (!text)
		return 0;
	if (!lang)
		lang = "";
	for (i = 0; i < a->ntitle; i++)
		if (strcmp(a->title[i].lang, lang) == 0)
			return 0;
	if (!(t = realloc(a->title, (a->ntitle + 1) * sizeof(*t))))
		return MC_ENOMEM;
	a->title = t;
	t[a->ntitle].lang = strdup(lang);
	t[a->ntitle].text = strdup(text);
	a->ntitle++;
	return t[a->ntitle - 1].lang && t[a->ntitle - 1].text ? 0 : MC_ENOMEM;
}

static void about_free(mc_verify_about *a)
{
	size_t i;

	free(a->learner);
	for (i = 0; i < a->ntitle; i++) {
		free(a->title[i].lang);
		free(a->title[i].text);
	}
	free(a->title);
	free(a->level);
	free(a->credits);
	free(a->issuer_name);
	free(a->binding_detail);
	free(a->issued);
	free(a->page);
}

void mc_verify_report_free(mc_verify_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; r->checks && i < r->count; i++) {
		free(r->checks[i].reason);
		clear_params(&r->checks[i]);
	}
	free(r->checks);
	free(r->format);
	free(r->id);
	free(r->issuer);
	about_free(&r->about);
	free(r);
}

static json_t *about_json(const mc_verify_about *a)
{
	json_t *o, *title = json_object();
	size_t i;

	for (i = 0; title && i < a->ntitle; i++)
		if (json_object_set_new(title, a->title[i].lang,
					json_string(a->title[i].text))) {
			json_decref(title);
			return NULL;
		}
	o = json_pack("{s:s?, s:o*, s:s?, s:s?, s:s?, s:s, s:s?, s:s?, s:s?}",
		      "learner", a->learner, "title", a->ntitle ? title : NULL,
		      "level", a->level, "credits", a->credits, "issuerName",
		      a->issuer_name, "binding", mc_binding_name(a->binding),
		      "bindingDetail", a->binding_detail, "issued", a->issued,
		      "page", a->page);
	if (!a->ntitle)
		json_decref(title);
	return o;
}

static json_t *check_json(const mc_check *c)
{
	json_t *params = json_object();
	size_t i;

	for (i = 0; params && i < c->nparams; i++)
		if (json_object_set_new(params, c->params[2 * i],
					json_string(c->params[2 * i + 1]))) {
			json_decref(params);
			return NULL;
		}
	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "check", c->name,
			 "result", mc_check_result_name(c->result), "code",
			 c->code ? c->code : "check.other", "reason",
			 c->reason ? c->reason : "", "params", params);
}

int mc_verify_report_to_json(char **out, const mc_verify_report *r)
{
	static const char *const classes[] = {"valid", "invalid", "unknown"};
	json_t *root, *checks = json_array();
	size_t i;

	*out = NULL;
	for (i = 0; checks && i < r->count; i++)
		if (json_array_append_new(checks, check_json(&r->checks[i]))) {
			/* Never a report with checks left out. */
			json_decref(checks);
			return MC_ENOMEM;
		}
	root = json_pack("{s:b, s:s, s:s, s:s?, s:s?, s:s?, s:o*, s:o}",
			 "verified", r->verdict == MC_VERDICT_VALID, "verdict",
			 classes[mc_verdict_class(r->verdict)], "verdictName",
			 mc_verdict_name(r->verdict), "format", r->format, "id",
			 r->id, "issuer", r->issuer, "about",
			 about_json(&r->about), "checks", checks);
	if (root)
		*out = mc__json_dump(root);
	json_decref(root);
	return *out ? 0 : MC_ENOMEM;
}
