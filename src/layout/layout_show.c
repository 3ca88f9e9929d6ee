/* layout_show.c: the text operators of shaped glyphs: the font, then glyph ids in TJ with the shaper's positions, and /ActualText where the glyphs do not extract as their text. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_pages.h>

#include "layout/layout_font.h"
#include "layout/layout_show.h"
#include "layout/layout_text.h"

/*
 * The fonts are Type0 fonts with Identity-H (layout_embed.c): a glyph is
 * shown by its id, two bytes, and the PDF advances by the glyph's width
 * (/W, the font's own advance). The shaper's advances (kerning, a mark
 * with no advance) and offsets (a mark placed on its base) differ from
 * that: the difference goes between the glyphs as TJ numbers, counted
 * against where the PDF's pen really is, so rounding never adds up along
 * a line. A vertical offset is a text rise (Ts) around its glyph.
 *
 * A glyph's ToUnicode is the text it first showed. A cluster whose glyphs
 * do not extract as its text (a Bengali vowel drawn as two glyphs, a glyph
 * met before for other text) is wrapped in a /Span with /ActualText, so
 * copying and pdftotext give the text as written.
 */

typedef struct tj {
	gpd_layout *L;
	HPDF_Page pg;
	int slot;
	size_t n;          /* bytes in L->tjbuf */
	int open, str;     /* inside [ ], inside ( ) */
	double want, have; /* pen: the shaper's and the PDF's, 1/1000 em */
} tj;

static const char HEX[] = "0123456789ABCDEF";

static int put(tj *t, const char *s, size_t n)
{
	gpd_layout *L = t->L;

	if (t->n + n + 1 > L->tjcap && gpd__grow(L, &L->tjbuf, &L->tjcap, t->n + n + 1, 1))
		return -1;
	memcpy(L->tjbuf + t->n, s, n);
	t->n += n;
	return 0;
}

static int puts_(tj *t, const char *s)
{
	return put(t, s, strlen(s));
}

char *gpd__put_int(char *p, long long v)
{
	unsigned long long a = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	char d[20];
	int n = 20;

	do
		d[--n] = (char)('0' + a % 10);
	while ((a /= 10) != 0);
	if (v < 0)
		*p++ = '-';
	memcpy(p, d + n, (size_t)(20 - n));
	return p + (20 - n);
}

/* v in thousandths, written as "%.3f" would round it, when that is
 * certain: every line's place goes through here, and snprintf's exact
 * rounding was a twentieth of laying out. Returns 0 when v is too large,
 * or so near a half-thousandth that only the exact rounding can say. */
static int thousandths(double v, long long *k)
{
	double t = v * 1000.0, r;

	if (!(t > -1e12 && t < 1e12))
		return 0;
	r = (double)llround(t);
	/* t's error is below 1e-3 of a thousandth here: far from a half,
	 * the nearest integer to t is the nearest to v's exact value */
	if (fabs(t - r) > 0.499)
		return 0;
	*k = (long long)r;
	return 1;
}

/* A real as PDF writes it: at most three decimals, no trailing zeros. */
void gpd__pdf_real(char *buf, size_t n, double v)
{
	char *p;
	long long k;

	if (v > -0.0005 && v < 0.0005)
		v = 0;
	/* 32 bytes: room for any value thousandths() takes (|v| < 1e9) */
	if (n >= 32 && thousandths(v, &k)) {
		unsigned long long a = (unsigned long long)(k < 0 ? -k : k);
		int f = (int)(a % 1000);

		if (k < 0)
			*buf++ = '-';
		buf = gpd__put_int(buf, (long long)(a / 1000));
		if (f != 0) {
			char d[3] = { (char)('0' + f / 100), (char)('0' + f / 10 % 10),
				(char)('0' + f % 10) };
			int e = 3;

			while (d[e - 1] == '0')
				e--;
			*buf++ = '.';
			memcpy(buf, d, (size_t)e);
			buf += e;
		}
		*buf = '\0';
		return; /* k < 0 has a digit other than 0: never "-0" */
	}
	snprintf(buf, n, "%.3f", v);
	if ((p = strchr(buf, '.')) != NULL) {
		char *e = p + strlen(p) - 1;
		while (e > p && *e == '0')
			*e-- = '\0';
		if (e == p)
			*e = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

static void flush(tj *t)
{
	HPDF_PageAttr pa = (HPDF_PageAttr)t->pg->attr;

	if (t->n && HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)t->L->tjbuf,
	    (HPDF_UINT)t->n) != HPDF_OK)
		HPDF_CheckError(t->pg->error);
	t->n = 0;
}

static void close_str(tj *t)
{
	if (t->str)
		put(t, ")", 1);
	t->str = 0;
}

static void close_tj(tj *t)
{
	close_str(t);
	if (t->open)
		puts_(t, "] TJ\012");
	t->open = 0;
}

static void open_tj(tj *t)
{
	if (!t->open)
		put(t, "[", 1);
	t->open = 1;
}

/* Moves the PDF's pen to the shaper's (plus dx) before a glyph. */
static void move_to(tj *t, double x)
{
	double d = x - t->have;
	long k = (long)(d < 0 ? d - 0.5 : d + 0.5);
	char num[32];

	if (k == 0)
		return;
	open_tj(t);
	close_str(t);
	put(t, num, (size_t)(gpd__put_int(num, -(long long)k) - num));
	t->have += (double)k;
}

/* One byte of a literal string: the delimiters escaped, and CR and LF,
 * which a reader would fold into one end of line. */
static void put_byte(tj *t, unsigned char c)
{
	char e[2] = { '\\', (char)c };

	if (c == '\\' || c == '(' || c == ')')
		put(t, e, 2);
	else if (c == '\r')
		put(t, "\\r", 2);
	else if (c == '\n')
		put(t, "\\n", 2);
	else
		put(t, (const char *)&c, 1);
}

/* A glyph id, two bytes in a literal string: deflated, a page's text is a
 * twentieth smaller than in hex. */
static void put_gid(tj *t, unsigned gid)
{
	open_tj(t);
	if (!t->str)
		put(t, "(", 1);
	t->str = 1;
	put_byte(t, (unsigned char)(gid >> 8));
	put_byte(t, (unsigned char)gid);
}

static void one_glyph(tj *t, const glyph *g)
{
	fontslot *f = &t->L->slots[t->slot];
	double k = 1000.0 / f->upem, adv = g->adv * 1000.0 / t->L->slots[g->slot].upem;
	const glyph *sp;
	glyph own;

	/* a space of another font (between two words of this one, set in the
	 * face's font): this font's space, over the width the line gave it */
	if (g->slot != t->slot) {
		if (gpd__shape(t->L, t->slot, 0, " ", 1, &sp) != 1)
			return;
		own = *sp;
		own.dx = own.dy = 0;
		g = &own;
		gpd__glyph_use(t->L, t->slot, own.gid, " ", 1);
	}
	char rise[40];

	move_to(t, t->want + g->dx * k);
	if (g->dy) {
		close_tj(t);
		gpd__pdf_real(rise, sizeof rise - 4, g->dy * t->L->cur_size / f->upem);
		puts_(t, rise);
		puts_(t, " Ts\012");
	}
	put_gid(t, g->gid);
	t->have += (double)gpd__glyph_w(t->L, t->slot, g->gid) / 1000.0;
	if (g->dy) {
		close_tj(t);
		puts_(t, "0 Ts\012");
	}
	t->want += adv;
}

/* UTF-16BE hex of n bytes of UTF-8, for /ActualText. */
static void put_utf16(tj *t, const char *s, size_t n)
{
	size_t i = 0, a;

	puts_(t, "<FEFF");
	while (i < n) {
		uint32_t c = gpd__utf8_next((const unsigned char *)s + i, n - i, &a);
		unsigned u[2];
		int k = 1;

		if (c == 0xFFFFFFFFu)
			c = 0xFFFD;
		if (c > 0xFFFF) {
			c -= 0x10000;
			u[0] = 0xD800 | (c >> 10);
			u[1] = 0xDC00 | (c & 0x3FF);
			k = 2;
		} else {
			u[0] = c;
		}
		for (int j = 0; j < k; j++) {
			char h[4] = { HEX[u[j] >> 12], HEX[(u[j] >> 8) & 15],
				HEX[(u[j] >> 4) & 15], HEX[u[j] & 15] };
			put(t, h, 4);
		}
		i += a;
	}
	puts_(t, ">");
}

/* One cluster: its k glyphs, for text (n bytes). */
static void cluster(tj *t, const glyph *g, size_t k, const char *text, size_t n)
{
	int plain = 1;

	for (size_t i = 0; i < k; i++)
		if (g[i].slot == t->slot)
			plain &= gpd__glyph_use(t->L, t->slot, g[i].gid, text, n);
		else /* a space of another font: this one's */
			plain &= n == 1 && text[0] == ' ';
	plain &= k == 1;
	if (!plain) {
		close_tj(t);
		puts_(t, "/Span <</ActualText ");
		put_utf16(t, text, n);
		puts_(t, ">> BDC\012");
	}
	for (size_t i = 0; i < k; i++)
		one_glyph(t, &g[i]);
	if (!plain) {
		close_tj(t);
		puts_(t, "EMC\012");
	}
}

static void start(tj *t, gpd_layout *L, HPDF_Page pg, float x, float y)
{
	char op[100], *p = op + 8;

	memset(t, 0, sizeof *t);
	t->L = L;
	t->pg = pg;
	t->slot = L->cur_slot;
	memcpy(op, "1 0 0 1 ", 8);
	gpd__pdf_real(p, 40, roundf(x * 20.0f) / 20.0f); /* 1/20 pt: a line's place */
	p += strlen(p);
	*p++ = ' ';
	gpd__pdf_real(p, 40, roundf(y * 20.0f) / 20.0f);
	p += strlen(p);
	memcpy(p, " Tm\012", 4);
	put(t, op, (size_t)(p + 4 - op));
}

static int finish(tj *t)
{
	close_tj(t);
	flush(t);
	return t->L->err;
}

void gpd__show_font(gpd_layout *L, HPDF_Page pg, int slot, float size)
{
	HPDF_PageAttr pa = (HPDF_PageAttr)pg->attr;
	char op[80], *p;

	if (slot == L->cur_slot && size == L->cur_size)
		return;
	memcpy(op, "/F", 2);
	p = gpd__put_int(op + 2, slot);
	*p++ = ' ';
	gpd__pdf_real(p, 40, size);
	p += strlen(p);
	memcpy(p, " Tf\012", 5); /* with its terminator */
	if (HPDF_Stream_WriteStr(pa->stream, op) != HPDF_OK)
		HPDF_CheckError(pg->error);
	L->cur_slot = slot;
	L->cur_size = size;
	L->slots[slot].any_used = 1; /* a page names it: it is written */
}

int gpd__text_out(gpd_layout *L, HPDF_Page pg, float x, float y, const char *s,
	size_t n)
{
	const glyph *g;
	long ng;
	tj t;

	if (L->cur_slot < 0)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "text shown before a font was set");
	ng = gpd__shape(L, L->cur_slot, 0, s, n, &g);
	if (ng < 0)
		return L->err;
	start(&t, L, pg, x, y);
	for (long i = 0, j; i < ng; i = j) {
		for (j = i + 1; j < ng && g[j].off == g[i].off; j++)
			;
		cluster(&t, g + i, (size_t)(j - i), s + g[i].off, g[i].clen);
	}
	return finish(&t);
}

int gpd__show_clusters(gpd_layout *L, HPDF_Page pg, const block *b,
	const uint32_t *offs, size_t n, int space, float x, float y)
{
	const glyph *sp;
	size_t next = 0; /* the glyph after the cluster shown last */
	tj t;

	if (L->cur_slot < 0)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "text shown before a font was set");
	start(&t, L, pg, x, y);
	for (size_t i = 0; i < n; i++) {
		size_t g = gpd__glyph_at_hint(b, offs[i], next), j;

		if (g == SIZE_MAX)
			continue;
		for (j = g + 1; j < b->ngl && b->gl[j].off == b->gl[g].off; j++)
			;
		next = j;
		cluster(&t, b->gl + g, j - g, b->arena + offs[i], b->gl[g].clen);
	}
	if (space && gpd__shape(L, t.slot, 0, " ", 1, &sp) == 1)
		cluster(&t, sp, 1, " ", 1);
	return finish(&t);
}
