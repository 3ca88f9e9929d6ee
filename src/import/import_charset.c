/* import_charset.c: an HTML export in the charset its <meta> declares.
 * Word saves a web page in the Windows code page of its language
 * (windows-1252 in English, windows-1250 in Polish, windows-1256 in
 * Arabic), LibreOffice and old editors in ISO-8859-N: read as UTF-8, each
 * accented letter was U+FFFD in the record ("Zo\uFFFD"), a Polish or
 * Arabic name lost whole. Text that is valid UTF-8 is read as UTF-8 whatever
 * it declares (an editor that saved it again kept the old <meta>); other
 * text with no declaration is left to the cleaning's U+FFFD and warning. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpdigest/utf8.h"
#include "import/import_priv.h"

/* How far into the file a declaration is looked for when no <body> comes
 * first: Word's head holds its style sheet before the body, never before
 * the <meta>. */
#define HEAD_MAX 65536

static int valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = gpd_utf8_decode((const unsigned char *)s + i, len - i, &c)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

static const char *find_ci(const char *s, size_t len, const char *what)
{
	size_t m = strlen(what);

	for (size_t i = 0; i + m <= len; i++)
		if (strncasecmp(s + i, what, m) == 0)
			return s + i;
	return NULL;
}

/* The charset a <meta> of the head declares ("text/html; charset=X" or
 * charset="X"), copied into out; its offset in *at. 0 when none does. */
static int declared(const char *s, size_t len, char *out, size_t max, size_t *at)
{
	const char *body = find_ci(s, len < HEAD_MAX ? len : HEAD_MAX, "<body");
	size_t head = body ? (size_t)(body - s) : len < HEAD_MAX ? len : HEAD_MAX;

	for (const char *m = s; (m = find_ci(m, head - (size_t)(m - s), "<meta")) != NULL; m++) {
		const char *gt = memchr(m, '>', head - (size_t)(m - s));
		const char *p = find_ci(m, gt ? (size_t)(gt - m) : head - (size_t)(m - s), "charset");
		size_t n = 0;

		if (p == NULL)
			continue;
		for (p += 7; p < s + head && (isspace((unsigned char)*p) || *p == '=' ||
		     *p == '"' || *p == '\''); p++)
			;
		while (p + n < s + head && n + 1 < max && (isalnum((unsigned char)p[n]) ||
		       strchr("-_.:", p[n]) != NULL)) {
			out[n] = p[n];
			n++;
		}
		out[n] = '\0';
		*at = (size_t)(m - s);
		return n > 0;
	}
	return 0;
}

/* The name iconv is asked for: HTML reads Latin-1 and ASCII as
 * windows-1252 (a browser shows &#150;'s byte as an en dash); UTF-8 and
 * what cannot be an ASCII-compatible text's charset (UTF-16, whose BOM
 * the caller already refused) are none. */
static const char *codec(const char *cs)
{
	static const char *const latin1[] = {"iso-8859-1", "iso8859-1", "latin1", "l1",
		"us-ascii", "ascii", "iso_8859-1", "cp819", "ibm819"};

	if (strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0 ||
	    strncasecmp(cs, "utf-16", 6) == 0 || strcasecmp(cs, "unicode") == 0)
		return NULL;
	for (size_t k = 0; k < sizeof(latin1) / sizeof(latin1[0]); k++)
		if (strcasecmp(cs, latin1[k]) == 0)
			return "WINDOWS-1252";
	return cs;
}

/* True when cd reads ASCII as ASCII, so lines and tags keep their places
 * (EBCDIC, UTF-7 or UTF-32 declared over ASCII markup would not). */
static int ascii_compatible(iconv_t cd)
{
	char in[] = "<meta charset=x>\n\t&#1;", out[64];
	char *ip = in, *op = out;
	size_t il = sizeof(in) - 1, ol = sizeof(out);

	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0)
		return 0;
	iconv(cd, NULL, NULL, NULL, NULL);
	return (size_t)(op - out) == sizeof(in) - 1 && memcmp(out, in, sizeof(in) - 1) == 0;
}

static void place(const char *s, size_t at, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

/* Converts all of data by cd into b; a byte the charset does not have is
 * U+FFFD, the first reported at its place. Returns -1 when out of memory. */
static int convert(iconv_t cd, const char *data, size_t len, const char *cs,
	const char *name, gpd_diag *diag, gpd_buf *b)
{
	char *ip = (char *)data;
	size_t il = len, bad = 0;

	while (il > 0) {
		char chunk[4096], *op = chunk;
		size_t ol = sizeof(chunk);
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		int e = errno;

		gpd_buf_append(b, chunk, (size_t)(op - chunk));
		if (r != (size_t)-1 || e == E2BIG)
			continue;
		if (bad++ == 0) {
			unsigned line, col;
			gpd_buf msg = {0};

			place(data, (size_t)(ip - data), &line, &col);
			gpd_buf_printf(&msg, "byte 0x%02X is not a character of %s, the %s; "
				"bad bytes replaced by U+FFFD", (unsigned char)*ip, cs,
				strncmp(cs, "UTF-16", 6) == 0 ? "encoding its byte-order mark names" :
				"charset the export declares");
			gpd_diag_report(diag, name, line, col, GPD_W_IMPORT,
				msg.data ? msg.data : "bad bytes replaced by U+FFFD");
			gpd_buf_free(&msg);
		}
		gpd_buf_puts(b, "\xEF\xBF\xBD");
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return b->failed ? -1 : 0;
}

/* The text's byte-order mark for UTF-16, as Notepad's "Unicode" and Word's
 * web page "Unicode" begin: its byte order, else NULL. */
static const char *utf16_bom(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;

	if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE && !(len >= 4 && d[2] == 0 && d[3] == 0))
		return "UTF-16LE"; /* (FF FE 00 00 is UTF-32's) */
	if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
		return "UTF-16BE";
	return NULL;
}

int imp_decode_charset(const char *name, const char *data, size_t len, gpd_diag *diag,
	char **out, size_t *out_len)
{
	char cs[41];
	size_t at = 0;
	const char *c, *bom = utf16_bom(data, len);
	iconv_t cd;
	gpd_buf b = {0};
	unsigned line, col;

	*out = NULL;
	if (bom != NULL) { /* its mark says what it is: read so, mark left out */
		snprintf(cs, sizeof(cs), "%s", bom);
		c = bom;
		data += 2;
		len -= 2;
	} else if (valid_utf8(data, len) || !declared(data, len, cs, sizeof(cs), &at) ||
	    (c = codec(cs)) == NULL) {
		return 0;
	}
	cd = iconv_open("UTF-8", c);
	if (cd == (iconv_t)-1 || (bom == NULL && !ascii_compatible(cd))) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		place(data, at, &line, &col);
		gpd_buf_printf(&b, "it declares the charset \"%s\", which cannot be read here: "
			"save it again with the encoding UTF-8", cs);
		gpd_diag_report(diag, name, line, col, GPD_E_ENCODING,
			b.data ? b.data : "its declared charset cannot be read here");
		gpd_buf_free(&b);
		return -1;
	}
	if (convert(cd, data, len, cs, name, diag, &b) != 0) {
		iconv_close(cd);
		gpd_buf_free(&b);
		return -2;
	}
	iconv_close(cd);
	*out_len = b.len;
	*out = b.data ? gpd_buf_take(&b) : calloc(1, 1);
	return *out ? 0 : -2;
}
