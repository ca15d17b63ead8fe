/*
 * Library version.
 */
#include "microcred/microcred.h"

const char *mc_version(void)
{
	return MC_VERSION;
}

int mc_test_clock(void)
{
#ifdef MC_TEST_CLOCK
	return 1;
#else
	return 0;
#endif
}
