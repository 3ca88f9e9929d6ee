/* import_docx.h: what the .docx reader's files share (import_docx.c opens
 * the archive and parses the parts, import_docx_walk.c reads the body). */
#ifndef GPDIGEST_IMPORT_DOCX_H
#define GPDIGEST_IMPORT_DOCX_H

#include <stddef.h>

#include <libxml/tree.h>

#include "import/import_priv.h"

/* Parses one part of the archive ("word/styles.xml"); NULL with *absent
 * set when the archive has none, else NULL when it was refused (reported,
 * or out of memory). The caller frees the tree. */
typedef xmlDoc *(*imp_docx_part_fn)(void *ctx, const char *part, int *absent);

/* Reads the body of word/document.xml into the tokenizer's text (*text,
 * one line a paragraph) and the paragraphs (*paras), with the headings
 * word/styles.xml and the lists word/numbering.xml declare (either may be
 * absent), each part parsed by part(ctx, ...) and freed before the next
 * is parsed: one part's tree in memory at a time. Reports a document that
 * is not WordprocessingML at name. Returns 0, -1 (reported, or out of
 * memory when nothing was). */
int imp_docx_walk(imp_docx_part_fn part, void *ctx, const char *name, gpd_diag *diag,
	char **text, size_t *tlen, imp_para **paras, size_t *nparas);

#endif
