/* layout_deflate.h: page and font streams deflated before libharu saves (layout_deflate.c; not installed). */
#ifndef GPDIGEST_LAYOUT_DEFLATE_H
#define GPDIGEST_LAYOUT_DEFLATE_H

#include "layout/layout_priv.h"

/* Deflates the finished pages' content streams in parallel before saving;
 * the saved bytes are unchanged. */
void gpd__deflate_start(gpd_layout *L);             /* threads wait for pages */
void gpd__deflate_page(gpd_layout *L, size_t i);    /* page i is final */
/* While laying out, on each new page (when a pool is set): hands over the
 * bodies of the pages left behind, which nothing draws on again. */
void gpd__deflate_early(gpd_layout *L);
void gpd__deflate_finish(gpd_layout *L);            /* all deflated, swapped in */
/* Starts a content stream of its own for what is drawn next on page i,
 * held in pieces of piece bytes (libharu's are 4096: too many for a few
 * hundred bytes on each of 26,000 pages); 0, or -1 if libharu fails. */
int gpd__deflate_new_stream(gpd_layout *L, size_t i, unsigned piece);

#endif
