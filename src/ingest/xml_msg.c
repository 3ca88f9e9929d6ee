/* xml_msg.c: libxml2's error messages, read in one place: its wording is libxml2's, so every assumption about it is here and tested (tests/unit/test_xml_msg.c). */
#include "ingest/xml_msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"

/* libxml2 writes a qualified name as {namespace}local: ns's prefix is taken
 * out, as is the newline (and any space) the message ends with. */
static char *tidy(const char *msg, const char *ns)
{
	size_t nslen = ns ? strlen(ns) : 0;
	gpd_buf b = {0};

	gpd_buf_puts(&b, ""); /* an empty message is "", not NULL */
	static const char xml_ns[] = "{http://www.w3.org/XML/1998/namespace}";

	while (*msg) {
		if (nslen && msg[0] == '{' && strncmp(msg + 1, ns, nslen) == 0 &&
		    msg[nslen + 1] == '}') {
			msg += nslen + 2;
		} else if (strncmp(msg, xml_ns, sizeof(xml_ns) - 1) == 0) {
			gpd_buf_puts(&b, "xml:"); /* as it is written: xml:lang */
			msg += sizeof(xml_ns) - 1;
		} else
			gpd_buf_putc(&b, *msg++);
	}
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	return gpd_buf_take(&b);
}

/* "... [facet 'maxLength'] The value has a length of '12'; this exceeds
 * the allowed maximum length of '10'.", whose two numbers libxml2 also
 * passes as str2 and str3: read there first, as the message quotes the
 * value of an attribute and is cut at 150 bytes (a 2 MB title attribute
 * was told as "The value 'TTTT", not its length). */
static int too_long(const xmlError *err, const char *msg, unsigned long *length,
	unsigned long *max)
{
	const char *has = strstr(msg, "has a length of '");
	const char *lim = strstr(msg, "maximum length of '");
	char end;

	if (err->str2 != NULL && err->str3 != NULL &&
	    sscanf(err->str2, "%lu%c", length, &end) == 1 && sscanf(err->str3, "%lu%c", max, &end) == 1)
		return 1;
	return has && lim && sscanf(has, "has a length of '%lu'", length) == 1 &&
	       sscanf(lim, "maximum length of '%lu'", max) == 1;
}

/* The quoted word after prefix at the start of *s ("Element 'x'"): a copy,
 * with *s moved past its closing quote. NULL when *s does not start so. */
static char *quoted_after(const char **s, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *end;
	gpd_buf b = {0};
	char *word;

	if (strncmp(*s, prefix, n) != 0 || (end = strchr(*s + n, '\'')) == NULL)
		return NULL;
	gpd_buf_append(&b, *s + n, (size_t)(end - (*s + n)));
	*s = end + 1;
	word = gpd_buf_take(&b);
	return word ? word : gpd_strdup("");
}

/* A schema message starts "Element 'NAME'" and, about an attribute,
 * ", attribute 'NAME'", then ": ". */
static void read_subject(gpd_xml_msg *m)
{
	const char *s = m->text;

	if ((m->element = quoted_after(&s, "Element '")) != NULL)
		m->attribute = quoted_after(&s, ", attribute '");
}

/* "Expected is ( a, b )." or "Expected is one of ( a, b )." as "a, b". */
static char *expected_list(const char *text)
{
	const char *open = strstr(text, "Expected is"), *close;
	gpd_buf b = {0};

	if (open == NULL || (open = strchr(open, '(')) == NULL ||
	    (close = strchr(open, ')')) == NULL)
		return NULL;
	for (open++; open < close && *open == ' '; open++)
		;
	while (close > open && close[-1] == ' ')
		close--;
	gpd_buf_append(&b, open, (size_t)(close - open));
	return gpd_buf_take(&b);
}

/* str1 of a duplicate key is "['london']": the value inside. */
static char *key_value(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	gpd_buf b = {0};

	if (n >= 4 && strncmp(s, "['", 2) == 0 && strcmp(s + n - 2, "']") == 0)
		gpd_buf_append(&b, s + 2, n - 4);
	else
		gpd_buf_puts(&b, s ? s : "");
	return gpd_buf_take(&b);
}

/* The constraint's own name, out of "unique identity-constraint 'x'". */
static char *constraint_name(const char *text)
{
	const char *s = strstr(text, "identity-constraint '");
	const char *q = s ? strchr(s, '\'') : NULL;

	return q ? quoted_after(&q, "'") : NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? gpd_strdup(s) : NULL;
}

static void read_schema(gpd_xml_msg *m, const xmlError *err, const char *ns)
{
	read_subject(m);
	switch (err->code) {
	case XML_SCHEMAV_CVC_PATTERN_VALID:
		m->kind = GPD_XML_MSG_PATTERN;
		m->value = dup_or_null(err->str1);
		m->want = dup_or_null(err->str2);
		break;
	case XML_SCHEMAV_CVC_ENUMERATION_VALID:
		m->kind = GPD_XML_MSG_ENUMERATION;
		m->value = dup_or_null(err->str1);
		m->want = dup_or_null(err->str2);
		break;
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1: {
		const char *t = strstr(m->text, "atomic type '");

		m->kind = GPD_XML_MSG_BAD_VALUE;
		m->value = dup_or_null(err->str1);
		m->want = t ? quoted_after(&t, "atomic type '") : NULL;
		break;
	}
	case XML_SCHEMAV_CVC_AU:
		m->kind = GPD_XML_MSG_FIXED;
		m->value = dup_or_null(err->str1);
		m->want = dup_or_null(err->str2);
		break;
	case XML_SCHEMAV_ELEMENT_CONTENT:
		m->kind = strstr(m->text, "Missing child element") ? GPD_XML_MSG_MISSING_CHILD :
			strstr(m->text, "is not expected") ? GPD_XML_MSG_UNEXPECTED : GPD_XML_MSG_PLAIN;
		m->expected = expected_list(m->text);
		break;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
		m->kind = GPD_XML_MSG_TEXT_IN_ELEMENTS;
		break;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
		m->kind = GPD_XML_MSG_TEXT_IN_EMPTY;
		break;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
		m->kind = GPD_XML_MSG_ATTR_MISSING;
		free(m->attribute);
		m->attribute = dup_or_null(err->str1);
		break;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
	case XML_SCHEMAV_CVC_TYPE_3_1_1: /* an attribute on an element of text alone */
		m->kind = GPD_XML_MSG_ATTR_UNKNOWN;
		break;
	case XML_SCHEMAV_CVC_IDC:
		/* after a bad value in an xs:unique field libxml2 adds "Warning: No
		 * precomputed value available, the value was either invalid or
		 * something strange happened" */
		if (strstr(m->text, "No precomputed value") != NULL) {
			m->kind = GPD_XML_MSG_IDC_NO_VALUE;
		} else if (strstr(m->text, "Duplicate key-sequence") != NULL) {
			char *name = err->str2 ? tidy(err->str2, ns) : NULL;

			m->kind = GPD_XML_MSG_DUPLICATE;
			m->value = key_value(err->str1);
			m->want = name ? constraint_name(name) : NULL;
			free(name);
		}
		break;
	case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
		if (too_long(err, m->text, &m->length, &m->max))
			m->kind = GPD_XML_MSG_TOO_LONG;
		break;
	default:
		break;
	}
}

/* The parser's messages (XML_FROM_PARSER), by code and, where one code
 * means several things, by its words. */
static void read_parser(gpd_xml_msg *m, const xmlError *err)
{
	switch (err->code) {
	case XML_ERR_NAME_REQUIRED:
		/* "xmlParseEntityRef: no name" after a bare &; "StartTag:
		 * invalid element name" after a bare < */
		if (strstr(m->text, "EntityRef") != NULL)
			m->kind = GPD_XML_MSG_BARE_AMP;
		else if (strstr(m->text, "StartTag") != NULL)
			m->kind = GPD_XML_MSG_BARE_LT;
		break;
	case XML_ERR_ENTITYREF_SEMICOL_MISSING:
		m->kind = GPD_XML_MSG_BARE_AMP;
		break;
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		m->kind = GPD_XML_MSG_UNKNOWN_ENTITY;
		m->value = dup_or_null(err->str1);
		break;
	case XML_ERR_INVALID_CHAR:
		/* "PCDATA invalid Char value 27", "xmlParseCharRef: invalid
		 * xmlChar value 27": the character in int1 (a NUL, 0, is
		 * reported where the file is read) */
		if (err->int1 > 0) {
			m->kind = GPD_XML_MSG_BAD_CHAR;
			m->cp = (unsigned long)err->int1;
		}
		break;
	case XML_ERR_TAG_NAME_MISMATCH:
		m->kind = GPD_XML_MSG_TAG_MISMATCH;
		m->element = dup_or_null(err->str1);
		m->value = dup_or_null(err->str2);
		m->line = err->int1 > 0 ? (unsigned long)err->int1 : 0;
		break;
	case XML_ERR_TAG_NOT_FINISHED:
		m->kind = GPD_XML_MSG_CUT_SHORT;
		m->element = dup_or_null(err->str1);
		m->line = err->int1 > 0 ? (unsigned long)err->int1 : 0;
		break;
	case XML_ERR_ATTRIBUTE_NOT_STARTED:
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
		m->kind = GPD_XML_MSG_UNQUOTED;
		break;
	case XML_ERR_DOCUMENT_END:
		m->kind = GPD_XML_MSG_AFTER_ROOT;
		break;
	case XML_ERR_DOCUMENT_EMPTY:
		m->kind = GPD_XML_MSG_NO_ROOT;
		break;
	default:
		break;
	}
}

gpd_xml_msg gpd_xml_msg_read(const xmlError *err, const char *ns)
{
	gpd_xml_msg m = {0};

	if (err == NULL || err->message == NULL)
		return m;
	if ((m.text = tidy(err->message, ns)) == NULL)
		return m;
	if (err->domain == XML_FROM_SCHEMASV)
		read_schema(&m, err, ns);
	else
		read_parser(&m, err);
	return m;
}

void gpd_xml_msg_free(gpd_xml_msg *m)
{
	free(m->text);
	free(m->element);
	free(m->attribute);
	free(m->value);
	free(m->want);
	free(m->expected);
	*m = (gpd_xml_msg){0};
}
