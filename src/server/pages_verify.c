/*
 * Verification for people: GET /verify (a form: upload a file - the
 * credential, its PDF certificate or a baked PNG or SVG image -, paste it,
 * or give its URL; and the name of the person who showed it), POST /verify
 * (the verdict by name, what was verified, each check with its result and
 * reason, in the reader's language: pages_verify_report.c), and the
 * shareable page of each issued credential (/credentials/:uuid for
 * browsers, with its live status and a verification summary) with its
 * download (/credentials/:uuid/download).
 *
 * Verification is offline unless the server's verify settings allow the
 * network: our own keys, status lists and credential URLs come from the
 * store.
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "form.h"
#include "html.h"
#include "i18n.h"
#include "pages_util.h"
#include "pages_verify.h"
#include "seal_config.h"

#define CT_VC_LD  "application/vc+ld+json"
#define CT_VC_JWT "application/vc+jwt"
/* A sealed EDC: a JWS in JSON serialization (RFC 7515). */
#define CT_JOSE_JSON "application/jose+json"

/* The form, with `error` (a message naming the field) above it, and the
 * reader's inputs again when `keep` (after an error). */
static void verify_form(srv_html *h, srv_req *req, const char *error, int keep)
{
	const char *text = keep ? srv_form_get(req, "credential") : NULL;
	const char *url = keep ? srv_form_get(req, "url") : NULL;
	const char *owner = keep ? srv_form_get(req, "owner") : NULL;

	srv_html_f(h,
		   "<form class=\"verify\" method=\"post\" action=\"/verify\" "
		   "enctype=\"multipart/form-data\">");
	if (error)
		srv_html_f(h,
			   "<p class=\"error\" id=\"verify-error\" "
			   "role=\"alert\">%s</p>",
			   error);
	srv_html_f(
	    h,
	    "<fieldset><legend>%s</legend>"
	    "<label for=\"file\">%s</label>"
	    "<input id=\"file\" name=\"file\" type=\"file\" "
	    "accept=\".json,.jsonld,.jwt,.pdf,.png,.svg\">"
	    "<p class=\"hint\">%s</p>"
	    "<label for=\"credential\">%s</label>"
	    "<textarea id=\"credential\" name=\"credential\" rows=\"8\" "
	    "spellcheck=\"false\" autocapitalize=\"off\">%s</textarea>"
	    "<label for=\"url\">%s</label>"
	    "<input id=\"url\" name=\"url\" type=\"text\" "
	    "inputmode=\"url\" autocomplete=\"off\" spellcheck=\"false\" "
	    "maxlength=\"%u\" placeholder=\"https://…\" value=\"%s\">"
	    "</fieldset>",
	    srv_t(req, "verify.which"), srv_t(req, "verify.upload"),
	    srv_t(req, "verify.upload_hint"), srv_t(req, "verify.paste"),
	    text ? text : "", srv_t(req, "verify.url"), SRV_VERIFY_URL_MAX,
	    url ? url : "");
	srv_html_f(h,
		   "<label for=\"owner\">%s</label>"
		   "<input id=\"owner\" name=\"owner\" type=\"text\" "
		   "autocomplete=\"off\" maxlength=\"%u\" value=\"%s\">"
		   "<p class=\"hint\">%s</p>"
		   "<button>%s</button></form>",
		   srv_t(req, "verify.owner"), SRV_VERIFY_OWNER_MAX,
		   owner ? owner : "", srv_t(req, "verify.owner_hint"),
		   srv_t(req, "verify.button"));
}

int srv_page_verify_form(srv_req *req, srv_resp *resp)
{
	srv_html h = SRV_HTML_INIT;

	srv_page_open(&h, req, srv_t(req, "verify.title"));
	srv_html_f(&h, "<h1>%s</h1><p class=\"lead\">%s</p>",
		   srv_t(req, "verify.title"), srv_t(req, "verify.lead"));
	verify_form(&h, req, NULL, 0);
	srv_page_close(&h, req);
	return srv__page_send(req, resp, 200, &h, 1);
}

/* The form again with `message` and the reader's inputs, as a `status`
 * page. */
static int form_error(srv_req *req, srv_resp *resp, unsigned status,
		      const char *message)
{
	srv_html h = SRV_HTML_INIT;

	srv_page_open(&h, req, srv_t(req, "verify.title"));
	srv_html_f(&h, "<h1>%s</h1>", srv_t(req, "verify.title"));
	verify_form(&h, req, message, 1);
	srv_page_close(&h, req);
	return srv__page_send(req, resp, status, &h, 0);
}

/* What was verified came as: a PDF certificate, an image, a file, or the
 * credential at a URL (pasted text says nothing). */
static void source(srv_html *h, srv_req *req,
		   const struct srv__verify_input *in)
{
	const char *name = in->url ? "url" : "file";
	const char *value = in->url ? in->url : in->file;

	if (in->source && value)
		srv_html_f(h, "<p class=\"meta source\">%s</p>",
			   srv__verify_fill(req, srv_t(req, in->source), &name,
					    &value, 1));
}

int srv_page_verify(srv_req *req, srv_resp *resp)
{
	mc_verify_options opts = MC_VERIFY_OPTIONS_INIT;
	struct srv__verify_input in;
	mc_verify_report *r = NULL;
	srv_html h = SRV_HTML_INIT;
	const char *message = NULL;
	unsigned status = 400;
	char err[300];
	int error;

	srv_seal_config_verify(&opts); /* EDC: anchors, accreditation */
	if (srv_rate_take(req, resp, SRV_RATE_VERIFY) < 0)
		return 0;
	resp->private_ = 1;
	error = srv_form_parse(req, err, sizeof(err));
	if (error == MC_EUSAGE)
		return form_error(req, resp, 415, err);
	if (error < 0)
		return form_error(req, resp, error == MC_ENOMEM ? 500 : 400,
				  err);
	/* A URL of another platform is fetched only when this server's
	 * verification may use the network. */
	if (srv__verify_input(req, &in, !opts.offline, &status, &message) < 0)
		return form_error(req, resp, status, message);
	opts.owner = in.owner;
	if ((error = mc_credential_verify(req->store, &r, in.data, in.len,
					  &opts)) == MC_ETOOBIG) {
		snprintf(err, sizeof(err), "%u", MC_CREDENTIAL_MAX);
		message = err;
		return form_error(
		    req, resp, 413,
		    srv__verify_fill(req, srv_t(req, "verify.too_big"),
				     (const char *[]){"max"}, &message, 1));
	}
	if (error == 0)
		error = mc_verify_about_titles(req->store, r);
	if (error < 0) {
		mc_verify_report_free(r);
		return srv_page_error(req, resp, 500, mc_error_str(error));
	}
	srv_page_open(&h, req, srv_t(req, "verify.title"));
	srv_html_f(&h, "<h1>%s</h1>", srv_t(req, "verify.title"));
	source(&h, req, &in);
	srv__verify_report_html(&h, req, r, 1);
	srv_html_f(&h, "<h2>%s</h2>", srv_t(req, "verify.again"));
	verify_form(&h, req, NULL, 0);
	srv_page_close(&h, req);
	mc_verify_report_free(r);
	return srv__page_send(req, resp, 200, &h, 0);
}

/* ---- the credential's own page ------------------------------------------ */

/* The credential's JSON document (the VC-JWT payload's "vc" claim when
 * there is one); NULL when it cannot be read. */
static json_t *credential_json(const mc_credential *c)
{
	char *doc = NULL;
	size_t len = 0;
	json_t *j, *vc;

	if (mc_credential_document(&doc, &len, c->data, c->len, c->format) < 0)
		return NULL;
	j = json_loadb(doc, len, 0, NULL);
	free(doc);
	if ((vc = json_object_get(j, "vc")) && json_is_object(vc)) {
		json_incref(vc);
		json_decref(j);
		return vc;
	}
	return j;
}

static const char *grade(json_t *vc)
{
	json_t *subject = json_object_get(vc, "credentialSubject");
	json_t *result = json_array_get(json_object_get(subject, "result"), 0);

	return json_string_value(json_object_get(result, "value"));
}

static const char *format_label(mc_credential_format f)
{
	return f == MC_FORMAT_VC_JWT ? "VC-JWT"
	       : f == MC_FORMAT_EDC
		   ? "European Digital Credential (Europass), JAdES seal"
		   : "Open Badges 3.0 JSON";
}

/* The same award in its other formats (an OB3 credential's EDC, say),
 * each with its page and its download. */
static void siblings(srv_html *h, srv_req *req, const mc_credential *c)
{
	mc_credential_ref *refs = NULL;
	char page[120], file[140];
	size_t i, n = 0;

	if (mc_credential_siblings(req->store, &refs, &n, c->id) < 0 || !n)
		goto done;
	srv_html_f(h, "<p>%s</p><ul>", srv_t(req, "cred.also_as"));
	for (i = 0; i < n; i++) {
		const char *slash = strrchr(refs[i].id, '/');

		if (!slash)
			continue;
		snprintf(page, sizeof(page), "/credentials/%s", slash + 1);
		snprintf(file, sizeof(file), "/credentials/%s/download",
			 slash + 1);
		srv_html_f(h,
			   "<li><a href=\"%U\">%s</a> · <a href=\"%U\" "
			   "download>%s</a></li>",
			   page, format_label(refs[i].format), file,
			   srv_t(req, "cred.download"));
	}
	srv_html_f(h, "</ul>");

done:
	mc_credential_refs_free(refs, n);
}

int srv_page_credential(srv_req *req, srv_resp *resp)
{
	mc_verify_options opts = MC_VERIFY_OPTIONS_INIT;
	mc_credential_state state = MC_CRED_ACTIVE;
	mc_verify_report *r = NULL;
	mc_credential *c = NULL;
	mc_microcred *mc = NULL;
	mc_org *org = NULL;
	json_t *vc = NULL;
	srv_html h = SRV_HTML_INIT;
	char href[200], key[48];
	const char *v;
	char *name = NULL;
	int error;

	srv_seal_config_verify(&opts); /* EDC: anchors, accreditation */
	if ((error = mc_credential_get(req->store, &c, req->param[0])) < 0)
		return srv_page_error(req, resp,
				      error == MC_ENOTFOUND ? 404 : 500,
				      srv_t(req, "error.no_credential"));
	mc_credential_state_get(req->store, &state, c->id);
	vc = credential_json(c);
	mc_catalogue_get(req->store, &mc, c->mc_id, c->mc_version);
	mc_org_get(req->store, &org, c->org_id);
	error = mc_credential_verify(req->store, &r, c->data, c->len, &opts);

	srv_page_open(&h, req, srv_t(req, "cred.title"));
	srv_html_f(&h,
		   "<article class=\"credential\"><p class=\"kicker\">%s</p>",
		   srv_t(req, "cred.title"));
	name = mc_credential_learner_name(c);
	srv_html_f(&h, "<h1>%s</h1><dl>",
		   name ? name : srv_t(req, "cred.someone"));
	snprintf(href, sizeof(href), "/mc/%s/v%u", c->mc_id, c->mc_version);
	srv_html_f(&h, "<dt>%s</dt><dd><a href=\"%U\">%s</a></dd>",
		   srv_t(req, "cred.mc"), href,
		   mc ? mc_langmap_pick(&mc->title, srv_req_lang(req),
					mc->primary_language)
		      : c->mc_id);
	snprintf(href, sizeof(href), "/org/%s", c->org_id);
	srv_html_f(&h, "<dt>%s</dt><dd><a href=\"%U\">%s</a></dd>",
		   srv_t(req, "cred.issuer"), href,
		   org ? mc_langmap_pick(&org->name, srv_req_lang(req), NULL)
		       : c->org_id);
	srv_html_f(&h, "<dt>%s</dt><dd><time>%s</time></dd>",
		   srv_t(req, "cred.issued"), c->issued_at);
	if ((v = json_string_value(json_object_get(vc, "validUntil"))))
		srv_html_f(&h, "<dt>%s</dt><dd><time>%s</time></dd>",
			   srv_t(req, "cred.valid_until"), v);
	if ((v = grade(vc)))
		srv_html_f(&h, "<dt>%s</dt><dd>%s</dd>", srv_t(req, "mc.grade"),
			   v);
	snprintf(key, sizeof(key), "state.%s", mc_credential_state_name(state));
	srv_html_f(&h,
		   "<dt>%s</dt><dd><strong class=\"state %s\">%s</strong></dd>"
		   "<dt>%s</dt><dd><code>%s</code></dd></dl>",
		   srv_t(req, "cred.status"), mc_credential_state_name(state),
		   srv_t(req, key), srv_t(req, "cred.id"), c->id);
	if (error == 0)
		srv__verify_report_html(&h, req, r, 0);
	snprintf(href, sizeof(href), "/credentials/%s/download", req->param[0]);
	srv_html_f(&h, "<p><a href=\"%U\" download>%s</a> (%s)</p>", href,
		   srv_t(req, "cred.download"), format_label(c->format));
	siblings(&h, req, c);
	/* The printable certificate (pages_certificate.c), in the page's
	 * language, while the credential is in good standing: a revoked or
	 * suspended credential's certificate is not offered as current. */
	if (state == MC_CRED_ACTIVE) {
		snprintf(href, sizeof(href), "/credentials/%s/certificate.pdf",
			 req->param[0]);
		srv_html_f(&h, "<p><a href=\"%U\">%s</a>", href,
			   srv_t(req, "cred.certificate_pdf"));
		snprintf(href, sizeof(href), "/credentials/%s/certificate.png",
			 req->param[0]);
		srv_html_f(&h, " · <a href=\"%U\">%s</a></p>", href,
			   srv_t(req, "cred.certificate_png"));
	} else
		srv_html_f(&h, "<p class=\"withdrawn\">%s</p>",
			   srv_t(req, state == MC_CRED_REVOKED
					  ? "cert.page_withdrawn_revoked"
					  : "cert.page_withdrawn_suspended"));
	srv_html_f(&h, "</article>");
	srv_page_close(&h, req);

	json_decref(vc);
	free(name);
	mc_verify_report_free(r);
	mc_microcred_free(mc);
	mc_org_free(org);
	mc_credential_free(c);
	resp->private_ = 1; /* a person's name, and a live status */
	return srv__page_send(req, resp, 200, &h, 0);
}

int srv_page_credential_download(srv_req *req, srv_resp *resp)
{
	mc_credential *c = NULL;
	int error;

	if ((error = mc_credential_get(req->store, &c, req->param[0])) < 0)
		return srv_page_error(req, resp,
				      error == MC_ENOTFOUND ? 404 : 500,
				      srv_t(req, "error.no_credential"));
	resp->content_type = c->format == MC_FORMAT_VC_JWT ? CT_VC_JWT
			     : c->format == MC_FORMAT_EDC  ? CT_JOSE_JSON
							   : CT_VC_LD;
	if (srv_resp_json_text(resp, 200, c->data, c->len) == 0)
		resp->etag = srv__etag(c->data, c->len);
	/* Europass takes a sealed EDC as a .jsonld file. */
	if (c->format == MC_FORMAT_EDC) {
		char d[120];

		snprintf(d, sizeof(d), "attachment; filename=\"%s.jsonld\"",
			 req->param[0]);
		resp->disposition = srv_arena_strdup(req->arena, d);
	}
	mc_credential_free(c);
	return 0;
}
