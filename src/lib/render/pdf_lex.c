/*
 * A bounded lexer over a PDF's bytes (pdf_private.h).  It reads values
 * without building them: what the callers need is where a value starts
 * and ends, a dictionary's entries, names, integers and references.
 * Iterative, so a deeply nested or endless input costs no stack.
 */
#include <stdio.h>
#include <string.h>

#include "pdf_private.h"
#include "util/encoding.h"

int mc__pdf_white(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
	       c == ' ';
}

int mc__pdf_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	       c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static int regular(unsigned char c)
{
	return !mc__pdf_white(c) && !mc__pdf_delim(c);
}

size_t mc__pdf_skip(const char *d, size_t n, size_t i)
{
	while (i < n) {
		if (mc__pdf_white((unsigned char)d[i])) {
			i++;
		} else if (d[i] == '%') {
			while (i < n && d[i] != '\r' && d[i] != '\n')
				i++;
		} else {
			break;
		}
	}
	return i;
}

/* Past the literal string starting at `i` ("("), or 0 when it does not
 * end. */
static size_t string_end(const char *d, size_t n, size_t i)
{
	size_t depth = 0;

	for (; i < n; i++) {
		if (d[i] == '\\')
			i++;
		else if (d[i] == '(')
			depth++;
		else if (d[i] == ')' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* Past the single token (not a reference) starting at `i`, or 0. */
static size_t token_end(const char *d, size_t n, size_t i)
{
	const char *gt;

	if (i >= n)
		return 0;
	switch (d[i]) {
	case '(':
		return string_end(d, n, i);
	case '<':
		gt = memchr(d + i, '>', n - i);
		return gt ? (size_t)(gt - d) + 1 : 0;
	case '/':
		for (i++; i < n && regular((unsigned char)d[i]); i++)
			;
		return i;
	default:
		if (!regular((unsigned char)d[i]))
			return 0;
		while (i < n && regular((unsigned char)d[i]))
			i++;
		return i;
	}
}

/* Past the value (dictionary, array or token) at `i`, or 0. */
static size_t value_end(const char *d, size_t n, size_t i)
{
	size_t depth = 0, e;

	for (;;) {
		i = mc__pdf_skip(d, n, i);
		if (i >= n)
			return 0;
		if (d[i] == '<' && i + 1 < n && d[i + 1] == '<') {
			if (++depth > MC__PDF_DEPTH)
				return 0;
			i += 2;
			continue;
		}
		if (d[i] == '[') {
			if (++depth > MC__PDF_DEPTH)
				return 0;
			i++;
			continue;
		}
		if ((d[i] == '>' && i + 1 < n && d[i + 1] == '>') ||
		    d[i] == ']') {
			if (depth == 0)
				return 0;
			i += d[i] == ']' ? 1 : 2;
			if (--depth == 0)
				return i;
			continue;
		}
		if (!(e = token_end(d, n, i)))
			return 0;
		i = e;
		if (depth == 0)
			return i;
	}
}

static int digits(const char *d, size_t s, size_t e)
{
	size_t i;

	if (s >= e)
		return 0;
	for (i = s; i < e; i++)
		if (d[i] < '0' || d[i] > '9')
			return 0;
	return 1;
}

int mc__pdf_value(const char *d, size_t n, size_t i, size_t *start, size_t *end)
{
	size_t s = mc__pdf_skip(d, n, i), e, s2, e2, s3, e3;

	if (!(e = value_end(d, n, s)))
		return -1;
	*start = s;
	*end = e;
	/* "N G R" is one value. */
	if (digits(d, s, e)) {
		s2 = mc__pdf_skip(d, n, e);
		e2 = token_end(d, n, s2);
		if (e2 && digits(d, s2, e2)) {
			s3 = mc__pdf_skip(d, n, e2);
			e3 = token_end(d, n, s3);
			if (e3 == s3 + 1 && d[s3] == 'R')
				*end = e3;
		}
	}
	return 0;
}

int mc__pdf_dict_each(const char *d, size_t n, size_t dict,
		      int (*fn)(const char *d, size_t ks, size_t ke, size_t vs,
				size_t ve, void *payload),
		      void *payload)
{
	size_t i = mc__pdf_skip(d, n, dict), ks, ke, vs, ve;
	int rc;

	if (i + 1 >= n || d[i] != '<' || d[i + 1] != '<')
		return -1;
	for (i += 2;;) {
		i = mc__pdf_skip(d, n, i);
		if (i + 1 < n && d[i] == '>' && d[i + 1] == '>')
			return 0;
		if (i >= n || d[i] != '/')
			return -1;
		ks = i;
		ke = token_end(d, n, i);
		if (mc__pdf_value(d, n, ke, &vs, &ve) < 0)
			return -1;
		if ((rc = fn(d, ks, ke, vs, ve, payload)) != 0)
			return rc;
		i = ve;
	}
}

struct get {
	const char *key;
	size_t s, e;
};

static int get_one(const char *d, size_t ks, size_t ke, size_t vs, size_t ve,
		   void *payload)
{
	struct get *g = payload;

	if (!mc__pdf_is_name(d, ks, ke, g->key))
		return 0;
	g->s = vs;
	g->e = ve;
	return 1;
}

int mc__pdf_dict_get(const char *d, size_t n, size_t dict, const char *key,
		     size_t *start, size_t *end)
{
	struct get g = {key, 0, 0};

	if (mc__pdf_dict_each(d, n, dict, get_one, &g) != 1)
		return -1;
	*start = g.s;
	*end = g.e;
	return 0;
}

int mc__pdf_is_name(const char *d, size_t s, size_t e, const char *name)
{
	size_t i;
	int h, l;

	if (s >= e || d[s] != '/')
		return 0;
	for (i = s + 1; i < e; i++, name++) {
		int c = (unsigned char)d[i];

		if (c == '#') {
			if (i + 2 >= e)
				return 0;
			h = mc__hex_digit((unsigned char)d[i + 1]);
			l = mc__hex_digit((unsigned char)d[i + 2]);
			if (h < 0 || l < 0)
				return 0;
			c = h * 16 + l;
			i += 2;
		}
		if (!*name || (unsigned char)*name != c)
			return 0;
	}
	return *name == '\0';
}

int mc__pdf_int(const char *d, size_t s, size_t e, size_t *out)
{
	size_t v = 0, i;

	if (!digits(d, s, e) || e - s > 15)
		return -1;
	for (i = s; i < e; i++)
		v = v * 10 + (size_t)(d[i] - '0');
	*out = v;
	return 0;
}

int mc__pdf_ref(const char *d, size_t s, size_t e, size_t *num)
{
	size_t i = s;

	while (i < e && d[i] >= '0' && d[i] <= '9')
		i++;
	if (i == s || e - s < 5 || d[e - 1] != 'R' ||
	    !mc__pdf_white((unsigned char)d[e - 2]))
		return -1;
	return mc__pdf_int(d, s, i, num);
}

size_t mc__pdf_keyword(const char *d, size_t n, size_t i, const char *kw)
{
	size_t k = strlen(kw);

	i = mc__pdf_skip(d, n, i);
	if (i + k > n || memcmp(d + i, kw, k) != 0)
		return 0;
	if (i + k < n && regular((unsigned char)d[i + k]))
		return 0;
	return i + k;
}

/* Put byte `c` into buf (UTF-16 high bytes dropped by the caller). */
static void put(char *buf, size_t size, size_t *o, int c)
{
	if (*o + 1 < size)
		buf[(*o)++] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
}

void mc__pdf_text(const char *d, size_t s, size_t e, char *buf, size_t size)
{
	unsigned char raw[512];
	size_t r = 0, i, o = 0;
	int h, l;

	if (!size)
		return;
	if (s < e && d[s] == '(') {
		for (i = s + 1; i + 1 < e && r < sizeof(raw); i++) {
			int c = (unsigned char)d[i];

			if (c == '\\' && i + 2 < e) {
				c = (unsigned char)d[++i];
				c = c == 'n' ? '\n' : c == 'r' ? '\r' : c;
				if (c >= '0' && c <= '7') {
					int v = 0, k;

					for (k = 0; k < 3 && i + 1 < e &&
						    d[i] >= '0' && d[i] <= '7';
					     k++)
						v = v * 8 + (d[i++] - '0');
					i--;
					c = v & 0xff;
				}
			}
			raw[r++] = (unsigned char)c;
		}
	} else if (s < e && d[s] == '<') {
		for (i = s + 1; i < e && r < sizeof(raw);) {
			while (i < e && mc__pdf_white((unsigned char)d[i]))
				i++;
			if (i >= e ||
			    (h = mc__hex_digit((unsigned char)d[i])) < 0)
				break;
			i++;
			while (i < e && mc__pdf_white((unsigned char)d[i]))
				i++;
			l = i < e ? mc__hex_digit((unsigned char)d[i]) : 0;
			if (l < 0)
				l = 0;
			i++;
			raw[r++] = (unsigned char)(h * 16 + l);
		}
	}
	if (r >= 2 && raw[0] == 0xfe && raw[1] == 0xff) {
		for (i = 2; i + 1 < r; i += 2)
			put(buf, size, &o, raw[i] ? '?' : raw[i + 1]);
	} else {
		for (i = 0; i < r; i++)
			put(buf, size, &o, raw[i]);
	}
	buf[o] = '\0';
}

int mc__pdf_put_string(mc_buf *b, const char *s)
{
	int error = mc__buf_puts(b, "(");

	for (; !error && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '(' || c == ')' || c == '\\')
			error = mc__buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			error = mc__buf_printf(b, "\\%03o", c);
		else
			error = mc__buf_add(b, s, 1);
	}
	return error ? error : mc__buf_puts(b, ")");
}
