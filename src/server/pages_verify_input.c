/*
 * The verify form's inputs read into one credential: an uploaded file or
 * pasted text (a credential itself, or a PDF certificate, PNG or SVG
 * image carrying one), or a credential's URL (ours from the store, others
 * fetched when the server's verification may use the network), and the
 * name of the person who showed it.  Every refusal names the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "form.h"
#include "i18n.h"
#include "microcred/extract.h"
#include "pages_verify.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* `s` without surrounding white space, in place (the arena's copy);
 * *len gets its length. */
static const char *trim(const char *s, size_t *len)
{
	size_t n = s ? strlen(s) : 0;

	while (n && blank(s[0]))
		s++, n--;
	while (n && blank(s[n - 1]))
		n--;
	*len = n;
	return s;
}

/* A refusal: `status` and the UI string `key` filled with `name` =
 * `value` (may be NULL). */
static int refuse(srv_req *req, unsigned *status, const char **message,
		  unsigned code, const char *key, const char *name,
		  const char *value)
{
	*status = code;
	*message =
	    name ? srv__verify_fill(req, srv_t(req, key), &name, &value, 1)
		 : srv_t(req, key);
	return -1;
}

static int refuse_too_big(srv_req *req, unsigned *status, const char **message,
			  const char *key)
{
	char max[24];

	snprintf(max, sizeof(max), "%u", MC_CREDENTIAL_MAX);
	return refuse(req, status, message, 413, key, "max", max);
}

/* Keep `p` (malloc'd) until the request ends; NULL when out of memory. */
static const char *keep(srv_req *req, char *p)
{
	return p && srv_arena_defer(req->arena, free, p) == 0 ? p : NULL;
}

/*
 * The credential in `data` (a file's bytes or pasted text of `field`):
 * unwrapped from its carrier.  Bytes that are no carrier and no
 * credential are verified as they are, so the report says what is wrong
 * with them.
 */
static int unwrap(srv_req *req, struct srv__verify_input *in, const char *field,
		  const char *data, size_t len, unsigned *status,
		  const char **message)
{
	mc_carrier carrier = MC_CARRIER_RAW;
	char *out = NULL, err[300] = "";
	size_t outlen = 0;
	int error;

	error = mc_credential_extract(data, len, &out, &outlen, &carrier, err,
				      sizeof(err));
	in->source = carrier == MC_CARRIER_PDF	 ? "verify.from.pdf"
		     : carrier == MC_CARRIER_RAW ? "verify.from.file"
						 : "verify.from.image";
	if (error == MC_EINVALID && carrier == MC_CARRIER_RAW) {
		in->data = data;
		in->len = len;
		return 0;
	}
	if (error == MC_ENOTFOUND)
		return refuse(req, status, message, 422,
			      carrier == MC_CARRIER_PDF ? "verify.pdf_empty"
							: "verify.image_empty",
			      "field", field);
	if (error == MC_ETOOBIG)
		return refuse_too_big(req, status, message,
				      strcmp(field, "file") == 0
					  ? "verify.file_too_big"
					  : "verify.too_big");
	if (error == MC_EINVALID) {
		const char *names[] = {"field", "error"}, *values[2];

		values[0] = field;
		values[1] = err;
		*status = 422;
		*message = srv__verify_fill(req, srv_t(req, "verify.damaged"),
					    names, values, 2);
		return -1;
	}
	if (error < 0 || !(in->data = keep(req, out))) {
		free(out);
		return refuse(req, status, message, 500, "verify.oom", NULL,
			      NULL);
	}
	in->len = outlen;
	/* A file's own bytes, as pasted text, without surrounding blanks. */
	while (in->len && blank(in->data[0]))
		in->data++, in->len--;
	while (in->len && blank(in->data[in->len - 1]))
		in->len--;
	return 0;
}

/* The credential at URL `url` (trimmed, `n` bytes). */
static int from_url(srv_req *req, struct srv__verify_input *in, const char *url,
		    size_t n, int network, unsigned *status,
		    const char **message)
{
	char *out = NULL, *copy, err[300] = "", max[24];
	size_t outlen = 0;
	int error;

	if (n > SRV_VERIFY_URL_MAX) {
		snprintf(max, sizeof(max), "%u", SRV_VERIFY_URL_MAX);
		return refuse(req, status, message, 400, "verify.url_too_long",
			      "max", max);
	}
	if (!(copy = srv_arena_alloc(req->arena, n + 1)))
		return refuse(req, status, message, 500, "verify.oom", NULL,
			      NULL);
	memcpy(copy, url, n);
	copy[n] = '\0';
	if (strncasecmp(copy, "https://", 8) != 0 &&
	    strncasecmp(copy, "http://", 7) != 0)
		return refuse(req, status, message, 400, "verify.url_scheme",
			      NULL, NULL);
	in->url = copy;
	in->source = "verify.from.url";
	error = mc_credential_from_url(req->store, copy, network, &out, &outlen,
				       err, sizeof(err));
	if (error == MC_ETOOBIG)
		return refuse_too_big(req, status, message,
				      "verify.url_too_big");
	if (error == MC_ENOMEM)
		return refuse(req, status, message, 500, "verify.oom", NULL,
			      NULL);
	if (error == MC_EFORBIDDEN)
		return refuse(req, status, message, 422, "verify.url_offline",
			      NULL, NULL);
	if (error < 0)
		return refuse(req, status, message, 422,
			      error == MC_ENOTFOUND ? "verify.url_not_found"
						    : "verify.url_failed",
			      "error", err);
	if (!(in->data = keep(req, out))) {
		free(out);
		return refuse(req, status, message, 500, "verify.oom", NULL,
			      NULL);
	}
	in->len = outlen;
	return 0;
}

int srv__verify_input(srv_req *req, struct srv__verify_input *in, int network,
		      unsigned *status, const char **message)
{
	const char *file = NULL, *text, *url, *owner, *given[3], *list;
	size_t flen = 0, tlen, ulen, olen, n = 0;
	char max[24];

	memset(in, 0, sizeof(*in));
	if (srv_form_file(req, "file", &file, &flen, &in->file) < 0 || !flen)
		flen = 0, in->file = NULL;
	text = trim(srv_form_get(req, "credential"), &tlen);
	url = trim(srv_form_get(req, "url"), &ulen);
	owner = trim(srv_form_get(req, "owner"), &olen);
	if (flen)
		given[n++] = "file";
	if (tlen)
		given[n++] = "credential";
	if (ulen)
		given[n++] = "url";
	if (!n)
		return refuse(req, status, message, 400, "verify.empty", NULL,
			      NULL);
	if (n > 1) {
		list = n == 2 ? srv__verify_fill(req, "{a}, {b}",
						 (const char *[]){"a", "b"},
						 given, 2)
			      : "file, credential, url";
		return refuse(req, status, message, 400, "verify.one_only",
			      "fields", list);
	}
	if (olen > SRV_VERIFY_OWNER_MAX) {
		snprintf(max, sizeof(max), "%u", SRV_VERIFY_OWNER_MAX);
		return refuse(req, status, message, 400,
			      "verify.owner_too_long", "max", max);
	}
	if (olen) {
		char *o = srv_arena_alloc(req->arena, olen + 1);

		if (!o)
			return refuse(req, status, message, 500, "verify.oom",
				      NULL, NULL);
		memcpy(o, owner, olen);
		o[olen] = '\0';
		in->owner = o;
	}
	if (flen)
		return unwrap(req, in, "file", file, flen, status, message);
	if (tlen) {
		if (tlen > MC_CREDENTIAL_MAX)
			return refuse_too_big(req, status, message,
					      "verify.too_big");
		return unwrap(req, in, "credential", text, tlen, status,
			      message);
	}
	return from_url(req, in, url, ulen, network, status, message);
}
