/* layout_memops.c: libharu's byte-at-a-time HPDF_MemCpy and HPDF_MemSet, answered by the C library's. */
#include <stdint.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_utils.h>

#include "layout/layout_hpdf.h"

int gpd__hpdf_patched(void)
{
	return GPD_HPDF_PATCHES;
}

#if GPD_HPDF_PATCHES

/*
 * libharu copies and clears through its own HPDF_MemCpy and HPDF_MemSet,
 * loops of one byte a step: every byte of page content passes through
 * them two or three times (written, deflated bytes put back, saved), and
 * every operator clears a 512-byte buffer first. Together they were a
 * twentieth of an every-edition build. As with HPDF_TTFontDef_GetGlyphid
 * (layout_cmap.c), the program's definitions are the ones the dynamic
 * linker binds libharu's calls to; they give the same results, including
 * the returned end pointer, using memmove and memset.
 */

__attribute__((visibility("default")))
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n == 0)
		return out;
	/* libharu's loop copies forwards; where a forward copy onto a later,
	 * overlapping place would repeat bytes, do exactly that */
	if (out > in && out < in + n) {
		for (HPDF_UINT i = 0; i < n; i++)
			out[i] = in[i];
		return out + n;
	}
	memmove(out, in, n);
	return out + n;
}

__attribute__((visibility("default")))
void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

void gpd__memops_link(void)
{
	/* nothing: called so the linker keeps this file's definitions */
}

#else /* libharu's own HPDF_MemCpy and HPDF_MemSet */

void gpd__memops_link(void)
{
}

#endif
