/*
 * Status list bitstrings: Bitstring Status List 1.0's encodedList is
 * multibase ("u" + base64url, no padding) of the GZIP bits; StatusList2021's
 * is base64 (padded) of the GZIP bits with no prefix, and many issuers
 * write it as unpadded base64url, which is read too.  Each decoder refuses
 * the other's encoding and anything inflating past its limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "microcred/errors.h"
#include "credentials/status_private.h"

#define NBYTES 16384 /* 131,072 bits */

/* A bitstring with bits 5 and 131071 set, encoded as Bitstring Status
 * List does ("u" + base64url). */
static char *multibase_list(unsigned char *bits)
{
	char *enc = NULL;

	memset(bits, 0, NBYTES);
	bits[0] = 0x04;		 /* bit 5 */
	bits[NBYTES - 1] = 0x01; /* bit 131071 */
	assert_int_equal(mc__bitstring_encode(&enc, bits, NBYTES), 0);
	assert_int_equal(enc[0], 'u');
	return enc;
}

/* The same GZIP data as padded standard base64. */
static char *to_base64(const char *multibase)
{
	size_t n = strlen(multibase + 1), i;
	char *out = calloc(1, n + 4);

	assert_non_null(out);
	for (i = 0; i < n; i++) {
		char c = multibase[1 + i];

		out[i] = c == '-' ? '+' : c == '_' ? '/' : c;
	}
	while (i % 4)
		out[i++] = '=';
	return out;
}

static void test_statuslist2021_base64(void **state)
{
	unsigned char bits[NBYTES], *out = NULL;
	char *mb = multibase_list(bits), *b64 = to_base64(mb), err[200];
	size_t n = 0;

	(void)state;
	assert_int_equal(mc__statuslist2021_decode(&out, &n, b64, 1u << 20, err,
						   sizeof(err)),
			 0);
	assert_int_equal(n, NBYTES);
	assert_memory_equal(out, bits, NBYTES);
	free(out);
	/* Unpadded base64url, as many issuers write it. */
	assert_int_equal(mc__statuslist2021_decode(&out, &n, mb + 1, 1u << 20,
						   err, sizeof(err)),
			 0);
	assert_memory_equal(out, bits, NBYTES);
	free(out);
	free(mb);
	free(b64);
}

static void test_encodings_are_not_mixed(void **state)
{
	unsigned char bits[NBYTES], *out = NULL;
	char *mb = multibase_list(bits), *b64 = to_base64(mb), err[200];
	size_t n = 0;

	(void)state;
	/* A multibase list is not StatusList2021's: "u" is read as base64
	 * data, which is then not GZIP. */
	assert_int_equal(
	    mc__statuslist2021_decode(&out, &n, mb, 1u << 20, err, sizeof(err)),
	    MC_EINVALID);
	assert_null(out);
	/* Base64 without the multibase prefix is not Bitstring Status
	 * List's. */
	assert_int_equal(
	    mc__bitstring_decode(&out, &n, b64, 1u << 20, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "multibase"));
	/* Both alphabets at once. */
	b64[3] = '-';
	b64[4] = '/';
	assert_int_equal(mc__statuslist2021_decode(&out, &n, b64, 1u << 20, err,
						   sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(
	    mc__statuslist2021_decode(&out, &n, "", 1u << 20, err, sizeof(err)),
	    MC_EINVALID);
	assert_int_equal(mc__statuslist2021_decode(&out, &n, NULL, 1u << 20,
						   err, sizeof(err)),
			 MC_EINVALID);
	free(mb);
	free(b64);
}

static void test_inflation_limit(void **state)
{
	unsigned char bits[NBYTES], *out = NULL;
	char *mb = multibase_list(bits), *b64 = to_base64(mb), err[200];
	size_t n = 0;

	(void)state;
	/* 16 KiB of bits against a 1 KiB limit: refused, not truncated. */
	assert_int_equal(
	    mc__statuslist2021_decode(&out, &n, b64, 1024, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "larger than the limit"));
	assert_null(out);
	assert_int_equal(
	    mc__bitstring_decode(&out, &n, mb, 1024, err, sizeof(err)),
	    MC_EINVALID);
	assert_null(out);
	free(mb);
	free(b64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statuslist2021_base64),
	    cmocka_unit_test(test_encodings_are_not_mixed),
	    cmocka_unit_test(test_inflation_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
