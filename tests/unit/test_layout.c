/* test_layout.c: cmocka unit tests for the PDF layout engine (white-box where needed). */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <thai/thwbrk.h>
#include <unistd.h>
#include <wchar.h>
#include <zlib.h>

#include <hb.h>
#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "gpdigest/buf.h"
#include "gpdigest/fontref.h"
#include "gpdigest/layout.h"
#include "gpdigest/pool.h"
#include "layout/layout_font.h"
#include "layout/layout_hpdf.h"
#include "layout/layout_lb.h"
#include "layout/layout_page.h"
#include "layout/layout_priv.h"
#include "layout/layout_show.h"
#include "layout/layout_text.h"

typedef struct warns {
	int n;
	gpd_layout_warn kind; /* of the last one */
	char arg[256];        /* its argument, "(null)" for none */
} warns;

static void on_warn(void *ctx, gpd_layout_warn kind, const char *arg)
{
	warns *w = ctx;

	w->n++;
	w->kind = kind;
	snprintf(w->arg, sizeof w->arg, "%s", arg ? arg : "(null)");
}

static gpd_layout *mk(warns *w, int max_pages)
{
	gpd_style st;
	gpd_layout *L;

	gpd_style_defaults(&st);
	if (max_pages)
		st.max_pages = max_pages;
	memset(w, 0, sizeof *w);
	L = gpd_layout_new(&st, on_warn, w);
	assert_non_null(L);
	return L;
}

static gpd_run run(const char *s)
{
	gpd_run r = { s, GPD_RUN_STRLEN, GPD_FACE_REGULAR, NULL, NULL, NULL, 0, NULL };
	return r;
}

/* Every line and every fragment stays within width. */
static void assert_fits(const block *b, float width)
{
	size_t i, j;

	for (i = 0; i < b->nlines; i++) {
		const line *ln = &b->lines[i];
		assert_true(ln->w <= width + 0.001f);
		for (j = ln->first; j < ln->first + ln->n; j++)
			assert_true(b->frags[j].x + b->frags[j].w <= width + 0.001f);
	}
}

/* Does the block's text (not NUL-terminated) hold s? */
static int arena_has(const block *b, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= b->alen; i++)
		if (memcmp(b->arena + i, s, n) == 0)
			return 1;
	return 0;
}

static void break_text(gpd_layout *L, const char *text, float width)
{
	gpd_run r = run(text);

	assert_int_equal(gpd__block_prep(L, &L->blk, &r, 1, 10, 0), 0);
	assert_int_equal(gpd__block_break(L, &L->blk, width), 0);
	assert_true(L->blk.nlines > 0);
	assert_fits(&L->blk, width);
}

static void test_widths(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	char *url = malloc(400), *word = malloc(10001);
	float widths[] = { 30, 57.5f, 120, 233.3f, 459 };
	size_t i;

	(void)state;
	strcpy(url, "https://example.org/");
	for (i = strlen(url); i < 300; i++)
		url[i] = (char)('a' + i % 26);
	url[300] = '\0';
	memset(word, 'W', 10000);
	word[10000] = '\0';
	for (i = 0; i < sizeof widths / sizeof *widths; i++) {
		break_text(L, "A plain sentence that wraps several times over.",
			widths[i]);
		break_text(L, url, widths[i]);
		break_text(L, word, widths[i]);
	}
	/* the 10,000 W's all survive, in order */
	{
		size_t total = 0, j;
		for (j = 0; j < L->blk.nfrags; j++)
			total += L->blk.frags[j].len;
		assert_int_equal(total, 10000);
	}
	assert_int_equal(w.n, 0);
	free(url);
	free(word);
	gpd_layout_free(L);
}

static void test_big_paragraph(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	size_t n = 1u << 20, i;
	char *text = malloc(n + 1);
	gpd_run r;

	(void)state;
	for (i = 0; i < n; i++)
		text[i] = (i % 9 == 8) ? ' ' : (char)('a' + i % 23);
	text[n] = '\0';
	r = run(text);
	/* no time limit here (speed is tests/bench/run's; ctest's timeout
	 * catches a hang): a megabyte paragraph is laid out, over many pages */
	assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
	assert_int_equal(gpd_layout_page_break(L), 0); /* placed */
	assert_true(gpd_layout_page_count(L) > 100);
	free(text);
	gpd_layout_free(L);
}

static void test_scripts(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	size_t i;

	(void)state;
	break_text(L, "\xCE\x97 \xCE\xBA\xCE\xB1\xCE\xBB\xCE\xAE \xCF\x80\xCF\x81"
		"\xCE\xB1\xCE\xBA\xCF\x84\xCE\xB9\xCE\xBA\xCE\xAE \xD1\x85\xD0\xBE"
		"\xD1\x80\xD0\xBE\xD1\x88\xD0\xB0\xD1\x8F", 400);
	assert_int_equal(w.n, 0);
	for (i = 0; i < L->blk.nsegs; i++)
		assert_int_equal(L->blk.segs[i].slot, SLOT_REG);
	assert_true(L->blk.lines[0].w > 20);
	gpd_layout_free(L);
}

static void test_missing_glyph(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	/* U+10FFFD: a private-use character no font has, of no script */
	gpd_run r = run("x\xF4\x8F\xBF\xBD y \xF4\x8F\xBF\xBD z");
	/* Han: a script no font of the default style covers */
	gpd_run h = run("x\xE4\xB8\xAD y \xE4\xB8\xAD\xE6\x96\x87 z");

	(void)state;
	assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
	assert_int_equal(w.n, 1);  /* once per codepoint per block */
	assert_int_equal(w.kind, GPD_LAYOUT_W_MISSING_GLYPH);
	assert_string_equal(w.arg, "U+10FFFD");
	assert_true(L->nhq > 0); /* held until what follows is known */
	assert_true(arena_has(&L->hq[L->nhq - 1].b, "\xEF\xBF\xBD"));
	/* and again in the next block: the renderer says it once per record
	 * (render_pdf.c), so another record's is not lost */
	assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.arg, "U+10FFFD");
	assert_int_equal(gpd_layout_paragraph(L, &h, 1), 0);
	assert_int_equal(w.n, 3);  /* a script: once per block */
	assert_int_equal(w.kind, GPD_LAYOUT_W_MISSING_SCRIPT);
	assert_non_null(strstr(w.arg, "Han"));
	/* the font to add to the style when it is installed, else its package */
	assert_non_null(strstr(w.arg, gpd_font_installed("NotoSerifCJK-Regular.ttc#2")
		? "NotoSerifCJK-Regular.ttc#2 is installed" : "fonts-noto-cjk"));
	assert_int_equal(gpd_layout_paragraph(L, &h, 1), 0);
	assert_int_equal(w.n, 4);
	gpd_layout_free(L);
}

/* Text of a script no font of the style covers (Tamil: in no chain of
 * the default style) names the font of fonts-noto-core to add to the
 * style when it is installed: the package alone sent editors to install
 * what they had. When it is not installed, the package. */
static void test_missing_script_advice(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run r = run("\xE0\xAE\xA4\xE0\xAE\xAE\xE0\xAE\xBF\xE0\xAE\xB4\xE0\xAF\x8D"); /* Tamil */

	(void)state;
	assert_int_equal(gpd__block_prep(L, &L->blk, &r, 1, 10, 0), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.kind, GPD_LAYOUT_W_MISSING_SCRIPT);
	if (gpd_font_installed("NotoSerifTamil-Regular.ttf"))
		assert_string_equal(w.arg, "Tamil script (NotoSerifTamil-Regular.ttf is installed: "
			"add it to <fallback regular> in templates/style.xml)");
	else
		assert_string_equal(w.arg, "Tamil script (none is installed: the package "
			"fonts-noto-core has a font for it)");
	gpd_layout_free(L);
}

/* The default style with the bold, italic and bold italic chains of
 * templates/style.xml's first fonts: DejaVu Sans Bold, Oblique and Bold
 * Oblique, which have Hebrew (the oblique ones no Arabic). */
static gpd_layout *mk_chains(warns *w, char paths[3][256])
{
	static const char *const files[3] = { "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
		"DejaVuSans-BoldOblique.ttf" };
	gpd_style st;
	gpd_layout *L;

	gpd_style_defaults(&st);
	for (int i = 0; i < 3; i++) {
		snprintf(paths[i], 256, "%s/%s", gpd_font_dir(0), files[i]);
		st.fallback_chain[1 + i] = paths[i];
	}
	memset(w, 0, sizeof *w);
	L = gpd_layout_new(&st, on_warn, w);
	assert_non_null(L);
	return L;
}

/* Every seg of the block prepared from runs is in a font with (at least)
 * the weight and slant style. */
static void assert_styled(gpd_layout *L, const gpd_run *r, size_t n, int promote, int style)
{
	assert_int_equal(gpd__block_prep(L, &L->blk, r, n, 10, promote), 0);
	assert_true(L->blk.nsegs > 0);
	for (size_t i = 0; i < L->blk.nsegs; i++)
		assert_int_equal(L->slots[L->blk.segs[i].slot].style & style, style);
}

#define HEBREW "\xD7\x9E\xD7\x95\xD7\x93\xD7\x92\xD7\xA9" /* a Hebrew word */
#define ARABIC "\xD9\x85\xD8\xA7\xD8\xA6\xD9\x84"         /* an Arabic word */

/* Bold and italic Hebrew and Arabic were printed regular, unsaid: each
 * face's chain put the general fallback (regular DejaVu Sans, which has
 * both scripts) before the face's own chain. Now a face looks in its own
 * fonts first (a heading, bold by promotion, too); where none of them has
 * the script, a regular font prints it and the layout says the emphasis
 * is lost, once per block and script. */
static void test_emphasis_chain(void **state)
{
	static const struct { const char *text; gpd_face face; int style; } cases[] = {
		{ HEBREW, GPD_FACE_BOLD, GPD__BOLD },
		{ HEBREW, GPD_FACE_ITALIC, GPD__ITALIC },
		{ HEBREW, GPD_FACE_BOLD_ITALIC, GPD__BOLD | GPD__ITALIC },
		{ ARABIC, GPD_FACE_BOLD, GPD__BOLD },
	};
	char paths[3][256];
	warns w;
	gpd_layout *L = mk_chains(&w, paths);
	gpd_run h = run("Leaving Care " ARABIC " " HEBREW);
	gpd_run it[3] = { run(ARABIC), run(" and "), run(ARABIC " " ARABIC) };
	gpd_run bi = run(ARABIC);

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gpd_run r = run(cases[i].text);

		r.face = cases[i].face;
		assert_styled(L, &r, 1, 0, cases[i].style);
	}
	assert_styled(L, &h, 1, GPD__BOLD, GPD__BOLD); /* a heading */
	assert_int_equal(w.n, 0);
	/* italic Arabic: regular DejaVu Sans, said once for the block */
	it[0].face = it[2].face = GPD_FACE_ITALIC;
	assert_styled(L, it, 3, 0, 0);
	assert_int_equal(L->blk.segs[0].slot, SLOT_FB);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.kind, GPD_LAYOUT_W_LOST_EMPHASIS);
	assert_string_equal(w.arg, "Arabic script in italic");
	/* bold italic Arabic keeps the bold, loses the slant */
	bi.face = GPD_FACE_BOLD_ITALIC;
	assert_styled(L, &bi, 1, 0, GPD__BOLD);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.arg, "Arabic script in italic");
	gpd_layout_free(L);
}

/* The font a face's last fallback word took is kept for the next word
 * (a sentence stays in one font), but not at the cost of emphasis: after
 * italic Arabic, set in regular DejaVu Sans (no oblique font has Arabic),
 * italic Hebrew took that regular font too, and the build said its italic
 * was lost, though DejaVu Sans Oblique has Hebrew. A later word of the
 * sticky font's script that no styled font covers still takes it. */
static void test_emphasis_sticky(void **state)
{
	char paths[3][256];
	warns w;
	gpd_layout *L = mk_chains(&w, paths);
	gpd_run it[3] = { run(ARABIC " "), run(HEBREW " "), run(ARABIC) };
	int hebrew = 0, arabic = 0;

	(void)state;
	for (int i = 0; i < 3; i++)
		it[i].face = GPD_FACE_ITALIC;
	assert_int_equal(gpd__block_prep(L, &L->blk, it, 3, 10, 0), 0);
	for (size_t i = 0; i < L->blk.nsegs; i++) {
		const seg *g = &L->blk.segs[i];
		unsigned char lead = (unsigned char)L->blk.arena[g->off];

		if (lead == 0xD7) /* Hebrew */
			hebrew++, assert_int_equal(L->slots[g->slot].style & GPD__ITALIC, GPD__ITALIC);
		else if (lead == 0xD8 || lead == 0xD9) /* Arabic */
			arabic++, assert_int_equal(g->slot, SLOT_FB);
	}
	assert_int_equal(hebrew, 1);
	assert_int_equal(arabic, 2);
	assert_int_equal(w.n, 1); /* the Arabic's, once */
	assert_string_equal(w.arg, "Arabic script in italic");
	gpd_layout_free(L);
}

/* "a" and k acute accents (U+0301), as one word. */
static char *marks(size_t k)
{
	char *s = malloc(2 * k + 2);

	assert_non_null(s);
	s[0] = 'a';
	for (size_t i = 0; i < k; i++)
		memcpy(s + 1 + 2 * i, "\xCC\x81", 2);
	s[1 + 2 * k] = '\0';
	return s;
}

/* A run of combining marks longer than GPD_MAX_MARK_RUN is shaped in runs
 * of that many (each a cluster of its own, the first on the letter) and
 * said, once per block, the word shaped afresh or found shaped (the
 * renderer says it once per record): one letter and 200,000 accents made
 * HarfBuzz's time grow with the square of the run. The limit itself is
 * one cluster, unsaid. */
static void test_mark_run(void **state)
{
	static const size_t runs[] = { GPD_MAX_MARK_RUN, GPD_MAX_MARK_RUN + 1, 5 * GPD_MAX_MARK_RUN,
		200000 };

	(void)state;
	for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
		warns w;
		gpd_layout *L = mk(&w, 0);
		char *s = marks(runs[r]);
		const glyph *g;
		long n = gpd__shape(L, SLOT_REG, 0, s, strlen(s), &g);
		size_t clusters = 0;

		assert_true(n > 0);
		for (long i = 0; i < n; i++)
			clusters += i == 0 || g[i].off != g[i - 1].off;
		/* one cluster per started run of marks */
		assert_int_equal(clusters, (runs[r] + GPD_MAX_MARK_RUN - 1) / GPD_MAX_MARK_RUN);
		assert_int_equal(w.n, runs[r] > GPD_MAX_MARK_RUN);
		if (w.n)
			assert_int_equal(w.kind, GPD_LAYOUT_W_MARK_RUN);
		if (runs[r] < 1000) { /* and it typesets (the big one: shaping is the point) */
			gpd_run p = run(s);
			assert_int_equal(gpd_layout_paragraph(L, &p, 1), 0);
			assert_int_equal(w.n, 2 * (runs[r] > GPD_MAX_MARK_RUN));
			assert_int_equal(gpd_layout_paragraph(L, &p, 1), 0); /* found shaped */
			assert_int_equal(w.n, 3 * (runs[r] > GPD_MAX_MARK_RUN));
		}
		free(s);
		gpd_layout_free(L);
	}
}

static void test_invalid_utf8(void **state)
{
	static const char *const bad[] = { "\xFF", ("a\xC0\xAF" "b"), "\xED\xA0\x80",
		"trunc\xE2\x82", "\xF4\x90\x80\x80", "\x80\x80\x80", "ok\xC3" };
	warns w;
	gpd_layout *L = mk(&w, 0);
	unsigned char *pdf = NULL;
	size_t i, len = 0, a, k;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		gpd_run r = run(bad[i]);
		const block *b;
		assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
		b = &L->hq[L->nhq - 1].b;
		/* the arena must be valid UTF-8 after clean-up */
		for (k = 0; k < b->alen; k += a)
			assert_true(gpd__utf8_next((unsigned char *)b->arena + k,
				b->alen - k, &a) != 0xFFFFFFFFu);
	}
	assert_int_equal(gpd_layout_outline(L, 0, "bad \xFF title"), 1);
	assert_int_equal(gpd_layout_set_section(L, "\xC3"), 0);
	assert_int_equal(w.n, sizeof bad / sizeof *bad); /* once per block */
	assert_int_equal(w.kind, GPD_LAYOUT_W_BAD_UTF8);
	assert_string_equal(w.arg, "(null)");
	assert_int_equal(gpd_layout_save_mem(L, NULL, &pdf, &len), 0);
	assert_true(len > 1000);
	free(pdf);
	gpd_layout_free(L);
}

/* Does s occur in one of the n bytes at p? */
static int bytes_have(const void *p, size_t n, const char *s)
{
	const unsigned char *b = p;
	size_t k = strlen(s);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(b + i, s, k) == 0)
			return 1;
	return 0;
}

/* Does a structure element of type (its "<</S /type ") say s before its
 * kids (" /K "), in the n bytes at p? type NULL: does s occur at all. */
static int elem_have(const void *p, size_t n, const char *type, const char *s)
{
	const char *b = p;
	char open[32];
	size_t k, ks = strlen(s);

	if (type == NULL)
		return bytes_have(p, n, s);
	snprintf(open, sizeof open, "<</S /%s ", type);
	k = strlen(open);
	for (size_t i = 0; i + k <= n; i++) {
		if (memcmp(b + i, open, k) != 0)
			continue;
		for (size_t j = i + k; j + 4 <= n && memcmp(b + j, " /K ", 4) != 0; j++)
			if (j + ks <= n && memcmp(b + j, s, ks) == 0)
				return 1;
	}
	return 0;
}

/* Does s occur in the PDF pdf (n bytes) as written, or in one of its
 * streams inflated (the dictionaries are packed in object streams); in
 * a structure element of type when type is not NULL (elem_have)? */
static int pdf_elem_has(const unsigned char *pdf, size_t n, const char *type, const char *s)
{
	size_t cap = 1 << 22;
	unsigned char *out = malloc(cap);
	int found = elem_have(pdf, n, type, s);

	assert_non_null(out);
	for (size_t i = 0; !found && i + 7 < n; i++) {
		z_stream z;
		size_t at = i + 6;

		if (memcmp(pdf + i, "stream", 6) != 0 || (i && pdf[i - 1] == 'd'))
			continue;
		at += pdf[at] == '\r';
		if (pdf[at++] != '\n')
			continue;
		memset(&z, 0, sizeof z);
		if (inflateInit(&z) != Z_OK)
			break;
		z.next_in = (unsigned char *)pdf + at;
		z.avail_in = (uInt)(n - at);
		z.next_out = out;
		z.avail_out = (uInt)cap;
		if (inflate(&z, Z_FINISH) == Z_STREAM_END)
			found = elem_have(out, z.total_out, type, s);
		inflateEnd(&z);
	}
	free(out);
	return found;
}

static int pdf_has(const unsigned char *pdf, size_t n, const char *s)
{
	return pdf_elem_has(pdf, n, NULL, s);
}

/* A title's characters past U+FFFF (U+20BB7, U+1F44D) are kept as
 * surrogate pairs in the outline and the document information: libharu's
 * UTF-8 encoder, 16-bit, cannot carry them (they became U+FFFD). */
static void test_astral_titles(void **state)
{
	gpd_docinfo info = { "in \xF0\xA0\xAE\xB7", "A", "S", "K", "C", 1700000000 };
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run r = run("Body.");
	unsigned char *pdf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(gpd_layout_outline(L, GPD_OUTLINE_ROOT,
		"\xF0\x9F\x91\x8D \xF0\xA0\xAE\xB7"), 1);
	assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
	assert_int_equal(gpd_layout_save_mem(L, &info, &pdf, &len), 0);
	assert_true(pdf_has(pdf, len, "<FEFFD83DDC4D0020D842DFB7>"));
	assert_true(pdf_has(pdf, len, "<FEFF0069006E0020D842DFB7>"));
	/* BMP text as before: the same bytes libharu's encoder wrote */
	assert_true(pdf_has(pdf, len, "<FEFF0041>"));
	assert_false(pdf_has(pdf, len, "FFFD"));
	assert_int_equal(w.n, 0);
	free(pdf);
	gpd_layout_free(L);
}

static void test_forward_anchors(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run t = run("Chapter");
	gpd_run ref[] = { run("see page "), { NULL, 0, GPD_FACE_REGULAR, NULL,
		NULL, "ch3", 0, NULL } };
	unsigned char *pdf = NULL;
	size_t len;
	int i;

	(void)state;
	assert_int_equal(gpd_layout_toc_entry(L, 1, &t, 1, "ch3"), 0);
	assert_int_equal(gpd_layout_paragraph(L, ref, 2), 0);
	assert_int_equal(gpd_layout_anchor_page(L, "ch3"), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(gpd_layout_page_break(L), 0);
		assert_int_equal(gpd_layout_paragraph(L, &t, 1), 0);
	}
	assert_int_equal(gpd_layout_page_break(L), 0);
	assert_int_equal(gpd_layout_heading(L, 1, &t, 1, "ch3"), 0);
	assert_int_equal(gpd_layout_paragraph(L, &t, 1), 0);
	assert_int_equal(gpd_layout_anchor_page(L, "ch3"), 0); /* held */
	assert_int_equal(gpd_layout_page_break(L), 0);
	assert_int_equal(gpd_layout_anchor_page(L, "ch3"), 5);
	assert_int_equal(gpd_layout_anchor_page(L, "nowhere"), 0);
	assert_int_equal(gpd_layout_save_mem(L, NULL, &pdf, &len), 0);
	assert_int_equal(w.n, 0);
	free(pdf);
	gpd_layout_free(L);
}

static void test_unresolved_anchor(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run t = run("Lost");
	unsigned char *pdf = NULL;
	size_t len;

	(void)state;
	assert_int_equal(gpd_layout_toc_entry(L, 2, &t, 1, "lost"), 0);
	assert_int_equal(gpd_layout_toc_entry(L, 2, &t, 1, "lost"), 0);
	assert_int_equal(gpd_layout_save_mem(L, NULL, &pdf, &len), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.kind, GPD_LAYOUT_W_UNRESOLVED_ANCHOR);
	assert_string_equal(w.arg, "lost");
	free(pdf);
	gpd_layout_free(L);
}

/* A second anchor of the same name is a warning naming it; the first wins. */
static void test_duplicate_anchor(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run t = run("Twice");

	(void)state;
	assert_int_equal(gpd_layout_heading(L, 1, &t, 1, "twice"), 0);
	assert_int_equal(gpd_layout_paragraph(L, &t, 1), 0);
	assert_int_equal(gpd_layout_page_break(L), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(gpd_layout_heading(L, 1, &t, 1, "twice"), 0);
	assert_int_equal(gpd_layout_paragraph(L, &t, 1), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.kind, GPD_LAYOUT_W_DUPLICATE_ANCHOR);
	assert_string_equal(w.arg, "twice");
	assert_int_equal(gpd_layout_anchor_page(L, "twice"), 1);
	gpd_layout_free(L);
}

/* Each kind has its text, the argument in its place, cut to the buffer. */
static void test_warn_text(void **state)
{
	char buf[200], small[12];

	(void)state;
	assert_string_equal(gpd_layout_warn_text(GPD_LAYOUT_W_MISSING_GLYPH, "U+4E2D", buf,
		sizeof buf), "no glyph for U+4E2D; printed as a replacement mark");
	assert_string_equal(gpd_layout_warn_text(GPD_LAYOUT_W_UNRESOLVED_ANCHOR, "a%sb", buf,
		sizeof buf), "unresolved anchor \"a%sb\"");
	assert_string_equal(gpd_layout_warn_text(GPD_LAYOUT_W_BAD_UTF8, "ignored", buf,
		sizeof buf), "invalid UTF-8 replaced by U+FFFD");
	assert_string_equal(gpd_layout_warn_text(GPD_LAYOUT_W_DUPLICATE_ANCHOR, NULL, buf,
		sizeof buf), "anchor \"\" defined twice; the first one wins");
	for (int k = 0; k < GPD_LAYOUT_W__COUNT; k++)
		assert_true(strlen(gpd_layout_warn_text((gpd_layout_warn)k, "x", buf,
			sizeof buf)) >= 9);
	assert_string_equal(gpd_layout_warn_text(GPD_LAYOUT_W_MISSING_GLYPH, "U+4E2D", small,
		sizeof small), "no glyph fo");
}

/* For every amount of filler, a heading and the first line after it land
 * on the same page. */
static void test_heading_kept_with_next(void **state)
{
	gpd_run fill = run("Filler text that takes up exactly one line.");
	gpd_run h = run("A heading that must not be orphaned");
	gpd_run body = run("Body text following the heading.");
	int k, i;

	(void)state;
	for (k = 40; k < 110; k++) {
		warns w;
		gpd_layout *L = mk(&w, 0);
		for (i = 0; i < k; i++)
			gpd_layout_paragraph(L, &fill, 1);
		gpd_layout_heading(L, 2, &h, 1, "h1");
		gpd_layout_heading(L, 3, &h, 1, "h2");
		gpd_layout_anchor(L, "body");
		assert_int_equal(gpd_layout_paragraph(L, &body, 1), 0);
		assert_int_equal(gpd_layout_page_break(L), 0);
		assert_true(gpd_layout_anchor_page(L, "body") > 0);
		assert_int_equal(gpd_layout_anchor_page(L, "h1"),
			gpd_layout_anchor_page(L, "body"));
		assert_int_equal(gpd_layout_anchor_page(L, "h2"),
			gpd_layout_anchor_page(L, "body"));
		gpd_layout_free(L);
	}
}

static gpd_layout *sample(warns *w)
{
	gpd_layout *L = mk(w, 0);
	gpd_run r = run("Reproducible \xCE\xB1\xCE\xB2\xCE\xB3 text.");
	gpd_run link = { "link", GPD_RUN_STRLEN, GPD_FACE_BOLD,
		"https://example.org/", NULL, NULL, 0, NULL };
	gpd_outline_id o;

	gpd_layout_set_running_title(L, "Title");
	gpd_layout_set_section(L, "Section");
	o = gpd_layout_outline(L, GPD_OUTLINE_ROOT, "Top");
	gpd_layout_outline(L, o, "Child \xD0\x96");
	gpd_layout_toc_entry(L, 1, &r, 1, "a");
	gpd_layout_heading(L, 1, &r, 1, "a");
	gpd_layout_paragraph(L, &link, 1);
	return L;
}

static void test_reproducible(void **state)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };
	warns w1, w2;
	gpd_layout *a = sample(&w1), *b = sample(&w2);
	unsigned char *pa, *pb, *pa2;
	size_t la, lb, la2;

	(void)state;
	assert_int_equal(gpd_layout_save_mem(a, &info, &pa, &la), 0);
	assert_int_equal(gpd_layout_save_mem(a, &info, &pa2, &la2), 0);
	assert_int_equal(gpd_layout_save_mem(b, &info, &pb, &lb), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(pa, pb, la);
	assert_int_equal(la, la2);
	assert_memory_equal(pa, pa2, la);
	assert_memory_equal(pa, "%PDF-", 5);
	/* no more blocks after saving */
	assert_int_equal(gpd_layout_space(a, 1), GPD_LAYOUT_EINVAL);
	free(pa);
	free(pa2);
	free(pb);
	gpd_layout_free(a);
	gpd_layout_free(b);
}

/* The last save (take_mem) frees libharu's document before the
 * structure tree, whose links and pages it numbered, is written: the same
 * bytes as save_mem; the page count and anchors are still asked after;
 * another save is refused. */
static void test_take(void **state)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };
	warns w1, w2;
	gpd_layout *a = sample(&w1), *b = sample(&w2);
	unsigned char *pa, *pb;
	size_t la, lb;

	(void)state;
	assert_int_equal(gpd_layout_page_break(a), 0); /* a second page */
	assert_int_equal(gpd_layout_page_break(b), 0);
	gpd_layout_heading(a, 1, &(gpd_run){ "Two", GPD_RUN_STRLEN, GPD_FACE_BOLD, NULL, NULL, NULL, 0, NULL}, 1, "b");
	gpd_layout_heading(b, 1, &(gpd_run){ "Two", GPD_RUN_STRLEN, GPD_FACE_BOLD, NULL, NULL, NULL, 0, NULL}, 1, "b");
	assert_int_equal(gpd_layout_save_mem(a, &info, &pa, &la), 0);
	assert_int_equal(gpd_layout_take_mem(b, &info, &pb, &lb), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(pa, pb, la);
	assert_int_equal(gpd_layout_page_count(b), 2);
	assert_int_equal(gpd_layout_page_count(b), gpd_layout_page_count(a));
	assert_int_equal(gpd_layout_anchor_page(b, "b"), 2);
	free(pb);
	assert_int_equal(gpd_layout_save_mem(b, &info, &pb, &lb), GPD_LAYOUT_EINVAL);
	assert_int_equal(gpd_layout_take_mem(b, &info, &pb, &lb), GPD_LAYOUT_EINVAL);
	assert_string_equal(gpd_layout_errmsg(b), "the document was taken by an earlier save");
	free(pa);
	gpd_layout_free(a);
	gpd_layout_free(b);
}

static void test_page_limit(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 3);
	gpd_run r = run("page");
	int i, rc = 0;

	(void)state;
	for (i = 0; i < 10 && rc == 0; i++) {
		rc = gpd_layout_paragraph(L, &r, 1);
		if (rc == 0)
			rc = gpd_layout_page_break(L);
	}
	assert_int_equal(rc, GPD_LAYOUT_EPAGES);
	assert_int_equal(gpd_layout_page_count(L), 3);
	assert_int_equal(gpd_layout_paragraph(L, &r, 1), GPD_LAYOUT_EPAGES);
	assert_int_equal(gpd_layout_status(L), GPD_LAYOUT_EPAGES);
	assert_non_null(strstr(gpd_layout_errmsg(L), "3 pages"));
	gpd_layout_free(L);
}

static void test_misuse(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_style st;

	(void)state;
	assert_int_equal(gpd_layout_list_end(L), GPD_LAYOUT_EINVAL);
	gpd_layout_free(L);
	L = mk(&w, 0);
	assert_int_equal(gpd_layout_outline(L, 7, "x"), GPD_LAYOUT_EINVAL);
	gpd_layout_free(L);
	L = mk(&w, 0);
	assert_int_equal(gpd_layout_heading(L, GPD_LAYOUT_HEADINGS + 1, NULL, 0, NULL),
		GPD_LAYOUT_EINVAL);
	gpd_layout_free(L);
	gpd_style_defaults(&st);
	st.font_bold = "/nonexistent.ttf";
	memset(&w, 0, sizeof w);
	assert_null(gpd_layout_new(&st, on_warn, &w));
	assert_int_equal(w.n, 1);
	assert_int_equal(w.kind, GPD_LAYOUT_W_CANNOT_START);
	assert_non_null(strstr(w.arg, "cannot load font /nonexistent.ttf")); /* why */
	gpd_style_defaults(&st);
	st.base_size = 0;
	memset(&w, 0, sizeof w);
	assert_null(gpd_layout_new(&st, on_warn, &w));
	assert_int_equal(w.n, 1);
	assert_int_equal(w.kind, GPD_LAYOUT_W_INVALID_STYLE);
	assert_int_equal(gpd_layout_status(NULL), GPD_LAYOUT_EINVAL);
	gpd_layout_free(NULL);
}

static void test_table_rows_not_split(void **state)
{
	static const float fr[] = { 0.7f, 0.3f };
	gpd_run fill = run("Filler line.");
	gpd_run tall = run("A cell with many words so that it wraps onto several "
		"lines in a narrow column and the row becomes tall enough to matter "
		"when it lands near the foot of a page in this test.");
	gpd_run small = run("x");
	gpd_cell cells[4] = { { &tall, 1, 0 }, { &small, 1, 0 }, { &tall, 1, 0 },
		{ &small, 1, 0 } };
	gpd_table t = { 2, 2, fr, cells, 0, NULL, 0, 0 };
	int k, i;

	(void)state;
	for (k = 45; k < 60; k++) {
		warns w;
		gpd_layout *L = mk(&w, 0);
		for (i = 0; i < k; i++)
			gpd_layout_paragraph(L, &fill, 1);
		assert_int_equal(gpd_layout_table(L, &t), 0);
		/* nothing below the bottom margin */
		assert_true(L->y >= L->st.margin_bottom - 0.01f);
		gpd_layout_free(L);
	}
}

/* The page's content stream so far, as one string. */
static char *stream_text(HPDF_Page pg, size_t *len)
{
	HPDF_Stream st = ((HPDF_PageAttr)pg->attr)->stream;
	HPDF_MemStreamAttr m = (HPDF_MemStreamAttr)st->attr;
	char *out = malloc(st->size + 1);
	size_t got = 0;

	assert_non_null(out);
	for (size_t k = 0; k < m->buf->count && got < st->size; k++) {
		size_t n = st->size - got < m->buf_siz ? st->size - got : m->buf_siz;

		memcpy(out + got, m->buf->obj[k], n);
		got += n;
	}
	out[got] = '\0';
	*len = got;
	return out;
}

/* Characters no font has print as replacement marks, but the text layer
 * keeps them: each mark's cluster has an /ActualText of the character it
 * stands for (U+10FFFD is DBFF DFFD in UTF-16, U+10FFFC DBFF DFFC), in
 * text, code and a link's text alike; a byte that is not UTF-8 is U+FFFD
 * there too. The mark's glyph, one for all of them, extracted as U+FFFD:
 * a copied emoji was lost. */
static void test_replacement_actual_text(void **state)
{
	static const char text[] = "\xFF a \xF4\x8F\xBF\xBD\xE2\x80\x8D\xF4\x8F\xBF\xBC b";
	static const char code[] = "int \xF3\xB0\x80\x81 = 1;";
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run r = run(text), link = run("see \xF4\x8F\xBF\xBD");
	gpd_buf got = {0};
	const block *b;
	size_t len;
	char *t;

	(void)state;
	assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
	b = &L->hq[L->nhq - 1].b;
	assert_int_equal(b->nrepl, 2);
	/* the block's text as written, but for the byte that is not UTF-8 */
	gpd__block_text(b, 0, b->alen, &got);
	assert_false(gpd_buf_failed(&got));
	assert_string_equal(got.data, "\xEF\xBF\xBD a \xF4\x8F\xBF\xBD\xE2\x80\x8D\xF4\x8F\xBF\xBC b");
	gpd_buf_free(&got);
	assert_int_equal(gpd_layout_code(L, code, GPD_RUN_STRLEN), 0);
	link.link_uri = "https://example.org/";
	assert_int_equal(gpd_layout_paragraph(L, &link, 1), 0);
	assert_int_equal(gpd_layout_page_break(L), 0);
	t = stream_text(L->pages[0].page, &len);
	assert_true(bytes_have(t, len, "/ActualText <FEFFDBFFDFFD"));
	assert_true(bytes_have(t, len, "DBFFDFFC"));
	assert_true(bytes_have(t, len, "/ActualText <FEFFDB80DC01>")); /* U+F0001 */
	free(t);
	gpd_layout_free(L);
}

/* A run in a language of its own (gpd_run.lang: a record's title in a
 * line of ours, a "please specify" text) is the content of a Span with
 * that /Lang, or of its Link, given the /Lang; a contents entry's title
 * a Span in the entry's Link, whose page number is ours. A tag that
 * is no language is refused. */
static void test_run_lang(void **state)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run r[3] = { run("Named "), run("Gofal"), run(" here.") }, link = run("Opieka"),
		toc = run("Y teitl"), bad = run("x");
	unsigned char *pdf = NULL;
	size_t len;
	char *t;

	(void)state;
	r[1].lang = "cy";
	assert_int_equal(gpd_layout_paragraph(L, r, 3), 0);
	link.link_anchor = "there";
	link.lang = "pl";
	assert_int_equal(gpd_layout_paragraph(L, &link, 1), 0);
	toc.lang = "cy";
	assert_int_equal(gpd_layout_toc_entry(L, 2, &toc, 1, "there"), 0);
	assert_int_equal(gpd_layout_page_break(L), 0);
	t = stream_text(L->pages[0].page, &len);
	assert_true(bytes_have(t, len, "/Span <</MCID"));
	free(t);
	assert_int_equal(gpd_layout_anchor(L, "there"), 0);
	r[1].lang = NULL;
	assert_int_equal(gpd_layout_paragraph(L, r, 3), 0);
	assert_int_equal(gpd_layout_save_mem(L, &info, &pdf, &len), 0);
	assert_true(pdf_elem_has(pdf, len, "Span", "/Lang (cy)"));
	assert_true(pdf_elem_has(pdf, len, "Link", "/Lang (pl)"));
	assert_false(pdf_elem_has(pdf, len, "Link", "/Lang (cy)")); /* the entry's Link */
	assert_false(pdf_elem_has(pdf, len, "P", "/Lang"));
	free(pdf);
	gpd_layout_free(L);

	L = mk(&w, 0);
	bad.lang = "english";
	assert_int_equal(gpd_layout_paragraph(L, &bad, 1), GPD_LAYOUT_EINVAL);
	gpd_layout_free(L);
}

/* The glyph ids a page shows, in the order its TJ strings show them
 * (two bytes each, in literal strings: layout_show.c), into gids. */
static size_t shown_gids(const char *t, size_t len, unsigned *gids, size_t max)
{
	size_t n = 0, i = 0;
	int in = 0, hi = -1;

	for (; i < len && n < max; i++) {
		int c = (unsigned char)t[i];

		if (!in) {
			in = c == '(';
			continue;
		}
		if (c == ')') {
			in = 0;
			continue;
		}
		if (c == '\\') {
			c = (unsigned char)t[++i];
			c = c == 'n' ? '\n' : c == 'r' ? '\r' : c;
		}
		if (hi < 0) {
			hi = c;
		} else {
			gids[n++] = (unsigned)(hi << 8 | c);
			hi = -1;
		}
	}
	return n;
}

/* A right-to-left word is shown in the order it is read, each letter
 * where it is drawn (TJ's numbers move the pen back): a tagged PDF's
 * marked content is read in content order (by a screen reader, by
 * pdfinfo -struct-text), and in the order drawn, left to right, it read
 * "שגדומ" for "מודגש". */
static void test_rtl_shown_in_logical_order(void **state)
{
	static const uint32_t letters[] = { 0x5DE, 0x5D5, 0x5D3, 0x5D2, 0x5E9 }; /* HEBREW */
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run r = run(HEBREW);
	unsigned want[5], back[5], got[64];
	size_t len, n, k;
	int slot;
	char *t;

	(void)state;
	assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
	slot = L->hq[L->nhq - 1].b.segs[0].slot;
	for (k = 0; k < 5; k++) {
		want[k] = gpd__gid(L, slot, letters[k]);
		back[4 - k] = want[k];
		assert_true(want[k] != 0);
	}
	assert_int_equal(gpd_layout_page_break(L), 0);
	t = stream_text(L->pages[0].page, &len);
	n = shown_gids(t, len, got, 64);
	assert_true(n >= 5);
	for (k = 0; k + 5 <= n && memcmp(got + k, want, sizeof want) != 0; k++)
		assert_false(memcmp(got + k, back, sizeof back) == 0);
	assert_true(k + 5 <= n); /* found, in logical order */
	assert_true(bytes_have(t, len, "] TJ"));
	free(t);
	gpd_layout_free(L);
}

/* A 40-page document; page `changed` says something else when alt is 1,
 * and is followed by one page more when alt is 2. */
static gpd_layout *pages_doc(warns *w, int changed, int alt)
{
	gpd_layout *L = mk(w, 0);
	char text[200];

	gpd_layout_set_running_title(L, "Reuse");
	for (int i = 0; i < 40; i++) {
		gpd_run r;

		if (i == changed + 1 && alt == 2) {
			r = run("A page more, which moves every later page on by one.");
			gpd_layout_paragraph(L, &r, 1);
			gpd_layout_page_break(L);
		}
		snprintf(text, sizeof text, "Page %d says %s, in words long enough to fill "
			"a line or two of the page so that its stream is worth deflating.",
			i, i == changed && alt == 1 ? "something new" : "what it said before");
		r = run(text);
		gpd_layout_heading(L, 2, &r, 1, NULL);
		gpd_layout_paragraph(L, &r, 1);
		if (i < 39) /* no empty page at the end */
			gpd_layout_page_break(L);
	}
	return L;
}

static void save(gpd_layout *L, const void *prev, size_t plen, unsigned char **out,
	size_t *len)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };

	gpd_layout_reuse_from(L, prev, plen);
	assert_int_equal(gpd_layout_save_mem(L, &info, out, len), 0);
}

/* pages_doc(changed, alt) saved with the previous save prev (plen bytes;
 * NULL: none) and the shared pages (NULL: none) offered: it copies
 * exactly `reused` streams and writes want (wlen bytes), what a fresh
 * save of it writes. */
static void expect_reuse(warns *w, int changed, int alt, const void *prev, size_t plen,
	const gpd_layout_pages *pages, size_t reused, const unsigned char *want, size_t wlen)
{
	gpd_layout *L = pages_doc(w, changed, alt);
	unsigned char *again;
	size_t la;

	gpd_layout_reuse_shared(L, pages);
	save(L, prev, plen, &again, &la);
	assert_int_equal(gpd_layout_pages_reused(L), reused);
	assert_int_equal(la, wlen);
	assert_memory_equal(again, want, wlen);
	gpd_layout_free(L);
	free(again);
}

/* A save offered the previous save's bytes writes exactly what a fresh
 * save writes, copying only content streams that are unchanged (each page
 * has two: its body, and its running head and number); a damaged, cut or
 * foreign previous file changes nothing but what is copied. */
static void test_reuse_previous_save(void **state)
{
	warns w;
	gpd_layout *L;
	unsigned char *before, *fresh, *again, *bad, *more;
	size_t lb, lf, la, lm, n;

	(void)state;
	if (!gpd__hpdf_patched())
		skip(); /* copying pages is a patch: libharu deflates them itself */
	L = pages_doc(&w, 17, 0);
	save(L, NULL, 0, &before, &lb);
	assert_int_equal(gpd_layout_pages_reused(L), 0);
	n = (size_t)gpd_layout_page_count(L);
	gpd_layout_free(L);
	L = pages_doc(&w, 17, 1);
	save(L, NULL, 0, &fresh, &lf);
	gpd_layout_free(L);

	/* one page changed: all the others are copied, and every running head */
	expect_reuse(&w, 17, 1, before, lb, NULL, 2 * n - 1, fresh, lf);

	/* a page more: every page's "page N of M" changes, no body does */
	L = pages_doc(&w, 17, 2);
	save(L, NULL, 0, &more, &lm);
	gpd_layout_free(L);
	L = pages_doc(&w, 17, 2);
	save(L, before, lb, &again, &la);
	assert_int_equal(gpd_layout_page_count(L), n + 1);
	assert_int_equal(gpd_layout_pages_reused(L), n);
	assert_int_equal(la, lm);
	assert_memory_equal(again, more, lm);
	gpd_layout_free(L);
	free(again);
	free(more);

	/* the same document again: every stream */
	expect_reuse(&w, 17, 0, before, lb, NULL, 2 * n, before, lb);

	/* damage: bytes flipped all through, the file cut short, no PDF */
	bad = malloc(lb);
	assert_non_null(bad);
	for (size_t cut = 0; cut <= lb; cut += lb / 7) {
		memcpy(bad, before, lb);
		for (size_t i = lb / 3; i < lb; i += 997)
			bad[i] ^= 0x5A;
		L = pages_doc(&w, 17, 1);
		save(L, bad, cut, &again, &la);
		assert_true(gpd_layout_pages_reused(L) < 2 * n - 1);
		assert_int_equal(la, lf);
		assert_memory_equal(again, fresh, lf);
		gpd_layout_free(L);
		free(again);
	}
	free(bad);
	L = pages_doc(&w, 17, 1);
	save(L, "%PDF-1.3\nstartxref\n0\n%%EOF\n", 27, &again, &la);
	assert_int_equal(gpd_layout_pages_reused(L), 0);
	assert_memory_equal(again, fresh, lf);
	gpd_layout_free(L);
	free(again);
	free(before);
	free(fresh);
}

/* Another document's pages, indexed once (gpd_layout_pages): a layout
 * copies the streams it shares with it, writes what a fresh save writes,
 * and the index needs nothing of the document it was made from. With a
 * previous save too, both are looked in. */
static void test_reuse_shared(void **state)
{
	warns w;
	gpd_layout *L;
	gpd_layout_pages *pages;
	unsigned char *before, *fresh;
	size_t lb, lf, n;

	(void)state;
	if (!gpd__hpdf_patched())
		skip(); /* as above */
	L = pages_doc(&w, 17, 0);
	save(L, NULL, 0, &before, &lb);
	n = (size_t)gpd_layout_page_count(L);
	gpd_layout_free(L);
	L = pages_doc(&w, 17, 1);
	save(L, NULL, 0, &fresh, &lf);
	gpd_layout_free(L);
	pages = gpd_layout_pages_new(before, lb);
	assert_non_null(pages);
	memset(before, 0, lb); /* the index keeps copies, not pointers into it */

	expect_reuse(&w, 17, 1, NULL, 0, pages, 2 * n - 1, fresh, lf);
	/* a previous save as well (this document's own): every stream */
	expect_reuse(&w, 17, 1, fresh, lf, pages, 2 * n, fresh, lf);

	gpd_layout_pages_free(pages);
	assert_null(gpd_layout_pages_new("%PDF-1.3\nstartxref\n0\n%%EOF\n", 27));
	assert_null(gpd_layout_pages_new(NULL, 0));
	gpd_layout_pages_free(NULL);
	free(before);
	free(fresh);
}

/* A long document: a contents list whose page numbers are drawn when
 * finishing, and 30 sections of paras paragraphs (many running from one
 * page onto the next), laid out with pool set before the first block;
 * with owned, the layout takes over a copy of prev. */
static size_t pending_limit; /* 0: the layout's own */

static gpd_layout *long_doc(warns *w, gpd_pool *pool, const void *prev, size_t plen,
	int owned, int paras)
{
	gpd_layout *L = mk(w, 0);
	char text[300], id[16];
	gpd_run r;

	if (pending_limit)
		L->max_pending = L->max_pending_reuse = pending_limit;
	if (owned) {
		void *own = malloc(plen);

		assert_non_null(own);
		memcpy(own, prev, plen);
		gpd_layout_reuse_from_owned(L, own, plen);
	} else {
		gpd_layout_reuse_from(L, prev, plen);
	}
	gpd_layout_set_pool(L, pool);
	gpd_layout_set_running_title(L, "Pool");
	for (int s = 0; s < 30; s++) {
		snprintf(id, sizeof id, "s%d", s);
		snprintf(text, sizeof text, "Section %d", s);
		r = run(text);
		gpd_layout_toc_entry(L, 1, &r, 1, id);
	}
	for (int s = 0; s < 30; s++) {
		snprintf(id, sizeof id, "s%d", s);
		snprintf(text, sizeof text, "Section %d", s);
		r = run(text);
		gpd_layout_heading(L, 1, &r, 1, id);
		for (int k = 0; k < paras; k++) {
			snprintf(text, sizeof text, "Section %d, paragraph %d: words enough to run over "
				"two or three lines of the page, so that some paragraph of every page "
				"goes on at the top of the next one.", s, k);
			r = run(text);
			gpd_layout_paragraph(L, &r, 1);
		}
	}
	return L;
}

/* Saves L (the last time, when take), which must give exactly want's n
 * bytes; L is kept (the caller asks it more, then frees it). */
static void save_same(gpd_layout *L, const unsigned char *want, size_t n, int take)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };
	unsigned char *got;
	size_t len;

	assert_int_equal((take ? gpd_layout_take_mem : gpd_layout_save_mem)(L, &info, &got, &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
	free(got);
}

/* The pool changes nothing in the bytes: pages deflated (or taken from the
 * previous save) while the layout goes on, and the structure tree's object
 * streams deflated on the pool, save exactly as on one thread; a page
 * drawn on after it was handed over fails the save rather than lose it. */
static void test_pool_same_bytes(void **state)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };
	gpd_pool *pool = gpd_pool_new(3);
	unsigned char *one, *late;
	size_t lo, ll;
	warns w;
	gpd_layout *L;
	HPDF_Stream st;

	(void)state;
	assert_non_null(pool);
	L = long_doc(&w, NULL, NULL, 0, 0, 60);
	assert_int_equal(gpd_layout_save_mem(L, &info, &one, &lo), 0);
	assert_true(gpd_layout_page_count(L) > 40);
	gpd_layout_free(L);

	L = long_doc(&w, pool, NULL, 0, 0, 60);
	save_same(L, one, lo, 0);
	gpd_layout_free(L);

	/* with the previous save offered, borrowed or taken over (then freed
	 * once every page is deflated, before the save ends): every stream;
	 * taken as a build takes it, libharu's document freed before the
	 * structure tree is written */
	for (int owned = 0; owned <= 1; owned++) {
		L = long_doc(&w, pool, one, lo, owned, 60);
		save_same(L, one, lo, owned);
		/* and the structure tree's object streams, every one of them */
		assert_true(L->trees_reused > 0);
		if (gpd__hpdf_patched()) {
			assert_int_equal(gpd_layout_pages_reused(L), 2 * (size_t)gpd_layout_page_count(L));
			assert_null(L->reuse_owned);
		}
		gpd_layout_free(L);
	}

	if (gpd__hpdf_patched()) {
		L = long_doc(&w, pool, NULL, 0, 0, 60);
		st = ((HPDF_PageAttr)L->pages[5].page->attr)->stream;
		assert_int_equal(L->pages[5].handed, 1);
		HPDF_Stream_WriteStr(st, "% drawn late\012");
		assert_int_equal(gpd_layout_save_mem(L, &info, &late, &ll), GPD_LAYOUT_EPDF);
		gpd_layout_free(L);
	}
	free(one);
	gpd_pool_free(pool);

	/* a pool of one worker runs nothing until the save waits for it: the
	 * structure tree's object streams wait undeflated, as many as are let
	 * wait, and the ones after are deflated in place between them */
	pool = gpd_pool_new(1);
	assert_non_null(pool);
	L = long_doc(&w, NULL, NULL, 0, 0, 300);
	assert_int_equal(gpd_layout_save_mem(L, &info, &one, &lo), 0);
	gpd_layout_free(L);
	L = long_doc(&w, pool, NULL, 0, 0, 300);
	save_same(L, one, lo, 1);
	gpd_layout_free(L);
	/* and with at most 3 pages waiting, the layout deflates the rest as
	 * it goes (a busy pool): the same bytes */
	pending_limit = 3;
	L = long_doc(&w, pool, NULL, 0, 0, 300);
	save_same(L, one, lo, 1);
	gpd_layout_free(L);
	/* a rebuild too, its pages taken from the save before */
	L = long_doc(&w, pool, one, lo, 1, 300);
	save_same(L, one, lo, 1);
	if (gpd__hpdf_patched())
		assert_int_equal(gpd_layout_pages_reused(L), 2 * (size_t)gpd_layout_page_count(L));
	gpd_layout_free(L);
	pending_limit = 0;
	free(one);
	gpd_pool_free(pool);
}

/* The quick way to write a number (every line's place) gives what the
 * exact one, "%.3f" trimmed, gives: on positions in twentieths of a point,
 * on random values, and on values a hair either side of a half-thousandth. */
static void expect_real(double v)
{
	char want[40], got[40], *p;

	snprintf(want, sizeof want, "%.3f", v > -0.0005 && v < 0.0005 ? 0.0 : v);
	if ((p = strchr(want, '.')) != NULL) {
		char *e = p + strlen(p) - 1;
		while (e > p && *e == '0')
			*e-- = '\0';
		if (e == p)
			*e = '\0';
	}
	if (strcmp(want, "-0") == 0)
		strcpy(want, "0");
	gpd__pdf_real(got, sizeof got, v);
	if (strcmp(got, want) != 0)
		fail_msg("%.17g: %s, not %s", v, got, want);
}

static void test_pdf_real(void **state)
{
	uint64_t x = 88172645463325252u;

	(void)state;
	for (int i = -200000; i <= 200000; i++)
		expect_real((double)((float)i / 20.0f));
	for (int i = 0; i < 1000000; i++) {
		double v;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		v = (double)(x >> 11) / (double)(1ull << 53) * 2e4 - 1e4;
		expect_real(v);
		expect_real(v / 1000);
		expect_real((double)(int64_t)(x % 2000001 - 1000000) / 1000 + 0.0005);
		expect_real(nextafter((double)(int64_t)(x % 20001 - 10000) / 1000 + 0.0005, 0));
		expect_real(nextafter((double)(int64_t)(x % 20001 - 10000) / 1000 - 0.0005, 1e9));
	}
	expect_real(0.0);
	expect_real(-0.0);
	expect_real(-0.0004999);
	expect_real(-0.0005);
	expect_real(1e15);
	expect_real(-1e300);
}

/* A held block short enough keeps its glyphs (HELD_KEEPS_GLYPHS) instead
 * of shaping each line again as it is drawn: the same bytes either way,
 * in every script, for a paragraph of many lines, a long word, headings
 * kept with what follows. */
static unsigned char *kept_doc(size_t keep, size_t *len)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };
	static const char *const words[] = {
		"leaving", "care", "\xCE\xBA\xCE\xB1\xCE\xBB\xCE\xAE", "\xD0\xB4\xD0\xB5\xD0\xBD\xD1\x8C",
		"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", "\xE0\xA6\xAC\xE0\xA6\xBE\xE0\xA6\x82\xE0\xA6\xB2\xE0\xA6\xBE",
		"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "Nguy\xE1\xBB\x85n", "\xC5\x81\xC3\xB3" "d\xC5\xBA", "office,",
		"https://example.org/a/long/address",
		"co\xC2\xAD" "operate", "well-being", "(2026)", "\xE2\x80\x9Cquoted\xE2\x80\x9D" };
	warns w;
	gpd_layout *L = mk(&w, 0);
	unsigned char *pdf = NULL;
	uint64_t x = 42;

	L->keep_glyphs = keep;
	for (int p = 0; p < 12; p++) {
		size_t n = p % 3 == 0 ? 2000 : 40; /* words: past the limit, and under it */
		gpd_buf b = {0};
		gpd_run r;

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			gpd_buf_puts(&b, words[x % (sizeof words / sizeof *words)]);
			gpd_buf_putc(&b, ' ');
		}
		r = run("A heading kept with its paragraph");
		assert_int_equal(gpd_layout_heading(L, 2, &r, 1, NULL), 0);
		r = run(b.data);
		assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
		gpd_buf_free(&b);
	}
	assert_true(gpd_layout_page_count(L) > 10);
	assert_int_equal(gpd_layout_save_mem(L, &info, &pdf, len), 0);
	gpd_layout_free(L);
	return pdf;
}

static void test_kept_glyphs_same_bytes(void **state)
{
	size_t la, lb, lc;
	unsigned char *a = kept_doc(0, &la), *b = kept_doc((size_t)-1, &lb),
		*c = kept_doc(HELD_KEEPS_GLYPHS, &lc);

	(void)state;
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_int_equal(la, lc);
	assert_memory_equal(a, c, la);
	free(a);
	free(b);
	free(c);
}

/* ---- typesetting (issue 19) --------------------------------------------- */

static const gpd_run hard = { NULL, 0, GPD_FACE_REGULAR, NULL, NULL, NULL, 1, NULL };

/* A hard break ends the line; two in a row leave an empty line. */
static void test_hard_break(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	gpd_run r[6] = { run("one two"), hard, run(" x"), hard, hard, run("y") };

	(void)state;
	assert_int_equal(gpd__block_prep(L, &L->blk, r, 3, 10, 0), 0);
	assert_int_equal(gpd__block_break(L, &L->blk, 400), 0);
	assert_int_equal(L->blk.nlines, 2);
	assert_true(L->blk.frags[L->blk.lines[1].first].x == 0); /* no space first */
	assert_int_equal(gpd__block_prep(L, &L->blk, r, 6, 10, 0), 0);
	assert_int_equal(gpd__block_break(L, &L->blk, 400), 0);
	assert_int_equal(L->blk.nlines, 4); /* "one two", "x", "", "y" */
	assert_int_equal(L->blk.lines[2].n, 0);
	gpd_layout_free(L);
}

/* No line breaks at a no-break space, which prints as a space. */
static void test_no_break_space(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	float page = gpd__str_width(L, SLOT_REG, 10, "aaa page");

	(void)state;
	break_text(L, "aaa page\xC2\xA0" "11", page + 1);
	assert_int_equal(L->blk.nlines, 2);
	assert_int_equal(L->blk.lines[1].w > gpd__str_width(L, SLOT_REG, 10, "page 1"), 1);
	assert_false(arena_has(&L->blk, "\xC2\xA0"));
	break_text(L, "aaa page 11", page + 1); /* a plain space may break */
	assert_true(L->blk.lines[0].w >= page - 0.01f);
	gpd_layout_free(L);
}

/* A URL wider than the line breaks after / . ? & = - (not inside "//"),
 * nothing added: its lines put together are the URL. */
static void test_url_break(void **state)
{
	static const char url[] = "https://example.org/a-long-path/with.many"
		"/parts?query=value&other=thing/and/more/segments/to/break/over";
	warns w;
	gpd_layout *L = mk(&w, 0);
	char got[sizeof url];
	size_t li, i, n = 0;

	(void)state;
	break_text(L, url, 90);
	assert_true(L->blk.nlines > 3);
	for (li = 0; li < L->blk.nlines; li++) {
		const line *ln = &L->blk.lines[li];
		for (i = ln->first; i < ln->first + ln->n; i++) {
			memcpy(got + n, L->blk.arena + L->blk.frags[i].off, L->blk.frags[i].len);
			n += L->blk.frags[i].len;
		}
		if (li + 1 < L->blk.nlines) {
			assert_non_null(strchr("/.?&=-", got[n - 1]));
			assert_false(got[n - 1] == '/' && url[n] == '/');
		}
	}
	got[n] = '\0';
	assert_string_equal(got, url);
	gpd_layout_free(L);
}

/* ---- lines of scripts written without spaces (layout_lb.c) ------------- */

/* The default style with Noto's Thai, Simplified Chinese, Devanagari and
 * Bengali faces in the regular chain, those of them installed (without, their letters print
 * as replacement marks, which break as the letters would). */
static gpd_layout *mk_cjk(warns *w, char *chain, size_t n)
{
	static const char *const files[] = { "NotoSerifThai-Regular.ttf",
		"NotoSerifCJK-Regular.ttc#2", "NotoSerifDevanagari-Regular.ttf",
		"NotoSerifBengali-Regular.ttf" };
	gpd_style st;
	gpd_layout *L;
	size_t used = 0;

	chain[0] = '\0';
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		for (size_t k = 0; gpd_font_dir(k); k++) {
			char path[512];
			size_t fl = strcspn(files[i], "#");
			snprintf(path, sizeof path, "%s/%.*s", gpd_font_dir(k), (int)fl, files[i]);
			if (access(path, R_OK) == 0) {
				used += (size_t)snprintf(chain + used, n - used, "%s%s%s",
					used ? "\n" : "", path, files[i] + fl);
				break;
			}
		}
	gpd_style_defaults(&st);
	st.fallback_chain[0] = chain;
	memset(w, 0, sizeof *w);
	L = gpd_layout_new(&st, on_warn, w);
	assert_non_null(L);
	return L;
}

/* Line li of b as it reads (left-to-right text): from its first byte to
 * its last, into out. */
static void line_text(const block *b, size_t li, char *out, size_t n)
{
	const line *ln = &b->lines[li];
	size_t lo = b->frags[ln->first].off;
	size_t hi = b->frags[ln->first + ln->n - 1].off + b->frags[ln->first + ln->n - 1].len;

	assert_true(hi - lo < n);
	memcpy(out, b->arena + lo, hi - lo);
	out[hi - lo] = '\0';
}

/* Whether s starts (at_end 0) or ends (1) with one of the UTF-8
 * characters of set, one after another. */
static int has_edge(const char *s, const char *set, int at_end)
{
	size_t n = strlen(s), a;

	for (const char *p = set; *p; p += a) {
		a = (unsigned char)*p >= 0xE0 ? 3 : 1;
		if (n >= a && memcmp(at_end ? s + n - a : s, p, a) == 0)
			return 1;
	}
	return 0;
}

#define ZH "\xE9\xA1\xBE\xE9\x97\xAE\xE6\xAF\x8F\xE5\x85\xAB\xE5\x91\xA8\xE8\x87\xB3" \
	"\xE5\xB0\x91\xE6\x8E\xA2\xE8\xAE\xBF\xE4\xB8\x80\xE6\xAC\xA1\xEF\xBC\x8C\xE5\xB9\xB6" \
	"\xE5\x9C\xA8\xE7\xB4\xA7\xE6\x80\xA5\xE6\x83\x85\xE5\x86\xB5\xE4\xB8\x8B\xE6\x8F\x90" \
	"\xE4\xBE\x9B\xEF\xBC\x88\xE5\x8C\x85\xE6\x8B\xAC\xE5\x91\xA8\xE6\x9C\xAB\xEF\xBC\x89" \
	"\xE3\x80\x82\xE8\xAE\xB8\xE5\xA4\x9A\xE9\x9D\x92\xE5\xB9\xB4\xE8\xA1\xA8\xE7\xA4\xBA" \
	"\xEF\xBC\x9A\xE3\x80\x8C\xE6\x9C\x89\xE4\xBA\xBA\xE7\x9C\x9F\xE6\xAD\xA3\xE5\x85\xB3" \
	"\xE5\xBF\x83\xE6\x88\x91\xEF\xBC\x81\xE3\x80\x8D\xE6\xAD\xA4\xE5\xA4\x96\xE3\x80\x81" \
	"\xE3\x80\x8C\xE8\xB7\xAF\xE5\xBE\x84\xE8\xAE\xA1\xE5\x88\x92\xE3\x80\x8D\xE3\x80\x82"
	/* 顾问每八周至少探访一次，并在紧急情况下提供（包括周末）。许多青年表示：
	 * 「有人真正关心我！」此外、「路径计划」。 */
/* what no line starts with (UAX #14's CL, CP, EX, NS: ，。、：！）」) and ends with (OP: （「) */
#define NO_START "\xEF\xBC\x8C\xE3\x80\x82\xE3\x80\x81\xEF\xBC\x9A\xEF\xBC\x81\xEF\xBC\x89\xE3\x80\x8D"
#define NO_END "\xEF\xBC\x88\xE3\x80\x8C"

/* A Chinese paragraph, no space in it, was one word, cut between any two
 * characters: lines began with 。 or 」 and ended with 「. Broken at every
 * measure from its widest unit (3 characters of one em, "我！」") to 30
 * characters, now none does, every line fits, and the lines put together
 * are the text. So too without a font for Chinese: its replacement marks
 * break as the characters they stand for. */
static void test_cjk_kinsoku(void **state)
{
	char chain[1100], got[sizeof ZH * 2], ln[sizeof ZH * 2];
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain), *bare = mk(&w, 0);
	float marks3 = gpd__str_width(bare, SLOT_FB, 10, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");

	(void)state;
	for (float width = 3 * 10 + 0.1f; width < 300; width += 1.3f) {
		got[0] = '\0';
		break_text(L, ZH, width);
		assert_true(L->blk.nlines > 1);
		for (size_t li = 0; li < L->blk.nlines; li++) {
			line_text(&L->blk, li, ln, sizeof ln);
			if (has_edge(ln, NO_START, 0) || has_edge(ln, NO_END, 1))
				fail_msg("at %.1f pt line %zu is \"%s\"", (double)width, li, ln);
			strcat(got, ln);
		}
		assert_string_equal(got, ZH);
		if (width < marks3) /* narrower than a unit of three marks */
			continue;
		break_text(bare, ZH, width);
		for (size_t li = 1; li < bare->blk.nlines; li++) {
			size_t off = bare->blk.frags[bare->blk.lines[li].first].off, k;
			const replaced *r = gpd__block_replaced(&bare->blk, off, 1, &k);
			char first[4];
			assert_int_equal(k, 1); /* a mark, for a character in NO_START? */
			first[0] = (char)(0xE0 | (r->cp >> 12));
			first[1] = (char)(0x80 | ((r->cp >> 6) & 0x3F));
			first[2] = (char)(0x80 | (r->cp & 0x3F));
			first[3] = '\0';
			if (has_edge(first, NO_START, 0))
				fail_msg("no font: at %.1f pt line %zu starts with %s", (double)width, li, first);
		}
	}
	gpd_layout_free(L);
	gpd_layout_free(bare);
}

/* Beside Chinese, a space before closing punctuation is no place to
 * break (UAX #14: "東京 。" is one unit), while Latin text breaks only at
 * its spaces, as alone: not after "well-" or "and/", which UAX #14 would
 * allow. */
static void test_cjk_spaces_and_latin(void **state)
{
	static const char text[] = "well-known \xE6\x9D\xB1\xE4\xBA\xAC \xE3\x80\x82 and/or "
		"\xE3\x80\x8C \xE5\xA4\xA7\xE9\x98\xAA \xE3\x80\x8D supercalifragilistic";
	char chain[1100], ln[sizeof text];
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain);
	float word = gpd__str_width(L, SLOT_REG, 10, "supercalifragilistic");

	(void)state;
	for (float width = word + 1; width < 200; width += 0.7f) {
		break_text(L, text, width);
		for (size_t li = 0; li < L->blk.nlines; li++) {
			line_text(&L->blk, li, ln, sizeof ln);
			if (has_edge(ln, NO_START, 0) || has_edge(ln, NO_END, 1)
			    || has_edge(ln, "-/", 1) || strncmp(ln, "known", 5) == 0
			    || strncmp(ln, "or ", 3) == 0)
				fail_msg("at %.1f pt line %zu is \"%s\"", (double)width, li, ln);
		}
	}
	gpd_layout_free(L);
}

/* A table sizes its columns by the widest word of each cell: a Chinese
 * paragraph's was all of it; now it is its widest unit between breaks. */
static void test_cjk_widest(void **state)
{
	char chain[1100];
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain);
	gpd_run r = run(ZH);

	(void)state;
	assert_int_equal(gpd__block_prep(L, &L->blk, &r, 1, 10, 0), 0);
	assert_true(gpd__block_widest(L, &L->blk) <= 3 * 10.5f);
	assert_true(gpd__block_widest(L, &L->blk) >= 10);
	gpd_layout_free(L);
}

/* A flag (two regional indicators) or U+FFFF beside Chinese aborted the
 * build: libunibreak 1.1 has no row for them in its table of pairs. Now
 * the paragraph breaks at every measure, nothing of it lost. */
static void test_cjk_flags(void **state)
{
#define GB "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7" /* U+1F1EC U+1F1E7 */
#define ER "\xF0\x9F\x87\xAA\xF0\x9F\x87\xB7"
	static const char text[] = "\xE5\x8C\x97\xE4\xBA\xAC" GB ER "\xE6\xAC\xA2" GB
		" \xEF\xBF\xBF\xE8\xBF\x8E " ER "\xE5\x8C\x97";
	char chain[1100];
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain);

	(void)state;
	for (float width = 25; width < 200; width += 1.1f) {
		gpd_buf got = {0};
		break_text(L, text, width);
		gpd__block_text(&L->blk, 0, L->blk.alen, &got);
		gpd_buf_putc(&got, '\0');
		assert_false(gpd_buf_failed(&got));
		assert_string_equal(got.data, text);
		gpd_buf_free(&got);
	}
	gpd_layout_free(L);
#undef GB
#undef ER
}

/* A zero width space was dropped, and a word joined by it cut anywhere;
 * now lines break there (and nothing of it is printed). */
static void test_zero_width_space(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	char ln[32];

	(void)state;
	break_text(L, "aaaa\xE2\x80\x8B" "bbbb\xE2\x80\x8B" "cccc",
		gpd__str_width(L, SLOT_REG, 10, "aaaabb"));
	assert_int_equal(L->blk.nlines, 3);
	line_text(&L->blk, 0, ln, sizeof ln);
	assert_string_equal(ln, "aaaa");
	line_text(&L->blk, 1, ln, sizeof ln);
	assert_string_equal(ln, "bbbb");
	assert_false(arena_has(&L->blk, "\xE2\x80\x8B"));
	gpd_layout_free(L);
}

/* Thai puts no spaces between words: a phrase was cut between any two
 * clusters. Now a line inside one ends where libthai's own segmentation
 * of the phrase has a word end, at every measure. */
static void test_thai_words(void **state)
{
	static const wchar_t phrase[] = L"\x0e42\x0e04\x0e23\x0e07\x0e01\x0e32\x0e23\x0e19"
		L"\x0e35\x0e49\x0e0a\x0e48\x0e27\x0e22\x0e40\x0e2b\x0e25\x0e37\x0e2d\x0e40\x0e22"
		L"\x0e32\x0e27\x0e0a\x0e19\x0e17\x0e35\x0e48\x0e2d\x0e2d\x0e01\x0e08\x0e32\x0e01"
		L"\x0e01\x0e32\x0e23\x0e14\x0e39\x0e41\x0e25\x0e02\x0e2d\x0e07\x0e23\x0e31\x0e10"
		L"\x0e43\x0e2b\x0e49\x0e21\x0e35\x0e17\x0e35\x0e48\x0e2d\x0e22\x0e39\x0e48\x0e2d"
		L"\x0e32\x0e28\x0e31\x0e22\x0e17\x0e35\x0e48\x0e1b\x0e25\x0e2d\x0e14\x0e20\x0e31"
		L"\x0e22"; /* "this project helps young people leaving care to a safe home" */
	char chain[1100], text[sizeof phrase], ln[sizeof phrase];
	int pos[sizeof phrase / sizeof *phrase], npos;
	size_t ends[sizeof phrase / sizeof *phrase], nends = 0, at = 0;
	float start = 0;
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain);
	ThBrk *dict = th_brk_new(NULL);

	(void)state;
	if (dict == NULL)
		skip(); /* libthai-data: the dictionary */
	npos = th_brk_wc_find_breaks(dict, phrase, pos, sizeof pos / sizeof *pos);
	th_brk_delete(dict);
	assert_true(npos > 10);
	ends[nends++] = 0;
	for (size_t i = 0, o = 0; i < wcslen(phrase); i++) { /* as UTF-8; word ends by byte */
		for (int k = 0; k < npos; k++)
			if ((size_t)pos[k] == i)
				ends[nends++] = o;
		o += 3;
		text[o - 3] = (char)(0xE0);
		text[o - 2] = (char)(0x80 | ((phrase[i] >> 6) & 0x3F));
		text[o - 1] = (char)(0x80 | (phrase[i] & 0x3F));
		text[o] = '\0';
	}
	ends[nends++] = strlen(text);
	{ /* from the widest of libthai's words on */
		gpd_run r = run(text);
		assert_int_equal(gpd__block_prep(L, &L->blk, &r, 1, 10, 0), 0);
		for (size_t k = 0; k + 1 < nends; k++) {
			char word[sizeof text] = "";
			float ww;
			memcpy(word, text + ends[k], ends[k + 1] - ends[k]);
			ww = gpd__str_width(L, L->blk.segs[0].slot, 10, word);
			start = ww > start ? ww : start;
		}
	}
	for (float width = start; width < 250; width += 2.1f) {
		break_text(L, text, width);
		assert_true(width > 200 || L->blk.nlines > 1);
		at = 0;
		for (size_t li = 0; li + 1 < L->blk.nlines; li++) {
			size_t k;
			line_text(&L->blk, li, ln, sizeof ln);
			at += strlen(ln);
			for (k = 0; k < nends && ends[k] != at; k++)
				;
			if (k == nends)
				fail_msg("at %.1f pt line %zu ends inside a word: \"%s\"", (double)width, li, ln);
		}
	}
	assert_int_equal(w.n, 0);
	gpd_layout_free(L);
}

/* The syllables of a Devanagari and a Bengali word, conjuncts among them
 * (क्ष, त्रि, स्त्री, व्य; ক্ষ, ন্ত্রী, স্বা), vowel signs and a nukta. */
static const char *const deva[] = { "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7",
	"\xE0\xA4\xA4\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBF", "\xE0\xA4\xAF",
	"\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA5\x80",
	"\xE0\xA4\xB8\xE0\xA4\x82", "\xE0\xA4\xB0", "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7",
	"\xE0\xA4\xA3", "\xE0\xA4\xB5\xE0\xA5\x8D\xE0\xA4\xAF", "\xE0\xA4\xB5",
	"\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA5\xE0\xA4\xBE", NULL },
	*const beng[] = { "\xE0\xA6\x95\xE0\xA7\x8D\xE0\xA6\xB7", "\xE0\xA6\xAE",
	"\xE0\xA6\xA4\xE0\xA6\xBE", "\xE0\xA6\xAF\xE0\xA6\xBC", "\xE0\xA6\xA8",
	"\xE0\xA6\xAE", "\xE0\xA6\xA8\xE0\xA7\x8D\xE0\xA6\xA4\xE0\xA7\x8D\xE0\xA6\xB0\xE0\xA7\x80",
	"\xE0\xA6\xB8\xE0\xA7\x8D\xE0\xA6\xAC\xE0\xA6\xBE", NULL },
	/* emoji joined by ZWJ (a family), one with a skin tone: no font has
	 * them here, and each of their letters is a replacement mark */
	*const emoji[] = { "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
	"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
	"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
	"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", NULL };

/* The length of the text written (each replacement mark as the
 * character it stands for) of b's arena before offset off. */
static size_t text_before(const block *b, size_t off)
{
	gpd_buf t = {0};
	size_t n;

	gpd__block_text(b, 0, off, &t);
	assert_false(gpd_buf_failed(&t));
	n = t.len;
	gpd_buf_free(&t);
	return n;
}

/* Whether every line of b after the first starts where one of the
 * syllables sy (a word of them from arena offset 0) does. */
static int cut_at_syllables(const block *b, const char *const *sy, char *bad, size_t n)
{
	for (size_t li = 1; li < b->nlines; li++) {
		size_t off = text_before(b, b->frags[b->lines[li].first].off), at = 0, k;
		for (k = 0; sy[k] && at < off; k++)
			at += strlen(sy[k]);
		if (at != off) {
			line_text(b, li, bad, n);
			return 0;
		}
	}
	return 1;
}

/* The widest of word sy's syllables in b, broken a cluster a line (at a
 * measure of 1 pt): the lines of each syllable summed. */
static float widest_syllable(const block *b, const char *const *sy)
{
	float widest = 0, syl = 0;
	size_t k = 0, end = 0;

	for (size_t li = 0; li < b->nlines; li++) {
		size_t off = b->frags[b->lines[li].first].off;
		while (sy[k] && end <= off) {
			widest = syl > widest ? syl : widest;
			syl = 0;
			end += strlen(sy[k++]);
		}
		syl += b->lines[li].w;
	}
	return syl > widest ? syl : widest;
}

/* A Devanagari or Bengali word wider than the line was cut between any
 * two of HarfBuzz's clusters: after a half form (स्|त्री) or inside
 * what reads as one syllable; a run of emoji after a zero width joiner.
 * At every measure from its widest syllable on, each line now starts a
 * syllable (an emoji sequence), and the lines put together are the word. */
static void test_cut_syllables(void **state)
{
	const char *const *words[] = { deva, beng, emoji };
	char chain[1100], text[512], ln[512];
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain);

	(void)state;
	for (size_t t = 0; t < sizeof words / sizeof *words; t++) {
		float widest;
		gpd_run r = run(text);
		text[0] = '\0';
		for (size_t i = 0; words[t][i]; i++)
			strcat(text, words[t][i]);
		/* its widest syllable as set in it: a cluster a line */
		assert_int_equal(gpd__block_prep(L, &L->blk, &r, 1, 10, 0), 0);
		assert_int_equal(gpd__block_break(L, &L->blk, 1), 0);
		widest = widest_syllable(&L->blk, words[t]);
		for (float width = widest + 0.1f; ; width += 0.7f) {
			break_text(L, text, width);
			if (L->blk.nlines == 1)
				break;
			if (!cut_at_syllables(&L->blk, words[t], ln, sizeof ln))
				fail_msg("at %.1f pt a line is \"%s\"", (double)width, ln);
			/* the lines put together are the word, as written */
			gpd_buf all = {0};
			for (size_t li = 0, at = 0; li < L->blk.nlines; li++) {
				const line *l = &L->blk.lines[li];
				const frag *last = &L->blk.frags[l->first + l->n - 1];
				assert_int_equal(L->blk.frags[l->first].off, at);
				at = last->off + last->len;
				if (li + 1 == L->blk.nlines)
					assert_int_equal(at, L->blk.alen);
			}
			gpd__block_text(&L->blk, 0, L->blk.alen, &all);
			assert_string_equal(all.data, text);
			gpd_buf_free(&all);
		}
	}
	gpd_layout_free(L);
}

/* A word with no break in it, Latin letters between Japanese brackets
 * and a full stop, wider than the line: cut only where a line neither
 * starts with 」 or 。 nor ends with 「, at every measure of three ems or
 * more (a Latin letter's place always fits then). */
static void test_cut_kinsoku(void **state)
{
	static const char text[] = "\xE8\xA1\xA8\xE7\xA4\xBA\xEF\xBC\x9A\xE3\x80\x8C"
		"Pathwayplanforeveryyoungperson\xE3\x80\x8D\xE3\x80\x82\xE6\xAD\xA4";
		/* 表示：「Pathway...」。此 */
	char chain[1100], ln[sizeof text];
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain);

	(void)state;
	for (float width = 3 * 10 + 0.1f; width < 200; width += 0.9f) {
		break_text(L, text, width);
		for (size_t li = 0; li < L->blk.nlines; li++) {
			line_text(&L->blk, li, ln, sizeof ln);
			if ((li && has_edge(ln, NO_START, 0)) || has_edge(ln, NO_END, 1))
				fail_msg("at %.1f pt line %zu is \"%s\"", (double)width, li, ln);
		}
	}
	gpd_layout_free(L);
}

/* A line of code wider than the measure was cut between any two of
 * HarfBuzz's clusters: after a Devanagari or Bengali half form, inside
 * an emoji sequence, before 」 or 。 and after 「. Its emergency cut is
 * now prose's (gpd__lb_cut_ok): at every measure from the widest
 * syllable on, each continued line starts a syllable, no line starts or
 * ends against kinsoku, and the lines put together are the line. */
static void test_code_cut(void **state)
{
	static const char kin[] = "\xE8\xA1\xA8\xE7\xA4\xBA\xEF\xBC\x9A\xE3\x80\x8C"
		"Pathwayplanforeveryyoungperson\xE3\x80\x8D\xE3\x80\x82\xE6\xAD\xA4";
	const char *const *words[] = { deva, beng, emoji };
	char chain[1100], text[512], ln[512];
	warns w;
	gpd_layout *L = mk_cjk(&w, chain, sizeof chain);
	int bad = 0;

	(void)state;
	for (size_t t = 0; t < sizeof words / sizeof *words; t++) {
		float widest;

		text[0] = '\0';
		for (size_t i = 0; words[t][i]; i++)
			strcat(text, words[t][i]);
		/* its widest syllable as code sets it: a cluster a line */
		assert_int_equal(gpd__block_prep_pre(L, &L->blk, text, strlen(text), 10), 0);
		assert_int_equal(gpd__block_break_pre(L, &L->blk, 1, 0), 0);
		widest = widest_syllable(&L->blk, words[t]);
		for (float width = widest + 0.1f; ; width += 0.7f) {
			gpd_buf all = {0};
			assert_int_equal(gpd__block_break_pre(L, &L->blk, width, 0), 0);
			if (L->blk.nlines == 1)
				break;
			if (!cut_at_syllables(&L->blk, words[t], ln, sizeof ln)) {
				print_error("code at %.1f pt: a line is \"%s\"\n", (double)width, ln);
				bad++;
				break;
			}
			gpd__block_text(&L->blk, 0, L->blk.alen, &all);
			assert_string_equal(all.data, text);
			gpd_buf_free(&all);
		}
	}
	assert_int_equal(gpd__block_prep_pre(L, &L->blk, kin, strlen(kin), 10), 0);
	for (float width = 3 * 10 + 0.1f; width < 200; width += 0.9f) {
		assert_int_equal(gpd__block_break_pre(L, &L->blk, width, 0), 0);
		for (size_t li = 0; li < L->blk.nlines; li++) {
			line_text(&L->blk, li, ln, sizeof ln);
			if ((li && has_edge(ln, NO_START, 0)) || has_edge(ln, NO_END, 1)) {
				print_error("code at %.1f pt: line %zu is \"%s\"\n", (double)width, li, ln);
				bad++;
				width = 200;
				break;
			}
		}
	}
	assert_int_equal(bad, 0);
	gpd_layout_free(L);
}

/* U+2028 LINE SEPARATOR ends a line and U+2029 PARAGRAPH SEPARATOR a
 * paragraph (a blank line after it), as UAX #14's class BK says: they
 * printed as spaces, the text run on. White space around them goes, and
 * neither is left in the text; in code a line separator ends the line;
 * in a running head, a space. */
static void test_line_separators(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	char ln[64];

	(void)state;
	break_text(L, "one \xE2\x80\xA8 two\xE2\x80\xA9three four", 400);
	assert_int_equal(L->blk.nlines, 4); /* "one", "two", "", "three four" */
	line_text(&L->blk, 0, ln, sizeof ln);
	assert_string_equal(ln, "one");
	line_text(&L->blk, 1, ln, sizeof ln);
	assert_string_equal(ln, "two");
	assert_int_equal(L->blk.lines[2].n, 0);
	line_text(&L->blk, 3, ln, sizeof ln);
	assert_string_equal(ln, "three four");
	assert_false(arena_has(&L->blk, "\xE2\x80\xA8") || arena_has(&L->blk, "\xE2\x80\xA9"));
	assert_int_equal(gpd__block_prep_pre(L, &L->blk, "a()\xE2\x80\xA8" "b()", 8, 10), 0);
	assert_int_equal(gpd__block_break_pre(L, &L->blk, 400, 10), 0);
	assert_int_equal(L->blk.nlines, 2);
	/* a running head or an outline entry is one line: there, a space (a
	 * block would break it, and the head show its first line cut short) */
	assert_int_equal(gpd_layout_set_running_title(L, "A\xE2\x80\xA8" "B\xE2\x80\xA9" "C"), 0);
	assert_string_equal(L->strs + L->title, "A B C");
	assert_int_equal(w.n, 0);
	gpd_layout_free(L);
}

/* Lao has no dictionary here: a phrase wider than the line is cut
 * between syllables, and the layout says so, once per block. */
static void test_word_cut_said(void **state)
{
	static const char lao[] = "\xE0\xBA\x9A\xE0\xBB\x8D\xE0\xBA\xA5\xE0\xBA\xB4\xE0\xBA\x81"
		"\xE0\xBA\xB2\xE0\xBA\x99\xE0\xBA\x8A\xE0\xBB\x88\xE0\xBA\xA7\xE0\xBA\x8D\xE0\xBB\x80"
		"\xE0\xBA\xAB\xE0\xBA\xBC\xE0\xBA\xB7\xE0\xBA\xAD"; /* ບໍລິການຊ່ວຍເຫຼືອ */
	warns w;
	gpd_layout *L = mk(&w, 0);

	(void)state;
	break_text(L, lao, 20);
	assert_true(L->blk.nlines > 2);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.kind, GPD_LAYOUT_W_WORD_CUT);
	assert_string_equal(w.arg, "Lao script");
	break_text(L, lao, 400); /* it fits: nothing to say */
	assert_int_equal(w.n, 1);
	gpd_layout_free(L);
}

/* The level of the block's byte where s (UTF-8) first is. */
static int level_of(const block *b, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= b->alen; i++)
		if (memcmp(b->arena + i, s, n) == 0)
			return b->rtl ? b->lvl[i] : 0;
	fail_msg("%s not in the block", s);
	return -1;
}

#define FSI "\xE2\x81\xA8" /* U+2068 FIRST STRONG ISOLATE */
#define PDI "\xE2\x81\xA9" /* U+2069 POP DIRECTIONAL ISOLATE */
#define ARABIC_TITLE "\xD9\x85\xD8\xB1\xD9\x83\xD8\xB2 \xD8\xA7\xD9\x84\xD8\xB1\xD8\xB9\xD8\xA7\xD9\x8A\xD8\xA9 2024 Leaving Care"

/* A right-to-left title between FSI and PDI in a line of ours (a cross-
 * reference) is an isolate: the line keeps its first strong letter outside
 * it (English: left to right) and our words their level 0, the title its
 * own direction (Arabic: 1, its English words 2); the controls are not in
 * the text (nothing to draw or extract) and change nothing else. Without
 * them the title's first letter makes the whole line right to left. */
static void test_bidi_isolate(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	block *b = &L->blk;
	gpd_run r[4] = { run(FSI), run(ARABIC_TITLE), run(PDI),
		run(" (Birmingham), Criterion 2.11, page 4") };
	gpd_run one = run(FSI ARABIC_TITLE PDI " (Birmingham), Criterion 2.11, page 4");
	size_t alen, nsegs;

	(void)state;
	assert_int_equal(gpd__block_prep(L, b, &r[1], 3, 10, 0), 0);
	assert_int_equal(b->base_rtl, 1); /* the cause: P2 finds the title first */
	assert_int_equal(gpd__block_prep(L, b, r, 4, 10, 0), 0);
	assert_int_equal(b->rtl, 1);
	assert_int_equal(b->base_rtl, 0);
	assert_false(arena_has(b, FSI) || arena_has(b, PDI));
	assert_int_equal(level_of(b, "\xD9\x85"), 1);
	assert_int_equal(level_of(b, "2024"), 2);
	assert_int_equal(level_of(b, "Leaving"), 2);
	assert_int_equal(level_of(b, "(Birmingham)"), 0);
	assert_int_equal(level_of(b, ", Criterion"), 0);
	alen = b->alen;
	nsegs = b->nsegs;
	/* the controls written in one run's text are the same */
	assert_int_equal(gpd__block_prep(L, b, &one, 1, 10, 0), 0);
	assert_int_equal(b->alen, alen);
	assert_int_equal(b->nsegs, nsegs);
	assert_int_equal(b->base_rtl, 0);
	assert_int_equal(level_of(b, "(Birmingham)"), 0);
	assert_int_equal(gpd__block_break(L, b, 400), 0);
	assert_int_equal(b->nlines, 1);
	/* text with no right-to-left letter: as if they were not there */
	r[1] = run("A title");
	assert_int_equal(gpd__block_prep(L, b, r, 4, 10, 0), 0);
	assert_int_equal(b->rtl, 0);
	assert_int_equal(b->alen, strlen("A title (Birmingham), Criterion 2.11, page 4"));
	assert_true(arena_has(b, "A title (Birmingham), Criterion 2.11, page 4"));
	assert_int_equal(w.n, 0);
	gpd_layout_free(L);
}

/* An override (RLO ... PDF), an embedding (RLE) and the marks LRM, RLM
 * and ALM were shaped as invisible glyphs whose text (U+202E...) a reader
 * copied, pdftotext cut a title's line at, and white space around them
 * did not collapse ("alone  and"). Now, as the isolates, they go to the
 * bidi pass alone, and act there: the override reverses its letters. */
static void test_bidi_embeddings(void **state)
{
#define RLO "\xE2\x80\xAE"
#define PDF_ "\xE2\x80\xAC"
#define RLE "\xE2\x80\xAB"
#define RLM "\xE2\x80\x8F"
#define LRM "\xE2\x80\x8E"
#define ALM "\xD8\x9C"
	warns w;
	gpd_layout *L = mk(&w, 0);
	block *b = &L->blk;
	gpd_run r = run("Title " RLO "REVERSED" PDF_ " and " PDF_ " alone " RLE "x" RLM " y"
		LRM " z" ALM);

	(void)state;
	assert_int_equal(gpd__block_prep(L, b, &r, 1, 10, 0), 0);
	assert_int_equal(b->alen, strlen("Title REVERSED and alone x y z"));
	assert_true(arena_has(b, "Title REVERSED and alone x y z"));
	assert_int_equal(b->rtl, 1);
	assert_int_equal(b->base_rtl, 0);
	assert_int_equal(level_of(b, "Title"), 0);
	assert_int_equal(level_of(b, "REVERSED"), 1); /* the override's */
	assert_int_equal(level_of(b, "and"), 0);
	assert_int_equal(level_of(b, "x"), 2); /* L in RLE's level 1 */
	assert_int_equal(w.n, 0);
	gpd_layout_free(L);
#undef RLO
#undef PDF_
#undef RLE
#undef RLM
#undef LRM
#undef ALM
}

/* Preformatted text: every space kept, tabs to columns of four, blank
 * lines kept, a line too wide wraps as a marked continuation. */
static void test_code(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);
	float cw = gpd__str_width(L, SLOT_MONO, 10, "x");

	(void)state;
	assert_int_equal(gpd__block_prep_pre(L, &L->blk, "a\tb\n\n  c  d\n", 12, 10), 0);
	assert_int_equal(gpd__block_break_pre(L, &L->blk, 400, 0), 0);
	assert_int_equal(L->blk.nlines, 3);
	assert_memory_equal(L->blk.arena, "a   b\n\n  c  d\n", 14);
	assert_int_equal(L->blk.lines[1].n, 0);
	assert_true(L->blk.lines[2].w > 5.9f * cw); /* leading spaces count */
	assert_int_equal(gpd__block_prep_pre(L, &L->blk, "abcdefghij", 10, 10), 0);
	assert_int_equal(gpd__block_break_pre(L, &L->blk, cw * 4 + 0.01f, 0), 0);
	assert_int_equal(L->blk.nlines, 3);
	/* the rest of a wrapped line is set in by the mark's room */
	assert_int_equal(gpd__block_prep_pre(L, &L->blk, "abcdefghijk", 11, 10), 0);
	assert_int_equal(gpd__block_break_pre(L, &L->blk, cw * 4 + 0.01f, cw), 0);
	assert_int_equal(L->blk.nlines, 4); /* abcd efg hij k */
	assert_false(L->blk.lines[0].cont);
	assert_true(L->blk.lines[1].cont && L->blk.lines[2].cont);
	gpd_layout_free(L);
}

static void test_list_from_zero(void **state)
{
	warns w;
	gpd_layout *L = mk(&w, 0);

	(void)state;
	assert_int_equal(gpd_layout_list_begin(L, 1, 0), 0);
	assert_int_equal(gpd_layout_item_begin(L), 0);
	assert_string_equal(L->marker, "0.");
	gpd_layout_free(L);
}

/* Lines drawn on each page so far: each is placed ("... Tm") or moved to
 * from the line before ("... Td"), once for a run in one font; a marker
 * is one more. */
static size_t page_lines(gpd_layout *L, size_t page)
{
	size_t len, n = 0;
	char *t = stream_text(L->pages[page].page, &len);

	/* the glyph ids are bytes in literal strings, NULs among them, but
	 * never a bare LF (escaped as "\\n") */
	for (size_t i = 0; i + 4 <= len; i++)
		n += memcmp(t + i, " Tm\n", 4) == 0 || memcmp(t + i, " Td\n", 4) == 0;
	free(t);
	return n;
}

/* The last page with anything on it (a page break leaves an empty one). */
static size_t last_page(const gpd_layout *L)
{
	return L->npages - 1 - (L->page_empty && L->npages > 1 ? 1 : 0);
}

static const char filler[] = "Filler text that takes up exactly one line.";

/* Places one paragraph of k lines (hard breaks between them), so what
 * follows starts k line pitches down: every position on a page is tried. */
static void fill_lines(gpd_layout *L, int k)
{
	gpd_run *r = calloc((size_t)(2 * k), sizeof *r);
	int i;

	assert_non_null(r);
	for (i = 0; i < k; i++) {
		r[2 * i] = run(filler);
		r[2 * i + 1] = hard;
	}
	assert_int_equal(gpd_layout_paragraph(L, r, (size_t)(2 * k - 1)), 0);
	free(r);
}

/* A paragraph of five lines after k one-line fillers: broken so that at
 * least two lines stand on each side of the page break, whatever k. */
static void test_widows_orphans(void **state)
{
	gpd_run five = run("Five lines of text: lorem ipsum dolor sit amet, consectetur "
		"adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna "
		"aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris "
		"nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in "
		"reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur "
		"excepteur sint occaecat.");
	int k, split = 0;

	(void)state;
	for (k = 40; k < 56; k++) {
		warns w;
		gpd_layout *L = mk(&w, 0);
		size_t last;
		fill_lines(L, k);
		assert_int_equal(gpd_layout_paragraph(L, &five, 1), 0);
		assert_int_equal(gpd_layout_page_break(L), 0);
		last = page_lines(L, last_page(L));
		if (last_page(L) > 0 && last < 5) { /* split: its tail alone overleaf */
			assert_true(last >= 2);          /* widows */
			assert_true(5 - last >= 2);      /* orphans */
			split++;
		}
		gpd_layout_free(L);
	}
	assert_true(split > 0); /* some k did split it */
}

/* The baselines of the lines drawn on a page, top down: an absolute Tm
 * puts a text object's first line, each Td the next one down from it. */
static size_t baselines(gpd_layout *L, size_t page, float *y, size_t max)
{
	size_t len, n = 0;
	char *t = stream_text(L->pages[page].page, &len);
	float at = 0;

	for (size_t i = 0, sol = 0; i < len && n < max; i++) {
		float a, b, c, d, e, f;
		if (t[i] != '\n')
			continue;
		t[i] = '\0';
		if (sscanf(t + sol, "%f %f %f %f %f %f Tm", &a, &b, &c, &d, &e, &f) == 6
		    && strstr(t + sol, " Tm"))
			y[n++] = at = f;
		else if (sscanf(t + sol, "%f %f Td", &a, &b) == 2 && strstr(t + sol, " Td"))
			y[n++] = at += b;
		sol = i + 1;
	}
	free(t);
	return n;
}

/* A letter under a stack of GPD_MAX_MARK_RUN acute accents (DejaVu Serif
 * stacks them, each above the last): its line was set one pitch below
 * the line before, and the stack drew over that line and the one above
 * it. Now the line is as far down as the stack is tall, the line before
 * kept clear down to its font's descender; a line of ordinary accented
 * letters takes one pitch, as before. So too a table's row. */
static void test_mark_stack_room(void **state)
{
	char stack[8 + 2 * GPD_MAX_MARK_RUN + 16] = "He";
	gpd_run r[5];
	warns w;
	gpd_layout *L = mk(&w, 0);
	hb_font_extents_t fe;
	const glyph *g;
	float y[8], top = 0, k;
	long n;

	(void)state;
	for (int i = 0; i < GPD_MAX_MARK_RUN; i++)
		strcat(stack, "\xCC\x81");
	strcat(stack, " comes");
	n = gpd__shape(L, SLOT_REG, 0, stack, strlen(stack), &g);
	k = L->st.base_size / (float)L->slots[SLOT_REG].upem;
	for (long i = 0; i < n; i++) {
		hb_glyph_extents_t e;
		assert_true(hb_font_get_glyph_extents(L->slots[SLOT_REG].font, g[i].gid, &e));
		top = (float)(g[i].dy + e.y_bearing) * k > top ? (float)(g[i].dy + e.y_bearing) * k : top;
	}
	hb_font_get_h_extents(L->slots[SLOT_REG].font, &fe);
	r[0] = run(filler);
	r[1] = hard;
	r[2] = run("\xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \xC3\x85ngstr\xC3\xB6m"); /* Ünïcödé Ångström */
	r[3] = hard;
	r[4] = run(stack);
	assert_int_equal(gpd_layout_paragraph(L, r, 5), 0);
	assert_int_equal(gpd_layout_page_break(L), 0);
	assert_int_equal(baselines(L, 0, y, 8), 3);
	assert_true(fabsf((y[0] - y[1]) - gpd__pitch_of(L, L->st.base_size)) < 0.01f);
	assert_true(top > 3 * L->st.base_size); /* a stack taller than three lines */
	if (!(y[1] - y[2] >= top - (float)fe.descender * k - 0.01f))
		fail_msg("baselines %.2f apart, the stack %.2f high, the descender %.2f",
			(double)(y[1] - y[2]), (double)top, (double)(-(float)fe.descender * k));
	assert_int_equal(w.n, 0);
	gpd_layout_free(L);

	/* the same in a table's cells, whose text is smaller */
	L = mk(&w, 0);
	{
		static const float fr[] = { 0.5f, 0.5f };
		gpd_cell cells[4] = { { &r[0], 1, 0 }, { &r[2], 1, 0 }, { &r[4], 1, 0 },
			{ &r[2], 1, 0 } };
		gpd_table t = { 2, 2, fr, cells, 0, NULL, 0, 0 };
		float ks = L->st.small_size / L->st.base_size;

		r[0] = run("Ordinary");
		assert_int_equal(gpd_layout_table(L, &t), 0);
		assert_int_equal(gpd_layout_page_break(L), 0);
		assert_int_equal(baselines(L, 0, y, 8), 4); /* row by row, cell by cell */
		assert_true(fabsf(y[0] - y[1]) < 0.01f && fabsf(y[2] - y[3]) < 0.01f);
		if (!(y[0] - y[2] >= (top - (float)fe.descender * k) * ks - 0.01f))
			fail_msg("rows' baselines %.2f apart, the stack %.2f high",
				(double)(y[0] - y[2]), (double)(top * ks));
	}
	gpd_layout_free(L);

	/* below a letter (DejaVu Sans stacks U+0323 DOT BELOW downwards): the
	 * line after it is kept clear down to the stack's foot, from its font's
	 * ascender */
	{
		gpd_style st;
		float foot = 0;

		gpd_style_defaults(&st);
		st.font_regular = st.font_fallback;
		memset(&w, 0, sizeof w);
		L = gpd_layout_new(&st, on_warn, &w);
		assert_non_null(L);
		strcpy(stack, "He");
		for (int i = 0; i < GPD_MAX_MARK_RUN; i++)
			strcat(stack, "\xCC\xA3");
		n = gpd__shape(L, SLOT_REG, 0, stack, strlen(stack), &g);
		k = L->st.base_size / (float)L->slots[SLOT_REG].upem;
		for (long i = 0; i < n; i++) {
			hb_glyph_extents_t e;
			assert_true(hb_font_get_glyph_extents(L->slots[SLOT_REG].font, g[i].gid, &e));
			if (-(float)(g[i].dy + e.y_bearing + e.height) * k > foot)
				foot = -(float)(g[i].dy + e.y_bearing + e.height) * k;
		}
		hb_font_get_h_extents(L->slots[SLOT_REG].font, &fe);
		r[0] = run(stack);
		r[2] = run(filler);
		assert_int_equal(gpd_layout_paragraph(L, r, 3), 0);
		assert_int_equal(gpd_layout_page_break(L), 0);
		assert_int_equal(baselines(L, 0, y, 8), 2);
		assert_true(foot > 3 * L->st.base_size);
		if (!(y[0] - y[1] >= foot + (float)fe.ascender * k - 0.01f))
			fail_msg("baselines %.2f apart, the stack %.2f deep", (double)(y[0] - y[1]),
				(double)foot);
		assert_int_equal(w.n, 0);
		gpd_layout_free(L);
	}
}

/* The full path of an installed font file (the style's folders), into
 * path; 0 when none of them has it. */
static int font_path(const char *file, char *path, size_t n)
{
	for (size_t k = 0; gpd_font_dir(k); k++) {
		snprintf(path, n, "%s/%s", gpd_font_dir(k), file);
		if (access(path, R_OK) == 0)
			return 1;
	}
	return 0;
}

/* A single glyph taller or deeper than the line: a Vietnamese capital
 * with two marks (one glyph in DejaVu Serif, reaching above the em), a
 * Tibetan stack (one ligature, 0.7 em below the baseline), Myanmar's
 * medials, a Thai consonant with a vowel and a tone mark above. The
 * shaper leaves each where the font drew it (no offset), so the line set
 * a pitch apart from its neighbours as if it were as tall as its font's
 * letters, and the ink reached into the lines above and below. Now the
 * line's own box holds it: its ink's top stays below the line above's
 * box, its foot above the line below's. */
static void test_tall_glyph_room(void **state)
{
	static const struct { const char *font, *text; } tall[] = {
		{ NULL, "\xE1\xBB\x96\xE1\xBA\xAC" },                     /* ỖẬ */
		{ "NotoSerifTibetan-Regular.ttf", "\xE0\xBD\x96\xE0\xBD\xA6\xE0\xBE\x92"
		  "\xE0\xBE\xB2\xE0\xBD\xB4\xE0\xBD\x96\xE0\xBD\xA6" }, /* བསྒྲུབས */
		{ "NotoSerifMyanmar-Regular.ttf", "\xE1\x80\x80\xE1\x80\xBB\xE1\x80\xBD"
		  "\xE1\x80\x94\xE1\x80\xBA\xE1\x80\xAF\xE1\x80\x95\xE1\x80\xBA" }, /* ကျွန်ုပ် */
		{ "NotoSerifThai-Regular.ttf", "\xE0\xB8\x9B\xE0\xB8\xB1\xE0\xB9\x88" }, /* ปั่ */
	};
	int tried = 0, bad = 0;

	(void)state;
	for (size_t t = 0; t < sizeof tall / sizeof *tall; t++) {
		char path[512];
		gpd_style st;
		gpd_layout *L;
		gpd_run r[5];
		const glyph *g;
		warns w;
		float y[8], top = 0, foot = 0, flat = 0, k, pitch, above;
		long n;

		gpd_style_defaults(&st);
		if (tall[t].font) {
			if (!font_path(tall[t].font, path, sizeof path))
				continue; /* fonts-noto-core not installed */
			st.font_regular = path;
		}
		memset(&w, 0, sizeof w);
		L = gpd_layout_new(&st, on_warn, &w);
		assert_non_null(L);
		n = gpd__shape(L, SLOT_REG, 0, tall[t].text, strlen(tall[t].text), &g);
		assert_true(n > 0);
		k = L->st.base_size / (float)L->slots[SLOT_REG].upem;
		pitch = gpd__pitch_of(L, L->st.base_size);
		above = gpd__baseline_off(pitch, L->st.base_size);
		for (long i = 0; i < n; i++) {
			hb_glyph_extents_t e;
			float hi, lo;
			assert_true(hb_font_get_glyph_extents(L->slots[SLOT_REG].font, g[i].gid, &e));
			hi = (float)(g[i].dy + e.y_bearing) * k;
			lo = -(float)(g[i].dy + e.y_bearing + e.height) * k;
			top = fmaxf(top, hi);
			foot = fmaxf(foot, lo);
			if (g[i].dy == 0) /* one glyph where the font put it, too tall */
				flat = fmaxf(flat, fmaxf(hi - above, lo - (pitch - above)));
		}
		assert_true(flat > 0.1f);
		r[0] = run("Filler");
		r[1] = hard;
		r[2] = run(tall[t].text);
		r[3] = hard;
		r[4] = run("Filler");
		assert_int_equal(gpd_layout_paragraph(L, r, 5), 0);
		assert_int_equal(gpd_layout_page_break(L), 0);
		assert_int_equal(baselines(L, 0, y, 8), 3);
		/* the page puts baselines to 1/20 pt: two of them, 0.05 pt */
		if (!(y[0] - y[1] - (pitch - above) >= top - 0.05f)) {
			print_error("%s: its ink %.2f above its baseline, the line above's box %.2f\n",
				tall[t].text, (double)top, (double)(y[0] - y[1] - (pitch - above)));
			bad++;
		}
		if (!(y[1] - y[2] - above >= foot - 0.05f)) {
			print_error("%s: its ink %.2f below its baseline, the line below's box %.2f\n",
				tall[t].text, (double)foot, (double)(y[1] - y[2] - above));
			bad++;
		}
		assert_int_equal(w.n, 0);
		gpd_layout_free(L);
		tried++;
	}
	assert_true(tried > 0);
	assert_int_equal(bad, 0);
}

/* Where s first is in [p, end), or NULL (the text's strings hold NULs). */
static const char *find_in(const char *p, const char *end, const char *s)
{
	size_t k = strlen(s);

	for (; p + k <= end; p++)
		if (memcmp(p, s, k) == 0)
			return p;
	return NULL;
}

/* The start of the line p is in (lines of [from, p)). */
static const char *line_start(const char *from, const char *p)
{
	while (p > from && p[-1] != '\n')
		p--;
	return p;
}

/* The first page's running head in pdf (n bytes), from its stream
 * inflated: the size and baseline of its first piece of text, and the
 * height of the rule under it; 0 when there is none. */
static int head_of(const unsigned char *pdf, size_t n, float *size, float *base, float *rule)
{
	size_t cap = 1 << 20;
	char *out = malloc(cap + 1);
	int found = 0;

	assert_non_null(out);
	for (size_t i = 0; !found && i + 7 < n; i++) {
		z_stream z;
		size_t at = i + 6;
		const char *h, *end, *tm, *m, *tf;
		float a;

		if (memcmp(pdf + i, "stream", 6) != 0 || (i && pdf[i - 1] == 'd'))
			continue;
		at += pdf[at] == '\r';
		if (pdf[at++] != '\n')
			continue;
		memset(&z, 0, sizeof z);
		if (inflateInit(&z) != Z_OK)
			break;
		z.next_in = (unsigned char *)pdf + at;
		z.avail_in = (uInt)(n - at);
		z.next_out = (unsigned char *)out;
		z.avail_out = (uInt)cap;
		if (inflate(&z, Z_FINISH) == Z_STREAM_END) {
			end = out + z.total_out;
			out[z.total_out] = '\0';
			if ((h = find_in(out, end, "/Subtype /Header")) != NULL) {
				tf = find_in(h, end, " Tf\n");
				tm = find_in(h, end, " Tm\n");
				m = find_in(h, end, " m\n");
				assert_true(tm && m && tf && tf < tm);
				assert_int_equal(sscanf(line_start(h, tf), "/%*s %f Tf", size), 1);
				assert_int_equal(sscanf(line_start(h, tm), "1 0 0 1 %f %f Tm", &a, base), 2);
				assert_int_equal(sscanf(line_start(h, m), "%f %f m", &a, rule), 2);
				found = 1;
			}
		}
		inflateEnd(&z);
	}
	free(out);
	return found;
}

/* A running head's ink stays in its band, under the page's top edge and
 * above the rule under it: a section named with a stack of acute accents
 * (set in DejaVu Serif, which stacks them 7 em high) drew off the top of
 * the page, and one with a stack of dots below (DejaVu Sans: 5 em deep)
 * through the rule and into the body, as did a shorter one (6 dots, 1 em
 * deep). Now a head is raised or lowered within its band, and only what
 * is taller than the band is set smaller: an ordinary head and the short
 * stack keep the small size. */
static void test_head_band(void **state)
{
	char up[8 + 2 * GPD_MAX_MARK_RUN] = "He", down[8 + 2 * GPD_MAX_MARK_RUN] = "He";
	char few[8 + 2 * 6] = "He";
	const char *names[] = { "Section", up, down, few };
	int bad = 0;

	(void)state;
	for (int i = 0; i < GPD_MAX_MARK_RUN; i++) {
		strcat(up, "\xCC\x81");   /* U+0301 COMBINING ACUTE ACCENT */
		strcat(down, "\xCC\xA3"); /* U+0323 COMBINING DOT BELOW */
	}
	for (int i = 0; i < 6; i++)
		strcat(few, "\xCC\xA3");
	for (size_t t = 0; t < sizeof names / sizeof *names; t++) {
		gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };
		gpd_style st;
		gpd_layout *L;
		gpd_run r = run("Body.");
		const glyph *g;
		unsigned char *pdf = NULL;
		size_t len = 0;
		warns w;
		float size, base, rule, top = 0, foot = 0, k;
		long n;

		gpd_style_defaults(&st);
		if (names[t] == down || names[t] == few)
			st.font_regular = st.font_fallback;
		memset(&w, 0, sizeof w);
		L = gpd_layout_new(&st, on_warn, &w);
		assert_non_null(L);
		assert_int_equal(gpd_layout_set_section(L, names[t]), 0);
		assert_int_equal(gpd_layout_paragraph(L, &r, 1), 0);
		n = gpd__shape(L, SLOT_REG, 0, names[t], strlen(names[t]), &g);
		for (long i = 0; i < n; i++) {
			hb_glyph_extents_t e;
			assert_true(hb_font_get_glyph_extents(L->slots[SLOT_REG].font, g[i].gid, &e));
			top = fmaxf(top, (float)(g[i].dy + e.y_bearing));
			foot = fmaxf(foot, -(float)(g[i].dy + e.y_bearing + e.height));
		}
		assert_int_equal(gpd_layout_save_mem(L, &info, &pdf, &len), 0);
		assert_true(head_of(pdf, len, &size, &base, &rule));
		k = size / (float)L->slots[SLOT_REG].upem;
		if (base + top * k > st.page_height) {
			print_error("head %zu: its ink %.2f pt above the page\n", t,
				(double)(base + top * k - st.page_height));
			bad++;
		}
		if (base - foot * k < rule) {
			print_error("head %zu: its ink %.2f pt below the rule under it\n", t,
				(double)(rule - (base - foot * k)));
			bad++;
		}
		if (names[t] == names[0] || names[t] == few) /* it fits, raised */
			bad += fabsf(size - st.small_size) > 0.01f;
		else
			bad += !(size < st.small_size);
		assert_int_equal(w.n, 0);
		free(pdf);
		gpd_layout_free(L);
	}
	assert_int_equal(bad, 0);
}

/* Before a forced break no page holds a single line: one more comes
 * along. */
static void test_no_lone_last_line(void **state)
{
	gpd_run fill = run(filler);
	int k;

	(void)state;
	for (k = 40; k < 56; k++) {
		warns w;
		gpd_layout *L = mk(&w, 0);
		fill_lines(L, k);
		gpd_layout_paragraph(L, &fill, 1);
		assert_int_equal(gpd_layout_page_break(L), 0);
		assert_true(last_page(L) == 0 || page_lines(L, last_page(L)) >= 2);
		gpd_layout_free(L);
	}
}

/* A kept group (a question and its ticks) never splits over a page. */
static void test_keep_together(void **state)
{
	gpd_run q = run("Question"), tick = run("An option");
	int k, i, moved = 0;
	warns w;
	gpd_layout *L;

	(void)state;
	for (k = 40; k < 56; k++) {
		L = mk(&w, 0);
		fill_lines(L, k);
		assert_int_equal(gpd_layout_keep_begin(L), 0);
		gpd_layout_label(L, &q, 1);
		for (i = 0; i < 4; i++)
			gpd_layout_tick(L, GPD_TICK_BOX_CHECKED, &tick, 1);
		assert_int_equal(gpd_layout_keep_end(L), 0);
		assert_int_equal(gpd_layout_page_break(L), 0);
		/* the label and four ticks with their boxes: 9 text objects,
		 * all on the last page (fillers come first) */
		assert_true(page_lines(L, last_page(L)) >= 9);
		moved += last_page(L) > 0 && page_lines(L, last_page(L)) == 9;
		gpd_layout_free(L);
	}
	assert_true(moved > 0);
	L = mk(&w, 0);
	assert_int_equal(gpd_layout_keep_end(L), GPD_LAYOUT_EINVAL);
	gpd_layout_free(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_big_paragraph),
		cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_missing_glyph),
		cmocka_unit_test(test_replacement_actual_text),
		cmocka_unit_test(test_missing_script_advice),
		cmocka_unit_test(test_emphasis_chain),
		cmocka_unit_test(test_emphasis_sticky),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_astral_titles),
		cmocka_unit_test(test_mark_run),
		cmocka_unit_test(test_forward_anchors),
		cmocka_unit_test(test_unresolved_anchor),
		cmocka_unit_test(test_duplicate_anchor),
		cmocka_unit_test(test_warn_text),
		cmocka_unit_test(test_heading_kept_with_next),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_page_limit),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_table_rows_not_split),
		cmocka_unit_test(test_reuse_previous_save),
		cmocka_unit_test(test_reuse_shared),
		cmocka_unit_test(test_pool_same_bytes),
		cmocka_unit_test(test_pdf_real),
		cmocka_unit_test(test_kept_glyphs_same_bytes),
		cmocka_unit_test(test_hard_break),
		cmocka_unit_test(test_no_break_space),
		cmocka_unit_test(test_line_separators),
		cmocka_unit_test(test_url_break),
		cmocka_unit_test(test_cjk_kinsoku),
		cmocka_unit_test(test_cjk_spaces_and_latin),
		cmocka_unit_test(test_cjk_widest),
		cmocka_unit_test(test_cjk_flags),
		cmocka_unit_test(test_zero_width_space),
		cmocka_unit_test(test_thai_words),
		cmocka_unit_test(test_word_cut_said),
		cmocka_unit_test(test_cut_syllables),
		cmocka_unit_test(test_cut_kinsoku),
		cmocka_unit_test(test_bidi_isolate),
		cmocka_unit_test(test_bidi_embeddings),
		cmocka_unit_test(test_rtl_shown_in_logical_order),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_code_cut),
		cmocka_unit_test(test_list_from_zero),
		cmocka_unit_test(test_widows_orphans),
		cmocka_unit_test(test_mark_stack_room),
		cmocka_unit_test(test_tall_glyph_room),
		cmocka_unit_test(test_head_band),
		cmocka_unit_test(test_no_lone_last_line),
		cmocka_unit_test(test_keep_together),
		cmocka_unit_test(test_run_lang),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
