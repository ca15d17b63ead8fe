/*
 * RFC 3986 reference resolution and the lexical IRI tests of JSON-LD.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"

#include "ld/iri.h"
#include "util/util.h"

/* One component of a reference: absent (ptr NULL) or s[0..len). */
struct part {
	const char *ptr;
	size_t len;
};

/* A reference split as RFC 3986 appendix B splits it. */
struct ref {
	struct part scheme, authority, path, query, fragment;
};

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the scheme at the start of `s` (0 when there is none). */
static size_t scheme_len(const char *s)
{
	size_t i;

	if (s == NULL || !is_alpha((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ':')
			return i;
		if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' &&
		    c != '-' && c != '.')
			return 0;
	}
	return 0;
}

static void split(struct ref *r, const char *s)
{
	size_t n = scheme_len(s), i;

	memset(r, 0, sizeof(*r));
	if (n > 0) {
		r->scheme.ptr = s;
		r->scheme.len = n;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		i = strcspn(s, "/?#");
		r->authority.ptr = s;
		r->authority.len = i;
		s += i;
	}
	i = strcspn(s, "?#");
	r->path.ptr = s;
	r->path.len = i;
	s += i;
	if (*s == '?') {
		s++;
		i = strcspn(s, "#");
		r->query.ptr = s;
		r->query.len = i;
		s += i;
	}
	if (*s == '#') {
		r->fragment.ptr = s + 1;
		r->fragment.len = strlen(s + 1);
	}
}

/* Remove the last segment and its "/" from out[0..*len). */
static void drop_last_segment(const char *out, size_t *len)
{
	while (*len > 0 && out[*len - 1] != '/')
		(*len)--;
	if (*len > 0)
		(*len)--;
}

/*
 * RFC 3986 section 5.2.4 on in[0..n), which it may overwrite; appends the
 * result to out + *olen (room for n more bytes is the caller's to give).
 */
static void remove_dots(char *out, size_t *olen, char *in, size_t n)
{
	size_t start = *olen, len = 0;
	char *o = out + start;

	while (n > 0) {
		if (n >= 3 && memcmp(in, "../", 3) == 0) {
			in += 3, n -= 3;
		} else if (n >= 2 && memcmp(in, "./", 2) == 0) {
			in += 2, n -= 2;
		} else if (n >= 3 && memcmp(in, "/./", 3) == 0) {
			in += 2, n -= 2;
		} else if (n == 2 && memcmp(in, "/.", 2) == 0) {
			in[1] = '/';
			in += 1, n -= 1;
		} else if (n >= 4 && memcmp(in, "/../", 4) == 0) {
			in += 3, n -= 3;
			drop_last_segment(o, &len);
		} else if (n == 3 && memcmp(in, "/..", 3) == 0) {
			in[2] = '/';
			in += 2, n -= 2;
			drop_last_segment(o, &len);
		} else if ((n == 1 && in[0] == '.') ||
			   (n == 2 && memcmp(in, "..", 2) == 0)) {
			n = 0;
		} else {
			size_t seg = 1;

			/* the first segment, with its leading "/" if any */
			while (seg < n && in[seg] != '/')
				seg++;
			memmove(o + len, in, seg);
			len += seg;
			in += seg, n -= seg;
		}
	}
	*olen = start + len;
}

static void put(char *out, size_t *len, const char *s, size_t n)
{
	memcpy(out + *len, s, n);
	*len += n;
}

int mc__iri_resolve(char **out, const char *base, const char *ref)
{
	struct ref b, r;
	char *buf = NULL, *tmp = NULL;
	size_t len = 0, cap;
	const struct part *auth, *query;
	int rc = MC_EINVALID;

	*out = NULL;
	if (ref == NULL)
		return MC_EINVALID;
	if (base == NULL) {
		if (!mc__iri_is_absolute(ref))
			return MC_EINVALID;
		*out = mc__strdup(ref);
		return *out ? 0 : MC_ENOMEM;
	}
	if (!mc__iri_is_absolute(base))
		return MC_EINVALID;
	split(&b, base);
	split(&r, ref);
	/* The result is never longer than the two together plus the
	 * separators "://", "/", "?" and "#". */
	cap = strlen(base) + strlen(ref) + 8;
	buf = malloc(cap);
	/* the path to clean up: the reference's, or base's merged with it */
	tmp = malloc(b.path.len + r.path.len + 2);
	if (buf == NULL || tmp == NULL) {
		rc = MC_ENOMEM;
		goto cleanup;
	}

	if (r.scheme.ptr != NULL) {
		put(buf, &len, r.scheme.ptr, r.scheme.len);
		auth = &r.authority;
		query = &r.query;
	} else {
		put(buf, &len, b.scheme.ptr, b.scheme.len);
		auth = r.authority.ptr != NULL ? &r.authority : &b.authority;
		query = (r.authority.ptr != NULL || r.path.len > 0 ||
			 r.query.ptr != NULL)
			    ? &r.query
			    : &b.query;
	}
	put(buf, &len, ":", 1);
	if (auth->ptr != NULL) {
		put(buf, &len, "//", 2);
		put(buf, &len, auth->ptr, auth->len);
	}

	if (r.scheme.ptr != NULL || r.authority.ptr != NULL ||
	    (r.path.len > 0 && r.path.ptr[0] == '/')) {
		memcpy(tmp, r.path.ptr, r.path.len);
		remove_dots(buf, &len, tmp, r.path.len);
	} else if (r.path.len == 0) {
		put(buf, &len, b.path.ptr, b.path.len);
	} else {
		/* section 5.2.3: merge the paths */
		size_t n = 0;

		if (b.authority.ptr != NULL && b.path.len == 0) {
			tmp[n++] = '/';
		} else {
			size_t keep = b.path.len;

			while (keep > 0 && b.path.ptr[keep - 1] != '/')
				keep--;
			memcpy(tmp, b.path.ptr, keep);
			n = keep;
		}
		memcpy(tmp + n, r.path.ptr, r.path.len);
		n += r.path.len;
		remove_dots(buf, &len, tmp, n);
	}

	if (query->ptr != NULL) {
		put(buf, &len, "?", 1);
		put(buf, &len, query->ptr, query->len);
	}
	if (r.fragment.ptr != NULL) {
		put(buf, &len, "#", 1);
		put(buf, &len, r.fragment.ptr, r.fragment.len);
	}
	buf[len] = '\0';
	*out = buf;
	buf = NULL;
	rc = 0;

cleanup:
	free(buf);
	free(tmp);
	return rc;
}

int mc__iri_is_absolute(const char *s)
{
	return scheme_len(s) > 0;
}

int mc__iri_is_blank(const char *s)
{
	return s != NULL && s[0] == '_' && s[1] == ':';
}

int mc__iri_is_keyword_like(const char *s)
{
	size_t i;

	if (s == NULL || s[0] != '@' || s[1] == '\0')
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!is_alpha((unsigned char)s[i]))
			return 0;
	return 1;
}

int mc__iri_is_wellformed(const char *s)
{
	const unsigned char *p;
	int hashes = 0;

	if (!mc__iri_is_absolute(s))
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '<':
		case '>':
		case '"':
		case '{':
		case '}':
		case '|':
		case '\\':
		case '^':
		case '`':
		case 0x7f:
			return 0;
		default:
			if (*p <= 0x20)
				return 0;
		}
		/* a fragment may not hold another "#" */
		if (*p == '#' && ++hashes > 1)
			return 0;
	}
	return 1;
}
