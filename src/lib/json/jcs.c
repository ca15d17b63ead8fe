/*
 * RFC 8785 JSON Canonicalization Scheme.  One recursive walk over a
 * jansson value into a bounded buffer; objects are sorted on the way.
 *
 * Numbers follow ECMAScript's Number::toString: the fewest significant
 * digits that read back as the same double (found with printf's correctly
 * rounded "%.*e" and checked with strtod), then JavaScript's choice
 * between plain and exponential notation.  Nothing here depends on the
 * C locale: the radix character printf writes is skipped, and the strings
 * given to strtod have none.
 */
#include "jcs.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "util/util.h"

/* Most significant digits a double ever needs. */
#define DIGITS_MAX 17
/* Room for the digits of any unsigned long long. */
#define DIGITS_SIZE 24

typedef struct {
	mc_buf buf;
	const char *why; /* reason for MC_EINVALID */
} jcs_state;

typedef struct {
	const char *key;
	size_t len;
	const json_t *value;
} member;

/* A UTF-16 view of valid UTF-8: code units one at a time. */
typedef struct {
	const unsigned char *p;
	const unsigned char *end;
	unsigned long low; /* pending low surrogate, or 0 */
} u16_iter;

/*
 * Non-zero if `s[0..len)` is valid UTF-8 in which U+0000 may appear:
 * jansson can hold it and JCS writes it as \u0000.
 */
static int utf8_ok(const char *s, size_t len)
{
	const char *nul;

	while ((nul = memchr(s, '\0', len)) != NULL) {
		if (!mc__utf8_valid(s, (size_t)(nul - s)))
			return 0;
		len -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	return mc__utf8_valid(s, len);
}

/* Next UTF-16 code unit of valid UTF-8, or -1 at the end. */
static long u16_next(u16_iter *it)
{
	const unsigned char *p = it->p;
	unsigned long c;

	if (it->low) {
		c = it->low;
		it->low = 0;
		return (long)c;
	}
	if (p == it->end)
		return -1;
	c = *p++;
	if (c >= 0xF0) {
		c = (c & 0x07) << 18 | (unsigned long)(p[0] & 0x3F) << 12 |
		    (unsigned long)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		p += 3;
	} else if (c >= 0xE0) {
		c = (c & 0x0F) << 12 | (unsigned long)(p[0] & 0x3F) << 6 |
		    (p[1] & 0x3F);
		p += 2;
	} else if (c >= 0xC0) {
		c = (c & 0x1F) << 6 | (p[0] & 0x3F);
		p += 1;
	}
	it->p = p;
	if (c >= 0x10000) {
		c -= 0x10000;
		it->low = 0xDC00 | (c & 0x3FF);
		return (long)(0xD800 | (c >> 10));
	}
	return (long)c;
}

/*
 * qsort comparator: member names (validated UTF-8) in the order of their
 * UTF-16 code units, as RFC 8785 section 3.2.3 requires.  A name that is
 * a prefix of another sorts first.
 */
static int member_cmp(const void *a, const void *b)
{
	const member *ma = a, *mb = b;
	u16_iter ia = {(const unsigned char *)ma->key,
		       (const unsigned char *)ma->key + ma->len, 0};
	u16_iter ib = {(const unsigned char *)mb->key,
		       (const unsigned char *)mb->key + mb->len, 0};

	for (;;) {
		long ca = u16_next(&ia), cb = u16_next(&ib);

		if (ca != cb)
			return ca < cb ? -1 : 1;
		if (ca < 0)
			return 0;
	}
}

/*
 * Write `s[0..len)` (valid UTF-8) as a JSON string: '"' and '\' escaped,
 * U+0000..U+001F as \b \t \n \f \r or \u00xx (lowercase hex), all else
 * raw.  Returns 0, MC_ETOOBIG or MC_ENOMEM.
 */
static int put_string(mc_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	int error;

	if ((error = mc__buf_add(b, "\"", 1)) < 0)
		return error;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = {'\\', 0, '0', '0', 0, 0};
		size_t n = 2;

		switch (c) {
		case '"':
		case '\\':
			esc[1] = (char)c;
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		default:
			if (c >= 0x20)
				continue;
			esc[1] = 'u';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xF];
			n = 6;
		}
		if ((error = mc__buf_add(b, s + run, i - run)) < 0 ||
		    (error = mc__buf_add(b, esc, n)) < 0)
			return error;
		run = i + 1;
	}
	if ((error = mc__buf_add(b, s + run, len - run)) < 0)
		return error;
	return mc__buf_add(b, "\"", 1);
}

/* Non-zero if `mant` x 10^`exp10` reads back as exactly `d`. */
static int reads_back(double d, unsigned long long mant, int exp10)
{
	char text[48];

	/* No radix character, so strtod's locale does not matter. */
	snprintf(text, sizeof(text), "%llue%d", mant, exp10);
	return strtod(text, NULL) == d;
}

/*
 * The shortest decimal form of the finite, positive `d` as ECMAScript
 * defines it: `digits` gets k significant digits (1 <= k <= 17, no
 * trailing zero, NUL-terminated) and `*point` the n for which d reads
 * back from 0.digits x 10^n.  Among k-digit candidates the one closest
 * to `d` wins: printf's correctly rounded one, or when that does not read
 * back, the next one up.  That happens at powers of two (2^122 prints as
 * 5.316911983139664e+36, not the nearer 5.316911983139663e+36): their
 * rounding interval reaches half as far below as above, so the nearest
 * candidate can lie just below it while the next one up lies inside.
 */
static void shortest(char digits[DIGITS_SIZE], int *point, double d)
{
	unsigned long long mant = 0, pow10 = 1;
	int p, e10 = 0;

	for (p = 1; p <= DIGITS_MAX; p++) {
		char text[48];
		const char *c;
		int q;

		snprintf(text, sizeof(text), "%.*e", p - 1, d);
		mant = 0;
		for (c = text; *c && *c != 'e'; c++)
			if (*c >= '0' && *c <= '9')
				mant = mant * 10 + (unsigned)(*c - '0');
		e10 = *c ? atoi(c + 1) : 0;
		/* The value is mant x 10^q. */
		q = e10 - (p - 1);
		if (p > 1)
			pow10 *= 10;
		if (reads_back(d, mant, q) || p == DIGITS_MAX)
			break;
		if (reads_back(d, mant + 1, q)) {
			mant++;
			break;
		}
	}
	/* mant has p digits, or is 10^p after a carry. */
	if (mant >= pow10 * 10)
		e10++;
	while (mant && mant % 10 == 0)
		mant /= 10;
	snprintf(digits, DIGITS_SIZE, "%llu", mant);
	*point = e10 + 1;
}

/*
 * Write the finite `d` as ECMAScript's Number::toString does (ECMA-262
 * section 6.1.6.1.20): -0 as "0", integers below 1e21 in full, small
 * magnitudes down to 1e-6 as "0.000...", the rest as "d.ddde+n".
 * Returns 0, MC_ETOOBIG or MC_ENOMEM.
 */
static int put_number(mc_buf *b, double d)
{
	char digits[DIGITS_SIZE], out[40];
	size_t o = 0;
	int k, n, i;

	if (d == 0)
		return mc__buf_add(b, "0", 1);
	if (d < 0) {
		out[o++] = '-';
		d = -d;
	}
	shortest(digits, &n, d);
	k = (int)strlen(digits);
	if (k <= n && n <= 21) {
		memcpy(out + o, digits, (size_t)k);
		o += (size_t)k;
		for (i = k; i < n; i++)
			out[o++] = '0';
	} else if (0 < n && n <= 21) {
		memcpy(out + o, digits, (size_t)n);
		o += (size_t)n;
		out[o++] = '.';
		memcpy(out + o, digits + n, (size_t)(k - n));
		o += (size_t)(k - n);
	} else if (-6 < n && n <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = n; i < 0; i++)
			out[o++] = '0';
		memcpy(out + o, digits, (size_t)k);
		o += (size_t)k;
	} else {
		out[o++] = digits[0];
		if (k > 1) {
			out[o++] = '.';
			memcpy(out + o, digits + 1, (size_t)(k - 1));
			o += (size_t)(k - 1);
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, "e%c%d",
				      n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	return mc__buf_add(b, out, o);
}

static int put_value(jcs_state *st, const json_t *v, int depth);

/*
 * Write an object with its members sorted by UTF-16 code units.  Returns
 * 0, MC_EINVALID (a name that is not UTF-8, or a bad member value),
 * MC_ETOOBIG or MC_ENOMEM.
 */
static int put_object(jcs_state *st, const json_t *obj, int depth)
{
	size_t count = json_object_size(obj), i = 0;
	member *m = NULL;
	const char *key;
	size_t key_len;
	json_t *value;
	int error = 0;

	if (count == 0)
		return mc__buf_add(&st->buf, "{}", 2);
	if (!(m = calloc(count, sizeof(*m))))
		return MC_ENOMEM;
	/* jansson's iteration helpers take a non-const object. */
	json_object_keylen_foreach((json_t *)obj, key, key_len, value)
	{
		if (i == count)
			break;
		if (!utf8_ok(key, key_len)) {
			st->why = "member name is not valid UTF-8";
			error = MC_EINVALID;
			goto cleanup;
		}
		m[i].key = key;
		m[i].len = key_len;
		m[i].value = value;
		i++;
	}
	count = i;
	qsort(m, count, sizeof(*m), member_cmp);
	for (i = 0; i < count; i++) {
		if ((error = mc__buf_add(&st->buf, i ? "," : "{", 1)) < 0 ||
		    (error = put_string(&st->buf, m[i].key, m[i].len)) < 0 ||
		    (error = mc__buf_add(&st->buf, ":", 1)) < 0 ||
		    (error = put_value(st, m[i].value, depth + 1)) < 0)
			goto cleanup;
	}
	error = mc__buf_add(&st->buf, "}", 1);

cleanup:
	free(m);
	return error;
}

/*
 * Write `v`, nested `depth` arrays or objects deep, in canonical form.
 * Returns 0, MC_EINVALID (with st->why), MC_ETOOBIG or MC_ENOMEM.
 */
static int put_value(jcs_state *st, const json_t *v, int depth)
{
	size_t i;
	int error;

	if (!v) {
		st->why = "missing value";
		return MC_EINVALID;
	}
	switch (json_typeof(v)) {
	case JSON_NULL:
		return mc__buf_add(&st->buf, "null", 4);
	case JSON_TRUE:
		return mc__buf_add(&st->buf, "true", 4);
	case JSON_FALSE:
		return mc__buf_add(&st->buf, "false", 5);
	case JSON_INTEGER:
		return put_number(&st->buf, (double)json_integer_value(v));
	case JSON_REAL:
		if (!isfinite(json_real_value(v))) {
			st->why = "number is NaN or infinite";
			return MC_EINVALID;
		}
		return put_number(&st->buf, json_real_value(v));
	case JSON_STRING:
		if (!utf8_ok(json_string_value(v), json_string_length(v))) {
			st->why = "string is not valid UTF-8";
			return MC_EINVALID;
		}
		return put_string(&st->buf, json_string_value(v),
				  json_string_length(v));
	case JSON_ARRAY:
	case JSON_OBJECT:
		break;
	default:
		st->why = "unknown value type";
		return MC_EINVALID;
	}
	if (depth >= MC_JCS_DEPTH_MAX) {
		st->why = "nested too deeply";
		return MC_EINVALID;
	}
	if (json_is_object(v))
		return put_object(st, v, depth);
	if ((error = mc__buf_add(&st->buf, "[", 1)) < 0)
		return error;
	for (i = 0; i < json_array_size(v); i++) {
		if ((i && (error = mc__buf_add(&st->buf, ",", 1)) < 0) ||
		    (error = put_value(st, json_array_get(v, i), depth + 1)) <
			0)
			return error;
	}
	return mc__buf_add(&st->buf, "]", 1);
}

/*
 * mc__jcs() with the reason for MC_EINVALID in `*why` (a static string).
 */
static int canonicalise(char **out, size_t *len, const json_t *value,
			const char **why)
{
	jcs_state st = {MC_BUF_INIT(MC_JCS_MAX), NULL};
	int error;

	*out = NULL;
	*len = 0;
	if ((error = put_value(&st, value, 0)) < 0) {
		*why = st.why;
		goto cleanup;
	}
	*len = st.buf.len;
	if (!(*out = mc__buf_detach(&st.buf))) {
		*len = 0;
		error = MC_ENOMEM;
	}

cleanup:
	mc__buf_free(&st.buf);
	return error;
}

int mc__jcs(char **out, size_t *len, const json_t *value)
{
	const char *why = NULL;

	return canonicalise(out, len, value, &why);
}

int mc__jcs_text(char **out, size_t *len, const char *json, size_t n, char *err,
		 size_t errlen)
{
	const size_t flags =
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL;
	const char *why = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	int error;

	*out = NULL;
	*len = 0;
	if (errlen)
		err[0] = '\0';
	if (n > MC_JCS_MAX) {
		if (errlen)
			snprintf(err, errlen,
				 "JSON text longer than the limit of %d bytes",
				 MC_JCS_MAX);
		return MC_ETOOBIG;
	}
	if (!(root = json_loadb(json, n, flags, &jerr))) {
		error = json_error_code(&jerr) == json_error_out_of_memory
			    ? MC_ENOMEM
			    : MC_EINVALID;
		if (errlen)
			snprintf(err, errlen, "line %d column %d: %s",
				 jerr.line, jerr.column, jerr.text);
		goto cleanup;
	}
	error = canonicalise(out, len, root, &why);
	if (error && errlen) {
		if (error == MC_EINVALID)
			snprintf(err, errlen, "%s", why ? why : "invalid");
		else if (error == MC_ETOOBIG)
			snprintf(err, errlen,
				 "canonical form longer than the limit of %d "
				 "bytes",
				 MC_JCS_MAX);
		else
			snprintf(err, errlen, "%s", mc_error_str(error));
	}

cleanup:
	json_decref(root);
	return error;
}
