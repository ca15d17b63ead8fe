/*
 * Baking a credential into a PNG (Open Badges 3.0, "Baked Badge"): an
 * uncompressed iTXt chunk with keyword "openbadgecredential", empty
 * language tag and translated keyword, inserted right after IHDR.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "microcred/errors.h"

#include "certificate_private.h"
#include "util/util.h"

#define KEYWORD "openbadgecredential"

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

int mc__png_bake(mc_buf *b, const char *text, size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1a, '\n'};
	const size_t head = sizeof(KEYWORD) + 4; /* keyword, NUL, 4 bytes */
	size_t at, ihdr_len, data_len = head + len, total;
	unsigned char *u, *chunk;
	uLong crc;
	int error;

	/* IHDR is the first chunk and 13 bytes long. */
	if (b->len < 33 || memcmp(b->ptr, sig, 8) != 0 ||
	    memcmp(b->ptr + 12, "IHDR", 4) != 0)
		return MC_EINVALID;
	u = (unsigned char *)b->ptr;
	ihdr_len = (size_t)u[8] << 24 | (size_t)u[9] << 16 |
		   (size_t)u[10] << 8 | u[11];
	at = 8 + 12 + ihdr_len;
	if (ihdr_len != 13 || at > b->len || len > 0x7fffffffu - head)
		return MC_EINVALID;
	total = 12 + data_len;
	if (!(chunk = malloc(total)))
		return MC_ENOMEM;
	be32(chunk, (uint32_t)data_len);
	memcpy(chunk + 4, "iTXt", 4);
	memcpy(chunk + 8, KEYWORD, sizeof(KEYWORD)); /* with its NUL */
	memset(chunk + 8 + sizeof(KEYWORD), 0, 4);   /* flag, method, "", "" */
	memcpy(chunk + 8 + head, text, len);
	crc = crc32(crc32(0L, Z_NULL, 0), chunk + 4, (uInt)(4 + data_len));
	be32(chunk + 8 + data_len, (uint32_t)crc);
	/* Grow the buffer, then move the rest of the file up. */
	if ((error = mc__buf_add(b, chunk, total)) == 0) {
		memmove(b->ptr + at + total, b->ptr + at, b->len - total - at);
		memcpy(b->ptr + at, chunk, total);
	}
	free(chunk);
	return error;
}
