/* render_html.c: the HTML edition: the edition's document model walked into a static site of accessible pages. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "gpdigest/buf.h"
#include "gpdigest/date.h"
#include "gpdigest/link.h"
#include "gpdigest/structure.h"
#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"
#include "render/html_page.h"
#include "render/md_tame.h"

/*
 * Which nodes are pages (is_page) is decided here, the one thing this
 * back end adds to the model: a part, a criterion, an outcome's,
 * authority's or region's examples and every record are read, and linked
 * to, on their own; a Standard, an attachment or a table is a section of
 * the page it belongs to. Every other decision (what is printed, in which
 * order, under which title, level and anchor) is the structure's.
 *
 * A page's heading is its h1; a section on it takes its level in the
 * model less the page's, plus one, so headings never skip a level, and
 * headings inside record text start one below the section holding them
 * (md_tame: GPD_TAME_NO_SKIP). We write the markup; every text we did not
 * write goes through gpd_html_text or cmark's HTML writer.
 */

#define MAX_LEVEL 6

/* The pieces of a page around its content (html.aux): made for each page,
 * or once (the escaped titles). */
enum { AUX_BREADCRUMBS, AUX_PAGER, AUX_TITLE, AUX_DOWNLOADS, AUX_PUBLICATION, AUX_EDITION,
	AUX_PUBLISHER, AUX_DATE, AUX__COUNT };

typedef struct html {
	const gpd_corpus *c;
	const gpd_edition_info *ed;
	const gpd_html_theme *theme;
	const gpd_structure *s;
	const gpd_node *nodes;
	size_t n;
	size_t *page_of;  /* per node: the node whose page prints it */
	size_t *pages;    /* the page nodes, in document order */
	size_t *place;    /* per node: its index in pages (page nodes only) */
	size_t npages;
	gpd_buf body;     /* the page's content */
	gpd_buf out;      /* the whole page */
	gpd_buf aux[AUX__COUNT]; /* the pieces around the content */
	gpd_html_emit emit;
	void *ctx;
	int failed;       /* out of memory */
	int stopped;      /* emit asked to stop */
} html;

/* ---- small pieces ---- */

/* True when s shows nothing: the form left it blank (utf8.h's one rule). */
static int blank(const char *s)
{
	return gpd_utf8_visibly_empty(s);
}

static void put(html *h, const char *s)
{
	gpd_buf_puts(&h->body, s);
}

/* User text, or any text we did not write, on one line. */
static void text(html *h, const char *s)
{
	gpd_html_text(&h->body, s, 1);
}

/* The attribute an element holding s takes: dir="auto" when s has right-
 * to-left letters, so that a browser sets it in its base direction (its
 * first strong character's, UBA P2/P3, as the PDF does: an Arabic
 * paragraph flush right); none for text that has none, which stays
 * left to right under the page's lang="en" (and keeps its bytes). */
static const char *dir_of(const char *s, size_t n)
{
	return gpd_utf8_has_rtl(s, n) ? " dir=\"auto\"" : "";
}

/* Where the tag t (of k bytes) first is in [s, end), or NULL. */
static const char *find_tag(const char *s, const char *end, const char *t, size_t k)
{
	for (; s + k <= end; s++)
		if (*s == '<' && memcmp(s, t, k) == 0)
			return s;
	return NULL;
}

/* dir_of for n bytes of HTML cmark wrote: the text of a <bdi> in it is
 * not the element's (a template's authority, gpd_template_isolates_as),
 * as a browser's dir="auto" skips it too. */
static const char *dir_of_html(const char *s, size_t n)
{
	const char *end = s + n, *b;

	while ((b = find_tag(s, end, "<bdi>", 5)) != NULL) {
		if (gpd_utf8_has_rtl(s, (size_t)(b - s)))
			return dir_of(s, (size_t)(b - s));
		if ((s = find_tag(b, end, "</bdi>", 6)) == NULL)
			return "";
		s += 6;
	}
	return dir_of(s, (size_t)(end - s));
}

/* n bytes of s, escaped (gpd_html_text reads to a NUL). */
static void text_n(gpd_buf *b, const char *s, size_t n)
{
	char *piece = strndup(s, n);

	if (piece == NULL)
		b->failed = 1;
	gpd_html_text(b, piece, 1);
	free(piece);
}

/* A title as element content, each bidi isolate in it (FSI ... PDI: plan.c
 * puts one round a right-to-left authority in an edition's title) as a
 * <bdi>, which a browser's dir="auto" skips, as it does not skip the
 * characters; an isolate left open ends with the title, as in UAX #9. */
static void title_text(gpd_buf *b, const char *s)
{
	const char *open, *end;
	char *inner;

	while ((open = strstr(s, GPD_UTF8_FSI)) != NULL) {
		end = gpd_utf8_isolate_end(open);
		text_n(b, s, (size_t)(open - s));
		if ((inner = strndup(open + 3, (size_t)(end - open - 3))) == NULL) {
			b->failed = 1;
			return;
		}
		gpd_buf_puts(b, "<bdi>");
		title_text(b, inner); /* an isolate inside it: a <bdi> inside */
		gpd_buf_puts(b, "</bdi>");
		free(inner);
		s = *end ? end + 3 : end;
	}
	gpd_html_text(b, s, 1);
}

/* dir_of for a title as title_text writes it: the text of its isolates
 * is not the element's. */
static const char *dir_of_title(const char *s)
{
	gpd_buf b = {0};
	const char *dir;

	if (strstr(s, GPD_UTF8_FSI) == NULL)
		return dir_of(s, SIZE_MAX);
	title_text(&b, s);
	dir = b.data != NULL ? dir_of_html(b.data, b.len) : dir_of(s, SIZE_MAX);
	gpd_buf_free(&b);
	return dir;
}

/* A record's or a part's language (xml:lang, a BCP 47 tag: letters,
 * digits and hyphens, safe in an attribute) as the attribute of the
 * element holding it; none for NULL, the language around it. */
static void put_lang(html *h, const char *lang)
{
	if (lang != NULL)
		gpd_buf_printf(&h->body, " lang=\"%s\"", lang);
}

/* A title or authority inside a line of ours (a list of records, the
 * breadcrumbs, a reference, the "form received" line): isolated in <bdi>
 * when it has right-to-left letters, so that it takes
 * its own direction and does not turn round the words around it. */
static void title_in(gpd_buf *b, const char *s)
{
	int rtl = gpd_utf8_has_rtl(s, SIZE_MAX);

	gpd_buf_puts(b, rtl ? "<bdi>" : "");
	title_text(b, s);
	gpd_buf_puts(b, rtl ? "</bdi>" : "");
}

/* The language a node's title is in: a record's xml:lang, an
 * attachment's (or its record's); NULL: the edition's. */
static const char *node_lang(const gpd_node *n)
{
	if (n->kind == GPD_NODE_RECORD)
		return n->rec->lang;
	if (n->kind == GPD_NODE_ATTACHMENT) {
		const char *a = n->rec->attachments[n->index].lang;

		return a != NULL ? a : n->rec->lang;
	}
	return NULL;
}

/* title_in for node k's title (0: the edition's), in a <span lang> when it
 * is in a language of its own: the contents, lists of records, the
 * breadcrumbs and the pager name records in theirs (WCAG 3.1.2). */
static void node_title_in(const html *h, gpd_buf *b, size_t k)
{
	const char *lang = k == 0 ? NULL : node_lang(&h->nodes[k]);

	if (lang != NULL)
		gpd_buf_printf(b, "<span lang=\"%s\">", lang);
	title_in(b, k == 0 ? h->ed->title : h->nodes[k].title);
	gpd_buf_puts(b, lang != NULL ? "</span>" : "");
}

static int is_page(const gpd_node *n)
{
	switch (n->kind) {
	case GPD_NODE_DOCUMENT:
	case GPD_NODE_INTRODUCTION:
	case GPD_NODE_PART:
	case GPD_NODE_CRITERION:
	case GPD_NODE_RECORD:
	case GPD_NODE_GROUP:
		return n->anchor != NULL || n->parent == GPD_NODE_NONE;
	default:
		return 0;
	}
}

/* The address of node i from any page of the edition: its page's file,
 * and its anchor when it is a section of that page. */
static void put_url(html *h, gpd_buf *b, size_t i)
{
	size_t p = h->page_of[i];

	if (p == 0)
		gpd_buf_puts(b, "index");
	else
		gpd_html_text(b, h->nodes[p].anchor, 1);
	gpd_buf_puts(b, ".html");
	if (p != i && h->nodes[i].anchor != NULL) {
		gpd_buf_putc(b, '#');
		gpd_html_text(b, h->nodes[i].anchor, 1);
	}
}

static void link_open(html *h, size_t i)
{
	put(h, "<a href=\"");
	put_url(h, &h->body, i);
	put(h, "\">");
}

/* A link to the page named by anchor: the anchors the structure gives
 * records, criteria and groups are those of page nodes (is_page). */
static void page_link_open(html *h, const char *anchor)
{
	put(h, "<a href=\"");
	text(h, anchor);
	put(h, ".html\">");
}

/* A link to a record printed in full, from wherever it is referred to. */
static void record_link_open(html *h, const gpd_record *rec)
{
	const char *a = gpd_structure_record_anchor(h->s, rec);

	page_link_open(h, a ? a : rec->id);
}

/* The level node i's heading takes on its page (1 for the page's own). */
static int level_on_page(const html *h, size_t i)
{
	size_t p = h->page_of[i];
	int top = p == 0 ? 0 : h->nodes[p].level; /* the first page's h1 is the cover's */
	int l = h->nodes[i].level - top + 1;

	return l < 1 ? 1 : l > MAX_LEVEL ? MAX_LEVEL : l;
}

static void heading(html *h, size_t i)
{
	char tag[8];
	const gpd_node *n = &h->nodes[i];

	snprintf(tag, sizeof(tag), "h%d", level_on_page(h, i));
	gpd_buf_printf(&h->body, "<%s%s", tag, dir_of_title(n->title));
	if (n->anchor != NULL) {
		put(h, " id=\"");
		text(h, n->anchor);
		put(h, "\"");
	}
	put(h, ">");
	title_text(&h->body, n->title);
	gpd_buf_printf(&h->body, "</%s>\n", tag);
}

/* "1 example", "3 examples". */
static void count(html *h, size_t n)
{
	gpd_buf_printf(&h->body, " <span class=\"count\">(%zu example%s)</span>", n,
		n == 1 ? "" : "s");
}

/* ---- CommonMark from records and templates ---- */

/* doc made safe (md_tame.h) and written by cmark's HTML writer, its
 * headings below base (base 0 with one_top: the page's h1 is its first).
 * Frees doc; caller frees the result (NULL: out of memory, failed set). */
static char *doc_html(html *h, cmark_node *doc, int base, int one_top)
{
	unsigned flags = GPD_TAME_NO_SKIP | GPD_TAME_BREAKS | (one_top ? GPD_TAME_ONE_TOP : 0);
	char *out = NULL;

	if (doc != NULL && gpd_md_tame(doc, base, flags) == 0)
		out = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	if (out == NULL)
		h->failed = 1;
	gpd_md_free(doc);
	return out;
}

/* ---- text direction ---- */

/* A template's tree with its isolates (the authority inside a sentence of
 * ours) written as <bdi>. */
static cmark_node *bdi(html *h, cmark_node *doc)
{
	if (doc != NULL && gpd_template_isolates_as(doc, "<bdi>", "</bdi>") != 0)
		h->failed = 1;
	return doc;
}

/* The tags cmark writes that hold a paragraph's text ("<p>", "<li>",
 * "<h1>"..), their length; 0: none at s. */
static size_t text_tag(const char *s)
{
	if (strncmp(s, "<p>", 3) == 0)
		return 3;
	if (strncmp(s, "<li>", 4) == 0)
		return 4;
	if (s[0] == '<' && s[1] == 'h' && s[2] >= '1' && s[2] <= '6' && s[3] == '>')
		return 4;
	return 0;
}

/* How far the text of the element opened before s goes: to its end tag
 * or to a block in it (a list in an item), whichever comes first. */
static size_t own_text(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] == '<' && (s[i + 1] == '/' ? s[i + 2] == 'p' || s[i + 2] == 'l'
		    || s[i + 2] == 'h' : text_tag(s + i) || strncmp(s + i, "<ul", 3) == 0
		    || strncmp(s + i, "<ol", 3) == 0 || strncmp(s + i, "<blockquote", 11) == 0))
			return i;
	return i;
}

/* cmark's HTML with dir on each paragraph, item or heading of right-to-
 * left text (cmark writes no attributes of its own on them). */
static void put_with_dir(html *h, const char *out)
{
	const char *s = out, *from = out;
	size_t t;

	/* no right-to-left letter anywhere: no element takes a dir (the
	 * answer for most, found in one pass instead of one per element) */
	if (!gpd_utf8_has_rtl(out, SIZE_MAX)) {
		put(h, out);
		return;
	}
	while ((s = strchr(s, '<')) != NULL) {
		if ((t = text_tag(s)) == 0) {
			s++;
			continue;
		}
		gpd_buf_append(&h->body, from, (size_t)(s - from) + t - 1);
		put(h, dir_of_html(s + t, own_text(s + t)));
		put(h, ">");
		from = s += t;
	}
	put(h, from);
}

static void put_doc(html *h, cmark_node *doc, int base)
{
	char *out = doc_html(h, doc, base, 0);

	put_with_dir(h, out ? out : "");
	free(out);
}

static void put_markdown(html *h, const char *md, int base)
{
	put_doc(h, cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT), base);
}

/* ---- a record, as the form reads ---- */

static const char *title_of(const gpd_record *rec)
{
	return blank(rec->title) ? rec->id : rec->title;
}

/* "Criterion 2.4", or our words when the record names none. */
static void put_place(html *h, const gpd_record *rec)
{
	const gpd_criterion *first = gpd_record_first_criterion(rec);

	if (first != NULL)
		gpd_buf_printf(&h->body, "Criterion %s", gpd_criterion_str(*first).s);
	else
		put(h, "\xE2\x80\x9C" GPD_T_UNSTATED "\xE2\x80\x9D");
}

static void field_criteria(html *h, const gpd_record *rec)
{
	for (size_t i = 0; i < rec->ncriteria; i++) {
		const char *anchor = gpd_structure_criterion_anchor(h->s, &rec->criteria[i]);
		char num[32];

		gpd_criterion_format(rec->criteria[i], num, sizeof(num));
		put(h, i > 0 ? ", " : "");
		if (anchor != NULL)
			page_link_open(h, anchor);
		text(h, num);
		put(h, anchor != NULL ? "</a>" : "");
	}
}

/* A tick box on the form, ticked: the glyph is for the eye; the words
 * say it to a screen reader (and in a text browser). */
static void tick(html *h, int ticked)
{
	put(h, ticked ? "<span class=\"box\" aria-hidden=\"true\">\xE2\x98\x92</span>"
		"<span class=\"visually-hidden\">Ticked: </span>" :
		"<span class=\"box\" aria-hidden=\"true\">\xE2\x98\x90</span>"
		"<span class=\"visually-hidden\">Not ticked: </span>");
}

/* The ticked boxes of a group, as the PDF prints them: each with its
 * label and "please specify" text, in a <span lang> when the text says
 * its language (xml:lang). */
static void field_group(html *h, const gpd_record *rec, gpd_group g)
{
	const gpd_option_group *grp = gpd_form_group(g);

	put(h, "<ul class=\"ticks\">\n");
	for (unsigned o = 0; o < grp->count; o++) {
		const gpd_specified *sp = gpd_record_find_specified(rec, g, o);
		const char *spec = sp != NULL ? sp->text : NULL;
		const char *lang = sp != NULL ? sp->lang : NULL;

		if (!(rec->ticks[g] & GPD_TICK(o)))
			continue;
		put(h, "<li");
		put(h, blank(spec) ? "" : dir_of(spec, SIZE_MAX));
		put(h, ">");
		tick(h, 1);
		text(h, grp->options[o].label);
		if (!blank(spec)) {
			put(h, ": ");
			if (lang != NULL) {
				put(h, "<span");
				put_lang(h, lang);
				put(h, ">");
			}
			text(h, spec);
			put(h, lang != NULL ? "</span>" : "");
		}
		put(h, "</li>\n");
	}
	put(h, "</ul>\n");
}

/* An address: its lines, blank ones dropped. */
static void put_lines(html *h, const char *s)
{
	int first = 1;

	while (s != NULL && *s) {
		size_t n = strcspn(s, "\r\n");
		char *line = malloc(n + 1);

		if (line == NULL) {
			h->failed = 1;
			return;
		}
		memcpy(line, s, n);
		line[n] = '\0';
		if (!blank(line)) {
			put(h, first ? "" : "<br>\n");
			text(h, line);
			first = 0;
		}
		free(line);
		s += n;
		s += *s == '\r' && s[1] == '\n' ? 2 : *s != '\0';
	}
}

/* The contact details as an <address>: whom to ask about this work. */
static void field_contact(html *h, const gpd_record *rec)
{
	put(h, "<address>\n<dl class=\"contact\">\n");
	for (int f = 0; f < GPD_CONTACT__COUNT; f++) {
		const char *v = rec->contact[f];

		if (blank(v))
			continue;
		put(h, "<dt>");
		text(h, gpd_form_contact((gpd_contact_field)f)->label);
		put(h, "</dt>\n<dd");
		put(h, dir_of(v, SIZE_MAX));
		put(h, ">");
		if (f == GPD_CONTACT_EMAIL && gpd_link_is_email(v)) {
			put(h, "<a href=\"mailto:");
			text(h, v);
			put(h, "\">");
			text(h, v);
			put(h, "</a>");
		} else {
			put_lines(h, v);
		}
		put(h, "</dd>\n");
	}
	put(h, "</dl>\n</address>\n");
}

/* The attachments' titles, linking to them further down the page. */
static void field_attachments(html *h, size_t field)
{
	put(h, "<ul>\n");
	for (size_t k = gpd_structure_child(h->s, field); k != GPD_NODE_NONE;
	     k = gpd_structure_next(h->s, k)) {
		put(h, "<li>");
		link_open(h, k);
		node_title_in(h, &h->body, k);
		put(h, "</a></li>\n");
	}
	put(h, "</ul>\n");
}

/* The answer to one question: <dd> content. */
static void answer(html *h, size_t field, int base)
{
	const gpd_node *n = &h->nodes[field];
	const gpd_record *rec = n->rec;

	switch (n->step->part) {
	case GPD_PART_CRITERIA: field_criteria(h, rec); break;
	case GPD_PART_GROUP: field_group(h, rec, (gpd_group)n->step->which); break;
	case GPD_PART_AGENCY: text(h, rec->agency); break;
	case GPD_PART_TEXT: put_markdown(h, rec->text[n->step->which], base); break;
	case GPD_PART_CONTACT: field_contact(h, rec); break;
	case GPD_PART_ATTACHMENTS: field_attachments(h, field); break;
	case GPD_PART_EVIDENCE: break; /* its parts follow, nested */
	}
}

/* The record's authority and the date its form was received. */
static void record_meta(html *h, const gpd_record *rec)
{
	if (blank(rec->authority) && blank(rec->received))
		return;
	put(h, "<p class=\"meta\">");
	title_in(&h->body, rec->authority);
	if (!blank(rec->authority) && !blank(rec->received))
		put(h, " \xC2\xB7 ");
	if (!blank(rec->received)) {
		char date[GPD_DATE_MAX];

		/* as the PDF and the Markdown print it, the ISO date for machines */
		put(h, "form received <time datetime=\"");
		text(h, rec->received);
		put(h, "\">");
		text(h, gpd_date_format(rec->received, h->ed->date_format, date, sizeof(date)));
		put(h, "</time>");
	}
	put(h, "</p>\n");
}

/* The form's answers as a description list, question by question; the
 * evidence question's parts in a list of their own under it. */
static void record_fields(html *h, size_t rec_node)
{
	int nested = 0;

	put(h, "<dl class=\"form\">\n");
	for (size_t k = gpd_structure_child(h->s, rec_node); k != GPD_NODE_NONE && !h->failed;
	     k = gpd_structure_next(h->s, k)) {
		const gpd_form_step *st = h->nodes[k].step;

		if (nested && !st->nested) {
			put(h, "</dl>\n</dd>\n");
			nested = 0;
		}
		put(h, "<dt>");
		text(h, h->nodes[k].title);
		/* a one-line answer is the dd's own text: its direction there */
		put(h, "</dt>\n<dd");
		put(h, st->part == GPD_PART_AGENCY ? dir_of(h->nodes[k].rec->agency, SIZE_MAX) : "");
		if (st->part == GPD_PART_TEXT)
			put_lang(h, h->nodes[k].rec->text_lang[st->which]);
		put(h, ">");
		answer(h, k, 1);
		if (st->part == GPD_PART_EVIDENCE) {
			put(h, "\n<dl class=\"form\">\n");
			nested = 1;
			continue;
		}
		put(h, "</dd>\n");
	}
	put(h, nested ? "</dl>\n</dd>\n</dl>\n" : "</dl>\n");
}

static void record_page(html *h, size_t i)
{
	put(h, "<article class=\"record\"");
	put_lang(h, h->nodes[i].rec->lang);
	put(h, ">\n");
	heading(h, i);
	record_meta(h, h->nodes[i].rec);
	record_fields(h, i);
	for (size_t k = gpd_structure_child(h->s, i); k != GPD_NODE_NONE && !h->failed;
	     k = gpd_structure_next(h->s, k))
		for (size_t a = gpd_structure_child(h->s, k); a != GPD_NODE_NONE;
		     a = gpd_structure_next(h->s, a)) {
			const gpd_node *n = &h->nodes[a];
			const gpd_attachment *att = &n->rec->attachments[n->index];

			put(h, "<section class=\"attachment\"");
			put_lang(h, att->lang);
			put(h, ">\n");
			heading(h, a);
			if (!blank(att->body))
				put_markdown(h, att->body, level_on_page(h, a));
			put(h, "</section>\n");
		}
	put(h, "</article>\n");
}

/* ---- lists of records ---- */

/* "Title (Authority), printed under Criterion 2.4", linking the record. */
static void reference(html *h, const gpd_record *rec, int with_authority, int see)
{
	put(h, see ? "See " : "");
	record_link_open(h, rec);
	put(h, see ? "<em>" : "");
	if (rec->lang != NULL)
		gpd_buf_printf(&h->body, "<span lang=\"%s\">", rec->lang);
	title_in(&h->body, title_of(rec));
	put(h, rec->lang != NULL ? "</span>" : "");
	put(h, see ? "</em></a>" : "</a>");
	if (with_authority && !blank(rec->authority)) {
		put(h, " (");
		title_in(&h->body, rec->authority);
		put(h, ")");
	}
	put(h, see ? ", printed in full under " : ", printed under ");
	put_place(h, rec);
}

static void group_page(html *h, size_t i)
{
	const gpd_node *n = &h->nodes[i];
	int by_authority = h->nodes[n->parent].role == GPD_ROLE_BY_AUTHORITY;

	heading(h, i);
	if (n->group->n == 0) {
		put(h, "<p>No examples in this edition.</p>\n");
		return;
	}
	put(h, "<ul class=\"references\">\n");
	for (size_t r = 0; r < n->group->n; r++) {
		put(h, "<li>");
		reference(h, n->group->recs[r], !by_authority, 0);
		put(h, "</li>\n");
	}
	put(h, "</ul>\n");
}

/* A criterion: where its other examples are printed, then its own. */
static void criterion_page(html *h, size_t i)
{
	int refs = 0, recs = 0;

	heading(h, i);
	for (size_t k = gpd_structure_child(h->s, i); k != GPD_NODE_NONE;
	     k = gpd_structure_next(h->s, k)) {
		if (h->nodes[k].kind != GPD_NODE_REFERENCE)
			continue;
		put(h, refs++ ? "<li>" : "<ul class=\"references\">\n<li>");
		reference(h, h->nodes[k].rec, 1, 1);
		put(h, "</li>\n");
	}
	put(h, refs ? "</ul>\n" : "");
	for (size_t k = gpd_structure_child(h->s, i); k != GPD_NODE_NONE;
	     k = gpd_structure_next(h->s, k)) {
		const gpd_record *rec = h->nodes[k].rec;

		if (h->nodes[k].kind != GPD_NODE_RECORD)
			continue;
		put(h, recs++ ? "<li>" : "<ul class=\"records\">\n<li>");
		link_open(h, k);
		node_title_in(h, &h->body, k);
		put(h, "</a>");
		if (!blank(rec->authority)) {
			put(h, " <span class=\"by\">");
			title_in(&h->body, rec->authority);
			put(h, "</span>");
		}
		put(h, "</li>\n");
	}
	put(h, recs ? "</ul>\n" : "");
}

/* ---- parts ---- */

/* The pages under node i, linked, each with its number of examples. */
static void page_list(html *h, size_t i)
{
	int any = 0;

	for (size_t k = gpd_structure_child(h->s, i); k != GPD_NODE_NONE;
	     k = gpd_structure_next(h->s, k)) {
		const gpd_node *n = &h->nodes[k];
		size_t examples = 0;

		if (h->page_of[k] != k)
			continue;
		if (n->kind == GPD_NODE_GROUP)
			examples = n->group->n;
		else
			for (size_t e = gpd_structure_child(h->s, k); e != GPD_NODE_NONE;
			     e = gpd_structure_next(h->s, e))
				examples++;
		put(h, any++ ? "<li>" : "<ul class=\"sections\">\n<li>");
		link_open(h, k);
		title_in(&h->body, n->title);
		put(h, "</a>");
		count(h, examples);
		put(h, "</li>\n");
	}
	put(h, any ? "</ul>\n" : "");
}

/* The ECM outcomes no record of the edition ticks, in one sentence. */
static void outcomes_without_examples(html *h)
{
	int any = 0;

	for (size_t i = 0; i < h->c->noutcomes; i++) {
		const gpd_group_section *g = &h->c->outcomes[i];

		if (g->n > 0 || g->option < 0)
			continue;
		put(h, any++ ? "; <em>" :
			"<p>No example in this edition is recorded as contributing to: <em>");
		text(h, g->label);
		put(h, "</em>");
	}
	put(h, any ? ".</p>\n" : "");
}

static void table_section(html *h, size_t i);

static void part_page(html *h, size_t i)
{
	heading(h, i);
	if (h->nodes[i].role == GPD_ROLE_PART2)
		outcomes_without_examples(h);
	page_list(h, i); /* Part 2 and the indexes: their groups */
	for (size_t k = gpd_structure_child(h->s, i); k != GPD_NODE_NONE && !h->failed;
	     k = gpd_structure_next(h->s, k)) {
		if (h->nodes[k].kind == GPD_NODE_STANDARD) {
			heading(h, k);
			page_list(h, k);
		} else if (h->nodes[k].kind == GPD_NODE_TABLE) {
			table_section(h, k);
		}
	}
}

/* ---- tables ---- */

static void th_col(html *h, const char *label)
{
	put(h, "<th scope=\"col\">");
	text(h, label);
	put(h, "</th>");
}

/* A row's header: a link to the section it counts, when there is one. */
static void th_row(html *h, const char *anchor, const char *label)
{
	put(h, "<th scope=\"row\">");
	if (anchor != NULL)
		page_link_open(h, anchor);
	text(h, label);
	put(h, anchor != NULL ? "</a></th>" : "</th>");
}

static void td(html *h, size_t n)
{
	gpd_buf_printf(&h->body, "<td>%zu</td>", n);
}

/* A table in a region of its own that scrolls sideways when the screen
 * is narrower than the table (the page itself never does), reachable by
 * keyboard; caption says what the cells count. */
static void table_open(html *h, size_t i, const char *caption)
{
	put(h, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
	text(h, h->nodes[i].anchor);
	put(h, "\">\n<table>\n<caption>");
	put(h, caption);
	put(h, "</caption>\n");
}

static void coverage_criteria(html *h, size_t i)
{
	const gpd_corpus *c = h->c;
	const gpd_option_group *og = gpd_form_group(GPD_GROUP_OUTCOME);

	put(h, "<p>An example that relates to several criteria is counted under each; "
		"one that serves several outcomes, under each outcome.</p>\n");
	table_open(h, i, "Number of examples for each criterion (rows) and Every Child Matters "
		"outcome (columns)");
	put(h, "<thead>\n<tr>");
	th_col(h, "Criterion");
	for (size_t o = 0; o + 1 < c->coverage_cols && o < og->count; o++)
		th_col(h, og->options[o].label);
	th_col(h, "Outcome not stated");
	th_col(h, "Examples");
	put(h, "</tr>\n</thead>\n<tbody>\n");
	for (size_t r = 0; r < c->coverage_rows; r++) {
		const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, r);
		char num[32];

		if (cs == NULL && c->nunstated == 0)
			continue;
		if (cs != NULL)
			gpd_criterion_format(cs->crit, num, sizeof(num));
		put(h, "<tr>");
		th_row(h, gpd_structure_criterion_anchor(h->s, cs ? &cs->crit : NULL),
			cs ? num : GPD_T_UNSTATED);
		for (size_t col = 0; col < c->coverage_cols; col++)
			td(h, c->coverage[r * c->coverage_cols + col]);
		td(h, cs ? cs->n : c->nunstated);
		put(h, "</tr>\n");
	}
	put(h, "</tbody>\n<tfoot>\n<tr>");
	th_row(h, NULL, "All examples");
	for (size_t o = 0; o < c->noutcomes; o++)
		td(h, c->outcomes[o].n);
	if (c->noutcomes < c->coverage_cols)
		td(h, 0);
	td(h, c->nrecords);
	put(h, "</tr>\n</tfoot>\n</table>\n</div>\n");
}

static void coverage_regions(html *h, size_t i)
{
	table_open(h, i, "Number of examples from each region");
	put(h, "<thead>\n<tr>");
	th_col(h, "Region");
	th_col(h, "Examples");
	put(h, "</tr>\n</thead>\n<tbody>\n");
	for (size_t r = 0; r < h->c->nregions; r++) {
		put(h, "<tr>");
		th_row(h, gpd_structure_group_anchor(h->s, &h->c->regions[r]), h->c->regions[r].label);
		td(h, h->c->regions[r].n);
		put(h, "</tr>\n");
	}
	put(h, "</tbody>\n</table>\n</div>\n");
}

/* A handout's criteria, linked, with their numbers of examples. */
static void summary_criteria(html *h)
{
	const gpd_corpus *c = h->c;

	put(h, "<ul>\n");
	for (size_t r = 0; r < c->coverage_rows && !h->failed; r++) {
		const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, r);
		char *title = cs ? gpd_criterion_heading(cs) : NULL;

		if (cs != NULL && title == NULL)
			h->failed = 1;
		if (cs != NULL || c->nunstated > 0) {
			put(h, "<li>");
			page_link_open(h, gpd_structure_criterion_anchor(h->s, cs ? &cs->crit : NULL));
			text(h, cs ? title : GPD_T_UNSTATED);
			put(h, "</a>");
			count(h, cs ? cs->n : c->nunstated);
			put(h, "</li>\n");
		}
		free(title);
	}
	put(h, "</ul>\n");
}

/* The outcomes or target groups a handout's examples serve: ticked, with
 * counts; "not stated" as an empty box. */
static void summary_ticks(html *h, const gpd_group_section *g, size_t n)
{
	int any = 0;

	for (size_t i = 0; i < n; i++) {
		if (g[i].n == 0)
			continue;
		put(h, any++ ? "<li>" : "<ul class=\"ticks\">\n<li>");
		tick(h, g[i].option >= 0);
		text(h, g[i].label);
		count(h, g[i].n);
		put(h, "</li>\n");
	}
	put(h, any ? "</ul>\n" : "<p><em>None stated</em></p>\n");
}

static void table_section(html *h, size_t i)
{
	heading(h, i);
	switch ((gpd_table_role)h->nodes[i].role) {
	case GPD_TABLE_COVERAGE_CRITERIA: coverage_criteria(h, i); break;
	case GPD_TABLE_COVERAGE_REGIONS: coverage_regions(h, i); break;
	case GPD_TABLE_SUMMARY_CRITERIA: summary_criteria(h); break;
	case GPD_TABLE_SUMMARY_OUTCOMES: summary_ticks(h, h->c->outcomes, h->c->noutcomes); break;
	case GPD_TABLE_SUMMARY_TARGETS: summary_ticks(h, h->c->targets, h->c->ntargets); break;
	}
}

/* ---- the first page: cover and contents ---- */

/* The contents entries under node i, as nested lists: the nodes the
 * structure lists, in order (records hold no entries of their own). */
static void toc_under(html *h, size_t i)
{
	int any = 0;

	for (size_t k = gpd_structure_child(h->s, i); k != GPD_NODE_NONE && !h->failed;
	     k = gpd_structure_next(h->s, k)) {
		const gpd_node *n = &h->nodes[k];

		if (!n->in_contents || !(n->formats & GPD_SHOW_HTML))
			continue;
		put(h, any++ ? "<li>" : "<ul>\n<li>");
		link_open(h, k);
		node_title_in(h, &h->body, k);
		put(h, "</a>");
		if (n->kind != GPD_NODE_RECORD)
			toc_under(h, k);
		put(h, "</li>\n");
	}
	put(h, any ? "</ul>\n" : "");
}

/* Our cover when the edition has no cover template: as the Markdown's. */
static void default_cover(html *h)
{
	gpd_template_vars v = gpd_structure_vars(h->s);

	put(h, "<h1>");
	text(h, blank(v.title) ? "Good-practice compendium" : v.title);
	put(h, "</h1>\n");
	if (!blank(v.edition)) {
		put(h, "<p class=\"edition\">");
		text(h, v.edition);
		put(h, "</p>\n");
	}
	if (!blank(v.publisher)) {
		put(h, "<p>");
		text(h, v.publisher);
		put(h, "</p>\n");
	}
	put(h, "<p>Edition of ");
	text(h, v.date);
	gpd_buf_printf(&h->body, " \xC2\xB7 %zu good-practice examples from %zu authorities</p>\n",
		v.records, v.authorities);
}

/* The cover template, its first heading the page's one h1 (the edition's
 * title comes first when the editor's cover has no heading). */
static void cover(html *h)
{
	char *doc;

	put(h, "<div class=\"cover\">\n");
	if (h->ed->cover == NULL) {
		default_cover(h);
	} else if ((doc = doc_html(h, bdi(h, gpd_structure_expand(h->s, h->ed->cover, 0)), 0,
	    1))) {
		if (strstr(doc, "<h1>") == NULL) {
			gpd_buf_printf(&h->body, "<h1%s>", dir_of_title(h->ed->title));
			title_text(&h->body, h->ed->title);
			put(h, "</h1>\n");
		}
		put_with_dir(h, doc);
		free(doc);
	}
	put(h, "</div>\n");
}

static void first_page(html *h)
{
	cover(h);
	for (size_t k = gpd_structure_child(h->s, 0); k != GPD_NODE_NONE;
	     k = gpd_structure_next(h->s, k)) {
		if (h->nodes[k].kind != GPD_NODE_CONTENTS)
			continue;
		put(h, "<nav class=\"contents\" aria-labelledby=\"");
		text(h, h->nodes[k].anchor);
		put(h, "\">\n");
		heading(h, k);
		toc_under(h, 0);
		put(h, "</nav>\n");
	}
}

static void introduction_page(html *h, size_t i)
{
	heading(h, i);
	put_doc(h, bdi(h, gpd_structure_expand(h->s, h->ed->introduction, 1)), 1);
}

/* ---- around the content ---- */

/* The most ancestors a node has (document, part, Standard, criterion,
 * record, field: the model is six deep); the trail keeps the nearest. */
#define TRAIL_MAX 16

/* The trail from the first page to this one; nothing on the first page. */
static void breadcrumbs(html *h, size_t p, gpd_buf *b)
{
	size_t trail[TRAIL_MAX], n = 0;

	if (p == 0)
		return;
	for (size_t a = h->nodes[p].parent; a != GPD_NODE_NONE && n < TRAIL_MAX;
	     a = h->nodes[a].parent)
		if (a == 0 || h->nodes[a].anchor != NULL)
			trail[n++] = a;
	gpd_buf_puts(b, "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<ol>\n");
	while (n-- > 0) {
		gpd_buf_puts(b, "<li><a href=\"");
		put_url(h, b, trail[n]);
		gpd_buf_puts(b, "\">");
		node_title_in(h, b, trail[n]);
		gpd_buf_puts(b, "</a></li>\n");
	}
	gpd_buf_puts(b, "<li aria-current=\"page\">");
	node_title_in(h, b, p);
	gpd_buf_puts(b, "</li>\n</ol>\n</nav>\n");
}

static void pager_link(html *h, gpd_buf *b, size_t k, const char *rel, const char *word)
{
	gpd_buf_printf(b, "<li class=\"%s\"><a rel=\"%s\" href=\"", rel, rel);
	put_url(h, b, k);
	gpd_buf_printf(b, "\"><span class=\"direction\">%s<span class=\"visually-hidden\">:"
		"</span></span> ", word);
	node_title_in(h, b, k);
	gpd_buf_puts(b, "</a></li>\n");
}

/* The pages before and after this one, in the order of the print edition. */
static void pager(html *h, size_t p, gpd_buf *b)
{
	size_t at = h->place[p];

	gpd_buf_puts(b, "<nav class=\"pager\" aria-label=\"Previous and next page\">\n<ul>\n");
	if (at > 0)
		pager_link(h, b, h->pages[at - 1], "prev", "Previous");
	if (at + 1 < h->npages)
		pager_link(h, b, h->pages[at + 1], "next", "Next");
	gpd_buf_puts(b, "</ul>\n</nav>\n");
}

/* Links to the edition as PDF and Markdown, which every edition declares
 * and which sit beside its folder ("../london.pdf"). They do not depend
 * on --format, so a build of the HTML alone writes the same pages. */
static void downloads(html *h, gpd_buf *b)
{
	static const char *const other[][2] = {
		{"pdf", "PDF, for printing"}, {"md", "Markdown (plain text)"},
	};
	const char *out = h->ed->output, *base;

	if (out == NULL)
		return;
	base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	gpd_buf_puts(b, "<ul class=\"downloads\">\n");
	for (size_t k = 0; k < sizeof(other) / sizeof(other[0]); k++) {
		gpd_buf_puts(b, "<li><a href=\"../");
		gpd_html_text(b, base, 1);
		gpd_buf_printf(b, ".%s\">This edition as %s</a></li>\n", other[k][0], other[k][1]);
	}
	gpd_buf_puts(b, "</ul>\n");
}

/* title_in for <title>, which holds text alone: the isolate as
 * Unicode's controls, FSI and PDI. */
static void title_in_text(gpd_buf *b, const char *s)
{
	int rtl = gpd_utf8_has_rtl(s, SIZE_MAX);

	gpd_buf_puts(b, rtl ? "\xE2\x81\xA8" : ""); /* U+2068 FSI */
	gpd_html_text(b, s, 1);
	gpd_buf_puts(b, rtl ? "\xE2\x81\xA9" : ""); /* U+2069 PDI */
}

/* <title>: the page's title, then the edition's (the publication's on
 * the first page), each isolated: a Hebrew title's first letter made
 * the line right to left (the edition's name left of the title's
 * English words), a title's unclosed override (U+202E) turned the
 * edition's name round. */
static void page_title(html *h, size_t p, gpd_buf *b)
{
	title_in_text(b, p == 0 ? h->ed->title : h->nodes[p].title);
	gpd_buf_puts(b, " \xE2\x80\x93 ");
	title_in_text(b, p == 0 ? h->ed->publication : h->ed->title);
}

static gpd_html_value value_of(const char *s)
{
	return (gpd_html_value){s, s ? strlen(s) : 0};
}

/* What every page shows the same: escaped once. */
static void edition_pieces(html *h)
{
	gpd_html_text(&h->aux[AUX_PUBLICATION], h->ed->publication, 1);
	gpd_html_text(&h->aux[AUX_EDITION], h->ed->title, 1);
	gpd_html_text(&h->aux[AUX_PUBLISHER], h->ed->publisher, 1);
	gpd_html_text(&h->aux[AUX_DATE], h->ed->date, 1);
	downloads(h, &h->aux[AUX_DOWNLOADS]);
}

/* The page around the content: the theme filled in, into h->out. */
static void assemble(html *h, size_t p)
{
	static const struct { gpd_html_slot slot; int aux; } from_aux[] = {
		{GPD_SLOT_BREADCRUMBS, AUX_BREADCRUMBS}, {GPD_SLOT_PAGER, AUX_PAGER},
		{GPD_SLOT_TITLE, AUX_TITLE}, {GPD_SLOT_DOWNLOADS, AUX_DOWNLOADS},
		{GPD_SLOT_PUBLICATION, AUX_PUBLICATION}, {GPD_SLOT_EDITION, AUX_EDITION},
		{GPD_SLOT_PUBLISHER, AUX_PUBLISHER}, {GPD_SLOT_DATE, AUX_DATE},
	};
	gpd_html_value v[GPD_SLOT__COUNT] = {{NULL, 0}};

	h->aux[AUX_BREADCRUMBS].len = h->aux[AUX_PAGER].len = h->aux[AUX_TITLE].len = 0;
	breadcrumbs(h, p, &h->aux[AUX_BREADCRUMBS]);
	pager(h, p, &h->aux[AUX_PAGER]);
	page_title(h, p, &h->aux[AUX_TITLE]);
	for (size_t k = 0; k < sizeof(from_aux) / sizeof(from_aux[0]); k++)
		v[from_aux[k].slot] = (gpd_html_value){h->aux[from_aux[k].aux].data,
			h->aux[from_aux[k].aux].len};
	v[GPD_SLOT_LANG] = value_of(gpd_html_language(h->theme));
	v[GPD_SLOT_STYLESHEET] = value_of(GPD_HTML_STYLESHEET);
	v[GPD_SLOT_HOME] = value_of("index.html");
	v[GPD_SLOT_CONTENT] = (gpd_html_value){h->body.data, h->body.len};
	h->out.len = 0;
	gpd_html_page(h->theme, v, &h->out);
}

/* ---- the pages ---- */

/* Which nodes are pages, and on which page every other node is printed
 * (nodes come in document order, so a parent's page is known first). */
static int plan_pages(html *h)
{
	h->page_of = malloc(h->n * sizeof(*h->page_of));
	h->place = calloc(h->n, sizeof(*h->place));
	h->pages = malloc(h->n * sizeof(*h->pages));
	if (h->page_of == NULL || h->place == NULL || h->pages == NULL)
		return -1;
	for (size_t i = 0; i < h->n; i++) {
		const gpd_node *n = &h->nodes[i];

		if (i == 0 || (is_page(n) && (n->formats & GPD_SHOW_HTML))) {
			h->page_of[i] = i;
			h->place[i] = h->npages;
			h->pages[h->npages++] = i;
		} else {
			h->page_of[i] = h->page_of[n->parent];
		}
	}
	return 0;
}

static void content(html *h, size_t p)
{
	switch (h->nodes[p].kind) {
	case GPD_NODE_DOCUMENT: first_page(h); break;
	case GPD_NODE_INTRODUCTION: introduction_page(h, p); break;
	case GPD_NODE_PART: part_page(h, p); break;
	case GPD_NODE_CRITERION: criterion_page(h, p); break;
	case GPD_NODE_RECORD: record_page(h, p); break;
	case GPD_NODE_GROUP: group_page(h, p); break;
	default: break; /* sections of other pages (is_page) */
	}
}

static void emit(html *h, const char *name, const char *data, size_t len)
{
	if (!h->failed && !h->stopped && h->emit(h->ctx, name, data ? data : "", len) != 0)
		h->stopped = 1;
}

/* One page: its content, the theme around it, written out. */
static void render_page(html *h, size_t p)
{
	gpd_buf name = {0};

	h->body.len = 0;
	content(h, p);
	assemble(h, p);
	gpd_buf_puts(&name, p == 0 ? "index" : h->nodes[p].anchor);
	gpd_buf_puts(&name, ".html");
	for (int k = 0; k < AUX__COUNT; k++)
		h->failed |= gpd_buf_failed(&h->aux[k]);
	h->failed |= gpd_buf_failed(&h->body) || gpd_buf_failed(&h->out) || gpd_buf_failed(&name);
	emit(h, name.data, h->out.data, h->out.len);
	gpd_buf_free(&name);
}

int gpd_render_html(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_html_theme *theme, gpd_html_emit fn, void *ctx, gpd_diag *diag)
{
	gpd_structure *s = gpd_structure_build(c, ed);
	html h = {c, ed, theme, s, NULL, 0, NULL, NULL, NULL, 0, {0}, {0}, {{0}}, fn, ctx, 0, 0};
	size_t css_len;
	const char *css_data = gpd_html_css(theme, &css_len);

	if (s == NULL) {
		h.failed = 1;
	} else {
		h.nodes = gpd_structure_nodes(s, &h.n);
		h.failed = plan_pages(&h) != 0;
	}
	if (!h.failed)
		edition_pieces(&h);
	for (size_t k = 0; k < h.npages && !h.failed && !h.stopped; k++)
		render_page(&h, h.pages[k]);
	emit(&h, GPD_HTML_STYLESHEET, css_data, css_len);
	if (h.failed)
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, " (rendering HTML)");
	for (int k = 0; k < AUX__COUNT; k++)
		gpd_buf_free(&h.aux[k]);
	gpd_buf_free(&h.body);
	gpd_buf_free(&h.out);
	free(h.page_of);
	free(h.place);
	free(h.pages);
	gpd_structure_free(s);
	return h.failed || h.stopped ? -1 : 0;
}
