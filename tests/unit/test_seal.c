/*
 * Unit tests for seals (seal.c, seal_x509.c, seal_signer.c and
 * store_sqlite_seal.c): the test CA and test seals read back with OpenSSL,
 * keyUsage present and absent, the signer's RS256, PS256 and ES256
 * signatures verified by OpenSSL on the leaf's key, rotation, PKCS#12 and
 * PEM import with their refusals, and the private key never stored in
 * clear.  Real SQLite files, real OpenSSL.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sqlite3.h>

#include "microcred/catalogue.h"
#include "microcred/seal.h"
#include "crypto/crypto.h"
#include "keys/seal_private.h"
#include "crypto/seal_x509.h"
#include "store/store.h"

#define ORG    "ua-dniprorudne-lyceum"
#define ORG_GE "ge-tsu"
#define MASTER                                                                 \
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

struct fixture {
	char path[64];
	mc_store *s;
};

static const char ORGS[] =
    "{\"organisations\": ["
    "{\"id\": \"" ORG "\", \"name\": {\"en\": \"Dniprorudne Lyceum\","
    " \"uk\": \"Дніпрорудненський ліцей\"},"
    " \"country\": \"UA\", \"type\": \"vet_provider\"},"
    "{\"id\": \"" ORG_GE "\", \"name\": {\"en\": \"Tbilisi State University "
    "of Very Long Names For Testing The Sixty Four Character Limit\"},"
    " \"country\": \"GE\", \"type\": \"vet_provider\","
    " \"legal_identifier\": \"404 123 456\"}]}";

static void remove_db(const char *path)
{
	char side[80];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	char *err = NULL;
	int fd;

	assert_non_null(f);
	assert_int_equal(setenv("MICROCRED_MASTER_KEY", MASTER, 1), 0);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	unsetenv("MICROCRED_TEST_NOW");
	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-seal-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	if (mc_store_open(&f->s, f->path, NULL, &err) != 0)
		fail_msg("open: %s", err ? err : "?");
	if (mc_catalogue_import(f->s, &r, ORGS, strlen(ORGS), "orgs.json",
				&p) != 0)
		fail_msg("import: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_store_free(f->s);
	remove_db(f->path);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

/* Certificate `n` (0: leaf) of a PEM chain. */
static X509 *cert_of(const char *pem, int n)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = NULL;
	int i;

	assert_non_null(b);
	for (i = 0; i <= n; i++) {
		X509_free(x);
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
		assert_non_null(x);
	}
	BIO_free(b);
	return x;
}

/* The UTF-8 value of subject attribute `nid`, or "" (static buffer). */
static const char *subject_field(X509 *x, int nid)
{
	static char buf[256];

	buf[0] = '\0';
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), nid, buf,
				  sizeof(buf));
	return buf;
}

static size_t count_seals(mc_store *s, const char *org)
{
	mc_seal_info **list = NULL;
	size_t n = 0;

	assert_int_equal(mc_seal_list(s, &list, &n, org), 0);
	mc_seal_list_free(list, n);
	return n;
}

static mc_seal_info *make_ca(mc_store *s, const char *alg)
{
	mc_seal_options o = MC_SEAL_OPTIONS_INIT;
	mc_seal_info *ca = NULL;

	o.alg = alg;
	if (mc_seal_create_test_ca(s, &ca, &o) != 0)
		fail_msg("test CA: %s", mc_store_errmsg(s));
	return ca;
}

static mc_seal_info *make_seal(mc_store *s, const char *org, const char *alg,
			       int no_key_usage)
{
	mc_seal_options o = MC_SEAL_OPTIONS_INIT;
	mc_seal_info *seal = NULL;

	o.alg = alg;
	o.no_key_usage = no_key_usage;
	if (mc_seal_create_test(s, &seal, org, &o) != 0)
		fail_msg("test seal: %s", mc_store_errmsg(s));
	return seal;
}

/* Verify a JOSE signature made by the signer with OpenSSL directly. */
static int jose_verify(EVP_PKEY *pub, const char *alg, const unsigned char *msg,
		       size_t len, const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *der = NULL;
	int derlen = 0, ok;

	assert_non_null(md);
	assert_int_equal(
	    EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, pub), 1);
	if (strcmp(alg, "PS256") == 0) {
		assert_int_equal(
		    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING),
		    1);
		assert_int_equal(
		    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()), 1);
		/* The salt must be exactly 32 bytes. */
		assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32), 1);
	}
	if (strcmp(alg, "ES256") == 0) {
		ECDSA_SIG *es = ECDSA_SIG_new();

		assert_int_equal(siglen, 64);
		assert_int_equal(ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL),
						BN_bin2bn(sig + 32, 32, NULL)),
				 1);
		derlen = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		assert_true(derlen > 0);
		sig = der;
		siglen = (size_t)derlen;
	}
	ok = EVP_DigestVerify(md, sig, siglen, msg, len) == 1;
	OPENSSL_free(der);
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

/* A PEM string of a key (PKCS#8) or of certificates. */
static char *key_pem(EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *s;
	long n;

	assert_int_equal(
	    PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL), 1);
	n = BIO_get_mem_data(b, &data);
	s = strndup(data, (size_t)n);
	BIO_free(b);
	return s;
}

/* A CA and a leaf for `leaf_key` made with the library's X.509 maker. */
static void make_pair(X509 **ca, EVP_PKEY **ca_key, X509 **leaf,
		      EVP_PKEY *leaf_key)
{
	struct mc__seal_cert_spec spec;
	char err[256];
	long long now = (long long)time(NULL);

	assert_int_equal(
	    mc__seal_key_generate(ca_key, "ES256", err, sizeof(err)), 0);
	memset(&spec, 0, sizeof(spec));
	spec.key = spec.issuer_key = *ca_key;
	spec.cn = "Outside CA";
	spec.is_ca = 1;
	spec.not_before = now - 60;
	spec.not_after = now + 3600;
	assert_int_equal(mc__seal_cert_make(ca, &spec, err, sizeof(err)), 0);
	spec.key = leaf_key;
	spec.issuer = *ca;
	spec.cn = "Real Seal";
	spec.o = "Dniprorudne Lyceum";
	spec.c = "UA";
	spec.org_identifier = "VATUA-12345678";
	spec.is_ca = 0;
	assert_int_equal(mc__seal_cert_make(leaf, &spec, err, sizeof(err)), 0);
}

/* Non-zero when `needle` occurs in the `sealed` column of any seal. */
static int blob_contains(const char *path, const unsigned char *needle,
			 size_t len)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int found = 0, rows = 0;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT sealed FROM seals", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);

		rows++;
		if (n >= len && memmem(p, n, needle, len))
			found = 1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_true(rows > 0);
	return found;
}

/* ---- tests -------------------------------------------------------------- */

static void test_ca_and_seal_subject(void **state)
{
	struct fixture *f = *state;
	mc_seal_info *ca = make_ca(f->s, NULL);
	mc_seal_info *seal = make_seal(f->s, ORG, NULL, 0);
	X509 *cax = cert_of(ca->chain_pem, 0),
	     *leaf = cert_of(seal->chain_pem, 0);
	X509 *second = cert_of(seal->chain_pem, 1);
	X509_STORE *anchors = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	BASIC_CONSTRAINTS *bc;
	const ASN1_INTEGER *serial;
	int crit = 0;

	assert_string_equal(ca->id, "test-ca-1");
	assert_null(ca->org_id);
	assert_true(ca->is_ca && ca->is_test);
	assert_string_equal(seal->id, ORG "-seal-1");
	assert_true(seal->is_test && !seal->is_ca);
	assert_string_equal(seal->alg, "RS256");

	/* The CA: TEST in CN and O, CA:TRUE, keyCertSign and cRLSign. */
	assert_non_null(strstr(subject_field(cax, NID_commonName), "TEST"));
	assert_non_null(
	    strstr(subject_field(cax, NID_organizationName), "TEST"));
	bc = X509_get_ext_d2i(cax, NID_basic_constraints, &crit, NULL);
	assert_non_null(bc);
	assert_true(bc->ca);
	assert_int_equal(crit, 1);
	BASIC_CONSTRAINTS_free(bc);
	assert_true(X509_get_key_usage(cax) & KU_KEY_CERT_SIGN);
	assert_true(X509_get_key_usage(cax) & KU_CRL_SIGN);

	/* The seal's subject, read back by OpenSSL. */
	assert_non_null(strstr(subject_field(leaf, NID_commonName), "TEST"));
	assert_string_equal(subject_field(leaf, NID_organizationName),
			    "Dniprorudne Lyceum (TEST)");
	assert_string_equal(subject_field(leaf, NID_countryName), "UA");
	assert_string_equal(subject_field(leaf, NID_organizationIdentifier),
			    "NTRUA-UA-DNIPRORUDNE-LYCEUM");
	assert_string_equal(seal->org_identifier,
			    "NTRUA-UA-DNIPRORUDNE-LYCEUM");
	assert_string_equal(seal->organization, "Dniprorudne Lyceum (TEST)");
	assert_string_equal(seal->country, "UA");
	assert_non_null(strstr(seal->subject, "2.5.4.97=") ||
				strstr(seal->subject, "organizationIdentifier=")
			    ? seal->subject
			    : NULL);
	/* keyUsage critical, digitalSignature + nonRepudiation; SKI, AKI. */
	assert_true(X509_get_extension_flags(leaf) & EXFLAG_KUSAGE);
	assert_int_equal(X509_get_key_usage(leaf),
			 KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION);
	assert_int_equal(
	    X509_EXTENSION_get_critical(X509_get_ext(
		leaf, X509_get_ext_by_NID(leaf, NID_key_usage, -1))),
	    1);
	assert_non_null(X509_get0_subject_key_id(leaf));
	assert_non_null(X509_get0_authority_key_id(leaf));
	serial = X509_get0_serialNumber(leaf);
	assert_int_equal(ASN1_STRING_length(serial), 16);
	assert_int_equal(strlen(seal->serial), 32);
	assert_int_equal(strlen(seal->fingerprint), 64);

	/* The chain: leaf then the CA, and it verifies to the CA. */
	assert_int_equal(X509_cmp(second, cax), 0);
	assert_int_equal(X509_STORE_add_cert(anchors, cax), 1);
	assert_int_equal(X509_STORE_CTX_init(ctx, anchors, leaf, NULL), 1);
	if (X509_verify_cert(ctx) != 1)
		fail_msg("chain: %s", X509_verify_cert_error_string(
					  X509_STORE_CTX_get_error(ctx)));

	X509_STORE_CTX_free(ctx);
	X509_STORE_free(anchors);
	X509_free(cax);
	X509_free(leaf);
	X509_free(second);
	mc_seal_info_free(ca);
	mc_seal_info_free(seal);
}

static void test_org_identifier(void **state)
{
	struct fixture *f = *state;
	mc_seal_options o = MC_SEAL_OPTIONS_INIT;
	mc_seal_info *ca = make_ca(f->s, "ES256");
	mc_seal_info *seal = make_seal(f->s, ORG_GE, "ES256", 0);
	X509 *leaf = cert_of(seal->chain_pem, 0);

	/* From the legal identifier, letters and digits only. */
	assert_string_equal(seal->org_identifier, "NTRGE-404123456");
	assert_string_equal(seal->country, "GE");
	/* O is cut to 64 characters with the TEST mark kept. */
	assert_int_equal(strlen(subject_field(leaf, NID_organizationName)), 64);
	assert_non_null(
	    strstr(subject_field(leaf, NID_organizationName), "(TEST)"));
	X509_free(leaf);
	mc_seal_info_free(seal);

	o.org_identifier = "VATUA-12345678";
	assert_int_equal(mc_seal_create_test(f->s, &seal, ORG, &o), 0);
	assert_string_equal(seal->org_identifier, "VATUA-12345678");
	mc_seal_info_free(seal);

	o.org_identifier = "vat-12";
	assert_int_equal(mc_seal_create_test(f->s, &seal, ORG, &o),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "org_identifier"));
	assert_null(seal);

	o.org_identifier = NULL;
	o.alg = "HS256";
	assert_int_equal(mc_seal_create_test(f->s, &seal, ORG, &o),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "alg"));
	o.alg = NULL;
	o.not_before = "2030-01-01T00:00:00Z";
	o.not_after = "2029-01-01T00:00:00Z";
	assert_int_equal(mc_seal_create_test(f->s, &seal, ORG, &o),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "not_after"));
	mc_seal_info_free(ca);
}

static void test_no_ca_unknown_org(void **state)
{
	struct fixture *f = *state;
	mc_seal_info *s = NULL, *ca;

	assert_int_equal(mc_seal_create_test(f->s, &s, ORG, NULL),
			 MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(f->s), "create-test-ca"));
	assert_int_equal(count_seals(f->s, NULL), 0);
	assert_int_equal(mc_seal_active(f->s, &s, ORG), MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(f->s), "create-test-seal"));
	ca = make_ca(f->s, NULL);
	assert_int_equal(mc_seal_create_test(f->s, &s, "no-such-org", NULL),
			 MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(f->s), "no-such-org"));
	assert_int_equal(count_seals(f->s, NULL), 1);
	mc_seal_info_free(ca);
}

static void test_key_usage_absent(void **state)
{
	struct fixture *f = *state;
	mc_seal_info *ca = make_ca(f->s, NULL);
	mc_seal_info *seal = make_seal(f->s, ORG, "PS256", 1);
	X509 *leaf = cert_of(seal->chain_pem, 0);
	struct mc__seal_signer *signer = NULL;

	assert_false(X509_get_extension_flags(leaf) & EXFLAG_KUSAGE);
	assert_int_equal(X509_get_ext_by_NID(leaf, NID_key_usage, -1), -1);
	/* It still signs, so that verifiers can be tested against it. */
	assert_int_equal(mc__seal_signer_open(f->s, &signer, ORG), 0);
	assert_string_equal(signer->alg, "PS256");
	mc__seal_signer_free(signer);
	X509_free(leaf);
	mc_seal_info_free(seal);
	mc_seal_info_free(ca);
}

static void sign_and_check(mc_store *s, const char *alg)
{
	static const unsigned char msg[] = "eyJhbGciOiJSUzI1NiJ9.payload";
	struct mc__seal_signer *signer = NULL;
	mc_seal_info *seal = make_seal(s, ORG, alg, 0);
	X509 *leaf = cert_of(seal->chain_pem, 0), *dleaf;
	const unsigned char *p;
	unsigned char *sig = NULL, *bad = NULL, digest[32];
	size_t siglen = 0, badlen = 0;
	char err[256] = "";

	assert_int_equal(mc__seal_signer_open(s, &signer, ORG), 0);
	assert_string_equal(signer->alg, alg);
	assert_int_equal(signer->chain_count, 2);
	assert_string_equal(signer->info->id, seal->id);
	p = signer->chain[0];
	dleaf = d2i_X509(NULL, &p, (long)signer->chain_len[0]);
	assert_non_null(dleaf);
	assert_int_equal(X509_cmp(dleaf, leaf), 0);
	mc__sha256(digest, msg, sizeof(msg) - 1);
	if (signer->sign(signer, alg, digest, &sig, &siglen, err,
			 sizeof(err)) != 0)
		fail_msg("sign %s: %s", alg, err);
	if (strcmp(alg, "ES256") == 0)
		assert_int_equal(siglen, 64);
	else
		assert_int_equal(siglen, 256);
	assert_true(jose_verify(X509_get0_pubkey(leaf), alg, msg,
				sizeof(msg) - 1, sig, siglen));
	/* One changed byte of the message: no longer verifies. */
	assert_false(jose_verify(X509_get0_pubkey(leaf), alg, msg,
				 sizeof(msg) - 2, sig, siglen));
	/* An alg the key does not do. */
	assert_int_equal(signer->sign(signer, alg[0] == 'E' ? "RS256" : "ES256",
				      digest, &bad, &badlen, err, sizeof(err)),
			 MC_EINVALID);
	assert_null(bad);
	free(sig);
	X509_free(dleaf);
	X509_free(leaf);
	mc__seal_signer_free(signer);
	mc_seal_info_free(seal);
}

static void test_signer_algs(void **state)
{
	struct fixture *f = *state;
	mc_seal_info *ca = make_ca(f->s, NULL);

	sign_and_check(f->s, "RS256");
	sign_and_check(f->s, "PS256");
	sign_and_check(f->s, "ES256");
	mc_seal_info_free(ca);
}

static void test_rotation(void **state)
{
	struct fixture *f = *state;
	mc_seal_info *ca = make_ca(f->s, NULL);
	mc_seal_info *one = make_seal(f->s, ORG, NULL, 0);
	mc_seal_info *two = make_seal(f->s, ORG, "ES256", 0);
	mc_seal_info **list = NULL, *active = NULL;
	size_t n = 0;

	assert_string_equal(two->id, ORG "-seal-2");
	assert_int_equal(mc_seal_list(f->s, &list, &n, ORG), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, one->id);
	assert_non_null(list[0]->retired_at);
	assert_null(list[1]->retired_at);
	assert_int_equal(mc_seal_active(f->s, &active, ORG), 0);
	assert_string_equal(active->id, two->id);
	assert_string_equal(active->alg, "ES256");
	/* The CA is not an organisation's seal and stays. */
	assert_int_equal(count_seals(f->s, NULL), 3);
	mc_seal_info_free(active);
	mc_seal_list_free(list, n);
	mc_seal_info_free(one);
	mc_seal_info_free(two);
	mc_seal_info_free(ca);
}

static void test_import_pkcs12(void **state)
{
	struct fixture *f = *state;
	EVP_PKEY *key = NULL, *ca_key = NULL;
	X509 *cax = NULL, *leaf = NULL;
	STACK_OF(X509) *cas = sk_X509_new_null();
	PKCS12 *p12;
	unsigned char *der = NULL, *pk8 = NULL;
	size_t pk8len = 0;
	int len;
	mc_seal_info *s = NULL;
	struct mc__seal_signer *signer = NULL;
	char err[256];

	assert_int_equal(mc__seal_key_generate(&key, "RS256", err, sizeof(err)),
			 0);
	make_pair(&cax, &ca_key, &leaf, key);
	assert_int_equal(sk_X509_push(cas, cax), 1);
	p12 = PKCS12_create("s3cret", "seal", key, leaf, cas, 0, 0, 0, 0, 0);
	assert_non_null(p12);
	len = i2d_PKCS12(p12, &der);
	assert_true(len > 0);

	/* Wrong password and none: refused, nothing stored. */
	assert_int_equal(
	    mc_seal_import_pkcs12(f->s, &s, ORG, der, (size_t)len, "wrong"),
	    MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "wrong password"));
	assert_int_equal(
	    mc_seal_import_pkcs12(f->s, &s, ORG, der, (size_t)len, NULL),
	    MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "password"));
	/* Garbage and too big. */
	assert_int_equal(mc_seal_import_pkcs12(f->s, &s, ORG,
					       (const unsigned char *)"junk", 4,
					       "s3cret"),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "PKCS#12"));
	assert_int_equal(mc_seal_import_pkcs12(f->s, &s, ORG, der,
					       MC_SEAL_FILE_MAX + 1, "s3cret"),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "more than"));
	assert_int_equal(
	    mc_seal_import_pkcs12(f->s, &s, "nope", der, (size_t)len, "s3cret"),
	    MC_ENOTFOUND);
	assert_int_equal(count_seals(f->s, NULL), 0);
	assert_null(s);

	/* The right password. */
	if (mc_seal_import_pkcs12(f->s, &s, ORG, der, (size_t)len, "s3cret"))
		fail_msg("import: %s", mc_store_errmsg(f->s));
	assert_false(s->is_test);
	assert_string_equal(s->alg, "RS256");
	assert_string_equal(s->org_identifier, "VATUA-12345678");
	assert_non_null(strstr(s->issuer, "Outside CA"));
	assert_int_equal(count_seals(f->s, ORG), 1);

	/* The key at rest is sealed: its PKCS#8 DER is not in the file. */
	assert_int_equal(mc__seal_key_to_pkcs8(&pk8, &pk8len, key), 0);
	assert_false(blob_contains(f->path, pk8, pk8len));
	assert_false(blob_contains(f->path, pk8 + pk8len - 64, 32));

	/* And it signs, verifiably with the imported certificate. */
	assert_int_equal(mc__seal_signer_open(f->s, &signer, ORG), 0);
	assert_int_equal(signer->chain_count, 2);
	{
		unsigned char *sig = NULL, d[32];
		size_t siglen = 0;

		mc__sha256(d, "m", 1);
		assert_int_equal(signer->sign(signer, "RS256", d, &sig, &siglen,
					      err, sizeof(err)),
				 0);
		assert_true(jose_verify(X509_get0_pubkey(leaf), "RS256",
					(const unsigned char *)"m", 1, sig,
					siglen));
		free(sig);
	}

	mc__seal_signer_free(signer);
	mc_seal_info_free(s);
	OPENSSL_clear_free(pk8, pk8len);
	OPENSSL_free(der);
	PKCS12_free(p12);
	sk_X509_pop_free(cas, X509_free);
	X509_free(leaf);
	EVP_PKEY_free(key);
	EVP_PKEY_free(ca_key);
}

static void test_import_pem(void **state)
{
	struct fixture *f = *state;
	EVP_PKEY *key = NULL, *other = NULL, *ca_key = NULL;
	X509 *cax = NULL, *leaf = NULL;
	STACK_OF(X509) *chain = sk_X509_new_null();
	char *kpem, *opem, *cpem = NULL, *big, err[256];
	mc_seal_info *s = NULL;
	struct mc__seal_signer *signer = NULL;

	assert_int_equal(mc__seal_key_generate(&key, "ES256", err, sizeof(err)),
			 0);
	assert_int_equal(
	    mc__seal_key_generate(&other, "ES256", err, sizeof(err)), 0);
	make_pair(&cax, &ca_key, &leaf, key);
	assert_true(sk_X509_push(chain, leaf) > 0);
	assert_true(sk_X509_push(chain, cax) > 0);
	assert_int_equal(mc__seal_chain_to_pem(&cpem, chain), 0);
	kpem = key_pem(key);
	opem = key_pem(other);

	/* Key does not match the leaf. */
	assert_int_equal(mc_seal_import_pem(f->s, &s, ORG, opem, strlen(opem),
					    cpem, strlen(cpem), NULL),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "does not match"));
	/* Garbage PEM, as key and as chain. */
	assert_int_equal(mc_seal_import_pem(f->s, &s, ORG, "-----BEGIN junk",
					    15, cpem, strlen(cpem), NULL),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "key"));
	assert_int_equal(mc_seal_import_pem(f->s, &s, ORG, kpem, strlen(kpem),
					    "-----BEGIN CERTIFICATE-----\nAAAA"
					    "\n-----END CERTIFICATE-----\n",
					    57, NULL),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "chain"));
	/* Chain in the wrong order. */
	{
		STACK_OF(X509) *rev = sk_X509_new_null();
		char *rpem = NULL;

		sk_X509_push(rev, cax);
		sk_X509_push(rev, leaf);
		assert_int_equal(mc__seal_chain_to_pem(&rpem, rev), 0);
		assert_int_equal(mc_seal_import_pem(f->s, &s, ORG, kpem,
						    strlen(kpem), rpem,
						    strlen(rpem), NULL),
				 MC_EINVALID);
		free(rpem);
		sk_X509_free(rev);
	}
	/* Too big. */
	big = calloc(1, MC_SEAL_FILE_MAX + 2);
	memset(big, 'A', MC_SEAL_FILE_MAX + 1);
	assert_int_equal(mc_seal_import_pem(f->s, &s, ORG, kpem, strlen(kpem),
					    big, strlen(big), NULL),
			 MC_EINVALID);
	assert_non_null(strstr(mc_store_errmsg(f->s), "more than"));
	free(big);
	assert_int_equal(count_seals(f->s, NULL), 0);

	/* The good pair. */
	if (mc_seal_import_pem(f->s, &s, ORG, kpem, strlen(kpem), cpem,
			       strlen(cpem), NULL))
		fail_msg("import: %s", mc_store_errmsg(f->s));
	assert_string_equal(s->alg, "ES256");
	assert_int_equal(count_seals(f->s, ORG), 1);

	/* A signer straight from the PEM files. */
	assert_int_equal(mc__seal_signer_from_pem(&signer, kpem, strlen(kpem),
						  cpem, strlen(cpem), NULL, err,
						  sizeof(err)),
			 0);
	assert_string_equal(signer->alg, "ES256");
	assert_string_equal(signer->info->org_identifier, "VATUA-12345678");
	mc__seal_signer_free(signer);
	assert_int_equal(mc__seal_signer_from_pem(&signer, opem, strlen(opem),
						  cpem, strlen(cpem), NULL, err,
						  sizeof(err)),
			 MC_EINVALID);
	assert_null(signer);

	mc_seal_info_free(s);
	free(kpem);
	free(opem);
	free(cpem);
	sk_X509_pop_free(chain, X509_free);
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
	EVP_PKEY_free(ca_key);
}

static void test_store_anchors(void **state)
{
	struct fixture *f = *state;
	char *pem = NULL;
	mc_seal_info *ca1, *ca2, *seal;
	X509 *first, *newest;

	assert_int_equal(mc_seal_store_anchors(f->s, &pem), 0);
	assert_string_equal(pem, "");
	free(pem);
	ca1 = make_ca(f->s, NULL);
	ca2 = make_ca(f->s, "ES256");
	seal = make_seal(f->s, ORG, NULL, 0);
	assert_string_equal(ca2->id, "test-ca-2");
	assert_int_equal(mc_seal_store_anchors(f->s, &pem), 0);
	assert_non_null(strstr(pem, ca1->chain_pem));
	assert_non_null(strstr(pem, ca2->chain_pem));
	/* Two certificates, and no seal among them. */
	assert_null(
	    strstr(strstr(strstr(pem, "BEGIN CERT") + 1, "BEGIN CERT") + 1,
		   "BEGIN CERT"));
	/* The seal is signed by the newest CA. */
	first = cert_of(seal->chain_pem, 1);
	newest = cert_of(ca2->chain_pem, 0);
	assert_int_equal(X509_cmp(first, newest), 0);
	X509_free(first);
	X509_free(newest);
	free(pem);
	mc_seal_info_free(ca1);
	mc_seal_info_free(ca2);
	mc_seal_info_free(seal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ca_and_seal_subject, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_org_identifier, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_no_ca_unknown_org, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_key_usage_absent, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_signer_algs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_pkcs12, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_import_pem, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_anchors, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
