/* layout_priv.h: the layout engine's shared state (struct gpd_layout) and its bottom layer, layout_base.c (not installed). */
#ifndef GPDIGEST_LAYOUT_PRIV_H
#define GPDIGEST_LAYOUT_PRIV_H

/*
 * The engine's files, each calling only the ones listed before it and
 * including only their headers (tests/cli/layers.sh checks that no calls
 * or includes between files go round in a circle):
 *   layout_base.c    errors, warnings, arrays, string pool, anchor table
 *   layout_memops.c, layout_annot.c   libharu patches (layout_hpdf.h)
 *   layout_font.c    font faces (HarfBuzz): coverage, metrics, shaping, glyphs used (layout_font.h)
 *   layout_lb.c      where lines may break besides spaces: UAX #14, Thai words (layout_lb.h)
 *   layout_text.c    UTF-8, blocks, bidi, line breaking on shaped clusters (layout_text.h)
 *   layout_show.c    the text operators of shaped glyphs (layout_show.h)
 *   layout_flate.c   deflating and inflating with libdeflate (layout_flate.h)
 *   layout_embed.c   the fonts subset (hb-subset) and written as PDF objects (layout_embed.h)
 *   layout_tag.c     structure elements, marked content, the tree after libharu's objects (layout_tag.h)
 *   layout_reuse.c   the previous save's page streams (layout_reuse.h)
 *   layout_deflate.c page content streams deflated before saving (layout_deflate.h)
 *   layout_defer.c   links and page numbers resolved at the end (layout_defer.h)
 *   layout_page.c    pages, geometry, drawing a line, vertical placement (layout_page.h)
 *   layout_flow.c    blocks held back, then placed with good page breaks (layout_flow.h)
 *   layout_block.c, layout_table.c, layout_save.c, layout.c   the public API (gpdigest/layout.h)
 */

#include <math.h>
#include <stdint.h>
#include <string.h> /* memcpy: gpd__put_int */

#include <hpdf.h>

#include "gpdigest/layout.h"
#include "gpdigest/limits.h"

/* Font slots: the four faces, monospace, the general fallback (symbols),
 * then the fallback chains' fonts (style.fallback_chain), each file once. */
enum { SLOT_REG, SLOT_BOLD, SLOT_IT, SLOT_BI, SLOT_MONO, SLOT_FB, NFIXED };
#define NFACE 5        /* faces with a chain: SLOT_REG .. SLOT_MONO */
#define MAX_SLOTS 48   /* fonts one layout may load */
#define MAX_CHAIN MAX_SLOTS /* fonts tried for one face, itself first: each once */

#define ADV_UNKNOWN INT16_MIN /* not measured yet */
#define ADV_MISSING (-1)      /* the font has no glyph */
#define GID_UNKNOWN 0xFFFFu   /* not looked up yet (no font has 65,536 glyphs) */
#define INK_UNKNOWN INT16_MIN /* a glyph's ink not measured yet */

struct hb_font_t;
struct hb_face_t;
struct hb_blob_t;

typedef struct fontslot {
	char *path;        /* NULL: slot absent */
	int state;         /* 0 not opened, 1 open, -1 cannot be used */
	struct hb_blob_t *blob;
	struct hb_face_t *face;
	struct hb_font_t *font;
	unsigned upem, nglyphs;
	int16_t *adv;      /* BMP nominal advances (1/1000 em), filled lazily */
	uint16_t *gidc;    /* BMP nominal glyph ids, filled lazily (GID_UNKNOWN: not asked) */
	uint8_t *used;     /* bitset: glyphs shown (what the subset keeps) */
	size_t *uni;       /* per glyph: its ToUnicode text in L->strs + 1, 0: none */
	int32_t *gw;       /* per glyph: gpd__glyph_w's answer, -1 until asked */
	int16_t (*ink)[2]; /* per glyph: gpd__glyph_ink's top and bottom, INK_UNKNOWN
	                    * until asked; NULL until a first is */
	int any_used;
	int cff;           /* CFF outlines (CID-keyed, CID = glyph id), else TrueType */
	uint8_t style;     /* GPD__BOLD, GPD__ITALIC: the font's weight and slant */
} fontslot;

/* One glyph of shaped text: font units of its slot; the cluster it
 * belongs to by byte offset and length (off, clen: a longer cluster is cut
 * short) in the text shaped; GLYPH_* flags. 16 bytes: a block being broken
 * into lines holds one a character; a held block only those of the line
 * drawn. */
enum {
	GLYPH_RTL = 1,    /* shaped right to left */
	GLYPH_UNSAFE = 2, /* HarfBuzz's HB_GLYPH_FLAG_UNSAFE_TO_BREAK: the text cut
	                   * before its cluster and shaped in two would not give
	                   * these glyphs (a conjunct, a joined letter; kerning too) */
	GLYPH_TALL = 4    /* its ink, where the shaper put it, reaches past the
	                   * smallest line box (gpd__least_box): a stack of marks,
	                   * a Tibetan stack; its lines' ink is measured */
};
typedef struct glyph {
	uint32_t off;
	uint16_t gid;
	uint8_t slot, flags;
	int16_t adv, dx, dy;
	uint16_t clen;
} glyph;

enum { LINK_NONE, LINK_URI, LINK_ANCHOR };

/* A stretch of clean UTF-8 in one font slot with one link target. */
typedef struct seg {
	size_t off, len;   /* bytes in the block arena */
	int slot;
	int link_kind;
	size_t link_off;   /* NUL-terminated target in the arena */
	int pageref;       /* placeholder for the target anchor's page number */
	int nobreak;       /* its spaces are no-break spaces */
	float fixed_w;     /* placeholder width */
	uint32_t tag;      /* its Link or Span structure element once drawn (layout_tag.c); 0: none */
	uint8_t lang;      /* its run's language (gpd_run.lang) as the tags keep
	                    * it (gpd__lang_id); 0: its block's */
} seg;

/* A drawable piece of one line: bytes of one seg at x (from line start). */
typedef struct frag {
	size_t seg, off, len;
	float x, w;
} frag;

/* A bidi control (the isolates U+2066 to U+2069, the embeddings and
 * overrides U+202A to U+202E, the marks U+200E, U+200F, U+061C) met in a
 * block's text: kept out of the arena (nothing to shape, draw or
 * extract), given to the bidi pass where it stood, before the character
 * at arena offset off. */
typedef struct isomark {
	size_t off;
	uint32_t cp;
} isomark;

typedef struct line {
	size_t first, n;
	float w;
	int cont;          /* preformatted: continues the line above */
	float ink_up, ink_down; /* how high above its baseline and how deep
	                    * below its glyphs' ink reaches (points; 0 in a
	                    * block without a GLYPH_TALL glyph): gpd__line_room
	                    * makes room for what passes its box */
} line;

/* A character of the text that no font has, printed as a replacement
 * mark: where the mark is in the arena, and the character it stands for
 * (what copying the text gives, layout_show.c). */
typedef struct replaced {
	uint32_t off;
	uint32_t cp;
} replaced;

/* Text of one block, prepared (segs) and broken into lines (frags). */
typedef struct block {
	char *arena;
	size_t alen, acap;
	seg *segs;
	size_t nsegs, csegs;
	frag *frags;
	size_t nfrags, cfrags;
	line *lines;
	size_t nlines, clines;
	frag *word;        /* parts of the word being broken */
	size_t nword, cword;
	frag *cut;         /* characters of a word wider than the line */
	size_t ncut, ccut;
	float size;
	glyph *gl;         /* the text shaped, clusters in logical order (their */
	size_t ngl, cgl;   /* offsets increase: gpd__glyph_at finds one) */
	size_t glo, ghi;   /* the arena bytes gl covers, [glo, ghi): all of them
	                    * once prepared, one line's once held (layout_text.h) */
	int long_word;     /* a word too long to be shaped again cheaply */
	int tall;          /* a GLYPH_TALL glyph is among its glyphs: its lines'
	                    * ink is measured (line's ink_up, ink_down) */
	int rtl;           /* some text is right to left (bidi applies) */
	int base_rtl;      /* the paragraph's direction (UBA P2, P3) */
	float width;       /* the measure it was broken to (gpd__block_break) */
	uint8_t *lvl;      /* per arena byte of text: its embedding level */
	size_t clvl;
	isomark *iso;      /* the text's isolate controls, in order */
	size_t niso, ciso;
	replaced *repl;    /* the replacement marks, by offset */
	size_t nrepl, crepl;
	int ascii;         /* the text is ASCII only: 1; not: 0; not yet known:
	                    * -1 (gpd__line_actual) */
	int lb_want;       /* has text written without spaces between words
	                    * (gpd__lb_wanted), or a zero width space */
	int lb_on;         /* lbf holds this text's breaks (layout_lb.c) */
	uint8_t *lbf;      /* per arena byte: LB_* flags (layout_lb.h) */
	size_t clbf;
	size_t *zw;        /* where a zero width space stood (dropped from the */
	size_t nzw, czw;   /* arena): the offset of the character after it */
	uint8_t run_lang;  /* the language of the run being prepared (seg.lang) */
} block;

typedef struct pageinfo {
	HPDF_Page page;    /* NULL once gpd_layout_take_mem freed it */
	uint32_t obj;      /* its object number, which outlives it */
	int furniture;
	size_t section;    /* offset in L->strs, SIZE_MAX: none */
	unsigned numbers;  /* page numbers drawn on it when finishing (layout_defer.c) */
	unsigned handed;   /* its content streams handed to the deflaters so far */
} pageinfo;

typedef struct anchor_ent {
	size_t key;        /* offset in L->strs, SIZE_MAX: empty slot */
	int page;          /* 0-based page, -1 until placed */
	float y;
} anchor_ent;

enum { MARK_ANCHOR, MARK_OUTLINE };
typedef struct mark {
	int kind;
	size_t idx;        /* anchor slot or outline index */
} mark;

enum { DEF_LINK, DEF_NUM_LEFT, DEF_NUM_RIGHT };
typedef struct defer {
	int kind;
	size_t page, anchor;   /* anchor: offset in L->strs */
	float x0, y0, x1, y1;  /* link rect; numbers: x0 and baseline y0 */
	int slot;
	float size;
	gpd_rgb color;
	uint32_t tag, mcid;    /* the Link element; a number's marked-content id */
} defer;

/* A block held back until what follows it is known (layout_flow.c):
 * prepared and broken into lines, drawn when its page is decided. */
enum { HELD_TEXT, HELD_CODE, HELD_TOC };
typedef struct held {
	block b;
	int kind;
	uint32_t tag;           /* its structure element (layout_tag.c) */
	uint32_t marker_tag;    /* its marker's Lbl element, TAG_NONE if none */
	int keep_next;         /* a heading or label: on the page of what follows */
	int split;             /* may break across pages (widows and orphans apply) */
	unsigned group;        /* keep-together group, 0: none */
	int gfits;             /* its group fits on a page (set when planning) */
	float gap, pitch, x0;
	const gpd_rgb *col;    /* in L->st */
	size_t mark_end;       /* marks placed before it */
	int nquotes;           /* quotes open around it */
	char marker[16];       /* list or tick marker for its first line, "" if none */
	int marker_slot;
	float marker_right;
	float mirror;          /* how far a right-to-left block in a list is set
	                        * left of the list's measure: indented from the right */
	size_t anchor;         /* HELD_TOC: the entry's target, offset in L->strs */
	int toc_slot;          /* HELD_TOC: face of the page number */
	float right, numw;     /* HELD_TOC: right edge, page number room */
	float cont;            /* HELD_CODE: how far a wrapped line's rest is set in */
} held;

typedef struct list_state {
	int ordered, counter;
} list_state;

typedef struct quote_state {
	float x, y_top;        /* x < 0: no rule; y_top < 0: nothing placed yet on this page */
	size_t page;
} quote_state;

#define MAX_NEST GPD_MD_MAX_DEPTH /* limits.h: what the renderers let through */
/* Blocks held at most: past this many (a run of headings, a long kept
 * group) the oldest are placed, so holding never costs more than linear
 * time. */
#define MAX_HELD 48
/* A held block of at most this many bytes of text keeps its glyphs (16
 * bytes a character: at most 6 MB for MAX_HELD of them) rather than
 * shaping each line again when it is drawn; a longer one lets them go. */
#define HELD_KEEPS_GLYPHS 8192
/* Page content streams handed to the pool and not yet deflated, at most
 * (about 12 KB each: 75 MB): past it the laying-out thread deflates too
 * (layout_deflate.c). More let the layout run ahead while other work
 * holds the cores, and cost memory. */
#define MAX_PENDING 6144
/* The same when a previous save is offered (a rebuild): its pages cost an
 * inflate, a fifth of a deflate, when the layout takes its turn, and the
 * previous file is held beside them. */
#define MAX_PENDING_REUSE 1024

/* The languages of parts a document may name: an element keeps one byte
 * for its language (gpd__lang_id). */
#define GPD__LANGS 255

struct gpd_layout {
	gpd_style st;
	gpd_warn_fn warn;
	void *wctx;
	HPDF_Doc pdf;
	int err;
	char errmsg[200];
	int ref_digits_auto;   /* style.pageref_digits was 0 */
	int finished, saving;
	int taken;             /* gpd_layout_take_mem freed libharu's document */

	fontslot slots[MAX_SLOTS];
	int nslots;
	int chain[NFACE][MAX_CHAIN]; /* slots tried for each face, in order */
	int nchain[NFACE];
	int sticky[NFACE];     /* the fallback the face's last word took, 0: none */
	struct gpd_shape_cache *shapes; /* shaped words by slot and text (layout_font.c) */
	float tall_up, tall_down; /* the smallest line box, in em (gpd__least_box):
	                       * ink past it makes a glyph GLYPH_TALL */
	struct gpd_embed *embed;  /* the fonts as PDF objects (layout_embed.c) */
	uint8_t *warned;       /* bitset: codepoints reported missing in this block */
	uint32_t *warned_cp;   /* and the same as a list, to clear the bits */
	size_t nwarned, cwarned;
	uint64_t warned_script; /* scripts reported missing in this block */
	uint64_t warned_style[3]; /* scripts reported without bold, italic, both,
	                          * in this block */
	int warned_utf8;       /* invalid UTF-8 reported in this block */
	int warned_marks;      /* a run of too many marks reported in this block */
	uint64_t warned_cut;   /* scripts reported broken inside a word in this block */
	struct _ThBrk *thbrk;  /* Thai's word dictionary (layout_lb.c), opened */
	int thbrk_state;       /* at the first Thai text: 0 not yet, 1 open, -1 missing */

	pageinfo *pages;
	size_t npages, cpages;
	float y, gap;
	int page_empty;
	int cur_slot;          /* text state of the current page, -1: none */
	float cur_size;
	/* Text objects (layout_show.c): the stream whose open BT..ET knows where
	 * its line starts (tm_x, tm_y in 1/20 pt), and the stream, length and
	 * line start of the last ET, which a BT right after it takes back */
	HPDF_Stream bt_stream, et_stream;
	HPDF_UINT32 et_size;
	long tm_x, tm_y, et_x, et_y;
	gpd_rgb cur_color;
	int furniture;
	size_t section, title; /* offsets in strs, SIZE_MAX: none */

	char *strs;
	size_t slen, scap;
	size_t langs[GPD__LANGS]; /* the languages of parts, in strs (gpd__lang_id) */
	unsigned nlangs;
	anchor_ent *atab;
	size_t acap, acount;
	mark *marks;
	size_t nmarks, cmarks, marks_done, mark_limit;
	HPDF_Outline *outl;
	size_t noutl, coutl;
	defer *defs;
	size_t ndefs, cdefs;
	size_t nlinks;      /* links placed (annotated or deferred), for GPD_MAX_PDF_LINKS */

	float indent_l, indent_r;
	list_state lists[MAX_NEST];
	int nlists;
	quote_state quotes[MAX_NEST];
	int nquotes;
	char marker[16];       /* pending list/tick marker, "" if none */
	int marker_slot;
	float marker_right;

	held *hq;              /* held blocks, oldest first (layout_flow.c); */
	size_t nhq, chq;       /* slots past nhq keep their buffers for reuse */
	struct plan_line *plan;/* their lines, while placing them */
	size_t cplan;
	int flushing;          /* placing held blocks */
	size_t keep_glyphs;    /* HELD_KEEPS_GLYPHS (a test sets others) */
	size_t max_pending;    /* MAX_PENDING (likewise) */
	size_t max_pending_reuse; /* MAX_PENDING_REUSE (likewise) */
	unsigned group, groups;/* open keep-together group (0: none), last id */
	int keep_depth;

	block blk;             /* scratch for paragraphs */
	block fblk;            /* scratch for furniture */
	block *cells;          /* table cells: 2 * ncols (row + header) */
	size_t ncells;
	char *scratch;
	size_t scratch_cap;
	char *tjbuf;           /* text operators being written (layout_show.c) */
	size_t tjcap;
	uint32_t *order;       /* a line's clusters in visual order (layout_page.c) */
	size_t corder;
	float *ox;             /* and where each is drawn */
	size_t cox;

	gpd_pool *pool;          /* workers for deflating pages; may be NULL */
	struct gpd_tags *tags;   /* the logical structure (layout_tag.c) */
	size_t lang;             /* the document's language, in strs */

	struct gpd_zpool *zpool; /* pages being deflated (layout_deflate.c) */
	size_t early;            /* the first page not yet offered to it while laying out */
	const void *reuse_pdf; /* the previous save, whose page streams may be reused */
	void *reuse_owned;     /* the same, when ours to free (once deflated, layout_deflate.c) */
	size_t reuse_len, pages_reused;
	const struct gpd_layout_pages *shared; /* another document's pages, borrowed */
	struct gpd_reuse *tree_reuse; /* its object streams (layout_reuse.c), until the save */
	size_t trees_reused;   /* object streams taken from it by the last save */
};

#define GPD__EPS 0.01f /* points: what placement treats as "fits" */

/* Before the rest of a wrapped line of code: U+21AA, a hooked arrow. */
#define CONT_MARK "\xE2\x86\xAA"
#define CONT_MARK_CP 0x21AA

/* A libharu object's number (its header keeps flags in the high bits). */
static inline uint32_t gpd__obj_num(const void *o)
{
	return ((const HPDF_Obj_Header *)o)->obj_id & 0x00FFFFFFu;
}

/* The guard of every public entry that adds to the document. */
#define GPD__CHECK(L) do { \
	if (!(L)) return GPD_LAYOUT_EINVAL; \
	if ((L)->err) return (L)->err; \
	if ((L)->finished) \
		return gpd__fail((L), GPD_LAYOUT_EINVAL, "document already saved"); \
} while (0)

/* layout_base.c: the bottom of the engine, called by every file above. */
int gpd__fail(gpd_layout *L, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void gpd__warn(gpd_layout *L, gpd_layout_warn kind, const char *arg);
int gpd__grow_to(gpd_layout *L, void *pp, size_t *cap, size_t need, size_t elsz);
/* *pp (an array of *cap elements of elsz bytes) holds at least need
 * elements (doubling it), or fails the layout. Inline: most calls find
 * room, some once per character. */
static inline int gpd__grow(gpd_layout *L, void *pp, size_t *cap, size_t need, size_t elsz)
{
	return need <= *cap ? 0 : gpd__grow_to(L, pp, cap, need, elsz);
}
/* The decimal digits of v (with a '-' when negative) at p, without a
 * terminator (at most 20 bytes); returns their end. A page's operators
 * are mostly numbers, and snprintf cost a line's worth of work per
 * number; the text operators (layout_show.c) and the marked content's
 * MCIDs (layout_tag.c) write them. */
static inline char *gpd__put_int(char *p, long long v)
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
size_t gpd__intern(gpd_layout *L, const char *s, size_t n);
/* A language of parts (a group's, gpd_layout_struct_lang; a run's,
 * gpd_run.lang) as an element keeps it (1 + its index in L->langs), added
 * when new; 0 with L->err set when there are too many or out of memory. */
uint8_t gpd__lang_id(gpd_layout *L, const char *lang);
anchor_ent *gpd__anchor_find(const gpd_layout *L, const char *id);
/* Adds id, placed on page (-1: not yet; -2: known to be missing). */
anchor_ent *gpd__anchor_add(gpd_layout *L, const char *id, int page);

/* A position libharu writes (a link's rectangle, a destination's top) to
 * 1/2 pt: exact in binary, it prints with at most one decimal instead of
 * libharu's five digits of float noise, which deflate cannot squeeze; a
 * click area or a view's top needs no finer. */
static inline float gpd__pt_half(float v)
{
	return roundf(v * 2.0f) / 2.0f;
}

#endif
