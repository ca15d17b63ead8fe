/*
 * SQLite backend: the operations table and the records (settings,
 * organisations, clusters, MC versions and their search rows, ESCO
 * concepts).  Opening and the schema live in store_sqlite_schema.c,
 * search and coverage in store_sqlite_search.c.
 *
 * Every write that touches several rows runs inside its own (nested)
 * transaction, so it is atomic on its own and cheap inside a caller's.
 */
#include "store_sqlite.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/search_query.h"
#include "util/util.h"

/* ---- small helpers ------------------------------------------------------ */

int mc__sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int mc__sq_nomem(struct mc__sqlite *h)
{
	return mc__store_error(&h->base, MC_ENOMEM, "out of memory");
}

/* Copy of a text column, NULL for SQL NULL.  *err set on allocation
 * failure. */
char *mc__sq_col_dup(sqlite3_stmt *st, int i, int *err)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	char *copy;

	if (!s)
		return NULL;
	if (!(copy = mc__strdup(s)))
		*err = MC_ENOMEM;
	return copy;
}

/* Step a write statement to completion. */
int mc__sq_step_done(struct mc__sqlite *h, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return mc__sq_error(h, what);
	return 0;
}

int mc__sq_row(struct mc__sqlite *h, sqlite3_stmt *st, const char *what,
	       const char *notfound, ...)
{
	int rc = sqlite3_step(st), error = MC_ENOTFOUND;
	va_list ap;

	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE) {
		error = mc__sq_error(h, what);
	} else if (notfound) {
		va_start(ap, notfound);
		vsnprintf(h->base.errmsg, sizeof(h->base.errmsg), notfound, ap);
		va_end(ap);
	}
	sqlite3_reset(st);
	return error;
}

int mc__sq_rows(struct mc__sqlite *h, sqlite3_stmt *st, void **list,
		size_t *count, size_t size,
		int (*row)(struct mc__sqlite *h, sqlite3_stmt *st, void *elem),
		const char *what)
{
	size_t alloc = 0;
	int rc, error = 0;
	char *grown;

	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			if (!(grown = realloc(*list, alloc * size))) {
				error = mc__sq_nomem(h);
				break;
			}
			*list = grown;
		}
		grown = (char *)*list + *count * size;
		memset(grown, 0, size);
		++*count;
		error = row(h, st, grown);
	}
	if (!error && rc != SQLITE_DONE)
		error = mc__sq_error(h, what);
	sqlite3_reset(st);
	return error;
}

/* Run a cached "DELETE ... WHERE x = ?1" with an integer key. */
int mc__sq_delete_by_seq(struct mc__sqlite *h, enum mc__sq_stmt id,
			 sqlite3_int64 seq)
{
	sqlite3_stmt *st = mc__sq_stmt(h, id);

	if (!st)
		return MC_EDB;
	sqlite3_bind_int64(st, 1, seq);
	return mc__sq_step_done(h, st, "delete");
}

/* Insert (seq, value) with a cached two-parameter statement. */
static int insert_pair(struct mc__sqlite *h, enum mc__sq_stmt id,
		       sqlite3_int64 seq, const char *value)
{
	sqlite3_stmt *st = mc__sq_stmt(h, id);

	if (!st)
		return MC_EDB;
	sqlite3_bind_int64(st, 1, seq);
	mc__sq_bind_text(st, 2, value);
	return mc__sq_step_done(h, st, "insert");
}

/* Split `s` on '\n' into `list` (empty entries skipped). */
int mc__sq_split_lines(mc_strlist *list, const char *s)
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

/* ---- titles: "lang \x1f length \x1f text" for each entry ------------------
 */

char *mc__sq_titles_encode(const mc_langmap *map)
{
	mc_buf b = MC_BUF_INIT(FTS_COLUMN_MAX);
	size_t i;

	for (i = 0; i < map->count; i++)
		if (mc__buf_printf(&b, "%s\x1f%zu\x1f%s", map->items[i].lang,
				   strlen(map->items[i].text),
				   map->items[i].text)) {
			mc__buf_free(&b);
			return NULL;
		}
	return mc__buf_detach(&b);
}

int mc__sq_titles_pick(char **title, char **lang, const char *enc,
		       const char *reader, const char *primary)
{
	mc_langtext items[MC_LIST_MAX];
	mc_langmap map = {items, 0};
	const char *p, *end, *picked;
	char *buf = NULL, *w;
	size_t i;
	int error = 0;

	*title = *lang = NULL;
	if (!enc || !*enc)
		return 0;
	/* Each entry "tag\x1fN\x1ftext" becomes "tag\0text\0": no longer. */
	if (!(buf = malloc(strlen(enc) + 1)))
		return MC_ENOMEM;
	p = enc;
	end = enc + strlen(enc);
	w = buf;
	while (p < end && map.count < MC__ARRAY_SIZE(items)) {
		const char *sep = memchr(p, '\x1f', (size_t)(end - p));
		char *num_end;
		size_t n;

		if (!sep)
			break;
		n = (size_t)strtoul(sep + 1, &num_end, 10);
		if (*num_end != '\x1f' || n > (size_t)(end - num_end - 1))
			break;
		items[map.count].lang = w;
		memcpy(w, p, (size_t)(sep - p));
		w += sep - p;
		*w++ = '\0';
		items[map.count].text = w;
		memcpy(w, num_end + 1, n);
		w += n;
		*w++ = '\0';
		map.count++;
		p = num_end + 1 + n;
	}
	picked = mc_langmap_pick(&map, reader, primary);
	for (i = 0; picked && i < map.count; i++) {
		if (items[i].text != picked)
			continue;
		*title = mc__strdup(items[i].text);
		*lang = mc__strdup(items[i].lang);
		if (!*title || !*lang)
			error = MC_ENOMEM;
		break;
	}
	if (error) {
		free(*title);
		free(*lang);
		*title = *lang = NULL;
	}
	free(buf);
	return error;
}

/* ---- settings ----------------------------------------------------------- */

static int meta_get(mc_store *s, char **out, const char *key)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_META_GET);
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, key);
	if ((error = mc__sq_row(h, st, "meta", "%s: not set", key)))
		return error;
	if (!(*out = mc__sq_col_dup(st, 0, &error)) && !error)
		error = MC_EDB;
	if (error)
		error = mc__sq_nomem(h);
	sqlite3_reset(st);
	return error;
}

static int meta_set(mc_store *s, const char *key, const char *value)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_META_SET);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, key);
	mc__sq_bind_text(st, 2, value);
	return mc__sq_step_done(h, st, "meta");
}

/* ---- organisations ------------------------------------------------------ */

static int org_put(mc_store *s, const mc_org *org)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	size_t i;
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	if (!(st = mc__sq_stmt(h, SQ_ORG_UPSERT))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, org->id);
	mc__sq_bind_text(st, 2, org->country);
	mc__sq_bind_text(st, 3, org->region);
	mc__sq_bind_text(st, 4, mc_org_type_name(org->type));
	mc__sq_bind_text(st, 5, org->short_name);
	mc__sq_bind_text(st, 6, org->legal_identifier);
	mc__sq_bind_text(st, 7, org->website);
	if ((error = mc__sq_step_done(h, st, "organisation")))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, SQ_ORG_NAMES_DEL))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, org->id);
	if ((error = mc__sq_step_done(h, st, "organisation")))
		goto cleanup;
	for (i = 0; i < org->name.count; i++) {
		if (!(st = mc__sq_stmt(h, SQ_ORG_NAME_INS))) {
			error = MC_EDB;
			goto cleanup;
		}
		mc__sq_bind_text(st, 1, org->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		mc__sq_bind_text(st, 3, org->name.items[i].lang);
		mc__sq_bind_text(st, 4, org->name.items[i].text);
		if ((error = mc__sq_step_done(h, st, "organisation")))
			goto cleanup;
	}

cleanup:
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

/* Read an organisation's names into `map`. */
static int org_names(struct mc__sqlite *h, mc_langmap *map, const char *id)
{
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_ORG_NAMES_GET);
	int rc, error = 0;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if (mc_langmap_set(map,
				   (const char *)sqlite3_column_text(st, 0),
				   (const char *)sqlite3_column_text(st, 1)))
			error = mc__sq_nomem(h);
	if (!error && rc != SQLITE_DONE)
		error = mc__sq_error(h, "organisation");
	sqlite3_reset(st);
	return error;
}

static int org_get(mc_store *s, mc_org **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_ORG_GET);
	mc_org *org = NULL;
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_row(h, st, "organisation",
				"organisation %s: not found", id)))
		goto cleanup;
	if ((error = mc_org_new(&org)))
		goto cleanup;
	free(org->id);
	org->id = mc__sq_col_dup(st, 0, &error);
	org->country = mc__sq_col_dup(st, 1, &error);
	org->region = mc__sq_col_dup(st, 2, &error);
	if (mc_org_type_parse(&org->type,
			      (const char *)sqlite3_column_text(st, 3)))
		org->type = MC_ORG_OTHER;
	org->short_name = mc__sq_col_dup(st, 4, &error);
	org->legal_identifier = mc__sq_col_dup(st, 5, &error);
	org->website = mc__sq_col_dup(st, 6, &error);
	sqlite3_reset(st);
	if (error)
		goto cleanup;
	if ((error = org_names(h, &org->name, id)))
		goto cleanup;
	*out = org;
	org = NULL;

cleanup:
	if (error == MC_ENOMEM)
		mc__sq_nomem(h);
	sqlite3_reset(st);
	mc_org_free(org);
	return error;
}

/* Run an id-listing statement (one text column) into `ids`. */
static int list_ids(struct mc__sqlite *h, mc_strlist *ids, sqlite3_stmt *st)
{
	int rc, error = 0;

	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if (mc_strlist_add(ids,
				   (const char *)sqlite3_column_text(st, 0)))
			error = mc__sq_nomem(h);
	if (!error && rc != SQLITE_DONE)
		error = mc__sq_error(h, "list");
	sqlite3_reset(st);
	return error;
}

static int org_list(mc_store *s, mc_org ***out, size_t *count,
		    const char *country)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_strlist ids = MC_STRLIST_INIT;
	mc_org **list = NULL;
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_ORG_LIST);
	size_t i, n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, country);
	if ((error = list_ids(h, &ids, st)))
		goto cleanup;
	if (ids.count && !(list = calloc(ids.count, sizeof(*list)))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	for (i = 0; i < ids.count; i++, n++)
		if ((error = org_get(s, &list[i], ids.items[i])))
			goto cleanup;
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	if (list)
		mc_org_list_free(list, n);
	mc_strlist_clear(&ids);
	return error;
}

/* ---- clusters ----------------------------------------------------------- */

/* 0 if a row exists for `id` with statement `which`, else MC_ENOTFOUND
 * (no message) or MC_EDB. */
static int exists(struct mc__sqlite *h, enum mc__sq_stmt which, const char *id)
{
	sqlite3_stmt *st = mc__sq_stmt(h, which);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if (!(error = mc__sq_row(h, st, "lookup", NULL)))
		sqlite3_reset(st);
	return error;
}

static int cluster_texts_put(struct mc__sqlite *h, const char *id,
			     const char *field, const mc_langmap *map)
{
	sqlite3_stmt *st;
	size_t i;
	int error;

	for (i = 0; i < map->count; i++) {
		if (!(st = mc__sq_stmt(h, SQ_CLUSTER_TEXT_INS)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, id);
		mc__sq_bind_text(st, 2, field);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		mc__sq_bind_text(st, 4, map->items[i].lang);
		mc__sq_bind_text(st, 5, map->items[i].text);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			return error;
	}
	return 0;
}

/* Add one member; the caller has checked that the cluster exists. */
static int cluster_member(struct mc__sqlite *h, const char *cluster,
			  const char *org, const char *mc, int code)
{
	sqlite3_stmt *st;
	int error;

	if (org) {
		if ((error = exists(h, SQ_ORG_EXISTS, org)) == MC_ENOTFOUND)
			return mc__store_error(&h->base, code,
					       "cluster %s: organisation %s: "
					       "not found",
					       cluster, org);
		if (error)
			return error;
		if (!(st = mc__sq_stmt(h, SQ_CLUSTER_ORG_INS)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, cluster);
		mc__sq_bind_text(st, 2, org);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			return error;
	}
	if (mc) {
		if ((error = exists(h, SQ_MC_EXISTS, mc)) == MC_ENOTFOUND)
			return mc__store_error(&h->base, code,
					       "cluster %s: micro-credential "
					       "%s: not found",
					       cluster, mc);
		if (error)
			return error;
		if (!(st = mc__sq_stmt(h, SQ_CLUSTER_MC_INS)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, cluster);
		mc__sq_bind_text(st, 2, mc);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			return error;
	}
	return 0;
}

static int cluster_put(mc_store *s, const mc_cluster *c)
{
	struct mc__sqlite *h = mc__sq(s);
	static const enum mc__sq_stmt clear[] = {
	    SQ_CLUSTER_TEXTS_DEL, SQ_CLUSTER_ORGS_DEL, SQ_CLUSTER_MCS_DEL};
	sqlite3_stmt *st;
	size_t i;
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	if (!(st = mc__sq_stmt(h, SQ_CLUSTER_UPSERT))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, c->id);
	mc__sq_bind_text(st, 2, mc_cluster_kind_name(c->kind));
	if ((error = mc__sq_step_done(h, st, "cluster")))
		goto cleanup;
	for (i = 0; i < MC__ARRAY_SIZE(clear); i++) {
		if (!(st = mc__sq_stmt(h, clear[i]))) {
			error = MC_EDB;
			goto cleanup;
		}
		mc__sq_bind_text(st, 1, c->id);
		if ((error = mc__sq_step_done(h, st, "cluster")))
			goto cleanup;
	}
	if ((error = cluster_texts_put(h, c->id, "name", &c->name)) ||
	    (error =
		 cluster_texts_put(h, c->id, "description", &c->description)))
		goto cleanup;
	for (i = 0; i < c->organisations.count; i++)
		if ((error = cluster_member(h, c->id, c->organisations.items[i],
					    NULL, MC_EINVALID)))
			goto cleanup;
	for (i = 0; i < c->mcs.count; i++)
		if ((error = cluster_member(h, c->id, NULL, c->mcs.items[i],
					    MC_EINVALID)))
			goto cleanup;

cleanup:
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

static int cluster_get(mc_store *s, mc_cluster **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_cluster *c = NULL;
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_CLUSTER_GET);
	int rc, error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_row(h, st, "cluster", "cluster %s: not found", id)))
		goto cleanup;
	if ((error = mc_cluster_new(&c)))
		goto cleanup;
	if (mc_cluster_kind_parse(&c->kind,
				  (const char *)sqlite3_column_text(st, 0)))
		c->kind = MC_CLUSTER_THEMATIC;
	sqlite3_reset(st);
	free(c->id);
	if (!(c->id = mc__strdup(id))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (!(st = mc__sq_stmt(h, SQ_CLUSTER_TEXTS_GET))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, id);
	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *field = (const char *)sqlite3_column_text(st, 0);
		mc_langmap *map =
		    strcmp(field, "name") == 0 ? &c->name : &c->description;

		error = mc_langmap_set(
		    map, (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
	}
	if (!error && rc != SQLITE_DONE) {
		error = mc__sq_error(h, "cluster");
		goto cleanup;
	}
	sqlite3_reset(st);
	if (error)
		goto cleanup;
	if (!(st = mc__sq_stmt(h, SQ_CLUSTER_ORGS_GET))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, id);
	if ((error = list_ids(h, &c->organisations, st)))
		goto cleanup;
	if (!(st = mc__sq_stmt(h, SQ_CLUSTER_MCS_GET))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, id);
	if ((error = list_ids(h, &c->mcs, st)))
		goto cleanup;
	*out = c;
	c = NULL;

cleanup:
	if (error == MC_ENOMEM)
		mc__sq_nomem(h);
	if (st)
		sqlite3_reset(st);
	mc_cluster_free(c);
	return error;
}

static int cluster_list(mc_store *s, mc_cluster ***out, size_t *count)
{
	struct mc__sqlite *h = mc__sq(s);
	mc_strlist ids = MC_STRLIST_INIT;
	mc_cluster **list = NULL;
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_CLUSTER_IDS);
	size_t i, n = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	if ((error = list_ids(h, &ids, st)))
		goto cleanup;
	if (ids.count && !(list = calloc(ids.count, sizeof(*list)))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	for (i = 0; i < ids.count; i++, n++)
		if ((error = cluster_get(s, &list[i], ids.items[i])))
			goto cleanup;
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	if (list)
		mc_cluster_list_free(list, n);
	mc_strlist_clear(&ids);
	return error;
}

static int cluster_add(mc_store *s, const char *cluster, const char *org,
		       const char *mc)
{
	struct mc__sqlite *h = mc__sq(s);
	int error;

	if ((error = mc__sq_begin(s)))
		return error;
	if ((error = exists(h, SQ_CLUSTER_GET, cluster)) == MC_ENOTFOUND)
		mc__store_error(s, error, "cluster %s: not found", cluster);
	if (!error)
		error = cluster_member(h, cluster, org, mc, MC_ENOTFOUND);
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

/* ---- micro-credentials -------------------------------------------------- */

/* Append every text of `map` to `b`, one per line. */
static int put_texts(mc_buf *b, const mc_langmap *map)
{
	size_t i;
	int error;

	for (i = 0; i < map->count; i++)
		if ((error = mc__buf_puts(b, map->items[i].text)) ||
		    (error = mc__buf_add(b, "\n", 1)))
			return error;
	return 0;
}

/* Append column `col` of every row of `st` to `b`, one per line. */
static int put_rows(struct mc__sqlite *h, mc_buf *b, sqlite3_stmt *st, int col)
{
	int rc, error = 0;

	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, col);

		if (t && ((error = mc__buf_puts(b, t)) ||
			  (error = mc__buf_add(b, "\n", 1))))
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = mc__sq_error(h, "search index");
	sqlite3_reset(st);
	return error;
}

/* Names of one organisation, for the search row. */
static int put_org_names(struct mc__sqlite *h, mc_buf *b, const char *org)
{
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_ORG_NAMES_GET);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, org);
	return put_rows(h, b, st, 1);
}

/* Write the search row and the facet rows of MC version `seq`. */
static int mc_index(struct mc__sqlite *h, sqlite3_int64 seq,
		    const mc_microcred *mc)
{
	mc_buf title = MC_BUF_INIT(FTS_COLUMN_MAX);
	mc_buf desc = MC_BUF_INIT(FTS_COLUMN_MAX);
	mc_buf outcomes = MC_BUF_INIT(FTS_COLUMN_MAX);
	mc_buf other = MC_BUF_INIT(FTS_COLUMN_MAX);
	sqlite3_stmt *st;
	const char *label;
	char broad[3];
	size_t i, k;
	int error = 0;

	for (i = 0; i < mc->countries.count; i++)
		if ((error = insert_pair(h, SQ_MC_COUNTRY_INS, seq,
					 mc->countries.items[i])))
			goto cleanup;
	for (i = 0; i < mc->target_groups.count; i++)
		if ((error = insert_pair(h, SQ_MC_GROUP_INS, seq,
					 mc->target_groups.items[i])))
			goto cleanup;
	for (i = 0; i < mc->title.count; i++)
		if ((error = insert_pair(h, SQ_MC_LANG_INS, seq,
					 mc->title.items[i].lang)))
			goto cleanup;
	for (i = 0; i < mc->languages.count; i++)
		if ((error = insert_pair(h, SQ_MC_LANG_INS, seq,
					 mc->languages.items[i])))
			goto cleanup;
	if (mc->provider &&
	    (error = insert_pair(h, SQ_MC_ORG_INS, seq, mc->provider)))
		goto cleanup;
	for (i = 0; i < mc->awarding_bodies.count; i++)
		if ((error = insert_pair(h, SQ_MC_ORG_INS, seq,
					 mc->awarding_bodies.items[i])))
			goto cleanup;

	if ((error = put_texts(&title, &mc->title)) ||
	    (error = put_texts(&desc, &mc->description)))
		goto oom;
	for (i = 0; i < mc->outcome_count; i++)
		if ((error = put_texts(&outcomes, &mc->outcomes[i].text)))
			goto oom;
	if (mc->provider && (error = put_org_names(h, &other, mc->provider)))
		goto oom;
	for (i = 0; i < mc->awarding_bodies.count; i++)
		if (!mc__streq(mc->awarding_bodies.items[i], mc->provider) &&
		    (error = put_org_names(h, &other,
					   mc->awarding_bodies.items[i])))
			goto oom;
	for (i = 0; i < mc->outcome_count; i++) {
		const mc_strlist *skills = &mc->outcomes[i].esco_skills;

		for (k = 0; k < skills->count; k++) {
			if (!(st = mc__sq_stmt(h, SQ_ESCO_LABELS))) {
				error = MC_EDB;
				goto cleanup;
			}
			mc__sq_bind_text(st, 1, skills->items[k]);
			if ((error = put_rows(h, &other, st, 0)))
				goto oom;
		}
	}
	if (mc->sector) {
		if ((label = mc_isced_label(mc->sector)) &&
		    ((error = mc__buf_puts(&other, label)) ||
		     (error = mc__buf_add(&other, "\n", 1))))
			goto oom;
		mc_isced_broad(broad, mc->sector);
		if (strcmp(broad, mc->sector) != 0 &&
		    (label = mc_isced_label(broad)) &&
		    (error = mc__buf_puts(&other, label)))
			goto oom;
	}

	if (!(st = mc__sq_stmt(h, SQ_MC_FTS_INS))) {
		error = MC_EDB;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, title.ptr ? title.ptr : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, desc.ptr ? desc.ptr : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, outcomes.ptr ? outcomes.ptr : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 5, other.ptr ? other.ptr : "", -1, SQLITE_STATIC);
	error = mc__sq_step_done(h, st, "search index");
	goto cleanup;

oom:
	/* put_* leave SQLite's message when the database failed. */
	if (error == MC_ENOMEM || error == MC_ETOOBIG)
		error = mc__sq_nomem(h);

cleanup:
	mc__buf_free(&title);
	mc__buf_free(&desc);
	mc__buf_free(&outcomes);
	mc__buf_free(&other);
	return error;
}

static int mc_put(mc_store *s, const mc_microcred *mc)
{
	struct mc__sqlite *h = mc__sq(s);
	static const enum mc__sq_stmt clear[] = {
	    SQ_MC_COUNTRIES_DEL, SQ_MC_GROUPS_DEL, SQ_MC_LANGS_DEL,
	    SQ_MC_ORGS_DEL, SQ_MC_FTS_DEL};
	const char *status = mc__sq_status_name((int)mc->status);
	sqlite3_stmt *st;
	sqlite3_int64 seq = 0;
	char *doc = NULL, *titles = NULL, now[21];
	const char *title_en;
	size_t i;
	int error, began = 0;

	if (!mc->id || mc->version < 1 || !status)
		return mc__store_error(s, MC_EUSAGE,
				       "mc_put: needs an id, a version >= 1 "
				       "and a known status");
	if (mc_microcred_to_json(&doc, mc) ||
	    !(titles = mc__sq_titles_encode(&mc->title))) {
		error = mc__sq_nomem(h);
		goto cleanup;
	}
	if ((error = mc__sq_begin(s)))
		goto cleanup;
	began = 1;
	if (!(st = mc__sq_stmt(h, SQ_MC_FIND))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__sq_bind_text(st, 1, mc->id);
	sqlite3_bind_int64(st, 2, mc->version);
	if (!(error = mc__sq_row(h, st, "micro-credential", NULL))) {
		seq = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	} else if (error != MC_ENOTFOUND) {
		goto cleanup;
	}
	error = 0;

	if (!seq) {
		if (!(st = mc__sq_stmt(h, SQ_MCS_INS))) {
			error = MC_EDB;
			goto cleanup;
		}
		mc__sq_bind_text(st, 1, mc->id);
		if ((error = mc__sq_step_done(h, st, "micro-credential")))
			goto cleanup;
	} else {
		for (i = 0; i < MC__ARRAY_SIZE(clear); i++)
			if ((error = mc__sq_delete_by_seq(h, clear[i], seq)))
				goto cleanup;
	}
	if (!(st = mc__sq_stmt(h, seq ? SQ_MC_UPD : SQ_MC_INS))) {
		error = MC_EDB;
		goto cleanup;
	}
	mc__utc_now(now);
	title_en = mc_langmap_get(&mc->title, "en");
	if (!title_en)
		title_en = mc_langmap_pick(&mc->title, mc->primary_language,
					   mc->primary_language);
	mc__sq_bind_text(st, 1, mc->id);
	sqlite3_bind_int64(st, 2, mc->version);
	mc__sq_bind_text(st, 3, status);
	sqlite3_bind_text(st, 4, doc, -1, SQLITE_STATIC);
	mc__sq_bind_text(st, 5, now);
	mc__sq_bind_text(st, 6, mc->provider);
	mc__sq_bind_text(st, 7,
			 mc->countries.count ? mc->countries.items[0] : NULL);
	mc__sq_bind_text(st, 8, mc->sector);
	sqlite3_bind_int(st, 9, mc->eqf_level);
	sqlite3_bind_double(st, 10, mc->ects);
	mc__sq_bind_text(st, 11, mc->primary_language);
	mc__sq_bind_text(st, 12, title_en);
	mc__sq_bind_text(st, 13, titles);
	if (seq)
		sqlite3_bind_int64(st, 14, seq);
	if ((error = mc__sq_step_done(h, st, "micro-credential")))
		goto cleanup;
	if (!seq)
		seq = sqlite3_last_insert_rowid(h->db);
	error = mc_index(h, seq, mc);

cleanup:
	if (began) {
		if (error)
			mc__sq_rollback(s);
		else
			error = mc__sq_commit(s);
	}
	free(doc);
	free(titles);
	return error;
}

/* Read one MC from a row (doc, version, status) of `st`. */
static int mc_from_row(struct mc__sqlite *h, mc_microcred **out,
		       sqlite3_stmt *st, const char *id)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *doc = (const char *)sqlite3_column_text(st, 0);
	int len = sqlite3_column_bytes(st, 0);
	unsigned version = (unsigned)sqlite3_column_int64(st, 1);
	int status =
	    mc__sq_status_parse((const char *)sqlite3_column_text(st, 2));
	char where[MC_ID_MAX + 48];
	int error;

	snprintf(where, sizeof(where), "stored %s v%u", id, version);
	error = mc_microcred_from_json(out, doc ? doc : "", (size_t)len, where,
				       &problems);
	if (error == MC_ENOMEM) {
		error = mc__sq_nomem(h);
	} else if (error) {
		char *msg = problems.count
				? mc_problem_format(&problems.items[0])
				: NULL;

		error = mc__store_error(&h->base, MC_EDB, "%s: unreadable: %s",
					where, msg ? msg : "invalid JSON");
		free(msg);
	} else {
		(*out)->version = version;
		(*out)->status =
		    status < 0 ? MC_STATUS_DRAFT : (mc_status)status;
	}
	mc_problems_clear(&problems);
	return error;
}

/* Run one of the MC_GET statements, already bound. */
static int mc_get_with(struct mc__sqlite *h, mc_microcred **out,
		       sqlite3_stmt *st, const char *id, unsigned version,
		       const char *what)
{
	int error;

	*out = NULL;
	if (version)
		error = mc__sq_row(h, st, "micro-credential",
				   "%s v%u: not found", id, version);
	else
		error =
		    mc__sq_row(h, st, "micro-credential", "%s: %s", id, what);
	if (error)
		return error;
	error = mc_from_row(h, out, st, id);
	sqlite3_reset(st);
	return error;
}

static int mc_get(mc_store *s, mc_microcred **out, const char *id,
		  unsigned version)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st =
	    mc__sq_stmt(h, version ? SQ_MC_GET_VERSION : SQ_MC_GET_LATEST);

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if (version)
		sqlite3_bind_int64(st, 2, version);
	return mc_get_with(h, out, st, id, version, "not found");
}

static int mc_get_published(mc_store *s, mc_microcred **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_MC_GET_PUBLISHED);

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	return mc_get_with(h, out, st, id, 0, "no published version");
}

static int mc_versions(mc_store *s, mc_version_info **out, size_t *count,
		       const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_MC_VERSIONS);
	mc_version_info *list = NULL, *grown;
	size_t n = 0, alloc = 0;
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(st, 2);
		int status = mc__sq_status_parse(
		    (const char *)sqlite3_column_text(st, 1));

		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			if (!(grown = realloc(list, alloc * sizeof(*list)))) {
				error = mc__sq_nomem(h);
				goto cleanup;
			}
			list = grown;
		}
		memset(&list[n], 0, sizeof(list[n]));
		list[n].version = (unsigned)sqlite3_column_int64(st, 0);
		list[n].status =
		    status < 0 ? MC_STATUS_DRAFT : (mc_status)status;
		snprintf(list[n].updated_at, sizeof(list[n].updated_at), "%s",
			 at ? at : "");
		n++;
	}
	if (rc != SQLITE_DONE) {
		error = mc__sq_error(h, "versions");
		goto cleanup;
	}
	if (n == 0) {
		error = mc__store_error(s, MC_ENOTFOUND, "%s: not found", id);
		goto cleanup;
	}
	*out = list;
	*count = n;
	list = NULL;

cleanup:
	sqlite3_reset(st);
	free(list);
	return error;
}

static int mc_set_status(mc_store *s, const char *id, unsigned version,
			 mc_status status)
{
	struct mc__sqlite *h = mc__sq(s);
	const char *name = mc__sq_status_name((int)status);
	sqlite3_stmt *st;
	char now[21];
	int error;

	if (!name)
		return mc__store_error(s, MC_EUSAGE, "status %d: unknown",
				       (int)status);
	if (!(st = mc__sq_stmt(h, SQ_MC_SET_STATUS)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	mc__sq_bind_text(st, 3, name);
	mc__sq_bind_text(st, 4, now);
	if ((error = mc__sq_step_done(h, st, "status")))
		return error;
	if (sqlite3_changes(h->db) == 0)
		return mc__store_error(s, MC_ENOTFOUND, "%s v%u: not found", id,
				       version);
	return 0;
}

static int mc_ids(mc_store *s, mc_strlist *out)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_MC_IDS);
	int error;

	if (!st)
		return MC_EDB;
	if ((error = list_ids(h, out, st)))
		mc_strlist_clear(out);
	return error;
}

static int mc_event_add(mc_store *s, const char *id, unsigned version,
			mc_status from, mc_status to, const char *actor,
			const char *note)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, SQ_MC_EVENT_INS);
	char now[21];

	if (!st)
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	mc__sq_bind_text(st, 3, mc__sq_status_name((int)from));
	mc__sq_bind_text(st, 4, mc__sq_status_name((int)to));
	mc__sq_bind_text(st, 5, actor);
	mc__sq_bind_text(st, 6, note);
	mc__sq_bind_text(st, 7, now);
	return mc__sq_step_done(h, st, "history");
}

/* ---- the handle --------------------------------------------------------- */

/* Close the handle.  store.c owns and frees base.base_url. */
static void sq_close(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);

	if (!h)
		return;
	mc__sq_close_db(h);
	free(h->path);
	free(h);
}

static const struct mc__store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .begin = mc__sq_begin,
    .commit = mc__sq_commit,
    .rollback = mc__sq_rollback,
    .meta_get = meta_get,
    .meta_set = meta_set,
    .org_put = org_put,
    .org_get = org_get,
    .org_list = org_list,
    .cluster_put = cluster_put,
    .cluster_get = cluster_get,
    .cluster_list = cluster_list,
    .cluster_add = cluster_add,
    .mc_put = mc_put,
    .mc_get = mc_get,
    .mc_get_published = mc_get_published,
    .mc_versions = mc_versions,
    .mc_set_status = mc_set_status,
    .mc_ids = mc_ids,
    .mc_event_add = mc_event_add,
    .search = mc__sq_search,
    .coverage = mc__sq_coverage,
    .mc_doc_get = mc__sq_mc_doc_get,
    .data_version = mc__sq_data_version,
    .key_put = mc__sq_key_put,
    .key_get = mc__sq_key_get,
    .key_list = mc__sq_key_list,
    .key_retire = mc__sq_key_retire,
    .cred_put = mc__sq_cred_put,
    .cred_get = mc__sq_cred_get,
    .cred_find = mc__sq_cred_find,
    .cred_ids_of_mc = mc__sq_cred_ids_of_mc,
    .cred_siblings = mc__sq_cred_siblings,
    .cred_status_refs = mc__sq_cred_status_refs,
    .status_alloc = mc__sq_status_alloc,
    .status_get = mc__sq_status_get,
    .status_set = mc__sq_status_set,
    .status_list_get = mc__sq_status_list_get,
    .status_list_put_signed = mc__sq_status_list_put_signed,
    .status_list_infos = mc__sq_status_list_infos,
    .audit_add = mc__sq_audit_add,
    .audit_last = mc__sq_audit_last,
    .user_put = mc__sq_user_put,
    .user_get = mc__sq_user_get,
    .user_list = mc__sq_user_list,
    .admin_count = mc__sq_admin_count,
    .user_update = mc__sq_user_update,
    .user_set_name = mc__sq_user_set_name,
    .member_set = mc__sq_member_set,
    .session_put = mc__sq_session_put,
    .session_get = mc__sq_session_get,
    .session_touch = mc__sq_session_touch,
    .session_delete = mc__sq_session_delete,
    .token_put = mc__sq_token_put,
    .token_find = mc__sq_token_find,
    .token_list = mc__sq_token_list,
    .token_revoke = mc__sq_token_revoke,
    .token_touch = mc__sq_token_touch,
    .audit_list = mc__sq_audit_list,
    .mc_history = mc__sq_mc_history,
    .cred_list = mc__sq_cred_list,
    .esco_put = mc__sq_esco_put,
    .esco_get = mc__sq_esco_get,
    .esco_lookup = mc__sq_esco_lookup,
    .seal_put = mc__sq_seal_put,
    .seal_get = mc__sq_seal_get,
    .seal_list = mc__sq_seal_list,
    .seal_retire = mc__sq_seal_retire,
    .recognition_put = mc__sq_recognition_put,
    .recognition_delete = mc__sq_recognition_delete,
    .recognition_list = mc__sq_recognition_list,
    .consent_request = mc__sq_consent_request,
    .consent_decide = mc__sq_consent_decide,
    .consent_list = mc__sq_consent_list,
};

int mc__store_sqlite_open(mc_store **out, const char *path,
			  const mc_store_options *opts, char **errmsg)
{
	mc_store_options defaults = MC_STORE_OPTIONS_INIT;
	struct mc__sqlite *h;
	int error;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!opts)
		opts = &defaults;
	if (path && strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	if (!(h = calloc(1, sizeof(*h))))
		return MC_ENOMEM;
	h->base.ops = &sqlite_ops;
	if (!path || !*path) {
		error = mc__store_error(&h->base, MC_EUSAGE,
					"no database path given");
		goto cleanup;
	}
	if (!(h->path = mc__strdup(path))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__sq_open_db(h, path, opts)))
		goto cleanup;
	*out = &h->base;
	h = NULL;

cleanup:
	if (h) {
		if (errmsg)
			*errmsg =
			    mc__strdup(h->base.errmsg[0] ? h->base.errmsg
							 : mc_error_str(error));
		sq_close(&h->base);
	}
	return error;
}
