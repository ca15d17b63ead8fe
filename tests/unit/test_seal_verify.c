/*
 * Unit tests for the sealed-EDC verifier (verify_edc*.c) on seals this
 * test makes with OpenSSL: a CA, seal certificates with and without
 * organizationIdentifier, CRL distribution points and OCSP responders on
 * loopback ports, RFC 3161 timestamps at chosen times (OpenSSL's
 * TS_RESP_CTX, in process).  Each rule of issue 11 for seals: the
 * certificate is checked at the trusted time (the timestamp's, else now;
 * sigT never extends it), a sigT in the future fails, a certificate
 * without organizationIdentifier fails the issuer check, ETSI semantics
 * identifiers compare with or without their prefix and across alpha-2
 * and alpha-3 countries, revocation by CRL, by OCSP (`openssl ocsp`,
 * skipped with a reason when the command is absent) and by the values a
 * B-LT seal embeds, and what the report says about the credential.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <jansson.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ts.h>

#include "../tsa/pem_signer.h"
#include "crypto/crypto.h"
#include "util/encoding.h"
#include "crypto/jades.h"
#include "microcred/errors.h"
#include "crypto/seal_x509.h"
#include "util/timeutil.h"
#include "crypto/trust.h"
#include "util/util.h"
#include "credentials/verify_edc_private.h"

#define DAY	   86400L
#define ECTS	   "http://data.europa.eu/snb/education-credit/6fcec5c5af"
#define EU_COUNTRY "http://publications.europa.eu/resource/authority/country/"

static long long now_;

/* The timestamp authority the anchors trust, and one they do not. */
struct tsa {
	EVP_PKEY *key;
	X509 *cert;
};
static struct tsa tsa_trusted, tsa_other;

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value);

/* A self-signed TSA certificate valid 400 days either side of now. */
static void tsa_make(struct tsa *t, const char *cn)
{
	X509_NAME *n;

	if (t->cert)
		return;
	t->key = test_key("EC", 0);
	t->cert = X509_new();
	assert_true(X509_set_version(t->cert, 2));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(t->cert), 7));
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(t->cert),
				      (time_t)(now_ - 400 * 86400L)));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(t->cert),
				      (time_t)(now_ + 400 * 86400L)));
	n = X509_get_subject_name(t->cert);
	assert_true(X509_NAME_add_entry_by_txt(
	    n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0));
	assert_true(X509_set_issuer_name(t->cert, n));
	assert_true(X509_set_pubkey(t->cert, t->key));
	add_ext(t->cert, t->cert, NID_ext_key_usage, "critical,timeStamping");
	assert_true(X509_sign(t->cert, t->key, EVP_sha256()) > 0);
}

/* ---- certificates ------------------------------------------------------- */

struct cert {
	X509 *x;
	EVP_PKEY *key;
};

struct cert_spec {
	const char *cn, *o, *c, *org_id; /* NULL: left out */
	long long nb, na;
	const char *crl_url, *ocsp_url; /* NULL: none */
	int ca;
};

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

static void add_name(X509_NAME *n, const char *field, const char *v)
{
	if (v)
		assert_true(X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8,
						       (const unsigned char *)v,
						       -1, -1, 0));
}

/* A certificate as `s` says, signed by `issuer` (NULL: self-signed). */
static struct cert make_cert(const struct cert_spec *s,
			     const struct cert *issuer)
{
	static long serial = 100;
	struct cert c = {0};
	X509_NAME *n;
	char v[600];

	c.key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(c.key);
	c.x = X509_new();
	assert_true(X509_set_version(c.x, 2));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(c.x), serial++));
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(c.x), (time_t)s->nb));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(c.x), (time_t)s->na));
	n = X509_get_subject_name(c.x);
	add_name(n, "C", s->c);
	add_name(n, "O", s->o);
	add_name(n, "organizationIdentifier", s->org_id);
	add_name(n, "CN", s->cn);
	assert_true(X509_set_issuer_name(
	    c.x, issuer ? X509_get_subject_name(issuer->x) : n));
	assert_true(X509_set_pubkey(c.x, c.key));
	if (s->ca) {
		add_ext(c.x, c.x, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(c.x, c.x, NID_key_usage,
			"critical,keyCertSign,cRLSign");
	} else {
		add_ext(c.x, issuer->x, NID_key_usage,
			"critical,digitalSignature,nonRepudiation");
	}
	if (s->crl_url) {
		snprintf(v, sizeof(v), "URI:%s", s->crl_url);
		add_ext(c.x, issuer->x, NID_crl_distribution_points, v);
	}
	if (s->ocsp_url) {
		snprintf(v, sizeof(v), "OCSP;URI:%s", s->ocsp_url);
		add_ext(c.x, issuer->x, NID_info_access, v);
	}
	assert_true(X509_sign(c.x, issuer ? issuer->key : c.key, EVP_sha256()) >
		    0);
	return c;
}

static void cert_free(struct cert *c)
{
	X509_free(c->x);
	EVP_PKEY_free(c->key);
	memset(c, 0, sizeof(*c));
}

static struct cert make_ca(void)
{
	struct cert_spec s = {0};

	s.cn = "Seal Test Root CA";
	s.o = "microcred tests";
	s.nb = now_ - 400 * DAY;
	s.na = now_ + 3650 * DAY;
	s.ca = 1;
	return make_cert(&s, NULL);
}

/* A seal certificate of an Estonian college, NTREE-17207834. */
static struct cert_spec seal_spec(void)
{
	struct cert_spec s = {0};

	s.cn = "Tallinn College seal";
	s.o = "Tallinn College";
	s.c = "EE";
	s.org_id = "NTREE-17207834";
	s.nb = now_ - 100 * DAY;
	s.na = now_ + 300 * DAY;
	return s;
}

static struct mc__trust *anchors_of(const struct cert *ca)
{
	struct mc__trust *t = NULL;
	BIO *b = BIO_new(BIO_s_mem());
	char *data, err[256] = "";
	long n;

	assert_int_equal(mc__trust_new(&t), 0);
	assert_true(PEM_write_bio_X509(b, ca->x));
	n = BIO_get_mem_data(b, &data);
	assert_int_equal(
	    mc__trust_add_pem(t, data, (size_t)n, "ca.pem", err, sizeof(err)),
	    0);
	BIO_free(b);
	/* The TSA: a PEM bundle anchors timestamps too. */
	tsa_make(&tsa_trusted, "Seal test TSA");
	b = BIO_new(BIO_s_mem());
	assert_true(PEM_write_bio_X509(b, tsa_trusted.cert));
	n = BIO_get_mem_data(b, &data);
	assert_int_equal(
	    mc__trust_add_pem(t, data, (size_t)n, "tsa.pem", err, sizeof(err)),
	    0);
	BIO_free(b);
	return t;
}

/* ---- the credential and its seal ---------------------------------------- */

/* A small EDC naming issuer `notation` (country alpha-3 `spatial`). */
static char *payload(const char *notation, const char *spatial)
{
	char country[128];
	json_t *vc;
	char *s;

	snprintf(country, sizeof(country), EU_COUNTRY "%s", spatial);
	vc = json_pack(
	    "{s:[s,s], s:s, s:[s,s], s:{s:s}, s:{s:s}, s:{s:s, s:{s:s}, "
	    "s:{s:s, s:s, s:{s:s}}}, s:{s:s, s:{s:s}, s:{s:{s:s, s:s}, "
	    "s:{s:{s:s}, s:{s:{s:s}, s:s}}}}, s:s, s:s, s:{s:s, s:s}}",
	    "@context", "https://www.w3.org/2018/credentials/v1",
	    "http://data.europa.eu/snb/model/context/edc-ap", "id",
	    "urn:uuid:0c4a6bb5-0f3e-4a4e-9a5f-1f0f5cc3a111", "type",
	    "VerifiableCredential", "EuropeanDigitalCredential",
	    "credentialProfiles", "id",
	    "http://data.europa.eu/snb/credential/e34929035b",
	    "displayParameter", "id", "urn:uuid:d", "issuer", "id",
	    "urn:uuid:issuer", "legalName", "en", "Tallinn College",
	    "eIDASIdentifier", "type", "LegalIdentifier", "notation", notation,
	    "spatial", "id", country, "credentialSubject", "id",
	    "urn:uuid:learner", "fullName", "et", "Mari Tamm", "hasClaim",
	    "title", "en", "Welding basics", "uk", "Основи зварювання",
	    "specifiedBy", "eqfLevel", "id", "http://data.europa.eu/snb/eqf/4",
	    "creditPoint", "framework", "id", ECTS, "point", "5", "issued",
	    "2026-01-10T09:00:00Z", "validFrom", "2026-01-10T09:00:00Z",
	    "credentialSchema", "id",
	    "http://data.europa.eu/snb/model/ap/edc-generic-full", "type",
	    "ShaclValidator2017");
	assert_non_null(vc);
	s = json_dumps(vc, JSON_COMPACT);
	json_decref(vc);
	return s;
}

/* Seal `pl` with `leaf` (issued by `ca`), claiming signing time `sigt`. */
static char *seal_n(const char *pl, struct cert *leaf, const struct cert *ca,
		    size_t n, long long sigt)
{
	X509 *chain[2] = {leaf->x, ca ? ca->x : NULL};
	struct mc__seal_signer *s;
	struct mc__jades_sign_opts o = {0};
	char *out = NULL, err[256] = "", when[21];
	size_t len = 0;

	EVP_PKEY_up_ref(leaf->key);
	s = test_signer(leaf->key, chain, n, "ES256");
	assert_non_null(s);
	mc__timestamp_format(when, sigt);
	o.level = MC__JADES_B_B;
	o.sig_time = when;
	if (mc__jades_seal(&out, &len, pl, strlen(pl), s, &o, err,
			   sizeof(err)) != 0)
		fail_msg("seal: %s", err);
	s->destroy(s);
	return out;
}

static char *seal(const char *pl, struct cert *leaf, const struct cert *ca,
		  long long sigt)
{
	return seal_n(pl, leaf, ca, 2, sigt);
}

/* `doc` with the etsiU entry `entry` (a JSON object) added. */
static char *with_etsiu(const char *doc, json_t *entry)
{
	json_t *d = json_loads(doc, 0, NULL), *sig, *hdr, *arr;
	char *text = json_dumps(entry, JSON_COMPACT), *b64 = NULL, *out;

	assert_non_null(d);
	assert_int_equal(
	    mc__b64url_encode(&b64, (const unsigned char *)text, strlen(text)),
	    0);
	sig = json_array_get(json_object_get(d, "signatures"), 0);
	if (!(hdr = json_object_get(sig, "header"))) {
		hdr = json_object();
		json_object_set_new(sig, "header", hdr);
	}
	if (!(arr = json_object_get(hdr, "etsiU"))) {
		arr = json_array();
		json_object_set_new(hdr, "etsiU", arr);
	}
	json_array_append_new(arr, json_string(b64));
	out = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	json_decref(entry);
	free(text);
	free(b64);
	return out;
}

static long long tsa_time;

static int tsa_time_cb(TS_RESP_CTX *ctx, void *data, long *sec, long *usec)
{
	(void)ctx;
	(void)data;
	*sec = (long)tsa_time;
	*usec = 0;
	return 1;
}

/* `doc` made B-T with a timestamp token at `when` from TSA `by`. */
static char *stamped_by(const char *doc, long long when, struct tsa *by)
{
	json_t *d = json_loads(doc, 0, NULL);
	const char *sig_b64 = json_string_value(json_object_get(
	    json_array_get(json_object_get(d, "signatures"), 0), "signature"));
	EVP_PKEY *k = by->key;
	X509 *tsa = by->cert;
	unsigned char dig[32], *der = NULL;
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	TS_RESP *resp;
	BIO *in = BIO_new(BIO_s_mem());
	ASN1_OBJECT *policy = OBJ_txt2obj("1.2.3.4.1", 1);
	char *b64;
	int n;

	assert_non_null(sig_b64);
	mc__sha256(dig, sig_b64, strlen(sig_b64));
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, alg); /* copies */
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_set_msg(mi, dig, 32);
	TS_REQ_set_version(req, 1);
	TS_REQ_set_msg_imprint(req, mi);
	TS_REQ_set_cert_req(req, 1);
	assert_true(i2d_TS_REQ_bio(in, req) > 0);
	TS_RESP_CTX_set_signer_cert(ctx, tsa);
	TS_RESP_CTX_set_signer_key(ctx, k);
	TS_RESP_CTX_set_def_policy(ctx, policy); /* copies */
	ASN1_OBJECT_free(policy);
	TS_RESP_CTX_add_md(ctx, EVP_sha256());
	TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256());
	tsa_time = when;
	TS_RESP_CTX_set_time_cb(ctx, tsa_time_cb, NULL);
	resp = TS_RESP_create_response(ctx, in);
	assert_non_null(resp);
	assert_non_null(TS_RESP_get_token(resp));
	n = i2d_PKCS7(TS_RESP_get_token(resp), &der);
	assert_true(n > 0);
	b64 = malloc((size_t)n * 2 + 4);
	EVP_EncodeBlock((unsigned char *)b64, der, n);
	json_decref(d);
	d = json_pack("{s:{s:[{s:s}]}}", "sigTst", "tstTokens", "val", b64);
	free(b64);
	OPENSSL_free(der);
	TS_RESP_free(resp);
	TS_RESP_CTX_free(ctx);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
	BIO_free(in);
	return with_etsiu(doc, d);
}

static char *stamped(const char *doc, long long when)
{
	tsa_make(&tsa_trusted, "Seal test TSA");
	return stamped_by(doc, when, &tsa_trusted);
}

/* ---- verifying ------------------------------------------------------------
 */

static mc_verify_report *verify(const char *doc, struct mc__trust *t,
				int network)
{
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;

	o.anchors = t;
	o.offline = !network;
	assert_int_equal(mc__verify_edc(NULL, &r, doc, strlen(doc), &o), 0);
	assert_non_null(r);
	return r;
}

static const mc_check *check(const mc_verify_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (strcmp(r->checks[i].name, name) == 0)
			return &r->checks[i];
	fail_msg("no check %s", name);
	return NULL;
}

static const char *param(const mc_check *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nparams; i++)
		if (strcmp(c->params[2 * i], name) == 0)
			return c->params[2 * i + 1];
	return NULL;
}

/* Check `name` has `result` and `code`. */
#define want_check(r, name, result, code)                                      \
	expect_at(r, name, result, code, __LINE__)
static void expect_at(const mc_verify_report *r, const char *name,
		      mc_check_result result, const char *code, int line)
{
	const mc_check *c = check(r, name);

	if (c->result != result || !c->code || strcmp(c->code, code) != 0)
		fail_msg("line %d: %s: %s %s (%s), want %s %s", line, name,
			 mc_check_result_name(c->result),
			 c->code ? c->code : "(no code)", c->reason,
			 mc_check_result_name(result), code);
}

static int setup(void **state)
{
	(void)state;
	now_ = (long long)time(NULL);
	return 0;
}

/* A sound B-B seal: valid, and the report says what was verified. */
static void test_valid_and_about(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert leaf = make_cert(&ss, &ca);
	struct mc__trust *t = anchors_of(&ca);
	char *pl = payload("NTREE-17207834", "EST"),
	     *doc = seal(pl, &leaf, &ca, now_ - 60);
	mc_verify_report *r = verify(doc, t, 0);
	size_t i;
	int en = 0, uk = 0;

	(void)state;
	for (i = 0; i < r->count; i++)
		if (r->checks[i].reason)
			assert_non_null(r->checks[i].code);
	want_check(r, "format", MC_CHECK_PASSED, "edc.format_ok");
	want_check(r, "seal", MC_CHECK_PASSED, "edc.seal_ok");
	want_check(r, "timestamp", MC_CHECK_SKIPPED, "edc.timestamp_none");
	want_check(r, "issuer", MC_CHECK_PASSED, "edc.issuer_ok");
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok_no_source");
	assert_non_null(
	    strstr(check(r, "trust")->reason, "revocation not checked"));
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	assert_string_equal(r->about.learner, "Mari Tamm");
	assert_string_equal(r->about.level, "EQF 4");
	assert_string_equal(r->about.credits, "5 ECTS");
	assert_string_equal(r->about.issuer_name, "Tallinn College");
	assert_string_equal(r->about.issued, "2026-01-10T09:00:00Z");
	assert_int_equal(r->about.binding, MC_BINDING_EIDAS);
	assert_non_null(strstr(r->about.binding_detail, "Seal Test Root CA"));
	assert_null(r->about.page);
	for (i = 0; i < r->about.ntitle; i++) {
		en |= strcmp(r->about.title[i].lang, "en") == 0 &&
		      strcmp(r->about.title[i].text, "Welding basics") == 0;
		uk |= strcmp(r->about.title[i].lang, "uk") == 0 &&
		      strcmp(r->about.title[i].text, "Основи зварювання") == 0;
	}
	assert_true(en && uk);
	mc_verify_report_free(r);

	/* No anchor reaches the chain: cannot tell, and the name unbound. */
	r = verify(doc, NULL, 0);
	want_check(r, "trust", MC_CHECK_SKIPPED, "edc.trust_no_anchors");
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	assert_int_equal(r->about.binding, MC_BINDING_NONE);
	mc_verify_report_free(r);

	mc__trust_free(t);
	free(doc);
	free(pl);
	cert_free(&leaf);
	cert_free(&ca);
}

/* A certificate that expired before now, sealed B-B with a sigT inside its
 * life: the claim does not extend it (cannot tell); a B-T timestamp
 * inside its life does; a timestamp after it expired fails the seal. */
static void test_trusted_time(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert leaf;
	struct mc__trust *t = anchors_of(&ca);
	char *pl = payload("NTREE-17207834", "EST"), *doc, *bt;
	mc_verify_report *r;

	(void)state;
	ss.nb = now_ - 100 * DAY;
	ss.na = now_ - 10 * DAY;
	leaf = make_cert(&ss, &ca);
	doc = seal(pl, &leaf, &ca, now_ - 20 * DAY);
	r = verify(doc, t, 0);
	want_check(r, "seal", MC_CHECK_FAILED, "edc.cert_expired_now");
	assert_non_null(param(check(r, "seal"), "until"));
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	mc_verify_report_free(r);

	bt = stamped(doc, now_ - 20 * DAY);
	r = verify(bt, t, 0);
	want_check(r, "timestamp", MC_CHECK_PASSED, "edc.timestamp_ok");
	want_check(r, "seal", MC_CHECK_PASSED, "edc.seal_ok");
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok_no_source");
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	free(bt);

	bt = stamped(doc, now_ - 5 * DAY);
	r = verify(bt, t, 0);
	want_check(r, "seal", MC_CHECK_FAILED, "edc.cert_expired_at");
	assert_int_equal(r->verdict, MC_VERDICT_FORGED);
	mc_verify_report_free(r);
	free(bt);

	/* A TSA no anchor reaches cannot lend its time: anyone could stamp
	 * an old time on a seal made with an expired key. */
	tsa_make(&tsa_other, "Someone's own TSA");
	bt = stamped_by(doc, now_ - 20 * DAY, &tsa_other);
	r = verify(bt, t, 0);
	want_check(r, "timestamp", MC_CHECK_SKIPPED, "edc.timestamp_untrusted");
	want_check(r, "seal", MC_CHECK_FAILED, "edc.cert_expired_now");
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	mc_verify_report_free(r);
	free(bt);

	/* A timestamp from the future is refused, not believed. */
	bt = stamped(doc, now_ + 2 * DAY);
	r = verify(bt, t, 0);
	want_check(r, "timestamp", MC_CHECK_FAILED, "edc.timestamp_future");
	mc_verify_report_free(r);
	free(bt);
	free(doc);

	/* The seal's own claim to be made after expiry condemns it. */
	doc = seal(pl, &leaf, &ca, now_ - 2 * DAY);
	r = verify(doc, t, 0);
	want_check(r, "seal", MC_CHECK_FAILED, "edc.cert_expired_sigt");
	assert_int_equal(r->verdict, MC_VERDICT_FORGED);
	mc_verify_report_free(r);
	free(doc);

	mc__trust_free(t);
	free(pl);
	cert_free(&leaf);
	cert_free(&ca);
}

/* A sigT in the future beyond the clock skew fails; within it passes. */
static void test_sigt_future(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert leaf = make_cert(&ss, &ca);
	struct mc__trust *t = anchors_of(&ca);
	char *pl = payload("NTREE-17207834", "EST"), *doc;
	mc_verify_report *r;

	(void)state;
	doc = seal(pl, &leaf, &ca, now_ + MC__EDC_CLOCK_SKEW + 600);
	r = verify(doc, t, 0);
	want_check(r, "seal", MC_CHECK_FAILED, "edc.sigt_future");
	assert_int_equal(r->verdict, MC_VERDICT_FORGED);
	mc_verify_report_free(r);
	free(doc);

	doc = seal(pl, &leaf, &ca, now_ + MC__EDC_CLOCK_SKEW / 2);
	r = verify(doc, t, 0);
	want_check(r, "seal", MC_CHECK_PASSED, "edc.seal_ok");
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	free(doc);

	mc__trust_free(t);
	free(pl);
	cert_free(&leaf);
	cert_free(&ca);
}

/* A seal certificate without organizationIdentifier fails the issuer
 * check, and the verdict is not "valid". */
static void test_no_org_id(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert leaf;
	struct mc__trust *t = anchors_of(&ca);
	char *pl = payload("NTREE-17207834", "EST"), *doc;
	mc_verify_report *r;

	(void)state;
	ss.org_id = NULL;
	leaf = make_cert(&ss, &ca);
	doc = seal(pl, &leaf, &ca, now_ - 60);
	r = verify(doc, t, 0);
	want_check(r, "issuer", MC_CHECK_FAILED, "edc.no_org_id");
	assert_int_equal(r->verdict, MC_VERDICT_UNKNOWN);
	assert_int_equal(r->about.binding, MC_BINDING_NONE);
	mc_verify_report_free(r);
	free(doc);
	mc__trust_free(t);
	free(pl);
	cert_free(&leaf);
	cert_free(&ca);
}

/* The semantics identifier as certificates and credentials write it. */
static void test_orgid_compare(void **state)
{
	char cc[3];

	(void)state;
	assert_int_equal(mc__orgid_compare("NTREE-17207834", "EE",
					   "NTREE-17207834", EU_COUNTRY "EST"),
			 0);
	assert_int_equal(mc__orgid_compare("NTREE-17207834", "EE", "17207834",
					   EU_COUNTRY "EST"),
			 0);
	/* Greece: EL in the identifier, GR / GRC elsewhere. */
	assert_int_equal(mc__orgid_compare("VATEL-099999999", "GR", "099999999",
					   EU_COUNTRY "GRC"),
			 0);
	assert_int_equal(
	    mc__orgid_compare("VATEL-099999999", "GR", "VATEL-099999999", NULL),
	    0);
	assert_int_equal(mc__orgid_compare("LEIXG-529900T8BM49AURSDO55", "DE",
					   "529900T8BM49AURSDO55", NULL),
			 0);
	assert_int_equal(mc__orgid_compare("UA:12345678", "UA", "12345678",
					   EU_COUNTRY "UKR"),
			 0);
	assert_int_equal(mc__orgid_compare("NTRGE-404123456", "GE",
					   "404 123 456", EU_COUNTRY "GEO"),
			 0);
	assert_int_equal(
	    mc__orgid_compare("NTRUA-12345678", "UA", "VATUA-12345678", NULL),
	    MC__ORGID_SCHEME);
	assert_int_equal(
	    mc__orgid_compare("NTRUA-12345678", "UA", "NTRPL-12345678", NULL),
	    MC__ORGID_COUNTRY);
	assert_int_equal(mc__orgid_compare("NTRUA-12345678", "UA", "12345678",
					   EU_COUNTRY "POL"),
			 MC__ORGID_COUNTRY);
	assert_int_equal(
	    mc__orgid_compare("NTRUA-12345678", "UA", "NTRUA-87654321", NULL),
	    MC__ORGID_ID);
	assert_string_equal(mc__orgid_country(EU_COUNTRY "EST", cc), "EE");
	assert_string_equal(mc__orgid_country("EL", cc), "GR");
	assert_null(mc__orgid_country("XYZ", cc));
}

/* In the verifier: a bare notation and an alpha-3 country pass; another
 * organisation's identifier fails, saying which parts differ. */
static void test_issuer_identifier(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert leaf = make_cert(&ss, &ca);
	struct mc__trust *t = anchors_of(&ca);
	char *pl = payload("17207834", "EST"), *doc;
	mc_verify_report *r;
	const mc_check *c;

	(void)state;
	doc = seal(pl, &leaf, &ca, now_ - 60);
	r = verify(doc, t, 0);
	want_check(r, "issuer", MC_CHECK_PASSED, "edc.issuer_ok");
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	free(doc);
	free(pl);

	pl = payload("NTRLV-40003000000", "LVA");
	doc = seal(pl, &leaf, &ca, now_ - 60);
	r = verify(doc, t, 0);
	want_check(r, "issuer", MC_CHECK_FAILED, "edc.issuer_mismatch");
	c = check(r, "issuer");
	assert_string_equal(param(c, "scheme"), "");
	assert_string_equal(param(c, "country"), "LV \xe2\x89\xa0 EE");
	assert_string_equal(param(c, "identifier"),
			    "40003000000 \xe2\x89\xa0 17207834");
	assert_int_equal(r->verdict, MC_VERDICT_FORGED);
	assert_int_equal(r->about.binding, MC_BINDING_NONE);
	mc_verify_report_free(r);
	free(doc);

	mc__trust_free(t);
	free(pl);
	cert_free(&leaf);
	cert_free(&ca);
}

/* ---- revocation -----------------------------------------------------------
 */

/* A loopback HTTP server answering every GET with `body`. */
struct http {
	int fd, port;
	pthread_t th;
	unsigned char *body;
	size_t len;
	int requests;
};

static void *http_run(void *arg)
{
	struct http *h = arg;
	char buf[4096], head[160];
	int c;

	while ((c = accept(h->fd, NULL, NULL)) >= 0) {
		ssize_t n = read(c, buf, sizeof(buf) - 1);

		(void)n;
		h->requests++;
		snprintf(head, sizeof(head),
			 "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 h->len);
		if (write(c, head, strlen(head)) < 0 ||
		    write(c, h->body, h->len) < 0)
			(void)0;
		close(c);
	}
	return NULL;
}

static void http_start(struct http *h)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	h->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(h->fd >= 0);
	assert_int_equal(bind(h->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(h->fd, 8), 0);
	assert_int_equal(getsockname(h->fd, (struct sockaddr *)&a, &al), 0);
	h->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&h->th, NULL, http_run, h), 0);
}

static void http_stop(struct http *h)
{
	shutdown(h->fd, SHUT_RDWR);
	close(h->fd);
	pthread_join(h->th, NULL);
}

/* A CRL of `ca` revoking `revoked` (NULL: none) at `when`, DER. */
static unsigned char *make_crl(const struct cert *ca, X509 *revoked,
			       long long when, size_t *len)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t = ASN1_TIME_new();
	unsigned char *der = NULL;
	int n;

	assert_true(X509_CRL_set_version(crl, 1));
	assert_true(
	    X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca->x)));
	ASN1_TIME_set(t, (time_t)(now_ - 3600));
	X509_CRL_set1_lastUpdate(crl, t);
	ASN1_TIME_set(t, (time_t)(now_ + DAY));
	X509_CRL_set1_nextUpdate(crl, t);
	if (revoked) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_ENUMERATED *e = ASN1_ENUMERATED_new();

		X509_REVOKED_set_serialNumber(r,
					      X509_get_serialNumber(revoked));
		ASN1_TIME_set(t, (time_t)when);
		X509_REVOKED_set_revocationDate(r, t);
		ASN1_ENUMERATED_set(e, 1); /* keyCompromise */
		X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, e, 0, 0);
		ASN1_ENUMERATED_free(e);
		X509_CRL_add0_revoked(crl, r);
	}
	X509_CRL_sort(crl);
	assert_true(X509_CRL_sign(crl, ca->key, EVP_sha256()) > 0);
	n = i2d_X509_CRL(crl, &der);
	assert_true(n > 0);
	*len = (size_t)n;
	ASN1_TIME_free(t);
	X509_CRL_free(crl);
	return der;
}

/* The certificate's CRL, fetched from its distribution point. */
static void test_revocation_crl(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert leaf;
	struct mc__trust *t = anchors_of(&ca);
	struct http h = {0};
	char url[96], *pl = payload("NTREE-17207834", "EST"), *doc;
	mc_verify_report *r;
	const mc_check *c;

	(void)state;
	http_start(&h);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/ca.crl", h.port);
	ss.crl_url = url;
	leaf = make_cert(&ss, &ca);
	doc = seal(pl, &leaf, &ca, now_ - 60);

	/* Offline: not checked, and the reason says so. */
	r = verify(doc, t, 0);
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok_offline");
	assert_int_equal(h.requests, 0);
	mc_verify_report_free(r);

	/* A CRL that does not list it. */
	h.body = make_crl(&ca, NULL, 0, &h.len);
	r = verify(doc, t, 1);
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok");
	assert_string_equal(param(check(r, "trust"), "via"), "CRL");
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);
	OPENSSL_free(h.body);

	/* Revoked before now: the seal cannot be relied on. */
	h.body = make_crl(&ca, leaf.x, now_ - 2 * DAY, &h.len);
	r = verify(doc, t, 1);
	want_check(r, "trust", MC_CHECK_FAILED, "edc.cert_revoked");
	c = check(r, "trust");
	assert_string_equal(param(c, "reason"), "keyCompromise");
	assert_non_null(param(c, "date"));
	assert_int_equal(r->verdict, MC_VERDICT_FORGED);
	assert_int_equal(r->about.binding, MC_BINDING_NONE);
	mc_verify_report_free(r);
	OPENSSL_free(h.body);

	/* A CRL signed by another CA is not believed. */
	{
		struct cert other = make_ca();

		h.body = make_crl(&other, leaf.x, now_ - 2 * DAY, &h.len);
		r = verify(doc, t, 1);
		want_check(r, "trust", MC_CHECK_PASSED,
			   "edc.trust_ok_unreachable");
		assert_non_null(
		    strstr(param(check(r, "trust"), "detail"), "signature"));
		mc_verify_report_free(r);
		OPENSSL_free(h.body);
		cert_free(&other);
	}
	/* An out-of-date CRL (nextUpdate passed) is not believed either. */
	{
		long long keep = now_;

		now_ -=
		    3 * DAY; /* make_crl: issued then, next update a day on */
		h.body = make_crl(&ca, NULL, 0, &h.len);
		now_ = keep;
		r = verify(doc, t, 1);
		want_check(r, "trust", MC_CHECK_PASSED,
			   "edc.trust_ok_unreachable");
		assert_non_null(
		    strstr(param(check(r, "trust"), "detail"), "out of date"));
		mc_verify_report_free(r);
		OPENSSL_free(h.body);
	}
	h.body = NULL;
	http_stop(&h);

	/* The distribution point is down. */
	r = verify(doc, t, 1);
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok_unreachable");
	assert_string_equal(param(check(r, "trust"), "url"), url);
	mc_verify_report_free(r);

	free(doc);
	mc__trust_free(t);
	free(pl);
	cert_free(&leaf);
	cert_free(&ca);
}

/* An OCSP response of `ca` about `leaf`: revoked at `when`, or good. */
static unsigned char *make_ocsp(const struct cert *ca, X509 *leaf, int revoked,
				long long when, size_t *len)
{
	OCSP_BASICRESP *bs = OCSP_BASICRESP_new();
	OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), leaf, ca->x);
	ASN1_TIME *rt = ASN1_TIME_new(), *tu = ASN1_TIME_new(),
		  *nu = ASN1_TIME_new();
	OCSP_RESPONSE *resp;
	unsigned char *der = NULL;
	int n;

	ASN1_TIME_set(rt, (time_t)when);
	ASN1_TIME_set(tu, (time_t)(now_ - 60));
	ASN1_TIME_set(nu, (time_t)(now_ + DAY));
	assert_non_null(OCSP_basic_add1_status(
	    bs, id,
	    revoked ? V_OCSP_CERTSTATUS_REVOKED : V_OCSP_CERTSTATUS_GOOD,
	    revoked ? OCSP_REVOKED_STATUS_KEYCOMPROMISE : -1,
	    revoked ? rt : NULL, tu, nu));
	assert_true(OCSP_basic_sign(bs, ca->x, ca->key, EVP_sha256(), NULL, 0));
	resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
	n = i2d_OCSP_RESPONSE(resp, &der);
	assert_true(n > 0);
	*len = (size_t)n;
	OCSP_RESPONSE_free(resp);
	OCSP_BASICRESP_free(bs);
	OCSP_CERTID_free(id);
	ASN1_TIME_free(rt);
	ASN1_TIME_free(tu);
	ASN1_TIME_free(nu);
	return der;
}

/* A B-LT seal's embedded OCSP response and CRL, read offline. */
static void test_revocation_embedded(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert leaf = make_cert(&ss, &ca);
	struct mc__trust *t = anchors_of(&ca);
	char *pl = payload("NTREE-17207834", "EST"), *doc, *lt, *b64;
	unsigned char *der;
	size_t len;
	mc_verify_report *r;

	(void)state;
	doc = seal(pl, &leaf, &ca, now_ - 60);
	der = make_ocsp(&ca, leaf.x, 0, 0, &len);
	b64 = malloc(len * 2 + 4);
	EVP_EncodeBlock((unsigned char *)b64, der, (int)len);
	lt = with_etsiu(
	    doc, json_pack("{s:{s:[{s:s}]}}", "rVals", "ocspVals", "val", b64));
	r = verify(lt, t, 0);
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok");
	assert_string_equal(param(check(r, "trust"), "via"), "rVals OCSP");
	mc_verify_report_free(r);
	free(lt);
	free(b64);
	OPENSSL_free(der);

	der = make_crl(&ca, leaf.x, now_ - DAY, &len);
	b64 = malloc(len * 2 + 4);
	EVP_EncodeBlock((unsigned char *)b64, der, (int)len);
	lt = with_etsiu(
	    doc, json_pack("{s:{s:[{s:s}]}}", "rVals", "crVals", "val", b64));
	r = verify(lt, t, 0);
	want_check(r, "trust", MC_CHECK_FAILED, "edc.cert_revoked");
	assert_string_equal(param(check(r, "trust"), "via"), "rVals CRL");
	mc_verify_report_free(r);
	free(lt);

	/* Revoked after a trusted timestamp: the seal was made while the
	 * certificate was good, and stays good. */
	{
		char *bt = stamped(doc, now_ - 20 * DAY);

		lt = with_etsiu(bt, json_pack("{s:{s:[{s:s}]}}", "rVals",
					      "crVals", "val", b64));
		r = verify(lt, t, 0);
		want_check(r, "timestamp", MC_CHECK_PASSED, "edc.timestamp_ok");
		want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok");
		assert_int_equal(r->verdict, MC_VERDICT_VALID);
		mc_verify_report_free(r);
		free(lt);
		free(bt);
	}
	free(b64);
	OPENSSL_free(der);

	free(doc);
	mc__trust_free(t);
	free(pl);
	cert_free(&leaf);
	cert_free(&ca);
}

/* ---- OCSP with `openssl ocsp` as the responder ------------------------------
 */

static void write_pem(const char *path, X509 *x, EVP_PKEY *k)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	if (x)
		assert_true(PEM_write_X509(f, x));
	if (k)
		assert_true(
		    PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL));
	fclose(f);
}

/* An index.txt line for `x`: valid, or revoked a day ago. */
static void index_line(FILE *f, X509 *x, int revoked)
{
	char *serial = NULL, *subject;
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char exp[32], rev[32];
	struct tm tm;
	time_t when = (time_t)(now_ + 300 * DAY), r = (time_t)(now_ - DAY);

	serial = BN_bn2hex(bn);
	subject = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);
	gmtime_r(&when, &tm);
	snprintf(exp, sizeof(exp), "%02d%02d%02d%02d%02d%02dZ",
		 tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
	gmtime_r(&r, &tm);
	snprintf(rev, sizeof(rev), "%02d%02d%02d%02d%02d%02dZ",
		 tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
	fprintf(f, "%s\t%s\t%s\t%s\tunknown\t%s\n", revoked ? "R" : "V", exp,
		revoked ? rev : "", serial, subject);
	OPENSSL_free(serial);
	OPENSSL_free(subject);
	BN_free(bn);
}

/* A free loopback port (bound, read, released: the responder takes it). */
static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* The responder this test started, stopped however the test ends. */
static pid_t responder;

static int stop_responder(void **state)
{
	(void)state;
	if (responder > 0) {
		kill(responder, SIGTERM);
		waitpid(responder, NULL, 0);
	}
	responder = 0;
	return 0;
}

static void test_revocation_ocsp(void **state)
{
	struct cert ca = make_ca();
	struct cert_spec ss = seal_spec();
	struct cert good, bad;
	struct mc__trust *t = anchors_of(&ca);
	char dir[] = "/tmp/mc-ocsp-XXXXXX", path[256], idx[256], url[96],
	     port_s[16], line[256] = "", *pl = payload("NTREE-17207834", "EST"),
	     *doc;
	mc_verify_report *r;
	int port, out[2], i, ready = 0;
	pid_t pid;
	FILE *f, *rd;

	(void)state;
	if (system("openssl version >/dev/null 2>&1") != 0) {
		printf("skipped: the openssl command is not installed\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ca.pem", dir);
	write_pem(path, ca.x, ca.key);
	port = free_port();
	snprintf(port_s, sizeof(port_s), "%d", port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
	ss.ocsp_url = url;
	good = make_cert(&ss, &ca);
	bad = make_cert(&ss, &ca);
	snprintf(idx, sizeof(idx), "%s/index.txt", dir);
	f = fopen(idx, "w");
	assert_non_null(f);
	index_line(f, good.x, 0);
	index_line(f, bad.x, 1);
	fclose(f);
	assert_int_equal(pipe(out), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out[1], 1);
		close(2);
		close(out[0]);
		execlp("openssl", "openssl", "ocsp", "-index", idx, "-port",
		       port_s, "-rsigner", path, "-rkey", path, "-CA", path,
		       "-nmin", "60", (char *)NULL);
		_exit(127);
	}
	responder = pid;
	close(out[1]);
	rd = fdopen(out[0], "r");
	for (i = 0; i < 20 && fgets(line, sizeof(line), rd); i++)
		if (strncmp(line, "ACCEPT", 6) == 0) {
			ready = 1;
			break;
		}
	fclose(rd);
	if (!ready)
		fail_msg("openssl ocsp did not start on port %d", port);

	doc = seal(pl, &good, &ca, now_ - 60);
	r = verify(doc, t, 1);
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok");
	assert_string_equal(param(check(r, "trust"), "via"), "OCSP");
	mc_verify_report_free(r);
	free(doc);

	doc = seal(pl, &bad, &ca, now_ - 60);
	r = verify(doc, t, 1);
	want_check(r, "trust", MC_CHECK_FAILED, "edc.cert_revoked");
	assert_string_equal(param(check(r, "trust"), "via"), "OCSP");
	assert_int_equal(r->verdict, MC_VERDICT_FORGED);
	mc_verify_report_free(r);
	free(doc);

	stop_responder(NULL);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
	mc__trust_free(t);
	free(pl);
	cert_free(&good);
	cert_free(&bad);
	cert_free(&ca);
}

/* An intermediate CA that x5c leaves out, carried in a B-LT seal's xVals:
 * the chain reaches the root through it. */
static void test_xvals_intermediate(void **state)
{
	struct cert root = make_ca();
	struct cert_spec is = {0}, ss = seal_spec();
	struct cert inter, leaf;
	struct mc__trust *t = anchors_of(&root);
	char *pl = payload("NTREE-17207834", "EST"), *doc, *lt, *b64;
	unsigned char *der = NULL;
	mc_verify_report *r;
	int n;

	(void)state;
	is.cn = "Seal Test Issuing CA";
	is.o = "microcred tests";
	is.nb = now_ - 200 * DAY;
	is.na = now_ + 1000 * DAY;
	is.ca = 1;
	inter = make_cert(&is, &root);
	leaf = make_cert(&ss, &inter);
	doc = seal_n(pl, &leaf, NULL, 1, now_ - 60);
	r = verify(doc, t, 0);
	want_check(r, "trust", MC_CHECK_FAILED, "edc.chain_no_anchor");
	mc_verify_report_free(r);

	n = i2d_X509(inter.x, &der);
	assert_true(n > 0);
	b64 = malloc((size_t)n * 2 + 4);
	EVP_EncodeBlock((unsigned char *)b64, der, n);
	lt =
	    with_etsiu(doc, json_pack("{s:[{s:s}]}", "xVals", "x509Cert", b64));
	r = verify(lt, t, 0);
	want_check(r, "trust", MC_CHECK_PASSED, "edc.trust_ok_no_source");
	assert_non_null(
	    strstr(param(check(r, "trust"), "anchor"), "Seal Test Root CA"));
	assert_int_equal(r->verdict, MC_VERDICT_VALID);
	mc_verify_report_free(r);

	free(lt);
	free(b64);
	OPENSSL_free(der);
	free(doc);
	free(pl);
	mc__trust_free(t);
	cert_free(&leaf);
	cert_free(&inter);
	cert_free(&root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_valid_and_about, setup),
	    cmocka_unit_test_setup(test_trusted_time, setup),
	    cmocka_unit_test_setup(test_sigt_future, setup),
	    cmocka_unit_test_setup(test_no_org_id, setup),
	    cmocka_unit_test_setup(test_orgid_compare, setup),
	    cmocka_unit_test_setup(test_issuer_identifier, setup),
	    cmocka_unit_test_setup(test_revocation_crl, setup),
	    cmocka_unit_test_setup(test_revocation_embedded, setup),
	    cmocka_unit_test_setup(test_xvals_intermediate, setup),
	    cmocka_unit_test_setup_teardown(test_revocation_ocsp, setup,
					    stop_responder),
	};

	int rc;

	(void)test_cert; /* pem_signer.h's; this test makes its own */
	signal(SIGPIPE, SIG_IGN);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	X509_free(tsa_trusted.cert);
	EVP_PKEY_free(tsa_trusted.key);
	X509_free(tsa_other.cert);
	EVP_PKEY_free(tsa_other.key);
	return rc;
}
