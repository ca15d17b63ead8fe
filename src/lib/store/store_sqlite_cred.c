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

/* How key types and credential formats are stored. */
static const char *const key_type_names[] = {"ed25519", "rsa2048", "p256"};
static const char *const format_names[] = {"ob3", "vc-jwt", "edc"};

/* The stored name of enum value `v`, or NULL when out of range. */
static const char *name_of(const char *const *names, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? names[v] : NULL;
}

/* The enum value stored as `name`, or -1. */
static int value_of(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static int purpose_valid(const char *purpose)
{
	return strcmp(purpose, "revocation") == 0 ||
	       strcmp(purpose, "suspension") == 0;
}

/* End the nested transaction opened with mc__sq_begin(): commit when
 * `error` is 0, else roll back and return `error`. */
static int finish(mc_store *s, int error)
{
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

/* Copy of a blob column, NUL-terminated for convenience; *len gets its
 * length.  NULL when the copy cannot be allocated. */
static unsigned char *col_blob_dup(sqlite3_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	unsigned char *copy = malloc(n + 1);

	if (!copy)
		return NULL;
	if (n)
		memcpy(copy, p, n);
	copy[n] = '\0';
	*len = n;
	return copy;
}

/* Run a one-row existence query with a text key: 0 if a row exists,
 * MC_ENOTFOUND (no message) if none, MC_EDB. */
static int row_exists(struct mc__sqlite *h, enum mc__sq_stmt which,
		      const char *key)
{
	sqlite3_stmt *st = mc__sq_stmt(h, which);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, key);
	if (!(error = mc__sq_row(h, st, "lookup", NULL)))
		sqlite3_reset(st);
	return error;
}

/* ---- keys --------------------------------------------------------------- */

int mc__sq_key_put(mc_store *s, const mc_key_info *k,
		   const unsigned char *sealed, size_t sealed_len)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *type =
	    name_of(key_type_names, MC__ARRAY_SIZE(key_type_names), k->type);
	sqlite3_stmt *st;
	int rc, xrc;

	if (!k->id || !k->org_id || !type || !k->public_jwk || !k->created_at ||
	    !sealed || !sealed_len)
		return mc__store_error(s, MC_EUSAGE,
				       "key_put: needs an id, an organisation, "
				       "a known type, a public JWK, a "
				       "creation time and the sealed key");
	if (!(st = mc__sq_stmt(h, SQ_KEY_INS)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, k->id);
	mc__sq_bind_text(st, 2, k->org_id);
	mc__sq_bind_text(st, 3, type);
	mc__sq_bind_text(st, 4, k->public_jwk);
	mc__sq_bind_text(st, 5, k->public_multibase);
	mc__sq_bind_text(st, 6, k->verification_method);
	sqlite3_bind_blob64(st, 7, sealed, sealed_len, SQLITE_STATIC);
	mc__sq_bind_text(st, 8, k->created_at);
	mc__sq_bind_text(st, 9, k->retired_at);
	rc = sqlite3_step(st);
	xrc = sqlite3_extended_errcode(h->db);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (xrc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return mc__store_error(s, MC_EEXISTS, "key %s: exists", k->id);
	if (xrc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return mc__store_error(s, MC_ENOTFOUND,
				       "key %s: organisation %s: not found",
				       k->id, k->org_id);
	return mc__sq_error(h, "key");
}

/* A key from a row (id, org_id, type, created_at, retired_at, public_jwk,
 * public_multibase, verification_method) of `st`. */
static int key_from_row(struct mc__sqlite *h, mc_key_info **out,
			sqlite3_stmt *st)
{
	mc_key_info *k = calloc(1, sizeof(*k));
	int type, error = 0;

	*out = NULL;
	if (!k)
		return mc__sq_nomem(h);
	k->id = mc__sq_col_dup(st, 0, &error);
	k->org_id = mc__sq_col_dup(st, 1, &error);
	k->created_at = mc__sq_col_dup(st, 3, &error);
	k->retired_at = mc__sq_col_dup(st, 4, &error);
	k->public_jwk = mc__sq_col_dup(st, 5, &error);
	k->public_multibase = mc__sq_col_dup(st, 6, &error);
	k->verification_method = mc__sq_col_dup(st, 7, &error);
	if (error) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	type = value_of(key_type_names, MC__ARRAY_SIZE(key_type_names),
			(const char *)sqlite3_column_text(st, 2));
	if (type < 0) {
		error =
		    mc__store_error(&h->base, MC_EDB, "key %s: unknown type %s",
				    k->id, sqlite3_column_text(st, 2));
		goto cleanup;
	}
	k->type = (mc_key_type)type;
	*out = k;
	k = NULL;

cleanup:
	mc_key_info_free(k);
	return error;
}

int mc__sq_key_get(mc_store *s, mc_key_info **out, unsigned char **sealed,
		   size_t *sealed_len, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_KEY_GET);
	mc_key_info *k = NULL;
	unsigned char *copy = NULL;
	size_t len = 0;
	int error = 0;

	*out = NULL;
	if (sealed)
		*sealed = NULL;
	if (sealed_len)
		*sealed_len = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_row(h, st, "key", "key %s: not found", id)))
		goto cleanup;
	if ((error = key_from_row(h, &k, st)))
		goto cleanup;
	if (sealed && !(copy = col_blob_dup(st, 8, &len))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	*out = k;
	k = NULL;
	if (sealed) {
		*sealed = copy;
		copy = NULL;
		if (sealed_len)
			*sealed_len = len;
	}

cleanup:
	sqlite3_reset(st);
	mc_key_info_free(k);
	free(copy);
	return error;
}

static int key_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	return key_from_row(h, elem, st);
}

int mc__sq_key_list(mc_store *s, mc_key_info ***out, size_t *count,
		    const char *org_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_KEY_LIST);
	mc_key_info **list = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	if ((error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list),
				 key_row, "keys")) < 0) {
		mc_key_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

/* Retiring a retired key keeps its first retirement time. */
int mc__sq_key_retire(mc_store *s, const char *id, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_KEY_RETIRE);
	char now[21];
	int error;

	if (!st)
		return MC_EDB;
	if (!at) {
		mc__utc_now(now);
		at = now;
	}
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, at);
	if ((error = mc__sq_step_done(h, st, "key")))
		return error;
	if (sqlite3_changes(h->db) > 0)
		return 0;
	error = row_exists(h, SQ_KEY_EXISTS, id);
	if (error == MC_ENOTFOUND)
		return mc__store_error(s, error, "key %s: not found", id);
	return error;
}

/* ---- credentials -------------------------------------------------------- */

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
		if (!(st = mc__sq_stmt(h, SQ_CRED_LINK)))
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

int mc__sq_cred_put(mc_store *s, const mc_credential *c,
		    const char *learner_key, const struct mc__status_ref *refs,
		    size_t nrefs)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *format =
	    name_of(format_names, MC__ARRAY_SIZE(format_names), c->format);
	const char *issued_at = c->issued_at;
	sqlite3_stmt *st;
	char now[21];
	int rc, xrc, error;

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
	if (!(st = mc__sq_stmt(h, SQ_CRED_INS))) {
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
	rc = sqlite3_step(st);
	xrc = sqlite3_extended_errcode(h->db);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		error = link_refs(h, sqlite3_last_insert_rowid(h->db), c->id,
				  refs, nrefs);
		goto cleanup;
	}
	if (xrc == SQLITE_CONSTRAINT_UNIQUE &&
	    strstr(sqlite3_errmsg(h->db), "credentials.id"))
		error = mc__store_error(s, MC_EEXISTS, "credential %s: exists",
					c->id);
	else if (xrc == SQLITE_CONSTRAINT_UNIQUE)
		error = mc__store_error(s, MC_EEXISTS,
					"%s v%u: a %s credential was already "
					"issued to learner %s",
					c->mc_id, c->mc_version, format,
					learner_key);
	else if (xrc == SQLITE_CONSTRAINT_FOREIGNKEY)
		error = mc__store_error(s, MC_ENOTFOUND,
					"credential %s: %s v%u: not found",
					c->id, c->mc_id, c->mc_version);
	else
		error = mc__sq_error(h, "credential");
	sqlite3_reset(st);

cleanup:
	return finish(s, error);
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
	if (error || !(c->data = (char *)col_blob_dup(st, 5, &c->len))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	format = value_of(format_names, MC__ARRAY_SIZE(format_names),
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

int mc__sq_cred_get(mc_store *s, mc_credential **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_CRED_GET);
	int error;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = cred_read(h, out, st)) == MC_ENOTFOUND)
		mc__store_error(s, error, "credential %s: not found", id);
	return error;
}

int mc__sq_cred_find(mc_store *s, mc_credential **out, const char *mc_id,
		     unsigned mc_version, const char *learner_key,
		     mc_credential_format format)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *name =
	    name_of(format_names, MC__ARRAY_SIZE(format_names), format);
	sqlite3_stmt *st;
	int error;

	*out = NULL;
	if (!name)
		return mc__store_error(s, MC_EUSAGE, "format %d: unknown",
				       (int)format);
	if (!(st = mc__sq_stmt(h, SQ_CRED_FIND)))
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

int mc__sq_cred_ids_of_mc(mc_store *s, mc_strlist *out, const char *mc_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_CRED_IDS_OF_MC);
	int rc, error = 0;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, mc_id);
	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if (mc_strlist_add(out,
				   (const char *)sqlite3_column_text(st, 0)))
			error = mc__sq_nomem(h);
	if (!error && rc != SQLITE_DONE)
		error = mc__sq_error(h, "credentials");
	sqlite3_reset(st);
	if (error)
		mc_strlist_clear(out);
	return error;
}

static int ref_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	mc_credential_ref *r = elem;
	int format = value_of(format_names, MC__ARRAY_SIZE(format_names),
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
int mc__sq_cred_siblings(mc_store *s, mc_credential_ref **out, size_t *count,
			 const char *id)
{
	static const char sql[] =
	    "SELECT b.id, b.format FROM credentials a JOIN credentials b"
	    " ON b.mc_id = a.mc_id AND b.mc_version = a.mc_version"
	    " AND b.learner_key = a.learner_key AND b.seq <> a.seq"
	    " WHERE a.id = ?1 ORDER BY +b.seq";
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_dyn(h, sql);
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

int mc__sq_cred_status_refs(mc_store *s, struct mc__status_ref **out,
			    size_t *count, const char *cred_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_CRED_REFS);
	struct mc__status_ref *list = NULL, *grown;
	size_t i, n = 0, alloc = 0;
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, cred_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 2;
			if (!(grown = realloc(list, alloc * sizeof(*list)))) {
				error = mc__sq_nomem(h);
				goto cleanup;
			}
			list = grown;
		}
		memset(&list[n], 0, sizeof(list[n]));
		snprintf(list[n].purpose, sizeof(list[n].purpose), "%s",
			 (const char *)sqlite3_column_text(st, 0));
		list[n].index = (size_t)sqlite3_column_int64(st, 2);
		if (!(list[n].list_url = mc__sq_col_dup(st, 1, &error))) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
		n++;
	}
	if (rc != SQLITE_DONE) {
		error = mc__sq_error(h, "credential status");
		goto cleanup;
	}
	sqlite3_reset(st);
	if (n == 0 && (error = row_exists(h, SQ_CRED_EXISTS, cred_id))) {
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

/* Create list N + 1 of (org, purpose), N the lists it has; *seq, *size
 * and *url (caller frees) describe it. */
static int list_create(struct mc__sqlite *h, sqlite3_int64 *seq,
		       sqlite3_int64 *size, char **url, const char *org_id,
		       const char *purpose)
{
	const char *base =
	    h->base.base_url ? h->base.base_url : MC_DEFAULT_BASE_URL;
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SL_COUNT);
	sqlite3_int64 n;
	char now[21];
	int rc, error;

	*url = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	mc__sq_bind_text(st, 2, purpose);
	rc = sqlite3_step(st);
	n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return mc__sq_error(h, "status list");
	if (!(*url = mc__asprintf("%s/status/%s/%s/%lld", base, org_id, purpose,
				  (long long)n + 1)))
		return mc__sq_nomem(h);
	*size = h->status_list_size ? (sqlite3_int64)h->status_list_size
				    : MC_STATUS_LIST_SIZE;
	if (!(st = mc__sq_stmt(h, SQ_SL_INS)))
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

/* The newest list of (org, purpose) with a free index, created when
 * there is none. */
static int list_with_room(struct mc__sqlite *h, sqlite3_int64 *seq,
			  sqlite3_int64 *size, char **url, const char *org_id,
			  const char *purpose)
{
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SL_ROOM);
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
	if (!(st = mc__sq_stmt(h, SQ_SE_INS))) {
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

int mc__sq_status_alloc(mc_store *s, struct mc__status_ref *ref,
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
	if (!(st = mc__sq_stmt(h, SQ_SL_USED))) {
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
	return finish(s, error);
}

/* Find list `url`: its row id and size in bits.  MC_ENOTFOUND. */
static int list_find(struct mc__sqlite *h, sqlite3_int64 *seq,
		     sqlite3_int64 *size, const char *url)
{
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SL_FIND);
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

int mc__sq_status_get(mc_store *s, int *bit, const char *list_url, size_t index)
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

int mc__sq_status_set(mc_store *s, const char *list_url, size_t index, int bit)
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
	if (!(st = mc__sq_stmt(h, SQ_SL_TOUCH))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__utc_now(now);
	sqlite3_bind_int64(st, 1, seq);
	mc__sq_bind_text(st, 2, now);
	error = mc__sq_step_done(h, st, "status list");

cleanup:
	return finish(s, error);
}

int mc__sq_status_list_get(mc_store *s, struct mc__status_list **out,
			   const char *url)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SL_GET);
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
	if (error || !(l->bits = col_blob_dup(st, 4, &len))) {
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

int mc__sq_status_list_put_signed(mc_store *s, const char *url,
				  const char *signed_json)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SL_SIGNED);
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

int mc__sq_status_list_infos(mc_store *s, mc_status_list_info **out,
			     size_t *count)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_SL_INFOS);
	mc_status_list_info *list = NULL, *grown;
	size_t n = 0, alloc = 0;
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *bits = sqlite3_column_blob(st, 5);
		size_t len = (size_t)sqlite3_column_bytes(st, 5);

		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			if (!(grown = realloc(list, alloc * sizeof(*list)))) {
				error = mc__sq_nomem(h);
				goto cleanup;
			}
			list = grown;
		}
		memset(&list[n], 0, sizeof(list[n]));
		list[n].url = mc__sq_col_dup(st, 0, &error);
		list[n].org_id = mc__sq_col_dup(st, 1, &error);
		list[n].purpose = mc__sq_col_dup(st, 2, &error);
		list[n].size = (size_t)sqlite3_column_int64(st, 3);
		list[n].used = (size_t)sqlite3_column_int64(st, 4);
		list[n].set = bits ? popcount(bits, len) : 0;
		n++;
		if (error) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE) {
		error = mc__sq_error(h, "status lists");
		goto cleanup;
	}
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	sqlite3_reset(st);
	infos_free(list, n);
	return error;
}

/* ---- audit log ---------------------------------------------------------- */

int mc__sq_audit_add(mc_store *s, const char *actor, const char *action,
		     const char *subject, const char *org_id,
		     const char *reason)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21];

	if (!action || !*action)
		return mc__store_error(s, MC_EUSAGE, "audit: needs an action");
	if (!(st = mc__sq_stmt(h, SQ_AUDIT_INS)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, now);
	mc__sq_bind_text(st, 2, actor);
	mc__sq_bind_text(st, 3, action);
	mc__sq_bind_text(st, 4, subject);
	mc__sq_bind_text(st, 5, reason);
	mc__sq_bind_text(st, 6, org_id);
	mc__sq_bind_text(st, 7, s->audit_client[0] ? s->audit_client : NULL);
	return mc__sq_step_done(h, st, "audit");
}

int mc__sq_audit_last(mc_store *s, char **at, char **reason,
		      const char *subject, const char *action)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	int error = 0;

	*at = NULL;
	*reason = NULL;
	if (!(st = mc__sq_stmt(h, SQ_AUDIT_LAST)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, subject);
	mc__sq_bind_text(st, 2, action);
	if ((error = mc__sq_row(h, st, "audit", NULL)))
		return error;
	*at = mc__sq_col_dup(st, 0, &error);
	*reason = mc__sq_col_dup(st, 1, &error);
	if (error) {
		free(*at);
		free(*reason);
		*at = *reason = NULL;
		error = mc__sq_nomem(h);
	}
	sqlite3_reset(st);
	return error;
}
