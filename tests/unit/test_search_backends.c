/*
 * Search on both backends: the same catalogue in a SQLite file and in a
 * PostgreSQL database, the same queries through mc_catalogue_search(),
 * and for each the hits (in order), the total and, when asked for, the
 * facets must be the same on both AND what the case expects, so a case
 * fails when either backend is wrong, including when both are.
 *
 * The catalogue: the sample MC (ua-mma-welding v2) and a dozen small MCs
 * whose texts exercise Latin accents, Cyrillic Ё (which SQLite's
 * unicode61 does not fold, so PostgreSQL must not either), Georgian,
 * upper-case Armenian, hyphenated words, phrases, prefixes, OR, NOT, the
 * filters and the ranking by column.  One PostgreSQL database for the
 * program (pg_test_db.h); exits 77 with the reason when PostgreSQL 15 is
 * not installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "microcred/catalogue.h"
#include "microcred/esco.h"
#include "pg_test_db.h"
#include "sample_mc.h"
#include "store/store.h"
#include "store/store_pg.h"

#define ORG  "ua-dniprorudne-lyceum"
#define ORG2 "ua-nqa"

static const char ORGS[] =
    "{\"id\": \"" ORG "\", \"name\": {\"en\": \"Dniprorudne Lyceum\"},"
    " \"country\": \"UA\", \"type\": \"vet_provider\"},"
    "{\"id\": \"" ORG2 "\", \"name\": {\"en\": \"National Agency\"},"
    " \"country\": \"UA\", \"type\": \"agency\"}";

/* One MC of the catalogue: the sample's other fields, these changed. */
struct spec {
	const char *id;
	const char *title; /* in English (the only title) */
	const char *description;
	const char *country;
	int eqf_level;
	double ects;
	mc_status status;
};

static const struct spec specs[] = {
    {"t-cafe", "Café management", "Running a small café by the sea.", "DE", 4,
     2, MC_STATUS_PUBLISHED},
    {"t-yolka", "Ёлка: уход за деревьями", "Саджанці та ялинки.", "UA", 3, 1,
     MC_STATUS_PUBLISHED},
    {"t-elka", "Елка без точек", "Ещё одна ёлочка.", "UA", 3, 1,
     MC_STATUS_PUBLISHED},
    {"t-ka", "შედუღების კურსი", "ქართული ენა და ტექნიკა.", "GE", 3, 3,
     MC_STATUS_PUBLISHED},
    {"t-hy", "ԵՌԱԿՑՈՒՄ դասընթաց", "Հայերեն դասընթաց մետաղի համար։", "AM", 3, 3,
     MC_STATUS_PUBLISHED},
    {"t-lodz", "Łódź textile design", "Patterns and looms.", "DE", 5, 6,
     MC_STATUS_PUBLISHED},
    {"t-title", "Pipe welding", "A short course on steel.", "DE", 4, 3,
     MC_STATUS_PUBLISHED},
    {"t-desc", "Steel course", "Covers pipe welding basics.", "DE", 4, 3,
     MC_STATUS_PUBLISHED},
    {"t-phrase", "Welding of steel pipe", "Joints and seams.", "MK", 4, 5,
     MC_STATUS_PUBLISHED},
    {"t-email", "E-mail marketing", "Newsletters for welders.", "MK", 2, 1,
     MC_STATUS_PUBLISHED},
    {"t-draft", "Secret welding draft", "Not yet public.", "DE", 4, 3,
     MC_STATUS_DRAFT},
};

struct stores {
	mc_store *sq;
	mc_store *pg;
	char dir[64];
};

static struct stores st;

/* Import the organisations and the sample MC, then put each spec. */
static void load(mc_store *s)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	mc_microcred *mc = NULL;
	char *bundle;
	size_t i, k;

	bundle = malloc(sizeof(ORGS) + sizeof(SAMPLE_MC_JSON) + 64);
	assert_non_null(bundle);
	sprintf(bundle, "{\"organisations\": [%s], \"microcredentials\": [%s]}",
		ORGS, SAMPLE_MC_JSON);
	if (mc_catalogue_import(s, &r, bundle, strlen(bundle), "b.json", &p))
		fail_msg("import: %s", mc_store_errmsg(s));
	mc_problems_clear(&p);
	free(bundle);
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		const struct spec *sp = &specs[i];

		assert_int_equal(
		    s->catalogue->mc_get(s, &mc, "ua-mma-welding", 0), 0);
		free(mc->id);
		mc->id = strdup(sp->id);
		mc->version = 1;
		mc->status = sp->status;
		mc->eqf_level = sp->eqf_level;
		mc->ects = sp->ects;
		mc_langmap_clear(&mc->title);
		mc_langmap_clear(&mc->description);
		assert_int_equal(mc_langmap_set(&mc->title, "en", sp->title),
				 0);
		assert_int_equal(
		    mc_langmap_set(&mc->description, "en", sp->description), 0);
		for (k = 0; k < mc->outcome_count; k++) {
			mc_langmap_clear(&mc->outcomes[k].text);
			assert_int_equal(mc_langmap_set(&mc->outcomes[k].text,
							"en", "Works safely."),
					 0);
		}
		mc_strlist_clear(&mc->countries);
		assert_int_equal(mc_strlist_add(&mc->countries, sp->country),
				 0);
		if (s->catalogue->mc_put(s, mc))
			fail_msg("put %s: %s", sp->id, mc_store_errmsg(s));
		mc_microcred_free(mc);
		mc = NULL;
	}
}

/* ESCO concepts: label, alternative labels (one string, '|' between). */
static const struct {
	const char *uri, *lang, *label, *alt;
} concepts[] = {
    {"http://data.europa.eu/esco/skill/t1", "en", "weld pipes",
     "pipe welding|tube joining"},
    {"http://data.europa.eu/esco/skill/t2", "en", "welding safety", ""},
    {"http://data.europa.eu/esco/skill/t3", "uk", "зварювання труб",
     "ёлка|Ещё"},
    {"http://data.europa.eu/esco/skill/t4", "en", "Café service",
     "coffee|ԵՌԱԿՑՈՒՄ"},
};

static void load_esco(mc_store *s)
{
	size_t i;

	for (i = 0; i < sizeof(concepts) / sizeof(concepts[0]); i++) {
		mc_esco_concept c;
		const char *p = concepts[i].alt;
		char item[128];

		memset(&c, 0, sizeof(c));
		c.uri = (char *)concepts[i].uri;
		c.lang = (char *)concepts[i].lang;
		c.label = (char *)concepts[i].label;
		c.concept_type = (char *)"KnowledgeSkillCompetence";
		while (*p) {
			size_t n = strcspn(p, "|");

			snprintf(item, sizeof(item), "%.*s", (int)n, p);
			assert_int_equal(mc_strlist_add(&c.alt_labels, item),
					 0);
			p += n + (p[n] == '|');
		}
		if (s->esco->put(s, &c))
			fail_msg("esco put: %s", mc_store_errmsg(s));
		mc_strlist_clear(&c.alt_labels);
	}
}

static int group_setup(void **state)
{
	char *url = NULL, path[128], *err = NULL;
	int rc;

	(void)state;
	rc = pg_test_db(&url);
	if (rc == PG_TEST_DB_SKIP)
		exit(77);
	if (rc != 0)
		return -1;
	snprintf(st.dir, sizeof(st.dir), "/tmp/mc-search-XXXXXX");
	if (!mkdtemp(st.dir))
		return -1;
	snprintf(path, sizeof(path), "%s/db.sqlite", st.dir);
	if (mc_store_open(&st.sq, path, NULL, &err) ||
	    mc_store_open(&st.pg, url, NULL, &err)) {
		fprintf(stderr, "open: %s\n", err ? err : "?");
		free(url);
		return -1;
	}
	free(url);
	load(st.sq);
	load(st.pg);
	load_esco(st.sq);
	load_esco(st.pg);
	return 0;
}

static int group_teardown(void **state)
{
	char path[128];

	(void)state;
	mc_store_free(st.sq);
	mc_store_free(st.pg);
	snprintf(path, sizeof(path), "%s/db.sqlite", st.dir);
	unlink(path);
	rmdir(st.dir);
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(((const mc_search_hit *)a)->id,
		      ((const mc_search_hit *)b)->id);
}

/* One answer as text: "total: id id ... | facet=value:n,value:n ...",
 * the hits sorted by id when `sorted`. */
static char *answer(mc_store *s, const mc_search_options *o, int sorted)
{
	mc_search_result *r = NULL;
	char *out = calloc(1, 8192);
	size_t i, k, n = 0;

	assert_non_null(out);
	if (mc_catalogue_search(s, &r, o) != 0)
		fail_msg("%s: search '%s': %s", mc_store_backend(s),
			 o->query ? o->query : "", mc_store_errmsg(s));
	if (sorted && r->count > 1)
		qsort(r->hits, r->count, sizeof(*r->hits), id_cmp);
	n += (size_t)snprintf(out + n, 8192 - n, "%zu:", r->total);
	for (i = 0; i < r->count; i++)
		n += (size_t)snprintf(out + n, 8192 - n, " %s", r->hits[i].id);
	for (i = 0; i < r->facet_count; i++) {
		n += (size_t)snprintf(out + n, 8192 - n,
				      " | %s=", r->facets[i].name);
		for (k = 0; k < r->facets[i].count; k++)
			n += (size_t)snprintf(out + n, 8192 - n, "%s%s:%zu",
					      k ? "," : "",
					      r->facets[i].values[k].value,
					      r->facets[i].values[k].count);
	}
	mc_search_result_free(r);
	return out;
}

/* Both backends answer `o` with `expected` (its start when facets are
 * counted), the hits in order or, when `sorted`, as a set. */
static void same_as(const mc_search_options *o, const char *expected,
		    int sorted)
{
	char *a = answer(st.sq, o, sorted), *b = answer(st.pg, o, sorted);

	if (strcmp(a, b) != 0)
		fail_msg("query '%s':\n  sqlite:     %s\n  postgresql: %s",
			 o->query ? o->query : "", a, b);
	if (strncmp(a, expected, strlen(expected)) != 0 ||
	    (!o->facets && strlen(a) != strlen(expected)))
		fail_msg("query '%s': expected %s, both answer %s",
			 o->query ? o->query : "", expected, a);
	free(a);
	free(b);
}

static void same(const mc_search_options *o, const char *expected)
{
	same_as(o, expected, 0);
}

static void q(const char *query, const char *expected)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;

	o.query = query;
	same_as(&o, expected, 0);
}

/* As q(), the hits compared as a set (`expected` sorted by id). */
static void qset(const char *query, const char *expected)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;

	o.query = query;
	same_as(&o, expected, 1);
}

/* Latin accents fold on both: café, Łódź. */
static void test_latin_accents(void **state)
{
	(void)state;
	q("cafe", "1: t-cafe");
	q("CAFÉ", "1: t-cafe");
	/* unicode61 folds ó but not ł: Łódź is "łodz", on both */
	q("łodz", "1: t-lodz");
	q("lodz", "0:");
	q("łódź textile", "1: t-lodz");
}

/* Cyrillic: case folds, Ё does not become Е (as SQLite's unicode61). */
static void test_cyrillic_yo(void **state)
{
	(void)state;
	q("ёлка", "1: t-yolka");
	q("ЁЛКА", "1: t-yolka");
	q("елка", "1: t-elka");
	q("ещё", "1: t-elka");
	q("еще", "0:");
	q("ялинки", "1: t-yolka");
}

/* Georgian (no case) and Armenian (upper case folds to lower). */
static void test_georgian_armenian(void **state)
{
	(void)state;
	q("შედუღების", "2: t-ka ua-mma-welding");
	q("ქართული ტექნიკა", "1: t-ka");
	q("եռակցում", "1: t-hy");
	q("ԴԱՍԸՆԹԱՑ", "1: t-hy");
	/* the sample's Armenian title */
	q("Ձեռքով", "1: ua-mma-welding");
}

/* Phrases, prefixes, hyphens, OR and NOT. */
static void test_operators(void **state)
{
	(void)state;
	q("\"steel pipe\"", "1: t-phrase");
	q("\"pipe steel\"", "0:");
	q("\"pipe welding\"", "2: t-title t-desc");
	/* a phrase never spans two columns */
	q("\"welding a\"", "0:");
	q("\"welding\"", "4: t-phrase t-title ua-mma-welding t-desc");
	/* bm25 and ts_rank_cd order these differently: compared as sets */
	qset("weld*", "5: t-desc t-email t-phrase t-title ua-mma-welding");
	q("e-mail", "1: t-email");
	q("email", "0:");
	q("e-mail OR café", "2: t-cafe t-email");
	q("welding -pipe", "1: ua-mma-welding");
	q("welding -\"steel pipe\"", "3: t-title ua-mma-welding t-desc");
	q("steel course", "2: t-desc t-title");
	q("\"!!!\"", "0:");
	q("welding -\"!!!\"", "4: t-phrase t-title ua-mma-welding t-desc");
}

/* Filters and the status: drafts only when asked for. */
static void test_filters(void **state)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;

	(void)state;
	o.query = "welding";
	o.country = "DE";
	same(&o, "2: t-title t-desc");
	o.country = NULL;
	o.eqf_level = 4;
	same(&o, "3: t-phrase t-title t-desc");
	o.eqf_level = 0;
	o.ects_min = 4;
	same(&o, "1: t-phrase");
	o.ects_min = 0;
	o.status = -1;
	same(&o, "5: t-draft t-phrase t-title ua-mma-welding t-desc");
	o.as_reader = 1; /* an anonymous reader: the draft stays hidden */
	same(&o, "4: t-phrase t-title ua-mma-welding t-desc");
	o.as_reader = 0;
	o.status = MC_STATUS_DRAFT;
	same(&o, "1: t-draft");
	o.status = MC_STATUS_PUBLISHED;
	o.query = NULL;
	o.sector = "07";
	o.limit = 3;
	o.offset = 2;
	same(&o, "11: t-elka t-email t-hy");
	o.sector = "0613";
	same(&o, "0:");
}

/* Ranking: a title match before a description match on both; paging. */
static void test_ranking(void **state)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;

	(void)state;
	q("pipe", "3: t-phrase t-title t-desc");
	o.query = "pipe";
	o.limit = 1;
	o.offset = 1;
	same(&o, "3: t-title");
	o.offset = 5;
	same(&o, "3:");
}

/* The facets of a search, counted alike. */
static void test_facets(void **state)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;

	(void)state;
	o.query = "welding OR café";
	o.facets = 1;
	same(&o,
	     "5: t-cafe t-phrase t-title ua-mma-welding t-desc"
	     " | country=DE:3,MK:1,UA:1 | sector=07:5 | eqf_level=4:4,3:1"
	     " | target_group=idps:5,other:miners:5,veterans:5"
	     " | language=en:5,uk:5,hy:1,ka:1 | cluster= | organisation=" ORG
	     ":5," ORG2 ":5 | status=published:5 | ects=2-5:4,0-2:1");
	o.query = NULL;
	o.status = -1;
	same(&o, "12: t-cafe t-desc t-draft t-elka t-email t-hy t-ka t-lodz"
		 " t-phrase t-title t-yolka ua-mma-welding"
		 " | country=DE:5,UA:3,MK:2,AM:1,GE:1 | sector=07:12");
}

/* The URIs' last segments mc_esco_lookup() finds, space-separated. */
static char *esco_answer(mc_store *s, const char *query, int sorted)
{
	mc_esco_concept **list = NULL, *tmp;
	char *out = calloc(1, 1024);
	size_t n = 0, i, k, len = 0;

	assert_non_null(out);
	if (mc_esco_lookup(s, &list, &n, query, 10))
		fail_msg("%s: esco lookup '%s': %s", mc_store_backend(s), query,
			 mc_store_errmsg(s));
	for (i = 0; sorted && i < n; i++)
		for (k = i + 1; k < n; k++)
			if (strcmp(list[k]->uri, list[i]->uri) < 0) {
				tmp = list[i];
				list[i] = list[k];
				list[k] = tmp;
			}
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, 1024 - len, "%s%s",
					i ? " " : "",
					strrchr(list[i]->uri, '/') + 1);
	mc_esco_list_free(list, n);
	return out;
}

static void esco_same(const char *query, const char *expected, int sorted)
{
	char *a = esco_answer(st.sq, query, sorted);
	char *b = esco_answer(st.pg, query, sorted);

	if (strcmp(a, b) != 0)
		fail_msg("esco '%s':\n  sqlite:     %s\n  postgresql: %s",
			 query, a, b);
	if (strcmp(a, expected) != 0)
		fail_msg("esco '%s': expected '%s', both answer '%s'", query,
			 expected, a);
	free(a);
	free(b);
}

/* ESCO look-up by words (the last one a prefix) matches alike. */
static void test_esco_lookup(void **state)
{
	(void)state;
	esco_same("weld", "t1 t2", 1);
	esco_same("welding safety", "t2", 0);
	esco_same("pipe", "t1", 0);
	esco_same("tube joining", "t1", 0);
	esco_same("CAFE", "t4", 0);
	esco_same("ёлка", "t3", 0);
	esco_same("елка", "", 0);
	esco_same("еще", "", 0);
	esco_same("ещё", "t3", 0);
	esco_same("եռակցում", "t4", 0);
	esco_same("weld -safety", "t1", 0);
}

/* One value of `sql` on connection `conn` (NULL when there is none), as
 * a copy the caller frees. */
static char *pg_value(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	char *v = NULL;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

static void pg_do(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
}

/* A search turns JIT off on its connection: compiling a search costs
 * more than it saves (store_pg_search.c). */
static void test_pg_jit_off(void **state)
{
	char *v;

	(void)state;
	q("pipe", "3: t-phrase t-title t-desc");
	v = pg_value(mc__pg(st.pg)->conn, "SHOW jit");
	assert_non_null(v);
	assert_string_equal(v, "off");
	free(v);
}

/* An MC whose words pass 2 KB: 250 distinct words in its description. */
static void put_long(mc_store *s)
{
	mc_microcred *mc = NULL;
	char text[4096];
	size_t n = 0;
	int i;

	for (i = 0; i < 250; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "%slongword%03d", i ? " " : "", i);
	assert_int_equal(s->catalogue->mc_get(s, &mc, "ua-mma-welding", 0), 0);
	free(mc->id);
	mc->id = strdup("t-long");
	mc->version = 1;
	mc_langmap_clear(&mc->description);
	assert_int_equal(mc_langmap_set(&mc->description, "en", text), 0);
	if (s->catalogue->mc_put(s, mc))
		fail_msg("put t-long: %s", mc_store_errmsg(s));
	mc_microcred_free(mc);
}

static const char *const migrated_queries[] = {
    "welding",
    "pipe",
    "cafe",
    "ёлка",
    "welding OR café",
    "weld*",
    "\"pipe welding\"",
    "welding -safety",
    "longword007",
    "longword1*",
    "longword249 pipe",
};
#define NMIGRATED (sizeof(migrated_queries) / sizeof(migrated_queries[0]))

/* The answers of `s` to migrated_queries (with facets every other one)
 * into out[], which the caller frees. */
static void migrated_answers(mc_store *s, char *out[NMIGRATED])
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	size_t i;

	for (i = 0; i < NMIGRATED; i++) {
		o.query = migrated_queries[i];
		o.facets = (int)(i % 2);
		out[i] = answer(s, &o, 0);
	}
}

static const char COMPRESSED[] =
    "SELECT count(*) FROM mc_search"
    " WHERE pg_column_compression(doc) IS NOT NULL";

/* Schema versions 12 to 14 on a populated database: docs compressed as
 * version 11 stored them are rewritten whole into their rows, the
 * index's pending list is bounded, each search row is given its MC
 * version's id, version, status and facets, and every answer stays as
 * it was. */
static void test_pg_docs_migrated(void **state)
{
	char *url = NULL, *err = NULL, *v, *before[NMIGRATED],
	     *after[NMIGRATED];
	mc_store *s = NULL;
	PGconn *conn;
	size_t i;

	(void)state;
	assert_int_equal(pg_test_db(&url), 0);
	if (mc_store_open(&s, url, NULL, &err))
		fail_msg("open: %s", err ? err : "?");
	load(s);
	put_long(s);
	conn = mc__pg(s)->conn;
	v = pg_value(conn, COMPRESSED);
	assert_string_equal(v, "0"); /* version 12 stores it whole */
	free(v);
	migrated_answers(s, before);
	assert_non_null(strstr(before[8], "1: t-long"));
	/* back to version 11: docs compressed in rows over 2 KB, search
	 * rows without their versions' columns */
	pg_do(conn,
	      "DROP TRIGGER mc_search_keys ON mc_search;"
	      " DROP TRIGGER mc_versions_search ON mc_versions;"
	      " DROP FUNCTION mc_search_keys();"
	      " DROP FUNCTION mc_versions_search();"
	      " ALTER TABLE mc_search DROP COLUMN id, DROP COLUMN version,"
	      " DROP COLUMN status, DROP COLUMN sector,"
	      " DROP COLUMN eqf_level, DROP COLUMN ects;"
	      " ALTER TABLE mc_search RESET (toast_tuple_target);"
	      " ALTER TABLE mc_search ALTER COLUMN doc TYPE tsvector"
	      " USING doc || ''::tsvector, ALTER COLUMN doc SET"
	      " STORAGE MAIN, ALTER COLUMN doc SET COMPRESSION pglz;"
	      " ALTER INDEX mc_search_doc RESET (gin_pending_list_limit);"
	      " DELETE FROM schema_version WHERE version >= 12");
	v = pg_value(conn, COMPRESSED);
	assert_string_equal(v, "1"); /* t-long's */
	free(v);
	mc_store_free(s);

	s = NULL;
	if (mc_store_open(&s, url, NULL, &err))
		fail_msg("reopen: %s", err ? err : "?");
	conn = mc__pg(s)->conn;
	v = pg_value(conn, COMPRESSED);
	assert_string_equal(v, "0");
	free(v);
	v = pg_value(conn, "SELECT attstorage FROM pg_attribute WHERE"
			   " attrelid = 'mc_search'::regclass"
			   " AND attname = 'doc'");
	assert_string_equal(v, "m");
	free(v);
	/* version 13: a search reads at most 64 kB of pending words */
	v = pg_value(conn, "SELECT array_to_string(reloptions, ',') FROM"
			   " pg_class WHERE relname = 'mc_search_doc'");
	assert_non_null(v);
	assert_non_null(strstr(v, "gin_pending_list_limit=64"));
	free(v);
	/* version 14: every search row has its version's columns */
	v = pg_value(conn, "SELECT count(*) FROM mc_search s JOIN mc_versions"
			   " m ON m.seq = s.seq WHERE (s.id, s.version,"
			   " s.status, s.sector, s.eqf_level, s.ects)"
			   " IS DISTINCT FROM (m.id, m.version, m.status,"
			   " m.sector, m.eqf_level, m.ects)");
	assert_string_equal(v, "0");
	free(v);
	migrated_answers(s, after);
	for (i = 0; i < NMIGRATED; i++) {
		if (strcmp(before[i], after[i]) != 0)
			fail_msg(
			    "query '%s': before the migrations %s, after %s",
			    migrated_queries[i], before[i], after[i]);
		free(before[i]);
		free(after[i]);
	}
	mc_store_free(s);
	free(url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_latin_accents),
	    cmocka_unit_test(test_cyrillic_yo),
	    cmocka_unit_test(test_georgian_armenian),
	    cmocka_unit_test(test_operators),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_ranking),
	    cmocka_unit_test(test_facets),
	    cmocka_unit_test(test_esco_lookup),
	    cmocka_unit_test(test_pg_jit_off),
	    cmocka_unit_test(test_pg_docs_migrated),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
