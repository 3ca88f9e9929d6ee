/* layout_reuse.h: the previous save's deflated page streams (layout_reuse.c; not installed). */
#ifndef GPDIGEST_LAYOUT_REUSE_H
#define GPDIGEST_LAYOUT_REUSE_H

#include <stddef.h>

/* The previous save's deflated page streams, indexed; gpd__reuse_find
 * gives the deflated bytes of the content data[0..size) when one of them
 * inflates to exactly it, else NULL. */
typedef struct gpd_reuse gpd_reuse;

/* A deflated content stream as layout_tag.c writes it and this file finds
 * it again: GPD_FLATE_HEAD, the length, GPD_FLATE_TAIL, the data, then
 * "\nendstream". */
#define GPD_FLATE_HEAD "<</Length "
#define GPD_FLATE_TAIL "/Filter/FlateDecode>>\nstream\n"
gpd_reuse *gpd__reuse_index(const void *pdf, size_t len);
/* The previous save's object streams (layout_tag.c's: the structure tree
 * and every dictionary, written "<</Type /ObjStm /N n /First f /Length z
 * /Filter /FlateDecode>>"), their deflated bytes copied out, as the save
 * itself may be freed before they are wanted; gpd__reuse_find answers for
 * them as for the pages. NULL when there are none (or no memory). */
#define GPD_OBJSTM_HEAD "<</Type /ObjStm /N "
#define GPD_OBJSTM_TAIL " /Filter /FlateDecode>>\nstream\n"
gpd_reuse *gpd__reuse_index_objstm(const void *pdf, size_t len);
/* gpd_layout_pages (layout.h): the page streams, as gpd__reuse_index
 * finds them, with their deflated bytes copied out like the object
 * streams', so the index outlives pdf (a finished edition's, for the
 * editions after it); and its index, NULL for NULL. */
struct gpd_layout_pages;
struct gpd_layout_pages *gpd__pages_new(const void *pdf, size_t len);
void gpd__pages_free(struct gpd_layout_pages *p);
const gpd_reuse *gpd__pages_index(const struct gpd_layout_pages *p);
const unsigned char *gpd__reuse_find(const gpd_reuse *r, const unsigned char *data,
	size_t size, size_t *zlen);
void gpd__reuse_free(gpd_reuse *r);

#endif
