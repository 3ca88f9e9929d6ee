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

/* Before libharu saves: its file is written into one growing buffer (no
 * 4096-byte pieces to copy out). Nothing when not patched, out of memory
 * or the document has its stream already (then libharu's is used). */
void gpd__save_buf_begin(gpd_layout *L);
/* After: that buffer (malloc'd, *len bytes), taken from the stream s,
 * which stays empty; NULL when s is libharu's own or a write failed. */
unsigned char *gpd__save_buf_take(HPDF_Stream s, size_t *len);

#endif
