/* xml_msg.h: libxml2's error messages, read in one place (the only code that looks inside their text). */
#ifndef GPDIGEST_XML_MSG_H
#define GPDIGEST_XML_MSG_H

#include <libxml/xmlerror.h>

/* What a message says, beyond its error code. */
typedef enum gpd_xml_msg_kind {
	GPD_XML_MSG_PLAIN,       /* nothing more to read: text is all */
	GPD_XML_MSG_TOO_LONG,    /* a maxLength facet failed: length and max read */
	GPD_XML_MSG_IDC_NO_VALUE,/* an identity constraint found no value to compare:
	                          * the consequence of an error already reported */
	/* schema validity; element (and attribute, when about one) set */
	GPD_XML_MSG_PATTERN,     /* value does not match the pattern want */
	GPD_XML_MSG_ENUMERATION, /* value is not in the list want */
	GPD_XML_MSG_BAD_VALUE,   /* value is not of the type want ("xs:date") */
	GPD_XML_MSG_FIXED,       /* value is not the fixed value want */
	GPD_XML_MSG_UNEXPECTED,  /* element is not expected here; expected: the
	                          * names that could come (may be NULL) */
	GPD_XML_MSG_MISSING_CHILD, /* element ended before expected came */
	GPD_XML_MSG_TEXT_IN_ELEMENTS, /* text in an element that holds elements */
	GPD_XML_MSG_TEXT_IN_EMPTY,    /* text in an element that holds nothing */
	GPD_XML_MSG_ATTR_MISSING,     /* attribute is required */
	GPD_XML_MSG_ATTR_UNKNOWN,     /* attribute is not allowed */
	GPD_XML_MSG_DUPLICATE,   /* value given twice under the unique constraint want */
	/* well-formedness */
	GPD_XML_MSG_BARE_AMP,    /* an & that starts no entity reference */
	GPD_XML_MSG_UNKNOWN_ENTITY, /* &value; is not one of XML's five */
	GPD_XML_MSG_BARE_LT,     /* a < that starts no tag */
	GPD_XML_MSG_TAG_MISMATCH,/* <element> (opened on line) closed by </value> */
	GPD_XML_MSG_CUT_SHORT,   /* the data ends inside <element>, opened on line */
	GPD_XML_MSG_UNQUOTED,    /* an attribute value without quotes */
	GPD_XML_MSG_AFTER_ROOT,  /* something after the root element */
	GPD_XML_MSG_NO_ROOT,     /* no element at all */
	GPD_XML_MSG_BAD_CHAR     /* a character XML does not allow (a C0
	                          * control), raw or as a reference: cp */
} gpd_xml_msg_kind;

/* Every string is owned by the reading (gpd_xml_msg_free) and NULL when
 * the message does not say it. */
typedef struct gpd_xml_msg {
	gpd_xml_msg_kind kind;
	unsigned long length, max; /* GPD_XML_MSG_TOO_LONG: the value's length, the facet's */
	unsigned long line;        /* TAG_MISMATCH, CUT_SHORT: where the element opened */
	unsigned long cp;          /* BAD_CHAR: the character's code point */
	char *text;                /* the message with "{ns}" taken out of names and no
	                            * trailing newline or space; NULL when there was
	                            * none, or out of memory */
	char *element;             /* the element named ("tick"), without "{ns}" */
	char *attribute;           /* the attribute the message is about */
	char *value;               /* the value at fault, as written */
	char *want;                /* what the schema wants (pattern, list, type,
	                            * fixed value, constraint name) */
	char *expected;            /* UNEXPECTED, MISSING_CHILD: the elements that
	                            * could come, "a, b" */
} gpd_xml_msg;

/* Reads a libxml2 error: its code, its message and the values it carries
 * (str1, str2, int1), whose meaning depends on the code. ns, when not
 * NULL, is the namespace whose "{ns}" prefixes on names are noise (the
 * documents' own). */
gpd_xml_msg gpd_xml_msg_read(const xmlError *err, const char *ns);

void gpd_xml_msg_free(gpd_xml_msg *m);

#endif
