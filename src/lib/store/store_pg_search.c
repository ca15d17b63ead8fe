/*
 * Search on PostgreSQL: catalogue search and coverage (owner: this file;
 * search being written to replace the MC__PG_ENOTSUP answer below).
 *
 * Coverage counts published MCs per country and per country and sector,
 * target group or EQF level, as the SQLite backend does, in one read-only
 * snapshot.  Search, which needs full-text search with unaccent and the
 * SQLite index's ranking, is not implemented yet: it answers
 * MC__PG_ENOTSUP with "search is not implemented on PostgreSQL yet",
 * never an empty list.
 */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static int search(mc_store *s, mc_search_result **out,
		  const mc_search_options *opts, const struct mc__query *query)
{
	(void)opts;
	(void)query;
	*out = NULL;
	return mc__pg_notsup(s, "search");
}

/* ---- coverage ----------------------------------------------------------- */

static const struct mc__pg_sql COVERAGE_COUNTRIES = {
    "coverage_countries",
    "SELECT c.country, count(DISTINCT v.id) FROM mc_versions v"
    " JOIN mc_countries c ON c.seq = v.seq"
    " WHERE v.status = 'published' GROUP BY 1 ORDER BY 1"};

static const struct mc__pg_sql COVERAGE_CELLS[] = {
    {"coverage_sectors",
     "SELECT c.country, substr(v.sector, 1, 2), count(DISTINCT v.id)"
     " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
     " WHERE v.status = 'published' AND v.sector IS NOT NULL"
     " GROUP BY 1, 2 ORDER BY 1, 2"},
    {"coverage_groups",
     "SELECT c.country, g.target_group, count(DISTINCT v.id)"
     " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
     " JOIN mc_target_groups g ON g.seq = v.seq"
     " WHERE v.status = 'published' GROUP BY 1, 2 ORDER BY 1, 2"},
    {"coverage_eqf",
     "SELECT c.country, CAST(v.eqf_level AS TEXT), count(DISTINCT v.id)"
     " FROM mc_versions v JOIN mc_countries c ON c.seq = v.seq"
     " WHERE v.status = 'published' AND v.eqf_level > 0"
     " GROUP BY 1, 2 ORDER BY 1, 2"},
};

static int cell_row(struct mc__pg *h, PGresult *res, int i, void *elem)
{
	mc_coverage_cell *c = elem;
	int error = 0;

	c->country = mc__pg_dup(res, i, 0, &error);
	c->key = mc__pg_dup(res, i, 1, &error);
	c->count = (size_t)mc__pg_ll(res, i, 2);
	if (error || !c->country || !c->key)
		return mc__pg_nomem(h);
	return 0;
}

/* Add a country entry; `partner` decides whether it can be below target. */
static int coverage_add(mc_coverage *cov, const char *country, size_t published,
			int partner)
{
	mc_coverage_country *c = &cov->countries[cov->country_count];

	if (!(c->country = mc__strdup(country)))
		return MC_ENOMEM;
	c->published = published;
	c->below_target = partner && published < MC_COVERAGE_TARGET;
	cov->country_count++;
	return 0;
}

/* The countries with published MCs: partners first, in their order, each
 * with its count (0 when it has none), then the others by code. */
static int coverage_countries(struct mc__pg *h, mc_coverage *cov)
{
	const char *const *partners = mc_partner_countries();
	PGresult *res = NULL;
	size_t npartners = 0, i;
	int k, nrows, error;
	char *partner = NULL;

	if ((error = mc__pg_exec(h, &res, &COVERAGE_COUNTRIES, "coverage", 0,
				 NULL)))
		return error;
	nrows = PQntuples(res);
	for (i = 0; partners && partners[i]; i++)
		npartners++;
	if (!(cov->countries = calloc(npartners + (size_t)nrows + 1,
				      sizeof(*cov->countries))) ||
	    (nrows && !(partner = calloc((size_t)nrows, 1))))
		goto oom;
	for (i = 0; i < npartners; i++) {
		size_t n = 0;

		for (k = 0; k < nrows; k++)
			if (strcmp(PQgetvalue(res, k, 0), partners[i]) == 0) {
				n = (size_t)mc__pg_ll(res, k, 1);
				partner[k] = 1;
			}
		if (coverage_add(cov, partners[i], n, 1))
			goto oom;
	}
	for (k = 0; k < nrows; k++)
		if (!partner[k] &&
		    coverage_add(cov, PQgetvalue(res, k, 0),
				 (size_t)mc__pg_ll(res, k, 1), 0))
			goto oom;
	PQclear(res);
	free(partner);
	return 0;

oom:
	PQclear(res);
	free(partner);
	return mc__pg_nomem(h);
}

static int coverage(mc_store *s, mc_coverage **out)
{
	struct mc__pg *h = mc__pg(s);
	mc_coverage_cell **cells[3];
	mc_coverage *cov = NULL;
	PGresult *res = NULL;
	size_t *counts[3], k;
	int error = 0, began = 0;

	*out = NULL;
	if (!(cov = calloc(1, sizeof(*cov))))
		return mc__pg_nomem(h);
	cov->target = MC_COVERAGE_TARGET;
	cells[0] = &cov->sectors;
	counts[0] = &cov->sector_count;
	cells[1] = &cov->groups;
	counts[1] = &cov->group_count;
	cells[2] = &cov->eqf;
	counts[2] = &cov->eqf_count;
	if ((error = mc__pg_read_begin(h, &began)) ||
	    (error = coverage_countries(h, cov)))
		goto cleanup;
	for (k = 0; k < 3; k++) {
		if ((error = mc__pg_exec(h, &res, &COVERAGE_CELLS[k],
					 "coverage", 0, NULL)))
			goto cleanup;
		error = mc__pg_rows(h, res, (void **)cells[k], counts[k],
				    sizeof(**cells[k]), cell_row);
		PQclear(res);
		if (error)
			goto cleanup;
	}
	*out = cov;
	cov = NULL;

cleanup:
	mc__pg_read_end(h, began);
	mc_coverage_free(cov);
	return error;
}

const struct mc__store_search_ops mc__pg_search = {
    .find = search,
    .coverage = coverage,
};
