/* layout_deflate.h: page and font streams deflated before libharu saves (layout_deflate.c; not installed). */
#ifndef GPDIGEST_LAYOUT_DEFLATE_H
#define GPDIGEST_LAYOUT_DEFLATE_H

#include "layout/layout_priv.h"

/* Deflates the finished pages' content streams in parallel before saving;
 * the saved bytes are unchanged. */
void gpd__deflate_start(gpd_layout *L);             /* threads wait for pages */
void gpd__deflate_page(gpd_layout *L, size_t i);    /* page i is final */
void gpd__deflate_finish(gpd_layout *L);            /* all deflated, swapped in */

#endif
