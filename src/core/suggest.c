/* suggest.c: "did you mean": the optimal string alignment distance, case-insensitive. */
#include "gpdigest/suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Words longer than this are never near anything (and bound the work). */
#define MAX_WORD 64

static int same(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

size_t gpd_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	size_t d[MAX_WORD + 1][MAX_WORD + 1];

	if (n > MAX_WORD || m > MAX_WORD)
		return (size_t)-1;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + !same(a[i - 1], b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

static size_t allowed(size_t len)
{
	return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

const char *gpd_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, len = word ? strlen(word) : 0;

	if (len == 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d;

		if (cands[i] == NULL)
			continue;
		/* a prefix is one edit away, however long the rest */
		d = len >= 3 && strncasecmp(cands[i], word, len) == 0 ? 1 :
			gpd_edit_distance(word, cands[i]);
		if (d <= allowed(len) && d < best_d) {
			best = cands[i];
			best_d = d;
		}
	}
	return best;
}
