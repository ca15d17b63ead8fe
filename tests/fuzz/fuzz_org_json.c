/*
 * Fuzz target: organisation and cluster JSON import and export.
 */
#include <stdint.h>
#include <stdlib.h>

#include "microcred/organisation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_org *org = NULL;
	mc_cluster *cluster = NULL;
	char *json = NULL;

	if (mc_org_from_json(&org, (const char *)data, size, "fuzz",
			     &problems) == 0 &&
	    mc_org_to_json(&json, org) == 0) {
		free(json);
		json = NULL;
	}
	if (mc_cluster_from_json(&cluster, (const char *)data, size, "fuzz",
				 &problems) == 0 &&
	    mc_cluster_to_json(&json, cluster) == 0) {
		free(json);
		json = NULL;
	}
	mc_org_free(org);
	mc_cluster_free(cluster);
	mc_problems_clear(&problems);
	return 0;
}
