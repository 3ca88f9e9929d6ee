/* layout_annot.c: link annotations kept as their written bytes, not as libharu objects. */
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "layout/layout_hpdf.h"

/* libharu holds an annotation as a dictionary of dictionary elements, each
 * with a 128-byte key, plus arrays, names, reals, a nested action
 * dictionary and a proxy for each reference: about 3.7 KB for one link.
 * A record of nothing but links (one every 40 bytes of text) made a build
 * take over 100 times its input in memory (issue 15). Every value of an
 * annotation is final when it is made (the page it points to already has
 * its object number), so its entries are written once, at once, into a
 * string the size of the PDF text, and the libharu objects are freed; the
 * annotation keeps its object number and its place in the page's /Annots,
 * and prints the same bytes from the string when the document is saved.
 * This reaches into libharu 2.3.0's dictionaries: it is one of the libharu
 * patches (GPD_HPDF_PATCHES, layout_priv.h). */

#if GPD_HPDF_PATCHES

typedef struct annot_bytes {
	HPDF_UINT len;
	HPDF_BYTE bytes[]; /* the entries, as HPDF_Dict_Write prints them */
} annot_bytes;

static HPDF_STATUS write_entries(HPDF_Dict dict, HPDF_Stream stream)
{
	const annot_bytes *a = dict->attr;

	return HPDF_Stream_Write(stream, a->bytes, a->len);
}

static void free_entries(HPDF_Dict dict)
{
	free(dict->attr);
	dict->attr = NULL;
}

/* The dictionary's entries as written: everything between "<<\n" and
 * ">>". NULL when out of memory or libharu fails (then nothing changes). */
static annot_bytes *written_entries(HPDF_Dict dict)
{
	static const char open[] = "<<\012", close[] = ">>";
	HPDF_Stream s = HPDF_MemStream_New(dict->mmgr, 256);
	annot_bytes *a = NULL;
	HPDF_UINT size;

	if (s == NULL || HPDF_Dict_Write(dict, s, NULL) != HPDF_OK)
		goto out;
	size = HPDF_Stream_Size(s);
	if (size < sizeof(open) - 1 + sizeof(close) - 1 ||
	    (a = malloc(sizeof(*a) + size)) == NULL)
		goto out;
	if (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(s, a->bytes, &size) != HPDF_OK ||
	    memcmp(a->bytes, open, sizeof(open) - 1) != 0 ||
	    memcmp(a->bytes + size - (sizeof(close) - 1), close, sizeof(close) - 1) != 0) {
		free(a);
		a = NULL;
		goto out;
	}
	a->len = size - (HPDF_UINT)(sizeof(open) - 1 + sizeof(close) - 1);
	memmove(a->bytes, a->bytes + sizeof(open) - 1, a->len);
out:
	if (s != NULL)
		HPDF_Stream_Free(s);
	return a;
}

/* Replaces the finished annotation's libharu entries by their bytes. An
 * annotation with hooks of its own, or one that cannot be written now, is
 * left as libharu made it: the bytes are the same either way. */
void gpd__annot_compact(HPDF_Annotation annot)
{
	HPDF_Dict dict = annot;
	annot_bytes *a;

	if (dict == NULL || dict->before_write_fn || dict->write_fn ||
	    dict->after_write_fn || dict->free_fn || dict->stream || dict->attr)
		return;
	if ((a = written_entries(dict)) == NULL) {
		HPDF_Error_Reset(dict->error);
		return;
	}
	for (HPDF_UINT i = 0; i < dict->list->count; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(dict->list, i);

		HPDF_Obj_Free(dict->mmgr, e->value);
		HPDF_FreeMem(dict->mmgr, e);
	}
	HPDF_List_Clear(dict->list);
	dict->attr = a;
	dict->write_fn = write_entries;
	dict->free_fn = free_entries;
}

#else

/* Without the libharu patches the annotation stays as libharu made it. */
void gpd__annot_compact(HPDF_Annotation annot)
{
	(void)annot;
}

#endif
