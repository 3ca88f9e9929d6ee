/* authority.h: an authority's identity, in one place: which spellings name one authority, and which spelling is printed. */
#ifndef GPDIGEST_AUTHORITY_H
#define GPDIGEST_AUTHORITY_H

#include <stddef.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/record.h"

/* The authority key of name, appended to out: case folded, punctuation
 * dropped, runs of spaces, hyphens and dashes folded to one space (none at
 * either end), accented Latin letters as their base letters and Greek and
 * Cyrillic transliterated as in gpd_slug. "Tower Hamlets", "tower hamlets"
 * and "Tower-Hamlets" are "tower hamlets"; "St Helens" and "St. Helens"
 * are "st helens". Characters no table spells (CJK) are kept as they are.
 * A name with no letter or digit at all ("!!!") is its own key. */
GPD_EXPORT void gpd_authority_key(const char *name, gpd_buf *out);

/* Orders names by their keys, without allocating: 0 exactly when the two
 * are one authority. NULL (a record with errors) sorts first. The plan
 * (one handout per authority), the corpus (one index section), the
 * --authority filter and list all compare authorities with this. */
GPD_EXPORT int gpd_authority_cmp(const char *a, const char *b);

/* Across the records of a run: where one authority is spelled more than
 * one way, the spelling most records use (on a tie, that of the record
 * first in id order) is the one printed. Every record spelled otherwise
 * gets an `authority-spelling` warning naming both spellings (counted in
 * its nwarnings), and its authority is replaced by the printed spelling.
 * Returns 0, or -1 when out of memory (reported). */
GPD_EXPORT int gpd_authority_unify(gpd_record *const *recs, size_t n, gpd_diag *diag);

#endif
