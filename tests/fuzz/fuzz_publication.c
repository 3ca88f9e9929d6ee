/* fuzz_publication.c: libFuzzer target: publication-file bytes -> parser and filters -> the plan of editions; the same bytes as a standards catalogue. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/edition.h"
#include "gpdigest/record.h"

#define NRECS 5

/* Records for the plan to select from: regions, authorities whose slugs
 * collide ("Åre" and "Öre" both slug to "re"), one with no region. */
static gpd_record *const *records(void)
{
	static gpd_record *recs[NRECS];
	static const struct { const char *id, *authority; int region; unsigned s, n; } def[NRECS] = {
		{"a", "Tower Hamlets", 4, 1, 4}, {"b", "Birmingham", 6, 2, 4},
		{"c", "\xC3\x85re", 0, 2, 11}, {"d", "\xC3\x96re", 0, 5, 2},
		{"e", "Thurrock", -1, 0, 0},
	};

	if (recs[0] != NULL)
		return recs;
	for (int i = 0; i < NRECS; i++) {
		gpd_record *r = gpd_record_new();
		gpd_criterion c = {def[i].s, def[i].n, {0, 0}};

		if (r == NULL)
			abort();
		r->path = gpd_strdup(def[i].id);
		r->id = gpd_strdup(def[i].id);
		r->authority = gpd_strdup(def[i].authority);
		r->received = gpd_strdup("2024-02-29");
		if (!r->path || !r->id || !r->authority || !r->received)
			abort();
		if (def[i].region >= 0)
			r->ticks[GPD_GROUP_REGION] = GPD_TICK(def[i].region);
		r->ticks[GPD_GROUP_OUTCOME] = GPD_TICK(i % 5);
		r->ticks[GPD_GROUP_TARGET] = GPD_TICK(i * 5);
		if (c.standard && gpd_record_add_criterion(r, c) != 0)
			abort();
		recs[i] = r;
	}
	return recs;
}

static void plan(const gpd_publication *pub, gpd_diag *diag)
{
	gpd_plan p = {0};

	if (gpd_plan_make(pub, records(), NRECS, diag, &p) != 0)
		return;
	for (size_t i = 0; i < p.n; i++) {
		gpd_buf b = {0};

		gpd_filter_describe(&p.items[i].def->filter, &b);
		for (size_t k = 0; k < p.items[i].n; k++)
			gpd_filter_match(&p.items[i].def->filter, p.items[i].recs[k]);
		gpd_buf_free(&b);
	}
	gpd_plan_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_diag *diag = fuzz_diag();
	gpd_publication *pub = gpd_publication_parse("publication.xml",
		(const char *)data, size, diag);
	gpd_catalogue *cat;

	if (pub != NULL) {
		plan(pub, diag);
		gpd_publication_free(pub);
	}
	cat = gpd_catalogue_parse("standards.xml", (const char *)data, size, diag);
	gpd_catalogue_free(cat);
	gpd_diag_free(diag);
	return 0;
}
