/* site.h: the files of one edition's HTML site as a build delivers them: staged, hashed, tracked in the manifest together (internal). */
#ifndef GPDIGEST_SITE_H
#define GPDIGEST_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/diag.h"
#include "gpdigest/output.h"
#include "build/manifest.h"

/* One file of the site: its path in the output folder, the hash of its
 * bytes, and its staged temporary (NULL: unchanged, or only checked). */
typedef struct gpd_site_file {
	char *rel;
	uint64_t content;
	gpd_staged *staged;
} gpd_site_file;

typedef struct gpd_site {
	gpd_site_file *files; /* in the order the renderer made them */
	size_t n, cap;
} gpd_site;

/* Adds a file: rel is copied, staged taken (abandoned if this fails).
 * 0, or -1 out of memory. */
int gpd_site_add(gpd_site *s, const char *rel, uint64_t content, gpd_staged *staged);

/* Adds the files the manifest m lists for the site in folder output
 * (output/NAME.html, output/style.css), unstaged, with their recorded
 * hashes; *inputs is set to what they were built from when all agree
 * (else 0). Returns how many, or -1 out of memory. */
long gpd_site_from_manifest(gpd_site *s, const gpd_manifest *m, const char *output,
	uint64_t *inputs);

/* True when rel names a file of some edition's site (a page or the
 * stylesheet) rather than an .md or .pdf output. */
int gpd_site_is_file(const char *rel);

/* Whether any file is staged. */
int gpd_site_staged(const gpd_site *s);

/* gpd_staged_check of every staged file: 0, or -1 (each failure reported). */
int gpd_site_check(const gpd_site *s, gpd_diag *diag);

/* Renames every staged file into place (abandon: removes them instead);
 * nothing is left staged. 0, or -1 when a rename failed (reported). */
int gpd_site_commit(gpd_site *s, int abandon, gpd_diag *diag);

/* Frees the list, abandoning what is still staged. */
void gpd_site_free(gpd_site *s);

#endif
