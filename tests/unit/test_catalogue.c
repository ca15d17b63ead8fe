/*
 * Unit tests for the catalogue layer (catalogue.c, adapt.c, import.c,
 * search.c) through the public API only: saving drafts and versions, the
 * lifecycle, URIs, OER adaptation, import and export, the demo catalogue,
 * search and coverage JSON, and the error table.  Each test opens a fresh
 * in-memory store and loads its organisations with mc_catalogue_import().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "microcred/account.h"
#include "microcred/catalogue.h"
#include "sample_mc.h"

/* The organisations every test starts with, as a bundle. */
static const char ORGS[] =
    "{\"organisations\": ["
    " {\"id\": \"ua-dniprorudne-lyceum\","
    "  \"name\": {\"en\": \"Dniprorudne Professional Lyceum\","
    "   \"uk\": \"Дніпрорудненський професійний ліцей\"},"
    "  \"country\": \"UA\", \"region\": \"Zaporizhzhia Oblast\","
    "  \"type\": \"vet_provider\"},"
    " {\"id\": \"ua-nqa\","
    "  \"name\": {\"en\": \"National Qualifications Agency\"},"
    "  \"country\": \"UA\", \"type\": \"agency\"},"
    " {\"id\": \"ua-lyceum\","
    "  \"name\": {\"en\": \"Rokytne Professional Lyceum\"},"
    "  \"country\": \"UA\", \"type\": \"vet_provider\"},"
    " {\"id\": \"ge-college\","
    "  \"name\": {\"en\": \"Tbilisi State College\","
    "   \"ka\": \"თბილისის სახელმწიფო კოლეჯი\"},"
    "  \"country\": \"GE\", \"region\": \"Tbilisi\","
    "  \"type\": \"vet_provider\"},"
    " {\"id\": \"am-college\","
    "  \"name\": {\"en\": \"Lori College\", \"hy\": \"Լոռու քոլեջ\"},"
    "  \"country\": \"AM\", \"type\": \"vet_provider\"}"
    "]}";
#define ORG_COUNT 5

/* A CSV catalogue naming the organisations above (BOM, CRLF, a quoted
 * cell with line breaks). */
#define CSV_HEADER                                                             \
	"id,primary_language,languages,title@uk,title@en,provider,"            \
	"awarding_bodies,countries,sector,target_groups,eqf_level,ects,"       \
	"hours,assessment,mode,work_based,qa_type,knowledge@uk,"               \
	"knowledge@en,skills@en,skills@uk\r\n"

static const char CSV[] =
    "\xEF\xBB\xBF" CSV_HEADER
    "csv-weld,uk,uk;en,Зварювання,Welding,ua-lyceum,ua-lyceum;ua-nqa,UA,"
    "0715,idps;veterans,3,3,80,practical_demonstration,onsite,yes,"
    "internal,\"Знає будову поста.\r\nЗнає норми безпеки.\","
    "\"Knows the station.\nKnows the safety rules.\","
    "Can weld fillet joints.,Виконує кутові шви.\r\n"
    "csv-tile,en,ka,,Tiling,ge-college,ge-college,GE,07,adults,4,,"
    "120,combined,blended,0,external,,Knows tiles.,,\r\n";

/* ---- fixture ------------------------------------------------------------ */

static void dump(const mc_problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		char *s = mc_problem_format(&p->items[i]);

		print_message("  %s\n", s ? s : "?");
		free(s);
	}
}

/* Import `text` and fail the test unless it is accepted. */
static void import_ok(mc_store *s, mc_import_report *r, const char *text,
		      const char *name)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report local;
	int rc;

	rc = mc_catalogue_import(s, r ? r : &local, text, strlen(text), name,
				 &p);
	if (rc != 0) {
		dump(&p);
		fail_msg("import %s: %d %s", name, rc, mc_store_errmsg(s));
	}
	mc_problems_clear(&p);
}

/* A fresh in-memory store holding ORGS. */
static mc_store *open_store(void)
{
	mc_import_report r;
	mc_store *s = NULL;
	char *err = NULL;

	if (mc_store_open(&s, ":memory:", NULL, &err) != 0)
		fail_msg("open: %s", err ? err : "?");
	assert_null(err);
	import_ok(s, &r, ORGS, "orgs.json");
	assert_int_equal(r.organisations, ORG_COUNT);
	return s;
}

static int setup(void **state)
{
	*state = open_store();
	return 0;
}

static int teardown(void **state)
{
	mc_store_free(*state);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

/* The sample MC as a new draft object: id replaced, version and status
 * left out. */
static json_t *draft_obj(const char *id)
{
	json_t *o = sample_mc_object();

	assert_non_null(o);
	assert_int_equal(json_object_set_new(o, "id", json_string(id)), 0);
	json_object_del(o, "version");
	json_object_del(o, "status");
	return o;
}

/* Parse `obj` (consumed) into a record; fail the test on problems. */
static mc_microcred *parse(json_t *obj)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;

	if (sample_parse(&mc, obj, &p) != 0) {
		dump(&p);
		fail_msg("sample does not parse");
	}
	mc_problems_clear(&p);
	return mc;
}

static mc_microcred *draft(const char *id)
{
	return parse(draft_obj(id));
}

/* The sample names ua-nqa as a second awarding body: it accepts, so that
 * the MC may go to review (account.h, mc_consent_decide()). */
static void accept_award(mc_store *s, const char *id)
{
	int rc = mc_consent_decide(s, "tester", id, "ua-nqa", 1);

	if (rc != 0 && rc != MC_ENOTFOUND)
		fail_msg("consent %s: %s", id, mc_store_errmsg(s));
}

/* Save a new draft of the sample under `id`. */
static void save_new(mc_store *s, const char *id)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = draft(id);

	if (mc_catalogue_save(s, mc, &p) != 0) {
		dump(&p);
		fail_msg("save %s: %s", id, mc_store_errmsg(s));
	}
	accept_award(s, id);
	mc_microcred_free(mc);
	mc_problems_clear(&p);
}

/* Save the sample under `id` with a changed English title. */
static int save_titled(mc_store *s, const char *id, const char *title,
		       unsigned *version, mc_problems *p)
{
	json_t *o = draft_obj(id);
	mc_microcred *mc;
	int rc;

	json_object_set_new(json_object_get(o, "title"), "en",
			    json_string(title));
	mc = parse(o);
	rc = mc_catalogue_save(s, mc, p);
	if (rc == 0)
		accept_award(s, id);
	if (version)
		*version = mc->version;
	mc_microcred_free(mc);
	return rc;
}

static void step(mc_store *s, const char *id, mc_status to)
{
	int rc = mc_catalogue_transition(s, id, to, "tester", NULL);

	if (rc != 0)
		fail_msg("%s -> %s: %d %s", id, mc_status_name(to), rc,
			 mc_store_errmsg(s));
}

/* Move the latest (draft) version of `id` forward along the happy path
 * until it has status `to`. */
static void drive(mc_store *s, const char *id, mc_status to)
{
	static const mc_status path[] = {
	    MC_STATUS_IN_REVIEW, MC_STATUS_APPROVED, MC_STATUS_PUBLISHED,
	    MC_STATUS_RETIRED};
	size_t i;

	for (i = 0; to != MC_STATUS_DRAFT && i < 4; i++) {
		step(s, id, path[i]);
		if (path[i] == to)
			break;
	}
}

static mc_status status_of(mc_store *s, const char *id, unsigned version)
{
	mc_microcred *mc = NULL;
	mc_status st;

	if (mc_catalogue_get(s, &mc, id, version) != 0)
		fail_msg("get %s v%u: %s", id, version, mc_store_errmsg(s));
	st = mc->status;
	mc_microcred_free(mc);
	return st;
}

/* The export JSON of one version; caller frees. */
static char *json_of(mc_store *s, const char *id, unsigned version)
{
	mc_microcred *mc = NULL;
	char *json = NULL;

	if (mc_catalogue_get(s, &mc, id, version) != 0)
		fail_msg("get %s v%u: %s", id, version, mc_store_errmsg(s));
	assert_int_equal(mc_microcred_to_json(&json, mc), 0);
	mc_microcred_free(mc);
	return json;
}

/* Statuses of every version, oldest first, as "draft,published,...". */
static void history(mc_store *s, const char *id, char *out, size_t size)
{
	mc_version_info *v = NULL;
	size_t n = 0, i;

	assert_int_equal(mc_catalogue_versions(s, &v, &n, id), 0);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		assert_true(i == 0 || v[i].version > v[i - 1].version);
		assert_int_equal(strlen(v[i].updated_at), 20);
		assert_int_equal(v[i].updated_at[19], 'Z');
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
			 i ? "," : "", mc_status_name(v[i].status));
	}
	free(v);
}

static int exists(mc_store *s, const char *id)
{
	mc_microcred *mc = NULL;
	int rc = mc_catalogue_get(s, &mc, id, 0);

	mc_microcred_free(mc);
	if (rc != 0 && rc != MC_ENOTFOUND)
		fail_msg("get %s: %d", id, rc);
	return rc == 0;
}

/* Number of MCs (ids) in the store. */
static size_t mc_count(mc_store *s)
{
	char *out = NULL;
	json_t *arr;
	size_t n;

	assert_int_equal(mc_catalogue_export(s, &out, NULL, 0, 0), 0);
	arr = json_loads(out, 0, NULL);
	assert_true(json_is_array(arr));
	n = json_array_size(arr);
	json_decref(arr);
	free(out);
	return n;
}

/* Non-zero if a problem has exactly this where and field and a reason
 * containing `reason`. */
static int problem_at(const mc_problems *p, const char *where,
		      const char *field, const char *reason)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (strcmp(p->items[i].where, where) == 0 &&
		    strcmp(p->items[i].field, field) == 0 &&
		    strstr(p->items[i].reason, reason))
			return 1;
	return 0;
}

static char *dumps(json_t *obj)
{
	char *s = json_dumps(obj, JSON_INDENT(2));

	json_decref(obj);
	assert_non_null(s);
	return s;
}

/* ---- save --------------------------------------------------------------- */

static void test_save_new_is_v1_draft(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = parse(sample_mc_object()); /* says v2 published */
	char h[128];

	assert_int_equal(mc_catalogue_save(s, mc, &p), 0);
	assert_int_equal(p.count, 0);
	assert_int_equal(mc->version, 1);
	assert_int_equal(mc->status, MC_STATUS_DRAFT);
	assert_int_equal(status_of(s, "ua-mma-welding", 1), MC_STATUS_DRAFT);
	history(s, "ua-mma-welding", h, sizeof(h));
	assert_string_equal(h, "draft");
	mc_microcred_free(mc);
}

static void test_save_replaces_draft(void **state)
{
	mc_store *s = *state;
	mc_microcred *mc = NULL;
	unsigned v = 0;
	char h[128];

	assert_int_equal(save_titled(s, "sv", "First", &v, NULL), 0);
	assert_int_equal(v, 1);
	assert_int_equal(save_titled(s, "sv", "Second", &v, NULL), 0);
	assert_int_equal(v, 1);
	history(s, "sv", h, sizeof(h));
	assert_string_equal(h, "draft");
	assert_int_equal(mc_catalogue_get(s, &mc, "sv", 1), 0);
	assert_string_equal(mc_langmap_get(&mc->title, "en"), "Second");
	mc_microcred_free(mc);
}

static void test_save_after_publish_makes_new_version(void **state)
{
	mc_store *s = *state;
	mc_microcred *mc = NULL;
	char *before, *after, h[128];
	unsigned v = 0;

	save_new(s, "sv");
	drive(s, "sv", MC_STATUS_PUBLISHED);
	before = json_of(s, "sv", 1);
	assert_int_equal(save_titled(s, "sv", "Changed", &v, NULL), 0);
	assert_int_equal(v, 2);
	after = json_of(s, "sv", 1);
	assert_string_equal(before, after);
	assert_int_equal(status_of(s, "sv", 1), MC_STATUS_PUBLISHED);
	assert_int_equal(status_of(s, "sv", 2), MC_STATUS_DRAFT);
	assert_int_equal(mc_catalogue_get(s, &mc, "sv", 0), 0);
	assert_int_equal(mc->version, 2);
	assert_string_equal(mc_langmap_get(&mc->title, "en"), "Changed");
	mc_microcred_free(mc);
	/* Saving again replaces the v2 draft, v1 still untouched. */
	assert_int_equal(save_titled(s, "sv", "Again", &v, NULL), 0);
	assert_int_equal(v, 2);
	history(s, "sv", h, sizeof(h));
	assert_string_equal(h, "published,draft");
	free(after);
	after = json_of(s, "sv", 1);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_save_after_retire_makes_new_version(void **state)
{
	mc_store *s = *state;
	unsigned v = 0;
	char h[128];

	save_new(s, "sv");
	drive(s, "sv", MC_STATUS_RETIRED);
	assert_int_equal(save_titled(s, "sv", "Revived", &v, NULL), 0);
	assert_int_equal(v, 2);
	history(s, "sv", h, sizeof(h));
	assert_string_equal(h, "retired,draft");
}

static void test_save_in_review_or_approved_refused(void **state)
{
	static const mc_status states[] = {MC_STATUS_IN_REVIEW,
					   MC_STATUS_APPROVED};
	mc_store *s = *state;
	size_t i;

	for (i = 0; i < 2; i++) {
		mc_problems p = MC_PROBLEMS_INIT;
		char id[16], *before, *after, h[64];

		snprintf(id, sizeof(id), "sv-%zu", i);
		save_new(s, id);
		drive(s, id, states[i]);
		before = json_of(s, id, 1);
		assert_int_equal(save_titled(s, id, "Edited", NULL, &p),
				 MC_ESTATE);
		assert_non_null(
		    strstr(mc_store_errmsg(s), mc_status_name(states[i])));
		after = json_of(s, id, 1);
		assert_string_equal(before, after);
		history(s, id, h, sizeof(h));
		assert_string_equal(h, mc_status_name(states[i]));
		free(before);
		free(after);
		mc_problems_clear(&p);
	}
}

static void test_save_invalid_lists_fields(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = draft("bad");

	mc->eqf_level = 9;
	free(mc->sector);
	mc->sector = strdup("9x");
	assert_int_equal(mc_catalogue_save(s, mc, &p), MC_EINVALID);
	dump(&p);
	assert_true(p.count >= 2);
	assert_true(has_problem(&p, "eqf_level", "must be 1..8, got 9"));
	assert_true(problem_at(&p, "", "sector", ""));
	assert_non_null(strstr(mc_store_errmsg(s), "more problems"));
	assert_false(exists(s, "bad"));
	mc_microcred_free(mc);
	mc_problems_clear(&p);
}

static void test_save_unknown_organisations(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = draft("orphan");

	free(mc->provider);
	mc->provider = strdup("x");
	free(mc->awarding_bodies.items[1]);
	mc->awarding_bodies.items[1] = strdup("y");
	free(mc->qa_body);
	mc->qa_body = strdup("z");
	assert_int_equal(mc_catalogue_save(s, mc, &p), MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 3);
	assert_true(has_problem(&p, "provider", "unknown organisation 'x'"));
	assert_true(
	    has_problem(&p, "awarding_bodies[1]", "unknown organisation 'y'"));
	assert_true(has_problem(&p, "quality_assurance.body",
				"unknown organisation 'z'"));
	assert_string_equal(mc_store_errmsg(s),
			    "provider: unknown organisation 'x' (and 2 more "
			    "problems)");
	assert_false(exists(s, "orphan"));
	assert_int_equal(mc_count(s), 0);
	mc_microcred_free(mc);
	mc_problems_clear(&p);
}

/* ---- lifecycle ---------------------------------------------------------- */

/* The lifecycle as documented, written out independently of the code. */
static int allowed(mc_status from, mc_status to)
{
	static const struct {
		mc_status from, to;
	} steps[] = {
	    {MC_STATUS_DRAFT, MC_STATUS_IN_REVIEW},
	    {MC_STATUS_IN_REVIEW, MC_STATUS_APPROVED},
	    {MC_STATUS_IN_REVIEW, MC_STATUS_DRAFT},
	    {MC_STATUS_APPROVED, MC_STATUS_DRAFT},
	    {MC_STATUS_APPROVED, MC_STATUS_PUBLISHED},
	    {MC_STATUS_PUBLISHED, MC_STATUS_RETIRED},
	};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i].from == from && steps[i].to == to)
			return 1;
	return 0;
}

static const mc_status ALL_STATES[] = {MC_STATUS_DRAFT, MC_STATUS_IN_REVIEW,
				       MC_STATUS_APPROVED, MC_STATUS_PUBLISHED,
				       MC_STATUS_RETIRED};

/* Check one refused step: MC_ESTATE, both states named, nothing moved. */
static void expect_refused(mc_store *s, const char *id, mc_status from,
			   mc_status to)
{
	int rc = mc_catalogue_transition(s, id, to, "tester", NULL);
	const char *msg = mc_store_errmsg(s);

	if (rc != MC_ESTATE)
		fail_msg("%s -> %s: expected MC_ESTATE, got %d (%s)",
			 mc_status_name(from), mc_status_name(to), rc, msg);
	if (!strstr(msg, mc_status_name(from)) ||
	    !strstr(msg, mc_status_name(to)))
		fail_msg("%s -> %s: message does not name both: %s",
			 mc_status_name(from), mc_status_name(to), msg);
	assert_int_equal(status_of(s, id, 1), from);
}

/* Every pair of states; retiring a version when nothing is published is
 * checked in test_transition_retire_unpublished_refused(). */
static void test_transition_table(void **state)
{
	mc_store *s = *state;
	size_t i, j;

	for (i = 0; i < 5; i++) {
		for (j = 0; j < 5; j++) {
			mc_status from = ALL_STATES[i], to = ALL_STATES[j];
			char id[16], h[64];

			if (to == MC_STATUS_RETIRED &&
			    from != MC_STATUS_PUBLISHED)
				continue;
			snprintf(id, sizeof(id), "tr-%zu-%zu", i, j);
			save_new(s, id);
			drive(s, id, from);
			assert_int_equal(status_of(s, id, 1), from);
			if (!allowed(from, to)) {
				expect_refused(s, id, from, to);
				continue;
			}
			if (mc_catalogue_transition(s, id, to, "tester",
						    "ok") != 0)
				fail_msg("%s -> %s refused: %s",
					 mc_status_name(from),
					 mc_status_name(to),
					 mc_store_errmsg(s));
			assert_int_equal(status_of(s, id, 1), to);
			history(s, id, h, sizeof(h));
			assert_string_equal(h, mc_status_name(to));
		}
	}
}

/* Retiring an MC that has no published version is a refused transition
 * like any other: MC_ESTATE naming the state, not "not found" (the MC
 * exists). */
static void test_transition_retire_unpublished_refused(void **state)
{
	static const mc_status from[] = {MC_STATUS_DRAFT, MC_STATUS_IN_REVIEW,
					 MC_STATUS_APPROVED, MC_STATUS_RETIRED};
	mc_store *s = *state;
	size_t i;

	for (i = 0; i < 4; i++) {
		char id[16];

		snprintf(id, sizeof(id), "rt-%zu", i);
		save_new(s, id);
		drive(s, id, from[i]);
		expect_refused(s, id, from[i], MC_STATUS_RETIRED);
	}
}

static void test_transition_unknown(void **state)
{
	mc_store *s = *state;

	assert_int_equal(
	    mc_catalogue_transition(s, "nope", MC_STATUS_IN_REVIEW, NULL, NULL),
	    MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(s), "nope"));
	save_new(s, "known");
	assert_int_equal(
	    mc_catalogue_transition(s, "known", (mc_status)42, NULL, NULL),
	    MC_ESTATE);
	assert_int_equal(status_of(s, "known", 1), MC_STATUS_DRAFT);
}

static void test_publish_v2_retires_v1(void **state)
{
	mc_store *s = *state;
	mc_microcred *mc = NULL;
	char h[128], *uri = NULL;

	save_new(s, "pv");
	drive(s, "pv", MC_STATUS_PUBLISHED);
	assert_int_equal(save_titled(s, "pv", "Second", NULL, NULL), 0);
	history(s, "pv", h, sizeof(h));
	assert_string_equal(h, "published,draft");
	step(s, "pv", MC_STATUS_IN_REVIEW);
	step(s, "pv", MC_STATUS_DRAFT); /* returned to the designer */
	step(s, "pv", MC_STATUS_IN_REVIEW);
	step(s, "pv", MC_STATUS_APPROVED);
	history(s, "pv", h, sizeof(h));
	assert_string_equal(h, "published,approved");
	step(s, "pv", MC_STATUS_PUBLISHED);
	history(s, "pv", h, sizeof(h));
	assert_string_equal(h, "retired,published");
	assert_int_equal(mc_catalogue_uri(s, &uri, "pv", 0), 0);
	assert_int_equal(mc_catalogue_resolve(s, &mc, uri), 0);
	assert_int_equal(mc->version, 2);
	mc_microcred_free(mc);
	/* A third version: v2 published until v3 is. */
	assert_int_equal(save_titled(s, "pv", "Third", NULL, NULL), 0);
	drive(s, "pv", MC_STATUS_PUBLISHED);
	history(s, "pv", h, sizeof(h));
	assert_string_equal(h, "retired,retired,published");
	free(uri);
}

static void test_retire_published_with_newer_draft(void **state)
{
	mc_store *s = *state;
	mc_microcred *mc = NULL;
	char h[128], *uri = NULL;

	save_new(s, "rd");
	drive(s, "rd", MC_STATUS_PUBLISHED);
	assert_int_equal(save_titled(s, "rd", "Next", NULL, NULL), 0);
	step(s, "rd", MC_STATUS_RETIRED);
	history(s, "rd", h, sizeof(h));
	assert_string_equal(h, "retired,draft");
	assert_int_equal(mc_catalogue_uri(s, &uri, "rd", 0), 0);
	assert_int_equal(mc_catalogue_resolve(s, &mc, uri), MC_ENOTFOUND);
	assert_null(mc);
	/* The draft goes on through its own lifecycle. */
	drive(s, "rd", MC_STATUS_PUBLISHED);
	history(s, "rd", h, sizeof(h));
	assert_string_equal(h, "retired,published");
	free(uri);
}

/* ---- URIs --------------------------------------------------------------- */

static void test_uri_and_resolve(void **state)
{
	mc_store *s = *state;
	mc_microcred *mc = NULL;
	char *uri = NULL;

	assert_string_equal(mc_store_base_url(s), MC_DEFAULT_BASE_URL);
	assert_int_equal(mc_catalogue_uri(s, &uri, "ur", 3), 0);
	assert_string_equal(uri, "http://localhost:8080/mc/ur/v3");
	free(uri);
	assert_int_equal(mc_catalogue_uri(s, &uri, "ur", 0), 0);
	assert_string_equal(uri, "http://localhost:8080/mc/ur");
	free(uri);

	save_new(s, "ur");
	/* Nothing published yet. */
	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/ur"),
	    MC_ENOTFOUND);
	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/ur/v1"), 0);
	assert_int_equal(mc->version, 1);
	assert_int_equal(mc->status, MC_STATUS_DRAFT);
	mc_microcred_free(mc);
	mc = NULL;

	drive(s, "ur", MC_STATUS_PUBLISHED);
	assert_int_equal(save_titled(s, "ur", "Two", NULL, NULL), 0);
	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/ur"), 0);
	assert_int_equal(mc->version, 1); /* the published one, not v2 */
	assert_int_equal(mc->status, MC_STATUS_PUBLISHED);
	mc_microcred_free(mc);
	mc = NULL;
	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/ur/v2"), 0);
	assert_int_equal(mc->version, 2);
	assert_string_equal(mc_langmap_get(&mc->title, "en"), "Two");
	mc_microcred_free(mc);
	mc = NULL;

	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/ur/v3"),
	    MC_ENOTFOUND);
	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/unknown"),
	    MC_ENOTFOUND);
	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/unknown/v1"),
	    MC_ENOTFOUND);
	assert_null(mc);
}

static void test_resolve_bad_forms(void **state)
{
	static const char *const bad[] = {
	    "http://localhost:8080/mc/ur/v0",
	    "http://localhost:8080/mc/ur/vx",
	    "http://localhost:8080/mc/ur/v1/extra",
	    "http://localhost:8080/mc/ur/v",
	    "http://localhost:8080/mc/ur/",
	    "http://localhost:8080/mc/ur/1",
	    "http://localhost:8080/mc/ur/v1x",
	    "http://localhost:8080/mc/ur/v-1",
	    "http://localhost:8080/mc/ur/v99999999999999999999",
	    "http://localhost:8080/mc/",
	    "http://localhost:8080/mc//v1",
	    "http://localhost:8080/mc/UR/v1",
	    "http://localhost:8080/mc",
	    "http://localhost:8080/org/ur",
	    "http://localhost:80801/mc/ur/v1",
	    "https://localhost:8080/mc/ur/v1",
	    "https://example.org/mc/ur/v1",
	    "",
	};
	mc_store *s = *state;
	size_t i;

	save_new(s, "ur");
	drive(s, "ur", MC_STATUS_PUBLISHED);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mc_microcred *mc = NULL;
		int rc = mc_catalogue_resolve(s, &mc, bad[i]);

		if (rc != MC_EINVALID)
			fail_msg("'%s': expected MC_EINVALID, got %d", bad[i],
				 rc);
		assert_null(mc);
		assert_true(mc_store_errmsg(s)[0] != '\0');
	}
}

static void test_base_url(void **state)
{
	static const char *const bad[] = {
	    "ftp://example.org", "http://",	    "https:///x",
	    "example.org",	 "http://a b",	    "https://x.org/?q=1",
	    "https://x.org/#f",	 "http://x.org/\"", "",
	};
	mc_store *s = *state;
	mc_microcred *mc = NULL;
	char *uri = NULL;
	size_t i;

	save_new(s, "bu");
	drive(s, "bu", MC_STATUS_PUBLISHED);
	assert_int_equal(
	    mc_store_set_base_url(s, "https://skills.example.org/bank//"), 0);
	assert_string_equal(mc_store_base_url(s),
			    "https://skills.example.org/bank");
	assert_int_equal(mc_catalogue_uri(s, &uri, "bu", 1), 0);
	assert_string_equal(uri, "https://skills.example.org/bank/mc/bu/v1");
	assert_int_equal(mc_catalogue_resolve(s, &mc, uri), 0);
	assert_string_equal(mc->id, "bu");
	mc_microcred_free(mc);
	mc = NULL;
	free(uri);
	assert_int_equal(mc_catalogue_resolve(
			     s, &mc, "https://skills.example.org/bank/mc/bu"),
			 0);
	mc_microcred_free(mc);
	mc = NULL;
	/* The old base is now foreign. */
	assert_int_equal(
	    mc_catalogue_resolve(s, &mc, "http://localhost:8080/mc/bu/v1"),
	    MC_EINVALID);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mc_store_set_base_url(s, bad[i]) != MC_EINVALID)
			fail_msg("base URL '%s' accepted", bad[i]);
		assert_string_equal(mc_store_base_url(s),
				    "https://skills.example.org/bank");
	}
	assert_int_equal(mc_store_set_base_url(s, NULL), MC_EINVALID);
}

/* The base URL is kept in the database across runs. */
static void test_base_url_persists(void **state)
{
	char path[64], side[80];
	mc_store *s = NULL;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/mc-test-cat-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(mc_store_open(&s, path, NULL, NULL), 0);
	assert_int_equal(mc_store_set_base_url(s, "http://mc.example.org/"), 0);
	mc_store_free(s);
	assert_int_equal(mc_store_open(&s, path, NULL, NULL), 0);
	assert_string_equal(mc_store_base_url(s), "http://mc.example.org");
	mc_store_free(s);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* ---- adaptation --------------------------------------------------------- */

/* The sample published as "src" by ua-dniprorudne-lyceum. */
static void publish_source(mc_store *s)
{
	save_new(s, "src");
	drive(s, "src", MC_STATUS_PUBLISHED);
}

static void test_adapt(void **state)
{
	mc_store *s = *state;
	mc_microcred *out = NULL, *stored = NULL;
	char *src_before, *src_after, *json = NULL;

	publish_source(s);
	src_before = json_of(s, "src", 1);
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "src", 0, "ge-college", NULL), 0);
	assert_non_null(out);
	assert_string_equal(out->id, "ge-college-src");
	assert_int_equal(out->version, 1);
	assert_int_equal(out->status, MC_STATUS_DRAFT);
	assert_string_equal(out->derived_from,
			    "http://localhost:8080/mc/src/v1");
	assert_string_equal(out->provider, "ge-college");
	assert_int_equal(out->awarding_bodies.count, 1);
	assert_string_equal(out->awarding_bodies.items[0], "ge-college");
	assert_int_equal(out->countries.count, 1);
	assert_string_equal(out->countries.items[0], "GE");
	assert_int_equal(out->regions.count, 1);
	assert_string_equal(out->regions.items[0], "Tbilisi");
	assert_null(out->qa_body);
	assert_string_equal(out->licence, "CC-BY-SA-4.0");
	/* Attribution kept and extended. */
	assert_non_null(
	    strstr(out->attribution, "Dniprorudne Professional Lyceum"));
	assert_non_null(
	    strstr(out->attribution, "http://localhost:8080/mc/src/v1"));
	assert_non_null(strstr(out->attribution, "Basic MMA welding"));
	assert_non_null(
	    strstr(out->attribution, "adapted by Tbilisi State College"));
	/* The content travels. */
	assert_int_equal(out->outcome_count, 3);
	assert_string_equal(mc_langmap_get(&out->title, "uk"),
			    "Основи ручного дугового зварювання");
	/* What came back is what was stored. */
	assert_int_equal(mc_catalogue_get(s, &stored, "ge-college-src", 0), 0);
	assert_int_equal(mc_microcred_to_json(&json, stored), 0);
	{
		char *json_out = NULL;

		assert_int_equal(mc_microcred_to_json(&json_out, out), 0);
		assert_string_equal(json, json_out);
		free(json_out);
	}
	/* The source did not change. */
	src_after = json_of(s, "src", 1);
	assert_string_equal(src_before, src_after);
	/* Adapting the same MC again collides with the default id. */
	assert_int_equal(
	    mc_catalogue_adapt(s, NULL, "src", 0, "ge-college", NULL),
	    MC_EEXISTS);
	assert_int_equal(
	    mc_catalogue_adapt(s, NULL, "src", 0, "ge-college", "ge-own-weld"),
	    0);
	assert_true(exists(s, "ge-own-weld"));
	free(json);
	free(src_before);
	free(src_after);
	mc_microcred_free(out);
	mc_microcred_free(stored);
}

/* An adaptation of an adaptation keeps the whole chain. */
static void test_adapt_chain(void **state)
{
	mc_store *s = *state;
	mc_microcred *first = NULL, *second = NULL;

	publish_source(s);
	assert_int_equal(
	    mc_catalogue_adapt(s, &first, "src", 0, "ge-college", "ge-weld"),
	    0);
	drive(s, "ge-weld", MC_STATUS_PUBLISHED);
	assert_int_equal(
	    mc_catalogue_adapt(s, &second, "ge-weld", 1, "am-college", NULL),
	    0);
	assert_string_equal(second->id, "am-college-ge-weld");
	assert_string_equal(second->derived_from,
			    "http://localhost:8080/mc/ge-weld/v1");
	assert_string_equal(second->countries.items[0], "AM");
	assert_non_null(strstr(second->attribution, first->attribution));
	assert_non_null(strstr(second->attribution, "adapted by Lori College"));
	mc_microcred_free(first);
	mc_microcred_free(second);
}

/* mc_catalogue_adapt_as names who adapted on the draft's first history
 * event; mc_catalogue_adapt names nobody. */
static void test_adapt_actor(void **state)
{
	mc_store *s = *state;
	mc_history_event *ev = NULL;
	size_t n = 0;

	publish_source(s);
	assert_int_equal(mc_catalogue_adapt_as(s, NULL, "src", 0, "ge-college",
					       NULL, "user:u-0123456789abcdef"),
			 0);
	assert_int_equal(mc_catalogue_history(s, &ev, &n, "ge-college-src", 0),
			 0);
	assert_true(n >= 1);
	assert_non_null(ev[0].actor);
	assert_string_equal(ev[0].actor, "user:u-0123456789abcdef");
	assert_int_equal(ev[0].to, MC_STATUS_DRAFT);
	mc_history_free(ev, n);

	assert_int_equal(
	    mc_catalogue_adapt(s, NULL, "src", 0, "ge-college", "ge-anon"), 0);
	assert_int_equal(mc_catalogue_history(s, &ev, &n, "ge-anon", 0), 0);
	assert_true(n >= 1);
	assert_null(ev[0].actor);
	mc_history_free(ev, n);
}

static void test_adapt_exact_version(void **state)
{
	mc_store *s = *state;
	mc_microcred *out = NULL;

	publish_source(s);
	assert_int_equal(save_titled(s, "src", "Second", NULL, NULL), 0);
	drive(s, "src", MC_STATUS_PUBLISHED);
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "src", 0, "ge-college", "ge-a"), 0);
	assert_string_equal(out->derived_from,
			    "http://localhost:8080/mc/src/v2");
	assert_string_equal(mc_langmap_get(&out->title, "en"), "Second");
	mc_microcred_free(out);
	/* Follows the configured base URL. */
	assert_int_equal(mc_store_set_base_url(s, "https://bank.example.org"),
			 0);
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "src", 2, "am-college", "am-a"), 0);
	assert_string_equal(out->derived_from,
			    "https://bank.example.org/mc/src/v2");
	mc_microcred_free(out);
}

static void test_adapt_default_id_truncated(void **state)
{
	/* 40 + "-" + 23 = 64 characters, the last one a '-'. */
	static const char org_id[] = "ge-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	static const char src_id[] = "uweldingbasicsfilletjo-tail";
	static const char expect[] = "ge-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-"
				     "uweldingbasicsfilletjo";
	mc_store *s = *state;
	mc_microcred *out = NULL;
	char org[512];

	assert_int_equal(strlen(org_id), 40);
	snprintf(org, sizeof(org),
		 "{\"organisations\": [{\"id\": \"%s\","
		 " \"name\": {\"en\": \"Long\"}, \"country\": \"GE\","
		 " \"type\": \"vet_provider\"}]}",
		 org_id);
	import_ok(s, NULL, org, "org.json");
	save_new(s, src_id);
	drive(s, src_id, MC_STATUS_PUBLISHED);
	assert_int_equal(mc_catalogue_adapt(s, &out, src_id, 0, org_id, NULL),
			 0);
	assert_string_equal(out->id, expect);
	assert_true(strlen(out->id) <= MC_ID_MAX);
	assert_true(out->id[strlen(out->id) - 1] != '-');
	assert_true(exists(s, expect));
	mc_microcred_free(out);
	out = NULL;

	/* A long id is cut to exactly MC_ID_MAX when no '-' ends it. */
	save_new(s, "uwelding-basics-and-fillet-joints-in-all-positions-for-"
		    "beginners");
	drive(s,
	      "uwelding-basics-and-fillet-joints-in-all-positions-for-"
	      "beginners",
	      MC_STATUS_PUBLISHED);
	assert_int_equal(
	    mc_catalogue_adapt(s, &out,
			       "uwelding-basics-and-fillet-joints-in-all-"
			       "positions-for-beginners",
			       0, "ge-college", NULL),
	    0);
	assert_int_equal(strlen(out->id), MC_ID_MAX);
	assert_string_equal(out->id, "ge-college-uwelding-basics-and-fillet-"
				     "joints-in-all-positions-fo");
	mc_microcred_free(out);
}

static void test_adapt_refused(void **state)
{
	mc_store *s = *state;
	mc_microcred *out = NULL;
	static const char *const nd[] = {"CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"};
	size_t i;

	publish_source(s);
	/* Own MC. */
	assert_int_equal(mc_catalogue_adapt(s, &out, "src", 0,
					    "ua-dniprorudne-lyceum", NULL),
			 MC_EINVALID);
	assert_null(out);
	assert_non_null(strstr(mc_store_errmsg(s), "own"));
	/* Unknown organisation, unknown MC, unknown version. */
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "src", 0, "no-such-org", NULL),
	    MC_ENOTFOUND);
	assert_non_null(strstr(mc_store_errmsg(s), "no-such-org"));
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "nope", 0, "ge-college", NULL),
	    MC_ENOTFOUND);
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "src", 7, "ge-college", NULL),
	    MC_ENOTFOUND);
	/* Existing new id. */
	save_new(s, "taken");
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "src", 0, "ge-college", "taken"),
	    MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "taken"));
	/* Invalid new id. */
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "src", 0, "ge-college", "Bad Id"),
	    MC_EINVALID);
	assert_null(out);

	/* Licences without derivatives. */
	for (i = 0; i < 2; i++) {
		mc_problems p = MC_PROBLEMS_INIT;
		mc_microcred *mc;
		char id[16];

		snprintf(id, sizeof(id), "nd-%zu", i);
		mc = draft(id);
		free(mc->licence);
		mc->licence = strdup(nd[i]);
		if (mc_catalogue_save(s, mc, &p) != 0) {
			dump(&p);
			fail_msg("save %s", nd[i]);
		}
		accept_award(s, id);
		mc_microcred_free(mc);
		drive(s, id, MC_STATUS_PUBLISHED);
		assert_int_equal(
		    mc_catalogue_adapt(s, &out, id, 0, "ge-college", NULL),
		    MC_EINVALID);
		assert_non_null(strstr(mc_store_errmsg(s), nd[i]));
		mc_problems_clear(&p);
	}

	/* Sources not published: explicit draft, in review, approved. */
	save_new(s, "unpub");
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "unpub", 1, "ge-college", NULL),
	    MC_ESTATE);
	assert_non_null(strstr(mc_store_errmsg(s), "draft"));
	step(s, "unpub", MC_STATUS_IN_REVIEW);
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "unpub", 1, "ge-college", NULL),
	    MC_ESTATE);
	step(s, "unpub", MC_STATUS_APPROVED);
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "unpub", 1, "ge-college", NULL),
	    MC_ESTATE);
	/* Without a version: there is no published one. */
	assert_int_equal(
	    mc_catalogue_adapt(s, &out, "unpub", 0, "ge-college", NULL),
	    MC_ENOTFOUND);
	assert_null(out);
	assert_false(exists(s, "ge-college-unpub"));
	assert_false(exists(s, "ge-college-src"));
	assert_false(exists(s, "ge-college-nd-0"));
}

/* ---- import ------------------------------------------------------------- */

static void test_import_single_object(void **state)
{
	mc_store *s = *state;
	mc_import_report r;
	char *text = dumps(draft_obj("one")), h[64];

	import_ok(s, &r, text, "one.json");
	assert_int_equal(r.created, 1);
	assert_int_equal(r.updated + r.unchanged + r.organisations, 0);
	assert_int_equal(status_of(s, "one", 1), MC_STATUS_DRAFT);
	/* Again: the draft is replaced (same content, no version given). */
	import_ok(s, &r, text, "one.json");
	assert_int_equal(r.created, 0);
	assert_int_equal(r.updated, 1);
	free(text);

	/* The export form keeps version and status. */
	import_ok(s, &r, SAMPLE_MC_JSON, "sample.json");
	assert_int_equal(r.created, 1);
	assert_int_equal(status_of(s, "ua-mma-welding", 2),
			 MC_STATUS_PUBLISHED);
	history(s, "ua-mma-welding", h, sizeof(h));
	assert_string_equal(h, "published"); /* only v2 */
}

static void test_import_array(void **state)
{
	mc_store *s = *state;
	mc_import_report r;
	json_t *arr = json_array();
	char *text;

	json_array_append_new(arr, draft_obj("arr-a"));
	json_array_append_new(arr, draft_obj("arr-b"));
	json_array_append_new(arr, json_loads(SAMPLE_MC_JSON, 0, NULL));
	text = dumps(arr);
	import_ok(s, &r, text, "arr.json");
	assert_int_equal(r.created, 3);
	assert_int_equal(r.updated + r.unchanged + r.organisations + r.clusters,
			 0);
	assert_true(exists(s, "arr-a"));
	assert_true(exists(s, "arr-b"));
	assert_true(exists(s, "ua-mma-welding"));
	free(text);
	/* An empty array is a valid, empty import. */
	import_ok(s, &r, " [ ] ", "empty.json");
	assert_int_equal(r.created + r.updated + r.unchanged, 0);
}

static void test_import_bundle_any_order(void **state)
{
	mc_store *s = *state;
	mc_import_report r;
	json_t *b = json_object(), *mc = draft_obj("bun-mc");
	mc_cluster *c = NULL;
	mc_org *org = NULL;
	char *text;

	/* The MC names an organisation the same file brings, and the
	 * cluster names both; keys in reverse of the load order.  No QA
	 * body: none is recognised for ME. */
	json_object_set_new(mc, "provider", json_string("me-school"));
	json_object_del(json_object_get(mc, "quality_assurance"), "body");
	json_array_set_new(json_object_get(mc, "awarding_bodies"), 0,
			   json_string("me-school"));
	json_object_set_new(b, "clusters",
			    json_pack("[{s:s, s:s, s:{s:s}, s:[s], s:[s]}]",
				      "id", "bun-cluster", "kind", "thematic",
				      "name", "en", "Welding", "organisations",
				      "me-school", "microcredentials",
				      "bun-mc"));
	json_object_set_new(b, "microcredentials", json_pack("[o]", mc));
	json_object_set_new(b, "organisations",
			    json_pack("[{s:s, s:{s:s}, s:s, s:s}]", "id",
				      "me-school", "name", "en",
				      "Montenegro School", "country", "ME",
				      "type", "vet_provider"));
	text = dumps(b);
	assert_true(strstr(text, "clusters") < strstr(text, "organisations"));
	import_ok(s, &r, text, "bundle.json");
	assert_int_equal(r.organisations, 1);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.clusters, 1);
	assert_int_equal(mc_org_get(s, &org, "me-school"), 0);
	assert_string_equal(org->country, "ME");
	assert_int_equal(mc_cluster_get(s, &c, "bun-cluster"), 0);
	assert_int_equal(c->mcs.count, 1);
	assert_string_equal(c->mcs.items[0], "bun-mc");
	assert_int_equal(c->organisations.count, 1);
	/* The same bundle again changes nothing but the draft. */
	import_ok(s, &r, text, "bundle.json");
	assert_int_equal(r.organisations, 0);
	assert_int_equal(r.clusters, 0);
	assert_int_equal(r.created, 0);
	free(text);
	mc_org_free(org);
	mc_cluster_free(c);
}

static void test_import_csv(void **state)
{
	mc_store *s = *state;
	mc_import_report r;
	mc_microcred *mc = NULL;

	import_ok(s, &r, CSV, "cat.csv");
	assert_int_equal(r.created, 2);
	assert_int_equal(mc_catalogue_get(s, &mc, "csv-weld", 0), 0);
	assert_int_equal(mc->version, 1);
	assert_int_equal(mc->status, MC_STATUS_DRAFT);
	assert_string_equal(mc_langmap_get(&mc->title, "uk"), "Зварювання");
	assert_int_equal(mc->outcome_count, 3);
	mc_microcred_free(mc);
	assert_true(exists(s, "csv-tile"));
	/* Without the BOM too; the drafts are replaced. */
	import_ok(s, &r, CSV + 3, "cat.csv");
	assert_int_equal(r.created, 0);
	assert_int_equal(r.updated, 2);
}

static void test_import_csv_problems(void **state)
{
	static const char bad[] =
	    CSV_HEADER "csv-a,uk,uk,Зварювання,Welding,ua-lyceum,ua-lyceum,UA,"
		       "0715,idps,3,3,80,practical_demonstration,onsite,yes,"
		       "internal,Знає.,Knows.,Can.,Може.\r\n"
		       "csv-b,uk,uk,Зварювання,Welding,nobody,ua-lyceum,UA,"
		       "0715,idps,3,3,80,practical_demonstration,onsite,yes,"
		       "internal,Знає.,Knows.,Can.,Може.\r\n";
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;

	assert_int_equal(
	    mc_catalogue_import(s, &r, bad, strlen(bad), "cat.csv", &p),
	    MC_EINVALID);
	dump(&p);
	assert_true(problem_at(&p, "cat.csv record 2 (csv-b)", "provider",
			       "unknown organisation 'nobody'"));
	assert_false(exists(s, "csv-a"));
	assert_int_equal(r.created, 0);
	mc_problems_clear(&p);
}

static void test_import_all_or_nothing(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	json_t *arr = json_array(), *bad = draft_obj("aon-bad");
	char *text;

	json_object_set_new(bad, "eqf_level", json_integer(9));
	json_array_append_new(arr, draft_obj("aon-good"));
	json_array_append_new(arr, bad);
	text = dumps(arr);
	memset(&r, 0xff, sizeof(r));
	assert_int_equal(
	    mc_catalogue_import(s, &r, text, strlen(text), "f.json", &p),
	    MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].where, "f.json record 2 (aon-bad)");
	assert_string_equal(p.items[0].field, "eqf_level");
	assert_string_equal(mc_store_errmsg(s),
			    "f.json record 2 (aon-bad): eqf_level: must be "
			    "1..8, got 9");
	assert_int_equal(r.created + r.updated + r.unchanged, 0);
	assert_false(exists(s, "aon-good"));
	assert_int_equal(mc_count(s), 0);
	free(text);
	mc_problems_clear(&p);

	/* A bundle: the organisation that came with a bad MC is not kept
	 * either. */
	arr = json_array();
	bad = draft_obj("aon-bad");
	json_object_set_new(bad, "provider", json_string("aon-org"));
	json_object_set_new(bad, "eqf_level", json_integer(12));
	json_array_append_new(arr, bad);
	text = dumps(json_pack("{s:[{s:s, s:{s:s}, s:s, s:s}], s:o}",
			       "organisations", "id", "aon-org", "name", "en",
			       "Org", "country", "RS", "type", "company",
			       "microcredentials", arr));
	assert_int_equal(
	    mc_catalogue_import(s, &r, text, strlen(text), "b.json", &p),
	    MC_EINVALID);
	dump(&p);
	assert_true(problem_at(&p, "b.json microcredentials record 1 (aon-bad)",
			       "eqf_level", "got 12"));
	{
		mc_org *org = NULL;

		assert_int_equal(mc_org_get(s, &org, "aon-org"), MC_ENOTFOUND);
		assert_null(org);
	}
	free(text);
	mc_problems_clear(&p);
}

static void test_import_reports_every_problem(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	json_t *arr = json_array(), *a = draft_obj("ev-a"),
	       *c = draft_obj("ev-c");
	char *text;

	json_object_set_new(a, "eqf_level", json_integer(0));
	json_object_set_new(a, "colour", json_string("red"));
	json_object_set_new(c, "provider", json_string("ghost"));
	json_object_set_new(
	    c, "quality_assurance",
	    json_pack("{s:s, s:s}", "type", "external", "body", "phantom"));
	json_array_append_new(arr, a);
	json_array_append_new(arr, draft_obj("ev-b"));
	json_array_append_new(arr, c);
	json_array_append_new(arr, json_integer(4));
	text = dumps(arr);
	assert_int_equal(
	    mc_catalogue_import(s, NULL, text, strlen(text), "ev.json", &p),
	    MC_EINVALID);
	dump(&p);
	assert_true(problem_at(&p, "ev.json record 1 (ev-a)", "eqf_level", ""));
	assert_true(problem_at(&p, "ev.json record 1 (ev-a)", "colour", ""));
	assert_true(problem_at(&p, "ev.json record 3 (ev-c)", "provider",
			       "unknown organisation 'ghost'"));
	assert_true(problem_at(&p, "ev.json record 3 (ev-c)",
			       "quality_assurance.body",
			       "unknown organisation 'phantom'"));
	assert_true(problem_at(&p, "ev.json record 4", "", "JSON object"));
	assert_true(strstr(mc_store_errmsg(s), "more problems") != NULL);
	assert_int_equal(mc_count(s), 0);
	free(text);
	mc_problems_clear(&p);
}

static void test_import_malformed(void **state)
{
	static const struct {
		const char *data;
		const char *reason;
	} cases[] = {
	    {"{\"id\": \"x\",", "malformed JSON"},
	    {"[{\"id\": \"x\", \"id\": \"y\"}]", "malformed JSON"},
	    {"{\"id\": \"caf\xC3\x28\"}", "invalid UTF-8"},
	    {"{\"organisations\": {}}", "must be an array"},
	    {"{\"organisation\": []}", "unknown key"},
	};
	mc_store *s = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mc_problems p = MC_PROBLEMS_INIT;
		int rc =
		    mc_catalogue_import(s, NULL, cases[i].data,
					strlen(cases[i].data), "m.json", &p);

		if (rc != MC_EINVALID || p.count == 0 ||
		    !strstr(p.items[0].reason, cases[i].reason)) {
			dump(&p);
			fail_msg("case %zu: rc %d", i, rc);
		}
		assert_string_equal(p.items[0].where, "m.json");
		mc_problems_clear(&p);
	}
	assert_int_equal(mc_count(s), 0);
}

static void test_import_duplicates(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	json_t *arr = json_array(), *v1 = json_loads(SAMPLE_MC_JSON, 0, NULL);
	char *text;

	json_array_append_new(arr, draft_obj("dup"));
	json_array_append_new(arr, draft_obj("dup"));
	json_array_append_new(arr, json_deep_copy(v1));
	json_array_append_new(arr, v1);
	text = dumps(arr);
	assert_int_equal(
	    mc_catalogue_import(s, NULL, text, strlen(text), "d.json", &p),
	    MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 2);
	assert_true(problem_at(&p, "d.json record 2 (dup)", "id",
			       "duplicate: 'dup' appears twice in this file"));
	assert_true(problem_at(&p, "d.json record 4 (ua-mma-welding)", "id",
			       "duplicate: 'ua-mma-welding' version 2 appears "
			       "twice in this file"));
	assert_int_equal(mc_count(s), 0);
	free(text);
	mc_problems_clear(&p);
}

static void test_import_status_without_version(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	json_t *o = draft_obj("sw");
	char *text;

	json_object_set_new(o, "status", json_string("published"));
	text = dumps(o);
	assert_int_equal(
	    mc_catalogue_import(s, NULL, text, strlen(text), "sw.json", &p),
	    MC_EINVALID);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].where, "sw.json");
	assert_string_equal(p.items[0].field, "status");
	assert_false(exists(s, "sw"));
	free(text);
	mc_problems_clear(&p);
}

/* The same rule for CSV: a row with a status but no version is refused,
 * not silently saved as a draft. */
static void test_import_csv_status_without_version(void **state)
{
	static const char csv[] =
	    "id,version,status,primary_language,languages,title@en,provider,"
	    "awarding_bodies,countries,sector,target_groups,eqf_level,ects,"
	    "hours,assessment,mode,qa_type,skills@en\r\n"
	    "csv-st,,published,en,en,Welding,ua-lyceum,ua-lyceum,UA,0715,"
	    "adults,3,3,80,practical_demonstration,onsite,internal,"
	    "Can weld.\r\n";
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	int rc;

	rc = mc_catalogue_import(s, NULL, csv, strlen(csv), "st.csv", &p);
	dump(&p);
	if (rc == 0)
		fail_msg("accepted; csv-st stored with status %s",
			 mc_status_name(status_of(s, "csv-st", 0)));
	assert_int_equal(rc, MC_EINVALID);
	assert_true(
	    problem_at(&p, p.count ? p.items[0].where : "", "status", ""));
	assert_false(exists(s, "csv-st"));
	mc_problems_clear(&p);
}

/* A cluster naming an unknown member is reported by record and field. */
static void test_import_cluster_unknown_member(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	char *text;

	text = dumps(json_pack(
	    "{s:[{s:s, s:s, s:{s:s}, s:[s, s], s:[s]}]}", "clusters", "id",
	    "cl", "kind", "regional", "name", "en", "Region", "organisations",
	    "ua-lyceum", "ghost-org", "microcredentials", "ghost-mc"));
	assert_int_equal(
	    mc_catalogue_import(s, NULL, text, strlen(text), "cl.json", &p),
	    MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 2);
	assert_true(problem_at(&p, "cl.json clusters record 1 (cl)",
			       "organisations[1]",
			       "unknown organisation 'ghost-org'"));
	assert_true(problem_at(&p, "cl.json clusters record 1 (cl)",
			       "microcredentials[0]",
			       "unknown micro-credential 'ghost-mc'"));
	{
		mc_cluster *c = NULL;

		assert_int_equal(mc_cluster_get(s, &c, "cl"), MC_ENOTFOUND);
		assert_null(c);
	}
	free(text);
	mc_problems_clear(&p);
}

static void test_import_export_twice_unchanged(void **state)
{
	mc_store *s = *state, *t;
	mc_import_report r;
	char *out = NULL, *again = NULL;

	save_new(s, "ex-a");
	drive(s, "ex-a", MC_STATUS_PUBLISHED);
	save_new(s, "ex-b");
	step(s, "ex-b", MC_STATUS_IN_REVIEW);
	save_new(s, "ex-c");
	assert_int_equal(mc_catalogue_export(s, &out, NULL, 0, 0), 0);

	/* Into the same store: nothing changes. */
	import_ok(s, &r, out, "export.json");
	assert_int_equal(r.unchanged, 3);
	assert_int_equal(r.created + r.updated + r.organisations, 0);
	assert_int_equal(mc_catalogue_export(s, &again, NULL, 0, 0), 0);
	assert_string_equal(out, again);
	free(again);

	/* Into a fresh store: created once, then unchanged. */
	t = open_store();
	import_ok(t, &r, out, "export.json");
	assert_int_equal(r.created, 3);
	assert_int_equal(r.unchanged + r.updated, 0);
	import_ok(t, &r, out, "export.json");
	assert_int_equal(r.created + r.updated, 0);
	assert_int_equal(r.unchanged, 3);
	assert_int_equal(status_of(t, "ex-a", 1), MC_STATUS_PUBLISHED);
	assert_int_equal(status_of(t, "ex-b", 1), MC_STATUS_IN_REVIEW);
	mc_store_free(t);
	free(out);
}

static void test_import_version_conflict(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	char *before, *out = NULL, *after;
	json_t *arr;
	char *text;

	save_new(s, "vc");
	drive(s, "vc", MC_STATUS_PUBLISHED);
	save_new(s, "vd");
	before = json_of(s, "vc", 1);
	assert_int_equal(mc_catalogue_export(s, &out, NULL, 0, 0), 0);
	arr = json_loads(out, 0, NULL);
	assert_int_equal(json_array_size(arr), 2);
	/* Edit both: the published v1 of vc is refused, the draft v1 of vd
	 * alone would be replaced. */
	json_object_set_new(json_object_get(json_array_get(arr, 0), "title"),
			    "en", json_string("Tampered"));
	json_object_set_new(json_object_get(json_array_get(arr, 1), "title"),
			    "en", json_string("Edited"));
	text = dumps(json_incref(arr));
	assert_int_equal(
	    mc_catalogue_import(s, &r, text, strlen(text), "vc.json", &p),
	    MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].where, "vc.json record 1 (vc)");
	assert_string_equal(p.items[0].field, "version");
	assert_non_null(strstr(p.items[0].reason, "published"));
	after = json_of(s, "vc", 1);
	assert_string_equal(before, after);
	free(after);
	free(text);

	/* The draft alone: updated in place, same version. */
	json_array_remove(arr, 0);
	text = dumps(arr);
	import_ok(s, &r, text, "vd.json");
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.created + r.unchanged, 0);
	after = json_of(s, "vd", 0);
	assert_non_null(strstr(after, "\"Edited\""));
	assert_non_null(strstr(after, "\"version\": 1"));
	free(after);
	free(text);
	free(before);
	free(out);
	mc_problems_clear(&p);
}

/* A new draft while the latest version is in review is refused, named. */
static void test_import_draft_over_review(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	char *text = dumps(draft_obj("rv"));

	save_new(s, "rv");
	step(s, "rv", MC_STATUS_IN_REVIEW);
	assert_int_equal(
	    mc_catalogue_import(s, NULL, text, strlen(text), "rv.json", &p),
	    MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].where, "rv.json");
	assert_string_equal(p.items[0].field, "id");
	assert_non_null(strstr(p.items[0].reason, "in_review"));
	assert_int_equal(status_of(s, "rv", 0), MC_STATUS_IN_REVIEW);
	free(text);
	mc_problems_clear(&p);
}

/* Published versions of `id` in the store, and how many times a search
 * over everything published finds the MC. */
static void count_published(mc_store *s, const char *id, size_t *versions,
			    size_t *hits)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	mc_version_info *v = NULL;
	size_t n = 0, i;

	*versions = *hits = 0;
	if (mc_catalogue_versions(s, &v, &n, id) == 0)
		for (i = 0; i < n; i++)
			*versions += v[i].status == MC_STATUS_PUBLISHED;
	free(v);
	o.limit = MC_SEARCH_LIMIT_MAX;
	assert_int_equal(mc_catalogue_search(s, &r, &o), 0);
	for (i = 0; i < r->count; i++)
		*hits += strcmp(r->hits[i].id, id) == 0;
	mc_search_result_free(r);
}

/*
 * However a file is made, at most one version of an MC ends up published
 * (the invariant catalogue.c keeps for mc_catalogue_transition()): the
 * import either refuses the file or retires the older version.
 */
static void test_import_one_published(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	json_t *arr = json_array(), *v1 = json_loads(SAMPLE_MC_JSON, 0, NULL);
	size_t versions, hits;
	char *text, h[64], msg[256] = "";
	int rc;

	/* One file with v1 and v2, both published. */
	json_object_set_new(v1, "version", json_integer(1));
	json_array_append_new(arr, v1);
	json_array_append_new(arr, json_loads(SAMPLE_MC_JSON, 0, NULL));
	text = dumps(arr);
	rc = mc_catalogue_import(s, NULL, text, strlen(text), "two.json", &p);
	count_published(s, "ua-mma-welding", &versions, &hits);
	if (rc == 0)
		history(s, "ua-mma-welding", h, sizeof(h));
	if (versions > 1 || hits > 1)
		snprintf(msg, sizeof(msg),
			 "two.json: %zu published versions (%s), %zu search "
			 "hits; ",
			 versions, rc == 0 ? h : "-", hits);
	free(text);
	mc_problems_clear(&p);

	/* v1 published through the lifecycle, then v2 imported as
	 * published. */
	save_new(s, "op");
	drive(s, "op", MC_STATUS_PUBLISHED);
	v1 = json_loads(SAMPLE_MC_JSON, 0, NULL);
	json_object_set_new(v1, "id", json_string("op"));
	text = dumps(v1);
	rc = mc_catalogue_import(s, NULL, text, strlen(text), "v2.json", &p);
	count_published(s, "op", &versions, &hits);
	history(s, "op", h, sizeof(h));
	if (versions > 1 || hits > 1)
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
			 "v2.json: %zu published versions (%s), %zu search "
			 "hits",
			 versions, h, hits);
	free(text);
	mc_problems_clear(&p);
	if (msg[0])
		fail_msg("%s", msg);
}

static void test_import_too_big(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	char *big = malloc((size_t)MC_IMPORT_FILE_MAX + 1);

	assert_non_null(big);
	memset(big, ' ', (size_t)MC_IMPORT_FILE_MAX + 1);
	assert_int_equal(mc_catalogue_import(s, &r, big,
					     (size_t)MC_IMPORT_FILE_MAX + 1,
					     "big.json", &p),
			 MC_ETOOBIG);
	assert_non_null(strstr(mc_store_errmsg(s), "big.json"));
	assert_int_equal(mc_error_http_status(MC_ETOOBIG), 413);
	free(big);
	mc_problems_clear(&p);
}

/* Write `text` to a new temp file named into `path`. */
static void write_temp(char path[64], const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, 64, "/tmp/mc-test-import-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void test_check_file(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	char path[64];
	json_t *b;
	char *text;
	mc_org *org = NULL;

	save_new(s, "ck-old");
	b = json_pack("{s:[{s:s, s:{s:s}, s:s, s:s}], s:[o, o]}",
		      "organisations", "id", "ck-org", "name", "en", "Org",
		      "country", "MK", "type", "company", "microcredentials",
		      draft_obj("ck-new"), draft_obj("ck-old"));
	text = dumps(b);
	write_temp(path, text);
	assert_int_equal(mc_catalogue_check_file(s, &r, path, &p), 0);
	assert_int_equal(p.count, 0);
	assert_int_equal(r.organisations, 1);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.updated, 1);
	assert_false(exists(s, "ck-new"));
	assert_int_equal(mc_org_get(s, &org, "ck-org"), MC_ENOTFOUND);
	assert_int_equal(mc_count(s), 1);
	/* The real import does what the check said. */
	assert_int_equal(mc_catalogue_import_file(s, &r, path, &p), 0);
	assert_int_equal(r.organisations, 1);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.updated, 1);
	assert_true(exists(s, "ck-new"));
	unlink(path);
	free(text);

	/* A bad file: the same problems as an import, nothing stored. */
	text = dumps(json_pack("[o]", draft_obj("ck-Bad")));
	write_temp(path, text);
	assert_int_equal(mc_catalogue_check_file(s, &r, path, &p), MC_EINVALID);
	assert_true(p.count >= 1);
	assert_non_null(strstr(p.items[0].where, path));
	assert_int_equal(mc_count(s), 2);
	unlink(path);
	free(text);
	mc_problems_clear(&p);

	assert_true(mc_catalogue_check_file(s, &r, "/nonexistent/x.json", &p) <
		    0);
	assert_int_equal(p.count, 1);
	mc_problems_clear(&p);
}

/* ---- export ------------------------------------------------------------- */

/* A catalogue with several versions and states. */
static void fill(mc_store *s)
{
	save_new(s, "rt-a");
	drive(s, "rt-a", MC_STATUS_PUBLISHED);
	assert_int_equal(save_titled(s, "rt-a", "A two", NULL, NULL), 0);
	drive(s, "rt-a", MC_STATUS_PUBLISHED);
	assert_int_equal(save_titled(s, "rt-a", "A three", NULL, NULL), 0);
	save_new(s, "rt-b");
	drive(s, "rt-b", MC_STATUS_APPROVED);
	import_ok(s, NULL, CSV, "cat.csv");
	import_ok(s, NULL, SAMPLE_MC_JSON, "sample.json");
	assert_int_equal(mc_catalogue_adapt(s, NULL, "ua-mma-welding", 0,
					    "ge-college", NULL),
			 0);
}

static void test_export_round_trip(void **state)
{
	static const int modes[] = {0, 1};
	mc_store *s = *state;
	size_t i;

	fill(s);
	for (i = 0; i < 2; i++) {
		mc_store *t = open_store();
		char *first = NULL, *second = NULL;

		assert_int_equal(
		    mc_catalogue_export(s, &first, NULL, 0, modes[i]), 0);
		import_ok(t, NULL, first, "export.json");
		assert_int_equal(
		    mc_catalogue_export(t, &second, NULL, 0, modes[i]), 0);
		assert_string_equal(first, second);
		free(first);
		free(second);
		mc_store_free(t);
	}
}

static void test_export_versions_in_order(void **state)
{
	mc_store *s = *state;
	const char *const ids[] = {"rt-b", "rt-a"};
	char *out = NULL;
	json_t *arr, *e;
	size_t i;

	fill(s);
	assert_int_equal(mc_catalogue_export(s, &out, ids, 2, 1), 0);
	arr = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
	assert_int_equal(json_array_size(arr), 4);
	e = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(e, "id")),
			    "rt-b");
	assert_string_equal(json_string_value(json_object_get(e, "status")),
			    "approved");
	for (i = 0; i < 3; i++) {
		static const char *const st[] = {"retired", "published",
						 "draft"};

		e = json_array_get(arr, i + 1);
		assert_string_equal(json_string_value(json_object_get(e, "id")),
				    "rt-a");
		assert_int_equal(
		    json_integer_value(json_object_get(e, "version")), i + 1);
		assert_string_equal(
		    json_string_value(json_object_get(e, "status")), st[i]);
	}
	json_decref(arr);
	free(out);

	/* Latest only: one entry, v3. */
	assert_int_equal(mc_catalogue_export(s, &out, ids + 1, 1, 0), 0);
	arr = json_loads(out, 0, NULL);
	assert_int_equal(json_array_size(arr), 1);
	assert_int_equal(json_integer_value(json_object_get(
			     json_array_get(arr, 0), "version")),
			 3);
	json_decref(arr);
	free(out);
}

static void test_export_unknown_and_empty(void **state)
{
	mc_store *s = *state;
	const char *const ids[] = {"rt-a", "ghost"};
	char *out = NULL;

	assert_int_equal(mc_catalogue_export(s, &out, NULL, 0, 0), 0);
	assert_string_equal(out, "[]");
	free(out);
	out = NULL;
	save_new(s, "rt-a");
	assert_int_equal(mc_catalogue_export(s, &out, ids, 2, 0), MC_ENOTFOUND);
	assert_null(out);
	assert_non_null(strstr(mc_store_errmsg(s), "ghost"));
	assert_int_equal(mc_catalogue_export(s, &out, ids, 2, 1), MC_ENOTFOUND);
	assert_null(out);
}

/* ---- demo catalogue, search, coverage ----------------------------------- */

static int setup_empty(void **state)
{
	mc_store *s = NULL;

	assert_int_equal(mc_store_open(&s, ":memory:", NULL, NULL), 0);
	*state = s;
	return 0;
}

static size_t facet_sum(const mc_search_result *r, const char *name)
{
	size_t i, k, sum = 0;

	for (i = 0; i < r->facet_count; i++) {
		if (strcmp(r->facets[i].name, name) != 0)
			continue;
		for (k = 0; k < r->facets[i].count; k++)
			sum += r->facets[i].values[k].count;
		return sum;
	}
	fail_msg("no facet %s", name);
	return 0;
}

static int has_hit(const mc_search_result *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (strcmp(r->hits[i].id, id) == 0)
			return 1;
	return 0;
}

static void test_demo(void **state)
{
	mc_store *s = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report first, again;
	mc_coverage *cov = NULL;
	const char *const *partners = mc_partner_countries();
	char *before = NULL, *after = NULL;
	size_t i, k;

	if (mc_catalogue_load_demo(s, &first, &p) != 0) {
		dump(&p);
		fail_msg("demo: %s", mc_store_errmsg(s));
	}
	assert_int_equal(p.count, 0);
	assert_int_equal(first.organisations, 17);
	assert_true(first.clusters > 0);
	assert_true(first.created >= 6 * MC_COVERAGE_TARGET);
	assert_int_equal(first.updated + first.unchanged, 0);
	assert_int_equal(mc_count(s), first.created);

	assert_int_equal(mc_catalogue_coverage(s, &cov), 0);
	assert_int_equal(cov->target, MC_COVERAGE_TARGET);
	for (i = 0; partners[i]; i++) {
		for (k = 0; k < cov->country_count; k++)
			if (strcmp(cov->countries[k].country, partners[i]) == 0)
				break;
		if (k == cov->country_count)
			fail_msg("partner %s missing", partners[i]);
		if (cov->countries[k].published < MC_COVERAGE_TARGET ||
		    cov->countries[k].below_target)
			fail_msg("%s: %zu published", partners[i],
				 cov->countries[k].published);
	}
	for (k = 0; k < cov->country_count; k++)
		assert_false(cov->countries[k].below_target);
	mc_coverage_free(cov);

	/* Twice: nothing changes. */
	assert_int_equal(mc_catalogue_export(s, &before, NULL, 0, 1), 0);
	assert_int_equal(mc_catalogue_load_demo(s, &again, &p), 0);
	assert_int_equal(again.organisations + again.clusters + again.created +
			     again.updated,
			 0);
	assert_int_equal(again.unchanged, first.created);
	assert_int_equal(mc_catalogue_export(s, &after, NULL, 0, 1), 0);
	assert_string_equal(before, after);
	free(before);
	free(after);
	mc_problems_clear(&p);
}

static void test_demo_search(void **state)
{
	mc_store *s = *state;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *uk = NULL, *en = NULL, *all = NULL;
	const char *facets[] = {"country", "sector", "eqf_level", "status"};
	size_t i;

	assert_int_equal(mc_catalogue_load_demo(s, NULL, NULL), 0);
	o.query = "зварювання";
	o.lang = "uk";
	o.country = "UA";
	assert_int_equal(mc_catalogue_search(s, &uk, &o), 0);
	assert_true(uk->total >= 1);
	assert_true(has_hit(uk, "ua-mag-welding-steel-structures"));
	for (i = 0; i < uk->count; i++)
		if (strcmp(uk->hits[i].id, "ua-mag-welding-steel-structures") ==
		    0) {
			assert_string_equal(uk->hits[i].title_lang, "uk");
			assert_non_null(
			    strstr(uk->hits[i].title, "зварювання"));
			assert_string_equal(uk->hits[i].country, "UA");
		}
	/* Case and script do not matter: upper-case Cyrillic. */
	mc_search_result_free(uk);
	o.query = "ЗВАРЮВАННЯ";
	assert_int_equal(mc_catalogue_search(s, &uk, &o), 0);
	assert_true(has_hit(uk, "ua-mag-welding-steel-structures"));

	o.query = "welding";
	o.lang = "en";
	o.country = NULL;
	assert_int_equal(mc_catalogue_search(s, &en, &o), 0);
	assert_true(has_hit(en, "ua-mag-welding-steel-structures"));

	/* Facets over everything published add up to the total. */
	o.query = NULL;
	o.facets = 1;
	o.limit = 5;
	assert_int_equal(mc_catalogue_search(s, &all, &o), 0);
	assert_int_equal(all->count, 5);
	assert_int_equal(all->total, (size_t)mc_count(s));
	for (i = 0; i < sizeof(facets) / sizeof(facets[0]); i++)
		if (facet_sum(all, facets[i]) != all->total)
			fail_msg("facet %s sums to %zu, total %zu", facets[i],
				 facet_sum(all, facets[i]), all->total);
	mc_search_result_free(uk);
	mc_search_result_free(en);
	mc_search_result_free(all);

	/* A malformed query is refused with a message. */
	o.query = "\"unterminated";
	assert_int_equal(mc_catalogue_search(s, &all, &o), MC_EINVALID);
	assert_null(all);
	assert_true(mc_store_errmsg(s)[0] != '\0');
}

static void test_search_json(void **state)
{
	static const char *const hit_keys[] = {
	    "id",	"version", "uri",    "status",	  "title", "title_lang",
	    "provider", "country", "sector", "eqf_level", "ects",  "score"};
	mc_store *s = *state;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	json_t *root, *hit, *facets;
	char *out = NULL, *uri = NULL;
	size_t i;

	assert_int_equal(mc_catalogue_load_demo(s, NULL, NULL), 0);
	o.query = "welding";
	o.facets = 1;
	o.limit = 3;
	o.offset = 0;
	assert_int_equal(mc_catalogue_search(s, &r, &o), 0);
	assert_true(r->count >= 1);
	assert_int_equal(mc_search_result_to_json(&out, s, r, 0), 0);
	root = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "total")),
			 r->total);
	assert_int_equal(json_integer_value(json_object_get(root, "offset")),
			 0);
	assert_int_equal(json_array_size(json_object_get(root, "hits")),
			 r->count);
	hit = json_array_get(json_object_get(root, "hits"), 0);
	for (i = 0; i < sizeof(hit_keys) / sizeof(hit_keys[0]); i++)
		if (!json_object_get(hit, hit_keys[i]))
			fail_msg("hit has no '%s'", hit_keys[i]);
	assert_string_equal(json_string_value(json_object_get(hit, "id")),
			    r->hits[0].id);
	assert_int_equal(
	    mc_catalogue_uri(s, &uri, r->hits[0].id, r->hits[0].version), 0);
	assert_string_equal(json_string_value(json_object_get(hit, "uri")),
			    uri);
	assert_string_equal(json_string_value(json_object_get(hit, "status")),
			    "published");
	facets = json_object_get(root, "facets");
	assert_true(json_is_object(facets));
	assert_true(json_is_array(json_object_get(facets, "country")));
	assert_true(json_is_integer(json_object_get(
	    json_array_get(json_object_get(facets, "country"), 0), "count")));
	json_decref(root);
	free(out);
	free(uri);
	mc_search_result_free(r);
}

static void test_coverage_json(void **state)
{
	mc_store *s = *state;
	mc_coverage *cov = NULL;
	json_t *root, *countries, *c;
	char *out = NULL;
	size_t i;

	assert_int_equal(mc_catalogue_load_demo(s, NULL, NULL), 0);
	assert_int_equal(mc_catalogue_coverage(s, &cov), 0);
	assert_int_equal(mc_coverage_to_json(&out, cov), 0);
	root = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "target")),
			 MC_COVERAGE_TARGET);
	countries = json_object_get(root, "countries");
	assert_int_equal(json_array_size(countries), cov->country_count);
	json_array_foreach(countries, i, c)
	{
		assert_true(json_is_string(json_object_get(c, "country")));
		assert_true(json_object_get(c, "name") != NULL);
		assert_true(json_is_integer(json_object_get(c, "published")));
		assert_true(
		    json_is_boolean(json_object_get(c, "below_target")));
	}
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(countries, 0), "country")),
			    cov->countries[0].country);
	assert_true(json_is_array(json_object_get(root, "sectors")));
	assert_true(json_array_size(json_object_get(root, "sectors")) > 0);
	assert_true(json_is_string(json_object_get(
	    json_array_get(json_object_get(root, "sectors"), 0), "label")));
	assert_true(json_is_array(json_object_get(root, "target_groups")));
	assert_true(json_is_array(json_object_get(root, "eqf_levels")));
	json_decref(root);
	free(out);
	mc_coverage_free(cov);
}

/* ---- errors ------------------------------------------------------------- */

static void test_error_table(void **state)
{
	static const struct {
		int code, exit_code, http;
	} table[] = {
	    {MC_OK, 0, 200},	     {MC_ENOMEM, 2, 500},
	    {MC_EINVALID, 1, 422},   {MC_ENOTFOUND, 1, 404},
	    {MC_EEXISTS, 1, 409},    {MC_EIO, 2, 500},
	    {MC_EDB, 2, 500},	     {MC_ESTATE, 1, 409},
	    {MC_ETOOBIG, 1, 413},    {MC_EVERSION, 2, 500},
	    {MC_ENOTOURS, 2, 500},   {MC_EUSAGE, 2, 400},
	    {MC_EBADSIG, 1, 422},    {MC_EREVOKED, 1, 410},
	    {MC_EFORBIDDEN, 1, 403}, {MC_ENOTSUP, 2, 501},
	    {MC_ERETRY, 2, 503},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (mc_error_exit_code(table[i].code) != table[i].exit_code)
			fail_msg("exit code of %d", table[i].code);
		if (mc_error_http_status(table[i].code) != table[i].http)
			fail_msg("HTTP status of %d", table[i].code);
		assert_string_not_equal(mc_error_str(table[i].code),
					"unknown error");
	}
	assert_int_equal(mc_error_exit_code(-99), 2);
	assert_int_equal(mc_error_http_status(-99), 500);
	assert_string_equal(mc_error_str(-99), "unknown error");
	assert_string_equal(mc_error_str(MC_ENOTFOUND), "not found");
}

/* ---- create: an existing id is MC_EEXISTS, the stored record kept ------ */

static void test_create_existing_id(void **state)
{
	mc_store *s = *state;
	mc_org *org = NULL, *again = NULL;
	mc_cluster *cl = NULL, *stored = NULL;
	mc_microcred *mc = NULL, *kept = NULL, *v2 = NULL;
	char *name;

	assert_int_equal(mc_org_get(s, &org, "ua-nqa"), 0);
	free(org->short_name);
	org->short_name = strdup("CHANGED");
	assert_int_equal(mc_org_create(s, org, NULL), MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "id: "));
	assert_non_null(strstr(mc_store_errmsg(s), "'ua-nqa'"));
	assert_int_equal(mc_org_get(s, &again, "ua-nqa"), 0);
	assert_true(!again->short_name ||
		    strcmp(again->short_name, "CHANGED") != 0);

	free(org->id);
	org->id = strdup("ua-new-org");
	assert_int_equal(mc_org_create(s, org, NULL), 0);

	assert_int_equal(mc_cluster_new(&cl), 0);
	cl->id = strdup("cl-create");
	assert_int_equal(mc_langmap_set(&cl->name, "en", "First"), 0);
	assert_int_equal(mc_cluster_create(s, cl, NULL), 0);
	name = cl->name.items[0].text;
	cl->name.items[0].text = strdup("Second");
	free(name);
	assert_int_equal(mc_cluster_create(s, cl, NULL), MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "'cl-create'"));
	assert_int_equal(mc_cluster_get(s, &stored, "cl-create"), 0);
	assert_string_equal(stored->name.items[0].text, "First");

	save_new(s, "cr");
	mc = draft("cr");
	assert_int_equal(mc_langmap_set(&mc->title, "en", "Changed"), 0);
	assert_int_equal(mc_catalogue_create_as(s, mc, "user:x", NULL),
			 MC_EEXISTS);
	assert_non_null(strstr(mc_store_errmsg(s), "id: "));
	assert_non_null(strstr(mc_store_errmsg(s), "'cr'"));
	assert_int_equal(mc_catalogue_get(s, &kept, "cr", 0), 0);
	assert_int_equal(kept->version, 1);
	assert_string_not_equal(mc_langmap_get(&kept->title, "en"), "Changed");
	assert_int_equal(mc_catalogue_get(s, &v2, "cr", 2), MC_ENOTFOUND);
	mc_microcred_free(mc);
	mc = draft("cr-new");
	assert_int_equal(mc_catalogue_create_as(s, mc, "user:x", NULL), 0);
	assert_int_equal(mc->version, 1);

	mc_microcred_free(mc);
	mc_microcred_free(kept);
	mc_cluster_free(cl);
	mc_cluster_free(stored);
	mc_org_free(org);
	mc_org_free(again);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define D(f) cmocka_unit_test_setup_teardown(f, setup_empty, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_save_new_is_v1_draft),
	    T(test_save_replaces_draft),
	    T(test_save_after_publish_makes_new_version),
	    T(test_save_after_retire_makes_new_version),
	    T(test_save_in_review_or_approved_refused),
	    T(test_save_invalid_lists_fields),
	    T(test_save_unknown_organisations),
	    T(test_transition_table),
	    T(test_transition_retire_unpublished_refused),
	    T(test_transition_unknown),
	    T(test_publish_v2_retires_v1),
	    T(test_retire_published_with_newer_draft),
	    T(test_uri_and_resolve),
	    T(test_resolve_bad_forms),
	    T(test_base_url),
	    cmocka_unit_test(test_base_url_persists),
	    T(test_adapt),
	    T(test_adapt_chain),
	    T(test_adapt_actor),
	    T(test_adapt_exact_version),
	    T(test_adapt_default_id_truncated),
	    T(test_adapt_refused),
	    T(test_import_single_object),
	    T(test_import_array),
	    T(test_import_bundle_any_order),
	    T(test_import_csv),
	    T(test_import_csv_problems),
	    T(test_import_all_or_nothing),
	    T(test_import_reports_every_problem),
	    T(test_import_malformed),
	    T(test_import_duplicates),
	    T(test_import_status_without_version),
	    T(test_import_csv_status_without_version),
	    T(test_import_cluster_unknown_member),
	    T(test_import_export_twice_unchanged),
	    T(test_import_version_conflict),
	    T(test_import_draft_over_review),
	    T(test_import_one_published),
	    T(test_import_too_big),
	    T(test_check_file),
	    T(test_export_round_trip),
	    T(test_export_versions_in_order),
	    T(test_export_unknown_and_empty),
	    D(test_demo),
	    D(test_demo_search),
	    D(test_search_json),
	    D(test_coverage_json),
	    cmocka_unit_test(test_error_table),
	    T(test_create_existing_id),
	};
#undef T
#undef D

	return cmocka_run_group_tests(tests, NULL, NULL);
}
