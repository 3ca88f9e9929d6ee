/* layout_cff.h: what the embedding needs to know of a CFF font program: whether its glyphs are reached by CID = glyph id (layout_cff.c; not installed). */
#ifndef GPDIGEST_LAYOUT_CFF_H
#define GPDIGEST_LAYOUT_CFF_H

#include <stddef.h>

/* 1 when the CFF table (n bytes) is a CID-keyed font (its Top DICT has
 * ROS) whose charset gives every glyph the CID equal to its glyph id, so
 * that a CIDFontType0 over a subset of it (whose charset keeps the CIDs)
 * shows glyph id g for the code g; 0 otherwise (a name-keyed font, another
 * charset, a damaged table). */
int gpd__cff_cid_is_gid(const unsigned char *d, size_t n, unsigned nglyphs);

#endif
