/* explain.h: a record's schema errors in the words of the form (the field as printed, what it takes), from what xml_msg.c read of libxml2's message. */
#ifndef GPDIGEST_EXPLAIN_H
#define GPDIGEST_EXPLAIN_H

#include <libxml/tree.h>

#include "ingest/xml_msg.h"

/* The message for a schema error m about node (the element at fault, NULL
 * when libxml2 gave none) in the record file called file: the field named
 * as the form prints it and what it accepts, e.g. "criterion '1.4a' must
 * be two numbers like 2.11 (Standard 2, criterion 11)". NULL when there is
 * nothing better to say than m->text (or out of memory). Caller frees. */
char *gpd_explain_schema(const gpd_xml_msg *m, const xmlNode *node, const char *file);

/* The same for a well-formedness error m at line, col of data (the file's
 * bytes): "a bare & must be written &amp; ...". *col may be moved to the
 * character at fault (libxml2 reports where it stopped reading). */
char *gpd_explain_xml(const gpd_xml_msg *m, const char *data, size_t len, unsigned line,
	unsigned *col);

#endif
