/* record_xml.h: writing a record as record XML (the format records/record.xsd defines). */
#ifndef GPDIGEST_RECORD_XML_H
#define GPDIGEST_RECORD_XML_H

#include <stddef.h>

#include "gpdigest/buf.h"
#include "gpdigest/export.h"
#include "gpdigest/record.h"

/* Appends rec as a complete record document to out: elements in schema
 * order, two-space indentation as in records/, ticks in the form's option
 * order, and the same bytes for the same record (no dates, no addresses of
 * memory). Empty tick groups and criteria are written as empty elements;
 * optional texts and contact fields that are NULL are left out; required
 * ones are written empty. The record's languages (xml:lang on the record, a
 * text field, a "please specify" text, an attachment) are written where it
 * has them. A failed append shows in gpd_buf_failed(out). */
GPD_EXPORT void gpd_record_xml(const gpd_record *rec, gpd_buf *out);

/* The same as a new string (caller frees), its length in *len; NULL when
 * out of memory. */
GPD_EXPORT char *gpd_record_to_xml(const gpd_record *rec, size_t *len);

#endif
