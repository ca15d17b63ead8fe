/*
 * bench_seal: JAdES sealing rate (mc__jades_seal, B-B) for RS256 with a
 * 2048-bit key and ES256, each beside the raw OpenSSL EVP_DigestSign rate
 * over a message of the same length as the signing input, measured in the
 * same run; and the rate of mc__jades_parse + mc__jades_verify_signature
 * of the sealed document.  The ratio seal/raw says what JAdES costs over
 * the signature itself (aim: >= 0.70).
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
#include "jades.h"
#include "util.h"

static double secs;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

/* Raw EVP_DigestSign of `len` bytes with `pk`: signatures per second. */
static double raw_rate(EVP_PKEY *pk, const unsigned char *msg, size_t len)
{
	unsigned char sig[512];
	size_t siglen;
	double t0 = now(), t;
	long n = 0;

	do {
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		siglen = sizeof(sig);
		if (EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pk) != 1 ||
		    EVP_DigestSign(md, sig, &siglen, msg, len) != 1)
			abort();
		EVP_MD_CTX_free(md);
		n++;
	} while ((t = now() - t0) < secs);
	return (double)n / t;
}

static int run(const char *alg, const char *payload, size_t len)
{
	EVP_PKEY *pk = test_key(alg[0] == 'E' ? "EC" : "RSA", 2048);
	X509 *c = test_cert(pk, "microcred TEST bench seal", NULL, NULL, NULL);
	struct mc__seal_signer *s = NULL;
	struct mc__jades_sign_opts o = {0};
	struct mc__jades *j = NULL;
	char *kp, *cp, *doc = NULL, err[256] = "";
	size_t kl, cl, dl = 0;
	double t0, t, seal_rate, raw, ver_rate;
	const char *how = "mc__seal_signer_from_pem";
	unsigned char *msg;
	long n = 0;

	kp = pem_of(pk, NULL, &kl);
	cp = pem_of(NULL, c, &cl);
	if (mc__seal_signer_from_pem(&s, kp, kl, cp, cl, NULL, err,
				     sizeof(err)) != 0) {
		printf("  (from_pem: %s; using the test signer)\n", err);
		how = "test signer";
		s = test_signer(EVP_PKEY_dup(pk), &c, 1, alg);
	}
	o.alg = alg;
	o.sig_time = "2026-03-01T10:00:00Z";
	/* Warm up, and learn the signing input's length. */
	if (mc__jades_seal(&doc, &dl, payload, len, s, &o, err, sizeof(err)) ||
	    mc__jades_parse(&j, doc, dl, err, sizeof(err))) {
		fprintf(stderr, "seal %s: %s\n", alg, err);
		return 1;
	}
	msg = malloc(j->signing_input_len);
	memcpy(msg, j->signing_input, j->signing_input_len);
	raw = raw_rate(pk, msg, j->signing_input_len);
	mc__jades_free(j);
	j = NULL;
	t0 = now();
	do {
		char *d2 = NULL;
		size_t l2;
		if (mc__jades_seal(&d2, &l2, payload, len, s, &o, err,
				   sizeof(err)))
			abort();
		free(d2);
		n++;
	} while ((t = now() - t0) < secs);
	seal_rate = (double)n / t;
	n = 0;
	t0 = now();
	do {
		if (mc__jades_parse(&j, doc, dl, err, sizeof(err)) ||
		    mc__jades_verify_signature(j, err, sizeof(err)))
			abort();
		mc__jades_free(j);
		j = NULL;
		n++;
	} while ((t = now() - t0) < secs);
	ver_rate = (double)n / t;
	printf("%-6s seal %8.1f/s  raw EVP_DigestSign %8.1f/s  ratio %.2f  "
	       "parse+verify %8.1f/s  (%zu-byte signing input, %s)\n",
	       alg, seal_rate, raw, seal_rate / raw, ver_rate, (size_t)dl, how);
	free(msg);
	free(doc);
	free(kp);
	free(cp);
	X509_free(c);
	EVP_PKEY_free(pk);
	mc__seal_signer_free(s);
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
	if (!file) {
		snprintf(path, sizeof(path),
			 "%s/edc/Sample-MC-Annex1-unsigned.jsonld",
			 fx ? fx : "../shared/fixtures");
		file = path;
	}
	if (mc__read_file(&payload, &len, file, MC__JADES_MAX, err,
			  sizeof(err)) != 0) {
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
	printf("bench_seal: payload %s (%zu bytes), %.1f s per figure\n", file,
	       len, secs);
	rc |= run("RS256", payload, len);
	rc |= run("ES256", payload, len);
	free(payload);
	return rc;
}
