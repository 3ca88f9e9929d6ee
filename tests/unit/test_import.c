/* test_import.c: the importer against the five seed forms (field by field
 * with the hand-made records, editorial fields apart) and against damaged
 * copies in tests/import/ whose .expect files say which warnings they must
 * raise and which ticks must (not) be read. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/import.h"
#include "gpdigest/limits.h"
#include "gpdigest/ingest.h"
#include "gpdigest/record_xml.h"

/* Word similarity the OCR seed's attachment must reach: the hand-made 002
 * repairs about 20 OCR-mangled quotes and dashes ("@areQvhilst" -> "'care'
 * whilst"), each costing one or two words of some 1,500, i.e. about 2-3 %;
 * 95 % leaves room for that and fails as soon as a paragraph is lost. */
#define OCR_SIMILARITY 0.95

static char *path_of(const char *rel)
{
	const char *root = getenv("GPD_SOURCE_DIR");
	size_t n = strlen(root ? root : ".") + strlen(rel) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", root ? root : ".", rel);
	return p;
}

static char *slurp(const char *rel, size_t *len)
{
	char *path = path_of(rel), *data;
	FILE *f = fopen(path, "rb");
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	free(path);
	*len = (size_t)n;
	return data;
}

/* Imports rel, checks it, and reads the written XML back as `validate`
 * would; the record returned is the one a file would hold. */
static gpd_record *import_checked(const char *rel, gpd_diag *diag)
{
	gpd_import_opts o = {NULL, "2026-11-23", -1, NULL};
	size_t len, xlen;
	char *data = slurp(rel, &len), *xml = NULL;
	gpd_record *rec = gpd_import_memory(rel, data, len, &o, diag), *back;
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_ingest *in;

	assert_non_null(rec);
	assert_int_equal(gpd_import_check(rec, rel, diag, &xml, &xlen), 0);
	gpd_diag_set_quiet(quiet, 1);
	in = gpd_ingest_new(quiet);
	back = gpd_ingest_memory(in, "imported.xml", xml, xlen);
	assert_non_null(back);
	gpd_ingest_free(in);
	gpd_diag_free(quiet);
	gpd_record_free(rec);
	free(xml);
	free(data);
	return back;
}

static gpd_record *hand_made(const char *rel)
{
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_ingest *in;
	char *path = path_of(rel);
	gpd_record *rec;

	gpd_diag_set_quiet(quiet, 1);
	in = gpd_ingest_new(quiet);
	rec = gpd_ingest_file(in, path);
	assert_non_null(rec);
	gpd_ingest_free(in);
	gpd_diag_free(quiet);
	free(path);
	return rec;
}

/* Lower-case words of letters and digits, for comparing prose. */
static size_t split_words(const char *s, char ***out)
{
	size_t n = 0, cap = 64;
	char **w = malloc(cap * sizeof(*w));

	assert_non_null(w);
	while (*s) {
		char buf[128];
		size_t k = 0;

		while (*s && !isalnum((unsigned char)*s))
			s++;
		while (*s && !isspace((unsigned char)*s)) {
			if (isalnum((unsigned char)*s) && k + 1 < sizeof(buf))
				buf[k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (k == 0)
			continue;
		buf[k] = '\0';
		if (n == cap) {
			cap *= 2;
			w = realloc(w, cap * sizeof(*w));
			assert_non_null(w);
		}
		w[n++] = strdup(buf);
	}
	*out = w;
	return n;
}

/* Longest common subsequence of words over the longer text's length. */
static double similarity(const char *a, const char *b)
{
	char **wa, **wb;
	size_t na = split_words(a, &wa), nb = split_words(b, &wb);
	size_t *prev = calloc(nb + 1, sizeof(size_t)), *cur = calloc(nb + 1, sizeof(size_t));
	double r;

	assert_true(prev && cur);
	for (size_t i = 1; i <= na; i++) {
		for (size_t j = 1; j <= nb; j++)
			cur[j] = strcmp(wa[i - 1], wb[j - 1]) == 0 ? prev[j - 1] + 1 :
				prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
		memcpy(prev, cur, (nb + 1) * sizeof(size_t));
	}
	r = (double)prev[nb] / (double)(na > nb ? na : nb);
	for (size_t i = 0; i < na; i++)
		free(wa[i]);
	for (size_t i = 0; i < nb; i++)
		free(wb[i]);
	free(wa);
	free(wb);
	free(prev);
	free(cur);
	return r;
}

/* Equal after collapsing whitespace (the XML reader re-flows nothing, but
 * a hand-made record may wrap differently). */
static void assert_same_text(const char *what, const char *a, const char *b)
{
	char **wa, **wb;
	size_t na, nb;

	if (a == NULL || b == NULL) {
		if (a != b)
			fail_msg("%s: one side is empty (imported %s, hand-made %s)", what,
				a ? "set" : "empty", b ? "set" : "empty");
		return;
	}
	na = split_words(a, &wa);
	nb = split_words(b, &wb);
	if (na != nb)
		fail_msg("%s: %zu words imported, %zu hand-made", what, na, nb);
	for (size_t i = 0; i < na; i++) {
		if (strcmp(wa[i], wb[i]) != 0)
			fail_msg("%s: word %zu \"%s\" != \"%s\"", what, i, wa[i], wb[i]);
		free(wa[i]);
		free(wb[i]);
	}
	free(wa);
	free(wb);
}

static void compare(const gpd_record *got, const gpd_record *want, double min_sim)
{
	assert_int_equal(got->ncriteria, want->ncriteria);
	for (size_t i = 0; i < got->ncriteria; i++)
		assert_int_equal(gpd_criterion_cmp(&got->criteria[i], &want->criteria[i]), 0);
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if (got->ticks[g] != want->ticks[g])
			fail_msg("%s: ticks %#llx, hand-made %#llx",
				gpd_form_group((gpd_group)g)->element,
				(unsigned long long)got->ticks[g],
				(unsigned long long)want->ticks[g]);
	assert_int_equal(got->nspecified, want->nspecified);
	assert_string_equal(got->agency, want->agency);
	for (int c = 0; c < GPD_CONTACT__COUNT; c++) {
		const char *a = got->contact[c], *b = want->contact[c];

		if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
			fail_msg("contact %s: \"%s\" != \"%s\"",
				gpd_form_contact((gpd_contact_field)c)->element,
				a ? a : "(none)", b ? b : "(none)");
	}
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		assert_same_text(gpd_form_text((gpd_text_field)t)->element,
			got->text[t], want->text[t]);
	assert_int_equal(got->nattachments, want->nattachments);
	for (size_t i = 0; i < got->nattachments; i++) {
		double sim = similarity(got->attachments[i].body, want->attachments[i].body);

		assert_string_equal(got->attachments[i].title, want->attachments[i].title);
		if (sim < min_sim)
			fail_msg("attachment words %.3f similar, need %.3f", sim, min_sim);
	}
}

typedef struct seed_case {
	const char *seed;
	const char *record;
	double min_sim; /* attachment word similarity */
} seed_case;

static void run_seed(const seed_case *sc)
{
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_record *got, *want;

	gpd_diag_set_quiet(diag, 1);
	got = import_checked(sc->seed, diag);
	want = hand_made(sc->record);
	compare(got, want, sc->min_sim);
	assert_int_equal(gpd_diag_count(diag, GPD_LEVEL_ERROR), 0);
	gpd_record_free(got);
	gpd_record_free(want);
	gpd_diag_free(diag);
}

static void test_seed_000(void **state)
{
	static const seed_case c = {"tests/import/seeds/000_7a3b833bfa255f57.txt",
		"records/tower-hamlets-health-information.xml", 1.0};
	(void)state;
	run_seed(&c);
}

static void test_seed_001(void **state)
{
	static const seed_case c = {"tests/import/seeds/001_02ecb7635cd35675.txt",
		"records/thurrock-sexual-health-worker.xml", 1.0};
	(void)state;
	run_seed(&c);
}

static void test_seed_002(void **state)
{
	static const seed_case c = {"tests/import/seeds/002_d67e2f411a17ef32.txt",
		"records/tower-hamlets-user-involvement.xml", OCR_SIMILARITY};
	(void)state;
	run_seed(&c);
}

static void test_seed_003(void **state)
{
	static const seed_case c = {"tests/import/seeds/003_688f1e89503f2641.txt",
		"records/birmingham-peer-education.xml", 1.0};
	(void)state;
	run_seed(&c);
}

static void test_seed_004(void **state)
{
	static const seed_case c = {"tests/import/seeds/004_f76ea57d31fce3bd.txt",
		"records/tower-hamlets-contact-policy.xml", 1.0};
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_record *got, *want;

	(void)state;
	run_seed(&c);
	/* The export's policy is structured text: the CommonMark is exactly
	 * the hand-made one. */
	gpd_diag_set_quiet(diag, 1);
	got = import_checked(c.seed, diag);
	want = hand_made(c.record);
	assert_string_equal(got->attachments[0].body, want->attachments[0].body);
	gpd_record_free(got);
	gpd_record_free(want);
	gpd_diag_free(diag);
}

/* ---- damaged copies ---- */

static int has_warning(const gpd_diag *d, unsigned line, const char *text)
{
	for (size_t i = 0; i < gpd_diag_size(d); i++) {
		const gpd_diagnostic *g = gpd_diag_at(d, i);

		if (g->code == GPD_W_IMPORT && g->line == line && strstr(g->text, text))
			return 1;
	}
	return 0;
}

static uint64_t tick_of(const char *group, const char *option, gpd_group *g)
{
	for (int i = 0; i < GPD_GROUP__COUNT; i++) {
		if (strcmp(gpd_form_group((gpd_group)i)->element, group) != 0)
			continue;
		*g = (gpd_group)i;
		assert_true(gpd_form_find_id(*g, option) >= 0);
		return GPD_TICK(gpd_form_find_id(*g, option));
	}
	fail_msg("unknown group %s", group);
	return 0;
}

/* Checks one expectation line against the import of a damaged copy. */
static void expect_line(char *line, const gpd_record *got, const gpd_record *base,
	const gpd_diag *diag)
{
	char group[64], option[64];
	unsigned n;
	int off = 0;
	gpd_group g;

	if (sscanf(line, "warn %u %n", &n, &off) == 1 && off > 0) {
		if (!has_warning(diag, n, line + off))
			fail_msg("no warning at line %u containing: %s", n, line + off);
	} else if (sscanf(line, "present %63s %63s", group, option) == 2) {
		uint64_t bit = tick_of(group, option, &g);

		if (!(got->ticks[g] & bit))
			fail_msg("%s %s should be ticked", group, option);
	} else if (sscanf(line, "absent %63s %63s", group, option) == 2) {
		uint64_t bit = tick_of(group, option, &g);

		if (got->ticks[g] & bit)
			fail_msg("%s %s should not be ticked", group, option);
	} else if (sscanf(line, "warnings %u", &n) == 1) {
		if (gpd_diag_count(diag, GPD_LEVEL_WARNING) != n)
			fail_msg("%zu warnings, expected %u",
				gpd_diag_count(diag, GPD_LEVEL_WARNING), n);
	} else if (sscanf(line, "criteria %u", &n) == 1) {
		assert_int_equal(got->ncriteria, n);
	} else if (strncmp(line, "same-ticks", 10) == 0) {
		for (int i = 0; i < GPD_GROUP__COUNT; i++)
			assert_int_equal(got->ticks[i], base->ticks[i]);
	} else if (strncmp(line, "base ", 5) != 0) {
		fail_msg("bad expectation: %s", line);
	}
}

static void run_damaged(const char *name)
{
	char rel[256], *text, *save = NULL, base_rel[256] = "";
	size_t len;
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_record *got, *base;

	gpd_diag_set_quiet(diag, 1);
	snprintf(rel, sizeof(rel), "tests/import/%s.expect", name);
	text = slurp(rel, &len);
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (sscanf(l, "base %255s", base_rel) == 1)
			break;
	free(text);
	assert_true(base_rel[0] != '\0');
	snprintf(rel, sizeof(rel), "tests/import/%s.txt", name);
	got = import_checked(rel, diag);
	base = hand_made(base_rel);
	/* Nothing invented: every tick read is a tick of the undamaged form. */
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if (got->ticks[g] & ~base->ticks[g])
			fail_msg("%s: invented ticks %#llx", gpd_form_group((gpd_group)g)->element,
				(unsigned long long)(got->ticks[g] & ~base->ticks[g]));
	snprintf(rel, sizeof(rel), "tests/import/%s.expect", name);
	text = slurp(rel, &len);
	save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (l[0] != '#' && l[0] != '\0')
			expect_line(l, got, base, diag);
	free(text);
	gpd_record_free(got);
	gpd_record_free(base);
	gpd_diag_free(diag);
}

static void test_ticks_removed(void **state) { (void)state; run_damaged("002-ticks-removed"); }
static void test_ocr_misspelt(void **state) { (void)state; run_damaged("002-ocr-misspelt"); }
static void test_columns(void **state) { (void)state; run_damaged("002-columns"); }
static void test_html_damaged(void **state) { (void)state; run_damaged("000-html-damaged"); }

/* ---- hostile input ---- */

static void import_bytes(const char *data, size_t len, int expect_record)
{
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_import_opts o = {NULL, "2026-11-23", -1, NULL};
	gpd_record *rec;
	char *xml = NULL;
	size_t xlen;
	clock_t t0 = clock();

	gpd_diag_set_quiet(diag, 1);
	rec = gpd_import_memory("hostile", data, len, &o, diag);
	if (rec != NULL) {
		/* whatever it made, it is either valid or refused */
		if (gpd_import_check(rec, "hostile", diag, &xml, &xlen) != 0)
			assert_null(xml);
	}
	assert_true(expect_record ? rec != NULL : 1);
	/* linear time: a few seconds at most (not under valgrind, which sets
	 * GPD_NO_TIMING) */
	if (getenv("GPD_NO_TIMING") == NULL)
		assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
	free(xml);
	gpd_record_free(rec);
	gpd_diag_free(diag);
}

static void test_hostile(void **state)
{
	size_t big = (size_t)7 << 20;
	char *buf = malloc(GPD_MAX_FILE_BYTES + 2);
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

	(void)state;
	assert_non_null(buf);
	memset(buf, '[', GPD_MAX_FILE_BYTES + 1);
	gpd_diag_set_quiet(diag, 1);
	assert_null(gpd_import_memory("big", buf, GPD_MAX_FILE_BYTES + 1, NULL, diag));
	assert_int_equal(gpd_diag_at(diag, 0)->code, GPD_E_TOO_LARGE);
	gpd_diag_free(diag);
	import_bytes(buf, big, 0);                       /* one huge line of [ */
	for (size_t i = 0; i < big; i++)                 /* binary junk */
		buf[i] = (char)((i * 2654435761u) >> 13);
	import_bytes(buf, big, 0);
	for (size_t i = 0; i + 3 <= big; i += 3)         /* boxes without end */
		memcpy(buf + i, "[] ", 3);
	import_bytes(buf, big, 0);
	for (size_t i = 0; i + 6 <= big; i += 6)         /* ticks and newlines */
		memcpy(buf + i, "X Ab\n\n", 6);
	import_bytes(buf, big, 0);
	import_bytes("", 0, 0);
	{ /* prose whose every line starts like an option label */
		static const char head[] = "Description of what was carried out in this "
			"piece of work (the intervention/s)\n";
		static const char line[] = "Young people leaving care were helped by staff\n";
		size_t n = strlen(head);

		memcpy(buf, head, n);
		for (; n + sizeof(line) < big; n += sizeof(line) - 1)
			memcpy(buf + n, line, sizeof(line) - 1);
		import_bytes(buf, n, 0);
	}
	free(buf);
}

/* ---- what issue 21 asked of the reader, on small inputs ---- */

/* The record an inline input makes (NULL when refused), its diagnostics
 * (import and check) in *diag. */
static gpd_record *import_text(const char *text, gpd_diag **diag)
{
	gpd_import_opts o = {NULL, "2026-11-23", -1, NULL};
	gpd_record *rec;
	char *xml = NULL;
	size_t xlen;

	*diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	assert_non_null(*diag);
	gpd_diag_set_quiet(*diag, 1);
	rec = gpd_import_memory("form.txt", text, strlen(text), &o, *diag);
	if (rec != NULL && gpd_import_check(rec, "form.txt", *diag, &xml, &xlen) != 0) {
		gpd_record_free(rec);
		rec = NULL;
	}
	free(xml);
	return rec;
}

static int has_text(const gpd_diag *d, unsigned line, gpd_msg code, const char *text)
{
	for (size_t i = 0; i < gpd_diag_size(d); i++) {
		const gpd_diagnostic *g = gpd_diag_at(d, i);

		if (g->code == code && (line == 0 || g->line == line) && strstr(g->text, text))
			return 1;
	}
	return 0;
}

static int ticked(const gpd_record *rec, gpd_group g, const char *id)
{
	return (rec->ticks[g] & GPD_TICK(gpd_form_find_id(g, id))) != 0;
}

#define FORM_HEAD "What Makes The Difference?\nGOOD PRACTICE EXAMPLE\n\n"
#define FORM_TEXTS "Name(s) and region of agency/organisation in which this piece of work " \
	"was developed\nKent Leaving Care\n\n" \
	"Purpose and intended outcomes of this work\nTo help.\n\n" \
	"Description of what was carried out in this piece of work (the intervention/s)\n" \
	"Sessions.\n\n"

/* The shapes OCR makes of a box: an X inside edges is a tick, edges around
 * a blank are an empty box, wherever on the line (two columns). */
static void test_box_grammar(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n"
		"[X| Be healthy\n{_] Stay safe\n(X! Enjoy and achieve\n(\"| Make a positive "
		"contribution\n_} Achieve economic well being\n\nTarget group(s)\n"
		"|_| Disabled young people 1X] Young people 19+ years\n"
		"XX Foster carers (| Girls only\n"
		"Xj Parents I_I Boys only\n" FORM_TEXTS, &d);

	(void)state;
	assert_non_null(rec);
	assert_true(ticked(rec, GPD_GROUP_OUTCOME, "be-healthy"));
	assert_true(ticked(rec, GPD_GROUP_OUTCOME, "enjoy-and-achieve"));
	assert_int_equal(rec->ticks[GPD_GROUP_OUTCOME], GPD_TICK(0) | GPD_TICK(2));
	assert_true(ticked(rec, GPD_GROUP_TARGET, "young-people-19"));
	assert_true(ticked(rec, GPD_GROUP_TARGET, "foster-carers"));
	assert_true(ticked(rec, GPD_GROUP_TARGET, "parents"));
	assert_false(ticked(rec, GPD_GROUP_TARGET, "disabled"));
	assert_false(ticked(rec, GPD_GROUP_TARGET, "girls-only"));
	assert_false(has_text(d, 0, GPD_W_IMPORT, "has no tick box"));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* The criterion written in the printed blank, with or without underscores;
 * a number the scan damaged is reported, never repaired. */
static void test_criteria_blank(void **state)
{
	static const char *const lines[] = {
		"This example of good practice relates to criteria_1.1 _ of the National",
		"This example of good practice relates to criteria _3.2_ of the National",
		"This example of good practice relates to criteria__4.3,6.1__ of the National",
		"This example of good practice relates to criteria 2.l1 of the National",
	};
	static const unsigned want[][2] = {{1, 1}, {3, 2}, {4, 3}, {0, 0}};

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		gpd_buf b = {0};
		gpd_diag *d;
		gpd_record *rec;

		gpd_buf_printf(&b, FORM_HEAD "%s\nLeaving Care Standards contributing to ECM "
			"outcomes:\n[X] Be healthy\n\n" FORM_TEXTS, lines[i]);
		rec = import_text(b.data, &d);
		assert_non_null(rec);
		if (want[i][0] == 0) {
			assert_int_equal(rec->ncriteria, 0);
			assert_true(has_text(d, 4, GPD_W_IMPORT, "cannot read criterion \"2.l1\""));
		} else {
			assert_true(rec->ncriteria >= 1);
			assert_int_equal(rec->criteria[0].standard, want[i][0]);
			assert_int_equal(rec->criteria[0].number, want[i][1]);
		}
		gpd_record_free(rec);
		gpd_diag_free(d);
		gpd_buf_free(&b);
	}
}

/* A lost digit never decides between two options: both are named. */
static void test_lost_digit(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD "Target group(s)\n"
		"[X] Young people 1+\n[X] Young people 1+ years\n[X] Older looked after children 154\n"
		"\n" FORM_TEXTS, &d);

	(void)state;
	assert_non_null(rec);
	assert_false(ticked(rec, GPD_GROUP_TARGET, "young-people-16"));
	assert_false(ticked(rec, GPD_GROUP_TARGET, "young-people-19"));
	assert_true(ticked(rec, GPD_GROUP_TARGET, "older-looked-after-15"));
	assert_true(has_text(d, 5, GPD_W_IMPORT, "could be \"Young people 16+\" or "
		"\"Young people 19+ years\""));
	assert_true(has_text(d, 6, GPD_W_IMPORT, "could be \"Young people 16+\" or "
		"\"Young people 19+ years\""));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* A ticked "please specify" box without its text stays unticked and the
 * form imports; the rules of validate are reported at the input's lines. */
static void test_specify_and_lint(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD "Target group(s)\n[X] Others (please specify)\n"
		"[ ] Parents\n\n" FORM_TEXTS
		"Region where work was developed\n[ ] National (please specify UK nation i.e. "
		"England, Scotland, Wales, N. Ireland) Wales\n[X] London\n\n"
		"Contact details for further information about this piece of work and the "
		"evidence of its impact\nName: Jo Bird\nEmail: jo.bird at example\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_false(ticked(rec, GPD_GROUP_TARGET, "others"));
	assert_true(has_text(d, 5, GPD_W_IMPORT, "is ticked but its text is missing"));
	assert_true(has_text(d, 18, GPD_W_SPECIFY_UNTICKED, "National"));
	assert_true(has_text(d, 23, GPD_W_BAD_EMAIL, "jo.bird at example"));
	assert_true(ticked(rec, GPD_GROUP_REGION, "london"));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* Two forms in one file: refused, never merged. */
static void test_two_forms(void **state)
{
	size_t n0, n1;
	char *a = slurp("tests/import/seeds/004_f76ea57d31fce3bd.txt", &n0);
	char *b = slurp("tests/import/seeds/002_d67e2f411a17ef32.txt", &n1);
	gpd_buf both = {0};
	gpd_diag *d;

	(void)state;
	gpd_buf_append(&both, a, n0);
	gpd_buf_append(&both, b, n1);
	assert_null(import_text(both.data, &d));
	assert_true(has_text(d, 0, GPD_E_IMPORT, "a second form starts at line"));
	gpd_diag_free(d);
	gpd_buf_free(&both);
	free(a);
	free(b);
}

/* Exports: task lists, ballot boxes, a mark in a cell, "Label: Yes/No";
 * an HTML table's cells are breaks (the question's tail is not glued to
 * the answer). */
static void test_export_notations(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 2.4 of the National Leaving "
		"Care Standards contributing to ECM outcomes:\n\n- [x] Be healthy\n- [ ] Stay safe\n"
		"\u2612 Enjoy and achieve\n\u2610 Make a positive contribution\n\n"
		"Target group(s)\n\nParents: Yes\n\nFoster carers: No\n\n" FORM_TEXTS
		"Region where work was developed\n\n| | |\n|---|---|\n| X | London |\n| | NW England |\n",
		&d);
	gpd_record *html;

	(void)state;
	assert_non_null(rec);
	assert_int_equal(rec->ticks[GPD_GROUP_OUTCOME], GPD_TICK(0) | GPD_TICK(2));
	assert_true(ticked(rec, GPD_GROUP_TARGET, "parents"));
	assert_false(ticked(rec, GPD_GROUP_TARGET, "foster-carers"));
	assert_true(ticked(rec, GPD_GROUP_REGION, "london"));
	assert_int_equal(rec->ticks[GPD_GROUP_REGION], GPD_TICK(gpd_form_find_id(GPD_GROUP_REGION, "london")));
	gpd_record_free(rec);
	gpd_diag_free(d);
	html = import_text("<table><tr><td>Purpose and intended outcomes of this work</td>"
		"<td>To keep young people safe.</td></tr><tr><td>Description of what was carried "
		"out in this piece of work (the intervention/s)</td><td><p>Sessions\nfor all.</p></td>"
		"</tr><tr><td>Name(s) and region of agency/organisation in which this piece of work "
		"was developed</td><td>Kent Leaving Care</td></tr><tr><td>Region where work was "
		"developed</td><td>&#9746; London<br>&#9744; NW England</td></tr></table>\n", &d);
	assert_non_null(html);
	assert_string_equal(html->text[GPD_TEXT_PURPOSE], "To keep young people safe.");
	assert_string_equal(html->text[GPD_TEXT_DESCRIPTION], "Sessions for all.");
	assert_string_equal(html->agency, "Kent Leaving Care");
	assert_true(ticked(html, GPD_GROUP_REGION, "london"));
	gpd_record_free(html);
	gpd_diag_free(d);
}

/* HTML as LibreOffice and Word write it: "<p style=...>" paragraphs (no
 * bare "<p>"), a question cell whose paragraph closed before the cell did
 * (not a blank cell, so not an empty box before the answer), boxes as a
 * symbol font's letters (<font face="Wingdings">), and Word's symbol
 * characters whose font the export lost (U+F078): a box of unknown state,
 * reported, never a guess. */
static void test_html_writers(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text("<!DOCTYPE html>\n<html><body>\n"
		"<p style=\"margin-bottom: 0in\">This example of good practice relates to criteria "
		"2.4 of the National\nLeaving Care Standards contributing to ECM outcomes:</p>\n"
		"<p style=\"margin-bottom: 0in\"><font face=\"Wingdings, serif\">&#254;</font>\n"
		"Be healthy</p>\n<p style=\"margin-bottom: 0in\"><font face=\"Wingdings, serif\">"
		"&#168;</font>\nStay safe</p>\n"
		"<table cellpadding=\"7\">\n\t<tr valign=\"top\">\n"
		"\t\t<td width=\"286\"><p style=\"orphans: 0\">\n\t\t\tTarget group(s)</p>\n\t\t</td>\n"
		"\t\t<td width=\"286\"><p style=\"orphans: 0\">\n\t\t\t\xE2\x98\x92 Parents</p>\n"
		"\t\t\t<p style=\"orphans: 0\">\xE2\x98\x90 Foster carers</p>\n\t\t</td>\n\t</tr>\n"
		"\t<tr><td><p>Region where work was developed</p></td>\n"
		"\t\t<td><p>\xEF\x81\xB8 London</p><p>\xEF\x82\xA8 NW England</p></td></tr>\n"
		"\t<tr><td><p>Name(s) and region of agency/organisation in which this piece of work "
		"was developed</p></td><td><p>Kent Leaving Care</p></td></tr>\n"
		"\t<tr><td><p>Purpose and intended outcomes of this work</p></td>"
		"<td><p>To help.</p></td></tr>\n"
		"\t<tr><td><p>Description of what was carried out in this piece of work (the "
		"intervention/s)</p></td><td><p>Sessions.</p></td></tr>\n</table>\n</body></html>\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_int_equal(rec->ticks[GPD_GROUP_OUTCOME], GPD_TICK(0));
	assert_int_equal(rec->ticks[GPD_GROUP_TARGET],
		GPD_TICK(gpd_form_find_id(GPD_GROUP_TARGET, "parents")));
	assert_int_equal(rec->ticks[GPD_GROUP_REGION], 0);
	assert_true(has_text(d, 0, GPD_W_IMPORT, "before \"London\"; left unticked"));
	assert_true(has_text(d, 0, GPD_W_IMPORT, "before \"NW England\"; left unticked"));
	assert_false(has_text(d, 0, GPD_W_IMPORT, "not read as part of any answer"));
	assert_string_equal(rec->agency, "Kent Leaving Care");
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* A copy of the form that numbers its questions ("3.", "Q4", "(e)", as a
 * scan reads them "{f)", "QS", "| 5,"): the number is not part of the
 * heading, and the answers go where they belong; a heading word the scan
 * split ("agency /organisation") is still the heading's, not the agency's
 * text; a speck after the agency (" .") is not part of it. */
static void test_numbered_questions(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n[X] Be healthy\n\n"
		"1. Name(s) and region of agency /organisation in which this piece of work was "
		"developed\nKent Leaving Care .\n\n"
		"Q2 Target group(s)\n[X] Parents\n\n"
		"(c) Purpose and intended outcomes of this work\nTo help.\n\n"
		"{d) Description of what was carried out in this piece of work (the "
		"intervention/s)\nSessions.\n\n"
		"| 5, Service structures and processes that were set up (e.g. posts, partnership "
		"groups etc)\nA board.\n\n"
		"QS Name(s) of tools/resources developed as part of this work\nA pack.\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_string_equal(rec->agency, "Kent Leaving Care");
	assert_true(ticked(rec, GPD_GROUP_TARGET, "parents"));
	assert_string_equal(rec->text[GPD_TEXT_PURPOSE], "To help.");
	assert_string_equal(rec->text[GPD_TEXT_DESCRIPTION], "Sessions.");
	assert_string_equal(rec->text[GPD_TEXT_TOOLS], "A pack.");
	assert_string_equal(rec->text[GPD_TEXT_STRUCTURES], "A board.");
	assert_false(has_text(d, 0, GPD_W_IMPORT, "not read as part of any answer"));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* A scanned question whose boxes all read empty is reported (a check mark
 * or a filled box reads as an empty box's edges); a speck after a "please
 * specify" label is not its text. */
static void test_scan_unticked_and_specks(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n[X| Be healthy\n\n"
		"Target group(s)\n[X| Parents\n\n" FORM_TEXTS
		"Type of agency/organisation in which this work was developed\n"
		"(1 Local authority department - unitary\n(1 Local authority department - "
		"metropolitan\n(1 Local authority department - borough council\n"
		"(1 Local authority department - county (shire) council\n"
		"(1 Local authority department - city council\n"
		"(1 Local authority department - London borough\n(1 Voluntary organisation\n"
		"(1 Multi-agency (please specify agencies involved)\n"
		"(1 Health agency (e.g. PCT, NHS Trust)\n(1 Education agency\n"
		"(1 Youth justice agency\n(1 Youth service\n( Other (please specify) a\n\n"
		"Underlying evidence used to develop the interventions in this piece of work\n"
		"IXI Not known\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_int_equal(rec->ticks[GPD_GROUP_AGENCY_TYPE], 0);
	assert_true(has_text(d, 0, GPD_W_IMPORT, "Agency type: none of its 13 boxes reads as ticked"));
	assert_false(has_text(d, 0, GPD_W_IMPORT, "Underlying evidence: none"));
	assert_null(gpd_record_specified(rec, GPD_GROUP_AGENCY_TYPE,
		(unsigned)gpd_form_find_id(GPD_GROUP_AGENCY_TYPE, "other")));
	assert_false(has_text(d, 0, GPD_W_SPECIFY_UNTICKED, ""));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* Options whose boxes the scan read as one or two short words or glued to
 * the label ("( Tl Not known", "CINot known") are reported, never stored
 * as the notes; nor is a question whose first word stands beside such an
 * option ("Feedback/evaluation i Yes, click here to view"). */
static void test_scan_junk_boxes(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n[X| Be healthy\n\n"
		"Target group(s)\n[X| Parents\n\n" FORM_TEXTS
		"Type of evidence about the 'process' of delivering the interventions used in "
		"this work\nIXI Positive impact (if any)\n( Tl Negative impact (if any) ( Ct Other "
		"impact\nCINot known -\n\n"
		"Feedback/evaluation i Yes, click here to view\nreport available on this site?\n"
		"|_| No\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_null(rec->text[GPD_TEXT_EVIDENCE_NOTES]);
	assert_true(ticked(rec, GPD_GROUP_PROCESS_FINDING, "positive"));
	assert_true(has_text(d, 0, GPD_W_IMPORT, "cannot read the tick box \"( Tl\" before "
		"\"Negative impact (if any)\""));
	assert_true(has_text(d, 0, GPD_W_IMPORT, "cannot read the tick box \"( Ct\" before "
		"\"Other impact\""));
	assert_true(has_text(d, 0, GPD_W_IMPORT, "cannot read the tick box \"CI\" before "
		"\"Not known\""));
	assert_true(has_text(d, 0, GPD_W_IMPORT, "Report available: none of its 2 boxes"));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* A number at the end of the criteria line stands when the sentence goes
 * on ("of the National ..." on the next line); when the scan lost the rest
 * of the sentence, a digit may be lost with it (2.11 read as 2.1): the
 * number is left out and reported. */
static void test_criteria_open(void **state)
{
	static const char *const next[] = {
		"of the National Leaving Care Standards contributing to ECM outcomes:",
		"contributing to ECM outcomes:",
	};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		gpd_buf b = {0};
		gpd_diag *d;
		gpd_record *rec;

		gpd_buf_printf(&b, FORM_HEAD "This example of good practice relates to criteria "
			"_2.1\n\n%s\n[X] Be healthy\n\n" FORM_TEXTS, next[i]);
		rec = import_text(b.data, &d);
		assert_non_null(rec);
		assert_int_equal(rec->ncriteria, i == 0 ? 1 : 0);
		assert_int_equal(has_text(d, 4, GPD_W_IMPORT, "criterion \"2.1\" read where the "
			"scan lost the rest of the sentence"), i == 1);
		gpd_record_free(rec);
		gpd_diag_free(d);
		gpd_buf_free(&b);
	}
}

/* Contact details as a scan reads them: blanks beside an address's "@"
 * are the scan's, specks after an empty "Fax:" are no number, a speck
 * after the address is not part of it. */
static void test_scan_contact_specks(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n[X| Be healthy\n\n" FORM_TEXTS
		"Contact details for further information about this piece of work and the "
		"evidence of its impact\nName: Jo Bird\nAddress: 12 Market Place, Leeds \xC2\xB0\n"
		"Tel: 01632 960 123\nEmail: jo.bird @ leeds.gov.uk\nFax: \"+\nMob: 07700 900123\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_string_equal(rec->contact[GPD_CONTACT_ADDRESS], "12 Market Place, Leeds");
	assert_string_equal(rec->contact[GPD_CONTACT_EMAIL], "jo.bird@leeds.gov.uk");
	assert_null(rec->contact[GPD_CONTACT_FAX]);
	assert_true(has_text(d, 0, GPD_W_IMPORT, "Fax \"\"+\" is not a number; left empty"));
	assert_string_equal(rec->contact[GPD_CONTACT_MOB], "07700 900123");
	assert_false(has_text(d, 0, GPD_W_BAD_EMAIL, ""));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* A line between two options' boxes that names no option is an option
 * the scan garbled (a circled label: "Ciegnior managemenb"), reported,
 * never stored as the answer the reading order put it under. */
static void test_scan_garbled_option(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n[X| Be healthy\n\n"
		"Name(s) and region of agency/organisation in which this piece of work "
		"was developed\nKent Leaving Care\n\nTarget group(s)\n[X| Parents\n\n"
		"Purpose and intended outcomes of this work\n\n(I Young people as trainers\n"
		"Ciegnior managemenb\n\nOl Young people leaving care\n\nTo help.\n\n"
		"Description of what was carried out in this piece of work (the intervention/s)\n"
		"Sessions.\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_string_equal(rec->text[GPD_TEXT_PURPOSE], "To help.");
	assert_true(has_text(d, 0, GPD_W_IMPORT, "text not read as part of any answer: "
		"\"Ciegnior managemenb\""));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* A table's question cell broken over lines, a word split by the scan
 * ("tools /resources") and a Latin-1 sign glued to the last ("work»"), a
 * heading word broken at a line with its tail garbled ("practi" / "ice"):
 * all heading, none of it an answer. */
static void test_scan_split_heading(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n[X| Be healthy\n\n"
		"Target group(s)\n[X| Parents\n\n" FORM_TEXTS
		"Name(s) of\n\ntools /resources\ndeveloped as part of this\nwork\xC2\xBB\n\nA pack.\n\n"
		"In what sense is this \"good practi\n\nice\"? The evidence\n\n"
		"Underlying evidence used to develop the interventions in this piece of work\n\n"
		"[X| Not known\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_string_equal(rec->text[GPD_TEXT_TOOLS], "A pack.");
	assert_null(rec->text[GPD_TEXT_EVIDENCE_NOTES]);
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* A question's number after a table's rule, which the scan read as a
 * box's edges ("| 11. Source of evidence"), or after a speck ("‘14:"), is
 * a heading, not a box; two letters after an option are a speck, not the
 * evidence notes. */
static void test_scan_heading_as_box(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n[X| Be healthy\n\n"
		"Target group(s)\n[X| Parents\n\n" FORM_TEXTS
		"10. Underlying evidence used to develop the interventions in this piece of work\n\n"
		"[X| Not known ne\n\n| 11. Source of evidence\navailable to show the\nimpact of the\n"
		"interventions used in this\nwork\n\n[X| Independent evaluation\n\n"
		"\xE2\x80\x98" "14: Feedback/evaluation\nreport available on this\nsite?\n\n[X| No\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_null(rec->text[GPD_TEXT_EVIDENCE_NOTES]);
	assert_true(ticked(rec, GPD_GROUP_IMPACT_SOURCE, "independent"));
	assert_true(ticked(rec, GPD_GROUP_REPORT, "no"));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

/* An export that lost every box (LibreOffice's text of form fields): each
 * question's labels are its own, so each question is reported, the
 * process evidence too (its labels are the findings' labels). */
static void test_boxless_export(void **state)
{
	gpd_diag *d;
	gpd_record *rec = import_text(FORM_HEAD
		"This example of good practice relates to criteria 1.4 of the National "
		"Leaving Care Standards contributing to ECM outcomes:\n Be healthy\n Stay safe\n"
		FORM_TEXTS
		"What this evidence/information suggests\n Positive impact (if any)\n"
		" Negative impact (if any)\n Other impact\n Not known\n"
		"Type of evidence about the 'process' of delivering the interventions used in "
		"this work\n Positive impact (if any)\n Negative impact (if any)\n Other impact\n"
		" Not known\n", &d);

	(void)state;
	assert_non_null(rec);
	assert_true(has_text(d, 0, GPD_W_IMPORT, "the Evidence suggests options are listed "
		"without tick boxes"));
	assert_true(has_text(d, 0, GPD_W_IMPORT, "the Process evidence options are listed "
		"without tick boxes"));
	gpd_record_free(rec);
	gpd_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_000),
		cmocka_unit_test(test_seed_001),
		cmocka_unit_test(test_seed_002),
		cmocka_unit_test(test_seed_003),
		cmocka_unit_test(test_seed_004),
		cmocka_unit_test(test_ticks_removed),
		cmocka_unit_test(test_ocr_misspelt),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_html_damaged),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_box_grammar),
		cmocka_unit_test(test_criteria_blank),
		cmocka_unit_test(test_lost_digit),
		cmocka_unit_test(test_specify_and_lint),
		cmocka_unit_test(test_two_forms),
		cmocka_unit_test(test_export_notations),
		cmocka_unit_test(test_html_writers),
		cmocka_unit_test(test_numbered_questions),
		cmocka_unit_test(test_scan_unticked_and_specks),
		cmocka_unit_test(test_scan_junk_boxes),
		cmocka_unit_test(test_criteria_open),
		cmocka_unit_test(test_scan_contact_specks),
		cmocka_unit_test(test_scan_garbled_option),
		cmocka_unit_test(test_scan_split_heading),
		cmocka_unit_test(test_scan_heading_as_box),
		cmocka_unit_test(test_boxless_export),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
