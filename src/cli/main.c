/* Placeholder until the command table lands. */
#include <stdio.h>
#include "microcred/microcred.h"

int main(void)
{
	puts("microcred " MC_VERSION);
	return 0;
}
