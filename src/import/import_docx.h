/* import_docx.h: what the .docx reader's files share (import_docx.c opens
 * the archive and parses the parts, import_docx_walk.c reads the body). */
#ifndef GPDIGEST_IMPORT_DOCX_H
#define GPDIGEST_IMPORT_DOCX_H

#include <stddef.h>

#include <libxml/tree.h>

#include "import/import_priv.h"

/* Reads the body of document (word/document.xml) into the tokenizer's
 * text (*text, one line a paragraph) and the paragraphs (*paras), with
 * the headings styles (word/styles.xml) and the lists numbering
 * (word/numbering.xml) declare; either may be NULL. Reports a document
 * that is not WordprocessingML at name. Returns 0, -1 (reported, or out of
 * memory when nothing was). */
int imp_docx_walk(xmlDoc *document, xmlDoc *styles, xmlDoc *numbering,
	const char *name, gpd_diag *diag, char **text, size_t *tlen,
	imp_para **paras, size_t *nparas);

#endif
