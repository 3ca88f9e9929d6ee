/* xml_msg.h: libxml2's error messages, read in one place (the only code that looks inside their text). */
#ifndef GPDIGEST_XML_MSG_H
#define GPDIGEST_XML_MSG_H

/* What a message says, beyond its error code. */
typedef enum gpd_xml_msg_kind {
	GPD_XML_MSG_PLAIN,       /* nothing more to read: text is all */
	GPD_XML_MSG_TOO_LONG,    /* a maxLength facet failed: length and max read */
	GPD_XML_MSG_IDC_NO_VALUE /* an identity constraint found no value to compare:
	                          * the consequence of an error already reported */
} gpd_xml_msg_kind;

typedef struct gpd_xml_msg {
	gpd_xml_msg_kind kind;
	unsigned long length, max; /* GPD_XML_MSG_TOO_LONG: the value's length, the facet's */
	char *text;                /* the message with "{ns}" taken out of names and no
	                            * trailing newline or space; the caller frees it;
	                            * NULL when there was none, or out of memory */
} gpd_xml_msg;

/* Reads the message of a libxml2 error (xmlError's code and message; the
 * message may be NULL). ns, when not NULL, is the namespace whose "{ns}"
 * prefixes on element names are noise (the documents' own). */
gpd_xml_msg gpd_xml_msg_read(int code, const char *message, const char *ns);

#endif
