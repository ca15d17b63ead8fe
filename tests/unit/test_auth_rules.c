/*
 * The server's small security rules, as tables of hostile and friendly
 * inputs: where signing in may send the browser (mc_auth_next_path,
 * auth.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"

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
		const char *got = mc_auth_next_path(hostile[i]);

		if (strcmp(got, MC_AUTH_NEXT_DEFAULT) != 0)
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
		assert_string_equal(mc_auth_next_path(friendly[i]),
				    friendly[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(next_path_refuses_other_sites),
	    cmocka_unit_test(next_path_keeps_own_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
