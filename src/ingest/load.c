/* load.c: finds record files under the given paths and runs ingestion and lint over them. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/load.h"
#include "gpdigest/input.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gpdigest/buf.h"
#include "gpdigest/ingest.h"
#include "gpdigest/limits.h"
#include "gpdigest/lint.h"

typedef gpd_paths path_list;

static int collect(const char *const *paths, size_t npaths, path_list *l,
	gpd_diag *diag);
static int collect_paths(const char *const *paths, size_t npaths, path_list *l,
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

/* A record's file name: *.xml, in any case (Windows saves RECORD.XML). */
static int is_xml_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

static char *join_path(const char *dir, const char *name)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	return gpd_buf_take(&b);
}

/* How many record files the folder path holds (0 when it cannot be read). */
static size_t xml_files_in(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t n = 0;

	while (d != NULL && (e = readdir(d)) != NULL)
		n += is_xml_name(e->d_name);
	if (d != NULL)
		closedir(d);
	return n;
}

/* Records are read from the folder itself, not its subfolders (a folder
 * of old or draft records stays out of the publication): a subfolder (not
 * a link to one) that holds records is said so, not passed over in
 * silence. */
static void report_subfolder(const char *dir, const char *name, gpd_diag *diag)
{
	char *path = join_path(dir, name);
	struct stat st;
	size_t n;
	gpd_buf msg = {0};

	if (path == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return;
	}
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && (n = xml_files_in(path)) > 0) {
		gpd_buf_printf(&msg, "%s/ holds %zu .xml file%s", path, n, n == 1 ? "" : "s");
		gpd_diag_report(diag, path, 0, 0, GPD_W_NOT_READ, msg.data);
	}
	gpd_buf_free(&msg);
	free(path);
}

/* A folder's *.xml files, sorted so every run sees the same order. */
static int list_folder(const char *dir, path_list *l, gpd_diag *diag)
{
	DIR *d;
	struct dirent *e;
	size_t first = l->n;
	int rc = 0;

	/* a link to a folder elsewhere (committed as records/) is not read:
	 * its files are not the project's (gpd_read_regular refuses them too) */
	if (gpd_folder_is_link(dir, strlen(dir))) {
		gpd_diag_report(diag, dir, 0, 0, GPD_F_NOT_REGULAR, "a symbolic link to a folder");
		return -1;
	}
	d = opendir(dir);
	if (d == NULL) {
		gpd_buf b = {0};
		gpd_buf_printf(&b, "cannot read folder %s: %s", dir, strerror(errno));
		gpd_diag_report(diag, dir, 0, 0, GPD_F_IO, b.data);
		gpd_buf_free(&b);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (!is_xml_name(e->d_name)) {
			if (e->d_name[0] != '.')
				report_subfolder(dir, e->d_name, diag);
			continue;
		}
		rc = push_path(l, join_path(dir, e->d_name));
	}
	closedir(d);
	if (rc != 0)
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
	if (l->n > first) /* items is NULL when nothing was found */
		qsort(l->items + first, l->n - first, sizeof(char *), cmp_str);
	return rc;
}

/* A path's file, for telling one file under two names apart. */
typedef struct file_id {
	dev_t dev;
	ino_t ino;
	size_t at; /* its place in the list */
	unsigned long long size;
} file_id;

static int by_file_then_place(const void *a, const void *b)
{
	const file_id *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Drops every path that names a file named earlier (given twice, or given
 * and in a folder given): a file is one record however often it is named.
 * lstat, so a symbolic link stays apart from its target, for the reader
 * to refuse. Totals the sizes of the regular files kept (l->bytes). */
static int drop_repeats(path_list *l)
{
	file_id *ids = malloc((l->n ? l->n : 1) * sizeof(*ids));
	unsigned char *drop = calloc(l->n ? l->n : 1, 1);
	size_t n = 0, kept = 0;

	if (ids == NULL || drop == NULL) {
		free(ids);
		free(drop);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct stat st;

		/* a path that cannot be looked at stays: the reader says why */
		if (lstat(l->items[i], &st) == 0 && S_ISREG(st.st_mode))
			ids[n++] = (file_id){st.st_dev, st.st_ino, i, (unsigned long long)st.st_size};
	}
	qsort(ids, n, sizeof(*ids), by_file_then_place);
	l->bytes = n ? ids[0].size : 0;
	for (size_t i = 1; i < n; i++)
		if (ids[i].dev == ids[i - 1].dev && ids[i].ino == ids[i - 1].ino)
			drop[ids[i].at] = 1;
		else
			l->bytes += ids[i].size;
	for (size_t i = 0; i < l->n; i++) {
		if (drop[i])
			free(l->items[i]);
		else
			l->items[kept++] = l->items[i];
	}
	l->n = kept;
	free(ids);
	free(drop);
	return 0;
}

static int collect(const char *const *paths, size_t npaths, path_list *l,
	gpd_diag *diag)
{
	if (collect_paths(paths, npaths, l, diag) != 0)
		return -1;
	if (drop_repeats(l) != 0) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	return 0;
}

static int collect_paths(const char *const *paths, size_t npaths, path_list *l,
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

/* Records are read on the pool's workers, a batch of files at a time, each
 * batch reporting into its own collector; the calling thread merges the
 * batches in path order, so the diagnostics and the records come out
 * exactly as from one thread. Each reader (a compiled schema) is made
 * before any task runs; more than MAX_READERS of them cost more than they
 * gain. */
#define BATCH 32
#define MAX_READERS 16

/* What a load keeps beyond the diagnostics (load_sorted's flags). */
enum {
	LOAD_HASH = 1,    /* each record's source_hash (a build's) */
	LOAD_CONTENT = 2, /* each record whole, not only what gpd_lint_corpus
	                   * reads (gpd_record_drop_content) */
};

typedef struct batch {
	gpd_diag *diag;
	atomic_int done;
} batch;

typedef struct loader {
	const path_list *l;
	const gpd_catalogue *cat;
	gpd_record **recs;  /* one slot per path, NULL: not a record */
	batch *batches;
	size_t nbatches;
	int flags;
	atomic_size_t next;
} loader;

static void ingest_batch(loader *ld, gpd_ingest *in, size_t b)
{
	size_t end = (b + 1) * BATCH < ld->l->n ? (b + 1) * BATCH : ld->l->n;

	gpd_ingest_set_diag(in, ld->batches[b].diag);
	for (size_t i = b * BATCH; i < end; i++) {
		gpd_record *rec = gpd_ingest_file(in, ld->l->items[i]);

		/* A record with lint errors stays in (duplicate ids are checked
		 * across all); `failed` counts only files that are not records. */
		if (rec != NULL)
			gpd_lint_record(rec, ld->cat, ld->batches[b].diag);
		/* dropped here, on the reader, so the next record of this
		 * thread reuses the memory instead of the heap growing */
		if (rec != NULL && !(ld->flags & LOAD_CONTENT))
			gpd_record_drop_content(rec);
		ld->recs[i] = rec;
	}
	atomic_store(&ld->batches[b].done, 1);
}

typedef struct worker_arg {
	loader *ld;
	gpd_ingest *in;
} worker_arg;

/* One reader's share: batches until none is left (a task on the pool). */
static void ingest_worker(void *arg)
{
	worker_arg *w = arg;
	size_t b;

	while ((b = atomic_fetch_add(&w->ld->next, 1)) < w->ld->nbatches)
		ingest_batch(w->ld, w->in, b);
}

static size_t ingest_readers(size_t nbatches, const gpd_pool *pool)
{
	size_t t = gpd_pool_size(pool);

	if (t > MAX_READERS)
		t = MAX_READERS;
	return t > nbatches ? (nbatches ? nbatches : 1) : t;
}

static int ingest_all(const path_list *l, const gpd_catalogue *cat, int flags,
	gpd_pool *pool, gpd_diag *diag, gpd_records *out)
{
	loader ld = {l, cat, NULL, NULL, 0, flags, 0};
	worker_arg args[MAX_READERS];
	gpd_tasks *tasks = NULL;
	size_t nth, merged = 0;
	int rc = 0;

	ld.nbatches = (l->n + BATCH - 1) / BATCH;
	nth = ingest_readers(ld.nbatches, pool);
	out->items = calloc(l->n ? l->n : 1, sizeof(*out->items));
	ld.recs = calloc(l->n ? l->n : 1, sizeof(*ld.recs));
	ld.batches = calloc(ld.nbatches ? ld.nbatches : 1, sizeof(*ld.batches));
	if (out->items == NULL || ld.recs == NULL || ld.batches == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		rc = -1;
		goto done;
	}
	/* libxml2 is set up, and every reader made, before any thread runs */
	for (size_t t = 0; t < nth; t++) {
		if ((args[t].in = gpd_ingest_new(diag)) == NULL) {
			nth = t;
			rc = -1;
			goto done;
		}
		gpd_ingest_set_hash(args[t].in, flags & LOAD_HASH);
		args[t].ld = &ld;
	}
	for (size_t b = 0; b < ld.nbatches; b++)
		if ((ld.batches[b].diag = gpd_diag_new_like(diag)) == NULL) {
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
			rc = -1;
			goto done;
		}
	tasks = gpd_tasks_new(pool);
	for (size_t t = 1; t < nth; t++)
		gpd_tasks_add(tasks, ingest_worker, &args[t]);
	/* The calling thread reads too, and passes each finished batch on in
	 * order, so diagnostics appear while the rest is read. */
	for (;;) {
		size_t b = atomic_fetch_add(&ld.next, 1);

		if (b < ld.nbatches)
			ingest_batch(&ld, args[0].in, b);
		while (merged < ld.nbatches && atomic_load(&ld.batches[merged].done))
			gpd_diag_merge(diag, ld.batches[merged++].diag);
		if (b >= ld.nbatches)
			break;
	}
	gpd_tasks_free(tasks); /* the other readers are done */
	while (merged < ld.nbatches)
		gpd_diag_merge(diag, ld.batches[merged++].diag);
	for (size_t i = 0; i < l->n; i++) {
		if (ld.recs[i] == NULL)
			out->failed++;
		else
			out->items[out->n++] = ld.recs[i];
	}
done:
	for (size_t t = 0; t < nth; t++)
		gpd_ingest_free(args[t].in);
	for (size_t b = 0; ld.batches && b < ld.nbatches; b++)
		gpd_diag_free(ld.batches[b].diag);
	free(ld.batches);
	free(ld.recs);
	return rc;
}

/* The record files' total size, as collect() found it (a file that is
 * not a regular file counts nothing here; ingestion reports it). Reports
 * a `limit` error and returns -1 when it is over GPD_MAX_INPUT_BYTES. */
static int check_input_size(const path_list *l, gpd_diag *diag)
{
	unsigned long long total = l->bytes;
	gpd_buf b = {0};

	if (total <= GPD_MAX_INPUT_BYTES)
		return 0;
	gpd_buf_printf(&b, "the %zu record files total %llu bytes; one run reads at most "
		"%llu bytes (%llu MiB) of records, so that a build stays within its memory "
		"bound: split the collection", l->n, total, GPD_MAX_INPUT_BYTES,
		(unsigned long long)GPD_MAX_INPUT_MIB);
	gpd_diag_report(diag, NULL, 0, 0, GPD_E_LIMIT, b.data ? b.data : "too much input");
	gpd_buf_free(&b);
	return -1;
}

/* Reads and lints into diag, in path order. */
static int load(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, int flags, gpd_pool *pool, gpd_diag *diag,
	gpd_records *out)
{
	path_list l = {0};
	int rc = -1;

	if (collect(paths, npaths, &l, diag) != 0)
		goto done;
	if (l.n > GPD_MAX_RECORDS) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_E_TOO_MANY, GPD_LIMIT_TEXT(GPD_MAX_RECORDS));
		rc = 0;
		goto done;
	}
	if (check_input_size(&l, diag) != 0) {
		rc = 0;
		goto done;
	}
	if (ingest_all(&l, cat, flags, pool, diag, out) != 0)
		goto done;
	if (gpd_lint_corpus(out->items, out->n, diag) < 0)
		goto done;
	rc = 0;
done:
	gpd_paths_free(&l);
	return rc;
}

static int load_sorted(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, int flags, gpd_pool *pool, gpd_diag *diag,
	gpd_records *out)
{
	/* everything is gathered first, then shown by file and line: a file's
	 * parse, schema and lint messages, and those about several files
	 * (duplicate ids, spellings), each where it belongs */
	gpd_diag *all = gpd_diag_new_like(diag);
	int rc;

	*out = (gpd_records){0};
	if (all == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	rc = load(paths, npaths, cat, flags, pool, all, out);
	if (gpd_diag_merge_sorted(diag, all) != 0) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		rc = -1;
	}
	gpd_diag_free(all);
	if (rc != 0)
		gpd_records_free(out);
	return rc;
}

int gpd_load_records_on(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, gpd_pool *pool, gpd_diag *diag, gpd_records *out)
{
	return load_sorted(paths, npaths, cat, LOAD_HASH | LOAD_CONTENT, pool, diag, out);
}

int gpd_load_records(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, gpd_diag *diag, gpd_records *out)
{
	return gpd_load_records_jobs(paths, npaths, cat, 0, diag, out);
}

int gpd_load_records_jobs(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, size_t jobs, gpd_diag *diag, gpd_records *out)
{
	gpd_pool *pool = gpd_pool_new(jobs); /* NULL: all on this thread */
	int rc = load_sorted(paths, npaths, cat, LOAD_CONTENT, pool, diag, out);

	gpd_pool_free(pool);
	return rc;
}

int gpd_check_records(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, size_t jobs, gpd_diag *diag, size_t *files)
{
	gpd_pool *pool = gpd_pool_new(jobs); /* NULL: all on this thread */
	gpd_records recs;
	int rc = load_sorted(paths, npaths, cat, 0, pool, diag, &recs);

	gpd_pool_free(pool);
	*files = recs.n + recs.failed;
	gpd_records_free(&recs);
	return rc;
}

void gpd_records_free(gpd_records *recs)
{
	for (size_t i = 0; i < recs->n; i++)
		gpd_record_free(recs->items[i]);
	free(recs->items);
	*recs = (gpd_records){0};
}
