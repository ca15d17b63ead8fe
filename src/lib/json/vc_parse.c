/*
 * Parsing credentials as any JSON reader must: every JSON number is valid
 * input.  jansson keeps integers as 64-bit json_int_t and refuses an
 * integer literal beyond that range ("too big integer"); JavaScript reads
 * it as a double (JSON.stringify writes 1.2345678901234568e20 as
 * 123456789012345680000), and so must we, since JCS (RFC 8785) hashes
 * numbers as IEEE doubles.
 *
 * The common case costs one parse: only when jansson reports a numeric
 * overflow is the text scanned, each integer literal outside 64 bits
 * marked as a real (".0" appended), and parsed again.  Integers that fit
 * stay jansson integers, so json_integer_value() keeps working for them.
 */
#include "jcs.h"

#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "util/util.h"

/* Non-zero if the integer literal `s[0..n)` (an optional '-', then
 * digits without leading zeros, as JSON writes them) lies outside
 * json_int_t, which is long long here. */
static int beyond_64_bits(const char *s, size_t n)
{
	static const char max[] = "9223372036854775807";
	static const char min[] = "9223372036854775808"; /* magnitude */
	const char *limit = max;

	if (n && *s == '-') {
		s++;
		n--;
		limit = min;
	}
	if (n != sizeof(max) - 1)
		return n > sizeof(max) - 1;
	return memcmp(s, limit, n) > 0;
}

/* Non-zero if `c` may appear in a JSON number. */
static int number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
	       c == '+' || c == '-';
}

/*
 * Copy `data[0..len)` into `out` with ".0" after every integer literal
 * (outside strings) that lies outside 64 bits.  Text that is not JSON is
 * copied in some form; the parse that follows refuses it.  Returns 0,
 * MC_ETOOBIG or MC_ENOMEM.
 */
static int mark_big_integers(mc_buf *out, const char *data, size_t len)
{
	size_t i = 0, run = 0;
	int error;

	while (i < len) {
		char c = data[i];
		size_t start = i;

		if (c == '"') {
			for (i++; i < len && data[i] != '"'; i++)
				if (data[i] == '\\')
					i++;
			i++;
			continue;
		}
		if (c != '-' && (c < '0' || c > '9')) {
			i++;
			continue;
		}
		for (i++; i < len && data[i] >= '0' && data[i] <= '9'; i++)
			;
		if (i < len &&
		    (data[i] == '.' || data[i] == 'e' || data[i] == 'E')) {
			/* A real: jansson reads it as a double already. */
			while (i < len && number_char(data[i]))
				i++;
			continue;
		}
		if (!beyond_64_bits(data + start, i - start))
			continue;
		if ((error = mc__buf_add(out, data + run, i - run)) < 0 ||
		    (error = mc__buf_add(out, ".0", 2)) < 0)
			return error;
		run = i;
	}
	return mc__buf_add(out, data + run, len - run);
}

json_t *mc_credential_json_parse(const char *data, size_t len,
				 json_error_t *err)
{
	return mc__vc_parse(data, len, err);
}

json_t *mc__vc_parse(const char *data, size_t len, json_error_t *err)
{
	const size_t flags = JSON_REJECT_DUPLICATES;
	mc_buf text = MC_BUF_INIT(2 * (size_t)MC_JCS_MAX + 16);
	json_t *v;

	v = json_loadb(data, len, flags, err);
	if (v || json_error_code(err) != json_error_numeric_overflow)
		return v;
	/* An integer or a real out of range: integers are read as doubles
	 * (reals still out of range stay refused). */
	if (len > MC_JCS_MAX || mark_big_integers(&text, data, len) < 0) {
		mc__buf_free(&text);
		return NULL; /* err still says why the first parse failed */
	}
	v = json_loadb(text.ptr, text.len, flags, err);
	mc__buf_free(&text);
	return v;
}
