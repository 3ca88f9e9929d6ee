/* xml.h: hardened libxml2 parsing shared by every XML input (records, catalogue, publication). */
#ifndef GPDIGEST_XML_H
#define GPDIGEST_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "gpdigest/diag.h"
#include "gpdigest/input.h"
#include "gpdigest/limits.h"
#include "gpdigest/record.h"

/* Turns off every way libxml2 could reach outside the bytes it is given
 * (network, external entities, DTDs). Idempotent; call before parsing. */
void gpd_xml_harden(void);

/* Compiles a built-in XML Schema of len bytes: NULL when it does not
 * compile, with *nomem set when that was for want of memory. */
struct _xmlSchema *gpd_xml_schema_compile(const char *xsd, size_t len, int *nomem);

/* Reads a whole file of at most max bytes into *data (NUL-terminated;
 * caller frees). Reports io / too-large / empty-file; returns 0 or -1. */
int gpd_xml_read_file(const char *path, size_t max, char **data, size_t *len,
	gpd_diag *diag);

/* Is data UTF-16 (a byte-order mark, or a NUL beside its first ASCII
 * character)? Then an encoding error at name:1:1 saying how to save it
 * as UTF-8, and 1; else 0. Text given to `import` is checked so too. */
int gpd_xml_refuse_utf16(const char *name, const char *data, size_t len, gpd_diag *diag);

/* What byte b (0x80-0xFF) is in Windows-1252, the encoding a file that is
 * not UTF-8 most likely has (Latin-1 is the same but for 0x80-0x9F), as
 * UTF-8 into out; 0 when it is none. */
int gpd_xml_cp1252(unsigned char b, char out[4]);

/* Are the len bytes of data UTF-8 with no NUL? Otherwise the first bad
 * byte is reported at its line and column (encoding; a NUL: xml), with
 * what the file seems to be (UTF-16, Windows-1252), and -1. Records and
 * templates alike: text is UTF-8 end to end. */
int gpd_xml_check_utf8(const char *name, const char *data, size_t len, gpd_diag *diag);

/* Parses data as one XML document with no DTD, no entities, no network.
 * Every problem becomes a diagnostic naming name:line:col. Returns the
 * document (free with xmlFreeDoc) or NULL. */
xmlDoc *gpd_xml_parse(const char *name, const char *data, size_t len,
	gpd_diag *diag);

/* The same with a parser context kept from one document to the next, for
 * a reader of many: *keep starts NULL; the context of a document that
 * parsed cleanly is left in it, for the next call, and any other freed.
 * The caller frees the last with xmlFreeParserCtxt (NULL allowed). */
xmlDoc *gpd_xml_parse_kept(xmlParserCtxtPtr *keep, const char *name, const char *data,
	size_t len, gpd_diag *diag);

/* Where node's start tag is in data: its line, and the column of its '<'
 * found on that line (1 when it cannot be found). */
gpd_pos gpd_xml_pos(const char *data, size_t len, const xmlNode *node);
/* Where a message of libxml2's about node, at its line (0 when unknown),
 * goes: the element's start tag when the message is about the line that
 * tag ends on (libxml2's line for an element: the tag may start on an
 * earlier one), else that line. */
gpd_pos gpd_xml_msg_pos(const char *data, size_t len, long line, const xmlNode *node);

/* Where the last gpd_xml_pos_next stopped; start from {0}. */
typedef struct gpd_xml_cursor {
	unsigned line; /* line that starts at off; 0: not started */
	size_t off;
	size_t from;   /* just after the last start tag found on that line */
	size_t eol;    /* where that line ends */
	size_t last;   /* just after the last start tag found, on any line */
} gpd_xml_cursor;

/* gpd_xml_pos for nodes asked in document order: the scan goes on from
 * where the last one stopped, so positioning every node of a document is
 * linear (gpd_xml_pos alone rescans from the start: quadratic over a
 * record of 200,000 elements). Out-of-order nodes are still right. */
gpd_pos gpd_xml_pos_next(gpd_xml_cursor *cur, const char *data, size_t len,
	const xmlNode *node);

/* The element's text without its control characters (gpd_utf8_control:
 * VT, FF and NEL a space, the others left out, so no output holds one;
 * their number added to *controls when it is not NULL), without its
 * surrounding blank lines and, with
 * dedent, without the indentation its lines share (so indented CommonMark
 * is not read as code), but never more than GPD_XML_TEXT_LEVEL columns past
 * the indentation of a closing tag alone on its line (so text indented as
 * code past that stays code); NULL when it is visibly empty
 * (gpd_utf8_visibly_empty: blanks, zero width spaces...). Caller frees with
 * free(). *nomem is set when allocation failed. */
#define GPD_XML_TEXT_LEVEL 2 /* columns: one level of the records' indentation */
char *gpd_xml_text(const xmlNode *node, int dedent, int *nomem, size_t *controls);

/* The first control character gpd_utf8_control would replace or leave
 * out in data at or after from (an element's start tag), as written: raw
 * (DEL, a C1 control's UTF-8) or a character reference (&#x85;, &#133;;
 * XML parses none to a C0 control). Its position, {0, 0} when there is
 * none; *cp its code point; ref (max bytes) the reference as written, ""
 * when it is raw. */
gpd_pos gpd_xml_control_pos(const char *data, size_t len, gpd_pos from, uint32_t *cp,
	char *ref, size_t max);

/* True when node is an element called name in namespace ns. */
int gpd_xml_is(const xmlNode *node, const char *ns, const char *name);

#endif
