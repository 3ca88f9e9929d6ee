/* render_pdf.c: the PDF back end: walks the corpus and typesets it through the layout engine. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/date.h"
#include "gpdigest/link.h"
#include "gpdigest/render.h"
#include "gpdigest/structure.h"
#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"
#include "render/pdf_missing.h"
#include "render/pdf_text.h"

#include "gpdigest/version.h"

#define NBSP "\xC2\xA0" /* U+00A0: the layout breaks no line there */

/* Visual levels, each smaller than the one above (the style's heading
 * sizes): parts, Standards, criteria, records, the form's sections (the
 * evidence, the attached documents), an attachment's title, and from
 * H_TEXT the headings inside record text and attachments (four levels).
 * Which headings there are, their structural levels (the outline's and
 * the contents' nesting), titles and anchors come from the edition's
 * structure (structure.h). */
enum { H_PART = 1, H_STANDARD, H_CRITERION, H_RECORD, H_SECTION, H_ATTACHMENT, H_TEXT };
_Static_assert(H_TEXT + 3 == GPD_LAYOUT_HEADINGS, "four levels of headings in record text");

typedef struct pdf {
	gpd_layout *L;
	const gpd_corpus *c;
	const gpd_edition_info *ed;
	const gpd_structure *s;
	const gpd_node *nodes;
	gpd_diag *diag;
	const gpd_record *current; /* whose text is being typeset, for warnings */
	gpd_pos where;             /* and which of its fields */
	const char *also;          /* another field in the same text (a title's */
	gpd_pos also_pos;          /* authority), NULL: none; and where it is */
	int cross_reference;       /* current's title in a cross-reference: its
	                            * italic is ours, no missing-emphasis */
	int rec_level;             /* the record's heading level, for its questions */
	int rc;                    /* first layout status that was not OK */
	gpd_pdf_missing missing;   /* characters, scripts and emphasis the fonts
	                            * lack, said */
} pdf;

static void check(pdf *p, int rc)
{
	if (p->rc == 0 && rc < 0)
		p->rc = rc;
}

/* The text made in b, or NULL with the render failed when making it ran
 * out of memory: a sentence of ours cut short would print unsaid. */
static const char *made(pdf *p, const gpd_buf *b)
{
	if (gpd_buf_failed(b)) {
		check(p, GPD_LAYOUT_ENOMEM);
		return NULL;
	}
	return b->data ? b->data : "";
}

/* Whether the UTF-8 text s holds the character cp. */
static int holds(const char *s, uint32_t cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, a;
	uint32_t c;

	while (i < n) {
		a = gpd_utf8_decode(u + i, n - i, &c);
		if (a > 0 && c == cp)
			return 1;
		i += a > 0 ? a : 1;
	}
	return 0;
}

/* A character no font has, arg "U+13000" as layout.h gives it: said once
 * per record and character (pdf_missing.h), at the field that holds it. */
static void missing_glyph(pdf *p, const char *arg)
{
	char *end = NULL;
	unsigned long cp = arg && strncmp(arg, "U+", 2) == 0 ? strtoul(arg + 2, &end, 16) : 0;
	gpd_pos at = p->where;

	if (end == NULL || *end != '\0' || cp > 0x10FFFF) { /* not a character: as it is */
		gpd_pdf_missing_flush(&p->missing);
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_W_MISSING_GLYPH, arg);
		return;
	}
	if (p->current && p->also && holds(p->also, (uint32_t)cp))
		at = p->also_pos;
	if (gpd_pdf_missing_add(&p->missing, p->current, at, (uint32_t)cp) != 0)
		check(p, GPD_LAYOUT_ENOMEM);
}

/* The layout engine's warnings become diagnostics, attributed to the record
 * being typeset when there is one: by kind, never by their text. */
static void on_warning(void *ctx, gpd_layout_warn kind, const char *arg)
{
	pdf *p = ctx;
	const char *file = p->current ? p->current->path : NULL;
	char text[300];

	if (kind == GPD_LAYOUT_W_MISSING_GLYPH) {
		missing_glyph(p, arg);
		return;
	}
	gpd_pdf_missing_flush(&p->missing); /* the warnings in the order met */
	switch (kind) {
	case GPD_LAYOUT_W_MISSING_SCRIPT: /* once per record and script */
		switch (gpd_pdf_missing_script(&p->missing, p->current, arg)) {
		case 1:
			gpd_diag_report(p->diag, file, file ? p->where.line : 0,
				file ? p->where.col : 0, GPD_W_MISSING_SCRIPT, arg);
			break;
		case -1:
			check(p, GPD_LAYOUT_ENOMEM);
			break;
		}
		break;
	case GPD_LAYOUT_W_LOST_EMPHASIS:
		/* a record's own emphasis, once per record, script and
		 * emphasis, at the field; not the italic this back end sets a
		 * title in for a cross-reference, which the record's heading
		 * shows in full, nor text of no record */
		if (p->cross_reference)
			break;
		switch (gpd_pdf_missing_emphasis(&p->missing, p->current, arg)) {
		case 1:
			gpd_diag_report(p->diag, file, p->where.line, p->where.col,
				GPD_W_MISSING_EMPHASIS, arg);
			break;
		case -1:
			check(p, GPD_LAYOUT_ENOMEM);
			break;
		}
		break;
	case GPD_LAYOUT_W_WORD_CUT: /* once per record and script */
		switch (gpd_pdf_missing_word_cut(&p->missing, p->current, arg)) {
		case 1:
			gpd_diag_report(p->diag, file, file ? p->where.line : 0,
				file ? p->where.col : 0, GPD_W_WORD_CUT, arg);
			break;
		case -1:
			check(p, GPD_LAYOUT_ENOMEM);
			break;
		}
		break;
	case GPD_LAYOUT_W_UNRESOLVED_ANCHOR:
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_W_UNRESOLVED_LINK, arg);
		break;
	case GPD_LAYOUT_W_MARK_RUN: /* of the text being set: once per record, at its field */
	case GPD_LAYOUT_W_BAD_UTF8:
		switch (gpd_pdf_missing_text(&p->missing, p->current, (int)kind)) {
		case 1:
			gpd_diag_report(p->diag, file, file ? p->where.line : 0,
				file ? p->where.col : 0, GPD_W_PDF,
				gpd_layout_warn_text(kind, arg, text, sizeof text));
			break;
		case -1:
			check(p, GPD_LAYOUT_ENOMEM);
			break;
		}
		break;
	default:
		gpd_diag_report(p->diag, file, 0, 0, GPD_W_PDF,
			gpd_layout_warn_text(kind, arg, text, sizeof text));
		break;
	}
}

static gpd_run text_run(const char *s, gpd_face face)
{
	return (gpd_run){s ? s : "", GPD_RUN_STRLEN, face, NULL, NULL, NULL, 0, NULL};
}

static gpd_run link_run(const char *s, gpd_face face, const char *anchor)
{
	return (gpd_run){s ? s : "", GPD_RUN_STRLEN, face, NULL, anchor, NULL, 0, NULL};
}

static gpd_run pageref_run(const char *anchor)
{
	return (gpd_run){"", 0, GPD_FACE_REGULAR, NULL, NULL, anchor, 0, NULL};
}

/* r in lang (a record's xml:lang, NULL: the edition's), a record's words
 * in a line of ours: its Span's or Link's /Lang, so that a screen reader
 * voices a Welsh title in Welsh among our English (WCAG 3.1.2). */
static gpd_run in_lang(gpd_run r, const char *lang)
{
	r.lang = lang;
	return r;
}

/* A record's words (its title, authority, a contact detail) inside a line
 * of ours, as three runs into out: r between FSI and PDI, a bidi isolate
 * (the HTML edition's <bdi>). Right-to-left text so isolated keeps its
 * own direction and neither turns round the words around it nor gives the
 * line its direction, which stays the document's (the line's first strong
 * letter outside isolates is ours: English). The layout neither draws the
 * controls nor puts them in the text a reader extracts. Returns 3. */
static size_t isolated(gpd_run *out, gpd_run r)
{
	out[0] = text_run(GPD_UTF8_FSI, r.face);
	out[1] = r;
	out[2] = text_run(GPD_UTF8_PDI, r.face);
	return 3;
}

/* A copy of a generated title or phrase whose "Part 2", "Standard 1",
 * "Criterion 1.4" and "page 11" are tied by no-break spaces, so no line
 * breaks inside them; NULL when out of memory (reported). */
static char *tie(pdf *p, const char *s)
{
	static const char *const words[] = {"Part ", "Standard ", "Criterion ", "page "};
	gpd_buf b = {0};

	for (const char *c = s ? s : ""; *c;) {
		size_t i = 0, n = 0;

		for (; i < sizeof(words) / sizeof(words[0]); i++) {
			n = strlen(words[i]);
			if ((c == s || c[-1] == ' ') && strncmp(c, words[i], n) == 0 &&
			    c[n] >= '0' && c[n] <= '9')
				break;
		}
		if (i == sizeof(words) / sizeof(words[0])) {
			gpd_buf_putc(&b, *c++);
			continue;
		}
		gpd_buf_append(&b, c, n - 1);
		gpd_buf_puts(&b, NBSP);
		c += n;
	}
	if (gpd_buf_failed(&b) || b.data == NULL) {
		gpd_buf_free(&b);
		check(p, GPD_LAYOUT_ENOMEM);
		return NULL;
	}
	return gpd_buf_take(&b);
}

/* A heading of visual size level, tagged H<tag> (the structure's level:
 * the outline's), 0: by its size. */
static void heading(pdf *p, int level, int tag, const char *text, const char *anchor)
{
	char *t = tie(p, text);
	gpd_run r = text_run(t, GPD_FACE_REGULAR); /* the level sets the face */

	if (t != NULL && tag > 0)
		check(p, gpd_layout_struct_heading(p->L, tag > 6 ? 6 : tag));
	if (t != NULL)
		check(p, gpd_layout_heading(p->L, level, &r, 1, anchor));
	free(t);
}

/* The tagged PDF's grouping of a node: its section, or part. */
static void group_begin(pdf *p, gpd_struct s)
{
	check(p, gpd_layout_struct_begin(p->L, s));
}

static void group_end(pdf *p)
{
	check(p, gpd_layout_struct_end(p->L));
}

/* The group begun last is in lang (a record's or a part's xml:lang);
 * NULL: in the language around it. */
static void group_lang(pdf *p, const char *lang)
{
	if (lang != NULL)
		check(p, gpd_layout_struct_lang(p->L, lang));
}

static void para(pdf *p, const gpd_run *runs, size_t n)
{
	check(p, gpd_layout_paragraph(p->L, runs, n));
}

static void plain(pdf *p, const char *text, gpd_face face)
{
	gpd_run r = text_run(text, face);

	para(p, &r, 1);
}

static gpd_outline_id outline(pdf *p, gpd_outline_id parent, const char *title)
{
	gpd_outline_id id = gpd_layout_outline(p->L, parent, title);

	if (id < 0) {
		check(p, id);
		return GPD_OUTLINE_ROOT;
	}
	return id;
}

/* Where field f of rec is, for warnings; the record's own place when its
 * field has none. */
static gpd_pos field_pos(const gpd_record *rec, gpd_field f)
{
	return rec->pos[f].line > 0 ? rec->pos[f] : rec->pos[GPD_FIELD_RECORD];
}

static const char *title_of(const gpd_record *rec)
{
	return rec->title && *rec->title ? rec->title : rec->id;
}

/* ---- one record, reading like the form ---- */

/* A question of the form: kept with its answer, never alone at a page foot.
 * Tagged as a heading one level below the record's: a screen-reader user
 * moves through a record question by question with the heading keys (and
 * from record to record with the record's level), the way a sighted
 * reader scans the bold questions; as a label they would have to read
 * every answer through. */
static void label(pdf *p, const char *question)
{
	gpd_run r = text_run(question, GPD_FACE_BOLD);

	check(p, gpd_layout_struct_heading(p->L, p->rec_level + 1 > 6 ? 6 : p->rec_level + 1));
	check(p, gpd_layout_label(p->L, &r, 1));
}

static void part_criteria(pdf *p, const gpd_record *rec)
{
	gpd_buf b = {0};

	if (rec->ncriteria == 0)
		return;
	label(p, GPD_Q_CRITERIA);
	for (size_t i = 0; i < rec->ncriteria; i++)
		gpd_buf_printf(&b, "%s%s", i ? ", " : "", gpd_criterion_str(rec->criteria[i]).s);
	if (made(p, &b) != NULL)
		plain(p, b.data, GPD_FACE_REGULAR);
	gpd_buf_free(&b);
}

/* Where the "please specify" text of option o of group g is, for
 * warnings; the group's place when it has none of its own. */
static gpd_pos specified_pos(const gpd_record *rec, gpd_group g, unsigned o)
{
	for (size_t i = 0; i < rec->nspecified; i++)
		if (rec->specified[i].group == g && rec->specified[i].option == o
		    && rec->specified[i].pos.line > 0)
			return rec->specified[i].pos;
	return rec->group_pos[g];
}

/* A tick-box group: the question, then each ticked box with its printed
 * label and any "please specify" text (in a Span in its language when it
 * says one: the label is ours), kept on one page. Unticked boxes are
 * left out. */
static void part_group(pdf *p, const gpd_record *rec, gpd_group g)
{
	const gpd_option_group *grp = gpd_form_group(g);
	gpd_pos where = p->where;

	if (rec->ticks[g] == 0)
		return;
	check(p, gpd_layout_keep_begin(p->L));
	label(p, grp->question);
	group_begin(p, GPD_STRUCT_L);
	for (unsigned o = 0; o < grp->count; o++) {
		const gpd_specified *spec = gpd_record_find_specified(rec, g, o);
		gpd_run r[5] = {text_run(grp->options[o].label, GPD_FACE_REGULAR),
			text_run(": ", GPD_FACE_REGULAR)};
		size_t n = spec ? 2 + isolated(r + 2, in_lang(text_run(spec->text,
			GPD_FACE_ITALIC), spec->lang)) : 1;

		if (!(rec->ticks[g] & GPD_TICK(o)))
			continue;
		p->where = spec ? specified_pos(rec, g, o) : where;
		check(p, gpd_layout_tick(p->L, GPD_TICK_BOX_CHECKED, r, n));
	}
	p->where = where;
	group_end(p);
	check(p, gpd_layout_keep_end(p->L));
	check(p, gpd_layout_space(p->L, 5));
}

static void part_text(pdf *p, const gpd_record *rec, gpd_text_field t)
{
	const char *lang = rec->text_lang[t];

	if (rec->text[t] == NULL)
		return;
	label(p, gpd_form_text(t)->question);
	/* an answer in a language of its own: a Div in it (the question is ours) */
	if (lang != NULL) {
		group_begin(p, GPD_STRUCT_DIV);
		group_lang(p, lang);
	}
	/* the question is H<record + 1>: the text's headings go below it */
	check(p, gpd_pdf_markdown(p->L, rec->text[t], H_TEXT, p->rec_level + 2));
	if (lang != NULL)
		group_end(p);
}

/* One contact detail: "Label: value", the value's lines kept (an address
 * written on several lines), each isolated, an email address a mailto link. */
static void contact_line(pdf *p, gpd_contact_field f, const char *v)
{
	size_t n = 2 + 4, k = 0; /* the label, and per line: isolated, a break */
	gpd_buf url = {0};
	gpd_run *r;

	for (const char *c = v; *c; c++)
		n += *c == '\n' ? 4 : 0;
	if ((r = calloc(n + 1, sizeof(*r))) == NULL) {
		check(p, GPD_LAYOUT_ENOMEM);
		return;
	}
	r[k++] = text_run(gpd_form_contact(f)->label, GPD_FACE_ITALIC);
	r[k++] = text_run(": ", GPD_FACE_ITALIC);
	if (f == GPD_CONTACT_EMAIL && gpd_link_is_email(v))
		gpd_buf_printf(&url, "mailto:%s", v);
	if (made(p, &url) == NULL) {
		free(r);
		return;
	}
	for (const char *s = v; *s;) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		gpd_run line = text_run(s, GPD_FACE_REGULAR);

		line.len = len;
		line.link_uri = url.data;
		k += isolated(r + k, line);
		if (eol != NULL && eol[1] != '\0')
			r[k++] = (gpd_run){NULL, 0, GPD_FACE_REGULAR, NULL, NULL, NULL, 1, NULL};
		s = eol ? eol + 1 : s + len;
	}
	para(p, r, k);
	free(r);
	gpd_buf_free(&url);
}

/* The contact details, kept on one page with their question. */
static void part_contact(pdf *p, const gpd_record *rec)
{
	int any = 0;
	gpd_pos where = p->where;

	for (int f = 0; f < GPD_CONTACT__COUNT; f++) {
		if (rec->contact[f] == NULL)
			continue;
		if (!any++) {
			check(p, gpd_layout_keep_begin(p->L));
			label(p, GPD_Q_CONTACT);
		}
		p->where = rec->contact_pos[f].line > 0 ? rec->contact_pos[f] : where;
		contact_line(p, (gpd_contact_field)f, rec->contact[f]);
	}
	p->where = where;
	if (any)
		check(p, gpd_layout_keep_end(p->L));
}

/* An attached document: its heading (in the outline), then its text. */
static void attachment(pdf *p, const gpd_node *n, gpd_outline_id parent)
{
	const gpd_attachment *a = &n->rec->attachments[n->index];

	p->current = n->rec;
	p->where = a->pos;
	group_begin(p, GPD_STRUCT_SECT);
	group_lang(p, a->lang);
	outline(p, parent, n->title);
	heading(p, H_ATTACHMENT, n->level, n->title, n->anchor);
	if (a->body != NULL)
		check(p, gpd_pdf_markdown(p->L, a->body, H_TEXT, n->level + 1));
	group_end(p);
	p->current = NULL;
}

/* Where in the record file a step's text comes from, for warnings. */
static gpd_pos step_pos(const gpd_record *rec, const gpd_form_step *s)
{
	switch (s->part) {
	case GPD_PART_CRITERIA: return rec->pos[GPD_FIELD_CRITERIA];
	case GPD_PART_GROUP: return rec->group_pos[s->which];
	case GPD_PART_TEXT: return rec->text_pos[s->which];
	case GPD_PART_AGENCY: return rec->pos[GPD_FIELD_AGENCY];
	case GPD_PART_CONTACT: return rec->pos[GPD_FIELD_CONTACT];
	case GPD_PART_ATTACHMENTS:
		return rec->nattachments ? rec->attachments[0].pos : rec->pos[GPD_FIELD_RECORD];
	default: return rec->pos[GPD_FIELD_RECORD];
	}
}

static void record_step(pdf *p, const gpd_record *rec, const gpd_form_step *s)
{
	p->where = step_pos(rec, s);
	if (p->where.line == 0)
		p->where = rec->pos[GPD_FIELD_RECORD];
	switch (s->part) {
	case GPD_PART_CRITERIA: part_criteria(p, rec); break;
	case GPD_PART_GROUP: part_group(p, rec, (gpd_group)s->which); break;
	case GPD_PART_TEXT: part_text(p, rec, (gpd_text_field)s->which); break;
	case GPD_PART_CONTACT: part_contact(p, rec); break;
	case GPD_PART_ATTACHMENTS: heading(p, H_SECTION, p->rec_level + 1, GPD_Q_ATTACHMENTS, NULL); break;
	case GPD_PART_AGENCY:
		label(p, GPD_Q_AGENCY);
		plain(p, rec->agency, GPD_FACE_REGULAR);
		break;
	case GPD_PART_EVIDENCE: heading(p, H_SECTION, p->rec_level + 1, GPD_Q_EVIDENCE, NULL); break;
	}
}

/* A record in full: its heading (in the outline), then the questions it
 * answers in the form's order, and its attachments. */
static void record_full(pdf *p, size_t i, gpd_outline_id parent)
{
	const gpd_node *n = &p->nodes[i];
	const gpd_record *rec = n->rec;
	char received[GPD_DATE_MAX];
	gpd_run meta[5], authority = text_run(rec->authority, GPD_FACE_ITALIC);
	size_t nmeta = 0;
	gpd_outline_id o;

	/* "Authority · form received 23 November 2026": a line of ours; the
	 * authority alone is the record's words, in their own direction */
	if (rec->received) {
		nmeta = isolated(meta, authority);
		meta[nmeta++] = text_run(" \xC2\xB7 form received ", GPD_FACE_ITALIC);
		meta[nmeta++] = text_run(gpd_date_format(rec->received, p->ed->date_format,
			received, sizeof(received)), GPD_FACE_ITALIC);
	} else {
		meta[nmeta++] = authority;
	}

	p->current = rec;
	p->where = field_pos(rec, GPD_FIELD_TITLE);
	if (n->running != NULL)
		check(p, gpd_layout_set_section(p->L, n->running));
	p->rec_level = n->level;
	group_begin(p, GPD_STRUCT_SECT);
	group_lang(p, rec->lang);
	o = outline(p, parent, n->title);
	heading(p, H_RECORD, n->level, n->title, n->anchor);
	p->where = field_pos(rec, GPD_FIELD_AUTHORITY);
	para(p, meta, nmeta);
	for (size_t k = gpd_structure_child(p->s, i); k != GPD_NODE_NONE && p->rc == 0;
	     k = gpd_structure_next(p->s, k)) {
		p->current = rec;
		record_step(p, rec, p->nodes[k].step);
		for (size_t a = gpd_structure_child(p->s, k); a != GPD_NODE_NONE && p->rc == 0;
		     a = gpd_structure_next(p->s, a))
			attachment(p, &p->nodes[a], o);
	}
	group_end(p);
	p->current = NULL;
}

/* "See Title (Authority), Criterion 2.4, page N": the title and the
 * authority each isolated in the line. */
static void cross_reference(pdf *p, const gpd_record *rec, const char *lead)
{
	const gpd_criterion *first = gpd_record_first_criterion(rec);
	char where[64];
	gpd_run r[11];
	size_t k = 0;

	/* no-break spaces: "Criterion 1.4" and "page 11" never split */
	if (first)
		snprintf(where, sizeof(where), ", Criterion" NBSP "%s, page" NBSP,
			gpd_criterion_str(*first).s);
	else
		snprintf(where, sizeof(where), ", criterion not stated, page" NBSP);
	const char *anchor = gpd_structure_record_anchor(p->s, rec);
	const gpd_record *current = p->current; /* put back after */
	gpd_pos at = p->where;

	if (anchor == NULL)
		anchor = rec->id;
	r[k++] = text_run(lead, GPD_FACE_REGULAR);
	k += isolated(r + k, in_lang(link_run(title_of(rec), GPD_FACE_ITALIC, anchor), rec->lang));
	r[k++] = text_run(" (", GPD_FACE_REGULAR);
	k += isolated(r + k, text_run(rec->authority, GPD_FACE_REGULAR));
	r[k++] = text_run(")", GPD_FACE_REGULAR);
	r[k++] = text_run(where, GPD_FACE_REGULAR);
	r[k++] = pageref_run(anchor);
	/* the record's title and authority: a warning names the field */
	p->current = rec;
	p->where = field_pos(rec, GPD_FIELD_TITLE);
	p->also = rec->authority;
	p->also_pos = field_pos(rec, GPD_FIELD_AUTHORITY);
	p->cross_reference = 1;
	para(p, r, k);
	p->cross_reference = 0;
	p->also = NULL;
	p->current = current;
	p->where = at;
}

/* ---- the publication ---- */

/* A cover or introduction template, expanded (structure.h): typeset, then freed. */
static void template_page(pdf *p, cmark_node *doc)
{
	if (doc == NULL) {
		check(p, GPD_LAYOUT_ENOMEM);
		return;
	}
	check(p, gpd_pdf_blocks(p->L, doc, 0, 0));
	gpd_md_free(doc);
}

static void cover(pdf *p)
{
	check(p, gpd_layout_set_furniture(p->L, 0));
	check(p, gpd_layout_space(p->L, 150));
	group_begin(p, GPD_STRUCT_DIV);
	if (p->ed->cover != NULL) {
		template_page(p, gpd_structure_expand(p->s, p->ed->cover, 0));
	} else {
		heading(p, H_PART, 1, p->ed->publication, NULL);
		heading(p, H_STANDARD, 2, p->ed->title, NULL);
	}
	group_end(p);
	check(p, gpd_layout_page_break(p->L));
	check(p, gpd_layout_set_furniture(p->L, 1));
}

/* A contents entry; lang: its title's (a record's xml:lang), NULL: ours. */
static void toc(pdf *p, int level, const char *text, const char *lang, const char *anchor)
{
	char *t = tie(p, text);
	gpd_run r = in_lang(text_run(t, level == 1 ? GPD_FACE_BOLD : GPD_FACE_REGULAR), lang);

	if (t != NULL)
		check(p, gpd_layout_toc_entry(p->L, level, &r, 1, anchor));
	free(t);
}

static int listed(const gpd_node *n)
{
	return n->in_contents && (n->formats & GPD_SHOW_PDF);
}

/* Whether any node under i is listed in the contents. */
static int lists_under(const pdf *p, size_t i)
{
	for (size_t k = gpd_structure_child(p->s, i); k != GPD_NODE_NONE;
	     k = gpd_structure_next(p->s, k))
		if (listed(&p->nodes[k]))
			return 1;
	return 0;
}

/* The contents entries under node i: the nodes the structure lists, each
 * indented by its level; tagged TOC, an entry TOCI holding the TOC of the
 * entries under it. */
static void contents_under(pdf *p, size_t i)
{
	if (!lists_under(p, i))
		return;
	group_begin(p, GPD_STRUCT_TOC);
	for (size_t k = gpd_structure_child(p->s, i); k != GPD_NODE_NONE && p->rc == 0;
	     k = gpd_structure_next(p->s, k)) {
		const gpd_node *n = &p->nodes[k];

		if (!listed(n))
			continue;
		group_begin(p, GPD_STRUCT_TOCI);
		if (n->kind == GPD_NODE_RECORD) { /* its title: a warning names it */
			p->current = n->rec;
			p->where = field_pos(n->rec, GPD_FIELD_TITLE);
		}
		toc(p, n->level, n->title, n->kind == GPD_NODE_RECORD ? n->rec->lang : NULL,
			n->anchor);
		p->current = NULL;
		if (n->kind != GPD_NODE_RECORD)
			contents_under(p, k);
		group_end(p);
	}
	group_end(p);
}

static void reference_item(pdf *p, const gpd_record *rec)
{
	check(p, gpd_layout_item_begin(p->L));
	cross_reference(p, rec, "");
	check(p, gpd_layout_item_end(p->L));
}

static void reference_list(pdf *p, const gpd_record *const *recs, size_t n)
{
	if (n == 0) {
		plain(p, "No example in this edition.", GPD_FACE_ITALIC);
		return;
	}
	check(p, gpd_layout_list_begin(p->L, 0, 1));
	for (size_t i = 0; i < n && p->rc == 0; i++)
		reference_item(p, recs[i]);
	check(p, gpd_layout_list_end(p->L));
}

/* ECM outcomes no record ticks, named together in one sentence instead
 * of as empty headings. */
static void outcomes_without_examples(pdf *p)
{
	gpd_buf empty = {0};

	for (size_t i = 0; i < p->c->noutcomes; i++)
		if (p->c->outcomes[i].n == 0)
			gpd_buf_printf(&empty, "%s%s", empty.len ? "; " : "", p->c->outcomes[i].label);
	if (made(p, &empty) != NULL && empty.len > 0) {
		gpd_run r[3] = {text_run("No example in this edition is recorded as contributing to: ",
			GPD_FACE_REGULAR), text_run(empty.data, GPD_FACE_ITALIC), text_run(".", GPD_FACE_REGULAR)};
		para(p, r, 3);
	}
	gpd_buf_free(&empty);
}

/* A table being filled: one run per cell, numbers formatted in place. */
typedef struct grid {
	size_t rows, cols, r;
	gpd_cell *cells;
	gpd_run *runs;
	char (*nums)[24];
	float *frac;
	gpd_align *align;
} grid;

static int grid_new(grid *g, size_t rows, size_t cols)
{
	*g = (grid){rows, cols, 0, calloc(rows * cols, sizeof(gpd_cell)),
		calloc(rows * cols, sizeof(gpd_run)), calloc(rows * cols, sizeof(*g->nums)),
		calloc(cols, sizeof(float)), calloc(cols, sizeof(gpd_align))};
	return g->cells && g->runs && g->nums && g->frac && g->align ? 0 : -1;
}

static void grid_free(grid *g)
{
	free(g->cells);
	free(g->runs);
	free(g->nums);
	free(g->frac);
	free(g->align);
}

/* Cell (r, c): text in face; a count right-aligned, light when zero. */
static void grid_text(grid *g, size_t r, size_t c, const char *text, gpd_face face)
{
	g->runs[r * g->cols + c] = text_run(text, face);
	g->cells[r * g->cols + c] = (gpd_cell){&g->runs[r * g->cols + c], 1, 0};
}

static void grid_count(grid *g, size_t r, size_t c, size_t n, gpd_face face)
{
	snprintf(g->nums[r * g->cols + c], sizeof(g->nums[0]), "%zu", n);
	grid_text(g, r, c, g->nums[r * g->cols + c], face);
	g->cells[r * g->cols + c].muted = n == 0;
}

/* The coverage table, as the Markdown's: records per criterion (rows) and
 * ECM outcome, each row's number of examples, and a last row counting each
 * outcome once per record; figures right-aligned, zeros light. */
static void coverage_table(pdf *p)
{
	const gpd_corpus *c = p->c;
	const gpd_option_group *og = gpd_form_group(GPD_GROUP_OUTCOME);
	size_t cols = c->coverage_cols + 2, rows = 2, r = 1;
	grid g;

	for (size_t k = 0; k < c->coverage_rows; k++)
		rows += gpd_corpus_coverage_row(c, k) != NULL || c->nunstated > 0;
	if (grid_new(&g, rows, cols) != 0) {
		check(p, GPD_LAYOUT_ENOMEM);
		grid_free(&g);
		return;
	}
	for (size_t j = 0; j < cols; j++) {
		grid_text(&g, 0, j, j == 0 ? "Criterion" : j + 2 < cols ? og->options[j - 1].label :
			j + 2 == cols ? "Outcome not stated" : "Examples", GPD_FACE_BOLD);
		/* narrow criterion numbers leave the outcome columns room for
		 * their longest word ("contribution") unbroken */
		g.frac[j] = j == 0 ? 0.8f : 1.0f;
		g.align[j] = j == 0 ? GPD_ALIGN_LEFT : GPD_ALIGN_RIGHT;
	}
	for (size_t k = 0; k < c->coverage_rows; k++) {
		const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, k);

		if (cs == NULL && c->nunstated == 0)
			continue;
		if (cs != NULL)
			gpd_criterion_format(cs->crit, g.nums[r * cols], sizeof(g.nums[0]));
		grid_text(&g, r, 0, cs ? g.nums[r * cols] : "Not stated", GPD_FACE_REGULAR);
		for (size_t j = 0; j < c->coverage_cols; j++)
			grid_count(&g, r, j + 1, c->coverage[k * c->coverage_cols + j], GPD_FACE_REGULAR);
		grid_count(&g, r, cols - 1, cs ? cs->n : c->nunstated, GPD_FACE_BOLD);
		r++;
	}
	grid_text(&g, r, 0, "All examples", GPD_FACE_BOLD);
	for (size_t j = 0; j < c->coverage_cols; j++)
		grid_count(&g, r, j + 1, j < c->noutcomes ? c->outcomes[j].n : 0, GPD_FACE_BOLD);
	grid_count(&g, r, cols - 1, c->nrecords, GPD_FACE_BOLD);
	plain(p, "An example that relates to several criteria is counted under each; "
		"one that serves several outcomes, under each outcome.", GPD_FACE_REGULAR);
	{
		gpd_table t = {cols, rows, g.frac, g.cells, 1, g.align, 1, 1};
		check(p, gpd_layout_table(p->L, &t));
	}
	grid_free(&g);
}

static void region_table(pdf *p)
{
	const gpd_corpus *c = p->c;
	grid g;

	if (grid_new(&g, c->nregions + 1, 2) != 0) {
		check(p, GPD_LAYOUT_ENOMEM);
		grid_free(&g);
		return;
	}
	grid_text(&g, 0, 0, "Region", GPD_FACE_BOLD);
	grid_text(&g, 0, 1, "Examples", GPD_FACE_BOLD);
	g.frac[0] = 3.0f;
	g.frac[1] = 1.0f;
	g.align[1] = GPD_ALIGN_RIGHT;
	for (size_t r = 0; r < c->nregions; r++) {
		grid_text(&g, r + 1, 0, c->regions[r].label, GPD_FACE_REGULAR);
		grid_count(&g, r + 1, 1, c->regions[r].n, GPD_FACE_REGULAR);
	}
	{
		gpd_table t = {2, c->nregions + 1, g.frac, g.cells, 1, g.align, 0, 1};
		check(p, gpd_layout_table(p->L, &t));
	}
	grid_free(&g);
}

/* A handout's summary: its criteria, linked, with their numbers of examples. */
static void summary_criteria(pdf *p)
{
	const gpd_corpus *c = p->c;

	check(p, gpd_layout_list_begin(p->L, 0, 1));
	for (size_t r = 0; r < c->coverage_rows && p->rc == 0; r++) {
		const gpd_criterion_section *cs = gpd_corpus_coverage_row(c, r);
		char *g = cs ? gpd_criterion_heading(cs) : NULL;
		char *h = g ? tie(p, g) : NULL;

		if (cs != NULL && g == NULL) /* out of memory: not an unnamed link */
			check(p, GPD_LAYOUT_ENOMEM);
		char count[32];
		gpd_run run[2] = {link_run(cs ? h : GPD_T_UNSTATED, GPD_FACE_REGULAR,
			gpd_structure_criterion_anchor(p->s, cs ? &cs->crit : NULL)),
			text_run(count, GPD_FACE_REGULAR)};

		if (p->rc == 0 && (cs != NULL || c->nunstated > 0)) {
			snprintf(count, sizeof(count), " (%zu)", cs ? cs->n : c->nunstated);
			check(p, gpd_layout_item_begin(p->L));
			para(p, run, 2);
			check(p, gpd_layout_item_end(p->L));
		}
		free(h);
		free(g);
	}
	check(p, gpd_layout_list_end(p->L));
}

/* The outcomes or target groups a handout's examples serve, with counts. */
static void summary_ticks(pdf *p, const gpd_group_section *g, size_t n)
{
	int any = 0;

	group_begin(p, GPD_STRUCT_L);
	for (size_t i = 0; i < n; i++) {
		char count[32];
		gpd_run r[2] = {text_run(g[i].label, GPD_FACE_REGULAR), text_run(count, GPD_FACE_REGULAR)};

		if (g[i].n == 0)
			continue;
		any = 1;
		snprintf(count, sizeof(count), " (%zu)", g[i].n);
		check(p, gpd_layout_tick(p->L, g[i].option >= 0 ? GPD_TICK_BOX_CHECKED :
			GPD_TICK_BOX_EMPTY, r, 2));
	}
	group_end(p);
	if (!any)
		plain(p, "None stated", GPD_FACE_ITALIC);
}

static void table_node(pdf *p, const gpd_node *n, gpd_outline_id parent)
{
	outline(p, parent, n->title);
	heading(p, H_CRITERION, n->level, n->title, n->anchor);
	switch ((gpd_table_role)n->role) {
	case GPD_TABLE_COVERAGE_CRITERIA: coverage_table(p); break;
	case GPD_TABLE_COVERAGE_REGIONS: region_table(p); break;
	case GPD_TABLE_SUMMARY_CRITERIA: summary_criteria(p); break;
	case GPD_TABLE_SUMMARY_OUTCOMES: summary_ticks(p, p->c->outcomes, p->c->noutcomes); break;
	case GPD_TABLE_SUMMARY_TARGETS: summary_ticks(p, p->c->targets, p->c->ntargets); break;
	}
}

/* ---- the walk ---- */

static void node(pdf *p, size_t i, gpd_outline_id parent, int first);

static void children(pdf *p, size_t i, gpd_outline_id o)
{
	int placed = 0;

	for (size_t k = gpd_structure_child(p->s, i); k != GPD_NODE_NONE && p->rc == 0;
	     k = gpd_structure_next(p->s, k)) {
		node(p, k, o, placed == 0);
		placed += p->nodes[k].level > 0;
	}
}

/* The visual size of a node's heading. */
static int visual_level(const pdf *p, const gpd_node *n)
{
	switch (n->kind) {
	case GPD_NODE_STANDARD: return H_STANDARD;
	case GPD_NODE_CRITERION: return H_CRITERION;
	case GPD_NODE_GROUP:
		return p->nodes[n->parent].role == GPD_ROLE_PART2 ? H_STANDARD : H_CRITERION;
	default: return H_PART;
	}
}

/* A section's start: a new page for a part, and for a Standard, criterion
 * or record that is not the first under its parent (the first shares its
 * parent's page); the running head; the outline entry and the heading. */
static gpd_outline_id section_start(pdf *p, const gpd_node *n, gpd_outline_id parent,
	int first)
{
	gpd_outline_id o;

	if (n->level == 1 || !first)
		check(p, gpd_layout_page_break(p->L));
	if (n->running != NULL)
		check(p, gpd_layout_set_section(p->L, n->running));
	o = outline(p, parent, n->title);
	heading(p, visual_level(p, n), n->level, n->title, n->anchor);
	return o;
}

static void criterion_node(pdf *p, size_t i, gpd_outline_id parent, int first)
{
	gpd_outline_id o = section_start(p, &p->nodes[i], parent, first);
	int placed = 0, refs = 0;

	for (size_t k = gpd_structure_child(p->s, i); k != GPD_NODE_NONE && p->rc == 0;
	     k = gpd_structure_next(p->s, k)) {
		if (p->nodes[k].kind == GPD_NODE_REFERENCE) {
			/* the structure puts them first: a note under the
			 * criterion's heading, apart from any record */
			if (refs++ == 0) {
				label(p, "Also relevant to this criterion");
				check(p, gpd_layout_list_begin(p->L, 0, 1));
			}
			check(p, gpd_layout_item_begin(p->L));
			cross_reference(p, p->nodes[k].rec, "See ");
			check(p, gpd_layout_item_end(p->L));
			continue;
		}
		if (refs > 0 && placed == 0)
			check(p, gpd_layout_list_end(p->L));
		if (placed++)
			check(p, gpd_layout_page_break(p->L));
		record_full(p, k, o);
	}
	if (refs > 0 && placed == 0)
		check(p, gpd_layout_list_end(p->L));
}

static void part_node(pdf *p, size_t i, gpd_outline_id parent)
{
	const gpd_node *n = &p->nodes[i];
	gpd_outline_id o = section_start(p, n, parent, 0);

	if (n->role == GPD_ROLE_PART2) {
		plain(p, "Each example is listed under every outcome its form ticks, with the "
			"page where it is printed in full.", GPD_FACE_REGULAR);
		outcomes_without_examples(p);
	}
	children(p, i, o);
}

/* The group a node's heading opens in the tagged PDF (records and
 * attachments open their own); -1: none. */
static int node_group(const gpd_node *n)
{
	switch (n->kind) {
	case GPD_NODE_PART: return GPD_STRUCT_PART;
	case GPD_NODE_CONTENTS:
	case GPD_NODE_INTRODUCTION:
	case GPD_NODE_STANDARD:
	case GPD_NODE_CRITERION:
	case GPD_NODE_GROUP:
	case GPD_NODE_TABLE:
		return GPD_STRUCT_SECT;
	default:
		return -1;
	}
}

static void node_kind(pdf *p, size_t i, gpd_outline_id parent, int first);

static void node(pdf *p, size_t i, gpd_outline_id parent, int first)
{
	const gpd_node *n = &p->nodes[i];
	int g = node_group(n);

	if (!(n->formats & GPD_SHOW_PDF))
		return;
	if (g >= 0)
		group_begin(p, (gpd_struct)g);
	node_kind(p, i, parent, first);
	if (g >= 0)
		group_end(p);
}

static void node_kind(pdf *p, size_t i, gpd_outline_id parent, int first)
{
	const gpd_node *n = &p->nodes[i];

	switch (n->kind) {
	case GPD_NODE_DOCUMENT: children(p, i, GPD_OUTLINE_ROOT); break;
	case GPD_NODE_COVER: cover(p); break;
	case GPD_NODE_CONTENTS:
		section_start(p, n, parent, first);
		contents_under(p, n->parent);
		break;
	case GPD_NODE_INTRODUCTION:
		section_start(p, n, parent, first);
		template_page(p, gpd_structure_expand(p->s, p->ed->introduction, 1));
		break;
	case GPD_NODE_PART: part_node(p, i, parent); break;
	case GPD_NODE_STANDARD: children(p, i, section_start(p, n, parent, first)); break;
	case GPD_NODE_CRITERION: criterion_node(p, i, parent, first); break;
	case GPD_NODE_RECORD: record_full(p, i, parent); break;
	case GPD_NODE_GROUP:
		outline(p, parent, n->title);
		heading(p, visual_level(p, n), n->level, n->title, n->anchor);
		reference_list(p, n->group->recs, n->group->n);
		break;
	case GPD_NODE_TABLE: table_node(p, n, parent); break;
	case GPD_NODE_REFERENCE: /* printed by their criterion */
	case GPD_NODE_FIELD:     /* and their record */
	case GPD_NODE_ATTACHMENT:
	case GPD_NODE__COUNT:
		break;
	}
}

static void document(pdf *p)
{
	gpd_buf running = {0};

	gpd_buf_printf(&running, "%s \xC2\xB7 %s", p->ed->publication ? p->ed->publication : "",
		p->ed->title ? p->ed->title : "");
	if (made(p, &running) != NULL)
		check(p, gpd_layout_set_running_title(p->L, running.data ? running.data : ""));
	gpd_buf_free(&running);
	node(p, 0, GPD_OUTLINE_ROOT, 1);
}

/* The layout's failure as a diagnostic that says what to do: the page
 * limit names the edition and the setting (the layout's own "more than N
 * pages" named neither), memory is memory; anything else is internal. */
static void report_failure(const pdf *p, const gpd_style *style)
{
	gpd_buf b = {0};

	if (p->rc == GPD_LAYOUT_EPAGES) {
		gpd_buf_printf(&b, "the PDF of \"%s\" needs more than %d pages, the limit the "
			"style sets (<limits max-pages=\"%d\"/> in style.xml)",
			p->ed->title ? p->ed->title : "", style->max_pages, style->max_pages);
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_E_LIMIT, b.data ? b.data : "page limit");
	} else if (p->rc == GPD_LAYOUT_ENOMEM) {
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_F_NOMEM, " (typesetting the PDF)");
	} else {
		gpd_diag_report(p->diag, NULL, 0, 0, GPD_F_INTERNAL, gpd_layout_errmsg(p->L));
	}
	gpd_buf_free(&b);
}

int gpd_render_pdf(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, gpd_buf *out, gpd_diag *diag)
{
	return gpd_render_pdf_counted(c, ed, style, NULL, NULL, NULL, out, diag, NULL);
}

int gpd_render_pdf_counted(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, gpd_buf *previous, const gpd_layout_pages *shared,
	gpd_pool *pool, gpd_buf *out, gpd_diag *diag, size_t *pages)
{
	gpd_structure *s = gpd_structure_build(c, ed);
	pdf p = {NULL, c, ed, s, NULL, diag, NULL, {0, 0}, NULL, {0, 0}, 0, 0, 0, {.diag = diag}};
	gpd_buf title = {0};
	unsigned char *bytes = NULL;
	size_t len = 0, nnodes;

	if (s == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, " (typesetting the PDF)");
		return -1;
	}
	p.nodes = gpd_structure_nodes(s, &nnodes);
	p.L = gpd_layout_new(style, on_warning, &p);
	if (p.L == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_INTERNAL,
			"the PDF layout could not start (out of memory, or a font cannot be read)");
		gpd_structure_free(s);
		return -1;
	}
	/* before the layout: the pages it leaves behind are deflated (or
	 * taken from the previous save) on the pool as it goes */
	if (previous != NULL && previous->data != NULL) {
		/* the layout's now: freed once the pages are deflated, before
		 * the save's peak, not held to the end beside the new file */
		gpd_layout_reuse_from_owned(p.L, previous->data, previous->len);
		*previous = (gpd_buf){0};
	}
	gpd_layout_reuse_shared(p.L, shared);
	gpd_layout_set_pool(p.L, pool);
	document(&p);
	gpd_buf_printf(&title, "%s: %s", ed->publication ? ed->publication : "", ed->title ? ed->title : "");
	made(&p, &title);
	if (p.rc == 0) {
		gpd_docinfo info = {title.data, ed->publisher, ed->subject, ed->keywords,
			"gpdigest " GPD_VERSION, (time_t)ed->epoch};
		p.rc = gpd_layout_take_mem(p.L, &info, &bytes, &len);
	}
	/* the running heads are drawn last: their characters are known now */
	if (gpd_pdf_missing_finish(&p.missing) != 0 && p.rc == 0)
		p.rc = GPD_LAYOUT_ENOMEM;
	if (p.rc != 0)
		report_failure(&p, style);
	if (pages != NULL)
		*pages = p.rc == 0 ? (size_t)gpd_layout_page_count(p.L) : 0;
	/* the document's objects go before the bytes are copied: for a long
	 * edition they are most of the memory */
	gpd_layout_free(p.L);
	if (p.rc == 0 && out->data == NULL) {
		/* the file becomes out as it is (NUL-terminated, layout.h): not
		 * copied, 80 MB at 10,000 records */
		*out = (gpd_buf){(char *)bytes, len, len + 1, 0};
		bytes = NULL;
	} else if (p.rc == 0) {
		gpd_buf_append(out, (const char *)bytes, len);
		if (gpd_buf_failed(out)) /* else it would fail without a word */
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, " (keeping the PDF)");
	}
	free(bytes);
	gpd_buf_free(&title);
	gpd_structure_free(s);
	return p.rc == 0 && !gpd_buf_failed(out) ? 0 : -1;
}
