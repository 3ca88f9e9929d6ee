/* ingest.c: record files to the model: hardened parse, XSD validation, conversion. */
#include "gpdigest/ingest.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlschemas.h>

#include "gpdigest/buf.h"
#include "gpdigest/hash.h"
#include "gpdigest/schema.h"
#include "ingest/explain.h"
#include "ingest/xml.h"
#include "ingest/xml_msg.h"

struct gpd_ingest {
	gpd_diag *diag;
	xmlSchemaPtr schema;
};

/* What a conversion needs to hand: the source (for columns) and the result. */
typedef struct convert {
	const char *data;
	size_t len;
	gpd_record *rec;
	int nomem;
	gpd_xml_cursor cur; /* nodes are positioned in document order */
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
	char *xsd = gpd_schema_xsd();
	int nomem = 0;

	gpd_xml_harden();
	if (in == NULL || xsd == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		goto fail;
	}
	in->diag = diag;
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

void gpd_ingest_free(gpd_ingest *in)
{
	if (in == NULL)
		return;
	if (in->schema != NULL)
		xmlSchemaFree(in->schema);
	free(in);
}

/* A free-text field over the schema's 1 MiB cap is a resource limit, not
 * a form error: it is worded as one. NULL for every other error. */
static char *field_too_long(const gpd_xml_msg *m, const xmlNode *node)
{
	gpd_buf b = {0};

	if (m->kind != GPD_XML_MSG_TOO_LONG || node == NULL ||
	    node->type != XML_ELEMENT_NODE || m->max < GPD_MAX_TEXT_CHARS)
		return NULL;
	gpd_buf_printf(&b, "the text of <%s> is %lu characters long; one field may hold at "
		"most %lu characters (1 MiB): move the rest into an attachment or shorten it",
		(const char *)node->name, m->length, m->max);
	return gpd_buf_take(&b);
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
	gpd_pos pos = {err->line > 0 ? (unsigned)err->line : 1, 1};
	gpd_xml_msg m = gpd_xml_msg_read(err, GPD_RECORD_NS);
	char *msg = NULL;

	/* the consequence of an error already reported, not news */
	if (m.kind == GPD_XML_MSG_IDC_NO_VALUE || st->errors >= GPD_MAX_SCHEMA_ERRORS) {
		st->errors += m.kind != GPD_XML_MSG_IDC_NO_VALUE;
		gpd_xml_msg_free(&m);
		return;
	}
	if (node != NULL && node->type == XML_ELEMENT_NODE) {
		gpd_pos at = gpd_xml_pos(st->data, st->len, node);
		if (at.line == pos.line)
			pos = at;
	}
	if ((msg = field_too_long(&m, node)) != NULL) {
		st->errors++;
		gpd_diag_report(st->diag, st->name, pos.line, pos.col, GPD_E_LIMIT, msg);
	} else if ((msg = wording(&m, node, st->name, st->diag)) != NULL &&
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
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(in->schema);
	int rc;

	if (vc == NULL) {
		gpd_diag_report(in->diag, name, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_schema_error, &st);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	free(st.last);
	if (rc != 0 && st.errors == 0)
		gpd_diag_report(in->diag, name, 1, 1, GPD_E_SCHEMA, "the record is not valid");
	return rc == 0 ? 0 : -1;
}

static char *take_text(convert *cv, const xmlNode *node)
{
	return gpd_xml_text(node, 1, &cv->nomem);
}

static gpd_pos pos_of(convert *cv, const xmlNode *node)
{
	return gpd_xml_pos_next(&cv->cur, cv->data, cv->len, node);
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

/* A tick-box group; the schema has already checked every option id. */
static void convert_group(convert *cv, gpd_group g, const xmlNode *node)
{
	gpd_record *rec = cv->rec;

	rec->group_pos[g] = pos_of(cv, node);
	for (const xmlNode *c = elements(node); c; c = next_element(c)) {
		xmlChar *opt = xmlGetProp(c, (const xmlChar *)"option");
		int i = gpd_form_find_id(g, (const char *)opt);

		xmlFree(opt);
		if (i < 0)
			continue;
		if (is(c, "tick"))
			rec->ticks[g] |= GPD_TICK(i);
		else if (is(c, "specify")) {
			char *text = take_text(cv, c);
			if (text != NULL && gpd_record_add_specified(rec, g,
			    (unsigned)i, text, pos_of(cv, c)) != 0)
				cv->nomem = 1;
		}
	}
}

static int group_of(const xmlNode *node)
{
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if (is(node, gpd_form_group((gpd_group)g)->element))
			return g;
	return -1;
}

static int text_of(const xmlNode *node)
{
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		if (is(node, gpd_form_text((gpd_text_field)t)->element))
			return t;
	return -1;
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
		char *body = take_text(cv, c);

		xmlFree(title);
		if (t == NULL || gpd_record_add_attachment(cv->rec, t,
		    body ? body : gpd_strdup(""), pos_of(cv, c)) != 0)
			cv->nomem = 1;
	}
}

/* A one-line editorial field; returns where to store it or NULL. */
static char **line_field(gpd_record *rec, const xmlNode *node, gpd_field *f)
{
	static const struct { const char *name; gpd_field field; size_t off; } map[] = {
		{"title", GPD_FIELD_TITLE, offsetof(gpd_record, title)},
		{"authority", GPD_FIELD_AUTHORITY, offsetof(gpd_record, authority)},
		{"received", GPD_FIELD_RECEIVED, offsetof(gpd_record, received)},
		{"agency", GPD_FIELD_AGENCY, offsetof(gpd_record, agency)},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (is(node, map[i].name)) {
			*f = map[i].field;
			return (char **)((char *)rec + map[i].off);
		}
	return NULL;
}

static void convert_child(convert *cv, const xmlNode *c);

static void convert_evidence(convert *cv, const xmlNode *node)
{
	for (const xmlNode *c = elements(node); c; c = next_element(c))
		convert_child(cv, c);
}

static void convert_child(convert *cv, const xmlNode *c)
{
	gpd_field f;
	char **slot;
	int k;

	if ((slot = line_field(cv->rec, c, &f)) != NULL) {
		free(*slot);
		*slot = take_text(cv, c);
		cv->rec->pos[f] = pos_of(cv, c);
	} else if ((k = group_of(c)) >= 0) {
		convert_group(cv, (gpd_group)k, c);
	} else if ((k = text_of(c)) >= 0) {
		free(cv->rec->text[k]);
		cv->rec->text[k] = take_text(cv, c);
		cv->rec->text_pos[k] = pos_of(cv, c);
	} else if (is(c, "criteria")) {
		convert_criteria(cv, c);
	} else if (is(c, "evidence")) {
		convert_evidence(cv, c);
	} else if (is(c, "contact")) {
		convert_contact(cv, c);
	} else if (is(c, "attachments")) {
		convert_attachments(cv, c);
	}
}

static gpd_record *convert_doc(gpd_ingest *in, const char *name,
	const char *data, size_t len, xmlNode *root)
{
	convert cv = {data, len, gpd_record_new(), 0, {0, 0, 0, 0}};
	xmlChar *id;

	if (cv.rec == NULL) {
		gpd_diag_report(in->diag, name, 0, 0, GPD_F_NOMEM, "");
		return NULL;
	}
	id = xmlGetProp(root, (const xmlChar *)"id");
	cv.rec->id = gpd_strdup((const char *)id);
	xmlFree(id);
	cv.rec->path = gpd_strdup(name);
	cv.rec->pos[GPD_FIELD_RECORD] = pos_of(&cv, root);
	for (const xmlNode *c = elements(root); c; c = next_element(c))
		convert_child(&cv, c);
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
	doc = gpd_xml_parse(name, data, len, in->diag);
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
		rec->source_hash = gpd_hash(GPD_HASH_INIT, data, len);
		rec->source_bytes = len;
	}
	free(data);
	return rec;
}
