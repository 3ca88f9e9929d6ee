/* import_ocr.c: the tokenizer for text read from scanned forms. OCR turns a
 * printed box into many shapes ("[ ]", "[]", "[_]", "(]", "[ J", a lone "]"
 * or "[") and a ticked one into "X", "X]", "[X]" or "☒"; this file knows
 * those shapes, and splits each line into the text before the first box and
 * one segment per box (two columns of the form often share a line). */
#include <ctype.h>
#include <string.h>

#include "import/import_priv.h"

typedef struct shape {
	imp_box box;
	size_t len; /* bytes of the box, including a glued "J" */
} shape;

/* The multi-byte box glyphs and what they mean. */
static imp_box glyph_box(const char *s, size_t len, size_t *n)
{
	static const struct { const char *glyph; imp_box box; } glyphs[] = {
		{"\xE2\x98\x92", IMP_BOX_TICKED},  /* ☒ */
		{"\xE2\x98\x91", IMP_BOX_TICKED},  /* ☑ */
		{"\xE2\x9C\x93", IMP_BOX_TICKED},  /* ✓ */
		{"\xE2\x9C\x94", IMP_BOX_TICKED},  /* ✔ */
		{"\xE2\x98\x90", IMP_BOX_EMPTY},   /* ☐ */
		{"\xE2\x96\xA1", IMP_BOX_EMPTY},   /* □ */
	};

	for (size_t k = 0; k < sizeof(glyphs) / sizeof(glyphs[0]); k++)
		if (len >= 3 && memcmp(s, glyphs[k].glyph, 3) == 0) {
			*n = 3;
			return glyphs[k].box;
		}
	return IMP_BOX_NONE;
}

static int next_starts_label(const char *s, size_t len, size_t i)
{
	return i >= len || s[i] == ' ' || isupper((unsigned char)s[i]) ||
		s[i] == '(' || (unsigned char)s[i] >= 0x80;
}

/* Shapes that open with '['. */
static shape bracket_shape(const char *s, size_t len, size_t i)
{
	shape r = {IMP_BOX_NONE, 0};
	size_t j = i + 1;
	char c;

	while (j < len && s[j] == ' ')
		j++;
	if (j < len && s[j] == ']')
		return (shape){IMP_BOX_EMPTY, j + 1 - i};              /* [] [ ] */
	if (j >= len)
		return (shape){IMP_BOX_EMPTY, j - i};                  /* a lone [ */
	c = s[j];
	if (j + 1 < len && s[j + 1] == ']') {
		if (c == 'X' || c == 'x')
			return (shape){IMP_BOX_TICKED, j + 2 - i};     /* [X] */
		if (c == '_')
			return (shape){IMP_BOX_EMPTY, j + 2 - i};      /* [_] */
		return (shape){IMP_BOX_UNREADABLE, j + 2 - i};         /* [?] */
	}
	if (j + 2 < len && s[j + 1] == ' ' && s[j + 2] == ']')
		return (shape){c == 'X' || c == 'x' ? IMP_BOX_TICKED :
			IMP_BOX_UNREADABLE, j + 3 - i};                /* [ X ] */
	if (c == 'J' && next_starts_label(s, len, j + 1))
		return (shape){IMP_BOX_EMPTY, j + 1 - i};              /* [ J */
	if (j > i + 1 && (isupper((unsigned char)c) || isdigit((unsigned char)c)))
		return (shape){IMP_BOX_EMPTY, j - i};                  /* "[ NW" */
	return r;
}

/* The box shape starting at s[i] (at a word start), or NONE. */
static shape box_at(const char *s, size_t len, size_t i)
{
	size_t n;
	imp_box g = glyph_box(s + i, len - i, &n);

	if (g != IMP_BOX_NONE)
		return (shape){g, n};
	switch (s[i]) {
	case '[':
		return bracket_shape(s, len, i);
	case '(':
		if (i + 1 < len && s[i + 1] == ']')
			return (shape){IMP_BOX_EMPTY, 2};              /* (] */
		if (i + 2 < len && (s[i + 1] == ' ' || s[i + 1] == '_') && s[i + 2] == ')')
			return (shape){IMP_BOX_EMPTY, 3};              /* ( ) */
		break;
	case ']':
		if (i + 1 >= len || s[i + 1] == ' ')
			return (shape){IMP_BOX_EMPTY, 1};              /* lone ] */
		break;
	case 'X':
	case 'x':
		if (i + 1 < len && s[i + 1] == ']')
			return (shape){IMP_BOX_TICKED, 2};             /* X] */
		if (s[i] == 'X' && (i + 1 >= len ||
		    (s[i + 1] == ' ' && i + 2 < len &&
		     (isupper((unsigned char)s[i + 2]) || s[i + 2] == '('))))
			return (shape){IMP_BOX_TICKED, 1};             /* X Label */
		break;
	default:
		break;
	}
	return (shape){IMP_BOX_NONE, 0};
}

/* Splits one line: leading text, then one segment per box. */
static void scan_line(imp_doc *d, unsigned line, const char *s, size_t len,
	int brk)
{
	size_t start = 0, box_at_col = 0;
	imp_box open = IMP_BOX_NONE;
	char shape_text[12] = "";

	for (size_t i = 0; i < len; i++) {
		shape sh;

		if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t')
			continue;
		sh = box_at(s, len, i);
		if (sh.box == IMP_BOX_NONE)
			continue;
		if (imp_doc_push(d, open, s + start, i - start, line,
		    (unsigned)(open != IMP_BOX_NONE ? box_at_col : start + 1), brk,
		    shape_text))
			brk = 0;
		open = sh.box;
		box_at_col = i + 1;
		{
			size_t n = sh.len < sizeof(shape_text) - 1 ? sh.len : sizeof(shape_text) - 1;

			memcpy(shape_text, s + i, n);
			shape_text[n] = '\0';
		}
		start = i + sh.len;
		i = start - 1;
	}
	imp_doc_push(d, open, s + start, len - start, line,
		(unsigned)(open != IMP_BOX_NONE ? box_at_col : start + 1), brk, shape_text);
}

/* Scanning stops past IMP_MAX_BOXES boxes: the parser refuses the input
 * then anyway (or has left the form before them). */
void imp_scan_ocr(imp_doc *d)
{
	int blank = 0;
	for (size_t l = 0; l < d->nlines && !d->nomem && d->nboxes <= IMP_MAX_BOXES; l++) {
		const char *s = d->data + d->line_off[l];
		size_t len = d->line_off[l + 1] - 1 - d->line_off[l], k = 0;

		while (k < len && isspace((unsigned char)s[k]))
			k++;
		if (k == len) {
			blank = 1;
			continue;
		}
		scan_line(d, (unsigned)(l + 1), s, len, blank ? 2 : 1);
		blank = 0;
	}
}
