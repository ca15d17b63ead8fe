/*
 * bench_seal: JAdES sealing rate (mc__jades_seal, B-B) for RS256 with a
 * 2048-bit key and ES256, each beside the raw OpenSSL EVP_DigestSign rate
 * (hash and sign, with a fresh EVP_MD_CTX each time, as the seal signer
 * does) of the very signing input the seal signs, measured in the same
 * run, interleaved (bench_rate.h); and the rate of mc__jades_parse +
 * mc__jades_verify_signature of the sealed document.  The ratio seal/raw
 * says what JAdES costs over the signature itself (aim: >= 0.70).
 * Rates are per second of this thread's CPU time.
 *
 * usage: bench_seal [--quick] [PAYLOAD_FILE]
 * The payload is PAYLOAD_FILE, else the Commission's unsigned EDC sample
 * when ../shared/fixtures is found, else 20 KiB of generated JSON.  The
 * signer is the library's mc__seal_signer_from_pem() over a fresh key and
 * self-signed certificate.  Single-threaded: one core's work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/pem.h>

#include "../tests/tsa/pem_signer.h"
#include "bench_rate.h"
#include "crypto/jades.h"
#include "util/util.h"

static double secs;

static char *pem_of(EVP_PKEY *pk, X509 *c, size_t *len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *out;
	long n;

	if (pk)
		PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL, NULL);
	else
		PEM_write_bio_X509(b, c);
	n = BIO_get_mem_data(b, &p);
	out = malloc((size_t)n + 1);
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	BIO_free(b);
	return out;
}

struct raw_arg {
	EVP_PKEY *pk;
	const unsigned char *msg;
	size_t len;
};

/* One raw EVP_DigestSign of the signing input. */
static int raw_sign(void *arg)
{
	struct raw_arg *r = arg;
	unsigned char sig[1024];
	size_t siglen = sizeof(sig);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md &&
		 EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, r->pk) == 1 &&
		 EVP_DigestSign(md, sig, &siglen, r->msg, r->len) == 1;

	EVP_MD_CTX_free(md);
	return !ok;
}

struct seal_arg {
	const char *payload;
	size_t len;
	struct mc__seal_signer *s;
	struct mc__jades_sign_opts o;
	const char *doc; /* for verify */
	size_t dl;
};

static int seal_one(void *arg)
{
	struct seal_arg *a = arg;
	char *d = NULL, err[256];
	size_t l;
	int rc = mc__jades_seal(&d, &l, a->payload, a->len, a->s, &a->o, err,
				sizeof(err));

	free(d);
	return rc;
}

static int verify_one(void *arg)
{
	struct seal_arg *a = arg;
	struct mc__jades *j = NULL;
	char err[256];
	int rc = mc__jades_parse(&j, a->doc, a->dl, err, sizeof(err));

	if (!rc)
		rc = mc__jades_verify_signature(j, err, sizeof(err));
	mc__jades_free(j);
	return rc;
}

static int run(const char *alg, const char *payload, size_t len)
{
	EVP_PKEY *pk = test_key(alg[0] == 'E' ? "EC" : "RSA", 2048);
	X509 *c = test_cert(pk, "microcred TEST bench seal", NULL, NULL, NULL);
	struct seal_arg sa = {0};
	struct raw_arg ra = {0};
	struct mc__jades *j = NULL;
	char *kp, *cp, *doc = NULL, err[256] = "";
	size_t kl, cl, dl = 0;
	const char *how = "mc__seal_signer_from_pem";
	struct rate_task t[3] = {{"raw", raw_sign, &ra, 0, 0, 0},
				 {"seal", seal_one, &sa, 0, 0, 0},
				 {"verify", verify_one, &sa, 0, 0, 0}};
	int rc = 1;

	kp = pem_of(pk, NULL, &kl);
	cp = pem_of(NULL, c, &cl);
	if (mc__seal_signer_from_pem(&sa.s, kp, kl, cp, cl, NULL, err,
				     sizeof(err)) != 0) {
		printf("  (from_pem: %s; using the test signer)\n", err);
		how = "test signer";
		sa.s = test_signer(EVP_PKEY_dup(pk), &c, 1, alg);
	}
	sa.payload = payload;
	sa.len = len;
	sa.o.alg = alg;
	sa.o.sig_time = "2026-03-01T10:00:00Z";
	/* One seal to learn the signing input, which the raw rate signs. */
	if (mc__jades_seal(&doc, &dl, payload, len, sa.s, &sa.o, err,
			   sizeof(err)) ||
	    mc__jades_parse(&j, doc, dl, err, sizeof(err))) {
		fprintf(stderr, "seal %s: %s\n", alg, err);
		goto cleanup;
	}
	ra.pk = pk;
	ra.msg = (const unsigned char *)j->signing_input;
	ra.len = j->signing_input_len;
	sa.doc = doc;
	sa.dl = dl;
	if (rate_measure(t, 3, secs)) {
		fprintf(stderr, "%s: an operation failed\n", alg);
		goto cleanup;
	}
	printf("%-6s seal %8.1f/s  raw EVP_DigestSign %8.1f/s  ratio %.2f  "
	       "parse+verify %8.1f/s  (%zu-byte signing input, %zu-byte "
	       "document, %s)\n",
	       alg, rate_of(&t[1]), rate_of(&t[0]),
	       rate_of(&t[1]) / rate_of(&t[0]), rate_of(&t[2]),
	       j->signing_input_len, dl, how);
	rc = 0;
cleanup:
	mc__jades_free(j);
	free(doc);
	free(kp);
	free(cp);
	X509_free(c);
	EVP_PKEY_free(pk);
	mc__seal_signer_free(sa.s);
	return rc;
}

/* The Commission's unsigned sample: in $MC_FIXTURES, $MC_SHARED/fixtures,
 * ../shared/fixtures or beside the source tree this was built from. */
static int fixture(char *path, size_t size, const char *fx)
{
	const char *shared = getenv("MC_SHARED"), *src = __FILE__, *slash;
	const char *sample = "edc/Sample-MC-Annex1-unsigned.jsonld";
	FILE *f;
	int k;

	for (k = 0; k < 4; k++) {
		if (k == 0 && fx)
			snprintf(path, size, "%s/%s", fx, sample);
		else if (k == 1 && shared)
			snprintf(path, size, "%s/fixtures/%s", shared, sample);
		else if (k == 2)
			snprintf(path, size, "../shared/fixtures/%s", sample);
		else if (k == 3 && (slash = strrchr(src, '/')))
			snprintf(path, size, "%.*s/../../shared/fixtures/%s",
				 (int)(slash - src), src, sample);
		else
			continue;
		if ((f = fopen(path, "r"))) {
			fclose(f);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *file = NULL, *fx = getenv("MC_FIXTURES");
	char path[512], err[256], *payload = NULL;
	size_t len = 0;
	int i, rc = 0;

	secs = 2.0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			secs = 0.3;
		else
			file = argv[i];
	}
	if (file && mc__read_file(&payload, &len, file, MC__JADES_MAX, err,
				  sizeof(err)) != 0) {
		fprintf(stderr, "bench_seal: %s\n", err);
		return 2;
	}
	if (!file && fixture(path, sizeof(path), fx)) {
		file = path;
		if (mc__read_file(&payload, &len, file, MC__JADES_MAX, err,
				  sizeof(err)) != 0)
			payload = NULL;
	}
	if (!payload) {
		mc_buf b = MC_BUF_INIT(1u << 20);
		mc__buf_puts(&b, "{\"items\":[");
		for (i = 0; b.len < 20000; i++)
			mc__buf_printf(&b, "%s{\"n\":%d,\"t\":\"Зварювання\"}",
				       i ? "," : "", i);
		mc__buf_puts(&b, "]}");
		len = b.len;
		payload = mc__buf_detach(&b);
		file = "generated 20 KiB";
	}
	printf("bench_seal: payload %s (%zu bytes), %.1f s of CPU per figure, "
	       "interleaved\n",
	       file, len, secs);
	rc |= run("RS256", payload, len);
	rc |= run("ES256", payload, len);
	free(payload);
	return rc;
}
