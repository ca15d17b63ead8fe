/*
 * The server's small security rules, as tables of hostile and friendly
 * inputs: where signing in may send the browser (srv_auth_next_path,
 * auth.c) and which address is the client's (client_addr.c: trusted
 * proxies and X-Forwarded-For).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "client_addr.h"

/* ---- after signing in ------------------------------------------------- */

static void next_path_refuses_other_sites(void **state)
{
	/* Each would send the browser away (or inject a header) if used as
	 * the Location; as the form or query hands it over (decoded once). */
	static const char *const hostile[] = {
	    "//evil.example",
	    "//evil.example/x",
	    "/\\evil.example",
	    "\\\\evil.example",
	    "/%2F/evil.example",
	    "/%2f/evil.example",
	    "/%5Cevil.example",
	    "/%5cevil.example",
	    "/x\\y",
	    "/x%5Cy",
	    "/%09/evil.example",
	    "/\t/evil.example",
	    "\t",
	    "\t/evil.example",
	    "/\n/evil.example",
	    "/%0d%0aLocation: https://evil.example",
	    "/%0D%0ASet-Cookie:x=y",
	    "/ok\r\nSet-Cookie: x=y",
	    "/x%00y",
	    "/x%7fy",
	    "/x\x7fy",
	    "/ /evil.example",
	    "https://evil.example",
	    "http:/evil.example",
	    "javascript:alert(1)",
	    "evil.example",
	    "",
	    "%2F%2Fevil.example",
	    "/%",
	    "/%2",
	    "/%zz",
	    "/\xc3\xa9",
	    NULL,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const char *got = srv_auth_next_path(hostile[i]);

		if (strcmp(got, SRV_AUTH_NEXT_DEFAULT) != 0)
			fail_msg("case %zu '%s' was accepted", i,
				 hostile[i] ? hostile[i] : "(null)");
	}
}

static void next_path_keeps_own_paths(void **state)
{
	static const char *const friendly[] = {
	    "/",
	    "/workspace",
	    "/workspace/mc/ua-mag-welding-steel-structures",
	    "/mc/x/v1?lang=uk&tab=2",
	    "/search?q=%D0%B7%D0%B2%D0%B0%D1%80",
	    "/a%2Fb",
	    "/x#frag",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(friendly) / sizeof(friendly[0]); i++)
		assert_string_equal(srv_auth_next_path(friendly[i]),
				    friendly[i]);
}

/* ---- the client's address --------------------------------------------- */

/* `text` as 16 bytes. */
static void addr(unsigned char out[16], const char *text)
{
	srv_cidr one;
	size_t n;
	char err[200];

	assert_int_equal(
	    srv_cidr_list_parse(&one, 1, &n, text, err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	memcpy(out, one.addr, 16);
}

static void proxies_parse(void **state)
{
	static const char *const bad[] = {
	    "localhost",  "10.0.0.0/33", "::1/129",	"10.0.0.1/",
	    "10.0.0.1/x", "1.2.3",	 "10.0.0.1:80", "[::1]/8x",
	};
	srv_cidr list[4];
	size_t n, i;
	char err[200];

	(void)state;
	assert_int_equal(srv_cidr_list_parse(list, 4, &n,
					     "127.0.0.1, 10.0.0.0/8 ::1,"
					     "fd00::/8",
					     err, sizeof(err)),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(list[0].bits, 128);
	assert_int_equal(list[1].bits, 104);
	assert_int_equal(list[2].bits, 128);
	assert_int_equal(list[3].bits, 8);
	assert_int_equal(srv_cidr_list_parse(list, 4, &n, "", err, sizeof(err)),
			 0);
	assert_int_equal(n, 0);
	assert_int_equal(srv_cidr_list_parse(list, 2, &n,
					     "1.1.1.1,2.2.2.2,"
					     "3.3.3.3",
					     err, sizeof(err)),
			 MC_EINVALID);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (srv_cidr_list_parse(list, 4, &n, bad[i], err,
					sizeof(err)) != MC_EINVALID)
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(strstr(err, "trusted_proxies"));
	}
}

static void ranges_match(void **state)
{
	srv_cidr list[3];
	unsigned char a[16];
	size_t n;
	char err[200];

	(void)state;
	assert_int_equal(srv_cidr_list_parse(list, 3, &n,
					     "10.0.0.0/8, 192.168.1.128/25,"
					     " 2001:db8::/32",
					     err, sizeof(err)),
			 0);
	addr(a, "10.200.3.4");
	assert_true(srv_cidr_list_has(list, n, a));
	addr(a, "11.0.0.1");
	assert_false(srv_cidr_list_has(list, n, a));
	addr(a, "192.168.1.200");
	assert_true(srv_cidr_list_has(list, n, a));
	addr(a, "192.168.1.100");
	assert_false(srv_cidr_list_has(list, n, a));
	addr(a, "2001:db8:1::5");
	assert_true(srv_cidr_list_has(list, n, a));
	addr(a, "2001:db9::5");
	assert_false(srv_cidr_list_has(list, n, a));
	/* An IPv4 range never matches an IPv6 address. */
	addr(a, "::a00:1");
	assert_false(srv_cidr_list_has(list, n, a));
}

static void forwarded_for(void **state)
{
	static const struct {
		const char *proxies, *peer, *xff, *client;
	} cases[] = {
	    /* No trusted proxy: the header is the sender's word only. */
	    {"", "127.0.0.1", "203.0.113.9", "127.0.0.1"},
	    {"10.0.0.1", "127.0.0.1", "203.0.113.9", "127.0.0.1"},
	    /* From a trusted proxy: its last hop. */
	    {"127.0.0.1", "127.0.0.1", "203.0.113.9", "203.0.113.9"},
	    {"127.0.0.1", "127.0.0.1", NULL, "127.0.0.1"},
	    {"127.0.0.1", "127.0.0.1", "", "127.0.0.1"},
	    /* A client's own header is left of what the proxy appended:
	     * the rightmost untrusted hop, never the leftmost. */
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1, 203.0.113.9",
	     "203.0.113.9"},
	    {"127.0.0.1", "127.0.0.1", "1.1.1.1,203.0.113.9", "203.0.113.9"},
	    /* Chains of trusted proxies pass the word on. */
	    {"127.0.0.1, 10.0.0.0/8", "127.0.0.1",
	     "198.51.100.1, 203.0.113.9, 10.1.1.1, 10.2.2.2", "203.0.113.9"},
	    /* Every hop trusted: the leftmost. */
	    {"127.0.0.1, 10.0.0.0/8", "127.0.0.1", "10.1.1.1, 10.2.2.2",
	     "10.1.1.1"},
	    /* Garbage stops the walk at the last address reached. */
	    {"127.0.0.1", "127.0.0.1", "203.0.113.9, unknown", "127.0.0.1"},
	    {"127.0.0.1, 10.0.0.0/8", "127.0.0.1", "evil, 10.2.2.2",
	     "10.2.2.2"},
	    {"127.0.0.1", "127.0.0.1", "203.0.113.9:4711", "127.0.0.1"},
	    /* IPv6 hops, bracketed or not. */
	    {"127.0.0.1", "127.0.0.1", "2001:db8::7", "2001:db8::7"},
	    {"::1", "::1", "[2001:db8::7]", "2001:db8::7"},
	};
	srv_cidr list[SRV_PROXIES_MAX];
	unsigned char peer[16], out[16];
	char text[46], err[200];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(srv_cidr_list_parse(list, SRV_PROXIES_MAX, &n,
						     cases[i].proxies, err,
						     sizeof(err)),
				 0);
		addr(peer, cases[i].peer);
		srv_client_pick(out, peer, cases[i].xff, list, n);
		srv_client_format(text, out);
		if (strcmp(text, cases[i].client) != 0)
			fail_msg("case %zu: got %s, wanted %s", i, text,
				 cases[i].client);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(next_path_refuses_other_sites),
	    cmocka_unit_test(next_path_keeps_own_paths),
	    cmocka_unit_test(proxies_parse),
	    cmocka_unit_test(ranges_match),
	    cmocka_unit_test(forwarded_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
