/* import_html.c: the tokenizer for exports of the Word form to Markdown with
 * HTML checkboxes. The export puts a question and its answer in table
 * cells, <p> paragraphs or tab-separated runs, so cells, paragraphs and
 * tabs end a segment and each <input type="checkbox"/> starts one; inline
 * markup (<b>, <i>, <a>, **) is dropped from the text. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "import/import_priv.h"

/* The end of the tag starting at s[i] ('<'), or 0 when s[i] starts no tag.
 * *gt caches the next '>' at or after i so a run of '<' stays linear. */
static size_t tag_end(const char *s, size_t len, size_t i, size_t *gt)
{
	const char *p;

	if (i + 1 >= len || !(isalpha((unsigned char)s[i + 1]) ||
	    s[i + 1] == '/' || s[i + 1] == '!'))
		return 0;
	if (*gt < i || *gt == 0) {
		p = memchr(s + i, '>', len - i);
		*gt = p ? (size_t)(p - s) : len;
	}
	return *gt < len ? *gt + 1 : 0;
}

/* Appends the UTF-8 encoding of code point c (no controls, no surrogates). */
static void put_utf8(gpd_buf *b, unsigned long c)
{
	char u[4];

	if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || c == 0x7F)
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
	if (len - i < 4 || s[i + 1] != '#')
		return 0;
	for (; j < len && j < i + 9 && isdigit((unsigned char)s[j]); j++)
		c = c * 10 + (unsigned long)(s[j] - '0');
	if (j == i + 2 || j >= len || s[j] != ';')
		return 0;
	put_utf8(b, c);
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

typedef struct line_scan {
	imp_doc *d;
	const char *s;
	unsigned line;
	size_t start;      /* where the pending text starts */
	imp_box box;       /* the box that opened the pending segment */
	size_t box_col;
	int brk;           /* break before the pending segment */
} line_scan;

/* Emits the pending segment s[start..end). */
static void flush(line_scan *ls, size_t end)
{
	gpd_buf b = {0};
	int pushed = 0;

	imp_html_inline(&b, ls->s + ls->start, end - ls->start);
	if (gpd_buf_failed(&b))
		ls->d->nomem = 1;
	else
		pushed = imp_doc_push(ls->d, ls->box, b.data ? b.data : "", b.len, ls->line,
			(unsigned)(ls->box != IMP_BOX_NONE ? ls->box_col : ls->start + 1),
			ls->brk, ls->box == IMP_BOX_TICKED ? "<input checked>" : "<input>");
	gpd_buf_free(&b);
	if (pushed)
		ls->brk = 0;
	ls->box = IMP_BOX_NONE;
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

/* Splits one line at cells, tabs, paragraphs and checkboxes. */
static void scan_line(imp_doc *d, unsigned line, const char *s, size_t len,
	int brk)
{
	line_scan ls = {d, s, line, 0, IMP_BOX_NONE, 0, brk};
	size_t i = 0, gt = 0, e;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == ' ')
		i += 2; /* a Markdown list item */
	ls.start = i;
	while (i < len) {
		if (s[i] == '|' || s[i] == '\t') {
			flush(&ls, i);
			ls.brk = ls.brk > 1 ? ls.brk : 1;
			ls.start = ++i;
		} else if (s[i] == '<' && (e = tag_end(s, len, i, &gt)) != 0) {
			imp_box box = strncasecmp(s + i, "<input", 6) == 0 ?
				input_box(s, i, e) : IMP_BOX_NONE;
			int para = strncasecmp(s + i, "</p>", 4) == 0;

			if (box != IMP_BOX_NONE || para || strncasecmp(s + i, "<p>", 3) == 0) {
				flush(&ls, i);
				if (para)
					ls.brk = 2;
				ls.box = box;
				ls.box_col = i + 1;
				ls.start = e;
			}
			i = e;
		} else {
			i++;
		}
	}
	flush(&ls, len);
}

/* Scanning stops past IMP_MAX_BOXES boxes: the parser refuses the input
 * then anyway (or has left the form before them). */
void imp_scan_html(imp_doc *d)
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
		if (table_rule(s, len))
			continue;
		scan_line(d, (unsigned)(l + 1), s, len, blank ? 2 : 1);
		blank = 0;
	}
}
