/*
 * Bulk issuing from a CSV roster: rows checked one by one, issued in
 * batches of one transaction each (group commit), credentials handed to
 * the caller only once their batch is durable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/csv.h"
#include "issue_private.h"
#include "microcred/roster.h"
#include "util/util.h"

enum {
	R_NAME,
	R_EMAIL,
	R_ID,
	R_DOB,
	R_LANG,
	R_GRADE,
	R_ASSESSED,
	R_UNTIL,
	R_COUNT
};

static const char *const columns[R_COUNT] = {
    "name", "email", "identifier",  "date_of_birth",
    "lang", "grade", "assessed_on", "valid_until"};

/* Map header cells to columns; every problem goes to `p`. */
static int read_header(const mc_csv *csv, int map[R_COUNT], const char *name,
		       mc_problems *p)
{
	size_t i, k;
	int error = 0;

	for (k = 0; k < R_COUNT; k++)
		map[k] = -1;
	for (i = 0; i < csv->count && !error; i++) {
		for (k = 0; k < R_COUNT; k++)
			if (strcmp(csv->fields[i], columns[k]) == 0)
				break;
		if (k == R_COUNT)
			error = mc_problems_add(
			    p, name, csv->fields[i],
			    "line 1: unknown column; expected name, "
			    "email, identifier, date_of_birth, lang, "
			    "grade, assessed_on, valid_until");
		else if (map[k] >= 0)
			error = mc_problems_add(p, name, csv->fields[i],
						"line 1: column given twice");
		else
			map[k] = (int)i;
	}
	if (!error && map[R_NAME] < 0)
		error = mc_problems_add(p, name, "name",
					"line 1: the column is required");
	if (!error && map[R_EMAIL] < 0 && map[R_ID] < 0)
		error = mc_problems_add(p, name, "email",
					"line 1: an email or identifier "
					"column is required");
	return error;
}

/* The cell of column k, or NULL when absent or empty. */
static const char *cell(const mc_csv *csv, const int map[R_COUNT], int k)
{
	const char *s;

	if (map[k] < 0 || (size_t)map[k] >= csv->count)
		return NULL;
	s = csv->fields[map[k]];
	return *s ? s : NULL;
}

/* Count the data rows (for progress), without keeping them. */
static size_t count_rows(const char *csv, size_t len)
{
	mc_csv c;
	size_t n = 0;

	mc__csv_init(&c, csv, len);
	while (mc__csv_next(&c) > 0)
		n++;
	mc__csv_free(&c);
	return n ? n - 1 : 0;
}

struct pending {
	mc_credential *c;
	size_t line;
};

/* A monotonic clock in milliseconds (batch_ms). */
static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Commit the open batch and hand its credentials to the caller. */
static int flush(mc_store *s, struct pending *batch, size_t *n,
		 const mc_roster_options *o)
{
	size_t i;
	int error = s->core->commit(s);

	for (i = 0; i < *n; i++) {
		if (!error && o->emit &&
		    o->emit(batch[i].c, batch[i].line, o->payload))
			error = mc__store_error(s, MC_EIO,
						"writing credential for line "
						"%zu failed",
						batch[i].line);
		mc_credential_free(batch[i].c);
	}
	*n = 0;
	return error;
}

int mc_roster_issue(mc_store *store, mc_roster_report *report,
		    const char *mc_id, unsigned mc_version, const char *csvdata,
		    size_t len, const char *name, const mc_roster_options *opts,
		    mc_problems *problems)
{
	mc_roster_options defaults = MC_ROSTER_OPTIONS_INIT;
	mc_problems local = MC_PROBLEMS_INIT;
	mc_problems *p = problems ? problems : &local;
	struct mc__issuer is;
	struct pending *batch = NULL;
	size_t nbatch = 0, size, total, before = p->found;
	int map[R_COUNT], open = 0, in_tx = 0, rc, error;
	double opened = 0; /* when the open batch began, ms */
	mc_csv csv;

	if (!opts)
		opts = &defaults;
	memset(report, 0, sizeof(*report));
	mc__csv_init(&csv, csvdata, len);
	mc__store_clear_error(store);
	name = name ? name : "roster";
	size = opts->batch ? opts->batch : 1000;
	if (len > MC_ROSTER_MAX) {
		error = mc__store_error(store, MC_ETOOBIG,
					"%s: larger than %u bytes", name,
					MC_ROSTER_MAX);
		goto cleanup;
	}
	if ((rc = mc__csv_next(&csv)) <= 0) {
		error = mc_problems_add(p, name, NULL, "%s",
					rc == 0 ? "empty file: no header row"
						: csv.error);
		error = error < 0 ? error : MC_EINVALID;
		goto cleanup;
	}
	if ((error = read_header(&csv, map, name, p)) < 0 ||
	    p->found > before) {
		error = error < 0 ? error : MC_EINVALID;
		goto cleanup;
	}
	total = count_rows(csvdata, len);
	if (total > MC_ROSTER_ROWS_MAX) {
		error =
		    mc__store_error(store, MC_ETOOBIG, "%s: more than %u rows",
				    name, MC_ROSTER_ROWS_MAX);
		goto cleanup;
	}
	if ((error = mc__issuer_open(&is, store, mc_id, mc_version,
				     &opts->issue)) < 0)
		goto cleanup;
	open = 1;
	if (!(batch = calloc(size, sizeof(*batch)))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	while ((rc = mc__csv_next(&csv)) != 0) {
		mc_issue_options o = opts->issue;
		mc_learner l;
		mc_credential *c = NULL;
		char where[300];

		if (rc < 0) {
			/* A broken row is reported; reading goes on with the
			 * next line (an unclosed quote ends the file). */
			report->rows++;
			report->rejected++;
			if (rc == MC_ENOMEM) {
				error = rc;
				break;
			}
			if ((error = mc_problems_add(p, name, NULL, "%s",
						     csv.error)) < 0)
				break;
			if (mc__csv_skip_line(&csv) < 0)
				break;
			continue;
		}
		report->rows++;
		snprintf(where, sizeof(where), "%s line %zu", name, csv.line);
		l.name = cell(&csv, map, R_NAME);
		l.email = cell(&csv, map, R_EMAIL);
		l.identifier = cell(&csv, map, R_ID);
		l.date_of_birth = cell(&csv, map, R_DOB);
		l.lang = cell(&csv, map, R_LANG);
		o.grade = cell(&csv, map, R_GRADE);
		o.assessed_on = cell(&csv, map, R_ASSESSED);
		o.valid_until = cell(&csv, map, R_UNTIL);
		if ((error = mc__learner_check(&l, &o, where, p)) < 0) {
			if (error != MC_EINVALID)
				break;
			report->rejected++;
			error = 0;
			continue;
		}
		if (!in_tx) {
			if ((error = store->core->begin(store)) < 0)
				break;
			in_tx = 1;
			opened = now_ms();
		}
		if ((error = mc__issue_one(&is, &c, &l, &o)) < 0)
			break;
		if (c->created)
			report->issued++;
		else
			report->existing++;
		batch[nbatch].c = c;
		batch[nbatch++].line = csv.line;
		if (nbatch == size ||
		    (opts->batch_ms && now_ms() - opened >= opts->batch_ms)) {
			in_tx = 0;
			if ((error = flush(store, batch, &nbatch, opts)) < 0)
				break;
			if (opts->progress)
				opts->progress(report->rows, total,
					       opts->payload);
		}
	}
	if (error >= 0 && in_tx) {
		in_tx = 0;
		error = flush(store, batch, &nbatch, opts);
	}
	if (opts->progress && error >= 0)
		opts->progress(report->rows, total, opts->payload);
	if (error >= 0 && report->rejected)
		error = MC_EINVALID;

cleanup:
	if (in_tx) {
		size_t i;

		store->core->rollback(store);
		for (i = 0; i < nbatch; i++) {
			if (batch[i].c->created)
				report->issued--;
			else
				report->existing--;
			mc_credential_free(batch[i].c);
		}
	}
	free(batch);
	if (open)
		mc__issuer_close(&is);
	mc__csv_free(&csv);
	mc_problems_clear(&local);
	return error;
}
