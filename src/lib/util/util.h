/*
 * Private helpers shared inside libmicrocred: strings, UTF-8, time, files,
 * and a growable buffer with a hard maximum (curl's dynbuf).
 */
#ifndef MC_UTIL_H
#define MC_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define MC__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MC__PRINTF(a, b)
#endif

/** strdup that returns NULL for NULL. */
char *mc__strdup(const char *s);
/** Copy of the first `n` bytes of `s`, NUL-terminated. */
char *mc__strndup(const char *s, size_t n);
/** Formatted string the caller frees, or NULL. */
char *mc__asprintf(const char *fmt, ...) MC__PRINTF(1, 2);
char *mc__vasprintf(const char *fmt, va_list ap);
/** Non-zero when both are NULL or equal. */
int mc__streq(const char *a, const char *b);

/** Non-zero if `s[0..len)` is valid UTF-8 (no overlongs, surrogates or
 * code points past U+10FFFF) without NUL bytes. */
int mc__utf8_valid(const char *s, size_t len);

/** Length of the longest valid UTF-8 prefix of `s[0..len)` (as
 * mc__utf8_valid() judges it): `len` when all of it is valid. */
size_t mc__utf8_valid_prefix(const char *s, size_t len);

/** Write a message into a caller's buffer (NULL or 0 length: nothing). */
void mc__set_err(char *err, size_t errlen, const char *fmt, ...)
    MC__PRINTF(3, 4);

/** Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void mc__utc_now(char out[21]);

/**
 * Read a whole file (at most `max` bytes) into a NUL-terminated buffer the
 * caller frees.  Returns 0, MC_EIO (message in errbuf), MC_ETOOBIG or
 * MC_ENOMEM.  "-" reads standard input.
 */
int mc__read_file(char **out, size_t *len, const char *path, size_t max,
		  char *errbuf, size_t errlen);

/** A growable byte buffer that never grows past `max`; always
 * NUL-terminated once anything was added. */
typedef struct {
	char *ptr;
	size_t len;
	size_t alloc;
	size_t max;
} mc_buf;

#define MC_BUF_INIT(max)                                                       \
	{                                                                      \
		NULL, 0, 0, (max)                                              \
	}

/** Append bytes.  Returns 0, MC_ETOOBIG (buffer unchanged) or MC_ENOMEM. */
int mc__buf_add(mc_buf *b, const void *data, size_t len);
int mc__buf_puts(mc_buf *b, const char *s);
int mc__buf_printf(mc_buf *b, const char *fmt, ...) MC__PRINTF(2, 3);
/** Hand the contents to the caller (never NULL on success: "" if empty)
 * and reset the buffer.  NULL only on allocation failure. */
char *mc__buf_detach(mc_buf *b);
void mc__buf_free(mc_buf *b);

#define MC__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct json_t;
struct json_error_t;

/**
 * Parse a credential's JSON text `data[0..len)` (vc_parse.c) as jansson's
 * json_loadb() with JSON_REJECT_DUPLICATES does (one JSON value; duplicate
 * member names and trailing data refused), except that an integer literal
 * beyond 64 bits is accepted and read as an IEEE double (a real), as
 * JavaScript and JCS (RFC 8785) read it.  Integers within 64 bits stay
 * integers; a real beyond the double's range is still refused.
 *
 * Returns a new reference, or NULL with `err` filled as json_loadb()
 * fills it (when text with a big integer also has another error, its
 * column counts two more characters per big integer before it).
 */
struct json_t *mc__vc_parse(const char *data, size_t len,
			    struct json_error_t *err);

#endif
