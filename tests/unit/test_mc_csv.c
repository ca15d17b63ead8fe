/*
 * The CSV catalogue reader (src/lib/mc_csv.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

#define HEADER                                                                 \
	"id,primary_language,languages,title@uk,title@en,provider,"            \
	"awarding_bodies,countries,sector,target_groups,eqf_level,ects,"       \
	"hours,assessment,mode,work_based,qa_type,knowledge@uk,"               \
	"knowledge@en,skills@en,skills@uk,esco@skills,stackability,part_"      \
	"of\r\n"

static const char GOOD[] =
    "\xEF\xBB\xBF" HEADER
    "ua-weld,uk,uk; en,Зварювання,Welding,ua-lyceum,ua-lyceum;ua-nqa,UA,"
    "0715,idps;veterans,3,3,80,practical_demonstration,onsite,yes,"
    "internal,\"Знає будову поста.\r\nЗнає норми безпеки.\","
    "\"Knows the station.\nKnows the safety rules.\n\","
    "Can weld fillet joints.,Виконує кутові шви.,"
    "http://data.europa.eu/esco/skill/"
    "0b0e6f9a-6e2b-4f3c-9a7e-2d6b1c3f4a5e,stackable,Welder\r\n"
    "ge-weld,en,ka,,Welding (შედუღება),ge-college,ge-college,GE,07,adults,4,,"
    "120,combined,blended,0,external,,Knows metals.,,,,,\r\n";

static void dump(const mc_problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		char *s = mc_problem_format(&p->items[i]);

		print_message("  %s\n", s);
		free(s);
	}
}

static void test_good_catalogue(void **state)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred **list = NULL;
	const mc_microcred *a, *b;
	size_t n = 0;
	int rc;

	(void)state;
	rc = mc__microcred_from_csv(&list, &n, GOOD, strlen(GOOD), "cat.csv",
				    &p);
	dump(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(p.count, 0);
	assert_int_equal(n, 2);
	a = list[0];
	b = list[1];
	assert_string_equal(a->id, "ua-weld");
	assert_int_equal(a->languages.count, 2);
	assert_string_equal(a->languages.items[1], "en"); /* trimmed */
	assert_string_equal(mc_langmap_get(&a->title, "uk"), "Зварювання");
	assert_int_equal(a->awarding_bodies.count, 2);
	assert_int_equal(a->target_groups.count, 2);
	assert_int_equal(a->eqf_level, 3);
	assert_true(a->ects == 3 && a->hours == 80 && a->ecvet == 0);
	assert_int_equal(a->assessment, MC_ASSESS_PRACTICAL);
	assert_true(a->work_based);
	assert_int_equal(a->qa_type, MC_QA_INTERNAL);
	assert_int_equal(a->stackability, MC_STACK_STACKABLE);
	assert_string_equal(a->part_of, "Welder");
	/* Two knowledge outcomes (CRLF and LF lines), then one skill. */
	assert_int_equal(a->outcome_count, 3);
	assert_int_equal(a->outcomes[0].category, MC_LO_KNOWLEDGE);
	assert_string_equal(mc_langmap_get(&a->outcomes[1].text, "uk"),
			    "Знає норми безпеки.");
	assert_string_equal(mc_langmap_get(&a->outcomes[1].text, "en"),
			    "Knows the safety rules.");
	assert_int_equal(a->outcomes[2].category, MC_LO_SKILLS);
	assert_string_equal(mc_langmap_get(&a->outcomes[2].text, "uk"),
			    "Виконує кутові шви.");
	assert_int_equal(a->outcomes[2].esco_skills.count, 1);
	assert_int_equal(a->outcomes[0].esco_skills.count, 0);

	assert_string_equal(b->id, "ge-weld");
	assert_string_equal(mc_langmap_get(&b->title, "en"),
			    "Welding (შედუღება)");
	assert_null(mc_langmap_get(&b->title, "uk"));
	assert_false(b->work_based);
	assert_int_equal(b->outcome_count, 1);
	assert_int_equal(b->stackability, MC_STACK_UNSET);
	mc__microcred_array_free(list, n);
	mc_problems_clear(&p);
}

/* Every problem of every row is reported, with "NAME line N". */
static void test_row_problems(void **state)
{
	static const char data[] =
	    HEADER "ua-a,uk,uk,А,A,p,p,UA,0715,idps,abc,3,80,oral_exam,onsite,"
		   "maybe,internal,Знає.,Knows.,,,,,\n"
		   "ua-b,uk,uk,Б,B,p,p,UA,0715,idps,3,x,80,oral_exam,onsite,no,"
		   "internal,Знає.,Knows.,,,,,\n"
		   "ua-a,uk,uk,А,A,p,p,UA,0715,idps,3,3,80,oral_exam,onsite,no,"
		   "internal,Знає.,Knows.,,,,,\n"
		   "ua-a,uk,uk,А,A,p,p,UA,0715,idps,3,3,80,oral_exam,onsite,no,"
		   "internal,Знає.,Knows.,,,,,\n"
		   "short,row\n";
	static const char *const expected[] = {
	    "cat.csv line 2: eqf_level: not an integer 'abc'",
	    "cat.csv line 2: participation.work_based: not a boolean "
	    "'maybe' (true/false, yes/no, 1/0)",
	    "cat.csv line 3: workload.ects: not a number 'x'",
	    "cat.csv line 5: id: duplicate of the record on line 4",
	    "cat.csv line 6: 2 fields, but the header has 24",
	};
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred **list = (mc_microcred **)1;
	size_t n = 99, i;

	(void)state;
	assert_int_equal(mc__microcred_from_csv(&list, &n, data, strlen(data),
						"cat.csv", &p),
			 MC_EINVALID);
	assert_null(list);
	assert_int_equal(n, 0);
	dump(&p);
	assert_int_equal(p.count, 5);
	for (i = 0; i < p.count; i++) {
		char *s = mc_problem_format(&p.items[i]);

		assert_string_equal(s, expected[i]);
		free(s);
	}
	mc_problems_clear(&p);
}

static void test_header_problems(void **state)
{
	static const char data[] = "id,colour,title@en_GB,title@en,id,"
				   "esco@attitudes\nx,y,z,w,v,u\n";
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred **list;
	size_t n;

	(void)state;
	assert_int_equal(
	    mc__microcred_from_csv(&list, &n, data, strlen(data), "h.csv", &p),
	    MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 4);
	assert_string_equal(p.items[0].where, "h.csv line 1");
	assert_string_equal(p.items[0].field, "'colour'");
	assert_string_equal(p.items[0].reason, "unknown column");
	assert_string_equal(p.items[1].field, "'title@en_GB'");
	assert_string_equal(p.items[1].reason,
			    "invalid language tag in column name");
	assert_string_equal(p.items[2].field, "'id'");
	assert_string_equal(p.items[2].reason, "duplicate column");
	assert_string_equal(p.items[3].field, "'esco@attitudes'");
	mc_problems_clear(&p);
}

static void test_syntax_and_semantics(void **state)
{
	static const char unterminated[] = "id\n\"ua-a\n";
	static const char semantic[] =
	    HEADER "ua-a,uk,uk,А,A,p,p,XX,0715,idps,9,3,80,oral_exam,"
		   "onsite,no,internal,Знає.,Knows.,,,,,\n";
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred **list;
	size_t n;
	char *s;

	(void)state;
	assert_int_equal(mc__microcred_from_csv(&list, &n, unterminated,
						strlen(unterminated), "u.csv",
						&p),
			 MC_EINVALID);
	assert_int_equal(p.count, 1);
	s = mc_problem_format(&p.items[0]);
	assert_string_equal(s, "u.csv line 2: field 1: quote not closed");
	free(s);
	mc_problems_clear(&p);

	assert_int_equal(mc__microcred_from_csv(&list, &n, semantic,
						strlen(semantic), "s.csv", &p),
			 MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 2);
	s = mc_problem_format(&p.items[0]);
	assert_string_equal(s, "s.csv line 2: countries[0]: unknown ISO "
			       "3166-1 alpha-2 country code 'XX'");
	free(s);
	s = mc_problem_format(&p.items[1]);
	assert_string_equal(s, "s.csv line 2: eqf_level: must be 1..8, got 9");
	free(s);
	mc_problems_clear(&p);

	/* Header only: no records, no problem; empty input: a problem. */
	assert_int_equal(mc__microcred_from_csv(&list, &n, "id\n", 3, "e", &p),
			 0);
	assert_int_equal(n, 0);
	mc__microcred_array_free(list, n);
	assert_int_equal(mc__microcred_from_csv(&list, &n, "", 0, "e", &p),
			 MC_EINVALID);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].reason, "no header row");
	mc_problems_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_catalogue),
	    cmocka_unit_test(test_row_problems),
	    cmocka_unit_test(test_header_problems),
	    cmocka_unit_test(test_syntax_and_semantics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
