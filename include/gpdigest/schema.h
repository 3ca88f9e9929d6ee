/* schema.h: the record format's XML Schema, generated from the form's option lists. */
#ifndef GPDIGEST_SCHEMA_H
#define GPDIGEST_SCHEMA_H

#include "gpdigest/export.h"

/* The XSD text of the record format (the same bytes as records/record.xsd,
 * which a test keeps in step). Caller frees with free(); NULL when out of
 * memory. */
GPD_EXPORT char *gpd_schema_xsd(void);

/* The same schema without the free-text fields' character limit
 * (GPD_MAX_TEXT_CHARS): libxml2 counts every character of every such
 * field for it, 5 % of validate's instructions; the record reader, which
 * compiles this one, checks that limit itself, counting only a field
 * with more bytes than the limit has characters. Caller frees. */
GPD_EXPORT char *gpd_schema_xsd_unlimited_text(void);

#endif
