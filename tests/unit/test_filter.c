/* test_filter.c: selections: AND across kinds, OR within one, ids and labels case-insensitively, Standards vs criteria. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/buf.h"
#include "gpdigest/edition.h"
#include "gpdigest/record.h"

/* ---- a small corpus like the shipped one, plus edge cases ---- */

enum { TH_HEALTH, TH_CONTACT, TH_USER, THURROCK, BIRMINGHAM, STD12, NO_AUTH, NRECS };

typedef struct corpus {
	gpd_record *r[NRECS];
} corpus;

static uint64_t tick(gpd_group g, const char *id)
{
	int i = gpd_form_find_id(g, id);

	if (i < 0)
		fail_msg("no option %s", id);
	return GPD_TICK(i);
}

static gpd_record *rec(const char *id, const char *authority, const char *region,
	const char *criteria)
{
	gpd_record *r = gpd_record_new();

	assert_non_null(r);
	r->id = gpd_strdup(id);
	r->title = gpd_strdup(id);
	r->authority = gpd_strdup(authority);
	if (region)
		r->ticks[GPD_GROUP_REGION] = tick(GPD_GROUP_REGION, region);
	for (const char *s = criteria; s && *s;) {
		char num[16];
		size_t n = strcspn(s, " ");
		gpd_criterion c;

		snprintf(num, sizeof(num), "%.*s", (int)n, s);
		assert_int_equal(gpd_criterion_parse(num, &c), 0);
		assert_int_equal(gpd_record_add_criterion(r, c), 0);
		s += n + (s[n] == ' ');
	}
	return r;
}

static int setup(void **state)
{
	corpus *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return -1;
	c->r[TH_HEALTH] = rec("th-health", "Tower Hamlets", "london", "2.4");
	c->r[TH_CONTACT] = rec("th-contact", "Tower Hamlets", "london", "1.4");
	c->r[TH_USER] = rec("th-user", "Tower Hamlets", "london", "5.2");
	c->r[THURROCK] = rec("thurrock", "Thurrock", "se-england", "2.11");
	c->r[BIRMINGHAM] = rec("birmingham", "Birmingham", "west-midlands", NULL);
	c->r[STD12] = rec("std12", "Sampleton", "london", "12.4 2.40");
	c->r[NO_AUTH] = rec("no-auth", NULL, NULL, NULL); /* a record with errors */
	c->r[TH_USER]->ticks[GPD_GROUP_OUTCOME] = tick(GPD_GROUP_OUTCOME, "make-a-positive-contribution");
	c->r[TH_HEALTH]->ticks[GPD_GROUP_OUTCOME] = tick(GPD_GROUP_OUTCOME, "be-healthy") |
		tick(GPD_GROUP_OUTCOME, "stay-safe");
	c->r[THURROCK]->ticks[GPD_GROUP_OUTCOME] = tick(GPD_GROUP_OUTCOME, "be-healthy");
	c->r[TH_HEALTH]->ticks[GPD_GROUP_TARGET] = tick(GPD_GROUP_TARGET, "leaving-care");
	c->r[THURROCK]->ticks[GPD_GROUP_AGENCY_TYPE] = tick(GPD_GROUP_AGENCY_TYPE, "health");
	c->r[TH_HEALTH]->ticks[GPD_GROUP_AGENCY_TYPE] = tick(GPD_GROUP_AGENCY_TYPE, "la-london-borough");
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	corpus *c = *state;

	for (int i = 0; i < NRECS; i++)
		gpd_record_free(c->r[i]);
	free(c);
	return 0;
}

/* Adds "kind=value" pairs; every one must be accepted. */
static void add(gpd_filter *f, gpd_filter_kind kind, const char *value)
{
	gpd_buf why = {0};
	int rc = gpd_filter_add(f, kind, value, &why);

	if (rc != 0)
		fail_msg("%s '%s' refused: %s", gpd_filter_kind_name(kind), value,
			why.data ? why.data : "");
	assert_int_equal(why.len, 0);
	gpd_buf_free(&why);
}

/* The set of records (bit i for record i) the filter matches. */
static unsigned matches(const corpus *c, const gpd_filter *f)
{
	unsigned set = 0;

	for (int i = 0; i < NRECS; i++)
		if (gpd_filter_match(f, c->r[i]))
			set |= 1u << i;
	return set;
}

#define B(i) (1u << (i))

/* ---- kinds ---- */

static void test_kind_names(void **state)
{
	static const char *names[] = {"region", "authority", "criterion", "outcome",
		"target", "agency-type"};

	(void)state;
	for (int k = 0; k < GPD_FILTER__COUNT; k++) {
		assert_string_equal(gpd_filter_kind_name((gpd_filter_kind)k), names[k]);
		assert_int_equal(gpd_filter_kind_find(names[k]), k);
	}
	assert_int_equal(gpd_filter_kind_find("Region"), -1);
	assert_int_equal(gpd_filter_kind_find("agency_type"), -1);
	assert_null(gpd_filter_kind_name(GPD_FILTER__COUNT));
}

static void test_empty_matches_all(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0};
	gpd_buf d = {0};

	assert_true(gpd_filter_is_empty(&f));
	assert_int_equal(matches(c, &f), (1u << NRECS) - 1);
	gpd_filter_describe(&f, &d);
	assert_string_equal(d.data, "All records");
	gpd_buf_free(&d);
}

/* ---- values: ids and labels, case-insensitively ---- */

static void test_region_ids_and_labels(void **state)
{
	static const char *spellings[] = {"london", "London", "LONDON", "lOnDoN"};
	corpus *c = *state;

	for (size_t i = 0; i < sizeof(spellings) / sizeof(*spellings); i++) {
		gpd_filter f = {0};
		add(&f, GPD_FILTER_REGION, spellings[i]);
		assert_false(gpd_filter_is_empty(&f));
		assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(TH_CONTACT) | B(TH_USER) | B(STD12));
		gpd_filter_free(&f);
	}
	static const char *se[] = {"se-england", "SE-ENGLAND", "SE England", "se england"};
	for (size_t i = 0; i < sizeof(se) / sizeof(*se); i++) {
		gpd_filter f = {0};
		add(&f, GPD_FILTER_REGION, se[i]);
		assert_int_equal(matches(c, &f), B(THURROCK));
		gpd_filter_free(&f);
	}
}

static void test_outcome_target_agency_labels(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0};

	add(&f, GPD_FILTER_OUTCOME, "Be healthy");
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(THURROCK));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_OUTCOME, "BE-HEALTHY");
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(THURROCK));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_OUTCOME, "make a positive contribution");
	assert_int_equal(matches(c, &f), B(TH_USER));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_TARGET, "Young people leaving care");
	assert_int_equal(matches(c, &f), B(TH_HEALTH));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_AGENCY_TYPE, "health agency (e.g. pct, nhs trust)");
	assert_int_equal(matches(c, &f), B(THURROCK));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_AGENCY_TYPE, "la-london-borough");
	assert_int_equal(matches(c, &f), B(TH_HEALTH));
	gpd_filter_free(&f);
}

/* An unknown value is refused with a sentence listing every valid one. */
static void test_unknown_values_listed(void **state)
{
	gpd_filter f = {0};
	gpd_buf why = {0};

	(void)state;
	assert_int_equal(gpd_filter_add(&f, GPD_FILTER_REGION, "atlantis", &why), -1);
	assert_non_null(strstr(why.data, "unknown region 'atlantis'"));
	for (const char *id = "national\0nw-england\0ne-england\0sw-england\0se-england\0"
	     "london\0east-midlands\0west-midlands\0"; *id; id += strlen(id) + 1)
		assert_non_null(strstr(why.data, id));
	assert_non_null(strstr(why.data, "West Midlands"));
	assert_true(gpd_filter_is_empty(&f));
	gpd_buf_free(&why);
	assert_int_equal(gpd_filter_add(&f, GPD_FILTER_OUTCOME, "be healthy!", &why), -1);
	assert_non_null(strstr(why.data, "be-healthy (Be healthy)"));
	gpd_buf_free(&why);
	/* a prefix of a label is not the label */
	assert_int_equal(gpd_filter_add(&f, GPD_FILTER_REGION, "Lond", &why), -1);
	gpd_buf_free(&why);
	assert_int_equal(gpd_filter_add(&f, GPD_FILTER_REGION, "", &why), -1);
	gpd_buf_free(&why);
	assert_int_equal(gpd_filter_add(&f, GPD_FILTER__COUNT, "x", &why), -1);
	gpd_buf_free(&why);
	assert_true(gpd_filter_is_empty(&f));
}

/* ---- criteria: a Standard "2" vs a criterion "2.4" ---- */

static void test_standard_vs_criterion(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0};

	add(&f, GPD_FILTER_CRITERION, "2"); /* all of Standard 2 */
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(THURROCK) | B(STD12));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_CRITERION, "2.4"); /* exactly 2.4: not 2.40, not 12.4 */
	assert_int_equal(matches(c, &f), B(TH_HEALTH));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_CRITERION, "2.1"); /* not a prefix of 2.11 */
	assert_int_equal(matches(c, &f), 0);
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_CRITERION, "2.11");
	assert_int_equal(matches(c, &f), B(THURROCK));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_CRITERION, "12"); /* Standard 12 is not Standard 2 */
	assert_int_equal(matches(c, &f), B(STD12));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_CRITERION, "1");
	assert_int_equal(matches(c, &f), B(TH_CONTACT));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_CRITERION, "2.40");
	assert_int_equal(matches(c, &f), B(STD12));
	gpd_filter_free(&f);
}

static void test_bad_criteria(void **state)
{
	static const char *bad[] = {"", "two", "2.", ".4", "0", "2.0", "02", "2.04",
		"1000", "2.4.1", "2,4", " 2", "2 ", "-2", "+2", "2.4x"};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		gpd_filter f = {0};
		gpd_buf why = {0};

		if (gpd_filter_add(&f, GPD_FILTER_CRITERION, bad[i], &why) != -1)
			fail_msg("criterion '%s' accepted", bad[i]);
		assert_non_null(strstr(why.data, "criterion"));
		assert_true(gpd_filter_is_empty(&f));
		gpd_buf_free(&why);
		gpd_filter_free(&f);
	}
}

/* ---- authorities: any name, compared whole by key (gpd_authority_cmp) ---- */

static void test_authority(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0};

	add(&f, GPD_FILTER_AUTHORITY, "tower hamlets");
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(TH_CONTACT) | B(TH_USER));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_AUTHORITY, "TOWER HAMLETS");
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(TH_CONTACT) | B(TH_USER));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_AUTHORITY, "Tower"); /* no prefix matches */
	assert_int_equal(matches(c, &f), 0);
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_AUTHORITY, "Tower Hamlet"); /* nor near misses */
	assert_int_equal(matches(c, &f), 0);
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_AUTHORITY, " tower-hamlets. "); /* one key: one authority */
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(TH_CONTACT) | B(TH_USER));
	gpd_filter_free(&f);
	/* a record without an authority (it has errors) matches no authority */
	add(&f, GPD_FILTER_AUTHORITY, "");
	assert_int_equal(matches(c, &f), 0);
	gpd_filter_free(&f);
}

static void test_check_authorities(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0};
	gpd_buf why = {0};

	assert_int_equal(gpd_filter_check_authorities(&f, c->r, NRECS, &why), 0);
	add(&f, GPD_FILTER_AUTHORITY, "thurrock");
	add(&f, GPD_FILTER_AUTHORITY, "BIRMINGHAM");
	assert_int_equal(gpd_filter_check_authorities(&f, c->r, NRECS, &why), 0);
	assert_int_equal(why.len, 0);
	add(&f, GPD_FILTER_AUTHORITY, "Atlantis");
	assert_int_equal(gpd_filter_check_authorities(&f, c->r, NRECS, &why), -1);
	assert_string_equal(why.data, "unknown authority 'Atlantis'; authorities with records: "
		"Tower Hamlets, Thurrock, Birmingham, Sampleton");
	gpd_buf_free(&why);
	assert_int_equal(gpd_filter_check_authorities(&f, c->r, 0, &why), -1);
	assert_non_null(strstr(why.data, "none"));
	gpd_buf_free(&why);
	gpd_filter_free(&f);
}

/* ---- combinations ---- */

static void test_or_within_kind(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0};

	add(&f, GPD_FILTER_REGION, "se-england");
	add(&f, GPD_FILTER_REGION, "West Midlands");
	assert_int_equal(matches(c, &f), B(THURROCK) | B(BIRMINGHAM));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_CRITERION, "1.4");
	add(&f, GPD_FILTER_CRITERION, "5");
	assert_int_equal(matches(c, &f), B(TH_CONTACT) | B(TH_USER));
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_AUTHORITY, "Thurrock");
	add(&f, GPD_FILTER_AUTHORITY, "birmingham");
	assert_int_equal(matches(c, &f), B(THURROCK) | B(BIRMINGHAM));
	gpd_filter_free(&f);
	/* the same value twice changes nothing */
	add(&f, GPD_FILTER_REGION, "london");
	add(&f, GPD_FILTER_REGION, "LONDON");
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(TH_CONTACT) | B(TH_USER) | B(STD12));
	gpd_filter_free(&f);
}

static void test_and_across_kinds(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0};
	gpd_buf d = {0};

	/* the acceptance example: London records of Standard 2 */
	add(&f, GPD_FILTER_REGION, "london");
	add(&f, GPD_FILTER_CRITERION, "2");
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(STD12));
	add(&f, GPD_FILTER_AUTHORITY, "Tower Hamlets");
	assert_int_equal(matches(c, &f), B(TH_HEALTH));
	gpd_filter_describe(&f, &d);
	assert_string_equal(d.data, "Region: London; Authority: Tower Hamlets; Standard 2");
	gpd_buf_free(&d);
	gpd_filter_free(&f);

	/* OR inside, AND between: (london or se) and (2.4 or 2.11) and be-healthy */
	add(&f, GPD_FILTER_REGION, "london");
	add(&f, GPD_FILTER_REGION, "se-england");
	add(&f, GPD_FILTER_CRITERION, "2.4");
	add(&f, GPD_FILTER_CRITERION, "2.11");
	assert_int_equal(matches(c, &f), B(TH_HEALTH) | B(THURROCK));
	add(&f, GPD_FILTER_OUTCOME, "stay-safe");
	assert_int_equal(matches(c, &f), B(TH_HEALTH));
	gpd_filter_describe(&f, &d);
	assert_string_equal(d.data, "Region: SE England or London; Criterion 2.4 or Criterion 2.11; "
		"ECM outcome: Stay safe");
	gpd_buf_free(&d);
	gpd_filter_free(&f);

	/* a kind no record has: nothing, whatever else matches */
	add(&f, GPD_FILTER_REGION, "london");
	add(&f, GPD_FILTER_CRITERION, "2.11");
	assert_int_equal(matches(c, &f), 0);
	gpd_filter_free(&f);
	add(&f, GPD_FILTER_OUTCOME, "enjoy-and-achieve");
	assert_int_equal(matches(c, &f), 0);
	gpd_filter_free(&f);
	/* a record with no tick in a group never matches that group */
	add(&f, GPD_FILTER_REGION, "west-midlands");
	add(&f, GPD_FILTER_OUTCOME, "be-healthy");
	assert_int_equal(matches(c, &f), 0);
	gpd_filter_free(&f);
}

static void test_copy(void **state)
{
	corpus *c = *state;
	gpd_filter f = {0}, g;
	gpd_buf a = {0}, b = {0};

	add(&f, GPD_FILTER_AUTHORITY, "Tower Hamlets");
	add(&f, GPD_FILTER_CRITERION, "2");
	add(&f, GPD_FILTER_CRITERION, "5.2");
	add(&f, GPD_FILTER_REGION, "london");
	assert_int_equal(gpd_filter_copy(&g, &f), 0);
	gpd_filter_describe(&f, &a);
	gpd_filter_free(&f);      /* the copy owns its own strings */
	assert_int_equal(matches(c, &g), B(TH_HEALTH) | B(TH_USER));
	gpd_filter_describe(&g, &b);
	assert_string_equal(a.data, b.data);
	gpd_buf_free(&a);
	gpd_buf_free(&b);
	gpd_filter_free(&g);
	gpd_filter_free(&g); /* freeing twice is harmless: it is zeroed */
	assert_true(gpd_filter_is_empty(&g));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test_setup_teardown(test_empty_matches_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region_ids_and_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_target_agency_labels, setup, teardown),
		cmocka_unit_test(test_unknown_values_listed),
		cmocka_unit_test_setup_teardown(test_standard_vs_criterion, setup, teardown),
		cmocka_unit_test(test_bad_criteria),
		cmocka_unit_test_setup_teardown(test_authority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_authorities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_or_within_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_and_across_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
