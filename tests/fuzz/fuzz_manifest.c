/* fuzz_manifest.c: libFuzzer target: the bytes of out/.gpdigest-manifest (untrusted: committed, so a pull request can change it) -> the strict parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/outdir.h"
#include "build/manifest.h"

/* What the build relies on before it deletes anything: every entry names
 * an output a build writes (no "..", no absolute path, no folder deeper
 * than two: digests/london/PAGE.html), once, in sorted order. */
static void check_entries(const gpd_manifest *m)
{
	for (size_t i = 0; i < m->n; i++) {
		const char *p = m->items[i].path, *s = strchr(p, '/');

		if (s != NULL && (s = strchr(s + 1, '/')) != NULL && strchr(s + 1, '/') != NULL)
			abort(); /* three folders deep */
		if (!gpd_output_name_ok(p) || p[0] == '/' || strstr(p, "..") != NULL ||
		    strchr(p, '\\') != NULL || (i > 0 && strcmp(m->items[i - 1].path, p) >= 0))
			abort();
	}
}

/* A manifest that parses must survive its own writer: parse, format,
 * parse again gives the same manifest. */
static void check_round_trip(const gpd_manifest *m)
{
	gpd_buf b = {0};
	gpd_manifest again;
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

	if (d == NULL)
		abort();
	gpd_manifest_format(m, &b);
	if (gpd_buf_failed(&b) || gpd_manifest_parse(b.data, b.len, "m", &again, d) != 0)
		abort();
	if (again.n != m->n || again.inputs != m->inputs ||
	    again.program != m->program || again.adhoc != m->adhoc)
		abort();
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(again.items[i].path, m->items[i].path) != 0 ||
		    again.items[i].inputs != m->items[i].inputs ||
		    again.items[i].content != m->items[i].content)
			abort();
	gpd_manifest_free(&again);
	gpd_buf_free(&b);
	gpd_diag_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_manifest m;

	if (d == NULL)
		return 0;
	if (gpd_manifest_parse((const char *)data, size, "out/.gpdigest-manifest", &m, d) == 0) {
		if (gpd_diag_size(d) != 0)
			abort(); /* accepted, yet something reported */
		check_entries(&m);
		check_round_trip(&m);
		gpd_manifest_free(&m);
	} else if (gpd_diag_size(d) != 1 || m.n != 0 || m.items != NULL) {
		abort(); /* refused: exactly one diagnostic, nothing kept */
	}
	gpd_diag_free(d);
	return 0;
}
