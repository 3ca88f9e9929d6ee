/* style.h: reads templates/style.xml (page size, margins, fonts, sizes, colours, the date format) into a layout style. */
#ifndef GPDIGEST_STYLE_H
#define GPDIGEST_STYLE_H

#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/layout.h"

#define GPD_STYLE_NS "urn:x-gpdigest:style"

/* Owns the strings (font paths) a style points to. */
typedef struct gpd_style_file gpd_style_file;

/* Fills *style with the defaults, then with what path sets. A missing file
 * leaves the defaults. Font names are looked up in the templates folder,
 * then in the system's DejaVu folder. Returns the owner of the style's
 * strings (free it after the style's last use), or NULL with the errors
 * reported as path:line:col. */
GPD_EXPORT gpd_style_file *gpd_style_load(const char *path, const char *templates,
	gpd_style *style, gpd_diag *diag);
GPD_EXPORT void gpd_style_file_free(gpd_style_file *f);

/* How both editions write dates (<dates format> in the style file;
 * gpd_date_format): borrowed from f, GPD_DATE_FORMAT_DEFAULT when unset. */
GPD_EXPORT const char *gpd_style_date_format(const gpd_style_file *f);

/* Font slot k of style (regular, bold, ..., mono, fallback: every font the
 * style file can set, from the same table that reads it), so whatever
 * depends on the fonts (the build's hash) sees them all. Sets *path to the
 * slot's file (borrowed; NULL when unset) and returns 1; returns 0 when k
 * is past the last slot. */
GPD_EXPORT int gpd_style_font_slot(const gpd_style *style, size_t k, const char **path);

#endif
