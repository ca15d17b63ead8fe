/*
 * Copying a whole platform between stores: the tables that are data and
 * the content hash both sides are compared by (see mc_store_copy() in
 * include/microcred/store_copy.h).
 */
#ifndef MC_DBCOPY_H
#define MC_DBCOPY_H

#include <stddef.h>

#include "crypto/crypto.h"
#include "store/store_rows.h"
#include "util/util.h"

/** The tables that are data, in foreign-key order (a table comes after
 * every table it refers to), as every backend has them
 * (dbcopy_tables.c). */
extern const struct mc__table mc__copy_tables[];
extern const size_t mc__copy_ntables;

/**
 * The content hash of a table: rows added one by one in primary-key
 * order, each serialised canonically (below) and hashed, the row hashes
 * chained: D0 is 32 zero bytes, Dk = SHA-256(Dk-1 || SHA-256(row k)),
 * and the table's hash is Dn.  So a table of any size hashes in one row's
 * memory.
 *
 * A row's canonical form is its values in the table's column order, each
 * a tag byte and, except for NULL, an 8-byte big-endian length and that
 * many bytes:
 *   'N'  NULL (no length): distinct from an empty text or blob
 *   'I'  an integer, as decimal ASCII ("-12")
 *   'R'  a real number, as printf("%.17g") (which reads back exactly)
 *   'T'  text, its UTF-8 bytes
 *   'B'  a blob, its bytes
 * The kind is the column's (struct mc__table.types), not how a backend
 * stored the value.
 */
struct mc__copy_hash {
	unsigned char chain[MC__SHA256_LEN];
	long long rows;
	mc_buf row; /* the row being serialised, reused */
};

/** Start a table's hash. */
void mc__copy_hash_init(struct mc__copy_hash *h);

/** Add one row of `n` values.  Returns 0, MC_ENOMEM or MC_ETOOBIG (a row
 * past 1 GiB). */
int mc__copy_hash_row(struct mc__copy_hash *h, const struct mc__value *row,
		      size_t n);

/** The hash so far as 64 hex digits and a NUL. */
void mc__copy_hash_hex(const struct mc__copy_hash *h, char out[65]);

/** Free the row buffer (the hash stays readable). */
void mc__copy_hash_free(struct mc__copy_hash *h);

#endif
