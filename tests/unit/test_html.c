/*
 * The server's HTML builder, form parser and message catalogues
 * (src/server/html.c, form.c, i18n.c), linked from the server's objects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "form.h"
#include "html.h"
#include "http.h"
#include "i18n.h"

static void escapes_strings(void **state)
{
	srv_html h = SRV_HTML_INIT;

	(void)state;
	srv_html_f(&h, "<p title=\"%s\">%s</p>", "a\"b'c", "<b>&amp;</b>");
	assert_string_equal(h.buf, "<p title=\"a&quot;b&#39;c\">"
				   "&lt;b&gt;&amp;amp;&lt;/b&gt;</p>");
	srv_html_free(&h);
	srv_html_f(&h, "[%s]", (const char *)NULL);
	assert_string_equal(h.buf, "[]");
	srv_html_free(&h);
}

static void numbers_and_percent(void **state)
{
	srv_html h = SRV_HTML_INIT;

	(void)state;
	srv_html_f(&h, "%u %d %zu %lld %.1f 100%%", 7u, -3, (size_t)42,
		   (long long)-9000000000LL, 2.25);
	assert_string_equal(h.buf, "7 -3 42 -9000000000 2.2 100%");
	srv_html_free(&h);
}

static void urls_are_filtered(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"/mc/a?x=1&y=2", "/mc/a?x=1&amp;y=2"},
	    {"https://example.org/\"x", "https://example.org/&quot;x"},
	    {"HTTP://a", "HTTP://a"},
	    {"mailto:a@b", "mailto:a@b"},
	    {"javascript:alert(1)", "#"},
	    {"JavaScript:x", "#"},
	    {"data:text/html,x", "#"},
	    {"//evil.example/", "#"},
	    {"?lang=uk", "?lang=uk"},
	    {"rel/a:b", "rel/a:b"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_html h = SRV_HTML_INIT;

		srv_html_f(&h, "%U", cases[i].in);
		assert_string_equal(h.buf, cases[i].out);
		srv_html_free(&h);
	}
}

static void markup_nests(void **state)
{
	srv_html inner = SRV_HTML_INIT, outer = SRV_HTML_INIT;

	(void)state;
	srv_html_f(&inner, "<b>%s</b>", "<i>");
	srv_html_f(&outer, "<p>%H</p>", &inner);
	assert_string_equal(outer.buf, "<p><b>&lt;i&gt;</b></p>");
	srv_html_f(&outer, "%q");
	assert_true(outer.oom); /* an unknown conversion fails the page */
	srv_html_free(&inner);
	srv_html_free(&outer);
}

static void resp_takes_the_page(void **state)
{
	srv_html h = SRV_HTML_INIT;
	srv_resp resp;

	(void)state;
	memset(&resp, 0, sizeof(resp));
	srv_html_f(&h, "<p>%s</p>", "x");
	assert_int_equal(srv_resp_html(&resp, 201, &h), 0);
	assert_int_equal(resp.status, 201);
	assert_string_equal(resp.content_type, "text/html; charset=utf-8");
	assert_int_equal(resp.body_len, 8);
	assert_null(h.buf);
	free(resp.body);
	h.oom = 1;
	memset(&resp, 0, sizeof(resp));
	assert_int_equal(srv_resp_html(&resp, 200, &h), MC_ENOMEM);
	assert_int_equal(resp.status, 500);
	free(resp.body);
}

/* Appends its tag to the string it is given (the order of deferrals). */
static char defer_log[8];

static void note(void *tag)
{
	strncat(defer_log, tag, sizeof(defer_log) - strlen(defer_log) - 1);
}

/* An arena of one's own: allocations, and deferred functions run newest
 * first when it is freed. */
static void arena_standalone(void **state)
{
	srv_arena *a = srv_arena_new();
	char *big, *s;

	(void)state;
	assert_non_null(a);
	assert_string_equal((s = srv_arena_strdup(a, "hello")), "hello");
	assert_null(srv_arena_strdup(a, NULL));
	assert_non_null((big = srv_arena_alloc(a, 100000))); /* own block */
	memset(big, 'x', 100000);
	assert_string_equal(s, "hello");
	defer_log[0] = '\0';
	assert_int_equal(srv_arena_defer(a, note, "a"), 0);
	assert_int_equal(srv_arena_defer(a, note, "b"), 0);
	assert_string_equal(defer_log, "");
	srv_arena_free(a);
	assert_string_equal(defer_log, "ba");
	srv_arena_free(NULL);
}

static int parse(const char *ct, const char *body, size_t len, char *err)
{
	srv_arena *arena = srv_arena_new();
	struct srv_form *f = NULL;
	int rc;

	assert_non_null(arena);
	rc = srv_form_parse_buffer(&f, arena, ct, body, len, err, 256);
	srv_arena_free(arena);
	return rc;
}

static void form_errors_name_the_field(void **state)
{
	static const char mp[] =
	    "--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
	    "\xc3\x28\r\n--B--\r\n";
	static const char file[] =
	    "--B\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"x.bin\"\r\n\r\n\xff\x00\xfe\r\n--B--\r\n";
	const char *ct = "application/x-www-form-urlencoded";
	char err[256];

	(void)state;
	assert_int_equal(parse(ct, "a=1&b=%C3%A9", 12, err), 0);
	assert_int_equal(parse(ct, "name=%FF", 8, err), MC_EINVALID);
	assert_non_null(strstr(err, "'name'"));
	assert_non_null(strstr(err, "UTF-8"));
	assert_int_equal(parse(ct, "x=%4", 4, err), MC_EINVALID);
	assert_non_null(strstr(err, "percent"));
	assert_int_equal(parse(ct, "x=%00", 5, err), MC_EINVALID);
	assert_non_null(strstr(err, "NUL"));
	assert_int_equal(parse("text/plain", "x", 1, err), MC_EUSAGE);
	assert_int_equal(
	    parse("multipart/form-data; boundary=B", mp, sizeof(mp) - 1, err),
	    MC_EINVALID);
	assert_non_null(strstr(err, "'text'"));
	/* File parts keep their bytes, whatever they are. */
	assert_int_equal(parse("multipart/form-data; boundary=B", file,
			       sizeof(file) - 1, err),
			 0);
	assert_int_equal(
	    parse("multipart/form-data", file, sizeof(file) - 1, err),
	    MC_EINVALID);
	assert_non_null(strstr(err, "boundary"));
}

static void catalogues(void **state)
{
	const char *const *langs;
	size_t n, i;
	int en = 0, uk = 0, de = 0;
	srv_req req;

	(void)state;
	langs = srv_i18n_languages(&n);
	for (i = 0; i < n; i++) {
		en += !strcmp(langs[i], "en");
		uk += !strcmp(langs[i], "uk");
		de += !strcmp(langs[i], "de");
		if (i)
			assert_true(strcmp(langs[i - 1], langs[i]) < 0);
	}
	assert_true(en && uk && de);
	assert_string_equal(srv_i18n_native_name("uk"), "Українська");
	assert_string_equal(srv_i18n_native_name("zz"), "zz");
	memset(&req, 0, sizeof(req));
	req.lang_ = "de"; /* as srv_req_lang() caches its choice */
	assert_string_equal(srv_t(&req, "nav.catalogue"), "Katalog");
	assert_string_equal(srv_t(&req, "no.such.key"), "no.such.key");
	req.lang_ = "uk";
	assert_string_equal(srv_t(&req, "nav.catalogue"), "Каталог");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(escapes_strings),
	    cmocka_unit_test(arena_standalone),
	    cmocka_unit_test(numbers_and_percent),
	    cmocka_unit_test(urls_are_filtered),
	    cmocka_unit_test(markup_nests),
	    cmocka_unit_test(resp_takes_the_page),
	    cmocka_unit_test(form_errors_name_the_field),
	    cmocka_unit_test(catalogues),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
