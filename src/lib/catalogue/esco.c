/*
 * ESCO: importing the official CSV exports and looking concepts up.
 *
 * An import reads every row first and stores them in one transaction: a
 * malformed row is reported with its line and nothing of the file is kept.
 * Look-ups go through the catalogue's query language (docs/SEARCH.md) with
 * a prefix on the last word, so a partly typed label already finds it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"
#include "model/search_query.h"
#include "store/store.h"
#include "util/util.h"

#define ESCO_URI_PREFIX "http://data.europa.eu/esco/"
/* Default and largest number of look-up results. */
#define ESCO_LOOKUP_DEFAULT 10
#define ESCO_LOOKUP_MAX	    1000

/* Add `s[0..n)` with surrounding white space trimmed, unless empty. */
static int add_trimmed(mc_strlist *list, const char *s, size_t n)
{
	char *item;
	int error;

	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		     s[n - 1] == '\n'))
		n--;
	if (!n)
		return 0;
	if (!(item = mc__strndup(s, n)))
		return MC_ENOMEM;
	error = mc_strlist_has(list, item) ? 0 : mc_strlist_add(list, item);
	free(item);
	return error;
}

/* Split an altLabels cell on new lines and on " | ". */
static int split_alt_labels(mc_strlist *list, const char *s)
{
	const char *start = s, *p = s;
	int error;

	for (;;) {
		if (*p == '\0' || *p == '\n') {
			if ((error =
				 add_trimmed(list, start, (size_t)(p - start))))
				return error;
			if (*p == '\0')
				return 0;
			start = ++p;
		} else if (strncmp(p, " | ", 3) == 0) {
			if ((error =
				 add_trimmed(list, start, (size_t)(p - start))))
				return error;
			p += 3;
			start = p;
		} else {
			p++;
		}
	}
}

/* A copy of column `i` of the current row, or NULL when the column is
 * absent or the cell empty. */
static char *cell(const mc_csv *csv, int i, int *err)
{
	char *s;

	if (i < 0 || (size_t)i >= csv->count || !csv->fields[i][0])
		return NULL;
	if (!(s = mc__strdup(csv->fields[i])))
		*err = MC_ENOMEM;
	return s;
}

/* Columns of an ESCO export that we read. */
struct columns {
	int type, uri, label, skill_type, reuse, alt, desc;
};

/* Find the columns in the header row; report the missing required ones. */
static int read_header(struct columns *c, const mc_csv *csv, const char *name,
		       mc_problems *problems, char *first, size_t firstlen,
		       int *bad)
{
	char where[300];

	static const char *const required[] = {"conceptType", "conceptUri",
					       "preferredLabel"};
	size_t i;
	int missing = 0;

	snprintf(where, sizeof(where), "%s line %zu", name, csv->line);
	c->type = mc__csv_find(csv, "conceptType");
	c->uri = mc__csv_find(csv, "conceptUri");
	c->label = mc__csv_find(csv, "preferredLabel");
	c->skill_type = mc__csv_find(csv, "skillType");
	c->reuse = mc__csv_find(csv, "reuseLevel");
	c->alt = mc__csv_find(csv, "altLabels");
	c->desc = mc__csv_find(csv, "description");
	for (i = 0; i < MC__ARRAY_SIZE(required); i++) {
		if (mc__csv_find(csv, required[i]) >= 0)
			continue;
		if (!missing++ && !(*bad)++)
			snprintf(first, firstlen, "%s: %s: column missing",
				 where, required[i]);
		else
			(*bad)++;
		if (mc_problems_add(problems, where, required[i],
				    "column missing"))
			return MC_ENOMEM;
	}
	return missing ? MC_EINVALID : 0;
}

/* Build a concept from the current row; problems reported with the line. */
static int read_row(mc_esco_concept **out, const mc_csv *csv,
		    const struct columns *col, const char *name,
		    const char *lang, mc_problems *problems, char *first,
		    size_t firstlen, int *bad)
{
	mc_esco_concept *c = calloc(1, sizeof(*c));
	const char *field = NULL, *reason = NULL;
	int error = 0;

	*out = NULL;
	if (!c)
		return MC_ENOMEM;
	c->concept_type = cell(csv, col->type, &error);
	c->uri = cell(csv, col->uri, &error);
	c->label = cell(csv, col->label, &error);
	c->skill_type = cell(csv, col->skill_type, &error);
	c->reuse_level = cell(csv, col->reuse, &error);
	c->description = cell(csv, col->desc, &error);
	c->lang = mc__strdup(lang);
	if (!c->lang)
		error = MC_ENOMEM;
	if (!error && col->alt >= 0 && (size_t)col->alt < csv->count)
		error = split_alt_labels(&c->alt_labels, csv->fields[col->alt]);
	if (error)
		goto cleanup;

	if (!c->uri) {
		field = "conceptUri";
		reason = "empty";
	} else if (strncmp(c->uri, ESCO_URI_PREFIX, strlen(ESCO_URI_PREFIX)) !=
		       0 ||
		   !c->uri[strlen(ESCO_URI_PREFIX)] ||
		   strpbrk(c->uri, " \t\r\n")) {
		field = "conceptUri";
		reason = "not an ESCO URI";
	} else if (!c->concept_type) {
		field = "conceptType";
		reason = "empty";
	} else if (!c->label) {
		field = "preferredLabel";
		reason = "empty";
	}
	if (reason) {
		char where[300];

		snprintf(where, sizeof(where), "%s line %zu", name, csv->line);
		if (!(*bad)++)
			snprintf(first, firstlen, "%s: %s: %s", where, field,
				 reason);
		error = mc_problems_add(problems, where, field, "%s", reason);
		goto cleanup;
	}
	*out = c;
	c = NULL;

cleanup:
	mc_esco_concept_free(c);
	return error;
}

int mc_esco_import(mc_store *store, size_t *imported, const char *data,
		   size_t len, const char *name, const char *lang,
		   mc_problems *problems)
{
	mc_problems local = MC_PROBLEMS_INIT;
	mc_csv csv;
	struct columns col;
	mc_esco_concept *c = NULL;
	char first[512] = "";
	size_t rows = 0;
	int rc, error = 0, bad = 0, began = 0;

	if (imported)
		*imported = 0;
	if (!problems)
		problems = &local;
	if (!name)
		name = "ESCO CSV";
	if (!lang)
		lang = "en";
	mc__csv_init(&csv, data ? data : "", data ? len : 0);
	if (!mc_lang_tag_valid(lang)) {
		error = mc__store_error(store, MC_EINVALID,
					"%s: language \"%s\": not a language "
					"tag",
					name, lang);
		goto cleanup;
	}
	if (len > MC_ESCO_FILE_MAX) {
		error = mc__store_error(store, MC_ETOOBIG,
					"%s: larger than %u bytes", name,
					MC_ESCO_FILE_MAX);
		goto cleanup;
	}
	if ((rc = mc__csv_next(&csv)) <= 0) {
		if (rc == 0) {
			snprintf(first, sizeof(first),
				 "%s: empty, no header "
				 "row",
				 name);
			rc = mc_problems_add(problems, name, NULL,
					     "empty, no header row");
		} else if (rc == MC_EINVALID) {
			snprintf(first, sizeof(first), "%s %s", name,
				 csv.error);
			rc = mc_problems_add(problems, name, NULL, "%s",
					     csv.error);
		}
		error = rc == MC_ENOMEM ? MC_ENOMEM : MC_EINVALID;
		goto fail;
	}
	if ((error = read_header(&col, &csv, name, problems, first,
				 sizeof(first), &bad)))
		goto fail;
	if ((error = store->core->begin(store)))
		goto cleanup;
	began = 1;
	while ((rc = mc__csv_next(&csv)) == 1) {
		if ((error = read_row(&c, &csv, &col, name, lang, problems,
				      first, sizeof(first), &bad)))
			goto fail;
		if (!c)
			continue;
		/* After the first bad row only check the rest. */
		if (!bad && (error = store->esco->put(store, c)))
			goto cleanup;
		mc_esco_concept_free(c);
		c = NULL;
		rows++;
	}
	if (rc < 0) {
		if (rc == MC_EINVALID) {
			if (!bad++)
				snprintf(first, sizeof(first), "%s %s", name,
					 csv.error);
			if (mc_problems_add(problems, name, NULL, "%s",
					    csv.error))
				rc = MC_ENOMEM;
		}
		error = rc;
		goto fail;
	}
	if (bad) {
		error = MC_EINVALID;
		goto fail;
	}
	began = 0;
	if ((error = store->core->commit(store)))
		goto cleanup;
	if (imported)
		*imported = rows;
	goto cleanup;

fail:
	if (error == MC_ENOMEM)
		mc__store_error(store, MC_ENOMEM, "out of memory");
	else if (bad > 1)
		mc__store_error(store, error, "%s (and %d more)", first,
				bad - 1);
	else
		mc__store_error(store, error, "%s", first);

cleanup:
	if (began)
		store->core->rollback(store);
	mc_esco_concept_free(c);
	mc__csv_free(&csv);
	mc_problems_clear(&local);
	return error;
}

int mc_esco_import_file(mc_store *store, size_t *imported, const char *path,
			const char *lang, mc_problems *problems)
{
	char errbuf[512] = "", *data = NULL;
	const char *name = strrchr(path, '/');
	size_t len = 0;
	int error;

	if (imported)
		*imported = 0;
	error = mc__read_file(&data, &len, path, MC_ESCO_FILE_MAX, errbuf,
			      sizeof(errbuf));
	if (error == MC_ETOOBIG)
		return mc__store_error(store, error, "%s: larger than %u bytes",
				       path, MC_ESCO_FILE_MAX);
	if (error == MC_ENOMEM)
		return mc__store_error(store, error, "out of memory");
	if (error)
		return mc__store_error(store, error, "%s",
				       errbuf[0] ? errbuf : path);
	error = mc_esco_import(store, imported, data, len,
			       name ? name + 1 : path, lang, problems);
	free(data);
	return error;
}

int mc_esco_lookup(mc_store *store, mc_esco_concept ***out, size_t *count,
		   const char *query, size_t limit)
{
	struct mc__query *q = NULL;
	char err[256];
	int error;

	*out = NULL;
	*count = 0;
	mc__store_clear_error(store);
	if (limit == 0)
		limit = ESCO_LOOKUP_DEFAULT;
	if (limit > ESCO_LOOKUP_MAX)
		limit = ESCO_LOOKUP_MAX;
	error = mc__query_parse(&q, query, err, sizeof(err));
	if (error == MC_EINVALID)
		return mc__store_error(store, error, "%s", err);
	if (error)
		return mc__store_error(store, error, "out of memory");
	mc__query_prefix_last(q);
	error = store->esco->lookup(store, out, count, q, limit);
	mc__query_free(q);
	return error;
}

int mc_esco_get(mc_store *store, mc_esco_concept **out, const char *uri)
{
	*out = NULL;
	mc__store_clear_error(store);
	if (!uri || !*uri)
		return mc__store_error(store, MC_EINVALID, "uri: empty");
	return store->esco->get(store, out, uri);
}
