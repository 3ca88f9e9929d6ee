/* layout_show.c: the text operators of shaped glyphs: the font, then glyph ids in TJ with the shaper's positions, and /ActualText where the glyphs do not extract as their text. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_pages.h>

#include "layout/layout_font.h"
#include "layout/layout_show.h"
#include "layout/layout_tag.h"
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
 * copying and pdftotext give the text as written. So is a cluster with a
 * replacement mark (a character no font has): its /ActualText has the
 * character the mark stands for, which the mark's glyph, shared by all
 * of them, cannot.
 */

typedef struct tj {
	gpd_layout *L;
	HPDF_Page pg;
	int slot;
	size_t n;          /* bytes in L->tjbuf */
	int open, str;     /* inside [ ], inside ( ) */
	double want, have; /* pen: the shaper's and the PDF's, 1/1000 em */
	double k;          /* 1000 / the font's units per em */
	uint32_t reopen;   /* after a cluster of its own: the element whose
	                    * sequence the next content goes in (TAG_NONE: none) */
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

/* One byte of a literal string at p: the delimiters escaped, and CR and
 * LF, which a reader would fold into one end of line. Returns the end. */
static char *lit_byte(char *p, unsigned char c)
{
	if (c == '\\' || c == '(' || c == ')') {
		*p++ = '\\';
		*p++ = (char)c;
	} else if (c == '\r' || c == '\n') {
		*p++ = '\\';
		*p++ = c == '\r' ? 'r' : 'n';
	} else {
		*p++ = (char)c;
	}
	return p;
}

/* A glyph id, two bytes in a literal string: deflated, a page's text is a
 * twentieth smaller than in hex. Written in place (every glyph drawn
 * comes here): at most "(" and two escaped bytes. */
static void put_gid(tj *t, unsigned gid)
{
	gpd_layout *L = t->L;
	char *p;

	open_tj(t);
	if (t->n + 6 > L->tjcap && gpd__grow(L, &L->tjbuf, &L->tjcap, t->n + 6, 1))
		return;
	p = L->tjbuf + t->n;
	if (!t->str)
		*p++ = '(';
	t->str = 1;
	p = lit_byte(p, (unsigned char)(gid >> 8));
	p = lit_byte(p, (unsigned char)gid);
	t->n = (size_t)(p - L->tjbuf);
}

static void one_glyph(tj *t, const glyph *g)
{
	fontslot *f = &t->L->slots[t->slot];
	double adv = g->adv * 1000.0 / t->L->slots[g->slot].upem;
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

	move_to(t, t->want + g->dx * t->k);
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

/* UTF-16BE hex of n bytes of UTF-8, for /ActualText; the nr replacement
 * marks at rp (by arena offset, s's first byte at off) as the characters
 * they stand for. */
static void put_utf16(tj *t, const char *s, size_t n, const replaced *rp, size_t nr,
	size_t off)
{
	size_t i = 0, a, r = 0;

	puts_(t, "<FEFF");
	while (i < n) {
		uint32_t c = gpd__utf8_next((const unsigned char *)s + i, n - i, &a);
		unsigned u[2];
		int k = 1;

		if (c == 0xFFFFFFFFu)
			c = 0xFFFD;
		if (r < nr && rp[r].off == off + i)
			c = rp[r++].cp;
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

/* What a cluster's k glyphs (k > 1) stand for in the ToUnicode map, which
 * readers that skip the cluster's /ActualText read (poppler's structure
 * text, pdf.js): a glyph that is the font's own glyph for one of the
 * cluster's characters stands for that character (মা is ম and া, where the
 * whole cluster for each glyph read মামা), and the first of the others
 * (a conjunct, a part of a split vowel) for the characters no glyph took,
 * in their order. A glyph keeps what it stood for first. */
static void own_texts(tj *t, const glyph *g, size_t k, const char *text, size_t n)
{
	gpd_layout *L = t->L;
	uint64_t taken = 0; /* of the cluster's first 64 characters */
	size_t rest = SIZE_MAX, i, off, a, c;
	char left[256];
	size_t nl = 0;

	for (i = 0; i < k; i++) {
		if (g[i].slot != t->slot)
			continue;
		for (off = 0, c = 0; off < n && c < 64; off += a, c++) {
			uint32_t cp = gpd__utf8_next((const unsigned char *)text + off, n - off, &a);

			if (cp != 0xFFFFFFFFu && !(taken >> c & 1) && gpd__gid(L, t->slot, cp) == g[i].gid)
				break;
		}
		if (off < n && c < 64) {
			taken |= (uint64_t)1 << c;
			gpd__glyph_use(L, t->slot, g[i].gid, text + off, a);
		} else if (rest == SIZE_MAX) {
			rest = i;
		} else {
			gpd__glyph_use(L, t->slot, g[i].gid, text, 0); /* shown, in the subset */
		}
	}
	if (rest == SIZE_MAX)
		return;
	for (off = 0, c = 0; off < n; off += a, c++) {
		gpd__utf8_next((const unsigned char *)text + off, n - off, &a);
		if (c < 64 && (taken >> c & 1))
			continue;
		if (nl + a > sizeof left)
			break;
		memcpy(left + nl, text + off, a);
		nl += a;
	}
	if (off < n) /* too long to gather: the whole cluster, as before */
		gpd__glyph_use(L, t->slot, g[rest].gid, text, n);
	else
		gpd__glyph_use(L, t->slot, g[rest].gid, left, nl);
}

/* One cluster: its k glyphs, for text (n bytes, at arena offset off);
 * rp: the nr replacement marks among them. */
static void cluster(tj *t, const glyph *g, size_t k, const char *text, size_t n,
	const replaced *rp, size_t nr, size_t off)
{
	int plain = nr == 0 && k == 1;

	if (k > 1)
		own_texts(t, g, k, text, n);
	else if (k == 1 && g[0].slot == t->slot)
		plain &= gpd__glyph_use(t->L, t->slot, g[0].gid, text, n);
	else if (k == 1) /* a space of another font: this one's */
		plain &= n == 1 && text[0] == ' ';
	if (!plain) {
		uint32_t mcid = 0;
		char num[24];

		close_tj(t);
		flush(t); /* the tags write to the page's stream */
		t->reopen = gpd__mc_cluster_begin(t->L, t->pg, t->reopen, &mcid);
		puts_(t, "/Span <<");
		if (t->reopen != TAG_NONE) {
			puts_(t, "/MCID ");
			put(t, num, (size_t)(gpd__put_int(num, mcid) - num));
			puts_(t, " ");
		}
		puts_(t, "/ActualText ");
		put_utf16(t, text, n, rp, nr, off);
		puts_(t, ">> BDC\012");
	} else if (t->reopen != TAG_NONE) {
		close_tj(t);
		flush(t);
		gpd__mc_cluster_end(t->L, t->pg, t->reopen);
		t->reopen = TAG_NONE;
	}
	for (size_t i = 0; i < k; i++)
		one_glyph(t, &g[i]);
	if (!plain) {
		close_tj(t);
		puts_(t, "EMC\012");
	}
}

/* A real that is a whole number of 1/20 pt, as the page writes it. */
static char *put_20ths(char *p, long v)
{
	gpd__pdf_real(p, 40, (double)v / 20.0);
	return p + strlen(p);
}

/* The line's start, to 1/20 pt: after another in the same text object,
 * moved to from that one's ("dx dy Td", which a line under the last
 * makes "0 -14 Td"); otherwise placed ("1 0 0 1 x y Tm"). */
static void start(tj *t, gpd_layout *L, HPDF_Page pg, float x, float y)
{
	HPDF_Stream s = ((HPDF_PageAttr)pg->attr)->stream;
	long X = lroundf(x * 20.0f), Y = lroundf(y * 20.0f);
	char op[100], *p = op;

	memset(t, 0, sizeof *t);
	t->L = L;
	t->pg = pg;
	t->slot = L->cur_slot;
	t->k = 1000.0 / L->slots[t->slot].upem;
	if (L->bt_stream == s && s) {
		p = put_20ths(p, X - L->tm_x);
		*p++ = ' ';
		p = put_20ths(p, Y - L->tm_y);
		memcpy(p, " Td\012", 4);
	} else {
		memcpy(op, "1 0 0 1 ", 8);
		p = put_20ths(op + 8, X);
		*p++ = ' ';
		p = put_20ths(p, Y);
		memcpy(p, " Tm\012", 4);
	}
	put(t, op, (size_t)(p + 4 - op));
	L->bt_stream = s;
	L->tm_x = X;
	L->tm_y = Y;
}

/* Takes the last n bytes back out of a memory stream, across its pieces;
 * 0, or -1 when it holds fewer. */
static int unwrite(HPDF_Stream s, HPDF_UINT n)
{
	HPDF_MemStreamAttr m = (HPDF_MemStreamAttr)s->attr;

	if (s->type != HPDF_STREAM_MEMORY || s->size < n)
		return -1;
	while (n) {
		HPDF_UINT k = m->w_pos < n ? m->w_pos : n;

		m->w_pos -= k;
		m->w_ptr -= k;
		s->size -= k;
		n -= k;
		if (n == 0 || m->w_pos > 0)
			continue;
		/* the piece is empty and more is to go: back into the last one */
		if (m->buf->count < 2)
			return -1;
		HPDF_FreeMem(s->mmgr, HPDF_List_RemoveByIndex(m->buf, m->buf->count - 1));
		m->w_ptr = (HPDF_BYTE *)HPDF_List_ItemAt(m->buf, m->buf->count - 1) + m->buf_siz;
		m->w_pos = m->buf_siz;
	}
	return 0;
}

/* Do the stream's last bytes read "ET\n"? (A check of the bytes, not
 * only of the stream and its length: a stream freed and another made in
 * its place could have both.) */
static int ends_in_et(HPDF_Stream s)
{
	HPDF_MemStreamAttr m = (HPDF_MemStreamAttr)s->attr;
	HPDF_UINT pos = m->w_pos;
	HPDF_UINT idx = m->buf->count;
	static const char et[3] = "ET\n";

	if (s->type != HPDF_STREAM_MEMORY || idx == 0)
		return 0;
	idx--;
	for (int i = 2; i >= 0; i--) {
		while (pos == 0) {
			if (idx == 0)
				return 0;
			idx--;
			pos = m->buf_siz;
		}
		if (((const HPDF_BYTE *)HPDF_List_ItemAt(m->buf, idx))[--pos] != (HPDF_BYTE)et[i])
			return 0;
	}
	return 1;
}

void gpd__text_begin(gpd_layout *L, HPDF_Page pg)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;

	L->bt_stream = NULL;
	/* the last text object ended right here: it goes on, and the next
	 * line moves from that one's start (three bytes of "ET\n" and a
	 * dozen of "BT" and a matrix fewer a line, before deflating) */
	if (L->et_stream == a->stream && a->stream->size == L->et_size &&
	    a->gmode == HPDF_GMODE_PAGE_DESCRIPTION && ends_in_et(a->stream) &&
	    unwrite(a->stream, 3) == 0) {
		a->gmode = HPDF_GMODE_TEXT_OBJECT;
		L->bt_stream = a->stream;
		L->tm_x = L->et_x;
		L->tm_y = L->et_y;
	} else {
		HPDF_Page_BeginText(pg);
	}
	L->et_stream = NULL;
}

void gpd__text_end(gpd_layout *L, HPDF_Page pg)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	int known = L->bt_stream == a->stream;

	HPDF_Page_EndText(pg);
	L->bt_stream = NULL;
	L->et_stream = known ? a->stream : NULL;
	L->et_size = a->stream->size;
	L->et_x = L->tm_x;
	L->et_y = L->tm_y;
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
		cluster(&t, g + i, (size_t)(j - i), s + g[i].off, g[i].clen, NULL, 0, 0);
	}
	return finish(&t);
}

/* Whether a cluster's k glyphs take no room: an invisible one a font
 * leaves where a ligature took its letter (DejaVu Sans's lam-alef: the
 * ligature for the lam, an empty glyph for the alef). */
static int no_advance(const glyph *g, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (g[i].adv != 0)
			return 0;
	return 1;
}

int gpd__show_clusters(gpd_layout *L, HPDF_Page pg, const block *b,
	const uint32_t *offs, size_t n, int space, float x, float y)
{
	return gpd__show_placed(L, pg, b, offs, NULL, n, space, x, y);
}

int gpd__show_placed(gpd_layout *L, HPDF_Page pg, const block *b,
	const uint32_t *offs, const float *xs, size_t n, int space, float x, float y)
{
	const glyph *sp;
	size_t next = 0; /* the glyph after the cluster shown last */
	tj t;

	if (L->cur_slot < 0)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "text shown before a font was set");
	start(&t, L, pg, x, y);
	for (size_t i = 0; i < n; i++) {
		size_t g = gpd__glyph_at_hint(b, offs[i], next), j, nr = 0;
		const replaced *rp = NULL;

		if (g == SIZE_MAX)
			continue;
		for (j = g + 1; j < b->ngl && b->gl[j].off == b->gl[g].off; j++)
			;
		/* the shaper's pen where the cluster is drawn: TJ's numbers
		 * move the PDF's there, back to the left as well. An empty
		 * cluster stays at the pen: put back on the left edge of the
		 * ligature before it, pdftotext took it for a duplicate there
		 * and tore the word apart. */
		if (xs && !(i > 0 && no_advance(b->gl + g, j - g)))
			t.want = ((double)xs[i] - L->tm_x / 20.0) * 1000.0 / L->cur_size;
		next = j;
		if (b->nrepl)
			rp = gpd__block_replaced(b, offs[i], b->gl[g].clen, &nr);
		cluster(&t, b->gl + g, j - g, b->arena + offs[i], b->gl[g].clen, rp, nr, offs[i]);
	}
	if (space && gpd__shape(L, t.slot, 0, " ", 1, &sp) == 1)
		cluster(&t, sp, 1, " ", 1, NULL, 0, 0);
	return finish(&t);
}
