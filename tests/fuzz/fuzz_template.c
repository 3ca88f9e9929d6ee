/* fuzz_template.c: libFuzzer target: template bytes -> placeholder check and expansion -> the cover and introduction of a Markdown edition. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmark.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/corpus.h"
#include "gpdigest/record.h"
#include "gpdigest/render.h"
#include "gpdigest/template.h"

/* Values that are themselves markup-like, to check they stay literal. */
static const gpd_template_vars vars = {
	"Title *with* [markup](javascript:x)", "Publisher <b>", "Edition {{title}}",
	"2024-01-01", "Region: London", "Fuzzshire", "London", 3, 2,
	0x55, /* some conditions met, some not */
};

/* One small record to print between the cover and the indexes; built once. */
static gpd_corpus *small_corpus(void)
{
	static gpd_record *rec;
	static gpd_corpus *c;

	if (c != NULL)
		return c;
	rec = gpd_record_new();
	if (rec == NULL)
		abort();
	rec->path = gpd_strdup("plain.xml");
	rec->id = gpd_strdup("plain");
	rec->title = gpd_strdup("Plain record");
	rec->authority = gpd_strdup("Plainborough");
	if (!rec->path || !rec->id || !rec->title || !rec->authority)
		abort();
	c = gpd_corpus_build((const gpd_record *const *)&rec, 1, NULL);
	if (c == NULL)
		abort();
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_diag *diag = fuzz_diag();
	gpd_template *t = gpd_template_parse("fuzz.md", (const char *)data, size, diag);

	if (t != NULL) {
		cmark_node *doc = gpd_template_expand(t, &vars);
		gpd_edition_info ed = {0};
		gpd_buf out = {0};

		if (doc != NULL) {
			char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
			free(md);
			cmark_node_free(doc);
		}
		ed.publication = vars.title;
		ed.title = vars.edition;
		ed.date = vars.date;
		ed.selection = vars.selection;
		ed.cover = t;
		ed.introduction = t;
		gpd_render_md(small_corpus(), &ed, &out, diag);
		gpd_buf_free(&out);
		gpd_template_free(t);
	}
	gpd_diag_free(diag);
	return 0;
}
