/* render_md.c: the Markdown edition: the corpus as cmark node trees, a record at a time, rendered to CommonMark by cmark. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/render.h"
#include "gpdigest/structure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "gpdigest/buf.h"
#include "gpdigest/date.h"
#include "gpdigest/edition.h"
#include "gpdigest/link.h"
#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"
#include "render/md_tame.h"
#include "render/render_md_priv.h"

/*
 * Every piece of user text goes into a TEXT node (or a LINK's url), so
 * cmark's CommonMark writer escapes it; we never write markup strings by
 * hand, except the one HTML block of the coverage tables (html_escape) and
 * the raw <a id> anchors, whose ids we make ASCII-only (fragment()).
 *
 * Headings, their levels, titles and anchors, and the contents come from
 * the edition's structure (structure.h); this file prints each node.
 * Headings inside free text and attachments are shifted below their node.
 */

#define MAX_LEVEL 6


/* The renderer's private state (lowdown style): what it walks, and
 * whether anything failed (out of memory) on the way. */
typedef struct md {
	const gpd_corpus *c;
	const gpd_edition_info *ed;
	const gpd_structure *s;  /* the edition's sections: what to print where */
	const gpd_node *nodes;
	gpd_buf *out;            /* the text written so far (flush) */
	int failed;
} md;

/* ---- text that cannot change the structure ---- */

/* True when s shows nothing: the form left it blank (utf8.h's one rule). */
static int blank(const char *s)
{
	return gpd_utf8_visibly_empty(s);
}

/* Our anchors go into raw HTML, so an id is reduced to [A-Za-z0-9_-]
 * (record ids and the corpus' anchors already are: this only guards a
 * model built by other means). The link and the anchor both use it. */
static char *fragment(const char *id)
{
	char *f = gpd_strdup(id ? id : "");

	for (char *p = f; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '-';
	return f;
}

/* The one place we escape by hand: text inside our coverage HTML block. */
static void html_escape(gpd_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': gpd_buf_puts(b, "&amp;"); break;
		case '<': gpd_buf_puts(b, "&lt;"); break;
		case '>': gpd_buf_puts(b, "&gt;"); break;
		case '"': gpd_buf_puts(b, "&quot;"); break;
		case '\'': gpd_buf_puts(b, "&#39;"); break;
		default: gpd_buf_putc(b, *s); break;
		}
	}
}

/* ---- building nodes ---- */

static cmark_node *node(md *m, cmark_node_type type)
{
	cmark_node *n = cmark_node_new(type);

	if (n == NULL)
		m->failed = 1;
	return n;
}

/* Appends child to parent; frees child and fails if it does not fit. */
static cmark_node *add(md *m, cmark_node *parent, cmark_node *child)
{
	if (child == NULL || parent == NULL || !cmark_node_append_child(parent, child)) {
		gpd_md_free(child);
		m->failed = 1;
		return NULL;
	}
	return child;
}

static cmark_node *add_new(md *m, cmark_node *parent, cmark_node_type type)
{
	return add(m, parent, node(m, type));
}

/* A literal node (TEXT, CODE, HTML_INLINE ...) holding s as given: for our
 * own constant strings and already cleaned text. */
static cmark_node *add_literal(md *m, cmark_node *parent, cmark_node_type type,
	const char *s)
{
	cmark_node *n = node(m, type);

	if (n != NULL && !cmark_node_set_literal(n, s))
		m->failed = 1;
	return add(m, parent, n);
}

/* Our own wording (trusted, ASCII or UTF-8 constants and numbers). */
static void add_words(md *m, cmark_node *parent, const char *s)
{
	add_literal(m, parent, CMARK_NODE_TEXT, s);
}

/* User text on one line: cleaned, then a TEXT node that cmark escapes. */
static void add_text(md *m, cmark_node *parent, const char *s)
{
	char *t = gpd_md_clean(s ? s : "", 1);

	if (t == NULL)
		m->failed = 1;
	else
		add_literal(m, parent, CMARK_NODE_TEXT, t);
	free(t);
}

/* User text that may run over several lines (an address): each line
 * cleaned, the lines kept apart by hard breaks, blank ones dropped. */
static void add_lines(md *m, cmark_node *parent, const char *s)
{
	int first = 1;

	while (s != NULL && *s && !m->failed) {
		size_t n = strcspn(s, "\r\n");
		char *line = malloc(n + 1);

		if (line == NULL) {
			m->failed = 1;
			return;
		}
		memcpy(line, s, n);
		line[n] = '\0';
		if (!blank(line)) {
			if (!first)
				add_new(m, parent, CMARK_NODE_LINEBREAK);
			add_text(m, parent, line);
			first = 0;
		}
		free(line);
		s += n;
		s += *s == '\r' && s[1] == '\n' ? 2 : *s != '\0';
	}
}

/* An explicit anchor, <a id="..."></a>, so the target exists wherever the
 * Markdown is published, whatever the host does with heading ids. */
static void add_anchor(md *m, cmark_node *parent, const char *id)
{
	char *f = fragment(id);
	gpd_buf b = {0};

	gpd_buf_printf(&b, "<a id=\"%s\"></a>", f ? f : "");
	if (f == NULL || gpd_buf_failed(&b))
		m->failed = 1;
	else
		add_literal(m, parent, CMARK_NODE_HTML_INLINE, b.data);
	gpd_buf_free(&b);
	free(f);
}

/* A link to one of our anchors; the caller adds its text. */
static cmark_node *add_link_to(md *m, cmark_node *parent, const char *id)
{
	char *f = fragment(id);
	gpd_buf b = {0};
	cmark_node *l = NULL;

	gpd_buf_printf(&b, "#%s", f ? f : "");
	if (f != NULL && !gpd_buf_failed(&b)) {
		l = add_new(m, parent, CMARK_NODE_LINK);
		if (l != NULL && !cmark_node_set_url(l, b.data))
			m->failed = 1;
	} else {
		m->failed = 1;
	}
	gpd_buf_free(&b);
	free(f);
	return l;
}

/* A heading at level (clamped to 1..6), with an anchor when id != NULL,
 * whose text is user text when user, else our own words. */
static cmark_node *add_heading(md *m, cmark_node *parent, int level,
	const char *id, const char *text, int user)
{
	cmark_node *h = add_new(m, parent, CMARK_NODE_HEADING);

	if (h == NULL)
		return NULL;
	cmark_node_set_heading_level(h, level < 1 ? 1 : level > MAX_LEVEL ? MAX_LEVEL : level);
	if (id != NULL)
		add_anchor(m, h, id);
	if (user)
		add_text(m, h, text);
	else
		add_words(m, h, text);
	return h;
}

/* A paragraph holding a strong (or emphasised) label; a colon is added
 * when inline, unless the question ends with its own punctuation. */
static cmark_node *add_label(md *m, cmark_node *parent, const char *label,
	int strong, int inline_value)
{
	cmark_node *p = add_new(m, parent, CMARK_NODE_PARAGRAPH);
	cmark_node *s = add_new(m, p, strong ? CMARK_NODE_STRONG : CMARK_NODE_EMPH);
	size_t n = strlen(label);

	add_words(m, s, label);
	if (inline_value && n > 0 && label[n - 1] != '?' && label[n - 1] != ':')
		add_words(m, s, ":");
	if (inline_value)
		add_words(m, p, " ");
	return p;
}

static cmark_node *add_list(md *m, cmark_node *parent)
{
	cmark_node *l = add_new(m, parent, CMARK_NODE_LIST);

	if (l != NULL) {
		cmark_node_set_list_type(l, CMARK_BULLET_LIST);
		cmark_node_set_list_tight(l, 1);
	}
	return l;
}

/* A list item with an empty paragraph to write into. */
static cmark_node *add_item(md *m, cmark_node *list)
{
	return add_new(m, add_new(m, list, CMARK_NODE_ITEM), CMARK_NODE_PARAGRAPH);
}

/* ---- free text from records and templates, made safe ---- */

/* Moves every block of doc to the end of parent, then frees doc, made
 * safe first (md_tame.h). */
static void graft_doc(md *m, cmark_node *parent, cmark_node *doc, int base)
{
	cmark_node *ch;

	if (doc == NULL || gpd_md_tame(doc, base, 0) != 0) {
		gpd_md_free(doc);
		m->failed = 1;
		return;
	}
	while (!m->failed && (ch = cmark_node_first_child(doc)) != NULL) {
		cmark_node_unlink(ch);
		add(m, parent, ch);
	}
	gpd_md_free(doc);
}

/* A template's tree with the text of its isolates (the authority inside a
 * sentence of ours) as written: the Markdown carries no direction. */
static cmark_node *plain(md *m, cmark_node *doc)
{
	if (doc != NULL && gpd_template_isolates_as(doc, "", "") != 0)
		m->failed = 1;
	return doc;
}

/* A free-text field (CommonMark) parsed and grafted under a section whose
 * heading is at level base. */
static void graft_text(md *m, cmark_node *parent, const char *text, int base)
{
	graft_doc(m, parent, cmark_parse_document(text, strlen(text), GPD_MD_RECORD_OPTIONS),
		base);
}

/* ---- a record, as the form reads ---- */

/* The record's short title, or its id when it has none. */
static const char *title_of(const gpd_record *rec)
{
	return blank(rec->title) ? rec->id : rec->title;
}

/* "Criterion 2.4", or our words when the record names none. */
static void put_place(gpd_buf *b, const gpd_record *rec)
{
	const gpd_criterion *first = gpd_record_first_criterion(rec);

	if (first != NULL)
		gpd_buf_printf(b, "Criterion %s", gpd_criterion_str(*first).s);
	else
		gpd_buf_puts(b, "\xE2\x80\x9C" GPD_T_UNSTATED "\xE2\x80\x9D");
}

/* The criteria as the form lists them, each linking to its section. */
static void field_criteria(md *m, cmark_node *doc, const gpd_record *rec)
{
	cmark_node *p;

	if (rec->ncriteria == 0)
		return;
	p = add_label(m, doc, GPD_Q_CRITERIA, 1, 1);
	for (size_t i = 0; i < rec->ncriteria; i++) {
		const char *anchor = gpd_structure_criterion_anchor(m->s, &rec->criteria[i]);
		char num[32];

		gpd_criterion_format(rec->criteria[i], num, sizeof(num));
		if (i > 0)
			add_words(m, p, ", ");
		add_words(m, anchor ? add_link_to(m, p, anchor) : p, num);
	}
}

/* One ticked option: its printed label, and the "please specify" text. */
static void put_option(md *m, cmark_node *p, const gpd_record *rec, gpd_group g,
	unsigned o)
{
	const gpd_option *opt = &gpd_form_group(g)->options[o];
	const char *spec = gpd_record_specified(rec, g, o);

	add_words(m, p, opt->label);
	if (!blank(spec)) {
		add_words(m, p, ": ");
		add_text(m, p, spec);
	}
}

/* A tick-box group: the question, then the ticked boxes as a list (a
 * single-answer group inline); nothing when no box is ticked. */
static void field_group(md *m, cmark_node *doc, const gpd_record *rec, gpd_group g,
	int strong)
{
	const gpd_option_group *grp = gpd_form_group(g);
	cmark_node *list = NULL;

	if (rec->ticks[g] == 0)
		return;
	if (grp->single) {
		cmark_node *p = add_label(m, doc, grp->question, strong, 1);
		for (unsigned o = 0; o < grp->count; o++)
			if (rec->ticks[g] & GPD_TICK(o)) {
				put_option(m, p, rec, g, o);
				break;
			}
		return;
	}
	add_label(m, doc, grp->question, strong, 0);
	list = add_list(m, doc);
	for (unsigned o = 0; o < grp->count && list != NULL; o++)
		if (rec->ticks[g] & GPD_TICK(o))
			put_option(m, add_item(m, list), rec, g, o);
}

/* A free-text question: the label, then the answer's own blocks. */
static void flush(md *m, cmark_node *doc);

static void field_text(md *m, cmark_node *doc, const gpd_record *rec,
	gpd_text_field t, int level, int strong)
{
	if (blank(rec->text[t]))
		return;
	flush(m, doc); /* a field's tree alone: see flush */
	add_label(m, doc, gpd_form_text(t)->question, strong, 0);
	graft_text(m, doc, rec->text[t], level);
}

static void field_agency(md *m, cmark_node *doc, const gpd_record *rec)
{
	if (!blank(rec->agency))
		add_text(m, add_label(m, doc, GPD_Q_AGENCY, 1, 1), rec->agency);
}


static void field_contact(md *m, cmark_node *doc, const gpd_record *rec)
{
	cmark_node *list = NULL;

	for (int f = 0; f < GPD_CONTACT__COUNT; f++) {
		const char *v = rec->contact[f];
		cmark_node *p;

		if (blank(v))
			continue;
		if (list == NULL) {
			add_label(m, doc, GPD_Q_CONTACT, 1, 0);
			list = add_list(m, doc);
		}
		p = add_item(m, list);
		add_words(m, p, gpd_form_contact((gpd_contact_field)f)->label);
		add_words(m, p, ": ");
		if (f == GPD_CONTACT_EMAIL && gpd_link_is_email(v)) {
			gpd_buf url = {0};
			cmark_node *l = add_new(m, p, CMARK_NODE_LINK);

			gpd_buf_printf(&url, "mailto:%s", v);
			if (gpd_buf_failed(&url) || l == NULL || !cmark_node_set_url(l, url.data))
				m->failed = 1;
			add_text(m, l, v);
			gpd_buf_free(&url);
		} else {
			add_lines(m, p, v);
		}
	}
}

/* The record's authority and the date its form was received. */
static void record_meta(md *m, cmark_node *doc, const gpd_record *rec)
{
	cmark_node *e;

	if (blank(rec->authority) && blank(rec->received))
		return;
	e = add_new(m, add_new(m, doc, CMARK_NODE_PARAGRAPH), CMARK_NODE_EMPH);
	if (!blank(rec->authority))
		add_text(m, e, rec->authority);
	if (!blank(rec->authority) && !blank(rec->received))
		add_words(m, e, " \xC2\xB7 ");
	if (!blank(rec->received)) {
		char date[GPD_DATE_MAX];

		add_words(m, e, "form received ");
		add_text(m, e, gpd_date_format(rec->received, m->ed->date_format, date, sizeof(date)));
	}
}

/* One question of the form; the evidence question's parts are set in
 * italic under its bold label; attachments are nodes of their own. */
static void record_step(md *m, cmark_node *doc, const gpd_record *rec,
	const gpd_form_step *s, int level)
{
	switch (s->part) {
	case GPD_PART_CRITERIA: field_criteria(m, doc, rec); break;
	case GPD_PART_GROUP: field_group(m, doc, rec, (gpd_group)s->which, !s->nested); break;
	case GPD_PART_AGENCY: field_agency(m, doc, rec); break;
	case GPD_PART_TEXT:
		field_text(m, doc, rec, (gpd_text_field)s->which, level, !s->nested);
		break;
	case GPD_PART_EVIDENCE: add_label(m, doc, GPD_Q_EVIDENCE, 1, 0); break;
	case GPD_PART_CONTACT: field_contact(m, doc, rec); break;
	case GPD_PART_ATTACHMENTS: add_label(m, doc, GPD_Q_ATTACHMENTS, 1, 0); break;
	}
}

/* ---- references to records ---- */

/* "[Title](#id) (Authority), printed under Criterion 2.4" into paragraph p. */
static void put_reference(md *m, cmark_node *p, const gpd_record *rec,
	int with_authority, int emph)
{
	const char *anchor = gpd_structure_record_anchor(m->s, rec);
	cmark_node *l = add_link_to(m, p, anchor ? anchor : rec->id);
	gpd_buf b = {0};

	add_text(m, emph ? add_new(m, l, CMARK_NODE_EMPH) : l, title_of(rec));
	if (with_authority && !blank(rec->authority)) {
		add_words(m, p, " (");
		add_text(m, p, rec->authority);
		add_words(m, p, ")");
	}
	gpd_buf_puts(&b, emph ? ", printed in full under " : ", printed under ");
	put_place(&b, rec);
	if (gpd_buf_failed(&b))
		m->failed = 1;
	else
		add_words(m, p, b.data);
	gpd_buf_free(&b);
}

/* A list of references to records (Part 2, the indexes). */
static void reference_list(md *m, cmark_node *doc, const gpd_record *const *recs,
	size_t n, int with_authority)
{
	cmark_node *list;

	if (n == 0) {
		add_words(m, add_new(m, doc, CMARK_NODE_PARAGRAPH), "No examples in this edition.");
		return;
	}
	list = add_list(m, doc);
	for (size_t i = 0; i < n && list != NULL; i++)
		put_reference(m, add_item(m, list), recs[i], with_authority, 0);
}

/* ---- the nodes of the structure ---- */

static void render_node(md *m, cmark_node *doc, size_t i);

static void render_children(md *m, cmark_node *doc, size_t i)
{
	for (size_t k = gpd_structure_child(m->s, i); k != GPD_NODE_NONE && !m->failed;
	     k = gpd_structure_next(m->s, k))
		render_node(m, doc, k);
}

/* A node's heading: its level, anchor and title, as the structure says. */
static void node_heading(md *m, cmark_node *doc, const gpd_node *n)
{
	add_heading(m, doc, n->level, n->anchor, n->title, 1);
}

static void render_cover(md *m, cmark_node *doc)
{
	gpd_template_vars v = gpd_structure_vars(m->s);
	gpd_buf b = {0};

	if (m->ed->cover != NULL) {
		graft_doc(m, doc, plain(m, gpd_structure_expand(m->s, m->ed->cover, 0)), 0);
		return;
	}
	add_heading(m, doc, 1, NULL, blank(v.title) ? "Good-practice compendium" : v.title, 1);
	if (!blank(v.edition))
		add_heading(m, doc, 2, NULL, v.edition, 1);
	if (!blank(v.publisher))
		add_text(m, add_new(m, doc, CMARK_NODE_PARAGRAPH), v.publisher);
	gpd_buf_printf(&b, "Edition of %s \xC2\xB7 %zu good-practice examples from %zu authorities",
		v.date ? v.date : "", v.records, v.authorities);
	if (gpd_buf_failed(&b))
		m->failed = 1;
	else
		add_text(m, add_new(m, doc, CMARK_NODE_PARAGRAPH), b.data);
	gpd_buf_free(&b);
	if (!blank(v.selection) && strcmp(v.selection, GPD_SELECTION_ALL) != 0) {
		cmark_node *p = add_new(m, doc, CMARK_NODE_PARAGRAPH);
		add_words(m, p, "Selection: ");
		add_text(m, p, v.selection);
	}
}

/* The contents entries under node i, as a nested list under parent (made
 * when the first entry comes): the nodes the structure lists, in order. */
static void toc_under(md *m, cmark_node *parent, size_t i)
{
	cmark_node *list = NULL;

	for (size_t k = gpd_structure_child(m->s, i); k != GPD_NODE_NONE && !m->failed;
	     k = gpd_structure_next(m->s, k)) {
		const gpd_node *n = &m->nodes[k];
		cmark_node *p, *l;

		if (!n->in_contents || !(n->formats & GPD_SHOW_MD))
			continue;
		if (list == NULL && (list = add_list(m, parent)) == NULL)
			return;
		p = add_item(m, list);
		l = add_link_to(m, p, n->anchor);
		add_text(m, l, n->title);
		if (p != NULL && n->kind != GPD_NODE_RECORD)
			toc_under(m, cmark_node_parent(p), k);
	}
}

/* References first (they point elsewhere), then the records in full. */
static void render_criterion(md *m, cmark_node *doc, size_t i)
{
	cmark_node *refs = NULL;

	node_heading(m, doc, &m->nodes[i]);
	for (size_t k = gpd_structure_child(m->s, i); k != GPD_NODE_NONE && !m->failed;
	     k = gpd_structure_next(m->s, k)) {
		cmark_node *p;

		if (m->nodes[k].kind != GPD_NODE_REFERENCE) {
			render_node(m, doc, k);
			continue;
		}
		if (refs == NULL)
			refs = add_list(m, doc);
		p = add_item(m, refs);
		add_words(m, p, "See ");
		put_reference(m, p, m->nodes[k].rec, 1, 1);
	}
}

/*
 * The document is rendered a record at a time: the blocks held so far go
 * to text before each record's heading, and their nodes are freed. One
 * tree of a 10,000-record compendium was 300 MB, most of a Markdown
 * build's time went into its page faults and frees, and it was the peak
 * of every build. Within a record, before each free-text field's label
 * and each attachment's heading too: cmark keeps some 200 bytes a node,
 * and a field of 1 MiB of markup ("_*_*...") is a million nodes, so a
 * record of six such attachments held 750 MB, past the memory bound of
 * 20 x its 6.3 MB + 150 MB.
 *
 * The text is the whole tree's, byte for byte. cmark writes the blank
 * lines between two blocks when it writes the second, from what the first
 * asked for on leaving it (BLANKLINE, CR); a tree starting fresh writes
 * none. So the held blocks are rendered followed by a stand-in paragraph,
 * "x": a heading, like a paragraph, asks for nothing on entering and is
 * no list or code block (which the list before it would look at), so the
 * text up to the stand-in is what the whole tree gives up to the next
 * heading or paragraph (a field's label is one). The stand-in and its
 * final newline are cut off.
 */
int gpd__md_one_tree;

static void flush(md *m, cmark_node *doc)
{
	cmark_node *stand_in, *k;
	char *text;
	size_t n;

	if (m->failed || gpd__md_one_tree || cmark_node_first_child(doc) == NULL)
		return;
	stand_in = add_new(m, doc, CMARK_NODE_PARAGRAPH);
	if (stand_in == NULL || add_literal(m, stand_in, CMARK_NODE_TEXT, "x") == NULL)
		return;
	text = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	n = text ? strlen(text) : 0;
	if (n < 2 || memcmp(text + n - 2, "x\n", 2) != 0)
		m->failed = 1; /* out of memory (cmark aborts on it), or a cmark that writes otherwise */
	else
		gpd_buf_append(m->out, text, n - 2);
	free(text);
	while ((k = cmark_node_first_child(doc)) != NULL)
		gpd_md_free(k); /* unlinks it */
}

/* A record in full: its heading, then every question of the form that was
 * answered, in the form's order (the structure's field nodes). */
static void render_record(md *m, cmark_node *doc, size_t i)
{
	const gpd_node *n = &m->nodes[i];

	flush(m, doc);
	node_heading(m, doc, n);
	record_meta(m, doc, n->rec);
	for (size_t k = gpd_structure_child(m->s, i); k != GPD_NODE_NONE && !m->failed;
	     k = gpd_structure_next(m->s, k)) {
		record_step(m, doc, n->rec, m->nodes[k].step, n->level);
		render_children(m, doc, k); /* attachments */
	}
}

static void render_attachment(md *m, cmark_node *doc, const gpd_node *n)
{
	const gpd_attachment *a = &n->rec->attachments[n->index];

	flush(m, doc); /* an attachment's tree alone: see flush */
	node_heading(m, doc, n);
	if (!blank(a->body))
		graft_text(m, doc, a->body, n->level);
}

/* The ECM outcomes no record of the edition ticks, in one sentence
 * rather than a run of empty sections. */
static void outcomes_without_examples(md *m, cmark_node *doc)
{
	cmark_node *p = NULL;

	for (size_t i = 0; i < m->c->noutcomes; i++) {
		const gpd_group_section *g = &m->c->outcomes[i];

		if (g->n > 0 || g->option < 0)
			continue;
		if (p == NULL) {
			p = add_new(m, doc, CMARK_NODE_PARAGRAPH);
			add_words(m, p, "No example in this edition is recorded as contributing to: ");
		} else {
			add_words(m, p, "; ");
		}
		add_words(m, add_new(m, p, CMARK_NODE_EMPH), g->label);
	}
	if (p != NULL)
		add_words(m, p, ".");
}

static void render_part(md *m, cmark_node *doc, size_t i)
{
	node_heading(m, doc, &m->nodes[i]);
	if (m->nodes[i].role == GPD_ROLE_PART2)
		outcomes_without_examples(m, doc);
	render_children(m, doc, i);
}

/* An outcome's, authority's or region's records; an authority's index
 * entries need not repeat the authority. */
static void render_group(md *m, cmark_node *doc, size_t i)
{
	const gpd_node *n = &m->nodes[i];
	int by_authority = m->nodes[n->parent].role == GPD_ROLE_BY_AUTHORITY;

	node_heading(m, doc, n);
	reference_list(m, doc, n->group->recs, n->group->n, !by_authority);
}

/* One table cell; a link to our anchor when id is given. */
static void cell(gpd_buf *b, const char *tag, const char *id, const char *text)
{
	gpd_buf_printf(b, "<%s>", tag);
	if (id != NULL) {
		char *f = fragment(id);
		if (f == NULL)
			b->failed = 1;
		else {
			gpd_buf_puts(b, "<a href=\"#");
			html_escape(b, f);
			gpd_buf_puts(b, "\">");
		}
		free(f);
	}
	html_escape(b, text);
	gpd_buf_printf(b, "%s</%s>", id != NULL ? "</a>" : "", tag);
}

static void count_cell(gpd_buf *b, size_t n)
{
	gpd_buf_printf(b, "<td>%zu</td>", n);
}

/* Records per criterion (rows) and ECM outcome (columns), with each
 * row's number of records; a last row counts each outcome once per record. */
static void coverage_criteria(md *m, gpd_buf *b)
{
	const gpd_corpus *c = m->c;
	const gpd_option_group *og = gpd_form_group(GPD_GROUP_OUTCOME);

	gpd_buf_puts(b, "<table>\n<thead>\n<tr>");
	cell(b, "th", NULL, "Criterion");
	for (size_t o = 0; o + 1 < c->coverage_cols && o < og->count; o++)
		cell(b, "th", NULL, og->options[o].label);
	cell(b, "th", NULL, "Outcome not stated");
	cell(b, "th", NULL, "Examples");
	gpd_buf_puts(b, "</tr>\n</thead>\n<tbody>\n");
	for (size_t r = 0; r < c->coverage_rows; r++) {
		const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, r);
		char num[32];

		if (cs == NULL && c->nunstated == 0)
			continue;
		if (cs != NULL)
			gpd_criterion_format(cs->crit, num, sizeof(num));
		gpd_buf_puts(b, "<tr>");
		cell(b, "th", gpd_structure_criterion_anchor(m->s, cs ? &cs->crit : NULL),
			cs ? num : GPD_T_UNSTATED);
		for (size_t col = 0; col < c->coverage_cols; col++)
			count_cell(b, c->coverage[r * c->coverage_cols + col]);
		count_cell(b, cs ? cs->n : c->nunstated);
		gpd_buf_puts(b, "</tr>\n");
	}
	gpd_buf_puts(b, "<tr>");
	cell(b, "th", NULL, "All examples");
	for (size_t o = 0; o < c->noutcomes; o++)
		count_cell(b, c->outcomes[o].n);
	if (c->noutcomes < c->coverage_cols)
		count_cell(b, 0);
	count_cell(b, c->nrecords);
	gpd_buf_puts(b, "</tr>\n</tbody>\n</table>\n");
}

static void coverage_regions(md *m, gpd_buf *b)
{
	gpd_buf_puts(b, "<table>\n<thead>\n<tr>");
	cell(b, "th", NULL, "Region");
	cell(b, "th", NULL, "Examples");
	gpd_buf_puts(b, "</tr>\n</thead>\n<tbody>\n");
	for (size_t i = 0; i < m->c->nregions; i++) {
		gpd_buf_puts(b, "<tr>");
		cell(b, "th", gpd_structure_group_anchor(m->s, &m->c->regions[i]),
			m->c->regions[i].label);
		count_cell(b, m->c->regions[i].n);
		gpd_buf_puts(b, "</tr>\n");
	}
	gpd_buf_puts(b, "</tbody>\n</table>\n");
}

/* CommonMark has no tables: an HTML block (ending at a blank line, so the
 * HTML has none) whose every text is escaped by html_escape. */
static void add_table(md *m, cmark_node *doc, void (*fill)(md *, gpd_buf *))
{
	gpd_buf b = {0};

	fill(m, &b);
	if (gpd_buf_failed(&b))
		m->failed = 1;
	else
		add_literal(m, doc, CMARK_NODE_HTML_BLOCK, b.data);
	gpd_buf_free(&b);
}

/* A handout's summary: its criteria (linked, with their numbers of
 * examples), or the outcomes or target groups its examples serve. */
static void summary_list(md *m, cmark_node *doc, gpd_table_role role)
{
	const gpd_corpus *c = m->c;
	cmark_node *list = add_list(m, doc);
	char count[32];

	if (role == GPD_TABLE_SUMMARY_CRITERIA) {
		for (size_t r = 0; r < c->coverage_rows && !m->failed; r++) {
			const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, r);
			const char *anchor = gpd_structure_criterion_anchor(m->s, cs ? &cs->crit : NULL);
			char *h = cs ? gpd_criterion_heading(cs) : NULL;
			cmark_node *p;

			if (cs == NULL && c->nunstated == 0)
				continue;
			p = add_item(m, list);
			add_text(m, anchor ? add_link_to(m, p, anchor) : p, cs ? h : GPD_T_UNSTATED);
			snprintf(count, sizeof(count), " (%zu)", cs ? cs->n : c->nunstated);
			add_words(m, p, count);
			m->failed |= cs != NULL && h == NULL;
			free(h);
		}
		return;
	}
	for (size_t i = 0; i < (role == GPD_TABLE_SUMMARY_OUTCOMES ? c->noutcomes : c->ntargets); i++) {
		const gpd_group_section *g = role == GPD_TABLE_SUMMARY_OUTCOMES ?
			&c->outcomes[i] : &c->targets[i];
		cmark_node *p;

		if (g->n == 0)
			continue;
		p = add_item(m, list);
		add_words(m, p, g->label);
		snprintf(count, sizeof(count), " (%zu)", g->n);
		add_words(m, p, count);
	}
	if (cmark_node_first_child(list) == NULL)
		add_words(m, add_item(m, list), "None stated");
}

static void render_table(md *m, cmark_node *doc, const gpd_node *n)
{
	node_heading(m, doc, n);
	switch ((gpd_table_role)n->role) {
	case GPD_TABLE_COVERAGE_CRITERIA:
		add_words(m, add_new(m, doc, CMARK_NODE_PARAGRAPH),
			"An example that relates to several criteria is counted under each; "
			"one that serves several outcomes, under each outcome.");
		add_table(m, doc, coverage_criteria);
		break;
	case GPD_TABLE_COVERAGE_REGIONS:
		add_table(m, doc, coverage_regions);
		break;
	default:
		summary_list(m, doc, (gpd_table_role)n->role);
		break;
	}
}

/* One node of the structure and what it holds. */
static void render_node(md *m, cmark_node *doc, size_t i)
{
	const gpd_node *n = &m->nodes[i];

	if (!(n->formats & GPD_SHOW_MD))
		return;
	switch (n->kind) {
	case GPD_NODE_DOCUMENT: render_children(m, doc, i); break;
	case GPD_NODE_COVER: render_cover(m, doc); break;
	case GPD_NODE_CONTENTS:
		node_heading(m, doc, n);
		toc_under(m, doc, n->parent);
		break;
	case GPD_NODE_INTRODUCTION:
		node_heading(m, doc, n);
		graft_doc(m, doc, plain(m, gpd_structure_expand(m->s, m->ed->introduction, 1)), 0);
		break;
	case GPD_NODE_PART: render_part(m, doc, i); break;
	case GPD_NODE_STANDARD:
		node_heading(m, doc, n);
		render_children(m, doc, i);
		break;
	case GPD_NODE_CRITERION: render_criterion(m, doc, i); break;
	case GPD_NODE_RECORD: render_record(m, doc, i); break;
	case GPD_NODE_ATTACHMENT: render_attachment(m, doc, n); break;
	case GPD_NODE_GROUP: render_group(m, doc, i); break;
	case GPD_NODE_TABLE: render_table(m, doc, n); break;
	case GPD_NODE_REFERENCE: /* printed by their criterion, as one list */
	case GPD_NODE_FIELD:     /* printed by their record */
	case GPD_NODE__COUNT:
		break;
	}
}

int gpd_render_md(const gpd_corpus *c, const gpd_edition_info *ed, gpd_buf *out,
	gpd_diag *diag)
{
	gpd_structure *s = gpd_structure_build(c, ed);
	md m = {c, ed, s, NULL, out, 0};
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	char *text = NULL;
	size_t nnodes;
	int rc = -1;

	if (doc == NULL || s == NULL)
		goto out;
	m.nodes = gpd_structure_nodes(s, &nnodes);
	render_node(&m, doc, 0);
	if (m.failed || (text = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0)) == NULL)
		goto out;
	gpd_buf_adopt(out, text); /* the last record and what follows it */
	text = NULL;
	if (!gpd_buf_failed(out))
		rc = 0;
out:
	if (rc != 0)
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, " (rendering Markdown)");
	free(text);
	gpd_md_free(doc);
	gpd_structure_free(s);
	return rc;
}
