/* xml.c: hardened libxml2 parsing: no DTD, no entities, no network, bounded size, UTF-8 only. */
#define _POSIX_C_SOURCE 200809L
#include "ingest/xml.h"
#include "ingest/xml_msg.h"
#include "ingest/explain.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "gpdigest/buf.h"
#include "gpdigest/input.h"
#include "gpdigest/mem.h"
#include "gpdigest/utf8.h"

/* At most this many diagnostics per file from the XML parser: after the
 * first few, libxml2's messages are consequences, not news. */

typedef struct parse_state {
	const char *name;
	gpd_diag *diag;
	const char *data; /* the bytes, for the line an error is on */
	size_t len;
	int errors;
	int refused; /* a DOCTYPE or entity was seen and parsing stopped */
	int last_line, last_col; /* where the last error was: libxml2 follows
	                          * one slip with consequences at the same place */
	int nomem;   /* libxml2 ran out of memory: that, not the XML, is at fault */
} parse_state;

/* Refuses every external resource: nothing is fetched, ever. */
static xmlParserInputPtr deny_loader(const char *url, const char *id,
	xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/* libxml2's context-free messages ("encoding error : input conversion
 * failed", "parser error : out of memory error") go to stderr as they are,
 * outside our one-diagnostic-per-line format (and inside --format=json's
 * output): fuzzing showed them. What they report also fails the parse,
 * which our own diagnostics then name with file, line and column. */
static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void gpd_xml_harden(void)
{
	xmlSetExternalEntityLoader(deny_loader);
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlThrDefSetGenericErrorFunc(NULL, quiet_generic);
}

int gpd_xml_read_file(const char *path, size_t max, char **data, size_t *len,
	gpd_diag *diag)
{
	const char *kind;
	char limit[32];
	gpd_buf b = {0};

	switch (gpd_read_regular(path, max, data, len, &kind)) {
	case GPD_READ_OK:
		if (*len > 0)
			return 0;
		gpd_diag_report(diag, path, 1, 1, GPD_E_EMPTY_FILE, NULL);
		free(*data);
		*data = NULL;
		return -1;
	case GPD_READ_REFUSED:
		gpd_diag_report(diag, path, 0, 0, GPD_F_NOT_REGULAR, kind);
		return -1;
	case GPD_READ_TOO_LARGE:
		snprintf(limit, sizeof(limit), "%zu bytes", max);
		gpd_diag_report(diag, path, 1, 1, GPD_E_TOO_LARGE, limit);
		return -1;
	case GPD_READ_FAILED:
		if (errno == ENOMEM) {
			gpd_diag_report(diag, path, 0, 0, GPD_F_NOMEM, "");
			return -1;
		}
		/* fall through */
	case GPD_READ_MISSING:
	default:
		gpd_buf_printf(&b, "cannot read %s: %s", path, strerror(errno));
		gpd_diag_report(diag, path, 0, 0, GPD_F_IO, b.data);
		gpd_buf_free(&b);
		return -1;
	}
}

/* A UTF-16 file (what Windows Notepad saves as "Unicode"): a byte-order
 * mark, or the NUL beside every ASCII character of "<?xml", "<record" or
 * a text's first word. */
static int is_utf16(const unsigned char *d, size_t len)
{
	return len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF) ||
		(d[0] > 0 && d[0] < 0x80 && d[1] == 0) || (d[0] == 0 && d[1] > 0 && d[1] < 0x80));
}

int gpd_xml_refuse_utf16(const char *name, const char *data, size_t len, gpd_diag *diag)
{
	if (!is_utf16((const unsigned char *)data, len))
		return 0;
	gpd_diag_report(diag, name, 1, 1, GPD_E_ENCODING, "it is UTF-16 (what Windows "
		"Notepad calls \"Unicode\"): save it again with the encoding UTF-8");
	return 1;
}

int gpd_xml_cp1252(unsigned char b, char out[4])
{
	static const unsigned short c1[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
		0x0160, 0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D,
		0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
	unsigned cp = b < 0xA0 ? c1[b - 0x80] : b;

	if (cp == 0)
		return 0;
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		out[2] = '\0';
	} else {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		out[3] = '\0';
	}
	return 1;
}

static void report_not_utf8(const char *name, unsigned line, unsigned col, unsigned char b,
	gpd_diag *diag)
{
	char ch[4];
	gpd_buf what = {0};

	gpd_buf_printf(&what, "byte 0x%02X is not UTF-8", b);
	if (b >= 0x80 && gpd_xml_cp1252(b, ch))
		gpd_buf_printf(&what, " (the file looks saved as Windows-1252 or Latin-1, where "
			"it is '%s'): save it again as UTF-8", ch);
	gpd_diag_report(diag, name, line, col, GPD_E_ENCODING, what.data ? what.data : "");
	gpd_buf_free(&what);
}

/* Whether the 32 bytes at p are all ASCII (one test for four words). */
static int ascii32(const unsigned char *p)
{
	uint64_t w[4];

	memcpy(w, p, sizeof(w));
	return ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080u) == 0;
}

/* Where the first byte that does not start a UTF-8 character is (len:
 * none). 32 ASCII bytes at a time, then 8: most of a record is ASCII, and
 * this is read before libxml2 reads it all again. */
static size_t first_not_utf8(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint64_t w;
		uint32_t cp;
		size_t n;

		if (len - i >= 32 && ascii32(p + i)) {
			i += 32;
			continue;
		}
		if (len - i >= 8 && (memcpy(&w, p + i, 8), (w & 0x8080808080808080u) == 0)) {
			i += 8;
			continue;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = gpd_utf8_decode(p + i, len - i, &cp)) == 0)
			return i;
		i += n;
	}
	return len;
}

/* The line and column (in characters) of byte at of p: all before it is
 * UTF-8. */
static void place_of(const unsigned char *p, size_t at, unsigned *line, unsigned *col)
{
	for (size_t i = 0; i < at; i++)
		if (p[i] == '\n')
			(*line)++, *col = 1;
		else if ((p[i] & 0xC0) != 0x80)
			(*col)++;
}

/* Checks the bytes are UTF-8 before libxml2 sees them, so the error names
 * the exact line and column and what to do, instead of an encoding guess. */
static int check_utf8(const char *name, const char *data, size_t len,
	gpd_diag *diag)
{
	const unsigned char *p = (const unsigned char *)data;
	unsigned line = 1, col = 1;
	size_t bad;

	if (gpd_xml_refuse_utf16(name, data, len, diag))
		return -1;
	const unsigned char *nul;

	if ((bad = first_not_utf8(p, len)) == len) {
		/* libxml2 stops reading at a NUL as if the file ended there: what
		 * follows (after </record>, anything at all) would pass unseen */
		if ((nul = memchr(p, 0, len)) == NULL)
			return 0;
		place_of(p, (size_t)(nul - p), &line, &col);
		gpd_diag_report(diag, name, line, col, GPD_E_XML, "a NUL byte (U+0000), which "
			"XML does not allow (what follows it would not be read)");
		return -1;
	}
	place_of(p, bad, &line, &col);
	report_not_utf8(name, line, col, p[bad], diag);
	return -1;
}

/* The first place at or after p where the n bytes of s begin, or end. */
static const char *find(const char *p, const char *end, const char *s, size_t n)
{
	while ((p = memchr(p, s[0], (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) < n)
			return end;
		if (memcmp(p, s, n) == 0)
			return p;
		p++;
	}
	return end;
}

/* The start tag at p ('<' and a name): the end of it, or where it has an
 * attribute past GPD_MAX_XML_ATTRIBUTES (*over set). Quoted values may
 * hold '=' and '>'. */
static const char *start_tag(const char *p, const char *end, int *over)
{
	size_t n = 0;
	char quote = 0;

	for (p++; p < end; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '=' && ++n > GPD_MAX_XML_ATTRIBUTES) {
			*over = 1;
			return p;
		} else if (*p == '>' || *p == '<') {
			break;
		}
	}
	return p;
}

/* How many times c is in the n bytes at p, counting to at most limit + 1. */
static size_t count_to(const char *p, size_t n, char c, size_t limit)
{
	const char *q = p, *end = p + n;
	size_t k = 0;

	while (k <= limit && (q = memchr(q, c, (size_t)(end - q))) != NULL)
		q++, k++;
	return k;
}

/* A start tag with more attributes than GPD_MAX_XML_ATTRIBUTES, or the
 * start tag past GPD_MAX_XML_ELEMENTS: reported, -1. A file with fewer
 * '=' and '<' in all is passed at once; otherwise one pass over its
 * markup (comments, CDATA and processing instructions skipped; a DOCTYPE
 * ends it: the parser refuses those). */
static int check_attributes(const char *name, const char *data, size_t len, gpd_diag *diag)
{
	const char *p = data, *end = data + len;
	size_t elements = 0;
	unsigned line = 1, col = 1;
	int over = 0;

	/* the least element is 4 bytes ("<a/>"): a shorter file holds fewer */
	if (count_to(data, len, '=', GPD_MAX_XML_ATTRIBUTES) <= GPD_MAX_XML_ATTRIBUTES &&
	    (len / 4 <= GPD_MAX_XML_ELEMENTS ||
	     count_to(data, len, '<', GPD_MAX_XML_ELEMENTS) <= GPD_MAX_XML_ELEMENTS))
		return 0;
	while (!over && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		const char *tag = p;

		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			p = find(p + 4, end, "-->", 3);
		else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
			p = find(p + 9, end, "]]>", 3);
		else if (end - p >= 2 && p[1] == '?')
			p = find(p + 2, end, "?>", 2);
		else if (end - p >= 2 && p[1] == '!')
			return 0;
		else if (end - p >= 2 && p[1] == '/')
			p += 2;
		else if (++elements > GPD_MAX_XML_ELEMENTS) {
			place_of((const unsigned char *)data, (size_t)(tag - data), &line, &col);
			gpd_diag_report(diag, name, line, col, GPD_E_XML, "more than "
				GPD_LIMIT_TEXT(GPD_MAX_XML_ELEMENTS) " elements in one file (a "
				"record has a few hundred)");
			return -1;
		} else if ((p = start_tag(p, end, &over)) < end && over) {
			place_of((const unsigned char *)data, (size_t)(tag - data), &line, &col);
			gpd_diag_report(diag, name, line, col, GPD_E_XML, "an element with more than "
				GPD_LIMIT_TEXT(GPD_MAX_XML_ATTRIBUTES) " attributes (a record's have at "
				"most 3)");
			return -1;
		}
		if (p >= end)
			break;
	}
	return 0;
}

int gpd_xml_check_utf8(const char *name, const char *data, size_t len, gpd_diag *diag)
{
	return check_utf8(name, data, len, diag);
}

static void on_xml_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	parse_state *st = ctxt->_private;
	unsigned line = err->line > 0 ? (unsigned)err->line : 1;
	unsigned col = err->int2 > 0 ? (unsigned)err->int2 : 1;
	gpd_xml_msg m;
	char *said;
	gpd_buf b = {0};

	if (err->code == XML_ERR_USER_STOP || st->refused || st->nomem)
		return;
	if (err->code == XML_ERR_NO_MEMORY) { /* what follows is its echo */
		st->nomem = 1;
		gpd_diag_report(st->diag, st->name, 0, 0, GPD_F_NOMEM, "");
		return;
	}
	/* "AttValue: \" or ' expected", then "attributes construct error",
	 * then "Couldn't find end of Start Tag": one slip, said once */
	if (st->errors > 0 && err->line == st->last_line && err->int2 == st->last_col)
		return;
	st->last_line = err->line;
	st->last_col = err->int2;
	if (++st->errors > GPD_MAX_XML_ERRORS)
		return;
	m = gpd_xml_msg_read(err, NULL);
	said = gpd_explain_xml(&m, st->data, st->len, line, &col);
	if (said != NULL && *said != '\0') {
		gpd_buf_puts(&b, said);
		if (gpd_diag_verbose(st->diag) && m.text)
			gpd_buf_printf(&b, " (libxml2: %s)", m.text);
	} else {
		gpd_buf_puts(&b, m.text && *m.text ? m.text : "unknown error");
	}
	gpd_diag_report(st->diag, st->name, line, col, GPD_E_XML, b.data ? b.data : "");
	gpd_buf_free(&b);
	free(said);
	gpd_xml_msg_free(&m);
}

/* A DOCTYPE could declare entities (billion laughs) or pull in an external
 * DTD (XXE): records never need one, so parsing stops at the first sign. */
static void refuse(void *ctx)
{
	xmlParserCtxtPtr ctxt = ctx;
	parse_state *st = ctxt->_private;

	if (!st->refused) {
		st->refused = 1;
		gpd_diag_report(st->diag, st->name, (unsigned)xmlSAX2GetLineNumber(ctxt),
			(unsigned)xmlSAX2GetColumnNumber(ctxt), GPD_E_DTD, NULL);
	}
	xmlStopParser(ctxt);
}

static void on_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
	const xmlChar *sid)
{
	(void)name;
	(void)eid;
	(void)sid;
	refuse(ctx);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type,
	const xmlChar *pid, const xmlChar *sid, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)pid;
	(void)sid;
	(void)content;
	refuse(ctx);
}

/* Only the five predefined entities exist in a record. Any other
 * reference names nothing: a DOCTYPE, where one could be declared, has
 * already stopped the parse (on_subset), so libxml2 reports it as
 * undeclared ("&nbsp;" pasted from a web page), which explain.c words. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	return xmlGetPredefinedEntity(name);
}

/* A parameter entity can only be declared in a DTD: refused. */
static xmlEntityPtr on_get_parameter_entity(void *ctx, const xmlChar *name)
{
	(void)name;
	refuse(ctx);
	return NULL;
}

/* The first s in [p, end), or NULL. */
static const char *find_in(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	for (; end - p >= (long)n; p++)
		if (memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

/* The encoding the XML declaration names (data is UTF-8, checked), before
 * libxml2 obeys it: UTF-8 bytes labelled ISO-8859-1 would be read as
 * mojibake without a word, and labelled US-ASCII they stopped the parse
 * at the first accented letter with "Comment not terminated". Anything
 * but UTF-8 is an encoding error at the declaration. 1 when reported. */
static int check_declared(const char *name, const char *data, size_t len, gpd_diag *diag)
{
	const char *p = data, *end = data + len, *decl_end, *enc, *v;
	gpd_buf b = {0};
	size_t n;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (end - p < 6 || memcmp(p, "<?xml", 5) != 0 || !strchr(" \t\r\n", p[5]) ||
	    (decl_end = find_in(p, end, "?>")) == NULL ||
	    (enc = find_in(p, decl_end, "encoding")) == NULL)
		return 0; /* no declaration, or none of the encoding: UTF-8 */
	for (v = enc + 8; v < decl_end && strchr(" \t\r\n=", *v); v++)
		;
	if (v >= decl_end || (*v != '"' && *v != '\''))
		return 0; /* malformed: libxml2 says so */
	n = strcspn(v + 1, *v == '"' ? "\"?" : "'?");
	if (v + 1 + n >= decl_end || (n == 5 && xmlStrncasecmp((const xmlChar *)v + 1, (const xmlChar *)"UTF-8", 5) == 0))
		return 0;
	gpd_buf_printf(&b, "it is declared as %.*s; a record must be UTF-8", (int)(n > 40 ? 40 : n),
		v + 1);
	gpd_diag_report(diag, name, 1, 1, GPD_E_ENCODING, b.data ? b.data : "declared otherwise");
	gpd_buf_free(&b);
	return 1;
}

/* A context for data: *keep's when there is one (made ready after its last
 * document), else a new one as xmlCreateMemoryParserCtxt makes it. */
static xmlParserCtxtPtr context_for(xmlParserCtxtPtr *keep, const char *data, size_t len)
{
	xmlParserCtxtPtr ctxt = keep != NULL ? *keep : NULL;
	xmlParserInputBufferPtr buf;
	xmlParserInputPtr in;

	if (ctxt == NULL)
		return xmlCreateMemoryParserCtxt(data, (int)len);
	*keep = NULL;
	buf = xmlParserInputBufferCreateMem(data, (int)len, XML_CHAR_ENCODING_NONE);
	in = buf != NULL ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) : NULL;
	if (in == NULL) {
		if (buf != NULL)
			xmlFreeParserInputBuffer(buf);
		xmlFreeParserCtxt(ctxt);
		return NULL;
	}
	inputPush(ctxt, in);
	return ctxt;
}

/* After a document that parsed cleanly, its context goes into *keep, reset,
 * for the next (making one per document, with its dictionary, was 2 % of
 * validate's instructions) while its dictionary is within
 * GPD_XML_KEEP_DICT_BYTES; after any other, or with keep NULL, it is
 * freed, so no state of a failed parse carries on. */
static void keep_context(xmlParserCtxtPtr ctxt, xmlParserCtxtPtr *keep, int clean)
{
	ctxt->myDoc = NULL;
	ctxt->_private = NULL;
	if (keep != NULL && clean && ctxt->dict != NULL &&
	    xmlDictGetUsage(ctxt->dict) <= GPD_XML_KEEP_DICT_BYTES) {
		xmlCtxtReset(ctxt);
		/* libxml2 before 2.10 leaves this to the document (balanced
		 * when it is well-formed): checked, not trusted */
		if (ctxt->nsNr == 0) {
			*keep = ctxt;
			return;
		}
	}
	xmlFreeParserCtxt(ctxt);
}

xmlDoc *gpd_xml_parse(const char *name, const char *data, size_t len,
	gpd_diag *diag)
{
	return gpd_xml_parse_kept(NULL, name, data, len, diag);
}

xmlDoc *gpd_xml_parse_kept(xmlParserCtxtPtr *keep, const char *name, const char *data,
	size_t len, gpd_diag *diag)
{
	parse_state st = {name, diag, data, len, 0, 0, 0, 0, 0};
	xmlParserCtxtPtr ctxt;
	xmlDoc *doc = NULL;

	if (len > GPD_MAX_FILE_BYTES) {
		char limit[32];

		snprintf(limit, sizeof(limit), "%zu bytes", GPD_MAX_FILE_BYTES);
		gpd_diag_report(diag, name, 1, 1, GPD_E_TOO_LARGE, limit);
		return NULL;
	}
	if (check_utf8(name, data, len, diag) != 0 || check_declared(name, data, len, diag) != 0 ||
	    check_attributes(name, data, len, diag) != 0)
		return NULL;
	ctxt = context_for(keep, data, len);
	if (ctxt == NULL) {
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
		return NULL;
	}
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	ctxt->_private = &st;
	ctxt->sax->serror = on_xml_error;
	ctxt->sax->internalSubset = on_subset;
	ctxt->sax->externalSubset = on_subset;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->getEntity = on_get_entity;
	ctxt->sax->getParameterEntity = on_get_parameter_entity;
	ctxt->replaceEntities = 0;
	xmlParseDocument(ctxt);
	if (ctxt->wellFormed && !st.refused && !st.nomem && st.errors == 0)
		doc = ctxt->myDoc;
	else
		xmlFreeDoc(ctxt->myDoc);
	if (doc == NULL && st.errors == 0 && !st.refused && !st.nomem)
		gpd_diag_report(diag, name, 1, 1, GPD_E_XML, "the document is not well-formed");
	keep_context(ctxt, keep, doc != NULL);
	return doc;
}

/* True when a start tag of node begins at p (before end): '<', the
 * namespace prefix if the node has one, the name, then a delimiter. */
static int tag_at(const char *p, const char *end, const xmlNode *node)
{
	const char *prefix = node->ns && node->ns->prefix ? (const char *)node->ns->prefix : NULL;
	size_t plen = prefix ? strlen(prefix) : 0, nlen = strlen((const char *)node->name);

	if (*p++ != '<')
		return 0;
	if (prefix != NULL) {
		if ((size_t)(end - p) <= plen || memcmp(p, prefix, plen) != 0 || p[plen] != ':')
			return 0;
		p += plen + 1;
	}
	if ((size_t)(end - p) < nlen || memcmp(p, node->name, nlen) != 0)
		return 0;
	p += nlen;
	return p == end || *p == '>' || *p == '/' || *p == ' ' || *p == '\t' ||
	       *p == '\r' || *p == '\n';
}

/* A start tag written over several lines: libxml2 gives the line it ends
 * on, so its '<' is on an earlier line, after the last tag found and at
 * most TAG_BACK bytes back (a bound, so that a document of such tags is
 * still read in linear time). Its position, else pos (that line, column
 * 1). */
#define TAG_BACK 4096

static gpd_pos tag_before(gpd_xml_cursor *cur, const char *data, const char *line,
	const xmlNode *node, gpd_pos pos)
{
	size_t at = (size_t)(line - data), floor = at > TAG_BACK ? at - TAG_BACK : 0;
	const char *lo = data + (cur->last > floor && cur->last <= at ? cur->last : floor);

	for (const char *hit = line; hit > lo; ) {
		hit--;
		if (*hit != '<' || !tag_at(hit, line, node))
			continue;
		const char *bol = hit;
		unsigned up = 0;

		for (const char *q = hit; q < line; q++)
			up += *q == '\n';
		while (bol > data && bol[-1] != '\n')
			bol--;
		cur->last = (size_t)(hit - data) + 1;
		return (gpd_pos){pos.line - up, (unsigned)(hit - bol) + 1};
	}
	return pos;
}

gpd_pos gpd_xml_pos_next(gpd_xml_cursor *cur, const char *data, size_t len,
	const xmlNode *node)
{
	long ln = xmlGetLineNo(node);
	gpd_pos pos = {ln > 0 ? (unsigned)ln : 0, 1};
	const char *p, *end = data + len, *eol;

	if (ln <= 0 || node->name == NULL)
		return (gpd_pos){ln > 0 ? (unsigned)ln : 0, ln > 0};
	if (cur->line == 0 || cur->line > pos.line)
		*cur = (gpd_xml_cursor){1, 0, 0, SIZE_MAX, 0};
	for (p = data + cur->off; cur->line < pos.line; cur->line++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (p == NULL) {
			*cur = (gpd_xml_cursor){0, 0, 0, 0, 0};
			return pos;
		}
		cur->off = (size_t)(++p - data);
		cur->from = cur->off;
		cur->eol = SIZE_MAX;
	}
	/* the line's end is looked for once per line, not once per node */
	if (cur->eol == SIZE_MAX) {
		eol = memchr(p, '\n', (size_t)(end - p));
		cur->eol = (size_t)((eol ? eol : end) - data);
	}
	eol = data + cur->eol;
	for (const char *hit = data + (cur->from > cur->off ? cur->from : cur->off); hit < eol; hit++) {
		hit = memchr(hit, '<', (size_t)(eol - hit));
		if (hit == NULL)
			break;
		if (tag_at(hit, eol, node)) {
			pos.col = (unsigned)(hit - p) + 1;
			cur->from = (size_t)(hit - data) + 1;
			cur->last = cur->from;
			return pos;
		}
	}
	return tag_before(cur, data, p, node, pos);
}

gpd_pos gpd_xml_pos(const char *data, size_t len, const xmlNode *node)
{
	gpd_xml_cursor cur = {0, 0, 0, 0, 0};

	return gpd_xml_pos_next(&cur, data, len, node);
}

gpd_pos gpd_xml_msg_pos(const char *data, size_t len, long line, const xmlNode *node)
{
	gpd_pos pos = {line > 0 ? (unsigned)line : 1, 1};

	if (node != NULL && node->type == XML_ELEMENT_NODE && xmlGetLineNo(node) == line)
		pos = gpd_xml_pos(data, len, node);
	return pos;
}

int gpd_xml_is(const xmlNode *node, const char *ns, const char *name)
{
	return node != NULL && node->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)node->name, name) == 0 &&
	       node->ns != NULL && node->ns->href != NULL &&
	       strcmp((const char *)node->ns->href, ns) == 0;
}

/* Width of a line's leading blanks (tabs count as one column: records are
 * written with spaces, and a tab-indented one still reads consistently). */
static size_t indent_of(const char *s, const char *eol)
{
	size_t n = 0;

	while (s + n < eol && (s[n] == ' ' || s[n] == '\t'))
		n++;
	return s + n == eol ? (size_t)-1 : n; /* blank lines don't count */
}

static size_t common_indent(const char *s)
{
	size_t min = (size_t)-1;

	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t n;

		if (eol == NULL)
			eol = s + strlen(s);
		n = indent_of(s, eol);
		if (n < min)
			min = n;
		s = *eol ? eol + 1 : eol;
	}
	return min == (size_t)-1 ? 0 : min;
}

/* Columns of a closing tag standing alone on its line (the text ends with
 * a line break and blanks), or SIZE_MAX when the text ends on its line. */
static size_t closing_indent(const char *s)
{
	const char *nl = strrchr(s, '\n');

	if (nl == NULL)
		return SIZE_MAX;
	for (const char *p = nl + 1; *p; p++)
		if (*p != ' ' && *p != '\t')
			return SIZE_MAX;
	return strlen(nl + 1);
}

/* How many columns of indentation a text's lines lose: those all its lines
 * share (so records can be indented freely), but never more than one level
 * (GPD_XML_TEXT_LEVEL) past a closing tag on its own line, so a field
 * indented as code past that stays code: removing the XML's indentation
 * never changes what the text means. */
static size_t dedent_of(const char *s)
{
	size_t common = common_indent(s), close = closing_indent(s);

	return close != SIZE_MAX && close + GPD_XML_TEXT_LEVEL < common
		? close + GPD_XML_TEXT_LEVEL : common;
}

/* Removes the first `cut` columns of every line of s, and its leading
 * and trailing blank lines, in place: each line keeps its length or
 * shrinks, so what is written never passes what is still to read. */
static void strip_lines(char *s, size_t cut)
{
	char *w = s, *r = s;

	while (*r) {
		char *eol = strchr(r, '\n');
		size_t n, ind;
		int last;

		if (eol == NULL)
			eol = r + strlen(r);
		last = *eol == '\0'; /* before the line break below may land on it */
		ind = indent_of(r, eol);
		n = ind == (size_t)-1 ? (size_t)(eol - r) : cut;
		if (ind != (size_t)-1 || w > s) {
			memmove(w, r + n, (size_t)(eol - r) - n);
			w += (size_t)(eol - r) - n;
			*w++ = '\n';
		}
		if (last)
			break;
		r = eol + 1;
	}
	while (w > s && (w[-1] == '\n' || w[-1] == ' ' || w[-1] == '\t'))
		w--;
	*w = '\0';
}

/* The node's text. A field is most often one text node, copied at once:
 * xmlNodeGetContent grows a buffer for it (2 % of validate's
 * instructions, by callgrind). */
static xmlChar *content_of(const xmlNode *node)
{
	const xmlNode *c = node->children;

	if (c != NULL && c->next == NULL && c->content != NULL &&
	    (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE))
		return (xmlChar *)gpd_mem_strdup((const char *)c->content);
	return xmlNodeGetContent(node);
}

/* Whether text libxml2 parsed (n bytes) may hold a control character.
 * XML forbids the C0 ones, so only DEL and the lead byte of a C1 one's
 * UTF-8 (0xC2, then 0x80 to 0x9F) are looked for, by memchr: a byte by
 * byte pass over every field was a fifth of validate's instructions. */
static int may_hold_control(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	if (memchr(s, 0x7F, n) != NULL)
		return 1;
	while ((p = memchr(p, 0xC2, (size_t)(end - p))) != NULL) {
		if (p + 1 < end && (unsigned char)p[1] <= 0x9F)
			return 1;
		p++;
	}
	return 0;
}

char *gpd_xml_text(const xmlNode *node, int dedent, int *nomem, size_t *controls)
{
	xmlChar *raw = content_of(node);
	size_t n;
	char *out;

	if (raw == NULL) {
		*nomem = node->children != NULL;
		return NULL;
	}
	/* libxml2 allocates with malloc (mem.c's xmlMemSetup, or its
	 * default): the caller's free() takes it */
	out = (char *)raw;
	if (may_hold_control(out, strlen(out)) && (n = gpd_utf8_tame_controls(out, NULL)) > 0 &&
	    controls != NULL)
		*controls += n;
	strip_lines(out, dedent ? dedent_of(out) : 0);
	/* after the controls are counted: a text of nothing else is blank,
	 * and so is one of zero width spaces or bidi marks (utf8.h's rule) */
	if (gpd_utf8_visibly_empty(out)) {
		free(out);
		return NULL;
	}
	return out;
}

/* The code point of the character reference at s ("&#x85;", "&#133;"),
 * its length in *n; 0 when s starts none. */
static uint32_t reference_at(const char *s, const char *end, size_t *n)
{
	const char *p = s + 2;
	int hex = p < end && (*p == 'x' || *p == 'X');
	uint32_t c = 0;

	if (end - s < 4 || s[0] != '&' || s[1] != '#')
		return 0;
	p += hex;
	for (const char *d = p; p < end && p < d + 8; p++) {
		int v = *p >= '0' && *p <= '9' ? *p - '0' : !hex ? -1 :
			*p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

		if (v < 0)
			break;
		c = c * (hex ? 16u : 10u) + (uint32_t)v;
	}
	if (p >= end || *p != ';' || p == s + 2 + hex)
		return 0;
	*n = (size_t)(p + 1 - s);
	return c;
}

gpd_pos gpd_xml_control_pos(const char *data, size_t len, gpd_pos from, uint32_t *cp,
	char *ref, size_t max)
{
	const char *p = data, *end = data + len, *bol;
	gpd_pos at = {1, 1};

	for (; at.line < from.line && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; at.line++)
		p++;
	if (p == NULL)
		return (gpd_pos){0, 0};
	bol = p;
	p += from.col > 1 && (size_t)(from.col - 1) <= (size_t)(end - p) ? from.col - 1 : 0;
	for (; p < end; p++) {
		const unsigned char *u = (const unsigned char *)p;
		uint32_t c = 0;
		size_t n = 0;

		if (*p == '\n') {
			at.line++;
			bol = p + 1;
			continue;
		}
		if (*u == 0x7F || (*u == 0xC2 && p + 1 < end && u[1] >= 0x80 && u[1] <= 0x9F))
			c = *u == 0x7F ? 0x7F : u[1];
		else if (*p == '&' && (c = reference_at(p, end, &n)) != 0 &&
		    (c > 0x9F || gpd_utf8_control(c) == GPD_CONTROL_NONE))
			c = 0;
		if (c == 0)
			continue;
		at.col = (unsigned)(p - bol) + 1;
		*cp = c;
		snprintf(ref, max, "%.*s", (int)(n < max ? n : 0), p);
		return at;
	}
	return (gpd_pos){0, 0};
}

struct _xmlSchema *gpd_xml_schema_compile(const char *xsd, size_t len, int *nomem)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema = NULL;

	*nomem = 0;
	if (len > INT_MAX)
		return NULL;
	if ((pc = xmlSchemaNewMemParserCtxt(xsd, (int)len)) == NULL) {
		*nomem = 1;
		return NULL;
	}
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	return schema;
}
