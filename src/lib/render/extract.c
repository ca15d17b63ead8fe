/*
 * Finding the signed credential in what carries it (extract.h): which
 * carrier the bytes are, by their first bytes, and what the readers of
 * each share.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "microcred/credential.h"
#include "microcred/extract.h"

#include "extract_private.h"
#include "util/util.h"

const char *mc_carrier_name(mc_carrier c)
{
	switch (c) {
	case MC_CARRIER_PDF:
		return "pdf";
	case MC_CARRIER_PNG:
		return "png";
	case MC_CARRIER_SVG:
		return "svg";
	case MC_CARRIER_RAW:
		break;
	}
	return "raw";
}

const char *mc__memfind(const char *h, size_t hn, const char *needle, size_t nn)
{
	const char *p = h, *end = h + hn;

	if (!nn)
		return h;
	while (hn >= nn && (size_t)(end - p) >= nn &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - nn + 1)) != NULL) {
		if (memcmp(p, needle, nn) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* `p[0..*n)` without the blanks (and a UTF-8 BOM) at either end. */
static const char *trim(const char *p, size_t *n)
{
	size_t len = *n;

	for (;;) {
		if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			len -= 3;
		} else if (len && blank((unsigned char)*p)) {
			p++;
			len--;
		} else {
			break;
		}
	}
	while (len && blank((unsigned char)p[len - 1]))
		len--;
	*n = len;
	return p;
}

static int b64url_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int mc__extract_is_credential(const char *p, size_t n)
{
	json_t *j, *o;
	size_t i, dots = 0;
	int yes;

	p = trim(p, &n);
	if (n && p[0] == '{') {
		if (!(j = json_loadb(p, n, 0, NULL)))
			return 0;
		o = j;
		yes = json_object_get(o, "@context") != NULL ||
		      (json_is_string(json_object_get(o, "payload")) &&
		       (json_object_get(o, "signatures") ||
			json_object_get(o, "signature")));
		json_decref(j);
		return yes;
	}
	if (n < 5 || memcmp(p, "eyJ", 3) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '.')
			dots++;
		else if (!b64url_char((unsigned char)p[i]))
			return 0;
	}
	return dots == 2;
}

int mc__extract_take(char **out, size_t *outlen, const char *p, size_t n,
		     const char *where, char *err, size_t errlen)
{
	p = trim(p, &n);
	if (n > MC_CREDENTIAL_MAX) {
		mc__set_err(err, errlen,
			    "%s: the credential is %zu bytes, more than %u",
			    where, n, MC_CREDENTIAL_MAX);
		return MC_ETOOBIG;
	}
	if (!(*out = malloc(n + 1)))
		return MC_ENOMEM;
	memcpy(*out, p, n);
	(*out)[n] = '\0';
	*outlen = n;
	return 0;
}

int mc__inflate(char **out, size_t *outlen, const unsigned char *in,
		size_t inlen, size_t max, char *why, size_t whylen)
{
	mc_buf b = MC_BUF_INIT(max);
	unsigned char chunk[16384];
	z_stream z;
	int zrc, error = 0;

	*out = NULL;
	*outlen = 0;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return MC_ENOMEM;
	for (;;) {
		/* zlib counts in uInt: feed at most 1 GiB at a time. */
		if (z.avail_in == 0 && inlen) {
			size_t take = inlen > (1u << 30) ? (1u << 30) : inlen;

			z.next_in = (unsigned char *)in;
			z.avail_in = (uInt)take;
			in += take;
			inlen -= take;
		}
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		zrc = inflate(&z, Z_NO_FLUSH);
		if (sizeof(chunk) > z.avail_out &&
		    (error = mc__buf_add(&b, chunk,
					 sizeof(chunk) - z.avail_out)) < 0) {
			if (error == MC_ETOOBIG)
				mc__set_err(why, whylen,
					    "more than %zu bytes once inflated",
					    max);
			break;
		}
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_OK)
			continue;
		if (zrc == Z_BUF_ERROR && z.avail_in == 0 && inlen == 0)
			mc__set_err(why, whylen,
				    "the compressed data ends too early");
		else
			mc__set_err(why, whylen, "%s",
				    z.msg ? z.msg : "damaged compressed data");
		error = MC_EINVALID;
		break;
	}
	inflateEnd(&z);
	if (!error) {
		*outlen = b.len;
		if (!(*out = mc__buf_detach(&b)))
			error = MC_ENOMEM;
	}
	mc__buf_free(&b);
	return error;
}

/* The carrier of `d[0..n)`: by its first bytes. */
static mc_carrier carrier_of(const char *d, size_t n)
{
	static const char png[8] = {'\x89', 'P',  'N',	  'G',
				    '\r',   '\n', '\x1a', '\n'};
	size_t i, head = n < 1024 ? n : 1024;
	const char *p;

	if (n >= 8 && memcmp(d, png, 8) == 0)
		return MC_CARRIER_PNG;
	for (i = 0; i + 5 <= head; i++)
		if (d[i] == '%' && memcmp(d + i, "%PDF-", 5) == 0)
			return MC_CARRIER_PDF;
	/* XML with an <svg> element; other markup (an HTML page) is no
	 * carrier. */
	p = trim(d, &n);
	if (n && p[0] == '<' && mc__memfind(p, n, "<svg", 4))
		return MC_CARRIER_SVG;
	return MC_CARRIER_RAW;
}

int mc_credential_extract(const char *data, size_t len, char **out,
			  size_t *outlen, mc_carrier *carrier, char *err,
			  size_t errlen)
{
	mc_carrier c;

	if (carrier)
		*carrier = MC_CARRIER_RAW;
	if (!out || !outlen || !carrier || (!data && len))
		return MC_EUSAGE;
	*out = NULL;
	*outlen = 0;
	if (!data)
		data = "";
	if (len > MC_CARRIER_MAX) {
		mc__set_err(err, errlen, "%zu bytes, more than %u", len,
			    MC_CARRIER_MAX);
		return MC_ETOOBIG;
	}
	*carrier = c = carrier_of(data, len);
	switch (c) {
	case MC_CARRIER_PDF:
		return mc__extract_pdf(data, len, out, outlen, err, errlen);
	case MC_CARRIER_PNG:
		return mc__extract_png(data, len, out, outlen, err, errlen);
	case MC_CARRIER_SVG:
		return mc__extract_svg(data, len, out, outlen, err, errlen);
	case MC_CARRIER_RAW:
		break;
	}
	if (len > MC_CREDENTIAL_MAX) {
		mc__set_err(err, errlen, "%zu bytes, more than %u", len,
			    MC_CREDENTIAL_MAX);
		return MC_ETOOBIG;
	}
	if (!(*out = malloc(len + 1)))
		return MC_ENOMEM;
	memcpy(*out, data, len);
	(*out)[len] = '\0';
	*outlen = len;
	return 0;
}
