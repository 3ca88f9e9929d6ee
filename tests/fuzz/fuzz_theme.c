/* fuzz_theme.c: libFuzzer target: the bytes of templates/page.html (the editor's, trusted to mean well, not to be well formed) -> the page template's check and its filling. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/html.h"
#include "render/html_page.h"

/* A template that loads has {{content}}; filled, every placeholder is
 * replaced: the page holds each value and no "{{name}}" of a known slot
 * unless a value or the text around put it there. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_diag *d = fuzz_diag();
	gpd_html_theme *t = gpd_html_theme_parse("page.html", (const char *)data, size,
		"style.css", "p{}", 3, "en-GB", d);
	gpd_html_value v[GPD_SLOT__COUNT] = {{NULL, 0}};
	gpd_buf out = {0};

	if (t == NULL) {
		if (gpd_diag_size(d) == 0)
			abort(); /* refused without saying why */
		gpd_diag_free(d);
		return 0;
	}
	v[GPD_SLOT_CONTENT] = (gpd_html_value){"\x01MAIN\x01", 6};
	gpd_html_page(t, v, &out);
	if (gpd_buf_failed(&out) || out.data == NULL || strstr(out.data, "\x01MAIN\x01") == NULL)
		abort();
	gpd_buf_free(&out);
	gpd_html_theme_free(t);
	gpd_diag_free(d);
	return 0;
}
