/*
 * Base58btc, base64url, base64, hex and multibase.  Every decoder accepts
 * exactly one spelling of each byte string, so that an encoded signature or
 * key cannot be altered without changing what it decodes to.
 */
#include "encoding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "util.h"

static const char b58_alphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
static const char b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char hex_digits[] = "0123456789abcdef";

/* Work space of the base58 decoder: enough for MC__BASE58_MAX digits. */
#define B58_WORK ((MC__BASE58_MAX * 733) / 1000 + 1)

/* memset that the compiler may not drop: decoders handle key material. */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

int mc__base58_encode(char **out, const unsigned char *in, size_t len)
{
	unsigned char *digits = NULL;
	char *s = NULL;
	size_t zeros = 0, size, high, i, j, k;
	int error = 0;

	*out = NULL;
	if (len > MC__BASE58_MAX_BYTES)
		return MC_ETOOBIG;
	while (zeros < len && in[zeros] == 0)
		zeros++;
	/* log(256) / log(58) < 1.38 */
	size = (len - zeros) * 138 / 100 + 1;
	if (!(digits = calloc(size, 1))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	high = size;
	for (i = zeros; i < len; i++) {
		unsigned carry = in[i];

		for (j = size; j > 0 && (carry || j > high); j--) {
			carry += 256u * digits[j - 1];
			digits[j - 1] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		high = j;
	}
	for (j = 0; j < size && digits[j] == 0; j++)
		;
	if (!(s = malloc(zeros + (size - j) + 1))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	memset(s, '1', zeros);
	for (k = zeros; j < size; j++, k++)
		s[k] = b58_alphabet[digits[j]];
	s[k] = '\0';
	*out = s;

cleanup:
	if (digits)
		wipe(digits, size);
	free(digits);
	return error;
}

/*
 * Decode base58 text into `out` (capacity `cap`).  The digits are converted
 * in a fixed work area on the stack, which is wiped before returning.
 */
static int b58_decode_into(unsigned char *out, size_t cap, size_t *outlen,
			   const char *in, size_t len, char *err, size_t errlen)
{
	unsigned char work[B58_WORK];
	size_t ones = 0, size, high, i, j, n;
	int error = 0;

	if (len > MC__BASE58_MAX) {
		mc__set_err(err, errlen, "base58: longer than %zu characters",
			    (size_t)MC__BASE58_MAX);
		return MC_ETOOBIG;
	}
	while (ones < len && in[ones] == '1')
		ones++;
	/* log(58) / log(256) < 0.733 */
	size = (len - ones) * 733 / 1000 + 1;
	memset(work, 0, size);
	high = size;
	for (i = ones; i < len; i++) {
		const char *p = in[i] ? strchr(b58_alphabet, in[i]) : NULL;
		unsigned carry;

		if (!p) {
			mc__set_err(
			    err, errlen,
			    "base58: character %zu (0x%02x) is not in the "
			    "alphabet",
			    i + 1, (unsigned char)in[i]);
			error = MC_EINVALID;
			goto cleanup;
		}
		carry = (unsigned)(p - b58_alphabet);
		for (j = size; j > 0 && (carry || j > high); j--) {
			carry += 58u * work[j - 1];
			work[j - 1] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		high = j;
	}
	for (j = 0; j < size && work[j] == 0; j++)
		;
	n = ones + (size - j);
	if (n > cap) {
		mc__set_err(
		    err, errlen,
		    "base58: decodes to %zu bytes, at most %zu expected", n,
		    cap);
		error = MC_EINVALID;
		goto cleanup;
	}
	memset(out, 0, ones);
	if (size > j)
		memcpy(out + ones, work + j, size - j);
	*outlen = n;

cleanup:
	wipe(work, sizeof(work));
	return error;
}

int mc__base58_decode(unsigned char **out, size_t *outlen, const char *in,
		      size_t len, char *err, size_t errlen)
{
	unsigned char *buf = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	if (len > MC__BASE58_MAX) {
		mc__set_err(err, errlen, "base58: longer than %zu characters",
			    (size_t)MC__BASE58_MAX);
		return MC_ETOOBIG;
	}
	if (!(buf = malloc(len + 1)))
		return MC_ENOMEM;
	if ((error = b58_decode_into(buf, len, &n, in, len, err, errlen)) < 0)
		goto cleanup;
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	buf = NULL;

cleanup:
	free(buf);
	return error;
}

int mc__base58_decode_fixed(unsigned char *out, size_t want, const char *in,
			    size_t len, char *err, size_t errlen)
{
	size_t n = 0;
	int error;

	if ((error = b58_decode_into(out, want, &n, in, len, err, errlen)) < 0)
		goto cleanup;
	if (n != want) {
		mc__set_err(err, errlen,
			    "base58: decodes to %zu bytes, want %zu", n, want);
		error = MC_EINVALID;
	}

cleanup:
	if (error)
		wipe(out, want);
	return error;
}

/* Encode in base64 with `alphabet`, padding with '=' when `pad`. */
static int b64_encode(char **out, const unsigned char *in, size_t len,
		      const char *alphabet, int pad)
{
	size_t n = len / 3 * 4 + 4, i, k = 0;
	char *s;

	*out = NULL;
	if (len > MC__ENC_MAX)
		return MC_ETOOBIG;
	if (!(s = malloc(n + 1)))
		return MC_ENOMEM;
	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16 |
				  (unsigned long)in[i + 1] << 8 | in[i + 2];

		s[k++] = alphabet[(v >> 18) & 63];
		s[k++] = alphabet[(v >> 12) & 63];
		s[k++] = alphabet[(v >> 6) & 63];
		s[k++] = alphabet[v & 63];
	}
	if (len - i == 1) {
		s[k++] = alphabet[in[i] >> 2];
		s[k++] = alphabet[(in[i] & 3) << 4];
		if (pad) {
			s[k++] = '=';
			s[k++] = '=';
		}
	} else if (len - i == 2) {
		unsigned long v = (unsigned long)in[i] << 8 | in[i + 1];

		s[k++] = alphabet[(v >> 10) & 63];
		s[k++] = alphabet[(v >> 4) & 63];
		s[k++] = alphabet[(v << 2) & 63];
		if (pad)
			s[k++] = '=';
	}
	s[k] = '\0';
	*out = s;
	return 0;
}

int mc__b64url_encode(char **out, const unsigned char *in, size_t len)
{
	return b64_encode(out, in, len, b64url_alphabet, 0);
}

static int b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

static int b64_value(unsigned char c)
{
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	if (c == '-' || c == '_')
		return -1;
	return b64url_value(c);
}

/*
 * Decode unpadded base64url into `out`, which holds at least
 * len * 3 / 4 bytes.  Fails on any non-canonical spelling.
 */
static int b64url_decode_into(unsigned char *out, size_t *outlen,
			      const char *in, size_t len, char *err,
			      size_t errlen)
{
	unsigned long acc = 0;
	size_t i, k = 0;
	int bits = 0;

	if (len > MC__ENC_MAX) {
		mc__set_err(err, errlen,
			    "base64url: longer than %zu characters",
			    (size_t)MC__ENC_MAX);
		return MC_ETOOBIG;
	}
	for (i = 0; i < len; i++) {
		int v = b64url_value((unsigned char)in[i]);

		if (v < 0) {
			mc__set_err(
			    err, errlen,
			    in[i] == '='
				? "base64url: padding at character %zu "
				  "(0x%02x) is not allowed"
				: "base64url: character %zu (0x%02x) is "
				  "not in the alphabet",
			    i + 1, (unsigned char)in[i]);
			return MC_EINVALID;
		}
		acc = (acc << 6 | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[k++] = (unsigned char)(acc >> bits);
		}
	}
	if (len % 4 == 1) {
		mc__set_err(err, errlen,
			    "base64url: length %zu is not a possible length",
			    len);
		return MC_EINVALID;
	}
	if (bits && (acc & ((1ul << bits) - 1))) {
		mc__set_err(
		    err, errlen,
		    "base64url: unused bits of the last character (%zu) "
		    "are not zero",
		    len);
		return MC_EINVALID;
	}
	*outlen = k;
	return 0;
}

int mc__b64url_decode(unsigned char **out, size_t *outlen, const char *in,
		      size_t len, char *err, size_t errlen)
{
	unsigned char *buf;
	size_t n = 0;
	int error;

	*out = NULL;
	if (len > MC__ENC_MAX) {
		mc__set_err(err, errlen,
			    "base64url: longer than %zu characters",
			    (size_t)MC__ENC_MAX);
		return MC_ETOOBIG;
	}
	if (!(buf = malloc(len / 4 * 3 + 3 + 1)))
		return MC_ENOMEM;
	if ((error = b64url_decode_into(buf, &n, in, len, err, errlen)) < 0) {
		free(buf);
		return error;
	}
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return 0;
}

int mc__b64url_decode_fixed(unsigned char *out, size_t want, const char *in,
			    size_t len, char *err, size_t errlen)
{
	size_t n = 0;
	int error = 0;

	/* The text of `want` bytes is exactly this long. */
	if (len != want / 3 * 4 + (want % 3 ? want % 3 + 1 : 0)) {
		mc__set_err(err, errlen,
			    "base64url: %zu characters cannot hold %zu "
			    "bytes",
			    len, want);
		error = MC_EINVALID;
		goto cleanup;
	}
	error = b64url_decode_into(out, &n, in, len, err, errlen);

cleanup:
	if (error)
		wipe(out, want);
	return error;
}

int mc__b64_decode(unsigned char **out, size_t *outlen, const char *in,
		   size_t len, char *err, size_t errlen)
{
	unsigned char *buf = NULL;
	unsigned long acc = 0;
	size_t i, k = 0, quantum = 0, pad = 0;
	int error = 0;

	*out = NULL;
	if (len > MC__ENC_MAX) {
		mc__set_err(err, errlen, "base64: longer than %zu characters",
			    (size_t)MC__ENC_MAX);
		return MC_ETOOBIG;
	}
	if (!(buf = malloc(len / 4 * 3 + 3 + 1)))
		return MC_ENOMEM;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		int v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			/* "xx==" or "xxx=": only in the last quantum. */
			if (quantum < 2 || quantum + pad >= 4) {
				mc__set_err(err, errlen,
					    "base64: misplaced padding at "
					    "character %zu (0x%02x)",
					    i + 1, c);
				error = MC_EINVALID;
				goto cleanup;
			}
			pad++;
			continue;
		}
		if (pad || (v = b64_value(c)) < 0) {
			mc__set_err(
			    err, errlen,
			    pad ? "base64: character %zu (0x%02x) after "
				  "padding"
				: "base64: character %zu (0x%02x) is not "
				  "in the alphabet",
			    i + 1, c);
			error = MC_EINVALID;
			goto cleanup;
		}
		acc = acc << 6 | (unsigned long)v;
		if (++quantum == 4) {
			buf[k++] = (unsigned char)(acc >> 16);
			buf[k++] = (unsigned char)(acc >> 8);
			buf[k++] = (unsigned char)acc;
			quantum = 0;
			acc = 0;
		}
	}
	if (quantum + pad != 0 && quantum + pad != 4) {
		mc__set_err(err, errlen,
			    "base64: the text ends inside a quantum");
		error = MC_EINVALID;
		goto cleanup;
	}
	if (quantum == 2) {
		if (acc & 0xf)
			goto bad_bits;
		buf[k++] = (unsigned char)(acc >> 4);
	} else if (quantum == 3) {
		if (acc & 0x3)
			goto bad_bits;
		buf[k++] = (unsigned char)(acc >> 10);
		buf[k++] = (unsigned char)(acc >> 2);
	}
	buf[k] = '\0';
	*out = buf;
	*outlen = k;
	buf = NULL;
	goto cleanup;

bad_bits:
	mc__set_err(err, errlen,
		    "base64: unused bits before the padding are not zero");
	error = MC_EINVALID;
cleanup:
	if (buf) {
		wipe(buf, len / 4 * 3 + 3 + 1);
		free(buf);
	}
	return error;
}

int mc__hex_encode(char **out, const unsigned char *in, size_t len)
{
	size_t i;
	char *s;

	*out = NULL;
	if (len > MC__ENC_MAX / 2)
		return MC_ETOOBIG;
	if (!(s = malloc(len * 2 + 1)))
		return MC_ENOMEM;
	for (i = 0; i < len; i++) {
		s[2 * i] = hex_digits[in[i] >> 4];
		s[2 * i + 1] = hex_digits[in[i] & 15];
	}
	s[2 * len] = '\0';
	*out = s;
	return 0;
}

int mc__hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode `len` hex digits into `out` (len / 2 bytes). */
static int hex_decode_into(unsigned char *out, const char *in, size_t len,
			   char *err, size_t errlen)
{
	size_t i;

	if (len > MC__ENC_MAX) {
		mc__set_err(err, errlen, "hex: longer than %zu characters",
			    (size_t)MC__ENC_MAX);
		return MC_ETOOBIG;
	}
	if (len % 2) {
		mc__set_err(err, errlen, "hex: odd number of digits (%zu)",
			    len);
		return MC_EINVALID;
	}
	for (i = 0; i < len; i += 2) {
		int hi = mc__hex_digit((unsigned char)in[i]);
		int lo = mc__hex_digit((unsigned char)in[i + 1]);

		if (hi < 0 || lo < 0) {
			size_t at = hi < 0 ? i : i + 1;

			mc__set_err(err, errlen,
				    "hex: character %zu (0x%02x) is not a hex "
				    "digit",
				    at + 1, (unsigned char)in[at]);
			return MC_EINVALID;
		}
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int mc__hex_decode(unsigned char **out, size_t *outlen, const char *in,
		   size_t len, char *err, size_t errlen)
{
	unsigned char *buf;
	int error;

	*out = NULL;
	if (len > MC__ENC_MAX) {
		mc__set_err(err, errlen, "hex: longer than %zu characters",
			    (size_t)MC__ENC_MAX);
		return MC_ETOOBIG;
	}
	if (!(buf = malloc(len / 2 + 1)))
		return MC_ENOMEM;
	if ((error = hex_decode_into(buf, in, len, err, errlen)) < 0) {
		free(buf);
		return error;
	}
	buf[len / 2] = '\0';
	*out = buf;
	*outlen = len / 2;
	return 0;
}

int mc__hex_decode_fixed(unsigned char *out, size_t want, const char *in,
			 size_t len, char *err, size_t errlen)
{
	int error;

	if (len != want * 2) {
		mc__set_err(err, errlen,
			    "hex: %zu digits, want %zu (%zu bytes)", len,
			    want * 2, want);
		error = MC_EINVALID;
		goto cleanup;
	}
	error = hex_decode_into(out, in, len, err, errlen);

cleanup:
	if (error)
		wipe(out, want);
	return error;
}

int mc__multibase_encode(char **out, char base, const unsigned char *in,
			 size_t len)
{
	char *body = NULL, *s;
	size_t n;
	int error;

	*out = NULL;
	if (base == 'z')
		error = mc__base58_encode(&body, in, len);
	else if (base == 'u')
		error = mc__b64url_encode(&body, in, len);
	else
		return MC_EUSAGE;
	if (error < 0)
		return error;
	n = strlen(body);
	if (!(s = malloc(n + 2))) {
		free(body);
		return MC_ENOMEM;
	}
	s[0] = base;
	memcpy(s + 1, body, n + 1);
	free(body);
	*out = s;
	return 0;
}

int mc__multibase_decode(unsigned char **out, size_t *outlen, char *base,
			 const char *in, size_t len, char *err, size_t errlen)
{
	*out = NULL;
	if (len == 0) {
		mc__set_err(err, errlen, "multibase: empty text");
		return MC_EINVALID;
	}
	if (base)
		*base = in[0];
	if (in[0] == 'z')
		return mc__base58_decode(out, outlen, in + 1, len - 1, err,
					 errlen);
	if (in[0] == 'u')
		return mc__b64url_decode(out, outlen, in + 1, len - 1, err,
					 errlen);
	mc__set_err(err, errlen,
		    "multibase: prefix 0x%02x is not 'z' (base58btc) or 'u' "
		    "(base64url)",
		    (unsigned char)in[0]);
	return MC_EINVALID;
}
