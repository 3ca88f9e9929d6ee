/* layout_flow.h: blocks held back, then placed page by page with good breaks (layout_flow.c; not installed). */
#ifndef GPDIGEST_LAYOUT_FLOW_H
#define GPDIGEST_LAYOUT_FLOW_H

#include "layout/layout_priv.h"

/* A fresh entry at the end of the queue (its block emptied, buffers kept),
 * not yet counted: fill it, then gpd__flow_push it. NULL on failure. */
held *gpd__flow_new(gpd_layout *L);
/* Counts the entry gpd__flow_new gave: it takes the pending gap (before
 * it), the marks made so far, the open quotes, the pending list or tick
 * marker and the open keep-together group. Then places the oldest entries
 * whose page no longer depends on what is still to come. */
int gpd__flow_push(gpd_layout *L, held *h);
/* Places every held entry. h_next > 0: the caller then places a unit that
 * tall (a table row, a rule), kept with a held heading before it. tail:
 * a forced page break or the end follows, so the last page they fill must
 * not hold a single line. */
int gpd__flow_flush(gpd_layout *L, float h_next, int tail);
/* Places the held entries up to the trailing headings and labels (before
 * the running head changes: what is placed belongs to the old section). */
int gpd__flow_flush_body(gpd_layout *L);
void gpd__flow_free(gpd_layout *L);
/* Reserves h points for a unit drawn directly after the held blocks (a
 * table row, a rule), and returns its top in *top. */
int gpd__place(gpd_layout *L, float h, float *top);

#endif
