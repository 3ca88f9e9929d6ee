/* import_split.c: an HTML export's blocks on lines of their own. The form
 * parser reads an export by its lines (a question's answer, the contact
 * block, where the attached document starts), as exports mostly write them
 * (a table row, a paragraph a line). Google Docs writes its whole document
 * on one line: the last contact field ran on into the attached document
 * ("<mob> is 6778 characters long"), and the form was refused. A row, a
 * table's end, and a paragraph, heading, list or division outside a table
 * cell that stands mid-line start a line of their own; a Markdown table's
 * row ("| <p>Purpose</p> <p>To ...</p> |") and a line of cells a tab apart
 * are left whole. What the parser
 * reports, and the places a record keeps for `validate`'s reasons, are put
 * back at the input's own lines and columns. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpdigest/limits.h"
#include "import/import_priv.h"

/* Tables nested deeper than this are read as inside a cell. */
#define SPLIT_DEPTH 32

typedef struct splitter {
	gpd_buf out;
	int at_start;              /* only blanks since the output line began */
	int depth;                 /* tables open */
	int cells[SPLIT_DEPTH + 1]; /* cells open at each table level (0: none) */
	size_t *ins;
	size_t nins, cap;
	int nomem;
} splitter;

static int tag_is(const char *s, size_t n, const char *const *names, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (n == strlen(names[k]) && strncasecmp(s, names[k], n) == 0)
			return 1;
	return 0;
}

static int block_tag(const char *s, size_t n)
{
	static const char *const names[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div",
		"ul", "ol", "li", "blockquote", "pre", "hr", "dl", "dt", "dd"};

	return tag_is(s, n, names, sizeof(names) / sizeof(names[0]));
}

/* True when no table cell is open at any level: a block here stands in
 * the page, not in the form's table. */
static int outside_cells(const splitter *sp)
{
	for (int k = 0; k <= sp->depth && k <= SPLIT_DEPTH; k++)
		if (sp->cells[k] > 0)
			return 0;
	return sp->depth <= SPLIT_DEPTH;
}

static void new_line(splitter *sp)
{
	if (sp->at_start)
		return;
	if (sp->nins == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 64;
		size_t *p = realloc(sp->ins, cap * sizeof(size_t));

		if (p == NULL) {
			sp->nomem = 1;
			return;
		}
		sp->ins = p;
		sp->cap = cap;
	}
	sp->ins[sp->nins++] = sp->out.len;
	gpd_buf_putc(&sp->out, '\n');
	sp->at_start = 1;
}

/* The tag at s[i] ('<'): a line starts before it when it is a row, a
 * table's end or a block outside the cells; the cells and tables it opens
 * or closes are counted. */
static void tag(splitter *sp, const char *s, size_t len, size_t i)
{
	size_t k = i + 1 + (i + 1 < len && s[i + 1] == '/'), n = 0;
	int closing = s[i + 1] == '/', lvl = sp->depth < SPLIT_DEPTH ? sp->depth : SPLIT_DEPTH;

	while (k + n < len && isalnum((unsigned char)s[k + n]))
		n++;
	if ((n == 2 && (strncasecmp(s + k, "td", 2) == 0 || strncasecmp(s + k, "th", 2) == 0))) {
		sp->cells[lvl] += closing ? -(sp->cells[lvl] > 0) : 1;
	} else if (n == 5 && strncasecmp(s + k, "table", 5) == 0) {
		if (closing && sp->depth > 0) {
			sp->depth--;
			if (outside_cells(sp))
				new_line(sp);
		} else if (!closing) {
			if (outside_cells(sp))
				new_line(sp);
			sp->depth++;
			if (sp->depth <= SPLIT_DEPTH)
				sp->cells[sp->depth] = 0;
		}
	} else if (n == 2 && !closing && strncasecmp(s + k, "tr", 2) == 0) {
		sp->cells[lvl] = 0;
		if (outside_cells(sp))
			new_line(sp);
	} else if (!closing && block_tag(s + k, n) && outside_cells(sp)) {
		new_line(sp);
	}
}

/* Copies one line of s, starting lines before the tags that need one. */
static void split_line(splitter *sp, const char *s, size_t len)
{
	size_t i = 0, from = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	sp->at_start = 1;
	if ((i < len && s[i] == '|') || memchr(s, '\t', len) != NULL) {
		/* a Markdown table's row, or cells a tab apart ("<p>Contact
		 * details ...</p>\t<p>Karen Jones ...</p>"), stays whole */
		gpd_buf_append(&sp->out, s, len);
		return;
	}
	for (; i < len; i++) {
		if (s[i] == '<' && i + 1 < len && (isalpha((unsigned char)s[i + 1]) ||
		    s[i + 1] == '/')) {
			gpd_buf_append(&sp->out, s + from, i - from);
			from = i;
			tag(sp, s, len, i);
		}
		if (!isspace((unsigned char)s[i]))
			sp->at_start = 0;
	}
	gpd_buf_append(&sp->out, s + from, len - from);
}

/* Refuses (reported at the input's own place of the block past the
 * limit) a text the split would give more lines than an input may have:
 * "<p>a" two million times on one line was refused as "more than 500000
 * lines" at a line 500001 the input does not have. */
static int too_many(const splitter *w, const char *s, size_t lines, const char *name,
	gpd_diag *diag)
{
	size_t k, off, line = 1, col = 1;

	if (lines + w->nins <= GPD_MAX_IMPORT_LINES)
		return 0;
	k = GPD_MAX_IMPORT_LINES - lines; /* the first line end put in past it */
	off = w->ins[k] - k;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	gpd_diag_report(diag, name, (unsigned)line, (unsigned)col, GPD_E_IMPORT,
		"the input holds more than " GPD_LIMIT_TEXT(GPD_MAX_IMPORT_LINES) " lines, "
		"table rows and paragraphs, more than a form and its attachment could: refused");
	return 1;
}

int imp_split_blocks(imp_split *sp, char **text, size_t *len, const char *name, gpd_diag *diag)
{
	splitter w = {.at_start = 1};
	const char *s = *text;
	size_t n = *len, lines = 1;

	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;

		split_line(&w, s + i, e - i);
		if (nl != NULL)
			gpd_buf_putc(&w.out, '\n');
		i = e + 1;
	}
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	if (w.nins == 0 || w.nomem || gpd_buf_failed(&w.out) ||
	    too_many(&w, s, lines, name, diag)) {
		int rc = w.nomem || gpd_buf_failed(&w.out) ? -1 : w.nins > 0 ? -2 : 0;

		gpd_buf_free(&w.out);
		free(w.ins);
		return rc;
	}
	sp->orig_off = malloc(lines * sizeof(size_t));
	if (sp->orig_off == NULL) {
		gpd_buf_free(&w.out);
		free(w.ins);
		return -1;
	}
	sp->norig = 0;
	sp->orig_off[sp->norig++] = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			sp->orig_off[sp->norig++] = i + 1;
	sp->ins = w.ins;
	sp->nins = w.nins;
	free(*text);
	*len = w.out.len;
	*text = gpd_buf_take(&w.out);
	return *text == NULL ? -1 : 0;
}

/* Inserted line ends before new offset off. */
static size_t inserted_before(const imp_split *sp, size_t off)
{
	size_t lo = 0, hi = sp->nins;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sp->ins[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

gpd_pos imp_split_pos(const imp_split *sp, const imp_doc *d, gpd_pos p)
{
	size_t off, lo = 0, hi;

	if (sp->nins == 0 || p.line == 0 || p.line > d->nlines)
		return p;
	off = d->line_off[p.line - 1] + (p.col > 0 ? p.col - 1 : 0);
	off -= inserted_before(sp, off);
	hi = sp->norig;
	while (hi - lo > 1) { /* the last original line starting at or before off */
		size_t mid = lo + (hi - lo) / 2;

		if (sp->orig_off[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (gpd_pos){(unsigned)(lo + 1), p.col > 0 ? (unsigned)(off - sp->orig_off[lo] + 1) : 0};
}

void imp_split_relay(const imp_split *sp, const imp_doc *d, gpd_diag *from, gpd_diag *to)
{
	for (size_t i = 0; i < gpd_diag_size(from); i++) {
		gpd_diagnostic g = *gpd_diag_at(from, i);
		gpd_pos p = imp_split_pos(sp, d, (gpd_pos){g.line, g.col});

		g.line = p.line;
		g.col = p.col;
		gpd_diag_relay(to, &g);
	}
}

void imp_split_record(const imp_split *sp, const imp_doc *d, gpd_record *rec)
{
	for (int k = 0; k < GPD_FIELD__COUNT; k++)
		rec->pos[k] = imp_split_pos(sp, d, rec->pos[k]);
	for (int k = 0; k < GPD_GROUP__COUNT; k++)
		rec->group_pos[k] = imp_split_pos(sp, d, rec->group_pos[k]);
	for (int k = 0; k < GPD_TEXT__COUNT; k++)
		rec->text_pos[k] = imp_split_pos(sp, d, rec->text_pos[k]);
	for (int k = 0; k < GPD_CONTACT__COUNT; k++)
		rec->contact_pos[k] = imp_split_pos(sp, d, rec->contact_pos[k]);
	for (size_t k = 0; k < rec->ncriteria; k++)
		rec->criteria[k].pos = imp_split_pos(sp, d, rec->criteria[k].pos);
	for (size_t k = 0; k < rec->nspecified; k++)
		rec->specified[k].pos = imp_split_pos(sp, d, rec->specified[k].pos);
	for (size_t k = 0; k < rec->nattachments; k++)
		rec->attachments[k].pos = imp_split_pos(sp, d, rec->attachments[k].pos);
}

void imp_split_free(imp_split *sp)
{
	free(sp->ins);
	free(sp->orig_off);
	*sp = (imp_split){0};
}
