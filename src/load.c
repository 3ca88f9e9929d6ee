/* load.c: finds record files under the given paths and runs ingestion and lint over them. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/load.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gpdigest/buf.h"
#include "gpdigest/ingest.h"
#include "gpdigest/lint.h"

typedef gpd_paths path_list;

static int collect(const char *const *paths, size_t npaths, path_list *l,
	gpd_diag *diag);

static int push_path(path_list *l, char *p)
{
	if (p == NULL)
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		char **q = realloc(l->items, cap * sizeof(*q));

		if (q == NULL) {
			free(p);
			return -1;
		}
		l->items = q;
		l->cap = cap;
	}
	l->items[l->n++] = p;
	return 0;
}

void gpd_paths_free(gpd_paths *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	*l = (gpd_paths){0};
}

int gpd_find_records(const char *const *paths, size_t npaths, gpd_paths *out,
	gpd_diag *diag)
{
	*out = (gpd_paths){0};
	if (collect(paths, npaths, out, diag) != 0) {
		gpd_paths_free(out);
		return -1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_xml_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* A folder's *.xml files, sorted so every run sees the same order. */
static int list_folder(const char *dir, path_list *l, gpd_diag *diag)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = l->n;
	int rc = 0;

	if (d == NULL) {
		gpd_buf b = {0};
		gpd_buf_printf(&b, "cannot read folder %s: %s", dir, strerror(errno));
		gpd_diag_report(diag, dir, 0, 0, GPD_F_IO, b.data);
		gpd_buf_free(&b);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		gpd_buf b = {0};

		if (!is_xml_name(e->d_name))
			continue;
		gpd_buf_printf(&b, "%s%s%s", dir,
			dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		rc = push_path(l, gpd_buf_take(&b));
	}
	closedir(d);
	if (rc != 0)
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
	qsort(l->items + first, l->n - first, sizeof(char *), cmp_str);
	return rc;
}

static int collect(const char *const *paths, size_t npaths, path_list *l,
	gpd_diag *diag)
{
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;

		if (stat(paths[i], &st) != 0) {
			gpd_buf b = {0};
			gpd_buf_printf(&b, "cannot read %s: %s", paths[i], strerror(errno));
			gpd_diag_report(diag, paths[i], 0, 0, GPD_F_IO, b.data);
			gpd_buf_free(&b);
			return -1;
		}
		if (S_ISDIR(st.st_mode)) {
			if (list_folder(paths[i], l, diag) != 0)
				return -1;
		} else if (push_path(l, gpd_strdup(paths[i])) != 0) {
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
			return -1;
		}
	}
	return 0;
}

static int ingest_all(const path_list *l, const gpd_catalogue *cat,
	gpd_diag *diag, gpd_records *out)
{
	gpd_ingest *in = gpd_ingest_new(diag);

	if (in == NULL)
		return -1;
	out->items = calloc(l->n ? l->n : 1, sizeof(*out->items));
	if (out->items == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		gpd_ingest_free(in);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		gpd_record *rec = gpd_ingest_file(in, l->items[i]);

		if (rec == NULL) {
			out->failed++;
			continue;
		}
		/* A record with lint errors stays in (duplicate ids are checked
		 * across all); `failed` counts only files that are not records. */
		gpd_lint_record(rec, cat, diag);
		out->items[out->n++] = rec;
	}
	gpd_ingest_free(in);
	return 0;
}

int gpd_load_records(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, gpd_diag *diag, gpd_records *out)
{
	path_list l = {0};
	int rc = -1;

	*out = (gpd_records){0};
	if (collect(paths, npaths, &l, diag) != 0)
		goto done;
	if (l.n > GPD_MAX_RECORDS) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_E_TOO_MANY, "100000");
		rc = 0;
		goto done;
	}
	if (ingest_all(&l, cat, diag, out) != 0)
		goto done;
	if (gpd_lint_corpus(out->items, out->n, diag) < 0)
		goto done;
	rc = 0;
done:
	gpd_paths_free(&l);
	return rc;
}

void gpd_records_free(gpd_records *recs)
{
	for (size_t i = 0; i < recs->n; i++)
		gpd_record_free(recs->items[i]);
	free(recs->items);
	*recs = (gpd_records){0};
}
