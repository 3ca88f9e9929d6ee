/* site.c: the files of one edition's HTML site as a build delivers them. */
#define _POSIX_C_SOURCE 200809L
#include "build/site.h"

#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/html.h"

int gpd_site_add(gpd_site *s, const char *rel, uint64_t content, gpd_staged *staged)
{
	char *copy = gpd_strdup(rel);

	if (copy != NULL && s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		gpd_site_file *p = realloc(s->files, cap * sizeof(*p));

		if (p == NULL) {
			free(copy);
			copy = NULL;
		} else {
			s->files = p, s->cap = cap;
		}
	}
	if (copy == NULL) {
		gpd_abandon_staged(staged);
		return -1;
	}
	s->files[s->n++] = (gpd_site_file){copy, content, staged};
	return 0;
}

int gpd_site_is_file(const char *rel)
{
	const char *slash = strrchr(rel, '/'), *dot = strrchr(rel, '.');

	return slash != NULL && dot != NULL && dot > slash &&
		(strcmp(dot, ".html") == 0 || strcmp(slash + 1, GPD_HTML_STYLESHEET) == 0);
}

/* True when rel is a file of the site in folder output itself (not of a
 * site in a folder below it: digests/london/ is not digests/'s). */
static int in_site(const char *rel, const char *output, size_t n)
{
	return strncmp(rel, output, n) == 0 && rel[n] == '/' && strchr(rel + n + 1, '/') == NULL &&
		gpd_site_is_file(rel);
}

long gpd_site_from_manifest(gpd_site *s, const gpd_manifest *m, const char *output,
	uint64_t *inputs)
{
	size_t n = strlen(output);
	long count = 0;
	int agree = 1;

	*inputs = 0;
	for (size_t i = 0; i < m->n; i++) {
		const gpd_manifest_entry *e = &m->items[i];

		if (!in_site(e->path, output, n))
			continue;
		if (gpd_site_add(s, e->path, e->content, NULL) != 0)
			return -1;
		agree &= count++ == 0 || *inputs == e->inputs;
		*inputs = e->inputs;
	}
	if (!agree)
		*inputs = 0; /* built at different times: not one build's site */
	return count;
}

int gpd_site_staged(const gpd_site *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->files[i].staged != NULL)
			return 1;
	return 0;
}

int gpd_site_check(const gpd_site *s, gpd_diag *diag)
{
	int rc = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->files[i].staged != NULL && gpd_staged_check(s->files[i].staged, diag) != 0)
			rc = -1;
	return rc;
}

int gpd_site_commit(gpd_site *s, int abandon, gpd_diag *diag)
{
	int rc = 0;

	for (size_t i = 0; i < s->n; i++) {
		gpd_staged *st = s->files[i].staged;

		s->files[i].staged = NULL;
		if (st == NULL)
			continue;
		if (abandon)
			gpd_abandon_staged(st);
		else if (gpd_commit_staged(st, diag) != 0)
			rc = -1;
	}
	return rc;
}

void gpd_site_free(gpd_site *s)
{
	gpd_site_commit(s, 1, NULL);
	for (size_t i = 0; i < s->n; i++)
		free(s->files[i].rel);
	free(s->files);
	*s = (gpd_site){0};
}
