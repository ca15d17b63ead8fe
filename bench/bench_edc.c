/*
 * bench_edc: European Digital Credentials issued and verified through the
 * library, each rate beside a baseline measured in the same run,
 * interleaved (bench_rate.h; rates per second of this thread's CPU time):
 *
 * - issuing: mc_credential_issue(MC_FORMAT_EDC) (renders the certificate
 *   page as PNG for displayParameter, builds the ELM document, seals it
 *   with JAdES B-B; a transaction each) beside mc_credential_issue of the
 *   Open Badges 3.0 credential of the same MC (MC_FORMAT_OB3), and, to
 *   show where the EDC's time goes, mc_certificate_render() of the same
 *   page as PNG at 96 dpi (what issuing does) and at 72 dpi;
 * - verifying: mc_credential_verify() with the store (the store's test CA
 *   as trust anchor, its catalogue as accreditation list) of one sealed
 *   EDC, beside the raw OpenSSL EVP_DigestVerify of that EDC's signing
 *   input with the seal's public key (hash and verify, fresh context each
 *   time) and beside mc__jades_parse() alone.
 *
 * For RS256 (2048-bit test seal) and ES256.  usage: bench_edc [--quick].
 * The database is temporary; the master key a random one in
 * $MICROCRED_MASTER_KEY.  Single-threaded: one core's work.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "bench_rate.h"
#include "crypto/jades.h"
#include "microcred/microcred.h"

#define MCID "ua-mag-welding-steel-structures"

struct ctx {
	mc_store *store;
	const char *org;
	const char *alg;
	long learner;
	mc_credential_format format;
	const mc_credential *edc;
	unsigned dpi;
	/* raw verify */
	EVP_PKEY *pub;
	const unsigned char *msg;
	size_t msg_len;
	unsigned char sig[512];
	size_t sig_len;
};

/* Issue one credential of c->format to a new learner. */
static int issue_one(void *arg)
{
	struct ctx *c = arg;
	mc_issue_options io = MC_ISSUE_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_credential *cred = NULL;
	mc_learner l = {0};
	char email[64];
	int error;

	snprintf(email, sizeof(email), "learner%ld@example.org", c->learner++);
	l.name = "Олена Коваль";
	l.email = email;
	l.lang = "uk";
	io.format = c->format;
	error = mc_credential_issue(c->store, &cred, MCID, 0, &l, &io, &p);
	if (error < 0)
		fprintf(stderr, "issue: %s\n", mc_store_errmsg(c->store));
	mc_problems_clear(&p);
	mc_credential_free(cred);
	return error < 0;
}

static int issue_edc(void *arg)
{
	((struct ctx *)arg)->format = MC_FORMAT_EDC;
	return issue_one(arg);
}

static int issue_ob3(void *arg)
{
	((struct ctx *)arg)->format = MC_FORMAT_OB3;
	return issue_one(arg);
}

static int render_png(void *arg)
{
	struct ctx *c = arg;
	mc_certificate_options co = MC_CERTIFICATE_OPTIONS_INIT;
	unsigned char *png = NULL;
	size_t len = 0;
	int error;

	co.format = MC_CERT_PNG;
	co.png_dpi = c->dpi;
	error = mc_certificate_render(c->store, &png, &len, c->edc->id, &co);
	free(png);
	return error < 0;
}

static int render_96(void *arg)
{
	((struct ctx *)arg)->dpi = 96;
	return render_png(arg);
}

static int render_72(void *arg)
{
	((struct ctx *)arg)->dpi = 72;
	return render_png(arg);
}

static int verify_edc(void *arg)
{
	struct ctx *c = arg;
	mc_verify_options vo = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	int bad = mc_credential_verify(c->store, &r, c->edc->data, c->edc->len,
				       &vo) < 0 ||
		  r->verdict != MC_VERDICT_VALID;

	mc_verify_report_free(r);
	return bad;
}

static int raw_verify(void *arg)
{
	struct ctx *c = arg;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok =
	    md &&
	    EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, c->pub) == 1 &&
	    EVP_DigestVerify(md, c->sig, c->sig_len, c->msg, c->msg_len) == 1;

	EVP_MD_CTX_free(md);
	return !ok;
}

static int parse_only(void *arg)
{
	struct ctx *c = arg;
	struct mc__jades *j = NULL;
	int rc = mc__jades_parse(&j, c->edc->data, c->edc->len, NULL, 0);

	mc__jades_free(j);
	return rc;
}

/* The seal's key and the signature as OpenSSL verifies it (ES256: the
 * JOSE r || s back to DER).  Returns 0 or -1. */
static int raw_setup(struct ctx *c, const struct mc__jades *j)
{
	const unsigned char *p = j->x5c[0];
	X509 *leaf = d2i_X509(NULL, &p, (long)j->x5c_len[0]);
	int rc = -1;

	if (!leaf || !(c->pub = X509_get_pubkey(leaf)))
		goto cleanup;
	c->msg = (const unsigned char *)j->signing_input;
	c->msg_len = j->signing_input_len;
	if (strcmp(j->alg, "ES256") == 0) {
		ECDSA_SIG *s = ECDSA_SIG_new();
		unsigned char *q = c->sig;
		int n;

		if (!s || j->sig_len != 64 ||
		    !ECDSA_SIG_set0(s, BN_bin2bn(j->sig, 32, NULL),
				    BN_bin2bn(j->sig + 32, 32, NULL)) ||
		    (n = i2d_ECDSA_SIG(s, &q)) <= 0) {
			ECDSA_SIG_free(s);
			goto cleanup;
		}
		c->sig_len = (size_t)n;
		ECDSA_SIG_free(s);
	} else {
		if (j->sig_len > sizeof(c->sig))
			goto cleanup;
		memcpy(c->sig, j->sig, j->sig_len);
		c->sig_len = j->sig_len;
	}
	rc = 0;
cleanup:
	X509_free(leaf);
	return rc;
}

static int run(struct ctx *c, double secs)
{
	mc_seal_options so = MC_SEAL_OPTIONS_INIT;
	mc_seal_info *ca = NULL, *seal = NULL;
	mc_verify_options vo = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	mc_credential *edc = NULL;
	mc_issue_options io = MC_ISSUE_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_learner l = {"Олена Коваль", NULL, NULL, NULL, "uk"};
	struct mc__jades *j = NULL;
	char email[64];
	struct rate_task issue[4] = {{"edc", issue_edc, c, 0, 0, 0},
				     {"ob3", issue_ob3, c, 0, 0, 0},
				     {"png96", render_96, c, 0, 0, 0},
				     {"png72", render_72, c, 0, 0, 0}};
	struct rate_task verify[3] = {{"verify", verify_edc, c, 0, 0, 0},
				      {"raw", raw_verify, c, 0, 0, 0},
				      {"parse", parse_only, c, 0, 0, 0}};
	size_t k;
	int rc = -1;

	so.alg = c->alg;
	if (mc_seal_create_test_ca(c->store, &ca, &so) < 0 ||
	    mc_seal_create_test(c->store, &seal, c->org, &so) < 0) {
		fprintf(stderr, "seal: %s\n", mc_store_errmsg(c->store));
		goto cleanup;
	}
	snprintf(email, sizeof(email), "sample-%s@example.org", c->alg);
	l.email = email;
	io.format = MC_FORMAT_EDC;
	if (mc_credential_issue(c->store, &edc, MCID, 0, &l, &io, &p) < 0) {
		fprintf(stderr, "issue: %s\n", mc_store_errmsg(c->store));
		goto cleanup;
	}
	c->edc = edc;
	if (mc_credential_verify(c->store, &r, edc->data, edc->len, &vo) < 0 ||
	    r->verdict != MC_VERDICT_VALID) {
		fprintf(stderr, "verify: the sample EDC is not valid:\n");
		for (k = 0; r && k < r->count; k++)
			fprintf(stderr, "  %s %s %s\n", r->checks[k].name,
				mc_check_result_name(r->checks[k].result),
				r->checks[k].reason ? r->checks[k].reason : "");
		goto cleanup;
	}
	if (mc__jades_parse(&j, edc->data, edc->len, NULL, 0) ||
	    raw_setup(c, j) || raw_verify(c)) {
		fprintf(stderr, "raw verify setup failed\n");
		goto cleanup;
	}
	if (rate_measure(issue, 4, secs) || rate_measure(verify, 3, secs))
		goto cleanup;
	printf("%s  issue EDC %6.1f/s (wall %.1f/s)  issue OB3 %6.1f/s "
	       "(wall %.1f/s)  EDC/OB3 %.2f  | PNG page 96 dpi %.1f/s, "
	       "72 dpi %.1f/s\n",
	       c->alg, rate_of(&issue[0]), rate_wall(&issue[0]),
	       rate_of(&issue[1]), rate_wall(&issue[1]),
	       rate_of(&issue[0]) / rate_of(&issue[1]), rate_of(&issue[2]),
	       rate_of(&issue[3]));
	printf("%s  verify EDC %6.1f/s  raw EVP_DigestVerify %7.1f/s  ratio "
	       "%.2f  | mc__jades_parse alone %.1f/s  (%zu-byte EDC, "
	       "%zu-byte signing input)\n",
	       c->alg, rate_of(&verify[0]), rate_of(&verify[1]),
	       rate_of(&verify[0]) / rate_of(&verify[1]), rate_of(&verify[2]),
	       edc->len, j->signing_input_len);
	rc = 0;
cleanup:
	mc__jades_free(j);
	EVP_PKEY_free(c->pub);
	c->pub = NULL;
	mc_verify_report_free(r);
	mc_credential_free(edc);
	c->edc = NULL;
	mc_problems_clear(&p);
	mc_seal_info_free(ca);
	mc_seal_info_free(seal);
	return rc;
}

int main(int argc, char **argv)
{
	char dbpath[] = "/tmp/bench_edc_XXXXXX", mkhex[65], base[64],
	     *msg = NULL;
	unsigned char mk[32];
	mc_microcred *mc = NULL;
	mc_key_info *key = NULL;
	mc_problems p = MC_PROBLEMS_INIT;
	struct ctx c;
	double secs = 2.0;
	int fd, i, rc = 2;

	if (argc > 1 && strcmp(argv[1], "--quick") == 0)
		secs = 0.3;
	if (sodium_init() < 0)
		return 2;
	randombytes_buf(mk, sizeof(mk));
	sodium_bin2hex(mkhex, sizeof(mkhex), mk, sizeof(mk));
	sodium_memzero(mk, sizeof(mk));
	setenv("MICROCRED_MASTER_KEY", mkhex, 1);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	sodium_memzero(mkhex, sizeof(mkhex));
	if ((fd = mkstemp(dbpath)) < 0)
		return 2;
	close(fd);
	unlink(dbpath);
	memset(&c, 0, sizeof(c));
	snprintf(base, sizeof(base), "http://bench-%ld.test", (long)getpid());
	if (mc_store_open(&c.store, dbpath, NULL, &msg) < 0 ||
	    mc_store_set_base_url(c.store, base) < 0 ||
	    mc_catalogue_load_demo(c.store, NULL, &p) < 0 ||
	    mc_catalogue_get(c.store, &mc, MCID, 0) < 0 ||
	    mc->awarding_bodies.count == 0 ||
	    mc_key_generate(c.store, &key, mc->awarding_bodies.items[0],
			    MC_KEY_ED25519) < 0) {
		fprintf(stderr, "setup: %s\n",
			msg	  ? msg
			: c.store ? mc_store_errmsg(c.store)
				  : "");
		goto cleanup;
	}
	c.org = mc->awarding_bodies.items[0];
	printf("bench_edc: %s, awarding body %s, %.1f s of CPU per figure, "
	       "interleaved; single-threaded\n",
	       MCID, c.org, secs);
	rc = 0;
	c.alg = "RS256";
	rc |= run(&c, secs) ? 1 : 0;
	c.alg = "ES256";
	rc |= run(&c, secs) ? 1 : 0;

cleanup:
	free(msg);
	mc_problems_clear(&p);
	mc_key_info_free(key);
	mc_microcred_free(mc);
	mc_store_free(c.store);
	for (i = 0; i < 4; i++) {
		static const char *const sfx[] = {"", "-wal", "-shm",
						  "-journal"};
		char f[sizeof(dbpath) + 16];

		snprintf(f, sizeof(f), "%s%s", dbpath, sfx[i]);
		unlink(f);
	}
	return rc;
}
