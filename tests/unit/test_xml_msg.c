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

#include "gpdigest/schema.h"
#include "ingest/xml_msg.h"

#define NS "urn:x-test"

/* An error as libxml2 hands it over: domain, code, message, values. */
static xmlError err_of(int domain, int code, const char *message, const char *str1,
	const char *str2, int int1)
{
	xmlError e;

	memset(&e, 0, sizeof(e));
	e.domain = domain;
	e.code = code;
	e.message = (char *)message;
	e.str1 = (char *)str1;
	e.str2 = (char *)str2;
	e.int1 = int1;
	return e;
}

static gpd_xml_msg read_msg(int code, const char *message, const char *ns)
{
	xmlError e = err_of(code >= XML_SCHEMAV_NOROOT && code <= XML_SCHEMAV_MISC ?
		XML_FROM_SCHEMASV : XML_FROM_PARSER, code, message, NULL, NULL, 0);

	return gpd_xml_msg_read(&e, ns);
}

static void expect(int code, const char *message, const char *ns, gpd_xml_msg_kind kind,
	const char *text)
{
	gpd_xml_msg m = read_msg(code, message, ns);

	assert_int_equal(m.kind, kind);
	if (text == NULL)
		assert_null(m.text);
	else
		assert_string_equal(m.text, text);
	gpd_xml_msg_free(&m);
}

/* The shapes as libxml2 2.9 words them. */
static void test_shapes(void **state)
{
	gpd_xml_msg m;

	(void)state;
	m = read_msg(XML_SCHEMAV_CVC_MAXLENGTH_VALID,
		"Element '{" NS "}purpose': [facet 'maxLength'] The value has a length of "
		"'1048577'; this exceeds the allowed maximum length of '1048576'.\n", NS);
	assert_int_equal(m.kind, GPD_XML_MSG_TOO_LONG);
	assert_int_equal(m.length, 1048577);
	assert_int_equal(m.max, 1048576);
	assert_string_equal(m.text, "Element 'purpose': [facet 'maxLength'] The value has a "
		"length of '1048577'; this exceeds the allowed maximum length of '1048576'.");
	assert_string_equal(m.element, "purpose");
	assert_null(m.attribute);
	gpd_xml_msg_free(&m);

	/* the IDC warning that follows a bad value in a unique field */
	expect(XML_SCHEMAV_CVC_IDC, "Element '{" NS "}tick', attribute 'option': Warning: No "
		"precomputed value available, the value was either invalid or something strange "
		"happened.\n", NS, GPD_XML_MSG_IDC_NO_VALUE, "Element 'tick', attribute 'option': "
		"Warning: No precomputed value available, the value was either invalid or "
		"something strange happened.");
	/* another IDC message is news */
	expect(XML_SCHEMAV_CVC_IDC, "Element '{" NS "}regions': Duplicate key-sequence "
		"['london'] in unique identity-constraint '{" NS "}regions-once'.\n", NS,
		GPD_XML_MSG_DUPLICATE, "Element 'regions': Duplicate key-sequence ['london'] in unique "
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
		"Expected is ( {" NS "}title ).\n", NS, GPD_XML_MSG_UNEXPECTED,
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
	gpd_xml_msg m = gpd_xml_msg_read(err, NS);

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
	gpd_xml_msg_free(&m);
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
	gpd_xml_msg m = gpd_xml_msg_read(err, NULL);

	/* "<a>" closed by "</b>" */
	if (*n == 0) {
		assert_int_equal(m.kind, GPD_XML_MSG_TAG_MISMATCH);
		assert_string_equal(m.element, "a");
		assert_string_equal(m.value, "b");
		assert_int_equal(m.line, 1);
	}
	assert_non_null(m.text);
	assert_true(m.text[0] && m.text[strlen(m.text) - 1] != '\n');
	(*n)++;
	gpd_xml_msg_free(&m);
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

/* ---- every kind, as this libxml2 words it, on the record schema ---- */

#define REC_NS "urn:x-gpdigest:record"
#define HEAD "<record xmlns='" REC_NS "' version='1' id='x'>"
#define TAIL "<criteria><criterion>1.1</criterion></criteria><agency>G</agency>" \
	"<purpose>P</purpose><description>D</description>"

typedef struct first_error {
	gpd_xml_msg m;
	int n;
} first_error;

static void keep_first(void *ctx, xmlErrorPtr err)
{
	first_error *f = ctx;

	if (f->n++ == 0)
		f->m = gpd_xml_msg_read(err, REC_NS);
}

/* The first error libxml2 reports for doc: validated against the record
 * schema when it parses, else the parser's. */
static gpd_xml_msg first_of(const char *doc)
{
	char *record_xsd = gpd_schema_xsd();
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(record_xsd, (int)strlen(record_xsd));
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	first_error f = {{0}, 0};
	xmlDocPtr d;

	assert_non_null(vc);
	xmlSetStructuredErrorFunc(&f, keep_first);
	d = xmlCtxtReadMemory(ctxt, doc, (int)strlen(doc), "t.xml", NULL,
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (d != NULL) {
		xmlSchemaSetValidStructuredErrors(vc, keep_first, &f);
		xmlSchemaValidateDoc(vc, d);
		xmlFreeDoc(d);
	}
	assert_true(f.n > 0);
	xmlFreeParserCtxt(ctxt);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	free(record_xsd);
	return f.m;
}

static void same_or_null(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

static void test_record_kinds(void **state)
{
	static const struct {
		const char *doc;
		gpd_xml_msg_kind kind;
		const char *element, *attribute, *value, *want_in;
	} cases[] = {
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>"
		 "<criteria><criterion>1.4a</criterion></criteria></record>",
		 GPD_XML_MSG_PATTERN, "criterion", NULL, "1.4a", "[1-9]"},
		{HEAD "<title>T</title><authority>A</authority><received>23/11/2026</received>"
		 TAIL "</record>", GPD_XML_MSG_BAD_VALUE, "received", NULL, "23/11/2026", "xs:date"},
		{"<record xmlns='" REC_NS "' version='2' id='x'><title>T</title><authority>A"
		 "</authority><received>2026-11-23</received>" TAIL "</record>",
		 GPD_XML_MSG_FIXED, "record", "version", "2", "1"},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>" TAIL
		 "<regions><tick option='londn'/></regions></record>",
		 GPD_XML_MSG_ENUMERATION, "tick", "option", "londn", "'london'"},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>" TAIL
		 "<regions><tick option='london'/><tick option='london'/></regions></record>",
		 GPD_XML_MSG_DUPLICATE, "tick", NULL, "london", "regions-once"},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>"
		 "<criteria/><agency>G</agency><description>D</description></record>",
		 GPD_XML_MSG_UNEXPECTED, "description", NULL, NULL, NULL},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>"
		 "<criteria/><agency>G</agency></record>",
		 GPD_XML_MSG_MISSING_CHILD, "record", NULL, NULL, NULL},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>" TAIL
		 "<regions>london</regions></record>",
		 GPD_XML_MSG_TEXT_IN_ELEMENTS, "regions", NULL, NULL, NULL},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>" TAIL
		 "<regions><tick option='london'>yes</tick></regions></record>",
		 GPD_XML_MSG_TEXT_IN_EMPTY, "tick", NULL, NULL, NULL},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>" TAIL
		 "<regions><tick/></regions></record>",
		 GPD_XML_MSG_ATTR_MISSING, "tick", "option", NULL, NULL},
		{HEAD "<title>T</title><authority>A</authority><received>2026-11-23</received>" TAIL
		 "<regions><tick option='london' value='x'/></regions></record>",
		 GPD_XML_MSG_ATTR_UNKNOWN, "tick", "value", NULL, NULL},
		{HEAD "<title>T\nU</title><authority>A</authority><received>2026-11-23</received>"
		 TAIL "</record>", GPD_XML_MSG_PATTERN, "title", NULL, "T\nU", NULL},
		{HEAD "<title>a & b</title></record>", GPD_XML_MSG_BARE_AMP, NULL, NULL, NULL, NULL},
		{HEAD "<title>AT&T</title></record>", GPD_XML_MSG_BARE_AMP, NULL, NULL, NULL, NULL},
		{HEAD "<title>a&nbsp;b</title></record>", GPD_XML_MSG_UNKNOWN_ENTITY, NULL, NULL,
		 "nbsp", NULL},
		{HEAD "<title>ages < 16</title></record>", GPD_XML_MSG_BARE_LT, NULL, NULL, NULL, NULL},
		{HEAD "<title>T</titel></record>", GPD_XML_MSG_TAG_MISMATCH, "title", NULL, "titel",
		 NULL},
		{HEAD "<title>T</title>", GPD_XML_MSG_CUT_SHORT, "record", NULL, NULL, NULL},
		{HEAD "<regions><tick option=london/></regions></record>", GPD_XML_MSG_UNQUOTED,
		 NULL, NULL, NULL, NULL},
		{HEAD "</record><x/>", GPD_XML_MSG_AFTER_ROOT, NULL, NULL, NULL, NULL},
		{"", GPD_XML_MSG_NO_ROOT, NULL, NULL, NULL, NULL},
		{HEAD "<title>a\x1B[31mb</title></record>", GPD_XML_MSG_BAD_CHAR, NULL, NULL, NULL,
		 NULL},
		{HEAD "<title>a&#27;b</title></record>", GPD_XML_MSG_BAD_CHAR, NULL, NULL, NULL, NULL},
		{HEAD "<title>a&#x0C;b</title></record>", GPD_XML_MSG_BAD_CHAR, NULL, NULL, NULL, NULL},
	};
	static const unsigned long bad_char[] = {0x1B, 0x1B, 0x0C}; /* the last cases' */
	const size_t first_bad = sizeof(cases) / sizeof(cases[0]) - 3;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gpd_xml_msg m = first_of(cases[i].doc);

		if (m.kind != cases[i].kind)
			fail_msg("case %zu: kind %d, want %d (%s)", i, m.kind, cases[i].kind, m.text);
		if (cases[i].element != NULL)
			same_or_null(m.element, cases[i].element);
		same_or_null(m.attribute, cases[i].attribute);
		if (cases[i].value != NULL)
			same_or_null(m.value, cases[i].value);
		if (cases[i].want_in != NULL)
			assert_non_null(strstr(m.want, cases[i].want_in));
		if (i >= first_bad)
			assert_int_equal(m.cp, bad_char[i - first_bad]);
		gpd_xml_msg_free(&m);
	}
}

/* The names that could come, read out of "Expected is ( ... )". */
static void test_expected_list(void **state)
{
	gpd_xml_msg m = first_of(HEAD "<title>T</title><authority>A</authority><received>"
		"2026-11-23</received><criteria/><agency>G</agency><description>D</description>"
		"</record>");

	(void)state;
	assert_int_equal(m.kind, GPD_XML_MSG_UNEXPECTED);
	assert_string_equal(m.expected, "target-groups, purpose");
	gpd_xml_msg_free(&m);
	m = first_of(HEAD "<title>T</title><authority>A</authority><received>2026-11-23"
		"</received>" TAIL "<regions/><agency-types/></record>");
	assert_int_equal(m.kind, GPD_XML_MSG_UNEXPECTED);
	assert_string_equal(m.element, "agency-types");
	assert_non_null(strstr(m.expected, "tools, evidence"));
	gpd_xml_msg_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_tidy),
		cmocka_unit_test(test_libxml2_now),
		cmocka_unit_test(test_libxml2_parser),
		cmocka_unit_test(test_record_kinds),
		cmocka_unit_test(test_expected_list),
	};

	xmlInitParser();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
