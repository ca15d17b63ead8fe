/*
 * PostgreSQL backend: ESCO concepts, one row per URI and language.  A
 * concept is stored with one INSERT ... ON CONFLICT(uri, lang) DO UPDATE,
 * so an import on two nodes at once keeps one row per (uri, lang).
 * Look-ups by words are search's (store_pg_search.c), which indexes each
 * concept's labels when it is stored.
 */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Largest alternative-labels text, as the SQLite backend's column. */
#define ALT_LABELS_MAX (64u * 1024 * 1024)

static const struct mc__pg_sql ESCO_PUT = {
    "esco_put", "INSERT INTO esco_concepts(uri, lang, concept_type,"
		" skill_type, reuse_level, label, alt_labels, description)"
		" VALUES($1, $2, $3, $4, $5, $6, $7, $8)"
		" ON CONFLICT(uri, lang) DO UPDATE"
		" SET concept_type = excluded.concept_type,"
		" skill_type = excluded.skill_type,"
		" reuse_level = excluded.reuse_level, label = excluded.label,"
		" alt_labels = excluded.alt_labels,"
		" description = excluded.description"};
static const struct mc__pg_sql ESCO_GET = {
    "esco_get", "SELECT uri, lang, concept_type, skill_type, reuse_level,"
		" label, alt_labels, description FROM esco_concepts"
		" WHERE uri = $1 ORDER BY lang = 'en' DESC, lang LIMIT 1"};

static int esco_put(mc_store *s, const mc_esco_concept *c)
{
	struct mc__pg *h = mc__pg(s);
	mc_buf alt = MC_BUF_INIT(ALT_LABELS_MAX);
	size_t i;
	int error;

	for (i = 0; i < c->alt_labels.count; i++)
		if ((i && mc__buf_add(&alt, "\n", 1)) ||
		    mc__buf_puts(&alt, c->alt_labels.items[i])) {
			mc__buf_free(&alt);
			return mc__pg_nomem(h);
		}
	error = MC__PG_EXEC(h, NULL, &ESCO_PUT, "esco", c->uri,
			    c->lang ? c->lang : "en", c->concept_type,
			    c->skill_type, c->reuse_level, c->label, alt.ptr,
			    c->description);
	if (!error)
		error = mc__pg_esco_index(h, c->uri, c->lang ? c->lang : "en",
					  c->label, alt.ptr);
	mc__buf_free(&alt);
	return error;
}

/* Split `s` on '\n' into `list`, skipping empty entries. */
static int split_lines(mc_strlist *list, const char *s)
{
	const char *p = s, *nl;
	char *item;
	int error;

	while (p && *p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl > p) {
			if (!(item = mc__strndup(p, (size_t)(nl - p))))
				return MC_ENOMEM;
			error = mc_strlist_add(list, item);
			free(item);
			if (error)
				return error;
		}
		p = *nl ? nl + 1 : nl;
	}
	return 0;
}

static int esco_get(mc_store *s, mc_esco_concept **out, const char *uri)
{
	struct mc__pg *h = mc__pg(s);
	mc_esco_concept *c = NULL;
	PGresult *res = NULL;
	int error = 0;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &ESCO_GET, 1, &uri, "esco",
				"%s: not imported", uri)))
		return error;
	if (!(c = calloc(1, sizeof(*c)))) {
		PQclear(res);
		return mc__pg_nomem(h);
	}
	c->uri = mc__pg_dup(res, 0, 0, &error);
	c->lang = mc__pg_dup(res, 0, 1, &error);
	c->concept_type = mc__pg_dup(res, 0, 2, &error);
	c->skill_type = mc__pg_dup(res, 0, 3, &error);
	c->reuse_level = mc__pg_dup(res, 0, 4, &error);
	c->label = mc__pg_dup(res, 0, 5, &error);
	if (!error)
		error = split_lines(&c->alt_labels, mc__pg_text(res, 0, 6));
	c->description = mc__pg_dup(res, 0, 7, &error);
	PQclear(res);
	if (error) {
		mc_esco_concept_free(c);
		return mc__pg_nomem(h);
	}
	*out = c;
	return 0;
}

static int esco_lookup(mc_store *s, mc_esco_concept ***out, size_t *count,
		       const struct mc__query *query, size_t limit)
{
	return mc__pg_esco_lookup(s, out, count, query, limit);
}

const struct mc__store_esco_ops mc__pg_esco = {
    .put = esco_put,
    .get = esco_get,
    .lookup = esco_lookup,
};
