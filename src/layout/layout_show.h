/* layout_show.h: the text operator of one line (layout_show.c; not installed). */
#ifndef GPDIGEST_LAYOUT_SHOW_H
#define GPDIGEST_LAYOUT_SHOW_H

#include "layout/layout_priv.h"

/* HPDF_Page_TextOut of n bytes of clean UTF-8 (not in L->scratch, which
 * it uses), the same page bytes in a fraction of the time. */
int gpd__text_out(gpd_layout *L, HPDF_Page pg, float x, float y, const char *s,
	size_t n);

#endif
