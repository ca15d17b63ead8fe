/*
 * The clock of every build but a test build: src/lib/timeutil.c compiled
 * without MC_TEST_CLOCK (as scripts/demo and packagers build it) ignores
 * MICROCRED_TEST_NOW, so an operator who sets it by mistake cannot make
 * expired credentials, sessions or tokens valid again.  Built from the
 * source file itself, not from the test build's library, which has the
 * test clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "util/timeutil.h"

static void test_env_ignored(void **state)
{
	long long before, now, after;

	(void)state;
	setenv("MICROCRED_TEST_NOW", "2000-01-01T00:00:00Z", 1);
	before = (long long)time(NULL);
	now = mc__now();
	after = (long long)time(NULL);
	assert_true(now >= before && now <= after);

	setenv("MICROCRED_TEST_NOW", "946684800", 1);
	now = mc__now();
	assert_true(now >= before);
	unsetenv("MICROCRED_TEST_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_env_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
