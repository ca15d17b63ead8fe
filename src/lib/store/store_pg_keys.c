/*
 * PostgreSQL backend: issuer keys (the public parts and the sealed private
 * part) and seal certificates and test CAs, each with its chain as PEM and
 * its private key sealed under the master key.  The backend stores the
 * sealed bytes as given (bytea) and never sees a private key in clear.
 *
 * A new key or seal must not exist yet: the insert is ON CONFLICT(id) DO
 * NOTHING, and no row inserted is MC_EEXISTS, so two nodes creating the
 * same id at once store one and refuse the other.  An unknown
 * organisation fails the foreign key; the insert runs in a nested
 * transaction so that refusal leaves the caller's transaction usable.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* How key types are stored. */
static const char *const key_type_names[] = {"ed25519", "rsa2048", "p256"};

/* SQLSTATE foreign_key_violation. */
#define FOREIGN_KEY_VIOLATION "23503"

/* ---- keys --------------------------------------------------------------- */

static const struct mc__pg_sql KEY_INS = {
    "key_ins", "INSERT INTO keys(id, org_id, type, public_jwk,"
	       " public_multibase, verification_method, sealed, created_at,"
	       " retired_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)"
	       " ON CONFLICT(id) DO NOTHING"};
static const struct mc__pg_sql KEY_GET = {
    "key_get", "SELECT id, org_id, type, created_at, retired_at, public_jwk,"
	       " public_multibase, verification_method, sealed FROM keys"
	       " WHERE id = $1"};
static const struct mc__pg_sql KEY_LIST = {
    "key_list", "SELECT id, org_id, type, created_at, retired_at,"
		" public_jwk, public_multibase, verification_method"
		" FROM keys WHERE $1::text IS NULL OR org_id = $1"
		" ORDER BY created_at, seq"};
static const struct mc__pg_sql KEY_RETIRE = {
    "key_retire", "UPDATE keys SET retired_at = $2"
		  " WHERE id = $1 AND retired_at IS NULL"};
static const struct mc__pg_sql KEY_EXISTS = {
    "key_exists", "SELECT 1 FROM keys WHERE id = $1"};

/*
 * Run insert `q` (ON CONFLICT DO NOTHING) in a nested transaction: 0,
 * MC_EEXISTS when no row was inserted, MC_ENOTFOUND for an unknown
 * organisation, each with a message naming `kind` `id`.
 */
static int insert_new(struct mc__pg *h, const struct mc__pg_sql *q,
		      const char *kind, const char *id, const char *org_id,
		      int n, const char *const *params)
{
	PGresult *res = NULL;
	int error;

	if ((error = mc__pg_begin(&h->base)))
		return error;
	error = mc__pg_exec(h, &res, q, kind, n, params);
	if (error == MC_EINVALID &&
	    strcmp(h->sqlstate, FOREIGN_KEY_VIOLATION) == 0)
		error = mc__store_error(&h->base, MC_ENOTFOUND,
					"%s %s: organisation %s: not found",
					kind, id, org_id);
	else if (!error && mc__pg_changes(res) == 0)
		error = mc__store_error(&h->base, MC_EEXISTS, "%s %s: exists",
					kind, id);
	PQclear(res);
	return mc__pg_finish(&h->base, error);
}

/* Set retired_at of `id` once (retiring again keeps the first time);
 * MC_ENOTFOUND naming `kind` when there is no such row. */
static int retire(struct mc__pg *h, const struct mc__pg_sql *q,
		  const struct mc__pg_sql *exists, const char *kind,
		  const char *id, const char *at)
{
	PGresult *res = NULL;
	char now[21];
	long long changed;
	int error;

	if (!at) {
		mc__utc_now(now);
		at = now;
	}
	if ((error = MC__PG_EXEC(h, &res, q, kind, id, at)))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	if (changed > 0)
		return 0;
	error = mc__pg_row(h, &res, exists, 1, &id, kind, "%s %s: not found",
			   kind, id);
	PQclear(res);
	return error;
}

static int key_put(mc_store *s, const mc_key_info *k,
		   const unsigned char *sealed, size_t sealed_len)
{
	struct mc__pg *h = mc__pg(s);
	const char *type =
	    k->type >= 0 && (size_t)k->type < MC__ARRAY_SIZE(key_type_names)
		? key_type_names[k->type]
		: NULL;
	char *hex = NULL;
	int error;

	if (!k->id || !k->org_id || !type || !k->public_jwk || !k->created_at ||
	    !sealed || !sealed_len)
		return mc__store_error(s, MC_EUSAGE,
				       "key_put: needs an id, an organisation, "
				       "a known type, a public JWK, a "
				       "creation time and the sealed key");
	if (!(hex = mc__pg_hex(sealed, sealed_len)))
		return mc__pg_nomem(h);
	error = insert_new(h, &KEY_INS, "key", k->id, k->org_id, 9,
			   (const char *[]){k->id, k->org_id, type,
					    k->public_jwk, k->public_multibase,
					    k->verification_method, hex,
					    k->created_at, k->retired_at});
	free(hex);
	return error;
}

/* A key from row i (id, org_id, type, created_at, retired_at, public_jwk,
 * public_multibase, verification_method) of `res`. */
static int key_from_row(struct mc__pg *h, mc_key_info **out, PGresult *res,
			int i)
{
	mc_key_info *k = calloc(1, sizeof(*k));
	const char *type_name = PQgetvalue(res, i, 2);
	size_t t;
	int error = 0;

	*out = NULL;
	if (!k)
		return mc__pg_nomem(h);
	k->id = mc__pg_dup(res, i, 0, &error);
	k->org_id = mc__pg_dup(res, i, 1, &error);
	k->created_at = mc__pg_dup(res, i, 3, &error);
	k->retired_at = mc__pg_dup(res, i, 4, &error);
	k->public_jwk = mc__pg_dup(res, i, 5, &error);
	k->public_multibase = mc__pg_dup(res, i, 6, &error);
	k->verification_method = mc__pg_dup(res, i, 7, &error);
	if (error) {
		error = mc__pg_nomem(h);
		goto cleanup;
	}
	for (t = 0; t < MC__ARRAY_SIZE(key_type_names); t++)
		if (strcmp(key_type_names[t], type_name) == 0)
			break;
	if (t == MC__ARRAY_SIZE(key_type_names)) {
		error =
		    mc__store_error(&h->base, MC_EDB, "key %s: unknown type %s",
				    k->id, type_name);
		goto cleanup;
	}
	k->type = (mc_key_type)t;
	*out = k;
	k = NULL;

cleanup:
	mc_key_info_free(k);
	return error;
}

/* Hand the bytea of column `col` of row 0 to *sealed and *sealed_len
 * (each may be NULL). */
static int sealed_out(struct mc__pg *h, PGresult *res, int col,
		      unsigned char **sealed, size_t *sealed_len)
{
	size_t len = 0;

	if (!sealed)
		return 0;
	if (!(*sealed = mc__pg_bytea(res, 0, col, &len)))
		return mc__pg_nomem(h);
	if (sealed_len)
		*sealed_len = len;
	return 0;
}

static int key_get(mc_store *s, mc_key_info **out, unsigned char **sealed,
		   size_t *sealed_len, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	mc_key_info *k = NULL;
	int error;

	*out = NULL;
	if (sealed)
		*sealed = NULL;
	if (sealed_len)
		*sealed_len = 0;
	if ((error = mc__pg_row(h, &res, &KEY_GET, 1, &id, "key",
				"key %s: not found", id)))
		return error;
	if (!(error = key_from_row(h, &k, res, 0)) &&
	    !(error = sealed_out(h, res, 8, sealed, sealed_len))) {
		*out = k;
		k = NULL;
	}
	PQclear(res);
	mc_key_info_free(k);
	return error;
}

static int key_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	return key_from_row(h, elem, res, i);
}

static int key_list(mc_store *s, mc_key_info ***out, size_t *count,
		    const char *org_id)
{
	struct mc__pg *h = mc__pg(s);
	mc_key_info **list = NULL;
	PGresult *res = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &KEY_LIST, "keys", org_id)))
		return error;
	error = mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), key_row);
	PQclear(res);
	if (error) {
		mc_key_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static int key_retire(mc_store *s, const char *id, const char *at)
{
	return retire(mc__pg(s), &KEY_RETIRE, &KEY_EXISTS, "key", id, at);
}

/* ---- seals -------------------------------------------------------------- */

/* The columns every read returns, in seal_from_row()'s order; the sealed
 * key is column 17. */
#define SEAL_COLUMNS                                                           \
	"id, org_id, is_ca, is_test, alg, chain_pem, subject, issuer,"         \
	" serial, not_before, not_after, organization, country,"               \
	" org_identifier, fingerprint, created_at, retired_at, sealed"

static const struct mc__pg_sql SEAL_INS = {
    "seal_ins", "INSERT INTO seals(" SEAL_COLUMNS ") VALUES($1, $2, $3, $4,"
		" $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
		" $18) ON CONFLICT(id) DO NOTHING"};
static const struct mc__pg_sql SEAL_GET = {
    "seal_get", "SELECT " SEAL_COLUMNS " FROM seals WHERE id = $1"};
static const struct mc__pg_sql SEAL_LIST = {
    "seal_list", "SELECT " SEAL_COLUMNS " FROM seals"
		 " WHERE $1::text IS NULL OR org_id = $1"
		 " ORDER BY created_at, seq"};
static const struct mc__pg_sql SEAL_RETIRE = {
    "seal_retire", "UPDATE seals SET retired_at = $2"
		   " WHERE id = $1 AND retired_at IS NULL"};
static const struct mc__pg_sql SEAL_EXISTS = {
    "seal_exists", "SELECT 1 FROM seals WHERE id = $1"};

static int seal_put(mc_store *s, const mc_seal_info *info,
		    const unsigned char *sealed, size_t sealed_len)
{
	struct mc__pg *h = mc__pg(s);
	char *hex = NULL;
	int error;

	if (!info || !info->id || !info->alg || !info->chain_pem ||
	    !info->subject || !info->issuer || !info->serial ||
	    !info->not_before || !info->not_after || !info->fingerprint ||
	    !info->created_at || !sealed || !sealed_len ||
	    !info->is_ca == !info->org_id)
		return mc__store_error(s, MC_EUSAGE,
				       "seal_put: needs an id, an organisation "
				       "(none for a CA), the certificate facts "
				       "and the sealed key");
	if (!(hex = mc__pg_hex(sealed, sealed_len)))
		return mc__pg_nomem(h);
	error = insert_new(
	    h, &SEAL_INS, "seal", info->id, info->org_id, 18,
	    (const char *[]){info->id, info->org_id, info->is_ca ? "1" : "0",
			     info->is_test ? "1" : "0", info->alg,
			     info->chain_pem, info->subject, info->issuer,
			     info->serial, info->not_before, info->not_after,
			     info->organization, info->country,
			     info->org_identifier, info->fingerprint,
			     info->created_at, info->retired_at, hex});
	free(hex);
	return error;
}

/* A seal from row i of SEAL_COLUMNS. */
static int seal_from_row(struct mc__pg *h, mc_seal_info **out, PGresult *res,
			 int i)
{
	mc_seal_info *k = calloc(1, sizeof(*k));
	char **cols[17];
	int err = 0, c;

	*out = NULL;
	if (!k)
		return mc__pg_nomem(h);
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
	for (c = 0; c < 17 && !err; c++)
		if (cols[c])
			*cols[c] = mc__pg_dup(res, i, c, &err);
	k->is_ca = mc__pg_ll(res, i, 2) != 0;
	k->is_test = mc__pg_ll(res, i, 3) != 0;
	if (err) {
		mc_seal_info_free(k);
		return mc__pg_nomem(h);
	}
	*out = k;
	return 0;
}

static int seal_get(mc_store *s, mc_seal_info **out, unsigned char **sealed,
		    size_t *sealed_len, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	mc_seal_info *k = NULL;
	int error;

	*out = NULL;
	if (sealed)
		*sealed = NULL;
	if (sealed_len)
		*sealed_len = 0;
	if (!id)
		return mc__store_error(s, MC_EUSAGE, "seal_get: no id");
	if ((error = mc__pg_row(h, &res, &SEAL_GET, 1, &id, "seal",
				"seal %s: not found", id)))
		return error;
	if (!(error = seal_from_row(h, &k, res, 0)) &&
	    !(error = sealed_out(h, res, 17, sealed, sealed_len))) {
		*out = k;
		k = NULL;
	}
	PQclear(res);
	mc_seal_info_free(k);
	return error;
}

static int seal_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	return seal_from_row(h, elem, res, i);
}

static int seal_list(mc_store *s, mc_seal_info ***out, size_t *count,
		     const char *org_id)
{
	struct mc__pg *h = mc__pg(s);
	mc_seal_info **list = NULL;
	PGresult *res = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &SEAL_LIST, "seals", org_id)))
		return error;
	error =
	    mc__pg_rows(h, res, (void **)&list, &n, sizeof(*list), seal_row);
	PQclear(res);
	if (error) {
		mc_seal_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

static int seal_retire(mc_store *s, const char *id, const char *at)
{
	return retire(mc__pg(s), &SEAL_RETIRE, &SEAL_EXISTS, "seal", id, at);
}

const struct mc__store_keys_ops mc__pg_keys = {
    .key_put = key_put,
    .key_get = key_get,
    .key_list = key_list,
    .key_retire = key_retire,
    .seal_put = seal_put,
    .seal_get = seal_get,
    .seal_list = seal_list,
    .seal_retire = seal_retire,
};
