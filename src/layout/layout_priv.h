/* layout_priv.h: internals shared by layout.c and layout_text.c (not installed). */
#ifndef GPDIGEST_LAYOUT_PRIV_H
#define GPDIGEST_LAYOUT_PRIV_H

#include <stdint.h>

#include <hpdf.h>
#include <zlib.h>

#include "gpdigest/layout.h"
#include "gpdigest/limits.h"

/* The libharu patches: layout_show.c, layout_deflate.c, layout_cmap.c,
 * layout_memops.c and layout_annot.c reach into libharu 2.3.0's private
 * structures and replace some of its functions, for speed (and memory). CMake's GPDIGEST_HPDF_PATCHES (default
 * ON) sets GPD_HPDF_PATCHES; at 0 those files leave everything to
 * libharu's own functions, and the output bytes are the same. CMake checks
 * the version too; this catches a header that changed since. */
#ifndef GPD_HPDF_PATCHES
#define GPD_HPDF_PATCHES 0
#endif
#if GPD_HPDF_PATCHES && !(HPDF_MAJOR_VERSION == 2 && HPDF_MINOR_VERSION == 3 && \
	HPDF_BUGFIX_VERSION == 0)
#error "the libharu patches are written for libharu 2.3.0: configure with -DGPDIGEST_HPDF_PATCHES=OFF"
#endif

/* Font slots: the four faces, monospace and a fallback for symbols. */
enum { SLOT_REG, SLOT_BOLD, SLOT_IT, SLOT_BI, SLOT_MONO, SLOT_FB, NSLOT };

#define ADV_UNKNOWN INT16_MIN /* not measured yet */
#define ADV_MISSING (-1)      /* the font has no glyph */

typedef struct fontslot {
	HPDF_Font font;    /* NULL: slot absent */
	HPDF_FontDef def;
	int16_t *adv;      /* 65536 advances (1/1000 em), filled lazily */
} fontslot;

enum { LINK_NONE, LINK_URI, LINK_ANCHOR };

/* A stretch of clean UTF-8 in one font slot with one link target. */
typedef struct seg {
	size_t off, len;   /* bytes in the block arena */
	int slot;
	int link_kind;
	size_t link_off;   /* NUL-terminated target in the arena */
	int pageref;       /* placeholder for the target anchor's page number */
	float fixed_w;     /* placeholder width */
} seg;

/* A drawable piece of one line: bytes of one seg at x (from line start). */
typedef struct frag {
	size_t seg, off, len;
	float x, w;
} frag;

typedef struct line {
	size_t first, n;
	float w;
} line;

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
	float size;
} block;

typedef struct pageinfo {
	HPDF_Page page;
	int furniture;
	size_t section;    /* offset in L->strs, SIZE_MAX: none */
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
} defer;

typedef struct pending_heading {
	block b;
	float gap, height, pitch, x0;
	size_t mark_end;
	int label;             /* a label: text colour, not heading colour */
} pending_heading;

typedef struct list_state {
	int ordered, counter;
} list_state;

typedef struct quote_state {
	float x, y_top;        /* y_top < 0: nothing placed yet on this page */
	size_t page;
} quote_state;

#define MAX_NEST GPD_MD_MAX_DEPTH /* limits.h: what the renderers let through */
#define MAX_PENDING 8

struct gpd_layout {
	gpd_style st;
	gpd_warn_fn warn;
	void *wctx;
	HPDF_Doc pdf;
	int err;
	char errmsg[200];
	int ref_digits_auto;   /* style.pageref_digits was 0 */
	int finished, saving;

	fontslot slots[NSLOT];
	uint8_t *warned;       /* bitset: codepoints reported missing */
	int warned_utf8;

	pageinfo *pages;
	size_t npages, cpages;
	float y, gap;
	int page_empty;
	HPDF_Font cur_font;    /* text state of the current page */
	float cur_size;
	gpd_rgb cur_color;
	int furniture;
	size_t section, title; /* offsets in strs, SIZE_MAX: none */

	char *strs;
	size_t slen, scap;
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

	pending_heading ph[MAX_PENDING];
	int nph, flushing;

	block blk;             /* scratch for paragraphs */
	block fblk;            /* scratch for furniture */
	block *cells;          /* table cells: 2 * ncols (row + header) */
	size_t ncells;
	char *scratch;
	size_t scratch_cap;

	struct gpd_zpool *zpool; /* pages being deflated (layout_deflate.c) */
	const void *reuse_pdf; /* the previous save, whose page streams may be reused */
	size_t reuse_len, pages_reused;
};

/* layout.c */
int gpd__fail(gpd_layout *L, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void gpd__warn(gpd_layout *L, gpd_layout_warn kind, const char *arg);
int gpd__grow(gpd_layout *L, void *pp, size_t *cap, size_t need, size_t elsz);
size_t gpd__intern(gpd_layout *L, const char *s, size_t n);
anchor_ent *gpd__anchor_find(const gpd_layout *L, const char *id);

/* layout_deflate.c: the zlib libharu loaded (looked up in the process, so
 * it is the very one libharu deflates with), or NULL. */
typedef struct gpd_zlib {
	int (*init)(z_streamp, int, const char *, int);
	int (*deflate)(z_streamp, int);
	int (*reset)(z_streamp);
	int (*end)(z_streamp);
	uLong (*bound)(z_streamp, uLong);
	uLong (*adler32)(uLong, const Bytef *, uInt);
	int (*inflate_init)(z_streamp, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*inflate_end)(z_streamp);
	const char *version;
	int ok;
} gpd_zlib;
const gpd_zlib *gpd__zlib(void);

/* layout_reuse.c: the previous save's deflated page streams, indexed;
 * gpd__reuse_find gives the deflated bytes of content (in chunks) when one
 * of them inflates to exactly it, else NULL. */
typedef struct gpd_reuse gpd_reuse;
gpd_reuse *gpd__reuse_index(const void *pdf, size_t len);
const unsigned char *gpd__reuse_find(const gpd_reuse *r, unsigned char *const *chunks,
	size_t chunk_size, size_t size, size_t *zlen);
void gpd__reuse_free(gpd_reuse *r);

/* layout_deflate.c: deflates the finished pages' content streams in
 * parallel before saving; the saved bytes are unchanged. */
void gpd__deflate_start(gpd_layout *L);             /* threads wait for pages */
void gpd__deflate_page(gpd_layout *L, size_t i);    /* page i is final */
void gpd__deflate_finish(gpd_layout *L);            /* all deflated, swapped in */
void gpd__deflate_fonts(gpd_layout *L);

/* layout_cmap.c: libharu's glyph look-up answered from a table for the
 * fonts registered here (by owner), until forgotten (before HPDF_Free). */
void gpd__cmap_register(const void *owner, HPDF_FontDef def);
void gpd__cmap_forget(const void *owner);
/* For the tests: whether def's look-ups come from a table, and libharu's
 * own answer (its function, not the table). */
int gpd__cmap_registered(HPDF_FontDef def);
HPDF_UINT16 gpd__cmap_libharu(HPDF_FontDef def, HPDF_UINT16 unicode);

/* layout_memops.c: libharu's HPDF_MemCpy and HPDF_MemSet, fast; called
 * once (it does nothing) so that a static link keeps them. */
void gpd__memops_link(void);
/* 1 when the library was built with the libharu patches (the tests ask;
 * they are not compiled with GPD_HPDF_PATCHES). */
int gpd__hpdf_patched(void);

/* layout_annot.c: a finished link annotation keeps its written bytes
 * instead of libharu's objects (the PDF is the same; a patch). */
void gpd__annot_compact(HPDF_Annotation annot);

/* layout_show.c: HPDF_Page_TextOut of n bytes of clean UTF-8 (not in
 * L->scratch, which it uses), the same page bytes in a fraction of the time. */
int gpd__text_out(gpd_layout *L, HPDF_Page pg, float x, float y, const char *s,
	size_t n);

/* layout_text.c */
uint32_t gpd__utf8_next(const unsigned char *s, size_t n, size_t *adv);
int gpd__fonts_load(gpd_layout *L);
void gpd__fonts_free(gpd_layout *L);
/* Before saving: keeps every part of the composite glyphs used. */
void gpd__fonts_close_glyphs(gpd_layout *L);
int gpd__adv(gpd_layout *L, int slot, uint32_t cp);
int gpd__face_slot(const gpd_layout *L, gpd_face face, int bold);
void gpd__block_reset(block *b);
void gpd__block_free(block *b);
int gpd__block_prep(gpd_layout *L, block *b, const gpd_run *runs, size_t n,
	float size, int bold);
int gpd__block_break(gpd_layout *L, block *b, float width);
char *gpd__clean_utf8(gpd_layout *L, const char *s, size_t n, size_t max);

#endif
