/* ingest.c: record files to the model: hardened parse, XSD validation, conversion. */
#include "gpdigest/ingest.h"

#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlschemas.h>

#include "gpdigest/buf.h"
#include "gpdigest/form.h"
#include "gpdigest/hash.h"
#include "gpdigest/lang.h"
#include "gpdigest/limits.h"
#include "gpdigest/schema.h"
#include "gpdigest/utf8.h"
#include "ingest/explain.h"
#include "ingest/md_empty.h"
#include "ingest/xml.h"
#include "ingest/xml_msg.h"

struct gpd_ingest {
	gpd_diag *diag;
	xmlSchemaPtr schema;
	/* One validation context for every record a reader checks: libxml2
	 * clears it after each document, and making and freeing one per
	 * record was 0.8 % of validate's instructions. Dropped after a
	 * record that fails, so no state of a failed run is carried on. */
	xmlSchemaValidCtxtPtr vc;
	xmlParserCtxtPtr pc; /* the same for parsing (gpd_xml_parse_kept) */
	int hash; /* gpd_ingest_set_hash */
};

/* What a conversion needs to hand: the source (for columns) and the result. */
typedef struct convert {
	const char *data;
	size_t len;
	gpd_record *rec;
	int nomem;
	gpd_xml_cursor cur; /* nodes are positioned in document order */
	size_t controls;    /* control characters left out of the text */
	const xmlNode *control_at; /* the first element that held one */
	gpd_diag *diag;
	const char *name;
} convert;

typedef struct schema_state {
	gpd_diag *diag;
	const char *name;
	const char *data; /* the source, to find the column of the node at fault */
	size_t len;
	int errors;
	char *last;       /* the last message, and where: one slip libxml2 */
	gpd_pos last_pos; /* reports twice is said once */
} schema_state;

gpd_ingest *gpd_ingest_new(gpd_diag *diag)
{
	gpd_ingest *in = calloc(1, sizeof(*in));
	char *xsd = gpd_schema_xsd_unlimited_text(); /* too_long() checks that limit */
	int nomem = 0;

	gpd_xml_harden();
	if (in == NULL || xsd == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		goto fail;
	}
	in->diag = diag;
	in->hash = 1;
	in->schema = gpd_xml_schema_compile(xsd, strlen(xsd), &nomem);
	if (in->schema == NULL) {
		if (nomem)
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		else
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_INTERNAL,
				"the built-in record schema does not compile");
		goto fail;
	}
	free(xsd);
	return in;
fail:
	free(xsd);
	gpd_ingest_free(in);
	return NULL;
}

void gpd_ingest_set_diag(gpd_ingest *in, gpd_diag *diag)
{
	in->diag = diag;
}

void gpd_ingest_set_hash(gpd_ingest *in, int on)
{
	in->hash = on != 0;
}

void gpd_ingest_free(gpd_ingest *in)
{
	if (in == NULL)
		return;
	if (in->vc != NULL)
		xmlSchemaFreeValidCtxt(in->vc);
	if (in->pc != NULL)
		xmlFreeParserCtxt(in->pc);
	if (in->schema != NULL)
		xmlSchemaFree(in->schema);
	free(in);
}

/* Whether node is an element of the record's namespace. */
static int in_record_ns(const xmlNode *node)
{
	return node->type == XML_ELEMENT_NODE && node->ns != NULL && node->ns->href != NULL &&
	       strcmp((const char *)node->ns->href, GPD_RECORD_NS) == 0;
}

/* Whether the element is free text (the schema's type r:text): a form
 * field of that kind, an option's "please specify" text, or an
 * attachment. */
static int is_free_text(const xmlNode *node)
{
	const xmlNode *p = node->parent;
	const char *name = (const char *)node->name;
	const gpd_form_element *e;

	if (!in_record_ns(node))
		return 0;
	if (strcmp(name, "specify") == 0 || strcmp(name, "attachment") == 0)
		return 1;
	if (p == NULL || p->type != XML_ELEMENT_NODE)
		return 0;
	e = gpd_form_find_element((const char *)p->name, name);
	return e != NULL && e->kind == GPD_ELEMENT_TEXT;
}

/* The characters of the element's text (its text children: simple
 * content has no others), when it has more bytes than a field may hold
 * characters; 0 otherwise, without counting. */
static size_t chars_over_limit(const xmlNode *node)
{
	size_t bytes = 0, chars = 0;

	for (const xmlNode *c = node->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			bytes += strlen((const char *)c->content);
	if (bytes <= GPD_MAX_TEXT_CHARS)
		return 0;
	for (const xmlNode *c = node->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			chars += gpd_utf8_chars((const char *)c->content); /* UTF-8: xml.c */
	return chars;
}

/* Every free-text field over GPD_MAX_TEXT_CHARS characters, reported as
 * a resource limit (not a form error), where the schema would have: the
 * reader's schema leaves this limit out (gpd_schema_xsd_unlimited_text).
 * Returns how many. */
static int too_long(schema_state *st, const xmlNode *node)
{
	int found = 0;

	for (const xmlNode *c = node; c; c = c->next) {
		size_t chars;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		found += too_long(st, c->children);
		if ((chars = chars_over_limit(c)) <= GPD_MAX_TEXT_CHARS || !is_free_text(c))
			continue;
		found++;
		if (st->errors++ < GPD_MAX_SCHEMA_ERRORS) {
			gpd_pos pos = gpd_xml_msg_pos(st->data, st->len, xmlGetLineNo(c), c);
			gpd_buf b = {0};

			gpd_buf_printf(&b, "the text of <%s> is %zu characters long; one field may hold "
				"at most %lu characters (1 MiB): move the rest into an attachment or "
				"shorten it", (const char *)c->name, chars,
				(unsigned long)GPD_MAX_TEXT_CHARS);
			gpd_diag_report(st->diag, st->name, pos.line, pos.col, GPD_E_LIMIT,
				b.data ? b.data : "a field is too long");
			gpd_buf_free(&b);
		}
	}
	return found;
}

/* The message to print: the form's words for it (explain.c), or
 * libxml2's; under --verbose, libxml2's too. Caller frees. */
static char *wording(const gpd_xml_msg *m, const xmlNode *node, const char *name,
	gpd_diag *diag)
{
	char *said = gpd_explain_schema(m, node, name);
	gpd_buf b = {0};

	if (said == NULL || *said == '\0') {
		free(said);
		return gpd_strdup(m->text && *m->text ? m->text : "invalid");
	}
	if (!gpd_diag_verbose(diag) || m->text == NULL)
		return said;
	gpd_buf_printf(&b, "%s (libxml2: %s)", said, m->text);
	free(said);
	return gpd_buf_take(&b);
}

static void on_schema_error(void *ctx, xmlErrorPtr err)
{
	schema_state *st = ctx;
	const xmlNode *node = err->node;
	gpd_pos pos = gpd_xml_msg_pos(st->data, st->len, err->line, node);
	gpd_xml_msg m = gpd_xml_msg_read(err, GPD_RECORD_NS);
	char *msg = NULL;

	/* the consequence of an error already reported, not news */
	if (m.kind == GPD_XML_MSG_IDC_NO_VALUE || st->errors >= GPD_MAX_SCHEMA_ERRORS) {
		st->errors += m.kind != GPD_XML_MSG_IDC_NO_VALUE;
		gpd_xml_msg_free(&m);
		return;
	}
	if ((msg = wording(&m, node, st->name, st->diag)) != NULL &&
		   !(st->last && pos.line == st->last_pos.line && pos.col == st->last_pos.col &&
		     strcmp(st->last, msg) == 0)) {
		st->errors++;
		gpd_diag_report(st->diag, st->name, pos.line, pos.col, GPD_E_SCHEMA, msg);
		free(st->last);
		st->last = msg;
		st->last_pos = pos;
		msg = NULL;
	}
	free(msg);
	gpd_xml_msg_free(&m);
}

/* The root must be our record before the schema is asked, so a wrong file
 * gets one plain sentence instead of a schema-speak cascade. */
static int check_root(gpd_ingest *in, const char *name, xmlNode *root)
{
	gpd_buf b = {0};

	if (gpd_xml_is(root, GPD_RECORD_NS, "record"))
		return 0;
	gpd_buf_printf(&b, "the root element is <%s>%s%s%s; a record starts with "
		"<record xmlns=\"%s\">", root ? (const char *)root->name : "?",
		root && root->ns ? " in namespace \"" : " with no namespace",
		root && root->ns ? (const char *)root->ns->href : "",
		root && root->ns ? "\"" : "", GPD_RECORD_NS);
	gpd_diag_report(in->diag, name, root ? (unsigned)xmlGetLineNo(root) : 1, 1,
		GPD_E_SCHEMA, b.data);
	gpd_buf_free(&b);
	return -1;
}

static int validate(gpd_ingest *in, const char *name, const char *data,
	size_t len, xmlDoc *doc)
{
	schema_state st = {in->diag, name, data, len, 0, NULL, {0, 0}};
	int rc;

	if (in->vc == NULL && (in->vc = xmlSchemaNewValidCtxt(in->schema)) == NULL) {
		gpd_diag_report(in->diag, name, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	xmlSchemaSetValidStructuredErrors(in->vc, on_schema_error, &st);
	rc = xmlSchemaValidateDoc(in->vc, doc);
	/* st goes out of scope: the context must not call back into it */
	xmlSchemaSetValidStructuredErrors(in->vc, NULL, NULL);
	if (rc != 0) {
		xmlSchemaFreeValidCtxt(in->vc);
		in->vc = NULL;
	}
	/* no field's text is longer than the file it is in (references and
	 * line ends only shrink as they are read): a file within the limit
	 * is not walked for it */
	if (len > GPD_MAX_TEXT_CHARS && too_long(&st, xmlDocGetRootElement(doc)) > 0 && rc == 0)
		rc = 1;
	free(st.last);
	if (rc != 0 && st.errors == 0)
		gpd_diag_report(in->diag, name, 1, 1, GPD_E_SCHEMA, "the record is not valid");
	return rc == 0 ? 0 : -1;
}

static char *take_text(convert *cv, const xmlNode *node)
{
	size_t before = cv->controls;
	char *t = gpd_xml_text(node, 1, &cv->nomem, &cv->controls);

	if (cv->controls > before && cv->control_at == NULL)
		cv->control_at = node;
	return t;
}

/* take_text for free text, which is CommonMark: empty (NULL) too when
 * it shows nothing once read as CommonMark reads it (md_empty.h: a
 * "&#x200B;" is a zero width space there, as the character itself is). */
static char *take_md(convert *cv, const xmlNode *node)
{
	char *t = take_text(cv, node);

	if (t != NULL && gpd_md_visibly_empty(t)) {
		free(t);
		return NULL;
	}
	return t;
}

/* The record's control characters (raw, or as references XML allows:
 * DEL, the C1 range) were left out of its text as it was read, so no
 * output holds one: said once, at the first, naming it. */
static void report_controls(const convert *cv, gpd_diag *diag, const char *name)
{
	gpd_pos el = gpd_xml_pos(cv->data, cv->len, cv->control_at), at;
	uint32_t cp = 0;
	char ref[16] = "";
	gpd_buf b = {0};

	at = gpd_xml_control_pos(cv->data, cv->len, el, &cp, ref, sizeof ref);
	if (at.line == 0)
		at = el;
	if (ref[0] != '\0')
		gpd_buf_printf(&b, "%s is a control character (U+%04X)", ref, (unsigned)cp);
	else
		gpd_buf_printf(&b, "a control character (U+%04X)", (unsigned)cp);
	gpd_buf_printf(&b, " in <%s>: it is not text, and is %s every output; remove it",
		(const char *)cv->control_at->name, gpd_utf8_control(cp) == GPD_CONTROL_SPACE ?
		"printed as a space in" : "left out of");
	if (cv->controls > 1)
		gpd_buf_printf(&b, " (and %zu more in this record)", cv->controls - 1);
	gpd_diag_report(diag, name, at.line ? at.line : 1, at.line ? at.col : 1,
		GPD_W_CONTROL_CHAR, b.data ? b.data : "a control character");
	gpd_buf_free(&b);
}

static gpd_pos pos_of(convert *cv, const xmlNode *node)
{
	return gpd_xml_pos_next(&cv->cur, cv->data, cv->len, node);
}

/* The element's own xml:lang, copied (NULL when it has none). The schema
 * lets any attribute of the xml: namespace through (it cannot name
 * xml:lang without fetching xml.xsd); here xml:lang must be a language
 * tag (lang.h: the one rule, as style.xml's) and the others are errors
 * at the element (at: its start tag, found already: the cursor has moved
 * on): xml:space and xml:base would be ignored silently. */
static char *lang_of(convert *cv, const xmlNode *node, gpd_pos at)
{
	char *lang = NULL;

	for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
		xmlChar *v;
		gpd_buf b = {0};

		if (a->ns == NULL || a->ns->href == NULL ||
		    strcmp((const char *)a->ns->href, (const char *)XML_XML_NAMESPACE) != 0)
			continue;
		v = xmlNodeGetContent((const xmlNode *)a);
		if (strcmp((const char *)a->name, "lang") == 0 && v != NULL &&
		    gpd_lang_ok((const char *)v)) {
			free(lang);
			if ((lang = gpd_strdup((const char *)v)) == NULL)
				cv->nomem = 1;
		} else if (strcmp((const char *)a->name, "lang") == 0) {
			gpd_buf_printf(&b, "xml:lang=\"%s\" on <%s> is not a language tag: give a "
				"BCP 47 tag such as pl, bn, ur-PK or zh-Hant", v ? (const char *)v : "",
				(const char *)node->name);
		} else {
			gpd_buf_printf(&b, "xml:%s on <%s> is not part of the record format: of the "
				"xml: attributes a record takes only xml:lang", (const char *)a->name,
				(const char *)node->name);
		}
		if (b.len > 0 || gpd_buf_failed(&b)) {
			gpd_diag_report(cv->diag, cv->name, at.line, at.col, GPD_E_SCHEMA,
				b.data ? b.data : "an xml: attribute the record format does not take");
		}
		gpd_buf_free(&b);
		xmlFree(v);
	}
	return lang;
}

static void *elements(const xmlNode *node)
{
	for (node = node ? node->children : NULL; node; node = node->next)
		if (node->type == XML_ELEMENT_NODE)
			return (void *)node;
	return NULL;
}

static const xmlNode *next_element(const xmlNode *node)
{
	for (node = node->next; node; node = node->next)
		if (node->type == XML_ELEMENT_NODE)
			return node;
	return NULL;
}

static int is(const xmlNode *node, const char *name)
{
	return gpd_xml_is(node, GPD_RECORD_NS, name);
}

/* The index in group g of the option c names (its option attribute, as
 * xmlGetProp finds it), or -1. Read in place when the value is one text,
 * as it always is: a copy of it for each box was 0.6 % of validate's
 * instructions and 15 allocations a record. */
static int option_of(gpd_group g, const xmlNode *c)
{
	xmlChar *copy;
	int i;

	for (const xmlAttr *a = c->properties; a != NULL; a = a->next) {
		if (!xmlStrEqual(a->name, (const xmlChar *)"option"))
			continue;
		if (a->children != NULL && a->children->next == NULL &&
		    a->children->type == XML_TEXT_NODE && a->children->content != NULL)
			return gpd_form_find_id(g, (const char *)a->children->content);
		break;
	}
	copy = xmlGetProp(c, (const xmlChar *)"option");
	i = gpd_form_find_id(g, (const char *)copy);
	xmlFree(copy);
	return i;
}

/* A tick-box group; the schema has already checked every option id. */
static void convert_group(convert *cv, gpd_group g, const xmlNode *node)
{
	gpd_record *rec = cv->rec;

	rec->group_pos[g] = pos_of(cv, node);
	for (const xmlNode *c = elements(node); c; c = next_element(c)) {
		int i = option_of(g, c);

		if (i < 0)
			continue;
		if (is(c, "tick"))
			rec->ticks[g] |= GPD_TICK(i);
		else if (is(c, "specify")) {
			char *text = take_md(cv, c);
			gpd_pos at = pos_of(cv, c);
			char *lang = lang_of(cv, c, at); /* free text: it may be in its own */

			if (text != NULL && gpd_record_add_specified(rec, g, (unsigned)i, text, at) != 0)
				cv->nomem = 1;
			else if (text != NULL) {
				rec->specified[rec->nspecified - 1].lang = lang;
				lang = NULL;
			}
			free(lang);
		}
	}
}

static void convert_criteria(convert *cv, const xmlNode *node)
{
	cv->rec->pos[GPD_FIELD_CRITERIA] = pos_of(cv, node);
	for (const xmlNode *c = elements(node); c; c = next_element(c)) {
		char *text = take_text(cv, c);
		gpd_criterion crit;

		if (text != NULL && gpd_criterion_parse(text, &crit) == 0) {
			crit.pos = pos_of(cv, c);
			if (gpd_record_add_criterion(cv->rec, crit) != 0)
				cv->nomem = 1;
		}
		free(text);
	}
}

static void convert_contact(convert *cv, const xmlNode *node)
{
	cv->rec->pos[GPD_FIELD_CONTACT] = pos_of(cv, node);
	for (const xmlNode *c = elements(node); c; c = next_element(c)) {
		for (int f = 0; f < GPD_CONTACT__COUNT; f++) {
			if (!is(c, gpd_form_contact((gpd_contact_field)f)->element))
				continue;
			free(cv->rec->contact[f]);
			cv->rec->contact[f] = take_text(cv, c);
			cv->rec->contact_pos[f] = pos_of(cv, c);
		}
	}
}

static void convert_attachments(convert *cv, const xmlNode *node)
{
	for (const xmlNode *c = elements(node); c; c = next_element(c)) {
		xmlChar *title = xmlGetProp(c, (const xmlChar *)"title");
		char *t = gpd_strdup((const char *)title);
		char *body = take_md(cv, c);
		size_t n = t != NULL ? gpd_utf8_tame_controls(t, NULL) : 0;
		gpd_pos at = pos_of(cv, c);

		xmlFree(title);
		if (n > 0 && cv->control_at == NULL)
			cv->control_at = c;
		cv->controls += n;
		if (t == NULL || gpd_record_add_attachment(cv->rec, t,
		    body ? body : gpd_strdup(""), at) != 0)
			cv->nomem = 1;
		else
			cv->rec->attachments[cv->rec->nattachments - 1].lang = lang_of(cv, c, at);
	}
}

/* What a child of <record> (or of <evidence>) is: the element names,
 * from the form's tables, sorted once for a binary search. Finding each
 * child by comparing its name with every field's in turn was 2 % of
 * validate's instructions. */
typedef enum child_kind {
	CHILD_LINE, CHILD_GROUP, CHILD_TEXT, CHILD_CRITERIA, CHILD_EVIDENCE,
	CHILD_CONTACT, CHILD_ATTACHMENTS,
} child_kind;

typedef struct child_name {
	const char *name;
	child_kind kind;
	int index; /* the group, the text field, or the line field's place in line_fields */
} child_name;

/* The one-line editorial fields and where each is stored. */
static const struct line_field {
	const char *name;
	gpd_field field;
	size_t off;
} line_fields[] = {
	{"title", GPD_FIELD_TITLE, offsetof(gpd_record, title)},
	{"authority", GPD_FIELD_AUTHORITY, offsetof(gpd_record, authority)},
	{"received", GPD_FIELD_RECEIVED, offsetof(gpd_record, received)},
	{"agency", GPD_FIELD_AGENCY, offsetof(gpd_record, agency)},
};

#define N_LINE_FIELDS (sizeof(line_fields) / sizeof(line_fields[0]))
#define N_CHILD_NAMES (N_LINE_FIELDS + GPD_GROUP__COUNT + GPD_TEXT__COUNT + 4)

static child_name child_names[N_CHILD_NAMES];
static pthread_once_t child_names_once = PTHREAD_ONCE_INIT;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const child_name *)a)->name, ((const child_name *)b)->name);
}

static void sort_child_names(void)
{
	size_t n = 0;

	for (size_t i = 0; i < N_LINE_FIELDS; i++)
		child_names[n++] = (child_name){line_fields[i].name, CHILD_LINE, (int)i};
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		child_names[n++] = (child_name){gpd_form_group((gpd_group)g)->element, CHILD_GROUP, g};
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		child_names[n++] = (child_name){gpd_form_text((gpd_text_field)t)->element,
			CHILD_TEXT, t};
	child_names[n++] = (child_name){"criteria", CHILD_CRITERIA, 0};
	child_names[n++] = (child_name){"evidence", CHILD_EVIDENCE, 0};
	child_names[n++] = (child_name){"contact", CHILD_CONTACT, 0};
	child_names[n++] = (child_name){"attachments", CHILD_ATTACHMENTS, 0};
	qsort(child_names, n, sizeof(child_names[0]), by_name);
	for (size_t i = 1; i < n; i++) /* one name, one field */
		assert(by_name(&child_names[i - 1], &child_names[i]) != 0);
}

/* The child's entry, or NULL for an element outside the record's
 * namespace or not a field. */
static const child_name *child_of(const xmlNode *c)
{
	child_name key;

	if (!in_record_ns(c))
		return NULL;
	key.name = (const char *)c->name;
	return bsearch(&key, child_names, N_CHILD_NAMES, sizeof(child_names[0]), by_name);
}

static void convert_child(convert *cv, const xmlNode *c);

static void convert_evidence(convert *cv, const xmlNode *node)
{
	for (const xmlNode *c = elements(node); c; c = next_element(c))
		convert_child(cv, c);
}

static void convert_child(convert *cv, const xmlNode *c)
{
	const child_name *k = child_of(c);
	const struct line_field *lf;
	char **slot;

	if (k == NULL)
		return;
	switch (k->kind) {
	case CHILD_LINE:
		lf = &line_fields[k->index];
		slot = (char **)((char *)cv->rec + lf->off);
		free(*slot);
		*slot = take_text(cv, c);
		cv->rec->pos[lf->field] = pos_of(cv, c);
		break;
	case CHILD_GROUP:
		convert_group(cv, (gpd_group)k->index, c);
		break;
	case CHILD_TEXT:
		free(cv->rec->text[k->index]);
		cv->rec->text[k->index] = take_md(cv, c);
		cv->rec->text_pos[k->index] = pos_of(cv, c);
		free(cv->rec->text_lang[k->index]);
		cv->rec->text_lang[k->index] = lang_of(cv, c, cv->rec->text_pos[k->index]);
		break;
	case CHILD_CRITERIA:
		convert_criteria(cv, c);
		break;
	case CHILD_EVIDENCE:
		convert_evidence(cv, c);
		break;
	case CHILD_CONTACT:
		convert_contact(cv, c);
		break;
	case CHILD_ATTACHMENTS:
		convert_attachments(cv, c);
		break;
	}
}

static gpd_record *convert_doc(gpd_ingest *in, const char *name,
	const char *data, size_t len, xmlNode *root)
{
	convert cv = {data, len, gpd_record_new(), 0, {0, 0, 0, 0, 0}, 0, NULL, in->diag, name};
	xmlChar *id;

	pthread_once(&child_names_once, sort_child_names);

	if (cv.rec == NULL) {
		gpd_diag_report(in->diag, name, 0, 0, GPD_F_NOMEM, "");
		return NULL;
	}
	id = xmlGetProp(root, (const xmlChar *)"id");
	cv.rec->id = gpd_strdup((const char *)id);
	xmlFree(id);
	cv.rec->path = gpd_strdup(name);
	cv.rec->pos[GPD_FIELD_RECORD] = pos_of(&cv, root);
	cv.rec->lang = lang_of(&cv, root, cv.rec->pos[GPD_FIELD_RECORD]);
	for (const xmlNode *c = elements(root); c; c = next_element(c))
		convert_child(&cv, c);
	if (cv.controls > 0)
		report_controls(&cv, in->diag, name);
	if (cv.nomem || cv.rec->id == NULL || cv.rec->path == NULL) {
		gpd_diag_report(in->diag, name, 0, 0, GPD_F_NOMEM, "");
		gpd_record_free(cv.rec);
		return NULL;
	}
	return cv.rec;
}

/* A copy of data with every line end that is a CR alone (a file from an
 * old Mac, or a program that writes them) made a LF, or NULL when there is
 * none (*nomem set when the copy could not be made). XML reads a lone CR
 * as a line end too, so the record is the same; but libxml2 counts lines
 * by LF only, and every position in such a file would be on line 1. */
static char *lf_lines(const char *data, size_t len, int *nomem)
{
	const char *cr = memchr(data, '\r', len);
	char *copy;

	while (cr != NULL && cr + 1 < data + len && cr[1] == '\n')
		cr = memchr(cr + 2, '\r', len - (size_t)(cr + 2 - data));
	if (cr == NULL)
		return NULL;
	if ((copy = malloc(len + 1)) == NULL) {
		*nomem = 1;
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		copy[i] = data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n') ? '\n' : data[i];
	copy[len] = '\0';
	return copy;
}

gpd_record *gpd_ingest_memory(gpd_ingest *in, const char *name,
	const char *data, size_t len)
{
	xmlDoc *doc;
	gpd_record *rec = NULL;
	char *lf;
	int nomem = 0;

	if (len == 0) {
		gpd_diag_report(in->diag, name, 1, 1, GPD_E_EMPTY_FILE, NULL);
		return NULL;
	}
	if ((lf = lf_lines(data, len, &nomem)) != NULL || nomem) {
		if (nomem) {
			gpd_diag_report(in->diag, name, 0, 0, GPD_F_NOMEM, "");
			return NULL;
		}
		gpd_diag_report(in->diag, name, 1, 1, GPD_W_LINE_ENDINGS, NULL);
		rec = gpd_ingest_memory(in, name, lf, len);
		free(lf);
		return rec;
	}
	doc = gpd_xml_parse_kept(&in->pc, name, data, len, in->diag);
	if (doc == NULL)
		return NULL;
	if (check_root(in, name, xmlDocGetRootElement(doc)) == 0 &&
	    validate(in, name, data, len, doc) == 0)
		rec = convert_doc(in, name, data, len, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return rec;
}

gpd_record *gpd_ingest_file(gpd_ingest *in, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	gpd_record *rec;

	if (gpd_xml_read_file(path, GPD_MAX_FILE_BYTES, &data, &len, in->diag) != 0)
		return NULL;
	rec = gpd_ingest_memory(in, path, data, len);
	if (rec != NULL) {
		rec->source_hash = in->hash ? gpd_hash(GPD_HASH_INIT, data, len) : 0;
		rec->source_bytes = len;
	}
	free(data);
	return rec;
}
