/* layout_embed.c: the fonts a document shows, subset by HarfBuzz (hb-subset) to the glyphs it shows and written as Type0 fonts with Identity-H over CIDFontType2 (TrueType) or CIDFontType0 (CFF), widths and a ToUnicode map. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include "gpdigest/hash.h"
#include "layout/layout_embed.h"
#include "layout/layout_font.h"
#include "layout/layout_text.h"
#include "layout/layout_flate.h"

/*
 * The content streams show glyph ids (layout_show.c), so a font is a Type0
 * font with the Identity-H encoding over a CIDFontType2 whose CIDs are the
 * glyph ids of the font file: the subset keeps every glyph id where it was
 * (HarfBuzz's retain-gids: the glyphs not shown are empty), so
 * /CIDToGIDMap is /Identity and a page's bytes do not depend on what other
 * pages show, which keeps a page unchanged from one build to the next
 * (layout_reuse.c). A font with CFF outlines (Noto CJK) is a CIDFontType0
 * over its CFF table (FontFile3 /CIDFontType0C, PDF 1.3): a CID-keyed CFF
 * program maps CIDs to its glyphs through its own charset, where the
 * subset keeps each glyph's CID, which is the glyph id shown
 * (layout_cff.c checks that when the font is opened), so the subset packs
 * the glyphs instead of keeping 65,000 empty ones, and the codes are the
 * same. Only fonts something was shown in are written, each
 * with the glyphs shown (hinting and the layout tables dropped: a PDF
 * viewer needs neither). The subset's tag (ABCDEF+) is made from the font
 * and the glyphs it keeps, so the same document gives the same bytes.
 *
 * The objects are numbered after libharu's and appended after its file
 * with the structure tree (layout_tag.c); the one dictionary every page
 * names as its /Font resources is libharu's object, whose entries are
 * written by its write hook when the numbers are known.
 */

#define NOBJ 5 /* per font: Type0, CIDFont, descriptor, font file, ToUnicode */

struct gpd_embed {
	HPDF_Dict res;               /* the pages' /Font resources */
	uint32_t type0[MAX_SLOTS];   /* each font's Type0 object, 0: not written */
	gpd_buf *obj;                /* the objects, whole */
	uint32_t *num;
	size_t nobj, cobj;
};

static struct gpd_embed *embed_of(gpd_layout *L)
{
	if (!L->embed && !(L->embed = calloc(1, sizeof *L->embed)))
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	return L->embed;
}

/* The resources' entries, written by libharu when it writes the dictionary. */
static HPDF_STATUS font_entries(HPDF_Dict dict, HPDF_Stream stream)
{
	gpd_layout *L = dict->attr;
	char entry[64];

	for (int i = 0; i < L->nslots; i++)
		if (L->embed->type0[i]) {
			snprintf(entry, sizeof entry, "/F%d %u 0 R\012", i, (unsigned)L->embed->type0[i]);
			if (HPDF_Stream_WriteStr(stream, entry) != HPDF_OK)
				return HPDF_Error_GetCode(stream->error);
		}
	return HPDF_OK;
}

void gpd__embed_page(gpd_layout *L, HPDF_Page pg)
{
	struct gpd_embed *e = embed_of(L);
	HPDF_Dict res;

	if (!e || L->err)
		return;
	if (!e->res) {
		if (!(e->res = HPDF_Dict_New(L->pdf->mmgr))
		    || HPDF_Xref_Add(L->pdf->xref, e->res) != HPDF_OK) {
			gpd__fail(L, GPD_LAYOUT_EPDF, "cannot make the font resources");
			return;
		}
		e->res->attr = L;
		e->res->write_fn = font_entries;
	}
	res = HPDF_Page_GetInheritableItem(pg, "Resources", HPDF_OCLASS_DICT);
	if (!res || HPDF_Dict_Add(res, "Font", e->res) != HPDF_OK)
		gpd__fail(L, GPD_LAYOUT_EPDF, "cannot give a page its fonts");
	/* /ProcSet is obsolete since PDF 1.4 (ISO 32000-1, 14.2): bytes on
	 * every page */
	else if (HPDF_Dict_GetItem(res, "ProcSet", HPDF_OCLASS_ARRAY))
		HPDF_Dict_RemoveElement(res, "ProcSet");
}

/* ---- one font ----------------------------------------------------------------- */

/* Deflated at a high level: a font file is the largest part of a
 * handout. 0, or -1 when out of memory. */
static int deflate_font(const char *raw, size_t n, unsigned char **z, size_t *zlen)
{
	return gpd__flate(NULL, GPD_FLATE_FONT_LEVEL, raw, n, z, zlen);
}

static gpd_buf *new_obj(gpd_layout *L, uint32_t num)
{
	struct gpd_embed *e = L->embed;

	if (gpd__grow(L, &e->obj, &e->cobj, e->nobj + 1, sizeof *e->obj))
		return NULL;
	e->num = realloc(e->num, e->cobj * sizeof *e->num); /* grows with obj */
	if (!e->num) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return NULL;
	}
	memset(&e->obj[e->nobj], 0, sizeof *e->obj);
	e->num[e->nobj] = num;
	gpd_buf_printf(&e->obj[e->nobj], "%u 0 obj\012", (unsigned)num);
	return &e->obj[e->nobj++];
}

static void end_obj(gpd_buf *b)
{
	gpd_buf_puts(b, "\012endobj\012");
}

static void stream_obj(gpd_layout *L, uint32_t num, const char *dict, const char *data,
	size_t n, int length1)
{
	gpd_buf *b = new_obj(L, num);
	unsigned char *z = NULL;
	size_t zlen = 0;
	int packed;

	if (!b)
		return;
	/* out of memory: the buffer fails, and so does the save (a font
	 * written undeflated would be other bytes than a build writes) */
	if (deflate_font(data, n, &z, &zlen) != 0) {
		b->failed = 1;
		return;
	}
	packed = 1;
	gpd_buf_printf(b, "<<%s /Length %zu", dict, packed ? zlen : n);
	if (length1)
		gpd_buf_printf(b, " /Length1 %zu", n);
	gpd_buf_printf(b, "%s>>\012stream\012", packed ? " /Filter /FlateDecode" : "");
	gpd_buf_append(b, packed ? (const char *)z : data, packed ? zlen : n);
	gpd_buf_puts(b, "\012endstream");
	end_obj(b);
	free(z);
}

/* ABCDEF: six capitals from the font and the glyphs kept. */
static void subset_tag(const fontslot *f, char tag[7])
{
	uint64_t h = gpd_hash(gpd_hash_str(GPD_HASH_INIT, f->path), f->used, f->nglyphs / 8 + 1);

	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
}

/* The PostScript name, letters, digits and hyphens only. */
static void ps_name(const fontslot *f, char *out, size_t n)
{
	char buf[128];
	unsigned len = sizeof buf;
	size_t o = 0;

	if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
	    &len, buf))
		buf[0] = '\0';
	for (const char *p = buf; *p && o + 1 < n; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
		    || *p == '-')
			out[o++] = *p;
	if (o == 0)
		o = (size_t)snprintf(out, n, "Font");
	out[o < n ? o : n - 1] = '\0';
}

static int used(const fontslot *f, unsigned g)
{
	return g == 0 || (f->used[g >> 3] >> (g & 7) & 1);
}

/* The subset: the glyphs shown (and .notdef). A TrueType font keeps them
 * at their own ids and is embedded whole; a CFF font's are packed together
 * (their CIDs, the ids shown, stay in its charset: layout_cff.c) and only
 * its CFF table is embedded. */
static hb_blob_t *subset(gpd_layout *L, const fontslot *f)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	static const hb_tag_t drop[] = { HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
		HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'),
		HB_TAG('M', 'A', 'T', 'H'), HB_TAG('k', 'e', 'r', 'n'), HB_TAG('F', 'F', 'T', 'M'),
		HB_TAG('m', 'o', 'r', 'x'), HB_TAG('k', 'e', 'r', 'x'), HB_TAG('D', 'S', 'I', 'G') };
	hb_face_t *sub;
	hb_blob_t *blob = NULL;

	if (!in) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return NULL;
	}
	for (unsigned g = 0; g < f->nglyphs; g++)
		if (used(f, g))
			hb_set_add(hb_subset_input_glyph_set(in), g);
	hb_set_clear(hb_subset_input_unicode_set(in));
	for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING
		| (f->cff ? 0u : (unsigned)HB_SUBSET_FLAGS_RETAIN_GIDS));
	if ((sub = hb_subset_or_fail(f->face, in)) != NULL) {
		blob = f->cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
			: hb_face_reference_blob(sub);
		hb_face_destroy(sub);
	}
	hb_subset_input_destroy(in);
	if (!blob || hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		gpd__fail(L, GPD_LAYOUT_EPDF, "cannot subset %s", f->path);
		return NULL;
	}
	return blob;
}

static int per_mille(const fontslot *f, long v)
{
	double x = (double)v * 1000.0 / f->upem;

	return (int)(x < 0 ? x - 0.5 : x + 0.5);
}

/* The font's bounding box from its head table. */
static void bbox(const fontslot *f, int box[4])
{
	hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
	unsigned n;
	const unsigned char *d = (const unsigned char *)hb_blob_get_data(head, &n);

	memset(box, 0, 4 * sizeof *box);
	for (int i = 0; d && n >= 44 && i < 4; i++)
		box[i] = per_mille(f, (int16_t)(d[36 + 2 * i] << 8 | d[37 + 2 * i]));
	hb_blob_destroy(head);
}

static void descriptor(gpd_layout *L, int slot, uint32_t num, const char *name)
{
	fontslot *f = &L->slots[slot];
	gpd_buf *b = new_obj(L, num);
	hb_font_extents_t ext;
	hb_position_t cap = 0;
	float angle = hb_style_get_value(f->font, HB_STYLE_TAG_SLANT_ANGLE);
	int box[4], flags = 4;

	if (!b)
		return;
	memset(&ext, 0, sizeof ext);
	hb_font_get_h_extents(f->font, &ext);
	if (!hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap))
		cap = ext.ascender;
	bbox(f, box);
	if (slot == SLOT_MONO)
		flags |= 1;
	if (angle < -0.01f || angle > 0.01f)
		flags |= 64;
	gpd_buf_printf(b, "<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d]"
		" /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile%s %u 0 R>>",
		name, flags, box[0], box[1], box[2], box[3], (int)(angle < 0 ? angle - 0.5f
		: angle + 0.5f), per_mille(f, ext.ascender), per_mille(f, ext.descender),
		per_mille(f, cap), f->cff ? "3" : "2", (unsigned)(num + 1));
	end_obj(b);
}

/* v/1000 as a PDF number: at most three decimals, no trailing zeros. */
static void put_milli(gpd_buf *b, const char *sep, long v)
{
	long a = v < 0 ? -v : v;
	char frac[4];
	int k = 3;

	gpd_buf_printf(b, "%s%s%ld", sep, v < 0 ? "-" : "", a / 1000);
	if (a % 1000 == 0)
		return;
	snprintf(frac, sizeof frac, "%03ld", a % 1000);
	while (frac[k - 1] == '0')
		k--;
	gpd_buf_printf(b, ".%.*s", k, frac);
}

/* /W: the widths of the glyphs kept, runs of consecutive ids together. */
static void widths(gpd_layout *L, int slot, gpd_buf *b)
{
	fontslot *f = &L->slots[slot];

	gpd_buf_puts(b, " /W [");
	for (unsigned g = 0; g < f->nglyphs;) {
		unsigned e = g;

		if (!used(f, g)) {
			g++;
			continue;
		}
		gpd_buf_printf(b, "%u [", g);
		for (; e < f->nglyphs && used(f, e); e++)
			put_milli(b, e > g ? " " : "", gpd__glyph_w(L, slot, e));
		gpd_buf_puts(b, "]");
		g = e;
	}
	gpd_buf_puts(b, "]");
}

/* The ToUnicode CMap: each glyph shown to the text it first stood for. */
static void tounicode(gpd_layout *L, int slot, uint32_t num)
{
	fontslot *f = &L->slots[slot];
	gpd_buf m = {0}, chunk = {0};
	int count = 0;

	gpd_buf_puts(&m, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (unsigned g = 0; g <= f->nglyphs; g++) {
		const char *t = g < f->nglyphs && used(f, g) ? gpd__glyph_text(L, slot, g) : NULL;

		if (t) {
			size_t n = strlen(t), i = 0, a, units = 0;
			gpd_buf_printf(&chunk, "<%04X> <", g);
			while (i < n && units < 60) {
				uint32_t c = gpd__utf8_next((const unsigned char *)t + i, n - i, &a);
				if (c > 0xFFFF) {
					c -= 0x10000;
					gpd_buf_printf(&chunk, "%04X%04X", 0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF));
					units++;
				} else {
					gpd_buf_printf(&chunk, "%04X", c == 0xFFFFFFFFu ? 0xFFFD : c);
				}
				units++;
				i += a;
			}
			gpd_buf_puts(&chunk, ">\n");
			count++;
		}
		if (count && (count == 100 || g == f->nglyphs)) {
			gpd_buf_printf(&m, "%d beginbfchar\n", count);
			gpd_buf_append(&m, chunk.data, chunk.len);
			gpd_buf_puts(&m, "endbfchar\n");
			chunk.len = 0;
			count = 0;
		}
	}
	gpd_buf_puts(&m, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	if (gpd_buf_failed(&m) || gpd_buf_failed(&chunk))
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	else
		stream_obj(L, num, "", m.data, m.len, 0);
	gpd_buf_free(&m);
	gpd_buf_free(&chunk);
}

static void one_font(gpd_layout *L, int slot, uint32_t num)
{
	fontslot *f = &L->slots[slot];
	char tag[7], ps[100], name[120];
	hb_blob_t *file = subset(L, f);
	gpd_buf *b;
	unsigned len;
	const char *data;

	if (!file)
		return;
	subset_tag(f, tag);
	ps_name(f, ps, sizeof ps);
	snprintf(name, sizeof name, "%s+%s", tag, ps);
	if ((b = new_obj(L, num)) != NULL) {
		gpd_buf_printf(b, "<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H"
			" /DescendantFonts [%u 0 R] /ToUnicode %u 0 R>>", name, (unsigned)(num + 1),
			(unsigned)(num + 4));
		end_obj(b);
	}
	if ((b = new_obj(L, num + 1)) != NULL) {
		gpd_buf_printf(b, "<</Type /Font /Subtype /CIDFontType%d /BaseFont /%s"
			" /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>"
			" /FontDescriptor %u 0 R /DW 1000", f->cff ? 0 : 2, name, (unsigned)(num + 2));
		widths(L, slot, b);
		gpd_buf_puts(b, f->cff ? ">>" : " /CIDToGIDMap /Identity>>");
		end_obj(b);
	}
	descriptor(L, slot, num + 2, name);
	data = hb_blob_get_data(file, &len);
	stream_obj(L, num + 3, f->cff ? " /Subtype /CIDFontType0C" : "", data, len, !f->cff);
	hb_blob_destroy(file);
	tounicode(L, slot, num + 4);
}

uint32_t gpd__embed_prepare(gpd_layout *L, uint32_t first)
{
	struct gpd_embed *e = embed_of(L);
	uint32_t n = first;

	if (!e || L->err)
		return 0;
	for (size_t i = 0; i < e->nobj; i++)
		gpd_buf_free(&e->obj[i]);
	e->nobj = 0;
	for (int i = 0; i < L->nslots && !L->err; i++) {
		e->type0[i] = 0;
		if (L->slots[i].state > 0 && L->slots[i].any_used) {
			e->type0[i] = n;
			one_font(L, i, n);
			n += NOBJ;
		}
	}
	for (size_t i = 0; i < e->nobj && !L->err; i++)
		if (gpd_buf_failed(&e->obj[i]))
			gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	return n - first;
}

const gpd_buf *gpd__embed_object(const gpd_layout *L, size_t k, uint32_t *num)
{
	const struct gpd_embed *e = L->embed;

	if (!e || k >= e->nobj)
		return NULL;
	*num = e->num[k];
	return &e->obj[k];
}

void gpd__embed_free(gpd_layout *L)
{
	struct gpd_embed *e = L->embed;

	if (!e)
		return;
	for (size_t i = 0; i < e->nobj; i++)
		gpd_buf_free(&e->obj[i]);
	free(e->obj);
	free(e->num);
	free(e);
	L->embed = NULL;
}
