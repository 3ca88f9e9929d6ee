/* layout_demo.c: builds a demo PDF that exercises every feature of the layout engine. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gpdigest/layout.h"

#define R(s) { (s), GPD_RUN_STRLEN, GPD_FACE_REGULAR, NULL, NULL, NULL, 0, NULL }
#define B(s) { (s), GPD_RUN_STRLEN, GPD_FACE_BOLD, NULL, NULL, NULL, 0, NULL }
#define I(s) { (s), GPD_RUN_STRLEN, GPD_FACE_ITALIC, NULL, NULL, NULL, 0, NULL }
#define BI(s) { (s), GPD_RUN_STRLEN, GPD_FACE_BOLD_ITALIC, NULL, NULL, NULL, 0, NULL }
#define M(s) { (s), GPD_RUN_STRLEN, GPD_FACE_MONO, NULL, NULL, NULL, 0, NULL }
#define URI(s, u) { (s), GPD_RUN_STRLEN, GPD_FACE_REGULAR, (u), NULL, NULL }
#define GO(s, a) { (s), GPD_RUN_STRLEN, GPD_FACE_REGULAR, NULL, (a), NULL }
#define PAGE(a) { NULL, 0, GPD_FACE_REGULAR, NULL, NULL, (a) }
#define N(a) (sizeof(a) / sizeof((a)[0]))

static int nwarn;

static void warn(void *ctx, gpd_layout_warn kind, const char *arg)
{
	char msg[300];

	gpd_layout_warn_text(kind, arg, msg, sizeof msg);
	(void)ctx;
	nwarn++;
	fprintf(stderr, "layout_demo: warning: %s\n", msg);
}

static const char *lorem =
	"Good practice is not a slogan but a record of what worked, for whom, "
	"and under which conditions. Each entry in this compendium describes a "
	"practice, the evidence behind it, the standard it addresses and the "
	"people who can tell you more. Entries are grouped by standard and "
	"criterion so that a reader can move from the general to the particular "
	"without losing the thread.";

static int heading(gpd_layout *L, int lvl, const char *text, const char *id)
{
	gpd_run r[] = { R(text) };

	return gpd_layout_heading(L, lvl, r, 1, id);
}

static int para(gpd_layout *L, const char *text)
{
	gpd_run r[] = { R(text) };

	return gpd_layout_paragraph(L, r, 1);
}

static void cover(gpd_layout *L)
{
	gpd_run t[] = { R("Compendium of Good Practice") };
	gpd_run s[] = { I("Demonstration of the gpdigest layout engine") };

	gpd_layout_set_furniture(L, 0);
	gpd_layout_space(L, 180);
	gpd_layout_space(L, 0);
	gpd_layout_heading(L, 1, t, 1, "cover");
	gpd_layout_paragraph(L, s, 1);
	gpd_layout_space(L, 24);
	gpd_layout_rule(L);
	para(L, "Edition 2024 \xE2\x80\x94 generated, reproducible, and typeset "
		"with embedded DejaVu fonts.");
	gpd_layout_page_break(L);
	gpd_layout_set_furniture(L, 1);
}

static void contents(gpd_layout *L, gpd_outline_id root)
{
	static const char *const ids[] = { "part1", "std1", "c1", "c2", "part2",
		"std2", "tables", "missing-anchor" };
	static const char *const titles[] = { "Part I \xE2\x80\x94 Foundations",
		"Standard 1: Governance and accountability",
		"Criterion 1.1: Transparent decision making with a deliberately long "
		"title that has to wrap onto a second line in the contents",
		"Criterion 1.2: \xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA"
		"\xCE\xAC and \xD0\x9A\xD0\xB8\xD1\x80\xD0\xB8\xD0\xBB\xD0\xBB\xD0\xB8"
		"\xD1\x86\xD0\xB0", "Part II \xE2\x80\x94 Practice",
		"Standard 2: Participation", "Coverage summary",
		"An entry whose anchor does not exist" };
	static const int levels[] = { 1, 2, 3, 3, 1, 2, 2, 2 };
	size_t i;

	gpd_layout_set_section(L, "Contents");
	gpd_layout_outline(L, root, "Contents");
	heading(L, 1, "Contents", "toc");
	for (i = 0; i < N(ids); i++) {
		gpd_run r[] = { R(titles[i]) };
		gpd_layout_toc_entry(L, levels[i], r, 1, ids[i]);
	}
	gpd_layout_page_break(L);
}

static void inline_demo(gpd_layout *L)
{
	gpd_run r[] = { R("Inline runs mix "), B("bold"), R(", "), I("italic"),
		R(", "), BI("bold italic"), R(" and "), M("monospace code()"),
		R(". A link to "), URI("the project site", "https://example.org/gp"),
		R(" and one to "), GO("the coverage summary", "tables"),
		R(" on page "), PAGE("tables"), R(", a forward page reference. "
		"Greek: \xCE\xB7 \xCE\xBA\xCE\xB1\xCE\xBB\xCE\xAE \xCF\x80\xCF\x81"
		"\xCE\xB1\xCE\xBA\xCF\x84\xCE\xB9\xCE\xBA\xCE\xAE; Cyrillic: \xD1\x85"
		"\xD0\xBE\xD1\x80\xD0\xBE\xD1\x88\xD0\xB0\xD1\x8F \xD0\xBF\xD1\x80\xD0"
		"\xB0\xD0\xBA\xD1\x82\xD0\xB8\xD0\xBA\xD0\xB0; a missing glyph: "
		"\xE4\xB8\xAD; invalid bytes: \xFF\xFE end.") };
	gpd_run url[] = { R("A long unbroken address: "),
		URI("https://example.org/a/very/long/path/that/does/not/contain/any/"
		"spaces/at/all/and/therefore/must/be/broken/between/characters/so/"
		"that/nothing/ever/sticks/out/past/the/right/margin/of/the/page/"
		"even/when/it/goes/on/and/on/index.html?query=1&and=2&more=3",
		"https://example.org/") };

	gpd_layout_paragraph(L, r, N(r));
	gpd_layout_paragraph(L, url, N(url));
}

static void lists_demo(gpd_layout *L)
{
	gpd_layout_list_begin(L, 0, 0);
	gpd_layout_item_begin(L);
	para(L, "A bullet item with enough words to wrap onto a second line, "
		"showing the hanging indent that keeps the text clear of the mark.");
	gpd_layout_list_begin(L, 1, 1);
	gpd_layout_item_begin(L);
	para(L, "A nested, ordered item.");
	gpd_layout_item_end(L);
	gpd_layout_item_begin(L);
	para(L, "Another nested item that also wraps because it is long enough "
		"to reach the right margin of the page.");
	gpd_layout_item_end(L);
	gpd_layout_list_end(L);
	gpd_layout_item_end(L);
	gpd_layout_item_begin(L);
	para(L, "A second bullet item.");
	gpd_layout_item_end(L);
	gpd_layout_list_end(L);
}

static void ticks_and_quote(gpd_layout *L)
{
	gpd_run t1[] = { R("Policy adopted by the board") };
	gpd_run t2[] = { R("Evaluation published") };
	gpd_run t3[] = { R("Budget line reserved for follow-up") };
	gpd_run q[] = { I("\xE2\x80\x9CWe learned more from the failures we "
		"wrote down than from the successes we remembered.\xE2\x80\x9D"),
		R(" \xE2\x80\x94 a practitioner") };

	gpd_layout_tick(L, GPD_TICK_BOX_CHECKED, t1, 1);
	gpd_layout_tick(L, GPD_TICK_BOX_EMPTY, t2, 1);
	gpd_layout_tick(L, GPD_TICK_CHECK, t3, 1);
	gpd_layout_quote_begin(L);
	gpd_layout_paragraph(L, q, N(q));
	para(L, lorem);
	gpd_layout_quote_end(L);
}

static void table_demo(gpd_layout *L, gpd_outline_id parent)
{
	static const float fr[] = { 0.46f, 0.18f, 0.18f, 0.18f };
	gpd_cell cells[4 * 24];
	gpd_run hdr[4] = { R("Standard"), R("Records"), R("Criteria"),
		R("Covered") };
	static gpd_run body[24][4];
	char (*num)[3][16] = calloc(24, sizeof *num);
	static const char *const names[] = { "Governance", "Participation",
		"Transparency and open data practices across departments", "Equity" };
	gpd_table t = { 4, 24, fr, cells, 1, NULL, 0, 0 };
	size_t r, c;

	if (!num)
		return;
	for (c = 0; c < 4; c++)
		cells[c] = (gpd_cell){ &hdr[c], 1, 0 };
	for (r = 1; r < 24; r++) {
		snprintf(num[r][0], 16, "%zu", r * 7 % 23 + 1);
		snprintf(num[r][1], 16, "%zu", r % 5 + 1);
		snprintf(num[r][2], 16, "%s", r % 3 ? "\xE2\x9C\x93 yes" : "no");
		body[r][0] = (gpd_run)R(names[r % 4]);
		for (c = 1; c < 4; c++)
			body[r][c] = (gpd_run)R(num[r][c - 1]);
		for (c = 0; c < 4; c++)
			cells[r * 4 + c] = (gpd_cell){ &body[r][c], 1, 0 };
	}
	gpd_layout_outline(L, parent, "Coverage summary");
	heading(L, 2, "Coverage summary", "tables");
	gpd_layout_table(L, &t);
	free(num);
}

static void body(gpd_layout *L, gpd_outline_id root)
{
	gpd_outline_id p1, s1, p2, s2;
	gpd_run back[] = { R("Back to the "), GO("contents", "toc"),
		R(" (page "), PAGE("toc"), R(").") };
	int i;

	gpd_layout_set_section(L, "Part I \xE2\x80\x94 Foundations");
	p1 = gpd_layout_outline(L, root, "Part I \xE2\x80\x94 Foundations");
	heading(L, 1, "Part I \xE2\x80\x94 Foundations", "part1");
	s1 = gpd_layout_outline(L, p1, "Standard 1: Governance");
	heading(L, 2, "Standard 1: Governance and accountability", "std1");
	para(L, lorem);
	gpd_layout_outline(L, s1, "Criterion 1.1");
	heading(L, 3, "Criterion 1.1: Transparent decision making", "c1");
	inline_demo(L);
	lists_demo(L);
	gpd_layout_outline(L, s1, "Criterion 1.2 \xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7"
		"\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC");
	heading(L, 3, "Criterion 1.2: \xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD"
		"\xCE\xB9\xCE\xBA\xCE\xAC and \xD0\x9A\xD0\xB8\xD1\x80\xD0\xB8\xD0\xBB"
		"\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB0", "c2");
	ticks_and_quote(L);
	heading(L, 4, "A level-four heading", NULL);
	para(L, lorem);
	gpd_layout_rule(L);
	for (i = 0; i < 6; i++)
		para(L, lorem);
	gpd_layout_set_section(L, "Part II \xE2\x80\x94 Practice");
	gpd_layout_page_break(L);
	p2 = gpd_layout_outline(L, root, "Part II \xE2\x80\x94 Practice");
	heading(L, 1, "Part II \xE2\x80\x94 Practice", "part2");
	s2 = gpd_layout_outline(L, p2, "Standard 2: Participation");
	heading(L, 2, "Standard 2: Participation", "std2");
	for (i = 0; i < 3; i++)
		para(L, lorem);
	table_demo(L, s2);
	gpd_layout_paragraph(L, back, N(back));
}

/* Dense filler: about 3 pages per record-sized chunk, for timing. */
static void bulk(gpd_layout *L, int pages, gpd_outline_id root)
{
	int i, per = 9; /* roughly nine paragraphs per page */
	char id[32], title[64];

	for (i = 0; i < pages * per && gpd_layout_status(L) == 0; i++) {
		if (i % (per * 3) == 0) {
			snprintf(id, sizeof id, "rec%d", i);
			snprintf(title, sizeof title, "Record %d", i / (per * 3) + 1);
			gpd_layout_set_section(L, title);
			gpd_layout_outline(L, root, title);
			heading(L, 3, title, id);
		}
		para(L, lorem);
	}
}

int main(int argc, char **argv)
{
	gpd_style st;
	gpd_layout *L;
	gpd_docinfo info = { "Compendium of Good Practice", "gpdigest",
		"Layout engine demonstration", "good practice; demo; layout",
		"gpdigest layout_demo", 0 };
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int bulk_pages = argc > 2 ? atoi(argv[2]) : 0, rc;
	gpd_outline_id root = GPD_OUTLINE_ROOT;

	if (argc < 2) {
		fprintf(stderr, "usage: layout_demo OUT.pdf [BULK_PAGES]\n");
		return 2;
	}
	info.date = sde ? (time_t)strtoll(sde, NULL, 10) : (time_t)1700000000;
	gpd_style_defaults(&st);
	if (!(L = gpd_layout_new(&st, warn, NULL)))
		return 1;
	gpd_layout_set_running_title(L, "Compendium of Good Practice");
	cover(L);
	contents(L, root);
	body(L, root);
	if (bulk_pages > 0)
		bulk(L, bulk_pages, root);
	rc = gpd_layout_save(L, argv[1], &info);
	if (rc)
		fprintf(stderr, "layout_demo: %s\n", gpd_layout_errmsg(L));
	else
		printf("%d pages, %d warnings\n", gpd_layout_page_count(L), nwarn);
	gpd_layout_free(L);
	return rc ? 1 : 0;
}
