/* import_ocr.c: the tokenizer for text read from scanned forms, and the
 * grammar of tick boxes it shares with the export tokenizer.
 *
 * What OCR makes of a printed box (measured on forms printed, scanned and
 * read by tesseract; tests/import/corpus): the box's edges become bracket-
 * like characters or letters that look like them, around the mark or a
 * blank: a ticked box "[X|", "{X]", "(X!", "IX!", "XI", "XX", "1X]", "Xj";
 * an empty one "|_|", "{_]", "(|", "(\"|", "I_I", "_|", "C1", "II".
 *
 *   box      := glyph | bracket | frame | yes-no
 *   glyph    := ☒ ☑ ✓ ✔ (ticked) | ☐ □ (empty)
 *   bracket  := "[" blank "]" | "[" mark "]" | "[ " followed by the label
 *   frame    := 1 to 5 of  [ ] { } ( ) | ! _ " ' - . / \ “ ” ‘ ’  (edges)
 *                      or  I l i j J L 1 C 7 O o Z F 2        (edges as letters)
 *                      or  X x                                (the mark)
 *               a word of its own, or glued to its label's capital ("}XBe",
 *               "(Service")
 *   yes-no   := label ":" ("Yes" | "No")        (an export's answer)
 *
 * A box with an upper-case X is ticked, and so is one whose lower-case x
 * stands against the box's right edge ("x]", "ix!", a Markdown task list's
 * "[x]"); another lower-case x is unreadable; a box with neither is empty. A box is followed by its label, which starts with a capital or
 * "(" as every option label does. A frame without an X counts only at the
 * line's start or after another box on the line (a column of boxes), never
 * in running text. What looks like a box is a box only when its label
 * names an option (import_form.c reads the others back as text), except
 * the strong shapes that cannot be words: glyphs, brackets, and an X with
 * an edge around it. Two columns of the form often share a line, so a line
 * becomes the text before its first box and one segment per box. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "import/import_priv.h"

#define MARK_MAX 5 /* characters of a frame */

typedef struct shape {
	imp_box box;
	size_t len;   /* bytes of the shape, up to its label */
	int strong;
} shape;

/* Bytes of a curly quote at s (an edge as OCR reads it), else 0. */
static size_t quote_len(const char *s, size_t len)
{
	return len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
		strchr("\x98\x99\x9C\x9D", s[2]) != NULL && s[2] != '\0' ? 3 : 0;
}

static int edge_char(char c)
{
	return c != '\0' && strchr("[]{}()|!_\"'-./\\", c) != NULL;
}

static int edge_letter(char c)
{
	return c != '\0' && strchr("IlijJL1C7OoZF2", c) != NULL;
}

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

/* True when s[i..] can start an option label. */
static int label_start(const char *s, size_t len, size_t i)
{
	return i < len && (isupper((unsigned char)s[i]) || s[i] == '(');
}

/* The first non-blank byte at or after i. */
static size_t skip_blank(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Shapes that open with '[': the notations "[ ]", "[X]", "[x]", "[_]", an
 * unreadable "[?]", and "[ J" / "[ NW" where the right edge is lost. */
static shape bracket_shape(const char *s, size_t len, size_t i)
{
	size_t j = skip_blank(s, len, i + 1);
	char c;

	if (j < len && s[j] == ']')
		return (shape){IMP_BOX_EMPTY, j + 1 - i, 1};           /* [] [ ] */
	if (j >= len)
		return (shape){IMP_BOX_EMPTY, j - i, 1};               /* a lone [ */
	c = s[j];
	if (j + 1 < len && s[j + 1] == ']' && (j + 2 >= len || s[j + 2] == ' ' ||
	    label_start(s, len, j + 2))) {
		if (c == 'X' || c == 'x')
			return (shape){IMP_BOX_TICKED, j + 2 - i, 1};  /* [X] [x] */
		if (strchr("_-=~.,'\"|", c) != NULL)
			return (shape){IMP_BOX_EMPTY, j + 2 - i, 1};   /* [_] [=] */
		if (!isalnum((unsigned char)c) || j > i + 1)
			return (shape){IMP_BOX_UNREADABLE, j + 2 - i, 1}; /* [?] */
	}
	if (j + 2 < len && s[j + 1] == ' ' && s[j + 2] == ']')
		return (shape){c == 'X' || c == 'x' ? IMP_BOX_TICKED :
			IMP_BOX_UNREADABLE, j + 3 - i, 1};             /* [ X ] */
	if (c == 'J' && j > i + 1 && (j + 1 >= len || s[j + 1] == ' ' ||
	    label_start(s, len, j + 1)))
		return (shape){IMP_BOX_EMPTY, j + 1 - i, 1};           /* [ J */
	if (j > i + 1 && label_start(s, len, j))
		return (shape){IMP_BOX_EMPTY, j - i, 1};               /* "[ NW" */
	return (shape){IMP_BOX_NONE, 0, 0};
}

/* A frame at s[i]: up to MARK_MAX edge characters, edge letters and X
 * marks, then a blank or (glued, after an X) the label's capital. first:
 * 2 for the line's first word, 1 for a word after a box, where a column of
 * boxes stands (an edge glued to its label only at the line's start); elsewhere only a frame with an X or two edges around a blank
 * ("|_|", "(|") counts, never a lone edge or letters (a dash, "I", "1"). */
static shape frame_shape(const char *s, size_t len, size_t i, int first)
{
	size_t j = i, chars = 0, q, glued = 0;
	int upper_x = 0, boxed_x = 0, lower_x = 0, edges = 0, brackets = 0, letters = 0;

	while (j < len && chars <= MARK_MAX) {
		if ((q = quote_len(s + j, len - j)) > 0) {
			edges++;
		} else if (s[j] == 'X' || s[j] == 'x') {
			upper_x |= s[j] == 'X';
			/* a lower-case x against the box's right edge ("x]", "ix!") */
			boxed_x |= s[j] == 'x' && j + 1 < len && s[j + 1] != 'x' &&
				(edge_char(s[j + 1]) || edge_letter(s[j + 1]));
			lower_x = 1;
			q = 1;
		} else if (edge_char(s[j]) || edge_letter(s[j])) {
			edges++;
			letters |= edge_letter(s[j]);
			brackets += edge_char(s[j]) && strchr("-\"'", s[j]) == NULL;
			q = 1;
		} else {
			break;
		}
		if ((upper_x || (first == 2 && edges > 0 && !letters)) && !glued && j + q < len &&
		    isupper((unsigned char)s[j + q]) && s[j + q] != 'X')
			glued = j + q; /* "}XBe healthy", "XGirls", "(Service" */
		j += q;
		chars++;
	}
	if (chars == 0)
		return (shape){IMP_BOX_NONE, 0, 0};
	if (first == 2 && !glued && j < len && s[j] == ' ' && chars <= 3 && j + 1 < len &&
	    (edge_char(s[j + 1]) || edge_letter(s[j + 1]) || s[j + 1] == 'X')) {
		/* a box the scan read as two words: "| I71", "( X|" */
		shape two = frame_shape(s, len, j + 1, 1);

		if (two.box != IMP_BOX_NONE && (two.box == IMP_BOX_TICKED) >= (upper_x || boxed_x))
			return (shape){two.box, j + 1 - i + two.len, two.strong || edges > 0};
	}
	if (j < len && s[j] != ' ' && s[j] != '\t') {
		if (glued == 0)
			return (shape){IMP_BOX_NONE, 0, 0};
		j = glued;
	} else if (chars > MARK_MAX || !label_start(s, len, skip_blank(s, len, j))) {
		return (shape){IMP_BOX_NONE, 0, 0};
	}
	if (upper_x || boxed_x)
		return (shape){IMP_BOX_TICKED, j - i, edges > 0 || first};
	if (!first && !(brackets > 0 && chars >= 2))
		return (shape){IMP_BOX_NONE, 0, 0};
	if (j - i == 1 && s[i] == '-')
		return (shape){IMP_BOX_NONE, 0, 0}; /* a dash */
	return (shape){lower_x ? IMP_BOX_UNREADABLE : IMP_BOX_EMPTY, j - i, 0};
}

/* The box shape starting at s[i] (at a word start), or NONE. first: the
 * line's first word, or a word after a box. notation: an export's
 * notations only. */
static shape box_at(const char *s, size_t len, size_t i, int first, int notation)
{
	size_t n;
	imp_box g = glyph_box(s + i, len - i, &n);
	shape r;

	if (g != IMP_BOX_NONE)
		return (shape){g, n, 1};
	if (s[i] == '[' && (r = bracket_shape(s, len, i)).box != IMP_BOX_NONE)
		return r;
	if (notation) /* an export's "X Label" at a cell's or line's start */
		return first && s[i] == 'X' && i + 1 < len && s[i + 1] == ' ' &&
			label_start(s, len, skip_blank(s, len, i + 1)) ?
			(shape){IMP_BOX_TICKED, 1, 0} : (shape){IMP_BOX_NONE, 0, 0};
	if (s[i] == '(' && i + 2 < len && (s[i + 1] == ' ' || s[i + 1] == '_') && s[i + 2] == ')')
		return (shape){IMP_BOX_EMPTY, 3, 1};                   /* ( ) */
	return frame_shape(s, len, i, first);
}

size_t imp_box_prefix(const char *s, size_t len, int notation, imp_seg *seg)
{
	shape sh = box_at(s, len, 0, 2, notation);

	if (sh.box == IMP_BOX_NONE || sh.len >= sizeof(seg->shape))
		return 0;
	seg->box = sh.box;
	seg->strong = (unsigned char)sh.strong;
	seg->suffix = 0;
	memcpy(seg->shape, s, sh.len);
	seg->shape[sh.len] = '\0';
	return skip_blank(s, len, sh.len);
}

/* Length of a list marker ("- ", "* ", "+ ", "• ") and its blanks at s. */
static size_t list_marker(const char *s, size_t len)
{
	size_t n = 0;

	if (len >= 2 && strchr("-*+", s[0]) && s[0] != '\0' && s[1] == ' ')
		n = 1;
	else if (len >= 4 && memcmp(s, "\xE2\x80\xA2 ", 4) == 0)
		n = 3;
	return n ? skip_blank(s, len, n) : 0;
}

/* An export's "Label: Yes" or "Label: No", optionally followed by a
 * "(please specify)" text: the box, and in *colon and *rest where the
 * answer and the text after it start; NONE when s is not one. */
static imp_box yes_no(const char *s, size_t len, size_t *colon, size_t *rest)
{
	const char *c = NULL;
	size_t i, n;
	imp_box box;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (size_t k = len; k > 0 && c == NULL; k--) /* the last colon */
		if (s[k - 1] == ':')
			c = s + k - 1;
	if (c == NULL || c == s || !label_start(s, len, 0))
		return IMP_BOX_NONE;
	i = skip_blank(s, len, (size_t)(c - s) + 1);
	if (len - i >= 3 && strncasecmp(s + i, "yes", 3) == 0)
		box = IMP_BOX_TICKED, n = 3;
	else if (len - i >= 2 && strncasecmp(s + i, "no", 2) == 0)
		box = IMP_BOX_EMPTY, n = 2;
	else
		return IMP_BOX_NONE;
	i += n;
	if (i < len && s[i] == '.')
		i++;
	i = skip_blank(s, len, i);
	if (i < len && (s[i] != '(' || s[len - 1] != ')'))
		return IMP_BOX_NONE;
	*colon = (size_t)(c - s);
	*rest = i;
	return box;
}

static void mark_last(imp_doc *d, int pushed, int strong, int suffix)
{
	if (pushed) {
		d->segs[d->nsegs - 1].strong = (unsigned char)strong;
		d->segs[d->nsegs - 1].suffix = (unsigned char)suffix;
	}
}

void imp_scan_marks(imp_doc *d, unsigned line, unsigned col, const char *s,
	size_t len, int brk, int notation)
{
	size_t start = skip_blank(s, len, 0), box_col = 0, colon, rest, lm;
	imp_box open = IMP_BOX_NONE;
	int strong = 0;
	char shape_text[12] = "";
	shape sh;

	while (len > start && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if ((lm = list_marker(s + start, len - start)) > 0 &&
	    box_at(s, len, start + lm, 1, notation).box != IMP_BOX_NONE)
		start += lm; /* "- [x] Label", "-   ☒ Label" */
	if ((open = yes_no(s + start, len - start, &colon, &rest)) != IMP_BOX_NONE) {
		size_t a = skip_blank(s, len, start + colon + 1);

		snprintf(shape_text, sizeof(shape_text), ": %.*s", (int)(rest - (a - start)), s + a);
		mark_last(d, imp_doc_push(d, open, s + start, colon, line, col + (unsigned)start,
			brk, shape_text), 0, 1);
		if (start + rest < len) { /* "(text)": the please-specify text */
			size_t from = start + rest + 1, to = len;

			while (to > from && s[to - 1] != ')')
				to--;
			if (to > from)
				imp_doc_push(d, IMP_BOX_NONE, s + from, to - 1 - from, line,
					col + (unsigned)from, 0, "");
		}
		return;
	}
	for (size_t i = start; i < len; i++) {
		if (i > start && s[i - 1] != ' ' && s[i - 1] != '\t')
			continue;
		sh = box_at(s, len, i, i == start ? 2 : open != IMP_BOX_NONE, notation);
		if (sh.box == IMP_BOX_NONE)
			continue;
		if (i > start || open != IMP_BOX_NONE) {
			mark_last(d, imp_doc_push(d, open, s + start, i - start, line,
				col + (unsigned)(open != IMP_BOX_NONE ? box_col : start), brk,
				shape_text), strong, 0);
			brk = 0;
		}
		open = sh.box;
		strong = sh.strong;
		box_col = i;
		snprintf(shape_text, sizeof(shape_text), "%.*s", (int)sh.len, s + i);
		start = skip_blank(s, len, i + sh.len);
		i = start - 1;
	}
	mark_last(d, imp_doc_push(d, open, s + start, len - start, line,
		col + (unsigned)(open != IMP_BOX_NONE ? box_col : start), brk, shape_text),
		strong, 0);
}

/* Lines of the paragraph starting at line l that end in an export's
 * "Label: Yes/No" (pandoc wraps a long label: "National (please specify
 * ... N.\nIreland): Yes"): their number, at most 3, or 0 when the
 * paragraph is not one such answer. */
static size_t yes_no_paragraph(const imp_doc *d, size_t l)
{
	for (size_t n = 1; n <= 3 && l + n <= d->nlines; n++) {
		const char *s = d->data + d->line_off[l + n - 1];
		size_t len = d->line_off[l + n] - 1 - d->line_off[l + n - 1], c, r;

		if (skip_blank(s, len, 0) == len)
			return 0;
		if (yes_no(s, len, &c, &r) != IMP_BOX_NONE)
			return n;
		if (memchr(s, ':', len) != NULL)
			return 0;
	}
	return 0;
}

/* Scanning stops past IMP_MAX_BOXES boxes: the parser refuses the input
 * then anyway (or has left the form before them). */
void imp_scan_ocr(imp_doc *d)
{
	int blank = 1;

	for (size_t l = 0; l < d->nlines && !d->nomem && d->nboxes <= IMP_MAX_BOXES; l++) {
		const char *s = d->data + d->line_off[l];
		size_t len = d->line_off[l + 1] - 1 - d->line_off[l], k = 0, n;

		while (k < len && isspace((unsigned char)s[k]))
			k++;
		if (k == len) {
			blank = 1;
			continue;
		}
		if (blank && (n = yes_no_paragraph(d, l)) > 1) {
			/* one answer wrapped over n lines: read as one line */
			gpd_buf b = {0};

			for (size_t i = l; i < l + n; i++) {
				gpd_buf_append(&b, d->data + d->line_off[i],
					d->line_off[i + 1] - 1 - d->line_off[i]);
				gpd_buf_putc(&b, ' ');
			}
			if (gpd_buf_failed(&b))
				d->nomem = 1;
			else
				imp_scan_marks(d, (unsigned)(l + 1), 1, b.data, b.len, 2, 0);
			gpd_buf_free(&b);
			l += n - 1;
			blank = 0;
			continue;
		}
		imp_scan_marks(d, (unsigned)(l + 1), 1, s, len, blank && l > 0 ? 2 : 1, 0);
		blank = 0;
	}
}
