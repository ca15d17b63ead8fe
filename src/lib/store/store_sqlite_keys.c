/*
 * SQLite backend: issuer keys (schema v2, table `keys`: the public parts
 * and the sealed private part) and seal certificates and test CAs (schema
 * v4, table `seals`, each with its chain as PEM and its private key sealed
 * under the master key).  The backend stores the sealed bytes as given and
 * never sees a private key in clear.
 */
#include "store_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* How key types are stored. */
static const char *const key_type_names[] = {"ed25519", "rsa2048", "p256"};

/* ---- keys --------------------------------------------------------------- */

static const char sql_key_ins[] =
    "INSERT INTO keys(id, org_id, type, public_jwk,"
    " public_multibase, verification_method, sealed,"
    " created_at, retired_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static int key_put(mc_store *s, const mc_key_info *k,
		   const unsigned char *sealed, size_t sealed_len)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *type = mc__sq_name_of(
	    key_type_names, MC__ARRAY_SIZE(key_type_names), k->type);
	sqlite3_stmt *st;
	int error;

	if (!k->id || !k->org_id || !type || !k->public_jwk || !k->created_at ||
	    !sealed || !sealed_len)
		return mc__store_error(s, MC_EUSAGE,
				       "key_put: needs an id, an organisation, "
				       "a known type, a public JWK, a "
				       "creation time and the sealed key");
	if (!(st = mc__sq_stmt(h, sql_key_ins)))
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
	error = mc__sq_insert(h, st, "key");
	if (error == MC_EEXISTS)
		return mc__store_error(s, MC_EEXISTS, "key %s: exists", k->id);
	if (error == MC_ENOTFOUND)
		return mc__store_error(s, MC_ENOTFOUND,
				       "key %s: organisation %s: not found",
				       k->id, k->org_id);
	return error;
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
	type = mc__sq_value_of(key_type_names, MC__ARRAY_SIZE(key_type_names),
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

static const char sql_key_get[] =
    "SELECT id, org_id, type, created_at, retired_at,"
    " public_jwk, public_multibase, verification_method,"
    " sealed FROM keys WHERE id = ?1";

static int key_get(mc_store *s, mc_key_info **out, unsigned char **sealed,
		   size_t *sealed_len, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_key_get);
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
	if (sealed && !(copy = mc__sq_blob_dup(st, 8, &len))) {
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

static const char sql_key_list[] =
    "SELECT id, org_id, type, created_at, retired_at,"
    " public_jwk, public_multibase, verification_method"
    " FROM keys WHERE ?1 IS NULL OR org_id = ?1"
    " ORDER BY created_at, rowid";

static int key_list(mc_store *s, mc_key_info ***out, size_t *count,
		    const char *org_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_key_list);
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

static const char sql_key_retire[] = "UPDATE keys SET retired_at = ?2"
				     " WHERE id = ?1 AND retired_at IS NULL";
static const char sql_key_exists[] = "SELECT 1 FROM keys WHERE id = ?1";

/* Retiring a retired key keeps its first retirement time. */
static int key_retire(mc_store *s, const char *id, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_key_retire);
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
	error = mc__sq_exists(h, sql_key_exists, id);
	if (error == MC_ENOTFOUND)
		return mc__store_error(s, error, "key %s: not found", id);
	return error;
}

/* ---- seals -------------------------------------------------------------- */

/* The columns every read returns, in seal_from_row()'s order; the sealed
 * key is column 17. */
#define SEAL_COLUMNS                                                           \
	"id, org_id, is_ca, is_test, alg, chain_pem, subject, issuer,"         \
	" serial, not_before, not_after, organization, country,"               \
	" org_identifier, fingerprint, created_at, retired_at, sealed"

static const char sql_seal_ins[] =
    "INSERT INTO seals(" SEAL_COLUMNS ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
static const char sql_seal_get[] = "SELECT " SEAL_COLUMNS " FROM seals"
				   " WHERE id = ?1";
static const char sql_seal_list[] = "SELECT " SEAL_COLUMNS " FROM seals"
				    " WHERE ?1 IS NULL OR org_id = ?1"
				    " ORDER BY created_at, rowid";
static const char sql_seal_retire[] = "UPDATE seals SET retired_at = ?2"
				      " WHERE id = ?1 AND retired_at IS NULL";
static const char sql_seal_exists[] = "SELECT 1 FROM seals WHERE id = ?1";

static int seal_put(mc_store *s, const mc_seal_info *info,
		    const unsigned char *sealed, size_t sealed_len)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *texts[] = {info ? info->id : NULL,
			       info ? info->org_id : NULL,
			       NULL,
			       NULL,
			       info ? info->alg : NULL,
			       info ? info->chain_pem : NULL,
			       info ? info->subject : NULL,
			       info ? info->issuer : NULL,
			       info ? info->serial : NULL,
			       info ? info->not_before : NULL,
			       info ? info->not_after : NULL,
			       info ? info->organization : NULL,
			       info ? info->country : NULL,
			       info ? info->org_identifier : NULL,
			       info ? info->fingerprint : NULL,
			       info ? info->created_at : NULL,
			       info ? info->retired_at : NULL};
	sqlite3_stmt *st;
	int error, i;

	if (!info || !info->id || !info->alg || !info->chain_pem ||
	    !info->subject || !info->issuer || !info->serial ||
	    !info->not_before || !info->not_after || !info->fingerprint ||
	    !info->created_at || !sealed || !sealed_len ||
	    !info->is_ca == !info->org_id)
		return mc__store_error(s, MC_EUSAGE,
				       "seal_put: needs an id, an organisation "
				       "(none for a CA), the certificate facts "
				       "and the sealed key");
	if (!(st = mc__sq_stmt(h, sql_seal_ins)))
		return MC_EDB;
	for (i = 0; i < (int)MC__ARRAY_SIZE(texts); i++)
		if (i != 2 && i != 3)
			mc__sq_bind_text(st, i + 1, texts[i]);
	sqlite3_bind_int(st, 3, info->is_ca ? 1 : 0);
	sqlite3_bind_int(st, 4, info->is_test ? 1 : 0);
	sqlite3_bind_blob(st, 18, sealed, (int)sealed_len, SQLITE_STATIC);
	error = mc__sq_insert(h, st, "seal");
	sqlite3_clear_bindings(st);
	if (error == MC_EEXISTS)
		return mc__store_error(s, MC_EEXISTS, "seal %s: exists",
				       info->id);
	if (error == MC_ENOTFOUND)
		return mc__store_error(s, MC_ENOTFOUND,
				       "seal %s: organisation %s: not found",
				       info->id, info->org_id);
	return error;
}

/* A seal from a row of SEAL_COLUMNS. */
static int seal_from_row(struct mc__sqlite *h, mc_seal_info **out,
			 sqlite3_stmt *st)
{
	mc_seal_info *k = calloc(1, sizeof(*k));
	char **cols[17];
	int err = 0, i;

	*out = NULL;
	if (!k)
		return mc__sq_nomem(h);
	cols[0] = &k->id;
	cols[1] = &k->org_id;
	cols[2] = NULL;
	cols[3] = NULL;
	cols[4] = &k->alg;
	cols[5] = &k->chain_pem;
	cols[6] = &k->subject;
	cols[7] = &k->issuer;
	cols[8] = &k->serial;
	cols[9] = &k->not_before;
	cols[10] = &k->not_after;
	cols[11] = &k->organization;
	cols[12] = &k->country;
	cols[13] = &k->org_identifier;
	cols[14] = &k->fingerprint;
	cols[15] = &k->created_at;
	cols[16] = &k->retired_at;
	for (i = 0; i < 17 && !err; i++)
		if (cols[i])
			*cols[i] = mc__sq_col_dup(st, i, &err);
	k->is_ca = sqlite3_column_int(st, 2) != 0;
	k->is_test = sqlite3_column_int(st, 3) != 0;
	if (err) {
		mc_seal_info_free(k);
		return mc__sq_nomem(h);
	}
	*out = k;
	return 0;
}

static int seal_get(mc_store *s, mc_seal_info **out, unsigned char **sealed,
		    size_t *sealed_len, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	mc_seal_info *k = NULL;
	unsigned char *copy = NULL;
	size_t len = 0;
	int error = 0;

	*out = NULL;
	if (sealed)
		*sealed = NULL;
	if (sealed_len)
		*sealed_len = 0;
	if (!id)
		return mc__store_error(s, MC_EUSAGE, "seal_get: no id");
	if (!(st = mc__sq_stmt(h, sql_seal_get)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_row(h, st, "seal", "seal %s: not found", id)))
		goto cleanup;
	if ((error = seal_from_row(h, &k, st)))
		goto cleanup;
	if (sealed) {
		const void *p = sqlite3_column_blob(st, 17);

		len = (size_t)sqlite3_column_bytes(st, 17);
		if (!(copy = malloc(len ? len : 1))) {
			error = mc__sq_nomem(h);
			goto cleanup;
		}
		if (len)
			memcpy(copy, p, len);
		*sealed = copy;
		copy = NULL;
		if (sealed_len)
			*sealed_len = len;
	}
	*out = k;
	k = NULL;

cleanup:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	mc_seal_info_free(k);
	free(copy);
	return error;
}

static int seal_row(struct mc__sqlite *h, sqlite3_stmt *st, void *elem)
{
	return seal_from_row(h, elem, st);
}

static int seal_list(mc_store *s, mc_seal_info ***out, size_t *count,
		     const char *org_id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	mc_seal_info **list = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if (!(st = mc__sq_stmt(h, sql_seal_list)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	error = mc__sq_rows(h, st, (void **)&list, &n, sizeof(*list), seal_row,
			    "seals");
	sqlite3_clear_bindings(st);
	if (error < 0) {
		mc_seal_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

/* Retiring a retired seal keeps its first retirement time. */
static int seal_retire(mc_store *s, const char *id, const char *at)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21];
	int error;

	if (!id)
		return mc__store_error(s, MC_EUSAGE, "seal_retire: no id");
	if (!at) {
		mc__utc_now(now);
		at = now;
	}
	if (!(st = mc__sq_stmt(h, sql_seal_retire)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, at);
	if ((error = mc__sq_step_done(h, st, "seal")))
		return error;
	if (sqlite3_changes(h->db) > 0)
		return 0;
	if (!(st = mc__sq_stmt(h, sql_seal_exists)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if (!(error = mc__sq_row(h, st, "seal", "seal %s: not found", id)))
		sqlite3_reset(st);
	return error;
}

const struct mc__store_keys_ops mc__sq_keys = {
    .key_put = key_put,
    .key_get = key_get,
    .key_list = key_list,
    .key_retire = key_retire,
    .seal_put = seal_put,
    .seal_get = seal_get,
    .seal_list = seal_list,
    .seal_retire = seal_retire,
};
