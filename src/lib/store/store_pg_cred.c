/*
 * PostgreSQL backend: issued credentials kept as their exact bytes, and
 * Bitstring status lists with their allocated indexes.
 *
 * Where the SQLite backend relies on its single writer, this one says how
 * two nodes are kept apart:
 *
 * - Exactly-once issuing: the UNIQUE (mc_id, mc_version, learner_key,
 *   format) key, with INSERT ... ON CONFLICT DO NOTHING.  A second
 *   insert of the same key waits for the first transaction and, once it
 *   commits, inserts nothing: MC_EEXISTS, never a second credential.
 * - Status index allocation: the server-side function mc_status_alloc()
 *   (store_pg_schema.c, version 11), one statement and one round trip per
 *   index, takes the next number of the list's counter (a SEQUENCE, which
 *   never hands a number out twice and never waits for another
 *   transaction) through a keyed permutation of the list's indexes, and
 *   adds the status_entries row, whose primary key would refuse an index
 *   handed out twice.  Two nodes allocate in one list at once; only making
 *   a list or a counter takes a transaction-level advisory lock on
 *   (organisation, purpose).  An index allocated by a transaction that
 *   rolls back is never handed out again.
 * - Storing a credential is one call of mc_cred_put(): the insert, the
 *   links to its status entries and the refusals in one round trip.
 *
 * Bits are numbered as in the Bitstring Status List (MSB first: byte
 * index / 8, mask 0x80 >> index % 8); PostgreSQL's get_bit/set_bit count
 * from the least significant bit of each byte, hence pg_bit().
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const char *const format_names[] = {"ob3", "vc-jwt", "edc"};

static int purpose_valid(const char *purpose)
{
	return strcmp(purpose, "revocation") == 0 ||
	       strcmp(purpose, "suspension") == 0;
}

static const char *format_name(mc_credential_format f)
{
	return (int)f >= 0 && (size_t)f < MC__ARRAY_SIZE(format_names)
		   ? format_names[f]
		   : NULL;
}

static int format_value(const char *name)
{
	size_t i;

	for (i = 0; name && i < MC__ARRAY_SIZE(format_names); i++)
		if (strcmp(format_names[i], name) == 0)
			return (int)i;
	return -1;
}

/* PostgreSQL's number for status bit `index`. */
static long long pg_bit(size_t index)
{
	return (long long)(index / 8 * 8 + 7 - index % 8);
}

/* ---- credentials -------------------------------------------------------- */

/* One call of mc_cred_put() (store_pg_schema.c, version 11). */
static const struct mc__pg_sql CRED_PUT = {
    "cred_put", "SELECT o_code, o_ref FROM mc_cred_put($1, $2, $3, $4, $5,"
		" $6, $7, $8, $9, $10, $11)"};
static const struct mc__pg_sql CRED_GET = {
    "cred_get", "SELECT id, mc_id, mc_version, org_id, format, data,"
		" issued_at FROM credentials WHERE id = $1"};
static const struct mc__pg_sql CRED_FIND = {
    "cred_find", "SELECT id, mc_id, mc_version, org_id, format, data,"
		 " issued_at FROM credentials WHERE mc_id = $1"
		 " AND mc_version = $2 AND learner_key = $3 AND format = $4"};
static const struct mc__pg_sql CRED_IDS_OF_MC = {
    "cred_ids_of_mc", "SELECT id FROM credentials WHERE mc_id = $1"
		      " ORDER BY seq"};
static const struct mc__pg_sql CRED_SIBLINGS = {
    "cred_siblings",
    "SELECT b.id, b.format FROM credentials a JOIN credentials b"
    " ON b.mc_id = a.mc_id AND b.mc_version = a.mc_version"
    " AND b.learner_key = a.learner_key AND b.seq <> a.seq"
    " WHERE a.id = $1 ORDER BY b.seq"};
static const struct mc__pg_sql CRED_REFS = {
    "cred_refs", "SELECT e.purpose, l.url, e.idx FROM credentials c"
		 " JOIN status_entries e ON e.credential_seq = c.seq"
		 " JOIN status_lists l ON l.seq = e.list_seq"
		 " WHERE c.id = $1 ORDER BY e.purpose"};
static const struct mc__pg_sql CRED_EXISTS = {
    "cred_exists", "SELECT 1 FROM credentials WHERE id = $1"};

/* The fields of `refs` as three PostgreSQL array literals (URLs quoted
 * with their '"' and '\\' escaped), into `urls`, `idx` and `purposes`.
 * MC_EUSAGE for an entry without a list. */
static int ref_arrays(struct mc__pg *h, mc_buf *urls, mc_buf *idx,
		      mc_buf *purposes, const char *id,
		      const struct mc__status_ref *refs, size_t nrefs)
{
	const char *p;
	size_t i;
	int error = 0;

	error = mc__buf_puts(urls, "{") || mc__buf_puts(idx, "{") ||
		mc__buf_puts(purposes, "{");
	for (i = 0; !error && i < nrefs; i++) {
		if (!refs[i].list_url)
			return mc__store_error(&h->base, MC_EUSAGE,
					       "credential %s: status entry "
					       "%zu has no list",
					       id, i);
		error = mc__buf_puts(urls, i ? ",\"" : "\"");
		for (p = refs[i].list_url; !error && *p; p++)
			error =
			    (*p == '"' || *p == '\\' ? mc__buf_puts(urls, "\\")
						     : 0) ||
			    mc__buf_add(urls, p, 1);
		error =
		    error || mc__buf_puts(urls, "\"") ||
		    mc__buf_printf(idx, "%s%zu", i ? "," : "", refs[i].index) ||
		    mc__buf_printf(purposes, "%s%s", i ? "," : "",
				   refs[i].purpose);
	}
	error = error || mc__buf_puts(urls, "}") || mc__buf_puts(idx, "}") ||
		mc__buf_puts(purposes, "}");
	return error ? mc__pg_nomem(h) : 0;
}

/* One statement, one round trip: mc_cred_put() inserts the credential
 * and links its status entries (allocated by status_alloc, not yet used),
 * undoing both when it refuses, so the caller's transaction stays usable
 * and no savepoint is needed. */
static int cred_put(mc_store *s, const mc_credential *c,
		    const char *learner_key, const struct mc__status_ref *refs,
		    size_t nrefs)
{
	struct mc__pg *h = mc__pg(s);
	const char *format = format_name(c->format);
	const char *issued_at = c->issued_at, *code;
	mc_buf urls = MC_BUF_INIT(1 << 20), idx = MC_BUF_INIT(1 << 20),
	       purposes = MC_BUF_INIT(1 << 20);
	PGresult *res = NULL;
	char now[21], version[24], *hex = NULL;
	long long ref;
	int error;

	if (!c->id || !c->mc_id || c->mc_version < 1 || !c->org_id || !format ||
	    !c->data || !learner_key || (nrefs && !refs))
		return mc__store_error(s, MC_EUSAGE,
				       "cred_put: needs an id, an MC version, "
				       "an organisation, a known format, the "
				       "data and a learner key");
	if (!issued_at) {
		mc__utc_now(now);
		issued_at = now;
	}
	if ((error = ref_arrays(h, &urls, &idx, &purposes, c->id, refs, nrefs)))
		goto cleanup;
	if (!(hex = mc__pg_hex((const unsigned char *)c->data, c->len))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	if ((error = MC__PG_EXEC(h, &res, &CRED_PUT, "credential", c->id,
				 c->mc_id, mc__pg_int(version, c->mc_version),
				 c->org_id, format, learner_key, hex, issued_at,
				 urls.ptr, idx.ptr, purposes.ptr)))
		goto cleanup;
	code = PQgetvalue(res, 0, 0);
	ref = mc__pg_ll(res, 0, 1);
	if (strcmp(code, "id") == 0)
		error = mc__store_error(s, MC_EEXISTS, "credential %s: exists",
					c->id);
	else if (strcmp(code, "learner") == 0)
		error = mc__store_error(s, MC_EEXISTS,
					"%s v%u: a %s credential was already "
					"issued to learner %s",
					c->mc_id, c->mc_version, format,
					learner_key);
	else if (strcmp(code, "mc") == 0)
		error = mc__store_error(s, MC_ENOTFOUND,
					"credential %s: %s v%u: not found",
					c->id, c->mc_id, c->mc_version);
	else if (strcmp(code, "ref") == 0 && ref >= 0 && (size_t)ref < nrefs)
		error =
		    mc__store_error(s, MC_EINVALID,
				    "credential %s: %s index %zu of %s: not "
				    "allocated, or already in use",
				    c->id, refs[ref].purpose, refs[ref].index,
				    refs[ref].list_url);
	else if (strcmp(code, "ok") != 0)
		error = mc__store_error(s, MC_EDB, "credential %s: %s", c->id,
					code);

cleanup:
	PQclear(res);
	free(hex);
	mc__buf_free(&urls);
	mc__buf_free(&idx);
	mc__buf_free(&purposes);
	return error;
}

/* Read the credential of row 0 of `res` (id, mc_id, mc_version, org_id,
 * format, data, issued_at). */
static int cred_read(struct mc__pg *h, mc_credential **out, PGresult *res)
{
	mc_credential *c = NULL;
	int format, error = 0;

	*out = NULL;
	if (!(c = calloc(1, sizeof(*c))))
		return mc__pg_nomem(h);
	c->id = mc__pg_dup(res, 0, 0, &error);
	c->mc_id = mc__pg_dup(res, 0, 1, &error);
	c->mc_version = (unsigned)mc__pg_ll(res, 0, 2);
	c->org_id = mc__pg_dup(res, 0, 3, &error);
	c->issued_at = mc__pg_dup(res, 0, 6, &error);
	if (error || !(c->data = (char *)mc__pg_bytea(res, 0, 5, &c->len))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	if ((format = format_value(PQgetvalue(res, 0, 4))) < 0) {
		error = mc__store_error(&h->base, MC_EDB,
					"credential %s: unknown format %s",
					c->id, PQgetvalue(res, 0, 4));
		goto cleanup;
	}
	c->format = (mc_credential_format)format;
	*out = c;
	c = NULL;

cleanup:
	mc_credential_free(c);
	return error;
}

static int cred_get(mc_store *s, mc_credential **out, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &CRED_GET, 1, &id, "credential",
				"credential %s: not found", id)))
		return error;
	error = cred_read(h, out, res);
	PQclear(res);
	return error;
}

static int cred_find(mc_store *s, mc_credential **out, const char *mc_id,
		     unsigned mc_version, const char *learner_key,
		     mc_credential_format format)
{
	struct mc__pg *h = mc__pg(s);
	const char *name = format_name(format);
	PGresult *res = NULL;
	char version[24];
	int error;

	*out = NULL;
	if (!name)
		return mc__store_error(s, MC_EUSAGE, "format %d: unknown",
				       (int)format);
	if ((error = mc__pg_row(
		 h, &res, &CRED_FIND, 4,
		 (const char *[]){mc_id, mc__pg_int(version, mc_version),
				  learner_key, name},
		 "credential", "%s v%u: no %s credential issued to learner %s",
		 mc_id, mc_version, name, learner_key)))
		return error;
	error = cred_read(h, out, res);
	PQclear(res);
	return error;
}

static int cred_ids_of_mc(mc_store *s, mc_strlist *out, const char *mc_id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	if ((error =
		 MC__PG_EXEC(h, &res, &CRED_IDS_OF_MC, "credentials", mc_id)))
		return error;
	if ((error = mc__pg_list_ids(h, out, res, 0)))
		mc_strlist_clear(out);
	PQclear(res);
	return error;
}

static int ref_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_credential_ref *r = elem;
	int format = format_value(PQgetvalue(res, i, 1));
	int error = 0;

	r->format = format < 0 ? MC_FORMAT_OB3 : (mc_credential_format)format;
	r->id = mc__pg_dup(res, i, 0, &error);
	return error ? mc__pg_nomem(h) : 0;
}

static int cred_siblings(mc_store *s, mc_credential_ref **out, size_t *count,
			 const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &CRED_SIBLINGS, "credentials", id)))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)out, count, sizeof(**out), ref_row);
	PQclear(res);
	if (error) {
		mc_credential_refs_free(*out, *count);
		*out = NULL;
		*count = 0;
	}
	return error;
}

static int cred_status_refs(mc_store *s, struct mc__status_ref **out,
			    size_t *count, const char *cred_id)
{
	struct mc__pg *h = mc__pg(s);
	struct mc__status_ref *list = NULL;
	PGresult *res = NULL;
	int i, n, error = 0;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &CRED_REFS, "credential status",
				 cred_id)))
		return error;
	n = PQntuples(res);
	if (n == 0) {
		PQclear(res);
		error =
		    mc__pg_row(h, &res, &CRED_EXISTS, 1, &cred_id, "credential",
			       "credential %s: not found", cred_id);
		PQclear(res);
		return error;
	}
	if (!(list = calloc((size_t)n, sizeof(*list)))) {
		PQclear(res);
		return mc__pg_nomem(h);
	}
	for (i = 0; i < n && !error; i++) {
		snprintf(list[i].purpose, sizeof(list[i].purpose), "%s",
			 PQgetvalue(res, i, 0));
		list[i].index = (size_t)mc__pg_ll(res, i, 2);
		if (!(list[i].list_url = mc__pg_dup(res, i, 1, &error)))
			error = mc__pg_nomem(h);
	}
	PQclear(res);
	if (error) {
		for (i = 0; i < n; i++)
			free(list[i].list_url);
		free(list);
		return error;
	}
	*out = list;
	*count = (size_t)n;
	return 0;
}

/* ---- credentials listed --------------------------------------------------
 */

/* Both filters are optional: NULL matches every row. */
static const struct mc__pg_sql CRED_TOTAL = {
    "cred_total", "SELECT count(*) FROM credentials c"
		  " WHERE ($1::text IS NULL OR c.org_id = $1)"
		  " AND ($2::text IS NULL OR c.mc_id = $2)"};
static const struct mc__pg_sql CRED_LIST = {
    "cred_list",
    "SELECT c.id, c.mc_id, c.mc_version, c.org_id, c.format, c.issued_at,"
    " c.data,"
    " CASE WHEN er.idx IS NULL THEN 0"
    "  ELSE get_bit(lr.bits, er.idx / 8 * 8 + 7 - er.idx % 8) END,"
    " CASE WHEN es.idx IS NULL THEN 0"
    "  ELSE get_bit(ls.bits, es.idx / 8 * 8 + 7 - es.idx % 8) END"
    " FROM credentials c"
    " LEFT JOIN status_entries er ON er.credential_seq = c.seq"
    "  AND er.purpose = 'revocation'"
    " LEFT JOIN status_lists lr ON lr.seq = er.list_seq"
    " LEFT JOIN status_entries es ON es.credential_seq = c.seq"
    "  AND es.purpose = 'suspension'"
    " LEFT JOIN status_lists ls ON ls.seq = es.list_seq"
    " WHERE ($1::text IS NULL OR c.org_id = $1)"
    " AND ($2::text IS NULL OR c.mc_id = $2)"
    " ORDER BY c.seq DESC LIMIT $3 OFFSET $4"};

static int cred_list(mc_store *s, mc_credential_summary **out, char ***data,
		     size_t *count, size_t *total, const char *org_id,
		     const char *mc_id, size_t offset, size_t limit)
{
	struct mc__pg *h = mc__pg(s);
	mc_credential_summary *list = NULL;
	char **texts = NULL, lim[24], off[24];
	PGresult *res = NULL;
	size_t n = 0;
	int i, rows, error = 0;

	*out = NULL;
	*data = NULL;
	*count = 0;
	if (total) {
		if ((error = MC__PG_EXEC(h, &res, &CRED_TOTAL, "credentials",
					 org_id, mc_id)))
			return error;
		*total = (size_t)mc__pg_ll(res, 0, 0);
		PQclear(res);
		res = NULL;
	}
	if ((error = MC__PG_EXEC(h, &res, &CRED_LIST, "credentials", org_id,
				 mc_id, mc__pg_int(lim, (long long)limit),
				 mc__pg_int(off, (long long)offset))))
		return error;
	rows = PQntuples(res);
	if (rows && (!(list = calloc((size_t)rows, sizeof(*list))) ||
		     !(texts = calloc((size_t)rows, sizeof(*texts))))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	for (i = 0; i < rows && !error; i++) {
		mc_credential_summary *c = &list[i];
		unsigned char *bytes;
		size_t len = 0;

		n++;
		c->id = mc__pg_dup(res, i, 0, &error);
		c->mc_id = mc__pg_dup(res, i, 1, &error);
		c->mc_version = (unsigned)mc__pg_ll(res, i, 2);
		c->org_id = mc__pg_dup(res, i, 3, &error);
		if (mc_credential_format_parse(&c->format,
					       PQgetvalue(res, i, 4)) < 0)
			c->format = MC_FORMAT_OB3;
		c->issued_at = mc__pg_dup(res, i, 5, &error);
		if (!(bytes = mc__pg_bytea(res, i, 6, &len)))
			error = MC_ENOMEM;
		texts[i] = (char *)bytes;
		if (mc__pg_ll(res, i, 7))
			c->state = MC_CRED_REVOKED;
		else if (mc__pg_ll(res, i, 8))
			c->state = MC_CRED_SUSPENDED;
		else
			c->state = MC_CRED_ACTIVE;
		if (error)
			error = mc__pg_nomem(h);
	}
	if (error)
		goto cleanup;
	*out = list;
	*data = texts;
	*count = n;
	list = NULL;
	texts = NULL;

cleanup:
	PQclear(res);
	mc_credential_summaries_free(list, n);
	if (texts) {
		size_t k;

		for (k = 0; k < n; k++)
			free(texts[k]);
		free(texts);
	}
	return error;
}

/* ---- status lists ------------------------------------------------------- */

static const struct mc__pg_sql SL_FIND = {
    "sl_find", "SELECT seq, size FROM status_lists WHERE url = $1"};
static const struct mc__pg_sql SL_BIT = {
    "sl_bit", "SELECT size, CASE WHEN $2::bigint < size"
	      " THEN get_bit(bits, $3::bigint) ELSE 0 END"
	      " FROM status_lists WHERE url = $1"};
/* One round trip: a list that is not there, or an index past its end,
 * changes no row, and status_set() asks SL_FIND which it was. */
static const struct mc__pg_sql SL_SET = {
    "sl_set", "UPDATE status_lists SET bits = set_bit(bits, $2::bigint,"
	      " $3::integer), signed_json = NULL, updated_at = $4"
	      " WHERE url = $1 AND $5::bigint < size RETURNING seq"};
/* status_set_many(): the list's bits read under a row lock and written
 * back once. */
static const struct mc__pg_sql SL_BITS_LOCK = {
    "sl_bits_lock",
    "SELECT size, bits FROM status_lists WHERE url = $1 FOR UPDATE"};
static const struct mc__pg_sql SL_BITS_PUT = {
    "sl_bits_put", "UPDATE status_lists SET bits = $2::bytea,"
		   " signed_json = NULL, updated_at = $3 WHERE url = $1"};
static const struct mc__pg_sql SL_GET = {
    "sl_get", "SELECT url, org_id, purpose, size, bits, signed_json,"
	      " updated_at FROM status_lists WHERE url = $1"};
static const struct mc__pg_sql SL_SIGNED = {
    "sl_signed", "UPDATE status_lists SET signed_json = $2 WHERE url = $1"};
static const struct mc__pg_sql SL_INFOS = {
    "sl_infos", "SELECT url, org_id, purpose, size, (SELECT count(*)"
		" FROM status_entries e WHERE e.list_seq = l.seq),"
		" bit_count(bits) FROM status_lists l"
		" ORDER BY org_id, purpose, seq"};

/* Allocation is one call of mc_status_alloc() (store_pg_schema.c). */
static const struct mc__pg_sql SL_ALLOC = {
    "sl_alloc", "SELECT o_url, o_idx FROM mc_status_alloc($1, $2, $3, $4,"
		" $5, $6)"};

static int status_alloc(mc_store *s, struct mc__status_ref *ref,
			const char *org_id, uint32_t random)
{
	struct mc__pg *h = mc__pg(s);
	const char *base =
	    h->base.base_url ? h->base.base_url : MC_DEFAULT_BASE_URL;
	char rnd[24], size[24], now[21];
	PGresult *res = NULL;
	int error = 0;

	ref->list_url = NULL;
	ref->index = 0;
	if (!org_id || !purpose_valid(ref->purpose))
		return mc__store_error(s, MC_EUSAGE,
				       "status_alloc: needs an organisation "
				       "and a purpose (revocation or "
				       "suspension), got \"%s\"",
				       ref->purpose);
	mc__utc_now(now);
	if ((error = MC__PG_EXEC(
		 h, &res, &SL_ALLOC, "status list", org_id, ref->purpose,
		 mc__pg_int(rnd, (long long)random),
		 mc__pg_int(size, h->status_list_size
				      ? (long long)h->status_list_size
				      : MC_STATUS_LIST_SIZE),
		 base, now)))
		return error;
	ref->index = (size_t)mc__pg_ll(res, 0, 1);
	if (!(ref->list_url = mc__pg_dup(res, 0, 0, &error)))
		error = mc__pg_nomem(h);
	PQclear(res);
	return error;
}

/* Find list `url`: its seq and size in bits.  MC_ENOTFOUND. */
static int list_find(struct mc__pg *h, char seq[24], long long *size,
		     const char *url)
{
	PGresult *res = NULL;
	int error;

	if ((error = mc__pg_row(h, &res, &SL_FIND, 1, &url, "status list",
				"status list %s: not found", url)))
		return error;
	snprintf(seq, 24, "%s", PQgetvalue(res, 0, 0));
	*size = mc__pg_ll(res, 0, 1);
	PQclear(res);
	return 0;
}

static int status_get(mc_store *s, int *bit, const char *list_url, size_t index)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	char idx[24], pgb[24];
	long long size;
	int error;

	*bit = 0;
	if ((error = mc__pg_row(
		 h, &res, &SL_BIT, 3,
		 (const char *[]){list_url, mc__pg_int(idx, (long long)index),
				  mc__pg_int(pgb, pg_bit(index))},
		 "status list", "status list %s: not found", list_url)))
		return error;
	size = mc__pg_ll(res, 0, 0);
	*bit = (int)mc__pg_ll(res, 0, 1);
	PQclear(res);
	if ((long long)index >= size)
		return mc__store_error(s, MC_EINVALID,
				       "status list %s: index %zu is past its "
				       "%lld entries",
				       list_url, index, size);
	return 0;
}

static int status_set(mc_store *s, const char *list_url, size_t index, int bit)
{
	struct mc__pg *h = mc__pg(s);
	char seq[24], idx[24], pgb[24], now[21];
	long long size = 0;
	PGresult *res = NULL;
	int error, changed;

	mc__utc_now(now);
	if ((error =
		 MC__PG_EXEC(h, &res, &SL_SET, "status list", list_url,
			     mc__pg_int(pgb, pg_bit(index)), bit ? "1" : "0",
			     now, mc__pg_int(idx, (long long)index))))
		return error;
	changed = PQntuples(res) > 0;
	PQclear(res);
	if (changed)
		return 0;
	if ((error = list_find(h, seq, &size, list_url)))
		return error;
	return mc__store_error(s, MC_EINVALID,
			       "status list %s: index %zu is past its "
			       "%lld entries",
			       list_url, index, size);
}

/*
 * Many bits of one list in two round trips, whatever their number:
 * changing the row once a bit inside one transaction leaves a version of
 * the 16 KiB row per bit that every later read of it walks past, so a
 * revocation of N credentials cost N^2.  Bits are MSB first in each byte
 * (index / 8, mask 0x80 >> index % 8), as the list is published.
 */
static int status_set_many(mc_store *s, const char *list_url,
			   const size_t *index, const unsigned char *bit,
			   size_t n)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	unsigned char *bits = NULL;
	char *hex = NULL, now[21];
	size_t len = 0, i;
	long long size;
	int error;

	if ((error =
		 mc__pg_row(h, &res, &SL_BITS_LOCK, 1, &list_url, "status list",
			    "status list %s: not found", list_url)))
		return error;
	size = mc__pg_ll(res, 0, 0);
	if (!(bits = mc__pg_bytea(res, 0, 1, &len))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		if ((long long)index[i] >= size || index[i] / 8 >= len) {
			error = mc__store_error(s, MC_EINVALID,
						"status list %s: index %zu is "
						"past its %lld entries",
						list_url, index[i], size);
			goto cleanup;
		}
		if (bit[i])
			bits[index[i] / 8] |=
			    (unsigned char)(0x80u >> index[i] % 8);
		else
			bits[index[i] / 8] &=
			    (unsigned char)~(0x80u >> index[i] % 8);
	}
	if (!(hex = mc__pg_hex(bits, len))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	mc__utc_now(now);
	error = MC__PG_EXEC(h, NULL, &SL_BITS_PUT, "status list", list_url, hex,
			    now);

cleanup:
	free(hex);
	free(bits);
	PQclear(res);
	return error;
}

static int status_list_get(mc_store *s, struct mc__status_list **out,
			   const char *url)
{
	struct mc__pg *h = mc__pg(s);
	struct mc__status_list *l = NULL;
	PGresult *res = NULL;
	size_t len = 0;
	int error = 0;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &SL_GET, 1, &url, "status list",
				"status list %s: not found", url)))
		return error;
	if (!(l = calloc(1, sizeof(*l)))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	l->url = mc__pg_dup(res, 0, 0, &error);
	l->org_id = mc__pg_dup(res, 0, 1, &error);
	snprintf(l->purpose, sizeof(l->purpose), "%s", PQgetvalue(res, 0, 2));
	l->size = (size_t)mc__pg_ll(res, 0, 3);
	l->signed_json = mc__pg_dup(res, 0, 5, &error);
	l->updated_at = mc__pg_dup(res, 0, 6, &error);
	if (error || !(l->bits = mc__pg_bytea(res, 0, 4, &len))) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	if (len * 8 != l->size) {
		error = mc__store_error(s, MC_EDB,
					"status list %s: %zu bytes of bits "
					"for %zu entries",
					url, len, l->size);
		goto cleanup;
	}
	*out = l;
	l = NULL;

cleanup:
	PQclear(res);
	mc__status_list_free(l);
	return error;
}

static int status_list_put_signed(mc_store *s, const char *url,
				  const char *signed_json)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	long long changed;
	int error;

	if ((error = MC__PG_EXEC(h, &res, &SL_SIGNED, "status list", url,
				 signed_json)))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	if (changed == 0)
		return mc__store_error(s, MC_ENOTFOUND,
				       "status list %s: not found", url);
	return 0;
}

static int info_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_status_list_info *l = elem;
	int error = 0;

	l->url = mc__pg_dup(res, i, 0, &error);
	l->org_id = mc__pg_dup(res, i, 1, &error);
	l->purpose = mc__pg_dup(res, i, 2, &error);
	l->size = (size_t)mc__pg_ll(res, i, 3);
	l->used = (size_t)mc__pg_ll(res, i, 4);
	l->set = (size_t)mc__pg_ll(res, i, 5);
	return error ? mc__pg_nomem(h) : 0;
}

static int status_list_infos(mc_store *s, mc_status_list_info **out,
			     size_t *count)
{
	struct mc__pg *h = mc__pg(s);
	mc_status_list_info *list = NULL;
	PGresult *res = NULL;
	size_t i, n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = mc__pg_exec(h, &res, &SL_INFOS, "status lists", 0, NULL)))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), info_row);
	PQclear(res);
	if (error) {
		for (i = 0; i < n; i++) {
			free(list[i].url);
			free(list[i].org_id);
			free(list[i].purpose);
		}
		free(list);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

const struct mc__store_cred_ops mc__pg_cred = {
    .cred_put = cred_put,
    .cred_get = cred_get,
    .cred_find = cred_find,
    .cred_ids_of_mc = cred_ids_of_mc,
    .cred_siblings = cred_siblings,
    .cred_status_refs = cred_status_refs,
    .cred_list = cred_list,
    .status_alloc = status_alloc,
    .status_set = status_set,
    .status_set_many = status_set_many,
    .status_get = status_get,
    .status_list_get = status_list_get,
    .status_list_put_signed = status_list_put_signed,
    .status_list_infos = status_list_infos,
};
