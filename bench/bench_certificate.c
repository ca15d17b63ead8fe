/*
 * bench_certificate: printable certificates rendered per second on one
 * core (mc_certificate_render() to PDF, and to PNG at 96 dpi), beside a
 * baseline measured in the same run: reading what the page needs through
 * the public API (mc_credential_get() + mc_catalogue_get() of the MC
 * version awarded + parsing the credential's JSON), so the ratio is the
 * cost of layout and PDF output over the data access.
 *
 * usage: bench_certificate [SECONDS]   (default 2 per figure)
 * The database is temporary and removed at the end; the master key is a
 * random one passed in $MICROCRED_MASTER_KEY.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "microcred/catalogue.h"
#include "microcred/certificate.h"
#include "microcred/credential.h"
#include "microcred/keys.h"

#define MCID "ua-mag-welding-steel-structures"
#define ORG  "ua-dniprorudne-lyceum"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, mc_store *s)
{
	fprintf(stderr, "bench_certificate: %s: %s\n", what,
		s ? mc_store_errmsg(s) : "failed");
	exit(1);
}

/* Renders per second of `fmt` over `secs` seconds; *bytes the last size. */
static double rate_render(mc_store *s, const char *id,
			  mc_certificate_format fmt, double secs, size_t *bytes)
{
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;
	double t0 = now(), t;
	unsigned long n = 0;
	unsigned char *out;

	o.format = fmt;
	do {
		if (mc_certificate_render(s, &out, bytes, id, &o) != 0)
			die("render", s);
		free(out);
		n++;
	} while ((t = now() - t0) < secs);
	return n / t;
}

static double rate_baseline(mc_store *s, const char *id, double secs)
{
	double t0 = now(), t;
	unsigned long n = 0;
	mc_credential *c;
	mc_microcred *mc;
	json_t *doc;

	do {
		if (mc_credential_get(s, &c, id) != 0 ||
		    mc_catalogue_get(s, &mc, c->mc_id, c->mc_version) != 0)
			die("baseline", s);
		doc = json_loadb(c->data, c->len, 0, NULL);
		if (!doc)
			die("parse", NULL);
		json_decref(doc);
		mc_microcred_free(mc);
		mc_credential_free(c);
		n++;
	} while ((t = now() - t0) < secs);
	return n / t;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0, pdf, png, base;
	mc_learner l = {"Олена Коваль", "o@example.org", NULL, NULL, "uk"};
	mc_issue_options io = MC_ISSUE_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_credential *c = NULL;
	mc_key_info *k = NULL;
	mc_store *s = NULL;
	char path[64], side[80], base_url[64], *err = NULL;
	size_t pdf_len = 0, png_len = 0;
	int fd;

	if (secs <= 0)
		secs = 2.0;
	setenv(
	    "MICROCRED_MASTER_KEY",
	    "3f0c2a9d8e7b6a5948372615f4e3d2c1b0a9988776655443322110ffeeddccbb",
	    1);
	snprintf(path, sizeof(path), "/tmp/mc-bench-cert-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		die("mkstemp", NULL);
	close(fd);
	unlink(path);
	if (mc_store_open(&s, path, NULL, &err) != 0)
		die(err ? err : "open", NULL);
	snprintf(base_url, sizeof(base_url), "http://bench-%ld.test",
		 (long)getpid());
	if (mc_store_set_base_url(s, base_url) != 0)
		die("base URL", s);
	if (mc_catalogue_load_demo(s, NULL, &p) != 0)
		die("demo", s);
	mc_problems_clear(&p);
	if (mc_key_generate(s, &k, ORG, MC_KEY_ED25519) != 0)
		die("key", s);
	mc_key_info_free(k);
	if (mc_credential_issue(s, &c, MCID, 0, &l, &io, &p) != 0)
		die("issue", s);
	mc_problems_clear(&p);

	rate_render(s, c->id, MC_CERT_PDF, 0.2, &pdf_len); /* warm caches */
	base = rate_baseline(s, c->id, secs);
	pdf = rate_render(s, c->id, MC_CERT_PDF, secs, &pdf_len);
	png = rate_render(s, c->id, MC_CERT_PNG, secs, &png_len);
	printf("baseline (credential + MC version read, JSON parsed): "
	       "%.0f/s\n",
	       base);
	printf("PDF certificates: %.1f/s (%zu bytes), %.1fx the baseline "
	       "time\n",
	       pdf, pdf_len, base / pdf);
	printf("PNG certificates (96 dpi): %.1f/s (%zu bytes), %.1fx the "
	       "baseline time\n",
	       png, png_len, base / png);

	mc_credential_free(c);
	mc_store_free(s);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}
