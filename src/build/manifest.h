/* manifest.h: out/.gpdigest-manifest: for each output, the hash of its inputs and of its bytes; read as untrusted input. */
#ifndef GPDIGEST_MANIFEST_H
#define GPDIGEST_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/limits.h"
#include "gpdigest/outdir.h"

typedef struct gpd_manifest_entry {
	char *path;        /* relative to the output folder; gpd_output_name_ok */
	uint64_t inputs;   /* hash of everything the output depends on */
	uint64_t content;  /* hash of the file's bytes */
} gpd_manifest_entry;

typedef struct gpd_manifest {
	uint64_t inputs;   /* hash of every input of the whole build */
	uint64_t program;  /* the program (and deflater) that wrote them; 0: unknown */
	int adhoc;         /* 1: an ad-hoc edition's folder; 0: the declared editions' */
	gpd_buf diags;     /* "diag" lines: what reading the inputs reported */
	gpd_manifest_entry *items; /* sorted by path */
	size_t n, cap;
} gpd_manifest;

/* Parses a manifest's bytes (untrusted: the folder is committed, so a pull
 * request can change it). Every line must be one this program writes; an
 * entry must name an output a build could have written
 * (gpd_output_name_ok), once. The first bad line is reported
 * (GPD_F_MANIFEST, naming `shown` and the line) and -1 returned, with *m
 * empty; 0 on success; -1 out of memory (reported). */
int gpd_manifest_parse(const char *data, size_t len, const char *shown, gpd_manifest *m,
	gpd_diag *diag);

/* Reads od's manifest; a missing one is empty (the build then rebuilds
 * everything). 0, or -1 reported (damaged, unreadable, out of memory). */
int gpd_manifest_read(const gpd_outdir *od, gpd_manifest *m, gpd_diag *diag);

/* Adds or replaces an entry, in its place (moving the entries after it:
 * for a build's own outputs; gpd_manifest_parse sorts what it reads once);
 * 0 or -1 (out of memory). */
int gpd_manifest_set(gpd_manifest *m, const char *path, uint64_t inputs, uint64_t content);

const gpd_manifest_entry *gpd_manifest_find(const gpd_manifest *m, const char *path);

/* Appends the manifest's bytes to b, as gpd_manifest_write writes them
 * (check gpd_buf_failed). */
void gpd_manifest_format(const gpd_manifest *m, gpd_buf *b);

/* Writes it atomically into od (sorted, so the bytes depend only on the
 * content); a file that already holds these bytes is left alone. */
int gpd_manifest_write(const gpd_outdir *od, gpd_manifest *m, gpd_diag *diag);

void gpd_manifest_free(gpd_manifest *m);

/* The diagnostics record: the first n diagnostics of diag (what reading
 * the inputs reported) appended to m->diags as "diag" lines. */
void gpd_manifest_save_diags(gpd_manifest *m, const gpd_diag *diag, size_t n);

/* Reports again, into diag, what the build that wrote m reported while
 * reading its inputs (the same inputs make the same diagnostics). Every
 * line is checked before any is reported; -1, with nothing reported, on
 * anything odd. */
int gpd_manifest_replay_diags(const gpd_manifest *m, gpd_diag *diag);

#endif
