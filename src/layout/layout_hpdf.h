/* layout_hpdf.h: the libharu patches below the engine's text: memory operations, link annotations (not installed). */
#ifndef GPDIGEST_LAYOUT_HPDF_H
#define GPDIGEST_LAYOUT_HPDF_H

#include <hpdf.h>

/* The libharu patches: layout_deflate.c, layout_memops.c and
 * layout_annot.c reach into libharu 2.3.0's private
 * structures and replace some of its functions, for speed (and memory). CMake's GPDIGEST_HPDF_PATCHES (default
 * ON) sets GPD_HPDF_PATCHES; at 0 those files leave everything to
 * libharu's own functions, and the output bytes are the same. CMake checks
 * the version too; this catches a header that changed since. */
#ifndef GPD_HPDF_PATCHES
#define GPD_HPDF_PATCHES 0
#endif
#if GPD_HPDF_PATCHES && !(HPDF_MAJOR_VERSION == 2 && HPDF_MINOR_VERSION == 3 && \
	HPDF_BUGFIX_VERSION == 0)
#error "the libharu patches are written for libharu 2.3.0: configure with -DGPDIGEST_HPDF_PATCHES=OFF"
#endif

/* layout_memops.c: libharu's HPDF_MemCpy and HPDF_MemSet, fast; called
 * once (it does nothing) so that a static link keeps them. */
void gpd__memops_link(void);
/* 1 when the library was built with the libharu patches (the tests ask;
 * they are not compiled with GPD_HPDF_PATCHES). */
int gpd__hpdf_patched(void);

/* layout_annot.c: a finished link annotation keeps its written bytes
 * instead of libharu's objects (the PDF is the same; a patch). */
void gpd__annot_compact(HPDF_Annotation annot);

#endif
