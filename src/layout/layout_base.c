/* layout_base.c: the layout's errors, warnings, growing arrays, string pool and anchor table (the bottom of the engine: it calls nothing above it). */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_priv.h"

/* ---- errors, memory, strings ------------------------------------------ */

int gpd__fail(gpd_layout *L, int code, const char *fmt, ...)
{
	va_list ap;

	if (!L->err) {
		L->err = code;
		va_start(ap, fmt);
		vsnprintf(L->errmsg, sizeof L->errmsg, fmt, ap);
		va_end(ap);
	}
	return L->err;
}

void gpd__warn(gpd_layout *L, gpd_layout_warn kind, const char *arg)
{
	if (L->warn)
		L->warn(L->wctx, kind, arg);
}

/* The texts of the warnings, each with at most one %s for its argument. */
static const char *const warn_texts[] = {
	[GPD_LAYOUT_W_MISSING_GLYPH] = "no glyph for %s; printed as a replacement mark",
	[GPD_LAYOUT_W_MISSING_SCRIPT] = "no font of the style covers the %s; its text prints as replacement marks",
	[GPD_LAYOUT_W_BAD_UTF8] = "invalid UTF-8 replaced by U+FFFD",
	[GPD_LAYOUT_W_UNRESOLVED_ANCHOR] = "unresolved anchor \"%s\"",
	[GPD_LAYOUT_W_DUPLICATE_ANCHOR] = "anchor \"%s\" defined twice; the first one wins",
	/* (one literal: clang reads two in an initialiser list as a missed comma) */
	[GPD_LAYOUT_W_TOO_MANY_LINKS] = "more than %s links in this edition: the rest print as plain text, not as links (the Markdown keeps them)",
	[GPD_LAYOUT_W_MARK_RUN] = "more than %s combining marks on one letter (Unicode's stream-safe limit): the marks past that many are not placed on it",
	[GPD_LAYOUT_W_INVALID_STYLE] = "layout: invalid style",
	[GPD_LAYOUT_W_CANNOT_START] = "layout: %s",
	[GPD_LAYOUT_W_LOST_EMPHASIS] = "no font of the style has the %s, so that text prints without the emphasis",
	[GPD_LAYOUT_W_WORD_CUT] = "a line of the %s is broken inside a word, between syllables, for want of a dictionary of its words (a zero width space, U+200B, between words marks where lines may break)",
};
_Static_assert(sizeof warn_texts / sizeof *warn_texts == GPD_LAYOUT_W__COUNT,
	"every layout warning has a text");

char *gpd_layout_warn_text(gpd_layout_warn kind, const char *arg, char *buf, size_t n)
{
	const char *t = (unsigned)kind < GPD_LAYOUT_W__COUNT ? warn_texts[kind] : "layout: %s";
	const char *hole = strstr(t, "%s");

	if (n == 0)
		return buf;
	/* the text around the hole, the argument in it: no runtime format */
	if (hole)
		snprintf(buf, n, "%.*s%s%s", (int)(hole - t), t, arg ? arg : "", hole + 2);
	else
		snprintf(buf, n, "%s", t);
	return buf;
}

/* Grows the array whose pointer lives at pp to hold need elements,
 * doubling so appends stay amortised O(1). The pointer is moved with
 * memcpy because its real type is not void *. Nonzero on failure. */
int gpd__grow_to(gpd_layout *L, void *pp, size_t *cap, size_t need, size_t elsz)
{
	void *old, *q;
	size_t nc = *cap ? *cap : 16;

	if (need <= *cap)
		return 0;
	while (nc < need) {
		if (nc > SIZE_MAX / 2 / elsz)
			return gpd__fail(L, GPD_LAYOUT_ENOMEM, "array too large");
		nc *= 2;
	}
	memcpy(&old, pp, sizeof old);
	q = realloc(old, nc * elsz);
	if (!q)
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	memcpy(pp, &q, sizeof q);
	*cap = nc;
	return 0;
}

/* Copies s into the string pool; returns its offset or SIZE_MAX. Offsets,
 * not pointers, because the pool moves when it grows. */
size_t gpd__intern(gpd_layout *L, const char *s, size_t n)
{
	size_t off = L->slen;

	if (gpd__grow(L, &L->strs, &L->scap, L->slen + n + 1, 1))
		return SIZE_MAX;
	memcpy(L->strs + off, s, n);
	L->strs[off + n] = '\0';
	L->slen += n + 1;
	return off;
}

uint8_t gpd__lang_id(gpd_layout *L, const char *lang)
{
	size_t off;
	unsigned i;

	for (i = 0; i < L->nlangs && strcmp(L->strs + L->langs[i], lang) != 0; i++)
		;
	if (i < L->nlangs)
		return (uint8_t)(i + 1);
	if (i == GPD__LANGS) {
		gpd__fail(L, GPD_LAYOUT_EINVAL, "more than %d languages in one document",
			GPD__LANGS);
		return 0;
	}
	if ((off = gpd__intern(L, lang, strlen(lang))) == SIZE_MAX)
		return 0;
	L->langs[L->nlangs++] = off;
	return (uint8_t)(i + 1);
}

/* ---- anchors ------------------------------------------------------------ */

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

anchor_ent *gpd__anchor_find(const gpd_layout *L, const char *id)
{
	size_t i;

	if (!L->acap || !id)
		return NULL;
	for (i = hash_str(id) & (L->acap - 1); L->atab[i].key != SIZE_MAX;
	     i = (i + 1) & (L->acap - 1))
		if (strcmp(L->strs + L->atab[i].key, id) == 0)
			return &L->atab[i];
	return NULL;
}

static void anchor_insert(anchor_ent *tab, size_t cap, const char *strs,
	anchor_ent e)
{
	size_t i = hash_str(strs + e.key) & (cap - 1);

	while (tab[i].key != SIZE_MAX)
		i = (i + 1) & (cap - 1);
	tab[i] = e;
}

/* Open addressing at most half full: lookups stay O(1) for the 10,000s
 * of anchors a large compendium has. */
anchor_ent *gpd__anchor_add(gpd_layout *L, const char *id, int page)
{
	anchor_ent e = { 0, page, 0 };
	size_t i;

	if ((L->acount + 1) * 2 > L->acap) {
		size_t nc = L->acap ? L->acap * 2 : 256;
		anchor_ent *t = malloc(nc * sizeof *t);
		if (!t) {
			gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
			return NULL;
		}
		for (i = 0; i < nc; i++)
			t[i].key = SIZE_MAX;
		for (i = 0; i < L->acap; i++)
			if (L->atab[i].key != SIZE_MAX)
				anchor_insert(t, nc, L->strs, L->atab[i]);
		free(L->atab);
		L->atab = t;
		L->acap = nc;
	}
	if ((e.key = gpd__intern(L, id, strlen(id))) == SIZE_MAX)
		return NULL;
	anchor_insert(L->atab, L->acap, L->strs, e);
	L->acount++;
	return gpd__anchor_find(L, id);
}
