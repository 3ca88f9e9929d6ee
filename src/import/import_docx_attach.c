/* import_docx_attach.c: the document attached after a Word form becomes a
 * CommonMark attachment from what the document says, not from its layout
 * (import_attach.c guesses that for text): a heading style is a heading,
 * a paragraph in a bullet or numbered list is an item at its level, and
 * bold and italic runs are ** and * (import_docx_walk.c made each
 * paragraph's CommonMark). The first paragraph is the title when it is a
 * heading or reads like one. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/limits.h"
#include "gpdigest/utf8.h"
#include "import/import_priv.h"

/* The paragraph on line l (0-based) as plain text: the tokenizer's line
 * with its markup removed and its spaces collapsed. */
static char *plain_line(const imp_doc *d, size_t l)
{
	gpd_buf raw = {0}, out = {0};
	const char *s = d->data + d->line_off[l];
	size_t len = d->line_off[l + 1] - 1 - d->line_off[l];

	imp_html_inline(&raw, s, len);
	for (size_t i = 0; i < raw.len; i++) {
		int space = isspace((unsigned char)raw.data[i]);

		if (!space)
			gpd_buf_putc(&out, raw.data[i]);
		else if (out.len > 0 && out.data[out.len - 1] != ' ')
			gpd_buf_putc(&out, ' ');
	}
	while (out.len > 0 && out.data[out.len - 1] == ' ')
		out.data[--out.len] = '\0';
	gpd_buf_free(&raw);
	if (out.data == NULL && !out.failed)
		return calloc(1, 1);
	return gpd_buf_take(&out);
}

/* A title: a heading, or a short line that is not a sentence or an item;
 * either no longer than a record's title may be (a longer heading stays
 * in the body, rather than making the record invalid). */
static int title_like(const imp_para *p, const char *plain)
{
	size_t words = 0, n = strlen(plain);

	if (gpd_utf8_chars(plain) > GPD_MAX_LINE_CHARS)
		return 0;
	if (p->heading)
		return 1;
	for (const char *s = plain; *s; s++)
		words += !isspace((unsigned char)*s) && (s == plain || isspace((unsigned char)s[-1]));
	return p->list == 0 && words > 0 && words <= 12 && n > 0 && !strchr(".:;,!?", plain[n - 1]);
}

/* Appends md, its hard breaks' next lines indented by indent columns
 * (inside a list item); a heading's breaks become spaces. */
static void put_md(gpd_buf *b, const char *md, size_t indent, int heading)
{
	for (const char *s = md; *s; s++) {
		if (s[0] == '\\' && s[1] == '\n') {
			if (heading) {
				gpd_buf_putc(b, ' ');
			} else {
				gpd_buf_puts(b, "\\\n");
				for (size_t k = 0; k < indent; k++)
					gpd_buf_putc(b, ' ');
			}
			s++;
			continue;
		}
		if (s[0] == '\\' && s[1] != '\0') {
			gpd_buf_append(b, s, 2);
			s++;
			continue;
		}
		gpd_buf_putc(b, *s);
	}
}

/* Writes the paragraphs after the title. A list's items are one tight
 * list; an item is nested one level inside each item before it of a lower
 * Word level still open (so a level Word skips is not read as code). */
static void put_body(gpd_buf *b, const imp_para *p, size_t n)
{
	int prev_list = 0;
	unsigned level = 0, open[10], nopen = 0;

	for (size_t i = 0; i < n; i++) {
		const imp_para *q = &p[i];
		size_t indent;

		if (q->md[0] == '\0')
			continue;
		if (b->len > 0)
			gpd_buf_puts(b, q->list && prev_list ? "\n" : "\n\n");
		if (q->heading) {
			unsigned h = q->heading < 2 ? 2 : q->heading > 6 ? 6 : q->heading;

			for (unsigned k = 0; k < h; k++)
				gpd_buf_putc(b, '#');
			gpd_buf_putc(b, ' ');
			put_md(b, q->md, 0, 1);
		} else if (q->list) {
			if (!prev_list)
				nopen = 0;
			while (nopen > 0 && open[nopen - 1] >= q->level)
				nopen--;
			level = nopen;
			open[nopen++] = q->level; /* at most 10 levels: ilvl is 0-9 */
			for (unsigned k = 0; k < 4 * level; k++)
				gpd_buf_putc(b, ' ');
			indent = b->len;
			if (q->list == 2)
				gpd_buf_printf(b, "%u. ", q->number % 1000000000u);
			else
				gpd_buf_puts(b, "- ");
			put_md(b, q->md, 4 * level + (b->len - indent), 0);
		} else {
			put_md(b, q->md, 0, 0);
		}
		prev_list = q->list != 0;
	}
}

int imp_docx_attachment(imp_doc *d, size_t from_line, gpd_record *rec,
	const char *name, gpd_diag *diag)
{
	size_t i = from_line ? from_line - 1 : 0;
	gpd_buf body = {0};
	char *title = NULL, *text;
	int rc = -1;

	if (from_line == 0)
		return 0;
	while (i < d->nparas && d->paras[i].md[0] == '\0')
		i++;
	if (i >= d->nparas)
		return 0;
	if ((title = plain_line(d, i)) == NULL)
		return -1;
	if (title_like(&d->paras[i], title) && title[0] != '\0') {
		i++;
	} else {
		free(title);
		gpd_diag_report(diag, name, (unsigned)i + 1, 1, GPD_W_IMPORT,
			"the attached document has no title line; titled "
			"\"Attached document\": confirm");
		if ((title = gpd_strdup("Attached document")) == NULL)
			return -1;
	}
	put_body(&body, d->paras + i, d->nparas - i);
	if (!gpd_buf_failed(&body)) {
		text = body.data ? gpd_buf_take(&body) : gpd_strdup("");
		if (text != NULL) {
			rc = gpd_record_add_attachment(rec, title, text,
				(gpd_pos){(unsigned)from_line, 1});
			title = NULL;
		}
	}
	free(title);
	gpd_buf_free(&body);
	return rc;
}
