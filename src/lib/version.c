/*
 * Library version.
 */
#include "microcred/microcred.h"

const char *mc_version(void)
{
	return MC_VERSION;
}
