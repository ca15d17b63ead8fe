/*
 * A verification report for people, in the reader's language: the
 * verdict by name, what was verified, and every check.
 *
 * Reasons come from the library as a code and parameters.  Their text is
 * the catalogue's "reason.CODE" for the reader's language, else the
 * library's English (mc_verify_message()), which is then marked as English
 * (lang="en") with a note in the reader's language that it awaits a
 * translation, so a missing translation shows rather than hides.  Date
 * parameters (date, from, until, time) are written as the reader's
 * language writes dates.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "pages_verify.h"

/* Whether parameter `name` holds a date, and how to show it: a "time"
 * with its time, the others with theirs unless it is midnight. */
static int date_param(const char *name, enum srv__date_style *style)
{
	*style = strcmp(name, "time") == 0 ? SRV__DATE_TIME : SRV__DATE_AUTO;
	return *style == SRV__DATE_TIME || strcmp(name, "date") == 0 ||
	       strcmp(name, "from") == 0 || strcmp(name, "until") == 0;
}

/*
 * The reason of check `c` in the reader's language, rendered, as plain
 * text in the arena.  *english is set when it is the library's English
 * (no translation, or a reason without a code).
 */
static const char *reason_text(srv_req *req, const mc_check *c, int *english)
{
	const char *text = NULL, *t, **names, **values;
	char key[160];
	size_t i;
	enum srv__date_style style;

	*english = 0;
	if (c->code) {
		snprintf(key, sizeof(key), "reason.%s", c->code);
		t = srv_t(req, key);
		if (strcmp(t, key) != 0)
			text = t;
		else if ((text = mc_verify_message(c->code)))
			*english = 1;
	}
	if (!text) {
		*english = 1;
		return c->reason ? c->reason : "";
	}
	names = srv_arena_alloc(req->arena, (c->nparams + 1) * sizeof(*names));
	values =
	    srv_arena_alloc(req->arena, (c->nparams + 1) * sizeof(*values));
	if (!names || !values)
		return c->reason ? c->reason : "";
	for (i = 0; i < c->nparams; i++) {
		names[i] = c->params[2 * i];
		values[i] = c->params[2 * i + 1];
		if (date_param(names[i], &style))
			values[i] = srv__verify_date(req, values[i], style);
	}
	return srv__verify_fill(req, text, names, values, c->nparams);
}

/* The reason of `c` as markup: English marked as such for readers of
 * another language. */
static void reason_html(srv_html *h, srv_req *req, const mc_check *c)
{
	int english;
	const char *text = reason_text(req, c, &english);

	if (english && strcmp(srv_req_lang(req), "en") != 0)
		srv_html_f(h,
			   "<span lang=\"en\">%s</span> <small "
			   "class=\"untranslated\">%s</small>",
			   text, srv_t(req, "verify.untranslated"));
	else
		srv_html_f(h, "%s", text);
}

static const char *check_label(srv_req *req, const char *name)
{
	char key[64];
	const char *t;

	snprintf(key, sizeof(key), "check.%s", name);
	t = srv_t(req, key);
	return strcmp(t, key) ? t : name;
}

static const char *result_key(mc_check_result r)
{
	return r == MC_CHECK_PASSED   ? "result.passed"
	       : r == MC_CHECK_FAILED ? "result.failed"
				      : "result.skipped";
}

/* The value of parameter `name` of check `c`, or NULL. */
static const char *param(const mc_check *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nparams; i++)
		if (strcmp(c->params[2 * i], name) == 0)
			return c->params[2 * i + 1];
	return NULL;
}

/* The UI string `key` (a template) filled with parameter `name` = `value`,
 * a date when `date`. */
static const char *fill1(srv_req *req, const char *key, const char *name,
			 const char *value, int date)
{
	const char *v =
	    date ? srv__verify_date(req, value, SRV__DATE_AUTO) : value;

	return srv__verify_fill(req, srv_t(req, key), &name, &v, 1);
}

/* "what would settle it" for the reason of `c`, or NULL when the
 * catalogue has none (the reason is then no "cannot tell" one). */
static const char *settle(srv_req *req, const mc_check *c)
{
	char key[160];
	const char *t;

	if (!c->code)
		return NULL;
	snprintf(key, sizeof(key), "verify.settle.%s", c->code);
	t = srv_t(req, key);
	return strcmp(t, key) ? t : NULL;
}

/* One item of the verdict's explanation: the check and its reason, and
 * what would settle it when `how` is set. */
static void why_item(srv_html *h, srv_req *req, const mc_check *c,
		     const char *how)
{
	srv_html_f(h, "<li><strong>%s</strong>: ", check_label(req, c->name));
	reason_html(h, req, c);
	if (how)
		srv_html_f(h, "<br><span class=\"settle\">%s %s</span>",
			   srv_t(req, "verify.settle"), how);
	srv_html_f(h, "</li>");
}

/*
 * Why the verdict is what it is.  Revoked and suspended: the date and the
 * issuer's reason when the status check gives them.  Any "not valid"
 * verdict: the (other) checks that failed.  Cannot tell: the missing facts (the
 * checks whose reason has a "what would settle it", else the failed
 * checks, else the checks not made) and what would settle each.
 */
static void explain(srv_html *h, srv_req *req, const mc_verify_report *r)
{
	const mc_check *told = NULL;
	const char *v;
	size_t i, n = 0;

	if (r->verdict == MC_VERDICT_VALID)
		return;
	if (r->verdict == MC_VERDICT_REVOKED ||
	    r->verdict == MC_VERDICT_SUSPENDED)
		for (i = 0; i < r->count; i++) {
			const mc_check *c = &r->checks[i];

			if (c->result != MC_CHECK_FAILED)
				continue;
			if ((v = param(c, "date")) && (told = c))
				srv_html_f(
				    h, "<p class=\"when\">%s</p>",
				    fill1(req,
					  r->verdict == MC_VERDICT_REVOKED
					      ? "verify.revoked_on"
					      : "verify.suspended_on",
					  "date", v, 1));
			if ((v = param(c, "reason")) && *v)
				srv_html_f(h, "<p class=\"when\">%s</p>",
					   fill1(req, "verify.issuer_reason",
						 "reason", v, 0));
		}
	if (r->verdict != MC_VERDICT_UNKNOWN) {
		for (i = 0; i < r->count; i++)
			if (r->checks[i].result == MC_CHECK_FAILED &&
			    &r->checks[i] != told) {
				if (!n++)
					srv_html_f(h, "<ul class=\"why\">");
				why_item(h, req, &r->checks[i], NULL);
			}
		if (n)
			srv_html_f(h, "</ul>");
		return;
	}
	srv_html_f(h, "<p>%s</p><ul class=\"why\">",
		   srv_t(req, "verify.missing"));
	for (i = 0; i < r->count; i++)
		if (r->checks[i].result != MC_CHECK_PASSED &&
		    settle(req, &r->checks[i])) {
			why_item(h, req, &r->checks[i],
				 settle(req, &r->checks[i]));
			n++;
		}
	/* A reason the catalogue has no remedy for: the failed checks, else
	 * the ones not made. */
	for (i = 0; !n && i < r->count; i++)
		if (r->checks[i].result == MC_CHECK_FAILED) {
			why_item(h, req, &r->checks[i], NULL);
			n++;
		}
	for (i = 0; !n && i < r->count; i++)
		if (r->checks[i].result == MC_CHECK_SKIPPED &&
		    !(r->checks[i].code &&
		      strcmp(r->checks[i].code, "check.not_reached") == 0))
			why_item(h, req, &r->checks[i], NULL);
	srv_html_f(h, "</ul>");
}

/* The verdict by name, with a sign and a sentence, never colour alone:
 * its class ("ok", "bad", "unknown") and name ("forged", ...) are for the
 * style sheet. */
static void verdict(srv_html *h, srv_req *req, const mc_verify_report *r)
{
	mc_verdict cls = mc_verdict_class(r->verdict);
	const char *name = mc_verdict_name(r->verdict);
	char key[64];

	srv_html_f(h,
		   "<section class=\"verdict %s\" data-verdict=\"%s\" "
		   "aria-labelledby=\"vh\"><h2 id=\"vh\">%s: <strong "
		   "class=\"word\"><span aria-hidden=\"true\">%s</span> "
		   "%s</strong>",
		   cls == MC_VERDICT_VALID     ? "ok"
		   : cls == MC_VERDICT_UNKNOWN ? "unknown"
					       : "bad",
		   name, srv_t(req, "verify.verdict"),
		   cls == MC_VERDICT_VALID     ? "✔"
		   : cls == MC_VERDICT_UNKNOWN ? "?"
					       : "✘",
		   srv_t(req, cls == MC_VERDICT_VALID	  ? "verdict.valid"
			      : cls == MC_VERDICT_UNKNOWN ? "verdict.unknown"
							  : "verdict.invalid"));
	if (cls == MC_VERDICT_INVALID) {
		snprintf(key, sizeof(key), "verdict.name.%s", name);
		srv_html_f(h, " <span class=\"name\">— %s</span>",
			   srv_t(req, key));
	}
	snprintf(key, sizeof(key), "verdict.note.%s", name);
	srv_html_f(h, "</h2><p class=\"note\">%s</p>", srv_t(req, key));
	explain(h, req, r);
	srv_html_f(h, "</section>");
}

/* Same language, by primary subtag ("uk" and "uk-UA"). */
static int same_lang(const char *a, const char *b)
{
	while (*a && *a != '-' && *b && *b != '-' &&
	       tolower((unsigned char)*a) == tolower((unsigned char)*b))
		a++, b++;
	return (!*a || *a == '-') && (!*b || *b == '-');
}

/* The title for the reader: in the reader's language, else English, else
 * the first; NULL when there is none. */
static const mc_verify_text *pick_title(const mc_verify_about *a,
					const char *lang)
{
	size_t i;

	for (i = 0; i < a->ntitle; i++)
		if (a->title[i].lang[0] && same_lang(a->title[i].lang, lang))
			return &a->title[i];
	for (i = 0; i < a->ntitle; i++)
		if (a->title[i].lang[0] && same_lang(a->title[i].lang, "en"))
			return &a->title[i];
	return a->ntitle ? &a->title[0] : NULL;
}

/* How the issuer's name is tied to the key: a sentence, a warning for a
 * TEST anchor. */
static void binding(srv_html *h, srv_req *req, const mc_verify_about *a)
{
	const char *name = mc_binding_name(a->binding);
	char key[64];

	snprintf(key, sizeof(key), "verify.binding.%s", name);
	srv_html_f(h, "<br><span class=\"binding%s\" data-binding=\"%s\">%s%s",
		   a->binding == MC_BINDING_TEST_ANCHOR ? " warn" : "", name,
		   a->binding == MC_BINDING_TEST_ANCHOR ? "⚠ " : "",
		   fill1(req, key, "detail",
			 a->binding_detail ? a->binding_detail : "?", 0));
	srv_html_f(h, "</span>");
}

/* What was verified: what the credential says it is (whatever the
 * verdict, which says whether to believe it). */
static void about(srv_html *h, srv_req *req, const mc_verify_report *r)
{
	const mc_verify_about *a = &r->about;
	const char *lang = srv_req_lang(req);
	const mc_verify_text *t = pick_title(a, lang);

	if (!a->learner && !t && !a->issuer_name && !a->issued)
		return;
	srv_html_f(h,
		   "<section class=\"about\" aria-labelledby=\"ah\"><h2 "
		   "id=\"ah\">%s</h2>",
		   srv_t(req, "verify.about"));
	if (r->verdict != MC_VERDICT_VALID)
		srv_html_f(h, "<p class=\"note\">%s</p>",
			   srv_t(req, "verify.about.caution"));
	srv_html_f(h, "<dl>");
	if (a->learner)
		srv_html_f(h, "<dt>%s</dt><dd class=\"learner\">%s</dd>",
			   srv_t(req, "verify.about.learner"), a->learner);
	if (t && t->lang[0] && !same_lang(t->lang, lang))
		srv_html_f(h,
			   "<dt>%s</dt><dd class=\"title\" lang=\"%s\">%s</dd>",
			   srv_t(req, "verify.about.title"), t->lang, t->text);
	else if (t)
		srv_html_f(h, "<dt>%s</dt><dd class=\"title\">%s</dd>",
			   srv_t(req, "verify.about.title"), t->text);
	if (a->level)
		srv_html_f(h, "<dt>%s</dt><dd>%s</dd>",
			   srv_t(req, "verify.about.level"), a->level);
	if (a->credits)
		srv_html_f(h, "<dt>%s</dt><dd>%s</dd>",
			   srv_t(req, "verify.about.credits"), a->credits);
	srv_html_f(h, "<dt>%s</dt><dd class=\"issuer\">%s",
		   srv_t(req, "verify.about.issuer"),
		   a->issuer_name ? a->issuer_name
				  : (r->issuer ? r->issuer : "?"));
	binding(h, req, a);
	srv_html_f(h, "</dd>");
	if (a->issued)
		srv_html_f(h,
			   "<dt>%s</dt><dd><time datetime=\"%s\">%s</time>"
			   "</dd>",
			   srv_t(req, "verify.about.issued"), a->issued,
			   srv__verify_date(req, a->issued, SRV__DATE_ONLY));
	srv_html_f(h, "</dl>");
	if (a->page)
		srv_html_f(h, "<p><a class=\"page\" href=\"%U\">%s</a></p>",
			   a->page, srv_t(req, "verify.about.page"));
	srv_html_f(h, "</section>");
}

/* Every check as a table. */
static void checks(srv_html *h, srv_req *req, const mc_verify_report *r)
{
	size_t i;

	if (r->format || r->issuer)
		srv_html_f(
		    h, "<p class=\"meta\">%s %s · %s %s</p>",
		    srv_t(req, "verify.format"), r->format ? r->format : "?",
		    srv_t(req, "verify.issuer"), r->issuer ? r->issuer : "?");
	srv_html_f(h,
		   "<table class=\"checks\"><caption>%s</caption><thead><tr>"
		   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		   "scope=\"col\">%s</th></tr></thead><tbody>",
		   srv_t(req, "verify.checks"), srv_t(req, "verify.check"),
		   srv_t(req, "verify.result"), srv_t(req, "verify.reason"));
	for (i = 0; i < r->count; i++) {
		const mc_check *c = &r->checks[i];

		srv_html_f(
		    h,
		    "<tr class=\"%s\"><th scope=\"row\">%s</th>"
		    "<td>%s</td><td data-code=\"%s\">",
		    mc_check_result_name(c->result), check_label(req, c->name),
		    srv_t(req, result_key(c->result)), c->code ? c->code : "");
		reason_html(h, req, c);
		srv_html_f(h, "</td></tr>");
	}
	srv_html_f(h, "</tbody></table>");
}

void srv__verify_report_html(srv_html *h, srv_req *req,
			     const mc_verify_report *r, int with_about)
{
	verdict(h, req, r);
	if (with_about)
		about(h, req, r);
	checks(h, req, r);
}
