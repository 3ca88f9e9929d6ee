/* layout_cmap.c: a table for libharu's glyph look-up, the same answers without its linear search. */
#define _GNU_SOURCE /* RTLD_NEXT */

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>

#include "layout/layout_hpdf.h"

/*
 * libharu maps a character to a glyph with HPDF_TTFontDef_GetGlyphid, which
 * walks a TrueType cmap's segments one by one. It calls it 65536 times
 * for each UTF-8 font a document gets (to build the font's widths and
 * CIDToGIDMap), and once per character it measures or shows, so for a
 * build of many editions it is a good part of each one's fixed cost.
 *
 * This file defines the same function. The program's definition is the
 * one the dynamic linker binds libharu's own calls to, so for the fonts
 * the layout registers (right after loading them, before libharu builds
 * anything from them) each answer comes from a 65536-entry table computed
 * once, by the very rules of libharu 2.3.0's search; any other font def,
 * and any font whose cmap is not a plain format 4 that covers every code,
 * goes to libharu's own function. The PDF bytes do not change.
 */

#if GPD_HPDF_PATCHES

typedef HPDF_UINT16 (*glyphid_fn)(HPDF_FontDef, HPDF_UINT16);

typedef struct cmap_entry {
	const void *owner;
	HPDF_FontDef def;
	HPDF_UINT16 *map;
} cmap_entry;

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static cmap_entry *reg;
static size_t nreg, creg;
static atomic_uint generation = 1; /* changes whenever an entry comes or goes */

static pthread_once_t real_once = PTHREAD_ONCE_INIT;
static glyphid_fn real_glyphid;

static void find_real(void)
{
	void *p = dlsym(RTLD_NEXT, "HPDF_TTFontDef_GetGlyphid");

	memcpy(&real_glyphid, &p, sizeof p);
}

/* libharu's answer for a code, as its search computes it, or -1 where
 * that search would read past its arrays (then the table is not used). */
static long search(const HPDF_TTF_CmapRange *c, unsigned seg_count, unsigned i,
	unsigned u)
{
	unsigned idx;

	if (c->start_count[i] > u)
		return 0;
	if (c->id_range_offset[i] == 0)
		return (HPDF_UINT16)(u + (HPDF_UINT16)c->id_delta[i]);
	idx = (unsigned)c->id_range_offset[i] / 2 + (u - c->start_count[i]) - (seg_count - i);
	if (idx > c->glyph_id_array_count)
		return 0;
	if (idx >= c->glyph_id_array_count)
		return -1;
	return (HPDF_UINT16)(c->glyph_id_array[idx] + (HPDF_UINT16)c->id_delta[i]);
}

/* The whole table, or NULL to leave the font to libharu. The first
 * segment whose end is at or past a code is the one libharu's walk stops
 * at: codes are handed out in segment order as the running maximum of the
 * ends grows. */
static HPDF_UINT16 *build_map(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = def ? (HPDF_TTFontDefAttr)def->attr : NULL;
	const HPDF_TTF_CmapRange *c;
	unsigned seg_count;
	long covered = -1;
	HPDF_UINT16 *map;

	if (!a || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return NULL;
	c = &a->cmap;
	seg_count = c->seg_count_x2 >> 1;
	if (c->format == 0 || seg_count == 0 || !c->end_count || !c->start_count ||
	    !c->id_delta || !c->id_range_offset || (c->glyph_id_array_count && !c->glyph_id_array))
		return NULL;
	if (!(map = malloc(65536 * sizeof *map)))
		return NULL;
	for (unsigned i = 0; i < seg_count && covered < 65535; i++) {
		for (long u = covered + 1; u <= (long)c->end_count[i]; u++) {
			long g = search(c, seg_count, i, (unsigned)u);

			if (g < 0) {
				free(map);
				return NULL;
			}
			map[u] = (HPDF_UINT16)g;
		}
		if ((long)c->end_count[i] > covered)
			covered = c->end_count[i];
	}
	if (covered < 65535) { /* libharu would read past the segments */
		free(map);
		return NULL;
	}
	return map;
}

void gpd__cmap_register(const void *owner, HPDF_FontDef def)
{
	HPDF_UINT16 *map;

	if (!def)
		return;
	pthread_mutex_lock(&reg_lock);
	for (size_t i = 0; i < nreg; i++)
		if (reg[i].def == def) {
			pthread_mutex_unlock(&reg_lock);
			return;
		}
	pthread_mutex_unlock(&reg_lock);
	if (!(map = build_map(def)))
		return;
	pthread_mutex_lock(&reg_lock);
	if (nreg == creg) {
		size_t cap = creg ? creg * 2 : 16;
		cmap_entry *p = realloc(reg, cap * sizeof *p);

		if (!p) {
			pthread_mutex_unlock(&reg_lock);
			free(map);
			return;
		}
		reg = p;
		creg = cap;
	}
	reg[nreg++] = (cmap_entry){owner, def, map};
	/* a thread may remember this def as libharu's own (it was asked
	 * about while loading): forget that */
	atomic_fetch_add(&generation, 1);
	pthread_mutex_unlock(&reg_lock);
}

void gpd__cmap_forget(const void *owner)
{
	pthread_mutex_lock(&reg_lock);
	for (size_t i = 0; i < nreg;) {
		if (reg[i].owner == owner) {
			free(reg[i].map);
			reg[i] = reg[--nreg];
		} else {
			i++;
		}
	}
	atomic_fetch_add(&generation, 1);
	if (nreg == 0) {
		free(reg);
		reg = NULL;
		creg = 0;
	}
	pthread_mutex_unlock(&reg_lock);
}

/* Each thread remembers the tables it used last (and the defs that have
 * none); that holds while no entry has come or gone since. */
#define TCACHE 8
static _Thread_local struct {
	unsigned gen;
	HPDF_FontDef def[TCACHE];
	const HPDF_UINT16 *map[TCACHE];
	unsigned n;
} tc;

__attribute__((visibility("default")))
HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
	unsigned gen = atomic_load_explicit(&generation, memory_order_acquire);
	const HPDF_UINT16 *map = NULL;

	unsigned k;

	if (tc.gen == gen) {
		for (k = 0; k < tc.n; k++)
			if (tc.def[k] == fontdef)
				break;
	} else {
		tc.gen = gen;
		tc.n = k = 0;
	}
	if (k < tc.n) {
		map = tc.map[k];
	} else {
		pthread_mutex_lock(&reg_lock);
		for (size_t i = 0; i < nreg; i++)
			if (reg[i].def == fontdef) {
				map = reg[i].map;
				break;
			}
		pthread_mutex_unlock(&reg_lock);
		/* remembered either way: NULL means "libharu's own" */
		k = tc.n < TCACHE ? tc.n++ : (unsigned)(unicode % TCACHE);
		tc.def[k] = fontdef;
		tc.map[k] = map;
	}
	if (map)
		return map[unicode];
	pthread_once(&real_once, find_real);
	return real_glyphid ? real_glyphid(fontdef, unicode) : 0;
}

int gpd__cmap_registered(HPDF_FontDef def)
{
	int found = 0;

	pthread_mutex_lock(&reg_lock);
	for (size_t i = 0; i < nreg && !found; i++)
		found = reg[i].def == def;
	pthread_mutex_unlock(&reg_lock);
	return found;
}

HPDF_UINT16 gpd__cmap_libharu(HPDF_FontDef def, HPDF_UINT16 unicode)
{
	pthread_once(&real_once, find_real);
	return real_glyphid ? real_glyphid(def, unicode) : 0;
}

#else /* libharu's own look-up */

void gpd__cmap_register(const void *owner, HPDF_FontDef def)
{
	(void)owner;
	(void)def;
}

void gpd__cmap_forget(const void *owner)
{
	(void)owner;
}

int gpd__cmap_registered(HPDF_FontDef def)
{
	(void)def;
	return 0;
}

HPDF_UINT16 gpd__cmap_libharu(HPDF_FontDef def, HPDF_UINT16 unicode)
{
	return HPDF_TTFontDef_GetGlyphid(def, unicode);
}

#endif
