/* render_md_priv.h: render_md.c's one knob for the tests (not installed). */
#ifndef GPDIGEST_RENDER_MD_PRIV_H
#define GPDIGEST_RENDER_MD_PRIV_H

/* Nonzero: the Markdown is rendered as one tree, not a record at a time,
 * so a test can hold the two to the same bytes. 0 unless a test sets it;
 * not thread-safe to change while rendering. */
extern int gpd__md_one_tree;

#endif
