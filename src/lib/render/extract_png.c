/*
 * A baked PNG (Open Badges 3.0, "Baked Badge"): the text of the first iTXt
 * chunk with keyword "openbadgecredential".  Every chunk before it is
 * checked (length, type, CRC), so a damaged file is named as damaged
 * rather than read as carrying nothing; what follows it is not read, as
 * the baking specification allows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "microcred/credential.h"
#include "microcred/errors.h"

#include "extract_private.h"
#include "util/util.h"

#define KEYWORD	    "openbadgecredential"
#define KEYWORD_OB2 "openbadges"

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int type_ok(const unsigned char *t)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!((t[i] >= 'A' && t[i] <= 'Z') ||
		      (t[i] >= 'a' && t[i] <= 'z')))
			return 0;
	return 1;
}

/* The length of the NUL-terminated field at `p[0..n)`, or n when it has
 * no NUL. */
static size_t field(const unsigned char *p, size_t n)
{
	const unsigned char *z = memchr(p, 0, n);

	return z ? (size_t)(z - p) : n;
}

/* An iTXt chunk's data `p[0..n)` with keyword KEYWORD: its text.  `where`
 * names the chunk. */
static int itxt_text(const unsigned char *p, size_t n, const char *where,
		     char **out, size_t *outlen, char *err, size_t errlen)
{
	size_t k = field(p, n), lang, tkey, at;
	char why[128], *text = NULL;
	size_t tlen = 0;
	int error;

	at = k + 1; /* past the keyword's NUL */
	if (at + 2 > n) {
		mc__set_err(err, errlen, "%s: ends after its keyword", where);
		return MC_EINVALID;
	}
	if (p[at] > 1 || p[at + 1] != 0) {
		mc__set_err(err, errlen,
			    "%s: compression flag %u, method %u (0 or 1, "
			    "and 0: zlib)",
			    where, p[at], p[at + 1]);
		return MC_EINVALID;
	}
	lang = field(p + at + 2, n - at - 2);
	if (at + 2 + lang >= n) {
		mc__set_err(err, errlen, "%s: no end to its language tag",
			    where);
		return MC_EINVALID;
	}
	tkey = field(p + at + 3 + lang, n - at - 3 - lang);
	if (at + 3 + lang + tkey >= n) {
		mc__set_err(err, errlen, "%s: no end to its translated keyword",
			    where);
		return MC_EINVALID;
	}
	k = at + 4 + lang + tkey; /* the text */
	if (p[at] == 0)
		return mc__extract_take(out, outlen, (const char *)p + k, n - k,
					where, err, errlen);
	error = mc__inflate(&text, &tlen, p + k, n - k, MC_CREDENTIAL_MAX, why,
			    sizeof(why));
	if (error == MC_EINVALID || error == MC_ETOOBIG)
		mc__set_err(err, errlen, "%s: compressed text: %s", where, why);
	if (!error)
		error = mc__extract_take(out, outlen, text, tlen, where, err,
					 errlen);
	free(text);
	return error;
}

int mc__extract_png(const char *d, size_t n, char **out, size_t *outlen,
		    char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)d;
	size_t pos = 8, index = 0, klen;
	int ob2 = 0;
	char where[96];

	while (pos < n) {
		const unsigned char *c = u + pos, *data = c + 8;
		uint32_t len, crc;
		char type[5];

		if (n - pos < 12) {
			mc__set_err(err, errlen,
				    "PNG: chunk %zu at byte %zu: the file ends "
				    "inside its header (truncated)",
				    index + 1, pos);
			return MC_EINVALID;
		}
		len = be32(c);
		memcpy(type, c + 4, 4);
		type[4] = '\0';
		if (!type_ok(c + 4)) {
			mc__set_err(err, errlen,
				    "PNG: chunk %zu at byte %zu: its type is "
				    "not four letters",
				    index + 1, pos);
			return MC_EINVALID;
		}
		snprintf(where, sizeof(where),
			 "PNG: chunk %zu (%s) at byte %zu", index + 1, type,
			 pos);
		if (len > 0x7fffffffu || len > n - pos - 12) {
			mc__set_err(err, errlen,
				    "%s: %lu bytes of data, beyond the end "
				    "of the file (truncated)",
				    where, (unsigned long)len);
			return MC_EINVALID;
		}
		crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), c + 4, len + 4);
		if (crc != be32(data + len)) {
			mc__set_err(err, errlen,
				    "%s: CRC mismatch (the chunk is damaged)",
				    where);
			return MC_EINVALID;
		}
		if (index == 0 && strcmp(type, "IHDR") != 0) {
			mc__set_err(err, errlen,
				    "%s: the first chunk must be IHDR", where);
			return MC_EINVALID;
		}
		klen = field(data, len);
		if (strcmp(type, "iTXt") == 0 && klen == strlen(KEYWORD) &&
		    memcmp(data, KEYWORD, klen) == 0)
			return itxt_text(data, len, where, out, outlen, err,
					 errlen);
		if ((strcmp(type, "iTXt") == 0 || strcmp(type, "tEXt") == 0) &&
		    klen == strlen(KEYWORD_OB2) &&
		    memcmp(data, KEYWORD_OB2, klen) == 0)
			ob2 = 1;
		if (strcmp(type, "IEND") == 0) {
			if (ob2)
				mc__set_err(err, errlen,
					    "PNG: an Open Badges 2.0 badge "
					    "(chunk 'openbadges'), which "
					    "carries no signed credential");
			else
				mc__set_err(err, errlen,
					    "PNG: no iTXt chunk "
					    "'" KEYWORD "': the image "
					    "carries no credential");
			return MC_ENOTFOUND;
		}
		pos += 12 + (size_t)len;
		index++;
	}
	mc__set_err(err, errlen,
		    "PNG: ends after %zu chunks without IEND (truncated)",
		    index);
	return MC_EINVALID;
}
