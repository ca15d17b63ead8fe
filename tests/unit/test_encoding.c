/*
 * Unit tests for encoding.c: known answers for base58btc (Bitcoin's
 * vectors), base64url and base64 (RFC 4648), hex and multibase, the strict
 * rejections, and random round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/encoding.h"
#include "microcred/errors.h"

/* Decode hex written in a test (never fails there). */
static size_t unhex(unsigned char *out, const char *hex)
{
	size_t i, n = strlen(hex) / 2;

	for (i = 0; i < n; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
	return n;
}

static void test_base58_vectors(void **state)
{
	/* Bitcoin Core's base58_encode_decode.json, plus the brief's. */
	static const char *const vectors[][2] = {
	    {"", ""},
	    {"00", "1"},
	    {"68656c6c6f20776f726c64", "StV1DL6CwTryKyV"},
	    {"61", "2g"},
	    {"626262", "a3gV"},
	    {"636363", "aPEr"},
	    {"73696d706c792061206c6f6e6720737472696e67",
	     "2cFupjhnEsSn59qHXstmK2ffpLv2"},
	    {"00eb15231dfceb60925886b67d065299925915aeb172c06647",
	     "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
	    {"516b6fcd0f", "ABnLTmg"},
	    {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
	    {"572e4794", "3EFU7m"},
	    {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
	    {"10c8511e", "Rt5zm"},
	    {"00000000000000000000", "1111111111"},
	    {"0000287fb4cd", "11233QC4"},
	};
	unsigned char bytes[64], *dec = NULL;
	size_t i, n, declen = 0;
	char *enc = NULL, err[128];

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		n = unhex(bytes, vectors[i][0]);
		assert_int_equal(mc__base58_encode(&enc, bytes, n), 0);
		assert_string_equal(enc, vectors[i][1]);
		free(enc);
		assert_int_equal(mc__base58_decode(&dec, &declen, vectors[i][1],
						   strlen(vectors[i][1]), err,
						   sizeof(err)),
				 0);
		assert_int_equal(declen, n);
		assert_memory_equal(dec, bytes, n);
		assert_int_equal(dec[n], 0); /* NUL after the bytes */
		free(dec);
	}
}

static void test_base58_rejects(void **state)
{
	static const char *const bad[] = {"0",	  "O",	 "I",	     "l",
					  "abc+", "a b", "z\xc3\xa9"};
	char err[128], *longer;
	unsigned char *dec = NULL, fixed[4];
	size_t i, declen = 0;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(mc__base58_decode(&dec, &declen, bad[i],
						   strlen(bad[i]), err,
						   sizeof(err)),
				 MC_EINVALID);
		assert_null(dec);
		assert_non_null(strstr(err, "not in the alphabet"));
	}
	/* An embedded NUL is a bad character, not the end. */
	assert_int_equal(
	    mc__base58_decode(&dec, &declen, "2g\0", 3, err, sizeof(err)),
	    MC_EINVALID);
	longer = malloc(MC__BASE58_MAX + 2);
	assert_non_null(longer);
	memset(longer, '2', MC__BASE58_MAX + 1);
	longer[MC__BASE58_MAX + 1] = '\0';
	assert_int_equal(mc__base58_decode(&dec, &declen, longer,
					   MC__BASE58_MAX + 1, err,
					   sizeof(err)),
			 MC_ETOOBIG);
	free(longer);
	/* Fixed-size decoding wants the exact length. */
	assert_int_equal(
	    mc__base58_decode_fixed(fixed, 4, "3EFU7m", 6, err, sizeof(err)),
	    0);
	assert_memory_equal(fixed, "\x57\x2e\x47\x94", 4);
	assert_int_equal(
	    mc__base58_decode_fixed(fixed, 4, "a3gV", 4, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "want 4"));
	assert_int_equal(
	    mc__base58_decode_fixed(fixed, 2, "3EFU7m", 6, err, sizeof(err)),
	    MC_EINVALID);
}

static void test_b64url_rfc4648(void **state)
{
	static const char *const vectors[][2] = {
	    {"", ""},
	    {"f", "Zg"},
	    {"fo", "Zm8"},
	    {"foo", "Zm9v"},
	    {"foob", "Zm9vYg"},
	    {"fooba", "Zm9vYmE"},
	    {"foobar", "Zm9vYmFy"},
	};
	unsigned char *dec = NULL;
	size_t i, declen = 0;
	char *enc = NULL, err[128];

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		size_t n = strlen(vectors[i][0]);

		assert_int_equal(
		    mc__b64url_encode(&enc,
				      (const unsigned char *)vectors[i][0], n),
		    0);
		assert_string_equal(enc, vectors[i][1]);
		free(enc);
		assert_int_equal(mc__b64url_decode(&dec, &declen, vectors[i][1],
						   strlen(vectors[i][1]), err,
						   sizeof(err)),
				 0);
		assert_int_equal(declen, n);
		assert_memory_equal(dec, vectors[i][0], n);
		free(dec);
	}
	/* The URL-safe characters: 0xfb 0xff is "+/8=" in base64. */
	assert_int_equal(
	    mc__b64url_encode(&enc, (const unsigned char *)"\xfb\xff", 2), 0);
	assert_string_equal(enc, "-_8");
	free(enc);
}

static void test_b64url_rejects(void **state)
{
	static const struct {
		const char *in;
		const char *reason;
	} bad[] = {
	    {"Zg==", "padding"},	  {"Zm9vYg=", "padding"},
	    {"Zh", "unused bits"},    /* 'h' leaves a 1 bit */
	    {"Zm9", "unused bits"},   /* '9' leaves bits 01 */
	    {"Z", "possible length"}, /* 4n+1 characters */
	    {"Zm9vY", "possible length"}, {"Zm9v+A", "alphabet"},
	    {"Zm9v/A", "alphabet"},	  {"Zm 9v", "alphabet"},
	    {"Zm9v\n", "alphabet"},
	};
	unsigned char *dec = NULL, fixed[3];
	size_t i, declen = 0;
	char err[128];

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(mc__b64url_decode(&dec, &declen, bad[i].in,
						   strlen(bad[i].in), err,
						   sizeof(err)),
				 MC_EINVALID);
		assert_null(dec);
		if (!strstr(err, bad[i].reason))
			fail_msg("%s: got \"%s\", want \"%s\"", bad[i].in, err,
				 bad[i].reason);
	}
	assert_int_equal(
	    mc__b64url_decode_fixed(fixed, 3, "Zm9v", 4, err, sizeof(err)), 0);
	assert_memory_equal(fixed, "foo", 3);
	assert_int_equal(
	    mc__b64url_decode_fixed(fixed, 3, "Zm8", 3, err, sizeof(err)),
	    MC_EINVALID);
	assert_int_equal(
	    mc__b64url_decode_fixed(fixed, 3, "Zm9vYg", 6, err, sizeof(err)),
	    MC_EINVALID);
}

static void test_b64_standard(void **state)
{
	static const char *const good[][2] = {
	    {"", ""},
	    {"Zg==", "f"},
	    {"Zm8=", "fo"},
	    {"Zm9vYmFy", "foobar"},
	    {"Zm9vYmE=", "fooba"},
	    {"Zm9v\r\nYmFy\n", "foobar"}, /* PEM line breaks */
	    {"+/8=", "\xfb\xff"},
	};
	static const char *const bad[] = {
	    "Zg",	/* padding missing */
	    "Zh==",	/* non-canonical bits */
	    "Zm9=",	/* non-canonical bits */
	    "Zg=a",	/* data after padding */
	    "Zm9v=",	/* padding on a full quantum */
	    "Z===",	/* too much padding */
	    "Zg==Zg==", /* padding in the middle */
	    "Zm9v-_8=", /* base64url characters */
	};
	unsigned char *dec = NULL;
	size_t i, declen = 0;
	char err[128];

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(mc__b64_decode(&dec, &declen, good[i][0],
						strlen(good[i][0]), err,
						sizeof(err)),
				 0);
		assert_int_equal(declen, strlen(good[i][1]));
		assert_memory_equal(dec, good[i][1], declen);
		free(dec);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mc__b64_decode(&dec, &declen, bad[i], strlen(bad[i]), err,
				   sizeof(err)) != MC_EINVALID)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_null(dec);
	}
}

/* One hex digit's value, either case; anything else is -1, a byte with
 * the high bit set (a negative char) included. */
static void test_hex_digit(void **state)
{
	const char *digits = "0123456789abcdef", *upper = "ABCDEF";
	int i;

	(void)state;
	for (i = 0; i < 16; i++)
		assert_int_equal(mc__hex_digit(digits[i]), i);
	for (i = 0; i < 6; i++)
		assert_int_equal(mc__hex_digit(upper[i]), 10 + i);
	assert_int_equal(mc__hex_digit('g'), -1);
	assert_int_equal(mc__hex_digit('G'), -1);
	assert_int_equal(mc__hex_digit('/'), -1);
	assert_int_equal(mc__hex_digit(':'), -1);
	assert_int_equal(mc__hex_digit('@'), -1);
	assert_int_equal(mc__hex_digit('`'), -1);
	assert_int_equal(mc__hex_digit(0), -1);
	assert_int_equal(mc__hex_digit((char)0xC3), -1);
	assert_int_equal(mc__hex_digit(0xE6), -1);
}

static void test_hex(void **state)
{
	unsigned char *dec = NULL, fixed[2];
	size_t declen = 0;
	char *enc = NULL, err[128];

	(void)state;
	assert_int_equal(
	    mc__hex_encode(&enc, (const unsigned char *)"\x00\xab\xff", 3), 0);
	assert_string_equal(enc, "00abff");
	free(enc);
	assert_int_equal(
	    mc__hex_decode(&dec, &declen, "00ABff", 6, err, sizeof(err)), 0);
	assert_int_equal(declen, 3);
	assert_memory_equal(dec, "\x00\xab\xff", 3);
	free(dec);
	assert_int_equal(
	    mc__hex_decode(&dec, &declen, "abc", 3, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "odd"));
	assert_int_equal(
	    mc__hex_decode(&dec, &declen, "0g", 2, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "character 2"));
	assert_int_equal(
	    mc__hex_decode(&dec, &declen, "0x00", 4, err, sizeof(err)),
	    MC_EINVALID);
	assert_int_equal(
	    mc__hex_decode_fixed(fixed, 2, "beef", 4, err, sizeof(err)), 0);
	assert_memory_equal(fixed, "\xbe\xef", 2);
	assert_int_equal(
	    mc__hex_decode_fixed(fixed, 2, "beefee", 6, err, sizeof(err)),
	    MC_EINVALID);
}

static void test_multibase(void **state)
{
	unsigned char *dec = NULL;
	size_t declen = 0;
	char *enc = NULL, err[128], base = 0;

	(void)state;
	assert_int_equal(
	    mc__multibase_encode(&enc, 'z',
				 (const unsigned char *)"hello world", 11),
	    0);
	assert_string_equal(enc, "zStV1DL6CwTryKyV");
	free(enc);
	assert_int_equal(
	    mc__multibase_encode(&enc, 'u', (const unsigned char *)"foob", 4),
	    0);
	assert_string_equal(enc, "uZm9vYg");
	assert_int_equal(mc__multibase_decode(&dec, &declen, &base, enc,
					      strlen(enc), err, sizeof(err)),
			 0);
	assert_int_equal(base, 'u');
	assert_int_equal(declen, 4);
	assert_memory_equal(dec, "foob", 4);
	free(dec);
	free(enc);
	assert_int_equal(
	    mc__multibase_encode(&enc, 'f', (const unsigned char *)"x", 1),
	    MC_EUSAGE);
	assert_int_equal(
	    mc__multibase_decode(&dec, &declen, NULL, "", 0, err, sizeof(err)),
	    MC_EINVALID);
	/* 'f' (hex) and 'm' (padded base64) are multibase, but not ours. */
	assert_int_equal(mc__multibase_decode(&dec, &declen, NULL, "f00", 3,
					      err, sizeof(err)),
			 MC_EINVALID);
	assert_non_null(strstr(err, "prefix"));
	assert_int_equal(mc__multibase_decode(&dec, &declen, NULL, "uZg==", 5,
					      err, sizeof(err)),
			 MC_EINVALID);
}

/* Every encoder and decoder inverts the other on random input. */
static void test_round_trips(void **state)
{
	unsigned char bytes[300], *dec = NULL;
	size_t len, declen = 0;
	char *enc = NULL, err[128];
	unsigned seed = 12345;

	(void)state;
	for (len = 0; len < sizeof(bytes); len++) {
		size_t i, zeros = len % 7 == 0 ? len / 20 : 0;

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			bytes[i] = i < zeros ? 0 : (unsigned char)(seed >> 16);
		}
		assert_int_equal(mc__base58_encode(&enc, bytes, len), 0);
		assert_int_equal(mc__base58_decode(&dec, &declen, enc,
						   strlen(enc), err,
						   sizeof(err)),
				 0);
		assert_int_equal(declen, len);
		assert_memory_equal(dec, bytes, len);
		free(dec);
		free(enc);
		assert_int_equal(mc__b64url_encode(&enc, bytes, len), 0);
		assert_int_equal(mc__b64url_decode(&dec, &declen, enc,
						   strlen(enc), err,
						   sizeof(err)),
				 0);
		assert_int_equal(declen, len);
		assert_memory_equal(dec, bytes, len);
		free(dec);
		free(enc);
		assert_int_equal(mc__hex_encode(&enc, bytes, len), 0);
		assert_int_equal(mc__hex_decode(&dec, &declen, enc, strlen(enc),
						err, sizeof(err)),
				 0);
		assert_int_equal(declen, len);
		assert_memory_equal(dec, bytes, len);
		free(dec);
		free(enc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base58_vectors),
	    cmocka_unit_test(test_base58_rejects),
	    cmocka_unit_test(test_b64url_rfc4648),
	    cmocka_unit_test(test_b64url_rejects),
	    cmocka_unit_test(test_b64_standard),
	    cmocka_unit_test(test_hex),
	    cmocka_unit_test(test_hex_digit),
	    cmocka_unit_test(test_multibase),
	    cmocka_unit_test(test_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
