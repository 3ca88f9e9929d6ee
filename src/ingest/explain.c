/* explain.c: schema and XML errors in the words of the form: the field as printed, what it accepts, and the likely fix. */
#include "ingest/explain.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/form.h"
#include "gpdigest/slug.h"
#include "gpdigest/record.h"
#include "gpdigest/suggest.h"
#include "gpdigest/utf8.h"

#define EXAMPLE_DATE "2026-11-23"
#define EXAMPLE_ID "tower-hamlets-contact-policy"

/* ---- the record's shape, from form.c's table ---- */

static const char *name_of(const xmlNode *node)
{
	return node && node->type == XML_ELEMENT_NODE ? (const char *)node->name : NULL;
}

static const char *parent_name(const xmlNode *node)
{
	return node ? name_of(node->parent) : NULL;
}

static const gpd_form_element *element_of(const xmlNode *node)
{
	return gpd_form_find_element(parent_name(node), name_of(node));
}

/* The tick-box group an element is, or -1. */
static int group_named(const char *name)
{
	for (int g = 0; name != NULL && g < GPD_GROUP__COUNT; g++)
		if (strcmp(gpd_form_group((gpd_group)g)->element, name) == 0)
			return g;
	return -1;
}

/* "<purpose> (\"Purpose and intended outcomes of this work\")", or just
 * "<x>" for an element the form does not have there. */
static void put_field(gpd_buf *b, const char *parent, const char *name)
{
	const gpd_form_element *e = gpd_form_find_element(parent, name);

	gpd_buf_printf(b, "<%s>", name);
	if (e != NULL)
		gpd_buf_printf(b, " (\"%s\")", gpd_form_element_label(e));
	else if (group_named(name) >= 0)
		gpd_buf_printf(b, " (\"%s\")", gpd_form_group((gpd_group)group_named(name))->question);
}

/* The element's text, blanks at both ends taken off (NULL: none). */
static char *text_in(const xmlNode *node)
{
	xmlChar *raw = node ? xmlNodeGetContent(node) : NULL;
	const char *s = (const char *)raw, *e;
	gpd_buf b = {0};

	if (raw == NULL)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
		;
	if (e > s)
		gpd_buf_append(&b, s, (size_t)(e - s));
	xmlFree(raw);
	return gpd_buf_take(&b);
}

/* The ids of a group's boxes (only those with a "please specify" text
 * when specify), "a, b, c". */
static void put_ids(gpd_buf *b, int g, int specify)
{
	const gpd_option_group *grp = gpd_form_group((gpd_group)g);
	int first = 1;

	for (size_t i = 0; i < grp->count; i++) {
		if (specify && !grp->options[i].specify)
			continue;
		gpd_buf_printf(b, "%s%s", first ? "" : ", ", grp->options[i].id);
		first = 0;
	}
}

/* The box of group g the text names (its id or printed label, any case),
 * or -1. */
static int box_named(int g, const char *text)
{
	return text != NULL && *text ? gpd_form_find((gpd_group)g, text) : -1;
}

static const char *box_id(int g, int i)
{
	return gpd_form_group((gpd_group)g)->options[i].id;
}

/* The box of group g nearest a misspelt id, or NULL. */
static const char *near_box(int g, const char *text)
{
	const gpd_option_group *grp = gpd_form_group((gpd_group)g);
	const char *ids[GPD_MAX_OPTIONS];

	for (size_t i = 0; i < grp->count; i++)
		ids[i] = grp->options[i].id;
	return gpd_suggest(text, ids, grp->count);
}

/* ---- values ---- */

/* Whether s is a criterion as the schema writes one: 1-3 digits, the first
 * not 0, a dot, the same again. */
static int is_criterion(const char *s)
{
	for (int part = 0; part < 2; part++) {
		size_t n = 0;

		if (*s < '1' || *s > '9')
			return 0;
		while (isdigit((unsigned char)s[n]) && n < 4)
			n++;
		if (n > 3)
			return 0;
		s += n;
		if (part == 0 && *s++ != '.')
			return 0;
	}
	return *s == '\0';
}

/* "S.C" from digits with leading zeros ("05.2"), into out; 0 when s is
 * not two numbers. */
static int criterion_numbers(const char *s, char *out, size_t max)
{
	unsigned long a, b;
	int used = 0;

	if (sscanf(s, "%lu.%lu%n", &a, &b, &used) != 2 || s[used] != '\0' || a == 0 || b == 0 ||
	    a > 999 || b > 999 || !isdigit((unsigned char)s[0]))
		return 0;
	snprintf(out, max, "%lu.%lu", a, b);
	return 1;
}

static void explain_criterion(gpd_buf *b, const char *v)
{
	char fix[16];
	size_t n = strlen(v);
	const char *s = v, *e = v + n;
	gpd_buf trimmed = {0};

	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	gpd_buf_append(&trimmed, s, (size_t)(e - s));
	gpd_buf_puts(&trimmed, "");
	if (trimmed.data != NULL && trimmed.data[0] == '\0')
		gpd_buf_puts(b, "a criterion is empty: write it as two numbers like 2.11 (Standard 2, "
			"criterion 11), or leave the <criterion> out");
	else if (trimmed.data != NULL && (s != v || e != v + n) && is_criterion(trimmed.data))
		gpd_buf_printf(b, "criterion '%s' must be two numbers like 2.11, with no spaces: write "
			"<criterion>%s</criterion>", v, trimmed.data);
	else if (trimmed.data != NULL && criterion_numbers(trimmed.data, fix, sizeof(fix)))
		gpd_buf_printf(b, "criterion '%s' must be two numbers like 2.11, without leading "
			"zeros: write <criterion>%s</criterion>", v, fix);
	else
		gpd_buf_printf(b, "criterion '%s' must be two numbers like 2.11 (Standard 2, "
			"criterion 11)", v);
	gpd_buf_free(&trimmed);
}

static int days_in(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : days[m - 1];
}

/* A date the way a British form writes it, day first: 23/11/2026,
 * 23.11.2026, 23-11-2026. */
static int day_first(const char *v, int *y, int *m, int *d)
{
	char sep1, sep2;
	int used = 0;

	return sscanf(v, "%2d%c%2d%c%4d%n", d, &sep1, m, &sep2, y, &used) == 5 &&
	       v[used] == '\0' && used >= 8 && sep1 == sep2 && strchr("/.-", sep1) != NULL &&
	       *y >= 1000 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in(*y, *m);
}

static void explain_date(gpd_buf *b, const char *v)
{
	int y, m, d, used = 0;

	if (*v == '\0')
		gpd_buf_puts(b, "the date received is empty: write it as YYYY-MM-DD, for example "
			EXAMPLE_DATE);
	else if (day_first(v, &y, &m, &d))
		gpd_buf_printf(b, "the date received '%s' must be written YYYY-MM-DD: %04d-%02d-%02d",
			v, y, m, d);
	else if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && v[used] == '\0' &&
		 (m < 1 || m > 12))
		gpd_buf_printf(b, "the date received '%s' has no month %d: write it as YYYY-MM-DD, "
			"for example " EXAMPLE_DATE, v, m);
	else if (used > 0 && v[used] == '\0' && (d < 1 || d > days_in(y, m)))
		gpd_buf_printf(b, "the date received '%s' has no day %d in that month: write it as "
			"YYYY-MM-DD, for example " EXAMPLE_DATE, v, d);
	else
		gpd_buf_printf(b, "the date received '%s' must be YYYY-MM-DD, for example "
			EXAMPLE_DATE, v);
}

static void explain_id(gpd_buf *b, const char *v)
{
	char slug[81];

	if (!gpd_slug(v, slug, sizeof(slug)))
		snprintf(slug, sizeof(slug), "%s", EXAMPLE_ID);
	gpd_buf_printf(b, "the record id '%s' must be lower-case letters and digits, words "
		"joined by single hyphens, like %s; it is the file's name too (%s.xml)", v, slug, slug);
}

static void explain_pattern(gpd_buf *b, const gpd_xml_msg *m, const xmlNode *node)
{
	const char *v = m->value ? m->value : "";
	const gpd_form_element *e = element_of(node);

	if (m->attribute != NULL && strcmp(m->attribute, "id") == 0)
		explain_id(b, v);
	else if (m->attribute != NULL && strcmp(m->attribute, "title") == 0)
		gpd_buf_puts(b, "an attachment's title must be one line");
	else if (m->attribute == NULL && name_of(node) && strcmp(name_of(node), "criterion") == 0)
		explain_criterion(b, v);
	else if (m->attribute == NULL && e != NULL) {
		put_field(b, parent_name(node), name_of(node));
		gpd_buf_puts(b, " must be one line: join its lines");
	}
}

/* ---- boxes ---- */

/* "'London' is how the form prints the box; a tick names its id: <tick
 * option=\"london\"/>" and the rest for an option that is not one. */
static void explain_option(gpd_buf *b, const gpd_xml_msg *m, const xmlNode *node)
{
	int g = group_named(parent_name(node)), i;
	int specify = name_of(node) && strcmp(name_of(node), "specify") == 0;
	const char *v = m->value ? m->value : "", *near;

	if (g < 0)
		return;
	i = box_named(g, v);
	if (specify) {
		gpd_buf_printf(b, "'%s' has no \"please specify\" box in ", v);
		put_field(b, parent_name(node->parent), parent_name(node));
		gpd_buf_puts(b, "; the boxes that take a text: ");
		put_ids(b, g, 1);
	} else if (i >= 0) {
		gpd_buf_printf(b, "'%s' is how the form prints the box; a tick names its id: "
			"<tick option=\"%s\"/>", v, box_id(g, i));
	} else {
		gpd_buf_printf(b, "'%s' is not a box of ", v);
		put_field(b, parent_name(node->parent), parent_name(node));
		if ((near = near_box(g, v)) != NULL)
			gpd_buf_printf(b, ": did you mean '%s'? The boxes: ", near);
		else
			gpd_buf_puts(b, "; the boxes: ");
		put_ids(b, g, 0);
	}
}

/* The tick a <tick> that is not one was meant to be: its option, another
 * attribute's value or its text, when that names a box. */
static const char *meant_box(const xmlNode *node, int g)
{
	const char *found = NULL;

	for (const xmlAttr *a = node->properties; a && found == NULL; a = a->next) {
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
		int i = box_named(g, (const char *)v);

		found = i >= 0 ? box_id(g, i) : NULL;
		xmlFree(v);
	}
	if (found == NULL) {
		char *t = text_in(node);
		int i = box_named(g, t);

		found = i >= 0 ? box_id(g, i) : NULL;
		free(t);
	}
	return found;
}

/* One message for every way a <tick> is not written as one (no option,
 * another attribute, text inside), so that the two libxml2 gives for one
 * slip read the same and are said once. */
static void explain_tick(gpd_buf *b, const xmlNode *node)
{
	int g = group_named(parent_name(node));
	const char *box = g >= 0 ? meant_box(node, g) : NULL;

	if (box != NULL)
		gpd_buf_printf(b, "a tick is written <tick option=\"%s\"/>", box);
	else if (g >= 0) {
		gpd_buf_printf(b, "a tick is written <tick option=\"%s\"/>, naming one box of ",
			box_id(g, 0));
		put_field(b, parent_name(node->parent), parent_name(node));
		gpd_buf_puts(b, ": ");
		put_ids(b, g, 0);
	} else {
		gpd_buf_puts(b, "a tick is written <tick option=\"ID\"/>");
	}
	if (g >= 0 && box != NULL) {
		/* a text the box asks for goes beside it */
		int i = gpd_form_find_id((gpd_group)g, box);

		if (i >= 0 && gpd_form_group((gpd_group)g)->options[i].specify)
			gpd_buf_printf(b, "; its text goes in <specify option=\"%s\">TEXT</specify>", box);
	}
}

static void explain_group_text(gpd_buf *b, const xmlNode *node, int g)
{
	char *t = text_in(node);
	int i = box_named(g, t);

	put_field(b, parent_name(node), name_of(node));
	gpd_buf_printf(b, " takes ticks such as <tick option=\"%s\"/>, not text",
		box_id(g, i >= 0 ? i : 0));
	if (i >= 0)
		gpd_buf_printf(b, ": for '%s' write <tick option=\"%s\"/>", t, box_id(g, i));
	gpd_buf_puts(b, "; allowed: ");
	put_ids(b, g, 0);
	free(t);
}

static void explain_text(gpd_buf *b, const xmlNode *node)
{
	const char *name = name_of(node);
	int g = group_named(name);
	char *t;

	if (g >= 0) {
		explain_group_text(b, node, g);
	} else if (name && strcmp(name, "criteria") == 0) {
		t = text_in(node);
		gpd_buf_printf(b, "<criteria> holds one <criterion> for each criterion, not text: "
			"write <criterion>%s</criterion>", t && is_criterion(t) ? t : "2.11");
		free(t);
	} else if (name && strcmp(name, "evidence") == 0) {
		gpd_buf_puts(b, "text directly in <evidence> belongs in <notes> (\"Notes on the "
			"evidence\")");
	} else if (name && strcmp(name, "contact") == 0) {
		gpd_buf_puts(b, "text directly in <contact> belongs in one of its fields: <name>, "
			"<address>, <tel>, <email>, <fax>, <mob>");
	} else if (name && strcmp(name, "attachments") == 0) {
		gpd_buf_puts(b, "text directly in <attachments> belongs in an <attachment "
			"title=\"...\">TEXT</attachment>");
	} else if (name && strcmp(name, "record") == 0) {
		gpd_buf_puts(b, "text directly in <record> belongs in one of its fields, such as "
			"<description>");
	}
}

/* ---- where elements go ---- */

/* The elements of parent's kind in the table, in order. */
static size_t fields_of(const char *parent, const gpd_form_element **out, size_t max)
{
	size_t n, k = 0;
	const gpd_form_element *all = gpd_form_elements(&n);

	for (size_t i = 0; i < n && k < max; i++)
		if (strcmp(all[i].parent, parent) == 0)
			out[k++] = &all[i];
	return k;
}

static long index_in(const gpd_form_element **f, size_t n, const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++)
		if (strcmp(f[i]->element, name) == 0)
			return (long)i;
	return -1;
}

static const xmlNode *prev_element(const xmlNode *node)
{
	for (node = node->prev; node; node = node->prev)
		if (node->type == XML_ELEMENT_NODE)
			return node;
	return NULL;
}

/* "... comes after <a> and before <b>" for field k of f. */
static void put_place(gpd_buf *b, const gpd_form_element **f, size_t n, size_t k)
{
	if (k > 0)
		gpd_buf_printf(b, " after <%s>", f[k - 1]->element);
	if (k > 0 && k + 1 < n)
		gpd_buf_puts(b, " and");
	if (k + 1 < n)
		gpd_buf_printf(b, " before <%s>", f[k + 1]->element);
}

/* An element inside a tick group, <criteria> or <attachments> that is not
 * one they hold (or a second tick where one is allowed). 1 when said. */
static int unexpected_in_list(gpd_buf *b, const xmlNode *node)
{
	const char *name = name_of(node), *parent = parent_name(node);
	int g = group_named(parent);

	if (g >= 0 && strcmp(name, "tick") == 0 && gpd_form_group((gpd_group)g)->single) {
		put_field(b, name_of(node->parent->parent), parent);
		gpd_buf_puts(b, " takes one tick, not two (its boxes: ");
		put_ids(b, g, 0);
		gpd_buf_puts(b, ")");
	} else if (g >= 0) {
		put_field(b, name_of(node->parent->parent), parent);
		gpd_buf_printf(b, " holds ticks, <tick option=\"%s\"/>, not <%s>", box_id(g, 0), name);
	} else if (strcmp(parent, "criteria") == 0) {
		gpd_buf_printf(b, "<criteria> holds one <criterion> for each criterion, like "
			"<criterion>2.11</criterion>, not <%s>", name);
	} else if (strcmp(parent, "attachments") == 0) {
		gpd_buf_printf(b, "<attachments> holds <attachment title=\"...\">TEXT</attachment> "
			"elements, not <%s>", name);
	} else {
		return 0;
	}
	return 1;
}

/* An element that is no field of its parent: a typo (the nearest field),
 * a field of <evidence> or <contact> put outside it, or something else
 * (the fields listed). */
static void unexpected_unknown(gpd_buf *b, const char *parent, const char *name,
	const gpd_form_element **f, size_t n)
{
	const char *names[64], *near;
	const gpd_form_element *here;

	for (size_t i = 0; i < n; i++)
		names[i] = f[i]->element;
	gpd_buf_printf(b, "<%s> is not a field of <%s>", name, parent);
	if ((near = gpd_suggest(name, names, n)) != NULL) {
		gpd_buf_puts(b, "; did you mean ");
		put_field(b, parent, near);
		gpd_buf_puts(b, "?");
	} else if ((here = gpd_form_find_element("evidence", name)) != NULL ||
		   (here = gpd_form_find_element("contact", name)) != NULL) {
		gpd_buf_printf(b, "; it belongs inside <%s>", here->parent);
	} else {
		gpd_buf_printf(b, "; the fields of <%s>, in order:", parent);
		for (size_t i = 0; i < n; i++)
			gpd_buf_printf(b, "%s %s", i ? "," : "", f[i]->element);
	}
}

/* A field where the schema did not expect it: given twice, out of the
 * form's order, or after a field every record needs that is missing. */
static void unexpected_field(gpd_buf *b, const xmlNode *node, const gpd_form_element **f,
	size_t n, long k)
{
	const char *name = name_of(node), *parent = parent_name(node);
	long prev = -1;

	for (const xmlNode *p = prev_element(node); p && prev < 0; p = prev_element(p)) {
		if (strcmp(name_of(p), name) == 0) {
			put_field(b, parent, name);
			gpd_buf_puts(b, " is given twice; each field is given once");
			return;
		}
		prev = index_in(f, n, name_of(p));
	}
	if (prev > k) {
		put_field(b, parent, name);
		gpd_buf_puts(b, " is out of order: the fields follow the form, where it comes");
		put_place(b, f, n, (size_t)k);
		return;
	}
	for (long i = prev + 1; i < k; i++)
		if (f[i]->required) {
			put_field(b, parent, f[i]->element);
			gpd_buf_printf(b, " is missing before <%s>: every %s has it (empty, <%s/>, when "
				"the form leaves it blank)", name, parent, f[i]->element);
			return;
		}
}

/* An element the schema did not expect where it is. */
static void explain_unexpected(gpd_buf *b, const xmlNode *node)
{
	const char *name = name_of(node), *parent = parent_name(node);
	const gpd_form_element *f[64];
	size_t n;
	long k;

	if (name == NULL || parent == NULL || unexpected_in_list(b, node))
		return;
	if ((n = fields_of(parent, f, 64)) == 0)
		return;
	if ((k = index_in(f, n, name)) < 0)
		unexpected_unknown(b, parent, name, f, n);
	else
		unexpected_field(b, node, f, n, k);
}

/* The element ended without a field it must have. */
static void explain_missing(gpd_buf *b, const gpd_xml_msg *m, const xmlNode *node)
{
	const char *name = name_of(node);
	char *first = m->expected ? gpd_strdup(m->expected) : NULL;
	char *comma = first ? strpbrk(first, ", ") : NULL;

	if (name == NULL || first == NULL) {
		free(first);
		return;
	}
	if (comma)
		*comma = '\0';
	if (strcmp(name, "attachments") == 0)
		gpd_buf_puts(b, "<attachments> is empty: leave it out, or add <attachment "
			"title=\"...\">TEXT</attachment>");
	else {
		gpd_buf_printf(b, "<%s> ends without ", name);
		put_field(b, name, first);
		gpd_buf_printf(b, ": every %s has it (empty, <%s/>, when the form leaves it blank)",
			strcmp(name, "record") == 0 ? "record" : name, first);
	}
	free(first);
}

/* ---- attributes ---- */

static const char *attributes_of(const char *element)
{
	static const struct { const char *element, *attrs; } known[] = {
		{"record", "xmlns=\"" GPD_RECORD_NS "\", version=\"" GPD_RECORD_VERSION "\" and id=\"ID\""},
		{"tick", "option=\"ID\""},
		{"specify", "option=\"ID\""},
		{"attachment", "title=\"...\""},
	};

	for (size_t i = 0; element && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].element, element) == 0)
			return known[i].attrs;
	return NULL;
}

static void explain_attribute(gpd_buf *b, const gpd_xml_msg *m, const xmlNode *node,
	const char *file)
{
	const char *name = name_of(node), *attrs = attributes_of(name);
	const char *base = file ? strrchr(file, '/') : NULL;

	if (name == NULL || m->attribute == NULL)
		return;
	if (m->kind == GPD_XML_MSG_ATTR_UNKNOWN && strcmp(m->attribute, "xml:lang") == 0) {
		gpd_buf_printf(b, "<%s> takes no xml:lang: say a record's language on <record>, and "
			"that of an answer, a \"please specify\" text or an attachment in another language "
			"on its own element", name);
	} else if (strcmp(name, "tick") == 0) {
		explain_tick(b, node);
	} else if (strcmp(name, "attachment") == 0) {
		/* the same words for a title missing and one misnamed, said once */
		gpd_buf_puts(b, "an attachment is written <attachment title=\"its title\">TEXT"
			"</attachment>");
	} else if (m->kind == GPD_XML_MSG_ATTR_UNKNOWN) {
		gpd_buf_printf(b, "<%s> takes ", name);
		gpd_buf_puts(b, attrs ? attrs : "no attribute");
		gpd_buf_printf(b, ", not %s=", m->attribute);
	} else if (strcmp(name, "record") == 0 && strcmp(m->attribute, "id") == 0) {
		base = base ? base + 1 : file;
		gpd_buf_printf(b, "<record> needs id=\"ID\", the record's id, which is its file's "
			"name without .xml%s%.*s%s", base ? " (here: " : "",
			base ? (int)(strcspn(base, ".")) : 0, base ? base : "", base ? ")" : "");
	} else if (strcmp(name, "record") == 0 && strcmp(m->attribute, "version") == 0) {
		gpd_buf_puts(b, "<record> needs version=\"" GPD_RECORD_VERSION "\", the record "
			"format this program reads");
	} else if (strcmp(name, "specify") == 0) {
		gpd_buf_puts(b, "a <specify> needs option=\"ID\", the box whose text it is");
	}
}

/* ---- the rest ---- */

static void explain_duplicate(gpd_buf *b, const gpd_xml_msg *m)
{
	const char *want = m->want ? m->want : "", *dash = strstr(want, "-specify-once");
	char group[64];
	size_t n = dash ? (size_t)(dash - want) : strlen(want);
	int g;

	if (!dash && (n < 5 || strcmp(want + n - 5, "-once") != 0))
		return;
	n -= dash ? 0 : 5;
	snprintf(group, sizeof(group), "%.*s", (int)n, want);
	if ((g = group_named(group)) < 0)
		return;
	if (dash)
		gpd_buf_printf(b, "the \"please specify\" text of '%s' is given twice in <%s>; give "
			"it once", m->value ? m->value : "", group);
	else
		gpd_buf_printf(b, "%s '%s' is ticked twice in <%s>; tick a box once",
			gpd_form_group((gpd_group)g)->heading, m->value ? m->value : "", group);
}

static void explain_too_long(gpd_buf *b, const gpd_xml_msg *m, const xmlNode *node)
{
	if (m->attribute != NULL)
		gpd_buf_printf(b, "the %s is %lu characters long; it holds at most %lu",
			m->attribute, m->length, m->max);
	else if (element_of(node) != NULL) {
		put_field(b, parent_name(node), name_of(node));
		gpd_buf_printf(b, " is %lu characters long; it holds at most %lu", m->length, m->max);
	}
}

char *gpd_explain_schema(const gpd_xml_msg *m, const xmlNode *node, const char *file)
{
	gpd_buf b = {0};
	const char *name = name_of(node);

	switch (m->kind) {
	case GPD_XML_MSG_PATTERN: explain_pattern(&b, m, node); break;
	case GPD_XML_MSG_ENUMERATION: explain_option(&b, m, node); break;
	case GPD_XML_MSG_BAD_VALUE:
		if (name && strcmp(name, "received") == 0)
			explain_date(&b, m->value ? m->value : "");
		break;
	case GPD_XML_MSG_FIXED:
		if (m->attribute && strcmp(m->attribute, "version") == 0)
			gpd_buf_printf(&b, "version must be \"%s\", the record format this program "
				"reads, not '%s'", m->want ? m->want : GPD_RECORD_VERSION,
				m->value ? m->value : "");
		break;
	case GPD_XML_MSG_UNEXPECTED: explain_unexpected(&b, node); break;
	case GPD_XML_MSG_MISSING_CHILD: explain_missing(&b, m, node); break;
	case GPD_XML_MSG_TEXT_IN_ELEMENTS: explain_text(&b, node); break;
	case GPD_XML_MSG_TEXT_IN_EMPTY:
		if (name && strcmp(name, "tick") == 0)
			explain_tick(&b, node);
		break;
	case GPD_XML_MSG_ATTR_MISSING:
	case GPD_XML_MSG_ATTR_UNKNOWN: explain_attribute(&b, m, node, file); break;
	case GPD_XML_MSG_DUPLICATE: explain_duplicate(&b, m); break;
	case GPD_XML_MSG_TOO_LONG: explain_too_long(&b, m, node); break;
	default: break;
	}
	return gpd_buf_take(&b);
}

/* ---- XML ---- */

/* The line's bytes: *start and its length. */
static size_t line_at(const char *data, size_t len, unsigned line, const char **start)
{
	const char *p = data, *end = data + len, *nl;

	for (unsigned l = 1; l < line && p < end; l++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*start = p;
	return (size_t)((nl ? nl : end) - p);
}

/* The '&' at or before column col of the line (libxml2 reports where it
 * stopped reading, a few characters on): its offset, or -1. */
static long amp_before(const char *s, size_t n, unsigned col)
{
	size_t i;

	if (n == 0)
		return -1;
	/* the column may lie past the line's end (libxml2 counts on) */
	i = col > 0 && col - 1 < n ? col - 1 : n - 1;
	while (i > 0 && s[i] != '&')
		i--;
	return s[i] == '&' ? (long)i : -1;
}

/* "AT&T" around the & at s[i]: the word it stands in, with the & as
 * &amp;. */
static void put_fixed_word(gpd_buf *b, const char *s, size_t n, size_t i)
{
	size_t from = i, to = i + 1;

	/* a lone & ("Hamlets & Partners") is shown with a word each side */
	if (from > 1 && s[from - 1] == ' ')
		from--;
	if (to + 1 < n && s[to] == ' ')
		to++;
	while (from > 0 && !isspace((unsigned char)s[from - 1]) && s[from - 1] != '>' && i - from < 30)
		from--;
	while (to < n && !isspace((unsigned char)s[to]) && s[to] != '<' && to - i < 30)
		to++;
	gpd_buf_append(b, s + from, i - from);
	gpd_buf_puts(b, "&amp;");
	gpd_buf_append(b, s + i + 1, to - i - 1);
}

/* The HTML entities a form pasted from Word or a web page brings, and the
 * character each stands for. */
static const struct { const char *name; unsigned cp; const char *what; } html[] = {
	{"nbsp", 0xA0, "a no-break space"}, {"ndash", 0x2013, "an en dash"},
	{"mdash", 0x2014, "an em dash"}, {"lsquo", 0x2018, "an opening quote"},
	{"rsquo", 0x2019, "a closing quote or apostrophe"}, {"ldquo", 0x201C, "an opening double quote"},
	{"rdquo", 0x201D, "a closing double quote"}, {"hellip", 0x2026, "an ellipsis"},
	{"pound", 0xA3, "a pound sign"}, {"euro", 0x20AC, "a euro sign"},
	{"copy", 0xA9, "a copyright sign"}, {"eacute", 0xE9, "an e with an acute accent"},
	{"bull", 0x2022, "a bullet"}, {"middot", 0xB7, "a middle dot"},
};

static void explain_entity(gpd_buf *b, const char *name)
{
	for (size_t i = 0; i < sizeof(html) / sizeof(html[0]); i++)
		if (strcmp(html[i].name, name) == 0) {
			gpd_buf_printf(b, "&%s; is an HTML entity, not XML's: write the character "
				"itself (%s) or &#%u;", name, html[i].what, html[i].cp);
			return;
		}
	gpd_buf_printf(b, "&%s; is not an XML entity (XML has only &amp; &lt; &gt; &quot; "
		"&apos;): write the character itself, or &amp;%s; for the text", name, name);
}

/* A character XML does not allow, U+cp: raw at column *col, or (libxml2
 * reports the column after it) a reference just before, whose '&' *col
 * is then moved to. */
static void explain_char(gpd_buf *b, unsigned long cp, const char *s, size_t n,
	unsigned *col)
{
	long at = s != NULL ? amp_before(s, n, *col) : -1;
	int ref = at >= 0 && (size_t)at + 2 < n && s[at + 1] == '#' && *col >= (unsigned)at + 4 &&
		memchr(s + at, ';', *col - 1 - (size_t)at) != NULL;

	if (ref) {
		size_t len = (size_t)((const char *)memchr(s + at, ';', n - (size_t)at) - (s + at)) + 1;

		*col = (unsigned)at + 1;
		gpd_buf_printf(b, "%.*s stands for U+%04lX, ", (int)len, s + at, cp);
	} else {
		gpd_buf_printf(b, "U+%04lX here is ", cp);
	}
	if (cp < 0x20 || cp == 0x7F)
		gpd_buf_printf(b, "a control character, which XML does not allow in a record: %s",
			cp == 0x0B || cp == 0x0C ? "write a space instead (a form feed or vertical "
			"tab, as scans leave)" : "remove it");
	else
		gpd_buf_puts(b, "not a character XML allows: remove it");
}

/* What stands before the first '<' of a file that has one (libxml2 calls
 * it no element at all): a second byte-order mark (a tool that added one
 * to a file that had it), another character that shows nothing, or text.
 * 1 when told into b, 0 when the file has no '<' past blanks. */
static int before_first_tag(gpd_buf *b, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;
	uint32_t cp = 0;
	size_t n;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* the one byte-order mark UTF-8 may start with */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p == end || *p == '<' || memchr(p, '<', (size_t)(end - p)) == NULL)
		return 0;
	n = gpd_utf8_decode(p, (size_t)(end - p), &cp);
	if (cp == 0xFEFF)
		gpd_buf_puts(b, "a second byte-order mark (U+FEFF) stands before the first tag");
	else if (n > 0 && gpd_utf8_shows_nothing(cp))
		gpd_buf_printf(b, "an invisible character (U+%04X) stands before the first tag",
			(unsigned)cp);
	else
		gpd_buf_printf(b, "text (\"%.*s\") stands before the first tag",
			(int)strcspn((const char *)p, "<\n\r") > 20 ? 20
			: (int)strcspn((const char *)p, "<\n\r"), (const char *)p);
	gpd_buf_puts(b, ": a file starts with <?xml ...?> or <record ...>; delete what comes "
		"before it");
	return 1;
}

char *gpd_explain_xml(const gpd_xml_msg *m, const char *data, size_t len, unsigned line,
	unsigned *col)
{
	gpd_buf b = {0};
	const char *s = NULL;
	size_t n = line > 0 ? line_at(data, len, line, &s) : 0;
	long at;

	switch (m->kind) {
	case GPD_XML_MSG_BARE_AMP:
		gpd_buf_puts(&b, "a bare & must be written &amp;");
		if (s != NULL && (at = amp_before(s, n, *col)) >= 0) {
			*col = (unsigned)at + 1;
			gpd_buf_puts(&b, ": ");
			put_fixed_word(&b, s, n, (size_t)at);
		}
		break;
	case GPD_XML_MSG_UNKNOWN_ENTITY:
		if (s != NULL && (at = amp_before(s, n, *col)) >= 0)
			*col = (unsigned)at + 1;
		explain_entity(&b, m->value ? m->value : "");
		break;
	case GPD_XML_MSG_BARE_LT:
		gpd_buf_puts(&b, "a bare < must be written &lt; (a tag's name follows < at once)");
		break;
	case GPD_XML_MSG_TAG_MISMATCH:
		gpd_buf_printf(&b, "<%s>, opened on line %lu, is closed by </%s>: the names must "
			"match", m->element ? m->element : "?", m->line, m->value ? m->value : "?");
		break;
	case GPD_XML_MSG_CUT_SHORT:
		gpd_buf_printf(&b, "the file ends inside <%s>, opened on line %lu: it is cut short, "
			"or </%s> is missing", m->element ? m->element : "?", m->line,
			m->element ? m->element : "?");
		break;
	case GPD_XML_MSG_UNQUOTED:
		gpd_buf_puts(&b, "an attribute's value goes in quotes: option=\"london\"");
		break;
	case GPD_XML_MSG_AFTER_ROOT:
		gpd_buf_puts(&b, "something follows the end of the document's element: a file holds "
			"one element (a record's ends with </record>) and nothing after it");
		break;
	case GPD_XML_MSG_BAD_CHAR:
		explain_char(&b, m->cp, s, n, col);
		break;
	case GPD_XML_MSG_NO_ROOT:
		if (!before_first_tag(&b, data, len))
			gpd_buf_puts(&b, "the file holds no XML element (a record starts with "
				"<record ...>)");
		break;
	default:
		break;
	}
	return gpd_buf_take(&b);
}
