/* lint.c: rules beyond the schema; each rule is one function and one row of the message table. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/lint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "gpdigest/authority.h"
#include "gpdigest/buf.h"
#include "gpdigest/link.h"
#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"
#include "ingest/md_empty.h"
#include "ingest/xml.h"

typedef struct lint {
	gpd_record *rec;
	const gpd_catalogue *cat;
	gpd_diag *diag;
	size_t errors;
} lint;

static void say(lint *l, gpd_pos pos, gpd_msg code, const char *arg)
{
	gpd_pos p = pos.line ? pos : l->rec->pos[GPD_FIELD_RECORD];

	gpd_diag_report(l->diag, l->rec->path, p.line, p.col, code, arg);
	if (gpd_msg_level(code) >= GPD_LEVEL_ERROR)
		l->errors++;
	else if (!gpd_diag_accepts(l->diag, l->rec->path, code))
		l->rec->nwarnings++; /* an accepted one is not counted */
}

/* A criterion and where it stands in the record, for sorting. */
typedef struct crit_at {
	gpd_criterion c;
	size_t at;
} crit_at;

static int by_value_then_place(const void *a, const void *b)
{
	const crit_at *x = a, *y = b;
	int c = gpd_criterion_cmp(&x->c, &y->c);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Which criteria repeat an earlier one: sorted once, so a record listing
 * 300,000 criteria is O(n log n), not the O(n^2) pairwise scan that also
 * reported n^2/2 warnings (one per earlier copy) for one repeated number.
 * NULL when out of memory (said by check_criteria: the rule not applied
 * would pass a repeated number unsaid). */
static unsigned char *repeats(const gpd_record *rec)
{
	crit_at *v = malloc(rec->ncriteria * sizeof(*v));
	unsigned char *dup = calloc(rec->ncriteria, 1);

	if (v == NULL || dup == NULL) {
		free(v);
		free(dup);
		return NULL;
	}
	for (size_t i = 0; i < rec->ncriteria; i++)
		v[i] = (crit_at){rec->criteria[i], i};
	qsort(v, rec->ncriteria, sizeof(*v), by_value_then_place);
	for (size_t i = 1; i < rec->ncriteria; i++)
		if (gpd_criterion_cmp(&v[i].c, &v[i - 1].c) == 0)
			dup[v[i].at] = 1;
	free(v);
	return dup;
}

static void check_criteria(lint *l)
{
	const gpd_record *rec = l->rec;
	unsigned char *dup;

	if (rec->ncriteria == 0) {
		say(l, rec->pos[GPD_FIELD_CRITERIA], GPD_W_NO_CRITERION, NULL);
		return;
	}
	if ((dup = repeats(rec)) == NULL)
		say(l, rec->pos[GPD_FIELD_CRITERIA], GPD_F_NOMEM, "");
	for (size_t i = 0; i < rec->ncriteria; i++) {
		gpd_criterion_text num = gpd_criterion_str(rec->criteria[i]);

		if (l->cat != NULL && !gpd_catalogue_has(l->cat, rec->criteria[i]))
			say(l, rec->criteria[i].pos, GPD_W_UNKNOWN_CRITERION, num.s);
		if (dup != NULL && dup[i])
			say(l, rec->criteria[i].pos, GPD_W_DUP_CRITERION, num.s);
	}
	free(dup);
}

/* "Please specify": a ticked box needs its text, and a text needs its box. */
static void check_specify(lint *l)
{
	const gpd_record *rec = l->rec;

	for (int g = 0; g < GPD_GROUP__COUNT; g++) {
		const gpd_option_group *grp = gpd_form_group((gpd_group)g);

		for (size_t i = 0; i < grp->count; i++)
			if (grp->options[i].specify && (rec->ticks[g] & GPD_TICK(i)) &&
			    gpd_record_specified(rec, (gpd_group)g, (unsigned)i) == NULL)
				say(l, rec->group_pos[g], GPD_E_SPECIFY_MISSING,
					grp->options[i].label);
	}
	for (size_t i = 0; i < rec->nspecified; i++) {
		const gpd_specified *s = &rec->specified[i];

		if (!(rec->ticks[s->group] & GPD_TICK(s->option)))
			say(l, s->pos, GPD_W_SPECIFY_UNTICKED,
				gpd_form_group(s->group)->options[s->option].label);
	}
}

/* A field every record needs, left empty (a record `gpdigest new` started,
 * or one the importer could not fill): a warning, and the record is a
 * draft, kept out of the editions (plan.c) until it is filled in. */
static void empty_field(lint *l, gpd_pos pos, const char *element)
{
	const gpd_form_element *e = gpd_form_find_element("record", element);
	gpd_buf what = {0};

	gpd_buf_printf(&what, "<%s> (\"%s\")", element, e ? gpd_form_element_label(e) : element);
	say(l, pos, GPD_W_EMPTY_FIELD, what.data ? what.data : element);
	gpd_buf_free(&what);
	l->rec->draft = 1;
}

/* An attachment is optional, but one given with no text (or text that
 * shows nothing once read as CommonMark: md_empty.h) would print its title over an empty
 * section: an empty field, as a required one left blank is. */
static void check_attachments(lint *l)
{
	gpd_record *rec = l->rec;

	for (size_t i = 0; i < rec->nattachments; i++) {
		const gpd_attachment *a = &rec->attachments[i];
		gpd_buf what = {0};

		if (!gpd_md_visibly_empty(a->body))
			continue;
		gpd_buf_printf(&what, "<attachment title=\"%s\">", a->title ? a->title : "");
		say(l, a->pos, GPD_W_EMPTY_FIELD, what.data ? what.data : "<attachment>");
		gpd_buf_free(&what);
		rec->draft = 1;
	}
}

static void check_texts(lint *l)
{
	gpd_record *rec = l->rec;

	if (rec->title == NULL)
		empty_field(l, rec->pos[GPD_FIELD_TITLE], "title");
	if (rec->authority == NULL)
		empty_field(l, rec->pos[GPD_FIELD_AUTHORITY], "authority");
	if (rec->agency == NULL)
		empty_field(l, rec->pos[GPD_FIELD_AGENCY], "agency");
	for (int t = 0; t < GPD_TEXT__COUNT; t++) {
		const gpd_text_def *def = gpd_form_text((gpd_text_field)t);

		if (def->required && rec->text[t] == NULL)
			empty_field(l, rec->text_pos[t], def->element);
	}
}

/* The id is the file name (and the anchor), so the two must agree. */
static void check_filename(lint *l)
{
	const char *path = l->rec->path, *base = strrchr(path, '/');
	size_t n, idlen = strlen(l->rec->id);

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
		n -= 4;
	if (n != idlen || strncmp(base, l->rec->id, n) != 0)
		say(l, l->rec->pos[GPD_FIELD_RECORD], GPD_E_ID_FILENAME, l->rec->id);
}

/* Record ids are anchors in the publications, beside the sections' own
 * anchors (render.h, corpus.c), and names of pages in the HTML editions,
 * beside their first page, index.html (html.h): an id must not take one
 * of theirs. */
int gpd_lint_id_reserved(const char *id)
{
	static const char *const names[] = {"contents", "introduction", "part-1", "part-2",
		"criterion-not-stated", "indexes", "index-by-authority", "index-by-region",
		"coverage", "summary", "index"};
	static const char *const prefixes[] = {"standard-", "criterion-", "outcome-",
		"authority-", "region-", "target-"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(id, names[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(id, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

static void check_reserved(lint *l)
{
	if (gpd_lint_id_reserved(l->rec->id))
		say(l, l->rec->pos[GPD_FIELD_RECORD], GPD_E_RESERVED_ID, l->rec->id);
}

/* A table's delimiter row: '|', ':', '-' and blanks, with a '|' and a '-'
 * (a line of '-' alone would make the line above a heading). */
static int delimiter_row(const char *s, const char *eol)
{
	int bar = 0, dash = 0;

	for (; s < eol; s++) {
		if (*s == '|')
			bar = 1;
		else if (*s == '-')
			dash = 1;
		else if (*s != ':' && *s != ' ' && *s != '\t')
			return 0;
	}
	return bar && dash;
}

/* Where a walk over a text's lines is: paragraphs come in source order,
 * so one pass serves them all. */
typedef struct cursor {
	const char *s;
	int line;  /* s starts this line (1-based) */
} cursor;

/* Does a paragraph (source lines first..last) hold a line with a '|' over
 * a delimiter row: a table in GitHub's Markdown, text in ours? */
static int pipe_table(cursor *c, int first, int last)
{
	const char *prev = NULL, *prev_eol = NULL;

	for (; *c->s && c->line <= last; c->line++) {
		const char *eol = strchr(c->s, '\n');

		if (eol == NULL)
			eol = c->s + strlen(c->s);
		if (c->line > first && prev && memchr(prev, '|', (size_t)(prev_eol - prev)) &&
		    delimiter_row(c->s, eol))
			return 1;
		if (c->line >= first) {
			prev = c->s;
			prev_eol = eol;
		}
		c->s = *eol ? eol + 1 : eol;
	}
	return 0;
}

/* A text that would parse into more pieces than cmark can hold within the
 * memory bound (md_bound.h) is an error at its field: the record is not
 * built. Shorter texts cannot be (a piece is a byte at least) and are not
 * counted. 1 when it was reported. */
static int too_many_pieces(lint *l, const char *text, const char *element, gpd_pos pos)
{
	size_t len = strlen(text), n;
	gpd_buf what = {0}, b = {0};

	if (len <= GPD_MD_MAX_PIECES || (n = gpd_md_pieces(text, len, 1)) <= GPD_MD_MAX_PIECES)
		return 0;
	gpd_buf_printf(&what, "the text of <%s>", element);
	gpd_md_pieces_message(&b, what.data ? what.data : "the text", n);
	say(l, pos, GPD_E_LIMIT, b.data ? b.data : "too much markup to parse");
	gpd_buf_free(&what);
	gpd_buf_free(&b);
	return 1;
}

/* A text whose brackets would take cmark time growing with their square
 * to parse (md_bound.h) is an error at its paragraph's line: the record
 * is not built. 1 when it was reported. */
static int too_much_bracket_work(lint *l, const char *text, const char *element, gpd_pos pos)
{
	gpd_md_brackets w = gpd_md_bracket_work(text, strlen(text));
	gpd_buf what = {0}, b = {0};

	if (!gpd_md_brackets_over(&w))
		return 0;
	if (w.line > 1) /* the text's line w.line, below its start tag's */
		pos = (gpd_pos){pos.line + w.line - 1, 1};
	gpd_buf_printf(&what, "the text of <%s>", element);
	gpd_md_brackets_message(&b, what.data ? what.data : "the text", &w);
	say(l, pos, GPD_E_LIMIT, b.data ? b.data : "too many brackets to parse");
	gpd_buf_free(&what);
	gpd_buf_free(&b);
	return 1;
}

/* Free text nested deeper than the renderers keep (md_bound.h) is printed
 * flat there, and a pipe table prints as text; the editor hears it here,
 * once per field. */
static void check_nesting_of(lint *l, const char *text, const char *element, gpd_pos pos)
{
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	cursor cur = {text, 1};

	if (text != NULL && too_many_pieces(l, text, element, pos))
		return; /* its tree alone would pass the memory bound */
	/* most text is prose, with no '|' for a table and too little markup
	 * to nest deep: it is spared cmark's parse (12 % of
	 * validate's time at N = 10,000, by perf) */
	if (text == NULL || (strchr(text, '|') == NULL &&
	    !gpd_md_may_nest_beyond(text, GPD_MD_MAX_DEPTH)))
		return;
	/* after the test above: a paragraph it passes has at most 32 '[',
	 * far within the bound */
	if (too_much_bracket_work(l, text, element, pos))
		return; /* the parse itself would take minutes */
	if ((doc = cmark_parse_document(text, strlen(text), CMARK_OPT_DEFAULT)) == NULL)
		return;
	if (gpd_md_too_deep(doc, GPD_MD_MAX_DEPTH))
		say(l, pos, GPD_W_DEEP_NESTING, element);
	it = cmark_iter_new(doc);
	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH &&
		    pipe_table(&cur, cmark_node_get_start_line(n), cmark_node_get_end_line(n))) {
			say(l, pos, GPD_W_PIPE_TABLE, element);
			break;
		}
	}
	cmark_iter_free(it);
	gpd_md_free(doc);
}

static void check_nesting(lint *l)
{
	const gpd_record *rec = l->rec;

	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		check_nesting_of(l, rec->text[t], gpd_form_text((gpd_text_field)t)->element,
			rec->text_pos[t]);
	for (size_t i = 0; i < rec->nattachments; i++)
		check_nesting_of(l, rec->attachments[i].body, "attachment",
			rec->attachments[i].pos);
}

/* The numeric character reference at s as CommonMark reads it ("&#146;",
 * "&#x92;": 1 to 7 decimal or 1 to 6 hex digits): its value, its bytes in
 * *len; -1 when there is none. */
static long ref_at(const char *s, size_t *len)
{
	int hex;
	const char *d, *e;
	long v;

	if (s[0] != '&' || s[1] != '#')
		return -1;
	hex = s[2] == 'x' || s[2] == 'X';
	d = e = s + 2 + hex;
	for (; hex ? strchr("0123456789abcdefABCDEF", *e) != NULL : (*e >= '0' && *e <= '9'); e++)
		if (*e == '\0' || e - d >= (hex ? 6 : 7))
			return -1;
	if (e == d || *e != ';')
		return -1;
	v = strtol(d, NULL, hex ? 16 : 10);
	*len = (size_t)(e + 1 - s);
	return v;
}

/* A control character in CommonMark text as a reference (&#x1B;,
 * &#146;), which CommonMark, unlike HTML, keeps a control: not text (the
 * record's own are left out as it is read, ingest.c). Every edition prints
 * a C0 one or DEL as its Control Picture (md_tame.c), a C1 one as U+FFFD.
 * A C1 one was most likely Windows-1252 read as Latin-1, whose 0x92 is an
 * apostrophe. A reference to no character (&#0;, a surrogate, past
 * U+10FFFF, the noncharacters U+FFFE and U+FFFF) prints as a replacement
 * mark. Each said once per field, the first met (a reference in a code
 * span, which stays text there, too). */
static void check_controls_of(lint *l, const char *text, const char *element, gpd_pos pos)
{
	const char *p;
	long c = -1;
	size_t len = 0;
	int control = 0, bad = 0;
	char meant[4];

	for (p = text; p && (p = strchr(p, '&')) != NULL && !(control && bad); p++) {
		gpd_buf arg = {0};
		if ((c = ref_at(p, &len)) < 0)
			continue;
		if (c > 0 && c < 0xA0 && gpd_utf8_control((uint32_t)c) != GPD_CONTROL_NONE &&
		    !control) {
			control = 1;
			gpd_buf_printf(&arg, "%.*s in <%s> is a control character (U+%04lX), not text: "
				"it prints as ", (int)len, p, element, c);
			if (c < 0x80) /* its Control Picture, U+2400 + c (DEL's U+2421) */
				gpd_buf_printf(&arg, "\xE2\x90%c (U+%04lX), its Control Picture; remove it",
					(char)(c == 0x7F ? 0xA1 : 0x80 + c), c == 0x7F ? 0x2421L : 0x2400 + c);
			else if (gpd_xml_cp1252((unsigned char)c, meant))
				gpd_buf_printf(&arg, "a replacement mark; in Windows-1252, which the text "
					"was likely converted from as if it were Latin-1, it is '%s': write "
					"that", meant);
			else
				gpd_buf_puts(&arg, "a replacement mark; remove it");
			say(l, pos, GPD_W_CONTROL_CHAR, arg.data ? arg.data : element);
		} else if ((c == 0 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || c == 0xFFFE
		    || c == 0xFFFF) && !bad) {
			bad = 1;
			gpd_buf_printf(&arg, "<%s> holds %.*s", element, (int)len, p);
			say(l, pos, GPD_W_BAD_REFERENCE, arg.data ? arg.data : element);
		}
		gpd_buf_free(&arg);
	}
}

static void check_controls(lint *l)
{
	const gpd_record *rec = l->rec;

	/* CommonMark reads references in the free text alone */
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		check_controls_of(l, rec->text[t], gpd_form_text((gpd_text_field)t)->element,
			rec->text_pos[t]);
	for (size_t i = 0; i < rec->nattachments; i++)
		check_controls_of(l, rec->attachments[i].body, "attachment", rec->attachments[i].pos);
}

size_t gpd_lint_record(gpd_record *rec, const gpd_catalogue *cat, gpd_diag *diag)
{
	lint l = {rec, cat, diag, 0};
	const char *email = rec->contact[GPD_CONTACT_EMAIL];

	check_filename(&l);
	check_reserved(&l);
	check_criteria(&l);
	if (rec->ticks[GPD_GROUP_OUTCOME] == 0)
		say(&l, rec->group_pos[GPD_GROUP_OUTCOME], GPD_W_NO_OUTCOME, NULL);
	if (rec->ticks[GPD_GROUP_REGION] == 0)
		say(&l, rec->group_pos[GPD_GROUP_REGION], GPD_W_NO_REGION, NULL);
	check_specify(&l);
	check_texts(&l);
	check_attachments(&l);
	if (email != NULL && !gpd_link_is_email(email))
		say(&l, rec->contact_pos[GPD_CONTACT_EMAIL], GPD_W_BAD_EMAIL, email);
	check_nesting(&l);
	check_controls(&l);
	return l.errors;
}

static int by_id(const void *a, const void *b)
{
	const gpd_record *const *x = a, *const *y = b;
	int c = strcmp((*x)->id, (*y)->id);

	return c ? c : strcmp((*x)->path, (*y)->path);
}

/* other as it is named from the folder of path: its file name alone when
 * both are in one folder, else as given. */
static const char *in_same_folder(const char *other, const char *path)
{
	const char *a = strrchr(other, '/'), *b = strrchr(path, '/');
	size_t na = a ? (size_t)(a - other) : 0, nb = b ? (size_t)(b - path) : 0;

	return na == nb && strncmp(other, path, na) == 0 ? (a ? a + 1 : other) : other;
}

long gpd_lint_corpus(gpd_record *const *recs, size_t n, gpd_diag *diag)
{
	gpd_record **sorted;
	long errors = 0;

	if (n < 2)
		return 0;
	if (gpd_authority_unify(recs, n, diag) != 0)
		return -1;
	sorted = malloc(n * sizeof(*sorted));
	if (sorted == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	memcpy(sorted, recs, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_id);
	for (size_t i = 1, first = 0; i < n; i++) {
		gpd_buf what = {0};

		if (strcmp(sorted[i]->id, sorted[first]->id) != 0) {
			first = i;
			continue;
		}
		/* both files named: the first to have it (by path), and this;
		 * by name alone when both are in one folder */
		gpd_buf_printf(&what, "\"%s\" is also the id of %s", sorted[i]->id,
			in_same_folder(sorted[first]->path, sorted[i]->path));
		gpd_diag_report(diag, sorted[i]->path, sorted[i]->pos[GPD_FIELD_RECORD].line,
			sorted[i]->pos[GPD_FIELD_RECORD].col, GPD_E_DUP_ID,
			what.data ? what.data : sorted[i]->id);
		gpd_buf_free(&what);
		errors++;
	}
	free(sorted);
	return errors;
}
