/* test_plan.c: the publication file and the planner: which editions, which records, and safe, unique, deterministic output names. */
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
#include "gpdigest/diag.h"
#include "gpdigest/edition.h"
#include "gpdigest/record.h"

/* The shipped file's editions (templates/publication.xml). */
static const char shipped[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<publication xmlns=\"urn:x-gpdigest:publication\" version=\"1\">\n"
	"  <title>What Makes The Difference?</title>\n"
	"  <publisher>National Leaving Care Advisory Service</publisher>\n"
	"  <edition name=\"compendium\" kind=\"compendium\" title=\"Good practice compendium\" output=\"compendium\"/>\n"
	"  <edition name=\"digests\" kind=\"digest\" each=\"region\" title=\"Regional digest: {{region}}\" output=\"digests\"/>\n"
	"  <edition name=\"handouts\" kind=\"handout\" each=\"authority\" title=\"Good practice in {{authority}}\" output=\"handouts\"\n"
	"           cover=\"handout-cover.md\" introduction=\"handout-introduction.md\"/>\n"
	"</publication>\n";

/* Parses xml; with diag NULL the file must be valid (nothing reported). */
static gpd_publication *parse(const char *xml, gpd_diag *diag)
{
	gpd_diag *own = diag ? NULL : gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_publication *pub;

	pub = gpd_publication_parse("publication.xml", xml, strlen(xml), diag ? diag : own);
	if (own != NULL) {
		assert_int_equal(gpd_diag_size(own), 0);
		gpd_diag_free(own);
	}
	return pub;
}

/* gpd_plan_make for a plan that must say nothing. */
static int plan_of(const gpd_publication *pub, gpd_record *const *r, size_t n, gpd_plan *plan)
{
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	int rc = gpd_plan_make(pub, r, n, diag, plan);

	assert_int_equal(gpd_diag_size(diag), 0);
	gpd_diag_free(diag);
	return rc;
}

static gpd_record *rec(const char *id, const char *authority, const char *region,
	unsigned standard, unsigned number)
{
	gpd_record *r = gpd_record_new();

	assert_non_null(r);
	r->id = gpd_strdup(id);
	r->path = gpd_strdup(id);
	r->title = gpd_strdup(id);
	r->authority = gpd_strdup(authority);
	if (region != NULL) {
		int i = gpd_form_find_id(GPD_GROUP_REGION, region);
		assert_true(i >= 0);
		r->ticks[GPD_GROUP_REGION] = GPD_TICK(i);
	}
	if (standard) {
		gpd_criterion c = {standard, number, {0, 0}};
		assert_int_equal(gpd_record_add_criterion(r, c), 0);
	}
	return r;
}

typedef struct recs {
	gpd_record *r[64];
	size_t n;
} recs;

static void free_recs(recs *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		gpd_record_free(rs->r[i]);
	rs->n = 0;
}

/* The shipped records' shape. */
static void shipped_records(recs *rs)
{
	rs->n = 0;
	rs->r[rs->n++] = rec("birmingham-peer-education", "Birmingham", "west-midlands", 0, 0);
	rs->r[rs->n++] = rec("thurrock-sexual-health-worker", "Thurrock", "se-england", 2, 11);
	rs->r[rs->n++] = rec("tower-hamlets-contact-policy", "Tower Hamlets", "london", 1, 4);
	rs->r[rs->n++] = rec("tower-hamlets-health-information", "Tower Hamlets", "london", 2, 4);
	rs->r[rs->n++] = rec("tower-hamlets-user-involvement", "Tower Hamlets", "london", 5, 2);
}

static const gpd_edition *find_output(const gpd_plan *p, const char *output)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->items[i].output, output) == 0)
			return &p->items[i];
	return NULL;
}

/* "id id id" of the edition's records, in plan order. */
static char *ids(const gpd_edition *e)
{
	gpd_buf b = {0};

	gpd_buf_puts(&b, "");
	for (size_t i = 0; i < e->n; i++)
		gpd_buf_printf(&b, "%s%s", i ? " " : "", e->recs[i]->id);
	return gpd_buf_take(&b);
}

static void assert_ids(const gpd_plan *p, const char *output, const char *want)
{
	const gpd_edition *e = find_output(p, output);
	char *got;

	if (e == NULL)
		fail_msg("no edition %s", output);
	got = ids(e);
	if (strcmp(got, want) != 0)
		fail_msg("%s holds '%s', wanted '%s'", output, got, want);
	free(got);
}

/* Every output is folder/slug or slug: a safe name that stays inside out/,
 * and no two editions share one. */
static void assert_safe_unique(const gpd_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const char *o = p->items[i].output, *seg = strchr(o, '/');

		seg = seg ? seg + 1 : o;
		assert_null(strchr(seg, '/'));
		assert_null(strstr(o, ".."));
		assert_true(o[0] != '/' && o[0] != '-');
		assert_true(strlen(seg) >= 1 && strlen(seg) <= 80);
		assert_true(strspn(seg, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(seg));
		assert_true(seg[0] != '-' && seg[strlen(seg) - 1] != '-');
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->items[j].output, o) == 0)
				fail_msg("two editions write %s", o);
	}
}

/* ---- the publication file ---- */

static void test_parse_shipped(void **state)
{
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_publication *pub;

	(void)state;
	pub = parse(shipped, diag);
	assert_non_null(pub);
	assert_int_equal(gpd_diag_size(diag), 0);
	assert_string_equal(pub->title, "What Makes The Difference?");
	assert_int_equal(pub->n, 3);
	assert_int_equal(pub->editions[0].each, GPD_EACH_NONE);
	assert_int_equal(pub->editions[0].kind, GPD_EDITION_COMPENDIUM);
	assert_string_equal(pub->editions[0].cover, "cover.md"); /* the default */
	assert_int_equal(pub->editions[1].each, GPD_EACH_REGION);
	assert_int_equal(pub->editions[1].kind, GPD_EDITION_DIGEST);
	assert_int_equal(pub->editions[2].each, GPD_EACH_AUTHORITY);
	assert_int_equal(pub->editions[2].kind, GPD_EDITION_HANDOUT);
	assert_string_equal(pub->editions[2].cover, "handout-cover.md");
	assert_true(gpd_filter_is_empty(&pub->editions[0].filter));
	gpd_publication_free(pub);
	gpd_diag_free(diag);
}

/* The repository's own templates/publication.xml parses too. */
static void test_parse_repository_file(void **state)
{
	const char *src = getenv("GPD_SOURCE_DIR");
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_publication *pub;
	char path[4096];

	(void)state;
	if (src == NULL)
		skip();
	snprintf(path, sizeof(path), "%s/templates/publication.xml", src);
	pub = gpd_publication_load(path, diag);
	assert_non_null(pub);
	assert_int_equal(gpd_diag_worst(diag), GPD_LEVEL_OK);
	assert_int_equal(pub->n, 3);
	gpd_publication_free(pub);
	gpd_diag_free(diag);
}

/* Bad files: NULL, with an error naming the file and line. */
static void test_parse_errors(void **state)
{
	static const struct { const char *edition; unsigned line; const char *says; } bad[] = {
		{"<edition name=\"x\" title=\"T\" output=\"../etc\"/>", 4, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"/abs\"/>", 4, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"a/b/c\"/>", 4, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"Caps\"/>", 4, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"o\" kind=\"poster\"/>", 4, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"o\" each=\"criterion\"/>", 4, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"o\" cover=\"../secret.md\"/>", 4, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"o\"/>\n<edition name=\"y\" title=\"T\" output=\"o\"/>", 5, NULL},
		{"<edition name=\"x\" title=\"T\" output=\"o\">\n<select region=\"atlantis\"/></edition>", 5,
			"unknown region 'atlantis'"},
		{"<edition name=\"x\" title=\"T\" output=\"o\">\n<select criterion=\"2.x\"/></edition>", 5,
			"unknown criterion '2.x'"},
		{"<edition name=\"x\" title=\"T\" output=\"o\">\n<select colour=\"red\"/></edition>", 5, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_buf xml = {0};
		const gpd_diagnostic *d;
		gpd_publication *pub;

		gpd_buf_printf(&xml, "<publication xmlns=\"urn:x-gpdigest:publication\" version=\"1\">\n"
			"<title>T</title>\n<publisher>P</publisher>\n%s\n</publication>\n", bad[i].edition);
		pub = parse(xml.data, diag);
		if (pub != NULL)
			fail_msg("accepted: %s", bad[i].edition);
		assert_true(gpd_diag_worst(diag) >= GPD_LEVEL_ERROR);
		d = gpd_diag_at(diag, 0);
		assert_string_equal(d->file, "publication.xml");
		if (d->line != bad[i].line)
			fail_msg("%s: reported at line %u, wanted %u", bad[i].edition, d->line, bad[i].line);
		if (bad[i].says && strstr(d->text, bad[i].says) == NULL)
			fail_msg("%s: '%s' does not say '%s'", bad[i].edition, d->text, bad[i].says);
		gpd_buf_free(&xml);
		gpd_diag_free(diag);
	}
}

/* <select> values: OR within a kind across several selects, AND across. */
static void test_parse_selects(void **state)
{
	static const char xml[] =
		"<publication xmlns=\"urn:x-gpdigest:publication\" version=\"1\">\n"
		"<title>T</title><publisher>P</publisher>\n"
		"<edition name=\"x\" title=\"T\" output=\"x\">\n"
		"  <select region=\"London\" criterion=\"2\"/>\n"
		"  <select region=\"se-england\"/>\n"
		"</edition>\n"
		"</publication>\n";
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_publication *pub = parse(xml, diag);
	gpd_plan plan;
	recs rs;

	(void)state;
	assert_non_null(pub);
	shipped_records(&rs);
	assert_int_equal(plan_of(pub, rs.r, rs.n, &plan), 0);
	assert_int_equal(plan.n, 1);
	assert_ids(&plan, "x", "thurrock-sexual-health-worker tower-hamlets-health-information");
	assert_string_equal(plan.items[0].selection, "Region: SE England or London; Standard 2");
	gpd_plan_free(&plan);
	free_recs(&rs);
	gpd_publication_free(pub);
	gpd_diag_free(diag);
}

/* ---- the plan ---- */

static void test_plan_shipped(void **state)
{
	gpd_publication *pub = parse(shipped, NULL);
	gpd_plan plan;
	recs rs;

	(void)state;
	assert_non_null(pub);
	shipped_records(&rs);
	assert_int_equal(plan_of(pub, rs.r, rs.n, &plan), 0);
	assert_int_equal(plan.n, 7);
	assert_string_equal(plan.items[0].output, "compendium");
	assert_string_equal(plan.items[1].output, "digests/se-england"); /* form order */
	assert_string_equal(plan.items[2].output, "digests/london");
	assert_string_equal(plan.items[3].output, "digests/west-midlands");
	assert_string_equal(plan.items[4].output, "handouts/birmingham"); /* name order */
	assert_string_equal(plan.items[5].output, "handouts/thurrock");
	assert_string_equal(plan.items[6].output, "handouts/tower-hamlets");
	assert_int_equal(plan.items[0].n, 5);
	assert_ids(&plan, "digests/london", "tower-hamlets-contact-policy "
		"tower-hamlets-health-information tower-hamlets-user-involvement");
	assert_ids(&plan, "digests/se-england", "thurrock-sexual-health-worker");
	assert_ids(&plan, "digests/west-midlands", "birmingham-peer-education");
	assert_ids(&plan, "handouts/tower-hamlets", "tower-hamlets-contact-policy "
		"tower-hamlets-health-information tower-hamlets-user-involvement");
	assert_ids(&plan, "handouts/thurrock", "thurrock-sexual-health-worker");
	assert_ids(&plan, "handouts/birmingham", "birmingham-peer-education");
	/* no digest for regions without records */
	assert_null(find_output(&plan, "digests/national"));
	assert_null(find_output(&plan, "digests/nw-england"));
	/* titles and the edition's place */
	assert_string_equal(find_output(&plan, "digests/london")->title, "Regional digest: London");
	assert_string_equal(find_output(&plan, "digests/london")->region, "London");
	assert_string_equal(find_output(&plan, "handouts/thurrock")->title, "Good practice in Thurrock");
	assert_string_equal(find_output(&plan, "handouts/thurrock")->authority, "Thurrock");
	assert_string_equal(find_output(&plan, "handouts/thurrock")->region, "SE England");
	assert_null(plan.items[0].region); /* the compendium spans regions */
	assert_string_equal(plan.items[0].selection, "All records");
	assert_safe_unique(&plan);
	gpd_plan_free(&plan);
	free_recs(&rs);
	gpd_publication_free(pub);
}

/* Hostile authority names become safe, distinct names inside handouts/. */
static void test_plan_hostile_authorities(void **state)
{
	static const char *names[] = {"../../etc", "/", "..", ".", "!!!", "???",
		"St. Helens", "St Helens", "\xc5\x81\xc3\xb3\x64\xc5\xba", "handouts/../../x",
		"CON", "-rf", "x"};
	gpd_publication *pub = parse(shipped, NULL);
	char *longa = malloc(5001), *longb = malloc(5001);
	gpd_plan plan;
	recs rs = {0};

	(void)state;
	assert_non_null(pub);
	assert_non_null(longa);
	assert_non_null(longb);
	memset(longa, 'A', 5000);
	longa[5000] = '\0';
	memcpy(longb, longa, 5001);
	longb[4999] = 'B'; /* differs only past the slug's length */
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char id[16];
		snprintf(id, sizeof(id), "r%02zu", i);
		rs.r[rs.n++] = rec(id, names[i], "london", 2, 4);
	}
	rs.r[rs.n++] = rec("long-a", longa, "london", 2, 4);
	rs.r[rs.n++] = rec("long-b", longb, "london", 2, 4);
	assert_int_equal(plan_of(pub, rs.r, rs.n, &plan), 0);
	assert_safe_unique(&plan);
	/* compendium + one digest + one handout per authority: every name is
	 * one but "St. Helens" and "St Helens", which have one key */
	assert_int_equal(plan.n, 2 + sizeof(names) / sizeof(*names) - 1 + 2);
	for (size_t i = 2; i < plan.n; i++) {
		assert_int_equal(strncmp(plan.items[i].output, "handouts/", 9), 0);
		for (size_t j = 0; j < plan.items[i].n; j++)
			assert_int_equal(gpd_authority_cmp(plan.items[i].authority,
				plan.items[i].recs[j]->authority), 0);
	}
	assert_ids(&plan, "handouts/etc", "r00");
	assert_ids(&plan, "handouts/lodz", "r08");
	assert_ids(&plan, "handouts/st-helens", "r06 r07"); /* one authority */
	assert_null(find_output(&plan, "handouts/st-helens-2"));
	assert_ids(&plan, "handouts/handouts-x", "r09");
	assert_ids(&plan, "handouts/con-la", "r10");      /* not con.pdf: Windows reserves it */
	assert_null(find_output(&plan, "handouts/con"));
	assert_ids(&plan, "handouts/rf", "r11");
	assert_ids(&plan, "handouts/x", "r12");
	/* nothing to slug: the record's id names the handout, not "x-2" */
	assert_ids(&plan, "handouts/r01", "r01");
	assert_ids(&plan, "handouts/r04", "r04");
	assert_null(find_output(&plan, "handouts/x-2"));
	gpd_plan_free(&plan);
	free_recs(&rs);
	free(longa);
	free(longb);
	gpd_publication_free(pub);
}

/* The authority -> output mapping of a plan, as "authority=output;..." in
 * authority order: what must not depend on the records' order. */
static char *mapping(const gpd_plan *p)
{
	gpd_buf b = {0};

	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].authority != NULL)
			gpd_buf_printf(&b, "%s=%s;", p->items[i].authority, p->items[i].output);
	return gpd_buf_take(&b);
}

/* Names that slug alike get distinct names that do not depend on which
 * record was read first. */
static void test_plan_collisions_deterministic(void **state)
{
	static const char *names[] = {"St. Helens", "St Helens", "ST HELENS!", "St-Helens",
		"st helens 2", "Brighton & Hove", "Brighton and Hove", "Brighton-Hove"};
	const size_t n = sizeof(names) / sizeof(*names);
	gpd_publication *pub = parse(shipped, NULL);
	char *first = NULL;

	(void)state;
	assert_non_null(pub);
	for (unsigned perm = 0; perm < 8; perm++) {
		recs rs = {0};
		gpd_plan plan;
		char *m;

		/* rotate and maybe reverse the load order */
		for (size_t i = 0; i < n; i++) {
			size_t k = (i + perm) % n;
			if (perm & 1)
				k = n - 1 - k;
			char id[8];
			snprintf(id, sizeof(id), "r%zu", k);
			rs.r[rs.n++] = rec(id, names[k], "london", 1, 4);
		}
		assert_int_equal(plan_of(pub, rs.r, rs.n, &plan), 0);
		assert_safe_unique(&plan);
		m = mapping(&plan);
		if (first == NULL)
			first = m;
		else {
			assert_string_equal(m, first);
			free(m);
		}
		gpd_plan_free(&plan);
		free_recs(&rs);
	}
	/* names that differ only in case, punctuation, spaces and hyphens are
	 * one authority (without the lint's respelling, the first by strcmp
	 * names it): "St. Helens", "St Helens", "ST HELENS!" and "St-Helens";
	 * "Brighton & Hove" and "Brighton-Hove". "and" is a word, not a mark. */
	assert_string_equal(first, "Brighton and Hove=handouts/brighton-and-hove;"
		"Brighton & Hove=handouts/brighton-hove;"
		"ST HELENS!=handouts/st-helens;st helens 2=handouts/st-helens-2;");
	free(first);
	gpd_publication_free(pub);
}

/* Plans the publication xml over the records with London, Thurrock and
 * "A+B" and "A B" (two authorities, slugged alike: a-b, a-b-2) and wants what gpd_plan_make said: rc,
 * and when -2 one publication error at line, holding each of the words
 * of want ("|" between them). */
static void assert_clash(const char *xml, int rc, unsigned line, const char *want)
{
	gpd_publication *pub = parse(xml, NULL);
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_plan plan;
	recs rs = {0};

	assert_non_null(pub);
	rs.r[rs.n++] = rec("a", "Tower Hamlets", "london", 1, 4);
	rs.r[rs.n++] = rec("b", "Thurrock", "se-england", 2, 11);
	rs.r[rs.n++] = rec("c", "A+B", "west-midlands", 2, 11);
	rs.r[rs.n++] = rec("d", "A B", "west-midlands", 2, 11);
	assert_int_equal(gpd_plan_make(pub, rs.r, rs.n, diag, &plan), rc);
	if (rc == 0) {
		assert_int_equal(gpd_diag_size(diag), 0);
		assert_safe_unique(&plan);
		gpd_plan_free(&plan);
	} else {
		const gpd_diagnostic *g;
		char *words = strdup(want), *save = NULL;

		assert_int_equal(gpd_diag_size(diag), 1);
		g = gpd_diag_at(diag, 0);
		assert_int_equal(g->code, GPD_E_PUBLICATION);
		assert_string_equal(g->file, "publication.xml");
		assert_int_equal(g->line, line);
		for (char *w = strtok_r(words, "|", &save); w; w = strtok_r(NULL, "|", &save))
			if (strstr(g->text, w) == NULL)
				fail_msg("'%s' does not say '%s'", g->text, w);
		free(words);
		assert_int_equal(plan.n, 0); /* nothing is planned */
	}
	free_recs(&rs);
	gpd_diag_free(diag);
	gpd_publication_free(pub);
}

#define CLASH_HEAD "<publication xmlns=\"urn:x-gpdigest:publication\" version=\"1\">\n" \
	"<title>T</title><publisher>P</publisher>\n"
#define CLASH_DIGESTS "<edition name=\"digests\" each=\"region\" title=\"{{region}}\" output=\"digests\"/>\n"
#define CLASH_HANDOUTS "<edition name=\"handouts\" each=\"authority\" title=\"{{authority}}\" output=\"handouts\"/>\n"

/* An output an edition declares that another edition makes for one of its
 * regions or authorities is an error at the declared edition, whichever
 * comes first: the London digest was moved to digests/london-2 unsaid, or
 * (declared after) both were written to digests/london. Only names that
 * are made: with no record of the East Midlands, a declared
 * digests/east-midlands is no one else's. */
static void test_plan_declared_output_clash(void **state)
{
	(void)state;
	assert_clash(CLASH_HEAD
		"<edition name=\"london\" title=\"London\" output=\"digests/london\"/>\n"
		CLASH_DIGESTS "</publication>\n", -2, 3,
		"<edition name=\"london\" output=\"digests/london\">|edition \"digests\" (line 4)|"
		"for London|outside digests/");
	assert_clash(CLASH_HEAD CLASH_DIGESTS
		"<edition name=\"london\" title=\"London\" output=\"digests/london\"/>\n"
		"</publication>\n", -2, 4,
		"<edition name=\"london\" output=\"digests/london\">|edition \"digests\" (line 3)|"
		"for London");
	assert_clash(CLASH_HEAD CLASH_HANDOUTS
		"<edition name=\"t\" title=\"T\" output=\"handouts/thurrock\"/>\n"
		"</publication>\n", -2, 4, "edition \"handouts\" (line 3)|for Thurrock");
	/* a -2 another name of the folder would have taken */
	assert_clash(CLASH_HEAD
		"<edition name=\"m\" title=\"M\" output=\"handouts/a-b-2\"/>\n"
		CLASH_HANDOUTS "</publication>\n", -2, 3, "edition \"handouts\" (line 4)");
	assert_clash(CLASH_HEAD CLASH_DIGESTS CLASH_HANDOUTS
		"<edition name=\"w\" title=\"W\" output=\"digests/east-midlands\"/>\n"
		"<edition name=\"m\" title=\"M\" output=\"handouts/a-b-3\"/>\n"
		"</publication>\n", 0, 0, "");
}

/* One authority spelt in two cases is one handout (the filter compares
 * case-insensitively, so two would hold the same records). */
static void test_plan_authority_case(void **state)
{
	gpd_publication *pub = parse(shipped, NULL);
	gpd_plan plan;
	recs rs = {0};

	(void)state;
	rs.r[rs.n++] = rec("a", "Thurrock", "se-england", 2, 11);
	rs.r[rs.n++] = rec("b", "THURROCK", "se-england", 2, 4);
	rs.r[rs.n++] = rec("c", NULL, "se-england", 2, 4); /* a record with errors */
	assert_int_equal(plan_of(pub, rs.r, rs.n, &plan), 0);
	assert_int_equal(plan.n, 3);
	assert_ids(&plan, "handouts/thurrock", "a b");
	assert_null(find_output(&plan, "handouts/thurrock-2"));
	gpd_plan_free(&plan);
	free_recs(&rs);
	gpd_publication_free(pub);
}

/* A plain edition whose selection matches nothing is kept, empty, for the
 * build to report; each-editions only exist where there are records. */
static void test_plan_empty_selection(void **state)
{
	static const char xml[] =
		"<publication xmlns=\"urn:x-gpdigest:publication\" version=\"1\">\n"
		"<title>T</title><publisher>P</publisher>\n"
		"<edition name=\"x\" title=\"T\" output=\"x\"><select region=\"national\"/></edition>\n"
		"<edition name=\"d\" kind=\"digest\" each=\"region\" title=\"{{region}}\" output=\"d\">"
		"<select criterion=\"9\"/></edition>\n"
		"</publication>\n";
	gpd_publication *pub = parse(xml, NULL);
	gpd_plan plan;
	recs rs;

	(void)state;
	assert_non_null(pub);
	shipped_records(&rs);
	assert_int_equal(plan_of(pub, rs.r, rs.n, &plan), 0);
	assert_int_equal(plan.n, 1);
	assert_string_equal(plan.items[0].output, "x");
	assert_int_equal(plan.items[0].n, 0);
	gpd_plan_free(&plan);
	/* no records at all */
	assert_int_equal(plan_of(pub, rs.r, 0, &plan), 0);
	assert_int_equal(plan.n, 1);
	gpd_plan_free(&plan);
	free_recs(&rs);
	gpd_publication_free(pub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_shipped),
		cmocka_unit_test(test_parse_repository_file),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_selects),
		cmocka_unit_test(test_plan_shipped),
		cmocka_unit_test(test_plan_hostile_authorities),
		cmocka_unit_test(test_plan_collisions_deterministic),
		cmocka_unit_test(test_plan_authority_case),
		cmocka_unit_test(test_plan_declared_output_clash),
		cmocka_unit_test(test_plan_empty_selection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
