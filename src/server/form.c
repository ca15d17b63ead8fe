/*
 * Form bodies (see form.h): application/x-www-form-urlencoded (WHATWG URL
 * standard, "+" for space) and multipart/form-data (RFC 7578 over RFC
 * 2046's boundary syntax).
 *
 * Everything lives in the request's arena.  Text values are NUL-terminated
 * and checked: valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF) and no NUL byte.  A file part (one with a filename parameter)
 * keeps its bytes as sent.  The first problem ends the parse with a
 * message that names the field and the reason.
 */
#include "form.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Longest header block of one multipart part, in bytes. */
#define PART_HEADERS_MAX 4096
/* Longest boundary (RFC 2046: 70). */
#define BOUNDARY_MAX 70
/* Longest field name, in bytes. */
#define NAME_MAX_LEN 256

struct field {
	const char *name;
	const char *value; /* NUL-terminated (files too) */
	size_t len;
	const char *filename; /* NULL for text fields */
};

struct srv_form {
	struct field *fields;
	size_t count;
};

/* What srv_form_parse() caches in req->form_. */
struct parsed {
	int rc;
	char err[256];
	struct srv_form *form;
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return MC_EINVALID;
}

/* Offset of the first invalid UTF-8 sequence in s[0..n), or n. */
static size_t utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], need, cp, min;
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			need = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return i;
		}
		if (n - i <= need)
			return i;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return n;
}

/* Check a text: UTF-8, no NUL.  `what` names it in the message. */
static int text_ok(const char *s, size_t n, const char *what, const char *name,
		   char *err, size_t errlen)
{
	size_t bad = utf8_bad((const unsigned char *)s, n);

	if (bad < n)
		return fail(err, errlen,
			    "%s '%.64s': invalid UTF-8 at byte %zu", what, name,
			    bad);
	if (memchr(s, '\0', n))
		return fail(err, errlen, "%s '%.64s': contains a NUL byte",
			    what, name);
	return 0;
}

static int add(struct srv_form *f, srv_arena *arena, const char *name,
	       const char *value, size_t len, const char *filename, char *err,
	       size_t errlen)
{
	if (f->count == SRV_FORM_FIELDS_MAX)
		return fail(err, errlen, "more than %d fields",
			    SRV_FORM_FIELDS_MAX);
	if (!f->fields &&
	    !(f->fields = srv_arena_alloc(arena, SRV_FORM_FIELDS_MAX *
						     sizeof(*f->fields))))
		return MC_ENOMEM;
	f->fields[f->count].name = name;
	f->fields[f->count].value = value;
	f->fields[f->count].len = len;
	f->fields[f->count].filename = filename;
	f->count++;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) (percent escapes, '+') into a new arena string; *outlen
 * gets its length.  NULL with a message naming field `name` (NULL: "a
 * field name") for a bad escape or no memory. */
static char *decode(srv_arena *arena, const char *s, size_t n, size_t *outlen,
		    const char *name, char *err, size_t errlen)
{
	char *out = srv_arena_alloc(arena, n + 1);
	size_t i, j = 0;

	if (!out) {
		fail(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[j++] = ' ';
		} else if (s[i] == '%') {
			int hi = -1;

			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    hexval(s[i + 2]) < 0) {
				if (name)
					fail(err, errlen,
					     "field '%.64s': malformed percent "
					     "escape at byte %zu",
					     name, i);
				else
					fail(err, errlen,
					     "a field name: malformed percent "
					     "escape at byte %zu",
					     i);
				return NULL;
			}
			out[j++] = (char)(hi * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	*outlen = j;
	return out;
}

static int parse_urlencoded(struct srv_form *f, srv_arena *arena,
			    const char *body, size_t len, char *err,
			    size_t errlen)
{
	size_t pos = 0;

	while (pos < len) {
		const char *pair = body + pos, *eq;
		size_t n = 0, raw, nl, vl;
		char *name, *value;
		int error;

		while (pos + n < len && body[pos + n] != '&')
			n++;
		pos += n + 1;
		if (n == 0)
			continue;
		eq = memchr(pair, '=', n);
		raw = eq ? (size_t)(eq - pair) : n;
		if (!(name = decode(arena, pair, raw, &nl, NULL, err, errlen)))
			return MC_EINVALID;
		if ((error = text_ok(name, nl, "field name", name, err,
				     errlen)) < 0)
			return error;
		if (nl == 0 || nl > NAME_MAX_LEN)
			return fail(err, errlen,
				    "field name '%.64s': must be 1..%d bytes",
				    name, NAME_MAX_LEN);
		if (!(value =
			  decode(arena, eq ? eq + 1 : pair + n,
				 eq ? n - raw - 1 : 0, &vl, name, err, errlen)))
			return MC_EINVALID;
		if ((error = text_ok(value, vl, "field", name, err, errlen)) <
			0 ||
		    (error =
			 add(f, arena, name, value, vl, NULL, err, errlen)) < 0)
			return error;
	}
	return 0;
}

/* Find `needle` (n bytes) in hay[0..hn); offset or (size_t)-1. */
static size_t find(const char *hay, size_t hn, const char *needle, size_t n)
{
	size_t i;

	if (n > hn)
		return (size_t)-1;
	for (i = 0; i + n <= hn; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return i;
	return (size_t)-1;
}

/*
 * The value of parameter `param` of a header value such as
 * `form-data; name="a"; filename="b.json"`, unquoted into the arena; NULL
 * when absent.  Sets *bad when the parameter is malformed.
 */
static char *header_param(srv_arena *arena, const char *v, size_t vn,
			  const char *param, int *bad)
{
	size_t pn = strlen(param), i = 0;

	while (i < vn) {
		size_t start;

		/* Skip to the next ';' outside quotes, then spaces. */
		while (i < vn && v[i] != ';') {
			if (v[i] == '"') {
				for (i++; i < vn && v[i] != '"'; i++)
					if (v[i] == '\\')
						i++;
			}
			i++;
		}
		if (i >= vn)
			break;
		for (i++; i < vn && (v[i] == ' ' || v[i] == '\t'); i++)
			;
		start = i;
		if (vn - start > pn && strncasecmp(v + start, param, pn) == 0 &&
		    v[start + pn] == '=') {
			char *out;
			size_t j = 0;

			i = start + pn + 1;
			if (!(out = srv_arena_alloc(arena, vn - i + 1)))
				return NULL;
			if (i < vn && v[i] == '"') {
				for (i++; i < vn && v[i] != '"'; i++) {
					if (v[i] == '\\' && i + 1 < vn)
						i++;
					out[j++] = v[i];
				}
				if (i >= vn) {
					*bad = 1;
					return NULL;
				}
			} else {
				for (; i < vn && v[i] != ';' && v[i] != ' ';
				     i++)
					out[j++] = v[i];
			}
			out[j] = '\0';
			return out;
		}
	}
	return NULL;
}

/* Parse one part's headers h[0..hn): name and filename. */
static int part_headers(srv_arena *arena, const char *h, size_t hn,
			size_t index, char **name, char **filename, char *err,
			size_t errlen)
{
	size_t pos = 0;
	int seen = 0, bad = 0;

	*name = *filename = NULL;
	while (pos < hn) {
		size_t n = find(h + pos, hn - pos, "\r\n", 2);
		const char *line = h + pos;

		if (n == (size_t)-1)
			n = hn - pos;
		pos += n + 2;
		if (n > 20 &&
		    strncasecmp(line, "content-disposition:", 20) == 0) {
			const char *v = line + 20;
			size_t vn = n - 20;

			while (vn && (*v == ' ' || *v == '\t'))
				v++, vn--;
			if (vn < 9 || strncasecmp(v, "form-data", 9) != 0)
				return fail(err, errlen,
					    "part %zu: Content-Disposition is "
					    "not form-data",
					    index);
			*name = header_param(arena, v, vn, "name", &bad);
			*filename =
			    header_param(arena, v, vn, "filename", &bad);
			seen = 1;
		}
	}
	if (!seen)
		return fail(err, errlen,
			    "part %zu: no Content-Disposition header", index);
	if (bad || !*name || !**name || strlen(*name) > NAME_MAX_LEN)
		return fail(err, errlen,
			    "part %zu: Content-Disposition needs a name of "
			    "1..%d bytes",
			    index, NAME_MAX_LEN);
	if (text_ok(*name, strlen(*name), "field name", *name, err, errlen) < 0)
		return MC_EINVALID;
	if (*filename && text_ok(*filename, strlen(*filename),
				 "file name of field", *name, err, errlen) < 0)
		return MC_EINVALID;
	return 0;
}

static int parse_multipart(struct srv_form *f, srv_arena *arena,
			   const char *ctype, const char *body, size_t len,
			   char *err, size_t errlen)
{
	char delim[BOUNDARY_MAX + 5]; /* "\r\n--" + boundary */
	char *boundary;
	size_t dn, pos, at, index = 0;
	int bad = 0;

	boundary = header_param(arena, ctype, strlen(ctype), "boundary", &bad);
	if (bad || !boundary || !*boundary || strlen(boundary) > BOUNDARY_MAX)
		return fail(err, errlen,
			    "Content-Type: multipart/form-data needs a "
			    "boundary of 1..%d characters",
			    BOUNDARY_MAX);
	dn = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	/* The first delimiter may open the body (no preamble, no CRLF). */
	if (len >= dn - 2 && memcmp(body, delim + 2, dn - 2) == 0)
		pos = dn - 2;
	else if ((at = find(body, len, delim, dn)) != (size_t)-1)
		pos = at + dn;
	else
		return fail(err, errlen, "body: no multipart boundary");
	for (;;) {
		size_t hend, vlen;
		char *name, *filename, *value;
		int error;

		/* After a delimiter: "--" ends the body, CRLF opens a part. */
		if (len - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			return 0;
		while (pos < len && (body[pos] == ' ' || body[pos] == '\t'))
			pos++;
		if (len - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return fail(err, errlen,
				    "body: malformed boundary line before "
				    "part %zu",
				    index + 1);
		pos += 2;
		index++;
		if (len - pos >= 2 && body[pos] == '\r' &&
		    body[pos + 1] == '\n')
			hend = 0; /* no headers at all */
		else if ((hend = find(body + pos, len - pos, "\r\n\r\n", 4)) ==
			 (size_t)-1)
			return fail(err, errlen, "part %zu: headers not ended",
				    index);
		if (hend > PART_HEADERS_MAX)
			return fail(err, errlen,
				    "part %zu: headers longer than %d bytes",
				    index, PART_HEADERS_MAX);
		if ((error = part_headers(arena, body + pos, hend, index, &name,
					  &filename, err, errlen)) < 0)
			return error;
		pos += hend + (hend ? 4 : 2);
		if ((vlen = find(body + pos, len - pos, delim, dn)) ==
		    (size_t)-1)
			return fail(err, errlen,
				    "field '%.64s': not ended by the boundary",
				    name);
		if (!(value = srv_arena_alloc(arena, vlen + 1)))
			return MC_ENOMEM;
		memcpy(value, body + pos, vlen);
		value[vlen] = '\0';
		if (!filename && (error = text_ok(value, vlen, "field", name,
						  err, errlen)) < 0)
			return error;
		if ((error = add(f, arena, name, value, vlen, filename, err,
				 errlen)) < 0)
			return error;
		pos += vlen + dn;
	}
}

/* Non-zero if `ct` is media type `type`, parameters ignored. */
static int type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);

	while (*ct == ' ')
		ct++;
	return strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

int srv_form_parse_buffer(struct srv_form **out, srv_arena *arena,
			  const char *content_type, const char *body,
			  size_t len, char *err, size_t errlen)
{
	struct srv_form *f;
	int error;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	if (!content_type ||
	    (!type_is(content_type, "application/x-www-form-urlencoded") &&
	     !type_is(content_type, "multipart/form-data"))) {
		snprintf(err, errlen,
			 "Content-Type: must be "
			 "application/x-www-form-urlencoded or "
			 "multipart/form-data");
		return MC_EUSAGE;
	}
	if (!(f = srv_arena_alloc(arena, sizeof(*f))))
		return MC_ENOMEM;
	memset(f, 0, sizeof(*f));
	if (type_is(content_type, "multipart/form-data"))
		error = parse_multipart(f, arena, content_type, body, len, err,
					errlen);
	else
		error = parse_urlencoded(f, arena, body, len, err, errlen);
	if (error == MC_ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (error < 0)
		return error;
	*out = f;
	return 0;
}

int srv_form_parse(srv_req *req, char *err, size_t errlen)
{
	struct parsed *p = req->form_;

	if (!p) {
		if (!(p = srv_arena_alloc(req->arena, sizeof(*p)))) {
			snprintf(err, errlen, "out of memory");
			return MC_ENOMEM;
		}
		p->form = NULL;
		p->rc = srv_form_parse_buffer(
		    &p->form, req->arena, srv_req_header(req, "Content-Type"),
		    req->body, req->body_len, p->err, sizeof(p->err));
		req->form_ = p;
	}
	if (p->rc < 0 && errlen)
		snprintf(err, errlen, "%s", p->err);
	return p->rc;
}

static const struct srv_form *form_of(srv_req *req)
{
	const struct parsed *p = req->form_;
	char err[8];

	if (!p) {
		srv_form_parse(req, err, sizeof(err));
		p = req->form_;
	}
	return p && p->rc == 0 ? p->form : NULL;
}

const char *srv_form_get(srv_req *req, const char *name)
{
	const struct srv_form *f = form_of(req);
	size_t i;

	for (i = 0; f && i < f->count; i++)
		if (!f->fields[i].filename && !strcmp(f->fields[i].name, name))
			return f->fields[i].value;
	return NULL;
}

const char **srv_form_get_all(srv_req *req, const char *name, size_t *n)
{
	const struct srv_form *f = form_of(req);
	const char **out;
	size_t i;

	*n = 0;
	if (!f ||
	    !(out = srv_arena_alloc(req->arena, (f->count + 1) * sizeof(*out))))
		return NULL;
	for (i = 0; i < f->count; i++)
		if (!f->fields[i].filename && !strcmp(f->fields[i].name, name))
			out[(*n)++] = f->fields[i].value;
	out[*n] = NULL;
	return out;
}

int srv_form_file(srv_req *req, const char *name, const char **data,
		  size_t *len, const char **filename)
{
	const struct srv_form *f = form_of(req);
	size_t i;

	for (i = 0; f && i < f->count; i++) {
		if (f->fields[i].filename && !strcmp(f->fields[i].name, name)) {
			*data = f->fields[i].value;
			*len = f->fields[i].len;
			if (filename)
				*filename = f->fields[i].filename;
			return 0;
		}
	}
	return MC_ENOTFOUND;
}
