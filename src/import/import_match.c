/* import_match.c: tolerant comparison of scanned or exported text with the
 * form's questions and option labels. Scans garble case, spacing,
 * punctuation and single letters, so comparisons run on normalised text
 * with a bounded edit distance; every routine is linear in its input (or
 * bounded by a label's length), so hostile input cannot make it slow. */
#include <ctype.h>
#include <string.h>

#include "import/import_priv.h"

/* Longest normalised text a label is compared with (labels are < 100). */
#define NORM_MAX 512

static int keep_char(unsigned char c)
{
	return isalnum(c) || c == '+' || c >= 0x80;
}

static size_t norm_map(const char *s, char *out, size_t max, size_t *map);

/* The digits of s, at most max - 1 of them. */
static void digits_of(const char *s, size_t n, char *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n && s[i] != '\0' && k + 1 < max; i++)
		if (isdigit((unsigned char)s[i]))
			out[k++] = s[i];
	out[k] = '\0';
}

/* True when the digits of a appear, in order, among those of b. */
static int subsequence(const char *a, const char *b)
{
	for (; *a != '\0'; a++, b++) {
		b = strchr(b, *a);
		if (b == NULL)
			return 0;
	}
	return 1;
}

/* s normalised as norm_map does, without its digits (a number the scan
 * damaged is compared apart). */
static size_t norm_masked(const char *s, char *out, size_t max)
{
	char tmp[NORM_MAX];
	size_t n = norm_map(s, tmp, sizeof(tmp), NULL), k = 0;

	for (size_t i = 0; i < n && k + 1 < max; i++)
		if (!isdigit((unsigned char)tmp[i]) && !(tmp[i] == ' ' && k > 0 && out[k - 1] == ' '))
			out[k++] = tmp[i];
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return k;
}

/* Bytes of a UTF-8 punctuation mark at s (curly quotes, dashes: U+2000 to
 * U+206F; Latin-1's signs U+00A0 to U+00BF but its letters and digits),
 * which count as punctuation like their ASCII forms; else 0. */
static size_t uni_punct(const char *s)
{
	unsigned char a = (unsigned char)s[0], b = a ? (unsigned char)s[1] : 0;

	if (a == 0xC2 && b >= 0xA0 && b <= 0xBF && strchr("\xAA\xB2\xB3\xB5\xB9\xBA", b) == NULL)
		return 2; /* Latin-1's signs, a scan's "work»", "Leeds °" */
	return a == 0xE2 && b >= 0x80 && b <= 0x81 && s[2] != '\0' ? 3 : 0;
}

/* Normalises a label or a text s into out for comparison: lower-case,
 * letters, digits and "+" kept, every other run one space; at most max-1
 * bytes. map[i], when given, is the offset in s just after the source
 * character of out[i]. */
static size_t norm_map(const char *s, char *out, size_t max, size_t *map)
{
	size_t n = 0;
	int space = 0;

	for (size_t i = 0; s[i] != '\0' && n + 1 < max; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t u = uni_punct(s + i);

		if (u > 0)
			i += u - 1;
		if (u > 0 || !keep_char(c)) {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < max) {
			if (map)
				map[n] = i;
			out[n++] = ' ';
		}
		space = 0;
		if (map)
			map[n] = i + 1;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
	return n;
}

void imp_words_split(imp_words *out, const char *s)
{
	size_t i = 0;

	out->n = 0;
	while (s[i] != '\0' && out->n < IMP_MAX_QWORDS) {
		size_t len = 0;

		while (s[i] != '\0' && isspace((unsigned char)s[i]))
			i++;
		if (s[i] == '\0')
			break;
		for (; s[i] != '\0' && !isspace((unsigned char)s[i]); i++) {
			size_t u = uni_punct(s + i);

			if (u > 0)
				i += u - 1;
			else if (keep_char((unsigned char)s[i]) &&
			    len + 1 < sizeof(out->w[0]))
				out->w[out->n][len++] = (char)tolower((unsigned char)s[i]);
		}
		out->w[out->n][len] = '\0';
		out->end[out->n] = i;
		if (len > 0)
			out->n++;
	}
}

/* Plain Levenshtein distance of two short strings, capped at cap+1. */
static unsigned distance(const char *a, const char *b, unsigned cap)
{
	size_t m = strlen(a), n = strlen(b);
	unsigned row[41], prev;

	if (n > 40 || m > 40)
		return strcmp(a, b) == 0 ? 0 : cap + 1;
	for (size_t j = 0; j <= n; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= m; i++) {
		unsigned best;

		prev = row[0];
		row[0] = (unsigned)i;
		best = row[0];
		for (size_t j = 1; j <= n; j++) {
			unsigned sub = prev + (a[i - 1] != b[j - 1]);
			unsigned v = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;

			prev = row[j];
			row[j] = sub < v ? sub : v;
			if (row[j] < best)
				best = row[j];
		}
		if (best > cap)
			return cap + 1;
	}
	return row[n];
}

int imp_word_like(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
	unsigned cap = n <= 2 ? 0 : n <= 5 ? 1 : 2;

	if ((la > lb ? la - lb : lb - la) > cap)
		return 0; /* more edits than allowed, without the table */
	return distance(a, b, cap) <= cap;
}

unsigned imp_prefix_distance(const char *a, size_t m, const char *b,
	size_t blen, size_t slack, size_t *used)
{
	size_t n = blen < m + slack ? blen : m + slack;
	unsigned row[NORM_MAX + 1], best = (unsigned)-1;

	*used = 0;
	if (m > NORM_MAX || n > NORM_MAX)
		return best;
	for (size_t j = 0; j <= n; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= m; i++) {
		unsigned prev = row[0], least;

		row[0] = (unsigned)i;
		least = row[0];
		for (size_t j = 1; j <= n; j++) {
			unsigned sub = prev + (a[i - 1] != b[j - 1]);
			unsigned ins = row[j - 1] + 1, del = row[j] + 1;

			prev = row[j];
			row[j] = sub < ins ? (sub < del ? sub : del) : (ins < del ? ins : del);
			least = row[j] < least ? row[j] : least;
		}
		if (least > slack)
			return best; /* a row's least never falls: over slack already */
	}
	for (size_t j = 0; j <= n; j++)
		if ((j == blen || b[j] == ' ') && row[j] < best) {
			best = row[j];
			*used = j;
		}
	return best;
}

unsigned imp_label_slack(size_t n)
{
	return n < 5 ? 0 : 1 + (unsigned)(n / 12);
}

/* A candidate's rank: its edits, plus a penalty when the label leaves text
 * after it (a label that spans the whole text is the likelier reading). */
static unsigned rank_of(unsigned d, size_t used, size_t tlen)
{
	return d + (used < tlen ? 2u : 0u);
}

/* A label's number must be read: "Young people 1+" is 16+ or 19+ years,
 * and a guess between them would invent a tick. When the digits of the
 * chosen label are not all in the text, the options that could be meant
 * are those whose label, numbers apart, starts the text or is started by
 * it (a word may be lost too), and whose number agrees with the digits the
 * text shows (the label's within the text's, or the text's within the
 * label's). One such option is read; two are ambiguous; none, no match. */
static void check_number(const gpd_option_group *g, const char *text, size_t used,
	imp_match *out)
{
	char td[16], ld[16], mt[NORM_MAX], ml[NORM_MAX];
	size_t tl, found = 0;
	int cand[2] = {-1, -1};

	digits_of(text, used, td, sizeof(td));
	digits_of(g->options[out->option].label, (size_t)-1, ld, sizeof(ld));
	if (subsequence(ld, td))
		return;
	tl = norm_masked(text, mt, sizeof(mt));
	for (size_t i = 0; i < g->count; i++) {
		size_t ll = norm_masked(g->options[i].label, ml, sizeof(ml)), u;
		unsigned slack = imp_label_slack(ll);

		digits_of(g->options[i].label, (size_t)-1, ld, sizeof(ld));
		if (ld[0] == '\0' || !(subsequence(ld, td) || subsequence(td, ld)))
			continue;
		if (imp_prefix_distance(ml, ll, mt, tl, slack, &u) > slack &&
		    imp_prefix_distance(mt, tl, ml, ll, slack, &u) > slack)
			continue;
		if (found < 2)
			cand[found] = (int)i;
		found++;
	}
	if (found == 1) {
		out->option = cand[0];
		return;
	}
	out->option = -1;
	if (found >= 2) {
		out->ambiguous = 1;
		out->cand[0] = cand[0];
		out->cand[1] = cand[1];
	}
}

void imp_match_label(gpd_group group, const char *text, imp_match *out)
{
	const gpd_option_group *g = gpd_form_group(group);
	char norm[NORM_MAX], label[NORM_MAX];
	size_t map[NORM_MAX], tlen = norm_map(text, norm, sizeof(norm), map);
	unsigned best = (unsigned)-1, second = (unsigned)-1;
	int bi = -1, si = -1;
	size_t bused = 0;

	memset(out, 0, sizeof(*out));
	out->option = out->cand[0] = out->cand[1] = -1;
	for (size_t i = 0; g != NULL && i < g->count; i++) {
		size_t m = norm_map(g->options[i].label, label, sizeof(label), NULL), used;
		unsigned slack = imp_label_slack(m);
		unsigned d = imp_prefix_distance(label, m, norm, tlen, slack, &used), r;

		if (d > slack)
			continue;
		r = rank_of(d, used, tlen);
		if (r < best) {
			second = best;
			si = bi;
			best = r;
			bi = (int)i;
			bused = used;
			out->distance = d;
		} else if (r < second) {
			second = r;
			si = (int)i;
		}
	}
	if (bi < 0)
		return;
	/* An exact reading must be strictly best; a damaged one must be
	 * clearly best, or it is a guess. */
	if (si >= 0 && second < best + (out->distance == 0 ? 1u : 2u)) {
		out->ambiguous = 1;
		out->cand[0] = bi;
		out->cand[1] = si;
		return;
	}
	out->option = bi;
	out->used = bused == 0 ? 0 : map[bused - 1];
	check_number(g, text, out->used ? out->used : strlen(text), out);
}
