/*
 * Electronic seals (microcred/seal.h): the local test CA, test seals,
 * importing real seals, and listing them.  Certificates are made and read
 * in seal_x509.c; here the organisation's facts become a subject, private
 * keys are sealed under the master key (as keys.c seals issuer keys, the
 * seal id as associated data) and rows go to the store in one
 * transaction that also retires the seal being replaced.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "crypto/crypto.h"
#include "keys_private.h"
#include "microcred/organisation.h"
#include "seal_private.h"
#include "crypto/seal_x509.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

/* Default lifetimes, in seconds. */
#define YEAR	      (365LL * 24 * 3600)
#define CA_LIFETIME   (10 * YEAR)
#define SEAL_LIFETIME (3 * YEAR)

/* X.509 upper bound of CN and O, in characters (RFC 5280). */
#define NAME_MAX_CHARS 64

/* ---- helpers ------------------------------------------------------------ */

/* Validity from the options: [not_before, not_after], defaults now and
 * now + `lifetime`. */
static int validity(mc_store *store, const mc_seal_options *o,
		    long long lifetime, long long *nb, long long *na)
{
	*nb = mc__now();
	if (o->not_before && mc__timestamp_parse(o->not_before, nb) < 0)
		return mc__store_error(store, MC_EINVALID,
				       "not_before: '%s' is not an RFC 3339 "
				       "date-time",
				       o->not_before);
	*na = *nb + lifetime;
	if (o->not_after && mc__timestamp_parse(o->not_after, na) < 0)
		return mc__store_error(store, MC_EINVALID,
				       "not_after: '%s' is not an RFC 3339 "
				       "date-time",
				       o->not_after);
	if (*na <= *nb)
		return mc__store_error(store, MC_EINVALID,
				       "not_after: must be later than "
				       "not_before");
	return 0;
}

/* Check the options' version and alg; *alg gets the alg to use. */
static int check_options(mc_store *store, const mc_seal_options *o,
			 const char **alg)
{
	if (o->version != MC_SEAL_OPTIONS_VERSION)
		return mc__store_error(store, MC_EUSAGE,
				       "seal options: version %u, expected %u",
				       o->version, MC_SEAL_OPTIONS_VERSION);
	*alg = o->alg ? o->alg : "RS256";
	if (!mc__seal_alg_valid(*alg))
		return mc__store_error(store, MC_EINVALID,
				       "alg: '%s' is not RS256, PS256 or ES256",
				       *alg);
	return 0;
}

/* ETSI EN 319 412-1 5.1.4: a 3-letter type (VAT, NTR, PSD, LEI...), a
 * 2-letter country, '-', then the identifier (printable, no spaces); at
 * most 64 characters in all. */
static int identifier_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 7 || n > 64 || s[5] != '-')
		return 0;
	for (i = 0; i < 5; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	for (i = 6; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return 0;
	return 1;
}

/* The organisation's organizationIdentifier: its legal identifier when
 * already in the ETSI form, else "NTR" + country + "-" + that identifier
 * (or its id) in upper case, letters and digits only. */
static char *derive_identifier(const mc_org *org)
{
	const char *src = org->legal_identifier;
	char buf[65];
	size_t n = 0;

	if (src && identifier_valid(src))
		return mc__strdup(src);
	snprintf(buf, sizeof(buf), "NTR%.2s-", org->country);
	n = strlen(buf);
	if (src) {
		const char *p;

		for (p = src; *p && n < sizeof(buf) - 1; p++)
			if (isalnum((unsigned char)*p))
				buf[n++] = (char)toupper((unsigned char)*p);
	}
	if (n == 6) {
		const char *p;

		for (p = org->id; *p && n < sizeof(buf) - 1; p++)
			buf[n++] = (char)toupper((unsigned char)*p);
	}
	buf[n] = '\0';
	return mc__strdup(buf);
}

/* `s` cut to at most `max` UTF-8 characters, then `suffix` appended. */
static char *name_fit(const char *s, const char *suffix, size_t max)
{
	size_t room = max - strlen(suffix), chars = 0, i = 0;

	while (s[i]) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > room)
			break;
		i++;
	}
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return mc__asprintf("%.*s%s", (int)i, s, suffix);
}

/* A new info with the facts of `chain`'s leaf; the caller sets id, org. */
static int info_new(mc_store *store, mc_seal_info **out, STACK_OF(X509) * chain,
		    const char *alg, int is_ca, int is_test, long long now)
{
	mc_seal_info *info = calloc(1, sizeof(*info));
	char err[256] = "", ts[21];
	int error;

	*out = NULL;
	if (!info)
		return MC_ENOMEM;
	mc__timestamp_format(ts, now);
	info->is_ca = is_ca;
	info->is_test = is_test;
	if (!(info->alg = mc__strdup(alg)) ||
	    !(info->created_at = mc__strdup(ts))) {
		mc_seal_info_free(info);
		return MC_ENOMEM;
	}
	if ((error = mc__seal_describe(info, chain, err, sizeof(err))) < 0) {
		mc_seal_info_free(info);
		return mc__store_error(store, error, "%s",
				       err[0] ? err : "out of memory");
	}
	*out = info;
	return 0;
}

/* "<prefix>-<n>" with n one more than the rows `count` counts. */
static int next_id(mc_store *store, char **id, const char *org_id)
{
	mc_seal_info **list = NULL;
	size_t n = 0, i, taken = 0;
	int error;

	*id = NULL;
	if ((error = store->keys->seal_list(store, &list, &n, org_id)) < 0)
		return error;
	for (i = 0; i < n; i++)
		taken += org_id ? !list[i]->is_ca : list[i]->is_ca;
	mc_seal_list_free(list, n);
	*id = org_id ? mc__asprintf("%s-seal-%zu", org_id, taken + 1)
		     : mc__asprintf("test-ca-%zu", taken + 1);
	return *id ? 0 : MC_ENOMEM;
}

/* Seal `key` under the master key (its id as associated data) and store
 * `info` in one transaction that retires the organisation's active seals
 * and writes an audit entry `action`. */
static int store_seal(mc_store *store, const mc_seal_info *info, EVP_PKEY *key,
		      const char *action)
{
	unsigned char master[MC__MASTER_KEY_LEN];
	unsigned char *priv = NULL, *sealed = NULL;
	size_t privlen = 0, sealedlen = 0, n = 0, i;
	mc_seal_info **old = NULL;
	int error;

	if ((error = mc__master_key_for(store, master)) < 0)
		return error;
	error = mc__seal_key_to_pkcs8(&priv, &privlen, key);
	if (!error)
		error = mc__secret_seal(
		    &sealed, &sealedlen, master, priv, privlen,
		    (const unsigned char *)info->id, strlen(info->id));
	mc__wipe(master, sizeof(master));
	mc__secret_free(priv, privlen);
	if (error < 0) {
		mc__store_error(store, error, "seal %s: sealing the key failed",
				info->id);
		goto cleanup;
	}
	if (info->org_id &&
	    (error = store->keys->seal_list(store, &old, &n, info->org_id)) < 0)
		goto cleanup;
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	for (i = 0; i < n && !error; i++)
		if (!old[i]->retired_at && !old[i]->is_ca)
			error = store->keys->seal_retire(store, old[i]->id,
							 info->created_at);
	if (!error)
		error = store->keys->seal_put(store, info, sealed, sealedlen);
	if (!error)
		error = store->audit->add(store, NULL, action, info->id,
					  info->org_id, NULL);
	if (error < 0) {
		store->core->rollback(store);
		goto cleanup;
	}
	error = store->core->commit(store);

cleanup:
	free(sealed);
	mc_seal_list_free(old, n);
	return error;
}

/* The organisation, or MC_ENOTFOUND with a message. */
static int org_load(mc_store *store, mc_org **org, const char *org_id)
{
	int error;

	*org = NULL;
	if (!org_id || !*org_id)
		return mc__store_error(store, MC_EUSAGE, "no organisation");
	error = store->catalogue->org_get(store, org, org_id);
	if (error == MC_ENOTFOUND)
		mc__store_error(store, error, "no organisation '%s'", org_id);
	return error;
}

/* The private key of stored seal or CA `info`, opened. */
static int key_open(mc_store *store, EVP_PKEY **key, const char *id)
{
	unsigned char master[MC__MASTER_KEY_LEN], *sealed = NULL, *priv = NULL;
	size_t sealedlen = 0, privlen = 0;
	mc_seal_info *stored = NULL;
	char err[256] = "";
	int error;

	*key = NULL;
	if ((error = store->keys->seal_get(store, &stored, &sealed, &sealedlen,
					   id)) < 0)
		return error;
	if ((error = mc__master_key_for(store, master)) < 0)
		goto cleanup;
	error = mc__secret_open(&priv, &privlen, master, sealed, sealedlen,
				(const unsigned char *)id, strlen(id), err,
				sizeof(err));
	mc__wipe(master, sizeof(master));
	if (error < 0)
		error = mc__master_key_mismatch(store, "seal", id);
	else if ((error = mc__seal_key_from_pkcs8(key, priv, privlen, err,
						  sizeof(err))) < 0)
		error = mc__store_error(store, MC_EIO, "seal %s: %s", id, err);

cleanup:
	mc__secret_free(priv, privlen);
	free(sealed);
	mc_seal_info_free(stored);
	return error;
}

/* ---- test CA and test seals -------------------------------------------- */

int mc_seal_create_test_ca(mc_store *store, mc_seal_info **out,
			   const mc_seal_options *opts)
{
	mc_seal_options defaults = MC_SEAL_OPTIONS_INIT;
	struct mc__seal_cert_spec spec;
	STACK_OF(X509) *chain = NULL;
	mc_seal_info *info = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	const char *alg = NULL;
	char err[256] = "", *id = NULL;
	long long nb, na;
	int error;

	if (out)
		*out = NULL;
	mc__store_clear_error(store);
	if (!opts)
		opts = &defaults;
	if ((error = check_options(store, opts, &alg)) < 0 ||
	    (error = validity(store, opts, CA_LIFETIME, &nb, &na)) < 0 ||
	    (error = next_id(store, &id, NULL)) < 0)
		goto cleanup;
	if ((error = mc__seal_key_generate(&key, alg, err, sizeof(err))) < 0)
		goto failed;
	memset(&spec, 0, sizeof(spec));
	spec.key = spec.issuer_key = key;
	spec.cn = "microcred TEST CA";
	spec.o = "microcred TEST - not an eIDAS trust service";
	spec.is_ca = 1;
	spec.not_before = nb;
	spec.not_after = na;
	if ((error = mc__seal_cert_make(&cert, &spec, err, sizeof(err))) < 0)
		goto failed;
	if (!(chain = sk_X509_new_null()) || !sk_X509_push(chain, cert)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	cert = NULL;
	if ((error = info_new(store, &info, chain, alg, 1, 1, mc__now())) < 0)
		goto cleanup;
	info->id = id;
	id = NULL;
	if ((error = store_seal(store, info, key, "seal.create_test_ca")) < 0)
		goto cleanup;
	if (out) {
		*out = info;
		info = NULL;
	}
	goto cleanup;

failed:
	mc__store_error(store, error, "test CA: %s", err);
cleanup:
	X509_free(cert);
	sk_X509_pop_free(chain, X509_free);
	EVP_PKEY_free(key);
	mc_seal_info_free(info);
	free(id);
	ERR_clear_error();
	return error;
}

/* The store's newest test CA that is not retired, or MC_ENOTFOUND. */
static int newest_ca(mc_store *store, mc_seal_info **out)
{
	mc_seal_info **list = NULL;
	size_t n = 0, i;
	int error;

	*out = NULL;
	if ((error = store->keys->seal_list(store, &list, &n, NULL)) < 0)
		return error;
	for (i = n; i-- > 0 && !*out;)
		if (list[i]->is_ca && list[i]->is_test &&
		    !list[i]->retired_at) {
			*out = list[i];
			list[i] = NULL;
		}
	mc_seal_list_free(list, n);
	if (!*out)
		return mc__store_error(store, MC_ENOTFOUND,
				       "no test CA in this store; run "
				       "`microcred cert create-test-ca` first");
	return 0;
}

int mc_seal_create_test(mc_store *store, mc_seal_info **out, const char *org_id,
			const mc_seal_options *opts)
{
	mc_seal_options defaults = MC_SEAL_OPTIONS_INIT;
	struct mc__seal_cert_spec spec;
	STACK_OF(X509) *chain = NULL, *ca_chain = NULL;
	mc_seal_info *info = NULL, *ca = NULL;
	EVP_PKEY *key = NULL, *ca_key = NULL;
	X509 *cert = NULL;
	mc_org *org = NULL;
	const char *alg = NULL, *name;
	char err[256] = "", *id = NULL, *cn = NULL, *o = NULL, *oi = NULL;
	long long nb, na;
	int error;

	if (out)
		*out = NULL;
	mc__store_clear_error(store);
	if (!opts)
		opts = &defaults;
	if ((error = check_options(store, opts, &alg)) < 0 ||
	    (error = validity(store, opts, SEAL_LIFETIME, &nb, &na)) < 0 ||
	    (error = org_load(store, &org, org_id)) < 0)
		goto cleanup;
	if (!org->country || strlen(org->country) != 2 ||
	    !isupper((unsigned char)org->country[0]) ||
	    !isupper((unsigned char)org->country[1])) {
		error =
		    mc__store_error(store, MC_EINVALID,
				    "organisation '%s': country '%s' is "
				    "not ISO 3166-1 alpha-2",
				    org_id, org->country ? org->country : "");
		goto cleanup;
	}
	if (opts->org_identifier && !identifier_valid(opts->org_identifier)) {
		error = mc__store_error(
		    store, MC_EINVALID,
		    "org_identifier: '%s' is not TYPE + country + '-' + id "
		    "(ETSI EN 319 412-1, e.g. VATUA-12345678)",
		    opts->org_identifier);
		goto cleanup;
	}
	if ((error = newest_ca(store, &ca)) < 0 ||
	    (error = key_open(store, &ca_key, ca->id)) < 0)
		goto cleanup;
	if ((error = mc__seal_chain_from_pem(&ca_chain, ca->chain_pem,
					     strlen(ca->chain_pem), err,
					     sizeof(err))) < 0)
		goto failed;
	name = mc_langmap_pick(&org->name, "en", NULL);
	cn = name_fit(org->short_name ? org->short_name
		      : name	      ? name
				      : org_id,
		      " TEST seal", NAME_MAX_CHARS);
	o = name_fit(name ? name : org_id, " (TEST)", NAME_MAX_CHARS);
	oi = opts->org_identifier ? mc__strdup(opts->org_identifier)
				  : derive_identifier(org);
	if (!cn || !o || !oi || (error = next_id(store, &id, org_id)) < 0) {
		error = error ? error : MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__seal_key_generate(&key, alg, err, sizeof(err))) < 0)
		goto failed;
	memset(&spec, 0, sizeof(spec));
	spec.key = key;
	spec.issuer_key = ca_key;
	spec.issuer = sk_X509_value(ca_chain, 0);
	spec.cn = cn;
	spec.o = o;
	spec.c = org->country;
	spec.org_identifier = oi;
	spec.no_key_usage = opts->no_key_usage;
	spec.not_before = nb;
	spec.not_after = na;
	if ((error = mc__seal_cert_make(&cert, &spec, err, sizeof(err))) < 0)
		goto failed;
	if (!(chain = sk_X509_new_null()) || !sk_X509_push(chain, cert)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	cert = NULL;
	if (!X509_up_ref(spec.issuer) || !sk_X509_push(chain, spec.issuer)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = info_new(store, &info, chain, alg, 0, 1, mc__now())) < 0)
		goto cleanup;
	info->id = id;
	id = NULL;
	if (!(info->org_id = mc__strdup(org_id))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = store_seal(store, info, key, "seal.create_test")) < 0)
		goto cleanup;
	if (out) {
		*out = info;
		info = NULL;
	}
	goto cleanup;

failed:
	mc__store_error(store, error, "test seal for %s: %s", org_id, err);
cleanup:
	X509_free(cert);
	sk_X509_pop_free(chain, X509_free);
	sk_X509_pop_free(ca_chain, X509_free);
	EVP_PKEY_free(key);
	EVP_PKEY_free(ca_key);
	mc_seal_info_free(info);
	mc_seal_info_free(ca);
	mc_org_free(org);
	free(id);
	free(cn);
	free(o);
	free(oi);
	ERR_clear_error();
	return error;
}

/* ---- import ------------------------------------------------------------ */

/* Store an imported key and chain (both taken) as the organisation's
 * active seal. */
static int import(mc_store *store, mc_seal_info **out, const char *org_id,
		  EVP_PKEY *key, STACK_OF(X509) * chain)
{
	mc_seal_info *info = NULL;
	mc_org *org = NULL;
	char *id = NULL;
	long long now = mc__now(), na = 0;
	int error;

	if ((error = org_load(store, &org, org_id)) < 0 ||
	    (error = info_new(store, &info, chain, mc__seal_default_alg(key), 0,
			      0, now)) < 0)
		goto cleanup;
	if (mc__timestamp_parse(info->not_after, &na) == 0 && na <= now) {
		error = mc__store_error(store, MC_EINVALID,
					"certificate: expired on %s",
					info->not_after);
		goto cleanup;
	}
	if ((error = next_id(store, &id, org_id)) < 0)
		goto cleanup;
	info->id = id;
	id = NULL;
	if (!(info->org_id = mc__strdup(org_id))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = store_seal(store, info, key, "seal.import")) < 0)
		goto cleanup;
	if (out) {
		*out = info;
		info = NULL;
	}

cleanup:
	EVP_PKEY_free(key);
	sk_X509_pop_free(chain, X509_free);
	mc_seal_info_free(info);
	mc_org_free(org);
	free(id);
	ERR_clear_error();
	return error;
}

int mc_seal_import_pkcs12(mc_store *store, mc_seal_info **out,
			  const char *org_id, const unsigned char *p12,
			  size_t len, const char *password)
{
	STACK_OF(X509) *chain = NULL;
	EVP_PKEY *key = NULL;
	char err[256] = "";
	mc_org *org = NULL;
	int error;

	if (out)
		*out = NULL;
	mc__store_clear_error(store);
	if ((error = org_load(store, &org, org_id)) < 0)
		return error;
	mc_org_free(org);
	if (!p12)
		return mc__store_error(store, MC_EINVALID, "PKCS#12: no data");
	if ((error = mc__seal_parse_pkcs12(&key, &chain, p12, len, password,
					   err, sizeof(err))) < 0)
		return mc__store_error(store, error, "%s", err);
	return import(store, out, org_id, key, chain);
}

int mc_seal_import_pem(mc_store *store, mc_seal_info **out, const char *org_id,
		       const char *key_pem, size_t key_len,
		       const char *chain_pem, size_t chain_len,
		       const char *password)
{
	STACK_OF(X509) *chain = NULL;
	EVP_PKEY *key = NULL;
	char err[256] = "";
	mc_org *org = NULL;
	int error;

	if (out)
		*out = NULL;
	mc__store_clear_error(store);
	if ((error = org_load(store, &org, org_id)) < 0)
		return error;
	mc_org_free(org);
	if (!key_pem || !chain_pem)
		return mc__store_error(store, MC_EINVALID, "%s: no data",
				       key_pem ? "chain" : "key");
	if ((error =
		 mc__seal_parse_pem(&key, &chain, key_pem, key_len, chain_pem,
				    chain_len, password, err, sizeof(err))) < 0)
		return mc__store_error(store, error, "%s", err);
	return import(store, out, org_id, key, chain);
}

/* ---- reading ------------------------------------------------------------ */

int mc_seal_list(mc_store *store, mc_seal_info ***out, size_t *count,
		 const char *org_id)
{
	mc__store_clear_error(store);
	return store->keys->seal_list(store, out, count, org_id);
}

int mc_seal_active(mc_store *store, mc_seal_info **out, const char *org_id)
{
	mc_seal_info **list = NULL;
	size_t n = 0, i;
	int error;

	*out = NULL;
	mc__store_clear_error(store);
	if (!org_id)
		return mc__store_error(store, MC_EUSAGE, "no organisation");
	if ((error = store->keys->seal_list(store, &list, &n, org_id)) < 0)
		return error;
	for (i = n; i-- > 0 && !*out;)
		if (!list[i]->is_ca && !list[i]->retired_at) {
			*out = list[i];
			list[i] = NULL;
		}
	mc_seal_list_free(list, n);
	if (!*out)
		return mc__store_error(store, MC_ENOTFOUND,
				       "organisation '%s' has no active seal; "
				       "run `microcred cert create-test-seal "
				       "%s` (demo) or `microcred cert import "
				       "%s ...`",
				       org_id, org_id, org_id);
	return 0;
}

int mc_seal_store_anchors(mc_store *store, char **pem)
{
	mc_seal_info **list = NULL;
	mc_buf b = MC_BUF_INIT((size_t)16 << 20);
	size_t n = 0, i;
	int error;

	*pem = NULL;
	mc__store_clear_error(store);
	if ((error = store->keys->seal_list(store, &list, &n, NULL)) < 0)
		return error;
	for (i = 0; i < n && !error; i++)
		if (list[i]->is_ca && mc__buf_puts(&b, list[i]->chain_pem) < 0)
			error = MC_ENOMEM;
	mc_seal_list_free(list, n);
	if (!error && !(*pem = mc__buf_detach(&b)))
		error = MC_ENOMEM;
	mc__buf_free(&b);
	return error;
}
