/* manifest.c: reading and writing the build manifest that makes rebuilds incremental. */
#define _POSIX_C_SOURCE 200809L
#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/output.h"


static int parse_line(gpd_manifest *m, char *line)
{
	char *tab1 = strchr(line, '\t'), *tab2, *end1, *end2;
	uint64_t in, content;

	if (tab1 == NULL || (tab2 = strchr(tab1 + 1, '\t')) == NULL)
		return 0; /* not an entry: ignored, the output will be rebuilt */
	*tab1 = *tab2 = '\0';
	in = strtoull(tab1 + 1, &end1, 16);
	content = strtoull(tab2 + 1, &end2, 16);
	if (*end1 != '\0' || *end2 != '\0' || line[0] == '\0' || line[0] == '/' ||
	    strstr(line, "..") != NULL)
		return 0;
	return gpd_manifest_set(m, line, in, content);
}

int gpd_manifest_read(const char *out_dir, gpd_manifest *m)
{
	gpd_buf path = {0};
	char *data = NULL, *line, *save = NULL;
	size_t len;
	int rc = 0;

	*m = (gpd_manifest){0};
	gpd_buf_printf(&path, "%s/%s", out_dir, GPD_MANIFEST_NAME);
	if (gpd_buf_failed(&path))
		return -1;
	if (gpd_read_all(path.data, GPD_MAX_MANIFEST_BYTES, &data, &len) != 0) {
		gpd_buf_free(&path);
		return 0;
	}
	for (line = strtok_r(data, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "inputs ", 7) == 0)
			m->inputs = strtoull(line + 7, NULL, 16);
		else if (strncmp(line, "outputs ", 8) == 0)
			m->outputs = strtoull(line + 8, NULL, 16);
		else if (strncmp(line, "program ", 8) == 0)
			m->program = strtoull(line + 8, NULL, 16);
		else if (strncmp(line, "diag ", 5) == 0)
			gpd_buf_printf(&m->diags, "%s\n", line + 5);
		else
			rc = parse_line(m, line);
	}
	free(data);
	gpd_buf_free(&path);
	return rc;
}

static long find_index(const gpd_manifest *m, const char *path)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->items[mid].path, path);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

const gpd_manifest_entry *gpd_manifest_find(const gpd_manifest *m, const char *path)
{
	long i = find_index(m, path);

	return i >= 0 ? &m->items[i] : NULL;
}

int gpd_manifest_set(gpd_manifest *m, const char *path, uint64_t inputs, uint64_t content)
{
	long i = find_index(m, path);
	size_t at;

	if (i >= 0) {
		m->items[i].inputs = inputs;
		m->items[i].content = content;
		return 0;
	}
	at = (size_t)(-i - 1);
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		gpd_manifest_entry *p = realloc(m->items, cap * sizeof(*p));
		if (p == NULL)
			return -1;
		m->items = p;
		m->cap = cap;
	}
	memmove(&m->items[at + 1], &m->items[at], (m->n - at) * sizeof(*m->items));
	m->items[at] = (gpd_manifest_entry){gpd_strdup(path), inputs, content};
	if (m->items[at].path == NULL) {
		memmove(&m->items[at], &m->items[at + 1], (m->n - at) * sizeof(*m->items));
		return -1;
	}
	m->n++;
	return 0;
}

int gpd_manifest_write(const char *out_dir, gpd_manifest *m, gpd_diag *diag)
{
	gpd_buf b = {0}, path = {0};
	int rc;

	gpd_buf_printf(&b, "gpdigest-manifest 1\ninputs %016" PRIx64 "\n", m->inputs);
	/* read by this program's no-op fast path; older readers skip them */
	gpd_buf_printf(&b, "outputs %016" PRIx64 "\n", m->outputs);
	/* whose deflated pages a rebuild may copy (build.c, layout_reuse.c) */
	gpd_buf_printf(&b, "program %016" PRIx64 "\n", m->program);
	for (const char *d = m->diags.data, *eol; d && *d; d = eol + 1) {
		if ((eol = strchr(d, '\n')) == NULL)
			break;
		gpd_buf_printf(&b, "diag %.*s\n", (int)(eol - d), d);
	}
	for (size_t i = 0; i < m->n; i++)
		gpd_buf_printf(&b, "%s\t%016" PRIx64 "\t%016" PRIx64 "\n", m->items[i].path,
			m->items[i].inputs, m->items[i].content);
	gpd_buf_printf(&path, "%s/%s", out_dir, GPD_MANIFEST_NAME);
	if (gpd_buf_failed(&b) || gpd_buf_failed(&path)) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		rc = -1;
	} else {
		/* An unchanged manifest is not rewritten, so a no-op build
		 * leaves every mtime in the folder as it was. */
		char *old = NULL;
		size_t len = 0;

		if (gpd_read_all(path.data, GPD_MAX_MANIFEST_BYTES, &old, &len) == 0 &&
		    len == b.len && memcmp(old, b.data, len) == 0)
			rc = 0;
		else
			rc = gpd_write_atomic(path.data, b.data, b.len, diag);
		free(old);
	}
	gpd_buf_free(&b);
	gpd_buf_free(&path);
	return rc;
}

void gpd_manifest_free(gpd_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->items[i].path);
	free(m->items);
	gpd_buf_free(&m->diags);
	*m = (gpd_manifest){0};
}
