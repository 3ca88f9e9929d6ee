/* import_doc.c: the tokenized input both tokenizers fill (import_html.c,
 * import_ocr.c): segments appended with their text tidied. Below the
 * tokenizers, so that they never call back up into import.c. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "import/import_priv.h"

int imp_doc_push(imp_doc *d, imp_box box, const char *text, size_t len,
	unsigned line, unsigned col, int brk, const char *shape)
{
	gpd_buf b = {0};
	imp_seg *s;

	if (box != IMP_BOX_NONE && d->nboxes > IMP_MAX_BOXES)
		return 0; /* past any form: the parser refuses the input */
	for (size_t i = 0; i < len;) {
		size_t run = 0;

		while (i + run < len && text[i + run] != ' ' && text[i + run] != '\t' &&
		       text[i + run] != '\n')
			run++;
		gpd_buf_append(&b, text + i, run); /* a word, then one space */
		i += run;
		if (i < len && b.len > 0 && b.data[b.len - 1] != ' ')
			gpd_buf_putc(&b, ' ');
		while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
			i++;
	}
	while (b.len > 0 && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	/* failed first: a buffer that could not grow is empty, and was taken
	 * for a blank piece of text, dropped without a word */
	if (!gpd_buf_failed(&b) && box == IMP_BOX_NONE && b.len == 0) {
		gpd_buf_free(&b);
		return 0;
	}
	if (gpd_buf_failed(&b) || (b.data == NULL && (b.data = calloc(1, 1)) == NULL)) {
		gpd_buf_free(&b);
		d->nomem = 1;
		return 0;
	}
	if (b.cap > b.len + 1) { /* a segment is often a word: not 64 bytes */
		char *fit = malloc(b.len + 1);

		if (fit != NULL) {
			memcpy(fit, b.data, b.len + 1);
			free(b.data);
			b.data = fit;
		}
	}
	if (d->nsegs == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		imp_seg *p = realloc(d->segs, cap * sizeof(*p));

		if (p == NULL) {
			gpd_buf_free(&b);
			d->nomem = 1;
			return 0;
		}
		d->segs = p;
		d->cap = cap;
	}
	s = &d->segs[d->nsegs++];
	d->nboxes += box != IMP_BOX_NONE;
	*s = (imp_seg){.box = box, .text = b.data, .line = line, .col = col, .brk = brk};
	snprintf(s->shape, sizeof(s->shape), "%s", shape ? shape : "");
	return 1;
}
