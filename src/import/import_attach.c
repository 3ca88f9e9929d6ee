/* import_attach.c: the document that follows a form (a paper, a policy)
 * becomes a CommonMark attachment. The source is plain text, so structure
 * is recognised from layout: blank-line separated blocks; "1.0 Title"
 * numbered sections and "3.1 Title" subsections become headings, a short
 * capitalised line before a long paragraph becomes a heading, "*", "-",
 * "•" and the OCR's "e" bullets become list items. A scan wraps lines
 * mid-sentence, so OCR lines are rejoined; an export's lines are real, so
 * inside a list item they are kept apart with hard breaks. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpdigest/limits.h"
#include "gpdigest/utf8.h"
#include "import/import_priv.h"

typedef struct line {
	char *text;   /* inline markup removed, trimmed */
	int blank;
	int heading;  /* an export's <h1>-<h6> opens it: its level */
} line;

typedef struct att {
	line *lines;
	size_t n;
	int html;
	gpd_buf out;
	int in_item;  /* the last thing written is a list item */
	int item_multi; /* ... of more than one line */
} att;

static size_t words_in(const char *s)
{
	size_t n = 0;

	for (int in = 0; *s; s++) {
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in && (in = 1))
			n++;
	}
	return n;
}

static int ends_sentence(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && strchr(".:;,!?", s[n - 1]) != NULL;
}

/* True when no lower-case ASCII letter and some upper-case one. */
static int all_caps(const char *s)
{
	int upper = 0;

	for (; *s; s++) {
		if (islower((unsigned char)*s))
			return 0;
		upper |= isupper((unsigned char)*s) != 0;
	}
	return upper;
}

/* Length of the bullet marker at s ("* ", "- ", "• ", OCR's "e "), or 0. */
static size_t bullet(const char *s)
{
	if ((s[0] == '*' || s[0] == '-' || s[0] == 'o') && s[1] == ' ' &&
	    (s[0] != 'o' || isupper((unsigned char)s[2])))
		return 2;
	if (s[0] == 'e' && s[1] == ' ' && isupper((unsigned char)s[2]))
		return 2;
	if (strncmp(s, "\xE2\x80\xA2 ", 4) == 0 || strncmp(s, "\xC2\xB7 ", 3) == 0)
		return s[0] == '\xE2' ? 4 : 3;
	return 0;
}

/* The heading level of a numbered section line ("1.0 Introduction": 2,
 * "3.1 Home Visits": 3), or 0. */
static int numbered_heading(const char *s, int alone)
{
	size_t i = 0, minor;

	while (isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i > 2 || s[i] != '.' || !isdigit((unsigned char)s[i + 1]))
		return 0;
	minor = i + 1;
	while (isdigit((unsigned char)s[i + 1]))
		i++;
	if (s[i + 1] != ' ' || ends_sentence(s) || words_in(s) > 12 || !alone)
		return 0;
	if (s[minor] == '0' && s[minor + 1] == ' ')
		return 2;
	return words_in(s) <= 8 ? 3 : 0;
}

/* A block of lines [b, e). */
typedef struct block { size_t b, e; } block;

static size_t block_words(const att *a, block k)
{
	size_t n = 0;

	for (size_t i = k.b; i < k.e; i++)
		n += words_in(a->lines[i].text);
	return n;
}

/* A short line whose longer words are capitalised ("Improvements
 * Achieved"), followed by a real paragraph. */
static int plain_heading(const att *a, block k, const block *next)
{
	const char *s = a->lines[k.b].text;
	size_t n = words_in(s);

	if (k.e - k.b != 1 || n == 0 || n > 4 || ends_sentence(s) || bullet(s) ||
	    next == NULL || (next->e - next->b < 3 && block_words(a, *next) < 25))
		return 0;
	for (const char *w = s; *w;) {
		size_t len = 0;

		while (*w == ' ')
			w++;
		while (w[len] && w[len] != ' ')
			len++;
		if (len >= 4 && !isupper((unsigned char)*w))
			return 0;
		w += len;
	}
	return 1;
}

/* Writes a paragraph line, escaping a start CommonMark would misread. */
static void put_line(att *a, const char *s)
{
	size_t i = 0;

	if (strchr("#>=+-*_`|", s[0]) != NULL)
		gpd_buf_putc(&a->out, '\\');
	while (isdigit((unsigned char)s[i]))
		i++;
	if (i > 0 && i < 10 && (s[i] == '.' || s[i] == ')') && (s[i + 1] == ' ' || !s[i + 1])) {
		gpd_buf_append(&a->out, s, i);
		gpd_buf_putc(&a->out, '\\');
		s += i;
	}
	gpd_buf_puts(&a->out, s);
}

/* Writes one block of lines as paragraphs and list items; the separator
 * before each depends on what was written last. In an export, a paragraph
 * after a list item of several lines continues that item (indented). */
static void put_block(att *a, block k)
{
	int para = 0;

	for (size_t i = k.b; i < k.e; i++) {
		const char *s = a->lines[i].text;
		size_t bl = bullet(s);

		if (bl) {
			if (a->out.len > 0)
				gpd_buf_puts(&a->out, a->in_item ? "\n" : "\n\n");
			gpd_buf_puts(&a->out, "- ");
			put_line(a, s + bl);
			a->in_item = 1;
			a->item_multi = 0;
			para = 0;
		} else if (a->in_item && (i > k.b || (a->html && a->item_multi))) {
			if (i == k.b)
				gpd_buf_puts(&a->out, "\n\n  ");
			else
				gpd_buf_puts(&a->out, a->html ? "\\\n  " : " ");
			if (a->html)
				put_line(a, s);
			else
				gpd_buf_puts(&a->out, s);
			a->item_multi = 1;
		} else if (para) {
			gpd_buf_puts(&a->out, a->html ? "\n" : " ");
			if (a->html)
				put_line(a, s);
			else
				gpd_buf_puts(&a->out, s);
		} else {
			if (a->out.len > 0)
				gpd_buf_puts(&a->out, "\n\n");
			put_line(a, s);
			a->in_item = 0;
			para = 1;
		}
	}
}

/* Writes the body: blocks, recognising headings; list items of
 * consecutive blocks stay one (tight) list. */
static void put_body(att *a, block *blocks, size_t nb)
{
	for (size_t i = 0; i < nb; i++) {
		const char *s = a->lines[blocks[i].b].text;
		int alone = blocks[i].e - blocks[i].b == 1;
		int level = numbered_heading(s, alone);

		if (level == 0 && alone && a->lines[blocks[i].b].heading > 0)
			level = a->lines[blocks[i].b].heading <= 2 ? 2 : 3; /* <h2>: "## " */
		if (level == 0 && plain_heading(a, blocks[i], i + 1 < nb ? &blocks[i + 1] : NULL))
			level = 2;
		if (level > 0) {
			if (a->out.len > 0)
				gpd_buf_puts(&a->out, "\n\n");
			gpd_buf_puts(&a->out, level == 2 ? "## " : "### ");
			gpd_buf_puts(&a->out, s);
			a->in_item = a->item_multi = 0;
			continue;
		}
		if (!bullet(s) && !(a->html && a->item_multi))
			a->in_item = 0;
		put_block(a, blocks[i]);
	}
}

/* A title-like block: at most two lines, twelve words, no full stop. */
static int title_like(const att *a, block k)
{
	size_t chars = 0;

	/* a title is one line of a record: a 12-word block of longer words
	 * (an unbroken run of text) is the body, not a title to refuse */
	for (size_t i = k.b; i < k.e; i++)
		chars += gpd_utf8_chars(a->lines[i].text) + (i > k.b);
	return k.e - k.b <= 2 && block_words(a, k) <= 12 && chars <= GPD_MAX_LINE_CHARS &&
		!ends_sentence(a->lines[k.e - 1].text) && !bullet(a->lines[k.b].text);
}

static int block_caps(const att *a, block k)
{
	for (size_t i = k.b; i < k.e; i++)
		if (!all_caps(a->lines[i].text))
			return 0;
	return 1;
}

/* The title: the first block when it looks like one; when letterhead
 * blocks in capitals come first, the last of them. "SERVICE USER
 * INVOLVEMENT PROJECT" becomes "Service User Involvement Project". */
static char *take_title(att *a, block *blocks, size_t *nb)
{
	size_t t = 0;
	gpd_buf b = {0};

	if (*nb == 0 || !title_like(a, blocks[0]))
		return NULL;
	while (t + 1 < *nb && block_caps(a, blocks[t]) && title_like(a, blocks[t + 1]) &&
	       block_caps(a, blocks[t + 1]))
		t++;
	for (size_t i = blocks[t].b; i < blocks[t].e; i++) {
		const char *s = a->lines[i].text;
		int caps = all_caps(s), start = 1;

		if (b.len > 0)
			gpd_buf_putc(&b, ' ');
		for (; *s; s++) {
			char c = caps && !start ? (char)tolower((unsigned char)*s) : *s;

			gpd_buf_putc(&b, c);
			start = *s == ' ' || *s == '/' || *s == '-';
		}
	}
	memmove(&blocks[t], &blocks[t + 1], (*nb - t - 1) * sizeof(block));
	(*nb)--;
	return gpd_buf_take(&b);
}

/* True when an export's line s[0..len) opens a block of its own: a
 * paragraph, heading, division, quotation or table. LibreOffice and Word
 * write one a line with no blank line between: read as one block, the
 * attached document's title ("<h1>Our project</h1>") was no title and its
 * paragraphs ran into one. */
static int heading_tag(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	return len >= 3 && s[0] == '<' && (s[1] == 'h' || s[1] == 'H') && s[2] >= '1' &&
		s[2] <= '6' ? s[2] - '0' : 0;
}

static int opens_block(const char *s, size_t len)
{
	static const char *const tags[] = {"<p>", "<p ", "<h1", "<h2", "<h3", "<h4", "<h5",
		"<h6", "<div", "<blockquote", "<table"};

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
		size_t n = strlen(tags[k]);

		if (len >= n && strncasecmp(s, tags[k], n) == 0)
			return 1;
	}
	return 0;
}

/* Reads lines from..end of d, inline markup removed for an export (a
 * blank line before each that opens a block). */
static int read_lines(att *a, imp_doc *d, size_t from)
{
	a->lines = calloc(2 * (d->nlines - from) + 1, sizeof(line));
	if (a->lines == NULL)
		return -1;
	for (size_t l = from; l < d->nlines; l++) {
		const char *s = d->data + d->line_off[l];
		size_t len = d->line_off[l + 1] - 1 - d->line_off[l];
		gpd_buf b = {0};
		char *t, *fit;
		size_t n;

		if (d->html && a->n > 0 && !a->lines[a->n - 1].blank && opens_block(s, len)) {
			if ((a->lines[a->n].text = gpd_strdup("")) == NULL)
				return -1;
			a->lines[a->n++].blank = 1;
		}
		if (d->html)
			imp_html_inline(&b, s, len);
		else
			gpd_buf_append(&b, s, len);
		t = gpd_buf_take(&b);
		if (t == NULL)
			return -1;
		if ((fit = gpd_strdup(t)) != NULL) { /* the line's size, not 64 bytes */
			free(t);
			t = fit;
		}
		for (n = strlen(t); n > 0 && isspace((unsigned char)t[n - 1]); n--)
			t[n - 1] = '\0';
		n = strspn(t, " \t");
		memmove(t, t + n, strlen(t + n) + 1);
		for (char *c = t; *c; c++)
			if (*c == '\t')
				*c = ' ';
		a->lines[a->n].text = t;
		a->lines[a->n].heading = d->html ? heading_tag(s, len) : 0;
		a->lines[a->n++].blank = *t == '\0';
	}
	return 0;
}

static block *find_blocks(const att *a, size_t *nb)
{
	block *blocks = calloc(a->n + 1, sizeof(block));

	*nb = 0;
	if (blocks == NULL)
		return NULL;
	for (size_t i = 0; i < a->n;) {
		size_t j = i;

		if (a->lines[i].blank) {
			i++;
			continue;
		}
		while (j < a->n && !a->lines[j].blank)
			j++;
		blocks[(*nb)++] = (block){i, j};
		i = j;
	}
	return blocks;
}

int imp_attachment(imp_doc *d, size_t from_line, gpd_record *rec,
	const char *name, gpd_diag *diag)
{
	att a = {NULL, 0, d->html, {0}, 0, 0};
	block *blocks = NULL;
	size_t nb = 0;
	char *title = NULL, *body;
	int rc = -1;

	if (d->paras != NULL)
		return imp_docx_attachment(d, from_line, rec, name, diag);
	if (from_line == 0 || from_line > d->nlines)
		return 0;
	if (read_lines(&a, d, from_line - 1) == 0 &&
	    (blocks = find_blocks(&a, &nb)) != NULL) {
		if (nb == 0) {
			rc = 0;
			goto out;
		}
		title = take_title(&a, blocks, &nb);
		if (title == NULL) {
			gpd_diag_report(diag, name, (unsigned)from_line, 1, GPD_W_IMPORT,
				"the attached document has no title line; titled "
				"\"Attached document\": confirm");
			title = gpd_strdup("Attached document");
		}
		put_body(&a, blocks, nb);
		body = gpd_buf_take(&a.out);
		if (title != NULL && body != NULL) {
			rc = gpd_record_add_attachment(rec, title,
				body, (gpd_pos){(unsigned)from_line, 1});
			title = NULL;
		} else {
			free(body);
		}
	}
out:
	free(title);
	gpd_buf_free(&a.out);
	for (size_t i = 0; i < a.n; i++)
		free(a.lines[i].text);
	free(a.lines);
	free(blocks);
	return rc;
}
