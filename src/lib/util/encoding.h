/*
 * Text encodings of binary data used by credentials and keys: base58btc
 * (Bitcoin alphabet), base64url without padding (JOSE, multibase 'u'),
 * standard base64, lowercase hex and multibase ('z' and 'u').
 *
 * Encoders return a fresh NUL-terminated string the caller frees.  Decoders
 * are strict: one spelling per byte string (no padding in base64url,
 * trailing bits zero, no whitespace except where documented), bounded input
 * sizes, and MC_EINVALID with the reason in `err` on rejection.  Decoded
 * bytes returned through `**out` are followed by one NUL byte that is not
 * counted in `*outlen`, so a decoded payload can be read as a string.
 */
#ifndef MC_ENCODING_H
#define MC_ENCODING_H

#include <stddef.h>

/** Longest text any base64, base64url or hex decoder accepts, and the
 * longest input any encoder takes, in bytes. */
#define MC__ENC_MAX (16 * 1024 * 1024)
/** Longest base58 text accepted (the conversion is quadratic); encoders
 * take at most MC__BASE58_MAX_BYTES bytes. */
#define MC__BASE58_MAX	     1400
#define MC__BASE58_MAX_BYTES 1024

/**
 * Base58btc (Bitcoin alphabet) of `in[0..len)`: each leading zero byte
 * becomes '1'.  "" for len 0.  Returns 0, MC_ETOOBIG (len past
 * MC__BASE58_MAX_BYTES) or MC_ENOMEM.
 */
int mc__base58_encode(char **out, const unsigned char *in, size_t len);

/**
 * Decode base58btc text.  Returns 0, MC_EINVALID (a character outside the
 * alphabet; reason in err), MC_ETOOBIG (longer than MC__BASE58_MAX) or
 * MC_ENOMEM.  The empty text decodes to zero bytes.
 */
int mc__base58_decode(unsigned char **out, size_t *outlen, const char *in,
		      size_t len, char *err, size_t errlen);

/**
 * Decode base58btc text that must hold exactly `want` bytes into `out`
 * without touching the heap (for key material).  Returns 0, MC_EINVALID
 * (bad text or another length) or MC_ETOOBIG.  `out` is wiped on failure.
 */
int mc__base58_decode_fixed(unsigned char *out, size_t want, const char *in,
			    size_t len, char *err, size_t errlen);

/** Base64url without padding (RFC 4648 section 5).  Returns 0, MC_ETOOBIG
 * or MC_ENOMEM. */
int mc__b64url_encode(char **out, const unsigned char *in, size_t len);

/**
 * Decode unpadded base64url.  Rejects '=', characters outside A-Z a-z 0-9
 * '-' '_', a length of 4n+1 and non-zero unused trailing bits.  Returns 0,
 * MC_EINVALID (reason in err), MC_ETOOBIG or MC_ENOMEM.
 */
int mc__b64url_decode(unsigned char **out, size_t *outlen, const char *in,
		      size_t len, char *err, size_t errlen);

/** As mc__b64url_decode() into `out`, which must come out exactly `want`
 * bytes long; no heap.  `out` is wiped on failure. */
int mc__b64url_decode_fixed(unsigned char *out, size_t want, const char *in,
			    size_t len, char *err, size_t errlen);

/**
 * Decode standard base64 (RFC 4648 section 4, '+' '/'), e.g. the body of a
 * PEM block.  ASCII whitespace (space, tab, CR, LF) is skipped; padding is
 * required to complete the last quantum and may only end the text; unused
 * trailing bits must be zero.  Returns 0, MC_EINVALID, MC_ETOOBIG or
 * MC_ENOMEM.
 */
int mc__b64_decode(unsigned char **out, size_t *outlen, const char *in,
		   size_t len, char *err, size_t errlen);

/** The value of hex digit `c` (either case), or -1 when it is none. */
int mc__hex_digit(int c);

/** Lowercase hex.  Returns 0, MC_ETOOBIG or MC_ENOMEM. */
int mc__hex_encode(char **out, const unsigned char *in, size_t len);

/**
 * Decode hex (either case; an even number of digits, nothing else).
 * Returns 0, MC_EINVALID, MC_ETOOBIG or MC_ENOMEM.
 */
int mc__hex_decode(unsigned char **out, size_t *outlen, const char *in,
		   size_t len, char *err, size_t errlen);

/** As mc__hex_decode() into `out`, exactly `want` bytes; no heap.  `out` is
 * wiped on failure. */
int mc__hex_decode_fixed(unsigned char *out, size_t want, const char *in,
			 size_t len, char *err, size_t errlen);

/**
 * Multibase text: `base` 'z' (base58btc) or 'u' (base64url, no padding)
 * followed by the encoding of `in`.  Returns 0, MC_EUSAGE (other base),
 * MC_ETOOBIG or MC_ENOMEM.
 */
int mc__multibase_encode(char **out, char base, const unsigned char *in,
			 size_t len);

/**
 * Decode multibase text of base 'z' or 'u'; the base found is stored in
 * `*base` when `base` is not NULL.  Returns 0, MC_EINVALID (empty text,
 * another base or a bad encoding; reason in err), MC_ETOOBIG or MC_ENOMEM.
 */
int mc__multibase_decode(unsigned char **out, size_t *outlen, char *base,
			 const char *in, size_t len, char *err, size_t errlen);

#endif
