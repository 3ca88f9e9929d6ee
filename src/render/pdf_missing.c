/* pdf_missing.c: missing-glyph, missing-script, missing-emphasis and word-cut warnings, once per record and character, script or emphasis; a field's characters on one line (see pdf_missing.h). */
#include "render/pdf_missing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/hash.h"

#define NCODES 0x110000u /* Unicode's code points */
#define SCRIPT ((uint64_t)2 << 62)   /* what: a script's, not a character */
#define EMPHASIS ((uint64_t)3 << 62) /* what: an emphasis lost */
#define WORD_CUT ((uint64_t)1 << 62) /* what: a script's words cut */

static int bit(const uint8_t *set, uint32_t cp)
{
	return set != NULL && (set[cp >> 3] & (1u << (cp & 7))) != 0;
}

/* Sets cp in the bitset at *set, made on first use; -1 out of memory. */
static int set_bit(uint8_t **set, uint32_t cp)
{
	if (*set == NULL && (*set = calloc(NCODES / 8, 1)) == NULL)
		return -1;
	(*set)[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	return 0;
}

static size_t slot_of(const gpd_missing_seen *t, size_t cap, const gpd_record *rec,
	uint64_t what)
{
	/* a record's address in the low bits, the character in the high */
	uint64_t h = ((uint64_t)(uintptr_t)rec >> 4 ^ what << 40 ^ what) * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 32) & (cap - 1);

	while (t[i].what != 0 && !(t[i].rec == rec && t[i].what == what))
		i = (i + 1) & (cap - 1);
	return i;
}

/* Doubles the table (a power of two, at most half full). */
static int grow(gpd_pdf_missing *m)
{
	size_t cap = m->cseen ? m->cseen * 2 : 64;
	gpd_missing_seen *t = calloc(cap, sizeof *t);

	if (t == NULL)
		return -1;
	for (size_t i = 0; i < m->cseen; i++)
		if (m->seen[i].what != 0)
			t[slot_of(t, cap, m->seen[i].rec, m->seen[i].what)] = m->seen[i];
	free(m->seen);
	m->seen = t;
	m->cseen = cap;
	return 0;
}

/* Whether what (not 0) was said before for rec; notes it if not. 1 said,
 * 0 new, -1 out of memory. */
static int seen_before(gpd_pdf_missing *m, const gpd_record *rec, uint64_t what)
{
	size_t i;

	if ((m->nseen + 1) * 2 > m->cseen && grow(m) != 0)
		return -1;
	i = slot_of(m->seen, m->cseen, rec, what);
	if (m->seen[i].what != 0)
		return 1;
	m->seen[i] = (gpd_missing_seen){rec, what};
	m->nseen++;
	return 0;
}

/* Appends cp to the characters met in text of no record; -1 out of memory. */
static int push_loose(gpd_pdf_missing *m, uint32_t cp)
{
	if (m->nloose == m->cloose) {
		size_t cap = m->cloose ? m->cloose * 2 : 16;
		uint32_t *q = realloc(m->loose_cp, cap * sizeof *q);

		if (q == NULL)
			return -1;
		m->loose_cp = q;
		m->cloose = cap;
	}
	m->loose_cp[m->nloose++] = cp;
	return 0;
}

/* One warning for the n characters (the first few in first), at rec's pos
 * (rec NULL: no file): "U+13000", "U+13000 or U+13001", "U+13000,
 * U+13001 or U+13002", past GPD_MAX_MISSING_GLYPHS_NAMED "U+13000, ...,
 * U+13007 or 12 other characters". */
static void say(gpd_pdf_missing *m, const gpd_record *rec, gpd_pos pos,
	const uint32_t *first, size_t n)
{
	size_t named = n < GPD_MAX_MISSING_GLYPHS_NAMED ? n : GPD_MAX_MISSING_GLYPHS_NAMED;
	gpd_buf arg = {0};

	for (size_t i = 0; i < named; i++)
		gpd_buf_printf(&arg, "%sU+%04X", i == 0 ? "" : i + 1 < named || n > named ? ", "
			: " or ", (unsigned)first[i]);
	if (n > named)
		gpd_buf_printf(&arg, " or %zu other character%s", n - named, n - named == 1 ? "" : "s");
	if (gpd_buf_failed(&arg))
		m->nomem = 1;
	else
		gpd_diag_report(m->diag, rec ? rec->path : NULL, rec ? pos.line : 0,
			rec ? pos.col : 0, GPD_W_MISSING_GLYPH, arg.data);
	gpd_buf_free(&arg);
}

void gpd_pdf_missing_flush(gpd_pdf_missing *m)
{
	if (m->n > 0)
		say(m, m->rec, m->pos, m->first, m->n);
	m->n = 0;
	m->rec = NULL;
}

int gpd_pdf_missing_add(gpd_pdf_missing *m, const gpd_record *rec, gpd_pos pos,
	uint32_t cp)
{
	int k;

	if (cp >= NCODES)
		return 0;
	if (rec == NULL) { /* said at the end, if no record has it */
		if (bit(m->loose, cp))
			return 0;
		if (set_bit(&m->loose, cp) == 0 && push_loose(m, cp) == 0)
			return 0;
		m->nomem = 1;
		return -1;
	}
	if ((k = seen_before(m, rec, (uint64_t)cp + 1)) == 1)
		return 0;
	if (k < 0 || set_bit(&m->said, cp) != 0) {
		m->nomem = 1;
		return -1;
	}
	if (m->n > 0 && (m->rec != rec || m->pos.line != pos.line || m->pos.col != pos.col))
		gpd_pdf_missing_flush(m);
	m->rec = rec;
	m->pos = pos;
	if (m->n < GPD_MAX_MISSING_GLYPHS_NAMED)
		m->first[m->n] = cp;
	m->n++;
	return 0;
}

/* The key of a warning's argument: kind (SCRIPT, EMPHASIS) in the top
 * two bits, above any character's. */
static uint64_t arg_key(uint64_t kind, const char *arg)
{
	return kind | gpd_hash_str(GPD_HASH_INIT, arg ? arg : "") >> 2;
}

/* The key of a missing-script warning's argument. */
static uint64_t script_key(const char *arg)
{
	return arg_key(SCRIPT, arg);
}

/* Keeps arg to say at the end; -1 out of memory. */
static int push_script(gpd_pdf_missing *m, const char *arg)
{
	for (size_t i = 0; i < m->nscript; i++)
		if (strcmp(m->loose_script[i], arg) == 0)
			return 0;
	if (m->nscript == m->cscript) {
		size_t cap = m->cscript ? m->cscript * 2 : 8;
		char **q = realloc(m->loose_script, cap * sizeof *q);

		if (q == NULL)
			return -1;
		m->loose_script = q;
		m->cscript = cap;
	}
	if ((m->loose_script[m->nscript] = gpd_strdup(arg)) == NULL)
		return -1;
	m->nscript++;
	return 0;
}

int gpd_pdf_missing_script(gpd_pdf_missing *m, const gpd_record *rec, const char *arg)
{
	uint64_t key = script_key(arg);
	int k;

	if (rec == NULL) {
		if (push_script(m, arg ? arg : "") == 0)
			return 0;
	} else if ((k = seen_before(m, rec, key)) == 1) {
		return 0;
	} else if (k == 0 && seen_before(m, NULL, key) >= 0) {
		return 1; /* new for rec; noted as said for a record (rec NULL) */
	}
	m->nomem = 1;
	return -1;
}

int gpd_pdf_missing_emphasis(gpd_pdf_missing *m, const gpd_record *rec, const char *arg)
{
	int k;

	if (rec == NULL)
		return 0;
	if ((k = seen_before(m, rec, arg_key(EMPHASIS, arg))) < 0)
		m->nomem = 1;
	return k < 0 ? -1 : k == 0;
}

int gpd_pdf_missing_word_cut(gpd_pdf_missing *m, const gpd_record *rec, const char *arg)
{
	int k = seen_before(m, rec, arg_key(WORD_CUT, arg));

	if (k < 0)
		m->nomem = 1;
	return k < 0 ? -1 : k == 0;
}

int gpd_pdf_missing_text(gpd_pdf_missing *m, const gpd_record *rec, int kind)
{
	char arg[16]; /* no script's name: a word-cut key never is one of these */
	int k;

	snprintf(arg, sizeof arg, "\001%d", kind);
	if ((k = seen_before(m, rec, arg_key(WORD_CUT, arg))) < 0)
		m->nomem = 1;
	return k < 0 ? -1 : k == 0;
}

int gpd_pdf_missing_finish(gpd_pdf_missing *m)
{
	uint32_t first[GPD_MAX_MISSING_GLYPHS_NAMED];
	size_t n = 0;
	int rc;

	gpd_pdf_missing_flush(m);
	for (size_t i = 0; i < m->nloose; i++)
		if (!bit(m->said, m->loose_cp[i])) {
			if (n < GPD_MAX_MISSING_GLYPHS_NAMED)
				first[n] = m->loose_cp[i];
			n++;
		}
	if (n > 0)
		say(m, NULL, (gpd_pos){0, 0}, first, n);
	for (size_t i = 0; i < m->nscript; i++) {
		if (seen_before(m, NULL, script_key(m->loose_script[i])) == 0)
			gpd_diag_report(m->diag, NULL, 0, 0, GPD_W_MISSING_SCRIPT, m->loose_script[i]);
		free(m->loose_script[i]);
	}
	rc = m->nomem ? -1 : 0;
	free(m->seen);
	free(m->said);
	free(m->loose);
	free(m->loose_cp);
	free(m->loose_script);
	*m = (gpd_pdf_missing){0};
	return rc;
}
