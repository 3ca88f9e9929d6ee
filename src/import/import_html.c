/* import_html.c: the tokenizer for exports of the Word form to Markdown with
 * HTML checkboxes. The export puts a question and its answer in table
 * cells, <p> paragraphs or tab-separated runs, so cells, paragraphs and
 * tabs end a segment and each <input type="checkbox"/> starts one; inline
 * markup (<b>, <i>, <a>, **) is dropped from the text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "gpdigest/utf8.h"
#include "import/import_priv.h"

/* True when s[i] ('<') starts a Markdown autolink, "<jo@x.gov.uk>" or
 * "<https://...>", which is text, not a tag (the name is looked at only
 * as far as a tag name or an address's local part can go). */
static int autolink(const char *s, size_t len, size_t i)
{
	size_t n = 0;

	while (i + 1 + n < len && n < 64 && (isalnum((unsigned char)s[i + 1 + n]) ||
	       strchr("._%+-", s[i + 1 + n]) != NULL))
		n++;
	if (i + 1 + n >= len)
		return 0;
	if (s[i + 1 + n] == '@')
		return 1;
	return s[i + 1 + n] == ':' && ((n == 4 && strncasecmp(s + i + 1, "http", 4) == 0) ||
		(n == 5 && strncasecmp(s + i + 1, "https", 5) == 0) ||
		(n == 6 && strncasecmp(s + i + 1, "mailto", 6) == 0));
}

/* The end of the tag starting at s[i] ('<'), or 0 when s[i] starts no tag.
 * *gt caches the next '>' at or after i so a run of '<' stays linear. */
static size_t tag_end(const char *s, size_t len, size_t i, size_t *gt)
{
	const char *p;

	if (i + 1 >= len || !(isalpha((unsigned char)s[i + 1]) ||
	    s[i + 1] == '/' || s[i + 1] == '!') || autolink(s, len, i))
		return 0;
	if (*gt < i || *gt == 0) {
		p = memchr(s + i, '>', len - i);
		*gt = p ? (size_t)(p - s) : len;
	}
	return *gt < len ? *gt + 1 : 0;
}

/* ---- symbol fonts (also for import_docx_walk.c) ---- */

int imp_symbol_font(const char *f)
{
	if (f == NULL)
		return 0;
	if (strcasecmp(f, "Wingdings") == 0)
		return 1;
	if (strcasecmp(f, "Wingdings 2") == 0)
		return 2;
	return strcasecmp(f, "Symbol") == 0 || strncasecmp(f, "Wingdings", 9) == 0 ||
		strcasecmp(f, "Webdings") == 0 ? 3 : 0;
}

const char *imp_symbol_glyph(int font, unsigned long c)
{
	if (c >= 0xF000 && c <= 0xF0FF)
		c -= 0xF000;
	if (font == 1) {
		switch (c) {
		case 0x78: case 0xFD: return "\xE2\x98\x92";  /* ⌧, box with X */
		case 0xFE: return "\xE2\x98\x91";           /* ☑ */
		case 0x6F: case 0x70: case 0x71: case 0xA8: return "\xE2\x98\x90"; /* □ ◻ ❑ */
		case 0xFC: return "\xE2\x9C\x93";           /* ✓ */
		case 0xFB: return "\xE2\x9C\x97";           /* ✗ */
		default: return NULL;
		}
	}
	if (font == 2) {
		switch (c) {
		case 0x51: case 0x53: case 0x54: return "\xE2\x98\x92";
		case 0x52: return "\xE2\x98\x91";
		case 0xA3: case 0x2A: return "\xE2\x98\x90";
		case 0x50: return "\xE2\x9C\x93";
		case 0x4F: return "\xE2\x9C\x97";
		default: return NULL;
		}
	}
	return NULL;
}

void imp_put_utf8(gpd_buf *b, unsigned long c)
{
	char u[4];

	if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF ||
	    gpd_utf8_control((uint32_t)c) != GPD_CONTROL_NONE)
		c = 0xFFFD;
	if (c < 0x80) {
		gpd_buf_putc(b, (char)c);
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		gpd_buf_append(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		gpd_buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		gpd_buf_append(b, u, 4);
	}
}

/* The character a numeric reference stands for in HTML (the HTML
 * standard's table, as every browser reads it): the C1 range is
 * Windows-1252's, so an old export's &#150; is an en dash and &#133; an
 * ellipsis, not controls; a reference to whitespace (tab, line feed, form
 * feed, CR) is a space. Other controls stay (imp_put_utf8 marks them). */
static unsigned long html_reference(unsigned long c)
{
	static const unsigned short cp1252[32] = {
		0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
		0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
	};

	if (c >= 0x80 && c <= 0x9F)
		return cp1252[c - 0x80];
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' ? ' ' : c;
}

/* Decodes the named reference at s[i] ('&', a letter next) into b by
 * HTML 4's table (libxml2's): Word, LibreOffice and Google Docs write
 * &rsquo;, &eacute;, &ndash; for what their charset lacks, and such a name
 * read as text put "O&rsquo;Brien" in a record. Returns its length; 0 for a
 * name not in the table, left as text, as a browser shows it. */
static size_t named_entity(gpd_buf *b, const char *s, size_t len, size_t i)
{
	char name[12];
	size_t n = 0;
	const htmlEntityDesc *e;

	while (i + 1 + n < len && n + 1 < sizeof(name) && isalnum((unsigned char)s[i + 1 + n])) {
		name[n] = s[i + 1 + n];
		n++;
	}
	name[n] = '\0';
	if (i + 1 + n >= len || s[i + 1 + n] != ';' ||
	    (e = htmlEntityLookup((const xmlChar *)name)) == NULL)
		return 0;
	imp_put_utf8(b, e->value == 0xA0 ? ' ' : e->value);
	return n + 2;
}

/* Decodes the entity at s[i] ('&') into b; returns its length, 0 if none. */
static size_t entity(gpd_buf *b, const char *s, size_t len, size_t i)
{
	static const struct { const char *name; const char *text; } names[] = {
		{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
		{"&apos;", "'"}, {"&#39;", "'"}, {"&nbsp;", " "},
	};
	unsigned long c = 0;
	size_t j = i + 2;

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		size_t n = strlen(names[k].name);

		if (len - i >= n && strncasecmp(s + i, names[k].name, n) == 0) {
			gpd_buf_puts(b, names[k].text);
			return n;
		}
	}
	if (len - i >= 4 && isalpha((unsigned char)s[i + 1]))
		return named_entity(b, s, len, i);
	if (len - i < 4 || s[i + 1] != '#')
		return 0;
	if (s[j] == 'x' || s[j] == 'X') { /* &#x2612; */
		size_t h = ++j;

		for (; j < len && j < h + 6 && isxdigit((unsigned char)s[j]); j++)
			c = c * 16 + (unsigned long)(isdigit((unsigned char)s[j]) ? s[j] - '0' :
				tolower((unsigned char)s[j]) - 'a' + 10);
		if (j == h || j >= len || s[j] != ';')
			return 0;
		imp_put_utf8(b, html_reference(c));
		return j + 1 - i;
	}
	for (; j < len && j < i + 9 && isdigit((unsigned char)s[j]); j++)
		c = c * 10 + (unsigned long)(s[j] - '0');
	if (j == i + 2 || j >= len || s[j] != ';')
		return 0;
	imp_put_utf8(b, html_reference(c));
	return j + 1 - i;
}

void imp_html_inline(gpd_buf *b, const char *raw, size_t len)
{
	size_t gt = 0;

	for (size_t i = 0; i < len;) {
		size_t e;

		if (raw[i] == '<' && (e = tag_end(raw, len, i, &gt)) != 0) {
			if (strncasecmp(raw + i, "<br", 3) == 0)
				gpd_buf_putc(b, ' ');
			i = e;
		} else if (raw[i] == '&' && (e = entity(b, raw, len, i)) != 0) {
			i += e;
		} else if (raw[i] == '*' && i + 1 < len && raw[i + 1] == '*') {
			i += 2;
		} else {
			size_t run = 1; /* plain text up to the next markup */

			while (i + run < len && !strchr("<&*", raw[i + run]))
				run++;
			gpd_buf_append(b, raw + i, run);
			i += run;
		}
	}
}

/* True for a Markdown table rule such as "|---|:--|". */
static int table_rule(const char *s, size_t len)
{
	int dashes = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-')
			dashes++;
		else if (!strchr("|: \t", s[i]))
			return 0;
	}
	return dashes >= 3;
}

/* The tokenizer's state across lines: an HTML paragraph or cell may span
 * lines (the line end is then a space), a Markdown line ends its piece. */
typedef struct hscan {
	imp_doc *d;
	gpd_buf text;        /* the pending piece's text, markup removed */
	unsigned line, col;  /* where it starts (0: nothing pending) */
	imp_box box;         /* an <input> check box before it */
	unsigned box_line, box_col;
	imp_box cell_box;    /* the row's last cell held only a mark ... */
	char cell_shape[12]; /* ... written so */
	int in_cell;         /* the pending piece is a table cell ... */
	int row_cells;       /* ... after this many cells of its row */
	size_t cell_segs;    /* segments before the open cell: more, it held text */
	int brk;             /* the break before the pending piece */
	int open;            /* paragraphs, cells and items open */
	int skip;            /* inside <head>, <style>, <script>: not the form */
	signed char font[16]; /* open <font>/<span>: the symbol font each names (0 a
	                       * text font, -1 none: it inherits) */
	int nfont;            /* how many are open (those past 16 untracked) */
} hscan;

/* The symbol font of the innermost open <font>/<span> naming a font. */
static int cur_font(const hscan *h)
{
	for (int k = (h->nfont < 16 ? h->nfont : 16) - 1; k >= 0; k--)
		if (h->font[k] >= 0)
			return h->font[k];
	return 0;
}

/* The symbol font a <font face=...> or a style's font-family names (its
 * first family: "Wingdings, serif", 'Wingdings 2'), -1 when it names none. */
static int tag_font(const char *s, size_t i, size_t e)
{
	char name[32];
	size_t n = 0, k;

	for (k = i; k < e; k++)
		if ((e - k >= 5 && strncasecmp(s + k, "face=", 5) == 0 && (k += 5)) ||
		    (e - k >= 12 && strncasecmp(s + k, "font-family:", 12) == 0 && (k += 12)))
			break;
	if (k >= e)
		return -1;
	for (;;) { /* spaces and quotes, written or as entities */
		if (k < e && strchr(" \"'", s[k]) != NULL)
			k++;
		else if (e - k >= 6 && strncasecmp(s + k, "&quot;", 6) == 0)
			k += 6;
		else
			break;
	}
	while (k < e && n + 1 < sizeof(name) && strchr(",;\"'&>", s[k]) == NULL)
		name[n++] = s[k++];
	while (n > 0 && name[n - 1] == ' ')
		n--;
	name[n] = '\0';
	return imp_symbol_font(name);
}

/* A <font> or <span> opens (naming its font or not) or closes. */
static void font_tag(hscan *h, const char *s, size_t i, size_t e)
{
	if (s[i + 1] == '/') {
		h->nfont -= h->nfont > 0;
	} else if (e < 2 || s[e - 2] != '/') {
		if (h->nfont < 16)
			h->font[h->nfont] = (signed char)tag_font(s, i, e);
		h->nfont++;
	}
}

/* The box an <input ...> tag s[i..e) stands for, or NONE if not a checkbox. */
static imp_box input_box(const char *s, size_t i, size_t e)
{
	int checkbox = 0, checked = 0;

	for (size_t k = i; k + 7 <= e; k++) {
		if (strncasecmp(s + k, "checkbox", 8) == 0 && k + 8 <= e)
			checkbox = 1;
		if (strncasecmp(s + k, "checked", 7) == 0 &&
		    (k + 7 >= e || s[k + 7] != 'b'))
			checked = 1;
	}
	if (!checkbox)
		return IMP_BOX_NONE;
	return checked ? IMP_BOX_TICKED : IMP_BOX_EMPTY;
}

/* Tags whose text is not part of the form. */
static int skipped_tag(const char *t, size_t n)
{
	static const char *const tags[] = {"head", "style", "script", "title"};

	for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++)
		if (n == strlen(tags[k]) && strncasecmp(t, tags[k], n) == 0)
			return 1;
	return 0;
}

/* Tags that run inside a line of text; every other tag is a break (a
 * cell, row, paragraph, item, heading or line boundary ends a piece). */
static int inline_tag(const char *t, size_t n)
{
	static const char *const tags[] = {"a", "b", "i", "u", "s", "em", "strong",
		"span", "font", "sup", "sub", "small", "big", "code", "abbr", "mark",
		"q", "cite", "label", "strike", "del", "ins", "img", "o:p"};

	for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++)
		if (n == strlen(tags[k]) && strncasecmp(t, tags[k], n) == 0)
			return 1;
	return 0;
}

/* Blocks inside which a line end is a space. */
static int spanning_tag(const char *t, size_t n)
{
	static const char *const tags[] = {"p", "td", "th", "li", "h1", "h2", "h3",
		"h4", "h5", "h6", "dd", "dt", "caption"};

	for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++)
		if (n == strlen(tags[k]) && strncasecmp(t, tags[k], n) == 0)
			return 1;
	return 0;
}

/* True when text is only a mark an export writes in a cell of its own
 * before the option's cell: "X", "x", "[x]", a glyph. */
static imp_box cell_mark(const char *t, size_t n)
{
	static const char *const ticked[] = {"X", "x", "[x]", "[X]", "\xE2\x98\x92",
		"\xE2\x98\x91", "\xE2\x9C\x93", "\xE2\x9C\x94"};
	static const char *const empty[] = {"[ ]", "[]", "\xE2\x98\x90", "\xE2\x96\xA1"};

	for (size_t k = 0; k < sizeof(ticked) / sizeof(ticked[0]); k++)
		if (n == strlen(ticked[k]) && memcmp(t, ticked[k], n) == 0)
			return IMP_BOX_TICKED;
	for (size_t k = 0; k < sizeof(empty) / sizeof(empty[0]); k++)
		if (n == strlen(empty[k]) && memcmp(t, empty[k], n) == 0)
			return IMP_BOX_EMPTY;
	return IMP_BOX_NONE;
}

static void set_last(imp_doc *d, size_t before, int strong)
{
	if (d->nsegs > before)
		d->segs[before].strong = (unsigned char)strong;
}

/* Ends the pending piece: an <input> box and its label, a cell holding a
 * mark (the next cell is its label), or text split at the notations an
 * export writes. brk: the break after it. */
static void flush(hscan *h, int brk, int cell_end)
{
	imp_doc *d = h->d;
	size_t n = h->text.len, before = d->nsegs, lead = 0;
	const char *t = h->text.data ? h->text.data : "";

	if (gpd_buf_failed(&h->text))
		d->nomem = 1;
	while (lead < n && isspace((unsigned char)t[lead]))
		lead++;
	while (n > lead && isspace((unsigned char)t[n - 1]))
		n--;
	if (h->box != IMP_BOX_NONE) {
		imp_doc_push(d, h->box, t + lead, n - lead, h->box_line, h->box_col, h->brk,
			h->box == IMP_BOX_TICKED ? "<input checked>" : "<input>");
		set_last(d, before, 1);
	} else if (h->cell_box != IMP_BOX_NONE && n > lead) {
		imp_doc_push(d, h->cell_box, t + lead, n - lead, h->line, h->col, h->brk,
			h->cell_shape);
	} else if (h->in_cell && cell_end && cell_mark(t + lead, n - lead) != IMP_BOX_NONE) {
		h->cell_box = cell_mark(t + lead, n - lead);
		snprintf(h->cell_shape, sizeof(h->cell_shape), "%.*s", (int)(n - lead), t + lead);
		goto keep;
	} else if (h->in_cell && cell_end && n == lead && h->row_cells == 0 &&
	    d->nsegs == h->cell_segs) {
		/* a row's first cell, blank: an empty box (not one whose
		 * paragraphs, "<td><p>Question</p></td>", were flushed already) */
		h->cell_box = IMP_BOX_EMPTY;
		h->cell_shape[0] = '\0';
		goto keep;
	} else if (n > lead) {
		imp_scan_marks(d, h->line, h->col + (unsigned)lead, t + lead, n - lead, h->brk, 1);
	} else {
		goto keep; /* nothing pending (a <td> opens): a mark waits for its label */
	}
	h->cell_box = IMP_BOX_NONE;
keep:
	if (d->nsegs > before)
		h->brk = 0;
	h->brk = h->brk > brk ? h->brk : brk;
	h->box = IMP_BOX_NONE;
	h->text.len = 0;
	if (h->text.data)
		h->text.data[0] = '\0';
	h->line = 0;
}

/* A table row starts or ends. */
static void row(hscan *h)
{
	flush(h, 1, 0);
	h->cell_box = IMP_BOX_NONE;
	h->row_cells = 0;
	h->in_cell = 0;
}

/* A cell of the row ends. */
static void cell_end(hscan *h)
{
	flush(h, 1, 1);
	h->row_cells++;
	h->cell_segs = h->d->nsegs;
}

/* Appends raw[0..len) (on line, from column col) to the pending piece.
 * An export of a Word form keeps its Wingdings boxes as the font's letters
 * (<font face="Wingdings">þ</font>): in a symbol font, the characters that
 * are boxes or marks become their glyphs (as in a .docx) and the others,
 * pictures, are dropped. A character of Word's symbol range U+F020-U+F0FF
 * outside one is a symbol whose font the export lost (LibreOffice writes
 * w:sym so): a box of either font is read as "[?]", a box of unknown state,
 * since the two fonts' letters are other pictures in other fonts; the
 * rest are dropped. */
static void add_text(hscan *h, const char *raw, size_t len, unsigned line, unsigned col)
{
	gpd_buf t = {0};
	int font = cur_font(h);

	if (h->skip || len == 0)
		return;
	if (h->line == 0) {
		h->line = line;
		h->col = col;
	}
	imp_html_inline(&t, raw, len);
	for (size_t i = 0; i < t.len;) {
		unsigned char c = (unsigned char)t.data[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		unsigned long u = c < 0x80 ? c : c < 0xE0 ? c & 0x1Fu : c < 0xF0 ? c & 0x0Fu : c & 0x07u;
		const char *g;

		n = n > t.len - i ? t.len - i : n;
		for (size_t k = 1; k < n; k++)
			u = u << 6 | ((unsigned char)t.data[i + k] & 0x3Fu);
		if (font != 0 && !isspace(c)) {
			if ((g = imp_symbol_glyph(font, u)) != NULL)
				gpd_buf_puts(&h->text, g);
		} else if (u >= 0xF020 && u <= 0xF0FF) {
			if (imp_symbol_glyph(1, u) != NULL || imp_symbol_glyph(2, u) != NULL)
				gpd_buf_puts(&h->text, "[?]");
		} else {
			gpd_buf_append(&h->text, t.data + i, n);
		}
		i += n;
	}
	if (gpd_buf_failed(&t))
		h->d->nomem = 1;
	gpd_buf_free(&t);
}

/* A tag s[i..e): a check box, a break, a skipped part, or inline. */
static void tag(hscan *h, const char *s, size_t i, size_t e, unsigned line)
{
	size_t k = i + 1 + (s[i + 1] == '/'), n = 0;
	int closing = s[i + 1] == '/';
	imp_box box;

	while (k + n < e && (isalnum((unsigned char)s[k + n]) || s[k + n] == ':'))
		n++;
	if (skipped_tag(s + k, n)) {
		h->skip += closing ? (h->skip > 0 ? -1 : 0) : 1;
		return;
	}
	if (!h->skip && ((n == 4 && strncasecmp(s + k, "font", 4) == 0) ||
	    (n == 4 && strncasecmp(s + k, "span", 4) == 0)))
		font_tag(h, s, i, e);
	if (h->skip || inline_tag(s + k, n) || s[i + 1] == '!')
		return;
	if (n == 5 && strncasecmp(s + k, "input", 5) == 0) {
		if ((box = input_box(s, i, e)) == IMP_BOX_NONE)
			return;
		flush(h, 0, 0);
		h->box = box;
		h->box_line = line;
		h->box_col = (unsigned)i + 1;
		return;
	}
	if (spanning_tag(s + k, n))
		h->open += closing ? (h->open > 0 ? -1 : 0) : 1;
	if (n == 2 && (strncasecmp(s + k, "td", 2) == 0 || strncasecmp(s + k, "th", 2) == 0)) {
		if (closing) {
			cell_end(h);
			h->in_cell = 0;
		} else {
			flush(h, 1, 0);
			h->in_cell = 1;
			h->cell_segs = h->d->nsegs;
		}
		return;
	}
	if (n == 2 && strncasecmp(s + k, "tr", 2) == 0) {
		row(h);
		return;
	}
	flush(h, (n == 1 && tolower((unsigned char)s[k]) == 'p') || n == 3 ? 2 : 1, 0);
}

/* Scans one line: cells ("|", tab), tags, text. */
static void scan_line(hscan *h, unsigned line, const char *s, size_t len)
{
	size_t i = 0, gt = 0, e, start;
	int pipe_row;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	pipe_row = i < len && s[i] == '|';
	if (h->open == 0 && i + 1 < len && s[i] == '-' && s[i + 1] == ' ' &&
	    !(i + 2 < len && (s[i + 2] == '[' || s[i + 2] == ' ')))
		i += 2; /* a Markdown list item (a task list keeps its marker) */
	if (pipe_row) {
		row(h);
		h->in_cell = 1;
		h->cell_segs = h->d->nsegs;
		i++;
	}
	start = i;
	while (i < len) {
		if ((s[i] == '|' && (pipe_row || h->open == 0)) || s[i] == '\t') {
			add_text(h, s + start, i - start, line, (unsigned)start + 1);
			if (pipe_row)
				cell_end(h);
			else
				flush(h, 1, 0);
			start = ++i;
		} else if (s[i] == '<' && (e = tag_end(s, len, i, &gt)) != 0) {
			add_text(h, s + start, i - start, line, (unsigned)start + 1);
			tag(h, s, i, e, line);
			start = i = e;
		} else {
			i++;
		}
	}
	add_text(h, s + start, len - start, line, (unsigned)start + 1);
	if (h->open > 0 && h->line != 0) {
		gpd_buf_putc(&h->text, ' '); /* a paragraph or cell goes on */
	} else if (pipe_row) {
		row(h);
	} else {
		flush(h, 1, 0);
	}
}

/* Scanning stops past IMP_MAX_BOXES boxes: the parser refuses the input
 * then anyway (or has left the form before them). */
void imp_scan_html(imp_doc *d)
{
	hscan h = {.d = d};

	for (size_t l = 0; l < d->nlines && !d->nomem && d->nboxes <= IMP_MAX_BOXES; l++) {
		const char *s = d->data + d->line_off[l];
		size_t len = d->line_off[l + 1] - 1 - d->line_off[l], k = 0;

		while (k < len && isspace((unsigned char)s[k]))
			k++;
		if (k == len) {
			if (h.open == 0)
				h.brk = 2;
			continue;
		}
		if (table_rule(s, len))
			continue;
		scan_line(&h, (unsigned)(l + 1), s, len);
	}
	flush(&h, 0, 0);
	gpd_buf_free(&h.text);
}

/* ---- tags and comments across lines ---- */

/* A tag may wrap at most this far: Word wraps its source at 76 columns,
 * inside tags too, so a cell's <td ... style='...'> takes two or three
 * lines; a '<' further from its '>' is text. */
#define UNWRAP_MAX 4096

/* Copies the comment s[i..) ("<!--" ... "-->") as blanks but for its line
 * ends, so the lines keep their numbers (what Word hides in one, its
 * field codes and <xml> blocks, is no text of the form); returns where
 * it ends (len if it never does: the rest is the comment, as in a
 * browser). */
static size_t blank_comment(gpd_buf *b, const char *s, size_t len, size_t i)
{
	size_t e = len;

	for (size_t k = i + 4; k + 3 <= len; k++)
		if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
			e = k + 3;
			break;
		}
	for (size_t k = i; k < e; k++)
		gpd_buf_putc(b, s[k] == '\n' ? '\n' : ' ');
	return e;
}

/* Copies the tag at s[i] ('<' and a letter, '/' or '!'); one that wraps
 * over line ends is copied whole on its first line, its line ends spaces
 * within it and put back after its '>', so the line scanner sees it
 * whole and every line keeps its number. A '<' with no '>' near is text. */
static size_t copy_tag(gpd_buf *b, const char *s, size_t len, size_t i)
{
	size_t k = i + 1, nl = 0;

	while (k < len && k - i < UNWRAP_MAX && s[k] != '>' && s[k] != '<')
		nl += s[k++] == '\n';
	if (k >= len || s[k] != '>' || nl == 0) {
		gpd_buf_putc(b, '<');
		return i + 1;
	}
	for (size_t r = i; r <= k; r++)
		gpd_buf_putc(b, s[r] == '\n' ? ' ' : s[r]);
	while (nl-- > 0)
		gpd_buf_putc(b, '\n');
	return k + 1;
}

char *imp_html_unwrap(const char *s, size_t len, size_t *out_len)
{
	gpd_buf b = {0};

	for (size_t i = 0; i < len;) {
		const char *p = memchr(s + i, '<', len - i);
		size_t n = p ? (size_t)(p - s) - i : len - i;

		gpd_buf_append(&b, s + i, n);
		if ((i += n) >= len)
			break;
		if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
			i = blank_comment(&b, s, len, i);
		else if (i + 1 < len && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
		    s[i + 1] == '!'))
			i = copy_tag(&b, s, len, i);
		else
			gpd_buf_putc(&b, s[i++]);
	}
	*out_len = b.len;
	if (b.data == NULL && !b.failed)
		return calloc(1, 1);
	return gpd_buf_take(&b);
}
