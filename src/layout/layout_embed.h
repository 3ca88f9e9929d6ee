/* layout_embed.h: the fonts as PDF objects: Type0 fonts over subset TrueType programs (layout_embed.c; not installed). */
#ifndef GPDIGEST_LAYOUT_EMBED_H
#define GPDIGEST_LAYOUT_EMBED_H

#include <stdint.h>

#include "gpdigest/buf.h"
#include "layout/layout_priv.h"

/* A new page's /Font resources: one dictionary every page shares, naming
 * the fonts the document uses (/F<slot>) once they are written. */
void gpd__embed_page(gpd_layout *L, HPDF_Page pg);
/* Once the pages are final: each font used subset to the glyphs shown,
 * and its objects made, numbered from first on; the count of numbers
 * taken (L->err set on failure). */
uint32_t gpd__embed_prepare(gpd_layout *L, uint32_t first);
/* The objects made, each whole ("N 0 obj ... endobj\n"), in number
 * order: NULL past the last. */
const gpd_buf *gpd__embed_object(const gpd_layout *L, size_t k, uint32_t *num);
void gpd__embed_free(gpd_layout *L);

#endif
