/* fuzz_docx.c: libFuzzer target: Word documents (.docx) -> importer -> the
 * record's XML checked by the schema and lint. An input starting "PK" is
 * an archive as it is (libzip's reading from memory, the entry checks, the
 * bounds), one starting as an OLE2 file is one (the old .doc); any other input is the parts of a document, word/document.xml,
 * then word/styles.xml and word/numbering.xml, separated by NUL bytes,
 * packed here into a stored archive, so mutations reach the XML walk
 * instead of failing the archive's checksums. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/import.h"
#include "gpdigest/record.h"

/* Adds data[0..len) as entry name, stored (not deflated). */
static void add_part(zip_t *za, const char *name, const uint8_t *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(za, data, len, 0);
	zip_int64_t idx;

	if (s == NULL)
		abort();
	if ((idx = zip_file_add(za, name, s, ZIP_FL_OVERWRITE)) < 0) {
		zip_source_free(s);
		abort();
	}
	zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
}

/* The archive of the parts in data; *len its size. */
static char *pack(const uint8_t *data, size_t size, size_t *len)
{
	static const char *const names[] = {"word/document.xml", "word/styles.xml",
		"word/numbering.xml"};
	zip_error_t err;
	zip_source_t *out;
	zip_t *za;
	char *buf;
	size_t start = 0;
	zip_int64_t n;

	zip_error_init(&err);
	if ((out = zip_source_buffer_create(NULL, 0, 0, &err)) == NULL)
		abort();
	zip_source_keep(out);
	if ((za = zip_open_from_source(out, ZIP_TRUNCATE, &err)) == NULL)
		abort();
	for (size_t k = 0; k < 3 && start <= size; k++) {
		const uint8_t *nul = start < size ? memchr(data + start, 0, size - start) : NULL;
		size_t end = nul ? (size_t)(nul - data) : size;

		add_part(za, names[k], data + start, end - start);
		start = end + 1;
	}
	if (zip_close(za) != 0 || zip_source_open(out) != 0 ||
	    zip_source_seek(out, 0, SEEK_END) != 0 || (n = zip_source_tell(out)) < 0 ||
	    zip_source_seek(out, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    zip_source_read(out, buf, (zip_uint64_t)n) != n)
		abort();
	zip_source_close(out);
	zip_source_free(out);
	zip_error_fini(&err);
	*len = (size_t)n;
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_diag *diag = fuzz_diag();
	gpd_import_opts opts = {NULL, "2024-02-29", -1, NULL};
	int raw = size >= 2 && ((data[0] == 'P' && data[1] == 'K') ||
		(data[0] == 0xD0 && data[1] == 0xCF));
	size_t len = size;
	char *docx = raw ? NULL : pack(data, size, &len);
	gpd_record *rec;

	rec = gpd_import_memory("fuzz.docx", raw ? (const char *)data : docx, len, &opts, diag);
	if (rec != NULL) {
		gpd_buf summary = {0};
		char *xml = NULL;
		size_t xlen = 0;

		gpd_import_summary(rec, &summary);
		if (gpd_import_check(rec, "fuzz.docx", diag, &xml, &xlen) == 0)
			free(xml);
		gpd_buf_free(&summary);
		gpd_record_free(rec);
	}
	free(docx);
	gpd_diag_free(diag);
	return 0;
}
