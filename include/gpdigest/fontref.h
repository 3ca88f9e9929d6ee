/* fontref.h: the one rule for naming a font file and a face in it ("NotoSerifCJK-Regular.ttc#2": the style's fonts, the layout, the build's hash). */
#ifndef GPDIGEST_FONTREF_H
#define GPDIGEST_FONTREF_H

#include <stddef.h>

#include "gpdigest/export.h"

/* The highest face index a reference may name (a collection holds far fewer). */
#define GPD_FONT_FACE_MAX 999

/* A font reference is a file name or path, optionally followed by '#' and
 * the index of a face in a font collection (.ttc, .otc), counted from 0;
 * without one it is face 0. Sets *pathlen to the length of the file part
 * and returns the index; when the text after the last '#' is not 1 to 3
 * digits, the whole reference is the file ("a#b.ttf"), face 0. */
GPD_EXPORT int gpd_font_ref(const char *ref, size_t *pathlen);

/* The system's font folders a style's font file names are looked for in
 * (after the templates folder), in order: Debian's DejaVu folder, then its
 * Noto folders (fonts-dejavu-core, fonts-noto-core, fonts-noto-cjk).
 * Returns folder k (a static string), NULL past the last. */
GPD_EXPORT const char *gpd_font_dir(size_t k);

/* Whether the font reference ref (a file name, no folders; "#N" allowed)
 * names a readable file in one of those folders. */
GPD_EXPORT int gpd_font_installed(const char *ref);

/* What is wrong with the font file the reference ref names (a path; "#N"
 * a face of a collection), read no further than its table directory, or
 * NULL when it looks whole: an sfnt (TrueType, or OpenType's 'OTTO') or a
 * collection ('ttcf') holding face N, every table of that face within the
 * file. A style naming an empty, truncated or foreign file is told so at
 * the style's line, not by the layout as it starts (an internal error
 * once an edition, with no file named). A static string. */
GPD_EXPORT const char *gpd_font_damage(const char *ref);

#endif
