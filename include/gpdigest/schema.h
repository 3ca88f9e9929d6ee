/* schema.h: the record format's XML Schema, generated from the form's option lists. */
#ifndef GPDIGEST_SCHEMA_H
#define GPDIGEST_SCHEMA_H

#include "gpdigest/export.h"

/* The XSD text of the record format (the same bytes as records/record.xsd,
 * which a test keeps in step). Caller frees with free(); NULL when out of
 * memory. */
GPD_EXPORT char *gpd_schema_xsd(void);

#endif
