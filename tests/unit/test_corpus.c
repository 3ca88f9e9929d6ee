/* test_corpus.c: Part 1's grouping: a record once per criterion it cites, in full under the first, whatever it repeats. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/corpus.h"

static gpd_record *mkrec(const char *id)
{
	gpd_record *r = gpd_record_new();

	assert_non_null(r);
	r->id = strdup(id);
	r->title = strdup(id);
	r->authority = strdup("Thurrock");
	return r;
}

static void cite(gpd_record *r, unsigned standard, unsigned number)
{
	assert_int_equal(gpd_record_add_criterion(r, (gpd_criterion){standard, number, {0, 0}}), 0);
}

static const gpd_criterion_section *section(const gpd_corpus *c, unsigned standard,
	unsigned number)
{
	for (size_t s = 0; s < c->nstandards; s++)
		for (size_t i = 0; i < c->standards[s].n; i++)
			if (c->standards[s].criteria[i].crit.standard == standard &&
			    c->standards[s].criteria[i].crit.number == number)
				return &c->standards[s].criteria[i];
	return NULL;
}

/* The lowest criterion, the first of equals, as the record is filled. */
static void test_first_criterion(void **state)
{
	gpd_record *r = mkrec("a");

	(void)state;
	assert_null(gpd_record_first_criterion(r));
	cite(r, 5, 2);
	assert_ptr_equal(gpd_record_first_criterion(r), &r->criteria[0]);
	cite(r, 1, 4);
	cite(r, 10, 1);
	cite(r, 1, 4);
	cite(r, 1, 11);
	assert_ptr_equal(gpd_record_first_criterion(r), &r->criteria[1]);
	gpd_record_free(r);
}

/* About the most criteria an 8 MiB record holds, two ways: one criterion
 * 300,000 times, and 150 criteria of each of 999 Standards, each given
 * twice. Each section holds a record once, in full only under its first
 * criterion, in time linear in the criteria: comparing each with every
 * earlier one took minutes here, so this also guards against a hang under
 * the test's timeout. */
#define REPEATS 300000
#define STANDARDS 999
#define NUMBERS 150

static void test_repeated_criteria(void **state)
{
	/* by title, the order of a section's entries */
	gpd_record *recs[3] = {mkrec("once"), mkrec("repeats"), mkrec("spread")};
	const gpd_criterion_section *cs;
	gpd_corpus *c;
	size_t total = 0;

	(void)state;
	cite(recs[0], 5, 2);
	for (size_t i = 0; i < REPEATS; i++)
		cite(recs[1], 5, 2);
	cite(recs[1], 2, 11);
	cite(recs[1], 2, 11);
	for (int pass = 0; pass < 2; pass++) /* the second from the last Standard */
		for (unsigned k = 0; k < STANDARDS * NUMBERS; k++)
			cite(recs[2], pass ? STANDARDS - k % STANDARDS : 1 + k % STANDARDS,
				1 + k / STANDARDS);
	c = gpd_corpus_build((const gpd_record *const *)recs, 3, NULL);
	assert_non_null(c);
	assert_int_equal(c->nstandards, STANDARDS);
	for (size_t s = 0; s < c->nstandards; s++) {
		assert_int_equal(c->standards[s].n, NUMBERS);
		for (size_t i = 0; i < NUMBERS; i++)
			total += c->standards[s].criteria[i].n;
	}
	assert_int_equal(total, STANDARDS * NUMBERS + 3);
	cs = section(c, 5, 2);
	assert_int_equal(cs->n, 3);
	for (size_t e = 0; e < 3; e++)
		assert_true(cs->entries[e].rec == recs[e] && cs->entries[e].in_full == (e == 0));
	cs = section(c, 2, 11);
	assert_int_equal(cs->n, 2);
	assert_true(cs->entries[0].rec == recs[1] && cs->entries[0].in_full);
	assert_true(cs->entries[1].rec == recs[2] && !cs->entries[1].in_full);
	cs = section(c, 1, 1);
	assert_true(cs->n == 1 && cs->entries[0].in_full);
	gpd_corpus_free(c);
	for (int i = 0; i < 3; i++)
		gpd_record_free(recs[i]);
}

/* The anchor of each authority in the index (and its HTML page's file
 * name) given by the authority, of Tower Hamlets' records, of Jerusalem's
 * in Hebrew and of Beijing's in Chinese, with and without a record of
 * Baghdad in Arabic, whose name sorts between theirs. */
static const char *anchor_of(const gpd_corpus *c, const char *authority)
{
	for (size_t i = 0; i < c->nauthorities; i++)
		if (strcmp(c->authorities[i].label, authority) == 0)
			return c->authorities[i].anchor;
	fail_msg("no %s", authority);
	return NULL;
}

#define JERUSALEM "\xD7\x99\xD7\xA8\xD7\x95\xD7\xA9\xD7\x9C\xD7\x99\xD7\x9D"
#define BAGHDAD "\xD8\xA8\xD8\xBA\xD8\xAF\xD8\xA7\xD8\xAF"
#define BEIJING "\xE5\x8C\x97\xE4\xBA\xAC"

/* Every authority whose name gives no slug (Arabic, Hebrew, Chinese...)
 * was "authority-x", "authority-x-2"... in the order of their names:
 * adding Baghdad gave Beijing's page address to Baghdad. Now each is of
 * its first record's id, as its handout's file name is. */
static void test_authority_anchors(void **state)
{
	gpd_record *recs[5] = {mkrec("th-rec"), mkrec("jerusalem-rec"), mkrec("beijing-rec"),
		mkrec("beijing-later"), mkrec("baghdad-rec")};
	static const char *const names[5] = {"Tower Hamlets", JERUSALEM, BEIJING, BEIJING, BAGHDAD};
	gpd_corpus *c;

	(void)state;
	for (int i = 0; i < 5; i++) {
		free(recs[i]->authority);
		recs[i]->authority = strdup(names[i]);
	}
	for (size_t n = 4; n <= 5; n++) {
		c = gpd_corpus_build((const gpd_record *const *)recs, n, NULL);
		assert_non_null(c);
		assert_int_equal(c->nauthorities, n - 1);
		assert_string_equal(anchor_of(c, "Tower Hamlets"), "authority-tower-hamlets");
		assert_string_equal(anchor_of(c, JERUSALEM), "authority-jerusalem-rec");
		assert_string_equal(anchor_of(c, BEIJING), "authority-beijing-later");
		if (n == 5)
			assert_string_equal(anchor_of(c, BAGHDAD), "authority-baghdad-rec");
		gpd_corpus_free(c);
	}
	for (int i = 0; i < 5; i++)
		gpd_record_free(recs[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_criterion),
		cmocka_unit_test(test_repeated_criteria),
		cmocka_unit_test(test_authority_anchors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
