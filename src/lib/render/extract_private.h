/*
 * Finding a credential in what carries it (extract.h), internal: one
 * reader per carrier (extract_pdf.c, extract_png.c, extract_svg.c), the
 * test of what a credential looks like and the bounded inflate they share
 * (extract.c).
 *
 * Every reader takes the whole carrier `d[0..n)`, reads nothing outside
 * it, and returns as mc_credential_extract() does: 0 with *out / *outlen
 * (blanks trimmed, NUL-terminated, caller frees), MC_ENOTFOUND or
 * MC_EINVALID with a reason in `err`, MC_ETOOBIG, MC_ENOMEM.
 */
#ifndef MC_EXTRACT_PRIVATE_H
#define MC_EXTRACT_PRIVATE_H

#include <stddef.h>

int mc__extract_pdf(const char *d, size_t n, char **out, size_t *outlen,
		    char *err, size_t errlen);
int mc__extract_png(const char *d, size_t n, char **out, size_t *outlen,
		    char *err, size_t errlen);
int mc__extract_svg(const char *d, size_t n, char **out, size_t *outlen,
		    char *err, size_t errlen);

/** The first occurrence of `needle[0..nn)` in `h[0..hn)`, or NULL
 * (glibc's memmem, which C11 with _POSIX_C_SOURCE does not declare). */
const char *mc__memfind(const char *h, size_t hn, const char *needle,
			size_t nn);

/** Non-zero when `p[0..n)`, blanks trimmed, looks like a signed
 * credential: a JSON object with "@context", a JAdES JSON serialization
 * ("payload" with "signatures" or "signature"), or a compact JWS whose
 * header is a JSON object ("eyJ...", two dots, base64url only).  Says
 * nothing about whether it verifies. */
int mc__extract_is_credential(const char *p, size_t n);

/** Copy `p[0..n)`, blanks (space, tab, CR, LF, a UTF-8 BOM) trimmed from
 * both ends, into a new NUL-terminated buffer.  Returns 0, MC_ETOOBIG
 * past MC_CREDENTIAL_MAX (reason in err, naming `where`), MC_ENOMEM. */
int mc__extract_take(char **out, size_t *outlen, const char *p, size_t n,
		     const char *where, char *err, size_t errlen);

/** Inflate zlib data `in[0..inlen)` into a new buffer of at most `max`
 * bytes (NUL-terminated, caller frees).  Returns 0, MC_EINVALID (damaged
 * or truncated data; zlib's reason in `why`), MC_ETOOBIG (more than `max`
 * bytes), MC_ENOMEM. */
int mc__inflate(char **out, size_t *outlen, const unsigned char *in,
		size_t inlen, size_t max, char *why, size_t whylen);

#endif
