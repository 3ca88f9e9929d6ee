/* test_form.c: the form's option tables, and the XSD generated from them. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/form.h"
#include "gpdigest/schema.h"

/* [a-z0-9]+(-[a-z0-9]+)* */
static int is_slug(const char *s)
{
	int prev_dash = 1; /* no leading dash */

	if (*s == '\0')
		return 0;
	for (; *s; s++) {
		if (*s == '-') {
			if (prev_dash)
				return 0;
			prev_dash = 1;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
			prev_dash = 0;
		} else {
			return 0;
		}
	}
	return !prev_dash; /* no trailing dash */
}

static void test_slug_helper(void **state)
{
	(void)state;
	/* The checker itself must be able to say no. */
	assert_true(is_slug("la-london-borough"));
	assert_true(is_slug("uasc"));
	assert_true(is_slug("older-looked-after-15"));
	assert_false(is_slug(""));
	assert_false(is_slug("-a"));
	assert_false(is_slug("a-"));
	assert_false(is_slug("a--b"));
	assert_false(is_slug("A"));
	assert_false(is_slug("a_b"));
	assert_false(is_slug("a b"));
}

static void test_every_group_has_options(void **state)
{
	(void)state;
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		assert_non_null(grp);
		assert_non_null(grp->element);
		assert_true(is_slug(grp->element));
		assert_non_null(grp->question);
		assert_true(strlen(grp->question) > 0);
		assert_non_null(grp->heading);
		assert_non_null(grp->options);
		assert_true(grp->count > 0);
		/* a tick set is a uint64_t */
		assert_true(grp->count <= 64);
	}
	assert_null(gpd_form_group(GPD_GROUP__COUNT));
	assert_null(gpd_form_group((gpd_group)-1));
}

static void test_ids_and_labels_unique(void **state)
{
	(void)state;
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		for (size_t i = 0; i < grp->count; i++) {
			const gpd_option *o = &grp->options[i];

			assert_non_null(o->id);
			assert_non_null(o->label);
			if (!is_slug(o->id))
				fail_msg("group %s: option id '%s' is not a slug",
					grp->element, o->id);
			assert_true(strlen(o->label) > 0);
			for (size_t j = 0; j < i; j++) {
				if (strcmp(grp->options[j].id, o->id) == 0)
					fail_msg("group %s: id '%s' twice", grp->element, o->id);
				if (strcmp(grp->options[j].label, o->label) == 0)
					fail_msg("group %s: label '%s' twice", grp->element,
						o->label);
			}
		}
	}
}

static void test_group_elements_unique(void **state)
{
	(void)state;
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		for (int h = 0; h < g; h++)
			assert_string_not_equal(gpd_form_group((gpd_group)g)->element,
				gpd_form_group((gpd_group)h)->element);
}

/* The counts DESIGN.md lists, option by option. */
static void test_group_sizes(void **state)
{
	(void)state;
	assert_int_equal(gpd_form_group(GPD_GROUP_OUTCOME)->count, 5);
	assert_int_equal(gpd_form_group(GPD_GROUP_TARGET)->count, 29);
	assert_int_equal(gpd_form_group(GPD_GROUP_AGENCY_TYPE)->count, 13);
	assert_int_equal(gpd_form_group(GPD_GROUP_REGION)->count, 8);
	assert_int_equal(gpd_form_group(GPD_GROUP_EVIDENCE_BASIS)->count, 5);
	assert_int_equal(gpd_form_group(GPD_GROUP_IMPACT_SOURCE)->count, 5);
	assert_int_equal(gpd_form_group(GPD_GROUP_IMPACT_FINDING)->count, 4);
	assert_int_equal(gpd_form_group(GPD_GROUP_PROCESS_FINDING)->count, 4);
	assert_int_equal(gpd_form_group(GPD_GROUP_REPORT)->count, 2);
	assert_true(gpd_form_group(GPD_GROUP_REPORT)->single);
	assert_false(gpd_form_group(GPD_GROUP_AGENCY_TYPE)->single);
}

/* Exactly the boxes the printed form follows with "please specify". */
static void test_specify_options(void **state)
{
	static const struct { gpd_group g; const char *id; } want[] = {
		{GPD_GROUP_TARGET, "others"},
		{GPD_GROUP_AGENCY_TYPE, "multi-agency"},
		{GPD_GROUP_AGENCY_TYPE, "other"},
		{GPD_GROUP_REGION, "national"},
	};
	size_t n = 0;

	(void)state;
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		for (size_t i = 0; i < grp->count; i++) {
			int expected = 0;

			for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
				if (want[k].g == (gpd_group)g &&
				    strcmp(want[k].id, grp->options[i].id) == 0)
					expected = 1;
			if (grp->options[i].specify != expected)
				fail_msg("%s/%s: specify is %d", grp->element,
					grp->options[i].id, grp->options[i].specify);
			/* every "please specify" box says so on the form */
			if (expected)
				assert_non_null(strstr(grp->options[i].label, "please specify"));
			n += grp->options[i].specify != 0;
		}
	}
	assert_int_equal(n, 4);
}

/* A few labels exactly as printed, typos and spacing included. */
static void test_labels_as_printed(void **state)
{
	const gpd_option_group *t = gpd_form_group(GPD_GROUP_TARGET);
	const gpd_option_group *o = gpd_form_group(GPD_GROUP_OUTCOME);

	(void)state;
	assert_string_equal(o->options[0].label, "Be healthy");
	assert_string_equal(o->options[4].label, "Achieve economic well being");
	assert_string_equal(t->options[gpd_form_find_id(GPD_GROUP_TARGET,
		"involved-in-services")].label, "Young people involved in services(SUI)");
	assert_string_equal(t->options[t->count - 1].label, "Others (please specify)");
}

static void test_find(void **state)
{
	(void)state;
	/* by id, exact and in any case */
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, "stay-safe"), 1);
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, "STAY-Safe"), 1);
	/* by printed label, in any case */
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, "Stay safe"), 1);
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, "stay SAFE"), 1);
	assert_int_equal(gpd_form_find(GPD_GROUP_TARGET,
		"unaccompanied asylum seeking children (uasc)"), 2);
	assert_int_equal(gpd_form_find(GPD_GROUP_TARGET, "UASC"), 2);
	assert_int_equal(gpd_form_find(GPD_GROUP_REGION, "london"), 5);
	/* the same id in two groups resolves within the group asked */
	assert_int_equal(gpd_form_find(GPD_GROUP_IMPACT_SOURCE, "not-known"), 4);
	assert_int_equal(gpd_form_find(GPD_GROUP_IMPACT_FINDING, "not-known"), 3);
	assert_int_equal(gpd_form_find(GPD_GROUP_EVIDENCE_BASIS, "Not known"), 1);
	/* no near misses, no prefixes, no other group's options */
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, "stay"), -1);
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, "stay-safe "), -1);
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, "london"), -1);
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, ""), -1);
	assert_int_equal(gpd_form_find(GPD_GROUP_OUTCOME, NULL), -1);
	assert_int_equal(gpd_form_find(GPD_GROUP__COUNT, "stay-safe"), -1);
}

static void test_find_id_is_exact(void **state)
{
	(void)state;
	assert_int_equal(gpd_form_find_id(GPD_GROUP_OUTCOME, "stay-safe"), 1);
	assert_int_equal(gpd_form_find_id(GPD_GROUP_OUTCOME, "Stay-Safe"), -1);
	assert_int_equal(gpd_form_find_id(GPD_GROUP_OUTCOME, "Stay safe"), -1);
	assert_int_equal(gpd_form_find_id(GPD_GROUP_OUTCOME, NULL), -1);
	/* every option is found by its own id and label, at its own index */
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		for (size_t i = 0; i < grp->count; i++) {
			assert_int_equal(gpd_form_find_id((gpd_group)g, grp->options[i].id), i);
			assert_int_equal(gpd_form_find((gpd_group)g, grp->options[i].id), i);
			assert_int_equal(gpd_form_find((gpd_group)g, grp->options[i].label), i);
		}
	}
}

static void test_texts_and_contacts(void **state)
{
	(void)state;
	for (int t = 0; t < GPD_TEXT__COUNT; t++) {
		const gpd_text_def *d = gpd_form_text((gpd_text_field)t);

		assert_non_null(d);
		assert_true(is_slug(d->element));
		assert_true(strlen(d->question) > 0);
		for (int u = 0; u < t; u++)
			assert_string_not_equal(d->element,
				gpd_form_text((gpd_text_field)u)->element);
	}
	assert_true(gpd_form_text(GPD_TEXT_PURPOSE)->required);
	assert_true(gpd_form_text(GPD_TEXT_DESCRIPTION)->required);
	assert_false(gpd_form_text(GPD_TEXT_STRUCTURES)->required);
	assert_false(gpd_form_text(GPD_TEXT_TOOLS)->required);
	assert_false(gpd_form_text(GPD_TEXT_EVIDENCE_NOTES)->required);
	assert_null(gpd_form_text(GPD_TEXT__COUNT));

	for (int c = 0; c < GPD_CONTACT__COUNT; c++) {
		const gpd_contact_def *d = gpd_form_contact((gpd_contact_field)c);

		assert_non_null(d);
		assert_true(is_slug(d->element));
		for (int u = 0; u < c; u++)
			assert_string_not_equal(d->element,
				gpd_form_contact((gpd_contact_field)u)->element);
	}
	assert_string_equal(gpd_form_contact(GPD_CONTACT_EMAIL)->element, "email");
	assert_null(gpd_form_contact(GPD_CONTACT__COUNT));
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
		*len = fread(p, 1, (size_t)n, f);
		p[*len] = '\0';
	}
	fclose(f);
	return p;
}

/* records/record.xsd is generated (`gpdigest schema > records/record.xsd`);
 * the committed copy must be exactly what the program compiles in. */
static void test_schema_file_matches_builtin(void **state)
{
	const char *src = getenv("GPD_SOURCE_DIR");
	char path[4096];
	char *file, *xsd;
	size_t len = 0;

	(void)state;
	if (src == NULL)
		src = ".";
	snprintf(path, sizeof(path), "%s/records/record.xsd", src);
	file = slurp(path, &len);
	if (file == NULL)
		fail_msg("cannot read %s (set GPD_SOURCE_DIR)", path);
	xsd = gpd_schema_xsd();
	assert_non_null(xsd);
	if (len != strlen(xsd) || memcmp(file, xsd, len) != 0) {
		size_t i = 0;

		while (i < len && xsd[i] && file[i] == xsd[i])
			i++;
		free(file);
		free(xsd);
		fail_msg("%s differs from `gpdigest schema` at byte %zu; "
			"regenerate it with: build/gpdigest schema > records/record.xsd",
			path, i);
	}
	free(file);
	free(xsd);
}

/* Every option id is an enumeration value in the schema, with its label. */
static void test_schema_lists_every_option(void **state)
{
	char *xsd = gpd_schema_xsd();
	char needle[512];

	(void)state;
	assert_non_null(xsd);
	assert_non_null(strstr(xsd, "targetNamespace=\"urn:x-gpdigest:record\""));
	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		snprintf(needle, sizeof(needle), "<xs:element name=\"%s\">", grp->element);
		assert_non_null(strstr(xsd, needle));
		for (size_t i = 0; i < grp->count; i++) {
			snprintf(needle, sizeof(needle), "<xs:enumeration value=\"%s\">",
				grp->options[i].id);
			if (strstr(xsd, needle) == NULL)
				fail_msg("no enumeration for %s/%s", grp->element,
					grp->options[i].id);
		}
	}
	assert_non_null(strstr(xsd,
		"<xs:documentation>Health agency (e.g. PCT, NHS Trust)</xs:documentation>"));
	free(xsd);
}

/* The record's element table names every group, text and contact detail
 * once, by the element its own table gives, and labels each. */
static void test_element_table(void **state)
{
	size_t n, groups = 0, texts = 0, contacts = 0;
	const gpd_form_element *e = gpd_form_elements(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *want = NULL;

		assert_non_null(gpd_form_element_label(&e[i]));
		assert_ptr_equal(gpd_form_find_element(e[i].parent, e[i].element), &e[i]);
		if (e[i].kind == GPD_ELEMENT_GROUP) {
			want = gpd_form_group((gpd_group)e[i].which)->element;
			groups++;
		} else if (strcmp(e[i].parent, "contact") == 0) {
			want = gpd_form_contact((gpd_contact_field)e[i].which)->element;
			contacts++;
		} else if (e[i].kind == GPD_ELEMENT_TEXT) {
			want = gpd_form_text((gpd_text_field)e[i].which)->element;
			assert_int_equal(e[i].required, gpd_form_text((gpd_text_field)e[i].which)->required);
			texts++;
		}
		if (want != NULL)
			assert_string_equal(e[i].element, want);
	}
	assert_int_equal(groups, GPD_GROUP__COUNT);
	assert_int_equal(texts, GPD_TEXT__COUNT);
	assert_int_equal(contacts, GPD_CONTACT__COUNT);
	assert_null(gpd_form_find_element("record", "notes"));
	assert_non_null(gpd_form_find_element("evidence", "notes"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slug_helper),
		cmocka_unit_test(test_element_table),
		cmocka_unit_test(test_every_group_has_options),
		cmocka_unit_test(test_ids_and_labels_unique),
		cmocka_unit_test(test_group_elements_unique),
		cmocka_unit_test(test_group_sizes),
		cmocka_unit_test(test_specify_options),
		cmocka_unit_test(test_labels_as_printed),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_id_is_exact),
		cmocka_unit_test(test_texts_and_contacts),
		cmocka_unit_test(test_schema_file_matches_builtin),
		cmocka_unit_test(test_schema_lists_every_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
