/*
 * PostgreSQL backend: catalogue search and coverage.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static int search(mc_store *s, mc_search_result **out,
		  const mc_search_options *opts, const struct mc__query *query)
{
	(void)out;
	(void)opts;
	(void)query;
	return mc__pg_notsup(s, "search");
}

static int coverage(mc_store *s, mc_coverage **out)
{
	(void)out;
	return mc__pg_notsup(s, "coverage");
}

const struct mc__store_search_ops mc__pg_search = {
    .find = search,
    .coverage = coverage,
};
