/*
 * PostgreSQL backend: ESCO concepts.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static int esco_put(mc_store *s, const mc_esco_concept *c)
{
	(void)c;
	return mc__pg_notsup(s, "esco_put");
}

static int esco_get(mc_store *s, mc_esco_concept **out, const char *uri)
{
	(void)out;
	(void)uri;
	return mc__pg_notsup(s, "esco_get");
}

static int esco_lookup(mc_store *s, mc_esco_concept ***out, size_t *count,
		       const struct mc__query *query, size_t limit)
{
	(void)out;
	(void)count;
	(void)query;
	(void)limit;
	return mc__pg_notsup(s, "esco_lookup");
}

const struct mc__store_esco_ops mc__pg_esco = {
    .put = esco_put,
    .get = esco_get,
    .lookup = esco_lookup,
};
