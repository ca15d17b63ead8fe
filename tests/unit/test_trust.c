/*
 * Unit tests for trust.c and trust_tl.c: chains built with certificates the
 * test makes with OpenSSL (root, intermediate, seal), PEM bundles, the
 * trusted lists of tests/data/tl (the CA's DER spliced in for @CERT@),
 * hostile XML (XXE, billion laughs) and the Commission's sample seal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "util/encoding.h"
#include "microcred/errors.h"
#include "util/timeutil.h"
#include "crypto/trust.h"
#include "util/util.h"

#define DAY  86400L
#define BASE 1700000000L /* 2023-11-14T22:13:20Z */

/* The reason in `err` contains `want`. */
#define assert_reason(err, want)                                               \
	do {                                                                   \
		if (!strstr((err), (want)))                                    \
			fail_msg("reason \"%s\" lacks \"%s\"", (err), (want)); \
	} while (0)

/* No basicConstraints at all (for `ca`). */
#define NO_BC (-1)

struct cert {
	X509 *x;
	EVP_PKEY *key;
	unsigned char *der;
	size_t der_len;
};

static EVP_PKEY *new_key(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

	assert_non_null(k);
	return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *e;

	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	assert_non_null(e);
	assert_true(X509_add_ext(x, e, -1));
	X509_EXTENSION_free(e);
}

/*
 * A certificate for `cn` valid [nb, na], signed by `issuer` (NULL: self-
 * signed) with `sign_key` (NULL: the issuer's key, or its own).  `ca` 1
 * gives basicConstraints cA, 0 cA false, NO_BC none; `ku` the keyUsage or
 * * NULL for none.
 */
static struct cert make(const char *cn, const struct cert *issuer,
			EVP_PKEY *sign_key, int ca, const char *ku, long nb,
			long na)
{
	static long serial = 1;
	struct cert c = {0};
	X509_NAME *name;
	unsigned char *der = NULL;
	int n;

	c.key = new_key();
	c.x = X509_new();
	assert_non_null(c.x);
	assert_true(X509_set_version(c.x, 2));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(c.x), serial++));
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(c.x), nb));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(c.x), na));
	name = X509_get_subject_name(c.x);
	assert_true(X509_NAME_add_entry_by_txt(
	    name, "O", MBSTRING_UTF8, (const unsigned char *)"microcred tests",
	    -1, -1, 0));
	assert_true(X509_NAME_add_entry_by_txt(
	    name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0));
	assert_true(X509_set_issuer_name(
	    c.x, issuer ? X509_get_subject_name(issuer->x) : name));
	assert_true(X509_set_pubkey(c.x, c.key));
	if (ca == 1)
		add_ext(c.x, issuer ? issuer->x : c.x, NID_basic_constraints,
			"critical,CA:TRUE");
	else if (ca == 0)
		add_ext(c.x, issuer ? issuer->x : c.x, NID_basic_constraints,
			"critical,CA:FALSE");
	if (ku)
		add_ext(c.x, issuer ? issuer->x : c.x, NID_key_usage, ku);
	if (!sign_key)
		sign_key = issuer ? issuer->key : c.key;
	assert_true(X509_sign(c.x, sign_key, EVP_sha256()) > 0);
	n = i2d_X509(c.x, &der);
	assert_true(n > 0);
	c.der = der;
	c.der_len = (size_t)n;
	return c;
}

static struct cert make_ca(const char *cn)
{
	return make(cn, NULL, NULL, 1, "critical,keyCertSign,cRLSign",
		    BASE - 365 * DAY, BASE + 3650 * DAY);
}

static struct cert make_seal(const struct cert *issuer)
{
	return make("Test Seal", issuer, NULL, 0,
		    "critical,digitalSignature,nonRepudiation", BASE - 30 * DAY,
		    BASE + 365 * DAY);
}

static void cert_free(struct cert *c)
{
	X509_free(c->x);
	EVP_PKEY_free(c->key);
	OPENSSL_free(c->der);
	memset(c, 0, sizeof(*c));
}

static char *pem_of(const struct cert *c)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out;
	long n;

	assert_non_null(b);
	assert_true(PEM_write_bio_X509(b, c->x));
	n = BIO_get_mem_data(b, &data);
	out = mc__strndup(data, (size_t)n);
	BIO_free(b);
	return out;
}

static char *b64_of(const struct cert *c)
{
	char *out = malloc(c->der_len * 2 + 4);

	assert_non_null(out);
	assert_true(
	    EVP_EncodeBlock((unsigned char *)out, c->der, (int)c->der_len) > 0);
	return out;
}

/* Check a chain of up to three certificates. */
static int chain3(const struct mc__trust *t, const struct cert *a,
		  const struct cert *b, const struct cert *c, long at,
		  char **anchor, char *err, size_t errlen)
{
	const unsigned char *ders[3];
	struct mc__trust_path path;
	size_t lens[3], n = 0;
	int rc;

	ders[n] = a->der, lens[n++] = a->der_len;
	if (b)
		ders[n] = b->der, lens[n++] = b->der_len;
	if (c)
		ders[n] = c->der, lens[n++] = c->der_len;
	rc = mc__trust_check_chain(t, ders, lens, n, (time_t)at, &path, err,
				   errlen);
	if (anchor) {
		*anchor = path.anchor;
		path.anchor = NULL;
	}
	mc__trust_path_clear(&path);
	return rc;
}

static struct mc__trust *trust_with(const struct cert *ca)
{
	struct mc__trust *t = NULL;
	char err[256], *pem;

	assert_int_equal(mc__trust_new(&t), 0);
	if (ca) {
		pem = pem_of(ca);
		assert_int_equal(mc__trust_add_pem(t, pem, strlen(pem),
						   "anchors.pem", err,
						   sizeof(err)),
				 0);
		free(pem);
	}
	return t;
}

static char *read_path(const char *path, size_t *len)
{
	char *data = NULL, err[256];
	size_t n = 0;

	if (mc__read_file(&data, &n, path, MC__TRUST_FILE_MAX, err,
			  sizeof(err)) != 0)
		fail_msg("%s", err);
	if (len)
		*len = n;
	return data;
}

static char *data_file(const char *name, size_t *len)
{
	const char *src = getenv("MC_SOURCE_DIR");
	char path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/tl/%s", src ? src : ".",
		 name);
	return read_path(path, len);
}

/* `s` with each `from` replaced by `to` (fresh string). */
static char *replace(const char *s, const char *from, const char *to)
{
	mc_buf b = MC_BUF_INIT(64 * 1024 * 1024);
	const char *p;
	size_t n = strlen(from);

	while ((p = strstr(s, from))) {
		assert_int_equal(mc__buf_add(&b, s, (size_t)(p - s)), 0);
		assert_int_equal(mc__buf_puts(&b, to), 0);
		s = p + n;
	}
	assert_int_equal(mc__buf_puts(&b, s), 0);
	return mc__buf_detach(&b);
}

static char *tl_with(const char *template_name, const struct cert *c1,
		     const struct cert *c2)
{
	char *tmpl = data_file(template_name, NULL), *b1 = b64_of(c1), *s1,
	     *out;

	s1 = replace(tmpl, "@CERT@", b1);
	if (c2) {
		char *b2 = b64_of(c2);

		out = replace(s1, "@CERT2@", b2);
		free(b2);
		free(s1);
	} else {
		out = s1;
	}
	free(tmpl);
	free(b1);
	return out;
}

static void test_leaf_to_ca(void **state)
{
	struct cert ca = make_ca("Test Root CA"), seal = make_seal(&ca);
	struct mc__trust *t = trust_with(&ca);
	char err[512] = "", *anchor = NULL;

	(void)state;
	assert_int_equal(mc__trust_count(t), 1);
	assert_int_equal(
	    chain3(t, &seal, NULL, NULL, BASE, &anchor, err, sizeof(err)), 0);
	assert_non_null(anchor);
	assert_non_null(strstr(anchor, "CN=Test Root CA"));
	assert_int_equal(mc__trust_check_leaf(seal.der, seal.der_len, BASE, err,
					      sizeof(err)),
			 0);
	free(anchor);
	mc__trust_free(t);
	cert_free(&seal);
	cert_free(&ca);
}

static void test_intermediate(void **state)
{
	struct cert ca = make_ca("Test Root CA");
	struct cert mid =
	    make("Test Issuing CA", &ca, NULL, 1, "critical,keyCertSign",
		 BASE - 100 * DAY, BASE + 1000 * DAY);
	struct cert seal = make_seal(&mid);
	struct mc__trust *t = trust_with(&ca);
	char err[512] = "", *anchor = NULL;

	(void)state;
	assert_int_equal(
	    chain3(t, &seal, &mid, NULL, BASE, &anchor, err, sizeof(err)), 0);
	assert_non_null(strstr(anchor, "CN=Test Root CA"));
	free(anchor);
	/* Without the intermediate there is no path. */
	assert_int_equal(
	    chain3(t, &seal, NULL, NULL, BASE, &anchor, err, sizeof(err)),
	    MC_ENOTFOUND);
	assert_null(anchor);
	assert_reason(err, "Test Issuing CA");
	/* An intermediate that is itself an anchor ends the path. */
	mc__trust_free(t);
	t = trust_with(&mid);
	assert_int_equal(
	    chain3(t, &seal, NULL, NULL, BASE, &anchor, err, sizeof(err)), 0);
	assert_non_null(strstr(anchor, "CN=Test Issuing CA"));
	free(anchor);
	mc__trust_free(t);
	cert_free(&seal);
	cert_free(&mid);
	cert_free(&ca);
}

static void test_anchor_missing(void **state)
{
	struct cert ca = make_ca("Test Root CA"), other = make_ca("Other CA");
	struct cert seal = make_seal(&ca);
	struct mc__trust *t = trust_with(&other);
	char err[512] = "", *anchor = NULL;

	(void)state;
	/* The seal brings its own root along: it is not trusted for that. */
	assert_int_equal(
	    chain3(t, &seal, &ca, NULL, BASE, &anchor, err, sizeof(err)),
	    MC_ENOTFOUND);
	assert_null(anchor);
	assert_reason(err, "none of the 1 anchors");
	assert_reason(err, "CN=Test Root CA");
	assert_int_equal(
	    chain3(t, &seal, NULL, NULL, BASE, NULL, err, sizeof(err)),
	    MC_ENOTFOUND);
	assert_reason(err, "issued by 'CN=Test Root CA");
	mc__trust_free(t);
	cert_free(&seal);
	cert_free(&other);
	cert_free(&ca);
}

static void test_validity(void **state)
{
	struct cert ca = make_ca("Test Root CA"), seal = make_seal(&ca);
	struct mc__trust *t = trust_with(&ca);
	char err[512] = "", want[80], when[21];

	(void)state;
	/* Expired at `at`, valid at an earlier `at`. */
	mc__timestamp_format(when, BASE + 365 * DAY);
	snprintf(want, sizeof(want), "expired on %s", when);
	assert_int_equal(chain3(t, &seal, NULL, NULL, BASE + 400 * DAY, NULL,
				err, sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, want);
	assert_reason(err, "seal certificate 'CN=Test Seal");
	assert_int_equal(mc__trust_check_leaf(seal.der, seal.der_len,
					      BASE + 400 * DAY, err,
					      sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, want);
	assert_int_equal(chain3(t, &seal, NULL, NULL, BASE + 300 * DAY, NULL,
				err, sizeof(err)),
			 0);
	/* Not yet valid. */
	mc__timestamp_format(when, BASE - 30 * DAY);
	snprintf(want, sizeof(want), "not valid before %s", when);
	assert_int_equal(chain3(t, &seal, NULL, NULL, BASE - 60 * DAY, NULL,
				err, sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, want);
	assert_int_equal(mc__trust_check_leaf(seal.der, seal.der_len,
					      BASE - 60 * DAY, err,
					      sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, want);
	mc__trust_free(t);
	cert_free(&seal);
	cert_free(&ca);
}

static void test_intermediate_not_ca(void **state)
{
	struct cert ca = make_ca("Test Root CA");
	struct cert no_bc = make("Not A CA", &ca, NULL, NO_BC, NULL,
				 BASE - 100 * DAY, BASE + 1000 * DAY);
	struct cert ca_false = make("Not A CA Either", &ca, NULL, 0, NULL,
				    BASE - 100 * DAY, BASE + 1000 * DAY);
	struct cert s1 = make_seal(&no_bc), s2 = make_seal(&ca_false);
	struct mc__trust *t = trust_with(&ca);
	char err[512] = "";

	(void)state;
	assert_int_equal(
	    chain3(t, &s1, &no_bc, NULL, BASE, NULL, err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "'CN=Not A CA,");
	assert_reason(err, "not a CA");
	assert_int_equal(
	    chain3(t, &s2, &ca_false, NULL, BASE, NULL, err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "not a CA");
	mc__trust_free(t);
	cert_free(&s1);
	cert_free(&s2);
	cert_free(&no_bc);
	cert_free(&ca_false);
	cert_free(&ca);
}

/* A seal naming the anchor as issuer but signed by another key. */
static void test_swapped_certificate(void **state)
{
	struct cert ca = make_ca("Test Root CA");
	struct cert forger = make_ca("Test Root CA");
	struct cert fake = make("Test Seal", &ca, forger.key, 0,
				"digitalSignature", BASE - DAY, BASE + DAY);
	struct mc__trust *t = trust_with(&ca);
	char err[512] = "", *anchor = NULL;

	(void)state;
	assert_int_equal(
	    chain3(t, &fake, NULL, NULL, BASE, &anchor, err, sizeof(err)),
	    MC_EINVALID);
	assert_null(anchor);
	assert_reason(err, "bad signature");
	/* Bringing the forger's look-alike root along does not help. */
	assert_true(chain3(t, &fake, &forger, NULL, BASE, &anchor, err,
			   sizeof(err)) < 0);
	assert_null(anchor);
	mc__trust_free(t);
	cert_free(&fake);
	cert_free(&forger);
	cert_free(&ca);
}

static void test_leaf_key_usage(void **state)
{
	struct cert ca = make_ca("Test Root CA");
	struct cert sign_only =
	    make("KU", &ca, NULL, 0, "critical,keyEncipherment", BASE - DAY,
		 BASE + DAY);
	struct cert none =
	    make("No KU", &ca, NULL, NO_BC, NULL, BASE - DAY, BASE + DAY);
	struct cert nr =
	    make("NR", &ca, NULL, 0, "nonRepudiation", BASE - DAY, BASE + DAY);
	char err[512] = "";

	(void)state;
	assert_int_equal(mc__trust_check_leaf(sign_only.der, sign_only.der_len,
					      BASE, err, sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, "neither digitalSignature nor nonRepudiation");
	assert_int_equal(mc__trust_check_leaf(none.der, none.der_len, BASE, err,
					      sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, "no keyUsage");
	assert_int_equal(
	    mc__trust_check_leaf(nr.der, nr.der_len, BASE, err, sizeof(err)),
	    0);
	assert_int_equal(mc__trust_check_leaf((const unsigned char *)"junk", 4,
					      BASE, err, sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, "not a DER X.509");
	cert_free(&sign_only);
	cert_free(&none);
	cert_free(&nr);
	cert_free(&ca);
}

static void expect_pem(struct mc__trust *t, const char *pem, int code,
		       const char *why)
{
	char err[512] = "";

	assert_int_equal(
	    mc__trust_add_pem(t, pem, strlen(pem), "b.pem", err, sizeof(err)),
	    code);
	if (why && !strstr(err, why))
		fail_msg("reason \"%s\" lacks \"%s\"", err, why);
}

static void test_pem_bundle(void **state)
{
	struct cert a = make_ca("CA A"), b = make_ca("CA B");
	char *pa = pem_of(&a), *pb = pem_of(&b), *s;
	struct mc__trust *t = NULL;

	(void)state;
	assert_int_equal(mc__trust_new(&t), 0);
	expect_pem(t, "hello, world\n", MC_EINVALID, "b.pem: no certificate");
	expect_pem(t, "", MC_EINVALID, "no certificate");
	/* A good certificate then garbage: nothing is added. */
	s = mc__asprintf("%s-----BEGIN CERTIFICATE-----\n!!garbage!!\n"
			 "-----END CERTIFICATE-----\n",
			 pa);
	expect_pem(t, s, MC_EINVALID, "line ");
	assert_int_equal(mc__trust_count(t), 0);
	free(s);
	s = mc__asprintf("%s-----BEGIN CERTIFICATE-----\nAAAA\n"
			 "-----END CERTIFICATE-----\n",
			 pa);
	expect_pem(t, s, MC_EINVALID, "not a DER X.509 certificate");
	free(s);
	s = mc__asprintf("%s-----BEGIN PRIVATE KEY-----\nAAAA\n"
			 "-----END PRIVATE KEY-----\n",
			 pa);
	expect_pem(t, s, MC_EINVALID, "\"PRIVATE KEY\" block");
	free(s);
	s = mc__asprintf("%.*s", (int)(strlen(pa) - 10), pa);
	expect_pem(t, s, MC_EINVALID, "without \"-----END CERTIFICATE-----\"");
	free(s);
	assert_int_equal(mc__trust_count(t), 0);
	/* Comments between certificates, as CA bundles have; duplicates
	 * count once. */
	s = mc__asprintf("# CA A\n%s\n# CA B\n%s%s", pa, pb, pa);
	expect_pem(t, s, 0, NULL);
	assert_int_equal(mc__trust_count(t), 2);
	expect_pem(t, pb, 0, NULL);
	assert_int_equal(mc__trust_count(t), 2);
	free(s);
	mc__trust_free(t);
	free(pa);
	free(pb);
	cert_free(&a);
	cert_free(&b);
}

static void test_tl_granted(void **state)
{
	struct cert ca = make_ca("Test Root CA"), seal = make_seal(&ca);
	char *xml = tl_with("tl-granted.xml.in", &ca, NULL), *old,
	     err[512] = "", *anchor = NULL, path[] = "/tmp/mc-trust-tl-XXXXXX";
	struct mc__trust *t = NULL;
	FILE *f;
	int fd;

	(void)state;
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, strlen(xml), "tl.xml", err, sizeof(err)),
	    0);
	assert_int_equal(mc__trust_count(t), 1);
	assert_int_equal(
	    chain3(t, &seal, NULL, NULL, BASE, &anchor, err, sizeof(err)), 0);
	assert_non_null(strstr(anchor, "CN=Test Root CA"));
	free(anchor);
	mc__trust_free(t);

	/* The same list from a file, recognised by its '<'. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "\xEF\xBB\xBF%s", xml);
	fclose(f);
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(mc__trust_add_file(t, path, err, sizeof(err)), 0);
	assert_int_equal(mc__trust_count(t), 1);
	mc__trust_free(t);
	unlink(path);

	/* A pre-2016 status could not grant seals (eIDAS made them). */
	old = replace(xml, "TrustedList/Svcstatus/granted",
		      "Svcstatus/undersupervision");
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, old, strlen(old), "old.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_int_equal(mc__trust_count(t), 0);
	mc__trust_free(t);
	free(old);

	/* Granted, but without the for-e-seals qualifier: no anchor. */
	old = replace(xml, "SvcInfoExt/ForeSeals", "SvcInfoExt/ForeSignatures");
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, old, strlen(old), "sig.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err,
		      "1 with status granted, 0 of them CA/QC for e-seals");
	mc__trust_free(t);
	free(old);

	/* A service certificate that is not base64 spoils the list. */
	free(xml);
	xml = data_file("tl-granted.xml.in", NULL);
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, strlen(xml), "tl.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "TSPService[0]: X509Certificate");
	assert_int_equal(mc__trust_count(t), 0);
	mc__trust_free(t);
	free(xml);
	cert_free(&seal);
	cert_free(&ca);
}

/* Of four services only the granted CA/QC for e-seals gives an anchor: not
 * one for e-signatures only, not a qualified TSA, not a pre-2016 one. */
static void test_tl_service_types(void **state)
{
	struct cert c[4] = {make_ca("Signatures CA"), make_ca("Test TSA"),
			    make_ca("Seals CA"), make_ca("Old CA")};
	struct cert seals[4];
	char *tmpl = data_file("tl-types.xml.in", NULL), *xml, *next, *b,
	     err[512] = "", *anchor = NULL;
	static const char *const marks[] = {"@CERT@", "@CERT2@", "@CERT3@",
					    "@CERT4@"};
	struct mc__trust *t = NULL;
	size_t i;

	(void)state;
	xml = tmpl;
	for (i = 0; i < 4; i++) {
		seals[i] = make_seal(&c[i]);
		b = b64_of(&c[i]);
		next = replace(xml, marks[i], b);
		free(b);
		free(xml);
		xml = next;
	}
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, strlen(xml), "tl.xml", err, sizeof(err)),
	    0);
	assert_int_equal(mc__trust_count(t), 1);
	assert_int_equal(
	    chain3(t, &seals[2], NULL, NULL, BASE, &anchor, err, sizeof(err)),
	    0);
	assert_non_null(strstr(anchor, "CN=Seals CA"));
	free(anchor);
	/* The qualified TSA anchors timestamps, and only it. */
	for (i = 0; i < 4; i++) {
		struct mc__trust_path p;

		assert_int_equal(mc__trust_check_tsa(t, c[i].der, c[i].der_len,
						     BASE, &p, err,
						     sizeof(err)),
				 i == 1 ? 0 : MC_ENOTFOUND);
		mc__trust_path_clear(&p);
	}
	for (i = 0; i < 4; i++) {
		if (i != 2)
			assert_int_equal(chain3(t, &seals[i], NULL, NULL, BASE,
						NULL, err, sizeof(err)),
					 MC_ENOTFOUND);
		cert_free(&seals[i]);
		cert_free(&c[i]);
	}
	mc__trust_free(t);
	free(xml);
}

static void test_tl_withdrawn(void **state)
{
	struct cert gone = make_ca("Withdrawn CA"), kept = make_ca("Kept CA");
	struct cert s_gone = make_seal(&gone), s_kept = make_seal(&kept);
	char *xml = tl_with("tl-withdrawn.xml.in", &gone, &kept), *only,
	     err[512] = "";
	struct mc__trust *t = NULL;

	(void)state;
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, strlen(xml), "tl.xml", err, sizeof(err)),
	    0);
	assert_int_equal(mc__trust_count(t), 1);
	assert_int_equal(
	    chain3(t, &s_kept, NULL, NULL, BASE, NULL, err, sizeof(err)), 0);
	assert_int_equal(
	    chain3(t, &s_gone, NULL, NULL, BASE, NULL, err, sizeof(err)),
	    MC_ENOTFOUND);
	mc__trust_free(t);
	/* With only the withdrawn service the list gives nothing. */
	only = replace(xml,
		       "> http://uri.etsi.org/TrstSvc/TrustedList/"
		       "Svcstatus/granted <",
		       ">http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/"
		       "withdrawn<");
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, only, strlen(only), "tl.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "2 services, 0 with status granted");
	assert_int_equal(mc__trust_count(t), 0);
	mc__trust_free(t);
	free(only);
	free(xml);
	cert_free(&s_gone);
	cert_free(&s_kept);
	cert_free(&gone);
	cert_free(&kept);
}

/* XXE: refused, and the file the entity names is never opened. */
static void test_tl_xxe(void **state)
{
	char secret[] = "/tmp/mc-trust-secret-XXXXXX", uri[128], err[512] = "";
	char *xml = data_file("tl-xxe.xml", NULL), *mine, ev[4096];
	struct mc__trust *t = NULL;
	int fd, in, wd;
	ssize_t n;

	(void)state;
	fd = mkstemp(secret);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "TOPSECRET\n", 10), 10);
	close(fd);
	snprintf(uri, sizeof(uri), "file://%s", secret);
	mine = replace(xml, "file:///etc/passwd", uri);
	in = inotify_init1(IN_NONBLOCK);
	assert_true(in >= 0);
	wd = inotify_add_watch(in, secret, IN_OPEN | IN_ACCESS);
	assert_true(wd >= 0);

	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, strlen(xml), "xxe.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "DTD");
	assert_int_equal(mc__trust_add_tl(t, mine, strlen(mine), "xxe.xml", err,
					  sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, "xxe.xml: has a DTD");
	assert_null(strstr(err, "TOPSECRET"));
	assert_int_equal(mc__trust_count(t), 0);
	n = read(in, ev, sizeof(ev));
	assert_true(n < 0); /* no event: never opened */

	/* The watch does see an open, so the check above can fail. */
	free(read_path(secret, NULL));
	n = read(in, ev, sizeof(ev));
	assert_true(n > 0);

	close(in);
	unlink(secret);
	mc__trust_free(t);
	free(mine);
	free(xml);
}

static void test_tl_billion_laughs(void **state)
{
	char *xml = data_file("tl-billion-laughs.xml", NULL), err[512] = "";
	struct mc__trust *t = NULL;
	struct timespec a, b;
	double ms;

	(void)state;
	assert_int_equal(mc__trust_new(&t), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, strlen(xml), "lol.xml", err, sizeof(err)),
	    MC_EINVALID);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	     (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	assert_true(ms < 100.0);
	assert_reason(err, "DTD");
	mc__trust_free(t);
	free(xml);
}

static void test_tl_refusals(void **state)
{
	char *xml, err[512] = "";
	struct mc__trust *t = NULL;
	size_t len;

	(void)state;
	assert_int_equal(mc__trust_new(&t), 0);
	xml = data_file("tl-malformed.xml", &len);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, len, "bad.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "bad.xml: not well-formed XML (line ");
	assert_null(strchr(err, '\n'));
	free(xml);

	xml = data_file("tl-lotl.xml", &len);
	assert_int_equal(
	    mc__trust_add_tl(t, xml, len, "lotl.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "a list of trusted lists");
	free(xml);

	xml = "<TrustServiceStatusList xmlns=\"urn:other\"/>";
	assert_int_equal(
	    mc__trust_add_tl(t, xml, strlen(xml), "x.xml", err, sizeof(err)),
	    MC_EINVALID);
	assert_reason(err, "not an ETSI TS 119 612 trusted list");
	assert_int_equal(mc__trust_count(t), 0);
	mc__trust_free(t);
}

static void test_too_big(void **state)
{
	size_t len = MC__TRUST_FILE_MAX + 1;
	char *big = malloc(len), err[512] = "",
	     path[] = "/tmp/mc-trust-big-XXXXXX";
	struct mc__trust *t = NULL;
	int fd;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	big[0] = '<';
	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_add_tl(t, big, len, "big.xml", err, sizeof(err)),
	    MC_ETOOBIG);
	assert_int_equal(
	    mc__trust_add_pem(t, big, len, "big.pem", err, sizeof(err)),
	    MC_ETOOBIG);
	free(big);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)len), 0);
	close(fd);
	assert_int_equal(mc__trust_add_file(t, path, err, sizeof(err)),
			 MC_ETOOBIG);
	unlink(path);
	assert_int_equal(mc__trust_add_file(t, path, err, sizeof(err)), MC_EIO);
	mc__trust_free(t);
}

/* The Commission's sample seal against no anchors at all. */
static void test_commission_sample(void **state)
{
	const char *fx = getenv("MC_FIXTURES"), *src = getenv("MC_SOURCE_DIR");
	char path_[1024], err[512] = "", *data;
	struct mc__trust_path path;
	unsigned char *hdr = NULL, *der[8];
	size_t hdr_len, lens[8], n, i;
	json_t *doc, *h, *x5c;
	struct mc__trust *t = NULL;
	long long sig_t;
	FILE *f;

	(void)state;
	if (fx)
		snprintf(path_, sizeof(path_),
			 "%s/edc/Sample-MC-Annex1-signed.jsonld", fx);
	else
		snprintf(path_, sizeof(path_),
			 "%s/../shared/fixtures/edc/"
			 "Sample-MC-Annex1-signed.jsonld",
			 src ? src : ".");
	if (!(f = fopen(path_, "rb"))) {
		printf("skipped: %s absent\n", path_);
		skip();
	}
	fclose(f);
	data = read_path(path_, NULL);
	doc = json_loads(data, 0, NULL);
	assert_non_null(doc);
	h = json_object_get(
	    json_array_get(json_object_get(doc, "signatures"), 0), "protected");
	assert_true(json_is_string(h));
	assert_int_equal(mc__b64url_decode(&hdr, &hdr_len, json_string_value(h),
					   json_string_length(h), err,
					   sizeof(err)),
			 0);
	json_decref(doc);
	doc = json_loadb((const char *)hdr, hdr_len, 0, NULL);
	assert_non_null(doc);
	x5c = json_object_get(doc, "x5c");
	n = json_array_size(x5c);
	assert_true(n >= 1 && n <= 8);
	for (i = 0; i < n; i++)
		assert_int_equal(
		    mc__b64_decode(&der[i], &lens[i],
				   json_string_value(json_array_get(x5c, i)),
				   json_string_length(json_array_get(x5c, i)),
				   err, sizeof(err)),
		    0);
	assert_int_equal(
	    mc__timestamp_parse(json_string_value(json_object_get(doc, "sigT")),
				&sig_t),
	    0);

	assert_int_equal(mc__trust_new(&t), 0);
	assert_int_equal(
	    mc__trust_check_chain(t, (const unsigned char *const *)der, lens, n,
				  (time_t)sig_t, &path, err, sizeof(err)),
	    MC_ENOTFOUND);
	assert_null(path.anchor);
	assert_int_equal(path.fault.kind, MC__TRUST_FAULT_NO_PATH);
	print_message("root: %s\n", path.fault.subject);
	assert_true(path.fault.subject[0] != '\0');
	mc__trust_path_clear(&path);
	assert_reason(err, "no trust anchors are configured");
	assert_reason(err, "ANF AC Qualified Certificates for eSeal");
	/* The seal certificate itself is fit at signing time, not now. */
	assert_int_equal(mc__trust_check_leaf(der[0], lens[0], (time_t)sig_t,
					      err, sizeof(err)),
			 0);
	assert_int_equal(mc__trust_check_leaf(der[0], lens[0],
					      (time_t)1780000000, err,
					      sizeof(err)),
			 MC_EINVALID);
	assert_reason(err, "expired on 2025-05-10T14:31:15Z");
	mc__trust_free(t);
	for (i = 0; i < n; i++)
		free(der[i]);
	free(hdr);
	json_decref(doc);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_leaf_to_ca),
	    cmocka_unit_test(test_intermediate),
	    cmocka_unit_test(test_anchor_missing),
	    cmocka_unit_test(test_validity),
	    cmocka_unit_test(test_intermediate_not_ca),
	    cmocka_unit_test(test_swapped_certificate),
	    cmocka_unit_test(test_leaf_key_usage),
	    cmocka_unit_test(test_pem_bundle),
	    cmocka_unit_test(test_tl_granted),
	    cmocka_unit_test(test_tl_withdrawn),
	    cmocka_unit_test(test_tl_service_types),
	    cmocka_unit_test(test_tl_xxe),
	    cmocka_unit_test(test_tl_billion_laughs),
	    cmocka_unit_test(test_tl_refusals),
	    cmocka_unit_test(test_too_big),
	    cmocka_unit_test(test_commission_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
