/* publication.c: reads templates/publication.xml, the list of editions to build, against its own schema. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/edition.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlschemas.h>

#include "gpdigest/buf.h"
#include "gpdigest/suggest.h"
#include "gpdigest/utf8.h"
#include "ingest/xml.h"
#include "ingest/xml_msg.h"

static const char xsd[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:p=\"" GPD_PUBLICATION_NS "\"\n"
	"  targetNamespace=\"" GPD_PUBLICATION_NS "\" elementFormDefault=\"qualified\">\n"
	"  <xs:simpleType name=\"line\"><xs:restriction base=\"xs:string\"><xs:minLength value=\"1\"/><xs:maxLength value=\"" GPD_LIMIT_TEXT(GPD_MAX_LINE_CHARS) "\"/><xs:pattern value=\"[^&#10;&#13;]*\"/></xs:restriction></xs:simpleType>\n"
	"  <xs:simpleType name=\"name\"><xs:restriction base=\"xs:string\"><xs:pattern value=\"[a-z0-9]+(-[a-z0-9]+)*\"/><xs:maxLength value=\"60\"/></xs:restriction></xs:simpleType>\n"
	"  <xs:simpleType name=\"output\"><xs:restriction base=\"xs:string\"><xs:pattern value=\"[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?\"/><xs:maxLength value=\"120\"/></xs:restriction></xs:simpleType>\n"
	"  <xs:simpleType name=\"file\"><xs:restriction base=\"xs:string\"><xs:pattern value=\"[A-Za-z0-9_][A-Za-z0-9_.-]*\\.md\"/><xs:maxLength value=\"100\"/></xs:restriction></xs:simpleType>\n"
	"  <xs:simpleType name=\"kind\"><xs:restriction base=\"xs:token\"><xs:enumeration value=\"compendium\"/><xs:enumeration value=\"digest\"/><xs:enumeration value=\"handout\"/></xs:restriction></xs:simpleType>\n"
	"  <xs:simpleType name=\"each\"><xs:restriction base=\"xs:token\"><xs:enumeration value=\"region\"/><xs:enumeration value=\"authority\"/></xs:restriction></xs:simpleType>\n"
	"  <xs:element name=\"publication\">\n"
	"    <xs:complexType>\n"
	"      <xs:sequence>\n"
	"        <xs:element name=\"title\" type=\"p:line\"/>\n"
	"        <xs:element name=\"publisher\" type=\"p:line\"/>\n"
	"        <xs:element name=\"subject\" type=\"p:line\" minOccurs=\"0\"/>\n"
	"        <xs:element name=\"keywords\" type=\"p:line\" minOccurs=\"0\"/>\n"
	"        <xs:element name=\"edition\" maxOccurs=\"1000\">\n"
	"          <xs:complexType>\n"
	"            <xs:sequence>\n"
	"              <xs:element name=\"select\" minOccurs=\"0\" maxOccurs=\"100\">\n"
	"                <xs:complexType>\n"
	"                  <xs:attribute name=\"region\" type=\"p:line\"/>\n"
	"                  <xs:attribute name=\"authority\" type=\"p:line\"/>\n"
	"                  <xs:attribute name=\"criterion\" type=\"p:line\"/>\n"
	"                  <xs:attribute name=\"outcome\" type=\"p:line\"/>\n"
	"                  <xs:attribute name=\"target\" type=\"p:line\"/>\n"
	"                  <xs:attribute name=\"agency-type\" type=\"p:line\"/>\n"
	"                </xs:complexType>\n"
	"              </xs:element>\n"
	"            </xs:sequence>\n"
	"            <xs:attribute name=\"name\" type=\"p:name\" use=\"required\"/>\n"
	"            <xs:attribute name=\"kind\" type=\"p:kind\" default=\"compendium\"/>\n"
	"            <xs:attribute name=\"each\" type=\"p:each\"/>\n"
	"            <xs:attribute name=\"title\" type=\"p:line\" use=\"required\"/>\n"
	"            <xs:attribute name=\"output\" type=\"p:output\" use=\"required\"/>\n"
	"            <xs:attribute name=\"cover\" type=\"p:file\" default=\"cover.md\"/>\n"
	"            <xs:attribute name=\"introduction\" type=\"p:file\" default=\"introduction.md\"/>\n"
	"          </xs:complexType>\n"
	"        </xs:element>\n"
	"      </xs:sequence>\n"
	"      <xs:attribute name=\"version\" type=\"xs:token\" fixed=\"1\" use=\"required\"/>\n"
	"    </xs:complexType>\n"
	"    <xs:unique name=\"edition-name\"><xs:selector xpath=\"p:edition\"/><xs:field xpath=\"@name\"/></xs:unique>\n"
	"    <xs:unique name=\"edition-output\"><xs:selector xpath=\"p:edition\"/><xs:field xpath=\"@output\"/></xs:unique>\n"
	"  </xs:element>\n"
	"</xs:schema>\n";

typedef struct reader {
	const char *name;
	const char *data;
	size_t len;
	gpd_diag *diag;
	int errors;
	int nomem; /* an attribute there could not be copied (attr) */
} reader;

/* The schema above in words, for its messages: what each attribute
 * takes (by the attribute's name: each name has one type), and each
 * element's attributes. */
static const struct { const char *attribute, *takes; } takes[] = {
	{"name", "lowercase letters, digits and single hyphens, at most 60: north-west"},
	{"output", "a path in the output folder: lowercase letters, digits and single hyphens, "
		"with at most one '/', at most 120 characters: compendium, digests/north-west"},
	{"cover", "a CommonMark file in templates/: letters, digits, '_', '.' and '-', "
		"ending in .md"},
	{"introduction", "a CommonMark file in templates/: letters, digits, '_', '.' and '-', "
		"ending in .md"},
	{"kind", "compendium, digest or handout"},
	{"each", "region or authority"},
	{"version", "1"},
};
static const char *const edition_attrs[] = { "name", "kind", "each", "title", "output", "cover",
	"introduction" };
static const char *const select_attrs[] = { "region", "authority", "criterion", "outcome",
	"target", "agency-type" };

static const char *takes_of(const char *attribute)
{
	for (size_t i = 0; attribute && i < sizeof takes / sizeof *takes; i++)
		if (strcmp(takes[i].attribute, attribute) == 0)
			return takes[i].takes;
	return NULL;
}

/* "; did you mean 'x'?" for an attribute <element> does not have. */
static void suggest_attr(gpd_buf *b, const char *element, const char *attribute)
{
	const char *hit = NULL;

	if (element && strcmp(element, "edition") == 0)
		hit = gpd_suggest(attribute, edition_attrs, sizeof edition_attrs / sizeof *edition_attrs);
	else if (element && strcmp(element, "select") == 0)
		hit = gpd_suggest(attribute, select_attrs, sizeof select_attrs / sizeof *select_attrs);
	if (hit)
		gpd_buf_printf(b, ": did you mean '%s'?", hit);
}

/* A schema message as an editor reads it: the attribute, what it was
 * given and what it takes, instead of libxml2's facets and patterns. */
static void explain(gpd_buf *b, const gpd_xml_msg *m)
{
	const char *el = m->element ? m->element : "?", *t = takes_of(m->attribute);

	switch (m->kind) {
	case GPD_XML_MSG_PATTERN:
	case GPD_XML_MSG_ENUMERATION:
	case GPD_XML_MSG_FIXED:
		if (m->attribute && m->value && t) {
			gpd_buf_printf(b, "<%s %s=\"%s\">: %s takes %s", el, m->attribute, m->value,
				m->attribute, t);
			return;
		}
		break;
	case GPD_XML_MSG_ATTR_UNKNOWN:
		if (m->attribute) {
			gpd_buf_printf(b, "<%s> has no attribute '%s'", el, m->attribute);
			suggest_attr(b, el, m->attribute);
			return;
		}
		break;
	case GPD_XML_MSG_ATTR_MISSING:
		if (m->attribute) {
			gpd_buf_printf(b, "<%s> needs %s=\"...\"", el, m->attribute);
			if (t)
				gpd_buf_printf(b, " (%s)", t);
			return;
		}
		break;
	case GPD_XML_MSG_TOO_LONG: /* the message quotes a long attribute, cut short */
		if (m->attribute)
			gpd_buf_printf(b, "<%s>'s %s is %lu characters long; it holds at most %lu",
				el, m->attribute, m->length, m->max);
		else
			gpd_buf_printf(b, "<%s> is %lu characters long; it holds at most %lu", el,
				m->length, m->max);
		return;
	case GPD_XML_MSG_DUPLICATE:
		if (m->value && m->want) {
			gpd_buf_printf(b, "two editions have the %s \"%s\": each needs its own",
				strcmp(m->want, "edition-output") == 0 ? "output" : "name", m->value);
			return;
		}
		break;
	default:
		break;
	}
	gpd_buf_puts(b, m->text && *m->text ? m->text : "invalid");
}

static void on_schema_error(void *ctx, xmlErrorPtr err)
{
	reader *r = ctx;
	const xmlNode *node = err->node;
	gpd_pos pos;
	gpd_buf b = {0};
	gpd_xml_msg m;

	m = gpd_xml_msg_read(err, GPD_PUBLICATION_NS);
	/* the consequence of an error already reported (a key with no value:
	 * libxml2's "something strange happened"), not news */
	if (m.kind == GPD_XML_MSG_IDC_NO_VALUE || ++r->errors > GPD_MAX_SCHEMA_ERRORS) {
		gpd_xml_msg_free(&m);
		return;
	}
	pos = gpd_xml_msg_pos(r->data, r->len, err->line, node);
	explain(&b, &m);
	gpd_diag_report(r->diag, r->name, pos.line, pos.col, GPD_E_PUBLICATION,
		gpd_buf_failed(&b) ? "invalid" : b.data);
	gpd_buf_free(&b);
	gpd_xml_msg_free(&m);
}

static int validate(reader *r, xmlDoc *doc)
{
	int nomem = 0;
	xmlSchemaPtr schema = gpd_xml_schema_compile(xsd, sizeof(xsd) - 1, &nomem);
	xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
	int rc = -1;

	if (vc != NULL) {
		xmlSchemaSetValidStructuredErrors(vc, on_schema_error, r);
		rc = xmlSchemaValidateDoc(vc, doc);
		if (rc != 0 && r->errors == 0)
			gpd_diag_report(r->diag, r->name, 1, 1, GPD_E_PUBLICATION, "not a valid publication file");
	} else if (nomem || schema != NULL) {
		gpd_diag_report(r->diag, r->name, 0, 0, GPD_F_NOMEM, "");
	} else {
		gpd_diag_report(r->diag, r->name, 0, 0, GPD_F_INTERNAL, "publication schema");
	}
	if (vc)
		xmlSchemaFreeValidCtxt(vc);
	if (schema)
		xmlSchemaFree(schema);
	return rc == 0 ? 0 : -1;
}

/* An attribute's value, NULL when it is absent; one that is there but
 * could not be copied sets r->nomem (read as absent, an each="region" or
 * a filter left out would build other editions, and say nothing). */
static char *attr(reader *r, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = gpd_strdup((const char *)v);

	r->nomem |= v != NULL && s == NULL;
	xmlFree(v);
	return s;
}

/* The <select> attributes become filter values; a bad value is reported
 * at the select's line with the list of valid ones. */
static int read_select(reader *r, const xmlNode *sel, gpd_filter *f)
{
	for (int k = 0; k < GPD_FILTER__COUNT; k++) {
		char *v = attr(r, sel, gpd_filter_kind_name((gpd_filter_kind)k));
		gpd_buf why = {0};
		int rc;

		if (r->nomem) {
			gpd_diag_report(r->diag, r->name, 0, 0, GPD_F_NOMEM, "");
			return -1;
		}
		if (v == NULL)
			continue;
		rc = gpd_filter_add(f, (gpd_filter_kind)k, v, &why);
		free(v);
		if (rc != 0) {
			gpd_pos pos = gpd_xml_pos(r->data, r->len, sel);
			gpd_diag_report(r->diag, r->name, pos.line, pos.col,
				rc == -2 ? GPD_F_NOMEM : GPD_E_PUBLICATION, why.data ? why.data : "");
			gpd_buf_free(&why);
			return -1;
		}
		gpd_buf_free(&why);
	}
	return 0;
}

static int read_edition(reader *r, const xmlNode *n, gpd_edition_def *e)
{
	char *kind = attr(r, n, "kind"), *each = attr(r, n, "each");

	e->pos = gpd_xml_pos(r->data, r->len, n);
	e->name = attr(r, n, "name");
	e->title = attr(r, n, "title");
	e->output = attr(r, n, "output");
	/* The schema's defaults are not written into the tree: apply them. */
	e->cover = attr(r, n, "cover");
	if (e->cover == NULL)
		e->cover = gpd_strdup("cover.md");
	e->introduction = attr(r, n, "introduction");
	if (e->introduction == NULL)
		e->introduction = gpd_strdup("introduction.md");
	e->kind = kind && strcmp(kind, "digest") == 0 ? GPD_EDITION_DIGEST :
		kind && strcmp(kind, "handout") == 0 ? GPD_EDITION_HANDOUT : GPD_EDITION_COMPENDIUM;
	e->each = each == NULL ? GPD_EACH_NONE :
		strcmp(each, "region") == 0 ? GPD_EACH_REGION : GPD_EACH_AUTHORITY;
	free(kind);
	free(each);
	if (!e->name || !e->title || !e->output || !e->cover || !e->introduction || r->nomem) {
		gpd_diag_report(r->diag, r->name, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	if (gpd_utf8_visibly_empty(e->title)) { /* the schema takes " " */
		gpd_pos pos = gpd_xml_pos(r->data, r->len, n);

		gpd_diag_report(r->diag, r->name, pos.line, pos.col, GPD_E_PUBLICATION,
			"<edition title=\"...\"> is empty (or shows nothing: blanks, zero width "
			"spaces...): the edition's cover, first heading and PDF title print it");
		return -1;
	}
	for (const xmlNode *c = n->children; c; c = c->next)
		if (gpd_xml_is(c, GPD_PUBLICATION_NS, "select") && read_select(r, c, &e->filter) != 0)
			return -1;
	return 0;
}

/* The text of root's child name (NULL when it has none, or it shows
 * nothing: gpd_xml_text). A required one (the title, the publisher) that
 * shows nothing is an error at it: the schema lets blanks and zero width
 * spaces through, and they were told as "out of memory". -1 when so, or
 * out of memory. */
static int child_text(reader *r, const xmlNode *root, const char *name, int required,
	char **out)
{
	int nomem = 0;

	*out = NULL;
	for (const xmlNode *c = root->children; c; c = c->next) {
		gpd_pos pos;
		gpd_buf b = {0};

		if (!gpd_xml_is(c, GPD_PUBLICATION_NS, name))
			continue;
		if ((*out = gpd_xml_text(c, 1, &nomem, NULL)) != NULL || nomem || !required)
			break;
		pos = gpd_xml_pos(r->data, r->len, c);
		gpd_buf_printf(&b, "<%s> is empty (or shows nothing: blanks, zero width spaces...): "
			"every edition prints it; give it its words", name);
		gpd_diag_report(r->diag, r->name, pos.line, pos.col, GPD_E_PUBLICATION,
			b.data ? b.data : name);
		gpd_buf_free(&b);
		return -1;
	}
	if (nomem)
		gpd_diag_report(r->diag, r->name, 0, 0, GPD_F_NOMEM, "");
	return nomem ? -1 : 0;
}

static int read_root(reader *r, const xmlNode *root, gpd_publication *pub)
{
	size_t count = 0;

	if (child_text(r, root, "title", 1, &pub->title) != 0 ||
	    child_text(r, root, "publisher", 1, &pub->publisher) != 0 ||
	    child_text(r, root, "subject", 0, &pub->subject) != 0 ||
	    child_text(r, root, "keywords", 0, &pub->keywords) != 0)
		return -1;
	for (const xmlNode *c = root->children; c; c = c->next)
		count += gpd_xml_is(c, GPD_PUBLICATION_NS, "edition");
	pub->editions = calloc(count ? count : 1, sizeof(*pub->editions));
	if (pub->editions == NULL || pub->title == NULL || pub->publisher == NULL) {
		gpd_diag_report(r->diag, r->name, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (!gpd_xml_is(c, GPD_PUBLICATION_NS, "edition"))
			continue;
		if (read_edition(r, c, &pub->editions[pub->n++]) != 0)
			return -1;
	}
	return 0;
}

gpd_publication *gpd_publication_parse(const char *name, const char *data,
	size_t len, gpd_diag *diag)
{
	reader r = {name, data, len, diag, 0, 0};
	xmlDoc *doc = gpd_xml_parse(name, data, len, diag);
	gpd_publication *pub = NULL;
	xmlNode *root;

	if (doc == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (!gpd_xml_is(root, GPD_PUBLICATION_NS, "publication")) {
		gpd_diag_report(diag, name, root ? (unsigned)xmlGetLineNo(root) : 1, 1,
			GPD_E_PUBLICATION, "the root must be <publication xmlns=\"" GPD_PUBLICATION_NS "\">");
	} else if (validate(&r, doc) == 0) {
		pub = calloc(1, sizeof(*pub));
		if (pub == NULL || (pub->path = gpd_strdup(name)) == NULL ||
		    read_root(&r, root, pub) != 0) {
			if (pub == NULL || pub->path == NULL)
				gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
			gpd_publication_free(pub);
			pub = NULL;
		}
	}
	xmlFreeDoc(doc);
	return pub;
}

gpd_publication *gpd_publication_load(const char *path, gpd_diag *diag)
{
	char *data = NULL;
	size_t len = 0;
	gpd_publication *pub;

	gpd_xml_harden();
	if (gpd_xml_read_file(path, GPD_MAX_FILE_BYTES, &data, &len, diag) != 0)
		return NULL;
	pub = gpd_publication_parse(path, data, len, diag);
	free(data);
	return pub;
}

void gpd_publication_free(gpd_publication *pub)
{
	if (pub == NULL)
		return;
	for (size_t i = 0; i < pub->n; i++) {
		gpd_edition_def *e = &pub->editions[i];
		free(e->name);
		free(e->title);
		free(e->output);
		free(e->cover);
		free(e->introduction);
		gpd_filter_free(&e->filter);
	}
	free(pub->editions);
	free(pub->path);
	free(pub->title);
	free(pub->publisher);
	free(pub->subject);
	free(pub->keywords);
	free(pub);
}
