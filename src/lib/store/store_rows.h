/*
 * Whole tables, row by row: the operations a backend fills so that a
 * platform can move from one store to another (mc_store_copy(),
 * src/lib/dbcopy/).  The tables and their columns are named by the caller
 * (struct mc__table), the same on every backend; a backend maps a name
 * to what it stores (SQLite's rowid for the `seq` of keys and seals).
 *
 * Values travel typed by the column, not by how a backend happens to
 * store them: an integer column gives integers, a text column UTF-8
 * bytes, a blob column bytes, whatever SQLite's storage class; a value
 * of another kind is refused naming the table and the column.
 */
#ifndef MC_STORE_ROWS_H
#define MC_STORE_ROWS_H

#include <stddef.h>

#include "store.h"

/** The kind of a column, and of a value (MC__COL_NULL: SQL NULL). */
enum mc__col_type {
	MC__COL_NULL = 0,
	MC__COL_INT = 'i',
	MC__COL_REAL = 'r',
	MC__COL_TEXT = 't',
	MC__COL_BLOB = 'b'
};

/** A table as every backend has it. */
struct mc__table {
	const char *name;
	/** The primary key, as an ORDER BY list ("org_id, lang"): rows
	 * travel in this order. */
	const char *key;
	/** One enum mc__col_type letter per column ("titb..."). */
	const char *types;
	/** Its columns, in the order values travel. */
	const char *const *columns;
	size_t ncolumns;
};

/** One value of a row.  `p` (text or blob, `len` bytes, not necessarily
 * NUL-terminated) is valid until the row callback returns. */
struct mc__value {
	enum mc__col_type type;
	long long i;
	double r;
	const void *p;
	size_t len;
};

/** Called with each row (t->ncolumns values); non-zero stops the walk
 * and is returned by each(). */
typedef int (*mc__row_cb)(const struct mc__value *row, void *payload);

/** Inserts queued at most between two flush() calls. */
#define MC__ROWS_BATCH 500

struct mc__store_rows_ops {
	/** Tables this backend derives from the others and rebuilds in
	 * rebuild() (search index, facets): never copied.  NULL-ended. */
	const char *const *rebuilt;
	/** Tables that are the backend's own bookkeeping (schema version,
	 * change counters): neither copied nor rebuilt.  NULL-ended. */
	const char *const *own;

	/** Every table of the database (its FTS internals excepted). */
	int (*tables)(mc_store *s, mc_strlist *out);
	/** The columns of `table` as names of struct mc__table (SQLite's
	 * keys and seals list their rowid as seq). */
	int (*columns)(mc_store *s, mc_strlist *out, const char *table);
	/** Rows of `table`. */
	int (*count)(mc_store *s, long long *out, const char *table);

	/** Open and end one consistent read of the whole database (a
	 * snapshot): every each() and count() between them sees the same
	 * data.  Inside the caller's transaction read_begin does nothing. */
	int (*read_begin)(mc_store *s, int *began);
	void (*read_end)(mc_store *s, int began);

	/** Call `cb` on every row of `t` in key order, values in t's column
	 * order, holding one batch of rows at a time.  Returns 0, cb's
	 * non-zero answer, or an error (MC_EINVALID: a value not of its
	 * column's kind). */
	int (*each)(mc_store *s, const struct mc__table *t, mc__row_cb cb,
		    void *payload);
	/** Insert one row of `t` (t->ncolumns values) as it is, numbers of
	 * rows (seq, n) included, inside the caller's transaction.  The
	 * backend may only queue it (the values are copied): its failure
	 * can come back from a later insert or from flush(). */
	int (*insert)(mc_store *s, const struct mc__table *t,
		      const struct mc__value *row);
	/** Wait for every queued insert (of `t`); the first failure among
	 * them.  The caller flushes every MC__ROWS_BATCH inserts and after
	 * a table's last, before anything else on the handle. */
	int (*flush)(mc_store *s, const struct mc__table *t);
	/** After every table was inserted: rebuild the derived tables from
	 * the copied rows and move the backend's row counters (sequences)
	 * past the copied numbers, inside the caller's transaction. */
	int (*rebuild)(mc_store *s);
};

#endif
