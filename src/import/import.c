/* import.c: the importer's entry points. It cleans the input (bounded
 * size, valid UTF-8, no control characters, so whatever the form holds can
 * be written as XML), picks the tokenizer for the export kind, lets
 * import_form.c read the questions and import_attach.c the document after
 * them, derives the editorial fields the form lacks (flagged for the editor
 * to confirm), and checks the result as `gpdigest validate` would. */
#define _GNU_SOURCE /* strcasestr, as import_form.c reads a form */
#include "gpdigest/import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <hb.h>

#include "gpdigest/ingest.h"
#include "gpdigest/limits.h"
#include "gpdigest/lint.h"
#include "gpdigest/record_xml.h"
#include "gpdigest/utf8.h"
#include "import/import_priv.h"
#include "ingest/xml.h"

/* ---- the cleaned input ---- */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t c = 0;
	size_t len = gpd_utf8_decode(s, n, &c);

	/* U+FFFE and U+FFFF are not characters: a form never holds them */
	return c == 0xFFFE || c == 0xFFFF ? 0 : len;
}

/* The control character at s (n bytes, a valid UTF-8 sequence): what
 * gpd_utf8_control makes of it, its code point in *cp. */
static gpd_control control_of(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 1 || (n == 2 && s[0] == 0xC2 && s[1] <= 0x9F)) {
		*cp = n == 1 ? s[0] : s[1];
		return gpd_utf8_control(*cp);
	}
	return GPD_CONTROL_NONE;
}

/* Bytes after an ESC or a CSI (U+009B) at i of a terminal's colour code
 * ("ESC [1;31m", "CSI 0m"), else 0: its parameters would be left as text
 * ("[1;31m") when the control alone is left out. Only this form, which
 * nothing on a form resembles: a box "[X]" is never taken. */
static size_t colour_code(const char *s, size_t len, size_t i, uint32_t cp)
{
	size_t j = i;

	if (cp == 0x1B && j < len && s[j] == '[')
		j++;
	else if (cp != 0x9B)
		return 0;
	while (j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';'))
		j++;
	return j < len && s[j] == 'm' ? j + 1 - i : 0;
}

/* The controls clean_input left out, said once, at the first. */
typedef struct dropped {
	size_t count;
	unsigned line, col;
	uint32_t first;
	int colour;
} dropped;

static void report_dropped(const dropped *dr, const char *name, gpd_diag *diag)
{
	gpd_buf b = {0};

	if (dr->count == 0)
		return;
	if (dr->count == 1)
		gpd_buf_printf(&b, "a control character (U+%04X) left out", (unsigned)dr->first);
	else
		gpd_buf_printf(&b, "%zu control characters left out (U+%04X here, the first)",
			dr->count, (unsigned)dr->first);
	if (dr->colour)
		gpd_buf_puts(&b, dr->count == 1 ? " with the terminal colour code it starts" :
			" with the terminal colour codes they start");
	gpd_buf_puts(&b, dr->count == 1 ? ": it is not text, and a record holds none; check "
		"the words around it" : ": they are not text, and a record holds none; check "
		"the words around them");
	gpd_diag_report(diag, name, dr->line, dr->col, GPD_W_IMPORT, b.data ? b.data :
		"control characters left out");
	gpd_buf_free(&b);
}

/* Copies data into a clean text: CRLF and CR become LF; the controls
 * gpd_utf8_control calls whitespace (a scan's form feeds, NEL) and
 * no-break spaces (pandoc puts one after "e.g.") a space; the other
 * controls (and a terminal colour code one starts) left out, reported
 * once; invalid UTF-8 U+FFFD (the first reported); a BOM dropped. Every
 * later step, and the record written, sees no control but tab and LF. */
static char *clean_input(const char *data, size_t len, const char *name,
	gpd_diag *diag, size_t *out_len)
{
	gpd_buf b = {0};
	unsigned line = 1, col = 1;
	int reported = 0;
	dropped dr = {0};
	size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	while (i < len) {
		unsigned char c = (unsigned char)data[i];
		size_t n, run = 0;
		gpd_control k;
		uint32_t cp = 0;

		while (i + run < len && (unsigned char)data[i + run] >= 0x20 &&
		       (unsigned char)data[i + run] < 0x7F)
			run++;
		if (run > 0) { /* printable ASCII: copied as it is */
			gpd_buf_append(&b, data + i, run);
			i += run;
			col += (unsigned)run;
			continue;
		}
		n = utf8_len((const unsigned char *)data + i, len - i);

		if (c == '\r' || c == '\n') {
			gpd_buf_putc(&b, '\n');
			i += c == '\r' && i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
			line++;
			col = 1;
			continue;
		}
		if (n == 0) {
			if (!reported++)
				gpd_diag_report(diag, name, line, col, GPD_W_IMPORT,
					"the input is not valid UTF-8 here; bad bytes "
					"replaced by U+FFFD");
			gpd_buf_puts(&b, "\xEF\xBF\xBD");
			n = 1;
		} else if ((k = control_of((const unsigned char *)data + i, n, &cp)) ==
		    GPD_CONTROL_SPACE) {
			gpd_buf_putc(&b, ' ');
		} else if (k == GPD_CONTROL_DROP) {
			size_t code = colour_code(data, len, i + n, cp);

			if (dr.count++ == 0)
				dr = (dropped){1, line, col, cp, 0};
			dr.colour |= code > 0;
			n += code;
		} else if ((n == 2 && memcmp(data + i, "\xC2\xA0", 2) == 0) ||
		    (n == 3 && memcmp(data + i, "\xE2\x80\xAF", 3) == 0)) {
			gpd_buf_putc(&b, ' '); /* no-break spaces: words are matched at spaces */
		} else {
			gpd_buf_append(&b, data + i, n);
		}
		i += n;
		col += (unsigned)n;
	}
	report_dropped(&dr, name, diag);
	*out_len = b.len;
	if (b.data == NULL && !b.failed)
		return calloc(1, 1);
	return gpd_buf_take(&b);
}

/* Indexes the lines of d->data; refuses (reported) more lines than
 * GPD_MAX_IMPORT_LINES, before the tokenizer spends memory on each. */
static int index_lines(imp_doc *d, const char *name, gpd_diag *diag)
{
	size_t n = 1;

	for (size_t i = 0; i < d->len; i++)
		n += d->data[i] == '\n';
	if (n > GPD_MAX_IMPORT_LINES) {
		gpd_diag_report(diag, name, GPD_MAX_IMPORT_LINES + 1, 1, GPD_E_IMPORT,
			"the input has more than " GPD_LIMIT_TEXT(GPD_MAX_IMPORT_LINES)
			" lines, more than a form and its attachment could: refused");
		return -1;
	}
	d->line_off = malloc((n + 1) * sizeof(size_t));
	if (d->line_off == NULL)
		return -1;
	d->nlines = 0;
	d->line_off[d->nlines++] = 0;
	for (size_t i = 0; i < d->len; i++)
		if (d->data[i] == '\n')
			d->line_off[d->nlines++] = i + 1;
	d->line_off[d->nlines] = d->len + 1;
	return 0;
}

static void free_doc(imp_doc *d)
{
	for (size_t i = 0; i < d->nparas; i++)
		free(d->paras[i].md);
	free(d->paras);
	for (size_t i = 0; i < d->nsegs; i++)
		free(d->segs[i].text);
	free(d->segs);
	free(d->line_off);
}

gpd_import_kind gpd_import_detect(const char *data, size_t len)
{
	/* An export's own marks, and the block tags any HTML writer uses
	 * (LibreOffice and Word write "<p style=...>", "<p class=...>"). */
	static const char *const marks[] = {"type=\"checkbox\"", "<input", "<p>", "|---", "|--|",
		"<!doctype html", "<html", "<body", "<table", "<td", "<p "};

	if (imp_container_of(data, len) == IMP_ZIP)
		return GPD_IMPORT_DOCX;
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		size_t m = strlen(marks[k]);

		for (size_t i = 0; i + m <= len; i++) {
			const char *p = memchr(data + i, marks[k][0], len - i);

			if (p == NULL)
				break;
			i = (size_t)(p - data);
			if (i + m <= len && strncasecmp(p, marks[k], m) == 0)
				return GPD_IMPORT_HTML;
		}
	}
	return GPD_IMPORT_OCR;
}

/* ---- editorial fields ---- */

static void warn_at(gpd_diag *diag, const char *name, gpd_pos pos,
	const char *what, const char *value, const char *why)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "%s \"%s\" %s; confirm", what, value, why);
	gpd_diag_report(diag, name, pos.line ? pos.line : 1, pos.line ? pos.col : 1,
		GPD_W_IMPORT,
		b.data ? b.data : what);
	gpd_buf_free(&b);
}

/* Words that end an authority's name in an agency name. */
static int service_word(const char *w, size_t n)
{
	static const char *const words[] = {"leaving", "care", "service", "services",
		"team", "council", "department", "dept", "social", "children",
		"children's", "childrens", "county", "city", "metropolitan",
		"borough", "youth", "project", "aftercare", "after-care", "16+"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
			return 1;
	return 0;
}

/* The authority from the agency name as written: the part before a comma
 * (the region), without "London Borough of" and from the first service
 * word on: "Tower Hamlets Leaving Care Service, London" -> "Tower Hamlets". */
static char *derive_authority(const char *agency)
{
	static const char *const prefixes[] = {"london borough of ", "royal borough of ",
		"borough of ", "city of ", "the "};
	size_t n = strcspn(agency, ",;("), start = 0, end;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncasecmp(agency, prefixes[i], strlen(prefixes[i])) == 0)
			start = strlen(prefixes[i]);
	end = start;
	for (size_t i = start; i < n;) {
		size_t w = 0;

		while (i < n && agency[i] == ' ')
			i++;
		while (i + w < n && agency[i + w] != ' ')
			w++;
		if (w == 0 || service_word(agency + i, w))
			break;
		i += w;
		end = i;
	}
	if (end == start)
		end = n;
	while (end > start && strchr(" .", agency[end - 1]))
		end--;
	if (end == start)
		return NULL;
	{
		char *s = malloc(end - start + 1);

		if (s != NULL) {
			memcpy(s, agency + start, end - start);
			s[end - start] = '\0';
		}
		return s;
	}
}

static int stop_word(const char *w, size_t n)
{
	static const char *const words[] = {"a", "an", "the", "to", "of", "and",
		"for", "in", "on", "with", "by", "be", "is", "are", "can", "so",
		"that", "as", "at", "or", "their", "its", "all"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
			return 1;
	return 0;
}

/* A short title from the first sentence of the purpose ("To enable
 * service users ..." -> "Enable service users ..."), cut at a word
 * boundary to at most 70 bytes. */
static char *derive_title(const char *purpose)
{
	size_t n = 0, cut = 0;
	gpd_buf b = {0};

	if (strncasecmp(purpose, "to ", 3) == 0)
		purpose += 3;
	while (purpose[n] && purpose[n] != '\n' &&
	       !(purpose[n] == '.' && (purpose[n + 1] == ' ' || !purpose[n + 1])) &&
	       !(purpose[n] == ';'))
		n++;
	if (n > 70) {
		for (size_t i = 0; i <= 70; i++)
			if (purpose[i] == ' ')
				cut = i;
		n = cut ? cut : 70;
		while (n > 0 && ((unsigned char)purpose[n] & 0xC0) == 0x80)
			n--;
	}
	for (;;) {
		size_t w = n;

		while (n > 0 && strchr(" ,:;-", purpose[n - 1]))
			n--;
		w = n;
		while (w > 0 && purpose[w - 1] != ' ')
			w--;
		if (w == 0 || !stop_word(purpose + w, n - w))
			break;
		n = w; /* no title ends "... on a" */
	}
	if (n == 0)
		return NULL;
	gpd_buf_putc(&b, (char)toupper((unsigned char)purpose[0]));
	gpd_buf_append(&b, purpose + 1, n - 1);
	return gpd_buf_take(&b);
}

/* The ASCII a Latin letter with marks stands on in an id ("ń" "n", "ễ"
 * "e", "Ł" "l"): its canonical decomposition's base, or the letters a few
 * without one are spelled with; NULL for any other character. A combining
 * mark (text in NFD) is "" : it belongs to the letter before it. */
static const char *slug_letter(uint32_t c, char one[2])
{
	static const struct { uint32_t c; const char *s; } own[] = {
		{0xDF, "ss"}, {0xE6, "ae"}, {0xC6, "ae"}, {0xF8, "o"}, {0xD8, "o"},
		{0xF0, "d"}, {0xD0, "d"}, {0xFE, "th"}, {0xDE, "th"}, {0x110, "d"},
		{0x111, "d"}, {0x126, "h"}, {0x127, "h"}, {0x131, "i"}, {0x141, "l"},
		{0x142, "l"}, {0x152, "oe"}, {0x153, "oe"},
	};
	hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
	hb_codepoint_t a = c, m;

	if (hb_unicode_combining_class(u, c) != HB_UNICODE_COMBINING_CLASS_NOT_REORDERED)
		return "";
	for (size_t k = 0; k < sizeof(own) / sizeof(own[0]); k++)
		if (own[k].c == c)
			return own[k].s;
	for (int depth = 0; depth < 4 && a >= 0x80 && hb_unicode_decompose(u, a, &a, &m); depth++)
		;
	if (a >= 0x80 || !isalnum((int)a))
		return NULL;
	one[0] = (char)tolower((int)a);
	one[1] = '\0';
	return one;
}

/* Appends the slug of s[0..n) (ASCII letters and digits, Latin letters
 * with marks as their base letters, hyphens between runs) to b: "Gdańsk"
 * was "gda-sk". */
static void put_slug(gpd_buf *b, const char *s, size_t n)
{
	int hyphen = b->len > 0;

	for (size_t i = 0; i < n;) {
		uint32_t c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : gpd_utf8_decode((const unsigned char *)s + i, n - i, &c);
		char one[2] = {(char)tolower((int)(c < 0x80 ? c : 0)), '\0'};
		const char *t = c < 0x80 ? (isalnum((int)c) ? one : NULL) : slug_letter(c, one);

		i += len ? len : 1;
		if (t == NULL) {
			hyphen = 1;
			continue;
		}
		if (*t && hyphen && b->len > 0 && b->data[b->len - 1] != '-')
			gpd_buf_putc(b, '-');
		hyphen = *t ? 0 : hyphen;
		gpd_buf_puts(b, t);
	}
}

/* Cuts a derived id to at most 60 characters: at a hyphen, else (one
 * long word) at 60, so the id stays within the 80 an id may have. */
static void cut_id(gpd_buf *b)
{
	while (b->len > 60) {
		char *h = strrchr(b->data, '-');

		b->len = h != NULL ? (size_t)(h - b->data) : 60;
		b->data[b->len] = '\0';
	}
	while (b->len > 0 && b->data[b->len - 1] == '-')
		b->data[--b->len] = '\0';
}

/* A byte of a word in a title: an ASCII letter or digit, or a byte of a
 * character beyond ASCII (put_slug keeps its Latin letters). */
static int word_byte(char c)
{
	return (unsigned char)c >= 0x80 || isalnum((unsigned char)c);
}

/* The id: the authority's slug and three telling words of the title;
 * when neither has a Latin letter (a form in Bengali, Arabic, Chinese),
 * the input file's name ("form-07.html": "form-07"), so that forms
 * imported together get ids of their own, not each "record". */
static char *derive_id(const char *authority, const char *title, const char *name,
	int *from_name)
{
	gpd_buf b = {0};
	size_t words = 0;

	put_slug(&b, authority ? authority : "record", strlen(authority ? authority : "record"));
	for (const char *w = title ? title : ""; *w && words < 3;) {
		size_t n = 0, len = b.len;

		while (*w && !word_byte(*w))
			w++;
		while (word_byte(w[n]))
			n++;
		if (n > 0 && !stop_word(w, n)) {
			put_slug(&b, w, n);
			words += b.len > len; /* a word of another script adds nothing */
		}
		w += n;
	}
	cut_id(&b);
	if (b.len == 0) {
		const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		const char *dot = strrchr(base, '.');

		put_slug(&b, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
		cut_id(&b);
		*from_name = b.len > 0;
	}
	if (b.len == 0)
		gpd_buf_puts(&b, "record");
	/* an id the publications keep for a section ("index", "region-...")
	 * would make the record invalid: the importer's own guess must not */
	if (!gpd_buf_failed(&b) && gpd_lint_id_reserved(b.data)) {
		gpd_buf r = {0};

		gpd_buf_printf(&r, "record-%s", b.data);
		gpd_buf_free(&b);
		b = r;
		cut_id(&b);
	}
	return gpd_buf_take(&b);
}

int gpd_import_valid_id(const char *id)
{
	return gpd_record_id_ok(id, strlen(id));
}

int gpd_import_valid_date(const char *s)
{
	int y, m, d;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static char *received_date(const gpd_import_opts *o, const char *name, gpd_diag *diag)
{
	char buf[32];
	struct tm tm;
	time_t t;

	if (o->received != NULL)
		return gpd_strdup(o->received);
	t = (time_t)o->source_date;
	if (o->source_date < 0 || o->source_date > 253402300799LL ||
	    gmtime_r(&t, &tm) == NULL) {
		warn_at(diag, name, (gpd_pos){0, 0}, "received date", "1970-01-01",
			"is a placeholder: the date the form was received is not known");
		return gpd_strdup("1970-01-01");
	}
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	{
		gpd_buf why = {0};
		char *s;

		gpd_buf_printf(&why, "is taken from %s", o->source_date_from ?
			o->source_date_from : "the input");
		warn_at(diag, name, (gpd_pos){0, 0}, "received date", buf,
			why.data ? why.data : "is derived");
		gpd_buf_free(&why);
		s = gpd_strdup(buf);
		return s;
	}
}

/* Fills the fields the form lacks, flagged for the editor in one warning
 * (the received date in its own: it does not come from the form). */
static int derive(gpd_record *rec, const gpd_import_opts *o, const char *name,
	gpd_diag *diag)
{
	const char *purpose = rec->text[GPD_TEXT_PURPOSE];
	gpd_buf b = {0};
	gpd_pos at = rec->pos[GPD_FIELD_AGENCY];
	int from_name = 0;

	if (rec->agency != NULL && (rec->authority = derive_authority(rec->agency)) != NULL)
		gpd_buf_printf(&b, "authority \"%s\" (from the agency name)", rec->authority);
	if (purpose != NULL && (rec->title = derive_title(purpose)) != NULL)
		gpd_buf_printf(&b, "%stitle \"%s\" (from the purpose)", b.len ? ", " : "",
			rec->title);
	if (o->id != NULL) {
		rec->id = gpd_strdup(o->id);
	} else if ((rec->id = derive_id(rec->authority, rec->title, name, &from_name)) != NULL) {
		gpd_buf_printf(&b, "%srecord id \"%s\" (from %s; --id sets it)", b.len ? ", " : "",
			rec->id, from_name ? "the file's name: they have no Latin letter" : "both");
	}
	if (b.len > 0) {
		gpd_buf d = {0};

		gpd_buf_printf(&d, "derived: %s; confirm", b.data);
		gpd_diag_report(diag, name, at.line ? at.line : 1, at.line ? at.col : 1,
			GPD_W_IMPORT, d.data ? d.data : "derived values; confirm");
		gpd_buf_free(&d);
	}
	gpd_buf_free(&b);
	rec->received = received_date(o, name, diag);
	return rec->id == NULL || rec->received == NULL ? -1 : 0;
}

/* Checks the options the caller passed; reports and returns -1 if bad. */
static int check_opts(const gpd_import_opts *o, const char *name, gpd_diag *diag)
{
	if (o->id != NULL && !gpd_import_valid_id(o->id)) {
		gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT, "the id must be lower-case "
			"letters and digits in hyphen-separated runs, at most 80 long");
		return -1;
	}
	if (o->received != NULL && !gpd_import_valid_date(o->received)) {
		gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT,
			"the received date must be a date YYYY-MM-DD");
		return -1;
	}
	return 0;
}

gpd_record *gpd_import_memory(const char *name, const char *data, size_t len,
	const gpd_import_opts *opts, gpd_diag *diag)
{
	gpd_import_opts none = {NULL, NULL, -1, NULL};
	const gpd_import_opts *o = opts ? opts : &none;
	imp_doc d = {0};
	gpd_record *rec = NULL;
	size_t attach = 0;
	char *clean = NULL, *word = NULL;
	int ok = 0, nomem = 0, docx = 0;
	imp_split sp = {0};
	char *nfc = NULL;
	int rc;
	gpd_diag *pd = diag; /* what the parser reports into */
	size_t errors = gpd_diag_count(diag, GPD_LEVEL_ERROR) +
		gpd_diag_count(diag, GPD_LEVEL_FATAL);

	if (len > GPD_MAX_FILE_BYTES) {
		gpd_diag_report(diag, name, 1, 1, GPD_E_TOO_LARGE, GPD_LIMIT_TEXT(GPD_MAX_FILE_MIB) " MiB");
		return NULL;
	}
	if (check_opts(o, name, diag) != 0)
		return NULL;
	switch (imp_container_of(data, len)) {
	case IMP_OLE2:
		imp_ole2_refuse(name, data, len, diag);
		return NULL;
	case IMP_ZIP: /* a Word document: read as the HTML export it would make */
		if (imp_docx_read(name, data, len, diag, &word, &len, &d.paras, &d.nparas,
		    &nomem) != 0) {
			if (!nomem)
				return NULL; /* refused, reported */
			goto out;
		}
		data = word;
		docx = 1;
		break;
	case IMP_TEXT: /* UTF-16 with its mark, or another charset, to UTF-8 */
		switch (imp_decode_charset(name, data, len, diag, &word, &len)) {
		case -1:
			return NULL; /* reported */
		case -2:
			goto out;
		}
		if (word != NULL)
			data = word;
		/* UTF-16 without a mark would be read as text spaced out by NULs */
		else if (gpd_xml_refuse_utf16(name, data, len, diag))
			return NULL;
		break;
	}
	clean = clean_input(data, len, name, diag, &d.len);
	if (clean == NULL || (rc = imp_nfc(clean, d.len, &nfc, &d.len)) < 0 ||
	    imp_nfc_paras(d.paras, d.nparas) != 0)
		goto out;
	if (rc > 0) { /* decomposed letters composed, as a record keeps them */
		free(clean);
		clean = nfc;
	}
	d.html = docx || gpd_import_detect(clean, d.len) == GPD_IMPORT_HTML;
	if (d.html && !docx) { /* an export's tags wrapped over lines */
		char *whole = imp_html_unwrap(clean, d.len, &d.len);

		free(clean);
		if ((clean = whole) == NULL || imp_split_blocks(&sp, &clean, &d.len, name, diag) != 0)
			goto out;
	}
	/* the parser reports at the split text's places, put back after */
	if (sp.nins > 0 && (pd = gpd_diag_new_like(diag)) == NULL)
		goto out;
	d.data = clean;
	if (index_lines(&d, name, pd) != 0 || (rec = gpd_record_new()) == NULL)
		goto out;
	if (d.html)
		imp_scan_html(&d);
	else
		imp_scan_ocr(&d);
	if (d.nomem || imp_parse_form(&d, rec, name, pd, &attach) != 0 || d.nomem)
		goto out;
	if (imp_attachment(&d, attach, rec, name, pd) != 0 || derive(rec, o, name, pd) != 0)
		goto out;
	ok = 1;
out:
	if (pd != diag) {
		imp_split_relay(&sp, &d, pd, diag);
		if (rec != NULL)
			imp_split_record(&sp, &d, rec);
		gpd_diag_free(pd);
	}
	imp_split_free(&sp);
	/* Every refusal was reported; a failure that was not is memory. */
	if (!ok && gpd_diag_count(diag, GPD_LEVEL_ERROR) +
	    gpd_diag_count(diag, GPD_LEVEL_FATAL) == errors)
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
	if (!ok) {
		gpd_record_free(rec);
		rec = NULL;
	}
	free_doc(&d);
	free(clean);
	free(word);
	return rec;
}

/* ---- checking the result ---- */

/* The name of the element whose start tag opens line `line` of the
 * record as written (xml, len), in buf; "" when none does. */
static void element_at(const char *xml, size_t len, unsigned line, char *buf, size_t max)
{
	const char *p = xml, *end = xml + len;
	size_t n = 0;

	for (unsigned l = 1; l < line && p != NULL; l++)
		if ((p = memchr(p, '\n', (size_t)(end - p))) != NULL)
			p++;
	while (p != NULL && p < end && *p == ' ')
		p++;
	if (p != NULL && p + 1 < end && *p == '<')
		for (p++; p + n < end && n + 1 < max && (isalnum((unsigned char)p[n]) || p[n] == '-'); n++)
			buf[n] = p[n];
	buf[n] = '\0';
}

/* Where in the input the value element holds was read: a field's first
 * line, or {0, 0} when the importer did not take it from one place. */
static gpd_pos input_pos(const gpd_record *rec, const char *element)
{
	if (strcmp(element, "agency") == 0)
		return rec->pos[GPD_FIELD_AGENCY];
	if (strcmp(element, "criteria") == 0 || strcmp(element, "criterion") == 0)
		return rec->pos[GPD_FIELD_CRITERIA];
	if (strcmp(element, "attachment") == 0 && rec->nattachments > 0)
		return rec->attachments[0].pos;
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		if (strcmp(element, gpd_form_text((gpd_text_field)t)->element) == 0)
			return rec->text_pos[t];
	for (int c = 0; c < GPD_CONTACT__COUNT; c++)
		if (strcmp(element, gpd_form_contact((gpd_contact_field)c)->element) == 0)
			return rec->contact_pos[c];
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if (strcmp(element, gpd_form_group((gpd_group)g)->element) == 0)
			return rec->group_pos[g];
	return (gpd_pos){0, 0};
}

/* Re-reports the errors a quiet check of xml collected (and the empty
 * fields that make a draft), as reasons at name: at the input's line of
 * the value they are about when the importer read it from one place
 * (an agency answer too long for the field), else at 1:1. */
static void relay(gpd_diag *from, gpd_diag *to, const char *name, const gpd_record *rec,
	const char *xml, size_t len)
{
	for (size_t i = 0; i < gpd_diag_size(from); i++) {
		const gpd_diagnostic *g = gpd_diag_at(from, i);
		gpd_buf b = {0};
		char element[32];
		gpd_pos at = {0, 0};

		if (g->level < GPD_LEVEL_ERROR && g->code != GPD_W_EMPTY_FIELD)
			continue;
		if (g->line > 0) {
			element_at(xml, len, g->line, element, sizeof(element));
			at = input_pos(rec, element);
		}
		gpd_buf_printf(&b, "the record would not be valid: %s [%s]", g->text,
			gpd_msg_name(g->code));
		gpd_diag_report(to, name, at.line ? at.line : 1, at.line ? at.col : 1,
			GPD_E_IMPORT, b.data ? b.data : g->text);
		gpd_buf_free(&b);
	}
}

/* The rules that say a value is absent. */
static int absence(gpd_msg code)
{
	return code == GPD_W_NO_CRITERION || code == GPD_W_NO_OUTCOME || code == GPD_W_NO_REGION;
}

/* The word a warning of the import names an absent value by (the one
 * lint_input would add: "ECM outcome: none of its 5 boxes ..."). */
static const char *absence_word(gpd_msg code)
{
	return code == GPD_W_NO_CRITERION ? "criteri" : code == GPD_W_NO_OUTCOME ? "outcome" :
		"region";
}

/* True when diag holds a warning about name's line that names what the
 * absence warning g is about: a line may hold several values (an export
 * on one line holds them all, and the derived fields' warning hid "no ECM
 * outcome ticked"). */
static int warned_at(const gpd_diag *diag, const char *name, const gpd_diagnostic *a)
{
	for (size_t i = 0; i < gpd_diag_size(diag); i++) {
		const gpd_diagnostic *g = gpd_diag_at(diag, i);

		if (g->line == a->line && g->file != NULL && strcmp(g->file, name) == 0 &&
		    g->level == GPD_LEVEL_WARNING && g->text != NULL &&
		    strcasestr(g->text, absence_word(a->code)) != NULL)
			return 1;
	}
	return 0;
}

/* Runs the rules `validate` runs on what the input said (a bad e-mail, a
 * "please specify" text beside an unticked box, no criterion, no outcome)
 * and reports their warnings at the input's lines. The rules on the id
 * and the file name are the written record's (checked by the caller). */
static void lint_input(const gpd_record *rec, const char *name, gpd_diag *diag)
{
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_record copy = *rec;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	size_t n = strlen(base);
	char *id;

	if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
		n -= 4;
	id = malloc(n + 1);
	if (quiet == NULL || id == NULL) {
		gpd_diag_free(quiet);
		free(id);
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
		return;
	}
	memcpy(id, base, n);
	id[n] = '\0';
	copy.path = (char *)name; /* the record is the input's: its lines */
	copy.id = id;             /* named as its file, so the id rules hold */
	gpd_diag_set_quiet(quiet, 1);
	gpd_lint_record(&copy, NULL, quiet);
	for (size_t i = 0; i < gpd_diag_size(quiet); i++) {
		const gpd_diagnostic *g = gpd_diag_at(quiet, i);

		/* the input's own rules only (an input named like a reserved
		 * id is not an error of the record), and one warning a value:
		 * a group the import found lost is not also "not ticked" */
		if (g->level == GPD_LEVEL_WARNING && !(absence(g->code) && warned_at(diag, name, g)))
			gpd_diag_relay(diag, g);
	}
	gpd_diag_free(quiet);
	free(id);
}

int gpd_import_check(const gpd_record *rec, const char *name, gpd_diag *diag,
	char **xml, size_t *len)
{
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_ingest *in = NULL;
	gpd_record *back = NULL;
	gpd_buf file = {0};
	char *out = NULL;
	size_t n = 0;
	int rc = -1;

	*xml = NULL;
	*len = 0;
	if (quiet != NULL) {
		gpd_diag_set_quiet(quiet, 1);
		in = gpd_ingest_new(quiet);
	}
	if (in == NULL || (out = gpd_record_to_xml(rec, &n)) == NULL) {
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
		goto done;
	}
	gpd_buf_printf(&file, "%s.xml", rec->id);
	back = gpd_ingest_memory(in, file.data ? file.data : "record.xml", out, n);
	if (back != NULL)
		gpd_lint_record(back, NULL, quiet);
	/* a draft (a field every record needs left empty) is a record an
	 * editor starts by hand (gpdigest new), not one the importer writes */
	if (back == NULL || back->draft || gpd_diag_count(quiet, GPD_LEVEL_ERROR) > 0 ||
	    gpd_diag_count(quiet, GPD_LEVEL_FATAL) > 0) {
		relay(quiet, diag, name, rec, out, n);
		if (gpd_diag_count(quiet, GPD_LEVEL_ERROR) +
		    gpd_diag_count(quiet, GPD_LEVEL_FATAL) == 0)
			gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT,
				"the record would not be valid");
		goto done;
	}
	lint_input(rec, name, diag);
	*xml = out;
	*len = n;
	out = NULL;
	rc = 0;
done:
	free(out);
	gpd_buf_free(&file);
	gpd_record_free(back);
	gpd_ingest_free(in);
	gpd_diag_free(quiet);
	return rc;
}

/* ---- the report ---- */

static void item(gpd_buf *b, int *first, const char *s)
{
	gpd_buf_puts(b, *first ? "" : ", ");
	gpd_buf_puts(b, s);
	*first = 0;
}

/* Appends the names of the fields that are (filled) or are not read. */
static void list_fields(const gpd_record *rec, gpd_buf *b, int filled)
{
	int first = 1;

	if ((rec->ncriteria > 0) == filled)
		item(b, &first, "criteria");
	if ((rec->agency != NULL) == filled)
		item(b, &first, "agency");
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		if ((rec->ticks[g] != 0) == filled)
			item(b, &first, gpd_form_group((gpd_group)g)->element);
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		if ((rec->text[t] != NULL) == filled)
			item(b, &first, gpd_form_text((gpd_text_field)t)->element);
	for (int c = 0; c < GPD_CONTACT__COUNT; c++)
		if ((rec->contact[c] != NULL) == filled) {
			gpd_buf_puts(b, first ? "" : ", ");
			gpd_buf_printf(b, "contact/%s", gpd_form_contact((gpd_contact_field)c)->element);
			first = 0;
		}
	if ((rec->nattachments > 0) == filled)
		item(b, &first, "attachments");
	if (first)
		gpd_buf_puts(b, "none");
}

void gpd_import_summary(const gpd_record *rec, gpd_buf *out)
{
	unsigned ticks = 0;

	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		for (uint64_t t = rec->ticks[g]; t != 0; t &= t - 1)
			ticks++;
	gpd_buf_puts(out, "read: ");
	list_fields(rec, out, 1);
	gpd_buf_puts(out, "; empty: ");
	list_fields(rec, out, 0);
	gpd_buf_printf(out, "; %u tick%s read; derived, to confirm: id, title, authority, "
		"received", ticks, ticks == 1 ? "" : "s");
}
