/* test_facts.c: facts kept in one place (issue 16): criterion text, the safe-link rule, authority keys, slugs, limits. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/authority.h"
#include "gpdigest/buf.h"
#include "gpdigest/corpus.h"
#include "gpdigest/diag.h"
#include "gpdigest/lint.h"
#include "gpdigest/output.h"
#include "gpdigest/form.h"
#include "gpdigest/link.h"
#include "gpdigest/record.h"
#include "gpdigest/slug.h"
#include "gpdigest/style.h"
#include "core/fold.h"

/* ---- criterion text: one formatter ---- */

static void test_criterion_str(void **state)
{
	gpd_criterion c = {2, 11, {0, 0}}, big = {4294967295u, 4294967295u, {0, 0}};
	char small[4];

	(void)state;
	assert_string_equal(gpd_criterion_str(c).s, "2.11");
	assert_string_equal(gpd_criterion_str(big).s, "4294967295.4294967295");
	gpd_criterion_format(c, small, sizeof(small));
	assert_string_equal(small, "2.1"); /* cut, terminated */
}

/* ---- the safe-link rule ---- */

static void test_link_is_safe(void **state)
{
	static const char *const safe[] = {"http://example.com/", "https://example.com/a?b=c#d",
		"HTTPS://EXAMPLE.COM", "mailto:jo@example.org", "https://example.com/%20x"};
	static const char *const unsafe[] = {"javascript:alert(1)", "data:text/html,x",
		"#part-1", "/relative", "example.com", "ftp://example.com/", "",
		"https://example.com/a b", "https://example.com/\ta", "https://ex\x7F.com",
		"http:/example.com", " https://example.com", "mailto:a b@example.org"};

	(void)state;
	for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
		if (!gpd_link_is_safe(safe[i]))
			fail_msg("'%s' should be safe", safe[i]);
	for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++)
		if (gpd_link_is_safe(unsafe[i]))
			fail_msg("'%s' should not be safe", unsafe[i]);
	assert_false(gpd_link_is_safe(NULL));
}

static void test_link_is_email(void **state)
{
	(void)state;
	assert_true(gpd_link_is_email("Jo.Bird@towerhamlets.gov.uk"));
	assert_false(gpd_link_is_email("jo@localhost"));
	assert_false(gpd_link_is_email("jo bird@example.org"));
	assert_false(gpd_link_is_email("jo\t@example.org"));
	assert_false(gpd_link_is_email("@example.org"));
	assert_false(gpd_link_is_email("a@b@example.org"));
	assert_false(gpd_link_is_email(NULL));
}

/* ---- counts tied to the form's tables ---- */

static void test_counts_from_form(void **state)
{
	gpd_corpus c;

	(void)state;
	/* one Part 2 section per outcome and one "not stated", no more */
	assert_int_equal(sizeof(c.outcomes) / sizeof(c.outcomes[0]),
		gpd_form_group(GPD_GROUP_OUTCOME)->count + 1);
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		assert_true(gpd_form_group((gpd_group)g)->count <= GPD_MAX_OPTIONS);
}

/* ---- the fonts a build depends on ---- */

static void test_style_font_slots(void **state)
{
	gpd_style st;
	const char *path, *want[6];
	size_t k = 0;

	(void)state;
	gpd_style_defaults(&st);
	st.font_fallback = NULL; /* an unset slot is still a slot */
	want[0] = st.font_regular, want[1] = st.font_bold, want[2] = st.font_italic;
	want[3] = st.font_bold_italic, want[4] = st.font_mono, want[5] = st.font_fallback;
	for (; gpd_style_font_slot(&st, k, &path); k++) {
		size_t i = 0;
		while (i < 6 && want[i] != path)
			i++;
		assert_true(i < 6);
		want[i] = (const char *)&want; /* each slot once */
	}
	assert_int_equal(k, 6);
	assert_false(gpd_style_font_slot(&st, 6, &path));
}

/* ---- authority identity ---- */

static char *key(const char *name)
{
	gpd_buf b = {0};

	gpd_authority_key(name, &b);
	gpd_buf_putc(&b, '\0');
	return gpd_buf_take(&b);
}

static void assert_key(const char *name, const char *want)
{
	char *k = key(name);

	if (strcmp(k, want) != 0)
		fail_msg("key of '%s' is '%s', wanted '%s'", name, k, want);
	free(k);
}

static void test_authority_key(void **state)
{
	(void)state;
	assert_key("Tower Hamlets", "tower hamlets");
	assert_key("tower hamlets", "tower hamlets");
	assert_key("Tower-Hamlets", "tower hamlets");
	assert_key("  Tower \t--  Hamlets. ", "tower hamlets");
	assert_key("Tower\xe2\x80\x93Hamlets", "tower hamlets");   /* en dash */
	assert_key("Tower\xc2\xa0Hamlets", "tower hamlets");       /* no-break space */
	assert_key("THURROCK", "thurrock");
	assert_key("St. Helens", "st helens");
	assert_key("St Helens", "st helens");
	assert_key("Brighton & Hove", "brighton hove");
	assert_key("\xc5\x81\xc3\xb3\x64\xc5\xba", "lodz");              /* Łódź */
	assert_key("Lo\xcc\x81" "dz", "lodz");                         /* decomposed ó */
	assert_key("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", "moskva");
	assert_key("\xe6\x9d\xb1\xe4\xba\xac", "\xe6\x9d\xb1\xe4\xba\xac"); /* kept */
	assert_key("!!!", "!!!"); /* no letters: itself */
}

/* Every Latin letter that is a base letter and accents folds as its NFD
 * form does, so the two spellings Unicode allows of one name are one key
 * and one file name: Vietnamese, Romanian (comma below and the older
 * cedilla), Pinyin, Latin Extended-B and Latin Extended Additional. */
static void test_authority_key_nfc_nfd(void **state)
{
	static const struct { const char *nfc, *nfd, *key; } cases[] = {
		{"H\xc3\xa0 N\xe1\xbb\x99i", "Ha\xcc\x80 No\xcc\xa3\xcc\x82i", "ha noi"}, /* Hà Nội */
		{"Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh",
			"Tha\xcc\x80nh pho\xcc\x82\xcc\x81 Ho\xcc\x82\xcc\x80 Chi\xcc\x81 Minh",
			"thanh pho ho chi minh"},                                /* Thành phố Hồ Chí Minh */
		{"\xc4\x90\xc3\xa0 N\xe1\xba\xb5ng", "\xc4\x90" "a\xcc\x80 Na\xcc\x86\xcc\x83ng",
			"da nang"},                                              /* Đà Nẵng */
		{"C\xe1\xba\xa7n Th\xc6\xa1", "Ca\xcc\x82\xcc\x80n Tho\xcc\x9b", "can tho"}, /* Cần Thơ */
		{"Nguy\xe1\xbb\x85n Tr\xc6\xb0\xe1\xbb\x9dng T\xe1\xbb\x99",
			"Nguye\xcc\x82\xcc\x83n Tru\xcc\x9bo\xcc\x9b\xcc\x80ng To\xcc\xa3\xcc\x82",
			"nguyen truong to"},                                     /* Nguyễn Trường Tộ */
		{"Timi\xc8\x99oara", "Timis\xcc\xa6oara", "timisoara"},      /* Timișoara */
		{"Timi\xc5\x9foara", "Timis\xcc\xa7oara", "timisoara"},      /* Timişoara */
		{"T\xc3\xa2rgu Mure\xc8\x99", "Ta\xcc\x82rgu Mures\xcc\xa6", "targu mures"}, /* Târgu Mureș */
		{"CONSTAN\xc8\x9a" "A", "CONSTANT\xcc\xa6" "A", "constanta"}, /* CONSTANȚA */
		{"Constan\xc5\xa3" "a", "Constant\xcc\xa7" "a", "constanta"}, /* Constanţa */
		{"Gu\xc7\x8engzh\xc5\x8du", "Gua\xcc\x8cngzho\xcc\x84u", "guangzhou"}, /* Guǎngzhōu */
		{"L\xc7\x9ali\xc3\xa1ng", "Lu\xcc\x88\xcc\x8clia\xcc\x81ng", "luliang"}, /* Lǚliáng */
		{"\xc7\xb4" "akov\xc3\xab", "G\xcc\x81" "akove\xcc\x88", "gakove"}, /* Ǵakovë */
		{"\xc7\xbester", "\xc3\x98\xcc\x81ster", "oster"},           /* Ǿster: Ø and an acute */
		{"\xc7\xbc" "b", "\xc3\x86\xcc\x81" "b", "aeb"},             /* Ǽb: Æ and an acute */
		{"\xc8\xaa" "b", "O\xcc\x88\xcc\x84" "b", "ob"},             /* Ȫb */
		{"K\xe1\xb9\x9b\xe1\xb9\xa3\xe1\xb9\x87" "a", "Kr\xcc\xa3s\xcc\xa3n\xcc\xa3" "a", "krsna"},
		{"\xe1\xba\x80recsam", "W\xcc\x80recsam", "wrecsam"},        /* Ẁrecsam */
		{"\xe1\xbb\x8c\xcc\x80y\xe1\xbb\x8d\xcc\x81", "O\xcc\xa3\xcc\x80yo\xcc\xa3\xcc\x81",
			"oyo"},                                                  /* Ọ̀yọ́ */
	};
	char a[64], b[64], want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_key(cases[i].nfc, cases[i].key);
		assert_key(cases[i].nfd, cases[i].key);
		assert_int_equal(gpd_authority_cmp(cases[i].nfc, cases[i].nfd), 0);
		gpd_slug(cases[i].nfc, a, sizeof(a));
		gpd_slug(cases[i].nfd, b, sizeof(b));
		strcpy(want, cases[i].key);
		for (char *c = want; *c; c++)
			*c = *c == ' ' ? '-' : *c;
		if (strcmp(a, want) != 0 || strcmp(b, want) != 0)
			fail_msg("slugs of '%s' are '%s' and '%s', wanted '%s'", cases[i].nfc, a, b, want);
	}
}

/* Letters with no canonical decomposition: those read as ASCII letters
 * fold by convention or as their letters; those that are none (the
 * schwa, ezh) stay themselves in the key, as before. */
static void test_authority_key_conventions(void **state)
{
	(void)state;
	assert_key("GRO\xe1\xba\x9e", "gross");                  /* capital sharp s */
	assert_key("\xc7\x84\xc7\x85\xc7\x86", "dzdzdz");        /* DŽ Dž dž */
	assert_key("\xc5\x89\xc4\xb3\xc5\x80", "nijl");          /* ŉ ĳ ŀ, as before */
	assert_key("\xc6\x80\xc9\x8d\xe1\xba\x9a", "bra");       /* ƀ ɍ ẚ */
	assert_key("\xe1\xba\x9e\xc3\x9f", "ssss");              /* ẞß */
	assert_key("G\xc9\x99nc\xc9\x99", "g\xc9\x99nc\xc9\x99"); /* Gəncə: ə is no ASCII letter */
}

/* The Latin-1 and Latin Extended-A letters fold as the hand-written table
 * they had before the table was generated: no file name of a name that
 * folded before changes ('-' for the two symbols there, × and ÷). */
static void test_fold_latin1_unchanged(void **state)
{
	static const char want[] =
		"a a a a a a ae c e e e e i i i i "
		"d n o o o o o - o u u u u y th ss "
		"a a a a a a ae c e e e e i i i i "
		"d n o o o o o - o u u u u y th y "
		"a a a a a a c c c c c c c c d d "
		"d d e e e e e e e e e e g g g g "
		"g g g g h h h h i i i i i i i i "
		"i i ij ij j j k k k l l l l l l l "
		"l l l n n n n n n n n n o o o o "
		"o o oe oe r r r r r r s s s s s s "
		"s s t t t t t t u u u u u u u u "
		"u u u u w w y y y z z z z z z s ";
	gpd_buf got = {0};

	(void)state;
	for (unsigned cp = 0xC0; cp < 0x180; cp++) {
		const unsigned char s[3] = {(unsigned char)(0xC0 | cp >> 6),
			(unsigned char)(0x80 | (cp & 0x3F)), 0};
		const char *a = NULL;
		char one[2];
		size_t len;

		gpd_buf_puts(&got, gpd_fold_char(s, &len, &a, one) == GPD_FOLD_ALNUM ? a : "-");
		gpd_buf_putc(&got, ' ');
		assert_int_equal(len, 2);
	}
	gpd_buf_putc(&got, '\0');
	assert_string_equal(got.data, want);
	gpd_buf_free(&got);
}

static void test_authority_cmp(void **state)
{
	static const char *const one[][2] = {{"Thurrock", "THURROCK"},
		{"St Helens", "St. Helens"}, {"Tower Hamlets", "tower hamlets"},
		{"Tower Hamlets", "Tower-Hamlets"}, {"Lodz", "\xc5\x81\xc3\xb3\x64\xc5\xba"},
		/* what shows nothing, or only dresses the letters: a zero width
		 * space, a left-to-right mark, an override, a line separator, a
		 * zero width joiner in Bengali, a variation selector, Arabic's
		 * tatweel and harakat, Hebrew's points */
		{"Lewisham", "Lewisham\xe2\x80\x8b"}, {"Lewisham", "\xe2\x80\x8eLewisham"},
		{"Lewisham", "Lewisham\xe2\x80\xae"}, {"Tower Hamlets", "Tower\xe2\x80\xa8Hamlets"},
		{"\xe0\xa6\x95\xe0\xa7\x8d\xe0\xa6\xb7", "\xe0\xa6\x95\xe2\x80\x8d\xe0\xa7\x8d\xe0\xa6\xb7"},
		{"\xe8\x91\x9b", "\xe8\x91\x9b\xf3\xa0\x84\x80"},
		{"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "\xd9\x85\xd9\x80\xd9\x80\xd8\xad\xd9\x85\xd8\xaf"},
		{"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "\xd9\x85\xd9\x8f\xd8\xad\xd9\x8e\xd9\x85\xd9\x91\xd9\x8e\xd8\xaf"},
		{"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", "\xd7\xa9\xd7\x81\xd7\x9c\xd7\x95\xd6\xb9\xd7\x9d"},
		/* Arabic in its presentation forms (copied out of a PDF), a
		 * lam-alef ligature among them, and a fatha's */
		{"\xd8\xa8\xd8\xb1\xd9\x85\xd9\x86\xd8\xba\xd9\x87\xd8\xa7\xd9\x85", "\xef\xba\x91\xef\xba\xae\xef\xbb\xa3\xef\xbb\xa8\xef\xbb\x90\xef\xbb\xac\xef\xba\x8e\xef\xbb\xa1"}, {"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", "\xef\xba\xb3\xef\xbb\xbc\xef\xbb\xa1"},
		{"\xd8\xa8\xd8\xb1\xd9\x85\xd9\x86\xd8\xba\xd9\x87\xd8\xa7\xd9\x85", "\xd8\xa8\xd8\xb1\xd9\x85\xd9\x86\xd8\xba\xd9\x87\xd8\xa7\xd9\x85\xef\xb9\xb6"}};
	static const char *const two[][2] = {{"Tower Hamlets", "Tower Hamlet"},
		{"Brighton and Hove", "Brighton & Hove"}, {"!!!", "???"}, {"Hull", "Hul l"},
		{"\xe6\x9d\xb1", "\xe4\xba\xac"},
		/* a zero width space between words joins them, as it shows them */
		{"Tower Hamlets", "Tower\xe2\x80\x8bHamlets"}};

	(void)state;
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (gpd_authority_cmp(one[i][0], one[i][1]) != 0)
			fail_msg("'%s' and '%s' should be one authority", one[i][0], one[i][1]);
	for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
		int c = gpd_authority_cmp(two[i][0], two[i][1]);
		if (c == 0 || (c > 0) != (gpd_authority_cmp(two[i][1], two[i][0]) < 0))
			fail_msg("'%s' and '%s' should be two, ordered", two[i][0], two[i][1]);
	}
	assert_true(gpd_authority_cmp(NULL, "a") < 0);
	assert_int_equal(gpd_authority_cmp(NULL, NULL), 0);
	/* the order is the keys' byte order */
	assert_true(gpd_authority_cmp("Brighton and Hove", "Brighton-Hove") < 0);
}

static gpd_record *rec(const char *id, const char *authority)
{
	gpd_record *r = gpd_record_new();

	assert_non_null(r);
	r->id = gpd_strdup(id);
	r->path = gpd_strdup(id);
	r->authority = gpd_strdup(authority);
	return r;
}

/* Spellings of one authority are one, printed as most records spell it,
 * on a tie as the first record by id does, whatever the load order; each
 * other spelling is a warning naming both. A name without letters is
 * only itself ("--" is not "---", nor "~" anything lettered). */
static void test_authority_unify(void **state)
{
	static const char *const spelt[][2] = {{"th-c", "Tower-Hamlets"}, {"th-a", "tower hamlets"},
		{"th-b", "Tower Hamlets"}, {"th-d", "Tower Hamlets"}, {"t-b", "THURROCK"},
		{"t-a", "Thurrock"}, {"b", "Birmingham"}, {"n-a", "---"}, {"n-b", "--"},
		{"n-c", "---"}, {"n-d", "~"}};
	const size_t n = sizeof(spelt) / sizeof(spelt[0]);

	(void)state;
	for (size_t perm = 0; perm < 2; perm++) {
		gpd_record *r[sizeof(spelt) / sizeof(spelt[0])];
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

		for (size_t i = 0; i < n; i++)
			r[i] = rec(spelt[perm ? n - 1 - i : i][0], spelt[perm ? n - 1 - i : i][1]);
		assert_int_equal(gpd_lint_corpus(r, n, d), 0);
		assert_int_equal(gpd_diag_size(d), 3); /* th-a, th-c, t-b */
		for (size_t i = 0; i < n; i++) {
			const char *id = r[i]->id;
			const char *want = id[0] == 'b' ? "Birmingham" : id[0] == 'n' ?
				spelt[perm ? n - 1 - i : i][1] : id[1] == 'h' ? "Tower Hamlets" : "Thurrock";
			int respelt = strcmp(id, "th-a") == 0 || strcmp(id, "th-c") == 0 ||
				strcmp(id, "t-b") == 0;

			assert_string_equal(r[i]->authority, want);
			assert_int_equal(r[i]->nwarnings, respelt);
			gpd_record_free(r[i]);
		}
		gpd_diag_free(d);
	}
}

/* ---- file-name slugs ---- */

static void test_slug_scripts_and_devices(void **state)
{
	static const struct { const char *in, *out; int got; } cases[] = {
		{"\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1", "athina", 1},       /* Αθήνα */
		{"\xce\x98\xce\xb5\xcf\x83\xcf\x83\xce\xb1\xce\xbb\xce\xbf\xce\xbd\xce\xaf\xce\xba\xce\xb7",
			"thessaloniki", 1},                                               /* Θεσσαλονίκη */
		{"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", "moskva", 1}, /* Москва */
		{"\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2", "kiyiv", 1},               /* Київ */
		{"\xd0\xa2\xd0\xb2\xd0\xb5\xd1\x80\xd1\x8c", "tver", 1},       /* Тверь */
		{"\xe6\x9d\xb1\xe4\xba\xac", "x", 0},                             /* no table */
		{"CON", "con-la", 1}, {"con", "con-la", 1}, {"Nul", "nul-la", 1}, {"AUX", "aux-la", 1},
		{"PRN", "prn-la", 1}, {"COM1", "com1-la", 1}, {"lpt9", "lpt9-la", 1},
		{"COM10", "com10", 1}, {"CON.txt", "con-txt", 1}, {"Conwy", "conwy", 1},
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = gpd_slug(cases[i].in, buf, sizeof(buf));
		if (strcmp(buf, cases[i].out) != 0 || got != cases[i].got)
			fail_msg("slug of '%s' is '%s' (%d), wanted '%s' (%d)", cases[i].in, buf, got,
				cases[i].out, cases[i].got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_criterion_str),
		cmocka_unit_test(test_link_is_safe),
		cmocka_unit_test(test_link_is_email),
		cmocka_unit_test(test_counts_from_form),
		cmocka_unit_test(test_style_font_slots),
		cmocka_unit_test(test_authority_key),
		cmocka_unit_test(test_authority_key_nfc_nfd),
		cmocka_unit_test(test_authority_key_conventions),
		cmocka_unit_test(test_fold_latin1_unchanged),
		cmocka_unit_test(test_authority_cmp),
		cmocka_unit_test(test_authority_unify),
		cmocka_unit_test(test_slug_scripts_and_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
