/*
 * The printable certificate of an issued credential, linked from its page:
 * GET /credentials/:uuid/certificate.pdf (an attachment, to print) and
 * GET /credentials/:uuid/certificate.png (inline, to show).
 *
 * The language is ?lang= when given, else the reader's page language
 * (srv_req_lang); English is always printed beside it.
 *
 * A certificate is offered only while its credential is in good standing:
 * a revoked credential's (every format of the award is revoked together)
 * is 410 Gone, a suspended one's 409 Conflict until the suspension is
 * lifted, each with a page saying so; the credential's own page still
 * shows what was issued and its status.  An offered certificate depends
 * only on the credential and the language: public, with an ETag of
 * those.
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "microcred/certificate.h"
#include "pages_util.h"

#define LANG_MAX 35 /* RFC 5646's longest tag a reader would send */

/* Non-zero if `s` is a UUID-like string safe inside a quoted filename. */
static int filename_safe(const char *s)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF-");

	return n > 0 && n <= 64 && s[n] == '\0';
}

/*
 * The ETag, malloc'd: the bytes vary with the PDF's creation time, so it
 * is taken over what the page is made from instead: the credential as
 * issued (its MC version is immutable), the format, the language and the
 * renderer's version.
 */
static char *certificate_etag(mc_store *store, const mc_credential *c,
			      mc_certificate_format f, const char *lang)
{
	char *inner = srv__etag(c->data, c->len), *etag, key[640];
	mc_credential_ref *twins = NULL;
	size_t ntwins = 0, i;
	int n;

	if (!inner)
		return NULL;
	n = snprintf(key, sizeof(key), "%s|%d|%s|%s", inner, (int)f, lang,
		     mc_version());
	free(inner);
	/* The PDF carries the award's other formats as attached files: a
	 * twin issued later changes it. */
	if (n > 0 && mc_credential_siblings(store, &twins, &ntwins, c->id) == 0)
		for (i = 0; i < ntwins && (size_t)n < sizeof(key); i++)
			n += snprintf(key + n, sizeof(key) - (size_t)n, "|%s",
				      twins[i].id);
	mc_credential_refs_free(twins, ntwins);
	etag = srv__etag(key, n > 0 && (size_t)n < sizeof(key) ? (size_t)n
							       : strlen(key));
	return etag;
}

static int certificate(srv_req *req, srv_resp *resp, mc_certificate_format f)
{
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;
	const char *lang = srv_req_query(req, "lang");
	const char *inm = srv_req_header(req, "If-None-Match");
	mc_credential *c = NULL;
	mc_credential_state state;
	unsigned char *data = NULL;
	size_t len = 0;
	int error;

	if (lang && (!*lang || strlen(lang) > LANG_MAX ||
		     strspn(lang, "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
			 strlen(lang)))
		return srv_resp_problem(resp, 400, "Bad Request",
					"lang: not a language tag (BCP 47)",
					NULL);
	if ((error = mc_credential_get(req->store, &c, req->param[0])) < 0)
		return srv_page_error(req, resp,
				      error == MC_ENOTFOUND ? 404 : 500,
				      srv_t(req, "error.no_credential"));
	/* No longer current: not offered, whatever a link or cache holds. */
	if (mc_credential_state_get(req->store, &state, c->id) == 0 &&
	    state != MC_CRED_ACTIVE) {
		mc_credential_free(c);
		return srv_page_error(
		    req, resp, state == MC_CRED_REVOKED ? 410 : 409,
		    srv_t(req, state == MC_CRED_REVOKED
				   ? "cert.withdrawn_revoked"
				   : "cert.withdrawn_suspended"));
	}
	o.format = f;
	o.lang = lang ? lang : srv_req_lang(req);
	resp->status = 200;
	resp->content_type = f == MC_CERT_PDF ? "application/pdf" : "image/png";
	resp->etag = certificate_etag(req->store, c, f, o.lang);
	/* Without ?lang= the bytes follow the reader's cookie and
	 * Accept-Language: caches must then revalidate (the default
	 * no-cache), and the ETag tells the languages apart. */
	if (lang)
		resp->cache_control = "public, max-age=300";
	if (f == MC_CERT_PDF && filename_safe(req->param[0])) {
		char d[128];

		snprintf(d, sizeof(d),
			 "attachment; filename=\"certificate-%s.pdf\"",
			 req->param[0]);
		resp->disposition = srv_arena_strdup(req->arena, d);
	} else if (f == MC_CERT_PDF) {
		resp->disposition = "attachment; filename=\"certificate.pdf\"";
	}
	/* Revalidation: the glue answers 304 for a matching ETag, so the
	 * page need not be rendered at all. */
	if (resp->etag && inm && strcmp(resp->etag, inm) == 0)
		goto cleanup;
	if ((error = mc_certificate_render(req->store, &data, &len, c->id,
					   &o)) < 0) {
		free(resp->etag);
		resp->etag = NULL;
		resp->cache_control = NULL;
		resp->disposition = NULL;
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	resp->body = (char *)data;
	resp->body_len = len;

cleanup:
	mc_credential_free(c);
	return 0;
}

int srv_page_certificate_pdf(srv_req *req, srv_resp *resp)
{
	return certificate(req, resp, MC_CERT_PDF);
}

int srv_page_certificate_png(srv_req *req, srv_resp *resp)
{
	return certificate(req, resp, MC_CERT_PNG);
}
