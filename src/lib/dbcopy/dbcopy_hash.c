/*
 * The content hash of a table, the same for the same rows on every
 * backend (dbcopy.h has the canonical form).
 */
#include "dbcopy.h"

#include <stdio.h>
#include <string.h>

/* The largest row serialised (a credential or an MC document is at most
 * a few MiB; the backend holds the row already). */
#define ROW_MAX ((size_t)1 << 30)

void mc__copy_hash_init(struct mc__copy_hash *h)
{
	mc_buf empty = MC_BUF_INIT(ROW_MAX);

	memset(h->chain, 0, sizeof(h->chain));
	h->rows = 0;
	h->row = empty;
}

/* Append tag, 8-byte big-endian length and bytes. */
static int put(mc_buf *b, char tag, const void *p, size_t len)
{
	unsigned char head[9];
	int i, error;

	head[0] = (unsigned char)tag;
	for (i = 0; i < 8; i++)
		head[1 + i] =
		    (unsigned char)((unsigned long long)len >> (8 * (7 - i)));
	if ((error = mc__buf_add(b, head, sizeof(head))))
		return error;
	return len ? mc__buf_add(b, p, len) : 0;
}

int mc__copy_hash_row(struct mc__copy_hash *h, const struct mc__value *row,
		      size_t n)
{
	unsigned char link[2 * MC__SHA256_LEN];
	char num[40];
	size_t i;
	int error = 0;

	h->row.len = 0;
	for (i = 0; i < n && !error; i++) {
		const struct mc__value *v = &row[i];

		switch (v->type) {
		case MC__COL_INT:
			snprintf(num, sizeof(num), "%lld", v->i);
			error = put(&h->row, 'I', num, strlen(num));
			break;
		case MC__COL_REAL:
			snprintf(num, sizeof(num), "%.17g", v->r);
			error = put(&h->row, 'R', num, strlen(num));
			break;
		case MC__COL_TEXT:
			error = put(&h->row, 'T', v->p, v->len);
			break;
		case MC__COL_BLOB:
			error = put(&h->row, 'B', v->p, v->len);
			break;
		default:
			error = mc__buf_add(&h->row, "N", 1);
			break;
		}
	}
	if (error)
		return error;
	memcpy(link, h->chain, MC__SHA256_LEN);
	mc__sha256(link + MC__SHA256_LEN, h->row.len ? h->row.ptr : "",
		   h->row.len);
	mc__sha256(h->chain, link, sizeof(link));
	h->rows++;
	return 0;
}

void mc__copy_hash_hex(const struct mc__copy_hash *h, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < MC__SHA256_LEN; i++) {
		out[2 * i] = hex[h->chain[i] >> 4];
		out[2 * i + 1] = hex[h->chain[i] & 15];
	}
	out[64] = '\0';
}

void mc__copy_hash_free(struct mc__copy_hash *h)
{
	mc__buf_free(&h->row);
}
