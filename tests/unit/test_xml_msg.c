/* test_xml_msg.c: cmocka tests of gpd_xml_msg_read, on the message shapes libxml2 writes and on messages this libxml2 writes now. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "ingest/xml_msg.h"

#define NS "urn:x-test"

static void expect(int code, const char *message, const char *ns, gpd_xml_msg_kind kind,
	const char *text)
{
	gpd_xml_msg m = gpd_xml_msg_read(code, message, ns);

	assert_int_equal(m.kind, kind);
	if (text == NULL)
		assert_null(m.text);
	else
		assert_string_equal(m.text, text);
	free(m.text);
}

/* The shapes as libxml2 2.9 words them. */
static void test_shapes(void **state)
{
	gpd_xml_msg m;

	(void)state;
	m = gpd_xml_msg_read(XML_SCHEMAV_CVC_MAXLENGTH_VALID,
		"Element '{" NS "}purpose': [facet 'maxLength'] The value has a length of "
		"'1048577'; this exceeds the allowed maximum length of '1048576'.\n", NS);
	assert_int_equal(m.kind, GPD_XML_MSG_TOO_LONG);
	assert_int_equal(m.length, 1048577);
	assert_int_equal(m.max, 1048576);
	assert_string_equal(m.text, "Element 'purpose': [facet 'maxLength'] The value has a "
		"length of '1048577'; this exceeds the allowed maximum length of '1048576'.");
	free(m.text);

	/* the IDC warning that follows a bad value in a unique field */
	expect(XML_SCHEMAV_CVC_IDC, "Element '{" NS "}tick', attribute 'option': Warning: No "
		"precomputed value available, the value was either invalid or something strange "
		"happened.\n", NS, GPD_XML_MSG_IDC_NO_VALUE, "Element 'tick', attribute 'option': "
		"Warning: No precomputed value available, the value was either invalid or "
		"something strange happened.");
	/* another IDC message is news */
	expect(XML_SCHEMAV_CVC_IDC, "Element '{" NS "}regions': Duplicate key-sequence "
		"['london'] in unique identity-constraint '{" NS "}regions-once'.\n", NS,
		GPD_XML_MSG_PLAIN, "Element 'regions': Duplicate key-sequence ['london'] in unique "
		"identity-constraint 'regions-once'.");
	/* the words without the code, or the code without the numbers: plain */
	expect(XML_SCHEMAV_CVC_LENGTH_VALID, "The value has a length of '3'; this exceeds the "
		"allowed maximum length of '2'.", NULL, GPD_XML_MSG_PLAIN, "The value has a length "
		"of '3'; this exceeds the allowed maximum length of '2'.");
	expect(XML_SCHEMAV_CVC_MAXLENGTH_VALID, "[facet 'maxLength'] The value is too long.\n",
		NULL, GPD_XML_MSG_PLAIN, "[facet 'maxLength'] The value is too long.");
	expect(XML_SCHEMAV_CVC_MAXLENGTH_VALID, "has a length of 'x'; maximum length of '2'",
		NULL, GPD_XML_MSG_PLAIN, "has a length of 'x'; maximum length of '2'");
}

/* Only the given namespace is taken out of names; trailing newlines and
 * spaces go, nothing else does. */
static void test_tidy(void **state)
{
	(void)state;
	expect(XML_ERR_NAME_REQUIRED, NULL, NS, GPD_XML_MSG_PLAIN, NULL);
	expect(XML_ERR_NAME_REQUIRED, "", NS, GPD_XML_MSG_PLAIN, "");
	expect(XML_ERR_NAME_REQUIRED, " \n\n", NULL, GPD_XML_MSG_PLAIN, "");
	expect(XML_SCHEMAV_ELEMENT_CONTENT, "Element '{" NS "}x': This element is not expected. "
		"Expected is ( {" NS "}title ).\n", NS, GPD_XML_MSG_PLAIN,
		"Element 'x': This element is not expected. Expected is ( title ).");
	expect(XML_SCHEMAV_ELEMENT_CONTENT, "Element '{urn:other}x': not {" NS "y}.", NS,
		GPD_XML_MSG_PLAIN, "Element '{urn:other}x': not {" NS "y}.");
	expect(XML_SCHEMAV_ELEMENT_CONTENT, "Element '{" NS "}x'.\n", NULL, GPD_XML_MSG_PLAIN,
		"Element '{" NS "}x'.");
	expect(XML_ERR_GT_REQUIRED, "Couldn't find end of Start Tag  a line 1\n\t \n", NULL,
		GPD_XML_MSG_PLAIN, "Couldn't find end of Start Tag  a line 1\n\t");
}

/* Messages this libxml2 writes: a schema with a maxLength facet, a unique
 * constraint over an enumerated attribute, and a malformed document. */
static const char xsd[] =
	"<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:t='" NS "'"
	" targetNamespace='" NS "' elementFormDefault='qualified'>"
	"<xs:simpleType name='opt'><xs:restriction base='xs:token'>"
	"<xs:enumeration value='a'/><xs:enumeration value='b'/></xs:restriction></xs:simpleType>"
	"<xs:element name='r'><xs:complexType><xs:sequence>"
	"<xs:element name='v'><xs:simpleType><xs:restriction base='xs:string'>"
	"<xs:maxLength value='3'/></xs:restriction></xs:simpleType></xs:element>"
	"<xs:element name='tick' maxOccurs='unbounded'><xs:complexType>"
	"<xs:attribute name='option' type='t:opt' use='required'/></xs:complexType></xs:element>"
	"</xs:sequence></xs:complexType>"
	"<xs:unique name='once'><xs:selector xpath='t:tick'/><xs:field xpath='@option'/></xs:unique>"
	"</xs:element></xs:schema>";

typedef struct seen {
	int too_long, idc, other;
	unsigned long length, max;
} seen;

static void on_error(void *ctx, xmlErrorPtr err)
{
	seen *s = ctx;
	gpd_xml_msg m = gpd_xml_msg_read(err->code, err->message, NS);

	assert_non_null(m.text);
	assert_null(strstr(m.text, "{" NS "}"));
	assert_true(m.text[0] && m.text[strlen(m.text) - 1] != '\n');
	if (m.kind == GPD_XML_MSG_TOO_LONG) {
		s->too_long++;
		s->length = m.length;
		s->max = m.max;
	} else if (m.kind == GPD_XML_MSG_IDC_NO_VALUE) {
		s->idc++;
	} else {
		s->other++;
	}
	free(m.text);
}

static void test_libxml2_now(void **state)
{
	static const char doc[] = "<r xmlns='" NS "'><v>hello</v><tick option='a'/>"
		"<tick option='zz'/><tick option='b'/></r>";
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)sizeof xsd - 1);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
	xmlDocPtr d = xmlReadMemory(doc, (int)sizeof doc - 1, "t.xml", NULL, XML_PARSE_NONET);
	seen s = {0};

	(void)state;
	assert_non_null(vc);
	assert_non_null(d);
	xmlSchemaSetValidStructuredErrors(vc, on_error, &s);
	assert_true(xmlSchemaValidateDoc(vc, d) != 0);
	assert_int_equal(s.too_long, 1);
	assert_int_equal(s.length, 5);
	assert_int_equal(s.max, 3);
	assert_int_equal(s.idc, 1); /* after the bad option 'zz' */
	assert_true(s.other >= 1);  /* 'zz' itself */
	xmlFreeDoc(d);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
}

static void on_parse_error(void *ctx, xmlErrorPtr err)
{
	int *n = ctx;
	gpd_xml_msg m = gpd_xml_msg_read(err->code, err->message, NULL);

	assert_int_equal(m.kind, GPD_XML_MSG_PLAIN);
	assert_non_null(m.text);
	assert_true(m.text[0] && m.text[strlen(m.text) - 1] != '\n');
	(*n)++;
	free(m.text);
}

static void test_libxml2_parser(void **state)
{
	static const char doc[] = "<r><a></b></r>";
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	int n = 0;

	(void)state;
	assert_non_null(ctxt);
	xmlSetStructuredErrorFunc(&n, on_parse_error);
	assert_null(xmlCtxtReadMemory(ctxt, doc, (int)sizeof doc - 1, "t.xml", NULL,
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_true(n >= 1);
	xmlFreeParserCtxt(ctxt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_tidy),
		cmocka_unit_test(test_libxml2_now),
		cmocka_unit_test(test_libxml2_parser),
	};

	xmlInitParser();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
