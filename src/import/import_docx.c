/* import_docx.c: a Word document (.docx, Office Open XML) read directly.
 * The archive is opened by libzip from memory and only the parts the
 * importer reads are unpacked, each bounded in size and packing ratio;
 * an archive with an entry named outside itself ("../x", "/etc/x") or an
 * encrypted entry is refused whole, since Word never writes one. The XML
 * goes through the hardened parser every input takes (ingest/xml.c: no
 * DTD, no entities, no network, UTF-8 only). import_docx_walk.c turns the
 * body into the text the HTML tokenizer reads, so a Word document meets the
 * same form parser as an export; an old binary .doc is refused with the
 * command that converts it. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "gpdigest/limits.h"
#include "import/import_docx.h"
#include "ingest/xml.h"

imp_container imp_container_of(const char *data, size_t len)
{
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return IMP_ZIP;
	if (len >= 4 && memcmp(data, "PK\x05\x06", 4) == 0)
		return IMP_ZIP; /* an empty archive: refused below as no document */
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return IMP_OLE2;
	return IMP_TEXT;
}

/* True when the UTF-16LE name s appears in data: an OLE2 file's directory
 * holds its streams' names so. */
static int has_utf16_name(const char *data, size_t len, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + 2 * n <= len; i++) {
		size_t k = 0;

		while (k < n && data[i + 2 * k] == s[k] && data[i + 2 * k + 1] == 0)
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

void imp_ole2_refuse(const char *name, const char *data, size_t len, gpd_diag *diag)
{
	/* Word saves a password-protected .docx as an OLE2 file holding the
	 * encrypted package: converting would not help, the password must go */
	if (has_utf16_name(data, len, "EncryptedPackage"))
		gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT, "this Word document is "
			"encrypted (password-protected): open it in Word, remove the "
			"password (File > Info > Protect Document) and save it again as .docx");
	else
		gpd_diag_report(diag, name, 1, 1, GPD_E_IMPORT, "this is an old binary Word "
			"document (.doc), which gpdigest does not read: convert it to .docx "
			"with `soffice --headless --convert-to docx FILE` (LibreOffice), or "
			"save it as .docx in Word, and import that");
}

/* ---- the archive ---- */

typedef struct docx {
	const char *name;
	gpd_diag *diag;
	zip_t *za;
	int nomem;
} docx;

static void refuse(docx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One error about the archive (at 1:1: it is about the whole file). */
static void refuse(docx *x, const char *fmt, ...)
{
	gpd_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	gpd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (gpd_buf_failed(&b))
		x->nomem = 1;
	else
		gpd_diag_report(x->diag, x->name, 1, 1, GPD_E_IMPORT, b.data);
	gpd_buf_free(&b);
}

/* True for an entry name that would land outside a folder it was unpacked
 * into: absolute ("/x", "\x", "C:x") or with a ".." step. */
static int escaping_name(const char *n)
{
	if (n[0] == '/' || n[0] == '\\' || (isalpha((unsigned char)n[0]) && n[1] == ':'))
		return 1;
	for (const char *p = n; *p;) {
		size_t k = strcspn(p, "/\\");

		if (k == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += k + (p[k] != '\0');
	}
	return 0;
}

/* Every entry: a name inside the archive, not encrypted. */
static int check_entries(docx *x)
{
	zip_int64_t n = zip_get_num_entries(x->za, 0);

	if (n > GPD_MAX_DOCX_ENTRIES) {
		refuse(x, "the archive holds %llu entries, more than the "
			GPD_LIMIT_TEXT(GPD_MAX_DOCX_ENTRIES) " a Word document could: refused",
			(unsigned long long)n);
		return -1;
	}
	for (zip_int64_t i = 0; i < n; i++) {
		const char *e = zip_get_name(x->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		zip_stat_t st;

		if (e == NULL || escaping_name(e)) {
			refuse(x, "the archive's entry '%s' (number %llu) is named outside the "
				"archive (an absolute path or '..'): not a Word document, refused",
				e ? e : "", (unsigned long long)i + 1);
			return -1;
		}
		zip_stat_init(&st);
		if (zip_stat_index(x->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) == 0 &&
		    (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
			refuse(x, "the archive's entry '%s' is encrypted: save the document "
				"again without a password", e);
			return -1;
		}
	}
	return 0;
}

/* Refuses an entry whose declared sizes are over the limits. */
static int check_sizes(docx *x, const char *part, const zip_stat_t *st)
{
	if (!(st->valid & ZIP_STAT_SIZE) || !(st->valid & ZIP_STAT_COMP_SIZE)) {
		refuse(x, "the archive's entry %s has no size", part);
		return -1;
	}
	if (st->size > GPD_MAX_DOCX_PART_BYTES) {
		refuse(x, "the archive's entry %s would unpack to %llu bytes, over the "
			"limit of " GPD_LIMIT_TEXT(GPD_MAX_DOCX_PART_MIB) " MiB", part,
			(unsigned long long)st->size);
		return -1;
	}
	if (st->size > 0 && (st->comp_size == 0 ||
	    st->size / st->comp_size >= GPD_MAX_DOCX_RATIO)) {
		refuse(x, "the archive's entry %s is packed %llu to one, more than "
			GPD_LIMIT_TEXT(GPD_MAX_DOCX_RATIO) " to one (a zip bomb?): refused",
			part, (unsigned long long)(st->comp_size ? st->size / st->comp_size : st->size));
		return -1;
	}
	if ((st->valid & ZIP_STAT_COMP_METHOD) && st->comp_method != ZIP_CM_STORE &&
	    st->comp_method != ZIP_CM_DEFLATE) {
		refuse(x, "the archive's entry %s is packed by method %llu, which Word "
			"never uses: refused", part, (unsigned long long)st->comp_method);
		return -1;
	}
	return 0;
}

/* True when data holds more tags than GPD_MAX_DOCX_PART_TAGS: the tree
 * libxml2 would build of it is bounded by their number, not its size. */
static int too_many_tags(const char *data, size_t len)
{
	size_t n = 0;

	for (const char *p = data, *end = data + len;
	     (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if (++n > GPD_MAX_DOCX_PART_TAGS)
			return 1;
	return 0;
}

/* Unpacks one part into *out (NUL-terminated). 0; 1 when it is absent;
 * -1 when refused (reported). Never reads more than the size the archive
 * declares, which check_sizes bounded, and refuses a part with more tags
 * than a Word document's. */
static int read_part(docx *x, const char *part, char **out, size_t *len)
{
	zip_int64_t idx = zip_name_locate(x->za, part, ZIP_FL_ENC_RAW);
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t got;
	char *buf;

	*out = NULL;
	*len = 0;
	if (idx < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, ZIP_FL_ENC_RAW, &st) != 0 ||
	    check_sizes(x, part, &st) != 0)
		return -1;
	if ((buf = malloc((size_t)st.size + 1)) == NULL) {
		x->nomem = 1;
		return -1;
	}
	f = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	got = f ? zip_fread(f, buf, st.size) : -1;
	if (got < 0 || (zip_uint64_t)got != st.size) {
		refuse(x, "cannot unpack the archive's entry %s: %s", part,
			f ? zip_file_strerror(f) : zip_strerror(x->za));
		free(buf);
		if (f)
			zip_fclose(f);
		return -1;
	}
	/* one read past the declared size: libzip checks the checksum at the
	 * entry's end, and an entry holding more than it declares is a lie */
	{
		char extra;
		zip_int64_t more = zip_fread(f, &extra, 1);

		if (more != 0) {
			if (more > 0)
				refuse(x, "the archive's entry %s holds more than the %llu "
					"bytes it declares: refused", part,
					(unsigned long long)st.size);
			else
				refuse(x, "the archive's entry %s is damaged: %s", part,
					zip_file_strerror(f));
			free(buf);
			zip_fclose(f);
			return -1;
		}
	}
	zip_fclose(f);
	buf[st.size] = '\0';
	if (too_many_tags(buf, (size_t)st.size)) {
		refuse(x, "the archive's entry %s holds more than "
			GPD_LIMIT_TEXT(GPD_MAX_DOCX_PART_TAGS) " XML tags, more than a Word "
			"document's could: refused", part);
		free(buf);
		return -1;
	}
	*out = buf;
	*len = (size_t)st.size;
	return 0;
}

/* Unpacks and parses one part; NULL with *absent set when there is none. */
static xmlDoc *parse_part(docx *x, const char *part, int *absent)
{
	char *data = NULL;
	size_t len = 0;
	xmlDoc *doc = NULL;
	int rc = read_part(x, part, &data, &len);
	gpd_buf where = {0};

	*absent = rc == 1;
	if (rc != 0)
		return NULL;
	gpd_buf_printf(&where, "%s:%s", x->name, part);
	if (gpd_buf_failed(&where))
		x->nomem = 1;
	else
		doc = gpd_xml_parse(where.data, data, len, x->diag);
	gpd_buf_free(&where);
	free(data);
	return doc;
}

static int open_archive(docx *x, const char *data, size_t len)
{
	zip_error_t err;
	zip_source_t *src;

	zip_error_init(&err);
	src = zip_source_buffer_create(data, len, 0, &err);
	if (src != NULL && (x->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &err)) == NULL)
		zip_source_free(src);
	if (x->za == NULL) {
		if (zip_error_code_zip(&err) == ZIP_ER_MEMORY)
			x->nomem = 1;
		else if (zip_error_code_zip(&err) == ZIP_ER_EXISTS) /* libzip: "File already exists" */
			refuse(x, "not a Word document: two of the archive's entries have the "
				"same name (which of them is the document?): refused");
		else
			refuse(x, "not a Word document: the zip archive cannot be read (%s)",
				zip_error_strerror(&err));
		zip_error_fini(&err);
		return -1;
	}
	zip_error_fini(&err);
	return 0;
}

static xmlDoc *load_part(void *ctx, const char *part, int *absent)
{
	return parse_part(ctx, part, absent);
}

int imp_docx_read(const char *name, const char *data, size_t len, gpd_diag *diag,
	char **text, size_t *tlen, imp_para **paras, size_t *nparas, int *nomem)
{
	docx x = {name, diag, NULL, 0};
	size_t errors = gpd_diag_count(diag, GPD_LEVEL_ERROR);
	int rc = -1;

	*text = NULL;
	*paras = NULL;
	*tlen = *nparas = 0;
	gpd_xml_harden();
	if (open_archive(&x, data, len) != 0 || check_entries(&x) != 0)
		goto out;
	if (zip_name_locate(x.za, "word/document.xml", ZIP_FL_ENC_RAW) < 0) {
		refuse(&x, "not a Word document: the archive has no %s (a .docx "
			"holds its text there)", "word/document.xml");
		goto out;
	}
	rc = imp_docx_walk(load_part, &x, name, diag, text, tlen, paras, nparas);
	if (rc != 0 && gpd_diag_count(diag, GPD_LEVEL_ERROR) == errors)
		x.nomem = 1;
out:
	if (x.za != NULL)
		zip_discard(x.za);
	*nomem = x.nomem;
	return rc;
}
