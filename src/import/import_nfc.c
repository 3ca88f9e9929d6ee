/* import_nfc.c: an input's text in Unicode Normalization Form C. A form
 * typed on a Mac, pasted from a PDF, or written by a Vietnamese keyboard
 * holds letters decomposed ("e" and U+0301 for "é"): the record kept them
 * so, a name that looks the same as its composed spelling but is not the
 * same bytes (search, the authority's spelling check, sorting). The
 * Unicode data is HarfBuzz's, which the layout already uses: a canonical
 * decomposition, canonical ordering of marks by combining class, then
 * canonical composition (UAX #15). ASCII is copied as it is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "gpdigest/utf8.h"
#include "import/import_priv.h"

/* Appends the full canonical decomposition of c to cp (at most 18 code
 * points: the longest decomposition has 18). */
static size_t decompose(hb_unicode_funcs_t *u, uint32_t c, uint32_t *cp, size_t n)
{
	hb_codepoint_t a, m;

	if (hb_unicode_decompose(u, c, &a, &m)) {
		n = decompose(u, a, cp, n);
		return m ? decompose(u, m, cp, n) : n;
	}
	cp[n++] = c;
	return n;
}

/* Puts each run of marks of cp[0..n) in order of combining class (a
 * stable insertion sort: marks of one class keep their order). */
static void order_marks(hb_unicode_funcs_t *u, uint32_t *cp, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t c = cp[i];
		unsigned cc = hb_unicode_combining_class(u, c);
		size_t j = i;

		if (cc == 0)
			continue;
		while (j > 0 && hb_unicode_combining_class(u, cp[j - 1]) > cc) {
			cp[j] = cp[j - 1];
			j--;
		}
		cp[j] = c;
	}
}

/* Canonical composition of cp[0..n) in place; returns the new length. A
 * character joins the last starter unless a character between them has
 * class 0 or one not below its own (it is blocked). */
static size_t compose(hb_unicode_funcs_t *u, uint32_t *cp, size_t n)
{
	size_t out = 0, starter = 0;
	int have_starter = 0;
	unsigned last = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t c = cp[i];
		unsigned cc = hb_unicode_combining_class(u, c);
		hb_codepoint_t ab;

		if (have_starter && (out == starter + 1 || (last != 0 && last < cc)) &&
		    hb_unicode_compose(u, cp[starter], c, &ab)) {
			cp[starter] = ab;
			continue;
		}
		if (cc == 0) {
			starter = out;
			have_starter = 1;
		}
		last = cc;
		cp[out++] = c;
	}
	return out;
}

/* The code points of s[0..len), decomposed, into cp (NULL: only counted). */
static size_t decode_all(hb_unicode_funcs_t *u, const char *s, size_t len, uint32_t *cp)
{
	uint32_t tmp[24];
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		uint32_t c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : gpd_utf8_decode((const unsigned char *)s + i, len - i, &c);
		size_t m;

		if (k == 0) { /* not UTF-8: the cleaning let none through */
			c = 0xFFFD;
			k = 1;
		}
		m = c < 0x80 ? (tmp[0] = c, 1) : decompose(u, c, tmp, 0);
		if (cp != NULL)
			memcpy(cp + n, tmp, m * sizeof(uint32_t));
		n += m;
		i += k;
	}
	return n;
}

int imp_nfc(const char *s, size_t len, char **out, size_t *out_len)
{
	hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
	gpd_buf b = {0};
	uint32_t *cp;
	size_t n = 0, i = 0;

	*out = NULL;
	while (i < len && (unsigned char)s[i] < 0x80)
		i++;
	if (i == len) /* all ASCII: nothing to normalise */
		return 0;
	n = decode_all(u, s, len, NULL);
	if ((cp = malloc((n + 1) * sizeof(uint32_t))) == NULL)
		return -1;
	decode_all(u, s, len, cp);
	order_marks(u, cp, n);
	n = compose(u, cp, n);
	for (size_t j = 0; j < n; j++) {
		if (cp[j] < 0x80)
			gpd_buf_putc(&b, (char)cp[j]);
		else
			imp_put_utf8(&b, cp[j]);
	}
	free(cp);
	if (gpd_buf_failed(&b)) {
		gpd_buf_free(&b);
		return -1;
	}
	*out_len = b.len;
	*out = b.data ? gpd_buf_take(&b) : calloc(1, 1);
	return *out ? 1 : -1;
}

int imp_nfc_paras(imp_para *paras, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *t;
		size_t len;
		int rc = imp_nfc(paras[i].md, strlen(paras[i].md), &t, &len);

		if (rc < 0)
			return -1;
		if (rc > 0) {
			free(paras[i].md);
			paras[i].md = t;
		}
	}
	return 0;
}
