/* fuzz_record.c: libFuzzer target: record bytes -> hardened parse, schema validation, conversion, lint, corpus, Markdown. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/corpus.h"
#include "gpdigest/ingest.h"
#include "gpdigest/lint.h"
#include "gpdigest/render.h"

/* The catalogue of templates/standards.xml, so the unknown-criterion rule
 * and the catalogue's titles take part. */
static const char catalogue_xml[] =
	"<standards xmlns=\"urn:x-gpdigest:standards\">"
	"<standard number=\"1\" title=\"One\"><criterion number=\"1.4\"/></standard>"
	"<standard number=\"2\"><criterion number=\"2.4\" title=\"Two four\"/>"
	"<criterion number=\"2.11\"/></standard>"
	"<standard number=\"5\"><criterion number=\"5.2\"/></standard>"
	"</standards>";

static gpd_catalogue *catalogue(void)
{
	static gpd_catalogue *cat;

	if (cat == NULL) {
		gpd_diag *d = fuzz_diag();

		cat = gpd_catalogue_parse("standards.xml", catalogue_xml,
			sizeof(catalogue_xml) - 1, d);
		gpd_diag_free(d);
		if (cat == NULL)
			abort();
	}
	return cat;
}

/* A record that ingested becomes an edition of its own, rendered as
 * Markdown (cheap; the PDF path has its own target). */
static void render(gpd_record *rec, gpd_diag *diag)
{
	const gpd_record *recs[1] = {rec};
	gpd_corpus *c = gpd_corpus_build(recs, 1, catalogue());
	gpd_edition_info ed = {0};
	gpd_buf out = {0};

	if (c == NULL)
		return;
	ed.kind = GPD_EDITION_COMPENDIUM;
	ed.publication = "Fuzz";
	ed.title = "Fuzz edition";
	ed.selection = "All records";
	ed.date = "2024-01-01";
	ed.catalogue = catalogue();
	gpd_render_md(c, &ed, &out, diag);
	gpd_buf_free(&out);
	gpd_corpus_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_diag *diag = fuzz_diag();
	gpd_ingest *in = gpd_ingest_new(diag);
	gpd_record *rec;

	if (in == NULL)
		abort(); /* the built-in schema must compile */
	rec = gpd_ingest_memory(in, "fuzz.xml", (const char *)data, size);
	if (rec != NULL) {
		gpd_record *both[2] = {rec, rec};

		gpd_lint_record(rec, catalogue(), diag);
		gpd_lint_corpus(both, 2, diag);
		render(rec, diag);
		gpd_record_free(rec);
	}
	gpd_ingest_free(in);
	gpd_diag_free(diag);
	return 0;
}
