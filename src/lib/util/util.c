/*
 * Strings, UTF-8, time, file reading and the bounded buffer.
 */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "microcred/errors.h"

char *mc__strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *mc__strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *mc__vasprintf(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	p = malloc((size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *mc__asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = mc__vasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int mc__streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

int mc__utf8_valid(const char *str, size_t len)
{
	return mc__utf8_valid_prefix(str, len) == len;
}

size_t mc__utf8_valid_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c;
		unsigned cp;
		size_t n, k;

		/* Runs of ASCII, the bulk of JSON (and all of a base64 image),
		 * sixteen then eight bytes at a time: no byte has its high
		 * bit set and none is zero. */
#if defined(__SSE2__) && defined(__GNUC__)
		while (len - i >= 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(s + i));

			if (_mm_movemask_epi8(x) ||
			    _mm_movemask_epi8(
				_mm_cmpeq_epi8(x, _mm_setzero_si128())))
				break;
			i += 16;
		}
#endif
		while (len - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) ||
			    ((w - 0x0101010101010101ULL) & ~w &
			     0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = s[i];
		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return len;
}

void mc__set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

void mc__utc_now(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int mc__read_file(char **out, size_t *len, const char *path, size_t max,
		  char *errbuf, size_t errlen)
{
	FILE *f = NULL;
	mc_buf b = MC_BUF_INIT(max);
	char chunk[65536];
	size_t n;
	int error = 0;

	*out = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0) {
		f = stdin;
	} else if (!(f = fopen(path, "rb"))) {
		snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		return MC_EIO;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((error = mc__buf_add(&b, chunk, n)) < 0) {
			if (error == MC_ETOOBIG)
				snprintf(errbuf, errlen,
					 "%s: larger than the limit of %zu "
					 "bytes",
					 path, max);
			goto cleanup;
		}
	}
	if (ferror(f)) {
		snprintf(errbuf, errlen, "%s: read error", path);
		error = MC_EIO;
		goto cleanup;
	}
	*len = b.len;
	if (!(*out = mc__buf_detach(&b)))
		error = MC_ENOMEM;

cleanup:
	if (f && f != stdin)
		fclose(f);
	mc__buf_free(&b);
	return error;
}

int mc__buf_add(mc_buf *b, const void *data, size_t len)
{
	size_t need;

	if (len > b->max || b->len > b->max - len)
		return MC_ETOOBIG;
	need = b->len + len + 1;
	if (need > b->alloc) {
		size_t alloc = b->alloc ? b->alloc : 256;
		char *p;

		while (alloc < need)
			alloc *= 2;
		if (alloc > b->max + 1)
			alloc = b->max + 1;
		if (!(p = realloc(b->ptr, alloc)))
			return MC_ENOMEM;
		b->ptr = p;
		b->alloc = alloc;
	}
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int mc__buf_puts(mc_buf *b, const char *s)
{
	return mc__buf_add(b, s, strlen(s));
}

int mc__buf_printf(mc_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int error;

	va_start(ap, fmt);
	s = mc__vasprintf(fmt, ap);
	va_end(ap);
	if (!s)
		return MC_ENOMEM;
	error = mc__buf_puts(b, s);
	free(s);
	return error;
}

char *mc__buf_detach(mc_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->alloc = 0;
	return p;
}

void mc__buf_free(mc_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->alloc = 0;
}
