/* suggest.h: "did you mean": the closest of a list of words to one that is not among them. */
#ifndef GPDIGEST_SUGGEST_H
#define GPDIGEST_SUGGEST_H

#include <stddef.h>

#include "gpdigest/export.h"

/* The candidate nearest word (case-insensitive; one edit is a letter
 * added, removed, changed, or two neighbours swapped), or NULL when none
 * is near: at most 1 edit for words up to 4 letters, 2 up to 8, then 3.
 * A candidate word is a prefix of also counts as near ("--reg" for
 * "region"). On a tie the first in the list wins. */
GPD_EXPORT const char *gpd_suggest(const char *word, const char *const *cands, size_t n);

/* The edit distance between a and b as gpd_suggest counts it. */
GPD_EXPORT size_t gpd_edit_distance(const char *a, const char *b);

#endif
