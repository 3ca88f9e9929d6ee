/* style.c: the editor's style file, mapped attribute by attribute onto gpd_style through one table. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/style.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gpdigest/buf.h"
#include "gpdigest/date.h"
#include "gpdigest/fontref.h"
#include "gpdigest/lang.h"
#include "ingest/xml.h"

typedef enum kind { LENGTH, NUMBER, INTEGER, COLOUR, FONT, FONTS, LANG, DATE_FORMAT } kind;

/* Every setting the style file may make: <element attribute="..."/>. */
static const struct setting {
	const char *element;
	const char *attribute;
	kind kind;
	size_t offset;
} settings[] = {
	{"page", "width", LENGTH, offsetof(gpd_style, page_width)},
	{"page", "height", LENGTH, offsetof(gpd_style, page_height)},
	{"margins", "top", LENGTH, offsetof(gpd_style, margin_top)},
	{"margins", "bottom", LENGTH, offsetof(gpd_style, margin_bottom)},
	{"margins", "left", LENGTH, offsetof(gpd_style, margin_left)},
	{"margins", "right", LENGTH, offsetof(gpd_style, margin_right)},
	{"fonts", "regular", FONT, offsetof(gpd_style, font_regular)},
	{"fonts", "bold", FONT, offsetof(gpd_style, font_bold)},
	{"fonts", "italic", FONT, offsetof(gpd_style, font_italic)},
	{"fonts", "bold-italic", FONT, offsetof(gpd_style, font_bold_italic)},
	{"fonts", "mono", FONT, offsetof(gpd_style, font_mono)},
	{"fonts", "fallback", FONT, offsetof(gpd_style, font_fallback)},
	{"fallback", "regular", FONTS, offsetof(gpd_style, fallback_chain[0])},
	{"fallback", "bold", FONTS, offsetof(gpd_style, fallback_chain[1])},
	{"fallback", "italic", FONTS, offsetof(gpd_style, fallback_chain[2])},
	{"fallback", "bold-italic", FONTS, offsetof(gpd_style, fallback_chain[3])},
	{"fallback", "mono", FONTS, offsetof(gpd_style, fallback_chain[4])},
	{"text", "size", LENGTH, offsetof(gpd_style, base_size)},
	{"text", "small", LENGTH, offsetof(gpd_style, small_size)},
	{"text", "leading", NUMBER, offsetof(gpd_style, leading)},
	{"text", "paragraph-space", LENGTH, offsetof(gpd_style, para_space)},
	{"text", "indent", LENGTH, offsetof(gpd_style, indent_step)},
	{"headings", "h1", LENGTH, offsetof(gpd_style, heading_size[0])},
	{"headings", "h2", LENGTH, offsetof(gpd_style, heading_size[1])},
	{"headings", "h3", LENGTH, offsetof(gpd_style, heading_size[2])},
	{"headings", "h4", LENGTH, offsetof(gpd_style, heading_size[3])},
	{"headings", "h5", LENGTH, offsetof(gpd_style, heading_size[4])},
	{"headings", "h6", LENGTH, offsetof(gpd_style, heading_size[5])},
	{"headings", "h7", LENGTH, offsetof(gpd_style, heading_size[6])},
	{"headings", "h8", LENGTH, offsetof(gpd_style, heading_size[7])},
	{"headings", "h9", LENGTH, offsetof(gpd_style, heading_size[8])},
	{"headings", "h10", LENGTH, offsetof(gpd_style, heading_size[9])},
	{"colours", "text", COLOUR, offsetof(gpd_style, text)},
	{"colours", "heading", COLOUR, offsetof(gpd_style, heading)},
	{"colours", "link", COLOUR, offsetof(gpd_style, link)},
	{"colours", "rule", COLOUR, offsetof(gpd_style, rule)},
	{"colours", "muted", COLOUR, offsetof(gpd_style, muted)},
	{"pagination", "widows", INTEGER, offsetof(gpd_style, widows)},
	{"pagination", "orphans", INTEGER, offsetof(gpd_style, orphans)},
	{"limits", "max-pages", INTEGER, offsetof(gpd_style, max_pages)},
	{"document", "lang", LANG, offsetof(gpd_style, lang)},
	{"dates", "format", DATE_FORMAT, 0}, /* kept by the style file, not the layout */
};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

struct gpd_style_file {
	char *fonts[NSETTINGS]; /* the strings set: resolved font paths, the language */
	char *date_format;      /* NULL: GPD_DATE_FORMAT_DEFAULT */
};

typedef struct reader {
	const char *name;
	const char *data;
	size_t len;
	const char *templates;
	gpd_diag *diag;
	gpd_style_file *owner;
	gpd_style *style;
	gpd_xml_cursor cur; /* complaints come in document order */
	int nomem;          /* a value could not be read for want of memory, not
	                     * for what it says: said as that, not as a bad value */
} reader;

/* "12", "12pt", "4.5mm", "1cm", "0.5in" in points. */
static int parse_length(const char *s, float *out)
{
	static const struct { const char *unit; double pt; } units[] = {
		{"", 1}, {"pt", 1}, {"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72},
	};
	char *end;
	double v = strtod(s, &end);

	if (end == s || !(v >= 0 && v < 100000))
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].unit) == 0) {
			*out = (float)(v * units[i].pt);
			return 0;
		}
	return -1;
}

static int parse_colour(const char *s, gpd_rgb *out)
{
	unsigned v;
	char tail;

	if (strlen(s) != 7 || s[0] != '#' || sscanf(s + 1, "%6x%c", &v, &tail) != 1)
		return -1;
	*out = (gpd_rgb){(float)((v >> 16) & 255) / 255.0f,
		(float)((v >> 8) & 255) / 255.0f, (float)(v & 255) / 255.0f};
	return 0;
}

static int is_regular(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* How many of the system's font folders (gpd_font_dir) a face's font is
 * looked for in: the DejaVu folder only; a fallback chain's, all of them. */
enum { FACE_DIRS = 1, ALL_DIRS = 64 };

/* A font file name (no folders) found in the templates folder or, the
 * first n of the system's font folders (gpd_font_dir); a face of a
 * collection ("name.ttc#2", fontref.h) is its file's path with the same
 * "#2". */
static char *find_font_in(reader *r, const char *file, size_t n)
{
	size_t len;

	gpd_font_ref(file, &len);
	if (strchr(file, '/') != NULL || file[0] == '.' || len == 0)
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		gpd_buf p = {0};
		const char *dir = i ? gpd_font_dir(i - 1) : r->templates;

		if (!dir)
			break;
		gpd_buf_printf(&p, "%s/%.*s", dir, (int)len, file);
		/* in the templates folder, a regular file itself: a link there
		 * could name any file (the system's folders are the system's) */
		r->nomem |= gpd_buf_failed(&p);
		if (!gpd_buf_failed(&p) && (i ? access(p.data, R_OK) == 0 : is_regular(p.data))) {
			if (len < strlen(file))
				gpd_buf_puts(&p, file + len);
			if (!gpd_buf_failed(&p))
				return gpd_buf_take(&p);
			r->nomem = 1;
		}
		gpd_buf_free(&p);
	}
	return NULL;
}

static char *find_font(reader *r, const char *file)
{
	return find_font_in(r, file, FACE_DIRS);
}

/* A fallback chain: file names apart by spaces, each looked for in every
 * font folder; one not installed is left out (the layout names the
 * package a script it cannot print needs). The paths, one a line. */
static char *find_fonts(reader *r, const char *list)
{
	gpd_buf out = {0};
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " \t\n");
		if (n) {
			char name[256], *path;
			if (n >= sizeof name) {
				gpd_buf_free(&out);
				return NULL;
			}
			memcpy(name, p, n);
			name[n] = '\0';
			if (strchr(name, '/') || name[0] == '.') {
				gpd_buf_free(&out);
				return NULL;
			}
			if ((path = find_font_in(r, name, ALL_DIRS)))
				gpd_buf_printf(&out, "%s%s", out.len ? "\n" : "", path);
			free(path);
		}
		p += n;
		p += strspn(p, " \t\n");
	}
	if (gpd_buf_failed(&out) || r->nomem) {
		r->nomem = 1;
		gpd_buf_free(&out);
		return NULL;
	}
	if (!out.data) { /* none installed */
		char *none = gpd_strdup("");

		r->nomem |= !none;
		return none;
	}
	return gpd_buf_take(&out);
}

static int apply(reader *r, size_t i, const char *value)
{
	void *field = (char *)r->style + settings[i].offset;
	char *end;
	long n;

	switch (settings[i].kind) {
	case LENGTH: return parse_length(value, field);
	case COLOUR: return parse_colour(value, field);
	case NUMBER: {
		double v = strtod(value, &end);
		if (end == value || *end || !(v > 0 && v < 100))
			return -1;
		*(float *)field = (float)v;
		return 0;
	}
	case INTEGER:
		n = strtol(value, &end, 10);
		if (end == value || *end || n < 1 || n > 1000000)
			return -1;
		*(int *)field = (int)n;
		return 0;
	case LANG: /* a BCP 47 tag: "en-GB", "cy" */
		if (!gpd_lang_ok(value))
			return -1;
		free(r->owner->fonts[i]);
		r->owner->fonts[i] = gpd_strdup(value);
		*(const char **)field = r->owner->fonts[i];
		r->nomem |= !r->owner->fonts[i];
		return r->owner->fonts[i] ? 0 : -1;
	case FONT:
	case FONTS:
		free(r->owner->fonts[i]);
		r->owner->fonts[i] = settings[i].kind == FONT ? find_font(r, value)
			: find_fonts(r, value);
		*(const char **)field = r->owner->fonts[i];
		return r->owner->fonts[i] ? 0 : -1;
	case DATE_FORMAT:
		if (!gpd_date_format_ok(value))
			return -1;
		free(r->owner->date_format);
		r->owner->date_format = gpd_strdup(value);
		r->nomem |= !r->owner->date_format;
		return r->owner->date_format ? 0 : -1;
	}
	return -1;
}

static void complain(reader *r, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void complain(reader *r, const xmlNode *n, const char *fmt, ...)
{
	gpd_pos pos = gpd_xml_pos_next(&r->cur, r->data, r->len, n);
	gpd_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	gpd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	gpd_diag_report(r->diag, r->name, pos.line, pos.col, GPD_E_TEMPLATE, b.data);
	gpd_buf_free(&b);
}

/* A font the setting i resolved to (a path, or a chain's, one a line)
 * that is damaged (fontref.h): said at the element, with the file and
 * what is wrong. 1 when one is. */
static int font_damaged(reader *r, const xmlNode *n, size_t i, const char *attribute)
{
	const char *p = settings[i].kind == FONT || settings[i].kind == FONTS
		? r->owner->fonts[i] : NULL;

	while (p != NULL && *p) {
		size_t len = strcspn(p, "\n");
		char *path = strndup(p, len);
		const char *why = path ? gpd_font_damage(path) : NULL;

		if (why != NULL)
			complain(r, n, "the font file %s (%s on <%s>) cannot be used: %s; give a "
				"whole font file", path, attribute, (const char *)n->name, why);
		free(path);
		if (why != NULL)
			return 1;
		p += len + (p[len] == '\n');
	}
	return 0;
}

static int read_element(reader *r, const xmlNode *n)
{
	int bad = 0;

	for (const xmlAttr *a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
		size_t i = 0;

		while (i < NSETTINGS && !(strcmp(settings[i].element, (const char *)n->name) == 0 &&
		       strcmp(settings[i].attribute, (const char *)a->name) == 0))
			i++;
		if (i == NSETTINGS)
			complain(r, n, "unknown style setting '%s'", (const char *)a->name), bad = 1;
		else if (v == NULL || apply(r, i, (const char *)v) != 0) {
			bad = 1;
			if (v == NULL || r->nomem)
				gpd_diag_report(r->diag, r->name, 0, 0, GPD_F_NOMEM, "");
			else
				complain(r, n, "bad value for '%s': \"%s\" (lengths: 12pt, 20mm; colours: #1f3a5f; "
				"fonts: a .ttf file name in templates/ or the DejaVu folder (fallback: names apart by spaces;"
				" a face of a collection: name.ttc#N); lang: a BCP 47 tag, en-GB; dates: "
				"%%-d %%B %%Y, with %%d %%-d %%m %%-m %%B %%b %%Y %%%%)",
					(const char *)a->name, (const char *)v);
		} else if (font_damaged(r, n, i, (const char *)a->name))
			bad = 1;
		xmlFree(v);
	}
	return bad ? -1 : 0;
}

/* The last element of that name (its settings are the ones that hold),
 * else the root: where a complaint about the name's settings points. */
static const xmlNode *element(xmlDoc *doc, const char *name)
{
	const xmlNode *at = xmlDocGetRootElement(doc);

	for (const xmlNode *n = at->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			at = n;
	return at;
}

/* The heading sizes make a hierarchy: each level smaller than the one
 * above it, so no two levels read alike. */
static int check_headings(reader *r, xmlDoc *doc)
{
	for (int i = 1; i < GPD_LAYOUT_HEADINGS; i++)
		if (!(r->style->heading_size[i] < r->style->heading_size[i - 1])) {
			complain(r, element(doc, "headings"), "heading sizes must decrease from h1 "
				"to h%d: h%d is %g pt, h%d %g pt", GPD_LAYOUT_HEADINGS, i + 1,
				(double)r->style->heading_size[i], i, (double)r->style->heading_size[i - 1]);
			return -1;
		}
	return 0;
}

/* The settings together within what the layout can set (its rules,
 * gpd_style_problem): said here, at the element, rather than by every
 * edition's typesetting failing without a line. */
static int check_layout(reader *r, xmlDoc *doc)
{
	char why[300];
	const char *el = gpd_style_problem(r->style, why, sizeof why);

	if (el == NULL)
		return 0;
	complain(r, element(doc, el), "%s", why);
	return -1;
}

gpd_style_file *gpd_style_load(const char *path, const char *templates,
	gpd_style *style, gpd_diag *diag)
{
	reader r = {path, NULL, 0, templates, diag, calloc(1, sizeof(gpd_style_file)), style,
		{0, 0, 0, 0, 0}, 0};
	char *data = NULL;
	xmlDoc *doc = NULL;
	int bad = 0;

	gpd_style_defaults(style);
	if (r.owner == NULL)
		return NULL;
	if (access(path, F_OK) != 0)
		return r.owner;
	gpd_xml_harden();
	if (gpd_xml_read_file(path, GPD_MAX_FILE_BYTES, &data, &r.len, diag) != 0 ||
	    (doc = gpd_xml_parse(path, data, r.len, diag)) == NULL) {
		bad = 1;
	} else if (!gpd_xml_is(xmlDocGetRootElement(doc), GPD_STYLE_NS, "style")) {
		gpd_diag_report(diag, path, 1, 1, GPD_E_TEMPLATE,
			"the style's root must be <style xmlns=\"" GPD_STYLE_NS "\">");
		bad = 1;
	} else {
		r.data = data;
		for (const xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next)
			if (n->type == XML_ELEMENT_NODE && read_element(&r, n) != 0)
				bad = 1;
		if (!bad && (check_headings(&r, doc) != 0 || check_layout(&r, doc) != 0))
			bad = 1;
	}
	xmlFreeDoc(doc);
	free(data);
	if (bad) {
		gpd_style_file_free(r.owner);
		return NULL;
	}
	return r.owner;
}

int gpd_style_font_slot(const gpd_style *style, size_t k, const char **path)
{
	static _Thread_local char one[4096]; /* a path of a chain, for the caller */

	for (size_t i = 0; i < NSETTINGS; i++)
		if (settings[i].kind == FONT && k-- == 0) {
			*path = *(const char *const *)((const char *)style + settings[i].offset);
			return 1;
		}
	for (size_t i = 0; i < NSETTINGS; i++) {
		const char *p = settings[i].kind == FONTS ?
			*(const char *const *)((const char *)style + settings[i].offset) : NULL;

		while (p && *p) {
			size_t n = strcspn(p, "\n");
			if (k-- == 0 && n < sizeof one) {
				memcpy(one, p, n);
				one[n] = '\0';
				*path = one;
				return 1;
			}
			p += n + (p[n] == '\n');
		}
	}
	return 0;
}

const char *gpd_style_date_format(const gpd_style_file *f)
{
	return f != NULL && f->date_format != NULL ? f->date_format : GPD_DATE_FORMAT_DEFAULT;
}

void gpd_style_file_free(gpd_style_file *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < NSETTINGS; i++)
		free(f->fonts[i]);
	free(f->date_format);
	free(f);
}
