/*
 * Unit tests for jades.c, jades_verify.c and tsa.c: round trips with
 * RS256, PS256 and ES256; B-T against the local TSA (tests/tsa/test_tsa,
 * named by MC_TEST_TSA); a timestamp of another signature; the
 * Commission's sealed EDC sample; and every rejection the parser promises.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
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

#include <openssl/pem.h>

#include "../tsa/pem_signer.h"
#include "crypto/crypto.h"
#include "util/encoding.h"
#include "crypto/jades.h"
#include "microcred/errors.h"
#include "util/util.h"

#define PAYLOAD                                                                \
	"{\"@context\":[\"https://www.w3.org/2018/credentials/v1\"],"          \
	"\"name\":\"Зварювання / ღვინო\",\"n\":1}"

static struct mc__seal_signer *signer_for(const char *alg)
{
	EVP_PKEY *pk = test_key(alg[0] == 'E' ? "EC" : "RSA", 2048);
	X509 *c = test_cert(pk, "microcred TEST seal", NULL, NULL, NULL);
	struct mc__seal_signer *s = test_signer(pk, &c, 1, alg);

	X509_free(c);
	return s;
}

static char *seal(struct mc__seal_signer *s, mc__jades_level level,
		  const char *tsa)
{
	struct mc__jades_sign_opts o = {0};
	char *out = NULL, err[256] = "";
	size_t outlen = 0;
	int rc;

	o.level = level;
	o.tsa_url = tsa;
	o.sig_time = "2026-03-01T10:00:00Z";
	rc = mc__jades_seal(&out, &outlen, PAYLOAD, strlen(PAYLOAD), s, &o, err,
			    sizeof(err));
	if (rc)
		print_message("seal: %s\n", err);
	assert_int_equal(rc, 0);
	assert_int_equal(strlen(out), outlen);
	return out;
}

static void round_trip(const char *alg)
{
	struct mc__seal_signer *s = signer_for(alg);
	struct mc__jades *j = NULL;
	char *doc = seal(s, MC__JADES_B_B, NULL), err[256] = "", *bad;
	unsigned char dig[32];
	char *x5t = NULL;

	assert_true(mc__jades_detect(doc, strlen(doc)));
	assert_int_equal(
	    mc__jades_parse(&j, doc, strlen(doc), err, sizeof(err)), 0);
	assert_string_equal(j->alg, alg);
	assert_int_equal(j->payload_len, strlen(PAYLOAD));
	assert_memory_equal(j->payload, PAYLOAD, strlen(PAYLOAD));
	assert_int_equal(j->level, MC__JADES_B_B);
	assert_int_equal(j->sig_time, 1772359200);
	assert_int_equal(j->x5c_count, 1);
	assert_memory_equal(j->x5c[0], s->chain[0], s->chain_len[0]);
	assert_null(j->sigtst);
	assert_true(json_is_false(json_object_get(j->header, "b64")));
	assert_string_equal(
	    json_string_value(json_object_get(j->header, "typ")), "jose+json");
	assert_non_null(json_string_value(json_object_get(j->header, "kid")));
	mc__sha256(dig, s->chain[0], s->chain_len[0]);
	assert_int_equal(mc__b64url_encode(&x5t, dig, 32), 0);
	assert_string_equal(
	    json_string_value(json_object_get(j->header, "x5t#S256")), x5t);
	assert_int_equal(mc__jades_verify_signature(j, err, sizeof(err)), 0);
	assert_int_equal(
	    mc__jades_verify_timestamp(j, NULL, NULL, NULL, err, sizeof(err)),
	    MC_ENOTFOUND);
	mc__jades_free(j);
	j = NULL;

	/* One payload character changed: the signature fails. */
	bad = strdup(doc);
	strstr(bad, "\\\"n\\\":1")[6] = '2';
	assert_int_equal(
	    mc__jades_parse(&j, bad, strlen(bad), err, sizeof(err)), 0);
	assert_int_equal(mc__jades_verify_signature(j, err, sizeof(err)),
			 MC_EBADSIG);
	mc__jades_free(j);
	free(bad);
	free(x5t);
	free(doc);
	s->destroy(s);
}

static void test_round_trip_rs256(void **state)
{
	(void)state;
	round_trip("RS256");
}

static void test_round_trip_ps256(void **state)
{
	(void)state;
	round_trip("PS256");
}

static void test_round_trip_es256(void **state)
{
	(void)state;
	round_trip("ES256");
}

/* Payloads dense with characters JSON must escape (quotes, backslashes,
 * controls) beside ASCII and Cyrillic, at every length around the 16-byte
 * blocks: the document is sized for one escape in 8 and re-sized when
 * that is not enough; each must read back byte for byte and verify. */
static void test_escape_dense(void **state)
{
	static const char *const pieces[] = {"\"",   "\\", "\n",       "\x01",
					     "\x1f", "a",  "\xd0\x97", "/"};
	struct mc__seal_signer *s = signer_for("ES256");
	struct mc__jades_sign_opts o = {0};
	char payload[400], err[256] = "", *out = NULL;
	unsigned seed = 7;
	size_t len, n, outlen;

	(void)state;
	o.sig_time = "2026-03-01T10:00:00Z";
	for (n = 0; n < 300; n++) {
		struct mc__jades *j = NULL;
		int dense = n % 3 != 0; /* a third are mostly plain */

		len = 0;
		while (len < n) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[dense ? (seed >> 16) % 8 : 5];
			if (len + strlen(p) > n)
				break;
			memcpy(payload + len, p, strlen(p));
			len += strlen(p);
		}
		assert_int_equal(mc__jades_seal(&out, &outlen, payload, len, s,
						&o, err, sizeof(err)),
				 0);
		assert_int_equal(strlen(out), outlen);
		assert_int_equal(
		    mc__jades_parse(&j, out, outlen, err, sizeof(err)), 0);
		assert_int_equal(j->payload_len, len);
		assert_memory_equal(j->payload, payload, len);
		assert_int_equal(
		    mc__jades_verify_signature(j, err, sizeof(err)), 0);
		mc__jades_free(j);
		free(out);
		out = NULL;
	}
	s->destroy(s);
}

static void test_seal_refuses(void **state)
{
	struct mc__seal_signer *s = signer_for("ES256");
	struct mc__jades_sign_opts o = {0};
	char *out = NULL, err[256] = "";
	size_t outlen;

	(void)state;
	o.alg = "HS256";
	assert_int_equal(
	    mc__jades_seal(&out, &outlen, "{}", 2, s, &o, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "alg"));
	o.alg = "RS256"; /* not the key's */
	assert_int_equal(
	    mc__jades_seal(&out, &outlen, "{}", 2, s, &o, err, sizeof(err)),
	    MC_EINVALID);
	o.alg = NULL;
	o.level = MC__JADES_B_T;
	assert_int_equal(
	    mc__jades_seal(&out, &outlen, "{}", 2, s, &o, err, sizeof(err)),
	    MC_EINVALID);
	assert_non_null(strstr(err, "tsa_url"));
	o.level = MC__JADES_B_B;
	o.sig_time = "yesterday";
	assert_int_equal(
	    mc__jades_seal(&out, &outlen, "{}", 2, s, &o, err, sizeof(err)),
	    MC_EINVALID);
	o.sig_time = NULL;
	assert_int_equal(mc__jades_seal(&out, &outlen, "\xff\xfe", 2, s, &o,
					err, sizeof(err)),
			 MC_EINVALID);
	assert_null(out);
	s->destroy(s);
}

/* ---- B-T against the local TSA ---------------------------------------- */

struct tsa {
	pid_t pid;
	char url[64];
	X509 *cert;
};

static char tmpdir[64];

/* Start test_tsa with a fresh TSA certificate (extendedKeyUsage critical
 * timeStamping); 0, or -1 when MC_TEST_TSA is unset (skip). */
static int tsa_start(struct tsa *t, const char *flag)
{
	const char *bin = getenv("MC_TEST_TSA");
	char cert[128], key[128], line[32] = "";
	EVP_PKEY *pk;
	int fd[2];
	FILE *f;

	if (!bin || !*bin)
		return -1;
	if (!tmpdir[0]) {
		strcpy(tmpdir, "/tmp/mc-jades-XXXXXX");
		assert_non_null(mkdtemp(tmpdir));
	}
	snprintf(cert, sizeof(cert), "%s/tsa.pem", tmpdir);
	snprintf(key, sizeof(key), "%s/tsa.key", tmpdir);
	pk = test_key("RSA", 2048);
	t->cert =
	    test_cert(pk, "microcred TEST TSA", NULL, NULL, "timeStamping");
	assert_non_null(f = fopen(cert, "w"));
	PEM_write_X509(f, t->cert);
	fclose(f);
	assert_non_null(f = fopen(key, "w"));
	PEM_write_PrivateKey(f, pk, NULL, NULL, 0, NULL, NULL);
	fclose(f);
	EVP_PKEY_free(pk);
	assert_int_equal(pipe(fd), 0);
	t->pid = fork();
	assert_true(t->pid >= 0);
	if (t->pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		execl(bin, bin, "--cert", cert, "--key", key, flag,
		      (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_true(atoi(line) > 0);
	snprintf(t->url, sizeof(t->url), "http://127.0.0.1:%d/tsr", atoi(line));
	return 0;
}

static void tsa_stop(struct tsa *t)
{
	kill(t->pid, SIGTERM);
	waitpid(t->pid, NULL, 0);
	X509_free(t->cert);
}

static void test_b_t(void **state)
{
	struct mc__seal_signer *s = signer_for("RS256"), *s2;
	struct mc__jades *j = NULL;
	struct tsa t;
	char *doc, *doc2, *spliced, err[256] = "";
	unsigned char *tcert = NULL, *cder = NULL;
	size_t tcert_len = 0;
	time_t gen = 0;
	json_t *a, *b;
	int clen;

	(void)state;
	if (tsa_start(&t, NULL) != 0) {
		s->destroy(s);
		skip(); /* "MC_TEST_TSA unset: no local TSA to ask" */
	}
	doc = seal(s, MC__JADES_B_T, t.url);
	assert_int_equal(
	    mc__jades_parse(&j, doc, strlen(doc), err, sizeof(err)), 0);
	assert_int_equal(j->level, MC__JADES_B_T);
	assert_non_null(j->sigtst);
	assert_int_equal(mc__jades_verify_signature(j, err, sizeof(err)), 0);
	assert_int_equal(mc__jades_verify_timestamp(j, &gen, &tcert, &tcert_len,
						    err, sizeof(err)),
			 0);
	assert_true(gen > time(NULL) - 300 && gen < time(NULL) + 300);
	clen = i2d_X509(t.cert, &cder);
	assert_int_equal(tcert_len, (size_t)clen);
	assert_memory_equal(tcert, cder, tcert_len);
	mc__jades_free(j);
	j = NULL;

	/* The timestamp moved onto another signature: MC_EBADSIG. */
	s2 = signer_for("RS256");
	doc2 = seal(s2, MC__JADES_B_B, NULL);
	a = json_loads(doc, 0, NULL);
	b = json_loads(doc2, 0, NULL);
	json_object_set(
	    json_array_get(json_object_get(b, "signatures"), 0), "header",
	    json_object_get(json_array_get(json_object_get(a, "signatures"), 0),
			    "header"));
	spliced = json_dumps(b, JSON_COMPACT);
	assert_int_equal(
	    mc__jades_parse(&j, spliced, strlen(spliced), err, sizeof(err)), 0);
	assert_int_equal(mc__jades_verify_signature(j, err, sizeof(err)), 0);
	assert_int_equal(
	    mc__jades_verify_timestamp(j, NULL, NULL, NULL, err, sizeof(err)),
	    MC_EBADSIG);
	assert_non_null(strstr(err, "sigTst"));
	mc__jades_free(j);
	json_decref(a);
	json_decref(b);
	free(spliced);
	free(doc2);
	free(doc);
	free(tcert);
	OPENSSL_free(cder);
	s2->destroy(s2);
	s->destroy(s);
	tsa_stop(&t);
}

/* A TSA answering badly makes sealing fail with MC_EIO. */
static void bad_tsa(const char *flag, const char *want)
{
	struct mc__seal_signer *s = signer_for("ES256");
	struct mc__jades_sign_opts o = {0};
	char *out = NULL, err[256] = "";
	size_t outlen;
	struct tsa t;

	if (tsa_start(&t, flag) != 0) {
		s->destroy(s);
		skip();
	}
	o.level = MC__JADES_B_T;
	o.tsa_url = t.url;
	assert_int_equal(
	    mc__jades_seal(&out, &outlen, "{}", 2, s, &o, err, sizeof(err)),
	    MC_EIO);
	assert_non_null(strstr(err, want));
	assert_null(out);
	s->destroy(s);
	tsa_stop(&t);
}

static void test_tsa_bad_imprint(void **state)
{
	(void)state;
	bad_tsa("--bad-imprint", "imprint");
}

static void test_tsa_bad_nonce(void **state)
{
	(void)state;
	bad_tsa("--bad-nonce", "nonce");
}

static void test_tsa_rejects(void **state)
{
	(void)state;
	bad_tsa("--reject", "not granted");
}

/* A TSA that refuses connections: a port this test holds bound but does
 * not listen on, so nothing else on the machine can answer there. */
static void test_tsa_unreachable(void **state)
{
	unsigned char d[32] = {0}, *tok = NULL;
	size_t toklen;
	char err[256] = "", url[64];
	struct sockaddr_in a = {0};
	socklen_t alen = sizeof(a);
	int fd;

	(void)state;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/tsr",
		 (unsigned)ntohs(a.sin_port));
	assert_int_equal(
	    mc__tsa_timestamp(&tok, &toklen, url, d, err, sizeof(err)), MC_EIO);
	close(fd);
	assert_int_equal(mc__tsa_timestamp(&tok, &toklen, "file:///etc/passwd",
					   d, err, sizeof(err)),
			 MC_EINVALID);
	assert_null(tok);
}

/* ---- the Commission's sample ------------------------------------------ */

static void test_commission_sample(void **state)
{
	const char *fx = getenv("MC_FIXTURES");
	char path[512], *data = NULL, err[256] = "", *p;
	struct mc__jades *j = NULL;
	size_t len;
	time_t gen;

	(void)state;
	snprintf(path, sizeof(path), "%s/edc/Sample-MC-Annex1-signed.jsonld",
		 fx ? fx : "../shared/fixtures");
	if (mc__read_file(&data, &len, path, MC__JADES_MAX, err, sizeof(err)) !=
	    0) {
		print_message("skipped: %s absent\n", path);
		skip();
	}
	assert_true(mc__jades_detect(data, len));
	assert_int_equal(mc__jades_parse(&j, data, len, err, sizeof(err)), 0);
	assert_string_equal(j->alg, "RS256");
	assert_int_equal(j->level, MC__JADES_B_LTA);
	assert_int_equal(mc__jades_verify_signature(j, err, sizeof(err)), 0);
	/* Its sigTst imprint is SHA-256 of the base64url signature. */
	assert_int_equal(
	    mc__jades_verify_timestamp(j, &gen, NULL, NULL, err, sizeof(err)),
	    0);
	assert_int_equal(gen, 1695815660); /* 2023-09-27T11:54:20Z */
	mc__jades_free(j);
	j = NULL;
	/* One payload byte changed. */
	p = strstr(data, "urn:credential:1018");
	assert_non_null(p);
	p[16] = '2';
	assert_int_equal(mc__jades_parse(&j, data, len, err, sizeof(err)), 0);
	assert_int_equal(mc__jades_verify_signature(j, err, sizeof(err)),
			 MC_EBADSIG);
	mc__jades_free(j);
	free(data);
}

/* ---- rejections --------------------------------------------------------- */

typedef void (*mutator)(json_t *doc, json_t *hdr);

/* Parse a good ES256 seal changed by `m` (which edits the document and the
 * decoded protected header); the parse must fail with `want` and an
 * error naming `field`. */
static void refuse(mutator m, int want, const char *field)
{
	struct mc__seal_signer *s = signer_for("ES256");
	char *doc = seal(s, MC__JADES_B_B, NULL), *hjs, *prot = NULL, *txt;
	json_t *d = json_loads(doc, 0, NULL), *sig, *hdr;
	unsigned char *raw = NULL;
	size_t rawlen;
	struct mc__jades *j = NULL;
	char err[256] = "";
	int rc;

	sig = json_array_get(json_object_get(d, "signatures"), 0);
	assert_int_equal(
	    mc__b64url_decode(
		&raw, &rawlen,
		json_string_value(json_object_get(sig, "protected")),
		json_string_length(json_object_get(sig, "protected")), NULL, 0),
	    0);
	hdr = json_loadb((char *)raw, rawlen, 0, NULL);
	m(d, hdr);
	hjs = json_dumps(hdr, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_int_equal(
	    mc__b64url_encode(&prot, (unsigned char *)hjs, strlen(hjs)), 0);
	if (json_is_object(json_object_get(sig, "x-keep")))
		json_object_del(sig, "x-keep");
	else
		json_object_set_new(sig, "protected", json_string(prot));
	txt = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
	rc = mc__jades_parse(&j, txt, strlen(txt), err, sizeof(err));
	print_message("  %s -> %s\n", field, err);
	assert_int_equal(rc, want);
	assert_null(j);
	assert_non_null(strstr(err, field));
	free(txt);
	free(hjs);
	free(prot);
	free(raw);
	json_decref(hdr);
	json_decref(d);
	free(doc);
	s->destroy(s);
}

static json_t *sig0(json_t *doc)
{
	return json_array_get(json_object_get(doc, "signatures"), 0);
}

static void m_crit_no_b64(json_t *d, json_t *h)
{
	(void)d;
	json_object_set_new(h, "crit", json_pack("[s]", "sigT"));
}
static void m_b64_true(json_t *d, json_t *h)
{
	(void)d;
	json_object_set_new(h, "b64", json_true());
}
static void m_alg_none(json_t *d, json_t *h)
{
	(void)d;
	json_object_set_new(h, "alg", json_string("none"));
}
static void m_alg_hs256(json_t *d, json_t *h)
{
	(void)d;
	json_object_set_new(h, "alg", json_string("HS256"));
}
static void m_crit_sigd(json_t *d, json_t *h)
{
	(void)d;
	json_object_set_new(h, "sigD", json_object());
	json_array_append_new(json_object_get(h, "crit"), json_string("sigD"));
}
static void m_sig_bad_b64(json_t *d, json_t *h)
{
	(void)h;
	json_object_set_new(sig0(d), "signature", json_string("ab+c/=="));
}
static void m_x5c_bad_b64(json_t *d, json_t *h)
{
	(void)d;
	json_array_set_new(json_object_get(h, "x5c"), 0,
			   json_string("MII!!notbase64"));
}
static void m_x5c_100(json_t *d, json_t *h)
{
	json_t *x5c = json_object_get(h, "x5c");
	int i;

	(void)d;
	for (i = 1; i < 100; i++)
		json_array_append(x5c, json_array_get(x5c, 0));
}
static void m_x5t_other(json_t *d, json_t *h)
{
	(void)d;
	json_object_set_new(
	    h, "x5t#S256",
	    json_string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}
static void m_two_sigs(json_t *d, json_t *h)
{
	(void)h;
	json_array_append(json_object_get(d, "signatures"), sig0(d));
}
static void m_header_array(json_t *d, json_t *h)
{
	(void)d;
	json_object_clear(h);
	/* The caller encodes the header as given: make it not an object by
	 * replacing the protected member outright. */
	json_object_set_new(sig0(d), "protected", json_string("WzFd"));
	json_object_set_new(sig0(d), "x-keep", json_object());
}
static void m_unprotected_string(json_t *d, json_t *h)
{
	(void)h;
	json_object_set_new(sig0(d), "header", json_string("etsiU"));
}
static void m_etsiu_garbage(json_t *d, json_t *h)
{
	(void)h;
	json_object_set_new(sig0(d), "header",
			    json_pack("{s:[s]}", "etsiU", "%%%"));
}
static void m_payload_missing(json_t *d, json_t *h)
{
	(void)h;
	json_object_del(d, "payload");
}

#define REFUSE(name, m, field)                                                 \
	static void name(void **state)                                         \
	{                                                                      \
		(void)state;                                                   \
		refuse(m, MC_EINVALID, field);                                 \
	}
REFUSE(test_refuse_crit_no_b64, m_crit_no_b64, "crit")
REFUSE(test_refuse_b64_true, m_b64_true, "b64")
REFUSE(test_refuse_alg_none, m_alg_none, "alg")
REFUSE(test_refuse_alg_hs256, m_alg_hs256, "alg")
REFUSE(test_refuse_crit_sigd, m_crit_sigd, "sigD")
REFUSE(test_refuse_sig_b64, m_sig_bad_b64, "signature")
REFUSE(test_refuse_x5c_b64, m_x5c_bad_b64, "x5c[0]")
REFUSE(test_refuse_x5c_100, m_x5c_100, "x5c")
REFUSE(test_refuse_x5t, m_x5t_other, "x5t#S256")
REFUSE(test_refuse_two_sigs, m_two_sigs, "signatures")
REFUSE(test_refuse_header_array, m_header_array, "protected")
REFUSE(test_refuse_unprotected, m_unprotected_string, "header")
REFUSE(test_refuse_etsiu, m_etsiu_garbage, "etsiU[0]")
REFUSE(test_refuse_payload, m_payload_missing, "payload")

static void test_refuse_huge_and_junk(void **state)
{
	size_t n = MC__JADES_MAX + 1;
	char *big = malloc(n), err[256] = "";
	struct mc__jades *j = NULL;

	(void)state;
	memset(big, ' ', n);
	big[0] = '{';
	assert_int_equal(mc__jades_parse(&j, big, n, err, sizeof(err)),
			 MC_ETOOBIG);
	assert_false(mc__jades_detect(big, n));
	free(big);
	assert_int_equal(mc__jades_parse(&j, "[1]", 3, err, sizeof(err)),
			 MC_EINVALID);
	assert_int_equal(
	    mc__jades_parse(&j, "{\"payload\":", 11, err, sizeof(err)),
	    MC_EINVALID);
	assert_false(mc__jades_detect("eyJ.a.b", 7));
	assert_false(mc__jades_detect("{\"payload\":\"x\"}", 15));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_rs256),
	    cmocka_unit_test(test_round_trip_ps256),
	    cmocka_unit_test(test_round_trip_es256),
	    cmocka_unit_test(test_escape_dense),
	    cmocka_unit_test(test_seal_refuses),
	    cmocka_unit_test(test_b_t),
	    cmocka_unit_test(test_tsa_bad_imprint),
	    cmocka_unit_test(test_tsa_bad_nonce),
	    cmocka_unit_test(test_tsa_rejects),
	    cmocka_unit_test(test_tsa_unreachable),
	    cmocka_unit_test(test_commission_sample),
	    cmocka_unit_test(test_refuse_crit_no_b64),
	    cmocka_unit_test(test_refuse_b64_true),
	    cmocka_unit_test(test_refuse_alg_none),
	    cmocka_unit_test(test_refuse_alg_hs256),
	    cmocka_unit_test(test_refuse_crit_sigd),
	    cmocka_unit_test(test_refuse_sig_b64),
	    cmocka_unit_test(test_refuse_x5c_b64),
	    cmocka_unit_test(test_refuse_x5c_100),
	    cmocka_unit_test(test_refuse_x5t),
	    cmocka_unit_test(test_refuse_two_sigs),
	    cmocka_unit_test(test_refuse_header_array),
	    cmocka_unit_test(test_refuse_unprotected),
	    cmocka_unit_test(test_refuse_etsiu),
	    cmocka_unit_test(test_refuse_payload),
	    cmocka_unit_test(test_refuse_huge_and_junk),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	if (tmpdir[0]) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			rc = rc ? rc : 1;
	}
	return rc;
}
