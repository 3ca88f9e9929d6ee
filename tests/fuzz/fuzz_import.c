/* fuzz_import.c: libFuzzer target: legacy form text (HTML export or OCR) -> importer -> the record's XML checked by the schema and lint. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/import.h"
#include "gpdigest/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_diag *diag = fuzz_diag();
	/* odd sizes: no received date, so the importer derives (and warns) */
	gpd_import_opts opts = {NULL, size % 2 ? NULL : "2024-02-29", -1, NULL};
	gpd_record *rec;

	gpd_import_detect((const char *)data, size);
	rec = gpd_import_memory("fuzz.txt", (const char *)data, size, &opts, diag);
	if (rec != NULL) {
		gpd_buf summary = {0};
		char *xml = NULL;
		size_t len = 0;

		gpd_import_summary(rec, &summary);
		if (gpd_import_check(rec, "fuzz.txt", diag, &xml, &len) == 0)
			free(xml);
		gpd_buf_free(&summary);
		gpd_record_free(rec);
	}
	gpd_diag_free(diag);
	return 0;
}
