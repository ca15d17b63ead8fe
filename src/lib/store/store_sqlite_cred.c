/*
 * SQLite backend: issuer keys (public parts and the sealed private part),
 * issued credentials kept as their exact bytes, Bitstring status lists
 * with their allocated indexes, and the append-only audit log (schema v2).
 *
 * Index allocation lives in the database, not in a process: an allocated
 * index is a status_entries row written inside the caller's transaction,
 * which the framework opens with BEGIN IMMEDIATE (the write lock first),
 * so two writers never hand out the same index, and an issue that rolls
 * back leaves its index free.  The probe for a free index reads the
 * list's `taken` bits, kept in step with the rows in the same
 * transaction.  Roster idempotency is the UNIQUE constraint on (mc_id,
 * mc_version, learner_key, format).
 *
 * Every write that touches several rows runs in its own nested
 * transaction, as in store_sqlite.c.
 */
#include "store_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* How credential formats are stored. */
static const char *const format_names[] = {"ob3", "vc-jwt", "edc"};

static int purpose_valid(const char *purpose)
{
	return strcmp(purpose, "revocation") == 0 ||
	       strcmp(purpose, "suspension") == 0;
}

/* ---- credentials -------------------------------------------------------- */

static const char sql_cred_link[] =
    "UPDATE status_entries SET credential_seq = ?1"
    " WHERE list_seq = (SELECT seq FROM status_lists"
    "  WHERE url = ?2) AND idx = ?3 AND purpose = ?4"
    " AND credential_seq IS NULL";

/* Link the status entries `refs` (allocated by status_alloc, not yet
 * used) to credential `seq`. */
static int link_refs(struct mc__sqlite *h, sqlite3_int64 seq, const char *id,
		     const struct mc__status_ref *refs, size_t nrefs)
{
	sqlite3_stmt *st;
	size_t i;
	int error;

	for (i = 0; i < nrefs; i++) {
		if (!refs[i].list_url)
			return mc__store_error(&h->base, MC_EUSAGE,
					       "credential %s: status entry "
					       "%zu has no list",
					       id, i);
		if (!(st = mc__sq_stmt(h, sql_cred_link)))
			return MC_EDB;
		sqlite3_bind_int64(st, 1, seq);
		mc__sq_bind_text(st, 2, refs[i].list_url);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)refs[i].index);
		mc__sq_bind_text(st, 4, refs[i].purpose);
		if ((error = mc__sq_step_done(h, st, "credential status")))
			return error;
		if (sqlite3_changes(h->db) != 1)
			return mc__store_error(
			    &h->base, MC_EINVALID,
			    "credential %s: %s index %zu of %s: not "
			    "allocated, or already in use",
			    id, refs[i].purpose, refs[i].index,
			    refs[i].list_url);
	}
	return 0;
}

static const char sql_cred_ins[] =
    "INSERT INTO credentials(id, mc_id, mc_version,"
    " org_id, format, learner_key, data, issued_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

static int cred_put(mc_store *s, const mc_credential *c,
		    const char *learner_key, const struct mc__status_ref *refs,
		    size_t nrefs)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *format = mc__sq_name_of(
	    format_names, MC__ARRAY_SIZE(format_names), c->format);
	const char *issued_at = c->issued_at;
	sqlite3_stmt *st;
	char now[21];
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
	if ((error = mc__sq_begin(s)))
		return error;
	if (!(st = mc__sq_stmt(h, sql_cred_ins))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, c->id);
	mc__sq_bind_text(st, 2, c->mc_id);
	sqlite3_bind_int64(st, 3, c->mc_version);
	mc__sq_bind_text(st, 4, c->org_id);
	mc__sq_bind_text(st, 5, format);
	mc__sq_bind_text(st, 6, learner_key);
	sqlite3_bind_blob64(st, 7, c->data, c->len, SQLITE_STATIC);
	mc__sq_bind_text(st, 8, issued_at);
	if (!(error = mc__sq_insert(h, st, "credential"))) {
		error = link_refs(h, sqlite3_last_insert_rowid(h->db), c->id,
				  refs, nrefs);
		goto cleanup;
	}
	if (error == MC_EEXISTS &&
	    strstr(sqlite3_errmsg(h->db), "credentials.id"))
		error = mc__store_error(s, MC_EEXISTS, "credential %s: exists",
					c->id);
	else if (error == MC_EEXISTS)
		error = mc__store_error(s, MC_EEXISTS,
					"%s v%u: a %s credential was already "
					"issued to learner %s",
					c->mc_id, c->mc_version, format,
					learner_key);
	else if (error == MC_ENOTFOUND)
		error = mc__store_error(s, MC_ENOTFOUND,
					"credential %s: %s v%u: not found",
					c->id, c->mc_id, c->mc_version);

cleanup:
	return mc__sq_finish(s, error);
}

/* Read the credential a bound statement (id, mc_id, mc_version, org_id,
 * format, data, issued_at) finds; MC_ENOTFOUND without a message when it
 * finds none. */
static int cred_read(struct mc__sqlite *h, mc_credential **out,
		     sqlite3_stmt *st)
{
	mc_credential *c = NULL;
	int format, error = 0;

	*out = NULL;
	if ((error = mc__sq_row(h, st, "credential", NULL)))
		goto cleanup;
	if (!(c = calloc(1, sizeof(*c)))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	c->id = mc__sq_col_dup(st, 0, &error);
	c->mc_id = mc__sq_col_dup(st, 1, &error);
	c->mc_version = (unsigned)sqlite3_column_int64(st, 2);
	c->org_id = mc__sq_col_dup(st, 3, &error);
	c->issued_at = mc__sq_col_dup(st, 6, &error);
	if (error || !(c->data = (char *)mc__sq_blob_dup(st, 5, &c->len))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	format = mc__sq_value_of(format_names, MC__ARRAY_SIZE(format_names),
				 (const char *)sqlite3_column_text(st, 4));
	if (format < 0) {
		error = mc__store_error(&h->base, MC_EDB,
					"credential %s: unknown format %s",
					c->id, sqlite3_column_text(st, 4));
		goto cleanup;
	}
	c->format = (mc_credential_format)format;
	*out = c;
	c = NULL;

cleanup:
	sqlite3_reset(st);
	mc_credential_free(c);
	return error;
}

static const char sql_cred_get[] =
    "SELECT id, mc_id, mc_version, org_id, format, data,"
    " issued_at FROM credentials WHERE id = ?1";

static int cred_get(mc_store *s, mc_credential **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_cred_get);
	int error;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = cred_read(h, out, st)) == MC_ENOTFOUND)
		mc__store_error(s, error, "credential %s: not found", id);
	return error;
}

static const char sql_cred_find[] =
    "SELECT id, mc_id, mc_version, org_id, format, data,"
    " issued_at FROM credentials WHERE mc_id = ?1"
    " AND mc_version = ?2 AND learner_key = ?3"
    " AND format = ?4";

static int cred_find(mc_store *s, mc_credential **out, const char *mc_id,
		     unsigned mc_version, const char *learner_key,
		     mc_credential_format format)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *name =
	    mc__sq_name_of(format_names, MC__ARRAY_SIZE(format_names), format);
	sqlite3_stmt *st;
	int error;

	*out = NULL;
	if (!name)
		return mc__store_error(s, MC_EUSAGE, "format %d: unknown",
				       (int)format);
	if (!(st = mc__sq_stmt(h, sql_cred_find)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, mc_id);
	sqlite3_bind_int64(st, 2, mc_version);
	mc__sq_bind_text(st, 3, learner_key);
	mc__sq_bind_text(st, 4, name);
	if ((error = cred_read(h, out, st)) == MC_ENOTFOUND)
		mc__store_error(s, error,
				"%s v%u: no %s credential issued to learner "
				"%s",
				mc_id, mc_version, name, learner_key);
	return error;
}

static const char sql_cred_ids_of_mc[] =
    "SELECT id FROM credentials WHERE mc_id = ?1"
    " ORDER BY seq";

static int cred_ids_of_mc(mc_store *s, mc_strlist *out, const char *mc_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_cred_ids_of_mc);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, mc_id);
	if ((error = mc__sq_each(h, st, mc__sq_id_row, out, "credentials")))
		mc_strlist_clear(out);
	return error;
}

static int ref_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_credential_ref *r = elem;
	int format = mc__sq_value_of(format_names, MC__ARRAY_SIZE(format_names),
				     (const char *)sqlite3_column_text(st, 1));
	int error = 0;

	r->format = format < 0 ? MC_FORMAT_OB3 : (mc_credential_format)format;
	r->id = mc__sq_col_dup(st, 0, &error);
	return error ? mc__sq_nomem(h) : 0;
}

/* The unary + keeps ORDER BY from choosing credentials_mc (mc_id, seq),
 * which walks every credential of the MC, over the unique (mc_id,
 * mc_version, learner_key, format) index, which finds the few twins: each
 * revocation looks its twins up, so this is paid per credential revoked. */
static int cred_siblings(mc_store *s, mc_credential_ref **out, size_t *count,
			 const char *id)
{
	static const char sql[] =
	    "SELECT b.id, b.format FROM credentials a JOIN credentials b"
	    " ON b.mc_id = a.mc_id AND b.mc_version = a.mc_version"
	    " AND b.learner_key = a.learner_key AND b.seq <> a.seq"
	    " WHERE a.id = ?1 ORDER BY +b.seq";
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_rows(h, st, (void **)out, count, sizeof(**out),
				 ref_row, "credentials")) < 0) {
		mc_credential_refs_free(*out, *count);
		*out = NULL;
		*count = 0;
	}
	return error;
}

static const char sql_cred_refs[] =
    "SELECT e.purpose, l.url, e.idx FROM credentials c"
    " JOIN status_entries e ON e.credential_seq = c.seq"
    " JOIN status_lists l ON l.seq = e.list_seq"
    " WHERE c.id = ?1 ORDER BY e.purpose";
static const char sql_cred_exists[] = "SELECT 1 FROM credentials WHERE id = ?1";

/* A status entry (purpose, list_url, index) from a row. */
static int status_ref_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	struct mc__status_ref *r = elem;
	int error = 0;

	snprintf(r->purpose, sizeof(r->purpose), "%s",
		 (const char *)sqlite3_column_text(st, 0));
	r->index = (size_t)sqlite3_column_int64(st, 2);
	if (!(r->list_url = mc__sq_col_dup(st, 1, &error)))
		return mc__sq_nomem(h);
	return 0;
}

static int cred_status_refs(mc_store *s, struct mc__status_ref **out,
			    size_t *count, const char *cred_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_cred_refs);
	struct mc__status_ref *list = NULL;
	size_t i, n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, cred_id);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 status_ref_row, "credential status")))
		goto cleanup;
	if (n == 0 && (error = mc__sq_exists(h, sql_cred_exists, cred_id))) {
		if (error == MC_ENOTFOUND)
			mc__store_error(s, error, "credential %s: not found",
					cred_id);
		goto cleanup;
	}
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	sqlite3_reset(st);
	for (i = 0; list && i < n; i++)
		free(list[i].list_url);
	free(list);
	return error;
}

/* ---- status lists ------------------------------------------------------- */

int mc__sq_set_status_list_size(mc_store *s, size_t size)
{
	if (size % 8)
		return mc__store_error(s, MC_EUSAGE,
				       "status list size %zu: not a "
				       "multiple of 8",
				       size);
	mc__sq(s)->status_list_size = size;
	return 0;
}

static const char sql_sl_count[] = "SELECT count(*) FROM status_lists"
				   " WHERE org_id = ?1 AND purpose = ?2";
static const char sql_sl_ins[] =
    "INSERT INTO status_lists(url, org_id, purpose, size,"
    " bits, taken, used, updated_at)"
    " VALUES(?1, ?2, ?3, ?4, zeroblob(?4 / 8), zeroblob(?4 / 8),"
    " 0, ?5)";

/* Create list N + 1 of (org, purpose), N the lists it has; *seq, *size
 * and *url (caller frees) describe it. */
static int list_create(struct mc__sqlite *h, sqlite3_int64 *seq,
		       sqlite3_int64 *size, char **url, const char *org_id,
		       const char *purpose)
{
	const char *base =
	    h->base.base_url ? h->base.base_url : MC_DEFAULT_BASE_URL;
	sqlite3_stmt *st = mc__sq_stmt(h, sql_sl_count);
	sqlite3_int64 n;
	char now[21];
	int error;

	*url = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	mc__sq_bind_text(st, 2, purpose);
	if ((error = mc__sq_row(h, st, "status list", "status list: no count")))
		return error;
	n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!(*url = mc__asprintf("%s/status/%s/%s/%lld", base, org_id, purpose,
				  (long long)n + 1)))
		return mc__sq_nomem(h);
	*size = h->status_list_size ? (sqlite3_int64)h->status_list_size
				    : MC_STATUS_LIST_SIZE;
	if (!(st = mc__sq_stmt(h, sql_sl_ins)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, *url);
	mc__sq_bind_text(st, 2, org_id);
	mc__sq_bind_text(st, 3, purpose);
	sqlite3_bind_int64(st, 4, *size);
	mc__sq_bind_text(st, 5, now);
	if ((error = mc__sq_step_done(h, st, "status list")))
		return error;
	*seq = sqlite3_last_insert_rowid(h->db);
	return 0;
}

static const char sql_sl_room[] =
    "SELECT seq, url, size FROM status_lists"
    " WHERE org_id = ?1 AND purpose = ?2 AND used < size"
    " ORDER BY seq DESC LIMIT 1";

/* The newest list of (org, purpose) with a free index, created when
 * there is none. */
static int list_with_room(struct mc__sqlite *h, sqlite3_int64 *seq,
			  sqlite3_int64 *size, char **url, const char *org_id,
			  const char *purpose)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql_sl_room);
	int error = 0;

	*url = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	mc__sq_bind_text(st, 2, purpose);
	if ((error = mc__sq_row(h, st, "status list", NULL)) == MC_ENOTFOUND)
		return list_create(h, seq, size, url, org_id, purpose);
	if (error)
		return error;
	*seq = sqlite3_column_int64(st, 0);
	*size = sqlite3_column_int64(st, 2);
	if (!(*url = mc__sq_col_dup(st, 1, &error)))
		error = mc__sq_nomem(h);
	sqlite3_reset(st);
	return error;
}

/* The first clear bit of `map` (`size` bits, MSB first, size a multiple
 * of 8) at or after `from`, wrapping past the end; -1 if all are set. */
static sqlite3_int64 first_clear(const unsigned char *map, size_t size,
				 size_t from)
{
	size_t i, n = 0;

	while (n < size) {
		i = (from + n) % size;
		if (i % 8 == 0 && map[i / 8] == 0xff) {
			n += 8;
			continue;
		}
		if (!(map[i / 8] & (0x80u >> (i % 8))))
			return (sqlite3_int64)i;
		n++;
	}
	return -1;
}

/* Set bit `index` (MSB first: byte index / 8, mask 0x80 >> index % 8) of
 * blob column `column` of list row `seq` in place, touching one byte. */
static int bit_write(struct mc__sqlite *h, sqlite3_int64 seq,
		     const char *column, size_t index, int bit)
{
	sqlite3_blob *blob = NULL;
	unsigned char byte, mask = (unsigned char)(0x80u >> (index % 8));
	int offset = (int)(index / 8), error = 0;

	if (sqlite3_blob_open(h->db, "main", "status_lists", column, seq, 1,
			      &blob) != SQLITE_OK ||
	    sqlite3_blob_read(blob, &byte, 1, offset) != SQLITE_OK) {
		error = mc__sq_error(h, "status list");
		goto cleanup;
	}
	byte =
	    bit ? (unsigned char)(byte | mask) : (unsigned char)(byte & ~mask);
	if (sqlite3_blob_write(blob, &byte, 1, offset) != SQLITE_OK)
		error = mc__sq_error(h, "status list");

cleanup:
	if (blob && sqlite3_blob_close(blob) != SQLITE_OK && !error)
		error = mc__sq_error(h, "status list");
	return error;
}

static const char sql_se_ins[] =
    "INSERT INTO status_entries(list_seq, idx,"
    " credential_seq, purpose) VALUES(?1, ?2, NULL, ?3)";

/* Take the first free index of list `seq` at or after `from`, wrapping:
 * mark it in the list's `taken` bits and add its status_entries row (whose
 * primary key would refuse an index handed out twice).  *out is -1 when
 * the list has no free index. */
static int index_take(struct mc__sqlite *h, sqlite3_int64 *out,
		      sqlite3_int64 seq, sqlite3_int64 size, size_t from,
		      const char *purpose)
{
	sqlite3_blob *blob = NULL;
	unsigned char *map = NULL;
	sqlite3_stmt *st;
	int nbytes = (int)(size / 8), error = 0;

	*out = -1;
	if (sqlite3_blob_open(h->db, "main", "status_lists", "taken", seq, 0,
			      &blob) != SQLITE_OK) {
		error = mc__sq_error(h, "status list");
		goto cleanup;
	}
	if (sqlite3_blob_bytes(blob) != nbytes) {
		error = mc__store_error(
		    &h->base, MC_EDB,
		    "status list %lld: %d bytes of "
		    "allocations for %lld entries",
		    (long long)seq, sqlite3_blob_bytes(blob), (long long)size);
		goto cleanup;
	}
	if (!(map = malloc((size_t)nbytes))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	if (sqlite3_blob_read(blob, map, nbytes, 0) != SQLITE_OK) {
		error = mc__sq_error(h, "status list");
		goto cleanup;
	}
	sqlite3_blob_close(blob);
	blob = NULL;
	if ((*out = first_clear(map, (size_t)size, from)) < 0)
		goto cleanup;
	if ((error = bit_write(h, seq, "taken", (size_t)*out, 1)))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, sql_se_ins))) {
		error = MC_EDB;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, *out);
	mc__sq_bind_text(st, 3, purpose);
	error = mc__sq_step_done(h, st, "status entry");

cleanup:
	if (blob)
		sqlite3_blob_close(blob);
	free(map);
	return error;
}

static const char sql_sl_used[] = "UPDATE status_lists SET used = used + 1"
				  " WHERE seq = ?1";

static int status_alloc(mc_store *s, struct mc__status_ref *ref,
			const char *org_id, uint32_t random)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_int64 seq = 0, size = 0, idx = -1;
	sqlite3_stmt *st;
	char *url = NULL;
	int error;

	ref->list_url = NULL;
	ref->index = 0;
	if (!org_id || !purpose_valid(ref->purpose))
		return mc__store_error(s, MC_EUSAGE,
				       "status_alloc: needs an organisation "
				       "and a purpose (revocation or "
				       "suspension), got \"%s\"",
				       ref->purpose);
	if ((error = mc__sq_begin(s)))
		return error;
	if ((error =
		 list_with_room(h, &seq, &size, &url, org_id, ref->purpose)))
		goto cleanup;
	if ((error =
		 index_take(h, &idx, seq, size,
			    (size_t)(random % (uint64_t)size), ref->purpose)))
		goto cleanup;
	if (idx < 0) {
		error = mc__store_error(s, MC_EDB,
					"status list %s: full, but counted as "
					"having room",
					url);
		goto cleanup;
	}
	if (!(st = mc__sq_stmt(h, sql_sl_used))) {
		error = MC_EDB;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, seq);
	if ((error = mc__sq_step_done(h, st, "status list")))
		goto cleanup;
	ref->list_url = url;
	ref->index = (size_t)idx;
	url = NULL;

cleanup:
	free(url);
	return mc__sq_finish(s, error);
}

static const char sql_sl_find[] =
    "SELECT seq, size FROM status_lists WHERE url = ?1";

/* Find list `url`: its row id and size in bits.  MC_ENOTFOUND. */
static int list_find(struct mc__sqlite *h, sqlite3_int64 *seq,
		     sqlite3_int64 *size, const char *url)
{
	sqlite3_stmt *st = mc__sq_stmt(h, sql_sl_find);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, url);
	if ((error = mc__sq_row(h, st, "status list",
				"status list %s: not found", url)))
		return error;
	*seq = sqlite3_column_int64(st, 0);
	*size = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return 0;
}

static int status_get(mc_store *s, int *bit, const char *list_url, size_t index)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_int64 seq = 0, size = 0;
	sqlite3_blob *blob = NULL;
	unsigned char byte = 0;
	int error;

	if ((error = list_find(h, &seq, &size, list_url)))
		return error;
	if (index >= (size_t)size)
		return mc__store_error(s, MC_EINVALID,
				       "status list %s: index %zu is past its "
				       "%lld entries",
				       list_url, index, (long long)size);
	/* Incremental blob I/O reads the one byte, not the list. */
	if (sqlite3_blob_open(h->db, "main", "status_lists", "bits", seq, 0,
			      &blob) != SQLITE_OK ||
	    sqlite3_blob_read(blob, &byte, 1, (int)(index / 8)) != SQLITE_OK)
		error = mc__sq_error(h, "status list");
	if (blob)
		sqlite3_blob_close(blob);
	*bit = (byte >> (7 - index % 8)) & 1;
	return error;
}

static const char sql_sl_touch[] = "UPDATE status_lists SET signed_json = NULL,"
				   " updated_at = ?2 WHERE seq = ?1";

static int status_set(mc_store *s, const char *list_url, size_t index, int bit)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_int64 seq = 0, size = 0;
	sqlite3_stmt *st;
	char now[21];
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	if ((error = list_find(h, &seq, &size, list_url)))
		goto cleanup;
	if (index >= (size_t)size) {
		error = mc__store_error(s, MC_EINVALID,
					"status list %s: index %zu is past "
					"its %lld entries",
					list_url, index, (long long)size);
		goto cleanup;
	}
	if ((error = bit_write(h, seq, "bits", index, bit)))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, sql_sl_touch))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__utc_now(now);
	sqlite3_bind_int64(st, 1, seq);
	mc__sq_bind_text(st, 2, now);
	error = mc__sq_step_done(h, st, "status list");

cleanup:
	return mc__sq_finish(s, error);
}

/* SQLite rewrites one page a bit anyway: each bit as status_set() does,
 * in one transaction (nested in the caller's). */
static int status_set_many(mc_store *s, const char *list_url,
			   const size_t *index, const unsigned char *bit,
			   size_t n)
{
	size_t i;
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	for (i = 0; i < n && !error; i++)
		error = status_set(s, list_url, index[i], bit[i]);
	return mc__sq_finish(s, error);
}

static const char sql_sl_get[] =
    "SELECT url, org_id, purpose, size, bits, signed_json,"
    " updated_at FROM status_lists WHERE url = ?1";

static int status_list_get(mc_store *s, struct mc__status_list **out,
			   const char *url)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_sl_get);
	struct mc__status_list *l = NULL;
	size_t len = 0;
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, url);
	if ((error = mc__sq_row(h, st, "status list",
				"status list %s: not found", url)))
		goto cleanup;
	if (!(l = calloc(1, sizeof(*l)))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	l->url = mc__sq_col_dup(st, 0, &error);
	l->org_id = mc__sq_col_dup(st, 1, &error);
	snprintf(l->purpose, sizeof(l->purpose), "%s",
		 (const char *)sqlite3_column_text(st, 2));
	l->size = (size_t)sqlite3_column_int64(st, 3);
	l->signed_json = mc__sq_col_dup(st, 5, &error);
	l->updated_at = mc__sq_col_dup(st, 6, &error);
	if (error || !(l->bits = mc__sq_blob_dup(st, 4, &len))) {
		error = mc__sq_nomem(h);
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
	sqlite3_reset(st);
	mc__status_list_free(l);
	return error;
}

static const char sql_sl_signed[] = "UPDATE status_lists SET signed_json = ?2"
				    " WHERE url = ?1";

static int status_list_put_signed(mc_store *s, const char *url,
				  const char *signed_json)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_sl_signed);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, url);
	mc__sq_bind_text(st, 2, signed_json);
	if ((error = mc__sq_step_done(h, st, "status list")))
		return error;
	if (sqlite3_changes(h->db) == 0)
		return mc__store_error(s, MC_ENOTFOUND,
				       "status list %s: not found", url);
	return 0;
}

/* Bits set in `p[0..n)`. */
static size_t popcount(const unsigned char *p, size_t n)
{
	size_t i, count = 0;
	unsigned v;

	for (i = 0; i < n; i++)
		for (v = p[i]; v; v &= v - 1)
			count++;
	return count;
}

/* Free `count` entries of `list` and the array. */
static void infos_free(mc_status_list_info *list, size_t count)
{
	size_t i;

	for (i = 0; list && i < count; i++) {
		free(list[i].url);
		free(list[i].org_id);
		free(list[i].purpose);
	}
	free(list);
}

static const char sql_sl_infos[] =
    "SELECT url, org_id, purpose, size, used, bits"
    " FROM status_lists ORDER BY org_id, purpose, seq";

/* A status list's summary from a row (url, org_id, purpose, size, used,
 * bits). */
static int info_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_status_list_info *l = elem;
	const unsigned char *bits = sqlite3_column_blob(st, 5);
	size_t len = (size_t)sqlite3_column_bytes(st, 5);
	int error = 0;

	l->url = mc__sq_col_dup(st, 0, &error);
	l->org_id = mc__sq_col_dup(st, 1, &error);
	l->purpose = mc__sq_col_dup(st, 2, &error);
	l->size = (size_t)sqlite3_column_int64(st, 3);
	l->used = (size_t)sqlite3_column_int64(st, 4);
	l->set = bits ? popcount(bits, len) : 0;
	return error ? mc__sq_nomem(h) : 0;
}

static int status_list_infos(mc_store *s, mc_status_list_info **out,
			     size_t *count)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_sl_infos);
	mc_status_list_info *list = NULL;
	size_t n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 info_row, "status lists")))
		goto cleanup;
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	sqlite3_reset(st);
	infos_free(list, n);
	return error;
}

/* ---- credentials listed --------------------------------------------------
 */

/* The WHERE clause for the filters in use (org, MC, both, none). */
static const char *const cred_where[] = {
    "", " WHERE c.org_id = ?1", " WHERE c.mc_id = ?2",
    " WHERE c.org_id = ?1 AND c.mc_id = ?2"};

/* Non-zero when bit `bit` (MSB first) of the one-byte blob in column i is
 * set; 0 for NULL (no entry of that purpose). */
static int col_bit(sqlite3_stmt *st, int i, int bit)
{
	const unsigned char *b = sqlite3_column_blob(st, i);

	if (!b || sqlite3_column_bytes(st, i) < 1)
		return 0;
	return (b[0] >> (7 - bit)) & 1;
}

static int cred_total(struct mc__sqlite *h, size_t *total, int which,
		      const char *org_id, const char *mc_id)
{
	char sql[160];
	sqlite3_stmt *st;
	int error = 0;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM credentials c%s",
		 cred_where[which]);
	if (!(st = mc__sq_dyn(h, sql)))
		return MC_EDB;
	if (org_id)
		mc__sq_bind_text(st, 1, org_id);
	if (mc_id)
		mc__sq_bind_text(st, 2, mc_id);
	if ((error = mc__sq_row(h, st, "credentials", "credentials: no count")))
		return error;
	*total = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* What cred_list() reads: summaries and, beside them, each
 * credential's stored text. */
struct summaries {
	mc_credential_summary *list;
	char **texts;
	size_t n, alloc, talloc;
};

static int summary_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	struct summaries *r = payload;
	mc_credential_summary *c;
	const char *fmt = (const char *)sqlite3_column_text(st, 4);
	const void *blob = sqlite3_column_blob(st, 6);
	int bytes = sqlite3_column_bytes(st, 6), error = 0;

	if (mc__sq_grow((void **)&r->list, &r->alloc, r->n, sizeof(*r->list)) ||
	    mc__sq_grow((void **)&r->texts, &r->talloc, r->n,
			sizeof(*r->texts)))
		return mc__sq_nomem(h);
	c = &r->list[r->n];
	memset(c, 0, sizeof(*c));
	r->texts[r->n] = NULL;
	r->n++;
	c->id = mc__sq_col_dup(st, 0, &error);
	c->mc_id = mc__sq_col_dup(st, 1, &error);
	c->mc_version = (unsigned)sqlite3_column_int64(st, 2);
	c->org_id = mc__sq_col_dup(st, 3, &error);
	if (!fmt || mc_credential_format_parse(&c->format, fmt) < 0)
		c->format = MC_FORMAT_OB3;
	c->issued_at = mc__sq_col_dup(st, 5, &error);
	if (blob && !(r->texts[r->n - 1] = mc__strndup(blob, (size_t)bytes)))
		error = MC_ENOMEM;
	if (col_bit(st, 7, sqlite3_column_int(st, 8)))
		c->state = MC_CRED_REVOKED;
	else if (col_bit(st, 9, sqlite3_column_int(st, 10)))
		c->state = MC_CRED_SUSPENDED;
	else
		c->state = MC_CRED_ACTIVE;
	return error ? mc__sq_nomem(h) : 0;
}

static int cred_list(mc_store *s, mc_credential_summary **out, char ***data,
		     size_t *count, size_t *total, const char *org_id,
		     const char *mc_id, size_t offset, size_t limit)
{
	struct mc__sqlite *h = mc__sq(s);
	int which = (org_id ? 1 : 0) | (mc_id ? 2 : 0);
	struct summaries r = {NULL, NULL, 0, 0, 0};
	char sql[1024];
	sqlite3_stmt *st;
	int error = 0;

	*out = NULL;
	*data = NULL;
	*count = 0;
	if (total && (error = cred_total(h, total, which, org_id, mc_id)))
		return error;
	snprintf(sql, sizeof(sql),
		 "SELECT c.id, c.mc_id, c.mc_version, c.org_id, c.format,"
		 " c.issued_at, c.data,"
		 " substr(lr.bits, er.idx / 8 + 1, 1), er.idx %% 8,"
		 " substr(ls.bits, es.idx / 8 + 1, 1), es.idx %% 8"
		 " FROM credentials c"
		 " LEFT JOIN status_entries er ON er.credential_seq = c.seq"
		 "  AND er.purpose = 'revocation'"
		 " LEFT JOIN status_lists lr ON lr.seq = er.list_seq"
		 " LEFT JOIN status_entries es ON es.credential_seq = c.seq"
		 "  AND es.purpose = 'suspension'"
		 " LEFT JOIN status_lists ls ON ls.seq = es.list_seq"
		 "%s ORDER BY c.seq DESC LIMIT ?3 OFFSET ?4",
		 cred_where[which]);
	if (!(st = mc__sq_dyn(h, sql)))
		return MC_EDB;
	if (org_id)
		mc__sq_bind_text(st, 1, org_id);
	if (mc_id)
		mc__sq_bind_text(st, 2, mc_id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)offset);
	if ((error = mc__sq_each(h, st, summary_row, &r, "credentials")))
		goto cleanup;
	*out = r.list;
	*data = r.texts;
	*count = r.n;
	r.list = NULL;
	r.texts = NULL;

cleanup:
	mc_credential_summaries_free(r.list, r.n);
	if (r.texts) {
		size_t i;

		for (i = 0; i < r.n; i++)
			free(r.texts[i]);
		free(r.texts);
	}
	return error;
}

const struct mc__store_cred_ops mc__sq_cred = {
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
