/*
 * Unit tests for printable certificates (certificate.c,
 * certificate_layout.c) through the public API, on a fresh SQLite file
 * holding the demo catalogue: the PDF (signature, embedded fonts, the
 * text pdftotext finds in it), the PNG (signature, A4 at 96 dpi), the QR
 * payload, unknown ids, bad options and the fingerprint format; a sealed
 * EDC printed in its learner's language, the EDC's own image without a
 * fingerprint line, and the footer naming each format.  With
 * MC_CERT_SAMPLES=DIR set, the rendered files are also written there.
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
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "microcred/catalogue.h"
#include "microcred/certificate.h"
#include "microcred/credential.h"
#include "microcred/keys.h"
#include "microcred/seal.h"

#include "render/certificate_private.h"
#include "europass/edc.h"

#define MC_ID "ua-mag-welding-steel-structures"
#define ORG   "ua-dniprorudne-lyceum"
#define MASTER                                                                 \
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define NAME "Олена Коваль"

struct fixture {
	char path[64];
	mc_store *s;
	mc_credential *c;
};

static void gen_key(mc_store *s, const char *org, mc_key_type type)
{
	mc_key_info *k = NULL;

	if (mc_key_generate(s, &k, org, type) != 0)
		fail_msg("key generate %s: %s", org, mc_store_errmsg(s));
	mc_key_info_free(k);
}

static mc_credential *issue(mc_store *s, const char *mc_id, const char *name,
			    const char *lang, mc_credential_format format)
{
	mc_learner l = {name, "o@example.org", NULL, NULL, lang};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_credential *c = NULL;

	o.format = format;
	if (mc_credential_issue(s, &c, mc_id, 0, &l, &o, &p) != 0)
		fail_msg("issue %s: %s", mc_id, mc_store_errmsg(s));
	mc_problems_clear(&p);
	return c;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_problems p = MC_PROBLEMS_INIT;
	char *err = NULL;
	int fd;

	assert_non_null(f);
	assert_int_equal(setenv("MICROCRED_MASTER_KEY", MASTER, 1), 0);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-cert-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	if (mc_store_open(&f->s, f->path, NULL, &err) != 0)
		fail_msg("open: %s", err ? err : "?");
	if (mc_catalogue_load_demo(f->s, NULL, &p) != 0)
		fail_msg("demo: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	gen_key(f->s, ORG, MC_KEY_ED25519);
	f->c = issue(f->s, MC_ID, NAME, "uk", MC_FORMAT_OB3);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[80];

	mc_credential_free(f->c);
	mc_store_free(f->s);
	unlink(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static int have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Write `data` to a temporary file (and to $MC_CERT_SAMPLES/name). */
static void save(char path[64], const unsigned char *data, size_t len,
		 const char *name)
{
	const char *dir = getenv("MC_CERT_SAMPLES");
	char sample[512];
	FILE *fp;
	int fd;

	snprintf(path, 64, "/tmp/mc-test-cert-file-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	if (dir && *dir) {
		snprintf(sample, sizeof(sample), "%s/%s", dir, name);
		fp = fopen(sample, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(data, 1, len, fp), len);
		fclose(fp);
	}
}

/* The standard output of `cmd` (at most 1 MiB) on one line; caller frees. */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = calloc(1, 1u << 20);
	size_t n;

	assert_non_null(p);
	assert_non_null(out);
	n = fread(out, 1, (1u << 20) - 1, p);
	out[n] = '\0';
	pclose(p);
	for (; n > 0; n--) /* wrapped lines joined: search across them */
		if (out[n - 1] == '\n')
			out[n - 1] = ' ';
	return out;
}

static void render(struct fixture *f, unsigned char **out, size_t *len,
		   const char *id, mc_certificate_format format,
		   const char *lang)
{
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;

	o.format = format;
	o.lang = lang;
	if (mc_certificate_render(f->s, out, len, id, &o) != 0)
		fail_msg("render %s: %s", id, mc_store_errmsg(f->s));
}

/* ---- tests -------------------------------------------------------------- */

static void pdf_is_pdf_with_fonts(void **state)
{
	struct fixture *f = *state;
	unsigned char *pdf = NULL;
	size_t len = 0;
	char path[64], cmd[160], *out;

	render(f, &pdf, &len, f->c->id, MC_CERT_PDF, NULL);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF", 4);
	assert_non_null(memmem(pdf, len, "/FontFile", 9));
	save(path, pdf, len, "uk.pdf");
	if (have("pdffonts")) {
		snprintf(cmd, sizeof(cmd), "pdffonts %s", path);
		out = run(cmd);
		assert_non_null(strstr(out, "NotoS"));
		assert_null(strstr(out, " no  ")); /* every font embedded */
		free(out);
	}
	unlink(path);
	free(pdf);
}

static void pdf_text(void **state)
{
	struct fixture *f = *state;
	unsigned char *pdf = NULL;
	mc_microcred *mc = NULL;
	size_t len = 0;
	char path[64], cmd[160], fp[20], *out;

	if (!have("pdftotext")) {
		print_message("pdftotext (poppler-utils) not installed: "
			      "skipping the text checks\n");
		skip();
	}
	render(f, &pdf, &len, f->c->id, MC_CERT_PDF, NULL);
	save(path, pdf, len, "uk-text.pdf");
	snprintf(cmd, sizeof(cmd), "pdftotext -raw -nopgbrk %s -", path);
	out = run(cmd);
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 0), 0);
	assert_non_null(strstr(out, NAME));
	assert_non_null(strstr(out, "Мікрокваліфікація"));
	assert_non_null(strstr(out, mc_langmap_get(&mc->title, "uk")));
	assert_non_null(strstr(out, mc_langmap_get(&mc->title, "en")));
	assert_non_null(strstr(out, f->c->id));
	mc_certificate_fingerprint(fp, f->c->data, f->c->len);
	assert_non_null(strstr(out, fp));
	assert_non_null(strstr(out, "EQF"));
	mc_microcred_free(mc);
	free(out);
	unlink(path);
	free(pdf);
}

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 |
	       (unsigned)p[2] << 8 | p[3];
}

static void png_is_a4(void **state)
{
	struct fixture *f = *state;
	unsigned char *png = NULL;
	size_t len = 0;
	char path[64];
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;

	render(f, &png, &len, f->c->id, MC_CERT_PNG, NULL);
	assert_true(len > 24);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(png + 12, "IHDR", 4);
	assert_int_equal(be32(png + 16), 794);
	assert_int_equal(be32(png + 20), 1123);
	save(path, png, len, "uk.png");
	unlink(path);
	free(png);

	o.format = MC_CERT_PNG;
	o.png_dpi = 48;
	assert_int_equal(mc_certificate_render(f->s, &png, &len, f->c->id, &o),
			 0);
	assert_int_equal(be32(png + 16), 397);
	free(png);
}

/* Georgian and Armenian MCs: the fonts fall back through fontconfig, and
 * a VC-JWT credential gives its learner name from the payload. */
static void other_scripts(void **state)
{
	static const struct {
		const char *mc, *org, *lang, *name, *file, *font;
		mc_credential_format format;
	} cases[] = {
	    {"ge-wine-tourism-qvevri", "ge-skills-agency", "ka", "ნინო ბერიძე",
	     "ka.pdf", "NotoSerifGeorgian", MC_FORMAT_OB3},
	    {"am-lori-cheese-making", "am-lori-college", "hy", "Անի Պետրոսյան",
	     "hy.pdf", "NotoSerifArmenian", MC_FORMAT_VC_JWT}};
	struct fixture *f = *state;
	unsigned char *pdf = NULL;
	size_t len = 0, i;
	char path[64], cmd[160], *out;
	mc_credential *c;

	for (i = 0; i < 2; i++) {
		gen_key(f->s, cases[i].org, MC_KEY_ED25519);
		gen_key(f->s, cases[i].org, MC_KEY_RSA2048);
		c = issue(f->s, cases[i].mc, cases[i].name, cases[i].lang,
			  cases[i].format);
		render(f, &pdf, &len, c->id, MC_CERT_PDF, cases[i].lang);
		assert_memory_equal(pdf, "%PDF", 4);
		save(path, pdf, len, cases[i].file);
		if (have("pdftotext")) {
			snprintf(cmd, sizeof(cmd),
				 "pdftotext -raw -nopgbrk %s -", path);
			out = run(cmd);
			assert_non_null(strstr(out, cases[i].name));
			free(out);
		}
		if (have("pdffonts")) {
			snprintf(cmd, sizeof(cmd), "pdffonts %s", path);
			out = run(cmd);
			assert_non_null(strstr(out, cases[i].font));
			assert_null(strstr(out, "DejaVu"));
			free(out);
		}
		unlink(path);
		free(pdf);
		mc_credential_free(c);
	}
}

static void qr_payload_is_url(void **state)
{
	struct fixture *f = *state;
	const char *uuid = strrchr(f->c->id, '/') + 1;
	char *url = NULL;

	assert_int_equal(mc_certificate_qr_payload(f->s, &url, uuid), 0);
	assert_string_equal(url, f->c->id);
	assert_non_null(strstr(url, "/credentials/"));
	free(url);
}

static void unknown_and_invalid(void **state)
{
	struct fixture *f = *state;
	unsigned char *out = NULL;
	size_t len = 0;
	char *url = NULL;
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;

	assert_int_equal(
	    mc_certificate_render(f->s, &out, &len,
				  "00000000-0000-4000-8000-000000000000", NULL),
	    MC_ENOTFOUND);
	assert_null(out);
	assert_int_equal(
	    mc_certificate_qr_payload(f->s, &url,
				      "00000000-0000-4000-8000-000000000000"),
	    MC_ENOTFOUND);
	assert_null(url);
	o.version = 99;
	assert_int_equal(mc_certificate_render(f->s, &out, &len, f->c->id, &o),
			 MC_EINVALID);
	o.version = MC_CERTIFICATE_OPTIONS_VERSION;
	o.format = (mc_certificate_format)7;
	assert_int_equal(mc_certificate_render(f->s, &out, &len, f->c->id, &o),
			 MC_EINVALID);
	o.format = MC_CERT_PNG;
	o.png_dpi = 100000;
	assert_int_equal(mc_certificate_render(f->s, &out, &len, f->c->id, &o),
			 MC_EINVALID);
	o.png_dpi = 0;
	o.lang = "not a tag!";
	assert_int_equal(mc_certificate_render(f->s, &out, &len, f->c->id, &o),
			 MC_EINVALID);
	assert_null(out);
}

static cairo_status_t to_file(void *fp, const unsigned char *data,
			      unsigned int len)
{
	return fwrite(data, 1, len, fp) == len ? CAIRO_STATUS_SUCCESS
					       : CAIRO_STATUS_WRITE_ERROR;
}

/* Forty long outcomes do not fit: the list ends with "…and N more" and
 * the footer (fingerprint) is still printed. */
static void outcomes_truncated(void **state)
{
	const char *many[40];
	struct mc__cert_text t;
	cairo_surface_t *s;
	cairo_t *cr;
	char path[64] = "/tmp/mc-test-cert-long-XXXXXX", cmd[160], *out;
	FILE *fp;
	size_t i;
	int fd;

	(void)state;
	if (!have("pdftotext"))
		skip();
	memset(&t, 0, sizeof(t));
	for (i = 0; i < 40; i++)
		many[i] =
		    "The learner plans, carries out and checks a piece of "
		    "work to the standard the workplace expects, and "
		    "explains each step to a colleague.";
	t.heading_en = "Micro-credential";
	t.learner = "Ann Example";
	t.title = "A long one";
	t.awarding = "Some school";
	t.issued = "2026-01-02";
	t.outcomes = many;
	t.outcome_count = 40;
	t.qr = t.learner;
	t.cred_id = "urn:example:1";
	strcpy(t.fingerprint, "0123 4567 89ab cdef");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "wb");
	s = cairo_pdf_surface_create_for_stream(to_file, fp, MC__CERT_PAGE_W,
						MC__CERT_PAGE_H);
	cr = cairo_create(s);
	assert_int_equal(mc__cert_draw(cr, &t), 0);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "pdftotext -raw %s -", path);
	out = run(cmd);
	assert_non_null(strstr(out, "…and "));
	assert_non_null(strstr(out, " more"));
	assert_non_null(strstr(out, "0123 4567 89ab cdef"));
	free(out);
	unlink(path);
}

/* A sealed EDC (test CA and seal in the store) for a learner in `lang`
 * (one learner a language: a learner is awarded an MC once). */
static mc_credential *issue_edc(struct fixture *f, const char *lang)
{
	mc_seal_options so = MC_SEAL_OPTIONS_INIT;
	mc_seal_info *ca = NULL, *seal = NULL;
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_credential *c = NULL;
	char email[64];
	mc_learner l = {NAME, email, NULL, NULL, lang};

	so.alg = "ES256";
	if (mc_seal_active(f->s, &seal, ORG) != 0) {
		if (mc_seal_create_test_ca(f->s, &ca, &so) != 0 ||
		    mc_seal_create_test(f->s, &seal, ORG, &so) != 0)
			fail_msg("test seal: %s", mc_store_errmsg(f->s));
	}
	mc_seal_info_free(ca);
	mc_seal_info_free(seal);
	snprintf(email, sizeof(email), "edc-%s@example.org", lang);
	o.format = MC_FORMAT_EDC;
	if (mc_credential_issue(f->s, &c, MC_ID, 0, &l, &o, &p) != 0)
		fail_msg("issue EDC: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	return c;
}

/* The text pdftotext finds in a PDF; caller frees. */
static char *pdf_words(const unsigned char *pdf, size_t len, const char *name)
{
	char path[64], cmd[160], *out;

	save(path, pdf, len, name);
	snprintf(cmd, sizeof(cmd), "pdftotext -raw -nopgbrk %s -", path);
	out = run(cmd);
	unlink(path);
	return out;
}

/* A stored EDC prints in the language of its displayParameter
 * (primaryLanguage, an EU authority concept), not the MC's primary one,
 * and its footer names the EDC format. */
static void edc_in_learner_language(void **state)
{
	struct fixture *f = *state;
	mc_credential *uk, *en;
	mc_microcred *mc = NULL;
	unsigned char *pdf = NULL;
	size_t len = 0;
	char fp[20], *out;

	if (!have("pdftotext"))
		skip();
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 0), 0);
	assert_string_equal(mc->primary_language, "uk");
	uk = issue_edc(f, "uk");
	en = issue_edc(f, "en");

	render(f, &pdf, &len, uk->id, MC_CERT_PDF, NULL);
	out = pdf_words(pdf, len, "edc-uk.pdf");
	assert_non_null(strstr(out, "Мікрокваліфікація"));
	assert_non_null(strstr(out, mc_langmap_get(&mc->title, "uk")));
	assert_non_null(strstr(out, NAME));
	assert_non_null(strstr(out, "European Digital Credential (Europass)"));
	assert_null(strstr(out, "Open Badges"));
	mc_certificate_fingerprint(fp, uk->data, uk->len);
	assert_non_null(strstr(out, fp));
	free(out);
	free(pdf);

	/* The English learner's EDC: English page, though the MC is
	 * Ukrainian first. */
	render(f, &pdf, &len, en->id, MC_CERT_PDF, NULL);
	out = pdf_words(pdf, len, "edc-en.pdf");
	assert_null(strstr(out, "Мікрокваліфікація"));
	assert_null(strstr(out, mc_langmap_get(&mc->title, "uk")));
	assert_non_null(strstr(out, mc_langmap_get(&mc->title, "en")));
	free(out);
	free(pdf);

	mc_credential_free(uk);
	mc_credential_free(en);
	mc_microcred_free(mc);
}

/* The page inside an EDC (rendered before its bytes exist) has no
 * fingerprint line; an OB3 page names its own format. */
static void edc_image_without_fingerprint(void **state)
{
	struct fixture *f = *state;
	mc_certificate_options o = MC_CERTIFICATE_OPTIONS_INIT;
	mc_learner l = {NAME, NULL, NULL, NULL, "uk"};
	mc_microcred *mc = NULL;
	unsigned char *pdf = NULL;
	size_t len = 0;
	char *out;

	if (!have("pdftotext"))
		skip();
	assert_int_equal(mc_catalogue_get(f->s, &mc, MC_ID, 0), 0);
	assert_int_equal(
	    mc__certificate_render_for(f->s, &pdf, &len, mc, &l,
				       "https://mc.example.org/credentials/1",
				       "2026-01-02T03:04:05Z", &o),
	    0);
	out = pdf_words(pdf, len, "edc-image.pdf");
	assert_non_null(strstr(out, NAME));
	assert_non_null(strstr(out, "https://mc.example.org/credentials/1"));
	assert_null(strstr(out, "Fingerprint"));
	assert_non_null(strstr(out, "European Digital Credential (Europass)"));
	free(out);
	free(pdf);

	render(f, &pdf, &len, f->c->id, MC_CERT_PDF, NULL);
	out = pdf_words(pdf, len, "ob3-footer.pdf");
	assert_non_null(strstr(out, "Fingerprint"));
	assert_non_null(strstr(out, "Open Badges 3.0"));
	assert_null(strstr(out, "Europass"));
	free(out);
	free(pdf);
	mc_microcred_free(mc);
}

static void fingerprint_format(void **state)
{
	char fp[20], again[20];
	size_t i;

	(void)state;
	mc_certificate_fingerprint(fp, "abc", 3);
	/* SHA-256("abc") = ba7816bf 8f01cfea ... */
	assert_string_equal(fp, "ba78 16bf 8f01 cfea");
	assert_int_equal(strlen(fp), 19);
	for (i = 0; i < 19; i++)
		assert_true(i % 5 == 4
				? fp[i] == ' '
				: strchr("0123456789abcdef", fp[i]) != NULL);
	mc_certificate_fingerprint(again, "abd", 3);
	assert_string_not_equal(fp, again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(pdf_is_pdf_with_fonts, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(pdf_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(png_is_a4, setup, teardown),
	    cmocka_unit_test_setup_teardown(other_scripts, setup, teardown),
	    cmocka_unit_test_setup_teardown(qr_payload_is_url, setup, teardown),
	    cmocka_unit_test_setup_teardown(unknown_and_invalid, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(edc_in_learner_language, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(edc_image_without_fingerprint,
					    setup, teardown),
	    cmocka_unit_test(outcomes_truncated),
	    cmocka_unit_test(fingerprint_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
