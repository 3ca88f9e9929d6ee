/* xml_msg.c: libxml2's error messages, read in one place: its wording is libxml2's, so every assumption about it is here and tested (tests/unit/test_xml_msg.c). */
#include "ingest/xml_msg.h"

#include <stdio.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "gpdigest/buf.h"

/* libxml2 writes a qualified name as {namespace}local: ns's prefix is taken
 * out, as is the newline (and any space) the message ends with. */
static char *tidy(const char *msg, const char *ns)
{
	size_t nslen = ns ? strlen(ns) : 0;
	gpd_buf b = {0};

	gpd_buf_puts(&b, ""); /* an empty message is "", not NULL */
	while (*msg) {
		if (nslen && msg[0] == '{' && strncmp(msg + 1, ns, nslen) == 0 &&
		    msg[nslen + 1] == '}')
			msg += nslen + 2;
		else
			gpd_buf_putc(&b, *msg++);
	}
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	return gpd_buf_take(&b);
}

/* "... [facet 'maxLength'] The value has a length of '12'; this exceeds
 * the allowed maximum length of '10'." */
static int too_long(const char *msg, unsigned long *length, unsigned long *max)
{
	const char *has = strstr(msg, "has a length of '");
	const char *lim = strstr(msg, "maximum length of '");

	return has && lim && sscanf(has, "has a length of '%lu'", length) == 1 &&
	       sscanf(lim, "maximum length of '%lu'", max) == 1;
}

gpd_xml_msg gpd_xml_msg_read(int code, const char *message, const char *ns)
{
	gpd_xml_msg m = {GPD_XML_MSG_PLAIN, 0, 0, NULL};

	if (message == NULL)
		return m;
	/* after a bad value in an xs:unique field libxml2 adds "Warning: No
	 * precomputed value available, the value was either invalid or
	 * something strange happened" */
	if (code == XML_SCHEMAV_CVC_IDC && strstr(message, "No precomputed value") != NULL)
		m.kind = GPD_XML_MSG_IDC_NO_VALUE;
	else if (code == XML_SCHEMAV_CVC_MAXLENGTH_VALID && too_long(message, &m.length, &m.max))
		m.kind = GPD_XML_MSG_TOO_LONG;
	m.text = tidy(message, ns);
	return m;
}
