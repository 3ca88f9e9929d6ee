/* manifest.h: out/.gpdigest-manifest: for each output, the hash of its inputs and of its bytes. */
#ifndef GPDIGEST_MANIFEST_H
#define GPDIGEST_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"

#define GPD_MANIFEST_NAME ".gpdigest-manifest"

typedef struct gpd_manifest_entry {
	char *path;        /* relative to the output folder */
	uint64_t inputs;   /* hash of everything the output depends on */
	uint64_t content;  /* hash of the file's bytes */
} gpd_manifest_entry;

typedef struct gpd_manifest {
	uint64_t inputs;   /* hash of every input of the whole build */
	uint64_t outputs;  /* hash of the outputs' names, sizes and times as written */
	uint64_t program;  /* the program (and deflater) that wrote them; 0: unknown */
	gpd_buf diags;     /* "diag" lines: what reading the inputs reported */
	gpd_manifest_entry *items; /* sorted by path */
	size_t n, cap;
} gpd_manifest;

/* Reads out/.gpdigest-manifest; a missing or unreadable one is empty (the
 * build then rebuilds everything). Returns 0, or -1 when out of memory. */
int gpd_manifest_read(const char *out_dir, gpd_manifest *m);

/* Adds or replaces an entry; 0 or -1 (out of memory). */
int gpd_manifest_set(gpd_manifest *m, const char *path, uint64_t inputs, uint64_t content);

const gpd_manifest_entry *gpd_manifest_find(const gpd_manifest *m, const char *path);

/* Writes it atomically (sorted, so the bytes depend only on the content);
 * a file that already holds these bytes is left alone. */
int gpd_manifest_write(const char *out_dir, gpd_manifest *m, gpd_diag *diag);

void gpd_manifest_free(gpd_manifest *m);

#endif
