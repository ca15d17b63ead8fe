/*
 * mc_store_copy(): a whole platform from one store into another, checked
 * (the contract is in include/microcred/store_copy.h).
 *
 * The steps, each failing before the next:
 *   1. both stores hold exactly the tables and columns this copy knows
 *      (data tables of dbcopy_tables.c, each backend's rebuilt and own);
 *   2. one snapshot of the source, one transaction on the target, and
 *      every data table of the target empty;
 *   3. each data table streamed from source to target in key order,
 *      hashing the rows read;
 *   4. the target rebuilds its derived tables;
 *   5. each data table read back from the target, counted and hashed,
 *      and compared;
 *   6. commit (any failure before: roll back).
 */
#include "microcred/store_copy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dbcopy.h"
#include "store/store.h"

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int listed(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

static const struct mc__table *data_table(const char *name)
{
	size_t i;

	for (i = 0; i < mc__copy_ntables; i++)
		if (strcmp(mc__copy_tables[i].name, name) == 0)
			return &mc__copy_tables[i];
	return NULL;
}

/* Put the source's message on the target, prefixed "source: ". */
static int from_source(mc_store *to, mc_store *from, int error)
{
	char msg[sizeof(from->errmsg)];

	snprintf(msg, sizeof(msg), "%s", mc_store_errmsg(from));
	return mc__store_error(to, error, "source: %s",
			       *msg ? msg : mc_error_str(error));
}

/* The columns of data table `t` in store `s` are exactly t's. */
static int check_columns(mc_store *s, const char *side,
			 const struct mc__table *t)
{
	mc_strlist have = MC_STRLIST_INIT;
	size_t i;
	int error;

	if ((error = s->rows->columns(s, &have, t->name)))
		goto cleanup;
	if (have.count == 0) {
		error =
		    mc__store_error(s, MC_EVERSION, "%s (%s) has no table %s",
				    side, mc_store_backend(s), t->name);
		goto cleanup;
	}
	for (i = 0; i < have.count; i++) {
		size_t k;

		for (k = 0; k < t->ncolumns; k++)
			if (strcmp(t->columns[k], have.items[i]) == 0)
				break;
		if (k == t->ncolumns) {
			error = mc__store_error(
			    s, MC_EVERSION,
			    "%s (%s): column %s.%s is not known to this copy",
			    side, mc_store_backend(s), t->name, have.items[i]);
			goto cleanup;
		}
	}
	for (i = 0; i < t->ncolumns; i++)
		if (!mc_strlist_has(&have, t->columns[i])) {
			error = mc__store_error(
			    s, MC_EVERSION, "%s (%s) has no column %s.%s", side,
			    mc_store_backend(s), t->name, t->columns[i]);
			goto cleanup;
		}

cleanup:
	mc_strlist_clear(&have);
	return error;
}

/* Step 1 for store `s`: every table known, every data table as known. */
static int check_schema(mc_store *s, const char *side)
{
	mc_strlist names = MC_STRLIST_INIT;
	size_t i;
	int error;

	if ((error = s->rows->tables(s, &names)))
		goto cleanup;
	for (i = 0; i < names.count; i++) {
		const char *name = names.items[i];

		if (!data_table(name) && !listed(s->rows->rebuilt, name) &&
		    !listed(s->rows->own, name)) {
			error = mc__store_error(
			    s, MC_EVERSION,
			    "%s (%s): table %s is not known to this copy", side,
			    mc_store_backend(s), name);
			goto cleanup;
		}
	}
	for (i = 0; i < mc__copy_ntables; i++)
		if ((error = check_columns(s, side, &mc__copy_tables[i])))
			goto cleanup;

cleanup:
	mc_strlist_clear(&names);
	return error;
}

/* What one table's walk needs. */
struct walk {
	mc_store *to; /* NULL: only hash */
	const struct mc__table *t;
	struct mc__copy_hash hash;
	int insert_error; /* the target's, as opposed to the source's */
};

static int copy_row(const struct mc__value *row, void *payload)
{
	struct walk *w = payload;
	int error;

	if ((error = mc__copy_hash_row(&w->hash, row, w->t->ncolumns)))
		return error;
	if (w->to && ((error = w->to->rows->insert(w->to, w->t, row)) ||
		      (w->hash.rows % MC__ROWS_BATCH == 0 &&
		       (error = w->to->rows->flush(w->to, w->t)))))
		w->insert_error = error;
	return error;
}

/* Walk table `t` of `s`, inserting each row into `to` when not NULL;
 * fill *rows and hex with what was read.  A failure of `to` comes back
 * as it is; one of `s` with *source_error set. */
static int walk(mc_store *s, mc_store *to, const struct mc__table *t,
		long long *rows, char hex[65], int *source_error)
{
	struct walk w;
	int error;

	w.to = to;
	w.t = t;
	w.insert_error = 0;
	mc__copy_hash_init(&w.hash);
	error = s->rows->each(s, t, copy_row, &w);
	*source_error = error && !w.insert_error;
	if (to) {
		/* Always: nothing else runs on `to` with inserts queued. */
		int flushed = to->rows->flush(to, t);

		if (!error)
			error = flushed;
	}
	*rows = w.hash.rows;
	mc__copy_hash_hex(&w.hash, hex);
	mc__copy_hash_free(&w.hash);
	return error;
}

static mc_store_copy_table *add_entry(mc_store_copy_report *out,
				      const char *name)
{
	mc_store_copy_table *e;

	if (out->count >= MC_STORE_COPY_TABLES_MAX)
		return NULL;
	e = &out->tables[out->count++];
	memset(e, 0, sizeof(*e));
	e->name = name;
	return e;
}

/* Steps 3 to 5 inside the open snapshot and transaction. */
static int copy_all(mc_store_copy_report *out, mc_store *from, mc_store *to)
{
	mc_store_copy_table *e = NULL;
	const char *const *r;
	long long n;
	size_t i;
	double t0;
	int source_error, error;

	for (i = 0; i < mc__copy_ntables; i++) {
		const struct mc__table *t = &mc__copy_tables[i];

		if ((error = to->rows->count(to, &n, t->name)))
			return error;
		if (n > 0)
			return mc__store_error(to, MC_EEXISTS,
					       "the target is not empty: table "
					       "%s has %lld rows",
					       t->name, n);
	}
	for (i = 0; i < mc__copy_ntables; i++) {
		const struct mc__table *t = &mc__copy_tables[i];

		if (!(e = add_entry(out, t->name)))
			return mc__store_error(to, MC_EUSAGE,
					       "too many tables to report");
		t0 = now_seconds();
		error = walk(from, to, t, &e->rows, e->hash, &source_error);
		e->seconds = now_seconds() - t0;
		if (error)
			return source_error ? from_source(to, from, error)
					    : error;
		out->rows += e->rows;
	}
	t0 = now_seconds();
	error = to->rows->rebuild(to);
	out->rebuild_seconds = now_seconds() - t0;
	if (error)
		return error;
	for (r = to->rows->rebuilt; r && *r; r++) {
		if (!(e = add_entry(out, *r)))
			return mc__store_error(to, MC_EUSAGE,
					       "too many tables to report");
		e->state = MC_COPY_REBUILT;
		if ((error = to->rows->count(to, &e->rows, *r)))
			return error;
		e->target_rows = e->rows;
	}
	for (i = 0; i < mc__copy_ntables; i++) {
		const struct mc__table *t = &mc__copy_tables[i];

		e = &out->tables[i];
		t0 = now_seconds();
		if ((error = walk(to, NULL, t, &e->target_rows, e->target_hash,
				  &source_error)))
			return error;
		e->seconds += now_seconds() - t0;
		if (e->target_rows != e->rows ||
		    strcmp(e->target_hash, e->hash) != 0) {
			e->state = MC_COPY_MISMATCH;
			out->failed = t->name;
			return mc__store_error(
			    to, MC_EDB,
			    "table %s: the copy differs from the source: "
			    "%lld rows hashed %.12s on the source, %lld "
			    "hashed %.12s on the target",
			    t->name, e->rows, e->hash, e->target_rows,
			    e->target_hash);
		}
		e->state = MC_COPY_OK;
	}
	return 0;
}

int mc_store_copy(mc_store_copy_report *out, mc_store *from, mc_store *to)
{
	double start = now_seconds();
	int began_read = 0, began = 0, error;
	size_t i;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!out || !from || !to)
		return to ? mc__store_error(to, MC_EUSAGE,
					    "mc_store_copy: NULL argument")
			  : MC_EUSAGE;
	mc__store_clear_error(to);
	if (from == to || (from->location && to->location &&
			   strcmp(from->location, to->location) == 0))
		return mc__store_error(to, MC_EUSAGE,
				       "source and target are the same store");
	if (!from->rows || !to->rows)
		return mc__store_error(
		    to, MC_EUSAGE, "the %s backend cannot copy",
		    mc_store_backend(from->rows ? to : from));
	for (i = 0; i < mc__copy_ntables; i++)
		if (strlen(mc__copy_tables[i].types) !=
		    mc__copy_tables[i].ncolumns)
			return mc__store_error(to, MC_EUSAGE,
					       "%s: a type for each column",
					       mc__copy_tables[i].name);

	/* Both at this program's schema (mc_store_open() refuses a newer one
	 * and migrates, or read-only refuses, an older one), which numbers
	 * the same tables on every backend. */
	if (from->schema_version != to->schema_version)
		return mc__store_error(to, MC_EVERSION,
				       "the source is schema version %d, the "
				       "target %d: both must be at the same",
				       from->schema_version,
				       to->schema_version);
	if ((error = check_schema(from, "source")))
		return from_source(to, from, error);
	if ((error = check_schema(to, "target")))
		return error;
	if ((error = from->rows->read_begin(from, &began_read)))
		return from_source(to, from, error);
	if ((error = to->core->begin(to)))
		goto cleanup;
	began = 1;
	error = copy_all(out, from, to);

cleanup:
	if (began) {
		if (error)
			to->core->rollback(to);
		else
			error = to->core->commit(to);
	}
	from->rows->read_end(from, began_read);
	out->seconds = now_seconds() - start;
	return error;
}
