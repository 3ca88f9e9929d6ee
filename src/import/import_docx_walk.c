/* import_docx_walk.c: the body of a Word document as the HTML tokenizer
 * reads an export (import_html.c), so a .docx meets the one form parser:
 * each paragraph is one line (so a warning's LINE is the paragraph's
 * number, table cells' paragraphs counted), a table's rows and cells are
 * <tr> and <td> (a break between a question and its answer), a paragraph
 * outside a table is <p>, and each check box is <input type="checkbox">,
 * checked or not. Word writes a check box three ways, all read here:
 *   - a legacy form field: a FORMCHECKBOX field whose w:ffData/w:checkBox
 *     says w:checked (or, without it, w:default);
 *   - a content control: w:sdt with w14:checkbox and w14:checked (its
 *     content, the glyph it shows, is not read again as text);
 *   - a glyph typed as text: ☒ ☑ ☐ (Word's own content controls draw them
 *     in MS Gothic), or a symbol font's character (Wingdings "x", "þ",
 *     "o", "¨"; Wingdings 2 "T", "R", "£"), as text or as w:sym; these
 *     become the Unicode glyphs, which the tokenizer reads as boxes.
 * A cell holding nothing but a box is written as its glyph, so the
 * tokenizer takes the next cell as its label, as in an export's table.
 * Each paragraph is also kept as CommonMark (bold, italic, escapes) with
 * what its style and numbering say it is (heading, bullet or numbered
 * item), for the document attached after the form. Deleted text (tracked
 * changes), hidden text, drawings and text boxes are not read. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpdigest/buf.h"
#include "gpdigest/utf8.h"
#include "import/import_docx.h"

/* WordprocessingML as Word writes it (transitional) and as "Strict Open
 * XML" does; Word 2010's namespace holds the content-control check box. */
#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define W14_NS "http://schemas.microsoft.com/office/word/2010/wordml"

/* The styles and list formats kept: a document has a few dozen of each;
 * past these the rest are read as plain paragraphs. */
#define MAX_STYLES 4096
#define MAX_LISTS 4096

/* The glyphs a box is written as. */
#define GLYPH_TICKED "\xE2\x98\x92" /* U+2612 ☒ */
#define GLYPH_EMPTY "\xE2\x98\x90"  /* U+2610 ☐ */

typedef struct style { char *id; unsigned char level; } style; /* id owned */
typedef struct list_fmt { long num, abs, ilvl; unsigned char ordered; } list_fmt;

typedef struct walk {
	gpd_buf out;       /* the tokenizer's text */
	gpd_buf pending;   /* table tags that go before the next line */
	gpd_buf md;        /* the paragraph as CommonMark */
	gpd_buf span;      /* its text of one format not yet in md */
	int span_b, span_i;
	imp_para *paras;
	size_t npara, cap;
	style *styles;
	size_t nstyles;
	list_fmt *nums;    /* numId -> abstractNumId (ilvl -1) */
	size_t nnums;
	list_fmt *fmts;    /* abstractNumId, ilvl -> ordered */
	size_t nfmts;
	long cur_num;      /* the numbered list being counted ... */
	unsigned counter[10]; /* ... its items per level */
	int in_cell;       /* cells open */
	int cell_first;    /* the open cell has no paragraph yet */
	size_t cell_text;  /* characters other than spaces in the open cell */
	size_t cell_boxes; /* check boxes in it; the last one's tag: */
	size_t box_off, box_len;
	int box_ticked;
	int box_tag;       /* its <input> tag is still in out (not yet a glyph) */
	int heading;       /* the paragraph being read is a heading */
	int bold, italic;  /* the run being read */
	int symbol;        /* its font: 0, 1 Wingdings, 2 Wingdings 2, 3 another symbol font */
	int nomem;
} walk;

/* ---- the tree ---- */

static int is_w(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		(strcmp((const char *)n->ns->href, W_NS) == 0 ||
		 strcmp((const char *)n->ns->href, W_NS_STRICT) == 0) &&
		strcmp((const char *)n->name, name) == 0;
}

static int is_w14(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		strcmp((const char *)n->ns->href, W14_NS) == 0 &&
		strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c != NULL; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* The value of n's attribute local (in whatever namespace), borrowed. */
static const char *attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, local) == 0)
			return a->children && a->children->type == XML_TEXT_NODE &&
				a->children->content ? (const char *)a->children->content : "";
	return NULL;
}

/* A toggle property (w:b, w:checked ...): on when present, unless its
 * value says off. */
static int on_off(const xmlNode *n)
{
	const char *v = attr(n, "val");

	if (n == NULL)
		return 0;
	return v == NULL || !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 ||
		strcasecmp(v, "off") == 0 || strcasecmp(v, "none") == 0);
}

static long num_attr(const xmlNode *n, const char *local)
{
	const char *v = attr(n, local);

	return v && *v ? strtol(v, NULL, 10) : -1;
}

/* ---- styles and numbering ---- */

static int style_cmp(const void *a, const void *b)
{
	return strcmp(((const style *)a)->id, ((const style *)b)->id);
}

/* The heading level a paragraph style's name or outline level gives. */
static unsigned char style_level(const xmlNode *s)
{
	const char *name = attr(child(s, "name"), "val");
	long outline = num_attr(child(child(s, "pPr"), "outlineLvl"), "val");

	if (name != NULL && strncasecmp(name, "heading ", 8) == 0 &&
	    name[8] >= '1' && name[8] <= '9' && name[9] == '\0')
		return (unsigned char)(name[8] - '0');
	if (name != NULL && strcasecmp(name, "title") == 0)
		return 1;
	return outline >= 0 && outline < 9 ? (unsigned char)(outline + 1) : 0;
}

static int read_styles(walk *w, xmlDoc *doc)
{
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (root == NULL)
		return 0;
	if ((w->styles = calloc(MAX_STYLES, sizeof(style))) == NULL)
		return -1;
	for (xmlNode *s = root->children; s != NULL && w->nstyles < MAX_STYLES; s = s->next) {
		const char *id = attr(s, "styleId"), *type = attr(s, "type");
		unsigned char level;

		if (!is_w(s, "style") || id == NULL || type == NULL || strcmp(type, "paragraph") != 0)
			continue;
		if ((level = style_level(s)) == 0)
			continue;
		/* the id outlives the styles' tree, freed before the body is parsed */
		if ((w->styles[w->nstyles].id = gpd_strdup(id)) == NULL)
			return -1;
		w->styles[w->nstyles++].level = level;
	}
	qsort(w->styles, w->nstyles, sizeof(style), style_cmp);
	return 0;
}

/* A paragraph's heading level: its style's, else Word's own style ids
 * ("Heading2", "Title") when the document has no styles part, else its
 * own outline level. */
static unsigned char heading_level(const walk *w, const xmlNode *ppr)
{
	const char *id = attr(child(ppr, "pStyle"), "val");
	long outline = num_attr(child(ppr, "outlineLvl"), "val");

	if (id != NULL && w->styles != NULL) {
		style key = {(char *)id, 0};
		const style *s = bsearch(&key, w->styles, w->nstyles, sizeof(style), style_cmp);

		if (s != NULL)
			return s->level;
	} else if (id != NULL) {
		if (strncasecmp(id, "heading", 7) == 0 && id[7] >= '1' && id[7] <= '9' && !id[8])
			return (unsigned char)(id[7] - '0');
		if (strcasecmp(id, "title") == 0)
			return 1;
	}
	return outline >= 0 && outline < 9 ? (unsigned char)(outline + 1) : 0;
}

static int num_cmp(const void *a, const void *b)
{
	const list_fmt *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

static int fmt_cmp(const void *a, const void *b)
{
	const list_fmt *x = a, *y = b;

	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	if (x->abs != y->abs)
		return x->abs < y->abs ? -1 : 1;
	return x->ilvl < y->ilvl ? -1 : x->ilvl > y->ilvl;
}

/* The numbering part: each list (w:num) names an abstract format, whose
 * levels say bullet or a number. */
static int read_numbering(walk *w, xmlDoc *doc)
{
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (root == NULL)
		return 0;
	w->nums = calloc(MAX_LISTS, sizeof(list_fmt));
	w->fmts = calloc(MAX_LISTS, sizeof(list_fmt));
	if (w->nums == NULL || w->fmts == NULL)
		return -1;
	for (xmlNode *n = root->children; n != NULL; n = n->next) {
		if (is_w(n, "num") && w->nnums < MAX_LISTS) {
			w->nums[w->nnums++] = (list_fmt){num_attr(n, "numId"),
				num_attr(child(n, "abstractNumId"), "val"), -1, 0};
			continue;
		}
		if (!is_w(n, "abstractNum"))
			continue;
		for (xmlNode *l = n->children; l != NULL && w->nfmts < MAX_LISTS; l = l->next) {
			const char *f = attr(child(l, "numFmt"), "val");

			if (is_w(l, "lvl"))
				w->fmts[w->nfmts++] = (list_fmt){-1, num_attr(n, "abstractNumId"),
					num_attr(l, "ilvl"), (unsigned char)(f == NULL ? 0 :
					strcmp(f, "bullet") == 0 ? 1 : strcmp(f, "none") == 0 ? 0 : 2)};
		}
	}
	qsort(w->nums, w->nnums, sizeof(list_fmt), num_cmp);
	qsort(w->fmts, w->nfmts, sizeof(list_fmt), fmt_cmp);
	return 0;
}

/* What list numId's level ilvl is: 0 none, 1 bullets, 2 numbers. Without
 * a numbering part every list is read as bullets. */
static unsigned char list_kind(const walk *w, long num, long ilvl)
{
	list_fmt key = {num, 0, -1, 0};
	const list_fmt *n, *f;

	if (num <= 0)
		return 0; /* numId 0 takes a style's numbering away */
	if (w->nums == NULL)
		return 1;
	n = bsearch(&key, w->nums, w->nnums, sizeof(list_fmt), num_cmp);
	if (n == NULL)
		return 1;
	key = (list_fmt){-1, n->abs, ilvl, 0};
	f = bsearch(&key, w->fmts, w->nfmts, sizeof(list_fmt), fmt_cmp);
	return f ? f->ordered : 1;
}

/* ---- text ---- */

/* Appends text to the tokenizer's line, HTML-escaped; counts what the
 * open cell holds. */
static void out_text(walk *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '&')
			gpd_buf_puts(&w->out, "&amp;");
		else if (c == '<')
			gpd_buf_puts(&w->out, "&lt;");
		else if (c == '>')
			gpd_buf_puts(&w->out, "&gt;");
		else if (c < 0x20 && c != '\t')
			gpd_buf_putc(&w->out, ' ');
		else
			gpd_buf_putc(&w->out, (char)c);
		w->cell_text += !isspace(c);
	}
}

/* True when s[i] ('&') starts what CommonMark would read as an entity. */
static int entity_like(const char *s, size_t n, size_t i)
{
	size_t k = i + 1;

	while (k < n && k < i + 33 && (isalnum((unsigned char)s[k]) || s[k] == '#'))
		k++;
	return k > i + 1 && k < n && s[k] == ';';
}

static void flush_span(walk *w);

/* Appends text to the paragraph's span, escaped for CommonMark. */
static void md_text(walk *w, const char *s, size_t n)
{
	if (w->span.len == 0 || w->span_b != w->bold || w->span_i != w->italic) {
		flush_span(w);
		w->span_b = w->bold;
		w->span_i = w->italic;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (strchr("\\`*_[]<", c) != NULL || (c == '&' && entity_like(s, n, i)))
			gpd_buf_putc(&w->span, '\\');
		gpd_buf_putc(&w->span, c < 0x20 ? ' ' : (char)c);
	}
}

static void text(walk *w, const char *s, size_t n)
{
	out_text(w, s, n);
	md_text(w, s, n);
}

/* Where a backslash keeps the start of a paragraph's text from starting
 * a block ("# ", "- ", "> ", "1. " are text in the document): 0 before
 * the first character, d before the '.' of "12.", -1 nowhere. */
static long block_start(const char *s, size_t n)
{
	size_t d = 0;

	if (n > 0 && (s[0] == '>' || (strchr("#-+~", s[0]) != NULL &&
	    (n == 1 || s[1] == ' ' || s[1] == '\t' || s[1] == s[0]))))
		return 0;
	while (d < n && isdigit((unsigned char)s[d]))
		d++;
	return d > 0 && d < 10 && d < n && (s[d] == '.' || s[d] == ')') &&
		(d + 1 == n || s[d + 1] == ' ' || s[d + 1] == '\t') ? (long)d : -1;
}

/* Moves the span into the paragraph: bold as **, italic as *, with the
 * span's outer spaces outside the markers (CommonMark takes "** x**" as
 * text). A paragraph's leading spaces are dropped (four would be code). */
static void flush_span(walk *w)
{
	const char *s = w->span.data ? w->span.data : "";
	size_t n = w->span.len, lead = 0, end = n;
	const char *mark = w->span_b && w->span_i ? "***" : w->span_b ? "**" :
		w->span_i ? "*" : "";

	while (lead < n && s[lead] == ' ')
		lead++;
	while (end > lead && s[end - 1] == ' ')
		end--;
	if (w->md.len > 0)
		gpd_buf_append(&w->md, s, lead);
	if (end > lead) {
		/* a heading's text starts no block */
		long esc = w->md.len == 0 && *mark == '\0' && !w->heading ?
			block_start(s + lead, end - lead) : -1;

		gpd_buf_puts(&w->md, mark);
		if (esc >= 0) {
			gpd_buf_append(&w->md, s + lead, (size_t)esc);
			gpd_buf_putc(&w->md, '\\');
			lead += (size_t)esc;
		}
		gpd_buf_append(&w->md, s + lead, end - lead);
		gpd_buf_puts(&w->md, mark);
		if (w->md.len > 0)
			gpd_buf_append(&w->md, s + end, n - end);
	}
	w->span.len = 0;
	if (w->span.data)
		w->span.data[0] = '\0';
}

/* A code point, in the run's symbol font when it has one. */
static void symbol(walk *w, int font, unsigned long c)
{
	gpd_buf u = {0};
	const char *g;

	if (font != 0) {
		if ((g = imp_symbol_glyph(font, c)) != NULL)
			text(w, g, strlen(g));
		return; /* another symbol: a picture, not text */
	}
	if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || (c >= 0xF000 && c <= 0xF0FF))
		return;
	imp_put_utf8(&u, c);
	if (gpd_buf_failed(&u))
		w->nomem = 1;
	else
		text(w, u.data, u.len);
	gpd_buf_free(&u);
}

/* A w:t's text; in a symbol font, character by character. */
static void run_text(walk *w, const xmlNode *t)
{
	for (const xmlNode *c = t->children; c != NULL; c = c->next) {
		const char *s = (const char *)c->content;

		if (c->type != XML_TEXT_NODE || s == NULL)
			continue;
		if (w->symbol == 0) {
			text(w, s, strlen(s));
			continue;
		}
		for (size_t i = 0, n = strlen(s); i < n;) {
			uint32_t cp = 0;
			size_t k = gpd_utf8_decode((const unsigned char *)s + i, n - i, &cp);

			symbol(w, w->symbol, cp);
			i += k ? k : 1;
		}
	}
}

/* A w:sym: the font and the character (hex) it names. */
static void sym(walk *w, const xmlNode *n)
{
	const char *ch = attr(n, "char");
	int font = imp_symbol_font(attr(n, "font"));

	if (ch == NULL)
		return;
	symbol(w, font, strtoul(ch, NULL, 16));
}

/* A check box: an <input> in the line; in the paragraph, its glyph. */
static void box(walk *w, int ticked)
{
	const char *tag = ticked ? "<input type=\"checkbox\" checked>" : "<input type=\"checkbox\">";

	w->box_off = w->out.len;
	gpd_buf_puts(&w->out, tag);
	w->box_len = strlen(tag);
	w->box_ticked = ticked;
	w->box_tag = 1;
	w->cell_boxes++;
	md_text(w, ticked ? GLYPH_TICKED " " : GLYPH_EMPTY " ", 4);
}

static void line_break(walk *w)
{
	gpd_buf_puts(&w->out, "<br>");
	flush_span(w);
	if (w->md.len > 0)
		gpd_buf_puts(&w->md, "\\\n");
}

/* A legacy form field's check box: w:fldChar begin with
 * w:ffData/w:checkBox; w:checked overrides w:default. */
static void field(walk *w, const xmlNode *fc)
{
	const xmlNode *cb = child(child(fc, "ffData"), "checkBox");
	const xmlNode *checked = child(cb, "checked");
	const char *type = attr(fc, "fldCharType");

	if (cb == NULL || type == NULL || strcmp(type, "begin") != 0)
		return;
	box(w, checked != NULL ? on_off(checked) : on_off(child(cb, "default")));
}

static void run(walk *w, const xmlNode *r)
{
	const xmlNode *rpr = child(r, "rPr"), *fonts = child(rpr, "rFonts");

	if (on_off(child(rpr, "vanish")) || on_off(child(rpr, "specVanish")))
		return; /* hidden text: not on the form the sender saw */
	w->bold = on_off(child(rpr, "b"));
	w->italic = on_off(child(rpr, "i"));
	w->symbol = imp_symbol_font(attr(fonts, "ascii"));
	if (w->symbol == 0)
		w->symbol = imp_symbol_font(attr(fonts, "hAnsi"));
	for (const xmlNode *c = r->children; c != NULL; c = c->next) {
		if (is_w(c, "t"))
			run_text(w, c);
		else if (is_w(c, "tab") || is_w(c, "ptab"))
			text(w, "\t", 1);
		else if (is_w(c, "br") || is_w(c, "cr"))
			line_break(w);
		else if (is_w(c, "sym"))
			sym(w, c);
		else if (is_w(c, "fldChar"))
			field(w, c);
		else if (is_w(c, "noBreakHyphen"))
			text(w, "-", 1);
	}
	w->symbol = 0;
}

static void inlines(walk *w, const xmlNode *parent);

/* A content control in a paragraph: a check box, or a wrapper. */
static void sdt_inline(walk *w, const xmlNode *sdt)
{
	const xmlNode *pr = child(sdt, "sdtPr"), *cb = NULL;

	for (const xmlNode *c = pr ? pr->children : NULL; c != NULL && cb == NULL; c = c->next)
		if (is_w14(c, "checkbox"))
			cb = c;
	if (cb == NULL) {
		inlines(w, child(sdt, "sdtContent"));
		return;
	}
	for (const xmlNode *c = cb->children; c != NULL; c = c->next)
		if (is_w14(c, "checked")) {
			const char *v = attr(c, "val");

			box(w, v != NULL && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0));
			return;
		}
	box(w, 0);
}

/* The runs of a paragraph and what holds runs: links, insertions
 * (tracked changes), smart tags, simple fields, content controls.
 * Deletions and moved-away text are not read. */
static void inlines(walk *w, const xmlNode *parent)
{
	static const char *const wrappers[] = {"hyperlink", "ins", "smartTag", "customXml",
		"fldSimple", "bdo", "dir", "moveTo"};

	for (const xmlNode *c = parent ? parent->children : NULL; c != NULL; c = c->next) {
		if (is_w(c, "r")) {
			run(w, c);
		} else if (is_w(c, "sdt")) {
			sdt_inline(w, c);
		} else {
			for (size_t k = 0; k < sizeof(wrappers) / sizeof(wrappers[0]); k++)
				if (is_w(c, wrappers[k])) {
					inlines(w, c);
					break;
				}
		}
	}
}

/* ---- paragraphs and tables ---- */

/* What the paragraph's properties say it is. */
static imp_para para_kind(walk *w, const xmlNode *ppr)
{
	imp_para p = {0};
	const xmlNode *np = child(ppr, "numPr");
	long num = num_attr(child(np, "numId"), "val"), ilvl = num_attr(child(np, "ilvl"), "val");

	p.heading = heading_level(w, ppr);
	if (p.heading != 0 || np == NULL)
		return p;
	if (ilvl < 0 || ilvl > 9)
		ilvl = 0;
	p.list = list_kind(w, num, ilvl);
	p.level = (unsigned char)ilvl;
	if (p.list == 2) {
		if (num != w->cur_num) {
			memset(w->counter, 0, sizeof(w->counter));
			w->cur_num = num;
		}
		p.number = ++w->counter[ilvl];
		for (long k = ilvl + 1; k < 10; k++)
			w->counter[k] = 0;
	}
	return p;
}

static void push_para(walk *w, imp_para p)
{
	if (w->npara == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		imp_para *n = realloc(w->paras, cap * sizeof(*n));

		if (n == NULL) {
			w->nomem = 1;
			free(p.md);
			return;
		}
		w->paras = n;
		w->cap = cap;
	}
	w->paras[w->npara++] = p;
}

static void paragraph(walk *w, const xmlNode *p)
{
	imp_para para = para_kind(w, child(p, "pPr"));
	size_t n;

	gpd_buf_append(&w->out, w->pending.data ? w->pending.data : "", w->pending.len);
	w->pending.len = 0;
	if (w->in_cell)
		gpd_buf_puts(&w->out, w->cell_first ? "" : "<br>");
	else
		gpd_buf_puts(&w->out, "<p>");
	w->cell_first = 0;
	w->md.len = 0;
	w->heading = para.heading != 0;
	inlines(w, p);
	flush_span(w);
	if (!w->in_cell)
		gpd_buf_puts(&w->out, "</p>");
	gpd_buf_putc(&w->out, '\n');
	n = w->md.len; /* a break at the end of a paragraph breaks nothing */
	while (n >= 2 && w->md.data[n - 1] == '\n' && w->md.data[n - 2] == '\\')
		n -= 2;
	para.md = malloc(n + 1);
	if (para.md == NULL) {
		w->nomem = 1;
		return;
	}
	memcpy(para.md, w->md.data ? w->md.data : "", n);
	para.md[n] = '\0';
	push_para(w, para);
}

static void blocks(walk *w, const xmlNode *parent);

/* A cell holding only a box and no text is written as its glyph: the
 * tokenizer then reads the next cell as the box's label. Once: a cell
 * holding a table whose one cell holds the box holds only that box too,
 * and replacing it again would cut the markup after the glyph. */
static void cell(walk *w, const xmlNode *tc)
{
	int first = w->cell_first;
	size_t text = w->cell_text, boxes = w->cell_boxes;

	w->in_cell++;
	w->cell_first = 1;
	w->cell_text = w->cell_boxes = 0;
	gpd_buf_puts(&w->pending, "<td>");
	blocks(w, tc);
	if (w->cell_boxes == 1 && w->cell_text == 0 && w->box_tag && !gpd_buf_failed(&w->out) &&
	    w->box_off + w->box_len <= w->out.len) {
		const char *g = w->box_ticked ? GLYPH_TICKED : GLYPH_EMPTY;
		char *at = w->out.data + w->box_off;

		memcpy(at, g, 3);
		memmove(at + 3, at + w->box_len, w->out.len - w->box_off - w->box_len + 1);
		w->out.len -= w->box_len - 3;
		w->box_tag = 0;
	}
	gpd_buf_puts(&w->pending, "</td>");
	w->in_cell--;
	w->cell_first = first;
	w->cell_text = text + w->cell_text;
	w->cell_boxes = boxes + w->cell_boxes;
}

/* The children of a row, a table or a body that are rows, cells or
 * blocks, through content controls and custom XML that wrap them. */
static void table(walk *w, const xmlNode *tbl);

static void row(walk *w, const xmlNode *tr)
{
	gpd_buf_puts(&w->pending, "<tr>");
	for (const xmlNode *c = tr->children; c != NULL; c = c->next) {
		if (is_w(c, "tc"))
			cell(w, c);
		else if (is_w(c, "sdt") || is_w(c, "customXml"))
			row(w, is_w(c, "sdt") ? child(c, "sdtContent") : c);
	}
	gpd_buf_puts(&w->pending, "</tr>");
}

static void rows(walk *w, const xmlNode *parent)
{
	for (const xmlNode *c = parent ? parent->children : NULL; c != NULL; c = c->next) {
		if (is_w(c, "tr"))
			row(w, c);
		else if (is_w(c, "sdt"))
			rows(w, child(c, "sdtContent"));
		else if (is_w(c, "customXml"))
			rows(w, c);
	}
}

static void table(walk *w, const xmlNode *tbl)
{
	gpd_buf_puts(&w->pending, "<table>");
	rows(w, tbl);
	gpd_buf_puts(&w->pending, "</table>");
}

static void blocks(walk *w, const xmlNode *parent)
{
	for (const xmlNode *c = parent ? parent->children : NULL; c != NULL && !w->nomem;
	     c = c->next) {
		if (is_w(c, "p"))
			paragraph(w, c);
		else if (is_w(c, "tbl"))
			table(w, c);
		else if (is_w(c, "sdt"))
			blocks(w, child(c, "sdtContent"));
		else if (is_w(c, "customXml"))
			blocks(w, c);
	}
}

static void free_walk(walk *w)
{
	gpd_buf_free(&w->out);
	gpd_buf_free(&w->pending);
	gpd_buf_free(&w->md);
	gpd_buf_free(&w->span);
	for (size_t i = 0; i < w->npara; i++)
		free(w->paras[i].md);
	free(w->paras);
	for (size_t i = 0; i < w->nstyles; i++)
		free(w->styles[i].id);
	free(w->styles);
	free(w->nums);
	free(w->fmts);
}

/* Reads styles and numbering, each part's tree freed once read. */
static int read_tables(walk *w, imp_docx_part_fn part, void *ctx)
{
	int absent = 0, rc;
	xmlDoc *doc = part(ctx, "word/styles.xml", &absent);

	if (doc == NULL && !absent)
		return -1;
	rc = read_styles(w, doc);
	xmlFreeDoc(doc);
	if (rc != 0)
		return -1;
	if ((doc = part(ctx, "word/numbering.xml", &absent)) == NULL && !absent)
		return -1;
	rc = read_numbering(w, doc);
	xmlFreeDoc(doc);
	return rc;
}

int imp_docx_walk(imp_docx_part_fn part, void *ctx, const char *name, gpd_diag *diag,
	char **text_out, size_t *tlen, imp_para **paras, size_t *nparas)
{
	walk w = {0};
	xmlDoc *document = NULL;
	xmlNode *root;
	int rc = -1, absent = 0;

	w.cur_num = -1;
	/* styles say which paragraphs are headings, numbering which lists
	 * are numbered; a document may do without either */
	if (read_tables(&w, part, ctx) != 0)
		goto out;
	if ((document = part(ctx, "word/document.xml", &absent)) == NULL) {
		if (absent)
			gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT, "not a Word document: "
				"the archive has no word/document.xml (a .docx holds its text there)");
		goto out;
	}
	root = xmlDocGetRootElement(document);
	if (!is_w(root, "document") || child(root, "body") == NULL) {
		gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT, "not a Word document: "
			"word/document.xml holds no WordprocessingML body");
		goto out;
	}
	blocks(&w, child(root, "body"));
	gpd_buf_append(&w.out, w.pending.data ? w.pending.data : "", w.pending.len);
	gpd_buf_putc(&w.out, '\n');
	if (w.nomem || gpd_buf_failed(&w.out) || gpd_buf_failed(&w.pending) ||
	    gpd_buf_failed(&w.md) || gpd_buf_failed(&w.span))
		goto out;
	*tlen = w.out.len;
	*text_out = gpd_buf_take(&w.out);
	*paras = w.paras;
	*nparas = w.npara;
	w.paras = NULL;
	w.npara = 0;
	rc = 0;
out:
	xmlFreeDoc(document);
	free_walk(&w);
	return rc;
}
