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

#endif
